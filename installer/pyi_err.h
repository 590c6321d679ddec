/* pyi_err: how installer functions report a failure — a code and one
 * human-readable line, filled by the callee, never printed by the library.
 *
 * The installer's error convention (every function of installer/ follows it):
 * - A function that can fail for a reason the user must be told takes
 *   `struct pyi_err *err` as its last parameter (NULL: the reason is dropped) and
 *   returns bool, true on success; one that returns a value returns NULL (or -1
 *   for a descriptor) instead of false. On failure err holds a code and one line
 *   of English. The first error set wins (pyi_err_set leaves an err that holds
 *   one alone), so the deepest callee's reason is the one reported.
 * - Predicates and parsers of a string return bool, or an enum verdict, and no
 *   err: false is an answer, not a failure (pyi_request_parse, pyi_fetch_is_url).
 * - Functions that can fail only for want of memory or of a thread (create,
 *   start, strdup-like ones) return NULL then, without err.
 * - No installer function returns -errno, an int status, or a message in a char
 *   buffer of the caller's. (Callbacks handed to libcurl, libarchive, nftw or
 *   qsort follow those libraries' conventions.)
 */
#pragma once

#include <stdbool.h>

enum pyi_code {
	PYI_OK = 0,
	PYI_E_USAGE,     /* a bad request (version string, option value) */
	PYI_E_NOTFOUND,  /* no such version in the index / not installed */
	PYI_E_INDEX,     /* the index cannot be read or is malformed */
	PYI_E_NETWORK,   /* connection, timeout, dropped transfer (after retries) */
	PYI_E_HTTP,      /* the server answered with an HTTP error */
	PYI_E_CONTENT,   /* the server sent something that is not the archive */
	PYI_E_CHECKSUM,  /* SHA-256 mismatch */
	PYI_E_ARCHIVE,   /* the archive is corrupt or unsafe */
	PYI_E_IO,        /* a local file system error (full disk, permissions) */
	PYI_E_CANCELLED, /* the caller asked to stop */
};

struct pyi_err {
	enum pyi_code code;
	char msg[1024];
};

/* Sets err (when not NULL) to code and the formatted message, unless it
 * already holds an error (the first error wins). Returns false so callers
 * can write `return pyi_err_set(...)` in bool functions. */
bool pyi_err_set(struct pyi_err *err, enum pyi_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Clears err to PYI_OK and an empty message. */
void pyi_err_clear(struct pyi_err *err);

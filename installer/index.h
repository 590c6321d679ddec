/* pyi_index: the table of prebuilt CPython builds (python-build-standalone)
 * in uv's download-metadata.json schema — an object of entries
 * {name, arch{family,variant}, os, libc, major, minor, patch, prerelease,
 * url, sha256, variant, build}. Only CPython entries of the default and
 * free-threaded variants for baseline architectures are kept. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "installer/pyi_err.h"
#include "installer/platform.h"
#include "installer/version.h"

/* What an archive holds: install_only(_stripped) archives put the
 * installation under python/, full archives under python/install/. */
enum pyi_flavor {
	PYI_FLAVOR_FULL = 0,
	PYI_FLAVOR_INSTALL_ONLY = 1,
	PYI_FLAVOR_INSTALL_ONLY_STRIPPED = 2, /* preferred */
};

struct pyi_build {
	const char *key; /* the entry's key, e.g. cpython-3.12.1-linux-x86_64-gnu */
	const char *url;
	const char *sha256; /* 64 lower-case hex digits, or NULL when unknown */
	const char *build;  /* release tag, e.g. "20240107"; "" when absent */
	struct pyi_version version;
	char name[32]; /* pyenv's name: 3.12.1, 3.13.1t */
	struct pyi_platform platform;
	enum pyi_flavor flavor;
};

struct pyi_index;

/* Parses an index from len bytes of JSON. On success stores a new index in
 * *out (free with pyi_index_destroy) and returns true; else fills err
 * (PYI_E_INDEX, naming the entry and field at fault) and returns false. */
bool pyi_index_parse(const char *json, size_t len, struct pyi_index **out, struct pyi_err *err);

/* pyi_index_parse on the contents of the file at path. */
bool pyi_index_load_file(const char *path, struct pyi_index **out, struct pyi_err *err);

/* Frees an index and its builds; NULL is fine. */
void pyi_index_destroy(struct pyi_index *idx);

/* The builds, oldest version first (ties: preferred flavor, newer build
 * tag last). Pointers stay valid until the index is destroyed. */
size_t pyi_index_size(const struct pyi_index *idx);
const struct pyi_build *pyi_index_at(const struct pyi_index *idx, size_t i);

/* True when b is installable on p: same os, arch and libc, and checksummed. */
bool pyi_build_runs_on(const struct pyi_build *b, const struct pyi_platform *p);

/* The build `install REQUEST` means on platform p: the newest match (a
 * final release unless the request names a prerelease), preferring
 * install_only_stripped, then the newest build tag. Returns NULL and fills
 * err (PYI_E_USAGE for a malformed request, PYI_E_NOTFOUND, or PYI_E_INDEX
 * when the only match has no checksum) otherwise. */
const struct pyi_build *pyi_index_select(const struct pyi_index *idx, const struct pyi_platform *p,
					 const char *request, struct pyi_err *err);

/* Up to max pyenv names installable on p that are nearest to request
 * (same variant; nearest minor, then nearest patch), newest first, into
 * names[]. Returns how many. */
size_t pyi_index_suggest(const struct pyi_index *idx, const struct pyi_platform *p,
			 const char *request, char names[][32], size_t max);

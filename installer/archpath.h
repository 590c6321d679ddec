/* pyi_archpath: where an archive entry may go. Pure string functions (no
 * file system access), so they are unit-tested and fuzzed on their own.
 * Every path they accept is relative, has no "." or ".." components and no
 * empty ones, and stays inside the version directory. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum pyi_archpath_verdict {
	PYI_ARCHPATH_OK = 0,   /* *out holds the relative destination */
	PYI_ARCHPATH_TOP,      /* the prefix directory itself (python/): nothing to write */
	PYI_ARCHPATH_SKIP,     /* "./", or outside the prefix of a full archive: skip */
	PYI_ARCHPATH_ABSOLUTE, /* refuse: starts with '/' */
	PYI_ARCHPATH_DOTDOT,   /* refuse: has a ".." component */
	PYI_ARCHPATH_OUTSIDE,  /* refuse: not under the prefix (install_only archives) */
	PYI_ARCHPATH_INVALID,  /* refuse: empty or too long */
};

/* Maps the archive entry path `entry` to its destination relative to the
 * version directory: leading "./" and "." components and repeated or
 * trailing slashes are dropped, then the prefix ("python" or
 * "python/install") is stripped. Entries outside the prefix are SKIP when
 * skip_outside is set (full archives), else OUTSIDE. Writes the result to
 * out (size bytes) on PYI_ARCHPATH_OK. */
enum pyi_archpath_verdict pyi_archpath_map(const char *entry, const char *prefix, int skip_outside,
					   char *out, size_t size);

/* Whether a symbolic link at `link` (a mapped, relative path) may point to
 * `target`: relative, ".." only as leading components and no more of them
 * than `link` has parent directories, so that it resolves inside the
 * version directory even through other such links. */
bool pyi_archpath_symlink_ok(const char *link, const char *target);

/* A short English description of a refusal verdict ("an absolute path"). */
const char *pyi_archpath_reason(enum pyi_archpath_verdict v);

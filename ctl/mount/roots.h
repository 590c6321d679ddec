/* mount/roots: what `status` and `doctor` say about the extra roots (PYENVFS_ROOTS,
 * common/roots.h): each root, its layout, its versions, whether the daemon polls it, and
 * uv's builds that are skipped. */
#pragma once

#include <stdbool.h>

/* The levels of a finding, as doctor reports them. */
enum mnt_roots_level { MNT_ROOTS_OK, MNT_ROOTS_NOTE, MNT_ROOTS_PROBLEM };

/* Called with each finding: a line without newline. */
typedef void mnt_roots_fn(void *ctx, enum mnt_roots_level level, const char *text);

/* Describes the extra roots of the root (absolute): the mount's (its roots file) when
 * mounted is true, else the value of PYENVFS_ROOTS (what a mount would take; a bad one is
 * a problem). Calls fn once per root and per skipped uv build; not at all when there are
 * no extra roots. Returns the number of problems. */
int mnt_roots_describe(const char *root, bool mounted, mnt_roots_fn *fn, void *ctx);

/* mount/roots: what `status` and `doctor` say about the roots: each extra root
 * (PYENVFS_ROOTS, common/roots.h), its layout, its versions, whether the daemon polls it and
 * what its polls cost (the daemon's status, common/status.h), and uv's builds that are
 * skipped. */
#pragma once

#include <stdbool.h>

#include "common/status.h"

/* The levels of a finding, as doctor reports them. */
enum mnt_roots_level { MNT_ROOTS_OK, MNT_ROOTS_NOTE, MNT_ROOTS_PROBLEM };

/* Which roots are described. */
enum mnt_roots_source {
	MNT_ROOTS_ENV,      /* the value of PYENVFS_ROOTS: what a mount would take */
	MNT_ROOTS_LIVE,     /* the live mount's (its roots file), with the daemon's figures */
	MNT_ROOTS_FALLBACK, /* those the static fallback's entries resolve over (the roots
			     * file the last mount left) */
};

/* Called with each finding: a line without newline. */
typedef void mnt_roots_fn(void *ctx, enum mnt_roots_level level, const char *text);

/* Describes the roots of root (absolute) from src; info: the live daemon's status (its
 * polling figures), or NULL. Calls fn once per extra root and per skipped uv build, and
 * for root itself only when the daemon polls it; not at all when there is nothing to say.
 * Returns the number of problems (a bad PYENVFS_ROOTS or roots file). */
int mnt_roots_describe(const char *root, enum mnt_roots_source src, const struct pc_status *info,
		       mnt_roots_fn *fn, void *ctx);

/* "polled every N ms, last re-read X ms (mean Y ms, longest Z ms over K polls)" for root i
 * of info (0: PYENV_ROOT, i: the i-th extra root) into buf (size n). False when info does not
 * say the daemon polls that root. */
bool mnt_roots_poll_text(const struct pc_status *info, int i, char *buf, size_t n);

/* rv_roots: the versions of the extra roots (PYENVFS_ROOTS, common/roots.h) next to
 * PYENV_ROOT's, with the precedence rule: a name in PYENV_ROOT wins, then the earlier
 * extra root. With no extra roots every function here is what pyenv does with its one
 * root, byte for byte. Each function takes the context's root (pyenv's spelling), its
 * working directory and its extra roots (struct rv_ctx's root, pwd and roots,
 * resolver/select.h); roots NULL: none. */
#pragma once

#include <stdbool.h>

#include "common/roots.h"
#include "resolver/strv.h"
#include "resolver/versions.h"

/* Loads *roots (for root; prog prefixes messages): the mount's roots file
 * (<root>/PC_ROOTS_FILE) when list is NULL (the
 * shim: the roots are the mount's, never the caller's); else list parsed (the value of
 * PYENVFS_ROOTS for pyenvfs-ctl; the roots file when list is NULL and, for ctl, when the
 * variable is unset). A bad list or file leaves no extra roots and its message in msgs
 * ("PYENVFS_ROOTS: ..."); a missing root's warning too when warn. Returns 0 or -ENOMEM. */
int rv_roots_load(const char *prog, const char *root, const char *list, bool warn,
		  struct pc_roots **roots, struct rv_strv *msgs);

/* The directory of version (or env) name v: root/versions/v when that is a directory or
 * when no extra root holds v, else the first extra root's (E/versions/v, or the uv entry
 * named v). Malloc'ed; NULL on ENOMEM. */
char *rv_roots_version_path(const char *root, struct pc_roots *roots, const char *v);

/* Whether v is a directory in some root (rv_roots_version_path() is a directory). */
bool rv_roots_version_exists(const char *root, struct pc_roots *roots, const char *v);

/* rv_versions_list over the union: root's versions, and each extra root's whose names no
 * earlier root has (origin set to that root), sorted together as one root's are (each
 * version followed by its envs). Returns 0 or -ENOMEM. */
int rv_roots_list(const char *root, const char *pwd, struct pc_roots *roots, unsigned flags,
		  struct rv_versions *out);

/* rv_versions_executables over the union (a uv build's bin/: its shims either way): sorted
 * and unique. Returns 0 or -ENOMEM. */
int rv_roots_executables(const char *root, struct pc_roots *roots, bool executable_only,
			 struct rv_strv *out);

/* rv_latest and rv_latest_listed over the union. */
int rv_roots_latest(const char *root, const char *pwd, struct pc_roots *roots, const char *prefix,
		    char **out);
int rv_roots_latest_listed(const char *root, const char *pwd, struct pc_roots *roots,
			   const char *prefix, char **out);
/* rv_latest_force over the union (`pyenv latest -f`). */
int rv_roots_latest_force(const char *root, const char *pwd, struct pc_roots *roots,
			  const char *prefix, char **out);

/* Whether path is under root or under one of the extra roots (exec puts such a version's
 * bin/ first in PATH). */
bool rv_roots_under(const char *root, struct pc_roots *roots, const char *path);

/* The extra root holding v, or NULL when v is root's or nobody's. */
const char *rv_roots_origin(const char *root, struct pc_roots *roots, const char *v);

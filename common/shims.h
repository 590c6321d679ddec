/* pc_shims: which files under $PYENV_ROOT/versions are shims. One rule for the daemon's
 * listing (fs/tree.c), `pyenvfs-ctl shims` (resolver/versions.c) and doctor's count of the
 * directories the daemon watches (ctl/mount/doctor.c).
 *
 * The shims come from V/bin and V/envs/E/bin, for every version V in versions/ and every
 * env E in V/envs/ that counts: a directory, or a symlink to one, whose name does not start
 * with '.'. (pyenv's `versions` lists dot names too, and so does `pyenvfs-ctl versions`;
 * the shims leave them out: they are other tools' temporary and half-made directories.)
 * An entry of such a bin/ is a shim when, following symlinks, it is a non-directory with an
 * execute bit. */
#pragma once

#include <dirent.h>
#include <stdbool.h>

/* Whether a name in versions/ or in V/envs/ may count (it does not start with '.'). */
bool pc_shim_dir_name_counts(const char *name);

/* Whether the entry de read from the directory dirfd is a version (an env) that counts:
 * its name counts and it is a directory, following symlinks (stat'ed only when d_type does
 * not tell). */
bool pc_shim_dir_entry_counts(int dirfd, const struct dirent *de);

/* Whether the entry de of the bin directory dirfd is a shim ("." and ".." are not). */
bool pc_shim_entry_is_shim(int dirfd, const struct dirent *de);

/* The directories pc_shim_walk() visits. */
enum pc_shim_dir {
	PC_SHIM_VERSION, /* root/versions/V: its bin/ holds shims */
	PC_SHIM_ENVS,    /* root/versions/V/envs, when it is a directory */
	PC_SHIM_ENV,     /* root/versions/V/envs/E: its bin/ holds shims */
};

/* Called with each directory and its kind; returns 0 to go on, or a negative errno that
 * stops the walk. */
typedef int pc_shim_visit_fn(void *ctx, enum pc_shim_dir kind, const char *path);

/* Visits, in readdir order, every version of root/versions that counts, then its envs
 * directory and its envs that count. Paths longer than PATH_MAX are passed over. Returns 0
 * (also when versions/ is missing or unreadable) or the visitor's negative errno. */
int pc_shim_walk(const char *root, pc_shim_visit_fn *visit, void *ctx);

/* Called with the name of each shim of a bin directory; returns 0 or a negative errno that
 * stops the listing. */
typedef int pc_shim_name_fn(void *ctx, const char *name);

/* Calls fn for every shim in bindir (readdir order). Returns 0 (also when bindir cannot be
 * opened) or fn's negative errno. */
int pc_shim_each_in_bin(const char *bindir, pc_shim_name_fn *fn, void *ctx);

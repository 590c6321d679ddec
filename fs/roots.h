#pragma once
/*
 * fs_roots: what the daemon needs of the extra roots (PYENVFS_ROOTS, common/roots.h):
 * the layout tests fs/tree.c reads them with, which file systems must be polled, and the
 * roots file the shim reads.
 */
#include <stdbool.h>

#include "common/roots.h"

/* Whether name, in a uv python directory, is a version (pc_uv_version_name() names it). */
bool fs_roots_is_uv_entry(const char *name);

/* Whether path/versions is a directory (the extra root is a pyenv root, else uv's). */
bool fs_roots_has_versions(const char *path);

/* Whether path is on a network file system whose changes on other machines inotify does
 * not see (statfs: NFS, SMB/CIFS, AFS, Ceph, Lustre, GPFS, FUSE). A missing path: false. */
bool fs_roots_is_polled(const char *path);

/* Writes root/PC_ROOTS_FILE for roots (atomically: a temporary file renamed), or removes
 * it when there are none. Returns 0 or a negative errno (msg set). */
int fs_roots_write_file(const char *root, const struct pc_roots *roots, struct pc_msg *msg);


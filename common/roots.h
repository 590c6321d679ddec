/* pc_roots: the extra roots of PYENVFS_ROOTS, one rule for the daemon (fs/roots.c), the
 * resolver and the shim (resolver/roots.c) and pyenvfs-ctl.
 *
 * PYENVFS_ROOTS is a ':'-separated list of directories searched after PYENV_ROOT, in
 * order; empty entries are ignored, each entry is made absolute (pc_absolute) and one that
 * repeats PYENV_ROOT or an earlier entry is dropped. Each is recognised by its layout:
 * - a pyenv root: it has versions/ (its versions are versions/NAME, envs included);
 * - a uv python directory (~/.local/share/uv/python): no versions/; its entries
 *   "cpython-3.12.8-linux-x86_64-gnu" are versions named as pyenv names them
 *   (pc_uv_version_name). A directory without versions/ that holds entries but none of
 *   uv's is neither: an error.
 * A root that does not exist (yet) is PC_ROOT_MISSING: warned about and skipped, and
 * classified again whenever it is used, so that it is picked up when it appears.
 * The roots are fixed when the shims are mounted: the daemon writes them to
 * <PYENV_ROOT>/PC_ROOTS_FILE (pc_roots_format) and removes that file when there are none;
 * the shim reads them from there (pc_roots_read_file), never from its caller. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "common/msg.h"

/* The file under PYENV_ROOT that holds the roots of the mount. */
#define PC_ROOTS_FILE ".pyenvfs-roots"

enum pc_root_kind {
	PC_ROOT_MISSING, /* does not exist (yet) */
	PC_ROOT_PYENV,   /* has versions/ */
	PC_ROOT_UV,      /* a uv python directory */
};

struct pc_roots;

/* Classifies path (absolute). Returns its kind, or a negative errno with msg set:
 * -ENOTDIR "ROOT: not a directory", -EACCES "ROOT: not readable", -EINVAL "ROOT: neither a
 * pyenv root (no versions/) nor a uv python directory", another stat(2) errno. */
int pc_root_classify(const char *path, struct pc_msg *msg);

/* Parses list (NULL or "": no roots) into *out. main: the absolute PYENV_ROOT; shims: the
 * shims mountpoint (NULL: main/shims). Returns 0, or a negative errno with msg set
 * (pc_root_classify's; -EINVAL "ROOT: is the shims mountpoint" for shims or a path under
 * it; -ENOMEM); *out is NULL then. */
int pc_roots_parse(const char *list, const char *main, const char *shims, struct pc_roots **out,
		   struct pc_msg *msg);
void pc_roots_destroy(struct pc_roots *roots);

/* How many roots (0 for NULL). */
size_t pc_roots_count(const struct pc_roots *roots);
/* Root i's absolute path. */
const char *pc_roots_path(const struct pc_roots *roots, size_t i);
/* Root i's kind; a PC_ROOT_MISSING root is classified again (a root that appeared with a
 * bad layout stays PC_ROOT_MISSING). */
enum pc_root_kind pc_roots_kind(struct pc_roots *roots, size_t i);

/* The roots as the roots file holds them: a line "KIND\tPATH\n" each, KIND "pyenv", "uv"
 * or "missing". Malloc'ed; NULL on ENOMEM. */
char *pc_roots_format(const struct pc_roots *roots);
/* Reads a roots file (no checks of the roots: they were made at mount time). Returns 0
 * with *out (NULL when the file holds no root), -ENOENT when there is no file, -EINVAL for
 * a malformed one, another errno from reading it. */
int pc_roots_read_file(const char *path, struct pc_roots **out);

/* pyenv's name for the uv entry name ("cpython-3.12.8-linux-x86_64-gnu" -> "3.12.8",
 * "cpython-3.13.1+freethreaded-..." -> "3.13.1t", "+debug" -> "-debug" appended, as
 * `pyenv install -g` names debug builds). Writes it to out (size n). Returns 0; -ENOTSUP
 * for another implementation uv keeps (pypy, graalpy: skipped, since uv's name does not
 * carry the version pyenv names them by); -EINVAL for anything else (uv's minor-version
 * links "cpython-3.12-...", its dot files). */
int pc_uv_version_name(const char *entry, char *out, size_t n);

/* Whether path is on a network file system whose changes on other machines inotify does
 * not see (statfs(2): NFS, SMB/CIFS, AFS, Ceph, Lustre, GPFS, FUSE): the daemon polls such a
 * root. False for a missing path. */
bool pc_root_is_network(const char *path);

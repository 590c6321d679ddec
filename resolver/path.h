/* path: file tests and path strings with bash's semantics (test -d/-f/-x, cd's logical paths). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* `test -d`: a directory, following symlinks. */
bool rv_is_dir(const char *path);
/* `test -f`: a regular file, following symlinks. */
bool rv_is_file(const char *path);
/* `test -x`: access(X_OK) (for root: any execute bit, or a directory). */
bool rv_is_exec(const char *path);
/* `test -L`: a symlink. */
bool rv_is_link(const char *path);

/* The directory bash's logical `cd PATH` lands in (what $PWD then holds), with pwd the
 * current logical directory used for relative paths: `.`, `..` and repeated slashes
 * resolved lexically, each `..` checked to follow a directory; if that fails, the
 * physical path. Returns a malloc'ed absolute path, or NULL with errno set (ENOENT,
 * ENOTDIR, ENOMEM) when cd would fail. */
char *rv_cd_logical(const char *path, const char *pwd);

/* The logical current directory as bash computes $PWD at startup: env_pwd when it is
 * absolute and names the same directory as ".", else getcwd(). Malloc'ed; NULL on error. */
char *rv_logical_cwd(const char *env_pwd);

/* "${path%/(star)}": everything before the last '/', or path itself when there is none.
 * Malloc'ed; NULL on ENOMEM. */
char *rv_dirname(const char *path);
/* "${path##(star)/}": a pointer into path after its last '/'. */
const char *rv_basename(const char *path);

/* The whole file at path (at most max bytes) in *buf (malloc'ed, not NUL-terminated) and
 * *len. Returns 0, -errno (open, read), -EFBIG when longer than max, -ENOMEM. */
int rv_read_file(const char *path, size_t max, char **buf, size_t *len);

/* pc_path: the two path helpers everyone needs: an absolute spelling of a path (without
 * resolving symlinks) and mkdir -p. */
#pragma once

#include <sys/types.h>

/* path made absolute against the working directory (getcwd(3)) and tidied without
 * resolving symlinks or "..": runs of '/' become one, "." components are dropped, trailing
 * slashes are stripped ("/tmp/rr/" and "/tmp//./rr" are "/tmp/rr"; "/" and "//" are "/").
 * Malloc'ed; NULL with errno: ENOENT for an empty path, ENOMEM, or getcwd's errno for a
 * relative path (ENOENT when the working directory was removed). */
char *pc_absolute(const char *path);

/* mkdir -p: creates path and its missing parents with mode (before the umask). An
 * existing final component must be a directory (-ENOTDIR otherwise); it is checked without
 * asking a file system mounted on it anything (a FUSE daemon there may hang or be dead:
 * such a mountpoint counts as a directory). Returns 0 or a negative errno (mkdir(2)'s,
 * -ENOENT for an empty path, -ENOMEM). */
int pc_mkdir_p(const char *path, mode_t mode);

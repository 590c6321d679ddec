/* mount/daemon: starting and stopping the pyenvfs daemon — finding the programs, running
 * them, waiting for them. A library (ctl/mount/probe.h says the error convention): prints
 * nothing; a program run has its own stderr. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Finds the daemon: $PYENVFS_DAEMON, else `pyenvfs` next to `self_exe` (this program's real
 * path), else `../fs/pyenvfs` from it (the build tree), else the installed
 * PYENVFS_DAEMON_PATH. Copies the first candidate that is executable into out; returns false
 * (with the installed path in out) when none is. */
bool mnt_find_daemon(const char *self_exe, char *out, size_t len);

/* Finds the shim helper the daemon should write into entries when nothing says otherwise:
 * nothing to find when $PYENVFS_SHIM is set (the daemon reads it); else the build tree's
 * `../resolver/pyenvfs-shim' from `self_exe', else `../libexec/pyenvfs-shim' (a prefix other
 * than the configured one). Returns false when the daemon's own default should be used. */
bool mnt_find_shim(const char *self_exe, char *out, size_t len);

/* Finds `name` (e.g. "fusermount3") in $PATH, then in /usr/bin and /bin. Returns false when
 * it is nowhere. */
bool mnt_find_program(const char *name, char *out, size_t len);

/* Runs argv[0] (a path) with argv, stdin from /dev/null, stdout to our stderr, and waits.
 * Returns its exit status (128+N for signal N), or a negative errno when it could not be
 * started. */
int mnt_run(char *const argv[]);

/* Runs `argv` with stdout captured into out (NUL-terminated, truncated to len - 1) and
 * stderr discarded. Returns the exit status as mnt_run does. */
int mnt_run_capture(char *const argv[], char *out, size_t len);

/* Starts the daemon: `daemon --root ROOT [--shim SHIM] MOUNTPOINT`, which returns once the
 * mount is live. shim may be NULL. Returns its exit status, or a negative errno. */
int mnt_start_daemon(const char *daemon, const char *root, const char *shim,
		     const char *mountpoint);

/* `fusermount3 -u [-z] MOUNTPOINT`. Returns its exit status, or a negative errno (-ENOENT
 * when fusermount3 is not installed). */
int mnt_fusermount_unmount(const char *mountpoint, bool lazy);

/* Waits up to timeout_ms for the auto_unmount helpers of `mountpoint` to exit: the
 * fusermount3 processes that unmount when their daemon dies. Once the daemon is dead, the
 * helper is about to unmount; mounting anew before it has would let it unmount the new
 * mount. Returns true if none is left (or there was none). */
bool mnt_wait_auto_unmount(const char *mountpoint, int timeout_ms);

/* Waits up to timeout_ms for process `pid` to be gone. Returns true if it is. */
bool mnt_wait_gone(pid_t pid, int timeout_ms);

/* Takes an exclusive flock on the mountpoint's parent directory so that two `mount`s
 * racing (two shells starting at once) do not stack two daemons. Returns the fd to close
 * to release it, or a negative errno. */
int mnt_lock_parent(const char *mountpoint);

#pragma once
/*
 * fs_supervise: starting pyenvfs-watchdog, the process that supervises the daemon's mount
 * from outside (see watchdog/main.c), with the command that mounts a fresh daemon the same
 * way: this daemon's options, made absolute, plus --no-watchdog.
 */
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct fs_supervise_config {
	const char *root, *shim, *mountpoint; /* absolute */
	double cache_timeout;
	int poll_ms;
	bool no_inotify, no_fallback, auto_unmount;
	const char *fuse_opts;   /* the -o options passed on, or NULL */
	double watchdog_timeout; /* the deadline in seconds, > 0 */
	bool no_remount;         /* foreground: whoever runs the daemon restarts it */
	bool use_syslog;
	bool detach_stdio; /* stdin, stdout and stderr on /dev/null (no terminal to keep) */
	pid_t daemon_pid; /* the serving process, or 0 when not known */
};

/* Finds the watchdog program: $PYENVFS_WATCHDOG, else ../watchdog/pyenvfs-watchdog from
 * this program (the build tree), else the installed PYENVFS_WATCHDOG_PATH, else
 * ../libexec/pyenvfs-watchdog from this program. Returns false when none is executable. */
bool fs_supervise_find(char *out, size_t len);

/* Starts the watchdog detached from this process (it outlives it; it is not our child)
 * with no descriptor but 0, 1 and 2. Returns 0, or a negative errno (-ENOENT: no watchdog
 * program). */
int fs_supervise_start(const struct fs_supervise_config *cfg);

#pragma once
/*
 * wd_recover: what the watchdog does to a mount whose daemon stopped answering: end the
 * connection (so that every request waiting on it returns at once), clear the mount, and
 * run the daemon's command again. Every program is run by an absolute path: PATH may lead
 * through the very mount that is stuck.
 */
#include <stdbool.h>

/* How the connection was ended (a bit mask). */
enum {
	WD_ENDED_ABORT = 1, /* written to /sys/fs/fuse/connections/N/abort */
	WD_ENDED_KILL = 2,  /* the daemon got SIGKILL (which reaches a stopped process) */
};

/* Ends the connection of the FUSE mount with device major:minor served by pid: aborts it
 * through the fuse control filesystem when that is mounted, and kills pid (when > 0).
 * Returns the WD_ENDED_* bits of what worked. */
int wd_end_connection(unsigned major, unsigned minor, long pid);

/* Whether an auto_unmount helper of mountpoint runs: a fusermount3 process (not a zombie)
 * that unmounts it once its daemon is gone. Mounting anew before it has exited would let
 * it unmount the new mount. */
bool wd_auto_unmount_helper_runs(const char *mountpoint);

/* Waits up to wait_ms for the mount on mountpoint to go (the daemon's auto_unmount helper
 * unmounts it) and for that helper to exit, then detaches what is left with
 * `fusermount3 -u -z`. Returns 0 when no FUSE mount is left there, else a negative errno. */
int wd_clear_mount(const char *mountpoint, int wait_ms);

/* Runs argv (argv[0] a path) with stdin and stdout on /dev/null, waiting at most
 * timeout_ms (then it is killed). Returns its exit status (128+N for signal N), or a
 * negative errno. */
int wd_run(char *const argv[], int timeout_ms);

/* Takes an exclusive flock on the parent directory of mountpoint, as `pyenvfs-ctl mount`
 * does, so a remount does not race a mount from a shell. Returns the fd or a negative
 * errno. */
int wd_lock_parent(const char *mountpoint);

/* Milliseconds on the monotonic clock. */
long long wd_now_ms(void);

/* Sleeps ms milliseconds (returns early, with false, when *stop becomes true). */
bool wd_sleep(int ms, volatile bool *stop);

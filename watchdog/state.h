#pragma once
/*
 * wd_state: what the watchdog of one mount point leaves for others to read, in the runtime
 * directory ($XDG_RUNTIME_DIR/pyenvfs, else /tmp/pyenvfs-UID, mode 0700):
 *   watchdog-HASH.lock   flock(2)ed by the one watchdog that supervises the mount point, so
 *                        two watchdogs never fight over it (HASH: of the mount point's path)
 *   watchdog-HASH.state  "key=value" lines: pid, mountpoint, state (watching, gave-up,
 *                        stopped), reason, since (a Unix time), timeout (seconds), daemon
 *                        (the pid of the daemon it supervises, 0 when not known yet)
 * No FUSE here: pyenvfs-ctl links it to report the watchdog in `status` and `doctor`.
 */
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

enum wd_lock_state {
	WD_LOCK_FREE,    /* no watchdog supervises the mount point */
	WD_LOCK_HELD,    /* one does */
};

struct wd_info {
	long pid;
	long daemon;
	char state[32];
	char reason[512];
	long long since;
	double timeout;
};

/* The path of the runtime file `kind` ("lock" or "state") for mountpoint, into out.
 * Creates the runtime directory when create is true. Returns 0 or a negative errno. */
int wd_state_path(const char *mountpoint, const char *kind, bool create, char *out, size_t len);

/* Takes the lock of mountpoint without waiting. Returns the descriptor holding it (keep it
 * open while supervising), -EWOULDBLOCK when another watchdog holds it, or a negative
 * errno. */
int wd_lock_take(const char *mountpoint);

/* Drops the lock taken by wd_lock_take, removing the lock file. */
void wd_lock_release(const char *mountpoint, int fd);

/* Whether a watchdog holds the lock of mountpoint right now. */
enum wd_lock_state wd_lock_probe(const char *mountpoint);

/* Writes the state file of mountpoint (atomically: a temporary file and a rename).
 * Returns 0 or a negative errno. */
int wd_state_write(const char *mountpoint, const struct wd_info *info);

/* Reads the state file; returns 0, -ENOENT when there is none, or a negative errno. */
int wd_state_read(const char *mountpoint, struct wd_info *info);

/* Removes the state file. */
void wd_state_remove(const char *mountpoint);

/* Sends msg ("READY=1", "WATCHDOG=1") to systemd's $NOTIFY_SOCKET; nothing when it is
 * unset. Returns 0 or a negative errno. */
int wd_notify(const char *msg);

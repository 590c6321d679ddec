/* mount/watchdog: what pyenvfs-ctl says about a mount's watchdog (pyenvfs-watchdog, which
 * ends and replaces a daemon that stops answering) and about the static fallback under the
 * mount point. Reads the watchdog's lock and state file (watchdog/state.h) and the
 * directory; changes nothing. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "ctl/ctl.h"
#include "ctl/mount/probe.h"

enum mnt_wd_state {
	MNT_WD_RUNNING, /* a watchdog supervises the mount point */
	MNT_WD_GONE,    /* the live daemon had one, which is not running any more (killed?) */
	MNT_WD_GAVE_UP, /* the last one gave up after repeated stalls: reason says why */
	MNT_WD_NONE,    /* none: started with --no-watchdog, or nothing is known */
};

struct mnt_wd {
	enum mnt_wd_state state;
	long pid;
	double timeout;
	long long since; /* when it gave up (a Unix time) */
	char reason[512];
};

/* Describes the watchdog of mountpoint; daemon_pid is the live daemon's (0 when none
 * answers). */
void mnt_wd_describe(const char *mountpoint, long daemon_pid, struct mnt_wd *out);

/* One line about w for `status` and `doctor` ("pid 123, deadline 3 s", "gone: ...").
 * Written to buf, which is returned. */
const char *mnt_wd_text(const struct mnt_wd *w, char *buf, size_t len);

/* `status` on a live mount: prints the "watchdog:" line, and a "problem:" and "fix:" line
 * when the watchdog is gone (fix_mp: the mount point to name in the fix, or NULL). Returns
 * true when it is gone. */
bool mnt_wd_print_live(const struct ctl *ctl, const char *mountpoint, long daemon_pid,
		       const char *fix_mp);

/* `status` with nothing mounted: prints the "fallback:" line (what the static fallback under
 * the mount point holds) and, when the last watchdog gave up, the "watchdog:" line. Returns
 * whether a static fallback is there. */
bool mnt_wd_print_down(const char *mountpoint);

/* `mount` on a live mount: starts a watchdog again when the mount's is gone (the daemon with
 * --watchdog-only). Says so unless quiet. Returns 0, or -1 after saying why not. */
int mnt_wd_restore(const struct ctl *ctl, const struct mnt_paths *paths, long daemon_pid,
		   bool quiet);

/* How many files in the directory mountpoint a mount would hide: all but the static
 * fallback's (which is no news). */
long mnt_wd_hidden(const char *mountpoint);

/* mount_watchdog: what pyenvfs-ctl says about a mount's watchdog (pyenvfs-watchdog, which
 * ends and replaces a daemon that stops answering) and about the static fallback under the
 * mount point. Reads the watchdog's lock and state file (watchdog/state.h) and the
 * directory; changes nothing. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

enum mnt_wd_state {
	MNT_WD_RUNNING, /* a watchdog supervises the mount point */
	MNT_WD_OFF,     /* the daemon was started without one (--no-watchdog) */
	MNT_WD_GONE,    /* the daemon has one, but it is not running (killed?) */
	MNT_WD_GAVE_UP, /* the last one gave up after repeated stalls: reason says why */
	MNT_WD_NONE,    /* nothing is known (not mounted, no state left) */
};

struct mnt_wd {
	enum mnt_wd_state state;
	long pid;
	double timeout;
	long long since; /* when it gave up (a Unix time) */
	char reason[512];
};

/* Describes the watchdog of mountpoint. daemon_timeout is the deadline the live daemon
 * reports (its status "watchdog=" value), 0 when it started none, negative when there is
 * no live daemon or it does not say. */
void mnt_wd_describe(const char *mountpoint, double daemon_timeout, struct mnt_wd *out);

/* One line about w for `status` and `doctor` ("pid 123, deadline 3 s", "gone: ...").
 * Written to buf, which is returned. */
const char *mnt_wd_text(const struct mnt_wd *w, char *buf, size_t len);

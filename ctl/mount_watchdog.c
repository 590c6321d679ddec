#include "ctl/mount_watchdog.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "watchdog/state.h"

void mnt_wd_describe(const char *mountpoint, long daemon_pid, struct mnt_wd *out)
{
	memset(out, 0, sizeof(*out));
	out->state = MNT_WD_NONE;
	struct wd_info info;
	bool have = wd_state_read(mountpoint, &info) == 0;
	if (wd_lock_probe(mountpoint) == WD_LOCK_HELD) {
		out->state = MNT_WD_RUNNING;
		out->pid = have ? info.pid : 0;
		out->timeout = have ? info.timeout : 0;
	} else if (have && strcmp(info.state, "gave-up") == 0) {
		out->state = MNT_WD_GAVE_UP;
		out->since = info.since;
		snprintf(out->reason, sizeof(out->reason), "%s", info.reason);
	} else if (have && daemon_pid > 0 && info.daemon == daemon_pid) {
		out->state = MNT_WD_GONE; /* it left no word: killed */
		out->pid = info.pid;
	}
}

const char *mnt_wd_text(const struct mnt_wd *w, char *buf, size_t len)
{
	char when[64] = "";
	struct tm tm;
	time_t t = (time_t)w->since;
	switch (w->state) {
	case MNT_WD_RUNNING:
		snprintf(buf, len, "pid %ld, deadline %g s", w->pid, w->timeout);
		break;
	case MNT_WD_GONE:
		snprintf(buf, len, "gone: the mount is not supervised (a daemon that stops "
				   "answering would block every shell)");
		break;
	case MNT_WD_GAVE_UP:
		if (t && localtime_r(&t, &tm))
			strftime(when, sizeof(when), " at %F %T", &tm);
		snprintf(buf, len, "gave up%s and left the mount point unmounted: %s", when,
			 w->reason);
		break;
	case MNT_WD_NONE:
		snprintf(buf, len, "none (started with --no-watchdog?)");
		break;
	}
	return buf;
}

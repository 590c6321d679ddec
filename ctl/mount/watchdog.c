#include "ctl/mount/watchdog.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "ctl/mount/daemon.h"
#include "watchdog/entry.h"
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

bool mnt_wd_print_live(const struct ctl *ctl, const char *mountpoint, long daemon_pid,
		       const char *fix_mp)
{
	struct mnt_wd w;
	char text[700];
	mnt_wd_describe(mountpoint, daemon_pid, &w);
	printf("watchdog:   %s\n", mnt_wd_text(&w, text, sizeof(text)));
	if (w.state != MNT_WD_GONE)
		return false;
	printf("problem:    no watchdog ends this daemon should it stop answering\n"
	       "fix:        %s mount%s%s\n",
	       ctl->prog, fix_mp ? " " : "", fix_mp ? fix_mp : "");
	return true;
}

bool mnt_wd_print_down(const char *mountpoint)
{
	struct wd_entry_counts c;
	bool fallback = wd_entry_count(mountpoint, &c) == 0 && c.ours > 0;
	if (fallback)
		printf("fallback:   static fallback: %ld entries under %s run the selected versions "
		       "(not live: versions installed meanwhile have none)\n",
		       c.ours, mountpoint);
	else
		printf("fallback:   none: commands fall through to the rest of PATH\n");
	struct mnt_wd w;
	char text[700];
	mnt_wd_describe(mountpoint, 0, &w);
	if (w.state == MNT_WD_GAVE_UP)
		printf("watchdog:   %s\n", mnt_wd_text(&w, text, sizeof(text)));
	return fallback;
}

int mnt_wd_restore(const struct ctl *ctl, const struct mnt_paths *paths, long daemon_pid,
		   bool quiet)
{
	struct mnt_wd w;
	mnt_wd_describe(paths->mountpoint, daemon_pid, &w);
	if (w.state != MNT_WD_GONE)
		return 0;
	char daemon[PATH_MAX], shim[PATH_MAX];
	if (!mnt_find_daemon(ctl->self_exe, daemon, sizeof(daemon))) {
		fprintf(stderr, "%s: cannot start a new watchdog: %s is not installed\n", ctl->prog,
			daemon);
		return -1;
	}
	bool own_shim = mnt_find_shim(ctl->self_exe, shim, sizeof(shim));
	char *argv[] = {daemon, "--root", (char *)paths->root, "--watchdog-only",
			(char *)paths->mountpoint, NULL, NULL, NULL};
	if (own_shim) {
		argv[3] = "--shim";
		argv[4] = shim;
		argv[5] = "--watchdog-only";
		argv[6] = (char *)paths->mountpoint;
	}
	int r = mnt_run(argv);
	if (r != 0) {
		fprintf(stderr, "%s: %s --watchdog-only failed (%s)\n", ctl->prog, daemon,
			r < 0 ? strerror(-r) : "see its message above");
		return -1;
	}
	if (!quiet)
		printf("%s: %s: started a new watchdog (the last one was gone)\n", ctl->prog,
		       paths->mountpoint);
	return 0;
}

long mnt_wd_hidden(const char *mountpoint)
{
	struct wd_entry_counts c;
	return wd_entry_count(mountpoint, &c) == 0 ? c.others + c.lock : 0;
}

/*
 * pyenvfs-watchdog: supervises one pyenvfs mount from outside the daemon. See pyenvfs(7).
 *
 *   pyenvfs-watchdog [--timeout S] [--interval S] [--pid PID] [--no-remount] [--syslog]
 *                    MOUNTPOINT -- DAEMON-COMMAND...
 *
 * Every interval it asks the mount a real question (wd_probe). When the daemon misses the
 * deadline it ends the connection (waiting lookups return at once and shells go on down
 * PATH), clears the mount and runs DAEMON-COMMAND (which returns once a fresh daemon
 * serves). Repeated stalls back off, then it gives up and leaves the directory unmounted
 * (the static fallback under it still resolves), with the reason in its state file for
 * `pyenvfs-ctl status`. It exits when the mount is gone (unmounted, or the daemon died: the
 * fallback then serves) or on SIGTERM. Started by the pyenvfs daemon; one per mount point
 * (wd_lock_take), a second one exits at once with status 0.
 */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "watchdog/probe.h"
#include "watchdog/recover.h"
#include "watchdog/state.h"

#define MAX_STALLS 3         /* remounts after a stall within WINDOW_S; one more gives up */
#define WINDOW_S 300

static volatile bool stop_requested;

struct wd {
	double timeout, interval;
	long pid;
	bool no_remount, use_syslog;
	const char *mountpoint;
	char **respawn;
	struct wd_probe *probe;
	long long stalls[MAX_STALLS + 1]; /* times of the recent stalls, oldest first */
	int nstalls;
	unsigned dev_major, dev_minor;
	struct wd_info info;
};

static void logmsg(struct wd *wd, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void logmsg(struct wd *wd, int prio, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (wd->use_syslog)
		syslog(prio, "%s: %s", wd->mountpoint, msg);
	else
		fprintf(stderr, "pyenvfs-watchdog: %s: %s\n", wd->mountpoint, msg);
}

static void set_state(struct wd *wd, const char *state, const char *reason)
{
	snprintf(wd->info.state, sizeof(wd->info.state), "%s", state);
	snprintf(wd->info.reason, sizeof(wd->info.reason), "%.*s", (int)sizeof(wd->info.reason) - 1,
		 reason);
	wd->info.since = (long long)time(NULL);
	wd->info.daemon = wd->pid;
	int r = wd_state_write(wd->mountpoint, &wd->info);
	if (r < 0)
		logmsg(wd, LOG_WARNING, "cannot write the state file: %s", strerror(-r));
}

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = true;
}

static const char usage[] =
	"Usage: pyenvfs-watchdog [--timeout S] [--interval S] [--pid PID] [--no-remount] "
	"[--syslog] MOUNTPOINT -- DAEMON-COMMAND...\n";

static int parse(int argc, char **argv, struct wd *wd)
{
	int i = 1;
	for (; i < argc && strncmp(argv[i], "--", 2) == 0 && argv[i][2]; i++) {
		const char *a = argv[i];
		char *end = NULL;
		if (strcmp(a, "--no-remount") == 0)
			wd->no_remount = true;
		else if (strcmp(a, "--syslog") == 0)
			wd->use_syslog = true;
		else if (i + 1 < argc && strcmp(a, "--timeout") == 0)
			wd->timeout = strtod(argv[++i], &end);
		else if (i + 1 < argc && strcmp(a, "--interval") == 0)
			wd->interval = strtod(argv[++i], &end);
		else if (i + 1 < argc && strcmp(a, "--pid") == 0)
			wd->pid = strtol(argv[++i], &end, 10);
		else
			return -1;
		if (end && *end)
			return -1;
	}
	if (i + 2 > argc || argv[i][0] != '/' || strcmp(argv[i + 1], "--") != 0 ||
	    wd->timeout <= 0 || wd->interval <= 0)
		return -1;
	wd->mountpoint = argv[i];
	wd->respawn = argv + i + 2;
	return wd->respawn[0] && wd->respawn[0][0] == '/' ? 0 : -1;
}

/* Whether process pid (a /proc name) is a daemon of the mount: it runs exactly the respawn
 * command (want: its arguments after argv[0], n bytes, NUL-separated), or, loose, a program
 * called pyenvfs whose last argument is the mount point. */
static bool is_daemon(const char *pid, const char *want, size_t n, const char *mp, bool loose)
{
	char path[300], got[8192];
	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	size_t m = fread(got, 1, sizeof(got) - 1, f);
	fclose(f);
	got[m] = 0;
	size_t skip = strnlen(got, m) + 1;
	if (!loose)
		return m == skip + n && memcmp(got + skip, want, n) == 0;
	const char *base = strrchr(got, '/');
	base = base ? base + 1 : got;
	size_t mpl = strlen(mp) + 1;
	return strcmp(base, "pyenvfs") == 0 && m >= skip + mpl &&
	       memcmp(got + m - mpl, mp, mpl) == 0 && (m == mpl + skip || got[m - mpl - 1] == 0);
}

/* The pid of the daemon serving the mount (see is_daemon), or 0. */
static long find_daemon(struct wd *wd)
{
	char want[8192];
	size_t n = 0;
	for (char **a = wd->respawn + 1; *a && n < sizeof(want); a++)
		n += (size_t)snprintf(want + n, sizeof(want) - n, "%s%c", *a, 0);
	long pid = 0;
	for (int loose = 0; loose < 2 && !pid; loose++) {
		DIR *d = opendir("/proc");
		if (!d)
			return 0;
		struct dirent *de;
		while (!pid && (de = readdir(d)))
			if (de->d_name[0] >= '1' && de->d_name[0] <= '9' &&
			    is_daemon(de->d_name, want, n, wd->mountpoint, loose))
				pid = strtol(de->d_name, NULL, 10);
		closedir(d);
	}
	return pid;
}

/* Records a stall; returns how many happened within WINDOW_S (this one included). */
static int note_stall(struct wd *wd)
{
	long long now = wd_now_ms();
	int keep = 0;
	for (int i = 0; i < wd->nstalls; i++)
		if (now - wd->stalls[i] < WINDOW_S * 1000LL)
			wd->stalls[keep++] = wd->stalls[i];
	if (keep == MAX_STALLS + 1) {
		memmove(wd->stalls, wd->stalls + 1, (size_t)MAX_STALLS * sizeof(wd->stalls[0]));
		keep--;
	}
	wd->stalls[keep++] = now;
	wd->nstalls = keep;
	return keep;
}

static int give_up(struct wd *wd, const char *why)
{
	logmsg(wd, LOG_ERR, "giving up, left unmounted (the static fallback serves): %s", why);
	set_state(wd, "gave-up", why);
	return 1;
}

/* Mounts a fresh daemon after a stall, with backoff. Returns -1 (supervise on) or the exit
 * status. */
static int remount(struct wd *wd, int stalls)
{
	char why[512];
	for (int attempt = 0; attempt < 3; attempt++) {
		int wait_ms = stalls > 1 || attempt > 0 ? 1000 << (stalls - 1 + attempt) : 0;
		if (wait_ms && !wd_sleep(wait_ms, &stop_requested))
			return 0;
		int lock = wd_lock_parent(wd->mountpoint);
		char type[256];
		unsigned maj, min;
		int r = 0;
		if (wd_mountinfo(wd->mountpoint, type, sizeof(type), &maj, &min) != 1)
			r = wd_run(wd->respawn, 30000); /* else someone mounted meanwhile */
		if (lock >= 0)
			close(lock);
		if (r == 0) {
			wd->pid = find_daemon(wd);
			logmsg(wd, LOG_NOTICE, "serving again (daemon pid %ld)", wd->pid);
			set_state(wd, "watching", "");
			return -1;
		}
		snprintf(why, sizeof(why), "cannot mount a fresh daemon: %s exited with %d",
			 wd->respawn[0], r);
		logmsg(wd, LOG_ERR, "%s", why);
	}
	return give_up(wd, why);
}

/* The daemon missed its deadline: end it, clear the mount, mount anew. Returns -1 to
 * supervise on, else the exit status. */
static int on_stall(struct wd *wd)
{
	long long t0 = wd_now_ms();
	if (wd->pid <= 0)
		wd->pid = find_daemon(wd); /* it stalled before it ever answered */
	int ended = wd_end_connection(wd->dev_major, wd->dev_minor, wd->pid);
	char why[512];
	snprintf(why, sizeof(why), "the daemon (pid %ld) did not answer within %g s", wd->pid,
		 wd->timeout);
	logmsg(wd, LOG_ERR, "%s: ended its connection (%s%s%s)", why,
	       ended & WD_ENDED_ABORT ? "abort" : "", ended == 3 ? ", " : "",
	       ended & WD_ENDED_KILL ? "SIGKILL" : ended ? "" : "nothing worked");
	if (!wd_probe_idle(wd->probe, 5000))
		return give_up(wd, "a request to the stalled daemon still waits after ending it");
	int r = wd_clear_mount(wd->mountpoint, 3000);
	if (r < 0)
		return give_up(wd, "cannot unmount the stalled daemon's mount");
	logmsg(wd, LOG_NOTICE, "unmounted in %lld ms", wd_now_ms() - t0);
	int stalls = note_stall(wd);
	if (stalls > MAX_STALLS) {
		char msg[600];
		snprintf(msg, sizeof(msg), "%s, %d times in %d s", why, stalls, WINDOW_S);
		return give_up(wd, msg);
	}
	if (wd->no_remount) {
		set_state(wd, "stopped", why);
		return 0;
	}
	return remount(wd, stalls);
}

/* One probe and what follows from it. Returns -1 to go on, else the exit status. */
static int step(struct wd *wd, bool *announced)
{
	struct wd_answer ans;
	enum wd_probe_result r = wd_probe_run(wd->probe, (int)(wd->timeout * 1000), &ans);
	if (r != WD_PROBE_GONE) {
		wd->dev_major = ans.dev_major;
		wd->dev_minor = ans.dev_minor;
	}
	switch (r) {
	case WD_PROBE_OK:
		if (wd->pid != ans.pid) {
			wd->pid = ans.pid;
			set_state(wd, "watching", "");
		}
		if (!*announced)
			logmsg(wd, LOG_INFO, "watching the daemon (pid %ld), deadline %g s",
			       wd->pid, wd->timeout);
		*announced = true;
		wd_notify("WATCHDOG=1");
		return -1;
	case WD_PROBE_TIMEOUT:
		return on_stall(wd);
	case WD_PROBE_GONE:
		logmsg(wd, LOG_INFO, "no pyenvfs is mounted any more: done");
		return 0;
	case WD_PROBE_DEAD:
		logmsg(wd, LOG_WARNING, "the daemon is gone (%s): clearing its mount",
		       strerror(ans.err));
		wd_end_connection(wd->dev_major, wd->dev_minor, 0);
		return wd_clear_mount(wd->mountpoint, 2000) == 0 ? 0 : 1;
	case WD_PROBE_ERROR:
		logmsg(wd, LOG_WARNING, "probe failed: %s", strerror(ans.err));
		return -1;
	}
	return -1;
}

static int supervise(struct wd *wd)
{
	bool announced = false;
	for (;;) {
		int r = step(wd, &announced);
		if (r >= 0)
			return r;
		if (!wd_sleep((int)(wd->interval * 1000), &stop_requested))
			return 0;
	}
}

int main(int argc, char **argv)
{
	struct wd wd = {.timeout = 3, .interval = 1};
	if (parse(argc, argv, &wd) < 0) {
		fputs(usage, stderr);
		return 2;
	}
	if (wd.use_syslog)
		openlog("pyenvfs-watchdog", LOG_PID, LOG_DAEMON);
	int lock = wd_lock_take(wd.mountpoint);
	if (lock == -EWOULDBLOCK)
		return 0; /* another watchdog supervises it */
	if (lock < 0) {
		logmsg(&wd, LOG_ERR, "cannot take the watchdog lock: %s", strerror(-lock));
		return 1;
	}
	struct sigaction sa = {.sa_handler = on_signal};
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	wd.info.pid = (long)getpid();
	wd.info.timeout = wd.timeout;
	set_state(&wd, "watching", "");
	int status = 1;
	wd.probe = wd_probe_create(wd.mountpoint);
	if (wd.probe)
		status = supervise(&wd);
	else
		logmsg(&wd, LOG_ERR, "cannot start the prober: %s", strerror(errno));
	wd_probe_destroy(wd.probe);
	if (strcmp(wd.info.state, "gave-up") != 0)
		wd_state_remove(wd.mountpoint);
	wd_lock_release(wd.mountpoint, lock);
	return status;
}

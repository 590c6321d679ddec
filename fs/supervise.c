#include "fs/supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "config.h"

/* dir of this program's real path, into out. */
static bool self_dir(char *out, size_t len)
{
	ssize_t n = readlink("/proc/self/exe", out, len - 1);
	if (n <= 0)
		return false;
	out[n] = 0;
	char *slash = strrchr(out, '/');
	if (!slash)
		return false;
	*slash = 0;
	return true;
}

bool fs_supervise_find(char *out, size_t len)
{
	const char *env = getenv("PYENVFS_WATCHDOG");
	if (env && *env) {
		snprintf(out, len, "%s", env);
		return access(out, X_OK) == 0;
	}
	char dir[PATH_MAX];
	bool have_dir = self_dir(dir, sizeof(dir));
	if (have_dir) {
		snprintf(out, len, "%s/../watchdog/pyenvfs-watchdog", dir);
		if (access(out, X_OK) == 0)
			return true;
	}
	snprintf(out, len, "%s", PYENVFS_WATCHDOG_PATH);
	if (access(out, X_OK) == 0)
		return true;
	if (have_dir) {
		snprintf(out, len, "%s/../libexec/pyenvfs-watchdog", dir);
		if (access(out, X_OK) == 0)
			return true;
	}
	return false;
}

struct argv_buf {
	char *v[40];
	int n;
	char num[4][32];
};

static void add(struct argv_buf *a, const char *s)
{
	if (a->n < (int)(sizeof(a->v) / sizeof(a->v[0])) - 1)
		a->v[a->n++] = (char *)s;
}

/* The watchdog's command line, ending with the command that mounts a fresh daemon. */
static void build_argv(const struct fs_supervise_config *c, struct argv_buf *a,
		       const char *watchdog, const char *self)
{
	snprintf(a->num[0], sizeof(a->num[0]), "%g", c->watchdog_timeout);
	snprintf(a->num[1], sizeof(a->num[1]), "%ld", (long)c->daemon_pid);
	snprintf(a->num[2], sizeof(a->num[2]), "%g", c->cache_timeout);
	snprintf(a->num[3], sizeof(a->num[3]), "%d", c->poll_ms);
	add(a, watchdog);
	add(a, "--timeout");
	add(a, a->num[0]);
	if (c->daemon_pid > 0) {
		add(a, "--pid");
		add(a, a->num[1]);
	}
	if (c->no_remount)
		add(a, "--no-remount");
	if (c->use_syslog)
		add(a, "--syslog");
	add(a, c->mountpoint);
	add(a, "--");
	const char *fixed[] = {self, "--root", c->root, "--shim", c->shim, "--cache-timeout",
			       a->num[2], "--poll-interval", a->num[3]};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
		add(a, fixed[i]);
	if (c->no_inotify)
		add(a, "--no-inotify");
	if (c->no_fallback)
		add(a, "--no-fallback");
	if (!c->auto_unmount) {
		add(a, "-o");
		add(a, "noauto_unmount");
	}
	if (c->fuse_opts) {
		add(a, "-o");
		add(a, c->fuse_opts);
	}
	add(a, "--no-watchdog");
	add(a, c->mountpoint);
	a->v[a->n] = NULL;
}

int fs_supervise_start(const struct fs_supervise_config *cfg)
{
	char watchdog[PATH_MAX], self[PATH_MAX];
	if (!fs_supervise_find(watchdog, sizeof(watchdog)))
		return -ENOENT;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n <= 0)
		return -errno;
	self[n] = 0;
	struct argv_buf a = {.n = 0};
	build_argv(cfg, &a, watchdog, self);
	pid_t child = fork();
	if (child < 0)
		return -errno;
	if (child == 0) {
		/* the middle process exits at once, so the watchdog is nobody's child here */
		if (fork() == 0) {
			/* only 0, 1 and 2: never /dev/fuse, a connection it may have to end */
			close_range(3, ~0U, 0);
			int null = cfg->detach_stdio ? open("/dev/null", O_RDWR) : -1;
			for (int fd = 0; null >= 0 && fd < 3; fd++)
				dup2(null, fd);
			if (null > 2)
				close(null);
			execv(a.v[0], a.v);
		}
		_exit(0);
	}
	int status;
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	return 0;
}

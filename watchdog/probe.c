#include "watchdog/probe.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/xattr.h>
#include <time.h>

#define STATUS_XATTR "user.pyenvfs.status"

struct wd_probe {
	char *mountpoint;
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool asked, busy, stop;
	long pid; /* the answer: the daemon's pid, or -errno */
};

/* Unescapes mountinfo's octal escapes (\040) in place. */
static void unescape(char *s)
{
	char *w = s;
	for (char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = 0;
}

int wd_mountinfo(const char *mountpoint, char *fstype, int fstype_len, unsigned *major,
		 unsigned *minor)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -errno;
	char *line = NULL;
	size_t cap = 0;
	int found = 0;
	while (getline(&line, &cap, f) > 0) {
		unsigned maj, min;
		char mp[4096], type[256];
		char *sep = strstr(line, " - ");
		if (!sep || sscanf(line, "%*s %*s %u:%u %*s %4095s", &maj, &min, mp) != 3 ||
		    sscanf(sep + 3, "%255s", type) != 1)
			continue;
		unescape(mp);
		if (strcmp(mp, mountpoint) != 0)
			continue;
		found = 1; /* the last one listed is the topmost */
		snprintf(fstype, (size_t)fstype_len, "%s", type);
		*major = maj;
		*minor = min;
	}
	free(line);
	fclose(f);
	return found;
}

/* The pid in the daemon's status text, or -EPROTO. */
static long parse_pid(const char *text)
{
	const char *p = strncmp(text, "pid=", 4) == 0 ? text : strstr(text, "\npid=");
	if (!p)
		return -EPROTO;
	long pid = strtol(p + (p[0] == '\n' ? 5 : 4), NULL, 10);
	return pid > 0 ? pid : -EPROTO;
}

static void *run(void *arg)
{
	struct wd_probe *p = arg;
	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (!p->asked && !p->stop)
			pthread_cond_wait(&p->cond, &p->lock);
		if (p->stop)
			break;
		p->asked = false;
		pthread_mutex_unlock(&p->lock);
		char buf[8192];
		ssize_t n = getxattr(p->mountpoint, STATUS_XATTR, buf, sizeof(buf) - 1);
		long pid;
		if (n < 0) {
			pid = -errno;
		} else {
			buf[n] = 0;
			pid = parse_pid(buf);
		}
		pthread_mutex_lock(&p->lock);
		p->pid = pid;
		p->busy = false;
		pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

struct wd_probe *wd_probe_create(const char *mountpoint)
{
	struct wd_probe *p = calloc(1, sizeof(*p));
	if (!p || !(p->mountpoint = strdup(mountpoint))) {
		free(p);
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	int r = pthread_create(&p->thread, NULL, run, p);
	if (r != 0) {
		free(p->mountpoint);
		free(p);
		errno = r;
		return NULL;
	}
	return p;
}

void wd_probe_destroy(struct wd_probe *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = true;
	bool busy = p->busy;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	if (busy) {
		pthread_detach(p->thread); /* stuck in the kernel: the exit ends it */
		return;
	}
	pthread_join(p->thread, NULL);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->cond);
	free(p->mountpoint);
	free(p);
}

static struct timespec deadline_in(int ms)
{
	struct timespec t;
	clock_gettime(CLOCK_REALTIME, &t);
	long long ns = t.tv_nsec + ms * 1000000LL;
	t.tv_sec += ns / 1000000000LL;
	t.tv_nsec = ns % 1000000000LL;
	return t;
}

bool wd_probe_idle(struct wd_probe *p, int timeout_ms)
{
	struct timespec until = deadline_in(timeout_ms);
	pthread_mutex_lock(&p->lock);
	while (p->busy && pthread_cond_timedwait(&p->cond, &p->lock, &until) != ETIMEDOUT)
		;
	bool idle = !p->busy;
	pthread_mutex_unlock(&p->lock);
	return idle;
}

/* What a failed request's errno means. */
static enum wd_probe_result classify(int err)
{
	if (err == ENOTCONN || err == ECONNABORTED)
		return WD_PROBE_DEAD;
	/* the directory under a mount that went away: no status attribute there */
	if (err == ENODATA || err == ENOTSUP || err == ENOENT)
		return WD_PROBE_GONE;
	return WD_PROBE_ERROR;
}

enum wd_probe_result wd_probe_run(struct wd_probe *p, int timeout_ms, struct wd_answer *ans)
{
	char type[256];
	memset(ans, 0, sizeof(*ans));
	int r = wd_mountinfo(p->mountpoint, type, sizeof(type), &ans->dev_major, &ans->dev_minor);
	if (r < 0) {
		ans->err = -r;
		return WD_PROBE_ERROR;
	}
	if (r == 0 || strcmp(type, "fuse.pyenvfs") != 0)
		return WD_PROBE_GONE;
	struct timespec until = deadline_in(timeout_ms);
	pthread_mutex_lock(&p->lock);
	if (p->busy) {
		pthread_mutex_unlock(&p->lock);
		return WD_PROBE_TIMEOUT;
	}
	p->busy = p->asked = true;
	pthread_cond_broadcast(&p->cond);
	while (p->busy && pthread_cond_timedwait(&p->cond, &p->lock, &until) != ETIMEDOUT)
		;
	bool answered = !p->busy;
	long pid = p->pid;
	pthread_mutex_unlock(&p->lock);
	if (!answered)
		return WD_PROBE_TIMEOUT;
	if (pid < 0) {
		ans->err = (int)-pid;
		return classify(ans->err);
	}
	ans->pid = pid;
	return WD_PROBE_OK;
}

#include "fs/fallback.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "watchdog/entry.h"

#define TMP_PREFIX ".pyenvfs-tmp."

/* A sorted copy of the listed names: the writer holds no snapshot (the watcher waits for
 * the readers of a snapshot it replaced to let go of it). */
struct names {
	size_t count;
	char **names;
};

struct fs_fallback {
	struct fs_fallback_config cfg;
	char *content;
	pthread_t thread;
	bool running;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	struct names *pending; /* what to write next, or NULL */
	unsigned long generation;    /* bumped by every update: the debounce watches it */
	bool stop, done;
	struct names *written; /* what the directory holds, as far as we know */
	int last_error;        /* of the last write, reported once */
};

static void names_free(struct names *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->count; i++)
		free(n->names[i]);
	free(n->names);
	free(n);
}

static struct names *names_copy(const struct fs_snapshot *snap)
{
	struct names *n = calloc(1, sizeof(*n));
	size_t count = fs_snapshot_count(snap);
	if (!n || !(n->names = calloc(count + 1, sizeof(char *)))) {
		free(n);
		return NULL;
	}
	for (; n->count < count; n->count++)
		if (!(n->names[n->count] = strdup(fs_snapshot_entry(snap, n->count)->name))) {
			names_free(n);
			return NULL;
		}
	return n;
}

static int cmp_name(const void *key, const void *elem)
{
	return strcmp(key, *(char *const *)elem);
}

static bool listed(const char *const *names, size_t count, const char *name)
{
	return bsearch(name, names, count, sizeof(char *), cmp_name) != NULL;
}

static void say(struct fs_fallback *fb, int prio, const char *msg)
{
	if (fb->cfg.report)
		fb->cfg.report(fb->cfg.ctx, prio, msg);
}

/* Whether name holds exactly content with mode 0555. */
static bool is_current(int dirfd, const char *name, const char *content, size_t len)
{
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0 || !S_ISREG(st.st_mode) ||
	    (st.st_mode & 07777) != 0555 || (size_t)st.st_size != len)
		return false;
	char buf[512];
	ssize_t n = wd_entry_read(dirfd, name, buf, sizeof(buf));
	return n == (ssize_t)len && memcmp(buf, content, len) == 0;
}

/* Writes content to name through a temporary file and a rename. */
static int write_entry(int dirfd, const char *name, const char *content, size_t len)
{
	char tmp[64];
	static _Atomic unsigned long counter;
	snprintf(tmp, sizeof(tmp), TMP_PREFIX "%ld.%lu", (long)getpid(), ++counter);
	int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0555);
	if (fd < 0)
		return -errno;
	int r = 0;
	if (write(fd, content, len) != (ssize_t)len || fchmod(fd, 0555) < 0)
		r = errno ? -errno : -EIO;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && renameat(dirfd, tmp, dirfd, name) < 0)
		r = -errno;
	if (r < 0)
		unlinkat(dirfd, tmp, 0);
	return r;
}

/* Removes name when it is a file of ours (or a temporary file we left). */
static int remove_if_ours(int dirfd, const char *name)
{
	if (strncmp(name, TMP_PREFIX, sizeof(TMP_PREFIX) - 1) != 0 &&
	    !wd_entry_file_is_ours(dirfd, name))
		return 0;
	return unlinkat(dirfd, name, 0) < 0 && errno != ENOENT ? -errno : 0;
}

static void keep_first(int *first, int r)
{
	if (r < 0 && *first == 0)
		*first = r;
}

/* Removes what is ours in the directory and not in names. */
static int remove_unlisted(int dirfd, const char *const *names, size_t count)
{
	int fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		int r = -errno;
		if (fd >= 0)
			close(fd);
		return r;
	}
	int first = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' || strncmp(de->d_name, TMP_PREFIX, sizeof(TMP_PREFIX) - 1) == 0)
			if (!listed(names, count, de->d_name))
				keep_first(&first, remove_if_ours(dirfd, de->d_name));
	closedir(d);
	return first;
}

int fs_fallback_sync(int dirfd, const char *const *names, size_t count, const char *content,
		     size_t content_len)
{
	int first = remove_unlisted(dirfd, names, count);
	for (size_t i = 0; i < count; i++) {
		const char *name = names[i];
		if (!is_current(dirfd, name, content, content_len))
			keep_first(&first, write_entry(dirfd, name, content, content_len));
	}
	return first;
}

/* The names listed in from but not in to (both sorted), handed to fn. */
static int for_each_missing(const struct names *from, const struct names *to,
			    int (*fn)(int, const char *, const char *, size_t),
			    const struct fs_fallback *fb)
{
	int first = 0;
	size_t j = 0, nto = to->count;
	for (size_t i = 0; i < from->count; i++) {
		const char *name = from->names[i];
		int c = 1;
		while (j < nto && (c = strcmp(to->names[j], name)) < 0)
			j++;
		if (j >= nto || c != 0)
			keep_first(&first, fn(fb->cfg.dirfd, name, fb->content, fb->cfg.content_len));
	}
	return first;
}

static int remove_entry(int dirfd, const char *name, const char *content, size_t len)
{
	(void)content;
	(void)len;
	return remove_if_ours(dirfd, name);
}

/* Brings the directory from fb->written to snap: everything the first time, then only
 * the names that came or went. */
static void write_names(struct fs_fallback *fb, struct names *snap)
{
	int r;
	if (!fb->written) {
		r = fs_fallback_sync(fb->cfg.dirfd, (const char *const *)snap->names, snap->count,
				     fb->content, fb->cfg.content_len);
	} else {
		r = for_each_missing(fb->written, snap, remove_entry, fb);
		keep_first(&r, for_each_missing(snap, fb->written, write_entry, fb));
	}
	if (r < 0) {
		/* say it once per kind of failure, not at every change */
		if (r != fb->last_error) {
			char msg[256];
			snprintf(msg, sizeof(msg), "static fallback under the mount point: %s",
				 strerror(-r));
			say(fb, LOG_WARNING, msg);
		}
		fb->last_error = r;
		names_free(fb->written);
		fb->written = NULL; /* next time, check everything */
		names_free(snap);
		return;
	}
	names_free(fb->written);
	fb->written = snap;
	fb->last_error = 0;
}

/* Waits (holding fb->lock) until updates have stopped for debounce_ms or stop is asked. */
static void debounce(struct fs_fallback *fb)
{
	for (;;) {
		unsigned long gen = fb->generation;
		struct timespec until;
		clock_gettime(CLOCK_REALTIME, &until);
		long long ns = until.tv_nsec + fb->cfg.debounce_ms * 1000000LL;
		until.tv_sec += ns / 1000000000LL;
		until.tv_nsec = ns % 1000000000LL;
		while (!fb->stop && gen == fb->generation &&
		       pthread_cond_timedwait(&fb->cond, &fb->lock, &until) != ETIMEDOUT)
			;
		if (fb->stop || gen == fb->generation)
			return;
	}
}

static void *run(void *arg)
{
	struct fs_fallback *fb = arg;
	pthread_mutex_lock(&fb->lock);
	for (;;) {
		while (!fb->pending && !fb->stop)
			pthread_cond_wait(&fb->cond, &fb->lock);
		if (!fb->pending)
			break;
		debounce(fb);
		struct names *snap = fb->pending;
		fb->pending = NULL;
		pthread_mutex_unlock(&fb->lock);
		write_names(fb, snap);
		pthread_mutex_lock(&fb->lock);
	}
	fb->done = true;
	pthread_cond_broadcast(&fb->cond);
	pthread_mutex_unlock(&fb->lock);
	return NULL;
}

struct fs_fallback *fs_fallback_create(const struct fs_fallback_config *cfg, int *err)
{
	struct fs_fallback *fb = calloc(1, sizeof(*fb));
	char *content = malloc(cfg->content_len + 1);
	if (!fb || !content) {
		free(fb);
		free(content);
		close(cfg->dirfd);
		*err = -ENOMEM;
		return NULL;
	}
	memcpy(content, cfg->content, cfg->content_len);
	content[cfg->content_len] = 0;
	fb->cfg = *cfg;
	fb->content = content;
	pthread_mutex_init(&fb->lock, NULL);
	pthread_cond_init(&fb->cond, NULL);
	return fb;
}

int fs_fallback_start(struct fs_fallback *fb)
{
	int r = pthread_create(&fb->thread, NULL, run, fb);
	if (r != 0)
		return -r;
	fb->running = true;
	return 0;
}

void fs_fallback_update(struct fs_fallback *fb, const struct fs_snapshot *snap)
{
	struct names *copy = names_copy(snap);
	if (!copy) {
		say(fb, LOG_WARNING, "static fallback: out of memory");
		return;
	}
	pthread_mutex_lock(&fb->lock);
	struct names *old = fb->pending;
	fb->pending = copy;
	fb->generation++;
	pthread_cond_broadcast(&fb->cond);
	pthread_mutex_unlock(&fb->lock);
	names_free(old);
}

/* Asks the thread to stop after writing what is pending and waits up to max_ms. Returns
 * false when it is still busy (stuck on the directory): then nothing may be freed. */
static bool stop_thread(struct fs_fallback *fb, int max_ms)
{
	if (!fb->running)
		return true;
	struct timespec until;
	clock_gettime(CLOCK_REALTIME, &until);
	long long ns = until.tv_nsec + max_ms * 1000000LL;
	until.tv_sec += ns / 1000000000LL;
	until.tv_nsec = ns % 1000000000LL;
	pthread_mutex_lock(&fb->lock);
	fb->stop = true;
	pthread_cond_broadcast(&fb->cond);
	while (!fb->done && pthread_cond_timedwait(&fb->cond, &fb->lock, &until) != ETIMEDOUT)
		;
	bool done = fb->done;
	pthread_mutex_unlock(&fb->lock);
	if (done)
		pthread_join(fb->thread, NULL);
	return done;
}

void fs_fallback_destroy(struct fs_fallback *fb, int max_ms)
{
	if (!fb)
		return;
	if (!stop_thread(fb, max_ms)) {
		say(fb, LOG_WARNING, "static fallback: still writing at exit; left to finish");
		pthread_detach(fb->thread);
		return;
	}
	names_free(fb->pending);
	names_free(fb->written);
	close(fb->cfg.dirfd);
	pthread_mutex_destroy(&fb->lock);
	pthread_cond_destroy(&fb->cond);
	free(fb->content);
	free(fb);
}

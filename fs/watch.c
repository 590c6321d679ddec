#include "fs/watch.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "fs/tree.h"

struct fs_watcher {
	struct fs_watcher_config cfg;
	struct fs_tree *tree;
	int ifd;     /* inotify, or -1 */
	int stop[2]; /* pipe: a byte stops the thread */
	pthread_t thread;
	bool running;
	atomic_bool polling;
	/* what reading the roots cost, for fs_watcher_status (the tree is the thread's own) */
	pthread_mutex_t lock;
	struct pc_status_scan scans[PC_STATUS_SCANS_MAX];
	size_t nscans;
};

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void report(struct fs_watcher *w, int prio, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct fs_watcher *w, int prio, const char *fmt, ...)
{
	if (!w->cfg.report)
		return;
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	w->cfg.report(w->cfg.ctx, prio, msg);
}

/* Adds the extra roots to tree (which polls those inotify cannot watch). 0 or -ENOMEM. */
static int add_roots(struct fs_tree *tree, struct pc_roots *roots)
{
	int r = 0;
	for (size_t i = 0; r == 0 && i < pc_roots_count(roots); i++)
		r = fs_tree_add_root(tree, pc_roots_path(roots, i), false);
	return r;
}

/* Copies the tree's figures for fs_watcher_status. */
static void note_stats(struct fs_watcher *w)
{
	struct pc_status_scan scans[PC_STATUS_SCANS_MAX];
	size_t n = fs_tree_roots(w->tree);
	if (n > PC_STATUS_SCANS_MAX)
		n = PC_STATUS_SCANS_MAX;
	for (size_t i = 0; i < n; i++) {
		struct fs_tree_root_stats rs;
		fs_tree_root_stats(w->tree, i, &rs);
		scans[i] = (struct pc_status_scan){
			.root = (int)i,
			.polled = rs.polled,
			.dirs = (long long)rs.dirs,
			.polls = (long long)rs.polls,
			.last_us = rs.last_ns / 1000,
			.max_us = rs.max_ns / 1000,
			.total_us = rs.total_ns / 1000,
		};
	}
	pthread_mutex_lock(&w->lock);
	memcpy(w->scans, scans, n * sizeof(*scans));
	w->nscans = n;
	pthread_mutex_unlock(&w->lock);
}

struct fs_watcher *fs_watcher_create(const struct fs_watcher_config *cfg,
				     struct fs_snapshot **first, int *err)
{
	struct fs_watcher *w = calloc(1, sizeof(*w));
	if (!w) {
		*err = -ENOMEM;
		return NULL;
	}
	w->cfg = *cfg;
	w->ifd = -1;
	pthread_mutex_init(&w->lock, NULL);
	w->stop[0] = w->stop[1] = -1;
	if (pipe2(w->stop, O_CLOEXEC | O_NONBLOCK) < 0) {
		*err = -errno;
		goto fail;
	}
	if (!cfg->no_inotify) {
		w->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (w->ifd < 0)
			report(w, LOG_WARNING, "inotify unavailable (%s): polling every %d ms",
			       strerror(errno), cfg->poll_ms);
	}
	w->tree = fs_tree_create(cfg->root, w->ifd);
	if (w->tree && add_roots(w->tree, cfg->roots) < 0) {
		fs_tree_destroy(w->tree);
		w->tree = NULL;
	}
	if (!w->tree) {
		*err = -ENOMEM;
		goto fail;
	}
	struct fs_tree_changes changes;
	int r = fs_tree_sync(w->tree, &changes);
	if (r < 0) {
		*err = r;
		goto fail;
	}
	*first = fs_tree_snapshot(w->tree);
	if (!*first) {
		*err = -ENOMEM;
		goto fail;
	}
	atomic_init(&w->polling, fs_tree_needs_polling(w->tree));
	note_stats(w);
	return w;
fail:
	fs_watcher_destroy(w);
	return NULL;
}

/* Reads every queued event into the tree. Returns false when the queue was empty. */
static bool drain(struct fs_watcher *w)
{
	_Alignas(struct inotify_event) char buf[16384];
	bool any = false;
	for (;;) {
		ssize_t n = read(w->ifd, buf, sizeof(buf));
		if (n <= 0)
			return any;
		any = true;
		for (char *p = buf; p < buf + n;) {
			const struct inotify_event *ev = (const struct inotify_event *)p;
			fs_tree_note_event(w->tree, ev);
			p += sizeof(*ev) + ev->len;
		}
	}
}

static void publish(struct fs_watcher *w)
{
	struct fs_tree_changes changes;
	if (fs_tree_sync(w->tree, &changes) < 0)
		report(w, LOG_ERR, "out of memory while reading %s", w->cfg.root);
	note_stats(w);
	if (!changes.index_changed)
		return;
	struct fs_snapshot *snap = fs_tree_snapshot(w->tree);
	if (!snap) {
		report(w, LOG_ERR, "out of memory building the index");
		fs_tree_mark_all(w->tree);
		return;
	}
	struct fs_snapshot *old = fs_published_swap(w->cfg.published, snap);
	/* Grace period: a handler that read `old` must have replied before the kernel
	 * hears of the change, or its stale answer would be cached after the
	 * invalidation. Handlers never block, so this is short. */
	while (fs_snapshot_refs(old) > 1)
		nanosleep(&(struct timespec){0, 20000}, NULL);
	fs_snapshot_unref(old);
	if (w->cfg.changed)
		w->cfg.changed(w->cfg.ctx, changes.names, changes.count);
	fs_tree_prune(w->tree);
}

/* The roots the polls re-read whole, ", "-separated, into buf (size n); "" for none. */
static void polled_roots(struct fs_watcher *w, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < fs_tree_roots(w->tree) && len < n; i++) {
		struct fs_tree_root_stats rs;
		fs_tree_root_stats(w->tree, i, &rs);
		const char *path = i ? pc_roots_path(w->cfg.roots, i - 1) : w->cfg.root;
		if (rs.polled) {
			int k = snprintf(buf + len, n - len, "%s%s", len ? ", " : "", path);
			len += k > 0 ? (size_t)k : 0;
		}
	}
}

static void update_polling(struct fs_watcher *w)
{
	bool polling = fs_tree_needs_polling(w->tree);
	if (polling == atomic_exchange(&w->polling, polling) || w->ifd < 0)
		return;
	char roots[512];
	polled_roots(w, roots, sizeof(roots));
	if (polling)
		report(w, LOG_INFO, "polling every %d ms: %s (%zu inotify watches)", w->cfg.poll_ms,
		       roots[0] ? roots : "the directories a watch could not be added to",
		       fs_tree_watches(w->tree));
	else
		report(w, LOG_INFO, "%s: watching with inotify (%zu watches)", w->cfg.root,
		       fs_tree_watches(w->tree));
}

static void *run(void *arg)
{
	struct fs_watcher *w = arg;
	struct pollfd fds[2] = {{.fd = w->stop[0], .events = POLLIN},
				{.fd = w->ifd, .events = POLLIN}};
	nfds_t nfds = w->ifd >= 0 ? 2 : 1;
	long long next_poll = now_ms() + w->cfg.poll_ms;
	for (;;) {
		update_polling(w);
		bool polling = atomic_load(&w->polling);
		long long now = now_ms();
		/* a deadline, not a timeout: events (from the directories that do have
		 * watches) must not keep postponing the re-read of those that do not */
		if (!polling)
			next_poll = now + w->cfg.poll_ms;
		int timeout = !polling ? -1 : next_poll > now ? (int)(next_poll - now) : 0;
		int r = poll(fds, nfds, timeout);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || fds[0].revents)
			break;
		if (polling && now_ms() >= next_poll) {
			fs_tree_mark_poll(w->tree);
			next_poll = now_ms() + w->cfg.poll_ms;
		}
		if (r > 0 && nfds == 2 && fds[1].revents) {
			/* debounce: keep reading until quiet */
			long long deadline = now_ms() + w->cfg.max_delay_ms;
			drain(w);
			for (;;) {
				long long left = deadline - now_ms();
				if (left <= 0)
					break;
				int wait =
					left < w->cfg.debounce_ms ? (int)left : w->cfg.debounce_ms;
				if (poll(&fds[1], 1, wait) <= 0 || !drain(w))
					break;
			}
		}
		publish(w);
	}
	return NULL;
}

int fs_watcher_start(struct fs_watcher *w)
{
	int r = pthread_create(&w->thread, NULL, run, w);
	if (r != 0)
		return -r;
	w->running = true;
	return 0;
}

void fs_watcher_stop(struct fs_watcher *w)
{
	if (!w || !w->running)
		return;
	ssize_t n = write(w->stop[1], "x", 1);
	(void)n;
	pthread_join(w->thread, NULL);
	w->running = false;
}

void fs_watcher_destroy(struct fs_watcher *w)
{
	if (!w)
		return;
	fs_watcher_stop(w);
	fs_tree_destroy(w->tree);
	if (w->ifd >= 0)
		close(w->ifd);
	if (w->stop[0] >= 0)
		close(w->stop[0]);
	if (w->stop[1] >= 0)
		close(w->stop[1]);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

bool fs_watcher_polling(const struct fs_watcher *w)
{
	return atomic_load(&((struct fs_watcher *)w)->polling);
}

void fs_watcher_status(struct fs_watcher *w, struct pc_status *st)
{
	st->poll_ms = w->cfg.poll_ms;
	pthread_mutex_lock(&w->lock);
	memcpy(st->scans, w->scans, w->nscans * sizeof(*w->scans));
	st->nscans = w->nscans;
	pthread_mutex_unlock(&w->lock);
}

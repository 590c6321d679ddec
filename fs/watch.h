#pragma once
/*
 * fs_watcher: keeps the published snapshot current. It owns an fs_tree, an inotify
 * instance and a thread. Events are debounced (re-read once the directory has been
 * quiet for debounce_ms, at most max_delay_ms after the first event); IN_Q_OVERFLOW
 * re-reads everything. Every poll_ms, what inotify does not cover is re-read, and only
 * that (fs_tree_mark_poll): everything without inotify; else each root on a network file
 * system (NFS, FUSE: other machines' changes are not seen) and each missing root, whole,
 * and the directories a watch could not be added to (the watch limit). What each poll's
 * re-read cost is measured (fs_watcher_status).
 *
 * After each change it publishes a new snapshot, waits until no request handler still
 * reads the previous one (handlers hold a reference only while answering, never
 * blocking), then calls changed() with the names that appeared or vanished — outside
 * any handler and holding no lock a handler needs, as kernel notifications require.
 */
#include <stdbool.h>
#include <stddef.h>

#include "common/roots.h"
#include "common/status.h"
#include "fs/snapshot.h"

struct fs_watcher_config {
	const char *root; /* absolute */
	struct pc_roots *roots; /* the extra roots (common/roots.h), or NULL */
	int poll_ms;      /* polling interval, > 0 */
	int debounce_ms;  /* quiet time before a re-read */
	int max_delay_ms; /* longest wait after the first event */
	bool no_inotify;  /* poll only */
	struct fs_published *published;
	/* Called from the watcher thread after the snapshot changed, with the names
	 * whose presence changed (possibly none: e.g. only the version count changed). */
	void (*changed)(void *ctx, const char *const *names, size_t count);
	/* Called with a message worth logging (syslog priority). */
	void (*report)(void *ctx, int priority, const char *message);
	void *ctx;
};

struct fs_watcher;

/* Reads the root once, synchronously, and returns the first snapshot in *first (one
 * reference) — so the filesystem never answers from an empty index. The thread is not
 * started yet. NULL with *err set to a negative errno on failure. */
struct fs_watcher *fs_watcher_create(const struct fs_watcher_config *cfg,
				     struct fs_snapshot **first, int *err);

/* Starts the thread (after cfg->published was initialised with the first snapshot).
 * Returns 0 or a negative errno. */
int fs_watcher_start(struct fs_watcher *w);

/* Stops and joins the thread if it runs. */
void fs_watcher_stop(struct fs_watcher *w);

/* Stops the thread and frees everything. Accepts NULL. */
void fs_watcher_destroy(struct fs_watcher *w);

/* Whether the watcher currently polls instead of relying on inotify alone. */
bool fs_watcher_polling(const struct fs_watcher *w);

/* Fills st's poll_ms and scans (common/status.h): the interval, and per root whether the
 * polls re-read it, the directories read from it and the polls' wall time, as of the last
 * sync. Safe from any thread while w exists (a short lock, never held across I/O). */
void fs_watcher_status(struct fs_watcher *w, struct pc_status *st);

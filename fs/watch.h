#pragma once
/*
 * fs_watcher: keeps the published snapshot current. It owns an fs_tree, an inotify
 * instance and a thread. Events are debounced (re-read once the directory has been
 * quiet for debounce_ms, at most max_delay_ms after the first event); IN_Q_OVERFLOW
 * re-reads everything; without inotify, or when a watch cannot be added (the watch
 * limit), or while the root is missing, everything is re-read every poll_ms.
 *
 * After each change it publishes a new snapshot, waits until no request handler still
 * reads the previous one (handlers hold a reference only while answering, never
 * blocking), then calls changed() with the names that appeared or vanished — outside
 * any handler and holding no lock a handler needs, as kernel notifications require.
 */
#include <stdbool.h>
#include <stddef.h>

#include "common/roots.h"
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

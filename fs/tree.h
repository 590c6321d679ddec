#pragma once
/*
 * fs_tree: the watcher's model of PYENV_ROOT and the extra roots (PYENVFS_ROOTS) —
 * versions/ (or a uv directory's entries), each version, its bin/ and envs/<env>/bin/ — with the names each bin directory holds, the inotify watches on those
 * directories and the merged name counts (fs_names). Owned by one thread; not locked.
 *
 * Re-reading is incremental: an inotify event marks the directory it concerns dirty
 * and fs_tree_sync() re-reads only dirty directories (a bin directory: its entries; a
 * structural directory: which children exist, re-reading a child only when it is new
 * or its identity (device, inode) changed). A watch is added before its directory is
 * read, so no change is lost between the two. A poll re-reads only what inotify does not
 * cover (fs_tree_mark_poll), and the tree counts what reading each root costs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <sys/inotify.h>

#include "fs/snapshot.h"

struct fs_tree;

/* The names whose listed state (executable somewhere or not) changed in the last sync,
 * and whether anything a snapshot shows changed at all. Valid until the next call to
 * fs_tree_sync() or fs_tree_prune(). */
struct fs_tree_changes {
	const char *const *names;
	size_t count;
	bool index_changed;
};

/* A tree for root (an absolute path; it need not exist). inotify_fd is an inotify
 * instance to add watches to, or -1 to work without (the caller then polls).
 * Nothing is read until the first fs_tree_sync(). NULL when out of memory. */
struct fs_tree *fs_tree_create(const char *root, int inotify_fd);

/* Adds an extra root (PYENVFS_ROOTS, common/roots.h; absolute; it need not exist yet),
 * read after root and the extra roots added before it. polled: polls re-read it whole
 * whatever its file system (tests); any root (root included) on a file system whose
 * changes on other machines inotify does not see (fs/roots.h: NFS, FUSE...) is polled
 * anyway, decided again whenever another directory appears there. Returns 0 or
 * -ENOMEM. */
int fs_tree_add_root(struct fs_tree *tree, const char *path, bool polled);

/* Removes the watches and frees everything. Accepts NULL. */
void fs_tree_destroy(struct fs_tree *tree);

/* Makes the next sync re-read everything (start, IN_Q_OVERFLOW, out of memory). */
void fs_tree_mark_all(struct fs_tree *tree);

/* A poll tick: makes the next sync re-read what inotify does not cover, and only that —
 * every root when there is no inotify; else each polled root (fs_tree_add_root) and each
 * missing root whole (timed: fs_tree_root_stats), and each directory whose watch could not
 * be added (the watch limit). A root's re-read stats only the bin/ entries that are new,
 * not executable, or under another inode than at the last read, and all of them at every
 * tenth poll of that root (a chmod -x of an existing executable is seen by then). */
void fs_tree_mark_poll(struct fs_tree *tree);

/* Marks what one inotify event concerns as dirty (IN_Q_OVERFLOW marks everything). */
void fs_tree_note_event(struct fs_tree *tree, const struct inotify_event *ev);

/* Re-reads what is dirty, updating watches and name counts. Returns 0, or -ENOMEM
 * (the tree is then still consistent, but may miss some names until the next sync).
 * *changes describes what changed. */
int fs_tree_sync(struct fs_tree *tree, struct fs_tree_changes *changes);

/* Whether the caller must poll (fs_tree_mark_poll + fs_tree_sync periodically): no
 * inotify, a watch could not be added (e.g. the watch limit), a root is polled or
 * missing. */
bool fs_tree_needs_polling(const struct fs_tree *tree);

/* What reading one root cost so far. */
struct fs_tree_root_stats {
	bool polled;             /* polls re-read it whole (see fs_tree_mark_poll) */
	unsigned long long dirs; /* directories read from it (opendir), by polls or events */
	unsigned long long polls; /* polls that re-read it */
	long long last_ns, max_ns, total_ns; /* those re-reads' wall time */
};

/* The number of roots: 1 + the extra roots. */
size_t fs_tree_roots(const struct fs_tree *tree);

/* Root i's figures (0: root; i: the i-th extra root added), i < fs_tree_roots(). */
void fs_tree_root_stats(const struct fs_tree *tree, size_t i, struct fs_tree_root_stats *out);

/* A new snapshot of the current index (one reference), or NULL when out of memory. */
struct fs_snapshot *fs_tree_snapshot(const struct fs_tree *tree);

/* Number of installed versions (the directories in versions/ that count, common/shims.h). */
unsigned fs_tree_versions(const struct fs_tree *tree);

/* Number of inotify watches currently held. */
size_t fs_tree_watches(const struct fs_tree *tree);

/* Forgets names no bin directory has any more when there are many of them. */
void fs_tree_prune(struct fs_tree *tree);

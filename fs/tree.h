#pragma once
/*
 * fs_tree: the watcher's model of PYENV_ROOT — versions/, each version, its bin/ and
 * envs/<env>/bin/ — with the names each bin directory holds, the inotify watches on those
 * directories and the merged name counts (fs_names). Owned by one thread; not locked.
 *
 * Re-reading is incremental: an inotify event marks the directory it concerns dirty
 * and fs_tree_sync() re-reads only dirty directories (a bin directory: its entries; a
 * structural directory: which children exist, re-reading a child only when it is new
 * or its identity (device, inode) changed). A watch is added before its directory is
 * read, so no change is lost between the two.
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
 * read after root and the extra roots added before it. polled: inotify cannot see all its
 * changes (NFS): the caller polls while the tree has one. Returns 0 or -ENOMEM. */
int fs_tree_add_root(struct fs_tree *tree, const char *path, bool polled);

/* Removes the watches and frees everything. Accepts NULL. */
void fs_tree_destroy(struct fs_tree *tree);

/* Makes the next sync re-read everything (start, poll tick, IN_Q_OVERFLOW). */
void fs_tree_mark_all(struct fs_tree *tree);

/* Marks what one inotify event concerns as dirty (IN_Q_OVERFLOW marks everything). */
void fs_tree_note_event(struct fs_tree *tree, const struct inotify_event *ev);

/* Re-reads what is dirty, updating watches and name counts. Returns 0, or -ENOMEM
 * (the tree is then still consistent, but may miss some names until the next sync).
 * *changes describes what changed. */
int fs_tree_sync(struct fs_tree *tree, struct fs_tree_changes *changes);

/* Whether the caller must poll (fs_tree_mark_all + fs_tree_sync periodically): no
 * inotify, a watch could not be added (e.g. the watch limit), or the root is missing. */
bool fs_tree_needs_polling(const struct fs_tree *tree);

/* A new snapshot of the current index (one reference), or NULL when out of memory. */
struct fs_snapshot *fs_tree_snapshot(const struct fs_tree *tree);

/* Number of installed versions (the directories in versions/ that count, common/shims.h). */
unsigned fs_tree_versions(const struct fs_tree *tree);

/* Number of inotify watches currently held. */
size_t fs_tree_watches(const struct fs_tree *tree);

/* Forgets names no bin directory has any more when there are many of them. */
void fs_tree_prune(struct fs_tree *tree);

#pragma once
/*
 * fs_snapshot: an immutable view of the command index, what request handlers read.
 * The watcher builds a new one after every change and publishes it; handlers take a
 * reference, read, reply and drop the reference. Nothing in a snapshot changes after
 * it is built, so readers need no lock.
 *
 * fs_published: the one current snapshot, swapped under a short mutex (held only to
 * copy a pointer and bump a count, never during a scan or a reply).
 */
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fs/names.h"

struct fs_snapshot;

struct fs_entry {
	const char *name;
	uint64_t ino;
};

/* A snapshot of names: the listed entries are the records with exec_count > 0; the
 * "other" names (any_count > 0, exec_count == 0) are kept too, because pyenv rehash
 * creates shims for them. versions is the number of installed versions. Holds one
 * reference. NULL when out of memory. */
struct fs_snapshot *fs_snapshot_build(const struct fs_names *names, unsigned versions);

/* Adds a reference. Returns snap. */
struct fs_snapshot *fs_snapshot_ref(struct fs_snapshot *snap);

/* Drops a reference; the last one frees the snapshot. Accepts NULL. */
void fs_snapshot_unref(struct fs_snapshot *snap);

/* The number of references held right now. */
unsigned fs_snapshot_refs(const struct fs_snapshot *snap);

/* The listed entry called name, or NULL. */
const struct fs_entry *fs_snapshot_find(const struct fs_snapshot *snap, const char *name);

/* Whether name is in some bin directory without being an executable non-directory there. */
bool fs_snapshot_has_other(const struct fs_snapshot *snap, const char *name);

/* The listed entries, sorted by name (strcmp). */
size_t fs_snapshot_count(const struct fs_snapshot *snap);
const struct fs_entry *fs_snapshot_entry(const struct fs_snapshot *snap, size_t i);

/* The versions count given to fs_snapshot_build. */
unsigned fs_snapshot_versions(const struct fs_snapshot *snap);

struct fs_published {
	pthread_mutex_t lock;
	struct fs_snapshot *current;
};

/* Starts with snap as the current snapshot (takes over the caller's reference). */
void fs_published_init(struct fs_published *pub, struct fs_snapshot *snap);

/* Drops the current snapshot. */
void fs_published_finish(struct fs_published *pub);

/* A new reference to the current snapshot. Never blocks for long. */
struct fs_snapshot *fs_published_get(struct fs_published *pub);

/* Makes snap current (takes over the caller's reference) and returns the previous one
 * with the publisher's reference, so the caller can wait for its readers to finish
 * (fs_snapshot_refs() == 1) before telling the kernel, then unref it. */
struct fs_snapshot *fs_published_swap(struct fs_published *pub, struct fs_snapshot *snap);

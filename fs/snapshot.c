#include "fs/snapshot.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct fs_snapshot {
	atomic_uint refs;
	unsigned versions;
	size_t count;   /* listed entries */
	size_t n_other; /* names that are not executable anywhere */
	struct fs_entry *entries;
	const char **others;
	char *pool; /* every name, NUL-terminated */
};

struct collect {
	const struct fs_name **listed, **others;
	size_t n_listed, n_other, pool_size;
};

static void count_rec(struct fs_name *rec, void *ctx)
{
	struct collect *c = ctx;
	if (rec->exec_count > 0)
		c->n_listed++;
	else if (rec->any_count > 0)
		c->n_other++;
	else
		return;
	c->pool_size += strlen(rec->name) + 1;
}

static void fill_rec(struct fs_name *rec, void *ctx)
{
	struct collect *c = ctx;
	if (rec->exec_count > 0)
		c->listed[c->n_listed++] = rec;
	else if (rec->any_count > 0)
		c->others[c->n_other++] = rec;
}

static int cmp_rec(const void *a, const void *b)
{
	const struct fs_name *const *x = a, *const *y = b;
	return strcmp((*x)->name, (*y)->name);
}

struct fs_snapshot *fs_snapshot_build(const struct fs_names *names, unsigned versions)
{
	struct collect c = {0};
	fs_names_foreach(names, count_rec, &c);
	struct fs_snapshot *snap = calloc(1, sizeof(*snap));
	const struct fs_name **recs = calloc(c.n_listed + c.n_other + 1, sizeof(*recs));
	if (!snap || !recs)
		goto fail;
	snap->entries = calloc(c.n_listed + 1, sizeof(*snap->entries));
	snap->others = calloc(c.n_other + 1, sizeof(*snap->others));
	snap->pool = malloc(c.pool_size + 1);
	if (!snap->entries || !snap->others || !snap->pool)
		goto fail;
	struct collect fill = {.listed = recs, .others = recs + c.n_listed};
	fs_names_foreach(names, fill_rec, &fill);
	qsort(fill.listed, fill.n_listed, sizeof(*recs), cmp_rec);
	qsort(fill.others, fill.n_other, sizeof(*recs), cmp_rec);
	char *p = snap->pool;
	for (size_t i = 0; i < fill.n_listed + fill.n_other; i++) {
		size_t len = strlen(recs[i]->name) + 1;
		memcpy(p, recs[i]->name, len);
		if (i < fill.n_listed)
			snap->entries[i] = (struct fs_entry){.name = p, .ino = recs[i]->ino};
		else
			snap->others[i - fill.n_listed] = p;
		p += len;
	}
	snap->count = fill.n_listed;
	snap->n_other = fill.n_other;
	snap->versions = versions;
	atomic_init(&snap->refs, 1);
	free(recs);
	return snap;
fail:
	free(recs);
	if (snap) {
		free(snap->entries);
		free(snap->others);
		free(snap->pool);
		free(snap);
	}
	return NULL;
}

struct fs_snapshot *fs_snapshot_ref(struct fs_snapshot *snap)
{
	atomic_fetch_add_explicit(&snap->refs, 1, memory_order_relaxed);
	return snap;
}

void fs_snapshot_unref(struct fs_snapshot *snap)
{
	if (!snap || atomic_fetch_sub_explicit(&snap->refs, 1, memory_order_acq_rel) != 1)
		return;
	free(snap->entries);
	free(snap->others);
	free(snap->pool);
	free(snap);
}

unsigned fs_snapshot_refs(const struct fs_snapshot *snap)
{
	return atomic_load_explicit(&snap->refs, memory_order_acquire);
}

static int cmp_key_entry(const void *key, const void *elem)
{
	return strcmp(key, ((const struct fs_entry *)elem)->name);
}

static int cmp_key_str(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

const struct fs_entry *fs_snapshot_find(const struct fs_snapshot *snap, const char *name)
{
	if (!snap->count)
		return NULL;
	return bsearch(name, snap->entries, snap->count, sizeof(*snap->entries), cmp_key_entry);
}

bool fs_snapshot_has_other(const struct fs_snapshot *snap, const char *name)
{
	return snap->n_other &&
	       bsearch(name, snap->others, snap->n_other, sizeof(*snap->others), cmp_key_str);
}

size_t fs_snapshot_count(const struct fs_snapshot *snap)
{
	return snap->count;
}

const struct fs_entry *fs_snapshot_entry(const struct fs_snapshot *snap, size_t i)
{
	return i < snap->count ? &snap->entries[i] : NULL;
}

unsigned fs_snapshot_versions(const struct fs_snapshot *snap)
{
	return snap->versions;
}

void fs_published_init(struct fs_published *pub, struct fs_snapshot *snap)
{
	pthread_mutex_init(&pub->lock, NULL);
	pub->current = snap;
}

void fs_published_finish(struct fs_published *pub)
{
	fs_snapshot_unref(pub->current);
	pub->current = NULL;
	pthread_mutex_destroy(&pub->lock);
}

struct fs_snapshot *fs_published_get(struct fs_published *pub)
{
	pthread_mutex_lock(&pub->lock);
	struct fs_snapshot *snap = fs_snapshot_ref(pub->current);
	pthread_mutex_unlock(&pub->lock);
	return snap;
}

struct fs_snapshot *fs_published_swap(struct fs_published *pub, struct fs_snapshot *snap)
{
	pthread_mutex_lock(&pub->lock);
	struct fs_snapshot *old = pub->current;
	pub->current = snap;
	pthread_mutex_unlock(&pub->lock);
	return old;
}

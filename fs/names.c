#include "fs/names.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct fs_names {
	struct fs_name **slots; /* open addressing, linear probing; NULL = empty */
	size_t cap;             /* power of two */
	size_t size;
	uint64_t next_ino;
};

static uint64_t hash_name(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

struct fs_names *fs_names_create(uint64_t first_ino)
{
	struct fs_names *names = calloc(1, sizeof(*names));
	if (!names)
		return NULL;
	names->cap = 64;
	names->slots = calloc(names->cap, sizeof(*names->slots));
	if (!names->slots) {
		free(names);
		return NULL;
	}
	names->next_ino = first_ino;
	return names;
}

void fs_names_destroy(struct fs_names *names)
{
	if (!names)
		return;
	for (size_t i = 0; i < names->cap; i++)
		free(names->slots[i]);
	free(names->slots);
	free(names);
}

static size_t probe(struct fs_name *const *slots, size_t cap, const char *name)
{
	size_t i = hash_name(name) & (cap - 1);
	while (slots[i] && strcmp(slots[i]->name, name) != 0)
		i = (i + 1) & (cap - 1);
	return i;
}

/* Rebuilds the slot array with capacity cap, keeping the records for which keep() is true
 * and freeing the others. */
static int rehash(struct fs_names *names, size_t cap, bool (*keep)(const struct fs_name *))
{
	struct fs_name **slots = calloc(cap, sizeof(*slots));
	if (!slots)
		return -ENOMEM;
	size_t size = 0;
	for (size_t i = 0; i < names->cap; i++) {
		struct fs_name *rec = names->slots[i];
		if (!rec)
			continue;
		if (keep && !keep(rec)) {
			free(rec);
			continue;
		}
		slots[probe(slots, cap, rec->name)] = rec;
		size++;
	}
	free(names->slots);
	names->slots = slots;
	names->cap = cap;
	names->size = size;
	return 0;
}

struct fs_name *fs_names_intern(struct fs_names *names, const char *name)
{
	size_t i = probe(names->slots, names->cap, name);
	if (names->slots[i])
		return names->slots[i];
	if ((names->size + 1) * 4 > names->cap * 3) {
		if (rehash(names, names->cap * 2, NULL) < 0)
			return NULL;
		i = probe(names->slots, names->cap, name);
	}
	size_t len = strlen(name);
	struct fs_name *rec = calloc(1, sizeof(*rec) + len + 1);
	if (!rec)
		return NULL;
	memcpy(rec->name, name, len + 1);
	rec->ino = names->next_ino++;
	names->slots[i] = rec;
	names->size++;
	return rec;
}

struct fs_name *fs_names_find(const struct fs_names *names, const char *name)
{
	return names->slots[probe(names->slots, names->cap, name)];
}

size_t fs_names_size(const struct fs_names *names)
{
	return names->size;
}

void fs_names_foreach(const struct fs_names *names, void (*fn)(struct fs_name *rec, void *ctx),
		      void *ctx)
{
	for (size_t i = 0; i < names->cap; i++)
		if (names->slots[i])
			fn(names->slots[i], ctx);
}

static bool is_live(const struct fs_name *rec)
{
	return rec->any_count > 0;
}

size_t fs_names_prune(struct fs_names *names)
{
	size_t before = names->size;
	size_t live = 0;
	for (size_t i = 0; i < names->cap; i++)
		if (names->slots[i] && is_live(names->slots[i]))
			live++;
	size_t cap = 64;
	while (cap * 3 < live * 4 + 4)
		cap *= 2;
	if (rehash(names, cap, is_live) < 0)
		return 0;
	return before - names->size;
}

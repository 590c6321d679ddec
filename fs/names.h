#pragma once
/*
 * fs_names: the table of every name seen in a bin directory, with how many bin
 * directories have it (at all, and as an executable non-directory) and the inode
 * number the filesystem gives it. Owned by one thread (the watcher); not locked.
 * Records never move while they are in the table, so bin directories may keep
 * pointers to them.
 */
#include <stddef.h>
#include <stdint.h>

struct fs_name {
	uint64_t ino;        /* stable inode number, given when the name is first seen */
	unsigned exec_count; /* bin directories where it is an executable non-directory */
	unsigned any_count;  /* bin directories where the name exists at all */
	char name[];
};

struct fs_names;

/* An empty table whose inode numbers start at first_ino. NULL when out of memory. */
struct fs_names *fs_names_create(uint64_t first_ino);

/* Frees the table and every record. Accepts NULL. */
void fs_names_destroy(struct fs_names *names);

/* The record for name, created with zero counts and the next inode number when new.
 * NULL when out of memory. */
struct fs_name *fs_names_intern(struct fs_names *names, const char *name);

/* The record for name, or NULL when the table has none. */
struct fs_name *fs_names_find(const struct fs_names *names, const char *name);

/* Number of records in the table. */
size_t fs_names_size(const struct fs_names *names);

/* Calls fn on every record, in no particular order. */
void fs_names_foreach(const struct fs_names *names, void (*fn)(struct fs_name *rec, void *ctx),
		      void *ctx);

/* Frees the records whose any_count is 0 (their inode numbers are not reused: a name
 * seen again later gets a new one). Returns how many were freed. */
size_t fs_names_prune(struct fs_names *names);

#pragma once
/*
 * fs_scratch: the few files pyenv 2.6's `pyenv rehash` writes into its shims directory,
 * kept in memory so that rehash runs to the end, exits 0 and changes nothing:
 *  - ".pyenv-shim", its lock and prototype: created (noclobber), written, chmod'ed,
 *    compared with the first shim by `diff`, removed. It reads back as the entries'
 *    own content, so diff finds the shims up to date and removes none of them.
 *  - ".pyenv-source-shim" (a rehash hook) and mktemp's "tmp.XXXXXXXXXX" (the writability
 *    probe): ordinary files until removed.
 *  - "sinks": the shims rehash `cp`s for names present in a bin directory but not
 *    executable there (e.g. a venv's `activate`): the create succeeds, what is written
 *    is dropped and the name never appears.
 * Every file lives while it has a name or the kernel holds a lookup on it (forget).
 * Scratch files are found by name but not listed in the directory.
 * Thread-safe (one short mutex, never held while replying).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>

#define FS_SCRATCH_INO_BASE  (UINT64_C(1) << 48)
#define FS_SCRATCH_MAX_FILES 256
#define FS_SCRATCH_MAX_SIZE  (1 << 20)

enum fs_scratch_kind {
	FS_SCRATCH_NONE,  /* not a name rehash writes: EROFS */
	FS_SCRATCH_PROTO, /* ".pyenv-shim" */
	FS_SCRATCH_PLAIN, /* ".pyenv-source-shim", "tmp.XXXXXXXXXX" */
};

/* What rehash may create under this name (sinks aside). */
enum fs_scratch_kind fs_scratch_kind_of(const char *name);

/* Whether ino belongs to the scratch table. */
static inline bool fs_scratch_owns(uint64_t ino)
{
	return ino >= FS_SCRATCH_INO_BASE;
}

struct fs_scratch_attr {
	uint64_t ino;
	mode_t mode; /* permission bits only */
	off_t size;
	struct timespec mtime, ctime;
};

struct fs_scratch;

/* An empty table. proto is the content ".pyenv-shim" reads back as (kept, not copied).
 * NULL when out of memory. */
struct fs_scratch *fs_scratch_create(const char *proto);

/* Frees the table. Accepts NULL. */
void fs_scratch_destroy(struct fs_scratch *s);

/* The named (non-sink) file: fills *attr and counts one kernel lookup. -ENOENT. */
int fs_scratch_lookup(struct fs_scratch *s, const char *name, struct fs_scratch_attr *attr);

/* Creates the named file (kind from fs_scratch_kind_of, or a sink when sink is true) or,
 * when it exists and excl is false, truncates it. Counts one lookup.
 * -EEXIST, -ENOSPC (too many files), -EROFS (not a scratch name), -ENOMEM. */
int fs_scratch_make(struct fs_scratch *s, const char *name, mode_t mode, bool sink, bool excl,
		    struct fs_scratch_attr *attr);

/* Attributes of ino. -ENOENT. */
int fs_scratch_getattr(struct fs_scratch *s, uint64_t ino, struct fs_scratch_attr *attr);

/* Changes the mode (when mode != NULL) and the size (when size != NULL) of ino; also
 * touches its times. -ENOENT, -EFBIG. */
int fs_scratch_setattr(struct fs_scratch *s, uint64_t ino, const mode_t *mode, const off_t *size,
		       struct fs_scratch_attr *attr);

/* Writes into ino; returns the bytes taken (a sink and the prototype drop them).
 * -ENOENT, -EFBIG. */
ssize_t fs_scratch_write(struct fs_scratch *s, uint64_t ino, const char *buf, size_t size,
			 off_t off);

/* Copies up to size bytes at off into buf; returns the count. -ENOENT. */
ssize_t fs_scratch_read(struct fs_scratch *s, uint64_t ino, char *buf, size_t size, off_t off);

/* Removes the name (the file lives on while looked up). -ENOENT. */
int fs_scratch_unlink(struct fs_scratch *s, const char *name);

/* The kernel dropped nlookup lookups of ino. */
void fs_scratch_forget(struct fs_scratch *s, uint64_t ino, uint64_t nlookup);

#include "fs/scratch.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct file {
	char *name;
	uint64_t ino;
	enum fs_scratch_kind kind;
	bool sink;
	bool linked; /* has its name in the directory */
	uint64_t nlookup;
	mode_t mode;
	char *data;
	size_t size, cap;
	struct timespec mtime, ctime;
};

struct fs_scratch {
	pthread_mutex_t lock;
	const char *proto;
	size_t proto_len;
	uint64_t next_ino;
	struct file *files[FS_SCRATCH_MAX_FILES];
};

enum fs_scratch_kind fs_scratch_kind_of(const char *name)
{
	if (strcmp(name, ".pyenv-shim") == 0)
		return FS_SCRATCH_PROTO;
	if (strcmp(name, ".pyenv-source-shim") == 0)
		return FS_SCRATCH_PLAIN;
	if (strncmp(name, "tmp.", 4) == 0 && strlen(name) == 14) {
		for (const char *p = name + 4; *p; p++)
			if (!isalnum((unsigned char)*p))
				return FS_SCRATCH_NONE;
		return FS_SCRATCH_PLAIN;
	}
	return FS_SCRATCH_NONE;
}

struct fs_scratch *fs_scratch_create(const char *proto)
{
	struct fs_scratch *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	pthread_mutex_init(&s->lock, NULL);
	s->proto = proto;
	s->proto_len = strlen(proto);
	s->next_ino = FS_SCRATCH_INO_BASE;
	return s;
}

static void file_free(struct file *f)
{
	if (!f)
		return;
	free(f->name);
	free(f->data);
	free(f);
}

void fs_scratch_destroy(struct fs_scratch *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < FS_SCRATCH_MAX_FILES; i++)
		file_free(s->files[i]);
	pthread_mutex_destroy(&s->lock);
	free(s);
}

static struct file *by_name(struct fs_scratch *s, const char *name)
{
	for (size_t i = 0; i < FS_SCRATCH_MAX_FILES; i++) {
		struct file *f = s->files[i];
		if (f && f->linked && !f->sink && strcmp(f->name, name) == 0)
			return f;
	}
	return NULL;
}

static struct file **slot_of(struct fs_scratch *s, uint64_t ino)
{
	for (size_t i = 0; i < FS_SCRATCH_MAX_FILES; i++)
		if (s->files[i] && s->files[i]->ino == ino)
			return &s->files[i];
	return NULL;
}

static void fill(const struct fs_scratch *s, const struct file *f, struct fs_scratch_attr *attr)
{
	*attr = (struct fs_scratch_attr){
		.ino = f->ino,
		.mode = f->mode,
		.size = (off_t)(f->kind == FS_SCRATCH_PROTO ? s->proto_len : f->size),
		.mtime = f->mtime,
		.ctime = f->ctime,
	};
}

static void touch(struct file *f, bool data)
{
	struct timespec now;
	clock_gettime(CLOCK_REALTIME, &now);
	f->ctime = now;
	if (data)
		f->mtime = now;
}

/* Frees f when it has neither a name nor a lookup. */
static void maybe_free(struct file **slot)
{
	struct file *f = *slot;
	if (!f->linked && f->nlookup == 0) {
		file_free(f);
		*slot = NULL;
	}
}

int fs_scratch_lookup(struct fs_scratch *s, const char *name, struct fs_scratch_attr *attr)
{
	int r = -ENOENT;
	pthread_mutex_lock(&s->lock);
	struct file *f = by_name(s, name);
	if (f) {
		f->nlookup++;
		fill(s, f, attr);
		r = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

int fs_scratch_make(struct fs_scratch *s, const char *name, mode_t mode, bool sink, bool excl,
		    struct fs_scratch_attr *attr)
{
	enum fs_scratch_kind kind = sink ? FS_SCRATCH_PLAIN : fs_scratch_kind_of(name);
	if (kind == FS_SCRATCH_NONE)
		return -EROFS;
	int r = 0;
	pthread_mutex_lock(&s->lock);
	struct file *f = sink ? NULL : by_name(s, name);
	if (f) {
		if (excl) {
			r = -EEXIST;
			goto out;
		}
		f->size = 0;
		touch(f, true);
		f->nlookup++;
		fill(s, f, attr);
		goto out;
	}
	struct file **slot = NULL;
	for (size_t i = 0; i < FS_SCRATCH_MAX_FILES && !slot; i++)
		if (!s->files[i])
			slot = &s->files[i];
	if (!slot) {
		r = -ENOSPC;
		goto out;
	}
	f = calloc(1, sizeof(*f));
	if (!f || !(f->name = strdup(name))) {
		free(f);
		r = -ENOMEM;
		goto out;
	}
	f->ino = s->next_ino++;
	f->kind = kind;
	f->sink = sink;
	f->linked = !sink;
	f->nlookup = 1;
	f->mode = mode & 07777;
	touch(f, true);
	*slot = f;
	fill(s, f, attr);
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

int fs_scratch_getattr(struct fs_scratch *s, uint64_t ino, struct fs_scratch_attr *attr)
{
	int r = -ENOENT;
	pthread_mutex_lock(&s->lock);
	struct file **slot = slot_of(s, ino);
	if (slot) {
		fill(s, *slot, attr);
		r = 0;
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

static int resize(struct file *f, size_t size)
{
	if (size > FS_SCRATCH_MAX_SIZE)
		return -EFBIG;
	if (f->kind == FS_SCRATCH_PROTO || f->sink) {
		f->size = size;
		return 0;
	}
	if (size > f->cap) {
		size_t cap = f->cap ? f->cap : 256;
		while (cap < size)
			cap *= 2;
		char *p = realloc(f->data, cap);
		if (!p)
			return -ENOMEM;
		f->data = p;
		f->cap = cap;
	}
	if (size > f->size)
		memset(f->data + f->size, 0, size - f->size);
	f->size = size;
	return 0;
}

int fs_scratch_setattr(struct fs_scratch *s, uint64_t ino, const mode_t *mode, const off_t *size,
		       struct fs_scratch_attr *attr)
{
	int r = -ENOENT;
	pthread_mutex_lock(&s->lock);
	struct file **slot = slot_of(s, ino);
	if (!slot)
		goto out;
	struct file *f = *slot;
	r = 0;
	if (size)
		r = *size < 0 ? -EINVAL : resize(f, (size_t)*size);
	if (r == 0 && mode)
		f->mode = *mode & 07777;
	touch(f, size != NULL);
	fill(s, f, attr);
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

ssize_t fs_scratch_write(struct fs_scratch *s, uint64_t ino, const char *buf, size_t size,
			 off_t off)
{
	ssize_t r = -ENOENT;
	pthread_mutex_lock(&s->lock);
	struct file **slot = slot_of(s, ino);
	if (!slot)
		goto out;
	struct file *f = *slot;
	if (off < 0 || (size_t)off + size > FS_SCRATCH_MAX_SIZE) {
		r = -EFBIG;
		goto out;
	}
	size_t end = (size_t)off + size;
	if (end > f->size) {
		int e = resize(f, end);
		if (e < 0) {
			r = e;
			goto out;
		}
	}
	if (f->data && f->kind != FS_SCRATCH_PROTO && !f->sink)
		memcpy(f->data + off, buf, size);
	touch(f, true);
	r = (ssize_t)size;
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

ssize_t fs_scratch_read(struct fs_scratch *s, uint64_t ino, char *buf, size_t size, off_t off)
{
	ssize_t r = -ENOENT;
	pthread_mutex_lock(&s->lock);
	struct file **slot = slot_of(s, ino);
	if (!slot)
		goto out;
	struct file *f = *slot;
	const char *data = f->kind == FS_SCRATCH_PROTO ? s->proto : f->data;
	size_t len = f->kind == FS_SCRATCH_PROTO ? s->proto_len : f->sink ? 0 : f->size;
	r = 0;
	if (off >= 0 && (size_t)off < len) {
		size_t n = len - (size_t)off < size ? len - (size_t)off : size;
		memcpy(buf, data + off, n);
		r = (ssize_t)n;
	}
out:
	pthread_mutex_unlock(&s->lock);
	return r;
}

int fs_scratch_unlink(struct fs_scratch *s, const char *name)
{
	int r = -ENOENT;
	pthread_mutex_lock(&s->lock);
	for (size_t i = 0; i < FS_SCRATCH_MAX_FILES; i++) {
		struct file *f = s->files[i];
		if (f && f->linked && !f->sink && strcmp(f->name, name) == 0) {
			f->linked = false;
			maybe_free(&s->files[i]);
			r = 0;
			break;
		}
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

void fs_scratch_forget(struct fs_scratch *s, uint64_t ino, uint64_t nlookup)
{
	pthread_mutex_lock(&s->lock);
	struct file **slot = slot_of(s, ino);
	if (slot) {
		struct file *f = *slot;
		f->nlookup = f->nlookup > nlookup ? f->nlookup - nlookup : 0;
		maybe_free(slot);
	}
	pthread_mutex_unlock(&s->lock);
}

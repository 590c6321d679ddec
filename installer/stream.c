#include "installer/stream.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct pyi_stream {
	pthread_mutex_t lock;
	pthread_cond_t can_read, can_write;
	unsigned char *buf;
	size_t cap, head, len; /* ring: data at head .. head+len (mod cap) */
	bool write_closed, write_failed, read_closed;
};

struct pyi_stream *pyi_stream_create(size_t capacity)
{
	struct pyi_stream *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->buf = malloc(capacity);
	if (!s->buf) {
		free(s);
		return NULL;
	}
	s->cap = capacity;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->can_read, NULL);
	pthread_cond_init(&s->can_write, NULL);
	return s;
}

void pyi_stream_destroy(struct pyi_stream *s)
{
	if (!s)
		return;
	pthread_mutex_destroy(&s->lock);
	pthread_cond_destroy(&s->can_read);
	pthread_cond_destroy(&s->can_write);
	free(s->buf);
	free(s);
}

bool pyi_stream_write(struct pyi_stream *s, const void *buf, size_t n)
{
	const unsigned char *p = buf;
	pthread_mutex_lock(&s->lock);
	while (n > 0) {
		while (s->len == s->cap && !s->read_closed)
			pthread_cond_wait(&s->can_write, &s->lock);
		if (s->read_closed)
			break;
		size_t tail = (s->head + s->len) % s->cap;
		size_t room = s->cap - s->len;
		size_t chunk = n < room ? n : room;
		if (chunk > s->cap - tail)
			chunk = s->cap - tail;
		memcpy(s->buf + tail, p, chunk);
		s->len += chunk;
		p += chunk;
		n -= chunk;
		pthread_cond_signal(&s->can_read);
	}
	bool ok = !s->read_closed;
	pthread_mutex_unlock(&s->lock);
	return ok;
}

void pyi_stream_close_write(struct pyi_stream *s, bool failed)
{
	pthread_mutex_lock(&s->lock);
	s->write_closed = true;
	s->write_failed = s->write_failed || failed;
	pthread_cond_broadcast(&s->can_read);
	pthread_mutex_unlock(&s->lock);
}

ssize_t pyi_stream_read(struct pyi_stream *s, void *buf, size_t max)
{
	pthread_mutex_lock(&s->lock);
	while (s->len == 0 && !s->write_closed)
		pthread_cond_wait(&s->can_read, &s->lock);
	ssize_t r;
	if (s->len == 0) {
		r = s->write_failed ? -1 : 0;
	} else {
		size_t chunk = s->len < max ? s->len : max;
		if (chunk > s->cap - s->head)
			chunk = s->cap - s->head;
		memcpy(buf, s->buf + s->head, chunk);
		s->head = (s->head + chunk) % s->cap;
		s->len -= chunk;
		r = (ssize_t)chunk;
		pthread_cond_signal(&s->can_write);
	}
	pthread_mutex_unlock(&s->lock);
	return r;
}

void pyi_stream_close_read(struct pyi_stream *s)
{
	pthread_mutex_lock(&s->lock);
	s->read_closed = true;
	pthread_cond_broadcast(&s->can_write);
	pthread_mutex_unlock(&s->lock);
}

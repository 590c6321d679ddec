/* pyi_stream: a bounded in-memory pipe between two threads — the download
 * thread writes the archive bytes, the extraction thread reads them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct pyi_stream;

/* A pipe holding at most capacity bytes. NULL when out of memory. */
struct pyi_stream *pyi_stream_create(size_t capacity);

/* Frees the pipe; both sides must be done with it. NULL is fine. */
void pyi_stream_destroy(struct pyi_stream *s);

/* Writer: appends n bytes, blocking while the pipe is full. Returns false
 * (dropping the bytes) once the reader has closed its side. */
bool pyi_stream_write(struct pyi_stream *s, const void *buf, size_t n);

/* Writer: no more bytes. With failed set the reader sees an error instead
 * of the end of the stream. */
void pyi_stream_close_write(struct pyi_stream *s, bool failed);

/* Reader: copies up to max bytes into buf, blocking while the pipe is
 * empty. Returns the count, 0 at the end of the stream, -1 when the writer
 * closed with failed. */
ssize_t pyi_stream_read(struct pyi_stream *s, void *buf, size_t max);

/* Reader: stops reading; the writer's further writes return false. */
void pyi_stream_close_read(struct pyi_stream *s);

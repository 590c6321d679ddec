#include "installer/inflate.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define CHUNK (256u << 10)

struct pyi_inflater {
	pthread_t thread;
	struct pyi_stream *in, *out;
	unsigned char *ibuf, *obuf;
	bool out_open;
	char error[256];
};

static void put(struct pyi_inflater *z, const unsigned char *p, size_t n)
{
	if (n > 0 && z->out_open && !pyi_stream_write(z->out, p, n))
		z->out_open = false;
}

/* Inflates n bytes; false (with z->error) on corrupt data. */
static bool inflate_chunk(struct pyi_inflater *z, z_stream *zs, bool *ended, unsigned char *p,
			  size_t n)
{
	zs->next_in = p;
	zs->avail_in = (unsigned)n;
	while (zs->avail_in > 0) {
		if (*ended) {
			/* another gzip member follows, as gzip -d reads them */
			inflateReset(zs);
			*ended = false;
		}
		zs->next_out = z->obuf;
		zs->avail_out = CHUNK;
		int r = inflate(zs, Z_NO_FLUSH);
		put(z, z->obuf, CHUNK - zs->avail_out);
		if (r == Z_STREAM_END) {
			*ended = true;
		} else if (r != Z_OK) {
			snprintf(z->error, sizeof(z->error), "bad archive: gzip: %s",
				 zs->msg ? zs->msg : "corrupt data");
			return false;
		}
	}
	return true;
}

static void *inflater_main(void *ctx)
{
	struct pyi_inflater *z = ctx;
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	bool gzip = false, decided = false, ended = false, failed = false;
	size_t have = 0; /* bytes held in ibuf before deciding */
	for (;;) {
		ssize_t n = pyi_stream_read(z->in, z->ibuf + have, CHUNK - have);
		if (n < 0) {
			failed = true;
			break;
		}
		if (n == 0 && !decided && have > 0) {
			put(z, z->ibuf, have); /* too short to be gzip: pass it on */
			break;
		}
		if (n == 0) {
			if (gzip && !ended)
				snprintf(z->error, sizeof(z->error),
					 "bad archive: gzip: unexpected end of data");
			break;
		}
		size_t len = have + (size_t)n;
		if (!decided) {
			if (len < 2) {
				have = len;
				continue;
			}
			decided = true;
			gzip = z->ibuf[0] == 0x1f && z->ibuf[1] == 0x8b;
			have = 0;
			if (gzip && inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
				snprintf(z->error, sizeof(z->error), "gzip: out of memory");
				gzip = false;
				break;
			}
		}
		if (!gzip)
			put(z, z->ibuf, len);
		else if (!inflate_chunk(z, &zs, &ended, z->ibuf, len))
			break;
	}
	if (gzip)
		inflateEnd(&zs);
	pyi_stream_close_write(z->out, failed || z->error[0]);
	pyi_stream_close_read(z->in);
	return NULL;
}

struct pyi_inflater *pyi_inflater_start(struct pyi_stream *in, struct pyi_stream *out)
{
	struct pyi_inflater *z = calloc(1, sizeof(*z));
	if (!z)
		return NULL;
	z->in = in;
	z->out = out;
	z->out_open = true;
	z->ibuf = malloc(CHUNK);
	z->obuf = malloc(CHUNK);
	if (!z->ibuf || !z->obuf || pthread_create(&z->thread, NULL, inflater_main, z) != 0) {
		free(z->ibuf);
		free(z->obuf);
		free(z);
		return NULL;
	}
	return z;
}

bool pyi_inflater_join(struct pyi_inflater *z, struct pyi_err *err)
{
	pthread_join(z->thread, NULL);
	bool ok = !z->error[0];
	if (!ok)
		pyi_err_set(err, PYI_E_ARCHIVE, "%s", z->error);
	free(z->ibuf);
	free(z->obuf);
	free(z);
	return ok;
}

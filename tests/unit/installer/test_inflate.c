/* pyi_inflater: gunzips between two streams in a thread of its own; passes
 * other bytes through; names corrupt and truncated gzip data. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "installer/inflate.h"

static size_t gz(const unsigned char *in, size_t n, unsigned char *out, size_t cap)
{
	z_stream zs;
	memset(&zs, 0, sizeof(zs));
	assert_int_equal(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY),
			 Z_OK);
	zs.next_in = (unsigned char *)in;
	zs.avail_in = (unsigned)n;
	zs.next_out = out;
	zs.avail_out = (unsigned)cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	size_t len = cap - zs.avail_out;
	deflateEnd(&zs);
	return len;
}

struct feeder {
	struct pyi_stream *s;
	const unsigned char *p;
	size_t n, step;
	bool fail;
};

static void *feed_main(void *ctx)
{
	struct feeder *f = ctx;
	for (size_t off = 0; off < f->n; off += f->step) {
		size_t k = f->n - off < f->step ? f->n - off : f->step;
		if (!pyi_stream_write(f->s, f->p + off, k))
			break;
	}
	pyi_stream_close_write(f->s, f->fail);
	return NULL;
}

/* Runs bytes through an inflater; returns what came out (*out, *len), the
 * reader's last result in *last, and the join result. */
static bool run(const unsigned char *p, size_t n, size_t step, bool fail, unsigned char **out,
		size_t *len, ssize_t *last, struct pyi_err *err)
{
	struct pyi_stream *in = pyi_stream_create(1 << 16), *res = pyi_stream_create(1 << 16);
	struct feeder f = {in, p, n, step, fail};
	pthread_t th;
	pthread_create(&th, NULL, feed_main, &f);
	struct pyi_inflater *z = pyi_inflater_start(in, res);
	assert_non_null(z);
	size_t cap = 1 << 22;
	*out = malloc(cap);
	*len = 0;
	ssize_t r;
	while ((r = pyi_stream_read(res, *out + *len, cap - *len)) > 0)
		*len += (size_t)r;
	*last = r;
	pyi_err_clear(err);
	bool ok = pyi_inflater_join(z, err);
	assert_int_equal(err->code, ok ? PYI_OK : PYI_E_ARCHIVE);
	pthread_join(th, NULL);
	pyi_stream_destroy(in);
	pyi_stream_destroy(res);
	return ok;
}

static unsigned char *pattern(size_t n)
{
	unsigned char *p = malloc(n);
	unsigned seed = 7;
	for (size_t i = 0; i < n; i++)
		p[i] = (unsigned char)(i % 97 < 50 ? 'a' + i % 13 : (size_t)rand_r(&seed));
	return p;
}

static void test_gzip_members(void **state)
{
	(void)state;
	size_t n = 1 << 20;
	unsigned char *raw = pattern(n), *z = malloc(2 * n), *out;
	size_t a = gz(raw, n / 3, z, 2 * n);
	size_t b = gz(raw + n / 3, n - n / 3, z + a, 2 * n - a);
	size_t len;
	ssize_t last;
	struct pyi_err err;
	assert_true(run(z, a + b, 4093, false, &out, &len, &last, &err));
	assert_int_equal(last, 0);
	assert_int_equal(len, n);
	assert_memory_equal(out, raw, n);
	free(out);
	/* cut short: named as such, and the reader sees a failure */
	assert_false(run(z, a + b / 2, 1000, false, &out, &len, &last, &err));
	assert_string_equal(err.msg, "bad archive: gzip: unexpected end of data");
	assert_int_equal(last, -1);
	free(out);
	/* corrupt */
	for (size_t i = 200; i < 600; i++)
		z[i] ^= 0x5a;
	assert_false(run(z, a + b, 65536, false, &out, &len, &last, &err));
	assert_non_null(strstr(err.msg, "bad archive: gzip: "));
	assert_int_equal(last, -1);
	free(out);
	free(raw);
	free(z);
}

static void test_passthrough(void **state)
{
	(void)state;
	unsigned char *raw = pattern(300000), *out;
	raw[0] = 0x28; /* zstd's first byte: not gzip */
	size_t len;
	ssize_t last;
	struct pyi_err err;
	assert_true(run(raw, 300000, 1, false, &out, &len, &last, &err));
	assert_int_equal(len, 300000);
	assert_memory_equal(out, raw, 300000);
	free(out);
	assert_true(run(raw, 1, 1, false, &out, &len, &last, &err)); /* one byte */
	assert_int_equal(len, 1);
	free(out);
	assert_true(run(raw, 0, 1, false, &out, &len, &last, &err)); /* nothing */
	assert_int_equal(len, 0);
	assert_int_equal(last, 0);
	free(out);
	/* the writer failed: the reader is told, the inflater has nothing to add */
	assert_true(run(raw, 5000, 100, true, &out, &len, &last, &err));
	assert_int_equal(last, -1);
	free(out);
	free(raw);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_gzip_members),
		cmocka_unit_test(test_passthrough),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* pyi_stream: bytes cross between threads in order; either side can stop. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "installer/stream.h"

#define TOTAL (3u << 20)

struct writer {
	struct pyi_stream *s;
	bool fail;
	size_t written;
	bool refused;
};

static void *writer_main(void *ctx)
{
	struct writer *w = ctx;
	unsigned char buf[7919];
	size_t pos = 0;
	unsigned seed = 1;
	while (pos < TOTAL) {
		size_t n = 1 + (size_t)rand_r(&seed) % sizeof(buf);
		if (n > TOTAL - pos)
			n = TOTAL - pos;
		for (size_t i = 0; i < n; i++)
			buf[i] = (unsigned char)((pos + i) * 31 % 251);
		if (!pyi_stream_write(w->s, buf, n)) {
			w->refused = true;
			break;
		}
		pos += n;
	}
	w->written = pos;
	pyi_stream_close_write(w->s, w->fail);
	return NULL;
}

static void test_in_order(void **state)
{
	(void)state;
	struct pyi_stream *s = pyi_stream_create(65536);
	struct writer w = {.s = s};
	pthread_t th;
	pthread_create(&th, NULL, writer_main, &w);
	unsigned char buf[5000];
	size_t pos = 0;
	ssize_t n;
	while ((n = pyi_stream_read(s, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++)
			assert_int_equal(buf[i], (unsigned char)((pos + (size_t)i) * 31 % 251));
		pos += (size_t)n;
	}
	assert_int_equal(n, 0);
	assert_int_equal(pos, TOTAL);
	pthread_join(th, NULL);
	pyi_stream_destroy(s);
	pyi_stream_destroy(NULL);
}

static void test_writer_fails(void **state)
{
	(void)state;
	struct pyi_stream *s = pyi_stream_create(1 << 22);
	struct writer w = {.s = s, .fail = true};
	pthread_t th;
	pthread_create(&th, NULL, writer_main, &w);
	unsigned char buf[65536];
	ssize_t n;
	size_t pos = 0;
	while ((n = pyi_stream_read(s, buf, sizeof(buf))) > 0)
		pos += (size_t)n;
	assert_int_equal(n, -1);
	assert_int_equal(pos, TOTAL);
	pthread_join(th, NULL);
	pyi_stream_destroy(s);
}

static void test_reader_stops(void **state)
{
	(void)state;
	struct pyi_stream *s = pyi_stream_create(4096);
	struct writer w = {.s = s};
	pthread_t th;
	pthread_create(&th, NULL, writer_main, &w);
	unsigned char buf[100];
	assert_true(pyi_stream_read(s, buf, sizeof(buf)) > 0);
	pyi_stream_close_read(s);
	pthread_join(th, NULL); /* the blocked writer is released */
	assert_true(w.refused);
	assert_true(w.written < TOTAL);
	pyi_stream_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_writer_fails),
		cmocka_unit_test(test_reader_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

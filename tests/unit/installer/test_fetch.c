/* pyi_fetch: the pure parts (proxy from the environment, --mirror, cache
 * names) and real transfers that need no server (file://, a refused port). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "installer/fetch.h"
#include "installer/install.h"

static const char *const *fake_env;

static const char *fake_getenv(const char *name)
{
	for (const char *const *e = fake_env; *e; e += 2)
		if (strcmp(e[0], name) == 0)
			return e[1];
	return NULL;
}

static void test_proxy(void **state)
{
	(void)state;
	const char *const upper[] = {"HTTP_PROXY", "http://up:1", "HTTPS_PROXY", "http://ups:2",
				     NULL};
	fake_env = upper;
	/* libcurl ignores HTTP_PROXY; we do not */
	assert_string_equal(pyi_fetch_proxy_for("http://h/x", fake_getenv), "http://up:1");
	assert_string_equal(pyi_fetch_proxy_for("HTTPS://h/x", fake_getenv), "http://ups:2");
	assert_null(pyi_fetch_proxy_for("file:///x", fake_getenv));
	const char *const both[] = {"http_proxy", "http://low:1", "HTTP_PROXY", "http://up:1",
				    "ALL_PROXY",  "http://all:3", NULL};
	fake_env = both;
	assert_string_equal(pyi_fetch_proxy_for("http://h/x", fake_getenv), "http://low:1");
	assert_string_equal(pyi_fetch_proxy_for("https://h/x", fake_getenv), "http://all:3");
	const char *const empty[] = {"http_proxy", "", NULL};
	fake_env = empty;
	assert_null(pyi_fetch_proxy_for("http://h/x", fake_getenv));
	assert_null(pyi_fetch_proxy_for("nourl", fake_getenv));
}

static void test_mirror(void **state)
{
	(void)state;
	const char *up = PYI_UPSTREAM_PREFIX "/20240107/cpython-3.12.1%2B20240107-x.tar.gz";
	char *u = pyi_fetch_mirror_url(up, "http://mirror.example/pbs/");
	assert_string_equal(
		u, "http://mirror.example/pbs/20240107/cpython-3.12.1%2B20240107-x.tar.gz");
	free(u);
	u = pyi_fetch_mirror_url(up, "file:///srv/pbs");
	assert_string_equal(u, "file:///srv/pbs/20240107/cpython-3.12.1%2B20240107-x.tar.gz");
	free(u);
	u = pyi_fetch_mirror_url(
		"https://github.com/indygreg/python-build-standalone/releases/download/1/x.tar.zst",
		"http://m");
	assert_string_equal(u, "http://m/1/x.tar.zst");
	free(u);
	u = pyi_fetch_mirror_url("http://elsewhere/x.tar.gz", "http://m");
	assert_string_equal(u, "http://elsewhere/x.tar.gz");
	free(u);
	u = pyi_fetch_mirror_url(up, NULL);
	assert_string_equal(u, up);
	free(u);
	/* only a whole path component of the prefix matches */
	u = pyi_fetch_mirror_url(PYI_UPSTREAM_PREFIX "x/y", "http://m");
	assert_string_equal(u, PYI_UPSTREAM_PREFIX "x/y");
	free(u);
	assert_true(pyi_fetch_is_url("HTTP://x"));
	assert_true(pyi_fetch_is_url("file:///x"));
	assert_false(pyi_fetch_is_url("/x"));
	assert_false(pyi_fetch_is_url("ftp://x"));
}

static void test_cache_name(void **state)
{
	(void)state;
	char buf[256];
	assert_true(pyi_install_cache_name("http://h/a/cpython-3.12.1%2B2024-x.tar.gz?sig=1", buf,
					   sizeof(buf)));
	assert_string_equal(buf, "cpython-3.12.1+2024-x.tar.gz");
	assert_true(pyi_install_cache_name("http://h/a%2Fb%20c", buf, sizeof(buf)));
	assert_string_equal(buf, "a_b_c");
	assert_false(pyi_install_cache_name("http://h/dir/", buf, sizeof(buf)));
	assert_false(pyi_install_cache_name("http://h/..", buf, sizeof(buf)));
	assert_false(pyi_install_cache_name("http://h/%2e%2E", buf, sizeof(buf)));
	assert_false(pyi_install_cache_name("http://h/abcdef", buf, 4));
}

struct collect {
	char buf[4096];
	size_t len;
	long status;
	int64_t total;
	int begins;
};

static bool c_begin(void *ctx, long status, const char *ct, int64_t total, struct pyi_err *err)
{
	(void)ct;
	(void)err;
	struct collect *c = ctx;
	c->status = status;
	c->total = total;
	c->begins++;
	return true;
}

static bool c_data(void *ctx, const void *buf, size_t n, struct pyi_err *err)
{
	struct collect *c = ctx;
	if (c->len + n > sizeof(c->buf))
		return pyi_err_set(err, PYI_E_IO, "too much");
	memcpy(c->buf + c->len, buf, n);
	c->len += n;
	return true;
}

static void test_file_url(void **state)
{
	(void)state;
	char path[] = "/tmp/pyi-fetch-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0123456789", 10), 10);
	close(fd);
	char url[128];
	snprintf(url, sizeof(url), "file://%s", path);
	struct collect c = {0};
	struct pyi_fetch_sink sink = {.begin = c_begin, .data = c_data, .ctx = &c};
	struct pyi_err err = {0};
	assert_true(pyi_fetch(url, 4, NULL, &sink, &err));
	assert_int_equal(c.len, 6);
	assert_memory_equal(c.buf, "456789", 6);
	assert_int_equal(c.total, 10);
	char *buf;
	size_t len;
	assert_true(pyi_fetch_to_memory(url, 100, NULL, &buf, &len, &err));
	assert_int_equal(len, 10);
	assert_string_equal(buf, "0123456789");
	free(buf);
	assert_false(pyi_fetch_to_memory(url, 5, NULL, &buf, &len, &err));
	assert_int_equal(err.code, PYI_E_CONTENT);
	unlink(path);
	pyi_err_clear(&err);
	assert_false(pyi_fetch_to_memory(url, 100, NULL, &buf, &len, &err));
	assert_int_equal(err.code, PYI_E_NETWORK);
}

static void test_refused(void **state)
{
	(void)state;
	struct pyi_fetch_opts o = {.retries = 2, .retry_delay_ms = 1};
	struct collect c = {0};
	struct pyi_fetch_sink sink = {.begin = c_begin, .data = c_data, .ctx = &c};
	struct pyi_err err = {0};
	/* port 1 on loopback: connection refused, retried, then a network error */
	assert_false(pyi_fetch("http://127.0.0.1:1/x", 0, &o, &sink, &err));
	assert_int_equal(err.code, PYI_E_NETWORK);
	assert_non_null(strstr(err.msg, "after retries"));
	assert_int_equal(c.begins, 0);
}

int main(void)
{
	pyi_fetch_global_init();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_proxy),      cmocka_unit_test(test_mirror),
		cmocka_unit_test(test_cache_name), cmocka_unit_test(test_file_url),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

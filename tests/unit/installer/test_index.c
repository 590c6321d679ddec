/* pyi_index: parsing uv's download-metadata schema, selection, suggestions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "installer/index.h"

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B "BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB"

/* One entry of the schema; `extra` is appended inside the object. */
static char *entry(char *buf, size_t size, const char *key, int mi, int pa, const char *pre,
		   const char *variant, const char *libc, const char *url, const char *sha,
		   const char *build)
{
	char shaq[80], varq[40];
	snprintf(shaq, sizeof(shaq), sha ? "\"%s\"" : "null", sha ? sha : "");
	snprintf(varq, sizeof(varq), variant ? "\"%s\"" : "null", variant ? variant : "");
	snprintf(buf, size,
		 "\"%s\": {\"name\": \"cpython\", \"arch\": {\"family\": \"x86_64\", \"variant\": "
		 "null}, \"os\": \"linux\", \"libc\": \"%s\", \"major\": 3, \"minor\": %d, "
		 "\"patch\": %d, \"prerelease\": \"%s\", \"url\": \"%s\", \"sha256\": %s, "
		 "\"variant\": %s, \"build\": \"%s\"}",
		 key, libc, mi, pa, pre, url, shaq, varq, build);
	return buf;
}

static struct pyi_index *parse_ok(const char *json)
{
	struct pyi_index *idx = NULL;
	struct pyi_err err = {0};
	if (!pyi_index_parse(json, strlen(json), &idx, &err))
		fail_msg("parse failed: %s", err.msg);
	return idx;
}

static void parse_fails(const char *json, const char *needle)
{
	struct pyi_index *idx = NULL;
	struct pyi_err err = {0};
	assert_false(pyi_index_parse(json, strlen(json), &idx, &err));
	assert_null(idx);
	assert_int_equal(err.code, PYI_E_INDEX);
	if (!strstr(err.msg, needle))
		fail_msg("`%s' not in `%s'", needle, err.msg);
}

static const struct pyi_platform gnu = {"linux", "x86_64", "gnu"};

static struct pyi_index *sample(void)
{
	char e[12][600], json[8192];
	snprintf(json, sizeof(json), "{%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s}",
		 entry(e[0], 600, "cpython-3.12.1-linux-x86_64-gnu", 12, 1, "", NULL, "gnu",
		       "https://x/20240101/cpython-3.12.1-install_only.tar.gz", SHA_A, "20240101"),
		 entry(e[1], 600, "cpython-3.12.3-linux-x86_64-gnu", 12, 3, "", NULL, "gnu",
		       "https://x/20240301/cpython-3.12.3-install_only.tar.gz", SHA_A, "20240301"),
		 entry(e[2], 600, "cpython-3.12.3-linux-x86_64-gnu-stripped", 12, 3, "", NULL,
		       "gnu", "https://x/20240301/cpython-3.12.3-install_only_stripped.tar.gz",
		       SHA_B, "20240301"),
		 entry(e[3], 600, "cpython-3.12.3-linux-x86_64-gnu-full", 12, 3, "", NULL, "gnu",
		       "https://x/20240301/cpython-3.12.3-full.tar.zst", SHA_A, "20240301"),
		 entry(e[4], 600, "cpython-3.12.4rc1-linux-x86_64-gnu", 12, 4, "rc1", NULL, "gnu",
		       "https://x/1/cpython-3.12.4rc1-install_only.tar.gz", SHA_A, "1"),
		 entry(e[5], 600, "cpython-3.13.1+freethreaded-linux-x86_64-gnu", 13, 1, "",
		       "freethreaded", "gnu", "https://x/1/cpython-3.13.1-ft.tar.gz", SHA_A, "1"),
		 entry(e[6], 600, "cpython-3.13.2-linux-x86_64-gnu", 13, 2, "", NULL, "gnu",
		       "https://x/1/cpython-3.13.2-install_only.tar.gz", NULL, "1"),
		 entry(e[7], 600, "cpython-3.13.0-linux-x86_64-gnu", 13, 0, "", NULL, "gnu",
		       "https://x/1/cpython-3.13.0-install_only.tar.gz", SHA_A, "1"),
		 entry(e[8], 600, "cpython-3.13.1+debug-linux-x86_64-gnu", 13, 1, "", "debug",
		       "gnu", "https://x/1/cpython-3.13.1-debug.tar.gz", SHA_A, "1"),
		 entry(e[9], 600, "cpython-3.11.9-linux-x86_64-musl", 11, 9, "", NULL, "musl",
		       "https://x/1/cpython-3.11.9-musl.tar.gz", SHA_A, "1"),
		 entry(e[10], 600, "cpython-3.10.1-linux-x86_64-gnu", 10, 1, "", NULL, "gnu",
		       "https://x/1/cpython-3.10.1-install_only.tar.gz", SHA_A, "1"),
		 "\"pypy-3.10.14-linux-x86_64-gnu\": {\"name\": \"pypy\"}");
	(void)e[11];
	return parse_ok(json);
}

static void test_parse_sample(void **state)
{
	(void)state;
	struct pyi_index *idx = sample();
	/* pypy and the debug variant are left out */
	assert_int_equal(pyi_index_size(idx), 10);
	/* oldest first */
	assert_string_equal(pyi_index_at(idx, 0)->name, "3.10.1");
	assert_null(pyi_index_at(idx, 10));
	const struct pyi_build *last = pyi_index_at(idx, 9);
	assert_string_equal(last->name, "3.13.2");
	assert_null(last->sha256);
	pyi_index_destroy(idx);
	pyi_index_destroy(NULL);
}

static void test_select(void **state)
{
	(void)state;
	struct pyi_index *idx = sample();
	struct pyi_err err = {0};
	const struct pyi_build *b = pyi_index_select(idx, &gnu, "3.12", &err);
	assert_non_null(b);
	/* the newest final 3.12, the stripped archive preferred; sha lower-cased */
	assert_string_equal(b->name, "3.12.3");
	assert_int_equal(b->flavor, PYI_FLAVOR_INSTALL_ONLY_STRIPPED);
	assert_string_equal(b->sha256,
			    "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
	b = pyi_index_select(idx, &gnu, "3.12.1", &err);
	assert_string_equal(b->name, "3.12.1");
	assert_int_equal(b->flavor, PYI_FLAVOR_INSTALL_ONLY);
	b = pyi_index_select(idx, &gnu, "3.12.4rc1", &err);
	assert_string_equal(b->name, "3.12.4rc1");
	b = pyi_index_select(idx, &gnu, "3.13t", &err);
	assert_string_equal(b->name, "3.13.1t");
	assert_true(b->version.freethreaded);
	/* 3.13.2 has no checksum: 3.13 is 3.13.0 */
	b = pyi_index_select(idx, &gnu, "3.13", &err);
	assert_string_equal(b->name, "3.13.0");
	b = pyi_index_select(idx, &gnu, "3", &err);
	assert_string_equal(b->name, "3.13.0");

	pyi_err_clear(&err);
	assert_null(pyi_index_select(idx, &gnu, "3.13.2", &err));
	assert_int_equal(err.code, PYI_E_INDEX);
	assert_non_null(strstr(err.msg, "no SHA-256"));
	pyi_err_clear(&err);
	assert_null(pyi_index_select(idx, &gnu, "3.11", &err));
	assert_int_equal(err.code, PYI_E_NOTFOUND);
	assert_non_null(strstr(err.msg, "linux-x86_64-gnu"));
	pyi_err_clear(&err);
	assert_null(pyi_index_select(idx, &gnu, "banana", &err));
	assert_int_equal(err.code, PYI_E_USAGE);

	const struct pyi_platform musl = {"linux", "x86_64", "musl"};
	b = pyi_index_select(idx, &musl, "3.11", &err);
	assert_string_equal(b->name, "3.11.9");
	assert_true(pyi_build_runs_on(b, &musl));
	assert_false(pyi_build_runs_on(b, &gnu));
	pyi_index_destroy(idx);
}

static void test_suggest(void **state)
{
	(void)state;
	struct pyi_index *idx = sample();
	char names[5][32];
	size_t n = pyi_index_suggest(idx, &gnu, "3.12.9", names, 2);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "3.12.3");
	assert_string_equal(names[1], "3.12.1");
	/* nearest minors (3.10, 3.12) before 3.13; finals before prereleases */
	n = pyi_index_suggest(idx, &gnu, "3.11", names, 3);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "3.12.3");
	assert_string_equal(names[1], "3.12.1");
	assert_string_equal(names[2], "3.10.1");
	n = pyi_index_suggest(idx, &gnu, "3.14t", names, 5);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "3.13.1t");
	assert_int_equal(pyi_index_suggest(idx, &gnu, "junk", names, 5), 0);
	pyi_index_destroy(idx);
}

static void test_malformed(void **state)
{
	(void)state;
	parse_fails("", "not valid JSON");
	parse_fails("{\"a\": ", "not valid JSON");
	parse_fails("[1, 2]", "not a JSON object");
	parse_fails("{\"k\": 3}", "entry `k' is not an object");
	parse_fails("{\"k\": {\"name\": \"cpython\"}}", "arch");
	parse_fails("{\"k\": {\"name\": \"cpython\", \"arch\": \"x86_64\", \"os\": \"linux\", "
		    "\"libc\": \"gnu\", \"major\": 3, \"minor\": 1, \"patch\": 1}}",
		    "missing field `url'");
	parse_fails("{\"k\": {\"name\": \"cpython\", \"arch\": \"x86_64\", \"os\": \"linux\", "
		    "\"libc\": \"gnu\", \"url\": \"u\", \"minor\": 1, \"patch\": 1}}",
		    "missing field `major'");
	parse_fails("{\"k\": {\"name\": \"cpython\", \"arch\": \"x86_64\", \"os\": \"linux\", "
		    "\"libc\": \"gnu\", \"url\": \"u\", \"major\": \"3\", \"minor\": 1, \"patch\": "
		    "1}}",
		    "field `major'");
	parse_fails("{\"k\": {\"name\": \"cpython\", \"arch\": \"x86_64\", \"os\": \"linux\", "
		    "\"libc\": \"gnu\", \"url\": \"u\", \"major\": 3, \"minor\": 1, \"patch\": 1, "
		    "\"sha256\": \"abc\"}}",
		    "bad sha256");
	parse_fails("{\"k\": {\"name\": \"cpython\", \"arch\": \"x86_64\", \"os\": \"linux\", "
		    "\"libc\": \"gnu\", \"url\": \"u\", \"major\": 3, \"minor\": 1, \"patch\": 1, "
		    "\"prerelease\": \"dev\"}}",
		    "bad prerelease");
	parse_fails("{\"k\": {\"name\": 7}}", "field `name' is not a string");
	parse_fails("{\"k\": {\"name\": \"cpython\"}, \"k\": {}}", "not valid JSON");
	/* the minimal form: arch as a string, no sha256 (null), no variant */
	struct pyi_index *idx = parse_ok("{\"k\": {\"name\": \"cpython\", \"arch\": \"x86_64\", "
					 "\"os\": \"linux\", \"libc\": "
					 "\"gnu\", \"url\": \"http://h/f.tar.gz\", \"major\": 3, "
					 "\"minor\": 1, \"patch\": 1, "
					 "\"sha256\": null}}");
	assert_int_equal(pyi_index_size(idx), 1);
	assert_null(pyi_index_at(idx, 0)->sha256);
	assert_false(pyi_build_runs_on(pyi_index_at(idx, 0), &gnu));
	pyi_index_destroy(idx);
	idx = parse_ok("{}");
	assert_int_equal(pyi_index_size(idx), 0);
	pyi_index_destroy(idx);
}

static void test_shipped_index(void **state)
{
	(void)state;
	const char *src = getenv("PYENVFS_SOURCE_ROOT");
	assert_non_null(src);
	char path[4096];
	snprintf(path, sizeof(path), "%s/data/python-build-standalone-index.json", src);
	struct pyi_index *idx = NULL;
	struct pyi_err err = {0};
	if (!pyi_index_load_file(path, &idx, &err))
		fail_msg("%s", err.msg);
	assert_int_equal(pyi_index_size(idx), 940);
	size_t here = 0;
	for (size_t i = 0; i < pyi_index_size(idx); i++)
		here += pyi_build_runs_on(pyi_index_at(idx, i), &gnu) &&
			!pyi_index_at(idx, i)->version.freethreaded;
	assert_int_equal(here, 144);
	const struct pyi_build *b = pyi_index_select(idx, &gnu, "3.12", &err);
	assert_non_null(b);
	assert_int_equal(b->flavor, PYI_FLAVOR_INSTALL_ONLY_STRIPPED);
	pyi_index_destroy(idx);
	pyi_err_clear(&err);
	assert_false(pyi_index_load_file("/nonexistent/index.json", &idx, &err));
	assert_int_equal(err.code, PYI_E_INDEX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_sample),  cmocka_unit_test(test_select),
		cmocka_unit_test(test_suggest),       cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_shipped_index),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

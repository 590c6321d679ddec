/* versions: listing, pyenv's ordering (sort -V), envs, aliases, and latest. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "resolver/versions.h"

static int cmp(const void *a, const void *b)
{
	return rv_vercmp(*(char *const *)a, *(char *const *)b);
}

static void test_vercmp(void **state)
{
	(void)state;
	/* the order GNU sort --version-sort gives their paths under versions/ */
	const char *expect[] = {".venv",
				"1.9.0",
				"1.53.0",
				"1.218.0",
				"2.7.18",
				"3.9.18",
				"3.10.1",
				"3.12",
				"3.12.0",
				"3.12.0a1",
				"3.12.0rc1",
				"3.12.0-dev",
				"3.13.1t",
				"anaconda3-2023.03",
				"miniconda3-latest",
				"pypy3.10-7.3.12"};
	size_t n = sizeof(expect) / sizeof(expect[0]);
	const char *v[sizeof(expect) / sizeof(expect[0])];
	for (size_t i = 0; i < n; i++)
		v[i] = expect[(i * 7 + 3) % n]; /* shuffled */
	qsort(v, n, sizeof(v[0]), cmp);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(v[i], expect[i]);
	assert_int_equal(rv_vercmp("3.8", "3.8"), 0);
	assert_true(rv_vercmp("3.08", "3.8") != 0); /* ties broken */
}

static char *pick(const char *prefix, const char *const *cands, size_t n)
{
	char *out = NULL;
	int r = rv_latest_pick((char *const *)cands, n, prefix, &out);
	if (r == -ENOENT)
		return NULL;
	assert_int_equal(r, 0);
	return out;
}

#define assert_pick(prefix, expect, ...)                                                           \
	do {                                                                                       \
		const char *c_[] = {__VA_ARGS__};                                                  \
		char *o_ = pick(prefix, c_, sizeof(c_) / sizeof(c_[0]));                           \
		if (expect) {                                                                      \
			assert_non_null(o_);                                                       \
			assert_string_equal(o_, (const char *)(expect));                           \
		} else {                                                                           \
			assert_null(o_);                                                           \
		}                                                                                  \
		free(o_);                                                                          \
	} while (0)

static void test_latest_pick(void **state)
{
	(void)state;
	assert_pick("4", "4.5.6", "4.5.6");
	assert_pick("3.8", NULL, "3.5.6", "3.10.8");
	assert_pick("foo", "foo", "foo", "foo.bar");
	assert_pick("3", "3.10.8", "2.7.18", "3.5.6", "3.10.8", "3.10.6");
	assert_pick("3.8", "3.8.1", "3.8.5-dev", "3.8.5-src", "3.8.5-latest", "3.8.5a2", "3.8.5b3",
		    "3.8.5rc2", "3.8.5t", "3.8.5b3t", "3.8.5rc2t", "3.8.1", "3.8.1/envs/foo");
	assert_pick("3t", "3.13.5t", "3.13.2t", "3.13.5", "3.13.5t", "3.14.6");
	assert_pick("3.1", "3.1.2", "3.1.2", "3.10.1", "3.12.0"); /* a prefix is a whole part */
	assert_pick("pypy3.10", "pypy3.10-7.3.17", "pypy3.10-7.3.12", "pypy3.10-7.3.17");
	assert_pick("miniconda3", "miniconda3-4.7.12", "miniconda3-4.3.30", "miniconda3-4.7.12",
		    "miniconda3-latest");
	assert_pick("3.12", "3.12.10", "3.12.9", "3.12.10", "3.12.2");
	assert_pick("", NULL, "3.12.1");
	/* no candidates at all: pyenv's grep matches the empty line for an empty prefix */
	char *out = NULL;
	assert_int_equal(rv_latest_pick(NULL, 0, "", &out), 0);
	assert_string_equal(out, "");
	free(out);
	assert_int_equal(rv_latest_pick(NULL, 0, "3", &out), -ENOENT);
}

static char *list(struct tu_tree *f, unsigned flags)
{
	struct rv_versions vs = {0};
	assert_int_equal(rv_versions_list(f->root, f->dir, flags, &vs), 0);
	struct rv_strv sv = {0};
	for (size_t i = 0; i < vs.n; i++)
		rv_strv_pushf(&sv, "%s%s", vs.v[i].name, vs.v[i].is_link ? "@" : "");
	char *j = rv_strv_join(&sv, " ");
	rv_strv_clear(&sv);
	rv_versions_finish(&vs);
	return j;
}

static void test_list(void **state)
{
	struct tu_tree *f = *state;
	char *l = list(f, 0);
	assert_string_equal(l, ""); /* no versions dir */
	free(l);
	tu_mkdirs(f->root, "versions/2.7.6");
	tu_mkdirs(f->root, "versions/3.4.0/envs/foo");
	tu_mkdirs(f->root, "versions/3.4.0/envs/bar");
	tu_write(f->root, "versions/3.4.0/envs/file", "", 0);
	tu_mkdirs(f->root, "versions/3.10.0");
	tu_mkdirs(f->root, "versions/.venv");
	tu_write(f->root, "versions/hello", "", 0); /* not a directory: ignored */
	tu_symlink("3.10.0", f->root, "versions/3.10");
	tu_symlink("3.4.0/envs/foo", f->root, "versions/foo");
	tu_mkdirs(f->dir, "external/moo");
	char *moo = tu_path(f->dir, "external/moo");
	tu_symlink(moo, f->root, "versions/moo");
	tu_symlink("nowhere", f->root, "versions/dangling");
	l = list(f, 0);
	assert_string_equal(
		l, ".venv 2.7.6 3.4.0 3.4.0/envs/bar 3.4.0/envs/foo 3.10@ 3.10.0 foo@ moo@");
	free(l);
	l = list(f, RV_VERSIONS_SKIP_ENVS);
	assert_string_equal(l, ".venv 2.7.6 3.4.0 3.10@ 3.10.0 foo@ moo@");
	free(l);
	/* aliases: links to versions and envs; an external link is a version */
	l = list(f, RV_VERSIONS_SKIP_ENVS | RV_VERSIONS_SKIP_ALIASES);
	assert_string_equal(l, ".venv 2.7.6 3.4.0 3.10.0 moo@");
	free(l);
	free(moo);
}

static void test_latest_installed(void **state)
{
	struct tu_tree *f = *state;
	char *out = NULL;
	assert_int_equal(rv_latest(f->root, f->dir, "3.12", &out), -ENOENT);
	tu_mkdirs(f->root, "versions/3.12.1");
	tu_mkdirs(f->root, "versions/3.12.10");
	tu_mkdirs(f->root, "versions/3.12.11t");
	tu_mkdirs(f->root, "versions/3.12.12/envs/x");
	tu_symlink("3.12.12/envs/x", f->root, "versions/3.12.99");
	tu_mkdirs(f->root, "versions/3.12.20-dev");
	/* envs are skipped, aliases are not: 3.12.99 -> an env still counts */
	assert_int_equal(rv_latest(f->root, f->dir, "3.12", &out), 0);
	assert_string_equal(out, "3.12.99");
	free(out);
	assert_int_equal(rv_latest(f->root, f->dir, "3.12t", &out), 0);
	assert_string_equal(out, "3.12.11t");
	free(out);
	/* an installed name is itself */
	assert_int_equal(rv_latest(f->root, f->dir, "3.12.1", &out), 0);
	assert_string_equal(out, "3.12.1");
	free(out);
	/* latest -f: a missing free-threaded name loses its 't' (pyenv's prefix then finds
	 * 3.12.1); other misses come back as they are */
	assert_int_equal(rv_latest_force(f->root, f->dir, "3.12.1t", &out), 1);
	assert_string_equal(out, "3.12.1");
	free(out);
	assert_int_equal(rv_latest_force(f->root, f->dir, "3.12t", &out), 0);
	assert_string_equal(out, "3.12.11t");
	free(out);
	assert_int_equal(rv_latest_force(f->root, f->dir, "nope", &out), 1);
	assert_string_equal(out, "nope");
	free(out);
	assert_int_equal(rv_latest_force(f->root, f->dir, "t", &out), 1);
	assert_string_equal(out, "t");
	free(out);
}

static void test_executables(void **state)
{
	struct tu_tree *f = *state;
	tu_exec(f->root, "versions/3.5.0/bin/python");
	tu_exec(f->root, "versions/3.5.0/bin/python1");
	tu_exec(f->root, "versions/3.6.0/bin/python");
	tu_exec(f->root, "versions/3.5.0/envs/foo/bin/python_foo");
	tu_write(f->root, "versions/3.6.0/bin/README", "x", 1); /* not executable */
	tu_mkdirs(f->root, "versions/3.6.0/bin/subdir");
	struct rv_strv sv = {0};
	assert_int_equal(rv_versions_executables(f->root, true, &sv), 0);
	char *j = rv_strv_join(&sv, " ");
	assert_string_equal(j, "python python1 python_foo");
	free(j);
	rv_strv_clear(&sv);
	assert_int_equal(rv_versions_executables(f->root, false, &sv), 0);
	j = rv_strv_join(&sv, " ");
	assert_string_equal(j, "README python python1 python_foo subdir");
	free(j);
	rv_strv_clear(&sv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vercmp),
		cmocka_unit_test(test_latest_pick),
		cmocka_unit_test_setup_teardown(test_list, tu_tree_setup, tu_tree_teardown),
		cmocka_unit_test_setup_teardown(test_latest_installed, tu_tree_setup,
						tu_tree_teardown),
		cmocka_unit_test_setup_teardown(test_executables, tu_tree_setup, tu_tree_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

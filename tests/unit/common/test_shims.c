/* Unit tests of common/shims: which versions and envs count, which bin entries are shims,
 * the walk over versions/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/path.h"
#include "common/shims.h"

static char root[64];

static void put(const char *rel, mode_t mode)
{
	char p[256], dir[256];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	snprintf(dir, sizeof(dir), "%s", p);
	*strrchr(dir, '/') = '\0';
	assert_int_equal(pc_mkdir_p(dir, 0755), 0);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(chmod(p, mode), 0);
}

static void dir(const char *rel)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	assert_int_equal(pc_mkdir_p(p, 0755), 0);
}

static void link_to(const char *target, const char *rel)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	assert_int_equal(symlink(target, p), 0);
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/pc-shims.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	put("versions/3.12.1/bin/python", 0755);
	put("versions/3.12.1/bin/README", 0644);
	put("versions/3.12.1/bin/.dotted", 0700); /* a dot name inside bin/ is a shim */
	put("versions/3.12.1/bin/group-only", 0010);
	dir("versions/3.12.1/bin/subdir");
	link_to("python", "versions/3.12.1/bin/python3");
	link_to("nowhere", "versions/3.12.1/bin/dangling");
	link_to("subdir", "versions/3.12.1/bin/dirlink");
	put("versions/3.12.1/envs/venv/bin/tool", 0755);
	put("versions/3.12.1/envs/.dotenv/bin/dotenvtool", 0755);
	put("versions/3.12.1/envs/notanenv", 0755);
	put("versions/.hidden/bin/secret", 0755);
	put("versions/notadir", 0755);
	link_to("3.12.1", "versions/alias");
	link_to("missing", "versions/broken");
	dir("versions/3.11.0"); /* no bin/ */
	return 0;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static int teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void dir_names(void **state)
{
	(void)state;
	assert_true(pc_shim_dir_name_counts("3.12.1"));
	assert_true(pc_shim_dir_name_counts("pypy3.10-7.3.12"));
	assert_false(pc_shim_dir_name_counts(".hidden"));
	assert_false(pc_shim_dir_name_counts("."));
	assert_false(pc_shim_dir_name_counts(".."));
}

/* Collected "kind:relative path" lines, sorted. */
struct seen {
	char lines[32][128];
	size_t n;
	int stop_after; /* > 0: return -ECANCELED at that visit */
};

static int cmp_line(const void *a, const void *b)
{
	return strcmp(a, b);
}

static int visit(void *ctx, enum pc_shim_dir kind, const char *path)
{
	struct seen *s = ctx;
	static const char *const kinds[] = {"version", "envs", "env"};
	assert_true(s->n < 32);
	assert_true(strncmp(path, root, strlen(root)) == 0);
	snprintf(s->lines[s->n++], 128, "%s:%s", kinds[kind], path + strlen(root) + 1);
	return s->stop_after && (int)s->n == s->stop_after ? -ECANCELED : 0;
}

static void walk_visits_what_counts(void **state)
{
	(void)state;
	struct seen s = {0};
	assert_int_equal(pc_shim_walk(root, visit, &s), 0);
	qsort(s.lines, s.n, sizeof(s.lines[0]), cmp_line);
	static const char *const want[] = {
		"env:versions/3.12.1/envs/venv",
		"env:versions/alias/envs/venv",
		"envs:versions/3.12.1/envs",
		"envs:versions/alias/envs",
		"version:versions/3.11.0",
		"version:versions/3.12.1",
		"version:versions/alias",
	};
	assert_int_equal(s.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < s.n; i++)
		assert_string_equal(s.lines[i], want[i]);
	/* not .hidden, .dotenv, notadir, notanenv, broken; "alias" (a link to 3.12.1) is a
	 * version of its own, envs and all, as the daemon watches it */
}

static void walk_stops_on_error_and_tolerates_no_root(void **state)
{
	(void)state;
	struct seen s = {.stop_after = 1};
	assert_int_equal(pc_shim_walk(root, visit, &s), -ECANCELED);
	assert_int_equal(s.n, 1);
	struct seen none = {0};
	assert_int_equal(pc_shim_walk("/nonexistent/root", visit, &none), 0);
	assert_int_equal(none.n, 0);
}

static int collect_name(void *ctx, const char *name)
{
	struct seen *s = ctx;
	assert_true(s->n < 32);
	snprintf(s->lines[s->n++], 128, "%s", name);
	return 0;
}

static void bin_entries_that_are_shims(void **state)
{
	(void)state;
	char bin[128];
	snprintf(bin, sizeof(bin), "%s/versions/3.12.1/bin", root);
	struct seen s = {0};
	assert_int_equal(pc_shim_each_in_bin(bin, collect_name, &s), 0);
	qsort(s.lines, s.n, sizeof(s.lines[0]), cmp_line);
	/* not README (no x bit), subdir, dirlink (directories), dangling (nothing there) */
	static const char *const want[] = {".dotted", "group-only", "python", "python3"};
	assert_int_equal(s.n, sizeof(want) / sizeof(want[0]));
	for (size_t i = 0; i < s.n; i++)
		assert_string_equal(s.lines[i], want[i]);
	struct seen none = {0};
	assert_int_equal(pc_shim_each_in_bin("/nonexistent/bin", collect_name, &none), 0);
	assert_int_equal(none.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dir_names),
		cmocka_unit_test(walk_visits_what_counts),
		cmocka_unit_test(walk_stops_on_error_and_tolerates_no_root),
		cmocka_unit_test(bin_entries_that_are_shims),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

/* Unit tests of common/roots: PYENVFS_ROOTS parsing, the layouts, uv's names, the roots
 * file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/roots.h"

static void uv_is(const char *entry, const char *want)
{
	char out[64];
	assert_int_equal(pc_uv_version_name(entry, out, sizeof(out)), 0);
	assert_string_equal(out, want);
}

static void uv_names_are_pyenvs(void **state)
{
	(void)state;
	uv_is("cpython-3.12.8-linux-x86_64-gnu", "3.12.8");
	uv_is("cpython-3.13.1+freethreaded-linux-x86_64-gnu", "3.13.1t");
	uv_is("cpython-3.13.1+debug-linux-x86_64-gnu", "3.13.1-debug");
	uv_is("cpython-3.13.1+freethreaded+debug-linux-x86_64-gnu", "3.13.1t-debug");
	uv_is("cpython-3.14.0rc2-macos-aarch64-none", "3.14.0rc2");
	uv_is("cpython-3.14.0a1-linux-x86_64-musl", "3.14.0a1");
	char out[64];
	assert_int_equal(pc_uv_version_name("pypy-3.10.14-linux-x86_64-gnu", out, 64), -ENOTSUP);
	assert_int_equal(pc_uv_version_name("graalpy-3.11.0-linux-x86_64-gnu", out, 64), -ENOTSUP);
	assert_int_equal(pc_uv_version_name("cpython-3.12-linux-x86_64-gnu", out, 64), -EINVAL);
	assert_int_equal(pc_uv_version_name("cpython-3.12.8-linux-x86_64", out, 64), -EINVAL);
	assert_int_equal(pc_uv_version_name("cpython-3.12.8-linux-x86_64-gnu-x", out, 64), -EINVAL);
	assert_int_equal(pc_uv_version_name("cpython-3.12.8+odd-linux-x86_64-gnu", out, 64), -EINVAL);
	assert_int_equal(pc_uv_version_name("cpython-3.12.x-linux-x86_64-gnu", out, 64), -EINVAL);
	assert_int_equal(pc_uv_version_name(".lock", out, 64), -EINVAL);
	assert_int_equal(pc_uv_version_name("cpython-3.12.8-linux-x86_64-gnu", out, 4), -ENAMETOOLONG);
}

static char base[] = "/tmp/pc-roots-XXXXXX";

static void mk(const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", base, rel);
	assert_int_equal(mkdir(p, 0755), 0);
}

static int setup(void **state)
{
	(void)state;
	if (!mkdtemp(base))
		return -1;
	mk("main");
	mk("shared");
	mk("shared/versions");
	mk("uv");
	mk("uv/cpython-3.12.8-linux-x86_64-gnu");
	mk("empty");
	mk("other");
	mk("other/stuff");
	char p[512];
	snprintf(p, sizeof(p), "%s/file", base);
	FILE *f = fopen(p, "w");
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", base);
	return system(cmd);
}

static int parse(const char *fmt, struct pc_roots **out, struct pc_msg *msg)
{
	char list[2048], main[512], *o = list;
	for (const char *f = fmt; *f && o < list + sizeof(list) - 512; f++)
		o = *f == '@' ? stpcpy(o, base) : (*o = *f, o + 1);
	*o = '\0';
	snprintf(main, sizeof(main), "%s/main", base);
	return pc_roots_parse(list, main, NULL, out, msg);
}

static void layouts_are_recognised(void **state)
{
	(void)state;
	struct pc_roots *r;
	struct pc_msg msg = {""};
	assert_int_equal(parse("@/shared::@/uv:@/empty/:@/late:@/shared", &r, &msg), 0);
	assert_int_equal(pc_roots_count(r), 4);
	assert_int_equal(pc_roots_kind(r, 0), PC_ROOT_PYENV);
	assert_int_equal(pc_roots_kind(r, 1), PC_ROOT_UV);
	assert_int_equal(pc_roots_kind(r, 2), PC_ROOT_UV);
	assert_int_equal(pc_roots_kind(r, 3), PC_ROOT_MISSING);
	assert_non_null(strstr(pc_roots_path(r, 2), "/empty"));
	assert_int_equal(pc_roots_path(r, 2)[strlen(pc_roots_path(r, 2)) - 1], 'y');
	mk("late");
	mk("late/versions");
	assert_int_equal(pc_roots_kind(r, 3), PC_ROOT_PYENV); /* picked up when it appears */
	pc_roots_destroy(r);
	assert_int_equal(parse("@/main:@/main/", &r, &msg), 0); /* PYENV_ROOT itself: dropped */
	assert_int_equal(pc_roots_count(r), 0);
	pc_roots_destroy(r);
	assert_int_equal(pc_roots_parse(NULL, "/x", NULL, &r, &msg), 0);
	assert_int_equal(pc_roots_count(r), 0);
	pc_roots_destroy(r);
}

static void bad_is(const char *fmt, int err, const char *text)
{
	struct pc_roots *r = (void *)1;
	struct pc_msg msg = {""};
	assert_int_equal(parse(fmt, &r, &msg), err);
	assert_null(r);
	assert_non_null(strstr(msg.text, text));
}

static void bad_roots_are_errors(void **state)
{
	(void)state;
	bad_is("@/shared:@/file", -ENOTDIR, "/file: not a directory");
	bad_is("@/other", -EINVAL, "/other: neither a pyenv root (no versions/) nor a uv");
	bad_is("@/main/shims", -EINVAL, "/main/shims: is the shims mountpoint");
	bad_is("@/main/shims/x", -EINVAL, "is the shims mountpoint");
}

static void roots_file_round_trips(void **state)
{
	(void)state;
	struct pc_roots *r, *back;
	struct pc_msg msg = {""};
	assert_int_equal(parse("@/shared:@/uv:@/nowhere", &r, &msg), 0);
	char *text = pc_roots_format(r);
	assert_non_null(text);
	char path[512];
	snprintf(path, sizeof(path), "%s/main/" PC_ROOTS_FILE, base);
	assert_int_equal(pc_roots_read_file(path, &back), -ENOENT);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	assert_int_equal(pc_roots_read_file(path, &back), 0);
	assert_int_equal(pc_roots_count(back), 3);
	for (size_t i = 0; i < 3; i++)
		assert_string_equal(pc_roots_path(back, i), pc_roots_path(r, i));
	assert_int_equal(pc_roots_kind(back, 1), PC_ROOT_UV);
	assert_non_null(strstr(text, "missing\t/"));
	pc_roots_destroy(back);
	pc_roots_destroy(r);
	free(text);
	f = fopen(path, "w");
	fputs("pyenv relative\n", f);
	fclose(f);
	assert_int_equal(pc_roots_read_file(path, &back), -EINVAL);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(uv_names_are_pyenvs),
		cmocka_unit_test(layouts_are_recognised),
		cmocka_unit_test(bad_roots_are_errors),
		cmocka_unit_test(roots_file_round_trips),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

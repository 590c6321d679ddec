/* Unit tests of common/path: pc_absolute's tidying and pc_mkdir_p. */
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

static void absolute_is(const char *path, const char *want)
{
	char *got = pc_absolute(path);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void absolute_tidies_absolute_paths(void **state)
{
	(void)state;
	absolute_is("/tmp/rr", "/tmp/rr");
	absolute_is("/tmp/rr/", "/tmp/rr");
	absolute_is("/tmp/rr///", "/tmp/rr");
	absolute_is("//tmp//./rr/.", "/tmp/rr");
	absolute_is("/", "/");
	absolute_is("//", "/");
	absolute_is("/./", "/");
	/* ".." and names that merely start with a dot are kept: no lexical guessing */
	absolute_is("/a/../b", "/a/../b");
	absolute_is("/a/.hidden/..x", "/a/.hidden/..x");
}

static void absolute_against_the_working_directory(void **state)
{
	(void)state;
	assert_int_equal(chdir("/usr"), 0);
	absolute_is("rr", "/usr/rr");
	absolute_is("./rr/", "/usr/rr");
	absolute_is(".", "/usr");
	absolute_is("../x", "/usr/../x");
	errno = 0;
	assert_null(pc_absolute(""));
	assert_int_equal(errno, ENOENT);
}

static void absolute_in_a_removed_directory_fails(void **state)
{
	(void)state;
	char dir[] = "/tmp/pc-path.XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(rmdir(dir), 0);
	errno = 0;
	assert_null(pc_absolute("rr"));
	assert_int_equal(errno, ENOENT);
	absolute_is("/still/fine", "/still/fine");
	assert_int_equal(chdir("/"), 0);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void mkdir_p_creates_parents_and_checks_the_end(void **state)
{
	(void)state;
	char dir[] = "/tmp/pc-mkdir.XXXXXX", p[128];
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/a//b/c/", dir);
	assert_int_equal(pc_mkdir_p(p, 0755), 0);
	assert_int_equal(pc_mkdir_p(p, 0755), 0); /* existing: fine */
	struct stat st;
	snprintf(p, sizeof(p), "%s/a/b/c", dir);
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));

	/* a file at the end or on the way */
	snprintf(p, sizeof(p), "%s/file", dir);
	close(open(p, O_CREAT | O_WRONLY, 0644));
	assert_int_equal(pc_mkdir_p(p, 0755), -ENOTDIR);
	snprintf(p, sizeof(p), "%s/file/x/y", dir);
	assert_int_equal(pc_mkdir_p(p, 0755), -ENOTDIR);

	/* a symlink to a directory is a directory; a dangling one is not */
	snprintf(p, sizeof(p), "%s/link", dir);
	assert_int_equal(symlink("a/b", p), 0);
	assert_int_equal(pc_mkdir_p(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/dangling", dir);
	assert_int_equal(symlink("nowhere", p), 0);
	assert_int_equal(pc_mkdir_p(p, 0755), -ENOENT);

	/* relative to the working directory; empty is an error */
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(pc_mkdir_p("rel/x", 0700), 0);
	assert_int_equal(stat("rel/x", &st), 0);
	assert_int_equal(st.st_mode & 0777, 0700); /* umask 022 from main */
	assert_int_equal(pc_mkdir_p("", 0755), -ENOENT);
	assert_int_equal(chdir("/"), 0);
	nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static void mkdir_p_reports_permission(void **state)
{
	(void)state;
	if (geteuid() == 0) {
		/* root creates anywhere: check a read-only place instead */
		assert_int_not_equal(pc_mkdir_p("/proc/pc-mkdir-test/x", 0755), 0);
		return;
	}
	assert_int_equal(pc_mkdir_p("/pc-mkdir-test/x", 0755), -EACCES);
}

int main(void)
{
	umask(022);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(absolute_tidies_absolute_paths),
		cmocka_unit_test(absolute_against_the_working_directory),
		cmocka_unit_test(absolute_in_a_removed_directory_fails),
		cmocka_unit_test(mkdir_p_creates_parents_and_checks_the_end),
		cmocka_unit_test(mkdir_p_reports_permission),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

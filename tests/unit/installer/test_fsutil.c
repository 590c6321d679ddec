/* pyi_fs: rmtree (never through symlinks), tmp base, the lock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/path.h"
#include "installer/fsutil.h"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/pyi-fs-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return pyi_fs_rmtree(dir, NULL) ? 0 : -1;
}

static void test_mkdirs_rmtree(void **state)
{
	(void)state;
	char p[256], keep[256], link[256];
	snprintf(p, sizeof(p), "%s/a/b/c", dir);
	assert_int_equal(pc_mkdir_p(p, 0755), 0);
	assert_int_equal(pc_mkdir_p(p, 0755), 0);
	snprintf(keep, sizeof(keep), "%s/keep", dir);
	assert_int_equal(mkdir(keep, 0755), 0);
	snprintf(link, sizeof(link), "%s/a/b/tokeep", dir);
	assert_int_equal(symlink(keep, link), 0);
	snprintf(p, sizeof(p), "%s/keep/file", dir);
	close(open(p, O_CREAT | O_WRONLY, 0644));
	snprintf(p, sizeof(p), "%s/a", dir);
	assert_true(pyi_fs_rmtree(p, NULL));
	struct stat st;
	assert_int_not_equal(lstat(p, &st), 0);
	snprintf(p, sizeof(p), "%s/keep/file", dir);
	assert_int_equal(lstat(p, &st), 0); /* not followed */
	assert_true(pyi_fs_rmtree("/nonexistent/x", NULL));
	assert_int_equal(pc_mkdir_p(p, 0755), -ENOTDIR);
}

static int waited;

static void on_wait(void *ctx)
{
	(void)ctx;
	waited++;
}

static bool cancel_now(void *ctx)
{
	(void)ctx;
	return true;
}

static void test_lock(void **state)
{
	(void)state;
	char versions[256], base[256];
	snprintf(versions, sizeof(versions), "%s/root/versions", dir);
	assert_int_equal(pc_mkdir_p(versions, 0755), 0);
	struct pyi_err err = {0};
	assert_true(pyi_fs_tmp_base(versions, base, sizeof(base), &err));
	char want[256];
	snprintf(want, sizeof(want), "%s/root/.pyenvfs-tmp", dir);
	char real[4096];
	assert_non_null(realpath(want, real));
	assert_string_equal(base, real);
	int a = pyi_fs_lock(base, "3.12.1", on_wait, NULL, NULL, &err);
	assert_true(a >= 0);
	/* busy: told once, then cancelled */
	int b = pyi_fs_lock(base, "3.12.1", on_wait, cancel_now, NULL, &err);
	assert_int_equal(b, -1);
	assert_int_equal(err.code, PYI_E_CANCELLED);
	assert_int_equal(waited, 1);
	/* another version is independent */
	pyi_err_clear(&err);
	int c = pyi_fs_lock(base, "3.12.2", on_wait, cancel_now, NULL, &err);
	assert_true(c >= 0);
	close(a);
	b = pyi_fs_lock(base, "3.12.1", on_wait, cancel_now, NULL, &err);
	assert_true(b >= 0);
	close(b);
	close(c);
	pyi_err_clear(&err);
	assert_false(pyi_fs_tmp_base("/nonexistent/versions", base, sizeof(base), &err));
	assert_int_equal(err.code, PYI_E_IO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mkdirs_rmtree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* ctl's pure helpers: leading flags (-f/--force), version-name's re-splitting, the
 * out-of-memory message's prefix, the usage error. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "capture.h"
#include "ctl/ctl.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/version.h"

static void test_force_flag(void **state)
{
	(void)state;
	bool force = false;
	char *a[] = {"local", "-f", "--force", "3.12", "-f"};
	assert_int_equal(ctl_force_flag(5, a, 1, &force), 3);
	assert_true(force);
	force = false;
	char *b[] = {"local", "3.12", "-f"};
	assert_int_equal(ctl_force_flag(3, b, 1, &force), 1);
	assert_false(force);
	char *c[] = {"local", "--forced"};
	assert_int_equal(ctl_force_flag(2, c, 1, &force), 1);
	assert_false(force);
	char *d[] = {"local", "-f"};
	assert_int_equal(ctl_force_flag(2, d, 1, &force), 2);
	assert_true(force);
	char *e[] = {"local"};
	assert_int_equal(ctl_force_flag(1, e, 1, &force), 1);
}

static void test_leading_flags(void **state)
{
	(void)state;
	bool k = false, b = false, f = false;
	const struct ctl_flag flags[] = {
		{"-k", "--known", &k}, {"-b", "--bypass", &b}, {"-f", "--force", &f}};
	char *a[] = {"latest", "--known", "-b", "3.12", "-f"};
	assert_int_equal(ctl_leading_flags(5, a, 1, flags, 3), 3);
	assert_true(k && b && !f);
}

static void check_resplit(const char *const *in, size_t n, const char *const *want, size_t m)
{
	struct rv_strv sv = {0};
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rv_strv_push(&sv, in[i]), 0);
	assert_int_equal(pyenv_resplit(&sv), 0);
	assert_int_equal(sv.n, m);
	for (size_t i = 0; i < m; i++)
		assert_string_equal(sv.v[i], want[i]);
	rv_strv_clear(&sv);
}

static void test_resplit(void **state)
{
	(void)state;
	/* `IFS=: x=($(pyenv-version-name))`: empty names stay in the middle, a trailing one
	 * goes, names with ':' split */
	const char *a[] = {"3.12", "", "2.7", ""}, *wa[] = {"3.12", "", "2.7"};
	check_resplit(a, 4, wa, 3);
	const char *b[] = {""};
	check_resplit(b, 1, NULL, 0);
	const char *c[] = {"", "3.12"}, *wc[] = {"", "3.12"};
	check_resplit(c, 2, wc, 2);
	const char *d[] = {"a:b", "c"}, *wd[] = {"a", "b", "c"};
	check_resplit(d, 2, wd, 3);
	check_resplit(NULL, 0, NULL, 0);
}

static void test_oom_prefix(void **state)
{
	(void)state;
	const struct ctl own = {.prog = "pyenvfs-ctl"}, pyenv = {.prog = "pyenv", .as_pyenv = true};
	cap_begin(2);
	assert_int_equal(pyenv_oom(&own), 1);
	assert_int_equal(pyenv_oom(&pyenv), 1);
	char *err = cap_end(2);
	assert_string_equal(err, "pyenvfs-ctl: out of memory\npyenv: out of memory\n");
	free(err);
}

static void test_usage_error(void **state)
{
	(void)state;
	const struct ctl own = {.prog = "pyenvfs-ctl"};
	cap_begin(2);
	assert_int_equal(pyenv_usage_error(&own, "whence"), 1);
	char *err = cap_end(2);
	assert_string_equal(err, "Usage: pyenvfs-ctl whence [--path] <command>\n");
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_force_flag),  cmocka_unit_test(test_leading_flags),
		cmocka_unit_test(test_resplit),     cmocka_unit_test(test_oom_prefix),
		cmocka_unit_test(test_usage_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

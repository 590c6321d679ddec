/* Unit tests of common/root: pyenv's spelling of the root and the absolute one, and the
 * message sink they report through. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/root.h"

static void pyenv_is(const char *env, const char *home, const char *want)
{
	char *got = pc_root_pyenv(env, home);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

/* What libexec/pyenv does: PYENV_ROOT="${PYENV_ROOT%/}", else "${HOME}/.pyenv". */
static void pyenv_spelling_is_pyenvs(void **state)
{
	(void)state;
	pyenv_is("/tmp/rr", "/h", "/tmp/rr");
	pyenv_is("/tmp/rr/", "/h", "/tmp/rr");
	pyenv_is("/tmp/rr//", "/h", "/tmp/rr/");
	pyenv_is("/", "/h", "");
	pyenv_is("rel", "/h", "rel");
	pyenv_is("", "/h", "/h/.pyenv");
	pyenv_is(NULL, "/h", "/h/.pyenv");
	pyenv_is(NULL, NULL, "/.pyenv");
}

static void root_is(const char *env, const char *home, const char *want)
{
	char *got = NULL;
	struct pc_msg msg = {""};
	assert_int_equal(pc_root(env, home, &got, &msg), 0);
	assert_non_null(got);
	assert_string_equal(got, want);
	assert_string_equal(msg.text, "");
	free(got);
}

static void absolute_root_strips_and_tidies(void **state)
{
	(void)state;
	root_is("/tmp/rr", NULL, "/tmp/rr");
	root_is("/tmp/rr/", NULL, "/tmp/rr");
	root_is("/tmp/rr//", NULL, "/tmp/rr");
	root_is("/tmp//rr/./", NULL, "/tmp/rr");
	root_is("/", NULL, "/");
	root_is("//", NULL, "/");
	root_is(NULL, "/home/u", "/home/u/.pyenv");
	root_is("", "/home/u/", "/home/u/.pyenv");
	/* symlinks are not resolved: the root keeps the name it was given */
	root_is("/proc/self/cwd", NULL, "/proc/self/cwd");
}

static void relative_root_is_made_absolute(void **state)
{
	(void)state;
	assert_int_equal(chdir("/usr"), 0);
	root_is("rr", NULL, "/usr/rr");
	root_is("./rr/", NULL, "/usr/rr");
	root_is(NULL, "home", "/usr/home/.pyenv");
}

static void unset_root_and_home_is_an_error(void **state)
{
	(void)state;
	char *got = (char *)"untouched";
	struct pc_msg msg = {""};
	assert_int_equal(pc_root(NULL, NULL, &got, &msg), -ENOENT);
	assert_null(got);
	assert_string_equal(msg.text, "neither PYENV_ROOT nor HOME is set");
	assert_int_equal(pc_root("", "", &got, NULL), -ENOENT); /* no sink: no message */
}

static void relative_root_in_a_removed_directory(void **state)
{
	(void)state;
	char dir[] = "/tmp/pc-root.XXXXXX";
	assert_non_null(mkdtemp(dir));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(rmdir(dir), 0);
	char *got = NULL;
	struct pc_msg msg = {""};
	assert_int_equal(pc_root("rr/", NULL, &got, &msg), -ENOENT);
	assert_null(got);
	assert_string_equal(msg.text, "PYENV_ROOT rr/: No such file or directory");
	assert_int_equal(chdir("/"), 0);
}

static void msg_truncates(void **state)
{
	(void)state;
	struct pc_msg msg;
	char big[PC_MSG_MAX * 2];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	pc_msg_set(&msg, "%s", big);
	assert_int_equal(strlen(msg.text), PC_MSG_MAX - 1);
	pc_msg_set(NULL, "%s", "nothing happens");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pyenv_spelling_is_pyenvs),
		cmocka_unit_test(absolute_root_strips_and_tidies),
		cmocka_unit_test(relative_root_is_made_absolute),
		cmocka_unit_test(unset_root_and_home_is_an_error),
		cmocka_unit_test(relative_root_in_a_removed_directory),
		cmocka_unit_test(msg_truncates),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* pyenvfs-shim, the program: run as the kernel runs it for an entry, it execs the real
 * program by its real path with pyenv exec's environment, or fails like pyenv. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "resolver/strv.h"
#include "testutil.h"

struct fx {
	char *dir, *root, *mnt;
	const char *shim;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	f->shim = getenv("PYENVFS_SHIM");
	if (!f->shim)
		fail_msg("PYENVFS_SHIM is not set (meson passes the built shim)");
	tu_tree_init(&f->dir, &f->root);
	f->mnt = tu_path(f->dir, "mnt"); /* stands for the mounted shims dir */
	tu_mkdirs(f->dir, "mnt");
	tu_mkdirs(f->dir, "proj");
	/* each program prints how it was run */
	const char *body = "#!/bin/sh\nprintf '%s|%s|%s|%s\\n' \"$0\" \"$*\" \"$PYENV_VERSION\" "
			   "\"$PATH\"\n";
	tu_write(f->root, "versions/3.12.1/bin/python", body, (size_t)-1);
	tu_write(f->root, "versions/3.11.9/bin/only311", body, (size_t)-1);
	tu_write(f->dir, "sys/tool", body, (size_t)-1);
	tu_write(f->dir, "mnt/tool", "#!/bin/sh\necho LOOP\n", (size_t)-1);
	const char *exe[] = {"root/versions/3.12.1/bin/python", "root/versions/3.11.9/bin/only311",
			     "sys/tool", "mnt/tool"};
	for (size_t i = 0; i < 4; i++) {
		char *p = tu_path(f->dir, exe[i]);
		chmod(p, 0755);
		free(p);
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tu_tree_finish(f->dir, f->root);
	free(f->mnt);
	free(f);
	return 0;
}

/* Runs the shim for entry mnt/<cmd> in dir proj with env (NULL-terminated, PATH and PWD
 * added); returns the exit status, stdout and stderr in out/err (malloc'ed). */
static int run(struct fx *f, const char *cmd, const char *const *env, char **out, char **err)
{
	char *proj = tu_path(f->dir, "proj");
	char *entry = rv_strf("%s/%s", f->mnt, cmd);
	struct rv_strv e = {0};
	rv_strv_pushf(&e, "PATH=%s:%s/sys:/usr/bin:/bin", f->mnt, f->dir);
	rv_strv_pushf(&e, "PWD=%s", proj);
	for (size_t i = 0; env && env[i]; i++)
		rv_strv_push(&e, env[i]);
	char ofile[] = "/tmp/rv-shim-out.XXXXXX", efile[] = "/tmp/rv-shim-err.XXXXXX";
	int ofd = mkstemp(ofile), efd = mkstemp(efile);
	assert_true(ofd >= 0 && efd >= 0);
	pid_t pid = fork();
	if (pid == 0) {
		dup2(ofd, 1);
		dup2(efd, 2);
		if (chdir(proj) < 0)
			_exit(99);
		char *argv[] = {(char *)f->shim, f->root, entry, "a b", "-c", NULL};
		execve(f->shim, argv, e.v);
		_exit(98);
	}
	int st;
	waitpid(pid, &st, 0);
	char buf[8192];
	ssize_t n = pread(ofd, buf, sizeof(buf) - 1, 0);
	*out = strndup(buf, n > 0 ? (size_t)n : 0);
	n = pread(efd, buf, sizeof(buf) - 1, 0);
	*err = strndup(buf, n > 0 ? (size_t)n : 0);
	close(ofd);
	close(efd);
	unlink(ofile);
	unlink(efile);
	rv_strv_clear(&e);
	free(entry);
	free(proj);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void test_exec_version(void **state)
{
	struct fx *f = *state;
	tu_write(f->dir, "proj/.python-version", "3.12\n", (size_t)-1);
	char *out, *err;
	assert_int_equal(run(f, "python", NULL, &out, &err), 0);
	/* the real path as $0, the arguments as given, PYENV_VERSION resolved, the version's
	 * bin/ first in PATH and nothing else added */
	char *expect = rv_strf("%s/versions/3.12.1/bin/python|a b -c|3.12.1|%s/versions/3.12.1/"
			       "bin:%s:%s/sys:/usr/bin:/bin\n",
			       f->root, f->root, f->mnt, f->dir);
	assert_string_equal(out, expect);
	assert_string_equal(err, "");
	free(expect);
	free(out);
	free(err);
}

static void test_system_skips_own_dir(void **state)
{
	struct fx *f = *state;
	const char *env[] = {"PYENV_VERSION=system", NULL};
	char *out, *err;
	assert_int_equal(run(f, "tool", env, &out, &err), 0);
	/* mnt/tool (the entry itself) is skipped; PATH is left alone for system */
	char *expect = rv_strf("%s/sys/tool|a b -c|system|%s:%s/sys:/usr/bin:/bin\n", f->dir,
			       f->mnt, f->dir);
	assert_string_equal(out, expect);
	free(expect);
	free(out);
	free(err);
}

static void test_not_found(void **state)
{
	struct fx *f = *state;
	const char *env[] = {"PYENV_VERSION=3.12.1:3.10", NULL};
	char *out, *err;
	assert_int_equal(run(f, "only311", env, &out, &err), 127);
	assert_string_equal(out, "");
	assert_string_equal(err, "pyenv: version `3.10' is not installed (set by PYENV_VERSION "
				 "environment variable)\n"
				 "pyenv: only311: command not found\n"
				 "\n"
				 "The `only311' command exists in these Python versions:\n"
				 "  3.11.9\n"
				 "\n"
				 "Note: See 'pyenv help global' for tips on allowing multiple\n"
				 "      Python versions to be found at the same time.\n");
	free(out);
	free(err);
}

static void test_bad_pyenv_dir(void **state)
{
	struct fx *f = *state;
	const char *env[] = {"PYENV_DIR=/nonexistent", NULL};
	char *out, *err;
	assert_int_equal(run(f, "python", env, &out, &err), 1);
	assert_string_equal(err, "pyenv: cannot change working directory to `/nonexistent'\n");
	free(out);
	free(err);
}

static void test_hostile_file(void **state)
{
	struct fx *f = *state;
	/* pyenv exec reads the file twice when PYENV_VERSION is unset: two warnings each */
	tu_write(f->dir, "proj/.python-version", "../../etc\n3.12.1\n", (size_t)-1);
	char *out, *err;
	assert_int_equal(run(f, "python", NULL, &out, &err), 0);
	char *w =
		rv_strf("pyenv: invalid version `../../etc' ignored in `%s/proj/.python-version'\n",
			f->dir);
	char *expect = rv_strf("%s%s", w, w);
	assert_string_equal(err, expect);
	assert_non_null(strstr(out, "|3.12.1|"));
	free(w);
	free(expect);
	free(out);
	free(err);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_exec_version, setup, teardown),
		cmocka_unit_test_setup_teardown(test_system_skips_own_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_pyenv_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hostile_file, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

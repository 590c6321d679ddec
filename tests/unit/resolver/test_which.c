/* which: versions in order, then system (PATH minus the shims dirs), pyenv's failure
 * messages, prefix, whence, and exec's environment. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "resolver/which.h"

struct fx {
	char *dir, *root, *bin, *shims, *path;
	struct rv_ctx ctx;
	struct rv_strv msgs;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	tu_tree_init(&f->dir, &f->root);
	f->bin = tu_path(f->dir, "bin");
	f->shims = tu_path(f->root, "shims");
	tu_exec(f->root, "versions/2.7/bin/python");
	tu_exec(f->root, "versions/3.3/bin/py.test");
	tu_exec(f->root, "versions/3.4.2/bin/py.test");
	tu_exec(f->root, "versions/3.4.2/bin/python");
	tu_exec(f->dir, "bin/tool");
	tu_exec(f->root, "shims/tool");
	tu_exec(f->dir, "mnt/tool");
	f->path = rv_strf("%s:%s/mnt:%s:/usr/bin:/bin", f->shims, f->dir, f->bin);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	rv_ctx_finish(&f->ctx);
	rv_strv_clear(&f->msgs);
	tu_tree_finish(f->dir, f->root);
	free(f->bin);
	free(f->shims);
	free(f->path);
	free(f);
	return 0;
}

static void init(struct fx *f, const char *version, const char *path)
{
	rv_ctx_finish(&f->ctx);
	rv_strv_clear(&f->msgs);
	struct rv_env env = {
		.pyenv_root = f->root,
		.home = f->dir,
		.pwd = f->dir,
		.pyenv_version = version,
		.path = path ? path : f->path,
	};
	assert_int_equal(chdir(f->dir), 0);
	assert_int_equal(rv_ctx_init(&f->ctx, &env, &f->msgs), 0);
}

/* which CMD with PYENV_VERSION=version: the path, or NULL with f->msgs filled. */
static char *which(struct fx *f, const char *version, const char *cmd, bool skip_advice)
{
	init(f, version, NULL);
	struct rv_strv vs = {0};
	assert_int_equal(rv_which_versions(&f->ctx, &vs, &f->msgs), 0);
	struct rv_which w;
	assert_int_equal(rv_which_search(&f->ctx, cmd, vs.v, vs.n, false, NULL, &w), 0);
	char *out = NULL;
	if (rv_which_found(&w))
		out = strdup(w.path);
	else
		assert_int_equal(rv_which_failure(&f->ctx, cmd, &w, skip_advice, &f->msgs), 0);
	rv_which_finish(&w);
	rv_strv_clear(&vs);
	return out;
}

static void assert_which(struct fx *f, const char *version, const char *cmd, const char *rel)
{
	char *got = which(f, version, cmd, false);
	char *expect = tu_path(f->dir, rel);
	assert_non_null(got);
	assert_string_equal(got, expect);
	free(got);
	free(expect);
}

static void test_order(void **state)
{
	struct fx *f = *state;
	assert_which(f, "2.7", "python", "root/versions/2.7/bin/python");
	assert_which(f, "3.3:2.7", "python", "root/versions/2.7/bin/python");
	assert_which(f, "3.4:2.7", "py.test", "root/versions/3.4.2/bin/py.test"); /* prefix */
	assert_which(f, "2.7:3.3", "py.test", "root/versions/3.3/bin/py.test");
	/* system: PATH without root/shims, wherever it is */
	assert_which(f, "system", "tool", "mnt/tool");
	/* the shim's own directory is skipped too */
	init(f, "system", NULL);
	f->ctx.extra_shims = tu_path(f->dir, "mnt");
	char *p = rv_system_which(&f->ctx, "tool", NULL);
	char *expect = tu_path(f->dir, "bin/tool");
	assert_string_equal(p, expect);
	free(p);
	/* and the _PYENV_SHIM_PATHS_<CMD> dirs */
	rv_ctx_finish(&f->ctx);
	init(f, "system", NULL);
	char *mnt = tu_path(f->dir, "mnt");
	p = rv_system_which(&f->ctx, "tool", mnt);
	assert_string_equal(p, expect);
	free(p);
	free(mnt);
	free(expect);
	/* bash builtins answer by name: not found unless that name is executable here */
	assert_null(rv_system_which(&f->ctx, "echo", NULL));
	assert_null(rv_system_which(&f->ctx, "kill", NULL));
	/* an empty PATH element is the current directory */
	init(f, "system", ":/nonexistent");
	tu_exec(f->dir, "here");
	p = rv_system_which(&f->ctx, "here", NULL);
	assert_string_equal(p, "./here");
	free(p);
}

static void test_failures(void **state)
{
	struct fx *f = *state;
	assert_null(which(f, "2.7", "fab", false));
	assert_int_equal(f->msgs.n, 1);
	assert_string_equal(f->msgs.v[0], "pyenv: fab: command not found");

	assert_null(which(f, "2.7:1.0", "py.test", false));
	const char *expect[] = {
		"pyenv: version `1.0' is not installed (set by PYENV_VERSION environment variable)",
		"pyenv: py.test: command not found",
		"",
		"The `py.test' command exists in these Python versions:",
		"  3.3",
		"  3.4.2",
		"",
		"Note: See 'pyenv help global' for tips on allowing multiple",
		"      Python versions to be found at the same time.",
	};
	assert_int_equal(f->msgs.n, sizeof(expect) / sizeof(expect[0]));
	for (size_t i = 0; i < f->msgs.n; i++)
		assert_string_equal(f->msgs.v[i], expect[i]);

	assert_null(which(f, "2.7", "py.test", true)); /* --skip-advice */
	assert_int_equal(f->msgs.n, 1);
}

static void test_whence_prefix(void **state)
{
	struct fx *f = *state;
	init(f, NULL, NULL);
	struct rv_strv out = {0};
	assert_int_equal(rv_whence(&f->ctx, "py.test", false, &out), 0);
	char *j = rv_strv_join(&out, " ");
	assert_string_equal(j, "3.3 3.4.2");
	free(j);
	rv_strv_clear(&out);

	char *p = NULL;
	assert_int_equal(rv_prefix(&f->ctx, "3.4", &p, &f->msgs), 0);
	char *expect = tu_path(f->root, "versions/3.4.2");
	assert_string_equal(p, expect);
	free(p);
	free(expect);
	assert_int_equal(rv_prefix(&f->ctx, "1.2.3", &p, &f->msgs), -ENOENT);
	assert_string_equal(f->msgs.v[0], "pyenv: version `1.2.3' not installed");
	/* system: the dir above bin/ or sbin/ */
	tu_exec(f->dir, "sys/sbin/python3");
	char *path = rv_strf("%s/sys/sbin:/nonexistent", f->dir);
	init(f, NULL, path);
	assert_int_equal(rv_prefix(&f->ctx, "system", &p, &f->msgs), 0);
	expect = tu_path(f->dir, "sys");
	assert_string_equal(p, expect);
	free(p);
	free(expect);
	free(path);
	init(f, NULL, "/nonexistent");
	assert_int_equal(rv_prefix(&f->ctx, "system", &p, &f->msgs), -ENOENT);
	assert_string_equal(f->msgs.v[0], "pyenv: system version not found in PATH");
}

static const char *getv(char **env, const char *name)
{
	size_t n = strlen(name);
	for (; *env; env++)
		if (strncmp(*env, name, n) == 0 && (*env)[n] == '=')
			return *env + n + 1;
	return NULL;
}

static void test_exec_env(void **state)
{
	struct fx *f = *state;
	init(f, NULL, NULL);
	char *envp[] = {"HOME=/h", "PATH=/usr/bin:/bin", "PYENV_VERSION=old", "X=1", NULL};
	char *bin = tu_path(f->root, "versions/3.4.2/bin");
	char **env = rv_exec_env(&f->ctx, envp, "3.4.2:system", "python", bin, NULL);
	assert_non_null(env);
	size_t n = 0;
	while (env[n])
		n++;
	assert_int_equal(n, 4); /* nothing added but what pyenv exec sets */
	assert_string_equal(getv(env, "PYENV_VERSION"), "3.4.2:system");
	char *path = rv_strf("%s:/usr/bin:/bin", bin);
	assert_string_equal(getv(env, "PATH"), path);
	assert_string_equal(getv(env, "X"), "1");
	free(path);
	rv_env_free(env);
	/* a system program: PATH as it was */
	env = rv_exec_env(&f->ctx, envp, "system", "tool", "/usr/bin", NULL);
	assert_string_equal(getv(env, "PATH"), "/usr/bin:/bin");
	rv_env_free(env);
	/* _PYENV_SHIM_PATH moves into _PYENV_SHIM_PATHS_<CMD> */
	char *envs[] = {"_PYENV_SHIM_PATH=/s", "_PYENV_SHIM_PATHS_MY_TOOL=/t", NULL};
	env = rv_exec_env(&f->ctx, envs, "system", "my-tool", NULL, "/s");
	assert_null(getv(env, "_PYENV_SHIM_PATH"));
	assert_null(getv(env, "PATH"));
	assert_string_equal(getv(env, "_PYENV_SHIM_PATHS_MY_TOOL"), "/s:/t");
	rv_env_free(env);
	/* an install fix-up's TERMINFO_DIRS, unless it is set */
	char *link = tu_path(f->root, "versions/3.4.2/.pyenvfs-terminfo");
	assert_int_equal(symlink("/etc/terminfo:/lib/terminfo", link), 0);
	env = rv_exec_env(&f->ctx, envp, "3.4.2", "python", bin, NULL);
	assert_null(getv(env, "TERMINFO_DIRS")); /* no TERM: no terminal */
	rv_env_free(env);
	char *term[] = {"TERM=xterm", NULL};
	env = rv_exec_env(&f->ctx, term, "3.4.2", "python", bin, NULL);
	assert_string_equal(getv(env, "TERMINFO_DIRS"), "/etc/terminfo:/lib/terminfo");
	assert_string_equal(getv(env, "PYENV_VERSION"), "3.4.2");
	rv_env_free(env);
	char *set[] = {"TERMINFO_DIRS=/mine", "TERM=xterm", NULL};
	env = rv_exec_env(&f->ctx, set, "3.4.2", "python", bin, NULL);
	assert_string_equal(getv(env, "TERMINFO_DIRS"), "/mine");
	assert_null(env[4]);
	rv_env_free(env);
	env = rv_exec_env(&f->ctx, term, "system", "tool", "/usr/bin", NULL);
	assert_null(getv(env, "TERMINFO_DIRS"));
	rv_env_free(env);
	unlink(link);
	free(link);
	free(bin);
}

static void test_shim_paths_var(void **state)
{
	(void)state;
	char *v = rv_shim_paths_var("123;wacky-prog.name ^%$#");
	assert_string_equal(v, "_PYENV_SHIM_PATHS_123_WACKY_PROG_NAME_____");
	free(v);
	v = rv_shim_paths_var("python3.12");
	assert_string_equal(v, "_PYENV_SHIM_PATHS_PYTHON3_12");
	free(v);
	v = rv_shim_paths_var("caf\xc3\xa9"); /* one character, one '_' */
	assert_string_equal(v, "_PYENV_SHIM_PATHS_CAF_");
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_failures, setup, teardown),
		cmocka_unit_test_setup_teardown(test_whence_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_env, setup, teardown),
		cmocka_unit_test(test_shim_paths_var),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

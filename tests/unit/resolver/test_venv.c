/* venv and venv_which: what pyenv-virtualenv's scripts read from an env's files
 * (pyvenv.cfg's home and include-system-site-packages, a virtualenv's lib dir), and its
 * which hooks answered natively. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "testutil.h"
#include "resolver/hooks.h"
#include "resolver/path.h"
#include "resolver/venv.h"
#include "resolver/venv_which.h"

static void assert_cfg_prefix(const char *text, size_t len, const char *want)
{
	char *got = rv_venv_cfg_prefix(text, len == (size_t)-1 ? strlen(text) : len);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void test_cfg_prefix(void **state)
{
	(void)state;
	assert_cfg_prefix("home = /b/bin\ninclude-system-site-packages = false\n", -1, "/b");
	assert_cfg_prefix("home=/b/bin", -1, "/b");             /* no newline at the end */
	assert_cfg_prefix("   home   =    /b  \n", -1, "/b  "); /* trailing blanks kept */
	assert_cfg_prefix("home = /b/bin/\n", -1, "/b/bin/");   /* only "/bin" goes */
	assert_cfg_prefix("home = /bin\n", -1, "");
	assert_cfg_prefix("home = /b/bin\r\n", -1, "/b/bin\r"); /* CR is data */
	assert_cfg_prefix("HOME = /b/bin\nHome=/c\n", -1, "");  /* sed is case-sensitive */
	assert_cfg_prefix("\thome = /b\nhomes = /c\nhome: /d\n", -1, ""); /* spaces only */
	assert_cfg_prefix("# home = /b\nversion = 3.12\n", -1, "");
	assert_cfg_prefix("", 0, "");
	/* several home lines: $(...) joins them with newlines; %/bin acts on the end only */
	assert_cfg_prefix("home = /a/bin\nx = y\nhome = /b/bin\n\n", -1, "/a/bin\n/b");
	assert_cfg_prefix("home = /a\nhome =\n", -1, "/a"); /* an empty value: a newline */
	/* NUL bytes are dropped (bash), lines are cut at 1024 bytes (cut -b) */
	assert_cfg_prefix("home = /b\0x/bin\n", 16, "/bx");
	char line[1100];
	memset(line, 'a', sizeof(line));
	memcpy(line, "home = ", 7);
	line[sizeof(line) - 1] = '\n';
	char *got = rv_venv_cfg_prefix(line, sizeof(line));
	assert_int_equal(strlen(got), 1024 - 7);
	free(got);
}

static void test_cfg_include(void **state)
{
	(void)state;
	static const struct {
		const char *text;
		bool want;
	} cases[] = {
		{"include-system-site-packages = true\n", true},
		{"home = /b\nInclude-System-Site-Packages=TRUE", true},
		{"include-system-site-packages    =   True\n", true},
		{"include-system-site-packages = false\n", false},
		{"include-system-site-packages = trueish\n", true}, /* grep is not anchored */
		{"# include-system-site-packages = true\n", true},
		{"include-system-site-packages\t= true\n", false}, /* ' *' is spaces only */
		{"include-system-site-packages =\ntrue\n", false},
		{"include_system_site_packages = true\n", false},
		{"", false},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_int_equal(rv_venv_cfg_include(cases[i].text, strlen(cases[i].text)),
				 cases[i].want);
}

/* rv_venv_read of f->dir/rel: the prefix (NULL: unset) and include. */
static void assert_read(struct tu_tree *f, const char *rel, const char *prev, const char *prefix,
			bool include)
{
	char *dir = tu_path(f->dir, rel);
	struct rv_venv v;
	assert_int_equal(rv_venv_read(dir, prev, &v), 0);
	if (prefix) {
		assert_non_null(v.prefix);
		assert_string_equal(v.prefix, prefix);
	} else {
		assert_null(v.prefix);
	}
	assert_int_equal(v.include, include);
	rv_venv_finish(&v);
	free(dir);
}

static void test_read_venv(void **state)
{
	struct tu_tree *f = *state;
	tu_write(f->dir, "v1/pyvenv.cfg", "home = /base/bin\ninclude-system-site-packages = true\n",
		 -1);
	assert_read(f, "v1", "/prev", "/base", true);
	tu_write(f->dir, "v2/pyvenv.cfg", "home = /base/bin\n", -1);
	assert_read(f, "v2", NULL, "/base", false);
	tu_write(f->dir, "v3/pyvenv.cfg", "version = 3.12\n", -1); /* no home: "" */
	assert_read(f, "v3", "/prev", "", false);
	/* pyvenv.cfg wins over a virtualenv's files */
	tu_write(f->dir, "v1/lib/orig-prefix.txt", "/other", -1);
	assert_read(f, "v1", NULL, "/base", true);
	/* pyvenv.cfg must be a file (test -f) */
	tu_mkdirs(f->dir, "v4/pyvenv.cfg");
	assert_read(f, "v4", "/prev", "/prev", true);
}

static void test_read_virtualenv(void **state)
{
	struct tu_tree *f = *state;
	/* lib/pythonX.Y/orig-prefix.txt, trailing newlines stripped */
	tu_write(f->dir, "e1/lib/python3.12/orig-prefix.txt", "/base\n\n", -1);
	assert_read(f, "e1", NULL, "/base", true);
	tu_write(f->dir, "e1/lib/python3.12/no-global-site-packages.txt", "", -1);
	assert_read(f, "e1", NULL, "/base", false);
	/* none: the variable keeps its value (or stays unset) */
	tu_mkdirs(f->dir, "e2/lib/python3.12");
	assert_read(f, "e2", NULL, NULL, true);
	assert_read(f, "e2", "/prev", "/prev", true);
	/* -maxdepth 2: lib/a/b/orig-prefix.txt is too deep; -type f: no symlink, no dir */
	tu_write(f->dir, "e2/lib/a/b/orig-prefix.txt", "/deep", -1);
	tu_symlink("../../e1/lib/python3.12/orig-prefix.txt", f->dir,
		   "e2/lib/python3.12/orig-prefix.txt");
	tu_mkdirs(f->dir, "e2/lib/no-global-site-packages.txt");
	assert_read(f, "e2", NULL, NULL, true);
	/* Lib (jython) before lib-python (pypy) before lib */
	tu_write(f->dir, "e3/lib/orig-prefix.txt", "/lib", -1);
	tu_write(f->dir, "e3/lib-python/orig-prefix.txt", "/pypy", -1);
	assert_read(f, "e3", NULL, "/pypy", true);
	tu_write(f->dir, "e3/Lib/orig-prefix.txt", "/jython", -1);
	tu_write(f->dir, "e3/Lib/no-global-site-packages.txt", "", -1);
	assert_read(f, "e3", NULL, "/jython", false);
	/* a lib dir reached through a symlink is searched ("LIB/"); an empty file: "" */
	tu_write(f->dir, "real/orig-prefix.txt", "", -1);
	tu_mkdirs(f->dir, "e4");
	tu_symlink("../real", f->dir, "e4/lib");
	assert_read(f, "e4", "/prev", "", true);
	/* cat drops NUL bytes and keeps inner newlines */
	tu_write(f->dir, "e5/lib/orig-prefix.txt", "/a\0b\n/c\n", 8);
	assert_read(f, "e5", NULL, "/ab\n/c", true);
}

/* A root whose plugin has the which hooks (empty files: they are known by name), with
 * versions/base (bin/tool, bin/python3.12-config) and versions/env (a venv of base). */
static void make_root(struct tu_tree *f, bool include)
{
	tu_write(f->root, "plugins/pv/etc/pyenv.d/which/conda.bash", "", -1);
	tu_write(f->root, "plugins/pv/etc/pyenv.d/which/python-config.bash", "", -1);
	tu_write(f->root, "plugins/pv/etc/pyenv.d/which/system-site-packages.bash", "", -1);
	tu_exec(f->root, "versions/base/bin/tool");
	tu_exec(f->root, "versions/base/bin/python3.12-config");
	tu_write(f->root, "versions/env/bin/activate", "", -1);
	char *cfg = rv_strf("home = %s/versions/base/bin\ninclude-system-site-packages = %s\n",
			    f->root, include ? "true" : "false");
	tu_write(f->root, "versions/env/pyvenv.cfg", cfg, -1);
	free(cfg);
}

/* rv_venv_which for cmd with PYENV_VERSION=version (exported by exec): its result, the
 * path found (malloc'ed, NULL: none) and the number of messages. */
static int venv_which(struct tu_tree *f, const char *version, const char *cmd, char **found,
		      size_t *n_msgs)
{
	struct rv_env env = {.pyenv_root = f->root, .pwd = f->dir, .pyenv_version = version};
	struct rv_ctx ctx;
	struct rv_strv msgs = {0}, names = {0};
	assert_int_equal(rv_ctx_init(&ctx, &env, &msgs), 0);
	assert_int_equal(rv_strv_split(&names, version, ':'), 0);
	struct rv_which w = {.path = strdup("")};
	int r = rv_venv_which(&ctx, cmd, &names, 0, &w, &msgs);
	*found = w.found ? strdup(w.path) : NULL;
	*n_msgs = msgs.n;
	rv_which_finish(&w);
	rv_strv_clear(&names);
	rv_strv_clear(&msgs);
	rv_ctx_finish(&ctx);
	return r;
}

static void assert_found(struct tu_tree *f, const char *version, const char *cmd, const char *rel)
{
	char *got = NULL;
	size_t n = 0;
	assert_int_equal(venv_which(f, version, cmd, &got, &n), 0);
	assert_int_equal(n, 0);
	if (!rel) {
		assert_null(got);
		return;
	}
	char *want = tu_path(f->root, rel);
	assert_non_null(got);
	assert_string_equal(got, want);
	free(want);
	free(got);
}

static void test_which_hooks(void **state)
{
	struct tu_tree *f = *state;
	unsetenv("PYENV_HOOK_PATH");
	unsetenv("virtualenv_prefix");
	make_root(f, true);
	assert_found(f, "env", "tool", "versions/base/bin/tool");
	assert_found(f, "env", "python3.12-config", "versions/base/bin/python3.12-config");
	assert_found(f, "env", "other", NULL);
	assert_found(f, "base", "tool", NULL);     /* not an env */
	assert_found(f, "env:base", "tool", NULL); /* versions/env:base is no env */
	/* a selected version that is not installed: version-name fails, which exits 1 */
	char *got = NULL;
	size_t n = 0;
	assert_int_equal(venv_which(f, "env:3.99", "tool", &got, &n), 1);
	assert_null(got);
	assert_int_equal(n, 1);
	/* include-system-site-packages = false: python-config.bash still lends *-config */
	make_root(f, false);
	assert_found(f, "env", "tool", NULL);
	assert_found(f, "env", "python3.12-config", "versions/base/bin/python3.12-config");
	/* a conda env (bin/conda) is left alone */
	tu_write(f->root, "versions/env/bin/conda", "", -1);
	assert_found(f, "env", "python3.12-config", NULL);
}

static void test_hook_dirs(void **state)
{
	struct tu_tree *f = *state;
	/* only where a hook file is: without the plugin nothing changes */
	make_root(f, true);
	char *plugins = tu_path(f->root, "plugins");
	char *moved = tu_path(f->dir, "elsewhere");
	assert_int_equal(rename(plugins, moved), 0);
	unsetenv("PYENV_HOOK_PATH");
	assert_found(f, "env", "tool", NULL);
	char *got = NULL;
	size_t n = 0;
	assert_int_equal(venv_which(f, "env:3.99", "tool", &got, &n), 0); /* no hook, no exit */
	assert_int_equal(n, 0);
	/* PYENV_HOOK_PATH comes first, then the root's and the system's, then plugins */
	char *etc = tu_path(f->dir, "elsewhere/pv/etc/pyenv.d");
	setenv("PYENV_HOOK_PATH", etc, 1);
	assert_found(f, "env", "tool", "versions/base/bin/tool");
	unsetenv("PYENV_HOOK_PATH");
	char *hp = rv_hook_path(f->root, etc);
	char *want = rv_strf("%s:%s/pyenv.d:/usr/etc/pyenv.d:/usr/local/etc/pyenv.d:"
			     "/etc/pyenv.d:/usr/lib/pyenv/hooks",
			     etc, f->root);
	assert_string_equal(hp, want);
	free(hp);
	free(want);
	hp = rv_hook_path(f->root, NULL);
	assert_true(rv_startswith(hp, f->root)); /* no leading ':' */
	free(hp);
	free(etc);
	free(plugins);
	free(moved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cfg_prefix),
		cmocka_unit_test(test_cfg_include),
		cmocka_unit_test_setup_teardown(test_read_venv, tu_tree_setup, tu_tree_teardown),
		cmocka_unit_test_setup_teardown(test_read_virtualenv, tu_tree_setup,
						tu_tree_teardown),
		cmocka_unit_test_setup_teardown(test_which_hooks, tu_tree_setup, tu_tree_teardown),
		cmocka_unit_test_setup_teardown(test_hook_dirs, tu_tree_setup, tu_tree_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

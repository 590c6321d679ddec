/* tool_versions: the python line of a .tool-versions file, the upward walk with
 * PYENVFS_TOOL_VERSIONS, its warnings; config: the settings file's NAME=VALUE lines. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "resolver/config.h"
#include "resolver/select.h"
#include "resolver/tool_versions.h"
#include "testutil.h"

static void test_parse(void **state)
{
	(void)state;
	struct rv_vfile vf = {0};
	static const char text[] = "nodejs 20.1.0\n"
				   "# python 2.7\n"
				   "\tpython  3.12.7 3.11\r\n"
				   "ruby 3.3 # python 1.0\n"
				   "python 3.10\n"
				   "python\n";
	assert_int_equal(rv_toolv_parse(&vf, text, sizeof(text) - 1, "/r", "/"), 1);
	assert_int_equal(vf.n, 4);
	assert_string_equal(vf.words[0].word, "3.12.7");
	assert_int_equal(vf.words[0].line, 3);
	assert_true(vf.words[0].safe);
	assert_string_equal(vf.words[1].word, "3.11");
	assert_int_equal(vf.n_safe, 2);
	/* a second python line, and a python line without a version: malformed */
	assert_true(vf.words[2].malformed);
	assert_int_equal(vf.words[2].line, 5);
	assert_true(vf.words[3].malformed);
	assert_int_equal(vf.words[3].line, 6);
	char *j = rv_vfile_join(&vf);
	assert_string_equal(j, "3.12.7:3.11");
	free(j);
	struct rv_strv msgs = {0};
	assert_int_equal(rv_vfile_warnings(&vf, "pyenv", "/p/.tool-versions", &msgs), 0);
	assert_int_equal(msgs.n, 2);
	assert_string_equal(msgs.v[0], "pyenv: malformed line 5 ignored in `/p/.tool-versions'");
	assert_string_equal(msgs.v[1], "pyenv: malformed line 6 ignored in `/p/.tool-versions'");
	rv_strv_clear(&msgs);
	rv_vfile_finish(&vf);
	/* a python line without a version: malformed, and still the file's python line */
	assert_int_equal(rv_toolv_parse(&vf, "python   # none\npython 3.9\n", 26, "/r", "/"), 1);
	assert_int_equal(vf.n, 2);
	assert_true(vf.words[0].malformed);
	assert_string_equal(vf.words[0].word, "python without a version");
	assert_string_equal(vf.words[1].word, "a second python line");
	assert_int_equal(vf.n_safe, 0);
	rv_vfile_finish(&vf);
	/* other tools only: no python line */
	assert_int_equal(rv_toolv_parse(&vf, "nodejs 20\n", 10, "/r", "/"), 0);
	assert_int_equal(vf.n, 0);
	/* the CVE check applies: a path out of versions/ is invalid */
	assert_int_equal(rv_toolv_parse(&vf, "python ../../etc 3.9", 20, "/r", "/"), 1);
	assert_int_equal(vf.n, 2);
	assert_false(vf.words[0].safe);
	assert_false(vf.words[0].malformed);
	assert_true(vf.words[1].safe);
	rv_vfile_finish(&vf);
}

static int ctx_in(struct rv_ctx *ctx, const char *root, const char *pwd, const char *flag,
		  struct rv_strv *msgs)
{
	struct rv_env env = {
		.prog = "pyenv", .pyenv_root = root, .pwd = pwd, .tool_versions = flag};
	assert_int_equal(chdir(pwd), 0);
	return rv_ctx_init(ctx, &env, msgs);
}

static void test_walk(void **state)
{
	(void)state;
	char *dir, *root;
	tu_tree_init(&dir, &root);
	tu_mkdirs(root, "versions/3.12.7");
	tu_mkdirs(dir, "a/b/c");
	tu_write(dir, "a/.tool-versions", "python 3.12.7\n", (size_t)-1);
	tu_write(dir, "a/b/.tool-versions", "nodejs 20\n", (size_t)-1);
	char *c = tu_path(dir, "a/b/c"), *a = tu_path(dir, "a");
	char *tv = tu_path(dir, "a/.tool-versions"), *pv = tu_path(dir, "a/.python-version");
	char *global = tu_path(root, "version");
	struct rv_ctx ctx;
	struct rv_strv msgs = {0};
	/* off: not a source */
	assert_int_equal(ctx_in(&ctx, root, c, NULL, &msgs), 0);
	char *f = rv_version_file(&ctx);
	assert_string_equal(f, global);
	free(f);
	rv_ctx_finish(&ctx);
	/* on: the nearest one with a python line (a/b's has none) */
	assert_int_equal(ctx_in(&ctx, root, c, "1", &msgs), 0);
	f = rv_version_file(&ctx);
	assert_string_equal(f, tv);
	free(f);
	char *raw = rv_selection_raw(&ctx, &msgs);
	assert_string_equal(raw, "3.12.7");
	free(raw);
	/* in one directory .python-version wins */
	tu_write(a, ".python-version", "system\n", (size_t)-1);
	f = rv_version_file(&ctx);
	assert_string_equal(f, pv);
	free(f);
	rv_ctx_finish(&ctx);
	assert_int_equal(msgs.n, 0);
	free(c);
	free(a);
	free(tv);
	free(pv);
	free(global);
	tu_tree_finish(dir, root);
}

static void test_config(void **state)
{
	(void)state;
	char *dir, *root;
	tu_tree_init(&dir, &root);
	tu_write(dir, "cfg",
		 "# settings\n; too\n\n PYENVFS_AUTO_INSTALL = 0\nnonsense\n"
		 "PYENVFS_AUTO_INSTALL=\"1\"\nPYENVFS_TOOL_VERSIONS=yes",
		 (size_t)-1);
	char *cfg = tu_path(dir, "cfg");
	struct rv_strv msgs = {0};
	char *v = NULL;
	assert_int_equal(rv_config_read(cfg, "PYENVFS_AUTO_INSTALL", &v, "pyenv", &msgs), 0);
	assert_string_equal(v, "1"); /* the last one wins, quotes dropped */
	assert_true(rv_env_flag(v));
	free(v);
	assert_int_equal(msgs.n, 1);
	char *want = rv_strf("pyenv: %s line 5: not NAME=VALUE: ignored", cfg);
	assert_string_equal(msgs.v[0], want);
	free(want);
	rv_strv_clear(&msgs);
	assert_int_equal(rv_config_read(cfg, "PYENVFS_TOOL_VERSIONS", &v, "pyenv", &msgs), 0);
	assert_string_equal(v, "yes");
	free(v);
	rv_strv_clear(&msgs);
	assert_int_equal(rv_config_read(cfg, "PYENVFS_OTHER", &v, "pyenv", &msgs), -ENOENT);
	rv_strv_clear(&msgs);
	assert_int_equal(rv_config_read("/nonexistent/x", "A", &v, "pyenv", &msgs), -ENOENT);
	char *p = rv_config_path("/x", "/home/u");
	assert_string_equal(p, "/x/pyenvfs/config");
	free(p);
	p = rv_config_path("", "/home/u");
	assert_string_equal(p, "/home/u/.config/pyenvfs/config");
	free(p);
	assert_null(rv_config_path(NULL, NULL));
	assert_false(rv_env_flag("0"));
	assert_false(rv_env_flag(""));
	assert_false(rv_env_flag(NULL));
	free(cfg);
	tu_tree_finish(dir, root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_config),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

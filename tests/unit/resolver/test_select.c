/* select: the context, PYENV_VERSION / .python-version / global file precedence, the
 * origin, and version-name's resolution. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "resolver/select.h"
#include "testutil.h"

struct fx {
	char *dir, *root, *proj, *sub;
	struct rv_ctx ctx;
	struct rv_strv msgs;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	tu_tree_init(&f->dir, &f->root);
	f->proj = tu_path(f->dir, "proj");
	f->sub = tu_path(f->dir, "proj/sub");
	tu_mkdirs(f->dir, "proj/sub");
	tu_mkdirs(f->root, "versions/2.7.11");
	tu_mkdirs(f->root, "versions/3.5.1");
	tu_mkdirs(f->root, "versions/3.12.6");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	rv_ctx_finish(&f->ctx);
	rv_strv_clear(&f->msgs);
	tu_tree_finish(f->dir, f->root);
	free(f->proj);
	free(f->sub);
	free(f);
	return 0;
}

/* (Re)initializes f->ctx with pwd and optional PYENV_DIR / PYENV_VERSION. */
static int init(struct fx *f, const char *pwd, const char *pyenv_dir, const char *version)
{
	rv_ctx_finish(&f->ctx);
	rv_strv_clear(&f->msgs);
	struct rv_env env = {
		.prog = "pyenv",
		.pyenv_root = f->root,
		.home = f->dir,
		.pyenv_dir = pyenv_dir,
		.pwd = pwd,
		.pyenv_version = version,
		.path = "/usr/bin:/bin",
	};
	/* the logical cwd is taken from $PWD only when it is the real cwd */
	assert_int_equal(chdir(pwd), 0);
	return rv_ctx_init(&f->ctx, &env, &f->msgs);
}

/* version-name of the current selection, joined with ':'; *status gets its result. */
static char *version_name(struct fx *f, bool force, int *status)
{
	char *raw = rv_selection_raw(&f->ctx, &f->msgs);
	assert_non_null(raw);
	struct rv_strv names = {0};
	*status = rv_version_name(&f->ctx, raw, force, &names, &f->msgs);
	free(raw);
	char *j = rv_strv_join(&names, ":");
	rv_strv_clear(&names);
	return j;
}

static void test_ctx(void **state)
{
	struct fx *f = *state;
	struct rv_env env = {.home = "/home/u", .pwd = f->proj};
	assert_int_equal(chdir(f->proj), 0);
	assert_int_equal(rv_ctx_init(&f->ctx, &env, &f->msgs), 0);
	assert_string_equal(f->ctx.root, "/home/u/.pyenv");
	assert_string_equal(f->ctx.dir, f->proj);
	assert_null(f->ctx.version_env);
	rv_ctx_finish(&f->ctx);
	env.pyenv_root = "/opt/pyenv/";
	assert_int_equal(rv_ctx_init(&f->ctx, &env, &f->msgs), 0);
	assert_string_equal(f->ctx.root, "/opt/pyenv");
	/* PYENV_DIR relative to PWD, made absolute the way bash's cd does */
	assert_int_equal(init(f, f->proj, "sub/../sub/.", NULL), 0);
	assert_string_equal(f->ctx.dir, f->sub);
	/* a PYENV_DIR that is not a directory: pyenv's abort */
	assert_int_equal(init(f, f->proj, "/nonexistent/dir", NULL), -ENOTDIR);
	assert_int_equal(f->msgs.n, 1);
	assert_string_equal(f->msgs.v[0],
			    "pyenv: cannot change working directory to `/nonexistent/dir'");
}

static void test_version_file_precedence(void **state)
{
	struct fx *f = *state;
	char *global = tu_path(f->root, "version");
	assert_int_equal(init(f, f->sub, NULL, NULL), 0);
	char *vf = rv_version_file(&f->ctx);
	assert_string_equal(vf, global); /* reported even when missing */
	free(vf);
	tu_write(f->proj, ".python-version", "2.7.11\n", (size_t)-1);
	char *local = tu_path(f->proj, ".python-version");
	vf = rv_version_file(&f->ctx);
	assert_string_equal(vf, local);
	free(vf);
	/* PYENV_DIR first, then PWD */
	tu_write(f->dir, "widget/.python-version", "3.5.1\n", (size_t)-1);
	char *widget = tu_path(f->dir, "widget");
	char *wfile = tu_path(f->dir, "widget/.python-version");
	assert_int_equal(init(f, f->sub, widget, NULL), 0);
	vf = rv_version_file(&f->ctx);
	assert_string_equal(vf, wfile);
	free(vf);
	tu_mkdirs(f->dir, "blank");
	char *blank = tu_path(f->dir, "blank");
	assert_int_equal(init(f, f->sub, blank, NULL), 0);
	vf = rv_version_file(&f->ctx);
	assert_string_equal(vf, local);
	free(vf);
	free(blank);
	free(widget);
	free(wfile);
	free(local);
	free(global);
}

static void test_origin(void **state)
{
	struct fx *f = *state;
	assert_int_equal(init(f, f->proj, NULL, "3.5.1"), 0);
	char *o = rv_version_origin(&f->ctx);
	assert_string_equal(o, "PYENV_VERSION environment variable");
	free(o);
	/* set but empty: the file decides, but version-name's errors name the variable */
	tu_write(f->proj, ".python-version", "3.5.1\n", (size_t)-1);
	assert_int_equal(init(f, f->proj, NULL, ""), 0);
	char *local = tu_path(f->proj, ".python-version");
	o = rv_version_origin(&f->ctx);
	assert_string_equal(o, local);
	free(o);
	o = rv_version_origin_for_errors(&f->ctx);
	assert_string_equal(o, "PYENV_VERSION environment variable");
	free(o);
	free(local);
}

static void test_selection(void **state)
{
	struct fx *f = *state;
	int st;
	char *v;
	/* nothing anywhere: system */
	assert_int_equal(init(f, f->sub, NULL, NULL), 0);
	v = version_name(f, false, &st);
	assert_string_equal(v, "system");
	free(v);
	/* global file */
	tu_write(f->root, "version", "2.7.11\n", (size_t)-1);
	v = version_name(f, false, &st);
	assert_string_equal(v, "2.7.11");
	free(v);
	/* local beats global */
	tu_write(f->proj, ".python-version", "3.5.1\n", (size_t)-1);
	v = version_name(f, false, &st);
	assert_string_equal(v, "3.5.1");
	free(v);
	/* the nearest file wins even when empty: system, no search further up */
	tu_write(f->sub, ".python-version", "", 0);
	v = version_name(f, false, &st);
	assert_string_equal(v, "system");
	free(v);
	/* ... or when all its words are invalid (with pyenv's warnings) */
	tu_write(f->sub, ".python-version", "..\n/etc\n", (size_t)-1);
	v = version_name(f, false, &st);
	assert_string_equal(v, "system");
	assert_int_equal(f->msgs.n, 2);
	free(v);
	/* PYENV_VERSION beats files */
	assert_int_equal(init(f, f->sub, NULL, "2.7.11:3.5.1"), 0);
	v = version_name(f, false, &st);
	assert_string_equal(v, "2.7.11:3.5.1");
	assert_int_equal(st, 0);
	free(v);
}

static void test_resolution(void **state)
{
	struct fx *f = *state;
	int st;
	char *v;
	assert_int_equal(init(f, f->proj, NULL, "python-2.7.11:2.7:python-3.12:system"), 0);
	v = version_name(f, false, &st);
	assert_string_equal(v, "2.7.11:2.7.11:3.12.6:system");
	assert_int_equal(st, 0);
	free(v);
	tu_mkdirs(f->root, "versions/python-3.12.6");
	assert_int_equal(init(f, f->proj, NULL, "python-3.12.6"), 0);
	v = version_name(f, false, &st);
	assert_string_equal(v, "python-3.12.6");
	free(v);
	/* missing versions */
	assert_int_equal(init(f, f->proj, NULL, "1.2:3.5.1:python-9"), 0);
	v = version_name(f, false, &st);
	assert_string_equal(v, "3.5.1");
	assert_int_equal(st, 1);
	assert_int_equal(f->msgs.n, 2);
	assert_string_equal(f->msgs.v[0],
			    "pyenv: version `1.2' is not installed (set by PYENV_VERSION "
			    "environment variable)");
	assert_string_equal(f->msgs.v[1], "pyenv: version `python-9' is not installed (set by "
					  "PYENV_VERSION environment variable)");
	free(v);
	v = version_name(f, true, &st);
	assert_string_equal(v, "1.2:3.5.1:9");
	assert_int_equal(st, 0);
	free(v);
	/* from a file: the origin is the file */
	tu_write(f->proj, ".python-version", "2.7\n3.4\n", (size_t)-1);
	assert_int_equal(init(f, f->proj, NULL, NULL), 0);
	v = version_name(f, false, &st);
	assert_string_equal(v, "2.7.11");
	assert_int_equal(st, 1);
	char *expect = rv_strf("pyenv: version `3.4' is not installed (set by %s/.python-version)",
			       f->proj);
	assert_string_equal(f->msgs.v[0], expect);
	free(expect);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_ctx, setup, teardown),
		cmocka_unit_test_setup_teardown(test_version_file_precedence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_origin, setup, teardown),
		cmocka_unit_test_setup_teardown(test_selection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_resolution, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

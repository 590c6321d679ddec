/* explain: the steps select and which record when rv_ctx.explain is set: each source,
 * entries with their lines, invalid entries, prefixes resolved, versions missing or
 * lacking the command, the final path. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "resolver/explain.h"
#include "resolver/select.h"
#include "resolver/which.h"
#include "testutil.h"

struct fx {
	char *dir, *root, *proj;
	struct rv_ctx ctx;
	struct rv_strv msgs;
	struct rv_explain ex;
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	tu_tree_init(&f->dir, &f->root);
	f->proj = tu_path(f->dir, "proj");
	tu_mkdirs(f->dir, "proj");
	tu_exec(f->root, "versions/3.12.7/bin/python");
	tu_exec(f->root, "versions/3.11.9/bin/python");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	rv_ctx_finish(&f->ctx);
	rv_strv_clear(&f->msgs);
	rv_explain_finish(&f->ex);
	tu_tree_finish(f->dir, f->root);
	free(f->proj);
	free(f);
	return 0;
}

/* The chain of `which CMD` from pwd, one "kind name value line" string per step. */
static char *chain(struct fx *f, const char *pwd, const char *version, const char *cmd)
{
	rv_ctx_finish(&f->ctx);
	rv_explain_finish(&f->ex);
	rv_strv_clear(&f->msgs);
	struct rv_env env = {.prog = "pyenv",
			     .pyenv_root = f->root,
			     .pwd = pwd,
			     .pyenv_version = version,
			     .path = "/nonexistent"};
	assert_int_equal(chdir(pwd), 0);
	assert_int_equal(rv_ctx_init(&f->ctx, &env, &f->msgs), 0);
	f->ctx.explain = &f->ex;
	struct rv_strv vs = {0}, out = {0};
	struct rv_which w = {0};
	assert_int_equal(rv_which_versions(&f->ctx, &vs, &f->msgs), 0);
	assert_int_equal(rv_which_search(&f->ctx, cmd, vs.v, vs.n, false, NULL, &w), 0);
	for (size_t i = 0; i < f->ex.n; i++) {
		const struct rv_step *s = &f->ex.steps[i];
		const char *base = s->file ? strrchr(s->file, '/') + 1 : "-";
		const char *val = s->value ? s->value : "-";
		if (s->value && strncmp(val, f->root, strlen(f->root)) == 0)
			val += strlen(f->root);
		rv_strv_pushf(&out, "%s %s %s %s:%zu", rv_step_kind_name(s->kind),
			      s->name ? s->name : "-", val, base, s->line);
	}
	char *j = rv_strv_join(&out, "|");
	rv_strv_clear(&out);
	rv_strv_clear(&vs);
	rv_which_finish(&w);
	return j;
}

static void test_file_chain(void **state)
{
	struct fx *f = *state;
	tu_write(f->proj, ".python-version", "3.13\n../../x\n# note\n3.12\n", (size_t)-1);
	char *c = chain(f, f->proj, NULL, "python");
	assert_string_equal(c, "file - - .python-version:0|"
			       "entry 3.13 - .python-version:1|"
			       "invalid ../../x - .python-version:2|"
			       "entry 3.12 - .python-version:4|"
			       "resolved 3.12 3.12.7 -:0|"
			       "not-installed 3.13 - -:0|"
			       "found 3.12.7 /versions/3.12.7/bin/python -:0");
	assert_string_equal(f->ex.steps[2].reason, "a path outside versions/");
	free(c);
	/* a command no version has: each one lacks it, then system, then not found */
	c = chain(f, f->proj, NULL, "pip");
	assert_string_equal(strstr(c, "not-installed"), "not-installed 3.13 - -:0|"
							"lacks 3.12.7 /versions/3.12.7/bin/pip -:0|"
							"lacks system - -:0|"
							"not-found pip - -:0");
	free(c);
}

static void test_env_and_global(void **state)
{
	struct fx *f = *state;
	char *c = chain(f, f->proj, "3.11", "python");
	assert_string_equal(c, "env - 3.11 -:0|"
			       "resolved 3.11 3.11.9 -:0|"
			       "found 3.11.9 /versions/3.11.9/bin/python -:0");
	free(c);
	/* no file anywhere, no global file: system */
	c = chain(f, f->proj, NULL, "python");
	assert_string_equal(c, "global - - version:0|system - - -:0|lacks system - -:0|"
			       "not-found python - -:0");
	assert_string_equal(f->ex.steps[1].reason, "no version is selected");
	free(c);
	tu_write(f->root, "version", "3.12.7\n", (size_t)-1);
	c = chain(f, f->proj, NULL, "python");
	assert_string_equal(c, "global - - version:0|entry 3.12.7 - version:1|"
			       "resolved 3.12.7 3.12.7 -:0|"
			       "found 3.12.7 /versions/3.12.7/bin/python -:0");
	free(c);
}

static void test_missing(void **state)
{
	struct fx *f = *state;
	tu_write(f->proj, ".python-version", "3.13\n3.12\n3.10.1\n3.13\n", (size_t)-1);
	free(chain(f, f->proj, NULL, "python"));
	f->ctx.explain = NULL;
	struct rv_strv missing = {0};
	assert_int_equal(rv_selection_missing(&f->ctx, &missing), 0);
	assert_int_equal(missing.n, 2);
	assert_string_equal(missing.v[0], "3.13");
	assert_string_equal(missing.v[1], "3.10.1");
	rv_strv_clear(&missing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_file_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_and_global, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

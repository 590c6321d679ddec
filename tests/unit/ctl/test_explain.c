/* ctl's side of --explain: taking the options out of argv (only with --explain, else argv is
 * pyenv's), and printing a chain as lines and as JSON (escaped). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ctl/pyenv/explain.h"

static void test_args(void **state)
{
	(void)state;
	bool explain, json;
	char *a[] = {"which", "--json", "python", "--explain", NULL};
	assert_int_equal(ctl_explain_args(4, a, &explain, &json), 2);
	assert_true(explain);
	assert_true(json);
	assert_string_equal(a[1], "python");
	assert_null(a[2]);
	/* without --explain, nothing is taken: `which --json` looks for a command "--json" */
	char *b[] = {"which", "--json", NULL};
	assert_int_equal(ctl_explain_args(2, b, &explain, &json), 2);
	assert_false(explain);
	assert_false(json);
	assert_string_equal(b[1], "--json");
}

/* What ctl_explain_print writes for ex. Malloc'ed. */
static char *printed(const struct rv_explain *ex, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	assert_non_null(f);
	ctl_explain_print(f, ex, json);
	fclose(f);
	return buf;
}

static void test_print(void **state)
{
	(void)state;
	struct rv_explain ex = {0};
	assert_int_equal(
		rv_explain_add(&ex, RV_STEP_FILE, NULL, NULL, "/p/.python-version", 0, NULL), 0);
	assert_int_equal(rv_explain_add(&ex, RV_STEP_INVALID, "a\"b\\c\n\x01", NULL,
					"/p/.python-version", 2, "a path outside versions/"),
			 0);
	assert_int_equal(
		rv_explain_add(&ex, RV_STEP_FOUND, "3.12.7", "/r/bin/python", NULL, 0, NULL), 0);
	char *text = printed(&ex, false);
	assert_string_equal(text, "source: /p/.python-version (the nearest version file)\n"
				  "skipped: a\"b\\c\n\x01 (/p/.python-version line 2): a path "
				  "outside versions/\n"
				  "found: /r/bin/python (3.12.7)\n");
	free(text);
	char *json = printed(&ex, true);
	assert_string_equal(json,
			    "{\"steps\": [{\"step\": \"file\", \"file\": \"/p/.python-version\"}, "
			    "{\"step\": \"invalid\", \"name\": \"a\\\"b\\\\c\\n\\u0001\", "
			    "\"file\": \"/p/.python-version\", \"line\": 2, \"reason\": \"a path "
			    "outside versions/\"}, {\"step\": \"found\", \"name\": \"3.12.7\", "
			    "\"value\": \"/r/bin/python\"}]}\n");
	free(json);
	rv_explain_finish(&ex);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args),
		cmocka_unit_test(test_print),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

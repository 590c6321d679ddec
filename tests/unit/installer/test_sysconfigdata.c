/* pyi_scd: reading and writing _sysconfigdata_*.py in pprint's and json's layouts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "installer/sysconfigdata.h"

static struct pyi_scd *parse(const char *text)
{
	char why[128];
	struct pyi_scd *d = pyi_scd_parse(text, strlen(text), why, sizeof(why));
	if (!d)
		fail_msg("%s: %s", text, why);
	return d;
}

static void test_pprint_layout(void **state)
{
	(void)state;
	struct pyi_scd *d =
		parse("# system configuration generated and used by the sysconfig module\n"
		      "build_time_vars = {'ABIFLAGS': '',\n"
		      " 'AC_APPLE_UNIVERSAL_BUILD': 0,\n"
		      " 'BLDSHARED': 'clang -pthread -shared '\n"
		      "              '-Wl,-O1',\n"
		      " 'N': -3,\n"
		      " 'Q': \"it's \\\"x\\\"\\t\\\\\",\n"
		      " 'prefix': '/install'}\n");
	assert_int_equal(pyi_scd_size(d), 6);
	assert_string_equal(pyi_scd_key(d, 1), "AC_APPLE_UNIVERSAL_BUILD");
	assert_null(pyi_scd_str(d, 1));
	assert_string_equal(pyi_scd_get(d, "BLDSHARED"), "clang -pthread -shared -Wl,-O1");
	assert_string_equal(pyi_scd_get(d, "Q"), "it's \"x\"\t\\");
	assert_string_equal(pyi_scd_get(d, "ABIFLAGS"), "");
	assert_null(pyi_scd_get(d, "N"));
	assert_null(pyi_scd_get(d, "missing"));
	assert_true(pyi_scd_set(d, 5, "/r/v/3.11"));
	char *out = pyi_scd_format(d);
	assert_non_null(out);
	assert_non_null(strstr(out, "\n    'N': -3,\n"));
	assert_non_null(strstr(out, "\n    'Q': 'it\\'s \"x\"\\t\\\\',\n"));
	assert_non_null(strstr(out, "\n    'prefix': '/r/v/3.11',\n}\n"));
	/* what it writes reads back the same */
	struct pyi_scd *again = parse(out);
	assert_int_equal(pyi_scd_size(again), 6);
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(pyi_scd_key(again, i), pyi_scd_key(d, i));
		if (pyi_scd_str(d, i))
			assert_string_equal(pyi_scd_str(again, i), pyi_scd_str(d, i));
	}
	free(out);
	pyi_scd_destroy(again);
	pyi_scd_destroy(d);
}

static void test_json_layout(void **state)
{
	(void)state;
	struct pyi_scd *d =
		parse("# system configuration generated and used by the sysconfig module\n"
		      "build_time_vars = {\n"
		      "    \"CC\": \"clang -pthread\",\n"
		      "    \"U\": \"caf\\u00e9 \\ud83d\\ude00 \\x41\",\n"
		      "    \"WITH_DOC_STRINGS\": 1\n"
		      "}");
	assert_int_equal(pyi_scd_size(d), 3);
	assert_string_equal(pyi_scd_get(d, "CC"), "clang -pthread");
	assert_string_equal(pyi_scd_get(d, "U"), "caf\xc3\xa9 \xf0\x9f\x98\x80 A");
	pyi_scd_destroy(d);
	d = parse("build_time_vars = {}");
	assert_int_equal(pyi_scd_size(d), 0);
	pyi_scd_destroy(d);
}

static void malformed(const char *text, const char *why_part)
{
	char why[128];
	struct pyi_scd *d = pyi_scd_parse(text, strlen(text), why, sizeof(why));
	if (d)
		fail_msg("parsed: %s", text);
	if (!strstr(why, why_part))
		fail_msg("%s: %s, want %s", text, why, why_part);
}

static void test_malformed(void **state)
{
	(void)state;
	malformed("", "no build_time_vars");
	malformed("import os\nbuild_time_vars = {}", "no build_time_vars");
	malformed("build_time_vars = {'CC': 'clang", "unterminated");
	malformed("build_time_vars = {'CC': 'cl\nang'}", "unterminated");
	malformed("build_time_vars = {'CC' 'x'}", "no ':'");
	malformed("build_time_vars = {'CC': None}", "neither a string nor an integer");
	malformed("build_time_vars = {'CC': 'a' 'b' 3}", "no ',' or '}'");
	malformed("build_time_vars = {'CC': 'a'}\nprint(1)", "text after");
	malformed("build_time_vars = {'CC': '\\q'}", "unknown escape");
	malformed("build_time_vars = {'CC': '\\x0'}", "bad escape");
	malformed("build_time_vars = {'CC': '\\x00'}", "NUL");
	malformed("build_time_vars = {'CC': '\\udc00'}", "surrogate");
	malformed("build_time_vars = {'CC': '\\ud800x'}", "surrogate");
	malformed("build_time_vars = {'CC': 'a',", "no string");
	char nul[] = "build_time_vars = {'C\0C': 1}";
	char why[64];
	assert_null(pyi_scd_parse(nul, sizeof(nul) - 1, why, sizeof(why)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pprint_layout),
		cmocka_unit_test(test_json_layout),
		cmocka_unit_test(test_malformed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

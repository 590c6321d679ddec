/* pyi_version: requests, matching, ordering, names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "installer/version.h"

static struct pyi_version v(int ma, int mi, int pa, const char *pre, bool ft)
{
	struct pyi_version x = {ma, mi, pa, "", ft};
	strcpy(x.pre, pre);
	return x;
}

static void test_parse(void **state)
{
	(void)state;
	struct pyi_request r;
	assert_true(pyi_request_parse("3", &r));
	assert_int_equal(r.v.major, 3);
	assert_false(r.has_minor);
	assert_true(pyi_request_parse("3.12", &r));
	assert_true(r.has_minor);
	assert_false(r.has_patch);
	assert_int_equal(r.v.minor, 12);
	assert_true(pyi_request_parse("3.12.1", &r));
	assert_true(r.has_patch);
	assert_int_equal(r.v.patch, 1);
	assert_string_equal(r.v.pre, "");
	assert_true(pyi_request_parse("3.13t", &r));
	assert_true(r.v.freethreaded);
	assert_false(r.has_patch);
	assert_true(pyi_request_parse("3.14.0rc1t", &r));
	assert_string_equal(r.v.pre, "rc1");
	assert_true(r.v.freethreaded);
	assert_true(pyi_request_parse("3.15.0a7", &r));
	assert_string_equal(r.v.pre, "a7");
	assert_true(pyi_request_parse("cpython-3.12.1", &r));
	assert_true(pyi_request_parse("python-3.12", &r));
	const char *bad[] = {"",        "x",         "3.",         "3.12.",   "3..1",
			     "3.12.1x", "3.12.1rc",  "3.12.1tt",   "3.12t.1", "-3",
			     "3.12 ",   "1234567.1", "3.12.1-dev", "system",  NULL};
	for (const char **b = bad; *b; b++) {
		assert_false(pyi_request_parse(*b, &r));
	}
}

static void test_matches(void **state)
{
	(void)state;
	struct pyi_request r;
	struct pyi_version a = v(3, 12, 1, "", false), rc = v(3, 12, 2, "rc1", false),
			   t = v(3, 12, 1, "", true);
	assert_true(pyi_request_parse("3.12", &r));
	assert_true(pyi_request_matches(&r, &a));
	assert_false(pyi_request_matches(&r, &rc)); /* prereleases only by name */
	assert_false(pyi_request_matches(&r, &t));
	assert_true(pyi_request_parse("3.12.2rc1", &r));
	assert_true(pyi_request_matches(&r, &rc));
	assert_true(pyi_request_parse("3.12t", &r));
	assert_true(pyi_request_matches(&r, &t));
	assert_false(pyi_request_matches(&r, &a));
	assert_true(pyi_request_parse("3.1", &r));
	assert_false(pyi_request_matches(&r, &a)); /* 3.1 is not a prefix of 3.12 */
	assert_true(pyi_request_parse("3", &r));
	assert_true(pyi_request_matches(&r, &a));
}

static void test_order_and_names(void **state)
{
	(void)state;
	struct pyi_version list[] = {
		v(3, 9, 10, "", false),   v(3, 10, 0, "a1", false),  v(3, 10, 0, "a2", false),
		v(3, 10, 0, "b1", false), v(3, 10, 0, "rc1", false), v(3, 10, 0, "rc2", false),
		v(3, 10, 0, "", false),   v(3, 10, 0, "", true),     v(3, 10, 1, "", false),
	};
	size_t n = sizeof(list) / sizeof(list[0]);
	for (size_t i = 0; i + 1 < n; i++) {
		assert_true(pyi_version_cmp(&list[i], &list[i + 1]) < 0);
		assert_true(pyi_version_cmp(&list[i + 1], &list[i]) > 0);
		assert_int_equal(pyi_version_cmp(&list[i], &list[i]), 0);
	}
	char buf[32];
	assert_true(pyi_version_name(&list[7], buf, sizeof(buf)));
	assert_string_equal(buf, "3.10.0t");
	assert_true(pyi_version_name(&list[4], buf, sizeof(buf)));
	assert_string_equal(buf, "3.10.0rc1");
	assert_false(pyi_version_name(&list[4], buf, 5));
	assert_true(pyi_pre_valid(""));
	assert_true(pyi_pre_valid("b12"));
	assert_false(pyi_pre_valid("c1"));
	assert_false(pyi_pre_valid("rc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_matches),
		cmocka_unit_test(test_order_and_names),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

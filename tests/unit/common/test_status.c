/* Unit tests of common/status: the daemon's status text, written and read back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "common/status.h"

static void format_then_parse_round_trips(void **state)
{
	(void)state;
	struct pc_status st = {.pid = 4242, .commands = 7, .versions = 3};
	snprintf(st.root, sizeof(st.root), "/r oot/with=equals");
	snprintf(st.shim, sizeof(st.shim), "/usr/libexec/pyenvfs-shim");
	char buf[PC_STATUS_MAX];
	size_t n = pc_status_format(&st, buf, sizeof(buf));
	assert_int_equal(n, strlen(buf));
	assert_string_equal(buf, "pid=4242\nroot=/r oot/with=equals\nshim=/usr/libexec/pyenvfs-shim\n"
				 "commands=7\nversions=3\n");
	struct pc_status back;
	assert_true(pc_status_parse(buf, &back));
	assert_int_equal(back.pid, 4242);
	assert_int_equal(back.commands, 7);
	assert_int_equal(back.versions, 3);
	assert_string_equal(back.root, st.root);
	assert_string_equal(back.shim, st.shim);
}

static void format_reports_the_full_length(void **state)
{
	(void)state;
	struct pc_status st = {.pid = 1};
	snprintf(st.root, sizeof(st.root), "/root");
	char small[8];
	size_t n = pc_status_format(&st, small, sizeof(small));
	assert_true(n > sizeof(small));
	assert_int_equal(strlen(small), sizeof(small) - 1);
}

static void parses_any_order_unknown_keys_and_no_last_newline(void **state)
{
	(void)state;
	struct pc_status st;
	assert_true(pc_status_parse("future=1\nversions=0\ncommands=0\nroot=/\npid=1", &st));
	assert_int_equal(st.pid, 1);
	assert_string_equal(st.root, "/");
	assert_string_equal(st.shim, ""); /* optional */
}

static void rejects_incomplete_or_malformed(void **state)
{
	(void)state;
	struct pc_status st;
	assert_false(pc_status_parse("", &st));
	assert_false(pc_status_parse("pid=42\nroot=/r\ncommands=7\n", &st));
	assert_false(pc_status_parse("pid=x\nroot=/r\ncommands=7\nversions=1\n", &st));
	assert_false(pc_status_parse("pid=42x\nroot=/r\ncommands=7\nversions=1\n", &st));
	assert_false(pc_status_parse("pid\nroot\ncommands\nversions\n", &st));
	assert_false(pc_status_parse("pid=\nroot=/r\ncommands=7\nversions=1\n", &st));
}

static void rejects_a_root_too_long(void **state)
{
	(void)state;
	static char text[PC_STATUS_MAX + PATH_MAX];
	int n = snprintf(text, sizeof(text), "pid=1\ncommands=1\nversions=1\nroot=/");
	memset(text + n, 'r', PATH_MAX);
	text[n + PATH_MAX] = '\0';
	struct pc_status st;
	assert_false(pc_status_parse(text, &st));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_then_parse_round_trips),
		cmocka_unit_test(format_reports_the_full_length),
		cmocka_unit_test(parses_any_order_unknown_keys_and_no_last_newline),
		cmocka_unit_test(rejects_incomplete_or_malformed),
		cmocka_unit_test(rejects_a_root_too_long),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

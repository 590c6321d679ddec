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

static void scans_round_trip(void **state)
{
	(void)state;
	struct pc_status st = {.pid = 9, .commands = 2, .versions = 1, .poll_ms = 1000, .nscans = 2};
	snprintf(st.root, sizeof(st.root), "/r");
	st.scans[0] = (struct pc_status_scan){.root = 0, .dirs = 12};
	st.scans[1] = (struct pc_status_scan){
		.root = 2, .polled = true, .dirs = 340, .polls = 17, .last_us = 812,
		.max_us = 4031, .total_us = 15012};
	char buf[PC_STATUS_MAX];
	pc_status_format(&st, buf, sizeof(buf));
	assert_string_equal(buf, "pid=9\nroot=/r\nshim=\ncommands=2\nversions=1\npoll_ms=1000\n"
				 "scan=0 0 12 0 0 0 0\nscan=2 1 340 17 812 4031 15012\n");
	struct pc_status back;
	assert_true(pc_status_parse(buf, &back));
	assert_int_equal(back.poll_ms, 1000);
	assert_int_equal(back.nscans, 2);
	assert_null(pc_status_scan_of(&back, 1));
	const struct pc_status_scan *s = pc_status_scan_of(&back, 2);
	assert_non_null(s);
	assert_true(s->polled);
	assert_int_equal(s->dirs, 340);
	assert_int_equal(s->polls, 17);
	assert_int_equal(s->last_us, 812);
	assert_int_equal(s->max_us, 4031);
	assert_int_equal(s->total_us, 15012);
	assert_false(pc_status_scan_of(&back, 0)->polled);
}

/* An old daemon's text has no scans; a reader of the old format (unknown keys ignored)
 * still gets everything else from a new daemon's. */
static void scans_are_optional_and_checked(void **state)
{
	(void)state;
	struct pc_status st;
	assert_true(pc_status_parse("pid=1\nroot=/\ncommands=0\nversions=0\n", &st));
	assert_int_equal(st.poll_ms, 0);
	assert_int_equal(st.nscans, 0);
	/* malformed scan lines are skipped, the rest kept */
	assert_true(pc_status_parse("pid=1\nroot=/\ncommands=0\nversions=0\npoll_ms=50\n"
				    "scan=1 1 2 3 4 5\nscan=1 2 2 3 4 5 6\nscan=-1 1 2 3 4 5 6\n"
				    "scan=1 1 2 3 4 5 6x\nscan=1  1 2 3 4 5 6\nscan=3 1 2 3 4 5 6\n",
				    &st));
	assert_int_equal(st.poll_ms, 50);
	assert_int_equal(st.nscans, 1);
	assert_int_equal(st.scans[0].root, 3);
	/* scans without an interval are dropped */
	assert_true(pc_status_parse("pid=1\nroot=/\ncommands=0\nversions=0\nscan=0 1 2 3 4 5 6\n",
				    &st));
	assert_int_equal(st.nscans, 0);
}

static void scans_past_the_maximum_are_dropped(void **state)
{
	(void)state;
	struct pc_status st = {.pid = 1, .poll_ms = 10, .nscans = PC_STATUS_SCANS_MAX};
	memset(st.root, 'r', PATH_MAX - 1);
	st.root[0] = '/';
	memset(st.shim, 's', PATH_MAX - 1);
	for (int i = 0; i < PC_STATUS_SCANS_MAX; i++)
		st.scans[i] = (struct pc_status_scan){.root = i, .polled = true,
						      .dirs = 999999999999LL, .polls = 999999999999LL,
						      .last_us = 999999999999LL, .max_us = 999999999999LL,
						      .total_us = 999999999999LL};
	static char buf[PC_STATUS_MAX];
	size_t n = pc_status_format(&st, buf, sizeof(buf));
	assert_true(n < sizeof(buf)); /* the largest text fits */
	static char more[PC_STATUS_MAX + 64];
	snprintf(more, sizeof(more), "%sscan=99 1 1 1 1 1 1\n", buf);
	struct pc_status back;
	assert_true(pc_status_parse(more, &back));
	assert_int_equal(back.nscans, PC_STATUS_SCANS_MAX);
	assert_null(pc_status_scan_of(&back, 99));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(format_then_parse_round_trips),
		cmocka_unit_test(format_reports_the_full_length),
		cmocka_unit_test(parses_any_order_unknown_keys_and_no_last_newline),
		cmocka_unit_test(rejects_incomplete_or_malformed),
		cmocka_unit_test(rejects_a_root_too_long),
		cmocka_unit_test(scans_round_trip),
		cmocka_unit_test(scans_are_optional_and_checked),
		cmocka_unit_test(scans_past_the_maximum_are_dropped),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

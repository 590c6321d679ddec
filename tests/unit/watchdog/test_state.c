/* Unit tests: wd_state, the watchdog's lock (one per mount point) and state file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "watchdog/state.h"

static int setup(void **state)
{
	static char dir[] = "/tmp/pyenvfs-test-wdstate.XXXXXX";
	assert_non_null(mkdtemp(dir));
	setenv("XDG_RUNTIME_DIR", dir, 1);
	*state = dir;
	return 0;
}

static int teardown(void **state)
{
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", (char *)*state);
	return system(cmd) == 0 ? 0 : -1;
}

static void test_one_lock_per_mountpoint(void **state)
{
	(void)state;
	assert_int_equal(wd_lock_probe("/m/a"), WD_LOCK_FREE);
	int a = wd_lock_take("/m/a");
	assert_true(a >= 0);
	assert_int_equal(wd_lock_probe("/m/a"), WD_LOCK_HELD);
	assert_int_equal(wd_lock_take("/m/a"), -EWOULDBLOCK);
	int b = wd_lock_take("/m/b"); /* another mount point: its own lock */
	assert_true(b >= 0);
	wd_lock_release("/m/a", a);
	assert_int_equal(wd_lock_probe("/m/a"), WD_LOCK_FREE);
	a = wd_lock_take("/m/a");
	assert_true(a >= 0);
	wd_lock_release("/m/a", a);
	wd_lock_release("/m/b", b);
}

static void test_state_file(void **state)
{
	(void)state;
	struct wd_info in = {.pid = 42, .daemon = 7, .since = 1700000000, .timeout = 2.5}, out;
	strcpy(in.state, "gave-up");
	strcpy(in.reason, "the daemon did not answer\nin time");
	assert_int_equal(wd_state_read("/m/c", &out), -ENOENT);
	assert_int_equal(wd_state_write("/m/c", &in), 0);
	assert_int_equal(wd_state_read("/m/c", &out), 0);
	assert_int_equal(out.pid, 42);
	assert_int_equal(out.daemon, 7);
	assert_string_equal(out.state, "gave-up");
	assert_string_equal(out.reason, "the daemon did not answer in time");
	assert_true(out.since == 1700000000);
	assert_true(out.timeout == 2.5);
	wd_state_remove("/m/c");
	assert_int_equal(wd_state_read("/m/c", &out), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_lock_per_mountpoint),
		cmocka_unit_test(test_state_file),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}

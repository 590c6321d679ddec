/* Unit tests of ctl/mount/probe: mountinfo lines and the paths (the daemon's status text is
 * common/status's, tested in tests/unit/common). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ctl/mount/probe.h"

static const char mountinfo[] =
	"22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw\n"
	"40 22 0:35 / /home/u/.pyenv/shims rw,nosuid,nodev,relatime shared:20 - fuse.pyenvfs "
	"pyenvfs rw,user_id=1000,group_id=1000,default_permissions\n"
	"41 22 0:36 / /tmp/a\\040b/shims rw - fuse.pyenvfs pyenvfs rw\n"
	"42 40 0:37 / /home/u/.pyenv/shims rw - fuse.sshfs host: rw\n"
	"43 22 0:38 / /home/u/.pyenv/shims2 rw - tmpfs tmpfs rw";

static void finds_a_mount_and_its_type(void **state)
{
	(void)state;
	char type[64] = "";
	assert_true(mnt_mountinfo_find(mountinfo, "/tmp/a b/shims", type, sizeof(type)));
	assert_string_equal(type, "fuse.pyenvfs");
	/* the last mount on a path is the one on top */
	assert_true(mnt_mountinfo_find(mountinfo, "/home/u/.pyenv/shims", type, sizeof(type)));
	assert_string_equal(type, "fuse.sshfs");
	/* the last line has no newline */
	assert_true(mnt_mountinfo_find(mountinfo, "/home/u/.pyenv/shims2", type, sizeof(type)));
	assert_string_equal(type, "tmpfs");
}

static void no_prefix_or_escape_confusion(void **state)
{
	(void)state;
	assert_false(mnt_mountinfo_find(mountinfo, "/home/u/.pyenv", NULL, 0));
	assert_false(mnt_mountinfo_find(mountinfo, "/home/u/.pyenv/shim", NULL, 0));
	assert_false(mnt_mountinfo_find(mountinfo, "/tmp/a\\040b/shims", NULL, 0));
	assert_true(mnt_mountinfo_find(mountinfo, "/", NULL, 0));
	assert_false(mnt_mountinfo_find("", "/x", NULL, 0));
	assert_false(mnt_mountinfo_find("garbage without fields\n\n \n", "/x", NULL, 0));
}

static void resolves_default_and_relative_paths(void **state)
{
	(void)state;
	struct mnt_paths p;
	struct pc_msg msg;
	setenv("PYENV_ROOT", "/nonexistent/root", 1);
	assert_int_equal(mnt_paths_resolve(NULL, &p, &msg), 0);
	assert_string_equal(p.root, "/nonexistent/root");
	assert_string_equal(p.mountpoint, "/nonexistent/root/shims");

	unsetenv("PYENV_ROOT");
	setenv("HOME", "/home/nobody", 1);
	assert_int_equal(mnt_paths_resolve(NULL, &p, &msg), 0);
	assert_string_equal(p.root, "/home/nobody/.pyenv");

	/* relative to the working directory; the parent made canonical, trailing '/' dropped */
	assert_int_equal(chdir("/usr/bin"), 0);
	assert_int_equal(mnt_paths_resolve("../lib/x/", &p, &msg), 0);
	assert_string_equal(p.mountpoint, "/usr/lib/x");
	assert_int_equal(mnt_paths_resolve("/", &p, &msg), 0);
	assert_string_equal(p.mountpoint, "/");
	assert_int_equal(mnt_paths_resolve("/usr/bin/..", &p, &msg), 0);
	assert_string_equal(p.mountpoint, "/usr");

	unsetenv("HOME");
	assert_int_not_equal(mnt_paths_resolve(NULL, &p, &msg), 0);
	assert_non_null(strstr(msg.text, "HOME"));
}

/* The root rule (common/root.h): the root the daemon reports for PYENV_ROOT=/tmp/rr/ is
 * the one status and mount compare it with. */
static void the_root_is_the_daemons_spelling(void **state)
{
	(void)state;
	struct mnt_paths p;
	struct pc_msg msg;
	setenv("PYENV_ROOT", "/nonexistent//root/", 1);
	assert_int_equal(mnt_paths_resolve(NULL, &p, &msg), 0);
	assert_string_equal(p.root, "/nonexistent/root");
	assert_string_equal(p.mountpoint, "/nonexistent/root/shims");
	assert_int_equal(chdir("/usr"), 0);
	setenv("PYENV_ROOT", "rel/", 1);
	assert_int_equal(mnt_paths_resolve(NULL, &p, &msg), 0);
	assert_string_equal(p.root, "/usr/rel");
	assert_string_equal(p.mountpoint, "/usr/rel/shims");
	unsetenv("PYENV_ROOT");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finds_a_mount_and_its_type),
		cmocka_unit_test(no_prefix_or_escape_confusion),
		cmocka_unit_test(resolves_default_and_relative_paths),
		cmocka_unit_test(the_root_is_the_daemons_spelling),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* pyi_archpath: mapping archive entries, symlink targets. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "installer/archpath.h"

static void map_is(const char *entry, const char *prefix, int skip, enum pyi_archpath_verdict want,
		   const char *out)
{
	char buf[64] = "";
	enum pyi_archpath_verdict v = pyi_archpath_map(entry, prefix, skip, buf, sizeof(buf));
	if (v != want)
		fail_msg("%s: verdict %d, want %d", entry, v, want);
	if (want == PYI_ARCHPATH_OK)
		assert_string_equal(buf, out);
}

static void test_map(void **state)
{
	(void)state;
	map_is("python/bin/python3", "python", 0, PYI_ARCHPATH_OK, "bin/python3");
	map_is("./python//bin/./python3", "python", 0, PYI_ARCHPATH_OK, "bin/python3");
	map_is("python/lib/", "python", 0, PYI_ARCHPATH_OK, "lib");
	map_is("python/", "python", 0, PYI_ARCHPATH_TOP, NULL);
	map_is("python", "python", 0, PYI_ARCHPATH_TOP, NULL);
	map_is("./", "python", 0, PYI_ARCHPATH_SKIP, NULL);
	map_is("other/x", "python", 0, PYI_ARCHPATH_OUTSIDE, NULL);
	map_is("pythonx/x", "python", 0, PYI_ARCHPATH_OUTSIDE, NULL);
	map_is("/etc/passwd", "python", 0, PYI_ARCHPATH_ABSOLUTE, NULL);
	map_is("/python/bin", "python", 0, PYI_ARCHPATH_ABSOLUTE, NULL);
	map_is("python/../x", "python", 0, PYI_ARCHPATH_DOTDOT, NULL);
	map_is("python/bin/..", "python", 0, PYI_ARCHPATH_DOTDOT, NULL);
	map_is("python/a/../../b", "python", 0, PYI_ARCHPATH_DOTDOT, NULL);
	map_is("python/..a/b", "python", 0, PYI_ARCHPATH_OK, "..a/b");
	map_is("", "python", 0, PYI_ARCHPATH_INVALID, NULL);
	/* full archives */
	map_is("python/install/bin/python3", "python/install", 1, PYI_ARCHPATH_OK, "bin/python3");
	map_is("python/install/", "python/install", 1, PYI_ARCHPATH_TOP, NULL);
	map_is("python/", "python/install", 1, PYI_ARCHPATH_SKIP, NULL);
	map_is("python/PYTHON.json", "python/install", 1, PYI_ARCHPATH_SKIP, NULL);
	map_is("python/build/lib/x.a", "python/install", 1, PYI_ARCHPATH_SKIP, NULL);
	map_is("python/build/../../x", "python/install", 1, PYI_ARCHPATH_DOTDOT, NULL);
	/* too long for the buffer */
	char longp[200] = "python/";
	memset(longp + 7, 'a', 150);
	map_is(longp, "python", 0, PYI_ARCHPATH_INVALID, NULL);
	assert_string_equal(pyi_archpath_reason(PYI_ARCHPATH_ABSOLUTE), "an absolute path");
}

static void test_symlink(void **state)
{
	(void)state;
	assert_true(pyi_archpath_symlink_ok("bin/python3", "python3.11"));
	assert_true(pyi_archpath_symlink_ok("bin/python3", "./python3.11"));
	assert_true(pyi_archpath_symlink_ok("lib/libpython3.so", "../lib/libpython3.11.so"));
	assert_true(pyi_archpath_symlink_ok("a/b/c", "../../x/y"));
	assert_true(pyi_archpath_symlink_ok("a/b", "."));
	assert_false(pyi_archpath_symlink_ok("bin/python3", "/usr/bin/python3"));
	assert_false(pyi_archpath_symlink_ok("bin/python3", "../../etc"));
	assert_false(pyi_archpath_symlink_ok("top", ".."));
	assert_false(pyi_archpath_symlink_ok("a/b", "x/../../.."));
	/* ".." after a name could climb out through another link: refused */
	assert_false(pyi_archpath_symlink_ok("a/f", "b/.."));
	assert_false(pyi_archpath_symlink_ok("a/b", ""));
	assert_false(pyi_archpath_symlink_ok("", "x"));
	assert_false(pyi_archpath_symlink_ok("a/../b", "x"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_map),
		cmocka_unit_test(test_symlink),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* pyi_rw: the prefix, flag and compiler rewrites of the install fix-up. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "installer/rewrite.h"

static void prefix_is(const char *in, const char *want, size_t count)
{
	size_t n = 0;
	char *out = pyi_rw_prefix(in, "/install", "/r/v/3.12.1", &n);
	assert_non_null(out);
	assert_string_equal(out, want);
	if (n != count)
		fail_msg("%s: %zu changes, want %zu", in, n, count);
	free(out);
}

static void test_prefix(void **state)
{
	(void)state;
	prefix_is("/install", "/r/v/3.12.1", 1);
	prefix_is("/install/lib", "/r/v/3.12.1/lib", 1);
	prefix_is("-I/install/include/python3.12 -L/install/lib",
		  "-I/r/v/3.12.1/include/python3.12 "
		  "-L/r/v/3.12.1/lib",
		  2);
	prefix_is("-Wl,-rpath,/install/lib", "-Wl,-rpath,/r/v/3.12.1/lib", 1);
	prefix_is("prefix=/install\n", "prefix=/r/v/3.12.1\n", 1);
	prefix_is("'--prefix=/install' \"/install\"", "'--prefix=/r/v/3.12.1' \"/r/v/3.12.1\"", 2);
	prefix_is("a:/install/bin:b", "a:/r/v/3.12.1/bin:b", 1);
	/* not the prefix: a longer name, a deeper path, a flag that only looks like -I */
	prefix_is("/installer /opt/install /install.d x/install -XI/install",
		  "/installer /opt/install /install.d x/install -XI/install", 0);
	prefix_is("/usr/share/zoneinfo:/etc/zoneinfo", "/usr/share/zoneinfo:/etc/zoneinfo", 0);
	prefix_is("", "", 0);
}

static void drop_is(const char *in, const char *want, size_t count)
{
	size_t n = 0;
	char *out = pyi_rw_drop_clang_flags(in, &n);
	assert_non_null(out);
	assert_string_equal(out, want);
	if (n != count)
		fail_msg("%s: %zu dropped, want %zu", in, n, count);
	free(out);
}

static void test_drop_flags(void **state)
{
	(void)state;
	drop_is("-g -fdebug-default-version=4 -O2", "-g -O2", 1);
	drop_is("-fdebug-default-version=4 -g", "-g", 1);
	drop_is("-g -fdebug-default-version=4", "-g", 1);
	drop_is("-fprofile-instr-use=code.profclangd -flto=thin -Wall -Qunused-arguments", "-Wall",
		3);
	drop_is("-Wno-unused-command-line-argument\t-fPIC", "-fPIC", 1);
	drop_is("--rtlib=compiler-rt -rtlib=compiler-rt --unwindlib=libunwind --target=x86_64 x",
		"x", 4);
	/* inside quotes, as in python3-config; lines stay lines */
	drop_is("CFLAGS=$(echo \"-g -fdebug-default-version=4 -O2\" | sed)",
		"CFLAGS=$(echo \"-g -O2\" | sed)", 1);
	drop_is("A=\"-fdebug-default-version=4 -g\"\nB=-flto=thin\n", "A=\"-g\"\nB=-flto=thin\n",
		1);
	/* gcc knows these */
	drop_is("-flto -flto=auto -fprofile-use -fno-semantic-interposition -Wno-unused-result",
		"-flto -flto=auto -fprofile-use -fno-semantic-interposition -Wno-unused-result", 0);
	assert_true(pyi_rw_clang_only("-fdebug-default-version=5", 25));
	assert_false(pyi_rw_clang_only("-fdebug-default-version", 23));
}

static void first_is(const char *in, const char *from, const char *to, const char *want)
{
	size_t n = 0;
	char *out = pyi_rw_first_word(in, from, to, &n);
	assert_non_null(out);
	assert_string_equal(out, want);
	assert_int_equal(n, strcmp(in, want) != 0);
	free(out);
}

static void test_first_word(void **state)
{
	(void)state;
	first_is("clang -pthread", "clang", "cc", "cc -pthread");
	first_is("clang", "clang", "cc", "cc");
	first_is("  clang -shared", "clang", "cc", "  cc -shared");
	first_is("clang++ -pthread", "clang", "cc", "clang++ -pthread");
	first_is("/tools/llvm/bin/llvm-ar", "/tools/llvm/bin/llvm-ar", "ar", "ar");
	first_is("$(CC) -shared", "clang", "cc", "$(CC) -shared");
	first_is("gcc clang", "clang", "cc", "gcc clang");
	char buf[16];
	assert_true(pyi_rw_first("  clang -pthread", buf, sizeof(buf)));
	assert_string_equal(buf, "clang");
	assert_false(pyi_rw_first("   ", buf, sizeof(buf)));
	assert_false(pyi_rw_first("a-very-long-compiler-name", buf, sizeof(buf)));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix),
		cmocka_unit_test(test_drop_flags),
		cmocka_unit_test(test_first_word),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

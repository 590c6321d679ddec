/* pyi_fixup: the install fix-up on small trees, and its record. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "installer/fixup.h"
#include "installer/fixup_record.h"
#include "installer/fsutil.h"

#define PY  "lib/python3.12/"
#define SCD PY "_sysconfigdata__linux_x86_64-linux-gnu.py"

static char dir[64];

static int setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/pyi-fixup-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return pyi_fs_rmtree(dir, NULL) ? 0 : -1;
}

static void put(const char *rel, const char *text, mode_t mode)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	for (char *s = strchr(p + strlen(dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p, 0755);
		*s = '/';
	}
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(p, mode);
}

static char *get(const char *rel)
{
	static char buf[8192];
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	FILE *f = fopen(p, "r");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return buf;
}

static bool exists(const char *rel)
{
	char p[512];
	struct stat st;
	snprintf(p, sizeof(p), "%s/%s", dir, rel);
	return lstat(p, &st) == 0;
}

static void build_tree(const char *prefix)
{
	char scd[1024];
	snprintf(
		scd, sizeof(scd),
		"build_time_vars = {\n    \"prefix\": \"%s\",\n    \"CC\": \"clang -pthread\",\n"
		"    \"CXX\": \"clang++ -pthread\",\n    \"AR\": \"/nonexistent/llvm-ar\",\n"
		"    \"LDSHARED\": \"clang -shared -fdebug-default-version=4\",\n"
		"    \"CFLAGS\": \"-g -fdebug-default-version=4 -O3\",\n"
		"    \"INCLUDEPY\": \"%s/include/python3.12\",\n    \"LIBDIR\": \"/install/lib\",\n"
		"    \"TZPATH\": \"/usr/share/zoneinfo\",\n    \"N\": 1\n}\n",
		prefix, prefix);
	put(SCD, scd, 0644);
	put(PY "__pycache__/_sysconfigdata__linux_x86_64-linux-gnu.cpython-312.pyc", "x", 0644);
	put(PY "__pycache__/os.cpython-312.pyc", "x", 0644);
	put(PY "config-3.12-x86_64-linux-gnu/Makefile",
	    "prefix=\t\t/install\nCC=\t\tclang "
	    "-pthread\nCONFIGURE_CFLAGS=\t-fdebug-default-version=4 "
	    "-g\nLDSHARED=\t$(CC) -shared\n",
	    0644);
	put("lib/pkgconfig/python-3.12.pc", "prefix=/install\nCflags: -I${prefix}/include\n", 0644);
	put("bin/python3.12", "\177ELF /install/lib clang", 0755);
	put("bin/pip3", "#!/install/bin/python3.12\nimport sys # /install\n", 0755);
	put("bin/python3.12-config",
	    "#!/bin/sh\nprefix=\"/install\"\nCFLAGS=\"-fdebug-default-version=4 -g\"\n", 0755);
}

static bool run(const char *prefix, const char *build, const char *path, struct pyi_err *err)
{
	pyi_err_clear(err);
	return pyi_fixup_run(&(struct pyi_fixup_opts){dir, prefix, build, path}, err);
}

static void test_rewrites(void **state)
{
	(void)state;
	build_tree("/install");
	struct pyi_err err;
	assert_true(run("/r/v/3.12.1", "20990101", "/nonexistent", &err));
	char *s = get(SCD);
	assert_non_null(strstr(s, "'prefix': '/r/v/3.12.1',"));
	assert_non_null(strstr(s, "'CC': 'cc -pthread',"));
	assert_non_null(strstr(s, "'CXX': 'c++ -pthread',"));
	assert_non_null(strstr(s, "'AR': 'ar',"));
	assert_non_null(strstr(s, "'LDSHARED': 'cc -shared',"));
	assert_non_null(strstr(s, "'CFLAGS': '-g -O3',"));
	assert_non_null(strstr(s, "'INCLUDEPY': '/r/v/3.12.1/include/python3.12',"));
	assert_non_null(strstr(s, "'LIBDIR': '/r/v/3.12.1/lib',"));
	assert_non_null(strstr(s, "'TZPATH': '/usr/share/zoneinfo',"));
	assert_non_null(strstr(s, "'N': 1,"));
	assert_false(
		exists(PY "__pycache__/_sysconfigdata__linux_x86_64-linux-gnu.cpython-312.pyc"));
	assert_true(exists(PY "__pycache__/os.cpython-312.pyc"));
	assert_string_equal(get(PY "config-3.12-x86_64-linux-gnu/Makefile"),
			    "prefix=\t\t/r/v/3.12.1\nCC=\t\tcc -pthread\nCONFIGURE_CFLAGS=\t-g\n"
			    "LDSHARED=\t$(CC) -shared\n");
	assert_string_equal(get("lib/pkgconfig/python-3.12.pc"),
			    "prefix=/r/v/3.12.1\nCflags: -I${prefix}/include\n");
	assert_string_equal(get("bin/python3.12"), "\177ELF /install/lib clang");
	assert_string_equal(get("bin/pip3"),
			    "#!/r/v/3.12.1/bin/python3.12\nimport sys # /install\n");
	assert_string_equal(get("bin/python3.12-config"),
			    "#!/bin/sh\nprefix=\"/r/v/3.12.1\"\nCFLAGS=\"-g\"\n");
	struct stat st;
	char p[512];
	snprintf(p, sizeof(p), "%s/bin/pip3", dir);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0755);

	struct pyi_fixup_info fi;
	assert_int_equal(pyi_fixup_read(dir, &fi), 0);
	assert_string_equal(fi.prefix, "/r/v/3.12.1");
	assert_string_equal(fi.from, "/install");
	assert_string_equal(fi.compilers,
			    "clang -> cc, clang++ -> c++, /nonexistent/llvm-ar -> ar");
	assert_int_equal(fi.files, 5);
	assert_int_equal(fi.caches, 1);
	assert_int_equal(fi.flags, 4);
	assert_string_equal(fi.terminfo, "");
	assert_false(exists(PYI_FIXUP_TERMINFO));
}

static void test_clang_found_and_own_prefix(void **state)
{
	(void)state;
	build_tree("/tools/py");
	put("tools/clang", "#!/bin/sh\n", 0755);
	put("tools/clang++", "#!/bin/sh\n", 0755);
	put("tools/llvm-ar", "#!/bin/sh\n", 0755);
	char tools[128];
	snprintf(tools, sizeof(tools), "/nonexistent::%s/tools", dir);
	struct pyi_err err;
	assert_true(run("/r/v/3.12.1", "20990101", tools, &err));
	char *s = get(SCD);
	assert_non_null(strstr(s, "'prefix': '/r/v/3.12.1',"));
	assert_non_null(strstr(s, "'INCLUDEPY': '/r/v/3.12.1/include/python3.12',"));
	assert_non_null(strstr(s, "'LIBDIR': '/r/v/3.12.1/lib',"));
	assert_non_null(strstr(s, "'CC': 'clang -pthread',"));
	assert_non_null(strstr(s, "'CFLAGS': '-g -fdebug-default-version=4 -O3',"));
	assert_non_null(strstr(s, "'AR': 'ar',"));
	struct pyi_fixup_info fi;
	assert_int_equal(pyi_fixup_read(dir, &fi), 0);
	assert_string_equal(fi.compilers, "/nonexistent/llvm-ar -> ar");
	char *rec = get(PYI_FIXUP_RECORD);
	assert_non_null(strstr(rec, "\ntook\t"));
	strstr(rec, "\ntook\t")[6] = '\0';
	assert_string_equal(rec,
			    "# what pyenvfs-ctl install changed in this build: see pyenvfs-ctl(1), "
			    "INSTALL FIX-UP\nprefix\t/install\t/r/v/3.12.1\n"
			    "prefix\t/tools/py\t/r/v/3.12.1\ncompiler\t/nonexistent/llvm-ar\tar\n"
			    "rewrote\t" SCD "\nremoved\t" PY
			    "__pycache__/_sysconfigdata__linux_x86_64-linux-gnu.cpython-312.pyc\n"
			    "rewrote\t" PY "config-3.12-x86_64-linux-gnu/Makefile\n"
			    "rewrote\tlib/pkgconfig/python-3.12.pc\nrewrote\tbin/pip3\n"
			    "rewrote\tbin/python3.12-config\ntook\t");
}

static void test_long_shebang(void **state)
{
	(void)state;
	build_tree("/install");
	char prefix[200];
	memset(prefix, 'p', sizeof(prefix));
	prefix[0] = '/';
	prefix[sizeof(prefix) - 1] = '\0';
	struct pyi_err err;
	assert_true(run(prefix, "", "/nonexistent", &err));
	char want[512];
	snprintf(want, sizeof(want),
		 "#!/bin/sh\n'''exec' '%s/bin/python3.12' \"$0\" \"$@\"\n' '''\nimport sys # "
		 "/install\n",
		 prefix);
	assert_string_equal(get("bin/pip3"), want);
}

static void test_terminfo(void **state)
{
	(void)state;
	build_tree("/install");
	struct pyi_err err;
	struct pyi_fixup_info fi;
	assert_true(run("/r/v/3.12.1", "20231002", "/nonexistent", &err));
	assert_int_equal(pyi_fixup_read(dir, &fi), 0);
	assert_true(fi.terminfo[0] != '\0');
	char link[512], target[1024];
	snprintf(link, sizeof(link), "%s/%s", dir, PYI_FIXUP_TERMINFO);
	ssize_t n = readlink(link, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = '\0';
	assert_string_equal(target, fi.terminfo);
	for (char *d = strtok(fi.terminfo, ":"); d; d = strtok(NULL, ":")) {
		struct stat st;
		assert_int_equal(stat(d, &st), 0);
		assert_true(S_ISDIR(st.st_mode));
	}
	pyi_fs_rmtree(dir, NULL);
	mkdir(dir, 0700);
	build_tree("/install");
	assert_true(run("/r/v/3.12.1", "20240224", "/nonexistent", &err));
	assert_int_equal(pyi_fixup_read(dir, &fi), 0);
	assert_string_equal(fi.terminfo, "");
	assert_false(exists(PYI_FIXUP_TERMINFO));
}

static void test_nothing_to_do_and_failures(void **state)
{
	(void)state;
	struct pyi_err err;
	put("bin/python3", "#!/install/bin/sh\n", 0755);
	assert_true(run("/r/v/3.12.1", "", "/nonexistent", &err));
	assert_false(exists(PYI_FIXUP_RECORD));
	assert_string_equal(get("bin/python3"), "#!/install/bin/sh\n");
	struct pyi_fixup_info fi;
	assert_int_equal(pyi_fixup_read(dir, &fi), -ENOENT);

	put(SCD, "build_time_vars = {'CC': 'clang'\n", 0644);
	assert_false(run("/r/v/3.12.1", "", "/nonexistent", &err));
	assert_int_equal(err.code, PYI_E_ARCHIVE);
	assert_non_null(strstr(err.msg, SCD " is malformed: no ',' or '}'"));
	assert_false(run("/r/v\n", "", "/nonexistent", &err));
	assert_int_equal(err.code, PYI_E_USAGE);

	put(SCD, "build_time_vars = {'prefix': '/install'}\n", 0644);
	put(PY "_sysconfigdata__linux_x86_64-linux-gnu.py.pyenvfs-tmp/x", "", 0644);
	assert_false(run("/r/v/3.12.1", "", "/nonexistent", &err));
	assert_int_equal(err.code, PYI_E_IO);
	assert_non_null(strstr(err.msg, "cannot rewrite " SCD ": File exists"));
	put(PYI_FIXUP_RECORD, "prefix /install\n", 0644);
	assert_int_equal(pyi_fixup_read(dir, &fi), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rewrites, setup, teardown),
		cmocka_unit_test_setup_teardown(test_clang_found_and_own_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_shebang, setup, teardown),
		cmocka_unit_test_setup_teardown(test_terminfo, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nothing_to_do_and_failures, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

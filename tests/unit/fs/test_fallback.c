/* Unit tests: fs_fallback, the static copy of the entries under the mount point, and
 * wd_entry, which tells its files from pyenv's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/fallback.h"
#include "watchdog/entry.h"

static const char line[] = "#!/usr/libexec/pyenvfs-shim /root/.pyenv\n";

static void test_is_ours(void **state)
{
	(void)state;
	assert_true(wd_entry_is_ours(line, strlen(line)));
	assert_true(wd_entry_is_ours("#!/b/pyenvfs-shim /r s\n", 23));
	assert_false(wd_entry_is_ours("#!/usr/bin/env bash\nexec pyenv\n", 31));
	assert_false(wd_entry_is_ours("#!/x/pyenvfs-shimx /r\n", 22));
	assert_false(wd_entry_is_ours("#!pyenvfs-shim /r\n", 18)); /* no directory */
	assert_false(wd_entry_is_ours("#!/x/pyenvfs-shim /r", 20)); /* no newline */
	assert_false(wd_entry_is_ours("#!/x/pyenvfs-shim /r\n\n", 22));
	assert_false(wd_entry_is_ours("", 0));
}

static void put(const char *dir, const char *name, const char *text, mode_t mode)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	chmod(p, mode);
}

static char *slurp(const char *dir, const char *name, mode_t *mode)
{
	static char buf[512];
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", dir, name);
	struct stat st;
	if (lstat(p, &st) < 0)
		return NULL;
	*mode = st.st_mode & 07777;
	FILE *f = fopen(p, "r");
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = 0;
	return buf;
}

static void test_sync(void **state)
{
	(void)state;
	char dir[] = "/tmp/pyenvfs-test-fallback.XXXXXX";
	assert_non_null(mkdtemp(dir));
	put(dir, "pip", "#!/usr/bin/env bash\nexec pyenv exec pip\n", 0755); /* pyenv's */
	put(dir, "gone", "#!/old/pyenvfs-shim /old\n", 0555);                /* ours, stale */
	put(dir, "keep", "#!/usr/bin/env bash\n", 0755);                     /* not listed */
	put(dir, ".pyenv-shim", "", 0644);
	put(dir, ".pyenvfs-tmp.1.1", "#!/x", 0555); /* a write that died */
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	const char *names[] = {"pip", "python"};
	assert_int_equal(fs_fallback_sync(fd, names, 2, line, strlen(line)), 0);
	mode_t mode;
	assert_string_equal(slurp(dir, "python", &mode), line);
	assert_int_equal(mode, 0555);
	assert_string_equal(slurp(dir, "pip", &mode), line);
	assert_null(slurp(dir, "gone", &mode));
	assert_null(slurp(dir, ".pyenvfs-tmp.1.1", &mode));
	assert_non_null(slurp(dir, "keep", &mode));
	assert_non_null(slurp(dir, ".pyenv-shim", &mode));
	struct wd_entry_counts c;
	assert_int_equal(wd_entry_count(dir, &c), 0);
	assert_int_equal(c.ours, 2);
	assert_int_equal(c.others, 1);
	assert_true(c.lock);
	/* again, nothing to do; then one name fewer */
	assert_int_equal(fs_fallback_sync(fd, names, 2, line, strlen(line)), 0);
	assert_int_equal(fs_fallback_sync(fd, names + 1, 1, line, strlen(line)), 0);
	assert_null(slurp(dir, "pip", &mode));
	close(fd);
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_ours),
		cmocka_unit_test(test_sync),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

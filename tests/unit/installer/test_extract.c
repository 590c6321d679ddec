/* pyi_extract: real archives made with libarchive in memory, extracted into
 * temp dirs: the good ones land as they should, hostile ones are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "installer/extract.h"
#include "installer/fsutil.h"

struct mem {
	unsigned char *buf;
	size_t len, pos, chunk;
	bool fail_at_end;
};

struct ent {
	const char *name;
	int type; /* AE_IFREG, AE_IFDIR, AE_IFLNK, AE_IFCHR, AE_IFIFO; 0 = hard link */
	const char *data_or_target;
	int mode;
	int uid;
};

static struct mem make_archive(const struct ent *ents, size_t n)
{
	struct mem m = {0};
	size_t cap = 1 << 20;
	m.buf = malloc(cap);
	struct archive *a = archive_write_new();
	archive_write_add_filter_gzip(a);
	archive_write_set_format_pax_restricted(a);
	size_t used = 0;
	assert_int_equal(archive_write_open_memory(a, m.buf, cap, &used), ARCHIVE_OK);
	for (size_t i = 0; i < n; i++) {
		struct archive_entry *e = archive_entry_new();
		archive_entry_set_pathname(e, ents[i].name);
		archive_entry_set_mtime(e, 1600000000, 0);
		archive_entry_set_uid(e, ents[i].uid);
		archive_entry_set_perm(e, ents[i].mode ? ents[i].mode : 0644);
		const char *d = ents[i].data_or_target;
		if (ents[i].type == 0) {
			archive_entry_set_filetype(e, AE_IFREG);
			archive_entry_set_hardlink(e, d);
			archive_entry_set_size(e, 0);
		} else {
			archive_entry_set_filetype(e, ents[i].type);
			if (ents[i].type == AE_IFLNK)
				archive_entry_set_symlink(e, d);
			if (ents[i].type == AE_IFCHR)
				archive_entry_set_rdev(e, makedev(1, 3));
			archive_entry_set_size(e, ents[i].type == AE_IFREG ? (la_int64_t)strlen(d)
									   : 0);
		}
		assert_int_equal(archive_write_header(a, e), ARCHIVE_OK);
		if (ents[i].type == AE_IFREG)
			archive_write_data(a, d, strlen(d));
		archive_entry_free(e);
	}
	archive_write_close(a);
	archive_write_free(a);
	m.len = used;
	m.chunk = 4096;
	return m;
}

static ssize_t mem_read(void *ctx, void *buf, size_t max)
{
	struct mem *m = ctx;
	size_t n = m->len - m->pos;
	if (n > max)
		n = max;
	if (n > m->chunk)
		n = m->chunk;
	if (n == 0 && m->fail_at_end)
		return -1;
	memcpy(buf, m->buf + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

struct fixture {
	char dir[64];
	char outside[128];
	int fd;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/pyi-extract-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->outside, sizeof(f->outside), "%s/outside", f->dir);
	char root[128];
	snprintf(root, sizeof(root), "%s/root", f->dir);
	assert_int_equal(mkdir(root, 0755), 0);
	f->fd = open(root, O_RDONLY | O_DIRECTORY);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	close(f->fd);
	pyi_fs_rmtree(f->dir, NULL);
	free(f);
	return 0;
}

static bool run(struct fixture *f, const struct ent *ents, size_t n, enum pyi_flavor flavor,
		struct pyi_err *err)
{
	struct mem m = make_archive(ents, n);
	pyi_err_clear(err);
	bool ok = pyi_extract(f->fd, flavor, mem_read, &m, NULL, NULL, NULL, err);
	free(m.buf);
	return ok;
}

static void refused(struct fixture *f, const struct ent *ents, size_t n, const char *needle)
{
	struct pyi_err err;
	assert_false(run(f, ents, n, PYI_FLAVOR_INSTALL_ONLY, &err));
	assert_int_equal(err.code, PYI_E_ARCHIVE);
	if (!strstr(err.msg, needle))
		fail_msg("`%s' not in `%s'", needle, err.msg);
	struct stat st;
	assert_int_not_equal(lstat(f->outside, &st), 0); /* nothing escaped */
	assert_int_not_equal(lstat("/tmp/pyi-extract-escaped", &st), 0);
}

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void test_good(void **state)
{
	struct fixture *f = *state;
	const struct ent ents[] = {
		{"python/", AE_IFDIR, NULL, 0755, 0},
		{"python/bin/", AE_IFDIR, NULL, 0755, 0},
		{"python/bin/python3.12", AE_IFREG, "#!/bin/sh\necho hi\n", 04775, 1234},
		{"python/bin/python3", AE_IFLNK, "python3.12", 0777, 0},
		{"python/lib/python3.12/os.py", AE_IFREG, "import sys\n", 0644, 0},
		{"python/lib/python3.12/os.py", AE_IFREG, "import sys # again\n", 0644, 0},
		{"python/lib/libpython.so", AE_IFLNK, "../lib/python3.12/os.py", 0777, 0},
		{"python/lib/python3.12/copy.py", 0, "python/lib/python3.12/os.py", 0644, 0},
		{"./python/share/./x", AE_IFREG, "x", 0600, 0},
	};
	struct pyi_err err;
	struct mem m = make_archive(ents, N(ents));
	struct pyi_extract_stats st;
	assert_true(
		pyi_extract(f->fd, PYI_FLAVOR_INSTALL_ONLY, mem_read, &m, NULL, NULL, &st, &err));
	free(m.buf);
	assert_int_equal(st.entries, N(ents) - 1);
	struct stat s;
	assert_int_equal(fstatat(f->fd, "bin/python3.12", &s, 0), 0);
	assert_int_equal(s.st_mode & 07777, 0755); /* set-id and group write dropped */
	assert_int_equal(s.st_uid, getuid());      /* owners never restored */
	assert_int_equal(s.st_mtime, 1600000000);
	char buf[64];
	ssize_t n = readlinkat(f->fd, "bin/python3", buf, sizeof(buf) - 1);
	assert_int_equal(n, 10);
	int fd = openat(f->fd, "lib/python3.12/copy.py", O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, sizeof(buf));
	close(fd);
	buf[n > 0 ? n : 0] = '\0';
	assert_string_equal(buf, "import sys # again\n");
	assert_int_equal(fstatat(f->fd, "lib/python3.12/copy.py", &s, 0), 0);
	assert_int_equal(s.st_nlink, 2);
	assert_int_equal(fstatat(f->fd, "lib/libpython.so", &s, 0), 0); /* resolves */
	assert_int_equal(fstatat(f->fd, "share/x", &s, 0), 0);
	assert_int_equal(s.st_mode & 0777, 0600);
}

static void test_absolute(void **state)
{
	struct fixture *f = *state;
	const struct ent ents[] = {{"/tmp/pyi-extract-escaped", AE_IFREG, "x", 0644, 0}};
	refused(f, ents, 1, "absolute");
}

static void test_dotdot(void **state)
{
	struct fixture *f = *state;
	const struct ent ents[] = {{"python/../../outside", AE_IFREG, "x", 0644, 0}};
	refused(f, ents, 1, "`..'");
}

static void test_symlink_out(void **state)
{
	struct fixture *f = *state;
	const struct ent abs[] = {{"python/etc", AE_IFLNK, "/etc", 0777, 0}};
	refused(f, abs, 1, "leaves the tree");
	const struct ent up[] = {{"python/bin/up", AE_IFLNK, "../../outside", 0777, 0}};
	refused(f, up, 1, "leaves the tree");
}

static void test_through_symlink(void **state)
{
	struct fixture *f = *state;
	/* a link to an inside directory, then an entry through it */
	const struct ent ents[] = {
		{"python/lib/", AE_IFDIR, NULL, 0755, 0},
		{"python/l", AE_IFLNK, "lib", 0777, 0},
		{"python/l/x", AE_IFREG, "x", 0644, 0},
	};
	refused(f, ents, N(ents), "goes through a symbolic link");
}

static void test_hardlink_out(void **state)
{
	struct fixture *f = *state;
	const struct ent abs[] = {{"python/passwd", 0, "/etc/passwd", 0644, 0}};
	refused(f, abs, 1, "hard link");
	const struct ent up[] = {{"python/passwd", 0, "python/../../etc/passwd", 0644, 0}};
	refused(f, up, 1, "hard link");
	const struct ent other[] = {{"python/passwd", 0, "etc/passwd", 0644, 0}};
	refused(f, other, 1, "hard link");
}

static void test_special(void **state)
{
	struct fixture *f = *state;
	const struct ent dev[] = {{"python/null", AE_IFCHR, NULL, 0666, 0}};
	refused(f, dev, 1, "device, fifo or socket");
	const struct ent fifo[] = {{"python/fifo", AE_IFIFO, NULL, 0666, 0}};
	refused(f, fifo, 1, "device, fifo or socket");
}

static void test_outside_prefix(void **state)
{
	struct fixture *f = *state;
	const struct ent ents[] = {{"evil/x", AE_IFREG, "x", 0644, 0}};
	refused(f, ents, 1, "outside the archive's python/");
	const struct ent empty[] = {{"python/", AE_IFDIR, NULL, 0755, 0}};
	refused(f, empty, 1, "no python/ directory");
	const struct ent replace[] = {
		{"python/d/", AE_IFDIR, NULL, 0755, 0},
		{"python/d", AE_IFREG, "x", 0644, 0},
	};
	refused(f, replace, N(replace), "replaces a directory");
}

static void test_full_flavor(void **state)
{
	struct fixture *f = *state;
	const struct ent ents[] = {
		{"python/", AE_IFDIR, NULL, 0755, 0},
		{"python/PYTHON.json", AE_IFREG, "{}", 0644, 0},
		{"python/build/lib.a", AE_IFREG, "ar", 0644, 0},
		{"python/install/", AE_IFDIR, NULL, 0755, 0},
		{"python/install/bin/python3", AE_IFREG, "elf", 0755, 0},
	};
	struct pyi_err err;
	assert_true(run(f, ents, N(ents), PYI_FLAVOR_FULL, &err));
	struct stat s;
	assert_int_equal(fstatat(f->fd, "bin/python3", &s, 0), 0);
	assert_int_not_equal(fstatat(f->fd, "PYTHON.json", &s, 0), 0);
	assert_int_not_equal(fstatat(f->fd, "build", &s, 0), 0);
}

static void test_corrupt(void **state)
{
	struct fixture *f = *state;
	const struct ent ents[] = {{"python/bin/x", AE_IFREG, "some content here", 0644, 0}};
	struct mem m = make_archive(ents, 1);
	struct pyi_err err = {0};
	m.len /= 2;
	assert_false(
		pyi_extract(f->fd, PYI_FLAVOR_INSTALL_ONLY, mem_read, &m, NULL, NULL, NULL, &err));
	assert_int_equal(err.code, PYI_E_ARCHIVE);
	m.pos = 0;
	m.len = 40;
	memset(m.buf + 10, 0xee, 30);
	pyi_err_clear(&err);
	assert_false(
		pyi_extract(f->fd, PYI_FLAVOR_INSTALL_ONLY, mem_read, &m, NULL, NULL, NULL, &err));
	assert_int_equal(err.code, PYI_E_ARCHIVE);
	/* the reader fails */
	struct mem m2 = make_archive(ents, 1);
	m2.len /= 2;
	m2.fail_at_end = true;
	pyi_err_clear(&err);
	assert_false(
		pyi_extract(f->fd, PYI_FLAVOR_INSTALL_ONLY, mem_read, &m2, NULL, NULL, NULL, &err));
	assert_int_equal(err.code, PYI_E_ARCHIVE);
	if (!strstr(err.msg, "download failed"))
		fail_msg("%s", err.msg);
	free(m.buf);
	free(m2.buf);
}

static bool always(void *ctx)
{
	(void)ctx;
	return true;
}

static void test_cancel(void **state)
{
	struct fixture *f = *state;
	const struct ent ents[] = {{"python/bin/x", AE_IFREG, "x", 0644, 0}};
	struct mem m = make_archive(ents, 1);
	struct pyi_err err = {0};
	assert_false(pyi_extract(f->fd, PYI_FLAVOR_INSTALL_ONLY, mem_read, &m, always, NULL, NULL,
				 &err));
	assert_int_equal(err.code, PYI_E_CANCELLED);
	free(m.buf);
}

static void test_sniff(void **state)
{
	(void)state;
	assert_int_equal(pyi_archive_sniff("\x1f\x8b\x08\x00\x00\x00", 6), PYI_SNIFF_ARCHIVE);
	assert_int_equal(pyi_archive_sniff("\x28\xb5\x2f\xfd\x00\x00", 6), PYI_SNIFF_ARCHIVE);
	assert_int_equal(pyi_archive_sniff("\xfd"
					   "7zXZ\0",
					   6),
			 PYI_SNIFF_ARCHIVE);
	assert_int_equal(pyi_archive_sniff("BZh91AY", 7), PYI_SNIFF_ARCHIVE);
	assert_int_equal(pyi_archive_sniff("<!DOCTYPE html>", 15), PYI_SNIFF_HTML);
	assert_int_equal(pyi_archive_sniff("\xef\xbb\xbf \n<html>", 11), PYI_SNIFF_HTML);
	assert_int_equal(pyi_archive_sniff("<", 1), PYI_SNIFF_HTML);
	assert_int_equal(pyi_archive_sniff("{\"a\": 1}", 8), PYI_SNIFF_OTHER);
	assert_int_equal(pyi_archive_sniff("{", 1), PYI_SNIFF_SHORT);
	assert_int_equal(pyi_archive_sniff("", 0), PYI_SNIFF_SHORT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_absolute, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dotdot, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_through_symlink, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hardlink_out, setup, teardown),
		cmocka_unit_test_setup_teardown(test_special, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outside_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_full_flavor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_corrupt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cancel, setup, teardown),
		cmocka_unit_test(test_sniff),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

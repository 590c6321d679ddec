/* Unit tests: fs_scratch, the files `pyenv rehash` writes into the shims directory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <string.h>

#include "fs/scratch.h"

static const char proto[] = "#!/usr/libexec/pyenvfs-shim /root/.pyenv\n";

static void test_kinds(void **state)
{
	(void)state;
	assert_int_equal(fs_scratch_kind_of(".pyenv-shim"), FS_SCRATCH_PROTO);
	assert_int_equal(fs_scratch_kind_of(".pyenv-source-shim"), FS_SCRATCH_PLAIN);
	assert_int_equal(fs_scratch_kind_of("tmp.AbC123xyZ0"), FS_SCRATCH_PLAIN);
	assert_int_equal(fs_scratch_kind_of("tmp.short"), FS_SCRATCH_NONE);
	assert_int_equal(fs_scratch_kind_of("tmp.AbC123x-Z0"), FS_SCRATCH_NONE);
	assert_int_equal(fs_scratch_kind_of("python"), FS_SCRATCH_NONE);
	assert_int_equal(fs_scratch_kind_of(".pyenv-shim2"), FS_SCRATCH_NONE);
	assert_false(fs_scratch_owns(2));
	assert_true(fs_scratch_owns(FS_SCRATCH_INO_BASE));
}

/* What rehash does with its lock and prototype. */
static void test_prototype_lifecycle(void **state)
{
	(void)state;
	struct fs_scratch *s = fs_scratch_create(proto);
	struct fs_scratch_attr a, b;
	assert_int_equal(fs_scratch_lookup(s, ".pyenv-shim", &a), -ENOENT);
	assert_int_equal(fs_scratch_make(s, ".pyenv-shim", 0644, false, true, &a), 0);
	assert_true(fs_scratch_owns(a.ino));
	assert_int_equal(fs_scratch_make(s, ".pyenv-shim", 0644, false, true, &b), -EEXIST);
	/* cat > (no O_EXCL) truncates, then writes; chmod +x */
	assert_int_equal(fs_scratch_make(s, ".pyenv-shim", 0644, false, false, &b), 0);
	assert_int_equal(b.ino, a.ino);
	assert_int_equal(fs_scratch_write(s, a.ino, "#!/usr/bin/env bash\n", 20, 0), 20);
	mode_t mode = 0755;
	assert_int_equal(fs_scratch_setattr(s, a.ino, &mode, NULL, &b), 0);
	assert_int_equal(b.mode, 0755);
	/* it reads back as the entries' content, so diff sees the shims up to date */
	char buf[256];
	assert_int_equal(fs_scratch_getattr(s, a.ino, &b), 0);
	assert_int_equal(b.size, strlen(proto));
	assert_int_equal(fs_scratch_read(s, a.ino, buf, sizeof(buf), 0), strlen(proto));
	assert_memory_equal(buf, proto, strlen(proto));
	/* rm -f: gone by name, alive until the kernel forgets its lookups (2) */
	assert_int_equal(fs_scratch_unlink(s, ".pyenv-shim"), 0);
	assert_int_equal(fs_scratch_unlink(s, ".pyenv-shim"), -ENOENT);
	assert_int_equal(fs_scratch_lookup(s, ".pyenv-shim", &b), -ENOENT);
	assert_int_equal(fs_scratch_getattr(s, a.ino, &b), 0);
	fs_scratch_forget(s, a.ino, 1);
	assert_int_equal(fs_scratch_getattr(s, a.ino, &b), 0);
	fs_scratch_forget(s, a.ino, 1);
	assert_int_equal(fs_scratch_getattr(s, a.ino, &b), -ENOENT);
	/* the lock can be taken again */
	assert_int_equal(fs_scratch_make(s, ".pyenv-shim", 0644, false, true, &b), 0);
	assert_int_not_equal(b.ino, a.ino);
	fs_scratch_destroy(s);
	fs_scratch_destroy(NULL);
}

static void test_plain_and_sink(void **state)
{
	(void)state;
	struct fs_scratch *s = fs_scratch_create(proto);
	struct fs_scratch_attr a;
	char buf[64];
	assert_int_equal(fs_scratch_make(s, "python", 0644, false, true, &a), -EROFS);
	assert_int_equal(fs_scratch_make(s, ".pyenv-source-shim", 0644, false, false, &a), 0);
	assert_int_equal(fs_scratch_write(s, a.ino, "hello", 5, 0), 5);
	assert_int_equal(fs_scratch_write(s, a.ino, "!", 1, 7), 1);
	assert_int_equal(fs_scratch_read(s, a.ino, buf, sizeof(buf), 0), 8);
	assert_memory_equal(buf, "hello\0\0!", 8);
	off_t size = 2;
	assert_int_equal(fs_scratch_setattr(s, a.ino, NULL, &size, &a), 0);
	assert_int_equal(fs_scratch_read(s, a.ino, buf, sizeof(buf), 0), 2);
	assert_int_equal(fs_scratch_write(s, a.ino, "x", 1, FS_SCRATCH_MAX_SIZE), -EFBIG);
	/* a sink: created, written, never visible */
	struct fs_scratch_attr k;
	assert_int_equal(fs_scratch_make(s, "activate", 0755, true, true, &k), 0);
	assert_int_equal(fs_scratch_write(s, k.ino, "data", 4, 0), 4);
	assert_int_equal(fs_scratch_read(s, k.ino, buf, sizeof(buf), 0), 0);
	assert_int_equal(fs_scratch_lookup(s, "activate", &a), -ENOENT);
	assert_int_equal(fs_scratch_unlink(s, "activate"), -ENOENT);
	fs_scratch_forget(s, k.ino, 1);
	assert_int_equal(fs_scratch_getattr(s, k.ino, &a), -ENOENT);
	fs_scratch_destroy(s); /* frees what is left */
}

static void test_table_full(void **state)
{
	(void)state;
	struct fs_scratch *s = fs_scratch_create(proto);
	struct fs_scratch_attr a;
	for (int i = 0; i < FS_SCRATCH_MAX_FILES; i++)
		assert_int_equal(fs_scratch_make(s, "activate", 0755, true, true, &a), 0);
	assert_int_equal(fs_scratch_make(s, "activate", 0755, true, true, &a), -ENOSPC);
	fs_scratch_destroy(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_prototype_lifecycle),
		cmocka_unit_test(test_plain_and_sink),
		cmocka_unit_test(test_table_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

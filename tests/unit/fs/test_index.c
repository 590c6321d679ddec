/* Unit tests: fs_names (the name table) and fs_snapshot (the published index). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "fs/names.h"
#include "fs/snapshot.h"

static void test_names_intern(void **state)
{
	(void)state;
	struct fs_names *names = fs_names_create(2);
	assert_non_null(names);
	struct fs_name *a = fs_names_intern(names, "python");
	struct fs_name *b = fs_names_intern(names, "pip");
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_equal(fs_names_intern(names, "python"), a);
	assert_int_equal(a->ino, 2);
	assert_int_equal(b->ino, 3);
	assert_null(fs_names_find(names, "black"));
	assert_int_equal(fs_names_size(names), 2);
	fs_names_destroy(names);
	fs_names_destroy(NULL);
}

static void test_names_grow_and_prune(void **state)
{
	(void)state;
	struct fs_names *names = fs_names_create(2);
	char buf[32];
	for (int i = 0; i < 5000; i++) {
		snprintf(buf, sizeof(buf), "tool%d", i);
		struct fs_name *rec = fs_names_intern(names, buf);
		assert_non_null(rec);
		assert_int_equal(rec->ino, 2 + i);
		rec->any_count = i % 2;
	}
	assert_int_equal(fs_names_size(names), 5000);
	struct fs_name *kept = fs_names_find(names, "tool4999");
	assert_int_equal(fs_names_prune(names), 2500);
	assert_int_equal(fs_names_size(names), 2500);
	assert_ptr_equal(fs_names_find(names, "tool4999"), kept); /* records do not move */
	assert_null(fs_names_find(names, "tool4998"));
	/* a pruned name comes back with a new inode number, never a reused one */
	assert_int_equal(fs_names_intern(names, "tool4998")->ino, 5002);
	fs_names_destroy(names);
}

static struct fs_names *sample(void)
{
	struct fs_names *names = fs_names_create(2);
	struct {
		const char *name;
		unsigned exec, any;
	} recs[] = {
		{"python", 2, 2}, {"pip", 1, 1},   {"activate", 0, 1},
		{"gone", 0, 0},   {"black", 1, 2},
	};
	for (size_t i = 0; i < sizeof(recs) / sizeof(recs[0]); i++) {
		struct fs_name *rec = fs_names_intern(names, recs[i].name);
		rec->exec_count = recs[i].exec;
		rec->any_count = recs[i].any;
	}
	return names;
}

static void test_snapshot_lookup(void **state)
{
	(void)state;
	struct fs_names *names = sample();
	struct fs_snapshot *snap = fs_snapshot_build(names, 7);
	assert_non_null(snap);
	assert_int_equal(fs_snapshot_count(snap), 3);
	assert_string_equal(fs_snapshot_entry(snap, 0)->name, "black");
	assert_string_equal(fs_snapshot_entry(snap, 1)->name, "pip");
	assert_string_equal(fs_snapshot_entry(snap, 2)->name, "python");
	assert_null(fs_snapshot_entry(snap, 3));
	assert_int_equal(fs_snapshot_find(snap, "python")->ino,
			 fs_names_find(names, "python")->ino);
	assert_null(fs_snapshot_find(snap, "activate"));
	assert_null(fs_snapshot_find(snap, "gone"));
	assert_null(fs_snapshot_find(snap, "zzz"));
	assert_true(fs_snapshot_has_other(snap, "activate"));
	assert_false(fs_snapshot_has_other(snap, "python"));
	assert_false(fs_snapshot_has_other(snap, "gone"));
	assert_int_equal(fs_snapshot_versions(snap), 7);
	fs_names_destroy(names); /* the snapshot owns copies */
	assert_string_equal(fs_snapshot_find(snap, "pip")->name, "pip");
	fs_snapshot_unref(snap);
	fs_snapshot_unref(NULL);
}

static void test_published_swap(void **state)
{
	(void)state;
	struct fs_names *names = sample();
	struct fs_published pub;
	fs_published_init(&pub, fs_snapshot_build(names, 1));
	struct fs_snapshot *reader = fs_published_get(&pub);
	assert_int_equal(fs_snapshot_refs(reader), 2);
	fs_names_find(names, "activate")->exec_count = 1;
	struct fs_snapshot *old = fs_published_swap(&pub, fs_snapshot_build(names, 2));
	assert_ptr_equal(old, reader);
	assert_int_equal(fs_snapshot_refs(old), 2); /* a reader still holds it */
	assert_null(fs_snapshot_find(reader, "activate"));
	fs_snapshot_unref(reader);
	assert_int_equal(fs_snapshot_refs(old), 1); /* grace period over */
	fs_snapshot_unref(old);
	struct fs_snapshot *now = fs_published_get(&pub);
	assert_non_null(fs_snapshot_find(now, "activate"));
	assert_int_equal(fs_snapshot_versions(now), 2);
	fs_snapshot_unref(now);
	fs_published_finish(&pub);
	fs_names_destroy(names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_intern),
		cmocka_unit_test(test_names_grow_and_prune),
		cmocka_unit_test(test_snapshot_lookup),
		cmocka_unit_test(test_published_swap),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

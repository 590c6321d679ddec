/* Unit tests: fs_tree — scanning a root, incremental re-reads driven by real inotify
 * events, the diff of listed names, and the polling mode. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/path.h"
#include "fs/tree.h"

struct fixture {
	char root[64];
	int ifd;
	struct fs_tree *tree;
};

static void path_of(const struct fixture *f, const char *rel, char *out, size_t size)
{
	snprintf(out, size, "%s/%s", f->root, rel);
}

static void mkdirs(const struct fixture *f, const char *rel)
{
	char p[512];
	path_of(f, rel, p, sizeof(p));
	assert_int_equal(pc_mkdir_p(p, 0755), 0);
}

static void put(const struct fixture *f, const char *rel, mode_t mode)
{
	char p[512];
	path_of(f, rel, p, sizeof(p));
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, mode);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "#!/bin/sh\n", 10), 10);
	close(fd);
	chmod(p, mode);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void rmtree(const struct fixture *f, const char *rel)
{
	char p[512];
	path_of(f, rel, p, sizeof(p));
	nftw(p, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	strcpy(f->root, "/tmp/pyenvfs-tree-XXXXXX");
	assert_non_null(mkdtemp(f->root));
	f->ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	assert_true(f->ifd >= 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	fs_tree_destroy(f->tree);
	close(f->ifd);
	nftw(f->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* Feeds every pending inotify event to the tree, then syncs. */
static void pump(struct fixture *f, struct fs_tree_changes *ch)
{
	_Alignas(struct inotify_event) char buf[8192];
	struct pollfd pfd = {.fd = f->ifd, .events = POLLIN};
	while (poll(&pfd, 1, 20) > 0) {
		ssize_t n = read(f->ifd, buf, sizeof(buf));
		for (char *p = buf; n > 0 && p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;
			fs_tree_note_event(f->tree, ev);
			p += sizeof(*ev) + ev->len;
		}
	}
	assert_int_equal(fs_tree_sync(f->tree, ch), 0);
}

static bool changed_has(const struct fs_tree_changes *ch, const char *name)
{
	for (size_t i = 0; i < ch->count; i++)
		if (strcmp(ch->names[i], name) == 0)
			return true;
	return false;
}

/* The listing as one string "a b c". */
static void listing(struct fixture *f, char *out, size_t size)
{
	struct fs_snapshot *snap = fs_tree_snapshot(f->tree);
	out[0] = 0;
	for (size_t i = 0; i < fs_snapshot_count(snap); i++) {
		strncat(out, fs_snapshot_entry(snap, i)->name, size - strlen(out) - 2);
		if (i + 1 < fs_snapshot_count(snap))
			strcat(out, " ");
	}
	fs_snapshot_unref(snap);
}

static void test_scan(void **state)
{
	struct fixture *f = *state;
	mkdirs(f, "versions/3.12.1/bin");
	mkdirs(f, "versions/3.11.9/bin/__pycache__");
	mkdirs(f, "versions/3.12.1/envs/venv/bin");
	mkdirs(f, "versions/.hidden/bin");
	put(f, "versions/3.12.1/bin/python", 0755);
	put(f, "versions/3.12.1/bin/pip", 0755);
	put(f, "versions/3.11.9/bin/python", 0755);
	put(f, "versions/3.11.9/bin/activate", 0644);
	put(f, "versions/3.12.1/envs/venv/bin/envtool", 0700);
	put(f, "versions/.hidden/bin/hidden", 0755);
	char p[512], l[512];
	path_of(f, "versions/3.12", p, sizeof(p));
	assert_int_equal(symlink("3.12.1", p), 0);
	f->tree = fs_tree_create(f->root, f->ifd);
	struct fs_tree_changes ch;
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(ch.index_changed);
	assert_int_equal(ch.count, 3);
	listing(f, l, sizeof(l));
	assert_string_equal(l, "envtool pip python");
	assert_int_equal(fs_tree_versions(f->tree), 3);
	assert_false(fs_tree_needs_polling(f->tree));
	struct fs_snapshot *snap = fs_tree_snapshot(f->tree);
	assert_true(fs_snapshot_has_other(snap, "activate"));
	assert_true(fs_snapshot_has_other(snap, "__pycache__"));
	assert_false(fs_snapshot_has_other(snap, "hidden"));
	fs_snapshot_unref(snap);
	/* nothing happened: nothing changes */
	pump(f, &ch);
	assert_false(ch.index_changed);
}

static void test_events(void **state)
{
	struct fixture *f = *state;
	mkdirs(f, "versions/3.12.1/bin");
	put(f, "versions/3.12.1/bin/python", 0755);
	f->tree = fs_tree_create(f->root, f->ifd);
	struct fs_tree_changes ch;
	char l[512], p[512];
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);

	put(f, "versions/3.12.1/bin/black", 0755);
	pump(f, &ch);
	assert_int_equal(ch.count, 1);
	assert_true(changed_has(&ch, "black"));

	path_of(f, "versions/3.12.1/bin/black", p, sizeof(p));
	chmod(p, 0644);
	pump(f, &ch);
	assert_true(changed_has(&ch, "black"));
	listing(f, l, sizeof(l));
	assert_string_equal(l, "python");

	mkdirs(f, "versions/3.13.0/bin");
	put(f, "versions/3.13.0/bin/python3.13", 0755);
	put(f, "versions/3.13.0/bin/python", 0755);
	pump(f, &ch);
	assert_int_equal(ch.count, 1); /* python was already listed */
	assert_true(changed_has(&ch, "python3.13"));
	assert_int_equal(fs_tree_versions(f->tree), 2);

	mkdirs(f, "versions/3.13.0/envs/e1/bin");
	put(f, "versions/3.13.0/envs/e1/bin/envtool", 0755);
	pump(f, &ch);
	assert_true(changed_has(&ch, "envtool"));

	rmtree(f, "versions/3.13.0");
	pump(f, &ch);
	assert_int_equal(ch.count, 2);
	assert_true(changed_has(&ch, "python3.13"));
	assert_true(changed_has(&ch, "envtool"));
	listing(f, l, sizeof(l));
	assert_string_equal(l, "python");

	rmtree(f, "versions");
	pump(f, &ch);
	listing(f, l, sizeof(l));
	assert_string_equal(l, "");
	assert_int_equal(fs_tree_versions(f->tree), 0);
	assert_false(fs_tree_needs_polling(f->tree)); /* the root's watch sees versions/ return */

	mkdirs(f, "versions/3.9.0/bin");
	put(f, "versions/3.9.0/bin/python3.9", 0755);
	pump(f, &ch);
	listing(f, l, sizeof(l));
	assert_string_equal(l, "python3.9");
}

/* versions/ (or a version) deleted and created again between two syncs: the filesystem
 * may give the new directory the old inode number, so identity alone cannot tell; a
 * directory whose watch was lost is read again when it is watched again. */
static void test_recreated_quickly(void **state)
{
	struct fixture *f = *state;
	mkdirs(f, "versions/3.12.1/bin");
	put(f, "versions/3.12.1/bin/python", 0755);
	f->tree = fs_tree_create(f->root, f->ifd);
	struct fs_tree_changes ch;
	char l[512], want[64];
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	for (int i = 0; i < 30; i++) {
		rmtree(f, "versions");
		if (i % 2)
			pump(f, &ch); /* sometimes the deletion is seen first */
		char rel[128];
		snprintf(rel, sizeof(rel), "versions/3.%d.0/bin", i);
		mkdirs(f, rel);
		snprintf(rel, sizeof(rel), "versions/3.%d.0/bin/tool%d", i, i);
		put(f, rel, 0755);
		pump(f, &ch);
		listing(f, l, sizeof(l));
		snprintf(want, sizeof(want), "tool%d", i);
		assert_string_equal(l, want);
		assert_int_equal(fs_tree_versions(f->tree), 1);
	}
}

/* The same, deterministically: the watch on versions/ is lost (IN_IGNORED) and the
 * events for a version created meanwhile never arrive, while versions/ keeps its
 * identity (a new directory with a reused inode number looks just like that). */
static void test_lost_watch_rereads(void **state)
{
	struct fixture *f = *state;
	mkdirs(f, "versions");
	f->tree = fs_tree_create(f->root, f->ifd);
	struct fs_tree_changes ch;
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	mkdirs(f, "versions/3.9.0/bin");
	put(f, "versions/3.9.0/bin/python3.9", 0755);
	/* drop the real events, keeping the wd of versions/ */
	_Alignas(struct inotify_event) char buf[8192];
	int versions_wd = -1;
	usleep(10000);
	ssize_t n;
	while ((n = read(f->ifd, buf, sizeof(buf))) > 0)
		for (char *p = buf; p < buf + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;
			if (ev->len && strcmp(ev->name, "3.9.0") == 0)
				versions_wd = ev->wd;
			p += sizeof(*ev) + ev->len;
		}
	assert_true(versions_wd >= 0);
	struct inotify_event ign = {.wd = versions_wd, .mask = IN_IGNORED};
	fs_tree_note_event(f->tree, &ign);
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(changed_has(&ch, "python3.9"));
	assert_int_equal(fs_tree_versions(f->tree), 1);
}

static void test_overflow_rescans(void **state)
{
	struct fixture *f = *state;
	mkdirs(f, "versions/3.12.1/bin");
	f->tree = fs_tree_create(f->root, f->ifd);
	struct fs_tree_changes ch;
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	/* a change whose event is lost, then an overflow */
	put(f, "versions/3.12.1/bin/tool", 0755);
	_Alignas(struct inotify_event) char buf[8192];
	usleep(10000);
	while (read(f->ifd, buf, sizeof(buf)) > 0)
		;
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_int_equal(ch.count, 0);
	struct inotify_event ov = {.wd = -1, .mask = IN_Q_OVERFLOW};
	fs_tree_note_event(f->tree, &ov);
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(changed_has(&ch, "tool"));
}

static void test_polling(void **state)
{
	struct fixture *f = *state;
	f->tree = fs_tree_create(f->root, -1); /* no inotify */
	struct fs_tree_changes ch;
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(fs_tree_needs_polling(f->tree));
	mkdirs(f, "versions/3.12.1/bin");
	put(f, "versions/3.12.1/bin/python", 0755);
	fs_tree_mark_all(f->tree);
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(changed_has(&ch, "python"));
	assert_int_equal(fs_tree_watches(f->tree), 0);
}

static void test_missing_root(void **state)
{
	struct fixture *f = *state;
	char root[600];
	path_of(f, "later", root, sizeof(root));
	f->tree = fs_tree_create(root, f->ifd);
	struct fs_tree_changes ch;
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(fs_tree_needs_polling(f->tree));
	mkdirs(f, "later/versions/3.12.1/bin");
	put(f, "later/versions/3.12.1/bin/python", 0755);
	fs_tree_mark_all(f->tree);
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(changed_has(&ch, "python"));
	assert_false(fs_tree_needs_polling(f->tree));
}

static void test_shared_watches(void **state)
{
	struct fixture *f = *state;
	mkdirs(f, "versions/3.12.1/bin");
	put(f, "versions/3.12.1/bin/python", 0755);
	char p[512], l[512];
	path_of(f, "versions/3.12", p, sizeof(p));
	assert_int_equal(symlink("3.12.1", p), 0);
	f->tree = fs_tree_create(f->root, f->ifd);
	struct fs_tree_changes ch;
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	/* the link and its target share their watches; removing the link keeps them */
	assert_int_equal(unlink(p), 0);
	pump(f, &ch);
	assert_int_equal(fs_tree_versions(f->tree), 1);
	put(f, "versions/3.12.1/bin/pip", 0755);
	pump(f, &ch);
	assert_true(changed_has(&ch, "pip"));
	listing(f, l, sizeof(l));
	assert_string_equal(l, "pip python");
}

static unsigned long long dirs_of(const struct fixture *f, size_t i)
{
	struct fs_tree_root_stats rs;
	fs_tree_root_stats(f->tree, i, &rs);
	return rs.dirs;
}

/* A poll re-reads the polled root (here by choice: on a network file system it would be
 * by its statfs type) and the missing one, and nothing inotify covers: a change in the
 * plain extra root is found by its event, not by the poll. */
static void test_poll_rereads_only_what_is_polled(void **state)
{
	struct fixture *f = *state;
	char main_root[600], net[600], plain[600], late[600], l[512];
	mkdirs(f, "main/versions/3.12.1/bin");
	mkdirs(f, "net/versions/3.11.9/bin");
	mkdirs(f, "plain/versions/3.10.4/bin");
	path_of(f, "main", main_root, sizeof(main_root));
	path_of(f, "net", net, sizeof(net));
	path_of(f, "plain", plain, sizeof(plain));
	path_of(f, "late", late, sizeof(late));
	f->tree = fs_tree_create(main_root, f->ifd);
	assert_int_equal(fs_tree_add_root(f->tree, net, true), 0);
	assert_int_equal(fs_tree_add_root(f->tree, plain, false), 0);
	assert_int_equal(fs_tree_add_root(f->tree, late, false), 0);
	assert_int_equal(fs_tree_roots(f->tree), 4);
	struct fs_tree_changes ch;
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(fs_tree_needs_polling(f->tree));
	struct fs_tree_root_stats rs;
	fs_tree_root_stats(f->tree, 0, &rs);
	assert_false(rs.polled);
	fs_tree_root_stats(f->tree, 1, &rs);
	assert_true(rs.polled);
	assert_int_equal(rs.polls, 0);
	fs_tree_root_stats(f->tree, 3, &rs);
	assert_true(rs.polled); /* missing */
	unsigned long long main_dirs = dirs_of(f, 0), plain_dirs = dirs_of(f, 2);
	put(f, "net/versions/3.11.9/bin/nettool", 0755);
	put(f, "plain/versions/3.10.4/bin/plaintool", 0755);
	/* the poll alone (no events read): the polled root's change, not the plain one's */
	for (int i = 0; i < 3; i++) {
		fs_tree_mark_poll(f->tree);
		assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	}
	listing(f, l, sizeof(l));
	assert_string_equal(l, "nettool");
	assert_int_equal(dirs_of(f, 0), main_dirs);
	assert_int_equal(dirs_of(f, 2), plain_dirs);
	fs_tree_root_stats(f->tree, 1, &rs);
	assert_int_equal(rs.polls, 3);
	assert_true(rs.last_ns > 0 && rs.max_ns >= rs.last_ns && rs.total_ns >= rs.max_ns);
	fs_tree_root_stats(f->tree, 3, &rs);
	assert_int_equal(rs.polls, 3);
	/* the plain root's change comes with its event */
	pump(f, &ch);
	assert_true(changed_has(&ch, "plaintool"));
	assert_true(dirs_of(f, 2) > plain_dirs);
	/* a missing root is picked up by a poll, then inotify covers it */
	mkdirs(f, "late/versions/3.9.20/bin");
	put(f, "late/versions/3.9.20/bin/latetool", 0755);
	fs_tree_mark_poll(f->tree);
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(changed_has(&ch, "latetool"));
	fs_tree_root_stats(f->tree, 3, &rs);
	assert_false(rs.polled);
	assert_int_equal(rs.polls, 4);
}

/* Without inotify every poll re-reads every root. */
static void test_poll_without_inotify_rereads_all(void **state)
{
	struct fixture *f = *state;
	char extra[600];
	mkdirs(f, "versions/3.12.1/bin");
	mkdirs(f, "extra/versions/3.11.9/bin");
	path_of(f, "extra", extra, sizeof(extra));
	f->tree = fs_tree_create(f->root, -1);
	assert_int_equal(fs_tree_add_root(f->tree, extra, false), 0);
	struct fs_tree_changes ch;
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	put(f, "versions/3.12.1/bin/maintool", 0755);
	put(f, "extra/versions/3.11.9/bin/extratool", 0755);
	fs_tree_mark_poll(f->tree);
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(changed_has(&ch, "maintool"));
	assert_true(changed_has(&ch, "extratool"));
	for (size_t i = 0; i < 2; i++) {
		struct fs_tree_root_stats rs;
		fs_tree_root_stats(f->tree, i, &rs);
		assert_true(rs.polled);
		assert_int_equal(rs.polls, 1);
	}
}

#define RACY_WAIT 3 /* seconds: fs/tree.c's RACY_SECONDS and a margin */

/* A poll reads no bin directory whose times are those of its last read (and old enough
 * to tell), whose entries were all executable; a new name changes the times: read again. */
static void test_poll_skips_unchanged_bins(void **state)
{
	struct fixture *f = *state;
	char main_root[600], net[600];
	mkdirs(f, "main/versions");
	mkdirs(f, "net/versions/3.11.9/bin");
	mkdirs(f, "net/versions/3.12.1/bin");
	put(f, "net/versions/3.11.9/bin/a", 0755);
	put(f, "net/versions/3.12.1/bin/b", 0755);
	put(f, "net/versions/3.12.1/bin/notes", 0644);
	path_of(f, "main", main_root, sizeof(main_root));
	path_of(f, "net", net, sizeof(net));
	f->tree = fs_tree_create(main_root, -1);
	assert_int_equal(fs_tree_add_root(f->tree, net, true), 0);
	struct fs_tree_changes ch;
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	sleep(RACY_WAIT); /* the times read so far were too recent to be trusted */
	unsigned long long d[4];
	for (int i = 0; i < 4; i++) { /* polls 1..4 (poll 0 was the first, full, read) */
		d[i] = dirs_of(f, 1);
		fs_tree_mark_poll(f->tree);
		assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	}
	/* the first poll read versions/ and both bins (racy times), later ones versions/ and
	 * the bin with a non-executable entry only */
	assert_int_equal(d[2] - d[1], 2);
	assert_int_equal(d[3] - d[2], 2);
	put(f, "net/versions/3.11.9/bin/c", 0755);
	fs_tree_mark_poll(f->tree);
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(changed_has(&ch, "c"));
}

/* A poll stats only new or non-executable names; a mode change of an executable is still
 * found, by every tenth poll at the latest. */
static void test_poll_mode_changes(void **state)
{
	struct fixture *f = *state;
	char net[600], l[512], p[600];
	mkdirs(f, "main/versions");
	mkdirs(f, "net/versions/3.11.9/bin");
	put(f, "net/versions/3.11.9/bin/tool", 0755);
	put(f, "net/versions/3.11.9/bin/data", 0644);
	path_of(f, "main", p, sizeof(p));
	path_of(f, "net", net, sizeof(net));
	f->tree = fs_tree_create(p, -1);
	assert_int_equal(fs_tree_add_root(f->tree, net, true), 0);
	struct fs_tree_changes ch;
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	listing(f, l, sizeof(l));
	assert_string_equal(l, "tool");
	path_of(f, "net/versions/3.11.9/bin/data", p, sizeof(p));
	assert_int_equal(chmod(p, 0755), 0);
	fs_tree_mark_poll(f->tree);
	assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
	assert_true(changed_has(&ch, "data")); /* chmod +x: at the next poll */
	path_of(f, "net/versions/3.11.9/bin/tool", p, sizeof(p));
	assert_int_equal(chmod(p, 0644), 0);
	int polls = 0;
	do {
		fs_tree_mark_poll(f->tree);
		assert_int_equal(fs_tree_sync(f->tree, &ch), 0);
		polls++;
	} while (!changed_has(&ch, "tool") && polls < 10);
	listing(f, l, sizeof(l));
	assert_string_equal(l, "data");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_scan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_events, setup, teardown),
		cmocka_unit_test_setup_teardown(test_recreated_quickly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_watch_rereads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overflow_rescans, setup, teardown),
		cmocka_unit_test_setup_teardown(test_polling, setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_root, setup, teardown),
		cmocka_unit_test_setup_teardown(test_shared_watches, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_rereads_only_what_is_polled, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_poll_without_inotify_rereads_all, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_poll_mode_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_poll_skips_unchanged_bins, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

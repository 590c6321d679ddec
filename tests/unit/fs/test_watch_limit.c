/* Unit tests: fs_tree when inotify_add_watch fails (the watch limit, ENOSPC): the tree
 * asks for polling and a poll finds every change, reading only the directories without a
 * watch; once watches can be added again, it stops asking. inotify_add_watch is wrapped (-Wl,--wrap). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs/tree.h"

int __real_inotify_add_watch(int fd, const char *path, uint32_t mask);
int __wrap_inotify_add_watch(int fd, const char *path, uint32_t mask);

static int watches_left = -1; /* -1: no limit */

int __wrap_inotify_add_watch(int fd, const char *path, uint32_t mask)
{
	if (watches_left == 0) {
		errno = ENOSPC;
		return -1;
	}
	if (watches_left > 0)
		watches_left--;
	return __real_inotify_add_watch(fd, path, mask);
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(p);
}

static void make_exe(const char *root, const char *rel)
{
	char p[512];
	snprintf(p, sizeof(p), "%s/%s", root, rel);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	assert_true(fd >= 0);
	close(fd);
}

static bool has(const struct fs_tree_changes *ch, const char *name)
{
	for (size_t i = 0; i < ch->count; i++)
		if (strcmp(ch->names[i], name) == 0)
			return true;
	return false;
}

static void test_limit_reached(void **state)
{
	(void)state;
	char root[] = "/tmp/pyenvfs-limit-XXXXXX", p[512];
	assert_non_null(mkdtemp(root));
	snprintf(p, sizeof(p), "%s/versions", root);
	mkdir(p, 0755);
	for (int i = 0; i < 5; i++) {
		snprintf(p, sizeof(p), "%s/versions/3.%d.0", root, i);
		mkdir(p, 0755);
		strcat(p, "/bin");
		mkdir(p, 0755);
	}
	make_exe(root, "versions/3.4.0/bin/python3.4");
	int ifd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	assert_true(ifd >= 0);
	struct fs_tree *tree = fs_tree_create(root, ifd);
	struct fs_tree_changes ch;
	watches_left = 4; /* root, versions, two more: the rest cannot be watched */
	assert_int_equal(fs_tree_sync(tree, &ch), 0);
	assert_true(has(&ch, "python3.4")); /* read even without a watch */
	assert_true(fs_tree_needs_polling(tree));
	assert_int_equal(fs_tree_watches(tree), 4);

	/* a change where no watch is: a poll finds it, reading only the directories without
	 * a watch (the four bin/ of 3.1.0 to 3.4.0; not versions/ nor 3.0.0/bin) */
	make_exe(root, "versions/3.3.0/bin/python3.3");
	struct fs_tree_root_stats before, after;
	fs_tree_root_stats(tree, 0, &before);
	fs_tree_mark_poll(tree);
	assert_int_equal(fs_tree_sync(tree, &ch), 0);
	assert_true(has(&ch, "python3.3"));
	assert_true(fs_tree_needs_polling(tree));
	fs_tree_root_stats(tree, 0, &after);
	assert_int_equal(after.dirs - before.dirs, 4);
	assert_false(after.polled); /* not re-read whole */

	/* the limit raised: the next full re-read adds the missing watches */
	watches_left = -1;
	fs_tree_mark_all(tree);
	assert_int_equal(fs_tree_sync(tree, &ch), 0);
	assert_false(fs_tree_needs_polling(tree));
	assert_int_equal(fs_tree_watches(tree), 2 + 5 * 2);

	fs_tree_destroy(tree);
	close(ifd);
	nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_limit_reached),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* version_file: pyenv's reading rules, the CVE-2022-35861 check, hostile files. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "testutil.h"
#include "resolver/version_file.h"

struct fx {
	char *dir;  /* the temp dir */
	char *root; /* dir/root, with versions/3.12.1 */
};

static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));
	tu_tree_init(&f->dir, &f->root);
	tu_mkdirs(f->root, "versions/3.12.1/bin");
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	tu_tree_finish(f->dir, f->root);
	free(f);
	return 0;
}

/* Parses buf and returns the joined safe words ("" when none). */
static char *parse(struct fx *f, const char *buf, size_t len)
{
	struct rv_vfile vf = {0};
	assert_int_equal(rv_vfile_parse(&vf, buf, len, f->root, f->dir), 0);
	char *j = rv_vfile_join(&vf);
	rv_vfile_finish(&vf);
	return j ? j : strdup("");
}

#define assert_parse(f, lit, expect)                                                               \
	do {                                                                                       \
		char *got_ = parse(f, lit, sizeof(lit) - 1);                                       \
		assert_string_equal(got_, expect);                                                 \
		free(got_);                                                                        \
	} while (0)

static void test_words(void **state)
{
	struct fx *f = *state;
	assert_parse(f, "3.3.5\n", "3.3.5");
	assert_parse(f, "  3.3.5\n", "3.3.5");
	assert_parse(f, "3.3.5 2.7.6 hi\n", "3.3.5");
	assert_parse(f, "2.7.6 one\n3.3.5 two\n", "2.7.6:3.3.5");
	assert_parse(f, "\n3.3.5\n", "3.3.5");
	assert_parse(f, "2.7.6", "2.7.6");       /* last line without newline */
	assert_parse(f, "3.3.5\r\n", "3.3.5");   /* CR stripped */
	assert_parse(f, "\r3.3.5\r\n", "3.3.5"); /* CR is a blank for bash's read */
	assert_parse(f, "\t 3.1\t2\n", "3.1");
	assert_parse(f, "3.9.3\n3.8.9\n  # 3.4.0\n#3.3.7\n2.7.16\n", "3.9.3:3.8.9:2.7.16");
	assert_parse(f, "", "");
	assert_parse(f, "\n\n   \n", "");
	assert_parse(f, "# only a comment", "");
	assert_parse(f, "3.1\v2\n", "3.1\v2"); /* \v is not in IFS */
}

static void test_nul_bytes(void **state)
{
	struct fx *f = *state;
	/* bash's read drops NUL bytes */
	assert_parse(f, "3.1\0002.1\n", "3.12.1");
	assert_parse(f, "\0\0\0\n\0", "");
}

static void test_long_lines(void **state)
{
	struct fx *f = *state;
	/* read -n 1024 cuts a long line: the rest reads as the next line */
	size_t n = 1024 + 6;
	char *buf = malloc(n);
	memset(buf, 'a', 1024);
	memcpy(buf + 1024, " 3.12\n", 6);
	struct rv_vfile vf = {0};
	assert_int_equal(rv_vfile_parse(&vf, buf, n, f->root, f->dir), 0);
	assert_int_equal(vf.n, 2);
	assert_int_equal(strlen(vf.words[0].word), 1024);
	assert_string_equal(vf.words[1].word, "3.12");
	rv_vfile_finish(&vf);

	/* a 10 KB line of one word gives 10 words of 1024 chars and one of 240 */
	n = 10 * 1024 + 240;
	buf = realloc(buf, n + 1);
	memset(buf, 'x', n);
	buf[n] = '\n';
	assert_int_equal(rv_vfile_parse(&vf, buf, n + 1, f->root, f->dir), 0);
	assert_int_equal(vf.n, 11);
	assert_int_equal(strlen(vf.words[10].word), 240);
	rv_vfile_finish(&vf);

	/* NUL bytes do not count towards the 1024 */
	n = 1024 + 100;
	buf = realloc(buf, n);
	memset(buf, 'b', n);
	memset(buf + 10, 0, 100);
	assert_int_equal(rv_vfile_parse(&vf, buf, n, f->root, f->dir), 0);
	assert_int_equal(vf.n, 1);
	assert_int_equal(strlen(vf.words[0].word), 1024);
	rv_vfile_finish(&vf);
	free(buf);
}

static void test_binary_garbage(void **state)
{
	struct fx *f = *state;
	uint32_t x = 12345;
	size_t n = 64 * 1024;
	char *buf = malloc(n);
	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (char)(x >> 16);
	}
	struct rv_vfile vf = {0};
	assert_int_equal(rv_vfile_parse(&vf, buf, n, f->root, f->dir), 0);
	for (size_t i = 0; i < vf.n; i++) {
		const char *w = vf.words[i].word;
		assert_true(*w && *w != '#');
		assert_null(strpbrk(w, " \t\r\n"));
		if (!strchr(w, '/') && strcmp(w, "..") != 0)
			assert_true(vf.words[i].safe);
	}
	rv_vfile_finish(&vf);
	free(buf);
}

static void test_path_traversal(void **state)
{
	struct fx *f = *state;
	tu_symlink("/etc", f->root, "versions/evil");
	tu_mkdirs(f->dir, "root/3.10.3/envs/test");
	tu_mkdirs(f->root, "versions/3.10.3/envs");
	tu_mkdirs(f->root, "versions/3.10.3/test");
	struct {
		const char *word;
		bool safe;
	} cases[] = {
		{"..", false},
		{"/etc", false},
		{"3.12.1/..", false},           /* lands on versions/ itself */
		{"../3.10.3/envs/test", false}, /* exists, outside versions/ */
		{"3.10.3/envs/../test", true},  /* exists, inside */
		{"3.12.1/bin", true},
		{"3.12.1/nope", false}, /* cd fails */
		{"evil/.", true},       /* pyenv's cd is logical: the link stays inside */
		{"evil/..", false},
		{"../*", false},
		{"evil", true}, /* no '/': not checked */
		{"3.12.1", true},
		{"...", true},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bool safe = rv_version_is_safe(cases[i].word, f->root, f->dir);
		if (safe != cases[i].safe)
			fail_msg("%s: expected %s", cases[i].word,
				 cases[i].safe ? "safe" : "unsafe");
	}
	/* a relative root never matches: cd makes the path absolute */
	assert_false(rv_version_is_safe("3.12.1/bin", "root", f->dir));

	/* the rest of the file is used, and each bad word gets pyenv's warning */
	tu_write(f->dir, "my-version", "..\n/etc\n3.12.1\n", (size_t)-1);
	char *file = tu_path(f->dir, "my-version");
	struct rv_vfile vf = {0};
	struct rv_strv msgs = {0};
	assert_int_equal(rv_vfile_read(&vf, file, f->root, f->dir), 0);
	char *j = rv_vfile_join(&vf);
	assert_string_equal(j, "3.12.1");
	assert_int_equal(rv_vfile_warnings(&vf, "pyenv", "my-version", &msgs), 0);
	assert_int_equal(msgs.n, 2);
	assert_string_equal(msgs.v[0], "pyenv: invalid version `..' ignored in `my-version'");
	assert_string_equal(msgs.v[1], "pyenv: invalid version `/etc' ignored in `my-version'");
	free(j);
	free(file);
	rv_strv_clear(&msgs);
	rv_vfile_finish(&vf);
}

static void test_read_errors(void **state)
{
	struct fx *f = *state;
	struct rv_vfile vf = {0};
	char *missing = tu_path(f->dir, "missing");
	assert_int_equal(rv_vfile_read(&vf, missing, f->root, f->dir), -ENOENT);
	tu_write(f->dir, "empty", "", 0);
	char *empty = tu_path(f->dir, "empty");
	assert_int_equal(rv_vfile_read(&vf, empty, f->root, f->dir), -ENOENT);
	/* unreadable even for root: a directory */
	tu_mkdirs(f->dir, "adir");
	char *adir = tu_path(f->dir, "adir");
	assert_int_equal(rv_vfile_read(&vf, adir, f->root, f->dir), -EISDIR);
	assert_int_equal(vf.n, 0);
	/* a file that is only blanks was read, with no version */
	tu_write(f->dir, "blank", "\n", 1);
	char *blank = tu_path(f->dir, "blank");
	assert_int_equal(rv_vfile_read(&vf, blank, f->root, f->dir), 0);
	assert_int_equal(vf.n_safe, 0);
	assert_null(rv_vfile_join(&vf));
	rv_vfile_finish(&vf);
	free(missing);
	free(empty);
	free(adir);
	free(blank);
}

static void test_find(void **state)
{
	struct fx *f = *state;
	tu_mkdirs(f->dir, "a/b/c");
	tu_write(f->dir, "a/.python-version", "3.12.1\n", (size_t)-1);
	/* a directory named .python-version is not a version file: the search goes on */
	tu_mkdirs(f->dir, "a/b/.python-version");
	char *start = tu_path(f->dir, "a/b/c");
	char *expect = tu_path(f->dir, "a/.python-version");
	char *found = NULL;
	assert_int_equal(rv_vfile_find(start, &found), 0);
	assert_string_equal(found, expect);
	free(found);
	/* an empty file counts: nearest wins */
	tu_write(f->dir, "a/b/c/.python-version", "", 0);
	free(expect);
	expect = tu_path(f->dir, "a/b/c/.python-version");
	assert_int_equal(rv_vfile_find(start, &found), 0);
	assert_string_equal(found, expect);
	free(found);
	/* nothing up from the temp dir (unless / has one) */
	char *other = tu_path(f->dir, "x");
	tu_mkdirs(f->dir, "x");
	int r = rv_vfile_find(other, &found);
	if (r == 0) {
		assert_string_equal(found, "/.python-version");
		free(found);
	} else {
		assert_int_equal(r, -ENOENT);
	}
	/* a relative name without '/' ends (pyenv would loop forever) */
	assert_int_equal(rv_vfile_find("norelative-dir-here", &found), -ENOENT);
	free(other);
	free(start);
	free(expect);
}

static void test_write(void **state)
{
	struct fx *f = *state;
	char *file = tu_path(f->dir, "out");
	char *names[] = {"3.12.1", "system"};
	tu_write(f->dir, "out", "old content that is longer\n", (size_t)-1);
	assert_int_equal(rv_vfile_write(file, names, 2), 0);
	struct rv_vfile vf = {0};
	assert_int_equal(rv_vfile_read(&vf, file, f->root, f->dir), 0);
	char *j = rv_vfile_join(&vf);
	assert_string_equal(j, "3.12.1:system");
	free(j);
	rv_vfile_finish(&vf);
	char *bad = tu_path(f->dir, "no/such/dir");
	assert_int_equal(rv_vfile_write(bad, names, 1), -ENOENT);
	free(bad);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_nul_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_lines, setup, teardown),
		cmocka_unit_test_setup_teardown(test_binary_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_path_traversal, setup, teardown),
		cmocka_unit_test_setup_teardown(test_read_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

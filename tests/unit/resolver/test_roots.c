/* roots: the union of PYENV_ROOT and the extra roots of PYENVFS_ROOTS, as rv_roots_list
 * gives it to `versions': the winner of each name, one sorted list, envs after their
 * version, each extra version's origin. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"
#include "common/roots.h"
#include "resolver/roots.h"

/* The list as "NAME@ORIGIN-INDEX" lines ("-" for the main root). */
static char *listing(const struct rv_versions *vs, char *const *roots, size_t nroots)
{
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	for (size_t i = 0; i < vs->n; i++) {
		int which = -1;
		for (size_t k = 0; k < nroots; k++)
			if (vs->v[i].origin && strcmp(vs->v[i].origin, roots[k]) == 0)
				which = (int)k;
		if (which < 0)
			fprintf(m, "%s@-\n", vs->v[i].name);
		else
			fprintf(m, "%s@%d\n", vs->v[i].name, which);
	}
	fclose(m);
	return out;
}

static void test_union_sorted(void **state)
{
	struct tu_tree *t = *state;
	tu_exec(t->root, "versions/3.12.1/bin/python");
	tu_exec(t->root, "versions/3.12.1/envs/app/bin/python");
	tu_exec(t->root, "versions/3.9.2/bin/python");
	tu_exec(t->dir, "shared/versions/3.12.1/bin/python"); /* loses to the main root's */
	tu_exec(t->dir, "shared/versions/3.11.9/bin/python");
	tu_exec(t->dir, "shared/versions/3.11.9/envs/team/bin/python");
	tu_exec(t->dir, "shared/versions/3.10.14/bin/python");
	tu_exec(t->dir, "uv/cpython-3.13.1+freethreaded-linux-x86_64-gnu/bin/python");
	tu_exec(t->dir, "uv/cpython-3.11.9-linux-x86_64-gnu/bin/python"); /* loses to shared */
	char *shared = tu_path(t->dir, "shared"), *uv = tu_path(t->dir, "uv");
	char *list = NULL;
	assert_true(asprintf(&list, "%s:%s", shared, uv) > 0);
	struct pc_roots *roots = NULL;
	struct pc_msg msg = {""};
	assert_int_equal(pc_roots_parse(list, t->root, NULL, &roots, &msg), 0);
	struct rv_versions vs = {0};
	assert_int_equal(rv_roots_list(t->root, t->dir, roots, 0, &vs), 0);
	char *names[] = {shared, uv};
	char *got = listing(&vs, names, 2);
	assert_string_equal(got, "3.9.2@-\n"
				 "3.10.14@0\n"
				 "3.11.9@0\n"
				 "3.11.9/envs/team@0\n"
				 "3.12.1@-\n"
				 "3.12.1/envs/app@-\n"
				 "3.13.1t@1\n");
	free(got);
	rv_versions_finish(&vs);
	/* --skip-envs: the same order without them; no extra roots: the main root alone */
	assert_int_equal(rv_roots_list(t->root, t->dir, roots, RV_VERSIONS_SKIP_ENVS, &vs), 0);
	got = listing(&vs, names, 2);
	assert_string_equal(got, "3.9.2@-\n3.10.14@0\n3.11.9@0\n3.12.1@-\n3.13.1t@1\n");
	free(got);
	rv_versions_finish(&vs);
	assert_int_equal(rv_roots_list(t->root, t->dir, NULL, 0, &vs), 0);
	got = listing(&vs, names, 2);
	assert_string_equal(got, "3.9.2@-\n3.12.1@-\n3.12.1/envs/app@-\n");
	free(got);
	rv_versions_finish(&vs);
	pc_roots_destroy(roots);
	free(list);
	free(shared);
	free(uv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_union_sorted, tu_tree_setup, tu_tree_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

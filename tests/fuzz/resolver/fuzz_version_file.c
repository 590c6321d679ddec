/* libFuzzer target: the version-file reader over arbitrary bytes, against a root with
 * one version and a symlink leading out of versions/. Checks the reader's invariants. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resolver/version_file.h"

static char root[] = "/tmp/fuzz-version-file.XXXXXX";

static void remove_root(void)
{
	char p[256];
	snprintf(p, sizeof(p), "%s/versions/out", root);
	unlink(p);
	snprintf(p, sizeof(p), "%s/versions/3.12.1", root);
	rmdir(p);
	snprintf(p, sizeof(p), "%s/versions", root);
	rmdir(p);
	rmdir(root);
}

static void make_root(void)
{
	if (!mkdtemp(root))
		abort();
	char p[256];
	snprintf(p, sizeof(p), "%s/versions", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/versions/3.12.1", root);
	mkdir(p, 0755);
	snprintf(p, sizeof(p), "%s/versions/out", root);
	if (symlink("/tmp", p) < 0)
		abort();
	atexit(remove_root);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (root[sizeof(root) - 2] == 'X')
		make_root();
	struct rv_vfile vf = {0};
	if (rv_vfile_parse(&vf, (const char *)data, size, root, root) != 0)
		abort();
	size_t safe = 0;
	for (size_t i = 0; i < vf.n; i++) {
		const char *w = vf.words[i].word;
		/* a word is never empty, never a comment, never holds a blank */
		if (!*w || *w == '#' || strpbrk(w, " \t\r\n"))
			abort();
		if (strlen(w) > 4 * 1024) /* 1024 characters of at most 4 bytes */
			abort();
		if (vf.words[i].safe)
			safe++;
		else if (strcmp(w, "..") != 0 && !strchr(w, '/'))
			abort();
	}
	if (safe != vf.n_safe)
		abort();
	char *j = rv_vfile_join(&vf);
	if ((j == NULL) != (safe == 0))
		abort();
	free(j);
	rv_vfile_finish(&vf);
	return 0;
}

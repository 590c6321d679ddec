#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/path.h"

static void die(const char *what, const char *path)
{
	fprintf(stderr, "testutil: %s %s: %s\n", what, path, strerror(errno));
	abort();
}

char *tu_path(const char *base, const char *rel)
{
	char *p = NULL;
	if (asprintf(&p, "%s/%s", base, rel) < 0)
		abort();
	return p;
}

char *tu_tmpdir(void)
{
	char tmpl[] = "/tmp/rv-test.XXXXXX";
	if (!mkdtemp(tmpl))
		die("mkdtemp", tmpl);
	/* tests compare against logical paths: use the physical one */
	char *real = realpath(tmpl, NULL);
	if (!real)
		die("realpath", tmpl);
	return real;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

void tu_rmtree(const char *path)
{
	nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

void tu_mkdirs(const char *base, const char *rel)
{
	char *p = tu_path(base, rel);
	int r = pc_mkdir_p(p, 0755);
	if (r < 0) {
		errno = -r;
		die("mkdir", p);
	}
	free(p);
}

static void mkparent(const char *base, const char *rel)
{
	const char *s = strrchr(rel, '/');
	if (!s)
		return;
	char *d = strndup(rel, (size_t)(s - rel));
	tu_mkdirs(base, d);
	free(d);
}

void tu_write(const char *base, const char *rel, const char *data, size_t len)
{
	mkparent(base, rel);
	char *p = tu_path(base, rel);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		die("open", p);
	if (len == (size_t)-1)
		len = strlen(data);
	if (write(fd, data, len) != (ssize_t)len)
		die("write", p);
	close(fd);
	free(p);
}

void tu_exec(const char *base, const char *rel)
{
	tu_write(base, rel, "#!/bin/sh\nexit 0\n", (size_t)-1);
	char *p = tu_path(base, rel);
	chmod(p, 0755);
	free(p);
}

void tu_symlink(const char *target, const char *base, const char *rel)
{
	mkparent(base, rel);
	char *p = tu_path(base, rel);
	if (symlink(target, p) < 0)
		die("symlink", p);
	free(p);
}

void tu_tree_init(char **dir, char **root)
{
	*dir = tu_tmpdir();
	*root = tu_path(*dir, "root");
}

void tu_tree_finish(char *dir, char *root)
{
	tu_rmtree(dir);
	free(dir);
	free(root);
}

int tu_tree_setup(void **state)
{
	struct tu_tree *t = calloc(1, sizeof(*t));
	if (!t)
		return -1;
	tu_tree_init(&t->dir, &t->root);
	*state = t;
	return 0;
}

int tu_tree_teardown(void **state)
{
	struct tu_tree *t = *state;
	tu_tree_finish(t->dir, t->root);
	free(t);
	return 0;
}

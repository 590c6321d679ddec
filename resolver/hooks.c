#include "resolver/hooks.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "resolver/path.h"

/* The globs below, by hand: glob(3) would link fnmatch and its string functions into the
 * static shim, whose startup then resolves each of them on every exec. */

static int cmp_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "DIR/(star)SUFFIX": every name in dir that does not start with '.' and ends with
 * suffix, as "DIR/NAMEtail", kept when it exists (lstat: a dangling symlink counts, as in
 * glob(3)); appended to out sorted by strcmp (glob's order in the C locale pyenvfs runs
 * in). Returns 0 or -ENOMEM. */
static int glob_dir(const char *dir, const char *suffix, const char *tail, struct rv_strv *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	size_t first = out->n, slen = strlen(suffix);
	int r = 0;
	struct dirent *e;
	while (r == 0 && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (e->d_name[0] == '.' || n < slen || strcmp(e->d_name + n - slen, suffix) != 0)
			continue;
		char *p = rv_strf("%s/%s%s", dir, e->d_name, tail);
		struct stat st;
		if (p && *tail && lstat(p, &st) != 0) {
			free(p);
			continue;
		}
		r = rv_strv_take(out, p);
	}
	closedir(d);
	if (out->n > first)
		qsort(out->v + first, out->n - first, sizeof(char *), cmp_path);
	return r;
}

char *rv_hook_path(const char *root, const char *env_hook_path)
{
	struct rv_strv plugins = {0};
	char *dir = rv_strf("%s/plugins", root);
	int r = dir ? glob_dir(dir, "", "/etc/pyenv.d", &plugins) : -ENOMEM;
	free(dir);
	char *joined = r == 0 ? rv_strv_join(&plugins, ":") : NULL;
	rv_strv_clear(&plugins);
	if (!joined)
		return NULL;
	char *s = rv_strf("%s:%s/pyenv.d:/usr/etc/pyenv.d:/usr/local/etc/pyenv.d:"
			  "/etc/pyenv.d:/usr/lib/pyenv/hooks%s%s",
			  env_hook_path ? env_hook_path : "", root, *joined ? ":" : "", joined);
	free(joined);
	if (s && s[0] == ':')
		memmove(s, s + 1, strlen(s));
	return s;
}

int rv_hook_dirs(const char *hook_path, struct rv_strv *dirs)
{
	struct rv_strv all = {0};
	int r = rv_strv_split(&all, hook_path, ':');
	for (size_t i = 0; r >= 0 && i < all.n; i++)
		if (rv_is_dir(all.v[i]))
			r = rv_strv_push(dirs, all.v[i]);
	rv_strv_clear(&all);
	return r < 0 ? -ENOMEM : 0;
}

int rv_hooks_find(const struct rv_strv *dirs, const char *cmd, struct rv_strv *out)
{
	struct rv_strv found = {0};
	int r = 0;
	for (size_t i = 0; r == 0 && i < dirs->n; i++) {
		char *dir = rv_strf("%s/%s", dirs->v[i], cmd);
		r = dir ? glob_dir(dir, ".bash", "", &found) : -ENOMEM;
		free(dir);
	}
	for (size_t i = 0; r == 0 && i < found.n; i++) {
		char *real = realpath(found.v[i], NULL);
		r = rv_strv_take(out, real ? real : strdup(found.v[i]));
	}
	rv_strv_clear(&found);
	return r;
}

/* pyenv's plugins: lookup, listing and the exec of pyenv-<cmd> (plugin.h). */
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/plugin.h"
#include "resolver/path.h"

const char *pyenv_libexec_dir(const struct ctl *ctl, char *buf, size_t len)
{
	const char *slash = ctl->self_exe ? strrchr(ctl->self_exe, '/') : NULL;
	if (slash) {
		int n = snprintf(buf, len, "%.*s/pyenv-libexec", (int)(slash - ctl->self_exe),
				 ctl->self_exe);
		if (n > 0 && (size_t)n < len && rv_is_dir(buf))
			return buf;
	}
	return PYENVFS_LIBEXEC_DIR;
}

bool pyenv_plugin_is_ours(const struct ctl *ctl, const char *path)
{
	char *real = realpath(path, NULL);
	bool ours = real && ctl->self_exe && strcmp(real, ctl->self_exe) == 0;
	free(real);
	return ours;
}

int pyenv_plugin_bins(const struct pyenv *p, bool with_libexec, struct rv_strv *dirs)
{
	char buf[PATH_MAX];
	int r = with_libexec ? rv_strv_push(dirs, pyenv_libexec_dir(p->ctl, buf, sizeof(buf)))
			     : 0;
	char *pat = rv_strf("%s/plugins/*/bin", p->rv.root);
	glob_t g;
	if (!pat)
		r = -ENOMEM;
	else if (glob(pat, GLOB_ONLYDIR, NULL, &g) == 0) {
		/* pyenv prepends each to PATH in turn: the last comes first */
		for (size_t i = g.gl_pathc; i-- > 0 && r >= 0;)
			if (rv_is_dir(g.gl_pathv[i]))
				r = rv_strv_push(dirs, g.gl_pathv[i]);
		globfree(&g);
	}
	free(pat);
	return r;
}

int pyenv_plugin_path(const struct pyenv *p, struct rv_strv *dirs)
{
	int r = pyenv_plugin_bins(p, false, dirs);
	const char *path = getenv("PATH");
	struct rv_strv sys = {0};
	if (r >= 0 && path)
		r = rv_strv_split(&sys, path, ':');
	for (size_t i = 0; i < sys.n && r >= 0; i++)
		r = rv_strv_push(dirs, *sys.v[i] ? sys.v[i] : ".");
	rv_strv_clear(&sys);
	return r < 0 ? -ENOMEM : 0;
}

char *pyenv_plugin_find(const struct rv_strv *dirs, const char *name)
{
	struct stat st;
	if (strchr(name, '/')) {
		/* bash's command -v prints it from its $PWD */
		char *cwd = rv_logical_cwd(getenv("PWD"));
		char *rel = cwd ? rv_strf("%s/pyenv-%s", cwd, name) : NULL;
		free(cwd);
		if (rel && stat(rel, &st) == 0 && !S_ISDIR(st.st_mode) && rv_is_exec(rel))
			return rel;
		free(rel);
		return NULL;
	}
	char *lose = NULL; /* bash's file_to_lose_on */
	for (size_t i = 0; i < dirs->n; i++) {
		char *f = rv_strf("%s/pyenv-%s", dirs->v[i], name);
		if (f && stat(f, &st) == 0 && !S_ISDIR(st.st_mode)) {
			if (rv_is_exec(f)) {
				free(lose);
				return f;
			}
			if (!lose) {
				lose = f;
				continue;
			}
		}
		free(f);
	}
	return lose;
}

int pyenv_plugin_lookup(const struct pyenv *p, const char *name, bool others_only, char **path)
{
	struct rv_strv dirs = {0};
	*path = NULL;
	int r = pyenv_plugin_path(p, &dirs);
	if (r >= 0)
		*path = pyenv_plugin_find(&dirs, name);
	if (*path && others_only && pyenv_plugin_is_ours(p->ctl, *path)) {
		free(*path);
		*path = NULL;
	}
	rv_strv_clear(&dirs);
	return r;
}

int pyenv_plugin_names(const struct rv_strv *dirs, struct rv_strv *out)
{
	int r = 0;
	for (size_t i = 0; i < dirs->n && r >= 0; i++) {
		DIR *d = opendir(dirs->v[i]);
		if (!d)
			continue;
		for (struct dirent *e; r >= 0 && (e = readdir(d));)
			if (rv_startswith(e->d_name, "pyenv-") && e->d_name[6])
				r = rv_strv_push(out, e->d_name + 6);
		closedir(d);
	}
	return r;
}

/* PATH for a plugin: our libexec and the plugins' bins, then $PATH. */
static char *plugin_env_path(const struct pyenv *p)
{
	struct rv_strv dirs = {0};
	char *s = NULL;
	if (pyenv_plugin_bins(p, true, &dirs) >= 0) {
		const char *path = getenv("PATH");
		if (path && rv_strv_push(&dirs, path) < 0)
			goto out;
		s = rv_strv_join(&dirs, ":");
	}
out:
	rv_strv_clear(&dirs);
	return s;
}

int pyenv_plugin_exec(struct pyenv *p, char *path, int argc, char **argv)
{
	char *env_path = plugin_env_path(p);
	if (!env_path || setenv("PATH", env_path, 1) < 0) {
		free(env_path);
		return pyenv_oom(p->ctl);
	}
	free(env_path);
	char **args = calloc((size_t)argc + 1, sizeof(char *));
	if (!args)
		return pyenv_oom(p->ctl);
	args[0] = path;
	for (int i = 1; i < argc; i++)
		args[i] = argv[i];
	fflush(stdout);
	execv(path, args);
	int e = errno;
	free(args);
	pyenv_errf("%s: %s: %s", p->ctl->prog, path, strerror(e));
	return e == ENOENT ? 127 : 126;
}

/* The plugins' own commands (plugin.h). */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/pyenv/output.h"
#include "ctl/pyenv/plugin.h"
#include "resolver/path.h"

/* path when it is an executable file other than this program */
static char *candidate(const struct pyenv *p, char *path)
{
	char *real = path && rv_is_file(path) && rv_is_exec(path) ? realpath(path, NULL) : NULL;
	bool self = real && strcmp(real, p->ctl->self_exe) == 0;
	free(real);
	if (real && !self)
		return path;
	free(path);
	return NULL;
}

char *pyenv_plugin_find(const struct pyenv *p, const char *name)
{
	char *pat = rv_strf("%s/plugins/*/bin/pyenv-%s", p->rv.root, name);
	char *found = NULL;
	glob_t g;
	if (pat && glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && !found; i++)
			found = candidate(p, strdup(g.gl_pathv[i]));
		globfree(&g);
	}
	free(pat);
	struct rv_strv dirs = {0};
	if (!found && p->rv.path && rv_strv_split(&dirs, p->rv.path, ':') >= 0)
		for (size_t i = 0; i < dirs.n && !found; i++)
			found = candidate(p, rv_strf("%s/pyenv-%s", *dirs.v[i] ? dirs.v[i] : ".",
						     name));
	rv_strv_clear(&dirs);
	return found;
}

int pyenv_plugin_exec(struct pyenv *p, const char *name, int argc, char **argv)
{
	char *path = pyenv_plugin_find(p, name);
	if (!path)
		return -ENOENT;
	char **args = calloc((size_t)argc + 1, sizeof(char *));
	if (!args) {
		free(path);
		return pyenv_oom(p->ctl);
	}
	args[0] = path;
	for (int i = 1; i < argc; i++)
		args[i] = argv[i];
	fflush(stdout);
	execv(path, args);
	pyenv_errf("%s: %s: %s", p->ctl->prog, path, strerror(errno));
	free(args);
	free(path);
	return 126;
}

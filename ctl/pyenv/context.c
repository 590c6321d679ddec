/* pyenv's main script: PYENV_ROOT, PYENV_DIR, PYENV_HOOK_PATH (context.h). */
#include <errno.h>
#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/pyenv/context.h"
#include "ctl/pyenv/output.h"
#include "resolver/path.h"
#include "resolver/roots.h"

/* ":DIR" for each plugin's etc/pyenv.d, in glob order; malloc'ed, NULL when there is
 * none (or no memory). */
static char *plugin_hook_dirs(const char *root)
{
	char *plugins = NULL;
	char *pat = rv_strf("%s/plugins/*/etc/pyenv.d", root);
	glob_t g;
	if (pat && glob(pat, 0, NULL, &g) == 0) {
		struct rv_strv sv = {0};
		for (size_t i = 0; i < g.gl_pathc; i++)
			rv_strv_pushf(&sv, ":%s", g.gl_pathv[i]);
		plugins = rv_strv_join(&sv, "");
		rv_strv_clear(&sv);
		globfree(&g);
	}
	free(pat);
	return plugins;
}

/* PYENV_HOOK_PATH as pyenv's main script makes it from hp (the environment's). */
static char *main_hook_path(const struct pyenv *p, const char *hp)
{
	char *plugins = plugin_hook_dirs(p->rv.root);
	char *s = rv_strf("%s:%s/pyenv.d:/usr/etc/pyenv.d:/usr/local/etc/pyenv.d:"
			  "/etc/pyenv.d:/usr/lib/pyenv/hooks%s",
			  hp ? hp : "", p->rv.root, plugins ? plugins : "");
	free(plugins);
	return s;
}

/* p->hook_path and p->hook_dirs. Returns 0 or -ENOMEM. */
static int hook_path(struct pyenv *p)
{
	const char *hp = getenv("PYENV_HOOK_PATH");
	if (p->ctl->direct) /* pyenv-<cmd>: the caller's, as it is */
		p->hook_path = strdup(hp ? hp : "");
	else
		p->hook_path = main_hook_path(p, hp);
	if (!p->hook_path)
		return -ENOMEM;
	if (p->hook_path[0] == ':')
		memmove(p->hook_path, p->hook_path + 1, strlen(p->hook_path));
	/* look for hooks only where a directory is */
	struct rv_strv dirs = {0};
	int r = rv_strv_split(&dirs, p->hook_path, ':');
	for (size_t i = 0; r >= 0 && i < dirs.n; i++)
		if (rv_is_dir(dirs.v[i]))
			r = rv_strv_push(&p->hook_dirs, dirs.v[i]);
	rv_strv_clear(&dirs);
	return r < 0 ? -ENOMEM : 0;
}

int pyenv_init(struct pyenv *p, const struct ctl *ctl)
{
	struct rv_strv msgs = {0};
	struct rv_env env = rv_env_from_environ(ctl->prog);
	*p = (struct pyenv){.ctl = ctl};
	int r = rv_ctx_init(&p->rv, &env, &msgs);
	if (r >= 0)
		r = rv_roots_load(p->rv.prog, p->rv.root, getenv("PYENVFS_ROOTS"), false,
				  &p->rv.roots, &msgs);
	pyenv_flush_msgs(&msgs);
	if (r < 0)
		return r == -ENOMEM ? pyenv_oom(ctl) : 1;
	if (hook_path(p) < 0)
		return pyenv_oom(ctl);
	/* pyenv exports these to every command (and so to hooks and exec'd programs) */
	setenv("PYENV_ROOT", p->rv.root, 1);
	setenv("PYENV_DIR", p->rv.dir, 1);
	setenv("PYENV_HOOK_PATH", p->hook_path, 1);
	return 0;
}

void pyenv_finish(struct pyenv *p)
{
	rv_ctx_finish(&p->rv);
	free(p->hook_path);
	rv_strv_clear(&p->hook_dirs);
}

int pyenv_run(const struct ctl *ctl, int argc, char **argv, pyenv_fn *fn)
{
	struct pyenv p;
	int status = pyenv_init(&p, ctl);
	if (status) {
		pyenv_finish(&p);
		return status;
	}
	p.cmd = ctl_find(argv[0]);
	status = ctl_builtin(ctl, &p, p.cmd, argc, argv);
	if (status < 0)
		status = fn(&p, argc, argv);
	pyenv_finish(&p);
	fflush(stdout);
	return status;
}

/* pyenv's main script: PYENV_ROOT, PYENV_DIR, PYENV_HOOK_PATH (context.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/pyenv/context.h"
#include "ctl/pyenv/output.h"
#include "resolver/hooks.h"
#include "resolver/roots.h"

/* p->hook_path and p->hook_dirs. Returns 0 or -ENOMEM. */
static int hook_path(struct pyenv *p)
{
	const char *hp = getenv("PYENV_HOOK_PATH");
	if (p->ctl->direct) /* pyenv-<cmd>: the caller's, as it is */
		p->hook_path = strdup(hp ? hp : "");
	else
		p->hook_path = rv_hook_path(p->rv.root, hp);
	if (!p->hook_path)
		return -ENOMEM;
	if (p->hook_path[0] == ':')
		memmove(p->hook_path, p->hook_path + 1, strlen(p->hook_path));
	/* look for hooks only where a directory is */
	return rv_hook_dirs(p->hook_path, &p->hook_dirs);
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

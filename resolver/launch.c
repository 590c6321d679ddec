#include "resolver/launch.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "resolver/path.h"
#include "resolver/roots.h"
#include "resolver/venv_which.h"

/* The selection like `pyenv exec`: PYENV_VERSION="$(pyenv-version-name -f)", with the
 * warnings pyenv prints (twice when PYENV_VERSION was not exported: pyenv-which reads
 * the version file again); *warnings: the messages so far, those printed again. */
static int select_names(struct rv_launch *l, size_t *warnings)
{
	char *raw = rv_selection_raw(&l->ctx, &l->msgs);
	if (!raw)
		return -ENOMEM;
	*warnings = l->msgs.n;
	int r = rv_version_name(&l->ctx, raw, true, &l->names, &l->msgs);
	free(raw);
	if (r < 0)
		return r;
	if (!l->ctx.version_env)
		for (size_t i = 0; i < *warnings; i++)
			if (rv_strv_push(&l->msgs, l->msgs.v[i]) < 0)
				return -ENOMEM;
	return 0;
}

/* The search, which's hooks when it found nothing (venv_which.h: nothing before that), and
 * exec's environment or pyenv's failure. */
static int search(struct rv_launch *l, const char *cmd, size_t warnings, char *const *envp)
{
	char *var = rv_shim_paths_var(cmd);
	if (!var)
		return -ENOMEM;
	int r = rv_which_search(&l->ctx, cmd, l->names.v, l->names.n, false, getenv(var),
				&l->which);
	free(var);
	if (r == 0 && !rv_which_found(&l->which)) {
		r = rv_venv_which(&l->ctx, cmd, &l->names, warnings, &l->which, &l->msgs);
		if (r == 0 && !rv_which_found(&l->which)) {
			l->status = 127;
			return rv_which_failure(&l->ctx, cmd, &l->which, false, &l->msgs);
		}
	}
	if (r != 0) {
		l->status = 1; /* (r == 1: a hook's version-name failed, which exits there) */
		return r < 0 ? r : 0;
	}
	char *version = rv_strv_join(&l->names, ":");
	char *bin = rv_dirname(l->which.path);
	/* a shim reached through a link elsewhere: like pyenv's shim (_PYENV_SHIM_PATH) the
	 * program's own search and those below it skip that dir too, so chains of links end */
	size_t rl = strlen(l->ctx.root);
	const char *sp = l->ctx.extra_shims;
	bool own = sp && strncmp(sp, l->ctx.root, rl) == 0 && strcmp(sp + rl, "/shims") == 0;
	if (version && bin)
		l->env = rv_exec_env(&l->ctx, envp, version, cmd, bin, own ? NULL : sp);
	free(version);
	free(bin);
	if (!l->env)
		return -ENOMEM;
	l->status = 0;
	return 0;
}

int rv_launch_resolve(struct rv_launch *l, const char *root, const char *entry, char *const *envp)
{
	*l = (struct rv_launch){.status = 1};
	struct rv_env in = rv_env_from_environ("pyenv");
	in.pyenv_root = root;
	int r = rv_ctx_init(&l->ctx, &in, &l->msgs);
	/* the extra roots are the mount's (its roots file), never the caller's PYENVFS_ROOTS */
	if (r == 0)
		r = rv_roots_load(l->ctx.prog, l->ctx.root, NULL, false, &l->ctx.roots, &l->msgs);
	if (r == 0 && !(l->ctx.extra_shims = rv_dirname(entry)))
		r = -ENOMEM;
	size_t warnings = 0;
	if (r == 0)
		r = select_names(l, &warnings);
	if (r == 0)
		r = search(l, rv_basename(entry), warnings, envp);
	if (r == -ENOMEM) {
		l->status = 1;
		rv_strv_push(&l->msgs, "pyenv: out of memory");
	}
	return r == -ENOMEM ? r : 0;
}

int rv_launch_exec(struct rv_launch *l, char **argv)
{
	argv[0] = l->which.path;
	execvpe(l->which.path, argv, l->env);
	int e = errno;
	rv_strv_pushf(&l->msgs, "pyenv: %s: %s", l->which.path, strerror(e));
	return e == ENOENT ? 127 : 126;
}

void rv_launch_finish(struct rv_launch *l)
{
	if (!l)
		return;
	rv_env_free(l->env);
	rv_which_finish(&l->which);
	rv_strv_clear(&l->names);
	rv_strv_clear(&l->msgs);
	rv_ctx_finish(&l->ctx);
	*l = (struct rv_launch){0};
}

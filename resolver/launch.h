/* launch: what pyenvfs-shim does for one shim entry, as data: the selection like
 * `pyenv exec` (PYENV_ROOT = the mount's root), the command's real path and the
 * environment to exec it with, or pyenv's failure. The shim and pyenvfs-ctl-install's
 * first-use mode (which installs what is missing, then launches) share it. */
#pragma once

#include "resolver/select.h"
#include "resolver/strv.h"
#include "resolver/which.h"

struct rv_launch {
	struct rv_ctx ctx;
	struct rv_strv msgs;   /* pyenv's messages, to print on stderr in order */
	struct rv_strv names;  /* the selected versions (`pyenv version-name -f`) */
	struct rv_which which; /* the search; which.missing: selected versions not installed */
	char **env;            /* exec's environment when status is 0 */
	int status;            /* 0: exec which.path with env; else the exit status */
};

/* Resolves the shim entry (its name is the command, its directory the shims dir) under
 * root with the process's environment envp (which must outlive l); when nothing selected
 * has the command, pyenv-virtualenv's which hooks answer (resolver/venv_which.h). Returns
 * 0 (see l->status: 127 when the command is not found, 1 when a which hook's
 * version-name failed) or -ENOMEM (status 1, "pyenv: out of memory" in msgs). Finish l
 * in every case. */
int rv_launch_resolve(struct rv_launch *l, const char *root, const char *entry, char *const *envp);

/* Execs l->which.path with argv (argv[0] is set to the path) and l->env. Returns only on
 * failure: the exit status (127 when the file is missing, else 126) with pyenv's
 * message in l->msgs. */
int rv_launch_exec(struct rv_launch *l, char **argv);

void rv_launch_finish(struct rv_launch *l);

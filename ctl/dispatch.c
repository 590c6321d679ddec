/* pyenvfs-ctl's dispatch, pyenv's main script: a command of the tables runs in-process;
 * any other NAME is pyenv's `pyenv-NAME', looked up in the plugins' bins and PATH and
 * exec'd with pyenv's environment (PYENV_ROOT, PYENV_DIR, PYENV_HOOK_PATH, and a PATH
 * with our pyenv-libexec and the plugins' bins first). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"
#include "ctl/pyenv/commands.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/plugin.h"

/* pyenv's main script for a command that is not ours: finds pyenv-<argv[0]>, answers
 * `--help' with its help, else execs it. Returns the exit status (when the exec failed
 * or there is no such command). */
static int plugin_dispatch(const struct ctl *ctl, int argc, char **argv)
{
	struct pyenv p;
	int status = pyenv_init(&p, ctl);
	struct rv_strv dirs = {0};
	char *path = NULL;
	if (status)
		goto out;
	if (pyenv_plugin_path(&p, &dirs) < 0) {
		status = pyenv_oom(ctl);
		goto out;
	}
	path = pyenv_plugin_find(&dirs, argv[0]);
	if (!path) {
		if (strcmp(argv[0], "shell") == 0)
			pyenv_errf("%s: shell integration not enabled. Run `%s init' for "
				   "instructions.", ctl->prog, ctl->prog);
		else
			pyenv_errf("%s: no such command `%s'", ctl->prog, argv[0]);
		status = 1;
	} else if (argc > 1 && strcmp(argv[1], "--help") == 0) {
		if (rv_startswith(argv[0], "sh-"))
			printf("%s help \"%s\"\n", ctl->prog, argv[0]);
		else
			status = pyenv_help_print(&p, argv[0], false);
	} else {
		status = pyenv_plugin_exec(&p, path, argc, argv);
	}
out:
	free(path);
	rv_strv_clear(&dirs);
	pyenv_finish(&p);
	fflush(stdout);
	return status;
}

int ctl_dispatch(const struct ctl *ctl, int argc, char **argv)
{
	const struct ctl_command *cmd = ctl_find(argv[0]);
	if (!cmd)
		return plugin_dispatch(ctl, argc, argv);
	if (!(cmd->flags & CTL_CMD_PYENV)) {
		int r = ctl_builtin(ctl, NULL, cmd, argc, argv);
		if (r >= 0)
			return r;
	}
	return cmd->run(ctl, argc, argv);
}

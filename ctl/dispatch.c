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

/* pyenv's main script for the pyenv-<argv[0]> at path: `--help' shows its help, else it is
 * exec'd. Returns the exit status. */
static int run_plugin(struct pyenv *p, char *path, int argc, char **argv)
{
	if (argc < 2 || strcmp(argv[1], "--help") != 0)
		return pyenv_plugin_exec(p, path, argc, argv);
	if (!rv_startswith(argv[0], "sh-"))
		return pyenv_help_print(p, argv[0], false);
	printf("%s help \"%s\"\n", p->ctl->prog, argv[0]);
	return 0;
}

/* pyenv's main script for a command that is not ours (native NULL), or one we answer only
 * while no plugin provides it (CTL_CMD_UNLESS_PLUGIN): finds pyenv-<argv[0]> and runs it;
 * else native runs, as pyenv runs a pyenv-<cmd> once its setup is done (ctl->direct: the
 * environment pyenv_init exported is taken as it is). Returns the exit status. */
static int plugin_dispatch(const struct ctl *ctl, int argc, char **argv,
			   const struct ctl_command *native)
{
	struct pyenv p;
	int status = pyenv_init(&p, ctl); /* -1 below: native's to answer */
	char *path = NULL;
	if (status)
		goto out;
	if (pyenv_plugin_lookup(&p, argv[0], native, &path) < 0) {
		status = pyenv_oom(ctl);
	} else if (path) {
		status = run_plugin(&p, path, argc, argv);
	} else if (native) {
		status = -1;
	} else if (strcmp(argv[0], "shell") == 0) {
		pyenv_errf("%s: shell integration not enabled. Run `%s init' for instructions.",
			   ctl->prog, ctl->prog);
		status = 1;
	} else {
		pyenv_errf("%s: no such command `%s'", ctl->prog, argv[0]);
		status = 1;
	}
out:
	free(path);
	pyenv_finish(&p);
	fflush(stdout);
	if (status >= 0)
		return status;
	struct ctl as_cmd = *ctl;
	as_cmd.direct = true;
	return native->run(&as_cmd, argc, argv);
}

int ctl_dispatch(const struct ctl *ctl, int argc, char **argv)
{
	const struct ctl_command *cmd = ctl_find(argv[0]);
	if (!cmd || (cmd->flags & CTL_CMD_UNLESS_PLUGIN))
		return plugin_dispatch(ctl, argc, argv, cmd);
	if (!(cmd->flags & CTL_CMD_PYENV)) {
		int r = ctl_builtin(ctl, NULL, cmd, argc, argv);
		if (r >= 0)
			return r;
	}
	return cmd->run(ctl, argc, argv);
}

/* pyenv commands, completions and help: our tables' commands and the plugins' pyenv-<cmd>
 * programs (ctl/pyenv/plugin.h). */
#pragma once

#include "ctl/ctl.h"
#include "ctl/pyenv/context.h"

enum pyenv_commands_mode {
	PYENV_COMMANDS_ALL,   /* every command, sh-NAME as NAME */
	PYENV_COMMANDS_SH,    /* --sh: the sh-NAME ones, as NAME */
	PYENV_COMMANDS_NO_SH, /* --no-sh: the others */
};

/* The names `pyenv commands' prints, sorted, each once: the tables' and every pyenv-NAME
 * in the plugins' bins and PATH. Returns 0 or -ENOMEM. */
int pyenv_commands_list(const struct pyenv *p, enum pyenv_commands_mode mode,
			struct rv_strv *out);

/* What `command -v pyenv-NAME || command -v pyenv-sh-NAME' finds: one of our commands
 * (cmd), or a plugin's program (path, malloc'ed), or neither. */
struct pyenv_found {
	const struct ctl_command *cmd;
	char *path;
};

/* Looks name up as pyenv-help and pyenv-completions do (a CTL_CMD_UNLESS_PLUGIN command is
 * the plugin's program when there is one). Returns 0 or -ENOMEM. */
int pyenv_command_find(const struct pyenv *p, const char *name, struct pyenv_found *f);

/* `pyenv help [--usage] NAME' for one command, ours or a plugin's. Returns the exit
 * status. */
int pyenv_help_print(struct pyenv *p, const char *name, bool usage);

/* --complete of help and completions: the command's words, then every command. */
int pyenv_complete_commands(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			    int argc, char **argv);

int pyenv_cmd_commands(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_completions(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_help(struct pyenv *p, int argc, char **argv);

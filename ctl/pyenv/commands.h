/* pyenv commands, completions and help, generated from the command tables. */
#pragma once

#include "ctl/ctl.h"
#include "ctl/pyenv/context.h"

enum pyenv_commands_mode {
	PYENV_COMMANDS_ALL,   /* every command, sh-NAME as NAME */
	PYENV_COMMANDS_SH,    /* --sh: the sh-NAME ones, as NAME */
	PYENV_COMMANDS_NO_SH, /* --no-sh: the others */
};

/* The names `pyenv commands' prints, sorted, each once. Returns 0 or -ENOMEM. */
int pyenv_commands_list(enum pyenv_commands_mode mode, struct rv_strv *out);

/* --complete of help and completions: the command's words, then every command. */
int pyenv_complete_commands(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			    int argc, char **argv);

int pyenv_cmd_commands(const struct ctl *ctl, int argc, char **argv);
int pyenv_cmd_completions(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_help(const struct ctl *ctl, int argc, char **argv);

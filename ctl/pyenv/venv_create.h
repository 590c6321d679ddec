/* pyenv-virtualenv 1.4's `virtualenv' and `virtualenv-delete', natively, for a root without
 * the plugin (their table entries are CTL_CMD_UNLESS_PLUGIN: with the plugin, its scripts
 * run). virtualenv makes the env with the version's `python -m venv' in the plugin's
 * layout, versions/VERSION/envs/NAME and the link versions/NAME to it (from `system':
 * versions/NAME itself); virtualenv-delete removes an env and its link together. The
 * messages, prompts and exit statuses are the plugin's scripts'; where a script would
 * lose something (replace a version or an alias, leave half an env behind) these refuse
 * or undo instead. Only PYENV_ROOT is written to, never an extra root (PYENVFS_ROOTS). */
#pragma once

#include "ctl/ctl.h"
#include "ctl/pyenv/context.h"

/* virtualenv [-f|--force] [-u|--upgrade] [--without-pip] [VENV_OPTIONS] [VERSION] NAME */
int pyenv_cmd_virtualenv(struct pyenv *p, int argc, char **argv);

/* virtualenv-delete [-f|--force] NAME (or VERSION/envs/NAME) */
int pyenv_cmd_virtualenv_delete(struct pyenv *p, int argc, char **argv);

/* --complete, as the scripts answer it: `versions --bare --skip-envs' for virtualenv,
 * `virtualenvs --bare' for virtualenv-delete. */
int pyenv_complete_virtualenv(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			      int argc, char **argv);
int pyenv_complete_virtualenv_delete(const struct ctl *ctl, void *ctx,
				     const struct ctl_command *cmd, int argc, char **argv);

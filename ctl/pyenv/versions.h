/* `pyenv versions' and the listings other commands complete with. */
#pragma once

#include <stdbool.h>

#include "ctl/pyenv/context.h"

/* The names in versions/V/bin and versions/V/envs/E/bin (executable ones only when
 * executable_only), each after prefix, one a line. Returns 0 or -ENOMEM. */
int pyenv_print_executables(struct pyenv *p, bool executable_only, const char *prefix);

/* `pyenv versions --bare'. Returns 0 or -ENOMEM. */
int pyenv_print_bare_versions(struct pyenv *p);

int pyenv_cmd_versions(struct pyenv *p, int argc, char **argv);

/* --complete: the command's words, then `versions --bare' (local, global, prefix,
 * sh-shell), or `shims --short' (which, whence, exec). */
int pyenv_complete_versions(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			    int argc, char **argv);
int pyenv_complete_shims(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd, int argc,
			 char **argv);

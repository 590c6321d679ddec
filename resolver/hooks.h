/* hooks: where pyenv looks for hook scripts. PYENV_HOOK_PATH as pyenv 2.6's main script
 * makes it, its directories, and the scripts of one command as pyenv-hooks lists them.
 * pyenvfs-ctl runs the scripts (ctl/pyenv/hooks.h); the shim answers the known which
 * hooks natively (resolver/venv_which.h). */
#pragma once

#include "resolver/strv.h"

/* PYENV_HOOK_PATH as pyenv's main script makes it from env_hook_path (the
 * environment's; NULL: unset): env_hook_path, root/pyenv.d, /usr/etc/pyenv.d,
 * /usr/local/etc/pyenv.d, /etc/pyenv.d, /usr/lib/pyenv/hooks, then each
 * root/plugins/(star)/etc/pyenv.d in glob order, joined with ':', one leading ':'
 * removed. Malloc'ed; NULL on ENOMEM. */
char *rv_hook_path(const char *root, const char *env_hook_path);

/* The entries of the ':'-separated hook_path that are directories, appended to dirs in
 * order (the only places worth a glob). Returns 0 or -ENOMEM. */
int rv_hook_dirs(const char *hook_path, struct rv_strv *dirs);

/* `pyenv-hooks cmd`: dirs[i]/cmd/(star).bash for each dir in order, each dir's in glob
 * order, symlinks resolved (realpath; the glob's path when that fails), appended to
 * out. Returns 0 or -ENOMEM. */
int rv_hooks_find(const struct rv_strv *dirs, const char *cmd, struct rv_strv *out);

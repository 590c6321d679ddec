/* venv_which: pyenv-virtualenv 1.4's which hooks, answered natively for the shim
 * (launch.h). pyenv sources the hooks of `which` after its search of every selected
 * version and system found nothing; with the plugin's etc/pyenv.d/which/ in one of pyenv's
 * hook dirs (resolver/hooks.h), an env selected alone then lends the command from the
 * version it was made from (resolver/venv.h): system-site-packages.bash when the env
 * includes the system site packages, python-config.bash for python(star)-config names.
 *
 * The hooks are known by their file names; conda.bash does nothing through a shim (it
 * looks at versions/$version/conda-meta, and $version is "system" there: the last entry
 * of which's loop); any other which hook runs only in `pyenvfs-ctl which` and `exec`.
 * One deliberate difference: pyenv 2.6 hands the hooks the system search's empty
 * PYENV_COMMAND_PATH, so python-config.bash never matches and system-site-packages.bash
 * finds the base's bin/ itself, which exec then fails to run (126; pyenv PR #1936,
 * pyenv-virtualenv issue #418); here they see the command's name, as they are meant to
 * and as `pyenv which CMD --nosystem` runs them. The rest is pyenv's exec: the hooks'
 * `pyenv-version-name` with its messages, and the exit (status 1) when that fails. */
#pragma once

#include <stddef.h>

#include "resolver/select.h"
#include "resolver/strv.h"
#include "resolver/which.h"

/* After rv_which_search found nothing for cmd (w not found): the known which hooks in
 * pyenv's order (hook dirs from ctx->root and PYENV_HOOK_PATH). names: the selection as
 * exec resolved it (`pyenv-version-name -f`, exported when ctx->version_env is set);
 * warnings: nonzero when reading the selection printed messages (the file is read again
 * when PYENV_VERSION is unset; a count of all messages so far will do). Each hook's
 * `pyenv-version-name` (without -f) adds its messages to msgs; the env is
 * root/versions/<its answer>. When a hook finds the command, w->path and w->version are
 * the base's and w->found is set. Nothing is searched (two stats) when the selection
 * cannot be an env and reading it again prints nothing. Returns 0; 1 when a hook's
 * version-name failed (pyenv's which exits with 1 there under set -e, printing no more);
 * -ENOMEM. */
int rv_venv_which(const struct rv_ctx *ctx, const char *cmd, const struct rv_strv *names,
		  size_t warnings, struct rv_which *w, struct rv_strv *msgs);

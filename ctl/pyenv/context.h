/* One pyenv command invocation: what pyenv's main script sets up before it runs a
 * command (PYENV_ROOT, PYENV_DIR, PYENV_HOOK_PATH, all exported). */
#pragma once

#include "ctl/ctl.h"
#include "resolver/select.h"
#include "resolver/strv.h"

struct pyenv {
	const struct ctl *ctl;
	const struct ctl_command *cmd; /* the command being run */
	struct rv_ctx rv;
	char *hook_path;          /* PYENV_HOOK_PATH as pyenv computes it */
	struct rv_strv hook_dirs; /* its directories that exist */
};

/* A pyenv command; argv[0] is its name. Returns the exit status. */
typedef int pyenv_fn(struct pyenv *p, int argc, char **argv);

/* Sets p up for ctl (and exports the variables). Returns 0, or the exit status after
 * printing why it failed; pyenv_finish(p) is due either way. */
int pyenv_init(struct pyenv *p, const struct ctl *ctl);
void pyenv_finish(struct pyenv *p);

/* The run of every pyenv command: init, --help/--complete (ctl_builtin), fn, finish.
 * Returns the exit status. */
int pyenv_run(const struct ctl *ctl, int argc, char **argv, pyenv_fn *fn);

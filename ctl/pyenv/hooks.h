/* pyenv's hooks: pyenv sources $PYENV_HOOK_PATH/<cmd>/(star).bash inside its commands; we
 * run them in one bash process with the variables set in its environment. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "ctl/pyenv/context.h"

struct pyenv_var {
	const char *name;
	const char *value; /* NULL: unset */
};

/* One run of a command's hooks: what they see and what they hand back. */
struct pyenv_hook_call {
	const char *cmd;              /* the hooks of $PYENV_HOOK_PATH/<cmd>/ */
	const struct pyenv_var *vars; /* set (or unset) in the hooks' environment */
	size_t n_vars;
	const char *const *out_names; /* variables to read back after the hooks ran */
	size_t n_out;
	char **out_values; /* [n_out]: their values, malloc'ed, NULL when unset */
	/* when non-NULL: the hooks' exported environment (NULL-terminated, malloc'ed) */
	char ***out_env;
	int status; /* PYENV_HOOKS_EXITED: the exit status to exit with */
};

enum pyenv_hooks_result {
	PYENV_HOOKS_NONE,   /* cmd has no hook: nothing ran, nothing set */
	PYENV_HOOKS_RAN,    /* out_values (and *out_env) set */
	PYENV_HOOKS_EXITED, /* a hook exited (or bash could not run: message printed) */
};

/* Runs cmd's hooks as pyenv would source them. */
enum pyenv_hooks_result pyenv_hooks_run(const struct pyenv *p, struct pyenv_hook_call *call);

/* True when cmd has a hook script (or the search ran out of memory). */
bool pyenv_hooks_exist(const struct pyenv *p, const char *cmd);

/* pyenv hooks CMD: the hook scripts of CMD, one a line, symlinks resolved. */
int pyenv_cmd_hooks(struct pyenv *p, int argc, char **argv);

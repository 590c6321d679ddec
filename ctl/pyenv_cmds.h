/* Internals shared by the pyenv commands of pyenvfs-ctl (cmd_pyenv.c, pyenv_*.c). */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "ctl/ctl.h"
#include "resolver/select.h"
#include "resolver/strv.h"

/* pyenv 2.6's help for one command. */
struct pyenv_help {
	const char *cmd;
	const char *usage; /* `pyenv help --usage CMD` */
	const char *help;  /* `pyenv help CMD` */
};

/* The help of cmd, or NULL. */
const struct pyenv_help *pyenv_help_find(const char *cmd);

/* Prints cmd's help (or only its usage) to out, "pyenv" replaced by ctl->prog in the
 * usage lines when not invoked as pyenv. */
void pyenv_print_help(const struct ctl *ctl, const char *cmd, bool usage_only, FILE *out);

/* One pyenv command invocation. */
struct pyenv {
	const struct ctl *ctl;
	struct rv_ctx rv;
	char *hook_path;          /* PYENV_HOOK_PATH as pyenv computes it */
	struct rv_strv hook_dirs; /* its directories that exist */
};

/* Prints a line to stderr after flushing stdout (pyenv's output is unbuffered, so both
 * streams interleave in program order). */
void pyenv_err(const char *line);
void pyenv_errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints every line of msgs with pyenv_err and empties msgs. */
void pyenv_flush_msgs(struct rv_strv *msgs);

/* Hooks: pyenv sources $PYENV_HOOK_PATH/<cmd>/(star).bash inside its commands; we run
 * them in one bash process with vars set in its environment.
 * Returns -1 when there is no hook for cmd (nothing ran); else runs them, stores the
 * values of out_names[0..n_out) after they ran in out_values (malloc'ed, NULL when
 * unset) and, when out_env is non-NULL, the exported environment (NULL-terminated,
 * malloc'ed) and returns 0; when a hook exited, returns 1 with *exit_status set. */
struct pyenv_var {
	const char *name;
	const char *value; /* NULL: unset */
};
int pyenv_hooks_run(const struct pyenv *p, const char *cmd, const struct pyenv_var *vars,
		    size_t n_vars, const char *const *out_names, size_t n_out, char **out_values,
		    char ***out_env, int *exit_status);

/* The before_/after_ hooks of pyenv-virtualenv's sh-activate and sh-deactivate, for the
 * native commands that stand in for those scripts. The script sources `pyenv-hooks KIND'
 * at its start (a hook registers code with before_KIND 'CODE' and after_KIND 'CODE'),
 * evals the before code at one point of its run and the after code at its end, all in
 * its own bash, where the code sees the script's variables. Natively: with no hook
 * script nothing changes (and nothing runs); with some, what the command prints is held
 * from the start, and at the end one bash sources the scripts, prints the part held
 * before that point, evals the before code, prints the rest, evals the after code. */
#pragma once

#include <stdbool.h>

#include "ctl/pyenv/context.h"
#include "resolver/strv.h"

struct pyenv_script_hooks {
	const char *kind;       /* "activate" or "deactivate" */
	struct rv_strv scripts; /* `pyenv-hooks KIND' */
	struct rv_strv vars;    /* the script's variables the code sees */
	int saved_stdout;       /* stdout while it is held (-1: not held) */
	int held;               /* the memory file stdout goes to */
	long mark;              /* bytes held before the before code's place (-1: not reached) */
};

/* Lists KIND's scripts (foreign.h: a `pyenv-hooks' on PATH that is not ours answers);
 * when there are some, holds stdout from now on. Returns 0, or -ENOMEM / -errno when
 * stdout could not be held (h is then not holding, the command goes on without them). */
int pyenv_script_hooks_begin(struct pyenv *p, const char *kind, struct pyenv_script_hooks *h);

/* The place the script evals its before code. */
void pyenv_script_hooks_mark(struct pyenv_script_hooks *h);

/* Sets the script variable NAME (shown to the code as a shell variable; an array, split
 * at ':', when array) to value. Returns 0 or -ENOMEM. */
int pyenv_script_hooks_var(struct pyenv_script_hooks *h, const char *name, const char *value,
			   bool array);

/* Ends the command: without hook scripts returns status; else lets stdout go, runs the
 * bash described above (under `set -e', as the scripts run) and returns its exit status,
 * status itself when the mark was not reached (the script exited before its hooks'
 * place). Frees h either way. */
int pyenv_script_hooks_end(struct pyenv *p, struct pyenv_script_hooks *h, int status);

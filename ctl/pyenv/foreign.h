/* The pyenv commands a plugin's script calls by name through PATH (pyenv-version-name,
 * pyenv-prefix, pyenv-virtualenv-prefix, pyenv-sh-deactivate, ...), for the native
 * commands that stand in for those scripts. Run through our dispatcher, every such name
 * is ours (pyenv's main script puts our pyenv-libexec first on PATH) and the native
 * command answers it in-process. Started directly as `pyenv-CMD', as the plugin's script
 * would be, PATH may name another program first (a user's override, a test suite's stub):
 * then that program answers, with the arguments and redirections the script gives it, so
 * the native command says what the script would say. */
#pragma once

#include <stdbool.h>

#include "ctl/pyenv/context.h"

/* The program `pyenv-NAME' names on PATH when p was started directly and that program is
 * not one of ours; NULL otherwise (answer in-process). Malloc'ed. */
char *pyenv_foreign(const struct pyenv *p, const char *name);

enum pyenv_foreign_io {
	PYENV_FOREIGN_OUT = 1 << 0,      /* capture stdout (`$(...)'); else it is ours */
	PYENV_FOREIGN_NO_OUT = 1 << 1,   /* stdout to /dev/null */
	PYENV_FOREIGN_NO_ERR = 1 << 2,   /* stderr to /dev/null */
};

/* When pyenv_foreign(p, name) names a program: runs it as `pyenv-NAME ARGS...' (args
 * NULL-terminated, NULL for none) with the environment plus set_env ("NAME=VALUE" or
 * NULL), io as above, and returns true with *status its exit status (128+N for a
 * signal; 126 or 127 as bash gives them when it cannot run). *out (PYENV_FOREIGN_OUT):
 * what it printed, trailing newlines cut as `$(...)' cuts them, NULL on ENOMEM. Returns
 * false when the name is ours: the caller answers. */
bool pyenv_foreign_call(const struct pyenv *p, const char *name, char *const *args,
			const char *set_env, int io, char **out, int *status);

/* What `$(...)' makes of everything read from fd until EOF: NUL bytes dropped, trailing
 * newlines cut. Malloc'ed; NULL on ENOMEM (the rest is still read). */
char *pyenv_subst_read(int fd);

/* The plugins' own commands: `pyenv-NAME' under $PYENV_ROOT/plugins/(star)/bin or in PATH,
 * for the native commands that hand over to the plugin when they cannot answer alone. */
#pragma once

#include "ctl/pyenv/context.h"

/* The path of the plugin command pyenv-NAME (never this program itself), malloc'ed, or
 * NULL when there is none. */
char *pyenv_plugin_find(const struct pyenv *p, const char *name);

/* Execs pyenv-NAME with argv[1..argc) (argv[0] is our command's name). Returns only on
 * failure: -ENOENT when there is no such plugin command, else the exit status after a
 * message. */
int pyenv_plugin_exec(struct pyenv *p, const char *name, int argc, char **argv);

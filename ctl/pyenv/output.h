/* How the pyenv commands print: pyenv's output is unbuffered, so stdout is flushed before
 * each line on stderr and both streams interleave in program order. */
#pragma once

#include "ctl/ctl.h"
#include "resolver/strv.h"

/* Prints a line to stderr after flushing stdout. */
void pyenv_err(const char *line);
void pyenv_errf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints every line of msgs with pyenv_err and empties msgs. */
void pyenv_flush_msgs(struct rv_strv *msgs);

/* Prints each string of sv on a line of its own to stdout. */
void pyenv_print_lines(const struct rv_strv *sv);

/* "PROG: out of memory" on stderr. Returns 1, the exit status. */
int pyenv_oom(const struct ctl *ctl);

/* `pyenv-help --usage CMD >&2' after a bad invocation. Returns 1, the exit status. */
int pyenv_usage_error(const struct ctl *ctl, const char *cmd);

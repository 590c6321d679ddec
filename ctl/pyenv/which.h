/* pyenv which, whence and shims; pyenv-which's search for exec. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "ctl/pyenv/context.h"

/* What pyenv-which is asked: cmd in versions[0..n), then (unless nosystem) in PATH
 * without the shims and the ':'-separated custom_skip dirs. */
struct pyenv_which_query {
	const char *cmd;
	char *const *versions;
	size_t n;
	bool nosystem, skip_advice;
	const char *custom_skip;
};

/* pyenv-which after its argument parsing, with its hooks: prints the path (or, when
 * found is non-NULL, stores it there malloc'ed) or the failure. Returns the exit status
 * (0, 127 not found, a hook's). */
int pyenv_which(struct pyenv *p, const struct pyenv_which_query *q, char **found);

int pyenv_cmd_which(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_whence(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_shims(struct pyenv *p, int argc, char **argv);

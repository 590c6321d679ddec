/* pyenv-virtualenv 1.4's read-only commands, natively: virtualenv-prefix and virtualenvs,
 * output, messages and exit statuses as its bin/ scripts give them (they run on every
 * prompt through virtualenv-init's hook, where the scripts cost ~70 ms). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "ctl/pyenv/context.h"

/* pyenv-virtualenv-prefix on versions[0..n) (n == 0: the selected versions, as
 * `pyenv-version-name' gives them; its messages printed unless quiet): the real prefixes
 * joined with ':' in *out (malloc'ed). Returns 0; 1 (its exit status) with the message
 * printed unless quiet; -ENOMEM. */
int pyenv_virtualenv_prefix(struct pyenv *p, char *const *versions, size_t n, bool quiet,
			    char **out);

/* True when the one version is a virtualenv: `pyenv-virtualenv-prefix V >/dev/null 2>&1'
 * succeeds (V "" asks for the selected versions). */
bool pyenv_is_virtualenv(struct pyenv *p, const char *version);

/* `pyenv-version-name 2>/dev/null' split at ':' into names (what the plugin's scripts
 * read with `IFS=: x=($(pyenv-version-name))'). Returns version-name's exit status, or
 * -ENOMEM. */
int pyenv_selected_quiet(struct pyenv *p, struct rv_strv *names);

int pyenv_cmd_virtualenv_prefix(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_virtualenvs(struct pyenv *p, int argc, char **argv);

/* activate --complete and friends: the words, then `virtualenvs --bare'. */
int pyenv_complete_virtualenvs(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			       int argc, char **argv);

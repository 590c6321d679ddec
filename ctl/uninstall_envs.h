/* What pyenv-virtualenv's uninstall hook (etc/pyenv.d/uninstall/envs.bash) adds to
 * `uninstall', done natively whether or not the plugin is installed: an env goes with
 * its versions/NAME link and the link with its env. */
#pragma once

#include <stdbool.h>

/* Before `uninstall DEFINITION' removes versions/${DEFINITION##(star)/}: DEFINITION
 * "V/envs/E" removes that env; a versions/NAME link to an env removes the env; a version
 * removes the versions/E links to its envs (the envs go with it). False after an error
 * said on stderr with ctl->prog. */
bool ctl_uninstall_envs(const char *prog, const char *root, const char *definition);

/* pyenv shell (without the shell function) and sh-shell, the code the function evals. */
#pragma once

#include "ctl/pyenv/context.h"

int pyenv_cmd_shell(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_sh_shell(struct pyenv *p, int argc, char **argv);

/* pyenv local and global. */
#pragma once

#include "ctl/pyenv/context.h"

int pyenv_cmd_local(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_global(struct pyenv *p, int argc, char **argv);

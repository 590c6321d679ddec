/* pyenv exec. */
#pragma once

#include "ctl/pyenv/context.h"

int pyenv_cmd_exec(struct pyenv *p, int argc, char **argv);

/* pyenv latest and prefix. */
#pragma once

#include "ctl/pyenv/context.h"

int pyenv_cmd_latest(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_prefix(struct pyenv *p, int argc, char **argv);

/* pyenv-virtualenv 1.4's activate and deactivate, natively: sh-activate and sh-deactivate
 * print the code the shell function evals, byte for byte as the plugin's bin/ scripts;
 * activate and deactivate (no shell function loaded) print its advice. When hooks for
 * activate/deactivate are installed (`$PYENV_HOOK_PATH/activate/(star).bash'), the plugin's
 * own script runs instead, since only it can source them. */
#pragma once

#include "ctl/pyenv/context.h"

int pyenv_cmd_sh_activate(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_sh_deactivate(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_activate(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_deactivate(struct pyenv *p, int argc, char **argv);

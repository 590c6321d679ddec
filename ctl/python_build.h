/* python-build (pyenv's plugin, or one on PATH) for the names `install' finds no prebuilt
 * build for: 2.7.18, pypy3.10-7.3.17, miniconda3-latest build from their definitions. */
#pragma once

#include <stdbool.h>

/* $PYENV_ROOT/plugins/python-build/bin/python-build when executable, else the first
 * executable python-build in PATH. Malloc'ed, or NULL when there is none. */
char *ctl_python_build_find(const char *root);

/* True when `PB --definitions' lists name (a line of its own). */
bool ctl_python_build_knows(const char *pb, const char *name);

/* `PB NAME ROOT/versions/NAME', its output ours. Returns its exit status (128+N after
 * signal N; 127 when it could not run, said on stderr with prog). */
int ctl_python_build_run(const char *prog, const char *pb, const char *name, const char *root);

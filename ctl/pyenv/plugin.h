/* pyenv's plugins: the `pyenv-<cmd>' programs pyenv's main script finds in
 * $PYENV_ROOT/plugins/(star)/bin and PATH, and the environment it runs them in. */
#pragma once

#include <stddef.h>

#include "ctl/ctl.h"
#include "ctl/pyenv/context.h"
#include "resolver/strv.h"

/* The directories pyenv's main script puts in front of PATH for its commands, in PATH
 * order: our pyenv-libexec directory (when with_libexec), then $PYENV_ROOT/plugins/(star)/bin
 * last in glob order first. Returns 0 or -ENOMEM. */
int pyenv_plugin_bins(const struct pyenv *p, bool with_libexec, struct rv_strv *dirs);

/* The directories searched for a pyenv-<cmd>: pyenv_plugin_bins then $PATH's (an empty
 * entry is "."). Returns 0 or -ENOMEM. */
int pyenv_plugin_path(const struct pyenv *p, struct rv_strv *dirs);

/* `command -v pyenv-NAME' over dirs: the first executable non-directory, else the first
 * other file of that name (exec then fails as bash's does). A name with a '/' is a path
 * from the working directory. Returns the malloc'ed path, or NULL. */
char *pyenv_plugin_find(const struct rv_strv *dirs, const char *name);

/* The pyenv-NAME pyenv's main script runs: pyenv_plugin_find over pyenv_plugin_path; with
 * others_only, not one of ours (pyenv_plugin_is_ours). *path malloc'ed, or NULL when
 * there is none. Returns 0 or -ENOMEM. */
int pyenv_plugin_lookup(const struct pyenv *p, const char *name, bool others_only, char **path);

/* Appends the NAME of every pyenv-NAME file in dirs to out (unsorted, repeats kept).
 * Returns 0 or -ENOMEM. */
int pyenv_plugin_names(const struct rv_strv *dirs, struct rv_strv *out);

/* The directory of our pyenv-<builtin> entries (symlinks to pyenvfs-ctl): next to this
 * program in the build tree, else the installed one. */
const char *pyenv_libexec_dir(const struct ctl *ctl, char *buf, size_t len);

/* True when path is one of ours: this program, or an entry of our libexec directory. */
bool pyenv_plugin_is_ours(const struct ctl *ctl, const char *path);

/* Execs path with argv[1...] in pyenv's environment for plugins (PATH: our libexec, the
 * plugins' bins, $PATH). Returns the exit status when it could not. */
int pyenv_plugin_exec(struct pyenv *p, char *path, int argc, char **argv);

/* which: where a command comes from — each selected version's bin/, then `system` (a PATH
 * search that skips the shims) — and pyenv's prefix/whence/exec around it. */
#pragma once

#include <stdbool.h>

#include "resolver/select.h"
#include "resolver/strv.h"

/* "_PYENV_SHIM_PATHS_<CMD>": cmd upper-cased, '-' and every other character not in
 * [A-Z0-9_] made '_'. Malloc'ed or NULL. */
char *rv_shim_paths_var(const char *cmd);

/* `PYENV_VERSION=system pyenv which CMD`: bash's `command -v CMD` with PATH minus
 * root/shims, ctx->extra_shims and the ':'-separated custom_skip dirs (may be NULL).
 * Bash builtins and keywords answer their own name, as `command -v` does. Returns the
 * path (malloc'ed) or NULL (errno ENOENT or ENOMEM). */
/* bash's search of cmd in the non-empty PATH string search (an empty entry is the
 * current directory): the first executable non-directory into *found (malloc'ed; NULL:
 * none). 0 or -ENOMEM. */
int rv_search_path(const char *search, const char *cmd, char **found);

char *rv_system_which(const struct rv_ctx *ctx, const char *cmd, const char *custom_skip);

/* The prefix of one version like `pyenv prefix V`: for "system" the directory above the
 * bin/ or sbin/ holding python, python3 or python2; else root/versions/<latest V>.
 * Returns 0 with *out malloc'ed; -ENOENT with pyenv's message in msgs ("system version
 * not found in PATH", "version `V' not installed"); -ENOMEM. */
int rv_prefix(const struct rv_ctx *ctx, const char *version, char **out, struct rv_strv *msgs);

/* The search of `pyenv which`, before its hooks and its verdict. */
struct rv_which {
	char *path;             /* the last candidate tried: found when rv_which_found() */
	char *version;          /* the version of that candidate ("system" for the PATH search) */
	struct rv_strv missing; /* selected versions that are not installed, in order */
	bool found;             /* path is executable */
};

/* Tries versions[0..n) in order (each through rv_latest; missing ones are recorded),
 * then system unless nosystem, stopping at the first executable root/versions/V/bin/CMD
 * or PATH hit. custom_skip: the value of rv_shim_paths_var(cmd) (or NULL). Returns 0 or
 * -ENOMEM. Finish w in every case. */
int rv_which_search(const struct rv_ctx *ctx, const char *cmd, char *const *versions, size_t n,
		    bool nosystem, const char *custom_skip, struct rv_which *w);
/* True when w->path is executable (`test -x`). */
bool rv_which_found(const struct rv_which *w);
/* pyenv's failure messages for cmd, in order: each missing version's "version `V' is
 * not installed (set by ORIGIN)", "CMD: command not found", then unless skip_advice and
 * when other versions have cmd, the "exists in these Python versions" advice (lines
 * without prefix). Returns 0 or -ENOMEM. */
int rv_which_failure(const struct rv_ctx *ctx, const char *cmd, const struct rv_which *w,
		     bool skip_advice, struct rv_strv *msgs);
void rv_which_finish(struct rv_which *w);

/* `pyenv whence [--path] CMD`: every version of `versions --bare` whose bin/CMD is
 * executable, as its name or (paths) as the path. Returns 0 or -ENOMEM. */
int rv_whence(const struct rv_ctx *ctx, const char *cmd, bool paths, struct rv_strv *out);

/* The versions `pyenv which` tries: PYENV_VERSION split at ':' when non-empty, else
 * rv_version_name(force) of the selection (its warnings to msgs). Returns 0 or -ENOMEM. */
int rv_which_versions(const struct rv_ctx *ctx, struct rv_strv *versions, struct rv_strv *msgs);

/* exec's environment: envp with PYENV_VERSION=version, PATH prefixed with bin_path when
 * that starts with ctx->root (bin_path NULL: PATH kept), and, when shim_path is non-NULL
 * (the value of _PYENV_SHIM_PATH), _PYENV_SHIM_PATHS_<CMD> prefixed with it and
 * _PYENV_SHIM_PATH removed. When bin_path is <version>/bin under ctx->root, TERM is set,
 * TERMINFO_DIRS is not and <version>/.pyenvfs-terminfo is a symbolic link (made by the install
 * fix-up for builds whose terminal library looks in the wrong places), TERMINFO_DIRS is
 * set to its target. One allocation: the entries not changed point into envp, which
 * must outlive the result. NULL-terminated; free with rv_env_free; NULL on ENOMEM. */
char **rv_exec_env(const struct rv_ctx *ctx, char *const *envp, const char *version,
		   const char *cmd, const char *bin_path, const char *shim_path);
void rv_env_free(char **env);

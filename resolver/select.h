/* select: which versions are selected here — PYENV_VERSION, .python-version files up from
 * PYENV_DIR then $PWD, $PYENV_ROOT/version, system — with pyenv 2.6's semantics. */
#pragma once

#include <stdbool.h>

#include "common/roots.h"
#include "resolver/explain.h"
#include "resolver/strv.h"

/* What the environment says; any field may be NULL (unset). */
struct rv_env {
	const char *prog; /* message prefix: "pyenv" or "pyenvfs-ctl" (NULL: "pyenv") */
	const char *pyenv_root;
	const char *home;
	const char *pyenv_dir;
	const char *pwd; /* $PWD as inherited */
	const char *pyenv_version;
	const char *path;
	const char *tool_versions; /* PYENVFS_TOOL_VERSIONS: rv_env_flag() turns it on */
};

/* The resolved context every query takes. Read-only after rv_ctx_init. */
struct rv_ctx {
	const char *prog;
	char *root;         /* pyenv's spelling of the root: pc_root_pyenv() (common/root.h) */
	char *pwd;          /* logical current directory */
	char *dir;          /* PYENV_DIR made absolute (logically), else pwd */
	char *version_env;  /* PYENV_VERSION, NULL when unset */
	char *path;         /* PATH, NULL when unset */
	char *extra_shims;  /* another shims dir the system search skips (the shim's), or NULL */
	bool tool_versions; /* .tool-versions files are a source (PYENVFS_TOOL_VERSIONS=1) */
	/* When set (by the caller, not owned), select and which append the steps of what
	 * they decide here (`--explain`). */
	struct rv_explain *explain;
	struct pc_roots *roots; /* the extra roots (resolver/roots.h), NULL: none */
};

/* An on/off setting's value: true for "1", "yes", "true", "on"; false otherwise (NULL). */
bool rv_env_flag(const char *value);

/* Fills ctx from env (copies every string). Returns 0; -ENOTDIR with pyenv's message
 * "cannot change working directory to `DIR'" in msgs when PYENV_DIR is not a directory;
 * -ENOMEM. ctx must be finished in every case. */
int rv_ctx_init(struct rv_ctx *ctx, const struct rv_env *env, struct rv_strv *msgs);
/* rv_env from getenv(). */
struct rv_env rv_env_from_environ(const char *prog);
void rv_ctx_finish(struct rv_ctx *ctx);

/* `pyenv version-file`: the nearest .python-version (or, with ctx->tool_versions, a
 * .tool-versions with a python line; .python-version first in each directory) up from
 * ctx->dir, else up from ctx->pwd (when different), else root/version (which may not
 * exist). Malloc'ed or NULL. */
char *rv_version_file(const struct rv_ctx *ctx);

/* `pyenv version-origin` (without hooks): "PYENV_VERSION environment variable" when
 * PYENV_VERSION is non-empty, else rv_version_file(). Malloc'ed or NULL. */
char *rv_version_origin(const struct rv_ctx *ctx);

/* Reads the version file at path for selection (a .tool-versions, when ctx->tool_versions,
 * by its python line): the safe words joined with ':' ("" when missing, empty or
 * unreadable); pyenv's warnings (and a read error) go to msgs. Records ENTRY and INVALID
 * steps. Malloc'ed; NULL on ENOMEM. */
char *rv_version_file_names(const struct rv_ctx *ctx, const char *path, struct rv_strv *msgs);

/* The raw selection before resolution: PYENV_VERSION when non-empty, else the words of
 * rv_version_file() (warnings to msgs). Records the ENV, FILE or GLOBAL step.
 * Malloc'ed; NULL on ENOMEM. */
char *rv_selection_raw(const struct rv_ctx *ctx, struct rv_strv *msgs);

/* `pyenv version-name [-f]` on raw (a ':'-separated selection): "" or "system" gives
 * system; each name tries versions/NAME, "system", versions/NAME-without-"python-", then
 * as a prefix (rv_latest) of each. Unresolved names: with force kept (without the
 * prefix), else "version `NAME' is not installed (set by ORIGIN)" in msgs.
 * Records SYSTEM, RESOLVED and (without force) NOT_INSTALLED steps.
 * Appends to names. Returns 0, 1 when a name was not installed, -ENOMEM. */
int rv_version_name(const struct rv_ctx *ctx, const char *raw, bool force, struct rv_strv *names,
		    struct rv_strv *msgs);

/* The origin pyenv reports in version-name's and which's "not installed" messages:
 * the environment variable whenever PYENV_VERSION is set at all (version-name exports
 * its result through it), else rv_version_file(). Malloc'ed or NULL. */
char *rv_version_origin_for_errors(const struct rv_ctx *ctx);

/* The versions the current selection names that are not installed (`doctor`'s hint),
 * appended to missing in order; pyenv's warnings are dropped. Returns 0 or -ENOMEM. */
int rv_selection_missing(const struct rv_ctx *ctx, struct rv_strv *missing);

/* versions: the installed versions under $PYENV_ROOT/versions (with pyenv-virtualenv envs
 * and alias symlinks), pyenv's ordering, and prefix -> newest (pyenv-latest). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "resolver/strv.h"

struct rv_version {
	char *name; /* "3.12.1", ".venv", "3.4.0/envs/foo" as `pyenv versions` prints it */
	char *path; /* its directory (under the physical versions dir) */
	bool is_link;
	bool is_env;
	const char *origin; /* the extra root it comes from (resolver/roots.h), NULL: the root */
};

struct rv_versions {
	struct rv_version *v;
	size_t n;
	size_t cap;
};

enum {
	RV_VERSIONS_SKIP_ALIASES = 1 << 0, /* --skip-aliases: symlinks to versions or envs */
	RV_VERSIONS_SKIP_ENVS = 1 << 1,    /* --skip-envs: <version>/envs/<env> */
};

/* Lists the directories under root/versions like `pyenv versions --bare`: dot names
 * included, sorted as `sort --version-sort` sorts their paths, each followed by its
 * envs (in name order) unless RV_VERSIONS_SKIP_ENVS. A missing versions dir gives an
 * empty list. Appends to out. Returns 0 or -ENOMEM. */
int rv_versions_list(const char *root, const char *pwd, unsigned flags, struct rv_versions *out);
void rv_versions_finish(struct rv_versions *vs);
/* Re-sorts vs by cmp of the names (unique in a list), each version keeping the envs listed after it
 * ("V/envs/NAME") right after it. Returns 0 or -ENOMEM (vs unchanged). */
int rv_versions_sort(struct rv_versions *vs, int (*cmp)(const char *, const char *));
/* Appends a version, taking name and path (malloc'ed; NULL for either: -ENOMEM, both
 * freed). Returns 0 or -ENOMEM. */
int rv_versions_push(struct rv_versions *vs, char *name, char *path, bool is_link, bool is_env);

/* The names of everything in versions/(star)/bin/ and versions/(star)/envs/(star)/bin/,
 * sorted and unique. executable_only: the shims pyenvfs shows (common/shims.h's rule:
 * versions and envs whose names start with '.' left out, executable non-directories only);
 * else every entry with pyenv's dotglob (`pyenv versions --executables`). Returns 0 or
 * -ENOMEM. */
int rv_versions_executables(const char *root, bool executable_only, struct rv_strv *out);
/* Appends all's names to out sorted (strcoll) and unique, then clears all; r: the status
 * so far (a negative r: nothing appended). Returns r or -ENOMEM. */
int rv_names_sort_unique(struct rv_strv *all, int r, struct rv_strv *out);

/* GNU filevercmp (coreutils 9.1 `sort -V`) of "/"+a and "/"+b, ties broken by strcmp. */
int rv_vercmp(const char *a, const char *b);

/* pyenv-latest's choice among candidates (no filesystem access): prefix itself when it
 * is a candidate; else the newest candidate "<prefix>[-.]..." (a trailing 't' after a
 * digit in prefix asks for free-threaded builds) skipping -dev, -src, -latest, aN/bN/rcN
 * and, unless asked, free-threaded builds. Returns 0 with *out malloc'ed, -ENOENT, -ENOMEM. */
int rv_latest_pick(char *const *candidates, size_t n, const char *prefix, char **out);

/* `pyenv latest PREFIX`: prefix when root/versions/prefix is a directory, else
 * rv_latest_pick over `versions --bare --skip-envs`. Returns 0, -ENOENT, -ENOMEM. */
int rv_latest(const char *root, const char *pwd, const char *prefix, char **out);
/* `pyenv latest -f PREFIX': rv_latest's answer (returns 0), else, when nothing matches,
 * prefix without the 't' that asked for free-threaded builds (returns 1: pyenv-prefix,
 * which and exec then use `3.13.0' for a missing `3.13.0t'). *out malloc'ed either way.
 * Returns -ENOMEM on failure. */
int rv_latest_force(const char *root, const char *pwd, const char *prefix, char **out);
/* What rv_latest_force answers when nothing matches prefix (returns 1), -ENOMEM. */
int rv_latest_unmatched(const char *prefix, char **out);
/* rv_latest for a prefix already known not to be a directory under versions/. */
int rv_latest_listed(const char *root, const char *pwd, const char *prefix, char **out);

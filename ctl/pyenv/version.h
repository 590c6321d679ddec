/* The selection as pyenv's commands ask for it (version-name, version-origin with their
 * hooks), shared by the commands that select; and the version commands themselves
 * (version, version-name, version-origin, version-file*, root, rehash). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "ctl/pyenv/context.h"

/* What `pyenv-version-name [-f]` gave a caller. */
struct pyenv_selection {
	struct rv_strv names; /* the names it printed (rv_strv_clear them) */
	int status;           /* its exit status: 0, 1 (a version is not installed) or a hook's */
	bool exited;          /* a version-name hook exited: nothing was printed */
};

/* version-name [-f] with its hooks; warnings printed. Returns 0 or -ENOMEM. */
int pyenv_version_name(struct pyenv *p, bool force, struct pyenv_selection *sel);

/* version-origin with its hooks. Malloc'ed, NULL on ENOMEM. */
char *pyenv_origin(const struct pyenv *p);

/* What a caller of version-name gets from `IFS=: x=($(pyenv-version-name))`: the joined
 * names split again (empty names vanish at the ends, stay in the middle). Returns 0 or
 * -ENOMEM. */
int pyenv_resplit(struct rv_strv *names);

/* pyenv-prefix's check that each version of the ':'-separated versions[0..n) is
 * installed; messages printed; their prefixes appended to paths when non-NULL. Returns 0,
 * -ENOMEM, or -ENOENT when one is not installed. */
int pyenv_check_installed(struct pyenv *p, char *const *versions, size_t n, struct rv_strv *paths);

/* pyenv-version-file-write [-f|--force] FILE VERSION... (argv[0] its name). Returns the
 * exit status. */
int pyenv_version_file_write(struct pyenv *p, int argc, char **argv);

/* The commands. */
int pyenv_cmd_version(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_version_name(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_version_origin(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_version_file(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_version_file_read(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_version_file_write(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_root(struct pyenv *p, int argc, char **argv);
int pyenv_cmd_rehash(struct pyenv *p, int argc, char **argv);
/* sh-rehash, what the shell function evals for `pyenv rehash': rehash, then `hash -r'. */
int pyenv_cmd_sh_rehash(struct pyenv *p, int argc, char **argv);

/* version --complete: version-name runs first (its warnings), then the words. */
int pyenv_complete_version(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			   int argc, char **argv);

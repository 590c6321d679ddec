/* pyenvfs-shim: what every pyenvfs shim entry runs. The kernel runs an entry whose first
 * line is "#!<this program> <root>" as
 *     pyenvfs-shim <root> <entry path> [args...]
 * The command is the entry's name and the shims directory its directory. Resolves the
 * version like `pyenv exec` (PYENV_ROOT=<root>) and execs the real program by its real
 * path, or prints pyenv's messages and exits with pyenv's status (127: not found). The
 * extra roots (PYENVFS_ROOTS) are the mount's: <root>/.pyenvfs-roots, written by the
 * daemon (common/roots.h); one failed open() when there are none. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "resolver/path.h"
#include "resolver/roots.h"
#include "resolver/select.h"
#include "resolver/strv.h"
#include "resolver/which.h"

static void print_msgs(const struct rv_strv *msgs)
{
	for (size_t i = 0; i < msgs->n; i++)
		fprintf(stderr, "%s\n", msgs->v[i]);
}

/* pyenv exec's PYENV_VERSION="$(pyenv-version-name -f)": the selected versions into
 * names (the selection's text in *raw), pyenv's warnings printed, twice when
 * PYENV_VERSION was not exported (pyenv-which reads the version file again).
 * 0 or -ENOMEM. */
static int select_versions(struct rv_ctx *ctx, char **raw, struct rv_strv *names,
			   struct rv_strv *msgs)
{
	if (!(*raw = rv_selection_raw(ctx, msgs)))
		return -ENOMEM;
	size_t warnings = msgs->n;
	if (rv_version_name(ctx, *raw, true, names, msgs) < 0)
		return -ENOMEM;
	if (!ctx->version_env)
		for (size_t i = 0; i < warnings; i++)
			if (rv_strv_push(msgs, msgs->v[i]) < 0)
				return -ENOMEM;
	print_msgs(msgs);
	rv_strv_clear(msgs);
	return 0;
}

/* Execs w's program (argv[2] replaced by its path) in pyenv exec's environment for
 * the versions in names. Returns only on failure: the exit status (127 when it is
 * gone, else 126) with pyenv's message in msgs, or -ENOMEM. */
static int exec_found(const struct rv_ctx *ctx, char **argv, const char *cmd,
		      const struct rv_strv *names, const struct rv_which *w, struct rv_strv *msgs)
{
	extern char **environ;
	char *version = rv_strv_join(names, ":");
	if (!version)
		return -ENOMEM;
	char *bin = rv_dirname(w->path);
	char **env = bin ? rv_exec_env(ctx, environ, version, cmd, bin, NULL) : NULL;
	free(bin);
	if (!env) {
		free(version);
		return -ENOMEM;
	}
	argv[2] = w->path;
	execvpe(w->path, argv + 2, env);
	int e = errno;
	rv_strv_pushf(msgs, "pyenv: %s: %s", w->path, strerror(e));
	rv_env_free(env);
	free(version);
	return e == ENOENT ? 127 : 126;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: pyenvfs-shim ROOT ENTRY [ARG...]\n"
				"(run by the kernel for the entries of a pyenvfs mount)\n");
		return 2;
	}
	const char *cmd = rv_basename(argv[2]);
	struct rv_env in = rv_env_from_environ("pyenv");
	in.pyenv_root = argv[1];
	struct rv_ctx ctx;
	struct rv_strv msgs = {0}, names = {0};
	struct rv_which w = {0};
	char *raw = NULL, *var = NULL;
	int status = 1;

	if (rv_ctx_init(&ctx, &in, &msgs) < 0)
		goto out;
	if (rv_roots_load(ctx.prog, ctx.root, NULL, false, &ctx.roots, &msgs) < 0) /* the mount's roots file */
		goto nomem;
	if (!(ctx.extra_shims = rv_dirname(argv[2])))
		goto nomem;
	if (select_versions(&ctx, &raw, &names, &msgs) < 0)
		goto nomem;
	if (!(var = rv_shim_paths_var(cmd)))
		goto nomem;
	if (rv_which_search(&ctx, cmd, names.v, names.n, false, getenv(var), &w) < 0)
		goto nomem;
	if (!rv_which_found(&w)) {
		if (rv_which_failure(&ctx, cmd, &w, false, &msgs) < 0)
			goto nomem;
		status = 127;
		goto out;
	}
	status = exec_found(&ctx, argv, cmd, &names, &w, &msgs);
	if (status >= 0)
		goto out;
nomem:
	rv_strv_push(&msgs, "pyenv: out of memory");
	status = 1;
out:
	print_msgs(&msgs);
	free(var);
	free(raw);
	rv_which_finish(&w);
	rv_strv_clear(&names);
	rv_strv_clear(&msgs);
	rv_ctx_finish(&ctx);
	return status;
}

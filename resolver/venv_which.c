#include "resolver/venv_which.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "resolver/hooks.h"
#include "resolver/path.h"
#include "resolver/venv.h"

enum hook {
	HOOK_NONE,
	HOOK_CONFIG, /* python-config.bash: the base's python(star)-config, always */
	HOOK_SITE,   /* system-site-packages.bash: the base's command when included */
};

/* [[ NAME == "python"*"-config" ]] */
static bool is_python_config(const char *cmd)
{
	size_t n = strlen(cmd);
	return n >= 13 && rv_startswith(cmd, "python") && strcmp(cmd + n - 7, "-config") == 0;
}

static enum hook hook_kind(const char *script, const char *cmd)
{
	const char *name = rv_basename(script);
	if (strcmp(name, "system-site-packages.bash") == 0)
		return HOOK_SITE;
	if (strcmp(name, "python-config.bash") == 0 && is_python_config(cmd))
		return HOOK_CONFIG;
	return HOOK_NONE;
}

/* 1 when "root/versions/V/bin/activate" is a file, else 0; -ENOMEM. */
static int has_activate(const char *root, const char *version)
{
	char *p = rv_strf("%s/versions/%s/bin/activate", root, version);
	if (!p)
		return -ENOMEM;
	bool f = rv_is_file(p);
	free(p);
	return f;
}

/* 1 when the hooks can change nothing: no warnings to print again, every name installed
 * in the root as it is (version-name then answers names unchanged and quietly), and
 * that answer has no bin/activate. Else 0; -ENOMEM. */
static int nothing_to_do(const struct rv_ctx *ctx, const struct rv_strv *names, size_t warnings)
{
	if (warnings)
		return 0;
	char *joined = rv_strv_join(names, ":");
	int r = joined ? has_activate(ctx->root, joined) : -ENOMEM;
	free(joined);
	for (size_t i = 0; r == 0 && i < names->n; i++) {
		if (strcmp(names->v[i], "system") == 0)
			continue;
		char *dir = rv_strf("%s/versions/%s", ctx->root, names->v[i]);
		if (!dir)
			return -ENOMEM;
		r = rv_is_dir(dir) ? 0 : 1;
		free(dir);
	}
	return r < 0 ? r : !r;
}

/* A hook's `version="$(pyenv-version-name)"`: the names exec exported, else the version
 * file read again; its messages to msgs. Returns 0 with *version, 1 (it failed), -ENOMEM. */
static int hook_version(const struct rv_ctx *ctx, const struct rv_strv *names, struct rv_strv *msgs,
			char **version)
{
	struct rv_ctx quiet = *ctx; /* no second explain chain */
	quiet.explain = NULL;
	char *raw = ctx->version_env ? rv_strv_join(names, ":") : rv_selection_raw(&quiet, msgs);
	if (!raw)
		return -ENOMEM;
	struct rv_strv answer = {0};
	int r = rv_version_name(&quiet, raw, false, &answer, msgs);
	free(raw);
	if (r == 0 && !(*version = rv_strv_join(&answer, ":")))
		r = -ENOMEM;
	rv_strv_clear(&answer);
	return r;
}

/* The env test of both hooks: bin/activate is a file, bin/conda is not. 1, 0, -ENOMEM. */
static int is_env(const char *dir)
{
	char *activate = rv_strf("%s/bin/activate", dir);
	char *conda = rv_strf("%s/bin/conda", dir);
	int r = activate && conda ? rv_is_file(activate) && !rv_is_file(conda) : -ENOMEM;
	free(activate);
	free(conda);
	return r;
}

/* One hook: the env's base, and its command when executable. Returns 0, 1, -ENOMEM. */
static int run_hook(const struct rv_ctx *ctx, enum hook h, const char *cmd,
		    const struct rv_strv *names, struct rv_which *w, struct rv_strv *msgs)
{
	char *version = NULL, *dir = NULL, *cand = NULL;
	struct rv_venv v = {0};
	int r = hook_version(ctx, names, msgs, &version);
	if (r == 0 && !(dir = rv_strf("%s/versions/%s", ctx->root, version)))
		r = -ENOMEM;
	int env = r == 0 ? is_env(dir) : 0;
	if (env < 0)
		r = env;
	/* $virtualenv_prefix starts as the environment's (bash imports it), and a virtualenv
	 * without orig-prefix.txt keeps it */
	if (env > 0)
		r = rv_venv_read(dir, getenv("virtualenv_prefix"), &v);
	const char *prefix = v.prefix ? v.prefix : "";
	bool lend = env > 0 && (h == HOOK_CONFIG || (v.include && *prefix));
	if (r == 0 && lend && !(cand = rv_strf("%s/bin/%s", prefix, cmd)))
		r = -ENOMEM;
	if (cand && rv_is_exec(cand)) {
		free(w->path);
		free(w->version);
		w->path = cand;
		w->version = version;
		w->found = true;
		cand = version = NULL;
	}
	free(cand);
	free(version);
	free(dir);
	rv_venv_finish(&v);
	return r;
}

int rv_venv_which(const struct rv_ctx *ctx, const char *cmd, const struct rv_strv *names,
		  size_t warnings, struct rv_which *w, struct rv_strv *msgs)
{
	int r = nothing_to_do(ctx, names, warnings);
	if (r != 0)
		return r < 0 ? r : 0;
	struct rv_strv dirs = {0}, hooks = {0};
	char *hook_path = rv_hook_path(ctx->root, getenv("PYENV_HOOK_PATH"));
	r = hook_path ? rv_hook_dirs(hook_path, &dirs) : -ENOMEM;
	if (r == 0)
		r = rv_hooks_find(&dirs, "which", &hooks);
	for (size_t i = 0; r == 0 && !w->found && i < hooks.n; i++) {
		enum hook h = hook_kind(hooks.v[i], cmd);
		if (h != HOOK_NONE)
			r = run_hook(ctx, h, cmd, names, w, msgs);
	}
	free(hook_path);
	rv_strv_clear(&dirs);
	rv_strv_clear(&hooks);
	return r;
}

#include "resolver/select.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/root.h"
#include "resolver/path.h"
#include "resolver/roots.h"
#include "resolver/tool_versions.h"
#include "resolver/version_file.h"
#include "resolver/versions.h"

static const char ENV_ORIGIN[] = "PYENV_VERSION environment variable";

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

bool rv_env_flag(const char *value)
{
	return value && (strcmp(value, "1") == 0 || strcmp(value, "yes") == 0 ||
			 strcmp(value, "true") == 0 || strcmp(value, "on") == 0);
}

/* Records a step when ctx->explain is set. Returns 0 or -ENOMEM. */
static int step(const struct rv_ctx *ctx, enum rv_step_kind kind, const char *name,
		const char *value, const char *file, size_t line, const char *reason)
{
	if (!ctx->explain)
		return 0;
	return rv_explain_add(ctx->explain, kind, name, value, file, line, reason);
}

int rv_ctx_init(struct rv_ctx *ctx, const struct rv_env *env, struct rv_strv *msgs)
{
	*ctx = (struct rv_ctx){.prog = env->prog ? env->prog : "pyenv",
			       .tool_versions = rv_env_flag(env->tool_versions)};
	ctx->root = pc_root_pyenv(env->pyenv_root, env->home);
	ctx->pwd = rv_logical_cwd(env->pwd);
	if (!ctx->pwd && errno != ENOMEM)
		ctx->pwd = strdup(env->pwd && *env->pwd ? env->pwd : "/");
	ctx->version_env = dup_or_null(env->pyenv_version);
	ctx->path = dup_or_null(env->path);
	if (!ctx->root || !ctx->pwd || (env->pyenv_version && !ctx->version_env) ||
	    (env->path && !ctx->path))
		return -ENOMEM;
	if (!env->pyenv_dir || !*env->pyenv_dir) {
		/* `cd "$PWD"` gives $PWD */
		return (ctx->dir = strdup(ctx->pwd)) ? 0 : -ENOMEM;
	}
	const char *dir = env->pyenv_dir;
	if (!rv_is_dir(dir) || !(ctx->dir = rv_cd_logical(dir, ctx->pwd))) {
		if (errno == ENOMEM)
			return -ENOMEM;
		int r = rv_strv_pushf(msgs, "%s: cannot change working directory to `%s'",
				      ctx->prog, dir);
		return r < 0 ? r : -ENOTDIR;
	}
	return 0;
}

struct rv_env rv_env_from_environ(const char *prog)
{
	return (struct rv_env){
		.prog = prog,
		.pyenv_root = getenv("PYENV_ROOT"),
		.home = getenv("HOME"),
		.pyenv_dir = getenv("PYENV_DIR"),
		.pwd = getenv("PWD"),
		.pyenv_version = getenv("PYENV_VERSION"),
		.path = getenv("PATH"),
		.tool_versions = getenv("PYENVFS_TOOL_VERSIONS"),
	};
}

void rv_ctx_finish(struct rv_ctx *ctx)
{
	if (!ctx)
		return;
	free(ctx->root);
	free(ctx->pwd);
	free(ctx->dir);
	free(ctx->version_env);
	free(ctx->path);
	free(ctx->extra_shims);
	pc_roots_destroy(ctx->roots);
	*ctx = (struct rv_ctx){0};
}

/* rv_version_file; *global tells that no project file was found. */
static char *version_file(const struct rv_ctx *ctx, bool *global)
{
	char *found = NULL;
	const char *other = ctx->tool_versions ? RV_TOOL_VERSIONS : NULL;
	int r = rv_vfile_find_ex(ctx->dir, other, rv_toolv_names_python, &found);
	if (r == -ENOENT && strcmp(ctx->dir, ctx->pwd) != 0)
		r = rv_vfile_find_ex(ctx->pwd, other, rv_toolv_names_python, &found);
	*global = r == -ENOENT;
	if (r == 0)
		return found;
	if (r == -ENOMEM)
		return NULL;
	return rv_strf("%s/version", ctx->root);
}

char *rv_version_file(const struct rv_ctx *ctx)
{
	bool global;
	return version_file(ctx, &global);
}

char *rv_version_origin(const struct rv_ctx *ctx)
{
	if (ctx->version_env && *ctx->version_env)
		return strdup(ENV_ORIGIN);
	return rv_version_file(ctx);
}

char *rv_version_origin_for_errors(const struct rv_ctx *ctx)
{
	if (ctx->version_env)
		return strdup(ENV_ORIGIN);
	return rv_version_file(ctx);
}

/* The ENTRY and INVALID steps of what was read from path. */
static int file_steps(const struct rv_ctx *ctx, const struct rv_vfile *vf, const char *path)
{
	int r = 0;
	for (size_t i = 0; i < vf->n && r >= 0; i++) {
		const struct rv_vfile_word *w = &vf->words[i];
		if (w->safe)
			r = step(ctx, RV_STEP_ENTRY, w->word, NULL, path, w->line, NULL);
		else if (w->malformed)
			r = step(ctx, RV_STEP_INVALID, NULL, NULL, path, w->line, w->word);
		else
			r = step(ctx, RV_STEP_INVALID, w->word, NULL, path, w->line,
				 "a path outside versions/");
	}
	return r;
}

static bool is_tool_versions(const struct rv_ctx *ctx, const char *path)
{
	return ctx->tool_versions && strcmp(rv_basename(path), RV_TOOL_VERSIONS) == 0;
}

char *rv_version_file_names(const struct rv_ctx *ctx, const char *path, struct rv_strv *msgs)
{
	struct rv_vfile vf = {0};
	char *out = NULL;
	int r = is_tool_versions(ctx, path) ? rv_toolv_read(&vf, path, ctx->root, ctx->pwd)
					    : rv_vfile_read(&vf, path, ctx->root, ctx->pwd);
	if (r == -ENOMEM)
		goto out;
	if (r < 0 && r != -ENOENT &&
	    rv_strv_pushf(msgs, "%s: %s: %s", ctx->prog, path, strerror(-r)) < 0)
		goto out;
	if (rv_vfile_warnings(&vf, ctx->prog, path, msgs) < 0 || file_steps(ctx, &vf, path) < 0)
		goto out;
	out = r < 0 ? strdup("") : rv_vfile_join(&vf);
	if (!out && errno != ENOMEM)
		out = strdup("");
out:
	rv_vfile_finish(&vf);
	return out;
}

char *rv_selection_raw(const struct rv_ctx *ctx, struct rv_strv *msgs)
{
	if (ctx->version_env && *ctx->version_env) {
		if (step(ctx, RV_STEP_ENV, NULL, ctx->version_env, NULL, 0, NULL) < 0)
			return NULL;
		return strdup(ctx->version_env);
	}
	bool global;
	char *file = version_file(ctx, &global);
	if (!file)
		return NULL;
	char *names = NULL;
	if (step(ctx, global ? RV_STEP_GLOBAL : RV_STEP_FILE, NULL, NULL, file, 0, NULL) == 0)
		names = rv_version_file_names(ctx, file, msgs);
	free(file);
	return names;
}

static bool version_exists(const struct rv_ctx *ctx, const char *v)
{
	return rv_roots_version_exists(ctx->root, ctx->roots, v);
}

/* One name of version-name: appends what it resolves to (with force, the name itself when
 * it is not installed) and records how. Returns 0, -ENOENT when it is not installed
 * (nothing appended), -ENOMEM. */
static int resolve_name(const struct rv_ctx *ctx, const char *v, bool force, struct rv_strv *names)
{
	const char *norm = rv_startswith(v, "python-") ? v + 7 : v;
	char *resolved = NULL;
	const char *how = "installed";
	int r;
	/* (pyenv-latest's own -d test repeats version_exists: skipped) */
	if (strcmp(v, "system") == 0 || version_exists(ctx, v)) {
		resolved = strdup(v);
		if (strcmp(v, "system") == 0)
			how = "the PATH search";
	} else if (norm != v && version_exists(ctx, norm)) {
		resolved = strdup(norm);
		how = "installed, without the python- prefix";
	} else if ((r = rv_roots_latest_listed(ctx->root, ctx->pwd, ctx->roots, v, &resolved)) ==
			   0 ||
		   (r == -ENOENT && norm != v &&
		    (r = rv_roots_latest_listed(ctx->root, ctx->pwd, ctx->roots, norm,
						&resolved)) == 0)) {
		how = "the newest installed version with this prefix";
	} else {
		return r == -ENOENT && force ? rv_strv_push(names, norm) : r;
	}
	if (!resolved)
		return -ENOMEM;
	if ((r = step(ctx, RV_STEP_RESOLVED, v, resolved, NULL, 0, how)) < 0) {
		free(resolved);
		return r;
	}
	return rv_strv_take(names, resolved);
}

int rv_version_name(const struct rv_ctx *ctx, const char *raw, bool force, struct rv_strv *names,
		    struct rv_strv *msgs)
{
	if (!*raw || strcmp(raw, "system") == 0) {
		int r = step(ctx, RV_STEP_SYSTEM, NULL, NULL, NULL, 0,
			     *raw ? "selected" : "no version is selected");
		return r < 0 ? r : rv_strv_push(names, "system");
	}
	struct rv_strv parts = {0};
	int r = rv_strv_split(&parts, raw, ':'), missing = 0;
	char *origin = NULL;
	for (size_t i = 0; r >= 0 && i < parts.n; i++) {
		const char *v = parts.v[i];
		if ((r = resolve_name(ctx, v, force, names)) != -ENOENT)
			continue;
		if (!origin && !(origin = rv_version_origin_for_errors(ctx))) {
			r = -ENOMEM;
			break;
		}
		r = rv_strv_pushf(msgs, "%s: version `%s' is not installed (set by %s)", ctx->prog,
				  v, origin);
		if (r >= 0)
			r = step(ctx, RV_STEP_NOT_INSTALLED, v, NULL, NULL, 0, NULL);
		missing = 1;
	}
	free(origin);
	rv_strv_clear(&parts);
	return r < 0 ? r : missing;
}

int rv_selection_missing(const struct rv_ctx *ctx, struct rv_strv *missing)
{
	struct rv_explain ex = {0};
	struct rv_ctx c = *ctx; /* a shallow copy that records the chain; not finished */
	struct rv_strv names = {0}, msgs = {0};
	c.explain = &ex;
	char *raw = rv_selection_raw(&c, &msgs);
	int r = raw ? rv_version_name(&c, raw, false, &names, &msgs) : -ENOMEM;
	for (size_t i = 0; r >= 0 && i < ex.n; i++)
		if (ex.steps[i].kind == RV_STEP_NOT_INSTALLED &&
		    !rv_strv_contains(missing, ex.steps[i].name))
			r = rv_strv_push(missing, ex.steps[i].name);
	free(raw);
	rv_strv_clear(&names);
	rv_strv_clear(&msgs);
	rv_explain_finish(&ex);
	return r < 0 ? r : 0;
}

#include "resolver/select.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/root.h"
#include "resolver/path.h"
#include "resolver/roots.h"
#include "resolver/version_file.h"
#include "resolver/versions.h"

static const char ENV_ORIGIN[] = "PYENV_VERSION environment variable";

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

int rv_ctx_init(struct rv_ctx *ctx, const struct rv_env *env, struct rv_strv *msgs)
{
	*ctx = (struct rv_ctx){.prog = env->prog ? env->prog : "pyenv"};
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

char *rv_version_file(const struct rv_ctx *ctx)
{
	char *found = NULL;
	int r = rv_vfile_find(ctx->dir, &found);
	if (r == -ENOENT && strcmp(ctx->dir, ctx->pwd) != 0)
		r = rv_vfile_find(ctx->pwd, &found);
	if (r == 0)
		return found;
	if (r == -ENOMEM)
		return NULL;
	return rv_strf("%s/version", ctx->root);
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

char *rv_version_file_names(const struct rv_ctx *ctx, const char *path, struct rv_strv *msgs)
{
	struct rv_vfile vf = {0};
	char *out = NULL;
	int r = rv_vfile_read(&vf, path, ctx->root, ctx->pwd);
	if (r == -ENOMEM)
		goto out;
	if (r < 0 && r != -ENOENT &&
	    rv_strv_pushf(msgs, "%s: %s: %s", ctx->prog, path, strerror(-r)) < 0)
		goto out;
	if (rv_vfile_warnings(&vf, ctx->prog, path, msgs) < 0)
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
	if (ctx->version_env && *ctx->version_env)
		return strdup(ctx->version_env);
	char *file = rv_version_file(ctx);
	if (!file)
		return NULL;
	char *names = rv_version_file_names(ctx, file, msgs);
	free(file);
	return names;
}

static bool version_exists(const struct rv_ctx *ctx, const char *v)
{
	return rv_roots_version_exists(ctx->root, ctx->roots, v);
}

int rv_version_name(const struct rv_ctx *ctx, const char *raw, bool force, struct rv_strv *names,
		    struct rv_strv *msgs)
{
	if (!*raw || strcmp(raw, "system") == 0)
		return rv_strv_push(names, "system");
	struct rv_strv parts = {0};
	int r = rv_strv_split(&parts, raw, ':'), missing = 0;
	char *origin = NULL;
	for (size_t i = 0; r >= 0 && i < parts.n; i++) {
		const char *v = parts.v[i];
		const char *norm = rv_startswith(v, "python-") ? v + 7 : v;
		char *resolved = NULL;
		/* (pyenv-latest's own -d test repeats version_exists: skipped) */
		if (strcmp(v, "system") == 0 || version_exists(ctx, v)) {
			r = rv_strv_push(names, v);
		} else if (norm != v && version_exists(ctx, norm)) {
			r = rv_strv_push(names, norm);
		} else if ((r = rv_roots_latest_listed(ctx->root, ctx->pwd, ctx->roots, v, &resolved)) == 0 ||
			   (r == -ENOENT && norm != v &&
			    (r = rv_roots_latest_listed(ctx->root, ctx->pwd, ctx->roots, norm, &resolved)) == 0)) {
			r = rv_strv_take(names, resolved);
		} else if (r == -ENOENT && force) {
			r = rv_strv_push(names, norm);
		} else if (r == -ENOENT) {
			if (!origin && !(origin = rv_version_origin_for_errors(ctx))) {
				r = -ENOMEM;
				break;
			}
			r = rv_strv_pushf(msgs, "%s: version `%s' is not installed (set by %s)",
					  ctx->prog, v, origin);
			missing = 1;
		}
	}
	free(origin);
	rv_strv_clear(&parts);
	return r < 0 ? r : missing;
}

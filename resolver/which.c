#include "resolver/which.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "resolver/path.h"
#include "resolver/roots.h"
#include "resolver/versions.h"

char *rv_shim_paths_var(const char *cmd)
{
	static const char pre[] = "_PYENV_SHIM_PATHS_";
	size_t n = strlen(cmd);
	char *out = malloc(sizeof(pre) + n), *q = out;
	if (!out)
		return NULL;
	memcpy(q, pre, sizeof(pre) - 1);
	q += sizeof(pre) - 1;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)cmd[i];
		if (c >= 'a' && c <= 'z')
			*q++ = (char)(c - 'a' + 'A');
		else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')
			*q++ = (char)c;
		else {
			*q++ = '_';
			/* sed sees one character in a UTF-8 sequence */
			int more = c >= 0xc2 && c <= 0xdf   ? 1
				   : c >= 0xe0 && c <= 0xef ? 2
				   : c >= 0xf0 && c <= 0xf4 ? 3
							    : 0;
			size_t j = i + 1;
			while (more > 0 && j < n && ((unsigned char)cmd[j] & 0xc0) == 0x80) {
				j++;
				more--;
			}
			if (!more)
				i = j - 1;
		}
	}
	*q = '\0';
	return out;
}

/* What `command -v` answers by name without a PATH search: bash's builtins and reserved
 * words in a non-interactive shell, and pyenv-which's own function. Sorted for bsearch. */
static const char *const bash_names[] = {
	"!",        ".",       ":",       "[",         "[[",       "]]",
	"alias",    "bg",      "bind",    "break",     "builtin",  "caller",
	"case",     "cd",      "command", "compgen",   "complete", "compopt",
	"continue", "coproc",  "declare", "dirs",      "disown",   "do",
	"done",     "echo",    "elif",    "else",      "enable",   "esac",
	"eval",     "exec",    "exit",    "export",    "false",    "fc",
	"fg",       "fi",      "for",     "function",  "getopts",  "hash",
	"help",     "history", "if",      "in",        "jobs",     "kill",
	"let",      "local",   "logout",  "mapfile",   "popd",     "printf",
	"pushd",    "pwd",     "read",    "readarray", "readonly", "remove_from_path",
	"return",   "select",  "set",     "shift",     "shopt",    "source",
	"suspend",  "test",    "then",    "time",      "times",    "trap",
	"true",     "type",    "typeset", "ulimit",    "umask",    "unalias",
	"unset",    "until",   "wait",    "while",     "{",        "}",
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_bash_name(const char *cmd)
{
	return bsearch(&cmd, bash_names, sizeof(bash_names) / sizeof(bash_names[0]),
		       sizeof(bash_names[0]), cmp_str) != NULL;
}

/* Removes every ":dir:" from a ":PATH:" string in place, like "${result//:$dir:/:}". */
static void remove_dir(char *s, const char *dir, size_t dlen)
{
	for (;;) {
		bool changed = false;
		char *p = s;
		while ((p = strchr(p, ':'))) {
			if (strncmp(p + 1, dir, dlen) == 0 && p[1 + dlen] == ':') {
				memmove(p, p + 1 + dlen, strlen(p + 1 + dlen) + 1);
				changed = true;
			} else {
				p++;
			}
		}
		if (!changed)
			return;
	}
}

static void remove_dirs(char *s, const char *list)
{
	while (list && *list) {
		const char *e = strchrnul(list, ':');
		remove_dir(s, list, (size_t)(e - list));
		list = *e ? e + 1 : NULL;
	}
}

/* bash's executable test when searching PATH: an existing non-directory, executable. */
static bool is_exec_file(const char *p)
{
	return rv_is_exec(p) && !rv_is_dir(p);
}

/* ":${PATH//\~/$HOME}:" (malloc'ed), NULL when out of memory. */
static char *colon_path(const char *path, const char *home)
{
	size_t tilde = 0;
	for (const char *p = path; *p; p++)
		tilde += *p == '~';
	size_t hlen = home ? strlen(home) : 0;
	char *s = malloc(strlen(path) + tilde * hlen + 3), *q = s;
	if (!s)
		return NULL;
	*q++ = ':';
	for (const char *p = path; *p; p++) {
		if (*p == '~') {
			memcpy(q, home ? home : "", hlen);
			q += hlen;
		} else {
			*q++ = *p;
		}
	}
	*q++ = ':';
	*q = '\0';
	return s;
}

int rv_search_path(const char *search, const char *cmd, char **found)
{
	*found = NULL;
	for (const char *p = search;;) {
		const char *e = strchrnul(p, ':');
		size_t n = (size_t)(e - p);
		char *cand;
		if (n == 0)
			cand = rv_strf("./%s", cmd);
		else
			cand = rv_strf("%.*s%s%s", (int)n, p, p[n - 1] == '/' ? "" : "/", cmd);
		if (!cand)
			return -ENOMEM;
		if (is_exec_file(cand)) {
			*found = cand;
			return 0;
		}
		free(cand);
		if (!*e)
			return 0;
		p = e + 1;
	}
}

char *rv_system_which(const struct rv_ctx *ctx, const char *cmd, const char *custom_skip)
{
	if (is_bash_name(cmd) || strchr(cmd, '/')) {
		if (strchr(cmd, '/') ? is_exec_file(cmd) : rv_is_exec(cmd))
			return strdup(cmd);
		errno = ENOENT;
		return NULL;
	}
	char *s = colon_path(ctx->path ? ctx->path : "", getenv("HOME"));
	char *shims = rv_strf("%s/shims", ctx->root);
	char *found = NULL;
	if (!s || !shims)
		goto nomem;
	remove_dirs(s, shims);
	remove_dirs(s, ctx->extra_shims);
	remove_dirs(s, custom_skip);
	/* "${result:1:${#result}-2}" */
	size_t len = strlen(s);
	char *search = s + 1;
	search[len >= 2 ? len - 2 : 0] = '\0';
	if (!*search) {
		/* an empty PATH: bash tries the name in the current directory */
		if (is_exec_file(cmd))
			found = strdup(cmd);
	} else if (rv_search_path(search, cmd, &found) < 0) {
		goto nomem;
	}
	free(s);
	free(shims);
	if (!found)
		errno = ENOENT;
	return found;
nomem:
	free(s);
	free(shims);
	errno = ENOMEM;
	return NULL;
}

/* "${path%/?(s)bin/(star)}", "/" when empty. */
static char *strip_bin(const char *path)
{
	size_t n = strlen(path);
	for (size_t i = n; i-- > 0;) {
		if (path[i] != '/')
			continue;
		if (rv_startswith(path + i, "/bin/") || rv_startswith(path + i, "/sbin/"))
			return i ? strndup(path, i) : strdup("/");
	}
	return strdup(path);
}

int rv_prefix(const struct rv_ctx *ctx, const char *version, char **out, struct rv_strv *msgs)
{
	char *p = NULL;
	const char *shown = version;
	char *resolved = NULL;
	if (strcmp(version, "system") == 0) {
		static const char *const pythons[] = {"python", "python3", "python2"};
		char *py = NULL;
		for (size_t i = 0; i < 3 && !py; i++) {
			char *var = rv_shim_paths_var(pythons[i]);
			if (!var)
				return -ENOMEM;
			py = rv_system_which(ctx, pythons[i], getenv(var));
			free(var);
			if (!py && errno == ENOMEM)
				return -ENOMEM;
			if (py && !rv_is_exec(py)) {
				free(py);
				py = NULL;
			}
		}
		if (!py) {
			int r = rv_strv_pushf(msgs, "%s: system version not found in PATH",
					      ctx->prog);
			return r < 0 ? r : -ENOENT;
		}
		p = strip_bin(py);
		free(py);
	} else {
		int r = rv_roots_latest_force(ctx->root, ctx->pwd, ctx->roots, version, &resolved);
		if (r == -ENOMEM)
			return r;
		shown = resolved;
		p = rv_roots_version_path(ctx->root, ctx->roots, shown);
	}
	if (!p) {
		free(resolved);
		return -ENOMEM;
	}
	if (!rv_is_dir(p)) {
		int r = rv_strv_pushf(msgs, "%s: version `%s' not installed", ctx->prog, shown);
		free(p);
		free(resolved);
		return r < 0 ? r : -ENOENT;
	}
	free(resolved);
	*out = p;
	return 0;
}

/* `pyenv-prefix ""` inside pyenv-which: the prefixes of the whole selection (PYENV_VERSION
 * or version-name), joined with ':'. Returns 0 with the candidate path and the version
 * ("basename" of the joined prefixes), -ENOENT, -ENOMEM. */
static int empty_version(const struct rv_ctx *ctx, const char *cmd, char **path, char **ver)
{
	struct rv_strv msgs = {0}, names = {0}, parts = {0};
	char *sel = NULL, *joined = NULL;
	int r = -ENOMEM;
	if (ctx->version_env && *ctx->version_env) {
		sel = strdup(ctx->version_env);
	} else {
		char *raw = rv_selection_raw(ctx, &msgs);
		int st = raw ? rv_version_name(ctx, raw, false, &names, &msgs) : -ENOMEM;
		free(raw);
		if (st < 0)
			goto out;
		if (st > 0) {
			r = -ENOENT;
			goto out;
		}
		sel = rv_strv_join(&names, ":");
	}
	if (!sel)
		goto out;
	rv_strv_clear(&names);
	if ((r = rv_strv_split(&names, sel, ':')) < 0)
		goto out;
	for (size_t i = 0; i < names.n; i++) {
		char *p = NULL;
		if ((r = rv_prefix(ctx, names.v[i], &p, &msgs)) < 0)
			goto out;
		if ((r = rv_strv_take(&parts, p)) < 0)
			goto out;
	}
	r = -ENOMEM;
	if (!(joined = rv_strv_join(&parts, ":")))
		goto out;
	*path = rv_strf("%s/bin/%s", joined, cmd);
	*ver = strdup(rv_basename(joined));
	r = *path && *ver ? 0 : -ENOMEM;
out:
	free(sel);
	free(joined);
	rv_strv_clear(&msgs);
	rv_strv_clear(&names);
	rv_strv_clear(&parts);
	return r;
}

static int step(const struct rv_ctx *ctx, enum rv_step_kind kind, const char *name,
		const char *value, const char *reason)
{
	return ctx->explain ? rv_explain_add(ctx->explain, kind, name, value, NULL, 0, reason) : 0;
}

/* The candidate of installed version v (through rv_latest): *path and *ver. Returns 0,
 * -ENOENT when v is not installed, -ENOMEM. */
static int try_version(const struct rv_ctx *ctx, const char *v, const char *cmd, char **path,
		       char **ver)
{
	char *resolved = NULL;
	/* latest -f: a missing free-threaded 3.13.0t falls back to 3.13.0, as pyenv's which */
	int r = rv_roots_latest_force(ctx->root, ctx->pwd, ctx->roots, v, &resolved);
	if (r == -ENOMEM)
		return r;
	char *prefix = rv_roots_version_path(ctx->root, ctx->roots, resolved);
	/* what rv_latest answers is a directory (it checked), but "" */
	bool dir = prefix && ((r == 0 && *resolved) || rv_is_dir(prefix));
	r = 0;
	if (dir && strcmp(resolved, v) != 0)
		r = step(ctx, RV_STEP_RESOLVED, v, resolved,
			 "the newest installed version with this prefix");
	/* a uv entry's directory is not named as its version */
	char *name = dir ? strdup(rv_basename(ctx->roots && *resolved ? resolved : prefix)) : NULL;
	free(resolved);
	if (!prefix || r == -ENOMEM || (dir && !name)) {
		free(name);
		free(prefix);
		return -ENOMEM;
	}
	if (!dir) {
		free(prefix);
		return step(ctx, RV_STEP_NOT_INSTALLED, v, NULL, NULL) < 0 ? -ENOMEM : -ENOENT;
	}
	*path = rv_strf("%s/bin/%s", prefix, cmd);
	*ver = name;
	free(prefix);
	return 0;
}

/* The candidate of one entry of the search: the whole selection's prefix for "" (pyenv's
 * --nosystem quirk), the PATH search for system, else an installed version. Returns 0,
 * -ENOENT (not installed), -ENOMEM. */
static int try_one(const struct rv_ctx *ctx, const char *v, const char *cmd,
		   const char *custom_skip, char **path, char **ver)
{
	if (!*v) {
		struct rv_ctx quiet = *ctx; /* it reads the selection again: no second chain */
		quiet.explain = NULL;
		int r = empty_version(&quiet, cmd, path, ver);
		return r == -ENOMEM ? r : r < 0 ? -ENOENT : 0;
	}
	if (strcmp(v, "system") != 0)
		return try_version(ctx, v, cmd, path, ver);
	*path = rv_system_which(ctx, cmd, custom_skip);
	if (!*path && errno == ENOMEM)
		return -ENOMEM;
	if (!*path && !(*path = strdup("")))
		return -ENOMEM;
	*ver = strdup("system");
	return 0;
}

int rv_which_search(const struct rv_ctx *ctx, const char *cmd, char *const *versions, size_t n,
		    bool nosystem, const char *custom_skip, struct rv_which *w)
{
	*w = (struct rv_which){0};
	for (size_t i = 0; i <= n; i++) {
		/* pyenv-which loops over "${versions[@]}" "$system": with --nosystem the last
		 * one is "" */
		const char *v = i < n ? versions[i] : (nosystem ? "" : "system");
		char *path = NULL, *ver = NULL;
		int r = try_one(ctx, v, cmd, custom_skip, &path, &ver);
		if (r == -ENOENT) {
			if (rv_strv_push(&w->missing, v) < 0)
				return -ENOMEM;
			continue;
		}
		if (r < 0)
			return r;
		free(w->path);
		free(w->version);
		w->path = path;
		w->version = ver;
		if (!path || !ver)
			return -ENOMEM;
		if ((w->found = rv_is_exec(path)))
			break;
		/* (system twice, when selected: pyenv searches it twice; one step says it) */
		bool again = i == n && n && strcmp(versions[n - 1], "system") == 0;
		if (!again && step(ctx, RV_STEP_LACKS, ver, *path ? path : NULL, NULL) < 0)
			return -ENOMEM;
	}
	if (w->found)
		return step(ctx, RV_STEP_FOUND, w->version, w->path, NULL);
	return step(ctx, RV_STEP_NOT_FOUND, cmd, NULL, NULL);
}

bool rv_which_found(const struct rv_which *w)
{
	return w->found;
}

int rv_which_failure(const struct rv_ctx *ctx, const char *cmd, const struct rv_which *w,
		     bool skip_advice, struct rv_strv *msgs)
{
	int r = 0;
	if (w->missing.n) {
		char *origin = rv_version_origin_for_errors(ctx);
		if (!origin)
			return -ENOMEM;
		for (size_t i = 0; i < w->missing.n && r >= 0; i++)
			r = rv_strv_pushf(msgs, "%s: version `%s' is not installed (set by %s)",
					  ctx->prog, w->missing.v[i], origin);
		free(origin);
	}
	if (r >= 0)
		r = rv_strv_pushf(msgs, "%s: %s: command not found", ctx->prog, cmd);
	if (r < 0 || skip_advice)
		return r;
	struct rv_strv has = {0};
	r = rv_whence(ctx, cmd, false, &has);
	if (r >= 0 && has.n) {
		bool pyenv = strcmp(ctx->prog, "pyenv") == 0;
		r = rv_strv_push(msgs, "");
		if (r >= 0)
			r = rv_strv_pushf(msgs,
					  "The `%s' command exists in these Python versions:", cmd);
		for (size_t i = 0; i < has.n && r >= 0; i++)
			r = rv_strv_pushf(msgs, "  %s", has.v[i]);
		if (r >= 0)
			r = rv_strv_push(msgs, "");
		if (r >= 0)
			r = rv_strv_pushf(msgs, "Note: See '%s' for tips on allowing multiple",
					  pyenv ? "pyenv help global"
						: "pyenvfs-ctl global --help");
		if (r >= 0)
			r = rv_strv_push(msgs,
					 "      Python versions to be found at the same time.");
	}
	rv_strv_clear(&has);
	return r;
}

void rv_which_finish(struct rv_which *w)
{
	if (!w)
		return;
	free(w->path);
	free(w->version);
	rv_strv_clear(&w->missing);
	*w = (struct rv_which){0};
}

int rv_whence(const struct rv_ctx *ctx, const char *cmd, bool paths, struct rv_strv *out)
{
	struct rv_versions vs = {0};
	int r = rv_roots_list(ctx->root, ctx->pwd, ctx->roots, 0, &vs);
	for (size_t i = 0; r >= 0 && i < vs.n; i++) {
		char *p = vs.v[i].origin
				  ? rv_strf("%s/bin/%s", vs.v[i].path, cmd)
				  : rv_strf("%s/versions/%s/bin/%s", ctx->root, vs.v[i].name, cmd);
		if (!p) {
			r = -ENOMEM;
			break;
		}
		if (rv_is_exec(p))
			r = paths ? rv_strv_take(out, p) : rv_strv_push(out, vs.v[i].name);
		if (!paths || !rv_is_exec(p))
			free(p);
	}
	rv_versions_finish(&vs);
	return r;
}

int rv_which_versions(const struct rv_ctx *ctx, struct rv_strv *versions, struct rv_strv *msgs)
{
	if (ctx->version_env && *ctx->version_env) {
		if (step(ctx, RV_STEP_ENV, NULL, ctx->version_env, NULL) < 0)
			return -ENOMEM;
		return rv_strv_split(versions, ctx->version_env, ':');
	}
	char *raw = rv_selection_raw(ctx, msgs);
	if (!raw)
		return -ENOMEM;
	int r = rv_version_name(ctx, raw, true, versions, msgs);
	free(raw);
	return r < 0 ? r : 0;
}

static size_t env_count(char *const *envp)
{
	size_t n = 0;
	while (envp && envp[n])
		n++;
	return n;
}

static bool env_is(const char *entry, const char *name)
{
	size_t n = strlen(name);
	return strncmp(entry, name, n) == 0 && entry[n] == '=';
}

/* TERMINFO_DIRS for a version whose install fix-up asks for it (installer/fixup.h): the
 * target of the symbolic link <version>/.pyenvfs-terminfo, bin_path being <version>/bin.
 * One readlink(). Returns the length written to buf, 0 when there is none. */
static size_t terminfo_dirs(const char *bin_path, char *buf, size_t size)
{
	static const char link[] = "/.pyenvfs-terminfo";
	size_t n = strlen(bin_path);
	char path[PATH_MAX];
	if (n < 4 || strcmp(bin_path + n - 4, "/bin") != 0 || n - 4 + sizeof(link) > sizeof(path))
		return 0;
	memcpy(path, bin_path, n - 4);
	memcpy(path + n - 4, link, sizeof(link));
	ssize_t r = readlink(path, buf, size - 1);
	if (r <= 0)
		return 0;
	buf[r] = '\0';
	return (size_t)r;
}

/* long: one pass, one allocation, one readlink() at most (the shim's exec path). */
char **rv_exec_env(const struct rv_ctx *ctx, char *const *envp, const char *version,
		   const char *cmd, const char *bin_path, const char *shim_path)
{
	char *var = shim_path ? rv_shim_paths_var(cmd) : NULL;
	if (shim_path && !var)
		return NULL;
	size_t n = env_count(envp);
	const char *old_path = NULL, *old_custom = NULL;
	bool terminfo = false, term = false; /* no TERM: no terminal, terminfo does not matter */
	for (size_t i = 0; i < n; i++) {
		if (env_is(envp[i], "PATH"))
			old_path = envp[i] + 5;
		else if (var && env_is(envp[i], var))
			old_custom = envp[i] + strlen(var) + 1;
		else if (env_is(envp[i], "TERMINFO_DIRS"))
			terminfo = true;
		else if (env_is(envp[i], "TERM"))
			term = true;
	}
	bool under = bin_path && rv_roots_under(ctx->root, ctx->roots, bin_path);
	char tdirs[1024];
	size_t tlen =
		under && term && !terminfo ? terminfo_dirs(bin_path, tdirs, sizeof(tdirs)) : 0;
	/* one block: the pointers, then the new strings; the rest point into envp */
	size_t vlen = strlen("PYENV_VERSION=") + strlen(version) + 1;
	size_t plen = under ? strlen("PATH=") + strlen(bin_path) + 1 +
				      (old_path ? strlen(old_path) + 1 : 0)
			    : 0;
	size_t clen = var ? strlen(var) + 1 + strlen(shim_path) + 1 +
				      (old_custom && *old_custom ? strlen(old_custom) + 1 : 0)
			  : 0;
	tlen += tlen ? strlen("TERMINFO_DIRS=") + 1 : 0;
	char **env = malloc((n + 5) * sizeof(char *) + vlen + plen + clen + tlen);
	if (!env) {
		free(var);
		return NULL;
	}
	char *q = (char *)(env + n + 5);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (env_is(envp[i], "PYENV_VERSION") || (under && env_is(envp[i], "PATH")) ||
		    (var && (env_is(envp[i], var) || env_is(envp[i], "_PYENV_SHIM_PATH"))))
			continue;
		env[k++] = envp[i];
	}
	env[k++] = q;
	q += sprintf(q, "PYENV_VERSION=%s", version) + 1;
	if (under) {
		env[k++] = q;
		q += (old_path ? sprintf(q, "PATH=%s:%s", bin_path, old_path)
			       : sprintf(q, "PATH=%s", bin_path)) +
		     1;
	}
	if (var) {
		env[k++] = q;
		q += (old_custom && *old_custom ? sprintf(q, "%s=%s:%s", var, shim_path, old_custom)
						: sprintf(q, "%s=%s", var, shim_path)) +
		     1;
	}
	if (tlen) {
		env[k++] = q;
		sprintf(q, "TERMINFO_DIRS=%s", tdirs);
	}
	env[k] = NULL;
	free(var);
	return env;
}

void rv_env_free(char **env)
{
	free(env);
}

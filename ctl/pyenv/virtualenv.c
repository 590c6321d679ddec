/* pyenv-virtualenv 1.4's virtualenv-prefix and virtualenvs (virtualenv.h). Each step
 * follows bin/pyenv-virtualenv-prefix and bin/pyenv-virtualenvs, including what `set -e'
 * makes of a failing command substitution (the script stops, exit 1). */
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/pyenv/foreign.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/version.h"
#include "ctl/pyenv/virtualenv.h"
#include "resolver/path.h"
#include "resolver/venv.h"
#include "resolver/which.h"

/* Points fd 2 at /dev/null (a `2>/dev/null'); returns the saved fd for unmute, or -1. */
static int mute_stderr(void)
{
	fflush(stderr);
	int saved = dup(2);
	int nul = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (nul >= 0) {
		dup2(nul, 2);
		close(nul);
	}
	return saved;
}

static void unmute_stderr(int saved)
{
	if (saved < 0)
		return;
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
}

/* `IFS=: names=($(pyenv-version-name))', its stderr shown unless quiet. Returns its exit
 * status or -ENOMEM. */
static int selected(struct pyenv *p, bool quiet, struct rv_strv *names)
{
	char *out = NULL;
	int st;
	if (pyenv_foreign_call(p, "version-name", NULL, NULL,
			       PYENV_FOREIGN_OUT | (quiet ? PYENV_FOREIGN_NO_ERR : 0), &out, &st)) {
		int r = out ? rv_strv_push(names, out) : -ENOMEM;
		free(out);
		if (r >= 0)
			r = pyenv_resplit(names);
		return r < 0 ? r : st;
	}
	int saved = quiet ? mute_stderr() : -1;
	struct pyenv_selection sel;
	int r = pyenv_version_name(p, false, &sel);
	unmute_stderr(saved);
	if (r < 0)
		return r;
	if (sel.exited)
		return sel.status;
	for (size_t i = 0; i < sel.names.n && r >= 0; i++)
		r = rv_strv_push(names, sel.names.v[i]);
	rv_strv_clear(&sel.names);
	if (r >= 0)
		r = pyenv_resplit(names);
	return r < 0 ? r : sel.status;
}

int pyenv_selected_quiet(struct pyenv *p, struct rv_strv *names)
{
	return selected(p, true, names);
}

/* VIRTUALENV_PREFIX_PATH for a venv or a virtualenv (bin/activate, no bin/conda): from
 * versions/V/pyvenv.cfg's home, else virtualenv's orig-prefix.txt under its lib dir
 * (resolver/venv.h); *state keeps its value when the script does not set it. Returns 0
 * or -ENOMEM. */
static int activate_prefix(struct pyenv *p, const char *version, char **state)
{
	char *vdir = rv_strf("%s/versions/%s", p->rv.root, version);
	struct rv_venv v = {0};
	int r = vdir ? rv_venv_read(vdir, *state, &v) : -ENOMEM;
	if (r == 0) {
		free(*state);
		*state = v.prefix;
		v.prefix = NULL;
	}
	rv_venv_finish(&v);
	free(vdir);
	return r;
}

/* The test every branch of the script ends in: *state a directory, else "not a
 * virtualenv". Returns 0, 1 (message in msgs), -ENOMEM. */
static int append(const char *version, const char *state, struct rv_strv *paths,
		  struct rv_strv *msgs)
{
	if (state && rv_is_dir(state))
		return rv_strv_push(paths, state);
	int r = rv_strv_pushf(msgs, "pyenv-virtualenv: version `%s' is not a virtualenv", version);
	return r < 0 ? r : 1;
}

/* PYENV_PREFIX_PATH: versions/V when a directory, else `pyenv-prefix V'. Returns 0, 1
 * (pyenv-prefix's message in msgs), -ENOMEM. */
static int version_prefix(struct pyenv *p, const char *version, const char *set_env,
			  char **out, struct rv_strv *msgs)
{
	*out = rv_strf("%s/versions/%s", p->rv.root, version);
	if (!*out)
		return -ENOMEM;
	if (rv_is_dir(*out))
		return 0;
	free(*out);
	*out = NULL;
	char *args[] = {(char *)version, NULL};
	int st;
	if (pyenv_foreign_call(p, "prefix", args, set_env, PYENV_FOREIGN_OUT, out, &st))
		return !*out ? -ENOMEM : st ? st : 0;
	int r = rv_prefix(&p->rv, version, out, msgs);
	return r == -ENOENT ? 1 : r;
}

/* One version of the script's loop; *state is VIRTUALENV_PREFIX_PATH, which it keeps
 * from one version to the next. Returns 0, 1 (message in msgs), -ENOMEM. */
static int real_prefix(struct pyenv *p, const char *version, const char *set_env, char **state,
		       struct rv_strv *paths, struct rv_strv *msgs)
{
	if (strcmp(version, "system") == 0)
		return append(version, NULL, paths, msgs);
	char *pp = NULL;
	int r = version_prefix(p, version, set_env, &pp, msgs);
	char *python = r == 0 ? rv_strf("%s/bin/python", pp) : NULL;
	char *activate = python ? rv_strf("%s/bin/activate", pp) : NULL;
	char *conda = activate ? rv_strf("%s/bin/conda", pp) : NULL;
	char *meta = conda ? rv_strf("%s/conda-meta", pp) : NULL;
	if (r == 0 && !meta)
		r = -ENOMEM;
	if (r == 0 && !rv_is_exec(python)) {
		r = rv_strv_pushf(msgs, "pyenv-virtualenv: `python' not found in version `%s'",
				  version);
		r = r < 0 ? r : 1;
	} else if (r == 0 && rv_is_file(activate)) {
		if (rv_is_file(conda)) {
			free(*state);
			*state = strdup(pp);
			r = *state ? 0 : -ENOMEM;
		} else {
			r = activate_prefix(p, version, state);
		}
		r = r < 0 ? r : append(version, *state, paths, msgs);
	} else if (r == 0 && rv_is_dir(meta)) {
		char *up = rv_strf("%s/../..", pp);
		free(*state);
		*state = up ? realpath(up, NULL) : NULL;
		if (up && !*state)
			*state = strdup("");
		free(up);
		r = *state ? append(version, *state, paths, msgs) : -ENOMEM;
	} else if (r == 0) {
		r = append(version, NULL, paths, msgs);
	}
	free(pp);
	free(python);
	free(activate);
	free(conda);
	free(meta);
	return r;
}

int pyenv_virtualenv_prefix(struct pyenv *p, char *const *versions, size_t n, bool quiet,
			    char **out)
{
	struct rv_strv sel = {0}, paths = {0}, msgs = {0};
	char *state = NULL;
	int r = 0;
	*out = NULL;
	if (n == 0) {
		r = selected(p, quiet, &sel);
		versions = sel.v;
		n = sel.n;
	}
	/* `PYENV_VERSION="${versions[*]}"; export PYENV_VERSION' for what it runs */
	char *set_env = NULL;
	if (!sel.n && n) {
		struct rv_strv given = {.v = (char **)versions, .n = n};
		char *joined = rv_strv_join(&given, ":");
		set_env = joined ? rv_strf("PYENV_VERSION=%s", joined) : NULL;
		free(joined);
		r = set_env ? 0 : -ENOMEM;
	}
	int saved = quiet ? mute_stderr() : -1; /* what it runs is quiet too */
	for (size_t i = 0; i < n && r == 0; i++)
		r = real_prefix(p, versions[i], set_env, &state, &paths, &msgs);
	unmute_stderr(saved);
	free(set_env);
	if (r == 0) {
		*out = rv_strv_join(&paths, ":");
		r = *out ? 0 : -ENOMEM;
	}
	if (quiet)
		rv_strv_clear(&msgs);
	else
		pyenv_flush_msgs(&msgs);
	free(state);
	rv_strv_clear(&sel);
	rv_strv_clear(&paths);
	return r;
}

bool pyenv_is_virtualenv(struct pyenv *p, const char *version)
{
	char *out = NULL;
	char *v[] = {(char *)version, NULL};
	int st;
	if (pyenv_foreign_call(p, "virtualenv-prefix", v, NULL,
			       PYENV_FOREIGN_NO_OUT | PYENV_FOREIGN_NO_ERR, NULL, &st))
		return st == 0;
	int r = pyenv_virtualenv_prefix(p, v, *version ? 1 : 0, true, &out);
	free(out);
	return r == 0;
}

int pyenv_cmd_virtualenv_prefix(struct pyenv *p, int argc, char **argv)
{
	bool args = argc > 1 && *argv[1];
	char *out = NULL;
	int r = pyenv_virtualenv_prefix(p, argv + 1, args ? (size_t)(argc - 1) : 0, false, &out);
	if (r == 0)
		printf("%s\n", out);
	free(out);
	return r < 0 ? pyenv_oom(p->ctl) : r;
}

/* ---- virtualenvs ---- */

struct venvs {
	struct pyenv *p;
	bool bare;
	struct rv_strv current; /* the selected names (not with --bare) */
	char *origin;           /* `pyenv-version-origin', asked once when needed */
};

/* `$(pyenv-version-origin)'. Malloc'ed; NULL on ENOMEM. */
static char *origin(struct pyenv *p)
{
	char *out = NULL;
	int st;
	if (pyenv_foreign_call(p, "version-origin", NULL, NULL, PYENV_FOREIGN_OUT, &out, &st))
		return out;
	return pyenv_origin(p);
}

/* print_version NAME PATH. Returns 0, 1 (virtualenv-prefix failed: the script stops),
 * -ENOMEM. */
static int print_version(struct venvs *vs, const char *name, const char *path)
{
	if (vs->bare) {
		printf("%s\n", name);
		return 0;
	}
	char *repr = NULL, *real = NULL;
	if (rv_is_link(path)) {
		char target[4096];
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		repr = rv_strf("%s --> %s", name, target);
	} else {
		char *v[] = {(char *)name, NULL};
		int r;
		if (!pyenv_foreign_call(vs->p, "virtualenv-prefix", v, NULL,
					PYENV_FOREIGN_OUT | PYENV_FOREIGN_NO_ERR, &real, &r))
			r = pyenv_virtualenv_prefix(vs->p, v, 1, true, &real);
		else if (!real)
			r = -ENOMEM;
		if (r != 0) {
			free(real);
			return r;
		}
		repr = rv_strf("%s (created from %s)", name, real);
		free(real);
	}
	bool hit = rv_strv_contains(&vs->current, name);
	if (repr && hit && !vs->origin)
		vs->origin = origin(vs->p);
	if (!repr || (hit && !vs->origin)) {
		free(repr);
		return -ENOMEM;
	}
	if (hit)
		printf("* %s (set by %s)\n", repr, vs->origin);
	else
		printf("  %s\n", repr);
	free(repr);
	return 0;
}

/* True when a path glob matched has "." or ".." as a component below versions/. */
static bool dot_component(const char *rel)
{
	for (const char *s = rel; *s; s = strchrnul(s, '/'), s += *s == '/') {
		size_t n = strcspn(s, "/");
		if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.'))
			return true;
	}
	return false;
}

/* The glob PAT (bash's dotglob, nullglob) under versions/, each match printed when
 * keep() says so. Returns 0, 1, -ENOMEM as print_version. */
static int each_entry(struct venvs *vs, const char *pat, bool skip_aliases, bool envs)
{
	char *full = rv_strf("%s/versions/%s", vs->p->rv.root, pat);
	size_t skip = strlen(vs->p->rv.root) + strlen("/versions/");
	glob_t g;
	int r = full ? 0 : -ENOMEM;
	if (r == 0 && glob(full, GLOB_PERIOD, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && r == 0; i++) {
			const char *path = g.gl_pathv[i], *rel = path + skip;
			if (dot_component(rel) || !rv_is_dir(path))
				continue;
			bool show = envs;
			if (!envs && rv_is_link(path)) {
				show = !skip_aliases;
			} else if (!envs) {
				char *act = rv_strf("%s/bin/activate", path);
				show = act && rv_is_file(act);
				r = act ? 0 : -ENOMEM;
				free(act);
			}
			if (show && r == 0)
				r = print_version(vs, rel, path);
		}
		globfree(&g);
	}
	free(full);
	return r;
}

int pyenv_cmd_virtualenvs(struct pyenv *p, int argc, char **argv)
{
	struct venvs vs = {.p = p};
	bool skip_aliases = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--complete") == 0) {
			printf("--bare\n--skip-aliases\n");
			return 0;
		} else if (strcmp(argv[i], "--bare") == 0) {
			vs.bare = true;
		} else if (strcmp(argv[i], "--skip-aliases") == 0) {
			skip_aliases = true;
		} else {
			return pyenv_usage_error(p->ctl, "virtualenvs");
		}
	}
	/* `$(pyenv-version-name || true)': its status does not matter */
	int r = vs.bare ? 0 : selected(p, false, &vs.current);
	r = r < 0 ? r : 0;
	if (r == 0)
		r = each_entry(&vs, "*/envs/*", skip_aliases, true);
	if (r >= 0 && r != 1)
		r = each_entry(&vs, "*", skip_aliases, false);
	rv_strv_clear(&vs.current);
	free(vs.origin);
	fflush(stdout);
	return r < 0 ? pyenv_oom(p->ctl) : r;
}

int pyenv_complete_virtualenvs(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			       int argc, char **argv)
{
	(void)ctl;
	(void)argc;
	(void)argv;
	ctl_complete_words(cmd);
	char *bare[] = {"virtualenvs", "--bare", NULL};
	return pyenv_cmd_virtualenvs(ctx, 2, bare);
}

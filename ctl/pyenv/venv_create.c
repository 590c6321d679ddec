/* pyenv-virtualenv 1.4's virtualenv (the `python -m venv' path of bin/pyenv-virtualenv) and
 * virtualenv-delete (bin/pyenv-virtualenv-delete), natively (venv_create.h). The steps
 * follow the scripts in order, `set -e' included (a failing command substitution ends the
 * script with its status). Each step returns GO_ON, an exit status, or -ENOMEM. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ctl/proc.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/venv_create.h"
#include "ctl/pyenv/version.h"
#include "ctl/pyenv/versions.h"
#include "ctl/pyenv/virtualenv.h"
#include "ctl/python_build.h"
#include "installer/uninstall.h"
#include "resolver/path.h"
#include "resolver/roots.h"
#include "resolver/which.h"

extern char **environ;

#define GO_ON (-1) /* a step's "carry on"; -ENOMEM and exit statuses (>= 0) end the command */

/* bash's `read -p PROMPT' (the prompt on stderr only when stdin is a terminal) and then
 * `case "$REPLY" in y* | Y* )': true for a line starting with y or Y (backslashes quote
 * the next character, a backslash-newline joins lines); false at the end of the input
 * before a newline, where read fails and `set -e' ends the script. */
static bool confirmed(const char *prompt)
{
	fflush(stdout);
	if (isatty(0)) {
		fputs(prompt, stderr);
		fflush(stderr);
	}
	int c, first = EOF;
	bool quoted = false;
	while ((c = getchar()) != EOF) {
		if (quoted) {
			quoted = false;
			if (c == '\n')
				continue;
		} else if (c == '\\') {
			quoted = true;
			continue;
		} else if (c == '\n') {
			return first == 'y' || first == 'Y';
		}
		if (first == EOF)
			first = c;
	}
	return false;
}

/* A name of one path component that is not "." or "..". */
static bool plain(const char *s, size_t n)
{
	return n > 0 && !memchr(s, '/', n) && !(n == 1 && s[0] == '.') &&
	       !(n == 2 && s[0] == '.' && s[1] == '.');
}

/* "NAME" or "V/envs/NAME" with plain V and NAME: what versions/ may hold (pyi_uninstall). */
static bool layout_name(const char *rel)
{
	const char *slash = strchr(rel, '/');
	if (!slash)
		return plain(rel, strlen(rel));
	return plain(rel, (size_t)(slash - rel)) && rv_startswith(slash, "/envs/") &&
	       plain(slash + 6, strlen(slash + 6));
}

/* Removes versions/rel (an env, atomically: pyi_uninstall); its absence is no error.
 * Returns 0, or 1 with the reason said. */
static int remove_env(const struct pyenv *p, const char *rel)
{
	struct pyi_err err = {0};
	if (pyi_uninstall(p->rv.root, rel, &err) || err.code == PYI_E_NOTFOUND)
		return 0;
	pyenv_errf("pyenv-virtualenv: %s", err.msg);
	return 1;
}

/* ---- virtualenv ---- */

struct venv {
	struct pyenv *p;
	bool force, upgrade;
	struct rv_strv opts; /* for `python -m venv' */
	struct rv_strv args; /* the arguments that are no options */
	const char *name;    /* VIRTUALENV_NAME as given */
	char *version;       /* VERSION_NAME, through `pyenv-latest -f' */
	bool system;         /* the env is made from the system Python */
	char *prefix;        /* `pyenv-prefix' of the version */
	char *rel;           /* VIRTUALENV_NAME as the script settles it: V/envs/NAME, or NAME */
	char *path, *compat; /* VIRTUALENV_PATH, COMPAT_VIRTUALENV_PATH */
	char *python;        /* the python whose venv module makes the env */
};

static void venv_clear(struct venv *v)
{
	rv_strv_clear(&v->opts);
	rv_strv_clear(&v->args);
	free(v->version);
	free(v->prefix);
	free(v->rel);
	free(v->path);
	free(v->compat);
	free(v->python);
}

/* `python -m venv' options the script passes on as "--NAME" (a trailing '=': a value). */
static bool passed_on(const char *opt)
{
	static const char *const names[] = {
		"system-site-packages", "symlinks", "copies", "clear", "upgrade-deps", "prompt=",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t n = strlen(names[i]);
		if (names[i][n - 1] == '=' ? strncmp(opt, names[i], n) == 0
					   : strcmp(opt, names[i]) == 0)
			return true;
	}
	return false;
}

/* One option of the script's loop: a short one's letter or a long one's name. */
static int venv_option(struct venv *v, const char *opt, bool is_long)
{
	int r = 0;
	if (!strcmp(opt, "f") || !strcmp(opt, "force")) {
		v->force = true;
	} else if (!strcmp(opt, "h") || !strcmp(opt, "help")) {
		ctl_print_help(v->p->ctl, v->p->cmd, false, stdout);
		return 0;
	} else if (!strcmp(opt, "u") || !strcmp(opt, "upgrade")) {
		v->upgrade = true; /* venv's --upgrade, added after the others */
	} else if (!strcmp(opt, "without-pip") || (is_long && passed_on(opt))) {
		r = rv_strv_pushf(&v->opts, "--%s", opt);
	} else if (strcmp(opt, "q") && strcmp(opt, "quiet") && strcmp(opt, "v") &&
		   strcmp(opt, "verbose")) { /* those the script drops for venv */
		pyenv_errf("pyenv-virtualenv: `%s%s' is not supported without the "
			   "pyenv-virtualenv plugin.", is_long ? "--" : "-", opt);
		return 1;
	}
	return r < 0 ? r : GO_ON;
}

/* parse_options: every argument starting with '-' is options, the others arguments. */
static int venv_parse(struct venv *v, int argc, char **argv)
{
	int r = GO_ON;
	for (int i = 1; i < argc && r == GO_ON; i++) {
		const char *a = argv[i];
		if (a[0] != '-') {
			r = rv_strv_push(&v->args, a) < 0 ? -ENOMEM : GO_ON;
		} else if (a[1] == '-') {
			r = venv_option(v, a + 2, true);
		} else {
			/* (a buffer as long as the longest name: gcc -O3 reads a 2-byte one's
			 * compares with the long names as always unequal, and warns) */
			char letter[16] = "";
			for (const char *c = a + 1; *c && r == GO_ON; c++) {
				letter[0] = *c;
				r = venv_option(v, letter, false);
			}
		}
	}
	if (r == GO_ON && v->upgrade && rv_strv_push(&v->opts, "--upgrade") < 0)
		r = -ENOMEM;
	return r;
}

/* `IFS=: VERSION_NAMES=($(pyenv-version-name))': the first name in *out. */
static int current_version(struct pyenv *p, char **out)
{
	struct pyenv_selection sel;
	int r = pyenv_version_name(p, false, &sel);
	if (r < 0)
		return r;
	int status = sel.status;
	if (status == 0 && pyenv_resplit(&sel.names) < 0)
		r = -ENOMEM;
	if (r == 0 && status == 0) {
		*out = strdup(sel.names.n ? sel.names.v[0] : "");
		r = *out ? 0 : -ENOMEM;
	}
	rv_strv_clear(&sel.names);
	return r < 0 ? r : status ? status : GO_ON;
}

/* The script's tests of the name: not `system', no whitespace, no slash (but for
 * VERSION/envs/NAME). */
static int venv_check_name(const struct venv *v)
{
	const char *base = rv_basename(v->name);
	if (strcmp(base, "system") == 0) {
		pyenv_err("pyenv-virtualenv: `system' is not allowed as virtualenv name.");
		return 1;
	}
	for (const char *c = v->name; *c; c++)
		if (isspace((unsigned char)*c)) {
			pyenv_err("pyenv-virtualenv: no whitespace allowed in virtualenv name.");
			return 1;
		}
	if (!strchr(v->name, '/'))
		return GO_ON;
	char *want = rv_strf("%.*s/envs/%s", (int)strcspn(v->version, "/"), v->version, base);
	if (!want)
		return -ENOMEM;
	bool ok = strcmp(want, v->name) == 0;
	free(want);
	if (ok)
		return GO_ON;
	pyenv_err("pyenv-virtualenv: no slash allowed in virtualenv name.");
	return 1;
}

/* The version (the first argument of two, else the current one, then `pyenv-latest -f')
 * and the name. */
static int venv_names(struct venv *v)
{
	struct pyenv *p = v->p;
	if (v->args.n == 0) {
		pyenv_err("pyenv-virtualenv: no virtualenv name given.");
		return 1;
	}
	char *current = NULL;
	const char *version = v->args.n > 1 ? v->args.v[0] : NULL;
	v->name = v->args.v[v->args.n > 1 ? 1 : 0];
	if (!version) {
		int r = current_version(p, &current);
		if (r != GO_ON)
			return r;
		version = current;
	}
	int r = 0;
	if (*version)
		r = rv_roots_latest_force(p->rv.root, p->rv.pwd, p->rv.roots, version, &v->version);
	else
		v->version = strdup("");
	free(current);
	if (r < 0 || !v->version)
		return -ENOMEM;
	if (!*v->version || !*v->name) {
		ctl_print_help(p->ctl, p->cmd, false, stdout); /* usage 1 */
		return 1;
	}
	return venv_check_name(v);
}

/* `^[0-9]+\.[0-9]+(\.[0-9]+)?((a|b|rc)[0-9]+)?t?$': a CPython release `install' can get. */
static bool looks_like_release(const char *s)
{
	int parts = 0;
	for (size_t d; (d = strspn(s, "0123456789")) > 0;) {
		s += d;
		if (++parts == 3 || *s != '.')
			break;
		s++;
	}
	if (parts < 2 || s[-1] == '.')
		return false;
	size_t tag = *s == 'a' || *s == 'b' ? 1 : rv_startswith(s, "rc") ? 2 : 0;
	if (tag) {
		size_t d = strspn(s + tag, "0123456789");
		if (!d)
			return false;
		s += tag + d;
	}
	return !strcmp(s, "") || !strcmp(s, "t");
}

/* not_installed_message: python-build's definitions say whether `install' would get it
 * (without python-build: whether it looks like a CPython release). Returns 1. */
static int not_installed(const struct pyenv *p, const char *version)
{
	char *pb = ctl_python_build_find(p->rv.root);
	bool known = pb ? ctl_python_build_knows(pb, version) : looks_like_release(version);
	free(pb);
	pyenv_errf("pyenv-virtualenv: `%s' is not installed in pyenv.", version);
	if (known)
		pyenv_errf("Run `%s install %s' to install it.", p->ctl->prog, version);
	else
		pyenv_errf("It does not look like a valid Python version. See `%s install --list' "
			   "for available versions.", p->ctl->prog);
	return 1;
}

/* "${VERSION_NAME%/envs/(star)}" == system */
static bool from_system(const char *version)
{
	const char *last = NULL;
	for (const char *s = version; (s = strstr(s, "/envs/")); s++)
		last = s;
	size_t n = last ? (size_t)(last - version) : strlen(version);
	return n == 6 && strncmp(version, "system", 6) == 0;
}

/* VIRTUALENV_NAME for a version: under the version the env (or the version) was made
 * from when that is one of root's (`pyenv-virtualenv-prefix'), else VERSION/envs/NAME. */
static int env_rel(struct venv *v, const char *base)
{
	char *one[] = {v->version}, *real = NULL;
	int r = pyenv_virtualenv_prefix(v->p, one, 1, true, &real);
	char *versions = r < 0 ? NULL : rv_strf("%s/versions", v->p->rv.root);
	char *dir = real ? rv_dirname(real) : NULL;
	if (!versions || (real && !dir))
		r = -ENOMEM;
	else if (dir && strcmp(dir, versions) == 0)
		v->rel = rv_strf("%s/envs/%s", real + strlen(versions) + 1, base);
	else
		v->rel = rv_strf("%s/envs/%s", v->version, base);
	free(versions);
	free(dir);
	free(real);
	return r < 0 || !v->rel ? -ENOMEM : 0;
}

/* PREFIX (the version must be installed, and in PYENV_ROOT), VIRTUALENV_NAME,
 * VIRTUALENV_PATH and COMPAT_VIRTUALENV_PATH. */
static int venv_paths(struct venv *v)
{
	struct pyenv *p = v->p;
	struct rv_strv msgs = {0};
	int r = strchr(v->version, ':') ? -ENOENT : rv_prefix(&p->rv, v->version, &v->prefix, &msgs);
	rv_strv_clear(&msgs);
	if (r == -ENOENT)
		return not_installed(p, v->version);
	if (r < 0)
		return r;
	const char *base = rv_basename(v->name), *root = p->rv.root;
	v->system = from_system(v->version);
	const char *origin = v->system ? NULL : rv_roots_origin(root, p->rv.roots, v->version);
	if (origin) {
		pyenv_errf("pyenv-virtualenv: `%s' is in %s, a read-only root (PYENVFS_ROOTS): "
			   "an env can only be made from a version in %s/versions.", v->version,
			   origin, root);
		return 1;
	}
	if (v->system)
		v->rel = strdup(base);
	else if ((r = env_rel(v, base)) < 0)
		return r;
	if (v->rel)
		v->path = rv_strf("%s/versions/%s", root, v->rel);
	if (v->path)
		v->compat = rv_strf("%s/versions/%s", root, base);
	return v->compat ? GO_ON : -ENOMEM;
}

/* What -f may replace at COMPAT_VIRTUALENV_PATH: from system, the env itself (a venv
 * directory); else a link to an env (`ln -fsn' would put the link into a directory). */
static bool replaceable(const struct venv *v, const struct stat *st)
{
	if (v->system) {
		char *cfg = rv_strf("%s/pyvenv.cfg", v->compat);
		bool venv = S_ISDIR(st->st_mode) && cfg && rv_is_file(cfg);
		free(cfg);
		return venv;
	}
	char target[PATH_MAX];
	ssize_t n = readlink(v->compat, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	return S_ISLNK(st->st_mode) && strstr(target, "/envs/");
}

/* The script's `already exists' test (unless -f), then ours of what -f would replace. */
static int venv_existing(const struct venv *v)
{
	struct stat st;
	bool exists = lstat(v->compat, &st) == 0;
	if (exists && !v->force) {
		pyenv_errf("pyenv-virtualenv: `%s' already exists.", v->compat);
		return 1;
	}
	if (!layout_name(v->rel)) {
		pyenv_errf("pyenv-virtualenv: `%s' is not versions/VERSION/envs/NAME: not made.",
			   v->path);
		return 1;
	}
	if (exists && !replaceable(v, &st)) {
		pyenv_errf("pyenv-virtualenv: `%s' already exists and is not a virtualenv: not "
			   "replaced.", v->compat);
		return 1;
	}
	return GO_ON;
}

/* `pyenv-exec PYTHON ARGS' without a shell: argv[0] run in the environment exec gives the
 * version (PIP_REQUIRE_VENV and PIP_REQUIRE_VIRTUALENV unset, as the script does), its
 * output to /dev/null when quiet. SIGINT and SIGQUIT are ignored here meanwhile, so that
 * an interrupted venv is still cleaned up. Returns its exit status (127: not run). */
static int run_python(const struct venv *v, char **argv, bool quiet)
{
	char *bin = rv_dirname(argv[0]);
	unsetenv("PIP_REQUIRE_VENV");
	unsetenv("PIP_REQUIRE_VIRTUALENV");
	char **env = bin ? rv_exec_env(&v->p->rv, environ, v->version, "python", bin, NULL) : NULL;
	free(bin);
	if (!env)
		return -ENOMEM;
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	posix_spawn_file_actions_init(&fa);
	if (quiet) {
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
		posix_spawn_file_actions_adddup2(&fa, 1, 2);
	}
	sigset_t sigs;
	sigemptyset(&sigs);
	sigaddset(&sigs, SIGINT);
	sigaddset(&sigs, SIGQUIT);
	posix_spawnattr_init(&at);
	posix_spawnattr_setsigdefault(&at, &sigs);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
	struct sigaction ign = {.sa_handler = SIG_IGN}, old_int, old_quit;
	sigaction(SIGINT, &ign, &old_int);
	sigaction(SIGQUIT, &ign, &old_quit);
	fflush(stdout);
	fflush(stderr);
	pid_t pid;
	int e = posix_spawn(&pid, argv[0], &fa, &at, argv, env);
	int status = e ? 127 : ctl_wait_status(pid);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGQUIT, &old_quit, NULL);
	posix_spawnattr_destroy(&at);
	posix_spawn_file_actions_destroy(&fa);
	rv_env_free(env);
	if (e && !quiet)
		pyenv_errf("pyenv-virtualenv: cannot run %s: %s", argv[0], strerror(e));
	return status;
}

/* detect_venv: `PYTHON -m venv --help' succeeds. */
static bool has_venv(const struct venv *v, char *python)
{
	char *argv[] = {python, "-m", "venv", "--help", NULL};
	return run_python(v, argv, true) == 0;
}

/* The python the env is made with: the version's bin/python; from system the first of
 * python3, python, python2 in PATH (the shims skipped) whose venv module works. */
static int venv_python(struct venv *v)
{
	static const char *const pythons[] = {"python3", "python", "python2"};
	for (size_t i = 0; v->system && i < 3 && !v->python; i++) {
		char *var = rv_shim_paths_var(pythons[i]);
		char *py = var ? rv_system_which(&v->p->rv, pythons[i], getenv(var)) : NULL;
		free(var);
		if (py && rv_is_exec(py) && has_venv(v, py))
			v->python = py;
		else
			free(py);
	}
	if (!v->system) {
		v->python = rv_strf("%s/bin/python", v->prefix);
		if (!v->python)
			return -ENOMEM;
		if (!rv_is_exec(v->python)) {
			pyenv_errf("pyenv-virtualenv: `python' not found in version `%s'", v->version);
			return 1;
		}
		if (!has_venv(v, v->python)) {
			free(v->python);
			v->python = NULL;
		}
	}
	if (v->python)
		return GO_ON;
	pyenv_errf("pyenv-virtualenv: `python -m venv' does not work in `%s'; the "
		   "pyenv-virtualenv plugin can make the env with virtualenv instead.", v->version);
	return 1;
}

/* An existing env is updated only once confirmed (the script's prompt), or with -f/-u. */
static int venv_confirm(const struct venv *v)
{
	char *bin = rv_strf("%s/bin", v->path);
	if (!bin)
		return -ENOMEM;
	bool exists = rv_is_dir(bin);
	free(bin);
	if (!exists || v->force || v->upgrade)
		return GO_ON;
	pyenv_errf("pyenv-virtualenv: %s already exists", v->path);
	return confirmed("continue with installation? (y/N) ") ? GO_ON : 1;
}

/* The version's bin/python*-config linked into the env's bin/ where it has none. */
static int config_links(const struct venv *v)
{
	char *pat = rv_strf("%s/bin/python*-config", v->prefix);
	glob_t g;
	int r = pat ? 0 : -ENOMEM;
	if (pat && glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc && r == 0; i++) {
			char *dst = rv_strf("%s/bin/%s", v->path, rv_basename(g.gl_pathv[i]));
			struct stat st;
			if (!dst)
				r = -ENOMEM;
			else if (stat(dst, &st) != 0)
				(void)!symlink(g.gl_pathv[i], dst); /* as `ln -s', best effort */
			free(dst);
		}
		globfree(&g);
	}
	free(pat);
	return r;
}

/* The script's bin/pydoc, unless the env has one. Returns 0, 1 (said), -ENOMEM. */
static int write_pydoc(const struct venv *v)
{
	char *file = rv_strf("%s/bin/pydoc", v->path);
	struct stat st;
	if (!file)
		return -ENOMEM;
	if (stat(file, &st) == 0) {
		free(file);
		return 0;
	}
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0777); /* +x */
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f)
		fprintf(f, "#!%s/bin/python\nimport pydoc\nif __name__ == '__main__':\n"
			   "      pydoc.cli()\n", v->path);
	int e = !f ? errno : ferror(f) ? EIO : 0;
	if (f && fclose(f) != 0 && !e)
		e = errno;
	else if (!f && fd >= 0)
		close(fd);
	if (e)
		pyenv_errf("pyenv-virtualenv: cannot write %s: %s", file, strerror(e));
	free(file);
	return e ? 1 : 0;
}

/* `ln -fsn VIRTUALENV_PATH COMPAT_VIRTUALENV_PATH', an existing link replaced in one
 * rename. Returns 0, 1 (said), -ENOMEM. */
static int make_link(const struct venv *v)
{
	if (symlink(v->path, v->compat) == 0)
		return 0;
	int e = errno;
	char *tmp = NULL;
	if (e == EEXIST) {
		tmp = rv_strf("%s/versions/.%s.pyenvfs-link.%ld", v->p->rv.root,
			      rv_basename(v->compat), (long)getpid());
		if (!tmp)
			return -ENOMEM;
		unlink(tmp);
		e = symlink(v->path, tmp) == 0 && rename(tmp, v->compat) == 0 ? 0 : errno;
		if (e)
			unlink(tmp);
		free(tmp);
	}
	if (e)
		pyenv_errf("pyenv-virtualenv: cannot link %s to %s: %s", v->compat, v->path,
			   strerror(e));
	return e ? 1 : 0;
}

/* `python -m venv [OPTIONS] VIRTUALENV_PATH', then the python*-config links, bin/pydoc
 * and the link; on any failure what was made goes again (an env that was there stays). */
static int venv_make(struct venv *v)
{
	bool existed = rv_is_dir(v->path);
	char *envs = rv_dirname(v->path);
	char **argv = calloc(v->opts.n + 5, sizeof(char *));
	if (!envs || !argv) {
		free(envs);
		free(argv);
		return -ENOMEM;
	}
	bool made_envs = mkdir(envs, 0777) == 0;
	size_t n = 0;
	argv[n++] = v->python;
	argv[n++] = "-m";
	argv[n++] = "venv";
	for (size_t i = 0; i < v->opts.n; i++)
		argv[n++] = v->opts.v[i];
	argv[n++] = v->path;
	int st = run_python(v, argv, false);
	if (st == 0)
		st = config_links(v);
	if (st == 0)
		st = write_pydoc(v);
	if (st == 0 && !v->system)
		st = make_link(v);
	if (st != 0 && !existed)
		remove_env(v->p, v->rel);
	if (st != 0 && made_envs)
		rmdir(envs);
	free(argv);
	free(envs);
	return st;
}

int pyenv_cmd_virtualenv(struct pyenv *p, int argc, char **argv)
{
	struct venv v = {.p = p};
	int st = venv_parse(&v, argc, argv);
	if (st == GO_ON)
		st = venv_names(&v);
	if (st == GO_ON)
		st = venv_paths(&v);
	if (st == GO_ON)
		st = venv_existing(&v);
	if (st == GO_ON)
		st = venv_python(&v);
	if (st == GO_ON)
		st = venv_confirm(&v);
	if (st == GO_ON)
		st = venv_make(&v);
	venv_clear(&v);
	fflush(stdout);
	return st < 0 ? pyenv_oom(p->ctl) : st;
}

/* ---- virtualenv-delete ---- */

struct vdel {
	struct pyenv *p;
	bool force;
	const char *def;  /* DEFINITION */
	const char *name; /* VERSION_NAME: its last component */
	char *env;        /* ENV_PREFIX */
	char *compat;     /* ENV_COMPAT_PREFIX, removed with the env when a link (and kept) */
	bool keep_compat; /* the script unsets ENV_COMPAT_PREFIX */
};

/* "${t%/(star)/envs/(star)}" == root/versions: the shortest suffix "/X/envs/Y" cut off. */
static bool env_of_versions(const char *root, const char *t)
{
	size_t cut = strlen(t);
	for (size_t i = cut; i-- > 0;)
		if (t[i] == '/' && strstr(t + i + 1, "/envs/")) {
			cut = i;
			break;
		}
	char *want = rv_strf("%s/versions", root);
	bool ok = want && strlen(want) == cut && strncmp(t, want, cut) == 0;
	free(want);
	return ok;
}

/* ENV_PREFIX from DEFINITION as the script finds it. */
static int vdel_target(struct vdel *d)
{
	const char *root = d->p->rv.root;
	char target[PATH_MAX];
	ssize_t n = readlink(d->compat, target, sizeof(target) - 1);
	target[n > 0 ? n : 0] = '\0';
	bool link = rv_is_link(d->compat);
	if (strstr(d->def, "/envs/")) {
		d->env = rv_strf("%s/versions/%s", root, d->def);
		d->keep_compat = link && d->env && strcmp(d->env, target) != 0;
	} else if (link) {
		d->env = strdup(target);
		if (d->env && !env_of_versions(root, target)) {
			pyenv_errf("pyenv-virtualenv: `%s' is a symlink for unknown location.",
				   d->compat);
			return 1;
		}
	} else if (pyenv_is_virtualenv(d->p, d->name)) {
		d->env = rv_strf("%s/versions/%s", root, d->name);
		d->keep_compat = true;
	} else if (!d->force) {
		pyenv_errf("pyenv-virtualenv: `%s' is not a virtualenv.", d->def);
		return 1;
	} else {
		d->env = strdup("");
	}
	return d->env ? GO_ON : -ENOMEM;
}

/* The prompt (unless -f), then the env and its link go. */
static int vdel_remove(struct vdel *d)
{
	if (!rv_is_dir(d->env)) {
		if (d->force)
			return 0;
		pyenv_errf("pyenv-virtualenv: virtualenv `%s' not installed", d->name);
		return 1;
	}
	if (!d->force) {
		char *q = rv_strf("pyenv-virtualenv: remove %s? (y/N) ", d->env);
		if (!q)
			return -ENOMEM;
		bool yes = confirmed(q);
		free(q);
		if (!yes)
			return 1;
	}
	size_t skip = strlen(d->p->rv.root) + strlen("/versions/");
	if (remove_env(d->p, d->env + skip) != 0)
		return 1;
	if (!d->keep_compat && rv_is_link(d->compat) && unlink(d->compat) != 0) {
		pyenv_errf("pyenv-virtualenv: cannot remove %s: %s", d->compat, strerror(errno));
		return 1;
	}
	return 0;
}

int pyenv_cmd_virtualenv_delete(struct pyenv *p, int argc, char **argv)
{
	struct vdel d = {.p = p};
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		ctl_print_help(p->ctl, p->cmd, false, stdout);
		return 0;
	}
	int i = 1;
	if (argc > 1 && (!strcmp(argv[1], "-f") || !strcmp(argv[1], "--force")))
		d.force = true, i++;
	if (argc - i != 1 || !*argv[i] || argv[i][0] == '-') {
		fflush(stdout);
		ctl_print_help(p->ctl, p->cmd, false, stderr); /* usage 1 >&2 */
		return 1;
	}
	d.def = argv[i];
	d.name = rv_basename(d.def);
	d.compat = rv_strf("%s/versions/%s", p->rv.root, d.name);
	int st = d.compat ? vdel_target(&d) : -ENOMEM;
	if (st == GO_ON)
		st = vdel_remove(&d);
	free(d.env);
	free(d.compat);
	fflush(stdout);
	return st < 0 ? pyenv_oom(p->ctl) : st;
}

int pyenv_complete_virtualenv(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			      int argc, char **argv)
{
	(void)ctl;
	(void)cmd;
	(void)argc;
	(void)argv;
	char *args[] = {"versions", "--bare", "--skip-envs", NULL};
	return pyenv_cmd_versions(ctx, 3, args);
}

int pyenv_complete_virtualenv_delete(const struct ctl *ctl, void *ctx,
				     const struct ctl_command *cmd, int argc, char **argv)
{
	(void)ctl;
	(void)cmd;
	(void)argc;
	(void)argv;
	char *args[] = {"virtualenvs", "--bare", NULL};
	return pyenv_cmd_virtualenvs(ctx, 2, args);
}

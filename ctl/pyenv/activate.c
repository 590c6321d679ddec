/* pyenv-virtualenv 1.4's sh-activate, sh-deactivate, activate, deactivate (activate.h):
 * the code of bin/pyenv-sh-activate and bin/pyenv-sh-deactivate, step by step. */
#include <errno.h>
#include <glob.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/pyenv/activate.h"
#include "ctl/pyenv/foreign.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/script_hooks.h"
#include "ctl/pyenv/version.h"
#include "ctl/pyenv/virtualenv.h"
#include "resolver/path.h"

struct act {
	bool force, quiet, verbose, fish;
};

/* "$VAR" when set and non-empty, else NULL */
static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);
	return v && *v ? v : NULL;
}

/* Prints BEFORE MATCH AFTER for each match of "DIR/GLOB" (sorted; nullglob). */
static void each_script(const char *dir, const char *glob_tail, const char *before,
			const char *after)
{
	char *pat = rv_strf("%s/%s", dir, glob_tail);
	glob_t g;
	if (pat && glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			printf("%s%s%s", before, g.gl_pathv[i], after);
		globfree(&g);
	}
	free(pat);
}

/* The script's $SHELL: the environment's, else what bash sets it to when it is unset
 * (the user's login shell) */
static const char *bash_shell(void)
{
	const char *s = getenv("SHELL");
	if (s)
		return s;
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_shell && *pw->pw_shell ? pw->pw_shell : "/bin/sh";
}

/* `[ -d PREFIX/conda-meta ] || [ -x PREFIX/bin/conda ]' */
static bool is_conda(const char *prefix)
{
	char *meta = rv_strf("%s/conda-meta", prefix), *bin = rv_strf("%s/bin/conda", prefix);
	bool yes = (meta && rv_is_dir(meta)) || (bin && rv_is_exec(bin));
	free(meta);
	free(bin);
	return yes;
}

/* "${prefix%/(star)/envs/(star)}" == root/versions: the shortest suffix "/X/envs/Y" cut */
static bool under_versions_env(const char *prefix, const char *root)
{
	for (size_t i = strlen(prefix); i-- > 0;)
		if (prefix[i] == '/' && strstr(prefix + i + 1, "/envs/")) {
			size_t rl = strlen(root);
			return i == rl + 9 && strncmp(prefix, root, rl) == 0 &&
			       strncmp(prefix + rl, "/versions", 9) == 0;
		}
	return false;
}

static void deactivate_posix_tail(void)
{
	printf("unset PYENV_VIRTUAL_ENV;\nunset VIRTUAL_ENV;\n");
	if (env_nonempty("CONDA_DEFAULT_ENV"))
		printf("unset CONDA_DEFAULT_ENV;\n");
	printf("if [ -n \"${_OLD_VIRTUAL_PATH:-}\" ]; then\n"
	       "  export PATH=\"${_OLD_VIRTUAL_PATH}\";\n"
	       "  unset _OLD_VIRTUAL_PATH;\n"
	       "fi;\n"
	       "if [ -n \"${_OLD_VIRTUAL_PYTHONHOME:-}\" ]; then\n"
	       "  export PYTHONHOME=\"${_OLD_VIRTUAL_PYTHONHOME}\";\n"
	       "  unset _OLD_VIRTUAL_PYTHONHOME;\n"
	       "fi;\n"
	       "if [ -n \"${_OLD_VIRTUAL_PS1:-}\" ]; then\n"
	       "  export PS1=\"${_OLD_VIRTUAL_PS1}\";\n"
	       "  unset _OLD_VIRTUAL_PS1;\n"
	       "fi;\n"
	       "if declare -f deactivate 1>/dev/null 2>&1; then\n"
	       "  unset -f deactivate;\n"
	       "fi;\n");
}

static void deactivate_fish_tail(void)
{
	printf("set -e PYENV_VIRTUAL_ENV;\nset -e VIRTUAL_ENV;\n");
	if (env_nonempty("CONDA_DEFAULT_ENV"))
		printf("set -e CONDA_DEFAULT_ENV;\n");
	printf("if [ -n \"$_OLD_VIRTUAL_PATH\" ];\n"
	       "  set -gx PATH \"$_OLD_VIRTUAL_PATH\";\n"
	       "  set -e _OLD_VIRTUAL_PATH;\n"
	       "end;\n"
	       "if [ -n \"$_OLD_VIRTUAL_PYTHONHOME\" ];\n"
	       "  set -gx PYTHONHOME \"$_OLD_VIRTUAL_PYTHONHOME\";\n"
	       "  set -e _OLD_VIRTUAL_PYTHONHOME;\n"
	       "end;\n"
	       "# check if old prompt function exists\n"
	       "if functions -q _pyenv_old_prompt\n"
	       "  # remove old prompt function if exists.\n"
	       "  functions -e fish_prompt\n"
	       "  functions -c _pyenv_old_prompt fish_prompt\n"
	       "  functions -e _pyenv_old_prompt\n"
	       "end\n"
	       "if functions -q deactivate;\n"
	       "  functions -e deactivate;\n"
	       "end;\n");
}

/* The body of pyenv-sh-deactivate after its option loop. Returns the exit status. */
static int deactivate(struct pyenv *p, const struct act *a, struct pyenv_script_hooks *h)
{
	const char *ve = env_nonempty("VIRTUAL_ENV");
	if (!ve && !a->force) {
		if (!a->quiet)
			pyenv_err("pyenv-virtualenv: no virtualenv has been activated.");
		printf("false\n");
		return 1;
	}
	const char *sh = env_nonempty("PYENV_SHELL") ? getenv("PYENV_SHELL") : bash_shell();
	const char *shell = rv_basename(sh ? sh : "");
	bool fish = strcmp(shell, "fish") == 0;
	const char *prefix = ve ? ve : "";
	size_t rl = strlen(p->rv.root) + strlen("/versions/");
	const char *venv = under_versions_env(prefix, p->rv.root) ? prefix + rl
								  : rv_basename(prefix);
	if (pyenv_script_hooks_var(h, "shell", shell, false) < 0 ||
	    pyenv_script_hooks_var(h, "prefix", prefix, false) < 0 ||
	    pyenv_script_hooks_var(h, "venv", venv, false) < 0)
		return pyenv_oom(p->ctl);
	pyenv_script_hooks_mark(h);
	if (a->verbose)
		pyenv_errf("pyenv-virtualenv: deactivate %s", venv);
	if (is_conda(prefix) && !fish) {
		each_script(prefix, "etc/conda/deactivate.d/*.sh", ". \"", "\";\n");
		printf("unset CONDA_PREFIX\n");
	}
	if (env_nonempty("PYENV_ACTIVATE_SHELL"))
		printf(fish ? "set -e PYENV_VERSION;\nset -e PYENV_ACTIVATE_SHELL;\n"
			    : "unset PYENV_VERSION;\nunset PYENV_ACTIVATE_SHELL;\n");
	if (fish)
		deactivate_fish_tail();
	else
		deactivate_posix_tail();
	return 0;
}

/* The option loop both scripts share (-f, -q, -v; activate's --unset and --complete
 * are the caller's). Returns the index of the first other argument. */
static int options(int argc, char **argv, struct act *a, bool activate)
{
	a->verbose = env_nonempty("PYENV_VIRTUALENV_VERBOSE_ACTIVATE");
	int i = 1;
	for (; i < argc; i++) {
		const char *o = argv[i];
		if (strcmp(o, "-f") == 0 || strcmp(o, "--force") == 0)
			a->force = true;
		else if (strcmp(o, "-q") == 0 || strcmp(o, "--quiet") == 0)
			a->quiet = true;
		else if (strcmp(o, "-v") == 0 || strcmp(o, "--verbose") == 0)
			a->quiet = false, a->verbose = true;
		else if (!activate || (strcmp(o, "--unset") != 0 && strcmp(o, "--complete") != 0))
			break;
		else
			return i;
	}
	return i;
}

/* The script: its hooks around deactivate. Returns the exit status. */
static int sh_deactivate(struct pyenv *p, const struct act *a)
{
	struct pyenv_script_hooks h;
	if (pyenv_script_hooks_begin(p, "deactivate", &h) == -ENOMEM)
		return pyenv_oom(p->ctl);
	int st = deactivate(p, a, &h);
	return pyenv_script_hooks_end(p, &h, st);
}

int pyenv_cmd_sh_deactivate(struct pyenv *p, int argc, char **argv)
{
	struct act a = {0};
	options(argc, argv, &a, false);
	return sh_deactivate(p, &a);
}

/* ---- sh-activate ---- */

/* What the script works out before it prints. */
struct activation {
	struct act a;
	bool no_shell;
	struct rv_strv versions, current;
	const char *venv; /* versions.v[0] or "" */
	char *prefix;
	const char *shell;
};

/* "false"/"true" after a message (unless quiet). Returns status. */
static int verdict(const struct act *a, int status, const char *msg)
{
	if (!a->quiet && msg)
		pyenv_err(msg);
	printf(status ? "false\n" : "true\n");
	return status;
}

/* The fallback to an env of the current version, then the check for a second
 * virtualenv among the versions. Returns 0, or the exit status after the verdict. */
static int check_versions(struct pyenv *p, struct activation *v)
{
	char *msg = NULL;
	int st = 0;
	if (!pyenv_is_virtualenv(p, v->venv)) {
		/* `[ -n "$current_versions" ] || get_current_versions': bash still stops
		 * when version-name fails there, silently */
		int sel = v->current.n ? 0 : pyenv_selected_quiet(p, &v->current);
		if (sel != 0)
			return sel < 0 ? pyenv_oom(p->ctl) : sel;
		const char *cur = v->current.n ? v->current.v[0] : "";
		const char *cut = NULL;
		for (const char *s = cur; (s = strstr(s, "/envs/")); s++)
			cut = s;
		char *nv = rv_strf("%.*s/envs/%s", (int)(cut ? cut - cur : (ptrdiff_t)strlen(cur)),
				   cur, v->venv);
		if (nv && pyenv_is_virtualenv(p, nv)) {
			free(v->versions.v[0]);
			v->versions.v[0] = nv;
			v->venv = nv;
		} else {
			free(nv);
			msg = rv_strf("pyenv-virtualenv: version `%s' is not a virtualenv", v->venv);
			st = 1;
		}
	}
	for (size_t i = 0; st == 0 && i < v->versions.n; i++)
		if (strcmp(v->versions.v[i], v->venv) != 0 &&
		    pyenv_is_virtualenv(p, v->versions.v[i])) {
			char *all = rv_strv_join(&v->versions, " ");
			msg = rv_strf("pyenv-virtualenv: cannot activate multiple versions at once: %s",
				      all ? all : "");
			free(all);
			st = 1;
		}
	if (st)
		verdict(&v->a, st, msg);
	free(msg);
	return st;
}

static void print_fish_prompt(const char *venv)
{
	printf("functions -e _pyenv_old_prompt              # remove old prompt function if "
	       "exists. \n"
	       "                                            # since everything is in memory, "
	       "it's safe to\n"
	       "                                            # remove it.\n"
	       "functions -c fish_prompt _pyenv_old_prompt  # backup old prompt function\n"
	       "\n"
	       "# from python-venv\n"
	       "function fish_prompt\n"
	       "    set -l prompt (_pyenv_old_prompt)       # call old prompt function first "
	       "since it might \n"
	       "                                            # read exit status\n"
	       "    echo -n \"(%s) \"                    # add virtualenv to prompt\n"
	       "    string join -- \\n $prompt              # handle multiline prompts\n"
	       "end\n",
	       venv);
}

/* The prompt part: PYENV_VIRTUALENV_PROMPT with its first "{venv}" replaced. */
static void print_prompt(const struct activation *v)
{
	if (env_nonempty("PYENV_VIRTUALENV_DISABLE_PROMPT") ||
	    env_nonempty("PYENV_VIRTUAL_ENV_DISABLE_PROMPT") ||
	    env_nonempty("VIRTUAL_ENV_DISABLE_PROMPT"))
		return;
	if (v->a.fish) {
		if (!v->a.quiet)
			print_fish_prompt(v->venv);
		return;
	}
	const char *tmpl = env_nonempty("PYENV_VIRTUALENV_PROMPT");
	const char *at = tmpl ? strstr(tmpl, "{venv}") : NULL;
	printf("export _OLD_VIRTUAL_PS1=\"${PS1:-}\";\nexport PS1=\"");
	if (!tmpl)
		printf("(%s)", v->venv);
	else if (!at)
		fputs(tmpl, stdout);
	else
		printf("%.*s%s%s", (int)(at - tmpl), tmpl, v->venv, at + 6);
	printf(" ${PS1:-}\";\n");
}

/* The conda parts: CONDA_DEFAULT_ENV (early) or the activation scripts (late). */
static void print_conda(const struct activation *v, bool scripts)
{
	if (!is_conda(v->prefix))
		return;
	if (!scripts) {
		const char *e = strstr(v->prefix, "/envs/") ? v->venv : NULL;
		for (const char *s = e; s && (s = strstr(s, "/envs/")); s++)
			e = s + 6;
		printf(v->a.fish ? "set -gx CONDA_DEFAULT_ENV \"%s\";\n"
				 : "export CONDA_DEFAULT_ENV=\"%s\";\n",
		       e ? e : "root");
	} else if (v->a.fish) {
		each_script(v->prefix, "etc/fish/conf.d/*.fish", "source \"", "\";\n");
	} else {
		printf("export CONDA_PREFIX=\"%s\";\n", v->prefix);
		each_script(v->prefix, "etc/conda/activate.d/*.sh", ". \"", "\";\n");
		each_script(v->prefix, "etc/profile.d/*.sh", ". \"", "\";\n");
	}
}

/* `export NAME="VALUE";' (fish: `set -gx NAME "VALUE";') */
static void print_set(bool fish, const char *name, const char *value)
{
	printf(fish ? "set -gx %s \"%s\";\n" : "export %s=\"%s\";\n", name, value);
}

/* Everything after "already activated": deactivate's code, then activate's. */
static void print_activation(struct pyenv *p, const struct activation *v,
			     struct pyenv_script_hooks *h)
{
	struct act d = {.force = true, .quiet = true,
			.verbose = env_nonempty("PYENV_VIRTUALENV_VERBOSE_ACTIVATE")};
	/* `pyenv-sh-deactivate --force --quiet || true' */
	char *args[] = {"--force", "--quiet", NULL};
	int st;
	if (!pyenv_foreign_call(p, "sh-deactivate", args, NULL, 0, NULL, &st))
		sh_deactivate(p, &d);
	pyenv_script_hooks_mark(h);
	if (v->a.verbose)
		pyenv_errf("pyenv-virtualenv: activate %s", v->venv);
	if (!v->no_shell) {
		char *joined = rv_strv_join(&v->versions, ":");
		print_set(v->a.fish, "PYENV_VERSION", joined ? joined : "");
		printf(v->a.fish ? "set -gx PYENV_ACTIVATE_SHELL 1;\n"
				 : "export PYENV_ACTIVATE_SHELL=1;\n");
		free(joined);
	}
	print_set(v->a.fish, "PYENV_VIRTUAL_ENV", v->prefix);
	print_set(v->a.fish, "VIRTUAL_ENV", v->prefix);
	print_conda(v, false);
	const char *home = env_nonempty("PYTHONHOME");
	if (home && v->a.fish)
		printf("set -gx _OLD_VIRTUAL_PYTHONHOME \"%s\";\nset -e PYTHONHOME;\n", home);
	else if (home)
		printf("export _OLD_VIRTUAL_PYTHONHOME=\"%s\";\nunset PYTHONHOME;\n", home);
	print_prompt(v);
	print_conda(v, true);
}

/* prefix="$(pyenv-prefix VENV)", then `readlink' once when it is a symlink. */
static char *env_prefix(struct pyenv *p, const char *venv, int *status)
{
	char *v[] = {(char *)venv, NULL};
	struct rv_strv paths = {0};
	char *joined = NULL;
	*status = 1;
	if (pyenv_foreign_call(p, "prefix", v, NULL, PYENV_FOREIGN_OUT, &joined, status)) {
		if (*status == 0)
			goto link;
		free(joined);
		return NULL;
	}
	if (pyenv_check_installed(p, v, 1, &paths) < 0 || paths.n == 0) {
		rv_strv_clear(&paths);
		return NULL;
	}
	joined = rv_strv_join(&paths, ":");
	rv_strv_clear(&paths);
link:
	if (joined && rv_is_link(joined)) {
		char target[4096];
		ssize_t n = readlink(joined, target, sizeof(target) - 1);
		target[n > 0 ? n : 0] = '\0';
		free(joined);
		joined = strdup(target);
	}
	return joined;
}

/* The script from its option loop to "already activated". Returns -1 to go on, else
 * the exit status. */
static int activate_setup(struct pyenv *p, struct activation *v, int argc, char **argv, int i)
{
	for (int k = i; k < argc; k++)
		if (rv_strv_push(&v->versions, argv[k]) < 0)
			return pyenv_oom(p->ctl);
	if (argc <= i || !*argv[i]) {
		v->no_shell = true;
		rv_strv_clear(&v->versions);
		int st = pyenv_selected_quiet(p, &v->current);
		if (st != 0) /* `current_versions=($(...))' under set -e */
			return st < 0 ? pyenv_oom(p->ctl) : st;
		for (size_t k = 0; k < v->current.n; k++)
			if (rv_strv_push(&v->versions, v->current.v[k]) < 0)
				return pyenv_oom(p->ctl);
	}
	if (!env_nonempty("PYENV_VIRTUALENV_INIT"))
		v->no_shell = false;
	v->venv = v->versions.n ? v->versions.v[0] : "";
	const char *ve = env_nonempty("VIRTUAL_ENV"), *pve = env_nonempty("PYENV_VIRTUAL_ENV");
	if (ve && (!pve || strcmp(pve, ve) != 0) && !v->a.force) {
		char *msg = rv_strf("pyenv-virtualenv: virtualenv `%s' is already activated", ve);
		verdict(&v->a, 0, msg);
		free(msg);
		return 0;
	}
	int st = check_versions(p, v);
	if (st)
		return st;
	v->prefix = env_prefix(p, v->venv, &st);
	if (!v->prefix)
		return st ? st : 1;
	if (ve && strcmp(ve, v->prefix) == 0 && !v->a.force) {
		char *msg = rv_strf("pyenv-virtualenv: version `%s' is already activated", v->venv);
		verdict(&v->a, 0, msg);
		free(msg);
		return 0;
	}
	return -1;
}

/* --complete and --unset, which end the script. Returns -1 to go on, else the exit
 * status. */
static int activate_exits(struct pyenv *p, int argc, char **argv, int i)
{
	int st;
	if (i < argc && strcmp(argv[i], "--complete") == 0) {
		/* `echo --unset; exec pyenv-virtualenvs --bare' */
		char *bare[] = {"--bare", NULL}, *ours[] = {"virtualenvs", "--bare", NULL};
		printf("--unset\n");
		if (pyenv_foreign_call(p, "virtualenvs", bare, NULL, 0, NULL, &st))
			return st;
		return pyenv_cmd_virtualenvs(p, 2, ours);
	}
	if (i < argc && strcmp(argv[i], "--unset") == 0) {
		if (pyenv_foreign_call(p, "sh-deactivate", NULL, NULL, 0, NULL, &st))
			return st;
		return sh_deactivate(p, &(struct act){0});
	}
	return -1;
}

/* The script's variables its hooks see. Returns 0 or -ENOMEM. */
static int activation_vars(struct pyenv_script_hooks *h, const struct activation *v)
{
	char *versions = rv_strv_join(&v->versions, ":");
	char *current = rv_strv_join(&v->current, ":");
	int r = versions && current ? 0 : -ENOMEM;
	if (r == 0)
		r = pyenv_script_hooks_var(h, "versions", versions, true);
	if (r == 0)
		r = pyenv_script_hooks_var(h, "current_versions", current, true);
	if (r == 0)
		r = pyenv_script_hooks_var(h, "venv", v->venv, false);
	if (r == 0)
		r = pyenv_script_hooks_var(h, "prefix", v->prefix, false);
	if (r == 0)
		r = pyenv_script_hooks_var(h, "shell", v->shell, false);
	if (r == 0)
		r = pyenv_script_hooks_var(h, "no_shell", v->no_shell ? "1" : "", false);
	if (r == 0 && v->a.force)
		r = pyenv_script_hooks_var(h, "FORCE", "1", false);
	if (r == 0 && v->a.quiet)
		r = pyenv_script_hooks_var(h, "QUIET", "1", false);
	free(versions);
	free(current);
	return r;
}

int pyenv_cmd_sh_activate(struct pyenv *p, int argc, char **argv)
{
	struct pyenv_script_hooks h;
	if (pyenv_script_hooks_begin(p, "activate", &h) == -ENOMEM)
		return pyenv_oom(p->ctl);
	struct activation v = {0};
	int i = options(argc, argv, &v.a, true);
	int st = activate_exits(p, argc, argv, i);
	if (st >= 0)
		return pyenv_script_hooks_end(p, &h, st);
	const char *sh = env_nonempty("PYENV_SHELL");
	v.shell = sh ? sh : rv_basename(bash_shell());
	v.a.fish = strcmp(v.shell, "fish") == 0;
	st = activate_setup(p, &v, argc, argv, i);
	if (st < 0 && activation_vars(&h, &v) < 0) {
		st = pyenv_oom(p->ctl);
	} else if (st < 0) {
		print_activation(p, &v, &h);
		st = 0;
	}
	rv_strv_clear(&v.versions);
	rv_strv_clear(&v.current);
	free(v.prefix);
	return pyenv_script_hooks_end(p, &h, st);
}

/* The advice of bin/pyenv-activate and bin/pyenv-deactivate. */
static int not_loaded(const char *cmd)
{
	fflush(stdout);
	fprintf(stderr,
		"\x1B[31;1m\n"
		"`pyenv %s' requires Pyenv and Pyenv-Virtualenv to be loaded into your shell.\n"
		"Check your shell configuration and Pyenv and Pyenv-Virtualenv installation "
		"instructions.\n"
		"\n"
		"\x1B[0m",
		cmd);
	return 1;
}

int pyenv_cmd_activate(struct pyenv *p, int argc, char **argv)
{
	(void)p;
	(void)argc;
	(void)argv;
	return not_loaded("activate");
}

int pyenv_cmd_deactivate(struct pyenv *p, int argc, char **argv)
{
	(void)p;
	(void)argc;
	(void)argv;
	return not_loaded("deactivate");
}

/* sh-activate's and sh-deactivate's before_/after_ hooks in one bash (script_hooks.h). */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ctl/proc.h"
#include "ctl/pyenv/foreign.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/plugin.h"
#include "ctl/pyenv/script_hooks.h"
#include "resolver/hooks.h"
#include "resolver/path.h"

extern char **environ;

/* bash -c PROGRAM bash KIND SCRIPT...: the script's hook protocol around what we held */
static const char program[] =
	"set -e\n"
	"__pyenvfs_k=$1; shift\n"
	"__pyenvfs_a=$_PYENVFS_HELD_A __pyenvfs_b=$_PYENVFS_HELD_B\n"
	"__pyenvfs_m=$_PYENVFS_MARKED __pyenvfs_st=$_PYENVFS_STATUS\n"
	"unset _PYENVFS_HELD_A _PYENVFS_HELD_B _PYENVFS_MARKED _PYENVFS_STATUS\n"
	"for __pyenvfs_v in ${!_PYENVFS_V_*}; do\n"
	"  declare \"${__pyenvfs_v#_PYENVFS_V_}=${!__pyenvfs_v}\"; unset \"$__pyenvfs_v\"\n"
	"done\n"
	"for __pyenvfs_v in ${!_PYENVFS_AV_*}; do\n"
	"  IFS=: read -r -a \"${__pyenvfs_v#_PYENVFS_AV_}\" <<<\"${!__pyenvfs_v}\"\n"
	"  unset \"$__pyenvfs_v\"\n"
	"done\n"
	"declare -a before_hooks after_hooks\n"
	"eval \"before_$__pyenvfs_k() { before_hooks[\\\"\\${#before_hooks[@]}\\\"]=\\\"\\$1\\\"; }\"\n"
	"eval \"after_$__pyenvfs_k() { after_hooks[\\\"\\${#after_hooks[@]}\\\"]=\\\"\\$1\\\"; }\"\n"
	"for script in \"$@\"; do source \"$script\"; done\n"
	"printf %s \"$__pyenvfs_a\"\n"
	"[ -n \"$__pyenvfs_m\" ] || exit \"$__pyenvfs_st\"\n"
	"for hook in \"${before_hooks[@]}\"; do eval \"$hook\"; done\n"
	"printf %s \"$__pyenvfs_b\"\n"
	"for hook in \"${after_hooks[@]}\"; do eval \"$hook\"; done\n";

/* `IFS=$'\n' scripts=(`pyenv-hooks KIND`)' */
static int list(struct pyenv *p, const char *kind, struct rv_strv *scripts)
{
	char *args[] = {(char *)kind, NULL}, *out = NULL;
	int st;
	if (!pyenv_foreign_call(p, "hooks", args, NULL, PYENV_FOREIGN_OUT, &out, &st))
		return rv_hooks_find(&p->hook_dirs, kind, scripts);
	int r = out ? 0 : -ENOMEM;
	for (const char *s = out; r >= 0 && s && *s;) {
		size_t n = strcspn(s, "\n");
		if (n)
			r = rv_strv_pushn(scripts, s, n);
		s += n + (s[n] == '\n');
	}
	free(out);
	return r;
}

int pyenv_script_hooks_begin(struct pyenv *p, const char *kind, struct pyenv_script_hooks *h)
{
	*h = (struct pyenv_script_hooks){.kind = kind, .saved_stdout = -1, .held = -1, .mark = -1};
	int r = list(p, kind, &h->scripts);
	if (r < 0 || h->scripts.n == 0)
		return r;
	fflush(stdout);
	h->held = memfd_create("pyenvfs-held", MFD_CLOEXEC);
	h->saved_stdout = h->held < 0 ? -1 : fcntl(1, F_DUPFD_CLOEXEC, 3);
	if (h->saved_stdout < 0 || dup2(h->held, 1) < 0) {
		r = -errno;
		if (h->saved_stdout >= 0)
			close(h->saved_stdout);
		if (h->held >= 0)
			close(h->held);
		h->saved_stdout = h->held = -1;
	}
	return r;
}

void pyenv_script_hooks_mark(struct pyenv_script_hooks *h)
{
	if (h->held < 0)
		return;
	fflush(stdout);
	h->mark = lseek(h->held, 0, SEEK_CUR);
}

int pyenv_script_hooks_var(struct pyenv_script_hooks *h, const char *name, const char *value,
			   bool array)
{
	if (h->held < 0)
		return 0;
	return rv_strv_pushf(&h->vars, "_PYENVFS_%s_%s=%s", array ? "AV" : "V", name,
			     value ? value : "");
}

/* What was held: the part before the mark in *a, the rest in *b. 0 or -ENOMEM/-errno. */
static int take_held(struct pyenv_script_hooks *h, char **a, char **b)
{
	fflush(stdout);
	off_t len = lseek(h->held, 0, SEEK_END);
	char *buf = len >= 0 ? malloc((size_t)len + 1) : NULL;
	if (!buf || pread(h->held, buf, (size_t)len, 0) != len) {
		free(buf);
		return len < 0 ? -errno : -ENOMEM;
	}
	buf[len] = '\0';
	size_t cut = h->mark >= 0 && h->mark <= len ? (size_t)h->mark : (size_t)len;
	*b = strdup(buf + cut);
	buf[cut] = '\0';
	*a = buf;
	return *b ? 0 : -ENOMEM;
}

/* Our environment, PATH as the script has it (through our dispatcher: our pyenv-libexec
 * and the plugins' bins first), what was held and the script's variables. */
static int hook_env(struct pyenv *p, struct pyenv_script_hooks *h, const char *a,
		    const char *b, int status, struct rv_strv *env)
{
	struct rv_strv dirs = {0};
	int r = p->ctl->direct ? 0 : pyenv_plugin_bins(p, true, &dirs);
	char *head = r >= 0 && dirs.n ? rv_strv_join(&dirs, ":") : NULL;
	rv_strv_clear(&dirs);
	if (r >= 0 && head) {
		const char *path = getenv("PATH");
		r = rv_strv_pushf(env, "PATH=%s%s%s", head, path ? ":" : "", path ? path : "");
	}
	for (char **e = environ; *e && r >= 0; e++)
		if (!head || strncmp(*e, "PATH=", 5) != 0)
			r = rv_strv_push(env, *e);
	free(head);
	if (r >= 0)
		r = rv_strv_pushf(env, "_PYENVFS_HELD_A=%s", a);
	if (r >= 0)
		r = rv_strv_pushf(env, "_PYENVFS_HELD_B=%s", b);
	if (r >= 0)
		r = rv_strv_pushf(env, "_PYENVFS_MARKED=%s", h->mark >= 0 ? "1" : "");
	if (r >= 0)
		r = rv_strv_pushf(env, "_PYENVFS_STATUS=%d", status);
	for (size_t i = 0; i < h->vars.n && r >= 0; i++)
		r = rv_strv_push(env, h->vars.v[i]);
	return r;
}

/* Runs the program; returns its exit status (1 with a message when bash did not run). */
static int run_bash(struct pyenv_script_hooks *h, char **env)
{
	struct rv_strv argv = {0};
	int r = rv_strv_push(&argv, "bash");
	const char *fixed[] = {"-c", program, "bash", h->kind};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]) && r >= 0; i++)
		r = rv_strv_push(&argv, fixed[i]);
	for (size_t i = 0; i < h->scripts.n && r >= 0; i++)
		r = rv_strv_push(&argv, h->scripts.v[i]);
	pid_t pid;
	int e = r < 0 ? ENOMEM : posix_spawnp(&pid, "bash", NULL, NULL, argv.v, env);
	rv_strv_clear(&argv);
	if (e != 0) {
		pyenv_errf("pyenv: cannot run bash for the %s hooks: %s", h->kind, strerror(e));
		return 1;
	}
	return ctl_wait_status(pid);
}

int pyenv_script_hooks_end(struct pyenv *p, struct pyenv_script_hooks *h, int status)
{
	if (h->held >= 0) {
		char *a = NULL, *b = NULL;
		struct rv_strv env = {0};
		int r = take_held(h, &a, &b);
		fflush(stdout);
		dup2(h->saved_stdout, 1);
		close(h->saved_stdout);
		close(h->held);
		if (r >= 0)
			r = hook_env(p, h, a, b, status, &env);
		if (r >= 0)
			status = run_bash(h, env.v);
		else
			status = pyenv_oom(p->ctl);
		rv_strv_clear(&env);
		free(a);
		free(b);
	}
	rv_strv_clear(&h->scripts);
	rv_strv_clear(&h->vars);
	*h = (struct pyenv_script_hooks){.saved_stdout = -1, .held = -1, .mark = -1};
	return status;
}

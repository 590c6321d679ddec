/* pyenv exec (exec.h): version-name -f, which, the exec hooks, then execvpe. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/pyenv/exec.h"
#include "ctl/pyenv/hooks.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/version.h"
#include "ctl/pyenv/which.h"
#include "resolver/path.h"
#include "resolver/which.h"

extern char **environ;

/* One exec, what it has worked out so far (all malloc'ed). */
struct exec_state {
	const char *cmd;
	char *version;         /* PYENV_VERSION for the command: version-name -f's */
	char *var;             /* _PYENV_SHIM_PATHS_<CMD> */
	char *custom;          /* its value with _PYENV_SHIM_PATH joined, or NULL */
	const char *shim_path; /* _PYENV_SHIM_PATH when non-empty */
	char *path, *bin;      /* the command and its directory */
	char **henv;           /* the exec hooks' environment */
};

static void exec_state_finish(struct exec_state *x)
{
	for (size_t i = 0; x->henv && x->henv[i]; i++)
		free(x->henv[i]);
	free(x->henv);
	free(x->path);
	free(x->bin);
	free(x->custom);
	free(x->var);
	free(x->version);
}

/* _PYENV_SHIM_PATH (set by shims outside $PYENV_ROOT/shims) joins the dirs the system
 * search skips for this command. Returns 0 or -ENOMEM. */
static int shim_paths(struct exec_state *x)
{
	if (!(x->var = rv_shim_paths_var(x->cmd)))
		return -ENOMEM;
	const char *shim_path = getenv("_PYENV_SHIM_PATH");
	const char *old = getenv(x->var);
	if (shim_path && *shim_path)
		x->custom = old && *old ? rv_strf("%s:%s", shim_path, old) : strdup(shim_path);
	else if (old)
		x->custom = strdup(old);
	x->shim_path = shim_path && *shim_path ? shim_path : NULL;
	return (x->shim_path || old) && !x->custom ? -ENOMEM : 0;
}

/* pyenv-which for exec: it sees the resolved versions only when PYENV_VERSION was
 * exported, else it runs version-name -f again (and prints its warnings again). Returns
 * the exit status. */
static int exec_which(struct pyenv *p, struct exec_state *x, const struct rv_strv *names)
{
	struct pyenv_which_query q = {.cmd = x->cmd, .custom_skip = x->custom};
	if (p->rv.version_env) {
		q.versions = names->v;
		q.n = names->n;
		return pyenv_which(p, &q, &x->path);
	}
	struct pyenv_selection again;
	int r = pyenv_version_name(p, true, &again);
	q.versions = again.names.v;
	q.n = again.names.n;
	if (r < 0)
		r = pyenv_oom(p->ctl);
	else
		r = again.exited ? again.status : pyenv_which(p, &q, &x->path);
	rv_strv_clear(&again.names);
	return r;
}

/* The exec hooks: they see (and may change) the command, its bin dir and the
 * environment. */
static enum pyenv_hooks_result exec_hooks(struct pyenv *p, struct exec_state *x, int *status)
{
	const char *out_names[] = {"PYENV_COMMAND_PATH", "PYENV_BIN_PATH"};
	char *vals[2] = {NULL, NULL};
	struct pyenv_var vars[] = {
		{"PYENV_VERSION", x->version},
		{"PYENV_COMMAND", x->cmd},
		{"PYENV_COMMAND_PATH", x->path},
		{"PYENV_BIN_PATH", x->bin},
		{x->var, x->custom},
		{"_PYENV_SHIM_PATH", x->shim_path ? NULL : getenv("_PYENV_SHIM_PATH")}};
	struct pyenv_hook_call call = {.cmd = "exec",
				       .vars = vars,
				       .n_vars = 6,
				       .out_names = out_names,
				       .n_out = 2,
				       .out_values = vals,
				       .out_env = &x->henv};
	enum pyenv_hooks_result h = pyenv_hooks_run(p, &call);
	if (h == PYENV_HOOKS_RAN) {
		free(x->path);
		free(x->bin);
		x->path = vals[0] ? vals[0] : strdup("");
		x->bin = vals[1] ? vals[1] : strdup("");
	}
	*status = call.status;
	return h;
}

/* The command's environment, after its hooks. NULL on ENOMEM. */
static char **exec_env(struct pyenv *p, struct exec_state *x, enum pyenv_hooks_result h)
{
	if (h == PYENV_HOOKS_NONE)
		return rv_exec_env(&p->rv, environ, x->version, x->cmd, x->bin, x->shim_path);
	/* the hooks' environment has PYENV_VERSION and the shim paths already */
	const char *hv = NULL;
	for (char **e = x->henv; *e; e++)
		if (rv_startswith(*e, "PYENV_VERSION="))
			hv = *e + 14;
	if (!x->path || !x->bin)
		return NULL;
	return rv_exec_env(&p->rv, x->henv, hv ? hv : x->version, x->cmd, x->bin, NULL);
}

/* Everything after version-name: which, hooks, exec. Returns the exit status. */
static int exec_command(struct pyenv *p, struct exec_state *x, const struct rv_strv *names,
			char **argv)
{
	if (!(x->version = rv_strv_join(names, ":")) || shim_paths(x) < 0)
		return pyenv_oom(p->ctl);
	int status = exec_which(p, x, names);
	if (status || !x->path)
		return status;
	if (!(x->bin = rv_dirname(x->path)))
		return pyenv_oom(p->ctl);
	enum pyenv_hooks_result h = exec_hooks(p, x, &status);
	if (h == PYENV_HOOKS_EXITED)
		return status;
	char **env = exec_env(p, x, h);
	if (!env)
		return pyenv_oom(p->ctl);
	fflush(stdout);
	argv[0] = x->path;
	execvpe(x->path, argv, env);
	int e = errno;
	rv_env_free(env);
	pyenv_errf("%s: %s: %s", p->ctl->prog, x->path, strerror(e));
	return e == ENOENT ? 127 : 126;
}

int pyenv_cmd_exec(struct pyenv *p, int argc, char **argv)
{
	/* PYENV_VERSION="$(pyenv-version-name -f)" (a hook's exit leaves it empty) */
	struct pyenv_selection sel;
	int status;
	if (pyenv_version_name(p, true, &sel) < 0) {
		status = pyenv_oom(p->ctl);
	} else if (argc < 2 || !*argv[1]) {
		status = pyenv_usage_error(p->ctl, "exec");
	} else {
		struct exec_state x = {.cmd = argv[1]};
		status = exec_command(p, &x, &sel.names, argv + 1);
		exec_state_finish(&x);
	}
	rv_strv_clear(&sel.names);
	return status;
}

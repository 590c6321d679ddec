/* pyenv which, whence, shims (which.h). */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/pyenv/hooks.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/version.h"
#include "ctl/pyenv/versions.h"
#include "ctl/pyenv/which.h"
#include "resolver/path.h"
#include "resolver/which.h"

int pyenv_which(struct pyenv *p, const struct pyenv_which_query *q, char **found)
{
	struct rv_which w;
	struct rv_strv msgs = {0};
	if (rv_which_search(&p->rv, q->cmd, q->versions, q->n, q->nosystem, q->custom_skip, &w) <
	    0) {
		rv_which_finish(&w);
		return pyenv_oom(p->ctl);
	}
	const char *out_names[] = {"PYENV_COMMAND_PATH"};
	char *val = NULL;
	struct pyenv_var vars[] = {
		{"PYENV_COMMAND", q->cmd}, {"PYENV_COMMAND_PATH", w.path}, {"version", w.version}};
	struct pyenv_hook_call call = {.cmd = "which",
				       .vars = vars,
				       .n_vars = 3,
				       .out_names = out_names,
				       .n_out = 1,
				       .out_values = &val};
	int status = 0;
	switch (pyenv_hooks_run(p, &call)) {
	case PYENV_HOOKS_EXITED:
		rv_which_finish(&w);
		return call.status;
	case PYENV_HOOKS_RAN:
		free(w.path);
		w.path = val ? val : strdup("");
		w.found = w.path && rv_is_exec(w.path);
		break;
	case PYENV_HOOKS_NONE:
		break;
	}
	if (rv_which_found(&w)) {
		if (found)
			*found = strdup(w.path);
		else
			printf("%s\n", w.path);
	} else {
		if (rv_which_failure(&p->rv, q->cmd, &w, q->skip_advice, &msgs) < 0)
			status = pyenv_oom(p->ctl);
		else
			status = 127;
		pyenv_flush_msgs(&msgs);
	}
	rv_which_finish(&w);
	return status;
}

/* The versions pyenv-which tries (PYENV_VERSION, else version-name -f). Returns 0 or the
 * exit status. */
static int which_versions(struct pyenv *p, struct rv_strv *versions)
{
	if (p->rv.version_env && *p->rv.version_env)
		return rv_strv_split(versions, p->rv.version_env, ':') < 0 ? pyenv_oom(p->ctl) : 0;
	struct pyenv_selection sel;
	int r = pyenv_version_name(p, true, &sel);
	*versions = sel.names;
	if (r < 0)
		return pyenv_oom(p->ctl);
	return sel.exited ? sel.status : 0;
}

int pyenv_cmd_which(struct pyenv *p, int argc, char **argv)
{
	struct pyenv_which_query q = {.cmd = argc > 1 ? argv[1] : ""};
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--skip-advice") == 0)
			q.skip_advice = true;
		else if (strcmp(argv[i], "--nosystem") == 0)
			q.nosystem = true;
	}
	if (!*q.cmd)
		return pyenv_usage_error(p->ctl, "which");
	struct rv_strv versions = {0};
	int r = which_versions(p, &versions);
	if (r == 0) {
		char *var = rv_shim_paths_var(q.cmd);
		q.versions = versions.v;
		q.n = versions.n;
		q.custom_skip = var ? getenv(var) : NULL;
		r = var ? pyenv_which(p, &q, NULL) : pyenv_oom(p->ctl);
		free(var);
	}
	rv_strv_clear(&versions);
	return r;
}

int pyenv_cmd_whence(struct pyenv *p, int argc, char **argv)
{
	bool paths = argc > 1 && strcmp(argv[1], "--path") == 0;
	const char *cmd = argc > 1 + paths ? argv[1 + paths] : "";
	if (!*cmd)
		return pyenv_usage_error(p->ctl, "whence");
	struct rv_strv out = {0};
	if (rv_whence(&p->rv, cmd, paths, &out) < 0)
		return pyenv_oom(p->ctl);
	pyenv_print_lines(&out);
	int status = out.n ? 0 : 1;
	rv_strv_clear(&out);
	return status;
}

/* pyenv-shims: every entry of $PYENV_ROOT/shims (the mount's when mounted), sorted. */
int pyenv_cmd_shims(struct pyenv *p, int argc, char **argv)
{
	bool shrt = argc > 1 && strcmp(argv[1], "--short") == 0;
	char *pat = rv_strf("%s/shims/*", p->rv.root);
	if (!pat)
		return pyenv_oom(p->ctl);
	glob_t g;
	if (glob(pat, 0, NULL, &g) == 0) {
		for (size_t i = 0; i < g.gl_pathc; i++)
			printf("%s\n", shrt ? rv_basename(g.gl_pathv[i]) : g.gl_pathv[i]);
		globfree(&g);
	}
	free(pat);
	return 0;
}

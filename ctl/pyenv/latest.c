/* pyenv latest, prefix (latest.h). */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctl/pyenv/latest.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/version.h"
#include "resolver/roots.h"
#include "resolver/versions.h"

extern char **environ;

/* The selection `prefix' reports without arguments. Malloc'ed; NULL after printing why
 * not (*status: the exit status). */
static char *prefix_selection(struct pyenv *p, int argc, char **argv, int *status)
{
	*status = 1;
	if (argc > 1 && *argv[1]) {
		struct rv_strv args = {0};
		for (int i = 1; i < argc; i++)
			if (rv_strv_push(&args, argv[i]) < 0) {
				rv_strv_clear(&args);
				*status = pyenv_oom(p->ctl);
				return NULL;
			}
		char *sel = rv_strv_join(&args, ":");
		rv_strv_clear(&args);
		if (!sel)
			*status = pyenv_oom(p->ctl);
		return sel;
	}
	if (p->rv.version_env && *p->rv.version_env) {
		char *sel = strdup(p->rv.version_env);
		if (!sel)
			*status = pyenv_oom(p->ctl);
		return sel;
	}
	struct pyenv_selection sel;
	if (pyenv_version_name(p, false, &sel) < 0) {
		rv_strv_clear(&sel.names);
		*status = pyenv_oom(p->ctl);
		return NULL;
	}
	char *joined = sel.exited || sel.status ? NULL : rv_strv_join(&sel.names, ":");
	rv_strv_clear(&sel.names);
	if (sel.exited || sel.status)
		*status = sel.status;
	else if (!joined)
		*status = pyenv_oom(p->ctl);
	return joined;
}

int pyenv_cmd_prefix(struct pyenv *p, int argc, char **argv)
{
	int status;
	char *sel = prefix_selection(p, argc, argv, &status);
	if (!sel)
		return status;
	struct rv_strv paths = {0};
	int r = pyenv_check_installed(p, &sel, 1, &paths);
	free(sel);
	char *joined = r ? NULL : rv_strv_join(&paths, ":");
	rv_strv_clear(&paths);
	if (r == -ENOENT)
		return 1;
	if (!joined)
		return pyenv_oom(p->ctl);
	printf("%s\n", joined);
	free(joined);
	return 0;
}

/* python-build --definitions, for `latest -k`. Returns 0 or -errno. */
static int known_versions(struct pyenv *p, struct rv_strv *out)
{
	int fds[2];
	if (pipe(fds) < 0)
		return -errno;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	char *args[] = {"python-build", "--definitions", NULL};
	pid_t pid;
	fflush(stdout);
	int e = posix_spawnp(&pid, "python-build", &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(fds[1]);
	if (e) {
		close(fds[0]);
		pyenv_errf("%s: python-build: command not found", p->ctl->prog);
		return 0;
	}
	FILE *f = fdopen(fds[0], "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int r = 0;
	while (f && (n = getline(&line, &cap, f)) >= 0 && r >= 0) {
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (n)
			r = rv_strv_push(out, line);
	}
	free(line);
	if (f)
		fclose(f);
	else
		close(fds[0]);
	waitpid(pid, NULL, 0);
	return r < 0 ? r : 0;
}

int pyenv_cmd_latest(struct pyenv *p, int argc, char **argv)
{
	bool known = false, bypass = false, force = false;
	const struct ctl_flag flags[] = {
		{"-k", "--known", &known}, {"-b", "--bypass", &bypass}, {"-f", "--force", &force}};
	int i = ctl_leading_flags(argc, argv, 1, flags, 3);
	bypass = bypass || force;
	const char *prefix = i < argc ? argv[i] : "";
	char *out = NULL;
	int r;
	if (!known) {
		r = rv_roots_latest(p->rv.root, p->rv.pwd, p->rv.roots, prefix, &out);
	} else {
		struct rv_strv defs = {0};
		r = known_versions(p, &defs);
		if (r >= 0)
			r = rv_latest_pick(defs.v, defs.n, prefix, &out);
		rv_strv_clear(&defs);
	}
	if (r == -ENOMEM)
		return pyenv_oom(p->ctl);
	if (r == 0) {
		printf("%s\n", out);
		free(out);
		return 0;
	}
	/* pyenv reports the prefix without the 't' it asked free-threaded builds with */
	size_t n = strlen(prefix);
	int shown = (int)n;
	if (n >= 2 && prefix[n - 1] == 't' && prefix[n - 2] >= '0' && prefix[n - 2] <= '9')
		shown--;
	if (!bypass)
		pyenv_errf("%s: no %s versions match the prefix `%.*s'", p->ctl->prog,
			   known ? "known" : "installed", shown, prefix);
	else
		printf("%.*s\n", shown, prefix);
	return force ? 0 : 1;
}

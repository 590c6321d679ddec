/* pyenvfs-ctl-install first-use ROOT ENTRY [ARG...]: what pyenvfs-shim execs (with
 * PYENVFS_AUTO_INSTALL=1) when a version the selection names is not installed. It
 * resolves the entry as the shim does; the missing versions the index has are installed
 * (progress bars on a tty, one line otherwise; first uses at the same moment wait on the
 * installer's per-version lock, so one download serves them all), then the entry is
 * launched as the shim would launch it. When the index has none of them, the shim's
 * behaviour (pyenv's) follows unchanged; when an install fails, its reason is printed and
 * the status is non-zero: no other version runs instead. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/ctl.h"
#include "ctl/install.h"
#include "resolver/launch.h"
#include "resolver/path.h"

extern char **environ;

static void print_msgs(struct rv_strv *msgs)
{
	for (size_t i = 0; i < msgs->n; i++)
		fprintf(stderr, "%s\n", msgs->v[i]);
	rv_strv_clear(msgs);
}

/* Runs `install [-q] BUILD...` with PYENV_ROOT=root (the mount's root), then puts
 * PYENV_ROOT back as it was: the program launched afterwards gets the shim's
 * environment. Returns install's status. */
static int run_install(const struct ctl *ctl, const char *root, const struct rv_strv *builds,
		       bool quiet)
{
	const struct ctl_command *cmd = ctl_install_commands;
	while (cmd->name && strcmp(cmd->name, "install") != 0)
		cmd++;
	char **argv = calloc(builds->n + 3, sizeof(char *));
	const char *was = getenv("PYENV_ROOT");
	char *old = was ? strdup(was) : NULL;
	if (!argv || (was && !old)) {
		free(argv);
		fprintf(stderr, "pyenvfs: out of memory\n");
		return 1;
	}
	int argc = 0;
	argv[argc++] = "install";
	if (quiet)
		argv[argc++] = "-q";
	for (size_t i = 0; i < builds->n; i++)
		argv[argc++] = builds->v[i];
	struct ctl c = *ctl;
	c.prog = "pyenvfs";
	c.as_pyenv = false;
	setenv("PYENV_ROOT", root, 1);
	int status = cmd->run(&c, argc, argv);
	if (old)
		setenv("PYENV_ROOT", old, 1);
	else
		unsetenv("PYENV_ROOT");
	free(old);
	free(argv);
	return status;
}

/* Installs the missing versions the index has. Returns 0 (*any: something was installed
 * or found installed) or the failure's exit status. */
static int install_missing(const struct ctl *ctl, const char *root, const char *cmd,
			   const struct rv_strv *missing, bool *any)
{
	struct rv_strv builds = {0}, todo = {0};
	int status = 1;
	if (!ctl_install_lookup(ctl, missing->v, missing->n, &builds)) {
		fprintf(stderr, "pyenvfs: %s not run: the install index could not be read\n", cmd);
		goto out;
	}
	for (size_t i = 0; i < builds.n; i++)
		if (*builds.v[i] && !rv_strv_contains(&todo, builds.v[i]) &&
		    rv_strv_push(&todo, builds.v[i]) < 0)
			goto out;
	status = 0;
	if (!todo.n)
		goto out;
	bool tty = isatty(STDERR_FILENO);
	char *names = rv_strv_join(&todo, " ");
	if (!tty)
		fprintf(stderr, "pyenvfs: installing %s for %s (PYENVFS_AUTO_INSTALL)\n",
			names ? names : "", cmd);
	status = run_install(ctl, root, &todo, !tty);
	if (status != 0)
		fprintf(stderr, "pyenvfs: %s not run: %s could not be installed\n", cmd,
			names ? names : "");
	free(names);
	*any = status == 0;
out:
	rv_strv_clear(&builds);
	rv_strv_clear(&todo);
	return status;
}

int ctl_first_use(const struct ctl *ctl, int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr,
			"usage: %s first-use ROOT ENTRY [ARG...]\n"
			"(run by pyenvfs-shim when PYENVFS_AUTO_INSTALL=1)\n",
			ctl->prog);
		return 2;
	}
	const char *root = argv[1], *entry = argv[2];
	struct rv_launch l;
	int r = rv_launch_resolve(&l, root, entry, environ);
	if (r == 0 && l.which.missing.n) {
		bool any = false;
		int st = install_missing(ctl, root, rv_basename(entry), &l.which.missing, &any);
		if (st != 0) {
			rv_launch_finish(&l);
			return st;
		}
		if (any) {
			rv_launch_finish(&l);
			rv_launch_resolve(&l, root, entry, environ);
		}
	}
	print_msgs(&l.msgs);
	int status = l.status == 0 ? rv_launch_exec(&l, argv + 2) : l.status;
	print_msgs(&l.msgs);
	rv_launch_finish(&l);
	return status;
}

/* pyenvfs-shim: what every pyenvfs shim entry runs. The kernel runs an entry whose first
 * line is "#!<this program> <root>" as
 *     pyenvfs-shim <root> <entry path> [args...]
 * The command is the entry's name and the shims directory its directory. Resolves the
 * version like `pyenv exec` (PYENV_ROOT=<root>) and execs the real program by its real
 * path, or prints pyenv's messages and exits with pyenv's status (127: not found). When
 * nothing selected has the command, pyenv-virtualenv's which hooks are answered natively
 * (venv_which.h); no hook script runs here. The
 * extra roots (PYENVFS_ROOTS) are the mount's: <root>/.pyenvfs-roots, written by the
 * daemon (common/roots.h); one failed open() when there are none.
 *
 * With PYENVFS_AUTO_INSTALL=1 (the environment, else the config file), when a selected
 * version is not installed it execs `pyenvfs-ctl-install first-use <root> <entry> ARGS`
 * instead, which installs what the index has and then launches as this would. Only that
 * path reads the setting: an installed version costs nothing more. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "resolver/config.h"
#include "resolver/launch.h"
#include "resolver/path.h"

static void print_msgs(struct rv_strv *msgs)
{
	for (size_t i = 0; i < msgs->n; i++)
		fprintf(stderr, "%s\n", msgs->v[i]);
	rv_strv_clear(msgs);
}

static bool auto_install(struct rv_strv *msgs)
{
	char *v = NULL;
	bool on = rv_setting("PYENVFS_AUTO_INSTALL", &v, "pyenv", msgs) == 0 && rv_env_flag(v);
	free(v);
	return on;
}

/* pyenvfs-ctl-install: $PYENVFS_CTL_INSTALL, else next to this program (libexecdir), else
 * in a build tree's ctl/, else the configured path. */
static const char *installer_path(char *buf, size_t size)
{
	const char *env = getenv("PYENVFS_CTL_INSTALL");
	if (env && *env)
		return env;
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	char *slash = n > 0 ? memrchr(self, '/', (size_t)n) : NULL;
	if (slash) {
		*slash = '\0';
		static const char *const rel[] = {"", "/../ctl"};
		for (size_t i = 0; i < 2; i++) {
			int k = snprintf(buf, size, "%s%s/pyenvfs-ctl-install", self, rel[i]);
			if (k > 0 && (size_t)k < size && access(buf, X_OK) == 0)
				return buf;
		}
	}
	return PYENVFS_CTL_INSTALL_PATH;
}

/* Execs the installer's first-use mode for this entry; returns its failure status. */
static int run_installer(int argc, char **argv)
{
	char buf[PATH_MAX];
	const char *helper = installer_path(buf, sizeof(buf));
	char **args = calloc((size_t)argc + 2, sizeof(char *));
	if (!args) {
		fprintf(stderr, "pyenv: out of memory\n");
		return 1;
	}
	args[0] = "pyenvfs-ctl";
	args[1] = "first-use";
	for (int i = 1; i < argc; i++)
		args[i + 1] = argv[i];
	execv(helper, args);
	fprintf(stderr, "pyenv: PYENVFS_AUTO_INSTALL: cannot run %s: %s\n", helper,
		strerror(errno));
	free(args);
	return 1;
}

int main(int argc, char **argv)
{
	extern char **environ;
	if (argc < 3) {
		fprintf(stderr, "usage: pyenvfs-shim ROOT ENTRY [ARG...]\n"
				"(run by the kernel for the entries of a pyenvfs mount)\n");
		return 2;
	}
	struct rv_launch l;
	int status = 1;
	int r = rv_launch_resolve(&l, argv[1], argv[2], environ);
	if (r == 0 && l.which.missing.n) {
		struct rv_strv msgs = {0};
		bool on = auto_install(&msgs);
		print_msgs(&msgs);
		if (on) {
			rv_launch_finish(&l);
			return run_installer(argc, argv);
		}
	}
	print_msgs(&l.msgs);
	status = l.status == 0 ? rv_launch_exec(&l, argv + 2) : l.status;
	print_msgs(&l.msgs);
	rv_launch_finish(&l);
	return status;
}

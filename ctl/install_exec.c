/* The install commands of the lean pyenvfs-ctl: they run in pyenvfs-ctl-install, which
 * links the installer (libcurl, libarchive, libcrypto, jansson: ~45 shared objects whose
 * loading costs several ms at every start). The pyenv commands, run by prompts and
 * scripts all the time, must not pay for that. Keep the names in step with
 * cmd_install.c's table. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl/ctl.h"

/* $PYENVFS_CTL_INSTALL, else pyenvfs-ctl-install next to this program (the build tree),
 * else the installed one. */
static const char *helper_path(const struct ctl *ctl, char *buf, size_t size)
{
	const char *env = getenv("PYENVFS_CTL_INSTALL");
	if (env && *env)
		return env;
	const char *slash = ctl->self_exe ? strrchr(ctl->self_exe, '/') : NULL;
	if (slash) {
		int n = snprintf(buf, size, "%.*s/pyenvfs-ctl-install",
				 (int)(slash - ctl->self_exe), ctl->self_exe);
		if (n > 0 && (size_t)n < size && access(buf, X_OK) == 0)
			return buf;
	}
	return PYENVFS_CTL_INSTALL_PATH;
}

static int run_helper(const struct ctl *ctl, int argc, char **argv)
{
	char buf[PATH_MAX];
	const char *helper = helper_path(ctl, buf, sizeof(buf));
	char **args = calloc((size_t)argc + 2, sizeof(char *));
	if (!args) {
		fprintf(stderr, "%s: out of memory\n", ctl->prog);
		return 1;
	}
	args[0] = (char *)ctl->argv0; /* the helper names itself as we were named */
	for (int i = 0; i < argc; i++)
		args[i + 1] = argv[i];
	fflush(stdout);
	execv(helper, args);
	fprintf(stderr, "%s: %s: cannot run %s: %s\n", ctl->prog, argv[0], helper, strerror(errno));
	free(args);
	return 127;
}

/* usage and help NULL: each prints its own */
const struct ctl_command ctl_install_commands[] = {
	{.name = "install", .run = run_helper,
	 .summary = "Install a prebuilt CPython (python-build-standalone)"},
	{.name = "uninstall", .run = run_helper, .summary = "Uninstall a Python version"},
	{.name = NULL},
};

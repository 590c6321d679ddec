/* pyenvfs-ctl: works out how it was invoked and dispatches (ctl/command.c). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ctl/ctl.h"
#include "resolver/strv.h"

int main(int argc, char **argv)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';

	const char *base = argv[0] ? strrchr(argv[0], '/') : NULL;
	base = base ? base + 1 : (argv[0] ? argv[0] : "pyenvfs-ctl");
	/* pyenv-<cmd>: what plugins run (our pyenv-libexec entries), `pyenv <cmd>' */
	bool direct = rv_startswith(base, "pyenv-") && base[6];
	struct ctl ctl = {
		.as_pyenv = direct || strcmp(base, "pyenv") == 0,
		.direct = direct,
		.argv0 = argv[0] ? argv[0] : "pyenvfs-ctl",
		.self_exe = self,
	};
	ctl.prog = ctl.as_pyenv ? "pyenv" : "pyenvfs-ctl";
	if (direct) {
		argv[0] = (char *)base + 6;
		return ctl_dispatch(&ctl, argc, argv);
	}

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		ctl_usage(argc < 2 ? stderr : stdout, &ctl);
		return argc < 2 ? 1 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("pyenvfs-ctl %s\n", PYENVFS_VERSION);
		return 0;
	}
	return ctl_dispatch(&ctl, argc - 1, argv + 1);
}

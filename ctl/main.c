/* pyenvfs-ctl: dispatches to the subcommand tables of each area. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ctl/ctl.h"

static const struct ctl_command *const tables[] = {
	ctl_pyenv_commands,
	ctl_init_commands,
	ctl_install_commands,
	ctl_mount_commands,
};

static const struct ctl_command *find_command(const char *name)
{
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct ctl_command *c = tables[t]; c->name; c++)
			if (strcmp(c->name, name) == 0)
				return c;
	return NULL;
}

static void usage(FILE *out, const struct ctl *ctl)
{
	fprintf(out, "Usage: %s <command> [<args>]\n\nCommands:\n", ctl->prog);
	for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
		for (const struct ctl_command *c = tables[t]; c->name; c++)
			if (c->summary)
				fprintf(out, "   %-18s %s\n", c->name, c->summary);
	fprintf(out, "\nSee `%s <command> --help' for information on a specific command.\n",
		ctl->prog);
}

int main(int argc, char **argv)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	self[n > 0 ? n : 0] = '\0';

	const char *base = argv[0] ? strrchr(argv[0], '/') : NULL;
	base = base ? base + 1 : (argv[0] ? argv[0] : "pyenvfs-ctl");
	struct ctl ctl = {
		.as_pyenv = strcmp(base, "pyenv") == 0,
		.argv0 = argv[0] ? argv[0] : "pyenvfs-ctl",
		.self_exe = self,
	};
	ctl.prog = ctl.as_pyenv ? "pyenv" : "pyenvfs-ctl";

	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(argc < 2 ? stderr : stdout, &ctl);
		return argc < 2 ? 1 : 0;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("pyenvfs-ctl %s\n", PYENVFS_VERSION);
		return 0;
	}
	const struct ctl_command *cmd = find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "%s: no such command `%s'\n", ctl.prog, argv[1]);
		return 1;
	}
	return cmd->run(&ctl, argc - 1, argv + 1);
}

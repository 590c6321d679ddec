/* PLACEHOLDER until this area lands: every command here says it is not built yet. */
#include <stdio.h>

#include "ctl.h"

static int not_built(const struct ctl *ctl, int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "%s: %s: not built yet\n", ctl->prog, argv[0]);
	return 1;
}

const struct ctl_command ctl_pyenv_commands[] = {
	{"version", not_built, NULL},
	{"version-name", not_built, NULL},
	{"version-origin", not_built, NULL},
	{"version-file", not_built, NULL},
	{"version-file-read", not_built, NULL},
	{"version-file-write", not_built, NULL},
	{"versions", not_built, NULL},
	{"which", not_built, NULL},
	{"whence", not_built, NULL},
	{"prefix", not_built, NULL},
	{"latest", not_built, NULL},
	{"local", not_built, NULL},
	{"global", not_built, NULL},
	{"shell", not_built, NULL},
	{"sh-shell", not_built, NULL},
	{"exec", not_built, NULL},
	{"root", not_built, NULL},
	{"rehash", not_built, NULL},
	{NULL, NULL, NULL},
};

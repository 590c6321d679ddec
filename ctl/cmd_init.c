/* PLACEHOLDER until this area lands: every command here says it is not built yet. */
#include <stdio.h>

#include "ctl.h"

static int not_built(const struct ctl *ctl, int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "%s: %s: not built yet\n", ctl->prog, argv[0]);
	return 1;
}

const struct ctl_command ctl_init_commands[] = {
	{"init", not_built, NULL},
	{NULL, NULL, NULL},
};

/* PLACEHOLDER until this area lands: every command here says it is not built yet. */
#include <stdio.h>

#include "ctl.h"

static int not_built(const struct ctl *ctl, int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "%s: %s: not built yet\n", ctl->prog, argv[0]);
	return 1;
}

const struct ctl_command ctl_mount_commands[] = {
	{"mount", not_built, NULL},  {"umount", not_built, NULL}, {"status", not_built, NULL},
	{"doctor", not_built, NULL}, {NULL, NULL, NULL},
};

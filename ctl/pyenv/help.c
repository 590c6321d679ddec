/* pyenv help [--usage] COMMAND, from the command tables (commands.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/pyenv/commands.h"

/* name's entry, or sh-name's when name has no text of its own (`help shell'). */
static const struct ctl_command *find_documented(const char *name)
{
	const struct ctl_command *c = ctl_find(name);
	if (c && (c->help || !(c->flags & CTL_CMD_PYENV)))
		return c;
	char *sh = rv_strf("sh-%s", name);
	const struct ctl_command *s = sh ? ctl_find(sh) : NULL;
	free(sh);
	return s ? s : c;
}

int pyenv_cmd_help(const struct ctl *ctl, int argc, char **argv)
{
	bool usage = argc > 1 && strcmp(argv[1], "--usage") == 0;
	const char *name = argc > 1 + usage ? argv[1 + usage] : "";
	if (!*name || strcmp(name, "pyenv") == 0) {
		if (usage) {
			printf("Usage: %s <command> [<args>]\n", ctl->prog);
			return 1;
		}
		ctl_usage(stdout, ctl);
		return 0;
	}
	const struct ctl_command *c = find_documented(name);
	if (!c) {
		fflush(stdout);
		fprintf(stderr, "%s: no such command `%s'\n", ctl->prog, name);
		return 1;
	}
	if (!c->help) {
		/* the command prints its own help */
		char *args[] = {(char *)c->name, "--help", NULL};
		return c->run(ctl, 2, args);
	}
	ctl_print_help(ctl, c, usage, stdout);
	return 0;
}

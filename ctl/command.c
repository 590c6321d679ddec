/* The command tables and what is generated from them: lookup, the top-level usage, help,
 * --complete, and the dispatch that answers --help/--complete for every command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/ctl.h"

const struct ctl_command *const ctl_tables[] = {
	ctl_pyenv_commands, ctl_init_commands, ctl_install_commands, ctl_mount_commands, NULL,
};

const struct ctl_command *ctl_find(const char *name)
{
	for (size_t t = 0; ctl_tables[t]; t++)
		for (const struct ctl_command *c = ctl_tables[t]; c->name; c++)
			if (strcmp(c->name, name) == 0)
				return c;
	return NULL;
}

void ctl_usage(FILE *out, const struct ctl *ctl)
{
	fprintf(out, "Usage: %s <command> [<args>]\n\nCommands:\n", ctl->prog);
	for (size_t t = 0; ctl_tables[t]; t++)
		for (const struct ctl_command *c = ctl_tables[t]; c->name; c++)
			if (c->summary)
				fprintf(out, "   %-18s %s\n", c->name, c->summary);
	fprintf(out, "\nSee `%s <command> --help' for information on a specific command.\n",
		ctl->prog);
}

static bool starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* text with "pyenv" at the start of its usage lines replaced by prog */
static void put_renamed(const char *text, const char *prog, FILE *out)
{
	bool in_usage = false;
	for (const char *l = text; *l;) {
		const char *e = strchrnul(l, '\n');
		size_t n = (size_t)(e - l) + (*e == '\n');
		if (starts(l, "Usage: pyenv ")) {
			in_usage = true;
			fprintf(out, "Usage: %s %.*s", prog, (int)(n - 13), l + 13);
		} else if (in_usage && starts(l, "       pyenv ")) {
			fprintf(out, "       %s %.*s", prog, (int)(n - 13), l + 13);
		} else {
			in_usage = false;
			fwrite(l, 1, n, out);
		}
		l += n;
	}
}

void ctl_print_help(const struct ctl *ctl, const struct ctl_command *cmd, bool usage_only,
		    FILE *out)
{
	const char *text = cmd ? (usage_only ? cmd->usage : cmd->help) : NULL;
	if (!text)
		return;
	if (ctl->as_pyenv)
		fputs(text, out);
	else
		put_renamed(text, ctl->prog, out);
}

bool ctl_has_complete(const struct ctl_command *cmd)
{
	return cmd->complete || cmd->complete_fn;
}

void ctl_complete_words(const struct ctl_command *cmd)
{
	if (cmd->complete)
		fputs(cmd->complete, stdout);
}

int ctl_complete(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd, int argc,
		 char **argv)
{
	if (cmd->complete_fn)
		return cmd->complete_fn(ctl, ctx, cmd, argc, argv);
	ctl_complete_words(cmd);
	return 0;
}

int ctl_builtin(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd, int argc,
		char **argv)
{
	if (argc < 2)
		return -1;
	if (strcmp(argv[1], "--help") == 0 && !(cmd->flags & CTL_CMD_NO_HELP)) {
		if (cmd->flags & CTL_CMD_SH) {
			printf("%s help \"%s\"\n", ctl->prog, cmd->name);
			return 0;
		}
		if (cmd->help) {
			ctl_print_help(ctl, cmd, false, stdout);
			return 0;
		}
	}
	if (strcmp(argv[1], "--complete") == 0 && ctl_has_complete(cmd))
		return ctl_complete(ctl, ctx, cmd, argc, argv);
	return -1;
}

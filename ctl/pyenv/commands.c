/* pyenv commands, completions (commands.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/pyenv/commands.h"
#include "ctl/pyenv/output.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int pyenv_commands_list(enum pyenv_commands_mode mode, struct rv_strv *out)
{
	struct rv_strv all = {0};
	int r = 0;
	for (size_t t = 0; ctl_tables[t] && r >= 0; t++)
		for (const struct ctl_command *c = ctl_tables[t]; c->name && r >= 0; c++) {
			bool sh = rv_startswith(c->name, "sh-");
			if ((mode == PYENV_COMMANDS_SH && !sh) ||
			    (mode == PYENV_COMMANDS_NO_SH && sh))
				continue;
			r = rv_strv_push(&all, sh ? c->name + 3 : c->name);
		}
	if (all.n)
		qsort(all.v, all.n, sizeof(all.v[0]), by_name);
	for (size_t i = 0; i < all.n && r >= 0; i++)
		if (i == 0 || strcmp(all.v[i], all.v[i - 1]) != 0)
			r = rv_strv_push(out, all.v[i]);
	rv_strv_clear(&all);
	return r < 0 ? -ENOMEM : 0;
}

/* Prints the list; returns the exit status. */
static int print_commands(const struct ctl *ctl, enum pyenv_commands_mode mode)
{
	struct rv_strv names = {0};
	int r = pyenv_commands_list(mode, &names);
	if (r == 0)
		pyenv_print_lines(&names);
	rv_strv_clear(&names);
	return r < 0 ? pyenv_oom(ctl) : 0;
}

int pyenv_complete_commands(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			    int argc, char **argv)
{
	(void)argc;
	(void)argv;
	(void)ctx;
	ctl_complete_words(cmd);
	return print_commands(ctl, PYENV_COMMANDS_ALL);
}

int pyenv_cmd_commands(const struct ctl *ctl, int argc, char **argv)
{
	enum pyenv_commands_mode mode = PYENV_COMMANDS_ALL;
	if (argc > 1 && strcmp(argv[1], "--sh") == 0)
		mode = PYENV_COMMANDS_SH;
	else if (argc > 1 && strcmp(argv[1], "--no-sh") == 0)
		mode = PYENV_COMMANDS_NO_SH;
	return print_commands(ctl, mode);
}

int pyenv_cmd_completions(struct pyenv *p, int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "";
	if (!*name)
		return pyenv_usage_error(p->ctl, "completions");
	const struct ctl_command *c = ctl_find(name);
	if (!c && !rv_startswith(name, "sh-")) {
		char *sh = rv_strf("sh-%s", name);
		c = sh ? ctl_find(sh) : NULL;
		free(sh);
	}
	printf("--help\n");
	if (!c || !ctl_has_complete(c) || (c->flags & CTL_CMD_UNMARKED))
		return 0;
	/* "$COMMAND_PATH" --complete ARGS... */
	char **args = calloc((size_t)argc + 2, sizeof(char *));
	if (!args)
		return pyenv_oom(p->ctl);
	args[0] = (char *)c->name;
	args[1] = "--complete";
	for (int i = 2; i < argc; i++)
		args[i] = argv[i];
	int r = ctl_complete(p->ctl, p, c, argc, args);
	free(args);
	return r;
}

/* pyenv commands, completions (commands.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "ctl/pyenv/commands.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/plugin.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends name to out as `commands' in mode lists it (or not). */
static int add_name(struct rv_strv *out, enum pyenv_commands_mode mode, const char *name)
{
	bool sh = rv_startswith(name, "sh-");
	if ((mode == PYENV_COMMANDS_SH && !sh) || (mode == PYENV_COMMANDS_NO_SH && sh))
		return 0;
	return rv_strv_push(out, mode != PYENV_COMMANDS_NO_SH && sh ? name + 3 : name);
}

int pyenv_commands_list(const struct pyenv *p, enum pyenv_commands_mode mode,
			struct rv_strv *out)
{
	struct rv_strv all = {0}, dirs = {0}, files = {0};
	int r = 0;
	/* pyenv-virtualenv's commands we answer are listed as ours; with the plugin
	 * installed its bin/ lists the same names (once each below) */
	for (size_t t = 0; ctl_tables[t] && r >= 0; t++)
		for (const struct ctl_command *c = ctl_tables[t]; c->name && r >= 0; c++)
			if (!(c->flags & CTL_CMD_UNLISTED))
				r = add_name(&all, mode, c->name);
	if (r >= 0)
		r = pyenv_plugin_path(p, &dirs);
	if (r >= 0)
		r = pyenv_plugin_names(&dirs, &files);
	for (size_t i = 0; i < files.n && r >= 0; i++)
		r = add_name(&all, mode, files.v[i]);
	if (all.n)
		qsort(all.v, all.n, sizeof(all.v[0]), by_name);
	for (size_t i = 0; i < all.n && r >= 0; i++)
		if (i == 0 || strcmp(all.v[i], all.v[i - 1]) != 0)
			r = rv_strv_push(out, all.v[i]);
	rv_strv_clear(&all);
	rv_strv_clear(&dirs);
	rv_strv_clear(&files);
	return r < 0 ? -ENOMEM : 0;
}

int pyenv_command_find(const struct pyenv *p, const char *name, struct pyenv_found *f)
{
	*f = (struct pyenv_found){0};
	struct rv_strv dirs = {0};
	int r = pyenv_plugin_path(p, &dirs);
	for (int sh = 0; r >= 0 && sh < 2 && !f->cmd && !f->path; sh++) {
		char *n = sh ? rv_strf("sh-%s", name) : strdup(name);
		if (!n) {
			r = -ENOMEM;
			break;
		}
		const struct ctl_command *c = ctl_find(n);
		if (c && (c->flags & CTL_CMD_UNLESS_PLUGIN))
			r = pyenv_plugin_lookup(p, n, true, &f->path);
		if (c && !(c->flags & CTL_CMD_UNLISTED) && !f->path)
			f->cmd = c;
		else if (!f->path)
			f->path = pyenv_plugin_find(&dirs, n);
		free(n);
	}
	rv_strv_clear(&dirs);
	return r;
}

/* Prints the list; returns the exit status. */
static int print_commands(const struct pyenv *p, enum pyenv_commands_mode mode)
{
	struct rv_strv names = {0};
	int r = pyenv_commands_list(p, mode, &names);
	if (r == 0)
		pyenv_print_lines(&names);
	rv_strv_clear(&names);
	return r < 0 ? pyenv_oom(p->ctl) : 0;
}

int pyenv_complete_commands(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			    int argc, char **argv)
{
	(void)argc;
	(void)argv;
	(void)ctl;
	ctl_complete_words(cmd);
	return print_commands(ctx, PYENV_COMMANDS_ALL);
}

int pyenv_cmd_commands(struct pyenv *p, int argc, char **argv)
{
	enum pyenv_commands_mode mode = PYENV_COMMANDS_ALL;
	if (argc > 1 && strcmp(argv[1], "--sh") == 0)
		mode = PYENV_COMMANDS_SH;
	else if (argc > 1 && strcmp(argv[1], "--no-sh") == 0)
		mode = PYENV_COMMANDS_NO_SH;
	return print_commands(p, mode);
}

/* grep -iE "^([#%]|--|//) provide pyenv completions" FILE */
static bool provides_completions(const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return false;
	char *line = NULL;
	size_t cap = 0;
	bool found = false;
	static const char mark[] = " provide pyenv completions";
	while (!found && getline(&line, &cap, f) >= 0) {
		size_t lead = line[0] == '#' || line[0] == '%' ? 1
			      : rv_startswith(line, "--") || rv_startswith(line, "//") ? 2
											: 0;
		found = lead && strncasecmp(line + lead, mark, sizeof(mark) - 1) == 0;
	}
	free(line);
	fclose(f);
	return found;
}

/* "$COMMAND_PATH" --complete ARGS...: in-process for ours, an exec for a plugin's. */
static int run_complete(struct pyenv *p, const struct pyenv_found *f, int argc, char **argv)
{
	char **args = calloc((size_t)argc + 2, sizeof(char *));
	if (!args)
		return pyenv_oom(p->ctl);
	args[0] = f->cmd ? (char *)f->cmd->name : f->path;
	args[1] = "--complete";
	for (int i = 2; i < argc; i++)
		args[i] = argv[i];
	int r = f->cmd ? ctl_complete(p->ctl, p, f->cmd, argc, args)
		       : pyenv_plugin_exec(p, f->path, argc, args);
	free(args);
	return r;
}

int pyenv_cmd_completions(struct pyenv *p, int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "";
	if (!*name)
		return pyenv_usage_error(p->ctl, "completions");
	struct pyenv_found f;
	if (pyenv_command_find(p, name, &f) < 0)
		return pyenv_oom(p->ctl);
	printf("--help\n");
	int r = 0;
	if (f.cmd && ctl_has_complete(f.cmd) && !(f.cmd->flags & CTL_CMD_UNMARKED))
		r = run_complete(p, &f, argc, argv);
	else if (f.path && provides_completions(f.path))
		r = run_complete(p, &f, argc, argv);
	free(f.path);
	return r;
}

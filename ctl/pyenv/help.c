/* pyenv help [--usage] COMMAND: our commands' texts from the tables, a plugin's parsed
 * from its header the way pyenv-help's sed and awk do (commands.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/pyenv/commands.h"
#include "ctl/pyenv/output.h"
#include "ctl/pyenv/plugin.h"

/* A command's documentation as pyenv-help's collect_documentation finds it. */
struct doc {
	char *summary, *usage, *help;
};

static void doc_clear(struct doc *d)
{
	free(d->summary);
	free(d->usage);
	free(d->help);
	*d = (struct doc){0};
}

/* s + "\n" + line, s freed; NULL when out of memory. */
static char *append_line(char *s, const char *line)
{
	char *n = rv_strf("%s\n%s", s ? s : "", line);
	free(s);
	return n;
}

/* awk's trim(): no leading or trailing newlines. */
static void trim_newlines(char *s)
{
	if (!s)
		return;
	size_t lead = strspn(s, "\n");
	memmove(s, s + lead, strlen(s + lead) + 1);
	size_t n = strlen(s);
	while (n && s[n - 1] == '\n')
		s[--n] = '\0';
}

/* One line of the initial comment block ("# " stripped) through collect_documentation. */
static int doc_line(struct doc *d, const char *l, bool *reading_usage)
{
	if (rv_startswith(l, "Summary:")) {
		free(d->summary);
		d->summary = strdup(strlen(l) > 9 ? l + 9 : "");
		return d->summary ? 0 : -ENOMEM;
	}
	bool blank = l[strspn(l, " ")] == '\0';
	if (rv_startswith(l, "Usage:") || (*reading_usage && (blank || rv_startswith(l, "       ")))) {
		*reading_usage = true;
		d->usage = append_line(d->usage, l);
		return d->usage ? 0 : -ENOMEM;
	}
	*reading_usage = false;
	d->help = append_line(d->help, l);
	return d->help ? 0 : -ENOMEM;
}

/* The documentation in path's initial comment block. Returns 0 or -errno. */
static int doc_read(const char *path, struct doc *d)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int r = 0;
	bool reading_usage = false;
	while (r >= 0 && (n = getline(&line, &cap, f)) >= 0) {
		if (n && line[n - 1] == '\n')
			line[--n] = '\0';
		if (line[0] != '#')
			break;
		if (strcmp(line, "#") == 0 || rv_startswith(line, "# "))
			r = doc_line(d, line[1] ? line + 2 : "", &reading_usage);
	}
	free(line);
	fclose(f);
	trim_newlines(d->usage);
	trim_newlines(d->help);
	if (r >= 0 && !d->usage && !d->summary) {
		free(d->help);
		d->help = NULL; /* awk prints nothing without a usage or summary */
	}
	return r;
}

/* pyenv-help's print_help and print_usage for a plugin's file. */
static int print_file_help(const char *prog, const char *name, const char *path, bool usage)
{
	struct doc d = {0};
	if (doc_read(path, &d) == -ENOMEM) {
		doc_clear(&d);
		pyenv_errf("%s: out of memory", prog);
		return 1;
	}
	int status = 0;
	const char *help = d.help && *d.help ? d.help : d.summary;
	if (usage) {
		if (d.usage && *d.usage)
			printf("%s\n", d.usage);
	} else if ((d.usage && *d.usage) || (d.summary && *d.summary)) {
		if (d.usage && *d.usage)
			printf("%s\n", d.usage);
		else
			printf("Usage: pyenv %s\n", name);
		if (help && *help)
			printf("\n%s\n\n", help);
	} else {
		pyenv_err("Sorry, this command isn't documented yet.");
		status = 1;
	}
	doc_clear(&d);
	return status;
}

int pyenv_help_print(struct pyenv *p, const char *name, bool usage)
{
	struct pyenv_found f;
	if (pyenv_command_find(p, name, &f) < 0)
		return pyenv_oom(p->ctl);
	int status = 0;
	if (f.path) {
		status = print_file_help(p->ctl->prog, name, f.path, usage);
	} else if (!f.cmd) {
		pyenv_errf("%s: no such command `%s'", p->ctl->prog, name);
		status = 1;
	} else if (!f.cmd->help) {
		/* the command prints its own help */
		char *args[] = {(char *)f.cmd->name, "--help", NULL};
		status = f.cmd->run(p->ctl, 2, args);
	} else {
		ctl_print_help(p->ctl, f.cmd, usage, stdout);
	}
	free(f.path);
	return status;
}

/* A command's summary for the list: its table's, or its file's. */
static char *summary_of(const struct pyenv *p, const char *name)
{
	struct pyenv_found f;
	if (pyenv_command_find(p, name, &f) < 0)
		return NULL;
	char *s = NULL;
	if (f.cmd && f.cmd->summary) {
		s = strdup(f.cmd->summary);
	} else if (f.path) {
		struct doc d = {0};
		if (doc_read(f.path, &d) >= 0 && d.summary && *d.summary)
			s = strdup(d.summary);
		doc_clear(&d);
	}
	free(f.path);
	return s;
}

/* pyenv-help without a command: every command that has a summary. */
static int print_summaries(struct pyenv *p)
{
	const char *prog = p->ctl->prog;
	struct rv_strv names = {0};
	if (pyenv_commands_list(p, PYENV_COMMANDS_ALL, &names) < 0) {
		rv_strv_clear(&names);
		return pyenv_oom(p->ctl);
	}
	printf("Usage: %s <command> [<args>]\n\nSome useful %s commands are:\n", prog, prog);
	for (size_t i = 0; i < names.n; i++) {
		char *s = summary_of(p, names.v[i]);
		if (s)
			printf("   %-9s   %s\n", names.v[i], s);
		free(s);
	}
	printf("\nSee `%s help <command>' for information on a specific command.\n"
	       "For full documentation, see: https://github.com/pyenv/pyenv#readme\n",
	       prog);
	rv_strv_clear(&names);
	return 0;
}

int pyenv_cmd_help(struct pyenv *p, int argc, char **argv)
{
	bool usage = argc > 1 && strcmp(argv[1], "--usage") == 0;
	const char *name = argc > 1 + usage ? argv[1 + usage] : "";
	if (!*name || strcmp(name, "pyenv") == 0) {
		if (usage) {
			printf("Usage: %s <command> [<args>]\n", p->ctl->prog);
			return 1; /* pyenv-help's `[ -z "$usage" ] || exit' */
		}
		return print_summaries(p);
	}
	return pyenv_help_print(p, name, usage);
}

/* How the pyenv commands print (output.h). */
#include <stdarg.h>
#include <stdio.h>

#include "ctl/pyenv/output.h"

void pyenv_err(const char *line)
{
	fflush(stdout);
	fprintf(stderr, "%s\n", line);
}

void pyenv_errf(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void pyenv_flush_msgs(struct rv_strv *msgs)
{
	for (size_t i = 0; i < msgs->n; i++)
		pyenv_err(msgs->v[i]);
	rv_strv_clear(msgs);
}

void pyenv_print_lines(const struct rv_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		printf("%s\n", sv->v[i]);
}

int pyenv_oom(const struct ctl *ctl)
{
	pyenv_errf("%s: out of memory", ctl->prog);
	return 1;
}

int pyenv_usage_error(const struct ctl *ctl, const char *cmd)
{
	fflush(stdout);
	ctl_print_help(ctl, ctl_find(cmd), true, stderr);
	return 1;
}

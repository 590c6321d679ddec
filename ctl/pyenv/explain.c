#include "ctl/pyenv/explain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "resolver/which.h"

/* The "(FILE line N)" after an entry. */
static void where(FILE *out, const struct rv_step *s)
{
	if (s->file && s->line)
		fprintf(out, " (%s line %zu)", s->file, s->line);
	else if (s->file)
		fprintf(out, " (%s)", s->file);
}

/* One step as a line of text. */
static void print_line(FILE *out, const struct rv_step *s)
{
	const char *name = s->name ? s->name : "", *value = s->value ? s->value : "";
	switch (s->kind) {
	case RV_STEP_ENV:
		fprintf(out, "source: PYENV_VERSION=%s (environment)\n", value);
		return;
	case RV_STEP_FILE:
		fprintf(out, "source: %s (the nearest version file)\n", s->file);
		return;
	case RV_STEP_GLOBAL:
		fprintf(out, "source: %s (the global version file: no project file)\n", s->file);
		return;
	case RV_STEP_ENTRY:
		fprintf(out, "entry: %s", name);
		break;
	case RV_STEP_INVALID:
		fprintf(out, "skipped: %s", s->name ? name : "the line");
		where(out, s);
		fprintf(out, ": %s\n", s->reason ? s->reason : "invalid");
		return;
	case RV_STEP_SYSTEM:
		fprintf(out, "system: %s\n", s->reason ? s->reason : "selected");
		return;
	case RV_STEP_RESOLVED:
		fprintf(out, "resolved: %s -> %s (%s)\n", name, value, s->reason ? s->reason : "");
		return;
	case RV_STEP_NOT_INSTALLED:
		fprintf(out, "not installed: %s\n", name);
		return;
	case RV_STEP_LACKS:
		if (s->value)
			fprintf(out, "lacks: %s has no %s\n", name, value);
		else
			fprintf(out, "lacks: %s has no such command in PATH\n", name);
		return;
	case RV_STEP_FOUND:
		fprintf(out, "found: %s (%s)\n", value, name);
		return;
	case RV_STEP_NOT_FOUND:
		fprintf(out, "not found: %s\n", name);
		return;
	}
	where(out, s);
	fputc('\n', out);
}

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20 || c == 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_field(FILE *out, const char *key, const char *value)
{
	if (!value)
		return;
	fprintf(out, ", \"%s\": ", key);
	json_str(out, value);
}

void ctl_explain_print(FILE *out, const struct rv_explain *ex, bool json)
{
	if (!json) {
		for (size_t i = 0; i < ex->n; i++)
			print_line(out, &ex->steps[i]);
		return;
	}
	fputs("{\"steps\": [", out);
	for (size_t i = 0; i < ex->n; i++) {
		const struct rv_step *s = &ex->steps[i];
		fprintf(out, "%s{\"step\": \"%s\"", i ? ", " : "", rv_step_kind_name(s->kind));
		json_field(out, "name", s->name);
		json_field(out, "value", s->value);
		json_field(out, "file", s->file);
		if (s->line)
			fprintf(out, ", \"line\": %zu", s->line);
		json_field(out, "reason", s->reason);
		fputc('}', out);
	}
	fputs("]}\n", out);
}

static int oom(void)
{
	fprintf(stderr, "pyenv: out of memory\n");
	return 1;
}

int ctl_which_explain(struct rv_ctx *ctx, const char *cmd, bool nosystem, bool json)
{
	struct rv_explain ex = {0};
	struct rv_strv versions = {0}, msgs = {0};
	struct rv_which w = {0};
	char *var = rv_shim_paths_var(cmd);
	ctx->explain = &ex;
	int r = var ? rv_which_versions(ctx, &versions, &msgs) : -ENOMEM;
	if (r >= 0)
		r = rv_which_search(ctx, cmd, versions.v, versions.n, nosystem, getenv(var), &w);
	ctx->explain = NULL;
	int status = r < 0 ? oom() : rv_which_found(&w) ? 0 : 127;
	if (r >= 0)
		ctl_explain_print(stdout, &ex, json);
	free(var);
	rv_which_finish(&w);
	rv_strv_clear(&versions);
	rv_strv_clear(&msgs);
	rv_explain_finish(&ex);
	return status;
}

int ctl_version_explain(struct rv_ctx *ctx, bool json)
{
	struct rv_explain ex = {0};
	struct rv_strv names = {0}, msgs = {0};
	ctx->explain = &ex;
	char *raw = rv_selection_raw(ctx, &msgs);
	int r = raw ? rv_version_name(ctx, raw, false, &names, &msgs) : -ENOMEM;
	ctx->explain = NULL;
	int status = r < 0 ? oom() : r > 0 ? 1 : 0;
	if (r >= 0)
		ctl_explain_print(stdout, &ex, json);
	free(raw);
	rv_strv_clear(&names);
	rv_strv_clear(&msgs);
	rv_explain_finish(&ex);
	return status;
}

int ctl_explain_args(int argc, char **argv, bool *explain, bool *json)
{
	*explain = *json = false;
	for (int i = 1; i < argc; i++)
		*explain |= strcmp(argv[i], "--explain") == 0;
	if (!*explain)
		return argc;
	int k = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			*json = true;
		else if (strcmp(argv[i], "--explain") != 0)
			argv[k++] = argv[i];
	}
	argv[k] = NULL;
	return k;
}

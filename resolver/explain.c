#include "resolver/explain.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static char *dup_opt(const char *s, int *err)
{
	char *d = s ? strdup(s) : NULL;
	if (s && !d)
		*err = -ENOMEM;
	return d;
}

int rv_explain_add(struct rv_explain *ex, enum rv_step_kind kind, const char *name,
		   const char *value, const char *file, size_t line, const char *reason)
{
	if (ex->n == ex->cap) {
		size_t cap = ex->cap ? ex->cap * 2 : 8;
		struct rv_step *s = realloc(ex->steps, cap * sizeof(*s));
		if (!s)
			return -ENOMEM;
		ex->steps = s;
		ex->cap = cap;
	}
	int err = 0;
	struct rv_step st = {
		.kind = kind,
		.name = dup_opt(name, &err),
		.value = dup_opt(value, &err),
		.file = dup_opt(file, &err),
		.line = line,
		.reason = dup_opt(reason, &err),
	};
	if (err) {
		free(st.name);
		free(st.value);
		free(st.file);
		free(st.reason);
		return err;
	}
	ex->steps[ex->n++] = st;
	return 0;
}

const char *rv_step_kind_name(enum rv_step_kind kind)
{
	static const char *const names[] = {
		[RV_STEP_ENV] = "env",
		[RV_STEP_FILE] = "file",
		[RV_STEP_GLOBAL] = "global",
		[RV_STEP_ENTRY] = "entry",
		[RV_STEP_INVALID] = "invalid",
		[RV_STEP_SYSTEM] = "system",
		[RV_STEP_RESOLVED] = "resolved",
		[RV_STEP_NOT_INSTALLED] = "not-installed",
		[RV_STEP_LACKS] = "lacks",
		[RV_STEP_FOUND] = "found",
		[RV_STEP_NOT_FOUND] = "not-found",
	};
	return (size_t)kind < sizeof(names) / sizeof(names[0]) ? names[kind] : "?";
}

void rv_explain_finish(struct rv_explain *ex)
{
	if (!ex)
		return;
	for (size_t i = 0; i < ex->n; i++) {
		free(ex->steps[i].name);
		free(ex->steps[i].value);
		free(ex->steps[i].file);
		free(ex->steps[i].reason);
	}
	free(ex->steps);
	*ex = (struct rv_explain){0};
}

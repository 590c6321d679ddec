/* explain: the chain of steps behind a selection and a command search, recorded by
 * select and which when rv_ctx.explain is set (`which --explain`, `version --explain`).
 * Data only: printing is the caller's. */
#pragma once

#include <stddef.h>

enum rv_step_kind {
	RV_STEP_ENV,           /* PYENV_VERSION chose: value is its value */
	RV_STEP_FILE,          /* the nearest version file up from dir chose: file */
	RV_STEP_GLOBAL,        /* no project file: the global file chose (file; reason
				* "missing or empty" when it names nothing) */
	RV_STEP_ENTRY,         /* name read from file at line */
	RV_STEP_INVALID,       /* name (or, for a malformed line, nothing) skipped at file:line:
				* reason */
	RV_STEP_SYSTEM,        /* the selection is empty: system (reason) */
	RV_STEP_RESOLVED,      /* name resolved to value: reason ("installed", "prefix", ...) */
	RV_STEP_NOT_INSTALLED, /* name is not installed */
	RV_STEP_LACKS,         /* version name has no command: value is the path tried */
	RV_STEP_FOUND,         /* the command: version name, path value */
	RV_STEP_NOT_FOUND,     /* the command (name) is in no selected version nor system */
};

struct rv_step {
	enum rv_step_kind kind;
	char *name;   /* NULL when not applicable */
	char *value;  /* NULL when not applicable */
	char *file;   /* NULL when not applicable */
	size_t line;  /* 0 when not applicable */
	char *reason; /* why, or NULL */
};

struct rv_explain {
	struct rv_step *steps;
	size_t n, cap;
};

/* Appends a step (copies the strings; any may be NULL). Returns 0 or -ENOMEM. */
int rv_explain_add(struct rv_explain *ex, enum rv_step_kind kind, const char *name,
		   const char *value, const char *file, size_t line, const char *reason);
/* "env", "file", "global", "entry", "invalid", "system", "resolved", "not-installed",
 * "lacks", "found", "not-found". */
const char *rv_step_kind_name(enum rv_step_kind kind);
/* Frees the steps; ex is empty and reusable. NULL is accepted. */
void rv_explain_finish(struct rv_explain *ex);

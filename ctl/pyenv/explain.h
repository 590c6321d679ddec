/* explain: prints the chain resolver/ recorded (rv_ctx.explain) for `which --explain`
 * and `version --explain`: one line a step, or one JSON object. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "resolver/explain.h"
#include "resolver/select.h"

/* One line per step ("source: FILE", "entry: 3.12 (FILE line 1)", "resolved: 3.12 ->
 * 3.12.7 (...)", "found: PATH (VERSION)", ...), or with json the object
 * {"steps": [{"step": KIND, "name", "value", "file", "line", "reason"}...]} (keys
 * present when set), followed by a newline. */
void ctl_explain_print(FILE *out, const struct rv_explain *ex, bool json);

/* `which --explain [--json] CMD`: records the search of `which` (without plugin hooks)
 * and prints its chain on stdout; pyenv's warnings are in the chain, not on stderr.
 * Returns the exit status: 0 found, 127 not, 1 out of memory. */
int ctl_which_explain(struct rv_ctx *ctx, const char *cmd, bool nosystem, bool json);

/* `version --explain [--json]`: the chain of `version-name`. Returns 0, 1 when a selected
 * version is not installed (as `version` does) or out of memory. */
int ctl_version_explain(struct rv_ctx *ctx, bool json);

/* When argv has --explain (anywhere), takes it and --json out of argv; *explain and *json
 * tell whether they were there. Without --explain argv stays as it is (pyenv's meaning).
 * Returns the new argc. */
int ctl_explain_args(int argc, char **argv, bool *explain, bool *json);

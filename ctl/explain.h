/* explain: prints the chain resolver/ recorded (rv_ctx.explain) for `which --explain`
 * and `version --explain`: one line a step, or one JSON object. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

#include "resolver/explain.h"

/* One line per step ("source: FILE", "entry: 3.12 (FILE line 1)", "resolved: 3.12 ->
 * 3.12.7 (...)", "found: PATH (VERSION)", ...), or with json the object
 * {"steps": [{"step": KIND, "name", "value", "file", "line", "reason"}...]} (keys
 * present when set), followed by a newline. */
void ctl_explain_print(FILE *out, const struct rv_explain *ex, bool json);

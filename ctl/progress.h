/* pyenvfs-ctl install: the progress display of parallel installs on stderr. On a
 * terminal, one bar per build redrawn in place; elsewhere, one line per step
 * ("Downloading...", "Installing..."). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "installer/install.h"

struct ctl_progress;

/* A display for builds[0..n), the jobs of one pyi_install_many call; whether stderr
 * is a terminal is asked now. quiet: draw nothing. NULL when out of memory. */
struct ctl_progress *ctl_progress_create(const struct pyi_build *const *builds, size_t n,
					 bool quiet);

/* Frees p (NULL: nothing). No update may be in flight. */
void ctl_progress_destroy(struct ctl_progress *p);

/* Draws every bar now, when on a terminal and not quiet. Thread-safe. */
void ctl_progress_draw(struct ctl_progress *p);

/* The pyi_install_opts.progress callback; user is a struct ctl_progress. Thread-safe. */
void ctl_progress_update(void *user, const struct pyi_progress *update);

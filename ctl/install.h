/* install: what cmd_install.c and install_firstuse.c, both in pyenvfs-ctl-install, offer
 * each other. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "ctl/ctl.h"
#include "resolver/strv.h"

/* For each of reqs[0..n) (install requests: 3.12, 3.12.7) the pyenv name of the build
 * `install` would pick from the index (PYENVFS_INDEX or the built-in one) for this
 * platform (PYENVFS_PLATFORM or detected), or "" when the index has none: appended to
 * out. Returns false with a message on stderr when the index cannot be read. */
bool ctl_install_lookup(const struct ctl *ctl, char *const *reqs, size_t n, struct rv_strv *out);

/* `first-use ROOT ENTRY [ARG...]` (install_firstuse.c), run by pyenvfs-shim. */
ctl_run_fn ctl_first_use;

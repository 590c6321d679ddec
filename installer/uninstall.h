/* pyi_uninstall: removes an installed version atomically — one rename()
 * moves versions/<name> out of versions/ (so the shims never list half a
 * version), then the tree is deleted. Takes the version's install lock. */
#pragma once

#include <stdbool.h>

#include "installer/pyi_err.h"

/* Removes <root>/versions/<name>: a version (or a link in versions/), or with name
 * "V/envs/E" a pyenv-virtualenv env inside version V. PYI_E_NOTFOUND when it is not
 * there, PYI_E_USAGE for any other name. */
bool pyi_uninstall(const char *root, const char *name, struct pyi_err *err);

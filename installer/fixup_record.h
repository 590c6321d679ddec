/* pyi_fixup_read: reads the record of an install fix-up (its format: installer/fixup.h).
 * A module of its own, with no dependencies, so that `pyenvfs-ctl doctor` can explain a
 * fix-up without linking the installer. */
#pragma once

#include <stddef.h>

#include "installer/fixup.h"

/* What a record says, in short. */
struct pyi_fixup_info {
	char prefix[4096];   /* the final prefix it was made for ("" if none rewritten) */
	char from[256];      /* the first archive prefix replaced */
	char compilers[256]; /* "clang -> cc, clang++ -> c++" or "" */
	char terminfo[1024]; /* "" when not set */
	size_t files, caches, flags;
};

/* Reads <dir>/.pyenvfs-fixup into info. 0; -ENOENT when there is none; -EINVAL when
 * it is malformed; another -errno when it cannot be read. */
int pyi_fixup_read(const char *dir, struct pyi_fixup_info *info);

/* tool_versions: the `python` line of an asdf/mise .tool-versions file, an opt-in version
 * source (PYENVFS_TOOL_VERSIONS=1) read in the same upward walk as .python-version. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "resolver/version_file.h"

/* The file's name, as the upward walk looks for it. */
#define RV_TOOL_VERSIONS ".tool-versions"

/* Parses a .tool-versions buffer: per line ('\n'; CR, tab and space are blanks; '#' starts
 * a comment; NUL bytes are dropped) the first word names a tool and the others its
 * versions. The first `python` line's versions are appended to vf in order, each checked
 * like a .python-version word (rv_version_is_safe); a `python` line without a version,
 * and any later `python` line, are appended as malformed. Other tools' lines are ignored.
 * Returns 1 when a `python` line was seen, 0 when none, -ENOMEM. */
int rv_toolv_parse(struct rv_vfile *vf, const char *buf, size_t len, const char *root,
		   const char *pwd);

/* rv_toolv_parse of the file at path. Returns 0 when it has a `python` line; -ENOENT
 * when it is missing, empty or has none; -EFBIG over 1 MiB; another -errno when reading
 * fails; -ENOMEM. */
int rv_toolv_read(struct rv_vfile *vf, const char *path, const char *root, const char *pwd);

/* True when the file at path can be read and has a `python` line. */
bool rv_toolv_names_python(const char *path);

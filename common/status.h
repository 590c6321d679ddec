/* pc_status: the daemon's status, read by pyenvfs-ctl (`status`, `mount`, `doctor`) as the
 * extended attribute PC_STATUS_XATTR of the mount's root directory. The writer
 * (fs/ops.c) and the reader (ctl/mount/probe.c) both go through this header.
 *
 * The text is "key=value" lines, each ending in '\n', in this order:
 *   pid=<daemon pid>  root=<absolute root>  shim=<shim helper>  commands=<N>  versions=<N>
 * Readers ignore keys they do not know (a newer daemon may add some); root and shim never
 * hold a newline (the daemon refuses such paths). */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define PC_STATUS_XATTR "user.pyenvfs.status"

/* Room for the whole text (two paths and three numbers). */
#define PC_STATUS_MAX (2 * PATH_MAX + 128)

struct pc_status {
	long pid;
	long commands; /* names in the listing */
	long versions; /* directories in versions/ that count (common/shims.h) */
	char root[PATH_MAX];
	char shim[PATH_MAX]; /* "" when the text had none */
};

/* Writes the text for st into buf (NUL-terminated, truncated to size). Returns the text's
 * full length, like snprintf. */
size_t pc_status_format(const struct pc_status *st, char *buf, size_t size);

/* Parses a status text (the last line may lack its '\n'). Returns true when pid, root,
 * commands and versions were all there and well-formed (numbers in decimal, a root that
 * fits); st is zeroed first and holds what was found either way. */
bool pc_status_parse(const char *text, struct pc_status *st);

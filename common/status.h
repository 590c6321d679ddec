/* pc_status: the daemon's status, read by pyenvfs-ctl (`status`, `mount`, `doctor`) as the
 * extended attribute PC_STATUS_XATTR of the mount's root directory. The writer
 * (fs/ops.c) and the reader (ctl/mount/probe.c) both go through this header.
 *
 * The text is "key=value" lines, each ending in '\n', in this order:
 *   pid=<daemon pid>  root=<absolute root>  shim=<shim helper>  commands=<N>  versions=<N>
 * then, from daemons that report what their polls cost (none of these when poll_ms is 0):
 *   poll_ms=<the polling interval>
 *   scan=<root> <polled> <dirs> <polls> <last_us> <max_us> <total_us>   one line per root
 * where root is 0 for PYENV_ROOT and i for the i-th extra root (the roots file's order,
 * common/roots.h), polled is 1 while the polls re-read that root whole (0: inotify covers
 * it), dirs counts the directories read from it since the start (by polls or events),
 * polls the polls that re-read it, and the last three their wall time in microseconds
 * (the last, the longest, the sum). Readers ignore keys they do not know (a newer daemon
 * may add some) and scan lines past PC_STATUS_SCANS_MAX or malformed; root and shim never
 * hold a newline (the daemon refuses such paths). */
#pragma once

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define PC_STATUS_XATTR "user.pyenvfs.status"

/* The scan lines a status holds at most (roots past it are not reported). */
#define PC_STATUS_SCANS_MAX 32

/* Room for the whole text (two paths, the numbers, the scan lines). */
#define PC_STATUS_MAX (2 * PATH_MAX + 128 + PC_STATUS_SCANS_MAX * 128)

/* One root's polling figures (a scan line). */
struct pc_status_scan {
	int root;    /* 0: PYENV_ROOT; i: the i-th extra root */
	bool polled; /* the polls re-read it whole */
	long long dirs, polls;
	long long last_us, max_us, total_us;
};

struct pc_status {
	long pid;
	long commands; /* names in the listing */
	long versions; /* directories in versions/ that count (common/shims.h) */
	char root[PATH_MAX];
	char shim[PATH_MAX]; /* "" when the text had none */
	long poll_ms;        /* 0 when the text had none */
	size_t nscans;
	struct pc_status_scan scans[PC_STATUS_SCANS_MAX];
};

/* Writes the text for st into buf (NUL-terminated, truncated to size). Returns the text's
 * full length, like snprintf. */
size_t pc_status_format(const struct pc_status *st, char *buf, size_t size);

/* Parses a status text (the last line may lack its '\n'). Returns true when pid, root,
 * commands and versions were all there and well-formed (numbers in decimal, a root that
 * fits); st is zeroed first and holds what was found either way. */
bool pc_status_parse(const char *text, struct pc_status *st);

/* The scan line of root (0: PYENV_ROOT, i: the i-th extra root), or NULL. */
const struct pc_status_scan *pc_status_scan_of(const struct pc_status *st, int root);

/* pc_status: see status.h. */
#include "common/status.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Appends the poll_ms and scan lines at buf + n (of size), returning the new full length. */
static size_t format_scans(const struct pc_status *st, char *buf, size_t size, size_t n)
{
	if (st->poll_ms <= 0)
		return n;
	int w = snprintf(buf + (n < size ? n : size), n < size ? size - n : 0, "poll_ms=%ld\n",
			 st->poll_ms);
	n += w < 0 ? 0 : (size_t)w;
	for (size_t i = 0; i < st->nscans && i < PC_STATUS_SCANS_MAX; i++) {
		const struct pc_status_scan *s = &st->scans[i];
		w = snprintf(buf + (n < size ? n : size), n < size ? size - n : 0,
			     "scan=%d %d %lld %lld %lld %lld %lld\n", s->root, s->polled ? 1 : 0,
			     s->dirs, s->polls, s->last_us, s->max_us, s->total_us);
		n += w < 0 ? 0 : (size_t)w;
	}
	return n;
}

size_t pc_status_format(const struct pc_status *st, char *buf, size_t size)
{
	int n = snprintf(buf, size, "pid=%ld\nroot=%s\nshim=%s\ncommands=%ld\nversions=%ld\n",
			 st->pid, st->root, st->shim, st->commands, st->versions);
	return n < 0 ? 0 : format_scans(st, buf, size, (size_t)n);
}

static bool parse_long(const char *s, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end)
		return false;
	*out = v;
	return true;
}

static bool copy_value(char *dst, size_t size, const char *val)
{
	size_t n = strlen(val);
	if (n >= size)
		return false;
	memcpy(dst, val, n + 1);
	return true;
}

/* "ROOT POLLED DIRS POLLS LAST MAX TOTAL": seven decimal numbers, single spaces, none
 * negative. Appended to st's scans when it is one and there is room. */
static void parse_scan(const char *val, struct pc_status *st)
{
	long long v[7];
	const char *s = val;
	for (int i = 0; i < 7; i++) {
		char *end;
		errno = 0;
		if (*s < '0' || *s > '9')
			return;
		v[i] = strtoll(s, &end, 10);
		if (errno || *end != (i < 6 ? ' ' : '\0'))
			return;
		s = end + (i < 6);
	}
	if (st->nscans >= PC_STATUS_SCANS_MAX || v[0] > INT_MAX || v[1] > 1)
		return;
	st->scans[st->nscans++] = (struct pc_status_scan){
		.root = (int)v[0], .polled = v[1] == 1, .dirs = v[2], .polls = v[3],
		.last_us = v[4], .max_us = v[5], .total_us = v[6],
	};
}

enum { SEEN_PID = 1, SEEN_ROOT = 2, SEEN_COMMANDS = 4, SEEN_VERSIONS = 8, SEEN_ALL = 15 };

/* One "key=value" line; returns the SEEN_ bit it filled in, or 0. */
static unsigned parse_line(const char *key, size_t klen, const char *val, struct pc_status *st)
{
#define KEY_IS(k) (klen == sizeof(k) - 1 && memcmp(key, k, klen) == 0)
	if (KEY_IS("pid"))
		return parse_long(val, &st->pid) ? SEEN_PID : 0;
	if (KEY_IS("root"))
		return copy_value(st->root, sizeof(st->root), val) ? SEEN_ROOT : 0;
	if (KEY_IS("commands"))
		return parse_long(val, &st->commands) ? SEEN_COMMANDS : 0;
	if (KEY_IS("versions"))
		return parse_long(val, &st->versions) ? SEEN_VERSIONS : 0;
	if (KEY_IS("shim"))
		copy_value(st->shim, sizeof(st->shim), val);
	if (KEY_IS("poll_ms") && (!parse_long(val, &st->poll_ms) || st->poll_ms < 0))
		st->poll_ms = 0;
	if (KEY_IS("scan"))
		parse_scan(val, st);
	return 0;
#undef KEY_IS
}

bool pc_status_parse(const char *text, struct pc_status *st)
{
	memset(st, 0, sizeof(*st));
	unsigned seen = 0;
	for (const char *line = text; line && *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		const char *eq = memchr(line, '=', len);
		char val[PATH_MAX];
		size_t klen = eq ? (size_t)(eq - line) : 0, vlen = eq ? len - klen - 1 : 0;
		if (eq && vlen < sizeof(val)) {
			memcpy(val, eq + 1, vlen);
			val[vlen] = '\0';
			seen |= parse_line(line, klen, val, st);
		}
		line = end ? end + 1 : NULL;
	}
	if (!st->poll_ms)
		st->nscans = 0; /* figures without their interval are not ones */
	return seen == SEEN_ALL;
}

const struct pc_status_scan *pc_status_scan_of(const struct pc_status *st, int root)
{
	for (size_t i = 0; i < st->nscans; i++)
		if (st->scans[i].root == root)
			return &st->scans[i];
	return NULL;
}

/* pc_status: see status.h. */
#include "common/status.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t pc_status_format(const struct pc_status *st, char *buf, size_t size)
{
	int n = snprintf(buf, size, "pid=%ld\nroot=%s\nshim=%s\ncommands=%ld\nversions=%ld\n",
			 st->pid, st->root, st->shim, st->commands, st->versions);
	return n < 0 ? 0 : (size_t)n;
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
	return seen == SEEN_ALL;
}

/* Fuzzes pyi_archpath_map and pyi_archpath_symlink_ok. Input: an entry path,
 * a NUL, a symlink target. Invariants: an accepted destination is relative,
 * has no empty, "." or ".." component; an accepted symlink target, resolved
 * lexically from the link's directory, never climbs above the root. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "installer/archpath.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_dest(const char *out)
{
	if (!out[0] || out[0] == '/')
		abort();
	const char *p = out;
	while (*p) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			abort();
		p += n;
		if (*p == '/')
			p++;
		if (slash && !*p)
			abort(); /* trailing slash */
	}
}

/* Depth reached by resolving target from the directory of link, lexically;
 * -1 when it ever goes above the root. */
static long resolve_depth(const char *link, const char *target)
{
	long depth = 0;
	for (const char *p = link; *p; p++)
		depth += *p == '/';
	const char *p = target;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			if (--depth < 0)
				return -1;
		} else if (!(n == 1 && p[0] == '.')) {
			depth++;
		}
		p += n;
	}
	return depth;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 2);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	buf[size + 1] = '\0';
	const char *entry = buf;
	const char *target = buf + strlen(buf) + 1;
	char out[256];
	const char *prefixes[] = {"python", "python/install"};
	for (int i = 0; i < 2; i++) {
		enum pyi_archpath_verdict v =
			pyi_archpath_map(entry, prefixes[i], i, out, sizeof(out));
		if (v == PYI_ARCHPATH_OK) {
			check_dest(out);
			if (pyi_archpath_symlink_ok(out, target) && resolve_depth(out, target) < 0)
				abort();
		}
		(void)pyi_archpath_reason(v);
	}
	free(buf);
	return 0;
}

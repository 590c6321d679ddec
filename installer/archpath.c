#include "installer/archpath.h"

#include <string.h>

/* Next component of *s (skipping slashes); sets *len, returns its start or
 * NULL at the end. */
static const char *next_comp(const char **s, size_t *len)
{
	const char *p = *s;
	while (*p == '/')
		p++;
	if (!*p)
		return NULL;
	const char *start = p;
	while (*p && *p != '/')
		p++;
	*len = (size_t)(p - start);
	*s = p;
	return start;
}

static int is_dot(const char *c, size_t n)
{
	return n == 1 && c[0] == '.';
}

static int is_dotdot(const char *c, size_t n)
{
	return n == 2 && c[0] == '.' && c[1] == '.';
}

enum pyi_archpath_verdict pyi_archpath_map(const char *entry, const char *prefix, int skip_outside,
					   char *out, size_t size)
{
	if (!entry || !entry[0] || size == 0)
		return PYI_ARCHPATH_INVALID;
	if (entry[0] == '/')
		return PYI_ARCHPATH_ABSOLUTE;
	/* first pass: refuse ".."; count how many prefix components match */
	const char *s = entry, *c;
	size_t n;
	while ((c = next_comp(&s, &n)))
		if (is_dotdot(c, n))
			return PYI_ARCHPATH_DOTDOT;
	s = entry;
	const char *pp = prefix ? prefix : "";
	size_t olen = 0;
	int in_prefix = 1, any = 0;
	while ((c = next_comp(&s, &n))) {
		if (is_dot(c, n))
			continue;
		any = 1;
		if (in_prefix) {
			size_t pn;
			const char *pc = next_comp(&pp, &pn);
			if (pc) {
				if (pn != n || memcmp(pc, c, n) != 0)
					return skip_outside ? PYI_ARCHPATH_SKIP
							    : PYI_ARCHPATH_OUTSIDE;
				continue;
			}
			in_prefix = 0;
		}
		if (olen + (olen ? 1 : 0) + n + 1 > size)
			return PYI_ARCHPATH_INVALID;
		if (olen)
			out[olen++] = '/';
		memcpy(out + olen, c, n);
		olen += n;
	}
	if (!any)
		return PYI_ARCHPATH_SKIP; /* "./": the archive's own top directory */
	if (in_prefix) {
		/* the path ended inside the prefix: python/ itself, or python/ of a
		 * full archive whose prefix is python/install */
		size_t pn;
		if (next_comp(&pp, &pn))
			return PYI_ARCHPATH_SKIP;
		return PYI_ARCHPATH_TOP;
	}
	out[olen] = '\0';
	return PYI_ARCHPATH_OK;
}

bool pyi_archpath_symlink_ok(const char *link, const char *target)
{
	if (!link || !target || !target[0] || target[0] == '/')
		return false;
	/* parent directories of link */
	long depth = -1;
	const char *s = link, *c;
	size_t n;
	while ((c = next_comp(&s, &n))) {
		if (is_dot(c, n) || is_dotdot(c, n))
			return false;
		depth++;
	}
	if (depth < 0)
		return false;
	long up = 0;
	bool descended = false;
	s = target;
	while ((c = next_comp(&s, &n))) {
		if (is_dot(c, n))
			continue;
		if (is_dotdot(c, n)) {
			if (descended || ++up > depth)
				return false;
			continue;
		}
		descended = true;
	}
	return true;
}

const char *pyi_archpath_reason(enum pyi_archpath_verdict v)
{
	switch (v) {
	case PYI_ARCHPATH_ABSOLUTE:
		return "an absolute path";
	case PYI_ARCHPATH_DOTDOT:
		return "a `..' component";
	case PYI_ARCHPATH_OUTSIDE:
		return "outside the archive's python/ directory";
	case PYI_ARCHPATH_INVALID:
		return "an empty or too long path";
	default:
		return "accepted";
	}
}

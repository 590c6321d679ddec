#include "installer/version.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Reads a decimal number of at most 6 digits at *s. */
static bool read_num(const char **s, int *out)
{
	const char *p = *s;
	int n = 0, digits = 0;
	while (isdigit((unsigned char)*p)) {
		if (++digits > 6)
			return false;
		n = n * 10 + (*p - '0');
		p++;
	}
	if (digits == 0)
		return false;
	*out = n;
	*s = p;
	return true;
}

/* Rank of a prerelease kind: a=0, b=1, rc=2; final=3. Sets *num. */
static int pre_rank(const char *pre, int *num)
{
	*num = 0;
	if (!pre[0])
		return 3;
	const char *p = pre;
	int rank;
	if (p[0] == 'r' && p[1] == 'c') {
		rank = 2;
		p += 2;
	} else if (p[0] == 'a' || p[0] == 'b') {
		rank = p[0] == 'a' ? 0 : 1;
		p += 1;
	} else {
		return -1;
	}
	if (!read_num(&p, num) || *p)
		return -1;
	return rank;
}

bool pyi_pre_valid(const char *pre)
{
	int num;
	return pre && strlen(pre) < sizeof(((struct pyi_version *)0)->pre) &&
	       pre_rank(pre, &num) >= 0;
}

bool pyi_request_parse(const char *s, struct pyi_request *req)
{
	memset(req, 0, sizeof(*req));
	if (!s)
		return false;
	if (strncmp(s, "cpython-", 8) == 0)
		s += 8;
	else if (strncmp(s, "python-", 7) == 0)
		s += 7;
	const char *p = s;
	if (!read_num(&p, &req->v.major))
		return false;
	if (*p == '.') {
		p++;
		if (!read_num(&p, &req->v.minor))
			return false;
		req->has_minor = true;
		if (*p == '.') {
			p++;
			if (!read_num(&p, &req->v.patch))
				return false;
			req->has_patch = true;
			size_t n = 0;
			while (p[n] && p[n] != 't' && n < sizeof(req->v.pre) - 1) {
				req->v.pre[n] = p[n];
				n++;
			}
			req->v.pre[n] = '\0';
			p += n;
			if (!pyi_pre_valid(req->v.pre))
				return false;
		}
	}
	if (*p == 't') {
		req->v.freethreaded = true;
		p++;
	}
	return *p == '\0';
}

bool pyi_request_matches(const struct pyi_request *req, const struct pyi_version *v)
{
	if (req->v.major != v->major || req->v.freethreaded != v->freethreaded)
		return false;
	if (req->has_minor && req->v.minor != v->minor)
		return false;
	if (req->has_patch)
		return req->v.patch == v->patch && strcmp(req->v.pre, v->pre) == 0;
	return v->pre[0] == '\0';
}

int pyi_version_cmp(const struct pyi_version *a, const struct pyi_version *b)
{
	if (a->major != b->major)
		return a->major < b->major ? -1 : 1;
	if (a->minor != b->minor)
		return a->minor < b->minor ? -1 : 1;
	if (a->patch != b->patch)
		return a->patch < b->patch ? -1 : 1;
	int na, nb;
	int ra = pre_rank(a->pre, &na), rb = pre_rank(b->pre, &nb);
	if (ra != rb)
		return ra < rb ? -1 : 1;
	if (na != nb)
		return na < nb ? -1 : 1;
	if (a->freethreaded != b->freethreaded)
		return a->freethreaded ? 1 : -1;
	return 0;
}

bool pyi_version_name(const struct pyi_version *v, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%d.%d.%d%s%s", v->major, v->minor, v->patch, v->pre,
			 v->freethreaded ? "t" : "");
	return n >= 0 && (size_t)n < size;
}

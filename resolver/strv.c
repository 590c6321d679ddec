#include "resolver/strv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rv_strv_take(struct rv_strv *sv, char *s)
{
	if (!s)
		return -ENOMEM;
	if (sv->n + 2 > sv->cap) {
		size_t cap = sv->cap ? sv->cap * 2 : 8;
		char **v = realloc(sv->v, cap * sizeof(*v));
		if (!v) {
			free(s);
			return -ENOMEM;
		}
		sv->v = v;
		sv->cap = cap;
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
	return 0;
}

int rv_strv_pushn(struct rv_strv *sv, const char *s, size_t len)
{
	return rv_strv_take(sv, strndup(s, len));
}

int rv_strv_push(struct rv_strv *sv, const char *s)
{
	return rv_strv_take(sv, strdup(s));
}

int rv_strv_pushf(struct rv_strv *sv, const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int r = vasprintf(&s, fmt, ap);
	va_end(ap);
	return rv_strv_take(sv, r < 0 ? NULL : s);
}

bool rv_strv_contains(const struct rv_strv *sv, const char *s)
{
	for (size_t i = 0; i < sv->n; i++)
		if (strcmp(sv->v[i], s) == 0)
			return true;
	return false;
}

void rv_strv_clear(struct rv_strv *sv)
{
	for (size_t i = 0; i < sv->n; i++)
		free(sv->v[i]);
	free(sv->v);
	sv->v = NULL;
	sv->n = sv->cap = 0;
}

int rv_strv_split(struct rv_strv *sv, const char *s, char sep)
{
	while (*s) {
		const char *e = strchr(s, sep);
		size_t len = e ? (size_t)(e - s) : strlen(s);
		int r = rv_strv_pushn(sv, s, len);
		if (r < 0)
			return r;
		if (!e)
			break;
		s = e + 1;
	}
	return 0;
}

char *rv_strv_join(const struct rv_strv *sv, const char *sep)
{
	size_t seplen = strlen(sep), len = 1;
	for (size_t i = 0; i < sv->n; i++)
		len += strlen(sv->v[i]) + seplen;
	char *out = malloc(len), *p = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < sv->n; i++) {
		if (i) {
			memcpy(p, sep, seplen);
			p += seplen;
		}
		size_t l = strlen(sv->v[i]);
		memcpy(p, sv->v[i], l);
		p += l;
	}
	*p = '\0';
	return out;
}

char *rv_strf(const char *fmt, ...)
{
	char *s = NULL;
	va_list ap;
	va_start(ap, fmt);
	int r = vasprintf(&s, fmt, ap);
	va_end(ap);
	return r < 0 ? NULL : s;
}

bool rv_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

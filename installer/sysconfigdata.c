/* pyi_scd: see sysconfigdata.h. A recursive-descent reader of the one shape the file
 * has; values are kept decoded (UTF-8) and written back with Python escapes. */
#include "installer/sysconfigdata.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct var {
	char *key;
	char *str; /* the decoded string, or NULL */
	char *num; /* the integer's text, or NULL */
};

struct pyi_scd {
	struct var *v;
	size_t n, cap;
};

struct reader {
	const char *s;
	size_t len, pos;
	char *why;
	size_t why_size;
};

/* A growing string. */
struct sbuf {
	char *p;
	size_t n, cap;
	bool oom;
};

static void sb_add(struct sbuf *b, const char *p, size_t n)
{
	if (b->oom)
		return;
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (b->n + n + 1 > cap)
			cap *= 2;
		char *q = realloc(b->p, cap);
		if (!q) {
			b->oom = true;
			return;
		}
		b->p = q;
		b->cap = cap;
	}
	memcpy(b->p + b->n, p, n);
	b->n += n;
	b->p[b->n] = '\0';
}

static bool fail(struct reader *r, const char *what)
{
	if (r->why && r->why_size && !r->why[0])
		snprintf(r->why, r->why_size, "%s at byte %zu", what, r->pos);
	return false;
}

static void skip_space(struct reader *r)
{
	while (r->pos < r->len) {
		char c = r->s[r->pos];
		if (c == '#') {
			while (r->pos < r->len && r->s[r->pos] != '\n')
				r->pos++;
		} else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
			r->pos++;
		} else {
			return;
		}
	}
}

static bool expect(struct reader *r, const char *word, const char *why)
{
	skip_space(r);
	size_t n = strlen(word);
	if (r->len - r->pos < n || memcmp(r->s + r->pos, word, n) != 0)
		return fail(r, why);
	r->pos += n;
	return true;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static bool read_hex(struct reader *r, int digits, uint32_t *out)
{
	*out = 0;
	for (int i = 0; i < digits; i++) {
		int h = r->pos < r->len ? hexval(r->s[r->pos]) : -1;
		if (h < 0)
			return fail(r, "a bad escape");
		*out = *out * 16 + (uint32_t)h;
		r->pos++;
	}
	return true;
}

static void add_utf8(struct sbuf *b, uint32_t c)
{
	char u[4];
	size_t n;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	sb_add(b, u, n);
}

/* \uHHHH, with a following \uHHHH when it is the first half of a surrogate pair. */
static bool read_u(struct reader *r, struct sbuf *b)
{
	uint32_t c, lo;
	if (!read_hex(r, 4, &c))
		return false;
	if (c == 0)
		return fail(r, "a NUL character");
	if (c >= 0xdc00 && c <= 0xdfff)
		return fail(r, "a lone surrogate");
	if (c >= 0xd800 && c <= 0xdbff) {
		if (r->len - r->pos < 2 || r->s[r->pos] != '\\' || r->s[r->pos + 1] != 'u')
			return fail(r, "a lone surrogate");
		r->pos += 2;
		if (!read_hex(r, 4, &lo) || lo < 0xdc00 || lo > 0xdfff)
			return fail(r, "a lone surrogate");
		c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
	}
	add_utf8(b, c);
	return true;
}

static bool read_escape(struct reader *r, struct sbuf *b)
{
	if (r->pos >= r->len)
		return fail(r, "an unterminated string");
	char c = r->s[r->pos++];
	uint32_t x;
	switch (c) {
	case '\\':
	case '\'':
	case '"':
		sb_add(b, &c, 1);
		return true;
	case 'n':
		sb_add(b, "\n", 1);
		return true;
	case 'r':
		sb_add(b, "\r", 1);
		return true;
	case 't':
		sb_add(b, "\t", 1);
		return true;
	case '\n':
		return true; /* a continued line */
	case 'x':
		if (!read_hex(r, 2, &x))
			return false;
		if (x == 0)
			return fail(r, "a NUL character");
		add_utf8(b, x);
		return true;
	case 'u':
		return read_u(r, b);
	default:
		return fail(r, "an unknown escape");
	}
}

/* One quoted literal, appended to b. */
static bool read_literal(struct reader *r, struct sbuf *b)
{
	char q = r->s[r->pos++];
	while (r->pos < r->len) {
		char c = r->s[r->pos++];
		if (c == q)
			return true;
		if (c == '\n')
			break;
		if (c == '\\') {
			if (!read_escape(r, b))
				return false;
		} else {
			sb_add(b, &c, 1);
		}
	}
	return fail(r, "an unterminated string");
}

static bool at_quote(struct reader *r)
{
	skip_space(r);
	return r->pos < r->len && (r->s[r->pos] == '\'' || r->s[r->pos] == '"');
}

/* One or more literals in a row: their concatenation (a new string) in *out. */
static bool read_strings(struct reader *r, char **out)
{
	struct sbuf b = {0};
	sb_add(&b, "", 0);
	bool ok = at_quote(r) || fail(r, "no string");
	while (ok && at_quote(r))
		ok = read_literal(r, &b);
	if (ok && b.oom)
		ok = fail(r, "out of memory");
	if (!ok) {
		free(b.p);
		return false;
	}
	*out = b.p;
	return true;
}

static bool read_int(struct reader *r, char **out)
{
	skip_space(r);
	size_t start = r->pos;
	if (r->pos < r->len && r->s[r->pos] == '-')
		r->pos++;
	size_t digits = r->pos;
	while (r->pos < r->len && r->s[r->pos] >= '0' && r->s[r->pos] <= '9')
		r->pos++;
	if (r->pos == digits)
		return fail(r, "a value that is neither a string nor an integer");
	*out = strndup(r->s + start, r->pos - start);
	return *out || fail(r, "out of memory");
}

static bool push(struct pyi_scd *d, struct var v)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;
		struct var *nv = realloc(d->v, cap * sizeof(*nv));
		if (!nv)
			return false;
		d->v = nv;
		d->cap = cap;
	}
	d->v[d->n++] = v;
	return true;
}

static bool read_var(struct reader *r, struct pyi_scd *d)
{
	struct var v = {0};
	bool ok = read_strings(r, &v.key) && expect(r, ":", "no ':' after a name");
	if (ok)
		ok = at_quote(r) ? read_strings(r, &v.str) : read_int(r, &v.num);
	if (ok && !push(d, v))
		ok = fail(r, "out of memory");
	if (!ok) {
		free(v.key);
		free(v.str);
		free(v.num);
	}
	return ok;
}

static bool read_dict(struct reader *r, struct pyi_scd *d)
{
	const char *why = "no build_time_vars = {...}";
	if (!expect(r, "build_time_vars", why) || !expect(r, "=", why) || !expect(r, "{", why))
		return false;
	for (;;) {
		skip_space(r);
		if (r->pos < r->len && r->s[r->pos] == '}')
			break;
		if (!read_var(r, d))
			return false;
		skip_space(r);
		if (r->pos < r->len && r->s[r->pos] == ',')
			r->pos++;
		else if (r->pos >= r->len || r->s[r->pos] != '}')
			return fail(r, "no ',' or '}' after a value");
	}
	r->pos++;
	skip_space(r);
	return r->pos == r->len || fail(r, "text after the dict");
}

struct pyi_scd *pyi_scd_parse(const char *text, size_t len, char *why, size_t why_size)
{
	if (why && why_size)
		why[0] = '\0';
	struct reader r = {text, len, 0, why, why_size};
	struct pyi_scd *d = calloc(1, sizeof(*d));
	if (!d) {
		fail(&r, "out of memory");
		return NULL;
	}
	if (memchr(text, '\0', len)) {
		fail(&r, "a NUL byte");
		pyi_scd_destroy(d);
		return NULL;
	}
	if (!read_dict(&r, d)) {
		pyi_scd_destroy(d);
		return NULL;
	}
	return d;
}

void pyi_scd_destroy(struct pyi_scd *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].key);
		free(d->v[i].str);
		free(d->v[i].num);
	}
	free(d->v);
	free(d);
}

size_t pyi_scd_size(const struct pyi_scd *d)
{
	return d->n;
}

const char *pyi_scd_key(const struct pyi_scd *d, size_t i)
{
	return d->v[i].key;
}

const char *pyi_scd_str(const struct pyi_scd *d, size_t i)
{
	return d->v[i].str;
}

const char *pyi_scd_get(const struct pyi_scd *d, const char *key)
{
	for (size_t i = 0; i < d->n; i++)
		if (strcmp(d->v[i].key, key) == 0)
			return d->v[i].str;
	return NULL;
}

bool pyi_scd_set(struct pyi_scd *d, size_t i, const char *value)
{
	char *s = strdup(value);
	if (!s)
		return false;
	free(d->v[i].str);
	d->v[i].str = s;
	return true;
}

static void add_quoted(struct sbuf *b, const char *s)
{
	sb_add(b, "'", 1);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		char esc[5];
		if (*p == '\\' || *p == '\'')
			snprintf(esc, sizeof(esc), "\\%c", *p);
		else if (*p == '\n')
			snprintf(esc, sizeof(esc), "\\n");
		else if (*p == '\r')
			snprintf(esc, sizeof(esc), "\\r");
		else if (*p == '\t')
			snprintf(esc, sizeof(esc), "\\t");
		else if (*p < 0x20 || *p == 0x7f)
			snprintf(esc, sizeof(esc), "\\x%02x", *p);
		else {
			sb_add(b, (const char *)p, 1);
			continue;
		}
		sb_add(b, esc, strlen(esc));
	}
	sb_add(b, "'", 1);
}

char *pyi_scd_format(const struct pyi_scd *d)
{
	static const char head[] =
		"# system configuration generated and used by the sysconfig "
		"module\n# (paths and compiler adjusted by pyenvfs-ctl install)\n"
		"build_time_vars = {\n";
	struct sbuf b = {0};
	sb_add(&b, head, strlen(head));
	for (size_t i = 0; i < d->n; i++) {
		sb_add(&b, "    ", 4);
		add_quoted(&b, d->v[i].key);
		sb_add(&b, ": ", 2);
		if (d->v[i].str)
			add_quoted(&b, d->v[i].str);
		else
			sb_add(&b, d->v[i].num, strlen(d->v[i].num));
		sb_add(&b, ",\n", 2);
	}
	sb_add(&b, "}\n", 2);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

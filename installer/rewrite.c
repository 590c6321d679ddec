/* pyi_rw: see rewrite.h. Every function builds its result in one pass into a buffer
 * sized for the worst case. */
#include "installer/rewrite.h"

#include <stdlib.h>
#include <string.h>

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A character that separates words for the flag and compiler rewrites. */
static bool is_sep(char c)
{
	return is_blank(c) || c == '"' || c == '\'';
}

static bool is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '+' || c == '-';
}

/* What may come right before a path that we rewrite. */
static bool before_path(char c)
{
	return is_sep(c) || c == '=' || c == ',' || c == ':' || c == ';' || c == '(';
}

static bool starts_path(const char *s, size_t i)
{
	if (i == 0 || before_path(s[i - 1]))
		return true;
	/* -I/install/include, -L/install/lib */
	return i >= 2 && s[i - 2] == '-' && (s[i - 1] == 'I' || s[i - 1] == 'L') &&
	       (i == 2 || before_path(s[i - 3]));
}

char *pyi_rw_prefix(const char *s, const char *from, const char *to, size_t *n)
{
	size_t slen = strlen(s), flen = strlen(from), tlen = strlen(to);
	size_t most = flen ? slen / flen + 1 : 1;
	char *out = malloc(slen + most * (tlen > flen ? tlen - flen : 0) + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < slen;) {
		if (flen && strncmp(s + i, from, flen) == 0 && starts_path(s, i) &&
		    (s[i + flen] == '/' || !is_name_char(s[i + flen]))) {
			memcpy(out + o, to, tlen);
			o += tlen;
			i += flen;
			(*n)++;
			continue;
		}
		out[o++] = s[i++];
	}
	out[o] = '\0';
	return out;
}

bool pyi_rw_clang_only(const char *word, size_t len)
{
	static const char *const exact[] = {
		"-Qunused-arguments",
		"-Wno-unused-command-line-argument",
		"-Werror=unguarded-availability-new",
		"-flto=thin",
	};
	static const char *const prefixes[] = {
		"-fdebug-default-version=",
		"-fprofile-instr-",
		"-rtlib=",
		"--rtlib=",
		"-unwindlib=",
		"--unwindlib=",
		"--target=",
	};
	for (size_t i = 0; i < sizeof(exact) / sizeof(*exact); i++)
		if (len == strlen(exact[i]) && memcmp(word, exact[i], len) == 0)
			return true;
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
		size_t plen = strlen(prefixes[i]);
		if (len >= plen && memcmp(word, prefixes[i], plen) == 0)
			return true;
	}
	return false;
}

char *pyi_rw_drop_clang_flags(const char *s, size_t *n)
{
	size_t slen = strlen(s);
	char *out = malloc(slen + 1);
	if (!out)
		return NULL;
	size_t o = 0, i = 0;
	while (i < slen) {
		if (is_sep(s[i])) {
			out[o++] = s[i++];
			continue;
		}
		size_t end = i;
		while (end < slen && !is_sep(s[end]))
			end++;
		if (!pyi_rw_clang_only(s + i, end - i)) {
			memcpy(out + o, s + i, end - i);
			o += end - i;
		} else {
			(*n)++;
			size_t after = end;
			while (after < slen && is_blank(s[after]) && s[after] != '\n')
				after++;
			if (after > end) /* "a\t-flag b" -> "a\tb" */
				end = after;
			else /* "a -flag" -> "a" */
				while (o > 0 && is_blank(out[o - 1]) && out[o - 1] != '\n')
					o--;
		}
		i = end;
	}
	out[o] = '\0';
	return out;
}

char *pyi_rw_first_word(const char *s, const char *from, const char *to, size_t *n)
{
	size_t lead = 0;
	while (is_blank(s[lead]))
		lead++;
	size_t flen = strlen(from);
	bool match = flen && strncmp(s + lead, from, flen) == 0 &&
		     (s[lead + flen] == '\0' || is_sep(s[lead + flen]));
	size_t slen = strlen(s), tlen = strlen(to);
	char *out = malloc(slen + tlen + 1);
	if (!out)
		return NULL;
	if (!match) {
		memcpy(out, s, slen + 1);
		return out;
	}
	memcpy(out, s, lead);
	memcpy(out + lead, to, tlen);
	memcpy(out + lead + tlen, s + lead + flen, slen - lead - flen + 1);
	(*n)++;
	return out;
}

bool pyi_rw_first(const char *s, char *buf, size_t size)
{
	while (is_blank(*s))
		s++;
	size_t len = 0;
	while (s[len] && !is_sep(s[len]))
		len++;
	if (len == 0 || len >= size)
		return false;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return true;
}

/* strv: a growable NULL-terminated vector of owned strings, and small string helpers. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct rv_strv {
	char **v; /* NULL-terminated when n > 0 or after any push; may be NULL when empty */
	size_t n;
	size_t cap;
};

/* Appends a copy of s (or of its first len bytes). Returns 0 or -ENOMEM. */
int rv_strv_push(struct rv_strv *sv, const char *s);
int rv_strv_pushn(struct rv_strv *sv, const char *s, size_t len);
/* Appends s itself: takes ownership (freed on failure). Returns 0 or -ENOMEM. */
int rv_strv_take(struct rv_strv *sv, char *s);
/* Appends a formatted string. Returns 0 or -ENOMEM. */
int rv_strv_pushf(struct rv_strv *sv, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* True when an element equals s. */
bool rv_strv_contains(const struct rv_strv *sv, const char *s);
/* Frees every element and the vector; leaves sv empty and reusable. */
void rv_strv_clear(struct rv_strv *sv);
/* Splits s at every sep the way bash's `IFS=<sep>; x=($s)` does with a non-blank
 * separator: empty fields between separators are kept, one trailing empty field is
 * dropped, an empty s gives no field. Returns 0 or -ENOMEM. */
int rv_strv_split(struct rv_strv *sv, const char *s, char sep);
/* Joins the elements with sep into a new string ("" when empty); NULL on ENOMEM. */
char *rv_strv_join(const struct rv_strv *sv, const char *sep);

/* malloc'ed formatted string or NULL on ENOMEM. */
char *rv_strf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* True when s starts with prefix. */
bool rv_startswith(const char *s, const char *prefix);

/* pyi_rw: the text rewrites of the install fix-up (installer/fixup.h), as pure string
 * functions: no file system access, so they are unit-tested on their own. Each returns a
 * new string (free it) and adds the number of changes it made to *n; NULL means out of
 * memory. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Replaces the path `from` (e.g. "/install") by `to` wherever it starts a path: at the
 * start of s; after a blank, a quote, '=', ',', ':', ';' or '('; or after "-I" or "-L"
 * that start a word themselves ("-I/install/include"). It must end there or continue
 * with '/' or a character that cannot be part of a file name word (anything but
 * [A-Za-z0-9._+-]), so "/installer" and "/opt/install" are left alone. */
char *pyi_rw_prefix(const char *s, const char *from, const char *to, size_t *n);

/* Whether the len bytes at word are a compiler flag that only clang knows (gcc refuses
 * it): -fdebug-default-version=N, -fprofile-instr-*, -Qunused-arguments,
 * -Wno-unused-command-line-argument, -Werror=unguarded-availability-new, -flto=thin,
 * -rtlib=*, --rtlib=*, -unwindlib=*, --unwindlib=*, --target=*. */
bool pyi_rw_clang_only(const char *word, size_t len);

/* Removes every word of s that pyi_rw_clang_only() accepts, with the blanks after it
 * (before it, when none follow). Words are separated by blanks and quotes, so a flag
 * inside "..." in a shell script is found too; lines stay lines. */
char *pyi_rw_drop_clang_flags(const char *s, size_t *n);

/* When the first word of s (after leading blanks) is `from`, replaces it by `to`. */
char *pyi_rw_first_word(const char *s, const char *from, const char *to, size_t *n);

/* The first word of s (after leading blanks) into buf: false when s has none or it does
 * not fit. */
bool pyi_rw_first(const char *s, char *buf, size_t size);

/* pyi_scd: reads and writes CPython's lib/pythonX.Y/_sysconfigdata_*.py, the module
 * sysconfig.get_config_var() answers from. It is Python source of one shape only:
 *     # comments
 *     build_time_vars = {'KEY': 'value' 'more', 'N': 1, ...}
 * with single- or double-quoted string literals (several in a row are concatenated, as
 * pprint writes long values; \\ \' \" \n \r \t \xHH \uHHHH escapes) and integer values
 * — pprint's layout (older CPython, most python-build-standalone releases) and json's
 * (newer python-build-standalone releases) alike. Anything else is malformed. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct pyi_scd;

/* Parses len bytes of such a file. Returns the data, or NULL with a short reason in
 * why (why_size bytes; "out of memory" on ENOMEM). */
struct pyi_scd *pyi_scd_parse(const char *text, size_t len, char *why, size_t why_size);

/* Frees the data; NULL is fine. */
void pyi_scd_destroy(struct pyi_scd *d);

/* The number of variables, and variable i's name; its string value, or NULL when it is
 * an integer. Order is the file's. */
size_t pyi_scd_size(const struct pyi_scd *d);
const char *pyi_scd_key(const struct pyi_scd *d, size_t i);
const char *pyi_scd_str(const struct pyi_scd *d, size_t i);

/* The string value of variable key, or NULL (absent or an integer). */
const char *pyi_scd_get(const struct pyi_scd *d, const char *key);

/* Replaces string variable i's value by value (copied). False: out of memory. */
bool pyi_scd_set(struct pyi_scd *d, size_t i, const char *value);

/* The data as Python source that parses back to the same variables, one per line:
 * a new string (free it), or NULL when out of memory. */
char *pyi_scd_format(const struct pyi_scd *d);

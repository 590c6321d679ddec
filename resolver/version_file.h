/* version_file: reading, finding and writing pyenv version files (.python-version,
 * $PYENV_ROOT/version) with pyenv 2.6's rules. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "resolver/strv.h"

/* One word read from a version file, in file order. */
struct rv_vfile_word {
	char *word;
	/* false: the CVE-2022-35861 check rejected it (`..`, or a path with '/' that does
	 * not stay inside versions/); pyenv warns "invalid version `W' ignored in `FILE'". */
	bool safe;
	/* .tool-versions only: a `python` line without a version; word is that line */
	bool malformed;
	size_t line; /* its line number in the file, from 1 */
};

struct rv_vfile {
	struct rv_vfile_word *words;
	size_t n;
	size_t cap;
	size_t n_safe;
};

/* Reads the version file at path like `pyenv version-file-read`: per line (lines are
 * cut at '\n' and after 1024 characters, NUL bytes are dropped) the first word after
 * blanks (space, tab, CR); empty words and words starting with '#' are skipped; each
 * other word is checked against root/versions (pwd resolves a relative root).
 * Appends to vf. Returns 0 when the file was read (vf->n_safe may be 0), -ENOENT when
 * it is missing or empty (pyenv's `[ -s FILE ]`), another -errno when reading fails
 * (e.g. -EISDIR), -ENOMEM. */
int rv_vfile_read(struct rv_vfile *vf, const char *path, const char *root, const char *pwd);

/* The same parser over a buffer already in memory (tests, fuzzing). Returns 0 or -ENOMEM. */
int rv_vfile_parse(struct rv_vfile *vf, const char *buf, size_t len, const char *root,
		   const char *pwd);

/* The safe words joined with ':' (what version-file-read prints); NULL when there are
 * none or on ENOMEM (errno tells). */
char *rv_vfile_join(const struct rv_vfile *vf);

/* Appends "<prog>: invalid version `W' ignored in `PATH'" for each unsafe word and
 * "<prog>: malformed line N ignored in `PATH'" for each malformed one. */
int rv_vfile_warnings(const struct rv_vfile *vf, const char *prog, const char *path,
		      struct rv_strv *msgs);

/* Appends the word w[0..n) read at line; safe is computed with rv_version_is_safe unless
 * malformed (then w is the reason and the word is not safe). Returns 0 or -ENOMEM. */
int rv_vfile_add(struct rv_vfile *vf, const char *w, size_t n, size_t line, bool malformed,
		 const char *root, const char *pwd);

/* Frees the words; vf is empty and reusable. */
void rv_vfile_finish(struct rv_vfile *vf);

/* pyenv's is_version_safe(): true for words without '/' other than `..`; else true only
 * when `cd "$root/versions/$word"` succeeds and lands under "$root/versions/". */
bool rv_version_is_safe(const char *word, const char *root, const char *pwd);

/* Finds "<dir or an ancestor>/.python-version" that is a regular file, walking up with
 * "${dir%/(star)}" like pyenv-version-file. Returns 0 with *out malloc'ed, -ENOENT, -ENOMEM. */
int rv_vfile_find(const char *dir, char **out);
/* rv_vfile_find that, in each directory without a .python-version, also takes
 * "<dir>/<other>" when it is a regular file accept (NULL: any) takes (other NULL: none).
 * The .tool-versions source: other RV_TOOL_VERSIONS, accept rv_toolv_names_python. */
int rv_vfile_find_ex(const char *dir, const char *other, bool (*accept)(const char *path),
		     char **out);

/* Truncates path and writes one name per line (pyenv-version-file-write, without its
 * install check). Returns 0 or -errno. */
int rv_vfile_write(const char *path, char *const *names, size_t n);

/* venv: what pyenv-virtualenv 1.4's scripts read from an env's own files to find the
 * version it was made from (bin/pyenv-virtualenv-prefix, etc/pyenv.d/which/(star).bash):
 * a venv's pyvenv.cfg, a virtualenv's orig-prefix.txt and no-global-site-packages.txt.
 * Each function follows the shell pipeline named in its comment, byte for byte (NUL bytes
 * are dropped as bash drops them from a command substitution, without its warning). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* `"$(cut -b 1-1024 CFG | sed -n '/^ *home *= (star)/s///p')"` on text (CFG's len bytes),
 * then "${x%/bin}": of each line cut to 1024 bytes that starts with spaces, "home",
 * spaces, "=", the rest after the spaces that follow; several such lines joined with
 * newlines. Malloc'ed ("" when no line matches); NULL on ENOMEM. */
char *rv_venv_cfg_prefix(const char *text, size_t len);

/* `grep -q -i "include-system-site-packages *= *true"` on text (ASCII case folding). */
bool rv_venv_cfg_include(const char *text, size_t len);

/* What the env at dir says, after the scripts' bin/activate and bin/conda tests. */
struct rv_venv {
	/* virtualenv_prefix: the base's prefix (malloc'ed); NULL when the scripts leave the
	 * variable unset (a virtualenv without orig-prefix.txt, and prev NULL) */
	char *prefix;
	bool include; /* include_system_site_packages: it sees the base's site packages */
};

/* Reads dir (root/versions/V) as the scripts do: a venv when dir/pyvenv.cfg is a file
 * (rv_venv_cfg_prefix and rv_venv_cfg_include of it; unreadable: empty); else a
 * virtualenv, whose lib dir is dir/Lib or dir/lib-python when a directory, else dir/lib:
 * the first orig-prefix.txt and no-global-site-packages.txt of `find LIB/ -maxdepth 2
 * -type f -name NAME | head -1` (depth first in directory order, symlinks not
 * followed); prefix is "$(cat ORIG 2>/dev/null || true)" when one is found, else prev
 * (the variable's value before: NULL unset), include when there is no
 * no-global-site-packages.txt. Returns 0 or -ENOMEM; finish v in every case. */
int rv_venv_read(const char *dir, const char *prev, struct rv_venv *v);
void rv_venv_finish(struct rv_venv *v);

/* pyi_fixup: makes an unpacked python-build-standalone build work from where it is
 * installed, as a Python that pyenv compiled on this machine would. Such builds are made
 * under /install with the build machine's clang, and ship that in their build
 * configuration: sysconfig.get_config_var() (INCLUDEPY, LIBDIR, CC...), pip's C
 * extension builds, python3-config, pkg-config and the config Makefile would name
 * /install/... and a compiler this machine may lack.
 *
 * Run on the temp dir after extraction, before the version becomes visible; it changes:
 *  - lib/pythonX.Y[t]/_sysconfigdata_*.py: the archive's prefix (/install, and the
 *    `prefix` it names when that differs and is no system directory) becomes the final
 *    prefix in every value; CC, CXX, LDSHARED, LDCXXSHARED, BLDSHARED, LINKCC, MAINCC
 *    and CPP use cc/c++ instead of a compiler not found in PATH, AR uses ar instead of
 *    an archiver not found; when the compiler replaced was a clang, the flags only
 *    clang knows (pyi_rw_clang_only) are dropped. Byte-compiled copies of the file
 *    (__pycache__/NAME.*.pyc) are removed.
 *  - lib/pythonX.Y[t]/config-X.Y*-* /Makefile: the same, as text (NAME= lines).
 *  - lib/pkgconfig/ *.pc: the prefix. bin/python*-config: the prefix and the flags.
 *  - bin/ scripts whose "#!" line names the archive's prefix: that line (a /bin/sh
 *    trampoline when the new line would be longer than the kernel reads).
 * Symbolic links are never followed, and files that do not start with "#!" in bin/ (the
 * interpreter) are never opened for writing. A tree without _sysconfigdata_*.py is
 * left as it is.
 *
 * What was changed is recorded in <dir>/.pyenvfs-fixup, a text file of lines
 * "KEYWORD<TAB>VALUE[<TAB>VALUE]":
 *     prefix    OLD NEW      an archive prefix rewritten to the final one
 *     compiler  OLD NEW      a compiler (or archiver) replaced
 *     flags     N            clang-only flags dropped (a count)
 *     rewrote   PATH         a file changed (relative to the version)
 *     removed   PATH         a byte-compiled cache removed
 *     terminfo  DIRS         TERMINFO_DIRS the shims give this version when unset
 *     took      N            how long the fix-up took, in microseconds (last)
 * preceded by one comment line ("# ...").
 *
 * Builds released before 20240224 (build tag; unknown counts as before) have a terminal
 * library that looks in /usr/share/terminfo only, later ones in /etc/terminfo,
 * /lib/terminfo and /usr/share/terminfo: for the former, those of the three that exist
 * here become the target of the symbolic link <dir>/.pyenvfs-terminfo, which the shims
 * read (one readlink) to set TERMINFO_DIRS when it is unset. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "installer/pyi_err.h"

#define PYI_FIXUP_RECORD   ".pyenvfs-fixup"
#define PYI_FIXUP_TERMINFO ".pyenvfs-terminfo"

struct pyi_fixup_opts {
	const char *dir;    /* the unpacked tree (the install's temp dir) */
	const char *prefix; /* where it will be: $PYENV_ROOT/versions/<name> */
	const char *build;  /* the build's release tag (YYYYMMDD), "" or NULL unknown */
	const char *path;   /* where compilers are looked for; NULL: $PATH */
};

/* Applies the fix-up to o->dir and writes its record there. False with err set
 * (PYI_E_ARCHIVE: a malformed file; PYI_E_IO: a file that cannot be read or written);
 * files may then be half done: the caller removes the tree. */
bool pyi_fixup_run(const struct pyi_fixup_opts *o, struct pyi_err *err);

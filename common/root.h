/* pc_root: the pyenv root, one rule for the daemon (fs/main.c), the resolver and the shim
 * (resolver/select.c), pyenvfs-ctl (ctl/mount/probe.c, ctl/cmd_install.c) and through it
 * the installer.
 *
 * The root is $PYENV_ROOT when it is set and not empty, else $HOME/.pyenv. It has two
 * spellings:
 * - pyenv's, pc_root_pyenv(): what pyenv 2.6 itself does (libexec/pyenv:
 *   PYENV_ROOT="${PYENV_ROOT%/}"): one trailing '/' stripped and nothing else; a relative
 *   root stays relative. The pyenv commands use it, so that `pyenv root` and every message
 *   naming a path is pyenv's byte for byte.
 * - the absolute one, pc_root(): pc_absolute() of it (absolute against the working
 *   directory, symlinks kept, every trailing '/' stripped, "//" runs and "." components
 *   tidied: "/tmp/rr/" and "/tmp/rr//" are "/tmp/rr", "/" and "//" are "/"). Everything
 *   that outlives the command or compares roots uses it: the root the daemon serves and
 *   reports in its status, the root `mount` and `status` compare that with, where installs
 *   go. Two spellings of one directory compare equal whenever they differ only by that
 *   tidying (symlinks are not resolved: a root reached through a link is another root). */
#pragma once

#include "common/msg.h"

/* pyenv's spelling of the root from the values of PYENV_ROOT and HOME (either may be
 * NULL: unset; HOME unset gives "/.pyenv", as "${HOME}/.pyenv" does in bash). Malloc'ed;
 * NULL on ENOMEM. */
char *pc_root_pyenv(const char *pyenv_root, const char *home);

/* The absolute root from pyenv_root (PYENV_ROOT, or a --root argument; NULL or "" when
 * unset) and home (HOME). Returns 0 with *out malloc'ed; else *out is NULL and msg says
 * why: -ENOENT "neither PYENV_ROOT nor HOME is set"; -ENOMEM; getcwd's negative errno for
 * a relative root ("PYENV_ROOT ROOT: ERROR"). */
int pc_root(const char *pyenv_root, const char *home, char **out, struct pc_msg *msg);

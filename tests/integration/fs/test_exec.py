"""pyenvfs: executing entries runs the real pyenvfs-shim, which selects versions as pyenv
2.6 does: PYENV_VERSION, .python-version in parent directories, the global file, system,
several versions at once, a pyenv-virtualenv env; a real CPython sees its real path."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (Mount, TempRoot, check, check_eq, main, reference_pyenv, run,  # noqa: E402
                             wait_until)


def setup(r):
    r.add_version("3.12.1", {"python": None, "python3.12": None, "pip": None, "only12": None})
    r.add_version("3.11.9", {"python": None, "python3.11": None, "only11": None})
    r.add_env("3.12.1", "venv1", {"python": None, "envtool": None})
    r.add_version("venv1", link_to=os.path.join(r.versions, "3.12.1", "envs", "venv1"))
    sysdir = os.path.join(r.base, "sysbin")
    os.makedirs(sysdir)
    with open(os.path.join(sysdir, "python"), "w") as f:
        f.write('#!/bin/sh\necho "system python $*"\n')
    os.chmod(os.path.join(sysdir, "python"), 0o755)
    return sysdir


def sh(m, cmd, env=None, cwd=None, extra_path=()):
    """Runs cmd in sh with the mount first in PATH (the way users have it)."""
    return run(["/bin/sh", "-c", cmd], env=env, cwd=cwd, path=[m.mountpoint, *extra_path])


def test_selection():
    with TempRoot() as r:
        sysdir = setup(r)
        with Mount(r) as m:
            base = {"PYENV_ROOT": r.root}
            # PYENV_VERSION
            res = sh(m, "python a b", env={**base, "PYENV_VERSION": "3.11.9"})
            check_eq((res.returncode, res.stdout, res.stderr), (0, "python 3.11.9 a b\n", ""),
                     "PYENV_VERSION")
            # the global file
            r.write_global("3.12.1\n")
            res = sh(m, "python", env=base)
            check_eq(res.stdout, "python 3.12.1 \n", f"global file: {res.stderr}")
            # .python-version in a parent directory wins over the global file
            proj = os.path.join(r.base, "proj", "sub", "dir")
            os.makedirs(proj)
            with open(os.path.join(r.base, "proj", ".python-version"), "w") as f:
                f.write("3.11.9\n")
            res = sh(m, "python", env=base, cwd=proj)
            check_eq(res.stdout, "python 3.11.9 \n", f".python-version: {res.stderr}")
            # PYENV_VERSION wins over .python-version
            res = sh(m, "python", env={**base, "PYENV_VERSION": "3.12.1"}, cwd=proj)
            check_eq(res.stdout, "python 3.12.1 \n", "PYENV_VERSION over the file")
            # system: the PATH search skips the shims directory
            res = sh(m, "python x", env={**base, "PYENV_VERSION": "system"},
                     extra_path=[sysdir])
            check_eq((res.returncode, res.stdout), (0, "system python x\n"),
                     f"system: {res.stderr}")
            # several versions: each command from the first that has it
            env = {**base, "PYENV_VERSION": "3.11.9:3.12.1"}
            res = sh(m, "python; only12; only11", env=env)
            check_eq(res.stdout, "python 3.11.9 \nonly12 3.12.1 \nonly11 3.11.9 \n",
                     f"several versions: {res.stderr}")
            # a pyenv-virtualenv env, by its alias and by its full name
            for name in ("venv1", "3.12.1/envs/venv1"):
                res = sh(m, "python; envtool", env={**base, "PYENV_VERSION": name})
                check_eq(res.stdout,
                         "python 3.12.1/envs/venv1 \nenvtool 3.12.1/envs/venv1 \n",
                         f"env {name}: {res.stderr}")
            # the shim exports the resolved version and the version's bin first in PATH
            r.add_exe("3.12.1", "showenv", 'echo "$PYENV_VERSION|${PATH%%:*}"')
            check(wait_until(lambda: os.path.exists(os.path.join(m.mountpoint, "showenv"))),
                  "showenv listed")
            res = sh(m, "showenv", env={**base, "PYENV_VERSION": "3.12.1"})
            check_eq(res.stdout, f"3.12.1|{r.bindir('3.12.1')}\n", f"env: {res.stderr}")


def test_not_found_matches_pyenv():
    with TempRoot() as r:
        setup(r)
        with Mount(r) as m:
            env = {"PYENV_ROOT": r.root, "PYENV_VERSION": "3.11.9"}
            res = sh(m, "only12", env=env)
            # pyenv's own answer for the same question (its exec, without shims)
            want = run([reference_pyenv(), "exec", "only12"], env=env)
            check_eq(res.returncode, 127, "exit status")
            check_eq(res.returncode, want.returncode, "same status as pyenv")
            check_eq(res.stderr, want.stderr, "same message as pyenv")
            check("exists in these Python versions" in res.stderr, res.stderr)


def test_root_with_a_space():
    # the kernel passes everything after the shim path as one argument
    with TempRoot(prefix="pyenvfs test ") as r:
        r.add_version("3.12.1", {"tool": None})
        with Mount(r) as m:
            res = sh(m, "tool a", env={"PYENV_ROOT": r.root, "PYENV_VERSION": "3.12.1"})
            check_eq((res.returncode, res.stdout), (0, "tool 3.12.1 a\n"), res.stderr)


def test_real_python():
    with TempRoot() as r:
        r.make_python("3.11.4")
        with Mount(r) as m:
            env = {"PYENV_ROOT": r.root, "PYENV_VERSION": "3.11.4"}
            res = sh(m, "python -c 'import sys; print(sys.executable); print(sys.prefix)'",
                     env=env)
            check_eq(res.returncode, 0, res.stderr)
            exe, prefix = res.stdout.splitlines()
            check_eq(os.path.dirname(exe), r.bindir("3.11.4"), "sys.executable is the real one")
            check_eq(prefix, os.path.join(r.versions, "3.11.4"), "sys.prefix")
            res = sh(m, "python3 -c 'print(40 + 2)'", env=env)
            check_eq(res.stdout, "42\n", res.stderr)


if __name__ == "__main__":
    main(globals(), fuse=True)

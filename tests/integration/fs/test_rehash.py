"""pyenvfs: the installed pyenv 2.6's `pyenv rehash` against the mount exits 0 at once,
silently, and leaves the computed listing as it was."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (Mount, TempRoot, check, check_eq, main, reference_pyenv,  # noqa: E402
                             run)


def rehash(r):
    t0 = time.monotonic()
    res = run([reference_pyenv(), "rehash"], env={"PYENV_ROOT": r.root}, timeout=30)
    return res, time.monotonic() - t0


def make_root(r):
    r.add_version("3.12.1", {"python": None, "python3": None, "pip": None})
    r.add_version("3.11.9", {"python3.11": None})
    r.add_file("3.11.9", "activate")               # pyenv makes shims for these too
    r.add_file("3.11.9", "python3.11-gdb.py")
    r.add_file("3.11.9", ".hidden-file")
    os.makedirs(os.path.join(r.bindir("3.11.9"), "__pycache__"))
    r.add_env("3.12.1", "venv1", {"envtool": None})
    r.add_file("3.12.1", "activate.fish", env="venv1")
    r.add_file("3.12.1", "gettext.sh", env="venv1")


def test_rehash_is_a_silent_no_op():
    with TempRoot() as r:
        make_root(r)
        with Mount(r) as m:
            before = m.listing()
            check_eq(before, ["envtool", "pip", "python", "python3", "python3.11"], "listing")
            for i in range(3):
                res, took = rehash(r)
                check_eq((res.returncode, res.stdout, res.stderr), (0, "", ""), f"rehash #{i}")
                check(took < 5, f"rehash took {took:.2f}s")
                check_eq(m.listing(), before, "listing after rehash")
                check_eq(sorted(os.listdir(m.mountpoint)), before, "no leftover scratch files")
            with open(os.path.join(m.mountpoint, "python")) as f:
                check_eq(f.read(), f"#!{m.shim} {r.root}\n", "content after rehash")
            # a new executable, then rehash (what pyenv install and pip's hook do)
            r.add_exe("3.12.1", "black")
            res, _ = rehash(r)
            check_eq((res.returncode, res.stderr), (0, ""), "rehash after a change")
            check("black" in m.listing(), "black listed")


def test_concurrent_rehashes():
    with TempRoot() as r:
        make_root(r)
        with Mount(r) as m:
            before = m.listing()
            env = {"PYENV_ROOT": r.root, "PATH": "/usr/bin:/bin", "HOME": "/nonexistent"}
            procs = [subprocess.Popen([reference_pyenv(), "rehash"], env=env, stdout=subprocess.PIPE,
                                      stderr=subprocess.PIPE, text=True) for _ in range(4)]
            for p in procs:
                out, err = p.communicate(timeout=60)
                check_eq((p.returncode, out, err), (0, "", ""), "concurrent rehash")
            check_eq(m.listing(), before, "listing")


def test_pyenv_sees_writable_dir():
    # `pyenv rehash` first checks -w on the shims dir; a read-only mount would fail it
    with TempRoot() as r:
        make_root(r)
        with Mount(r) as m:
            check(os.access(m.mountpoint, os.W_OK), "the directory looks writable")


if __name__ == "__main__":
    main(globals(), fuse=True)

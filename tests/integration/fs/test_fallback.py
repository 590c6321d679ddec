"""The static fallback: the directory under the mount point holds one plain entry per listed
name (the same "#!<shim> <root>" line, mode 0555), kept current while mounted and left behind
by an unmount; files of ours for names that went away are removed, anything else (pyenv's own
shims of other names, its .pyenv-shim lock) is left alone; --no-fallback writes nothing."""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (Mount, TempRoot, check, check_eq, main,  # noqa: E402
                             reference_pyenv, run)


def under(r):
    out = {}
    for name in sorted(os.listdir(r.shims)):
        p = os.path.join(r.shims, name)
        with open(p) as f:
            out[name] = (f.read(), oct(os.stat(p).st_mode & 0o7777))
    return out


def test_fallback_mirrors_the_entries():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None, "pip": None})
        with open(os.path.join(r.shims, "old-tool"), "w") as f:
            f.write("#!/usr/bin/env bash\nexec pyenv exec \"$0\"\n")  # pyenv's own shim
        with open(os.path.join(r.shims, "gone"), "w") as f:
            f.write("#!/opt/x/libexec/pyenvfs-shim /elsewhere\n")  # an old fallback of ours
        open(os.path.join(r.shims, ".pyenv-shim"), "w").close()
        m = Mount(r).start()
        line = f"#!{m.shim} {r.root}\n"
        r.add_exe("3.12.1", "black")
        time.sleep(1)  # the watcher sees it, the writer waits 200 ms of quiet
        r.remove_version("3.12.1")
        r.add_version("3.13.0", {"python": None})
        time.sleep(1)
        m.stop()
        got = under(r)
        check_eq(sorted(got), [".pyenv-shim", "old-tool", "python"], "what is left under")
        check_eq(got["python"], (line, "0o555"), "a plain entry")
        check(got["old-tool"][0].startswith("#!/usr/bin/env bash"), "pyenv's shim kept")


def test_back_to_pyenv():
    """Unmounted for good, the directory is pyenv-compatible: `pyenv rehash` (the installed
    pyenv 2.6, on this temp root) replaces the fallback's files with its own shims."""
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None, "pip": None})
        with Mount(r):
            time.sleep(0.5)
        check_eq(sorted(under(r)), ["pip", "python"], "the fallback")
        res = run([reference_pyenv(), "rehash"], env={"PYENV_ROOT": r.root})
        check_eq(res.returncode, 0, f"pyenv rehash: {res.stderr}")
        got = under(r)
        check_eq(sorted(got), ["pip", "python"], "pyenv's shims")
        check("pyenv" in got["python"][0] and "pyenvfs-shim" not in got["python"][0],
              f"pyenv's own shim: {got['python'][0]!r}")


def test_no_fallback():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        with Mount(r, args=["--no-fallback"]):
            time.sleep(0.5)
        check_eq(os.listdir(r.shims), [], "nothing written")


if __name__ == "__main__":
    main(globals(), fuse=True)

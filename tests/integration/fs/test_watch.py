"""pyenvfs: the listing follows versions/ by itself (inotify, and the polling fallback);
the kernel's cached misses and listings are invalidated."""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import Mount, TempRoot, check, check_eq, main, run, wait_until  # noqa: E402


def exists(m, name):
    return os.path.exists(os.path.join(m.mountpoint, name))


def scenario(m, r):
    """Changes a root in every way the watcher must notice; m is mounted on r."""
    check_eq(m.listing(), ["python"], "start")
    # a cached miss (negative dentry) must not hide a new executable
    check(not exists(m, "black"), "black missing at first")
    r.add_exe("3.12.1", "black")
    check(wait_until(lambda: exists(m, "black")), "a new executable appears")
    res = run([os.path.join(m.mountpoint, "black"), "x"], env={"PYENV_VERSION": "3.12.1"})
    check_eq((res.returncode, res.stdout), (0, "black 3.12.1 x\n"), f"runs: {res.stderr}")
    # chmod +x of an existing file, and chmod -x
    f = r.add_file("3.12.1", "tool")
    check(not exists(m, "tool"), "a non-executable is not listed")
    os.chmod(f, 0o755)
    check(wait_until(lambda: exists(m, "tool")), "chmod +x makes it appear")
    os.chmod(f, 0o644)
    check(wait_until(lambda: not exists(m, "tool")), "chmod -x makes it vanish")
    # a new version, and its removal
    r.add_version("3.13.0", {"python3.13": None})
    check(wait_until(lambda: exists(m, "python3.13")), "a new version's executable appears")
    check(wait_until(lambda: m.status()["versions"] == "2"), "versions count")
    r.remove_version("3.13.0")
    check(wait_until(lambda: not exists(m, "python3.13")), "a removed version vanishes")
    # an env appears inside a version
    r.add_env("3.12.1", "venv1", {"envtool": None})
    check(wait_until(lambda: exists(m, "envtool")), "a new env's executable appears")
    # a symlinked version, then retargeted
    r.add_version("3.11.9", {"python3.11": None})
    r.add_version("3.11", link_to="3.11.9")
    check(wait_until(lambda: exists(m, "python3.11")), "symlinked version")
    r.remove_version("3.11.9")
    check(wait_until(lambda: not exists(m, "python3.11")), "the link's target removed")
    r.add_version("3.11.8", {"python3.11": None, "idle3.11": None})
    os.unlink(os.path.join(r.versions, "3.11"))
    r.add_version("3.11", link_to="3.11.8")
    check(wait_until(lambda: exists(m, "idle3.11")), "a retargeted link")
    r.remove_version("3.11")
    r.remove_version("3.11.8")
    check(wait_until(lambda: not exists(m, "idle3.11")), "both removed")
    # versions/ removed and recreated
    shutil.rmtree(r.versions)
    check(wait_until(lambda: m.listing() == []), f"versions/ removed: {m.listing()}")
    check(wait_until(lambda: m.status()["versions"] == "0"), "no versions")
    r.add_version("3.10.4", {"python3.10": None})
    check(wait_until(lambda: m.listing() == ["python3.10"]), f"recreated: {m.listing()}")
    # bin/ replaced by a rename (what installers do)
    staging = os.path.join(r.versions, "3.10.4", "bin.new")
    os.makedirs(staging)
    with open(os.path.join(staging, "idle3.10"), "w") as fh:
        fh.write("#!/bin/sh\n")
    os.chmod(os.path.join(staging, "idle3.10"), 0o755)
    shutil.rmtree(os.path.join(r.versions, "3.10.4", "bin"))
    os.rename(staging, os.path.join(r.versions, "3.10.4", "bin"))
    check(wait_until(lambda: m.listing() == ["idle3.10"]), f"bin/ replaced: {m.listing()}")


def test_inotify():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        with Mount(r) as m:
            scenario(m, r)


def test_polling_fallback():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        with Mount(r, args=["--no-inotify", "--poll-interval", "30"]) as m:
            scenario(m, r)
            check("polling" in m.stderr(), "says it polls")


def test_many_versions():
    with TempRoot() as r:
        for i in range(1500):
            d = os.path.join(r.versions, f"3.{i // 100}.{i % 100}", "bin")
            os.makedirs(d)
            p = os.path.join(d, f"tool{i}")
            with open(p, "w") as f:
                f.write("#!/bin/sh\n")
            os.chmod(p, 0o755)
        with Mount(r) as m:
            check_eq(len(m.listing()), 1500, "all listed")
            check_eq(m.status()["versions"], "1500", "versions")
            r.add_exe("3.7.7", "late")
            check(wait_until(lambda: exists(m, "late")), "a change among many versions")
            shutil.rmtree(r.versions)
            check(wait_until(lambda: m.listing() == [], timeout=10), "all gone")


if __name__ == "__main__":
    main(globals(), fuse=True)

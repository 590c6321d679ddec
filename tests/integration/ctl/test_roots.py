"""PYENVFS_ROOTS: one shims directory over the user's root, a read-only shared pyenv root and
a uv python directory (issue 11): the clash rule, prefixes over the union, uv's free-threaded
builds as ...t, which/prefix paths, live versions in another root, a late root, bad roots,
and that pyenvfs never writes into the extra roots."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (BASE_PATH, Mount, TempRoot, check, check_eq, main, program,  # noqa: E402
                             run, tree_state, wait_for, write_script)

UV_312 = "cpython-3.12.8-linux-x86_64-gnu"
UV_313T = "cpython-3.13.1+freethreaded-linux-x86_64-gnu"


def tool(bindir, name, tag):
    os.makedirs(bindir, exist_ok=True)
    write_script(os.path.join(bindir, name), f'echo "{name} {tag} $*"')


def layout(r):
    """user root r (3.12.1), shared pyenv root (3.12.1 clashing, 3.11.9), uv dir (3.12.8,
    3.13.1t, a pypy that is skipped). Returns (shared, uv, late)."""
    r.add_version("3.12.1", {"python": None, "useronly": None})
    shared = os.path.join(r.base, "shared")
    tool(os.path.join(shared, "versions", "3.12.1", "bin"), "python", "shared-3.12.1")
    tool(os.path.join(shared, "versions", "3.11.9", "bin"), "python", "shared-3.11.9")
    tool(os.path.join(shared, "versions", "3.11.9", "bin"), "sharedonly", "shared-3.11.9")
    uv = os.path.join(r.base, "uv")
    tool(os.path.join(uv, UV_312, "bin"), "python", "uv-3.12.8")
    tool(os.path.join(uv, UV_313T, "bin"), "python", "uv-3.13.1t")
    tool(os.path.join(uv, UV_313T, "bin"), "uvonly", "uv-3.13.1t")
    tool(os.path.join(uv, "pypy-3.10.14-linux-x86_64-gnu", "bin"), "pypyonly", "pypy")
    os.makedirs(os.path.join(uv, ".lock"))
    subprocess.run(["chmod", "-R", "a-w", shared], check=True)
    return shared, uv, os.path.join(r.base, "late")


def mounted(r, roots, args=("--poll-interval", "100")):
    os.environ["PYENVFS_ROOTS"] = roots
    try:
        return Mount(r, args=args).start()
    finally:
        del os.environ["PYENVFS_ROOTS"]


def shim(m, cmd, version):
    return run(["/bin/sh", "-c", cmd], env={"PYENV_VERSION": version, "HOME": m.root},
               path=[m.mountpoint])


def ctl(r, *args, env=None):
    e = {"HOME": r.base, "PYENV_ROOT": r.root, "PATH": BASE_PATH, "LANG": "C.UTF-8"}
    e.update(env or {})
    return subprocess.run([program("PYENVFS_CTL"), *args], env=e, capture_output=True,
                          text=True, timeout=30, stdin=subprocess.DEVNULL)


def test_union_through_the_shims():
    with TempRoot() as r:
        shared, uv, late = layout(r)
        before = tree_state(shared), tree_state(uv)
        m = mounted(r, f"{shared}:{uv}:{late}")
        names = m.listing()
        for n in ("python", "useronly", "sharedonly", "uvonly"):
            check(n in names, f"{n} in the shims: {names}")
        check("pypyonly" not in names, f"uv's pypy is skipped: {names}")
        # the clash rule: PYENV_ROOT's 3.12.1 wins over the shared one
        check_eq(shim(m, "python a", "3.12.1").stdout, "python 3.12.1 a\n", "clash")
        # a prefix resolving into another root; uv's free-threaded build as 3.13.1t
        check_eq(shim(m, "python", "3.11").stdout, "python shared-3.11.9 \n", "prefix")
        check_eq(shim(m, "python", "3.13t").stdout, "python uv-3.13.1t \n", "uv ...t")
        check_eq(shim(m, "python", "3.12.8").stdout, "python uv-3.12.8 \n", "uv")
        # the shim takes the roots from the mount, not from its caller
        res = run(["/bin/sh", "-c", "sharedonly"], path=[m.mountpoint],
                  env={"PYENV_VERSION": "3.11.9", "PYENVFS_ROOTS": "", "HOME": r.base})
        check_eq(res.stdout, "sharedonly shared-3.11.9 \n", "roots from the mount")
        # a version added to the shared root appears live
        os.chmod(os.path.join(shared, "versions"), 0o755)
        tool(os.path.join(shared, "versions", "3.10.4", "bin"), "livetool", "shared-3.10.4")
        wait_for(lambda: "livetool" in m.listing(), what="livetool in the shims")
        check_eq(shim(m, "livetool", "3.10").stdout, "livetool shared-3.10.4 \n", "live")
        shutil_rm(os.path.join(shared, "versions", "3.10.4"))
        os.chmod(os.path.join(shared, "versions"), 0o555)
        # a late root is picked up when it appears
        tool(os.path.join(late, "versions", "3.9.20", "bin"), "latetool", "late-3.9.20")
        wait_for(lambda: "latetool" in m.listing(), what="latetool in the shims")
        check_eq(shim(m, "latetool", "3.9").stdout, "latetool late-3.9.20 \n", "late root")
        check_eq(tree_state(uv), before[1], "the uv dir unchanged")
        check_eq(set(tree_state(shared)), set(before[0]), "the shared root unchanged")
        res = ctl(r, "status")
        check_eq(res.returncode, 0, f"status: {res.stdout}")
        for want in (f"roots:      extra root {shared}: a pyenv root, 2 versions, inotify\n",
                     f"roots:      extra root {uv}: a uv python directory, 2 versions, inotify\n",
                     f"note:       {uv}/pypy-3.10.14-linux-x86_64-gnu: skipped",
                     f"roots:      extra root {late}: a pyenv root, 1 version, inotify\n"):
            check(want in res.stdout, f"{want!r} in status: {res.stdout}")
        res = ctl(r, "doctor")
        check(f"ok       extra root {shared}: a pyenv root" in res.stdout, f"doctor: {res.stdout}")
        m.stop()
        check(not os.path.exists(os.path.join(r.root, ".pyenvfs-roots")),
              "the roots file goes with the mount")


def shutil_rm(path):
    subprocess.run(["rm", "-rf", path], check=True)


def test_commands_over_the_union():
    with TempRoot() as r:
        shared, uv, _ = layout(r)
        roots = {"PYENVFS_ROOTS": f"{shared}:{uv}"}
        res = ctl(r, "versions", "--bare", env=roots)
        check_eq(res.stdout, "3.12.1\n3.11.9\n3.12.8\n3.13.1t\n", "versions --bare")
        res = ctl(r, "versions", env=roots)
        check(f"  3.11.9 (in {shared})\n" in res.stdout, f"versions marks: {res.stdout}")
        check(f"  3.13.1t (in {uv})\n" in res.stdout, f"versions marks: {res.stdout}")
        check("  3.12.1\n" in res.stdout, f"the main root's lines unchanged: {res.stdout}")
        check_eq(ctl(r, "latest", "3.13t", env=roots).stdout, "3.13.1t\n", "latest")
        res = ctl(r, "versions", "--executables", env=roots)
        check_eq(res.stdout, "python\nsharedonly\nuseronly\nuvonly\n", "versions --executables")
        res = ctl(r, "which", "python", env={**roots, "PYENV_VERSION": "3.11"})
        check_eq(res.stdout, f"{shared}/versions/3.11.9/bin/python\n", "which")
        res = ctl(r, "prefix", "3.13.1t", env=roots)
        check_eq(res.stdout, f"{uv}/{UV_313T}\n", "prefix")
        res = ctl(r, "prefix", "3.12.1", env=roots)
        check_eq(res.stdout, f"{r.root}/versions/3.12.1\n", "prefix: the winner")
        res = ctl(r, "exec", "python", "x", env={**roots, "PYENV_VERSION": "3.12.8"})
        check_eq(res.stdout, "python uv-3.12.8 x\n", "exec")
        # without PYENVFS_ROOTS nothing changes
        check_eq(ctl(r, "versions", "--bare").stdout, "3.12.1\n", "no roots")
        # pyenvfs-ctl takes the mount's roots when the variable is unset
        m = mounted(r, f"{shared}:{uv}")
        check_eq(ctl(r, "versions", "--bare").stdout, "3.12.1\n3.11.9\n3.12.8\n3.13.1t\n",
                 "the mount's roots")
        # shims lists the shims dir (as pyenv-shims): the mount's, the union
        check_eq(ctl(r, "shims", "--short").stdout, "python\nsharedonly\nuseronly\nuvonly\n",
                 "shims --short through the mount")
        m.stop()


def test_bad_roots():
    with TempRoot() as r:
        afile = os.path.join(r.base, "afile")
        open(afile, "w").close()
        other = os.path.join(r.base, "other")
        os.makedirs(os.path.join(other, "stuff"))
        for roots, text in ((afile, "not a directory"), (r.shims, "is the shims mountpoint"),
                            (other, "neither a pyenv root (no versions/) nor a uv")):
            env = {**os.environ, "PYENVFS_ROOTS": roots}
            env.pop("PYENV_ROOT", None)
            res = subprocess.run([program("PYENVFS_DAEMON"), "--root", r.root, "--shim",
                                  program("PYENVFS_SHIM"), "-f", r.shims], env=env,
                                 capture_output=True, text=True, timeout=30)
            check(res.returncode != 0, f"{roots}: refused")
            check(text in res.stderr, f"{roots}: {text!r} in {res.stderr!r}")
            check(not os.path.exists(os.path.join(r.root, ".pyenvfs-roots")), "no roots file")
            res = ctl(r, "doctor", env={"PYENVFS_ROOTS": roots})
            check(f"PROBLEM  PYENVFS_ROOTS: {roots}" in res.stdout and text in res.stdout,
                  f"doctor on {roots}: {res.stdout}")


if __name__ == "__main__":
    main(globals(), sys.argv[1:], fuse=True)

"""PYENVFS_ROOTS: one shims directory over the user's root, a read-only shared pyenv root and
a uv python directory (issue 11): the clash rule, prefixes over the union, uv's free-threaded
builds as ...t, which/prefix paths, live versions in another root, a late root, bad roots
(unreadable ones as an unprivileged user), a root on a network file system (a FUSE
passthrough: polled, and alone), the roots file after the daemon ends, and that pyenvfs never
writes into the extra roots."""
import os
import re
import signal
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (BASE_PATH, STATUS_XATTR, Mount, TempRoot, check,  # noqa: E402
                             check_eq, is_mounted, main, program, run, sanitizer_env,
                             tree_state, wait_for, wait_until, write_script)

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


def shutil_rm(path):
    subprocess.run(["rm", "-rf", path], check=True)


def test_commands_over_the_union():
    with TempRoot() as r:
        shared, uv, _ = layout(r)
        roots = {"PYENVFS_ROOTS": f"{shared}:{uv}"}
        res = ctl(r, "versions", "--bare", env=roots)
        check_eq(res.stdout, "3.11.9\n3.12.1\n3.12.8\n3.13.1t\n", "versions --bare")
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
        check_eq(ctl(r, "versions", "--bare").stdout, "3.11.9\n3.12.1\n3.12.8\n3.13.1t\n",
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


def scans(m):
    """The daemon's polling figures: (poll_ms, {root index: {polled, dirs, polls, ...}})."""
    poll_ms, out = 0, {}
    for line in os.getxattr(m.mountpoint, STATUS_XATTR).decode().splitlines():
        k, _, v = line.partition("=")
        if k == "poll_ms":
            poll_ms = int(v)
        elif k == "scan":
            f = [int(x) for x in v.split()]
            out[f[0]] = dict(zip(("polled", "dirs", "polls", "last_us", "max_us", "total_us"),
                                 f[1:]))
    return poll_ms, out


def test_a_network_root_is_polled_and_alone():
    """An extra root on a FUSE passthrough (stallfs, never stalled here) counts as a network
    file system: a version added behind it (in the backing directory, as another machine
    would: inotify sees nothing) shows up within the polling interval; status shows its
    interval and cost; the polls read nothing from PYENV_ROOT or the plain extra root."""
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        backing, net = os.path.join(r.base, "backing"), os.path.join(r.base, "net")
        plain = os.path.join(r.base, "plain")
        tool(os.path.join(backing, "versions", "3.11.9", "bin"), "nettool", "net-3.11.9")
        tool(os.path.join(plain, "versions", "3.10.4", "bin"), "plaintool", "plain-3.10.4")
        os.makedirs(net)
        sfs = subprocess.Popen([program("PYENVFS_STALLFS"), backing,
                                os.path.join(r.base, "never-stall"), net, "-f"],
                               stderr=subprocess.DEVNULL)
        try:
            check(wait_until(lambda: is_mounted(net), timeout=10), "stallfs mounted")
            later = os.path.join(r.base, "later")
            m = mounted(r, f"{net}:{plain}:{later}", args=("--poll-interval", "100"))
            check("nettool" in m.listing() and "plaintool" in m.listing(), m.listing())
            poll_ms, s = scans(m)
            check_eq(poll_ms, 100, "poll_ms in the status")
            check_eq([s[i]["polled"] for i in range(4)], [0, 1, 0, 1], f"what is polled: {s}")
            tool(os.path.join(backing, "versions", "3.13.0", "bin"), "newtool", "net-3.13.0")
            wait_for(lambda: "newtool" in m.listing(), timeout=5, what="newtool, by a poll")
            check_eq(shim(m, "newtool", "3.13").stdout, "newtool net-3.13.0 \n", "run it")
            _, before = scans(m)
            wait_for(lambda: scans(m)[1][1]["polls"] >= before[1]["polls"] + 5, timeout=10,
                     what="five more polls")
            _, after = scans(m)
            check(after[1]["dirs"] > before[1]["dirs"], f"the polls read the network root: {after}")
            check_eq(after[2]["dirs"], before[2]["dirs"], "the plain extra root is not re-read")
            check_eq(after[0]["dirs"], before[0]["dirs"], "PYENV_ROOT is not re-read")
            check(0 < after[1]["last_us"] <= after[1]["max_us"] <= after[1]["total_us"], after)
            print(f"# a poll of the network root: last {after[1]['last_us']} us, longest "
                  f"{after[1]['max_us']} us over {after[1]['polls']} polls", flush=True)
            polled = (rf"extra root {re.escape(net)}: a pyenv root, 2 versions, on a network "
                      r"file system: polled every 100 ms, last re-read \d+\.\d\d ms \(mean "
                      r"\d+\.\d\d ms, longest \d+\.\d\d ms over \d+ polls\)\n")
            res = ctl(r, "status")
            check(re.search("roots:      " + polled, res.stdout), f"status: {res.stdout}")
            check(f"roots:      extra root {plain}: a pyenv root, 1 version, inotify\n"
                  in res.stdout, f"status: {res.stdout}")
            check(f"note:       extra root {later}: does not exist (yet): polled for every 100 ms\n"
                  in res.stdout, f"status: {res.stdout}")
            check("PYENV_ROOT" not in res.stdout, f"PYENV_ROOT is not polled: {res.stdout}")
            res = ctl(r, "doctor")
            check(re.search("ok       " + polled, res.stdout), f"doctor: {res.stdout}")
            m.stop()
        finally:
            subprocess.run(["fusermount3", "-u", "-z", net], capture_output=True)
            sfs.wait(timeout=10)


NOBODY = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]


def test_unreadable_roots_as_a_user():
    """Run as nobody (root reads everything): an extra root that user cannot read (root's,
    mode 0700; or the user's own, mode 000) is refused by the daemon and by `mount` before
    anything is mounted, and doctor reports it. Unprivileged FUSE mounts may not work here
    (a container's /dev/fuse): a run with no bad root shows the daemon gets to mounting."""
    with TempRoot() as r:
        os.chmod(r.base, 0o755)
        r.add_version("3.12.1", {"python": None})
        home = os.path.join(r.base, "home")
        os.makedirs(os.path.join(home, "run"))
        locked = os.path.join(r.base, "locked")
        tool(os.path.join(locked, "versions", "3.11.9", "bin"), "python", "locked-3.11.9")
        os.chmod(locked, 0o700)
        closed = os.path.join(r.base, "closed")
        os.makedirs(os.path.join(closed, "versions"))
        subprocess.run(["chown", "-R", "65534:65534", r.root, home, closed], check=True)
        os.chmod(closed, 0)
        env = {"HOME": home, "PYENV_ROOT": r.root, "PATH": BASE_PATH, "LANG": "C.UTF-8",
               "XDG_RUNTIME_DIR": os.path.join(home, "run"),
               "PYENVFS_DAEMON": program("PYENVFS_DAEMON"),
               "PYENVFS_SHIM": program("PYENVFS_SHIM"), **sanitizer_env()}
        daemon = [program("PYENVFS_DAEMON"), "--root", r.root, "--shim", program("PYENVFS_SHIM"),
                  "--no-watchdog", r.shims]

        def as_nobody(argv, roots):
            return subprocess.run(NOBODY + argv, env={**env, "PYENVFS_ROOTS": roots},
                                  capture_output=True, text=True, timeout=30,
                                  stdin=subprocess.DEVNULL)
        res = as_nobody(["/usr/bin/id", "-u"], "")
        check_eq(res.stdout, "65534\n", "setpriv runs as nobody")
        res = as_nobody(daemon, "")
        reached = is_mounted(r.shims) or "fuse" in res.stderr
        if is_mounted(r.shims):
            subprocess.run(["fusermount3", "-u", r.shims], capture_output=True)
        check(reached, f"without a bad root the daemon gets to mounting: {res.stderr!r}")
        for bad in (locked, closed):
            res = as_nobody(daemon, f"{r.base}/plain-missing:{bad}")
            check(res.returncode != 0, f"{bad}: refused", res)
            check(f"pyenvfs: PYENVFS_ROOTS: {bad}: not readable" in res.stderr, f"{bad}", res)
            check("fuse" not in res.stderr, f"{bad}: refused before any mount attempt", res)
            check(not is_mounted(r.shims), f"{bad}: nothing mounted")
            check(not os.path.exists(os.path.join(r.root, ".pyenvfs-roots")), "no roots file")
            res = as_nobody([program("PYENVFS_CTL"), "mount"], bad)
            check(res.returncode != 0, f"mount with {bad}: refused", res)
            check(f"PYENVFS_ROOTS: {bad}: not readable" in res.stderr, f"mount with {bad}", res)
            check(not is_mounted(r.shims), f"mount with {bad}: nothing mounted")
            res = as_nobody([program("PYENVFS_CTL"), "doctor"], bad)
            check(f"PROBLEM  PYENVFS_ROOTS: {bad}: not readable" in res.stdout,
                  f"doctor with {bad}", res)
        os.chmod(closed, 0o755)


def under_mount(mountpoint, name):
    """The file name in the directory under the mount (the static fallback), or None."""
    res = subprocess.run(["/usr/bin/unshare", "--mount", "--propagation", "private", "/bin/sh",
                          "-c", 'umount -l "$1" && cat "$1/$2"', "sh", mountpoint, name],
                         capture_output=True, text=True)
    return res.stdout if res.returncode == 0 else None


def read_roots_file(r):
    try:
        with open(os.path.join(r.root, ".pyenvfs-roots")) as f:
            return f.read()
    except FileNotFoundError:
        return None


def test_the_roots_file_outlives_the_daemon():
    """The static fallback's entries resolve over the roots of the mount that wrote them:
    after a SIGKILL and after a clean unmount the roots file stays with them, and the extra
    roots' versions still run; the next mount replaces the file (or removes it when there
    are no extra roots), --no-fallback removes it at the unmount."""
    with TempRoot() as r:
        shared, uv, _ = layout(r)
        m = mounted(r, f"{shared}:{uv}")
        want = f"pyenv\t{shared}\nuv\t{uv}\n"
        check_eq(read_roots_file(r), want, "the roots file")
        wait_for(lambda: under_mount(r.shims, "sharedonly") is not None,
                 what="the static fallback's entry for sharedonly")
        m.kill(signal.SIGKILL)
        wait_for(lambda: not is_mounted(r.shims), what="auto_unmount after the SIGKILL")
        m.stop(check=False)
        check_eq(read_roots_file(r), want, "the roots file after the SIGKILL")
        for cmd, version, out in (("sharedonly", "3.11.9", "sharedonly shared-3.11.9 \n"),
                                  ("python", "3.13t", "python uv-3.13.1t \n"),
                                  ("python", "3.11", "python shared-3.11.9 \n")):
            res = run(["/bin/sh", "-c", cmd], path=[r.shims],
                      env={"PYENV_VERSION": version, "HOME": r.base})
            check_eq(res.stdout, out, f"{cmd} {version} through the static fallback")
        res = ctl(r, "status")
        check_eq(res.returncode, 1, f"status: not mounted: {res.stdout}")
        check(f"roots:      extra root {shared}: a pyenv root, 2 versions\n" in res.stdout
              and f"roots:      extra root {uv}: a uv python directory, 2 versions\n"
              in res.stdout, f"status shows the fallback's roots: {res.stdout}")
        # the next mount replaces it; a clean unmount leaves it with the fallback
        m = mounted(r, uv)
        check_eq(read_roots_file(r), f"uv\t{uv}\n", "replaced by the next mount")
        check("sharedonly" not in m.listing(), f"the old roots are gone: {m.listing()}")
        wait_for(lambda: under_mount(r.shims, "sharedonly") is None,
                 what="the fallback without sharedonly")
        m.stop()
        check_eq(read_roots_file(r), f"uv\t{uv}\n", "kept after a clean unmount")
        res = run(["/bin/sh", "-c", "uvonly"], path=[r.shims],
                  env={"PYENV_VERSION": "3.13.1t", "HOME": r.base})
        check_eq(res.stdout, "uvonly uv-3.13.1t \n", "uvonly through the fallback")
        m = mounted(r, uv, args=("--no-fallback",))
        m.stop()
        check_eq(read_roots_file(r), None, "--no-fallback: removed at the unmount")
        m = mounted(r, f"{shared}:{uv}")
        m.kill(signal.SIGKILL)
        wait_for(lambda: not is_mounted(r.shims), what="auto_unmount after the SIGKILL")
        m.stop(check=False)
        m = mounted(r, "")
        check_eq(read_roots_file(r), None, "a mount without extra roots removes it")
        m.stop()


if __name__ == "__main__":
    main(globals(), sys.argv[1:], fuse=True)

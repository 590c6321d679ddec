"""pyenvfs: mounting, the listing, entries' attributes and content, the status xattr,
read-only behaviour, options."""
import errno
import os
import stat
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (Mount, TempRoot, check, check_eq, fail, is_mounted, main,  # noqa: E402
                             fusermount_u, program, run, wait_until)


def expect_errno(err, fn, *args):
    try:
        fn(*args)
    except OSError as e:
        check_eq(errno.errorcode.get(e.errno), errno.errorcode[err], f"{fn.__name__}{args}")
        return
    fail(f"{fn.__name__}{args} succeeded, expected {errno.errorcode[err]}")


def test_listing_and_attributes():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None, "python3": None, "pip": None})
        r.add_version("3.11.9", {"python": None, "python3.11": None})
        r.add_file("3.11.9", "activate")                      # not executable
        os.makedirs(os.path.join(r.bindir("3.11.9"), "__pycache__"))  # a directory
        os.chmod(os.path.join(r.bindir("3.11.9"), "__pycache__"), 0o755)
        os.symlink("python3.11", os.path.join(r.bindir("3.11.9"), "py-link"))
        os.symlink("missing", os.path.join(r.bindir("3.11.9"), "broken"))
        r.add_version("3.12", link_to="3.12.1")               # a symlinked version
        r.add_version(".hidden", {"hidden-tool": None})        # dot-entries are ignored
        r.add_env("3.12.1", "venv1", {"envtool": None})
        with open(os.path.join(r.versions, "not-a-dir"), "w") as f:
            f.write("x")
        with Mount(r) as m:
            check_eq(m.listing(), ["envtool", "pip", "py-link", "python", "python3", "python3.11"],
                     "listing")
            shim = m.shim
            want = f"#!{shim} {r.root}\n"
            st = os.stat(os.path.join(m.mountpoint, "python"))
            check(stat.S_ISREG(st.st_mode), "entries are regular files")
            check_eq(stat.S_IMODE(st.st_mode), 0o555, "mode")
            check_eq((st.st_uid, st.st_gid), (os.getuid(), os.getgid()), "owner")
            check_eq(st.st_size, len(want), "size")
            with open(os.path.join(m.mountpoint, "pip")) as f:
                check_eq(f.read(), want, "content")
            # inode numbers are stable per name and distinct between names
            inos = {n: os.stat(os.path.join(m.mountpoint, n)).st_ino for n in m.listing()}
            check_eq(len(set(inos.values())), len(inos), "distinct inode numbers")
            for n in m.listing():
                check_eq(os.stat(os.path.join(m.mountpoint, n)).st_ino, inos[n], f"ino of {n}")
            with os.scandir(m.mountpoint) as it:
                for de in it:
                    check_eq(de.inode(), inos[de.name], f"readdir ino of {de.name}")
            dst = os.stat(m.mountpoint)
            check(stat.S_ISDIR(dst.st_mode), "the mount is a directory")
            check_eq(stat.S_IMODE(dst.st_mode), 0o755, "directory mode")
            for missing in ("activate", "__pycache__", "broken", "hidden-tool", "nope"):
                check(not os.path.exists(os.path.join(m.mountpoint, missing)), missing)
                expect_errno(errno.ENOENT, os.stat, os.path.join(m.mountpoint, missing))
            # the status xattr
            s = m.status()
            scan = s.pop("scan", "").split()  # the one root's polling figures
            check_eq(s, {"pid": str(m.pid), "root": r.root, "shim": shim, "commands": "6",
                         "versions": "3", "poll_ms": "1000"}, "status")
            check_eq(scan[:2] + scan[3:], ["0", "0", "0", "0", "0", "0"],
                     "root 0, not polled, no polls")
            check(int(scan[2]) > 0, f"directories read: {scan}")
            check(b"user.pyenvfs.status" in [x.encode() for x in os.listxattr(m.mountpoint)],
                  "listxattr lists the status")
            expect_errno(errno.ENODATA, os.getxattr, m.mountpoint, "user.other")
            expect_errno(errno.ENODATA, os.getxattr, os.path.join(m.mountpoint, "pip"),
                         "user.pyenvfs.status")


def test_read_only():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        r.add_file("3.12.1", "activate")
        with Mount(r) as m:
            p = os.path.join(m.mountpoint, "python")
            expect_errno(errno.EROFS, os.open, os.path.join(m.mountpoint, "new"),
                         os.O_WRONLY | os.O_CREAT, 0o644)
            expect_errno(errno.EROFS, os.open, p, os.O_WRONLY | os.O_TRUNC)
            fd = os.open(p, os.O_WRONLY)  # root may open it, but writes fail
            try:
                expect_errno(errno.EROFS, os.write, fd, b"x")
            finally:
                os.close(fd)
            expect_errno(errno.EROFS, os.chmod, p, 0o755)
            expect_errno(errno.EROFS, os.unlink, p)
            expect_errno(errno.EROFS, os.rename, p, os.path.join(m.mountpoint, "p2"))
            expect_errno(errno.EROFS, os.mkdir, os.path.join(m.mountpoint, "d"))
            expect_errno(errno.EROFS, os.symlink, "x", os.path.join(m.mountpoint, "l"))
            expect_errno(errno.EROFS, os.link, p, os.path.join(m.mountpoint, "h"))
            expect_errno(errno.EROFS, os.utime, p, (0, 0))
            expect_errno(errno.ENOENT, os.unlink, os.path.join(m.mountpoint, "nope"))
            with open(p) as f:
                check_eq(f.read(), f"#!{m.shim} {r.root}\n", "content unchanged")
            check_eq(m.listing(), ["python"], "listing unchanged")


def test_background_mode_and_fusermount():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        m = Mount(r, foreground=False)
        m.start()  # checks: exit status 0 and the mount live when it returns
        check_eq(m.listing(), ["python"], "listing")
        check(m.pid != os.getpid(), "serves from a background process")
        check_eq(fusermount_u(m.mountpoint).returncode, 0, "fusermount3 -u")
        check(wait_until(m._gone, timeout=10), "the daemon exits after fusermount3 -u")
        check(not is_mounted(m.mountpoint), "unmounted")
        m.pid = None


def mount_options(path):
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            if fields[4] == path:
                return fields[5].split(",") + line.split(" - ")[1].split()[2].split(",")
    return None


def test_mount_options():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        with Mount(r) as m:
            opts = mount_options(m.mountpoint)
            check("default_permissions" in opts, f"default_permissions: {opts}")
            check("allow_other" not in opts, f"no allow_other unless asked: {opts}")
            fstype = open("/proc/self/mountinfo").read()
            check("fuse.pyenvfs" in fstype, "type fuse.pyenvfs")
        with Mount(r, args=["-o", "allow_other"]) as m:
            opts = mount_options(m.mountpoint)
            check("allow_other" in opts, f"allow_other when asked: {opts}")
        # background mode: SIGTERM unmounts cleanly too
        m = Mount(r, foreground=False).start()
        m.kill()
        check(wait_until(m._gone, timeout=10), "the daemon exits on SIGTERM")
        check(not is_mounted(m.mountpoint), "unmounted")
        m.pid = None


def test_root_created_after_mount():
    with TempRoot() as r:
        root = os.path.join(r.base, "later")
        mnt = os.path.join(r.base, "mnt")
        os.makedirs(mnt)
        with Mount(root, mountpoint=mnt, args=["--poll-interval", "50"]) as m:
            check_eq(m.listing(), [], "empty while the root is missing")
            check_eq(m.status()["versions"], "0", "no versions")
            os.makedirs(os.path.join(root, "versions", "3.13.0", "bin"))
            tool = os.path.join(root, "versions", "3.13.0", "bin", "python3.13")
            with open(tool, "w") as f:
                f.write("#!/bin/sh\n")
            os.chmod(tool, 0o755)
            check(wait_until(lambda: m.listing() == ["python3.13"], timeout=5),
                  f"the new root's executable appears: {m.listing()}")
            # once the root exists, inotify takes over: a change shows within ms
            tool2 = os.path.join(root, "versions", "3.13.0", "bin", "pip3.13")
            os.symlink("python3.13", tool2)
            check(wait_until(lambda: os.path.exists(os.path.join(mnt, "pip3.13")), timeout=5),
                  "later changes appear")


def count_ops(log):
    ops = {}
    for line in log.splitlines():
        if "opcode: " in line:
            op = line.split("opcode: ")[1].split()[0]
            ops[op] = ops.get(op, 0) + 1
    return ops


def test_kernel_caching():
    """Misses are negative dentries (100 stats, at most 1 LOOKUP), hits are cached, and
    execs of an entry cost no open round trip and at most one READ."""
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None, "pip": None})
        with Mount(r, args=["-d"]) as m:
            os.stat(os.path.join(m.mountpoint, "python"))
            run([os.path.join(m.mountpoint, "pip")], env={"PYENV_ROOT": r.root})
            before = count_ops(m.stderr())
            for _ in range(100):
                check(not os.path.exists(os.path.join(m.mountpoint, "missing")), "missing")
                os.stat(os.path.join(m.mountpoint, "python"))
            for _ in range(20):
                res = run([os.path.join(m.mountpoint, "python"), "x"],
                          env={"PYENV_ROOT": r.root, "PYENV_VERSION": "3.12.1"})
                check_eq(res.stdout, "python 3.12.1 x\n", res.stderr)
            # the PATH search of a shell, mount first: misses for everything else
            res = run(["/bin/sh", "-c", "for i in 1 2 3 4 5; do ls / >/dev/null; true; done"],
                      path=[m.mountpoint])
            check_eq(res.returncode, 0, res.stderr)
            after = count_ops(m.stderr())
            diff = {k: after.get(k, 0) - before.get(k, 0) for k in after}
            diff = {k: v for k, v in diff.items() if v}
            print(f"# requests: {diff}")
            check(diff.get("LOOKUP", 0) <= 4, f"lookups: {diff}")
            check(diff.get("OPEN", 0) <= 1, f"opens: {diff}")
            check(diff.get("READ", 0) <= 1, f"reads: {diff}")
            check(diff.get("GETATTR", 0) <= 2, f"getattrs: {diff}")


def test_usage():
    d = program("PYENVFS_DAEMON")
    r = run([d, "--help"])
    check_eq(r.returncode, 0, "--help status")
    check("Usage: pyenvfs" in r.stdout and "--root" in r.stdout, "--help text")
    r = run([d, "--version"])
    check_eq(r.returncode, 0, "--version status")
    check(r.stdout.startswith("pyenvfs "), "--version text")
    r = run([d])
    check_eq(r.returncode, 2, "no mountpoint")
    check("missing MOUNTPOINT" in r.stderr, r.stderr)
    r = run([d, "--bogus", "x"])
    check_eq(r.returncode, 2, "unknown option")
    with TempRoot() as t:
        r = run([d, "--root", t.root, "--shim", program("PYENVFS_SHIM"),
                 os.path.join(t.base, "nonexistent")])
        check_eq(r.returncode, 1, "missing mountpoint")
        check("nonexistent" in r.stderr, r.stderr)
        r = run([d, "--root", t.root, "--shim", os.path.join(t.base, "no-shim"), t.shims])
        check_eq(r.returncode, 1, "missing shim")
        check("no-shim" in r.stderr, r.stderr)
        r = run([d, "--root", t.root + "/" + "x" * 250, "--shim", program("PYENVFS_SHIM"),
                 t.shims])
        check_eq(r.returncode, 1, "too long for a shebang line")
        check("255" in r.stderr, r.stderr)
        r = run([d, "--root", t.root + " ", "--shim", program("PYENVFS_SHIM"), t.shims])
        check_eq(r.returncode, 1, "a root ending with a blank")
        check("blank" in r.stderr, r.stderr)
        check(not is_mounted(t.shims), "nothing mounted after errors")


def test_root_from_environment():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        d = program("PYENVFS_DAEMON")
        shim = program("PYENVFS_SHIM")
        # PYENV_ROOT (with a trailing slash) is the default root; PYENVFS_SHIM the shim
        p = subprocess.Popen([d, "-f", r.shims], env={"PYENV_ROOT": r.root + "/",
                             "PYENVFS_SHIM": shim, "PATH": "/usr/bin:/bin"},
                             stderr=subprocess.PIPE, text=True)
        try:
            check(wait_until(lambda: is_mounted(r.shims) and os.listdir(r.shims) == ["python"],
                             timeout=10), "mounted from the environment")
            with open(os.path.join(r.shims, "python")) as f:
                check_eq(f.read(), f"#!{shim} {r.root}\n", "content")
        finally:
            p.send_signal(2)  # SIGINT unmounts cleanly too
            check_eq(p.wait(timeout=10), 0, "exit status after SIGINT")
            check(not is_mounted(r.shims), "unmounted after SIGINT")


if __name__ == "__main__":
    main(globals(), fuse=True)

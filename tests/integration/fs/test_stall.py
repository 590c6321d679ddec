"""The daemon never blocks a request on the filesystem it watches: with the pyenv root on a
FUSE filesystem that stalls on demand (stallfs, tests/helpers), lookups, getattr, readdir,
getxattr and reads of entries keep answering from the snapshot while the root is frozen
(the watcher, polling it every 50 ms, waits inside it meanwhile)."""
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (Mount, TempRoot, check, check_eq, is_mounted, main,  # noqa: E402
                             program, wait_until)

# The requests in a child process with a hard deadline (10 s): a blocked one fails the test
# instead of hanging it.
PROBE = r"""
import os, sys, time
mp = sys.argv[1]
t0 = time.monotonic()
names = sorted(os.listdir(mp))
os.stat(mp)
os.stat(os.path.join(mp, "pip"))
try:
    os.stat(os.path.join(mp, "never-seen-%d" % os.getpid()))
except FileNotFoundError:
    pass
with open(os.path.join(mp, "python")) as f:
    line = f.read()
os.getxattr(mp, "user.pyenvfs.status")
print(" ".join(names))
print(line.strip())
print("%.3f" % (time.monotonic() - t0))
"""


def ask(mountpoint):
    return subprocess.run(["/usr/bin/timeout", "10", "/usr/bin/python3", "-c", PROBE,
                           mountpoint], capture_output=True, text=True)


def test_requests_answer_while_the_root_stalls():
    with TempRoot() as r:
        backing = os.path.join(r.base, "backing")
        flag = os.path.join(r.base, "stall")
        root = os.path.join(r.base, "frozen-root")
        mnt = os.path.join(r.base, "mnt")
        for d in (os.path.join(backing, "versions", "3.12.1", "bin"), root, mnt):
            os.makedirs(d)
        for exe in ("python", "pip"):
            p = os.path.join(backing, "versions", "3.12.1", "bin", exe)
            with open(p, "w") as f:
                f.write("#!/bin/sh\n")
            os.chmod(p, 0o755)
        sfs = subprocess.Popen([program("PYENVFS_STALLFS"), backing, flag, root, "-f"],
                               stderr=subprocess.PIPE)
        try:
            check(wait_until(lambda: is_mounted(root), timeout=10), "stallfs mounted")
            args = ["--no-inotify", "--poll-interval", "50", "--cache-timeout", "0"]
            with Mount(root, mountpoint=mnt, args=args) as m:
                check_eq(m.listing(), ["pip", "python"], "listing before the stall")
                open(flag, "w").close()
                time.sleep(0.5)  # the watcher's next poll is now stuck in stallfs
                # a change it cannot see while frozen: the answers come from the snapshot
                black = os.path.join(backing, "versions", "3.12.1", "bin", "black")
                with open(black, "w") as f:
                    f.write("#!/bin/sh\n")
                os.chmod(black, 0o755)
                for _ in range(3):
                    res = ask(mnt)
                    check_eq(res.returncode, 0, f"requests during the stall: {res.stderr}")
                    names, line, took = res.stdout.splitlines()
                    check_eq(names, "pip python", "readdir from the snapshot")
                    check_eq(line, f"#!{m.shim} {root}", "read of an entry")
                    print(f"# requests answered in {took} s during the stall", flush=True)
                check(m.proc.poll() is None, "the daemon runs (the watchdog left it alone)")
                os.unlink(flag)
                check(wait_until(lambda: m.listing() == ["black", "pip", "python"], timeout=10),
                      f"the change shows once the root answers again: {m.listing()}")
        finally:
            if os.path.exists(flag):
                os.unlink(flag)
            subprocess.run(["fusermount3", "-u", root], capture_output=True)
            sfs.wait(timeout=10)


if __name__ == "__main__":
    main(globals(), fuse=True)

"""pyenvfs: a killed daemon never leaves ENOTCONN on PATH (auto_unmount); SIGTERM and
SIGINT unmount cleanly."""
import os
import signal
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (Mount, TempRoot, check, check_eq, is_mounted, main, run,  # noqa: E402
                             wait_until)


def test_kill_9_leaves_path_usable():
    # in both modes, several times: fusermount3 unmounts only when opening the mount
    # point fails with ENOTCONN, which must hold even after the directory was listed
    for fg in (True, False, True, False, True, False):
        with TempRoot() as r:
            r.add_version("3.12.1", {"python": None})
            m = Mount(r, foreground=fg).start()
            res = run(["sh", "-c", "true"], path=[m.mountpoint])
            check_eq(res.returncode, 0, "PATH search through the live mount")
            check_eq(m.listing(), ["python"], "listing")
            os.stat(os.path.join(m.mountpoint, "python"))
            m.kill(signal.SIGKILL)
            check(wait_until(m._gone, timeout=10), "daemon killed")
            check(wait_until(lambda: not is_mounted(m.mountpoint), timeout=10),
                  "auto_unmount removed the mount")
            # the mount first in PATH: /bin/true must still be found and run
            res = run(["/bin/sh", "-c", "true && echo ran"], path=[m.mountpoint])
            check_eq((res.returncode, res.stdout), (0, "ran\n"), f"true via PATH: {res.stderr}")
            res = run(["/usr/bin/env", "true"], path=[m.mountpoint])
            check_eq(res.returncode, 0, f"execvp of true: {res.stderr}")
            if m.proc:
                m.proc.wait()
            m.proc = None
            m.pid = None


def test_sigterm_and_sigint_unmount():
    for sig in (signal.SIGTERM, signal.SIGINT):
        with TempRoot() as r:
            r.add_version("3.12.1", {"python": None})
            m = Mount(r).start()
            m.kill(sig)
            check_eq(m.proc.wait(timeout=10), 0, f"exit status after {sig.name}")
            check(not is_mounted(m.mountpoint), f"unmounted after {sig.name}")
            m.proc = None
            m.pid = None


if __name__ == "__main__":
    main(globals(), fuse=True)

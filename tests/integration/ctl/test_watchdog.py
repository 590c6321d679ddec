#!/usr/bin/python3
"""pyenvfs-ctl and the watchdog: status and doctor show it; a killed watchdog is a problem
that `mount` fixes; a watchdog that gave up leaves its reason; with nothing mounted, status
and doctor say the static fallback serves, and doctor advises deleting nothing of it."""

import os
import signal
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (CtlSandbox, check, main, status_fields, wait_for,  # noqa: E402
                             watchdog_pids)

VERSIONS = {"3.12.1": ["python", "python3", "pip"]}


def state_path(mountpoint):
    h = 1469598103934665603
    for b in mountpoint.encode():
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    return "/tmp/pyenvfs-%d/watchdog-%016x.state" % (os.getuid(), h)


def test_status_shows_the_watchdog_and_mount_restores_it():
    sb = CtlSandbox(VERSIONS)
    try:
        check(sb.ctl("mount").returncode == 0, "mount")
        wait_for(lambda: len(watchdog_pids(sb.shims)) == 1, what="the watchdog")
        wd = watchdog_pids(sb.shims)[0]
        st = sb.ctl("status")
        f = status_fields(st.stdout)
        check(st.returncode == 0 and f["watchdog"] == "pid %d, deadline 3 s" % wd,
              "status names the watchdog", st)
        d = sb.ctl("doctor", env=sb.env(PATH=sb.shims + ":/usr/bin:/bin"))
        check("ok       watchdog: pid %d" % wd in d.stdout, "doctor: watchdog ok", d)

        os.kill(wd, signal.SIGKILL)
        wait_for(lambda: not watchdog_pids(sb.shims), what="the watchdog to die")
        st = sb.ctl("status")
        f = status_fields(st.stdout)
        check(st.returncode == 3 and f["watchdog"].startswith("gone") and
              f["fix"] == "pyenvfs-ctl mount", "status: the watchdog is gone", st)
        check(f["state"] == "mounted", "the daemon serves on", st)
        d = sb.ctl("doctor", env=sb.env(PATH=sb.shims + ":/usr/bin:/bin"))
        check(d.returncode == 1 and "PROBLEM  watchdog: gone" in d.stdout, "doctor", d)

        m = sb.ctl("mount")
        check(m.returncode == 0 and "started a new watchdog" in m.stdout, "mount restores", m)
        wait_for(lambda: len(watchdog_pids(sb.shims)) == 1, what="a new watchdog")
        check(sb.ctl("status").returncode == 0, "healthy again")
        m = sb.ctl("mount")
        check(m.returncode == 0 and "watchdog" not in m.stdout, "nothing to restore", m)
        check(len(watchdog_pids(sb.shims)) == 1, "still one watchdog")
        check(sb.ctl("umount").returncode == 0, "umount")
    finally:
        sb.cleanup()


def test_fallback_after_umount():
    sb = CtlSandbox(VERSIONS)
    try:
        check(sb.ctl("mount").returncode == 0, "mount")
        time.sleep(0.5)  # the fallback is written 200 ms after the first snapshot
        check(sb.ctl("umount").returncode == 0, "umount")
        st = sb.ctl("status")
        f = status_fields(st.stdout)
        check(st.returncode == 1 and f["state"] == "not mounted", "not mounted", st)
        check(f["fallback"].startswith("static fallback: 3 entries under " + sb.shims),
              "status: the static fallback", st)
        d = sb.ctl("doctor", env=sb.env(PATH=sb.shims + ":/usr/bin:/bin"))
        check("static fallback: 3 entries in " + sb.shims in d.stdout, "doctor sees it", d)
        check("rm -f" not in d.stdout, "doctor advises deleting nothing", d)
        r = sb.ctl("mount")
        check(r.returncode == 0 and "hidden" not in r.stdout, "no note on our own files", r)
        check(sb.ctl("umount").returncode == 0, "umount")
    finally:
        sb.cleanup()


def test_gave_up_is_reported():
    sb = CtlSandbox(VERSIONS)
    path = state_path(sb.shims)
    try:
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(path, "w") as f:
            f.write("pid=1\nmountpoint=%s\nstate=gave-up\nreason=the daemon (pid 9) did not "
                    "answer within 3 s, 4 times in 300 s\nsince=0\ntimeout=3\ndaemon=9\n"
                    % sb.shims)
        st = sb.ctl("status")
        f = status_fields(st.stdout)
        check(st.returncode == 1 and f["watchdog"].startswith("gave up") and
              "did not answer within 3 s, 4 times" in f["watchdog"], "status: gave up", st)
        d = sb.ctl("doctor")
        check("PROBLEM  watchdog: gave up" in d.stdout, "doctor: gave up", d)
        check(sb.ctl("mount").returncode == 0, "mount")
        wait_for(lambda: len(watchdog_pids(sb.shims)) == 1, what="a new watchdog")
        f = status_fields(sb.ctl("status").stdout)
        check(f["watchdog"].startswith("pid "), "a fresh watchdog replaces the old state")
        check(sb.ctl("umount").returncode == 0, "umount")
    finally:
        if os.path.exists(path):
            os.unlink(path)
        sb.cleanup()


def test_watchdog_turned_off():
    sb = CtlSandbox(VERSIONS)
    try:
        check(sb.ctl("mount", env=sb.env(PYENVFS_WATCHDOG_TIMEOUT="0")).returncode == 0, "mount")
        st = sb.ctl("status")
        f = status_fields(st.stdout)
        check(st.returncode == 0 and f["watchdog"].startswith("none"), "status: none", st)
        check(not watchdog_pids(sb.shims), "no watchdog")
        check(sb.ctl("umount").returncode == 0, "umount")
    finally:
        sb.cleanup()


if __name__ == "__main__":
    main(globals(), fuse=True)

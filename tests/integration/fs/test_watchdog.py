"""pyenvfs-watchdog: a daemon that stops answering (SIGSTOP, a deliberate deadlock) is ended
within the deadline and replaced; a shell's lookup waits at most 10 s, the shims answer again
within 20 s more. Repeated stalls back off and leave the directory unmounted, where the static
fallback still runs the selected Python. Two watchdogs never fight over one mount point; a
killed watchdog leaves the daemon serving and `pyenvfs --watchdog-only` brings one back.

PYENVFS_TEST_ROUNDS=N repeats the SIGSTOP measurement N times (default 2) and prints the
median stall and recovery times."""
import os
import signal
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (Mount, TempRoot, check, check_eq, is_mounted, main,  # noqa: E402
                             program, run, wait_until, watchdog_pids, watchdog_state)

HANG = os.environ.get("PYENVFS_HANG_PRELOAD", "")


def fuse_mounts_on(mountpoint):
    with open("/proc/self/mountinfo") as f:
        return sum(1 for line in f if line.split()[4] == mountpoint)


def daemon_pid(mountpoint):
    try:
        text = os.getxattr(mountpoint, "user.pyenvfs.status").decode()
    except OSError:
        return None
    for line in text.splitlines():
        if line.startswith("pid="):
            return int(line[4:])
    return None


def timed_lookup(mountpoint, command="uname"):
    """A new shell's PATH search for a command it never ran, the shims first; every program
    by its absolute path (PATH leads through the frozen mount). Returns (seconds, result)."""
    t0 = time.monotonic()
    res = subprocess.run(["/usr/bin/timeout", "60", "/usr/bin/env",
                          f"PATH={mountpoint}:/usr/bin:/bin", "/bin/sh", "-c", command],
                         capture_output=True, text=True)
    return time.monotonic() - t0, res


def wait_new_daemon(mountpoint, old_pid, timeout=20):
    """Waits until a daemon other than old_pid answers; returns the seconds waited."""
    t0 = time.monotonic()
    ok = wait_until(lambda: daemon_pid(mountpoint) not in (None, old_pid), timeout=timeout,
                    interval=0.02)
    check(ok, f"no fresh daemon answers on {mountpoint} within {timeout} s")
    return time.monotonic() - t0


def stall_round(r, timeout=3):
    m = Mount(r, foreground=False, args=["--watchdog-timeout", str(timeout)]).start()
    check(wait_until(lambda: len(watchdog_pids(m.mountpoint)) == 1, timeout=5),
          "one watchdog supervises the mount")
    os.kill(m.pid, signal.SIGSTOP)
    blocked, res = timed_lookup(m.mountpoint)
    check_eq((res.returncode, res.stdout.strip()), (0, os.uname().sysname),
             f"uname ran from /usr/bin past the frozen shims: {res.stderr}")
    check(blocked <= 10, f"the shell was blocked {blocked:.2f} s (bound: 10 s)")
    recovered = wait_new_daemon(m.mountpoint, m.pid)
    old = m.pid
    m.pid = daemon_pid(m.mountpoint)
    return m, old, blocked, recovered


def test_sigstop_lookup_is_bounded_and_the_mount_comes_back():
    rounds = int(os.environ.get("PYENVFS_TEST_ROUNDS", "2"))
    blocked, recovered = [], []
    for _ in range(rounds):
        with TempRoot() as r:
            r.add_version("3.12.1", {"python": None})
            m, old, b, rec = stall_round(r)
            blocked.append(b)
            recovered.append(rec)
            check_eq(run(["python"], path=[m.mountpoint], env={"PYENV_VERSION": "3.12.1"}).stdout, "python 3.12.1 \n",
                     "the fresh daemon's shims run")
            check(not os.path.exists(f"/proc/{old}/status") or
                  "zombie" in open(f"/proc/{old}/status").read(), "the stopped daemon is gone")
            m.stop()
    print(f"# stall bound: median {statistics.median(blocked):.2f} s, max {max(blocked):.2f} s;"
          f" shims answer again after median {statistics.median(recovered):.2f} s more, "
          f"max {max(recovered):.2f} s ({rounds} rounds)", flush=True)


def test_sigcont_after_the_watchdog_acted():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        m, old, _, _ = stall_round(r)
        try:
            os.kill(old, signal.SIGCONT)
        except ProcessLookupError:
            pass
        time.sleep(1.5)
        check_eq(fuse_mounts_on(m.mountpoint), 1, "one mount, no double mount")
        check_eq(daemon_pid(m.mountpoint), m.pid, "the fresh daemon serves")
        check_eq(len(watchdog_pids(m.mountpoint)), 1, "one watchdog")
        check_eq(run(["python"], path=[m.mountpoint], env={"PYENV_VERSION": "3.12.1"}).stdout, "python 3.12.1 \n", "shims run")
        m.stop()
        check_eq(fuse_mounts_on(m.mountpoint), 0, "no stale mount left")


def hang_env(flag):
    check(HANG and os.path.exists(HANG), "PYENVFS_HANG_PRELOAD is not built")
    return {"LD_PRELOAD": HANG, "PYENVFS_TEST_HANG": flag,
            "ASAN_OPTIONS": os.environ.get("ASAN_OPTIONS", "") + ":verify_asan_link_order=0"}


def test_deadlocked_daemon_is_replaced():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        flag = os.path.join(r.base, "hang")
        m = Mount(r, foreground=False, env=hang_env(flag),
                  args=["--watchdog-timeout", "2"]).start()
        with open(flag, "w") as f:
            f.write("once\n")
        blocked, res = timed_lookup(m.mountpoint, "uname")
        check_eq(res.returncode, 0, f"uname ran past the deadlocked daemon: {res.stderr}")
        check(blocked <= 10, f"the shell was blocked {blocked:.2f} s (bound: 10 s)")
        check(not os.path.exists(flag), "the daemon did deadlock (the hook fired)")
        wait_new_daemon(m.mountpoint, m.pid)
        m.pid = daemon_pid(m.mountpoint)
        check_eq(run(["python"], path=[m.mountpoint], env={"PYENV_VERSION": "3.12.1"}).stdout, "python 3.12.1 \n", "shims run")
        m.stop()


def test_repeated_stalls_back_off_and_leave_the_fallback():
    """A daemon that hangs every time: the watchdog remounts a few times with growing pauses,
    then gives up, leaving the directory unmounted with the reason in its state file; the
    static fallback under it still runs the selected Python."""
    with TempRoot() as r:
        r.make_python("3.11.9")
        r.write_global("3.11.9\n")
        flag = os.path.join(r.base, "hang")
        m = Mount(r, foreground=False, env=hang_env(flag),
                  args=["--watchdog-timeout", "1"]).start()
        with open(flag, "w") as f:
            f.write("always\n")
        mounts = []
        t0 = time.monotonic()
        while time.monotonic() - t0 < 60 and watchdog_pids(m.mountpoint):
            mounts.append(is_mounted(m.mountpoint))
            time.sleep(0.2)
        check(not watchdog_pids(m.mountpoint), "the watchdog gave up within 60 s")
        state = watchdog_state(m.mountpoint)
        check_eq(state.get("state"), "gave-up", f"state file: {state}")
        check("did not answer" in state.get("reason", ""), f"the reason: {state}")
        check(not is_mounted(m.mountpoint), "left unmounted")
        os.unlink(flag)
        res = run(["python", "-c", "import sys; print(sys.prefix)"], path=[m.mountpoint],
                  env={"PYENV_ROOT": r.root})
        check_eq(res.stdout.strip(), os.path.join(r.versions, "3.11.9"),
                 f"python from the static fallback: {res.stderr}")
        m.pid = None


def test_fallback_after_kill_9():
    with TempRoot() as r:
        r.make_python("3.11.9")
        r.write_global("3.11.9\n")
        m = Mount(r, foreground=False).start()
        time.sleep(0.5)  # the fallback is written within its debounce (200 ms)
        m.kill(signal.SIGKILL)
        check(wait_until(lambda: not is_mounted(m.mountpoint), timeout=10), "auto_unmount")
        res = run(["python", "-c", "import sys; print(sys.prefix)"], path=[m.mountpoint])
        check_eq(res.stdout.strip(), os.path.join(r.versions, "3.11.9"),
                 f"python from the static fallback: {res.stderr}")
        check(wait_until(lambda: not watchdog_pids(m.mountpoint), timeout=5),
              "the watchdog leaves once the mount is gone")
        m.pid = None


def test_killed_watchdog_leaves_the_daemon_serving():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        m = Mount(r, foreground=False).start()
        check(wait_until(lambda: len(watchdog_pids(m.mountpoint)) == 1, timeout=5), "watchdog")
        os.kill(watchdog_pids(m.mountpoint)[0], signal.SIGKILL)
        check(wait_until(lambda: not watchdog_pids(m.mountpoint), timeout=5), "killed")
        time.sleep(0.5)
        check_eq(daemon_pid(m.mountpoint), m.pid, "the daemon serves on")
        check_eq(run(["python"], path=[m.mountpoint], env={"PYENV_VERSION": "3.12.1"}).stdout, "python 3.12.1 \n", "shims run")
        res = run([program("PYENVFS_DAEMON"), "--root", r.root, "--shim", m.shim,
                   "--watchdog-only", m.mountpoint])
        check_eq(res.returncode, 0, f"--watchdog-only: {res.stderr}")
        check(wait_until(lambda: len(watchdog_pids(m.mountpoint)) == 1, timeout=5),
              "a new watchdog")
        check_eq(watchdog_state(m.mountpoint).get("state"), "watching", "its state")
        m.stop()


def test_watchdog_only_for_a_daemon_already_stopped():
    """A watchdog started for a daemon that never answers it still finds the daemon (by its
    command line) to end it."""
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        m = Mount(r, foreground=False, args=["--no-watchdog"]).start()
        os.kill(m.pid, signal.SIGSTOP)
        res = run([program("PYENVFS_DAEMON"), "--root", r.root, "--shim", m.shim,
                   "--watchdog-timeout", "1", "--watchdog-only", m.mountpoint])
        check_eq(res.returncode, 0, f"--watchdog-only: {res.stderr}")
        wait_new_daemon(m.mountpoint, m.pid)
        m.pid = daemon_pid(m.mountpoint)
        m.stop()


def test_two_watchdogs_never_fight():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        m = Mount(r, foreground=False, args=["--watchdog-timeout", "2"]).start()
        check(wait_until(lambda: len(watchdog_pids(m.mountpoint)) == 1, timeout=5), "watchdog")
        first = watchdog_pids(m.mountpoint)
        # the first one holds the mount point's lock once it says it is watching
        check(wait_until(lambda: watchdog_state(m.mountpoint).get("state") == "watching",
                         timeout=10), "the first watchdog watching")
        for _ in range(3):
            res = run([program("PYENVFS_DAEMON"), "--root", r.root, "--shim", m.shim,
                       "--watchdog-only", m.mountpoint])
            check_eq(res.returncode, 0, f"--watchdog-only: {res.stderr}")
        time.sleep(0.5)
        check_eq(watchdog_pids(m.mountpoint), first, "the second ones left at once")
        # a stall with a spare watchdog around: still one remount, one mount, one watchdog
        os.kill(m.pid, signal.SIGSTOP)
        wait_new_daemon(m.mountpoint, m.pid)
        time.sleep(1)
        check_eq(fuse_mounts_on(m.mountpoint), 1, "one mount")
        check_eq(watchdog_pids(m.mountpoint), first, "the same single watchdog")
        m.pid = daemon_pid(m.mountpoint)
        m.stop()


def test_watchdog_off():
    with TempRoot() as r:
        r.add_version("3.12.1", {"python": None})
        m = Mount(r, foreground=False, args=["--no-watchdog"]).start()
        time.sleep(0.3)
        check_eq(watchdog_pids(m.mountpoint), [], "--no-watchdog")
        m.stop()
        m = Mount(r, foreground=False, env={"PYENVFS_WATCHDOG_TIMEOUT": "0"}).start()
        time.sleep(0.3)
        check_eq(watchdog_pids(m.mountpoint), [], "PYENVFS_WATCHDOG_TIMEOUT=0")
        m.stop()
        res = run([program("PYENVFS_DAEMON"), "--watchdog-timeout", "soon", m.mountpoint])
        check_eq(res.returncode, 2, "a bad --watchdog-timeout")
        check("invalid --watchdog-timeout: soon" in res.stderr, res.stderr)
        res = run([program("PYENVFS_DAEMON"), m.mountpoint],
                  env={"PYENVFS_WATCHDOG_TIMEOUT": "-1"})
        check_eq(res.returncode, 2, "a bad PYENVFS_WATCHDOG_TIMEOUT")
        check("invalid PYENVFS_WATCHDOG_TIMEOUT: -1" in res.stderr, res.stderr)


if __name__ == "__main__":
    main(globals(), fuse=True)

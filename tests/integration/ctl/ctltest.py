"""Helpers for the pyenvfs-ctl integration tests: a sandbox root with fake versions, running
the built programs with a controlled environment, and a cleanup that never leaves a mount.

Each test script defines functions named test_*; run_tests() runs them in order, prints TAP and
exits non-zero if one failed. Never touches /root/.pyenv: every root is a temp dir."""

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

CTL = os.environ.get("PYENVFS_CTL", "")
DAEMON = os.environ.get("PYENVFS_DAEMON", "")
SHIM = os.environ.get("PYENVFS_SHIM", "")
BASE_PATH = "/usr/bin:/bin"


class Sandbox:
    """A temp HOME and PYENV_ROOT with versions made of small shell scripts."""

    def __init__(self, versions=None):
        self.dir = tempfile.mkdtemp(prefix="pyenvfs-ctl-test.")
        self.home = os.path.join(self.dir, "home")
        self.root = os.path.join(self.dir, "root")
        self.shims = os.path.join(self.root, "shims")
        os.makedirs(self.home)
        os.makedirs(os.path.join(self.root, "versions"))
        for v, cmds in (versions or {}).items():
            self.add_version(v, cmds)

    def add_version(self, version, commands):
        bindir = os.path.join(self.root, "versions", version, "bin")
        os.makedirs(bindir, exist_ok=True)
        for c in commands:
            p = os.path.join(bindir, c)
            with open(p, "w") as f:
                f.write("#!/bin/sh\necho \"%s %s $*\"\n" % (c, version))
            os.chmod(p, 0o755)

    def env(self, **extra):
        e = {
            "HOME": self.home,
            "PYENV_ROOT": self.root,
            "PATH": BASE_PATH,
            "LANG": "C.UTF-8",
        }
        for k in ("PYENVFS_DAEMON", "PYENVFS_SHIM", "ASAN_OPTIONS", "UBSAN_OPTIONS",
                  "LSAN_OPTIONS"):
            if os.environ.get(k):
                e[k] = os.environ[k]
        e.update(extra)
        return e

    def ctl(self, *args, env=None, timeout=30, cwd=None):
        """Runs pyenvfs-ctl; returns CompletedProcess with text output."""
        return subprocess.run([CTL, *args], env=env or self.env(), capture_output=True,
                              text=True, timeout=timeout, cwd=cwd or self.dir,
                              stdin=subprocess.DEVNULL)

    def cleanup(self):
        for mp in mounts_under(self.dir):
            subprocess.run(["fusermount3", "-u", "-z", mp], capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


def mounts_under(prefix):
    """Mount points below prefix, from /proc/self/mountinfo (deepest first)."""
    out = []
    with open("/proc/self/mountinfo") as f:
        for line in f:
            mp = line.split()[4].replace("\\040", " ")
            if mp.startswith(prefix + "/"):
                out.append(mp)
    return sorted(out, key=len, reverse=True)


def fuse_mounts_on(mountpoint):
    n = 0
    with open("/proc/self/mountinfo") as f:
        for line in f:
            if line.split()[4].replace("\\040", " ") == mountpoint:
                n += 1
    return n


def status_fields(text):
    fields = {}
    for line in text.splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            fields[k.strip()] = v.strip()
    return fields


def pid_alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def wait_for(pred, timeout=5.0, what="condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if pred():
            return
        time.sleep(0.02)
    raise AssertionError("timed out waiting for " + what)


def kill9(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def check(cond, msg, proc=None):
    if not cond:
        if proc is not None:
            msg += "\n  rc=%s\n  stdout=%r\n  stderr=%r" % (proc.returncode, proc.stdout,
                                                          proc.stderr)
        raise AssertionError(msg)


def run_tests(module_globals, only=None):
    if not CTL:
        print("PYENVFS_CTL is not set", file=sys.stderr)
        sys.exit(2)
    tests = [(n, f) for n, f in module_globals.items()
             if n.startswith("test_") and callable(f) and (not only or n in only)]
    print("1..%d" % len(tests))
    failed = 0
    for i, (name, fn) in enumerate(tests, 1):
        try:
            fn()
            print("ok %d - %s" % (i, name))
        except Exception:
            failed += 1
            print("not ok %d - %s" % (i, name))
            for line in traceback.format_exc().splitlines():
                print("# " + line)
        sys.stdout.flush()
    sys.exit(1 if failed else 0)

"""pyenvfs_testlib: shared helpers for pyenvfs integration tests (Python 3 stdlib only).

Run tests with /usr/bin/python3. Programs come from the environment (meson sets them):
PYENVFS_DAEMON (the built `pyenvfs`), PYENVFS_SHIM (`pyenvfs-shim`), PYENVFS_CTL.
Nothing here touches the machine's ~/.pyenv: every root is a fresh temp directory, and
`run()` never inherits PATH or PYENV_* from the caller.

API
---
require_fuse()
    Fails (never skips) when /dev/fuse is missing.
TempRoot(prefix="pyenvfs-test-")          context manager, removed (unmounting first) on exit
    .base        the temp directory; .root = base/root (PYENV_ROOT); .versions; .shims
    .add_version(name, exes=None, link_to=None) -> path of versions/NAME/bin
        exes: {name: body-or-None}; body is shell code (default: prints "NAME VERSION $*").
        link_to: make versions/NAME a symlink to that (relative or absolute) target.
    .add_exe(version, name, body=None, mode=0o755, env=None) -> path
        a /bin/sh script in versions/VERSION/bin (or versions/VERSION/envs/ENV/bin).
    .add_file(version, name, text="", mode=0o644, env=None) -> path   (non-executable)
    .add_env(version, env, exes=None) -> path of versions/VERSION/envs/ENV/bin
    .remove_version(name)
    .write_global(text)                     writes ROOT/version
    .make_python(version)                   versions/VERSION is a real CPython: bin/python3.11
                                            (a copy of /usr/bin/python3.11) + python3/python links,
                                            lib/python3.11 -> /usr/lib/python3.11
Mount(root, mountpoint=None, shim=None, args=(), foreground=True, env=None)   context manager
    Mounts the daemon on mountpoint (default ROOT/shims) and waits until it answers.
    foreground=True runs `pyenvfs -f` as a child (its stderr kept in .stderr_path, its exit
    status checked by stop(): sanitizer reports fail the test); False uses the contract's
    background mode (returns once live) and finds the daemon by its status xattr.
    .start(timeout=10)  .stop(check=True)  .kill(sig)  .pid  .status() -> dict
    .listing() -> sorted names (dot names included)  .stderr() -> daemon's log so far
    env: variables added to the daemon's environment. stop() also waits for the mount's
    watchdog to leave.
fusermount_u(mountpoint) -> CompletedProcess   fusermount3 -u, retried while EBUSY
watchdog_pids(mountpoint) -> [pid]       the pyenvfs-watchdog processes supervising it
watchdog_state(mountpoint) -> dict       its state file (pid, state, reason, ...), {} if none
script(body) -> "#!/bin/sh\n" + body
run(argv, env=None, path=(), cwd=None, timeout=60, input=None) -> CompletedProcess (text)
    env: the complete environment (plus PATH from `path`, HOME=/nonexistent unless given).
is_mounted(path) -> bool                  from /proc/self/mountinfo
wait_until(pred, timeout=5.0, interval=0.002) -> bool
check(cond, msg) / check_eq(a, b, msg)    raise AssertionError with details
main(globals())                            runs every test_* function in file order, prints
                                           TAP, exits 1 on any failure
"""

import inspect
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback

STATUS_XATTR = "user.pyenvfs.status"
PYENV = "/root/.pyenv/libexec/pyenv"  # the installed pyenv 2.6: behaviour reference only


def fail(msg):
    raise AssertionError(msg)


def check(cond, msg="check failed"):
    if not cond:
        fail(msg)


def check_eq(got, want, msg=""):
    if got != want:
        fail(f"{msg}\n  got:  {got!r}\n  want: {want!r}")


def require_fuse():
    if not os.path.exists("/dev/fuse"):
        fail("/dev/fuse is missing: FUSE tests cannot run (this is a failure, not a skip)")
    if not shutil.which("fusermount3", path="/usr/bin:/bin"):
        fail("fusermount3 is missing (Debian package fuse3)")


def program(var):
    path = os.environ.get(var)
    if not path:
        fail(f"{var} is not set (run through meson test)")
    return path


def wait_until(pred, timeout=5.0, interval=0.002):
    deadline = time.monotonic() + timeout
    while True:
        if pred():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def is_mounted(path):
    path = os.path.realpath(path)
    with open("/proc/self/mountinfo") as f:
        for line in f:
            fields = line.split()
            if fields[4].encode().decode("unicode_escape") == path:
                return True
    return False


def fusermount_u(mountpoint):
    """`fusermount3 -u`, tried again for half a second: a request in flight at that instant
    (a lookup, the watchdog's probe) makes it fail with EBUSY. Returns the last result."""
    for _ in range(10):
        res = subprocess.run(["fusermount3", "-u", mountpoint], capture_output=True, text=True)
        if res.returncode == 0 or "busy" not in res.stderr:
            return res
        time.sleep(0.05)
    return res


def watchdog_pids(mountpoint):
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/cmdline", "rb") as f:
                argv = f.read().split(b"\0")
            with open(f"/proc/{d}/stat") as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    continue
        except OSError:
            continue
        if argv[0].endswith(b"pyenvfs-watchdog") and b"--" in argv:
            if mountpoint.encode() in argv[:argv.index(b"--")]:
                pids.append(int(d))
    return sorted(pids)


def watchdog_state(mountpoint):
    h = 1469598103934665603
    for b in mountpoint.encode():
        h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
    xdg = os.environ.get("XDG_RUNTIME_DIR", "")
    d = f"{xdg}/pyenvfs" if xdg.startswith("/") else f"/tmp/pyenvfs-{os.getuid()}"
    out = {}
    try:
        with open(f"{d}/watchdog-{h:016x}.state") as f:
            for line in f:
                k, _, v = line.rstrip("\n").partition("=")
                out[k] = v
    except FileNotFoundError:
        pass
    return out


def script(body):
    return "#!/bin/sh\n" + body + "\n"


def run(argv, env=None, path=(), cwd=None, timeout=60, input=None):
    full = {"HOME": "/nonexistent", "LC_ALL": "C"}
    if env:
        full.update(env)
    if "PATH" not in full:
        full["PATH"] = ":".join(list(path) + ["/usr/bin", "/bin"])
    return subprocess.run(argv, env=full, cwd=cwd, timeout=timeout, input=input,
                          capture_output=True, text=True)


class TempRoot:
    def __init__(self, prefix="pyenvfs-test-"):
        self.base = tempfile.mkdtemp(prefix=prefix)
        self.root = os.path.join(self.base, "root")
        self.versions = os.path.join(self.root, "versions")
        self.shims = os.path.join(self.root, "shims")
        os.makedirs(self.versions)
        os.makedirs(self.shims)
        self.mounts = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()

    def cleanup(self):
        for m in reversed(self.mounts):
            m.stop(check=False)
        for dirpath, _, _ in os.walk(self.base):
            if is_mounted(dirpath):
                subprocess.run(["fusermount3", "-u", "-z", dirpath], capture_output=True)
        shutil.rmtree(self.base, ignore_errors=True)

    def bindir(self, version, env=None):
        d = os.path.join(self.versions, version)
        if env:
            d = os.path.join(d, "envs", env)
        return os.path.join(d, "bin")

    def add_version(self, name, exes=None, link_to=None):
        if link_to is not None:
            os.symlink(link_to, os.path.join(self.versions, name))
            return self.bindir(name)
        os.makedirs(self.bindir(name), exist_ok=True)
        for exe, body in (exes or {}).items():
            self.add_exe(name, exe, body)
        return self.bindir(name)

    def add_env(self, version, env, exes=None):
        os.makedirs(self.bindir(version, env), exist_ok=True)
        for exe, body in (exes or {}).items():
            self.add_exe(version, exe, body, env=env)
        return self.bindir(version, env)

    def add_exe(self, version, name, body=None, mode=0o755, env=None):
        d = self.bindir(version, env)
        os.makedirs(d, exist_ok=True)
        if body is None:
            tag = f"{version}/envs/{env}" if env else version
            body = f'echo "{name} {tag} $*"'
        path = os.path.join(d, name)
        tmp = path + ".tmp~"
        with open(tmp, "w") as f:
            f.write(script(body))
        os.chmod(tmp, mode)
        os.rename(tmp, path)
        return path

    def add_file(self, version, name, text="", mode=0o644, env=None):
        d = self.bindir(version, env)
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, name)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)
        return path

    def remove_version(self, name):
        path = os.path.join(self.versions, name)
        if os.path.islink(path):
            os.unlink(path)
        else:
            shutil.rmtree(path)

    def write_global(self, text):
        with open(os.path.join(self.root, "version"), "w") as f:
            f.write(text)

    def make_python(self, version):
        prefix = os.path.join(self.versions, version)
        os.makedirs(os.path.join(prefix, "bin"), exist_ok=True)
        os.makedirs(os.path.join(prefix, "lib"), exist_ok=True)
        shutil.copy2("/usr/bin/python3.11", os.path.join(prefix, "bin", "python3.11"))
        os.symlink("python3.11", os.path.join(prefix, "bin", "python3"))
        os.symlink("python3.11", os.path.join(prefix, "bin", "python"))
        os.symlink("/usr/lib/python3.11", os.path.join(prefix, "lib", "python3.11"))
        return os.path.join(prefix, "bin")


class Mount:
    def __init__(self, root, mountpoint=None, shim=None, args=(), foreground=True, env=None):
        self.root_obj = root if isinstance(root, TempRoot) else None
        self.root = root.root if isinstance(root, TempRoot) else root
        self.mountpoint = mountpoint or os.path.join(self.root, "shims")
        self.shim = shim or program("PYENVFS_SHIM")
        self.args = list(args)
        self.foreground = foreground
        self.env = dict(env or {})
        self.proc = None
        self.pid = None
        base = self.root_obj.base if self.root_obj else tempfile.gettempdir()
        self.stderr_path = os.path.join(base, f"pyenvfs-{os.getpid()}-{id(self)}.log")
        if self.root_obj:
            self.root_obj.mounts.append(self)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop(check=exc[0] is None)

    def argv(self):
        argv = [program("PYENVFS_DAEMON"), "--root", self.root, "--shim", self.shim]
        if self.foreground:
            argv.append("-f")
        return argv + self.args + [self.mountpoint]

    def start(self, timeout=10):
        os.makedirs(self.mountpoint, exist_ok=True)
        env = dict(os.environ)
        env.pop("PYENV_ROOT", None)
        env.update(self.env)
        with open(self.stderr_path, "ab") as err:
            if self.foreground:
                self.proc = subprocess.Popen(self.argv(), stdin=subprocess.DEVNULL,
                                             stdout=err, stderr=err, env=env)
            else:
                r = subprocess.run(self.argv(), stdin=subprocess.DEVNULL, stdout=err,
                                   stderr=err, env=env, timeout=timeout)
                check_eq(r.returncode, 0, f"pyenvfs exit status; log:\n{self.stderr()}")
                check(is_mounted(self.mountpoint),
                      "pyenvfs returned 0 before the mount was live")
        ok = wait_until(self._live, timeout=timeout)
        if not ok:
            self.stop(check=False)
            fail(f"pyenvfs did not come up on {self.mountpoint}; log:\n{self.stderr()}")
        self.pid = int(self.status()["pid"])
        if self.proc:
            check_eq(self.pid, self.proc.pid, "status pid")
        return self

    def _live(self):
        if self.proc and self.proc.poll() is not None:
            fail(f"pyenvfs exited with {self.proc.returncode}; log:\n{self.stderr()}")
        if not is_mounted(self.mountpoint):
            return False
        try:
            os.getxattr(self.mountpoint, STATUS_XATTR)
            return True
        except OSError:
            return False

    def status(self):
        text = os.getxattr(self.mountpoint, STATUS_XATTR).decode()
        out = {}
        for line in text.splitlines():
            k, _, v = line.partition("=")
            out[k] = v
        return out

    def listing(self):
        return sorted(os.listdir(self.mountpoint))

    def stderr(self):
        try:
            with open(self.stderr_path, errors="replace") as f:
                return f.read()
        except FileNotFoundError:
            return ""

    def _gone(self):
        if self.proc:
            return self.proc.poll() is not None
        try:
            with open(f"/proc/{self.pid}/stat") as f:
                return f.read().split(") ")[1].split()[0] == "Z"
        except FileNotFoundError:
            return True

    def kill(self, sig=signal.SIGTERM):
        os.kill(self.pid, sig)

    def stop(self, check=True):
        """Unmounts with fusermount3 -u and waits for the daemon; with check, its exit
        status must be 0 and its log free of sanitizer reports."""
        if self.pid is None and self.proc is None:
            return
        if is_mounted(self.mountpoint):
            fusermount_u(self.mountpoint)
        if not wait_until(self._gone, timeout=10):
            if self.pid:
                os.kill(self.pid, signal.SIGKILL)
            wait_until(self._gone, timeout=5)
            if check:
                fail(f"pyenvfs did not exit after unmount; log:\n{self.stderr()}")
        if is_mounted(self.mountpoint):
            subprocess.run(["fusermount3", "-u", "-z", self.mountpoint], capture_output=True)
        if not wait_until(lambda: not watchdog_pids(self.mountpoint), timeout=5) and check:
            fail(f"the watchdog of {self.mountpoint} did not leave after the unmount")
        rc = self.proc.wait() if self.proc else 0
        self.proc = None
        self.pid = None
        log = self.stderr()
        if check:
            check_eq(rc, 0, f"pyenvfs exit status; log:\n{log}")
            for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:",
                        "WARNING: ThreadSanitizer"):
                if bad in log:
                    fail(f"sanitizer report in the daemon's log:\n{log}")


def main(namespace):
    require_fuse()
    tests = [(n, f) for n, f in namespace.items() if n.startswith("test_") and callable(f)]
    tests.sort(key=lambda t: inspect.getsourcelines(t[1])[1])
    print(f"1..{len(tests)}", flush=True)
    failed = 0
    for i, (name, fn) in enumerate(tests, 1):
        t0 = time.monotonic()
        try:
            fn()
            print(f"ok {i} {name} # {time.monotonic() - t0:.2f}s", flush=True)
        except Exception:
            failed += 1
            print(f"not ok {i} {name}", flush=True)
            for line in traceback.format_exc().splitlines():
                print(f"# {line}", flush=True)
    sys.exit(1 if failed else 0)

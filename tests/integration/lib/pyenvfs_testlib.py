"""pyenvfs_testlib: the one harness of the pyenvfs integration tests (Python 3 stdlib only).

Every test file defines test_* functions (or unittest.TestCase classes with test_* methods),
ends with main(globals()) and prints TAP the same way: a plan `1..N`, then per case
`ok N - name` or `not ok N - name` followed by `# ` diagnostics. meson runs each file with
protocol 'tap'. Run tests with /usr/bin/python3; the built programs come from the environment
meson sets: PYENVFS_DAEMON (`pyenvfs`), PYENVFS_SHIM (`pyenvfs-shim`), PYENVFS_CTL,
PYENVFS_SOURCE_ROOT; the install tests also FIXTURE_ARCHIVE and FIXTURE_META.
Nothing here touches the machine's pyenv root: every root is a fresh temp directory, and no
helper inherits PATH or PYENV_* from the caller.

API
---
main(namespace, only=None, fuse=False)
    Runs every test_* function and every test_* method of the TestCase classes in
    namespace, in file order (only: the names to run), prints TAP, exits 1 on any failure.
    A skipped unittest case is a failure. fuse: fail every case when /dev/fuse is missing.
fail(msg) / check(cond, msg, proc=None) / check_eq(got, want, msg)
    raise AssertionError with details (proc: a CompletedProcess whose output is shown).
require_fuse()                            fails (never skips) when /dev/fuse is missing
program(var)                              the path in environment variable var, or fails
CTL, SRC, FIXTURES                        pyenvfs-ctl, the source tree, tests/fixtures
run(argv, env=None, path=(), cwd=None, timeout=60, input=None) -> CompletedProcess (text)
    env: the complete environment (plus PATH from `path`, HOME=/nonexistent unless given).
script(body) -> "#!/bin/sh\n" + body
write_file(path, text, mode=0o644) -> path   writes a file, creating its parent directories
wait_until(pred, timeout=5.0, interval=0.002) -> bool
wait_for(pred, timeout=5.0, what="condition")   like wait_until, fails on timeout
pid_alive(pid) / kill9(pid) / status_fields(text) (`key: value` lines of `ctl status`)
is_mounted(path) / mounts_under(dir) (deepest first) / fuse_mounts_on(mountpoint) -> count
unmount_under(dir)                        lazily unmounts every mount below dir
reference_pyenv() -> path of the installed pyenv 2.6 program (behaviour reference only)

TempRoot(prefix="pyenvfs-test-")          the daemon's tests: context manager, removed
                                          (unmounting first) on exit
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

CtlSandbox(versions=None)                 pyenvfs-ctl's tests: a temp HOME and PYENV_ROOT
    .dir .home .root .shims  .add_version(version, commands)  .env(**extra)
    .ctl(*args, env=None, timeout=30, cwd=None) -> CompletedProcess   .cleanup()

InstallTestCase (unittest.TestCase)       the installer's tests
    .sandbox() -> InstallSandbox: PYENV_ROOT, download cache, archives served by
    tests/fixtures/httpserver.py on 127.0.0.1 and an index file pointing there
    (.serve_cpython() .serve_tar() .add() .url() .requests() .ctl() .spawn() .env()
    .installed() .leftovers() .wait_for()); removed when the case ends.
    .assertFailedCleanly(sb, r, needle, installed_before=())
fixture() -> (path, meta) of the real CPython archive; entry(version, url, sha, ...);
Entry and sha256_file (from tests/fixtures/archives.py); UPSTREAM
"""

import inspect
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
import unittest

SRC = os.environ.get("PYENVFS_SOURCE_ROOT",
                     os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))
FIXTURES = os.path.join(SRC, "tests", "fixtures")
sys.path.insert(0, FIXTURES)
import archives  # noqa: E402

Entry = archives.Entry
sha256_file = archives.sha256_of

CTL = os.environ.get("PYENVFS_CTL", "")
STATUS_XATTR = "user.pyenvfs.status"
UPSTREAM = "https://github.com/astral-sh/python-build-standalone/releases/download"
BASE_PATH = "/usr/bin:/bin"
SANITIZER_VARS = ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS")


# --- checks ---

def fail(msg):
    raise AssertionError(msg)


def check(cond, msg="check failed", proc=None):
    if not cond:
        if proc is not None:
            msg += "\n  rc=%s\n  stdout=%r\n  stderr=%r" % (proc.returncode, proc.stdout,
                                                          proc.stderr)
        fail(msg)


def check_eq(got, want, msg=""):
    if got != want:
        fail(f"{msg}\n  got:  {got!r}\n  want: {want!r}")


def require_fuse():
    if not os.path.exists("/dev/fuse"):
        fail("/dev/fuse is missing: FUSE tests cannot run (this is a failure, not a skip)")
    if not shutil.which("fusermount3", path=BASE_PATH):
        fail("fusermount3 is missing (Debian package fuse3)")


def program(var):
    path = os.environ.get(var)
    if not path:
        fail(f"{var} is not set (run through meson test)")
    return path


def reference_pyenv():
    """The installed pyenv 2.6 (libexec/pyenv), found as `pyenv` on the caller's PATH."""
    found = shutil.which("pyenv")
    if not found:
        fail("pyenv is not on PATH: the behaviour reference is missing (a failure, not a skip)")
    return os.path.realpath(found)


def reference_plugin(name):
    """A plugin of the installed pyenv ($(pyenv root)/plugins/NAME): copy it, never change it."""
    path = os.path.join(os.path.dirname(os.path.dirname(reference_pyenv())), "plugins", name)
    if not os.path.isdir(path):
        fail(f"{path} is missing: the reference pyenv has no {name}")
    return path


# --- processes ---

def wait_until(pred, timeout=5.0, interval=0.002):
    deadline = time.monotonic() + timeout
    while True:
        if pred():
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(interval)


def wait_for(pred, timeout=5.0, what="condition"):
    if not wait_until(pred, timeout=timeout, interval=0.02):
        fail("timed out waiting for " + what)


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


def write_script(path, body, mode=0o755):
    """Writes a /bin/sh script atomically (a reader never sees half of it)."""
    tmp = path + ".tmp~"
    with open(tmp, "w") as f:
        f.write(script(body))
    os.chmod(tmp, mode)
    os.rename(tmp, path)
    return path


def write_file(path, text, mode=0o644):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
    os.chmod(path, mode)
    return path


def sanitizer_env():
    return {k: os.environ[k] for k in SANITIZER_VARS if os.environ.get(k)}


def run(argv, env=None, path=(), cwd=None, timeout=60, input=None):
    full = {"HOME": "/nonexistent", "LC_ALL": "C"}
    if env:
        full.update(env)
    if "PATH" not in full:
        full["PATH"] = ":".join(list(path) + ["/usr/bin", "/bin"])
    return subprocess.run(argv, env=full, cwd=cwd, timeout=timeout, input=input,
                          capture_output=True, text=True)


def tree_state(top):
    """Every path under top (top included) with its mtime and mode: what a writer would
    change (tests that a read-only root stays untouched compare two of these)."""
    out = {}
    for d, _, files in os.walk(top):
        for n in [d] + [os.path.join(d, f) for f in files]:
            st = os.lstat(n)
            out[n] = (st.st_mtime_ns, st.st_mode)
    return out


def pid_alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def kill9(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def status_fields(text):
    fields = {}
    for line in text.splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            fields[k.strip()] = v.strip()
    return fields


# --- mounts ---

def mount_points():
    """Every mount point in /proc/self/mountinfo, octal escapes decoded."""
    with open("/proc/self/mountinfo") as f:
        return [re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), line.split()[4])
                for line in f]


def is_mounted(path):
    return os.path.realpath(path) in mount_points()


def mounts_under(prefix):
    """Mount points below prefix, deepest first."""
    prefix = os.path.realpath(prefix)
    return sorted((mp for mp in mount_points() if mp.startswith(prefix + "/")),
                  key=len, reverse=True)


def fuse_mounts_on(mountpoint):
    return mount_points().count(mountpoint)


def unmount_under(prefix):
    for mp in mounts_under(prefix):
        subprocess.run(["fusermount3", "-u", "-z", mp], capture_output=True)


# --- the daemon's tests: a root and a mount ---

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
        unmount_under(self.base)
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
        return write_script(os.path.join(d, name), body, mode)

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
        return not pid_alive(self.pid)

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


# --- pyenvfs-ctl's tests: a HOME and a root with fake versions ---

class CtlSandbox:
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
            write_script(os.path.join(bindir, c), 'echo "%s %s $*"' % (c, version))

    def env(self, **extra):
        e = {"HOME": self.home, "PYENV_ROOT": self.root, "PATH": BASE_PATH, "LANG": "C.UTF-8"}
        for k in ("PYENVFS_DAEMON", "PYENVFS_SHIM"):
            if os.environ.get(k):
                e[k] = os.environ[k]
        e.update(sanitizer_env())
        e.update(extra)
        return e

    def ctl(self, *args, env=None, timeout=30, cwd=None):
        """Runs pyenvfs-ctl; returns CompletedProcess with text output."""
        return subprocess.run([program("PYENVFS_CTL"), *args], env=env or self.env(),
                              capture_output=True, text=True, timeout=timeout,
                              cwd=cwd or self.dir, stdin=subprocess.DEVNULL)

    def cleanup(self):
        unmount_under(self.dir)
        shutil.rmtree(self.dir, ignore_errors=True)


# --- the installer's tests: an HTTP server on 127.0.0.1 and an index ---

def fixture():
    """(path, meta) of the real CPython archive."""
    with open(program("FIXTURE_META")) as f:
        meta = json.load(f)
    return program("FIXTURE_ARCHIVE"), meta


def entry(version, url, sha, variant=None, libc="gnu", build="20990101", os_="linux",
          arch="x86_64"):
    """An index entry in uv's download-metadata schema: (key, value)."""
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)((?:a|b|rc)\d+)?", version)
    key = "cpython-%s%s-%s-%s-%s" % (version, "+" + variant if variant else "", os_, arch, libc)
    return key, {
        "name": "cpython", "arch": {"family": arch, "variant": None}, "os": os_, "libc": libc,
        "major": int(m.group(1)), "minor": int(m.group(2)), "patch": int(m.group(3)),
        "prerelease": m.group(4) or "", "url": url, "sha256": sha, "variant": variant,
        "build": build,
    }


class InstallSandbox:
    def __init__(self, test):
        self.dir = tempfile.mkdtemp(prefix="pyenvfs-install-")
        test.addCleanup(self.close)
        self.root = os.path.join(self.dir, "root")
        self.versions = os.path.join(self.root, "versions")
        self.cache = os.path.join(self.dir, "cache")
        self.srv = os.path.join(self.dir, "srv")
        self.log = os.path.join(self.dir, "requests.log")
        self.index = os.path.join(self.dir, "index.json")
        os.makedirs(self.srv)
        os.makedirs(self.root)
        self.server = None
        self.entries = {}

    def close(self):
        if self.server:
            self.server.kill()
            self.server.wait()
        subprocess.run(["umount", "-l", self.root], stderr=subprocess.DEVNULL)
        shutil.rmtree(self.dir, ignore_errors=True)

    # --- the server ---
    def start(self):
        self.server = subprocess.Popen(
            ["/usr/bin/python3", os.path.join(FIXTURES, "httpserver.py"), "--root", self.srv,
             "--log", self.log],
            stdout=subprocess.PIPE, text=True)
        line = self.server.stdout.readline()
        self.port = int(line.split()[1])
        return self

    def url(self, mode, name):
        return "http://127.0.0.1:%d/%s/%s" % (self.port, mode, name.replace("+", "%2B"))

    def requests(self, expect=0):
        """The requests logged so far; waits (up to 10 s) until there are at
        least `expect` (the server logs a request after its last byte)."""
        end = time.time() + 10
        while True:
            reqs = []
            if os.path.exists(self.log):
                with open(self.log) as f:
                    reqs = [json.loads(line) for line in f if line.endswith("\n")]
            if len(reqs) >= expect or time.time() > end:
                return reqs
            time.sleep(0.05)

    # --- archives and the index ---
    def serve_cpython(self, name="cpython-3.11.2+20990101-x86_64-unknown-linux-gnu-install_only.tar.gz"):
        path, meta = fixture()
        os.symlink(path, os.path.join(self.srv, name))
        return name, meta["sha256"], meta["version"]

    def serve_tar(self, name, entries, compression="gz"):
        path = os.path.join(self.srv, name)
        archives.make_tar(path, entries, compression)
        return name, sha256_file(path)

    def add(self, version, url, sha, **kw):
        k, v = entry(version, url, sha, **kw)
        self.entries[k] = v
        self.write_index()

    def write_index(self):
        with open(self.index, "w") as f:
            json.dump(self.entries, f)

    # --- running pyenvfs-ctl ---
    def env(self, **extra):
        env = {
            "PATH": BASE_PATH,
            "HOME": self.dir,
            "PYENV_ROOT": self.root,
            "PYENVFS_CACHE_DIR": self.cache,
            "PYENVFS_INDEX": self.index,
            "PYENVFS_RETRY_DELAY_MS": "20",
            "LANG": "C.UTF-8",
        }
        env.update(sanitizer_env())
        env.update({k: v for k, v in extra.items() if v is not None})
        for k, v in extra.items():
            if v is None:
                env.pop(k, None)
        return env

    def ctl(self, *args, env=None, input=None, timeout=120, cwd=None):
        return subprocess.run([program("PYENVFS_CTL")] + list(args), env=self.env(**(env or {})),
                              capture_output=True, text=True, input=input, timeout=timeout,
                              cwd=cwd)

    def spawn(self, *args, env=None):
        return subprocess.Popen([program("PYENVFS_CTL")] + list(args),
                                env=self.env(**(env or {})), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)

    # --- what is on disk ---
    def installed(self):
        return sorted(os.listdir(self.versions)) if os.path.isdir(self.versions) else []

    def leftovers(self):
        """Anything in the temp dir but lock files."""
        base = os.path.join(self.root, ".pyenvfs-tmp")
        if not os.path.isdir(base):
            return []
        return sorted(n for n in os.listdir(base) if not n.endswith(".lock"))

    def wait_for(self, pred, timeout=30):
        return wait_until(pred, timeout=timeout, interval=0.05)


class InstallTestCase(unittest.TestCase):
    def sandbox(self):
        return InstallSandbox(self).start()

    def assertFailedCleanly(self, sb, r, needle, installed_before=()):
        self.assertNotEqual(r.returncode, 0, r.stderr)
        self.assertIn(needle, r.stderr)
        errors = [line for line in r.stderr.splitlines() if line.startswith("pyenvfs-ctl:")]
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertEqual(sb.installed(), sorted(installed_before))
        self.assertEqual(sb.leftovers(), [])


# --- the TAP runner ---

def _line(obj):
    return inspect.getsourcelines(obj)[1]


def collect(namespace):
    """[(name, callable)] of the test_* functions and TestCase methods, in file order."""
    found = []
    for name, obj in namespace.items():
        if name.startswith("test_") and inspect.isfunction(obj):
            found.append((_line(obj), name, obj))
        elif (inspect.isclass(obj) and issubclass(obj, unittest.TestCase)
              and obj.__module__ == namespace.get("__name__")):
            for meth, fn in vars(obj).items():
                if meth.startswith("test_") and inspect.isfunction(fn):
                    found.append((_line(fn), meth, _case_runner(obj, meth)))
    found.sort(key=lambda t: t[0])
    return [(name, fn) for _, name, fn in found]


class CaseFailed(AssertionError):
    """A TestCase method failed; the message is unittest's report (its traceback included)."""


def _case_runner(cls, meth):
    """A callable that runs one TestCase method (setUp, cleanups and all) and raises
    AssertionError with unittest's report when it failed, errored or was skipped."""
    def run_case():
        result = unittest.TestResult()
        cls(meth).run(result)
        problems = result.failures + result.errors
        if problems:
            raise CaseFailed("".join(text for _, text in problems))
        if result.skipped:
            raise CaseFailed("skipped (a skip is a failure here): " + result.skipped[0][1])
        if result.unexpectedSuccesses:
            raise CaseFailed("unexpected success")
    return run_case


def main(namespace, only=None, fuse=False):
    tests = collect(namespace)
    unknown = sorted(set(only or ()) - {n for n, _ in tests})
    if unknown:
        print("Bail out! no such test: " + " ".join(unknown), flush=True)
        sys.exit(2)
    tests = [(n, f) for n, f in tests if not only or n in only]
    print(f"1..{len(tests)}", flush=True)
    failed = 0
    for i, (name, fn) in enumerate(tests, 1):
        t0 = time.monotonic()
        try:
            if fuse:
                require_fuse()
            fn()
            print(f"ok {i} - {name}", flush=True)
        except Exception as e:
            failed += 1
            print(f"not ok {i} - {name}", flush=True)
            report = str(e) if isinstance(e, CaseFailed) else traceback.format_exc()
            for line in report.rstrip("\n").splitlines():
                print(f"# {line}", flush=True)
        print(f"# {name}: {time.monotonic() - t0:.2f}s", flush=True)
    sys.exit(1 if failed else 0)

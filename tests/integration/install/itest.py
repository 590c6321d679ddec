"""Shared helpers for the install integration tests (Python stdlib only).

Each test gets a Sandbox: a temp dir with a PYENV_ROOT, a download cache, a
directory of archives served by tests/fixtures/httpserver.py on 127.0.0.1 and
an index file pointing there. Programs come from the environment meson sets:
PYENVFS_CTL, PYENVFS_SOURCE_ROOT, FIXTURE_ARCHIVE and FIXTURE_META (the real
CPython archive built once per build by tests/fixtures/archives.py).
"""
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

SRC = os.environ.get("PYENVFS_SOURCE_ROOT", os.path.abspath(os.path.join(os.path.dirname(__file__), "../../..")))
FIXTURES = os.path.join(SRC, "tests", "fixtures")
sys.path.insert(0, FIXTURES)
import archives  # noqa: E402

Entry = archives.Entry

CTL = os.environ.get("PYENVFS_CTL", "")
UPSTREAM = "https://github.com/astral-sh/python-build-standalone/releases/download"


def fixture():
    """(path, meta) of the real CPython archive."""
    with open(os.environ["FIXTURE_META"]) as f:
        meta = json.load(f)
    return os.environ["FIXTURE_ARCHIVE"], meta


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def entry(version, url, sha, variant=None, libc="gnu", build="20990101", os_="linux", arch="x86_64"):
    """An index entry in uv's download-metadata schema: (key, value)."""
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)((?:a|b|rc)\d+)?", version)
    key = "cpython-%s%s-%s-%s-%s" % (version, "+" + variant if variant else "", os_, arch, libc)
    return key, {
        "name": "cpython", "arch": {"family": arch, "variant": None}, "os": os_, "libc": libc,
        "major": int(m.group(1)), "minor": int(m.group(2)), "patch": int(m.group(3)),
        "prerelease": m.group(4) or "", "url": url, "sha256": sha, "variant": variant, "build": build,
    }


class Sandbox:
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
            ["/usr/bin/python3", os.path.join(FIXTURES, "httpserver.py"), "--root", self.srv, "--log", self.log],
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
                    reqs = [json.loads(l) for l in f if l.endswith("\n")]
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
            "PATH": "/usr/bin:/bin",
            "HOME": self.dir,
            "PYENV_ROOT": self.root,
            "PYENVFS_CACHE_DIR": self.cache,
            "PYENVFS_INDEX": self.index,
            "PYENVFS_RETRY_DELAY_MS": "20",
            "LANG": "C.UTF-8",
        }
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                env[k] = os.environ[k]
        env.update({k: v for k, v in extra.items() if v is not None})
        for k, v in extra.items():
            if v is None:
                env.pop(k, None)
        return env

    def ctl(self, *args, env=None, input=None, timeout=120, cwd=None):
        return subprocess.run([CTL] + list(args), env=self.env(**(env or {})), capture_output=True,
                              text=True, input=input, timeout=timeout, cwd=cwd)

    def spawn(self, *args, env=None):
        return subprocess.Popen([CTL] + list(args), env=self.env(**(env or {})), stdout=subprocess.PIPE,
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
        end = time.time() + timeout
        while time.time() < end:
            if pred():
                return True
            time.sleep(0.05)
        return False


class TestCase(unittest.TestCase):
    def sandbox(self):
        return Sandbox(self).start()

    def assertFailedCleanly(self, sb, r, needle, installed_before=()):
        self.assertNotEqual(r.returncode, 0, r.stderr)
        self.assertIn(needle, r.stderr)
        errors = [l for l in r.stderr.splitlines() if l.startswith("pyenvfs-ctl:")]
        self.assertEqual(len(errors), 1, r.stderr)
        self.assertEqual(sb.installed(), sorted(installed_before))
        self.assertEqual(sb.leftovers(), [])


def main():
    if not CTL:
        print("PYENVFS_CTL is not set", file=sys.stderr)
        sys.exit(1)
    unittest.main(verbosity=2)

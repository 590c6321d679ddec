#!/usr/bin/python3
"""scripts/update-index, offline: a saved GitHub API answer
(tests/fixtures/update-index/releases.json) and a SHA256SUMS file give exactly
the expected index, in the schema of the shipped one, which pyenvfs-ctl reads."""
import importlib.machinery
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pyenvfs_testlib as tl  # noqa: E402

SCRIPT = os.path.join(tl.SRC, "scripts", "update-index")
SAMPLE = os.path.join(tl.FIXTURES, "update-index")


def load_script():
    loader = importlib.machinery.SourceFileLoader("update_index", SCRIPT)
    spec = importlib.util.spec_from_loader("update_index", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


class UpdateIndexTest(unittest.TestCase):
    def test_sample(self):
        with tempfile.TemporaryDirectory() as d:
            out = os.path.join(d, "index.json")
            r = subprocess.run(["/usr/bin/python3", SCRIPT, "--releases-json", os.path.join(SAMPLE, "releases.json"),
                                "--sums-dir", os.path.join(SAMPLE, "sums"), "--output", out],
                               capture_output=True, text=True)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("6 builds", r.stderr)
            with open(out) as f:
                got = json.load(f)
            with open(os.path.join(SAMPLE, "expected.json")) as f:
                want = json.load(f)
            self.assertEqual(got, want)
            self.assertEqual(list(got), list(want))  # newest first, as uv orders it
            # the same fields as the shipped index
            with open(os.path.join(tl.SRC, "data", "python-build-standalone-index.json")) as f:
                shipped = json.load(f)
            fields = set(next(iter(shipped.values())))
            for e in got.values():
                self.assertEqual(set(e), fields)
            # and pyenvfs-ctl reads it
            env = {"PATH": "/usr/bin:/bin", "HOME": d, "PYENVFS_INDEX": out}
            r = subprocess.run([tl.CTL, "install", "--list"], env=dict(env, PYENVFS_PLATFORM="linux-x86_64-gnu"),
                               capture_output=True, text=True)
            self.assertEqual(r.stdout, "Available versions:\n  3.10.0\n  3.12.1\n  3.13.1\n  3.13.1t\n", r.stderr)
            r = subprocess.run([tl.CTL, "install", "--list"], env=dict(env, PYENVFS_PLATFORM="linux-x86_64-musl"),
                               capture_output=True, text=True)
            self.assertEqual(r.stdout, "Available versions:\n  3.14.0rc1\n")

    def test_asset_names(self):
        m = load_script()
        a = m.parse_asset("cpython-3.13.1+20260814-aarch64-apple-darwin-freethreaded-install_only_stripped.tar.gz")
        self.assertEqual((a["os"], a["arch"], a["libc"], a["variant"], a["flavor"], a["build"]),
                         ("darwin", "aarch64", "none", "freethreaded", "install_only_stripped", "20260814"))
        a = m.parse_asset("cpython-3.15.0a6+20260303-aarch64-unknown-linux-gnu-freethreaded+pgo+lto-full.tar.zst")
        self.assertEqual((a["prerelease"], a["variant"], a["flavor"]), ("a6", "freethreaded", "full"))
        a = m.parse_asset("cpython-3.8.2-x86_64-unknown-linux-gnu-pgo-20200418T2243.tar.zst")
        self.assertEqual((a["flavor"], a["build"]), ("full", "20200418"))
        for skipped in ("cpython-3.13.1+1-x86_64_v3-unknown-linux-gnu-install_only.tar.gz",
                        "cpython-3.13.1+1-x86_64-pc-windows-msvc-install_only.tar.gz",
                        "cpython-3.13.1+1-x86_64-unknown-linux-gnu-debug-full.tar.zst",
                        "cpython-3.13.1+1-x86_64-unknown-linux-gnu-install_only.tar.gz.sha256",
                        "SHA256SUMS", "pypy-3.10-x86_64-unknown-linux-gnu.tar.gz"):
            self.assertIsNone(m.parse_asset(skipped), skipped)
        self.assertEqual(m.parse_sums("%s  *a.tar.gz\njunk\n" % ("A" * 64)), {"a.tar.gz": "a" * 64})


if __name__ == "__main__":
    tl.main(globals())

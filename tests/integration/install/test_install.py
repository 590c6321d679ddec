#!/usr/bin/python3
"""pyenvfs-ctl install over real HTTP on 127.0.0.1: the real CPython archive,
choosing builds, --list, several versions at once, the cache, --mirror,
proxies, --index URL, the lock between two installs."""
import json
import os
import pty
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pyenvfs_testlib as tl  # noqa: E402
from pyenvfs_testlib import UPSTREAM, Entry  # noqa: E402


def small_tar(sb, name, payload=b"x" * 200000):
    """A small install_only archive with bin/python3 (a shell script)."""
    return sb.serve_tar(name, [
        Entry("python/", "dir"),
        Entry("python/bin/", "dir"),
        Entry("python/bin/python3", "file", b"#!/bin/sh\necho small\n", mode=0o755),
        Entry("python/lib/blob", "file", payload),
    ])


class InstallTest(tl.InstallTestCase):
    def test_real_cpython(self):
        sb = self.sandbox()
        name, sha, version = sb.serve_cpython()
        sb.add(version, sb.url("ok", name), sha)
        r = sb.ctl("install", version.rsplit(".", 1)[0])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "")
        prefix = os.path.join(sb.versions, version)
        self.assertIn("Downloading %s..." % name, r.stderr)
        self.assertIn("Installed %s to %s\n" % (version, prefix), r.stderr)
        self.assertEqual(sb.installed(), [version])
        self.assertEqual(sb.leftovers(), [])
        # the interpreter runs from its new home and knows it
        self.assertEqual(os.readlink(os.path.join(prefix, "bin", "python")), "python3")
        self.assertEqual(os.readlink(os.path.join(prefix, "bin", "python3")), "python3.11")
        out = subprocess.run([os.path.join(prefix, "bin", "python"), "-c",
                              "import sys, json, ssl, sqlite3; print(sys.prefix); print(sys.version.split()[0])"],
                             capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertEqual(out.stdout.split(), [prefix, version])
        self.assertFalse(os.path.exists(os.path.join(prefix, "lib/python3.11/EXTERNALLY-MANAGED")))
        with open(os.path.join(prefix, ".pyenvfs-install.json")) as f:
            rec = json.load(f)
        self.assertEqual(rec["url"], sb.url("ok", name))
        self.assertEqual(rec["sha256"], sha)
        self.assertEqual(rec["name"], version)
        self.assertRegex(rec["installed_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")
        # cached for next time, the partial file renamed
        self.assertEqual(os.listdir(sb.cache), [name])
        self.assertEqual(tl.sha256_file(os.path.join(sb.cache, name)), sha)

    def test_already_installed_and_force(self):
        sb = self.sandbox()
        name, sha = small_tar(sb, "cpython-3.11.4+1-install_only.tar.gz")
        sb.add("3.11.4", sb.url("ok", name), sha)
        self.assertEqual(sb.ctl("install", "3.11.4").returncode, 0)
        marker = os.path.join(sb.versions, "3.11.4", "marker")
        open(marker, "w").close()
        r = sb.ctl("install", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("3.11.4 is already installed", r.stderr)
        self.assertTrue(os.path.exists(marker))
        self.assertEqual(len(sb.requests(1)), 1)
        # -f replaces it (from the cache: no new request) in one exchange
        r = sb.ctl("install", "-f", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Using the cached", r.stderr)
        self.assertFalse(os.path.exists(marker))
        self.assertTrue(os.path.exists(os.path.join(sb.versions, "3.11.4", "bin", "python3")))
        self.assertEqual(len(sb.requests(1)), 1)
        self.assertEqual(sb.leftovers(), [])
        r = sb.ctl("install", "-q", "3.11.4")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "", ""))

    def test_choosing_builds(self):
        sb = self.sandbox()
        name, sha = small_tar(sb, "a-install_only_stripped.tar.gz")
        sb.add("3.11.1", sb.url("404", "old.tar.gz"), sha)
        sb.add("3.11.2", sb.url("ok", name), sha, build="2")
        # the same version as install_only (would fail): stripped is preferred
        k, v = tl.entry("3.11.2", sb.url("404", "b-install_only.tar.gz"), sha, build="2")
        sb.entries[k + "-other"] = v
        sb.add("3.11.3rc1", sb.url("ok", name), sha)
        sb.add("3.11.2", sb.url("404", "musl.tar.gz"), sha, libc="musl")
        sb.add("3.11.2", sb.url("ok", name), sha, variant="freethreaded")
        r = sb.ctl("install", "3.11")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sb.installed(), ["3.11.2"])
        r = sb.ctl("install", "3.11.3rc1", "3.11t")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sb.installed(), ["3.11.2", "3.11.2t", "3.11.3rc1"])
        # pyenv's own view of them
        self.assertTrue(os.path.isdir(os.path.join(sb.versions, "3.11.2t", "bin")))

    def test_list_and_unknown(self):
        sb = self.sandbox()
        for v in ("3.10.4", "3.11.1", "3.11.2", "3.12.0b1"):
            sb.add(v, sb.url("404", v), "0" * 64)
        sb.add("3.11.3", sb.url("404", "m"), "0" * 64, libc="musl")
        sb.add("3.11.5", sb.url("404", "d"), "0" * 64, os_="darwin", libc="none")
        sb.add("3.11.9", sb.url("404", "n"), None)
        r = sb.ctl("install", "--list")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, "Available versions:\n  3.10.4\n  3.11.1\n  3.11.2\n  3.12.0b1\n")
        r = sb.ctl("install", "-l", env={"PYENVFS_PLATFORM": "linux-x86_64-musl"})
        self.assertEqual(r.stdout, "Available versions:\n  3.11.3\n")
        r = sb.ctl("install", "3.11.7")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr,
                         "pyenvfs-ctl: no build of Python 3.11.7 for linux-x86_64-gnu in the index\n"
                         "The nearest available: 3.11.2 3.11.1 3.10.4\n"
                         "See all available versions with `pyenvfs-ctl install --list'.\n"
                         "To build 3.11.7 from source instead, install pyenv's python-build "
                         "($PYENV_ROOT/plugins/python-build, or python-build in PATH).\n")
        r = sb.ctl("install", "3.11.9")
        self.assertEqual(r.returncode, 1)
        self.assertIn("no SHA-256 for 3.11.9", r.stderr)
        r = sb.ctl("install", "3.11.2", "nonsense")
        self.assertEqual(r.returncode, 1)
        self.assertIn("`nonsense' is not a Python version", r.stderr)
        self.assertEqual(sb.installed(), [])
        self.assertEqual(sb.requests(), [])

    def test_several_in_parallel(self):
        sb = self.sandbox()
        for v in ("3.11.1", "3.11.2", "3.11.3"):
            name, sha = small_tar(sb, "cpython-%s-install_only.tar.gz" % v, payload=os.urandom(600000))
            sb.add(v, sb.url("slow", name), sha)
        r = sb.ctl("install", "3.11.1", "3.11.2", "3.11.3")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sb.installed(), ["3.11.1", "3.11.2", "3.11.3"])
        reqs = sb.requests(3)
        self.assertEqual(len(reqs), 3)
        # every transfer started before any other ended: they ran at once
        self.assertLess(max(q["t0"] for q in reqs), min(q["t1"] for q in reqs))
        for v in ("3.11.1", "3.11.2", "3.11.3"):
            self.assertIn("Installed %s to" % v, r.stderr)

    def test_mirror(self):
        sb = self.sandbox()
        name, sha = small_tar(sb, "cpython-3.11.4+20990101-install_only.tar.gz")
        os.makedirs(os.path.join(sb.srv, "20990101"))
        shutil.copy(os.path.join(sb.srv, name), os.path.join(sb.srv, "20990101", name))
        sb.add("3.11.4", UPSTREAM + "/20990101/" + name.replace("+", "%2B"), sha)
        r = sb.ctl("install", "--mirror", "http://127.0.0.1:%d/ok/" % sb.port, "3.11.4",
                   env={"PYENVFS_CACHE_DIR": ""})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sb.requests(1)[-1]["path"], "20990101/" + name)
        self.assertEqual(sb.ctl("uninstall", "-f", "3.11.4").returncode, 0)
        r = sb.ctl("install", "3.11.4", env={"PYENVFS_MIRROR": "http://127.0.0.1:%d/ok" % sb.port,
                                             "PYENVFS_CACHE_DIR": ""})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(sb.requests(2)), 2)
        self.assertEqual(sb.ctl("uninstall", "-f", "3.11.4").returncode, 0)
        r = sb.ctl("install", "--mirror=file://" + sb.srv, "3.11.4", env={"PYENVFS_CACHE_DIR": ""})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(sb.requests(2)), 2)
        self.assertEqual(sb.installed(), ["3.11.4"])
        # a missing file behind file:// is a clear failure
        sb.ctl("uninstall", "-f", "3.11.4")
        r = sb.ctl("install", "--mirror", "file:///nonexistent", "3.11.4", env={"PYENVFS_CACHE_DIR": ""})
        self.assertFailedCleanly(sb, r, "file:///nonexistent/20990101/")

    def test_proxy_from_upper_case_env(self):
        sb = self.sandbox()
        name, sha = small_tar(sb, "p-install_only.tar.gz")
        sb.add("3.11.4", "http://pbs.invalid/ok/" + name, sha)
        r = sb.ctl("install", "3.11.4", env={"HTTP_PROXY": "http://127.0.0.1:%d" % sb.port})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(sb.requests(1)[-1]["proxied"])
        # NO_PROXY wins: then the made-up host cannot be reached
        sb.ctl("uninstall", "-f", "3.11.4")
        r = sb.ctl("install", "3.11.4", env={"HTTP_PROXY": "http://127.0.0.1:%d" % sb.port,
                                             "NO_PROXY": "pbs.invalid", "PYENVFS_CACHE_DIR": ""})
        self.assertFailedCleanly(sb, r, "pbs.invalid")

    def test_index_from_url_and_redirect(self):
        sb = self.sandbox()
        name, sha = small_tar(sb, "r-install_only.tar.gz")
        sb.add("3.11.4", sb.url("redirect", name), sha)
        shutil.copy(sb.index, os.path.join(sb.srv, "index.json"))
        r = sb.ctl("install", "--index", sb.url("ok", "index.json"), "3.11.4", env={"PYENVFS_INDEX": None})
        self.assertEqual(r.returncode, 0, r.stderr)
        modes = [q["mode"] for q in sb.requests(3)]
        self.assertEqual(modes, ["ok", "redirect", "ok"])
        with open(os.path.join(sb.srv, "bad.json"), "w") as f:
            f.write("{\"x\": ")
        r = sb.ctl("install", "--list", "--index", sb.url("ok", "bad.json"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("pyenvfs-ctl: index: not valid JSON", r.stderr)
        r = sb.ctl("install", "--list", env={"PYENVFS_INDEX": "/nonexistent.json"})
        self.assertEqual(r.returncode, 1)
        self.assertIn("cannot open /nonexistent.json", r.stderr)

    def test_builtin_index(self):
        sb = self.sandbox()
        r = sb.ctl("install", "--list", env={"PYENVFS_INDEX": None, "PYENVFS_PLATFORM": "linux-x86_64-gnu"})
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertEqual(lines[0], "Available versions:")
        self.assertIn("  3.12.1", lines)
        self.assertIn("  3.13.1t", lines)
        r = sb.ctl("install", "--list", env={"PYENVFS_INDEX": None, "PYENVFS_PLATFORM": "darwin-aarch64-none"})
        self.assertIn("  3.12.1", r.stdout.splitlines())

    def test_usage(self):
        sb = self.sandbox()
        r = sb.ctl("install", "--help")
        self.assertEqual(r.returncode, 0)
        self.assertTrue(r.stdout.startswith("Usage: pyenvfs-ctl install [--index FILE|URL] [--mirror URL]"))
        r = sb.ctl("install")
        self.assertEqual(r.returncode, 1)
        self.assertIn("Usage:", r.stderr)
        r = sb.ctl("install", "--bogus", "3.12")
        self.assertEqual(r.returncode, 1)
        self.assertIn("unknown option `--bogus'", r.stderr)
        r = sb.ctl("install", "3.12", "--index")
        self.assertEqual(r.returncode, 1)
        self.assertIn("--index needs an argument", r.stderr)

    def test_versions_from_python_version_file(self):
        sb = self.sandbox()
        name, sha = small_tar(sb, "v-install_only.tar.gz")
        sb.add("3.11.4", sb.url("ok", name), sha)
        sb.add("3.11.4", sb.url("ok", name), sha, variant="freethreaded")
        sub = os.path.join(sb.dir, "proj", "sub")
        os.makedirs(sub)
        with open(os.path.join(sb.dir, "proj", ".python-version"), "w") as f:
            f.write("# pinned\n3.11.4\n3.11t\n")
        r = sb.ctl("install", "-s", cwd=sub)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sb.installed(), ["3.11.4", "3.11.4t"])
        r = sb.ctl("install", cwd=sb.dir)  # no .python-version here or above: usage
        self.assertEqual(r.returncode, 1)
        self.assertIn("Usage:", r.stderr)

    def test_progress_on_a_terminal(self):
        sb = self.sandbox()
        name, sha = small_tar(sb, "t-install_only.tar.gz", payload=os.urandom(1500000))
        sb.add("3.11.4", sb.url("slow", name), sha)
        for args, quiet in ((["install", "3.11.4"], False), (["install", "-f", "-q", "3.11.4"], True)):
            master, slave = pty.openpty()
            p = subprocess.Popen([tl.CTL] + args, env=sb.env(PYENVFS_CACHE_DIR=""), stdin=subprocess.DEVNULL,
                                 stdout=subprocess.PIPE, stderr=slave)
            os.close(slave)
            out = b""
            while True:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                out += chunk
            p.wait(timeout=60)
            os.close(master)
            self.assertEqual(p.returncode, 0, out)
            text = out.decode()
            if quiet:
                self.assertEqual(text, "")
                continue
            self.assertIn("connecting...", text)
            self.assertRegex(text, r"\[#+-*\] +\d+\.\d/\d+\.\d MiB +\d+\.\d MiB/s  ETA \d+:\d\d")
            self.assertIn("\x1b[1A\r\x1b[K3.11.4     installed", text)
            self.assertTrue(text.rstrip().endswith("Installed 3.11.4 to %s/3.11.4" % sb.versions), text[-300:])

    def test_lock_second_waits(self):
        sb = self.sandbox()
        name, sha = small_tar(sb, "l-install_only.tar.gz", payload=os.urandom(1500000))
        sb.add("3.11.4", sb.url("slow", name), sha)
        a = sb.spawn("install", "3.11.4")
        self.assertTrue(sb.wait_for(lambda: sb.leftovers() != []), "the first install never started")
        b = sb.spawn("install", "3.11.4")
        out_a, err_a = a.communicate(timeout=60)
        out_b, err_b = b.communicate(timeout=60)
        self.assertEqual(a.returncode, 0, err_a)
        self.assertEqual(b.returncode, 0, err_b)
        self.assertIn("Installed 3.11.4", err_a)
        self.assertIn("Waiting for another install of 3.11.4", err_b)
        self.assertIn("3.11.4 is already installed", err_b)
        self.assertEqual(len(sb.requests(1)), 1)
        self.assertEqual(sb.installed(), ["3.11.4"])
        self.assertEqual(sb.leftovers(), [])


if __name__ == "__main__":
    tl.main(globals())

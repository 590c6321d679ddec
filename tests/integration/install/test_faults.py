#!/usr/bin/python3
"""Failures while installing: HTTP errors, dropped and stalled transfers,
wrong bytes, web pages instead of the archive, resuming from the cache (with a
server that honours Range and one that ignores it), signals, kill -9, a full
disk. After every failure versions/ is as it was, no temp dir is left and the
exit status is non-zero with one message."""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pyenvfs_testlib as tl  # noqa: E402
from pyenvfs_testlib import Entry  # noqa: E402


def small_tar(sb, name, size=400000):
    return sb.serve_tar(name, [
        Entry("python/", "dir"),
        Entry("python/bin/python3", "file", b"#!/bin/sh\necho hi\n", mode=0o755),
        Entry("python/lib/blob", "file", os.urandom(size)),
    ])


class FaultTest(tl.InstallTestCase):
    def setup_one(self, mode, size=400000, sha=None):
        sb = self.sandbox()
        name, real_sha = small_tar(sb, "f-install_only.tar.gz", size)
        sb.add("3.11.4", sb.url(mode, name), sha or real_sha)
        return sb, name, real_sha

    def test_http_errors(self):
        for mode, code in (("404", 404), ("500", 500)):
            sb, _, _ = self.setup_one(mode)
            r = sb.ctl("install", "3.11.4")
            self.assertFailedCleanly(sb, r, "the server answered HTTP %d for" % code)
            self.assertEqual(len(sb.requests(1)), 1)  # HTTP errors are not retried

    def test_connection_refused(self):
        sb = self.sandbox()
        sb.add("3.11.4", "http://127.0.0.1:1/x-install_only.tar.gz", "0" * 64)
        r = sb.ctl("install", "3.11.4")
        self.assertFailedCleanly(sb, r, "failed after retries")

    def test_dropped_connection_resumes(self):
        sb, name, sha = self.setup_one("cutonce")
        r = sb.ctl("install", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        reqs = sb.requests(2)
        self.assertEqual(reqs[0]["range"], None)
        size = os.path.getsize(os.path.join(sb.srv, name))
        self.assertEqual(reqs[1]["range"], "bytes=%d-" % (size // 2))
        self.assertEqual(reqs[1]["status"], 206)
        self.assertEqual(sb.installed(), ["3.11.4"])
        self.assertEqual(tl.sha256_file(os.path.join(sb.cache, name)), sha)

    def test_dropped_every_time(self):
        sb, name, _ = self.setup_one("cut")
        r = sb.ctl("install", "3.11.4")
        self.assertFailedCleanly(sb, r, "failed after retries")
        self.assertEqual(len(sb.requests(4)), 4)  # 1 + 3 retries
        # what arrived stays in the cache for the next attempt
        part = os.path.join(sb.cache, name + ".part")
        self.assertEqual(os.path.getsize(part), os.path.getsize(os.path.join(sb.srv, name)) // 2)

    def test_stall_then_resume(self):
        sb, _, _ = self.setup_one("stallonce")
        r = sb.ctl("install", "3.11.4", env={"PYENVFS_LOW_SPEED_TIME": "1"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([q["status"] for q in sb.requests(2)], [200, 206])

    def test_stall_every_time(self):
        sb, _, _ = self.setup_one("stall")
        r = sb.ctl("install", "3.11.4", env={"PYENVFS_LOW_SPEED_TIME": "1"})
        self.assertFailedCleanly(sb, r, "Operation too slow")

    def test_wrong_bytes(self):
        sb, name, sha = self.setup_one("wrong")
        r = sb.ctl("install", "3.11.4")
        self.assertFailedCleanly(sb, r, "SHA-256 mismatch for %s: expected %s, got " % (sb.url("wrong", name), sha))
        self.assertEqual(os.listdir(sb.cache), [])

    def test_wrong_checksum_in_index(self):
        sb, name, sha = self.setup_one("ok", sha="1" * 64)
        r = sb.ctl("install", "3.11.4")
        self.assertFailedCleanly(sb, r, "expected %s, got %s" % ("1" * 64, sha))

    def test_html_instead_of_archive(self):
        for mode in ("html", "htmlbody"):
            sb, name, _ = self.setup_one(mode)
            r = sb.ctl("install", "3.11.4")
            self.assertFailedCleanly(sb, r, "sent an HTML page")

    def test_not_an_archive(self):
        sb, _, _ = self.setup_one("garbage")
        r = sb.ctl("install", "3.11.4")
        self.assertFailedCleanly(sb, r, "is not a compressed tar archive")

    def test_resume_partial_download(self):
        for mode, status in (("ok", 206), ("norange", 200)):
            sb, name, sha = self.setup_one(mode)
            with open(os.path.join(sb.srv, name), "rb") as f:
                data = f.read()
            os.makedirs(sb.cache)
            with open(os.path.join(sb.cache, name + ".part"), "wb") as f:
                f.write(data[:len(data) // 3])
            r = sb.ctl("install", "3.11.4")
            self.assertEqual(r.returncode, 0, r.stderr)
            reqs = sb.requests(1)
            self.assertEqual(len(reqs), 1)
            self.assertEqual(reqs[0]["range"], "bytes=%d-" % (len(data) // 3))
            self.assertEqual(reqs[0]["status"], status)
            self.assertEqual(os.listdir(sb.cache), [name])
            self.assertEqual(tl.sha256_file(os.path.join(sb.cache, name)), sha)

    def test_complete_partial_file(self):
        # killed after the last byte but before the rename: the Range request is
        # at the end (416, "bytes */SIZE"), so there is nothing to add
        sb, name, sha = self.setup_one("ok")
        os.makedirs(sb.cache)
        with open(os.path.join(sb.srv, name), "rb") as f, open(os.path.join(sb.cache, name + ".part"), "wb") as g:
            g.write(f.read())
        r = sb.ctl("install", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([q["status"] for q in sb.requests(1)], [416])
        self.assertEqual(os.listdir(sb.cache), [name])
        # a .part longer than the file: 416 for another size, so from scratch
        sb.ctl("uninstall", "-f", "3.11.4")
        os.rename(os.path.join(sb.cache, name), os.path.join(sb.cache, name + ".part"))
        with open(os.path.join(sb.cache, name + ".part"), "ab") as g:
            g.write(b"more")
        r = sb.ctl("install", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([q["status"] for q in sb.requests(3)], [416, 416, 200])
        self.assertEqual(tl.sha256_file(os.path.join(sb.cache, name)), sha)

    def test_bad_cache_is_replaced(self):
        sb, name, sha = self.setup_one("ok")
        os.makedirs(sb.cache)
        with open(os.path.join(sb.cache, name + ".part"), "wb") as f:
            f.write(b"\x1f\x8b" + b"\0" * 1000)
        r = sb.ctl("install", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([q["range"] for q in sb.requests(2)], ["bytes=1002-", None])
        self.assertEqual(tl.sha256_file(os.path.join(sb.cache, name)), sha)
        # a complete cached file is used without asking the server
        sb.ctl("uninstall", "-f", "3.11.4")
        r = sb.ctl("install", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(sb.requests(2)), 2)

    def interrupt(self, sig, status):
        sb, name, _ = self.setup_one("stall", size=2000000)
        p = sb.spawn("install", "3.11.4")
        self.assertTrue(sb.wait_for(lambda: os.path.exists(os.path.join(sb.cache, name + ".part"))
                                    and os.path.getsize(os.path.join(sb.cache, name + ".part")) > 0))
        self.assertNotEqual(sb.leftovers(), [])
        p.send_signal(sig)
        out, err = p.communicate(timeout=30)
        self.assertEqual(p.returncode, status, err)
        self.assertIn("pyenvfs-ctl: interrupted; versions/ is as it was", err)
        self.assertEqual(sb.installed(), [])
        self.assertEqual(sb.leftovers(), [])
        return sb, name

    def test_ctrl_c(self):
        sb, name = self.interrupt(signal.SIGINT, 130)
        # the partial download is kept and resumed next time
        self.assertTrue(os.path.getsize(os.path.join(sb.cache, name + ".part")) > 0)

    def test_sigterm(self):
        self.interrupt(signal.SIGTERM, 143)

    def test_kill_9_then_next_install_cleans(self):
        sb, name, _ = self.setup_one("stallonce", size=2000000)
        p = sb.spawn("install", "3.11.4")
        self.assertTrue(sb.wait_for(lambda: os.path.exists(os.path.join(sb.cache, name + ".part"))
                                    and os.path.getsize(os.path.join(sb.cache, name + ".part")) > 0))
        p.kill()
        p.communicate()
        self.assertEqual(sb.installed(), [])
        self.assertNotEqual(sb.leftovers(), [])  # nothing could clean up after kill -9...
        r = sb.ctl("install", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sb.leftovers(), [])  # ...the next install of it does
        self.assertEqual(sb.installed(), ["3.11.4"])

    def test_full_disk(self):
        sb = self.sandbox()
        name, sha, version = sb.serve_cpython()
        sb.add(version, sb.url("ok", name), sha)
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", sb.root], check=True)
        os.makedirs(sb.versions)
        open(os.path.join(sb.versions, "keep"), "w").close()
        r = sb.ctl("install", version)
        self.assertFailedCleanly(sb, r, "No space left on device", installed_before=["keep"])


if __name__ == "__main__":
    tl.main(globals())

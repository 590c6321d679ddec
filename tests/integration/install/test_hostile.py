#!/usr/bin/python3
"""Hostile and unusual archives through the whole install path: absolute
paths, `..', symlinks and hard links leaving the tree, writing through a
symlink, devices and fifos are refused with nothing written outside and
versions/ untouched; owners are not restored and set-id bits are dropped;
full archives (python/install/) and xz compression install."""
import gzip
import hashlib
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pyenvfs_testlib as tl  # noqa: E402
from pyenvfs_testlib import Entry  # noqa: E402

BIN = [Entry("python/", "dir"), Entry("python/bin/python3", "file", b"#!/bin/sh\n", mode=0o755)]


class HostileTest(tl.InstallTestCase):
    def refused(self, entries, needle, compression="gz"):
        sb = self.sandbox()
        name, sha = sb.serve_tar("h-install_only.tar.gz", entries, compression)
        sb.add("3.11.4", sb.url("ok", name), sha)
        outside = os.path.join(sb.dir, "outside")
        r = sb.ctl("install", "3.11.4")
        self.assertFailedCleanly(sb, r, needle)
        self.assertIn("unsafe archive", r.stderr)
        self.assertFalse(os.path.lexists(outside))
        self.assertFalse(os.path.lexists(os.path.join(sb.root, "outside")))
        return sb

    def test_absolute_path(self):
        self.refused(BIN + [Entry("/tmp/pyenvfs-hostile-absolute", "file", b"x")], "an absolute path")
        self.assertFalse(os.path.exists("/tmp/pyenvfs-hostile-absolute"))

    def test_dotdot(self):
        self.refused(BIN + [Entry("python/../../../outside", "file", b"x")], "a `..' component")

    def test_symlink_out(self):
        self.refused(BIN + [Entry("python/etc", "symlink", target="/etc")], "leaves the tree")
        self.refused(BIN + [Entry("python/bin/up", "symlink", target="../../../outside")], "leaves the tree")

    def test_write_through_symlink(self):
        # a link that resolves inside, then an entry that would be written through it
        self.refused(BIN + [Entry("python/l", "symlink", target="bin"),
                            Entry("python/l/evil", "file", b"x")], "goes through a symbolic link")

    def test_hardlink_out(self):
        self.refused(BIN + [Entry("python/passwd", "hardlink", target="/etc/passwd")], "hard link")
        self.refused(BIN + [Entry("python/passwd", "hardlink", target="python/../../etc/passwd")], "hard link")

    def test_device_and_fifo(self):
        self.refused(BIN + [Entry("python/null", "chr", mode=0o666)], "device, fifo or socket")
        self.refused(BIN + [Entry("python/fifo", "fifo", mode=0o666)], "device, fifo or socket")

    def test_outside_python_dir(self):
        self.refused(BIN + [Entry("etc/x", "file", b"x")], "outside the archive's python/")

    def test_owners_and_setid(self):
        sb = self.sandbox()
        entries = BIN + [Entry("python/bin/suid", "file", b"#!/bin/sh\n", mode=0o6777, uid=1234, gid=99),
                         Entry("python/lib/", "dir", mode=0o777, uid=1234)]
        name, sha = sb.serve_tar("o-install_only.tar.gz", entries)
        sb.add("3.11.4", sb.url("ok", name), sha)
        r = sb.ctl("install", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        st = os.stat(os.path.join(sb.versions, "3.11.4", "bin", "suid"))
        self.assertEqual(st.st_mode & 0o7777, 0o755)
        self.assertEqual((st.st_uid, st.st_gid), (os.getuid(), os.getgid()))
        st = os.stat(os.path.join(sb.versions, "3.11.4", "lib"))
        self.assertEqual(st.st_mode & 0o777, 0o755)
        self.assertEqual(st.st_uid, os.getuid())

    def test_multi_member_gzip(self):
        # gzip -d reads concatenated members; so do we (the download thread inflates)
        sb = self.sandbox()
        name, _ = sb.serve_tar("m.tar", BIN + [Entry("python/lib/x", "file", os.urandom(300000))], None)
        with open(os.path.join(sb.srv, name), "rb") as f:
            raw = f.read()
        cut = len(raw) // 3
        gz = gzip.compress(raw[:cut]) + gzip.compress(raw[cut:])
        with open(os.path.join(sb.srv, "m-install_only.tar.gz"), "wb") as f:
            f.write(gz)
        sb.add("3.11.4", sb.url("ok", "m-install_only.tar.gz"), hashlib.sha256(gz).hexdigest())
        r = sb.ctl("install", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(os.path.getsize(os.path.join(sb.versions, "3.11.4", "lib", "x")), 300000)
        # a corrupt gzip stream with the right checksum: a bad archive, said so
        bad = gz[:100] + bytes(b ^ 0xff for b in gz[100:400]) + gz[400:]
        with open(os.path.join(sb.srv, "b-install_only.tar.gz"), "wb") as f:
            f.write(bad)
        sb.add("3.11.5", sb.url("ok", "b-install_only.tar.gz"), hashlib.sha256(bad).hexdigest())
        r = sb.ctl("install", "3.11.5")
        self.assertFailedCleanly(sb, r, "bad archive: gzip:", installed_before=["3.11.4"])

    def test_full_archive_xz(self):
        sb = self.sandbox()
        entries = [Entry("python/", "dir"), Entry("python/PYTHON.json", "file", b"{}"),
                   Entry("python/build/x.o", "file", b"obj"),
                   Entry("python/install/", "dir"),
                   Entry("python/install/bin/python3.11", "file", b"#!/bin/sh\necho full\n", mode=0o755),
                   Entry("python/install/bin/python3", "symlink", target="python3.11")]
        name, sha = sb.serve_tar("cpython-3.11.4-x86_64-unknown-linux-gnu-pgo-full.tar.xz", entries, "xz")
        sb.add("3.11.4", sb.url("ok", name), sha)
        r = sb.ctl("install", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        top = sorted(os.listdir(os.path.join(sb.versions, "3.11.4")))
        self.assertEqual(top, [".pyenvfs-install.json", "bin"])
        self.assertEqual(sorted(os.listdir(os.path.join(sb.versions, "3.11.4", "bin"))),
                         ["python", "python3", "python3.11"])


if __name__ == "__main__":
    tl.main(globals())

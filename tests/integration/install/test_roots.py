#!/usr/bin/python3
"""PYENVFS_ROOTS and the commands that write (issue 11): install goes into PYENV_ROOT only,
also when a read-only shared root has the same version; uninstall of a version only a shared
root holds says which root and refuses, with or without -f."""
import os
import subprocess
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pyenvfs_testlib as tl  # noqa: E402


class RootsWriteTest(unittest.TestCase):
    def shared_root(self, sb, versions):
        shared = os.path.join(sb.dir, "shared")
        for v in versions:
            os.makedirs(os.path.join(shared, "versions", v, "bin"))
        subprocess.run(["chmod", "-R", "a-w", shared], check=True)
        self.addCleanup(subprocess.run, ["chmod", "-R", "u+w", shared])
        return shared

    def test_install_into_the_user_root_only(self):
        sb = tl.InstallSandbox(self).start()
        name, sha, version = sb.serve_cpython()
        sb.add(version, sb.url("ok", name), sha)
        shared = self.shared_root(sb, [version, "3.10.4"])
        before = tl.tree_state(shared)
        env = sb.env(PYENVFS_ROOTS=shared)
        r = sb.ctl("install", version, env=env)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(os.path.isfile(os.path.join(sb.versions, version, "bin", "python3")))
        self.assertEqual(tl.tree_state(shared), before)
        # the winner is now the user's
        r = sb.ctl("prefix", version, env=env)
        self.assertEqual(r.stdout, os.path.join(sb.versions, version) + "\n")

    def test_uninstall_refuses_a_shared_version(self):
        sb = tl.InstallSandbox(self)
        os.makedirs(sb.versions)
        shared = self.shared_root(sb, ["3.10.4"])
        before = tl.tree_state(shared)
        for args in (["3.10.4"], ["-f", "3.10.4"]):
            r = sb.ctl("uninstall", *args, env=sb.env(PYENVFS_ROOTS=shared))
            self.assertEqual((r.returncode, r.stderr),
                             (1, f"pyenvfs-ctl: version `3.10.4' is in {shared}, a shared root "
                                 "(PYENVFS_ROOTS): pyenvfs does not uninstall from it\n"))
        self.assertEqual(tl.tree_state(shared), before)
        # without the roots: pyenv's message
        r = sb.ctl("uninstall", "3.10.4")
        self.assertEqual((r.returncode, r.stderr),
                         (1, "pyenvfs-ctl: version `3.10.4' not installed\n"))


if __name__ == "__main__":
    tl.main(globals())

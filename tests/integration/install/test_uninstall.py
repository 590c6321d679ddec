#!/usr/bin/python3
"""pyenvfs-ctl uninstall against pyenv 2.6's pyenv-uninstall: invoked as
`pyenv` (a symlink) its stdout, stderr and exit status match pyenv's byte for
byte on the same inputs; under its own name only the prefix differs. Removal
is one rename out of versions/, then a delete."""
import os
import sys
import shutil
import subprocess
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pyenvfs_testlib as tl  # noqa: E402



class UninstallTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="pyenvfs-uninstall-")
        self.addCleanup(shutil.rmtree, self.dir, True)
        self.bin = os.path.join(self.dir, "bin")
        os.makedirs(self.bin)
        os.symlink(tl.CTL, os.path.join(self.bin, "pyenv"))

    def make_root(self, name, versions):
        root = os.path.join(self.dir, name)
        os.makedirs(os.path.join(root, "plugins"))
        # pyenv finds its uninstall command in the python-build plugin (read only)
        os.symlink(tl.reference_plugin("python-build"), os.path.join(root, "plugins", "python-build"))
        for v in versions:
            os.makedirs(os.path.join(root, "versions", v, "bin"))
            with open(os.path.join(root, "versions", v, "bin", "python"), "w") as f:
                f.write("#!/bin/sh\n")
        return root

    def run_both(self, args, versions=("3.10.1", "3.11.2"), stdin=""):
        results = []
        for which, prog in (("pyenv", tl.reference_pyenv()), ("ours", os.path.join(self.bin, "pyenv"))):
            root = self.make_root(which + str(len(os.listdir(self.dir))), versions)
            env = {"PATH": "/usr/bin:/bin", "PYENV_ROOT": root, "HOME": self.dir}
            r = subprocess.run([prog, "uninstall"] + args, env=env, input=stdin, capture_output=True, text=True)
            left = sorted(os.listdir(os.path.join(root, "versions")))
            results.append((r.returncode, r.stdout, r.stderr.replace(root, "ROOT"), left))
        self.assertEqual(results[1], results[0], "args %r" % (args,))
        return results[1]

    def test_like_pyenv(self):
        self.run_both([])
        self.run_both(["--help"])
        self.run_both(["-h"])
        self.run_both(["3.9.9"])
        self.run_both(["-f", "3.9.9"])
        self.run_both(["-x"])
        self.run_both(["3.10.1", "-f"])
        r = self.run_both(["3.10.1"], stdin="n\n")
        self.assertEqual(r[3], ["3.10.1", "3.11.2"])
        r = self.run_both(["3.10.1"], stdin="y\n")
        self.assertEqual(r[:2], (0, "pyenv: 3.10.1 uninstalled\n"))
        self.assertEqual(r[3], ["3.11.2"])
        self.run_both(["3.10.1"], stdin="yes\n")
        self.run_both(["3.10.1", "3.11.2"], stdin="y\nY\n")
        self.run_both(["3.10.1", "3.11.2"], stdin="y\n")
        r = self.run_both(["-f", "3.10.1", "3.9.9", "3.11.2"])
        self.assertEqual(r[3], [])
        self.run_both(["--force", "versions/3.11.2"])

    def make_env_root(self, name):
        """3.11.9 with env foo (link versions/foo), 3.12.1 with env bar (link versions/bar)
        and pyenv-virtualenv (a copy: its uninstall hook) among the plugins."""
        root = self.make_root(name, ["3.11.9", "3.12.1"])
        shutil.copytree(tl.reference_plugin("pyenv-virtualenv"), os.path.join(root, "plugins", "pyenv-virtualenv"), symlinks=True)
        for v, e in (("3.11.9", "foo"), ("3.12.1", "bar")):
            env = os.path.join(root, "versions", v, "envs", e)
            os.makedirs(os.path.join(env, "bin"))
            for f, body in (("python", "#!/bin/sh\n"), ("activate", "")):
                with open(os.path.join(env, "bin", f), "w") as fh:
                    fh.write(body)
                os.chmod(os.path.join(env, "bin", f), 0o755)
            with open(os.path.join(env, "pyvenv.cfg"), "w") as fh:
                fh.write("home = %s/versions/%s/bin\n" % (root, v))
            os.symlink(env, os.path.join(root, "versions", e))
        return root

    def tree(self, root):
        out = []
        for d, dirs, files in os.walk(os.path.join(root, "versions")):
            rel = os.path.relpath(d, root)
            out += [os.path.join(rel, n) for n in sorted(dirs + files) if n in ("envs", "foo", "bar")
                    or rel.endswith("envs") or rel == "versions"]
            dirs[:] = [n for n in dirs if n in ("envs",) or rel == "versions" and not os.path.islink(os.path.join(d, n))]
        return sorted(out)

    def test_envs_go_with_uninstall_like_pyenv_virtualenv(self):
        for args in (["-f", "foo"], ["-f", "3.11.9/envs/foo"], ["-f", "3.11.9"], ["foo"]):
            results = []
            for which, prog in (("pyenv", tl.reference_pyenv()), ("ours", os.path.join(self.bin, "pyenv"))):
                root = self.make_env_root("env-%s%d" % (which, len(os.listdir(self.dir))))
                env = {"PATH": "/usr/bin:/bin", "PYENV_ROOT": root, "HOME": self.dir}
                r = subprocess.run([prog, "uninstall"] + args, env=env, input="y\ny\n",
                                   capture_output=True, text=True)
                results.append((r.returncode, r.stdout.replace(root, "ROOT"), self.tree(root)))
            self.assertEqual(results[1], results[0], "args %r" % (args,))
            self.assertNotIn("versions/3.11.9/envs/foo", results[1][2], "args %r" % (args,))
            self.assertNotIn("versions/foo", results[1][2], "args %r" % (args,))
            self.assertIn("versions/bar", results[1][2], "args %r" % (args,))

    def test_own_name_and_atomic(self):
        root = self.make_root("own", ["3.10.1"])
        big = os.path.join(root, "versions", "3.10.1", "lib")
        os.makedirs(big)
        for i in range(200):
            os.makedirs(os.path.join(big, "d%d" % i))
        env = {"PATH": "/usr/bin:/bin", "PYENV_ROOT": root, "HOME": self.dir}
        r = subprocess.run([tl.CTL, "uninstall", "-f", "3.10.1"], env=env, capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout, r.stderr), (0, "pyenvfs-ctl: 3.10.1 uninstalled\n", ""))
        self.assertEqual(os.listdir(os.path.join(root, "versions")), [])
        tmp = os.path.join(root, ".pyenvfs-tmp")
        self.assertEqual([n for n in os.listdir(tmp) if not n.endswith(".lock")], [])
        r = subprocess.run([tl.CTL, "uninstall", "3.10.1"], env=env, capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stderr), (1, "pyenvfs-ctl: version `3.10.1' not installed\n"))


if __name__ == "__main__":
    tl.main(globals())

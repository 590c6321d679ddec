#!/usr/bin/python3
"""pyenvfs-ctl install hands the names its index lacks but python-build knows (2.7.18,
pypy3.10-7.3.17, miniconda3-latest) to python-build, the plugin's or one in PATH, with its
output and exit status; without python-build it says both ways out. python-build here is
a fake script in a temp root: nothing is built or downloaded."""
import os
import sys
import stat
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pyenvfs_testlib as tl  # noqa: E402

FAKE = """#!/bin/sh
if [ "$1" = --definitions ]; then
  printf '2.7.18\\npypy3.10-7.3.17\\nminiconda3-latest\\n3.11.2\\n'
  exit 0
fi
echo "$0 $*" >> "%(log)s"
echo "fake python-build: building $1"
echo "fake python-build: to stderr" >&2
mkdir -p "$2/bin" && printf '#!/bin/sh\\n' > "$2/bin/python" && chmod +x "$2/bin/python"
exit ${FAKE_STATUS:-0}
"""


class PythonBuildTest(tl.InstallTestCase):
    def fake(self, sb, where):
        d = os.path.join(sb.root, "plugins", "python-build", "bin") if where == "plugin" \
            else os.path.join(sb.dir, "pathbin")
        os.makedirs(d, exist_ok=True)
        path = os.path.join(d, "python-build")
        with open(path, "w") as f:
            f.write(FAKE % {"log": os.path.join(sb.dir, "pb.log")})
        os.chmod(path, 0o755)
        return path

    def runs(self, sb):
        log = os.path.join(sb.dir, "pb.log")
        return open(log).read().splitlines() if os.path.exists(log) else []

    def test_plugin_builds_what_the_index_lacks(self):
        sb = self.sandbox()
        sb.write_index()
        pb = self.fake(sb, "plugin")
        for name in ("2.7.18", "pypy3.10-7.3.17", "miniconda3-latest"):
            r = sb.ctl("install", name)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("fake python-build: building %s\n" % name, r.stdout)
            self.assertIn("fake python-build: to stderr\n", r.stderr)
            self.assertIn(name, sb.installed())
        self.assertEqual(self.runs(sb)[0], "%s 2.7.18 %s/2.7.18" % (pb, sb.versions))

    def test_exit_status_passes_through(self):
        sb = self.sandbox()
        sb.write_index()
        self.fake(sb, "plugin")
        r = sb.ctl("install", "2.7.18", env={"FAKE_STATUS": "3"})
        self.assertEqual(r.returncode, 3, r.stderr)

    def test_installed_is_skipped_unless_forced(self):
        sb = self.sandbox()
        sb.write_index()
        self.fake(sb, "plugin")
        os.makedirs(os.path.join(sb.versions, "2.7.18"))
        r = sb.ctl("install", "2.7.18")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("2.7.18 is already installed", r.stderr)
        self.assertEqual(self.runs(sb), [])
        r = sb.ctl("install", "-f", "2.7.18")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(self.runs(sb)), 1)

    def test_python_build_in_path(self):
        sb = self.sandbox()
        sb.write_index()
        self.fake(sb, "path")
        r = sb.ctl("install", "2.7.18", env={"PATH": os.path.join(sb.dir, "pathbin") + ":/usr/bin:/bin"})
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("2.7.18", sb.installed())

    def test_unknown_to_both(self):
        sb = self.sandbox()
        sb.write_index()
        self.fake(sb, "plugin")
        r = sb.ctl("install", "9.9.9")
        self.assertEqual(r.returncode, 1)
        self.assertIn("install --list", r.stderr)
        self.assertNotIn("To build", r.stderr)
        self.assertEqual(self.runs(sb), [])
        self.assertEqual(sb.installed(), [])

    def test_without_python_build_both_ways_out(self):
        sb = self.sandbox()
        sb.write_index()
        r = sb.ctl("install", "2.7.18")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr,
                         "pyenvfs-ctl: no build of Python 2.7.18 for linux-x86_64-gnu in the index\n"
                         "See all available versions with `pyenvfs-ctl install --list'.\n"
                         "To build 2.7.18 from source instead, install pyenv's python-build "
                         "($PYENV_ROOT/plugins/python-build, or python-build in PATH).\n")
        r = sb.ctl("install", "pypy3.10-7.3.17")
        self.assertEqual(r.returncode, 1)
        self.assertEqual(r.stderr,
                         "pyenvfs-ctl: `pypy3.10-7.3.17' is not a Python version (try 3.12, 3.12.1, 3.13t)\n"
                         "To build pypy3.10-7.3.17 from source instead, install pyenv's python-build "
                         "($PYENV_ROOT/plugins/python-build, or python-build in PATH).\n"
                         "See all available versions with `pyenvfs-ctl install --list'.\n")
        self.assertEqual(sb.installed(), [])

    def test_mixed_with_a_prebuilt_build(self):
        sb = self.sandbox()
        name, sha, version = sb.serve_cpython()
        sb.add(version, sb.url("ok", name), sha)
        self.fake(sb, "plugin")
        r = sb.ctl("install", version, "2.7.18")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(sb.installed(), sorted([version, "2.7.18"]))
        self.assertEqual(len(self.runs(sb)), 1)


if __name__ == "__main__":
    tl.main(globals())

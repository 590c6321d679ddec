#!/usr/bin/python3
"""Python on first use (PYENVFS_AUTO_INSTALL): pyenvfs-shim, run the way the kernel runs a
shim entry, installs the version a project names when it is missing and the index (on
127.0.0.1) has it, then runs it. Off (the default): pyenv's behaviour, nothing fetched.
Four first uses at once: one download, all four run the new version. A failing download:
a clear error, a non-zero status, no other Python run, versions/ as it was."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pyenvfs_testlib as tl  # noqa: E402

SHIM = tl.program("PYENVFS_SHIM")
PYENV = tl.reference_pyenv()
CODE = "import sys; print(sys.prefix)"


class FirstUseTest(tl.InstallTestCase):
    def project(self, sb, text):
        proj = os.path.join(sb.dir, "proj")
        os.makedirs(proj, exist_ok=True)
        with open(os.path.join(proj, ".python-version"), "w") as f:
            f.write(text)
        return proj

    def shim_argv(self, sb, cmd, *args):
        return [SHIM, sb.root, os.path.join(sb.root, "shims", cmd)] + list(args)

    def shim(self, sb, proj, cmd="python3", args=("-c", CODE), **env):
        env.setdefault("PWD", proj)
        return subprocess.run(self.shim_argv(sb, cmd, *args), env=sb.env(**env), cwd=proj,
                              capture_output=True, text=True, timeout=120)

    def served(self, sb, mode="ok", version=None):
        name, sha, v = sb.serve_cpython()
        sb.add(version or v, sb.url(mode, name), sha)
        return version or v

    def archive_requests(self, sb):
        return [r for r in sb.requests() if r["path"].endswith(".tar.gz")]

    def pyenv_exec(self, sb, proj, cmd="python3", args=("-c", CODE)):
        env = {"PATH": "/usr/bin:/bin", "PYENV_ROOT": sb.root, "HOME": sb.dir, "PWD": proj}
        return subprocess.run([PYENV, "exec", cmd] + list(args), env=env, cwd=proj,
                              capture_output=True, text=True, timeout=60)

    def test_off_is_pyenvs_behaviour(self):
        sb = self.sandbox()
        v = self.served(sb)
        proj = self.project(sb, v + "\n")
        os.makedirs(sb.versions)
        want = self.pyenv_exec(sb, proj, "python3")
        for env in ({}, {"PYENVFS_AUTO_INSTALL": "0"}, {"PYENVFS_AUTO_INSTALL": ""}):
            r = self.shim(sb, proj, **env)
            self.assertEqual((r.returncode, r.stdout, r.stderr),
                             (want.returncode, want.stdout, want.stderr), env)
        # the environment wins over the config file
        cfg = os.path.join(sb.dir, "xdg", "pyenvfs")
        os.makedirs(cfg)
        with open(os.path.join(cfg, "config"), "w") as f:
            f.write("PYENVFS_AUTO_INSTALL=1\n")
        r = self.shim(sb, proj, XDG_CONFIG_HOME=os.path.join(sb.dir, "xdg"), PYENVFS_AUTO_INSTALL="0")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (want.returncode, want.stdout, want.stderr))
        # a command no Python has: pyenv's error, status 127
        want = self.pyenv_exec(sb, proj, "nosuchcmd-pyenvfs", ())
        r = self.shim(sb, proj, "nosuchcmd-pyenvfs", ())
        self.assertEqual((r.returncode, r.stdout, r.stderr), (want.returncode, want.stdout, want.stderr))
        self.assertEqual(r.returncode, 127)
        self.assertEqual(sb.installed(), [])
        self.assertEqual(self.archive_requests(sb), [])

    def test_on_installs_then_runs(self):
        sb = self.sandbox()
        v = self.served(sb)
        proj = self.project(sb, v + "\n")
        r = self.shim(sb, proj, PYENVFS_AUTO_INSTALL="1")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), os.path.join(sb.versions, v))
        # stderr is no tty: one line
        self.assertEqual(r.stderr, "pyenvfs: installing %s for python3 (PYENVFS_AUTO_INSTALL)\n" % v)
        self.assertEqual(sb.installed(), [v])
        self.assertEqual(len(self.archive_requests(sb)), 1)
        # the next run is the plain exec path: nothing printed, nothing fetched
        r = self.shim(sb, proj, PYENVFS_AUTO_INSTALL="1")
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertEqual(len(self.archive_requests(sb)), 1)

    def test_config_file_and_prefix(self):
        sb = self.sandbox()
        v = self.served(sb)
        proj = self.project(sb, v.rsplit(".", 1)[0] + "\n")  # "3.11": the newest 3.11.x
        cfg = os.path.join(sb.dir, ".config", "pyenvfs")
        os.makedirs(cfg)
        with open(os.path.join(cfg, "config"), "w") as f:
            f.write("# pyenvfs settings\n  PYENVFS_AUTO_INSTALL = 1\n")
        r = self.shim(sb, proj)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), os.path.join(sb.versions, v))
        self.assertEqual(sb.installed(), [v])

    def test_four_first_uses_at_once(self):
        sb = self.sandbox()
        v = self.served(sb, mode="slow")
        proj = self.project(sb, v + "\n")
        env = sb.env(PYENVFS_AUTO_INSTALL="1", PWD=proj)
        procs = [subprocess.Popen(self.shim_argv(sb, "python3", "-c", CODE), env=env, cwd=proj,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for _ in range(4)]
        outs = [p.communicate(timeout=240) for p in procs]
        for p, (out, err) in zip(procs, outs):
            self.assertEqual(p.returncode, 0, err)
            self.assertEqual(out.strip(), os.path.join(sb.versions, v), err)
        self.assertEqual(len(self.archive_requests(sb)), 1, sb.requests())
        self.assertEqual(sb.installed(), [v])
        self.assertEqual(sb.leftovers(), [])

    def test_failed_download_runs_nothing(self):
        for mode, needle in (("404", "404"), ("wrong", "SHA-256")):
            with self.subTest(mode=mode):
                sb = self.sandbox()
                v = self.served(sb, mode=mode)
                proj = self.project(sb, v + "\n")
                r = self.shim(sb, proj, PYENVFS_AUTO_INSTALL="1")
                self.assertNotEqual(r.returncode, 0)
                self.assertEqual(r.stdout, "")  # no other python ran
                self.assertIn("pyenvfs: cannot install %s:" % v, r.stderr)
                self.assertIn(needle, r.stderr)
                self.assertIn("pyenvfs: python3 not run: %s could not be installed" % v, r.stderr)
                self.assertEqual(sb.installed(), [])
                self.assertEqual(sb.leftovers(), [])

    def test_unreadable_index_runs_nothing(self):
        sb = self.sandbox()
        v = self.served(sb)
        proj = self.project(sb, v + "\n")
        with open(sb.index, "w") as f:
            f.write("{not json")
        r = self.shim(sb, proj, PYENVFS_AUTO_INSTALL="1")
        self.assertNotEqual(r.returncode, 0)
        self.assertEqual(r.stdout, "")
        self.assertIn("pyenvfs: python3 not run: the install index could not be read", r.stderr)
        self.assertEqual(sb.installed(), [])

    def test_not_in_the_index_is_pyenvs_behaviour(self):
        sb = self.sandbox()
        self.served(sb)
        proj = self.project(sb, "3.9.1\n")
        os.makedirs(sb.versions)
        want = self.pyenv_exec(sb, proj, "python3")
        r = self.shim(sb, proj, PYENVFS_AUTO_INSTALL="1")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (want.returncode, want.stdout, want.stderr))
        self.assertEqual(sb.installed(), [])
        self.assertEqual(self.archive_requests(sb), [])

    def test_tool_versions(self):
        """.tool-versions: ignored when off; with PYENVFS_TOOL_VERSIONS=1 its python line
        selects (first use installs it) and `install` without a version installs it."""
        sb = self.sandbox()
        v = self.served(sb)
        proj = os.path.join(sb.dir, "proj")
        os.makedirs(proj)
        with open(os.path.join(proj, ".tool-versions"), "w") as f:
            f.write("nodejs 20.1.0\npython %s\n" % v)
        os.makedirs(sb.versions)
        r = sb.ctl("install", cwd=proj)
        self.assertNotEqual(r.returncode, 0)  # off: nothing names a version here
        self.assertEqual(sb.installed(), [])
        want = self.pyenv_exec(sb, proj, "python3")
        r = self.shim(sb, proj, PYENVFS_AUTO_INSTALL="1")
        self.assertEqual((r.returncode, r.stdout, r.stderr), (want.returncode, want.stdout, want.stderr))
        self.assertEqual(sb.installed(), [])
        r = sb.ctl("install", "-q", cwd=proj, env={"PYENVFS_TOOL_VERSIONS": "1"})
        self.assertEqual((r.returncode, r.stderr), (0, ""))
        self.assertEqual(sb.installed(), [v])
        r = sb.ctl("uninstall", "-f", v)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = self.shim(sb, proj, PYENVFS_AUTO_INSTALL="1", PYENVFS_TOOL_VERSIONS="1")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), os.path.join(sb.versions, v))

    def test_through_the_mount(self):
        """A real shell command through the mount: a first version installed gives the
        python3 entry; a project naming another one installs it on first use."""
        tl.require_fuse()
        sb = self.sandbox()
        name, sha, v = sb.serve_cpython()
        sb.add(v, sb.url("ok", name), sha)
        other = "3.11.99"
        sb.add(other, sb.url("ok", name), sha)
        r = sb.ctl("install", "-q", v)
        self.assertEqual(r.returncode, 0, r.stderr)
        shims = os.path.join(sb.root, "shims")
        mount = tl.Mount(sb.root, mountpoint=shims)
        mount.start()
        self.addCleanup(mount.stop, False)
        proj = self.project(sb, other + "\n")
        env = sb.env(PATH=shims + ":/usr/bin:/bin", PYENVFS_AUTO_INSTALL="1", PWD=proj)
        r = subprocess.run(["/bin/sh", "-c", "python3 -c 'import sys; print(sys.prefix)'"], env=env,
                           cwd=proj, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), os.path.join(sb.versions, other))
        self.assertEqual(sb.installed(), sorted([v, other]))
        mount.stop()


if __name__ == "__main__":
    tl.main(globals())

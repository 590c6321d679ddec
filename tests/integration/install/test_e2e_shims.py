#!/usr/bin/python3
"""End to end: pyenvfs is mounted on PYENV_ROOT/shims, pyenvfs-ctl install puts a real
CPython (python-build-standalone layout, over loopback HTTP) into versions/, and the
new commands appear in the shims with no rehash and run the installed interpreter
through pyenvfs-shim. While the install runs the shims never list a half-installed
version; uninstall takes the commands away again."""
import os
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pyenvfs_testlib as tl  # noqa: E402


class EndToEndTest(tl.InstallTestCase):
    def run_shim(self, sb, shims, args, cwd=None, **env):
        full = {"PATH": shims + ":/usr/bin:/bin", "PYENV_ROOT": sb.root, "HOME": sb.dir}
        full.update(env)
        return subprocess.run(args, env=full, cwd=cwd, capture_output=True, text=True, timeout=60)

    def test_install_then_run_through_shims(self):
        tl.require_fuse()
        sb = self.sandbox()
        name, sha, version = sb.serve_cpython()
        sb.add(version, sb.url("slow", name), sha)
        shims = os.path.join(sb.root, "shims")
        os.makedirs(sb.versions, exist_ok=True)
        mount = tl.Mount(sb.root, mountpoint=shims)
        mount.start()
        self.addCleanup(mount.stop, False)
        self.assertNotIn("python", mount.listing())

        # watch the listing during the install: a listed python3.11 means a complete version
        seen, bad, done = [], [], threading.Event()

        def watch():
            record = os.path.join(sb.versions, version, ".pyenvfs-install.json")
            while not done.is_set():
                names = os.listdir(shims)
                if "python3.11" in names:
                    seen.append(time.time())
                    if not os.path.exists(record):
                        bad.append(names)
                time.sleep(0.01)

        t = threading.Thread(target=watch)
        t.start()
        try:
            r = sb.ctl("install", version)
        finally:
            time.sleep(0.3)
            done.set()
            t.join()
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(bad, [])
        self.assertTrue(tl.wait_until(lambda: "python" in mount.listing(), timeout=10), mount.listing())
        for cmd in ("python", "python3", "python3.11"):
            self.assertIn(cmd, mount.listing())

        prefix = os.path.join(sb.versions, version)
        code = "import sys, ssl, sqlite3; print(sys.prefix); print(sys.executable); print(sys.version.split()[0])"
        r = self.run_shim(sb, shims, ["python", "-c", code], PYENV_VERSION=version)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.split(), [prefix, os.path.join(prefix, "bin", "python"), version])

        # a project's .python-version picks it by prefix, as pyenv does
        proj = os.path.join(sb.dir, "proj")
        os.makedirs(proj)
        with open(os.path.join(proj, ".python-version"), "w") as f:
            f.write("3.11\n")
        r = self.run_shim(sb, shims, ["python3", "-c", "import sys; print(sys.prefix)"], cwd=proj)
        self.assertEqual((r.returncode, r.stdout.strip()), (0, prefix), r.stderr)
        # a venv made from it works offline (the standard scheme, bin/python inside)
        venv = os.path.join(sb.dir, "venv")
        r = self.run_shim(sb, shims, ["python", "-m", "venv", "--without-pip", venv], cwd=proj)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = subprocess.run([os.path.join(venv, "bin", "python"), "-c", "import sys; print(sys.base_prefix)"],
                           capture_output=True, text=True)
        self.assertEqual(r.stdout.strip(), prefix)

        r = sb.ctl("uninstall", "-f", version)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(tl.wait_until(lambda: "python3.11" not in mount.listing(), timeout=10), mount.listing())
        mount.stop()


if __name__ == "__main__":
    tl.main(globals())

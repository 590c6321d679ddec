#!/usr/bin/python3
"""pyenv-virtualenv, unmodified, through pyenvfs: the machine's copy of the plugin is
COPIED into a test root's plugins/ (never changed, never run against the machine's root),
a real relocatable CPython is installed from the loopback index, the shims are mounted,
and in bash and in zsh (non-interactive, explicit environment) the `pyenv' function of
`pyenvfs-ctl init -' creates an env (the plugin's virtualenv, python -m venv), lists it,
activates it (native sh-activate), runs pip, a console script installed into the env
offline from Debian's wheel, through the mounted shims at once, deactivates it, lets
`pyenv virtualenv-init -' auto-activate it in a project, and deletes it."""
import glob
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pyenvfs_testlib as tl  # noqa: E402


PLUGIN = tl.reference_plugin("pyenv-virtualenv")  # copied, never changed

SCRIPT = r'''
eval "$("$CTL" init - --no-mount "$SHELL_NAME")"
pyenv virtualenv --without-pip "$VERSION" myenv >/dev/null; echo "virtualenv rc=$?"
pyenv virtualenvs --bare
pyenv activate myenv; echo "activate rc=$? VE=$VIRTUAL_ENV PV=$PYENV_VERSION"
python -c 'import sys; print("prefix", sys.prefix)'
"$VIRTUAL_ENV/bin/python" "$WHL/pip" install -q --no-index "$WHL" >/dev/null 2>&1; echo "pip rc=$?"
echo "pip at $(command -v pip)"
pip --version | cut -d' ' -f1-2
pyenv deactivate; echo "deactivate rc=$? VE=${VIRTUAL_ENV-unset} PV=${PYENV_VERSION-unset}"
mkdir -p proj && echo myenv > proj/.python-version
eval "$(pyenv virtualenv-init -)"
cd proj && _pyenv_virtualenv_hook; echo "auto VE=${VIRTUAL_ENV-unset}"
cd .. && _pyenv_virtualenv_hook; echo "auto-off VE=${VIRTUAL_ENV-unset}"
pyenv virtualenv-delete -f myenv; echo "delete rc=$?"
pyenv virtualenvs --bare; echo "after: $(ls "$PYENV_ROOT/versions")"
'''


class VirtualenvTest(tl.InstallTestCase):
    def test_plugin_through_the_function_in_bash_and_zsh(self):
        tl.require_fuse()
        self.assertTrue(os.path.isdir(PLUGIN), "pyenv-virtualenv is not installed at " + PLUGIN)
        wheels = glob.glob("/usr/share/python-wheels/pip-*.whl")
        self.assertTrue(wheels, "Debian's pip wheel (python3-pip-whl) is missing")
        sb = self.sandbox()
        name, sha, version = sb.serve_cpython()
        sb.add(version, sb.url("ok", name), sha)
        r = sb.ctl("install", version)
        self.assertEqual(r.returncode, 0, r.stderr)
        shutil.copytree(PLUGIN, os.path.join(sb.root, "plugins", "pyenv-virtualenv"), symlinks=True)
        shims = os.path.join(sb.root, "shims")
        mount = tl.Mount(sb.root, mountpoint=shims)
        mount.start()
        self.addCleanup(mount.stop, False)
        env_dir = os.path.join(sb.versions, version, "envs", "myenv")
        for shell in ("bash", "zsh"):
            env = sb.env(PATH=shims + ":/usr/bin:/bin", CTL=tl.CTL, SHELL_NAME=shell,
                         VERSION=version, WHL=wheels[0], PWD=sb.dir, PYENVFS_INDEX=None,
                         PYENVFS_CACHE_DIR=None)
            r = subprocess.run(["/usr/bin/" + shell, "-c", SCRIPT], env=env, cwd=sb.dir,
                               capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertEqual(r.stderr, "", shell)
            self.assertEqual(r.stdout.splitlines(), [
                "virtualenv rc=0",
                version + "/envs/myenv",
                "myenv",
                "activate rc=0 VE=%s PV=myenv" % env_dir,
                "prefix " + os.path.join(sb.versions, "myenv"),
                "pip rc=0",
                "pip at " + os.path.join(shims, "pip"),
                "pip " + os.path.basename(wheels[0]).split("-")[1],
                "deactivate rc=0 VE=unset PV=unset",
                "auto VE=" + env_dir,
                "auto-off VE=unset",
                "delete rc=0",
                "after: " + version,
            ], shell + ": " + r.stderr)
            self.assertFalse(os.path.exists(env_dir))
            self.assertTrue(tl.wait_until(lambda: "pip" not in mount.listing(), timeout=10), mount.listing())
            shutil.rmtree(os.path.join(sb.dir, "proj"))


if __name__ == "__main__":
    tl.main(globals())

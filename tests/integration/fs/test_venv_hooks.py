"""pyenv-virtualenv's which hooks through the shims (resolver/venv_which.h): with the plugin
(COPIED into the temp root) an env selected alone lends a command its base version has —
system-site-packages.bash for a venv with include-system-site-packages = true or a
virtualenv without no-global-site-packages.txt, python-config.bash for python*-config —
and every other case gives pyenv's own answer. Each case runs `shims/CMD` on a real mount
and pyenv 2.6 (`libexec/pyenv exec CMD`) on a second tree built the same way, paths
normalised.

Where a hook lends the command, pyenv 2.6 itself fails: after the system search its which
hooks see an empty PYENV_COMMAND_PATH, so system-site-packages.bash answers the base's bin/
directory (exec: 126, "Is a directory") and python-config.bash never matches. The shim runs
what the hooks mean: the command `pyenv which CMD --nosystem` names (the hooks then see the
command's name), and these cases check that path and its output against pyenv's own exec
of it, and pin pyenv's failure so that a fixed pyenv shows up here."""
import os
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (Mount, TempRoot, check, check_eq, main, reference_plugin,  # noqa: E402
                             reference_pyenv, run, write_file)

PLUGIN = reference_plugin("pyenv-virtualenv")  # copied, never changed
BASE = "3.12.1"
TOOL = 'echo "$0|$PYENV_VERSION|${PATH%%:*}|$*"'


def venv(t, name, include):
    """A venv (python -m venv): bin/activate and pyvenv.cfg naming the base's bin/."""
    prefix = os.path.join(t.versions, name)
    write_file(os.path.join(prefix, "bin", "activate"), "# activate\n")
    write_file(os.path.join(prefix, "pyvenv.cfg"),
          f"home = {t.versions}/{BASE}/bin\n"
          f"include-system-site-packages = {'true' if include else 'false'}\n"
          "version = 3.12.1\n")


def virtualenv(t, name, global_site):
    """An old-style virtualenv: lib/pythonX.Y/orig-prefix.txt, no-global-site-packages.txt."""
    prefix = os.path.join(t.versions, name)
    write_file(os.path.join(prefix, "bin", "activate"), "# activate\n")
    lib = os.path.join(prefix, "lib", "python3.12")
    write_file(os.path.join(lib, "orig-prefix.txt"), f"{t.versions}/{BASE}\n")
    if not global_site:
        write_file(os.path.join(lib, "no-global-site-packages.txt"), "")


def build(t, plugin=True):
    """The tree, the same in both roots: the base version, envs of it, the plugin."""
    t.add_version(BASE, {"tool": TOOL, "python3.12-config": TOOL, "python3.12": TOOL})
    venv(t, "venv-on", True)
    venv(t, "venv-off", False)
    virtualenv(t, "ve-global", True)
    virtualenv(t, "ve-local", False)
    # pyenv-virtualenv's own layout: versions/BASE/envs/NAME and the alias versions/NAME
    env = os.path.join(t.versions, BASE, "envs", "proj")
    write_file(os.path.join(env, "bin", "activate"), "# activate\n")
    write_file(os.path.join(env, "pyvenv.cfg"),
          f"home = {t.versions}/{BASE}/bin\ninclude-system-site-packages = true\n")
    os.symlink(env, os.path.join(t.versions, "proj"))
    if plugin:
        shutil.copytree(PLUGIN, os.path.join(t.root, "plugins", "pyenv-virtualenv"),
                        symlinks=True)


class Trees:
    """Ours (mounted) and the reference's, built alike."""

    def __init__(self, plugin=True):
        self.ours = TempRoot(prefix="pyenvfs-venvhooks-")
        self.ref = TempRoot(prefix="pyenvfs-venvhooks-ref-")
        build(self.ours, plugin)
        build(self.ref, plugin)
        self.mount = Mount(self.ours)

    def __enter__(self):
        self.mount.start()
        return self

    def __exit__(self, *exc):
        self.mount.stop(check=exc[0] is None)
        self.ours.cleanup()
        self.ref.cleanup()

    @staticmethod
    def norm(t, res):
        f = lambda s: s.replace(t.base, "BASE")  # noqa: E731
        return res.returncode, f(res.stdout), f(res.stderr)

    def shim(self, cmd, env=None, cwd="", args=("a", "b")):
        """shims/CMD ARGS as a shell runs it, normalised."""
        t = self.ours
        res = run([os.path.join(self.mount.mountpoint, cmd), *args],
                  env={"PYENV_ROOT": t.root, **(env or {})},
                  cwd=os.path.join(t.base, cwd))
        return self.norm(t, res)

    def pyenv(self, *argv, env=None, cwd=""):
        """pyenv 2.6 on the reference tree, normalised."""
        t = self.ref
        res = run([reference_pyenv(), *argv], env={"PYENV_ROOT": t.root, **(env or {})},
                  cwd=os.path.join(t.base, cwd))
        return self.norm(t, res)


def same_as_pyenv(tr, version, cmd, want_rc):
    env = {"PYENV_VERSION": version}
    got = tr.shim(cmd, env)
    want = tr.pyenv("exec", cmd, "a", "b", env=env)
    check_eq(got, want, f"shims/{cmd} with {version} against pyenv exec")
    check_eq(got[0], want_rc, "exit status")
    return got


def lends(tr, version, cmd, pyenv_finds_dir=True):
    """The hooks lend cmd from the base: ours runs it; pyenv 2.6's exec fails on bin/
    (pyenv_finds_dir), or does not find it when only python-config.bash would lend it."""
    env = {"PYENV_VERSION": version}
    got = tr.shim(cmd, env)
    base_cmd = f"BASE/root/versions/{BASE}/bin/{cmd}"
    check_eq(got, (0, f"{base_cmd}|{version}|BASE/root/versions/{BASE}/bin|a b\n", ""),
             f"shims/{cmd} with {version}")
    # the command pyenv's hooks mean, and pyenv's own exec of it
    which = tr.pyenv("which", cmd, "--nosystem", env=env)
    check_eq(which, (0, base_cmd + "\n", ""), f"pyenv which {cmd} --nosystem")
    real = base_cmd.replace("BASE", tr.ref.base)
    check_eq(got, tr.pyenv("exec", real, "a", "b", env=env), "pyenv exec of that path")
    # pyenv 2.6 through its shims: the hook's directory answer (or, for python*-config
    # without the system site packages, not found)
    rc, out, err = tr.pyenv("exec", cmd, "a", "b", env=env)
    if not pyenv_finds_dir:
        check_eq(rc, 127, f"pyenv 2.6 exec {cmd}: {err}")
        check(f"pyenv: {cmd}: command not found" in err, err)
    else:
        check_eq((rc, out), (126, ""), f"pyenv 2.6 exec {cmd}: {err}")
        check(f"/versions/{BASE}/bin/: Is a directory" in err, err)


def test_venv_system_site_packages():
    with Trees() as tr:
        lends(tr, "venv-on", "tool")
        lends(tr, "proj", "tool")
        lends(tr, f"{BASE}/envs/proj", "tool")
        # include-system-site-packages = false: pyenv's "command not found", its advice
        got = same_as_pyenv(tr, "venv-off", "tool", 127)
        check("The `tool' command exists in these Python versions" in got[2], got[2])
        # the base itself and two versions at once: no env, nothing lent
        same_as_pyenv(tr, BASE, "tool", 0)
        same_as_pyenv(tr, f"venv-on:{BASE}", "tool", 0)
        same_as_pyenv(tr, f"venv-off:{BASE}", "python3.12", 0)


def test_python_config():
    with Trees() as tr:
        lends(tr, "venv-on", "python3.12-config")
        # python-config.bash lends it without the system site packages too
        lends(tr, "venv-off", "python3.12-config", pyenv_finds_dir=False)
        lends(tr, "ve-local", "python3.12-config", pyenv_finds_dir=False)
        # python3.12 is no *-config name: only the system site packages lend it
        same_as_pyenv(tr, "venv-off", "python3.12", 127)


def test_virtualenv():
    with Trees() as tr:
        lends(tr, "ve-global", "tool")
        same_as_pyenv(tr, "ve-local", "tool", 127)


def test_not_installed_and_version_files():
    with Trees() as tr:
        # a hook's pyenv-version-name fails under set -e: exit 1, its message only
        got = same_as_pyenv(tr, "venv-on:3.99", "tool", 1)
        check_eq(got[2], "pyenv: version `3.99' is not installed "
                         "(set by PYENV_VERSION environment variable)\n", "stderr")
        # from a version file: its warnings once per reading (exec, which, the hook)
        for t in (tr.ours, tr.ref):
            write_file(os.path.join(t.base, "proj", ".python-version"), "venv-on\n../x\n3.99\n")
        got = tr.shim("tool", cwd="proj")
        check_eq(got, tr.pyenv("exec", "tool", "a", "b", cwd="proj"), "version file")
        check_eq((got[0], got[2].count("invalid version `../x'")), (1, 3), got[2])
        for t in (tr.ours, tr.ref):
            write_file(os.path.join(t.base, "proj", ".python-version"), "venv-on\n../x\n")
        got = tr.shim("tool", cwd="proj")
        check_eq(got[0], 0, got[2])
        check_eq(got[2].count("invalid version `../x'"), 3, got[2])


def test_without_the_plugin():
    with Trees(plugin=False) as tr:
        for version in ("venv-on", "ve-global", "venv-off"):
            same_as_pyenv(tr, version, "tool", 127)
        same_as_pyenv(tr, "venv-on", "python3.12-config", 127)
        same_as_pyenv(tr, "venv-on:3.99", "tool", 127)


if __name__ == "__main__":
    main(globals(), fuse=True)

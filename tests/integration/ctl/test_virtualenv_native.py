#!/usr/bin/python3
"""The native pyenv-virtualenv commands against the plugin itself: sh-activate,
sh-deactivate, virtualenvs, virtualenv-prefix, activate and deactivate of pyenvfs-ctl under
the name `pyenv' print what pyenv 2.6 running pyenv-virtualenv 1.4 prints (stdout, stderr,
exit status), byte for byte, on a root of venvs, virtualenvs, conda envs, aliases and broken
envs, for bash, zsh and fish and the environment variables the scripts read. The plugin
is the machine's, COPIED into the temp root."""

import itertools
import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import CTL, check, main, reference_plugin, reference_pyenv  # noqa: E402

PLUGIN = reference_plugin("pyenv-virtualenv")  # copied, never changed
PYENV = reference_pyenv()  # pyenv 2.6: the behaviour reference


class Root:
    def __init__(self):
        import tempfile
        self.dir = tempfile.mkdtemp(prefix="pyenvfs-venv-native.")
        self.root = os.path.join(self.dir, "root")
        self.v = os.path.join(self.root, "versions")
        os.makedirs(os.path.join(self.root, "plugins"))
        shutil.copytree(PLUGIN, os.path.join(self.root, "plugins", "pyenv-virtualenv"), symlinks=True)
        os.makedirs(os.path.join(self.dir, "bin"))
        self.ours = os.path.join(self.dir, "bin", "pyenv")
        os.symlink(CTL, self.ours)
        self.build()

    def py(self, rel, activate=False):
        d = os.path.join(self.v, rel, "bin")
        os.makedirs(d, exist_ok=True)
        self.write(os.path.join(d, "python"), "#!/bin/sh\n", 0o755)
        if activate:
            self.write(os.path.join(d, "activate"), "")
        return os.path.join(self.v, rel)

    def write(self, path, text, mode=0o644):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        os.chmod(path, mode)

    def build(self):
        v = self.v
        self.py("3.11.9"), self.py("3.12.1")
        for ver, env in (("3.11.9", "foo"), ("3.12.1", "bar")):
            e = self.py("%s/envs/%s" % (ver, env), activate=True)
            self.write(os.path.join(e, "pyvenv.cfg"), "home = %s/%s/bin\nversion = 3\n" % (v, ver))
            os.symlink(e, os.path.join(v, env))
        old = self.py("oldvenv", activate=True)
        self.write(os.path.join(old, "lib", "python2.7", "orig-prefix.txt"), v + "/3.12.1\n")
        broken = self.py("broken", activate=True)
        self.write(os.path.join(broken, "pyvenv.cfg"), "home=/nonexistent/bin\n")
        os.makedirs(os.path.join(self.py("conda3"), "conda-meta"))
        cenv = self.py("conda3/envs/cenv")
        os.makedirs(os.path.join(cenv, "conda-meta"))
        self.write(os.path.join(cenv, "etc", "conda", "activate.d", "a.sh"), "")
        self.write(os.path.join(cenv, "etc", "conda", "deactivate.d", "d.sh"), "")
        for d, text in (("proj", "foo\n"), ("proj2", "3.12.1\nbar\n"), ("proj3", "nope\n")):
            self.write(os.path.join(self.dir, d, ".python-version"), text)

    def run(self, prog, cwd, args, extra):
        cwd = os.path.join(self.dir, cwd)
        env = {"PATH": "/usr/bin:/bin", "HOME": self.dir, "PYENV_ROOT": self.root, "PWD": cwd}
        env.update(extra)
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                env[k] = os.environ[k]
        p = subprocess.run([prog] + args, env=env, cwd=cwd, capture_output=True, text=True, timeout=60)
        return p.returncode, p.stdout, p.stderr

    def compare(self, cwd, args, extra):
        want = self.run(PYENV, cwd, args, extra)
        got = self.run(self.ours, cwd, args, extra)
        check(got == want, "%s %r %r:\n  pyenv %r\n  ours  %r" % (cwd, args, extra, want, got))

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def with_root(fn):
    def t():
        r = Root()
        try:
            fn(r)
        finally:
            r.cleanup()
    t.__name__ = fn.__name__
    return t


DIRS = (".", "proj", "proj2", "proj3")


@with_root
def test_virtualenvs_and_prefix(r):
    for d in DIRS:
        for args in ([], ["--bare"], ["--skip-aliases"], ["--bare", "--skip-aliases"], ["-x"]):
            r.compare(d, ["virtualenvs"] + args, {})
        r.compare(d, ["virtualenv-prefix"], {})
    for v in ("foo", "bar", "oldvenv", "broken", "3.11.9/envs/foo", "3.11.9", "system", "nope",
              "conda3", "conda3/envs/cenv", "3.11"):
        r.compare(".", ["virtualenv-prefix", v], {})
    r.compare(".", ["virtualenv-prefix", "foo", "bar"], {})
    shutil.rmtree(os.path.join(r.v, "broken"))
    for d in DIRS:
        r.compare(d, ["virtualenvs"], {})


@with_root
def test_sh_activate(r):
    foo = os.path.join(r.v, "3.11.9", "envs", "foo")
    envs = ({}, {"PYENV_VIRTUALENV_INIT": "1"}, {"VIRTUAL_ENV": "/x"},
            {"VIRTUAL_ENV": foo, "PYENV_VIRTUAL_ENV": foo},
            {"PYTHONHOME": "/h", "PYENV_VIRTUALENV_PROMPT": "<{venv}>"},
            {"VIRTUAL_ENV_DISABLE_PROMPT": "1", "PYENV_VIRTUALENV_VERBOSE_ACTIVATE": "1"},
            {"PYENV_VERSION": "bar", "PYENV_VIRTUALENV_INIT": "1"})
    argss = ([], ["--quiet"], ["foo"], ["-f", "foo"], ["-v", "foo"], ["bar"], ["3.12.1"],
             ["nope"], ["foo", "bar"], ["--unset"], ["--complete"], ["conda3/envs/cenv"],
             ["oldvenv"], ["-q", "nope"])
    # the selection matters when no env (or one that is not one) is named
    by_dir = ([], ["--quiet"], ["3.12.1"], ["nope"])
    for shell, extra, args in itertools.product(("bash", "fish"), envs, argss):
        for d in DIRS if args in by_dir else (".",):
            r.compare(d, ["sh-activate"] + args, dict(extra, PYENV_SHELL=shell))
    for args in argss[:6]:
        r.compare("proj", ["sh-activate"] + args, {"PYENV_SHELL": "zsh"})


@with_root
def test_sh_deactivate_and_advice(r):
    foo = os.path.join(r.v, "3.11.9", "envs", "foo")
    cenv = os.path.join(r.v, "conda3", "envs", "cenv")
    envs = ({}, {"VIRTUAL_ENV": "/x"},
            {"VIRTUAL_ENV": foo, "PYENV_ACTIVATE_SHELL": "1", "CONDA_DEFAULT_ENV": "x"},
            {"VIRTUAL_ENV": cenv, "PYENV_VIRTUALENV_VERBOSE_ACTIVATE": "1"})
    for shell, extra, args in itertools.product(("bash", "fish"), envs,
                                                ([], ["-f"], ["-q"], ["-v"], ["-f", "-q"])):
        r.compare(".", ["sh-deactivate"] + args, dict(extra, PYENV_SHELL=shell))
        r.compare(".", ["sh-deactivate"] + args, dict(extra, SHELL="/bin/" + shell))
    for args in (["activate"], ["deactivate"], ["activate", "--complete"], ["help", "activate"],
                 ["help", "--usage", "sh-activate"], ["completions", "activate"],
                 ["sh-activate", "--help"], ["help", "virtualenvs"], ["virtualenvs", "--help"],
                 ["commands", "--sh"]):
        r.compare(".", args, {})



@with_root
def test_activate_hooks(r):
    """before_/after_ hooks of activate and deactivate: run in one bash around the native
    output, seeing the script's variables; a failing hook stops it with its status."""
    hooks = os.path.join(r.dir, "hooks with space")
    r.write(os.path.join(hooks, "activate", "a.bash"),
            "echo '# sourced a'\n"
            "before_activate 'echo \"before $venv $prefix ${versions[*]} $shell [$QUIET]\"'\n"
            "after_activate 'echo \"after ${#versions[@]} [$no_shell] ${current_versions[*]}\"'\n")
    r.write(os.path.join(hooks, "deactivate", "d.bash"),
            "before_deactivate 'echo \"before-d $venv $prefix $shell\"'\n"
            "after_deactivate 'echo after-d >&2'\n")
    failing = os.path.join(r.dir, "failing")
    r.write(os.path.join(failing, "activate", "f.bash"), "before_activate 'echo no; false'\n")
    foo = os.path.join(r.v, "3.11.9", "envs", "foo")
    for hp in (hooks, failing):
        for shell, extra, args in itertools.product(
                ("bash", "fish"),
                ({}, {"PYENV_VIRTUALENV_INIT": "1"}, {"VIRTUAL_ENV": foo}),
                ([], ["foo"], ["-q", "foo"], ["-f", "bar"], ["nope"], ["--unset"])):
            for d in ("proj", "proj2") if not args else (".",):
                r.compare(d, ["sh-activate"] + args,
                          dict(extra, PYENV_SHELL=shell, PYENV_HOOK_PATH=hp))
        for extra in ({}, {"VIRTUAL_ENV": foo}, {"VIRTUAL_ENV": foo, "PYENV_ACTIVATE_SHELL": "1"}):
            r.compare(".", ["sh-deactivate"], dict(extra, PYENV_HOOK_PATH=hp))



@with_root
def test_which_and_exec_under_the_plugins_hooks(r):
    """pyenv-virtualenv's which hooks call pyenv-version-name under `set -e': a selected
    version that is not installed ends which (and exec) there, with status 1."""
    for d, extra in ((".", {"PYENV_VERSION": "nope"}), (".", {"PYENV_VERSION": "3.11.9:nope"}),
                     (".", {"PYENV_VERSION": "foo"}), ("proj3", {}), ("proj", {})):
        for args in (["which", "python"], ["which", "nothere"], ["exec", "nothere"],
                     ["which", "python3.11-config"], ["exec", "python", "-c", "pass"]):
            r.compare(d, args, extra)


if __name__ == "__main__":
    main(globals())

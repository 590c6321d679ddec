"""pyenvfs: `pip install` of a package with a console script into a real CPython's venv
(a pyenv-virtualenv style env) makes the script appear in the shims and run through them,
with no rehash; `pip uninstall` makes it vanish."""
import base64
import glob
import hashlib
import os
import sys
import zipfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import Mount, TempRoot, check, check_eq, fail, main, run, wait_until  # noqa: E402


def make_wheel(dest):
    """A minimal wheel: package `hello` with a console script `hello-pyenvfs`."""
    files = {
        "hello/__init__.py": "def main():\n    import sys\n    print('hello from', sys.prefix)\n",
        "hello-1.0.dist-info/METADATA": "Metadata-Version: 2.1\nName: hello\nVersion: 1.0\n",
        "hello-1.0.dist-info/WHEEL": ("Wheel-Version: 1.0\nGenerator: pyenvfs-test\n"
                                      "Root-Is-Purelib: true\nTag: py3-none-any\n"),
        "hello-1.0.dist-info/entry_points.txt": "[console_scripts]\nhello-pyenvfs = hello:main\n",
    }
    record = []
    for name, text in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=")
        record.append(f"{name},sha256={digest.decode()},{len(text.encode())}")
    record.append("hello-1.0.dist-info/RECORD,,")
    files["hello-1.0.dist-info/RECORD"] = "\n".join(record) + "\n"
    path = os.path.join(dest, "hello-1.0-py3-none-any.whl")
    with zipfile.ZipFile(path, "w") as z:
        for name, text in files.items():
            z.writestr(name, text)
    return path


def test_pip_install_appears_without_rehash():
    pip_whl = sorted(glob.glob("/usr/share/python-wheels/pip-*.whl"))
    if not pip_whl:
        fail("Debian's pip wheel is missing (package python3-pip-whl)")
    with TempRoot() as r:
        r.make_python("3.11.4")
        py = os.path.join(r.bindir("3.11.4"), "python3.11")
        env_dir = os.path.join(r.versions, "3.11.4", "envs", "tools")
        res = run([py, "-m", "venv", "--without-pip", env_dir])
        check_eq(res.returncode, 0, f"venv: {res.stderr}")
        os.symlink(env_dir, os.path.join(r.versions, "tools"))  # as pyenv-virtualenv does
        whl = make_wheel(r.base)
        with Mount(r) as m:
            check("hello-pyenvfs" not in m.listing(), "not there yet")
            envpy = os.path.join(env_dir, "bin", "python")
            res = run([envpy, os.path.join(pip_whl[-1], "pip"), "install", "--no-index",
                       "--no-deps", "--disable-pip-version-check", "--no-cache-dir", whl],
                      timeout=120)
            check_eq(res.returncode, 0, f"pip install: {res.stdout}{res.stderr}")
            entry = os.path.join(m.mountpoint, "hello-pyenvfs")
            check(wait_until(lambda: os.path.exists(entry)), "the console script appears")
            for version in ("tools", "3.11.4/envs/tools"):
                res = run(["/bin/sh", "-c", "hello-pyenvfs"], path=[m.mountpoint],
                          env={"PYENV_ROOT": r.root, "PYENV_VERSION": version})
                check_eq((res.returncode, res.stdout), (0, f"hello from {env_dir}\n"),
                         f"runs in {version}: {res.stderr}")
            res = run([envpy, os.path.join(pip_whl[-1], "pip"), "uninstall", "-y",
                       "--disable-pip-version-check", "hello"], timeout=120)
            check_eq(res.returncode, 0, f"pip uninstall: {res.stdout}{res.stderr}")
            check(wait_until(lambda: not os.path.exists(entry)), "the console script vanishes")


if __name__ == "__main__":
    main(globals(), fuse=True)

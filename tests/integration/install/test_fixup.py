#!/usr/bin/python3
"""The install fix-up: the real CPython archive names /install and clang in its build
configuration as python-build-standalone's do (tests/fixtures/archives.py); after
`pyenvfs-ctl install` sysconfig, python3-config, pkg-config and the config Makefile name
the version's real prefix and a compiler this machine has, a C extension compiled with the
flags sysconfig gives imports through the mounted shims, and a fix-up that cannot be done
fails the install with nothing left behind."""
import hashlib
import json
import os
import re
import resource
import shlex
import signal
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import pyenvfs_testlib as tl  # noqa: E402
from pyenvfs_testlib import Entry  # noqa: E402

# a path that starts with the archive's prefix /install
INSTALL_PATH = re.compile(r"(^|[\s'\"=,:;(]|-[IL])/install(/|$|[\s'\":;,)])")
SPAM_C = r"""
#define PY_SSIZE_T_CLEAN
#include <Python.h>
static PyObject *add(PyObject *self, PyObject *args)
{
	long a, b;
	if (!PyArg_ParseTuple(args, "ll", &a, &b))
		return NULL;
	return PyLong_FromLong(a + b);
}
static PyMethodDef methods[] = {{"add", add, METH_VARARGS, "a + b"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef spam = {PyModuleDef_HEAD_INIT, "spam", NULL, -1, methods};
PyMODINIT_FUNC PyInit_spam(void) { return PyModule_Create(&spam); }
"""
VARS = ("INCLUDEPY", "LIBDIR", "LIBPL", "LIBPC", "CC", "CXX", "LDSHARED", "AR", "CFLAGS", "CCSHARED",
        "EXT_SUFFIX", "prefix")


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class FixupTest(tl.InstallTestCase):
    def toolbin(self, sb, *tools):
        """A PATH of only these programs (symbolic links to /usr/bin's): no clang in it."""
        d = os.path.join(sb.dir, "toolbin")
        os.makedirs(d, exist_ok=True)
        for t in tools:
            os.symlink("/usr/bin/" + t, os.path.join(d, t))
        return d

    def install_cpython(self, sb, path):
        name, sha, version = sb.serve_cpython()
        sb.add(version, sb.url("ok", name), sha)
        r = sb.ctl("install", version, env={"PATH": path})
        self.assertEqual(r.returncode, 0, r.stderr)
        return version, os.path.join(sb.versions, version)

    def mount(self, sb):
        """pyenvfs on PYENV_ROOT/shims: (the shims directory, the Mount)."""
        tl.require_fuse()
        shims = os.path.join(sb.root, "shims")
        os.makedirs(sb.versions, exist_ok=True)
        mount = tl.Mount(sb.root, mountpoint=shims)
        mount.start()
        self.addCleanup(mount.stop, False)
        return shims, mount

    def config_vars(self, prefix):
        code = "import json, sysconfig; print(json.dumps(sysconfig.get_config_vars()))"
        r = subprocess.run([os.path.join(prefix, "bin", "python"), "-c", code], capture_output=True, text=True,
                           env={"PATH": "/usr/bin:/bin"})
        self.assertEqual(r.returncode, 0, r.stderr)
        return json.loads(r.stdout)

    def test_paths_and_compiler(self):
        sb = self.sandbox()
        version, prefix = self.install_cpython(sb, self.toolbin(sb, "cc", "c++"))
        v = self.config_vars(prefix)
        self.assertEqual(v["INCLUDEPY"], prefix + "/include/python3.11")
        self.assertTrue(os.path.isfile(os.path.join(v["INCLUDEPY"], "Python.h")))
        self.assertEqual(v["LIBDIR"], prefix + "/lib")
        self.assertEqual(v["LIBPL"], prefix + "/lib/python3.11/config-3.11-x86_64-linux-gnu")
        self.assertTrue(os.path.isfile(os.path.join(v["LIBPL"], "Makefile")))
        self.assertEqual(v["prefix"], prefix)
        self.assertEqual((v["CC"], v["CXX"], v["AR"]), ("cc -pthread", "c++ -pthread", "ar"))
        self.assertTrue(v["LDSHARED"].startswith("cc -pthread -shared"), v["LDSHARED"])
        self.assertNotIn("-fdebug-default-version", v["CFLAGS"])
        self.assertIn("-fstack-protector-strong", v["CFLAGS"])
        left = {k: x for k, x in v.items() if isinstance(x, str) and INSTALL_PATH.search(x)}
        self.assertEqual(left, {})
        # the zoneinfo search path is the machine's, untouched
        self.assertEqual(v["TZPATH"].split(":")[0], "/usr/share/zoneinfo")

        # python3-config, pkg-config, the config Makefile, a script's "#!" line
        r = subprocess.run([os.path.join(prefix, "bin", "python3-config"), "--includes", "--cflags"],
                           capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"})
        self.assertEqual(r.returncode, 0, r.stderr)
        inc = "-I%s/include/python3.11" % prefix
        self.assertEqual(r.stdout.splitlines()[0], "%s %s" % (inc, inc))
        self.assertNotIn("-fdebug-default-version", r.stdout)
        r = subprocess.run(["pkg-config", "--cflags", "python3"], capture_output=True, text=True,
                           env={"PATH": "/usr/bin:/bin", "PKG_CONFIG_PATH": prefix + "/lib/pkgconfig"})
        self.assertEqual((r.returncode, r.stdout.strip()), (0, inc), r.stderr)
        with open(os.path.join(v["LIBPL"], "Makefile")) as f:
            make = f.read()
        self.assertIn("\nCC=\t\tcc -pthread\n", make)
        self.assertIn("\nprefix=\t\t%s\n" % prefix, make)
        self.assertNotIn("-fdebug-default-version", make)
        with open(os.path.join(prefix, "bin", "pydoc3.11")) as f:
            self.assertEqual(f.readline(), "#!%s/bin/python3.11\n" % prefix)
        r = subprocess.run([os.path.join(prefix, "bin", "pydoc3"), "-k", "no-such-topic-xyz"],
                           capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, timeout=120)
        self.assertEqual(r.returncode, 0, r.stderr)

        # the interpreter is untouched; the stale byte-compiled sysconfig data is gone (the
        # runs above may have written a new one, checked against the source's time)
        self.assertEqual(sha256(os.path.join(prefix, "bin", "python3.11")), sha256("/usr/bin/python3.11"))
        cache = os.path.join(prefix, "lib", "python3.11", "__pycache__")
        for n in os.listdir(cache):
            if n.startswith("_sysconfigdata_"):
                with open(os.path.join(cache, n), "rb") as f:
                    self.assertEqual(f.read(8)[4:], b"\0\0\0\0", n)  # flags 0: not an unchecked hash
        with open(os.path.join(prefix, ".pyenvfs-fixup")) as f:
            rec = [l.rstrip("\n").split("\t") for l in f if not l.startswith("#")]
        self.assertIn(["prefix", "/install", prefix], rec)
        self.assertIn(["compiler", "clang", "cc"], rec)
        self.assertIn(["compiler", "clang++", "c++"], rec)
        self.assertIn(["compiler", "/tools/llvm/bin/llvm-ar", "ar"], rec)
        for f in ("lib/python3.11/_sysconfigdata__x86_64-linux-gnu.py", "lib/pkgconfig/python-3.11.pc",
                  "lib/python3.11/config-3.11-x86_64-linux-gnu/Makefile", "bin/python3.11-config", "bin/pydoc3.11"):
            self.assertIn(["rewrote", f], rec)
        self.assertIn(["removed", "lib/python3.11/__pycache__/_sysconfigdata__x86_64-linux-gnu.cpython-311.pyc"],
                      rec)
        self.assertNotIn("terminfo", [l[0] for l in rec])  # a 2099 build: its ncurses finds it
        # doctor explains it
        r = sb.ctl("doctor")
        line = [l for l in r.stdout.splitlines() if version + ":" in l]
        self.assertEqual(len(line), 1, r.stdout)
        self.assertRegex(line[0], r"^ok .*/install -> its prefix.*clang -> cc")

    def test_clang_kept_when_present(self):
        sb = self.sandbox()
        _, prefix = self.install_cpython(sb, self.toolbin(sb, "cc", "clang", "clang++"))
        v = self.config_vars(prefix)
        self.assertEqual((v["CC"], v["CXX"]), ("clang -pthread", "clang++ -pthread"))
        self.assertIn("-fdebug-default-version=4", v["CFLAGS"])  # clang knows it
        self.assertEqual(v["INCLUDEPY"], prefix + "/include/python3.11")
        self.assertEqual(v["AR"], "ar")  # /tools/llvm/bin/llvm-ar is nowhere

    def test_c_extension_through_shims(self):
        sb = self.sandbox()
        shims, mount = self.mount(sb)
        version, prefix = self.install_cpython(sb, self.toolbin(sb, "cc"))
        want = {"python", "python3", "python3-config"}
        self.assertTrue(tl.wait_until(lambda: want <= set(mount.listing()), timeout=10), mount.listing())
        env = {"PATH": shims + ":/usr/bin:/bin", "PYENV_ROOT": sb.root, "HOME": sb.dir, "PYENV_VERSION": version}
        code = "import json, sysconfig; print(json.dumps({k: sysconfig.get_config_var(k) for k in %r}))" % (VARS,)
        r = subprocess.run(["python", "-c", code], env=env, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        v = json.loads(r.stdout)
        build = os.path.join(sb.dir, "ext")
        os.makedirs(build)
        with open(os.path.join(build, "spam.c"), "w") as f:
            f.write(SPAM_C)
        cc = shlex.split(v["CC"]) + shlex.split(v["CFLAGS"]) + shlex.split(v["CCSHARED"])
        r = subprocess.run(cc + ["-I" + v["INCLUDEPY"], "-c", "spam.c", "-o", "spam.o"], cwd=build, env=env,
                           capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = subprocess.run(shlex.split(v["LDSHARED"]) + ["spam.o", "-o", "spam" + v["EXT_SUFFIX"]], cwd=build,
                           env=env, capture_output=True, text=True)
        self.assertEqual(r.returncode, 0, r.stderr)
        r = subprocess.run(["python3", "-c", "import spam, sys; print(spam.add(2, 40), sys.prefix)"], cwd=build,
                           env=env, capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout.split()), (0, ["42", prefix]), r.stderr)
        # the same with python3-config through the shim
        r = subprocess.run(["python3-config", "--includes"], env=env, capture_output=True, text=True)
        self.assertEqual(r.stdout.split()[0], "-I" + v["INCLUDEPY"], r.stderr)
        mount.stop()

    def test_terminfo_through_shims(self):
        # a build from before 20240224: its terminal library looks in /usr/share/terminfo only
        sb = self.sandbox()
        shims, mount = self.mount(sb)
        name, sha, version = sb.serve_cpython()
        sb.add(version, sb.url("ok", name), sha, build="20230826")
        r = sb.ctl("install", version)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertTrue(tl.wait_until(lambda: "python3" in mount.listing(), timeout=10), mount.listing())
        want = ":".join(d for d in ("/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo") if os.path.isdir(d))
        prefix = os.path.join(sb.versions, version)
        self.assertEqual(os.readlink(os.path.join(prefix, ".pyenvfs-terminfo")), want)
        code = "import os; print(os.environ.get('TERMINFO_DIRS'))"
        env = {"PATH": shims + ":/usr/bin:/bin", "PYENV_ROOT": sb.root, "HOME": sb.dir, "PYENV_VERSION": version,
               "TERM": "xterm"}
        r = subprocess.run(["python3", "-c", code], env=env, capture_output=True, text=True)
        self.assertEqual((r.returncode, r.stdout.strip()), (0, want), r.stderr)
        # no terminal type, no terminal: nothing set
        r = subprocess.run(["python3", "-c", code], env={k: v for k, v in env.items() if k != "TERM"},
                           capture_output=True, text=True)
        self.assertEqual(r.stdout.strip(), "None")
        r = subprocess.run(["python3", "-c", code], env=dict(env, TERMINFO_DIRS="/mine"), capture_output=True,
                           text=True)
        self.assertEqual(r.stdout.strip(), "/mine")
        # the machine's python through the same shims gets nothing
        r = subprocess.run(["python3", "-c", code], env=dict(env, PYENV_VERSION="system"), capture_output=True,
                           text=True)
        self.assertEqual(r.stdout.strip(), "None")
        d = sb.ctl("doctor")
        self.assertIn("TERMINFO_DIRS=" + want, d.stdout)
        mount.stop()

    def small_build(self, sb, sysconfigdata):
        entries = [
            Entry("python/", "dir"), Entry("python/bin/", "dir"),
            Entry("python/bin/python3", "file", b"#!/bin/sh\necho small\n", mode=0o755),
            Entry("python/lib/", "dir"), Entry("python/lib/python3.11/", "dir"),
            Entry("python/lib/python3.11/_sysconfigdata__linux_x86_64-linux-gnu.py", "file", sysconfigdata),
            Entry("python/lib/pkgconfig/", "dir"),
            Entry("python/lib/pkgconfig/python-3.11.pc", "file", b"prefix=/install\n"),
        ]
        name, sha = sb.serve_tar("cpython-3.11.4+20990101-install_only.tar.gz", entries)
        sb.add("3.11.4", sb.url("ok", name), sha)

    def test_malformed_sysconfigdata_fails_cleanly(self):
        sb = self.sandbox()
        self.small_build(sb, b"build_time_vars = {'prefix': '/install', 'CC': 'clang\n")
        r = sb.ctl("install", "3.11.4")
        self.assertFailedCleanly(sb, r, "lib/python3.11/_sysconfigdata__linux_x86_64-linux-gnu.py is malformed")
        self.small_build(sb, b"import os\nbuild_time_vars = {}\n")
        r = sb.ctl("install", "3.11.4")
        self.assertFailedCleanly(sb, r, "no build_time_vars")

    def test_unwritable_fails_cleanly(self):
        # every /install becomes the much longer prefix: the rewritten file outgrows a
        # file size limit that the archive's own files fit in
        sb = self.sandbox()
        value = " ".join(["/install/lib"] * 20000)
        self.small_build(sb, ("build_time_vars = {'prefix': '/install', 'X': %r}\n" % value).encode())
        limit = 400000

        def limited():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

        r = subprocess.run([tl.CTL, "install", "3.11.4"], env=sb.env(), capture_output=True, text=True,
                           preexec_fn=limited, timeout=120)
        self.assertFailedCleanly(sb, r, "cannot rewrite lib/python3.11/_sysconfigdata__linux_x86_64-linux-gnu.py")
        self.assertIn("File too large", r.stderr)
        # without the limit it installs, and the record says what changed
        r = sb.ctl("install", "3.11.4")
        self.assertEqual(r.returncode, 0, r.stderr)
        with open(os.path.join(sb.versions, "3.11.4", ".pyenvfs-fixup")) as f:
            self.assertIn("rewrote\tlib/pkgconfig/python-3.11.pc\n", f.read())


if __name__ == "__main__":
    tl.main(globals())

#!/usr/bin/python3
"""`meson install` puts what the contract says in the prefix: the programs, the man pages,
the systemd user unit (pointing at the installed daemon) and the shell completions."""

import glob
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import check, main  # noqa: E402

BUILD = os.environ.get("PYENVFS_BUILD_ROOT", "")


def installed(destdir):
    files = set()
    for dirpath, _, names in os.walk(destdir):
        for n in names:
            files.add(os.path.relpath(os.path.join(dirpath, n), destdir))
    return files


def find(files, suffix):
    hits = [f for f in files if f.endswith(suffix)]
    check(len(hits) == 1, "installs exactly one %s, found %r" % (suffix, hits))
    return hits[0]


def test_meson_install_layout():
    with tempfile.TemporaryDirectory() as dest:
        p = subprocess.run(["meson", "install", "-C", BUILD, "--destdir", dest, "--no-rebuild",
                            "--quiet"], capture_output=True, text=True, timeout=300)
        check(p.returncode == 0, "meson install failed", p)
        files = installed(dest)
        ctl = find(files, "/bin/pyenvfs-ctl")
        prefix = ctl[:-len("/bin/pyenvfs-ctl")]
        for want in ("/share/man/man1/pyenvfs-ctl.1", "/share/man/man7/pyenvfs.7",
                     "/share/bash-completion/completions/pyenvfs-ctl",
                     "/share/zsh/site-functions/_pyenvfs-ctl",
                     "/share/fish/vendor_completions.d/pyenvfs-ctl.fish"):
            check(prefix + want in files, "missing %s in %r" % (prefix + want, sorted(files)))
        unit = find(files, "/systemd/user/pyenvfs.service")
        with open(os.path.join(dest, unit)) as f:
            start = re.search(r"^ExecStart=(\S+)", f.read(), re.M).group(1)
        check(start == "/" + prefix + "/bin/pyenvfs",
              "the unit runs %s, not the installed daemon" % start)
        if os.environ.get("PYENVFS_DAEMON"):
            check(prefix + "/bin/pyenvfs" in files, "the daemon is installed")
        src = os.environ.get("PYENVFS_SOURCE_ROOT", "")
        for scd in glob.glob(os.path.join(src, "man", "*.scd")):
            page = os.path.basename(scd)[:-len(".scd")]
            want = "%s/share/man/man%s/%s" % (prefix, page.rsplit(".", 1)[1], page)
            check(want in files, "%s is not installed" % want)
        check(any(f.endswith("/pyenvfs-ctl-install") and "/libexec" in f for f in files),
              "install/uninstall's program is installed under libexec")
        if os.environ.get("PYENVFS_SHIM"):
            check(any(f.endswith("/pyenvfs-shim") and "/libexec" in f for f in files),
                  "the shim helper is installed under libexec")


if __name__ == "__main__":
    main(globals())

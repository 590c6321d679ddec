#!/usr/bin/python3
"""Every built man page renders with `man --warnings -l` and nothing on stderr."""

import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ctltest import check, run_tests  # noqa: E402


def test_pages_render_cleanly():
    pages = sys.argv[1:]
    check(len(pages) >= 2, "no man pages given")
    for page in pages:
        for width in ("80", "60"):
            env = {"PATH": "/usr/bin:/bin", "MANWIDTH": width, "LANG": "C.UTF-8",
                   "MAN_KEEP_FORMATTING": ""}
            p = subprocess.run(["man", "--warnings", "-l", page], env=env, capture_output=True,
                               text=True, timeout=60, stdin=subprocess.DEVNULL)
            check(p.returncode == 0, "%s: man failed" % page, p)
            check(p.stderr == "", "%s (MANWIDTH=%s): warnings: %s" % (page, width, p.stderr))
            name = os.path.basename(page).rsplit(".", 1)[0]
            check("NAME" in p.stdout and name in p.stdout, "%s: no NAME section" % page, p)


if __name__ == "__main__":
    run_tests(globals())

"""pyenvfs: 8 processes x 500 execs through the shims while other versions are added and
removed: zero failures on the stable commands."""
import os
import shutil
import subprocess
import sys
import threading

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import Mount, TempRoot, check, check_eq, main  # noqa: E402

PROCS = 8
EXECS = 500


def test_execs_during_churn():
    with TempRoot() as r:
        for v in ("3.12.1", "3.11.9"):
            os.makedirs(r.bindir(v))
            os.symlink("/bin/true", os.path.join(r.bindir(v), "stable"))
        with Mount(r) as m:
            stop = threading.Event()
            churned = [0]

            def churn():
                i = 0
                while not stop.is_set():
                    v = f"3.0.{i % 7}"
                    d = os.path.join(r.versions, v)
                    if os.path.isdir(d):
                        shutil.rmtree(d)
                    else:
                        os.makedirs(os.path.join(d, "bin"))
                        for name in ("stable", f"extra{i % 13}", "python"):
                            os.symlink("/bin/true", os.path.join(d, "bin", name))
                    i += 1
                    churned[0] = i
                    stop.wait(0.002)

            t = threading.Thread(target=churn)
            t.start()
            # each worker: a shell loop exec'ing `stable` found through PATH (the mount
            # first), alternating the version; prints how many execs failed
            loop = (f'f=0; i=0; while [ $i -lt {EXECS} ]; do '
                    'if [ $((i % 2)) = 0 ]; then v=3.12.1; else v=3.11.9; fi; '
                    'PYENV_VERSION=$v stable || f=$((f+1)); i=$((i+1)); done; echo $f')
            env = {"PYENV_ROOT": r.root, "PATH": f"{m.mountpoint}:/usr/bin:/bin",
                   "HOME": "/nonexistent"}
            try:
                procs = [subprocess.Popen(["/bin/sh", "-c", loop], env=env,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True) for _ in range(PROCS)]
                results = [p.communicate(timeout=600) for p in procs]
            finally:
                stop.set()
                t.join()
            for p, (out, err) in zip(procs, results):
                check_eq((p.returncode, out.strip()), (0, "0"), f"failures; stderr: {err[-2000:]}")
            check(churned[0] > 20, f"versions changed during the run ({churned[0]})")
            check_eq(sorted(os.listdir(m.mountpoint))[-1], "stable", "stable still listed")


if __name__ == "__main__":
    main(globals(), fuse=True)

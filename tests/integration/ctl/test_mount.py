#!/usr/bin/python3
"""pyenvfs-ctl mount, umount, status, doctor against real mounts in temp dirs, including a
daemon killed with SIGKILL (status reports it and fails; mount recovers)."""

import errno
import os
import signal
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from pyenvfs_testlib import (CtlSandbox, check, fuse_mounts_on, kill9, pid_alive,  # noqa: E402
                     main, status_fields, wait_for)

VERSIONS = {"3.12.1": ["python", "python3", "pip"], "3.11.2": ["python", "black"]}


def mounted_pid(sb, mountpoint=None):
    st = sb.ctl("status", *([mountpoint] if mountpoint else []))
    check(st.returncode == 0, "status should be healthy", st)
    return int(status_fields(st.stdout)["pid"])


def test_status_not_mounted():
    sb = CtlSandbox(VERSIONS)
    try:
        st = sb.ctl("status")
        check(st.returncode == 1, "status exit 1 when not mounted", st)
        f = status_fields(st.stdout)
        check(f["mountpoint"] == sb.shims and f["state"] == "not mounted", "status text", st)
        check("pyenvfs-ctl mount" in f.get("fix", ""), "status gives the fix", st)
    finally:
        sb.cleanup()


def test_mount_status_umount():
    sb = CtlSandbox(VERSIONS)
    try:
        m = sb.ctl("mount")
        check(m.returncode == 0 and "mounted" in m.stdout, "mount", m)
        st = sb.ctl("status")
        check(st.returncode == 0, "status after mount", st)
        f = status_fields(st.stdout)
        check(f["state"] == "mounted" and f["root"] == sb.root, "status fields", st)
        check(f["commands"] == "4" and f["versions"] == "2",
              "python python3 pip black: 4 commands from 2 versions", st)
        pid = int(f["pid"])
        check(pid_alive(pid), "daemon pid is alive")
        check(sorted(os.listdir(sb.shims)) == ["black", "pip", "python", "python3"],
              "the listing is the union of the versions' bin/")

        # idempotent: a second mount changes nothing
        again = sb.ctl("mount")
        check(again.returncode == 0 and "already mounted" in again.stdout, "mount again", again)
        check(mounted_pid(sb) == pid and fuse_mounts_on(sb.shims) == 1, "same daemon, one mount")
        quiet = sb.ctl("mount", "-q")
        check(quiet.returncode == 0 and quiet.stdout == "", "mount -q says nothing", quiet)

        # another root on the same mountpoint is refused
        other = os.path.join(sb.dir, "other")
        os.makedirs(other)
        m2 = sb.ctl("mount", sb.shims, env=sb.env(PYENV_ROOT=other))
        check(m2.returncode == 1 and "umount" in m2.stderr, "mount with another root", m2)
        st2 = sb.ctl("status", sb.shims, env=sb.env(PYENV_ROOT=other))
        check(st2.returncode == 3 and "problem" in st2.stdout, "status with another root", st2)

        u = sb.ctl("umount")
        check(u.returncode == 0 and "unmounted" in u.stdout, "umount", u)
        check(not pid_alive(pid), "daemon gone after umount")
        check(fuse_mounts_on(sb.shims) == 0, "no mount left")
        st = sb.ctl("status")
        check(st.returncode == 1, "status after umount", st)
        u = sb.ctl("umount")
        check(u.returncode == 0 and "not mounted" in u.stderr, "umount when not mounted", u)
    finally:
        sb.cleanup()


def test_explicit_mountpoint_and_relative_path():
    sb = CtlSandbox(VERSIONS)
    try:
        m = sb.ctl("mount", "elsewhere/shims", cwd=sb.dir)
        check(m.returncode == 0, "mount on a relative path (created)", m)
        mp = os.path.join(sb.dir, "elsewhere", "shims")
        check(fuse_mounts_on(mp) == 1, "mounted there")
        check(mounted_pid(sb, mp) > 0, "status with the path")
        check(sb.ctl("status").returncode == 1, "the default mountpoint is not mounted")
        u = sb.ctl("umount", mp)
        check(u.returncode == 0 and fuse_mounts_on(mp) == 0, "umount path", u)
    finally:
        sb.cleanup()


def test_concurrent_mounts_start_one_daemon():
    sb = CtlSandbox(VERSIONS)
    try:
        results = []

        def one():
            results.append(sb.ctl("mount", "-q"))

        threads = [threading.Thread(target=one) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for r in results:
            check(r.returncode == 0, "concurrent mount", r)
        check(fuse_mounts_on(sb.shims) == 1, "exactly one mount after 4 racing mounts")
        check(sb.ctl("umount").returncode == 0, "umount")
    finally:
        sb.cleanup()


def test_kill9_then_status_and_mount():
    """auto_unmount: a daemon killed with SIGKILL leaves no ENOTCONN behind; status says the
    mount is gone (non-zero) and mount brings it back."""
    sb = CtlSandbox(VERSIONS)
    try:
        check(sb.ctl("mount").returncode == 0, "mount")
        pid = mounted_pid(sb)
        kill9(pid)
        wait_for(lambda: not pid_alive(pid), what="daemon to die")
        # right away, while auto_unmount's fusermount3 may not have unmounted yet: mount
        # waits for it rather than letting it unmount the new mount afterwards
        st = sb.ctl("status")
        check(st.returncode in (1, 2), "status after kill -9 is not healthy", st)
        m = sb.ctl("mount")
        check(m.returncode == 0, "mount recovers", m)
        new = mounted_pid(sb)
        check(new != pid and fuse_mounts_on(sb.shims) == 1, "a new daemon, one mount")
        time.sleep(0.5)  # had the old helper been left behind, it would strike now
        check(mounted_pid(sb) == new and fuse_mounts_on(sb.shims) == 1, "the new mount stays")
        check(sb.ctl("umount").returncode == 0, "umount")
    finally:
        sb.cleanup()


def auto_unmount_helpers(mountpoint):
    """The fusermount3 processes that stay around to unmount when the daemon dies."""
    pids = []
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % d, "rb") as f:
                argv = f.read().split(b"\0")
        except OSError:
            continue
        if argv and argv[0].endswith(b"fusermount3") and mountpoint.encode() in argv:
            pids.append(int(d))
    return pids


def test_stale_mount_reported_and_recovered():
    """A truly stale mount (the daemon and its auto_unmount helper both killed): every lookup
    fails with ENOTCONN. status reports it with exit 2; doctor flags it; mount clears it with
    a lazy unmount and mounts again."""
    sb = CtlSandbox(VERSIONS)
    try:
        check(sb.ctl("mount").returncode == 0, "mount")
        pid = mounted_pid(sb)
        helpers = auto_unmount_helpers(sb.shims)
        check(helpers, "the auto_unmount helper (fusermount3) runs")
        for h in helpers:
            kill9(h)
        kill9(pid)
        wait_for(lambda: not pid_alive(pid), what="daemon to die")
        # the kernel may still answer stat from its cache; anything it must ask fails
        try:
            os.listdir(sb.shims)
            raise AssertionError("the mount should be stale (ENOTCONN)")
        except OSError as e:
            check(e.errno in (errno.ENOTCONN, errno.ECONNABORTED),
                  "listdir gives ENOTCONN (or ECONNABORTED), got %s" % e)

        st = sb.ctl("status")
        check(st.returncode == 2 and "stale" in st.stdout, "status reports the stale mount", st)
        d = sb.ctl("doctor", env=sb.env(PATH=sb.shims + ":/usr/bin:/bin"))
        check(d.returncode == 1 and "stale mount" in d.stdout and "fix: pyenvfs-ctl mount"
              in d.stdout, "doctor reports the stale mount", d)

        m = sb.ctl("mount")
        check(m.returncode == 0 and "stale" in m.stdout, "mount clears and mounts", m)
        check(fuse_mounts_on(sb.shims) == 1, "one live mount after recovery")
        check(mounted_pid(sb) != pid, "a new daemon")
        os.listdir(sb.shims)
        check(sb.ctl("umount").returncode == 0, "umount")
    finally:
        sb.cleanup()


def test_stale_mount_umount():
    sb = CtlSandbox(VERSIONS)
    try:
        check(sb.ctl("mount").returncode == 0, "mount")
        pid = mounted_pid(sb)
        for h in auto_unmount_helpers(sb.shims):
            kill9(h)
        kill9(pid)
        wait_for(lambda: not pid_alive(pid), what="daemon to die")
        u = sb.ctl("umount")
        check(u.returncode == 0, "umount of a stale mount", u)
        check(fuse_mounts_on(sb.shims) == 0, "nothing mounted")
    finally:
        sb.cleanup()


def doctor_lines(out, tag):
    return [line for line in out.splitlines() if line.startswith(tag)]


def test_doctor_healthy_and_problems():
    sb = CtlSandbox(VERSIONS)
    try:
        good_path = sb.shims + ":/usr/bin:/bin"
        # not mounted, shims not in PATH, pyenv's leftovers in the directory
        os.makedirs(sb.shims)
        for name in ("python", "pip"):
            with open(os.path.join(sb.shims, name), "w") as f:
                f.write("#!/usr/bin/env bash\nexec pyenv exec \"$0\"\n")
        open(os.path.join(sb.shims, ".pyenv-shim"), "w").close()
        d = sb.ctl("doctor")
        check(d.returncode == 1, "doctor finds problems", d)
        problems = doctor_lines(d.stdout, "PROBLEM")
        text = "\n".join(problems)
        check("not mounted" in text, "doctor: not mounted", d)
        check("not in PATH" in text, "doctor: PATH", d)
        check(".pyenv-shim" in text, "doctor: rehash lock", d)
        check("2 old pyenv shims" in text, "doctor: old shims", d)
        # every problem comes with its fix
        lines = d.stdout.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("PROBLEM"):
                check(i + 1 < len(lines) and lines[i + 1].strip().startswith("fix: "),
                      "problem without a fix: " + line, d)
        check("doctor: %d problems found" % len(problems) in d.stdout, "summary", d)

        # a directory before the shims with its own python shadows them
        shadow = os.path.join(sb.dir, "shadow")
        os.makedirs(shadow)
        os.symlink("/bin/true", os.path.join(shadow, "python3"))
        d = sb.ctl("doctor", env=sb.env(PATH=shadow + ":" + good_path))
        check("comes before it" in d.stdout, "doctor: shadowed shims", d)

        # mounted over the leftovers: root can look under the mount; others are told how
        check(sb.ctl("mount").returncode == 0, "mount")
        d = sb.ctl("doctor", env=sb.env(PATH=good_path))
        check(d.returncode == 1, "doctor: the hidden leftovers are still problems", d)
        if os.geteuid() == 0:
            check("hidden under the mount" in d.stdout and ".pyenv-shim" in d.stdout,
                  "doctor sees under the mount", d)
        else:
            check("cannot look under the mount" in d.stdout, "doctor says it cannot look", d)
        check("mounted, daemon pid" in d.stdout, "doctor: mount ok", d)

        # clean them up as the fix says: then all is well
        check(sb.ctl("umount").returncode == 0, "umount")
        for name in os.listdir(sb.shims):
            os.unlink(os.path.join(sb.shims, name))
        check(sb.ctl("mount").returncode == 0, "mount")
        d = sb.ctl("doctor", env=sb.env(PATH=good_path))
        check(d.returncode == 0 and "doctor: no problems found" in d.stdout,
              "doctor is happy on a clean setup", d)

        # a pyenv rehash that died while mounted leaves its lock in the mount
        lock = os.path.join(sb.shims, ".pyenv-shim")
        os.close(os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
        d = sb.ctl("doctor", env=sb.env(PATH=good_path))
        check(d.returncode == 1 and "lock is held in the mount" in d.stdout and
              "fix: rm -f " + lock in d.stdout, "doctor: a rehash lock in the mount", d)
        os.unlink(lock)
        d = sb.ctl("doctor", env=sb.env(PATH=good_path))
        check(d.returncode == 0, "the fix fixes it", d)
        check(doctor_lines(d.stdout, "ok       inotify"), "inotify checked", d)
        check(doctor_lines(d.stdout, "ok       /dev/fuse"), "/dev/fuse checked", d)
        check(sb.ctl("umount").returncode == 0, "umount")
    finally:
        sb.cleanup()


def test_no_daemon():
    sb = CtlSandbox(VERSIONS)
    try:
        fail = os.path.join(sb.dir, "failing-daemon")
        with open(fail, "w") as f:
            f.write("#!/bin/sh\necho 'cannot mount: test' >&2\nexit 3\n")
        os.chmod(fail, 0o755)
        m = sb.ctl("mount", env=sb.env(PYENVFS_DAEMON=fail))
        check(m.returncode == 1 and "failed to mount" in m.stderr and "cannot mount: test"
              in m.stderr, "a failing daemon is reported", m)
        check(fuse_mounts_on(sb.shims) == 0, "nothing mounted")
    finally:
        sb.cleanup()


def test_hung_daemon_is_reported_not_waited_for():
    """A daemon that does not answer (here: stopped with SIGSTOP) makes status, mount and
    doctor say so within seconds instead of hanging with it."""
    sb = CtlSandbox(VERSIONS)
    pid = 0
    try:
        check(sb.ctl("mount").returncode == 0, "mount")
        pid = mounted_pid(sb)
        os.kill(pid, signal.SIGSTOP)
        st = sb.ctl("status", timeout=20)
        check(st.returncode == 3 and "does not answer" in st.stdout, "status of a hung daemon",
              st)
        m = sb.ctl("mount", timeout=20)
        check(m.returncode == 1 and "does not answer" in m.stderr and "fusermount3 -u -z" in
              m.stderr, "mount refuses a hung daemon's mountpoint with the fix", m)
        d = sb.ctl("doctor", timeout=60)
        check(d.returncode == 1 and "does not answer" in d.stdout, "doctor: hung daemon", d)
        os.kill(pid, signal.SIGCONT)
        check(sb.ctl("status").returncode == 0, "answers again once continued")
        check(sb.ctl("umount").returncode == 0, "umount")
    finally:
        if pid:
            try:
                os.kill(pid, signal.SIGCONT)
            except ProcessLookupError:
                pass
        sb.cleanup()


def test_mount_finds_the_build_trees_shim():
    """Without PYENVFS_SHIM, a pyenvfs-ctl run from the build tree gives the daemon the shim
    built next to it (the installed default may not exist)."""
    sb = CtlSandbox(VERSIONS)
    try:
        env = sb.env()
        env.pop("PYENVFS_SHIM", None)
        check(sb.ctl("mount", env=env).returncode == 0, "mount without PYENVFS_SHIM")
        st = sb.ctl("status", env=env)
        shim = status_fields(st.stdout).get("shim", "")
        check(shim.endswith("/resolver/pyenvfs-shim") and os.access(shim, os.X_OK)
              and ".." not in shim, "the build tree's shim: %r" % shim, st)
        check(sb.ctl("umount", env=env).returncode == 0, "umount")
    finally:
        sb.cleanup()


def test_root_spellings_are_one_root():
    """PYENV_ROOT=/tmp/rr/ (and //, ./, a relative root) names the root the daemon serves:
    the second mount finds it mounted, status is healthy (the root rule, common/root.h)."""
    sb = CtlSandbox(VERSIONS)
    try:
        m = sb.ctl("mount", env=sb.env(PYENV_ROOT=sb.root + "/"))
        check(m.returncode == 0 and "root %s," % sb.root in m.stdout, "mount, root/", m)
        spellings = [sb.root + "/", sb.root + "//", sb.root + "/./", sb.root]
        for spelled in spellings:
            again = sb.ctl("mount", env=sb.env(PYENV_ROOT=spelled))
            check(again.returncode == 0 and "already mounted" in again.stdout,
                  "mount again with PYENV_ROOT=%s" % spelled, again)
            st = sb.ctl("status", env=sb.env(PYENV_ROOT=spelled))
            f = status_fields(st.stdout)
            check(st.returncode == 0 and f["root"] == sb.root and "problem" not in f,
                  "status with PYENV_ROOT=%s" % spelled, st)
        # relative to the working directory, as the daemon takes it
        rel = sb.ctl("status", env=sb.env(PYENV_ROOT="root/"), cwd=sb.dir)
        check(rel.returncode == 0 and status_fields(rel.stdout)["mountpoint"] == sb.shims,
              "status with a relative PYENV_ROOT", rel)
        check(fuse_mounts_on(sb.shims) == 1, "one mount")
        # pyenv's own spelling stays pyenv's: one trailing '/' stripped, no more
        r = sb.ctl("root", env=sb.env(PYENV_ROOT=sb.root + "//"))
        check(r.returncode == 0 and r.stdout == sb.root + "/\n", "root prints pyenv's", r)
        check(sb.ctl("umount", env=sb.env(PYENV_ROOT=sb.root + "/")).returncode == 0,
              "umount")
    finally:
        sb.cleanup()


def test_shims_list_what_the_mount_shows():
    """versions/ entries starting with '.' give no shims: `shims --short` and the mount agree
    (common/shims.h), while `versions` lists them as pyenv does."""
    sb = CtlSandbox(VERSIONS)
    try:
        sb.add_version(".hidden", ["secret"])
        env_bin = os.path.join(sb.root, "versions", "3.12.1", "envs", ".dotenv", "bin")
        os.makedirs(env_bin)
        for name in ("dotenvtool", "README"):
            with open(os.path.join(env_bin, name), "w") as f:
                f.write("#!/bin/sh\n")
        os.chmod(os.path.join(env_bin, "dotenvtool"), 0o755)
        sb.add_version("3.12.1/envs/venv", ["venvtool"])
        with open(os.path.join(sb.root, "versions", "3.11.2", "bin", "notes"), "w") as f:
            f.write("not executable\n")
        check(sb.ctl("mount").returncode == 0, "mount")
        listed = sorted(os.listdir(sb.shims))
        short = sb.ctl("shims", "--short")
        check(short.returncode == 0 and short.stdout.splitlines() == listed,
              "shims --short is the mount's listing %r" % listed, short)
        check("secret" not in listed and "dotenvtool" not in listed and "notes" not in listed
              and "venvtool" in listed, "dot versions and envs give no shims", short)
        full = sb.ctl("shims")
        check(full.stdout.splitlines() == [os.path.join(sb.shims, n) for n in listed],
              "shims lists the entries' paths", full)
        st = status_fields(sb.ctl("status").stdout)
        check(st["commands"] == str(len(listed)) and st["versions"] == "2",
              "status counts what the listing shows", st)
        bare = sb.ctl("versions", "--bare")
        check(bare.returncode == 0 and bare.stdout.splitlines() ==
              [".hidden", "3.11.2", "3.12.1", "3.12.1/envs/.dotenv", "3.12.1/envs/venv"],
              "versions --bare lists dot names, as pyenv does", bare)
        check(sb.ctl("umount").returncode == 0, "umount")
    finally:
        sb.cleanup()


def test_usage():
    sb = CtlSandbox()
    try:
        for cmd in ("mount", "umount", "status", "doctor"):
            h = sb.ctl(cmd, "--help")
            check(h.returncode == 0 and h.stdout.startswith("Usage: pyenvfs-ctl " + cmd),
                  cmd + " --help", h)
            bad = sb.ctl(cmd, "--bogus")
            check(bad.returncode == 2 and "unknown option" in bad.stderr, cmd + " --bogus", bad)
            two = sb.ctl(cmd, "a", "b")
            check(two.returncode == 2, cmd + " with two operands", two)
    finally:
        sb.cleanup()


if __name__ == "__main__":
    main(globals(), only=["test_" + g for g in sys.argv[1:]] or None, fuse=True)

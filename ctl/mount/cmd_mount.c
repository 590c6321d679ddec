/* pyenvfs-ctl mount, umount, status, doctor: the mount's life and health. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/path.h"
#include "ctl/ctl.h"
#include "ctl/mount/daemon.h"
#include "ctl/mount/doctor.h"
#include "ctl/mount/probe.h"
#include "ctl/mount/watchdog.h"
#include "ctl/mount/roots.h"

/* Exit statuses of `status` (and what `mount` returns on failure is 1). */
enum {
	STATUS_HEALTHY = 0,
	STATUS_NOT_MOUNTED = 1,
	STATUS_STALE = 2,
	STATUS_BROKEN = 3,
};

static const char mount_usage[] =
	"mount [-q] [MOUNTPOINT]\n"
	"\n"
	"Mounts the pyenvfs shims filesystem on MOUNTPOINT (default $PYENV_ROOT/shims) for the\n"
	"root $PYENV_ROOT (default ~/.pyenv). Does nothing when it is mounted already (but start\n"
	"a watchdog again when the mount's is gone); clears a stale mount (a daemon that died)\n"
	"first.\n"
	"\n"
	"  -q, --quiet   say nothing when all is well\n";

static const char umount_usage[] =
	"umount [-z|--lazy] [MOUNTPOINT]\n"
	"\n"
	"Unmounts pyenvfs from MOUNTPOINT (default $PYENV_ROOT/shims) and "
	"waits for the daemon to exit.\n"
	"\n"
	"  -z, --lazy   detach now even if programs still use it\n";

static const char status_usage[] =
	"status [MOUNTPOINT]\n"
	"\n"
	"Says whether pyenvfs is mounted on MOUNTPOINT (default $PYENV_ROOT/shims), the daemon's\n"
	"pid, its root, how many commands and versions it serves and its watchdog; when nothing\n"
	"is mounted, what the static fallback under it holds. Exit status: 0 healthy, 1 not\n"
	"mounted, 2 stale mount (the daemon died), 3 something else is wrong (e.g. the watchdog\n"
	"is gone).\n";

static const char doctor_usage[] =
	"doctor [MOUNTPOINT]\n"
	"\n"
	"Checks what pyenvfs needs and prints each problem with the command that fixes it.\n"
	"Exit status 0 when there is no problem.\n";

/* Parses the common "[flags] [MOUNTPOINT]" shape. flags: a list of short/long pairs whose
 * presence sets the matching bool. Returns 0, 1 after printing help, or 2 on a usage
 * error. */
struct flag {
	const char *short_name, *long_name;
	bool *set;
};

static int parse_args(const struct ctl *ctl, int argc, char **argv, const char *usage,
		      struct flag *flags, size_t nflags, const char **mountpoint)
{
	*mountpoint = NULL;
	bool only_operands = false;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!only_operands && (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0)) {
			printf("Usage: %s %s", ctl->prog, usage);
			return 1;
		}
		if (!only_operands && strcmp(a, "--") == 0) {
			only_operands = true;
			continue;
		}
		if (!only_operands && a[0] == '-' && a[1]) {
			bool known = false;
			for (size_t f = 0; f < nflags; f++)
				if (strcmp(a, flags[f].short_name) == 0 ||
				    strcmp(a, flags[f].long_name) == 0) {
					*flags[f].set = true;
					known = true;
				}
			if (!known) {
				fprintf(stderr, "%s: %s: unknown option `%s'\n", ctl->prog, argv[0],
					a);
				fprintf(stderr, "Usage: %s %s", ctl->prog, usage);
				return 2;
			}
			continue;
		}
		if (*mountpoint) {
			fprintf(stderr, "%s: %s: too many arguments\n", ctl->prog, argv[0]);
			fprintf(stderr, "Usage: %s %s", ctl->prog, usage);
			return 2;
		}
		*mountpoint = a;
	}
	return 0;
}

static int resolve(const struct ctl *ctl, const char *arg, struct mnt_paths *paths)
{
	struct pc_msg msg;
	if (mnt_paths_resolve(arg, paths, &msg) < 0) {
		fprintf(stderr, "%s: %s\n", ctl->prog, msg.text);
		return -1;
	}
	return 0;
}

/* Clears a stale mount; returns 0 when nothing is mounted afterwards. Stacked stale
 * mounts (one per crash of an old setup) are cleared one by one. */
static int clear_stale(const struct ctl *ctl, const char *mountpoint, bool quiet,
		       struct mnt_status *st)
{
	if (st->state == MNT_STALE) {
		/* a daemon that just died: its auto_unmount helper is about to unmount, and
		 * would unmount a new mount made before it has */
		mnt_wait_auto_unmount(mountpoint, 3000);
		mnt_probe(mountpoint, st);
	}
	for (int round = 0; round < 8 && st->state == MNT_STALE; round++) {
		if (!quiet)
			printf("%s: stale mount on %s (its daemon is gone): clearing it with "
			       "fusermount3 -u -z\n",
			       ctl->prog, mountpoint);
		int r = mnt_fusermount_unmount(mountpoint, true);
		if (r != 0) {
			fprintf(stderr, "%s: fusermount3 -u -z %s failed (%s)\n", ctl->prog,
				mountpoint, r < 0 ? strerror(-r) : "see above");
			return -1;
		}
		mnt_probe(mountpoint, st);
	}
	if (st->state == MNT_NOT_MOUNTED)
		return 0;
	fprintf(stderr, "%s: %s is still %s after clearing stale mounts from it\n", ctl->prog,
		mountpoint, mnt_state_name(st->state));
	return -1;
}

static void print_mounted(const struct ctl *ctl, const char *mountpoint,
			  const struct pc_status *info, const char *what)
{
	printf("%s: %s %s (root %s, daemon pid %ld, %ld commands from %ld versions)\n", ctl->prog,
	       what, mountpoint, info->root, info->pid, info->commands, info->versions);
}

/* What is mounted already, live or not: 0 when it is our mount (said unless quiet; its
 * watchdog started again when it is gone), 1 after saying why it is in the way or the
 * watchdog could not be started, -1 when nothing live is there (a stale mount may be). */
static int check_existing(const struct ctl *ctl, const struct mnt_paths *paths, bool quiet,
			  const struct mnt_status *st)
{
	const char *mp = paths->mountpoint;
	if (st->state == MNT_LIVE && strcmp(st->info.root, paths->root) != 0) {
		fprintf(stderr,
			"%s: %s is mounted for the root %s, not %s\n"
			"  fix: %s umount %s && %s mount %s\n",
			ctl->prog, mp, st->info.root, paths->root, ctl->prog, mp, ctl->prog, mp);
		return 1;
	}
	if (st->state == MNT_LIVE) {
		if (!quiet)
			print_mounted(ctl, mp, &st->info, "already mounted on");
		return mnt_wd_restore(ctl, paths, st->info.pid, quiet) == 0 ? 0 : 1;
	}
	if (st->state == MNT_FOREIGN) {
		char why[256];
		fprintf(stderr,
			"%s: %s: something that is not a live pyenvfs is mounted there (%s)\n"
			"  fix: fusermount3 -u -z %s && %s mount %s\n",
			ctl->prog, mp, mnt_foreign_reason(st, why, sizeof(why)), mp, ctl->prog, mp);
		return 1;
	}
	return -1;
}

/* Starts the daemon on the (unmounted) mountpoint and checks the mount is live. Returns
 * the exit status. */
static int start(const struct ctl *ctl, const struct mnt_paths *paths, bool quiet)
{
	const char *mp = paths->mountpoint;
	char daemon[PATH_MAX];
	if (!mnt_find_daemon(ctl->self_exe, daemon, sizeof(daemon))) {
		fprintf(stderr,
			"%s: the pyenvfs daemon is not installed (looked for $PYENVFS_DAEMON, "
			"pyenvfs next to %s, and %s)\n",
			ctl->prog, ctl->self_exe, daemon);
		return 1;
	}
	long hidden = mnt_wd_hidden(mp);
	char shim[PATH_MAX];
	bool own_shim = mnt_find_shim(ctl->self_exe, shim, sizeof(shim));
	int r = mnt_start_daemon(daemon, paths->root, own_shim ? shim : NULL, mp);
	if (r != 0) {
		fprintf(stderr, "%s: %s failed to mount %s (%s)\n", ctl->prog, daemon, mp,
			r < 0 ? strerror(-r) : "see its message above");
		return 1;
	}
	struct mnt_status st;
	mnt_probe(mp, &st);
	if (st.state != MNT_LIVE) {
		fprintf(stderr, "%s: %s exited 0 but %s is %s%s%s\n", ctl->prog, daemon, mp,
			mnt_state_name(st.state), st.error ? ": " : "",
			st.error ? strerror(st.error) : "");
		return 1;
	}
	if (!quiet) {
		print_mounted(ctl, mp, &st.info, "mounted");
		if (hidden > 0)
			printf("%s: note: %ld files under %s (pyenv's own shims) are hidden while "
			       "it is mounted; see `%s doctor'\n",
			       ctl->prog, hidden, mp, ctl->prog);
	}
	return 0;
}

static int do_mount(const struct ctl *ctl, const struct mnt_paths *paths, bool quiet)
{
	const char *mp = paths->mountpoint;
	int r = pc_mkdir_p(mp, 0755);
	if (r < 0 && r != -ENOTCONN) {
		fprintf(stderr, "%s: cannot create %s: %s\n", ctl->prog, mp, strerror(-r));
		return 1;
	}
	int lock = mnt_lock_parent(mp);
	if (lock < 0) {
		fprintf(stderr, "%s: cannot lock the parent of %s: %s\n", ctl->prog, mp,
			strerror(-lock));
		return 1;
	}
	struct mnt_status st;
	mnt_probe(mp, &st);
	int rc = check_existing(ctl, paths, quiet, &st);
	if (rc < 0)
		rc = clear_stale(ctl, mp, quiet, &st) < 0 ? 1 : start(ctl, paths, quiet);
	close(lock);
	return rc;
}

static int cmd_mount(const struct ctl *ctl, int argc, char **argv)
{
	bool quiet = false;
	struct flag flags[] = {{"-q", "--quiet", &quiet}};
	const char *arg;
	int r = parse_args(ctl, argc, argv, mount_usage, flags, 1, &arg);
	if (r)
		return r == 1 ? 0 : r;
	struct mnt_paths paths;
	if (resolve(ctl, arg, &paths) < 0)
		return 1;
	return do_mount(ctl, &paths, quiet);
}

static int cmd_umount(const struct ctl *ctl, int argc, char **argv)
{
	bool lazy = false;
	struct flag flags[] = {{"-z", "--lazy", &lazy}};
	const char *arg;
	int r = parse_args(ctl, argc, argv, umount_usage, flags, 1, &arg);
	if (r)
		return r == 1 ? 0 : r;
	struct mnt_paths paths;
	if (resolve(ctl, arg, &paths) < 0)
		return 1;
	const char *mp = paths.mountpoint;
	char why[256];
	struct mnt_status st;
	mnt_probe(mp, &st);
	switch (st.state) {
	case MNT_NOT_MOUNTED:
		fprintf(stderr, "%s: %s: not mounted\n", ctl->prog, mp);
		return 0;
	case MNT_FOREIGN:
		fprintf(stderr,
			"%s: %s: what is mounted there is not a live pyenvfs (%s); not touching "
			"it\n"
			"  fix: fusermount3 -u -z %s\n",
			ctl->prog, mp, mnt_foreign_reason(&st, why, sizeof(why)), mp);
		return 1;
	case MNT_STALE:
		lazy = true; /* nothing else works on a dead connection */
		break;
	case MNT_LIVE:
		break;
	}
	r = mnt_fusermount_unmount(mp, lazy);
	if (r != 0) {
		fprintf(stderr, "%s: fusermount3 -u %s failed (%s)\n", ctl->prog, mp,
			r < 0 ? strerror(-r) : "see above");
		if (r > 0 && !lazy)
			fprintf(stderr, "  fix: %s umount --lazy %s\n", ctl->prog, mp);
		return 1;
	}
	if (st.state == MNT_LIVE && !mnt_wait_gone((pid_t)st.info.pid, 5000)) {
		fprintf(stderr, "%s: unmounted %s, but the daemon (pid %ld) is still running\n",
			ctl->prog, mp, st.info.pid);
		return 1;
	}
	printf("%s: unmounted %s\n", ctl->prog, mp);
	return 0;
}

static void status_root(void *ctx, enum mnt_roots_level level, const char *text)
{
	(void)ctx;
	printf("%s%s\n", level == MNT_ROOTS_OK ? "roots:      " : "note:       ", text);
}

/* The rest of `status` for a live mount: what it serves, its roots and watchdog, and
 * the problems. Returns the status. */
static int status_live(const struct ctl *ctl, const char *arg, const char *mp,
		       const struct mnt_paths *paths, const struct mnt_status *st)
{
	printf("state:      mounted\n"
	       "pid:        %ld\n"
	       "root:       %s\n"
	       "shim:       %s\n"
	       "commands:   %ld\n"
	       "versions:   %ld\n",
	       st->info.pid, st->info.root, st->info.shim, st->info.commands, st->info.versions);
	mnt_roots_describe(st->info.root, MNT_ROOTS_LIVE, &st->info, status_root, NULL);
	int rc = STATUS_HEALTHY;
	if (mnt_wd_print_live(ctl, mp, st->info.pid, arg ? mp : NULL))
		rc = STATUS_BROKEN;
	if (strcmp(st->info.root, paths->root) != 0) {
		printf("problem:    mounted for the root %s, but PYENV_ROOT is %s\n"
		       "fix:        %s umount%s%s && %s mount%s%s\n",
		       st->info.root, paths->root, ctl->prog, arg ? " " : "", arg ? mp : "",
		       ctl->prog, arg ? " " : "", arg ? mp : "");
		rc = STATUS_BROKEN;
	}
	if (st->info.shim[0] && access(st->info.shim, X_OK) != 0) {
		printf("problem:    the shim helper %s is not executable (%s): every entry fails\n"
		       "fix:        reinstall pyenvfs, then %s umount && %s mount\n",
		       st->info.shim, strerror(errno), ctl->prog, ctl->prog);
		rc = STATUS_BROKEN;
	}
	return rc;
}

static int cmd_status(const struct ctl *ctl, int argc, char **argv)
{
	const char *arg;
	int r = parse_args(ctl, argc, argv, status_usage, NULL, 0, &arg);
	if (r)
		return r == 1 ? 0 : r;
	struct mnt_paths paths;
	if (resolve(ctl, arg, &paths) < 0)
		return STATUS_BROKEN;
	const char *mp = paths.mountpoint;
	char why[256];
	struct mnt_status st;
	mnt_probe(mp, &st);
	printf("mountpoint: %s\n", mp);
	switch (st.state) {
	case MNT_NOT_MOUNTED:
		printf("state:      not mounted\n");
		/* what the static fallback's entries resolve over: the last mount's roots */
		if (mnt_wd_print_down(mp))
			mnt_roots_describe(paths.root, MNT_ROOTS_FALLBACK, NULL, status_root, NULL);
		printf("fix:        %s mount%s%s\n", ctl->prog, arg ? " " : "", arg ? mp : "");
		return STATUS_NOT_MOUNTED;
	case MNT_STALE:
		printf("state:      stale: the daemon is gone (%s); every command looked up "
		       "through PATH fails while this lasts\n"
		       "fix:        %s mount%s%s\n",
		       strerror(st.error), ctl->prog, arg ? " " : "", arg ? mp : "");
		return STATUS_STALE;
	case MNT_FOREIGN:
		printf("state:      not a live pyenvfs (%s)\n"
		       "fix:        fusermount3 -u -z %s && %s mount%s%s\n",
		       mnt_foreign_reason(&st, why, sizeof(why)), mp, ctl->prog, arg ? " " : "",
		       arg ? mp : "");
		return STATUS_BROKEN;
	case MNT_LIVE:
		break;
	}
	return status_live(ctl, arg, mp, &paths, &st);
}

static int cmd_doctor(const struct ctl *ctl, int argc, char **argv)
{
	const char *arg;
	int r = parse_args(ctl, argc, argv, doctor_usage, NULL, 0, &arg);
	if (r)
		return r == 1 ? 0 : r;
	struct mnt_paths paths;
	if (resolve(ctl, arg, &paths) < 0)
		return 1;
	return mnt_doctor(ctl, &paths) == 0 ? 0 : 1;
}

/* usage and help NULL: each prints its own (parse_args) */
const struct ctl_command ctl_mount_commands[] = {
	{.name = "mount",
	 .run = cmd_mount,
	 .summary = "Mount the shims filesystem on $PYENV_ROOT/shims"},
	{.name = "umount", .run = cmd_umount, .summary = "Unmount it"},
	{.name = "status",
	 .run = cmd_status,
	 .summary = "Is it mounted and healthy? (exit status 0 when it is)"},
	{.name = "doctor",
	 .run = cmd_doctor,
	 .summary = "Check the setup; print each problem with its fix"},
	{.name = NULL},
};

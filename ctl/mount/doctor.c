/* mount/doctor: see doctor.h. Each check is one function that reports through
 * report(); the only state is the report's counters. */
#include "ctl/mount/doctor.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/root.h"
#include "common/shims.h"
#include "ctl/mount/daemon.h"
#include "ctl/mount/roots.h"
#include "installer/fixup_record.h"
#include "ctl/mount/watchdog.h"
#include "watchdog/entry.h"
#include "resolver/roots.h"
#include "resolver/select.h"
#include "resolver/strv.h"

struct report {
	int problems;
	int notes;
};

enum level { OK, NOTE, PROBLEM };

/* Prints one finding; `fix` (a command, or NULL) follows a problem or a note. */
__attribute__((format(printf, 4, 5))) static void report(struct report *rep, enum level level,
							 const char *fix, const char *fmt, ...)
{
	static const char *const tags[] = {"ok       ", "note     ", "PROBLEM  "};
	fputs(tags[level], stdout);
	va_list ap;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (fix)
		printf("         fix: %s\n", fix);
	if (level == PROBLEM)
		rep->problems++;
	else if (level == NOTE)
		rep->notes++;
}

static void check_dev_fuse(struct report *rep)
{
	struct stat sb;
	if (stat("/dev/fuse", &sb) < 0)
		report(rep, PROBLEM,
		       "sudo modprobe fuse   (in a container: run it with --device /dev/fuse)",
		       "/dev/fuse: %s", strerror(errno));
	else if (!S_ISCHR(sb.st_mode))
		report(rep, PROBLEM, "sudo rm /dev/fuse && sudo modprobe fuse",
		       "/dev/fuse is not a character device");
	else if (access("/dev/fuse", R_OK | W_OK) < 0)
		report(rep, PROBLEM, "sudo chmod 0666 /dev/fuse", "/dev/fuse: %s", strerror(errno));
	else
		report(rep, OK, NULL, "/dev/fuse is a character device this user can open");
}

static void check_fusermount(struct report *rep)
{
	char path[PATH_MAX];
	if (!mnt_find_program("fusermount3", path, sizeof(path))) {
		report(rep, PROBLEM, "sudo apt-get install fuse3",
		       "fusermount3 is not installed: nothing can mount or unmount");
		return;
	}
	struct stat sb;
	if (geteuid() != 0 && stat(path, &sb) == 0 && !(sb.st_mode & S_ISUID)) {
		char fix[PATH_MAX + 32];
		snprintf(fix, sizeof(fix), "sudo chmod u+s %s", path);
		report(rep, PROBLEM, fix, "%s is not setuid root: users cannot mount", path);
		return;
	}
	report(rep, OK, NULL, "fusermount3: %s", path);
}

/* Counts the versions that give shims (as the daemon counts them). */
static int count_versions(void *count, enum pc_shim_dir kind, const char *path)
{
	(void)path;
	*(long *)count += kind == PC_SHIM_VERSION;
	return 0;
}

static void check_root(struct report *rep, const struct mnt_paths *paths)
{
	const char *env = getenv("PYENV_ROOT");
	struct stat sb;
	char fix[PATH_MAX + 64];
	if (stat(paths->root, &sb) < 0) {
		snprintf(fix, sizeof(fix), "mkdir -p %s/versions", paths->root);
		report(rep, env && *env ? PROBLEM : NOTE, fix, "PYENV_ROOT %s%s: %s", paths->root,
		       env && *env ? "" : " (the default)", strerror(errno));
		return;
	}
	if (!S_ISDIR(sb.st_mode)) {
		report(rep, PROBLEM, "export PYENV_ROOT=\"$HOME/.pyenv\"",
		       "PYENV_ROOT %s is not a directory", paths->root);
		return;
	}
	long n = 0;
	pc_shim_walk(paths->root, count_versions, &n);
	if (n <= 0) {
		report(rep, NOTE, "pyenvfs-ctl install 3.12",
		       "PYENV_ROOT %s%s: no version installed", paths->root,
		       env && *env ? "" : " (the default)");
		return;
	}
	report(rep, OK, NULL, "PYENV_ROOT %s%s: %ld version%s in versions/", paths->root,
	       env && *env ? "" : " (the default, ~/.pyenv)", n, n == 1 ? "" : "s");
}

static void check_mount(struct report *rep, const struct ctl *ctl, const struct mnt_paths *paths,
			struct mnt_status *st)
{
	const char *mp = paths->mountpoint;
	char fix[2 * PATH_MAX + 64];
	mnt_probe(mp, st);
	switch (st->state) {
	case MNT_NOT_MOUNTED:
		snprintf(fix, sizeof(fix),
			 "%s mount %s   (or: systemctl --user enable --now pyenvfs)", ctl->prog,
			 mp);
		report(rep, PROBLEM, fix, "%s: pyenvfs is not mounted", mp);
		return;
	case MNT_STALE:
		snprintf(fix, sizeof(fix), "%s mount %s", ctl->prog, mp);
		report(rep, PROBLEM, fix,
		       "%s: stale mount, its daemon is gone (%s): every command looked up through "
		       "PATH fails",
		       mp, strerror(st->error));
		return;
	case MNT_FOREIGN:
		snprintf(fix, sizeof(fix), "fusermount3 -u -z %s && %s mount %s", mp, ctl->prog,
			 mp);
		char why[256];
		report(rep, PROBLEM, fix, "%s: not a live pyenvfs (%s)", mp,
		       mnt_foreign_reason(st, why, sizeof(why)));
		return;
	case MNT_LIVE:
		break;
	}
	if (strcmp(st->info.root, paths->root) != 0) {
		snprintf(fix, sizeof(fix), "%s umount %s && %s mount %s", ctl->prog, mp, ctl->prog,
			 mp);
		report(rep, PROBLEM, fix, "%s is mounted for the root %s, but PYENV_ROOT is %s", mp,
		       st->info.root, paths->root);
		return;
	}
	report(rep, OK, NULL, "%s: mounted, daemon pid %ld, %ld commands from %ld versions", mp,
	       st->info.pid, st->info.commands, st->info.versions);
	if (st->info.shim[0] && access(st->info.shim, X_OK) < 0)
		report(rep, PROBLEM,
		       "reinstall pyenvfs (meson install), then pyenvfs-ctl umount && "
		       "pyenvfs-ctl mount",
		       "the shim helper %s: %s: every entry fails to run", st->info.shim,
		       strerror(errno));
}

static bool same_dir(const char *a, const char *b)
{
	if (strcmp(a, b) == 0)
		return true;
	char ra[PATH_MAX];
	return realpath(a, ra) && strcmp(ra, b) == 0;
}

static void check_path(struct report *rep, const struct ctl *ctl, const char *mp)
{
	static const char *const pythons[] = {"python", "python3", "pip", "pip3"};
	const char *path = getenv("PATH");
	char fix[256];
	snprintf(fix, sizeof(fix),
		 "add  eval \"$(%s init -)\"  as the last line of ~/.bashrc (or ~/.zshrc), or  "
		 "%s init - fish | source  to ~/.config/fish/config.fish",
		 ctl->prog, ctl->prog);
	char shadow[PATH_MAX + 16] = "";
	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "%.*s", (int)(n < PATH_MAX ? n : 0), path);
		if (*dir && same_dir(dir, mp)) {
			if (*shadow)
				report(rep, PROBLEM, fix,
				       "%s is in PATH, but %s comes before it and wins", mp,
				       shadow);
			else
				report(rep, OK, NULL, "%s is in PATH before any other python", mp);
			return;
		}
		for (size_t i = 0; *dir && !*shadow && i < sizeof(pythons) / sizeof(pythons[0]);
		     i++) {
			char cand[PATH_MAX + 16];
			snprintf(cand, sizeof(cand), "%s/%s", dir, pythons[i]);
			if (access(cand, X_OK) == 0)
				snprintf(shadow, sizeof(shadow), "%s", cand);
		}
		path = colon ? colon + 1 : NULL;
	}
	report(rep, PROBLEM, fix, "%s is not in PATH: python is not found through pyenvfs", mp);
}

/* What lies in the mountpoint directory itself, under the mount. */
struct under {
	long entries; /* names other than the lock and ours; -1 when it could not be read */
	long ours;    /* the static fallback's entries */
	bool lock;    /* pyenv's rehash lock .pyenv-shim */
	int error;    /* why it could not be looked at */
};

static void read_under(const char *dir, struct under *u)
{
	struct wd_entry_counts c;
	int r = wd_entry_count(dir, &c);
	*u = (struct under){
		.entries = r < 0 ? -1 : c.others, .ours = c.ours, .lock = c.lock, .error = -r};
}

/* Looks under a mount: in a child, in a private mount namespace (needs CAP_SYS_ADMIN),
 * detaches the mount there — only there — and reads the directory it covered. */
static void peek_under(const char *mp, struct under *u)
{
	int fds[2];
	u->entries = -1;
	u->lock = false;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		u->error = errno;
		return;
	}
	pid_t pid = fork();
	if (pid < 0) {
		u->error = errno;
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		struct under r = {.entries = -1};
		if (unshare(CLONE_NEWNS) < 0 ||
		    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
			r.error = errno;
		} else {
			int detached = 0;
			while (detached < 16 && umount2(mp, MNT_DETACH) == 0)
				detached++;
			if (detached == 0)
				r.error = errno;
			else
				read_under(mp, &r);
		}
		ssize_t w = write(fds[1], &r, sizeof(r));
		_exit(w == (ssize_t)sizeof(r) ? 0 : 1);
	}
	close(fds[1]);
	struct under r;
	ssize_t n;
	do {
		n = read(fds[0], &r, sizeof(r));
	} while (n < 0 && errno == EINTR);
	close(fds[0]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	if (n == (ssize_t)sizeof(r))
		*u = r;
	else
		u->error = EIO;
}

/* pyenv rehash takes its lock in the live mount too (the daemon keeps it as a scratch
 * file): one left by a rehash that died makes every later rehash wait 60 s, then fail. */
static void check_lock_in_mount(struct report *rep, const char *mp, const struct mnt_status *st)
{
	if (st->state != MNT_LIVE)
		return;
	char lock[PATH_MAX + 16];
	snprintf(lock, sizeof(lock), "%s/.pyenv-shim", mp);
	struct stat sb;
	if (lstat(lock, &sb) < 0)
		return;
	char fix[PATH_MAX + 32];
	snprintf(fix, sizeof(fix), "rm -f %s", lock);
	report(rep, PROBLEM, fix,
	       "%s: pyenv rehash's lock is held in the mount (a rehash that died?): the next "
	       "pyenv rehash waits 60 s on it, then fails",
	       lock);
}

/* The watchdog that ends and replaces a daemon that stops answering. */
static void check_watchdog(struct report *rep, const struct ctl *ctl, const char *mp,
			   const struct mnt_status *st)
{
	struct mnt_wd w;
	char text[700], fix[2 * PATH_MAX + 64];
	bool live = st->state == MNT_LIVE;
	mnt_wd_describe(mp, live ? st->info.pid : 0, &w);
	mnt_wd_text(&w, text, sizeof(text));
	snprintf(fix, sizeof(fix), "%s mount %s", ctl->prog, mp);
	if (w.state == MNT_WD_RUNNING && live)
		report(rep, OK, NULL, "watchdog: %s", text);
	else if (w.state == MNT_WD_GONE || w.state == MNT_WD_GAVE_UP)
		report(rep, PROBLEM, fix, "watchdog: %s", text);
	else if (live)
		report(rep, NOTE, NULL,
		       "watchdog: none supervises %s: a daemon that stops answering would block "
		       "every shell until it is killed",
		       mp);
}

static void check_under(struct report *rep, const struct ctl *ctl, const char *mp,
			const struct mnt_status *st)
{
	bool mounted = st->state != MNT_NOT_MOUNTED;
	struct under u;
	if (mounted)
		peek_under(mp, &u);
	else
		read_under(mp, &u);
	char fix[6 * PATH_MAX];
	if (u.entries < 0) {
		if (!mounted && u.error == ENOENT) {
			report(rep, OK, NULL,
			       "%s does not exist yet: no pyenv shims or lock under it", mp);
			return;
		}
		snprintf(fix, sizeof(fix), "%s umount %s && ls -A %s; %s mount %s", ctl->prog, mp,
			 mp, ctl->prog, mp);
		report(rep, NOTE, fix,
		       "cannot look under the mount for pyenv's old shims and rehash lock (%s; "
		       "needs root); to look by hand:",
		       strerror(u.error));
		return;
	}
	char around_pre[PATH_MAX + 64] = "", around_post[PATH_MAX + 64] = "";
	if (mounted) {
		snprintf(around_pre, sizeof(around_pre), "%s umount %s && ", ctl->prog, mp);
		snprintf(around_post, sizeof(around_post), " && %s mount %s", ctl->prog, mp);
	}
	if (u.lock) {
		snprintf(fix, sizeof(fix), "%srm -f %s/.pyenv-shim%s", around_pre, mp, around_post);
		report(rep, PROBLEM, fix,
		       "%s/.pyenv-shim: a leftover pyenv rehash lock%s (pyenv rehash waits 60 s on "
		       "it, then fails)",
		       mp, mounted ? " under the mount" : "");
	}
	if (u.ours > 0)
		report(rep, OK, NULL,
		       "static fallback: %ld entries %s %s run the selected versions while no "
		       "daemon serves",
		       u.ours, mounted ? "under the mount on" : "in", mp);
	/* not to be deleted: the mount's own fallback replaces pyenv's shims of listed names,
	 * and `pyenv rehash' manages the rest if you go back to pyenv */
	if (u.entries > 0)
		report(rep, NOTE, NULL,
		       "%ld other files (pyenv's old shims?) %s %s: left alone; while nothing is "
		       "mounted they run what they ran before",
		       u.entries, mounted ? "hidden under the mount on" : "in", mp);
	if (!u.lock && u.entries == 0 && u.ours == 0)
		report(rep, OK, NULL, "no pyenv shims or rehash lock %s %s",
		       mounted ? "under the mount on" : "in", mp);
}

static int count_watched(void *count, enum pc_shim_dir kind, const char *path)
{
	(void)path;
	/* a version or an env and its bin/; an envs directory alone */
	*(long *)count += kind == PC_SHIM_ENVS ? 1 : 2;
	return 0;
}

/* The directories the daemon watches (an upper bound: a bin/ may be missing): versions/
 * and what pc_shim_walk() visits under it. */
static long dirs_to_watch(const char *root)
{
	long n = 1;
	pc_shim_walk(root, count_watched, &n);
	return n;
}

/* Counts the inotify watches and instances held by this user's processes, except `skip`
 * (the daemon's own, which it already holds). Reads /proc/PID/fdinfo. */
static void inotify_in_use(pid_t skip, long *watches, long *instances)
{
	*watches = *instances = 0;
	DIR *proc = opendir("/proc");
	if (!proc)
		return;
	uid_t uid = getuid();
	struct dirent *p;
	while ((p = readdir(proc))) {
		char *end;
		long pid = strtol(p->d_name, &end, 10);
		if (*end || pid <= 0 || pid == (long)skip)
			continue;
		char path[64];
		snprintf(path, sizeof(path), "/proc/%ld/fd", pid);
		struct stat sb;
		if (stat(path, &sb) < 0 || sb.st_uid != uid)
			continue;
		DIR *fds = opendir(path);
		if (!fds)
			continue;
		struct dirent *f;
		while ((f = readdir(fds))) {
			char link[PATH_MAX], target[64];
			snprintf(link, sizeof(link), "%s/%s", path, f->d_name);
			ssize_t n = readlink(link, target, sizeof(target) - 1);
			if (n < 0)
				continue;
			target[n] = '\0';
			if (strcmp(target, "anon_inode:inotify") != 0)
				continue;
			(*instances)++;
			snprintf(link, sizeof(link), "/proc/%ld/fdinfo/%s", pid, f->d_name);
			char *info = NULL;
			mnt_read_file(link, &info);
			for (const char *s = info; s && (s = strstr(s, "inotify wd:")); s++)
				(*watches)++;
			free(info);
		}
		closedir(fds);
	}
	closedir(proc);
}

static long read_long_file(const char *path)
{
	char *text = NULL;
	long v = mnt_read_file(path, &text) == 0 ? strtol(text, NULL, 10) : -1;
	free(text);
	return v;
}

static void check_inotify(struct report *rep, const struct mnt_paths *paths,
			  const struct mnt_status *st)
{
	long max_watches = read_long_file("/proc/sys/fs/inotify/max_user_watches");
	long max_instances = read_long_file("/proc/sys/fs/inotify/max_user_instances");
	if (max_watches < 0) {
		report(rep, NOTE, NULL,
		       "no inotify limits in /proc/sys/fs/inotify: the daemon polls instead");
		return;
	}
	long need = dirs_to_watch(paths->root), used, instances;
	pid_t daemon = st->state == MNT_LIVE ? (pid_t)st->info.pid : 0;
	inotify_in_use(daemon, &used, &instances);
	if (need > max_watches - used) {
		long want = (used + need) * 2 > 524288 ? (used + need) * 2 : 524288;
		char fix[256];
		snprintf(fix, sizeof(fix),
			 "echo fs.inotify.max_user_watches=%ld | sudo tee "
			 "/etc/sysctl.d/90-pyenvfs.conf && sudo sysctl --system",
			 want);
		report(rep, PROBLEM, fix,
		       "inotify: pyenvfs needs %ld watches, this user's other programs hold %ld of "
		       "max_user_watches=%ld: new versions show up only by polling",
		       need, used, max_watches);
		return;
	}
	if (daemon == 0 && max_instances >= 0 && instances >= max_instances) {
		char fix[256];
		snprintf(fix, sizeof(fix),
			 "echo fs.inotify.max_user_instances=%ld | sudo tee "
			 "/etc/sysctl.d/90-pyenvfs.conf && sudo sysctl --system",
			 max_instances * 2);
		report(rep, PROBLEM, fix,
		       "inotify: all %ld of max_user_instances are in use: the daemon would poll",
		       max_instances);
		return;
	}
	report(rep, OK, NULL,
	       "inotify: %ld watches needed, %ld held by other programs, max_user_watches=%ld",
	       need, used, max_watches);
}

static void check_systemd(struct report *rep, const struct ctl *ctl, const struct mnt_paths *paths)
{
	char systemctl[PATH_MAX];
	char bus[PATH_MAX + 32];
	const char *runtime = getenv("XDG_RUNTIME_DIR");
	snprintf(bus, sizeof(bus), "%s/systemd/private", runtime ? runtime : "/nonexistent");
	if (!mnt_find_program("systemctl", systemctl, sizeof(systemctl)) || access(bus, F_OK) < 0) {
		report(rep, NOTE, NULL,
		       "systemd unit: no systemd user manager here; the shell code of `%s init -' "
		       "mounts on the first shell instead",
		       ctl->prog);
		return;
	}
	char out[64];
	char *argv[] = {systemctl, "--user", "is-enabled", "pyenvfs.service", NULL};
	mnt_run_capture(argv, out, sizeof(out));
	out[strcspn(out, "\n")] = '\0';
	if (strcmp(out, "enabled") != 0) {
		report(rep, NOTE, "systemctl --user enable --now pyenvfs",
		       "systemd unit pyenvfs.service is %s: the mount is not made at login",
		       *out ? out : "not installed");
		return;
	}
	char *active[] = {systemctl, "--user", "is-active", "pyenvfs.service", NULL};
	mnt_run_capture(active, out, sizeof(out));
	out[strcspn(out, "\n")] = '\0';
	if (strcmp(out, "active") != 0 && strcmp(out, "activating") != 0) {
		report(rep, PROBLEM,
		       "systemctl --user restart pyenvfs; journalctl --user -u pyenvfs -n 20",
		       "systemd unit pyenvfs.service is enabled but %s", out);
		return;
	}
	/* the unit sets no PYENV_ROOT: the daemon's root is the default one */
	char def[PATH_MAX + 16], *root = NULL;
	pc_root(NULL, getenv("HOME"), &root, NULL);
	snprintf(def, sizeof(def), "%s/shims", root ? root : "/.pyenv");
	free(root);
	if (strcmp(def, paths->mountpoint) != 0)
		report(rep, NOTE,
		       "systemctl --user edit pyenvfs   (set Environment=PYENV_ROOT=...)",
		       "systemd unit pyenvfs.service is active; it mounts %s, not %s unless "
		       "configured",
		       def, paths->mountpoint);
	else
		report(rep, OK, NULL, "systemd unit pyenvfs.service is enabled and %s", out);
}

/* What `pyenvfs-ctl install` changed in each version it fixed up (installer/fixup.h), and
 * a version moved since: its build configuration still names the old place. */
static void check_fixups(struct report *rep, const struct mnt_paths *paths)
{
	char versions[PATH_MAX + 16], dir[2 * PATH_MAX], fix[PATH_MAX + 32];
	snprintf(versions, sizeof(versions), "%s/versions", paths->root);
	DIR *d = opendir(versions);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		struct pyi_fixup_info fi;
		struct stat a, b;
		if (e->d_name[0] == '.' ||
		    snprintf(dir, sizeof(dir), "%s/%s", versions, e->d_name) >= (int)sizeof(dir) ||
		    pyi_fixup_read(dir, &fi) != 0)
			continue;
		snprintf(fix, sizeof(fix), "pyenvfs-ctl install -f %s", e->d_name);
		if (fi.prefix[0] && (stat(fi.prefix, &a) != 0 || stat(dir, &b) != 0 ||
				     a.st_dev != b.st_dev || a.st_ino != b.st_ino))
			report(rep, PROBLEM, fix,
			       "%s: its sysconfig data names %s, not where it is", e->d_name,
			       fi.prefix);
		else
			report(rep, OK, NULL,
			       "%s: install fix-up: %s -> its prefix in %zu files%s%s%s%s",
			       e->d_name, fi.from, fi.files, fi.compilers[0] ? ", " : "",
			       fi.compilers, fi.terminfo[0] ? ", TERMINFO_DIRS=" : "", fi.terminfo);
	}
	if (d)
		closedir(d);
}

/* The versions the current selection (PYENV_VERSION, else the nearest version file) names
 * that are not installed: a note with the command that installs them. */
static void check_selection(struct report *rep, const struct ctl *ctl,
			    const struct mnt_paths *paths)
{
	struct rv_env env = rv_env_from_environ(ctl->prog);
	env.pyenv_root = paths->root;
	struct rv_ctx ctx;
	struct rv_strv msgs = {0}, missing = {0};
	if (rv_ctx_init(&ctx, &env, &msgs) == 0 &&
	    rv_roots_load(ctl->prog, ctx.root, getenv("PYENVFS_ROOTS"), false, &ctx.roots, &msgs) ==
		    0 &&
	    rv_selection_missing(&ctx, &missing) == 0 && missing.n) {
		char *names = rv_strv_join(&missing, " ");
		char *origin = rv_version_origin(&ctx);
		char *fix = names ? rv_strf("%s install %s   (or PYENVFS_AUTO_INSTALL=1: each "
					    "installs on first use)",
					    ctl->prog, names)
				  : NULL;
		report(rep, NOTE, fix, "not installed: %s, named by %s", names ? names : "?",
		       origin ? origin : "?");
		free(fix);
		free(origin);
		free(names);
	}
	rv_strv_clear(&missing);
	rv_strv_clear(&msgs);
	rv_ctx_finish(&ctx);
}

static void root_finding(void *rep, enum mnt_roots_level level, const char *text)
{
	report(rep,
	       level == MNT_ROOTS_OK     ? OK
	       : level == MNT_ROOTS_NOTE ? NOTE
					 : PROBLEM,
	       level == MNT_ROOTS_PROBLEM ? "fix or drop that entry of PYENVFS_ROOTS" : NULL, "%s",
	       text);
}

int mnt_doctor(const struct ctl *ctl, const struct mnt_paths *paths)
{
	struct report rep = {0};
	struct mnt_status st;
	check_dev_fuse(&rep);
	check_fusermount(&rep);
	check_root(&rep, paths);
	check_fixups(&rep, paths);
	check_mount(&rep, ctl, paths, &st);
	if (st.state == MNT_LIVE)
		mnt_roots_describe(st.info.root, MNT_ROOTS_LIVE, &st.info, root_finding, &rep);
	else
		mnt_roots_describe(paths->root, MNT_ROOTS_ENV, NULL, root_finding, &rep);
	check_path(&rep, ctl, paths->mountpoint);
	check_watchdog(&rep, ctl, paths->mountpoint, &st);
	check_under(&rep, ctl, paths->mountpoint, &st);
	check_lock_in_mount(&rep, paths->mountpoint, &st);
	check_inotify(&rep, paths, &st);
	check_systemd(&rep, ctl, paths);
	check_selection(&rep, ctl, paths);
	if (rep.problems)
		printf("doctor: %d problem%s found\n", rep.problems, rep.problems == 1 ? "" : "s");
	else
		printf("doctor: no problems found\n");
	return rep.problems;
}

/* mount/probe: see probe.h. */
#include "ctl/mount/probe.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "common/path.h"
#include "common/root.h"

static int copy_str(char *dst, size_t len, const char *src)
{
	int n = snprintf(dst, len, "%s", src);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* realpath(3) of dir joined with base (dir "/" gives "/base"); base NULL: of dir alone. */
static int real_join(const char *dir, const char *base, char *out, size_t len)
{
	char real[PATH_MAX];
	if (!realpath(dir, real))
		return -errno;
	if (!base)
		return copy_str(out, len, real);
	int n = snprintf(out, len, "%s/%s", strcmp(real, "/") == 0 ? "" : real, base);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Canonical parent + basename, without stat'ing the last component. */
static int canonical_mountpoint(const char *path, char *out, size_t len)
{
	char *abs = pc_absolute(path);
	if (!abs)
		return -errno;
	int r;
	char *slash = strrchr(abs, '/');
	const char *base = slash + 1;
	if (strcmp(base, "..") == 0 || !*base) {
		/* no last component to keep apart ("/", "x/.."): resolve it all */
		r = real_join(abs, NULL, out, len);
	} else {
		*slash = '\0';
		r = real_join(slash == abs ? "/" : abs, base, out, len);
		*slash = '/';
	}
	if (r < 0 && r != -ENAMETOOLONG)
		r = copy_str(out, len, abs); /* missing: keep it as given */
	free(abs);
	return r;
}

int mnt_paths_resolve(const char *mountpoint_arg, struct mnt_paths *out, struct pc_msg *msg)
{
	char *root = NULL;
	int r = pc_root(getenv("PYENV_ROOT"), getenv("HOME"), &root, msg);
	if (r == 0 && (r = copy_str(out->root, sizeof(out->root), root)) < 0)
		pc_msg_set(msg, "PYENV_ROOT: %s", strerror(-r));
	free(root);
	if (r < 0)
		return r;
	char def[PATH_MAX];
	if (!mountpoint_arg) {
		if (snprintf(def, sizeof(def), "%s/shims", out->root) >= (int)sizeof(def)) {
			pc_msg_set(msg, "%s/shims: %s", out->root, strerror(ENAMETOOLONG));
			return -ENAMETOOLONG;
		}
		mountpoint_arg = def;
	}
	r = canonical_mountpoint(mountpoint_arg, out->mountpoint, sizeof(out->mountpoint));
	if (r < 0)
		pc_msg_set(msg, "%s: %s", mountpoint_arg, strerror(-r));
	return r;
}

int mnt_read_file(const char *path, char **out)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	size_t cap = 16384, len = 0;
	char *buf = malloc(cap);
	int r = buf ? 0 : -ENOMEM;
	while (r == 0) {
		if (len + 1 >= cap) {
			char *bigger = realloc(buf, cap * 2);
			if (!bigger) {
				r = -ENOMEM;
				break;
			}
			buf = bigger;
			cap *= 2;
		}
		ssize_t n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno != EINTR)
			r = -errno;
		else if (n == 0)
			break;
		else if (n > 0)
			len += (size_t)n;
	}
	close(fd);
	if (r < 0) {
		free(buf);
		return r;
	}
	buf[len] = '\0';
	*out = buf;
	return 0;
}

/* Undoes the kernel's octal escapes (\040 for a space) of one mountinfo field in place. */
static void unescape_field(char *s)
{
	char *w = s;
	for (const char *r = s; *r; r++) {
		if (r[0] == '\\' && r[1] >= '0' && r[1] <= '3' && r[2] >= '0' && r[2] <= '7' &&
		    r[3] >= '0' && r[3] <= '7') {
			*w++ = (char)((r[1] - '0') * 64 + (r[2] - '0') * 8 + (r[3] - '0'));
			r += 3;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
}

bool mnt_mountinfo_find(const char *mountinfo, const char *mountpoint, char *fstype,
			size_t fstype_len)
{
	bool found = false;
	const char *line = mountinfo;
	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char buf[2 * PATH_MAX];
		if (len < sizeof(buf)) {
			memcpy(buf, line, len);
			buf[len] = '\0';
			/* id parent maj:min root mountpoint options [optional...] - type source
			 * super */
			char *save = NULL, *field = strtok_r(buf, " ", &save);
			for (int i = 0; field && i < 4; i++)
				field = strtok_r(NULL, " ", &save);
			if (field) {
				unescape_field(field);
				if (strcmp(field, mountpoint) == 0) {
					found = true; /* keep going: the last one is on top */
					char *type = NULL;
					while ((field = strtok_r(NULL, " ", &save)))
						if (strcmp(field, "-") == 0) {
							type = strtok_r(NULL, " ", &save);
							break;
						}
					if (fstype && fstype_len)
						snprintf(fstype, fstype_len, "%s",
							 type ? type : "?");
				}
			}
		}
		line = end ? end + 1 : NULL;
	}
	return found;
}

/* A FUSE connection whose daemon is gone: ENOTCONN, or ECONNABORTED once it was aborted. */
static bool dead_connection(int e)
{
	return e == ENOTCONN || e == ECONNABORTED;
}

/* What stat(2) and getxattr(2) said about the mountpoint. */
struct answers {
	int stat_errno;  /* 0 when stat succeeded */
	int xattr_errno; /* 0 when getxattr succeeded; only asked when mounted */
	char text[PC_STATUS_MAX];
};

static void ask(const char *mountpoint, bool mounted, struct answers *a)
{
	memset(a, 0, sizeof(*a));
	struct stat sb;
	if (stat(mountpoint, &sb) < 0) {
		a->stat_errno = errno;
		return;
	}
	if (!mounted)
		return;
	ssize_t n = getxattr(mountpoint, PC_STATUS_XATTR, a->text, sizeof(a->text) - 1);
	if (n < 0)
		a->xattr_errno = errno;
	else
		a->text[n] = '\0';
}

/* Asks in a child so that a daemon that hangs (stopped, deadlocked) cannot hang us: after
 * timeout_ms the child is killed (FUSE requests yield to SIGKILL). Returns false then. */
static bool ask_with_timeout(const char *mountpoint, bool mounted, int timeout_ms,
			     struct answers *a)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0) {
		ask(mountpoint, mounted, a);
		return true;
	}
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		ask(mountpoint, mounted, a);
		return true;
	}
	if (pid == 0) {
		close(fds[0]);
		struct answers mine;
		ask(mountpoint, mounted, &mine);
		ssize_t w = write(fds[1], &mine, sizeof(mine));
		_exit(w == (ssize_t)sizeof(mine) ? 0 : 1);
	}
	close(fds[1]);
	struct pollfd pfd = {.fd = fds[0], .events = POLLIN};
	int r;
	do {
		r = poll(&pfd, 1, timeout_ms);
	} while (r < 0 && errno == EINTR);
	bool answered = false;
	if (r > 0) {
		size_t got = 0;
		while (got < sizeof(*a)) {
			ssize_t n = read(fds[0], (char *)a + got, sizeof(*a) - got);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			got += (size_t)n;
		}
		answered = got == sizeof(*a);
	}
	if (!answered)
		kill(pid, SIGKILL);
	close(fds[0]);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	return answered;
}

static bool still_mounted(const char *mountpoint)
{
	char *mountinfo;
	bool mounted = mnt_read_file("/proc/self/mountinfo", &mountinfo) == 0 &&
		       mnt_mountinfo_find(mountinfo, mountpoint, NULL, 0);
	free(mountinfo);
	return mounted;
}

void mnt_probe(const char *mountpoint, struct mnt_status *st)
{
	memset(st, 0, sizeof(*st));
	char *mountinfo;
	bool mounted = mnt_read_file("/proc/self/mountinfo", &mountinfo) == 0 &&
		       mnt_mountinfo_find(mountinfo, mountpoint, st->fstype, sizeof(st->fstype));
	free(mountinfo);

	struct answers a;
	if (!ask_with_timeout(mountpoint, mounted, MNT_PROBE_TIMEOUT_MS, &a)) {
		st->state = MNT_FOREIGN;
		st->error = ETIMEDOUT;
		return;
	}
	if (a.stat_errno) {
		int e = a.stat_errno;
		if (dead_connection(e) || (mounted && e != ENOENT)) {
			st->state = dead_connection(e) ? MNT_STALE : MNT_FOREIGN;
			st->error = e;
		} else {
			st->state = MNT_NOT_MOUNTED;
		}
		return;
	}
	if (!mounted) {
		st->state = MNT_NOT_MOUNTED;
		return;
	}
	if (a.xattr_errno && !dead_connection(a.xattr_errno) && !still_mounted(mountpoint)) {
		/* unmounted while we asked (auto_unmount after a daemon died): the answer came
		 * from the directory underneath */
		st->state = MNT_NOT_MOUNTED;
		st->fstype[0] = '\0';
		return;
	}
	if (a.xattr_errno) {
		st->state = dead_connection(a.xattr_errno) ? MNT_STALE : MNT_FOREIGN;
		st->error = a.xattr_errno;
		return;
	}
	if (!pc_status_parse(a.text, &st->info)) {
		st->state = MNT_FOREIGN;
		st->error = EPROTO;
		return;
	}
	st->state = MNT_LIVE;
}

long mnt_count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return -errno;
	long n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

const char *mnt_foreign_reason(const struct mnt_status *st, char *buf, size_t len)
{
	if (st->error == ETIMEDOUT)
		snprintf(buf, len, "%s: the daemon does not answer within %d s", st->fstype,
			 MNT_PROBE_TIMEOUT_MS / 1000);
	else
		snprintf(buf, len, "%s: %s", st->fstype, strerror(st->error));
	return buf;
}

const char *mnt_state_name(enum mnt_state state)
{
	switch (state) {
	case MNT_NOT_MOUNTED:
		return "not mounted";
	case MNT_LIVE:
		return "mounted";
	case MNT_STALE:
		return "stale";
	case MNT_FOREIGN:
		return "foreign";
	}
	return "?";
}

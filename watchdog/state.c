#include "watchdog/state.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* The runtime directory into out; made (0700, ours, not a symlink) when create is set. */
static int runtime_dir(bool create, char *out, size_t len)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	int n = xdg && xdg[0] == '/' ? snprintf(out, len, "%s/pyenvfs", xdg)
				     : snprintf(out, len, "/tmp/pyenvfs-%ld", (long)getuid());
	if (n < 0 || (size_t)n >= len)
		return -ENAMETOOLONG;
	if (create && mkdir(out, 0700) < 0 && errno != EEXIST)
		return -errno;
	struct stat st;
	if (lstat(out, &st) < 0)
		return -errno;
	if (!S_ISDIR(st.st_mode) || st.st_uid != getuid() || (st.st_mode & 077))
		return -EPERM; /* someone else's directory: not trusted */
	return 0;
}

int wd_state_path(const char *mountpoint, const char *kind, bool create, char *out, size_t len)
{
	char dir[PATH_MAX];
	int r = runtime_dir(create, dir, sizeof(dir));
	if (r < 0)
		return r;
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	for (const unsigned char *p = (const unsigned char *)mountpoint; *p; p++)
		h = (h ^ *p) * 1099511628211ULL;
	int n = snprintf(out, len, "%s/watchdog-%016llx.%s", dir, (unsigned long long)h, kind);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int wd_lock_take(const char *mountpoint)
{
	char path[PATH_MAX];
	int r = wd_state_path(mountpoint, "lock", true, path, sizeof(path));
	if (r < 0)
		return r;
	for (int tries = 0; tries < 8; tries++) {
		int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		if (fd < 0)
			return -errno;
		/* a shared lock held for a moment is wd_lock_probe(), not a watchdog */
		int busy = 0;
		while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
			r = -errno;
			if (r != -EWOULDBLOCK || ++busy > 5) {
				close(fd);
				return r;
			}
			nanosleep(&(struct timespec){0, 10000000}, NULL);
		}
		/* the holder before us may have removed the file after we opened it */
		struct stat a, b;
		if (fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
		    a.st_dev == b.st_dev)
			return fd;
		close(fd);
	}
	return -EAGAIN;
}

void wd_lock_release(const char *mountpoint, int fd)
{
	char path[PATH_MAX];
	if (fd < 0)
		return;
	if (wd_state_path(mountpoint, "lock", false, path, sizeof(path)) == 0)
		unlink(path);
	close(fd);
}

enum wd_lock_state wd_lock_probe(const char *mountpoint)
{
	char path[PATH_MAX];
	if (wd_state_path(mountpoint, "lock", false, path, sizeof(path)) < 0)
		return WD_LOCK_FREE;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return WD_LOCK_FREE;
	enum wd_lock_state st = WD_LOCK_FREE;
	if (flock(fd, LOCK_SH | LOCK_NB) < 0)
		st = errno == EWOULDBLOCK ? WD_LOCK_HELD : WD_LOCK_FREE;
	close(fd);
	return st;
}

/* The reason on one line: newlines become blanks. */
static void one_line(const char *in, char *out, size_t len)
{
	size_t n = 0;
	for (; *in && n + 1 < len; in++)
		out[n++] = *in == '\n' || *in == '\r' ? ' ' : *in;
	out[n] = 0;
}

int wd_state_write(const char *mountpoint, const struct wd_info *info)
{
	char path[PATH_MAX], tmp[PATH_MAX + 16], reason[sizeof(info->reason)];
	int r = wd_state_path(mountpoint, "state", true, path, sizeof(path));
	if (r < 0)
		return r;
	snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
	FILE *f = fopen(tmp, "we");
	if (!f)
		return -errno;
	one_line(info->reason, reason, sizeof(reason));
	fprintf(f,
		"pid=%ld\nmountpoint=%s\nstate=%s\nreason=%s\nsince=%lld\ntimeout=%g\ndaemon=%ld\n",
		info->pid, mountpoint, info->state, reason, info->since, info->timeout,
		info->daemon);
	if (fclose(f) != 0 || rename(tmp, path) < 0) {
		r = -errno;
		unlink(tmp);
		return r;
	}
	return 0;
}

static void copy_value(char *dst, size_t len, const char *v)
{
	snprintf(dst, len, "%s", v);
}

int wd_state_read(const char *mountpoint, struct wd_info *info)
{
	char path[PATH_MAX], line[1024];
	memset(info, 0, sizeof(*info));
	int r = wd_state_path(mountpoint, "state", false, path, sizeof(path));
	if (r < 0)
		return r;
	FILE *f = fopen(path, "re");
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = 0;
		char *v = strchr(line, '=');
		if (!v)
			continue;
		*v++ = 0;
		if (strcmp(line, "pid") == 0)
			info->pid = strtol(v, NULL, 10);
		else if (strcmp(line, "state") == 0)
			copy_value(info->state, sizeof(info->state), v);
		else if (strcmp(line, "reason") == 0)
			copy_value(info->reason, sizeof(info->reason), v);
		else if (strcmp(line, "since") == 0)
			info->since = strtoll(v, NULL, 10);
		else if (strcmp(line, "timeout") == 0)
			info->timeout = strtod(v, NULL);
		else if (strcmp(line, "daemon") == 0)
			info->daemon = strtol(v, NULL, 10);
	}
	fclose(f);
	return 0;
}

void wd_state_remove(const char *mountpoint)
{
	char path[PATH_MAX];
	if (wd_state_path(mountpoint, "state", false, path, sizeof(path)) == 0)
		unlink(path);
}

int wd_notify(const char *msg)
{
	const char *sock = getenv("NOTIFY_SOCKET");
	if (!sock || (sock[0] != '/' && sock[0] != '@'))
		return 0;
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	size_t len = strlen(sock);
	if (len >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	memcpy(sa.sun_path, sock, len);
	if (sa.sun_path[0] == '@')
		sa.sun_path[0] = 0; /* an abstract socket */
	int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	socklen_t salen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	int r = sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa, salen) < 0
			? -errno
			: 0;
	close(fd);
	return r;
}

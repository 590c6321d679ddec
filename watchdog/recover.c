#include "watchdog/recover.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "watchdog/probe.h"

long long wd_now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

bool wd_sleep(int ms, volatile bool *stop)
{
	long long until = wd_now_ms() + ms;
	while (!(stop && *stop)) {
		long long left = until - wd_now_ms();
		if (left <= 0)
			return true;
		int step = left < 50 ? (int)left : 50;
		nanosleep(&(struct timespec){step / 1000, (step % 1000) * 1000000L}, NULL);
	}
	return false;
}

int wd_end_connection(unsigned major, unsigned minor, long pid)
{
	int ended = 0;
	char path[128];
	/* the control filesystem names a connection by the kernel's dev_t of the mount */
	snprintf(path, sizeof(path), "/sys/fs/fuse/connections/%u/abort", (major << 20) | minor);
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "1", 1) == 1)
			ended |= WD_ENDED_ABORT;
		close(fd);
	}
	if (pid > 0 && kill((pid_t)pid, SIGKILL) == 0)
		ended |= WD_ENDED_KILL;
	return ended;
}

/* Whether process pid (a /proc name) is a fusermount helper with auto_unmount for
 * mountpoint, and not a zombie. */
static bool is_helper(const char *pid, const char *mountpoint)
{
	char path[300], buf[2 * PATH_MAX + 1024];
	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = 0;
	const char *base = strrchr(buf, '/');
	base = base ? base + 1 : buf;
	if (strncmp(base, "fusermount", 10) != 0)
		return false;
	bool auto_unmount = false, ours = false;
	for (const char *a = buf; a < buf + n; a += strlen(a) + 1) {
		auto_unmount = auto_unmount || strstr(a, "auto_unmount");
		ours = ours || strcmp(a, mountpoint) == 0;
	}
	if (!auto_unmount || !ours)
		return false;
	/* a zombie child of someone else is no helper any more */
	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = 0;
	const char *paren = strrchr(buf, ')');
	return n > 0 && !(paren && paren[1] == ' ' && paren[2] == 'Z');
}

bool wd_auto_unmount_helper_runs(const char *mountpoint)
{
	DIR *d = opendir("/proc");
	if (!d)
		return false;
	bool found = false;
	struct dirent *de;
	while (!found && (de = readdir(d)))
		if (de->d_name[0] >= '1' && de->d_name[0] <= '9')
			found = is_helper(de->d_name, mountpoint);
	closedir(d);
	return found;
}

static const char *fusermount3(void)
{
	static const char *const paths[] = {"/usr/bin/fusermount3", "/bin/fusermount3",
					    "/usr/local/bin/fusermount3"};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++)
		if (access(paths[i], X_OK) == 0)
			return paths[i];
	return NULL;
}

static bool fuse_mounted(const char *mountpoint)
{
	char type[256];
	unsigned maj, min;
	return wd_mountinfo(mountpoint, type, sizeof(type), &maj, &min) == 1 &&
	       strncmp(type, "fuse", 4) == 0;
}

int wd_clear_mount(const char *mountpoint, int wait_ms)
{
	long long deadline = wd_now_ms() + wait_ms;
	while ((fuse_mounted(mountpoint) || wd_auto_unmount_helper_runs(mountpoint)) &&
	       wd_now_ms() < deadline)
		wd_sleep(10, NULL);
	for (int round = 0; round < 8 && fuse_mounted(mountpoint); round++) {
		const char *fm = fusermount3();
		if (!fm)
			return -ENOENT;
		char *argv[] = {(char *)fm, "-u", "-z", (char *)mountpoint, NULL};
		if (wd_run(argv, 5000) != 0)
			return -EBUSY;
	}
	return fuse_mounted(mountpoint) ? -EBUSY : 0;
}

int wd_run(char *const argv[], int timeout_ms)
{
	pid_t pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, 0);
			dup2(null, 1);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	long long deadline = wd_now_ms() + timeout_ms;
	int status;
	for (;;) {
		pid_t r = waitpid(pid, &status, WNOHANG);
		if (r == pid)
			break;
		if (r < 0 && errno != EINTR)
			return -errno;
		if (wd_now_ms() >= deadline) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			return -ETIMEDOUT;
		}
		wd_sleep(5, NULL);
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int wd_lock_parent(const char *mountpoint)
{
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%s", mountpoint);
	char *slash = strrchr(parent, '/');
	if (!slash)
		return -EINVAL;
	slash[slash == parent ? 1 : 0] = 0;
	int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (flock(fd, LOCK_EX) < 0)
		if (errno != EINTR) {
			int e = errno;
			close(fd);
			return -e;
		}
	return fd;
}

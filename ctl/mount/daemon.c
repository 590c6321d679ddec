/* mount/daemon: see daemon.h. */
#include "ctl/mount/daemon.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"

static bool executable(const char *path)
{
	return path && *path && access(path, X_OK) == 0;
}

static bool try_path(const char *path, char *out, size_t len)
{
	if (!executable(path))
		return false;
	snprintf(out, len, "%s", path);
	return true;
}

bool mnt_find_daemon(const char *self_exe, char *out, size_t len)
{
	if (try_path(getenv("PYENVFS_DAEMON"), out, len))
		return true;
	if (self_exe && *self_exe) {
		char dir[PATH_MAX], cand[PATH_MAX + 32];
		snprintf(dir, sizeof(dir), "%s", self_exe);
		char *slash = strrchr(dir, '/');
		if (slash) {
			*slash = '\0';
			snprintf(cand, sizeof(cand), "%s/pyenvfs", dir);
			if (try_path(cand, out, len))
				return true;
			snprintf(cand, sizeof(cand), "%s/../fs/pyenvfs", dir);
			if (try_path(cand, out, len))
				return true;
		}
	}
	snprintf(out, len, "%s", PYENVFS_DAEMON_PATH);
	return executable(PYENVFS_DAEMON_PATH);
}

bool mnt_find_shim(const char *self_exe, char *out, size_t len)
{
	const char *env = getenv("PYENVFS_SHIM");
	if ((env && *env) || !self_exe || !*self_exe)
		return false;
	char dir[PATH_MAX], cand[PATH_MAX + 32];
	snprintf(dir, sizeof(dir), "%s", self_exe);
	char *slash = strrchr(dir, '/');
	if (!slash)
		return false;
	*slash = '\0';
	snprintf(cand, sizeof(cand), "%s/../resolver/pyenvfs-shim", dir);
	char real[PATH_MAX];
	if (executable(cand) && realpath(cand, real))
		return try_path(real, out, len);
	snprintf(cand, sizeof(cand), "%s/../libexec/pyenvfs-shim", dir);
	if (try_path(cand, out, len) && strcmp(out, PYENVFS_SHIM_PATH) != 0)
		return true;
	return false;
}

bool mnt_find_program(const char *name, char *out, size_t len)
{
	const char *path = getenv("PATH");
	char buf[PATH_MAX + 64];
	while (path && *path) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);
		if (n > 0 && n < PATH_MAX) {
			snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, path, name);
			if (try_path(buf, out, len))
				return true;
		}
		path = colon ? colon + 1 : NULL;
	}
	static const char *const fallback[] = {"/usr/bin", "/bin"};
	for (size_t i = 0; i < sizeof(fallback) / sizeof(fallback[0]); i++) {
		snprintf(buf, sizeof(buf), "%s/%s", fallback[i], name);
		if (try_path(buf, out, len))
			return true;
	}
	return false;
}

static int exit_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

/* Forks and execs argv with stdout going to out_fd (-1: to our stderr, -2: /dev/null) and
 * stderr to /dev/null when quiet_stderr. */
static int spawn_wait(char *const argv[], int out_fd, bool quiet_stderr)
{
	int err_pipe[2];
	if (pipe2(err_pipe, O_CLOEXEC) < 0)
		return -errno;
	pid_t pid = fork();
	if (pid < 0) {
		int e = errno;
		close(err_pipe[0]);
		close(err_pipe[1]);
		return -e;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			if (quiet_stderr)
				dup2(null, STDERR_FILENO);
		}
		if (out_fd == -1)
			dup2(STDERR_FILENO, STDOUT_FILENO);
		else if (out_fd == -2 && null >= 0)
			dup2(null, STDOUT_FILENO);
		else if (out_fd >= 0)
			dup2(out_fd, STDOUT_FILENO);
		/* nothing else of ours leaks into a daemon */
		for (int fd = 3; fd < 1024; fd++)
			if (fd != err_pipe[1])
				close(fd);
		execv(argv[0], argv);
		int e = errno;
		if (write(err_pipe[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(err_pipe[1]);
	int exec_errno = 0;
	ssize_t n;
	do {
		n = read(err_pipe[0], &exec_errno, sizeof(exec_errno));
	} while (n < 0 && errno == EINTR);
	close(err_pipe[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	if (n == (ssize_t)sizeof(exec_errno))
		return -exec_errno;
	return exit_status(status);
}

int mnt_run(char *const argv[])
{
	return spawn_wait(argv, -1, false);
}

int mnt_run_capture(char *const argv[], char *out, size_t len)
{
	if (len)
		out[0] = '\0';
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	/* the child writes little (a word from systemctl): the pipe buffer holds it all */
	int r = spawn_wait(argv, fds[1], true);
	close(fds[1]);
	size_t got = 0;
	while (len && got < len - 1) {
		ssize_t n = read(fds[0], out + got, len - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	if (len)
		out[got] = '\0';
	close(fds[0]);
	return r;
}

int mnt_start_daemon(const char *daemon, const char *root, const char *shim, const char *mountpoint)
{
	char *argv[7];
	int i = 0;
	argv[i++] = (char *)daemon;
	argv[i++] = "--root";
	argv[i++] = (char *)root;
	if (shim) {
		argv[i++] = "--shim";
		argv[i++] = (char *)shim;
	}
	argv[i++] = (char *)mountpoint;
	argv[i] = NULL;
	return mnt_run(argv);
}

int mnt_fusermount_unmount(const char *mountpoint, bool lazy)
{
	char fusermount[PATH_MAX];
	if (!mnt_find_program("fusermount3", fusermount, sizeof(fusermount)))
		return -ENOENT;
	char *argv[5];
	int i = 0;
	argv[i++] = fusermount;
	argv[i++] = "-u";
	if (lazy)
		argv[i++] = "-z";
	argv[i++] = (char *)mountpoint;
	argv[i] = NULL;
	return mnt_run(argv);
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether process `pid` is a fusermount helper with auto_unmount for `mountpoint`. */
static bool is_auto_unmount_helper(long pid, const char *mountpoint)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%ld/cmdline", pid);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	char buf[2 * PATH_MAX + 1024];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	const char *base = strrchr(buf, '/');
	base = base ? base + 1 : buf;
	if (strncmp(base, "fusermount", 10) != 0)
		return false;
	bool auto_unmount = false, ours = false;
	for (const char *a = buf; a < buf + n; a += strlen(a) + 1) {
		if (strstr(a, "auto_unmount"))
			auto_unmount = true;
		if (strcmp(a, mountpoint) == 0)
			ours = true;
	}
	return auto_unmount && ours;
}

static bool any_auto_unmount_helper(const char *mountpoint)
{
	DIR *proc = opendir("/proc");
	if (!proc)
		return false;
	bool found = false;
	struct dirent *e;
	while (!found && (e = readdir(proc))) {
		char *end;
		long pid = strtol(e->d_name, &end, 10);
		if (!*end && pid > 0 && is_auto_unmount_helper(pid, mountpoint))
			found = mnt_wait_gone((pid_t)pid, 0) == false;
	}
	closedir(proc);
	return found;
}

bool mnt_wait_auto_unmount(const char *mountpoint, int timeout_ms)
{
	long long deadline = now_ms() + timeout_ms;
	while (any_auto_unmount_helper(mountpoint)) {
		if (now_ms() >= deadline)
			return false;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
	return true;
}

bool mnt_wait_gone(pid_t pid, int timeout_ms)
{
	if (pid <= 0)
		return true;
	long long deadline = now_ms() + timeout_ms;
	for (;;) {
		/* a zombie child of someone else still answers kill(0): look at its state */
		char path[64], stat[512];
		snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
		FILE *f = fopen(path, "re");
		if (!f)
			return true;
		size_t n = fread(stat, 1, sizeof(stat) - 1, f);
		fclose(f);
		stat[n] = '\0';
		const char *paren = strrchr(stat, ')');
		if (paren && paren[1] == ' ' && paren[2] == 'Z')
			return true;
		if (now_ms() >= deadline)
			return false;
		struct timespec ts = {0, 10 * 1000 * 1000};
		nanosleep(&ts, NULL);
	}
}

int mnt_lock_parent(const char *mountpoint)
{
	char parent[PATH_MAX];
	snprintf(parent, sizeof(parent), "%s", mountpoint);
	char *slash = strrchr(parent, '/');
	if (!slash)
		return -EINVAL;
	if (slash == parent)
		slash[1] = '\0';
	else
		*slash = '\0';
	int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			int e = errno;
			close(fd);
			return -e;
		}
	}
	return fd;
}

/*
 * stallfs: a test filesystem that stalls on demand. A read-only passthrough of BACKING
 * (libfuse's high-level API) whose every request first waits while FLAG exists, so a test
 * can freeze a pyenv root under the daemon and check what still answers.
 *
 *   stallfs BACKING FLAG MOUNTPOINT [FUSE OPTIONS...]   (e.g. -f to stay in the foreground)
 */
#define FUSE_USE_VERSION 31
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fuse.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct stallfs {
	const char *backing, *flag;
};

static struct stallfs *fs(void)
{
	return fuse_get_context()->private_data;
}

/* Waits while the flag file exists; then the backing path of path into out. */
static void enter(const char *path, char *out, size_t len)
{
	while (access(fs()->flag, F_OK) == 0)
		nanosleep(&(struct timespec){0, 10000000}, NULL);
	snprintf(out, len, "%s%s", fs()->backing, path);
}

static int sf_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
	(void)fi;
	char p[PATH_MAX];
	enter(path, p, sizeof(p));
	return lstat(p, st) < 0 ? -errno : 0;
}

static int sf_readlink(const char *path, char *buf, size_t size)
{
	char p[PATH_MAX];
	enter(path, p, sizeof(p));
	ssize_t n = readlink(p, buf, size - 1);
	if (n < 0)
		return -errno;
	buf[n] = 0;
	return 0;
}

static int sf_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
		      struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
	(void)off;
	(void)fi;
	(void)flags;
	char p[PATH_MAX];
	enter(path, p, sizeof(p));
	DIR *d = opendir(p);
	if (!d)
		return -errno;
	struct dirent *de;
	while ((de = readdir(d)))
		fill(buf, de->d_name, NULL, 0, 0);
	closedir(d);
	return 0;
}

static int sf_open(const char *path, struct fuse_file_info *fi)
{
	char p[PATH_MAX];
	enter(path, p, sizeof(p));
	int fd = open(p, O_RDONLY);
	if (fd < 0)
		return -errno;
	fi->fh = (uint64_t)fd;
	return 0;
}

static int sf_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi)
{
	char p[PATH_MAX];
	enter(path, p, sizeof(p));
	ssize_t n = pread((int)fi->fh, buf, size, off);
	return n < 0 ? -errno : (int)n;
}

static int sf_release(const char *path, struct fuse_file_info *fi)
{
	(void)path;
	close((int)fi->fh);
	return 0;
}

static const struct fuse_operations ops = {
	.getattr = sf_getattr,
	.readlink = sf_readlink,
	.readdir = sf_readdir,
	.open = sf_open,
	.read = sf_read,
	.release = sf_release,
};

int main(int argc, char **argv)
{
	if (argc < 4) {
		fputs("usage: stallfs BACKING FLAG MOUNTPOINT [FUSE OPTIONS...]\n", stderr);
		return 2;
	}
	static struct stallfs sf;
	char backing[PATH_MAX];
	if (!realpath(argv[1], backing)) {
		perror(argv[1]);
		return 1;
	}
	sf.backing = backing;
	sf.flag = argv[2];
	argv[2] = argv[0];
	return fuse_main(argc - 2, argv + 2, &ops, &sf);
}

#include "installer/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	int r = type == FTW_DP ? rmdir(path) : unlink(path);
	if (r != 0 && errno != ENOENT)
		return errno;
	return 0;
}

bool pyi_fs_rmtree(const char *path, struct pyi_err *err)
{
	struct stat st;
	int e = 0;
	if (lstat(path, &st) != 0) {
		e = errno == ENOENT ? 0 : errno;
	} else if (!S_ISDIR(st.st_mode)) {
		e = unlink(path) == 0 ? 0 : errno;
	} else {
		int r = nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
		e = r > 0 ? r : r < 0 ? errno : 0;
	}
	if (e)
		return pyi_err_set(err, PYI_E_IO, "deleting %s failed: %s", path, strerror(e));
	return true;
}

bool pyi_fs_join(char *buf, unsigned long size, const char *dir, const char *name)
{
	int n = snprintf(buf, size, "%s/%s", dir, name);
	return n >= 0 && (unsigned long)n < size;
}

bool pyi_fs_tmp_base(const char *versions_dir, char *buf, unsigned long size, struct pyi_err *err)
{
	char real[PATH_MAX];
	if (!realpath(versions_dir, real))
		return pyi_err_set(err, PYI_E_IO, "cannot resolve %s: %s", versions_dir,
				   strerror(errno));
	char *parent = dirname(real);
	if (!pyi_fs_join(buf, size, strcmp(parent, "/") == 0 ? "" : parent, ".pyenvfs-tmp"))
		return pyi_err_set(err, PYI_E_IO, "path too long: %s", real);
	if (mkdir(buf, 0755) != 0 && errno != EEXIST)
		return pyi_err_set(err, PYI_E_IO, "cannot create %s: %s", buf, strerror(errno));
	return true;
}

int pyi_fs_lock(const char *tmp_base, const char *name, void (*on_wait)(void *),
		bool (*cancelled)(void *), void *ctx, struct pyi_err *err)
{
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/%s.lock", tmp_base, name) >= (int)sizeof(path)) {
		pyi_err_set(err, PYI_E_IO, "path too long: %s", tmp_base);
		return -1;
	}
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0) {
		pyi_err_set(err, PYI_E_IO, "cannot open the lock %s: %s", path, strerror(errno));
		return -1;
	}
	bool told = false;
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			pyi_err_set(err, PYI_E_IO, "cannot lock %s: %s", path, strerror(errno));
			close(fd);
			return -1;
		}
		if (!told && on_wait)
			on_wait(ctx);
		told = true;
		if (cancelled && cancelled(ctx)) {
			pyi_err_set(err, PYI_E_CANCELLED, "cancelled");
			close(fd);
			return -1;
		}
		struct timespec ts = {0, 50 * 1000000L};
		nanosleep(&ts, NULL);
	}
	return fd;
}

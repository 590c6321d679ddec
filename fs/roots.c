#include "fs/roots.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool fs_roots_is_uv_entry(const char *name)
{
	char out[256];
	return pc_uv_version_name(name, out, sizeof(out)) == 0;
}

bool fs_roots_has_versions(const char *path)
{
	char p[PATH_MAX];
	struct stat st;
	int n = snprintf(p, sizeof(p), "%s/versions", path);
	return n > 0 && n < (int)sizeof(p) && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

bool fs_roots_is_polled(const char *path)
{
	return pc_root_is_network(path);
}

/* Writes text to path through path.tmp. 0 or a negative errno. */
static int write_atomically(const char *path, const char *text)
{
	char tmp[PATH_MAX];
	int n = snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (n < 0 || n >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	size_t len = strlen(text);
	int r = write(fd, text, len) == (ssize_t)len ? 0 : -EIO;
	if (close(fd) < 0 && r == 0)
		r = -errno;
	if (r == 0 && rename(tmp, path) < 0)
		r = -errno;
	if (r < 0)
		unlink(tmp);
	return r;
}

int fs_roots_write_file(const char *root, const struct pc_roots *roots, struct pc_msg *msg)
{
	char path[PATH_MAX];
	int n = snprintf(path, sizeof(path), "%s/%s", root, PC_ROOTS_FILE);
	if (n < 0 || n >= (int)sizeof(path)) {
		pc_msg_set(msg, "%s/%s: %s", root, PC_ROOTS_FILE, strerror(ENAMETOOLONG));
		return -ENAMETOOLONG;
	}
	int r = 0;
	if (!pc_roots_count(roots)) {
		if (unlink(path) < 0 && errno != ENOENT)
			r = -errno;
	} else {
		char *text = pc_roots_format(roots);
		r = text ? write_atomically(path, text) : -ENOMEM;
		free(text);
	}
	if (r < 0)
		pc_msg_set(msg, "%s: %s", path, strerror(-r));
	return r;
}

#include "watchdog/entry.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool wd_entry_is_ours(const char *data, size_t len)
{
	static const char tail[] = "/pyenvfs-shim";
	if (len < 2 || data[0] != '#' || data[1] != '!' || data[len - 1] != '\n')
		return false;
	if (memchr(data, '\n', len) != data + len - 1)
		return false;
	const char *blank = memchr(data + 2, ' ', len - 2);
	size_t tl = sizeof(tail) - 1;
	return blank && (size_t)(blank - (data + 2)) >= tl && memcmp(blank - tl, tail, tl) == 0;
}

long wd_entry_read(int dirfd, const char *name, char *buf, size_t size)
{
	int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	ssize_t n = -1;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		n = read(fd, buf, size);
	close(fd);
	return (long)n;
}

bool wd_entry_file_is_ours(int dirfd, const char *name)
{
	char buf[512];
	long n = wd_entry_read(dirfd, name, buf, sizeof(buf));
	return n > 0 && wd_entry_is_ours(buf, (size_t)n);
}

int wd_entry_count(const char *path, struct wd_entry_counts *out)
{
	memset(out, 0, sizeof(*out));
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd < 0 ? NULL : fdopendir(fd);
	if (!d) {
		int r = -errno;
		if (fd >= 0)
			close(fd);
		return r;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (strcmp(de->d_name, ".pyenv-shim") == 0)
			out->lock = true;
		else if (wd_entry_file_is_ours(dirfd(d), de->d_name))
			out->ours++;
		else
			out->others++;
	}
	closedir(d);
	return 0;
}

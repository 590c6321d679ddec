/* pc_path: see path.h. */
#include "common/path.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Tidies the absolute path s in place: one '/' between components, no "." components,
 * no trailing '/'. The result is never longer than s. */
static void tidy(char *s)
{
	char *w = s;
	const char *r = s;
	while (*r) {
		while (*r == '/')
			r++;
		size_t n = strcspn(r, "/");
		if (n == 0 || (n == 1 && r[0] == '.')) {
			r += n;
			continue;
		}
		*w++ = '/';
		memmove(w, r, n);
		w += n;
		r += n;
	}
	if (w == s)
		*w++ = '/';
	*w = '\0';
}

char *pc_absolute(const char *path)
{
	if (!path || !*path) {
		errno = ENOENT;
		return NULL;
	}
	char *cwd = NULL;
	if (path[0] != '/' && !(cwd = getcwd(NULL, 0)))
		return NULL;
	size_t clen = cwd ? strlen(cwd) : 0, plen = strlen(path);
	char *out = malloc(clen + 1 + plen + 1);
	if (out) {
		memcpy(out, cwd ? cwd : "", clen);
		out[clen] = '/';
		memcpy(out + clen + 1, path, plen + 1);
		tidy(out);
	}
	free(cwd);
	if (!out)
		errno = ENOMEM;
	return out;
}

/* The last step of mkdir -p: path exists; is it a directory? O_PATH asks no file system
 * (no open, and a mountpoint's root needs no lookup), so a hung FUSE daemon cannot hang
 * this the way stat(2) would. */
static int existing_dir(const char *path)
{
	int fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

int pc_mkdir_p(const char *path, mode_t mode)
{
	if (!*path)
		return -ENOENT;
	char *buf = strdup(path);
	if (!buf)
		return -ENOMEM;
	int r = 0;
	for (char *p = buf + 1; *p && r == 0; p++) {
		if (*p != '/' || p[-1] == '/')
			continue;
		*p = '\0';
		if (mkdir(buf, mode) < 0 && errno != EEXIST)
			r = -errno;
		*p = '/';
	}
	if (r == 0 && mkdir(buf, mode) < 0)
		r = errno == EEXIST ? existing_dir(buf) : -errno;
	free(buf);
	return r;
}

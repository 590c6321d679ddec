#include "resolver/path.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resolver/strv.h"

bool rv_is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

bool rv_is_file(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool rv_is_exec(const char *path)
{
	return *path && access(path, X_OK) == 0;
}

bool rv_is_link(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0 && S_ISLNK(st.st_mode);
}

/* Lexical canonicalization like bash's sh_canonpath(PATH_CHECKDOTDOT|PATH_CHECKEXISTS).
 * abs must be absolute. Returns malloc'ed result or NULL (errno set). */
static char *canon(const char *abs)
{
	size_t len = strlen(abs);
	char *out = malloc(len + 2);
	if (!out)
		return NULL;
	/* bash keeps a leading "//" (exactly two slashes) as is. */
	size_t base = 1;
	out[0] = '/';
	if (abs[0] == '/' && abs[1] == '/' && abs[2] != '/') {
		out[1] = '/';
		base = 2;
	}
	size_t q = base;
	const char *p = abs;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *e = strchrnul(p, '/');
		size_t n = (size_t)(e - p);
		if (n == 1 && p[0] == '.') {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			out[q] = '\0';
			if (!rv_is_dir(out)) {
				int e2 = errno ? errno : ENOTDIR;
				free(out);
				errno = e2 == ENOENT ? ENOENT : ENOTDIR;
				return NULL;
			}
			/* chop the last component */
			while (q > base && out[q - 1] != '/')
				q--;
			if (q > base)
				q--;
		} else {
			if (q > base)
				out[q++] = '/';
			memcpy(out + q, p, n);
			q += n;
		}
		p = e;
	}
	out[q] = '\0';
	if (!rv_is_dir(out)) {
		free(out);
		errno = ENOENT;
		return NULL;
	}
	return out;
}

char *rv_cd_logical(const char *path, const char *pwd)
{
	char *abs;
	if (path[0] == '/')
		abs = strdup(path);
	else
		abs = rv_strf("%s/%s", pwd ? pwd : "/", path);
	if (!abs)
		return NULL;
	char *c = canon(abs);
	if (!c && errno != ENOMEM) {
		/* bash then tries the path as given, and takes the physical directory. */
		if (rv_is_dir(abs))
			c = realpath(abs, NULL);
		else
			errno = ENOENT;
	}
	free(abs);
	return c;
}

char *rv_logical_cwd(const char *env_pwd)
{
	if (env_pwd && env_pwd[0] == '/') {
		struct stat a, b;
		if (stat(env_pwd, &a) == 0 && stat(".", &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino)
			return strdup(env_pwd);
	}
	return getcwd(NULL, 0);
}

char *rv_dirname(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? strndup(path, (size_t)(s - path)) : strdup(path);
}

const char *rv_basename(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

int rv_read_file(const char *path, size_t max, char **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	char *b = NULL;
	size_t n = 0, cap = 0;
	int r = 0;
	for (;;) {
		if (n == cap) {
			size_t ncap = cap ? cap * 2 : 4096;
			char *nb = cap > max ? NULL : realloc(b, ncap);
			if (!nb) {
				r = cap > max ? -EFBIG : -ENOMEM;
				break;
			}
			b = nb;
			cap = ncap;
		}
		ssize_t got = read(fd, b + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0) {
			r = got < 0 ? -errno : 0;
			break;
		}
		n += (size_t)got;
	}
	close(fd);
	if (r == 0 && n > max)
		r = -EFBIG;
	if (r < 0) {
		free(b);
		return r;
	}
	*buf = b;
	*len = n;
	return 0;
}

/* pc_roots: see roots.h. */
#include "common/roots.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "common/path.h"

struct pc_root_entry {
	char *path;
	enum pc_root_kind kind;
};

struct pc_roots {
	struct pc_root_entry *v;
	size_t n;
};

static bool all_digits(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* X.Y.Z with an optional aN, bN or rcN: a full version (uv's minor links are not). */
static bool full_version(const char *s, size_t n)
{
	size_t i = 0, parts = 0;
	while (i < n && parts < 3) {
		size_t d = i;
		while (d < n && s[d] >= '0' && s[d] <= '9')
			d++;
		if (d == i)
			return false;
		parts++;
		i = d;
		if (parts < 3 && (i == n || s[i++] != '.'))
			return false;
	}
	if (parts != 3)
		return false;
	size_t tag = n - i >= 2 && s[i] == 'r' && s[i + 1] == 'c' ? 2 : s[i] == 'a' || s[i] == 'b';
	return i == n || (tag && all_digits(s + i + tag, n - i - tag));
}

int pc_uv_version_name(const char *entry, char *out, size_t n)
{
	const char *dash[4], *p = entry;
	for (int k = 0; k < 4; k++)
		if (!(p = dash[k] = strchr(p, '-')) || !*++p)
			return -EINVAL;
	if (strchr(p, '-'))
		return -EINVAL;
	size_t impl = (size_t)(dash[0] - entry);
	if ((impl == 4 && !strncmp(entry, "pypy", 4)) || (impl == 7 && !strncmp(entry, "graalpy", 7)))
		return -ENOTSUP;
	if (impl != 7 || strncmp(entry, "cpython", 7))
		return -EINVAL;
	const char *ver = dash[0] + 1, *end = dash[1];
	size_t vlen = strcspn(ver, "+");
	if (ver + vlen > end)
		vlen = (size_t)(end - ver);
	if (!full_version(ver, vlen))
		return -EINVAL;
	bool ft = false, dbg = false;
	for (const char *v = ver + vlen; v < end && *v == '+';) {
		size_t len = strcspn(v + 1, "+-");
		if (len == 12 && !strncmp(v + 1, "freethreaded", 12))
			ft = true;
		else if (len == 5 && !strncmp(v + 1, "debug", 5))
			dbg = true;
		else
			return -EINVAL;
		v += len + 1;
	}
	int w = snprintf(out, n, "%.*s%s%s", (int)vlen, ver, ft ? "t" : "", dbg ? "-debug" : "");
	return w >= 0 && (size_t)w < n ? 0 : -ENAMETOOLONG;
}

/* Whether the directory path (without versions/) looks like uv's: empty, or holding a
 * uv entry or uv's bookkeeping (.lock, .temp, .cache). */
static bool looks_like_uv(const char *path)
{
	DIR *d = opendir(path);
	if (!d)
		return false;
	bool empty = true, uv = false;
	struct dirent *de;
	char name[256];
	while (!uv && (de = readdir(d))) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		empty = false;
		uv = !strcmp(de->d_name, ".lock") || !strcmp(de->d_name, ".temp") ||
		     !strcmp(de->d_name, ".cache") ||
		     pc_uv_version_name(de->d_name, name, sizeof(name)) != -EINVAL;
	}
	closedir(d);
	return empty || uv;
}

int pc_root_classify(const char *path, struct pc_msg *msg)
{
	struct stat st;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT)
			return PC_ROOT_MISSING;
		pc_msg_set(msg, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (!S_ISDIR(st.st_mode)) {
		pc_msg_set(msg, "%s: not a directory", path);
		return -ENOTDIR;
	}
	if (access(path, R_OK | X_OK) < 0) {
		pc_msg_set(msg, "%s: not readable", path);
		return -EACCES;
	}
	char versions[PATH_MAX];
	int w = snprintf(versions, sizeof(versions), "%s/versions", path);
	if (w > 0 && (size_t)w < sizeof(versions) && stat(versions, &st) == 0 &&
	    S_ISDIR(st.st_mode))
		return PC_ROOT_PYENV;
	if (looks_like_uv(path))
		return PC_ROOT_UV;
	pc_msg_set(msg, "%s: neither a pyenv root (no versions/) nor a uv python directory", path);
	return -EINVAL;
}

/* Whether path is dir or under it. */
static bool within(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	return !strncmp(path, dir, n) && (path[n] == '\0' || path[n] == '/' || !strcmp(dir, "/"));
}

static bool known(const struct pc_roots *r, const char *path, const char *main)
{
	if (!strcmp(path, main))
		return true;
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].path, path))
			return true;
	return false;
}

static int push(struct pc_roots *r, char *path, enum pc_root_kind kind)
{
	struct pc_root_entry *v = realloc(r->v, (r->n + 1) * sizeof(*v));
	if (!v) {
		free(path);
		return -ENOMEM;
	}
	r->v = v;
	r->v[r->n++] = (struct pc_root_entry){path, kind};
	return 0;
}

/* Adds the entry [s, s + n) of the list. 0 or a negative errno with msg set. */
static int add_entry(struct pc_roots *r, const char *s, size_t n, const char *main,
		     const char *shims, struct pc_msg *msg)
{
	char *spelled = strndup(s, n);
	char *path = spelled ? pc_absolute(spelled) : NULL;
	if (!path) {
		int e = spelled ? errno : ENOMEM;
		pc_msg_set(msg, "PYENVFS_ROOTS %s: %s", spelled ? spelled : "", strerror(e));
		free(spelled);
		return -e;
	}
	free(spelled);
	if (known(r, path, main)) {
		free(path);
		return 0;
	}
	if (within(path, shims)) {
		pc_msg_set(msg, "%s: is the shims mountpoint", path);
		free(path);
		return -EINVAL;
	}
	int kind = pc_root_classify(path, msg);
	if (kind < 0) {
		free(path);
		return kind;
	}
	return push(r, path, kind);
}

int pc_roots_parse(const char *list, const char *main, const char *shims, struct pc_roots **out,
		   struct pc_msg *msg)
{
	*out = NULL;
	struct pc_roots *r = calloc(1, sizeof(*r));
	char *dflt = NULL;
	if (!r || (!shims && asprintf(&dflt, "%s/shims", main) < 0)) {
		free(r);
		pc_msg_set(msg, "%s", strerror(ENOMEM));
		return -ENOMEM;
	}
	int e = 0;
	for (const char *s = list ? list : ""; e == 0 && *s;) {
		size_t n = strcspn(s, ":");
		if (n)
			e = add_entry(r, s, n, main, shims ? shims : dflt, msg);
		s += n + (s[n] == ':');
	}
	free(dflt);
	if (e < 0)
		pc_roots_destroy(r);
	else
		*out = r;
	return e;
}

void pc_roots_destroy(struct pc_roots *roots)
{
	if (!roots)
		return;
	for (size_t i = 0; i < roots->n; i++)
		free(roots->v[i].path);
	free(roots->v);
	free(roots);
}

size_t pc_roots_count(const struct pc_roots *roots)
{
	return roots ? roots->n : 0;
}

const char *pc_roots_path(const struct pc_roots *roots, size_t i)
{
	return roots->v[i].path;
}

enum pc_root_kind pc_roots_kind(struct pc_roots *roots, size_t i)
{
	if (roots->v[i].kind == PC_ROOT_MISSING) {
		int k = pc_root_classify(roots->v[i].path, NULL);
		roots->v[i].kind = k < 0 ? PC_ROOT_MISSING : (enum pc_root_kind)k;
	}
	return roots->v[i].kind;
}

static const char *const KIND_NAMES[] = {"missing", "pyenv", "uv"};

char *pc_roots_format(const struct pc_roots *roots)
{
	size_t len = 1;
	for (size_t i = 0; i < pc_roots_count(roots); i++)
		len += strlen(roots->v[i].path) + 10;
	char *s = malloc(len), *p = s;
	if (!s)
		return NULL;
	*p = '\0';
	for (size_t i = 0; i < pc_roots_count(roots); i++)
		p += sprintf(p, "%s\t%s\n", KIND_NAMES[roots->v[i].kind], roots->v[i].path);
	return s;
}

/* Adds the line [s, s + n) "KIND\tPATH". 0, -EINVAL, -ENOMEM. */
static int load_line(struct pc_roots *r, const char *s, size_t n)
{
	const char *tab = memchr(s, '\t', n);
	if (!tab || tab[1] != '/')
		return -EINVAL;
	for (int k = 0; k < 3; k++)
		if (strlen(KIND_NAMES[k]) == (size_t)(tab - s) && !strncmp(s, KIND_NAMES[k], tab - s)) {
			char *path = strndup(tab + 1, n - (size_t)(tab + 1 - s));
			return path ? push(r, path, (enum pc_root_kind)k) : -ENOMEM;
		}
	return -EINVAL;
}

int pc_roots_read_file(const char *path, struct pc_roots **out)
{
	*out = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* one read: the file is small and written whole (renamed into place) */
	char buf[16384];
	ssize_t len = read(fd, buf, sizeof(buf) - 1);
	int e = len < 0 ? -errno : len == (ssize_t)sizeof(buf) - 1 ? -EINVAL : 0;
	close(fd);
	buf[len > 0 && !e ? len : 0] = '\0';
	struct pc_roots *r = e ? NULL : calloc(1, sizeof(*r));
	if (!e && !r)
		e = -ENOMEM;
	for (const char *s = buf; !e && *s;) {
		size_t n = strcspn(s, "\n");
		e = load_line(r, s, n);
		s += n + (s[n] == '\n');
	}
	if (!e && r->n)
		*out = r;
	else
		pc_roots_destroy(r);
	return e;
}

bool pc_root_is_network(const char *path)
{
	static const unsigned long magic[] = {
		0x6969,     /* NFS */
		0x517B,     /* SMB */
		0xFF534D42, /* CIFS */
		0xFE534D42, /* SMB2 */
		0x5346414F, /* AFS */
		0x00C36400, /* Ceph */
		0x0BD00BD0, /* Lustre */
		0x47504653, /* GPFS */
		0x65735546, /* FUSE (sshfs and the like) */
	};
	struct statfs sf;
	if (statfs(path, &sf) < 0)
		return false;
	for (size_t i = 0; i < sizeof(magic) / sizeof(magic[0]); i++)
		if ((unsigned long)sf.f_type == magic[i])
			return true;
	return false;
}

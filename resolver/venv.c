#include "resolver/venv.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "resolver/path.h"
#include "resolver/strv.h"

/* No size limit but memory: cut, sed, grep and cat read the whole file. */
#define WHOLE_FILE (SIZE_MAX / 4)

/* Skips spaces from text[k] up to end. */
static size_t spaces(const char *text, size_t k, size_t end)
{
	while (k < end && text[k] == ' ')
		k++;
	return k;
}

/* A command substitution's end: the NUL bytes of s[0..n) dropped, then the trailing
 * newlines; NUL-terminates s and returns the new length. */
static size_t subst_result(char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (s[i])
			s[k++] = s[i];
	while (k > 0 && s[k - 1] == '\n')
		k--;
	s[k] = '\0';
	return k;
}

char *rv_venv_cfg_prefix(const char *text, size_t len)
{
	/* each matching line gives at most its length minus "home=" plus a newline */
	char *out = malloc(len + 1);
	if (!out)
		return NULL;
	size_t n = 0;
	for (size_t i = 0; i < len;) {
		const char *line = text + i;
		const char *nl = memchr(line, '\n', len - i);
		size_t ll = nl ? (size_t)(nl - line) : len - i;
		i += ll + (nl != NULL);
		size_t end = ll < 1024 ? ll : 1024; /* cut -b 1-1024 */
		size_t k = spaces(line, 0, end);
		if (end - k < 4 || memcmp(line + k, "home", 4) != 0)
			continue;
		k = spaces(line, k + 4, end);
		if (k == end || line[k] != '=')
			continue;
		k = spaces(line, k + 1, end);
		memcpy(out + n, line + k, end - k);
		n += end - k;
		out[n++] = '\n';
	}
	n = subst_result(out, n);
	if (n >= 4 && memcmp(out + n - 4, "/bin", 4) == 0)
		out[n - 4] = '\0';
	return out;
}

/* ASCII case-insensitive comparison of n bytes (no strncasecmp: see hooks.c). */
static bool same_folded(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
		if ((x >= 'A' && x <= 'Z' ? x + 32 : x) != (y >= 'A' && y <= 'Z' ? y + 32 : y))
			return false;
	}
	return true;
}

bool rv_venv_cfg_include(const char *text, size_t len)
{
	static const char key[] = "include-system-site-packages";
	const size_t klen = sizeof(key) - 1;
	for (size_t i = 0; i + klen <= len; i++) {
		if (!same_folded(text + i, key, klen))
			continue;
		size_t k = spaces(text, i + klen, len);
		if (k == len || text[k] != '=')
			continue;
		k = spaces(text, k + 1, len);
		if (len - k >= 4 && same_folded(text + k, "true", 4))
			return true;
	}
	return false;
}

/* The names the virtualenv branch looks for, and the first path of each. */
enum { ORIG_PREFIX, NO_GLOBAL, N_NAMES };
static const char *const find_names[N_NAMES] = {"orig-prefix.txt", "no-global-site-packages.txt"};

/* Records path as the first of the names it has, when that is not found yet. Returns 0
 * or -ENOMEM. */
static int match(const char *name, const char *path, char *found[N_NAMES])
{
	for (int k = 0; k < N_NAMES; k++)
		if (!found[k] && strcmp(name, find_names[k]) == 0 && !(found[k] = strdup(path)))
			return -ENOMEM;
	return 0;
}

/* `find DIR/ -maxdepth 2 -type f -name NAME | head -1` for both names in one walk:
 * pre-order, directory order, symlinks not followed. Returns 0 or -ENOMEM. */
static int find_first(const char *dir, int depth, char *found[N_NAMES])
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int r = 0;
	struct dirent *e;
	while (r == 0 && (!found[ORIG_PREFIX] || !found[NO_GLOBAL]) && (e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *path = rv_strf("%s/%s", dir, e->d_name);
		struct stat st;
		bool ok = path && lstat(path, &st) == 0;
		if (!path)
			r = -ENOMEM;
		else if (ok && S_ISDIR(st.st_mode) && depth < 2)
			r = find_first(path, depth + 1, found);
		else if (ok && S_ISREG(st.st_mode))
			r = match(e->d_name, path, found);
		free(path);
	}
	closedir(d);
	return r;
}

/* `[ -f "$(... | head -1)" ]` on a path find printed: its first line, a regular file. */
static bool found_file(char *path)
{
	if (!path)
		return false;
	char *nl = strchr(path, '\n');
	if (nl)
		*nl = '\0';
	return rv_is_file(path);
}

/* "$(cat PATH 2>/dev/null || true)". Malloc'ed; NULL on ENOMEM. */
static char *cat(const char *path)
{
	char *buf = NULL;
	size_t len = 0;
	int r = rv_read_file(path, WHOLE_FILE, &buf, &len);
	if (r == -ENOMEM)
		return NULL;
	if (r < 0)
		return strdup("");
	char *s = realloc(buf, len + 1);
	if (!s) {
		free(buf);
		return NULL;
	}
	subst_result(s, len);
	return s;
}

static int read_venv(const char *cfg, struct rv_venv *v)
{
	char *text = NULL;
	size_t len = 0;
	int r = rv_read_file(cfg, WHOLE_FILE, &text, &len);
	if (r == -ENOMEM)
		return r;
	if (r < 0) /* unreadable: cut and grep fail, the prefix is empty */
		len = 0;
	v->prefix = rv_venv_cfg_prefix(text ? text : "", len);
	v->include = rv_venv_cfg_include(text ? text : "", len);
	free(text);
	return v->prefix ? 0 : -ENOMEM;
}

static int read_virtualenv(const char *dir, const char *prev, struct rv_venv *v)
{
	static const char *const libs[] = {"Lib", "lib-python"}; /* jython, pypy */
	char *lib = NULL, *found[N_NAMES] = {NULL, NULL};
	for (size_t i = 0; i < 2 && !lib; i++) {
		if (!(lib = rv_strf("%s/%s", dir, libs[i])))
			return -ENOMEM;
		if (!rv_is_dir(lib)) {
			free(lib);
			lib = NULL;
		}
	}
	if (!lib && !(lib = rv_strf("%s/lib", dir)))
		return -ENOMEM;
	int r = find_first(lib, 1, found);
	if (r == 0) {
		v->include = !found_file(found[NO_GLOBAL]);
		bool orig = found_file(found[ORIG_PREFIX]);
		v->prefix = orig ? cat(found[ORIG_PREFIX]) : prev ? strdup(prev) : NULL;
		if ((orig || prev) && !v->prefix)
			r = -ENOMEM;
	}
	free(lib);
	free(found[ORIG_PREFIX]);
	free(found[NO_GLOBAL]);
	return r;
}

int rv_venv_read(const char *dir, const char *prev, struct rv_venv *v)
{
	*v = (struct rv_venv){0};
	char *cfg = rv_strf("%s/pyvenv.cfg", dir);
	if (!cfg)
		return -ENOMEM;
	int r = rv_is_file(cfg) ? read_venv(cfg, v) : read_virtualenv(dir, prev, v);
	free(cfg);
	return r;
}

void rv_venv_finish(struct rv_venv *v)
{
	if (!v)
		return;
	free(v->prefix);
	*v = (struct rv_venv){0};
}

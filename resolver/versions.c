#include "resolver/versions.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/shims.h"
#include "resolver/path.h"

/* ---- filevercmp (gnulib, as in coreutils 9.1) ---- */

static bool c_isdigit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

static bool c_isalpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Length of s without its longest suffix matching (\.[A-Za-z~][A-Za-z0-9~]*)*$ */
static size_t file_prefixlen(const char *s, size_t n)
{
	size_t prefixlen = 0;
	for (size_t i = 0;;) {
		if (i == n)
			return prefixlen;
		i++;
		prefixlen = i;
		while (i + 1 < n && s[i] == '.' &&
		       (c_isalpha((unsigned char)s[i + 1]) || s[i + 1] == '~'))
			for (i += 2; i < n && (c_isalpha((unsigned char)s[i]) ||
					       c_isdigit((unsigned char)s[i]) || s[i] == '~');
			     i++)
				continue;
	}
}

static int order(const char *s, size_t pos, size_t len)
{
	if (pos == len)
		return -1;
	unsigned char c = (unsigned char)s[pos];
	if (c_isdigit(c))
		return 0;
	if (c_isalpha(c))
		return c;
	if (c == '~')
		return -2;
	return c + UCHAR_MAX + 1;
}

static int verrevcmp(const char *s1, size_t s1_len, const char *s2, size_t s2_len)
{
	size_t p1 = 0, p2 = 0;
	while (p1 < s1_len || p2 < s2_len) {
		int first_diff = 0;
		while ((p1 < s1_len && !c_isdigit((unsigned char)s1[p1])) ||
		       (p2 < s2_len && !c_isdigit((unsigned char)s2[p2]))) {
			int c1 = order(s1, p1, s1_len);
			int c2 = order(s2, p2, s2_len);
			if (c1 != c2)
				return c1 - c2;
			p1++;
			p2++;
		}
		while (p1 < s1_len && s1[p1] == '0')
			p1++;
		while (p2 < s2_len && s2[p2] == '0')
			p2++;
		while (p1 < s1_len && p2 < s2_len && c_isdigit((unsigned char)s1[p1]) &&
		       c_isdigit((unsigned char)s2[p2])) {
			if (!first_diff)
				first_diff = s1[p1] - s2[p2];
			p1++;
			p2++;
		}
		if (p1 < s1_len && c_isdigit((unsigned char)s1[p1]))
			return 1;
		if (p2 < s2_len && c_isdigit((unsigned char)s2[p2]))
			return -1;
		if (first_diff)
			return first_diff;
	}
	return 0;
}

/* filevercmp of two strings that start with '/' (never empty, never dot-special). */
static int filevercmp_slash(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t ap = file_prefixlen(a, alen), bp = file_prefixlen(b, blen);
	bool one_pass = ap == alen && bp == blen;
	int r = verrevcmp(a, ap, b, bp);
	return r || one_pass ? r : verrevcmp(a, alen, b, blen);
}

int rv_vercmp(const char *a, const char *b)
{
	size_t al = strlen(a), bl = strlen(b);
	char *x = malloc(al + 2), *y = malloc(bl + 2);
	int r;
	if (!x || !y) {
		r = strcmp(a, b);
		goto out;
	}
	x[0] = y[0] = '/';
	memcpy(x + 1, a, al + 1);
	memcpy(y + 1, b, bl + 1);
	r = filevercmp_slash(x, al + 1, y, bl + 1);
	if (!r)
		r = strcmp(a, b);
out:
	free(x);
	free(y);
	return r;
}

/* ---- listing ---- */

static int push_version(struct rv_versions *vs, char *name, char *path, bool is_link, bool is_env)
{
	if (!name || !path)
		goto nomem;
	if (vs->n == vs->cap) {
		size_t cap = vs->cap ? vs->cap * 2 : 16;
		struct rv_version *v = realloc(vs->v, cap * sizeof(*v));
		if (!v)
			goto nomem;
		vs->v = v;
		vs->cap = cap;
	}
	vs->v[vs->n++] = (struct rv_version){name, path, is_link, is_env};
	return 0;
nomem:
	free(name);
	free(path);
	return -ENOMEM;
}

int rv_versions_push(struct rv_versions *vs, char *name, char *path, bool is_link, bool is_env)
{
	return push_version(vs, name, path, is_link, is_env);
}

void rv_versions_finish(struct rv_versions *vs)
{
	for (size_t i = 0; i < vs->n; i++) {
		free(vs->v[i].name);
		free(vs->v[i].path);
	}
	free(vs->v);
	*vs = (struct rv_versions){0};
}

/* True when v is an env listed under the version before it ("V/envs/NAME"). */
static bool follows_version(const struct rv_version *v)
{
	return v->is_env && strstr(v->name, "/envs/");
}

typedef int name_cmp(const char *, const char *);

static int by_name_with(const void *a, const void *b, void *cmp)
{
	const struct rv_version *const *x = a, *const *y = b;
	return (*(name_cmp **)cmp)((*x)->name, (*y)->name);
}

int rv_versions_sort(struct rv_versions *vs, int (*cmp)(const char *, const char *))
{
	const struct rv_version **heads = calloc(vs->n + 1, sizeof(*heads));
	struct rv_version *out = calloc(vs->n + 1, sizeof(*out));
	if (!heads || !out) {
		free(heads);
		free(out);
		return -ENOMEM;
	}
	size_t nh = 0, k = 0;
	for (size_t i = 0; i < vs->n; i++)
		if (i == 0 || !follows_version(&vs->v[i]))
			heads[nh++] = &vs->v[i];
	qsort_r(heads, nh, sizeof(*heads), by_name_with, &cmp);
	for (size_t h = 0; h < nh; h++) {
		const struct rv_version *g = heads[h];
		out[k++] = *g;
		for (g++; g < vs->v + vs->n && follows_version(g); g++)
			out[k++] = *g;
	}
	free(vs->v);
	vs->v = out;
	vs->cap = vs->n + 1;
	free(heads);
	return 0;
}

/* Every name in dir but . and .. (bash's dotglob), each prefixed with one character
 * telling its type from readdir: 'd' directory, 'l' symlink, 'f' other, '?' unknown.
 * Returns 0 (also when dir is not readable: an empty glob) or -ENOMEM. */
static int list_dir(const char *dir, struct rv_strv *out)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *de;
	int r = 0;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		char t = de->d_type == DT_DIR       ? 'd'
			 : de->d_type == DT_LNK     ? 'l'
			 : de->d_type == DT_UNKNOWN ? '?'
						    : 'f';
		if ((r = rv_strv_pushf(out, "%c%s", t, de->d_name)) < 0)
			break;
	}
	closedir(d);
	return r;
}

/* Is the typed entry from list_dir, at path, a directory (following links)? */
static bool typed_is_dir(const char *typed, const char *path)
{
	return typed[0] == 'd' || ((typed[0] == 'l' || typed[0] == '?') && rv_is_dir(path));
}

/* Is it a symlink? */
static bool typed_is_link(const char *typed, const char *path)
{
	return typed[0] == 'l' || (typed[0] == '?' && rv_is_link(path));
}

static int cmp_coll(const void *a, const void *b)
{
	return strcoll(*(char *const *)a, *(char *const *)b);
}

/* Compares typed names (list_dir's) by their names. */
static int cmp_typed_coll(const void *a, const void *b)
{
	return strcoll(*(char *const *)a + 1, *(char *const *)b + 1);
}

static int cmp_typed_ver(const void *a, const void *b)
{
	return rv_vercmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* pyenv-versions' realpath() fallback: follows the symlink chain of the last component,
 * cd'ing logically into each link's directory. Malloc'ed; NULL on error. */
static char *pyenv_realpath(const char *path, const char *pwd)
{
	char *cwd = strdup(pwd ? pwd : "/");
	char *p = strdup(path);
	char *name = NULL;
	int guard = 0;
	while (cwd && p && *p && guard++ < 64) {
		free(name);
		name = strdup(rv_basename(p));
		if (!name)
			break;
		if (strcmp(name, p) != 0) {
			char *d = rv_dirname(p);
			char *ncwd = d && *d ? rv_cd_logical(d, cwd) : (d ? strdup(cwd) : NULL);
			free(d);
			free(cwd);
			cwd = ncwd;
			if (!cwd)
				break;
		}
		char *abs = rv_strf("%s/%s", cwd, name);
		char buf[PATH_MAX];
		ssize_t n = abs ? readlink(abs, buf, sizeof(buf) - 1) : -1;
		free(abs);
		free(p);
		p = strndup(buf, n > 0 ? (size_t)n : 0);
	}
	char *out = cwd && name && p && !*p ? rv_strf("%s/%s", strcmp(cwd, "/") ? cwd : "", name)
					    : NULL;
	free(cwd);
	free(p);
	free(name);
	return out;
}

/* "${target%/(star)/envs/(star)}" == dir */
static bool is_env_of(const char *target, const char *dir)
{
	size_t len = strlen(target);
	for (size_t i = len; i-- > 0;) {
		if (target[i] != '/')
			continue;
		const char *e = strstr(target + i + 1, "/envs/");
		if (!e)
			continue;
		return strlen(dir) == i && strncmp(target, dir, i) == 0;
	}
	return false;
}

/* "${target%/(star)}" == dir */
static bool is_child_of(const char *target, const char *dir)
{
	const char *s = strrchr(target, '/');
	size_t n = s ? (size_t)(s - target) : strlen(target);
	return strlen(dir) == n && strncmp(target, dir, n) == 0;
}

/* Whether the version dir path (a symbolic link) is an alias: it resolves to another
 * version of vdir or to one of their envs. */
static bool is_alias(const char *path, const char *vdir, const char *pwd)
{
	char *target = pyenv_realpath(path, pwd);
	bool alias = target && (is_child_of(target, vdir) || is_env_of(target, vdir));
	free(target);
	return alias;
}

/* Adds the envs of the version at path (<path>/envs/(star)), shown relative to
 * prefix ("<root>/versions/") when under it. 0 or -ENOMEM. */
static int push_envs(struct rv_versions *out, const char *path, const char *prefix)
{
	struct rv_strv envs = {0};
	char *edir = rv_strf("%s/envs", path);
	if (!edir)
		return -ENOMEM;
	int r = list_dir(edir, &envs);
	if (r >= 0 && envs.n > 1)
		qsort(envs.v, envs.n, sizeof(char *), cmp_typed_coll);
	for (size_t j = 0; r >= 0 && j < envs.n; j++) {
		char *epath = rv_strf("%s/%s", edir, envs.v[j] + 1);
		if (!epath) {
			r = -ENOMEM;
			break;
		}
		if (!typed_is_dir(envs.v[j], epath)) {
			free(epath);
			continue;
		}
		const char *shown = rv_startswith(epath, prefix) ? epath + strlen(prefix) : epath;
		r = push_version(out, strdup(shown), epath, typed_is_link(envs.v[j], epath), true);
	}
	free(edir);
	rv_strv_clear(&envs);
	return r < 0 ? r : 0;
}

int rv_versions_list(const char *root, const char *pwd, unsigned flags, struct rv_versions *out)
{
	struct rv_strv names = {0};
	char *vdir = rv_strf("%s/versions", root), *prefix = rv_strf("%s/versions/", root);
	int r = -ENOMEM;
	if (!vdir || !prefix)
		goto out;
	if (rv_is_dir(vdir)) {
		char *real = pyenv_realpath(vdir, pwd);
		if (real) {
			free(vdir);
			vdir = real;
		}
	}
	if ((r = list_dir(vdir, &names)) < 0)
		goto out;
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(char *), cmp_typed_ver);
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.v[i] + 1;
		char *path = rv_strf("%s/%s", vdir, name);
		if (!path) {
			r = -ENOMEM;
			goto out;
		}
		bool link = false;
		if (!typed_is_dir(names.v[i], path) ||
		    ((link = typed_is_link(names.v[i], path)) &&
		     (flags & RV_VERSIONS_SKIP_ALIASES) && is_alias(path, vdir, pwd))) {
			free(path);
			continue;
		}
		if ((r = push_version(out, strdup(name), path, link, false)) < 0)
			goto out;
		if (!(flags & RV_VERSIONS_SKIP_ENVS) && (r = push_envs(out, path, prefix)) < 0)
			goto out;
	}
	r = 0;
out:
	rv_strv_clear(&names);
	free(vdir);
	free(prefix);
	return r;
}

/* Every name in bindir (`pyenv versions --executables` lists them all). */
static int add_bin_names(const char *bindir, struct rv_strv *out)
{
	DIR *d = opendir(bindir);
	if (!d)
		return 0;
	int r = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if ((r = rv_strv_push(out, de->d_name)) < 0)
			break;
	}
	closedir(d);
	return r;
}

/* pyenv's `versions --executables`: versions/(star)/bin/(star) and
 * versions/(star)/envs/(star)/bin/(star) with dotglob. */
static int add_all_executables(const char *root, struct rv_strv *all)
{
	struct rv_strv vers = {0}, envs = {0};
	char *vdir = rv_strf("%s/versions", root);
	int r = vdir ? list_dir(vdir, &vers) : -ENOMEM;
	for (size_t i = 0; i < vers.n && r >= 0; i++) {
		char *bin = rv_strf("%s/%s/bin", vdir, vers.v[i] + 1);
		char *edir = rv_strf("%s/%s/envs", vdir, vers.v[i] + 1);
		r = bin && edir ? add_bin_names(bin, all) : -ENOMEM;
		if (r >= 0)
			r = list_dir(edir, &envs);
		for (size_t j = 0; j < envs.n && r >= 0; j++) {
			char *ebin = rv_strf("%s/%s/bin", edir, envs.v[j] + 1);
			r = ebin ? add_bin_names(ebin, all) : -ENOMEM;
			free(ebin);
		}
		rv_strv_clear(&envs);
		free(bin);
		free(edir);
	}
	rv_strv_clear(&vers);
	free(vdir);
	return r;
}

static int push_name(void *all, const char *name)
{
	return rv_strv_push(all, name);
}

static int add_shims_of(void *all, enum pc_shim_dir kind, const char *path)
{
	if (kind == PC_SHIM_ENVS)
		return 0;
	char *bin = rv_strf("%s/bin", path);
	int r = bin ? pc_shim_each_in_bin(bin, push_name, all) : -ENOMEM;
	free(bin);
	return r;
}

int rv_names_sort_unique(struct rv_strv *all, int r, struct rv_strv *out)
{
	if (r >= 0 && all->n > 1)
		qsort(all->v, all->n, sizeof(char *), cmp_coll);
	for (size_t i = 0; i < all->n && r >= 0; i++)
		if (i == 0 || strcoll(all->v[i], all->v[i - 1]) != 0)
			r = rv_strv_push(out, all->v[i]);
	rv_strv_clear(all);
	return r;
}

int rv_versions_executables(const char *root, bool executable_only, struct rv_strv *out)
{
	struct rv_strv all = {0};
	int r = executable_only ? pc_shim_walk(root, add_shims_of, &all)
				: add_all_executables(root, &all);
	return rv_names_sort_unique(&all, r, out);
}

/* ---- latest ---- */

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && memcmp(s + n - m, suffix, m) == 0;
}

/* /(a|b|rc)[0-9]+$/ */
static bool is_prerelease(const char *s)
{
	size_t n = strlen(s), d = n;
	while (d > 0 && c_isdigit((unsigned char)s[d - 1]))
		d--;
	if (d == n || d == 0)
		return false;
	return s[d - 1] == 'a' || s[d - 1] == 'b' || (d >= 2 && s[d - 2] == 'r' && s[d - 1] == 'c');
}

/* /[0-9]t$/ */
static bool is_freethreaded(const char *s)
{
	size_t n = strlen(s);
	return n >= 2 && s[n - 1] == 't' && c_isdigit((unsigned char)s[n - 2]);
}

/* The `sort -t. -k1,1r -k2,2nr -k3,3nr -k4,4nr` key line pyenv-latest builds with awk. */
static char *sort_key(const char *v)
{
	size_t i = 0;
	while (c_isalpha((unsigned char)v[i]) || c_isdigit((unsigned char)v[i]))
		i++;
	if (i > 0 && v[i] == '-')
		return rv_strf("%.*s.%s..|%s", (int)i, v, v + i + 1, v);
	return rv_strf("%s...|%s", v, v);
}

/* Field k (1-based) of a '.'-separated line, as [*s, *s + *n). */
static void field(const char *line, int k, const char **s, size_t *n)
{
	const char *p = line;
	for (int i = 1; i < k; i++) {
		p = strchr(p, '.');
		if (!p) {
			*s = "";
			*n = 0;
			return;
		}
		p++;
	}
	*s = p;
	*n = strcspn(p, ".");
}

/* GNU sort -n on a field: blanks, optional '-', digits; anything else is 0. */
static int numcmp(const char *a, size_t an, const char *b, size_t bn)
{
	const char *ea = a + an, *eb = b + bn;
	while (a < ea && (*a == ' ' || *a == '\t'))
		a++;
	while (b < eb && (*b == ' ' || *b == '\t'))
		b++;
	bool na = a < ea && *a == '-', nb = b < eb && *b == '-';
	a += na;
	b += nb;
	while (a < ea && *a == '0')
		a++;
	while (b < eb && *b == '0')
		b++;
	size_t la = 0, lb = 0;
	while (a + la < ea && c_isdigit((unsigned char)a[la]))
		la++;
	while (b + lb < eb && c_isdigit((unsigned char)b[lb]))
		lb++;
	if (!la)
		na = false; /* -0 == 0 */
	if (!lb)
		nb = false;
	if (na != nb)
		return na ? -1 : 1;
	int r = la != lb ? (la < lb ? -1 : 1) : memcmp(a, b, la);
	r = r < 0 ? -1 : r > 0;
	return na ? -r : r;
}

static int cmp_latest(const void *pa, const void *pb)
{
	const char *a = *(char *const *)pa, *b = *(char *const *)pb;
	const char *fa, *fb;
	size_t na, nb;
	field(a, 1, &fa, &na);
	field(b, 1, &fb, &nb);
	int r = memcmp(fa, fb, na < nb ? na : nb);
	if (!r)
		r = na < nb ? -1 : na > nb;
	if (r)
		return -r;
	for (int k = 2; k <= 4; k++) {
		field(a, k, &fa, &na);
		field(b, k, &fb, &nb);
		if ((r = numcmp(fa, na, fb, nb)))
			return -r;
	}
	return strcmp(a, b);
}

int rv_latest_pick(char *const *candidates, size_t n, const char *prefix, char **out)
{
	if (n == 0 && !*prefix)
		return (*out = strdup("")) ? 0 : -ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (strcmp(candidates[i], prefix) == 0)
			return (*out = strdup(prefix)) ? 0 : -ENOMEM;
	size_t plen = strlen(prefix);
	bool want_t =
		plen >= 2 && prefix[plen - 1] == 't' && c_isdigit((unsigned char)prefix[plen - 2]);
	if (want_t)
		plen--;
	struct rv_strv keys = {0};
	int r = 0;
	for (size_t i = 0; i < n && r >= 0; i++) {
		const char *c = candidates[i];
		size_t clen = strlen(c);
		if (!*c || clen < plen + 1 + want_t || strncmp(c, prefix, plen) != 0 ||
		    (c[plen] != '-' && c[plen] != '.') || (want_t && c[clen - 1] != 't'))
			continue;
		if (ends_with(c, "-dev") || ends_with(c, "-src") || ends_with(c, "-latest") ||
		    is_prerelease(c) || (!want_t && is_freethreaded(c)))
			continue;
		r = rv_strv_take(&keys, sort_key(c));
	}
	if (r < 0)
		goto out;
	if (!keys.n) {
		r = -ENOENT;
		goto out;
	}
	qsort(keys.v, keys.n, sizeof(char *), cmp_latest);
	/* cut -f2 -d'|' */
	const char *bar = strchr(keys.v[0], '|');
	const char *s = bar ? bar + 1 : keys.v[0];
	*out = strndup(s, strcspn(s, "|"));
	r = *out ? 0 : -ENOMEM;
out:
	rv_strv_clear(&keys);
	return r;
}

int rv_latest(const char *root, const char *pwd, const char *prefix, char **out)
{
	char *path = rv_strf("%s/versions/%s", root, prefix);
	if (!path)
		return -ENOMEM;
	bool dir = rv_is_dir(path);
	free(path);
	if (dir)
		return (*out = strdup(prefix)) ? 0 : -ENOMEM;
	return rv_latest_listed(root, pwd, prefix, out);
}

int rv_latest_force(const char *root, const char *pwd, const char *prefix, char **out)
{
	int r = rv_latest(root, pwd, prefix, out);
	return r == -ENOENT ? rv_latest_unmatched(prefix, out) : r;
}

int rv_latest_unmatched(const char *prefix, char **out)
{
	size_t n = strlen(prefix);
	bool t = n >= 2 && prefix[n - 1] == 't' && prefix[n - 2] >= '0' && prefix[n - 2] <= '9';
	return (*out = strndup(prefix, t ? n - 1 : n)) ? 1 : -ENOMEM;
}

int rv_latest_listed(const char *root, const char *pwd, const char *prefix, char **out)
{
	struct rv_versions vs = {0};
	int r = rv_versions_list(root, pwd, RV_VERSIONS_SKIP_ENVS, &vs);
	if (r < 0)
		return r;
	char **names = malloc((vs.n + 1) * sizeof(char *));
	if (!names) {
		rv_versions_finish(&vs);
		return -ENOMEM;
	}
	for (size_t i = 0; i < vs.n; i++)
		names[i] = vs.v[i].name;
	r = rv_latest_pick(names, vs.n, prefix, out);
	free(names);
	rv_versions_finish(&vs);
	return r;
}

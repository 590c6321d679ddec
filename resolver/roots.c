/* rv_roots: see roots.h. */
#include "resolver/roots.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/path.h"
#include "common/shims.h"
#include "resolver/path.h"

int rv_roots_load(const char *prog, const char *root, const char *list, bool warn,
		  struct pc_roots **roots, struct rv_strv *msgs)
{
	struct pc_msg msg = {""};
	int r;
	if (!list) {
		char *file = rv_strf("%s/%s", root, PC_ROOTS_FILE);
		if (!file)
			return -ENOMEM;
		r = pc_roots_read_file(file, roots);
		if (r < 0 && r != -ENOENT && r != -ENOMEM)
			pc_msg_set(&msg, "%s: %s", file, strerror(-r));
		free(file);
	} else {
		char *main = pc_absolute(*root ? root : "/");
		r = main ? pc_roots_parse(list, main, NULL, roots, &msg) : -errno;
		free(main);
	}
	if (r == -ENOMEM)
		return r;
	if (msg.text[0])
		return rv_strv_pushf(msgs, "%s: PYENVFS_ROOTS: %s", prog, msg.text);
	for (size_t i = 0; warn && i < pc_roots_count(*roots); i++)
		if (pc_roots_kind(*roots, i) == PC_ROOT_MISSING &&
		    rv_strv_pushf(msgs, "%s: PYENVFS_ROOTS: %s: does not exist (yet): skipped",
				  prog, pc_roots_path(*roots, i)) < 0)
			return -ENOMEM;
	return 0;
}

/* The uv entry of dir named v as pyenv names it, as a path; NULL (errno ENOENT, ENOMEM). */
static char *uv_entry(const char *dir, const char *v)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno = ENOENT, NULL;
	struct dirent *de;
	char name[256], *found = NULL;
	errno = ENOENT;
	while (!found && (de = readdir(d)))
		if (pc_uv_version_name(de->d_name, name, sizeof(name)) == 0 && !strcmp(name, v))
			found = rv_strf("%s/%s", dir, de->d_name);
	closedir(d);
	return found;
}

/* Version v's directory in extra root i; NULL (errno ENOENT or ENOMEM). */
static char *extra_path(struct pc_roots *roots, size_t i, const char *v)
{
	const char *root = pc_roots_path(roots, i);
	switch (pc_roots_kind(roots, i)) {
	case PC_ROOT_PYENV: {
		char *p = rv_strf("%s/versions/%s", root, v);
		if (p && rv_is_dir(p))
			return p;
		free(p);
		return errno = p ? ENOENT : ENOMEM, NULL;
	}
	case PC_ROOT_UV:
		return strchr(v, '/') ? (errno = ENOENT, NULL) : uv_entry(root, v);
	default:
		return errno = ENOENT, NULL;
	}
}

/* The winning path of v and the index of its extra root (count: root's or nobody's);
 * *found: it is a directory (with no extra roots: not asked, false). */
static char *winning(const char *root, struct pc_roots *roots, const char *v, size_t *index,
		     bool *found)
{
	char *p = rv_strf("%s/versions/%s", root, v);
	size_t n = pc_roots_count(roots);
	*index = n;
	*found = false;
	if (!p || !n || !*v || (*found = rv_is_dir(p)))
		return p;
	for (size_t i = 0; i < n; i++) {
		char *q = extra_path(roots, i, v);
		if (q) {
			free(p);
			*index = i;
			*found = true;
			return q;
		}
		if (errno == ENOMEM) {
			free(p);
			return NULL;
		}
	}
	return p;
}

char *rv_roots_version_path(const char *root, struct pc_roots *roots, const char *v)
{
	size_t i;
	bool found;
	return winning(root, roots, v, &i, &found);
}

bool rv_roots_version_exists(const char *root, struct pc_roots *roots, const char *v)
{
	size_t i;
	bool found;
	char *p = winning(root, roots, v, &i, &found);
	bool ok = p && (pc_roots_count(roots) && *v ? found : rv_is_dir(p));
	free(p);
	return ok;
}

const char *rv_roots_origin(const char *root, struct pc_roots *roots, const char *v)
{
	size_t i;
	bool found;
	char *p = winning(root, roots, v, &i, &found);
	free(p);
	return i < pc_roots_count(roots) ? pc_roots_path(roots, i) : NULL;
}

/* Whether name, or the version it is an env of ("V/envs/E"), is in vs already. */
static bool listed(const struct rv_versions *vs, size_t upto, const char *name)
{
	size_t n = strcspn(name, "/");
	for (size_t i = 0; i < upto; i++)
		if (!vs->v[i].is_env && strlen(vs->v[i].name) == n &&
		    !strncmp(vs->v[i].name, name, n))
			return true;
	return false;
}

static int cmp_ver(const void *a, const void *b)
{
	return rv_vercmp(*(char *const *)a, *(char *const *)b);
}

/* uv root dir's versions, version-sorted, appended to out. 0 or -ENOMEM. */
static int list_uv(const char *dir, struct rv_versions *out)
{
	struct rv_strv names = {0};
	DIR *d = opendir(dir);
	struct dirent *de;
	char name[256];
	int r = 0;
	while (d && r >= 0 && (de = readdir(d)))
		if (pc_uv_version_name(de->d_name, name, sizeof(name)) == 0)
			r = rv_strv_pushf(&names, "%s\t%s", name, de->d_name);
	if (d)
		closedir(d);
	if (names.n > 1)
		qsort(names.v, names.n, sizeof(char *), cmp_ver);
	for (size_t i = 0; r >= 0 && i < names.n; i++) {
		char *tab = strchr(names.v[i], '\t');
		*tab = '\0';
		r = rv_versions_push(out, strdup(names.v[i]), rv_strf("%s/%s", dir, tab + 1), false,
				     false);
	}
	rv_strv_clear(&names);
	return r;
}

/* Appends extra root i's versions that no earlier root has. 0 or -ENOMEM. */
static int list_extra(const char *pwd, struct pc_roots *roots, size_t i, unsigned flags,
		      struct rv_versions *out)
{
	struct rv_versions vs = {0};
	const char *root = pc_roots_path(roots, i);
	enum pc_root_kind kind = pc_roots_kind(roots, i);
	int r = kind == PC_ROOT_PYENV ? rv_versions_list(root, pwd, flags, &vs)
		: kind == PC_ROOT_UV  ? list_uv(root, &vs)
				      : 0;
	size_t before = out->n;
	for (size_t j = 0; r >= 0 && j < vs.n; j++) {
		if (listed(out, before, vs.v[j].name))
			continue;
		r = rv_versions_push(out, vs.v[j].name, vs.v[j].path, vs.v[j].is_link,
				     vs.v[j].is_env);
		vs.v[j].name = vs.v[j].path = NULL;
		if (r >= 0)
			out->v[out->n - 1].origin = root;
	}
	rv_versions_finish(&vs);
	return r;
}

int rv_roots_list(const char *root, const char *pwd, struct pc_roots *roots, unsigned flags,
		  struct rv_versions *out)
{
	size_t before = out->n;
	int r = rv_versions_list(root, pwd, flags, out);
	size_t own = out->n;
	for (size_t i = 0; r >= 0 && i < pc_roots_count(roots); i++)
		r = list_extra(pwd, roots, i, flags, out);
	/* the union sorted as one root's list (what versions prints, with each version's
	 * root marked) */
	if (r >= 0 && out->n > own && before == 0)
		r = rv_versions_sort(out, rv_vercmp);
	return r;
}

static int push_name(void *all, const char *name)
{
	return rv_strv_push(all, name);
}

/* Adds the executables of extra root i to all. 0 or -ENOMEM. */
static int extra_executables(struct pc_roots *roots, size_t i, bool executable_only,
			     struct rv_strv *all)
{
	const char *path = pc_roots_path(roots, i);
	enum pc_root_kind kind = pc_roots_kind(roots, i);
	if (kind == PC_ROOT_PYENV)
		return rv_versions_executables(path, executable_only, all);
	struct rv_versions vs = {0};
	int r = kind == PC_ROOT_UV ? list_uv(path, &vs) : 0;
	for (size_t j = 0; r >= 0 && j < vs.n; j++) {
		char *bin = rv_strf("%s/bin", vs.v[j].path);
		r = bin ? pc_shim_each_in_bin(bin, push_name, all) : -ENOMEM;
		free(bin);
	}
	rv_versions_finish(&vs);
	return r;
}

int rv_roots_executables(const char *root, struct pc_roots *roots, bool executable_only,
			 struct rv_strv *out)
{
	if (!pc_roots_count(roots))
		return rv_versions_executables(root, executable_only, out);
	struct rv_strv all = {0};
	int r = rv_versions_executables(root, executable_only, &all);
	for (size_t i = 0; r >= 0 && i < pc_roots_count(roots); i++)
		r = extra_executables(roots, i, executable_only, &all);
	return rv_names_sort_unique(&all, r, out);
}

int rv_roots_latest(const char *root, const char *pwd, struct pc_roots *roots, const char *prefix,
		    char **out)
{
	if (!pc_roots_count(roots))
		return rv_latest(root, pwd, prefix, out);
	if (rv_roots_version_exists(root, roots, prefix))
		return (*out = strdup(prefix)) ? 0 : -ENOMEM;
	return rv_roots_latest_listed(root, pwd, roots, prefix, out);
}

int rv_roots_latest_force(const char *root, const char *pwd, struct pc_roots *roots,
			  const char *prefix, char **out)
{
	int r = rv_roots_latest(root, pwd, roots, prefix, out);
	return r == -ENOENT ? rv_latest_unmatched(prefix, out) : r;
}

int rv_roots_latest_listed(const char *root, const char *pwd, struct pc_roots *roots,
			   const char *prefix, char **out)
{
	if (!pc_roots_count(roots))
		return rv_latest_listed(root, pwd, prefix, out);
	struct rv_versions vs = {0};
	int r = rv_roots_list(root, pwd, roots, RV_VERSIONS_SKIP_ENVS, &vs);
	char **names = r < 0 ? NULL : malloc((vs.n + 1) * sizeof(char *));
	if (names) {
		for (size_t i = 0; i < vs.n; i++)
			names[i] = vs.v[i].name;
		r = rv_latest_pick(names, vs.n, prefix, out);
	}
	free(names);
	rv_versions_finish(&vs);
	return names ? r : -ENOMEM;
}

bool rv_roots_under(const char *root, struct pc_roots *roots, const char *path)
{
	if (*root && rv_startswith(path, root))
		return true;
	for (size_t i = 0; i < pc_roots_count(roots); i++)
		if (rv_startswith(path, pc_roots_path(roots, i)))
			return true;
	return false;
}

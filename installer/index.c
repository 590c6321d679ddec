#include "installer/index.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pyi_index {
	struct pyi_build *builds;
	size_t n;
};

static void build_finish(struct pyi_build *b)
{
	free((char *)b->key);
	free((char *)b->url);
	free((char *)b->sha256);
	free((char *)b->build);
}

void pyi_index_destroy(struct pyi_index *idx)
{
	if (!idx)
		return;
	for (size_t i = 0; i < idx->n; i++)
		build_finish(&idx->builds[i]);
	free(idx->builds);
	free(idx);
}

size_t pyi_index_size(const struct pyi_index *idx)
{
	return idx->n;
}

const struct pyi_build *pyi_index_at(const struct pyi_index *idx, size_t i)
{
	return i < idx->n ? &idx->builds[i] : NULL;
}

static enum pyi_flavor flavor_of(const char *url)
{
	const char *base = strrchr(url, '/');
	base = base ? base + 1 : url;
	if (strstr(base, "install_only_stripped"))
		return PYI_FLAVOR_INSTALL_ONLY_STRIPPED;
	if (strstr(base, "install_only"))
		return PYI_FLAVOR_INSTALL_ONLY;
	return PYI_FLAVOR_FULL;
}

static bool get_string(json_t *e, const char *key, const char *field, bool required,
		       const char **out, struct pyi_err *err)
{
	json_t *v = json_object_get(e, field);
	if (!v || json_is_null(v)) {
		*out = NULL;
		if (required)
			return pyi_err_set(err, PYI_E_INDEX,
					   "index: entry `%s': missing field `%s'", key, field);
		return true;
	}
	if (!json_is_string(v))
		return pyi_err_set(err, PYI_E_INDEX,
				   "index: entry `%s': field `%s' is not a string", key, field);
	*out = json_string_value(v);
	return true;
}

static bool get_int(json_t *e, const char *key, const char *field, int *out, struct pyi_err *err)
{
	json_t *v = json_object_get(e, field);
	if (!v)
		return pyi_err_set(err, PYI_E_INDEX, "index: entry `%s': missing field `%s'", key,
				   field);
	if (!json_is_integer(v) || json_integer_value(v) < 0 || json_integer_value(v) > 999999)
		return pyi_err_set(err, PYI_E_INDEX,
				   "index: entry `%s': field `%s' is not a version number", key,
				   field);
	*out = (int)json_integer_value(v);
	return true;
}

static bool is_sha256(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f') ||
		      (*p >= 'A' && *p <= 'F')))
			return false;
	return true;
}

static bool copy_field(char *dst, size_t size, const char *src, const char *key, const char *field,
		       struct pyi_err *err)
{
	if (strlen(src) >= size || !src[0])
		return pyi_err_set(err, PYI_E_INDEX, "index: entry `%s': bad `%s' value `%s'", key,
				   field, src);
	memcpy(dst, src, strlen(src) + 1);
	return true;
}

/* The entry's architecture: "arch" as a string, or an object with "family" and an
 * optional "variant" (*variant NULL when absent or null). */
static bool read_arch(const char *key, json_t *e, const char **family, const char **variant,
		      struct pyi_err *err)
{
	json_t *arch = json_object_get(e, "arch");
	*variant = NULL;
	if (json_is_string(arch)) {
		*family = json_string_value(arch);
		return true;
	}
	if (!json_is_object(arch))
		return pyi_err_set(err, PYI_E_INDEX, "index: entry `%s': missing field `arch'", key);
	json_t *f = json_object_get(arch, "family");
	if (!json_is_string(f))
		return pyi_err_set(err, PYI_E_INDEX,
				   "index: entry `%s': field `arch.family' is missing", key);
	*family = json_string_value(f);
	json_t *av = json_object_get(arch, "variant");
	if (av && !json_is_null(av)) {
		if (!json_is_string(av))
			return pyi_err_set(err, PYI_E_INDEX,
					   "index: entry `%s': field `arch.variant' is not a string",
					   key);
		*variant = json_string_value(av);
	}
	return true;
}

/* Sets b's own copies of key, url, build ("" when NULL) and sha (lower-cased; NULL
 * stays NULL). */
static bool copy_strings(struct pyi_build *b, const char *key, const char *url, const char *build,
			 const char *sha, struct pyi_err *err)
{
	b->key = strdup(key);
	b->url = strdup(url);
	b->build = strdup(build ? build : "");
	if (sha) {
		char *lower = strdup(sha);
		for (char *p = lower; p && *p; p++)
			if (*p >= 'A' && *p <= 'F')
				*p = (char)(*p - 'A' + 'a');
		b->sha256 = lower;
	}
	if (!b->key || !b->url || !b->build || (sha && !b->sha256)) {
		build_finish(b);
		return pyi_err_set(err, PYI_E_IO, "out of memory");
	}
	return true;
}

/* Reads one entry into b. *kept is false when it is skipped (another
 * implementation, variant or architecture level). False on error. */
static bool read_entry(const char *key, json_t *e, struct pyi_build *b, bool *kept,
		       struct pyi_err *err)
{
	memset(b, 0, sizeof(*b));
	*kept = false;
	if (!json_is_object(e))
		return pyi_err_set(err, PYI_E_INDEX, "index: entry `%s' is not an object", key);
	const char *name = NULL, *os = NULL, *libc = NULL, *pre = NULL, *url = NULL, *sha = NULL;
	const char *variant = NULL, *build = NULL, *family = NULL, *avariant = NULL;
	if (!get_string(e, key, "name", true, &name, err))
		return false;
	if (strcmp(name, "cpython") != 0)
		return true;
	if (!read_arch(key, e, &family, &avariant, err) ||
	    !get_string(e, key, "os", true, &os, err) ||
	    !get_string(e, key, "libc", true, &libc, err) ||
	    !get_string(e, key, "prerelease", false, &pre, err) ||
	    !get_string(e, key, "url", true, &url, err) ||
	    !get_string(e, key, "sha256", false, &sha, err) ||
	    !get_string(e, key, "variant", false, &variant, err) ||
	    !get_string(e, key, "build", false, &build, err) ||
	    !get_int(e, key, "major", &b->version.major, err) ||
	    !get_int(e, key, "minor", &b->version.minor, err) ||
	    !get_int(e, key, "patch", &b->version.patch, err))
		return false;
	if (pre && !pyi_pre_valid(pre))
		return pyi_err_set(err, PYI_E_INDEX, "index: entry `%s': bad prerelease `%s'", key,
				   pre);
	if (sha && !is_sha256(sha))
		return pyi_err_set(err, PYI_E_INDEX, "index: entry `%s': bad sha256 `%s'", key, sha);
	if (!url[0])
		return pyi_err_set(err, PYI_E_INDEX, "index: entry `%s': empty url", key);
	if (avariant || (variant && strcmp(variant, "freethreaded") != 0))
		return true;
	b->version.freethreaded = variant != NULL;
	snprintf(b->version.pre, sizeof(b->version.pre), "%s", pre ? pre : "");
	if (!copy_field(b->platform.os, sizeof(b->platform.os), os, key, "os", err) ||
	    !copy_field(b->platform.arch, sizeof(b->platform.arch), family, key, "arch", err) ||
	    !copy_field(b->platform.libc, sizeof(b->platform.libc), libc, key, "libc", err))
		return false;
	if (!pyi_version_name(&b->version, b->name, sizeof(b->name)))
		return pyi_err_set(err, PYI_E_INDEX, "index: entry `%s': bad version", key);
	b->flavor = flavor_of(url);
	*kept = copy_strings(b, key, url, build, sha, err);
	return *kept;
}

/* Oldest first; for one version the preferred flavor and newest build last. */
static int build_cmp(const void *pa, const void *pb)
{
	const struct pyi_build *a = pa, *b = pb;
	int c = pyi_version_cmp(&a->version, &b->version);
	if (c)
		return c;
	if (a->flavor != b->flavor)
		return a->flavor < b->flavor ? -1 : 1;
	c = strcmp(a->build, b->build);
	if (c)
		return c;
	return strcmp(a->key, b->key);
}

bool pyi_index_parse(const char *json, size_t len, struct pyi_index **out, struct pyi_err *err)
{
	*out = NULL;
	json_error_t jerr;
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return pyi_err_set(err, PYI_E_INDEX,
				   "index: not valid JSON: %s (line %d, column %d)", jerr.text,
				   jerr.line, jerr.column);
	bool ok = false;
	struct pyi_index *idx = calloc(1, sizeof(*idx));
	if (!idx) {
		pyi_err_set(err, PYI_E_IO, "out of memory");
		goto out;
	}
	if (!json_is_object(root)) {
		pyi_err_set(err, PYI_E_INDEX, "index: the top level is not a JSON object");
		goto out;
	}
	size_t cap = json_object_size(root);
	idx->builds = calloc(cap ? cap : 1, sizeof(*idx->builds));
	if (!idx->builds) {
		pyi_err_set(err, PYI_E_IO, "out of memory");
		goto out;
	}
	const char *key;
	json_t *e;
	json_object_foreach(root, key, e)
	{
		bool kept;
		if (!read_entry(key, e, &idx->builds[idx->n], &kept, err))
			goto out;
		idx->n += kept;
	}
	qsort(idx->builds, idx->n, sizeof(*idx->builds), build_cmp);
	*out = idx;
	idx = NULL;
	ok = true;
out:
	pyi_index_destroy(idx);
	json_decref(root);
	return ok;
}

bool pyi_index_load_file(const char *path, struct pyi_index **out, struct pyi_err *err)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return pyi_err_set(err, PYI_E_INDEX, "index: cannot open %s: %s", path,
				   strerror(errno));
	char *buf = NULL;
	size_t len = 0, cap = 0;
	bool ok = false;
	for (;;) {
		if (len == cap) {
			size_t ncap = cap ? cap * 2 : 1 << 16;
			char *nbuf = realloc(buf, ncap);
			if (!nbuf) {
				pyi_err_set(err, PYI_E_IO, "out of memory");
				goto out;
			}
			buf = nbuf;
			cap = ncap;
		}
		size_t n = fread(buf + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		pyi_err_set(err, PYI_E_INDEX, "index: cannot read %s: %s", path, strerror(errno));
		goto out;
	}
	ok = pyi_index_parse(buf, len, out, err);
out:
	free(buf);
	fclose(f);
	return ok;
}

static bool same_platform(const struct pyi_platform *a, const struct pyi_platform *b)
{
	return strcmp(a->os, b->os) == 0 && strcmp(a->arch, b->arch) == 0 &&
	       strcmp(a->libc, b->libc) == 0;
}

bool pyi_build_runs_on(const struct pyi_build *b, const struct pyi_platform *p)
{
	return b->sha256 && same_platform(&b->platform, p);
}

const struct pyi_build *pyi_index_select(const struct pyi_index *idx, const struct pyi_platform *p,
					 const char *request, struct pyi_err *err)
{
	struct pyi_request req;
	if (!pyi_request_parse(request, &req)) {
		pyi_err_set(err, PYI_E_USAGE,
			    "`%s' is not a Python version (try 3.12, 3.12.1, 3.13t)", request);
		return NULL;
	}
	const struct pyi_build *unsummed = NULL;
	for (size_t i = idx->n; i-- > 0;) {
		const struct pyi_build *b = &idx->builds[i];
		if (!same_platform(&b->platform, p) || !pyi_request_matches(&req, &b->version))
			continue;
		if (b->sha256)
			return b;
		if (!unsummed)
			unsummed = b;
	}
	char plat[64];
	pyi_platform_format(p, plat, sizeof(plat));
	if (unsummed)
		pyi_err_set(err, PYI_E_INDEX,
			    "the index has no SHA-256 for %s (%s): refusing an unverified download",
			    unsummed->name, plat);
	else
		pyi_err_set(err, PYI_E_NOTFOUND, "no build of Python %s for %s in the index",
			    request, plat);
	return NULL;
}

/* How far v is from the request: minor distance first, then patch. */
static long distance(const struct pyi_request *req, const struct pyi_version *v)
{
	long d = labs((long)req->v.major - v->major) * 1000000L;
	if (req->has_minor)
		d += labs((long)req->v.minor - v->minor) * 1000L;
	if (req->has_patch)
		d += labs((long)req->v.patch - v->patch);
	if (v->pre[0])
		d += 500; /* a final release before a prerelease at the same distance */
	return d;
}

size_t pyi_index_suggest(const struct pyi_index *idx, const struct pyi_platform *p,
			 const char *request, char names[][32], size_t max)
{
	struct pyi_request req;
	if (!pyi_request_parse(request, &req) || max == 0)
		return 0;
	struct pick {
		long d;
		size_t i;
	} best[8];
	if (max > 8)
		max = 8;
	size_t n = 0;
	for (size_t i = idx->n; i-- > 0;) {
		const struct pyi_build *b = &idx->builds[i];
		if (!pyi_build_runs_on(b, p) || b->version.freethreaded != req.v.freethreaded)
			continue;
		bool dup = false;
		for (size_t k = 0; k < n && !dup; k++)
			dup = strcmp(idx->builds[best[k].i].name, b->name) == 0;
		if (dup)
			continue;
		long d = distance(&req, &b->version);
		/* insertion into the sorted best[]; equal distances keep newer first */
		size_t pos = n;
		while (pos > 0 && best[pos - 1].d > d)
			pos--;
		if (pos >= max)
			continue;
		if (n < max)
			n++;
		memmove(&best[pos + 1], &best[pos], (n - 1 - pos) * sizeof(best[0]));
		best[pos] = (struct pick){d, i};
	}
	/* newest first */
	for (size_t a = 0; a < n; a++)
		for (size_t b = a + 1; b < n; b++)
			if (best[b].i > best[a].i) {
				struct pick t = best[a];
				best[a] = best[b];
				best[b] = t;
			}
	for (size_t k = 0; k < n; k++)
		snprintf(names[k], 32, "%s", idx->builds[best[k].i].name);
	return n;
}

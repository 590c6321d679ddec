/* pyi_fixup: see fixup.h. The walk and the files; the text rewrites are in rewrite.c and
 * the sysconfig data's syntax in sysconfigdata.c. */
#include "installer/fixup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "installer/rewrite.h"
#include "installer/sysconfigdata.h"

#define MAX_FILE     (16u << 20) /* no sysconfig file is near this */
#define MAX_PREFIXES 2
#define SHEBANG_MAX  127 /* longer "#!" lines: a /bin/sh trampoline (as pip does) */

struct fix {
	const struct pyi_fixup_opts *o;
	int root;
	const char *from[MAX_PREFIXES];
	char own[PATH_MAX]; /* the archive's own prefix, when not /install */
	size_t nfrom;
	char cc[PATH_MAX], cxx[PATH_MAX], ar[PATH_MAX]; /* compilers to replace, or "" */
	bool drop;                                      /* drop clang-only flags */
	bool planned; /* the above are set, from the first sysconfig data */
	size_t flags; /* clang-only flags dropped */
	struct timespec start;
	FILE *rec;
	char *rec_buf;
	size_t rec_len;
	struct pyi_err *err;
};

/* --- files --- */

/* Reads the regular file rel (never through a final symlink) into *out (free it). */
static bool read_file(struct fix *f, const char *rel, char **out, size_t *len, mode_t *mode)
{
	int fd = openat(f->root, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return pyi_err_set(f->err, PYI_E_IO, "cannot read %s: %s", rel, strerror(e));
	}
	char *buf = NULL;
	size_t got = 0;
	bool ok = S_ISREG(st.st_mode) && st.st_size <= MAX_FILE;
	if (!ok)
		pyi_err_set(f->err, PYI_E_ARCHIVE, "%s is not a regular file of a sane size", rel);
	else if (!(buf = malloc((size_t)st.st_size + 1)))
		ok = pyi_err_set(f->err, PYI_E_IO, "out of memory");
	while (ok && got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n <= 0 && !(n < 0 && errno == EINTR))
			ok = pyi_err_set(f->err, PYI_E_IO, "cannot read %s: %s", rel,
					 n < 0 ? strerror(errno) : "it shrank");
		got += n > 0 ? (size_t)n : 0;
	}
	close(fd);
	if (!ok) {
		free(buf);
		return false;
	}
	buf[got] = '\0';
	*out = buf;
	*len = got;
	*mode = st.st_mode & 07777;
	return true;
}

/* Replaces rel by data: a new file next to it, renamed over it. */
static bool write_raw(struct fix *f, const char *rel, const char *data, mode_t mode)
{
	char tmp[PATH_MAX];
	if (snprintf(tmp, sizeof(tmp), "%s.pyenvfs-tmp", rel) >= (int)sizeof(tmp))
		return pyi_err_set(f->err, PYI_E_IO, "cannot rewrite %s: path too long", rel);
	int fd = openat(f->root, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	int e = fd < 0 ? errno : 0;
	size_t len = strlen(data), done = 0;
	while (!e && done < len) {
		ssize_t n = write(fd, data + done, len - done);
		if (n < 0 && errno != EINTR)
			e = errno;
		done += n > 0 ? (size_t)n : 0;
	}
	if (!e && fchmod(fd, mode) != 0)
		e = errno;
	if (fd >= 0 && close(fd) != 0 && !e)
		e = errno;
	if (!e && renameat(f->root, tmp, f->root, rel) != 0)
		e = errno;
	if (e) {
		if (fd >= 0)
			unlinkat(f->root, tmp, 0);
		return pyi_err_set(f->err, PYI_E_IO, "cannot rewrite %s: %s", rel, strerror(e));
	}
	return true;
}

/* write_raw(), recorded. */
static bool write_file(struct fix *f, const char *rel, const char *data, mode_t mode)
{
	if (!write_raw(f, rel, data, mode))
		return false;
	fprintf(f->rec, "rewrote\t%s\n", rel);
	return true;
}

/* Removes <dir>/__pycache__/<stem>*.pyc, byte-compiled copies of <dir>/<stem>*.py. */
static void remove_caches(struct fix *f, const char *dir, const char *stem)
{
	char cache[PATH_MAX];
	if (snprintf(cache, sizeof(cache), "%s/__pycache__", dir) >= (int)sizeof(cache))
		return;
	int fd = openat(f->root, cache, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		if (fd >= 0)
			close(fd);
		return;
	}
	size_t slen = strlen(stem);
	struct dirent *e;
	while ((e = readdir(d))) {
		size_t n = strlen(e->d_name);
		if (n > slen + 4 && strncmp(e->d_name, stem, slen) == 0 &&
		    strcmp(e->d_name + n - 4, ".pyc") == 0 && unlinkat(fd, e->d_name, 0) == 0)
			fprintf(f->rec, "removed\t%s/%s\n", cache, e->d_name);
	}
	closedir(d);
}

/* --- what to change, decided from the first sysconfig data --- */

/* Whether program (a name or a path) can be run from dirs (a PATH). */
static bool runnable(const char *program, const char *dirs)
{
	if (strchr(program, '/'))
		return access(program, X_OK) == 0;
	for (const char *p = dirs; p && *p;) {
		const char *end = strchr(p, ':');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char path[PATH_MAX];
		if (len > 0 &&
		    snprintf(path, sizeof(path), "%.*s/%s", (int)len, p, program) <
			    (int)sizeof(path) &&
		    access(path, X_OK) == 0)
			return true;
		p += len + (end ? 1 : 0);
	}
	return false;
}

/* slot = the program variable key names when it cannot be run here (and is not to). */
static void plan_tool(struct fix *f, const struct pyi_scd *d, const char *key, const char *to,
		      char *slot)
{
	const char *v = pyi_scd_get(d, key);
	const char *dirs = f->o->path ? f->o->path : getenv("PATH");
	if (v && pyi_rw_first(v, slot, PATH_MAX) && strcmp(slot, to) != 0 &&
	    !runnable(slot, dirs)) {
		fprintf(f->rec, "compiler\t%s\t%s\n", slot, to);
		return;
	}
	slot[0] = '\0';
}

/* The `prefix` a build names is rewritten too, unless it is a system directory. */
static bool own_prefix(const char *p)
{
	static const char *const system[] = {"/",    "/usr", "/usr/local", "/opt", "/home",
					     "/tmp", "/var", "/etc",       NULL};
	if (p[0] != '/' || strpbrk(p, " \t\n:") || strlen(p) >= PATH_MAX)
		return false;
	for (const char *const *s = system; *s; s++)
		if (strcmp(p, *s) == 0)
			return false;
	return strcmp(p, "/install") != 0;
}

static void plan(struct fix *f, const struct pyi_scd *d)
{
	f->planned = true;
	f->from[f->nfrom++] = "/install";
	const char *p = pyi_scd_get(d, "prefix");
	if (p && own_prefix(p) && strcmp(p, f->o->prefix) != 0) {
		snprintf(f->own, sizeof(f->own), "%s", p);
		f->from[f->nfrom++] = f->own;
	}
	for (size_t i = 0; i < f->nfrom; i++)
		fprintf(f->rec, "prefix\t%s\t%s\n", f->from[i], f->o->prefix);
	plan_tool(f, d, "CC", "cc", f->cc);
	plan_tool(f, d, "CXX", "c++", f->cxx);
	plan_tool(f, d, "AR", "ar", f->ar);
	f->drop = strstr(f->cc, "clang") || strstr(f->cxx, "clang");
}

/* --- the rewrites --- */

/* s with every archive prefix replaced (and clang-only flags dropped when `flags`). */
static char *fix_words(struct fix *f, const char *s, bool flags, size_t *n)
{
	char *cur = strdup(s);
	for (size_t i = 0; cur && i < f->nfrom; i++) {
		char *next = pyi_rw_prefix(cur, f->from[i], f->o->prefix, n);
		free(cur);
		cur = next;
	}
	if (cur && flags && f->drop) {
		size_t dropped = 0;
		char *next = pyi_rw_drop_clang_flags(cur, &dropped);
		free(cur);
		cur = next;
		*n += dropped;
		f->flags += dropped;
	}
	return cur;
}

static bool name_in(const char *name, size_t len, const char *const *names)
{
	for (; *names; names++)
		if (strlen(*names) == len && memcmp(name, *names, len) == 0)
			return true;
	return false;
}

/* The compiler rewrite of the variable name (len bytes) whose value is s. */
static char *fix_compiler(struct fix *f, const char *name, size_t len, char *s, size_t *n)
{
	static const char *const c[] = {"CC",     "LDSHARED", "BLDSHARED", "LINKCC",
					"MAINCC", "CPP",      NULL};
	static const char *const cxx[] = {"CXX", "LDCXXSHARED", NULL};
	const char *from = NULL, *to = NULL;
	if (f->cc[0] && name_in(name, len, c))
		from = f->cc, to = "cc";
	else if (f->cxx[0] && name_in(name, len, cxx))
		from = f->cxx, to = "c++";
	else if (f->ar[0] && len == 2 && memcmp(name, "AR", 2) == 0)
		from = f->ar, to = "ar";
	if (!from || !s)
		return s;
	char *out = pyi_rw_first_word(s, from, to, n);
	free(s);
	return out;
}

static bool oom(struct fix *f)
{
	return pyi_err_set(f->err, PYI_E_IO, "out of memory");
}

static bool fix_sysconfig_vars(struct fix *f, struct pyi_scd *d, size_t *n)
{
	for (size_t i = 0; i < pyi_scd_size(d); i++) {
		const char *v = pyi_scd_str(d, i), *key = pyi_scd_key(d, i);
		if (!v)
			continue;
		size_t k = 0;
		char *s = fix_words(f, v, true, &k);
		s = fix_compiler(f, key, strlen(key), s, &k);
		if (!s)
			return oom(f);
		bool ok = k == 0 || pyi_scd_set(d, i, s);
		free(s);
		if (!ok)
			return oom(f);
		*n += k;
	}
	return true;
}

/* lib/<py>/<name>: the sysconfig data. */
static bool fix_sysconfig(struct fix *f, const char *py, const char *name)
{
	char rel[PATH_MAX], why[128];
	snprintf(rel, sizeof(rel), "lib/%s/%s", py, name);
	char *text;
	size_t len, n = 0;
	mode_t mode;
	if (!read_file(f, rel, &text, &len, &mode))
		return false;
	struct pyi_scd *d = pyi_scd_parse(text, len, why, sizeof(why));
	free(text);
	if (!d)
		return pyi_err_set(f->err, PYI_E_ARCHIVE, "the build's %s is malformed: %s", rel,
				   why);
	if (!f->planned)
		plan(f, d);
	bool ok = fix_sysconfig_vars(f, d, &n);
	char *out = ok && n ? pyi_scd_format(d) : NULL;
	pyi_scd_destroy(d);
	if (ok && n && !out)
		ok = oom(f);
	if (ok && n)
		ok = write_file(f, rel, out, mode);
	free(out);
	if (ok && n) {
		/* all of them: other names may be symbolic links to this one */
		char dir[PATH_MAX];
		snprintf(dir, sizeof(dir), "lib/%s", py);
		remove_caches(f, dir, "_sysconfigdata_");
	}
	return ok;
}

/* A Makefile line "NAME= value": the compiler rewrite of its value. */
static char *fix_make_line(struct fix *f, const char *line, size_t len, size_t *n)
{
	char *s = strndup(line, len);
	size_t name = 0;
	while (s && name < len && (line[name] == '_' || (line[name] >= 'A' && line[name] <= 'Z')))
		name++;
	if (!s || name == 0 || name >= len || line[name] != '=')
		return s;
	char *v = fix_compiler(f, line, name, strdup(s + name + 1), n);
	char *out = v ? malloc(name + 1 + strlen(v) + 1) : NULL;
	if (out)
		sprintf(out, "%.*s=%s", (int)name, line, v);
	free(v);
	free(s);
	return out;
}

/* Text: prefixes and flags everywhere; the compilers on NAME= lines when `make`. */
static char *fix_text(struct fix *f, const char *text, bool make, size_t *n)
{
	char *s = fix_words(f, text, true, n);
	if (!s || !make)
		return s;
	char *buf = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&buf, &size);
	for (const char *p = s; out && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char *line = fix_make_line(f, p, len, n);
		if (!line || fputs(line, out) < 0 || (nl && fputc('\n', out) < 0)) {
			free(line);
			fclose(out);
			free(buf);
			free(s);
			return NULL;
		}
		free(line);
		p += len + (nl ? 1 : 0);
	}
	free(s);
	if (!out || fclose(out) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* write_file() of out (which it frees) when it has n > 0 changes; NULL out: no memory. */
static bool write_changed(struct fix *f, const char *rel, char *out, size_t n, mode_t mode)
{
	bool ok = out ? true : oom(f);
	if (ok && n)
		ok = write_file(f, rel, out, mode);
	free(out);
	return ok;
}

/* A text file: rewritten when anything in it changes. */
static bool fix_text_file(struct fix *f, const char *rel, bool make)
{
	char *text;
	size_t len, n = 0;
	mode_t mode;
	if (!read_file(f, rel, &text, &len, &mode))
		return false;
	if (memchr(text, '\0', len)) {
		free(text);
		return pyi_err_set(f->err, PYI_E_ARCHIVE, "the build's %s is not text", rel);
	}
	char *out = fix_text(f, text, make, &n);
	free(text);
	return write_changed(f, rel, out, n, mode);
}

/* The "#!" line of a script, when it names an archive prefix. */
static char *fix_shebang(struct fix *f, const char *text, size_t *n)
{
	const char *nl = strchr(text, '\n');
	size_t len = nl ? (size_t)(nl - text) : strlen(text);
	char *head = strndup(text + 2, len - 2);
	size_t k = 0;
	char *line = head ? fix_words(f, head, false, &k) : NULL;
	free(head);
	if (!line || k == 0)
		return line;
	*n += k;
	const char *rest = text + len;
	char *out = NULL;
	int r;
	if (strlen(line) + 2 <= SHEBANG_MAX || strpbrk(line, "' \t"))
		r = asprintf(&out, "#!%s%s", line, rest);
	else /* sh runs the interpreter named on the second line; Python skips it */
		r = asprintf(&out, "#!/bin/sh\n'''exec' '%s' \"$0\" \"$@\"\n' '''%s", line, rest);
	free(line);
	return r < 0 ? NULL : out;
}

/* bin/<name>: python*-config as text, other scripts their "#!" line; nothing else. */
static bool fix_bin_entry(struct fix *f, const char *name)
{
	char rel[PATH_MAX];
	snprintf(rel, sizeof(rel), "bin/%s", name);
	struct stat st;
	if (fstatat(f->root, rel, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_size > MAX_FILE)
		return true;
	char magic[2];
	int fd = openat(f->root, rel, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	ssize_t got = fd >= 0 ? read(fd, magic, 2) : -1;
	if (fd >= 0)
		close(fd);
	if (got != 2 || magic[0] != '#' || magic[1] != '!')
		return true; /* the interpreter and other binaries */
	size_t len = strlen(name);
	if (strncmp(name, "python", 6) == 0 && len > 7 && strcmp(name + len - 7, "-config") == 0)
		return fix_text_file(f, rel, false);
	char *text;
	size_t n = 0;
	mode_t mode;
	if (!read_file(f, rel, &text, &len, &mode))
		return false;
	if (memchr(text, '\0', len)) {
		free(text);
		return true; /* not a script after all */
	}
	char *out = fix_shebang(f, text, &n);
	free(text);
	return write_changed(f, rel, out, n, mode);
}

/* Calls fn(f, ctx, name) for each entry of directory rel (relative to the tree) that is
 * a directory when dirs, else for each regular file: never symbolic links. A missing
 * directory has none. */
static bool each_entry(struct fix *f, const char *rel, bool dirs,
		       bool (*fn)(struct fix *, const char *, const char *), const char *ctx)
{
	int fd = openat(f->root, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT || errno == ENOTDIR || errno == ELOOP
			       ? true
			       : pyi_err_set(f->err, PYI_E_IO, "cannot list %s: %s", rel,
					     strerror(errno));
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return oom(f);
	}
	/* names first: fn may add and rename files in this directory */
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	bool ok = true;
	while (ok && (e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] == '.' || fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 ||
		    !(dirs ? S_ISDIR(st.st_mode) : S_ISREG(st.st_mode)))
			continue;
		char **nn = realloc(names, (n + 1) * sizeof(*names));
		ok = nn && (nn[n] = strdup(e->d_name));
		names = nn ? nn : names;
		n += ok;
	}
	closedir(d);
	if (!ok)
		oom(f);
	for (size_t i = 0; ok && i < n; i++)
		ok = fn(f, ctx, names[i]);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return ok;
}

static bool bin_entry(struct fix *f, const char *ctx, const char *name)
{
	(void)ctx;
	return fix_bin_entry(f, name);
}

static bool pc_entry(struct fix *f, const char *ctx, const char *name)
{
	(void)ctx;
	size_t len = strlen(name);
	if (len < 4 || strcmp(name + len - 3, ".pc") != 0)
		return true;
	char rel[PATH_MAX];
	snprintf(rel, sizeof(rel), "lib/pkgconfig/%s", name);
	return fix_text_file(f, rel, false);
}

static bool is_sysconfigdata(const char *name)
{
	size_t len = strlen(name);
	return strncmp(name, "_sysconfigdata_", 15) == 0 && len > 18 &&
	       strcmp(name + len - 3, ".py") == 0;
}

static bool scd_entry(struct fix *f, const char *py, const char *name)
{
	return !is_sysconfigdata(name) || fix_sysconfig(f, py, name);
}

static bool config_entry(struct fix *f, const char *py, const char *name)
{
	if (strncmp(name, "config-", 7) != 0)
		return true;
	char rel[PATH_MAX];
	struct stat st;
	snprintf(rel, sizeof(rel), "lib/%s/%s/Makefile", py, name);
	if (fstatat(f->root, rel, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
		return true;
	return fix_text_file(f, rel, true);
}

/* lib/python3*: the sysconfig data when ctx is "scd", else the config Makefiles. */
static bool py_dir_entry(struct fix *f, const char *ctx, const char *name)
{
	if (strncmp(name, "python3", 7) != 0)
		return true;
	char rel[PATH_MAX];
	snprintf(rel, sizeof(rel), "lib/%s", name);
	if (strcmp(ctx, "scd") == 0)
		return each_entry(f, rel, false, scd_entry, name);
	return each_entry(f, rel, true, config_entry, name);
}

/* --- the terminal --- */

/* Builds before 20240224 look for terminfo in /usr/share/terminfo only (later ones in
 * /etc/terminfo:/lib/terminfo:/usr/share/terminfo): on Debian and its kin, where the
 * common entries are in /lib/terminfo, their REPL has no backspace or arrow keys. */
static bool plan_terminfo(struct fix *f)
{
	const char *b = f->o->build;
	if (b && strlen(b) == 8 && strspn(b, "0123456789") == 8 && strcmp(b, "20240224") >= 0)
		return true;
	static const char *const dirs[] = {"/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo"};
	char list[64] = "";
	for (size_t i = 0; i < sizeof(dirs) / sizeof(*dirs); i++) {
		struct stat st;
		if (stat(dirs[i], &st) == 0 && S_ISDIR(st.st_mode))
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 list[0] ? ":" : "", dirs[i]);
	}
	if (!list[0])
		return true;
	/* what the shims read: one readlink() (resolver/which.c) */
	if (symlinkat(list, f->root, PYI_FIXUP_TERMINFO) != 0)
		return pyi_err_set(f->err, PYI_E_IO, "cannot create %s: %s", PYI_FIXUP_TERMINFO,
				   strerror(errno));
	fprintf(f->rec, "terminfo\t%s\n", list);
	return true;
}

/* --- the run --- */

static bool run(struct fix *f)
{
	if (!each_entry(f, "lib", true, py_dir_entry, "scd"))
		return false;
	if (!f->planned)
		return true; /* not a CPython build tree: nothing to do */
	if (!each_entry(f, "lib", true, py_dir_entry, "config") ||
	    !each_entry(f, "lib/pkgconfig", false, pc_entry, NULL) ||
	    !each_entry(f, "bin", false, bin_entry, NULL))
		return false;
	if (f->drop)
		fprintf(f->rec, "flags\t%zu\n", f->flags);
	if (!plan_terminfo(f))
		return false;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	fprintf(f->rec, "took\t%lld\n",
		(long long)(now.tv_sec - f->start.tv_sec) * 1000000 +
			(now.tv_nsec - f->start.tv_nsec) / 1000);
	if (fflush(f->rec) != 0)
		return oom(f);
	return write_raw(f, PYI_FIXUP_RECORD, f->rec_buf, 0644);
}

bool pyi_fixup_run(const struct pyi_fixup_opts *o, struct pyi_err *err)
{
	struct fix f = {.o = o, .err = err};
	clock_gettime(CLOCK_MONOTONIC, &f.start);
	if (strpbrk(o->prefix, "\t\n"))
		return pyi_err_set(err, PYI_E_USAGE,
				   "cannot install into %s: it has a tab or a "
				   "newline in it",
				   o->prefix);
	f.root = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (f.root < 0)
		return pyi_err_set(err, PYI_E_IO, "cannot open %s: %s", o->dir, strerror(errno));
	f.rec = open_memstream(&f.rec_buf, &f.rec_len);
	bool ok = f.rec ? true : oom(&f);
	if (ok) {
		fprintf(f.rec, "# what pyenvfs-ctl install changed in this build: see "
			       "pyenvfs-ctl(1), INSTALL FIX-UP\n");
		ok = run(&f);
		fclose(f.rec);
	}
	free(f.rec_buf);
	close(f.root);
	return ok;
}

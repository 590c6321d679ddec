#include "resolver/version_file.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "resolver/path.h"

enum { LINE_CHARS = 1024 };

/* Streaming state of bash's `read -n 1024 -r version _` loop. */
struct parser {
	struct rv_vfile *vf;
	const char *root;
	const char *pwd;
	char *line; /* bytes of the current line */
	size_t len, cap;
	size_t chars;  /* characters read into the line */
	size_t lineno; /* the current line's number, from 1 */
	int pending;   /* UTF-8 continuation bytes still expected (multibyte locale) */
	int utf8;      /* -1 unknown, 0 no, 1 yes: is LC_CTYPE multibyte */
};

static bool locale_is_multibyte(void)
{
	bool mb = false;
	locale_t l = newlocale(LC_CTYPE_MASK, "", (locale_t)0);
	if (l) {
		locale_t old = uselocale(l);
		mb = MB_CUR_MAX > 1;
		uselocale(old);
		freelocale(l);
	}
	return mb;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

int rv_vfile_add(struct rv_vfile *vf, const char *w, size_t n, size_t line, bool malformed,
		 const char *root, const char *pwd)
{
	if (vf->n == vf->cap) {
		size_t cap = vf->cap ? vf->cap * 2 : 4;
		struct rv_vfile_word *ws = realloc(vf->words, cap * sizeof(*ws));
		if (!ws)
			return -ENOMEM;
		vf->words = ws;
		vf->cap = cap;
	}
	char *word = strndup(w, n);
	if (!word)
		return -ENOMEM;
	bool safe = !malformed && rv_version_is_safe(word, root, pwd);
	vf->words[vf->n++] = (struct rv_vfile_word){
		.word = word, .safe = safe, .malformed = malformed, .line = line};
	if (safe)
		vf->n_safe++;
	return 0;
}

static int add_word(struct parser *p, const char *w, size_t n)
{
	return rv_vfile_add(p->vf, w, n, p->lineno, false, p->root, p->pwd);
}

/* Ends the current line: takes its first word. */
static int end_line(struct parser *p)
{
	size_t i = 0, len = p->len;
	p->len = p->chars = 0;
	p->pending = 0;
	while (i < len && is_blank(p->line[i]))
		i++;
	size_t s = i;
	while (i < len && !is_blank(p->line[i]))
		i++;
	if (i == s || p->line[s] == '#')
		return 0;
	return add_word(p, p->line + s, i - s);
}

static int put_byte(struct parser *p, unsigned char c)
{
	if (p->len + 1 >= p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 128;
		char *l = realloc(p->line, cap);
		if (!l)
			return -ENOMEM;
		p->line = l;
		p->cap = cap;
	}
	p->line[p->len++] = (char)c;
	return 0;
}

static int feed(struct parser *p, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)buf[i];
		int r;
		if (p->pending > 0) {
			/* the rest of a multibyte character: bash reads it whatever it is */
			if (c >= 0x80 && c <= 0xbf)
				p->pending--;
			else
				p->pending = 0;
			if (c && (r = put_byte(p, c)) < 0)
				return r;
			continue;
		}
		if (p->chars == LINE_CHARS && (r = end_line(p)) < 0)
			return r;
		if (c == '\0')
			continue;
		if (c == '\n') {
			if ((r = end_line(p)) < 0)
				return r;
			p->lineno++;
			continue;
		}
		if ((r = put_byte(p, c)) < 0)
			return r;
		p->chars++;
		if (c >= 0x80) {
			if (p->utf8 < 0)
				p->utf8 = locale_is_multibyte();
			if (p->utf8)
				p->pending = c >= 0xc2 && c <= 0xdf   ? 1
					     : c >= 0xe0 && c <= 0xef ? 2
					     : c >= 0xf0 && c <= 0xf4 ? 3
								      : 0;
		}
	}
	return 0;
}

static int parse_finish(struct parser *p)
{
	int r = 0;
	if (p->len)
		r = end_line(p);
	free(p->line);
	p->line = NULL;
	return r;
}

int rv_vfile_parse(struct rv_vfile *vf, const char *buf, size_t len, const char *root,
		   const char *pwd)
{
	struct parser p = {.vf = vf, .root = root, .pwd = pwd, .utf8 = -1, .lineno = 1};
	int r = feed(&p, buf, len);
	int r2 = parse_finish(&p);
	return r < 0 ? r : r2;
}

int rv_vfile_read(struct rv_vfile *vf, const char *path, const char *root, const char *pwd)
{
	struct stat st;
	if (stat(path, &st) < 0 || st.st_size <= 0)
		return -ENOENT;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	struct parser p = {.vf = vf, .root = root, .pwd = pwd, .utf8 = -1, .lineno = 1};
	char buf[4096];
	int r = 0;
	off_t total = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR)
				continue;
			r = -errno;
			break;
		}
		if (n == 0)
			break;
		total += n;
		if ((r = feed(&p, buf, (size_t)n)) < 0)
			break;
		/* a short read that reached the size: the end, without one more read() */
		if (S_ISREG(st.st_mode) && (size_t)n < sizeof(buf) && total >= st.st_size)
			break;
	}
	int r2 = parse_finish(&p);
	close(fd);
	return r < 0 ? r : r2;
}

char *rv_vfile_join(const struct rv_vfile *vf)
{
	size_t len = 1;
	for (size_t i = 0; i < vf->n; i++)
		if (vf->words[i].safe)
			len += strlen(vf->words[i].word) + 1;
	if (!vf->n_safe) {
		errno = 0;
		return NULL;
	}
	char *out = malloc(len), *q = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < vf->n; i++) {
		if (!vf->words[i].safe)
			continue;
		if (q != out)
			*q++ = ':';
		size_t l = strlen(vf->words[i].word);
		memcpy(q, vf->words[i].word, l);
		q += l;
	}
	*q = '\0';
	return out;
}

int rv_vfile_warnings(const struct rv_vfile *vf, const char *prog, const char *path,
		      struct rv_strv *msgs)
{
	for (size_t i = 0; i < vf->n; i++) {
		const struct rv_vfile_word *w = &vf->words[i];
		if (w->safe)
			continue;
		int r = w->malformed
				? rv_strv_pushf(msgs, "%s: malformed line %zu ignored in `%s'",
						prog, w->line, path)
				: rv_strv_pushf(msgs, "%s: invalid version `%s' ignored in `%s'",
						prog, w->word, path);
		if (r < 0)
			return r;
	}
	return 0;
}

void rv_vfile_finish(struct rv_vfile *vf)
{
	for (size_t i = 0; i < vf->n; i++)
		free(vf->words[i].word);
	free(vf->words);
	*vf = (struct rv_vfile){0};
}

bool rv_version_is_safe(const char *word, const char *root, const char *pwd)
{
	if (strcmp(word, "..") != 0 && !strchr(word, '/'))
		return true;
	char *target = rv_strf("%s/versions/%s", root, word);
	char *prefix = rv_strf("%s/versions/", root);
	char *cd = target ? rv_cd_logical(target, pwd) : NULL;
	bool safe = cd && prefix && rv_startswith(cd, prefix);
	free(cd);
	free(prefix);
	free(target);
	return safe;
}

/* "$root" =~ ^//[^/]*$ */
static bool is_unc_root(const char *s)
{
	return s[0] == '/' && s[1] == '/' && !strchr(s + 2, '/');
}

/* "<dir>/<name>" when it is a regular file that accept (NULL: any) takes. */
static int find_in(const char *dir, const char *name, bool (*accept)(const char *path), char **out)
{
	char *f = rv_strf("%s/%s", dir, name);
	if (!f)
		return -ENOMEM;
	if (rv_is_file(f) && (!accept || accept(f))) {
		*out = f;
		return 0;
	}
	free(f);
	return -ENOENT;
}

int rv_vfile_find(const char *dir, char **out)
{
	return rv_vfile_find_ex(dir, NULL, NULL, out);
}

int rv_vfile_find_ex(const char *dir, const char *other, bool (*accept)(const char *path),
		     char **out)
{
	char *root = strdup(dir);
	if (!root)
		return -ENOMEM;
	int r = -ENOENT;
	while (!is_unc_root(root)) {
		/* a constant format: this runs for every directory up on the exec path */
		char *f = rv_strf("%s/.python-version", root);
		if (!f) {
			r = -ENOMEM;
			break;
		}
		if (rv_is_file(f)) {
			*out = f;
			r = 0;
			break;
		}
		free(f);
		if (other && (r = find_in(root, other, accept, out)) != -ENOENT)
			break;
		char *slash = strrchr(root, '/');
		if (!*root || !slash) /* pyenv loops forever on a relative name: stop */
			break;
		*slash = '\0';
	}
	free(root);
	return r;
}

int rv_vfile_write(const char *path, char *const *names, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOCTTY, 0666);
	if (fd < 0)
		return -errno;
	int r = 0;
	for (size_t i = 0; i < n && !r; i++) {
		char *line = rv_strf("%s\n", names[i]);
		if (!line) {
			r = -ENOMEM;
			break;
		}
		size_t len = strlen(line), off = 0;
		while (off < len) {
			ssize_t w = write(fd, line + off, len - off);
			if (w < 0) {
				if (errno == EINTR)
					continue;
				r = -errno;
				break;
			}
			off += (size_t)w;
		}
		free(line);
	}
	if (close(fd) < 0 && !r)
		r = -errno;
	return r;
}

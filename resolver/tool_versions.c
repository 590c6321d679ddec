#include "resolver/tool_versions.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "resolver/path.h"

enum { MAX_SIZE = 1 << 20 };

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* The next word of line[*i..n): its start in *s and its length; 0 at the end. */
static size_t next_word(const char *line, size_t n, size_t *i, size_t *s)
{
	while (*i < n && is_blank(line[*i]))
		(*i)++;
	*s = *i;
	while (*i < n && !is_blank(line[*i]))
		(*i)++;
	return *i - *s;
}

/* One line (comment already cut): adds the versions of a python line. Returns 1 for a
 * python line, 0 for another one, -ENOMEM. */
static int parse_line(struct rv_vfile *vf, const char *line, size_t n, size_t lineno, bool seen,
		      const char *root, const char *pwd)
{
	size_t i = 0, s, len = next_word(line, n, &i, &s);
	if (len != 6 || memcmp(line + s, "python", 6) != 0)
		return 0;
	if (seen) {
		static const char why[] = "a second python line";
		return rv_vfile_add(vf, why, sizeof(why) - 1, lineno, true, root, pwd) < 0 ? -ENOMEM
											   : 1;
	}
	size_t before = vf->n;
	while ((len = next_word(line, n, &i, &s)) > 0)
		if (rv_vfile_add(vf, line + s, len, lineno, false, root, pwd) < 0)
			return -ENOMEM;
	if (vf->n == before) {
		static const char why[] = "python without a version";
		if (rv_vfile_add(vf, why, sizeof(why) - 1, lineno, true, root, pwd) < 0)
			return -ENOMEM;
	}
	return 1;
}

int rv_toolv_parse(struct rv_vfile *vf, const char *buf, size_t len, const char *root,
		   const char *pwd)
{
	char *line = malloc(len + 1);
	if (!line)
		return -ENOMEM;
	bool seen = false;
	size_t lineno = 1, n = 0;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n') {
			if (buf[i])
				line[n++] = buf[i];
			continue;
		}
		char *hash = memchr(line, '#', n);
		int r = parse_line(vf, line, hash ? (size_t)(hash - line) : n, lineno, seen, root,
				   pwd);
		if (r < 0) {
			free(line);
			return r;
		}
		seen |= r > 0;
		lineno++;
		n = 0;
	}
	free(line);
	return seen;
}

int rv_toolv_read(struct rv_vfile *vf, const char *path, const char *root, const char *pwd)
{
	char *buf = NULL;
	size_t len = 0;
	int r = rv_read_file(path, MAX_SIZE, &buf, &len);
	if (r == -ENOENT || (r == 0 && len == 0)) {
		free(buf);
		return -ENOENT;
	}
	if (r < 0)
		return r;
	r = rv_toolv_parse(vf, buf, len, root, pwd);
	free(buf);
	return r < 0 ? r : r == 1 ? 0 : -ENOENT;
}

bool rv_toolv_names_python(const char *path)
{
	struct rv_vfile vf = {0};
	/* no root: the words' safety does not matter here */
	bool yes = rv_toolv_read(&vf, path, "", "/") == 0;
	rv_vfile_finish(&vf);
	return yes;
}

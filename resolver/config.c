#include "resolver/config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "resolver/path.h"

enum { MAX_SIZE = 64 << 10 };

char *rv_config_path(const char *xdg_config_home, const char *home)
{
	if (xdg_config_home && *xdg_config_home)
		return rv_strf("%s/pyenvfs/config", xdg_config_home);
	if (home && *home)
		return rv_strf("%s/.config/pyenvfs/config", home);
	errno = 0;
	return NULL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* s[0..n) without blanks around it, and without one pair of quotes around that. */
static void trim(const char **s, size_t *n)
{
	while (*n && is_blank(**s))
		(*s)++, (*n)--;
	while (*n && is_blank((*s)[*n - 1]))
		(*n)--;
	if (*n >= 2 && (**s == '"' || **s == '\'') && (*s)[*n - 1] == **s)
		(*s)++, *n -= 2;
}

/* One line: 1 when it sets name (*value replaced), 0 when it does not, -EINVAL when it is
 * not NAME=VALUE, -ENOMEM. */
static int config_line(const char *l, size_t n, const char *name, char **value)
{
	const char *s = l;
	size_t len = n;
	trim(&s, &len);
	if (!len || *s == '#' || *s == ';')
		return 0;
	const char *eq = memchr(s, '=', len);
	if (!eq)
		return -EINVAL;
	const char *k = s, *v = eq + 1;
	size_t klen = (size_t)(eq - s), vlen = len - klen - 1;
	trim(&k, &klen);
	trim(&v, &vlen);
	if (!klen)
		return -EINVAL;
	if (klen != strlen(name) || memcmp(k, name, klen) != 0)
		return 0;
	char *copy = strndup(v, vlen);
	if (!copy)
		return -ENOMEM;
	free(*value);
	*value = copy;
	return 1;
}

int rv_config_read(const char *path, const char *name, char **value, const char *prog,
		   struct rv_strv *msgs)
{
	char *buf = NULL, *found = NULL;
	size_t len = 0, lineno = 1;
	int r = rv_read_file(path, MAX_SIZE, &buf, &len);
	for (size_t i = 0; r == 0 && i < len; lineno++) {
		const char *e = memchr(buf + i, '\n', len - i);
		size_t n = e ? (size_t)(e - (buf + i)) : len - i;
		int lr = config_line(buf + i, n, name, &found);
		if (lr == -ENOMEM)
			r = lr;
		else if (lr == -EINVAL &&
			 rv_strv_pushf(msgs, "%s: %s line %zu: not NAME=VALUE: ignored", prog, path,
				       lineno) < 0)
			r = -ENOMEM;
		i += n + 1;
	}
	free(buf);
	if (r == 0 && !found)
		r = -ENOENT;
	if (r < 0) {
		free(found);
		return r;
	}
	*value = found;
	return 0;
}

int rv_setting(const char *name, char **value, const char *prog, struct rv_strv *msgs)
{
	const char *env = getenv(name);
	if (env)
		return (*value = strdup(env)) ? 0 : -ENOMEM;
	char *path = rv_config_path(getenv("XDG_CONFIG_HOME"), getenv("HOME"));
	if (!path)
		return errno == ENOMEM ? -ENOMEM : -ENOENT;
	int r = rv_config_read(path, name, value, prog, msgs);
	if (r < 0 && r != -ENOENT && r != -ENOMEM &&
	    rv_strv_pushf(msgs, "%s: %s: %s", prog, path, strerror(-r)) < 0)
		r = -ENOMEM;
	free(path);
	return r == -ENOMEM || r == 0 ? r : -ENOENT;
}

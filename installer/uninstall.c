#include "installer/uninstall.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "installer/fsutil.h"

/* A name of one path component that is not "." or "..", of length n. */
static bool plain(const char *s, size_t n)
{
	return n > 0 && !memchr(s, '/', n) && !(n == 1 && s[0] == '.') &&
	       !(n == 2 && s[0] == '.' && s[1] == '.');
}

/* "V" or "V/envs/E" with V and E plain names; *vlen: the length of V. */
static bool valid_name(const char *name, size_t *vlen)
{
	const char *slash = strchr(name, '/');
	*vlen = slash ? (size_t)(slash - name) : strlen(name);
	if (!slash)
		return plain(name, *vlen);
	return plain(name, *vlen) && strncmp(slash, "/envs/", 6) == 0 &&
	       plain(slash + 6, strlen(slash + 6));
}

bool pyi_uninstall(const char *root, const char *name, struct pyi_err *err)
{
	char versions[PATH_MAX], path[PATH_MAX], base[PATH_MAX], trash[PATH_MAX + NAME_MAX + 16];
	char version[NAME_MAX + 1];
	struct stat st;
	size_t vlen;
	if (!valid_name(name, &vlen) || vlen > NAME_MAX)
		return pyi_err_set(err, PYI_E_USAGE, "`%s' is not a version name", name);
	/* an env is locked and moved away under its version's name */
	snprintf(version, sizeof(version), "%.*s", (int)vlen, name);
	if (!pyi_fs_join(versions, sizeof(versions), root, "versions") ||
	    !pyi_fs_join(path, sizeof(path), versions, name))
		return pyi_err_set(err, PYI_E_IO, "path too long: %s", root);
	if (lstat(path, &st) != 0)
		return pyi_err_set(err, PYI_E_NOTFOUND, "version `%s' not installed", name);
	if (!pyi_fs_tmp_base(versions, base, sizeof(base), err))
		return false;
	int lock = pyi_fs_lock(base, version, NULL, NULL, NULL, err);
	if (lock < 0)
		return false;
	bool ok = false;
	snprintf(trash, sizeof(trash), "%s/%s.rm-XXXXXX", base, version);
	if (!mkdtemp(trash)) {
		pyi_err_set(err, PYI_E_IO, "cannot create a temp dir in %s: %s", base,
			    strerror(errno));
		goto out;
	}
	char dest[PATH_MAX + NAME_MAX + 32];
	snprintf(dest, sizeof(dest), "%s/old", trash);
	if (rename(path, dest) != 0) {
		if (errno == ENOENT)
			pyi_err_set(err, PYI_E_NOTFOUND, "version `%s' not installed", name);
		else
			pyi_err_set(err, PYI_E_IO, "cannot move %s away: %s", path,
				    strerror(errno));
		rmdir(trash);
		goto out;
	}
	ok = true;
	struct pyi_err rm = {0};
	if (!pyi_fs_rmtree(trash, &rm))
		ok = pyi_err_set(err, PYI_E_IO, "removed %s from versions/, but %s", name, rm.msg);
out:
	close(lock);
	return ok;
}

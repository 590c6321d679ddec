#include "installer/uninstall.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "installer/fsutil.h"

bool pyi_uninstall(const char *root, const char *name, struct pyi_err *err)
{
	char versions[PATH_MAX], path[PATH_MAX], base[PATH_MAX], trash[PATH_MAX + 16];
	struct stat st;
	if (!name[0] || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return pyi_err_set(err, PYI_E_USAGE, "`%s' is not a version name", name);
	if (!pyi_fs_join(versions, sizeof(versions), root, "versions") ||
	    !pyi_fs_join(path, sizeof(path), versions, name))
		return pyi_err_set(err, PYI_E_IO, "path too long: %s", root);
	if (lstat(path, &st) != 0)
		return pyi_err_set(err, PYI_E_NOTFOUND, "version `%s' not installed", name);
	if (!pyi_fs_tmp_base(versions, base, sizeof(base), err))
		return false;
	int lock = pyi_fs_lock(base, name, NULL, NULL, NULL, err);
	if (lock < 0)
		return false;
	bool ok = false;
	snprintf(trash, sizeof(trash), "%s/%s.rm-XXXXXX", base, name);
	if (!mkdtemp(trash)) {
		pyi_err_set(err, PYI_E_IO, "cannot create a temp dir in %s: %s", base,
			    strerror(errno));
		goto out;
	}
	char dest[PATH_MAX + 32];
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

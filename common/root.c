/* pc_root: see root.h. */
#include "common/root.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/path.h"

static char *default_root(const char *home)
{
	char *s;
	return asprintf(&s, "%s/.pyenv", home ? home : "") < 0 ? NULL : s;
}

char *pc_root_pyenv(const char *pyenv_root, const char *home)
{
	if (!pyenv_root || !*pyenv_root)
		return default_root(home);
	size_t n = strlen(pyenv_root);
	if (pyenv_root[n - 1] == '/')
		n--;
	return strndup(pyenv_root, n);
}

int pc_root(const char *pyenv_root, const char *home, char **out, struct pc_msg *msg)
{
	*out = NULL;
	char *spelled;
	if (pyenv_root && *pyenv_root) {
		spelled = strdup(pyenv_root);
	} else if (home && *home) {
		spelled = default_root(home);
	} else {
		pc_msg_set(msg, "neither PYENV_ROOT nor HOME is set");
		return -ENOENT;
	}
	*out = spelled ? pc_absolute(spelled) : NULL;
	int r = *out ? 0 : spelled ? -errno : -ENOMEM;
	if (r == -ENOMEM)
		pc_msg_set(msg, "%s", strerror(ENOMEM));
	else if (r < 0)
		pc_msg_set(msg, "PYENV_ROOT %s: %s", spelled, strerror(-r));
	free(spelled);
	return r;
}

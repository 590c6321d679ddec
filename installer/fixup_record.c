/* pyi_fixup_read: see fixup_record.h. */
#include "installer/fixup_record.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One record line into info; false when it is malformed. */
static bool read_line(char *line, struct pyi_fixup_info *info)
{
	char *tab = strchr(line, '\t');
	if (line[0] == '#' || line[0] == '\0')
		return true;
	if (!tab)
		return false;
	*tab = '\0';
	char *a = tab + 1, *b = strchr(a, '\t');
	if (b)
		*b++ = '\0';
	size_t len = strlen(info->compilers);
	if (strcmp(line, "prefix") == 0 && b) {
		if (!info->from[0])
			snprintf(info->from, sizeof(info->from), "%s", a);
		snprintf(info->prefix, sizeof(info->prefix), "%s", b);
	} else if (strcmp(line, "compiler") == 0 && b) {
		snprintf(info->compilers + len, sizeof(info->compilers) - len, "%s%s -> %s",
			 len ? ", " : "", a, b);
	} else if (strcmp(line, "flags") == 0) {
		info->flags = strtoul(a, NULL, 10);
	} else if (strcmp(line, "rewrote") == 0) {
		info->files++;
	} else if (strcmp(line, "removed") == 0) {
		info->caches++;
	} else if (strcmp(line, "terminfo") == 0) {
		snprintf(info->terminfo, sizeof(info->terminfo), "%s", a);
	}
	return true;
}

int pyi_fixup_read(const char *dir, struct pyi_fixup_info *info)
{
	memset(info, 0, sizeof(*info));
	char path[PATH_MAX];
	if (snprintf(path, sizeof(path), "%s/%s", dir, PYI_FIXUP_RECORD) >= (int)sizeof(path))
		return -ENAMETOOLONG;
	FILE *in = fopen(path, "re");
	if (!in)
		return -errno;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int r = 0;
	while (r == 0 && (n = getline(&line, &cap, in)) >= 0) {
		if (n > 0 && line[n - 1] == '\n')
			line[n - 1] = '\0';
		if (!read_line(line, info))
			r = -EINVAL;
	}
	free(line);
	fclose(in);
	return r;
}

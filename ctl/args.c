/* Argument helpers shared by the commands. */
#include <string.h>

#include "ctl/ctl.h"

int ctl_leading_flags(int argc, char **argv, int i, const struct ctl_flag *flags, size_t n)
{
	for (; i < argc; i++) {
		size_t f = 0;
		while (f < n && strcmp(argv[i], flags[f].short_name) != 0 &&
		       strcmp(argv[i], flags[f].long_name) != 0)
			f++;
		if (f == n)
			break;
		*flags[f].set = true;
	}
	return i;
}

int ctl_force_flag(int argc, char **argv, int i, bool *force)
{
	const struct ctl_flag f = {"-f", "--force", force};
	return ctl_leading_flags(argc, argv, i, &f, 1);
}

/* pyenvfs-ctl: one table of subcommands per area, looked up by main.c. */
#pragma once

#include <stdbool.h>

/* What every subcommand is told about how it was invoked. */
struct ctl {
	/* Message prefix: "pyenv" when invoked under that name (argv[0]
	 * basename), else "pyenvfs-ctl". Under "pyenv" the output of the pyenv
	 * commands is pyenv 2.6's byte for byte. */
	const char *prog;
	bool as_pyenv;
	/* The path this program was run as (argv[0]) and its real path. */
	const char *argv0;
	const char *self_exe;
};

/* Runs a subcommand; argv[0] is the subcommand's name. Returns the exit
 * status. */
typedef int ctl_run_fn(const struct ctl *ctl, int argc, char **argv);

struct ctl_command {
	const char *name;
	ctl_run_fn *run;
	const char *summary; /* one line for `pyenvfs-ctl --help`; NULL hides it */
};

/* Each area's table, terminated by an entry whose name is NULL. */
extern const struct ctl_command ctl_pyenv_commands[];   /* cmd_pyenv.c */
extern const struct ctl_command ctl_init_commands[];    /* cmd_init.c */
extern const struct ctl_command ctl_install_commands[]; /* cmd_install.c */
extern const struct ctl_command ctl_mount_commands[];   /* cmd_mount.c */

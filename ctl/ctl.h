/* pyenvfs-ctl: one table of subcommands per area; every entry describes its command once
 * and help, `commands`, `--complete`, `completions CMD` and the top-level usage are
 * generated from it (ctl/command.c).
 *
 * Error convention in ctl/: a command (ctl_run_fn, the pyenv commands' run functions)
 * returns its exit status; an internal helper returns 0 (or a count) on success and a
 * negative errno on failure and leaves the message to its caller, unless its comment
 * says it prints. */
#pragma once

#include <stdbool.h>
#include <stdio.h>

/* What every subcommand is told about how it was invoked. */
struct ctl {
	/* Message prefix: "pyenv" when invoked under that name (argv[0]
	 * basename), else "pyenvfs-ctl". Under "pyenv" the output of the pyenv
	 * commands is pyenv 2.6's byte for byte. */
	const char *prog;
	bool as_pyenv;
	/* invoked as `pyenv-<cmd>' (an entry of the pyenv-libexec directory, as plugins call
	 * pyenv's commands): the command alone, without the main script's setup */
	bool direct;
	/* The path this program was run as (argv[0]) and its real path. */
	const char *argv0;
	const char *self_exe;
};

struct ctl_command;

/* Runs a subcommand; argv[0] is the subcommand's name. Returns the exit
 * status. */
typedef int ctl_run_fn(const struct ctl *ctl, int argc, char **argv);

/* Prints the words `CMD --complete' prints, one a line, to stdout (cmd->complete among
 * them where it wants). ctx: the context of cmd's family (struct pyenv for the pyenv
 * commands, NULL for the others); ctl: how we were invoked (for messages). Returns the
 * exit status. */
typedef int ctl_complete_fn(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd,
			    int argc, char **argv);

enum ctl_command_flags {
	/* a pyenv command: run sets up pyenv's context first, then lets ctl_builtin
	 * answer --help and --complete (pyenv's main script does that order) */
	CTL_CMD_PYENV = 1 << 0,
	/* `--help' goes to run (pyenv's `shell' function) */
	CTL_CMD_NO_HELP = 1 << 1,
	/* a shell function's backend (sh-*): `--help' prints `PROG help "sh-NAME"' */
	CTL_CMD_SH = 1 << 2,
	/* answers --complete but has no "Provide pyenv completions" line, so
	 * `completions CMD' offers only --help (pyenv's version) */
	CTL_CMD_UNMARKED = 1 << 3,
	/* not a pyenv-<cmd> of pyenv's (`shell', a shell function's name): `commands',
	 * `help' and `completions' see its sh-<cmd> instead */
	CTL_CMD_UNLISTED = 1 << 4,
	/* a plugin's command we answer natively only while no plugin's bin/ nor PATH has
	 * pyenv-<name> (pyenv-virtualenv's virtualenv, virtualenv-delete); otherwise that
	 * program runs (and `help', `completions', `--help', `--complete' see it) exactly as
	 * for a name not in the tables. `commands' lists it either way. */
	CTL_CMD_UNLESS_PLUGIN = 1 << 6,
};

struct ctl_command {
	const char *name;
	ctl_run_fn *run;
	const char *summary; /* one line for `pyenvfs-ctl --help`; NULL hides it */
	/* `help --usage CMD' and `help CMD' (pyenv's texts for the pyenv commands, with
	 * "pyenv" in the usage lines replaced by ctl->prog when not invoked as pyenv);
	 * help NULL: the command prints its own help for --help (and `help CMD' runs
	 * `CMD --help'), or, for `shell', sh-shell's is shown */
	const char *usage;
	const char *help;
	/* --complete: these words (each line ended by '\n'), or complete_fn's answer;
	 * both NULL: the command has no completions and --complete goes to run */
	const char *complete;
	ctl_complete_fn *complete_fn;
	unsigned flags; /* enum ctl_command_flags */
};

/* Each area's table, terminated by an entry whose name is NULL. */
extern const struct ctl_command ctl_pyenv_commands[];   /* cmd_pyenv.c */
extern const struct ctl_command ctl_init_commands[];    /* cmd_init.c */
extern const struct ctl_command ctl_install_commands[]; /* cmd_install.c, install_exec.c */
extern const struct ctl_command ctl_mount_commands[];   /* cmd_mount.c */

/* ---- generated from the tables (command.c) ---- */

/* The tables in the order of the top-level usage, NULL-terminated. */
extern const struct ctl_command *const ctl_tables[];

/* The command called name, or NULL. */
const struct ctl_command *ctl_find(const char *name);

/* The top-level usage: every command with a summary. */
void ctl_usage(FILE *out, const struct ctl *ctl);

/* Prints cmd's help (or only its usage) to out, "pyenv" replaced by ctl->prog in the
 * usage lines when not invoked as pyenv. Nothing when cmd has no such text. */
void ctl_print_help(const struct ctl *ctl, const struct ctl_command *cmd, bool usage_only,
		    FILE *out);

/* True when cmd answers --complete. */
bool ctl_has_complete(const struct ctl_command *cmd);

/* Prints cmd->complete (its fixed words) to stdout. */
void ctl_complete_words(const struct ctl_command *cmd);

/* `CMD --complete ARGS...': cmd's words. Returns the exit status. */
int ctl_complete(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd, int argc,
		 char **argv);

/* What every command gets without writing it: `--help' and `--complete' as argv[1].
 * Returns the exit status when it answered, -1 when argv is cmd's to run. */
int ctl_builtin(const struct ctl *ctl, void *ctx, const struct ctl_command *cmd, int argc,
		char **argv);

/* Runs argv[0] (argv: the subcommand and its arguments): one of the tables' commands, else
 * a plugin's pyenv-<argv[0]> (dispatch.c). Returns the exit status. */
int ctl_dispatch(const struct ctl *ctl, int argc, char **argv);

/* ---- argument helpers (args.c) ---- */

/* A switch that may lead the arguments: -f/--force and the like. */
struct ctl_flag {
	const char *short_name, *long_name;
	bool *set;
};

/* Sets the flags argv[i], argv[i + 1]... name, up to the first argument that is none of
 * them. Returns that argument's index (argc when there is none). */
int ctl_leading_flags(int argc, char **argv, int i, const struct ctl_flag *flags, size_t n);

/* ctl_leading_flags for -f/--force alone. */
int ctl_force_flag(int argc, char **argv, int i, bool *force);

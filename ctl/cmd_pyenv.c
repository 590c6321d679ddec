/* The pyenv commands' table: pyenv 2.6's version, version-name, version-origin,
 * version-file, version-file-read, version-file-write, versions, which, whence, prefix,
 * latest, local, global, shell, sh-shell, exec, root, rehash, completions, shims, help,
 * commands; one entry each, with pyenv 2.6's help texts byte for byte; and pyenv-virtualenv's
 * commands we answer (listed as ours, and as the plugin's when it is installed;
 * virtualenv and virtualenv-delete CTL_CMD_UNLESS_PLUGIN). The commands are in
 * ctl/pyenv/, one file per family. Under the name "pyenv" stdout, stderr and the exit
 * status are pyenv's byte for byte; otherwise messages start with "pyenvfs-ctl". */
#include "ctl/ctl.h"
#include "ctl/pyenv/activate.h"
#include "ctl/pyenv/commands.h"
#include "ctl/pyenv/context.h"
#include "ctl/pyenv/exec.h"
#include "ctl/pyenv/hooks.h"
#include "ctl/pyenv/latest.h"
#include "ctl/pyenv/local.h"
#include "ctl/pyenv/shell.h"
#include "ctl/pyenv/venv_create.h"
#include "ctl/pyenv/version.h"
#include "ctl/pyenv/versions.h"
#include "ctl/pyenv/virtualenv.h"
#include "ctl/pyenv/which.h"

/* run_NAME: pyenv_run (pyenv's setup, --help, --complete) around pyenv_cmd_NAME */
#define PYENV_RUN(name)                                                                   \
	static int run_##name(const struct ctl *ctl, int argc, char **argv)               \
	{                                                                                 \
		return pyenv_run(ctl, argc, argv, pyenv_cmd_##name);                      \
	}

PYENV_RUN(version)
PYENV_RUN(version_name)
PYENV_RUN(version_origin)
PYENV_RUN(version_file)
PYENV_RUN(version_file_read)
PYENV_RUN(version_file_write)
PYENV_RUN(versions)
PYENV_RUN(which)
PYENV_RUN(whence)
PYENV_RUN(prefix)
PYENV_RUN(latest)
PYENV_RUN(local)
PYENV_RUN(global)
PYENV_RUN(shell)
PYENV_RUN(sh_shell)
PYENV_RUN(exec)
PYENV_RUN(root)
PYENV_RUN(rehash)
PYENV_RUN(sh_rehash)
PYENV_RUN(completions)
PYENV_RUN(shims)
PYENV_RUN(virtualenvs)
PYENV_RUN(virtualenv_prefix)
PYENV_RUN(virtualenv)
PYENV_RUN(virtualenv_delete)
PYENV_RUN(activate)
PYENV_RUN(deactivate)
PYENV_RUN(sh_activate)
PYENV_RUN(sh_deactivate)
PYENV_RUN(help)
PYENV_RUN(commands)
PYENV_RUN(hooks)

/* each usage is the start of its help text */
#define USAGE_VERSION "Usage: pyenv version [--bare]\n"
#define USAGE_VERSION_FILE "Usage: pyenv version-file [<dir>]\n"
#define USAGE_VERSION_FILE_READ "Usage: pyenv version-file-read <file>\n"
#define USAGE_VERSION_FILE_WRITE \
	"Usage: pyenv version-file-write [-f|--force] <file> <version> [...]\n"
#define USAGE_VERSIONS \
	"Usage: pyenv versions [--bare] [--skip-aliases] [--skip-envs] [--executables]\n"
#define USAGE_WHICH "Usage: pyenv which <command> [--nosystem] [--skip-advice]\n"
#define USAGE_WHENCE "Usage: pyenv whence [--path] <command>\n"
#define USAGE_PREFIX "Usage: pyenv prefix [<version>...]\n"
#define USAGE_LATEST "Usage: pyenv latest [-k|--known] <prefix>\n"
#define USAGE_LOCAL \
	"Usage: pyenv local [-f|--force] [<version> [...]]\n" \
	"       pyenv local --unset\n"
#define USAGE_GLOBAL "Usage: pyenv global <version> <version2> <..>\n"
#define USAGE_SH_SHELL \
	"Usage: pyenv shell <version>...\n" \
	"       pyenv shell -\n" \
	"       pyenv shell --unset\n"
#define USAGE_EXEC "Usage: pyenv exec <command> [arg1 arg2...]\n"
#define USAGE_COMPLETIONS "Usage: pyenv completions <command> [arg1 arg2...]\n"
#define USAGE_SHIMS "Usage: pyenv shims [--short]\n"
#define USAGE_HELP "Usage: pyenv help [--usage] COMMAND\n"
#define USAGE_HOOKS "Usage: pyenv hooks <command>\n"
#define USAGE_COMMANDS "Usage: pyenv commands [--sh|--no-sh]\n"
/* pyenv-virtualenv 1.4's, as pyenv-help parses its scripts' headers */
#define USAGE_VIRTUALENVS "Usage: pyenv virtualenvs [--bare] [--skip-aliases]\n"
#define USAGE_VIRTUALENV_PREFIX "Usage: pyenv virtualenv-prefix [<virtualenv>]\n"
#define USAGE_ACTIVATE \
	"Usage: pyenv activate <virtualenv>\n" \
	"       pyenv activate --unset\n"
#define HELP_ACTIVATE \
	USAGE_ACTIVATE \
	"\n" \
	"Activate a Python virtualenv environment in current shell.\n" \
	"This acts almost as same as `pyenv shell`, but this invokes the `activate`\n" \
	"script in your shell.\n" \
	"\n" \
	"<virtualenv> should be a string matching a Python version known to pyenv.\n" \
	"\n"
/* ours, for a root without pyenv-virtualenv; virtualenv-delete's is the plugin's */
#define USAGE_VIRTUALENV \
	"Usage: pyenv virtualenv [-f|--force] [--without-pip] [VENV_OPTIONS] [<version>] " \
	"<virtualenv-name>\n"
#define USAGE_VIRTUALENV_DELETE "Usage: pyenv virtualenv-delete [-f|--force] <virtualenv>\n"
#define USAGE_DEACTIVATE "Usage: pyenv deactivate\n"
#define HELP_DEACTIVATE USAGE_DEACTIVATE "\nDeactivate a Python virtual environment.\n\n"

const struct ctl_command ctl_pyenv_commands[] = {
	{
		.name = "version",
		.run = run_version,
		.summary = "Show the current Python version(s) and its origin",
		.usage = USAGE_VERSION,
		.help = USAGE_VERSION
			"\n"
			"    --bare    show just the version name. An alias to `pyenv version-name'\n"
			"\n",
		.complete = "--bare\n",
		.complete_fn = pyenv_complete_version,
		.flags = CTL_CMD_PYENV | CTL_CMD_UNMARKED,
	},
	{
		.name = "version-name",
		.run = run_version_name,
		.summary = NULL,
		.usage = "",
		.help = "Usage: pyenv version-name\n"
			"\n"
			"  -f/--force    (Internal) If a version doesn't exist, print it as is rather than "
			"produce an error\n"
			"\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "version-origin",
		.run = run_version_origin,
		.summary = "Explain how the current Python version is set",
		.usage = "",
		.help = "Usage: pyenv version-origin\n"
			"\n"
			"Explain how the current Python version is set\n"
			"\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "version-file",
		.run = run_version_file,
		.summary = "Detect the file that sets the current pyenv version",
		.usage = USAGE_VERSION_FILE,
		.help = USAGE_VERSION_FILE
			"\n"
			"Detect the file that sets the current pyenv version\n"
			"\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "version-file-read",
		.run = run_version_file_read,
		.summary = NULL,
		.usage = USAGE_VERSION_FILE_READ,
		.help = USAGE_VERSION_FILE_READ,
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "version-file-write",
		.run = run_version_file_write,
		.summary = NULL,
		.usage = USAGE_VERSION_FILE_WRITE,
		.help = USAGE_VERSION_FILE_WRITE
			"\n"
			"  -f/--force    Don't verify that the versions exist\n"
			"\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "versions",
		.run = run_versions,
		.summary = "List all Python versions available to pyenv",
		.usage = USAGE_VERSIONS,
		.help = USAGE_VERSIONS
			"\n"
			"Lists all Python versions found in `$PYENV_ROOT/versions/*'.\n"
			"\n"
			"  --bare            List just the names, omit `system'\n"
			"  --skip-aliases    Skip symlinks to other versions and to virtual environments\n"
			"  --skip-envs       Skip virtual environments (under <version>/envs)\n"
			"  --executables     Internal. Overrides other options.\n"
			"                    Optimally get a deduplicated list of all executable names in "
			"Pyenv-managed\n"
			"                    versions and environments for `pyenv rehash'\n"
			"\n",
		.complete = "--bare\n--skip-aliases\n--skip-envs\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "which",
		.run = run_which,
		.summary = "Display the full path to an executable",
		.usage = USAGE_WHICH,
		.help = USAGE_WHICH
			"\n"
			"Displays the full path to the executable that pyenv will invoke when\n"
			"you run the given command.\n"
			"Use --nosystem argument in case when you don't need to search command in the \n"
			"system environment.\n"
			"Internal switch --skip-advice used to skip printing an error message on a\n"
			"failed search.\n"
			"\n",
		.complete_fn = pyenv_complete_shims,
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "whence",
		.run = run_whence,
		.summary = "List all Python versions that contain the given executable",
		.usage = USAGE_WHENCE,
		.help = USAGE_WHENCE
			"\n"
			"List all Python versions that contain the given executable\n"
			"\n",
		.complete = "--path\n",
		.complete_fn = pyenv_complete_shims,
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "prefix",
		.run = run_prefix,
		.summary = "Display prefixes for Python versions",
		.usage = USAGE_PREFIX,
		.help = USAGE_PREFIX
			"\n"
			"Displays the directories where the given Python versions are installed,\n"
			"separated by colons. If no version is given, `pyenv prefix' displays the\n"
			"locations of the currently selected versions.\n"
			"\n",
		.complete = "system\n",
		.complete_fn = pyenv_complete_versions,
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "latest",
		.run = run_latest,
		.summary = "Print the latest installed or known version with the given prefix",
		.usage = USAGE_LATEST,
		.help = USAGE_LATEST
			"\n"
			"  -k/--known      Select from all known versions instead of installed\n"
			"  -b/--bypass     (internal) On a resolution failure, do not print an error message\n"
			"                  but rather print the argument unchanged\n"
			"  -f/--force      (internal) Same as -b but also do not return a failure exit code\n"
			"\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "local",
		.run = run_local,
		.summary = "Set or show the local application-specific Python version(s)",
		.usage = USAGE_LOCAL,
		.help = USAGE_LOCAL
			"\n"
			"  -f/--force    Do not verify that the versions being set exist\n"
			"\n"
			"Sets the local application-specific Python version(s) by writing the\n"
			"version name to a file named `.python-version'.\n"
			"\n"
			"When you run a Python command, pyenv will look for a `.python-version'\n"
			"file in the current directory and each parent directory. If no such\n"
			"file is found in the tree, pyenv will use the global Python version\n"
			"specified with `pyenv global'. A version specified with the\n"
			"`PYENV_VERSION' environment variable takes precedence over local\n"
			"and global versions.\n"
			"\n"
			"<version> can be specified multiple times and should be a version\n"
			"tag known to pyenv.  The special version string `system' will use\n"
			"your default system Python.  Run `pyenv versions' for a list of\n"
			"available Python versions.\n"
			"\n"
			"Example: To enable the python2.7 and python3.7 shims to find their\n"
			"         respective executables you could set both versions with:\n"
			"\n"
			"'pyenv local 3.7.0 2.7.15'\n"
			"\n",
		.complete = "--unset\nsystem\n",
		.complete_fn = pyenv_complete_versions,
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "global",
		.run = run_global,
		.summary = "Set or show the global Python version(s)",
		.usage = USAGE_GLOBAL,
		.help = USAGE_GLOBAL
			"\n"
			"Sets the global Python version(s). You can override the global version at\n"
			"any time by setting a directory-specific version with `pyenv local'\n"
			"or by setting the `PYENV_VERSION' environment variable.\n"
			"\n"
			"<version> can be specified multiple times and should be a version\n"
			"tag known to pyenv.  The special version string `system' will use\n"
			"your default system Python.  Run `pyenv versions' for a list of\n"
			"available Python versions.\n"
			"\n"
			"Example: To enable the python2.7 and python3.7 shims to find their\n"
			"         respective executables you could set both versions with:\n"
			"\n"
			"'pyenv global 3.7.0 2.7.15'\n"
			"\n",
		.complete = "system\n",
		.complete_fn = pyenv_complete_versions,
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "shell",
		.run = run_shell,
		.summary = "Set or show the shell-specific Python version",
		.usage = NULL,
		.help = NULL,
		.flags = CTL_CMD_PYENV | CTL_CMD_NO_HELP | CTL_CMD_UNLISTED,
	},
	{
		.name = "sh-shell",
		.run = run_sh_shell,
		.summary = NULL,
		.usage = USAGE_SH_SHELL,
		.help = USAGE_SH_SHELL
			"\n"
			"Sets a shell-specific Python version by setting the `PYENV_VERSION'\n"
			"environment variable in your shell. This version overrides local\n"
			"application-specific versions and the global version.\n"
			"\n"
			"<version> should be a string matching a Python version known to pyenv.\n"
			"The special version string `system' will use your default system Python.\n"
			"Run `pyenv versions' for a list of available Python versions.\n"
			"\n"
			"When `-` is passed instead of the version string, the previously set\n"
			"version will be restored. With `--unset`, the `PYENV_VERSION`\n"
			"environment variable gets unset, restoring the environment to the\n"
			"state before the first `pyenv shell` call.\n"
			"\n",
		.complete = "--unset\nsystem\n",
		.complete_fn = pyenv_complete_versions,
		.flags = CTL_CMD_PYENV | CTL_CMD_SH,
	},
	{
		.name = "exec",
		.run = run_exec,
		.summary = "Run an executable with the selected Python version",
		.usage = USAGE_EXEC,
		.help = USAGE_EXEC
			"\n"
			"Runs an executable by first preparing PATH so that the selected Python\n"
			"version's `bin' directory is at the front.\n"
			"\n"
			"For example, if the currently selected Python version is 2.7.6:\n"
			"  pyenv exec pip install -r requirements.txt\n"
			"\n"
			"is equivalent to:\n"
			"  PATH=\"$PYENV_ROOT/versions/2.7.6/bin:$PATH\" pip install -r requirements.txt\n"
			"\n",
		.complete_fn = pyenv_complete_shims,
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "root",
		.run = run_root,
		.summary = "Display the root directory where versions and shims are kept",
		.usage = "",
		.help = "Usage: pyenv root\n"
			"\n"
			"Display the root directory where versions and shims are kept\n"
			"\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "rehash",
		.run = run_rehash,
		.summary = "Does nothing: pyenvfs computes its shims",
		.usage = "",
		.help = "Usage: pyenv rehash\n"
			"\n"
			"Rehash pyenv shims (run this after installing executables)\n"
			"\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "sh-rehash",
		.run = run_sh_rehash,
		.summary = NULL,
		.flags = CTL_CMD_PYENV | CTL_CMD_SH,
	},
	{
		.name = "completions",
		.run = run_completions,
		.summary = NULL,
		.usage = USAGE_COMPLETIONS,
		.help = USAGE_COMPLETIONS,
		.complete_fn = pyenv_complete_commands,
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "shims",
		.run = run_shims,
		.summary = "List the shims pyenvfs shows",
		.usage = USAGE_SHIMS,
		.help = USAGE_SHIMS
			"\n"
			"List existing pyenv shims\n"
			"\n",
		.complete = "--short\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "help",
		.run = run_help,
		.summary = "Display help for a command",
		.usage = USAGE_HELP,
		.help = USAGE_HELP
			"\n"
			"Parses and displays help contents from a command's source file.\n"
			"\n"
			"A command is considered documented if it starts with a comment block\n"
			"that has a `Summary:' or `Usage:' section. Usage instructions can\n"
			"span multiple lines as long as subsequent lines are indented.\n"
			"The remainder of the comment block is displayed as extended\n"
			"documentation.\n"
			"\n",
		.complete = "--usage\n",
		.complete_fn = pyenv_complete_commands,
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "commands",
		.run = run_commands,
		.summary = "List all available pyenv commands",
		.usage = USAGE_COMMANDS,
		.help = USAGE_COMMANDS
			"\n"
			"List all available pyenv commands\n"
			"\n",
		.complete = "--sh\n--no-sh\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "hooks",
		.run = run_hooks,
		.summary = "List hook scripts for a given pyenv command",
		.usage = USAGE_HOOKS,
		.help = USAGE_HOOKS
			"\n"
			"List hook scripts for a given pyenv command\n"
			"\n",
		.complete = "exec\nrehash\nversion-name\nversion-origin\nwhich\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "virtualenvs",
		.run = run_virtualenvs,
		.summary = "List all Python virtualenvs found in `$PYENV_ROOT/versions/*'.",
		.usage = USAGE_VIRTUALENVS,
		.help = USAGE_VIRTUALENVS
			"\n"
			"List all virtualenvs found in `$PYENV_ROOT/versions/*' and its "
			"`$PYENV_ROOT/versions/envs/*'.\n"
			"\n",
		.complete = "--bare\n--skip-aliases\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "virtualenv-prefix",
		.run = run_virtualenv_prefix,
		.summary = "Display real_prefix for a Python virtualenv version",
		.usage = USAGE_VIRTUALENV_PREFIX,
		.help = USAGE_VIRTUALENV_PREFIX
			"\n"
			"Display real_prefix for a Python virtualenv version\n"
			"\n",
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "virtualenv",
		.run = run_virtualenv,
		.summary = "Create a Python virtualenv with `python -m venv'",
		.usage = USAGE_VIRTUALENV,
		.help = USAGE_VIRTUALENV
			"\n"
			"  -f/--force       Replace the link <virtualenv-name> to another env, and update\n"
			"                   an existing env without prompting for confirmation\n"
			"  --without-pip    Do not install pip into the env\n"
			"\n"
			"VENV_OPTIONS passed to `python -m venv':\n"
			"  -u/--upgrade     Upgrade the env to its Python; imply --force\n"
			"  --system-site-packages, --symlinks, --copies, --clear, --upgrade-deps,\n"
			"  --prompt=<prompt>\n"
			"\n"
			"Creates a virtual environment with the `python -m venv' of <version> (default:\n"
			"the current version) in `$PYENV_ROOT/versions/<version>/envs/<virtualenv-name>',\n"
			"and the link `$PYENV_ROOT/versions/<virtualenv-name>' to it, as pyenv-virtualenv\n"
			"does; from `system' the env is `$PYENV_ROOT/versions/<virtualenv-name>'.\n"
			"pyenvfs answers this itself while the pyenv-virtualenv plugin is not installed;\n"
			"with the plugin, the plugin's command runs.\n"
			"\n",
		.complete_fn = pyenv_complete_virtualenv,
		.flags = CTL_CMD_PYENV | CTL_CMD_UNLESS_PLUGIN,
	},
	{
		.name = "virtualenv-delete",
		.run = run_virtualenv_delete,
		.summary = "Uninstall a specific Python virtualenv",
		.usage = USAGE_VIRTUALENV_DELETE,
		.help = USAGE_VIRTUALENV_DELETE
			"\n"
			"   -f  Attempt to remove the specified virtualenv without prompting\n"
			"       for confirmation. If the virtualenv does not exist, do not\n"
			"       display an error message.\n"
			"\n"
			"See `pyenv virtualenvs` for a complete list of installed versions.\n"
			"\n",
		.complete_fn = pyenv_complete_virtualenv_delete,
		.flags = CTL_CMD_PYENV | CTL_CMD_UNLESS_PLUGIN,
	},
	{
		.name = "activate",
		.run = run_activate,
		.summary = "Activate virtual environment",
		.usage = USAGE_ACTIVATE,
		.help = HELP_ACTIVATE,
		.complete = "--unset\n",
		.complete_fn = pyenv_complete_virtualenvs,
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "deactivate",
		.run = run_deactivate,
		.summary = "Deactivate virtual environment",
		.usage = USAGE_DEACTIVATE,
		.help = HELP_DEACTIVATE,
		.flags = CTL_CMD_PYENV,
	},
	{
		.name = "sh-activate",
		.run = run_sh_activate,
		.summary = NULL,
		.usage = USAGE_ACTIVATE,
		.help = HELP_ACTIVATE,
		.complete = "--unset\n",
		.complete_fn = pyenv_complete_virtualenvs,
		.flags = CTL_CMD_PYENV | CTL_CMD_SH,
	},
	{
		.name = "sh-deactivate",
		.run = run_sh_deactivate,
		.summary = NULL,
		.usage = USAGE_DEACTIVATE,
		.help = HELP_DEACTIVATE,
		.flags = CTL_CMD_PYENV | CTL_CMD_SH,
	},
	{.name = NULL},
};

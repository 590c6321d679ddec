/* pyenv 2.6's help texts (`pyenv help CMD`, `pyenv help --usage CMD`), byte for byte. */
#include <stddef.h>
#include <string.h>

#include "ctl/pyenv_cmds.h"

static const struct pyenv_help helps[] = {
	{"version", "Usage: pyenv version [--bare]\n",
	 "Usage: pyenv version [--bare]\n"
	 "\n"
	 "    --bare    show just the version name. An alias to `pyenv version-name'\n"
	 "\n"},
	{"version-name", "",
	 "Usage: pyenv version-name\n"
	 "\n"
	 "  -f/--force    (Internal) If a version doesn't exist, print it as is rather than "
	 "produce an error\n"
	 "\n"},
	{"version-origin", "",
	 "Usage: pyenv version-origin\n"
	 "\n"
	 "Explain how the current Python version is set\n"
	 "\n"},
	{"version-file", "Usage: pyenv version-file [<dir>]\n",
	 "Usage: pyenv version-file [<dir>]\n"
	 "\n"
	 "Detect the file that sets the current pyenv version\n"
	 "\n"},
	{"version-file-read", "Usage: pyenv version-file-read <file>\n",
	 "Usage: pyenv version-file-read <file>\n"},
	{"version-file-write",
	 "Usage: pyenv version-file-write [-f|--force] <file> <version> [...]\n",
	 "Usage: pyenv version-file-write [-f|--force] <file> <version> [...]\n"
	 "\n"
	 "  -f/--force    Don't verify that the versions exist\n"
	 "\n"},
	{"versions",
	 "Usage: pyenv versions [--bare] [--skip-aliases] [--skip-envs] [--executables]\n",
	 "Usage: pyenv versions [--bare] [--skip-aliases] [--skip-envs] [--executables]\n"
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
	 "\n"},
	{"which", "Usage: pyenv which <command> [--nosystem] [--skip-advice]\n",
	 "Usage: pyenv which <command> [--nosystem] [--skip-advice]\n"
	 "\n"
	 "Displays the full path to the executable that pyenv will invoke when\n"
	 "you run the given command.\n"
	 "Use --nosystem argument in case when you don't need to search command in the \n"
	 "system environment.\n"
	 "Internal switch --skip-advice used to skip printing an error message on a\n"
	 "failed search.\n"
	 "\n"},
	{"whence", "Usage: pyenv whence [--path] <command>\n",
	 "Usage: pyenv whence [--path] <command>\n"
	 "\n"
	 "List all Python versions that contain the given executable\n"
	 "\n"},
	{"prefix", "Usage: pyenv prefix [<version>...]\n",
	 "Usage: pyenv prefix [<version>...]\n"
	 "\n"
	 "Displays the directories where the given Python versions are installed,\n"
	 "separated by colons. If no version is given, `pyenv prefix' displays the\n"
	 "locations of the currently selected versions.\n"
	 "\n"},
	{"latest", "Usage: pyenv latest [-k|--known] <prefix>\n",
	 "Usage: pyenv latest [-k|--known] <prefix>\n"
	 "\n"
	 "  -k/--known      Select from all known versions instead of installed\n"
	 "  -b/--bypass     (internal) On a resolution failure, do not print an error message\n"
	 "                  but rather print the argument unchanged\n"
	 "  -f/--force      (internal) Same as -b but also do not return a failure exit code\n"
	 "\n"},
	{"local",
	 "Usage: pyenv local [-f|--force] [<version> [...]]\n"
	 "       pyenv local --unset\n",
	 "Usage: pyenv local [-f|--force] [<version> [...]]\n"
	 "       pyenv local --unset\n"
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
	 "\n"},
	{"global", "Usage: pyenv global <version> <version2> <..>\n",
	 "Usage: pyenv global <version> <version2> <..>\n"
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
	 "\n"},
	{"sh-shell",
	 "Usage: pyenv shell <version>...\n"
	 "       pyenv shell -\n"
	 "       pyenv shell --unset\n",
	 "Usage: pyenv shell <version>...\n"
	 "       pyenv shell -\n"
	 "       pyenv shell --unset\n"
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
	 "\n"},
	{"exec", "Usage: pyenv exec <command> [arg1 arg2...]\n",
	 "Usage: pyenv exec <command> [arg1 arg2...]\n"
	 "\n"
	 "Runs an executable by first preparing PATH so that the selected Python\n"
	 "version's `bin' directory is at the front.\n"
	 "\n"
	 "For example, if the currently selected Python version is 2.7.6:\n"
	 "  pyenv exec pip install -r requirements.txt\n"
	 "\n"
	 "is equivalent to:\n"
	 "  PATH=\"$PYENV_ROOT/versions/2.7.6/bin:$PATH\" pip install -r requirements.txt\n"
	 "\n"},
	{"root", "",
	 "Usage: pyenv root\n"
	 "\n"
	 "Display the root directory where versions and shims are kept\n"
	 "\n"},
	{"rehash", "",
	 "Usage: pyenv rehash\n"
	 "\n"
	 "Rehash pyenv shims (run this after installing executables)\n"
	 "\n"},
	{"completions", "Usage: pyenv completions <command> [arg1 arg2...]\n",
	 "Usage: pyenv completions <command> [arg1 arg2...]\n"},
	{"shims", "Usage: pyenv shims [--short]\n",
	 "Usage: pyenv shims [--short]\n"
	 "\n"
	 "List existing pyenv shims\n"
	 "\n"},
};

const struct pyenv_help *pyenv_help_find(const char *cmd)
{
	for (size_t i = 0; i < sizeof(helps) / sizeof(helps[0]); i++)
		if (strcmp(helps[i].cmd, cmd) == 0)
			return &helps[i];
	return NULL;
}

/* pyenv shell, sh-shell (shell.h): the code for bash/zsh/sh, fish and pwsh. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl/pyenv/output.h"
#include "ctl/pyenv/shell.h"
#include "ctl/pyenv/version.h"
#include "resolver/path.h"

enum shell_kind { SH_POSIX, SH_FISH, SH_PWSH };

int pyenv_cmd_shell(struct pyenv *p, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	pyenv_errf("%s: shell integration not enabled. Run `%s init' for instructions.",
		   p->ctl->prog, p->ctl->prog);
	return 1;
}

/* $PYENV_SHELL, else $SHELL, by its basename */
static enum shell_kind shell_kind(void)
{
	const char *sh = getenv("PYENV_SHELL");
	if (!sh || !*sh)
		sh = getenv("SHELL");
	sh = rv_basename(sh ? sh : "");
	return strcmp(sh, "fish") == 0 ? SH_FISH : strcmp(sh, "pwsh") == 0 ? SH_PWSH : SH_POSIX;
}

static void print_unset(enum shell_kind kind)
{
	if (kind == SH_FISH)
		printf("set -gu PYENV_VERSION_OLD \"$PYENV_VERSION\"\nset -e "
		       "PYENV_VERSION\n");
	else if (kind == SH_PWSH)
		printf("$Env:PYENV_VERSION, $Env:PYENV_VERSION_OLD = $null, "
		       "$Env:PYENV_VERSION\n");
	else
		printf("PYENV_VERSION_OLD=\"${PYENV_VERSION-}\"\nunset PYENV_VERSION\n");
}

/* `pyenv shell -': back to PYENV_VERSION_OLD */
static void print_revert(enum shell_kind kind, const char *prog)
{
	if (kind == SH_FISH)
		printf("if set -q PYENV_VERSION_OLD\n"
		       "  if [ -n \"$PYENV_VERSION_OLD\" ]\n"
		       "    set PYENV_VERSION_OLD_ \"$PYENV_VERSION\"\n"
		       "    set -gx PYENV_VERSION \"$PYENV_VERSION_OLD\"\n"
		       "    set -gu PYENV_VERSION_OLD \"$PYENV_VERSION_OLD_\"\n"
		       "    set -e PYENV_VERSION_OLD_\n"
		       "  else\n"
		       "    set -gu PYENV_VERSION_OLD \"$PYENV_VERSION\"\n"
		       "    set -e PYENV_VERSION\n"
		       "  end\n"
		       "else\n"
		       "  echo \"%s: PYENV_VERSION_OLD is not set\" >&2\n"
		       "  false\n"
		       "end\n",
		       prog);
	else if (kind == SH_PWSH)
		printf("if ( Get-Item -Path Env:\\PYENV_VERSION* ) {\n"
		       "  $Env:PYENV_VERSION, $Env:PYENV_VERSION_OLD = "
		       "$Env:PYENV_VERSION_OLD, "
		       "$Env:PYENV_VERSION\n"
		       "} else {\n"
		       "  Write-Error \"%s: Env:PYENV_VERSION_OLD is not set\"\n"
		       "  return $false\n"
		       "} \n",
		       prog);
	else
		printf("if [ -n \"${PYENV_VERSION_OLD+x}\" ]; then\n"
		       "  if [ -n \"$PYENV_VERSION_OLD\" ]; then\n"
		       "    PYENV_VERSION_OLD_=\"$PYENV_VERSION\"\n"
		       "    export PYENV_VERSION=\"$PYENV_VERSION_OLD\"\n"
		       "    PYENV_VERSION_OLD=\"$PYENV_VERSION_OLD_\"\n"
		       "    unset PYENV_VERSION_OLD_\n"
		       "  else\n"
		       "    PYENV_VERSION_OLD=\"$PYENV_VERSION\"\n"
		       "    unset PYENV_VERSION\n"
		       "  fi\n"
		       "else\n"
		       "  echo \"%s: PYENV_VERSION_OLD is not set\" >&2\n"
		       "  false\n"
		       "fi\n",
		       prog);
}

static void print_set(enum shell_kind kind, const char *version)
{
	if (kind == SH_FISH)
		printf("set -gu PYENV_VERSION_OLD \"$PYENV_VERSION\"\n"
		       "set -gx PYENV_VERSION \"%s\"\n",
		       version);
	else if (kind == SH_PWSH)
		printf("$Env:PYENV_VERSION, $Env:PYENV_VERSION_OLD = \"%s\", "
		       "$Env:PYENV_VERSION\n",
		       version);
	else
		printf("PYENV_VERSION_OLD=\"${PYENV_VERSION-}\"\n"
		       "export PYENV_VERSION=\"%s\"\n",
		       version);
}

/* `pyenv shell VERSION...': checked, then set unless it is the current one. */
static int set_versions(struct pyenv *p, enum shell_kind kind, const char *cur, int argc,
			char **argv)
{
	int r = pyenv_check_installed(p, argv + 1, (size_t)(argc - 1), NULL);
	if (r == -ENOENT) {
		printf("false\n");
		return 1;
	}
	if (r < 0)
		return pyenv_oom(p->ctl);
	struct rv_strv vs = {0};
	for (int i = 1; i < argc && r >= 0; i++)
		r = rv_strv_push(&vs, argv[i]);
	char *version = r < 0 ? NULL : rv_strv_join(&vs, ":");
	rv_strv_clear(&vs);
	if (!version)
		return pyenv_oom(p->ctl);
	if (!cur || strcmp(version, cur) != 0)
		print_set(kind, version);
	free(version);
	return 0;
}

int pyenv_cmd_sh_shell(struct pyenv *p, int argc, char **argv)
{
	enum shell_kind kind = shell_kind();
	const char *cur = getenv("PYENV_VERSION");
	if (argc < 2 || !*argv[1]) {
		if (!cur || !*cur) {
			pyenv_errf("%s: no shell-specific version configured", p->ctl->prog);
			return 1;
		}
		printf("echo \"$PYENV_VERSION\"\n");
		return 0;
	}
	if (strcmp(argv[1], "--unset") == 0) {
		print_unset(kind);
		return 0;
	}
	if (strcmp(argv[1], "-") == 0) {
		print_revert(kind, p->ctl->prog);
		return 0;
	}
	return set_versions(p, kind, cur, argc, argv);
}

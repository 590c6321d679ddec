/* The command tables: every entry complete, pyenv's help texts, what is generated from
 * them (help, the usage, --complete, completions CMD, commands). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "capture.h"
#include "ctl/ctl.h"
#include "ctl/pyenv/commands.h"

static const struct ctl as_pyenv = {.prog = "pyenv", .as_pyenv = true, .argv0 = "pyenv"};
static const struct ctl as_ctl = {.prog = "pyenvfs-ctl", .argv0 = "pyenvfs-ctl"};

static bool starts(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

static char *help_text(const struct ctl *ctl, const char *name, bool usage_only)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ctl_print_help(ctl, ctl_find(name), usage_only, f);
	fclose(f);
	return buf;
}

/* Runs argv through the dispatcher; *out, *err: what it printed. */
static int dispatch(const struct ctl *ctl, char **out, char **err, const char *arg0, ...)
{
	char *argv[16] = {(char *)arg0};
	int argc = 1;
	va_list ap;
	va_start(ap, arg0);
	for (char *a; argc < 15 && (a = va_arg(ap, char *));)
		argv[argc++] = a;
	va_end(ap);
	cap_begin(1);
	cap_begin(2);
	int r = ctl_dispatch(ctl, argc, argv);
	*err = cap_end(2);
	*out = cap_end(1);
	return r;
}

static void test_every_entry(void **state)
{
	(void)state;
	size_t n = 0;
	for (size_t t = 0; ctl_tables[t]; t++)
		for (const struct ctl_command *c = ctl_tables[t]; c->name; c++, n++) {
			assert_true(*c->name);
			assert_non_null(c->run);
			assert_ptr_equal(ctl_find(c->name), c); /* names are unique */
			if (c->summary)
				assert_true(*c->summary && !strchr(c->summary, '\n'));
			if (c->complete)
				assert_true(c->complete[strlen(c->complete) - 1] == '\n');
			if (!c->help) {
				/* its own help, or sh-NAME's */
				assert_null(c->usage);
				continue;
			}
			/* pyenv's shape: the usage block, then the rest */
			char want[64];
			const char *base = starts(c->name, "sh-") ? c->name + 3 : c->name;
			snprintf(want, sizeof(want), "Usage: pyenv %s", base);
			assert_true(starts(c->help, want));
			assert_non_null(c->usage);
			assert_true(starts(c->help, c->usage));
		}
	assert_true(n >= 29);
}

/* pyenv's commands all have their texts; `shell' shows sh-shell's; sh-rehash has none
 * (pyenv's has none either). */
static void test_pyenv_commands_documented(void **state)
{
	(void)state;
	for (const struct ctl_command *c = ctl_pyenv_commands; c->name; c++) {
		if (c->help || strcmp(c->name, "sh-rehash") == 0)
			continue;
		assert_string_equal(c->name, "shell");
		assert_non_null(ctl_find("sh-shell")->help);
	}
}

static void test_help_texts(void **state)
{
	(void)state;
	for (const struct ctl_command *c = ctl_pyenv_commands; c->name; c++) {
		if (!c->help)
			continue;
		char *h = help_text(&as_pyenv, c->name, false);
		char *u = help_text(&as_pyenv, c->name, true);
		assert_string_equal(h, c->help);
		assert_string_equal(u, c->usage);
		free(h);
		free(u);
	}
	/* two of pyenv 2.6's texts, byte for byte */
	char *u = help_text(&as_pyenv, "which", true);
	assert_string_equal(u, "Usage: pyenv which <command> [--nosystem] [--skip-advice]\n");
	free(u);
	u = help_text(&as_pyenv, "local", true);
	assert_string_equal(u, "Usage: pyenv local [-f|--force] [<version> [...]]\n"
			       "       pyenv local --unset\n");
	free(u);
	/* under its own name the usage lines name pyenvfs-ctl, the rest stays */
	char *h = help_text(&as_ctl, "local", false);
	assert_true(starts(h, "Usage: pyenvfs-ctl local [-f|--force] [<version> [...]]\n"
			      "       pyenvfs-ctl local --unset\n\n"));
	assert_non_null(strstr(h, "\n'pyenv local 3.7.0 2.7.15'\n"));
	free(h);
}

static void test_help_command(void **state)
{
	(void)state;
	char *out, *err;
	assert_int_equal(dispatch(&as_pyenv, &out, &err, "help", "version", NULL), 0);
	assert_string_equal(out, ctl_find("version")->help);
	free(out);
	free(err);
	assert_int_equal(dispatch(&as_pyenv, &out, &err, "help", "--usage", "which", NULL), 0);
	assert_string_equal(out, ctl_find("which")->usage);
	free(out);
	free(err);
	assert_int_equal(dispatch(&as_pyenv, &out, &err, "help", "shell", NULL), 0);
	assert_string_equal(out, ctl_find("sh-shell")->help);
	free(out);
	free(err);
	assert_int_equal(dispatch(&as_pyenv, &out, &err, "help", "nosuch", NULL), 1);
	assert_string_equal(err, "pyenv: no such command `nosuch'\n");
	free(out);
	free(err);
	assert_int_equal(dispatch(&as_ctl, &out, &err, "help", NULL), 0);
	/* pyenv-help's list: every command with a summary */
	assert_true(starts(out, "Usage: pyenvfs-ctl <command> [<args>]\n\n"
				"Some useful pyenvfs-ctl commands are:\n"));
	assert_non_null(strstr(out, "\n   hooks       List hook scripts for a given pyenv command\n"));
	free(out);
	free(err);
}

static void test_usage(void **state)
{
	(void)state;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	ctl_usage(f, &as_ctl);
	fclose(f);
	for (size_t t = 0; ctl_tables[t]; t++)
		for (const struct ctl_command *c = ctl_tables[t]; c->name; c++) {
			char line[128];
			snprintf(line, sizeof(line), "\n   %-18s ", c->name);
			assert_int_equal(strstr(buf, line) != NULL, c->summary != NULL);
		}
	free(buf);
}

static void test_complete_words(void **state)
{
	(void)state;
	char *out, *err;
	assert_int_equal(dispatch(&as_ctl, &out, &err, "init", "--complete", NULL), 0);
	assert_string_equal(out, "-\n--path\n--no-push-path\n--no-mount\n--no-rehash\n"
				 "--detect-shell\nbash\nfish\npwsh\nzsh\n");
	free(out);
	free(err);
	assert_int_equal(dispatch(&as_pyenv, &out, &err, "shims", "--complete", NULL), 0);
	assert_string_equal(out, "--short\n");
	free(out);
	free(err);
	assert_int_equal(dispatch(&as_pyenv, &out, &err, "versions", "--bare", "--complete", NULL),
			 0);
	assert_string_equal(out, "--bare\n--skip-aliases\n--skip-envs\n");
	free(out);
	free(err);
}

/* The completions that list versions or commands, from a root of our own. */
static void test_complete_lists(void **state)
{
	(void)state;
	char dir[] = "/tmp/test-ctl-table.XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[256];
	snprintf(path, sizeof(path), "%s/versions", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/versions/3.12.1", dir);
	assert_int_equal(mkdir(path, 0755), 0);
	setenv("PYENV_ROOT", dir, 1);
	unsetenv("PYENV_VERSION");
	unsetenv("PYENV_DIR");
	char *out, *err;
	assert_int_equal(dispatch(&as_pyenv, &out, &err, "local", "--complete", NULL), 0);
	assert_string_equal(out, "--unset\nsystem\n3.12.1\n");
	free(out);
	free(err);
	assert_int_equal(dispatch(&as_pyenv, &out, &err, "completions", "sh-shell", NULL), 0);
	assert_string_equal(out, "--help\n--unset\nsystem\n3.12.1\n");
	free(out);
	free(err);
	/* version answers --complete but is not marked: completions offers --help only */
	assert_int_equal(dispatch(&as_pyenv, &out, &err, "completions", "version", NULL), 0);
	assert_string_equal(out, "--help\n");
	free(out);
	free(err);
	assert_int_equal(dispatch(&as_pyenv, &out, &err, "help", "--complete", NULL), 0);
	assert_true(starts(out, "--usage\nactivate\ncommands\ncompletions\n"));
	free(out);
	free(err);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/versions", dir);
	rmdir(path);
	rmdir(dir);
}

static void test_commands_list(void **state)
{
	(void)state;
	struct rv_strv all = {0}, sh = {0}, nosh = {0};
	/* no plugin: an empty PATH and a root without plugins/ */
	setenv("PATH", "/nonexistent", 1);
	setenv("PYENV_ROOT", "/nonexistent", 1);
	unsetenv("PYENV_DIR");
	struct pyenv p;
	assert_int_equal(pyenv_init(&p, &as_pyenv), 0);
	assert_int_equal(pyenv_commands_list(&p, PYENV_COMMANDS_ALL, &all), 0);
	assert_int_equal(pyenv_commands_list(&p, PYENV_COMMANDS_SH, &sh), 0);
	assert_int_equal(pyenv_commands_list(&p, PYENV_COMMANDS_NO_SH, &nosh), 0);
	pyenv_finish(&p);
	for (size_t i = 1; i < all.n; i++)
		assert_true(strcmp(all.v[i - 1], all.v[i]) < 0); /* sorted, each once */
	assert_true(rv_strv_contains(&all, "shell") && !rv_strv_contains(&all, "sh-shell"));
	assert_true(rv_strv_contains(&all, "mount") && rv_strv_contains(&all, "commands"));
	/* without pyenv-virtualenv, our native family is listed (the plugin's own listing
	 * is the subject of ctl-plugins and ctl-virtualenv-native) */
	assert_int_equal(sh.n, 4);
	assert_string_equal(sh.v[0], "activate");
	assert_string_equal(sh.v[1], "deactivate");
	assert_string_equal(sh.v[2], "rehash");
	assert_string_equal(sh.v[3], "shell");
	assert_true(rv_strv_contains(&all, "virtualenvs"));
	assert_true(rv_strv_contains(&all, "virtualenv-prefix"));
	assert_true(rv_strv_contains(&all, "virtualenv"));
	assert_true(rv_strv_contains(&all, "virtualenv-delete"));
	/* `shell' is sh-shell's: pyenv has no pyenv-shell (rehash is a command of its own) */
	assert_int_equal(nosh.n, all.n - 1);
	assert_false(rv_strv_contains(&nosh, "shell"));
	rv_strv_clear(&all);
	rv_strv_clear(&sh);
	rv_strv_clear(&nosh);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_entry),
		cmocka_unit_test(test_pyenv_commands_documented),
		cmocka_unit_test(test_help_texts),
		cmocka_unit_test(test_help_command),
		cmocka_unit_test(test_usage),
		cmocka_unit_test(test_complete_words),
		cmocka_unit_test(test_complete_lists),
		cmocka_unit_test(test_commands_list),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}

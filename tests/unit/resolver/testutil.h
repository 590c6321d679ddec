/* Helpers for the resolver unit tests: a temporary tree per test. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* Creates a fresh temporary directory; returns its path (static storage per call site
 * is not used: malloc'ed). */
char *tu_tmpdir(void);
/* A test's tree: *dir a fresh temporary directory, *root "<dir>/root" (not created). */
void tu_tree_init(char **dir, char **root);
/* Removes the tree and frees both strings. */
void tu_tree_finish(char *dir, char *root);
/* The same as a cmocka fixture: *state a struct tu_tree (calloc'ed), freed by teardown. */
struct tu_tree {
	char *dir, *root;
};
int tu_tree_setup(void **state);
int tu_tree_teardown(void **state);
/* Removes a tree. */
void tu_rmtree(const char *path);
/* mkdir -p "<base>/<rel>" */
void tu_mkdirs(const char *base, const char *rel);
/* Writes len bytes (len == (size_t)-1: strlen) to "<base>/<rel>", creating parents. */
void tu_write(const char *base, const char *rel, const char *data, size_t len);
/* Writes an executable "#!/bin/sh" script "<base>/<rel>". */
void tu_exec(const char *base, const char *rel);
/* symlink(target, "<base>/<rel>") */
void tu_symlink(const char *target, const char *base, const char *rel);
/* "<base>/<rel>", malloc'ed */
char *tu_path(const char *base, const char *rel);

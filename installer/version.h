/* pyi_version: CPython version numbers as pyenv names them (3.12.1,
 * 3.14.0rc1, 3.13.1t) and the requests `install` accepts (3, 3.12, 3.12.1,
 * 3.13t, 3.14.0rc1). */
#pragma once

#include <stdbool.h>
#include <stddef.h>

struct pyi_version {
	int major, minor, patch;
	char pre[16]; /* "" for a final release, else "a1", "b2", "rc1" */
	bool freethreaded;
};

struct pyi_request {
	struct pyi_version v; /* the parts given; the rest are 0/"" */
	bool has_minor;
	bool has_patch; /* then v.pre is matched exactly too */
};

/* Parses a prerelease tag ("a1", "b12", "rc3"; "" is a final release).
 * Returns false for anything else. */
bool pyi_pre_valid(const char *pre);

/* Parses a request: an optional "python-"/"cpython-" prefix, MAJOR[.MINOR
 * [.PATCH[PRE]]], then an optional "t" for free-threaded. Returns false
 * when s is not of that form. */
bool pyi_request_parse(const char *s, struct pyi_request *req);

/* True when v satisfies req: the given parts equal, the same variant, and
 * a final release unless the request names the prerelease. */
bool pyi_request_matches(const struct pyi_request *req, const struct pyi_version *v);

/* Orders versions: numerically, a < b < rc < final; free-threaded after the
 * default build of the same version. Returns <0, 0, >0. */
int pyi_version_cmp(const struct pyi_version *a, const struct pyi_version *b);

/* Writes pyenv's name for v ("3.12.1", "3.13.1t", "3.14.0rc1") into buf.
 * Returns false if it does not fit. */
bool pyi_version_name(const struct pyi_version *v, char *buf, size_t size);

/* pyi_install: installs prebuilt builds into $PYENV_ROOT/versions/<name>.
 *
 * One install: take the version's lock; if the version is there already,
 * stop (unless forced); else stream the archive — from the download cache,
 * a partial cached download continued with a Range request, or the network
 * — through SHA-256 and into the extractor at once, into a temp dir next to
 * versions/. Only when the whole download's hash matches does the temp dir
 * get bin/python, a record of what was installed, and one rename() into
 * versions/ (an atomic exchange when forced over an existing one). On any
 * failure the temp dir is removed and versions/ is untouched. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "installer/pyi_err.h"
#include "installer/fetch.h"
#include "installer/index.h"

/* The record of an install, written inside the version directory. */
#define PYI_RECORD_NAME ".pyenvfs-install.json"

enum pyi_phase {
	PYI_PHASE_WAIT_LOCK, /* another install of this version runs; waiting */
	PYI_PHASE_DOWNLOAD,  /* bytes arriving (done/total; total -1 unknown) */
	PYI_PHASE_EXTRACT,   /* download complete and verified... finishing extraction */
	PYI_PHASE_DONE,      /* installed, or found installed (see the result) */
};

struct pyi_progress {
	size_t job;       /* which of the builds given to pyi_install_many */
	const char *name; /* pyenv name, e.g. 3.12.1 */
	const char *url;  /* what is downloaded (after --mirror) */
	enum pyi_phase phase;
	int64_t done, total;
	bool from_cache; /* bytes came (partly) from the download cache */
};

/* Progress report; may be called from several threads at once (one per
 * job), often: callers rate-limit drawing. */
typedef void pyi_progress_fn(void *user, const struct pyi_progress *p);

struct pyi_install_opts {
	const char *root;      /* PYENV_ROOT; versions go to <root>/versions */
	const char *cache_dir; /* download cache; NULL: none */
	const char *mirror;    /* replaces the upstream URL prefix; NULL: none */
	bool force;            /* replace an installed version */
	struct pyi_fetch_opts fetch;
	pyi_progress_fn *progress;     /* NULL: none */
	bool (*cancelled)(void *user); /* polled; NULL: never */
	void *user;
};

enum pyi_outcome {
	PYI_INSTALLED,
	PYI_ALREADY_INSTALLED, /* nothing done (found after waiting for the lock, too) */
	PYI_FAILED,
};

struct pyi_result {
	enum pyi_outcome outcome;
	char path[4096]; /* the version directory */
	char url[4096];  /* what was (or would have been) fetched */
	struct pyi_err err;
};

/* Installs build b as job number job. Fills r; returns r->outcome !=
 * PYI_FAILED. Thread-safe for different builds (and for the same build:
 * the lock serializes them). Needs pyi_fetch_global_init(). */
bool pyi_install(const struct pyi_install_opts *o, const struct pyi_build *b, size_t job,
		 struct pyi_result *r);

/* Installs n builds in parallel, one thread each (results[i] for
 * builds[i]). Returns true when none failed. */
bool pyi_install_many(const struct pyi_install_opts *o, const struct pyi_build *const *builds,
		      size_t n, struct pyi_result *results);

/* The cache file name for url: its last path component, %-decoded, with
 * anything but [A-Za-z0-9._+-] replaced by '_'. */
bool pyi_install_cache_name(const char *url, char *buf, size_t size);

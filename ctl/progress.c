/* pyenvfs-ctl install's progress display (see progress.h). */
#include "ctl/progress.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

struct bar {
	const char *name;
	enum pyi_phase phase;
	int64_t done, total, first;
	bool started, cached, announced, extracting;
	struct timespec t0;
};

struct ctl_progress {
	pthread_mutex_t lock;
	bool tty, quiet;
	size_t n;
	struct bar *bars;
	bool drawn;
	struct timespec last;
};

struct ctl_progress *ctl_progress_create(const struct pyi_build *const *builds, size_t n,
					 bool quiet)
{
	struct ctl_progress *p = calloc(1, sizeof(*p));
	struct bar *bars = calloc(n, sizeof(*bars));
	if (!p || !bars) {
		free(p);
		free(bars);
		return NULL;
	}
	p->tty = isatty(STDERR_FILENO);
	p->quiet = quiet;
	p->n = n;
	p->bars = bars;
	pthread_mutex_init(&p->lock, NULL);
	for (size_t i = 0; i < n; i++) {
		bars[i].name = builds[i]->name;
		bars[i].phase = PYI_PHASE_DOWNLOAD;
		bars[i].total = -1;
	}
	return p;
}

void ctl_progress_destroy(struct ctl_progress *p)
{
	if (!p)
		return;
	pthread_mutex_destroy(&p->lock);
	free(p->bars);
	free(p);
}

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

/* "[####----]" for done of total into buf (32 bytes). */
static void fmt_bar(const struct bar *b, char *buf)
{
	int w = 24, fill = (int)((double)b->done * w / (double)b->total);
	if (fill > w)
		fill = w;
	buf[0] = '[';
	for (int i = 0; i < w; i++)
		buf[1 + i] = i < fill ? '#' : '-';
	buf[w + 1] = ']';
	buf[w + 2] = '\0';
}

static void fmt_line(const struct bar *b, const struct timespec *now, char *buf, size_t size)
{
	double mib = 1024.0 * 1024.0;
	if (!b->started || (b->phase == PYI_PHASE_DOWNLOAD && b->done == 0 && b->total <= 0)) {
		snprintf(buf, size, "%-10s %s", b->name,
			 b->phase == PYI_PHASE_WAIT_LOCK ? "waiting for another install..."
							 : "connecting...");
		return;
	}
	if (b->phase == PYI_PHASE_EXTRACT) {
		snprintf(buf, size, "%-10s extracting... (%.1f MiB downloaded)", b->name,
			 (double)b->done / mib);
		return;
	}
	if (b->phase == PYI_PHASE_DONE) {
		snprintf(buf, size, "%-10s installed", b->name);
		return;
	}
	double secs = since(&b->t0, now);
	double rate = secs > 0.05 ? (double)(b->done - b->first) / secs : 0;
	char bar[32] = "";
	char eta[32] = "";
	if (b->total > 0) {
		fmt_bar(b, bar);
		if (rate > 0) {
			long left = (long)((double)(b->total - b->done) / rate);
			snprintf(eta, sizeof(eta), "ETA %ld:%02ld", left / 60, left % 60);
		}
		snprintf(buf, size, "%-10s %s %6.1f/%.1f MiB %6.1f MiB/s  %s", b->name, bar,
			 (double)b->done / mib, (double)b->total / mib, rate / mib, eta);
	} else {
		snprintf(buf, size, "%-10s %6.1f MiB %6.1f MiB/s", b->name, (double)b->done / mib,
			 rate / mib);
	}
}

/* Redraws every bar in place. Called with p->lock held. */
static void draw(struct ctl_progress *p)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (p->drawn)
		fprintf(stderr, "\033[%zuA", p->n);
	for (size_t i = 0; i < p->n; i++) {
		char line[256];
		fmt_line(&p->bars[i], &now, line, sizeof(line));
		fprintf(stderr, "\r\033[K%s\n", line);
	}
	p->drawn = true;
	p->last = now;
	fflush(stderr);
}

void ctl_progress_draw(struct ctl_progress *p)
{
	pthread_mutex_lock(&p->lock);
	if (p->tty && !p->quiet)
		draw(p);
	pthread_mutex_unlock(&p->lock);
}

/* Off a terminal: the line announcing the step b enters with update, if any. */
static void announce(struct bar *b, const struct pyi_progress *u)
{
	if (u->phase == PYI_PHASE_WAIT_LOCK) {
		fprintf(stderr, "Waiting for another install of %s...\n", u->name);
	} else if (u->phase == PYI_PHASE_DOWNLOAD && !b->announced) {
		b->announced = true;
		char file[256];
		if (!pyi_install_cache_name(u->url, file, sizeof(file)))
			snprintf(file, sizeof(file), "%s", u->url);
		if (u->from_cache && u->done == 0)
			fprintf(stderr, "Using the cached %s...\n", file);
		else
			fprintf(stderr, "Downloading %s...\n-> %s\n", file, u->url);
	} else if (u->phase == PYI_PHASE_EXTRACT && !b->extracting) {
		b->extracting = true;
		fprintf(stderr, "Installing %s...\n", u->name);
	}
}

void ctl_progress_update(void *user, const struct pyi_progress *u)
{
	struct ctl_progress *p = user;
	if (p->quiet)
		return;
	pthread_mutex_lock(&p->lock);
	struct bar *b = &p->bars[u->job];
	bool changed = b->phase != u->phase || !b->started;
	if (u->phase == PYI_PHASE_DOWNLOAD && !b->started) {
		b->started = true;
		b->first = u->done;
		clock_gettime(CLOCK_MONOTONIC, &b->t0);
	}
	if (u->phase == PYI_PHASE_EXTRACT || u->phase == PYI_PHASE_DONE)
		b->started = true;
	b->phase = u->phase;
	b->done = u->done;
	if (u->total >= 0 || u->phase == PYI_PHASE_DOWNLOAD)
		b->total = u->total;
	b->cached = u->from_cache;
	if (p->tty) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (changed || since(&p->last, &now) >= 0.1)
			draw(p);
	} else {
		announce(b, u);
	}
	pthread_mutex_unlock(&p->lock);
}

/* pyi_inflater: the middle stage of the install pipeline, a thread of its
 * own: it reads the downloaded bytes from one pyi_stream and writes them,
 * gunzipped when they start with gzip's magic (concatenated members
 * included) and unchanged otherwise, to another. So downloading and
 * hashing, decompressing, and writing files run on three threads. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

#include "installer/pyi_err.h"
#include "installer/stream.h"

struct pyi_inflater;

/* Starts the thread. It reads `in` to its end (or until the data proves
 * corrupt), then closes `out` for writing (as failed when `in` failed or
 * the data is corrupt) and `in` for reading. When `out`'s reader stops, it
 * goes on inflating without writing, so that corrupt data is still found.
 * NULL when the thread cannot start. */
struct pyi_inflater *pyi_inflater_start(struct pyi_stream *in, struct pyi_stream *out);

/* Waits for the thread and frees it. Returns false, with err set to
 * PYI_E_ARCHIVE and a message such as "bad archive: gzip: invalid block type",
 * when the gzip data was corrupt or cut short (not when `in` failed: that is the
 * writer's to tell). */
bool pyi_inflater_join(struct pyi_inflater *z, struct pyi_err *err);

/*
 * relay.h - an ordered hand-over of work from one thread to a second: the
 * producer appends records to a chunk, full chunks are queued, and a worker
 * thread replays each chunk, in order, through a callback.
 *
 * This is how a build uses two cores (docs/BENCHMARKS.md, "Indexing on two
 * cores"): the calling thread reads, decodes, normalizes and annotates;
 * a second tokenizes and inverts; a third compresses the stored text
 * (segwrite.h; two relays in a row).  Because the chunks are replayed in
 * the order they were written, the result is the same as replaying them in
 * the calling thread, byte for byte.
 *
 * Memory is bounded: at most the relay's depth of chunks wait (RELAY_DEPTH
 * unless started deeper), each a little over RELAY_CHUNK_BYTES; a producer
 * that gets ahead waits for the worker.
 *
 * Errors: the first error of the callback stops the replay (later chunks
 * are dropped unread); it is returned, with its message, by the producer's
 * next relay_push or by relay_finish.  One producer thread only.
 */
#ifndef ZS_RELAY_H
#define ZS_RELAY_H

#include "buf.h"
#include "err.h"

#include <stddef.h>

/* A chunk is handed over once it holds this many bytes. */
#define RELAY_CHUNK_BYTES (256u << 10)
/* Chunks that may wait for the worker, by default. */
#define RELAY_DEPTH 4
/* The most relay_start accepts: a worker whose work comes in bursts (the
 * text thread, segwrite.c) gets a deeper queue, so that the threads before
 * it go on meanwhile.  Memory stays bounded: the chunks kept for reuse
 * after a burst are RELAY_DEPTH + 1 whatever the depth. */
#define RELAY_DEPTH_MAX 16

typedef struct relay relay;

/* Replays one chunk of `len` bytes; returns ZS_OK or an error code with
 * its message in `d`.  Runs in the worker thread. */
typedef int (*relay_fn)(void *ctx, const char *data, size_t len, zs_diag *d);

/* Start the worker thread that calls fn(ctx, ...) for each chunk, with at
 * most `depth` chunks waiting for it (1 .. RELAY_DEPTH_MAX; RELAY_DEPTH
 * unless the worker's work comes in bursts).  Errors: ZS_ENOMEM; ZS_EINVAL
 * for a depth out of range; ZS_EIO when no thread can be started (the
 * caller may then do the work itself). */
int relay_start(relay **out, relay_fn fn, void *ctx, size_t depth);

/* The chunk the producer appends records to (owned by the relay; valid
 * until the next relay_push, relay_finish or relay_abort).  An append that
 * fails leaves its error in the buffer (buf_error), which the next
 * relay_push returns. */
buf *relay_chunk(relay *p);

/* Hand the chunk over if it holds RELAY_CHUNK_BYTES or more (`force`: if it
 * holds anything), waiting while RELAY_DEPTH chunks wait.  Returns the
 * worker's first error so far (its message in `d`), or the chunk's own
 * append error. */
int relay_push(relay *p, int force, zs_diag *d);

/* How many chunks waited for the worker (the one handed over included)
 * right after the producer's last hand-over: 1 when the worker keeps up,
 * the relay's depth when the producer had to wait.  For the producer only (no
 * lock: the producer's own record). */
size_t relay_backlog(const relay *p);

/* Hand over what is left, wait until the worker has replayed everything,
 * stop it and free `p`.  Returns the first error (message in `d`). */
int relay_finish(relay *p, zs_diag *d);

/* Stop the worker without replaying what waits, and free `p` (NULL is
 * fine). */
void relay_abort(relay *p);

#endif

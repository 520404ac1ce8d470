/* relay.c - chunks handed from the producer to a worker thread, replayed in
 * order (see relay.h). */
#include "relay.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct relay {
    pthread_mutex_t mu;
    pthread_cond_t ready;      /* the worker waits for a chunk or the end */
    pthread_cond_t room;       /* the producer waits for a free slot */
    buf slot[RELAY_DEPTH_MAX]; /* chunks waiting, oldest at head */
    size_t depth;              /* slots in use: at most this many wait */
    size_t head, count;
    buf spare[RELAY_DEPTH + 1]; /* replayed chunks, kept for their memory */
    size_t nspare;
    buf cur;        /* the producer's chunk */
    size_t backlog; /* the producer's: chunks waiting after its last hand-over */
    int closing, stop;
    int err; /* the worker's first error */
    zs_diag diag;
    relay_fn fn;
    void *ctx;
    pthread_t thread;
};

/* Take the oldest chunk (the lock held); 0 when the worker is to stop. */
static int take_chunk(relay *p, buf *out)
{
    while (p->count == 0 && !p->closing && !p->stop) pthread_cond_wait(&p->ready, &p->mu);
    if (p->stop || p->count == 0) return 0;
    *out = p->slot[p->head];
    p->head = (p->head + 1) % p->depth;
    p->count--;
    pthread_cond_signal(&p->room);
    return 1;
}

/* Keep a replayed chunk's memory for the producer (the lock held). */
static void give_back(relay *p, buf *b)
{
    if (p->nspare < RELAY_DEPTH + 1) {
        buf_reset(b);
        p->spare[p->nspare++] = *b;
    } else {
        buf_free(b);
    }
}

static void *worker(void *arg)
{
    relay *p = arg;
    int failed = 0;
    pthread_mutex_lock(&p->mu);
    buf b;
    while (take_chunk(p, &b)) {
        pthread_mutex_unlock(&p->mu);
        zs_diag d;
        zs_diag_clear(&d);
        int rc = failed ? ZS_OK : p->fn(p->ctx, b.data, b.len, &d);
        pthread_mutex_lock(&p->mu);
        if (rc && !failed) {
            failed = 1;
            p->err = rc;
            p->diag = d;
            pthread_cond_signal(&p->room);
        }
        give_back(p, &b);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

int relay_start(relay **out, relay_fn fn, void *ctx, size_t depth)
{
    *out = NULL;
    if (depth < 1 || depth > RELAY_DEPTH_MAX) return ZS_EINVAL;
    relay *p = calloc(1, sizeof *p);
    if (!p) return ZS_ENOMEM;
    p->depth = depth;
    p->fn = fn;
    p->ctx = ctx;
    buf_init(&p->cur);
    if (pthread_mutex_init(&p->mu, NULL)) {
        free(p);
        return ZS_ENOMEM;
    }
    int ok = pthread_cond_init(&p->ready, NULL) == 0;
    if (ok && pthread_cond_init(&p->room, NULL)) {
        pthread_cond_destroy(&p->ready);
        ok = 0;
    }
    if (ok && pthread_create(&p->thread, NULL, worker, p)) {
        pthread_cond_destroy(&p->ready);
        pthread_cond_destroy(&p->room);
        ok = 0;
    }
    if (!ok) {
        pthread_mutex_destroy(&p->mu);
        free(p);
        return ZS_EIO;
    }
    *out = p;
    return ZS_OK;
}

buf *relay_chunk(relay *p)
{
    return &p->cur;
}

/* The worker's error, with its message (the lock held). */
static int worker_error(const relay *p, zs_diag *d)
{
    if (p->err && d) *d = p->diag;
    return p->err;
}

int relay_push(relay *p, int force, zs_diag *d)
{
    int rc = buf_error(&p->cur);
    if (rc) return zs_fail(d, rc, "indexing relay: %s", zs_strerror(rc));
    if (p->cur.len == 0 || (!force && p->cur.len < RELAY_CHUNK_BYTES)) {
        /* nothing to hand over yet: still say whether the worker failed */
        pthread_mutex_lock(&p->mu);
        rc = worker_error(p, d);
        pthread_mutex_unlock(&p->mu);
        return rc;
    }
    pthread_mutex_lock(&p->mu);
    while (p->count == p->depth && !p->err) pthread_cond_wait(&p->room, &p->mu);
    rc = worker_error(p, d);
    if (!rc) {
        p->slot[(p->head + p->count) % p->depth] = p->cur;
        p->count++;
        p->backlog = p->count;
        pthread_cond_signal(&p->ready);
        if (p->nspare)
            p->cur = p->spare[--p->nspare];
        else
            buf_init(&p->cur);
    }
    pthread_mutex_unlock(&p->mu);
    return rc;
}

/* Stop the thread (after it has replayed what waits, unless `stop`) and
 * free everything. */
static void shut_down(relay *p, int stop)
{
    pthread_mutex_lock(&p->mu);
    p->closing = 1;
    p->stop = stop;
    pthread_cond_signal(&p->ready);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    for (size_t i = 0; i < p->count; i++) buf_free(&p->slot[(p->head + i) % p->depth]);
    for (size_t i = 0; i < p->nspare; i++) buf_free(&p->spare[i]);
    buf_free(&p->cur);
    pthread_cond_destroy(&p->ready);
    pthread_cond_destroy(&p->room);
    pthread_mutex_destroy(&p->mu);
}

int relay_finish(relay *p, zs_diag *d)
{
    int rc = relay_push(p, 1, d);
    shut_down(p, rc != ZS_OK);
    /* the last chunks' errors are known once the worker has stopped */
    if (!rc) rc = worker_error(p, d);
    free(p);
    return rc;
}

size_t relay_backlog(const relay *p)
{
    return p->backlog;
}

void relay_abort(relay *p)
{
    if (!p) return;
    shut_down(p, 1);
    free(p);
}

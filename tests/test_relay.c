/* test_relay.c - the hand-over to a second thread (relay.h): every record
 * is replayed once and in order, the first error of the worker reaches the
 * producer with its message, and an abort midway frees everything (the
 * sanitizer build checks that). */
#include "relay.h"
#include "test.h"

#include <stdint.h>
#include <string.h>

/* Records are u32 counters 0, 1, 2, ...; the replay checks the sequence. */
typedef struct seq {
    uint32_t next;    /* the record expected next */
    int out_of_order; /* a record came twice, late or early */
    size_t chunks;
    uint32_t fail_at; /* fail on the chunk holding this record (UINT32_MAX: never) */
} seq;

static int replay(void *ctx, const char *data, size_t len, zs_diag *d)
{
    seq *s = ctx;
    s->chunks++;
    for (size_t at = 0; at + 4 <= len; at += 4) {
        uint32_t v;
        memcpy(&v, data + at, 4);
        if (v != s->next) s->out_of_order = 1;
        s->next = v + 1;
        if (v == s->fail_at) return zs_fail(d, ZS_EIO, "record %u: disk full", (unsigned)v);
    }
    return len % 4 ? ZS_EINVAL : ZS_OK;
}

/* Write n records, pushing after each; returns the first error. */
static int produce(relay *r, uint32_t n, zs_diag *d)
{
    int rc = ZS_OK;
    for (uint32_t i = 0; i < n && !rc; i++) {
        rc = buf_add(relay_chunk(r), &i, 4);
        if (!rc) rc = relay_push(r, 0, d);
    }
    return rc;
}

static void in_order(t_ctx *t)
{
    /* enough records for many chunks, so that the producer waits */
    uint32_t n = (uint32_t)(RELAY_CHUNK_BYTES / 4 * (RELAY_DEPTH * 3 + 1) + 7);
    seq s = {0, 0, 0, UINT32_MAX};
    relay *r;
    T_INT(t, relay_start(&r, replay, &s, RELAY_DEPTH), ZS_OK);
    zs_diag d;
    zs_diag_clear(&d);
    T_INT(t, produce(r, n, &d), ZS_OK);
    T_INT(t, relay_finish(r, &d), ZS_OK);
    T_INT(t, s.next, n);
    T_INT(t, s.out_of_order, 0);
    T_OK(t, s.chunks >= RELAY_DEPTH * 3 + 1);
}

static void deep(t_ctx *t)
{
    /* a relay of the deepest queue keeps the order too; depths out of
     * range are refused */
    uint32_t n = (uint32_t)(RELAY_CHUNK_BYTES / 4 * (RELAY_DEPTH_MAX * 2 + 1) + 3);
    seq s = {0, 0, 0, UINT32_MAX};
    relay *r;
    zs_diag d;
    zs_diag_clear(&d);
    T_INT(t, relay_start(&r, replay, &s, 0), ZS_EINVAL);
    T_INT(t, relay_start(&r, replay, &s, RELAY_DEPTH_MAX + 1), ZS_EINVAL);
    T_INT(t, relay_start(&r, replay, &s, RELAY_DEPTH_MAX), ZS_OK);
    T_INT(t, produce(r, n, &d), ZS_OK);
    T_INT(t, relay_finish(r, &d), ZS_OK);
    T_INT(t, s.next, n);
    T_INT(t, s.out_of_order, 0);
}

static void nothing(t_ctx *t)
{
    seq s = {0, 0, 0, UINT32_MAX};
    relay *r;
    zs_diag d;
    zs_diag_clear(&d);
    T_INT(t, relay_start(&r, replay, &s, RELAY_DEPTH), ZS_OK);
    T_INT(t, relay_finish(r, &d), ZS_OK);
    T_INT(t, s.chunks, 0);
}

static void worker_error(t_ctx *t)
{
    /* the error of an early chunk stops the producer later, with its message */
    uint32_t n = (uint32_t)(RELAY_CHUNK_BYTES / 4 * 20);
    seq s = {0, 0, 0, 1000};
    relay *r;
    zs_diag d;
    zs_diag_clear(&d);
    T_INT(t, relay_start(&r, replay, &s, RELAY_DEPTH), ZS_OK);
    T_INT(t, produce(r, n, &d), ZS_EIO);
    T_STR(t, d.msg, "record 1000: disk full");
    relay_abort(r);
    T_INT(t, s.chunks, 1); /* nothing after the failed chunk is replayed */

    /* an error in the last chunk is returned by relay_finish */
    seq s2 = {0, 0, 0, 9};
    zs_diag_clear(&d);
    T_INT(t, relay_start(&r, replay, &s2, RELAY_DEPTH), ZS_OK);
    T_INT(t, produce(r, 10, &d), ZS_OK);
    T_INT(t, relay_finish(r, &d), ZS_EIO);
    T_STR(t, d.msg, "record 9: disk full");
}

static void abort_midway(t_ctx *t)
{
    seq s = {0, 0, 0, UINT32_MAX};
    relay *r;
    zs_diag d;
    zs_diag_clear(&d);
    T_INT(t, relay_start(&r, replay, &s, RELAY_DEPTH), ZS_OK);
    T_INT(t, produce(r, (uint32_t)(RELAY_CHUNK_BYTES / 4 * (RELAY_DEPTH + 2)), &d), ZS_OK);
    relay_abort(r); /* chunks still waiting are freed unread */
    T_INT(t, s.out_of_order, 0);
    relay_abort(NULL);
}

void suite_relay(t_ctx *t)
{
    t_run(t, "threads_relay_in_order", in_order);
    t_run(t, "threads_relay_nothing", nothing);
    t_run(t, "threads_relay_deep", deep);
    t_run(t, "threads_relay_worker_error", worker_error);
    t_run(t, "threads_relay_abort_midway", abort_midway);
}

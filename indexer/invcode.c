/*
 * invcode.c - coding the merged postings of each term into the POSTINGS,
 * TERMS, TERMIDX and CHARS sections (see invcode.h).
 */
#include "invcode.h"

#include "bytes.h"
#include "charlist.h"
#include "dict.h"
#include "relay.h"
#include "uchar.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* A chunk is handed over (or coded) once it holds this many bytes: the
 * relay's size, so that a chunk of messages is a chunk of the relay. */
#define CODE_CHUNK RELAY_CHUNK_BYTES

/* Message kinds (invcode.h). */
enum { MSG_TERM = 1, MSG_POSTINGS = 2, MSG_END = 3 };

struct invcode {
    zf_writer *zw;
    invcode_sections sec;
    relay *relay; /* the coding thread; NULL: the caller codes */
    buf own;      /* the caller's chunk when it codes itself */
    /* the merge's side: where the open POSTINGS message counts */
    size_t count_at; /* 0: none open in the current chunk */
    /* the coding side */
    /* the coder's own state: touched only by the coding thread */
    post_writer pw;
    dict_writer dw;
    buf list;
    buf chars;
    uint8_t *mark;   /* per passage: last char group that counted it */
    uint16_t *tfsum; /* per passage: the group's tf, where mark is the group's */
    int tf_over;     /* the group's tf in some passage is beyond CHARLIST_TF_MAX */
    charlist_writer cl;
    uint32_t group;    /* current char group id, 1 .. UINT8_MAX */
    uint32_t group_cp; /* its code point, 0 = none */
    uint32_t group_df;
    uint32_t nchars;
    uint32_t prev_cp;
    uint32_t npassages;
    char term[DICT_TERM_MAX]; /* the open term */
    size_t term_len;
    uint64_t terms, postings;
};

/* ---- CHARS ------------------------------------------------------------------ */

/* The list of a character held by at least 1 / CHARLIST_SHARE of the
 * passages: the passages its group marked, in order, with their summed
 * tfs.  A pass over a byte a passage, for a handful of characters. */
static int charlist_group(invcode *c)
{
    if (c->tf_over || (uint64_t)c->group_df * CHARLIST_SHARE < c->npassages) return ZS_OK;
    int rc = charlist_begin(&c->cl, c->group_cp);
    for (uint32_t p = 0; p < c->npassages && !rc; p++)
        if (c->mark[p] == c->group) rc = charlist_posting(&c->cl, p, c->tfsum[p]);
    return rc ? rc : charlist_end(&c->cl);
}

static int chars_close_group(invcode *c)
{
    if (!c->group_cp) return ZS_OK;
    int rc = charlist_group(c);
    if (!rc) rc = vi_put(&c->chars, c->group_cp - c->prev_cp);
    if (!rc) rc = vi_put(&c->chars, c->group_df);
    c->prev_cp = c->group_cp;
    c->nchars++;
    c->group_cp = 0;
    return rc;
}

/* Start the char group of a term (CJK first character) if it changes. */
static int chars_term(invcode *c, const char *t, size_t len)
{
    uint32_t cp;
    int k = u8_decode((const uint8_t *)t, (const uint8_t *)t + len, &cp);
    int cjk = k > 0 && (uint8_t)t[0] >= 0x20 && uc_class_of(cp) == UC_CJK;
    if (!cjk) return chars_close_group(c);
    if (cp == c->group_cp) return ZS_OK;
    int rc = chars_close_group(c);
    c->group_cp = cp;
    c->group_df = 0;
    c->tf_over = 0;
    /* a byte a passage, not four (26 MB at 1 GB): after 255 groups the
     * marks are cleared and the ids start again */
    if (++c->group > UINT8_MAX) {
        memset(c->mark, 0, c->npassages ? c->npassages : 1);
        c->group = 1;
    }
    return rc;
}

/* ---- coding ----------------------------------------------------------------- */

/* Count passage pid for the open char group (CHARS) and add tf to its
 * sum there (CHARLISTS): a passage's first posting in the group sets
 * the sum, so the sums need no clearing between groups. */
static void add_char_tf(invcode *c, uint32_t pid, uint32_t tf)
{
    if (c->mark[pid] != c->group) {
        c->mark[pid] = (uint8_t)c->group;
        c->group_df++;
        c->tfsum[pid] = 0;
    }
    uint32_t sum = c->tfsum[pid] + tf;
    if (sum > CHARLIST_TF_MAX) c->tf_over = 1;
    c->tfsum[pid] = (uint16_t)(sum > CHARLIST_TF_MAX ? CHARLIST_TF_MAX : sum);
}

/* How many postings ahead add_postings asks for a character group's sums. */
#define CHAR_PREFETCH 8

/* Ask for the sums of the posting at `at` (pid, tf, positions) and return
 * the next posting; `end` when the posting runs past it (add_postings
 * checks the postings themselves). */
static const uint32_t *prefetch_sums(const invcode *c, const uint32_t *at, const uint32_t *end)
{
    uint32_t pid = at[0], tf = at[1];
    if (pid < c->npassages) {
        __builtin_prefetch(&c->mark[pid], 1);
        __builtin_prefetch(&c->tfsum[pid], 1);
        /* an empty volatile statement: gcc takes a function of prefetches
         * alone for pure and drops its calls (docs/BENCHMARKS.md) */
        __asm__ volatile("" : : "r"(pid));
    }
    return tf <= (size_t)(end - at) - 2 ? at + 2 + tf : end;
}

/* Add the postings of a POSTINGS message, at `p` (after its kind), to the
 * postings writer; *p goes past them. */
static int add_postings(invcode *c, const char *base, const char **p, const char *end)
{
    *p += (sizeof(uint32_t) - (size_t)(*p - base) % sizeof(uint32_t)) % sizeof(uint32_t);
    uint32_t n;
    if (*p > end || (size_t)(end - *p) < sizeof n) return ZS_ECORRUPT;
    memcpy(&n, *p, sizeof n);
    const uint32_t *q = (const uint32_t *)(const void *)(*p + sizeof n);
    size_t left = (size_t)(end - *p - sizeof n) / sizeof *q;
    /* a character group's sums are read and written a passage at a time,
     * far apart in a sparse list: ask for them CHAR_PREFETCH postings ahead
     * (at 1 GB the sums no longer fit a core's cache) */
    const uint32_t *ahead = q, *aend = q + left;
    for (uint32_t k = 0; c->group_cp && k < CHAR_PREFETCH && ahead + 2 <= aend; k++)
        ahead = prefetch_sums(c, ahead, aend);
    for (uint32_t k = 0; k < n; k++) {
        if (left < 2 || q[1] == 0 || q[1] > left - 2 || q[0] >= c->npassages) return ZS_ECORRUPT;
        if (c->group_cp && ahead + 2 <= aend) ahead = prefetch_sums(c, ahead, aend);
        uint32_t pid = q[0], tf = q[1];
        int rc = post_add(&c->pw, pid, tf, q + 2);
        if (rc) return rc == ZS_EINVAL ? ZS_ECORRUPT : rc;
        if (c->group_cp) add_char_tf(c, pid, tf);
        q += 2 + tf;
        left -= 2 + tf;
    }
    *p = (const char *)q;
    return ZS_OK;
}

/* A TERM message, at `p` (after its kind): a new list. */
static int open_term(invcode *c, const char **p, const char *end)
{
    size_t len = *p < end ? (uint8_t) * *p : 0;
    if (len == 0 || len > (size_t)(end - *p - 1)) return ZS_ECORRUPT;
    c->term_len = len;
    memcpy(c->term, *p + 1, len);
    *p += 1 + len;
    post_begin(&c->pw);
    return chars_term(c, c->term, len);
}

/* An END message: the open term's list to POSTINGS, the term to the
 * dictionary. */
static int close_term(invcode *c)
{
    uint32_t df = 0, flags = 0;
    buf_reset(&c->list);
    int rc = post_end(&c->pw, &c->list, &df, &flags);
    if (!rc) rc = zf_write(c->zw, c->list.data, c->list.len);
    if (!rc) rc = dict_add(&c->dw, c->term, c->term_len, df, flags, c->list.len);
    c->terms++;
    c->postings += df;
    return rc;
}

/* Code the messages of a chunk (the relay's callback, or the caller's). */
static int code_chunk(void *ctx, const char *data, size_t len, zs_diag *d)
{
    invcode *c = ctx;
    const char *p = data, *end = data + len;
    int rc = ZS_OK;
    while (p < end && !rc) {
        int kind = *p++;
        if (kind == MSG_TERM)
            rc = open_term(c, &p, end);
        else if (kind == MSG_POSTINGS)
            rc = add_postings(c, data, &p, end);
        else if (kind == MSG_END)
            rc = close_term(c);
        else
            rc = ZS_ECORRUPT;
    }
    if (rc == ZS_ECORRUPT) zs_fail(d, rc, "postings out of order while merging");
    return rc;
}

/* ---- public ----------------------------------------------------------------- */

static void invcode_free(invcode *c)
{
    buf_free(&c->own);
    free(c->mark);
    free(c->tfsum);
    charlist_writer_free(&c->cl);
    buf_free(&c->list);
    buf_free(&c->chars);
    post_writer_free(&c->pw);
    dict_writer_free(&c->dw);
    free(c);
}

int invcode_new(invcode **out, const post_lengths *dl, uint32_t npassages, zf_writer *zw,
                const invcode_sections *sec, int threads)
{
    *out = NULL;
    invcode *c = calloc(1, sizeof *c);
    if (!c) return ZS_ENOMEM;
    c->zw = zw;
    c->sec = *sec;
    buf_init(&c->own);
    post_writer_init(&c->pw, dl);
    dict_writer_init(&c->dw);
    buf_init(&c->list);
    buf_init(&c->chars);
    c->npassages = npassages;
    c->mark = calloc(npassages ? npassages : 1, sizeof *c->mark);
    c->tfsum = malloc((npassages ? npassages : 1) * sizeof *c->tfsum);
    charlist_writer_init(&c->cl, dl);
    int rc = c->mark && c->tfsum ? zf_section_begin(zw, sec->post) : ZS_ENOMEM;
    /* a second thread when one can be started: else the caller codes */
    if (!rc && threads > 1 && relay_start(&c->relay, code_chunk, c) == ZS_ENOMEM) rc = ZS_ENOMEM;
    if (rc) {
        invcode_free(c);
        return rc;
    }
    *out = c;
    return ZS_OK;
}

/* The chunk messages go to. */
static buf *chunk(invcode *c)
{
    return c->relay ? relay_chunk(c->relay) : &c->own;
}

/* Hand the chunk over (force: whatever it holds; else once it is full),
 * or code it (one thread).  A POSTINGS message open in it is closed. */
static int push(invcode *c, int force, zs_diag *d)
{
    buf *b = chunk(c);
    if (!force && b->len < CODE_CHUNK) return buf_error(b);
    c->count_at = 0;
    if (c->relay) return relay_push(c->relay, force, d);
    int rc = buf_error(b);
    if (!rc) rc = code_chunk(c, b->data, b->len, d);
    buf_reset(b);
    return rc;
}

int invcode_term(invcode *c, const char *term, size_t len)
{
    buf *b = chunk(c);
    if (len == 0 || len > DICT_TERM_MAX) return buf_set_error(b, ZS_EINVAL);
    c->count_at = 0;
    buf_putc(b, MSG_TERM);
    buf_putc(b, (char)(uint8_t)len);
    return buf_add(b, term, len);
}

/* Open a POSTINGS message in the chunk (its count at c->count_at). */
static int open_postings(invcode *c, buf *b)
{
    static const char zeros[sizeof(uint32_t)];
    buf_putc(b, MSG_POSTINGS);
    buf_add(b, zeros, (sizeof(uint32_t) - b->len % sizeof(uint32_t)) % sizeof(uint32_t));
    c->count_at = b->len;
    return buf_add(b, zeros, sizeof(uint32_t));
}

int invcode_posting(invcode *c, uint32_t passage, uint32_t tf, const uint32_t *pos, zs_diag *d)
{
    buf *b = chunk(c);
    int rc = c->count_at ? ZS_OK : open_postings(c, b);
    uint32_t head[2] = {passage, tf};
    if (!rc) buf_add(b, head, sizeof head);
    if (!rc) rc = buf_add(b, pos, (size_t)tf * sizeof *pos);
    if (rc) return rc;
    uint32_t n;
    memcpy(&n, b->data + c->count_at, sizeof n);
    n++;
    memcpy(b->data + c->count_at, &n, sizeof n);
    return push(c, 0, d);
}

int invcode_term_end(invcode *c, zs_diag *d)
{
    c->count_at = 0;
    int rc = buf_putc(chunk(c), MSG_END);
    return rc ? rc : push(c, 0, d);
}

/* The CHARLISTS section from the lists gathered. */
static int write_charlists(invcode *c)
{
    buf b;
    buf_init(&b);
    int rc = charlist_write(&c->cl, &b);
    if (!rc) rc = zf_section_begin(c->zw, c->sec.charlists);
    if (!rc) rc = zf_write(c->zw, b.data, b.len);
    if (!rc) rc = zf_section_end(c->zw);
    buf_free(&b);
    return rc;
}

int invcode_finish(invcode *c, uint64_t *terms, uint64_t *postings, zs_diag *d)
{
    int rc = ZS_OK;
    if (c->relay) {
        rc = relay_finish(c->relay, d);
        c->relay = NULL;
    } else {
        rc = push(c, 1, d);
    }
    if (!rc) rc = chars_close_group(c);
    if (!rc) rc = zf_section_end(c->zw);
    if (!rc) rc = dict_write(&c->dw, c->zw, c->sec.terms, c->sec.index);
    if (!rc) rc = zf_section_begin(c->zw, c->sec.chars);
    uint8_t cnt[4];
    le_put32(cnt, c->nchars);
    if (!rc) rc = zf_write(c->zw, cnt, 4);
    if (!rc) rc = zf_write(c->zw, c->chars.data, c->chars.len);
    if (!rc) rc = zf_section_end(c->zw);
    if (!rc) rc = write_charlists(c);
    *terms = c->terms;
    *postings = c->postings;
    invcode_free(c);
    return rc;
}

void invcode_abort(invcode *c)
{
    if (!c) return;
    relay_abort(c->relay);
    invcode_free(c);
}

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
enum { MSG_TERM = 1, MSG_SOURCE = 2, MSG_BYTES = 3, MSG_END = 4, MSG_CODED = 5 };

/* A TERM, SOURCE or BYTES message's head at most: a kind and a u32 (or a
 * length byte), so a piece of stream fits what is left of a chunk. */
#define MSG_HEAD 5
/* Postings whose character sums are added together (count_chars): enough
 * for CHAR_PREFETCH postings ahead, few enough to stay in L1. */
#define CHAR_BATCH 128
/* The merge codes a term itself (invcode.h, "balance") when this many
 * chunks wait for the coder after its last hand-over: the one just handed
 * over and one more, so the coder is a chunk behind. */
#define CODE_SELF_BACKLOG 2
/* ... and only a term of at most this many stream bytes, so a CODED
 * message (its list, smaller than its streams, and 8 bytes of passage and
 * tf a posting, at most 4 a stream byte) stays within a few chunks. */
#define CODE_SELF_MAX CODE_CHUNK

/* A source's stream being decoded into a postings writer (invcode.h:
 * stream); the state carries over from piece to piece. */
typedef struct src_dec {
    post_writer pw;
    uint32_t npassages;
    uint32_t df;     /* the source's postings */
    uint32_t seen;   /* postings begun */
    uint32_t expect; /* last passage + 1 */
    uint32_t pid;    /* the open posting's passage */
    uint32_t tf;     /* its positions so far */
    uint32_t pos;    /* its last position */
    int open;        /* a source is open */
    int want_pos;    /* a posting begun whose position is still to come */
    int keep_pairs;  /* keep each whole posting's passage and tf in `pairs` */
    u32vec pairs;
} src_dec;

struct invcode {
    zf_writer *zw;
    invcode_sections sec;
    relay *relay; /* the coding thread; NULL: the caller codes */
    buf own;      /* the caller's chunk when it codes itself */
    /* the merge's side: a term it codes itself (invcode.h, "balance") */
    int self;
    src_dec mdec;
    buf mlist;
    char mterm[DICT_TERM_MAX];
    size_t mterm_len;
    /* the coder's own state: touched only by the coding thread */
    src_dec dec;
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

/* Does term t start with a CJK character (its code point in *cp)? */
static int cjk_first(const char *t, size_t len, uint32_t *cp)
{
    int k = u8_decode((const uint8_t *)t, (const uint8_t *)t + len, cp);
    return k > 0 && (uint8_t)t[0] >= 0x20 && uc_class_of(*cp) == UC_CJK;
}

/* Start the char group of a term (CJK first character) if it changes. */
static int chars_term(invcode *c, const char *t, size_t len)
{
    uint32_t cp;
    if (!cjk_first(t, len, &cp)) return chars_close_group(c);
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

/* How many postings ahead count_chars asks for a character group's sums. */
#define CHAR_PREFETCH 8

/* Add n postings (passage, tf pairs) to the open char group's sums.  A
 * group's sums are read and written a passage at a time, far apart in a
 * sparse list: they are asked for CHAR_PREFETCH postings ahead (at 1 GB the
 * sums no longer fit a core's cache). */
static void count_chars(invcode *c, const uint32_t *pairs, size_t n)
{
    if (!c->group_cp) return;
    for (size_t i = 0; i < n && i < CHAR_PREFETCH; i++) {
        __builtin_prefetch(&c->mark[pairs[2 * i]], 1);
        __builtin_prefetch(&c->tfsum[pairs[2 * i]], 1);
    }
    for (size_t i = 0; i < n; i++) {
        if (i + CHAR_PREFETCH < n) {
            __builtin_prefetch(&c->mark[pairs[2 * (i + CHAR_PREFETCH)]], 1);
            __builtin_prefetch(&c->tfsum[pairs[2 * (i + CHAR_PREFETCH)]], 1);
        }
        add_char_tf(c, pairs[2 * i], pairs[2 * i + 1]);
    }
}

/* The coder's decoded postings so far to the char group's sums. */
static void count_dec_chars(invcode *c)
{
    count_chars(c, c->dec.pairs.v, c->dec.pairs.n / 2);
    c->dec.pairs.n = 0;
}

/* ---- decoding a stream --------------------------------------------------- */

static void dec_init(src_dec *s, const post_lengths *dl, uint32_t npassages)
{
    memset(s, 0, sizeof *s);
    post_writer_init(&s->pw, dl);
    s->npassages = npassages;
    u32vec_init(&s->pairs);
}

static void dec_free(src_dec *s)
{
    post_writer_free(&s->pw);
    u32vec_free(&s->pairs);
}

/* A new term: keep_pairs says whether its postings are kept in pairs. */
static void dec_term(src_dec *s, int keep_pairs)
{
    post_begin(&s->pw);
    s->keep_pairs = keep_pairs;
    s->pairs.n = 0;
}

/* The open posting is whole. */
static int dec_posting(src_dec *s)
{
    if (!s->keep_pairs) return ZS_OK;
    int rc = u32vec_push(&s->pairs, s->pid);
    return rc ? rc : u32vec_push(&s->pairs, s->tf);
}

/* Decode a piece of the open source's stream into the postings writer. */
static int dec_piece(src_dec *s, const uint8_t *p, const uint8_t *end)
{
    if (!s->open) return ZS_ECORRUPT;
    while (p < end) {
        uint64_t x;
        if (vi_get(&p, end, &x)) return ZS_ECORRUPT;
        int rc;
        if (s->want_pos) { /* a posting's first position */
            if (x > UINT32_MAX) return ZS_ECORRUPT;
            s->want_pos = 0;
            s->pos = (uint32_t)x;
            s->tf = 1;
            rc = post_gap(&s->pw, (uint32_t)x);
        } else if (x & 1) { /* a new posting: the one before is whole */
            uint64_t next = (uint64_t)s->expect + (x >> 1);
            if (next >= s->npassages) return ZS_ECORRUPT;
            rc = s->seen++ ? dec_posting(s) : ZS_OK;
            s->pid = (uint32_t)next;
            s->expect = s->pid + 1;
            s->want_pos = 1;
            if (!rc) rc = post_doc(&s->pw, s->pid);
        } else { /* another position of the open posting */
            uint64_t pos = (uint64_t)s->pos + (x >> 1) + 1;
            if (s->seen == 0 || pos > UINT32_MAX) return ZS_ECORRUPT;
            s->pos = (uint32_t)pos;
            s->tf++;
            rc = post_gap(&s->pw, (uint32_t)(x >> 1));
        }
        if (rc) return rc == ZS_EINVAL ? ZS_ECORRUPT : rc;
    }
    return ZS_OK;
}

/* The open source (if any) is over: its last posting is whole. */
static int dec_end_source(src_dec *s)
{
    if (!s->open) return ZS_OK;
    s->open = 0;
    if (s->want_pos || s->seen != s->df) return ZS_ECORRUPT;
    return dec_posting(s);
}

/* A new source of df postings. */
static int dec_source(src_dec *s, uint32_t df)
{
    int rc = dec_end_source(s);
    if (rc || df == 0) return rc ? rc : ZS_ECORRUPT;
    s->df = df;
    s->seen = 0;
    s->expect = 0;
    s->want_pos = 0;
    s->open = 1;
    return ZS_OK;
}

/* ---- the coder's messages ------------------------------------------------ */

/* A SOURCE message, at `p` (after its kind). */
static int open_source(invcode *c, const char **p, const char *end)
{
    uint32_t df;
    if ((size_t)(end - *p) < sizeof df) return ZS_ECORRUPT;
    memcpy(&df, *p, sizeof df);
    *p += sizeof df;
    return dec_source(&c->dec, df);
}

/* A BYTES message, at `p` (after its kind). */
static int take_bytes(invcode *c, const char **p, const char *end)
{
    uint32_t n;
    if ((size_t)(end - *p) < sizeof n) return ZS_ECORRUPT;
    memcpy(&n, *p, sizeof n);
    *p += sizeof n;
    if (n > (size_t)(end - *p)) return ZS_ECORRUPT;
    const uint8_t *q = (const uint8_t *)*p;
    *p += n;
    int rc = dec_piece(&c->dec, q, q + n);
    if (c->dec.pairs.n >= 2 * CHAR_BATCH) count_dec_chars(c);
    return rc;
}

/* A TERM message, at `p` (after its kind): a new list. */
static int open_term(invcode *c, const char **p, const char *end)
{
    size_t len = *p < end ? (uint8_t) * *p : 0;
    if (len == 0 || len > (size_t)(end - *p - 1)) return ZS_ECORRUPT;
    c->term_len = len;
    memcpy(c->term, *p + 1, len);
    *p += 1 + len;
    int rc = chars_term(c, c->term, len);
    dec_term(&c->dec, c->group_cp != 0);
    return rc;
}

/* An END message: the open term's list to POSTINGS, the term to the
 * dictionary. */
static int close_term(invcode *c)
{
    uint32_t df = 0, flags = 0;
    buf_reset(&c->list);
    int rc = dec_end_source(&c->dec);
    if (rc) return rc;
    count_dec_chars(c);
    rc = post_end(&c->dec.pw, &c->list, &df, &flags);
    if (!rc) rc = zf_write(c->zw, c->list.data, c->list.len);
    if (!rc) rc = dict_add(&c->dw, c->term, c->term_len, df, flags, c->list.len);
    c->terms++;
    c->postings += df;
    return rc;
}

/* Read a u32 of a message at *p (machine order). */
static int take_u32(const char **p, const char *end, uint32_t *v)
{
    if ((size_t)(end - *p) < sizeof *v) return ZS_ECORRUPT;
    memcpy(v, *p, sizeof *v);
    *p += sizeof *v;
    return ZS_OK;
}

/* A CODED message, at `p` (after its kind): a term the merge coded itself,
 * its list written and its postings counted for CHARS here, in order. */
static int take_coded(invcode *c, const char *base, const char **p, const char *end)
{
    int rc = open_term(c, p, end);
    uint32_t df, flags, list, npairs;
    if (rc || take_u32(p, end, &df) || take_u32(p, end, &flags) || take_u32(p, end, &list) ||
        take_u32(p, end, &npairs) || list > (size_t)(end - *p))
        return rc ? rc : ZS_ECORRUPT;
    const char *bytes = *p;
    *p += list;
    *p += (sizeof(uint32_t) - (size_t)(*p - base) % sizeof(uint32_t)) % sizeof(uint32_t);
    if (*p > end || npairs > (size_t)(end - *p) / (2 * sizeof(uint32_t))) return ZS_ECORRUPT;
    const uint32_t *pairs = (const uint32_t *)(const void *)*p;
    *p += (size_t)npairs * 2 * sizeof(uint32_t);
    for (uint32_t i = 0; i < npairs; i++)
        if (pairs[2 * i] >= c->npassages) return ZS_ECORRUPT;
    count_chars(c, pairs, npairs);
    rc = zf_write(c->zw, bytes, list);
    if (!rc) rc = dict_add(&c->dw, c->term, c->term_len, df, flags, list);
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
        else if (kind == MSG_SOURCE)
            rc = open_source(c, &p, end);
        else if (kind == MSG_BYTES)
            rc = take_bytes(c, &p, end);
        else if (kind == MSG_END)
            rc = close_term(c);
        else if (kind == MSG_CODED)
            rc = take_coded(c, data, &p, end);
        else
            rc = ZS_ECORRUPT;
    }
    if (rc == ZS_ECORRUPT) zs_fail(d, rc, "postings damaged or out of order while merging");
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
    buf_free(&c->mlist);
    dec_free(&c->dec);
    dec_free(&c->mdec);
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
    dec_init(&c->dec, dl, npassages);
    dec_init(&c->mdec, dl, npassages);
    buf_init(&c->mlist);
    dict_writer_init(&c->dw);
    buf_init(&c->list);
    buf_init(&c->chars);
    c->npassages = npassages;
    c->mark = calloc(npassages ? npassages : 1, sizeof *c->mark);
    c->tfsum = malloc((npassages ? npassages : 1) * sizeof *c->tfsum);
    charlist_writer_init(&c->cl, dl);
    int rc = c->mark && c->tfsum ? zf_section_begin(zw, sec->post) : ZS_ENOMEM;
    /* a second thread when one can be started: else the caller codes */
    if (!rc && threads > 1 && relay_start(&c->relay, code_chunk, c, RELAY_DEPTH) == ZS_ENOMEM)
        rc = ZS_ENOMEM;
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
 * or code it (one thread). */
static int push(invcode *c, int force, zs_diag *d)
{
    buf *b = chunk(c);
    if (!force && b->len < CODE_CHUNK) return buf_error(b);
    if (c->relay) return relay_push(c->relay, force, d);
    int rc = buf_error(b);
    if (!rc) rc = code_chunk(c, b->data, b->len, d);
    buf_reset(b);
    return rc;
}

int invcode_term(invcode *c, const char *term, size_t len, uint64_t bytes)
{
    buf *b = chunk(c);
    if (len == 0 || len > DICT_TERM_MAX) return buf_set_error(b, ZS_EINVAL);
    /* the coder a chunk behind: this term is coded here (invcode.h) */
    c->self = c->relay && bytes <= CODE_SELF_MAX && relay_backlog(c->relay) >= CODE_SELF_BACKLOG;
    if (c->self) {
        uint32_t cp;
        memcpy(c->mterm, term, len);
        c->mterm_len = len;
        dec_term(&c->mdec, cjk_first(term, len, &cp));
        return buf_error(b);
    }
    buf_putc(b, MSG_TERM);
    buf_putc(b, (char)(uint8_t)len);
    return buf_add(b, term, len);
}

/* A source of a term coded here: decoded at once. */
static int self_source(invcode *c, uint32_t df, const uint8_t *stream, size_t n, zs_diag *d)
{
    int rc = dec_source(&c->mdec, df);
    if (!rc) rc = dec_piece(&c->mdec, stream, stream + n);
    if (rc == ZS_ECORRUPT) zs_fail(d, rc, "postings damaged or out of order while merging");
    return rc;
}

/* The end of a term coded here: its list, counts and postings (for CHARS)
 * to the coder as a CODED message. */
static int self_term_end(invcode *c, zs_diag *d)
{
    static const char zeros[sizeof(uint32_t)];
    c->self = 0;
    uint32_t head[4] = {0, 0, 0, 0}; /* df, flags, list bytes, pairs */
    buf_reset(&c->mlist);
    int rc = dec_end_source(&c->mdec);
    if (!rc) rc = post_end(&c->mdec.pw, &c->mlist, &head[0], &head[1]);
    if (rc == ZS_ECORRUPT || rc == ZS_EINVAL)
        return zs_fail(d, ZS_ECORRUPT, "postings damaged or out of order while merging");
    if (rc) return rc;
    head[2] = (uint32_t)c->mlist.len;
    head[3] = (uint32_t)(c->mdec.pairs.n / 2);
    buf *b = chunk(c);
    buf_putc(b, MSG_CODED);
    buf_putc(b, (char)(uint8_t)c->mterm_len);
    buf_add(b, c->mterm, c->mterm_len);
    buf_add(b, head, sizeof head);
    buf_add(b, c->mlist.data, c->mlist.len);
    buf_add(b, zeros, (sizeof(uint32_t) - b->len % sizeof(uint32_t)) % sizeof(uint32_t));
    rc = buf_add(b, c->mdec.pairs.v, c->mdec.pairs.n * sizeof(uint32_t));
    return rc ? rc : push(c, 0, d);
}

/* How much of a stream of `n` bytes at `s` goes into a chunk with `room`
 * bytes left: all, or a prefix that ends where a varint does.  0 when no
 * varint ends in the room (the chunk is handed over first); a stream that
 * has no varint end in a whole chunk is damaged, and is cut anyway (the
 * coder finds it). */
static size_t piece_len(const uint8_t *s, size_t n, size_t room, int chunk_empty)
{
    if (n <= room) return n;
    size_t k = room;
    while (k > 0 && (s[k - 1] & 0x80)) k--;
    return k == 0 && chunk_empty ? room : k;
}

int invcode_source(invcode *c, uint32_t df, const uint8_t *stream, size_t n, zs_diag *d)
{
    if (c->self) return self_source(c, df, stream, n, d);
    buf *b = chunk(c);
    buf_putc(b, MSG_SOURCE);
    buf_add(b, &df, sizeof df);
    for (;;) {
        b = chunk(c);
        size_t used = b->len + MSG_HEAD;
        size_t room = used < CODE_CHUNK ? CODE_CHUNK - used : 0;
        uint32_t k = (uint32_t)piece_len(stream, n, room, b->len == 0);
        if (k > 0) {
            buf_putc(b, MSG_BYTES);
            buf_add(b, &k, sizeof k);
            buf_add(b, stream, k);
            stream += k;
            n -= k;
        }
        if (n == 0) return push(c, 0, d);
        int rc = push(c, 1, d);
        if (rc) return rc;
    }
}

int invcode_term_end(invcode *c, zs_diag *d)
{
    if (c->self) return self_term_end(c, d);
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

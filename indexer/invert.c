/*
 * invert.c - in-memory inversion into a slice pool, run files, and the final
 * merge into block-coded postings (see invert.h).
 */
#include "invert.h"

#include "buf.h"
#include "bytes.h"
#include "dict.h"
#include "postings.h"
#include "uchar.h"
#include "utf8.h"
#include "vec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Pool pages: large enough that page bookkeeping is negligible, small
 * enough that the last page wastes little, and one huge page of the
 * machine (advise_huge), at whose size they are aligned. */
#define POOL_PAGE_BITS 21
#define POOL_PAGE      (1u << POOL_PAGE_BITS)
/* 2048 pages of 2 MiB: pool addresses fit in 32 bits. */
#define POOL_MAX_PAGES 2048
/* Bytes at the end of each slice that hold the address of the next one. */
#define SLICE_LINK 4
/* Slice sizes by level: small first (most terms are rare), growing so a
 * frequent term needs few links (after Lucene's ByteBlockPool). */
static const uint32_t slice_size[] = {8,   16,  24,  32,  48,  64,   96,
                                      128, 192, 256, 384, 512, 1024, 2048};
#define SLICE_LEVELS (sizeof slice_size / sizeof slice_size[0])
/* Read buffer of each run file during the merge: 1 MiB when the budget
 * allows, less when there are many runs (an eighth of the budget for all),
 * never below 64 KiB (sequential reads need no more to be cheap). */
#define RUN_IOBUF_MAX (1u << 20)
#define RUN_IOBUF_MIN (1u << 16)
/* Largest stream a run file may claim for one term (a pool holds less). */
#define RUN_STREAM_MAX ((uint64_t)POOL_MAX_PAGES << POOL_PAGE_BITS)
/* New terms one passage may bring before inv_end looks at the budget again:
 * a passage of 320 characters has at most 640 distinct tokens, so a table
 * that would grow within this many terms is counted as grown.  A longer
 * passage may still grow a table past the budget, by one doubling. */
#define INV_GROW_AHEAD 4096u
/* Tokens of the open passage held back before they are inverted together
 * (invert_batch): enough that the cache misses of their lookups overlap
 * (hash slots and terms are spread over tens of MiB, and a miss costs
 * more than the rest of a token's work), few enough to stay in L1. */
#define INV_BATCH 128u
/* Term bytes the batch holds, for the tokens whose key is not exact
 * (words, fields: CJK terms are made again from their keys); a batch of
 * long words is run when this fills. */
#define INV_BATCH_BYTES 2048u
/* How many tokens ahead invert_batch prefetches: enough to cover a miss
 * with the work of the tokens between, few enough that the misses in
 * flight fit the core's fill buffers. */
#define INV_AHEAD 8u
/* The same for the terms in sorted order (sorted_term). */
#define SORTED_AHEAD 8u
_Static_assert(INV_BATCH_BYTES >= DICT_TERM_MAX && INV_BATCH_BYTES <= UINT16_MAX,
               "the batch holds the longest term, at 16-bit offsets");

/* A growing byte stream in the pool: a chain of slices. */
typedef struct stream {
    uint32_t head;  /* first slice */
    uint32_t tail;  /* next byte to write */
    uint32_t end;   /* end of the current slice's data */
    uint32_t bytes; /* bytes written */
    uint8_t level;  /* level of the current slice */
} stream;

/* A term of the current run.  Its postings are written to one stream as
 * its tokens arrive (after Lucene's FreqProxTermsWriter, but with no
 * pending posting and no second stream), one varint an occurrence:
 *
 *   first occurrence in a passage:  (passage gap << 1) | 1, position
 *   any other:                      (position gap - 1) << 1
 *
 * where the passage gap is from the term's last passage + 1 (the first
 * passage itself) and the position gap from its last position: the tf of
 * a posting is the number of its occurrences.  A token thus touches one
 * slice of the pool, not two (the passages and the positions kept apart
 * cost a second cold line for most tokens, the first of a term in its
 * passage), and nothing is sorted a passage or flushed before a run. */
typedef struct term {
    uint64_t key;      /* CJK terms: code points; others: a hash (see term_key) */
    uint32_t text;     /* offset of the term bytes in the arena */
    uint32_t df;       /* passages so far */
    uint32_t expect;   /* last passage + 1 (0 before the first) */
    uint32_t last_pos; /* the last position */
    stream post;
    uint8_t len;
} term;

/* A token of the open passage waiting in the batch (batch_push). */
typedef struct pending_tok {
    uint64_t key;  /* term_key */
    uint32_t pos;  /* position, or FIELD_POS for a field term */
    uint32_t id;   /* its term, once looked up */
    uint16_t text; /* offset of the term bytes in the batch (none kept if exact) */
    uint8_t len;
    uint8_t exact; /* the key alone identifies the term */
} pending_tok;

/* The position of a field term in the batch: fields have no position. */
#define FIELD_POS UINT32_MAX

/* A run file during the merge: the head of its current term, whose
 * stream (n bytes) follows in the file. */
typedef struct run_src {
    FILE *f;
    char *iobuf;
    char term[DICT_TERM_MAX + 1];
    size_t len;
    uint32_t df;
    uint64_t n;
    int valid;
} run_src;

/* A hash slot keeps the key next to the id: a lookup touches the term
 * itself only when the key matches. */
typedef struct hslot {
    uint64_t key;
    uint32_t id; /* term index + 1; 0 = empty */
} hslot;

struct inv {
    size_t budget;
    size_t shared; /* the caller's memory that shares the budget (inv_share) */
    char *tmpdir;
    /* pool */
    uint8_t **pages;
    uint32_t npages, cur_page, cur_off;
    /* terms */
    buf arena;
    term *terms;
    uint32_t nterms, capterms;
    hslot *hash;   /* open addressing; id 0 = empty */
    uint32_t hcap; /* power of two */
    /* the open passage */
    uint32_t pid;
    int open, started;
    uint32_t ntoks; /* tokens of the open passage */
    /* its tokens not yet inverted */
    pending_tok batch[INV_BATCH];
    char batch_text[INV_BATCH_BYTES];
    uint32_t nbatch, batch_len;
    /* runs */
    u32vec run_ids;
    inv_stats st;
};

/* ---- memory ---------------------------------------------------------------- */

/* Ask for huge pages (Linux's transparent ones, 2 MiB on x86-64) for the
 * tables and the pool: they are read and written at random all over tens
 * of MiB, which with 4 KiB pages misses the TLB at almost every token (a
 * page walk each, and a prefetch that waits for it).  Only the whole huge
 * pages inside [p, p + n) can be backed; elsewhere, or where the kernel
 * says no, this does nothing (the memory is the same either way). */
static void advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    uintptr_t a = ((uintptr_t)p + POOL_PAGE - 1) & ~(uintptr_t)(POOL_PAGE - 1);
    uintptr_t e = ((uintptr_t)p + n) & ~(uintptr_t)(POOL_PAGE - 1);
    if (e > a) (void)madvise((void *)a, e - a, MADV_HUGEPAGE); /* a hint: failure is fine */
#else
    (void)p;
    (void)n;
#endif
}

/* ---- hashing ------------------------------------------------------------ */

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    while (n >= 8) {
        uint64_t x;
        memcpy(&x, s, 8);
        h = (h ^ x) * 0xBF58476D1CE4E5B9ull;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    uint64_t x = 0;
    memcpy(&x, s, n);
    h = (h ^ x) * 0x94D049BB133111EBull;
    h ^= h >> 29;
    return h;
}

/* The top bit of a key that is a hash (term_key). */
#define KEY_HASHED (1ull << 63)

/* The key of one or two CJK code points (b 0 for one). */
static uint64_t cjk_key(uint32_t a, uint32_t b)
{
    return (uint64_t)a << 21 | (b ? b + 1u : 0u);
}

/* The bytes of a term whose key is exact (UTF-8 of its code points, the
 * bytes it came with: term_key takes only well-formed ones as exact);
 * returns their length. */
static size_t key_bytes(uint64_t key, char *out)
{
    uint32_t low = (uint32_t)(key & ((1u << 21) - 1));
    int n = u8_encode((uint32_t)(key >> 21), (uint8_t *)out);
    if (low) n += u8_encode(low - 1u, (uint8_t *)out + n);
    return (size_t)n;
}

/* The key of a term: one or two CJK code points packed (below 2^42, so
 * unique: the common case needs no byte comparison), else a hash of the
 * bytes with the top bit set (compared byte by byte on a match). */
static uint64_t term_key(const char *s, size_t len, int *exact)
{
    const uint8_t *p = (const uint8_t *)s, *e = p + len;
    uint32_t a, b;
    int n1 = len >= 3 && p[0] >= 0xE0 ? u8_decode(p, e, &a) : 0;
    if (n1 > 0 && uc_class_of(a) == UC_CJK) {
        if ((size_t)n1 == len) {
            *exact = 1;
            return cjk_key(a, 0);
        }
        int n2 = u8_decode(p + n1, e, &b);
        if (n2 > 0 && (size_t)(n1 + n2) == len && uc_class_of(b) == UC_CJK) {
            *exact = 1;
            return cjk_key(a, b);
        }
    }
    *exact = 0;
    return hash_bytes(s, len) | KEY_HASHED;
}

static uint32_t slot_of(uint64_t key, uint32_t cap)
{
    uint64_t h = key * 0x9E3779B97F4A7C15ull;
    return (uint32_t)(h >> 32) & (cap - 1);
}

static int hash_grow(inv *v)
{
    uint32_t ncap = v->hcap ? v->hcap * 2 : 1u << 16;
    hslot *nh = calloc(ncap, sizeof *nh);
    if (!nh) return ZS_ENOMEM;
    advise_huge(nh, (size_t)ncap * sizeof *nh);
    for (uint32_t t = 0; t < v->nterms; t++) {
        uint32_t i = slot_of(v->terms[t].key, ncap);
        while (nh[i].id) i = (i + 1) & (ncap - 1);
        nh[i].key = v->terms[t].key;
        nh[i].id = t + 1;
    }
    free(v->hash);
    v->hash = nh;
    v->hcap = ncap;
    return ZS_OK;
}

/* ---- pool ----------------------------------------------------------------- */

static uint8_t *pool_at(const inv *v, uint32_t addr)
{
    return v->pages[addr >> POOL_PAGE_BITS] + (addr & (POOL_PAGE - 1));
}

static int pool_alloc(inv *v, uint32_t size, uint32_t *addr)
{
    if (v->npages == 0 || v->cur_off + size > POOL_PAGE) {
        if (v->cur_page + 1 < v->npages && v->npages > 0) {
            v->cur_page++; /* reuse a page kept from before the last run */
        } else {
            if (v->npages == POOL_MAX_PAGES) return ZS_ETOOBIG;
            uint8_t **np = realloc(v->pages, (v->npages + 1) * sizeof *np);
            if (!np) return ZS_ENOMEM;
            v->pages = np;
            void *page = NULL;
            if (posix_memalign(&page, POOL_PAGE, POOL_PAGE)) return ZS_ENOMEM;
            advise_huge(page, POOL_PAGE);
            v->pages[v->npages] = page;
            v->cur_page = v->npages++;
        }
        v->cur_off = 0;
    }
    *addr = (v->cur_page << POOL_PAGE_BITS) | v->cur_off;
    v->cur_off += size;
    return ZS_OK;
}

/* Start a new slice for a stream whose current one is full. */
static int stream_slice(inv *v, stream *st)
{
    uint32_t level = 0;
    if (st->bytes) level = st->level + 1u < SLICE_LEVELS ? st->level + 1u : st->level;
    uint32_t addr;
    int rc = pool_alloc(v, slice_size[level], &addr);
    if (rc) return rc;
    if (st->bytes == 0)
        st->head = addr;
    else
        le_put32(pool_at(v, st->end), addr);
    st->level = (uint8_t)level;
    st->tail = addr;
    st->end = addr + slice_size[level] - SLICE_LINK;
    return ZS_OK;
}

/* Append a varint to a stream, growing its slice chain. */
static int stream_varint(inv *v, stream *st, uint64_t x)
{
    uint8_t tmp[VI_MAX_BYTES];
    int n = 0;
    while (x >= 0x80) {
        tmp[n++] = (uint8_t)(x | 0x80);
        x >>= 7;
    }
    tmp[n++] = (uint8_t)x;
    if (st->bytes && st->end - st->tail >= (uint32_t)n) {
        /* the common case: room in the current slice */
        memcpy(pool_at(v, st->tail), tmp, (size_t)n);
        st->tail += (uint32_t)n;
        st->bytes += (uint32_t)n;
        return ZS_OK;
    }
    for (int i = 0; i < n; i++) {
        if (st->bytes == 0 || st->tail == st->end) {
            int rc = stream_slice(v, st);
            if (rc) return rc;
        }
        *pool_at(v, st->tail) = tmp[i];
        st->tail++;
        st->bytes++;
    }
    return ZS_OK;
}

/* stream_varint for the common varints of one and two bytes (most
 * position gaps and passage gaps; positions in a passage of up to 16,383
 * characters) while the current slice has room: inline, with no
 * temporary and no copy call (stream_varint was 5 % of a build's
 * instructions, most of it its call and its memcpy). */
static inline int stream_put(inv *v, stream *st, uint64_t x)
{
    uint32_t room = st->end - st->tail;
    if (x < 0x80 && st->bytes && room >= 1) {
        *pool_at(v, st->tail) = (uint8_t)x;
        st->tail++;
        st->bytes++;
        return ZS_OK;
    }
    if (x < 0x4000 && st->bytes && room >= 2) {
        uint8_t *p = pool_at(v, st->tail);
        p[0] = (uint8_t)(x | 0x80);
        p[1] = (uint8_t)(x >> 7);
        st->tail += 2;
        st->bytes += 2;
        return ZS_OK;
    }
    return stream_varint(v, st, x);
}

/* Append a whole stream to `out`. */
static int stream_append(const inv *v, const stream *st, buf *out)
{
    int rc = buf_grow(out, st->bytes);
    if (rc) return rc;
    uint32_t addr = st->head, left = st->bytes, level = 0;
    while (left > 0) {
        uint32_t data = slice_size[level] - SLICE_LINK;
        uint32_t k = left < data ? left : data;
        buf_add(out, pool_at(v, addr), k);
        left -= k;
        if (left > 0) addr = le_get32(pool_at(v, addr + data));
        if (level + 1u < SLICE_LEVELS) level++;
    }
    return buf_error(out); /* 0: buf_grow made the room */
}

/* Pool bytes holding postings of the current run (pages kept from before
 * the last run are reused, not counted twice). */
static size_t pool_used(const inv *v)
{
    return v->npages ? (size_t)v->cur_page * POOL_PAGE + v->cur_off : 0;
}

/* Memory in use: the pool so far plus the tables. */
static size_t mem_used(const inv *v)
{
    size_t pool = pool_used(v);
    return pool + (size_t)v->capterms * sizeof(term) + (size_t)v->hcap * sizeof(hslot) +
           v->arena.cap + v->shared;
}

/* What the tables will add when they grow within the next INV_GROW_AHEAD
 * terms: the term array doubles in place (a large realloc moves pages, it
 * does not copy), the hash doubles and is built beside the old one. */
static size_t mem_ahead(const inv *v)
{
    uint64_t n = (uint64_t)v->nterms + INV_GROW_AHEAD;
    size_t add = 0;
    if (n >= v->capterms) add += (size_t)v->capterms * sizeof(term);
    if (n * 2 > v->hcap) add += (size_t)v->hcap * 2 * sizeof(hslot);
    return add;
}

/* ---- public: setup -------------------------------------------------------- */

int inv_new(inv **out, size_t mem_budget, const char *tmpdir, zs_diag *d)
{
    *out = NULL;
    if (mem_budget < INV_MEM_MIN)
        return zs_fail(d, ZS_EINVAL, "memory budget %zu MiB is below the minimum of %u MiB",
                       mem_budget >> 20, INV_MEM_MIN >> 20);
    inv *v = calloc(1, sizeof *v);
    if (!v) return ZS_ENOMEM;
    v->budget = mem_budget;
    v->tmpdir = strdup(tmpdir);
    buf_init(&v->arena);
    u32vec_init(&v->run_ids);
    if (!v->tmpdir || hash_grow(v)) {
        inv_free(v);
        return ZS_ENOMEM;
    }
    *out = v;
    return ZS_OK;
}

static void run_path(const inv *v, uint32_t id, char *out, size_t cap)
{
    snprintf(out, cap, "%s/run-%06u", v->tmpdir, id);
}

void inv_free(inv *v)
{
    if (!v) return;
    char path[4096];
    for (size_t i = 0; i < v->run_ids.n; i++) {
        run_path(v, v->run_ids.v[i], path, sizeof path);
        unlink(path);
    }
    for (uint32_t i = 0; i < v->npages; i++) free(v->pages[i]);
    free(v->pages);
    free(v->terms);
    free(v->hash);
    free(v->tmpdir);
    buf_free(&v->arena);
    u32vec_free(&v->run_ids);
    free(v);
}

void inv_share(inv *v, size_t bytes)
{
    v->shared = bytes;
}

void inv_get_stats(const inv *v, inv_stats *st)
{
    *st = v->st;
}

/* ---- public: adding passages ---------------------------------------------- */

int inv_begin(inv *v, uint32_t pid)
{
    if (v->open || (v->started && pid <= v->pid)) return ZS_EINVAL;
    v->pid = pid;
    v->open = 1;
    v->started = 1;
    v->ntoks = 0;
    return ZS_OK;
}

/* The id of the term of batch token `k`, a new term if it is not in the
 * table yet (ids are given in order of first occurrence). */
static int term_id(inv *v, const pending_tok *k, uint32_t *id)
{
    const char *s = v->batch_text + k->text; /* (not kept for exact keys) */
    uint32_t i = slot_of(k->key, v->hcap);
    for (;;) {
        const hslot *h = &v->hash[i];
        if (h->id == 0) break;
        if (h->key == k->key) {
            const term *t = &v->terms[h->id - 1];
            if (k->exact || (t->len == k->len && memcmp(v->arena.data + t->text, s, k->len) == 0)) {
                *id = h->id - 1;
                return ZS_OK;
            }
        }
        i = (i + 1) & (v->hcap - 1);
    }
    /* a new term */
    if (v->nterms == v->capterms) {
        uint32_t c = v->capterms ? v->capterms * 2 : 1u << 14;
        term *nt = realloc(v->terms, (size_t)c * sizeof *nt);
        if (!nt) return ZS_ENOMEM;
        advise_huge(nt, (size_t)c * sizeof *nt);
        v->terms = nt;
        v->capterms = c;
    }
    if (v->arena.len > UINT32_MAX - k->len) return ZS_ETOOBIG;
    term *t = &v->terms[v->nterms];
    memset(t, 0, sizeof *t);
    t->key = k->key;
    t->text = (uint32_t)v->arena.len;
    t->len = k->len;
    char cjk[2 * U8_MAX_BYTES];
    if (k->exact) {
        key_bytes(k->key, cjk);
        s = cjk;
    }
    int rc = buf_add(&v->arena, s, k->len);
    if (rc) return rc;
    v->hash[i].key = k->key;
    v->hash[i].id = v->nterms + 1;
    *id = v->nterms++;
    if ((uint64_t)v->nterms * 2 > v->hcap) return hash_grow(v);
    return ZS_OK;
}

/* An occurrence of term `t` at `pos` in the open passage. */
static int add_occurrence(inv *v, term *t, uint32_t pos)
{
    int rc;
    if (t->expect != v->pid + 1) { /* the first in this passage */
        rc = stream_put(v, &t->post, (uint64_t)(v->pid - t->expect) << 1 | 1);
        if (!rc) rc = stream_put(v, &t->post, pos);
        t->expect = v->pid + 1;
        t->df++;
    } else {
        if (pos <= t->last_pos) return ZS_EINVAL; /* positions come in order */
        rc = stream_put(v, &t->post, (uint64_t)(pos - t->last_pos - 1) << 1);
    }
    t->last_pos = pos;
    return rc;
}

/* A field term of the open passage: one occurrence at position 0. */
static int add_field(inv *v, term *t)
{
    if (t->expect == v->pid + 1) return ZS_OK; /* already given for this passage */
    return add_occurrence(v, t, 0);
}

/* The term of batch token k, once the pool bytes where the stream of the
 * term of token k + INV_AHEAD goes on are asked for (the first write to a
 * cold slice is the one miss left of a token once its term is cached).
 * The prefetch helpers return what the caller uses: gcc takes a function
 * that only prefetches for a pure one and drops the calls. */
static term *batch_term(inv *v, uint32_t k, uint32_t n)
{
    if (k + INV_AHEAD < n) {
        const term *ahead = &v->terms[v->batch[k + INV_AHEAD].id];
        if (ahead->post.bytes) __builtin_prefetch(pool_at(v, ahead->post.tail), 1);
    }
    return &v->terms[v->batch[k].id];
}

/* Invert the batch, in the order its tokens came, as a pipeline: token k
 * is added while the stream of token k + INV_AHEAD is prefetched and the
 * term of token k + 2 INV_AHEAD is looked up (its hash slot was prefetched
 * when the token came) and prefetched.  The misses of a few tokens overlap
 * instead of following one another; terms are still looked up, and their
 * streams grown, in token order, so new terms get the same ids and the
 * pool the same bytes as one token at a time. */
static int invert_batch(inv *v)
{
    uint32_t n = v->nbatch, looked = 0;
    v->nbatch = 0;
    v->batch_len = 0;
    for (uint32_t k = 0; k < n; k++) {
        for (; looked < n && looked < k + 2 * INV_AHEAD; looked++) {
            int rc = term_id(v, &v->batch[looked], &v->batch[looked].id);
            if (rc) return rc;
            const char *t = (const char *)&v->terms[v->batch[looked].id];
            __builtin_prefetch(t, 1);
            __builtin_prefetch(t + sizeof(term) - 1, 1); /* a term may straddle two lines */
        }
        term *t = batch_term(v, k, n);
        uint32_t pos = v->batch[k].pos;
        int rc = pos == FIELD_POS ? add_field(v, t) : add_occurrence(v, t, pos);
        if (rc) return rc;
    }
    return ZS_OK;
}

/* Queue a token (or field term) of the open passage, inverting the batch
 * first when it is full.  Its bytes are kept only when its key is not
 * exact (term_id makes the others' from the key). */
/* Inline (it runs a token): its call and saved registers were a fifth of
 * its cost; the batch's inversion stays a call. */
static inline __attribute__((always_inline)) int batch_push(inv *v, uint64_t key, int exact,
                                                            const char *s, size_t len, uint32_t pos)
{
    size_t keep = exact ? 0 : len;
    if (v->nbatch == INV_BATCH || v->batch_len + keep > INV_BATCH_BYTES) {
        int rc = invert_batch(v);
        if (rc) return rc;
    }
    pending_tok *k = &v->batch[v->nbatch++];
    k->key = key;
    k->exact = (uint8_t)exact;
    k->pos = pos;
    k->len = (uint8_t)len;
    k->text = (uint16_t)v->batch_len;
    if (keep) memcpy(v->batch_text + v->batch_len, s, keep);
    v->batch_len += (uint32_t)keep;
    /* the slot is read when the batch is inverted: by then it is cached
     * (a table that grows meanwhile only makes this a wasted hint) */
    __builtin_prefetch(&v->hash[slot_of(key, v->hcap)]);
    return ZS_OK;
}

static int batch_add(inv *v, const char *s, size_t len, uint32_t pos)
{
    int exact;
    uint64_t key = term_key(s, len, &exact);
    return batch_push(v, key, exact, s, len, pos);
}

int inv_token(inv *v, const char *s, size_t len, uint32_t pos)
{
    if (!v->open || len == 0 || len > DICT_TERM_MAX || pos == FIELD_POS) return ZS_EINVAL;
    if (v->ntoks >= INV_MAX_PASSAGE_TOKENS) return ZS_ETOOBIG;
    v->ntoks++;
    return batch_add(v, s, len, pos);
}

int inv_token_cjk(inv *v, uint32_t a, uint32_t b, uint32_t pos)
{
    if (!v->open || pos == FIELD_POS || uc_class_of(a) != UC_CJK || (b && uc_class_of(b) != UC_CJK))
        return ZS_EINVAL;
    if (v->ntoks >= INV_MAX_PASSAGE_TOKENS) return ZS_ETOOBIG;
    v->ntoks++;
    size_t len = (size_t)u8_len(a) + (b ? (size_t)u8_len(b) : 0);
    return batch_push(v, cjk_key(a, b), 1, NULL, len, pos);
}

int inv_field(inv *v, const char *s, size_t len)
{
    if (!v->open || len == 0 || len > DICT_TERM_MAX) return ZS_EINVAL;
    return batch_add(v, s, len, FIELD_POS);
}

static int write_run(inv *v, zs_diag *d);

int inv_end(inv *v, uint32_t *ntok, zs_diag *d)
{
    if (!v->open) return ZS_EINVAL;
    v->open = 0;
    int rc = invert_batch(v);
    if (rc) return rc;
    *ntok = v->ntoks;
    v->st.tokens += v->ntoks;
    /* spill when the tables are about to grow past the budget (a doubling
     * counted only after it happened overshot it by the size of the
     * tables: 192 MiB at 160), or when over it with postings a good part
     * of it (else the tables and the caller's columns alone, over a tiny
     * budget, would make a run of every passage) */
    size_t used = mem_used(v), ahead = mem_ahead(v);
    if (used + ahead > v->budget && (ahead > 0 || pool_used(v) * 8 >= v->budget))
        return write_run(v, d);
    return ZS_OK;
}

/* ---- runs ------------------------------------------------------------------ */

/* Terms are sorted by their bytes.  A term's key (term_key) goes along:
 * two CJK terms compare by their keys alone, since code points packed
 * high to low order as the UTF-8 bytes do (a lone character before its
 * bigrams), so most comparisons touch neither the terms nor the arena.
 * The items are sorted in the hash table's memory (hslot is a key and an
 * id), which holds at least twice as many slots as terms: the items and
 * the merge sort's buffer fit, and the sort needs no memory of its own. */
static int term_less(const inv *v, const hslot *a, const hslot *b)
{
    if (!((a->key | b->key) & KEY_HASHED)) return a->key < b->key;
    const term *x = &v->terms[a->id], *y = &v->terms[b->id];
    size_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp(v->arena.data + x->text, v->arena.data + y->text, m);
    return c < 0 || (c == 0 && x->len < y->len);
}

/* Runs of at most this many items are sorted by insertion: below it the
 * merge sort's calls and copies cost more than the shifts (the sort is on
 * the one thread at the start of the end of a build). */
#define SORT_SMALL 16

static void insertion_sort(const inv *v, hslot *a, uint32_t n)
{
    for (uint32_t i = 1; i < n; i++) {
        hslot x = a[i];
        uint32_t j = i;
        for (; j > 0 && term_less(v, &x, &a[j - 1]); j--) a[j] = a[j - 1];
        a[j] = x;
    }
}

/* qsort has no context argument in C11: a merge sort that takes the
 * inverter along.  The terms are distinct, so any sort gives one order. */
static void merge_sort(const inv *v, hslot *a, hslot *tmp, uint32_t n)
{
    if (n <= SORT_SMALL) {
        insertion_sort(v, a, n);
        return;
    }
    uint32_t h = n / 2;
    merge_sort(v, a, tmp, h);
    merge_sort(v, a + h, tmp, n - h);
    uint32_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = term_less(v, &a[j], &a[i]) ? a[j++] : a[i++];
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

/* Exact keys (CJK terms) are radix-sorted: RADIX_BITS a pass, over the
 * RADIX_PASSES * RADIX_BITS low bits that hold them (a code point of 21
 * bits above one plus 1, cjk_key), an even number of passes so that the
 * items end where they began.  The merge sort took 18 levels of calls
 * and comparisons for real20's 327,492 terms (2 % of a build, on one
 * thread); LSD radix sort is 4 counting passes. */
#define RADIX_BITS   11
#define RADIX_PASSES 4
_Static_assert(RADIX_BITS *RADIX_PASSES >= 42 && RADIX_PASSES % 2 == 0,
               "cjk_key's keys are below 2^42; the passes end in the items' array");

static void radix_sort(hslot *a, hslot *tmp, uint32_t n)
{
    for (int pass = 0; pass < RADIX_PASSES; pass++) {
        int shift = pass * RADIX_BITS;
        uint32_t at[1u << RADIX_BITS] = {0};
        for (uint32_t i = 0; i < n; i++) at[(a[i].key >> shift) & ((1u << RADIX_BITS) - 1)]++;
        uint32_t sum = 0;
        for (uint32_t d = 0; d < (1u << RADIX_BITS); d++) {
            uint32_t c = at[d];
            at[d] = sum;
            sum += c;
        }
        for (uint32_t i = 0; i < n; i++)
            tmp[at[(a[i].key >> shift) & ((1u << RADIX_BITS) - 1)]++] = a[i];
        hslot *t = a;
        a = tmp;
        tmp = t;
    }
}

/* The term ids in the order of their bytes (caller frees).  The hash table
 * is left empty: only reset_memory or release_memory may follow. */
static int sorted_terms(inv *v, uint32_t **out)
{
    uint32_t *ids = malloc(((size_t)v->nterms + 1) * sizeof *ids);
    if (!ids) return ZS_ENOMEM;
    *out = ids;
    if (v->hcap == 0) return ZS_OK; /* released (inv_flush): no terms */
    /* the occupied slots to the front, ids from 0 (a slot never moves up) */
    uint32_t n = 0;
    for (uint32_t i = 0; i < v->hcap; i++)
        if (v->hash[i].id) {
            v->hash[n].key = v->hash[i].key;
            v->hash[n++].id = v->hash[i].id - 1;
        }
    /* exact keys to the front, then each part sorted (invariant of
     * term_id: 2 nterms <= hcap, so the buffer fits behind), then the two
     * merged into ids */
    hslot *h = v->hash, *tmp = v->hash + n;
    uint32_t ne = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!(h[i].key & KEY_HASHED)) {
            hslot x = h[i];
            h[i] = h[ne];
            h[ne++] = x;
        }
    radix_sort(h, tmp, ne);
    merge_sort(v, h + ne, tmp, n - ne);
    uint32_t i = 0, j = ne, k = 0;
    while (i < ne && j < n) ids[k++] = term_less(v, &h[j], &h[i]) ? h[j++].id : h[i++].id;
    while (i < ne) ids[k++] = h[i++].id;
    while (j < n) ids[k++] = h[j++].id;
    memset(v->hash, 0, (size_t)v->hcap * sizeof *v->hash);
    return ZS_OK;
}

static int reset_memory(inv *v)
{
    v->nterms = 0;
    buf_reset(&v->arena);
    if ((size_t)v->capterms * sizeof(term) + (size_t)v->hcap * sizeof(hslot) > v->budget / 2) {
        /* tables that grew past half the budget (a passage of many new
         * terms, or a tiny budget) start small again: kept, they would
         * leave the next runs no room */
        free(v->terms);
        v->terms = NULL;
        v->capterms = 0;
        free(v->hash);
        v->hash = NULL;
        v->hcap = 0;
        int rc = hash_grow(v);
        if (rc) return rc;
    } /* else the hash was emptied by sorted_terms */
    v->cur_page = 0;
    v->cur_off = 0;
    /* pool pages the next run may not fill are given back: the caller's
     * columns counted in the budget (inv_share) grow, so later runs get
     * less of it, and a kept page would be memory no run counts */
    size_t other = mem_used(v), room = other < v->budget ? v->budget - other : 0;
    uint32_t keep = (uint32_t)(room / POOL_PAGE) + 1;
    while (v->npages > keep) free(v->pages[--v->npages]);
    return ZS_OK;
}

/* Give back the pool and the tables (after the last run is written: the
 * merge reads only run files then). */
static void release_memory(inv *v)
{
    for (uint32_t i = 0; i < v->npages; i++) free(v->pages[i]);
    free(v->pages);
    v->pages = NULL;
    v->npages = v->cur_page = v->cur_off = 0;
    free(v->terms);
    v->terms = NULL;
    v->nterms = v->capterms = 0;
    free(v->hash);
    v->hash = NULL;
    v->hcap = 0;
    buf_free(&v->arena);
}

/* The term at `mi` in sorted order, once what a run or the merge reads of
 * the terms after it is asked for: the term 2 SORTED_AHEAD on, the bytes
 * and the first slice of the one SORTED_AHEAD on (the terms lie in the
 * order they came, their slices all over the pool: without this, each
 * term costs a few misses in a row). */
static const term *sorted_term(const inv *v, const uint32_t *order, uint32_t mi)
{
    if (mi + 2 * SORTED_AHEAD < v->nterms) {
        const char *t = (const char *)&v->terms[order[mi + 2 * SORTED_AHEAD]];
        __builtin_prefetch(t);
        __builtin_prefetch(t + sizeof(term) - 1);
    }
    if (mi + SORTED_AHEAD < v->nterms) {
        const term *t = &v->terms[order[mi + SORTED_AHEAD]];
        __builtin_prefetch(v->arena.data + t->text);
        __builtin_prefetch(pool_at(v, t->post.head));
    }
    return &v->terms[order[mi]];
}

static int write_run(inv *v, zs_diag *d)
{
    uint32_t id = (uint32_t)v->run_ids.n;
    char path[4096];
    run_path(v, id, path, sizeof path);
    uint32_t *order = NULL;
    int rc = sorted_terms(v, &order);
    if (rc) return rc;
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(order);
        return zs_fail(d, ZS_EIO, "%s: cannot create run file: %s", path, strerror(errno));
    }
    rc = u32vec_push(&v->run_ids, id);
    buf b;
    buf_init(&b);
    for (uint32_t k = 0; k < v->nterms && !rc; k++) {
        const term *t = sorted_term(v, order, k);
        buf_reset(&b);
        vi_put(&b, t->len);
        buf_add(&b, v->arena.data + t->text, t->len);
        vi_put(&b, t->df);
        vi_put(&b, t->post.bytes);
        /* checked here (errors are sticky): a short append would make the
         * run file unreadable at merge time */
        rc = stream_append(v, &t->post, &b);
        if (!rc && fwrite(b.data, 1, b.len, f) != b.len) rc = ZS_EIO;
        v->st.run_bytes += b.len;
    }
    free(order);
    buf_free(&b);
    if (fclose(f) != 0 && !rc) rc = ZS_EIO;
    if (rc == ZS_EIO) return zs_fail(d, rc, "%s: cannot write run file: %s", path, strerror(errno));
    if (rc) return rc;
    v->st.runs++;
    return reset_memory(v);
}

/* Read one varint from a stdio stream. */
static int read_varint(FILE *f, uint64_t *out)
{
    uint64_t r = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        int c = getc(f);
        if (c == EOF) return ZS_ECORRUPT;
        r |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *out = r;
            return ZS_OK;
        }
    }
    return ZS_ECORRUPT;
}

/* Read the head of the next term of a run (r->valid 0 at its end). */
static int run_next(run_src *r)
{
    int c = getc(r->f);
    if (c == EOF) {
        r->valid = 0;
        return ZS_OK;
    }
    ungetc(c, r->f);
    uint64_t len, df, n;
    if (read_varint(r->f, &len) || len == 0 || len > DICT_TERM_MAX ||
        fread(r->term, 1, (size_t)len, r->f) != len || read_varint(r->f, &df) ||
        read_varint(r->f, &n) || df == 0 || df > UINT32_MAX || n > RUN_STREAM_MAX)
        return ZS_ECORRUPT;
    r->len = (size_t)len;
    r->term[r->len] = '\0';
    r->df = (uint32_t)df;
    r->n = n;
    r->valid = 1;
    return ZS_OK;
}

/* Append the current term's stream to `out`. */
static int run_take(run_src *r, buf *out)
{
    size_t n = (size_t)r->n;
    int rc = buf_grow(out, n);
    if (rc) return rc;
    if (fread(out->data + out->len, 1, n, r->f) != n) return ZS_ECORRUPT;
    out->len += n;
    out->data[out->len] = '\0';
    return ZS_OK;
}

/* ---- merge ----------------------------------------------------------------- */

int inv_flush(inv *v, zs_diag *d)
{
    if (v->open) return ZS_EINVAL;
    if (v->run_ids.n == 0) return ZS_OK;
    int rc = v->nterms > 0 ? write_run(v, d) : ZS_OK;
    if (!rc) release_memory(v);
    return rc;
}

/* Open the run files for the merge, each at its first term.  Their read
 * buffers share an eighth of the budget. */
static int open_runs(inv *v, run_src *runs, size_t nruns, zs_diag *d)
{
    size_t iobuf = nruns ? v->budget / 8 / nruns : RUN_IOBUF_MAX;
    if (iobuf > RUN_IOBUF_MAX) iobuf = RUN_IOBUF_MAX;
    if (iobuf < RUN_IOBUF_MIN) iobuf = RUN_IOBUF_MIN;
    for (size_t i = 0; i < nruns; i++) {
        char path[4096];
        run_path(v, v->run_ids.v[i], path, sizeof path);
        runs[i].f = fopen(path, "rb");
        if (!runs[i].f)
            return zs_fail(d, ZS_EIO, "%s: cannot open run file: %s", path, strerror(errno));
        runs[i].iobuf = malloc(iobuf);
        if (runs[i].iobuf) setvbuf(runs[i].f, runs[i].iobuf, _IOFBF, iobuf);
        int rc = run_next(&runs[i]);
        if (rc) return rc;
    }
    return ZS_OK;
}

static void close_runs(run_src *runs, size_t nruns)
{
    for (size_t i = 0; i < nruns; i++) {
        if (runs[i].f) fclose(runs[i].f);
        free(runs[i].iobuf);
    }
    free(runs);
}

/* Is a (of length al) before b in byte order? */
static int bytes_less(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c < 0 || (c == 0 && al < bl);
}

/* The smallest term among the runs and `mt` (the next term in memory, or
 * NULL): *len 0 when all are done. */
static const char *smallest_term(const inv *v, const run_src *runs, size_t nruns, const term *mt,
                                 size_t *len)
{
    const char *best = NULL;
    size_t blen = 0;
    for (size_t i = 0; i < nruns; i++)
        if (runs[i].valid && (!best || bytes_less(runs[i].term, runs[i].len, best, blen))) {
            best = runs[i].term;
            blen = runs[i].len;
        }
    if (mt && (!best || bytes_less(v->arena.data + mt->text, mt->len, best, blen))) {
        best = v->arena.data + mt->text;
        blen = mt->len;
    }
    *len = blen;
    return best;
}

/* The merge at the end of a build (inv_finish). */
typedef struct merger {
    inv *v;
    run_src *runs;
    size_t nruns;
    const uint32_t *order; /* the terms in memory, sorted */
    invcode *code;
    buf stream; /* one source's stream */
} merger;

/* A run file that does not read. */
static int damaged(const merger *m, zs_diag *d)
{
    return zs_fail(d, ZS_ECORRUPT, "%s: run file damaged while merging", m->v->tmpdir);
}

/* Give the coder term `key` and its postings: those in the runs, in the
 * order written, then those in memory (`mt`, NULL when not there). */
static int merge_term(merger *m, const term *mt, const char *key, size_t len, zs_diag *d)
{
    buf *s = &m->stream;
    uint64_t bytes = mt ? mt->post.bytes : 0;
    for (size_t i = 0; i < m->nruns; i++) {
        const run_src *r = &m->runs[i];
        if (r->valid && r->len == len && !memcmp(r->term, key, len)) bytes += r->n;
    }
    int rc = invcode_term(m->code, key, len, bytes);
    for (size_t i = 0; i < m->nruns && !rc; i++) {
        run_src *r = &m->runs[i];
        if (!r->valid || r->len != len || memcmp(r->term, key, len)) continue;
        buf_reset(s);
        rc = run_take(r, s);
        if (rc == ZS_ECORRUPT) return damaged(m, d);
        if (!rc) rc = invcode_source(m->code, r->df, (const uint8_t *)s->data, s->len, d);
        if (!rc && run_next(r)) return damaged(m, d);
    }
    if (!rc && mt) {
        buf_reset(s);
        rc = stream_append(m->v, &mt->post, s);
        if (!rc) rc = invcode_source(m->code, mt->df, (const uint8_t *)s->data, s->len, d);
    }
    return rc ? rc : invcode_term_end(m->code, d);
}

/* Merge the runs and the terms in memory, term by term, for the coder. */
static int merge_terms(merger *m, zs_diag *d)
{
    const inv *v = m->v;
    uint32_t mi = 0; /* next in-memory term (in sorted order) */
    for (;;) {
        const term *mt = mi < v->nterms ? sorted_term(v, m->order, mi) : NULL;
        size_t len;
        const char *best = smallest_term(v, m->runs, m->nruns, mt, &len);
        if (!best) return ZS_OK;
        char key[DICT_TERM_MAX + 1];
        memcpy(key, best, len);
        if (mt && (mt->len != len || memcmp(v->arena.data + mt->text, key, len) != 0))
            mt = NULL; /* not this term */
        int rc = merge_term(m, mt, key, len, d);
        if (rc) return rc;
        if (mt) mi++;
    }
}

int inv_finish(inv *v, const post_lengths *dl, uint32_t npassages, zf_writer *zw,
               const invcode_sections *sec, int threads, zs_diag *d)
{
    if (v->open) return ZS_EINVAL;
    merger m = {v, NULL, 0, NULL, NULL, {0}};
    buf_init(&m.stream);
    int rc = inv_flush(v, d);
    uint32_t *order = NULL;
    m.nruns = v->run_ids.n;
    m.runs = calloc(m.nruns ? m.nruns : 1, sizeof *m.runs);
    if (!rc && !m.runs) rc = ZS_ENOMEM;
    if (!rc) rc = sorted_terms(v, &order);
    m.order = order;
    if (!rc) rc = open_runs(v, m.runs, m.nruns, d);
    if (rc == ZS_ECORRUPT) zs_fail(d, rc, "%s: run file damaged while merging", v->tmpdir);
    if (!rc) rc = invcode_new(&m.code, dl, npassages, zw, sec, threads);
    if (!rc) rc = merge_terms(&m, d);
    if (!rc) {
        uint64_t terms, postings;
        rc = invcode_finish(m.code, &terms, &postings, d);
        m.code = NULL;
        v->st.terms += terms;
        v->st.postings += postings;
    }
    invcode_abort(m.code);
    if (m.runs) close_runs(m.runs, m.nruns);
    free(order);
    buf_free(&m.stream);
    return rc;
}

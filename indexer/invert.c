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
#include <unistd.h>

/* Pool pages: large enough that page bookkeeping is negligible, small
 * enough that the last page wastes little. */
#define POOL_PAGE_BITS 20
#define POOL_PAGE      (1u << POOL_PAGE_BITS)
/* 4096 pages of 1 MiB: pool addresses fit in 32 bits. */
#define POOL_MAX_PAGES 4096
/* Bytes at the end of each slice that hold the address of the next one. */
#define SLICE_LINK 4
/* Slice sizes by level: small first (most terms are rare), growing so a
 * frequent term needs few links (after Lucene's ByteBlockPool). */
static const uint32_t slice_size[] = {8,   16,  24,  32,  48,  64,   96,
                                      128, 192, 256, 384, 512, 1024, 2048};
#define SLICE_LEVELS (sizeof slice_size / sizeof slice_size[0])
/* Read buffer for run files during the merge. */
#define RUN_IOBUF (1u << 20)

typedef struct term {
    uint32_t text; /* offset of the term bytes in the arena */
    uint8_t len;
    uint8_t level;   /* level of the current slice */
    uint32_t df;     /* passages in this run */
    uint32_t expect; /* last passage id + 1 (0 before the first) */
    uint32_t head;   /* first slice */
    uint32_t tail;   /* next byte to write */
    uint32_t end;    /* end of the current slice's data */
    uint32_t bytes;  /* stream bytes written */
} term;

typedef struct run_src {
    FILE *f;
    char *iobuf;
    char term[DICT_TERM_MAX + 1];
    size_t len;
    uint32_t df;
    buf stream;
    int valid;
} run_src;

struct inv {
    size_t budget;
    char *tmpdir;
    /* pool */
    uint8_t **pages;
    uint32_t npages, cur_page, cur_off;
    /* terms */
    buf arena;
    term *terms;
    uint32_t nterms, capterms;
    uint32_t *hash; /* term id + 1; 0 = empty */
    uint32_t hcap;  /* power of two */
    /* the open passage */
    uint32_t pid;
    int open;
    uint64_t *toks; /* term id << 32 | position */
    uint32_t ntoks, captoks;
    /* runs */
    u32vec run_ids;
    inv_stats st;
};

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

static int hash_grow(inv *v)
{
    uint32_t ncap = v->hcap ? v->hcap * 2 : 1u << 16;
    uint32_t *nh = calloc(ncap, sizeof *nh);
    if (!nh) return ZS_ENOMEM;
    for (uint32_t t = 0; t < v->nterms; t++) {
        const term *tm = &v->terms[t];
        uint32_t i = (uint32_t)hash_bytes(v->arena.data + tm->text, tm->len) & (ncap - 1);
        while (nh[i]) i = (i + 1) & (ncap - 1);
        nh[i] = t + 1;
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
            v->pages[v->npages] = malloc(POOL_PAGE);
            if (!v->pages[v->npages]) return ZS_ENOMEM;
            v->cur_page = v->npages++;
        }
        v->cur_off = 0;
    }
    *addr = (v->cur_page << POOL_PAGE_BITS) | v->cur_off;
    v->cur_off += size;
    return ZS_OK;
}

/* Append bytes to a term's stream, growing its slice chain. */
static int stream_put(inv *v, term *t, const uint8_t *p, size_t n)
{
    while (n > 0) {
        if (t->tail == t->end) {
            uint32_t level = 0;
            if (t->bytes) level = t->level + 1u < SLICE_LEVELS ? t->level + 1u : t->level;
            uint32_t addr;
            int rc = pool_alloc(v, slice_size[level], &addr);
            if (rc) return rc;
            if (t->bytes == 0)
                t->head = addr;
            else
                le_put32(pool_at(v, t->end), addr);
            t->level = (uint8_t)level;
            t->tail = addr;
            t->end = addr + slice_size[level] - SLICE_LINK;
        }
        uint32_t room = t->end - t->tail;
        uint32_t k = n < room ? (uint32_t)n : room;
        memcpy(pool_at(v, t->tail), p, k);
        t->tail += k;
        t->bytes += k;
        p += k;
        n -= k;
    }
    return ZS_OK;
}

/* Copy a term's whole stream into `out`. */
static int stream_get(const inv *v, const term *t, buf *out)
{
    buf_reset(out);
    int rc = buf_grow(out, t->bytes);
    if (rc) return rc;
    uint32_t addr = t->head, left = t->bytes, level = 0;
    while (left > 0) {
        uint32_t data = slice_size[level] - SLICE_LINK;
        uint32_t k = left < data ? left : data;
        buf_add(out, pool_at(v, addr), k);
        left -= k;
        if (left > 0) addr = le_get32(pool_at(v, addr + data));
        if (level + 1u < SLICE_LEVELS) level++;
    }
    return ZS_OK;
}

/* Memory in use: pool pages filled so far (pages kept from before the last
 * run are reused, not counted twice) plus the tables. */
static size_t mem_used(const inv *v)
{
    size_t pool = v->npages ? (size_t)(v->cur_page + 1) * POOL_PAGE : 0;
    return pool + (size_t)v->capterms * sizeof(term) + (size_t)v->hcap * sizeof(uint32_t) +
           v->arena.cap;
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
    free(v->toks);
    free(v->tmpdir);
    buf_free(&v->arena);
    u32vec_free(&v->run_ids);
    free(v);
}

void inv_get_stats(const inv *v, inv_stats *st)
{
    *st = v->st;
}

/* ---- public: adding passages ---------------------------------------------- */

int inv_begin(inv *v, uint32_t pid)
{
    if (v->open) return ZS_EINVAL;
    v->pid = pid;
    v->open = 1;
    v->ntoks = 0;
    return ZS_OK;
}

static int term_id(inv *v, const char *s, size_t len, uint32_t *id)
{
    uint32_t i = (uint32_t)hash_bytes(s, len) & (v->hcap - 1);
    for (;;) {
        uint32_t h = v->hash[i];
        if (h == 0) break;
        const term *t = &v->terms[h - 1];
        if (t->len == len && memcmp(v->arena.data + t->text, s, len) == 0) {
            *id = h - 1;
            return ZS_OK;
        }
        i = (i + 1) & (v->hcap - 1);
    }
    /* a new term */
    if (v->nterms == v->capterms) {
        uint32_t c = v->capterms ? v->capterms * 2 : 1u << 14;
        term *nt = realloc(v->terms, (size_t)c * sizeof *nt);
        if (!nt) return ZS_ENOMEM;
        v->terms = nt;
        v->capterms = c;
    }
    if (v->arena.len > UINT32_MAX - len) return ZS_ETOOBIG;
    term *t = &v->terms[v->nterms];
    memset(t, 0, sizeof *t);
    t->text = (uint32_t)v->arena.len;
    t->len = (uint8_t)len;
    int rc = buf_add(&v->arena, s, len);
    if (rc) return rc;
    v->hash[i] = v->nterms + 1;
    *id = v->nterms++;
    if ((uint64_t)v->nterms * 2 > v->hcap) return hash_grow(v);
    return ZS_OK;
}

int inv_token(inv *v, const char *s, size_t len, uint32_t pos)
{
    if (!v->open || len == 0 || len > DICT_TERM_MAX) return ZS_EINVAL;
    if (v->ntoks >= INV_MAX_PASSAGE_TOKENS) return ZS_ETOOBIG;
    uint32_t id;
    int rc = term_id(v, s, len, &id);
    if (rc) return rc;
    if (v->ntoks == v->captoks) {
        uint32_t c = v->captoks ? v->captoks * 2 : 1024;
        uint64_t *nt = realloc(v->toks, (size_t)c * sizeof *nt);
        if (!nt) return ZS_ENOMEM;
        v->toks = nt;
        v->captoks = c;
    }
    v->toks[v->ntoks++] = ((uint64_t)id << 32) | pos;
    return ZS_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static int write_run(inv *v, zs_diag *d);

int inv_end(inv *v, uint32_t *ntok, zs_diag *d)
{
    if (!v->open) return ZS_EINVAL;
    v->open = 0;
    uint32_t n = v->ntoks;
    *ntok = n;
    v->st.tokens += n;
    /* group the passage's tokens by term, positions ascending */
    if (n <= 16) {
        for (uint32_t i = 1; i < n; i++) {
            uint64_t x = v->toks[i];
            uint32_t j = i;
            while (j > 0 && v->toks[j - 1] > x) {
                v->toks[j] = v->toks[j - 1];
                j--;
            }
            v->toks[j] = x;
        }
    } else {
        qsort(v->toks, n, sizeof *v->toks, cmp_u64);
    }
    uint8_t tmp[3 * VI_MAX_BYTES];
    for (uint32_t i = 0; i < n;) {
        uint32_t id = (uint32_t)(v->toks[i] >> 32), j = i;
        while (j < n && (uint32_t)(v->toks[j] >> 32) == id) j++;
        term *t = &v->terms[id];
        int k = vi_encode(tmp, v->pid - t->expect);
        k += vi_encode(tmp + k, j - i);
        int rc = stream_put(v, t, tmp, (size_t)k);
        uint32_t prev = 0;
        for (uint32_t q = i; q < j && !rc; q++) {
            uint32_t pos = (uint32_t)v->toks[q];
            int m = vi_encode(tmp, q == i ? pos : pos - prev - 1);
            rc = stream_put(v, t, tmp, (size_t)m);
            prev = pos;
        }
        if (rc) return rc;
        t->df++;
        t->expect = v->pid + 1;
        i = j;
    }
    if (mem_used(v) > v->budget) return write_run(v, d);
    return ZS_OK;
}

/* ---- runs ------------------------------------------------------------------ */

/* qsort has no context argument in C11: term ids are sorted by their bytes
 * with a merge sort that takes the inverter along. */
static int term_less(const inv *v, uint32_t a, uint32_t b)
{
    const term *x = &v->terms[a], *y = &v->terms[b];
    size_t m = x->len < y->len ? x->len : y->len;
    int c = memcmp(v->arena.data + x->text, v->arena.data + y->text, m);
    return c < 0 || (c == 0 && x->len < y->len);
}

static void merge_sort(const inv *v, uint32_t *a, uint32_t *tmp, uint32_t n)
{
    if (n < 2) return;
    uint32_t h = n / 2;
    merge_sort(v, a, tmp, h);
    merge_sort(v, a + h, tmp, n - h);
    uint32_t i = 0, j = h, k = 0;
    while (i < h && j < n) tmp[k++] = term_less(v, a[j], a[i]) ? a[j++] : a[i++];
    while (i < h) tmp[k++] = a[i++];
    while (j < n) tmp[k++] = a[j++];
    memcpy(a, tmp, n * sizeof *a);
}

static int sorted_terms(const inv *v, uint32_t **out)
{
    uint32_t *ids = malloc(((size_t)v->nterms + 1) * sizeof *ids);
    uint32_t *tmp = malloc(((size_t)v->nterms + 1) * sizeof *tmp);
    if (!ids || !tmp) {
        free(ids);
        free(tmp);
        return ZS_ENOMEM;
    }
    for (uint32_t i = 0; i < v->nterms; i++) ids[i] = i;
    merge_sort(v, ids, tmp, v->nterms);
    free(tmp);
    *out = ids;
    return ZS_OK;
}

static void reset_memory(inv *v)
{
    v->nterms = 0;
    buf_reset(&v->arena);
    memset(v->hash, 0, (size_t)v->hcap * sizeof *v->hash);
    v->cur_page = 0;
    v->cur_off = 0;
}

static int write_run(inv *v, zs_diag *d)
{
    uint32_t id = (uint32_t)v->run_ids.n;
    char path[4096];
    run_path(v, id, path, sizeof path);
    uint32_t *order;
    int rc = sorted_terms(v, &order);
    if (rc) return rc;
    FILE *f = fopen(path, "wb");
    if (!f) {
        free(order);
        return zs_fail(d, ZS_EIO, "%s: cannot create run file: %s", path, strerror(errno));
    }
    rc = u32vec_push(&v->run_ids, id);
    buf b, s;
    buf_init(&b);
    buf_init(&s);
    for (uint32_t k = 0; k < v->nterms && !rc; k++) {
        const term *t = &v->terms[order[k]];
        buf_reset(&b);
        vi_put(&b, t->len);
        buf_add(&b, v->arena.data + t->text, t->len);
        vi_put(&b, t->df);
        vi_put(&b, t->bytes);
        rc = stream_get(v, t, &s);
        if (!rc && (fwrite(b.data, 1, b.len, f) != b.len || fwrite(s.data, 1, s.len, f) != s.len))
            rc = ZS_EIO;
        v->st.run_bytes += b.len + s.len;
    }
    free(order);
    buf_free(&b);
    buf_free(&s);
    if (fclose(f) != 0 && !rc) rc = ZS_EIO;
    if (rc == ZS_EIO) return zs_fail(d, rc, "%s: cannot write run file: %s", path, strerror(errno));
    if (rc) return rc;
    v->st.runs++;
    reset_memory(v);
    return ZS_OK;
}

static int run_next(run_src *r)
{
    uint64_t len, df, slen;
    uint8_t tmp[VI_MAX_BYTES];
    int c = getc(r->f);
    if (c == EOF) {
        r->valid = 0;
        return ZS_OK;
    }
    /* varints byte by byte from the stream */
    uint64_t *outs[3] = {&len, &df, &slen};
    for (int k = 0; k < 3; k++) {
        int n = 0;
        for (;;) {
            if (c == EOF || n == VI_MAX_BYTES) return ZS_ECORRUPT;
            tmp[n++] = (uint8_t)c;
            if (!(c & 0x80)) break;
            c = getc(r->f);
        }
        const uint8_t *p = tmp;
        if (vi_get(&p, tmp + n, outs[k])) return ZS_ECORRUPT;
        if (k == 0) {
            if (len == 0 || len > DICT_TERM_MAX || fread(r->term, 1, len, r->f) != len)
                return ZS_ECORRUPT;
        }
        if (k < 2) c = getc(r->f);
    }
    if (df == 0 || df > UINT32_MAX || slen > ((uint64_t)1 << 40)) return ZS_ECORRUPT;
    r->len = (size_t)len;
    r->term[r->len] = '\0';
    r->df = (uint32_t)df;
    buf_reset(&r->stream);
    if (buf_grow(&r->stream, (size_t)slen)) return ZS_ENOMEM;
    if (fread(r->stream.data, 1, (size_t)slen, r->f) != slen) return ZS_ECORRUPT;
    r->stream.len = (size_t)slen;
    r->valid = 1;
    return ZS_OK;
}

/* ---- merge ----------------------------------------------------------------- */

typedef struct merger {
    post_writer pw;
    dict_writer dw;
    buf list;
    buf chars;
    uint32_t *mark;    /* per passage: last char group that counted it */
    uint32_t group;    /* current char group id */
    uint32_t group_cp; /* its code point, 0 = none */
    uint32_t group_df;
    uint32_t nchars;
    uint32_t prev_cp;
    u32vec pos;
    uint32_t npassages;
} merger;

static int chars_close_group(merger *m)
{
    if (!m->group_cp) return ZS_OK;
    int rc = vi_put(&m->chars, m->group_cp - m->prev_cp);
    if (!rc) rc = vi_put(&m->chars, m->group_df);
    m->prev_cp = m->group_cp;
    m->nchars++;
    m->group_cp = 0;
    return rc;
}

/* Decode one stream (postings of one term from one source) into the
 * postings writer. */
static int feed_stream(merger *m, const uint8_t *p, size_t n, uint32_t df)
{
    const uint8_t *end = p + n;
    uint32_t expect = 0;
    for (uint32_t k = 0; k < df; k++) {
        uint32_t gap, tf;
        if (vi_get32(&p, end, &gap) || vi_get32(&p, end, &tf) || tf == 0) return ZS_ECORRUPT;
        uint64_t pid = (uint64_t)expect + gap;
        if (pid >= m->npassages) return ZS_ECORRUPT;
        m->pos.n = 0;
        if (u32vec_reserve(&m->pos, tf)) return ZS_ENOMEM;
        uint32_t prev = 0;
        for (uint32_t q = 0; q < tf; q++) {
            uint32_t g;
            if (vi_get32(&p, end, &g)) return ZS_ECORRUPT;
            prev = q ? prev + g + 1 : g;
            m->pos.v[m->pos.n++] = prev;
        }
        int rc = post_add(&m->pw, (uint32_t)pid, tf, m->pos.v);
        if (rc) return rc == ZS_EINVAL ? ZS_ECORRUPT : rc;
        if (m->group_cp && m->mark[pid] != m->group) {
            m->mark[pid] = m->group;
            m->group_df++;
        }
        expect = (uint32_t)pid + 1;
    }
    return p == end ? ZS_OK : ZS_ECORRUPT;
}

/* Start the char group of a term (CJK first character) if it changes. */
static int chars_term(merger *m, const char *t, size_t len)
{
    uint32_t cp;
    int k = u8_decode((const uint8_t *)t, (const uint8_t *)t + len, &cp);
    int cjk = k > 0 && (uint8_t)t[0] >= 0x20 && uc_class_of(cp) == UC_CJK;
    if (!cjk) return chars_close_group(m);
    if (cp == m->group_cp) return ZS_OK;
    int rc = chars_close_group(m);
    m->group_cp = cp;
    m->group_df = 0;
    m->group++;
    return rc;
}

int inv_finish(inv *v, const uint32_t *dl, uint32_t npassages, zf_writer *zw, uint32_t sec_post,
               uint32_t sec_terms, uint32_t sec_index, uint32_t sec_chars, zs_diag *d)
{
    if (v->open) return ZS_EINVAL;
    merger m;
    memset(&m, 0, sizeof m);
    post_writer_init(&m.pw, dl);
    dict_writer_init(&m.dw);
    buf_init(&m.list);
    buf_init(&m.chars);
    u32vec_init(&m.pos);
    m.npassages = npassages;
    m.mark = calloc(npassages ? npassages : 1, sizeof *m.mark);
    size_t nruns = v->run_ids.n;
    run_src *runs = calloc(nruns ? nruns : 1, sizeof *runs);
    uint32_t *order = NULL;
    int rc = (!m.mark || !runs) ? ZS_ENOMEM : sorted_terms(v, &order);
    for (size_t i = 0; i < nruns && !rc; i++) {
        char path[4096];
        run_path(v, v->run_ids.v[i], path, sizeof path);
        runs[i].f = fopen(path, "rb");
        buf_init(&runs[i].stream);
        if (!runs[i].f) {
            rc = zs_fail(d, ZS_EIO, "%s: cannot open run file: %s", path, strerror(errno));
            break;
        }
        runs[i].iobuf = malloc(RUN_IOBUF);
        if (runs[i].iobuf) setvbuf(runs[i].f, runs[i].iobuf, _IOFBF, RUN_IOBUF);
        rc = run_next(&runs[i]);
    }
    if (!rc) rc = zf_section_begin(zw, sec_post);
    uint32_t mi = 0; /* next in-memory term (in sorted order) */
    buf memstream;
    buf_init(&memstream);
    while (!rc) {
        /* the smallest term among the runs and memory */
        const char *best = NULL;
        size_t blen = 0;
        for (size_t i = 0; i < nruns; i++) {
            if (!runs[i].valid) continue;
            size_t ml = runs[i].len < blen ? runs[i].len : blen;
            int c = best ? memcmp(runs[i].term, best, ml) : -1;
            if (!best || c < 0 || (c == 0 && runs[i].len < blen)) {
                best = runs[i].term;
                blen = runs[i].len;
            }
        }
        const term *mt = mi < v->nterms ? &v->terms[order[mi]] : NULL;
        if (mt) {
            const char *ms = v->arena.data + mt->text;
            size_t ml = mt->len < blen ? mt->len : blen;
            int c = best ? memcmp(ms, best, ml) : -1;
            if (!best || c < 0 || (c == 0 && mt->len < blen)) {
                best = ms;
                blen = mt->len;
            }
        }
        if (!best) break;
        char key[DICT_TERM_MAX + 1];
        memcpy(key, best, blen);
        rc = chars_term(&m, key, blen);
        post_begin(&m.pw);
        for (size_t i = 0; i < nruns && !rc; i++) {
            if (!runs[i].valid || runs[i].len != blen || memcmp(runs[i].term, key, blen)) continue;
            rc = feed_stream(&m, (const uint8_t *)runs[i].stream.data, runs[i].stream.len,
                             runs[i].df);
            if (!rc) rc = run_next(&runs[i]);
        }
        if (!rc && mt && mt->len == blen && memcmp(v->arena.data + mt->text, key, blen) == 0) {
            rc = stream_get(v, mt, &memstream);
            if (!rc) rc = feed_stream(&m, (const uint8_t *)memstream.data, memstream.len, mt->df);
            mi++;
        }
        uint32_t df = 0, flags = 0;
        buf_reset(&m.list);
        if (!rc) rc = post_end(&m.pw, &m.list, &df, &flags);
        if (!rc) rc = zf_write(zw, m.list.data, m.list.len);
        if (!rc) rc = dict_add(&m.dw, key, blen, df, flags, m.list.len);
        v->st.terms++;
        v->st.postings += df;
    }
    if (rc == ZS_ECORRUPT) zs_fail(d, rc, "%s: run file damaged while merging", v->tmpdir);
    if (!rc) rc = chars_close_group(&m);
    if (!rc) rc = zf_section_end(zw);
    if (!rc) rc = dict_write(&m.dw, zw, sec_terms, sec_index);
    if (!rc) rc = zf_section_begin(zw, sec_chars);
    uint8_t cnt[4];
    le_put32(cnt, m.nchars);
    if (!rc) rc = zf_write(zw, cnt, 4);
    if (!rc) rc = zf_write(zw, m.chars.data, m.chars.len);
    if (!rc) rc = zf_section_end(zw);
    for (size_t i = 0; i < nruns; i++) {
        if (runs[i].f) fclose(runs[i].f);
        free(runs[i].iobuf);
        buf_free(&runs[i].stream);
    }
    free(runs);
    free(order);
    free(m.mark);
    buf_free(&memstream);
    buf_free(&m.list);
    buf_free(&m.chars);
    u32vec_free(&m.pos);
    post_writer_free(&m.pw);
    dict_writer_free(&m.dw);
    return rc;
}

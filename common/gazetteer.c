/* gazetteer.c - place names to division codes (see gazetteer.h).
 *
 * Lookup structure.  Every distinct name is a `gtext`; texts are grouped by
 * their first two code points (the "key") and, within a group, ordered
 * longest first, so the first text of a group that matches at a position is
 * the longest match there.  Keys go to an open-addressing hash table.  In
 * front of it a bitmap of hashed keys (8 KB, in L1) rejects almost every
 * position of ordinary text with one load; only positions whose first two
 * code points begin some name reach the table.  The idea is the q-gram
 * filter of multi-pattern matchers (Wu-Manber), with q = 2 code points.
 *
 * Edge rules (under a thousand) are consulted only at a candidate match, so
 * they sit in an array sorted by (side, code points) and are binary-searched.
 */
#include "gazetteer.h"

#include "err.h"
#include "uchar.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

/* Bits in the key filter: a power of two; 2^16 bits = 8 KB.  The 3,000 keys
 * of the 5,200 names set under 5% of the bits; in news text 1.6% of the
 * positions begin with a key, so about one in sixteen passes the filter. */
#define FILTER_BITS 16
/* Hash slots per key, at least: a load factor of one half or less keeps
 * probes short. */
#define SLOTS_PER_KEY 2
/* Code points live below 2^21, so two of them fit in a 42-bit key. */
#define CP_BITS 21
/* Province codes are two digits. */
#define NPROV 100

typedef struct gtext {
    const char *s;
    uint32_t len;      /* bytes */
    uint32_t first_cp; /* for the left edge */
    uint32_t last_cp;  /* for the right edge */
    uint32_t cand;     /* index of its first candidate */
    uint16_t ncands;   /* 1..GAZ_MAX_CANDS */
    uint8_t form;      /* strongest form of its candidates */
    uint64_t key;      /* first two code points */
} gtext;

typedef struct gslot {
    uint64_t key; /* 0: empty (no real key is 0: names start with a CJK character) */
    uint32_t first, n;
} gslot;

typedef struct gedge {
    uint64_t key; /* side << 42 | cp1 << 21 | cp2 */
    int32_t only; /* text index, -1 for every text */
    uint8_t kind; /* GAZ_EDGE_* */
} gedge;

typedef struct gfollow {
    const char *w;
    size_t len;
    int32_t only;
    uint8_t verdict;
} gfollow;

struct gaz {
    gtext *texts;
    size_t ntexts;
    gaz_cand *cands;
    gslot *slots;
    size_t mask; /* slots - 1 */
    gedge *edges;
    size_t nedges;
    gfollow *follows; /* longest first */
    size_t nfollows;
    const gaz_unit **cities;    /* prefecture-level units by (province, code) */
    uint32_t prov_first[NPROV]; /* their range per province */
    uint32_t prov_n[NPROV];
    size_t count[4]; /* units per level */
    uint64_t filter[(1u << FILTER_BITS) / 64];
};

/* Decode one code point at p (p < end), never reading past end.  Malformed
 * bytes decode as U+FFFD one byte at a time. */
static inline int next_cp(const uint8_t *p, const uint8_t *end, uint32_t *cp)
{
    uint8_t c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    if (c >= 0xE0 && c < 0xF0 && end - p >= 3 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(c & 0x0F) << 12) | ((uint32_t)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
        return 3;
    }
    if (c >= 0xC2 && c < 0xE0 && end - p >= 2 && (p[1] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(c & 0x1F) << 6) | (p[1] & 0x3F);
        return 2;
    }
    if (c >= 0xF0 && c < 0xF5 && end - p >= 4 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
        (p[3] & 0xC0) == 0x80) {
        *cp = ((uint32_t)(c & 0x07) << 18) | ((uint32_t)(p[1] & 0x3F) << 12) |
              ((uint32_t)(p[2] & 0x3F) << 6) | (p[3] & 0x3F);
        return 4;
    }
    *cp = 0xFFFD;
    return 1;
}

static inline uint64_t mkkey(uint32_t a, uint32_t b)
{
    return ((uint64_t)a << CP_BITS) | b;
}

/* Fibonacci hashing (Knuth, TAOCP 6.4): the top bits of key * 2^64/phi. */
static inline uint64_t khash(uint64_t key)
{
    return key * 0x9E3779B97F4A7C15ull;
}

static inline int filter_has(const gaz *g, uint64_t key)
{
    uint64_t h = khash(key) >> (64 - FILTER_BITS);
    return (int)((g->filter[h >> 6] >> (h & 63)) & 1);
}

static const gslot *find_slot(const gaz *g, uint64_t key)
{
    size_t i = (size_t)(khash(key) >> 20) & g->mask;
    while (g->slots[i].key) {
        if (g->slots[i].key == key) return &g->slots[i];
        i = (i + 1) & g->mask;
    }
    return NULL;
}

/* Key of a name: its first two code points (every name has two or more). */
static uint64_t text_key(const char *s, size_t len, uint32_t *first)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + len;
    uint32_t a, b = 0;
    int n = next_cp(p, end, &a);
    if (p + n < end) next_cp(p + n, end, &b);
    *first = a;
    return mkkey(a, b);
}

static uint32_t last_cp(const char *s, size_t len)
{
    size_t i = len;
    while (i > 0 && ((uint8_t)s[i - 1] & 0xC0) == 0x80) i--;
    uint32_t cp = 0;
    if (i > 0) next_cp((const uint8_t *)s + i - 1, (const uint8_t *)s + len, &cp);
    return cp;
}

/* Index of the text s[0, len), or -1. */
static long find_text(const gaz *g, const char *s, size_t len)
{
    if (len < 2) return -1;
    uint32_t first;
    const gslot *sl = find_slot(g, text_key(s, len, &first));
    if (!sl) return -1;
    for (uint32_t i = sl->first; i < sl->first + sl->n; i++) {
        const gtext *t = &g->texts[i];
        if (t->len == len && memcmp(t->s, s, len) == 0) return (long)i;
    }
    return -1;
}

static int cmp_text(const void *a, const void *b)
{
    const gtext *x = a, *y = b;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    if (x->len != y->len) return x->len > y->len ? -1 : 1; /* longest first */
    return strcmp(x->s, y->s);
}

static int cmp_cand(const void *a, const void *b)
{
    const gaz_cand *x = a, *y = b;
    if (x->unit->level != y->unit->level) return x->unit->level < y->unit->level ? -1 : 1;
    return x->unit->code < y->unit->code ? -1 : x->unit->code > y->unit->code;
}

static int cmp_edge(const void *a, const void *b)
{
    const gedge *x = a, *y = b;
    return x->key < y->key ? -1 : x->key > y->key;
}

static int cmp_follow(const void *a, const void *b)
{
    const gfollow *x = a, *y = b;
    return x->len > y->len ? -1 : x->len < y->len;
}

static int cmp_city(const void *a, const void *b)
{
    const gaz_unit *x = *(const gaz_unit *const *)a, *y = *(const gaz_unit *const *)b;
    if (x->province != y->province) return x->province < y->province ? -1 : 1;
    return x->code < y->code ? -1 : x->code > y->code;
}

/* Texts and candidates from gaz_names (sorted by text, so equal texts are
 * adjacent). */
static int build_texts(gaz *g)
{
    g->cands = malloc(gaz_nnames * sizeof *g->cands);
    g->texts = malloc(gaz_nnames * sizeof *g->texts);
    if (!g->cands || !g->texts) return ZS_ENOMEM;
    size_t nt = 0;
    for (size_t i = 0; i < gaz_nnames;) {
        size_t j = i;
        gtext *t = &g->texts[nt++];
        t->s = gaz_names[i].text;
        t->len = (uint32_t)strlen(t->s);
        t->cand = (uint32_t)i;
        t->form = GAZ_GATED;
        for (; j < gaz_nnames && strcmp(gaz_names[j].text, t->s) == 0; j++) {
            assert(gaz_names[j].unit < gaz_nunits);
            g->cands[j].unit = &gaz_units[gaz_names[j].unit];
            g->cands[j].form = (gaz_form)gaz_names[j].form;
            if (gaz_names[j].form < t->form) t->form = gaz_names[j].form;
        }
        assert(j - i >= 1 && j - i <= GAZ_MAX_CANDS && t->len >= 2);
        t->ncands = (uint16_t)(j - i);
        qsort(&g->cands[i], j - i, sizeof *g->cands, cmp_cand);
        t->key = text_key(t->s, t->len, &t->first_cp);
        t->last_cp = last_cp(t->s, t->len);
        i = j;
    }
    g->ntexts = nt;
    qsort(g->texts, nt, sizeof *g->texts, cmp_text);
    return ZS_OK;
}

static int build_table(gaz *g)
{
    size_t nslots = 1;
    while (nslots < g->ntexts * SLOTS_PER_KEY) nslots <<= 1;
    g->slots = calloc(nslots, sizeof *g->slots);
    if (!g->slots) return ZS_ENOMEM;
    g->mask = nslots - 1;
    for (size_t i = 0; i < g->ntexts;) {
        size_t j = i;
        while (j < g->ntexts && g->texts[j].key == g->texts[i].key) j++;
        uint64_t key = g->texts[i].key, h = khash(key);
        size_t s = (size_t)(h >> 20) & g->mask;
        while (g->slots[s].key) s = (s + 1) & g->mask;
        g->slots[s] = (gslot){key, (uint32_t)i, (uint32_t)(j - i)};
        h >>= 64 - FILTER_BITS;
        g->filter[h >> 6] |= 1ull << (h & 63);
        i = j;
    }
    return ZS_OK;
}

/* The text an edge or follow rule is limited to: -1 for "", else its index
 * (the generator checked that it is a name). */
static int32_t only_index(const gaz *g, const char *only)
{
    if (!*only) return -1;
    long i = find_text(g, only, strlen(only));
    assert(i >= 0);
    return (int32_t)i;
}

static int build_rules(gaz *g)
{
    g->edges = malloc((gaz_nedges ? gaz_nedges : 1) * sizeof *g->edges);
    g->follows = malloc((gaz_nfollows ? gaz_nfollows : 1) * sizeof *g->follows);
    if (!g->edges || !g->follows) return ZS_ENOMEM;
    for (size_t i = 0; i < gaz_nedges; i++) {
        const gaz_edge_rec *r = &gaz_edges[i];
        uint32_t a;
        uint64_t key = text_key(r->bigram, strlen(r->bigram), &a);
        uint64_t side =
            r->kind == GAZ_EDGE_LEFT || r->kind == GAZ_EDGE_KEEP ? GAZ_EDGE_LEFT : GAZ_EDGE_RIGHT;
        g->edges[i] = (gedge){side << (2 * CP_BITS) | key, only_index(g, r->only), r->kind};
    }
    g->nedges = gaz_nedges;
    qsort(g->edges, g->nedges, sizeof *g->edges, cmp_edge);
    for (size_t i = 0; i < gaz_nfollows; i++) {
        const gaz_follow_rec *r = &gaz_follows[i];
        g->follows[i] = (gfollow){r->word, strlen(r->word), only_index(g, r->only), r->verdict};
    }
    g->nfollows = gaz_nfollows;
    qsort(g->follows, g->nfollows, sizeof *g->follows, cmp_follow);
    return ZS_OK;
}

static int build_units(gaz *g)
{
    size_t ncity = 0;
    for (size_t i = 0; i < gaz_nunits; i++) {
        const gaz_unit *u = &gaz_units[i];
        assert(i == 0 || gaz_units[i - 1].code < u->code);
        assert(u->level >= GAZ_PROVINCE && u->level <= GAZ_COUNTY && u->province < NPROV);
        g->count[u->level]++;
        if (u->level == GAZ_CITY) ncity++;
    }
    g->cities = malloc((ncity ? ncity : 1) * sizeof *g->cities);
    if (!g->cities) return ZS_ENOMEM;
    size_t n = 0;
    for (size_t i = 0; i < gaz_nunits; i++)
        if (gaz_units[i].level == GAZ_CITY) g->cities[n++] = &gaz_units[i];
    qsort(g->cities, n, sizeof *g->cities, cmp_city);
    for (size_t i = 0; i < n; i++) {
        uint32_t p = g->cities[i]->province;
        if (!g->prov_n[p]) g->prov_first[p] = (uint32_t)i;
        g->prov_n[p]++;
    }
    return ZS_OK;
}

int gaz_open(gaz **out)
{
    *out = NULL;
    gaz *g = calloc(1, sizeof *g);
    if (!g) return ZS_ENOMEM;
    int rc = build_units(g);
    if (!rc) rc = build_texts(g);
    if (!rc) rc = build_table(g);
    if (!rc) rc = build_rules(g);
    if (rc) {
        gaz_free(g);
        return rc;
    }
    *out = g;
    return ZS_OK;
}

void gaz_free(gaz *g)
{
    if (!g) return;
    free(g->texts);
    free(g->cands);
    free(g->slots);
    free(g->edges);
    free(g->follows);
    free(g->cities);
    free(g);
}

/* The strictest kind of the edge rules on (side, a, b) that apply to text
 * `ti`; 0 when none, or when a keep rule names `ti`. */
static int edge_kind(const gaz *g, int side, uint32_t a, uint32_t b, int32_t ti)
{
    uint64_t key = (uint64_t)side << (2 * CP_BITS) | mkkey(a, b);
    size_t lo = 0, hi = g->nedges;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->edges[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    int kind = 0;
    for (size_t i = lo; i < g->nedges && g->edges[i].key == key; i++) {
        const gedge *e = &g->edges[i];
        if (e->kind == GAZ_EDGE_KEEP && e->only == ti) return 0;
        if (e->kind != GAZ_EDGE_KEEP && (e->only < 0 || e->only == ti) && e->kind > kind)
            kind = e->kind;
    }
    return kind;
}

/* 1 when the bytes at p make the SHORT text `ti` part of a street or place
 * name: the longest follow word there decides. */
static int is_street(const gaz *g, const uint8_t *p, size_t avail, int32_t ti)
{
    for (size_t i = 0; i < g->nfollows; i++) {
        const gfollow *f = &g->follows[i];
        if (f->len <= avail && (f->only < 0 || f->only == ti) && memcmp(p, f->w, f->len) == 0)
            return f->verdict == GAZ_FOLLOW_STREET;
    }
    return 0;
}

/* Does candidate `c` of a GATED name lie in the unit one of the previous
 * mention's candidates pc[0, pn) names (its province, or its city)? */
static int gate_passes(const gaz_cand *c, const gaz_cand *pc, size_t pn)
{
    for (size_t k = 0; k < pn; k++) {
        const gaz_unit *p = pc[k].unit;
        if (p->level == GAZ_PROVINCE ? c->unit->province == p->province
                                     : p->level == GAZ_CITY && c->unit->city == p->code)
            return 1;
    }
    return 0;
}

/* Copy the candidates of GATED text t that pass the gate of the previous
 * mention pc[0, pn) to out[]; their number (0: the gate is shut). */
static size_t gate_open(const gaz *g, const gtext *t, const gaz_cand *pc, size_t pn,
                        gaz_cand out[GAZ_MAX_CANDS])
{
    size_t n = 0;
    for (uint32_t k = 0; k < t->ncands; k++)
        if (gate_passes(&g->cands[t->cand + k], pc, pn)) {
            out[n] = g->cands[t->cand + k];
            out[n++].form = GAZ_SHORT;
        }
    return n;
}

/* The name accepted at byte i of s[0, len), or NULL.  `key` is the key at i,
 * `prev` the code point before i, `after` whether a mention ends at i (then
 * pc[0, pn) are its candidates, which a GATED name needs: its own passing
 * ones are copied to gated[], *ngated of them).  *yielded is set when the
 * name is a FULL name that found no shorter one to yield to (it then does
 * not beat an overlapping SHORT name). */
static const gtext *best(const gaz *g, const uint8_t *s, size_t len, size_t i, uint64_t key,
                         uint32_t prev, int after, const gaz_cand *pc, size_t pn,
                         gaz_cand gated[GAZ_MAX_CANDS], size_t *ngated, int *yielded_out)
{
    *yielded_out = 0;
    if (!filter_has(g, key)) return NULL;
    const gslot *sl = find_slot(g, key);
    if (!sl) return NULL;
    const gtext *yielded = NULL;
    for (uint32_t k = sl->first; k < sl->first + sl->n; k++) {
        const gtext *t = &g->texts[k];
        int32_t ti = (int32_t)k;
        if (t->len > len - i || memcmp(s + i, t->s, t->len) != 0) continue;
        if (t->form == GAZ_GATED && !(after && (*ngated = gate_open(g, t, pc, pn, gated))))
            continue;
        if (i > 0 && !after && edge_kind(g, GAZ_EDGE_LEFT, prev, t->first_cp, ti)) continue;
        size_t j = i + t->len;
        if (j < len) {
            uint32_t next;
            next_cp(s + j, s + len, &next);
            int kind = edge_kind(g, GAZ_EDGE_RIGHT, t->last_cp, next, ti);
            if (kind == GAZ_EDGE_RIGHT_STRICT || (kind && t->form != GAZ_FULL)) continue;
            if (kind) { /* a FULL name yields to a shorter one, if any */
                if (!yielded) yielded = t;
                continue;
            }
        }
        if (t->form != GAZ_FULL && is_street(g, s + j, len - j, ti)) continue;
        return t;
    }
    *yielded_out = yielded != NULL;
    return yielded;
}

/* 1 when a FULL name starts inside the SHORT match [i, end) and ends after
 * it, without an edge conflict of its own; `n1` is the length of the code
 * point at i. */
static int overlapped(const gaz *g, const uint8_t *s, size_t len, size_t i, int n1, size_t end)
{
    uint32_t prev, a, b;
    next_cp(s + i, s + len, &prev);
    for (size_t k = i + (size_t)n1; k < end;) {
        int na = next_cp(s + k, s + len, &a);
        if (k + (size_t)na >= len) break;
        next_cp(s + k + na, s + len, &b);
        int yielded;
        size_t ng = 0;
        gaz_cand gated[GAZ_MAX_CANDS];
        const gtext *u = best(g, s, len, k, mkkey(a, b), prev, 0, NULL, 0, gated, &ng, &yielded);
        if (u && !yielded && u->form == GAZ_FULL && k + u->len > end) return 1;
        prev = a;
        k += (size_t)na;
    }
    return 0;
}

int gaz_scan(const gaz *g, const char *text, size_t len, gaz_fn fn, void *ctx)
{
    const uint8_t *s = (const uint8_t *)text, *end = s + len;
    size_t i = 0;
    uint32_t prev = 0, a, b;
    int after = 0;
    const gaz_cand *pc = NULL; /* the candidates of the mention ending at i */
    size_t pn = 0;
    gaz_cand gated[GAZ_MAX_CANDS], prevbuf[GAZ_MAX_CANDS];
    if (len == 0) return ZS_OK;
    int na = next_cp(s, end, &a);
    while (i + (size_t)na < len) {
        int nb = next_cp(s + i + na, end, &b);
        uint64_t key = mkkey(a, b);
        if (filter_has(g, key)) {
            int yielded;
            size_t ng = 0;
            const gtext *t = best(g, s, len, i, key, prev, after, pc, pn, gated, &ng, &yielded);
            if (t && t->form != GAZ_FULL && overlapped(g, s, len, i, na, i + t->len)) t = NULL;
            if (t) {
                gaz_mention m = {i, i + t->len, (gaz_form)t->form, &g->cands[t->cand], t->ncands};
                if (t->form == GAZ_GATED) {
                    m.form = GAZ_SHORT;
                    m.cands = gated;
                    m.ncands = ng;
                }
                int rc = fn(ctx, &m);
                if (rc) return rc;
                if (m.cands == gated) /* the next gate reads it while writing gated */
                    m.cands = memcpy(prevbuf, gated, m.ncands * sizeof *gated);
                pc = m.cands;
                pn = m.ncands;
                i += t->len;
                after = 1;
                prev = t->last_cp;
                if (i >= len) break;
                na = next_cp(s + i, end, &a);
                continue;
            }
        }
        prev = a;
        after = 0;
        i += (size_t)na;
        a = b;
        na = nb;
    }
    return ZS_OK;
}

int gaz_lookup(const gaz *g, const char *s, size_t len, const gaz_cand **cands, size_t *n)
{
    long i = find_text(g, s, len);
    if (i < 0) return ZS_ENOTFOUND;
    *cands = &g->cands[g->texts[i].cand];
    *n = g->texts[i].ncands;
    return ZS_OK;
}

const gaz_cand *gaz_pick(const gaz_cand *cands, size_t n, uint32_t province, uint32_t city)
{
    if (n == 0) return NULL;
    for (size_t i = 0; city && i < n; i++)
        if (cands[i].unit->code == city || cands[i].unit->city == city) return &cands[i];
    for (size_t i = 0; province && i < n; i++)
        if (cands[i].unit->province == province) return &cands[i];
    return &cands[0];
}

static const gaz_unit nation_unit = {GAZ_NATION_CODE, 0, 0, GAZ_NATION, "全国", "全国"};

int gaz_unit_by_code(const gaz *g, uint32_t code, const gaz_unit **out)
{
    (void)g;
    if (code == GAZ_NATION_CODE) {
        *out = &nation_unit;
        return ZS_OK;
    }
    size_t lo = 0, hi = gaz_nunits;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (gaz_units[mid].code < code)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == gaz_nunits || gaz_units[lo].code != code) return ZS_ENOTFOUND;
    *out = &gaz_units[lo];
    return ZS_OK;
}

const gaz_unit *gaz_units_all(const gaz *g, size_t *n)
{
    (void)g;
    *n = gaz_nunits;
    return gaz_units;
}

size_t gaz_count(const gaz *g, gaz_level level)
{
    return level >= GAZ_PROVINCE && level <= GAZ_COUNTY ? g->count[level] : 0;
}

/* Add a city code to the resolution, keeping it ascending and unique. */
static int add_city(gaz_resolution *r, uint32_t code)
{
    size_t i = 0;
    while (i < r->ncities && r->cities[i] < code) i++;
    if (i < r->ncities && r->cities[i] == code) return ZS_OK;
    if (r->ncities == GAZ_MAX_CITIES) return ZS_ETOOBIG;
    memmove(&r->cities[i + 1], &r->cities[i], (r->ncities - i) * sizeof r->cities[0]);
    r->cities[i] = code;
    r->ncities++;
    return ZS_OK;
}

static int add_unit(const gaz *g, gaz_resolution *r, const gaz_unit *u)
{
    r->units[r->nunits++] = u;
    if (u->level == GAZ_NATION) return ZS_OK;
    if (u->level != GAZ_PROVINCE) return add_city(r, u->city);
    for (uint32_t i = 0; i < g->prov_n[u->province]; i++) {
        int rc = add_city(r, g->cities[g->prov_first[u->province] + i]->code);
        if (rc) return rc;
    }
    return ZS_OK;
}

/* Chongqing's second pseudo-city (counties, 5002) was folded into 5001. */
#define CHONGQING_COUNTIES 5002u
#define CHONGQING_CITY     5001u

int gaz_resolve(const gaz *g, const char *s, size_t len, gaz_resolution *out)
{
    out->nunits = out->ncities = 0;
    if (len == 0) return ZS_EINVAL;
    if ((len == 1 && s[0] == '1') ||
        (len == strlen(nation_unit.name) && !memcmp(s, nation_unit.name, len)))
        return add_unit(g, out, &nation_unit);
    /* a code: 2, 4 or 6 digits, no leading 0 */
    size_t digits = 0;
    uint32_t code = 0;
    while (digits < len && digits < 6 && s[digits] >= '0' && s[digits] <= '9')
        code = code * 10 + (uint32_t)(s[digits++] - '0');
    if (digits == len && s[0] != '0') {
        const gaz_unit *u;
        if (len != 2 && len != 4 && len != 6) return ZS_ENOTFOUND;
        if (code == CHONGQING_COUNTIES) code = CHONGQING_CITY;
        if (gaz_unit_by_code(g, code, &u)) return ZS_ENOTFOUND;
        return add_unit(g, out, u);
    }
    /* 鄭州 is 郑州: names are looked up in the simplified fold (uchar.h) */
    char folded[GAZ_RESOLVE_MAX];
    if (len < sizeof folded && uc_t2s_any(s, len)) {
        memcpy(folded, s, len);
        uc_t2s_utf8(folded, len);
        s = folded;
    }
    const gaz_cand *c;
    size_t n;
    int rc = gaz_lookup(g, s, len, &c, &n);
    for (size_t i = 0; !rc && i < n; i++) rc = add_unit(g, out, c[i].unit);
    return rc;
}

void gaz_cities_first(uint32_t *codes, size_t n)
{
    size_t k = 0;
    uint32_t prov[64];
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        if (codes[i] >= 100)
            codes[k++] = codes[i];
        else if (np < sizeof prov / sizeof *prov)
            prov[np++] = codes[i];
    }
    for (size_t i = 0; i < np && k < n; i++) codes[k++] = prov[i];
}

/* wset.c - word lists indexed by first and last code point (see wset.h).
 *
 * Layout: the words' code points one after another in `cps` (word k at
 * cps[off[k], off[k] + len[k])); for each side (first, last) an
 * open-addressing table of code points (Fibonacci hashing, linear probing,
 * at most half full) whose slot holds the run [start, start + count) of
 * `order` listing the words with that code point, in list order.  All of
 * it is one allocation. */
#include "wset.h"

#include "err.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

/* An empty slot's key: no code point is this large. */
#define SLOT_EMPTY 0xFFFFFFFFu
/* Fewest slots of a side's table. */
#define SLOTS_MIN_BITS 3

typedef struct slot {
    uint32_t key;
    uint16_t start, count;
} slot;

typedef struct side {
    slot *slots;
    uint16_t *order;
    unsigned bits; /* log2 of the number of slots */
} side;

struct wset {
    uint32_t *cps;
    uint32_t *off;
    uint16_t *len;
    size_t n;
    side first, last;
};

static uint32_t slot_of(uint32_t key, unsigned bits)
{
    return (uint32_t)(key * 2654435761u) >> (32 - bits);
}

/* The slot holding key, or the empty slot where it would go. */
static slot *side_find(const side *d, uint32_t key)
{
    uint32_t mask = (1u << d->bits) - 1;
    for (uint32_t h = slot_of(key, d->bits);; h = (h + 1) & mask) {
        slot *sl = &d->slots[h];
        if (sl->key == key || sl->key == SLOT_EMPTY) return sl;
    }
}

/* The key of word k on one side: its first or last code point. */
static uint32_t word_key(const wset *s, size_t k, int last)
{
    return s->cps[s->off[k] + (last ? s->len[k] - 1u : 0u)];
}

/* Build one side's table (its slots and order already allocated): count
 * the words of each key, give each key its run of `order`, then fill the
 * runs in list order. */
static void side_build(wset *s, side *d, int last)
{
    for (size_t h = 0; h < ((size_t)1 << d->bits); h++)
        d->slots[h] = (slot){.key = SLOT_EMPTY, .start = 0, .count = 0};
    for (size_t k = 0; k < s->n; k++) {
        if (!s->len[k]) continue;
        slot *sl = side_find(d, word_key(s, k, last));
        sl->key = word_key(s, k, last);
        sl->count++;
    }
    uint16_t next = 0;
    for (size_t h = 0; h < ((size_t)1 << d->bits); h++) {
        if (d->slots[h].key == SLOT_EMPTY) continue;
        d->slots[h].start = next;
        next = (uint16_t)(next + d->slots[h].count);
        d->slots[h].count = 0;
    }
    for (size_t k = 0; k < s->n; k++) {
        if (!s->len[k]) continue;
        slot *sl = side_find(d, word_key(s, k, last));
        d->order[sl->start + sl->count++] = (uint16_t)k;
    }
}

/* The k-th word of the list at first (stride bytes apart). */
static const char *word_of(const char *const *first, size_t stride, size_t k)
{
    return *(const char *const *)((const char *)first + k * stride);
}

/* Decode the words into s->cps, s->off and s->len (room for them made). */
static void decode_words(wset *s, const char *const *first, size_t stride)
{
    size_t at = 0;
    for (size_t k = 0; k < s->n; k++) {
        const uint8_t *p = (const uint8_t *)word_of(first, stride, k);
        s->off[k] = (uint32_t)at;
        while (*p) p += u8_next(p, &s->cps[at++]);
        s->len[k] = (uint16_t)(at - s->off[k]);
    }
}

int wset_new(const char *const *first, size_t n, size_t stride, wset **out)
{
    *out = NULL;
    if (n > WSET_MAX_WORDS) return ZS_EINVAL;
    size_t bytes = 0; /* of all the words: at least their code points */
    for (size_t k = 0; k < n; k++) {
        if (!word_of(first, stride, k)) return ZS_EINVAL;
        bytes += strlen(word_of(first, stride, k));
    }
    unsigned bits = SLOTS_MIN_BITS;
    while ((1u << bits) < 2 * n) bits++;
    /* one block, widest members first so each stays aligned: the set, the
     * two sides' slots, the code points and offsets, the lengths and the
     * two orders (a build makes a few dozen sets: one allocation each) */
    size_t nslots = (size_t)1 << bits;
    wset *s = malloc(sizeof *s + 2 * nslots * sizeof(slot) + (bytes + n) * sizeof(uint32_t) +
                     3 * n * sizeof(uint16_t));
    if (!s) return ZS_ENOMEM;
    s->n = n;
    s->first.bits = s->last.bits = bits;
    s->first.slots = (slot *)(s + 1);
    s->last.slots = s->first.slots + nslots;
    s->cps = (uint32_t *)(s->last.slots + nslots);
    s->off = s->cps + bytes;
    s->len = (uint16_t *)(s->off + n);
    s->first.order = s->len + n;
    s->last.order = s->first.order + n;
    decode_words(s, first, stride);
    side_build(s, &s->first, 0);
    side_build(s, &s->last, 1);
    *out = s;
    return ZS_OK;
}

void wset_free(wset *s)
{
    free(s);
}

/* Does word k occupy cp[at, at + len[k])?  The caller checked the bounds. */
static int word_is(const wset *s, size_t k, const uint32_t *cp, size_t at)
{
    const uint32_t *w = s->cps + s->off[k];
    for (size_t j = 0; j < s->len[k]; j++)
        if (cp[at + j] != w[j]) return 0;
    return 1;
}

size_t wset_at_from(const wset *s, const uint32_t *cp, size_t n, size_t i, size_t from,
                    size_t *which)
{
    if (i >= n) return 0;
    const slot *sl = side_find(&s->first, cp[i]);
    for (size_t r = 0; r < sl->count; r++) {
        size_t k = s->first.order[sl->start + r];
        if (k >= from && s->len[k] <= n - i && word_is(s, k, cp, i)) {
            if (which) *which = k;
            return s->len[k];
        }
    }
    return 0;
}

size_t wset_before_from(const wset *s, const uint32_t *cp, size_t i, size_t from, size_t *which)
{
    if (!i) return 0;
    const slot *sl = side_find(&s->last, cp[i - 1]);
    for (size_t r = 0; r < sl->count; r++) {
        size_t k = s->last.order[sl->start + r];
        if (k >= from && s->len[k] <= i && word_is(s, k, cp, i - s->len[k])) {
            if (which) *which = k;
            return s->len[k];
        }
    }
    return 0;
}

size_t wset_at(const wset *s, const uint32_t *cp, size_t n, size_t i, size_t *which)
{
    return wset_at_from(s, cp, n, i, 0, which);
}

size_t wset_before(const wset *s, const uint32_t *cp, size_t i, size_t *which)
{
    return wset_before_from(s, cp, i, 0, which);
}

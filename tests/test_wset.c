/* test_wset.c - the indexed word lists (wset.h) and the indexed unit tables
 * (qty_scan_ix) against the scans they replace: random lists and texts
 * over a small alphabet (so that words share first and last code points
 * and prefixes, and match often), every position compared with a scan of
 * the list by qty_word_at and qty_word_before. */
#include "err.h"
#include "qty.h"
#include "test.h"
#include "utf8.h"
#include "wset.h"

#include <stdint.h>
#include <stdlib.h>

/* Lists and texts: ASCII, two-, three- and four-byte code points, some of
 * them the first two bytes of others (qty_word_at's quick test). */
static const uint32_t alphabet[] = {'a',    'b',    ' ',    0xE9,   0x4E00,  0x4E01, 0x4E2D,
                                    0x5E74, 0x4E07, 0x5143, 0x3002, 0x1F600, '1',    '%'};
#define NALPHA     (sizeof alphabet / sizeof alphabet[0])
#define WORDS_MAX  40
#define WORD_CPS   4
#define TEXT_CPS   64
#define ITERATIONS 400

/* xorshift64*: deterministic test data */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

/* A random word of 0 to WORD_CPS code points (empty ones too: they never
 * match) from the first `alpha` letters, as UTF-8 into out. */
static void random_word(uint64_t *s, size_t alpha, char *out)
{
    size_t len = rnd(s) % (WORD_CPS + 1), at = 0;
    if (len == 0 && rnd(s) % 4) len = 1;
    for (size_t k = 0; k < len; k++)
        at += (size_t)u8_encode(alphabet[rnd(s) % alpha], (uint8_t *)out + at);
    out[at] = 0;
}

/* The scans the index replaces. */
static size_t scan_at(const char *const *w, size_t n, const uint32_t *cp, size_t len, size_t i,
                      size_t from, size_t *which)
{
    for (size_t k = from; k < n; k++) {
        size_t m = qty_word_at(cp, len, i, w[k]);
        if (m) {
            *which = k;
            return m;
        }
    }
    return 0;
}

static size_t scan_before(const char *const *w, size_t n, const uint32_t *cp, size_t i, size_t from,
                          size_t *which)
{
    for (size_t k = from; k < n; k++) {
        size_t m = qty_word_before(cp, i, w[k]);
        if (m) {
            *which = k;
            return m;
        }
    }
    return 0;
}

/* Every position of `cp`, every `from`: the index and the scan agree on
 * length and entry.  Returns the number of disagreements. */
static int compare_all(const wset *s, const char *const *w, size_t n, const uint32_t *cp,
                       size_t len, size_t *matches)
{
    int bad = 0;
    for (size_t i = 0; i <= len; i++)
        for (size_t from = 0; from <= n; from++) {
            size_t wa = SIZE_MAX, sa = SIZE_MAX, wb = SIZE_MAX, sb = SIZE_MAX;
            size_t la = wset_at_from(s, cp, len, i, from, &wa);
            size_t lb = wset_before_from(s, cp, i, from, &wb);
            bad += la != scan_at(w, n, cp, len, i, from, &sa) || wa != sa;
            bad += lb != scan_before(w, n, cp, i, from, &sb) || wb != sb;
            *matches += (la != 0) + (lb != 0);
        }
    return bad;
}

static void test_oracle(t_ctx *t)
{
    uint64_t seed = 0x9E3779B97F4A7C15ull;
    char words[WORDS_MAX][WORD_CPS * U8_MAX_BYTES + 1];
    const char *w[WORDS_MAX];
    uint32_t cp[TEXT_CPS];
    size_t matches = 0;
    int bad = 0, built = 0;
    for (int it = 0; it < ITERATIONS; it++) {
        size_t alpha = 2 + rnd(&seed) % (NALPHA - 1), n = rnd(&seed) % (WORDS_MAX + 1);
        for (size_t k = 0; k < n; k++) {
            random_word(&seed, alpha, words[k]);
            w[k] = words[k];
        }
        wset *s = NULL;
        if (wset_new(w, n, sizeof w[0], &s)) continue;
        built++;
        for (int text = 0; text < 4; text++) {
            size_t len = rnd(&seed) % (TEXT_CPS + 1);
            for (size_t i = 0; i < len; i++) cp[i] = alphabet[rnd(&seed) % alpha];
            /* a text that holds a word of the list, so long words match too */
            if (n && len > WORD_CPS) {
                const uint8_t *p = (const uint8_t *)w[rnd(&seed) % n];
                for (size_t at = rnd(&seed) % (len - WORD_CPS); *p; at++) p += u8_next(p, &cp[at]);
            }
            bad += compare_all(s, w, n, cp, len, &matches);
        }
        wset_free(s);
    }
    T_INT(t, built, ITERATIONS);
    T_INT(t, bad, 0);
    T_OK(t, matches > 10000); /* the test looked at matches, not only misses */
}

/* A field of an array of structs (stride), and the errors. */
static void test_stride(t_ctx *t)
{
    static const struct {
        int pad;
        const char *w;
        double more;
    } recs[] = {{0, "以上", 1}, {0, "以下", 2}, {0, "以", 3}, {0, "上", 4}};
    wset *s = NULL;
    T_INT(t, wset_new(&recs[0].w, 4, sizeof recs[0], &s), ZS_OK);
    const uint32_t cp[] = {0x4E09, 0x4EE5, 0x4E0A, 0x4EBA}; /* 三以上人 */
    size_t which = 9;
    T_INT(t, wset_at(s, cp, 4, 1, &which), 2);
    T_INT(t, which, 0);
    T_INT(t, wset_at_from(s, cp, 4, 1, 1, &which), 1); /* 以下 fails, 以 matches */
    T_INT(t, which, 2);
    T_INT(t, wset_before(s, cp, 3, &which), 2);
    T_INT(t, which, 0);
    T_INT(t, wset_before_from(s, cp, 3, 1, &which), 1); /* 上 */
    T_INT(t, which, 3);
    T_INT(t, wset_at(s, cp, 4, 4, NULL), 0);
    T_INT(t, wset_before(s, cp, 0, NULL), 0);
    wset_free(s);
    wset_free(NULL);
    const char *holes[] = {"一", NULL};
    T_INT(t, wset_new(holes, 2, sizeof holes[0], &s), ZS_EINVAL);
    T_OK(t, s == NULL);
    T_INT(t, wset_new(holes, (size_t)WSET_MAX_WORDS + 1, sizeof holes[0], &s), ZS_EINVAL);
}

/* Quantities read with the unit tables indexed and scanned agree, over
 * random texts of digits, numerals, multipliers and unit characters. */
static void test_qty_ix(t_ctx *t)
{
    static const uint32_t qa[] = {'1',    '2',    '0',    '.',    ',',    ' ',    '%',
                                  0x4E00, 0x5341, 0x4E07, 0x4EBF, 0x4E2A, 0x5143, 0x4EBA,
                                  0x6B21, 0x5E74, 0x767E, 0x5206, 0x70B9, 0x5BB6, 0x5EAD,
                                  0x5E73, 0x65B9, 0x7C73, 0x4EA9, 0x4F59, 0x5343, 0x74E6};
    qty_ix *x = NULL;
    T_INT(t, qty_ix_new(&x), ZS_OK);
    uint64_t seed = 42;
    uint32_t cp[TEXT_CPS];
    int bad = 0, units = 0;
    for (int it = 0; it < 20000; it++) {
        size_t len = 1 + rnd(&seed) % 12;
        for (size_t i = 0; i < len; i++) cp[i] = qa[rnd(&seed) % (sizeof qa / sizeof qa[0])];
        for (size_t i = 0; i < len; i++) {
            qty a, b;
            int ra = qty_scan(cp, len, i, &a), rb = qty_scan_ix(x, cp, len, i, &b);
            bad += ra != rb;
            if (!ra || !rb) continue;
            bad += a.value != b.value || a.start != b.start || a.num_end != b.num_end ||
                   a.end != b.end || strcmp(a.unit, b.unit) || a.kind != b.kind ||
                   a.plus != b.plus || a.cjk != b.cjk || a.mult != b.mult || a.ndigit != b.ndigit;
            units += *a.unit != 0;
        }
    }
    qty_ix_free(x);
    qty_ix_free(NULL);
    T_INT(t, bad, 0);
    T_OK(t, units > 1000);
}

/* The hashed numeral test (qty.h) over every code point against the list. */
static void test_numerals(t_ctx *t)
{
    static const uint32_t numerals[] = {U'〇', U'零', U'一', U'二', U'两', U'三',
                                        U'四', U'五', U'六', U'七', U'八', U'九',
                                        U'十', U'百', U'千', U'万', U'亿'};
    int bad = 0, found = 0;
    for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
        int want = 0;
        for (size_t k = 0; k < sizeof numerals / sizeof numerals[0]; k++) want |= cp == numerals[k];
        bad += qty_is_cjk_numeral(cp) != want;
        found += want;
    }
    T_INT(t, bad, 0);
    T_INT(t, found, 17);
}

void suite_wset(t_ctx *t)
{
    t_run(t, "wset_numerals", test_numerals);
    t_run(t, "wset_oracle", test_oracle);
    t_run(t, "wset_stride", test_stride);
    t_run(t, "wset_qty_ix", test_qty_ix);
}

/* test_fct_lex.c - the lookups of the mined bigram tables (fct_lex.h)
 * against a scan of the tables: every entry, its neighbours (one code
 * point off on either side, so the search ends next to an entry) and
 * random bigrams. */
#include "fct_lex.h"
#include "test.h"

#include <stdint.h>

/* xorshift64*: deterministic test data */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static int scan_in(const uint32_t (*t)[2], size_t n, uint32_t a, uint32_t b)
{
    for (size_t i = 0; i < n; i++)
        if (t[i][0] == a && t[i][1] == b) return 1;
    return 0;
}

/* Disagreements of lex_pair_in with the scan over t[0, n) and its prefixes
 * (tables of every length, the empty one too). */
static int check_table(const uint32_t (*t)[2], size_t n, size_t *found)
{
    int bad = 0;
    uint64_t seed = 12345;
    for (size_t len = 0; len <= n; len += len < 40 ? 1 : 97) {
        for (size_t i = 0; i < len; i++)
            for (int da = -1; da <= 1; da++)
                for (int db = -1; db <= 1; db++) {
                    uint32_t a = t[i][0] + (uint32_t)da, b = t[i][1] + (uint32_t)db;
                    int want = scan_in(t, len, a, b);
                    bad += lex_pair_in(t, len, a, b) != want;
                    *found += (size_t)want;
                }
        for (int k = 0; k < 200; k++) {
            uint32_t a = 0x4E00 + (uint32_t)(rnd(&seed) % 0x5200),
                     b = 0x4E00 + (uint32_t)(rnd(&seed) % 0x5200);
            bad += lex_pair_in(t, len, a, b) != scan_in(t, len, a, b);
        }
        bad += lex_pair_in(t, len, 0, 0) != scan_in(t, len, 0, 0);
        bad +=
            lex_pair_in(t, len, UINT32_MAX, UINT32_MAX) != scan_in(t, len, UINT32_MAX, UINT32_MAX);
    }
    return bad;
}

static void test_pairs(t_ctx *t)
{
    size_t found = 0;
    T_INT(t, check_table(lex_verbs, lex_verbs_n, &found), 0);
    T_INT(t, check_table(lex_words, lex_words_n, &found), 0);
    T_INT(t, check_table(lex_adverbs, lex_adverbs_n, &found), 0);
    T_OK(t, found > lex_verbs_n + lex_words_n);
}

void suite_fct_lex(t_ctx *t)
{
    t_run(t, "fct_lex_pairs", test_pairs);
}

/* test_pfor.c - the block codec: round trips over many value shapes, the
 * size it reaches, and rejection of damaged blocks. */
#include "bytes.h"
#include "err.h"
#include "pfor.h"
#include "test.h"

/* xorshift64*: deterministic test data */
static uint64_t rnd(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ull;
}

static int roundtrip(const uint32_t *v, size_t n, size_t *bytes)
{
    buf b;
    buf_init(&b);
    if (pfor_encode(v, n, &b)) return 0;
    uint32_t out[PFOR_BLOCK];
    const uint8_t *p = (const uint8_t *)b.data, *end = p + b.len;
    int ok = pfor_decode(&p, end, out, n) == 0 && p == end && memcmp(out, v, n * 4) == 0;
    if (bytes) *bytes = b.len;
    buf_free(&b);
    return ok;
}

static void test_shapes(t_ctx *t)
{
    uint64_t s = 88172645463325252ull;
    uint32_t v[PFOR_BLOCK];
    int fails = 0;
    for (int iter = 0; iter < 2000; iter++) {
        size_t n = 1 + rnd(&s) % PFOR_BLOCK;
        int shape = iter % 5;
        for (size_t i = 0; i < n; i++) {
            uint64_t r = rnd(&s);
            switch (shape) {
            case 0:
                v[i] = 0;
                break;
            case 1:
                v[i] = (uint32_t)(r % 16);
                break; /* narrow */
            case 2:
                v[i] = (uint32_t)(r % 100 == 0 ? r >> 32 : r % 8);
                break; /* outliers */
            case 3:
                v[i] = (uint32_t)(r >> 32);
                break; /* full 32 bits */
            default:
                v[i] = (uint32_t)(r % (1u << (iter % 31)));
                break;
            }
        }
        if (!roundtrip(v, n, NULL)) fails++;
    }
    T_INT(t, fails, 0);
    /* extremes */
    uint32_t big[3] = {0xFFFFFFFFu, 0, 0xFFFFFFFFu};
    T_OK(t, roundtrip(big, 3, NULL));
    T_INT(t, pfor_encode(v, 0, &(buf){0}), ZS_EINVAL);
}

static void test_compactness(t_ctx *t)
{
    /* 128 gaps of 1..3 with two outliers: about 2 bits each, not 20 */
    uint32_t v[PFOR_BLOCK];
    for (int i = 0; i < PFOR_BLOCK; i++) v[i] = 1 + i % 3;
    v[10] = 1000000;
    v[90] = 70000;
    size_t bytes;
    T_OK(t, roundtrip(v, PFOR_BLOCK, &bytes));
    /* the header, 32 bytes of 2 bits, e - 1 and hb, two exceptions of
     * 7 + 18 bits */
    T_INT(t, (int)bytes, 1 + 32 + 2 + 7);
    /* all zero: only the header */
    for (int i = 0; i < PFOR_BLOCK; i++) v[i] = 0;
    T_OK(t, roundtrip(v, PFOR_BLOCK, &bytes));
    T_INT(t, bytes, 1);
}

static void test_corrupt(t_ctx *t)
{
    uint32_t v[PFOR_BLOCK], out[PFOR_BLOCK];
    for (int i = 0; i < 100; i++) v[i] = (uint32_t)(i * 37 % 50);
    v[7] = 123456;
    buf b;
    buf_init(&b);
    pfor_encode(v, 100, &b);
    const uint8_t *base = (const uint8_t *)b.data;
    /* every truncation fails cleanly */
    int bad = 0;
    for (size_t cut = 0; cut < b.len; cut++) {
        const uint8_t *p = base;
        if (pfor_decode(&p, base + cut, out, 100) != ZS_ECORRUPT) bad++;
    }
    T_INT(t, bad, 0);
    /* a width over 32, a stray header bit, an exception count over n, a
     * high width of 0 or beyond 32 bits, an index out of range, indices
     * not increasing, a zero high part */
    static const struct {
        uint8_t bytes[8];
        size_t len, n;
    } cases[] = {
        {{33}, 1, 1},
        {{0x40}, 1, 1},
        {{PFOR_F_EXC, 4, 1, 0x81}, 4, 2},
        {{PFOR_F_EXC, 0, 0, 0x01}, 4, 2},
        {{PFOR_F_EXC | 31, 0, 0, 0, 0, 0, 2, 0xFF}, 8, 1},
        {{PFOR_F_EXC, 0, 1, 0x89}, 4, 2},
        {{PFOR_F_EXC, 1, 1, 0x81, 0x81}, 5, 2},
        {{PFOR_F_EXC, 0, 1, 0x01}, 4, 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const uint8_t *p = cases[i].bytes;
        T_INT(t, pfor_decode(&p, cases[i].bytes + cases[i].len, out, cases[i].n), ZS_ECORRUPT);
    }
    /* and the same shapes made valid decode */
    static const uint8_t good[] = {PFOR_F_EXC, 1, 1, 0x80, 0x81};
    const uint8_t *p = good;
    T_INT(t, pfor_decode(&p, good + sizeof good, out, 2), 0);
    T_INT(t, (int)out[0], 1);
    T_INT(t, (int)out[1], 1);
    buf_free(&b);
}

void suite_pfor(t_ctx *t)
{
    t_run(t, "pfor_shapes", test_shapes);
    t_run(t, "pfor_compactness", test_compactness);
    t_run(t, "pfor_corrupt", test_corrupt);
}

/* test_support.c - unit tests of the support layer: err, buf, bytes, utf8,
 * uchar. */
#include "buf.h"
#include "bytes.h"
#include "err.h"
#include "test.h"
#include "uchar.h"
#include "utf8.h"

#include <stdlib.h>

static void test_buf_basic(t_ctx *t)
{
    buf b;
    buf_init(&b);
    T_STR(t, b.data, "");
    T_INT(t, buf_puts(&b, "abc"), 0);
    T_INT(t, buf_printf(&b, "-%d-%s", 42, "x"), 0);
    T_STR(t, b.data, "abc-42-x");
    for (int i = 0; i < 1000; i++) buf_putc(&b, 'z');
    T_INT(t, b.len, 1008);
    T_INT(t, b.data[b.len], 0);
    buf_truncate(&b, 3);
    T_STR(t, b.data, "abc");
    size_t n;
    char *p = buf_detach(&b, &n);
    T_STR(t, p, "abc");
    T_INT(t, n, 3);
    T_STR(t, b.data, "");
    free(p);
    buf_free(&b);
}

static void test_varint(t_ctx *t)
{
    uint64_t vals[] = {0, 1, 127, 128, 300, 16383, 16384, (1ull << 32) - 1, 1ull << 32, UINT64_MAX};
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        vi_put(&b, vals[i]);
        T_INT(t, vi_len(vals[i]), vi_encode((uint8_t[10]){0}, vals[i]));
    }
    const uint8_t *p = (const uint8_t *)b.data, *end = p + b.len;
    for (size_t i = 0; i < sizeof vals / sizeof vals[0]; i++) {
        uint64_t v = 0;
        T_INT(t, vi_get(&p, end, &v), ZS_OK);
        T_OK(t, v == vals[i]);
    }
    T_OK(t, p == end);
    uint64_t v;
    T_INT(t, vi_get(&p, end, &v), ZS_ECORRUPT); /* nothing left */
    /* truncated varint: continuation bit on the last byte */
    const uint8_t bad[] = {0x80, 0x80};
    const uint8_t *q = bad;
    T_INT(t, vi_get(&q, bad + 2, &v), ZS_ECORRUPT);
    T_OK(t, q == bad);
    /* eleven bytes is too long; 64-bit overflow in the tenth byte */
    const uint8_t longv[] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};
    q = longv;
    T_INT(t, vi_get(&q, longv + 10, &v), ZS_ECORRUPT);
    uint32_t v32;
    const uint8_t big[] = {0x80, 0x80, 0x80, 0x80, 0x10};
    q = big;
    T_INT(t, vi_get32(&q, big + 5, &v32), ZS_ECORRUPT);
    buf_free(&b);
}

static void test_le(t_ctx *t)
{
    uint8_t b[8];
    le_put32(b, 0x11223344u);
    T_INT(t, b[0], 0x44);
    T_INT(t, b[3], 0x11);
    T_OK(t, le_get32(b) == 0x11223344u);
    le_put64(b, 0x0102030405060708ull);
    T_INT(t, b[0], 8);
    T_OK(t, le_get64(b) == 0x0102030405060708ull);
    const uint8_t *p = b;
    uint32_t v;
    T_INT(t, le_read32(&p, b + 3, &v), ZS_ECORRUPT);
}

static void test_utf8(t_ctx *t)
{
    const char *s = "a郑\xF0\xA0\x80\x80é"; /* a, U+90D1, U+20000, U+00E9 */
    const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
    uint32_t cps[4], cp;
    int i = 0;
    while (p < end) {
        int n = u8_decode(p, end, &cp);
        T_OK(t, n > 0);
        if (n <= 0) break;
        cps[i++] = cp;
        p += n;
    }
    T_INT(t, i, 4);
    T_INT(t, cps[1], 0x90D1);
    T_INT(t, cps[2], 0x20000);
    T_INT(t, u8_count(s, strlen(s)), 4);
    T_INT(t, u8_offset(s, strlen(s), 2), 4);
    uint8_t out[4];
    T_INT(t, u8_encode(0x90D1, out), 3);
    T_OK(t, memcmp(out, "郑", 3) == 0);
    /* overlong, surrogate, truncated, stray continuation */
    const char *bad[] = {"\xC0\xAF", "\xED\xA0\x80", "\xE9\x83", "\x80", "\xF5\x80\x80\x80"};
    for (size_t k = 0; k < 5; k++) {
        const uint8_t *b = (const uint8_t *)bad[k];
        T_INT(t, u8_decode(b, b + strlen(bad[k]), &cp), 0);
    }
    T_OK(t, u8_valid("中文 ok", strlen("中文 ok")));
    T_OK(t, !u8_valid("\xE4\xB8", 2));
    /* u8_count (eight bytes at a time) counts the bytes that are not
     * continuation bytes, for every length and alignment, and past 255
     * words (its lane counters) */
    static const unsigned char pick[] = {'a', 0x80, 0xBF, 0xC2, 0xE4, 0xB8, 0xF0, 0x7F, 0xFF};
    char text[2300];
    uint64_t seed = 5;
    int bad_count = 0;
    for (size_t len = 0; len <= sizeof text; len += len < 40 ? 1 : 97) {
        for (size_t k = 0; k < len; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            text[k] = (char)pick[(seed >> 33) % sizeof pick];
        }
        for (size_t at = 0; at < 8 && at <= len; at++) {
            size_t want = 0;
            for (size_t k = at; k < len; k++) want += ((unsigned char)text[k] & 0xC0) != 0x80;
            bad_count += u8_count(text + at, len - at) != want;
        }
    }
    T_INT(t, bad_count, 0);
    /* u8_valid (a word at a time) agrees with u8_decode over random runs
     * of whole and broken sequences: overlong E0, surrogate ED, cut */
    static const char *const parts[] = {"a",
                                        "中",
                                        "，",
                                        "\xE0\xA0\x80",
                                        "\xE0\x9F\xBF",
                                        "\xED\x9F\xBF",
                                        "\xED\xA0\x80",
                                        "\xEF\xBF\xBD",
                                        "\xE4\xB8",
                                        "\x80",
                                        "\xC3\xA9",
                                        "\xF0\x9F\x98\x80",
                                        "\xE4"};
    int bad_valid = 0;
    for (int r = 0; r < 20000; r++) {
        size_t n = 0;
        seed = seed * 6364136223846793005ull + 1442695040888963407ull;
        int nparts = (int)((seed >> 40) % 12);
        for (int k = 0; k < nparts; k++) {
            seed = seed * 6364136223846793005ull + 1442695040888963407ull;
            /* mostly well-formed: a broken part one time in eight */
            size_t pick_part = (seed >> 35) % 8 ? (seed >> 45) % 3 + ((seed >> 50) % 2 ? 5 : 0)
                                                : (seed >> 45) % (sizeof parts / sizeof *parts);
            size_t pl = strlen(parts[pick_part]);
            memcpy(text + n, parts[pick_part], pl);
            n += pl;
        }
        int want = 1;
        const uint8_t *q = (const uint8_t *)text, *qe = q + n;
        while (q < qe && want) {
            int k = u8_decode(q, qe, &cp);
            if (!k) want = 0;
            q += k;
        }
        bad_valid += u8_valid(text, n) != want;
    }
    T_INT(t, bad_valid, 0);
}

static void test_uchar(t_ctx *t)
{
    T_INT(t, uc_class_of(0x90D1), UC_CJK);  /* 郑 */
    T_INT(t, uc_class_of(0x3400), UC_CJK);  /* extension A */
    T_INT(t, uc_class_of(0x20000), UC_CJK); /* extension B */
    T_INT(t, uc_class_of(0xF900), UC_CJK);  /* compatibility ideograph */
    T_INT(t, uc_class_of(0x3042), UC_CJK);  /* あ */
    T_INT(t, uc_class_of(0xAC00), UC_CJK);  /* 가 */
    T_INT(t, uc_class_of('A'), UC_WORD);
    T_INT(t, uc_class_of(0xE9), UC_WORD);     /* é */
    T_INT(t, uc_class_of(0xFF15), UC_WORD);   /* ５ */
    T_INT(t, uc_class_of(0x3000), UC_SPACE);  /* ideographic space */
    T_INT(t, uc_class_of(0x200B), UC_IGNORE); /* zero-width space */
    T_INT(t, uc_class_of(0xFEFF), UC_IGNORE); /* BOM */
    T_INT(t, uc_class_of(0x3002), UC_PUNCT);  /* 。 */
    T_INT(t, uc_class_of(0xFF0C), UC_PUNCT);  /* ， */
    T_INT(t, uc_class_of(0x30FB), UC_PUNCT);  /* ・ */
    T_INT(t, uc_fold(0xFF21), 'a');           /* Ａ -> a */
    T_INT(t, uc_fold(0xFF15), '5');           /* ５ -> 5 */
    T_INT(t, uc_fold(0xFF0C), ',');           /* ， -> , */
    T_INT(t, uc_fold(0x3000), ' ');
    T_INT(t, uc_fold('G'), 'g');
    T_INT(t, uc_fold_exact(0xF900), 0x8C48); /* 豈 compatibility -> unified 豈 */
    T_INT(t, uc_fold(0xF900), U'岂');        /* ... -> simplified */
    T_INT(t, uc_fold(0x2F00), 0x4E00);       /* Kangxi radical one -> 一 */
    T_INT(t, uc_fold(0xFF76), 0x30AB);       /* half-width ｶ -> カ */
    T_INT(t, uc_fold(0x90D1), 0x90D1);
    T_INT(t, uc_fold(0x3002), 0x3002); /* 。 stays */
    T_OK(t, uc_is_sentence_end(0x3002));
    T_OK(t, uc_is_sentence_end(0xFF1B));
    T_OK(t, !uc_is_sentence_end(0xFF0C));
    T_OK(t, uc_is_closing(0x201D));
    T_OK(t, uc_is_continuing(0x3001));
    T_INT(t, uc_width(0x90D1), 2);
    T_INT(t, uc_width('a'), 1);
}

/* The script fold: traditional to simplified, one to one, byte lengths
 * kept; characters simplified text uses itself stay. */
/* The fast tables answer as the runs and pairs they were generated with. */
static void test_uchar_fast(t_ctx *t)
{
    size_t bad_class = 0, bad_fold = 0;
    uint32_t blocks[2][2] = {{UC_FAST1_FIRST, UC_FAST1_END}, {UC_FAST2_FIRST, UC_FAST2_END}};
    for (int b = 0; b < 2; b++)
        for (uint32_t cp = blocks[b][0]; cp < blocks[b][1]; cp++) {
            int klass = UC_PUNCT;
            for (size_t i = 0; i < uc_class_nruns; i++)
                if (cp >= uc_class_runs[i].first && cp <= uc_class_runs[i].last)
                    klass = uc_class_runs[i].klass;
            uint32_t fold = cp;
            for (size_t i = 0; i < uc_fold_npairs; i++)
                if (uc_fold_pairs[i].from == cp) fold = uc_fold_pairs[i].to;
            bad_class += (int)uc_class_slow(cp) != klass;
            bad_fold += uc_fold_slow(cp) != fold;
        }
    T_INT(t, bad_class, 0);
    T_INT(t, bad_fold, 0);
    T_INT(t, uc_class_slow(0xE9), UC_WORD); /* outside the fast blocks: searched */
    /* the sets of punctuation hold nothing in the range answered inline */
    size_t in_sets = 0;
    for (uint32_t cp = UC_NOT_PUNCT_FIRST; cp < UC_NOT_PUNCT_END; cp++)
        in_sets += uc_is_sentence_end_slow(cp) + uc_is_closing_slow(cp) + uc_is_opening_slow(cp) +
                   uc_is_continuing_slow(cp);
    T_INT(t, in_sets, 0);
    T_INT(t, uc_fold_slow(0xF900), 0x8C48);
}

static void test_t2s(t_ctx *t)
{
    T_INT(t, uc_fold(U'鄭'), U'郑');
    T_INT(t, uc_fold(U'數'), U'数');
    T_INT(t, uc_fold(U'醫'), U'医');
    T_INT(t, uc_fold(U'後'), U'后');
    T_INT(t, uc_fold(U'髮'), U'发');
    T_INT(t, uc_fold(U'發'), U'发');
    T_INT(t, uc_fold(U'乾'), U'干');
    T_INT(t, uc_fold(U'為'), U'为'); /* Taiwan form */
    T_INT(t, uc_fold(U'爲'), U'为'); /* OpenCC's standard form */
    T_INT(t, uc_fold(U'著'), U'著'); /* 显著, 著名: not 着 */
    T_INT(t, uc_fold(U'覆'), U'覆'); /* 覆盖: not 复 */
    T_INT(t, uc_fold(U'瞭'), U'瞭');
    T_INT(t, uc_fold(U'郑'), U'郑'); /* simplified stays */
    T_INT(t, uc_fold(U'的'), U'的');
    T_INT(t, uc_fold(0xFF21), 'a'); /* the other folds still apply */
    T_INT(t, uc_fold(0x3000), ' ');
    T_INT(t, uc_fold_exact(U'鄭'), U'鄭');
    T_INT(t, uc_fold_exact(0xFF21), 'a');
    T_INT(t, uc_t2s(0xFF21), 0xFF21); /* uc_t2s is the script fold alone */
    T_INT(t, uc_t2s('A'), 'A');
    T_INT(t, uc_t2s(U'衛'), U'卫');
    /* idempotent, and every pair keeps its UTF-8 length */
    int bad = 0;
    for (size_t i = 0; i < uc_t2s_npairs; i++) {
        uint32_t a = uc_t2s_pairs[i].from, b = uc_t2s_pairs[i].to;
        uint8_t ua[4], ub[4];
        bad += uc_t2s(b) != b || u8_encode(a, ua) != u8_encode(b, ub) || uc_fold(a) != b;
        bad += i > 0 && uc_t2s_pairs[i - 1].from >= a;
    }
    T_INT(t, bad, 0);
    T_OK(t, uc_t2s_npairs > 3000);
    /* in place on UTF-8: the same bytes long; ASCII and malformed bytes stay */
    char s[] = "鄭州市每千人口托位數ＡB\xFF著";
    size_t len = strlen(s);
    T_INT(t, uc_t2s_any(s, len), 1);
    T_INT(t, uc_t2s_utf8(s, len), 2);
    T_STR(t, s, "郑州市每千人口托位数ＡB\xFF著");
    T_INT(t, strlen(s), len);
    T_INT(t, uc_t2s_any(s, len), 0);
    T_INT(t, uc_t2s_utf8(s, len), 0);
}

static void test_err(t_ctx *t)
{
    zs_diag d;
    zs_diag_clear(&d);
    T_INT(t, zs_fail(&d, ZS_ECORRUPT, "offset %d: %s", 12, "bad magic"), ZS_ECORRUPT);
    zs_diag_prefix(&d, "%s", "seg.dat");
    T_STR(t, d.msg, "seg.dat: offset 12: bad magic");
    T_STR(t, zs_strerror(ZS_ECORRUPT), "index corrupt");
    T_INT(t, zs_fail(NULL, ZS_EIO, "x"), ZS_EIO);
}

void suite_support(t_ctx *t)
{
    t_run(t, "buf_basic", test_buf_basic);
    t_run(t, "varint", test_varint);
    t_run(t, "le", test_le);
    t_run(t, "utf8", test_utf8);
    t_run(t, "uchar", test_uchar);
    t_run(t, "uchar_fast", test_uchar_fast);
    t_run(t, "t2s", test_t2s);
    t_run(t, "err", test_err);
}

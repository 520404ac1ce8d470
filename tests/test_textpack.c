/* test_textpack.c - stored text packed as ranks of frequent characters:
 * every kind of code point comes back byte for byte under any table (one
 * trained on the text, one trained on other text, an empty one), and
 * damaged packed bytes or tables are corrupt. */
#include "bytes.h"
#include "err.h"
#include "test.h"
#include "textpack.h"
#include "utf8.h"

#include <string.h>

/* Append text `s` to a block as a varint length and its bytes. */
static int add_text(buf *block, const char *s, size_t len)
{
    int rc = vi_put(block, len);
    return rc ? rc : buf_add(block, s, len);
}

/* Pack `block` with a table trained on `train`, write and read the table
 * back, unpack, and compare. */
static void round_trip_with(t_ctx *t, const buf *block, const buf *train)
{
    textpack_enc e;
    textpack_dec d;
    buf sec, packed, back;
    buf_init(&sec);
    buf_init(&packed);
    buf_init(&back);
    T_INT(t, textpack_train(train->data, train->len, &e), 0);
    T_INT(t, textpack_enc_write(&e, &sec), 0);
    T_INT(t, textpack_dec_load(&d, (const uint8_t *)sec.data, sec.len), 0);
    T_INT(t, (int)d.n, (int)e.n);
    T_INT(t, textpack_pack(&e, block->data, block->len, &packed), 0);
    T_OK(t, packed.len <= TEXTPACK_GROWTH * block->len);
    T_INT(t, textpack_unpack(&d, (const uint8_t *)packed.data, packed.len, &back), 0);
    T_INT(t, (int)back.len, (int)block->len);
    T_OK(t, back.len == block->len && memcmp(back.data, block->data, block->len) == 0);
    textpack_enc_free(&e);
    textpack_dec_free(&d);
    buf_free(&sec);
    buf_free(&packed);
    buf_free(&back);
}

/* A block of many distinct characters with falling frequencies, so that
 * the table has one-byte and two-byte ranks; and the few texts of every
 * kind of code point. */
static void round_trip(t_ctx *t)
{
    const char *texts[] = {"", "abc 123", "郑州医共体建设。", "é ß ©", "𠀀 𝄞 x😀", "，：（）"};
    buf small, big, none;
    buf_init(&small);
    buf_init(&big);
    buf_init(&none);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        T_INT(t, add_text(&small, texts[i], strlen(texts[i])), 0);
    buf text;
    buf_init(&text);
    for (uint32_t i = 0; i < 1000; i++) { /* U+4E00 + i, (1000 - i) / 100 + 1 times */
        uint8_t u[U8_MAX_BYTES];
        int n = u8_encode(0x4E00 + i, u);
        for (uint32_t k = 0; k <= (1000 - i) / 100; k++) T_INT(t, buf_add(&text, u, (size_t)n), 0);
    }
    T_INT(t, add_text(&big, text.data, text.len), 0);
    T_INT(t, add_text(&big, texts[4], strlen(texts[4])), 0);
    round_trip_with(t, &small, &small);
    round_trip_with(t, &big, &big);
    round_trip_with(t, &small, &big);
    round_trip_with(t, &big, &small);
    round_trip_with(t, &big, &none);
    buf_free(&text);
    buf_free(&small);
    buf_free(&big);
}

/* The table: most frequent first, characters before pairs at a tie, then
 * by code points; BMP only; pairs seen twice or more. */
static void table_order(t_ctx *t)
{
    buf block;
    buf_init(&block);
    T_INT(t, add_text(&block, "bab的的的𝄞𝄞𝄞𝄞", strlen("bab的的的𝄞𝄞𝄞𝄞")), 0);
    textpack_enc e;
    T_INT(t, textpack_train(block.data, block.len, &e), 0);
    T_INT(t, (int)e.n, 4);
    T_OK(t, e.sym[0] == 0x7684); /* 的 */
    T_OK(t, e.sym[1] == 'b');
    T_OK(t, e.sym[2] == ((0x7684u << 16 | 0x7684u) | TEXTPACK_PAIR)); /* 的的 */
    T_OK(t, e.sym[3] == 'a');
    /* 的的的 packs as the pair and 的 */
    buf packed;
    buf_init(&packed);
    buf one;
    buf_init(&one);
    T_INT(t, add_text(&one, "的的的", strlen("的的的")), 0);
    T_INT(t, textpack_pack(&e, one.data, one.len, &packed), 0);
    T_INT(t, (int)packed.len, 3);
    T_OK(t, packed.len == 3 && packed.data[0] == 3 && packed.data[1] == 1 &&
                packed.data[2] == TEXTPACK_END);
    buf_free(&one);
    buf_free(&packed);
    textpack_enc_free(&e);
    buf_free(&block);
}

/* Text that is not well-formed UTF-8 is refused by train and pack. */
static void bad_input(t_ctx *t)
{
    buf out;
    buf_init(&out);
    textpack_enc e;
    const char bad_utf8[] = {2, (char)0xC3, 'x'};
    T_INT(t, textpack_train(bad_utf8, sizeof bad_utf8, &e), ZS_EINVAL);
    textpack_enc_free(&e);
    T_INT(t, textpack_train("", 0, &e), 0);
    T_INT(t, textpack_pack(&e, bad_utf8, sizeof bad_utf8, &out), ZS_EINVAL);
    const char short_len[] = {5, 'a'};
    T_INT(t, textpack_pack(&e, short_len, sizeof short_len, &out), ZS_EINVAL);
    textpack_enc_free(&e);
    buf_free(&out);
}

/* Damaged codes and tables are corrupt. */
static void damage(t_ctx *t)
{
    buf out;
    buf_init(&out);
    textpack_dec d;
    /* a, U+8D67, the pair ab */
    const uint8_t table[] = {0xC2, 0x01, 0xCE, 0xB5, 0x04, 0xC3, 0x01, 'b'};
    T_INT(t, textpack_dec_load(&d, table, sizeof table), 0);
    const uint8_t ok[] = {2, 1, 3, TEXTPACK_END, TEXTPACK_END};
    T_INT(t, textpack_unpack(&d, ok, sizeof ok, &out), 0);
    T_OK(t, out.len == 8 && memcmp(out.data,
                                   "\x06\xE8\xB5\xA7"
                                   "aab\x00",
                                   8) == 0);
    const uint8_t rank_beyond[] = {4, TEXTPACK_END};
    T_INT(t, textpack_unpack(&d, rank_beyond, sizeof rank_beyond, &out), ZS_ECORRUPT);
    const uint8_t two_byte_beyond[] = {TEXTPACK_ONE, 0, TEXTPACK_END};
    T_INT(t, textpack_unpack(&d, two_byte_beyond, sizeof two_byte_beyond, &out), ZS_ECORRUPT);
    const uint8_t cut_two[] = {TEXTPACK_ONE};
    T_INT(t, textpack_unpack(&d, cut_two, sizeof cut_two, &out), ZS_ECORRUPT);
    const uint8_t cut_esc[] = {TEXTPACK_ESC, 'a', 0};
    T_INT(t, textpack_unpack(&d, cut_esc, sizeof cut_esc, &out), ZS_ECORRUPT);
    const uint8_t esc_surrogate[] = {TEXTPACK_ESC, 0x00, 0xD8, 0, TEXTPACK_END};
    T_INT(t, textpack_unpack(&d, esc_surrogate, sizeof esc_surrogate, &out), ZS_ECORRUPT);
    const uint8_t esc_beyond[] = {TEXTPACK_ESC, 0x00, 0x00, 0x11, TEXTPACK_END};
    T_INT(t, textpack_unpack(&d, esc_beyond, sizeof esc_beyond, &out), ZS_ECORRUPT);
    const uint8_t no_end[] = {1, 1};
    T_INT(t, textpack_unpack(&d, no_end, sizeof no_end, &out), ZS_ECORRUPT);
    textpack_dec_free(&d);
    const uint8_t twice[] = {0xC2, 0x01, 0xC4, 0x01, 0xC2, 0x01}; /* a, b, a */
    T_INT(t, textpack_dec_load(&d, twice, sizeof twice), ZS_ECORRUPT);
    textpack_dec_free(&d);
    const uint8_t pair_twice[] = {0xC3, 0x01, 'b', 0xC3, 0x01, 'b'}; /* ab, ab: harmless */
    T_INT(t, textpack_dec_load(&d, pair_twice, sizeof pair_twice), 0);
    textpack_dec_free(&d);
    const uint8_t surrogate[] = {0x80, 0xE0, 0x06}; /* U+D800 */
    T_INT(t, textpack_dec_load(&d, surrogate, sizeof surrogate), ZS_ECORRUPT);
    textpack_dec_free(&d);
    const uint8_t pair_surrogate[] = {0xC3, 0x01, 0x80, 0xB0, 0x03}; /* a, U+D800 */
    T_INT(t, textpack_dec_load(&d, pair_surrogate, sizeof pair_surrogate), ZS_ECORRUPT);
    textpack_dec_free(&d);
    const uint8_t beyond_bmp[] = {0x80, 0x80, 0x08}; /* U+10000 */
    T_INT(t, textpack_dec_load(&d, beyond_bmp, sizeof beyond_bmp), ZS_ECORRUPT);
    textpack_dec_free(&d);
    const uint8_t cut_varint[] = {0xC2, 0x01, 0x80};
    T_INT(t, textpack_dec_load(&d, cut_varint, sizeof cut_varint), ZS_ECORRUPT);
    textpack_dec_free(&d);
    const uint8_t cut_pair[] = {0xC3, 0x01};
    T_INT(t, textpack_dec_load(&d, cut_pair, sizeof cut_pair), ZS_ECORRUPT);
    textpack_dec_free(&d);
    buf_free(&out);
}

void suite_textpack(t_ctx *t)
{
    t_run(t, "textpack_round_trip", round_trip);
    t_run(t, "textpack_table_order", table_order);
    t_run(t, "textpack_bad_input", bad_input);
    t_run(t, "textpack_damage", damage);
}

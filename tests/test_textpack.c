/* test_textpack.c - stored text packed as UTF-16LE: every kind of code
 * point comes back byte for byte, and damaged packed bytes are corrupt. */
#include "bytes.h"
#include "err.h"
#include "test.h"
#include "textpack.h"

#include <string.h>

/* Pack a block of the given texts and unpack it again. */
static void round_trip(t_ctx *t)
{
    const char *texts[] = {"", "abc 123", "郑州医共体建设。", "é ß ©", "𠀀 𝄞 x😀", "，：（）"};
    buf block, packed, back;
    buf_init(&block);
    buf_init(&packed);
    buf_init(&back);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        T_INT(t, vi_put(&block, strlen(texts[i])), 0);
        T_INT(t, buf_puts(&block, texts[i]), 0);
    }
    T_INT(t, textpack_pack(block.data, block.len, &packed), 0);
    T_INT(t, textpack_unpack((const uint8_t *)packed.data, packed.len, &back), 0);
    T_INT(t, (int)back.len, (int)block.len);
    T_OK(t, memcmp(back.data, block.data, block.len) == 0);
    buf_free(&block);
    buf_free(&packed);
    buf_free(&back);
}

/* Text that is not well-formed UTF-8 is refused by pack; a lone
 * surrogate or a count past the end is corrupt for unpack. */
static void damage(t_ctx *t)
{
    buf out;
    buf_init(&out);
    const char bad_utf8[] = {2, (char)0xC3, 'x'};
    T_INT(t, textpack_pack(bad_utf8, sizeof bad_utf8, &out), ZS_EINVAL);
    const char short_len[] = {5, 'a'};
    T_INT(t, textpack_pack(short_len, sizeof short_len, &out), ZS_EINVAL);
    const uint8_t lone_high[] = {1, 0x00, 0xD8};
    T_INT(t, textpack_unpack(lone_high, sizeof lone_high, &out), ZS_ECORRUPT);
    const uint8_t lone_low[] = {2, 0x00, 0xDC, 'a', 0};
    T_INT(t, textpack_unpack(lone_low, sizeof lone_low, &out), ZS_ECORRUPT);
    const uint8_t high_then_a[] = {2, 0x00, 0xD8, 'a', 0};
    T_INT(t, textpack_unpack(high_then_a, sizeof high_then_a, &out), ZS_ECORRUPT);
    const uint8_t past_end[] = {3, 'a', 0, 'b', 0};
    T_INT(t, textpack_unpack(past_end, sizeof past_end, &out), ZS_ECORRUPT);
    buf_free(&out);
}

void suite_textpack(t_ctx *t)
{
    t_run(t, "textpack_round_trip", round_trip);
    t_run(t, "textpack_damage", damage);
}

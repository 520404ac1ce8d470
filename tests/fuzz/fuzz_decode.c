/*
 * fuzz_decode.c - the decoder (common/decode.h).
 *
 * Input: one option byte, then the file's bytes.  The option byte picks
 * the encoding (low 3 bits: detect, UTF-8, UTF-16LE, UTF-16BE, GB18030,
 * GBK, BIG5-HKSCS through iconv, UTF-16 through iconv), strict mode (bit 3)
 * and the size of the pieces fed (high 4 bits).  The file is decoded whole
 * and in pieces; both must agree (the header's streaming promise), and the
 * output must keep the header's invariants: well-formed UTF-8 without NUL,
 * one offset per code point, offsets inside the file and never decreasing
 * (strictly increasing under the native decoders).
 */
#include "fuzz.h"

#include "buf.h"
#include "decode.h"
#include "utf8.h"
#include "vec.h"

#include <string.h>

static const char *const encodings[8] = {NULL,      "UTF-8", "utf_16le",   "UTF-16BE",
                                         "GB18030", "GBK",   "BIG5-HKSCS", "UTF-16"};

typedef struct result {
    int rc;
    buf out;
    u64vec offs;
    dec_info info;
    int native; /* the encoding used was decoded natively (no iconv) */
} result;

/* Decode data[0, n) in pieces of `piece` bytes (0: whole, one feed). */
static void decode(const dec_opts *o, const uint8_t *data, size_t n, size_t piece, result *r)
{
    buf_init(&r->out);
    u64vec_init(&r->offs);
    memset(&r->info, 0, sizeof r->info);
    r->native = 0;
    dec *dc;
    zs_diag d;
    r->rc = dec_new(&dc, o, &d);
    if (r->rc) return;
    size_t at = 0;
    do {
        size_t k = piece && n - at > piece ? piece : n - at;
        r->rc = dec_feed(dc, data + at, k, at + k == n, &r->out, &r->offs, &d);
        at += k;
    } while (!r->rc && at < n);
    dec_report(dc, &r->info);
    const char *e = r->info.encoding;
    r->native = !strncmp(e, "UTF-8", 5) || !strcmp(e, "UTF-16LE") || !strcmp(e, "UTF-16BE") ||
                !strcmp(e, "utf_16le");
    dec_free(dc);
}

static void free_result(result *r)
{
    buf_free(&r->out);
    u64vec_free(&r->offs);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned opt = data[0];
    dec_opts o = {encodings[opt & 7], (int)(opt >> 3 & 1)};
    size_t piece = opt >> 4; /* 0: one feed */
    data++;
    size--;
    result whole, parts;
    decode(&o, data, size, 0, &whole);
    decode(&o, data, size, piece, &parts);
    FUZZ_CHECK(whole.rc == parts.rc);
    if (!whole.rc) {
        FUZZ_CHECK(whole.out.len == parts.out.len &&
                   !memcmp(whole.out.data, parts.out.data, whole.out.len));
        FUZZ_CHECK(whole.offs.n == parts.offs.n);
        for (size_t i = 0; i < whole.offs.n; i++) FUZZ_CHECK(whole.offs.v[i] == parts.offs.v[i]);
        FUZZ_CHECK(whole.info.ninvalid == parts.info.ninvalid);
        FUZZ_CHECK(whole.info.first_invalid == parts.info.first_invalid);
        FUZZ_CHECK(whole.info.nbytes == size);
        FUZZ_CHECK(u8_valid(whole.out.data, whole.out.len));
        FUZZ_CHECK(memchr(whole.out.data, 0, whole.out.len) == NULL);
        FUZZ_CHECK(u8_count(whole.out.data, whole.out.len) == whole.offs.n);
        for (size_t i = 0; i < whole.offs.n; i++) {
            FUZZ_CHECK(whole.offs.v[i] < size);
            if (i)
                FUZZ_CHECK(whole.native ? whole.offs.v[i] > whole.offs.v[i - 1]
                                        : whole.offs.v[i] >= whole.offs.v[i - 1]);
        }
    }
    free_result(&whole);
    free_result(&parts);
    return 0;
}

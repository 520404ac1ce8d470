/*
 * fuzz_document.c - reading an input file into passages (indexer/document.h),
 * text files and passages TSV (id<TAB>city<TAB>year<TAB>text).
 *
 * Input: one option byte, then the file's bytes, written to the scratch
 * directory and read with doc_read.  The option byte picks the format
 * (bit 0: TSV), strict mode (bit 1), the encoding (bits 2-3: detect,
 * detect, GBK, UTF-16LE) and the passage bound (bits 4-7: 320, or 40 to
 * 340).  What the sink receives must keep the headers' promises: passages
 * back to back with one source offset per code point inside the file, at
 * most the bound (text input) or one line each with its city and a year in
 * the annotator's range (TSV); the info counts what was handed over and
 * hashes the file's bytes (FNV-1a 64, as docs/FORMAT.md stores it).
 */
#include "fuzz.h"

#include "annotate.h"
#include "document.h"
#include "passage.h"
#include "utf8.h"

#include <string.h>

static const char *const encodings[4] = {NULL, NULL, "GBK", "UTF-16LE"};

typedef struct seen {
    const doc_opts *o;
    uint64_t size;
    uint64_t passages;
} seen;

static int sink(void *ctx, const psg_list *l, const doc_meta *meta)
{
    seen *s = ctx;
    FUZZ_CHECK((meta != NULL) == (s->o->format == DOC_TSV));
    FUZZ_CHECK(l->n > 0 && l->src_start.n == l->src_end.n);
    size_t at = 0, cps = 0;
    for (size_t i = 0; i < l->n; i++) {
        const psg_passage *p = &l->v[i];
        FUZZ_CHECK(p->text_off == at && p->text_len <= l->text.len - at);
        FUZZ_CHECK(p->cp_off == cps && p->ncp == u8_count(l->text.data + at, p->text_len));
        FUZZ_CHECK(p->src_start <= p->src_end && p->src_end <= s->size);
        if (meta) {
            FUZZ_CHECK(p->ext_id != 0);
            FUZZ_CHECK(meta[i].city != NULL && memchr(meta[i].city, '\t', meta[i].city_len) == 0);
            FUZZ_CHECK(meta[i].year == 0 ||
                       (meta[i].year >= ANN_YEAR_MIN && meta[i].year <= ANN_YEAR_MAX));
        } else {
            FUZZ_CHECK(p->ncp <= s->o->psg.max_cps && p->ext_id == 0);
        }
        at += p->text_len;
        cps += p->ncp;
    }
    FUZZ_CHECK(at == l->text.len && cps == l->src_start.n);
    for (size_t i = 0; i < l->src_start.n; i++)
        FUZZ_CHECK(l->src_start.v[i] <= l->src_end.v[i] && l->src_end.v[i] <= s->size);
    s->passages += l->n;
    return 0;
}

static uint64_t fnv1a(const uint8_t *p, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001B3ull;
    }
    return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned opt = data[0];
    data++;
    size--;
    char path[4096];
    fuzz_path(path, sizeof path, "input");
    if (fuzz_write(path, data, size)) return 0;
    doc_opts o = {
        encodings[opt >> 2 & 3], (int)(opt >> 1 & 1), opt & 1 ? DOC_TSV : DOC_TEXT, {0, 0}};
    psg_opts_default(&o.psg);
    if (opt >> 4) o.psg.max_cps = PSG_MAX_CPS_MIN + 20 * (opt >> 4);
    seen s = {&o, size, 0};
    doc_info info;
    zs_diag d;
    zs_diag_clear(&d);
    int rc = doc_read(path, &o, sink, &s, &info, &d);
    FUZZ_CHECK(rc == ZS_OK || rc == ZS_EENCODING);
    if (rc) FUZZ_CHECK(d.code == rc && d.msg[0] != '\0');
    FUZZ_CHECK(info.size == size && info.passages == s.passages);
    FUZZ_CHECK(memchr(info.encoding, '\0', sizeof info.encoding) != NULL);
    FUZZ_CHECK(memchr(info.bad_report, '\0', sizeof info.bad_report) != NULL);
    if (!rc) FUZZ_CHECK(info.hash == fnv1a(data, size));
    return 0;
}

/*
 * fuzz_normalize.c - the normalizer (common/normalize.h).
 *
 * Input: one option byte, then a file's bytes, decoded as the document
 * reader decodes them.  The option byte picks the mode (low 2 bits: PDF,
 * clean, pre-cut, or decided from the measured evidence as the document
 * reader does).  The result must keep the header's invariants: each
 * paragraph a range of the text followed by '\n', paragraphs in order, one
 * source range per output code point (separators excluded) inside the
 * source.  The same bytes also go through norm_string (queries).
 */
#include "fuzz.h"

#include "buf.h"
#include "normalize.h"
#include "utf8.h"
#include "vec.h"

#include <string.h>

static void check_doc(const norm_doc *d, uint64_t src_end)
{
    FUZZ_CHECK(d->src_start.n == d->src_end.n);
    FUZZ_CHECK(u8_valid(d->text.data, d->text.len));
    size_t at = 0, ncp = 0;
    for (size_t i = 0; i < d->npara; i++) {
        const norm_para *p = &d->paras[i];
        FUZZ_CHECK(p->start == at && p->start <= p->end && p->end < d->text.len);
        FUZZ_CHECK(d->text.data[p->end] == '\n');
        FUZZ_CHECK(memchr(d->text.data + p->start, '\n', p->end - p->start) == NULL);
        FUZZ_CHECK(p->cp_start == ncp);
        FUZZ_CHECK(p->ncp == u8_count(d->text.data + p->start, p->end - p->start));
        ncp += p->ncp;
        at = p->end + 1;
    }
    FUZZ_CHECK(at == d->text.len);
    FUZZ_CHECK(ncp == d->src_start.n);
    for (size_t i = 0; i < d->src_start.n; i++)
        FUZZ_CHECK(d->src_start.v[i] <= d->src_end.v[i] && d->src_end.v[i] <= src_end);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned opt = data[0];
    data++;
    size--;
    buf text;
    buf_init(&text);
    u64vec offs;
    u64vec_init(&offs);
    norm_doc d;
    norm_doc_init(&d);
    buf q;
    buf_init(&q);
    int rc = fuzz_decode(data, size, &text, &offs);
    norm_mode mode = (norm_mode)(opt & 3);
    if (!rc && (opt & 3) == 3) {
        norm_evidence ev;
        rc = norm_measure(text.data, text.len, &ev);
        mode = norm_decide(&ev);
    }
    if (!rc) rc = norm_run(text.data, text.len, offs.v, offs.n, size, mode, &d);
    if (!rc) check_doc(&d, size);
    if (!rc) rc = norm_string(text.data, text.len, &q);
    if (!rc) FUZZ_CHECK(u8_valid(q.data, q.len));
    FUZZ_CHECK(rc == ZS_OK); /* no error is possible here but ZS_ENOMEM */
    buf_free(&q);
    norm_doc_free(&d);
    u64vec_free(&offs);
    buf_free(&text);
    return 0;
}

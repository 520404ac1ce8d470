/*
 * fuzz_passage.c - cutting paragraphs into passages (indexer/passage.h).
 *
 * Input: one option byte, then a file's bytes, decoded as the document
 * reader decodes them and normalized in the mode its evidence calls for.
 * The option byte picks the passage bound (low 4 bits: 40 to 340 code
 * points), the joining bound (bits 4-5) and whether the text is cut into
 * two chunks at a line end, as the document reader cuts long files (bit 6).
 * The passages must keep the header's invariants: texts back to back in
 * psg_list.text, one source offset per code point, at most max_cps code
 * points, labels inside psg_list.labels; psg_sentence_ends ascends to ncp.
 */
#include "fuzz.h"

#include "buf.h"
#include "normalize.h"
#include "passage.h"
#include "utf8.h"
#include "vec.h"

#include <string.h>

/* Normalize text[0, cut) and add its passages to `out`. */
static int chunk(const buf *text, size_t cut, const u64vec *offs, uint64_t src_end, norm_mode mode,
                 const psg_opts *o, psg_doc *st, psg_list *out)
{
    size_t ncp = u8_count(text->data, cut);
    norm_doc nd;
    norm_doc_init(&nd);
    uint64_t end = ncp < offs->n ? offs->v[ncp] : src_end;
    int rc = norm_run(text->data, cut, offs->v, ncp, end, mode, &nd);
    if (!rc) rc = psg_split(&nd, o, st, out);
    norm_doc_free(&nd);
    return rc;
}

static void check_list(const psg_list *l, const psg_opts *o)
{
    size_t at = 0, cps = 0;
    u32vec ends;
    u32vec_init(&ends);
    FUZZ_CHECK(l->src_start.n == l->src_end.n);
    for (size_t i = 0; i < l->n; i++) {
        const psg_passage *p = &l->v[i];
        const char *s = l->text.data + p->text_off;
        FUZZ_CHECK(p->text_off == at && p->text_len <= l->text.len - at);
        FUZZ_CHECK(p->cp_off == cps && p->ncp == u8_count(s, p->text_len));
        FUZZ_CHECK(p->ncp <= o->max_cps);
        FUZZ_CHECK(p->src_start <= p->src_end);
        FUZZ_CHECK(p->chapter_off + p->chapter_len <= l->labels.len);
        FUZZ_CHECK(p->article_off + p->article_len <= l->labels.len);
        ends.n = 0;
        FUZZ_CHECK(psg_sentence_ends(s, p->text_len, &ends) == ZS_OK);
        FUZZ_CHECK(ends.n > 0 && ends.v[ends.n - 1] == p->ncp);
        for (size_t k = 1; k < ends.n; k++) FUZZ_CHECK(ends.v[k - 1] < ends.v[k]);
        at += p->text_len;
        cps += p->ncp;
    }
    FUZZ_CHECK(at == l->text.len && cps == l->src_start.n);
    u32vec_free(&ends);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    unsigned opt = data[0];
    data++;
    size--;
    psg_opts o = {PSG_MAX_CPS_MIN + 20 * (opt & 15), 20 * (opt >> 4 & 3)};
    buf text;
    buf_init(&text);
    u64vec offs;
    u64vec_init(&offs);
    psg_doc st;
    psg_doc_init(&st);
    psg_list l;
    psg_list_init(&l);
    int rc = fuzz_decode(data, size, &text, &offs);
    norm_evidence ev;
    norm_mode mode = NORM_PDF;
    if (!rc) rc = norm_measure(text.data, text.len, &ev);
    if (!rc) mode = norm_decide(&ev);
    size_t cut = text.len;
    if (opt & 64) { /* two chunks: the first ends at the last line end before the middle */
        size_t c = text.len / 2;
        while (c > 0 && text.data[c - 1] != '\n') c--;
        if (c > 0) cut = c;
    }
    if (!rc && cut) rc = chunk(&text, cut, &offs, size, mode, &o, &st, &l);
    if (!rc && cut < text.len) {
        size_t ncp = u8_count(text.data, cut);
        buf rest;
        buf_init(&rest);
        u64vec roffs = {offs.v + ncp, offs.n - ncp, offs.n - ncp};
        rc = buf_add(&rest, text.data + cut, text.len - cut);
        if (!rc) rc = chunk(&rest, rest.len, &roffs, size, mode, &o, &st, &l);
        buf_free(&rest);
    }
    if (!rc) check_list(&l, &o);
    FUZZ_CHECK(rc == ZS_OK);
    psg_list_free(&l);
    psg_doc_free(&st);
    u64vec_free(&offs);
    buf_free(&text);
    return 0;
}

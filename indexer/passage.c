/*
 * passage.c - cutting paragraphs into passages (see passage.h).
 *
 * Two steps: every paragraph becomes one or more pieces (a piece is a code
 * point range of one paragraph, cut at sentence ends), then pieces are
 * grouped into passages, which only ever joins a short body paragraph to a
 * neighbour.
 */
#include "passage.h"

#include "err.h"
#include "uchar.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

typedef struct piece {
    size_t para;
    uint32_t a, b; /* code points [a, b) of the paragraph */
    norm_kind kind;
    int whole;       /* the piece is its whole paragraph */
    size_t from, to; /* bytes [from, to) of the paragraph's text */
} piece;

typedef struct pieces {
    piece *v;
    size_t n, cap;
} pieces;

static int piece_push(pieces *ps, const piece *p)
{
    if (ps->n == ps->cap) {
        size_t c = ps->cap ? ps->cap * 2 : 64;
        piece *q = realloc(ps->v, c * sizeof *q);
        if (!q) return ZS_ENOMEM;
        ps->v = q;
        ps->cap = c;
    }
    ps->v[ps->n++] = *p;
    return ZS_OK;
}

void psg_opts_default(psg_opts *o)
{
    o->max_cps = PSG_MAX_CPS_DEFAULT;
    o->min_cps = PSG_MIN_CPS_DEFAULT;
}

void psg_list_init(psg_list *l)
{
    memset(l, 0, sizeof *l);
    buf_init(&l->text);
    buf_init(&l->written);
    buf_init(&l->labels);
    u64vec_init(&l->src_start);
    u64vec_init(&l->src_end);
}

void psg_list_free(psg_list *l)
{
    buf_free(&l->text);
    buf_free(&l->written);
    buf_free(&l->labels);
    u64vec_free(&l->src_start);
    u64vec_free(&l->src_end);
    free(l->v);
    psg_list_init(l);
}

void psg_list_clear(psg_list *l)
{
    buf_reset(&l->text);
    buf_reset(&l->written);
    buf_reset(&l->labels);
    l->src_start.n = 0;
    l->src_end.n = 0;
    l->n = 0;
}

const char *psg_written(const psg_list *l, const psg_passage *p)
{
    return (l->written.len ? l->written.data : l->text.data) + p->text_off;
}

int psg_fold_tail(psg_list *l, size_t from)
{
    buf *t = &l->text, *w = &l->written;
    size_t had = w->len;
    int rc;
    if (had) /* the part before `from` is there already */
        rc = buf_add(w, t->data + from, t->len - from);
    else if (uc_t2s_any(t->data + from, t->len - from))
        rc = buf_add(w, t->data, t->len);
    else
        return ZS_OK; /* nothing to fold: text stays its own written form */
    if (rc) {
        buf_truncate(w, had);
        return rc;
    }
    uc_t2s_utf8(t->data + from, t->len - from);
    return ZS_OK;
}

int psg_sentence_ends(const char *text, size_t len, u32vec *ends)
{
    const uint8_t *p = (const uint8_t *)text, *end = p + len;
    uint32_t i = 0;
    while (p < end) {
        uint32_t cp;
        p += u8_next(p, &cp);
        i++;
        int stop = uc_is_sentence_end(cp);
        if (!stop && cp == '.' && p < end && *p == ' ') stop = 1; /* Latin prose */
        if (!stop) continue;
        /* take closing quotes and repeated marks with the sentence: 。” ！？ …… */
        while (p < end) {
            uint32_t c2;
            int n = u8_next(p, &c2);
            if (!uc_is_closing(c2) && !uc_is_sentence_end(c2)) break;
            p += n;
            i++;
        }
        if (p < end && u32vec_push(ends, i)) return ZS_ENOMEM;
    }
    return u32vec_push(ends, i);
}

/* Is code point `cp` a clause mark where an over-long sentence may be cut? */
static int is_clause_mark(uint32_t cp)
{
    return cp == 0xFF0C || cp == 0x3001 || cp == 0xFF1A || cp == ',' || cp == ':' || cp == 0xFF1B ||
           cp == ';';
}

/* Cut [a, b) of a paragraph whose code points are `cps` into pieces no
 * longer than max, at clause marks where possible. */
static int cut_long_sentence(pieces *ps, const piece *tmpl, const uint32_t *cps, uint32_t a,
                             uint32_t b, uint32_t max)
{
    while (b - a > max) {
        uint32_t cut = 0;
        for (uint32_t i = a + max; i > a + max / 3; i--)
            if (is_clause_mark(cps[i - 1])) {
                cut = i;
                break;
            }
        if (!cut) cut = a + max;
        piece p = *tmpl;
        p.a = a;
        p.b = cut;
        if (piece_push(ps, &p)) return ZS_ENOMEM;
        a = cut;
    }
    piece p = *tmpl;
    p.a = a;
    p.b = b;
    return piece_push(ps, &p);
}

/* Cut one paragraph into pieces of near-equal size at sentence ends. */
static int cut_paragraph(const norm_doc *d, size_t pi, uint32_t max, pieces *ps, u32vec *ends,
                         u32vec *cps)
{
    const norm_para *para = &d->paras[pi];
    piece tmpl = {pi, 0, 0, para->kind, 0, 0, 0};
    uint32_t n = (uint32_t)para->ncp;
    if (n <= max) {
        tmpl.b = n;
        tmpl.whole = 1;
        return piece_push(ps, &tmpl);
    }
    ends->n = 0;
    cps->n = 0;
    const char *text = d->text.data + para->start;
    size_t len = para->end - para->start;
    if (psg_sentence_ends(text, len, ends) || u32vec_reserve(cps, n)) return ZS_ENOMEM;
    const uint8_t *p = (const uint8_t *)text, *end = p + len;
    while (p < end) {
        uint32_t cp;
        p += u8_next(p, &cp);
        cps->v[cps->n++] = cp;
    }
    uint32_t parts = (n + max - 1) / max;
    uint32_t target = (n + parts - 1) / parts;
    uint32_t start = 0, prev = 0;
    for (size_t i = 0; i < ends->n; i++) {
        uint32_t e = ends->v[i];
        if (e - start <= target) {
            prev = e;
            continue;
        }
        /* sentence i does not fit: cut before it, or cut it up */
        if (prev > start) {
            piece q = tmpl;
            q.a = start;
            q.b = prev;
            if (piece_push(ps, &q)) return ZS_ENOMEM;
            start = prev;
        }
        if (e - start <= max) {
            prev = e;
            continue;
        }
        if (cut_long_sentence(ps, &tmpl, cps->v, start, e, max)) return ZS_ENOMEM;
        start = prev = e;
    }
    if (start < n) {
        piece q = tmpl;
        q.a = start;
        q.b = n;
        if (q.b - q.a > max) return cut_long_sentence(ps, &tmpl, cps->v, start, n, max);
        if (piece_push(ps, &q)) return ZS_ENOMEM;
    }
    return ZS_OK;
}

/* Set the byte ranges of pieces [first, ps->n), the pieces of paragraph
 * `pi` in order, in one pass over its text (finding each piece's bytes
 * from the paragraph start made a long paragraph quadratic). */
static void set_piece_bytes(const norm_doc *d, size_t pi, pieces *ps, size_t first)
{
    const norm_para *para = &d->paras[pi];
    const char *text = d->text.data + para->start;
    size_t len = para->end - para->start, at = 0;
    uint32_t cp_at = 0;
    for (size_t k = first; k < ps->n; k++) {
        piece *pc = &ps->v[k];
        at += u8_offset(text + at, len - at, pc->a - cp_at);
        pc->from = at;
        at += u8_offset(text + at, len - at, pc->b - pc->a);
        pc->to = at;
        cp_at = pc->b;
    }
}

/* Split one paragraph into pieces of near-equal size at sentence ends,
 * with their byte ranges. */
static int split_paragraph(const norm_doc *d, size_t pi, uint32_t max, pieces *ps, u32vec *ends,
                           u32vec *cps)
{
    size_t first = ps->n;
    int rc = cut_paragraph(d, pi, max, ps, ends, cps);
    if (!rc) set_piece_bytes(d, pi, ps, first);
    return rc;
}

/* Does paragraph `pi` end with a closing quotation mark (”)? */
static int ends_with_quote(const norm_doc *d, size_t pi)
{
    const norm_para *p = &d->paras[pi];
    const uint8_t *s = (const uint8_t *)d->text.data + p->start;
    const uint8_t *e = (const uint8_t *)d->text.data + p->end;
    uint32_t last = 0, before = 0;
    while (s < e) {
        uint32_t cp;
        s += u8_next(s, &cp);
        before = last;
        last = cp;
    }
    return last == 0x201D || (uc_is_sentence_end(last) && before == 0x201D);
}

/* Append the text and offsets of piece `pc` to the current passage. */
static int add_piece(const norm_doc *d, const piece *pc, psg_list *out)
{
    const norm_para *para = &d->paras[pc->para];
    const char *text = d->text.data + para->start;
    if (buf_add(&out->text, text + pc->from, pc->to - pc->from)) return ZS_ENOMEM;
    if (u64vec_reserve(&out->src_start, pc->b - pc->a) ||
        u64vec_reserve(&out->src_end, pc->b - pc->a))
        return ZS_ENOMEM;
    for (uint32_t i = pc->a; i < pc->b; i++) {
        out->src_start.v[out->src_start.n++] = d->src_start.v[para->cp_start + i];
        out->src_end.v[out->src_end.n++] = d->src_end.v[para->cp_start + i];
    }
    return ZS_OK;
}

static int passage_push(psg_list *out, const psg_passage *p)
{
    if (out->n == out->cap) {
        size_t c = out->cap ? out->cap * 2 : 64;
        psg_passage *q = realloc(out->v, c * sizeof *q);
        if (!q) return ZS_ENOMEM;
        out->v = q;
        out->cap = c;
    }
    out->v[out->n++] = *p;
    return ZS_OK;
}

/* Emit pieces [first, last] as one passage. */
static int emit(const norm_doc *d, const pieces *ps, size_t first, size_t last, psg_list *out)
{
    psg_passage p;
    memset(&p, 0, sizeof p);
    p.text_off = out->text.len;
    p.cp_off = out->src_start.n;
    p.kind = ps->v[first].kind;
    for (size_t i = first; i <= last; i++) {
        if (add_piece(d, &ps->v[i], out)) return ZS_ENOMEM;
        if (ps->v[i].kind == NORM_BODY) p.kind = NORM_BODY;
    }
    p.text_len = out->text.len - p.text_off;
    p.ncp = (uint32_t)(out->src_start.n - p.cp_off);
    if (p.ncp == 0) return ZS_OK;
    p.src_start = out->src_start.v[p.cp_off];
    p.src_end = out->src_end.v[p.cp_off + p.ncp - 1];
    return passage_push(out, &p);
}

static uint32_t piece_len(const piece *p)
{
    return p->b - p->a;
}

/* Prose: pieces of each paragraph, a short body paragraph joining a
 * neighbour. */
static int split_prose(const norm_doc *d, const psg_opts *o, psg_list *out)
{
    pieces ps = {0};
    u32vec ends, cps;
    u32vec_init(&ends);
    u32vec_init(&cps);
    int rc = ZS_OK;
    for (size_t i = 0; i < d->npara && !rc; i++)
        if (d->paras[i].ncp) rc = split_paragraph(d, i, o->max_cps, &ps, &ends, &cps);
    /* group pieces: a short whole body paragraph joins a neighbour */
    size_t g0 = 0; /* first piece of the open group */
    uint32_t glen = 0;
    int open = 0;
    for (size_t i = 0; i < ps.n && !rc; i++) {
        const piece *pc = &ps.v[i];
        uint32_t len = piece_len(pc);
        int small = pc->whole && pc->kind == NORM_BODY && len < o->min_cps;
        if (open && small && ps.v[i - 1].kind == NORM_BODY && ps.v[i - 1].para + 1 == pc->para &&
            ends_with_quote(d, ps.v[i - 1].para) && glen + len <= o->max_cps) {
            glen += len; /* the attribution after a quotation */
            continue;
        }
        if (open && ps.v[g0].whole && ps.v[g0].kind == NORM_BODY && i == g0 + 1 &&
            piece_len(&ps.v[g0]) < o->min_cps && pc->kind == NORM_BODY &&
            pc->para == ps.v[g0].para + 1 && glen + len <= o->max_cps &&
            !ends_with_quote(d, ps.v[g0].para)) {
            glen += len; /* a short paragraph leading into this one */
            continue;
        }
        if (open) rc = emit(d, &ps, g0, i - 1, out);
        g0 = i;
        glen = len;
        open = 1;
    }
    if (open && !rc) rc = emit(d, &ps, g0, ps.n - 1, out);
    free(ps.v);
    u32vec_free(&ends);
    u32vec_free(&cps);
    return rc;
}

/* ---- law texts ---------------------------------------------------------- */

/* Chinese and Arabic numerals of article and chapter numbers. */
static int is_numeral(uint32_t cp)
{
    static const uint32_t han[] = {U'零', U'〇', U'一', U'二', U'三', U'四', U'五', U'六',
                                   U'七', U'八', U'九', U'十', U'百', U'千', U'两'};
    if ((cp >= '0' && cp <= '9') || (cp >= U'０' && cp <= U'９')) return 1;
    for (size_t i = 0; i < sizeof han / sizeof han[0]; i++)
        if (cp == han[i]) return 1;
    return 0;
}

/* Bytes of the numerals at p (none: 0). */
static size_t numerals(const uint8_t *p, const uint8_t *end)
{
    const uint8_t *q = p;
    while (q < end) {
        uint32_t cp;
        int n = u8_next(q, &cp);
        if (!is_numeral(cp)) break;
        q += n;
    }
    return (size_t)(q - p);
}

/* Does `text` start with 第, a number and `unit` ("条", "章", "分编")?
 * Returns the marker's length in bytes, or 0. */
static size_t numbered_marker(const char *text, size_t len, const char *unit)
{
    const uint8_t *p = (const uint8_t *)text, *end = p + len;
    uint32_t cp;
    if (p >= end || (p += u8_next(p, &cp), cp != U'第')) return 0;
    size_t nl = numerals(p, end);
    p += nl;
    size_t ul = strlen(unit);
    if (nl == 0 || (size_t)(end - p) < ul || memcmp(p, unit, ul) != 0) return 0;
    return (size_t)(p - (const uint8_t *)text) + ul;
}

/* An article marker opening paragraph text `t`: 第N条, or an inserted
 * article 第N条之M (刑法's 第十七条之一).  In clean text the marker stands
 * before a space (all but one of 147,291 article lines of the law corpus;
 * the exception, "第三十一条的决定》…", continues an adoption line); the
 * PDF repair has removed that space.  Returns the marker's bytes, or 0. */
static size_t article_marker(const char *t, size_t len, norm_mode mode)
{
    size_t m = numbered_marker(t, len, "条");
    if (!m) return 0;
    static const char zhi[] = "之";
    const uint8_t *p = (const uint8_t *)t + m, *end = (const uint8_t *)t + len;
    size_t zl = sizeof zhi - 1;
    if ((size_t)(end - p) > zl && !memcmp(p, zhi, zl)) {
        size_t nl = numerals(p + zl, end);
        if (nl) m += zl + nl;
    }
    if (mode == NORM_CLEAN && m < len && t[m] != ' ') return 0;
    return m;
}

typedef enum law_para {
    LAW_TEXT,    /* body text: in an article, or before the first */
    LAW_ARTICLE, /* opens an article: 第N条 */
    LAW_PART,    /* 第N编 or 第N分编 heading */
    LAW_CHAPTER, /* 第N章 heading */
    LAW_SECTION, /* 第N节 heading */
    LAW_HEADING  /* another marked heading (the title): ends an article */
} law_para;

/* What paragraph `pi` is in a law text; *mlen gets the marker length. */
static law_para law_classify(const norm_doc *d, size_t pi, size_t *mlen)
{
    const norm_para *p = &d->paras[pi];
    const char *t = d->text.data + p->start;
    size_t len = p->end - p->start;
    if ((*mlen = article_marker(t, len, d->mode))) return LAW_ARTICLE;
    int heading = p->kind == NORM_HEADING && p->ncp <= PSG_LAW_HEADING_MAX;
    if (heading && (*mlen = numbered_marker(t, len, "章"))) return LAW_CHAPTER;
    if (heading && (*mlen = numbered_marker(t, len, "节"))) return LAW_SECTION;
    if (heading &&
        ((*mlen = numbered_marker(t, len, "编")) || (*mlen = numbered_marker(t, len, "分编"))))
        return LAW_PART;
    *mlen = 0;
    return p->marked ? LAW_HEADING : LAW_TEXT;
}

/* A law text: paragraphs that open with 第N条, enough of them and at a
 * high enough share. */
static int is_law(const norm_doc *d)
{
    size_t articles = 0, mlen;
    for (size_t i = 0; i < d->npara; i++) articles += law_classify(d, i, &mlen) == LAW_ARTICLE;
    return articles >= PSG_LAW_MIN_ARTICLES && articles >= PSG_LAW_MIN_SHARE * (double)d->npara;
}

static int set_label(buf *b, const char *s, size_t n)
{
    buf_reset(b);
    return buf_add(b, s, n);
}

/* The chapter label of the state: "[第N编 ]第N章 title" or, inside a
 * section, "[第N编 ]第N章 第M节 title". */
static int chapter_label(const psg_doc *st, buf *out)
{
    buf_reset(out);
    int rc = ZS_OK;
    if (st->part_marker.len && (st->chapter.len || st->section.len)) {
        rc = buf_add(out, st->part_marker.data, st->part_marker.len);
        if (!rc) rc = buf_putc(out, ' ');
    } else if (st->part.len) {
        rc = buf_add(out, st->part.data, st->part.len);
    }
    if (!rc && st->section.len) {
        if (st->chapter_marker.len)
            rc = buf_add(out, st->chapter_marker.data, st->chapter_marker.len);
        if (!rc && st->chapter_marker.len) rc = buf_putc(out, ' ');
        if (!rc) rc = buf_add(out, st->section.data, st->section.len);
    } else if (!rc) {
        rc = buf_add(out, st->chapter.data, st->chapter.len);
    }
    return rc;
}

/* Follow a structure heading: a part clears chapter and section, a
 * chapter clears the section. */
static int law_enter(psg_doc *st, law_para kind, const char *t, size_t len, size_t mlen)
{
    int rc = ZS_OK;
    switch (kind) {
    case LAW_PART:
        rc = set_label(&st->part, t, len);
        if (!rc) rc = set_label(&st->part_marker, t, mlen);
        buf_reset(&st->chapter);
        buf_reset(&st->chapter_marker);
        buf_reset(&st->section);
        break;
    case LAW_CHAPTER:
        rc = set_label(&st->chapter, t, len);
        if (!rc) rc = set_label(&st->chapter_marker, t, mlen);
        buf_reset(&st->section);
        break;
    case LAW_SECTION:
        rc = set_label(&st->section, t, len);
        break;
    default:
        break;
    }
    buf_reset(&st->article);
    return rc;
}

/* Store `s` in out->labels, sharing the bytes of the previous passage's
 * label when equal (consecutive passages mostly share their chapter). */
static int put_label(psg_list *out, const buf *s, size_t *off, size_t *len)
{
    *len = s->len;
    *off = 0;
    if (!s->len) return ZS_OK;
    if (out->n > 0) {
        const psg_passage *prev = &out->v[out->n - 1];
        if (prev->chapter_len == s->len &&
            !memcmp(out->labels.data + prev->chapter_off, s->data, s->len)) {
            *off = prev->chapter_off;
            return ZS_OK;
        }
        if (prev->article_len == s->len &&
            !memcmp(out->labels.data + prev->article_off, s->data, s->len)) {
            *off = prev->article_off;
            return ZS_OK;
        }
    }
    *off = out->labels.len;
    return buf_add(&out->labels, s->data, s->len);
}

/* Emit pieces [first, last] as one passage with the labels of `st`. */
static int emit_law(const norm_doc *d, const pieces *ps, size_t first, size_t last, psg_doc *st,
                    psg_list *out)
{
    size_t n0 = out->n;
    int rc = emit(d, ps, first, last, out);
    if (rc || out->n == n0) return rc;
    size_t coff = 0, clen = 0, aoff = 0, alen = 0;
    rc = chapter_label(st, &st->label);
    if (!rc) rc = put_label(out, &st->label, &coff, &clen);
    if (!rc) rc = put_label(out, &st->article, &aoff, &alen);
    psg_passage *p = &out->v[out->n - 1];
    p->chapter_off = coff;
    p->chapter_len = clen;
    p->article_off = aoff;
    p->article_len = alen;
    return rc;
}

/* Law texts: an article (its 第N条 paragraph and the paragraphs and items
 * after it) is one passage when it fits, else its pieces are packed in
 * order up to the bound; two articles never share a passage.  Headings
 * and text outside articles are passages of their own. */
static int split_law(const norm_doc *d, const psg_opts *o, psg_doc *st, psg_list *out)
{
    pieces ps = {0};
    u32vec ends, cps;
    u32vec_init(&ends);
    u32vec_init(&cps);
    int rc = ZS_OK;
    size_t g0 = 0; /* first piece of the open group */
    uint32_t glen = 0;
    int open = 0;
    for (size_t i = 0; i < d->npara && !rc; i++) {
        if (!d->paras[i].ncp) continue;
        size_t mlen;
        law_para kind = law_classify(d, i, &mlen);
        const char *t = d->text.data + d->paras[i].start;
        size_t len = d->paras[i].end - d->paras[i].start;
        /* a paragraph inside an article continues its group */
        int stays = kind == LAW_TEXT && st->article.len;
        if (!stays && open) {
            rc = emit_law(d, &ps, g0, ps.n - 1, st, out);
            open = 0;
        }
        if (rc) break;
        if (kind == LAW_ARTICLE) {
            rc = set_label(&st->article, t, mlen);
        } else if (kind != LAW_TEXT) {
            rc = law_enter(st, kind, t, len, mlen);
        }
        size_t from = ps.n;
        if (!rc) rc = split_paragraph(d, i, o->max_cps, &ps, &ends, &cps);
        for (size_t k = from; k < ps.n && !rc; k++) {
            uint32_t plen = piece_len(&ps.v[k]);
            if (open && st->article.len && glen + plen <= o->max_cps) {
                glen += plen;
                continue;
            }
            if (open) rc = emit_law(d, &ps, g0, k - 1, st, out);
            g0 = k;
            glen = plen;
            open = 1;
        }
        /* headings and text outside articles stand alone */
        if (!rc && open && !st->article.len) {
            rc = emit_law(d, &ps, g0, ps.n - 1, st, out);
            open = 0;
        }
    }
    if (open && !rc) rc = emit_law(d, &ps, g0, ps.n - 1, st, out);
    free(ps.v);
    u32vec_free(&ends);
    u32vec_free(&cps);
    return rc;
}

void psg_doc_init(psg_doc *st)
{
    memset(st, 0, sizeof *st);
    buf_init(&st->part);
    buf_init(&st->part_marker);
    buf_init(&st->chapter);
    buf_init(&st->chapter_marker);
    buf_init(&st->section);
    buf_init(&st->article);
    buf_init(&st->label);
}

void psg_doc_free(psg_doc *st)
{
    buf_free(&st->part);
    buf_free(&st->part_marker);
    buf_free(&st->chapter);
    buf_free(&st->chapter_marker);
    buf_free(&st->section);
    buf_free(&st->article);
    buf_free(&st->label);
    psg_doc_init(st);
}

int psg_split(const norm_doc *d, const psg_opts *o, psg_doc *st, psg_list *out)
{
    if (o->max_cps < PSG_MAX_CPS_MIN || o->max_cps > PSG_MAX_CPS_MAX) return ZS_EINVAL;
    if (!st->decided) {
        st->law = is_law(d);
        st->decided = 1;
    }
    return st->law ? split_law(d, o, st, out) : split_prose(d, o, out);
}

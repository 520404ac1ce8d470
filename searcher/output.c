/* output.c - text, JSON Lines and TSV results (see output.h). */
#include "output.h"

#include "factfmt.h"
#include "fct.h"

#include "bm25.h"
#include "date.h"
#include "format.h"
#include "highlight.h"
#include "json.h"
#include "uchar.h"
#include "utf8.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define COLOR_MATCH "\033[1;31m"
#define COLOR_META  "\033[2m"
#define COLOR_OFF   "\033[0m"

/* Everything needed to print one hit. */
typedef struct hit_view {
    uint64_t rank;
    double score;
    seg_passage_info pi;
    seg_doc_info di;
    labelcol_label chapter, article;
    buf text;
    hl_spans hl;
    uint32_t ncp, from, to; /* snippet window */
    uint32_t codes[SC_MAX_SET], years[SC_MAX_SET];
    size_t ncodes, nyears;
    fct_list facts; /* extracted again from the text */
    size_t *shown;  /* indexes of the facts that satisfy a condition */
    size_t nshown;
    int collapsed;   /* --collapse: the best passage of its document */
    uint32_t others; /* then: how many more passages of it matched */
} hit_view;

/* The facts of the hit that satisfy one of the query's conditions. */
static int pick_facts(const srch_plan *p, const gaz *g, hit_view *v, zs_diag *d)
{
    int any = 0;
    for (size_t i = 0; i < p->nwords; i++) any |= p->words[i].cond != NULL;
    if (!any) return ZS_OK;
    /* as the indexer extracted them: with the gazetteer, from the text in
     * its simplified fold (fields are stored folded; the fold keeps the
     * offsets, so evidence and highlights point into the text as written) */
    buf folded;
    buf_init(&folded);
    int rc = buf_add(&folded, v->text.data, v->text.len);
    if (!rc) {
        uc_t2s_utf8(folded.data, folded.len);
        rc = fct_extract_gaz(folded.data, folded.len, g, &v->facts, d);
    }
    buf_free(&folded);
    if (rc) return rc;
    v->shown = malloc((v->facts.n ? v->facts.n : 1) * sizeof *v->shown);
    if (!v->shown) return ZS_ENOMEM;
    for (size_t k = 0; k < v->facts.n; k++) {
        const fct_fact *f = &v->facts.v[k];
        const char *field = fct_field(&v->facts, f), *unit = fct_unit(&v->facts, f);
        for (size_t i = 0; i < p->nwords; i++) {
            const qry_cond *c = p->words[i].cond;
            if (c && qry_cond_series(c, field, f->field_len, unit, f->unit_len) &&
                qry_cond_entry(c, f->lo, f->hi, f->type, f->dir,
                               (unsigned)(f->confidence * 255.0f + 0.5f))) {
                v->shown[v->nshown++] = k;
                /* show the number in the snippet */
                if ((rc = hl_add(&v->hl, f->num_start, f->num_end))) return rc;
                break;
            }
        }
    }
    return ZS_OK;
}

static int load_hit(searcher *s, const srch_plan *p, const topk_hit *h, const out_opts *o,
                    hit_view *v, zs_diag *d)
{
    uint32_t local;
    size_t si = ix_segment_of(s->ix, h->gid, &local);
    segment *sg = s->ix->segs[si];
    int rc = seg_passage(sg, local, &v->pi, d);
    if (!rc) rc = seg_doc(sg, v->pi.doc, &v->di, d);
    if (!rc) rc = seg_text(sg, local, &v->text, d);
    if (!rc) rc = seg_labels(sg, local, &v->chapter, &v->article, d);
    uint32_t cset, yset;
    if (!rc && !(rc = seg_sets(sg, local, &cset, &yset)))
        rc = sc_values(&sg->cities, cset, v->codes, SC_MAX_SET, &v->ncodes);
    if (!rc) rc = sc_values(&sg->years, yset, v->years, SC_MAX_SET, &v->nyears);
    if (rc == ZS_ECORRUPT) zs_fail(d, rc, "index corrupt: %s: set column damaged", zf_path(sg->zr));
    if (rc) return rc;
    gaz_cities_first(v->codes, v->ncodes); /* stored ascending: provinces first */
    const mt_word *words[QRY_MAX_WORDS];
    size_t n = 0;
    for (size_t c = 0; c < p->ncl; c++)
        for (size_t j = 0; j < p->cl[c].n && n < QRY_MAX_WORDS; j++)
            if (srch_scored(p, c, j)) {
                const srch_word *w = &p->words[p->cl[c].first + j];
                if (!w->nsub) words[n++] = &w->w;
                for (size_t k = 0; k < w->nsub && n < QRY_MAX_WORDS; k++) words[n++] = &w->sub[k];
            }
    rc = hl_find(v->text.data, v->text.len, words, n, &v->hl);
    if (!rc) rc = pick_facts(p, o->g, v, d);
    v->ncp = (uint32_t)u8_count(v->text.data, v->text.len);
    hl_window(&v->hl, v->ncp, o->snippet, &v->from, &v->to);
    v->score = h->score;
    return rc;
}

/* Byte offset of code point n in s (len when past the end): u8_offset
 * for text that is valid UTF-8 (the segment reader checks stored text),
 * a character at a time rather than a byte at a time. */
static size_t cp_offset(const char *s, size_t len, uint32_t n)
{
    size_t i = 0;
    for (; n && i < len; n--) {
        unsigned char c = (unsigned char)s[i];
        i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    }
    return i < len ? i : len;
}

/* Byte offsets [*a, *z) of the snippet window (code points from, to). */
static void window_bytes(const hit_view *v, size_t *a, size_t *z)
{
    /* a short passage is its own snippet: no need to walk it */
    *a = cp_offset(v->text.data, v->text.len, v->from);
    *z = v->to >= v->ncp ? v->text.len
                         : *a + cp_offset(v->text.data + *a, v->text.len - *a, v->to - v->from);
}

/* Append text code points [from, to) to b, with highlight marks when
 * `on`/`off` are given. */
static void add_range(buf *b, const hit_view *v, uint32_t from, uint32_t to, const char *on,
                      const char *off)
{
    if (!on) { /* the bytes as they are */
        size_t a = cp_offset(v->text.data, v->text.len, from);
        buf_add(b, v->text.data + a, cp_offset(v->text.data + a, v->text.len - a, to - from));
        return;
    }
    const uint8_t *p = (const uint8_t *)v->text.data, *end = p + v->text.len;
    size_t h = 0;
    for (uint32_t i = 0; p < end && i < to; i++) {
        uint32_t cp;
        int k = u8_next(p, &cp);
        if (i >= from) {
            while (h < v->hl.n && v->hl.v[h].end <= i) h++;
            int in = h < v->hl.n && v->hl.v[h].start <= i;
            if (on && in && (i == v->hl.v[h].start || i == from)) buf_puts(b, on);
            buf_add(b, p, (size_t)k);
            if (on && in && (i + 1 == v->hl.v[h].end || i + 1 == to)) buf_puts(b, off);
        }
        p += k;
    }
}

static void snippet(buf *b, const hit_view *v, const char *on, const char *off)
{
    if (v->from > 0) buf_puts(b, "…");
    add_range(b, v, v->from, v->to, on, off);
    if (v->to < v->ncp) buf_puts(b, "…");
}

/* ---- places and years ------------------------------------------------------ */

static const char *place_name(const gaz *g, uint32_t code)
{
    const gaz_unit *u;
    return g && gaz_unit_by_code(g, code, &u) == ZS_OK ? u->short_name : "?";
}

/* "郑州,河南" into b (sep between names). */
/* The places' names, each once: a municipality and its province share
 * one (北京), and the line says it once. */
static void place_list(buf *b, const gaz *g, const hit_view *v, const char *sep)
{
    for (size_t i = 0, shown = 0; i < v->ncodes; i++) {
        const char *name = place_name(g, v->codes[i]);
        int again = 0;
        for (size_t k = 0; k < i && !again; k++) again = !strcmp(place_name(g, v->codes[k]), name);
        if (again) continue;
        if (shown++) buf_puts(b, sep);
        buf_puts(b, name);
    }
}

static void year_list(buf *b, const hit_view *v, const char *sep)
{
    for (size_t i = 0; i < v->nyears; i++) {
        if (i) buf_puts(b, sep);
        buf_u64(b, v->years[i]);
    }
}

/* ---- date, title, chapter, article ---------------------------------------- */

/* "key":"value", when the value is not empty (UTF-8 the segment reader
 * checked: titles, urls and labels). */
static void opt_str(buf *b, const char *key, const char *s, size_t len)
{
    if (!len) return;
    json_key(b, key);
    json_str_valid(b, s, len);
    buf_putc(b, ',');
}

/* "date":"2022-03-31"|null,"title":"…", then "url" and "extra" (a JSON
 * Lines record's url and other keys, when it has them: docs/FORMAT.md
 * DOCS, README "JSON Lines input"), "chapter" and "article" (when the
 * passage has them), each followed by a comma. */
static void doc_json(buf *b, const hit_view *v)
{
    char date[DATE_TEXT_MAX + 1];
    if (date_format(v->di.date, date)) {
        buf_puts(b, "\"date\":\"");
        buf_puts(b, date);
        buf_puts(b, "\",\"title\":");
    } else {
        buf_puts(b, "\"date\":null,\"title\":");
    }
    json_str_valid(b, v->di.title, v->di.title_len);
    buf_putc(b, ',');
    opt_str(b, "url", v->di.url, v->di.url_len);
    if (v->di.extra_len) { /* already a JSON object */
        buf_puts(b, "\"extra\":");
        buf_add(b, v->di.extra, v->di.extra_len);
        buf_putc(b, ',');
    }
    opt_str(b, "chapter", v->chapter.p, v->chapter.len);
    opt_str(b, "article", v->article.p, v->article.len);
}

/* Text for one line of the terminal: control characters become spaces. */
static void one_line(buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) buf_putc(b, (unsigned char)s[i] < 0x20 ? ' ' : s[i]);
}

/* Where extra_text writes, and what goes before the next member. */
typedef struct extra_out {
    buf *b;
    const char *sep;
} extra_out;

/* One member of a record's other keys, as "key=value". */
static int extra_member(void *ctx, const json_member *m)
{
    extra_out *x = ctx;
    buf_puts(x->b, x->sep);
    one_line(x->b, m->key, m->key_len);
    buf_putc(x->b, '=');
    one_line(x->b, m->val, m->val_len);
    x->sep = "  ";
    return buf_error(x->b);
}

/* A JSON Lines record's other keys (a JSON object) as "key=value" each,
 * `sep` before the first and two spaces between: strings unescaped, other
 * values as their JSON text, control characters as spaces; anything but
 * an object is shown as stored. */
static void extra_text(buf *b, const char *sep, const char *extra, size_t len)
{
    if (!len) return;
    size_t mark = b->len;
    extra_out x = {b, sep};
    int rc = json_object_each(extra, len, extra_member, &x, NULL);
    if (rc == ZS_EINVAL) {
        buf_truncate(b, mark);
        buf_puts(b, sep);
        one_line(b, extra, len);
    } else {
        buf_set_error(b, rc);
    }
}

/* "   2022-03-31  标题  第一章 总则 第四十五条  URL  key=value" when the hit
 * has any of them (URL and the keys: a JSON Lines record's url and other
 * keys). */
static void doc_text(buf *b, const hit_view *v, const char *meta, const char *off)
{
    char date[DATE_TEXT_MAX + 1];
    size_t dl = date_format(v->di.date, date);
    if (!dl && !v->di.title_len && !v->chapter.len && !v->article.len && !v->di.url_len &&
        !v->di.extra_len)
        return;
    const char *sep = "";
    buf_printf(b, "   %s", meta);
    if (dl) {
        buf_puts(b, date);
        sep = "  ";
    }
    buf_printf(b, "%s", off);
    if (v->di.title_len) {
        buf_puts(b, sep);
        one_line(b, v->di.title, v->di.title_len);
        sep = "  ";
    }
    if (v->chapter.len || v->article.len) {
        buf_printf(b, "%s%s", sep, meta);
        one_line(b, v->chapter.p, v->chapter.len);
        if (v->chapter.len && v->article.len) buf_putc(b, ' ');
        one_line(b, v->article.p, v->article.len);
        buf_puts(b, off);
        sep = "  ";
    }
    if (v->di.url_len) {
        buf_puts(b, sep);
        one_line(b, v->di.url, v->di.url_len);
        sep = "  ";
    }
    if (v->di.extra_len) {
        buf_puts(b, meta);
        extra_text(b, sep, v->di.extra, v->di.extra_len);
        buf_puts(b, off);
    }
    buf_putc(b, '\n');
}

/* ---- explain ------------------------------------------------------------- */

static int explain_json(buf *b, searcher *s, const srch_plan *p, uint64_t gid, zs_diag *d)
{
    srch_explain e;
    int rc = srch_explain_hit(s, p, gid, &e, d);
    if (rc) return rc;
    buf_puts(b, ",\"explain\":{\"formula\":\"sum of idf*tf/(tf+k1*(1-b+b*dl/avgdl))\",\"k1\":");
    json_double(b, BM25_K1);
    buf_puts(b, ",\"b\":");
    json_double(b, BM25_B);
    buf_puts(b, ",\"N\":");
    json_u64(b, e.n);
    buf_puts(b, ",\"dl\":");
    json_u64(b, e.dl);
    buf_puts(b, ",\"avgdl\":");
    json_double(b, e.avgdl);
    buf_puts(b, ",\"score\":");
    json_double(b, e.score);
    buf_puts(b, ",\"words\":[");
    int first = 1;
    for (size_t c = 0; c < p->ncl; c++) {
        for (size_t j = 0; j < p->cl[c].n; j++) {
            if (!srch_scored(p, c, j)) continue;
            const srch_explain_word *w = &e.words[p->cl[c].first + j];
            if (!first) buf_putc(b, ',');
            first = 0;
            buf_putc(b, '{');
            json_key(b, "word");
            json_str(b, w->word->q->text, w->word->q->len);
            buf_puts(b, ",\"tf\":");
            json_u64(b, w->tf);
            buf_puts(b, ",\"idf\":");
            json_double(b, w->word->idf);
            buf_puts(b, ",\"norm\":");
            json_double(b, w->norm);
            buf_puts(b, ",\"score\":");
            json_double(b, w->score);
            if (w->word->nsub) {
                buf_puts(b, ",\"proximity_boost\":");
                json_double(b, w->boost);
                buf_puts(b, ",\"gap\":");
                json_u64(b, w->tf ? w->gap : 0);
            }
            buf_puts(b, ",\"tokens\":[");
            for (size_t k = 0; k < srch_word_ntoks(w->word); k++) {
                const mt_tok *t = srch_word_tok(w->word, k);
                if (k) buf_putc(b, ',');
                buf_puts(b, "{\"term\":");
                json_str(b, t->term, t->len);
                if (t->kind == TOK_PREFIX) buf_puts(b, ",\"prefix\":true");
                buf_puts(b, ",\"df\":");
                json_u64(b, w->word->tok_df[k]);
                buf_puts(b, ",\"idf\":");
                json_double(b, w->word->tok_idf[k]);
                buf_putc(b, '}');
            }
            buf_puts(b, "]}");
        }
    }
    buf_puts(b, "]}");
    srch_explain_free(&e);
    return ZS_OK;
}

static int explain_text(buf *b, searcher *s, const srch_plan *p, uint64_t gid, zs_diag *d)
{
    srch_explain e;
    int rc = srch_explain_hit(s, p, gid, &e, d);
    if (rc) return rc;
    buf_printf(
        b, "   score %.6f = sum over words of idf * tf / (tf + k1 * (1 - b + b * dl / avgdl))\n",
        e.score);
    buf_printf(b, "   k1 %.2f, b %.2f, N %llu passages, dl %u, avgdl %.6f\n", BM25_K1, BM25_B,
               (unsigned long long)e.n, e.dl, e.avgdl);
    for (size_t c = 0; c < p->ncl; c++) {
        for (size_t j = 0; j < p->cl[c].n; j++) {
            if (!srch_scored(p, c, j)) continue;
            const srch_explain_word *w = &e.words[p->cl[c].first + j];
            buf_printf(b, "   %.*s: tf %u, idf %.6f, norm %.6f -> %.6f\n", (int)w->word->q->len,
                       w->word->q->text, w->tf, w->word->idf, w->norm, w->score);
            if (w->word->nsub && w->tf)
                buf_printf(b,
                           "     tf = windows holding every word; proximity boost %.6f = 1 + 1 "
                           "/ (1 + gap %u)\n",
                           w->boost, w->gap);
            buf_puts(b, "     idf = sum of");
            for (size_t k = 0; k < srch_word_ntoks(w->word); k++) {
                const mt_tok *t = srch_word_tok(w->word, k);
                buf_printf(b, " %.*s%s(df %llu, idf %.6f)", (int)t->len, t->term,
                           t->kind == TOK_PREFIX ? "*" : "", (unsigned long long)w->word->tok_df[k],
                           w->word->tok_idf[k]);
            }
            buf_printf(b, "; idf(df) = ln(1 + (N - df + 0.5) / (df + 0.5))\n");
        }
    }
    srch_explain_free(&e);
    return ZS_OK;
}

/* ---- formats ---------------------------------------------------------------- */

/* Does any of the 8 bytes at p need a look in tsv_field: a control
 * character (tab, newline and carriage return among them) or '\\'?  The
 * word-at-a-time tests of json.c: a byte below n, a byte equal to c. */
static int tsv_word_special(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    const uint64_t ones = 0x0101010101010101ULL, high = 0x8080808080808080ULL;
    uint64_t below = (x - ones * 0x20) & ~x & high;
    uint64_t bs = x ^ (ones * '\\');
    return (below | ((bs - ones) & ~bs & high)) != 0;
}

static void tsv_field(buf *b, const char *s, size_t len)
{
    if (len == 0) return; /* s may be NULL then (no chapter): no arithmetic on it */
    size_t run = 0;       /* start of the pending run of bytes copied as they are */
    for (size_t i = 0; i < len; i++) {
        /* eight bytes at a time while none needs a look */
        while (i + 8 <= len && !tsv_word_special(s + i)) i += 8;
        if (i >= len) break;
        const char *esc;
        switch (s[i]) {
        case '\t':
            esc = "\\t";
            break;
        case '\n':
            esc = "\\n";
            break;
        case '\r':
            esc = "\\r";
            break;
        case '\\':
            esc = "\\\\";
            break;
        default:
            continue;
        }
        buf_add(b, s + run, i - run);
        buf_add(b, esc, 2);
        run = i + 1;
    }
    buf_add(b, s + run, len - run);
}

/* The passages of the hit's document from `from` to `to` (local ids,
 * inclusive, clipped to the document), as JSON objects or text lines. */
static int context_range(buf *b, segment *sg, uint32_t doc, int64_t from, int64_t to, int json,
                         const char *meta, const char *off, zs_diag *d)
{
    buf t;
    buf_init(&t);
    int rc = ZS_OK, first = 1;
    for (int64_t pid = from < 0 ? 0 : from; pid <= to && pid < (int64_t)sg->npassages && !rc;
         pid++) {
        seg_passage_info pi;
        if ((rc = seg_passage(sg, (uint32_t)pid, &pi, d))) break;
        if (pi.doc != doc) continue;
        if ((rc = seg_text(sg, (uint32_t)pid, &t, d))) break;
        if (json) {
            buf_printf(b, "%s{\"passage\":%u,\"text\":", first ? "" : ",", pi.ordinal);
            json_str(b, t.data, t.len);
            buf_putc(b, '}');
        } else {
            buf_printf(b, "   %s#%u:%s ", meta, pi.ordinal, off);
            one_line(b, t.data, t.len);
            buf_putc(b, '\n');
        }
        first = 0;
    }
    buf_free(&t);
    return rc;
}

/* -B/-A/-C around a hit: JSON "before" and "after" arrays, or text lines
 * above (before) or below (after) the hit. */
static int context(buf *b, searcher *s, const topk_hit *h, const out_opts *o, int json, int after,
                   zs_diag *d)
{
    uint32_t n = after ? o->after : o->before;
    if (!n) return ZS_OK;
    uint32_t local;
    segment *sg = s->ix->segs[ix_segment_of(s->ix, h->gid, &local)];
    uint32_t doc = seg_doc_of(sg, local);
    const char *meta = o->color ? COLOR_META : "", *off = o->color ? COLOR_OFF : "";
    if (json) buf_printf(b, ",\"%s\":[", after ? "after" : "before");
    int rc =
        after
            ? context_range(b, sg, doc, (int64_t)local + 1, (int64_t)local + n, json, meta, off, d)
            : context_range(b, sg, doc, (int64_t)local - n, (int64_t)local - 1, json, meta, off, d);
    if (json) buf_putc(b, ']');
    return rc;
}

static void fmt_json(buf *b, searcher *s, const srch_plan *p, const hit_view *v, const topk_hit *h,
                     const char *query, const out_opts *o, zs_diag *d)
{
    buf_putc(b, '{');
    if (o->batch) {
        json_key(b, "query");
        json_cstr(b, query);
        buf_putc(b, ',');
    }
    buf_puts(b, "\"rank\":");
    json_u64(b, v->rank);
    buf_puts(b, ",\"score\":");
    json_double(b, v->score);
    buf_puts(b, ",\"doc\":");
    json_str(b, v->di.path, v->di.path_len);
    buf_puts(b, ",\"passage\":");
    json_u64(b, v->pi.ordinal);
    if (v->pi.ext_id) {
        buf_puts(b, ",\"id\":");
        json_u64(b, v->pi.ext_id);
    }
    buf_puts(b, ",\"start\":");
    json_u64(b, v->pi.src_start);
    buf_puts(b, ",\"end\":");
    json_u64(b, v->pi.src_end);
    buf_puts(b, v->pi.kind == FMT_KIND_HEADING ? ",\"kind\":\"heading\"," : ",\"kind\":\"body\",");
    doc_json(b, v);
    buf_puts(b, "\"city\":[");
    for (size_t i = 0; i < v->ncodes; i++) {
        if (i) buf_putc(b, ',');
        json_cstr(b, place_name(o->g, v->codes[i]));
    }
    buf_puts(b, "],\"city_code\":[");
    for (size_t i = 0; i < v->ncodes; i++) {
        if (i) buf_putc(b, ',');
        json_u64(b, v->codes[i]);
    }
    buf_puts(b, "],\"year\":[");
    year_list(b, v, ",");
    buf_puts(b, "],\"facts\":[");
    for (size_t i = 0; i < v->nshown; i++) {
        const fct_fact *f = &v->facts.v[v->shown[i]];
        if (i) buf_putc(b, ',');
        factfmt_json(b, &v->facts, f, v->text.data, v->text.len,
                     factfmt_place(o->g, v->text.data, v->text.len, f->place_start, f->place_end));
    }
    buf_puts(b, "],\"text\":");
    size_t at = b->len;
    json_str_valid(b, v->text.data, v->text.len);
    /* a text that needed no escape has no part that does */
    int plain = b->len - at == v->text.len + 2;
    size_t a, z;
    window_bytes(v, &a, &z);
    buf_puts(b, v->from > 0 ? ",\"snippet\":\"…" : ",\"snippet\":\"");
    if (plain)
        buf_add(b, v->text.data + a, z - a);
    else
        json_esc_valid(b, v->text.data + a, z - a);
    buf_puts(b, v->to < v->ncp ? "…\"" : "\"");
    buf_puts(b, ",\"highlights\":[");
    for (size_t i = 0; i < v->hl.n; i++) {
        if (i) buf_putc(b, ',');
        buf_putc(b, '[');
        json_u64(b, v->hl.v[i].start);
        buf_putc(b, ',');
        json_u64(b, v->hl.v[i].end);
        buf_putc(b, ']');
    }
    buf_putc(b, ']');
    if (v->collapsed) buf_printf(b, ",\"others\":%u", v->others);
    buf_set_error(b, context(b, s, h, o, 1, 0, d));
    buf_set_error(b, context(b, s, h, o, 1, 1, d));
    if (o->explain) buf_set_error(b, explain_json(b, s, p, h->gid, d));
    buf_puts(b, "}\n");
}

static void fmt_tsv(buf *b, const hit_view *v, const char *query, const out_opts *o)
{
    if (o->batch) {
        tsv_field(b, query, strlen(query));
        buf_putc(b, '\t');
    }
    buf_u64(b, v->rank);
    buf_printf(b, "\t%.6f\t", v->score);
    tsv_field(b, v->di.path, v->di.path_len);
    buf_putc(b, '\t');
    buf_u64(b, v->pi.ordinal);
    buf_putc(b, '\t');
    buf_u64(b, v->pi.src_start);
    buf_putc(b, '\t');
    buf_u64(b, v->pi.src_end);
    buf_puts(b, v->pi.kind == FMT_KIND_HEADING ? "\theading\t" : "\tbody\t");
    place_list(b, o->g, v, ",");
    buf_putc(b, '\t');
    year_list(b, v, ",");
    buf_putc(b, '\t');
    for (size_t i = 0; i < v->nshown; i++) {
        const fct_fact *f = &v->facts.v[v->shown[i]];
        buf t;
        buf_init(&t);
        if (i) buf_puts(&t, "; ");
        factfmt_text(&t, &v->facts, f);
        buf_puts(&t, " «");
        factfmt_evidence(&t, f, v->text.data, v->text.len);
        buf_puts(&t, "»");
        tsv_field(b, t.data, t.len);
        buf_set_error(b, buf_error(&t));
        buf_free(&t);
    }
    buf_putc(b, '\t');
    size_t a, z;
    window_bytes(v, &a, &z);
    if (v->from > 0) buf_puts(b, "…");
    tsv_field(b, v->text.data + a, z - a);
    if (v->to < v->ncp) buf_puts(b, "…");
    char date[DATE_TEXT_MAX + 1];
    date_format(v->di.date, date);
    buf_printf(b, "\t%s\t", date);
    tsv_field(b, v->di.title, v->di.title_len);
    buf_putc(b, '\t');
    tsv_field(b, v->chapter.p, v->chapter.len);
    buf_putc(b, '\t');
    tsv_field(b, v->article.p, v->article.len);
    buf_putc(b, '\t');
    tsv_field(b, v->di.url, v->di.url_len);
    buf_putc(b, '\t');
    tsv_field(b, v->di.extra, v->di.extra_len); /* the JSON object, escaped as any field */
    buf_putc(b, '\n');
}

static void fmt_text(buf *b, searcher *s, const srch_plan *p, const hit_view *v, const topk_hit *h,
                     const out_opts *o, zs_diag *d)
{
    const char *meta = o->color ? COLOR_META : "", *off = o->color ? COLOR_OFF : "";
    buf_printf(b, "%llu. %s[%.4f]%s %.*s #%u %s(bytes %llu-%llu%s)%s\n",
               (unsigned long long)v->rank, meta, v->score, off, (int)v->di.path_len, v->di.path,
               v->pi.ordinal, meta, (unsigned long long)v->pi.src_start,
               (unsigned long long)v->pi.src_end, v->pi.kind == FMT_KIND_HEADING ? ", heading" : "",
               off);
    doc_text(b, v, meta, off);
    if (v->ncodes || v->nyears) {
        buf_printf(b, "   %s[", meta);
        place_list(b, o->g, v, " ");
        if (v->ncodes && v->nyears) buf_puts(b, " | ");
        year_list(b, v, " ");
        buf_printf(b, "]%s\n", off);
    }
    buf_set_error(b, context(b, s, h, o, 0, 0, d));
    buf_puts(b, "   ");
    snippet(b, v, o->color ? COLOR_MATCH : NULL, o->color ? COLOR_OFF : NULL);
    buf_putc(b, '\n');
    buf_set_error(b, context(b, s, h, o, 0, 1, d));
    for (size_t i = 0; i < v->nshown; i++) {
        const fct_fact *f = &v->facts.v[v->shown[i]];
        buf_printf(b, "   %sfact:%s ", meta, off);
        factfmt_text(b, &v->facts, f);
        buf_puts(b, "  «");
        factfmt_evidence(b, f, v->text.data, v->text.len);
        buf_puts(b, "»\n");
    }
    if (v->collapsed && v->others)
        buf_printf(b, "   %s(+%u more matching passage%s in this document)%s\n", meta, v->others,
                   v->others == 1 ? "" : "s", off);
    if (o->explain) buf_set_error(b, explain_text(b, s, p, h->gid, d));
}

/* Write what `b` holds, or nothing if building it failed: output is whole
 * or not written (buffer errors are sticky, buf.h), never silently cut. */
static int write_buf(FILE *f, const buf *b)
{
    int rc = buf_error(b);
    if (rc) return rc;
    return fwrite(b->data, 1, b->len, f) == b->len ? ZS_OK : ZS_EIO;
}

int out_tsv_header(FILE *f, const out_opts *o)
{
    if (o->format != OUT_TSV) return ZS_OK;
    if (fprintf(
            f,
            "%srank\tscore\tdoc\tpassage\tstart\tend\tkind\tcity\tyear\tfacts\tsnippet\tdate\ttitle"
            "\tchapter\tarticle\turl\textra\n",
            o->batch ? "query\t" : "") < 0)
        return ZS_EIO;
    return ZS_OK;
}

int out_hits(FILE *f, searcher *s, const srch_plan *p, const srch_result *r, const char *query,
             const out_opts *o, zs_diag *d)
{
    return out_hits_collapsed(f, s, p, r, NULL, query, o, d);
}

/* Hits formatted together in passage order (write_chunk), their output
 * held in memory until written in rank order.  Each chunk inflates every
 * text block it touches once, and a large export touches nearly all of
 * them: 131,072 hits made the 220,535 of docs/BENCHMARKS.md "Bulk
 * export" two chunks, and inflating every block a second time cost a
 * sixth of the instructions.  262,144 hits of JSON hold about 290 MB. */
#define OUT_CHUNK 262144

/* What the hits formatted by one thread reuse: a passage's text and its
 * highlight spans, grown once rather than allocated for every hit. */
typedef struct hit_scratch {
    buf text;
    hl_spans hl;
    fct_list facts; /* kept from hit to hit: it keeps the extractor's
                       indexed word lists, built at its first extraction */
} hit_scratch;

static void hit_scratch_init(hit_scratch *sc)
{
    buf_init(&sc->text);
    memset(&sc->hl, 0, sizeof sc->hl);
    fct_list_init(&sc->facts);
}

static void hit_scratch_free(hit_scratch *sc)
{
    buf_free(&sc->text);
    hl_spans_free(&sc->hl);
    fct_list_free(&sc->facts);
}

/* Format hit i (rank i + 1) into b, with the buffers of `sc`. */
static int format_hit(buf *b, hit_scratch *sc, searcher *s, const srch_plan *p,
                      const srch_result *r, size_t i, const uint32_t *others, const char *query,
                      const out_opts *o, zs_diag *d)
{
    hit_view v;
    memset(&v, 0, sizeof v);
    v.text = sc->text; /* lent for this hit, handed back below */
    v.hl = sc->hl;
    v.facts = sc->facts;
    fct_list_clear(&v.facts);
    v.rank = i + 1;
    v.collapsed = others != NULL;
    v.others = others ? others[i] : 0;
    int rc = load_hit(s, p, &r->hits[i], o, &v, d);
    if (!rc) {
        if (o->format == OUT_JSON)
            fmt_json(b, s, p, &v, &r->hits[i], query, o, d);
        else if (o->format == OUT_TSV)
            fmt_tsv(b, &v, query, o);
        else
            fmt_text(b, s, p, &v, &r->hits[i], o, d);
    }
    sc->text = v.text;
    sc->hl = v.hl;
    sc->facts = v.facts;
    free(v.shown);
    return rc;
}

/* A hit of a chunk: its index in the result and where its text went. */
typedef struct chunk_hit {
    uint64_t gid;
    size_t i;
    size_t part; /* the chunk_part whose text holds it */
    size_t at, len;
} chunk_hit;

static int cmp_chunk_gid(const void *a, const void *b)
{
    const chunk_hit *x = a, *y = b;
    return x->gid < y->gid ? -1 : x->gid > y->gid;
}

/* Threads that format a bulk export (the calling thread is one of them),
 * and the fewest hits worth a second thread. */
#define OUT_THREADS      2
#define OUT_PARALLEL_MIN 4096

/* What every part of a chunk shares. */
typedef struct chunk_args {
    const srch_plan *p;
    const srch_result *r;
    const uint32_t *others;
    const char *query;
    const out_opts *o;
} chunk_args;

/* The hits v[from, to) of a chunk (in passage order), formatted by one
 * thread with its own index handle into its own buffer. */
typedef struct chunk_part {
    searcher *s;
    const chunk_args *a;
    chunk_hit *v;
    size_t from, to, self;
    buf text;
    hit_scratch scratch;
    zs_diag d;
    int rc;
} chunk_part;

static void format_part(chunk_part *c)
{
    int rc = ZS_OK;
    buf_reset(&c->text);
    for (size_t k = c->from; k < c->to && !rc; k++) {
        chunk_hit *h = &c->v[k];
        h->part = c->self;
        h->at = c->text.len;
        rc = format_hit(&c->text, &c->scratch, c->s, c->a->p, c->a->r, h->i, c->a->others,
                        c->a->query, c->a->o, &c->d);
        h->len = c->text.len - h->at;
    }
    c->rc = rc ? rc : buf_error(&c->text);
}

static void *format_part_thread(void *arg)
{
    format_part(arg);
    return NULL;
}

/* Hits [from, from + n) formatted in passage order, so that each
 * compressed text block is inflated about once, then written in rank
 * order.  The parts (one per searcher handle in `pool`, npool >= 1) format
 * consecutive runs of passages at once; the first runs on this thread.
 * Bulk export is then bound by the output, not by zlib. */
static int write_chunk(FILE *f, searcher *const *pool, chunk_part *parts, size_t npool,
                       const chunk_args *a, size_t from, size_t n, zs_diag *d)
{
    chunk_hit *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return ZS_ENOMEM;
    for (size_t k = 0; k < n; k++) v[k] = (chunk_hit){a->r->hits[from + k].gid, from + k, 0, 0, 0};
    qsort(v, n, sizeof *v, cmp_chunk_gid);
    size_t nparts = n >= OUT_PARALLEL_MIN ? npool : 1;
    pthread_t tid[OUT_THREADS];
    int started[OUT_THREADS] = {0};
    for (size_t t = 0; t < nparts; t++) {
        chunk_part *c = &parts[t];
        c->s = pool[t];
        c->a = a;
        c->v = v;
        c->from = n * t / nparts;
        c->to = n * (t + 1) / nparts;
        c->self = t;
        c->rc = ZS_OK;
        zs_diag_clear(&c->d);
        /* a thread that cannot start leaves its part to this one */
        if (t) started[t] = pthread_create(&tid[t], NULL, format_part_thread, c) == 0;
    }
    format_part(&parts[0]);
    int rc = parts[0].rc;
    if (rc && d) *d = parts[0].d;
    for (size_t t = 1; t < nparts; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        else
            format_part(&parts[t]);
        if (!rc && parts[t].rc) {
            rc = parts[t].rc;
            if (d) *d = parts[t].d;
        }
    }
    /* back to rank order: v holds each of the ranks from .. from + n - 1
     * once, so every hit can be swapped to its place (no sort) */
    for (size_t k = 0; k < n; k++) {
        while (v[k].i - from != k) {
            chunk_hit tmp = v[v[k].i - from];
            v[v[k].i - from] = v[k];
            v[k] = tmp;
        }
    }
    for (size_t k = 0; k < n && !rc; k++) {
        const chunk_hit *h = &v[k];
        if (h->len && fwrite(parts[h->part].text.data + h->at, 1, h->len, f) != h->len) rc = ZS_EIO;
    }
    free(v);
    return rc;
}

/* Searcher handles for the threads of a bulk export of `nhits` hits:
 * pool[0] is `s`; others are opened on the same snapshot (ix_reopen) when
 * the export is large enough and allows it.  A handle that cannot be opened
 * only means fewer threads.  Returns the number of handles. */
static size_t open_pool(searcher *s, size_t nhits, const out_opts *o, searcher *pool,
                        searcher **handles)
{
    size_t n = 1;
    handles[0] = s;
    /* --explain reuses the search's scratch (s->acc): one thread */
    if (nhits < OUT_PARALLEL_MIN || o->explain) return n;
    for (; n < OUT_THREADS; n++) {
        zs_diag tmp;
        zs_diag_clear(&tmp);
        zindex *ix;
        if (ix_reopen(s->ix, &ix, &tmp)) break;
        pool[n] = (searcher){ix, NULL};
        handles[n] = &pool[n];
    }
    return n;
}

static void close_pool(searcher *pool, size_t n)
{
    for (size_t i = 1; i < n; i++) ix_close(pool[i].ix);
}

int out_hits_collapsed(FILE *f, searcher *s, const srch_plan *p, const srch_result *r,
                       const uint32_t *others, const char *query, const out_opts *o, zs_diag *d)
{
    buf b;
    buf_init(&b);
    int rc = ZS_OK;
    if (o->format == OUT_TEXT && o->batch) buf_printf(&b, "== %s\n", query);
    rc = write_buf(f, &b);
    buf_reset(&b);
    size_t nhits = r->nhits > o->offset ? r->nhits - o->offset : 0;
    searcher pool[OUT_THREADS], *handles[OUT_THREADS];
    chunk_part parts[OUT_THREADS];
    size_t npool = open_pool(s, nhits, o, pool, handles);
    for (size_t t = 0; t < OUT_THREADS; t++) {
        buf_init(&parts[t].text);
        hit_scratch_init(&parts[t].scratch);
    }
    chunk_args a = {p, r, others, query, o};
    for (size_t i = o->offset; i < r->nhits && !rc; i += OUT_CHUNK) {
        size_t n = r->nhits - i < OUT_CHUNK ? r->nhits - i : OUT_CHUNK;
        rc = write_chunk(f, handles, parts, npool, &a, i, n, d);
    }
    for (size_t t = 0; t < OUT_THREADS; t++) {
        buf_free(&parts[t].text);
        hit_scratch_free(&parts[t].scratch);
    }
    close_pool(pool, npool);
    if (!rc && o->format == OUT_JSON && o->batch && r->total == 0) {
        buf_putc(&b, '{');
        json_key(&b, "query");
        json_cstr(&b, query);
        buf_puts(&b, ",\"total\":0}\n");
    }
    if (!rc && o->format == OUT_TEXT) {
        size_t shown = r->nhits > o->offset ? r->nhits - o->offset : 0;
        if (r->total == 0)
            buf_printf(&b, "no matching passages\n");
        else if (shown == 0)
            buf_printf(&b, "%llu matching passage%s (none in the requested range)\n",
                       (unsigned long long)r->total, r->total == 1 ? "" : "s");
        else
            buf_printf(&b, "%llu matching passage%s, showing %zu-%zu\n",
                       (unsigned long long)r->total, r->total == 1 ? "" : "s", o->offset + 1,
                       o->offset + shown);
    }
    if (!rc) rc = write_buf(f, &b);
    buf_free(&b);
    return rc;
}

int out_docs(FILE *f, searcher *s, const shp_doc *v, size_t n, int names_only, const char *query,
             const out_opts *o, zs_diag *d)
{
    buf b;
    buf_init(&b);
    int rc = ZS_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        uint32_t local;
        segment *sg = s->ix->segs[ix_segment_of(s->ix, v[i].first_gid, &local)];
        seg_doc_info di;
        rc = seg_doc(sg, seg_doc_of(sg, local), &di, d);
        if (rc) break;
        if (o->format == OUT_JSON) {
            buf_putc(&b, '{');
            if (o->batch) {
                json_key(&b, "query");
                json_cstr(&b, query);
                buf_putc(&b, ',');
            }
            json_key(&b, "doc");
            json_str(&b, di.path, di.path_len);
            buf_printf(&b, ",\"count\":%llu,\"best_score\":", (unsigned long long)v[i].count);
            json_double(&b, v[i].best);
            buf_puts(&b, "}\n");
            continue;
        }
        if (o->batch) {
            tsv_field(&b, query, strlen(query));
            buf_putc(&b, '\t');
        }
        if (!names_only) buf_printf(&b, "%llu\t", (unsigned long long)v[i].count);
        if (o->format == OUT_TSV)
            tsv_field(&b, di.path, di.path_len);
        else
            one_line(&b, di.path, di.path_len);
        buf_putc(&b, '\n');
        if (b.len > (1u << 16)) {
            rc = write_buf(f, &b);
            buf_reset(&b);
        }
    }
    if (!rc) rc = write_buf(f, &b);
    buf_free(&b);
    return rc;
}

int out_summary(FILE *f, uint64_t total, size_t shown, double took_ms, const char *query,
                const out_opts *o)
{
    if (o->format != OUT_JSON || !o->summary) return ZS_OK;
    buf b;
    buf_init(&b);
    buf_puts(&b, "{\"summary\":{");
    if (o->batch) {
        json_key(&b, "query");
        json_cstr(&b, query);
        buf_putc(&b, ',');
    }
    buf_printf(&b, "\"total\":%llu,\"shown\":%zu,\"took_ms\":%.3f}}\n", (unsigned long long)total,
               shown, took_ms);
    int rc = write_buf(f, &b);
    buf_free(&b);
    return rc;
}

int out_count(FILE *f, const srch_result *r, const char *query, const out_opts *o)
{
    int n;
    if (o->format == OUT_JSON) {
        buf b;
        buf_init(&b);
        buf_putc(&b, '{');
        if (o->batch) {
            json_key(&b, "query");
            json_cstr(&b, query);
            buf_putc(&b, ',');
        }
        buf_printf(&b, "\"count\":%llu}\n", (unsigned long long)r->total);
        int rc = write_buf(f, &b);
        buf_free(&b);
        if (rc) return rc;
        n = 1;
    } else if (o->batch) {
        n = fprintf(f, "%llu\t%s\n", (unsigned long long)r->total, query);
    } else {
        n = fprintf(f, "%llu\n", (unsigned long long)r->total);
    }
    return n < 0 ? ZS_EIO : ZS_OK;
}

int out_facet(FILE *f, const fc_result *fr, uint64_t total, const char *query, const out_opts *o)
{
    const char *kind = fr->kind == FC_CITY ? "city" : "year";
    buf b;
    buf_init(&b);
    if (o->format == OUT_JSON) {
        buf_putc(&b, '{');
        if (o->batch) {
            json_key(&b, "query");
            json_cstr(&b, query);
            buf_putc(&b, ',');
        }
        buf_printf(&b, "\"facet\":\"%s\",\"total\":%llu,\"none\":%llu,\"counts\":[", kind,
                   (unsigned long long)total, (unsigned long long)fr->none);
        for (size_t i = 0; i < fr->n; i++) {
            buf_printf(&b, "%s{\"value\":%u,", i ? "," : "", fr->v[i].value);
            if (fr->kind == FC_CITY) {
                json_key(&b, "name");
                json_cstr(&b, place_name(o->g, fr->v[i].value));
                buf_putc(&b, ',');
            }
            buf_printf(&b, "\"count\":%llu}", (unsigned long long)fr->v[i].count);
        }
        buf_puts(&b, "]}\n");
    } else if (o->format == OUT_TSV) {
        for (size_t i = 0; i < fr->n; i++) {
            if (o->batch) {
                tsv_field(&b, query, strlen(query));
                buf_putc(&b, '\t');
            }
            buf_printf(&b, "facet\t%s\t%u\t%s\t%llu\n", kind, fr->v[i].value,
                       fr->kind == FC_CITY ? place_name(o->g, fr->v[i].value) : "",
                       (unsigned long long)fr->v[i].count);
        }
    } else {
        buf_printf(&b, "\n%s of %llu matching passage%s:\n",
                   fr->kind == FC_CITY ? "cities" : "years", (unsigned long long)total,
                   total == 1 ? "" : "s");
        for (size_t i = 0; i < fr->n; i++) {
            if (fr->kind == FC_CITY)
                buf_printf(&b, "  %-10s %8u %10llu\n", place_name(o->g, fr->v[i].value),
                           fr->v[i].value, (unsigned long long)fr->v[i].count);
            else
                buf_printf(&b, "  %-10u %10llu\n", fr->v[i].value,
                           (unsigned long long)fr->v[i].count);
        }
        if (fr->none)
            buf_printf(&b, "  %-19s %10llu\n", fr->kind == FC_CITY ? "(no city)" : "(no year)",
                       (unsigned long long)fr->none);
    }
    int rc = write_buf(f, &b);
    buf_free(&b);
    return rc;
}

/* ---- fact facets and field names ------------------------------------------ */

/* Width in marks of the largest histogram bar (the others are scaled). */
#define OUT_BAR_WIDTH 40

static void num(buf *b, double v)
{
    buf_printf(b, "%.10g", v);
}

static double mean(const factfacet_stats *s)
{
    return s->count ? s->sum / (double)s->count : 0;
}

/* One TSV line of a fact facet: [query] facet fact FIELD UNIT GROUP KEY
 * count min max mean (KEY empty for the whole unit). */
static void fact_tsv_row(buf *b, const char *query, const out_opts *o, const factfacet_result *r,
                         const factfacet_unit *u, const char *group, uint32_t key,
                         const factfacet_stats *st)
{
    if (o->batch) {
        tsv_field(b, query, strlen(query));
        buf_putc(b, '\t');
    }
    buf_puts(b, "facet\tfact\t");
    tsv_field(b, r->field, strlen(r->field));
    buf_putc(b, '\t');
    tsv_field(b, u->unit, strlen(u->unit));
    buf_printf(b, "\t%s\t", group);
    if (key) buf_printf(b, "%u", key);
    buf_printf(b, "\t%llu\t", (unsigned long long)st->count);
    num(b, st->min);
    buf_putc(b, '\t');
    num(b, st->max);
    buf_putc(b, '\t');
    num(b, mean(st));
    buf_putc(b, '\n');
}

static void stats_json(buf *b, const factfacet_stats *s)
{
    buf_printf(b, "\"count\":%llu,\"min\":", (unsigned long long)s->count);
    num(b, s->min);
    buf_puts(b, ",\"max\":");
    num(b, s->max);
    buf_puts(b, ",\"mean\":");
    num(b, mean(s));
}

static void stats_text(buf *b, const factfacet_stats *s)
{
    buf_printf(b, "count %llu, min ", (unsigned long long)s->count);
    num(b, s->min);
    buf_puts(b, ", max ");
    num(b, s->max);
    buf_puts(b, ", mean ");
    num(b, mean(s));
}

int out_fact_facet(FILE *f, const factfacet_result *r, const char *query, const out_opts *o)
{
    buf b;
    buf_init(&b);
    if (o->format == OUT_JSON) {
        buf_putc(&b, '{');
        if (o->batch) {
            json_key(&b, "query");
            json_cstr(&b, query);
            buf_putc(&b, ',');
        }
        buf_puts(&b, "\"facet\":\"fact\",\"field\":");
        json_cstr(&b, r->field);
        buf_printf(&b, ",\"total\":%llu,\"units\":[", (unsigned long long)r->total);
        for (size_t i = 0; i < r->n; i++) {
            const factfacet_unit *u = &r->units[i];
            buf_puts(&b, i ? ",{\"unit\":" : "{\"unit\":");
            json_cstr(&b, u->unit);
            buf_putc(&b, ',');
            stats_json(&b, &u->all);
            buf_puts(&b, ",\"median\":");
            num(&b, u->median);
            buf_printf(&b, ",\"bins\":\"%s\",\"histogram\":[", u->log_bins ? "log" : "linear");
            for (int k = 0; k < FACTFACET_BINS; k++) {
                buf_puts(&b, k ? ",{\"from\":" : "{\"from\":");
                num(&b, u->edges[k]);
                buf_puts(&b, ",\"to\":");
                num(&b, u->edges[k + 1]);
                buf_printf(&b, ",\"count\":%llu}", (unsigned long long)u->hist[k]);
            }
            buf_puts(&b, "],\"cities\":[");
            for (size_t k = 0; k < u->ncities; k++) {
                buf_printf(&b, "%s{\"value\":%u,\"name\":", k ? "," : "", u->cities[k].key);
                json_cstr(&b, place_name(o->g, u->cities[k].key));
                buf_putc(&b, ',');
                stats_json(&b, &u->cities[k].st);
                buf_putc(&b, '}');
            }
            buf_puts(&b, "],\"years\":[");
            for (size_t k = 0; k < u->nyears; k++) {
                buf_printf(&b, "%s{\"value\":%u,", k ? "," : "", u->years[k].key);
                stats_json(&b, &u->years[k].st);
                buf_putc(&b, '}');
            }
            buf_puts(&b, "]}");
        }
        buf_puts(&b, "]}\n");
    } else if (o->format == OUT_TSV) {
        for (size_t i = 0; i < r->n; i++) {
            const factfacet_unit *u = &r->units[i];
            fact_tsv_row(&b, query, o, r, u, "all", 0, &u->all);
            for (size_t k = 0; k < u->ncities; k++)
                fact_tsv_row(&b, query, o, r, u, "city", u->cities[k].key, &u->cities[k].st);
            for (size_t k = 0; k < u->nyears; k++)
                fact_tsv_row(&b, query, o, r, u, "year", u->years[k].key, &u->years[k].st);
        }
    } else {
        buf_printf(&b, "\nfacts of %s: %llu\n", r->field, (unsigned long long)r->total);
        for (size_t i = 0; i < r->n; i++) {
            const factfacet_unit *u = &r->units[i];
            buf_printf(&b, "  unit %s: ", u->unit[0] ? u->unit : "(none)");
            stats_text(&b, &u->all);
            buf_puts(&b, ", median ");
            num(&b, u->median);
            buf_putc(&b, '\n');
            uint64_t top = 0;
            for (int k = 0; k < FACTFACET_BINS; k++)
                if (u->hist[k] > top) top = u->hist[k];
            int spread = u->all.count > 1 && u->all.max > u->all.min;
            if (spread)
                buf_printf(&b, "    %s bins\n", u->log_bins ? "logarithmic" : "equal-width");
            for (int k = 0; k < FACTFACET_BINS && spread; k++) {
                buf_printf(&b, "    [%.4g, %.4g", u->edges[k], u->edges[k + 1]);
                buf_printf(&b, "%s %6llu ", k == FACTFACET_BINS - 1 ? "]" : ")",
                           (unsigned long long)u->hist[k]);
                /* bars scaled to the largest bin; a non-empty bin shows one mark */
                uint64_t marks = top ? (u->hist[k] * OUT_BAR_WIDTH + top - 1) / top : 0;
                for (uint64_t s = 0; s < marks; s++) buf_puts(&b, "#");
                buf_putc(&b, '\n');
            }
            for (size_t k = 0; k < u->ncities; k++) {
                buf_printf(&b, "    city %-8s ", place_name(o->g, u->cities[k].key));
                stats_text(&b, &u->cities[k].st);
                buf_putc(&b, '\n');
            }
            for (size_t k = 0; k < u->nyears; k++) {
                buf_printf(&b, "    year %-8u ", u->years[k].key);
                stats_text(&b, &u->years[k].st);
                buf_putc(&b, '\n');
            }
        }
    }
    int rc = write_buf(f, &b);
    buf_free(&b);
    return rc;
}

int out_fields(FILE *f, const factfacet_name *v, size_t n, const out_opts *o)
{
    buf b;
    buf_init(&b);
    if (o->format == OUT_TSV) buf_puts(&b, "count\tfield\tunits\n");
    for (size_t i = 0; i < n; i++) {
        if (o->format == OUT_JSON) {
            buf_puts(&b, "{\"field\":");
            json_cstr(&b, v[i].field);
            buf_printf(&b, ",\"count\":%llu,\"units\":", (unsigned long long)v[i].count);
            json_cstr(&b, v[i].units);
            buf_puts(&b, "}\n");
        } else if (o->format == OUT_TSV) {
            buf_printf(&b, "%llu\t", (unsigned long long)v[i].count);
            tsv_field(&b, v[i].field, strlen(v[i].field));
            buf_putc(&b, '\t');
            tsv_field(&b, v[i].units, strlen(v[i].units));
            buf_putc(&b, '\n');
        } else {
            buf_printf(&b, "%8llu  %s  (%s)\n", (unsigned long long)v[i].count, v[i].field,
                       v[i].units);
        }
    }
    int rc = write_buf(f, &b);
    buf_free(&b);
    return rc;
}

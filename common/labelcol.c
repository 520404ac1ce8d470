/* labelcol.c - chapter and article labels of passages (see labelcol.h). */
#include "labelcol.h"

#include "bytes.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>

void labelcol_writer_init(labelcol_writer *w)
{
    memset(w, 0, sizeof *w);
    buf_init(&w->text);
    u32vec_init(&w->off);
    u32vec_init(&w->len);
    sc_writer_init(&w->chapters);
    sc_writer_init(&w->articles);
}

size_t labelcol_writer_mem(const labelcol_writer *w)
{
    return w->text.cap + (w->off.cap + w->len.cap) * sizeof(uint32_t) +
           (size_t)w->hcap * sizeof *w->hash + sc_writer_mem(&w->chapters) +
           sc_writer_mem(&w->articles);
}

void labelcol_writer_free(labelcol_writer *w)
{
    buf_free(&w->text);
    u32vec_free(&w->off);
    u32vec_free(&w->len);
    free(w->hash);
    sc_writer_free(&w->chapters);
    sc_writer_free(&w->articles);
    memset(w, 0, sizeof *w);
}

/* The bytes of label `id` in the writer. */
static const char *wlabel(const labelcol_writer *w, uint32_t id, size_t *len)
{
    *len = w->len.v[id];
    return w->text.data + w->off.v[id];
}

static int rehash(labelcol_writer *w)
{
    uint32_t cap = w->hcap ? w->hcap * 2 : 256;
    uint32_t *h = calloc(cap, sizeof *h);
    if (!h) return ZS_ENOMEM;
    for (uint32_t id = 0; id < w->off.n; id++) {
        size_t len;
        const char *s = wlabel(w, id, &len);
        uint32_t i = fnv1a32(s, len) & (cap - 1);
        while (h[i]) i = (i + 1) & (cap - 1);
        h[i] = id + 1;
    }
    free(w->hash);
    w->hash = h;
    w->hcap = cap;
    return ZS_OK;
}

/* The id of a label, stored on first use. */
static int intern(labelcol_writer *w, const char *s, size_t len, uint32_t *id)
{
    int rc;
    if (!w->hcap && (rc = rehash(w))) return rc;
    uint32_t i = fnv1a32(s, len) & (w->hcap - 1);
    for (;;) {
        uint32_t h = w->hash[i];
        if (h == 0) break;
        size_t l;
        const char *t = wlabel(w, h - 1, &l);
        if (l == len && !memcmp(t, s, len)) {
            *id = h - 1;
            return ZS_OK;
        }
        i = (i + 1) & (w->hcap - 1);
    }
    *id = (uint32_t)w->off.n;
    if ((rc = vi_put(&w->text, len))) return rc;
    if ((rc = u32vec_push(&w->off, (uint32_t)w->text.len))) return rc;
    if ((rc = u32vec_push(&w->len, (uint32_t)len))) return rc;
    if ((rc = buf_add(&w->text, s, len))) return rc;
    w->hash[i] = *id + 1;
    if ((uint64_t)(*id + 1) * 2 > w->hcap) return rehash(w);
    return ZS_OK;
}

/* Add one label (or none) to a column. */
static int add_one(labelcol_writer *w, sc_writer *col, const char *s, size_t len)
{
    len = len ? u8_prefix(s, len, LABELCOL_MAX) : 0; /* a bad sequence ends the label */
    if (len == 0) return sc_add(col, NULL, 0);
    uint32_t id;
    int rc = intern(w, s, len, &id);
    return rc ? rc : sc_add(col, &id, 1);
}

int labelcol_add(labelcol_writer *w, const char *chapter, size_t chapter_len, const char *article,
                 size_t article_len)
{
    int rc = add_one(w, &w->chapters, chapter, chapter_len);
    return rc ? rc : add_one(w, &w->articles, article, article_len);
}

int labelcol_write(labelcol_writer *w, zf_writer *zw, const labelcol_sections *sec)
{
    uint8_t h[4];
    le_put32(h, (uint32_t)w->off.n);
    int rc = zf_section_begin(zw, sec->labels);
    if (!rc) rc = zf_write(zw, h, 4);
    if (!rc) rc = zf_write(zw, w->text.data, w->text.len);
    if (!rc) rc = zf_section_end(zw);
    if (!rc) rc = sc_write(&w->chapters, zw, sec->chap_sets, sec->chap_col);
    if (!rc) rc = sc_write(&w->articles, zw, sec->art_sets, sec->art_col);
    return rc;
}

/* ---- reader ---------------------------------------------------------------- */

static int bad(zf_reader *zr, zs_diag *d, const char *why)
{
    return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: %s", zf_path(zr), why);
}

int labelcol_open(labelcol_reader *r, zf_reader *zr, const labelcol_sections *sec,
                  uint32_t npassages, zs_diag *d)
{
    memset(r, 0, sizeof *r);
    zf_slice s;
    if (zf_section(zr, sec->labels, &s)) return bad(zr, d, "missing labels");
    int rc = zf_need(zr, s.off, s.len, d);
    if (rc) return rc;
    if (s.len < 4) return bad(zr, d, "short labels");
    uint32_t n = le_get32(s.p);
    /* every label takes at least two bytes: its length and one byte */
    if (n > (s.len - 4) / 2) return bad(zr, d, "label count");
    r->off = malloc(((size_t)n + 1) * sizeof *r->off);
    r->len = malloc(((size_t)n + 1) * sizeof *r->len);
    if (!r->off || !r->len) {
        labelcol_close(r);
        return ZS_ENOMEM;
    }
    r->text = s.p + 4;
    const uint8_t *p = r->text, *e = s.p + s.len;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t len;
        if (vi_get(&p, e, &len) || len == 0 || len > LABELCOL_MAX || len > (uint64_t)(e - p) ||
            !u8_valid((const char *)p, (size_t)len)) {
            labelcol_close(r);
            return bad(zr, d, "label damaged");
        }
        r->off[i] = (uint32_t)(p - r->text);
        r->len[i] = (uint32_t)len;
        p += len;
    }
    if (p != e) {
        labelcol_close(r);
        return bad(zr, d, "bytes after the labels");
    }
    r->n = n;
    rc = sc_open(&r->chapters, zr, sec->chap_sets, sec->chap_col, npassages, d);
    if (!rc) rc = sc_open(&r->articles, zr, sec->art_sets, sec->art_col, npassages, d);
    sc_cursor_init(&r->chap_cur, &r->chapters);
    sc_cursor_init(&r->art_cur, &r->articles);
    if (rc) labelcol_close(r);
    return rc;
}

void labelcol_close(labelcol_reader *r)
{
    free(r->off);
    free(r->len);
    sc_close(&r->chapters);
    sc_close(&r->articles);
    memset(r, 0, sizeof *r);
}

/* The label of `pid` in one column. */
static int get_one(const labelcol_reader *r, const sc_reader *col, sc_cursor *c, uint32_t pid,
                   labelcol_label *out)
{
    out->p = NULL;
    out->len = 0;
    uint32_t set, ids[2];
    size_t n;
    int rc = sc_get(c, pid, &set);
    if (!rc) rc = sc_values(col, set, ids, 2, &n);
    if (rc) return rc;
    if (n == 0) return ZS_OK;
    if (n > 1 || ids[0] >= r->n) return ZS_ECORRUPT;
    out->p = (const char *)r->text + r->off[ids[0]];
    out->len = r->len[ids[0]];
    return ZS_OK;
}

int labelcol_get(labelcol_reader *r, uint32_t pid, labelcol_label *chapter, labelcol_label *article)
{
    int rc = get_one(r, &r->chapters, &r->chap_cur, pid, chapter);
    return rc ? rc : get_one(r, &r->articles, &r->art_cur, pid, article);
}

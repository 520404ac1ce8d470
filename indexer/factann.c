/* factann.c - facts of a passage ready for the index (see factann.h). */
#include "factann.h"

#include "factfmt.h"

#include <stdlib.h>
#include <string.h>

void factann_init(factann_ctx *c)
{
    memset(c, 0, sizeof *c);
    fct_list_init(&c->list);
}

void factann_free(factann_ctx *c)
{
    fct_list_free(&c->list);
    free(c->v);
    memset(c, 0, sizeof *c);
}

int factann_passage(factann_ctx *c, const gaz *g, const char *text, size_t len, size_t *n,
                    zs_diag *d)
{
    *n = 0;
    fct_list_clear(&c->list);
    int rc = fct_extract_gaz(text, len, g, &c->list, d);
    if (rc) return rc;
    if (c->list.n > c->cap) {
        size_t cap = c->list.n + 16;
        sw_fact *v = realloc(c->v, cap * sizeof *v);
        if (!v) return ZS_ENOMEM;
        c->v = v;
        c->cap = cap;
    }
    const char *pool = (const char *)c->list.pool.data;
    for (size_t i = 0; i < c->list.n; i++) {
        const fct_fact *f = &c->list.v[i];
        sw_fact *s = &c->v[i];
        s->field = pool + f->field_off;
        s->field_len = f->field_len;
        s->unit = pool + f->unit_off;
        s->unit_len = f->unit_len;
        s->lo = f->lo;
        s->hi = f->hi;
        s->type = f->type;
        s->dir = f->dir;
        s->conf = (uint8_t)(f->confidence * 255.0f + 0.5f);
        s->place = factfmt_place(g, text, len, f->place_start, f->place_end);
        s->year = f->year > 0 && f->year < 65536 ? (uint16_t)f->year : 0;
        s->qual = (uint16_t)f->qual;
    }
    *n = c->list.n;
    return ZS_OK;
}

/* cptext.c - code point arrays (see cptext.h). */
#include "cptext.h"

#include "utf8.h"

#include <stdlib.h>
#include <string.h>

int cpt_load(cpt *c, const char *text, size_t len)
{
    c->n = 0;
    c->v = malloc((len + 1) * sizeof *c->v);
    c->off = malloc((len + 2) * sizeof *c->off);
    if (!c->v || !c->off) return ZS_ENOMEM;
    const uint8_t *p = (const uint8_t *)text, *e = p + len;
    while (p < e) {
        c->off[c->n] = (size_t)(p - (const uint8_t *)text);
        p += u8_next(p, &c->v[c->n]);
        c->n++;
    }
    c->off[c->n] = len;
    return ZS_OK;
}

void cpt_free(cpt *c)
{
    free(c->v);
    free(c->off);
    c->v = NULL;
    c->off = NULL;
    c->n = 0;
}

size_t cpt_wlen(const uint32_t *w)
{
    size_t n = 0;
    while (w[n]) n++;
    return n;
}

int cpt_at(const cpt *c, size_t i, const uint32_t *w)
{
    for (size_t k = 0; w[k]; k++)
        if (i + k >= c->n || c->v[i + k] != w[k]) return 0;
    return 1;
}

int cpt_ends_at(const cpt *c, size_t i, const uint32_t *w)
{
    size_t n = cpt_wlen(w);
    return n <= i && cpt_at(c, i - n, w);
}

size_t cpt_find(const cpt *c, size_t from, size_t to, const uint32_t *w)
{
    if (to > c->n) to = c->n;
    for (size_t i = from; i < to; i++)
        if (c->v[i] == w[0] && cpt_at(c, i, w)) return i;
    return (size_t)-1;
}

int cpt_any_at(const cpt *c, size_t i, const uint32_t *const *ws)
{
    if (i >= c->n) return -1;
    for (int k = 0; ws[k]; k++)
        if (c->v[i] == ws[k][0] && cpt_at(c, i, ws[k])) return k;
    return -1;
}

size_t cpt_index(const cpt *c, size_t byte)
{
    size_t lo = 0, hi = c->n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (c->off[mid] < byte)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int cpt_cn_digit(uint32_t c)
{
    static const uint32_t digits[] = U"〇一二三四五六七八九";
    if (c == U'零') return 0;
    for (int k = 0; k < 10; k++)
        if (digits[k] == c) return k;
    return -1;
}

/* exact.c - the --exact-script check on stored text (see exact.h). */
#include "exact.h"

#include "uchar.h"
#include "utf8.h"

#include <stdlib.h>

/* The code points of s[0, len) that words are made of (CJK and word
 * classes, after uc_fold_exact), into out (room for len entries: UTF-8
 * has at most one code point per byte).  Returns their number. */
static size_t letters(const char *s, size_t len, uint32_t *out)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + len;
    size_t n = 0;
    while (p < end) {
        uint32_t cp;
        int k = u8_decode(p, end, &cp);
        if (k == 0) { /* stored text is well-formed; be safe anyway */
            p++;
            continue;
        }
        p += k;
        uint32_t f = uc_fold_exact(cp);
        uc_class c = uc_class_of(f);
        if (c == UC_CJK || c == UC_WORD) out[n++] = f;
    }
    return n;
}

/* Does needle[0, nn) occur in hay[0, nh)?  (Passages are short: at most
 * a few hundred code points, so the plain scan is enough.) */
static int occurs(const uint32_t *hay, size_t nh, const uint32_t *needle, size_t nn)
{
    if (nn == 0) return 1;
    for (size_t i = 0; i + nn <= nh; i++) {
        size_t j = 0;
        while (j < nn && hay[i + j] == needle[j]) j++;
        if (j == nn) return 1;
    }
    return 0;
}

/* Does word `w` (a NEAR group: each of its words) occur in hay?  Errors:
 * ZS_ENOMEM. */
static int word_occurs(const qry_word *w, const uint32_t *hay, size_t nh, int *yes)
{
    *yes = 1;
    size_t nw = w->nnear ? w->nnear : 1;
    for (size_t i = 0; i < nw && *yes; i++) {
        const qry_word *x = w->nnear ? &w->near[i] : w;
        uint32_t *needle = malloc((x->len ? x->len : 1) * sizeof *needle);
        if (!needle) return ZS_ENOMEM;
        *yes = occurs(hay, nh, needle, letters(x->text, x->len, needle));
        free(needle);
    }
    return ZS_OK;
}

int exact_passage(const srch_plan *p, segment *sg, uint32_t pid, buf *scratch, int *keep,
                  zs_diag *d)
{
    *keep = 1;
    int any = 0; /* a positive clause of words: else nothing to check */
    for (size_t c = 0; c < p->ncl && !any; c++)
        any = !p->cl[c].neg && !p->cl[c].check && !p->cl[c].filter;
    if (!any) return ZS_OK;
    int rc = seg_text(sg, pid, scratch, d);
    if (rc) return rc;
    uint32_t *hay = malloc((scratch->len ? scratch->len : 1) * sizeof *hay);
    if (!hay) return zs_fail(d, ZS_ENOMEM, "out of memory");
    size_t nh = letters(scratch->data, scratch->len, hay);
    for (size_t c = 0; c < p->ncl && *keep && !rc; c++) {
        const srch_clause *cl = &p->cl[c];
        if (cl->neg || cl->check || cl->filter) continue;
        int found = 0;
        for (size_t j = 0; j < cl->n && !found && !rc; j++) {
            const srch_word *w = &p->words[cl->first + j];
            if (w->q) rc = word_occurs(w->q, hay, nh, &found);
        }
        *keep = found;
    }
    free(hay);
    if (rc) zs_fail(d, rc, "out of memory");
    return rc;
}

/* meta.c - reading FILE.meta.json sidecars (see meta.h). */
#include "meta.h"

#include "date.h"
#include "uchar.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* s folded for matching as the tokenizer folds text (uc_fold: full-width
 * digits and hyphens to ASCII), into out[cap]; invalid bytes are kept. */
static size_t fold_text(const char *s, char *out, size_t cap)
{
    const uint8_t *p = (const uint8_t *)s, *end = p + strlen(s);
    size_t n = 0;
    while (p < end) {
        uint32_t cp;
        int k = u8_decode(p, end, &cp);
        uint8_t tmp[U8_MAX_BYTES];
        int w = k ? u8_encode(uc_fold(cp), tmp) : 1;
        if (!k) {
            tmp[0] = *p;
            k = 1;
        }
        if (n + (size_t)w >= cap) break;
        memcpy(out + n, tmp, (size_t)w);
        n += (size_t)w;
        p += k;
    }
    out[n] = '\0';
    return n;
}

/* The sidecar date: YYYY, YYYY-MM or YYYY-MM-DD (date.h), with a year the
 * annotator can use; full-width digits (２０２４-０３-０１) are read as the
 * text's are.  Returns NULL or why it is refused (in msg). */
static const char *parse_date(const char *s, meta_info *out, char *msg, size_t cap)
{
    uint32_t date;
    size_t at;
    char why[96], folded[META_TITLE_MAX];
    size_t n = fold_text(s, folded, sizeof folded);
    if (date_parse(folded, n, &date, &at, why, sizeof why)) {
        snprintf(msg, cap, "date '%s': %s", s, why);
        return msg;
    }
    int y = (int)(date / 10000);
    if (y < ANN_YEAR_MIN || y > ANN_YEAR_MAX) {
        snprintf(msg, cap, "date '%s': the year is not %d to %d", s, ANN_YEAR_MIN, ANN_YEAR_MAX);
        return msg;
    }
    out->year = y;
    out->month = (int)(date / 100 % 100);
    out->day = (int)(date % 100);
    return NULL;
}

const char *meta_field(const gaz *g, const json_member *m, meta_info *out, char *why, size_t cap)
{
    int date = !strcmp(m->key, "date"), city = !strcmp(m->key, "city");
    /* not ours (a key with a NUL byte, "date\u0000x", is another key) */
    if ((!date && !city && strcmp(m->key, "title") != 0) || strlen(m->key) != m->key_len)
        return NULL;
    if (m->type == JSON_NULL) return NULL; /* not given */
    if (m->type != JSON_STRING && m->type != JSON_NUMBER) {
        snprintf(why, cap, "%s must be a string or a number", m->key);
        return why;
    }
    /* a number's text, or a string cut to what any field may hold */
    char val[META_TITLE_MAX];
    size_t n = u8_prefix(m->val, m->val_len, sizeof val - 1);
    memcpy(val, m->val, n);
    val[n] = '\0';
    if (date) return parse_date(val, out, why, cap);
    if (city) {
        gaz_resolution r;
        if (gaz_resolve(g, val, n, &r) != ZS_OK || r.nunits == 0) {
            snprintf(why, cap, "city is not a place the gazetteer knows");
            return why;
        }
        out->city = GAZ_TAG_CODE(r.units[0]);
        return NULL;
    }
    memcpy(out->title, val, n + 1); /* sizeof val == sizeof out->title */
    return NULL;
}

typedef struct side_ctx {
    const gaz *g;
    meta_info *out;
    const char *why;
    char msg[160]; /* a value's reason: `why` may point here */
} side_ctx;

static int side_member(void *ctx, const json_member *m)
{
    side_ctx *c = ctx;
    c->why = meta_field(c->g, m, c->out, c->msg, sizeof c->msg);
    return c->why ? ZS_EINVAL : ZS_OK;
}

int meta_read(const gaz *g, const char *doc_path, meta_info *out, zs_diag *d)
{
    memset(out, 0, sizeof *out);
    char path[4096];
    snprintf(path, sizeof path, "%s.meta.json", doc_path);
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        if (e == ENOENT) return ZS_OK;
        return zs_fail(d, zs_from_errno(e), "%s: %s", path, strerror(e));
    }
    char *text = malloc(META_MAX_BYTES + 1);
    size_t len = text ? fread(text, 1, META_MAX_BYTES + 1, f) : 0;
    fclose(f);
    if (!text) return ZS_ENOMEM;
    if (len > META_MAX_BYTES) {
        free(text);
        return zs_fail(d, ZS_EINVAL, "%s: larger than %d bytes", path, META_MAX_BYTES);
    }
    out->found = 1;
    side_ctx c = {g, out, NULL, {0}};
    zs_diag jd;
    zs_diag_clear(&jd);
    int rc = json_object_each(text, len, side_member, &c, &jd);
    free(text);
    if (rc == ZS_ENOMEM) return rc;
    if (rc) return zs_fail(d, ZS_EINVAL, "%s: %s", path, c.why ? c.why : jd.msg);
    return ZS_OK;
}

void meta_doc_chunk(meta_doc *out, const meta_info *mi, const psg_list *l, const ann_doc_out *o)
{
    if (out->done) return;
    out->done = 1;
    int y = o ? o->year : mi->year, m = o ? o->month : mi->month, d = o ? o->day : mi->day;
    if (m == 0) d = 0; /* a day without its month says nothing */
    uint32_t date = y > 0 ? date_make(y, m, d) : 0;
    out->date = date_valid(date) ? date : 0;
    const char *t = mi->title;
    size_t n = strlen(mi->title);
    if (n == 0 && o && o->title_passage >= 0 && (size_t)o->title_passage < l->n) {
        const psg_passage *p = &l->v[o->title_passage];
        t = psg_written(l, p); /* the title as written */
        n = p->text_len;
    }
    out->title_len = u8_prefix(t, n, FMT_TITLE_MAX);
    memcpy(out->title, t, out->title_len);
    out->title[out->title_len] = '\0';
}

/* meta.c - reading FILE.meta.json sidecars (see meta.h). */
#include "meta.h"

#include "date.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct mp {
    const char *p, *end;
} mp;

static void ws(mp *m)
{
    while (m->p < m->end && (*m->p == ' ' || *m->p == '\t' || *m->p == '\n' || *m->p == '\r'))
        m->p++;
}

/* A JSON string into out (cap bytes, NUL-terminated; longer is cut). */
static int jstring(mp *m, char *out, size_t cap)
{
    if (m->p >= m->end || *m->p != '"') return -1;
    m->p++;
    size_t n = 0;
    while (m->p < m->end && *m->p != '"') {
        char c = *m->p++;
        if ((unsigned char)c < 0x20) return -1;
        if (c == '\\') {
            if (m->p >= m->end) return -1;
            c = *m->p++;
            if (c == 'u') {
                if (m->end - m->p < 4) return -1;
                char h[5] = {m->p[0], m->p[1], m->p[2], m->p[3], 0};
                char *e;
                unsigned long cp = strtoul(h, &e, 16);
                if (*e) return -1;
                m->p += 4;
                uint8_t tmp[4];
                int k = u8_encode(cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : (uint32_t)cp, tmp);
                for (int i = 0; i < k; i++)
                    if (n + 1 < cap) out[n++] = (char)tmp[i];
                continue;
            }
            c = c == 'n'   ? '\n'
                : c == 't' ? '\t'
                : c == 'r' ? '\r'
                : c == 'b' ? '\b'
                : c == 'f' ? '\f'
                           : c;
        }
        if (n + 1 < cap) out[n++] = c;
    }
    if (m->p >= m->end) return -1;
    m->p++;
    out[n] = '\0';
    return 0;
}

/* A scalar value (string, number, true/false/null) as text. */
static int jvalue(mp *m, char *out, size_t cap)
{
    ws(m);
    if (m->p < m->end && *m->p == '"') return jstring(m, out, cap);
    size_t n = 0;
    while (m->p < m->end && *m->p != ',' && *m->p != '}' && *m->p != ' ' && *m->p != '\n' &&
           *m->p != '\t' && *m->p != '\r') {
        if (*m->p == '{' || *m->p == '[' || *m->p == '"') return -1; /* only scalars */
        if (n + 1 < cap) out[n++] = *m->p;
        m->p++;
    }
    out[n] = '\0';
    return n ? 0 : -1;
}

/* Skip an array or object value (of a key we do not use), strings and
 * nesting included. */
static int jskip(mp *m)
{
    int depth = 0;
    while (m->p < m->end) {
        char c = *m->p;
        if (c == '"') {
            char tmp[8];
            if (jstring(m, tmp, sizeof tmp)) return -1;
            continue;
        }
        m->p++;
        if (c == '[' || c == '{')
            depth++;
        else if (c == ']' || c == '}') {
            if (--depth == 0) return 0;
        }
    }
    return -1;
}

/* The sidecar date: YYYY, YYYY-MM or YYYY-MM-DD (date.h), with a year the
 * annotator can use.  Returns NULL or why it is refused (in msg). */
static const char *parse_date(const char *s, meta_info *out, char *msg, size_t cap)
{
    uint32_t date;
    size_t at;
    char why[96];
    if (date_parse(s, strlen(s), &date, &at, why, sizeof why)) {
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
    mp m = {text, text + len};
    int rc = ZS_OK;
    const char *why = NULL;
    char dmsg[160]; /* a date's reason: `why` may point here after the loop */
    ws(&m);
    if (m.p >= m.end || *m.p != '{')
        why = "not a JSON object";
    else
        m.p++;
    while (!why) {
        ws(&m);
        if (m.p < m.end && *m.p == '}') {
            m.p++;
            break;
        }
        char key[64], val[META_TITLE_MAX];
        if (jstring(&m, key, sizeof key)) {
            why = "expected a quoted key";
            break;
        }
        ws(&m);
        if (m.p >= m.end || *m.p != ':') {
            why = "expected ':'";
            break;
        }
        m.p++;
        ws(&m);
        int known = !strcmp(key, "date") || !strcmp(key, "city") || !strcmp(key, "title");
        if (!known && m.p < m.end && (*m.p == '[' || *m.p == '{')) {
            if (jskip(&m)) {
                why = "unterminated array or object";
                break;
            }
            val[0] = '\0';
        } else if (jvalue(&m, val, sizeof val)) {
            why = "values must be strings or numbers";
            break;
        }
        if (!strcmp(key, "date")) {
            why = parse_date(val, out, dmsg, sizeof dmsg);
        } else if (!strcmp(key, "city")) {
            gaz_resolution r;
            if (gaz_resolve(g, val, strlen(val), &r) != ZS_OK || r.nunits == 0)
                why = "city is not a place the gazetteer knows";
            else
                out->city = GAZ_TAG_CODE(r.units[0]);
        } else if (!strcmp(key, "title")) {
            /* jstring cut a long title at a byte limit: drop a split character */
            size_t n = u8_prefix(val, strlen(val), sizeof out->title - 1);
            memcpy(out->title, val, n);
            out->title[n] = '\0';
        }
        ws(&m);
        if (m.p < m.end && *m.p == ',') {
            m.p++;
            continue;
        }
        if (m.p < m.end && *m.p == '}') {
            m.p++;
            break;
        }
        why = "expected ',' or '}'";
    }
    if (!why) {
        ws(&m);
        if (m.p != m.end) why = "text after the object";
    }
    if (why) rc = zs_fail(d, ZS_EINVAL, "%s: %s", path, why);
    free(text);
    return rc;
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
        t = l->text.data + p->text_off;
        n = p->text_len;
    }
    out->title_len = u8_prefix(t, n, FMT_TITLE_MAX);
    memcpy(out->title, t, out->title_len);
    out->title[out->title_len] = '\0';
}

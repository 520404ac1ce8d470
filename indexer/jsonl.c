/* jsonl.c - reading JSON Lines input (see jsonl.h). */
#include "jsonl.h"

#include "buf.h"
#include "format.h"
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The ids of a file seen so far: open addressing on FNV-1a of the id,
 * pointing into a store of the ids themselves, so that a repeat is found
 * exactly and said with the line that had it first. */
typedef struct id_set {
    uint32_t *slot; /* 1 + entry index, 0 = empty */
    size_t cap;     /* power of two */
    struct {
        size_t off, len;
        uint64_t line;
    } * e;
    size_t n;
    buf store;
} id_set;

static uint64_t id_hash(const char *s, size_t n)
{
    uint64_t h = 0xCBF29CE484222325ull;
    for (size_t i = 0; i < n; i++) {
        h ^= (uint8_t)s[i];
        h *= 0x100000001B3ull;
    }
    return h;
}

static int id_grow(id_set *s)
{
    size_t cap = s->cap ? s->cap * 2 : 1024;
    uint32_t *slot = calloc(cap, sizeof *slot);
    void *e = realloc(s->e, cap / 2 * sizeof *s->e);
    if (!slot || !e) {
        free(slot);
        if (e) s->e = e;
        return ZS_ENOMEM;
    }
    s->e = e;
    for (size_t i = 0; i < s->n; i++) {
        size_t k = id_hash(s->store.data + s->e[i].off, s->e[i].len) & (cap - 1);
        while (slot[k]) k = (k + 1) & (cap - 1);
        slot[k] = (uint32_t)i + 1;
    }
    free(s->slot);
    s->slot = slot;
    s->cap = cap;
    return ZS_OK;
}

/* Add the id; when it is there already, *first is the line that had it
 * (else 0). */
static int id_add(id_set *s, const char *id, size_t n, uint64_t line, uint64_t *first)
{
    *first = 0;
    if (s->n + 1 > s->cap / 2) {
        int rc = id_grow(s);
        if (rc) return rc;
    }
    size_t k = id_hash(id, n) & (s->cap - 1);
    for (; s->slot[k]; k = (k + 1) & (s->cap - 1)) {
        size_t i = s->slot[k] - 1;
        if (s->e[i].len == n && !memcmp(s->store.data + s->e[i].off, id, n)) {
            *first = s->e[i].line;
            return ZS_OK;
        }
    }
    s->e[s->n].off = s->store.len;
    s->e[s->n].len = n;
    s->e[s->n].line = line;
    int rc = buf_add(&s->store, id, n);
    if (rc) return rc;
    s->slot[k] = (uint32_t)++s->n;
    return ZS_OK;
}

static void id_free(id_set *s)
{
    free(s->slot);
    free(s->e);
    buf_free(&s->store);
}

/* What the members of one line said. */
typedef struct rec {
    const gaz *g;
    buf id, text, url;
    buf extra; /* the other keys, as a JSON object's members: "k":v,... */
    int has_id, has_text, has_url;
    meta_info mi;
    unsigned seen; /* bit per known key: a repeat is refused */
    char why[200];
    int bad; /* why[] says what */
} rec;

static int refuse(rec *r, const char *fmt, const char *arg)
{
    snprintf(r->why, sizeof r->why, fmt, arg);
    r->bad = 1;
    return ZS_EINVAL;
}

/* An integer's text: -?digits, nothing else. */
static int is_integer(const char *s, size_t n)
{
    size_t i = n && s[0] == '-';
    if (i == n) return 0;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int take_id(rec *r, const json_member *m)
{
    if (m->type == JSON_NUMBER && !is_integer(m->val, m->val_len))
        return refuse(r, "id is a number but not a whole number%s", "");
    if (m->type != JSON_NUMBER && m->type != JSON_STRING)
        return refuse(r, "id must be a string or a whole number%s", "");
    if (m->val_len == 0) return refuse(r, "id is empty%s", "");
    if (m->val_len > JSONL_ID_MAX) {
        char lim[32];
        snprintf(lim, sizeof lim, "%d", JSONL_ID_MAX);
        return refuse(r, "id is longer than %s bytes", lim);
    }
    for (size_t i = 0; i < m->val_len; i++)
        if ((unsigned char)m->val[i] < 0x20 || m->val[i] == 0x7f)
            return refuse(r, "id holds a control character%s", "");
    r->has_id = 1;
    return buf_add(&r->id, m->val, m->val_len);
}

/* Keys a sidecar knows (meta_field), besides id, text and url. */
static int is_meta_key(const char *k)
{
    return !strcmp(k, "title") || !strcmp(k, "date") || !strcmp(k, "city");
}

/* Any other key is kept as it was written: a string re-escaped, any other
 * value as its JSON text (jsonl.h). */
static int take_extra(rec *r, const json_member *m)
{
    buf_putc(&r->extra, r->extra.len ? ',' : '{');
    json_str(&r->extra, m->key, m->key_len);
    buf_putc(&r->extra, ':');
    if (m->type == JSON_STRING)
        json_str(&r->extra, m->val, m->val_len);
    else
        buf_add(&r->extra, m->val, m->val_len);
    if (r->extra.len > FMT_EXTRA_MAX)
        return refuse(r,
                      "the keys other than id, text, title, date, city and url take more "
                      "than %s bytes",
                      "16384");
    return buf_error(&r->extra);
}

static int member(void *ctx, const json_member *m)
{
    rec *r = ctx;
    static const char *const known[] = {"id", "text", "title", "date", "city", "url"};
    if (strlen(m->key) != m->key_len) return ZS_OK; /* "id\u0000x" is another key */
    for (unsigned k = 0; k < sizeof known / sizeof *known; k++) {
        if (strcmp(m->key, known[k]) != 0) continue;
        if (r->seen & (1u << k)) return refuse(r, "key \"%s\" repeats", known[k]);
        r->seen |= 1u << k;
    }
    if (!strcmp(m->key, "id")) return take_id(r, m);
    if (!strcmp(m->key, "text")) {
        if (m->type != JSON_STRING) return refuse(r, "text must be a string%s", "");
        r->has_text = 1;
        return buf_add(&r->text, m->val, m->val_len);
    }
    if (!strcmp(m->key, "url")) {
        if (m->type != JSON_STRING && m->type != JSON_NULL)
            return refuse(r, "url must be a string%s", "");
        if (m->type == JSON_STRING && m->val_len > FMT_URL_MAX)
            return refuse(r, "url is longer than %s bytes", "4096");
        return m->type == JSON_STRING ? buf_add(&r->url, m->val, m->val_len) : ZS_OK;
    }
    if (!is_meta_key(m->key)) return take_extra(r, m);
    if (meta_field(r->g, m, &r->mi, r->why, sizeof r->why)) {
        r->bad = 1;
        return ZS_EINVAL;
    }
    return ZS_OK;
}

/* Parse one line into r; *ok = 0 with r->why when the line is bad. */
static int parse_line(rec *r, const char *line, size_t len, int *ok)
{
    buf_reset(&r->id);
    buf_reset(&r->text);
    buf_reset(&r->url);
    buf_reset(&r->extra);
    r->has_id = r->has_text = r->bad = 0;
    r->seen = 0;
    memset(&r->mi, 0, sizeof r->mi);
    r->mi.found = 1;
    zs_diag jd;
    zs_diag_clear(&jd);
    int rc = json_object_each(line, len, member, r, &jd);
    *ok = 0;
    if (rc == ZS_ENOMEM) return rc;
    if (rc && !r->bad) snprintf(r->why, sizeof r->why, "invalid JSON: %s", jd.msg);
    if (rc) return ZS_OK;
    if (!r->has_id)
        snprintf(r->why, sizeof r->why, "no \"id\"");
    else if (!r->has_text)
        snprintf(r->why, sizeof r->why, "no \"text\"");
    else
        *ok = 1;
    if (*ok && r->extra.len) buf_putc(&r->extra, '}');
    return buf_error(&r->extra);
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r') return 0;
    return 1;
}

int jsonl_read(const char *path, const gaz *g, jsonl_sink sink, void *ctx, doc_info *info,
               zs_diag *d)
{
    gzFile gz;
    int rc = doc_open(path, &gz, info, d);
    if (rc) return rc;
    snprintf(info->encoding, sizeof info->encoding, "UTF-8");
    rec r;
    memset(&r, 0, sizeof r);
    r.g = g;
    buf_init(&r.id);
    buf_init(&r.text);
    buf_init(&r.url);
    buf_init(&r.extra);
    buf line, name;
    buf_init(&line);
    buf_init(&name);
    id_set ids;
    memset(&ids, 0, sizeof ids);
    buf_init(&ids.store);
    uint64_t off = 0, lineno = 0;
    while (!rc) {
        int nl, ok;
        lineno++;
        rc = doc_getline(gz, path, off, &line, &nl, info, d);
        if (rc || (!nl && line.len == 0)) break;
        off += line.len + (size_t)nl;
        if (blank(line.data, line.len)) continue;
        rc = parse_line(&r, line.data, line.len, &ok);
        uint64_t first = 0;
        if (!rc && ok) rc = id_add(&ids, r.id.data, r.id.len, lineno, &first);
        if (!rc && first) {
            snprintf(r.why, sizeof r.why, "id \"%.*s\" repeats line %llu",
                     r.id.len > 64 ? 64 : (int)r.id.len, r.id.data, (unsigned long long)first);
            ok = 0;
        }
        if (rc) break;
        if (!ok) {
            doc_note_bad_line(info, lineno, r.why);
            continue;
        }
        buf_reset(&name);
        buf_puts(&name, path);
        buf_putc(&name, '#');
        buf_add(&name, r.id.data, r.id.len);
        rc = buf_error(&name);
        if (rc) break;
        z_off_t at = gzoffset(gz);
        jsonl_doc doc = {lineno,
                         name.data,
                         r.text.data,
                         r.text.len,
                         &r.mi,
                         at > 0 ? (uint64_t)at : 0,
                         r.url.len ? r.url.data : NULL,
                         r.url.len,
                         r.extra.len ? r.extra.data : NULL,
                         r.extra.len,
                         doc_fnv1a(DOC_FNV_OFFSET, line.data, line.len)};
        rc = sink(ctx, &doc);
    }
    gzclose(gz);
    buf_free(&r.id);
    buf_free(&r.text);
    buf_free(&r.url);
    buf_free(&r.extra);
    buf_free(&line);
    buf_free(&name);
    id_free(&ids);
    return rc;
}

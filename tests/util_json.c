/* util_json.c - a small JSON reader for checking output (tests only). */
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct jp {
    const char *p, *end;
} jp;

static void ws(jp *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\n' || *j->p == '\t' || *j->p == '\r'))
        j->p++;
}

static int put_utf8(char *o, unsigned cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    o[0] = (char)(0xE0 | (cp >> 12));
    o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

static int str(jp *j, char **out, size_t *olen)
{
    if (j->p >= j->end || *j->p != '"') return -1;
    j->p++;
    char *o = malloc((size_t)(j->end - j->p) + 1);
    size_t n = 0;
    while (j->p < j->end && *j->p != '"') {
        char c = *j->p++;
        if ((unsigned char)c < 0x20) {
            free(o);
            return -1;
        }
        if (c != '\\') {
            o[n++] = c;
            continue;
        }
        if (j->p >= j->end) break;
        c = *j->p++;
        switch (c) {
        case 'n':
            o[n++] = '\n';
            break;
        case 't':
            o[n++] = '\t';
            break;
        case 'r':
            o[n++] = '\r';
            break;
        case 'b':
            o[n++] = '\b';
            break;
        case 'f':
            o[n++] = '\f';
            break;
        case '"':
        case '\\':
        case '/':
            o[n++] = c;
            break;
        case 'u': {
            if (j->end - j->p < 4) {
                free(o);
                return -1;
            }
            char h[5] = {j->p[0], j->p[1], j->p[2], j->p[3], 0};
            j->p += 4;
            n += (size_t)put_utf8(o + n, (unsigned)strtoul(h, NULL, 16));
            break;
        }
        default:
            free(o);
            return -1;
        }
    }
    if (j->p >= j->end) {
        free(o);
        return -1;
    }
    j->p++;
    o[n] = '\0';
    *out = o;
    *olen = n;
    return 0;
}

static int value(jp *j, u_json *v, int depth)
{
    memset(v, 0, sizeof *v);
    ws(j);
    if (j->p >= j->end || depth > 64) return -1;
    char c = *j->p;
    if (c == '"') {
        v->t = UJ_STR;
        return str(j, &v->str, &v->str_len);
    }
    if (c == '{' || c == '[') {
        int obj = c == '{';
        v->t = obj ? UJ_OBJ : UJ_ARR;
        j->p++;
        ws(j);
        if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
            j->p++;
            return 0;
        }
        for (;;) {
            v->items = realloc(v->items, (v->n + 1) * sizeof *v->items);
            if (obj) {
                v->keys = realloc(v->keys, (v->n + 1) * sizeof *v->keys);
                size_t kl;
                ws(j);
                if (str(j, &v->keys[v->n], &kl)) {
                    memset(&v->items[v->n], 0, sizeof v->items[v->n]);
                    return -1;
                }
                ws(j);
                if (j->p >= j->end || *j->p != ':') {
                    free(v->keys[v->n]);
                    memset(&v->items[v->n], 0, sizeof v->items[v->n]);
                    return -1;
                }
                j->p++;
            }
            if (value(j, &v->items[v->n], depth + 1)) {
                u_json_free(&v->items[v->n]);
                if (obj) free(v->keys[v->n]);
                return -1;
            }
            v->n++;
            ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                continue;
            }
            if (j->p < j->end && *j->p == (obj ? '}' : ']')) {
                j->p++;
                return 0;
            }
            return -1;
        }
    }
    if (!strncmp(j->p, "true", 4) || !strncmp(j->p, "false", 5)) {
        v->t = UJ_BOOL;
        v->num = *j->p == 't';
        j->p += *j->p == 't' ? 4 : 5;
        return 0;
    }
    if (!strncmp(j->p, "null", 4)) {
        j->p += 4;
        return 0;
    }
    char *e;
    v->t = UJ_NUM;
    v->num = strtod(j->p, &e);
    if (e == j->p || e > j->end) return -1;
    j->p = e;
    return 0;
}

int u_json_parse(const char *s, size_t len, u_json *v)
{
    jp j = {s, s + len};
    if (value(&j, v, 0)) {
        u_json_free(v);
        return -1;
    }
    ws(&j);
    if (j.p != j.end) {
        u_json_free(v);
        return -1;
    }
    return 0;
}

void u_json_free(u_json *v)
{
    for (size_t i = 0; i < v->n; i++) {
        u_json_free(&v->items[i]);
        if (v->keys) free(v->keys[i]);
    }
    free(v->items);
    free(v->keys);
    free(v->str);
    memset(v, 0, sizeof *v);
}

const u_json *u_json_get(const u_json *v, const char *key)
{
    if (v->t != UJ_OBJ) return NULL;
    for (size_t i = 0; i < v->n; i++)
        if (!strcmp(v->keys[i], key)) return &v->items[i];
    return NULL;
}

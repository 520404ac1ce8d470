/* cover.c - the inputs' cover of stored document paths (see cover.h). */
#include "cover.h"

#include "err.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Append component s[0, n) to out[0, *len) as "/s", or apply "." and "..". */
static int push_component(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
    if (n == 0 || (n == 1 && s[0] == '.')) return 0;
    if (n == 2 && s[0] == '.' && s[1] == '.') {
        while (*len > 0 && out[*len - 1] != '/') (*len)--;
        if (*len > 0) (*len)--; /* the slash before it */
        return 0;
    }
    if (*len + 1 + n >= cap) return -1;
    out[(*len)++] = '/';
    memcpy(out + *len, s, n);
    *len += n;
    return 0;
}

/* Components of s[0, n) pushed onto out. */
static int push_path(char *out, size_t cap, size_t *len, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '/') continue;
        if (push_component(out, cap, len, s + start, i - start)) return -1;
        start = i + 1;
    }
    return 0;
}

size_t cover_norm(const char *cwd, const char *p, size_t n, int keep_id, char *out, size_t cap)
{
    if (cap < 2) return 0;
    size_t body = n;
    const char *hash = keep_id ? memchr(p, '#', n) : NULL;
    if (hash) body = (size_t)(hash - p);
    int absolute = n > 0 && p[0] == '/';
    size_t len = 0;
    if (!absolute && cwd[0]) {
        if (push_path(out, cap, &len, cwd, strlen(cwd))) return 0;
        absolute = 1;
    }
    if (push_path(out, cap, &len, p, body)) return 0;
    if (absolute && len == 0) out[len++] = '/';
    if (!absolute && len > 0) { /* a relative path without a cwd: no leading slash */
        memmove(out, out + 1, len - 1);
        len--;
    }
    if (hash) {
        if (len + (n - body) >= cap) return 0;
        memcpy(out + len, hash, n - body);
        len += n - body;
    }
    out[len] = '\0';
    return len;
}

int cover_init(cover *c, char *const *inputs, size_t n)
{
    memset(c, 0, sizeof *c);
    if (!getcwd(c->cwd, sizeof c->cwd)) c->cwd[0] = '\0';
    c->paths = calloc(n ? n : 1, sizeof *c->paths);
    if (!c->paths) return ZS_ENOMEM;
    char tmp[COVER_PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        size_t len = cover_norm(c->cwd, inputs[i], strlen(inputs[i]), 0, tmp, sizeof tmp);
        if (len == 0) continue; /* too long: covers nothing */
        c->paths[c->n] = strdup(tmp);
        if (!c->paths[c->n]) return ZS_ENOMEM;
        c->n++;
    }
    return ZS_OK;
}

int cover_has(const cover *c, const char *p, size_t len)
{
    char tmp[COVER_PATH_MAX];
    size_t n = cover_norm(c->cwd, p, len, 1, tmp, sizeof tmp);
    if (n == 0) return 0;
    for (size_t i = 0; i < c->n; i++) {
        const char *in = c->paths[i];
        size_t m = strlen(in);
        if (n < m || memcmp(tmp, in, m) != 0) continue;
        if (n == m || tmp[m] == '#' || tmp[m] == '/' || (m == 1 && in[0] == '/')) return 1;
    }
    return 0;
}

void cover_free(cover *c)
{
    for (size_t i = 0; i < c->n; i++) free(c->paths[i]);
    free(c->paths);
    memset(c, 0, sizeof *c);
}

/* test.c - test harness implementation (see test.h). */
#include "test.h"

#include <stdlib.h>

void t_run(t_ctx *t, const char *name, t_fn fn)
{
    if (t->filter && !strstr(name, t->filter)) return;
    t->cur_name = name;
    t->cur_failed = 0;
    fn(t);
    if (t->cur_failed)
        t->failed++;
    else
        t->passed++;
    fflush(stdout);
}

int t_check(t_ctx *t, int ok, const char *what, const char *file, int line)
{
    if (!ok) {
        printf("FAIL %s %s:%d: %s\n", t->cur_name, file, line, what);
        t->cur_failed++;
    }
    return ok;
}

int t_check_str(t_ctx *t, const char *got, const char *want, const char *what, const char *file,
                int line)
{
    int ok = got && want && strcmp(got, want) == 0;
    if (!ok) {
        /* show the first difference with some context, not whole files */
        size_t i = 0;
        if (got && want)
            while (got[i] && got[i] == want[i]) i++;
        size_t from = i > 60 ? i - 60 : 0;
        while (from > 0 && got && ((unsigned char)got[from] & 0xC0) == 0x80) from--;
        printf("FAIL %s %s:%d: %s (first difference at byte %zu)\n  got:  %.160s\n  want: %.160s\n",
               t->cur_name, file, line, what, i, got ? got + from : "(null)",
               want ? want + (want && strlen(want) >= from ? from : 0) : "(null)");
        t->cur_failed++;
    }
    return ok;
}

int t_check_int(t_ctx *t, long long got, long long want, const char *what, const char *file,
                int line)
{
    if (got != want) {
        printf("FAIL %s %s:%d: %s = %lld, want %lld\n", t->cur_name, file, line, what, got, want);
        t->cur_failed++;
        return 0;
    }
    return 1;
}

char *t_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, n = 0;
    char *p = malloc(cap);
    while (p) {
        size_t got = fread(p + n, 1, cap - n - 1, f);
        n += got;
        if (n + 1 < cap) break;
        char *q = realloc(p, cap * 2);
        if (!q) {
            free(p);
            p = NULL;
            break;
        }
        p = q;
        cap *= 2;
    }
    fclose(f);
    if (!p) return NULL;
    p[n] = '\0';
    if (len) *len = n;
    return p;
}

int t_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f) return -1;
    size_t w = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && w == len) ? 0 : -1;
}

void t_path(char *out, size_t cap, const char *dir, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

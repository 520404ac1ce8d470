/* util_files.c - test helpers: list the files of a directory that end with a
 * suffix, load a UTF-8 file with per-code-point byte offsets. */
#define _XOPEN_SOURCE 700
#include "util.h"

#include "test.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int u_list_dir(const char *dir, const char *suffix, char ***names, size_t *n)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    size_t cap = 16, k = 0;
    char **v = malloc(cap * sizeof *v);
    struct dirent *e;
    while (v && (e = readdir(d))) {
        size_t l = strlen(e->d_name), sl = strlen(suffix);
        if (l < sl || strcmp(e->d_name + l - sl, suffix) != 0) continue;
        if (k == cap) {
            char **q = realloc(v, 2 * cap * sizeof *v);
            if (!q) break;
            v = q;
            cap *= 2;
        }
        v[k++] = strdup(e->d_name);
    }
    closedir(d);
    if (!v) return -1;
    qsort(v, k, sizeof *v, cmp_str);
    *names = v;
    *n = k;
    return 0;
}

void u_free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
}

uint64_t *u_utf8_offsets(const char *s, size_t len, size_t *ncp)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) n++;
    uint64_t *o = malloc((n + 1) * sizeof *o);
    if (!o) return NULL;
    size_t k = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80) o[k++] = i;
    o[n] = len;
    *ncp = n;
    return o;
}

int u_copy_dir(const char *from, const char *to)
{
    if (mkdir(to, 0755) != 0 && errno != EEXIST) return -1;
    char **names;
    size_t n;
    if (u_list_dir(from, "", &names, &n)) return -1;
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        if (names[i][0] == '.') continue;
        char a[2048], b[2048];
        snprintf(a, sizeof a, "%s/%s", from, names[i]);
        snprintf(b, sizeof b, "%s/%s", to, names[i]);
        struct stat st;
        if (stat(a, &st) != 0 || !S_ISREG(st.st_mode)) continue;
        size_t len;
        char *data = t_read_file(a, &len);
        rc = data && t_write_file(b, data, len) == 0 ? 0 : -1;
        free(data);
    }
    u_free_list(names, n);
    return rc;
}

static uint64_t get_le(const uint8_t *p, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) v = v << 8 | p[i];
    return v;
}

static void put_le32(uint8_t *p, uint32_t v)
{
    for (int b = 0; b < 4; b++) p[b] = (uint8_t)(v >> (8 * b));
}

int u_reseal(uint8_t *f, size_t len)
{
    if (len < 80 || memcmp(f, "ZHSEARCH", 8) != 0) return -1;
    uint64_t body = get_le(f + 16, 8), page = get_le(f + 24, 4), nsec = get_le(f + 28, 4);
    if (page == 0 || body > len || nsec > len) return -1;
    uint64_t npages = (body + page - 1) / page;
    uint64_t dir = 64 + body, crcs = dir + 32 * nsec, foot = crcs + 4 * npages;
    if (foot + 16 != len) return -1;
    put_le32(f + 60, (uint32_t)crc32(0, f, 60));
    for (uint64_t k = 0; k < npages; k++) {
        uint64_t n = body - k * page < page ? body - k * page : page;
        put_le32(f + crcs + 4 * k, (uint32_t)crc32(0, f + 64 + k * page, (uInt)n));
    }
    put_le32(f + foot + 4, (uint32_t)crc32(0, f + dir, (uInt)(foot - dir)));
    put_le32(f + foot + 8, (uint32_t)crc32(0, f + 64, (uInt)body));
    return 0;
}

/* test_highlight.c - hl_find's fast path for words of CJK characters
 * (folded code points compared, no tokens) gives exactly the spans of the
 * token path (hl_find_tokens), on every line of the corpus, for words cut
 * from the text itself (so that they occur, at run ends too), single
 * characters, words that occur nowhere and words the fast path declines
 * (Latin, digits, mixed). */
#include "buf.h"
#include "highlight.h"
#include "match.h"
#include "test.h"
#include "uchar.h"
#include "utf8.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lines compared, at most, and words cut from each. */
#define HLT_MAX_LINES 4000
#define HLT_CUTS      6

static int same_spans(const hl_spans *a, const hl_spans *b)
{
    if (a->n != b->n) return 0;
    for (size_t i = 0; i < a->n; i++)
        if (a->v[i].start != b->v[i].start || a->v[i].end != b->v[i].end) return 0;
    return 1;
}

/* Compare both paths for `words` (UTF-8, NUL-separated, nw of them) on
 * the line; returns 1 when they agree. */
static int agree(const char *line, size_t len, const char *const *words, size_t nw)
{
    mt_word w[8];
    const mt_word *pw[8] = {0};
    size_t n = 0;
    for (size_t i = 0; i < nw && n < 8; i++)
        if (mt_word_init(&w[n], words[i], strlen(words[i])) == 0) {
            pw[n] = &w[n];
            n++;
        }
    hl_spans a = {0}, b = {0};
    int ok = hl_find(line, len, pw, n, &a) == 0 && hl_find_tokens(line, len, pw, n, &b) == 0 &&
             same_spans(&a, &b);
    hl_spans_free(&a);
    hl_spans_free(&b);
    for (size_t i = 0; i < n; i++) mt_word_free(&w[i]);
    return ok;
}

/* A word of k code points cut from the line at code point `at` (only when
 * all of them are CJK), into out. */
static int cut_word(const char *line, size_t len, size_t at, size_t k, char *out, size_t cap)
{
    const uint8_t *p = (const uint8_t *)line, *e = p + len;
    size_t i = 0, o = 0;
    while (p < e && i < at + k) {
        uint32_t cp;
        int n = u8_next(p, &cp);
        if (i >= at) {
            if (uc_class_of(uc_fold(cp)) != UC_CJK || o + (size_t)n + 1 > cap) return 0;
            memcpy(out + o, p, (size_t)n);
            o += (size_t)n;
        }
        p += n;
        i++;
    }
    out[o] = '\0';
    return i == at + k;
}

static void test_fast_path(t_ctx *t)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/corpus", t->srcdir);
    DIR *d = opendir(dir);
    if (!T_OK(t, d != NULL)) return;
    static const char *const fixed[][3] = {
        {"医疗", "服务", NULL}, {"的", NULL, NULL},        {"县域医疗中心", NULL, NULL},
        {"蜱", "医", NULL},     {"2024", NULL, NULL},      {"5G", "医疗", NULL},
        {"火星", NULL, NULL},   {"托育服务", "托育", NULL}};
    size_t lines = 0, bad = 0, cuts = 0;
    uint64_t rng = 20261129;
    struct dirent *de;
    while ((de = readdir(d)) && lines < HLT_MAX_LINES) {
        if (!strstr(de->d_name, ".txt")) continue;
        char path[2048];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        size_t flen;
        char *text = t_read_file(path, &flen);
        if (!text) continue;
        for (char *line = text, *nl; line && *line && lines < HLT_MAX_LINES; line = nl) {
            nl = strchr(line, '\n');
            size_t len = nl ? (size_t)(nl - line) : strlen(line);
            if (nl) nl++;
            if (!u8_valid(line, len)) continue;
            lines++;
            for (size_t f = 0; f < sizeof fixed / sizeof *fixed; f++) {
                size_t nw = 0;
                while (nw < 3 && fixed[f][nw]) nw++;
                bad += !agree(line, len, fixed[f], nw);
            }
            size_t ncp = u8_count(line, len);
            for (int c = 0; c < HLT_CUTS && ncp; c++) {
                rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
                size_t at = (size_t)(rng >> 33) % ncp, k = 1 + (size_t)(rng >> 20) % 4;
                char w[64];
                if (!cut_word(line, len, at, k, w, sizeof w)) continue;
                const char *ws[] = {w};
                bad += !agree(line, len, ws, 1);
                cuts++;
            }
        }
        free(text);
    }
    closedir(d);
    printf("  highlight: %zu lines, %zu words cut from them, %zu disagreements\n", lines, cuts,
           bad);
    T_OK(t, lines > 100 && cuts > 100);
    T_INT(t, bad, 0);
}

void suite_highlight(t_ctx *t)
{
    t_run(t, "highlight_fast_path", test_fast_path);
}

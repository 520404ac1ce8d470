/* test_normalize.c - the normalizer: golden input/expected pairs in
 * tests/data/norm, source offsets, and properties over the seed corpus. */
#include "normalize.h"
#include "test.h"
#include "uchar.h"
#include "utf8.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Render paragraphs as "B text" / "H text" lines. */
static char *render(const norm_doc *d)
{
    buf b;
    buf_init(&b);
    for (size_t i = 0; i < d->npara; i++) {
        const norm_para *p = &d->paras[i];
        buf_puts(&b, p->kind == NORM_HEADING ? "H " : "B ");
        buf_add(&b, d->text.data + p->start, p->end - p->start);
        buf_putc(&b, '\n');
    }
    return buf_detach(&b, NULL);
}

static int normalize_mode(const char *s, size_t len, norm_mode mode, norm_doc *d)
{
    size_t ncp;
    uint64_t *offs = u_utf8_offsets(s, len, &ncp);
    int rc = norm_run(s, len, offs, ncp, len, mode, d);
    free(offs);
    return rc;
}

static int normalize_text(const char *s, size_t len, norm_doc *d)
{
    return normalize_mode(s, len, NORM_PDF, d);
}

/* Every NAME.in of tests/data/SUB normalized in `mode` renders as NAME.out. */
static void golden_dir(t_ctx *t, const char *sub, norm_mode mode, size_t min_files)
{
    char dir[512], path[1024];
    t_path(dir, sizeof dir, t->srcdir, sub);
    char **names;
    size_t n;
    if (!T_OK(t, u_list_dir(dir, ".in", &names, &n) == 0)) return;
    T_OK(t, n >= min_files);
    for (size_t i = 0; i < n; i++) {
        t_path(path, sizeof path, dir, names[i]);
        size_t len;
        char *in = t_read_file(path, &len);
        strcpy(path + strlen(path) - 3, ".out");
        char *want = t_read_file(path, NULL);
        if (T_OK(t, in && want)) {
            norm_doc d;
            norm_doc_init(&d);
            T_INT(t, normalize_mode(in, len, mode, &d), 0);
            char *got = render(&d);
            if (!t_check_str(t, got, want, names[i], __FILE__, __LINE__)) (void)0;
            free(got);
            norm_doc_free(&d);
        }
        free(in);
        free(want);
    }
    u_free_list(names, n);
}

static void test_golden(t_ctx *t)
{
    golden_dir(t, "tests/data/norm", NORM_PDF, 8);
}

/* Clean text: spaces kept (runs of white space become one), one paragraph
 * per line, markdown headings marked, the HTML comment line dropped, no
 * doubling repair. */
static void test_golden_clean(t_ctx *t)
{
    golden_dir(t, "tests/data/norm_clean", NORM_CLEAN, 2);
}

static void test_offsets(t_ctx *t)
{
    const char *s = "编者按编者按：：11 月月";
    norm_doc d;
    norm_doc_init(&d);
    T_INT(t, normalize_text(s, strlen(s), &d), 0);
    T_STR(t, d.text.data, "编者按：1月\n");
    T_INT(t, d.src_start.n, 6);
    /* 编 is the first copy's first character; 按 spans both copies */
    T_INT(t, d.src_start.v[0], 0);
    T_INT(t, d.src_end.v[0], 3);
    T_INT(t, d.src_start.v[2], 6);
    T_INT(t, d.src_end.v[2], 18);
    /* ： covers both full-width colons (bytes 18..24) */
    T_INT(t, d.src_start.v[3], 18);
    T_INT(t, d.src_end.v[3], 24);
    /* 1 covers "11", 月 covers "月月" after the space */
    T_INT(t, d.src_start.v[4], 24);
    T_INT(t, d.src_end.v[4], 26);
    T_INT(t, d.src_start.v[5], 27);
    T_INT(t, d.src_end.v[5], 33);
    norm_doc_free(&d);
}

static void test_string(t_ctx *t)
{
    buf b;
    buf_init(&b);
    T_INT(t, norm_string("\"5G 医疗\"  与 县 域", strlen("\"5G 医疗\"  与 县 域"), &b), 0);
    T_STR(t, b.data, "\"5G医疗\"与县域");
    buf_reset(&b);
    norm_string(" health   care ", 15, &b);
    T_STR(t, b.data, "health care");
    buf_free(&b);
}

/* Over every seed: no space next to a CJK character, every code point's
 * source range lies inside the file and ranges increase, and normalizing
 * the output again changes nothing. */
static void test_seed_properties(t_ctx *t)
{
    char dir[512], path[1024];
    t_path(dir, sizeof dir, t->srcdir, "corpus");
    char **names;
    size_t n;
    if (!T_OK(t, u_list_dir(dir, ".txt", &names, &n) == 0)) return;
    T_INT(t, n, 5);
    for (size_t f = 0; f < n; f++) {
        t_path(path, sizeof path, dir, names[f]);
        size_t len;
        char *in = t_read_file(path, &len);
        if (!T_OK(t, in != NULL)) continue;
        norm_doc d;
        norm_doc_init(&d);
        T_INT(t, normalize_text(in, len, &d), 0);
        T_OK(t, d.npara > 10);
        /* spaces next to CJK */
        const uint8_t *p = (const uint8_t *)d.text.data, *end = p + d.text.len;
        uint32_t prev = 0;
        int bad_space = 0;
        while (p < end) {
            uint32_t cp;
            p += u8_next(p, &cp);
            if ((cp == ' ' && uc_class_of(prev) == UC_CJK) ||
                (prev == ' ' && uc_class_of(cp) == UC_CJK))
                bad_space++;
            prev = cp;
        }
        T_INT(t, bad_space, 0);
        int monotone = 1;
        for (size_t i = 0; i < d.src_start.n; i++) {
            if (d.src_start.v[i] >= d.src_end.v[i] || d.src_end.v[i] > len) monotone = 0;
            if (i && d.src_start.v[i] < d.src_end.v[i - 1]) monotone = 0;
        }
        T_OK(t, monotone);
        /* idempotent */
        norm_doc d2;
        norm_doc_init(&d2);
        T_INT(t, normalize_text(d.text.data, d.text.len, &d2), 0);
        char *r1 = render(&d), *r2 = render(&d2);
        /* the second pass sees one paragraph per line: same text */
        buf a, b;
        buf_init(&a);
        buf_init(&b);
        for (size_t i = 0; i < d.npara; i++)
            buf_add(&a, d.text.data + d.paras[i].start, d.paras[i].end - d.paras[i].start);
        for (size_t i = 0; i < d2.npara; i++)
            buf_add(&b, d2.text.data + d2.paras[i].start, d2.paras[i].end - d2.paras[i].start);
        T_STR(t, b.data, a.data);
        buf_free(&a);
        buf_free(&b);
        free(r1);
        free(r2);
        norm_doc_free(&d2);
        norm_doc_free(&d);
        free(in);
    }
    u_free_list(names, n);
}

static norm_mode decide_file(const char *path, norm_evidence *ev)
{
    size_t len;
    char *in = t_read_file(path, &len);
    norm_mode m = NORM_CLEAN;
    memset(ev, 0, sizeof *ev);
    if (in && norm_measure(in, len, ev) == 0) m = norm_decide(ev);
    free(in);
    return m;
}

/* The five seeds are PDF text; the CCTV stories and law texts of
 * tests/data/textkind (the clean documents closest to the thresholds in
 * the shared corpora, see its README) are not. */
static void test_decide_files(t_ctx *t)
{
    static const struct {
        const char *dir;
        norm_mode want;
        size_t n;
    } sets[] = {{"corpus", NORM_PDF, 5}, {"tests/data/textkind", NORM_CLEAN, 6}};
    for (size_t k = 0; k < sizeof sets / sizeof sets[0]; k++) {
        char dir[512], path[1024];
        t_path(dir, sizeof dir, t->srcdir, sets[k].dir);
        char **names;
        size_t n;
        if (!T_OK(t, u_list_dir(dir, ".txt", &names, &n) == 0)) continue;
        T_INT(t, n, sets[k].n);
        for (size_t i = 0; i < n; i++) {
            t_path(path, sizeof path, dir, names[i]);
            norm_evidence ev;
            if (!T_INT(t, decide_file(path, &ev), sets[k].want))
                fprintf(stderr, "  %s: cjk %zu lines %zu doubled %zu broken %zu blank_runs %zu\n",
                        names[i], ev.cjk, ev.lines, ev.doubled, ev.broken, ev.blank_runs);
        }
        u_free_list(names, n);
    }
}

/* Each rule on its own, at its threshold and just below it. */
static void test_decide_rules(t_ctx *t)
{
    norm_evidence ev = {.cjk = 1000, .lines = NORM_PDF_LINES_MIN};
    T_INT(t, norm_decide(&ev), NORM_CLEAN);
    ev.doubled = NORM_PDF_DOUBLED_MIN;
    T_INT(t, norm_decide(&ev), NORM_PDF);
    ev.cjk = 100000; /* the same doubles in a long document are accidents */
    T_INT(t, norm_decide(&ev), NORM_CLEAN);
    ev = (norm_evidence){.cjk = 1000, .lines = 100, .broken = 100 * NORM_PDF_BROKEN_SHARE};
    T_INT(t, norm_decide(&ev), NORM_PDF);
    ev.broken--;
    T_INT(t, norm_decide(&ev), NORM_CLEAN);
    ev = (norm_evidence){.cjk = 1000, .lines = 100, .blank_runs = 100 * NORM_PDF_BLANK_RUNS_SHARE};
    T_INT(t, norm_decide(&ev), NORM_PDF);
    ev.blank_runs--;
    T_INT(t, norm_decide(&ev), NORM_CLEAN);
    /* too few lines for a rate */
    ev = (norm_evidence){.cjk = 1000, .lines = NORM_PDF_LINES_MIN - 1, .broken = 19};
    T_INT(t, norm_decide(&ev), NORM_CLEAN);
}

/* The evidence itself, on text made for it: bold set throughout (every
 * line doubled, long lines), column lines, and clean paragraphs. */
static void test_measure(t_ctx *t)
{
    buf b;
    buf_init(&b);
    for (int i = 0; i < 15; i++)
        buf_puts(&b,
                 "全省卫生健康工作会议全省卫生健康工作会议，，提出了意见和建议提出了意见和建议。。"
                 "各地结合实际开展工作。\n");
    norm_evidence ev;
    T_INT(t, norm_measure(b.data, b.len, &ev), 0);
    T_INT(t, ev.lines, 15);
    T_INT(t, ev.doubled, 15);
    T_INT(t, ev.broken, 0);
    T_INT(t, norm_decide(&ev), NORM_PDF);
    buf_reset(&b);
    for (int i = 0; i < 30; i++)
        buf_puts(&b, "各地各单位结合实际，就如何做好\n\n\n工作展开了广泛交流\n");
    T_INT(t, norm_measure(b.data, b.len, &ev), 0);
    T_INT(t, ev.lines, 60);
    T_INT(t, ev.broken, 30); /* the lines with a comma that stop on a character */
    T_INT(t, ev.blank_runs, 30);
    T_INT(t, norm_decide(&ev), NORM_PDF);
    buf_reset(&b);
    for (int i = 0; i < 30; i++)
        buf_puts(&b, "第一条 为了规范管理，制定本条例。\n\n## 第一章  总则\n\n");
    T_INT(t, norm_measure(b.data, b.len, &ev), 0);
    T_INT(t, ev.broken + ev.blank_runs + ev.doubled, 0);
    T_INT(t, norm_decide(&ev), NORM_CLEAN);
    buf_free(&b);
}

/* Clean text through the whole normalizer: every output character comes
 * from the source bytes its offsets name (a space from white space), the
 * ranges increase, and "第一条 为了" keeps its space. */
static void test_clean_offsets(t_ctx *t)
{
    char dir[512], path[1024];
    t_path(dir, sizeof dir, t->srcdir, "tests/data/textkind");
    char **names;
    size_t n;
    if (!T_OK(t, u_list_dir(dir, ".txt", &names, &n) == 0)) return;
    for (size_t f = 0; f < n; f++) {
        t_path(path, sizeof path, dir, names[f]);
        size_t len;
        char *in = t_read_file(path, &len);
        if (!T_OK(t, in != NULL)) continue;
        norm_doc d;
        norm_doc_init(&d);
        T_INT(t, normalize_mode(in, len, NORM_CLEAN, &d), 0);
        const uint8_t *p = (const uint8_t *)d.text.data, *end = p + d.text.len;
        size_t i = 0;
        int bad = 0;
        while (p < end) {
            uint32_t cp, src;
            p += u8_next(p, &cp);
            if (cp == '\n') continue; /* paragraph separators have no offsets */
            if (i >= d.src_start.n || d.src_start.v[i] >= len) {
                bad++;
                break;
            }
            u8_next((const uint8_t *)in + d.src_start.v[i], &src);
            if (cp == ' ' ? uc_class_of(src) != UC_SPACE : src != cp) bad++;
            if (i && d.src_start.v[i] < d.src_end.v[i - 1]) bad++;
            i++;
        }
        T_INT(t, bad, 0);
        T_INT(t, i, d.src_start.n);
        if (strstr(in, "第一条 ")) T_OK(t, strstr(d.text.data, "第一条 ") != NULL);
        norm_doc_free(&d);
        free(in);
    }
    u_free_list(names, n);
}

void suite_normalize(t_ctx *t)
{
    t_run(t, "normalize_golden_clean", test_golden_clean);
    t_run(t, "normalize_decide_files", test_decide_files);
    t_run(t, "normalize_decide_rules", test_decide_rules);
    t_run(t, "normalize_measure", test_measure);
    t_run(t, "normalize_clean_offsets", test_clean_offsets);
    t_run(t, "normalize_golden", test_golden);
    t_run(t, "normalize_offsets", test_offsets);
    t_run(t, "normalize_string", test_string);
    t_run(t, "normalize_seed_properties", test_seed_properties);
}

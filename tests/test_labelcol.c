/* test_labelcol.c - a document's date and title and a passage's chapter
 * and article through a segment: written by segwrite, read back by the
 * segment reader (labels deduplicated, long ones cut at a character
 * boundary, hundreds of runs so the column index is used), and damage to
 * the new sections behind recomputed checksums reported as corruption,
 * never a crash. */
#include "date.h"
#include "format.h"
#include "labelcol.h"
#include "manifest.h"
#include "segment.h"
#include "segwrite.h"
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <zlib.h>

#define NLAW 300 /* passages of the law document: more than 64 runs of articles */

static const char *chapter_of(size_t i)
{
    static const char *ch[] = {"第一章 总则", "第二章 监督管理", "第三章 法律责任"};
    return ch[i * 3 / NLAW];
}

/* The article of law passage i: two passages per article, so runs. */
static void article_of(size_t i, char *out, size_t cap)
{
    snprintf(out, cap, "第%zu条", i / 2 + 1);
}

/* A label longer than LABELCOL_MAX bytes: 40 three-byte characters. */
static void long_label(char *out, size_t cap)
{
    size_t k = 0;
    for (int i = 0; i < 40 && k + 4 < cap; i++) k += (size_t)snprintf(out + k, cap - k, "长");
}

static int add(sw *w, const char *text, const char *chapter, const char *article, zs_diag *d)
{
    sw_passage p;
    memset(&p, 0, sizeof p);
    p.text = text;
    p.len = strlen(text);
    p.src_end = p.len;
    p.chapter = chapter;
    p.chapter_len = chapter ? strlen(chapter) : 0;
    p.article = article;
    p.article_len = article ? strlen(article) : 0;
    return sw_add_passage(w, &p, d);
}

/* Three documents: news with a date and title and no labels; a law of
 * NLAW passages with chapters and articles (one label too long); an
 * undated document with a long title and a chapter alone. */
static int write_segment(const char *dir, char *seg, size_t cap)
{
    mkdir(dir, 0755);
    sw *w;
    zs_diag d;
    sw_opts o = {16u << 20, 6, 320, 2};
    int rc = sw_open(&w, dir, 1, &o, &d);
    if (rc) return rc;
    char title[400] = "", art[64], lng[200];
    for (int i = 0; i < 120; i++) strcat(title, "题");
    long_label(lng, sizeof lng);
    rc = sw_doc_begin(w);
    for (int i = 0; i < 3 && !rc; i++) rc = add(w, "郑州医共体建设。", NULL, NULL, &d);
    sw_doc news = {"news.txt",       10, 0, 1, "UTF-8", 0, 20240121, "标题一",
                   strlen("标题一"), 10, 0, 1, NULL,    0, NULL,     0};
    if (!rc) rc = sw_doc_end(w, &news, &d);
    if (!rc) rc = sw_doc_begin(w);
    for (size_t i = 0; i < NLAW && !rc; i++) {
        article_of(i, art, sizeof art);
        rc = add(w, "县级以上人民政府应当加强管理。", chapter_of(i), i == 7 ? lng : art, &d);
    }
    sw_doc law = {"law.txt", 10, 0, 2, "UTF-8", 0, 20230000, NULL, 0, 10, 0, 2, NULL, 0, NULL, 0};
    if (!rc) rc = sw_doc_end(w, &law, &d);
    if (!rc) rc = sw_doc_begin(w);
    if (!rc) rc = add(w, "附则。", "第九章 附则", NULL, &d);
    sw_doc other = {"other.txt",   10, 0, 3, "UTF-8", 0, 0,    title,
                    strlen(title), 10, 0, 3, NULL,    0, NULL, 0};
    if (!rc) rc = sw_doc_end(w, &other, &d);
    if (rc) {
        sw_abort(w);
        return rc;
    }
    char name[64];
    sw_stats st;
    rc = sw_finish(w, name, &st, &d);
    snprintf(seg, cap, "%s/%s", dir, name);
    return rc;
}

static int label_is(const labelcol_label *l, const char *want)
{
    return want ? l->len == strlen(want) && !memcmp(l->p, want, l->len) : l->len == 0;
}

static void test_roundtrip(t_ctx *t)
{
    char dir[1024], path[1200];
    t_path(dir, sizeof dir, t->tmpdir, "labelcol_rt");
    if (!T_INT(t, write_segment(dir, path, sizeof path), 0)) return;
    segment *s;
    zs_diag d;
    if (!T_INT(t, seg_open(&s, path, &d), 0)) return;
    T_INT(t, s->ndocs, 3);
    T_INT(t, s->npassages, 3 + NLAW + 1);
    seg_doc_info di;
    T_INT(t, seg_doc(s, 0, &di, &d), 0);
    T_INT(t, di.date, 20240121);
    T_OK(t, di.title_len == strlen("标题一") && !memcmp(di.title, "标题一", di.title_len));
    T_INT(t, seg_doc(s, 1, &di, &d), 0);
    T_INT(t, di.date, 20230000);
    T_INT(t, di.title_len, 0);
    T_INT(t, seg_doc(s, 2, &di, &d), 0);
    T_INT(t, di.date, 0);
    T_INT(t, di.title_len, FMT_TITLE_MAX - FMT_TITLE_MAX % 3); /* whole characters */
    T_INT(t, seg_doc_date(s, 1), 20230000);
    /* labels, passage by passage, in order and then backwards */
    int wrong = 0;
    char art[64], lng[200];
    long_label(lng, sizeof lng);
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t k = 0; k < s->npassages; k++) {
            uint32_t p = pass ? s->npassages - 1 - k : k;
            labelcol_label c, a;
            if (seg_labels(s, p, &c, &a, &d)) {
                wrong++;
                continue;
            }
            if (p < 3) {
                wrong += !label_is(&c, NULL) || !label_is(&a, NULL);
            } else if (p < 3 + NLAW) {
                size_t i = p - 3;
                article_of(i, art, sizeof art);
                wrong += !label_is(&c, chapter_of(i));
                if (i == 7)
                    wrong += a.len != LABELCOL_MAX - LABELCOL_MAX % 3 || memcmp(a.p, lng, a.len);
                else
                    wrong += !label_is(&a, art);
            } else {
                wrong += !label_is(&c, "第九章 附则") || !label_is(&a, NULL);
            }
        }
    T_INT(t, wrong, 0);
    /* stored once each: 4 chapters, NLAW / 2 articles, the long one */
    T_INT(t, s->labels.n, 4 + NLAW / 2 + 1);
    labelcol_label c, a;
    T_INT(t, seg_labels(s, s->npassages, &c, &a, &d), ZS_EINVAL);
    seg_close(s);
}

/* ---- damage behind recomputed checksums ------------------------------------ */

/* Recompute the page CRCs, the tail CRC and the body CRC of a container
 * file (docs/FORMAT.md), so a change reaches the parsers. */
static void fix_crcs(uint8_t *f, size_t len)
{
    uint64_t body = 0;
    uint32_t nsec = 0;
    for (int i = 0; i < 8; i++) body |= (uint64_t)f[16 + i] << (8 * i);
    for (int i = 0; i < 4; i++) nsec |= (uint32_t)f[28 + i] << (8 * i);
    size_t npages = (size_t)((body + 65535) / 65536);
    uint8_t *dir = f + 64 + body, *pc = dir + 32 * (size_t)nsec, *foot = f + len - 16;
    for (size_t k = 0; k < npages; k++) {
        size_t n = k + 1 < npages ? 65536 : (size_t)(body - 65536 * k);
        uint32_t c = (uint32_t)crc32(0, f + 64 + 65536 * k, (uInt)n);
        for (int i = 0; i < 4; i++) pc[4 * k + (size_t)i] = (uint8_t)(c >> (8 * i));
    }
    uint32_t tail = (uint32_t)crc32(0, dir, (uInt)(32 * nsec + 4 * npages));
    uint32_t all = (uint32_t)crc32(0, f + 64, (uInt)body);
    for (int i = 0; i < 4; i++) {
        foot[4 + i] = (uint8_t)(tail >> (8 * i));
        foot[8 + i] = (uint8_t)(all >> (8 * i));
    }
}

/* Open the file and read every document and every passage's labels.
 * Returns ZS_OK, or the first error (its message in d). */
static int read_all(const char *path, zs_diag *d)
{
    segment *s;
    zs_diag_clear(d);
    int rc = seg_open(&s, path, d);
    if (rc) return rc;
    for (uint32_t i = 0; i < s->ndocs && !rc; i++) {
        seg_doc_info di;
        rc = seg_doc(s, i, &di, d);
    }
    for (uint32_t p = 0; p < s->npassages && !rc; p++) {
        labelcol_label c, a;
        rc = seg_labels(s, p, &c, &a, d);
    }
    seg_close(s);
    return rc;
}

/* Body offset and length of section `id`. */
static int find_section(const char *path, uint32_t id, uint64_t *off, uint64_t *len)
{
    zf_reader *r;
    zs_diag d;
    if (zf_open(&r, path, FMT_KIND_SEGMENT, FMT_VERSION, &d)) return -1;
    zf_slice sl;
    int rc = zf_section(r, id, &sl);
    *off = sl.off;
    *len = sl.len;
    zf_close(r);
    return rc;
}

/* Write `orig` with byte `at` set to `v` (CRCs fixed) and read it all. */
static int damaged(const char *path, const uint8_t *orig, size_t len, size_t at, uint8_t v,
                   zs_diag *d)
{
    uint8_t *f = malloc(len);
    memcpy(f, orig, len);
    f[at] = v;
    fix_crcs(f, len);
    t_write_file(path, f, len);
    free(f);
    return read_all(path, d);
}

static void test_damage(t_ctx *t)
{
    char dir[1024], path[1200], bad[1300];
    t_path(dir, sizeof dir, t->tmpdir, "labelcol_bad");
    if (!T_INT(t, write_segment(dir, path, sizeof path), 0)) return;
    snprintf(bad, sizeof bad, "%s/damaged.zhs", dir);
    size_t len;
    uint8_t *orig = (uint8_t *)t_read_file(path, &len);
    if (!T_OK(t, orig != NULL)) return;
    zs_diag d;
    /* the fixer is right: an unchanged copy reads */
    T_INT(t, damaged(bad, orig, len, 100, orig[100], &d), 0);
    uint64_t off, n;
    /* a month 13 in the first document's date */
    if (T_INT(t, find_section(path, FMT_SEC_DOCDATES, &off, &n), 0)) {
        /* 20241321 = 0x0134d809 */
        uint8_t *f = malloc(len);
        memcpy(f, orig, len);
        f[64 + off] = 0x09, f[64 + off + 1] = 0xd8, f[64 + off + 2] = 0x34, f[64 + off + 3] = 0x01;
        fix_crcs(f, len);
        t_write_file(bad, f, len);
        free(f);
        T_INT(t, read_all(bad, &d), ZS_ECORRUPT);
        T_OK(t, strstr(d.msg, "document date") != NULL);
    }
    /* the last document's last field (the length of its extra keys, 0)
     * runs past its record */
    if (T_INT(t, find_section(path, FMT_SEC_DOCS, &off, &n), 0)) {
        T_INT(t, damaged(bad, orig, len, 64 + off + n - 1, 0xE9, &d), ZS_ECORRUPT);
        T_OK(t, strstr(d.msg, "document extra keys") != NULL);
    }
    /* a label count beyond the section; a label that is not UTF-8 */
    if (T_INT(t, find_section(path, FMT_SEC_LABELS, &off, &n), 0)) {
        T_INT(t, damaged(bad, orig, len, 64 + off + 3, 0x10, &d), ZS_ECORRUPT);
        T_OK(t, strstr(d.msg, "label count") != NULL);
        T_INT(t, damaged(bad, orig, len, 64 + off + 5, 0xFF, &d), ZS_ECORRUPT);
        T_OK(t, strstr(d.msg, "label damaged") != NULL);
    }
    /* a chapter set naming a label id beyond the labels: the last set
     * holds one id (first delta from 0) */
    if (T_INT(t, find_section(path, FMT_SEC_CHAPSETS, &off, &n), 0)) {
        T_INT(t, damaged(bad, orig, len, 64 + off + n - 1, 0x7F, &d), ZS_ECORRUPT);
        T_OK(t, strstr(d.msg, "label") != NULL);
    }
    /* every byte of the new sections, flipped: corruption or nothing,
     * never another error (and, under ASan, never a bad read) */
    const uint32_t secs[] = {FMT_SEC_DOCDATES, FMT_SEC_LABELS,  FMT_SEC_CHAPSETS,
                             FMT_SEC_CHAPCOL,  FMT_SEC_ARTSETS, FMT_SEC_ARTCOL};
    int other = 0, found = 0, tried = 0;
    for (size_t k = 0; k < sizeof secs / sizeof *secs; k++) {
        if (find_section(path, secs[k], &off, &n)) continue;
        size_t step = n > 200 ? n / 200 : 1;
        for (uint64_t i = 0; i < n; i += step) {
            int rc = damaged(bad, orig, len, (size_t)(64 + off + i), orig[64 + off + i] ^ 0x55, &d);
            tried++;
            if (rc == ZS_ECORRUPT) found++;
            if (rc && rc != ZS_ECORRUPT) other++;
        }
    }
    T_INT(t, other, 0);
    T_OK(t, tried > 100 && found > tried / 4);
    free(orig);
}

/* The labels as zhsearch shows them, and zhindex check on them: the
 * segment made an index with a manifest of its own. */
static void test_shown(t_ctx *t)
{
    char dir[1024], path[1200];
    t_path(dir, sizeof dir, t->tmpdir, "labelcol_index");
    if (!T_INT(t, write_segment(dir, path, sizeof path), 0)) return;
    man_segment seg = {1, 3 + NLAW + 1, 3, 0, 0, 0};
    manifest m = {1, 2, &seg, 1};
    zs_diag d;
    if (!T_INT(t, man_write(dir, &m, &d), 0)) return;
    u_run r;
    /* law passage 2 (第二条) and the undated document's chapter alone */
    char *json[] = {"--format", "json", "-n", "1000", "县级以上", NULL};
    if (!e2e_search(t, dir, json, NULL, &r)) {
        T_INT(t, r.status, 0);
        T_OK(t, strstr(r.out, "\"passage\":2,\"start\":0,\"end\":45,\"kind\":\"body\",\"date\":"
                              "\"2023\",\"title\":\"\",\"chapter\":\"第一章 总则\",\"article\":"
                              "\"第2条\",") != NULL);
        u_run_free(&r);
    }
    char *json2[] = {"--format", "json", "附则", NULL};
    if (!e2e_search(t, dir, json2, NULL, &r)) {
        T_OK(t, strstr(r.out, "\"date\":null,") && strstr(r.out, "\"chapter\":\"第九章 附则\",") &&
                    !strstr(r.out, "\"article\""));
        u_run_free(&r);
    }
    char *tsv[] = {"--format", "tsv", "-n", "1", "县级以上", NULL};
    if (!e2e_search(t, dir, tsv, NULL, &r)) {
        T_OK(t, strstr(r.out, "\t2023\t\t第一章 总则\t第1条\t\t\n") != NULL);
        u_run_free(&r);
    }
    char *text[] = {"--color", "never", "-n", "1", "县级以上", NULL};
    if (!e2e_search(t, dir, text, NULL, &r)) {
        T_OK(t, strstr(r.out, "\n   2023  第一章 总则 第1条\n") != NULL);
        u_run_free(&r);
    }
    char zhindex[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *check[] = {zhindex, "check", dir, NULL};
    if (!u_run_cmd(check, NULL, 0, &r)) {
        T_INT(t, r.status, 0);
        u_run_free(&r);
    }
}

void suite_labelcol(t_ctx *t)
{
    t_run(t, "labelcol_shown", test_shown);
    t_run(t, "labelcol_roundtrip", test_roundtrip);
    t_run(t, "labelcol_damage", test_damage);
}

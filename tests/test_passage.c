/* test_passage.c - passages of law texts (article boundaries, chapter and
 * article labels, chunks), and clean text through document reading and the
 * tokenizer. */
#include "document.h"
#include "passage.h"
#include "test.h"
#include "tokenize.h"
#include "utf8.h"
#include "util.h"

#include <stdlib.h>

/* Normalize `s` in `mode` and append its passages to `out`. */
static int split_text(const char *s, size_t len, norm_mode mode, const psg_opts *o, psg_doc *st,
                      psg_list *out)
{
    size_t ncp;
    uint64_t *offs = u_utf8_offsets(s, len, &ncp);
    norm_doc d;
    norm_doc_init(&d);
    int rc = offs ? norm_run(s, len, offs, ncp, len, mode, &d) : ZS_ENOMEM;
    if (!rc) rc = psg_split(&d, o, st, out);
    norm_doc_free(&d);
    free(offs);
    return rc;
}

static char *read_fixture(const t_ctx *t, const char *name, size_t *len)
{
    char path[1024], dir[512];
    t_path(dir, sizeof dir, t->srcdir, "tests/data/textkind");
    t_path(path, sizeof path, dir, name);
    return t_read_file(path, len);
}

/* Label `off`/`len` of list `l` as a NUL-terminated string in `out`. */
static const char *label(const psg_list *l, size_t off, size_t len, char *out, size_t cap)
{
    if (len >= cap) len = cap - 1;
    memcpy(out, l->labels.data + off, len);
    out[len] = '\0';
    return out;
}

static int starts_with(const psg_list *l, const psg_passage *p, const char *s)
{
    size_t n = strlen(s);
    return p->text_len >= n && !memcmp(l->text.data + p->text_off, s, n);
}

/* Does passage `p` contain `s`? */
static int contains(const psg_list *l, const psg_passage *p, const char *s)
{
    size_t n = strlen(s);
    const char *x = l->text.data + p->text_off;
    for (size_t i = 0; i + n <= p->text_len; i++)
        if (!memcmp(x + i, s, n)) return 1;
    return 0;
}

/* The first passage whose text starts with `s`, or NULL. */
static const psg_passage *find(const psg_list *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (starts_with(l, &l->v[i], s)) return &l->v[i];
    return NULL;
}

/* Check the labels of the first passage starting with `text`. */
static void check_labels(t_ctx *t, const psg_list *l, const char *text, const char *chapter,
                         const char *article)
{
    const psg_passage *p = find(l, text);
    if (!T_OK(t, p != NULL)) {
        fprintf(stderr, "  no passage starts with %s\n", text);
        return;
    }
    char c[256], a[256];
    T_STR(t, label(l, p->chapter_off, p->chapter_len, c, sizeof c), chapter);
    T_STR(t, label(l, p->article_off, p->article_len, a, sizeof a), article);
}

/* 河南省道路交通安全条例: headings, labels, the long article 第十条. */
static void test_law_fixture(t_ctx *t)
{
    size_t len;
    char *s = read_fixture(t, "law-01224.txt", &len);
    if (!T_OK(t, s != NULL)) return;
    psg_opts o;
    psg_opts_default(&o);
    psg_doc st;
    psg_doc_init(&st);
    psg_list l;
    psg_list_init(&l);
    T_INT(t, split_text(s, len, NORM_CLEAN, &o, &st, &l), 0);
    T_INT(t, st.law, 1);
    check_labels(t, &l, "河南省道路交通安全条例", "", "");
    check_labels(t, &l, "第一章 总则", "第一章 总则", "");
    check_labels(t, &l, "第一条 根据", "第一章 总则", "第一条");
    check_labels(t, &l, "第六条 县级以上", "第二章 道路交通安全责任", "第六条");
    check_labels(t, &l, "第五章 道路通行规定", "第五章 道路通行规定", "");
    check_labels(t, &l, "第一节 一般规定", "第五章 第一节 一般规定", "");
    check_labels(t, &l, "第二十二条", "第五章 第一节 一般规定", "第二十二条");
    check_labels(t, &l, "第二十五条", "第五章 第二节 机动车通行规定", "第二十五条");
    /* the heading passages are headings; 第七条 keeps its items */
    T_INT(t, find(&l, "第一章 总则")->kind, NORM_HEADING);
    const psg_passage *p7 = find(&l, "第七条");
    T_OK(t, p7 && contains(&l, p7, "（三）聘用"));
    /* 第十条 (329 code points) is two passages, cut at its last paragraph */
    size_t n10 = 0, i10 = 0;
    for (size_t i = 0; i < l.n; i++) {
        char a[64];
        if (!strcmp(label(&l, l.v[i].article_off, l.v[i].article_len, a, sizeof a), "第十条")) {
            if (!n10) i10 = i;
            n10++;
        }
    }
    T_INT(t, n10, 2);
    T_OK(t, starts_with(&l, &l.v[i10], "第十条 上道路行驶"));
    T_OK(t, starts_with(&l, &l.v[i10 + 1], "大型货车必须"));
    T_INT(t, l.v[i10].ncp + l.v[i10 + 1].ncp, 329);
    /* the markup is gone, the spaces stay */
    int markup = 0;
    for (size_t i = 0; i < l.n; i++) {
        markup += contains(&l, &l.v[i], "<!--") || contains(&l, &l.v[i], "#");
        T_OK(t, l.v[i].ncp <= o.max_cps);
    }
    T_INT(t, markup, 0);
    T_OK(t, find(&l, "第四条 县级以上人民政府") != NULL);
    psg_list_free(&l);
    psg_doc_free(&st);
    free(s);
}

/* Does paragraph text `s` of clean text open an article: 第, numerals,
 * 条, optionally 之 and numerals, then a space or the end?  (Written apart
 * from passage.c, as the oracle.)  Returns the marker's bytes. */
static size_t oracle_article(const char *s, size_t len)
{
    static const char *const nums = "零〇一二三四五六七八九十百千两0123456789";
    const char *p = s, *end = s + len;
    if (len < 3 || memcmp(p, "第", 3) != 0) return 0;
    p += 3;
    const char *num = p;
    while (p < end) {
        uint32_t cp;
        int n = u8_next((const uint8_t *)p, &cp);
        char ch[5] = {0};
        memcpy(ch, p, (size_t)n);
        if (!strstr(nums, ch)) break;
        p += n;
    }
    if (p == num || end - p < 3 || memcmp(p, "条", 3) != 0) return 0;
    p += 3;
    if (end - p > 3 && !memcmp(p, "之", 3)) {
        const char *q = p + 3;
        while (q < end && strchr("一二三四五六七八九十", 0) && (size_t)(end - q) >= 3 &&
               strstr("一二三四五六七八九十", (char[4]){q[0], q[1], q[2], 0}))
            q += 3;
        if (q > p + 3) p = q;
    }
    if (p < end && *p != ' ') return 0;
    return (size_t)(p - s);
}

/* Brute force over the law fixtures and several bounds: every article
 * paragraph begins a passage carrying its marker, no passage reaches over
 * an article start, every labelled passage carries the marker of the last
 * article that began at or before it, nothing is lost or repeated, and no
 * passage exceeds the bound. */
static void test_law_brute(t_ctx *t)
{
    static const char *const files[] = {"law-01224.txt", "law-00335.txt", "law-02049.txt"};
    static const uint32_t bounds[] = {40, 100, 320, 2000};
    for (size_t f = 0; f < sizeof files / sizeof files[0]; f++) {
        size_t len;
        char *s = read_fixture(t, files[f], &len);
        if (!T_OK(t, s != NULL)) continue;
        size_t ncp;
        uint64_t *offs = u_utf8_offsets(s, len, &ncp);
        norm_doc d;
        norm_doc_init(&d);
        T_INT(t, norm_run(s, len, offs, ncp, len, NORM_CLEAN, &d), 0);
        for (size_t b = 0; b < sizeof bounds / sizeof bounds[0]; b++) {
            psg_opts o = {bounds[b], PSG_MIN_CPS_DEFAULT};
            psg_doc st;
            psg_doc_init(&st);
            psg_list l;
            psg_list_init(&l);
            T_INT(t, psg_split(&d, &o, &st, &l), 0);
            T_INT(t, st.law, 1);
            size_t articles = 0, missing = 0, over = 0, wrong = 0, too_long = 0;
            /* article starts, by source offset, with their markers */
            for (size_t pi = 0; pi < d.npara; pi++) {
                const norm_para *pa = &d.paras[pi];
                size_t ml = oracle_article(d.text.data + pa->start, pa->end - pa->start);
                if (!ml) continue;
                articles++;
                uint64_t at = d.src_start.v[pa->cp_start];
                int found = 0;
                for (size_t i = 0; i < l.n; i++) {
                    const psg_passage *p = &l.v[i];
                    if (p->src_start == at && p->article_len == ml &&
                        !memcmp(l.labels.data + p->article_off, d.text.data + pa->start, ml))
                        found = 1;
                    if (p->src_start < at && at < p->src_end) over++;
                }
                missing += !found;
            }
            /* the label of each passage against the last article start */
            size_t pi = 0;
            const char *last = NULL;
            size_t last_len = 0;
            buf all;
            buf_init(&all);
            for (size_t i = 0; i < l.n; i++) {
                const psg_passage *p = &l.v[i];
                while (pi < d.npara && d.src_start.v[d.paras[pi].cp_start] <= p->src_start) {
                    const norm_para *pa = &d.paras[pi];
                    size_t ml = oracle_article(d.text.data + pa->start, pa->end - pa->start);
                    if (ml) {
                        last = d.text.data + pa->start;
                        last_len = ml;
                    }
                    pi++;
                }
                if (p->article_len && (p->article_len != last_len ||
                                       memcmp(l.labels.data + p->article_off, last, last_len) != 0))
                    wrong++;
                too_long += p->ncp > o.max_cps;
                buf_add(&all, l.text.data + p->text_off, p->text_len);
            }
            buf paras;
            buf_init(&paras);
            for (size_t k = 0; k < d.npara; k++)
                buf_add(&paras, d.text.data + d.paras[k].start, d.paras[k].end - d.paras[k].start);
            T_OK(t, articles >= 3);
            T_INT(t, missing, 0);
            T_INT(t, over, 0);
            T_INT(t, wrong, 0);
            T_INT(t, too_long, 0);
            T_OK(t, all.len == paras.len && !memcmp(all.data, paras.data, all.len));
            buf_free(&all);
            buf_free(&paras);
            psg_list_free(&l);
            psg_doc_free(&st);
        }
        norm_doc_free(&d);
        free(offs);
        free(s);
    }
}

/* Parts (编, 分编), chapters and sections compose the chapter label. */
static void test_law_parts(t_ctx *t)
{
    const char *s =
        "# 某某法典\n\n"
        "第一编 总则\n\n"
        "第一章 基本规定\n\n"
        "第一条 为了保护民事主体的合法权益，制定本法。\n\n"
        "第二条 本法调整民事关系。\n\n"
        "第一节 一般规定\n\n"
        "第三条 民事主体的人身权利受法律保护。\n\n"
        "第二编 物权\n\n"
        "第一分编 通则\n\n"
        "第一章 一般规定\n\n"
        "第四条 本编调整物权关系。\n\n"
        "第三章规定的事项，依照本法执行，不得违反法律、行政法规的强制性规定和公序良俗。\n\n"
        "第四条之一 插入的条文。\n\n"
        "第三十一条的决定》第一次修正\n";
    psg_opts o;
    psg_opts_default(&o);
    psg_doc st;
    psg_doc_init(&st);
    psg_list l;
    psg_list_init(&l);
    T_INT(t, split_text(s, strlen(s), NORM_CLEAN, &o, &st, &l), 0);
    T_INT(t, st.law, 1);
    check_labels(t, &l, "某某法典", "", "");
    check_labels(t, &l, "第一编 总则", "第一编 总则", "");
    check_labels(t, &l, "第一章 基本规定", "第一编 第一章 基本规定", "");
    check_labels(t, &l, "第一条", "第一编 第一章 基本规定", "第一条");
    check_labels(t, &l, "第二条", "第一编 第一章 基本规定", "第二条");
    check_labels(t, &l, "第三条", "第一编 第一章 第一节 一般规定", "第三条");
    check_labels(t, &l, "第二编 物权", "第二编 物权", "");
    check_labels(t, &l, "第四条 本编", "第一分编 第一章 一般规定", "第四条");
    check_labels(t, &l, "第四条之一", "第一分编 第一章 一般规定", "第四条之一");
    /* a paragraph that starts with a reference to a chapter, or with 第N条
     * not followed by a space, is text: it stays in the article before it */
    const psg_passage *p4 = find(&l, "第四条 本编");
    T_OK(t, p4 && contains(&l, p4, "第三章规定"));
    T_OK(t, find(&l, "第三章规定") == NULL);
    const psg_passage *p41 = find(&l, "第四条之一");
    T_OK(t, p41 && contains(&l, p41, "第三十一条的决定"));
    T_OK(t, find(&l, "第三十一条") == NULL);
    psg_list_free(&l);
    psg_doc_free(&st);
}

/* A document read in two chunks gives the passages and labels of one. */
static void test_law_chunks(t_ctx *t)
{
    size_t len;
    char *s = read_fixture(t, "law-01224.txt", &len);
    if (!T_OK(t, s != NULL)) return;
    const char *cut = strstr(s, "大型货车必须");
    if (!T_OK(t, cut != NULL)) {
        free(s);
        return;
    }
    psg_opts o;
    psg_opts_default(&o);
    psg_doc st1, st2;
    psg_doc_init(&st1);
    psg_doc_init(&st2);
    psg_list one, two;
    psg_list_init(&one);
    psg_list_init(&two);
    T_INT(t, split_text(s, len, NORM_CLEAN, &o, &st1, &one), 0);
    size_t k = (size_t)(cut - s);
    T_INT(t, split_text(s, k, NORM_CLEAN, &o, &st2, &two), 0);
    T_INT(t, split_text(cut, len - k, NORM_CLEAN, &o, &st2, &two), 0);
    T_INT(t, two.n, one.n);
    size_t diff = 0;
    for (size_t i = 0; i < one.n && i < two.n; i++) {
        char a1[256], a2[256], c1[256], c2[256];
        const psg_passage *p = &one.v[i], *q = &two.v[i];
        diff += p->text_len != q->text_len ||
                memcmp(one.text.data + p->text_off, two.text.data + q->text_off, p->text_len) ||
                strcmp(label(&one, p->chapter_off, p->chapter_len, c1, sizeof c1),
                       label(&two, q->chapter_off, q->chapter_len, c2, sizeof c2)) ||
                strcmp(label(&one, p->article_off, p->article_len, a1, sizeof a1),
                       label(&two, q->article_off, q->article_len, a2, sizeof a2));
    }
    T_INT(t, diff, 0);
    psg_list_free(&one);
    psg_list_free(&two);
    psg_doc_free(&st1);
    psg_doc_free(&st2);
    free(s);
}

/* News is not a law text: no labels, and the prose rules apply. */
static void test_prose_unlabelled(t_ctx *t)
{
    size_t len;
    char *s = read_fixture(t, "cctv-20221208-01.txt", &len);
    if (!T_OK(t, s != NULL)) return;
    psg_opts o;
    psg_opts_default(&o);
    psg_doc st;
    psg_doc_init(&st);
    psg_list l;
    psg_list_init(&l);
    T_INT(t, split_text(s, len, NORM_CLEAN, &o, &st, &l), 0);
    T_INT(t, st.law, 0);
    T_OK(t, l.n > 5);
    size_t labelled = 0;
    for (size_t i = 0; i < l.n; i++) labelled += l.v[i].chapter_len + l.v[i].article_len > 0;
    T_INT(t, labelled, 0);
    T_INT(t, l.labels.len, 0);
    psg_list_free(&l);
    psg_doc_free(&st);
    free(s);
}

typedef struct toks {
    char term[256][16];
    uint32_t pos[256];
    size_t n;
} toks;

static int collect(void *ctx, const tok_token *tk)
{
    toks *x = ctx;
    if (x->n < 256 && tk->len < 16) {
        memcpy(x->term[x->n], tk->term, tk->len);
        x->term[x->n][tk->len] = '\0';
        x->pos[x->n++] = tk->pos;
    }
    return 0;
}

/* Does query `q` match `text` the way the searcher matches: every query
 * token at the same distance from the first?  (Unigrams and prefixes are
 * not needed for the words below.) */
static int matches(const char *text, const char *q)
{
    toks d = {0}, w = {0};
    tok_run(text, strlen(text), TOK_DOC, collect, &d);
    tok_run(q, strlen(q), TOK_QUERY, collect, &w);
    for (size_t s = 0; s < d.n; s++) {
        size_t k = 0;
        for (; k < w.n; k++) {
            uint32_t want = d.pos[s] + (w.pos[k] - w.pos[0]);
            int hit = 0;
            for (size_t j = 0; j < d.n; j++)
                hit |= d.pos[j] == want && !strcmp(d.term[j], w.term[k]);
            if (!hit) break;
        }
        if (w.n && k == w.n) return 1;
    }
    return 0;
}

static int sink(void *ctx, const psg_list *l, const doc_meta *meta)
{
    (void)meta;
    psg_list *all = ctx;
    for (size_t i = 0; i < l->n; i++) {
        psg_passage p = l->v[i];
        p.text_off = all->text.len;
        if (buf_add(&all->text, l->text.data + l->v[i].text_off, l->v[i].text_len))
            return ZS_ENOMEM;
        p.chapter_off += all->labels.len;
        p.article_off += all->labels.len;
        if (all->n == all->cap) {
            size_t c = all->cap ? all->cap * 2 : 64;
            psg_passage *v = realloc(all->v, c * sizeof *v);
            if (!v) return ZS_ENOMEM;
            all->v = v;
            all->cap = c;
        }
        all->v[all->n++] = p;
    }
    return buf_add(&all->labels, l->labels.data, l->labels.len);
}

/* Through doc_read: a law text written as a file keeps "第四十五条 县级以上"
 * with its space and gets its labels; the words on either side of the
 * space match as before, in both the clean and the repaired text. */
static void test_doc_clean_law(t_ctx *t)
{
    const char *s = "# 某某条例\n\n<!-- INFO END -->\n\n## 第一章  总则\n\n"
                    "第一条 为了规范管理，制定本条例。\n\n"
                    "第二条 本条例适用于本省行政区域。\n\n"
                    "## 第二章  法律责任\n\n"
                    "第四十五条 县级以上人民政府应当加强领导。\n";
    char path[1024];
    t_path(path, sizeof path, t->tmpdir, "law_clean.txt");
    if (!T_INT(t, t_write_file(path, s, strlen(s)), 0)) return;
    doc_opts o = {0};
    psg_opts_default(&o.psg);
    psg_list all;
    psg_list_init(&all);
    doc_info info;
    zs_diag d;
    zs_diag_clear(&d);
    T_INT(t, doc_read(path, &o, sink, &all, &info, &d), 0);
    check_labels(t, &all, "第四十五条 县级以上", "第二章 法律责任", "第四十五条");
    check_labels(t, &all, "第一章 总则", "第一章 总则", "");
    const psg_passage *p = find(&all, "第四十五条 县级以上");
    if (T_OK(t, p != NULL)) {
        char text[256];
        size_t n = p->text_len < 255 ? p->text_len : 255;
        memcpy(text, all.text.data + p->text_off, n);
        text[n] = '\0';
        T_OK(t, matches(text, "县级以上"));
        T_OK(t, matches(text, "第四十五条"));
        T_OK(t, matches(text, "人民政府"));
        /* the same words in the repaired text */
        T_OK(t, matches("第四十五条县级以上人民政府应当加强领导。", "县级以上"));
        T_OK(t, matches("第四十五条县级以上人民政府应当加强领导。", "第四十五条"));
        /* no bigram across the space: the tokenizer's rule for white space */
        T_OK(t, !matches(text, "条县"));
    }
    psg_list_free(&all);
}

/* TSV lines lose the spaces next to CJK (the seed passages of the
 * benchmark keep the justified spaces of their PDF), nothing else: a
 * pre-cut passage is never rewritten by the doubled-glyph repair (issue 11,
 * finding 10). */
static void test_doc_tsv_repaired(t_ctx *t)
{
    const char *s = "7\t\t0\t贫困人口医疗费用报销比例由 2016 年 的 52.25% 提 高 到 90%。\n"
                    "8\t\t0\t哈哈哈哈哈哈\n"
                    "9\t\t0\t编者按编者按：：11 月月\n";
    char path[1024];
    t_path(path, sizeof path, t->tmpdir, "pdf_lines.tsv");
    if (!T_INT(t, t_write_file(path, s, strlen(s)), 0)) return;
    doc_opts o = {0};
    o.format = DOC_TSV;
    psg_opts_default(&o.psg);
    psg_list all;
    psg_list_init(&all);
    doc_info info;
    zs_diag d;
    zs_diag_clear(&d);
    T_INT(t, doc_read(path, &o, sink, &all, &info, &d), 0);
    if (T_INT(t, all.n, 3)) {
        T_OK(t,
             starts_with(&all, &all.v[0], "贫困人口医疗费用报销比例由2016年的52.25%提高到90%。"));
        T_OK(t, all.v[1].text_len == strlen("哈哈哈哈哈哈") &&
                    starts_with(&all, &all.v[1], "哈哈哈哈哈哈"));
        T_OK(t, starts_with(&all, &all.v[2], "编者按编者按：：11月月"));
    }
    psg_list_free(&all);
}

void suite_passage(t_ctx *t)
{
    t_run(t, "passage_doc_tsv_repaired", test_doc_tsv_repaired);
    t_run(t, "passage_law_fixture", test_law_fixture);
    t_run(t, "passage_law_brute", test_law_brute);
    t_run(t, "passage_law_parts", test_law_parts);
    t_run(t, "passage_law_chunks", test_law_chunks);
    t_run(t, "passage_prose_unlabelled", test_prose_unlabelled);
    t_run(t, "passage_doc_clean_law", test_doc_clean_law);
}

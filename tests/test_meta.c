/* test_meta.c - the sidecar's full date (valid and invalid), a long title
 * cut at a character boundary, and what a document stores: its date and
 * title from the sidecar or the headline (meta_doc_chunk). */
#include "gazetteer.h"
#include "meta.h"
#include "test.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Write `json` as the sidecar of `doc` and read it. */
static int read_side(const gaz *g, const char *doc, const char *json, meta_info *m, zs_diag *d)
{
    char side[1100];
    snprintf(side, sizeof side, "%s.meta.json", doc);
    if (t_write_file(side, json, strlen(json))) return -100;
    zs_diag_clear(d);
    return meta_read(g, doc, m, d);
}

static void test_dates(t_ctx *t)
{
    gaz *g;
    if (!T_INT(t, gaz_open(&g), 0)) return;
    char doc[1024];
    t_path(doc, sizeof doc, t->tmpdir, "meta_doc.txt");
    T_INT(t, t_write_file(doc, "text", 4), 0);
    meta_info m;
    zs_diag d;
    struct {
        const char *date;
        int y, mo, da;
    } ok[] = {{"2024-01-21", 2024, 1, 21},    {"2024-02-29", 2024, 2, 29},
              {"2022-03", 2022, 3, 0},        {"2021", 2021, 0, 0},
              {"1900-12-31", 1900, 12, 31},   {"２０２４-０３-０１", 2024, 3, 1},
              {"２０２２－１１", 2022, 11, 0}};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        char json[128];
        snprintf(json, sizeof json, "{\"date\": \"%s\"}", ok[i].date);
        T_INT(t, read_side(g, doc, json, &m, &d), 0);
        T_INT(t, m.year, ok[i].y);
        T_INT(t, m.month, ok[i].mo);
        T_INT(t, m.day, ok[i].da);
    }
    const char *bad[] = {
        "2023-02-29", "2022-13", "2022-04-31", "2022-00-10",       "2022-3-5",
        "21 Jan",     "1899",    "2101-01",    "2022-03-05T10:00", "２０２３-０２-２９"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char json[128];
        snprintf(json, sizeof json, "{\"date\": \"%s\"}", bad[i]);
        if (!T_INT(t, read_side(g, doc, json, &m, &d), ZS_EINVAL))
            fprintf(stderr, "  accepted %s\n", bad[i]);
        T_OK(t, strstr(d.msg, ".meta.json") && strstr(d.msg, bad[i]));
    }
    /* the reason is said */
    read_side(g, doc, "{\"date\": \"2023-02-29\"}", &m, &d);
    T_OK(t, strstr(d.msg, "day 29 does not exist in 2023-02") != NULL);
    gaz_free(g);
}

static void test_title(t_ctx *t)
{
    gaz *g;
    if (!T_INT(t, gaz_open(&g), 0)) return;
    char doc[1024];
    t_path(doc, sizeof doc, t->tmpdir, "meta_title.txt");
    T_INT(t, t_write_file(doc, "text", 4), 0);
    /* 200 three-byte characters: longer than META_TITLE_MAX bytes */
    char json[1024];
    size_t k = (size_t)snprintf(json, sizeof json, "{\"title\": \"");
    for (int i = 0; i < 200; i++) k += (size_t)snprintf(json + k, sizeof json - k, "题");
    snprintf(json + k, sizeof json - k, "\"}");
    meta_info m;
    zs_diag d;
    T_INT(t, read_side(g, doc, json, &m, &d), 0);
    size_t n = strlen(m.title);
    T_OK(t, n < META_TITLE_MAX && n % 3 == 0 && n >= META_TITLE_MAX - 3);
    T_OK(t, u8_valid(m.title, n));
    gaz_free(g);
}

/* A chunk of two passages: a headline and a body. */
static void two_passages(psg_list *l, const char *head, const char *body)
{
    psg_list_init(l);
    const char *texts[2] = {head, body};
    l->v = calloc(2, sizeof *l->v);
    l->n = l->cap = 2;
    for (size_t i = 0; i < 2; i++) {
        l->v[i].text_off = l->text.len;
        l->v[i].text_len = strlen(texts[i]);
        buf_add(&l->text, texts[i], strlen(texts[i]));
    }
}

static void test_doc_chunk(t_ctx *t)
{
    psg_list l;
    two_passages(&l, "郑州新建学校10所", "今年，郑州新建学校10所。");
    meta_info mi;
    memset(&mi, 0, sizeof mi);
    /* the annotator's date, the headline as title */
    ann_doc_out o = {2022, 3, 31, 0};
    meta_doc md;
    memset(&md, 0, sizeof md);
    meta_doc_chunk(&md, &mi, &l, &o);
    T_INT(t, md.date, 20220331);
    T_STR(t, md.title, "郑州新建学校10所");
    /* later chunks change nothing */
    ann_doc_out o2 = {2023, 0, 0, 1};
    meta_doc_chunk(&md, &mi, &l, &o2);
    T_INT(t, md.date, 20220331);
    T_STR(t, md.title, "郑州新建学校10所");
    /* the sidecar's title wins; a year alone; a day without a month is dropped */
    snprintf(mi.title, sizeof mi.title, "%s", "边车标题");
    memset(&md, 0, sizeof md);
    ann_doc_out o3 = {2021, 0, 5, 0};
    meta_doc_chunk(&md, &mi, &l, &o3);
    T_INT(t, md.date, 20210000);
    T_STR(t, md.title, "边车标题");
    /* no headline, no date */
    mi.title[0] = '\0';
    memset(&md, 0, sizeof md);
    ann_doc_out o4 = {0, 0, 0, -1};
    meta_doc_chunk(&md, &mi, &l, &o4);
    T_INT(t, md.date, 0);
    T_STR(t, md.title, "");
    T_INT(t, md.title_len, 0);
    /* passages TSV input: the sidecar's date */
    mi.year = 2020;
    mi.month = 2;
    mi.day = 29;
    memset(&md, 0, sizeof md);
    meta_doc_chunk(&md, &mi, &l, NULL);
    T_INT(t, md.date, 20200229);
    psg_list_free(&l);
    /* a long headline is cut at a character boundary */
    buf head;
    buf_init(&head);
    for (int i = 0; i < 100; i++) buf_puts(&head, "长");
    two_passages(&l, head.data, "正文");
    memset(&md, 0, sizeof md);
    ann_doc_out o5 = {0, 0, 0, 0};
    meta_doc_chunk(&md, &mi, &l, &o5);
    T_OK(t, md.title_len <= FMT_TITLE_MAX && md.title_len % 3 == 0 &&
                md.title_len > FMT_TITLE_MAX - 3);
    T_INT(t, strlen(md.title), md.title_len);
    buf_free(&head);
    psg_list_free(&l);
}

void suite_meta(t_ctx *t)
{
    t_run(t, "meta_dates", test_dates);
    t_run(t, "meta_title", test_title);
    t_run(t, "meta_doc_chunk", test_doc_chunk);
}

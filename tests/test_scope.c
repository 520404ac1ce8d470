/* test_scope.c - the context rules of the annotator: the first-character
 * table of scope_scan against its word lists, the evidence it counts, and
 * the place names that are not topics (scope_not_topic). */
#include "cptext.h"
#include "scope.h"
#include "test.h"

#include <stdio.h>
#include <string.h>

static void test_first_table(t_ctx *t)
{
    size_t n;
    const uint32_t *f = scope_first_chars(&n);
    for (size_t i = 1; i < n; i++) T_OK(t, f[i - 1] < f[i]); /* sorted, unique */
    for (const uint32_t *const *const *l = scope_word_lists(); *l; l++)
        for (const uint32_t *const *w = *l; *w; w++) {
            int found = 0;
            for (size_t i = 0; i < n; i++) found |= f[i] == (*w)[0];
            T_OK(t, found);
        }
}

/* The central bodies' first-character table against their list. */
static void test_central_table(t_ctx *t)
{
    size_t n = 0;
    while (scope_central_firsts[n]) n++;
    for (size_t i = 1; i < n; i++) T_OK(t, scope_central_firsts[i - 1] < scope_central_firsts[i]);
    size_t words = 0;
    for (const uint32_t *const *w = scope_central; *w; w++, words++) {
        int found = 0;
        for (size_t i = 0; i < n; i++) found |= scope_central_firsts[i] == (*w)[0];
        T_OK(t, found);
    }
    T_OK(t, words >= 20);
}

static scope_evidence scan(const char *text)
{
    cpt c = {0};
    scope_evidence ev = {0};
    if (cpt_load(&c, text, strlen(text)) == ZS_OK) scope_scan(&c, &ev);
    cpt_free(&c);
    return ev;
}

static void test_evidence(t_ctx *t)
{
    T_INT(t, scan("全国共有医疗卫生机构100万个").nation, 2);
    T_INT(t, scan("我国各地积极推进").nation, 4);
    T_INT(t, scan("全国人大代表张三说").nation, 0); /* a title */
    T_INT(t, scan("全省各地积极推进").nation, 0);   /* the province's */
    T_INT(t, scan("国家卫生健康委发布").nation, 2); /* a central body */
    T_INT(t, scan("国家有关部门发布").nation, 1);   /* weak */
    T_INT(t, scan("交通运输部大力推动").nation, 2);
    T_INT(t, scan("河南省交通运输厅大力推动").nation, 0);
    T_INT(t, scan("各级教育部门").nation, 0);             /* departments, not the ministry */
    T_INT(t, scan("郑州成为全国首个试点城市").nation, 0); /* a comparison */
    T_INT(t, scan("来自全国各地的游客").nation, 0);       /* an origin */
    T_INT(t, scan("全军各部队官兵").nation, 2);
    /* an event's name is where it is held, not the country */
    T_INT(t, scan("第十五届全国运动会在广东举行").nation, 0);
    T_INT(t, scan("2024年中国金鸡百花电影节开幕").nation, 0);
    T_INT(t, scan("2024年中国经济增长5%，全国").nation, 3); /* no event: 中国 1 + 全国 2 */
    T_INT(t, scan("美国总统访华").foreign, 3);
    T_INT(t, scan("全市各区县和我市企业").local_refs, 2);
    T_INT(t, scan("全市场监管").local_refs, 0);
    T_INT(t, scan("省卫生健康委要求").province_wide, 1);
    T_INT(t, scan("卫生健康委要求").province_wide, 0);
    T_INT(t, scan("当地时间6日，俄军称").foreign, 2);
    T_INT(t, scan("习近平总书记在回信中希望").leader, 2);
    T_INT(t, scan("习近平总书记在回信中希望").speech, 2);
    T_INT(t, scan("市委书记在全市大会上说").leader, 0);
}

/* Is the first `place` in `text` inside a transliteration? */
static int translit(const char *text, const char *place)
{
    cpt c = {0};
    int r = -1;
    const char *p = strstr(text, place);
    if (p && cpt_load(&c, text, strlen(text)) == ZS_OK)
        r = scope_transliterated(&c, cpt_index(&c, (size_t)(p - text)),
                                 cpt_index(&c, (size_t)(p - text) + strlen(place)));
    cpt_free(&c);
    return r;
}

static void test_transliterated(t_ctx *t)
{
    T_INT(t, translit("利西昌斯克乌军的补给线", "西昌"), 1);
    T_INT(t, translit("俄军在顿涅茨克东部多地发动攻势", "克东"), 1);
    T_INT(t, translit("在西昌卫星发射中心", "西昌"), 0);
    T_INT(t, translit("黑龙江克东县", "克东"), 0);
}

/* Why the place at the first occurrence of `place` in `text` is not a
 * topic ("" when it is one). */
static const char *why(const char *text, const char *place)
{
    cpt c = {0};
    const char *r = "?";
    const char *p = strstr(text, place);
    if (p && cpt_load(&c, text, strlen(text)) == ZS_OK) {
        size_t at = cpt_index(&c, (size_t)(p - text));
        size_t end = cpt_index(&c, (size_t)(p - text) + strlen(place));
        r = scope_not_topic(&c, at, end);
        if (!r) r = "";
    }
    cpt_free(&c);
    return r;
}

static void test_not_topic(t_ctx *t)
{
    T_STR(t, why("新华社北京6月5日电 国家卫生健康委今天发布", "北京"), "dateline");
    T_STR(t, why("本报讯（记者 李明 通讯员 郑州 王方）日前", "郑州"), "byline");
    T_STR(t, why("全国卫生健康工作会议在北京召开", "北京"), "venue");
    T_STR(t, why("科技荟澳系列活动在澳门开幕", "澳门"), ""); /* an event is about its host */
    T_STR(t, why("医院与北京、上海等知名医院深度合作", "北京"), "partner");
    T_STR(t, why("31个省（自治区、直辖市）和新疆生产建设兵团累计报告", "新疆"), "formula");
    T_STR(t, why("从北京只身来到陕西榆林", "北京"), "origin");
    T_STR(t, why("来自江苏的援疆医生张为中", "江苏"), "origin");
    T_STR(t, why("博罗县南邻东莞、深圳", "东莞"), "neighbour");
    T_STR(t, why("连接和田至若羌的铁路", "和田"), ""); /* 接 without a direction */
    T_STR(t, why("北京市出台措施，全市推进", "北京"), "");
    T_STR(t, why("新疆生产建设兵团第八师石河子市", "新疆"), "");
    T_STR(t, why("习近平在北京考察", "北京"), ""); /* a visit is about the place */
    /* a place name a dictionary word hides (scope_words) */
    T_STR(t, why("在江西萍乡，游客们欣赏沿途湖光山色", "光山"), "word");
    T_STR(t, why("他恍然大悟", "大悟"), "word");
    T_STR(t, why("光山县推进茶产业", "光山"), "");
}

/* scope_words is sorted by the hidden name, then the word (scope_hidden
 * binary-searches it), and each entry's name lies inside its word. */
static void test_words_table(t_ctx *t)
{
    T_OK(t, scope_nwords > 0);
    for (size_t k = 0; k < scope_nwords; k++) {
        const scope_word *w = &scope_words[k];
        size_t n = 0;
        while (w->word[n]) n++;
        T_OK(t, w->len >= 2 && w->off + w->len <= n && w->len < n);
        if (!k) continue;
        const scope_word *v = &scope_words[k - 1];
        int cmp = 0;
        for (size_t i = 0; !cmp && i < v->len && i < w->len; i++)
            cmp = v->word[v->off + i] < w->word[w->off + i]   ? -1
                  : v->word[v->off + i] > w->word[w->off + i] ? 1
                                                              : 0;
        if (!cmp) cmp = v->len < w->len ? -1 : v->len > w->len ? 1 : 0;
        T_OK(t, cmp <= 0);
    }
}

static void collect(void *ctx, const uint32_t *codes, size_t n)
{
    char *out = ctx;
    for (size_t i = 0; i < n; i++)
        snprintf(out + strlen(out), 64 - strlen(out), "%s%u", *out ? "," : "", codes[i]);
}

/* The divisions of the abbreviation run at the start of text, as a
 * string "13,21" ("" none). */
static const char *abbrev(const char *text, char *out, size_t cap)
{
    cpt c = {0};
    out[0] = 0;
    if (cpt_load(&c, text, strlen(text)) == ZS_OK) {
        uint32_t codes[SCOPE_ABBREV_MAX];
        size_t n, len = scope_abbrev_at(&c, 0, codes, &n), at = 0;
        for (size_t k = 0; len && k < n; k++)
            at += (size_t)snprintf(out + at, cap - at, "%s%u", k ? "," : "", (unsigned)codes[k]);
    }
    cpt_free(&c);
    return out;
}

static void test_abbrev(t_ctx *t)
{
    char b[64];
    T_STR(t, abbrev("京冀辽等地出现大雪", b, sizeof b), "1101,13,21");
    T_STR(t, abbrev("粤闽浙三省降雨", b, sizeof b), "44,35,33");
    T_STR(t, abbrev("川渝两地合作", b, sizeof b), "51,5001");
    T_STR(t, abbrev("湘粤交界", b, sizeof b), "43,44");
    T_STR(t, abbrev("辽宁等地降温", b, sizeof b), ""); /* the province's name */
    T_STR(t, abbrev("澳新地区", b, sizeof b), "");     /* Australia, New Zealand */
    T_STR(t, abbrev("京冀辽的雪", b, sizeof b), "");   /* no place word after */
    T_STR(t, abbrev("京等地", b, sizeof b), "");       /* one is not a run */
    /* every abbreviation is found (the table is binary-searched) */
    static const uint32_t all[] =
        U"京津晋蒙辽吉黑沪苏浙皖闽赣鲁豫鄂湘粤桂琼渝川蜀黔贵滇云藏陕秦甘陇青宁新台港澳";
    for (size_t k = 0; all[k]; k++) {
        uint32_t codes[SCOPE_ABBREV_MAX], run[] = {all[k], U'冀', U'等', U'地'};
        cpt c = {.v = run, .n = 4};
        size_t n = 0;
        if (!T_INT(t, (int)scope_abbrev_at(&c, 0, codes, &n), 2) || !T_INT(t, (int)n, 2))
            printf("  for U+%04X\n", (unsigned)all[k]);
    }
}

static void test_regions(t_ctx *t)
{
    static const struct {
        const char *text, *codes;
    } cases[] = {{"京津冀协同发展", "1101,1201,13"},
                 {"长三角地区新能源汽车产量", "3101,32,33,34"},
                 {"成渝地区双城经济圈", "5001,5101"},
                 {"京津两地", ""}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cpt c = {0};
        char got[64] = "";
        if (!T_INT(t, cpt_load(&c, cases[i].text, strlen(cases[i].text)), 0)) continue;
        scope_regions(&c, collect, got);
        T_STR(t, got, cases[i].codes);
        cpt_free(&c);
    }
    cpt c = {0};
    const char *h = "湖南省人民医院的手术室内";
    if (T_INT(t, cpt_load(&c, h, strlen(h)), 0)) {
        T_OK(t, scope_capital_institution(&c, 2)); /* after 湖南 */
        T_OK(t, !scope_capital_institution(&c, 0));
    }
    cpt_free(&c);
}

static void test_routes(t_ctx *t)
{
    static const struct {
        const char *text, *codes;
    } cases[] = {{"潍烟高铁全线铺轨贯通", "3707,3706"},
                 {"渝昆高铁控制性工程", "5001,5301"},
                 {"西康高铁进入联调联试阶段", "6101,6109"},
                 {"成自宜高铁全线隧道贯通", "5101,5103,5115"},
                 {"潍烟两地", ""},  /* no route word after it */
                 {"中老铁路", ""},  /* a foreign line */
                 {"全国铁路", ""}}; /* a word */
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        cpt c = {0};
        char got[64] = "";
        if (!T_INT(t, cpt_load(&c, cases[i].text, strlen(cases[i].text)), 0)) continue;
        scope_routes_in(&c, collect, got);
        if (!T_STR(t, got, cases[i].codes)) printf("  for %s\n", cases[i].text);
        cpt_free(&c);
    }
    /* the mined table: one character per division, no division twice */
    T_OK(t, scope_routes[0].word != NULL);
    for (const scope_route *r = scope_routes; r->word; r++) {
        size_t n = 0, len = 0;
        while (n < SCOPE_ROUTE_MAX && r->codes[n]) n++;
        while (r->word[len]) len++;
        T_INT(t, (int)len, (int)n);
        for (size_t a = 0; a < n; a++)
            for (size_t b = a + 1; b < n; b++) T_OK(t, r->codes[a] != r->codes[b]);
    }
}

void suite_scope(t_ctx *t)
{
    t_run(t, "scope_routes", test_routes);
    t_run(t, "scope_regions", test_regions);
    t_run(t, "scope_abbrev", test_abbrev);
    t_run(t, "scope_first_table", test_first_table);
    t_run(t, "scope_central_table", test_central_table);
    t_run(t, "scope_evidence", test_evidence);
    t_run(t, "scope_not_topic", test_not_topic);
    t_run(t, "scope_words_table", test_words_table);
    t_run(t, "scope_transliterated", test_transliterated);
}

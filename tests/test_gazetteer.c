/* test_gazetteer.c - unit tests of the gazetteer: tables, names, the scan
 * rules (longest match, edges, streets, overlaps), ambiguity, resolution. */
#include "buf.h"
#include "err.h"
#include "gazetteer.h"
#include "test.h"

#include <stdlib.h>

/* Preferred province of the scan helper: Henan, as for the seed corpus. */
#define HENAN 41

/* Scan results as one string: each mention "<text>/<F|S>/<code>" (the
 * candidate gaz_pick chooses for `province`), separated by spaces. */
typedef struct scan_out {
    buf b;
    const char *text;
    uint32_t province;
} scan_out;

static int on_mention(void *ctx, const gaz_mention *m)
{
    scan_out *o = ctx;
    const gaz_cand *c = gaz_pick(m->cands, m->ncands, o->province, 0);
    return buf_printf(&o->b, "%s%.*s/%c/%u", o->b.len ? " " : "", (int)(m->end - m->start),
                      o->text + m->start, m->form == GAZ_FULL ? 'F' : 'S', (unsigned)c->unit->code);
}

/* The mentions of `text` as one string, in o->b. */
static const char *scan(const gaz *g, scan_out *o, const char *text, uint32_t province)
{
    buf_reset(&o->b);
    o->text = text;
    o->province = province;
    int rc = gaz_scan(g, text, strlen(text), on_mention, o);
    return rc ? "(error)" : o->b.data;
}

static gaz *open_gaz(t_ctx *t)
{
    gaz *g = NULL;
    T_INT(t, gaz_open(&g), ZS_OK);
    return g;
}

/* The prefecture-level code the name denotes, picking for Henan; 0 when it
 * is not a name. */
static uint32_t city_of(const gaz *g, const char *name)
{
    const gaz_cand *c;
    size_t n;
    if (gaz_lookup(g, name, strlen(name), &c, &n)) return 0;
    return gaz_pick(c, n, HENAN, 0)->unit->city;
}

static void test_tables(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    /* 31 of the source and 台湾省, 香港特别行政区, 澳门特别行政区 */
    T_INT(t, gaz_count(g, GAZ_PROVINCE), 34);
    T_INT(t, gaz_count(g, GAZ_CITY), 369);
    T_INT(t, gaz_count(g, GAZ_COUNTY), 2946);
    size_t n;
    const gaz_unit *u = gaz_units_all(g, &n);
    T_INT(t, n, 34 + 369 + 2946);
    int bad = 0;
    for (size_t i = 0; i < n; i++) {
        const gaz_unit *p, *c;
        if (i && u[i - 1].code >= u[i].code) bad++;
        if (gaz_unit_by_code(g, u[i].province, &p) || p->level != GAZ_PROVINCE) bad++;
        if (u[i].level == GAZ_PROVINCE) {
            if (u[i].city != 0 || u[i].province != u[i].code) bad++;
        } else if (gaz_unit_by_code(g, u[i].city, &c) || c->level != GAZ_CITY ||
                   c->province != u[i].province) {
            bad++;
        }
        if (u[i].level == GAZ_CITY && u[i].city != u[i].code) bad++;
        if (!u[i].name[0] || !u[i].short_name[0]) bad++;
    }
    T_INT(t, bad, 0);
    static const struct {
        const char *name;
        uint32_t code;
    } sar[] = {{"香港", 81}, {"香港特别行政区", 81}, {"澳门", 82}, {"台湾省", 71}, {"台湾", 71}};
    for (size_t i = 0; i < sizeof sar / sizeof *sar; i++) {
        gaz_resolution r;
        if (T_INT(t, gaz_resolve(g, sar[i].name, strlen(sar[i].name), &r), ZS_OK) &&
            T_INT(t, r.nunits, 1))
            T_INT(t, GAZ_TAG_CODE(r.units[0]), sar[i].code);
    }
    gaz_free(g);
}

static void test_accessors(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    const gaz_unit *u = NULL;
    T_INT(t, gaz_unit_by_code(g, 410621, &u), ZS_OK);
    if (u) {
        T_STR(t, u->name, "浚县");
        T_STR(t, u->short_name, "浚县"); /* one character left: no short form */
        T_INT(t, u->level, GAZ_COUNTY);
        T_INT(t, u->city, 4106);
        T_INT(t, u->province, 41);
    }
    T_INT(t, gaz_unit_by_code(g, 4101, &u), ZS_OK);
    T_STR(t, u->name, "郑州市");
    T_STR(t, u->short_name, "郑州");
    T_INT(t, u->level, GAZ_CITY);
    T_INT(t, gaz_unit_by_code(g, 41, &u), ZS_OK);
    T_STR(t, u->name, "河南省");
    T_STR(t, u->short_name, "河南");
    T_INT(t, u->city, 0);
    /* 济源: county-level code, a prefecture-level unit of its own */
    T_INT(t, gaz_unit_by_code(g, 419001, &u), ZS_OK);
    T_STR(t, u->name, "济源市");
    T_INT(t, u->level, GAZ_CITY);
    T_INT(t, u->city, 419001);
    T_INT(t, u->province, 41);
    /* municipality: province 11 and city 1101, both 北京市 */
    T_INT(t, gaz_unit_by_code(g, 11, &u), ZS_OK);
    T_INT(t, u->level, GAZ_PROVINCE);
    T_STR(t, u->short_name, "北京");
    T_INT(t, gaz_unit_by_code(g, 1101, &u), ZS_OK);
    T_STR(t, u->name, "北京市");
    T_INT(t, u->level, GAZ_CITY);
    T_INT(t, u->province, 11);
    /* Chongqing's counties are folded into 5001 */
    T_INT(t, gaz_unit_by_code(g, 500229, &u), ZS_OK);
    T_STR(t, u->name, "城口县");
    T_INT(t, u->city, 5001);
    /* a county row that repeats its city is a unit without names */
    T_INT(t, gaz_unit_by_code(g, 441900, &u), ZS_OK);
    T_INT(t, u->city, 4419);
    T_OK(t, city_of(g, "东莞") == 4419);
    /* pseudo-cities and codes that do not exist */
    T_INT(t, gaz_unit_by_code(g, 4190, &u), ZS_ENOTFOUND);
    T_INT(t, gaz_unit_by_code(g, 5002, &u), ZS_ENOTFOUND);
    T_INT(t, gaz_unit_by_code(g, 999999, &u), ZS_ENOTFOUND);
    T_INT(t, gaz_unit_by_code(g, 0, &u), ZS_ENOTFOUND);
    gaz_free(g);
}

static const struct {
    const char *full, *short_;
    uint32_t code;
} henan_cities[] = {
    {"郑州市", "郑州", 4101},     {"开封市", "开封", 4102},     {"洛阳市", "洛阳", 4103},
    {"平顶山市", "平顶山", 4104}, {"安阳市", "安阳", 4105},     {"鹤壁市", "鹤壁", 4106},
    {"新乡市", "新乡", 4107},     {"焦作市", "焦作", 4108},     {"濮阳市", "濮阳", 4109},
    {"许昌市", "许昌", 4110},     {"漯河市", "漯河", 4111},     {"三门峡市", "三门峡", 4112},
    {"南阳市", "南阳", 4113},     {"商丘市", "商丘", 4114},     {"信阳市", "信阳", 4115},
    {"周口市", "周口", 4116},     {"驻马店市", "驻马店", 4117}, {"济源市", "济源", 419001},
};

static void test_henan_cities(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    scan_out o;
    buf_init(&o.b);
    size_t n = sizeof henan_cities / sizeof henan_cities[0];
    T_INT(t, n, 18);
    for (size_t i = 0; i < n; i++) {
        char want[64], text[64];
        const gaz_cand *c;
        size_t nc;
        /* both forms are names of exactly this city */
        T_INT(t, gaz_lookup(g, henan_cities[i].full, strlen(henan_cities[i].full), &c, &nc), 0);
        T_OK(t, nc == 1 && c[0].unit->code == henan_cities[i].code && c[0].form == GAZ_FULL);
        T_INT(t, gaz_lookup(g, henan_cities[i].short_, strlen(henan_cities[i].short_), &c, &nc), 0);
        T_OK(t, nc == 1 && c[0].unit->code == henan_cities[i].code && c[0].form == GAZ_SHORT);
        /* and both are found in running text */
        snprintf(text, sizeof text, "在%s召开", henan_cities[i].full);
        snprintf(want, sizeof want, "%s/F/%u", henan_cities[i].full,
                 (unsigned)henan_cities[i].code);
        T_STR(t, scan(g, &o, text, HENAN), want);
        snprintf(text, sizeof text, "在%s召开", henan_cities[i].short_);
        snprintf(want, sizeof want, "%s/S/%u", henan_cities[i].short_,
                 (unsigned)henan_cities[i].code);
        T_STR(t, scan(g, &o, text, HENAN), want);
    }
    gaz_resolution r;
    T_INT(t, gaz_resolve(g, "41", 2, &r), ZS_OK);
    T_INT(t, r.ncities, 18);
    for (size_t i = 0; i < n && r.ncities == 18; i++) {
        int found = 0;
        for (size_t k = 0; k < r.ncities; k++) found |= r.cities[k] == henan_cities[i].code;
        T_OK(t, found);
    }
    buf_free(&o.b);
    gaz_free(g);
}

static void test_henan_counties(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    static const struct {
        const char *name;
        uint32_t city;
    } cases[] = {
        {"浚县", 4106},         {"淇县", 4106},   {"山城区", 4106}, {"郏县", 4104},
        {"叶县", 4104},         {"舞钢", 4104},   {"民权县", 4114}, {"夏邑县", 4114},
        {"永城", 4114},         {"禹州", 4110},   {"鄢陵", 4110},   {"长葛市", 4110},
        {"中牟县", 4101},       {"巩义", 4101},   {"登封市", 4101}, {"郑州航空港区", 4101},
        {"兰考", 4102},         {"杞县", 4102},   {"开封县", 4102}, {"栾川", 4103},
        {"偃师", 4103},         {"孟津", 4103},   {"林州", 4105},   {"滑县", 4105},
        {"长垣", 4107},         {"辉县市", 4107}, {"温县", 4108},   {"沁阳", 4108},
        {"范县", 4109},         {"清丰县", 4109}, {"舞阳", 4111},   {"临颍县", 4111},
        {"灵宝", 4112},         {"渑池县", 4112}, {"邓州", 4113},   {"西峡县", 4113},
        {"固始", 4115},         {"新县", 4115},   {"项城", 4116},   {"淮阳", 4116},
        {"鹿邑县", 4116},       {"泌阳", 4117},   {"新蔡县", 4117}, {"管城区", 4101},
        {"济源示范区", 419001},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (!T_INT(t, city_of(g, cases[i].name), cases[i].city))
            printf("  for %s\n", cases[i].name);
    /* words that are not names */
    const char *not_names[] = {"中原", "豫", "浚", "河南县", "城区", "老城区"};
    for (size_t i = 0; i < sizeof not_names / sizeof not_names[0]; i++)
        if (!T_INT(t, city_of(g, not_names[i]), 0)) printf("  for %s\n", not_names[i]);
    /* words that are names only right after their province (GATED) */
    scan_out o;
    buf_init(&o.b);
    T_STR(t, scan(g, &o, "民权", HENAN), "");
    T_STR(t, scan(g, &o, "博爱", HENAN), "");
    T_STR(t, scan(g, &o, "河南民权", HENAN), "河南/S/41 民权/S/411421");
    T_STR(t, scan(g, &o, "河南博爱", HENAN), "河南/S/41 博爱/S/410822");
    buf_free(&o.b);
    gaz_free(g);
}

static void test_longest(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    scan_out o;
    buf_init(&o.b);
    T_STR(t, scan(g, &o, "郑州航空港区教育局", HENAN), "郑州航空港区/F/410173");
    T_STR(t, scan(g, &o, "郑州航空港经济综合实验区", HENAN), "郑州航空港经济综合实验区/F/410173");
    T_STR(t, scan(g, &o, "平顶山市卫生健康委", HENAN), "平顶山市/F/4104");
    T_STR(t, scan(g, &o, "郑州高新区", HENAN), "郑州高新区/F/410172");
    /* a zone's generic name names no zone (吉林经济开发区 once gave 经开区 to
     * 吉林市); with its city it does */
    T_STR(t, scan(g, &o, "省级经开区和国家级高新区", HENAN), "");
    T_STR(t, scan(g, &o, "经济开发区", HENAN), "");
    T_STR(t, scan(g, &o, "吉林经开区", HENAN), "吉林经开区/F/220271");
    T_STR(t, scan(g, &o, "济源示范区", HENAN), "济源示范区/F/419001");
    T_STR(t, scan(g, &o, "河南省郑州市金水区", HENAN), "河南省/F/41 郑州市/F/4101 金水区/F/410105");
    T_STR(t, scan(g, &o, "浚县、淇县和山城区", HENAN),
          "浚县/F/410621 淇县/F/410622 山城区/F/410603");
    /* after a mention the left-edge rule does not apply: 广西|南宁, not 西南 */
    T_STR(t, scan(g, &o, "广西南宁", HENAN), "广西/S/45 南宁/S/4501");
    T_STR(t, scan(g, &o, "江西南昌", HENAN), "江西/S/36 南昌/S/3601");
    /* municipalities are cities whose province has the same name */
    T_STR(t, scan(g, &o, "北京、上海、天津和重庆", HENAN),
          "北京/S/1101 上海/S/3101 天津/S/1201 重庆/S/5001");
    /* 吉林 is the province; the city keeps its full name */
    T_STR(t, scan(g, &o, "吉林吉林市", HENAN), "吉林/S/22 吉林市/F/2202");
    buf_free(&o.b);
    gaz_free(g);
}

static void test_false_hits(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    scan_out o;
    buf_init(&o.b);
    /* each line protected by one rule alone, then the examples of the brief */
    static const char *none[] = {
        "平安阳春",     /* L 平安 (not 安阳) */
        "新乡土",       /* R 乡土 (新 + 乡土) */
        "开封闭幕",     /* R 封闭 */
        "经济源",       /* L 经济 (not 济源) */
        "示范县创建",   /* L 示范 (not the FULL 范县) */
        "信息县域",     /* L 信息 (not 息县) */
        "聚焦作风建设", /* L 聚焦 (not 焦作) */
        "每周口",       /* L 每周 (not 周口) */
        "周口服",       /* R 口服 */
        "长治久安",     /* R 治久 */
        "中原区域中心", /* strict R 区域 (not the FULL 中原区) */
        "复合肥",       /* L 复合 (not 合肥) */
        "黄河南部",     /* L 黄河 (not 河南) */
        "重大理论",     /* L 重大 (not 大理) */
        "提高县级医院", /* L 提高 (not 高县) */
        "区域内乡",     /* L 域内 (not 内乡) */
        "流通许",       /* L 流通 (not 通许) */
        "中牟利",       /* R 牟利 (not 中牟) */
        "明确山体",     /* L 明确 (not 确山) */
        "城市和县城",   /* L 市和, limited to 和县 */
        "医保定点",     /* L 医保 (not 保定) */
        "北京时间",     /* follow 时间, limited to 北京 */
        "南阳路",       /* follow 路 */
        "郑州舰",       /* follow 舰 */
        "民权运动",     /* 民权 is a common word, not a name */
        "互助合作",     /* likewise 互助, 合作 */
        "幸福安康",     /* likewise 安康 */
        "新乡村",       "平安阳光",   "打开封闭的大门", "每周口服一次", "经济源头", "黄河南岸",
        "从中牟利",     "流通许可证", "区域内乡村",     "东方红",       "久治不愈",
    };
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
        if (!T_STR(t, scan(g, &o, none[i], HENAN), "")) printf("  for %s\n", none[i]);
    T_STR(t, scan(g, &o, "郑州市南阳路", HENAN), "郑州市/F/4101");
    /* a FULL name yields to a shorter one when its suffix starts a word */
    T_STR(t, scan(g, &o, "河南县域医共体", HENAN), "河南/S/41");
    T_STR(t, scan(g, &o, "河南县级医院", HENAN), "河南/S/41"); /* not 南县 (湖南) */
    T_STR(t, scan(g, &o, "新乡市场监管局", HENAN), "新乡/S/4107");
    /* but stays when there is none: 浚县 + 城区 */
    T_STR(t, scan(g, &o, "浚县城区", HENAN), "浚县/F/410621");
    /* 和 + 县级 is no 和县 (the laws' 国务院和县级以上) */
    T_STR(t, scan(g, &o, "国务院和县级以上地方人民政府", HENAN), "");
    T_STR(t, scan(g, &o, "市级和县域医疗机构", HENAN), "");
    /* exceptions to the street words */
    T_STR(t, scan(g, &o, "郑州街头", HENAN), "郑州/S/4101");
    T_STR(t, scan(g, &o, "南阳村医", HENAN), "南阳/S/4113");
    /* a FULL name starting inside a SHORT one wins: 召开|封丘县 */
    T_STR(t, scan(g, &o, "召开封丘县会议", HENAN), "封丘县/F/410727");
    T_STR(t, scan(g, &o, "在开封丘县", HENAN), "封丘县/F/410727");
    /* the rules are on edges only: the same names elsewhere are found */
    T_STR(t, scan(g, &o, "在安阳，阳光明媚", HENAN), "安阳/S/4105");
    T_STR(t, scan(g, &o, "到范县示范", HENAN), "范县/F/410926");
    T_STR(t, scan(g, &o, "去焦作，聚焦", HENAN), "焦作/S/4108");
    buf_free(&o.b);
    gaz_free(g);
}

static void test_ambiguity(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    const gaz_cand *c = NULL;
    size_t n = 0;
    T_INT(t, gaz_lookup(g, "鼓楼区", strlen("鼓楼区"), &c, &n), ZS_OK);
    T_INT(t, n, 4);
    if (n == 4) {
        T_INT(t, c[0].unit->code, 320106); /* by code: 南京, 徐州, 福州, 开封 */
        T_INT(t, c[3].unit->code, 410204);
        T_INT(t, gaz_pick(c, n, 41, 0)->unit->code, 410204);
        T_INT(t, gaz_pick(c, n, 35, 0)->unit->code, 350102);
        T_INT(t, gaz_pick(c, n, 32, 3203)->unit->code, 320302); /* city beats province */
        T_INT(t, gaz_pick(c, n, 32, 0)->unit->code, 320106);
        T_INT(t, gaz_pick(c, n, 0, 0)->unit->code, 320106);
        T_INT(t, gaz_pick(c, n, 44, 0)->unit->code, 320106); /* none there: the first */
    }
    T_OK(t, gaz_pick(c, 0, 41, 0) == NULL);
    T_INT(t, gaz_lookup(g, "新华区", strlen("新华区"), &c, &n), ZS_OK);
    T_INT(t, n, 3);
    T_INT(t, gaz_pick(c, n, 41, 0)->unit->code, 410402);
    /* provinces come before cities, cities before counties */
    scan_out o;
    buf_init(&o.b);
    T_STR(t, scan(g, &o, "鼓楼区", 32), "鼓楼区/F/320106");
    T_STR(t, scan(g, &o, "鼓楼区", 41), "鼓楼区/F/410204");
    buf_free(&o.b);
    gaz_free(g);
}

static void test_resolve(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    gaz_resolution r;
    const char *zz[] = {"郑州", "郑州市", "4101"};
    for (size_t i = 0; i < 3; i++) {
        T_INT(t, gaz_resolve(g, zz[i], strlen(zz[i]), &r), ZS_OK);
        T_OK(t, r.nunits == 1 && r.units[0]->code == 4101);
        T_OK(t, r.ncities == 1 && r.cities[0] == 4101);
    }
    const char *hn[] = {"河南", "河南省", "41"};
    for (size_t i = 0; i < 3; i++) {
        T_INT(t, gaz_resolve(g, hn[i], strlen(hn[i]), &r), ZS_OK);
        T_OK(t, r.nunits == 1 && r.units[0]->code == 41);
        T_INT(t, r.ncities, 18);
        T_OK(t, r.cities[0] == 4101 && r.cities[17] == 419001);
    }
    T_INT(t, gaz_resolve(g, "浚县", strlen("浚县"), &r), ZS_OK);
    T_OK(t, r.nunits == 1 && r.units[0]->code == 410621 && r.ncities == 1 && r.cities[0] == 4106);
    T_INT(t, gaz_resolve(g, "410185", 6, &r), ZS_OK); /* 登封市 */
    T_OK(t, r.units[0]->city == 4101 && r.cities[0] == 4101);
    T_INT(t, gaz_resolve(g, "济源", strlen("济源"), &r), ZS_OK);
    T_OK(t, r.ncities == 1 && r.cities[0] == 419001);
    T_INT(t, gaz_resolve(g, "11", 2, &r), ZS_OK);
    T_OK(t, r.units[0]->level == GAZ_PROVINCE && r.ncities == 1 && r.cities[0] == 1101);
    T_INT(t, gaz_resolve(g, "北京", strlen("北京"), &r), ZS_OK);
    T_OK(t, r.units[0]->code == 1101 && r.units[0]->province == 11);
    T_INT(t, gaz_resolve(g, "5002", 4, &r), ZS_OK);
    T_OK(t, r.units[0]->code == 5001);
    T_INT(t, gaz_resolve(g, "65", 2, &r), ZS_OK);
    T_INT(t, r.ncities, 26); /* 14 prefectures + 12 corps cities */
    T_INT(t, gaz_resolve(g, "鼓楼区", strlen("鼓楼区"), &r), ZS_OK);
    T_OK(t, r.nunits == 4 && r.ncities == 4);
    const char *unknown[] = {"4190", "豫",       "中原", "999999", "41010",
                             "0041", "郑州市市", "abc",  "4l"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++)
        if (!T_INT(t, gaz_resolve(g, unknown[i], strlen(unknown[i]), &r), ZS_ENOTFOUND))
            printf("  for %s\n", unknown[i]);
    T_INT(t, gaz_resolve(g, "", 0, &r), ZS_EINVAL);
    gaz_free(g);
}

/* Every name, alone, is one mention of its whole length whose candidates
 * are those of gaz_lookup. */
/* A GATED name right after its province's short name is found as SHORT,
 * with that unit among its candidates. */
static int gated_after_province(const gaz *g, scan_out *o, const char *s, const gaz_cand *c)
{
    const gaz_unit *p;
    if (gaz_unit_by_code(g, c->unit->province, &p)) return 0;
    char text[128], want[160];
    snprintf(text, sizeof text, "%s%s", p->short_name, s);
    const char *name = text + strlen(p->short_name);
    snprintf(want, sizeof want, " %s/S/", name); /* after 重庆/S/5001 or 湖北/S/42 */
    const char *got = scan(g, o, text, c->unit->province);
    if (strstr(got, want)) return 1;
    printf("  %s: got %s\n", text, got);
    return 0;
}

static void test_every_name(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    scan_out o;
    buf_init(&o.b);
    int bad = 0;
    for (size_t i = 0; i < gaz_nnames; i++) {
        const char *s = gaz_names[i].text;
        const gaz_cand *c;
        size_t n;
        char want[128];
        if (gaz_lookup(g, s, strlen(s), &c, &n)) {
            bad++;
            continue;
        }
        uint32_t code = gaz_pick(c, n, HENAN, 0)->unit->code;
        int full = 0;
        for (size_t k = 0; k < n; k++) full |= c[k].form == GAZ_FULL;
        if (c[0].form == GAZ_GATED) { /* alone no name; after its province one */
            bad += strcmp(scan(g, &o, s, HENAN), "") != 0;
            bad += !gated_after_province(g, &o, s, &c[0]);
            continue;
        }
        snprintf(want, sizeof want, "%s/%c/%u", s, full ? 'F' : 'S', (unsigned)code);
        if (strcmp(scan(g, &o, s, HENAN), want)) {
            if (bad++ < 5) printf("  %s: got %s\n", want, o.b.data);
        }
    }
    T_INT(t, bad, 0);
    buf_free(&o.b);
    gaz_free(g);
}

/* Short forms that are mostly words (当阳, 长兴, 福安) are names only right
 * after their own province or city; never alone, never after another
 * province; 南部 and 公安 never. */
static void test_gated(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    scan_out o;
    buf_init(&o.b);
    T_STR(t, scan(g, &o, "在湖北当阳，万亩油菜花", 0), "湖北/S/42 当阳/S/420582");
    T_STR(t, scan(g, &o, "当阳的油菜花", 0), "");
    T_STR(t, scan(g, &o, "湖南当阳", 0), "湖南/S/43");
    T_STR(t, scan(g, &o, "浙江长兴的新四军", 0), "浙江/S/33 长兴/S/330522");
    T_STR(t, scan(g, &o, "在宁德福安市", 0), "宁德/S/3509 福安市/F/350981");
    T_STR(t, scan(g, &o, "在宁德福安，", 0), "宁德/S/3509 福安/S/350981");
    T_STR(t, scan(g, &o, "在浙江宁波宁海，", 0), "浙江/S/33 宁波/S/3302 宁海/S/330226");
    T_STR(t, scan(g, &o, "四川南部、云南北部", 0), "四川/S/51 云南/S/53");
    T_STR(t, scan(g, &o, "湖北公安交管", 0), "湖北/S/42");
    T_STR(t, scan(g, &o, "湖北，当阳", 0), "湖北/S/42");
    buf_free(&o.b);
    gaz_free(g);
}

/* District stems mined from the corpora (tools/mined_districts.tsv): SHORT
 * ones read alone, GATED ones only after their own province or city, and
 * stems the corpora write as words (振兴, 天山, 中原) not at all; and a
 * mined left-edge rule (tools/mined_edges.tsv), the names it must not
 * stop (tools/mined_keeps.tsv) and mined landmarks. */
static void test_mined_districts(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    scan_out o;
    buf_init(&o.b);
    T_STR(t, scan(g, &o, "萧山的企业", 0), "萧山/S/330109");
    T_STR(t, scan(g, &o, "萧山国际机场", 0), "萧山国际机场/S/3301"); /* a landmark */
    T_STR(t, scan(g, &o, "浦东的企业", 0), "浦东/S/310115");
    T_STR(t, scan(g, &o, "在山东薛城，", 0), "山东/S/37 薛城/S/370403");
    T_STR(t, scan(g, &o, "薛城的纪念碑", 0), "");
    T_STR(t, scan(g, &o, "辽宁振兴", 0), "辽宁/S/21");
    T_STR(t, scan(g, &o, "新疆天山南北", 0), "新疆/S/65");
    T_STR(t, scan(g, &o, "中原大地", 0), "");
    /* a mined left edge: 沿海 ends on 海, so 沿海城市 holds no 海城 */
    T_STR(t, scan(g, &o, "多个沿海城市", 0), "");
    T_STR(t, scan(g, &o, "在辽宁海城，", 0), "辽宁/S/21 海城/S/210381");
    /* mined keeps: 在内 and 西南 are words, yet 在内蒙古 and 江西南昌 are
     * places; the edges still hold for other names (区域内乡村, 和平安宁) */
    T_STR(t, scan(g, &o, "今天在内蒙古开展活动", 0), "内蒙古/S/15");
    T_STR(t, scan(g, &o, "江西南昌部分低保户", 0), "江西/S/36 南昌/S/3601");
    T_STR(t, scan(g, &o, "在海南海口施茶村", 0), "海南/S/46 海口/S/4601");
    T_STR(t, scan(g, &o, "本行政区域内乡道", 0), "");
    T_STR(t, scan(g, &o, "和平安宁", 0), "");
    /* mined landmarks (tools/mined_landmarks.tsv) are names of their city */
    T_STR(t, scan(g, &o, "湘西十八洞村的村民", 0), "湘西/S/4331 十八洞村/S/4331");
    T_STR(t, scan(g, &o, "走进十八洞村", 0), "十八洞村/S/4331");
    T_STR(t, scan(g, &o, "中关村论坛开幕", 0), "中关村/S/1101");
    buf_free(&o.b);
    gaz_free(g);
}

static int stop_after_one(void *ctx, const gaz_mention *m)
{
    (void)m;
    ++*(int *)ctx;
    return 42;
}

static void test_bytes(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    scan_out o;
    buf_init(&o.b);
    T_STR(t, scan(g, &o, "", HENAN), "");
    T_STR(t, scan(g, &o, "郑", HENAN), "");
    /* malformed and truncated UTF-8 around names is skipped, never read past */
    T_STR(t, scan(g, &o, "\xff郑州\xe9", HENAN), "郑州/S/4101");
    T_STR(t, scan(g, &o, "\x80\x80郑州市\xe5\x8d", HENAN), "郑州市/F/4101");
    T_STR(t, scan(g, &o, "ab郑州cd", HENAN), "郑州/S/4101");
    /* spans are bytes */
    const char *s = "在郑州市";
    int calls = 0;
    T_INT(t, gaz_scan(g, s, strlen(s), stop_after_one, &calls), 42);
    T_INT(t, calls, 1);
    calls = 0;
    T_INT(t, gaz_scan(g, "郑州开封", strlen("郑州开封"), stop_after_one, &calls), 42);
    T_INT(t, calls, 1);
    /* a name cut by len is not found: 在郑 and two bytes of 州 */
    T_INT(t, gaz_scan(g, s, strlen(s) - 4, stop_after_one, &calls), ZS_OK);
    gaz_free(NULL);
    buf_free(&o.b);
    gaz_free(g);
}

static int count_henan(void *ctx, const gaz_mention *m)
{
    const gaz_cand *c = gaz_pick(m->cands, m->ncands, HENAN, 0);
    if (c->unit->province == HENAN) ++*(int *)ctx;
    return 0;
}

/* The seed corpus is Henan's health-commission newspaper: most mentions are
 * Henan places. */
static void test_corpus(t_ctx *t)
{
    gaz *g = open_gaz(t);
    if (!g) return;
    char path[512];
    t_path(path, sizeof path, t->srcdir, "corpus/000_7c76320ed3ab9a1d.txt");
    size_t len;
    char *text = t_read_file(path, &len);
    T_OK(t, text != NULL);
    if (text) {
        int henan = 0;
        T_INT(t, gaz_scan(g, text, len, count_henan, &henan), ZS_OK);
        T_OK(t, henan >= 40);
        free(text);
    }
    gaz_free(g);
}

/* Display order: cities (4 and 6 digits) before provinces, each group in
 * its own order. */
static void test_cities_first(t_ctx *t)
{
    uint32_t c[] = {41, 44, 4101, 4406, 419001};
    gaz_cities_first(c, 5);
    T_OK(t, c[0] == 4101 && c[1] == 4406 && c[2] == 419001 && c[3] == 41 && c[4] == 44);
    uint32_t one[] = {41};
    gaz_cities_first(one, 1);
    T_INT(t, one[0], 41);
    gaz_cities_first(NULL, 0);
}

/* Same-name divisions told apart by suffix and level; the national scope. */
static void test_same_names(t_ctx *t)
{
    gaz *g;
    if (!T_INT(t, gaz_open(&g), 0)) return;
    static const struct {
        const char *name;
        uint32_t code; /* the first candidate's tag code */
    } want[] = {{"海南州", 6325}, {"海南藏族自治州", 6325},  {"海南", 46},
                {"海南省", 46},   {"吉林市", 2202},          {"吉林", 22},
                {"吉林省", 22},   {"全国", GAZ_NATION_CODE}, {"1", GAZ_NATION_CODE}};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        gaz_resolution r;
        if (!T_INT(t, gaz_resolve(g, want[i].name, strlen(want[i].name), &r), 0)) continue;
        T_INT(t, GAZ_TAG_CODE(r.units[0]), want[i].code);
    }
    gaz_resolution r;
    T_INT(t, gaz_resolve(g, "全国", strlen("全国"), &r), 0);
    T_INT(t, r.ncities, 0); /* a scope, not every city */
    const gaz_unit *u;
    T_INT(t, gaz_unit_by_code(g, GAZ_NATION_CODE, &u), 0);
    T_STR(t, u->short_name, "全国");
    const gaz_cand *c;
    size_t n;
    T_OK(t, gaz_lookup(g, "全国", strlen("全国"), &c, &n) != 0); /* never found in text */
    gaz_free(g);
}

void suite_gazetteer(t_ctx *t)
{
    t_run(t, "gazetteer_cities_first", test_cities_first);
    t_run(t, "gaz_tables", test_tables);
    t_run(t, "gaz_accessors", test_accessors);
    t_run(t, "gaz_henan_cities", test_henan_cities);
    t_run(t, "gaz_henan_counties", test_henan_counties);
    t_run(t, "gaz_longest", test_longest);
    t_run(t, "gaz_false_hits", test_false_hits);
    t_run(t, "gaz_ambiguity", test_ambiguity);
    t_run(t, "gaz_resolve", test_resolve);
    t_run(t, "gaz_same_names", test_same_names);
    t_run(t, "gaz_every_name", test_every_name);
    t_run(t, "gaz_gated", test_gated);
    t_run(t, "gaz_mined_districts", test_mined_districts);
    t_run(t, "gaz_bytes", test_bytes);
    t_run(t, "gaz_corpus", test_corpus);
}

/* test_annotate.c - the year reader of the annotator (explicit years with
 * and without a space, Chinese numerals, ranges, plan periods, relative
 * years, what is not a year), the metadata sidecar, and the city and year
 * filter values of the searcher. */
#include "annotate.h"
#include "filter.h"
#include "gazetteer.h"
#include "meta.h"
#include "test.h"

#include <stdio.h>
#include <string.h>

/* Years of `text` as "2021,2022" into out. */
static const char *years_of(const char *text, int now, char *out, size_t cap)
{
    uint16_t y[ANN_MAX_YEARS];
    size_t n = 0;
    if (ann_text_years(text, strlen(text), now, y, ANN_MAX_YEARS, &n)) return "ENOMEM";
    size_t k = 0;
    out[0] = 0;
    for (size_t i = 0; i < n && k + 6 < cap; i++)
        k += (size_t)snprintf(out + k, cap - k, "%s%u", i ? "," : "", y[i]);
    return out;
}

static void test_years(t_ctx *t)
{
    char b[256];
    T_STR(t, years_of("2024年，郑州市将全力推进", 0, b, sizeof b), "2024");
    T_STR(t, years_of("2024 年 ，我市开展", 0, b, sizeof b), "2024");
    T_STR(t, years_of("二〇二四年全市", 0, b, sizeof b), "2024");
    T_STR(t, years_of("印发《健康中原行动（2020~2030年）》", 0, b, sizeof b),
          "2020,2021,2022,2023,2024,2025,2026,2027,2028,2029,2030");
    T_STR(t, years_of("2021—2025年规划", 0, b, sizeof b), "2021,2022,2023,2024,2025");
    T_STR(t, years_of("“十三五”顺利收官", 0, b, sizeof b), "2016,2017,2018,2019,2020");
    /* years ago and "since" resolve against the document's year */
    T_STR(t, years_of("20年前，蛟龙号正式立项", 2022, b, sizeof b), "2002");
    T_STR(t, years_of("一年多前，年轻人来到古寨", 2023, b, sizeof b), "2022");
    T_STR(t, years_of("三十多年前他来到这里", 2022, b, sizeof b), "1992");
    T_STR(t, years_of("20年前", 0, b, sizeof b), "");
    T_STR(t, years_of("1200年前后", 2022, b, sizeof b), "");
    T_STR(t, years_of("2019年以来，中央财政支持", 2022, b, sizeof b), "2019,2020,2021,2022");
    T_STR(t, years_of("2019年至今", 2021, b, sizeof b), "2019,2020,2021");
    T_STR(t, years_of("自2024年以来，服务能力提升", 2025, b, sizeof b), "2024");
    T_STR(t, years_of("1949年以来", 2022, b, sizeof b), "1949,2022");
    T_STR(t, years_of("确保高质量达成‘十四五’规划目标", 0, b, sizeof b),
          "2021,2022,2023,2024,2025");
    T_STR(t, years_of("谋划“十五五”", 0, b, sizeof b), "2026,2027,2028,2029,2030");
    /* relative years need the document's year */
    T_STR(t, years_of("今年的全省卫生健康工作会", 2024, b, sizeof b), "2024");
    T_STR(t, years_of("去年全省", 2024, b, sizeof b), "2023");
    T_STR(t, years_of("明年将", 2024, b, sizeof b), "2025");
    T_STR(t, years_of("今年的全省卫生健康工作会", 0, b, sizeof b), "");
    /* not years: counts, amounts, out-of-range numbers, 年 of other words */
    T_STR(t, years_of("累计完成投资277亿元，培训家庭医生团队51个", 0, b, sizeof b), "");
    T_STR(t, years_of("满3年的医师", 0, b, sizeof b), "");
    T_STR(t, years_of("3000年前", 0, b, sizeof b), "");
    T_STR(t, years_of("老年人就医", 2024, b, sizeof b), "");
    T_STR(t, years_of("", 2024, b, sizeof b), "");
    /* relative words inside longer words are not years */
    T_STR(t, years_of("如今年轻人越来越多", 2024, b, sizeof b), "");
    T_STR(t, years_of("改革开放至今年均增长9%", 2024, b, sizeof b), "");
    T_STR(t, years_of("截至今年11月，办案量达110万件", 2024, b, sizeof b), "2024");
    T_STR(t, years_of("从2009年的15元提升至今年的94元", 2024, b, sizeof b), "2009,2024");
    /* not 前年 (2022): ten years ago (2014) */
    T_STR(t, years_of("十年前年产量不足百吨", 2024, b, sizeof b), "2014");
    T_STR(t, years_of("本年度预算", 2024, b, sizeof b), "2024");
    /* a numeric date names its year; a bare number or a year-month does not */
    T_STR(t, years_of("更新时间：2023-09-04T14:25", 2022, b, sizeof b), "2023");
    T_STR(t, years_of("发布于2021/3/15", 0, b, sizeof b), "2021");
    T_STR(t, years_of("编号2021-13-40", 0, b, sizeof b), "");
    T_STR(t, years_of("共2023人", 0, b, sizeof b), "");
    T_STR(t, years_of("前年和后年", 2024, b, sizeof b), "2022,2026");
    /* a half year without a year of its own is this year's */
    T_STR(t, years_of("上半年，全国经济", 2024, b, sizeof b), "2024");
    T_STR(t, years_of("2023年上半年", 2024, b, sizeof b), "2023");
    T_STR(t, years_of("20世纪90年代", 0, b, sizeof b),
          "1990,1991,1992,1993,1994,1995,1996,1997,1998,1999");
    /* a long range keeps its ends */
    T_STR(t, years_of("1949年至2019年", 0, b, sizeof b), "1949,2019");
    /* several, in order, without duplicates */
    T_STR(t, years_of("由2016年的52.25%提高到2020年的92.73%，2016年", 0, b, sizeof b), "2016,2020");
}

static void test_meta(t_ctx *t)
{
    gaz *g;
    if (!T_INT(t, gaz_open(&g), 0)) return;
    char doc[1024], side[1100];
    t_path(doc, sizeof doc, t->tmpdir, "annot_doc.txt");
    snprintf(side, sizeof side, "%s.meta.json", doc);
    T_INT(t, t_write_file(doc, "text", 4), 0);
    meta_info m;
    zs_diag d;
    zs_diag_clear(&d);
    T_INT(t, meta_read(g, doc, &m, &d), 0);
    T_INT(t, m.found, 0);
    const char *ok =
        "{\"date\": \"2024-01-21\", \"city\": \"浚县\", \"title\": \"标题\", \"x\": [1]}";
    T_INT(t, t_write_file(side, ok, strlen(ok)), 0);
    T_INT(t, meta_read(g, doc, &m, &d), 0);
    T_INT(t, m.found, 1);
    T_INT(t, m.year, 2024);
    T_INT(t, m.city, 4106); /* 浚县 belongs to 鹤壁 */
    T_STR(t, m.title, "标题");
    const char *year_only = "{\"date\": \"2021\"}";
    T_INT(t, t_write_file(side, year_only, strlen(year_only)), 0);
    T_INT(t, meta_read(g, doc, &m, &d), 0);
    T_INT(t, m.year, 2021);
    T_INT(t, m.city, 0);
    const char *nation = "{\"date\": \"2022\", \"city\": \"全国\"}";
    T_INT(t, t_write_file(side, nation, strlen(nation)), 0);
    T_INT(t, meta_read(g, doc, &m, &d), 0);
    T_INT(t, m.city, GAZ_NATION_CODE);
    const char *bad[] = {"[1,2]", "{\"date\": \"21 Jan\"}", "{\"city\": \"火星\"}",
                         "{\"date\": ", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        T_INT(t, t_write_file(side, bad[i], strlen(bad[i])), 0);
        zs_diag_clear(&d);
        T_OK(t, meta_read(g, doc, &m, &d) != 0);
        T_OK(t, strstr(d.msg, ".meta.json") != NULL);
    }
    remove(side);
    gaz_free(g);
}

static void test_filter_values(t_ctx *t)
{
    gaz *g;
    if (!T_INT(t, gaz_open(&g), 0)) return;
    zs_diag d;
    zs_diag_clear(&d);
    const char *same[] = {"郑州", "郑州市", "4101"};
    for (size_t i = 0; i < 3; i++) {
        flt_set s;
        flt_init(&s);
        T_INT(t, flt_add_city(&s, g, same[i], NULL), 0);
        T_INT(t, s.ncity, 1);
        if (s.ncity) T_INT(t, s.city[0], 4101);
        flt_free(&s);
    }
    flt_set s;
    flt_init(&s);
    T_INT(t, flt_add_city(&s, g, "浚县", NULL), 0); /* a county: its city */
    T_OK(t, s.ncity == 1 && s.city[0] == 4106);
    T_INT(t, flt_add_city(&s, g, "河南", NULL), 0); /* a province */
    T_OK(t, s.ncity == 2 && (s.city[0] == 41 || s.city[1] == 41));
    T_INT(t, flt_add_city(&s, g, "全国", NULL), 0); /* the national scope */
    T_OK(t, s.ncity == 3 && s.city[2] == GAZ_NATION_CODE);
    T_INT(t, flt_add_city(&s, g, "火星", &d), ZS_EINVAL);
    T_OK(t, strstr(d.msg, "火星") != NULL);
    T_INT(t, flt_add_year(&s, "2024", NULL), 0);
    T_INT(t, flt_add_year(&s, "2021..2023", NULL), 0);
    T_INT(t, s.nyear, 4);
    const char *bad_years[] = {"20x4", "2025..2021", "1800", "2024..", "..2024", ""};
    for (size_t i = 0; i < sizeof bad_years / sizeof *bad_years; i++)
        T_OK(t, flt_add_year(&s, bad_years[i], &d) == ZS_EINVAL && strstr(d.msg, "year"));
    flt_finish(&s);
    T_INT(t, s.nf, 2);
    flt_free(&s);
    gaz_free(g);
}

void suite_annotate(t_ctx *t)
{
    t_run(t, "annotate_years", test_years);
    t_run(t, "annotate_meta", test_meta);
    t_run(t, "annotate_filter_values", test_filter_values);
}

/* test_query.c - the query parser: structure of parsed queries, the
 * normalization of words, and errors with their columns. */
#include "err.h"
#include "fct.h"
#include "query.h"
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Render a parsed query: clauses separated by " & ", alternatives by " | ",
 * exclusions prefixed by "!", quoted words in [], fields as name=value. */
static void render(const qry *q, char *out, size_t cap)
{
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < q->n; i++) {
        if (i) o += (size_t)snprintf(out + o, cap - o, " & ");
        if (q->clauses[i].neg) o += (size_t)snprintf(out + o, cap - o, "!");
        for (size_t j = 0; j < q->clauses[i].nalts; j++) {
            const qry_word *w = &q->clauses[i].alts[j];
            o += (size_t)snprintf(out + o, cap - o, "%s%s%s%s%s@%u", j ? " | " : "",
                                  w->neg ? "!" : "", w->quoted == 1 ? "[" : "", w->text,
                                  w->quoted == 1 ? "]" : "", w->col);
        }
    }
    for (size_t i = 0; i < q->nfields; i++)
        o += (size_t)snprintf(out + o, cap - o, " %s=%s", q->fields[i].name, q->fields[i].value);
    for (size_t i = 0; i < q->nconds; i++) {
        const qry_cond *c = &q->conds[i];
        o += (size_t)snprintf(out + o, cap - o, " {%s%s %c%.10g,%.10g%c%s%s}@%u", c->field,
                              c->dir == FCT_D_UP     ? "+"
                              : c->dir == FCT_D_DOWN ? "-"
                                                     : "",
                              c->lo_incl ? '[' : '(', c->lo, c->hi, c->hi_incl ? ']' : ')',
                              c->unit[0] ? " " : "", c->unit, c->col);
    }
}

static void check(t_ctx *t, const char *in, const char *want)
{
    qry q;
    qry_error e;
    char got[1024];
    int rc = qry_parse(in, strlen(in), &q, &e);
    if (rc)
        snprintf(got, sizeof got, "ERROR col %u: %s", e.col, e.msg);
    else
        render(&q, got, sizeof got);
    t_check_str(t, got, want, in, __FILE__, __LINE__);
    qry_free(&q);
}

static void test_structure(t_ctx *t)
{
    check(t, "托育服务", "托育服务@1");
    check(t, "郑州  医共体", "郑州@1 & 医共体@5");
    check(t, "郑州　医共体", "郑州@1 & 医共体@4"); /* ideographic space separates */
    check(t, "\"5G 医疗\"", "[5G医疗]@2");
    check(t, "“县域 医疗”", "[县域医疗]@2");
    check(t, "\"health  care\"", "[health care]@2");
    check(t, "蜱 OR 蚊 医院", "蜱@1 | 蚊@6 & 医院@8");
    check(t, "医院 -民营", "医院@1 & !民营@5");
    check(t, "医院 -\"民营 医院\"", "医院@1 & ![民营医院]@6");
    check(t, "or", "or@1");
    check(t, "医共体 city:郑州 year:2024", "医共体@1 city=郑州 year=2024");
    check(t, "city:鹤壁", " city=鹤壁");
    check(t, "医院 date:2022-03-01..2022-06-30", "医院@1 date=2022-03-01..2022-06-30");
    check(t, "date:..2022", " date=..2022");
    check(t, "dates:2022", "ERROR col 1: unknown field 'dates:' (did you mean date:?)");
    check(t, "医院 cty:郑州", "ERROR col 4: unknown field 'cty:' (did you mean city:?)");
    check(t, "time:10",
          "ERROR col 1: unknown field 'time:' (fields are city:, year:, date:, title:, kind:, "
          "doc:)");
    check(t, "source:新华社",
          "ERROR col 1: unknown field 'source:' (fields are city:, year:, date:, title:, kind:, "
          "doc:)");
    check(t, "通知：医院", "通知：医院@1"); /* a full-width colon is text */
    check(t, "医院 title:医保 kind:body doc:cctv-2022*",
          "医院@1 title=医保 kind=body doc=cctv-2022*");
    check(t, "kind:head", "ERROR col 6: kind: is heading or body, not 'head'");
    check(t, "医院 doc:", "ERROR col 4: doc: needs a value, e.g. doc:cctv-2022*");
    check(t, "titel:医保", "ERROR col 1: unknown field 'titel:' (did you mean title:?)");
    check(t, "http://example.org", "http://example.org@1");
    check(t, "ＣＯＶＩＤ-19", "ＣＯＶＩＤ-19@1");
}

/* Boolean structure: precedence, grouping expanded into clauses, NOT as
 * '-', clauses that always hold dropped, and the errors of each operator. */
static void test_boolean(t_ctx *t)
{
    check(t, "医保 AND 改革", "医保@1 & 改革@8");
    check(t, "医保 NOT 改革", "医保@1 & !改革@8");
    check(t, "医保 OR 医疗 改革", "医保@1 | 医疗@7 & 改革@10");
    check(t, "(医保 改革) OR 医疗", "医保@2 | 医疗@12 & 改革@5 | 医疗@12");
    check(t, "(医保 OR 医疗) (改革 OR 创新)", "医保@2 | 医疗@8 & 改革@13 | 创新@19");
    check(t, "医保 -(改革 OR 创新)", "医保@1 & !改革@6 & !创新@12");
    check(t, "医保 -(改革 创新)", "医保@1 & !改革@6 | !创新@9");
    check(t, "医保 NOT 改革 OR 创新", "医保@1 & !改革@8 | 创新@14");
    check(t, "医保 (改革 OR -改革)", "医保@1"); /* always holds: dropped */
    check(t, "医保 OR 医保", "医保@1");
    check(t, "(医保 city:郑州) 改革", "医保@2 & 改革@14 city=郑州");
    check(t, "and or not", "and@1 & or@5 & not@8");
    check(t, "(", "ERROR col 1: '(' is not closed");
    check(t, "()", "ERROR col 1: empty parentheses");
    check(t, "(医保", "ERROR col 1: '(' is not closed");
    check(t, "医保)", "ERROR col 3: ')' without '('");
    check(t, "医保 AND", "ERROR col 4: AND needs a word on each side");
    check(t, "AND 医保", "ERROR col 1: AND needs a word on each side");
    check(t, "医保 AND OR 改革", "ERROR col 8: AND needs a word on each side");
    check(t, "NOT", "ERROR col 1: NOT must be followed by a word to exclude");
    check(t, "医保 NOT city:郑州", "ERROR col 4: filters cannot be excluded with 'NOT'");
    check(t, "医保 OR (城市 city:郑州)",
          "ERROR col 11: a filter must hold for every match: not under OR or NOT");
    check(t, "city:郑州 OR 医保",
          "ERROR col 9: OR joins words, not filters or conditions (repeat a filter to allow "
          "several values)");
    check(t, "((((((((((((((((((((((((((((((((((医保))))))))))))))))))))))))))))))))))",
          "ERROR col 33: parentheses nested deeper than 32");
    check(t, "(a b c d) OR (e f g h) OR (i j k l) OR (m n o p)",
          "ERROR col 1: the query is too complex: its groups expand to more than 64 clauses");
}

/* Proximity: NEAR(words, N) and "words"~N are one word of the query. */
static void test_near(t_ctx *t)
{
    check(t, "NEAR(医保 改革, 5)", "医保 改革~5@1");
    check(t, "NEAR(医保 改革)", "医保 改革~10@1");
    check(t, "\"医保 改革\"~3 医疗", "医保 改革~3@1 & 医疗@11");
    check(t, "医疗 -NEAR(医保 改革, 2)", "医疗@1 & !医保 改革~2@5");
    check(t, "NEAR(医保 改革 试点, 20) OR 医疗", "医保 改革 试点~20@1 | 医疗@23");
    check(t, "NEAR(医保, 5)", "ERROR col 1: NEAR needs at least two words");
    check(t, "NEAR(医保 改革, x)", "ERROR col 1: NEAR needs a distance, e.g. NEAR(医保 改革, 10)");
    check(t, "NEAR(医保 改革, 10001)",
          "ERROR col 1: NEAR distance 10001 is over the limit of 10000");
    check(t, "NEAR(医保 改革", "ERROR col 1: NEAR( is not closed");
    check(t, "\"医保 改革\"~", "ERROR col 8: NEAR needs a distance, e.g. NEAR(医保 改革, 10)");
    check(t, "NEAR(a b c d e f g h i, 3)", "ERROR col 1: NEAR takes at most 8 words");
    check(t, "near(医保)", "near@1 & 医保@6"); /* lower case: a word, then a group */
}

static void test_errors(t_ctx *t)
{
    check(t, "", "ERROR col 0: empty query");
    check(t, "   ", "ERROR col 0: empty query");
    check(t, "\"unclosed", "ERROR col 1: unterminated quote");
    check(t, "医院 \"民营", "ERROR col 4: unterminated quote");
    check(t, "OR", "ERROR col 1: OR needs a word on each side");
    check(t, "医院 OR", "ERROR col 4: OR needs a word on each side");
    check(t, "医院 OR OR 诊所", "ERROR col 7: OR needs a word on each side");
    check(t, "医院 - 诊所", "ERROR col 4: '-' must be followed by a word to exclude");
    check(t, "-医院 OR 诊所", "!医院@2 | 诊所@8"); /* a check clause */
    check(t, "、", "ERROR col 1: nothing to search for in '、' (punctuation is not indexed)");
    check(t, "\"\"", "ERROR col 1: empty quotes");
    check(t, "医院 city:", "ERROR col 4: city: needs a value, e.g. city:郑州");
    check(t, "医院 date:", "ERROR col 4: date: needs a value, e.g. date:2022-03");
    check(t, "-city:郑州", "ERROR col 1: filters cannot be excluded with '-'");
    check(t, "\xff", "ERROR col 0: query is not valid UTF-8");
}

/* Numeric conditions: operators glued or apart, flipped, ranges, units and
 * multipliers normalized as in documents, and their errors. */
static void test_conditions(t_ctx *t)
{
    check(t, "托位数>3", " {托位数 (3,inf)}@1");
    check(t, "托位数 > 3", " {托位数 (3,inf)}@1");
    check(t, "托位数> 3 托育", "托育@8 {托位数 (3,inf)}@1");
    check(t, "托位数>=3.4", " {托位数 [3.4,inf)}@1");
    check(t, "托位数＞３", " {托位数 (3,inf)}@1");
    check(t, "托位数≥3", " {托位数 [3,inf)}@1");
    check(t, "3<托位数", " {托位数 (3,inf)}@1");
    check(t, "托位数<5", " {托位数 (-inf,5)}@1");
    check(t, "3<托位数<=5", " {托位数 (3,5]}@1");
    check(t, "5>=托位数>3", " {托位数 (3,5]}@1");
    check(t, "托位数=3.4", " {托位数 [3.399999997,3.400000003]}@1");
    check(t, "治愈率>=98%", " {治愈率 [98,inf) %}@1");
    check(t, "投资>=70亿元", " {投资 [7000000000,inf) 元}@1");
    check(t, "托位数>30万个", " {托位数 (300000,inf) 个}@1");
    check(t, "托位数>3 city:周口 year:2024", " city=周口 year=2024 {托位数 (3,inf)}@1");
    check(t, "托位数 >", "ERROR col 6: '>' needs a number after it, e.g. 托位数>3");
    check(t, ">3", "ERROR col 1: '>' needs a field name before it, e.g. 托位数>3");
    check(t, "托位数 > abc", "ERROR col 7: 'abc' is not a number");
    check(t, "3>5", "ERROR col 1: a condition needs a field name, e.g. 托位数>3");
    check(t, "3<托位数>5", "ERROR col 6: a range needs two '<' or two '>', e.g. 3<托位数<=5");
    check(t, "-托位数>3", "ERROR col 1: conditions cannot be excluded with '-'");
    check(t, "托育 OR 托位数>3",
          "ERROR col 7: a condition must hold for every match: not under OR or NOT");
    /* changes: a trailing change verb names the direction, the rest the subject */
    check(t, "托位数>3个/千人口", " {托位数 (3,inf) 个/千人口}@1");
    check(t, "增长>10%", " {+ (10,inf) %}@1");
    check(t, "进出口 增长>10%", "进出口@1 {+ (10,inf) %}@5");
    check(t, "进出口增长>10%", " {进出口+ (10,inf) %}@1");
    check(t, "下降>5%", " {- (5,inf) %}@1");
    check(t, "婴儿死亡率下降>=1个百分点", " {婴儿死亡率- [1,inf) 百分点}@1");
}

/* Which facts answer a condition: levels or changes, bounds that meet the
 * range, units, confidence. */
static void test_cond_entry(t_ctx *t)
{
    qry q;
    qry_error e;
    const char *s = "罚款>=50000元 罚款<=20000元 增长>10% 托位数>3";
    if (!T_INT(t, qry_parse(s, strlen(s), &q, &e), 0)) return;
    const qry_cond *ge = &q.conds[0], *le = &q.conds[1], *up = &q.conds[2], *tw = &q.conds[3];
    /* 处一万元以上五万元以下的罚款: one range answers both */
    T_OK(t, qry_cond_entry(ge, 10000, 50000, FCT_T_LIMIT, 0, 255));
    T_OK(t, qry_cond_entry(le, 10000, 50000, FCT_T_LIMIT, 0, 255));
    T_OK(t, !qry_cond_entry(ge, 10000, 49999, FCT_T_RANGE, 0, 255));
    T_OK(t, qry_cond_entry(ge, 10000, INFINITY, FCT_T_VALUE, 0, 255));   /* 一万元以上 */
    T_OK(t, !qry_cond_entry(ge, -INFINITY, 20000, FCT_T_LIMIT, 0, 255)); /* 二万元以下 */
    /* changes answer change conditions only, in their direction */
    T_OK(t, qry_cond_entry(up, 13.3, 13.3, FCT_T_CHANGE, FCT_D_UP, 255));
    T_OK(t, !qry_cond_entry(up, 13.3, 13.3, FCT_T_CHANGE, FCT_D_DOWN, 255));
    T_OK(t, !qry_cond_entry(up, 13.3, 13.3, FCT_T_VALUE, 0, 255));
    T_OK(t, !qry_cond_entry(tw, 4, 4, FCT_T_CHANGE, FCT_D_UP, 255));
    T_OK(t, qry_cond_series(up, "进出口总值", strlen("进出口总值"), "%", 1));
    /* suffix folding: 托位数 finds 托位 and 托位数量; units apart */
    T_OK(t, qry_cond_series(tw, "提供托位", strlen("提供托位"), "个", 3));
    T_OK(t, qry_cond_series(tw, "托位数量", strlen("托位数量"), "个/千人口", strlen("个/千人口")));
    T_OK(t, !qry_cond_series(tw, "床位数", strlen("床位数"), "张", 3));
    q.conds[3].min_conf = 128;
    T_OK(t, !qry_cond_entry(tw, 4, 4, FCT_T_VALUE, 0, 100));
    T_OK(t, qry_cond_entry(tw, 4, 4, FCT_T_VALUE, 0, 200));
    qry_free(&q);
}

/* A NUL byte is an error at its column, wherever it stands (issue 11,
 * finding 9: the query was cut short at it). */
static void test_nul(t_ctx *t)
{
    static const struct {
        const char *s;
        size_t len;
        unsigned col;
    } cases[] = {{"托育\0服务", 13, 3}, {"\0a", 2, 1}, {"ab\0", 3, 3}, {"\"托\0\"", 6, 3}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        qry q;
        qry_error e;
        T_INT(t, qry_parse(cases[i].s, cases[i].len, &q, &e), ZS_EINVAL);
        T_INT(t, e.col, cases[i].col);
        T_OK(t, strstr(e.msg, "NUL") != NULL);
        qry_free(&q);
    }
}

void suite_query(t_ctx *t)
{
    t_run(t, "query_nul", test_nul);
    t_run(t, "query_structure", test_structure);
    t_run(t, "query_boolean", test_boolean);
    t_run(t, "query_near", test_near);
    t_run(t, "query_errors", test_errors);
    t_run(t, "query_conditions", test_conditions);
    t_run(t, "query_cond_entry", test_cond_entry);
}

/* test_fct.c - numeric fact extraction: every form of docs/FACTS.md, the
 * things that are not facts, multipliers, Chinese numerals, 分别 lists,
 * before/after pairs, qualifiers, places, query quantities, robustness, and
 * precision/recall against the hand-made labels of corpus/
 * (tests/data/facts/labels.tsv) and of the held-out CCTV paragraphs
 * (tests/data/facts/heldout_{dev,test}.tsv). */
#define _XOPEN_SOURCE 700
#include "buf.h"
#include "factfmt.h"
#include "fct.h"
#include "fct_model.h"
#include "utf8.h"
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The gazetteer the indexer passes to the extractor (fct_extract_gaz),
 * opened by suite_fct for all its tests. */
static const gaz *test_gaz;

/* Facts of `s` rendered "field=value unit[/qual][@year]" separated by "; ". */
static const char *render(const char *s, buf *b)
{
    fct_list l;
    fct_list_init(&l);
    buf_reset(b);
    int rc = fct_extract_gaz(s, strlen(s), test_gaz, &l, NULL);
    if (rc) buf_printf(b, "error %d", rc);
    for (size_t i = 0; i < l.n; i++) {
        const fct_fact *f = &l.v[i];
        if (f->type == FCT_T_RANGE ||
            (f->type == FCT_T_LIMIT && isfinite(f->lo) && isfinite(f->hi)))
            buf_printf(b, "%s%s=%.15g..%.15g%s", i ? "; " : "", fct_field(&l, f), f->lo, f->hi,
                       fct_unit(&l, f));
        else
            buf_printf(b, "%s%s=%.15g%s", i ? "; " : "", fct_field(&l, f), fct_point(f->lo, f->hi),
                       fct_unit(&l, f));
        if (f->qual) {
            buf_putc(b, '/');
            if (f->qual & FCT_Q_ABOVE) buf_puts(b, "above");
            if (f->qual & FCT_Q_BELOW) buf_puts(b, "below");
            if (f->qual & FCT_Q_ABOUT) buf_puts(b, "about");
            if (f->qual & FCT_Q_PLUS) buf_puts(b, "plus");
            if (f->qual & FCT_Q_DELTA) buf_puts(b, "delta");
        }
        if (f->type == FCT_T_LIMIT) buf_puts(b, "!limit");
        if (f->dir) buf_printf(b, ":%s", fct_dir_name(f->dir));
        if (f->year) buf_printf(b, "@%d", f->year);
    }
    fct_list_free(&l);
    return b->data;
}

#define FACTS(t, b, text, want) T_STR((t), render((text), (b)), (want))
/* As FACTS where the field is the learned boundary model's choice between
 * two that the labels' conventions both accept (a whole name and its head
 * noun, tests/data/facts_blind/README.md): either passes, anything else
 * fails against `want`. */
#define FACTS_ALT(t, b, text, want, alt)                                                           \
    do {                                                                                           \
        const char *got_ = render((text), (b));                                                    \
        if (strcmp(got_, (alt)) != 0) T_STR((t), got_, (want));                                    \
    } while (0)

static void test_verb_forms(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "治愈率达到98.3%。", "治愈率=98.3%");
    FACTS(t, &b, "全省托位数达到30万个。", "托位数=300000个");
    FACTS(t, &b, "郑州市托位数达到30万个。", "托位数=300000个");
    FACTS(t, &b, "每千人口托位数达 3.4 个。", "托位数=3.4个/千人口");
    FACTS(t, &b, "每千常住人口中医院床位数达0.81张。", "中医院床位数=0.81张/千人口");
    FACTS(t, &b, "每万人口全科医生数达到3.9人。", "全科医生数=3.9人/万人口");
    FACTS(t, &b, "超过三成的婴幼儿家庭。", "婴幼儿家庭=30%/above");
    FACTS(t, &b, "线上预约诊疗率超过60%、门诊", "线上预约诊疗率=60%/above");
    FACTS(t, &b, "公有产权村卫生室比例提高到70%。", "公有产权村卫生室比例=70%");
    FACTS_ALT(t, &b, "适龄儿童免疫规划疫苗接种率保持在90%以上。",
              "适龄儿童免疫规划疫苗接种率=90%/above", "疫苗接种率=90%/above");
    FACTS(t, &b, "婴儿死亡率下降到4.2‰。", "婴儿死亡率=4.2‰");
    FACTS(t, &b, "科研人员达300人，", "科研人员=300人");
    FACTS(t, &b, "累计完成投资277亿元；", "投资=27700000000元");
    buf_free(&b);
}

static void test_number_first(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "建设15 个省级医学中心、60个省级区域医疗中心。",
          "省级医学中心=15个; 省级区域医疗中心=60个");
    FACTS(t, &b, "2447家基层医疗卫生机构被命名为老年友善医疗机构", "基层医疗卫生机构=2447家");
    FACTS(t, &b, "85%的乡镇卫生院和80%的社区卫生服务中心已设置中医馆。",
          "乡镇卫生院=85%; 社区卫生服务中心=80%");
    FACTS(t, &b, "确保80%以上的村卫生室能够提供中医药服务", "村卫生室=80%/above");
    FACTS(t, &b, "派出15批1281名医疗队员援助湖北", "医疗队员=15批; 医疗队员=1281名");
    FACTS(t, &b, "增加2家中心卫生院申报创建指标", "中心卫生院=2家");
    buf_free(&b);
}

static void test_field_first(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "争取公共卫生项目123个、总投资74.2亿元，",
          "公共卫生项目=123个; 总投资=7420000000元");
    FACTS(t, &b, "二级以上综合医院开设老年医学科302家、占比达75.12%，",
          "老年医学科=302家; 占比=75.12%");
    FACTS(t, &b, "有效排除安全隐患3049处。", "安全隐患=3049处");
    FACTS(t, &b, "中医参与重症患者会诊率100%，", "重症患者会诊率=100%");
    buf_free(&b);
}

/* NUMBER UNIT FIELD stops at verbs, adverbs and particles; a field is never
 * a verb, a function word or a measure word; a clause restarts after a long
 * bracketed aside (cases from unseen CCTV news, docs/FACTS.md). */
static void test_field_cuts(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "来自埃及的16名医护人员正进行学习。", "医护人员=16名");
    FACTS(t, &b, "11名队员给习近平总书记写信。", "队员=11名");
    FACTS(t, &b, "围绕8个领域推进改革。", "领域=8个");
    FACTS(t, &b, "设立115个医疗点工作，", "医疗点=115个");
    FACTS(t, &b, "三个大人相继被确诊。", "大人=3个");
    FACTS(t, &b, "覆盖97个大类中，", "大类=97个");
    /* the boundary model (round 5) drops the verb the rules kept; the labels
     * accept the vaccine with or without its virus (round 11's refit cuts it) */
    FACTS_ALT(t, &b, "截至6月11日，各地累计报告接种新冠病毒疫苗338890.4万剂次。",
              "新冠病毒疫苗=3388904000剂次", "疫苗=3388904000剂次");
    FACTS(t, &b, "31个省（自治区、直辖市）和新疆生产建设兵团报告新增新冠肺炎确诊病例134例。",
          "省=31个; 新冠肺炎确诊病例=134例");
    /* casualty verbs after a count of people name what is counted (issue 10
     * label conventions; before, 丧生 was no field) */
    FACTS(t, &b, "苏丹武装冲突已经导致超过3000人丧生。", "丧生=3000人/above");
    FACTS(t, &b, "美国已有超过490万儿童感染。", "儿童=4900000/above");
    FACTS(t, &b, "门诊量达到3600万人次，比2020年增加了46%。",
          "门诊量=36000000人次; 门诊量=46%/delta:up");
    FACTS(t, &b, "带动超过3.5万亿元。", "");
    FACTS(t, &b, "76个国家和地区派遣医疗队员。", "国家和地区=76个");
    FACTS(t, &b, "参加的40个，", "");
    FACTS(t, &b, "两名美国务院官员发放签证。", "美国务院官员=2名");
    buf_free(&b);
}

static void test_multipliers(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "可使全省15万个再婚家庭受益", "再婚家庭=150000个");
    FACTS(t, &b, "医疗人才9.3万人。", "医疗人才=93000人");
    FACTS(t, &b, "年产值达到1.2千万元。", "年产值=12000000元");
    FACTS(t, &b, "全省162.1万因病致贫人口全部脱贫", "因病致贫人口=1621000");
    FACTS(t, &b, "为患者节约费用100余万元；", "费用=1000000元/plus");
    FACTS(t, &b, "电子证照18类7万余份。", "电子证照=18类; 电子证照=70000份/plus");
    FACTS(t, &b, "门诊量1,234人次。", "门诊量=1234人次");
    buf_free(&b);
}

static void test_chinese_numerals(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "河南再添十四家省区域中医专科诊中心", "省区域中医专科诊中心=14家");
    FACTS(t, &b, "新建两个医疗集团。", "医疗集团=2个");
    FACTS(t, &b, "服务人口三十万人。", "服务人口=300000人");
    FACTS(t, &b, "托位一百零五个。", "托位=105个");
    FACTS(t, &b, "服务三十多个县。", "县=30个/plus");
    /* not facts: the article, named counts, phases, plan names */
    FACTS(t, &b, "这是一个跃升，提供一站式服务。", "");
    FACTS(t, &b, "推行七项举措，落实中央八项规定。", "");
    FACTS(t, &b, "新院区二期项目；“十四五”规划；每千人口", "");
    buf_free(&b);
}

static void test_respectively(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b,
          "到2025年，婴儿死亡率、5岁以下儿童死亡率、孕产妇死亡率分别控制在4.2‰、5.3‰、9.5/10 "
          "万以下；",
          "婴儿死亡率=4.2‰/below; 5岁以下儿童死亡率=5.3‰/below; 孕产妇死亡率=9.5/10万/below");
    FACTS(t, &b, "床位数、执业（助理）医师数、注册护士数分别增长到7.7张、3.6人、4.3人，",
          "床位数=7.7张; 执业（助理）医师数=3.6人; 注册护士数=4.3人");
    /* counts differ: no pairing, each value on its own */
    FACTS(t, &b, "甲率、乙率分别达到90%。", "乙率=90%");
    buf_free(&b);
}

static void test_before_after(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "贫困人口医疗费用报销比例由2016年的52.25%提高到2020年的92.73%。",
          "贫困人口医疗费用报销比例=52.25%@2016; 贫困人口医疗费用报销比例=92.73%@2020");
    FACTS(t, &b, "居民健康素养水平达30.93%，较上年提升1.27个百分点，",
          "居民健康素养水平=30.93%; 居民健康素养水平=1.27百分点/delta:up");
    FACTS(t, &b, "人均基本公共卫生服务经费达到74元，比2015年增加34元，",
          "人均基本公共卫生服务经费=74元; 人均基本公共卫生服务经费=34元/delta:up");
    FACTS(t, &b, "2020年人均经费达到74元。", "人均经费=74元@2020");
    /* the refit of round 8 cuts the head, round 9's keeps it whole (the
     * labels of this very sentence accept 门诊就诊平均等候时间, 平均等候时间
     * and 等候时间) */
    FACTS_ALT(t, &b, "门诊就诊平均等候时间缩短15分钟、", "等候时间=15分钟/delta:down",
              "门诊就诊平均等候时间=15分钟/delta:down");
    buf_free(&b);
}

static void test_qualifiers(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "不少于4个临床服务中心", "临床服务中心=4个/above");
    FACTS(t, &b, "选择不超过3所中心卫生院", "中心卫生院=3所/below");
    FACTS(t, &b, "40%左右的县建设成效达标", "县=40%/about");
    FACTS(t, &b, "治愈率约95%。", "治愈率=95%/about");
    /* the corpus label of this sentence accepts 年诊疗患者 and 诊疗患者 */
    FACTS_ALT(t, &b, "年诊疗患者10余万人次，", "年诊疗患者=100000人次/plus",
              "诊疗患者=100000人次/plus");
    FACTS(t, &b, "联合2个～8个县级中医医院，", "县级中医医院=2..8个");
    buf_free(&b);
}

static void test_not_facts(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "2024年，1月21日，2021—2025年，2023年12月底前。", "");
    FACTS(t, &b, "命名第三批中心，开展第二十届评选。", "");
    FACTS(t, &b, "新增10个“五个100”实践样板单位；", "“五个100”实践样板单位=10个");
    FACTS(t, &b, "基层卫生“369人才工程”启动，“1次挂号管3天”服务。", "");
    FACTS(t, &b, "《健康中原行动（2020~2030年）》印发。", "");
    FACTS(t, &b, "值班人员要24小时在岗值班。", "");
    FACTS(t, &b, "5岁以下儿童死亡率下降。", "");
    FACTS(t, &b, "电话0371-65580000，邮编450000，5G网络，建党100周年。", "");
    FACTS(t, &b, "“十四五”规划", "");
    FACTS(t, &b, "98.3%", ""); /* a headline call-out has no field */
    buf_free(&b);
}

static void test_spans_place(t_ctx *t)
{
    const char *s = "浚县12家薄弱卫生院全面达标";
    fct_list l;
    fct_list_init(&l);
    T_INT(t, fct_extract_gaz(s, strlen(s), test_gaz, &l, NULL), 0);
    if (T_INT(t, l.n, 1)) {
        const fct_fact *f = &l.v[0];
        T_STR(t, fct_field(&l, f), "薄弱卫生院");
        T_INT(t, f->num_start, 2);
        T_INT(t, f->num_end, 5);
        T_INT(t, f->place_start, 0);
        T_INT(t, f->place_end, 2);
        T_INT(t, f->start, 2);
        T_INT(t, f->end, 10);
        T_INT(t, f->field_len, strlen("薄弱卫生院"));
        T_INT(t, f->unit_len, strlen("家"));
    }
    fct_list_clear(&l);
    s = "2024年，商丘市每千人口托位数达到3.4个";
    T_INT(t, fct_extract_gaz(s, strlen(s), test_gaz, &l, NULL), 0);
    if (T_INT(t, l.n, 1)) {
        const fct_fact *f = &l.v[0];
        T_STR(t, fct_field(&l, f), "托位数");
        T_STR(t, fct_unit(&l, f), "个/千人口"); /* the denominator goes to the unit */
        T_INT(t, f->place_start, 6);
        T_INT(t, f->place_end, 9);
        T_INT(t, f->year, 0); /* the year is another clause's */
    }
    fct_list_clear(&l);
    s = "全省托位数达到30万个"; /* scope words are not places */
    T_INT(t, fct_extract_gaz(s, strlen(s), test_gaz, &l, NULL), 0);
    if (T_INT(t, l.n, 1)) {
        T_INT(t, l.v[0].place_end, 0);
        T_INT(t, l.v[0].start, 2);
    }
    /* appending: a second passage adds to the list */
    T_INT(t, fct_extract_gaz("总投资5亿元", strlen("总投资5亿元"), test_gaz, &l, NULL), 0);
    T_INT(t, l.n, 2);
    fct_list_free(&l);
    fct_list_free(&l); /* twice is safe */
}

static void test_robust(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "", "");
    FACTS(t, &b, "没有数字的文本。", "");
    FACTS(t, &b, "达到", "");
    FACTS(t, &b, "3", "");
    FACTS(t, &b, "3.", "");
    FACTS(t, &b, "分别达到", "");
    FACTS(t, &b, "托位数达到３０万个", "托位数=300000个"); /* full-width digits */
    buf_free(&b);
    /* truncated UTF-8 and stray bytes: no crash, no read past len */
    const char bad[] = "托位数达到30万\xE4\xB8";
    fct_list l;
    fct_list_init(&l);
    T_INT(t, fct_extract_gaz(bad, sizeof bad - 1, test_gaz, &l, NULL), 0);
    if (T_INT(t, l.n, 1)) T_OK(t, l.v[0].lo == 300000 && l.v[0].unit_len == 0);
    fct_list_clear(&l);
    const char *s = "治愈率达到98.3%";
    for (size_t cut = 0; cut <= strlen(s); cut++) {
        char *p = malloc(cut ? cut : 1); /* exact size: ASan catches overreads */
        memcpy(p, s, cut);
        T_INT(t, fct_extract_gaz(p, cut, test_gaz, &l, NULL), 0);
        free(p);
        fct_list_clear(&l);
    }
    /* every byte value in a short window */
    char w[8] = "1个x";
    for (int v = 0; v < 256; v++) {
        w[3] = (char)v;
        T_INT(t, fct_extract_gaz(w, 4, test_gaz, &l, NULL), 0);
    }
    fct_list_free(&l);
}

static void test_parse_quantity(t_ctx *t)
{
    static const struct {
        const char *s;
        double v;
        const char *unit;
        size_t used;
    } ok[] = {
        {"3", 3, "", 1},
        {"3.4", 3.4, "", 3},
        {"98%", 98, "%", 3},
        {"70亿元", 7e9, "元", 8},
        {"30万个", 3e5, "个", 8},
        {"30 万个", 3e5, "个", 9},
        {"三十万", 3e5, "", 9},
        {"9.5/10万", 9.5, "/10万", 9},
        {"4.2‰", 4.2, "‰", 6},
        {"1.27个百分点", 1.27, "百分点", 16},
        {"100余万元", 1e6, "元", 12},
        {"十四家", 14, "家", 9},
        {"  5人 以上", 5, "人", 6},
        {"３０万个", 3e5, "个", 12},
        {"两亿三千万", 2.3e8, "", 15},
        {"一百零五", 105, "", 12},
        {"十四五", 14, "", 6}, /* a digit after a digit ends the numeral */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v = -1;
        char unit[FCT_UNIT_MAX];
        size_t used = 0;
        T_INT(t, fct_parse_quantity(ok[i].s, strlen(ok[i].s), &v, unit, sizeof unit, &used), 0);
        T_OK(t, fabs(v - ok[i].v) <= 1e-9 * ok[i].v);
        T_STR(t, unit, ok[i].unit);
        T_INT(t, used, ok[i].used);
    }
    double v;
    char unit[FCT_UNIT_MAX], tiny[2];
    size_t used;
    T_INT(t, fct_parse_quantity("", 0, &v, unit, sizeof unit, &used), ZS_EINVAL);
    T_INT(t, fct_parse_quantity("abc", 3, &v, unit, sizeof unit, &used), ZS_EINVAL);
    T_INT(t, fct_parse_quantity("达到3", strlen("达到3"), &v, unit, sizeof unit, &used), ZS_EINVAL);
    T_INT(t, fct_parse_quantity("3个", strlen("3个"), &v, unit, 0, &used), ZS_EINVAL);
    T_INT(t, fct_parse_quantity("3个", strlen("3个"), &v, tiny, sizeof tiny, &used), ZS_ETOOBIG);
    T_INT(t, fct_parse_quantity("\xE4\xB8", 2, &v, unit, sizeof unit, &used), ZS_EINVAL);

    /* a query quantity and extraction agree on value and unit */
    static const char *const same[] = {"30万个", "74.2亿元", "9.5/10万", "1.27个百分点",
                                       "4.2‰",   "十四家",   "100余万元"};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "托位数达到%s。", same[i]);
        fct_list l;
        fct_list_init(&l);
        T_INT(t, fct_extract_gaz(text, strlen(text), test_gaz, &l, NULL), 0);
        T_INT(t, fct_parse_quantity(same[i], strlen(same[i]), &v, unit, sizeof unit, &used), 0);
        if (T_INT(t, l.n, 1)) {
            T_OK(t, l.v[0].lo == v);
            T_STR(t, fct_unit(&l, &l.v[0]), unit);
        }
        fct_list_free(&l);
    }
}

/* ---- precision and recall on the labelled corpus and held-out set ---------- */

/* Floors for the held-out TEST half, set below what was measured (P 66.7%,
 * R 66.7% on 39 labels, docs/FACTS.md): one more wrong or missed fact of 39
 * is 2.6 points, so these leave two facts of slack.  They are NOT the 85%/70%
 * the rules were meant to reach; raising them needs rules that get there. */
#define HELDOUT_MIN_PRECISION 0.60
#define HELDOUT_MIN_RECALL    0.60
/* Floors on the DEV half of the blind set (all kinds together): a little
 * below what was measured, so a change that loses facts fails. */
#define BLIND_DEV_MIN_PRECISION  0.72
#define BLIND_DEV_MIN_RECALL     0.67
#define BLIND_TEST_MIN_PRECISION 0.59
#define BLIND_TEST_MIN_RECALL    0.58

typedef struct label {
    char doc[64];
    char *fields; /* '|'-separated */
    double value;
    char unit[FCT_UNIT_MAX];
    char *evidence;
    long passage; /* index of the passage holding the evidence, -1 unknown */
    int used;
} label;

/* Is `f` one of the '|'-separated alternatives? */
static int field_in(const char *alts, const char *f)
{
    size_t fl = strlen(f);
    for (const char *p = alts;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == fl && !memcmp(p, f, fl)) return 1;
        if (!bar) return 0;
        p = bar + 1;
    }
}

static size_t load_labels(char *data, label **out)
{
    size_t n = 0, cap = 0;
    label *v = NULL;
    for (char *line = data, *nl; line && *line; line = nl) {
        nl = strchr(line, '\n');
        if (nl) *nl++ = '\0';
        if (line[0] == '#' || !line[0]) continue;
        char *col[7];
        int k = 0;
        for (char *p = line; k < 7; k++) {
            col[k] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                k++;
                break;
            }
            *tab = '\0';
            p = tab + 1;
        }
        if (k != 7) continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 256;
            v = realloc(v, cap * sizeof *v);
        }
        label *l = &v[n++];
        memset(l, 0, sizeof *l);
        snprintf(l->doc, sizeof l->doc, "%s", col[0]);
        l->fields = col[1];
        l->value = strtod(col[2], NULL);
        snprintf(l->unit, sizeof l->unit, "%s", strcmp(col[3], "-") ? col[3] : "");
        l->evidence = col[6];
        l->passage = -1;
    }
    *out = v;
    return n;
}

/* Does a fact's field and unit match a label of the old convention?  The
 * old labels keep a rate's denominator in the field (每千人口托位数, 个);
 * the model moves it to the unit (托位数, 个/千人口): both readings are
 * tried. */
static int old_convention_match(const label *lb, const char *field, const char *unit)
{
    if (!strcmp(unit, lb->unit) && field_in(lb->fields, field)) return 1;
    static const struct {
        const char *den, *word;
    } dens[] = {{"/千人口", "每千人口"}, {"/千人口", "每千常住人口"}, {"/千人", "每千人"},
                {"/万人口", "每万人口"}, {"/万人", "每万人"},         {"/千人口", "千人口"}};
    for (size_t i = 0; i < sizeof dens / sizeof *dens; i++) {
        size_t ul = strlen(unit), dl = strlen(dens[i].den);
        if (ul <= dl || strcmp(unit + ul - dl, dens[i].den)) continue;
        if (strlen(lb->unit) != ul - dl || memcmp(unit, lb->unit, ul - dl)) continue;
        char f[256];
        snprintf(f, sizeof f, "%s%s", dens[i].word, field);
        if (field_in(lb->fields, f) || field_in(lb->fields, field)) return 1;
    }
    return 0;
}

static const char *base_name(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* Precision and recall of the extractor over `input` (a file or directory
 * `zhindex passages` reads) against the labels in `labels_rel` (relative to
 * the source tree).  With `detail`, prints every unmatched extraction and
 * missed label; without, only the totals (the held-out TEST half is kept
 * blind: its output is not shown while rules are being tuned).  Returns 0
 * and sets *prec, *rec and *nlabels, or -1 when the run itself failed. */
static int facts_pr(t_ctx *t, const char *labels_rel, const char *input, const char *name,
                    int detail, double *prec, double *rec, size_t *nlabels)
{
    char path[1024], zhindex[1024];
    int ret = -1;
    t_path(path, sizeof path, t->srcdir, labels_rel);
    size_t len;
    char *data = t_read_file(path, &len);
    if (!T_OK(t, data != NULL)) return -1;
    label *labels;
    size_t nl = load_labels(data, &labels);
    *nlabels = nl;

    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[] = {zhindex, "passages", (char *)input, NULL};
    u_run r;
    if (!T_INT(t, u_run_cmd(argv, NULL, 0, &r), 0)) goto out;
    T_INT(t, r.status, 0);

    /* first pass: which passage holds each label's evidence */
    char lastdoc[1024] = "";
    long pi = 0;
    size_t extracted = 0, matched = 0, matched_labels = 0, bytes = 0;
    double secs = 0;
    fct_list l;
    fct_list_init(&l);
    for (int pass = 0; pass < 2; pass++) {
        lastdoc[0] = '\0';
        for (char *line = r.out, *nl2; *line; line = nl2 + 1) {
            nl2 = strchr(line, '\n');
            if (!nl2) break;
            u_json v;
            if (u_json_parse(line, (size_t)(nl2 - line), &v)) continue;
            const u_json *doc = u_json_get(&v, "doc"), *text = u_json_get(&v, "text");
            const char *dn = base_name(doc->str);
            if (strcmp(lastdoc, dn)) {
                snprintf(lastdoc, sizeof lastdoc, "%s", dn);
                pi = 0;
            } else {
                pi++;
            }
            if (pass == 0) {
                for (size_t i = 0; i < nl; i++)
                    if (labels[i].passage < 0 && !strcmp(labels[i].doc, dn) &&
                        strstr(text->str, labels[i].evidence))
                        labels[i].passage = pi;
                u_json_free(&v);
                continue;
            }
            fct_list_clear(&l);
            struct timespec t0, t1;
            clock_gettime(CLOCK_MONOTONIC, &t0);
            T_INT(t, fct_extract_gaz(text->str, text->str_len, test_gaz, &l, NULL), 0);
            clock_gettime(CLOCK_MONOTONIC, &t1);
            secs += (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
            bytes += text->str_len;
            for (size_t k = 0; k < l.n; k++) {
                const fct_fact *f = &l.v[k];
                extracted++;
                /* the old labels give one value per line: a fact matches by
                 * either finite bound (a range's two ends were two labels) */
                int hit = 0;
                for (int end = 0; end < 2; end++) {
                    double bound = end ? f->hi : f->lo;
                    if (!isfinite(bound) || (end && f->hi == f->lo)) continue;
                    for (size_t i = 0; i < nl; i++) {
                        label *lb = &labels[i];
                        if (lb->used || lb->passage != pi || strcmp(lb->doc, dn)) continue;
                        if (fabs(bound - lb->value) > 1e-9 * fmax(1, fabs(lb->value))) continue;
                        if (!old_convention_match(lb, fct_field(&l, f), fct_unit(&l, f))) continue;
                        lb->used = 1;
                        matched_labels++;
                        hit = 1;
                        break;
                    }
                }
                matched += hit;
                if (!hit && detail)
                    printf("  facts: unmatched %s#%ld %s=%.10g%s\n", dn, pi, fct_field(&l, f),
                           fct_point(f->lo, f->hi), fct_unit(&l, f));
            }
            u_json_free(&v);
        }
    }
    size_t unplaced = 0;
    for (size_t i = 0; i < nl; i++) {
        if (labels[i].passage < 0) {
            unplaced++;
            printf("  facts: unplaced label %s (%s)\n", labels[i].doc, labels[i].evidence);
        }
        if (!labels[i].used && detail)
            printf("  facts: missed %s %s=%.10g%s (%s)\n", labels[i].doc, labels[i].fields,
                   labels[i].value, labels[i].unit, labels[i].evidence);
    }
    T_INT(t, unplaced, 0); /* every label's evidence is in its doc */
    *prec = extracted ? (double)matched / (double)extracted : 0;
    *rec = nl ? (double)matched_labels / (double)nl : 0;
    printf("  facts %s: %zu labels, %zu extracted, %zu matched: precision %.1f%%, recall %.1f%%; "
           "%.1f MB/s\n",
           name, nl, extracted, matched, 100 * *prec, 100 * *rec,
           secs > 0 ? (double)bytes / secs / 1e6 : 0);
    fct_list_free(&l);
    u_run_free(&r);
    ret = 0;
out:
    free(labels);
    free(data);
    return ret;
}

/* In-sample: the rules were written while reading corpus/. */
static void test_corpus_pr(t_ctx *t)
{
    char corpus[1024];
    double p, rc;
    size_t nl;
    e2e_corpus(t, corpus, sizeof corpus);
    if (facts_pr(t, "tests/data/facts/labels.tsv", corpus, "corpus", 1, &p, &rc, &nl)) return;
    T_OK(t, nl >= 100);
    T_OK(t, p >= 0.95);
    T_OK(t, rc >= 0.85);
}

/* Out of sample: CCTV news paragraphs drawn by tools/pick_heldout.py.  DEV
 * was looked at while revising the rules; TEST was labelled blind and only
 * its totals are printed.  The floors are on TEST (docs/FACTS.md). */
static void test_heldout_pr(t_ctx *t)
{
    char dev[1024], test[1024];
    double p, rc;
    size_t nl;
    t_path(dev, sizeof dev, t->srcdir, "tests/data/facts/heldout_dev.txt");
    t_path(test, sizeof test, t->srcdir, "tests/data/facts/heldout_test.txt");
    if (!facts_pr(t, "tests/data/facts/heldout_dev.tsv", dev, "heldout dev", 1, &p, &rc, &nl))
        T_OK(t, nl >= 20);
    if (facts_pr(t, "tests/data/facts/heldout_test.tsv", test, "heldout test", 0, &p, &rc, &nl))
        return;
    T_OK(t, nl >= 20);
    T_OK(t, p >= HELDOUT_MIN_PRECISION);
    T_OK(t, rc >= HELDOUT_MIN_RECALL);
}

/* ---- the blind set of issue 10 (tests/data/facts_blind, docs/FACTS.md) ---- */

/* The kinds of text of the blind set, one pair of files per kind and half. */
static const char *const blind_kinds[] = {"cctv_econ", "cctv_health", "cctv_disaster",
                                          "law",       "healthstyle", NULL};
/* Labels each set holds at least (a set that lost its files fails). */
#define BLIND_MIN_LABELS  200
#define BLIND2_MIN_LABELS 150
/* Floors of the second set, under what it measured when scored once. */
#define BLIND2_MIN_PRECISION 0.65
#define BLIND2_MIN_RECALL    0.64
/* Third set, DEV half: floors under the measured figures, raised as rules
 * improve (docs/FACTS.md). */
#define BLIND3_DEV_MIN_LABELS    100
#define BLIND3_DEV_MIN_PRECISION 0.85
#define BLIND3_DEV_MIN_RECALL    0.80
/* Fourth set (all TEST): floors under what it measured when scored once. */
#define BLIND4_MIN_LABELS    200
#define BLIND4_MIN_PRECISION 0.60
#define BLIND4_MIN_RECALL    0.60
/* Fifth set, DEV half: where the field-boundary model is tuned (round 5,
 * docs/FACTS.md); floors under the measured figures. */
#define BLIND5_DEV_MIN_LABELS    120
#define BLIND5_DEV_MIN_PRECISION 0.64
#define BLIND5_DEV_MIN_RECALL    0.63
/* Fifth set, TEST half: scored once, after round 5 (docs/FACTS.md); floors
 * a little under what it measured. */
#define BLIND5_TEST_MIN_LABELS    95
#define BLIND5_TEST_MIN_PRECISION 0.65
#define BLIND5_TEST_MIN_RECALL    0.65
/* Sixth set (90 paragraphs, 185 labels), DEV half: where round 7 is
 * tuned (75.0 / 74.0 before, 80.8 / 81.8 after, docs/FACTS.md "Round 7");
 * floors about two labels under the measured figures. */
#define BLIND6_DEV_MIN_LABELS    75
#define BLIND6_DEV_MIN_PRECISION 0.78
#define BLIND6_DEV_MIN_RECALL    0.79
/* Sixth set, TEST half (108 labels): scored once after round 7, 73.1 /
 * 73.1; floors a little under. */
#define BLIND6_TEST_MIN_LABELS    100
#define BLIND6_TEST_MIN_PRECISION 0.68
#define BLIND6_TEST_MIN_RECALL    0.68
/* Seventh set (74 paragraphs, 147 labels), DEV half (84 labels): where
 * round 8 is tuned; 81.0 / 81.0 before it (econ 58.8 / 58.8, health 90.6 /
 * 92.3, law 71.4 / 66.7), 85.7 / 85.7 after. */
#define BLIND7_DEV_MIN_LABELS    80
#define BLIND7_DEV_MIN_PRECISION 0.83
#define BLIND7_DEV_MIN_RECALL    0.83
/* Seventh set, TEST half (63 labels): scored once after round 8, 72.6 /
 * 71.4; floors a little under. */
#define BLIND7_TEST_MIN_LABELS    60
#define BLIND7_TEST_MIN_PRECISION 0.68
#define BLIND7_TEST_MIN_RECALL    0.68
/* The eighth set's DEV half (tests/data/facts_blind8/, round 9 is tuned on
 * it): 68 labels. */
#define BLIND8_DEV_MIN_LABELS    60
#define BLIND8_DEV_MIN_PRECISION 0.70
#define BLIND8_DEV_MIN_RECALL    0.60
/* The eighth set's TEST half (82 labels), scored once when round 9 was
 * final (docs/FACTS.md); the floors keep what it gave. */
#define BLIND8_TEST_MIN_LABELS    70
#define BLIND8_TEST_MIN_PRECISION 0.75
#define BLIND8_TEST_MIN_RECALL    0.70
/* The ninth set's DEV half (tests/data/facts_blind9/, round 10 is tuned on
 * it): 70 labels. */
#define BLIND9_DEV_MIN_LABELS    60
#define BLIND9_DEV_MIN_PRECISION 0.60
#define BLIND9_DEV_MIN_RECALL    0.55
/* The tenth and eleventh sets' DEV halves (drawn beside the ninth; round 10
 * is tuned on them too): 135 and 85 labels. */
#define BLIND10_DEV_MIN_LABELS    120
#define BLIND10_DEV_MIN_PRECISION 0.60
#define BLIND10_DEV_MIN_RECALL    0.55
#define BLIND11_DEV_MIN_LABELS    75
#define BLIND11_DEV_MIN_PRECISION 0.60
#define BLIND11_DEV_MIN_RECALL    0.55
/* The TEST halves of the ninth, tenth and eleventh sets (60, 104 and 76
 * labels), scored once when round 10 was final: 79.3 / 76.7, 72.7 / 69.2
 * and 75.0 / 75.0 %; floors a little under. */
#define BLIND9_TEST_MIN_LABELS     50
#define BLIND9_TEST_MIN_PRECISION  0.75
#define BLIND9_TEST_MIN_RECALL     0.72
#define BLIND10_TEST_MIN_LABELS    90
#define BLIND10_TEST_MIN_PRECISION 0.68
#define BLIND10_TEST_MIN_RECALL    0.65
#define BLIND11_TEST_MIN_LABELS    65
#define BLIND11_TEST_MIN_PRECISION 0.70
#define BLIND11_TEST_MIN_RECALL    0.70
/* Third set, TEST half: floors under what it measured when scored once. */
#define BLIND3_TEST_MIN_LABELS    130
#define BLIND3_TEST_MIN_PRECISION 0.70
#define BLIND3_TEST_MIN_RECALL    0.66

typedef struct blabel {
    char *fields;  /* '|'-separated alternatives */
    double lo, hi; /* -INFINITY / INFINITY for '-' */
    char unit[FCT_UNIT_MAX];
    int type, dir;
    char *evidence;
    long para; /* paragraph holding the evidence, -1 when none */
    int used;
} blabel;

/* A field folded for comparison: without a trailing 总数 数量 数 量 when two
 * or more code points stay (the rule of fct_field_matches). */
static size_t fold_len(const char *f, size_t n)
{
    static const char *const suf[] = {"总数", "数量", "数", "量"};
    for (size_t i = 0; i < 4; i++) {
        size_t k = strlen(suf[i]);
        if (n > k && !memcmp(f + n - k, suf[i], k) && u8_count(f, n - k) >= 2) return n - k;
    }
    return n;
}

/* Is `f` one of the alternatives, after folding both? */
static int bfield_in(const char *alts, const char *f)
{
    size_t fl = fold_len(f, strlen(f));
    for (const char *p = alts;;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        len = fold_len(p, len);
        if (len == fl && !memcmp(p, f, fl)) return 1;
        if (!bar) return 0;
        p = bar + 1;
    }
}

static int type_of(const char *s)
{
    return !strcmp(s, "range")    ? FCT_T_RANGE
           : !strcmp(s, "limit")  ? FCT_T_LIMIT
           : !strcmp(s, "change") ? FCT_T_CHANGE
                                  : FCT_T_VALUE;
}

/* value, range and limit are compatible: they differ in how a bound was
 * stated, not in what is measured; a change is its own kind. */
static int types_agree(int a, int b)
{
    return (a == FCT_T_CHANGE) == (b == FCT_T_CHANGE);
}

static int bound_eq(double a, double b)
{
    if (!isfinite(a) || !isfinite(b)) return a == b;
    return fabs(a - b) <= 1e-9 * fmax(1, fabs(b));
}

static double bound_col(const char *s, double open)
{
    return !strcmp(s, "-") ? open : strtod(s, NULL);
}

/* Labels of one TSV (9 columns); strings point into `data`. */
/* The labels keep 成 as a unit (六成 -> 6 成, tests/data/facts_blind/README.md);
 * the fact model reads it as tenths (60 %, docs/FACTS.md "Fact model").  Same
 * quantity: the scorer compares it in the model's unit. */
static void tenths_as_percent(blabel *l)
{
    if (strcmp(l->unit, "成")) return;
    l->lo *= 10;
    l->hi *= 10;
    snprintf(l->unit, sizeof l->unit, "%%");
}

static size_t load_blind(char *data, blabel **out)
{
    size_t n = 0, cap = 0;
    blabel *v = NULL;
    for (char *line = data, *nl; line && *line; line = nl) {
        nl = strchr(line, '\n');
        if (nl) *nl++ = '\0';
        if (line[0] == '#' || !line[0]) continue;
        char *col[9];
        int k = 0;
        for (char *p = line; k < 9; k++) {
            col[k] = p;
            char *tab = strchr(p, '\t');
            if (!tab) {
                k++;
                break;
            }
            *tab = '\0';
            p = tab + 1;
        }
        if (k != 9 || !strcmp(col[0], "doc")) continue; /* a header row */
        if (n == cap) {
            cap = cap ? cap * 2 : 128;
            blabel *t = realloc(v, cap * sizeof *t);
            if (!t) break;
            v = t;
        }
        blabel *l = &v[n++];
        memset(l, 0, sizeof *l);
        l->fields = col[1];
        l->lo = bound_col(col[2], -INFINITY);
        l->hi = bound_col(col[3], INFINITY);
        snprintf(l->unit, sizeof l->unit, "%s", strcmp(col[4], "-") ? col[4] : "");
        tenths_as_percent(l);
        l->type = type_of(col[5]);
        l->dir = !strcmp(col[6], "up") ? FCT_D_UP : !strcmp(col[6], "down") ? FCT_D_DOWN : 0;
        l->evidence = col[8];
        l->para = -1;
    }
    *out = v;
    return n;
}

/* Split `text` into paragraphs at blank lines (in place); returns the count. */
static size_t split_paras(char *text, char ***out)
{
    size_t n = 0, cap = 0;
    char **v = NULL;
    for (char *p = text; p && *p;) {
        while (*p == '\n') p++;
        if (!*p) break;
        char *e = strstr(p, "\n\n");
        if (e) *e = '\0';
        size_t len = strlen(p);
        while (len && p[len - 1] == '\n') p[--len] = '\0';
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **t = realloc(v, cap * sizeof *t);
            if (!t) break;
            v = t;
        }
        v[n++] = p;
        p = e ? e + 2 : NULL;
    }
    *out = v;
    return n;
}

typedef struct pr_count {
    size_t labels, extracted, matched, matched_labels;
    size_t extracted_conf, matched_conf; /* facts at confidence >= 0.5 (the default) */
} pr_count;

/* Score one kind's half: adds to *c.  Returns 0, or -1 when its files are
 * absent. */
static int blind_score(t_ctx *t, const char *set, const char *kind, const char *half, int detail,
                       pr_count *c)
{
    char rel[256], tpath[1024], lpath[1024];
    snprintf(rel, sizeof rel, "tests/data/%s/%s_%s.txt", set, kind, half);
    t_path(tpath, sizeof tpath, t->srcdir, rel);
    snprintf(rel, sizeof rel, "tests/data/%s/%s_%s.tsv", set, kind, half);
    t_path(lpath, sizeof lpath, t->srcdir, rel);
    size_t tlen, llen;
    char *text = t_read_file(tpath, &tlen), *ldata = t_read_file(lpath, &llen);
    if (!text || !ldata) {
        free(text);
        free(ldata);
        return -1;
    }
    blabel *lb = NULL;
    char **paras = NULL;
    size_t nl = load_blind(ldata, &lb), np = split_paras(text, &paras);
    for (size_t i = 0; i < nl; i++)
        for (size_t k = 0; k < np && lb[i].para < 0; k++)
            if (strstr(paras[k], lb[i].evidence)) lb[i].para = (long)k;
    size_t unplaced = 0;
    for (size_t i = 0; i < nl; i++)
        if (lb[i].para < 0) {
            unplaced++;
            printf("  blind %s: label not placed: %s\n", kind, lb[i].evidence);
        }
    T_INT(t, unplaced, 0);
    fct_list l;
    fct_list_init(&l);
    pr_count k0 = {nl, 0, 0, 0, 0, 0};
    for (size_t k = 0; k < np; k++) {
        fct_list_clear(&l);
        T_INT(t, fct_extract_gaz(paras[k], strlen(paras[k]), test_gaz, &l, NULL), 0);
        for (size_t j = 0; j < l.n; j++) {
            const fct_fact *f = &l.v[j];
            int sure = f->confidence >= 0.5f;
            k0.extracted++;
            k0.extracted_conf += (size_t)sure;
            size_t i;
            for (i = 0; i < nl; i++) {
                blabel *b = &lb[i];
                if (b->used || b->para != (long)k) continue;
                if (!bound_eq(f->lo, b->lo) || !bound_eq(f->hi, b->hi)) continue;
                if (strcmp(fct_unit(&l, f), b->unit) || !types_agree(f->type, b->type)) continue;
                if (f->dir != b->dir || !bfield_in(b->fields, fct_field(&l, f))) continue;
                b->used = 1;
                break;
            }
            if (i < nl) {
                k0.matched_conf += (size_t)sure;
                k0.matched++;
                k0.matched_labels++;
            } else if (detail) {
                buf o;
                buf_init(&o);
                factfmt_text(&o, &l, f);
                printf("  blind %s#%zu: unmatched %s\n", kind, k, o.data);
                buf_free(&o);
            }
        }
    }
    for (size_t i = 0; i < nl && detail; i++)
        if (!lb[i].used)
            printf("  blind %s#%ld: missed %s %g..%g %s %s %s (%s)\n", kind, lb[i].para,
                   lb[i].fields, lb[i].lo, lb[i].hi, lb[i].unit,
                   fct_type_name((unsigned)lb[i].type), fct_dir_name((unsigned)lb[i].dir),
                   lb[i].evidence);
    printf("  %s %s %s: %zu labels, %zu extracted, %zu matched: precision %.1f%%, "
           "recall %.1f%%\n",
           set, half, kind, k0.labels, k0.extracted, k0.matched,
           k0.extracted ? 100.0 * (double)k0.matched / (double)k0.extracted : 0,
           k0.labels ? 100.0 * (double)k0.matched_labels / (double)k0.labels : 0);
    c->labels += k0.labels;
    c->extracted += k0.extracted;
    c->matched += k0.matched;
    c->matched_labels += k0.matched_labels;
    c->extracted_conf += k0.extracted_conf;
    c->matched_conf += k0.matched_conf;
    fct_list_free(&l);
    free(paras);
    free(lb);
    free(text);
    free(ldata);
    return 0;
}

/* One half of the blind set: precision and recall per kind and over all.
 * Details (every miss and unmatched extraction) only when the test is asked
 * for by name, so a full run stays short.  Returns 0 when scored. */
static int blind_half(t_ctx *t, const char *set, const char *const *kinds, const char *half,
                      const char *name, double min_p, double min_r, size_t min_labels)
{
    int detail = t->filter && !strcmp(t->filter, name);
    pr_count all = {0, 0, 0, 0, 0, 0};
    size_t found = 0;
    size_t nkinds = 0;
    for (; kinds[nkinds]; nkinds++)
        found += blind_score(t, set, kinds[nkinds], half, detail, &all) == 0;
    T_OK(t, found == nkinds);
    if (!found) return -1;
    double p = all.extracted ? (double)all.matched / (double)all.extracted : 0;
    double r = all.labels ? (double)all.matched_labels / (double)all.labels : 0;
    printf("  %s %s, all kinds: %zu labels, %zu extracted, %zu matched: precision "
           "%.1f%%, recall %.1f%%\n",
           set, half, all.labels, all.extracted, all.matched, 100 * p, 100 * r);
    printf("  %s %s, confidence >= 0.5: %zu extracted, %zu matched: precision %.1f%%, "
           "recall %.1f%%\n",
           set, half, all.extracted_conf, all.matched_conf,
           all.extracted_conf ? 100.0 * (double)all.matched_conf / (double)all.extracted_conf : 0,
           all.labels ? 100.0 * (double)all.matched_conf / (double)all.labels : 0);
    T_OK(t, all.labels >= min_labels);
    T_OK(t, p >= min_p);
    T_OK(t, r >= min_r);
    return 0;
}

/* DEV half of the blind set (tuned on). */
static void test_blind_dev(t_ctx *t)
{
    blind_half(t, "facts_blind", blind_kinds, "dev", "facts_blind_dev", BLIND_DEV_MIN_PRECISION,
               BLIND_DEV_MIN_RECALL, BLIND_MIN_LABELS);
}

/* TEST half, scored once when this round's rules were final
 * (docs/FACTS.md); floors under the measured figures. */
static void test_blind_test(t_ctx *t)
{
    blind_half(t, "facts_blind", blind_kinds, "test", "facts_blind_test", BLIND_TEST_MIN_PRECISION,
               BLIND_TEST_MIN_RECALL, BLIND_MIN_LABELS);
}

/* The second set (tests/data/facts_blind2/), labelled while the second
 * round of rules was written: all TEST, scored once (docs/FACTS.md). */
static void test_blind2(t_ctx *t)
{
    static const char *const kinds2[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind2", kinds2, "test", "facts_blind2_test", BLIND2_MIN_PRECISION,
               BLIND2_MIN_RECALL, BLIND2_MIN_LABELS);
}

/* The third set (tests/data/facts_blind3/), labelled after the third
 * round: halved by tools/split_facts_blind3.py; rules are tuned on DEV. */
static void test_blind3_dev(t_ctx *t)
{
    static const char *const kinds3[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind3", kinds3, "dev", "facts_blind3_dev", BLIND3_DEV_MIN_PRECISION,
               BLIND3_DEV_MIN_RECALL, BLIND3_DEV_MIN_LABELS);
}

/* TEST half of the third set: scored once, when round 4 was final
 * (docs/FACTS.md); floors under the measured figures. */
static void test_blind3_test(t_ctx *t)
{
    static const char *const kinds3[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind3", kinds3, "test", "facts_blind3_test", BLIND3_TEST_MIN_PRECISION,
               BLIND3_TEST_MIN_RECALL, BLIND3_TEST_MIN_LABELS);
}

/* The fourth set (tests/data/facts_blind4/), labelled blind after round
 * 4 was final: all of it is TEST, scored once (docs/FACTS.md). */
static void test_blind4(t_ctx *t)
{
    static const char *const kinds4[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind4", kinds4, "all", "facts_blind4_test", BLIND4_MIN_PRECISION,
               BLIND4_MIN_RECALL, BLIND4_MIN_LABELS);
}

/* The fifth set (tests/data/facts_blind5/), DEV half: the field-boundary
 * model's choices are tuned here; its TEST half is scored once, by the
 * lead, and not here. */
static void test_blind5_dev(t_ctx *t)
{
    static const char *const kinds5[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind5", kinds5, "dev", "facts_blind5_dev", BLIND5_DEV_MIN_PRECISION,
               BLIND5_DEV_MIN_RECALL, BLIND5_DEV_MIN_LABELS);
}

/* The fifth set's TEST half: never read while round 5 was made, scored
 * once when it was final. */
static void test_blind5_test(t_ctx *t)
{
    static const char *const kinds5t[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind5", kinds5t, "test", "facts_blind5_test", BLIND5_TEST_MIN_PRECISION,
               BLIND5_TEST_MIN_RECALL, BLIND5_TEST_MIN_LABELS);
}

/* The sixth set (tests/data/facts_blind6/), DEV half: round 7 is tuned
 * here; its TEST half is scored once, by the lead, when round 7 is final. */
static void test_blind6_dev(t_ctx *t)
{
    static const char *const kinds6[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind6", kinds6, "dev", "facts_blind6_dev", BLIND6_DEV_MIN_PRECISION,
               BLIND6_DEV_MIN_RECALL, BLIND6_DEV_MIN_LABELS);
}

/* The sixth set's TEST half: never read while rounds 6 and 7 were made,
 * scored once when round 7 was final (docs/FACTS.md). */
static void test_blind6_test(t_ctx *t)
{
    static const char *const kinds6t[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind6", kinds6t, "test", "facts_blind6_test", BLIND6_TEST_MIN_PRECISION,
               BLIND6_TEST_MIN_RECALL, BLIND6_TEST_MIN_LABELS);
}

/* The seventh set (tests/data/facts_blind7/), DEV half: round 8 is tuned
 * here; its TEST half is scored once, by the lead, when round 8 is final. */
static void test_blind7_dev(t_ctx *t)
{
    static const char *const kinds7[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind7", kinds7, "dev", "facts_blind7_dev", BLIND7_DEV_MIN_PRECISION,
               BLIND7_DEV_MIN_RECALL, BLIND7_DEV_MIN_LABELS);
}

/* The seventh set's TEST half: never read while round 8 was made, scored
 * once when it was final (docs/FACTS.md). */
static void test_blind7_test(t_ctx *t)
{
    static const char *const kinds7t[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind7", kinds7t, "test", "facts_blind7_test", BLIND7_TEST_MIN_PRECISION,
               BLIND7_TEST_MIN_RECALL, BLIND7_TEST_MIN_LABELS);
}

/* The eighth set (tests/data/facts_blind8/), DEV half: round 9 is tuned
 * here; its TEST half is scored once, by the lead, when round 9 is final. */
static void test_blind8_dev(t_ctx *t)
{
    static const char *const kinds8[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind8", kinds8, "dev", "facts_blind8_dev", BLIND8_DEV_MIN_PRECISION,
               BLIND8_DEV_MIN_RECALL, BLIND8_DEV_MIN_LABELS);
}

/* The eighth set's TEST half: never read while round 9 was made, scored
 * once when it was final (docs/FACTS.md). */
static void test_blind8_test(t_ctx *t)
{
    static const char *const kinds8t[] = {"cctv_econ", "cctv_health", "law", NULL};
    blind_half(t, "facts_blind8", kinds8t, "test", "facts_blind8_test", BLIND8_TEST_MIN_PRECISION,
               BLIND8_TEST_MIN_RECALL, BLIND8_TEST_MIN_LABELS);
}

/* The ninth to seventeenth sets, each half with its floors (the ninth
 * to eleventh: round 10, never read while it was made); the twelfth to
 * seventeenth (tests/data/facts_blind12/ ...
 * facts_blind17/), drawn and labelled blind in parallel while rounds 11
 * and 12 were made: their DEV halves joined the fit, their TEST halves were
 * scored once when the round was final (docs/FACTS.md "Round 11", "Round
 * 12") and joined the fit after.  One table instead of one function per
 * set and half.  Floors a little under what was measured: DEV in-sample
 * after the round (75.9 / 73.3, 83.3 / 85.1, 90.5 / 89.6, 85.6 / 83.7,
 * 82.1 / 80.7, 87.7 / 84.9 %); TEST once (90.5 / 87.7, 74.7 / 74.7,
 * 81.7 / 79.2, 83.7 / 85.0, 81.1 / 81.1, 83.8 / 80.7, 83.5 / 83.5 %;
 * the eighteenth's DEV 81.7 / 83.5 % after round 13; the nineteenth's DEV
 * 82.8 / 87.3 % after round 14, its TEST 81.7 / 78.1 % once; the
 * twentieth's DEV 84.1 / 83.1 % after round 15, its TEST 74.3 / 69.6 %
 * once). */
static const struct {
    const char *set, *half, *name;
    double min_p, min_r;
    size_t min_labels;
} later_halves[] = {
    /* the ninth to eleventh sets (round 10), with their floors above */
    {"facts_blind9", "dev", "facts_blind9_dev", BLIND9_DEV_MIN_PRECISION, BLIND9_DEV_MIN_RECALL,
     BLIND9_DEV_MIN_LABELS},
    {"facts_blind10", "dev", "facts_blind10_dev", BLIND10_DEV_MIN_PRECISION, BLIND10_DEV_MIN_RECALL,
     BLIND10_DEV_MIN_LABELS},
    {"facts_blind11", "dev", "facts_blind11_dev", BLIND11_DEV_MIN_PRECISION, BLIND11_DEV_MIN_RECALL,
     BLIND11_DEV_MIN_LABELS},
    {"facts_blind9", "test", "facts_blind9_test", BLIND9_TEST_MIN_PRECISION, BLIND9_TEST_MIN_RECALL,
     BLIND9_TEST_MIN_LABELS},
    {"facts_blind10", "test", "facts_blind10_test", BLIND10_TEST_MIN_PRECISION,
     BLIND10_TEST_MIN_RECALL, BLIND10_TEST_MIN_LABELS},
    {"facts_blind11", "test", "facts_blind11_test", BLIND11_TEST_MIN_PRECISION,
     BLIND11_TEST_MIN_RECALL, BLIND11_TEST_MIN_LABELS},
    /* the twelfth to seventeenth */
    {"facts_blind12", "dev", "facts_blind12_dev", 0.70, 0.68, 80},
    {"facts_blind13", "dev", "facts_blind13_dev", 0.78, 0.80, 85},
    {"facts_blind14", "dev", "facts_blind14_dev", 0.85, 0.84, 85},
    {"facts_blind15", "dev", "facts_blind15_dev", 0.80, 0.78, 85},
    {"facts_blind12", "test", "facts_blind12_test", 0.85, 0.82, 60},
    {"facts_blind13", "test", "facts_blind13_test", 0.70, 0.70, 85},
    {"facts_blind14", "test", "facts_blind14_test", 0.76, 0.74, 85},
    {"facts_blind15", "test", "facts_blind15_test", 0.78, 0.80, 115},
    {"facts_blind16", "dev", "facts_blind16_dev", 0.70, 0.70, 110},
    {"facts_blind17", "dev", "facts_blind17_dev", 0.70, 0.70, 110},
    {"facts_blind16", "test", "facts_blind16_test", 0.70, 0.70, 100},
    {"facts_blind17", "test", "facts_blind17_test", 0.70, 0.70, 100},
    {"facts_blind18", "dev", "facts_blind18_dev", 0.72, 0.72, 85},
    {"facts_blind18", "test", "facts_blind18_test", 0.75, 0.75, 95},
    {"facts_blind19", "dev", "facts_blind19_dev", 0.75, 0.75, 50},
    {"facts_blind19", "test", "facts_blind19_test", 0.75, 0.72, 105},
    {"facts_blind20", "dev", "facts_blind20_dev", 0.78, 0.77, 85},
    {"facts_blind20", "test", "facts_blind20_test", 0.70, 0.65, 75},
};

static void test_later_halves(t_ctx *t)
{
    static const char *const kinds[] = {"cctv_econ", "cctv_health", "law", NULL};
    for (size_t i = 0; i < sizeof later_halves / sizeof *later_halves; i++)
        blind_half(t, later_halves[i].set, kinds, later_halves[i].half, later_halves[i].name,
                   later_halves[i].min_p, later_halves[i].min_r, later_halves[i].min_labels);
}

/* Weights that make the model start the first fact's field at the first
 * code point `at` inside the rules' field (the trace of fct_extract_trace
 * sees the span the model cuts; every other weight stays zero). */
typedef struct force_start {
    float *w;
    uint32_t at;
} force_start;

static void force_start_trace(void *arg, const struct fct_model_span *m,
                              const struct fct_model_dir *dir, const fct_list *out, long i)
{
    (void)dir;
    (void)out;
    force_start *f = arg;
    if (i != 0) return;
    for (size_t p = m->s + 1; p < m->e; p++) {
        if (m->cp[p] != f->at) continue;
        uint32_t ids[FCT_MODEL_NFEAT];
        size_t n = fct_model_features(m, FCT_MODEL_START, p, ids);
        for (size_t k = 0; k < n; k++) f->w[FCT_MODEL_START * FCT_MODEL_BUCKETS + ids[k]] = 10;
        return;
    }
}

/* A rate keeps its denominator wherever the model cuts its field: cut past
 * 每万人口 (and 全科), 3.9 is still per 10,000 people, not a total.  Fails
 * on the fct.c before round 9, which read the denominator only where the
 * cut field started. */
static void test_cut_past_denominator(t_ctx *t)
{
    static const char *const text = "每万人口全科医生数达到3.9人。";
    force_start f = {calloc(FCT_MODEL_NWEIGHTS, sizeof(float)), 0x533B /* 医 */};
    if (!T_OK(t, f.w != NULL)) return;
    fct_list l;
    fct_list_init(&l);
    T_INT(t, fct_extract_trace(text, strlen(text), NULL, &l, force_start_trace, &f, NULL), ZS_OK);
    fct_list_clear(&l);
    T_INT(t, fct_extract_weights(text, strlen(text), NULL, f.w, &l, NULL), ZS_OK);
    if (T_INT(t, (long)l.n, 1)) {
        T_STR(t, fct_field(&l, &l.v[0]), "医生数");
        T_STR(t, fct_unit(&l, &l.v[0]), "人/万人口");
    }
    fct_list_free(&l);
    free(f.w);
}

/* Round 9: units written as a symbol or as a classifier with 次, and the
 * modal 应于 of a time limit; each fails on the fct.c and qty.c before. */
static void test_round9_forms(t_ctx *t)
{
    buf b;
    buf_init(&b);
    /* the labels of this sentence accept 夏季平均气温 and 平均气温 */
    FACTS_ALT(t, &b, "夏季平均气温约为22℃。", "平均气温=22摄氏度", "夏季平均气温=22摄氏度");
    FACTS(t, &b, "车辆约290万辆次。", "车辆=2900000辆次/about");
    FACTS(t, &b, "处罚决定应于七日内送达。", "送达=7日/below!limit");
    FACTS(t, &b, "床位总数增长一倍。", "床位总数=1倍/delta:up"); /* 一 before 倍: a number */
    /* 百 千 万 alone after a qualifier are amounts (超百家), not 千人 or 百县 */
    FACTS(t, &b, "市场经营主体突破百万户。", "市场经营主体=1000000户/above");
    FACTS(t, &b, "百县千乡工程。", "");
    /* 级 after digits is a magnitude; after a Chinese numeral a rank */
    FACTS(t, &b, "当地发生7.4级地震。", "地震=7.4级");
    FACTS(t, &b, "三级医院20家。", "三级医院=20家");
    /* a quantity alone is no field: 连续16年 before 超千亿美元 */
    FACTS(t, &b, "连续16年超千亿美元。", "");
    /* the next item of a list after a change is a change */
    FACTS(t, &b, "净利润分别增长10.3%和4.0%。", "净利润=10.3%/delta:up; 净利润=4%/delta:up");
    buf_free(&b);
    /* the model may cut a field inside a strip word (截至目前 -> 截至): the
     * strip must not then run past the field's end (it wrapped and crashed) */
    static const char *const cut_inside =
        "2020年以来，源潭镇刷业跨境电商出口年均增长43%，截至目前突破1亿美元，"
        "产品出口全球70多个国家和地区。";
    fct_list l;
    fct_list_init(&l);
    T_INT(t, fct_extract(cut_inside, strlen(cut_inside), &l, NULL), ZS_OK);
    for (size_t i = 0; i < l.n; i++)
        T_OK(t, l.v[i].field_len > 0 && l.v[i].field_len < strlen(cut_inside));
    fct_list_free(&l);
}

/* Round 6: the direction chooser (fct_model.h) takes the noun after the
 * number where the rules took a word before it (含, 设立, and an empty
 * predicate-only subject); in-sample examples of the spent sets, a guard
 * against a refit that loses them.  Zero weights keep the rules' side. */
static void test_direction_model(t_ctx *t)
{
    buf b;
    buf_init(&b);
    /* the side is the noun after the number; what the cases became is counted */
    FACTS(t, &b, "含17例由无症状感染者转为确诊病例。", "确诊病例=17例");
    FACTS(t, &b, "设立7700万元联合基金。", "联合基金=77000000元");
    FACTS(t, &b, "会议期间共举办了21个专题。", "专题=21个");
    /* and two fixes of the rules that round 6's categories found: 突破 is
     * a qualifier (at least N) as well as a copula; a limit's act after a
     * prepositional phrase with no mined verb closes the clause */
    FACTS_ALT(t, &b, "外贸进出口总额突破8万亿元。", "外贸进出口总额=8000000000000元/above",
              "进出口总额=8000000000000元/above");
    FACTS(t, &b, "旅馆业经营者应当在15日内向所在地县级公安部门备案。", "备案=15日/below!limit");
    static float zero[FCT_MODEL_NWEIGHTS];
    fct_list l;
    fct_list_init(&l);
    const char *s = "设立7700万元联合基金。";
    T_INT(t, fct_extract_weights(s, strlen(s), test_gaz, zero, &l, NULL), 0);
    T_INT(t, l.n, 1);
    if (l.n) T_STR(t, fct_field(&l, &l.v[0]), "设立");
    fct_list_free(&l);
    buf_free(&b);
}

/* Round 5: the field-boundary model (fct_model.h) cuts the rules' fields
 * (examples from the spent sets, so in-sample: a guard against a refit
 * that loses them), and its cuts always stay in their window. */
static void test_boundary_model(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "2022年，中国与中亚五国贸易额达到702亿美元，创历史新高。",
          "贸易额=70200000000美元");
    /* the labels accept 新增新冠确诊病例, 单日新增新冠确诊病例 and 确诊病例 */
    FACTS_ALT(t, &b, "全国单日新增新冠确诊病例首次超过4万例。", "确诊病例=40000例/above",
              "单日新增新冠确诊病例=40000例/above");
    FACTS(t, &b, "共有5000多家中外企业参展。", "中外企业=5000家/plus");
    /* a duration that ends its clause is the clause's predicate; a time
     * frame (今年前10个月, 未来三天) and a modifier (24小时待命) are not facts */
    FACTS_ALT(t, &b, "项目总投资19.67亿元，总工期54个月。", "项目总投资=1967000000元; 总工期=54月",
              "总投资=1967000000元; 总工期=54月");
    FACTS(t, &b, "今年前10个月，我国货物贸易保持稳定。", "");
    FACTS(t, &b, "中央气象台预计，未来三天，南方有强降雨。", "");
    FACTS(t, &b, "救援队伍24小时待命。", "");
    /* a comparative before a difference of rates is a change of the subject
     * (up for 高 快, down for 低); the comparison base is no field */
    FACTS(t, &b, "企业新发放贷款平均利率约3.2%，比上月低约4个基点。",
          "平均利率=3.2%/about; 平均利率=4基点/aboutdelta:down");
    FACTS(t, &b, "高技术制造业投资增长12.8%，高出全部固定资产投资8.8个百分点。",
          "高技术制造业投资=12.8%/delta:up; 高技术制造业投资=8.8百分点/delta:up");
    /* 架无 of 312架无人机 is a measure word and a noun, not a mined word */
    FACTS_ALT(t, &b, "俄军当天击落312架乌军无人机。", "乌军无人机=312架", "无人机=312架");
    /* 翻了一番 doubles: a change of one 番 (the labels' unit), up */
    FACTS(t, &b, "双边贸易额翻了一番。", "双边贸易额=1番/delta:up");
    /* 百余名: a round number with 余 after it is an amount (千人 alone is not) */
    FACTS(t, &b, "吸引了百余名中外嘉宾参与活动。", "中外嘉宾=100名/plus");
    /* currencies beside 元 (日元 is no date 日) and counted things (部, 组) */
    FACTS(t, &b, "地震造成的经济损失约6亿日元。", "经济损失=600000000日元/about");
    FACTS(t, &b, "全市老楼加装电梯3774部。", "加装电梯=3774部");
    FACTS(t, &b, "国务院等13部门联合印发通知。", ""); /* 部门 is a word */
    FACTS(t, &b, "带动光伏电池出口增长30%。", "光伏电池出口=30%/delta:up");
    buf_free(&b);
    /* every proposal of every size in a sentence: the cuts stay in [lo, hi]
     * and leave a field */
    static const char *const text = "截至目前，全市累计建成智慧养老服务平台12个，同比增长8%。";
    uint32_t cp[64];
    size_t n = 0;
    for (const uint8_t *p = (const uint8_t *)text, *end = p + strlen(text); p < end && n < 64;) {
        int k = u8_decode(p, end, &cp[n++]);
        p += k > 0 ? k : 1;
    }
    size_t bad = 0;
    for (size_t lo = 0; lo < n; lo++)
        for (size_t s = lo; s < n; s++)
            for (size_t e = s + 1; e <= n; e++) {
                fct_model_span m = {cp, n, s, e, lo, n, n, n, FCT_MODEL_KIND_VALUE};
                size_t cs, ce;
                fct_model_cut(&m, &cs, &ce);
                bad += cs >= ce || cs < lo || ce > n;
            }
    T_INT(t, bad, 0);
}

/* Issue 10 forms: ranges as one fact, legal limits, changes with their
 * direction, from-to with 岁, field boundaries on the issue's bad examples. */
static void test_issue10_forms(t_ctx *t)
{
    buf b;
    buf_init(&b);
    /* one range, two bounds; the act penalised is the field */
    FACTS(t, &b, "对违法者处一万元以上五万元以下的罚款。", "罚款=10000..50000元!limit");
    FACTS(t, &b, "可以并处一千元以上五千元以下罚款；", "罚款=1000..5000元!limit");
    FACTS(t, &b, "处七日以上十五日以下拘留。", "拘留=7..15日!limit");
    FACTS(t, &b, "并处违法所得一倍以上三倍以下的罚款。", "罚款=1..3倍!limit");
    /* time limits and minimum counts in laws */
    FACTS(t, &b, "行政机关应当自收到申请之日起十五日内作出决定。", "作出决定=15日/below!limit");
    FACTS(t, &b, "处三年以下有期徒刑或者拘役。", "有期徒刑=3年/below!limit");
    FACTS(t, &b, "公示期不得少于二十日。", "公示期=20日/above!limit");
    FACTS(t, &b, "可以自接到裁决通知之日起五日内，向人民法院提起诉讼。",
          "提起诉讼=5日/below!limit");
    FACTS(t, &b, "城市绿化覆盖率不低于百分之四十。", "城市绿化覆盖率=40%/above");
    FACTS(t, &b, "车辆停放间距应当不小于0.5米。", "车辆停放间距=0.5米/above!limit");
    FACTS(t, &b, "会议应当有7名以上委员出席。", "委员=7名/above!limit");
    /* a time limit's act after its adverbials (round 8): every leading
     * prepositional phrase goes, a light verb goes, a preposition after the
     * act's verb closes it */
    FACTS(t, &b, "应当在十五日内按规定程序向村民发布公告。", "发布公告=15日/below!limit");
    FACTS(t, &b, "应当在大会闭会之日起十五日内，将代表议案交由本市有关机关、组织进行研究。",
          "研究=15日/below!limit");
    FACTS(t, &b, "应当于十日内另行指定检验机构对原样品进行检验。",
          "另行指定检验机构=10日/below!limit");
    /* a trailing aside in brackets is no part of the field */
    FACTS(t, &b, "全省投资（不含房地产）超3500亿元。", "投资=350000000000元/above");
    /* an age without a verb or a norm is part of a noun */
    FACTS(t, &b, "5岁以下儿童死亡率下降。", "");
    /* changes keep their subject and direction */
    FACTS(t, &b, "进出口总值增长13.3%。", "进出口总值=13.3%/delta:up");
    FACTS(t, &b, "婴儿死亡率下降0.5个百分点。", "婴儿死亡率=0.5百分点/delta:down");
    FACTS(t, &b, "下调金融机构存款准备金率0.5个百分点。",
          "金融机构存款准备金率=0.5百分点/delta:down");
    FACTS(t, &b, "跨省联网定点医药机构达59.03万家。", "跨省联网定点医药机构=590300家");
    /* from-to pairs with 岁 */
    FACTS(t, &b, "人均预期寿命由2020年的77.93岁提高到2021年的78.2岁。",
          "人均预期寿命=77.93岁@2020; 人均预期寿命=78.2岁@2021");
    /* mined verbs end a field: 督促 and 累计 are predicates, not part of the noun */
    FACTS(t, &b, "督促相关企业累计退费约3.01亿元。", "退费=301000000元/about");
    /* a field never starts inside a word: 平均 stays whole */
    FACTS(t, &b, "国家组织集采中选药品平均降价53%。", "国家组织集采中选药品=53%/delta:down");
    /* the issue's bad fields: particles, copulas, cut words, verbs */
    FACTS(t, &b, "美国今年的通胀率可能达到4%。", "通胀率=4%");
    FACTS(t, &b, "央行将利率上调至5.5%。", "利率=5.5%");
    FACTS(t, &b, "全国政协委员和特邀代表2100余人出席。", "政协委员和特邀代表=2100人/plus");
    FACTS(t, &b, "重大项目投资超3000亿元。", "重大项目投资=300000000000元/above");
    /* 分别 lists: a shared frame is distributed, values joined by 和 */
    FACTS(t, &b, "与欧盟、东盟和美国进出口分别增长12.4%、10.5%、9.7%。",
          "欧盟进出口=12.4%/delta:up; 东盟进出口=10.5%/delta:up; 美国进出口=9.7%/delta:up");
    FACTS(t, &b, "出口和进口分别增长10.2%和6.5%。", "出口=10.2%/delta:up; 进口=6.5%/delta:up");
    /* the same statement twice in a passage is one fact */
    FACTS(t, &b, "治愈率达到98.3%，治愈率达到98.3%。", "治愈率=98.3%");
    buf_free(&b);
}

/* Rounds 14 and 15 (docs/FACTS.md): a modal or sum word alone after the last verb
 * of a field is no field (增速预计, 产能合计), a time word ends a field
 * after its number (公务员当地时间), the model never cuts inside a
 * cohesive word (机|器人), and the last 的 is looked for past a quote. */
static void test_round14_forms(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "农产品网络零售额增速预计10%左右。", "农产品网络零售额增速=10%/about");
    FACTS(t, &b, "绿色燃料产能合计约800万吨。", "绿色燃料产能=8000000吨/about");
    FACTS(t, &b, "英国约10万名公务员当地时间1日举行罢工。", "公务员=100000名/about");
    FACTS(t, &b, "一块钢板进入，经过200多台机器人自动加工。", "机器人=200台/plus");
    FACTS(t, &b, "过去五年里，像这样的“灯塔工厂”数量增长了6倍。", "“灯塔工厂”数量=6倍/delta:up");
    /* round 15: a change word that heads a noun names no change (5%左右的
     * 增长目标); 为 opens a phrase before a limited act as 向 does */
    FACTS(t, &b, "提出了5%左右的增长目标。", "增长目标=5%/about");
    FACTS(t, &b, "进出口总额实现了70.2%的超高速增长。", "进出口总额=70.2%/delta:up");
    FACTS(t, &b, "用人单位应当在用工之日起三十日内为劳动者办理就业登记手续。",
          "办理就业登记手续=30日/below!limit");
    buf_free(&b);
}

/* Round 10 forms: a classifier after 每 no unit table holds is the
 * denominator of a per-item amount; a legal range may mix 月 and 年
 * (months: 个月 is 月). */
/* Round 12 (docs/FACTS.md): share frames, day words, 分别同比 lists,
 * a leading 了 and a trailing 就, verbs that name an amount after a noun,
 * and an index's unitless value. */
static void test_round12_forms(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "农业用水占国民经济用水总量约60%。", "农业用水=60%/about");
    FACTS(t, &b, "占地30亩。", "占地=30亩");
    FACTS(t, &b, "为期4天的第三届中非经贸博览会今天（7月2日）闭幕。", "中非经贸博览会=4天");
    FACTS(t, &b, "完成了核心区75栋保留建筑的修缮。", "核心区=75栋"); /* not 了核心区 */
    FACTS(t, &b, "高技术制造业和高技术产业投资分别同比增长10.1%和10.6%。",
          "高技术制造业=10.1%/delta:up; 高技术产业投资=10.6%/delta:up");
    FACTS(t, &b, "为全国80多个城市更新改造项目提供的电梯就突破了1000部。",
          "城市更新改造项目=80个/plus; 电梯=1000部/above");
    FACTS(t, &b, "研发投入达到1.03万亿元。", "研发投入=1030000000000元");
    FACTS(t, &b, "企业投入5亿元。", "企业投入=500000000元");
    FACTS(t, &b, "中国快递发展指数为407。", "快递发展指数=407");
    FACTS(t, &b, "中小企业发展指数（SMEDI）为89.3。", "中小企业发展指数=89.3");
    FACTS(t, &b, "发展指数。今年增长了407。", "");
    /* a change named after its number; a from-to pair is no change */
    FACTS(t, &b, "进出口总额实现了70.2%的超高速增长。", "进出口总额=70.2%/delta:up");
    FACTS(t, &b, "参保率从91%提高到95%。", "参保率=91%; 参保率=95%");
    FACTS(t, &b, "人民币对美元汇率较上年末贬值3%。", "人民币对美元汇率=3%/delta:down");
    FACTS(t, &b, "重大水利工程比去年同期多7项。", "重大水利工程=7项/delta:up");
    /* measure words added to the unit table; 两头 and 片区 stay words */
    FACTS(t, &b, "花卉种植面积约150万公顷。", "花卉种植面积=1500000公顷/about");
    FACTS(t, &b, "每日核酸检测量达到8万管。", "每日核酸检测量=80000管");
    FACTS(t, &b, "线路全长5千米。", "线路全长=5公里");
    FACTS(t, &b, "两头都要抓。", "");
    FACTS(t, &b, "汽车零部件企业复工。", "");               /* 零 alone is no zero */
    FACTS(t, &b, "营收超百亿。", "营收=10000000000/above"); /* a round amount, no unit */
    FACTS(t, &b, "千人参加。", "");
    /* round 13: 同比 before 分别 is no part of the last subject; 占地 names
     * the area a place takes */
    FACTS(t, &b, "矿建材料、冶炼物资、粮食运量同比分别增长22%、9.1%、5.5%。",
          "矿建材料=22%/delta:up; 冶炼物资=9.1%/delta:up; 粮食运量=5.5%/delta:up");
    FACTS(t, &b, "青衣方舱医院占地约6万平方米。", "占地=60000平方米/about");
    FACTS(t, &b, "本土病例102例，含16例由无症状感染者转为确诊病例。",
          "本土病例=102例; 确诊病例=16例");
    FACTS(t, &b, "持续两个多月的冲突造成损失。", "冲突=2月/plus");
    /* a clause with only a frame word before its number is about the
     * previous fact's field */
    FACTS(t, &b, "实际使用外资1667亿元，年均增长15.8%。",
          "实际使用外资=166700000000元; 实际使用外资=15.8%/delta:up");
    /* a from-to pair with the year before the qualifier (从2022年的约3%) */
    FACTS(t, &b, "世界经济增长将从2022年的约3%降至1.9%。",
          "世界经济增长=3%/about@2022; 世界经济增长=1.9%");
    buf_free(&b);
}

static void test_round10_forms(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "违反本条例规定的，并处每株二千元以上二万元以下罚款。",
          "罚款=2000..20000元/株!limit");
    FACTS(t, &b, "违反本条例规定的，每具处一百元以上一千元以下罚款。", "罚款=100..1000元/具!limit");
    FACTS(t, &b, "每组3至5名。", "每组=3..5名");
    FACTS(t, &b, "处六个月以上一年以下有期徒刑。", "有期徒刑=6..12月!limit");
    FACTS(t, &b, "应当在竣工验收后六个月内报送有关竣工验收资料。",
          "报送有关竣工验收资料=6月/below!limit");
    buf_free(&b);
}

/* Round 3 forms: a range from a bare low end, 数 ending a word, area
 * bounds, 零下, kilowatt units, a unit that starts a word, a verb after a
 * word ending a forward field, scope words after a verb. */
static void test_round3_forms(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "责令改正，处投资总额一至二倍的罚款。", "罚款=1..2倍!limit");
    FACTS(t, &b, "每组3至5名。", "每组=3..5名");
    /* a range written high to low keeps lo <= hi (the index drops others) */
    FACTS(t, &b, "应当提前100米至50米开启转向灯。", "提前=50..100米!limit");
    FACTS(t, &b, "补种被损毁株数一倍以上三倍以下的树木。", "树木=1..3倍");
    FACTS(t, &b, "数十名群众", ""); /* still vague */
    FACTS(t, &b, "在学校周边三百米半径内规划建设", "半径=300米/below");
    FACTS(t, &b, "隧道洞口外一百米范围内", "范围=100米/below");
    FACTS(t, &b, "最低气温达到了零下18摄氏度左右。", "最低气温=-18摄氏度/about");
    /* the whole name or its head noun, as the labels take them */
    FACTS_ALT(t, &b, "全社会用电量7742亿千瓦时，同比增长4.3%。",
              "全社会用电量=774200000000千瓦时; 全社会用电量=4.3%/delta:up",
              "用电量=774200000000千瓦时; 用电量=4.3%/delta:up");
    FACTS(t, &b, "建设总规模约1800万千瓦。", "建设总规模=18000000千瓦/about");
    FACTS(t, &b, "农机装备总量接近2亿台（套）。", "农机装备总量=200000000台套/about");
    FACTS(t, &b, "超6000架次航班", "航班=6000架次/above");
    /* 家庭 is a word, so 家 is no unit; the boundary model (round 5) ends
     * the field before the predicate (the rules ran on to 家庭和商户停电):
     * at the word or after the coordinated noun phrase */
    FACTS_ALT(t, &b, "约13万家庭和商户停电", "家庭=130000/about", "家庭和商户=130000/about");
    FACTS(t, &b, "8万亩葡萄迎来丰收。", "葡萄=80000亩");
    FACTS(t, &b, "世行预计今年全球经济增速为2%。", "全球经济增速=2%");
    FACTS(t, &b, "制造业增加值增速比上月加快1.6个百分点。", "制造业增加值增速=1.6百分点/delta:up");
    FACTS(t, &b, "经济增速放缓0.5个百分点。", "经济增速=0.5百分点/delta:down");
    /* a minimum count of people names the people, not their act */
    FACTS(t, &b, "应当有三名以上村民代表参加。", "村民代表=3名/above!limit");
    FACTS(t, &b, "可以由两名以上调解员调解。", "调解员=2名/above!limit");
    FACTS(t, &b, "应当有十名以上的代表联名。", "代表=10名/above!limit");
    FACTS(t, &b, "会议应当有7名以上委员出席。", "委员=7名/above!limit");
    buf_free(&b);
}

/* Round 4 forms (tuned on the DEV half of facts_blind3): a forward field
 * stops before the next quantity and drops trailing adverbs; a preposition
 * without an object ends a word; a number binds the last of a disjunction;
 * a limit's act may hold a bracket and an enumeration. */
static void test_round4_forms(t_ctx *t)
{
    buf b;
    buf_init(&b);
    FACTS(t, &b, "约60个国家和地区近2000名代表参加。", "国家和地区=60个/about; 代表=2000名/about");
    FACTS(t, &b, "八家银行正式签署协议。", "银行=8家");
    FACTS(t, &b, "涉及20多个研究方向。", "研究方向=20个/plus");
    FACTS(t, &b, "今年原油价格也将上涨10%。", "原油价格=10%/delta:up");
    FACTS(t, &b, "没有违法所得或者违法所得不足五万元的，处一万元罚款。",
          "违法所得=50000元/below!limit; 罚款=10000元");
    FACTS(t, &b, "应当自变更之日起10个工作日内，向市场监管局(分局)提出申请。",
          "提出申请=10工作日/below!limit");
    /* places a field starts with are the gazetteer's, not any word + 区 */
    FACTS(t, &b, "山东菏泽去年投资2.91亿元。", "投资=291000000元");
    FACTS(t, &b, "对5个中型引黄灌区进行改造。", "中型引黄灌区=5个");
    FACTS(t, &b, "已有132处大中型灌区启动春灌。", "大中型灌区=132处");
    /* after the third set's TEST: a verb before the number is the
     * predicate of the subject before it; a currency word ends the unit */
    FACTS(t, &b, "快递业务量累计完成1237.7亿件。", "快递业务量=123770000000件");
    FACTS(t, &b, "服务业实际使用外资1933.3亿元人民币。", "服务业实际使用外资=193330000000元");
    buf_free(&b);
}

/* The model's helpers: bounds meeting a condition, field folding, change
 * words. */
static void test_model_helpers(t_ctx *t)
{
    T_OK(t, fct_bounds_meet(10000, 50000, 50000, 1, INFINITY, 0));  /* >= 50000 */
    T_OK(t, !fct_bounds_meet(10000, 50000, 50000, 0, INFINITY, 0)); /* > 50000 */
    T_OK(t, fct_bounds_meet(10000, 50000, -INFINITY, 0, 20000, 1)); /* <= 20000 */
    T_OK(t, fct_bounds_meet(-INFINITY, 15, 10, 0, INFINITY, 0));    /* 15日内 answers > 10 */
    T_OK(t, !fct_bounds_meet(-INFINITY, 15, 16, 1, INFINITY, 0));
    T_OK(t, fct_point(10, 20) == 15 && fct_point(3, INFINITY) == 3 && fct_point(-INFINITY, 4) == 4);
    const char *f = "每千人口托位数";
    T_OK(t, fct_field_matches(f, strlen(f), "托位数量", strlen("托位数量")));
    T_OK(t, fct_field_matches("提供托位", strlen("提供托位"), "托位数", strlen("托位数")));
    T_OK(t, !fct_field_matches("床位", strlen("床位"), "托位数", strlen("托位数")));
    T_OK(t,
         fct_field_matches("人数", strlen("人数"), "人数", strlen("人数"))); /* 人 is too short */
    T_OK(t, !fct_field_matches("人口", strlen("人口"), "人数", strlen("人数")));
    size_t stem;
    T_INT(t, fct_change_word("进出口增长", strlen("进出口增长"), &stem), FCT_D_UP);
    T_INT(t, stem, strlen("进出口"));
    T_INT(t, fct_change_word("下降", strlen("下降"), &stem), FCT_D_DOWN);
    T_INT(t, stem, 0);
    T_INT(t, fct_change_word("托位数", strlen("托位数"), &stem), FCT_D_NONE);
}

void suite_fct(t_ctx *t)
{
    gaz *g = NULL;
    if (gaz_open(&g)) {
        printf("  gazetteer: out of memory\n");
        return;
    }
    test_gaz = g;
    t_run(t, "facts_verb_forms", test_verb_forms);
    t_run(t, "facts_number_first", test_number_first);
    t_run(t, "facts_field_first", test_field_first);
    t_run(t, "facts_field_cuts", test_field_cuts);
    t_run(t, "facts_multipliers", test_multipliers);
    t_run(t, "facts_chinese_numerals", test_chinese_numerals);
    t_run(t, "facts_respectively", test_respectively);
    t_run(t, "facts_before_after", test_before_after);
    t_run(t, "facts_qualifiers", test_qualifiers);
    t_run(t, "facts_not_facts", test_not_facts);
    t_run(t, "facts_spans_place", test_spans_place);
    t_run(t, "facts_robust", test_robust);
    t_run(t, "facts_parse_quantity", test_parse_quantity);
    t_run(t, "facts_corpus_pr", test_corpus_pr);
    t_run(t, "facts_heldout_pr", test_heldout_pr);
    t_run(t, "facts_blind_dev", test_blind_dev);
    t_run(t, "facts_blind_test", test_blind_test);
    t_run(t, "facts_blind2_test", test_blind2);
    t_run(t, "facts_blind3_dev", test_blind3_dev);
    t_run(t, "facts_blind3_test", test_blind3_test);
    t_run(t, "facts_blind4_test", test_blind4);
    t_run(t, "facts_blind5_dev", test_blind5_dev);
    t_run(t, "facts_blind5_test", test_blind5_test);
    t_run(t, "facts_blind6_dev", test_blind6_dev);
    t_run(t, "facts_blind6_test", test_blind6_test);
    t_run(t, "facts_blind7_dev", test_blind7_dev);
    t_run(t, "facts_blind7_test", test_blind7_test);
    t_run(t, "facts_blind8_dev", test_blind8_dev);
    t_run(t, "facts_blind8_test", test_blind8_test);
    t_run(t, "facts_blind9_18", test_later_halves);
    t_run(t, "facts_round9_forms", test_round9_forms);
    t_run(t, "facts_cut_past_denominator", test_cut_past_denominator);
    t_run(t, "facts_boundary_model", test_boundary_model);
    t_run(t, "facts_direction_model", test_direction_model);
    t_run(t, "facts_issue10_forms", test_issue10_forms);
    t_run(t, "facts_round3_forms", test_round3_forms);
    t_run(t, "facts_round10_forms", test_round10_forms);
    t_run(t, "facts_round12_forms", test_round12_forms);
    t_run(t, "facts_round14_forms", test_round14_forms);
    t_run(t, "facts_round4_forms", test_round4_forms);
    t_run(t, "facts_model_helpers", test_model_helpers);
    test_gaz = NULL;
    gaz_free(g);
}

/*
 * fct.c - numeric fact extraction (see fct.h; rules in docs/FACTS.md).
 *
 * One pass over the passage's folded code points finds quantities
 * (qty.h).  Each quantity that can be a fact gets a field from one of
 * two directions:
 *   forward   NUMBER UNIT [以上|的] FIELD: the noun run after the unit, cut at
 *             the first verb or particle of `fwd_stops`;
 *   backward  FIELD [VERB] NUMBER: the clause before the number, with a copula
 *             (达到, 控制在, ...) or none, stripped of leading scope, time,
 *             place and action words (全省, 2024年, 郑州市, 开设, ...).
 * A copula before the number chooses backward; otherwise a count unit
 * followed by a noun chooses forward.  Special shapes are handled before:
 * 分别 lists, 由…提高到… pairs, ranges (2个～8个), changes (较上年提升).
 *
 * Everything is scanned by hand over code points, no allocation beyond the
 * two arrays per passage, no state outside the call.
 */
#include "fct.h"

#include "fct_lex.h"
#include "fct_model.h"
#include "qty.h"
#include "uchar.h"
#include "utf8.h"
#include "wset.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest field kept, in code points: Chinese noun phrases are head-final,
 * so a longer run keeps its tail. */
#define FIELD_MAX 24
/* A quote or bracket this short (code points inside) is a name: numbers in
 * it are not facts and a field may contain it; longer ones are speech. */
#define NAME_QUOTE_MAX 12
/* Longest bracketed part kept inside a field: 县（市、区）级, 执业（助理）;
 * longer ones are asides (县级医院（含中医院、妇幼保健院）). */
#define INNER_MAX 6
/* Longest place name recognised without the gazetteer (郑州航空港区). */
#define PLACE_MAX 6
/* Code points a gazetteer scan for a field's leading place looks at. */
#define GAZ_SCAN_CPS 12
/* Code points a field keeps after the last verb inside it (a head noun). */
#define FIELD_HEAD_MIN 2
/* Longest qualifier before a quantity that makes a "field" a quantity
 * (约3%, 超过5万人: no field). */
#define FIELD_QUAL_MAX 3
/* A count of days, months or years in a limit stays under this (十五日内);
 * 2024年 is a date. */
#define LIMIT_TIME_MAX 1000

/* Slots of the table of indexed lists (struct fct_words): a power of two,
 * at least twice the number of lists indexed (fct_words_new). */
#define WORDS_SLOTS 128

/* The word lists of this file indexed (wset.h), found by the list's
 * address: word_at and word_before look a list up here and scan only a
 * list the table does not hold (a list local to one function).  Built by
 * fct_words_new at the first extraction into a fct_list, read-only after. */
struct fct_words {
    const void *key[WORDS_SLOTS]; /* a list's first word's address, NULL: empty */
    wset *set[WORDS_SLOTS];
    qty_ix *qx; /* the unit tables */
    /* a passage's code points, offsets and name marks (ctx), kept for the
     * next passage (three allocations a passage were 1 % of a build) */
    uint32_t *cp, *off;
    uint8_t *name;
    size_t cap; /* code points they hold, off one more */
};

/* Room in w for a passage of len bytes (at most len code points). */
static int words_room(struct fct_words *w, size_t len)
{
    if (len <= w->cap) return ZS_OK;
    size_t cap = w->cap ? w->cap : 256;
    while (cap < len) cap *= 2;
    uint32_t *cp = realloc(w->cp, cap * sizeof *cp);
    if (cp) w->cp = cp;
    uint32_t *off = realloc(w->off, (cap + 1) * sizeof *off);
    if (off) w->off = off;
    uint8_t *name = realloc(w->name, cap);
    if (name) w->name = name;
    if (!cp || !off || !name) return ZS_ENOMEM;
    w->cap = cap;
    return ZS_OK;
}

typedef struct ctx {
    const struct fct_words *w; /* the indexed lists (never NULL) */
    const char *text;
    uint32_t *cp;  /* folded code points */
    uint32_t *off; /* byte offset of each code point, n + 1 entries */
    uint8_t *name; /* 1 inside a short quote or a book title */
    size_t n;
    fct_list *out;
    size_t first;       /* first fact of this passage in out */
    const gaz *g;       /* place names, or NULL: the suffix rule */
    fct_trace_fn trace; /* tools/fct_cuts: sees every field the model cuts */
    void *trace_arg;
    const float *weights; /* the boundary model's, NULL for the compiled ones */
} ctx;

typedef struct span {
    size_t s, e;
} span;

/* Does stripping `len` code points from the start of f leave a head of
 * FIELD_HEAD_MIN or more?  (A strip word may run past f's end: the model
 * can cut 截至目前 to 截至; size_t arithmetic must not wrap then.) */
static int keeps_head(span f, size_t len)
{
    return f.s + len + FIELD_HEAD_MIN <= f.e;
}

/* The longest measure word of a per-item amount (每平方米). */
#define PER_ITEM_MAX 3
/* Bytes of a per-item measure word written out (a round number and a
 * classifier: 百户), with its terminator. */
#define PER_ITEM_BUF (4 * PER_ITEM_MAX + 1)

/* ---- word lists ------------------------------------------------------------ */

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* Copulas between a field and its value: FIELD 达到 98%. */
static const char *const copulas[] = {
    "设定在", "设定为", "调整为", "调整到", "调整至", "上调至", "上调到", "下调至",
    "下调到", "调降至", "调升至", "回升至", "回落至", "放缓至", "扩大至", "确定为",
    "提高到", "提高至", "提升到", "提升至", "增长到", "增长至", "增加到", "增加至",
    "上升到", "上升至", "下降到", "下降至", "降低到", "降低至", "减少到", "减少至",
    "扩大到", "控制在", "保持在", "稳定在", "维持在", "延长至", "延长到", "缩短至",
    "缩短到", "达到",   "降至",   "降到",   "增至",   "升至",   "突破",   "超过",
    "约为",   "长达",   "高达",   "多达",   "达",     "为",     "是",     "占",
};
/* Verbs whose number is a change: 较上年提升1.27个百分点. */
static const char *const deltas[] = {"提升", "提高", "增长", "增加", "缩短", "减少", "下降",
                                     "降低", "上升", "延长", "缩减", "净增", "净减", "扩大",
                                     "回落", "降价", "涨价", "上涨", "下跌", "上调", "下调",
                                     "加快", "放缓", "翻",   "升值", "贬值", "增收", "减收"};
/* Those of `deltas` that state a decrease; the others state an increase. */
static const char *const deltas_down[] = {"贬值", "减收", "缩短", "减少", "下降", "降低", "缩减",
                                          "净减", "回落", "降价", "下跌", "下调", "放缓"};
/* Words of a normative sentence: a one-sided or ranged number in it is a
 * legal or administrative limit (应当有7名以上委员出席, 处三年以下有期徒刑). */
static const char *const norm_words[] = {"应当", "不得", "必须",     "可以", "并处",  "处以",
                                         "责令", "罚款", "有期徒刑", "拘役", "拘留",  "期限",
                                         "应在", "须在", "应于",     "须于", "之日起"};
/* Is w one of the copulas? */
static int is_copula_word(const char *w)
{
    for (size_t i = 0; i < N(copulas); i++)
        if (!strcmp(copulas[i], w)) return 1;
    return 0;
}

/* Qualifiers written before the number (突破: the spent labels read all
 * eleven 突破 N as at least N, none as exactly N). */
static const struct {
    const char *w;
    uint32_t q;
} pre_quals[] = {
    {"不得少于", FCT_Q_ABOVE}, {"不得低于", FCT_Q_ABOVE}, {"不得超过", FCT_Q_BELOW},
    {"不得高于", FCT_Q_BELOW}, {"不小于", FCT_Q_ABOVE},   {"不大于", FCT_Q_BELOW},
    {"不满", FCT_Q_BELOW},     {"满", FCT_Q_ABOVE},       {"不少于", FCT_Q_ABOVE},
    {"不低于", FCT_Q_ABOVE},   {"不超过", FCT_Q_BELOW},   {"不高于", FCT_Q_BELOW},
    {"不足", FCT_Q_BELOW},     {"不到", FCT_Q_BELOW},     {"低于", FCT_Q_BELOW},
    {"至少", FCT_Q_ABOVE},     {"超过", FCT_Q_ABOVE},     {"逾", FCT_Q_ABOVE},
    {"超", FCT_Q_ABOVE},       {"突破", FCT_Q_ABOVE},     {"大约", FCT_Q_ABOUT},
    {"约", FCT_Q_ABOUT},       {"接近", FCT_Q_ABOUT},     {"近", FCT_Q_ABOUT},
};
/* Qualifiers written after the number and unit. */
static const struct {
    const char *w;
    uint32_t q;
} post_quals[] = {
    {"以上", FCT_Q_ABOVE}, {"以下", FCT_Q_BELOW}, {"以内", FCT_Q_BELOW},
    {"左右", FCT_Q_ABOUT}, {"之内", FCT_Q_BELOW}, {"内", FCT_Q_BELOW},
};
/* An area around a place given by its radius or extent: 三百米半径内,
 * 一百米范围内.  The word is the field, the number its upper bound. */
static const char *const area_words[] = {"半径范围", "半径", "范围"};
/* Words that open the high end of a range after 以上: 一万元以上不满五万元. */
static const char *const range_links[] = {"不满", "不足", "不超过", "、", "，"};
/* Units of time a law counts in (十五日内, 三年以下有期徒刑): dates elsewhere. */
static const char *const limit_time_units[] = {"日", "年", "月"};
/* The length of a clause-final act a limit's prepositional phrase ends
 * with when the verb lexicon knows none of its words (备案): the verbs of
 * laws are two-character words. */
#define ACT_TAIL 2
/* Prepositions that open a phrase before the limited act: 向人民法院提起诉讼. */
static const char *const limit_preps[] = {"向",   "对", "为", "给", "在", "按照",
                                          "依照", "按", "将", "把", "由"};
/* Light verbs before the act a time limit sets (进行研究, 予以答复): the act
 * is the word after them. */
static const char *const light_verbs[] = {"进行", "予以", "加以"};
/* Prepositions that, after the act's verb, open the next act's adverbial
 * (另行指定检验机构|对原样品进行检验), and how long the act must be by then. */
static const char *const act_end_preps[] = {"对", "向", "将", "把", "按照", "依照"};
#define ACT_MIN_BEFORE_PREP 4
/* Most leading prepositional phrases stripped from a time limit's act
 * (按规定程序向村民发布公告: two). */
#define LIMIT_PREP_MAX 4
/* Words that end a forward field (the noun after the unit). */
static const char *const fwd_stops[] = {
    "或者",
    "达到",
    "达",
    "为",
    "被",
    "在",
    "通过",
    "完成",
    "建成",
    "成立",
    "开展",
    "实现",
    "提供",
    "进行",
    "纳入",
    "参加",
    "参与",
    "入选",
    "牵头",
    "挂牌",
    "受表彰",
    "受益",
    "上台",
    "代表",
    "等",
    "之一",
    "以及",
    "创成",
    "评审",
    "获得",
    "获评",
    "均",
    "全部",
    "全面",
    "已",
    "将",
    "得到",
    "建设",
    "的",
    "落实",
    "升为",
    "晋升",
    "成功",
    "申报",
    "并",
    "定期",
    "能够",
    "治愈",
    "援助",
    "设置",
    "用于",
    "覆盖",
    "分别",
    "共享",
    "省域",
    "直达",
    "发挥",
    "服务能力",
    /* time words (10万名公务员当地时间1日举行罢工) */
    "当地时间",
    "今天",
    "昨天",
    "明天",
    "近日",
    "日前",
    "目前",
    "今年",
    "去年",
    "此前",
};
/* Verbs, adverbs and prepositions that never belong to a noun phrase: they
 * end a forward field wherever they stand (a run that starts with one has no
 * field: 155人受伤), and a backward field may not end with one (苏丹武装冲突
 * 已经导致, 美国已有).  Checked after `verb_nouns`, so 确诊病例 and 工作人员
 * stay nouns. */
static const char *const verbs[] = {
    "正在", "正",   "给",   "对",   "向",   "了",   "相继", "陆续", "先后", "推进", "工作",
    "试图", "享受", "死亡", "受伤", "丧生", "遇难", "感染", "确诊", "发放", "进入", "派遣",
    "表示", "联合", "签署", "发布", "启动", "开始", "接受", "加入", "前往", "抵达", "来到",
    "投入", "接种", "帮助", "负责", "承担", "坚守", "出现", "发生", "发现", "导致", "造成",
    "带动", "拉动", "净增", "已有", "调整", "也",   "仍",   "获",   "从",   "于",   "把",
    "由",   "是",   "有",   "宣布", "参加", "参与", "中",   "工作", "还",
};
/* Casualty verbs: after a count of people they name what is counted
 * (造成5人死亡, 10人受伤), the way news reports and the labels read them. */
static const char *const casualties[] = {"死亡", "受伤", "遇难", "丧生", "失踪", "获救", "被困"};
/* Nouns that begin with a word of `verbs`: 确诊病例, 工作人员, 中心, 对口. */
static const char *const verb_nouns[] = {
    "确诊病例", "死亡病例", "感染者", "感染病例", "工作人员", "工作组", "工作者",
    "工作队",   "工作站",   "工作室", "中心",     "中医",     "中药",   "中国",
    "中央",     "中学",     "中小",   "中型",     "中层",     "中华",   "正高",
    "正式",     "对口",     "有限",   "有关",     "有机",     "由来",   "于是",
    "从业",     "获得者",   "获奖",   "出现率",   "西学中",   "增加值",
};
/* Verbs of `verbs` that name an amount when a noun stands before them: a
 * field may end with one (研发投入达到1.03万亿元, 疫苗接种超过34亿剂次),
 * though a field of the verb alone may not. */
static const char *const nominal_verbs[] = {"投入", "接种"};
/* Forward stops that leave no field when the run starts with them. */
static const char *const fwd_lead_stops[] = {"或者", "在", "通过", "评审",
                                             "达到", "达", "为",   "被"};
/* Scope and filler words stripped from the start of a backward field. */
static const char *const lead_strips[] = {
    "各省份", "各省", "各地", "各市", "或者", "截至目前", "截至", "截止",     "目前",     "全省",
    "全市",   "全县", "全区", "全国", "我省", "我市",     "我县", "我区",     "本市",     "本省",
    "今年",   "去年", "明年", "当年", "年内", "年底",     "年末", "其中",     "同时",     "此外",
    "另外",   "已经", "已",   "共",   "累计", "新增",     "到",   "至",       "并",       "确保",
    "实现",   "力争", "争取", "推动", "推进", "全力",     "持续", "原则上",   "选择",     "开展",
    "实施",   "完成", "建成", "在建", "筑建", "筹建",     "获批", "整合新建", "新建",     "入驻",
    "整合",   "拥有", "派出", "招录", "救治", "培训",     "排除", "办理",     "组建",     "打造",
    "支持",   "培养", "表彰", "命名", "邀请", "举办",     "谋划", "有效",     "制作生成", "有",
    "省本级", "再",   "代表", "全",   "使",   "共有",     "将",   "把",       "各地",     "报告",
    "我国",   "中国", "以及", "约占", "占",
};
/* Nouns that begin with the scope word 全 (全社会用电量): not stripped. */
static const char *const quan_nouns[] = {"全社会", "全球", "全科", "全口径", "全员", "全要素"};
/* Nouns naming people that end a minimum count's field in a law. */
static const char *const person_words[] = {"代表", "业主", "证人"};
/* Modal predicates: a field starts after one (世行预计今年全球经济增速). */
static const char *const modal_words[] = {"预计", "有望", "或将"};
/* Verbs inside a FIELD NUMBER run: the field is what follows the last one. */
static const char *const inner_verbs[] = {
    "开设", "获批", "筹建", "入驻", "新建", "在建", "排除", "办理", "培训", "招录",
    "邀请", "派出", "救治", "组建", "打造", "拥有", "生成", "建成", "举办", "命名",
    "得到", "节约", "开展", "报告", "派遣", "导致", "造成", "带动",
};
/* Words stripped from the end of a backward field. */
static const char *const tail_strips[] = {
    "应当", "必须",   "不得", "平均",   "年均", "可能", "或将", "有望",   "预计", "力争", "均",
    "已经", "已",     "将",   "要",     "再",   "全部", "基本", "进一步", "持续", "等",   "的",
    "分别", "和",     "及",   "共",     "累计", "也",   "还",   "都",     "仍",   "正式", "整体",
    "就",   "实现了", "实现", "保持了", "保持", "合计", "共计", "总计",   "总共", "一共"};
/* Named counts: a small Chinese numeral before these names a programme
 * (“便民就医优流程”七项举措, 中央八项规定), not an amount. */
static const char *const named_counts[] = {"举措", "规定", "准则", "倡议", "原则", "要求", "措施"};
/* Two-character words ending in a place suffix that are not places. */
static const char *const not_places[] = {
    "跨省",   "跨市",   "跨区", "外省",   "外市", "分省", "社区", "园区",   "片区",
    "小区",   "辖区",   "城区", "山区",   "地区", "景区", "省市", "市县",   "县区",
    "县市",   "区县",   "城市", "都市",   "全省", "全市", "全县", "全区",   "我省",
    "我市",   "我县",   "本市", "本省",   "各省", "各市", "各县", "省辖市", "县级市",
    "示范区", "试验区", "大区", "省区市", "省区",
};
/* Words beginning with 国: 美国务院 is 美 + 国务院, not 美国 + 务院. */
static const char *const guo_words[] = {"国务", "国家", "国际", "国内", "国产", "国有", "国资",
                                        "国企", "国民", "国籍", "国债", "国防", "国土", "国库",
                                        "国旗", "国歌", "国情", "国道", "国标", "国医", "国药"};
/* Two-character words ending in 国 that are not countries. */
static const char *const not_countries[] = {
    "全国", "各国", "我国", "本国", "外国", "该国", "大国", "强国", "王国", "祖国", "邻国", "他国",
    "出国", "回国", "入国", "报国", "建国", "治国", "爱国", "护国", "中国", "列国", "诸国"};

/* The slot of list `key` in w's table (Fibonacci hashing of the address,
 * linear probing): the slot holding it or the empty one where it goes. */
static size_t words_slot(const struct fct_words *w, const void *key)
{
    uint32_t h = (uint32_t)((uintptr_t)key >> 3) * 2654435761u >> 25;
    while (w->key[h] && w->key[h] != key) h = (h + 1) & (WORDS_SLOTS - 1);
    return h;
}

/* The index of the list whose first word is at `list`, or NULL when the
 * table holds none. */
static const wset *words_of(const ctx *c, const char *const *list)
{
    return c->w->set[words_slot(c->w, list)];
}

/* Length of the first word of `list` at cp[i] (0 when none). */
static size_t word_at(const ctx *c, size_t i, const char *const *list, size_t nlist)
{
    const wset *s = words_of(c, list);
    if (s) return wset_at(s, c->cp, c->n, i, NULL);
    for (size_t k = 0; k < nlist; k++) {
        size_t len = qty_word_at(c->cp, c->n, i, list[k]);
        if (len) return len;
    }
    return 0;
}

/* Length of the first word of `list` ending at cp[i] (0 when none). */
static size_t word_before(const ctx *c, size_t i, const char *const *list, size_t nlist)
{
    const wset *s = words_of(c, list);
    if (s) return wset_before(s, c->cp, i, NULL);
    for (size_t k = 0; k < nlist; k++) {
        size_t len = qty_word_before(c->cp, i, list[k]);
        if (len) return len;
    }
    return 0;
}

/* A change verb ending at cp[i]: the typed-in `deltas` first, then the
 * mined ones (fct_lex.h).  Returns its length (0: none) and its direction
 * in *dir. */
static size_t delta_before(const ctx *c, size_t i, unsigned *dir)
{
    size_t len = word_before(c, i, deltas, N(deltas));
    if (len) {
        *dir = word_before(c, i, deltas_down, N(deltas_down)) == len ? FCT_D_DOWN : FCT_D_UP;
        return len;
    }
    if ((len = word_before(c, i, lex_deltas_up, lex_deltas_up_n))) {
        *dir = FCT_D_UP;
        return len;
    }
    if ((len = word_before(c, i, lex_deltas_down, lex_deltas_down_n))) *dir = FCT_D_DOWN;
    return len;
}

static int is_han(uint32_t cp)
{
    return uc_class_of(cp) == UC_CJK;
}

/* Is a word of `verbs` at cp[i] (and not the start of a `verb_nouns`)?
 * Returns its length or 0.  中 and 工作 count only at the end of a run
 * (大类中，医疗点工作，) since they begin many nouns (中心, 工作机制). */
/* The one-character prepositions of `verbs`. */
static int is_preposition(uint32_t x)
{
    return x == 0x5411 /* 向 */ || x == 0x5BF9 /* 对 */ || x == 0x7ED9 /* 给 */ ||
           x == 0x4ECE /* 从 */ || x == 0x7531 /* 由 */ || x == 0x4E8E /* 于 */ ||
           x == 0x628A /* 把 */;
}

static size_t verb_at(const ctx *c, size_t i)
{
    if (word_at(c, i, verb_nouns, N(verb_nouns))) return 0;
    size_t len = word_at(c, i, verbs, N(verbs));
    if (len && (c->cp[i] == 0x4E2D /* 中 */ || c->cp[i] == 0x5DE5 /* 工 */) && i + len < c->n &&
        is_han(c->cp[i + len]) && c->cp[i + len] != 0x7684 /* 的 */)
        return 0;
    /* a preposition takes an object: 向 ending a clause ends a word (方向) */
    if (len == 1 && is_preposition(c->cp[i]) && (i + 1 >= c->n || !is_han(c->cp[i + 1]))) return 0;
    return len;
}
/* Does [s, e) end with a word of `verbs`? */
static int ends_with_verb(const ctx *c, size_t s, size_t e)
{
    if (word_before(c, e, verb_nouns, N(verb_nouns))) return 0; /* 医师西学中 */
    size_t nv = word_before(c, e, nominal_verbs, N(nominal_verbs));
    if (nv && e - nv >= s + FIELD_HEAD_MIN && is_han(c->cp[e - nv - 1]) &&
        !word_before(c, e - nv, verbs, N(verbs)))
        return 0; /* 研发投入 */
    const wset *vs = words_of(c, verbs);
    assert(vs);
    size_t k = 0;
    for (size_t len; (len = wset_before_from(vs, c->cp, e, k, &k)); k++) {
        if (e - len >= s && !word_at(c, e - len, verb_nouns, N(verb_nouns))) {
            if (c->cp[e - len] == 0x4E2D /* 中 */ && len == 1 && e - len == s) continue;
            if (len == 1 && is_preposition(c->cp[e - 1])) continue; /* 方向: no object */
            return 1;
        }
    }
    return 0;
}
/* Clause delimiters: a field never crosses them. */
static int is_delim(uint32_t cp)
{
    switch (cp) {
    case ',':
    case '.':
    case ';':
    case ':':
    case '!':
    case '?':
    case 0x3001: /* 、 */
    case 0x3002: /* 。 */
    case 0x2026: /* … */
    case '\n':
        return 1;
    }
    return uc_is_sentence_end(cp) || uc_is_continuing(cp);
}

static int is_open(uint32_t cp)
{
    return cp == 0x201C || cp == 0x2018 || cp == 0x300A || cp == 0x300C || cp == 0x300E ||
           cp == '(' || cp == 0x3010;
}

static int is_close(uint32_t cp)
{
    return cp == 0x201D || cp == 0x2019 || cp == 0x300B || cp == 0x300D || cp == 0x300F ||
           cp == ')' || cp == 0x3011;
}

/* Mark code points inside short quotes and inside book titles 《…》 of any
 * length, where numbers belong to names. */
static void mark_names(ctx *c)
{
    memset(c->name, 0, c->n);
    for (size_t i = 0; i < c->n; i++) {
        uint32_t o = c->cp[i];
        uint32_t want = o == 0x201C   ? 0x201D
                        : o == 0x2018 ? 0x2019
                        : o == 0x300A ? 0x300B
                        : o == 0x300C ? 0x300D
                        : o == '"'    ? '"'
                                      : 0;
        if (!want) continue;
        size_t j = i + 1;
        while (j < c->n && c->cp[j] != want && c->cp[j] != 0x3002) j++;
        if (j >= c->n || c->cp[j] != want) continue;
        if (o == 0x300A || j - i - 1 <= NAME_QUOTE_MAX) {
            memset(c->name + i + 1, 1, j - i - 1);
            i = j;
        }
    }
}

/* ---- output --------------------------------------------------------------- */

static int pool_put(fct_list *l, const char *s, size_t len, uint32_t *off)
{
    *off = (uint32_t)l->pool.len;
    int rc = buf_add(&l->pool, s, len);
    if (!rc) rc = buf_putc(&l->pool, '\0');
    return rc;
}

/* Does the sentence around cp[i] hold a word of `norm_words`? */
static int normative(const ctx *c, size_t i)
{
    size_t s = i, e = i;
    while (s > 0 && !uc_is_sentence_end(c->cp[s - 1]) && c->cp[s - 1] != ';') s--;
    while (e < c->n && !uc_is_sentence_end(c->cp[e]) && c->cp[e] != ';') e++;
    for (size_t k = s; k < e; k++)
        if (word_at(c, k, norm_words, N(norm_words))) return 1;
    return 0;
}

/* Bounds, type and direction of a fact from its qualifiers: lo = hi = the
 * value on entry (or a range's two ends with FCT_T_RANGE already set). */
static void settle(const ctx *c, fct_fact *g)
{
    if (g->qual & FCT_Q_DELTA) {
        g->type = FCT_T_CHANGE;
        if (!g->dir) g->dir = FCT_D_UP;
    } else {
        g->dir = FCT_D_NONE;
    }
    if (g->type != FCT_T_RANGE) {
        if ((g->qual & FCT_Q_ABOVE) && !(g->qual & FCT_Q_BELOW)) g->hi = INFINITY;
        if ((g->qual & FCT_Q_BELOW) && !(g->qual & FCT_Q_ABOVE)) g->lo = -INFINITY;
    }
    int bounded = g->type == FCT_T_RANGE || (g->qual & (FCT_Q_ABOVE | FCT_Q_BELOW));
    if (g->type != FCT_T_CHANGE && bounded && normative(c, g->num_start)) g->type = FCT_T_LIMIT;
}

/* Is an equal fact (field, unit, bounds, type, direction, year, and a
 * place name of the same length) already in this passage's list?  The same
 * statement read twice is one fact; 2个国家级中医药项目、2个河南省中医药项目
 * stay two (their places differ). */
static int duplicate(const ctx *c, const fct_fact *g)
{
    const fct_list *l = c->out;
    const char *f = l->pool.data + g->field_off, *u = l->pool.data + g->unit_off;
    for (size_t i = c->first; i < l->n; i++) {
        const fct_fact *h = &l->v[i];
        if (h->lo == g->lo && h->hi == g->hi && h->type == g->type && h->dir == g->dir &&
            h->year == g->year && h->place_end - h->place_start == g->place_end - g->place_start &&
            h->field_len == g->field_len && h->unit_len == g->unit_len &&
            !memcmp(fct_field(l, h), f, g->field_len) && !memcmp(fct_unit(l, h), u, g->unit_len))
            return 1;
    }
    return 0;
}

/* Denominators of per-population rates, as written at the start of a field
 * and as the unit carries them (每千人口托位数 3.4个 -> 托位数, 个/千人口), so
 * a rate and a total never share a unit. */
static const struct {
    const char *w, *den;
} denominators[] = {
    {"每千常住人口", "/千人口"}, {"每千人口", "/千人口"}, {"每千人", "/千人"},
    {"每万常住人口", "/万人口"}, {"每万人口", "/万人口"}, {"每万人", "/万人"},
    {"每十万人口", "/10万"},     {"每10万人口", "/10万"}, {"每十万人", "/10万"},
    {"每10万人", "/10万"},       {"每百人", "/百人"},     {"千人口", "/千人口"},
    {"千人", "/千人"},
};

/* The denominator at the start of field [s, e) (NULL if none); moves
 * field->s past it when a field of at least two code points stays. */
static const char *denominator(const ctx *c, span *field)
{
    const wset *ds = words_of(c, &denominators[0].w);
    assert(ds);
    size_t i = 0;
    for (size_t len; (len = wset_at_from(ds, c->cp, c->n, field->s, i, &i)); i++) {
        if (field->e >= field->s + len + 2) {
            field->s += len;
            return denominators[i].den;
        }
    }
    return NULL;
}

/* Code points that, after 每, count time, not things (每年, 每日 ...): a
 * per-day amount keeps its plain unit. */
static const uint32_t per_time[] = {0x5E74 /* 年 */, 0x6708 /* 月 */, 0x65E5 /* 日 */,
                                    0x5929 /* 天 */, 0x5468 /* 周 */, 0x5B63 /* 季 */,
                                    0x65F6 /* 时 */, 0x6B21 /* 次 */};
/* Round numbers a per-item measure may carry (每百户, 每千株). */
static const uint32_t per_round[] = {0x5341 /* 十 */, 0x767E /* 百 */, 0x5343 /* 千 */,
                                     0x4E07 /* 万 */};

static int cp_in(uint32_t x, const uint32_t *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == x) return 1;
    return 0;
}

/* The measure word of 每 at cp[s], ending at e, as a classifier the
 * grammar puts there though no unit table holds it (每株, 每具, 每百户):
 * an optional round number and one Han code point that counts no time.
 * Writes it as UTF-8 into out (PER_ITEM_BUF bytes) and returns 1, or 0. */
static int per_classifier(const ctx *c, size_t s, size_t e, char *out)
{
    size_t k = s + 1;
    if (k + 1 < e && cp_in(c->cp[k], per_round, N(per_round))) k++;
    if (k + 1 != e || !is_han(c->cp[k]) || cp_in(c->cp[k], per_time, N(per_time)) ||
        qty_is_cjk_numeral(c->cp[k]))
        return 0;
    size_t n = 0;
    for (size_t j = s + 1; j < e; j++) n += (size_t)u8_encode(c->cp[j], (uint8_t *)out + n);
    out[n] = 0;
    return 1;
}

/* A per-item amount (按每处处五十元以上二百元以下罚款, 并处每株二千元以上
 * 二万元以下罚款, 每平方米一百元, 每百户不低于30平方米): 每 and a measure
 * word that counts things right before the number, or before the legal verb
 * 处 that stands before it.  Returns the measure word's canonical spelling
 * (the unit's denominator: 元/处, 元/株), written into out (PER_ITEM_BUF
 * bytes) when no unit table holds it, or NULL.  Time units (每年, 每日) are
 * no denominator. */
static const char *per_item(const ctx *c, size_t at, char *out)
{
    for (int verb = 0; verb < 2; verb++) {
        size_t e = at;
        if (verb) {
            if (e == 0 || c->cp[e - 1] != 0x5904 /* 处 */) break;
            e--;
        }
        for (size_t s = e >= PER_ITEM_MAX + 1 ? e - PER_ITEM_MAX - 1 : 0; s + 1 < e; s++) {
            if (c->cp[s] != 0x6BCF /* 每 */) continue;
            const char *canon;
            qty_kind kind;
            if (qty_unit_at(c->cp, c->n, s + 1, &canon, &kind) == e - s - 1 && kind == QTY_COUNT)
                return canon;
            if (per_classifier(c, s, e, out)) return out;
        }
    }
    return NULL;
}

/* The features of the confidence model (fct_lex.h), computed on the fact's
 * field text as stored: the order and definitions mirror FEATURES and
 * features() in tools/train_facts.py. */
static void fct_features(const char *field, size_t len, const char *unit, unsigned type,
                         float x[LEX_CONF_NFEATURES])
{
    uint32_t cp[FIELD_MAX * 2];
    size_t n = 0;
    const uint8_t *p = (const uint8_t *)field, *end = p + len;
    while (p < end && n < sizeof cp / sizeof *cp) {
        int k = u8_decode(p, end, &cp[n]);
        if (k == 0) k = 1;
        p += k;
        n++;
    }
    int inside = 0, de_and = 0;
    for (size_t k = 1; k + 1 < n && !inside; k++)
        inside = lex_is_verb(cp[k], cp[k + 1]) && !lex_is_word(cp[k - 1], cp[k]);
    for (size_t k = 0; k < n; k++) de_and |= cp[k] == 0x7684 /* 的 */ || cp[k] == 0x548C /* 和 */;
    x[0] = 1;
    x[1] = n < 2;
    x[2] = n >= 8;
    x[3] = !*unit;
    x[4] = n >= 2 && lex_is_verb(cp[0], cp[1]);
    x[5] = (float)inside;
    x[6] = type == FCT_T_CHANGE;
    x[7] = type == FCT_T_RANGE || type == FCT_T_LIMIT;
    x[8] = !strcmp(unit, "%");
    x[9] = (float)de_and;
}

/* How sure the extractor is of a fact, 0..1: the logistic model of
 * fct_lex.h over fct_features (docs/FACTS.md "Confidence"). */
static float confidence(const fct_list *l, const fct_fact *g)
{
    float x[LEX_CONF_NFEATURES];
    fct_features(fct_field(l, g), g->field_len, fct_unit(l, g), g->type, x);
    float z = 0;
    for (size_t k = 0; k < LEX_CONF_NFEATURES; k++) z += lex_conf_weights[k] * x[k];
    return 1.0f / (1.0f + expf(-z));
}

/* Append fact f with its field (the text of `field`, or field_copy when
 * not NULL) and unit.  A rate's denominator at the field's start (每千人口)
 * moves into the unit; `den` is one the caller read before the model cut
 * the field past it (NULL: none), which goes there too. */
/* 由无症状感染者转为确诊病例: what is counted is what the cases became, the
 * field after 转为 (at least FIELD_HEAD_MIN code points of it). */
static span after_conversion(const ctx *c, span f)
{
    if (f.e <= f.s || c->cp[f.s] != 0x7531 /* 由 */) return f;
    for (size_t k = f.s + 1; k + 2 + FIELD_HEAD_MIN <= f.e; k++)
        if (qty_word_at(c->cp, c->n, k, "转为")) {
            f.s = k + 2;
            break;
        }
    return f;
}

static int push(ctx *c, const fct_fact *f, span field, const char *field_copy, const char *unit,
                const char *den)
{
    fct_list *l = c->out;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        fct_fact *v = realloc(l->v, cap * sizeof *v);
        if (!v) return ZS_ENOMEM;
        l->v = v;
        l->cap = cap;
    }
    fct_fact g = *f;
    int rc;
    char unit_den[FCT_UNIT_MAX];
    if (!field_copy) field = after_conversion(c, field);
    const char *at_start = field_copy ? NULL : denominator(c, &field);
    if (at_start) den = at_start;
    if (den && *unit && strlen(unit) + strlen(den) < sizeof unit_den) {
        snprintf(unit_den, sizeof unit_den, "%s%s", unit, den);
        unit = unit_den;
    }
    char item_buf[PER_ITEM_BUF];
    /* (a field that is the per-item phrase itself, 每组3至5名, keeps its unit) */
    int own_item = !field_copy && field.e > field.s && c->cp[field.s] == 0x6BCF /* 每 */;
    const char *item =
        den || own_item || !*unit || strchr(unit, '/') ? NULL : per_item(c, f->num_start, item_buf);
    if (item && strcmp(item, unit) && strlen(unit) + strlen(item) + 1 < sizeof unit_den) {
        snprintf(unit_den, sizeof unit_den, "%s/%s", unit, item);
        unit = unit_den;
    }
    if (field_copy)
        rc = pool_put(l, field_copy, strlen(field_copy), &g.field_off);
    else
        rc =
            pool_put(l, c->text + c->off[field.s], c->off[field.e] - c->off[field.s], &g.field_off);
    if (rc) return rc;
    g.field_len = (uint32_t)(l->pool.len - 1 - g.field_off);
    if ((rc = pool_put(l, unit, strlen(unit), &g.unit_off))) return rc;
    g.unit_len = (uint32_t)strlen(unit);
    settle(c, &g);
    g.confidence = confidence(l, &g);
    if (duplicate(c, &g)) {
        buf_truncate(&l->pool, g.field_off); /* the strings just added */
        return ZS_OK;
    }
    l->v[l->n++] = g;
    return ZS_OK;
}

/* ---- fields ---------------------------------------------------------------- */

/* A year expression at cp[i]: 4 digits 19xx/20xx then 年; returns its length
 * with a following 年底/年末/底/末/度/的, and the year in *year. */
static size_t year_at(const ctx *c, size_t i, int *year)
{
    if (i + 5 > c->n) return 0;
    for (size_t k = 0; k < 4; k++)
        if (!qty_is_digit(c->cp[i + k])) return 0;
    if (c->cp[i + 4] != 0x5E74 /* 年 */) return 0;
    if (i > 0 && qty_is_digit(c->cp[i - 1])) return 0;
    int y = (int)((c->cp[i] - '0') * 1000 + (c->cp[i + 1] - '0') * 100 + (c->cp[i + 2] - '0') * 10 +
                  (c->cp[i + 3] - '0'));
    if (y < 1900 || y > 2099) return 0;
    size_t k = i + 5;
    static const char *const after[] = {"年底", "年末", "底", "末", "度", "以来", "的"};
    size_t len = word_at(c, k, after, N(after));
    *year = y;
    return k + len - i;
}

/* A date at cp[i]: a year (see year_at) or digits then 月/日/号 with
 * 底/末/初/前/起/份/中旬...; sets *year for a year.  Returns its length. */
static size_t date_at(const ctx *c, size_t i, int *year)
{
    size_t len = year_at(c, i, year);
    if (len) return len;
    size_t k = i;
    while (k < c->n && qty_is_digit(c->cp[k])) k++;
    if (k == i || k - i > 2 || k >= c->n) return 0;
    if (i > 0 && qty_is_digit(c->cp[i - 1])) return 0;
    uint32_t u = c->cp[k];
    if (u != 0x6708 && u != 0x65E5 && u != 0x53F7) return 0; /* 月 日 号 */
    k++;
    static const char *const after[] = {"底前", "底",   "末",   "初",   "前",   "起",
                                        "份",   "中旬", "上旬", "下旬", "以来", "的"};
    return k + word_at(c, k, after, N(after)) - i;
}

/* A numeral at cp[i] of at most 3 code points (10, 三, 十二): its length. */
static size_t numeral_at(const ctx *c, size_t i)
{
    static const uint32_t han[] = {U'一', U'二', U'三', U'四', U'五', U'六',
                                   U'七', U'八', U'九', U'十', U'两'};
    size_t k = i;
    while (k < c->n && k - i < 3) {
        uint32_t u = c->cp[k];
        int ok = qty_is_digit(u);
        for (size_t h = 0; !ok && h < N(han); h++) ok = u == han[h];
        if (!ok) break;
        k++;
    }
    return k - i;
}

/* A reporting period at cp[i] (上半年, 全年, 前三季度, 一季度, 前10个月,
 * 1至10月, 1-10月份): the time scope of an economic figure, never part of
 * its field (上半年新增人民币贷款 -> 新增人民币贷款).  A small grammar, not a
 * list of phrases: [前|第] NUMERAL [个] (季度|月) or NUMERAL (至|到|-|—)
 * NUMERAL 月, then [份] [以来]; or one of the half-year words.  Returns its
 * length or 0. */
static size_t period_at(const ctx *c, size_t i)
{
    static const char *const halves[] = {"上半年", "下半年", "全年", "年初以来", "今年以来"};
    size_t len = word_at(c, i, halves, N(halves));
    if (len) return len;
    size_t k = i;
    int lead = k < c->n && (c->cp[k] == 0x524D /* 前 */ || c->cp[k] == 0x7B2C /* 第 */);
    k += lead;
    size_t nl = numeral_at(c, k);
    if (!nl) return 0;
    k += nl;
    int range = 0;
    if (k < c->n && (c->cp[k] == 0x81F3 /* 至 */ || c->cp[k] == 0x5230 /* 到 */ ||
                     c->cp[k] == '-' || c->cp[k] == 0x2014 /* — */)) {
        size_t ml = numeral_at(c, k + 1);
        if (!ml) return 0;
        k += 1 + ml;
        range = 1;
    }
    if (!range && k < c->n && c->cp[k] == 0x4E2A /* 个 */ && lead) k++;
    if (k + 1 < c->n && c->cp[k] == 0x5B63 /* 季 */ && c->cp[k + 1] == 0x5EA6 /* 度 */ && !range)
        k += 2;
    else if (k < c->n && c->cp[k] == 0x6708 /* 月 */ && (lead || range))
        k++;
    else
        return 0;
    static const char *const after[] = {"份", "以来"};
    for (size_t a; (a = word_at(c, k, after, N(after)));) k += a;
    return k - i;
}

/* Place name at the start of [s, e) by the suffix rule (1-5 Han characters
 * then 省/市/县/区, not a listed non-place word, not followed by 级 etc.);
 * returns its length or 0. */
/* The first gazetteer mention of a scan, kept when it starts the text. */
static int first_mention(void *arg, const gaz_mention *m)
{
    *(size_t *)arg = m->start == 0 ? m->end : 0;
    return 1;
}

/* Length in code points of a gazetteer place name starting at cp[s]
 * (within [s, e)), or 0. */
static size_t gaz_place_at(const ctx *c, size_t s, size_t e)
{
    size_t stop = e < s + GAZ_SCAN_CPS ? e : s + GAZ_SCAN_CPS;
    size_t bytes = 0;
    if (gaz_scan(c->g, c->text + c->off[s], c->off[stop] - c->off[s], first_mention, &bytes) < 0)
        return 0;
    size_t k = 0;
    while (bytes && s + k < stop && c->off[s + k] - c->off[s] < bytes) k++;
    return bytes && c->off[s + k] - c->off[s] == bytes ? k : 0;
}

static size_t place_at(const ctx *c, size_t s, size_t e)
{
    if (word_at(c, s, not_places, N(not_places))) return 0;
    /* a two-character country name (美国, 英国), not 全国 各国 外国 两国 … */
    if (s + 2 < e && c->cp[s + 1] == 0x56FD /* 国 */ && is_han(c->cp[s]) &&
        !qty_is_cjk_numeral(c->cp[s]) && !word_at(c, s, not_countries, N(not_countries)) &&
        !word_at(c, s + 1, guo_words, N(guo_words)))
        return 2;
    if (c->g) return gaz_place_at(c, s, e);
    for (size_t k = s + 1; k < e && k < s + PLACE_MAX; k++) {
        uint32_t x = c->cp[k];
        if (!is_han(x)) return 0;
        if (x == 0x548C || x == 0x53CA || x == 0x4E0E || x == 0x7684) return 0; /* 国家和地区 */
        if (x == 0x7701 || x == 0x5E02 || x == 0x53BF || x == 0x533A) {         /* 省市县区 */
            if (k + 1 < e) {
                uint32_t y = c->cp[k + 1];
                /* 市级 县域 区属 省辖 市直 县(市) */
                if (y == 0x7EA7 || y == 0x57DF || y == 0x5C5E || y == 0x8F96 || y == 0x76F4 ||
                    !is_han(y))
                    return 0;
            }
            return k + 1 - s;
        }
    }
    return 0;
}

/* Is a mined verb at cp[k] (and not the tail of a word: 平均 is not 均)? */
static int mined_verb_at(const ctx *c, size_t k)
{
    if (k + 1 >= c->n || !lex_is_verb(c->cp[k], c->cp[k + 1])) return 0;
    return !(k > 0 && lex_is_word(c->cp[k - 1], c->cp[k]));
}

static int filler_only(const ctx *c, span f);

/* A field is a noun phrase: it starts after the last mined verb inside it
 * that leaves at least FIELD_HEAD_MIN code points (督促相关企业累计退费 ->
 * 退费; 世行预计今年全球经济增速 -> 今年全球经济增速, whose 今年 the
 * caller strips). */
static span after_last_verb(const ctx *c, span f)
{
    if (f.e < f.s + FIELD_HEAD_MIN + 2) return f;
    for (size_t j = f.e - FIELD_HEAD_MIN - 2 + 1; j-- > f.s;)
        if ((mined_verb_at(c, j) && !word_at(c, j, verb_nouns, N(verb_nouns))) ||
            word_at(c, j, modal_words, N(modal_words))) {
            /* 增速预计: what follows 增速 is a modal alone, no noun */
            if (filler_only(c, (span){j + 2, f.e})) continue;
            f.s = j + 2;
            break;
        }
    return f;
}

/* A noun phrase follows the last 的 (modifier), 将 or 把 (object marker)
 * inside the run when at least FIELD_HEAD_MIN code points stay: 美国今年的
 * 通胀率 -> 通胀率, 央行将利率 -> 利率.  Markers inside a quote or bracket
 * are its own (the search passes over a closed one and stops at an open
 * one). */
static span after_last_marker(const ctx *c, span f)
{
    for (size_t j = f.e; j > f.s; j--) {
        uint32_t x = c->cp[j - 1];
        if (is_close(x)) { /* a quote is passed whole: 这样的“灯塔工厂”数量 */
            size_t o = j - 1;
            while (o > f.s && !is_open(c->cp[o - 1])) o--;
            if (o == f.s) break;
            j = o; /* the loop's j-- steps over the opening mark */
            continue;
        }
        if (is_open(x)) break;
        if ((x == 0x7684 /* 的 */ || x == 0x5C06 /* 将 */ || x == 0x628A /* 把 */) &&
            f.e - j >= FIELD_HEAD_MIN) {
            f.s = j;
            break;
        }
    }
    return f;
}

/* A share frame: SUBJECT 占 WHOLE (的) (比重) VALUE states the subject's
 * share of the whole (农业用水占国民经济用水总量约60%, 实物商品网络零售额占
 * 社会消费品零售总额比重增至27.6%): the field is the subject.  占 inside
 * a word (占比, 占地, 侵占) is no frame. */
static const char *const share_not_after[] = {"占比", "占地", "占用", "占有", "占据",
                                              "占领", "占优", "占线", "占位"};
static const char *const share_not_before[] = {"侵占", "抢占", "霸占", "挤占",
                                               "攻占", "独占", "强占", "所占"};

static span share_subject(const ctx *c, span f)
{
    /* 青衣方舱医院占地约6万平方米: the area it takes is the field */
    if (f.e >= f.s + FIELD_HEAD_MIN + 2 && qty_word_before(c->cp, f.e, "占地")) {
        f.s = f.e - 2;
        return f;
    }
    for (size_t k = f.s + FIELD_HEAD_MIN; k + FIELD_HEAD_MIN <= f.e; k++) {
        if (c->cp[k] != 0x5360 /* 占 */) continue;
        if (word_at(c, k, share_not_after, N(share_not_after)) ||
            word_at(c, k - 1, share_not_before, N(share_not_before)))
            continue;
        f.e = k;
        return f;
    }
    return f;
}

/* Is cp[k] a suffix that makes the word before it part of a noun
 * (代表性产业项目, 建设型)?  A stop word before it is no stop. */
static int noun_suffix_at(const ctx *c, size_t k)
{
    return k < c->n && (c->cp[k] == 0x6027 /* 性 */ || c->cp[k] == 0x578B /* 型 */);
}

/* Does a quantity start at cp[k]: a digit, or a pre-qualifier (近, 约,
 * 超过 ...) right before one?  A forward field never runs into the next
 * quantity: 约90个国家和地区近3000名运动员 -> 国家和地区. */
static int quantity_at(const ctx *c, size_t k)
{
    if (k >= c->n) return 0;
    if (qty_is_digit(c->cp[k])) return 1;
    const wset *ps = words_of(c, &pre_quals[0].w);
    assert(ps);
    size_t q = 0;
    for (size_t len; (len = wset_at_from(ps, c->cp, c->n, k, q, &q)); q++)
        if (k + len < c->n && qty_is_digit(c->cp[k + len])) return 1;
    return 0;
}

/* Drop trailing adverbs and particles (tail_strips) from a field while at
 * least two code points stay: 十家企业正式启动 -> 企业. */
static span strip_tail(const ctx *c, span f)
{
    for (int changed = 1; changed && f.s < f.e;) {
        changed = 0;
        /* a trailing aside qualifies the noun, it is no part of its name:
         * 投资（不含房地产） -> 投资 */
        if (f.e - f.s >= 4 && (c->cp[f.e - 1] == ')' || c->cp[f.e - 1] == 0xFF09)) {
            size_t o = f.e - 1;
            while (o > f.s && c->cp[o - 1] != '(' && c->cp[o - 1] != 0xFF08) o--;
            if (o > f.s && o - 1 >= f.s + 2) {
                f.e = o - 1;
                changed = 1;
                continue;
            }
        }
        size_t len = word_before(c, f.e, tail_strips, N(tail_strips));
        /* 平均: 均 ends a word here, it is no adverb */
        if (len && f.e - len > f.s && lex_is_word(c->cp[f.e - len - 1], c->cp[f.e - len])) len = 0;
        if (len && f.e - len > f.s + 1) {
            f.e -= len;
            changed = 1;
        }
        while (f.e > f.s && c->cp[f.e - 1] == ' ') f.e--;
    }
    return f;
}

/* A number binds the last of a disjunction: 没有违法所得或者违法所得不足
 * 十万元 -> 违法所得.  Starts the field after the last 或者 when at least
 * FIELD_HEAD_MIN code points follow. */
static span after_last_or(const ctx *c, span f)
{
    for (size_t j = f.e; j >= f.s + 2; j--)
        if (qty_word_before(c->cp, j, "或者") && f.e - j >= FIELD_HEAD_MIN) {
            f.s = j;
            break;
        }
    return f;
}

/* Trim a backward field [s, e): leading scope/time/place/action words,
 * trailing adverbs and particles.  Sets *place and *year when it strips
 * them. */
static span trim_back(const ctx *c, span f, span *place, int *year)
{
    f = after_last_verb(c, f); /* 世行预计今年全球经济增速: then 今年 goes too */
    for (int changed = 1; changed && f.s < f.e;) {
        changed = 0;
        while (f.s < f.e && (c->cp[f.s] == ' ' || !is_han(c->cp[f.s])) &&
               !qty_is_digit(c->cp[f.s]) && !is_open(c->cp[f.s]))
            f.s++, changed = 1;
        int y = 0;
        size_t len = date_at(c, f.s, &y);
        if (len && f.s + len <= f.e) {
            if (y) *year = y;
            f.s += len;
            changed = 1;
            continue;
        }
        len = period_at(c, f.s);
        if (len && keeps_head(f, len)) {
            f.s += len;
            changed = 1;
            continue;
        }
        len = word_at(c, f.s, lead_strips, N(lead_strips));
        if (len && word_at(c, f.s, quan_nouns, N(quan_nouns))) len = 0;
        /* 完成了核心区: the aspect particle of the verb cut before (not 了解) */
        if (!len && c->cp[f.s] == 0x4E86 /* 了 */ &&
            !(f.s + 1 < f.e && lex_is_word(c->cp[f.s], c->cp[f.s + 1])))
            len = 1;
        if (len && keeps_head(f, len)) {
            f.s += len;
            changed = 1;
            continue;
        }
        len = place_at(c, f.s, f.e);
        if (len && keeps_head(f, len)) {
            place->s = f.s;
            place->e = f.s + len;
            f.s += len;
            changed = 1;
        }
    }
    f = strip_tail(c, f);
    f = share_subject(c, f);
    f = after_last_or(c, f);
    f = after_last_verb(c, f);
    f = after_last_marker(c, f);
    if (f.e - f.s > FIELD_MAX) f.s = f.e - FIELD_MAX;
    return f;
}

/* A usable field has a Han character and is not a lone particle. */
static size_t place_at(const ctx *c, size_t s, size_t e);

static int field_ok(const ctx *c, span f)
{
    if (f.e <= f.s) return 0;
    if (place_at(c, f.s, f.e) == f.e - f.s) return 0; /* a place is not a field */
    /* 最高不得超过五千元: a bound word alone names nothing counted */
    static const char *const fillers[] = {"其中", "同时", "此外", "另外", "目前", "共", "累计",
                                          "分别", "的",   "了",   "和",   "及",   "与", "等",
                                          "在",   "最高", "最低", "最多", "最少"};
    if (word_at(c, f.s, fillers, N(fillers)) == f.e - f.s) return 0; /* 其中70所, 的40个 */
    if (word_at(c, f.s, casualties, N(casualties)) == f.e - f.s) return 1; /* 5人死亡 */
    if (ends_with_verb(c, f.s, f.e)) return 0; /* 美国已有, 苏丹武装冲突已经导致 */
    qty q;
    if (qty_scan_ix(c->w->qx, c->cp, c->n, f.s, &q) && q.end >= f.e)
        return 0; /* 连续16年: a quantity */
    /* 约3%: a qualified quantity (a digit within FIELD_QUAL_MAX of the start) */
    for (size_t k = f.s + 1; k < f.e && k <= f.s + FIELD_QUAL_MAX; k++)
        if (qty_is_digit(c->cp[k]) && !qty_is_digit(c->cp[k - 1]))
            if (qty_scan_ix(c->w->qx, c->cp, c->n, k, &q) && q.end >= f.e && *q.unit) return 0;
    for (size_t k = f.s; k < f.e; k++)
        if (is_han(c->cp[k])) return 1;
    return 0;
}

/* Start of the clause holding cp[i], not before `floor`. */
static size_t clause_start(const ctx *c, size_t i, size_t floor)
{
    while (i > floor && !is_delim(c->cp[i - 1])) i--;
    return i;
}

/* Skip a short bracketed or quoted part at cp[k] inside a field: returns the
 * index after it, or k when there is none. */
static size_t skip_inner(const ctx *c, size_t k)
{
    if (!is_open(c->cp[k])) return k;
    size_t j = k + 1;
    while (j < c->n && j - k <= INNER_MAX && !is_close(c->cp[j]) && c->cp[j] != 0x3002 &&
           c->cp[j] != 0xFF0C)
        j++;
    if (j < c->n && is_close(c->cp[j]) && j + 1 < c->n && is_han(c->cp[j + 1])) return j + 1;
    return k;
}

/* Does the Han run end at cp[k] (a delimiter, a non-Han code point or the
 * end)?  A mined verb there closes a clause: 670家国际知名企业和机构线上线下
 * 联动, where 联动 is the predicate, not part of the noun. */
static int run_ends_after(const ctx *c, size_t k)
{
    return k >= c->n || is_delim(c->cp[k]) || !is_han(c->cp[k]);
}

/* Does a mined word end right before cp[k] (葡萄 in 葡萄迎来丰收)?  Then a
 * verb at k starts the predicate; after a non-word (医养结合项目) it is part
 * of a compound noun. */
static int word_ends_at(const ctx *c, size_t k)
{
    return k >= 2 && lex_is_word(c->cp[k - 2], c->cp[k - 1]);
}

/* Does the mined verb at cp[k] end the forward noun run before it
 * (8万多种展品参展, 2000余名采购商到会洽谈, 30万个进口商支付关税)?  Not when
 * a cohesive word spans its edges (the verb is part of a longer word), nor
 * when it is adverb-like (49项京津冀互认继续医学教育项目: 继续 begins a
 * compound noun as it begins verb phrases). */
static int verb_ends_noun(const ctx *c, size_t k)
{
    if (lex_is_word(c->cp[k - 1], c->cp[k]) || lex_is_adverb(c->cp[k], c->cp[k + 1])) return 0;
    return !(k + 2 < c->n && lex_is_word(c->cp[k + 1], c->cp[k + 2]));
}

/* The forward field after cp[i]: a noun run cut at a stop word. */
static span forward_field(const ctx *c, size_t i)
{
    span f = {i, i};
    size_t k = i;
    /* a leading ordinal (第三批) or place (河南省) belongs to the scope */
    if (k < c->n && c->cp[k] == 0x7B2C /* 第 */) {
        size_t j = k + 1;
        while (j < c->n && (qty_is_cjk_numeral(c->cp[j]) || qty_is_digit(c->cp[j]))) j++;
        if (j > k + 1 && j < c->n && is_han(c->cp[j])) k = j + 1;
    }
    f.s = k;
    if (word_at(c, k, fwd_lead_stops, N(fwd_lead_stops))) return (span){k, k};
    size_t cas = word_at(c, k, casualties, N(casualties));
    if (cas) return (span){k, k + cas};           /* 5人死亡: the count of deaths */
    if (mined_verb_at(c, k)) return (span){k, k}; /* 2100余人出席: a predicate, no noun */
    if (word_at(c, k, copulas, N(copulas)))
        return (span){k, k}; /* 26408元增长到…: the verb of the next value */
    while (k < c->n && k - f.s < FIELD_MAX) {
        size_t j = skip_inner(c, k);
        if (j != k) {
            k = j;
            continue;
        }
        if (!is_han(c->cp[k])) break;
        size_t stop = k > f.s ? word_at(c, k, fwd_stops, N(fwd_stops)) : 0;
        if (stop && !noun_suffix_at(c, k + stop)) break;
        if (k > f.s && quantity_at(c, k)) break;
        size_t vn = word_at(c, k, verb_nouns, N(verb_nouns));
        if (vn) { /* 医师西学中, 确诊病例: nouns, skipped whole */
            k += vn;
            continue;
        }
        if (verb_at(c, k) ||
            (mined_verb_at(c, k) && ((k >= f.s + FIELD_HEAD_MIN + 1 && run_ends_after(c, k + 2)) ||
                                     (k >= f.s + FIELD_HEAD_MIN && normative(c, k)) ||
                                     (k >= f.s + FIELD_HEAD_MIN && word_ends_at(c, k)) ||
                                     (k >= f.s + FIELD_HEAD_MIN && verb_ends_noun(c, k)))))
            break;
        k++;
    }
    f.e = k;
    while (f.e > f.s && (word_before(c, f.e, (const char *const[]){"和", "及", "与"}, 3))) f.e--;
    f = strip_tail(c, f);
    size_t len = place_at(c, f.s, f.e);
    if (len && f.e - f.s - len >= 2) f.s += len;
    return f;
}

/* ---- the scan -------------------------------------------------------------- */

/* Post-qualifiers at cp[k]; returns the index after them. */
static size_t post_qual(const ctx *c, size_t k, uint32_t *qual)
{
    if (k < c->n && c->cp[k] == ' ') k++;
    const wset *ps = words_of(c, &post_quals[0].w);
    assert(ps);
    size_t q = 0, len = wset_at(ps, c->cp, c->n, k, &q);
    if (len) *qual |= post_quals[q].q;
    return k + len;
}

static int cjk_leading_mult(uint32_t x)
{
    return x == 0x767E || x == 0x5343 || x == 0x4E07 || x == 0x4EBF; /* 百千万亿 */
}

/* The flags of the first qualifier of `pre_quals` (超, 突破, 近 ...) written
 * right before cp[s], or 0 when there is none. */
static uint32_t qual_before(const ctx *c, size_t s)
{
    const wset *ps = words_of(c, &pre_quals[0].w);
    assert(ps);
    size_t i = 0;
    return wset_before(ps, c->cp, s, &i) ? pre_quals[i].q : 0;
}

/* 十五日内, 三年以下, 三个月以上, 不少于二十日: a count of days, years or
 * months with a bound is a duration (a limit), not a date.  Years of the
 * calendar (2024年以上 would be odd) are kept out by their size. */
static void time_limit_unit(const ctx *c, qty *q)
{
    if (q->kind != QTY_DATE || q->value >= LIMIT_TIME_MAX) return;
    if (!word_at(c, q->end - 1, limit_time_units, N(limit_time_units))) return;
    uint32_t qual = 0;
    post_qual(c, q->end, &qual);
    if (!qual) qual = qual_before(c, q->start);
    if (qual & (FCT_Q_ABOVE | FCT_Q_BELOW)) q->kind = QTY_SPAN;
}

/* Is a bound or range word right after the quantity (一倍以上, 一至二倍,
 * 一个工作日内)?  Then 一 is a number, not the article. */
static int bound_follows(const ctx *c, const qty *q)
{
    static const char *const words[] = {"以上", "以下", "以内", "内", "至", "到"};
    return q->end > q->num_end && word_at(c, q->end, words, N(words));
}

/* Does a range's high end with a unit follow a bare number (一至二倍,
 * 3至5名)?  Then the bare number is the low end, not a lone numeral. */
static int range_ahead(const ctx *c, const qty *q)
{
    if (q->end != q->num_end || q->end + 1 >= c->n) return 0;
    uint32_t x = c->cp[q->end];
    if (x != 0x81F3 /* 至 */ && x != '~' && x != 0x301C && x != '-') return 0;
    qty hi;
    return qty_scan_ix(c->w->qx, c->cp, c->n, q->end + 1, &hi) && *hi.unit && hi.kind != QTY_DATE &&
           hi.value > q->value;
}

/* Is 数 or 几 before the numeral a vague amount (数十名, 几百人) rather than
 * the end of a word (株数一倍)?  Only before 十 百 千 万. */
static int vague_before(const ctx *c, size_t s)
{
    if (s == 0 || (c->cp[s - 1] != 0x6570 /* 数 */ && c->cp[s - 1] != 0x51E0 /* 几 */)) return 0;
    return c->cp[s] == 0x5341 /* 十 */ || cjk_leading_mult(c->cp[s]);
}

/* Is the unitless number the value of an index (中国快递发展指数为407,
 * 中小企业发展指数（SMEDI）为89.3, 价格指数102.1)?  An index has no unit,
 * so its number is a fact where other bare numbers are not. */
static int index_value(const ctx *c, const qty *q)
{
    size_t k = q->start;
    k -= word_before(c, k, copulas, N(copulas));
    if (k > 0 && (c->cp[k - 1] == ')' || c->cp[k - 1] == 0xFF09)) { /* 指数（PMI） */
        size_t o = k - 1;
        while (o > 0 && k - o <= NAME_QUOTE_MAX && c->cp[o - 1] != '(' && c->cp[o - 1] != 0xFF08)
            o--;
        if (o == 0 || k - o > NAME_QUOTE_MAX) return 0;
        k = o - 1;
    }
    return k >= 2 && c->cp[k - 2] == 0x6307 /* 指 */ && c->cp[k - 1] == 0x6570 /* 数 */;
}

/* Can the quantity be a fact at all (before looking for a field)? */
static int candidate(const ctx *c, const qty *q)
{
    size_t s = q->start;
    if (c->name[s]) return 0;
    if (q->kind == QTY_DATE || q->kind == QTY_NAME) return 0;
    if (q->cjk && q->value == 0 && q->num_end == s + 1) return 0; /* 零部件, 零售: no zero */
    if (q->kind == QTY_NONE && !q->mult && !range_ahead(c, q) && !index_value(c, q)) return 0;
    if (s > 0) {
        uint32_t b = c->cp[s - 1];
        if (b == 0x7B2C /* 第 */ || b == 0x6BCF /* 每 */) return 0;
        if (q->cjk && (b == 0x5C4A /* 届 */ || b == 0x7EA7 /* 级 */)) return 0;
        if (is_close(b) && b != ')' && b != 0xFF09) return 0; /* “五个100”: a name's count */
        if ((b >= 'a' && b <= 'z') || b == '.' || b == '-' || b == '/') return 0;
    }
    if (q->end < c->n) {
        uint32_t a = c->cp[q->num_end];
        if (a >= 'a' && a <= 'z') return 0; /* 5G */
    }
    if (q->cjk) {
        if (q->value == 1 && !q->mult && !bound_follows(c, q) && !range_ahead(c, q) &&
            strcmp(q->unit, "倍") && strcmp(q->unit, "番"))
            return 0; /* the article 一; 增长一倍 and 翻一番 are numbers */
        if (cjk_leading_mult(c->cp[s]) && q->kind != QTY_RATIO && !qual_before(c, s) && !q->plus)
            return 0; /* 千人, 百县; 超百家, 突破千亿 and 百余名 are amounts */
        if (!strcmp(q->unit, "期")) return 0; /* 二期: a phase */
        if (!strcmp(q->unit, "级")) return 0; /* 三级医院, 二级响应: a rank */
        if (q->value <= 20 && word_at(c, q->end, named_counts, N(named_counts))) return 0;
        if (vague_before(c, s)) return 0; /* 数十名: not an amount */
        if (q->kind != QTY_COUNT && q->kind != QTY_MONEY && q->kind != QTY_SPAN &&
            strcmp(q->unit, "%") && !range_ahead(c, q) &&
            !(q->kind == QTY_NONE && q->mult && qual_before(c, s))) /* 三成; not 突破千亿 */
            return 0;
    }
    return 1;
}

/* Before the number: [VERB] [QUAL] [YEAR年的] NUMBER.  Fills what it finds and
 * returns where the field run ends. */
typedef struct pre {
    size_t end;       /* field run ends here */
    int copula;       /* a copula or change verb was found */
    int delta;        /* the verb states a change */
    int dir;          /* its direction, FCT_D_* */
    int respectively; /* 分别 before the verb */
    int from;         /* 由/从 before the number */
    int below_zero;   /* 零下 before the number: 零下18摄氏度 is -18 */
    int wei;          /* the copula is 为 alone (为5个省份的考生: also "for") */
    int list_total;   /* 等 right before the number: 心血管等6个联合门诊 */
    int year;
    uint32_t qual;
} pre;

/* The first qualifier of `pre_quals` from index `from` on that ends at
 * cp[k] or, when asp is 1 and it is no FCT_Q_ABOUT, that ends before the
 * aspect particle at cp[k - 1] (超过了): the length up to k (0: none) and
 * its index in *which.  In list order, as a scan of pre_quals trying both
 * ends of each entry in turn. */
static size_t pre_qual_before(const ctx *c, size_t k, size_t asp, size_t from, size_t *which)
{
    const wset *ps = words_of(c, &pre_quals[0].w);
    assert(ps);
    size_t q = 0, len = wset_before_from(ps, c->cp, k, from, &q);
    if (asp) {
        size_t qa = from, la;
        while ((la = wset_before_from(ps, c->cp, k - asp, qa, &qa)) &&
               pre_quals[qa].q == FCT_Q_ABOUT)
            qa++;
        if (la && (!len || qa < q)) {
            *which = qa;
            return la + asp;
        }
    }
    if (len) *which = q;
    return len;
}

static pre read_pre(const ctx *c, size_t s, size_t floor)
{
    pre p;
    memset(&p, 0, sizeof p);
    size_t k = s;
    if (k > floor && c->cp[k - 1] == ' ') k--;
    /* YEAR年的 */
    if (k >= floor + 6 && c->cp[k - 1] == 0x7684 /* 的 */) {
        int y;
        if (year_at(c, k - 6, &y) == 6) {
            p.year = y;
            k -= 6;
        }
    }
    size_t z = qty_word_before(c->cp, k, "零下");
    if (z && k - z >= floor) {
        p.below_zero = 1;
        k -= z;
    }
    /* 超过了17%: the aspect particle after a qualifier verb */
    size_t asp = k > floor + 2 && c->cp[k - 1] == 0x4E86 /* 了 */ ? 1 : 0;
    for (size_t q = 0, len; (len = pre_qual_before(c, k, asp, q, &q)); q++) {
        if (k - len >= floor) {
            p.qual |= pre_quals[q].q;
            /* 超过, 突破: a qualifier that is a copula too (贸易额突破8万亿元) */
            if (is_copula_word(pre_quals[q].w)) p.copula = 1;
            k -= len;
            break;
        }
    }
    /* 从2022年的约3%: the year before the qualifier */
    if (!p.year && k >= floor + 6 && c->cp[k - 1] == 0x7684 /* 的 */) {
        int y;
        if (year_at(c, k - 6, &y) == 6) {
            p.year = y;
            k -= 6;
        }
    }
    p.list_total = k > floor && c->cp[k - 1] == 0x7B49 /* 等 */;
    size_t le = k; /* 增加了46%: the aspect particle after the verb */
    if (k > floor + 1 && c->cp[k - 1] == 0x4E86 /* 了 */) k--;
    size_t len = word_before(c, k, copulas, N(copulas));
    unsigned dir = FCT_D_NONE;
    if (!len && !delta_before(c, k, &dir)) k = le;
    if (len && k - len >= floor) {
        p.copula = 1;
        p.wei = len == 1 && c->cp[k - 1] == 0x4E3A /* 为 */;
        k -= len;
    } else if ((len = delta_before(c, k, &dir)) && k - len >= floor) {
        p.copula = 1;
        p.delta = 1;
        p.dir = dir;
        k -= len;
        size_t r = qty_word_before(c->cp, k, "再");
        k -= r;
    }
    /* a change verb before the qualifier (同比增长超过了17%, 同比增长均超10%):
     * a change with a bound */
    if (p.copula && !p.delta) {
        size_t j = k;
        if (j > floor && (c->cp[j - 1] == 0x5747 /* 均 */ || c->cp[j - 1] == 0x90FD /* 都 */)) j--;
        size_t dl = delta_before(c, j, &dir);
        if (dl && j - dl >= floor) {
            p.delta = 1;
            p.dir = dir;
            k = j - dl;
        }
    }
    if (k > floor && (c->cp[k - 1] == 0x7531 /* 由 */ || c->cp[k - 1] == 0x4ECE /* 从 */)) {
        p.from = 1;
        k--;
    }
    /* 分别增长, and 分别同比增长 with the comparison between */
    size_t yoy = qty_word_before(c->cp, k, "同比");
    if (!yoy) yoy = qty_word_before(c->cp, k, "环比");
    len = qty_word_before(c->cp, k, "分别");
    if (!len && yoy && k - yoy > floor)
        len = qty_word_before(c->cp, k - yoy, "分别");
    else
        yoy = 0;
    if (len && p.copula && k - yoy - len >= floor) {
        p.respectively = 1;
        k -= len + yoy;
    }
    p.end = k;
    return p;
}

/* Index of the last fact of this passage, or -1. */
static long last_fact(const ctx *c)
{
    return c->out->n > c->first ? (long)c->out->n - 1 : -1;
}

static int is_and(uint32_t x)
{
    return x == 0x548C /* 和 */ || x == 0x53CA /* 及 */ || x == 0x4E0E /* 与 */;
}

/* Split the textually last subject at 和/及/与 while subjects are fewer
 * than values: 与欧盟、东盟和美国进出口 has three subjects.  subj[0] is the
 * last one (the list is collected backwards). */
static size_t split_last_subject(const ctx *c, span *subj, size_t ns, size_t want, size_t max)
{
    while (ns < want && ns < max) {
        span last = subj[0];
        size_t j = last.e;
        while (j > last.s + 1 && !is_and(c->cp[j - 1])) j--;
        if (j <= last.s + 1 || j >= last.e) break;
        memmove(subj + 1, subj, ns * sizeof *subj);
        subj[0] = (span){j, last.e};
        subj[1] = (span){last.s, j - 1};
        ns++;
    }
    return ns;
}

/* The 分别 form: F1、F2、F3 分别 VERB N1、N2、N3 [QUAL].  `subj_end` is where
 * the subjects end (before 分别).  A frame the subjects share is
 * distributed: in 与欧盟、东盟和美国进出口分别增长12.4%、10.5%、9.7% the last
 * subject 美国进出口 is longer than the others by 进出口, which every subject
 * gets (欧盟进出口, 东盟进出口, 美国进出口).  *out_after is the index after the
 * last value, or 0 when the shape does not hold (counts differ).  Errors:
 * ZS_ENOMEM. */
static int respectively(ctx *c, const qty *first, const pre *p, size_t floor, size_t *out_after)
{
    enum { MAXN = 8 };
    span subj[MAXN];
    qty vals[MAXN];
    size_t ns = 0, nv = 0;
    /* subjects: back from p->end over 、-separated items to a delimiter */
    size_t e = p->end;
    while (ns < MAXN) {
        size_t s = e;
        while (s > floor && !is_delim(c->cp[s - 1])) s--;
        subj[ns++] = (span){s, e};
        if (s > floor && c->cp[s - 1] == 0x3001 /* 、 */)
            e = s - 1;
        else
            break;
    }
    /* values: forward over quantities joined by 、 和 及 */
    vals[nv++] = *first;
    size_t k = first->end;
    while (nv < MAXN && k + 1 < c->n && (c->cp[k] == 0x3001 || is_and(c->cp[k])) &&
           qty_scan_ix(c->w->qx, c->cp, c->n, k + 1, &vals[nv]) && vals[nv].kind != QTY_NONE)
        k = vals[nv++].end;
    *out_after = 0;
    if (ns < nv) ns = split_last_subject(c, subj, ns, nv, MAXN);
    if (ns != nv || nv < 2) return ZS_OK;
    uint32_t qual = 0;
    size_t after = post_qual(c, k, &qual);
    /* 粮食运量同比分别增长: the comparison is no part of the last subject */
    size_t yoy = qty_word_before(c->cp, subj[0].e, "同比");
    if (!yoy) yoy = qty_word_before(c->cp, subj[0].e, "环比");
    if (yoy && subj[0].e - yoy >= subj[0].s + FIELD_HEAD_MIN) subj[0].e -= yoy;
    /* the shared frame: what the last subject has beyond the length of the
     * one before it */
    span frame = {0, 0};
    size_t l0 = subj[0].e - subj[0].s, l1 = subj[1].e - subj[1].s;
    if (l0 >= l1 + 2 && l1 >= 2) {
        frame = (span){subj[0].s + l1, subj[0].e};
        subj[0].e = frame.s;
    }
    for (size_t i = 0; i < nv; i++) {
        span f = subj[nv - 1 - i], place = {0, 0};
        int year = 0;
        if (f.e > f.s + 1 && is_and(c->cp[f.s])) f.s++; /* 与欧盟 */
        if (!frame.e) f = trim_back(c, f, &place, &year);
        if (!frame.e && !field_ok(c, f)) continue;
        char name[FIELD_MAX * 8];
        size_t nb = 0;
        if (frame.e) { /* item + frame, copied */
            size_t a = c->off[f.s], b = c->off[f.e], fa = c->off[frame.s], fb = c->off[frame.e];
            if (b - a + fb - fa + 1 > sizeof name || f.e <= f.s) continue;
            memcpy(name, c->text + a, b - a);
            memcpy(name + (b - a), c->text + fa, fb - fa);
            nb = b - a + fb - fa;
            name[nb] = '\0';
        }
        fct_fact x;
        memset(&x, 0, sizeof x);
        x.lo = x.hi = vals[i].value;
        x.dir = (uint8_t)p->dir;
        x.qual = qual | (vals[i].plus ? FCT_Q_PLUS : 0) | p->qual | (p->delta ? FCT_Q_DELTA : 0);
        x.num_start = (uint32_t)vals[i].start;
        x.num_end = (uint32_t)vals[i].end;
        x.start = (uint32_t)f.s;
        x.end = (uint32_t)(i + 1 == nv ? after : vals[i].end);
        x.place_start = (uint32_t)place.s;
        x.place_end = (uint32_t)place.e;
        x.year = year;
        int rc = push(c, &x, f, nb ? name : NULL, vals[i].unit, NULL);
        if (rc) return rc;
    }
    *out_after = after;
    return ZS_OK;
}

/* One candidate quantity on its way to a fact: filled by the steps below. */
typedef struct cand {
    const qty *q;
    long lf;          /* last fact of this passage, -1 if none */
    size_t bound;     /* a backward field starts at or after this */
    pre p;            /* what stands before the number */
    fct_fact x;       /* the fact being built */
    const char *unit; /* canonical unit (static) */
    size_t k;         /* after the number, or after a range's high end */
    int range;        /* 2个～8个: hi holds the high end */
    qty hi;
    size_t after; /* after the post-qualifier */
    span field, place;
    span area;         /* 半径 in 三百米半径内: the field of an area bound */
    const char *copy;  /* inherited field (borrowed from the pool), or NULL */
    span alt;          /* a forward field the rules did not take, or empty */
    fct_model_dir dir; /* the direction choice, when has_dir */
    int has_dir;
    int span_de;    /* 为期6天的展会: the event follows the duration */
    int limit;      /* a legal limit (a bound in normative text) */
    int late_delta; /* the change is named after the number (70.2%的增长) */
} cand;

/* Words between a rate and the change it measures (70.2%的超高速增长). */
static const char *const pace_words[] = {"超高速", "高速", "快速", "较快", "较高",
                                         "大幅",   "稳步", "稳定", "高",   "正"};

/* Nouns a change word heads (增长目标, 增长率): N%的增长目标 is the value of
 * the target, no change. */
static const char *const change_heads[] = {"目标", "率", "速度", "幅度", "预期", "空间", "潜力"};

/* A change named after its number: N%[以上][的][pace]增长 (进出口总额实现了
 * 70.2%的超高速增长, 均实现40%以上增长).  Returns 1 and the direction. */
static int delta_after(const ctx *c, const qty *q, unsigned *dir)
{
    if (q->kind != QTY_RATIO) return 0;
    size_t k = post_qual(c, q->end, &(uint32_t){0});
    if (k < c->n && c->cp[k] == 0x7684 /* 的 */) k++;
    k += word_at(c, k, pace_words, N(pace_words));
    size_t len = word_at(c, k, deltas, N(deltas));
    if (!len || word_at(c, k, copulas, N(copulas)) > len) return 0;   /* 从91%提高到95% */
    if (word_at(c, k + len, change_heads, N(change_heads))) return 0; /* 5%的增长目标 */
    *dir = word_at(c, k, deltas_down, N(deltas_down)) == len ? FCT_D_DOWN : FCT_D_UP;
    return 1;
}

/* Step 1: the clause, what stands before the number, the fact's defaults.
 * Sets *skip when the quantity cannot be a fact here (5岁以下 without a verb). */
static int cand_begin(const ctx *c, const qty *q, cand *d, int *skip)
{
    memset(d, 0, sizeof *d);
    d->q = q;
    d->lf = last_fact(c);
    d->bound = clause_start(c, q->start, 0);
    if (d->lf >= 0 && c->out->v[d->lf].end > d->bound && c->out->v[d->lf].end <= q->start)
        d->bound = c->out->v[d->lf].end;
    d->p = read_pre(c, q->start, d->bound);
    unsigned dir;
    if (!d->p.delta && !d->p.copula && delta_after(c, q, &dir)) {
        d->p.delta = d->p.copula = 1;
        d->p.dir = dir;
        d->late_delta = 1; /* the words after the number name the change, no field */
    }
    *skip = 0;
    d->x.lo = d->x.hi = d->p.below_zero ? -q->value : q->value;
    d->x.dir = (uint8_t)d->p.dir;
    d->x.qual = d->p.qual | (q->plus ? FCT_Q_PLUS : 0) | (d->p.delta ? FCT_Q_DELTA : 0);
    d->x.year = d->p.year;
    d->x.num_start = (uint32_t)q->start;
    d->x.num_end = (uint32_t)q->end;
    d->unit = q->unit;
    d->k = q->end;
    return ZS_OK;
}

/* Exact conversions between time units a legal range may mix (6个月以上1年
 * 以下 is 6 to 12 months): the larger unit, the smaller, how many of the
 * smaller one larger holds. */
static const struct {
    const char *big, *small;
    double times;
} unit_steps[] = {{"年", "月", 12}, {"小时", "分钟", 60}};

/* hi's value in `unit`: hi's own when the units agree, converted when hi
 * is in the larger unit of a unit_steps pair; 0 when they do not agree. */
static int value_in(const qty *hi, const char *unit, double *v)
{
    if (!*hi->unit) return 0;
    if (!strcmp(hi->unit, unit)) {
        *v = hi->value;
        return 1;
    }
    for (size_t i = 0; i < N(unit_steps); i++)
        if (!strcmp(hi->unit, unit_steps[i].big) && !strcmp(unit, unit_steps[i].small)) {
            *v = hi->value * unit_steps[i].times;
            return 1;
        }
    return 0;
}

/* 一万元以上五万元以下, 一万元以上不满五万元, 一倍以上三倍以下: a low end
 * with 以上 and a high end with 以下 (or after 不满) make one range; the high
 * end may be in a larger time unit (六个月以上一年以下, unit_steps). */
static void try_above_below(const ctx *c, cand *d)
{
    size_t k = d->after, link = word_at(c, k, range_links, N(range_links));
    qty hi;
    double v;
    if (!qty_scan_ix(c->w->qx, c->cp, c->n, k + link, &hi) || !value_in(&hi, d->q->unit, &v) ||
        v <= d->q->value)
        return;
    hi.value = v;
    uint32_t q2 = 0;
    size_t after = post_qual(c, hi.end, &q2);
    int below = (q2 & FCT_Q_BELOW) || (link && c->cp[k] == 0x4E0D /* 不 */);
    if (!below) return;
    d->range = 1;
    d->hi = hi;
    d->k = hi.end;
    d->after = after;
    d->x.qual &= ~(uint32_t)FCT_Q_ABOVE;
}

/* Where a money amount ends: after its currency word when one follows
 * the unit (715.1亿元人民币), which is no forward field. */
static size_t currency_after(const ctx *c, const cand *d)
{
    if (d->q->kind != QTY_MONEY) return d->k;
    static const char *const currencies[] = {"人民币", "美元", "欧元", "港币", "港元"};
    return d->k + word_at(c, d->k, currencies, N(currencies));
}

/* Step 2: a range's high end (2个～8个) and the post-qualifier (以上). */
static int cand_range(const ctx *c, cand *d)
{
    const qty *q = d->q;
    size_t k = q->end;
    if (k + 1 < c->n && (c->cp[k] == '~' || c->cp[k] == 0x301C || c->cp[k] == 0x2014 ||
                         c->cp[k] == '-' || c->cp[k] == 0x81F3 /* 至 */)) {
        if (qty_scan_ix(c->w->qx, c->cp, c->n, k + 1, &d->hi) &&
            (!*q->unit || !strcmp(d->hi.unit, q->unit)) && d->hi.kind != QTY_DATE && *d->hi.unit) {
            d->range = 1;
            d->unit = d->hi.unit;
            d->k = d->hi.end;
        }
    }
    size_t aw = word_at(c, d->k, area_words, N(area_words));
    if (aw && !strcmp(d->unit, "米")) {
        uint32_t q2 = 0;
        size_t after = post_qual(c, d->k + aw, &q2);
        if (q2 & FCT_Q_BELOW) {
            d->area = (span){d->k, d->k + aw};
            d->x.qual |= FCT_Q_BELOW;
            d->after = after;
            return ZS_OK;
        }
    }
    d->after = post_qual(c, currency_after(c, d), &d->x.qual);
    if (!d->range && (d->x.qual & FCT_Q_ABOVE)) try_above_below(c, d);
    return ZS_OK;
}

/* Step 3a: the forward field (NUMBER UNIT FIELD) when the shape calls for
 * it; sets *used. */
/* A count the sentence goes on about: 为 used as "for" (各地为1.4万余名残障考生
 * 参加高考提供便利: the noun after the unit is followed by more of the
 * clause, not by its end), or the total of a list (心血管等6个联合门诊). */
static int prepositional(const ctx *c, const cand *d, span fwd)
{
    if (d->p.list_total) return 1;
    return d->p.wei && d->q->kind == QTY_COUNT && fwd.e > fwd.s && fwd.e < c->n &&
           !is_delim(c->cp[fwd.e]);
}

/* The noun run after cp[i] the direction chooser may take when the rules'
 * forward field is empty (向所在地县级公安部门备案 after a time limit): Han
 * code points up to a delimiter, the next quantity, FIELD_MAX, or a mined
 * verb after a mined word (启动 after 地区); empty when it is no field or
 * starts with a mined verb (2100余人出席: a predicate, as forward_field). */
static span raw_forward(const ctx *c, size_t i)
{
    if (mined_verb_at(c, i)) return (span){i, i};
    size_t k = i;
    while (k < c->n && k - i < FIELD_MAX && is_han(c->cp[k]) && !(k > i && quantity_at(c, k)) &&
           !(k > i + 1 && mined_verb_at(c, k) && word_ends_at(c, k)))
        k++;
    span f = {i, k};
    return field_ok(c, f) ? f : (span){i, i};
}

static int cand_forward(const ctx *c, cand *d, int *used)
{
    const qty *q = d->q;
    size_t fs = d->after;
    if (fs < c->n && c->cp[fs] == 0x7684 /* 的 */) fs++;
    int pct_noun = q->kind == QTY_RATIO && fs > d->after;   /* 85%的乡镇卫生院 */
    int pct_qual = q->kind == QTY_RATIO && d->after > d->k; /* 35%以上社区卫生服务中心 */
    /* adjacent quantities (15批1281名医疗队员) share the next one's noun */
    qty nxt;
    size_t fwd_at = fs;
    if (fs < c->n && qty_is_digit(c->cp[fs]) && qty_scan_ix(c->w->qx, c->cp, c->n, fs, &nxt) &&
        *nxt.unit)
        fwd_at = post_qual(c, nxt.end, &(uint32_t){0});
    span fwd = forward_field(c, fwd_at);
    int fwd_kind = q->kind == QTY_COUNT || q->kind == QTY_NONE || pct_noun || pct_qual ||
                   d->span_de || (q->kind == QTY_MONEY && fs < c->n && is_han(c->cp[fs]));
    const pre *p = &d->p;
    int use = (!p->copula || (p->delta && q->kind == QTY_COUNT) || d->span_de ||
               prepositional(c, d, fwd)) &&
              field_ok(c, fwd) && fwd_kind;
    if (!use && p->copula && !p->delta && fwd_kind && field_ok(c, fwd)) {
        /* 美国已有超过490万儿童: no noun before the qualifier, one after */
        span pl = {0, 0};
        int yy = 0;
        if (!field_ok(c, trim_back(c, (span){d->bound, p->end}, &pl, &yy))) use = 1;
    }
    *used = use;
    if (!use) d->alt = field_ok(c, fwd) ? fwd : raw_forward(c, fs);
    if (!use) return ZS_OK;
    d->field = fwd;
    d->x.qual &= ~(uint32_t)FCT_Q_DELTA; /* 增加2家中心卫生院: a count, not a change */
    int y = 0;
    span b = trim_back(c, (span){d->bound, p->end}, &d->place, &y);
    size_t len = place_at(c, b.s, b.e);
    if (!d->place.e && len && len == b.e - b.s) d->place = b; /* 浚县12家 */
    if (y && !d->x.year) d->x.year = y;
    return ZS_OK;
}

/* Step 3 for a time limit: the act it limits, after the number
 * (十五日内作出决定, 五日内，向上一级公安机关提出申诉, 处三年以下有期徒刑):
 * the rest of the clause, past a comma right after 内, past a leading
 * prepositional phrase (向…), cut at 或者/并/的.  Sets *used. */
static int cand_limit_field(const ctx *c, cand *d, int *used)
{
    *used = 0;
    size_t k = d->after;
    if (k < c->n && c->cp[k] == 0x7684 /* 的 */) k++;
    if (k < c->n && (c->cp[k] == 0xFF0C || c->cp[k] == ',') &&
        c->cp[d->after - 1] == 0x5185 /* 内 */)
        k++;
    size_t e = k;
    int verb_seen = 0;
    while (e < c->n && e - k < FIELD_MAX) {
        size_t j = skip_inner(c, e); /* 向地方证管办(证监会)提出变更报告 */
        if (j != e) {
            e = j;
            continue;
        }
        /* an enumeration goes on the object of a verb: 提交重点整改部门、单位清单 */
        if (e + 1 < c->n && lex_is_verb(c->cp[e], c->cp[e + 1])) verb_seen = 1;
        int list = verb_seen && c->cp[e] == 0x3001 /* 、 */ && e + 1 < c->n && is_han(c->cp[e + 1]);
        if (!list && (is_delim(c->cp[e]) || !is_han(c->cp[e]))) break;
        if (e > k && (qty_word_at(c->cp, c->n, e, "或者") || qty_word_at(c->cp, c->n, e, "并") ||
                      c->cp[e] == 0x7684 /* 的 */))
            break;
        e++;
    }
    /* leading prepositional phrases: 向上一级公安机关提出申诉,
     * 按规定程序向村民发布公告 */
    for (int n = 0; n < LIMIT_PREP_MAX && word_at(c, k, limit_preps, N(limit_preps)); n++) {
        size_t j = k + word_at(c, k, limit_preps, N(limit_preps));
        /* a later preposition opens the last phrase before the act (按规定程序
         * |向村民|发布公告, 将代表议案交|由本市有关机关、组织|进行研究) */
        size_t last = 0;
        for (size_t p = j; p + 2 < e; p++)
            if (word_at(c, p, limit_preps, N(limit_preps))) last = p;
        if (last) {
            k = last;
            continue;
        }
        while (j + 1 < e && !lex_is_verb(c->cp[j], c->cp[j + 1])) j++;
        /* no mined verb (备案, 投诉 follow 的 too often in laws to be
         * mined): the act closes the clause, 向所在地县级公安部门备案 */
        if (j + 1 >= e && e >= k + 1 + ACT_TAIL + 2) j = e - ACT_TAIL;
        if (j + 1 >= e) return ZS_OK;
        k = j;
    }
    /* the act is done; a preposition opens the next one's adverbial:
     * 另行指定检验机构|对原样品进行检验 */
    int acted = 0;
    for (size_t p = k; p < e; p++) {
        if (acted && p >= k + ACT_MIN_BEFORE_PREP &&
            word_at(c, p, act_end_preps, N(act_end_preps))) {
            e = p;
            break;
        }
        acted |= p + 1 < e && lex_is_verb(c->cp[p], c->cp[p + 1]);
    }
    size_t lv = word_at(c, k, light_verbs, N(light_verbs));
    if (lv && e - (k + lv) >= 2) k += lv; /* 进行研究 -> 研究 */
    if (e - k < 2) return ZS_OK;
    d->field = (span){k, e};
    *used = 1;
    return ZS_OK;
}

/* Where a backward run really starts: after a comparison (较上年), a long
 * bracketed aside, the last inner verb, a date or a list's 等. */
static span backward_run(const ctx *c, const cand *d)
{
    span b = {d->bound, d->p.end};
    /* a change against a comparison (较上年, 比2015年, 同比): the field is
     * before the comparison word */
    if (d->p.delta) {
        for (size_t j = b.s; j < b.e; j++)
            if (c->cp[j] == 0x8F83 /* 较 */ || c->cp[j] == 0x6BD4 /* 比 */) {
                b.e = j;
                if (j > b.s && (c->cp[j - 1] == 0x540C /* 同 */ || c->cp[j - 1] == 0x73AF /* 环 */))
                    b.e--;
                break;
            }
    }
    /* a clause restarts after a long aside in brackets and after the 和
     * that joins it: 31个省（自治区、直辖市）和新疆生产建设兵团报告… */
    for (size_t j = b.e; j > b.s; j--) {
        if (!is_close(c->cp[j - 1])) continue;
        size_t o = j - 1;
        while (o > b.s && !is_open(c->cp[o - 1])) o--;
        if (o > b.s && j - 1 - o <= INNER_MAX) continue; /* 执业（助理）医师: kept */
        b.s = j;
        if (b.s < b.e && (c->cp[b.s] == 0x548C /* 和 */ || c->cp[b.s] == 0x53CA /* 及 */ ||
                          c->cp[b.s] == 0x4E0E /* 与 */))
            b.s++;
        break;
    }
    if (!d->p.copula) { /* FIELD NUMBER: the field follows the last inner verb */
        for (size_t j = b.e; j > b.s; j--) {
            size_t len = word_before(c, j, inner_verbs, N(inner_verbs));
            if (len && b.e - j >= 2) {
                b.s = j;
                break;
            }
        }
    }
    /* a date inside the run (确保实现2024年商丘市…) starts the field;
     * so does the last 等 of a list (院前急救、护理等专项质控检查) */
    for (size_t j = b.e; j > b.s; j--) {
        int y = 0;
        size_t len = date_at(c, j - 1, &y);
        if (len && j - 1 + len <= b.e && (j == b.s + 1 || !qty_is_digit(c->cp[j - 2]))) {
            b.s = j - 1;
            break;
        }
        if (c->cp[j - 1] == 0x7B49 /* 等 */ && b.e - j >= 2 && c->cp[j] != 0x5019 /* 等候 */ &&
            c->cp[j] != 0x7EA7 /* 等级 */) {
            b.s = j;
            break;
        }
    }
    return b;
}

/* VERB FIELD NUMBER with a change verb (下调金融机构存款准备金率0.5个百分点,
 * 减少参保群众垫付421.67亿元): a change of the field, in the verb's
 * direction, when the verb stands right before the field and no copula
 * stands before the number. */
static void verb_before_field(const ctx *c, cand *d)
{
    if (d->p.copula || d->field.e < d->field.s + FIELD_HEAD_MIN) return;
    if (d->q->kind != QTY_RATIO && d->q->kind != QTY_MONEY) return;
    size_t len = word_before(c, d->field.s, deltas, N(deltas));
    if (!len) {
        len = word_at(c, d->field.s, deltas, N(deltas));
        if (!len || d->field.e < d->field.s + len + FIELD_HEAD_MIN) return;
        d->field.s += len;
    }
    size_t at = d->field.s;
    d->x.qual |= FCT_Q_DELTA;
    d->x.dir = word_before(c, at, deltas_down, N(deltas_down)) ? FCT_D_DOWN : FCT_D_UP;
}

/* Nouns that name the size of a change: 增幅23.3%, 增幅达72% are changes
 * (up), 降幅 and 跌幅 changes down; 增速为16.2% stays a value (a rate held
 * at a level, facts_blind6/README.md). */
static const char *const change_nouns_up[] = {"增幅", "涨幅"};
static const char *const change_nouns_down[] = {"降幅", "跌幅"};

/* A ratio whose field ends with a change noun is a change in its
 * direction, when no change verb was read. */
static void change_noun(const ctx *c, cand *d)
{
    if (d->p.delta || (d->x.qual & FCT_Q_DELTA) || d->q->kind != QTY_RATIO) return;
    if (d->field.e < d->field.s + 2) return;
    int up = word_before(c, d->field.e, change_nouns_up, N(change_nouns_up)) != 0;
    int down = word_before(c, d->field.e, change_nouns_down, N(change_nouns_down)) != 0;
    if (!up && !down) return;
    d->x.qual |= FCT_Q_DELTA;
    d->x.dir = up ? FCT_D_UP : FCT_D_DOWN;
}

/* Comparatives before a difference of rates (增速高于全部工业2.4个百分点,
 * 快于全部投资7.3个百分点, 比上月低约4个基点): a change of the subject, up
 * for 高 快 多 and down for 低 慢 少; the comparison base after the marker
 * is no part of the field, which ends before the marker (or, when nothing
 * stays, is the previous fact's, cand_backward); 较 reads as 比. */
static const char *const compare_up[] = {"高于", "快于", "高出", "多于"};
static const char *const compare_down[] = {"低于", "慢于", "低出", "少于"};

/* The direction a 比 or 较 comparison's adjective gives (比上月低: down), read
 * from the last character of [k, e) that is one; FCT_D_NONE for none. */
static int compare_dir(const ctx *c, size_t k, size_t e)
{
    for (size_t j = e; j > k; j--) {
        uint32_t x = c->cp[j - 1];
        if (x == 0x9AD8 /* 高 */ || x == 0x5FEB /* 快 */ || x == 0x591A /* 多 */) return FCT_D_UP;
        if (x == 0x4F4E /* 低 */ || x == 0x6162 /* 慢 */ || x == 0x5C11 /* 少 */) return FCT_D_DOWN;
    }
    return FCT_D_NONE;
}

static void comparative(const ctx *c, cand *d)
{
    if (d->p.delta || (d->x.qual & FCT_Q_DELTA)) return;
    /* a difference of rates, or any amount the adjective stands right
     * before (比去年同期多7项, 比白人低近36%) */
    if (strcmp(d->unit, "百分点") && strcmp(d->unit, "基点") &&
        !(d->field.e > d->field.s && d->field.e == d->p.end &&
          compare_dir(c, d->field.e - 1, d->field.e) != FCT_D_NONE))
        return;
    for (size_t k = d->field.s; k < d->field.e; k++) {
        int dir = word_at(c, k, compare_up, N(compare_up))       ? FCT_D_UP
                  : word_at(c, k, compare_down, N(compare_down)) ? FCT_D_DOWN
                  : c->cp[k] == 0x6BD4 /* 比 */ || c->cp[k] == 0x8F83 /* 较 */
                      ? compare_dir(c, k + 1, d->field.e)
                      : FCT_D_NONE;
        if (dir == FCT_D_NONE) continue;
        d->field.e = k;
        d->x.qual |= FCT_Q_DELTA;
        d->x.dir = (uint8_t)dir;
        return;
    }
}

/* Step 3b: the backward field (FIELD [VERB] NUMBER), or, when the clause has
 * none, the field of the previous fact of the sentence (比2015年增加34元,
 * 11所评审为). */
/* Is the span one filler word alone: a modal, scope or adverb (应当,
 * 已经, 全省) that never names what is counted? */
static int filler_only(const ctx *c, span f)
{
    size_t n = f.e - f.s;
    return word_at(c, f.s, modal_words, N(modal_words)) == n ||
           word_at(c, f.s, lead_strips, N(lead_strips)) == n ||
           word_at(c, f.s, tail_strips, N(tail_strips)) == n;
}

/* Words that, standing alone before a number, say when, how or how much
 * of what the clause before named (年均增长15.8%, 实际增长4.8%, 首次超过4万,
 * 一季度增长5.6%, 约合18800亿元): the field is the previous fact's. */
static const char *const frame_fillers[] = {
    "年均", "实际", "首次", "一季度", "二季度", "三季度", "四季度", "前三季度", "上半年", "下半年",
    "全年", "当月", "当年", "同期",   "约合",   "合计",   "共计",   "总计",     "折合"};

static int names_nothing(const ctx *c, span f)
{
    return filler_only(c, f) || word_at(c, f.s, frame_fillers, N(frame_fillers)) == f.e - f.s;
}

/* A mined verb right before the number (电信业务收入累计完成2803亿元) is
 * the predicate, as a copula is: the field is the subject before it, when
 * one of at least FIELD_HEAD_MIN code points is there. */
static span before_predicate(const ctx *c, span b)
{
    if (b.e < b.s + FIELD_HEAD_MIN + 2 || !mined_verb_at(c, b.e - 2)) return b;
    if (word_at(c, b.e - 2, verb_nouns, N(verb_nouns))) return b;
    b.e -= 2;
    return b;
}

/* Do two units count the same thing, a denominator aside (元/处 and 元)? */
static int same_base_unit(const char *a, const char *b)
{
    size_t la = strcspn(a, "/"), lb = strcspn(b, "/");
    return la == lb && !memcmp(a, b, la);
}

/* Is the quantity the next item of a list whose previous item is the fact
 * pf (增长5.1%、2.7%, 分别增长10.3%和4.0%): only a joiner between them? */
static int next_list_item(const ctx *c, const fct_fact *pf, const qty *q)
{
    size_t j = pf->num_end;
    return j + 1 == q->start && (c->cp[j] == 0x3001 /* 、 */ || is_and(c->cp[j]));
}

static int cand_backward(const ctx *c, cand *d)
{
    int y = 0;
    span run = backward_run(c, d);
    if (!d->p.copula) {
        span place = {0, 0};
        int y2 = 0;
        span subj = trim_back(c, before_predicate(c, run), &place, &y2);
        if (subj.e != run.e && field_ok(c, subj) && !filler_only(c, subj))
            run = before_predicate(c, run);
    }
    d->field = trim_back(c, run, &d->place, &y);
    if (y && !d->x.year) d->x.year = y;
    verb_before_field(c, d);
    change_noun(c, d);
    comparative(c, d);
    if ((field_ok(c, d->field) && !names_nothing(c, d->field)) || d->lf < 0) return ZS_OK;
    const fct_fact *pf = &c->out->v[d->lf];
    for (size_t j = pf->num_end; j < d->q->start; j++)
        if (uc_is_sentence_end(c->cp[j])) return ZS_OK;
    if (d->p.delta || d->p.copula || (d->x.qual & FCT_Q_DELTA) ||
        same_base_unit(fct_unit(c->out, pf), d->unit) || pf->num_end == d->q->start ||
        pf->end == d->q->start)
        d->copy = fct_field(c->out, pf);
    /* a list item after a change is a change too, in the same direction */
    if (d->copy && pf->type == FCT_T_CHANGE && !d->p.delta && !(d->x.qual & FCT_Q_DELTA) &&
        next_list_item(c, pf, d->q) && same_base_unit(fct_unit(c->out, pf), d->unit)) {
        d->x.qual |= FCT_Q_DELTA;
        d->x.dir = pf->dir;
    }
    return ZS_OK;
}

/* What the field-boundary model may look at: the rules' field, and how far
 * its cuts may move (FCT_MODEL_WINDOW, never across a delimiter, a digit or
 * the number; a field before the number ends before it, one after starts
 * after the unit and its qualifier). */
static void model_span(const ctx *c, const cand *d, fct_model_span *m)
{
    span f = d->field;
    int back = f.e <= d->q->start;
    size_t floor = back ? d->bound : d->after, ceil = back ? d->q->start : c->n;
    if (floor > f.s) floor = f.s;
    if (ceil < f.e) ceil = f.e;
    size_t lo = f.s, hi = f.e;
    while (lo > floor && f.s - lo < FCT_MODEL_WINDOW && !is_delim(c->cp[lo - 1]) &&
           !qty_is_digit(c->cp[lo - 1]))
        lo--;
    while (hi < ceil && hi - f.e < FCT_MODEL_WINDOW && !is_delim(c->cp[hi]) &&
           !qty_is_digit(c->cp[hi]))
        hi++;
    unsigned kind = d->limit                    ? FCT_MODEL_KIND_LIMIT
                    : (d->x.qual & FCT_Q_DELTA) ? FCT_MODEL_KIND_CHANGE
                                                : FCT_MODEL_KIND_VALUE;
    *m = (fct_model_span){c->cp, c->n, f.s, f.e, lo, hi, d->q->start, d->q->end, kind};
}

/* The model's start cut may not bring back a scope word the rules strip
 * (督促相关企业累计退费: 累计 is no part of 退费), as trim_back's first
 * loop: a backward field loses a leading lead_strips word when at least
 * two code points stay. */
static span lead_stripped(const ctx *c, span f, size_t num)
{
    if (f.e > num) return f;
    size_t len = word_at(c, f.s, lead_strips, N(lead_strips));
    if (len && !word_at(c, f.s, quan_nouns, N(quan_nouns)) && keeps_head(f, len)) f.s += len;
    len = period_at(c, f.s);
    if (len && keeps_head(f, len)) f.s += len;
    return f;
}

/* Step 4: push the fact (two for a range: low end ABOVE, high end BELOW). */
static int cand_emit(ctx *c, cand *d)
{
    char *dup = NULL;
    if (d->copy) {
        dup = strdup(d->copy); /* the pool may move while pushing */
        if (!dup) return ZS_ENOMEM;
        d->field = (span){d->q->start, d->q->start};
    }
    fct_fact *x = &d->x;
    /* a rate's denominator (每千人口) at the start of the rules' field */
    span after_den = d->field;
    const char *den = d->copy || d->field.e <= d->field.s ? NULL : denominator(c, &after_den);
    fct_model_span m;
    memset(&m, 0, sizeof m);
    if (!d->copy && d->field.e > d->field.s) model_span(c, d, &m);
    span field = d->field;
    if (!d->copy && field.e > field.s && !c->trace) {
        fct_model_cut_w(&m, c->weights, &field.s, &field.e);
        field = lead_stripped(c, field, d->q->start);
    }
    x->start = (uint32_t)(field.e > field.s && field.s < d->q->start ? field.s : d->q->start);
    x->end = (uint32_t)(field.e > d->after ? field.e : d->after);
    x->place_start = (uint32_t)d->place.s;
    x->place_end = (uint32_t)d->place.e;
    if (d->range) { /* one fact, two bounds, the lower first (100米至50米 is [50, 100]) */
        double a = x->lo, b = d->hi.value;
        x->lo = a < b ? a : b;
        x->hi = a < b ? b : a;
        x->type = FCT_T_RANGE;
        x->qual &= ~(uint32_t)(FCT_Q_ABOVE | FCT_Q_BELOW);
        x->num_end = (uint32_t)d->hi.end;
    }
    size_t before = c->out->n;
    /* the model cut the field past the denominator (每万人口全科医生数 ->
     * 医生数): the rate stays a rate */
    int rc = push(c, x, field, dup, d->unit, field.s >= after_den.s ? den : NULL);
    free(dup);
    if (!rc && c->trace && !d->copy && d->field.e > d->field.s)
        c->trace(c->trace_arg, &m, d->has_dir ? &d->dir : NULL, c->out,
                 c->out->n > before ? (long)before : -1);
    return rc;
}

/* A minimum count of people in a law names the people, and the act after
 * them is no part of the field: 两名以上调解员共同调解 -> 调解员,
 * 十名以上的代表联名 -> 代表, 三名以上村民代表参加 -> 村民代表 (代表 ends a
 * forward field elsewhere: 代表…发言). */
static void person_head(const ctx *c, cand *d)
{
    if (strcmp(d->unit, "名") && strcmp(d->unit, "人") && strcmp(d->unit, "位")) return;
    span *f = &d->field;
    size_t len = qty_word_at(c->cp, c->n, f->e, "代表");
    if (len && f->e > f->s) f->e += len; /* 村民 + 代表 */
    for (size_t k = f->s; k + 1 < f->e; k++) {
        size_t w = word_at(c, k, person_words, N(person_words));
        if (!w && (c->cp[k] == 0x5458 /* 员 */ || c->cp[k] == 0x5B98 /* 官 */ ||
                   c->cp[k] == 0x8005 /* 者 */))
            w = 1;
        if (w && k + w < f->e && k + w >= f->s + FIELD_HEAD_MIN) {
            f->e = k + w;
            return;
        }
    }
}

/* The direction choice between the rules' backward field and a forward
 * one, recorded in d (tools/fct_cuts prints it for training); returns its
 * score (fct_model_dir_score), 0 while tracing: then the rules' choice
 * stands, so the training data do not depend on the weights. */
static float dir_score(const ctx *c, cand *d, span back, span fwd, int limit)
{
    unsigned flags = (limit ? FCT_MODEL_LIMIT : 0) | (d->p.copula ? FCT_MODEL_COPULA : 0) |
                     (d->x.qual & (FCT_Q_ABOVE | FCT_Q_BELOW) ? FCT_MODEL_OPEN : 0) |
                     (d->p.delta ? FCT_MODEL_DELTA : 0);
    d->dir = (fct_model_dir){c->cp, c->n,        back.s,   back.e,  fwd.s,
                             fwd.e, d->q->start, d->after, d->unit, flags};
    d->has_dir = 1;
    if (c->trace) return 0;
    return fct_model_dir_score(&d->dir, c->weights ? c->weights + 2 * FCT_MODEL_BUCKETS : NULL);
}

/* The direction chooser (fct_model.h) after the rules took a backward
 * field: the noun phrase after the number, when there is one, may win.
 * (The other way, a backward field for the rules' forward one, was tried:
 * one more cand_backward per forward fact cost 17 % of extraction speed
 * and changed no label leaving one set out, so it is not done.) */
static void choose_forward(const ctx *c, cand *d, int limit)
{
    if (d->alt.e <= d->alt.s || d->copy || d->late_delta || !field_ok(c, d->field)) return;
    if (dir_score(c, d, d->field, d->alt, limit) > 0) d->field = d->alt;
}

/* Handle one candidate quantity: *next is the index to continue from.
 * Errors: ZS_ENOMEM. */
/* Verbs that take the length of an event: 本届展会为期4天, 为期6天的展会,
 * 持续12天的战争, 历时三年.  The duration is the event's: a copula. */
static const char *const span_verbs[] = {"为期", "持续", "历时"};

/* A duration right after a span verb is a fact: the verb is its copula.
 * Its field is the noun after 的 (为期9天的友好访问) or, when none
 * follows, the subject before the verb. */
static void span_verb(const ctx *c, cand *d)
{
    size_t len = word_before(c, d->p.end, span_verbs, N(span_verbs));
    if (!len || d->p.end - len < d->bound) return;
    d->p.copula = 1;
    d->p.end -= len;
    d->span_de = d->after < c->n && c->cp[d->after] == 0x7684 /* 的 */;
}

/* Does the quantity end its clause (总工期54个月。 平均年龄32.5岁，)?  A
 * duration or age there is the clause's predicate, a fact about the noun
 * before it, not a modifier (24小时待命, 5岁儿童). */
static int ends_clause(const ctx *c, const qty *q)
{
    return q->end >= c->n || is_delim(c->cp[q->end]);
}

/* Words before a duration that make it a time frame, not a fact: 今年前10个月,
 * 未来三天, 过去24小时, 近5年, 这两天, 今明两天. */
static const char *const frame_words[] = {"前", "未来", "过去", "近", "最近", "这", "今明", "头"};

/* A duration that ends its clause and is no time frame (see ends_clause). */
static int span_predicate(const ctx *c, const qty *q)
{
    return ends_clause(c, q) && !word_before(c, q->start, frame_words, N(frame_words));
}

static int one(ctx *c, const qty *q, size_t *next)
{
    cand d;
    int skip = 0, rc = cand_begin(c, q, &d, &skip);
    *next = q->end;
    if (rc || skip) return rc;
    if (d.p.respectively) {
        size_t ss = q->start;
        while (ss > 0 && (!is_delim(c->cp[ss - 1]) || c->cp[ss - 1] == 0x3001)) ss--;
        size_t after = 0;
        if ((rc = respectively(c, q, &d.p, ss, &after)) || after) {
            *next = after ? after : q->end;
            return rc;
        }
    }
    int fwd = 0;
    if ((rc = cand_range(c, &d))) return rc;
    int bounded = d.range || (d.x.qual & (FCT_Q_ABOVE | FCT_Q_BELOW));
    int limit = bounded && normative(c, q->start);
    d.limit = limit;
    if (q->kind == QTY_SPAN && !d.p.copula && !limit) span_verb(c, &d);
    /* 5岁以下, 24小时内: ages and durations are facts after a verb, as limits,
     * or as the predicate that ends a clause */
    if (q->kind == QTY_SPAN && !d.p.copula && !d.p.from && !limit && !span_predicate(c, q))
        return ZS_OK;
    if (limit && q->kind == QTY_SPAN && (rc = cand_limit_field(c, &d, &fwd))) return rc;
    if (d.area.e) {
        d.field = d.area;
        fwd = 1;
    }
    if (!fwd && (rc = cand_forward(c, &d, &fwd))) return rc;
    if (fwd && (d.x.qual & FCT_Q_ABOVE)) person_head(c, &d);
    if (!fwd && (rc = cand_backward(c, &d))) return rc;
    if (!fwd) choose_forward(c, &d, limit);
    *next = d.range ? d.k : q->end;
    if (!d.copy && !field_ok(c, d.field)) return ZS_OK;
    return cand_emit(c, &d);
}

int fct_extract(const char *text, size_t len, fct_list *out, zs_diag *d)
{
    return fct_extract_gaz(text, len, NULL, out, d);
}

int fct_extract_gaz(const char *text, size_t len, const gaz *g, fct_list *out, zs_diag *d)
{
    return fct_extract_trace(text, len, g, out, NULL, NULL, d);
}

static int extract(const char *text, size_t len, const gaz *g, const float *w, fct_list *out,
                   fct_trace_fn trace, void *arg, zs_diag *d);
static int fct_words_new(struct fct_words **out);

int fct_extract_trace(const char *text, size_t len, const gaz *g, fct_list *out, fct_trace_fn trace,
                      void *arg, zs_diag *d)
{
    return extract(text, len, g, NULL, out, trace, arg, d);
}

int fct_extract_weights(const char *text, size_t len, const gaz *g, const float *w, fct_list *out,
                        zs_diag *d)
{
    return extract(text, len, g, w, out, NULL, NULL, d);
}

/* Decode text[0, len) into c->cp (folded) and c->off, c->n code points;
 * malformed bytes become U+FFFD, one byte each.  Returns 1 when some code
 * point is a digit or a Chinese numeral (a passage without one has no
 * fact).  The common forms (ASCII, a 3-byte sequence u8_plain3 vouches
 * for) skip u8_decode's checks: the same code points. */
static int decode_fold(ctx *c, const char *text, size_t len)
{
    const uint8_t *p = (const uint8_t *)text, *end = p + len;
    int any_digit = 0;
    while (p < end) {
        uint32_t cp;
        int k;
        if (*p < 0x80) {
            cp = *p;
            k = 1;
        } else if (u8_plain3(p, end)) {
            k = u8_next(p, &cp);
        } else if (!(k = u8_decode(p, end, &cp))) {
            cp = U8_REPLACEMENT;
            k = 1;
        }
        c->off[c->n] = (uint32_t)(p - (const uint8_t *)text);
        c->cp[c->n] = uc_fold(cp);
        if (!any_digit) any_digit = qty_is_digit(c->cp[c->n]) || qty_is_cjk_numeral(c->cp[c->n]);
        c->n++;
        p += k;
    }
    c->off[c->n] = (uint32_t)len;
    return any_digit;
}

static int extract(const char *text, size_t len, const gaz *g, const float *w, fct_list *out,
                   fct_trace_fn trace, void *arg, zs_diag *d)
{
    if (len > FCT_MAX_TEXT)
        return zs_fail(d, ZS_ETOOBIG, "passage of %zu bytes exceeds %u", len, FCT_MAX_TEXT);
    if (len == 0) return ZS_OK;
    if (!out->words && fct_words_new(&out->words))
        return zs_fail(d, ZS_ENOMEM, "facts: out of memory for the word lists");
    ctx c;
    memset(&c, 0, sizeof c);
    c.w = out->words;
    c.text = text;
    c.out = out;
    c.first = out->n;
    c.g = g;
    c.trace = trace;
    c.trace_arg = arg;
    c.weights = w;
    if (words_room(out->words, len))
        return zs_fail(d, ZS_ENOMEM, "facts: out of memory for a passage of %zu bytes", len);
    c.cp = out->words->cp;
    c.off = out->words->off;
    c.name = out->words->name;
    int rc = ZS_OK;
    if (!decode_fold(&c, text, len)) return ZS_OK;
    mark_names(&c);
    for (size_t i = 0; i < c.n && !rc;) {
        uint32_t x = c.cp[i];
        int start = qty_is_digit(x)
                        ? !(i > 0 && (qty_is_digit(c.cp[i - 1]) || c.cp[i - 1] == '.'))
                        : qty_is_cjk_numeral(x) && !(i > 0 && qty_is_cjk_numeral(c.cp[i - 1]));
        qty q;
        if (!start || !qty_scan_ix(c.w->qx, c.cp, c.n, i, &q)) {
            i++;
            continue;
        }
        time_limit_unit(&c, &q);
        if (!candidate(&c, &q)) {
            i = q.end > i ? q.end : i + 1;
            continue;
        }
        size_t next = i;
        rc = one(&c, &q, &next);
        i = next > i ? next : i + 1;
    }
    if (rc) zs_fail(d, rc, "facts: out of memory");
    return rc;
}

/* ---- lists and query quantities -------------------------------------------- */

/* ---- the indexed lists ------------------------------------------------------ */

#define LIST(a)                                                                                    \
    {                                                                                              \
        a, N(a), sizeof(a)[0]                                                                      \
    }
#define FIELD(a)                                                                                   \
    {                                                                                              \
        &(a)[0].w, N(a), sizeof(a)[0]                                                              \
    }

/* The lists word_at, word_before and the scans of pre_quals, post_quals
 * and denominators read through an index: every list of this file at file
 * scope (the lists local to a function are short and scanned). */
static const struct {
    const char *const *first;
    size_t n, stride;
} indexed[] = {
    LIST(copulas),       LIST(deltas),          LIST(deltas_down),
    LIST(norm_words),    FIELD(pre_quals),      FIELD(post_quals),
    LIST(area_words),    LIST(range_links),     LIST(limit_time_units),
    LIST(limit_preps),   LIST(light_verbs),     LIST(act_end_preps),
    LIST(fwd_stops),     LIST(verbs),           LIST(casualties),
    LIST(verb_nouns),    LIST(fwd_lead_stops),  LIST(lead_strips),
    LIST(quan_nouns),    LIST(person_words),    LIST(modal_words),
    LIST(inner_verbs),   LIST(tail_strips),     LIST(named_counts),
    LIST(not_places),    LIST(guo_words),       LIST(not_countries),
    FIELD(denominators), LIST(change_nouns_up), LIST(change_nouns_down),
    LIST(span_verbs),    LIST(compare_up),      LIST(compare_down),
    LIST(frame_words),   LIST(share_not_after), LIST(share_not_before),
    LIST(nominal_verbs), LIST(pace_words),      LIST(frame_fillers),
};
#undef LIST
#undef FIELD
/* With the two mined lists of change verbs (fct_lex.h), indexed beside. */
_Static_assert(2 * (N(indexed) + 2) <= WORDS_SLOTS, "the table of indexed lists stays half empty");

static void fct_words_free(struct fct_words *w)
{
    if (!w) return;
    for (size_t h = 0; h < WORDS_SLOTS; h++) wset_free(w->set[h]);
    qty_ix_free(w->qx);
    free(w->cp);
    free(w->off);
    free(w->name);
    free(w);
}

/* Index the list of n words at first (stride bytes apart) into w's table. */
static int words_add(struct fct_words *w, const char *const *first, size_t n, size_t stride)
{
    size_t h = words_slot(w, first);
    if (w->key[h]) return ZS_OK; /* listed twice */
    w->key[h] = first;
    return wset_new(first, n, stride, &w->set[h]);
}

/* Index every list of `indexed`, the mined change verbs and the unit
 * tables into *out (caller frees with fct_words_free).  Errors: ZS_ENOMEM,
 * ZS_EINVAL (a list too long for wset). */
static int fct_words_new(struct fct_words **out)
{
    *out = NULL;
    struct fct_words *w = calloc(1, sizeof *w);
    if (!w) return ZS_ENOMEM;
    int rc = qty_ix_new(&w->qx);
    for (size_t i = 0; i < N(indexed) && !rc; i++)
        rc = words_add(w, indexed[i].first, indexed[i].n, indexed[i].stride);
    if (!rc) rc = words_add(w, lex_deltas_up, lex_deltas_up_n, sizeof lex_deltas_up[0]);
    if (!rc) rc = words_add(w, lex_deltas_down, lex_deltas_down_n, sizeof lex_deltas_down[0]);
    if (rc) {
        fct_words_free(w);
        return rc;
    }
    *out = w;
    return ZS_OK;
}

void fct_list_init(fct_list *l)
{
    l->v = NULL;
    l->n = l->cap = 0;
    buf_init(&l->pool);
    l->words = NULL;
}

void fct_list_clear(fct_list *l)
{
    l->n = 0;
    buf_reset(&l->pool);
}

void fct_list_free(fct_list *l)
{
    free(l->v);
    buf_free(&l->pool);
    fct_words_free(l->words);
    fct_list_init(l);
}

int fct_parse_quantity(const char *s, size_t len, double *value, char *unit, size_t unitcap,
                       size_t *consumed)
{
    enum { MAXCP = 64 }; /* a quantity is short; longer input is not read */
    uint32_t cp[MAXCP], off[MAXCP + 1];
    size_t n = 0, i = 0;
    if (!unitcap) return ZS_EINVAL;
    const uint8_t *p = (const uint8_t *)s, *end = p + len;
    while (p < end && n < MAXCP) {
        uint32_t x;
        int k = u8_decode(p, end, &x);
        if (k == 0) break;
        off[n] = (uint32_t)(p - (const uint8_t *)s);
        cp[n++] = uc_fold(x);
        p += k;
    }
    off[n] = (uint32_t)(p - (const uint8_t *)s);
    while (i < n && cp[i] == ' ') i++;
    qty q;
    if (i >= n || !qty_scan(cp, n, i, &q)) return ZS_EINVAL;
    /* a rate's denominator after the unit: 3个/千人口 (as extraction writes it) */
    size_t qend = q.end;
    const char *den = "";
    if (*q.unit && qend < n && cp[qend] == '/') {
        for (size_t di = 0; di < N(denominators) && !*den; di++) {
            size_t dn = qty_word_at(cp, n, qend, denominators[di].den);
            if (dn) {
                den = denominators[di].den;
                qend += dn;
            }
        }
    }
    size_t ul = strlen(q.unit), dl = strlen(den);
    if (ul + dl + 1 > unitcap) return ZS_ETOOBIG;
    memcpy(unit, q.unit, ul);
    memcpy(unit + ul, den, dl + 1);
    *value = q.value;
    *consumed = off[qend];
    return ZS_OK;
}

/* ---- the fact model --------------------------------------------------------- */

double fct_point(double lo, double hi)
{
    if (isfinite(lo) && isfinite(hi)) return lo == hi ? lo : (lo + hi) / 2;
    return isfinite(lo) ? lo : hi;
}

int fct_bounds_meet(double lo, double hi, double clo, int clo_incl, double chi, int chi_incl)
{
    /* [lo, hi] and the condition's range overlap: hi reaches clo and lo
     * stays under chi */
    if (hi < clo || (hi == clo && !clo_incl)) return 0;
    if (lo > chi || (lo == chi && !chi_incl)) return 0;
    return 1;
}

/* Measure suffixes a query field may carry or not: 托位数 = 托位数量 = 托位. */
static const char *const measure_suffixes[] = {"总数", "数量", "数", "量"};
/* A folded stem keeps at least this many code points (人数 stays 人数). */
#define STEM_MIN 2

int fct_field_matches(const char *field, size_t flen, const char *want, size_t wlen)
{
    for (size_t k = 0; k < N(measure_suffixes); k++) {
        size_t sl = strlen(measure_suffixes[k]);
        if (wlen > sl && !memcmp(want + wlen - sl, measure_suffixes[k], sl) &&
            u8_count(want, wlen - sl) >= STEM_MIN) {
            wlen -= sl;
            break;
        }
    }
    if (wlen > flen) return 0;
    for (size_t i = 0; i + wlen <= flen; i++)
        if (!memcmp(field + i, want, wlen)) return 1;
    return 0;
}

int fct_change_word(const char *want, size_t wlen, size_t *stem_len)
{
    for (size_t k = 0; k < N(deltas); k++) {
        size_t dl = strlen(deltas[k]);
        if (wlen < dl || memcmp(want + wlen - dl, deltas[k], dl)) continue;
        *stem_len = wlen - dl;
        for (size_t j = 0; j < N(deltas_down); j++)
            if (!strcmp(deltas_down[j], deltas[k])) return FCT_D_DOWN;
        return FCT_D_UP;
    }
    /* the mined ones (多增>1000亿元, 回升>3%) */
    for (int down = 0; down < 2; down++) {
        const char *const *v = down ? lex_deltas_down : lex_deltas_up;
        size_t nv = down ? lex_deltas_down_n : lex_deltas_up_n;
        for (size_t k = 0; k < nv; k++) {
            size_t dl = strlen(v[k]);
            if (wlen < dl || memcmp(want + wlen - dl, v[k], dl)) continue;
            *stem_len = wlen - dl;
            return down ? FCT_D_DOWN : FCT_D_UP;
        }
    }
    *stem_len = wlen;
    return FCT_D_NONE;
}

const char *fct_type_name(unsigned type)
{
    static const char *const names[] = {"value", "range", "limit", "change"};
    return type < N(names) ? names[type] : "?";
}

const char *fct_dir_name(unsigned dir)
{
    static const char *const names[] = {"", "up", "down"};
    return dir < N(names) ? names[dir] : "?";
}

/* qty.c - numbers, multipliers and units over folded code points (see
 * qty.h for the grammar). */
#include "qty.h"

#include "err.h"
#include "fct_lex.h"
#include "utf8.h"
#include "wset.h"

#include <stdlib.h>
#include <string.h>

/* A measure word as written, its canonical spelling and its kind.  Longer
 * entries come before their prefixes so the first match is the longest. */
typedef struct unit_rec {
    const char *text, *canon;
    qty_kind kind;
} unit_rec;

static const unit_rec units[] = {
    {"个百分点", "百分点", QTY_RATIO},
    {"百分点", "百分点", QTY_RATIO},
    {"/10万", "/10万", QTY_RATIO},
    {"/10 万", "/10万", QTY_RATIO},
    {"%", "%", QTY_RATIO},
    {"‰", "‰", QTY_RATIO},
    {"周年", "周年", QTY_NAME},
    {"人次", "人次", QTY_COUNT},
    {"户次", "户次", QTY_COUNT},
    {"场次", "场次", QTY_COUNT},
    {"例次", "例次", QTY_COUNT},
    {"台次", "台次", QTY_COUNT},
    {"批次", "批次", QTY_COUNT},
    {"剂次", "剂次", QTY_COUNT},
    {"台套", "台套", QTY_COUNT},
    {"架次", "架次", QTY_COUNT},
    {"辆次", "辆次", QTY_COUNT},
    {"艘次", "艘次", QTY_COUNT},
    {"车次", "车次", QTY_COUNT},
    {"兆帕", "兆帕", QTY_COUNT},
    {"台(套)", "台套", QTY_COUNT},
    {"台（套）", "台套", QTY_COUNT},
    {"千瓦时", "千瓦时", QTY_COUNT},
    {"千瓦", "千瓦", QTY_COUNT},
    {"欧元", "欧元", QTY_MONEY},
    {"美元", "美元", QTY_MONEY},
    {"日元", "日元", QTY_MONEY}, /* before the date unit 日 */
    {"英镑", "英镑", QTY_MONEY},
    {"港元", "港元", QTY_MONEY},
    {"港币", "港元", QTY_MONEY},
    {"澳元", "澳元", QTY_MONEY},
    {"韩元", "韩元", QTY_MONEY},
    {"卢布", "卢布", QTY_MONEY},
    {"分钟", "分钟", QTY_SPAN},
    {"个小时", "小时", QTY_SPAN},
    {"小时", "小时", QTY_SPAN},
    {"周岁", "周岁", QTY_SPAN},
    {"个月", "月", QTY_SPAN}, /* months: 月 as the labels and the fact model write it */
    {"平方米", "平方米", QTY_COUNT},
    {"平方公里", "平方公里", QTY_COUNT},
    {"个工作日", "工作日", QTY_SPAN},
    {"工作日", "工作日", QTY_SPAN},
    {"个基点", "基点", QTY_RATIO},
    {"基点", "基点", QTY_RATIO},
    {"米", "米", QTY_COUNT},
    {"℃", "摄氏度", QTY_COUNT}, /* as the mined 摄氏度 */
    {"级", "级", QTY_COUNT},    /* 7.4级地震, 6级大风; 三级医院 is no amount (fct.c) */
    {"成", "%", QTY_RATIO},     /* tenths: 六成 = 60% */
    {"公里", "公里", QTY_COUNT},
    {"公斤", "公斤", QTY_COUNT},
    {"千克", "千克", QTY_COUNT},
    {"元", "元", QTY_MONEY},
    {"个", "个", QTY_COUNT},
    {"家", "家", QTY_COUNT},
    {"所", "所", QTY_COUNT},
    {"项", "项", QTY_COUNT},
    {"名", "名", QTY_COUNT},
    {"人", "人", QTY_COUNT},
    {"次", "次", QTY_COUNT},
    {"例", "例", QTY_COUNT},
    {"批", "批", QTY_COUNT},
    {"张", "张", QTY_COUNT},
    {"种", "种", QTY_COUNT},
    {"类", "类", QTY_COUNT},
    {"份", "份", QTY_COUNT},
    {"处", "处", QTY_COUNT},
    {"件", "件", QTY_COUNT},
    {"期", "期", QTY_COUNT},
    {"篇", "篇", QTY_COUNT},
    {"台", "台", QTY_COUNT},
    {"床", "床", QTY_COUNT},
    {"支", "支", QTY_COUNT},
    {"条", "条", QTY_COUNT},
    {"套", "套", QTY_COUNT},
    {"点", "点", QTY_COUNT},
    {"位", "位", QTY_COUNT},
    {"座", "座", QTY_COUNT},
    {"间", "间", QTY_COUNT},
    {"辆", "辆", QTY_COUNT},
    {"吨", "吨", QTY_COUNT},
    {"倍", "倍", QTY_COUNT},
    {"番", "番", QTY_COUNT}, /* 翻了一番: doubled */
    {"户", "户", QTY_COUNT},
    {"场", "场", QTY_COUNT},
    {"轮", "轮", QTY_COUNT},
    {"剂", "剂", QTY_COUNT},
    {"款", "款", QTY_COUNT},
    {"起", "起", QTY_COUNT},
    {"架", "架", QTY_COUNT},
    {"艘", "艘", QTY_COUNT},
    {"栋", "栋", QTY_COUNT},
    /* measure words of goods, animals, plants and land (round 12; not 头, 片,
     * 块: 两头, 片区, 一块 are words more often than counts) */
    {"公顷", "公顷", QTY_COUNT},
    {"块钱", "元", QTY_MONEY},
    {"只", "只", QTY_COUNT},
    {"株", "株", QTY_COUNT},
    {"棵", "棵", QTY_COUNT},
    {"粒", "粒", QTY_COUNT},
    {"盒", "盒", QTY_COUNT},
    {"瓶", "瓶", QTY_COUNT},
    {"袋", "袋", QTY_COUNT},
    {"箱", "箱", QTY_COUNT},
    {"管", "管", QTY_COUNT},
    {"吉瓦", "吉瓦", QTY_COUNT},
    {"千伏", "千伏", QTY_COUNT},
    {"千米", "公里", QTY_COUNT},
    {"部", "部", QTY_COUNT}, /* 48部影片, 3774部电梯; 13部门 is a word (unit_in_word) */
    {"组", "组", QTY_COUNT},
    {"笔", "笔", QTY_COUNT},
    {"列", "列", QTY_COUNT},
    {"岁", "岁", QTY_SPAN},
    {"天", "天", QTY_SPAN},
    {"周", "周", QTY_SPAN},
    {"年", "年", QTY_DATE},
    {"月", "月", QTY_DATE},
    {"日", "日", QTY_DATE},
    {"号", "号", QTY_DATE},
    {"时", "时", QTY_DATE},
    {"届", "届", QTY_NAME},
    {"级", "级", QTY_NAME},
    {"大", "大", QTY_NAME},
    {"期间", "期间", QTY_NAME},
};

size_t qty_word_rest(const uint32_t *cp, size_t n, size_t i, const char *w)
{
    const uint8_t *p = (const uint8_t *)w;
    size_t k = 0;
    while (*p) {
        uint32_t c;
        p += u8_next(p, &c);
        if (i + k >= n || cp[i + k] != c) return 0;
        k++;
    }
    return k;
}

size_t qty_word_before(const uint32_t *cp, size_t i, const char *w)
{
    size_t len = strlen(w);
    if (!len || !i) return 0;
    /* the last code point first: most entries fail on it */
    size_t last = len - 1;
    while (last > 0 && ((uint8_t)w[last] & 0xC0) == 0x80) last--;
    uint32_t c;
    u8_next((const uint8_t *)w + last, &c);
    if (cp[i - 1] != c) return 0;
    size_t k = u8_count(w, len);
    if (k > i) return 0;
    return qty_word_at(cp, i, i - k, w) ? k : 0;
}

static int cjk_digit(uint32_t c)
{
    switch (c) {
    case 0x3007: /* 〇 */
    case 0x96F6: /* 零 */
        return 0;
    case 0x4E00: /* 一 */
        return 1;
    case 0x4E8C: /* 二 */
    case 0x4E24: /* 两 */
        return 2;
    case 0x4E09: /* 三 */
        return 3;
    case 0x56DB: /* 四 */
        return 4;
    case 0x4E94: /* 五 */
        return 5;
    case 0x516D: /* 六 */
        return 6;
    case 0x4E03: /* 七 */
        return 7;
    case 0x516B: /* 八 */
        return 8;
    case 0x4E5D: /* 九 */
        return 9;
    }
    return -1;
}

/* 十 百 千 万 亿 as their value, else 0. */
static uint64_t cjk_unit(uint32_t c)
{
    switch (c) {
    case 0x5341:
        return 10;
    case 0x767E:
        return 100;
    case 0x5343:
        return 1000;
    case 0x4E07:
        return 10000;
    case 0x4EBF:
        return 100000000;
    }
    return 0;
}

static double cjk_mult(uint32_t c)
{
    return (double)cjk_unit(c);
}

/* Every code point cjk_digit or cjk_unit knows, in its slot (qty.h). */
const uint32_t qty_numeral_slots[QTY_NUMERAL_SLOTS] = {
    [QTY_NUMERAL_SLOT(U'〇')] = U'〇', [QTY_NUMERAL_SLOT(U'零')] = U'零',
    [QTY_NUMERAL_SLOT(U'一')] = U'一', [QTY_NUMERAL_SLOT(U'二')] = U'二',
    [QTY_NUMERAL_SLOT(U'两')] = U'两', [QTY_NUMERAL_SLOT(U'三')] = U'三',
    [QTY_NUMERAL_SLOT(U'四')] = U'四', [QTY_NUMERAL_SLOT(U'五')] = U'五',
    [QTY_NUMERAL_SLOT(U'六')] = U'六', [QTY_NUMERAL_SLOT(U'七')] = U'七',
    [QTY_NUMERAL_SLOT(U'八')] = U'八', [QTY_NUMERAL_SLOT(U'九')] = U'九',
    [QTY_NUMERAL_SLOT(U'十')] = U'十', [QTY_NUMERAL_SLOT(U'百')] = U'百',
    [QTY_NUMERAL_SLOT(U'千')] = U'千', [QTY_NUMERAL_SLOT(U'万')] = U'万',
    [QTY_NUMERAL_SLOT(U'亿')] = U'亿',
};

/* Chinese numeral at cp[i]: value and end; 0 when none.  Sections as usual:
 * digit * (十|百|千) adds to the section, 万/亿 scale what came before.
 * Integer arithmetic: at most 9999亿9999万9999 < 2^63. */
static int scan_cjk(const uint32_t *cp, size_t n, size_t i, double *value, size_t *end)
{
    uint64_t total = 0, section = 0, digit = 0;
    int have_digit = 0; /* a digit is pending */
    size_t k = i;
    for (; k < n; k++) {
        int d = cjk_digit(cp[k]);
        uint64_t m = cjk_unit(cp[k]);
        if (d >= 0) {
            if (have_digit && digit > 0) break; /* 十四五: a digit after a digit */
            digit = (uint64_t)d;
            have_digit = 1;
        } else if (m >= 10000) {
            if (k == i) break;
            section += digit;
            if (m == 100000000)
                total = (total + section) * m;
            else
                total += section * m;
            section = digit = 0;
            have_digit = 0;
        } else if (m > 0) {
            section += (have_digit ? digit : 1) * m; /* 十 alone is 10 */
            digit = 0;
            have_digit = 0;
        } else {
            break;
        }
    }
    if (k == i) return 0;
    *value = (double)(total + section + digit);
    *end = k;
    return 1;
}

static int plus_char(uint32_t c)
{
    return c == 0x4F59 /* 余 */ || c == 0x591A /* 多 */;
}

/* 千瓦, 千瓦时, 千克, 千米, 千伏: 千 is part of the unit there, not a
 * multiplier (7742亿千瓦时, 5千米). */
static int kilowatt_at(const uint32_t *cp, size_t n, size_t j)
{
    return qty_word_at(cp, n, j, "千瓦") || qty_word_at(cp, n, j, "千克") ||
           qty_word_at(cp, n, j, "千米") || qty_word_at(cp, n, j, "千伏");
}

/* Is a one-character count unit at cp[j] the first character of a mined
 * word instead (13万家庭, 3项目)?  个 and 人 are kept: 个人 and 人口 follow
 * counts as 个 + 人 and 人 + 口 far more often. */
static int unit_in_word(const uint32_t *cp, size_t n, size_t j, size_t len)
{
    if (len != 1 || j + 1 >= n || cp[j] == 0x4E2A /* 个 */ || cp[j] == 0x4EBA /* 人 */) return 0;
    uint32_t x = cp[j + 1]; /* 倍以上, 人次之多: a qualifier follows the unit */
    if (x == 0x4EE5 /* 以 */ || x == 0x4E4B /* 之 */ || x == 0x5185 /* 内 */ ||
        x == 0x5DE6 /* 左 */ || plus_char(x))
        return 0;
    return lex_is_word(cp[j], x);
}

/* 百分之四十, 千分之三: a fraction written out, read as % and ‰. */
static int scan_fraction(const qty_ix *x, const uint32_t *cp, size_t n, size_t i, qty *q)
{
    static const struct {
        const char *w, *unit;
    } fr[] = {{"百分之", "%"}, {"千分之", "‰"}};
    for (size_t k = 0; k < sizeof fr / sizeof *fr; k++) {
        size_t len = qty_word_at(cp, n, i, fr[k].w);
        if (!len) continue;
        qty v;
        if (!qty_scan_ix(x, cp, n, i + len, &v) || *v.unit || v.mult) return 0;
        *q = v;
        q->start = i;
        q->unit = fr[k].unit;
        q->kind = QTY_RATIO;
        return 1;
    }
    return 0;
}

struct qty_ix {
    wset *units; /* units[] */
    wset *mined; /* lex_units[] */
};

int qty_ix_new(qty_ix **out)
{
    *out = NULL;
    qty_ix *x = calloc(1, sizeof *x);
    if (!x) return ZS_ENOMEM;
    int rc = wset_new(&units[0].text, sizeof units / sizeof units[0], sizeof units[0], &x->units);
    if (!rc) rc = wset_new(lex_units, lex_units_n, sizeof lex_units[0], &x->mined);
    if (rc) {
        qty_ix_free(x);
        return rc;
    }
    *out = x;
    return ZS_OK;
}

void qty_ix_free(qty_ix *x)
{
    if (!x) return;
    wset_free(x->units);
    wset_free(x->mined);
    free(x);
}

/* The longest entry of the table above at cp[j]: its length, or 0.  Read
 * through x when there is one (the same first match). */
static size_t table_unit_at(const qty_ix *x, const uint32_t *cp, size_t n, size_t j,
                            const char **canon, qty_kind *kind)
{
    if (x) {
        size_t u = 0, len = wset_at(x->units, cp, n, j, &u);
        if (len) {
            *canon = units[u].canon;
            *kind = units[u].kind;
        }
        return len;
    }
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        size_t len = qty_word_at(cp, n, j, units[u].text);
        if (len) {
            *canon = units[u].canon;
            *kind = units[u].kind;
            return len;
        }
    }
    return 0;
}

/* A unit mined from the corpora (fct_lex.h) at cp[j]: it counts things
 * (亩, 立方米, 摄氏度).  Its length, or 0. */
static size_t mined_unit_at(const qty_ix *x, const uint32_t *cp, size_t n, size_t j,
                            const char **canon, qty_kind *kind)
{
    if (x) {
        size_t u = 0, k = wset_at(x->mined, cp, n, j, &u);
        if (k) {
            *canon = lex_units[u];
            *kind = QTY_COUNT;
        }
        return k;
    }
    for (size_t u = 0; u < lex_units_n; u++) {
        size_t k = qty_word_at(cp, n, j, lex_units[u]);
        if (k) {
            *canon = lex_units[u];
            *kind = QTY_COUNT;
            return k;
        }
    }
    return 0;
}

size_t qty_unit_at(const uint32_t *cp, size_t n, size_t j, const char **canon, qty_kind *kind)
{
    size_t len = table_unit_at(NULL, cp, n, j, canon, kind);
    return len ? len : mined_unit_at(NULL, cp, n, j, canon, kind);
}

int qty_scan(const uint32_t *cp, size_t n, size_t i, qty *q)
{
    return qty_scan_ix(NULL, cp, n, i, q);
}

int qty_scan_ix(const qty_ix *x, const uint32_t *cp, size_t n, size_t i, qty *q)
{
    if (i + 3 < n && (cp[i] == 0x767E /* 百 */ || cp[i] == 0x5343 /* 千 */) &&
        cp[i + 1] == 0x5206 /* 分 */ && cp[i + 2] == 0x4E4B /* 之 */)
        return scan_fraction(x, cp, n, i, q);
    memset(q, 0, sizeof *q);
    q->start = i;
    q->unit = "";
    size_t k = i;
    if (i < n && qty_is_digit(cp[i])) {
        double v = 0;
        while (k < n && qty_is_digit(cp[k])) {
            v = v * 10 + (cp[k] - '0');
            k++;
            q->ndigit++;
            /* thousands separators: 1,234 */
            if (k + 3 < n && cp[k] == ',' && qty_is_digit(cp[k + 1]) && qty_is_digit(cp[k + 2]) &&
                qty_is_digit(cp[k + 3]) && (k + 4 >= n || !qty_is_digit(cp[k + 4])))
                k++;
        }
        if (k + 1 < n && cp[k] == '.' && qty_is_digit(cp[k + 1])) {
            double scale = 0.1;
            k++;
            while (k < n && qty_is_digit(cp[k])) {
                v += (cp[k] - '0') * scale;
                scale /= 10;
                k++;
            }
        }
        q->value = v;
    } else if (i < n && qty_is_cjk_numeral(cp[i])) {
        if (!scan_cjk(cp, n, i, &q->value, &k)) return 0;
        q->cjk = 1;
    } else {
        return 0;
    }
    /* [余|多] {multiplier} [余|多], a space allowed before them */
    size_t j = k;
    if (j < n && cp[j] == ' ') j++;
    if (j < n && plus_char(cp[j]) && !q->cjk) {
        q->plus = 1;
        j++;
    }
    int took = 0;
    if (!q->cjk)
        while (j < n && cjk_mult(cp[j]) > 0 && !kilowatt_at(cp, n, j)) {
            q->value *= cjk_mult(cp[j]);
            q->mult = 1;
            j++;
            took = 1;
        }
    else if (j < n && plus_char(cp[j]))
        took = 1; /* 三十多个: handled just below */
    if (took || q->plus) k = j;
    if (k < n && plus_char(cp[k]) && !q->plus) {
        q->plus = 1;
        k++;
    }
    if (q->cjk && q->value >= 1e4) q->mult = 1;
    q->num_end = k;
    q->end = k;
    /* unit, a space allowed before it */
    j = k;
    if (j < n && cp[j] == ' ') j++;
    const char *canon;
    qty_kind kind;
    /* 两个多月, 三个多小时: 个 and its span unit around 多 or 余 (the unit
     * 个月 or 个小时 with the 多 taken out) */
    if (j + 2 < n && cp[j] == 0x4E2A /* 个 */ && plus_char(cp[j + 1]) && !q->plus) {
        static const struct {
            const char *unit; /* after 个多 */
            const char *canon;
        } spans[] = {{"月", "月"}, {"小时", "小时"}, {"星期", "周"}};
        for (size_t u = 0; u < sizeof spans / sizeof *spans; u++) {
            size_t ulen = qty_word_at(cp, n, j + 2, spans[u].unit);
            if (!ulen) continue;
            q->plus = 1;
            q->unit = spans[u].canon;
            q->kind = QTY_SPAN;
            q->end = j + 2 + ulen;
            return 1;
        }
    }
    size_t len = table_unit_at(x, cp, n, j, &canon, &kind);
    if (len && kind == QTY_COUNT && unit_in_word(cp, n, j, len)) return 1; /* 13万家庭: no unit */
    if (!len) len = mined_unit_at(x, cp, n, j, &canon, &kind);
    if (len) {
        q->unit = canon;
        q->kind = kind;
        q->end = j + len;
        if (cp[j] == 0x6210 /* 成: 三成 = 30% */) q->value *= 10;
    }
    return 1;
}

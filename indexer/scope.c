/* scope.c - context rules about places (see scope.h). */
#include "scope.h"

#include <stddef.h>
#include <string.h>

/* Words after 全国 that make it part of a title or an honour, not a scope. */
static const uint32_t *const nation_titles[] = {
    U"全国人大代表", U"全国政协委员", U"全国劳动模范", U"全国劳模", U"全国先进",
    U"全国优秀",     U"全国文明",     U"全国重点",     U"全国示范", U"全国百强",
    U"全国模范",     U"全国五一",     U"全国三八",     U"全国道德", NULL};

/* Comparisons that rank a place against the whole country (全国首个, 居全国
 *前列, 全国领先) and origins (来自全国各地): the passage is about the place
 * compared or the place come to, not about the country. */
static const uint32_t *const nation_compare[] = {
    U"全国首",   U"全国第一", U"全国唯一", U"全国领先",     U"全国前列", U"全国率先",   U"全国最",
    U"全国之最", U"居全国",   U"全国排名", U"来自全国各地", U"来自全国", U"从全国各地", NULL};

static const uint32_t *const nation_strong[] = {
    U"全国", U"我国", U"各省（区、市）", U"各省(区、市)", U"各省区市",         U"31个省", U"各省份",
    U"各地", U"全军", U"中华人民共和国", U"国务院",       U"全国人民代表大会", U"党中央", NULL};

static const uint32_t *const nation_weak[] = {U"中央", U"国家", U"中国", NULL};

/* Countries and bodies most often in Chinese news, and diplomatic words.
 * Names of two characters or more only (美, 日 alone are words). */
static const uint32_t *const foreign_words[] = {
    U"美国", U"俄罗斯", U"俄方", U"日本", U"韩国", U"朝鲜", U"印度", U"巴基斯坦", U"越南", U"老挝",
    U"柬埔寨", U"泰国", U"缅甸", U"马来西亚", U"新加坡", U"印度尼西亚", U"菲律宾", U"蒙古国",
    U"哈萨克斯坦", U"乌兹别克斯坦", U"伊朗", U"伊拉克", U"叙利亚", U"以色列", U"以军", U"巴勒斯坦",
    U"加沙", U"沙特", U"土耳其", U"埃及", U"南非", U"尼日利亚", U"肯尼亚", U"刚果", U"埃塞俄比亚",
    U"英国", U"法国", U"德国", U"意大利", U"西班牙", U"乌克兰", U"乌方", U"波兰", U"欧盟", U"欧洲",
    U"非洲", U"拉美", U"加拿大", U"墨西哥", U"巴西", U"阿根廷", U"古巴", U"澳大利亚", U"新西兰",
    U"联合国", U"安理会", U"北约", U"世卫组织", U"世界卫生组织", U"总统", U"外长", U"首相", U"两国",
    U"双边", U"大使", U"访华", U"国事访问",
    /* more countries (not 巴林: 巴林右旗 is Inner Mongolia's) */
    U"阿富汗", U"厄瓜多尔", U"秘鲁", U"智利", U"委内瑞拉", U"哥伦比亚", U"尼泊尔", U"孟加拉国",
    U"斯里兰卡", U"马尔代夫", U"文莱", U"东帝汶", U"土库曼斯坦", U"吉尔吉斯斯坦", U"塔吉克斯坦",
    U"阿塞拜疆", U"亚美尼亚", U"格鲁吉亚", U"白俄罗斯", U"塞尔维亚", U"匈牙利", U"希腊", U"葡萄牙",
    U"荷兰", U"比利时", U"瑞士", U"瑞典", U"挪威", U"芬兰", U"丹麦", U"奥地利", U"捷克",
    U"罗马尼亚", U"保加利亚", U"爱尔兰", U"黎巴嫩", U"约旦", U"也门", U"阿曼", U"卡塔尔", U"科威特",
    U"阿联酋", U"苏丹", U"利比亚", U"突尼斯", U"阿尔及利亚", U"摩洛哥", U"坦桑尼亚", U"乌干达",
    U"赞比亚", U"津巴布韦", U"安哥拉", U"莫桑比克", U"加纳", U"塞内加尔", U"喀麦隆", U"斐济",
    U"巴布亚新几内亚", U"老挝",
    /* armies and sides of foreign conflicts, and the mark of a foreign dateline */
    U"俄军", U"乌军", U"美军", U"美方", U"日方", U"欧方", U"当地时间", NULL};

/* 全市场 is a market and 全区域 a region: a local reference followed by
 * one of these is not one. */
static const uint32_t *const local_refs[] = {
    U"全市",   U"我市", U"本市",   U"该市", U"全区", U"我区", U"本区", U"该区",   U"全县",
    U"我县",   U"本县", U"该县",   U"全州", U"我州", U"本州", U"市委", U"市政府", U"县委",
    U"县政府", U"区委", U"区政府", U"市民", U"市区", U"城区", NULL};

/* The country's leaders by title (and the one name news uses without one);
 * their visits, letters and speeches speak for the nation, or for no place. */
static const uint32_t *const leader_words[] = {
    U"习近平",       U"总书记",     U"国家主席",   U"国务院总理",
    U"国务院副总理", U"政治局常委", U"政治局委员", U"委员长",
    U"全国政协主席", U"国家副主席", NULL};

/* Verbs that report a speech or a letter. */
static const uint32_t *const speech_words[] = {U"指出", U"强调", U"希望", U"要求", U"致信",
                                               U"贺信", U"回信", U"讲话", U"致辞", NULL};

static const uint32_t *const province_words[] = {U"全省",       U"我省", U"本省",   U"省委",
                                                 U"省政府",     U"省卫", U"全区各", U"自治区党委",
                                                 U"自治区政府", NULL};

static const uint32_t *const *const scope_lists[] = {
    nation_titles, nation_compare, nation_strong, nation_weak,  foreign_words,
    local_refs,    province_words, leader_words,  speech_words, NULL};

/* The first code points of every word above, ascending: a code point not
 * here starts no word, so the scan skips it with one binary search
 * (test_scope checks the table against the lists). */
static const uint32_t scope_firsts[] =
    U"3世东两中丹乌也习亚从以伊俄保党全刚利加匈北区南卡印厄县双叙"
    U"古各吉哈哥喀回国土坦埃城塔塞墨外大奥委孟安尼居巴市希强当德总"
    U"意我拉指挪捷摩政文斐斯新日智朝本来柬格欧比沙法波泰津澳爱瑞白"
    U"省科秘突约缅罗美老联肯自致芬苏英荷莫菲葡蒙西要讲访该贺赞越阿"
    U"非韩首马黎";

const uint32_t *const *const *scope_word_lists(void)
{
    return scope_lists;
}

const uint32_t *scope_first_chars(size_t *n)
{
    *n = sizeof scope_firsts / sizeof *scope_firsts - 1;
    return scope_firsts;
}

/* Is cp in the ascending table a[0, n)? */
static int sorted_has(const uint32_t *a, size_t n, uint32_t cp)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (a[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && a[lo] == cp;
}

static int may_start_word(uint32_t cp)
{
    return sorted_has(scope_firsts, sizeof scope_firsts / sizeof *scope_firsts - 1, cp);
}

/* 全省, 全市, 本县 ... right before i. */
static int local_scope_before(const cpt *c, size_t i)
{
    static const uint32_t *const scopes[] = {U"全省", U"全市", U"全县", U"全区", U"本省",
                                             U"本市", U"我省", U"我市", NULL};
    for (int k = 0; scopes[k]; k++)
        if (cpt_ends_at(c, i, scopes[k])) return 1;
    return 0;
}

/* Does x end a clause (，。；：！？)? */
static int clause_end(uint32_t x)
{
    return x == U'，' || x == U'。' || x == U'；' || x == U'：' || x == U'！' || x == U'？';
}

/* How far after a national word an event's name may end (第十五届全国运动会,
 * 2024年中国金鸡百花电影节: the name's last character). */
#define EVENT_NAME_MAX 12

/* Does the word [i, e) open the name of an event: right after 第…届 or a
 * year (2024年), with an event's last character (会 节 赛 展 奖) before the
 * clause ends?  The event is where it is held, not the country: 第十五届全国
 * 运动会 is in 广东, 中国金鸡百花电影节 in 厦门. */
static int in_event_name(const cpt *c, size_t i, size_t e)
{
    if (i < 2) return 0;
    uint32_t b = c->v[i - 1];
    if (!(b == U'届' || (b == U'年' && c->v[i - 2] >= U'0' && c->v[i - 2] <= U'9'))) return 0;
    static const uint32_t ends[] = U"会节赛展奖";
    for (size_t k = e; k < c->n && k < e + EVENT_NAME_MAX; k++) {
        uint32_t x = c->v[k];
        if (clause_end(x) || x == U'、') return 0;
        for (size_t j = 0; ends[j]; j++)
            if (x == ends[j]) return 1;
    }
    return 0;
}

/* National evidence of the word at i: 2 strong, 1 weak, 0 none or a title
 * (全国人大代表), a comparison or origin (全国首个, 来自全国), a local
 * scope's (全省各地) or an event's name (第十五届全国运动会); *len its
 * length. */
static int nation_at(const cpt *c, size_t i, size_t *len)
{
    int k = cpt_any_at(c, i, nation_titles);
    if (k >= 0) {
        *len = cpt_wlen(nation_titles[k]);
        return 0;
    }
    k = cpt_any_at(c, i, nation_compare);
    if (k >= 0) {
        *len = cpt_wlen(nation_compare[k]);
        return 0;
    }
    k = cpt_any_at(c, i, nation_strong);
    if (k >= 0) {
        *len = cpt_wlen(nation_strong[k]);
        return local_scope_before(c, i) || in_event_name(c, i, i + *len) ? 0 : 2;
    }
    k = cpt_any_at(c, i, nation_weak);
    *len = k >= 0 ? cpt_wlen(nation_weak[k]) : 1;
    return k >= 0 && !in_event_name(c, i, i + *len);
}

/* A local reference at i (not 全市场, 全区域); *len its length. */
static int local_ref_at(const cpt *c, size_t i, size_t *len)
{
    int k = cpt_any_at(c, i, local_refs);
    if (k < 0) return 0;
    *len = cpt_wlen(local_refs[k]);
    size_t e = i + *len;
    return !(e < c->n && (c->v[e] == U'场' || c->v[e] == U'域'));
}

/* Is cp the first code point of a central body's name (scope_central_firsts,
 * ascending)? */
static int may_start_central(uint32_t cp)
{
    return sorted_has(scope_central_firsts, scope_central_nfirsts, cp);
}

/* The length of the central body named at i (scope_central; not 教育部门,
 * the education departments of any level), 0 none. */
static size_t central_at(const cpt *c, size_t i)
{
    if (!may_start_central(c->v[i])) return 0;
    int k = cpt_any_at(c, i, scope_central);
    if (k < 0) return 0;
    size_t len = cpt_wlen(scope_central[k]);
    return i + len < c->n && c->v[i + len] == U'门' ? 0 : len;
}

void scope_scan(const cpt *c, scope_evidence *out)
{
    memset(out, 0, sizeof *out);
    /* each kind of word is counted without overlaps of its own kind */
    size_t next_nation = 0, next_foreign = 0, next_local = 0;
    for (size_t i = 0; i < c->n; i++) {
        size_t len;
        if (i >= next_nation && (len = central_at(c, i)) > 0) {
            out->nation += SCOPE_CENTRAL_WEIGHT;
            next_nation = i + len;
        }
        if (!may_start_word(c->v[i])) continue;
        if (i >= next_nation) {
            int w = nation_at(c, i, &len);
            out->nation += w;
            if (w || len > 1) next_nation = i + len;
        }
        int k = i >= next_foreign ? cpt_any_at(c, i, foreign_words) : -1;
        if (k >= 0) {
            out->foreign++;
            next_foreign = i + cpt_wlen(foreign_words[k]);
        }
        if (i >= next_local && local_ref_at(c, i, &len)) {
            out->local_refs++;
            next_local = i + len;
        }
        if (cpt_any_at(c, i, province_words) >= 0) out->province_wide = 1;
        out->leader += cpt_any_at(c, i, leader_words) >= 0;
        out->speech += cpt_any_at(c, i, speech_words) >= 0;
    }
}

/* Bounds of the clause around [at, end): between two of ，。；：！？ */
static void clause_of(const cpt *c, size_t at, size_t end, size_t *a, size_t *b)
{
    *a = at;
    *b = end;
    while (*a > 0 && !clause_end(c->v[*a - 1])) (*a)--;
    while (*b < c->n && !clause_end(c->v[*b])) (*b)++;
}

/* 新华社北京6月5日电, 中新社郑州1月2日电, (记者 张三) 北京报道 */
static int is_dateline(const cpt *c, size_t at, size_t end)
{
    size_t i = end;
    while (i < c->n && c->v[i] == ' ') i++;
    size_t digits = i;
    while (i < c->n && (cpt_is_digit(c->v[i]) || c->v[i] == U'月' || c->v[i] == U'日')) i++;
    if (i > digits && i < c->n && c->v[i] == U'电') return 1;
    static const uint32_t *const agencies[] = {U"新华社", U"中新社", U"本报",   U"本台",
                                               U"人民网", U"央视网", U"新华网", NULL};
    size_t from = at > 8 ? at - 8 : 0;
    for (size_t k = from; k < at; k++)
        if (cpt_any_at(c, k, agencies) >= 0 && cpt_find(c, end, end + 10, U"电") != (size_t)-1)
            return 1;
    return cpt_at(c, end, U"报道") || cpt_at(c, end, U"电（记者") || cpt_at(c, end, U"电(记者");
}

/* Inside brackets that hold 记者 or 通讯员. */
static int is_byline(const cpt *c, size_t at, size_t end)
{
    size_t open = at, close = end;
    while (open > 0 && at - open < 30 && c->v[open - 1] != U'（' && c->v[open - 1] != '(' &&
           c->v[open - 1] != U'）' && c->v[open - 1] != ')')
        open--;
    if (open == 0 || (c->v[open - 1] != U'（' && c->v[open - 1] != '(')) return 0;
    while (close < c->n && close - end < 30 && c->v[close] != U'）' && c->v[close] != ')') close++;
    if (close >= c->n) return 0;
    return cpt_find(c, open, close, U"记者") != (size_t)-1 ||
           cpt_find(c, open, close, U"通讯员") != (size_t)-1;
}

/* 在北京召开, 在郑州举行, 在北京人民大会堂会见: where a meeting sits or a
 * leader receives is no topic.  An event that opens or is staged there
 * (论坛在四川举办, 活动在澳门开幕: 举办, 开幕, 闭幕, 落幕) is about its host,
 * as the labels read it (leave-one-set-out: news +1 paragraph; dropping
 * 举行 too cost 1). */
static int is_venue(const cpt *c, size_t at, size_t end)
{
    if (at == 0 || c->v[at - 1] != U'在') return 0;
    static const uint32_t *const meetings[] = {U"召开", U"举行", U"会见", U"会谈", U"出席",
                                               U"主持", U"签署", U"成立", NULL};
    for (size_t i = end; i < c->n && i < end + SCOPE_VENUE_CPS; i++) {
        if (c->v[i] == U'，' || c->v[i] == U'。') break;
        if (cpt_any_at(c, i, meetings) >= 0) return 1;
    }
    return 0;
}

/* A partner list: the clause holds a cooperation word, and 与/同/跟 before
 * the name introduces it. */
static int is_partner(const cpt *c, size_t at, size_t end)
{
    size_t a, b;
    clause_of(c, at, end, &a, &b);
    int intro = 0;
    for (size_t i = a; i < at; i++)
        if (c->v[i] == U'与' || c->v[i] == U'同' || c->v[i] == U'跟') intro = 1;
    if (!intro) return 0;
    static const uint32_t *const coop[] = {U"合作", U"协作", U"对接", U"交流", U"结对",
                                           U"共建", U"联合", U"帮扶", NULL};
    for (size_t i = a; i < b; i++)
        if (cpt_any_at(c, i, coop) >= 0) return 1;
    return 0;
}

/* 31个省（自治区、直辖市）和新疆生产建设兵团 */
static int is_formula(const cpt *c, size_t at)
{
    if (!cpt_at(c, at, U"新疆生产建设兵团")) return 0;
    size_t from = at > SCOPE_FORMULA_CPS ? at - SCOPE_FORMULA_CPS : 0;
    static const uint32_t *const lists[] = {U"直辖市）", U"直辖市)", U"区、市）", U"区、市)",
                                            U"省区市",   U"省份",    U"各省",     NULL};
    for (size_t i = from; i < at; i++)
        if (cpt_any_at(c, i, lists) >= 0) return 1;
    return 0;
}

/* 从北京到陕北, 从北京只身来到榆林: a place left behind. */
static int is_origin(const cpt *c, size_t at, size_t end)
{
    /* 来自江苏的援疆医生, 来自广州的医疗队 */
    if (cpt_ends_at(c, at, U"来自")) return 1;
    if (at == 0 || c->v[at - 1] != U'从') return 0;
    static const uint32_t *const moves[] = {U"到", U"来到", U"赶到", U"奔赴", U"前往", U"赴", NULL};
    for (size_t i = end; i < c->n && i < end + SCOPE_ORIGIN_CPS; i++) {
        if (c->v[i] == U'，' || c->v[i] == U'。') break;
        if (cpt_any_at(c, i, moves) >= 0) return 1;
    }
    return 0;
}

/* 内地居民同香港居民、澳门居民、台湾居民: a list of residents' categories
 * (of laws and rules on identity, marriage, entry) names who a rule is
 * for, not a place the passage is about: the name is followed by 居民 or
 * 同胞 (台湾地区居民, 香港特别行政区居民(以下简称香港居民)), and the item
 * stands in a list (、 和 及 同 before it, or after it past a bracket) or
 * is the short name an aside gives it (以下简称香港居民). */
static int is_resident_list(const cpt *c, size_t at, size_t end)
{
    static const uint32_t *const people[] = {U"居民", U"同胞", NULL};
    size_t k = end + (cpt_at(c, end, U"地区") ? 2 : 0);
    int w = cpt_any_at(c, k, people);
    if (w < 0) return 0;
    size_t after = k + cpt_wlen(people[w]);
    if (after < c->n && (c->v[after] == U'(' || c->v[after] == U'（')) {
        size_t close = after + 1;
        while (close < c->n && close < after + SCOPE_RESIDENT_ASIDE_CPS && c->v[close] != U')' &&
               c->v[close] != U'）')
            close++;
        after = close + 1;
    }
    if (cpt_ends_at(c, at, U"简称")) return 1; /* (以下简称香港居民) */
    static const uint32_t joins[] = {U'、', U'和', U'及', U'同'};
    for (size_t j = 0; j < sizeof joins / sizeof *joins; j++)
        if ((after < c->n && c->v[after] == joins[j] && joins[j] != U'同') ||
            (at > 0 && c->v[at - 1] == joins[j]))
            return 1;
    return 0;
}

/* 南邻东莞、深圳，西接广州: a neighbour described, not the place itself;
 * the rest of a list that starts so is neighbours too. */
static int is_neighbour(const cpt *c, size_t at)
{
    /* 连接和田至若羌 connects: only a direction makes 接 a border */
    static const uint32_t *const words[] = {U"东邻", U"西邻", U"南邻", U"北邻", U"毗邻",
                                            U"紧邻", U"东接", U"西接", U"南接", U"北接",
                                            U"距",   U"临近", NULL};
    for (int k = 0; words[k]; k++)
        if (cpt_ends_at(c, at, words[k])) return 1;
    return 0;
}

size_t scope_lead_start(const cpt *c)
{
    static const uint32_t *const prefixes[] = {U"央视网消息（新闻联播）：", U"央视网消息：",
                                               U"本台消息：", U"本台消息，", NULL};
    int k = cpt_any_at(c, 0, prefixes);
    return k < 0 ? 0 : cpt_wlen(prefixes[k]);
}

/* Characters of transliterated foreign names that Chinese words next to a
 * county name hardly use (not 基, 维, 娃: 西昌基地, 维吾尔, 山东娃). */
static const uint32_t translit_chars[] = U"斯茨涅兹捷耶夫姆娅";

static int translit_char(uint32_t cp)
{
    for (size_t i = 0; translit_chars[i]; i++)
        if (translit_chars[i] == cp) return 1;
    return 0;
}

int scope_transliterated(const cpt *c, size_t at, size_t end)
{
    return (at > 0 && translit_char(c->v[at - 1])) || (end < c->n && translit_char(c->v[end]));
}

/* Compare the name of scope_words[k] with the code points [at, end):
 * <0, 0, >0 as the name sorts before, equal to or after them. */
static int word_name_cmp(size_t k, const cpt *c, size_t at, size_t end)
{
    const scope_word *w = &scope_words[k];
    size_t n = end - at;
    for (size_t i = 0; i < w->len && i < n; i++) {
        uint32_t a = w->word[w->off + i], b = c->v[at + i];
        if (a != b) return a < b ? -1 : 1;
    }
    return w->len < n ? -1 : w->len > n ? 1 : 0;
}

int scope_hidden(const cpt *c, size_t at, size_t end)
{
    size_t lo = 0, hi = scope_nwords;
    while (lo < hi) { /* the first entry whose name is not before the mention */
        size_t mid = lo + (hi - lo) / 2;
        if (word_name_cmp(mid, c, at, end) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t k = lo; k < scope_nwords && !word_name_cmp(k, c, at, end); k++) {
        size_t off = scope_words[k].off;
        if (at >= off && cpt_at(c, at - off, scope_words[k].word)) return 1;
    }
    return 0;
}

const char *scope_not_topic(const cpt *c, size_t at, size_t end)
{
    if (scope_hidden(c, at, end)) return "word";
    if (is_origin(c, at, end)) return "origin";
    if (is_neighbour(c, at)) return "neighbour";
    if (is_resident_list(c, at, end)) return "residents";
    if (is_formula(c, at)) return "formula";
    if (is_dateline(c, at, end)) return "dateline";
    if (is_byline(c, at, end)) return "byline";
    if (is_venue(c, at, end)) return "venue";
    if (is_partner(c, at, end)) return "partner";
    return NULL;
}

typedef struct region {
    const uint32_t *word;
    uint32_t codes[SCOPE_REGION_MAX]; /* 0-terminated when fewer */
} region;

static const region regions[] = {
    {U"京津冀", {1101, 1201, 13, 0}},
    {U"长三角", {3101, 32, 33, 34}},
    {U"粤港澳大湾区", {44, 0, 0, 0}},
    {U"珠三角", {44, 0, 0, 0}},
    {U"成渝", {5001, 5101, 0, 0}},
    {U"东北三省", {21, 22, 23, 0}},
    /* 港澳台 (同胞, 地区) is a formula of national news, not a topic: read
     * as a word of no place, before 港澳 */
    {U"港澳台", {0, 0, 0, 0}},
    {U"港澳", {81, 82, 0, 0}},
};

/* One-character abbreviations of the provinces (简称), with the code a
 * region word uses (a municipality's city); ascending by character, for
 * the binary search of abbrev_code (scope_abbrev in test_scope looks up
 * every one). */
static const struct {
    uint32_t ch, code;
} abbrevs[] = {
    {U'云', 53}, {U'京', 1101}, {U'冀', 13}, {U'台', 71}, {U'吉', 22},   {U'宁', 64},
    {U'川', 51}, {U'新', 65},   {U'晋', 14}, {U'桂', 45}, {U'沪', 3101}, {U'津', 1201},
    {U'浙', 33}, {U'渝', 5001}, {U'港', 81}, {U'湘', 43}, {U'滇', 53},   {U'澳', 82},
    {U'琼', 46}, {U'甘', 62},   {U'皖', 34}, {U'秦', 61}, {U'粤', 44},   {U'苏', 32},
    {U'蒙', 15}, {U'藏', 54},   {U'蜀', 51}, {U'豫', 41}, {U'贵', 52},   {U'赣', 36},
    {U'辽', 21}, {U'鄂', 42},   {U'闽', 35}, {U'陇', 62}, {U'陕', 61},   {U'青', 63},
    {U'鲁', 37}, {U'黑', 23},   {U'黔', 52},
};

/* Words after a run of abbreviations that make them places. */
static const uint32_t *const abbrev_suffixes[] = {
    U"等地", U"等省", U"地区", U"两地", U"三地", U"四地", U"五地",     U"两省",
    U"三省", U"四省", U"五省", U"多地", U"一带", U"交界", U"部分地区", NULL};

static uint32_t abbrev_code(uint32_t ch)
{
    size_t lo = 0, hi = sizeof abbrevs / sizeof *abbrevs;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (abbrevs[mid].ch < ch)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sizeof abbrevs / sizeof *abbrevs && abbrevs[lo].ch == ch ? abbrevs[lo].code : 0;
}

size_t scope_abbrev_at(const cpt *c, size_t i, uint32_t codes[SCOPE_ABBREV_MAX], size_t *n)
{
    *n = 0;
    if (i > 0 && abbrev_code(c->v[i - 1])) return 0; /* inside a longer run */
    size_t e = i;
    while (e < c->n && e - i < SCOPE_ABBREV_MAX && abbrev_code(c->v[e])) e++;
    if (e - i < 2 || (e < c->n && abbrev_code(c->v[e])) || cpt_any_at(c, e, abbrev_suffixes) < 0)
        return 0;
    for (size_t k = i; k + 1 < e; k++)
        if ((c->v[k] == U'辽' && c->v[k + 1] == U'宁') ||
            (c->v[k] == U'澳' && c->v[k + 1] == U'新'))
            return 0;
    for (size_t k = i; k < e; k++) {
        uint32_t code = abbrev_code(c->v[k]);
        size_t j = 0;
        while (j < *n && codes[j] != code) j++;
        if (j == *n) codes[(*n)++] = code;
    }
    return e - i;
}

/* The length of the fair named at i (scope_events), its city in *city; 0 none. */
static size_t event_at(const cpt *c, size_t i, uint32_t *city)
{
    for (const scope_event *e = scope_events; e->word; e++)
        if (c->v[i] == e->word[0] && cpt_at(c, i, e->word)) {
            *city = e->city;
            return cpt_wlen(e->word);
        }
    return 0;
}

/* Words after an abbreviated route name (scope_routes); tools/mine_routes.py
 * reads this list, so the miner and the annotator agree. */
static const uint32_t *const route_words[] = {U"高速铁路", U"城际铁路", U"高速公路", U"高铁",
                                              U"铁路",     U"城际",     U"客专",     NULL};

/* The length of the route name at i followed by a route word (scope_routes),
 * its entry in *out; 0 none. */
static size_t route_at(const cpt *c, size_t i, const scope_route **out)
{
    for (const scope_route *r = scope_routes; r->word; r++) {
        if (c->v[i] != r->word[0] || !cpt_at(c, i, r->word)) continue;
        size_t len = cpt_wlen(r->word);
        if (cpt_any_at(c, i + len, route_words) < 0) continue;
        *out = r;
        return len;
    }
    return 0;
}

void scope_regions(const cpt *c, void (*fn)(void *ctx, const uint32_t *codes, size_t n), void *ctx)
{
    for (size_t i = 0; i < c->n; i++) {
        uint32_t city;
        size_t len = event_at(c, i, &city);
        if (len) {
            fn(ctx, &city, 1);
            i += len - 1;
            continue;
        }
        for (size_t r = 0; r < sizeof regions / sizeof *regions; r++) {
            if (c->v[i] != regions[r].word[0] || !cpt_at(c, i, regions[r].word)) continue;
            size_t n = 0;
            while (n < SCOPE_REGION_MAX && regions[r].codes[n]) n++;
            fn(ctx, regions[r].codes, n);
            i += cpt_wlen(regions[r].word) - 1;
            break;
        }
    }
}

void scope_routes_in(const cpt *c, void (*fn)(void *ctx, const uint32_t *codes, size_t n),
                     void *ctx)
{
    for (size_t i = 0; i < c->n; i++) {
        const scope_route *route;
        size_t len = route_at(c, i, &route);
        if (!len) continue;
        size_t n = 0;
        while (n < SCOPE_ROUTE_MAX && route->codes[n]) n++;
        fn(ctx, route->codes, n);
        i += len - 1;
    }
}

int scope_capital_institution(const cpt *c, size_t i)
{
    static const uint32_t *const hospitals[] = {
        U"人民医院",   U"肿瘤医院",     U"儿童医院", U"妇幼保健院", U"中医院", U"胸科医院",
        U"传染病医院", U"精神卫生中心", U"眼科医院", U"口腔医院",   U"立医院", NULL};
    if (i < c->n && c->v[i] == U'省') i++;
    return cpt_any_at(c, i, hospitals) >= 0;
}

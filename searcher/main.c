/*
 * main.c - the zhsearch command.
 *
 *   zhsearch [-i INDEX] [options] QUERY...
 *   zhsearch [-i INDEX] [options] -        queries from stdin, one per line
 *
 * Exit status as grep: 0 some passage matched, 1 none did, 2 error (a bad
 * query, a missing or damaged index).  Results go to stdout, messages to
 * stderr.
 */
#include "err.h"
#include "facet.h"
#include "factfacet.h"
#include "filter.h"
#include "gazetteer.h"
#include "index.h"
#include "normalize.h"
#include "output.h"
#include "query.h"
#include "search.h"
#include "shape.h"
#include "suggest.h"
#include "uchar.h"
#include "utf8.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ZHSEARCH_VERSION "0.1.0"
#define DEFAULT_INDEX    "index"
#define DEFAULT_LIMIT    10
/* Most hits one query may ask for (limit + offset). */
#define MAX_HITS 1000000

static const char usage_text[] =
    "usage: zhsearch [-i INDEX] [options] QUERY...\n"
    "       zhsearch [-i INDEX] [options] -      (queries from stdin, one per line)\n"
    "\n"
    "QUERY: words are ANDed; every Chinese word must occur exactly as written\n"
    "(a single character works too); \"quoted text\" is one exact sequence;\n"
    "A OR B; -word and NOT word exclude; (A B) OR C groups (tightest first: - and\n"
    "NOT, OR, AND); NEAR(A B, 10) or \"A B\"~10: within 10 characters;\n"
    "city:NAME and year:YYYY (or year:2021..2025) filter;\n"
    "date:2022-03 (also 2022, 2022-03-05, 2022-03-01..2022-06-30, ..2022-06) filters\n"
    "by the document's date; title:TEXT, kind:heading|body, doc:GLOB by the\n"
    "document's title, the passage's kind, the document's path;\n"
    "FIELD>N (also >=, <, <=, =, N1<FIELD<=N2) asks for numeric facts: 托位数>3,\n"
    "治愈率>=98%, 投资>=70亿元.  A query may be filters or conditions alone:\n"
    "zhsearch --city 鹤壁 --year 2024; zhsearch 托位数>3.\n"
    "\n"
    "options:\n"
    "  -i, --index DIR     index directory (default $ZHSEARCH_INDEX, else ./index)\n"
    "  -n, --limit N       show the best N passages (default 10)\n"
    "      --offset N      skip the best N first (paging)\n"
    "      --count         print only the number of matching passages\n"
    "      --city PLACE    only passages about this city, county (its city), province\n"
    "                      or division code; repeat for several (any of them)\n"
    "      --year Y        only passages about year Y, or a range Y1..Y2; repeatable\n"
    "      --date D        only passages of documents dated D: YYYY, YYYY-MM,\n"
    "                      YYYY-MM-DD or a range D1..D2 (an end may be open);\n"
    "                      repeatable (any of them)\n"
    "      --facet F       count the matching passages per city or per year (F is\n"
    "                      city or year), or give count, min, max, mean and a\n"
    "                      histogram of the facts of field F; repeatable\n"
    "      --fields [TEXT] list the fact fields (containing TEXT) with their counts\n"
    "      --min-confidence X  facts below confidence X (0..1, default 0.5) answer\n"
    "                      no condition and count in no facet (docs/FACTS.md)\n"
    "      --format FMT    text (default), json (JSON Lines) or tsv\n"
    "      --explain       show how each score is computed (BM25 factors)\n"
    "      --summary       end JSON output with {\"summary\":{total, shown, took_ms}}\n"
    "      --sort KEY      score (default), date, -date (newest first) or doc\n"
    "      --collapse      the best passage of each document, with how many more\n"
    "                      of its passages matched\n"
    "  -C, --context N     show N passages of the same document before and after\n"
    "                      each hit (-B N before, -A N after), as grep does with lines\n"
    "  -l, --files-with-matches  the documents with matches, one a line\n"
    "      --count-by doc  the documents with matches and how many passages each\n"
    "      --snippet N     snippet width in characters (default 80)\n"
    "      --color WHEN    auto (default: on a terminal, unless NO_COLOR is set),\n"
    "                      always or never\n"
    "  -h, --help          this help\n"
    "      --version       print the version\n"
    "\n"
    "exit status: 0 some passage matched, 1 none matched, 2 error.\n";

/* Most neighbouring passages -A, -B and -C show on each side. */
#define MAX_CONTEXT      100
#define MAX_CONTEXT_TEXT "100"

/* Most --city, --year, --date and --facet options. */
#define MAX_FILTER_ARGS 64
/* Default --min-confidence: facts the extractor doubts on two counts
 * (an inherited field, a verb inside it, no unit, one character) fall
 * below it (docs/FACTS.md "Confidence"). */
#define FACT_MIN_CONF_DEFAULT 0.5
/* Most --facet FIELD options. */
#define MAX_FACT_FACETS 8

typedef struct cli {
    const char *index;
    const char *cities[MAX_FILTER_ARGS], *years[MAX_FILTER_ARGS], *dates[MAX_FILTER_ARGS];
    size_t ncities, nyears, ndates;
    int facet_city, facet_year;
    const char *facet_fields[MAX_FACT_FACETS];
    size_t nfacet_fields;
    int list_fields;
    size_t limit, offset;
    int count;
    int from_stdin;
    const char *color;
    double min_conf; /* --min-confidence */
    shp_opts shape;  /* --sort, --collapse */
    int docs_view;   /* 1: -l (document names), 2: --count-by doc */
    out_opts out;
    char **words;
    size_t nwords;
} cli;

/* The long options, for "did you mean". */
static const char *const long_options[] = {
    "index",    "limit",          "offset",   "count",
    "city",     "year",           "date",     "facet",
    "fields",   "min-confidence", "format",   "explain",
    "summary",  "sort",           "collapse", "files-with-matches",
    "count-by", "context",        "snippet",  "color",
    "colour",   "help",           "version"};

/* An unknown option, with the closest known one. */
static int unknown_option(const char *a)
{
    const char *near = NULL;
    if (a[0] == '-' && a[1] == '-') {
        const char *eq = strchr(a, '=');
        size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
        near = sug_closest(a + 2, len, long_options, sizeof long_options / sizeof *long_options);
    }
    fprintf(stderr, "zhsearch: unknown option '%s'%s%s%s\n(zhsearch --help for usage)\n", a,
            near ? " (did you mean --" : "", near ? near : "", near ? "?)" : "");
    return 2;
}

static int bad_usage(const char *msg, const char *arg)
{
    fprintf(stderr, "zhsearch: ");
    fprintf(stderr, msg, arg);
    fprintf(stderr, "\n(zhsearch --help for usage)\n");
    return 2;
}

static int parse_size(const char *s, size_t max, size_t *out)
{
    char *e;
    unsigned long long v = strtoull(s, &e, 10);
    if (!*s || *e || v > max || s[0] == '-') return -1;
    *out = (size_t)v;
    return 0;
}

/* Is this argument an option?  Query words may start with '-' (exclusion:
 * -民营, -"民营 医院"), so only '-' followed by an ASCII letter or '-' is. */
static int looks_like_option(const char *a)
{
    if (a[0] != '-' || a[1] == '\0') return 0;
    unsigned char c = (unsigned char)a[1];
    return c == '-' || (c < 0x80 && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')));
}

/* Returns -1 to go on, else an exit status. */
static int parse_args(int argc, char **argv, cli *c)
{
    memset(c, 0, sizeof *c);
    c->index = getenv("ZHSEARCH_INDEX");
    if (!c->index || !*c->index) c->index = DEFAULT_INDEX;
    c->limit = DEFAULT_LIMIT;
    c->min_conf = FACT_MIN_CONF_DEFAULT;
    c->color = "auto";
    c->out.format = OUT_TEXT;
    c->out.snippet = 80;
    c->words = calloc((size_t)argc, sizeof *c->words);
    if (!c->words) {
        fprintf(stderr, "zhsearch: out of memory\n");
        return 2;
    }
    int only_words = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_words || !looks_like_option(a)) {
            if (!strcmp(a, "-") && !only_words)
                c->from_stdin = 1;
            else
                c->words[c->nwords++] = argv[i];
            continue;
        }
        if (!strcmp(a, "--")) {
            only_words = 1;
            continue;
        }
        /* options with a value: "--opt VALUE", "--opt=VALUE", "-n VALUE", "-n5" */
        const char *val = NULL;
        char name[32];
        const char *eq = strchr(a, '=');
        if (a[1] == '-' && eq && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = '\0';
            val = eq + 1;
        } else if (a[1] != '-' && a[2] != '\0') {
            snprintf(name, sizeof name, "-%c", a[1]);
            val = a + 2;
        } else {
            snprintf(name, sizeof name, "%s", a);
        }
        int takes = !strcmp(name, "-i") || !strcmp(name, "--index") || !strcmp(name, "-n") ||
                    !strcmp(name, "--limit") || !strcmp(name, "--offset") ||
                    !strcmp(name, "--format") || !strcmp(name, "--color") ||
                    !strcmp(name, "--colour") || !strcmp(name, "--snippet") ||
                    !strcmp(name, "--city") || !strcmp(name, "--year") || !strcmp(name, "--date") ||
                    !strcmp(name, "--facet") || !strcmp(name, "--min-confidence") ||
                    !strcmp(name, "--sort") || !strcmp(name, "--count-by") || !strcmp(name, "-A") ||
                    !strcmp(name, "-B") || !strcmp(name, "-C") || !strcmp(name, "--context");
        if (takes && !val) {
            if (i + 1 >= argc) return bad_usage("option %s needs a value", name);
            val = argv[++i];
        } else if (!takes && val) {
            return unknown_option(a);
        }
        if (!strcmp(name, "-h") || !strcmp(name, "--help")) {
            fputs(usage_text, stdout);
            return 0;
        } else if (!strcmp(name, "--version")) {
            printf("zhsearch %s\n", ZHSEARCH_VERSION);
            return 0;
        } else if (!strcmp(name, "-i") || !strcmp(name, "--index")) {
            c->index = val;
        } else if (!strcmp(name, "-n") || !strcmp(name, "--limit") || !strcmp(name, "--offset")) {
            int lim = strcmp(name, "--offset") != 0;
            if (parse_size(val, SIZE_MAX, lim ? &c->limit : &c->offset))
                return bad_usage(lim ? "--limit: '%s' is not a number of passages"
                                     : "--offset: '%s' is not a number of passages",
                                 val);
            if ((lim ? c->limit : c->offset) > MAX_HITS) {
                fprintf(stderr, "zhsearch: %s %s is over the limit of %d hits a query%s\n",
                        lim ? "--limit" : "--offset", val, MAX_HITS,
                        lim ? " (--count counts them all; export in pages with --offset)" : "");
                return 2;
            }
        } else if (!strcmp(name, "--summary")) {
            c->out.summary = 1;
        } else if (!strcmp(name, "--sort")) {
            if (shp_parse_sort(val, &c->shape.sort))
                return bad_usage("--sort: '%s' is not score, date, -date or doc", val);
        } else if (!strcmp(name, "-A") || !strcmp(name, "-B") || !strcmp(name, "-C") ||
                   !strcmp(name, "--context")) {
            size_t k;
            if (parse_size(val, MAX_CONTEXT, &k))
                return bad_usage("%s: not a number of passages from 0 to " MAX_CONTEXT_TEXT, name);
            if (strcmp(name, "-A")) c->out.before = (uint32_t)k;
            if (strcmp(name, "-B")) c->out.after = (uint32_t)k;
        } else if (!strcmp(name, "--collapse")) {
            c->shape.collapse = 1;
        } else if (!strcmp(name, "-l") || !strcmp(name, "--files-with-matches")) {
            c->docs_view = 1;
        } else if (!strcmp(name, "--count-by")) {
            if (strcmp(val, "doc")) return bad_usage("--count-by: '%s' is not doc", val);
            c->docs_view = 2;
        } else if (!strcmp(name, "--city") || !strcmp(name, "--year")) {
            int city = !strcmp(name, "--city");
            if ((city ? c->ncities : c->nyears) == MAX_FILTER_ARGS)
                return bad_usage("too many %s options", name);
            if (city)
                c->cities[c->ncities++] = val;
            else
                c->years[c->nyears++] = val;
        } else if (!strcmp(name, "--date")) {
            if (c->ndates == MAX_FILTER_ARGS) return bad_usage("too many %s options", name);
            c->dates[c->ndates++] = val;
        } else if (!strcmp(name, "--facet")) {
            if (!strcmp(val, "city"))
                c->facet_city = 1;
            else if (!strcmp(val, "year"))
                c->facet_year = 1;
            else if (!*val)
                return bad_usage("--facet: needs city, year or a fact field%s", "");
            else if (c->nfacet_fields == MAX_FACT_FACETS)
                return bad_usage("too many --facet fields (at most %s)", "8");
            else
                c->facet_fields[c->nfacet_fields++] = val;
        } else if (!strcmp(name, "--min-confidence")) {
            char *e;
            c->min_conf = strtod(val, &e);
            if (e == val || *e || !(c->min_conf >= 0 && c->min_conf <= 1))
                return bad_usage("--min-confidence: '%s' is not a number from 0 to 1", val);
        } else if (!strcmp(name, "--fields")) {
            c->list_fields = 1;
        } else if (!strcmp(name, "--count")) {
            c->count = 1;
        } else if (!strcmp(name, "--explain")) {
            c->out.explain = 1;
        } else if (!strcmp(name, "--format")) {
            if (!strcmp(val, "text"))
                c->out.format = OUT_TEXT;
            else if (!strcmp(val, "json"))
                c->out.format = OUT_JSON;
            else if (!strcmp(val, "tsv"))
                c->out.format = OUT_TSV;
            else
                return bad_usage("--format: '%s' is not text, json or tsv", val);
        } else if (!strcmp(name, "--color") || !strcmp(name, "--colour")) {
            if (strcmp(val, "auto") && strcmp(val, "always") && strcmp(val, "never"))
                return bad_usage("--color: '%s' is not auto, always or never", val);
            c->color = val;
        } else if (!strcmp(name, "--snippet")) {
            size_t w;
            if (parse_size(val, 10000, &w) || w < 10)
                return bad_usage("--snippet: '%s' is not a width from 10 to 10000", val);
            c->out.snippet = (uint32_t)w;
        } else {
            return unknown_option(a);
        }
    }
    if (c->limit + c->offset > MAX_HITS)
        return bad_usage("--limit plus --offset is over the limit of %s hits a query", "1000000");
    if (c->list_fields) {
        /* the words, if any, are the text to look for in field names */
    } else if (!c->nwords && !c->from_stdin && (c->ncities || c->nyears || c->ndates)) {
        /* filters alone are a query */
    } else if (!c->nwords && !c->from_stdin) {
        if (isatty(0)) return bad_usage("no query given%s", "");
        c->from_stdin = 1;
    }
    if (c->nwords && c->from_stdin)
        return bad_usage("give queries as arguments or on stdin ('-'), not both%s", "");
    const char *nc = getenv("NO_COLOR");
    c->out.color =
        !strcmp(c->color, "always") || (!strcmp(c->color, "auto") && isatty(1) && !(nc && *nc));
    c->out.offset = c->offset;
    c->out.batch = c->from_stdin;
    return -1;
}

/* A monotonic clock in milliseconds. */
static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Point at the column of a query error: the query, then a caret under it
 * (CJK characters are two columns wide on a terminal). */
static void show_error(const char *query, const qry_error *e, long line)
{
    if (line > 0)
        fprintf(stderr, "zhsearch: line %ld: ", line);
    else
        fprintf(stderr, "zhsearch: ");
    if (e->col)
        fprintf(stderr, "query error at column %u: %s\n", e->col, e->msg);
    else
        fprintf(stderr, "query error: %s\n", e->msg);
    if (!e->col || !u8_valid(query, strlen(query))) return;
    fprintf(stderr, "  %s\n  ", query);
    const uint8_t *p = (const uint8_t *)query;
    for (uint32_t col = 1; col < e->col && *p; col++) {
        uint32_t cp;
        p += u8_next(p, &cp);
        fputs(uc_width(cp) == 2 ? "  " : " ", stderr);
    }
    fputs("^\n", stderr);
}

/* Filters of one query: the command line's and the query's own. */
static int make_filters(const cli *c, const gaz *g, const qry *q, const char *query, long line,
                        flt_set *fs)
{
    zs_diag d;
    zs_diag_clear(&d);
    qry_error e = {0, ""};
    int rc = ZS_OK;
    for (size_t i = 0; i < c->ncities && !rc; i++) rc = flt_add_city(fs, g, c->cities[i], &d);
    for (size_t i = 0; i < c->nyears && !rc; i++) rc = flt_add_year(fs, c->years[i], &d);
    size_t at = 0;
    for (size_t i = 0; i < c->ndates && !rc; i++) rc = flt_add_date(fs, c->dates[i], &at, &d);
    if (rc == ZS_EINVAL) {
        fprintf(stderr, "zhsearch: %s\n", d.msg);
        return rc;
    }
    for (size_t i = 0; i < q->nfields && !rc; i++) {
        const qry_field *f = &q->fields[i];
        at = 0;
        if (!strcmp(f->name, "date")) {
            rc = flt_add_date(fs, f->value, &at, &d);
            /* the column of the fault, not of the field */
            if (rc == ZS_EINVAL) at = strlen("date:") + u8_count(f->value, at);
        } else if (!strcmp(f->name, "city")) {
            rc = flt_add_city(fs, g, f->value, &d);
        } else if (!strcmp(f->name, "year")) {
            rc = flt_add_year(fs, f->value, &d);
        } /* title: kind: doc: are clauses of the plan (docfilter.h) */
        if (rc == ZS_EINVAL) {
            e.col = f->col + (uint32_t)at;
            snprintf(e.msg, sizeof e.msg, "%s", d.msg);
            show_error(query, &e, line);
        }
    }
    flt_finish(fs);
    return rc;
}

/* A confidence 0..1 as the index stores it (0..255). */
static uint8_t conf_byte(double x)
{
    return (uint8_t)(x * 255.0 + 0.5);
}

static int print_facets(searcher *s, const cli *c, const qry *q, const srch_plan *p,
                        const u64vec *all, const char *query, zs_diag *d)
{
    for (size_t i = 0; i < c->nfacet_fields; i++) {
        buf nb;
        buf_init(&nb);
        int rc = norm_string(c->facet_fields[i], strlen(c->facet_fields[i]), &nb);
        factfacet_result fr;
        if (!rc)
            rc = factfacet_compute(s->ix, nb.data ? nb.data : "", conf_byte(c->min_conf), q,
                                   p->filters, p->nfilters, all, &fr, d);
        if (!rc) {
            rc = out_fact_facet(stdout, &fr, query, &c->out);
            factfacet_free(&fr);
        }
        buf_free(&nb);
        if (rc) return rc;
    }
    for (int k = 0; k < 2; k++) {
        if (!(k == 0 ? c->facet_city : c->facet_year)) continue;
        fc_result fr;
        int rc = fc_count_values(s->ix, k == 0 ? FC_CITY : FC_YEAR, all, &fr, d);
        if (!rc) rc = out_facet(stdout, &fr, (uint64_t)all->n, query, &c->out);
        fc_free(&fr);
        if (rc) return rc;
    }
    return ZS_OK;
}

/* Run query[0, len) (a line from stdin may hold a NUL, which the parser
 * reports); returns 0 (hits), 1 (none), 2 (error). */
/* -l and --count-by doc: the documents with matches. */
static int docs_view(searcher *s, const cli *c, const srch_plan *p, const char *query,
                     srch_result *r, zs_diag *d)
{
    shp_doc *docs = NULL;
    size_t n = 0;
    int rc = shp_docs(s, p, &docs, &n, &r->total, d);
    if (!rc) rc = out_docs(stdout, s, docs, n, c->docs_view == 1, query, &c->out, d);
    free(docs);
    return rc;
}

static int run_query(searcher *s, const cli *c, const gaz *g, const char *query, size_t len,
                     long line)
{
    qry q;
    qry_error qe;
    int rc = qry_parse(query, len, &q, &qe);
    int filters_only = rc == ZS_EINVAL && q.n == 0 && q.nfields == 0 && q.nconds == 0 &&
                       (c->ncities || c->nyears || c->ndates) && !strcmp(qe.msg, "empty query");
    if (filters_only) rc = ZS_OK;
    if (rc == ZS_EINVAL) {
        show_error(query, &qe, line);
        qry_free(&q);
        return 2;
    }
    for (size_t i = 0; i < q.nconds; i++) q.conds[i].min_conf = conf_byte(c->min_conf);
    for (size_t i = 0; !rc && i < q.nconds; i++) {
        const qry_cond *qc = &q.conds[i];
        if (factfacet_field_known(s->ix, qc->field, qc->field_len)) continue;
        char near[512];
        factfacet_suggest(s->ix, qc->field, 5, near, sizeof near);
        qry_error e = {qc->col, ""};
        snprintf(e.msg, sizeof e.msg, "no fact field contains '%s'%s%s%s", qc->field,
                 near[0] ? " (did you mean " : "", near, near[0] ? "?)" : "");
        show_error(query, &e, line);
        qry_free(&q);
        return 2;
    }
    flt_set fs;
    flt_init(&fs);
    if (!rc && make_filters(c, g, &q, query, line, &fs)) {
        flt_free(&fs);
        qry_free(&q);
        return 2;
    }
    zs_diag d;
    zs_diag_clear(&d);
    srch_plan p;
    srch_result r = {0};
    if (!rc) rc = srch_plan_build(s, &q, fs.f, fs.nf, &p, &d);
    if (rc == ZS_EINVAL) {
        qry_error e2 = {0, ""};
        snprintf(e2.msg, sizeof e2.msg, "%s", d.msg);
        show_error(query, &e2, line);
        flt_free(&fs);
        qry_free(&q);
        return 2;
    }
    if (!rc) {
        int facets = c->facet_city || c->facet_year || c->nfacet_fields;
        u64vec all;
        u64vec_init(&all);
        double t0 = now_ms();
        if (c->docs_view && !c->count) {
            rc = docs_view(s, c, &p, query, &r, &d);
        } else if (shp_needed(&c->shape) && !c->count) {
            uint32_t *others = NULL;
            rc = shp_run(s, &p, &c->shape, c->limit + c->offset, &r, &others, &d);
            if (!rc && facets) { /* the matches for the facets, in passage order */
                srch_result fr;
                rc = srch_run(s, &p, 0, &all, &fr, &d);
                if (!rc) srch_result_free(&fr);
            }
            if (!rc) rc = out_hits_collapsed(stdout, s, &p, &r, others, query, &c->out, &d);
            free(others);
        } else {
            rc = srch_run(s, &p, c->count ? 0 : c->limit + c->offset, facets ? &all : NULL, &r, &d);
            if (!rc)
                rc = c->count ? out_count(stdout, &r, query, &c->out)
                              : out_hits(stdout, s, &p, &r, query, &c->out, &d);
        }
        if (!rc && facets) rc = print_facets(s, c, &q, &p, &all, query, &d);
        size_t shown = r.nhits > c->offset ? r.nhits - c->offset : 0;
        if (!rc && !c->count)
            rc = out_summary(stdout, r.total, shown, now_ms() - t0, query, &c->out);
        u64vec_free(&all);
        srch_plan_free(&p);
    }
    flt_free(&fs);
    qry_free(&q);
    if (rc) {
        fprintf(stderr, "zhsearch: %s\n", d.msg[0] ? d.msg : zs_strerror(rc));
        srch_result_free(&r);
        return 2;
    }
    int status = r.total ? 0 : 1;
    srch_result_free(&r);
    return status;
}

int main(int argc, char **argv)
{
    cli c;
    int st = parse_args(argc, argv, &c);
    if (st >= 0) {
        free(c.words);
        return st;
    }
    zindex *ix;
    zs_diag d;
    zs_diag_clear(&d);
    int rc = ix_open(&ix, c.index, &d);
    if (rc) {
        fprintf(stderr, "zhsearch: %s\n", d.msg[0] ? d.msg : zs_strerror(rc));
        free(c.words);
        return 2;
    }
    gaz *g = NULL;
    searcher s;
    int grc = gaz_open(&g);
    if (grc || srch_init(&s, ix)) {
        fprintf(stderr, "zhsearch: out of memory\n");
        gaz_free(g);
        ix_close(ix);
        free(c.words);
        return 2;
    }
    c.out.g = g;
    for (size_t i = 0; i < c.nfacet_fields; i++) {
        buf nb;
        buf_init(&nb);
        int nrc = norm_string(c.facet_fields[i], strlen(c.facet_fields[i]), &nb);
        if (nrc == ZS_OK && nb.len && factfacet_field_known(ix, nb.data, nb.len)) {
            buf_free(&nb);
            continue;
        }
        char near[512] = "";
        if (nrc == ZS_ENOMEM) {
            fprintf(stderr, "zhsearch: out of memory\n");
        } else {
            factfacet_suggest(ix, nb.data ? nb.data : "", 5, near, sizeof near);
            fprintf(stderr, "zhsearch: --facet: '%s' is not city, year or a fact field%s%s%s\n",
                    c.facet_fields[i], near[0] ? " (did you mean " : "", near, near[0] ? "?)" : "");
        }
        buf_free(&nb);
        srch_free(&s);
        gaz_free(g);
        ix_close(ix);
        free(c.words);
        return 2;
    }
    if (c.list_fields) {
        size_t len = 0;
        for (size_t i = 0; i < c.nwords; i++) len += strlen(c.words[i]);
        char *text = malloc(len + 1);
        buf nb;
        buf_init(&nb);
        factfacet_name *names = NULL;
        size_t n = 0;
        rc = text ? ZS_OK : ZS_ENOMEM;
        if (!rc) {
            text[0] = '\0';
            for (size_t i = 0; i < c.nwords; i++) strcat(text, c.words[i]);
            rc = norm_string(text, strlen(text), &nb);
        }
        if (!rc) rc = factfacet_names(ix, nb.data ? nb.data : "", &names, &n, &d);
        if (!rc) rc = out_fields(stdout, names, n, &c.out);
        if (rc) fprintf(stderr, "zhsearch: %s\n", d.msg[0] ? d.msg : zs_strerror(rc));
        factfacet_names_free(names, n);
        buf_free(&nb);
        free(text);
        srch_free(&s);
        gaz_free(g);
        ix_close(ix);
        free(c.words);
        return rc ? 2 : n ? 0 : 1;
    }
    int any_hit = 0, any_error = 0;
    if (!c.count && out_tsv_header(stdout, &c.out)) any_error = 1;
    if (!c.from_stdin) {
        size_t len = 0;
        for (size_t i = 0; i < c.nwords; i++) len += strlen(c.words[i]) + 1;
        char *query = malloc(len + 1);
        if (!query) {
            fprintf(stderr, "zhsearch: out of memory\n");
            any_error = 1;
        } else {
            query[0] = '\0';
            for (size_t i = 0; i < c.nwords; i++) {
                if (i) strcat(query, " ");
                strcat(query, c.words[i]);
            }
            int r = run_query(&s, &c, g, query, strlen(query), 0);
            any_hit = r == 0;
            any_error = r == 2;
            free(query);
        }
    } else {
        char *line = NULL;
        size_t cap = 0;
        ssize_t n;
        long lineno = 0;
        errno = 0;
        while ((n = getline(&line, &cap, stdin)) >= 0) {
            lineno++;
            while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = '\0';
            const char *q = line;
            while (*q == ' ' || *q == '\t') q++;
            if (!*q || *q == '#') continue; /* blank lines and comments */
            int r = run_query(&s, &c, g, line, (size_t)n, lineno);
            if (r == 0) any_hit = 1;
            if (r == 2) any_error = 1;
            errno = 0;
        }
        if (errno == ENOMEM || ferror(stdin)) {
            fprintf(stderr, "zhsearch: cannot read queries: %s\n", strerror(errno));
            any_error = 1;
        }
        free(line);
    }
    if (fflush(stdout) != 0) {
        fprintf(stderr, "zhsearch: cannot write output\n");
        any_error = 1;
    }
    srch_free(&s);
    gaz_free(g);
    ix_close(ix);
    free(c.words);
    return any_error ? 2 : any_hit ? 0 : 1;
}

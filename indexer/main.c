/*
 * main.c - the zhindex command: build, passages, stats, check, dump.
 *
 *   zhindex build -o INDEX [options] PATH...
 *   zhindex passages [options] PATH...
 *   zhindex stats INDEX
 *   zhindex check INDEX
 *   zhindex dump INDEX --term T | --section NAME
 *
 * Exit status: 0 success; 1 build done but some files, TSV or JSON lines
 * skipped or a file read only in part (build), the change committed but a
 * merge after it failed (add, sync, remove, merge), or problems found
 * (check); 2 usage error, nothing usable, an index of other paths without
 * --replace, or a fatal error (the index unchanged).
 */
#include "annotate.h"
#include "build.h"
#include "commit.h"
#include "document.h"
#include "dump.h"
#include "date.h"
#include "decode.h"
#include "err.h"
#include "factann.h"
#include "factfmt.h"
#include "inspect.h"
#include "json.h"
#include "manifest.h"
#include "merge.h"
#include "meta.h"
#include "passage.h"
#include "suggest.h"
#include "uchar.h"
#include "update.h"
#include "walk.h"

#include <getopt.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define ZHSEARCH_VERSION "0.1.0"
/* Default memory of a build, MiB (--memory): its peak stays under the
 * 256 MiB of the target at every input size (docs/BENCHMARKS.md "Build
 * memory"). */
#define DEFAULT_MEMORY_MB 160
#define MIN_MEMORY_MB     16
#define MAX_MEMORY_MB     (1u << 20)
/* What a build holds besides the inverter and the columns counted with it
 * (invert.h inv_share): the stored text's dictionary sample (4 MiB), the
 * hand-over queues of the threads, zlib, the segment file's write buffer,
 * read buffers and the heap's spare pages: measured 24 MiB over them on
 * real100.  --memory is the whole build's, so the inverter gets the rest,
 * and at least half of it (below 48 MiB the budget is then exceeded by
 * up to half of it). */
#define OTHER_MEMORY_MB 24

/* Blocks from this size up get a mapping of their own, always.  glibc
 * otherwise raises the threshold to the largest block freed (up to 32
 * MiB); the columns that grow by doubling then grow in the heap, each
 * leaving its last copy behind as a hole: the peak of a 1 GB build rose
 * from 160 to 200 MiB over its 30 runs, beyond what --memory counts.
 * Mapped, they grow in place (mremap). */
#define MMAP_THRESHOLD_BYTES (1 << 20)

/* Bytes for the inverter out of --memory MB. */
static size_t inverter_bytes(size_t memory_mb)
{
    size_t other = memory_mb / 2 < OTHER_MEMORY_MB ? memory_mb / 2 : OTHER_MEMORY_MB;
    return (memory_mb - other) << 20;
}
/* zlib level of the stored text: 6 is zlib's default and within 1% of 9
 * on Chinese text, at twice the speed of 9. */
#define DEFAULT_ZLEVEL 6
/* --threads: 1, or 2 for the pipeline of segwrite.h (one thread reads and
 * annotates, a second inverts, a third compresses the stored text: three
 * stages of unequal weight, shared out over two cores by the scheduler). */
#define MAX_THREADS 2

static const char usage_text[] =
    "usage: zhindex build -o INDEX [options] PATH...\n"
    "       zhindex add -o INDEX [options] PATH...\n"
    "       zhindex sync -o INDEX [options] PATH...\n"
    "       zhindex remove -o INDEX PATH... | --id ID...\n"
    "       zhindex merge -o INDEX [--max-segments N]\n"
    "       zhindex passages [options] PATH...\n"
    "       zhindex stats INDEX\n"
    "       zhindex check INDEX\n"
    "       zhindex dump INDEX --term T | --section NAME\n"
    "\n"
    "build      index files and directories (recursively) into the directory INDEX;\n"
    "           the old index is replaced only when the new one is complete, and\n"
    "           only with --replace if it holds documents not under the PATHs\n"
    "add        index new and changed files (size and mtime, then content hash)\n"
    "           into a new segment; unchanged files are skipped, a changed\n"
    "           document's old version is deleted\n"
    "sync       add, and delete the documents under the PATHs whose files (or\n"
    "           JSON Lines records) are gone: the index then matches the trees\n"
    "remove     delete the documents under the PATHs, or with --id those named\n"
    "           ID (as shown in doc, or the record id after '#')\n"
    "merge      merge segments (deleted documents dropped) until at most N\n"
    "           remain (default 1); add, sync and remove merge by a policy\n"
    "           (ten segments of one size merge into one) unless --no-merge\n"
    "passages   print the passages the indexer would make, as JSON Lines\n"
    "stats      sizes of every file and section, term and passage counts\n"
    "check      verify every checksum and structural invariant of an index\n"
    "dump       print, for each segment, a term's df and postings (passage ids and\n"
    "           positions; T as stored, \\xHH for a byte, e.g. '\\x01c4101'), or a\n"
    "           section (STATS, TERMS, POSTINGS, ... as in docs/FORMAT.md), decoded\n"
    "           or as a hex dump\n"
    "\n"
    "options (build, add, sync, passages):\n"
    "  -o, --output INDEX     index directory to write (build)\n"
    "      --include GLOB     file names to take inside directories (default *.txt)\n"
    "      --encoding NAME    input encoding for all files (any iconv name, e.g. GBK,\n"
    "                         BIG5); default: detect UTF-8, UTF-16 (BOM), else GB18030\n"
    "      --strict           an invalid byte sequence makes the file an error\n"
    "                         (default: replace it with U+FFFD and report it)\n"
    "      --format FMT       text (default); tsv: one passage per line,\n"
    "                         id<TAB>city<TAB>year<TAB>text; jsonl (build): one\n"
    "                         document per line, {\"id\":..,\"text\":..} with optional\n"
    "                         title, date, city, url.  Any input may be gzipped\n"
    "      --passage-max N    longest passage in characters (default 320)\n"
    "      --memory MB        memory of the build, MiB (default 160, at least 16):\n"
    "                         beyond it, runs are written to disk and merged\n"
    "      --threads N        1, or 2 (the default on a machine with two cores or\n"
    "                         more): reading, inverting and compressing run side\n"
    "                         by side; the index is the same either way\n"
    "      --replace          (build) replace an index that holds documents from\n"
    "                         other paths (they are dropped)\n"
    "      --no-merge         (add, sync, remove) commit without running the merge\n"
    "                         policy: the segments stay as they are\n"
    "      --year YYYY        year of documents whose text dates nothing (and no\n"
    "                         FILE.meta.json sidecar gives a date)\n"
    "      --candidates       (passages) also print each passage's candidate places\n"
    "                         with their features and the model's decision\n"
    "  -q, --quiet            no progress display\n"
    "  -h, --help             this help\n"
    "      --version          print the version\n"
    "\n"
    "exit status: 0 ok; 1 some files, TSV or JSON lines were skipped or a file was\n"
    "read only in part (build), the change was committed but a merge after it\n"
    "failed (add, sync, remove, merge), or problems were found (check); 2 usage\n"
    "error, no usable input, an index of other paths without --replace, or\n"
    "failure (the index is unchanged).\n";

static void usage(FILE *f)
{
    fputs(usage_text, f);
}

static int die(const char *fmt, const char *arg)
{
    fprintf(stderr, "zhindex: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n");
    return 2;
}

typedef struct cli {
    const char *output;
    const char *glob;
    int quiet;
    size_t memory_mb;
    int threads; /* --threads */
    int year;
    int candidates;      /* passages: print the candidate places */
    int replace;         /* build: replace an index of other paths */
    int by_id;           /* remove: the arguments are ids */
    int no_merge;        /* add, sync, remove: no merge policy after the commit */
    size_t max_segments; /* merge */
    doc_opts doc;
} cli;

static int parse_uint(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
    char *e;
    unsigned long v = strtoul(s, &e, 10);
    if (!*s || *e || v < min || v > max) return -1;
    *out = v;
    return 0;
}

/* Parse the options shared by build and passages; returns the index of the
 * first path argument, -1 after printing an error, -2 after printing the
 * help. */
/* After getopt_long refused `arg` (and said so): a "did you mean" for a
 * mistyped long option, and where the usage is. */
static void option_hint(const char *arg, const struct option *opts)
{
    const char *names[32];
    size_t n = 0;
    for (; opts[n].name && n < 32; n++) names[n] = opts[n].name;
    const char *near = NULL;
    if (arg && arg[0] == '-' && arg[1] == '-') {
        const char *eq = strchr(arg, '=');
        size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        near = sug_closest(arg + 2, len, names, n);
    }
    if (near) fprintf(stderr, "zhindex: did you mean --%s?\n", near);
    fprintf(stderr, "(zhindex --help for usage)\n");
}

/* Two threads where there are two cores to run them. */
static int default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n >= MAX_THREADS ? MAX_THREADS : 1;
}

static int parse_opts(int argc, char **argv, cli *c)
{
    enum {
        O_INCLUDE = 256,
        O_ENCODING,
        O_STRICT,
        O_FORMAT,
        O_PMAX,
        O_MEMORY,
        O_YEAR,
        O_CANDS,
        O_REPLACE,
        O_ID,
        O_MAXSEG,
        O_THREADS,
        O_NOMERGE
    };
    static const struct option opts[] = {{"output", required_argument, 0, 'o'},
                                         {"include", required_argument, 0, O_INCLUDE},
                                         {"encoding", required_argument, 0, O_ENCODING},
                                         {"strict", no_argument, 0, O_STRICT},
                                         {"format", required_argument, 0, O_FORMAT},
                                         {"passage-max", required_argument, 0, O_PMAX},
                                         {"memory", required_argument, 0, O_MEMORY},
                                         {"year", required_argument, 0, O_YEAR},
                                         {"candidates", no_argument, 0, O_CANDS},
                                         {"replace", no_argument, 0, O_REPLACE},
                                         {"id", no_argument, 0, O_ID},
                                         {"max-segments", required_argument, 0, O_MAXSEG},
                                         {"threads", required_argument, 0, O_THREADS},
                                         {"no-merge", no_argument, 0, O_NOMERGE},
                                         {"quiet", no_argument, 0, 'q'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    memset(c, 0, sizeof *c);
    c->glob = WALK_DEFAULT_GLOB;
    c->memory_mb = DEFAULT_MEMORY_MB;
    c->threads = default_threads();
    psg_opts_default(&c->doc.psg);
    c->doc.format = DOC_TEXT;
    optind = 1;
    int ch;
    unsigned long v;
    while ((ch = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
        switch (ch) {
        case 'o':
            c->output = optarg;
            break;
        case 'q':
            c->quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return -2;
        case O_INCLUDE:
            c->glob = optarg;
            break;
        case O_ENCODING: {
            /* check the name once, not per file */
            dec *dc;
            dec_opts dop = {optarg, 0};
            zs_diag d;
            zs_diag_clear(&d);
            if (dec_new(&dc, &dop, &d)) return die("--encoding: %s", d.msg), -1;
            dec_free(dc);
            c->doc.encoding = optarg;
            break;
        }
        case O_STRICT:
            c->doc.strict = 1;
            break;
        case O_FORMAT:
            if (!strcmp(optarg, "text"))
                c->doc.format = DOC_TEXT;
            else if (!strcmp(optarg, "tsv"))
                c->doc.format = DOC_TSV;
            else if (!strcmp(optarg, "jsonl"))
                c->doc.format = DOC_JSONL;
            else
                return die("--format: '%s' is not text, tsv or jsonl", optarg), -1;
            break;
        case O_PMAX:
            if (parse_uint(optarg, PSG_MAX_CPS_MIN, PSG_MAX_CPS_MAX, &v))
                return die("--passage-max: '%s' is not a number from 40 to 10000", optarg), -1;
            c->doc.psg.max_cps = (uint32_t)v;
            break;
        case O_MEMORY:
            if (parse_uint(optarg, MIN_MEMORY_MB, MAX_MEMORY_MB, &v))
                return die("--memory: '%s' is not a number of MiB (at least 16)", optarg), -1;
            c->memory_mb = v;
            break;
        case O_YEAR:
            if (parse_uint(optarg, ANN_YEAR_MIN, ANN_YEAR_MAX, &v))
                return die("--year: '%s' is not a year from 1900 to 2100", optarg), -1;
            c->year = (int)v;
            break;
        case O_CANDS:
            c->candidates = 1;
            break;
        case O_REPLACE:
            c->replace = 1;
            break;
        case O_ID:
            c->by_id = 1;
            break;
        case O_MAXSEG:
            if (parse_uint(optarg, 1, MAN_MAX_SEGMENTS, &v))
                return die("--max-segments: '%s' is not a number from 1 to 4096", optarg), -1;
            c->max_segments = v;
            break;
        case O_THREADS:
            if (parse_uint(optarg, 1, MAX_THREADS, &v))
                return die("--threads: '%s' is not 1 or 2", optarg), -1;
            c->threads = (int)v;
            break;
        case O_NOMERGE:
            c->no_merge = 1;
            break;
        default:
            option_hint(argv[optind - 1], opts);
            return -1;
        }
    }
    return optind;
}

/* ---- build ---------------------------------------------------------------- */

/* Seconds between two redraws of the progress line (a terminal shows
 * ten a second at most; a log of a build is not filled with them). */
#define PROGRESS_INTERVAL 0.1

typedef struct progress {
    int tty;
    double t0;
    int shown;
    double last; /* when the line was drawn last */
} progress;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void clear_progress(progress *p)
{
    if (p->shown) fputs("\r\033[K", stderr);
    p->shown = 0;
}

static void on_skipped(void *ctx, const char *path, const char *why)
{
    clear_progress(ctx);
    /* messages from lower layers usually start with the path already */
    if (!strncmp(why, path, strlen(path)))
        fprintf(stderr, "zhindex: skipped %s\n", why);
    else
        fprintf(stderr, "zhindex: skipped %s: %s\n", path, why);
}

static void on_warning(void *ctx, const char *path, const char *what)
{
    clear_progress(ctx);
    fprintf(stderr, "zhindex: %s: %s\n", path, what);
}

static void on_progress(void *ctx, uint64_t files, uint64_t nfiles, uint64_t bytes, uint64_t nbytes)
{
    progress *p = ctx;
    if (!p->tty) return;
    double t = now();
    if (files < nfiles && p->shown && t - p->last < PROGRESS_INTERVAL) return;
    p->last = t;
    double dt = t - p->t0, mbs = dt > 0 ? (double)bytes / 1e6 / dt : 0;
    double eta = mbs > 0 ? (double)(nbytes - bytes) / 1e6 / mbs : 0;
    fprintf(stderr, "\r\033[K%llu/%llu files  %.1f/%.1f MB  %.1f MB/s  ETA %.0fs",
            (unsigned long long)files, (unsigned long long)nfiles, (double)bytes / 1e6,
            (double)nbytes / 1e6, mbs, eta);
    p->shown = 1;
}

static int cmd_build(int argc, char **argv)
{
    cli c;
    int first = parse_opts(argc, argv, &c);
    if (first < 0) return first == -2 ? 0 : 2;
    if (!c.output) return die("build: -o INDEX is required%s", "");
    if (c.no_merge) return die("--no-merge: only for add, sync and remove%s", "");
    if (first >= argc) return die("build: no input PATH given%s", "");
    build_opts bo = {
        c.output,  c.glob,    c.doc, inverter_bytes(c.memory_mb), DEFAULT_ZLEVEL, c.year,
        c.replace, c.threads, 0};
    progress pr = {!c.quiet && isatty(2), now(), 0, 0};
    build_events ev = {&pr, on_skipped, on_warning, on_progress};
    build_report rep;
    zs_diag d;
    zs_diag_clear(&d);
    int rc = build_run(&bo, argv + first, (size_t)(argc - first), &ev, &rep, &d);
    clear_progress(&pr);
    if (rc) {
        fprintf(stderr, "zhindex: %s\n", d.msg[0] ? d.msg : zs_strerror(rc));
        return 2;
    }
    double mbs = rep.seconds > 0 ? (double)rep.input_bytes / 1e6 / rep.seconds : 0;
    char docs[48] = "";
    if (rep.docs != rep.files_indexed)
        snprintf(docs, sizeof docs, " (%llu documents)", (unsigned long long)rep.docs);
    fprintf(stderr,
            "zhindex: %llu files indexed%s, %llu skipped; %llu passages, %llu terms; "
            "%.2f MB in %.2f s (%.1f MB/s); index %.2f MB (%.2fx input)\n",
            (unsigned long long)rep.files_indexed, docs, (unsigned long long)rep.files_skipped,
            (unsigned long long)rep.passages, (unsigned long long)rep.terms,
            (double)rep.input_bytes / 1e6, rep.seconds, mbs, (double)rep.index_bytes / 1e6,
            rep.input_bytes ? (double)rep.index_bytes / (double)rep.input_bytes : 0.0);
    return rep.files_skipped || rep.files_partial || rep.lines_skipped ? 1 : 0;
}

/* ---- add, sync, remove, merge -------------------------------------------- */

static int cmd_update(const char *cmd, int argc, char **argv)
{
    upd_mode mode = !strcmp(cmd, "add") ? UPD_ADD : !strcmp(cmd, "sync") ? UPD_SYNC : UPD_REMOVE;
    cli c;
    int first = parse_opts(argc, argv, &c);
    if (first < 0) return first == -2 ? 0 : 2;
    char what[64];
    snprintf(what, sizeof what, "%s: -o INDEX is required", cmd);
    if (!c.output) return die("%s", what);
    snprintf(what, sizeof what, "%s: no %s given", cmd, c.by_id ? "ID" : "input PATH");
    if (first >= argc) return die("%s", what);
    if (c.by_id && mode != UPD_REMOVE) return die("--id: only for remove%s", "");
    build_opts bo = {c.output,       c.glob, c.doc,           inverter_bytes(c.memory_mb),
                     DEFAULT_ZLEVEL, c.year, 0 /* replace */, c.threads,
                     c.no_merge};
    progress pr = {!c.quiet && isatty(2), now(), 0, 0};
    build_events ev = {&pr, on_skipped, on_warning, on_progress};
    upd_report rep;
    zs_diag d;
    zs_diag_clear(&d);
    int rc = upd_run(&bo, mode, argv + first, (size_t)(argc - first), c.by_id, &ev, &rep, &d);
    clear_progress(&pr);
    if (rc) {
        fprintf(stderr, "zhindex: %s\n", d.msg[0] ? d.msg : zs_strerror(rc));
        return 2;
    }
    const build_report *b = &rep.b;
    if (rep.leftovers)
        fprintf(stderr, "zhindex: removed %u temporary file%s of an interrupted write\n",
                rep.leftovers, rep.leftovers == 1 ? "" : "s");
    if (mode != UPD_REMOVE)
        fprintf(stderr,
                "zhindex: %llu files indexed (%llu documents, %llu passages), %llu unchanged, "
                "%llu skipped; %llu unchanged records; ",
                (unsigned long long)b->files_indexed, (unsigned long long)b->docs,
                (unsigned long long)b->passages, (unsigned long long)b->files_unchanged,
                (unsigned long long)b->files_skipped, (unsigned long long)b->docs_unchanged);
    else
        fputs("zhindex: ", stderr);
    fprintf(stderr, "%llu replaced, %llu removed; ", (unsigned long long)rep.docs_replaced,
            (unsigned long long)rep.docs_removed);
    if (rep.generation)
        fprintf(stderr, "generation %llu, %u merge%s; %.2f s\n", (unsigned long long)rep.generation,
                rep.merges, rep.merges == 1 ? "" : "s", rep.seconds);
    else
        fprintf(stderr, "nothing to change; %.2f s\n", rep.seconds);
    if (rep.merge_rc) {
        fprintf(stderr,
                "zhindex: the %s is committed, but the merge after it failed: %s; the index "
                "holds the change (generation %llu), zhindex merge -o %s merges it later\n",
                cmd, d.msg[0] ? d.msg : zs_strerror(rep.merge_rc),
                (unsigned long long)rep.generation, c.output);
        return 1;
    }
    return b->files_skipped || b->files_partial || b->lines_skipped ? 1 : 0;
}

static int cmd_merge(int argc, char **argv)
{
    cli c;
    int first = parse_opts(argc, argv, &c);
    if (first < 0) return first == -2 ? 0 : 2;
    if (c.no_merge) return die("--no-merge: only for add, sync and remove%s", "");
    if (!c.output && first < argc) c.output = argv[first++];
    if (!c.output || first != argc)
        return die("usage: zhindex merge -o INDEX [--max-segments N]%s", "");
    zs_diag d;
    zs_diag_clear(&d);
    double t0 = now();
    char man[4096];
    snprintf(man, sizeof man, "%s/%s", c.output, MAN_FILE);
    if (access(man, F_OK) != 0)
        return die("%s: no index here (build one with zhindex build)", c.output);
    int lockfd = -1;
    int rc = cmt_lock(c.output, &lockfd, &d);
    unsigned merges = 0;
    uint64_t gen = 0;
    if (!rc) {
        cmt_sweep(c.output);
        sw_opts so = {inverter_bytes(c.memory_mb), DEFAULT_ZLEVEL, c.doc.psg.max_cps, c.threads};
        rc = mrg_force(c.output, &so, c.max_segments ? c.max_segments : 1, &merges, &gen, &d);
        close(lockfd);
    }
    if (rc && merges) { /* each merge commits: those before the error stay */
        fprintf(stderr,
                "zhindex: %u merge%s committed (generation %llu), then the merge failed: %s; the "
                "index is consistent; zhindex merge again finishes it\n",
                merges, merges == 1 ? "" : "s", (unsigned long long)gen,
                d.msg[0] ? d.msg : zs_strerror(rc));
        return 1;
    }
    if (rc) return die("%s", d.msg[0] ? d.msg : zs_strerror(rc));
    fprintf(stderr, "zhindex: %u merge%s in %.2f s\n", merges, merges == 1 ? "" : "s", now() - t0);
    return 0;
}

/* ---- passages ------------------------------------------------------------- */

typedef struct psg_out {
    const char *path;
    uint64_t ordinal;
    buf line;
    const gaz *g;
    ann_doc_meta meta;
    const meta_info *mi; /* the document's sidecar */
    meta_doc doc;        /* its date and title, from the first chunk */
    factann_ctx facts;
    int candidates; /* print the candidate places (--candidates) */
} psg_out;

/* "date":"YYYY-MM-DD"|null,"title":"...", then "chapter" and "article" when
 * the passage has them: the fields zhsearch shows too. */
static void doc_json(buf *b, const meta_doc *doc, const psg_list *l, const psg_passage *p)
{
    char date[DATE_TEXT_MAX + 1];
    json_key(b, "date");
    if (date_format(doc->date, date))
        json_cstr(b, date);
    else
        buf_puts(b, "null");
    buf_putc(b, ',');
    json_key(b, "title");
    json_str(b, doc->title, doc->title_len);
    buf_putc(b, ',');
    if (p->chapter_len) {
        json_key(b, "chapter");
        json_str(b, l->labels.data + p->chapter_off, p->chapter_len);
        buf_putc(b, ',');
    }
    if (p->article_len) {
        json_key(b, "article");
        json_str(b, l->labels.data + p->article_off, p->article_len);
        buf_putc(b, ',');
    }
}

/* "city":[names],"city_code":[codes],"year":[years], */
static void tags_json(buf *b, const gaz *g, const ann_tags *t)
{
    uint32_t codes[ANN_MAX_CODES];
    size_t n = t->ncodes;
    memcpy(codes, t->codes, n * sizeof *codes);
    gaz_cities_first(codes, n); /* as zhsearch shows them */
    json_key(b, "city");
    buf_putc(b, '[');
    for (size_t k = 0; k < n; k++) {
        const gaz_unit *u;
        if (k) buf_putc(b, ',');
        json_cstr(b, gaz_unit_by_code(g, codes[k], &u) == ZS_OK ? u->short_name : "?");
    }
    buf_puts(b, "],");
    json_key(b, "city_code");
    buf_putc(b, '[');
    for (size_t k = 0; k < n; k++) buf_printf(b, "%s%u", k ? "," : "", codes[k]);
    buf_puts(b, "],");
    json_key(b, "year");
    buf_putc(b, '[');
    for (size_t k = 0; k < t->nyears; k++) buf_printf(b, "%s%u", k ? "," : "", t->years[k]);
    buf_puts(b, "],");
}

/* "cands":[{"code":C,"kind":"own_city","keep":1,"f":[...]}...], */
static void cands_json(buf *b, const ann_cands *cs)
{
    json_key(b, "cands");
    buf_putc(b, '[');
    for (size_t k = 0; k < cs->n; k++) {
        const placeml_cand *c = &cs->v[k];
        buf_printf(b, "%s{\"code\":%u,\"kind\":\"%s\",\"keep\":%d,\"f\":[", k ? "," : "", c->code,
                   placeml_kind_name(c->kind), cs->kept[k]);
        for (size_t i = 0; i < PLACEML_NFEAT; i++) buf_printf(b, "%s%g", i ? "," : "", c->f[i]);
        buf_puts(b, "]}");
    }
    buf_puts(b, "],");
}

/* One passage as a JSON line on stdout, written whole or not at all. */
static int print_one(psg_out *o, const psg_list *l, size_t i, const ann_tags *tags,
                     const ann_cands *cands)
{
    const psg_passage *p = &l->v[i];
    buf *b = &o->line;
    buf_reset(b);
    buf_putc(b, '{');
    json_key(b, "doc");
    json_cstr(b, o->path);
    buf_putc(b, ',');
    json_key(b, "passage");
    json_u64(b, o->ordinal++);
    buf_putc(b, ',');
    if (p->ext_id) {
        json_key(b, "id");
        json_u64(b, p->ext_id);
        buf_putc(b, ',');
    }
    json_key(b, "start");
    json_u64(b, p->src_start);
    buf_putc(b, ',');
    json_key(b, "end");
    json_u64(b, p->src_end);
    buf_putc(b, ',');
    json_key(b, "kind");
    json_cstr(b, p->kind == NORM_HEADING ? "heading" : "body");
    buf_putc(b, ',');
    doc_json(b, &o->doc, l, p);
    tags_json(b, o->g, tags);
    if (cands) cands_json(b, cands);
    /* facts are read in the simplified fold (their fields are folded), their
     * evidence and the text shown as written */
    const char *text = psg_written(l, p);
    size_t nf = 0;
    int rc = factann_passage(&o->facts, o->g, l->text.data + p->text_off, p->text_len, &nf, NULL);
    if (rc) return rc;
    json_key(b, "facts");
    buf_putc(b, '[');
    for (size_t k = 0; k < nf; k++) {
        if (k) buf_putc(b, ',');
        factfmt_json(b, &o->facts.list, &o->facts.list.v[k], text, p->text_len,
                     o->facts.v[k].place);
    }
    buf_puts(b, "],");
    json_key(b, "text");
    json_str(b, text, p->text_len);
    buf_puts(b, "}\n");
    /* the appends above are checked once here (buffer errors are sticky) */
    rc = buf_error(b);
    if (!rc && fwrite(b->data, 1, b->len, stdout) != b->len) rc = ZS_EIO;
    return rc;
}

static int print_passages(void *ctx, const psg_list *l, const doc_meta *meta)
{
    psg_out *o = ctx;
    size_t n = l->n ? l->n : 1;
    ann_tags *tags = calloc(n, sizeof *tags);
    /* pre-cut passages (meta) have no candidates */
    ann_cands *cands = o->candidates && !meta ? calloc(n, sizeof *cands) : NULL;
    int rc = !tags || (o->candidates && !meta && !cands) ? ZS_ENOMEM : ZS_OK;
    ann_doc_out out;
    if (!rc && meta) {
        for (size_t i = 0; i < l->n; i++)
            ann_from_columns(o->g, meta[i].city, meta[i].city_len, meta[i].year, &tags[i]);
        meta_doc_chunk(&o->doc, o->mi, l, NULL);
    } else if (!rc) {
        rc = ann_passages_explain(o->g, &o->meta, l, tags, &out, cands);
        if (!rc) meta_doc_chunk(&o->doc, o->mi, l, &out);
    }
    for (size_t i = 0; i < l->n && !rc; i++)
        rc = print_one(o, l, i, &tags[i], cands ? &cands[i] : NULL);
    free(tags);
    free(cands);
    return rc;
}

static void walk_warning(void *ctx, const char *path, const char *why)
{
    int *bad = ctx;
    (*bad)++;
    fprintf(stderr, "zhindex: %s: %s\n", path, why);
}

static int cmd_passages(int argc, char **argv)
{
    cli c;
    int first = parse_opts(argc, argv, &c);
    if (first < 0) return first == -2 ? 0 : 2;
    if (first >= argc) return die("passages: no input PATH given%s", "");
    if (c.doc.format == DOC_JSONL) return die("passages: --format jsonl is for build only%s", "");
    walk_list files = {0};
    int bad = 0, fatal = 0;
    for (int i = first; i < argc; i++)
        if (walk_add(&files, argv[i], c.glob, walk_warning, &bad) == ZS_ENOMEM) {
            walk_free(&files);
            return die("out of memory%s", ""); /* a missing path was reported by walk_warning */
        }
    walk_finish(&files);
    psg_out o;
    memset(&o, 0, sizeof o);
    buf_init(&o.line);
    gaz *g;
    if (gaz_open(&g)) return die("out of memory%s", "");
    o.g = g;
    o.candidates = c.candidates;
    factann_init(&o.facts);
    int ok = 0;
    for (size_t i = 0; i < files.n; i++) {
        o.path = files.paths[i];
        o.ordinal = 0;
        meta_info mi;
        char ftitle[META_TITLE_MAX];
        zs_diag md;
        zs_diag_clear(&md);
        if (meta_read(g, files.paths[i], &mi, &md)) {
            bad++;
            fprintf(stderr, "zhindex: %s\n", md.msg);
            continue;
        }
        o.meta.city = mi.city;
        o.meta.year = mi.year;
        o.meta.month = mi.month;
        o.meta.day = mi.day;
        /* read for places in the simplified fold, as zhindex build does */
        memcpy(ftitle, mi.title, sizeof ftitle);
        uc_t2s_utf8(ftitle, strlen(ftitle));
        o.meta.title = ftitle[0] ? ftitle : NULL;
        o.meta.title_len = strlen(ftitle);
        o.meta.default_year = c.year;
        o.mi = &mi;
        memset(&o.doc, 0, sizeof o.doc);
        doc_info info;
        zs_diag d;
        zs_diag_clear(&d);
        int rc = doc_read(files.paths[i], &c.doc, print_passages, &o, &info, &d);
        if (rc == ZS_EIO && ferror(stdout)) break;
        if (rc) {
            bad++;
            fprintf(stderr, "zhindex: %s\n", d.msg[0] ? d.msg : zs_strerror(rc));
            if (rc == ZS_ENOMEM) {
                fatal = 1; /* the output so far is whole, the rest is missing */
                break;
            }
            continue;
        }
        ok++;
        if (info.bad_lines)
            fprintf(stderr, "zhindex: %s: %llu line%s skipped: %s%s\n", files.paths[i],
                    (unsigned long long)info.bad_lines, info.bad_lines == 1 ? "" : "s",
                    info.bad_report, info.bad_lines > DOC_TSV_BAD_SHOWN ? "; ..." : "");
        if (info.replaced)
            fprintf(stderr,
                    "zhindex: %s: %llu invalid %s sequences replaced (first at offset %llu)\n",
                    files.paths[i], (unsigned long long)info.replaced, info.encoding,
                    (unsigned long long)info.first_bad);
    }
    buf_free(&o.line);
    factann_free(&o.facts);
    gaz_free(g);
    walk_free(&files);
    if (fflush(stdout) != 0) return die("cannot write output%s", "");
    if (!ok || fatal) return 2;
    return bad ? 1 : 0;
}

/* ---- dump ------------------------------------------------------------------ */

static int cmd_dump(int argc, char **argv)
{
    static const struct option opts[] = {{"term", required_argument, 0, 't'},
                                         {"section", required_argument, 0, 's'},
                                         {"help", no_argument, 0, 'h'},
                                         {0, 0, 0, 0}};
    const char *term = NULL, *section = NULL;
    optind = 1;
    int ch;
    while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
        if (ch == 't')
            term = optarg;
        else if (ch == 's')
            section = optarg;
        else if (ch == 'h')
            return usage(stdout), 0;
        else
            return die("usage: zhindex dump INDEX --term T | --section NAME%s", "");
    }
    if (optind != argc - 1 || !term == !section)
        return die("usage: zhindex dump INDEX --term T | --section NAME%s", "");
    char key[DICT_TERM_MAX + 1];
    size_t klen = 0;
    if (term && dump_unescape(term, key, sizeof key, &klen))
        return die("dump: --term '%s': a bad \\x escape or longer than 255 bytes", term);
    zindex *ix;
    zs_diag d;
    zs_diag_clear(&d);
    int rc = ix_open(&ix, argv[optind], &d);
    if (!rc) {
        rc = term ? dump_term(ix, key, klen, stdout, &d) : dump_section(ix, section, stdout, &d);
        ix_close(ix);
    }
    if (!rc && fflush(stdout) != 0) rc = ZS_EIO;
    if (rc == ZS_EIO && !d.msg[0]) return die("cannot write output%s", "");
    if (rc) return die("%s", d.msg[0] ? d.msg : zs_strerror(rc));
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    const char *cmd = argv[1];
#if defined(__GLIBC__) && defined(M_MMAP_THRESHOLD)
    mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES);
#endif
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
        usage(stdout);
        return 0;
    }
    if (!strcmp(cmd, "--version")) {
        printf("zhindex %s\n", ZHSEARCH_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "build")) return cmd_build(argc - 1, argv + 1);
    if (!strcmp(cmd, "passages")) return cmd_passages(argc - 1, argv + 1);
    if (!strcmp(cmd, "add") || !strcmp(cmd, "sync") || !strcmp(cmd, "remove"))
        return cmd_update(cmd, argc - 1, argv + 1);
    if (!strcmp(cmd, "merge")) return cmd_merge(argc - 1, argv + 1);
    if (!strcmp(cmd, "dump")) return cmd_dump(argc - 1, argv + 1);
    if (!strcmp(cmd, "stats") || !strcmp(cmd, "check")) {
        if (argc != 3 || argv[2][0] == '-') {
            if (argc == 3 && (!strcmp(argv[2], "-h") || !strcmp(argv[2], "--help"))) {
                usage(stdout);
                return 0;
            }
            return die("usage: zhindex %s INDEX", cmd);
        }
        /* the exit status: 0 ok, 1 problems found (check), 2 not done */
        zs_diag d;
        zs_diag_clear(&d);
        uint64_t problems = 0;
        int rc = !strcmp(cmd, "stats") ? ins_stats(argv[2], stdout, &d)
                                       : ins_check(argv[2], stdout, &problems, &d);
        if (!rc && fflush(stdout) != 0) rc = zs_fail(&d, ZS_EIO, "cannot write output");
        if (rc) return die("%s", d.msg[0] ? d.msg : zs_strerror(rc));
        return problems ? 1 : 0;
    }
    static const char *const commands[] = {"build",    "add",   "sync",  "remove", "merge",
                                           "passages", "stats", "check", "dump"};
    const char *near = sug_closest(cmd, strlen(cmd), commands, sizeof commands / sizeof *commands);
    fprintf(stderr, "zhindex: unknown command '%s'%s%s%s\n(zhindex --help for usage)\n", cmd,
            near ? " (did you mean " : "", near ? near : "", near ? "?)" : "");
    return 2;
}

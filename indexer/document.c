/* document.c - reading one input file into passages (see document.h). */
#include "document.h"

#include "annotate.h"
#include "buf.h"
#include "decode.h"
#include "normalize.h"
#include "uchar.h"
#include "utf8.h"
#include "vec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

/* TSV lines handed to the sink at a time. */
#define DOC_TSV_BATCH 4096

static uint64_t fnv1a(uint64_t h, const uint8_t *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 0x100000001B3ull;
    }
    return h;
}

#define FNV_OFFSET DOC_FNV_OFFSET

uint64_t doc_fnv1a(uint64_t h, const void *p, size_t n)
{
    return fnv1a(h, p, n);
}

/* Where to cut decoded text so the chunk ends at a paragraph-like break:
 * the last blank line in the last quarter, else the last line end, else
 * everything. */
static size_t chunk_cut(const char *s, size_t len)
{
    size_t floor = len - len / 4;
    for (size_t i = len; i > floor + 1; i--)
        if (s[i - 1] == '\n' && s[i - 2] == '\n') return i;
    for (size_t i = len; i > 0; i--)
        if (s[i - 1] == '\n') return i;
    return len;
}

/* What the first chunk of a document decided for all of them. */
typedef struct doc_state {
    int decided;    /* the first chunk has been seen */
    norm_mode mode; /* PDF repair or clean text (normalize.h) */
    psg_doc psg;    /* text kind and open headings (passage.h) */
} doc_state;

/* The cleaning mode the evidence of `text` calls for. */
static int decide_mode(const char *text, size_t len, norm_mode *mode)
{
    norm_evidence ev;
    int rc = norm_measure(text, len, &ev);
    if (!rc) *mode = norm_decide(&ev);
    return rc;
}

/* Put the characters as written into l->written, after the chunk `orig`
 * (len bytes, ncp code points at source offsets offs[]) was cut into the
 * passages of `l` in its simplified fold.  Each passage code point that the
 * fold may have made comes from the source character at its offset: where
 * that character folds to it, the character goes back.  The fold keeps
 * byte lengths, so the written text has the offsets of the folded one. */
static int restore_written(psg_list *l, const char *orig, size_t len, const uint64_t *offs,
                           size_t ncp)
{
    uint32_t *cps = malloc((ncp ? ncp : 1) * sizeof *cps);
    if (!cps) return ZS_ENOMEM;
    const uint8_t *p = (const uint8_t *)orig, *end = p + len;
    for (size_t i = 0; i < ncp && p < end; i++) p += u8_next(p, &cps[i]);
    buf *w = &l->written;
    buf_reset(w);
    int rc = buf_add(w, l->text.data, l->text.len);
    const uint8_t *q = (const uint8_t *)l->text.data, *qe = q + l->text.len;
    for (size_t k = 0; !rc && q < qe && k < l->src_start.n; k++) {
        uint32_t c;
        size_t at = (size_t)(q - (const uint8_t *)l->text.data);
        q += u8_next(q, &c);
        if (c < 0x3400) continue; /* no fold makes anything below Extension A */
        uint64_t s = l->src_start.v[k];
        size_t lo = 0, hi = ncp; /* first offset >= s */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (offs[mid] < s)
                lo = mid + 1;
            else
                hi = mid;
        }
        /* several code points may share an offset (BIG5-HKSCS) */
        for (size_t j = lo; j < ncp && offs[j] == s; j++) {
            if (cps[j] != c && uc_t2s(cps[j]) == c) {
                u8_encode(cps[j], (uint8_t *)w->data + at);
                break;
            }
        }
    }
    free(cps);
    return rc;
}

/* Normalize text[0, cut) (its code point offsets in offs) and pass the
 * passages to the sink.  The first chunk decides the document's mode.
 * A chunk in traditional characters is normalized, cut and annotated as its
 * simplified fold (uc_t2s), so that every decision made on words (bylines,
 * 第N条 articles, places, years, fact fields) is the one the simplified text
 * gets; the passages then carry their text as written too (psg_list). */
static int flush_chunk(const buf *text, size_t cut, const u64vec *offs, uint64_t src_end,
                       const doc_opts *o, doc_state *ds, doc_sink sink, void *ctx, doc_info *info)
{
    size_t ncp = u8_count(text->data, cut);
    uint64_t end = ncp < offs->n ? offs->v[ncp] : src_end;
    norm_doc nd;
    norm_doc_init(&nd);
    psg_list pl;
    psg_list_init(&pl);
    buf folded;
    buf_init(&folded);
    const char *src = text->data;
    int rc = ZS_OK;
    if (uc_t2s_any(text->data, cut)) {
        rc = buf_add(&folded, text->data, cut);
        if (!rc) uc_t2s_utf8(folded.data, cut);
        src = folded.data;
    }
    if (!rc && !ds->decided) {
        rc = decide_mode(src, cut, &ds->mode);
        ds->decided = 1;
    }
    /* short paragraphs are glued only where the layout split them (PDF);
     * in clean text a line is a paragraph the writer meant */
    psg_opts po = o->psg;
    if (ds->mode != NORM_PDF) po.min_cps = 0;
    if (!rc) rc = norm_run(src, cut, offs->v, ncp, end, ds->mode, &nd);
    if (!rc) rc = psg_split(&nd, &po, &ds->psg, &pl);
    if (!rc && src != text->data) rc = restore_written(&pl, text->data, cut, offs->v, ncp);
    if (!rc && pl.n) rc = sink(ctx, &pl, NULL);
    info->passages += pl.n;
    norm_doc_free(&nd);
    psg_list_free(&pl);
    buf_free(&folded);
    return rc;
}

/* Where read_text's bytes come from: an open file (gzip or plain) or
 * memory (a JSON Lines record's text). */
typedef struct doc_src {
    gzFile gz; /* NULL: memory */
    const char *mem;
    size_t len, pos;
} doc_src;

/* The error of a failed gzread or gzgetc, said with the file and the
 * offset in its (decompressed) content. */
static int gz_fail(gzFile gz, const char *path, uint64_t pos, zs_diag *d)
{
    int zerr;
    const char *msg = gzerror(gz, &zerr), *cut = strstr(msg, ">: ");
    if (!strncmp(msg, "<fd:", 4) && cut) msg = cut + 3; /* zlib names the descriptor */
    if (zerr == Z_BUF_ERROR) msg = "the gzip stream is cut short";
    return zs_fail(d, zerr == Z_MEM_ERROR ? ZS_ENOMEM : ZS_EIO, "%s: read error at offset %llu: %s",
                   path, (unsigned long long)pos, zerr == Z_ERRNO ? strerror(errno) : msg);
}

/* Up to `cap` bytes into `out`, their count in *got (0 at the end). */
static int src_read(doc_src *s, const char *path, uint64_t pos, uint8_t *out, unsigned cap,
                    size_t *got, zs_diag *d)
{
    if (!s->gz) {
        *got = s->len - s->pos < cap ? s->len - s->pos : cap;
        memcpy(out, s->mem + s->pos, *got);
        s->pos += *got;
        return ZS_OK;
    }
    int k = gzread(s->gz, out, cap), zerr;
    /* at the end, Z_BUF_ERROR is a truncated gzip stream (zlib lets the
     * bytes before the cut be read) */
    if (k < 0 || (k == 0 && (gzerror(s->gz, &zerr), zerr != Z_OK)))
        return gz_fail(s->gz, path, pos, d);
    *got = (size_t)k;
    return ZS_OK;
}

static int read_text(doc_src *src, const char *path, const doc_opts *o, const char *encoding,
                     doc_sink sink, void *ctx, doc_info *info, zs_diag *d)
{
    dec *dc = NULL;
    dec_opts dop = {encoding, o->strict};
    int rc = dec_new(&dc, &dop, d);
    if (rc) return rc;
    uint8_t *in = malloc(DOC_READ);
    buf text;
    buf_init(&text);
    u64vec offs;
    u64vec_init(&offs);
    doc_state ds = {0};
    psg_doc_init(&ds.psg);
    if (!in) rc = ZS_ENOMEM;
    uint64_t pos = 0;
    int eof = 0;
    while (!rc && !eof) {
        size_t k = 0;
        rc = src_read(src, path, pos, in, DOC_READ, &k, d);
        if (rc) break;
        eof = k == 0;
        info->hash = fnv1a(info->hash, in, (size_t)k);
        pos += (uint64_t)k;
        rc = dec_feed(dc, in, (size_t)k, eof, &text, &offs, d);
        if (rc) {
            zs_diag_prefix(d, "%s", path);
            break;
        }
        while (!rc && (text.len >= DOC_CHUNK || (eof && text.len > 0))) {
            size_t cut = eof && text.len < DOC_CHUNK ? text.len : chunk_cut(text.data, text.len);
            rc = flush_chunk(&text, cut, &offs, pos, o, &ds, sink, ctx, info);
            if (rc) break;
            /* keep the rest for the next chunk */
            size_t ncp = u8_count(text.data, cut);
            memmove(text.data, text.data + cut, text.len - cut);
            buf_truncate(&text, text.len - cut);
            memmove(offs.v, offs.v + ncp, (offs.n - ncp) * sizeof *offs.v);
            offs.n -= ncp;
        }
    }
    dec_info di;
    dec_report(dc, &di);
    snprintf(info->encoding, sizeof info->encoding, "%s", di.encoding);
    info->replaced = di.ninvalid;
    info->first_bad = di.first_invalid;
    dec_free(dc);
    free(in);
    psg_doc_free(&ds.psg);
    buf_free(&text);
    u64vec_free(&offs);
    return rc;
}

/* Longest field value quoted in a message about a bad TSV line. */
#define DOC_TSV_QUOTE_MAX 24

/* The decimal number s[0, n): digits only (no sign, no space), at most
 * `max`.  0 with the value in *out, or -1. */
static int parse_decimal(const char *s, size_t n, uint64_t max, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0) return -1;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        uint64_t d = (uint64_t)(s[i] - '0');
        if (v > (max - d) / 10) return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

/* Why the id field is bad (NULL: it is good, in *id).  Ids are external
 * keys: a sign or an overflow would give another passage's id. */
static const char *tsv_id(const char *s, size_t n, uint64_t *id)
{
    if (parse_decimal(s, n, UINT64_MAX, id) || *id == 0)
        return "is not a whole number from 1 to 18446744073709551615";
    return NULL;
}

/* The year field: 0 with the year in *year (empty or 0: no year), or -1.
 * Years outside the annotation's range would be dropped without a word. */
static int tsv_year(const char *s, size_t n, int *year)
{
    uint64_t v = 0;
    if (n &&
        (parse_decimal(s, n, UINT64_MAX, &v) || (v != 0 && (v < ANN_YEAR_MIN || v > ANN_YEAR_MAX))))
        return -1;
    *year = (int)v;
    return 0;
}

/* Write "FIELD "VALUE" WHY" to why[cap]. */
static void tsv_bad_field(char *why, size_t cap, const char *field, const char *s, size_t n,
                          const char *reason)
{
    int shown = n > DOC_TSV_QUOTE_MAX ? DOC_TSV_QUOTE_MAX : (int)n;
    snprintf(why, cap, "%s \"%.*s%s\" %s", field, shown, s, n > DOC_TSV_QUOTE_MAX ? "..." : "",
             reason);
}

/* One TSV line -> one passage in `pl` (plus its metadata).  A line with a
 * bad field gives *ok = 0 and the reason in why[cap]. */
/* The text field f[0, n) of `line` as UTF-8 appended to t, each invalid
 * byte replaced by U+FFFD, and the offset (line_off + its place in the
 * line) of each code point pushed to offs.  ASCII and the 3-byte
 * sequences u8_plain3 vouches for are copied as they are (decoding and
 * encoding them again gives the same bytes); the room is made once (a
 * byte becomes at most the three of U+FFFD).  Errors: ZS_ENOMEM. */
static int tsv_decode(const char *line, const char *f, size_t n, uint64_t line_off, buf *t,
                      u64vec *offs)
{
    int rc = buf_grow(t, 3 * n);
    if (!rc) rc = u64vec_reserve(offs, n);
    if (rc) return rc;
    uint8_t *o = (uint8_t *)t->data + t->len;
    const uint8_t *q = (const uint8_t *)f, *qe = q + n;
    while (q < qe) {
        offs->v[offs->n++] = line_off + (uint64_t)(q - (const uint8_t *)line);
        if (*q < 0x80) {
            *o++ = *q++;
        } else if (u8_plain3(q, qe)) {
            memcpy(o, q, 3);
            o += 3;
            q += 3;
        } else {
            uint32_t cp;
            int k = u8_decode(q, qe, &cp);
            if (!k) {
                cp = U8_REPLACEMENT;
                k = 1;
            }
            o += u8_encode(cp, o);
            q += k;
        }
    }
    t->len = (size_t)((char *)o - t->data);
    t->data[t->len] = '\0';
    return ZS_OK;
}

/* What read_tsv keeps from line to line for tsv_line, so a line costs no
 * allocation: its decoded text field, the offsets and the normalized text. */
typedef struct tsv_scratch {
    buf t;
    u64vec offs;
    norm_doc nd;
} tsv_scratch;

static void tsv_scratch_init(tsv_scratch *x)
{
    buf_init(&x->t);
    u64vec_init(&x->offs);
    norm_doc_init(&x->nd);
}

static void tsv_scratch_free(tsv_scratch *x)
{
    buf_free(&x->t);
    u64vec_free(&x->offs);
    norm_doc_free(&x->nd);
}

static int tsv_line(const char *line, size_t len, uint64_t line_off, psg_list *pl, doc_meta *meta,
                    size_t *city_off, buf *store, tsv_scratch *x, int *ok, char *why, size_t cap)
{
    *ok = 0;
    snprintf(why, cap, "not id<TAB>city<TAB>year<TAB>text");
    const char *f[4];
    size_t fl[4];
    const char *p = line, *end = line + len;
    for (int i = 0; i < 3; i++) {
        const char *tab = memchr(p, '\t', (size_t)(end - p));
        if (!tab) return ZS_OK;
        f[i] = p;
        fl[i] = (size_t)(tab - p);
        p = tab + 1;
    }
    f[3] = p;
    fl[3] = (size_t)(end - p);
    uint64_t id;
    int year;
    const char *bad = tsv_id(f[0], fl[0], &id);
    if (bad) {
        tsv_bad_field(why, cap, "id", f[0], fl[0], bad);
        return ZS_OK;
    }
    if (tsv_year(f[2], fl[2], &year)) {
        char reason[80];
        snprintf(reason, sizeof reason, "is not a year from %d to %d (empty or 0: none)",
                 ANN_YEAR_MIN, ANN_YEAR_MAX);
        tsv_bad_field(why, cap, "year", f[2], fl[2], reason);
        return ZS_OK;
    }
    /* decode the text field, replacing invalid bytes, with offsets */
    buf *t = &x->t;
    u64vec *offs = &x->offs;
    norm_doc *nd = &x->nd;
    buf_reset(t);
    offs->n = 0;
    int rc = tsv_decode(line, f[3], fl[3], line_off, t, offs);
    /* A line is a pre-cut passage without the line structure the evidence
     * reads: its text is never rewritten (no doubled-glyph repair), only
     * spaces next to CJK go, as TSV input comes from PDF pages as well as
     * from clean text (the benchmark's seed passages keep "提 高 到"). */
    if (!rc) rc = norm_run(t->data, t->len, offs->v, offs->n, line_off + len, NORM_PRECUT, nd);
    /* the whole line is one passage, whatever the paragraph logic saw */
    if (!rc && nd->npara > 0) {
        psg_passage ps;
        memset(&ps, 0, sizeof ps);
        ps.text_off = pl->text.len;
        ps.cp_off = pl->src_start.n;
        for (size_t i = 0; i < nd->npara && !rc; i++)
            rc = buf_add(&pl->text, nd->text.data + nd->paras[i].start,
                         nd->paras[i].end - nd->paras[i].start);
        /* annotated in the simplified fold, stored as written (psg_list) */
        if (!rc) rc = psg_fold_tail(pl, ps.text_off);
        if (!rc) rc = u64vec_reserve(&pl->src_start, nd->src_start.n);
        if (!rc) rc = u64vec_reserve(&pl->src_end, nd->src_end.n);
        if (!rc) {
            memcpy(pl->src_start.v + pl->src_start.n, nd->src_start.v, nd->src_start.n * 8);
            memcpy(pl->src_end.v + pl->src_end.n, nd->src_end.v, nd->src_end.n * 8);
            pl->src_start.n += nd->src_start.n;
            pl->src_end.n += nd->src_end.n;
            ps.text_len = pl->text.len - ps.text_off;
            ps.ncp = (uint32_t)nd->src_start.n;
            ps.src_start = nd->src_start.v[0];
            ps.src_end = nd->src_end.v[nd->src_end.n - 1];
            ps.kind = NORM_BODY;
            ps.ext_id = id;
            if (pl->n == pl->cap) {
                size_t c = pl->cap ? pl->cap * 2 : 256;
                psg_passage *v = realloc(pl->v, c * sizeof *v);
                if (!v)
                    rc = ZS_ENOMEM;
                else {
                    pl->v = v;
                    pl->cap = c;
                }
            }
        }
        if (!rc) {
            pl->v[pl->n] = ps;
            /* city and year: the city text is kept in `store` */
            city_off[pl->n] = store->len; /* `store` may move: pointers are set at flush */
            meta[pl->n].city_len = fl[1];
            rc = buf_add(store, f[1], fl[1]);
            meta[pl->n].year = year;
            pl->n++;
            *ok = 1;
        }
    }
    return rc;
}

static int flush_tsv(psg_list *pl, doc_meta *meta, const size_t *city_off, buf *store,
                     doc_sink sink, void *ctx, doc_info *info)
{
    if (pl->n == 0) return ZS_OK;
    for (size_t i = 0; i < pl->n; i++) meta[i].city = store->data + city_off[i];
    int rc = sink(ctx, pl, meta);
    info->passages += pl->n;
    psg_list_clear(pl);
    buf_reset(store);
    return rc;
}

void doc_note_bad_line(doc_info *info, uint64_t lineno, const char *why)
{
    info->bad_lines++;
    if (info->bad_lines > DOC_TSV_BAD_SHOWN) return;
    size_t used = strlen(info->bad_report);
    snprintf(info->bad_report + used, sizeof info->bad_report - used, "%sline %llu: %s",
             used ? "; " : "", (unsigned long long)lineno, why);
}

/* Bytes doc_getline asks gzgets for at a time: most lines take one call
 * (a byte at a time through gzgetc was 3 % of a build). */
#define GETLINE_STEP 4096

int doc_getline(gzFile gz, const char *path, uint64_t off, buf *line, int *nl, doc_info *info,
                zs_diag *d)
{
    buf_reset(line);
    *nl = 0;
    for (int more = 1; more && !*nl;) {
        if (buf_grow(line, GETLINE_STEP)) return ZS_ENOMEM;
        /* gzgets stops after a '\n', at the end or at an error; the bytes
         * it gave are counted by the position, NUL bytes included */
        z_off_t before = gztell(gz);
        more = gzgets(gz, line->data + line->len, GETLINE_STEP + 1) != NULL;
        z_off_t got = gztell(gz) - before;
        line->len += got > 0 ? (size_t)got : 0;
        more = more && got == GETLINE_STEP;
        if (line->len && line->data[line->len - 1] == '\n') {
            line->data[--line->len] = '\0';
            *nl = 1;
        }
        line->data[line->len] = '\0';
        if (line->len > DOC_TSV_LINE_MAX)
            return zs_fail(d, ZS_ETOOBIG, "%s: offset %llu: line longer than %u bytes", path,
                           (unsigned long long)off, DOC_TSV_LINE_MAX);
    }
    int zerr;
    gzerror(gz, &zerr);
    if (!*nl && zerr != Z_OK && zerr != Z_STREAM_END) return gz_fail(gz, path, off + line->len, d);
    /* the hash covers the content's bytes, line ends included (FORMAT.md) */
    info->hash = fnv1a(info->hash, (const uint8_t *)line->data, line->len);
    if (*nl) info->hash = fnv1a(info->hash, (const uint8_t *)"\n", 1);
    return ZS_OK;
}

static int read_tsv(gzFile f, const char *path, doc_sink sink, void *ctx, doc_info *info,
                    zs_diag *d)
{
    snprintf(info->encoding, sizeof info->encoding, "UTF-8");
    doc_meta *meta = calloc(DOC_TSV_BATCH, sizeof *meta);
    size_t *city_off = calloc(DOC_TSV_BATCH, sizeof *city_off);
    psg_list pl;
    psg_list_init(&pl);
    buf store, line;
    buf_init(&store);
    buf_init(&line);
    int rc = meta && city_off ? ZS_OK : ZS_ENOMEM;
    uint64_t off = 0, lineno = 0;
    char why[160];
    tsv_scratch x;
    tsv_scratch_init(&x);
    while (!rc) {
        lineno++;
        int nl;
        rc = doc_getline(f, path, off, &line, &nl, info, d);
        if (rc || (!nl && line.len == 0)) break;
        size_t len = line.len;
        if (len && line.data[len - 1] == '\r') len--;
        int ok = 0;
        if (len)
            rc = tsv_line(line.data, len, off, &pl, meta, city_off, &store, &x, &ok, why,
                          sizeof why);
        if (!rc && len && !ok) doc_note_bad_line(info, lineno, why);
        off += line.len + (size_t)nl;
        if (!rc && pl.n == DOC_TSV_BATCH)
            rc = flush_tsv(&pl, meta, city_off, &store, sink, ctx, info);
        if (!nl) break;
    }
    if (!rc) rc = flush_tsv(&pl, meta, city_off, &store, sink, ctx, info);
    free(meta);
    free(city_off);
    psg_list_free(&pl);
    buf_free(&store);
    buf_free(&line);
    tsv_scratch_free(&x);
    return rc;
}

int doc_open(const char *path, gzFile *out, doc_info *info, zs_diag *d)
{
    memset(info, 0, sizeof *info);
    info->hash = FNV_OFFSET;
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        return zs_fail(d, e == ENOENT ? ZS_ENOTFOUND : ZS_EIO, "%s: cannot open: %s", path,
                       strerror(e));
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return zs_fail(d, ZS_EINVAL, "%s: not a regular file", path);
    }
    info->size = (uint64_t)st.st_size;
    info->mtime = (int64_t)st.st_mtime;
    /* zlib reads a file without the gzip magic as it is */
    gzFile gz = gzdopen(fd, "rb");
    if (!gz) {
        close(fd);
        return ZS_ENOMEM;
    }
    gzbuffer(gz, DOC_GZ_BUFFER);
    *out = gz;
    return ZS_OK;
}

int doc_read_text(const char *name, const char *text, size_t len, const doc_opts *o, doc_sink sink,
                  void *ctx, doc_info *info, zs_diag *d)
{
    memset(info, 0, sizeof *info);
    info->hash = FNV_OFFSET;
    info->size = len;
    doc_src src = {NULL, text, len, 0};
    return read_text(&src, name, o, "UTF-8", sink, ctx, info, d);
}

int doc_read(const char *path, const doc_opts *o, doc_sink sink, void *ctx, doc_info *info,
             zs_diag *d)
{
    gzFile gz;
    int rc = doc_open(path, &gz, info, d);
    if (rc) return rc;
    doc_src src = {gz, NULL, 0, 0};
    if (o->format == DOC_TSV)
        rc = read_tsv(gz, path, sink, ctx, info, d);
    else if (o->format == DOC_TEXT)
        rc = read_text(&src, path, o, o->encoding, sink, ctx, info, d);
    else
        rc = zs_fail(d, ZS_EINVAL, "%s: JSON Lines are read by jsonl_read", path);
    gzclose(gz);
    return rc;
}

int doc_hash_file(const char *path, uint64_t *hash, zs_diag *d)
{
    gzFile gz;
    doc_info info;
    int rc = doc_open(path, &gz, &info, d);
    if (rc) return rc;
    uint8_t *in = malloc(DOC_READ);
    if (!in) rc = ZS_ENOMEM;
    doc_src src = {gz, NULL, 0, 0};
    uint64_t pos = 0;
    while (!rc) {
        size_t k = 0;
        rc = src_read(&src, path, pos, in, DOC_READ, &k, d);
        if (rc || k == 0) break;
        info.hash = fnv1a(info.hash, in, k);
        pos += k;
    }
    free(in);
    gzclose(gz);
    *hash = info.hash;
    return rc;
}

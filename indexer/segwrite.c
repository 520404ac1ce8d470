/* segwrite.c - one segment file from documents and passages (see
 * segwrite.h; byte layout in docs/FORMAT.md). */
#include "segwrite.h"

#include "buf.h"
#include "bytes.h"
#include "factcol.h"
#include "format.h"
#include "date.h"
#include "invert.h"
#include "labelcol.h"
#include "pfor.h"
#include "relay.h"
#include "setcol.h"
#include "textpack.h"
#include "tokenize.h"
#include "utf8.h"
#include "zfile.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#define SW_PATH_MAX 4096

/* Chunks that may wait for the text thread.  Its work comes in a burst:
 * it keeps the first FMT_TEXT_SAMPLE bytes of text, then makes the table
 * of characters and packs and compresses all of them at once (about a
 * tenth of a real20 build on one core).  With RELAY_DEPTH chunks (1 MiB of
 * text) the inverting thread soon waited for it, and the reading thread
 * for that one, so for that while one core did all the work (seen in a
 * timeline of perf samples); room for half the sample more lets both go
 * on meanwhile.  Real20, two threads, quiet machine: 0.91 -> 0.84 s wall,
 * peak 75 -> 79 MiB (the chunks are only made while the text thread
 * lags). */
#define TEXT_RELAY_DEPTH (RELAY_DEPTH + FMT_TEXT_SAMPLE / RELAY_CHUNK_BYTES / 2)
static_assert(TEXT_RELAY_DEPTH <= RELAY_DEPTH_MAX, "the text relay's depth is one a relay takes");

/* A text block waiting for the table of characters and the preset
 * dictionary. */
typedef struct pending_block {
    uint32_t first;  /* first passage */
    size_t off, len; /* the block (UTF-8) in sw.pending */
} pending_block;

struct sw {
    char dir[SW_PATH_MAX];
    char tmp_path[SW_PATH_MAX];
    char scratch[SW_PATH_MAX];
    uint64_t id;
    sw_opts opts;
    zf_writer *zw;
    inv *inv;
    z_stream z;
    int z_ready;
    z_stream ztpl; /* primed with the preset dictionary (fresh_stream) */
    int ztpl_ready;
    /* stored text */
    buf block;            /* uncompressed block being filled */
    uint32_t block_first; /* its first passage */
    buf packed;           /* the block in the text thread, packed (textpack.h) */
    buf pending;          /* blocks before the table and dictionary are made */
    pending_block *pend;
    size_t npend, cappend;
    int text_ready;      /* the table and the dictionary are made */
    textpack_enc tchars; /* the table (TEXTCHARS) */
    buf tchars_sec;      /* its bytes */
    buf dict;
    buf zout;
    buf textidx;
    uint64_t text_off; /* bytes of TEXT written */
    /* passages */
    buf dl;     /* lengths as DL keeps them: a byte each (post_lengths) */
    u32vec dlx; /* the long ones: (passage, length) pairs */
    uint32_t npsg;
    uint64_t bstart[FMT_PSG_BLOCK], bend[FMT_PSG_BLOCK], bext[FMT_PSG_BLOCK];
    uint8_t bkind[FMT_PSG_BLOCK];
    uint32_t bn; /* passages in the pending record block */
    buf psg, psgidx;
    int has_ext;
    sc_writer cities, years;
    factcol_writer *facts;
    labelcol_writer labels;
    /* documents */
    buf docs, docidx, docdates;
    int doc_open;
    uint32_t doc_first; /* first passage of the open document */
    uint32_t ndocs;
    sw_stats st;
    /* with a second thread (sw_opts.threads > 1): the calls are written to
     * the relay and replayed there (swmsg_*); these are the caller's view */
    relay *relay;
    relay *text_relay; /* a third thread compresses the stored text */
    uint32_t p_npsg, p_doc_first;
    int p_doc_open;
    /* the replay's copies of a passage's arrays, aligned */
    uint32_t *r_codes;
    uint16_t *r_years;
    sw_fact *r_facts;
    size_t r_cap_codes, r_cap_years, r_cap_facts;
};

/* The time a segment is created: SOURCE_DATE_EPOCH when it is set to a
 * number (reproducible builds, https://reproducible-builds.org/specs/
 * source-date-epoch/), else now. */
static int64_t sw_created(void)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e) {
        char *end;
        errno = 0;
        long long v = strtoll(e, &end, 10);
        if (!*end && !errno && v >= 0) return (int64_t)v;
    }
    return (int64_t)time(NULL);
}

static int fail_io(zs_diag *d, const char *what, const char *path)
{
    return zs_fail(d, ZS_EIO, "%s: %s: %s", path, what, strerror(errno));
}

static void sw_free(sw *w);
static int swmsg_replay(void *ctx, const char *data, size_t len, zs_diag *d);
static int swtext_replay(void *ctx, const char *data, size_t len, zs_diag *d);

int sw_open(sw **out, const char *dir, uint64_t id, const sw_opts *o, zs_diag *d)
{
    *out = NULL;
    if (o->zlevel < 0 || o->zlevel > 9) return ZS_EINVAL;
    sw *w = calloc(1, sizeof *w);
    if (!w) return ZS_ENOMEM;
    w->id = id;
    w->opts = *o;
    buf_init(&w->block);
    buf_init(&w->pending);
    buf_init(&w->dict);
    buf_init(&w->tchars_sec);
    buf_init(&w->packed);
    buf_init(&w->zout);
    buf_init(&w->textidx);
    buf_init(&w->psg);
    buf_init(&w->psgidx);
    buf_init(&w->docs);
    buf_init(&w->docidx);
    buf_init(&w->docdates);
    buf_init(&w->dl);
    u32vec_init(&w->dlx);
    labelcol_writer_init(&w->labels);
    sc_writer_init(&w->cities);
    sc_writer_init(&w->years);
    if (factcol_writer_new(&w->facts)) {
        sw_free(w);
        return ZS_ENOMEM;
    }
    snprintf(w->dir, sizeof w->dir, "%s", dir);
    snprintf(w->tmp_path, sizeof w->tmp_path, "%s/seg-%06llu.zhs.tmp", dir, (unsigned long long)id);
    snprintf(w->scratch, sizeof w->scratch, "%s/tmp-%06llu", dir, (unsigned long long)id);
    int rc = ZS_OK;
    if (mkdir(w->scratch, 0755) != 0 && errno != EEXIST) {
        rc = fail_io(d, "cannot create scratch directory", w->scratch);
        sw_free(w);
        return rc;
    }
    /* raw deflate: the page CRCs already protect the data, so the zlib
     * header and Adler-32 would only add 6 bytes per block */
    if (deflateInit2(&w->z, o->zlevel, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK) {
        rmdir(w->scratch);
        sw_free(w);
        return ZS_ENOMEM;
    }
    w->z_ready = 1;
    char facts[SW_PATH_MAX + 16];
    snprintf(facts, sizeof facts, "%s/facts", w->scratch);
    rc = factcol_writer_spill(w->facts, facts);
    if (rc == ZS_EIO) rc = fail_io(d, "cannot create facts file", facts);
    if (!rc) rc = inv_new(&w->inv, o->mem_budget, w->scratch, d);
    if (!rc) rc = zf_create(&w->zw, w->tmp_path, FMT_KIND_SEGMENT, FMT_VERSION, id, d);
    if (!rc) rc = zf_section_begin(w->zw, FMT_SEC_TEXT);
    /* a second thread, when one can be started: else the caller's does all */
    if (!rc && o->threads > 1 && relay_start(&w->relay, swmsg_replay, w, RELAY_DEPTH) == ZS_ENOMEM)
        rc = ZS_ENOMEM;
    if (!rc && w->relay &&
        relay_start(&w->text_relay, swtext_replay, w, TEXT_RELAY_DEPTH) == ZS_ENOMEM)
        rc = ZS_ENOMEM;
    if (rc) {
        sw_abort(w);
        return rc;
    }
    *out = w;
    return ZS_OK;
}

static int core_doc_begin(sw *w)
{
    if (w->doc_open) return ZS_EINVAL;
    w->doc_open = 1;
    w->doc_first = w->npsg;
    return ZS_OK;
}

static int core_doc_cancel(sw *w)
{
    if (!w->doc_open || w->npsg != w->doc_first) return ZS_EINVAL;
    w->doc_open = 0;
    return ZS_OK;
}

static int core_doc_end(sw *w, const sw_doc *doc)
{
    if (!w->doc_open) return ZS_EINVAL;
    size_t plen = strlen(doc->path), elen = strlen(doc->encoding);
    size_t tlen = doc->title ? u8_prefix(doc->title, doc->title_len, FMT_TITLE_MAX) : 0;
    int rc = le_buf32(&w->docidx, w->doc_first);
    if (!rc) rc = le_buf32(&w->docidx, 0);
    if (!rc) rc = le_buf64(&w->docidx, w->docs.len);
    if (!rc) rc = vi_put(&w->docs, plen);
    if (!rc) rc = buf_add(&w->docs, doc->path, plen);
    if (!rc) rc = vi_put(&w->docs, doc->size);
    if (!rc) rc = vi_put(&w->docs, (uint64_t)doc->mtime);
    if (!rc) rc = le_buf64(&w->docs, doc->hash);
    if (!rc) rc = vi_put(&w->docs, elen);
    if (!rc) rc = buf_add(&w->docs, doc->encoding, elen);
    if (!rc) rc = vi_put(&w->docs, doc->replaced);
    if (!rc) rc = vi_put(&w->docs, tlen);
    if (!rc && tlen) rc = buf_add(&w->docs, doc->title, tlen);
    size_t ulen = doc->url && doc->url_len <= FMT_URL_MAX ? doc->url_len : 0;
    size_t xlen = doc->extra && doc->extra_len <= FMT_EXTRA_MAX ? doc->extra_len : 0;
    if (!rc) rc = vi_put(&w->docs, doc->src_size);
    if (!rc) rc = vi_put(&w->docs, (uint64_t)doc->src_mtime);
    if (!rc) rc = le_buf64(&w->docs, doc->src_hash);
    if (!rc) rc = vi_put(&w->docs, ulen);
    if (!rc && ulen) rc = buf_add(&w->docs, doc->url, ulen);
    if (!rc) rc = vi_put(&w->docs, xlen);
    if (!rc && xlen) rc = buf_add(&w->docs, doc->extra, xlen);
    if (!rc) rc = le_buf32(&w->docdates, date_valid(doc->date) ? doc->date : 0);
    if (rc) return rc;
    w->doc_open = 0;
    w->ndocs++;
    return ZS_OK;
}

/* ---- stored text ----------------------------------------------------------- */

/* Compress one packed block (len bytes, ulen as UTF-8) and append it to
 * TEXT. */
/* A stream for the next block, in the state a reset and the preset
 * dictionary give: copied from a stream primed once (the first call),
 * since loading the dictionary hashes its 32 KiB again each block (a
 * reset, the dictionary and the hash's clearing were 8 % of the text
 * thread).  The same state, so the same bytes. */
static int fresh_stream(sw *w)
{
    if (!w->ztpl_ready) {
        if (deflateInit2(&w->ztpl, w->opts.zlevel, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY) != Z_OK)
            return ZS_ENOMEM;
        w->ztpl_ready = 1;
        if (w->dict.len &&
            deflateSetDictionary(&w->ztpl, (const Bytef *)w->dict.data, (uInt)w->dict.len) != Z_OK)
            return ZS_ENOMEM;
    }
    if (w->z_ready) deflateEnd(&w->z);
    w->z_ready = 0;
    if (deflateCopy(&w->z, &w->ztpl) != Z_OK) return ZS_ENOMEM;
    w->z_ready = 1;
    return ZS_OK;
}

static int compress_block(sw *w, uint32_t first, size_t ulen, const char *data, size_t len)
{
    if (fresh_stream(w)) return ZS_ENOMEM;
    size_t bound = deflateBound(&w->z, (uLong)len);
    buf_reset(&w->zout);
    int rc = buf_grow(&w->zout, bound);
    if (rc) return rc;
    w->z.next_in = (Bytef *)data;
    w->z.avail_in = (uInt)len;
    w->z.next_out = (Bytef *)w->zout.data;
    w->z.avail_out = (uInt)bound;
    if (deflate(&w->z, Z_FINISH) != Z_STREAM_END) return ZS_ENOMEM;
    size_t clen = bound - w->z.avail_out;
    rc = zf_write(w->zw, w->zout.data, clen);
    if (!rc) rc = le_buf32(&w->textidx, first);
    if (!rc) rc = le_buf32(&w->textidx, (uint32_t)ulen);
    if (!rc) rc = le_buf64(&w->textidx, w->text_off);
    if (!rc) rc = le_buf32(&w->textidx, (uint32_t)clen);
    if (!rc) rc = le_buf32(&w->textidx, (uint32_t)len);
    w->text_off += clen;
    w->st.text_raw += ulen;
    w->st.text_stored += clen;
    return rc;
}

/* The preset dictionary from packed text (evenly spaced pieces; none for
 * a small text). */
static int make_dict(sw *w, const buf *packed)
{
    size_t piece = FMT_TEXT_DICT / FMT_TEXT_DICT_PIECES;
    if (packed->len < 2 * FMT_TEXT_DICT) return ZS_OK;
    size_t step = packed->len / FMT_TEXT_DICT_PIECES;
    int rc = ZS_OK;
    for (size_t i = 0; i < FMT_TEXT_DICT_PIECES && !rc; i++)
        rc = buf_add(&w->dict, packed->data + i * step, piece);
    return rc;
}

/* Make the table of characters and the preset dictionary from the text
 * seen so far, then pack and compress the blocks that waited. */
static int make_text_tables(sw *w)
{
    w->text_ready = 1;
    buf packed;
    buf_init(&packed);
    size_t *at = malloc((w->npend ? w->npend : 1) * sizeof *at);
    int rc = at ? textpack_train(w->pending.data, w->pending.len, &w->tchars) : ZS_ENOMEM;
    if (!rc) rc = textpack_enc_write(&w->tchars, &w->tchars_sec);
    for (size_t i = 0; i < w->npend && !rc; i++) {
        at[i] = packed.len;
        rc = textpack_pack(&w->tchars, w->pending.data + w->pend[i].off, w->pend[i].len, &packed);
    }
    if (!rc) rc = make_dict(w, &packed);
    for (size_t i = 0; i < w->npend && !rc; i++) {
        size_t end = i + 1 < w->npend ? at[i + 1] : packed.len;
        rc = compress_block(w, w->pend[i].first, w->pend[i].len, packed.data + at[i], end - at[i]);
    }
    free(at);
    buf_free(&packed);
    buf_free(&w->pending);
    free(w->pend);
    w->pend = NULL;
    w->npend = w->cappend = 0;
    return rc;
}

/* A complete text block (passages from `first`): compress it, or keep it
 * until the dictionary can be made.  Runs in the text thread when there is
 * one (flush_text), which alone touches the TEXT state then. */
static int store_block(sw *w, uint32_t first, const char *data, size_t len)
{
    if (w->text_ready) {
        buf_reset(&w->packed);
        int rc = textpack_pack(&w->tchars, data, len, &w->packed);
        return rc ? rc : compress_block(w, first, len, w->packed.data, w->packed.len);
    }
    if (w->npend == w->cappend) {
        size_t c = w->cappend ? w->cappend * 2 : 64;
        pending_block *p = realloc(w->pend, c * sizeof *p);
        if (!p) return ZS_ENOMEM;
        w->pend = p;
        w->cappend = c;
    }
    w->pend[w->npend].first = first;
    w->pend[w->npend].off = w->pending.len;
    w->pend[w->npend].len = len;
    w->npend++;
    int rc = buf_add(&w->pending, data, len);
    if (!rc && w->pending.len >= FMT_TEXT_SAMPLE) rc = make_text_tables(w);
    return rc;
}

/* A text block handed to the text thread: its first passage, its length,
 * its bytes. */
typedef struct swtext_hdr {
    uint32_t first;
    uint64_t len;
} swtext_hdr;

/* relay_fn of the text thread: store the blocks of a chunk. */
static int swtext_replay(void *ctx, const char *data, size_t len, zs_diag *d)
{
    sw *w = ctx;
    int rc = ZS_OK;
    for (const char *at = data, *end = data + len; at < end && !rc;) {
        swtext_hdr h;
        memcpy(&h, at, sizeof h);
        at += sizeof h;
        rc = store_block(w, h.first, at, h.len);
        at += h.len;
    }
    if (rc && !d->msg[0]) zs_fail(d, rc, "%s: stored text: %s", w->tmp_path, zs_strerror(rc));
    return rc;
}

/* The block being filled is complete: store it, or hand it to the text
 * thread. */
static int flush_text(sw *w, zs_diag *d)
{
    if (w->block.len == 0) return ZS_OK;
    int rc;
    if (w->text_relay) {
        swtext_hdr h = {w->block_first, w->block.len};
        buf *b = relay_chunk(w->text_relay);
        buf_add(b, &h, sizeof h);
        buf_add(b, w->block.data, w->block.len);
        rc = relay_push(w->text_relay, 0, d);
    } else {
        rc = store_block(w, w->block_first, w->block.data, w->block.len);
    }
    buf_reset(&w->block);
    w->block_first = w->npsg;
    return rc;
}

/* ---- passage records --------------------------------------------------------- */

static uint64_t zigzag(int64_t v)
{
    return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

/* Encode the pending record block: starts as zigzag gaps from the previous
 * end, lengths, kinds and (when any) external ids, column by column. */
static int flush_records(sw *w)
{
    uint32_t n = w->bn;
    if (n == 0) return ZS_OK;
    int rc = le_buf64(&w->psgidx, w->psg.len);
    uint32_t gap[FMT_PSG_BLOCK], len[FMT_PSG_BLOCK], kind[FMT_PSG_BLOCK], ext[FMT_PSG_BLOCK];
    int fits = 1, has_ext = 0;
    for (uint32_t i = 0; i < n; i++)
        if (w->bext[i]) has_ext = 1;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t g = i ? zigzag((int64_t)w->bstart[i] - (int64_t)w->bend[i - 1]) : 0;
        uint64_t l = w->bend[i] - w->bstart[i];
        uint64_t x = i ? zigzag((int64_t)w->bext[i] - (int64_t)w->bext[i - 1] - 1) : 0;
        if (g > UINT32_MAX || l > UINT32_MAX || x > UINT32_MAX) fits = 0;
        gap[i] = (uint32_t)g;
        len[i] = (uint32_t)l;
        kind[i] = w->bkind[i];
        ext[i] = (uint32_t)x;
    }
    uint8_t mode = (uint8_t)((fits ? FMT_PSG_PFOR : FMT_PSG_VARINT) | (has_ext ? FMT_PSG_EXT : 0));
    if (!rc) rc = buf_putc(&w->psg, (char)mode);
    if (!rc) rc = vi_put(&w->psg, w->bstart[0]);
    if (!rc && has_ext) rc = vi_put(&w->psg, w->bext[0]);
    if (fits) {
        if (!rc) rc = pfor_encode(gap, n, &w->psg);
        if (!rc) rc = pfor_encode(len, n, &w->psg);
        if (!rc) rc = pfor_encode(kind, n, &w->psg);
        if (!rc && has_ext) rc = pfor_encode(ext, n, &w->psg);
    } else {
        for (uint32_t i = 0; i < n && !rc; i++) {
            rc = vi_put(&w->psg, i ? zigzag((int64_t)w->bstart[i] - (int64_t)w->bend[i - 1]) : 0);
            if (!rc) rc = vi_put(&w->psg, w->bend[i] - w->bstart[i]);
            if (!rc) rc = vi_put(&w->psg, w->bkind[i]);
            if (!rc && has_ext)
                rc = vi_put(&w->psg,
                            i ? zigzag((int64_t)w->bext[i] - (int64_t)w->bext[i - 1] - 1) : 0);
        }
    }
    w->bn = 0;
    return rc;
}

static int add_token(void *ctx, const tok_token *t)
{
    if (t->kind == TOK_BIGRAM || t->kind == TOK_UNIGRAM)
        return inv_token_cjk(ctx, t->cp[0], t->cp[1], t->pos);
    return inv_token(ctx, t->term, t->len, t->pos);
}

/* Memory of the columns kept until sw_finish, which share the inverter's
 * budget.  The stored text's index is left out: the text thread owns it,
 * and it is 24 bytes per 64 KiB block. */
static size_t columns_mem(const sw *w)
{
    return w->dl.cap + w->dlx.cap * sizeof *w->dlx.v + w->psg.cap + w->psgidx.cap + w->docs.cap +
           w->docidx.cap + w->docdates.cap + sc_writer_mem(&w->cities) + sc_writer_mem(&w->years) +
           factcol_writer_mem(w->facts) + labelcol_writer_mem(&w->labels);
}

static int core_add_passage(sw *w, const sw_passage *p, zs_diag *d)
{
    if (!w->doc_open) return ZS_EINVAL;
    if (w->npsg >= FMT_MAX_PASSAGES) return zs_fail(d, ZS_ETOOBIG, "too many passages");
    if (p->len > UINT32_MAX / 2) return zs_fail(d, ZS_ETOOBIG, "passage of %zu bytes", p->len);
    if (p->ext_id) w->has_ext = 1;
    uint32_t pid = w->npsg;
    /* tokens */
    int rc = inv_begin(w->inv, pid);
    if (!rc) rc = tok_run(p->text, p->len, TOK_DOC, add_token, w->inv);
    uint32_t ntok = 0;
    if (rc == ZS_ETOOBIG)
        return zs_fail(d, rc, "passage with more than %u tokens", INV_MAX_PASSAGE_TOKENS);
    /* place and year: field terms to filter by, columns to count by */
    char ft[FMT_FIELD_TERM_MAX];
    for (size_t i = 0; i < p->ncodes && !rc; i++)
        rc = inv_field(w->inv, ft, fmt_field_term(FMT_FIELD_CITY, p->codes[i], ft));
    for (size_t i = 0; i < p->nyears && !rc; i++)
        rc = inv_field(w->inv, ft, fmt_field_term(FMT_FIELD_YEAR, p->years[i], ft));
    if (!rc) rc = sc_add(&w->cities, p->codes, p->ncodes);
    if (!rc) {
        uint32_t ys[SC_MAX_SET];
        size_t ny = p->nyears < SC_MAX_SET ? p->nyears : SC_MAX_SET;
        for (size_t i = 0; i < ny; i++) ys[i] = p->years[i];
        rc = sc_add(&w->years, ys, ny);
    }
    for (size_t i = 0; i < p->nfacts && !rc; i++) {
        const sw_fact *f = &p->facts[i];
        factcol_entry e = {f->lo, f->hi, pid, f->place, f->year, f->qual, f->type, f->dir, f->conf};
        rc = factcol_add(w->facts, f->field, f->field_len, f->unit, f->unit_len, &e);
        if (rc == ZS_EINVAL) rc = ZS_OK; /* an empty field or a value out of range: not a fact */
    }
    if (!rc) rc = labelcol_add(&w->labels, p->chapter, p->chapter_len, p->article, p->article_len);
    inv_share(w->inv, columns_mem(w));
    if (!rc) rc = inv_end(w->inv, &ntok, d);
    if (rc) return rc;
    /* length */
    rc = buf_putc(&w->dl, (char)(ntok < FMT_DL_ESC ? ntok : FMT_DL_ESC));
    if (!rc && ntok >= FMT_DL_ESC) rc = u32vec_push(&w->dlx, pid);
    if (!rc && ntok >= FMT_DL_ESC) rc = u32vec_push(&w->dlx, ntok);
    if (rc) return rc;
    w->st.tokens += ntok;
    /* record */
    w->bstart[w->bn] = p->src_start;
    w->bend[w->bn] = p->src_end;
    w->bext[w->bn] = p->ext_id;
    w->bkind[w->bn] = p->kind ? 1 : 0;
    if (++w->bn == FMT_PSG_BLOCK) rc = flush_records(w);
    /* text */
    if (!rc) rc = vi_put(&w->block, p->len);
    if (!rc) rc = buf_add(&w->block, p->text, p->len);
    w->npsg++;
    if (!rc && w->block.len >= FMT_TEXT_BLOCK) rc = flush_text(w, d);
    return rc;
}

/* ---- the second thread: calls as messages ------------------------------------ */

/* With a relay (relay.h) the caller's sw_doc_begin, sw_add_passage,
 * sw_doc_end and sw_doc_cancel are written as messages to a chunk and
 * replayed, in order, by the worker thread through the core_* functions
 * above, which is what the caller would have done: the segment is the
 * same byte for byte.  A message is its type byte, a fixed header of
 * native-endian fields (copied with memcpy: the chunk is not aligned) and
 * the bytes its pointers pointed at.  It lives only in this process. */
enum { SWMSG_BEGIN = 1, SWMSG_PASSAGE, SWMSG_END, SWMSG_CANCEL };

typedef struct swmsg_passage {
    uint64_t len, src_start, src_end, ext_id;
    uint64_t ncodes, nyears, nfacts, chapter_len, article_len;
    int64_t kind;
} swmsg_passage;

typedef struct swmsg_fact {
    double lo, hi;
    uint64_t field_len, unit_len;
    uint32_t place;
    uint16_t year, qual;
    uint8_t type, dir, conf;
} swmsg_fact;

typedef struct swmsg_doc {
    uint64_t size, hash, replaced, src_size, src_hash;
    int64_t mtime, src_mtime;
    uint64_t path_len, enc_len, title_len, url_len, extra_len; /* path and encoding with NUL */
    uint32_t date;
    uint8_t has_title, has_url, has_extra;
} swmsg_doc;

static void swmsg_put_passage(buf *b, const sw_passage *p)
{
    swmsg_passage h = {p->len,    p->src_start, p->src_end,     p->ext_id,      p->ncodes,
                       p->nyears, p->nfacts,    p->chapter_len, p->article_len, p->kind};
    buf_putc(b, SWMSG_PASSAGE);
    buf_add(b, &h, sizeof h);
    buf_add(b, p->codes, p->ncodes * sizeof *p->codes);
    buf_add(b, p->years, p->nyears * sizeof *p->years);
    for (size_t i = 0; i < p->nfacts; i++) {
        const sw_fact *f = &p->facts[i];
        swmsg_fact m = {f->lo,   f->hi,   f->field_len, f->unit_len, f->place,
                        f->year, f->qual, f->type,      f->dir,      f->conf};
        buf_add(b, &m, sizeof m);
        buf_add(b, f->field, f->field_len);
        buf_add(b, f->unit, f->unit_len);
    }
    buf_add(b, p->text, p->len);
    buf_add(b, p->chapter, p->chapter_len);
    buf_add(b, p->article, p->article_len);
}

static void swmsg_put_doc(buf *b, const sw_doc *doc)
{
    swmsg_doc h = {doc->size,
                   doc->hash,
                   doc->replaced,
                   doc->src_size,
                   doc->src_hash,
                   doc->mtime,
                   doc->src_mtime,
                   strlen(doc->path) + 1,
                   strlen(doc->encoding) + 1,
                   doc->title ? doc->title_len : 0,
                   doc->url ? doc->url_len : 0,
                   doc->extra ? doc->extra_len : 0,
                   doc->date,
                   doc->title != NULL,
                   doc->url != NULL,
                   doc->extra != NULL};
    buf_putc(b, SWMSG_END);
    buf_add(b, &h, sizeof h);
    buf_add(b, doc->path, h.path_len);
    buf_add(b, doc->encoding, h.enc_len);
    buf_add(b, doc->title, h.title_len);
    buf_add(b, doc->url, h.url_len);
    buf_add(b, doc->extra, h.extra_len);
}

/* Room for n elements of `size` bytes in a replay array. */
static int swmsg_room(void **v, size_t *cap, size_t n, size_t size)
{
    if (n <= *cap) return ZS_OK;
    size_t c = *cap ? *cap : 16;
    while (c < n) c *= 2;
    void *nv = realloc(*v, c * size);
    if (!nv) return ZS_ENOMEM;
    *v = nv;
    *cap = c;
    return ZS_OK;
}

/* Copy n bytes at *q to dst (which may be NULL when n is 0) and advance. */
static void swmsg_take(void *dst, const char **q, size_t n)
{
    if (n) memcpy(dst, *q, n);
    *q += n;
}

/* Replay one passage message at *at; advances *at. */
static int swmsg_passage_replay(sw *w, const char **at, zs_diag *d)
{
    const char *q = *at;
    swmsg_passage h;
    memcpy(&h, q, sizeof h);
    q += sizeof h;
    int rc = swmsg_room((void **)&w->r_codes, &w->r_cap_codes, h.ncodes, sizeof *w->r_codes);
    if (!rc) rc = swmsg_room((void **)&w->r_years, &w->r_cap_years, h.nyears, sizeof *w->r_years);
    if (!rc) rc = swmsg_room((void **)&w->r_facts, &w->r_cap_facts, h.nfacts, sizeof *w->r_facts);
    if (rc) return rc;
    swmsg_take(w->r_codes, &q, h.ncodes * sizeof *w->r_codes);
    swmsg_take(w->r_years, &q, h.nyears * sizeof *w->r_years);
    for (size_t i = 0; i < h.nfacts; i++) {
        swmsg_fact m;
        memcpy(&m, q, sizeof m);
        q += sizeof m;
        sw_fact f = {q,       q + m.field_len, m.field_len, m.unit_len, m.lo,  m.hi,
                     m.place, m.year,          m.qual,      m.type,     m.dir, m.conf};
        w->r_facts[i] = f;
        q += m.field_len + m.unit_len;
    }
    sw_passage p = {q,
                    h.len,
                    h.src_start,
                    h.src_end,
                    (int)h.kind,
                    h.ext_id,
                    w->r_codes,
                    h.ncodes,
                    w->r_years,
                    h.nyears,
                    w->r_facts,
                    h.nfacts,
                    q + h.len,
                    q + h.len + h.chapter_len,
                    h.chapter_len,
                    h.article_len};
    *at = q + h.len + h.chapter_len + h.article_len;
    return core_add_passage(w, &p, d);
}

/* Replay one document message at *at; advances *at. */
static int swmsg_doc_replay(sw *w, const char **at)
{
    const char *q = *at;
    swmsg_doc h;
    memcpy(&h, q, sizeof h);
    q += sizeof h;
    const char *path = q, *enc = path + h.path_len, *title = enc + h.enc_len;
    const char *url = title + h.title_len, *extra = url + h.url_len;
    sw_doc doc = {path,
                  h.size,
                  h.mtime,
                  h.hash,
                  enc,
                  h.replaced,
                  h.date,
                  h.has_title ? title : NULL,
                  h.title_len,
                  h.src_size,
                  h.src_mtime,
                  h.src_hash,
                  h.has_url ? url : NULL,
                  h.url_len,
                  h.has_extra ? extra : NULL,
                  h.extra_len};
    *at = extra + h.extra_len;
    return core_doc_end(w, &doc);
}

/* relay_fn: replay a chunk of messages in the worker thread. */
static int swmsg_replay(void *ctx, const char *data, size_t len, zs_diag *d)
{
    sw *w = ctx;
    const char *at = data, *end = data + len;
    int rc = ZS_OK;
    while (at < end && !rc) {
        switch (*at++) {
        case SWMSG_BEGIN:
            rc = core_doc_begin(w);
            break;
        case SWMSG_CANCEL:
            rc = core_doc_cancel(w);
            break;
        case SWMSG_END:
            rc = swmsg_doc_replay(w, &at);
            break;
        case SWMSG_PASSAGE:
            rc = swmsg_passage_replay(w, &at, d);
            break;
        default:
            rc = ZS_EINVAL;
            break; /* our own bug: the chunk is ours */
        }
    }
    if (rc && !d->msg[0]) zs_fail(d, rc, "%s: %s", w->tmp_path, zs_strerror(rc));
    return rc;
}

uint32_t sw_npassages(const sw *w)
{
    return w->relay ? w->p_npsg : w->npsg;
}

int sw_doc_begin(sw *w)
{
    if (!w->relay) return core_doc_begin(w);
    if (w->p_doc_open) return ZS_EINVAL;
    w->p_doc_open = 1;
    w->p_doc_first = w->p_npsg;
    return buf_putc(relay_chunk(w->relay), SWMSG_BEGIN);
}

int sw_doc_cancel(sw *w)
{
    if (!w->relay) return core_doc_cancel(w);
    if (!w->p_doc_open || w->p_npsg != w->p_doc_first) return ZS_EINVAL;
    w->p_doc_open = 0;
    return buf_putc(relay_chunk(w->relay), SWMSG_CANCEL);
}

int sw_doc_end(sw *w, const sw_doc *doc, zs_diag *d)
{
    if (!w->relay) return core_doc_end(w, doc);
    if (!w->p_doc_open) return ZS_EINVAL;
    w->p_doc_open = 0;
    swmsg_put_doc(relay_chunk(w->relay), doc);
    return relay_push(w->relay, 0, d);
}

int sw_add_passage(sw *w, const sw_passage *p, zs_diag *d)
{
    if (!w->relay) return core_add_passage(w, p, d);
    /* the checks of core_add_passage that need no state of the worker */
    if (!w->p_doc_open) return ZS_EINVAL;
    if (w->p_npsg >= FMT_MAX_PASSAGES) return zs_fail(d, ZS_ETOOBIG, "too many passages");
    if (p->len > UINT32_MAX / 2) return zs_fail(d, ZS_ETOOBIG, "passage of %zu bytes", p->len);
    swmsg_put_passage(relay_chunk(w->relay), p);
    w->p_npsg++;
    return relay_push(w->relay, 0, d);
}

static int section(zf_writer *zw, uint32_t id, const void *p, size_t n)
{
    int rc = zf_section_begin(zw, id);
    if (!rc) rc = zf_write(zw, p, n);
    if (!rc) rc = zf_section_end(zw);
    return rc;
}

/* A section from a buffer, which is freed (written or not). */
static int section_free(zf_writer *zw, uint32_t id, buf *b)
{
    int rc = section(zw, id, b->data, b->len);
    buf_free(b);
    return rc;
}

/* Lengths: one byte each, FMT_DL_ESC for the long ones listed in DLX as
 * (u32 passage, u32 length) pairs in passage order. */
static int write_lengths(sw *w)
{
    int rc = section(w->zw, FMT_SEC_DL, w->dl.data, w->dl.len);
    buf x;
    buf_init(&x);
    for (size_t i = 0; i < w->dlx.n && !rc; i++) rc = le_buf32(&x, w->dlx.v[i]);
    if (!rc) rc = section(w->zw, FMT_SEC_DLX, x.data, x.len);
    buf_free(&x);
    return rc;
}

static void sw_free(sw *w)
{
    relay_abort(w->relay); /* first: its thread hands blocks to the text thread */
    relay_abort(w->text_relay);
    free(w->r_codes);
    free(w->r_years);
    free(w->r_facts);
    if (w->z_ready) deflateEnd(&w->z);
    if (w->ztpl_ready) deflateEnd(&w->ztpl);
    inv_free(w->inv);
    factcol_writer_free(w->facts); /* its spill file is in the scratch directory */
    w->facts = NULL;
    rmdir(w->scratch);
    buf_free(&w->dl);
    u32vec_free(&w->dlx);
    free(w->pend);
    buf_free(&w->block);
    buf_free(&w->pending);
    buf_free(&w->dict);
    textpack_enc_free(&w->tchars);
    buf_free(&w->tchars_sec);
    buf_free(&w->packed);
    buf_free(&w->zout);
    buf_free(&w->textidx);
    buf_free(&w->psg);
    buf_free(&w->psgidx);
    buf_free(&w->docs);
    buf_free(&w->docidx);
    buf_free(&w->docdates);
    labelcol_writer_free(&w->labels);
    sc_writer_free(&w->cities);
    sc_writer_free(&w->years);
    free(w);
}

void sw_abort(sw *w)
{
    if (!w) return;
    relay_abort(w->relay); /* the threads write to zw: stop them first */
    w->relay = NULL;
    relay_abort(w->text_relay);
    w->text_relay = NULL;
    zf_abort(w->zw);
    sw_free(w);
}

int sw_finish(sw *w, char *name_out, sw_stats *st, zs_diag *d)
{
    if (w->relay) {
        /* everything the caller wrote is replayed before the rest is written */
        int prc = w->p_doc_open ? ZS_EINVAL : relay_finish(w->relay, d);
        if (!w->p_doc_open) w->relay = NULL;
        if (prc) {
            sw_abort(w);
            return prc;
        }
    }
    /* the inverter's pool and tables are given back (its last run written)
     * before the columns below are written and the postings merged */
    int rc = w->doc_open ? ZS_EINVAL : inv_flush(w->inv, d);
    if (!rc) rc = flush_text(w, d);
    if (w->text_relay) {
        /* the text thread's last blocks, before TEXT is closed */
        int trc = rc ? ZS_OK : relay_finish(w->text_relay, d);
        if (!rc) {
            w->text_relay = NULL;
            rc = trc;
        }
    }
    if (!rc && !w->text_ready) rc = make_text_tables(w);
    if (!rc) rc = zf_section_end(w->zw);
    /* each column is freed once written: the merge below needs none of them */
    if (!rc) rc = section_free(w->zw, FMT_SEC_TEXTIDX, &w->textidx);
    if (!rc) rc = section_free(w->zw, FMT_SEC_TEXTDICT, &w->dict);
    if (!rc) rc = section_free(w->zw, FMT_SEC_TEXTCHARS, &w->tchars_sec);
    if (!rc) rc = write_lengths(w);
    if (!rc) rc = flush_records(w);
    if (!rc) rc = section_free(w->zw, FMT_SEC_PSG, &w->psg);
    if (!rc) rc = section_free(w->zw, FMT_SEC_PSGIDX, &w->psgidx);
    if (!rc) rc = section_free(w->zw, FMT_SEC_DOCS, &w->docs);
    if (!rc) rc = section_free(w->zw, FMT_SEC_DOCIDX, &w->docidx);
    if (!rc) rc = section_free(w->zw, FMT_SEC_DOCDATES, &w->docdates);
    labelcol_sections ls = {FMT_SEC_LABELS, FMT_SEC_CHAPSETS, FMT_SEC_CHAPCOL, FMT_SEC_ARTSETS,
                            FMT_SEC_ARTCOL};
    if (!rc) rc = labelcol_write(&w->labels, w->zw, &ls);
    labelcol_writer_free(&w->labels);
    if (!rc) rc = sc_write(&w->cities, w->zw, FMT_SEC_CITYSETS, FMT_SEC_CITYCOL);
    sc_writer_free(&w->cities);
    if (!rc) rc = sc_write(&w->years, w->zw, FMT_SEC_YEARSETS, FMT_SEC_YEARCOL);
    sc_writer_free(&w->years);
    if (!rc)
        rc = factcol_write(w->facts, w->zw, FMT_SEC_FACTKEYS, FMT_SEC_FACTVALS, FMT_SEC_FACTREFS);
    factcol_writer_free(w->facts);
    w->facts = NULL;
    post_lengths lengths = {(const uint8_t *)w->dl.data, w->dlx.v, w->dlx.n / 2};
    invcode_sections isec = {FMT_SEC_POSTINGS, FMT_SEC_TERMS, FMT_SEC_TERMIDX, FMT_SEC_CHARS,
                             FMT_SEC_CHARLISTS};
    if (!rc) rc = inv_finish(w->inv, &lengths, w->npsg, w->zw, &isec, w->opts.threads, d);
    inv_stats is;
    inv_get_stats(w->inv, &is);
    w->st.terms = is.terms;
    w->st.postings = is.postings;
    w->st.runs = is.runs;
    w->st.passages = w->npsg;
    w->st.docs = w->ndocs;
    uint8_t s[64] = {0};
    le_put32(s, w->npsg);
    le_put32(s + 4, w->ndocs);
    le_put64(s + 8, w->st.tokens);
    le_put64(s + 16, is.terms);
    le_put32(s + 24, w->has_ext ? FMT_STAT_EXT_IDS : 0u);
    le_put32(s + 28, w->opts.passage_max);
    le_put64(s + 32, (uint64_t)sw_created());
    if (!rc) rc = section(w->zw, FMT_SEC_STATS, s, sizeof s);
    zf_writer *zw = w->zw;
    w->zw = NULL;
    if (!rc) {
        rc = zf_finish(zw, d);
    } else {
        if (d && !d->msg[0]) zs_fail(d, rc, "%s: %s", w->tmp_path, zs_strerror(rc));
        zf_abort(zw);
    }
    char final[SW_PATH_MAX];
    snprintf(final, sizeof final, "%s/seg-%06llu.zhs", w->dir, (unsigned long long)w->id);
    if (!rc && rename(w->tmp_path, final) != 0) {
        rc = fail_io(d, "cannot rename", w->tmp_path);
        unlink(w->tmp_path);
    }
    if (!rc && name_out) snprintf(name_out, 64, "seg-%06llu.zhs", (unsigned long long)w->id);
    if (st) *st = w->st;
    sw_free(w);
    return rc;
}

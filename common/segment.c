/* segment.c - the segment reader (see segment.h, docs/FORMAT.md). */
#include "segment.h"

#include "charlist.h"
#include "date.h"
#include "format.h"
#include "pfor.h"
#include "textpack.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define TEXTIDX_ENTRY 24
#define DOCIDX_ENTRY  16
#define STATS_SIZE    64

static int bad(const segment *s, zs_diag *d, const char *why)
{
    return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: %s", zf_path(s->zr), why);
}

static int need_section(segment *s, uint32_t id, zf_slice *out, int check, zs_diag *d)
{
    int rc = zf_section(s->zr, id, out);
    if (rc) return bad(s, d, "missing section");
    return check ? zf_need(s->zr, out->off, out->len, d) : ZS_OK;
}

static int load_chars(segment *s, zs_diag *d)
{
    zf_slice c;
    int rc = need_section(s, FMT_SEC_CHARS, &c, 1, d);
    if (rc) return rc;
    if (c.len < 4) return bad(s, d, "short character table");
    uint32_t n = le_get32(c.p);
    if (n > c.len) return bad(s, d, "character table size");
    s->char_cp = malloc((n ? n : 1) * sizeof *s->char_cp);
    s->char_df = malloc((n ? n : 1) * sizeof *s->char_df);
    if (!s->char_cp || !s->char_df) return ZS_ENOMEM;
    const uint8_t *p = c.p + 4, *end = c.p + c.len;
    uint64_t cp = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint64_t delta, df;
        if (vi_get(&p, end, &delta) || vi_get(&p, end, &df) || (i && delta == 0) ||
            cp + delta > 0x10FFFF || df > s->npassages)
            return bad(s, d, "character table entry");
        cp += delta;
        s->char_cp[i] = (uint32_t)cp;
        s->char_df[i] = (uint32_t)df;
    }
    s->nchars = n;
    return ZS_OK;
}

/* The directory of CHARLISTS (its pages checked; the lists' pages are
 * checked when a list is opened): every character listed is in CHARS
 * with the same df, which the search gives as its count. */
static int load_charlists(segment *s, zs_diag *d)
{
    int rc = need_section(s, FMT_SEC_CHARLISTS, &s->charlists_sec, 0, d);
    if (rc) return rc;
    const zf_slice *c = &s->charlists_sec;
    if (c->len < 4) return bad(s, d, "short character lists");
    if ((rc = zf_need(s->zr, c->off, 4, d))) return rc;
    /* an entry takes at most 18 bytes: 3 of code point, 5 of df, 10 of length */
    uint64_t head = 4 + 18 * (uint64_t)le_get32(c->p);
    if ((rc = zf_need(s->zr, c->off, head < c->len ? head : c->len, d))) return rc;
    rc = charlist_dir_load(&s->charlists, c->p, (size_t)c->len, s->npassages);
    for (uint32_t i = 0; !rc && i < s->charlists.n; i++)
        if (seg_char_df(s, s->charlists.cp[i]) != s->charlists.df[i]) rc = ZS_ECORRUPT;
    return rc == ZS_ECORRUPT ? bad(s, d, "character lists directory") : rc;
}

/* The table of TEXTCHARS, without which no text block unpacks. */
static int load_text_chars(segment *s, zs_diag *d)
{
    zf_slice c;
    int rc = need_section(s, FMT_SEC_TEXTCHARS, &c, 1, d);
    if (!rc) rc = textpack_dec_load(&s->tchars, c.p, c.len);
    return rc == ZS_ECORRUPT ? bad(s, d, "text character table") : rc;
}

/* DL and DLX against each other and the statistics: DLX lists, ascending,
 * exactly the passages whose DL byte is FMT_DL_ESC, each with a length of
 * at least FMT_DL_ESC, and all lengths add up to total_tokens.  BM25 reads
 * these lengths for every candidate, so a damaged one would change scores
 * without a word; one pass over a byte per passage costs about 0.3 ms per
 * million passages. */
static int check_lengths(segment *s, zs_diag *d)
{
    uint64_t sum = 0, nesc = 0, nlong = s->dlx.len / 8;
    for (uint32_t p = 0; p < s->npassages; p++) {
        uint8_t v = s->dl.p[p];
        if (v == FMT_DL_ESC)
            nesc++;
        else
            sum += v;
    }
    if (nesc != nlong) return bad(s, d, "long length table does not match the lengths");
    for (uint64_t k = 0; k < nlong; k++) {
        uint32_t p = le_get32(s->dlx.p + 8 * k), len = le_get32(s->dlx.p + 8 * k + 4);
        if (p >= s->npassages || s->dl.p[p] != FMT_DL_ESC || len < FMT_DL_ESC ||
            (k && p <= le_get32(s->dlx.p + 8 * (k - 1))))
            return bad(s, d, "long length table damaged");
        sum += len;
    }
    if (sum != s->total_tokens)
        return bad(s, d, "passage lengths do not add up to the token count");
    return ZS_OK;
}

/* DOCIDX: first passages and record offsets never decrease and stay in
 * range, so that seg_doc_of's binary search gives each passage the
 * document it belongs to.  One pass over 16 bytes per document. */
static int check_docidx(segment *s, zs_diag *d)
{
    uint32_t prev_first = 0;
    uint64_t prev_off = 0;
    for (uint32_t i = 0; i < s->ndocs; i++) {
        uint32_t first = le_get32(s->docidx.p + (size_t)i * DOCIDX_ENTRY);
        uint64_t off = le_get64(s->docidx.p + (size_t)i * DOCIDX_ENTRY + 8);
        if (first < prev_first || first > s->npassages || off < prev_off || off > s->docs.len ||
            (i == 0 && first != 0))
            return bad(s, d, "document index out of order");
        prev_first = first;
        prev_off = off;
    }
    return ZS_OK;
}

int seg_open(segment **out, const char *path, zs_diag *d)
{
    *out = NULL;
    segment *s = calloc(1, sizeof *s);
    if (!s) return ZS_ENOMEM;
    buf_init(&s->tblock);
    buf_init(&s->tpacked);
    s->tblock_id = -1;
    s->pblock_id = -1;
    int rc = zf_open(&s->zr, path, FMT_KIND_SEGMENT, FMT_VERSION, d);
    if (rc) {
        free(s);
        return rc;
    }
    s->id = zf_id(s->zr);
    zf_slice st;
    rc = need_section(s, FMT_SEC_STATS, &st, 1, d);
    if (!rc && st.len != STATS_SIZE) rc = bad(s, d, "statistics size");
    if (!rc) {
        s->npassages = le_get32(st.p);
        s->ndocs = le_get32(st.p + 4);
        s->total_tokens = le_get64(st.p + 8);
        s->nterms = le_get64(st.p + 16);
        s->flags = le_get32(st.p + 24);
        s->passage_max = le_get32(st.p + 28);
        s->created = le_get64(st.p + 32);
        if (s->npassages > FMT_MAX_PASSAGES) rc = bad(s, d, "passage count");
    }
    if (!rc) rc = need_section(s, FMT_SEC_DL, &s->dl, 1, d);
    if (!rc && s->dl.len != (uint64_t)s->npassages) rc = bad(s, d, "length table size");
    if (!rc) rc = need_section(s, FMT_SEC_DLX, &s->dlx, 1, d);
    if (!rc && s->dlx.len % 8) rc = bad(s, d, "long length table size");
    if (!rc) rc = check_lengths(s, d);
    if (!rc) rc = need_section(s, FMT_SEC_TEXTDICT, &s->textdict, 1, d);
    if (!rc) rc = load_text_chars(s, d);
    if (!rc) rc = need_section(s, FMT_SEC_PSGIDX, &s->psgidx, 1, d);
    if (!rc && s->psgidx.len != 8 * (((uint64_t)s->npassages + FMT_PSG_BLOCK - 1) / FMT_PSG_BLOCK))
        rc = bad(s, d, "passage index size");
    if (!rc) rc = need_section(s, FMT_SEC_PSG, &s->psg, 0, d);
    if (!rc) rc = need_section(s, FMT_SEC_TEXTIDX, &s->textidx, 1, d);
    if (!rc && s->textidx.len % TEXTIDX_ENTRY) rc = bad(s, d, "text index size");
    s->ntextblocks = (uint32_t)(s->textidx.len / TEXTIDX_ENTRY);
    if (!rc) rc = need_section(s, FMT_SEC_TEXT, &s->text, 0, d);
    if (!rc) rc = need_section(s, FMT_SEC_DOCIDX, &s->docidx, 1, d);
    if (!rc && s->docidx.len != DOCIDX_ENTRY * (uint64_t)s->ndocs)
        rc = bad(s, d, "document index size");
    if (!rc) rc = need_section(s, FMT_SEC_DOCS, &s->docs, 0, d);
    if (!rc) rc = check_docidx(s, d);
    if (!rc) rc = need_section(s, FMT_SEC_DOCDATES, &s->docdates, 1, d);
    if (!rc && s->docdates.len != 4 * (uint64_t)s->ndocs) rc = bad(s, d, "document dates size");
    if (!rc) rc = need_section(s, FMT_SEC_POSTINGS, &s->post, 0, d);
    if (!rc) rc = dict_open(&s->dict, s->zr, FMT_SEC_TERMS, FMT_SEC_TERMIDX, d);
    if (!rc) rc = load_chars(s, d);
    if (!rc) rc = load_charlists(s, d);
    /* the labels are read on first use (seg_labels), but must be there */
    static const uint32_t label_secs[] = {FMT_SEC_LABELS, FMT_SEC_CHAPSETS, FMT_SEC_CHAPCOL,
                                          FMT_SEC_ARTSETS, FMT_SEC_ARTCOL};
    for (size_t i = 0; i < sizeof label_secs / sizeof *label_secs && !rc; i++) {
        zf_slice ls;
        rc = need_section(s, label_secs[i], &ls, 0, d);
    }
    if (!rc) rc = sc_open(&s->cities, s->zr, FMT_SEC_CITYSETS, FMT_SEC_CITYCOL, s->npassages, d);
    if (!rc) rc = sc_open(&s->years, s->zr, FMT_SEC_YEARSETS, FMT_SEC_YEARCOL, s->npassages, d);
    sc_cursor_init(&s->city_cur, &s->cities);
    sc_cursor_init(&s->year_cur, &s->years);
    if (rc) {
        seg_close(s);
        return rc;
    }
    *out = s;
    return ZS_OK;
}

void seg_close(segment *s)
{
    if (!s) return;
    zf_close(s->zr);
    free(s->char_cp);
    free(s->char_df);
    charlist_dir_free(&s->charlists);
    if (s->facts_open) factcol_close(&s->facts);
    if (s->labels_open) labelcol_close(&s->labels);
    sc_close(&s->cities);
    sc_close(&s->years);
    buf_free(&s->tblock);
    buf_free(&s->tpacked);
    textpack_dec_free(&s->tchars);
    free(s->tspan);
    free(s->dead);
    free(s->dead_ids);
    free(s);
}

int seg_find(segment *s, const char *term, size_t len, dict_entry *e, zs_diag *d)
{
    return dict_find(&s->dict, term, len, e, d);
}

int seg_cursor(segment *s, const dict_entry *e, post_cursor *c, zs_diag *d)
{
    if (e->post_off > s->post.len || e->post_len > s->post.len - e->post_off)
        return bad(s, d, "postings outside their section");
    int rc = zf_need(s->zr, s->post.off + e->post_off, e->post_len, d);
    if (rc) return rc;
    rc = post_open(c, s->post.p + e->post_off, (size_t)e->post_len, e->df, e->flags, s->npassages);
    if (rc) {
        post_close(c);
        return bad(s, d, "postings list damaged");
    }
    return ZS_OK;
}

uint32_t seg_char_df(const segment *s, uint32_t cp)
{
    uint32_t lo = 0, hi = s->nchars;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->char_cp[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < s->nchars && s->char_cp[lo] == cp ? s->char_df[lo] : 0;
}

int seg_char_list(segment *s, uint32_t cp, charlist_cursor *c, zs_diag *d)
{
    long i = charlist_find(&s->charlists, cp);
    if (i < 0) return ZS_ENOTFOUND;
    uint64_t off = s->charlists.off[i], len = s->charlists.off[i + 1] - off;
    int rc = zf_need(s->zr, s->charlists_sec.off + off, len, d);
    if (rc) return rc;
    charlist_open(c, s->charlists_sec.p + off, (size_t)len, s->charlists.df[i], s->npassages);
    return ZS_OK;
}

uint32_t seg_dl_long(const segment *s, uint32_t pid)
{
    size_t lo = 0, hi = (size_t)(s->dlx.len / 8);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t p = le_get32(s->dlx.p + 8 * mid);
        if (p < pid)
            lo = mid + 1;
        else if (p > pid)
            hi = mid;
        else
            return le_get32(s->dlx.p + 8 * mid + 4);
    }
    return FMT_DL_ESC; /* not listed: damaged, but a length is all we need */
}

uint32_t seg_doc_of(const segment *s, uint32_t pid)
{
    /* last document whose first passage is <= pid */
    uint32_t lo = 0, hi = s->ndocs;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (le_get32(s->docidx.p + (size_t)mid * DOCIDX_ENTRY) <= pid)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static uint64_t unzigzag(uint64_t v)
{
    return (v >> 1) ^ (0 - (v & 1));
}

/* Decode passage block `block` (FMT_PSG_BLOCK records: offsets, kind,
 * external id) into the segment's cache, checking every record. */
static int load_passage_block(segment *s, uint32_t block, zs_diag *d)
{
    if (s->pblock_id == (int64_t)block) return ZS_OK;
    s->pblock_id = -1;
    uint32_t n = (block + 1) * (uint64_t)FMT_PSG_BLOCK <= s->npassages
                     ? FMT_PSG_BLOCK
                     : s->npassages - block * FMT_PSG_BLOCK;
    uint64_t off = le_get64(s->psgidx.p + 8 * (size_t)block);
    uint64_t end = (uint64_t)(block + 1) * FMT_PSG_BLOCK < s->npassages
                       ? le_get64(s->psgidx.p + 8 * (size_t)(block + 1))
                       : s->psg.len;
    if (off > end || end > s->psg.len) return bad(s, d, "passage block outside its section");
    int rc = zf_need(s->zr, s->psg.off + off, end - off, d);
    if (rc) return rc;
    const uint8_t *p = s->psg.p + off, *e = s->psg.p + end;
    if (p >= e) return bad(s, d, "passage block empty");
    uint8_t mode = *p++;
    int has_ext = (mode & FMT_PSG_EXT) != 0;
    uint64_t start, ext = 0;
    if ((mode & ~(unsigned)FMT_PSG_EXT) > FMT_PSG_VARINT || vi_get(&p, e, &start) ||
        (has_ext && vi_get(&p, e, &ext)))
        return bad(s, d, "passage block header");
    uint64_t gap[FMT_PSG_BLOCK], len[FMT_PSG_BLOCK], kind[FMT_PSG_BLOCK], xd[FMT_PSG_BLOCK];
    if ((mode & FMT_PSG_VARINT) == 0) {
        uint32_t v[4][FMT_PSG_BLOCK];
        memset(v, 0, sizeof v);
        if (pfor_decode(&p, e, v[0], n) || pfor_decode(&p, e, v[1], n) ||
            pfor_decode(&p, e, v[2], n) || (has_ext && pfor_decode(&p, e, v[3], n)))
            return bad(s, d, "passage block damaged");
        for (uint32_t k = 0; k < n; k++) {
            gap[k] = v[0][k];
            len[k] = v[1][k];
            kind[k] = v[2][k];
            xd[k] = v[3][k];
        }
    } else {
        for (uint32_t k = 0; k < n; k++) {
            xd[k] = 0;
            if (vi_get(&p, e, &gap[k]) || vi_get(&p, e, &len[k]) || vi_get(&p, e, &kind[k]) ||
                (has_ext && vi_get(&p, e, &xd[k])))
                return bad(s, d, "passage block damaged");
        }
    }
    uint64_t stop = 0;
    for (uint32_t k = 0; k < n; k++) {
        if (k) {
            int64_t g = (int64_t)unzigzag(gap[k]);
            /* byte offsets never wrap: a passage starts at 0 or later */
            if (g < 0 && (uint64_t)0 - (uint64_t)g > stop)
                return bad(s, d, "passage record out of order");
            start = stop + (uint64_t)g;
            ext = ext + unzigzag(xd[k]) + 1;
        }
        if (len[k] > UINT64_MAX - start) return bad(s, d, "passage record out of order");
        if (kind[k] > 1) return bad(s, d, "passage kind");
        stop = start + len[k];
        s->pblock[k] = (seg_psg_rec){start, stop, has_ext ? ext : 0, (int)kind[k]};
    }
    s->pblock_id = block;
    return ZS_OK;
}

int seg_passage(segment *s, uint32_t pid, seg_passage_info *out, zs_diag *d)
{
    if (pid >= s->npassages) return ZS_EINVAL;
    int rc = load_passage_block(s, pid / FMT_PSG_BLOCK, d);
    if (rc) return rc;
    const seg_psg_rec *r = &s->pblock[pid % FMT_PSG_BLOCK];
    out->src_start = r->start;
    out->src_end = r->stop;
    out->kind = r->kind;
    out->ext_id = r->ext;
    out->doc = seg_doc_of(s, pid);
    uint32_t first = s->ndocs ? le_get32(s->docidx.p + (size_t)out->doc * DOCIDX_ENTRY) : 0;
    out->ordinal = pid - first;
    return ZS_OK;
}

/* An inflated block holds exactly the texts of its passages (from its
 * first passage to the next block's) and nothing after them.  Raw deflate
 * has no checksum of its own, so a block changed behind a recomputed page
 * CRC may inflate to other bytes: they must not reach the output as another
 * passage's text.  That each text is valid UTF-8 is checked by seg_text on
 * the one passage it returns (validating the whole block cost a quarter of
 * a sparse export, where one passage of a block is read). */
static int check_text_block(segment *s, uint32_t b, zs_diag *d)
{
    uint32_t first = le_get32(s->textidx.p + (size_t)b * TEXTIDX_ENTRY);
    uint32_t next = b + 1 < s->ntextblocks
                        ? le_get32(s->textidx.p + (size_t)(b + 1) * TEXTIDX_ENTRY)
                        : s->npassages;
    if (next < first || next > s->npassages) return bad(s, d, "text index order");
    if (next - first > s->tspan_cap) {
        size_t cap = next - first;
        seg_text_span *v = realloc(s->tspan, cap * sizeof *v);
        if (!v) return ZS_ENOMEM;
        s->tspan = v;
        s->tspan_cap = cap;
    }
    const uint8_t *base = (const uint8_t *)s->tblock.data, *p = base, *e = p + s->tblock.len;
    for (uint32_t i = first; i < next; i++) {
        uint64_t len;
        if (vi_get(&p, e, &len) || len > (uint64_t)(e - p)) return bad(s, d, "text block damaged");
        s->tspan[i - first] = (seg_text_span){(uint32_t)(p - base), (uint32_t)len};
        p += len;
    }
    if (p != e) return bad(s, d, "text block damaged");
    s->tfirst = first;
    s->tcount = next - first;
    return ZS_OK;
}

/* Inflate text block b (plen packed bytes from clen at off in TEXT) into
 * s->tpacked. */
static int inflate_block(segment *s, uint64_t off, uint32_t clen, uint32_t plen, zs_diag *d)
{
    buf_reset(&s->tpacked);
    int rc = buf_grow(&s->tpacked, plen);
    if (rc) return rc;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -15) != Z_OK) return ZS_ENOMEM;
    int zd =
        s->textdict.len ? inflateSetDictionary(&z, s->textdict.p, (uInt)s->textdict.len) : Z_OK;
    if (zd != Z_OK) {
        inflateEnd(&z);
        return zd == Z_MEM_ERROR ? ZS_ENOMEM : bad(s, d, "text dictionary");
    }
    z.next_in = (Bytef *)(s->text.p + off);
    z.avail_in = clen;
    z.next_out = (Bytef *)s->tpacked.data;
    z.avail_out = plen;
    int zr = inflate(&z, Z_FINISH);
    size_t got = plen - z.avail_out;
    inflateEnd(&z);
    if (zr == Z_MEM_ERROR) return ZS_ENOMEM;
    if (zr != Z_STREAM_END || got != plen) return bad(s, d, "text block does not inflate");
    s->tpacked.len = plen;
    return ZS_OK;
}

/* Inflate text block b and unpack it (textpack.h) into the cache. */
static int load_text_block(segment *s, uint32_t b, zs_diag *d)
{
    if (s->tblock_id == (int64_t)b) return ZS_OK;
    const uint8_t *e = s->textidx.p + (size_t)b * TEXTIDX_ENTRY;
    uint32_t ulen = le_get32(e + 4), clen = le_get32(e + 16), plen = le_get32(e + 20);
    uint64_t off = le_get64(e + 8);
    if (off > s->text.len || clen > s->text.len - off || ulen > FMT_TEXT_BLOCK * 128u ||
        plen > TEXTPACK_GROWTH * (uint64_t)ulen)
        return bad(s, d, "text block outside its section");
    int rc = zf_need(s->zr, s->text.off + off, clen, d);
    if (rc) return rc;
    buf_reset(&s->tblock);
    s->tblock_id = -1;
    if ((rc = buf_grow(&s->tblock, ulen))) return rc;
    if ((rc = inflate_block(s, off, clen, plen, d))) return rc;
    rc = textpack_unpack(&s->tchars, (const uint8_t *)s->tpacked.data, s->tpacked.len, &s->tblock);
    if (rc == ZS_ECORRUPT || (!rc && s->tblock.len != ulen)) return bad(s, d, "text block damaged");
    if (rc) return rc;
    if ((rc = check_text_block(s, b, d))) return rc;
    s->tblock_id = b;
    return ZS_OK;
}

int seg_text(segment *s, uint32_t pid, buf *out, zs_diag *d)
{
    if (pid >= s->npassages) return ZS_EINVAL;
    /* the last block whose first passage is <= pid */
    uint32_t lo = 0, hi = s->ntextblocks;
    if (hi == 0) return bad(s, d, "no text blocks");
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (le_get32(s->textidx.p + (size_t)mid * TEXTIDX_ENTRY) <= pid)
            lo = mid;
        else
            hi = mid;
    }
    uint32_t first = le_get32(s->textidx.p + (size_t)lo * TEXTIDX_ENTRY);
    if (first > pid) return bad(s, d, "text index order");
    int rc = load_text_block(s, lo, d);
    if (rc) return rc;
    if (pid - s->tfirst >= s->tcount) return bad(s, d, "text index order");
    const seg_text_span *sp = &s->tspan[pid - s->tfirst];
    const char *p = s->tblock.data + sp->at;
    /* checked here, not when the block is inflated: a reader of one
     * passage pays for its own bytes only */
    if (!u8_valid(p, sp->len)) return bad(s, d, "stored text is not valid UTF-8");
    buf_reset(out);
    return buf_add(out, p, sp->len);
}

int seg_doc(segment *s, uint32_t doc, seg_doc_info *out, zs_diag *d)
{
    if (doc >= s->ndocs) return ZS_EINVAL;
    const uint8_t *e = s->docidx.p + (size_t)doc * DOCIDX_ENTRY;
    uint64_t off = le_get64(e + 8);
    uint64_t end = doc + 1 < s->ndocs ? le_get64(e + DOCIDX_ENTRY + 8) : s->docs.len;
    if (off > end || end > s->docs.len) return bad(s, d, "document record outside its section");
    int rc = zf_need(s->zr, s->docs.off + off, end - off, d);
    if (rc) return rc;
    const uint8_t *p = s->docs.p + off, *q = s->docs.p + end;
    uint64_t plen, size, mtime, elen, repl;
    if (vi_get(&p, q, &plen) || plen > (uint64_t)(q - p)) return bad(s, d, "document record");
    out->path = (const char *)p;
    out->path_len = (size_t)plen;
    p += plen;
    if (vi_get(&p, q, &size) || vi_get(&p, q, &mtime) || q - p < 8)
        return bad(s, d, "document record");
    out->hash = le_get64(p);
    p += 8;
    if (vi_get(&p, q, &elen) || elen > (uint64_t)(q - p)) return bad(s, d, "document record");
    out->encoding = (const char *)p;
    out->encoding_len = (size_t)elen;
    p += elen;
    if (vi_get(&p, q, &repl)) return bad(s, d, "document record");
    uint64_t tlen;
    if (vi_get(&p, q, &tlen) || tlen > FMT_TITLE_MAX || tlen > (uint64_t)(q - p) ||
        !u8_valid((const char *)p, (size_t)tlen))
        return bad(s, d, "document title");
    out->title = (const char *)p;
    out->title_len = (size_t)tlen;
    p += tlen;
    uint64_t ssize, smtime, ulen, xlen;
    if (vi_get(&p, q, &ssize) || vi_get(&p, q, &smtime) || q - p < 8)
        return bad(s, d, "document source");
    out->src_size = ssize;
    out->src_mtime = (int64_t)smtime;
    out->src_hash = le_get64(p);
    p += 8;
    if (vi_get(&p, q, &ulen) || ulen > FMT_URL_MAX || ulen > (uint64_t)(q - p) ||
        !u8_valid((const char *)p, (size_t)ulen))
        return bad(s, d, "document url");
    out->url = (const char *)p;
    out->url_len = (size_t)ulen;
    p += ulen;
    if (vi_get(&p, q, &xlen) || xlen > FMT_EXTRA_MAX || xlen != (uint64_t)(q - p) ||
        !u8_valid((const char *)p, (size_t)xlen))
        return bad(s, d, "document extra keys");
    out->extra = (const char *)p;
    out->extra_len = (size_t)xlen;
    out->date = seg_doc_date(s, doc);
    if (!date_valid(out->date)) return bad(s, d, "document date");
    out->size = size;
    out->mtime = (int64_t)mtime;
    out->replaced = repl;
    out->first_pid = le_get32(e);
    uint32_t next = doc + 1 < s->ndocs ? le_get32(e + DOCIDX_ENTRY) : s->npassages;
    if (next < out->first_pid) return bad(s, d, "document index order");
    out->npassages = next - out->first_pid;
    return ZS_OK;
}

int seg_facts(segment *s, const factcol_reader **out, zs_diag *d)
{
    if (!s->facts_open) {
        int rc = factcol_open(&s->facts, s->zr, FMT_SEC_FACTKEYS, FMT_SEC_FACTVALS,
                              FMT_SEC_FACTREFS, s->npassages, d);
        if (rc) return rc;
        s->facts_open = 1;
    }
    *out = &s->facts;
    return ZS_OK;
}

int seg_fact_series(segment *s, size_t si, zs_diag *d)
{
    return factcol_load(&s->facts, si, d);
}

int seg_facts_all(segment *s, const factcol_reader **out, zs_diag *d)
{
    int rc = seg_facts(s, out, d);
    return rc ? rc : factcol_load_all(&s->facts, d);
}

int seg_sets(segment *s, uint32_t pid, uint32_t *cities, uint32_t *years)
{
    int rc = sc_get(&s->city_cur, pid, cities);
    return rc ? rc : sc_get(&s->year_cur, pid, years);
}

int seg_labels(segment *s, uint32_t pid, labelcol_label *chapter, labelcol_label *article,
               zs_diag *d)
{
    if (pid >= s->npassages) return ZS_EINVAL;
    if (!s->labels_open) {
        labelcol_sections ls = {FMT_SEC_LABELS, FMT_SEC_CHAPSETS, FMT_SEC_CHAPCOL, FMT_SEC_ARTSETS,
                                FMT_SEC_ARTCOL};
        int rc = labelcol_open(&s->labels, s->zr, &ls, s->npassages, d);
        if (rc) return rc;
        s->labels_open = 1;
    }
    int rc = labelcol_get(&s->labels, pid, chapter, article);
    return rc == ZS_ECORRUPT ? bad(s, d, "chapter or article label") : rc;
}

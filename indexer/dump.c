/* dump.c - zhindex dump (see dump.h). */
#include "dump.h"

#include "bytes.h"
#include "format.h"
#include "utf8.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bytes per line of a hex dump: 16, as xxd and docs/FORMAT.md's examples. */
#define DUMP_HEX_LINE 16

/* The file name of a segment without its directory. */
static const char *base_name(const segment *s)
{
    const char *p = zf_path(s->zr), *slash = strrchr(p, '/');
    return slash ? slash + 1 : p;
}

/* Bytes as they are, except control bytes (\xHH) and the backslash (\\),
 * so a line stays one line and dump_unescape reads it back. */
static void put_bytes(FILE *out, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            fprintf(out, "\\x%02x", c);
        else if (c == '\\')
            fputs("\\\\", out);
        else
            fputc(c, out);
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int dump_unescape(const char *s, char *out, size_t cap, size_t *len)
{
    size_t n = 0;
    while (*s) {
        int c = (unsigned char)*s++;
        if (c == '\\') {
            if (*s == '\\') {
                s++;
            } else if (*s == 'x' && hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
                c = hexval(s[1]) * 16 + hexval(s[2]);
                s += 3;
            } else {
                return ZS_EINVAL;
            }
        }
        if (n >= cap) return ZS_EINVAL;
        out[n++] = (char)c;
    }
    *len = n;
    return ZS_OK;
}

/* ---- --term ----------------------------------------------------------------- */

/* The postings of one list; a posting of a deleted passage (tomb.h) is
 * marked and not counted in *live. */
static int dump_list(segment *s, uint64_t base, const dict_entry *e, FILE *out, uint64_t *live,
                     zs_diag *d)
{
    post_cursor pc;
    int rc = seg_cursor(s, e, &pc, d);
    if (rc) return rc;
    for (; pc.doc != POST_END; post_next(&pc)) {
        const uint32_t *pos;
        uint32_t np;
        if (post_positions(&pc, &pos, &np)) break;
        fprintf(out, "  passage %llu (local %u): tf %u, positions",
                (unsigned long long)(base + pc.doc), pc.doc, np);
        for (uint32_t k = 0; k < np; k++) fprintf(out, " %u", pos[k]);
        if (seg_dead(s, pc.doc))
            fputs(" (deleted)", out);
        else
            (*live)++;
        fputc('\n', out);
    }
    int err = pc.err;
    post_close(&pc);
    if (err)
        return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: postings list damaged", zf_path(s->zr));
    return ZS_OK;
}

int dump_term(zindex *ix, const char *term, size_t len, FILE *out, zs_diag *d)
{
    uint64_t total = 0;
    fputs("term ", out);
    put_bytes(out, term, len);
    fputc('\n', out);
    for (size_t i = 0; i < ix->nsegs; i++) {
        segment *s = ix->segs[i];
        dict_entry e;
        int rc = len <= DICT_TERM_MAX ? seg_find(s, term, len, &e, d) : ZS_ENOTFOUND;
        if (rc == ZS_ENOTFOUND) {
            fprintf(out, "segment %s: absent\n", base_name(s));
            continue;
        }
        if (rc) return rc;
        fprintf(out, "segment %s: df %u, list %llu bytes at %llu, flags %s\n", base_name(s), e.df,
                (unsigned long long)e.post_len, (unsigned long long)e.post_off,
                e.flags & POST_F_TF1 ? "tf1" : "0");
        rc = dump_list(s, ix->seg_base[i], &e, out, &total, d);
        if (rc) return rc;
    }
    fprintf(out, "total df %llu\n", (unsigned long long)total);
    return ferror(out) ? ZS_EIO : ZS_OK;
}

/* ---- --section: decoders ------------------------------------------------------ */

/* A decoder prints section `sl` of `s`, whose pages are checked. */
typedef int (*decode_fn)(segment *s, zf_slice sl, FILE *out, zs_diag *d);

static int corrupt(const segment *s, zs_diag *d, const char *what)
{
    return zs_fail(d, ZS_ECORRUPT, "index corrupt: %s: %s", zf_path(s->zr), what);
}

static int dec_stats(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    if (sl.len < 48) return corrupt(s, d, "STATS too short");
    const uint8_t *p = sl.p;
    fprintf(out, "npassages %u\nndocuments %u\ntotal_tokens %llu\nnterms %llu\n", le_get32(p),
            le_get32(p + 4), (unsigned long long)le_get64(p + 8),
            (unsigned long long)le_get64(p + 16));
    fprintf(out, "flags %u\npassage_max %u\ncreated %llu\n", le_get32(p + 24), le_get32(p + 28),
            (unsigned long long)le_get64(p + 32));
    return ZS_OK;
}

static int dec_docs(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    (void)sl;
    for (uint32_t i = 0; i < s->ndocs; i++) {
        seg_doc_info di;
        int rc = seg_doc(s, i, &di, d);
        if (rc) return rc;
        fprintf(out, "doc %u: path ", i);
        put_bytes(out, di.path, di.path_len);
        fprintf(out, ", size %llu, mtime %lld, hash %016llx, encoding ",
                (unsigned long long)di.size, (long long)di.mtime, (unsigned long long)di.hash);
        put_bytes(out, di.encoding, di.encoding_len);
        fprintf(out, ", replaced %llu, title ", (unsigned long long)di.replaced);
        put_bytes(out, di.title, di.title_len);
        fprintf(out, ", source size %llu, mtime ", (unsigned long long)di.src_size);
        if (di.src_mtime == FMT_MTIME_RACY)
            fputs("racy (hashed by add and sync)", out);
        else
            fprintf(out, "%lld", (long long)di.src_mtime);
        fprintf(out, ", hash %016llx", (unsigned long long)di.src_hash);
        if (di.url_len) {
            fputs(", url ", out);
            put_bytes(out, di.url, di.url_len);
        }
        if (di.extra_len) {
            fputs(", extra ", out);
            put_bytes(out, di.extra, di.extra_len);
        }
        fputc('\n', out);
    }
    return ZS_OK;
}

static int dec_docidx(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    if (sl.len != 16ull * s->ndocs) return corrupt(s, d, "DOCIDX size");
    for (uint32_t i = 0; i < s->ndocs; i++)
        fprintf(out, "doc %u: first_passage %u, offset %llu\n", i, le_get32(sl.p + 16 * (size_t)i),
                (unsigned long long)le_get64(sl.p + 16 * (size_t)i + 8));
    return ZS_OK;
}

static int dec_docdates(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    if (sl.len != 4ull * s->ndocs) return corrupt(s, d, "DOCDATES size");
    for (uint32_t i = 0; i < s->ndocs; i++)
        fprintf(out, "doc %u: date %u\n", i, le_get32(sl.p + 4 * (size_t)i));
    return ZS_OK;
}

static int dec_dl(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    if (sl.len != s->npassages) return corrupt(s, d, "DL size");
    for (uint32_t p = 0; p < s->npassages; p++) fprintf(out, "passage %u: %u\n", p, sl.p[p]);
    return ZS_OK;
}

static int dec_dlx(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    if (sl.len % 8) return corrupt(s, d, "DLX size");
    for (uint64_t k = 0; k < sl.len; k += 8)
        fprintf(out, "passage %u: %u\n", le_get32(sl.p + k), le_get32(sl.p + k + 4));
    return ZS_OK;
}

static int dec_psg(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    (void)sl;
    for (uint32_t p = 0; p < s->npassages; p++) {
        seg_passage_info pi;
        int rc = seg_passage(s, p, &pi, d);
        if (rc) return rc;
        fprintf(out, "passage %u: doc %u, ordinal %u, bytes %llu..%llu, %s", p, pi.doc, pi.ordinal,
                (unsigned long long)pi.src_start, (unsigned long long)pi.src_end,
                pi.kind == FMT_KIND_HEADING ? "heading" : "body");
        if (pi.ext_id) fprintf(out, ", id %llu", (unsigned long long)pi.ext_id);
        fputc('\n', out);
    }
    return ZS_OK;
}

static int dec_psgidx(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    if (sl.len % 8) return corrupt(s, d, "PSGIDX size");
    for (uint64_t k = 0; k < sl.len; k += 8)
        fprintf(out, "block %llu: offset %llu\n", (unsigned long long)(k / 8),
                (unsigned long long)le_get64(sl.p + k));
    return ZS_OK;
}

static int dec_text(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    (void)sl;
    buf text;
    buf_init(&text);
    int rc = ZS_OK;
    for (uint32_t p = 0; p < s->npassages && !rc; p++) {
        rc = seg_text(s, p, &text, d);
        if (rc) break;
        fprintf(out, "passage %u: ", p);
        put_bytes(out, text.data, text.len);
        fputc('\n', out);
    }
    buf_free(&text);
    return rc;
}

static int dec_textidx(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    if (sl.len % 24) return corrupt(s, d, "TEXTIDX size");
    for (uint64_t k = 0; k < sl.len; k += 24)
        fprintf(out,
                "block %llu: first_passage %u, uncompressed %u, offset %llu, compressed %u, "
                "packed %u\n",
                (unsigned long long)(k / 24), le_get32(sl.p + k), le_get32(sl.p + k + 4),
                (unsigned long long)le_get64(sl.p + k + 8), le_get32(sl.p + k + 16),
                le_get32(sl.p + k + 20));
    return ZS_OK;
}

/* A character of TEXTCHARS as U+XXXX and itself. */
static void put_cp(FILE *out, uint32_t cp)
{
    uint8_t u[U8_MAX_BYTES];
    int n = u8_encode(cp, u);
    fprintf(out, "U+%04X ", cp);
    put_bytes(out, (const char *)u, (size_t)n);
}

static int dec_textchars(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    const uint8_t *p = sl.p, *end = sl.p + sl.len;
    for (uint32_t r = 0; p < end; r++) {
        /* seg_open checked the table */
        uint32_t head, second;
        if (vi_get32(&p, end, &head) || (head >> 1) >= TEXTPACK_BMP)
            return corrupt(s, d, "TEXTCHARS entry");
        fprintf(out, "rank %u: ", r);
        put_cp(out, head >> 1);
        if (head & 1) {
            if (vi_get32(&p, end, &second) || second >= TEXTPACK_BMP)
                return corrupt(s, d, "TEXTCHARS entry");
            fputc(' ', out);
            put_cp(out, second);
        }
        fputc('\n', out);
    }
    return ZS_OK;
}

static int dec_terms(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    (void)sl;
    dict_iter it;
    int rc = dict_seek(&s->dict, "", 0, &it, d);
    while (!rc && it.valid) {
        fprintf(out, "term %llu: ", (unsigned long long)it.e.ord);
        put_bytes(out, it.e.term, it.e.len);
        fprintf(out, ", df %u, list %llu bytes at %llu, flags %u\n", it.e.df,
                (unsigned long long)it.e.post_len, (unsigned long long)it.e.post_off, it.e.flags);
        rc = dict_next(&it, d);
    }
    return rc;
}

static int dec_termidx(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    if (sl.len < 16 || (sl.len - 16) % 16) return corrupt(s, d, "TERMIDX size");
    fprintf(out, "nblocks %u, block_size %u, nterms %llu\n", le_get32(sl.p), le_get32(sl.p + 4),
            (unsigned long long)le_get64(sl.p + 8));
    for (uint64_t k = 16; k < sl.len; k += 16)
        fprintf(out, "block %llu: offset %u, first ordinal %u, postings at %llu\n",
                (unsigned long long)((k - 16) / 16), le_get32(sl.p + k), le_get32(sl.p + k + 4),
                (unsigned long long)le_get64(sl.p + k + 8));
    return ZS_OK;
}

static int dec_chars(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    (void)sl;
    (void)d;
    for (uint32_t i = 0; i < s->nchars; i++) {
        uint8_t u[4];
        int n = u8_encode(s->char_cp[i], u);
        fprintf(out, "U+%04X %.*s: df %u\n", s->char_cp[i], n, (const char *)u, s->char_df[i]);
    }
    return ZS_OK;
}

static int dec_labels(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    const uint8_t *p = sl.p, *end = sl.p + sl.len;
    uint32_t n;
    if (le_read32(&p, end, &n)) return corrupt(s, d, "LABELS too short");
    for (uint32_t i = 0; i < n; i++) {
        uint64_t len;
        if (vi_get(&p, end, &len) || len > (uint64_t)(end - p))
            return corrupt(s, d, "LABELS: a label runs past the section");
        fprintf(out, "label %u: ", i);
        put_bytes(out, (const char *)p, (size_t)len);
        fputc('\n', out);
        p += len;
    }
    return ZS_OK;
}

static int dec_hex(segment *s, zf_slice sl, FILE *out, zs_diag *d)
{
    (void)s;
    (void)d;
    for (uint64_t k = 0; k < sl.len; k += DUMP_HEX_LINE) {
        fprintf(out, "%08llx:", (unsigned long long)k);
        for (uint64_t j = k; j < k + DUMP_HEX_LINE; j++) {
            if (j < sl.len)
                fprintf(out, "%s%02x", (j - k) % 2 ? "" : " ", sl.p[j]);
            else
                fputs((j - k) % 2 ? "  " : "   ", out);
        }
        fputs("  ", out);
        for (uint64_t j = k; j < k + DUMP_HEX_LINE && j < sl.len; j++)
            fputc(sl.p[j] >= 0x20 && sl.p[j] < 0x7f ? sl.p[j] : '.', out);
        fputc('\n', out);
    }
    return ZS_OK;
}

/* The sections of a segment by their FORMAT.md names, in its table's order. */
static const struct {
    const char *name;
    uint32_t id;
    decode_fn decode;
} sections[] = {
    {"STATS", FMT_SEC_STATS, dec_stats},
    {"DOCS", FMT_SEC_DOCS, dec_docs},
    {"DOCIDX", FMT_SEC_DOCIDX, dec_docidx},
    {"DL", FMT_SEC_DL, dec_dl},
    {"DLX", FMT_SEC_DLX, dec_dlx},
    {"PSG", FMT_SEC_PSG, dec_psg},
    {"PSGIDX", FMT_SEC_PSGIDX, dec_psgidx},
    {"TEXT", FMT_SEC_TEXT, dec_text},
    {"TEXTIDX", FMT_SEC_TEXTIDX, dec_textidx},
    {"TEXTDICT", FMT_SEC_TEXTDICT, dec_hex},
    {"TEXTCHARS", FMT_SEC_TEXTCHARS, dec_textchars},
    {"CHARLISTS", FMT_SEC_CHARLISTS, dec_hex},
    {"POSTINGS", FMT_SEC_POSTINGS, dec_hex},
    {"TERMS", FMT_SEC_TERMS, dec_terms},
    {"TERMIDX", FMT_SEC_TERMIDX, dec_termidx},
    {"CHARS", FMT_SEC_CHARS, dec_chars},
    {"CITYSETS", FMT_SEC_CITYSETS, dec_hex},
    {"CITYCOL", FMT_SEC_CITYCOL, dec_hex},
    {"YEARSETS", FMT_SEC_YEARSETS, dec_hex},
    {"YEARCOL", FMT_SEC_YEARCOL, dec_hex},
    {"FACTKEYS", FMT_SEC_FACTKEYS, dec_hex},
    {"FACTVALS", FMT_SEC_FACTVALS, dec_hex},
    {"FACTREFS", FMT_SEC_FACTREFS, dec_hex},
    {"DOCDATES", FMT_SEC_DOCDATES, dec_docdates},
    {"LABELS", FMT_SEC_LABELS, dec_labels},
    {"CHAPSETS", FMT_SEC_CHAPSETS, dec_hex},
    {"CHAPCOL", FMT_SEC_CHAPCOL, dec_hex},
    {"ARTSETS", FMT_SEC_ARTSETS, dec_hex},
    {"ARTCOL", FMT_SEC_ARTCOL, dec_hex},
};
#define NSECTIONS (sizeof sections / sizeof sections[0])

int dump_section(zindex *ix, const char *name, FILE *out, zs_diag *d)
{
    size_t k = 0;
    while (k < NSECTIONS && strcasecmp(sections[k].name, name)) k++;
    if (k == NSECTIONS) {
        char names[ZS_DIAG_MAX];
        size_t n = 0;
        for (size_t i = 0; i < NSECTIONS && n < sizeof names; i++)
            n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", i ? " " : "",
                                  sections[i].name);
        return zs_fail(d, ZS_ENOTFOUND, "no section '%s'; sections: %s", name, names);
    }
    for (size_t i = 0; i < ix->nsegs; i++) {
        segment *s = ix->segs[i];
        zf_slice sl;
        int rc = zf_section_checked(s->zr, sections[k].id, &sl, d);
        if (rc == ZS_ENOTFOUND) return corrupt(s, d, "a section is missing");
        if (rc) return rc;
        fprintf(out, "segment %s: section %s (id %u): %llu bytes at body offset %llu\n",
                base_name(s), sections[k].name, sections[k].id, (unsigned long long)sl.len,
                (unsigned long long)sl.off);
        rc = sections[k].decode(s, sl, out, d);
        if (rc) return rc;
    }
    return ferror(out) ? ZS_EIO : ZS_OK;
}

/*
 * decode.c - bytes of a file to UTF-8 with source offsets (see decode.h).
 *
 * Design.  Each encoding has a "run" function with one contract: decode the
 * characters of [p, p+n), whose first byte is at file offset `base`, append
 * them with their offsets, and say how many bytes were used.  Without `last`
 * the bytes left over are the start of a character cut by the end of the
 * piece (always fewer than DEC_CHAR_MAX); with `last` everything is used.
 * push() glues pieces together: the few bytes kept from the previous piece
 * are decoded with the first bytes of the next one in a small scratch array,
 * then the rest of the piece is decoded in place, so no piece is copied.
 *
 * The UTF-8, UTF-16 and GB18030 runs reserve room for a window of DEC_WINDOW
 * input bytes at a time and then write through raw pointers: a capacity check
 * per code point would cost more than the decoding itself.
 *
 * GB18030: iconv converts long runs in one call, which is fast, but cannot
 * say where each character started.  The byte structure is simple (gb_len),
 * so a native scan records the offsets and iconv only converts.  That pairing
 * relies on iconv giving exactly one code point per character, which is
 * checked after each run; were it ever false, the run is redone one character
 * at a time.
 */
#include "decode.h"

#include "hanfreq.h"
#include "utf8.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Longest byte sequence a run waits for before calling it invalid.  UTF-8,
 * UTF-16 and GB18030 need at most 4; the one-at-a-time iconv path tries up to
 * this many bytes, which covers every multi-byte charset glibc ships (at most
 * 4 bytes per character, plus slack for shift sequences). */
#define DEC_CHAR_MAX 8

/* Input bytes per output reservation.  Bounds how far `out` and `offs` are
 * grown ahead of need, and keeps the hot loops free of capacity checks. */
#define DEC_WINDOW 16384

/* Output bytes one input byte can give at most: a lone invalid byte becomes
 * U+FFFD (3 bytes); every valid character in UTF-8, UTF-16 and GB18030 is no
 * shorter in its source than 1/3 of its UTF-8 form. */
#define DEC_OUT_PER_BYTE 3

/* UTF-8 from one character on the one-at-a-time iconv path.  A character
 * decodes to at most a few code points (BIG5-HKSCS and EUC-JISX0213 give 2). */
#define DEC_GEN_OUT 32

static const uint8_t fffd[3] = {0xEF, 0xBF, 0xBD}; /* U+FFFD in UTF-8 */

enum { M_DETECT, M_UTF8, M_U16LE, M_U16BE, M_GB, M_ICONV };

struct dec {
    int mode;
    int strict;
    int gb4;                      /* M_GB: 4-byte sequences exist (GB18030, not GBK) */
    int spent;                    /* an error happened: no more feeds */
    int ended;                    /* the last feed happened */
    iconv_t cd;                   /* (iconv_t)-1 when no iconv is used */
    char name[DEC_NAME_MAX + 16]; /* reported name; room for "UTF-8 (BOM)" */
    const char *label;            /* name in messages: "UTF-8", "GB18030", ... */
    uint64_t pos;                 /* file offset of the first byte not yet decoded */
    uint64_t fed;                 /* bytes fed so far */
    uint64_t ninvalid, first_invalid;
    uint8_t pend[DEC_CHAR_MAX]; /* start of a character cut by the last piece */
    size_t npend;
    uint8_t *hold; /* first bytes held while detection waits (DEC_DETECT_MAX) */
    size_t nhold;
};

/* Where decoded text goes. */
typedef struct sink {
    buf *out;
    u64vec *offs;
} sink;

typedef int (*run_fn)(dec *dc, const uint8_t *p, size_t n, uint64_t base, int last, sink *s,
                      zs_diag *d, size_t *used);

static size_t min_sz(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* An invalid sequence at file offset `at` (`cut`: cut off by the end of the
 * file): an error under strict, else counted. */
static int bad(dec *dc, uint64_t at, int cut, zs_diag *d)
{
    if (dc->strict)
        return zs_fail(d, ZS_EENCODING,
                       cut ? "offset %llu: truncated %s sequence at end of input"
                           : "offset %llu: invalid %s sequence",
                       (unsigned long long)at, dc->label);
    if (dc->ninvalid++ == 0) dc->first_invalid = at;
    return ZS_OK;
}

/* Append one code point with its offset (the slow, checked way). */
static int put(sink *s, uint32_t cp, uint64_t at)
{
    uint8_t u[U8_MAX_BYTES];
    int rc = buf_add(s->out, u, (size_t)u8_encode(cp, u));
    return rc ? rc : u64vec_push(s->offs, at);
}

/* Make room for the output of `w` more input bytes (plus a character that
 * straddles the window end), for the raw-pointer loops. */
static int room(sink *s, size_t w)
{
    int rc = buf_grow(s->out, DEC_OUT_PER_BYTE * (w + DEC_CHAR_MAX));
    return rc ? rc : u64vec_reserve(s->offs, w + DEC_CHAR_MAX);
}

/* Take the raw cursors `o` and `f` back into the buffer and the vector. */
static void commit(sink *s, const uint8_t *o, const uint64_t *f)
{
    s->out->len = (size_t)((const char *)o - s->out->data);
    s->out->data[s->out->len] = '\0';
    s->offs->n = (size_t)(f - s->offs->v);
}

/* ---- UTF-8 ---------------------------------------------------------- */

/* Length of the maximal subpart at p: the longest prefix of a well-formed
 * sequence (Unicode 15, table 3-7), 0 when p[0] starts none.  *need is the
 * full length of the sequence p[0] starts. */
static size_t u8_subpart(const uint8_t *p, const uint8_t *end, size_t *need)
{
    uint8_t c = p[0], lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        *need = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        *need = 3;
        if (c == 0xE0) lo = 0xA0; /* overlong */
        if (c == 0xED) hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        *need = 4;
        if (c == 0xF0) lo = 0x90; /* overlong */
        if (c == 0xF4) hi = 0x8F; /* above U+10FFFF */
    } else {
        *need = 1;
        return 0;
    }
    size_t i = 1;
    if (end - p > 1 && p[1] >= lo && p[1] <= hi)
        for (i = 2; i < *need && (size_t)(end - p) > i && (p[i] & 0xC0) == 0x80; i++) continue;
    return i;
}

static int u8_run(dec *dc, const uint8_t *p, size_t n, uint64_t base, int last, sink *s, zs_diag *d,
                  size_t *used)
{
    size_t i = 0;
    int rc = ZS_OK, cut = 0;
    /* A BOM is not text.  (Cut short, it waits like any character and comes
     * back here with base 0 once complete.) */
    if (base == 0 && n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) i = 3;
    while (i < n && !cut && rc == ZS_OK) {
        size_t wend = i + min_sz(n - i, DEC_WINDOW);
        if ((rc = room(s, wend - i))) break;
        uint8_t *o = (uint8_t *)s->out->data + s->out->len;
        uint64_t *f = s->offs->v + s->offs->n;
        while (i < wend) {
            uint8_t c = p[i];
            if (c < 0x80) { /* ASCII, the bulk of many files */
                *o++ = c ? c : ' ';
                *f++ = base + i++;
                continue;
            }
            /* Inline checks for the common forms (E1-EC and EE-EF take any
             * continuation bytes, so they cannot be overlong, surrogates or
             * too large): Chinese is almost all 3-byte. */
            if (c >= 0xE1 && c <= 0xEF && c != 0xED && n - i >= 3 && (p[i + 1] & 0xC0) == 0x80 &&
                (p[i + 2] & 0xC0) == 0x80) {
                memcpy(o, p + i, 3);
                o += 3;
                *f++ = base + i;
                i += 3;
                continue;
            }
            uint32_t cp;
            int l = u8_decode(p + i, p + n, &cp);
            if (l > 0) {
                memcpy(o, p + i, (size_t)l);
                o += l;
                *f++ = base + i;
                i += (size_t)l;
                continue;
            }
            size_t need, sub = u8_subpart(p + i, p + n, &need);
            int at_end = i + sub == n && sub < need;
            if (at_end && !last) {
                cut = 1;
                break;
            }
            if ((rc = bad(dc, base + i, at_end, d))) break;
            memcpy(o, fffd, 3);
            o += 3;
            *f++ = base + i;
            i += sub ? sub : 1;
        }
        commit(s, o, f);
    }
    *used = i;
    return rc;
}

/* ---- UTF-16 --------------------------------------------------------- */

static uint32_t u16_at(const uint8_t *p, int be)
{
    return be ? (uint32_t)(p[0] << 8 | p[1]) : (uint32_t)(p[1] << 8 | p[0]);
}

static int u16_run(dec *dc, const uint8_t *p, size_t n, uint64_t base, int last, sink *s,
                   zs_diag *d, size_t *used)
{
    int be = dc->mode == M_U16BE, rc = ZS_OK, cut = 0;
    size_t i = 0;
    while (i < n && !cut && rc == ZS_OK) {
        size_t wend = i + min_sz(n - i, DEC_WINDOW);
        if ((rc = room(s, wend - i))) break;
        uint8_t *o = (uint8_t *)s->out->data + s->out->len;
        uint64_t *f = s->offs->v + s->offs->n;
        while (i < wend) {
            size_t left = n - i, l = 2;
            uint32_t cp = left >= 2 ? u16_at(p + i, be) : 0;
            int invalid = 0, at_end = left < 2 || (cp >= 0xD800 && cp <= 0xDBFF && left < 4);
            if (at_end) {
                if (!last) {
                    cut = 1;
                    break;
                }
                invalid = 1;
                l = left;
            } else if (cp >= 0xD800 && cp <= 0xDBFF) {
                uint32_t lo = u16_at(p + i + 2, be);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    l = 4;
                } else {
                    invalid = 1; /* high surrogate without its low half */
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                invalid = 1; /* low surrogate alone */
            }
            if (invalid) {
                if ((rc = bad(dc, base + i, at_end, d))) break;
                cp = U8_REPLACEMENT;
            }
            if (cp != 0xFEFF || base + i != 0) { /* a BOM is not text */
                o += u8_encode(cp ? cp : ' ', o);
                *f++ = base + i;
            }
            i += l;
        }
        commit(s, o, f);
    }
    *used = i;
    return rc;
}

/* ---- any iconv charset, one character at a time ---------------------- */

/* Append the UTF-8 that iconv made of the character at file offset `at`.
 * glibc always writes well-formed UTF-8, but it is checked, not trusted. */
static int emit_iconv(dec *dc, const uint8_t *u, size_t n, uint64_t at, sink *s, zs_diag *d)
{
    for (size_t j = 0; j < n;) {
        uint32_t cp;
        int l = u8_decode(u + j, u + n, &cp), rc;
        if (l == 0) {
            if ((rc = bad(dc, at, 0, d))) return rc;
            return put(s, U8_REPLACEMENT, at);
        }
        if ((rc = put(s, cp ? cp : ' ', at))) return rc;
        j += (size_t)l;
    }
    return ZS_OK;
}

/* Feed iconv 1, 2, ... DEC_CHAR_MAX bytes until it consumes some: then those
 * bytes are one character (or a shift sequence, which gives no output). */
static int gen_run(dec *dc, const uint8_t *p, size_t n, uint64_t base, int last, sink *s,
                   zs_diag *d, size_t *used)
{
    size_t i = 0;
    int rc = ZS_OK;
    while (i < n) {
        size_t max = min_sz(n - i, DEC_CHAR_MAX), took = 0, made = 0;
        uint8_t u[DEC_GEN_OUT];
        int err = 0;
        for (size_t k = 1; k <= max; k++) {
            char *ip = (char *)(p + i), *op = (char *)u;
            size_t il = k, ol = sizeof u;
            err = iconv(dc->cd, &ip, &il, &op, &ol) == (size_t)-1 ? errno : 0;
            took = k - il;
            made = (size_t)(op - (char *)u);
            if (took > 0 || err != EINVAL) break;
        }
        if (took > 0) {
            if ((rc = emit_iconv(dc, u, made, base + i, s, d))) break;
            i += took;
            continue;
        }
        /* EINVAL for every length: the character is cut by the end of the
         * input, or (with DEC_CHAR_MAX bytes at hand) it is not one. */
        int at_end = err == EINVAL && max < DEC_CHAR_MAX;
        if (at_end && !last) break;
        if ((rc = bad(dc, base + i, at_end, d)) || (rc = put(s, U8_REPLACEMENT, base + i))) break;
        i += at_end ? n - i : 1; /* EILSEQ: skip one byte and resynchronise */
    }
    *used = i;
    return rc;
}

/* ---- GB18030 / GBK / GB2312 ------------------------------------------ */

/* Bytes in the character at p: 1, 2 or 4 (4 only when `four`, i.e. GB18030);
 * 0 when p[0] cannot start a character here; -1 when [p, end) is a valid but
 * incomplete start.  Lead 0x81-0xFE; two-byte trail 0x40-0x7E or 0x80-0xFE;
 * four-byte form lead, 0x30-0x39, 0x81-0xFE, 0x30-0x39 (GB 18030-2005, 6.3). */
static int gb_len(const uint8_t *p, const uint8_t *end, int four)
{
    uint8_t c = p[0];
    if (c < 0x80) return 1;
    if (c == 0x80 || c == 0xFF) return 0;
    if (end - p < 2) return -1;
    uint8_t c2 = p[1];
    if ((c2 >= 0x40 && c2 <= 0x7E) || (c2 >= 0x80 && c2 <= 0xFE)) return 2;
    if (!four || c2 < 0x30 || c2 > 0x39) return 0;
    if (end - p < 3) return -1;
    if (p[2] < 0x81 || p[2] == 0xFF) return 0;
    if (end - p < 4) return -1;
    return (p[3] >= 0x30 && p[3] <= 0x39) ? 4 : 0;
}

/* Convert [p, p+len), `nchars` whole characters whose offsets are already
 * the last `nchars` entries of s->offs, with as few iconv calls as possible. */
static int gb_convert(dec *dc, const uint8_t *p, size_t len, uint64_t at, size_t nchars, sink *s,
                      zs_diag *d)
{
    buf *out = s->out;
    size_t len0 = out->len, offs0 = s->offs->n - nchars;
    uint64_t ninvalid0 = dc->ninvalid, first0 = dc->first_invalid;
    char *ip = (char *)p;
    size_t il = len;
    int rc;
    while (il > 0) {
        char *op = out->data + out->len;
        size_t ol = out->cap - out->len - 1; /* keep room for the NUL */
        int err = iconv(dc->cd, &ip, &il, &op, &ol) == (size_t)-1 ? errno : 0;
        out->len = (size_t)(op - out->data);
        if (!err) break;
        if (err == E2BIG) { /* not expected after room(), but harmless */
            if ((rc = buf_grow(out, DEC_OUT_PER_BYTE * il + DEC_CHAR_MAX))) return rc;
            continue;
        }
        /* EILSEQ: a well-formed character iconv does not map.  Skip all of it;
         * a misaligned stop would be caught by the count below. */
        int l = gb_len((const uint8_t *)ip, p + len, dc->gb4);
        size_t skip = l > 0 ? (size_t)l : 1;
        if ((rc = bad(dc, at + (size_t)((const uint8_t *)ip - p), 0, d))) return rc;
        if ((rc = buf_add(out, fffd, 3))) return rc;
        ip += skip;
        il -= skip;
    }
    out->data[out->len] = '\0';
    size_t ncp = 0;
    for (size_t j = len0; j < out->len; j++) {
        uint8_t c = (uint8_t)out->data[j];
        if (c == 0) out->data[j] = ' '; /* U+0000 never leaves the decoder */
        ncp += (c & 0xC0) != 0x80;
    }
    if (ncp == nchars) return ZS_OK;
    buf_truncate(out, len0);
    s->offs->n = offs0;
    dc->ninvalid = ninvalid0;
    dc->first_invalid = first0;
    size_t used;
    return gen_run(dc, p, len, at, 1, s, d, &used);
}

static int gb_run(dec *dc, const uint8_t *p, size_t n, uint64_t base, int last, sink *s, zs_diag *d,
                  size_t *used)
{
    size_t i = 0;
    int rc = ZS_OK;
    while (i < n) {
        size_t wend = i + min_sz(n - i, DEC_WINDOW), q = i;
        if ((rc = room(s, wend - i))) break;
        uint64_t *f0 = s->offs->v + s->offs->n, *f = f0;
        int l = 1;
        while (q < wend && (l = gb_len(p + q, p + n, dc->gb4)) > 0) {
            *f++ = base + q;
            q += (size_t)l;
        }
        s->offs->n += (size_t)(f - f0);
        if (q > i && (rc = gb_convert(dc, p + i, q - i, base + i, (size_t)(f - f0), s, d))) break;
        i = q;
        if (l > 0) continue; /* window done */
        if (l < 0 && !last) break;
        if ((rc = bad(dc, base + i, l < 0, d)) || (rc = put(s, U8_REPLACEMENT, base + i))) break;
        i += l < 0 ? n - i : 1; /* resynchronise on the next byte */
    }
    *used = i;
    return rc;
}

/* ---- choosing the encoding ------------------------------------------- */

/* Use a native decoder; `name` is reported (NULL: the canonical one). */
static int set_native(dec *dc, int mode, const char *name)
{
    static const char *const canon[] = {
        [M_UTF8] = "UTF-8", [M_U16LE] = "UTF-16LE", [M_U16BE] = "UTF-16BE"};
    dc->mode = mode;
    dc->label = canon[mode];
    snprintf(dc->name, sizeof dc->name, "%s", name ? name : dc->label);
    return ZS_OK;
}

/* Use iconv for `name` (already checked to fit in dc->name). */
static int set_iconv(dec *dc, const char *name, int gb, int gb4, zs_diag *d)
{
    dc->cd = iconv_open("UTF-8", name);
    if (dc->cd == (iconv_t)-1) {
        if (errno == ENOMEM) return ZS_ENOMEM;
        return zs_fail(d, ZS_EENCODING, "unknown encoding '%s'", name);
    }
    dc->mode = gb ? M_GB : M_ICONV;
    dc->gb4 = gb4;
    snprintf(dc->name, sizeof dc->name, "%s", name);
    dc->label = dc->name;
    return ZS_OK;
}

/* An encoding named by the user. */
static int choose(dec *dc, const char *enc, zs_diag *d)
{
    static const char *const gb_names[] = {"GB18030", "GBK",   "CP936",     "MS936",
                                           "GB2312",  "EUCCN", "WINDOWS936"};
    char key[DEC_NAME_MAX]; /* the name in capitals without punctuation */
    size_t k = 0;
    for (const char *c = enc; *c; c++)
        if (isalnum((unsigned char)*c)) key[k++] = (char)toupper((unsigned char)*c);
    key[k] = '\0';
    if (!strcmp(key, "UTF8")) return set_native(dc, M_UTF8, enc);
    if (!strcmp(key, "UTF16LE")) return set_native(dc, M_U16LE, enc);
    if (!strcmp(key, "UTF16BE")) return set_native(dc, M_U16BE, enc);
    for (size_t j = 0; j < sizeof gb_names / sizeof gb_names[0]; j++)
        if (!strcmp(key, gb_names[j])) return set_iconv(dc, enc, 1, j == 0, d);
    return set_iconv(dc, enc, 0, 0, d);
}

/* Well-formed UTF-8, or nearly so (DEC_UTF8_MIN_RATIO); `eof`: p+n is the
 * end of the file, so a sequence cut there counts as ill-formed. */
static int looks_utf8(const uint8_t *p, size_t n, int eof)
{
    uint64_t good = 0, ill = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        int l = p[i] < 0x80 ? 1 : u8_decode(p + i, p + n, &cp);
        if (l > 0) {
            good += l > 1;
            i += (size_t)l;
            continue;
        }
        size_t need, sub = u8_subpart(p + i, p + n, &need);
        if (i + sub == n && sub < need && !eof) break;
        ill++;
        i += sub ? sub : 1;
    }
    return ill == 0 || good >= DEC_UTF8_MIN_RATIO * ill;
}

/* ---- Big5 or GB18030 ---------------------------------------------------- */

/* What a sample looks like decoded with one encoding. */
typedef struct plaus {
    uint64_t chars;   /* non-ASCII code points, plus invalid sequences */
    uint64_t common;  /* of them, frequent Han characters (hanfreq.h) */
    uint64_t invalid; /* invalid sequences */
} plaus;

/* Count what [p, p+n) gives in `enc` (an iconv name).  A character cut by
 * the end of the sample is not counted when `eof` is 0.  Errors: ZS_ENOMEM;
 * ZS_EENCODING when iconv lacks `enc` (the caller then keeps GB18030). */
static int plausibility(const char *enc, const uint8_t *p, size_t n, int eof, plaus *pl)
{
    memset(pl, 0, sizeof *pl);
    iconv_t cd = iconv_open("UTF-8", enc);
    if (cd == (iconv_t)-1) return errno == ENOMEM ? ZS_ENOMEM : ZS_EENCODING;
    char *ip = (char *)p;
    size_t il = n;
    char out[4096];
    while (il > 0) {
        char *op = out;
        size_t ol = sizeof out;
        int err = iconv(cd, &ip, &il, &op, &ol) == (size_t)-1 ? errno : 0;
        const uint8_t *u = (const uint8_t *)out, *ue = (const uint8_t *)op;
        while (u < ue) {
            uint32_t cp;
            int k = u8_decode(u, ue, &cp);
            if (k == 0) break; /* glibc writes whole characters */
            u += k;
            if (cp < 0x80) continue;
            pl->chars++;
            pl->common += (uint64_t)hanfreq_common(cp);
        }
        if (err == EILSEQ || (err == EINVAL && eof)) {
            pl->invalid++;
            pl->chars++;
            ip++; /* resynchronise on the next byte */
            il--;
        } else if (err == EINVAL) {
            break; /* cut by the end of the sample */
        } else if (err && err != E2BIG) {
            break;
        }
    }
    iconv_close(cd);
    return ZS_OK;
}

/* Is the sample (not UTF-8, no BOM) Big5 rather than GB18030?  Both
 * decode most double-byte text without an error (Big5 lead bytes and most
 * of its trail bytes are GBK's too), so validity alone cannot tell them
 * apart; what can is what the characters are: decoded with the right
 * encoding, nearly all Han characters of real text are frequent ones, with
 * the wrong one they are mostly rare characters, kana or symbols.  Big5
 * wins when its share of frequent characters is higher and its invalid
 * sequences stay below 1 in DEC_BIG5_INVALID_MAX; a tie is GB18030.  The
 * error rate on samples of real text is in docs/VARIANTS.md. */
static int looks_big5(const uint8_t *p, size_t n, int eof, int *yes, zs_diag *d)
{
    plaus b, g;
    *yes = 0;
    int rc = plausibility("BIG5", p, n, eof, &b);
    if (!rc) rc = plausibility("GB18030", p, n, eof, &g);
    if (rc == ZS_EENCODING) return ZS_OK; /* no Big5 in this iconv: GB18030 */
    if (rc) return zs_fail(d, rc, "out of memory");
    if (b.chars == 0 || b.invalid * DEC_BIG5_INVALID_MAX > b.chars) return ZS_OK;
    /* b.common / b.chars > g.common / g.chars, without division */
    *yes = b.common * g.chars > g.common * b.chars;
    return ZS_OK;
}

/* Decide the encoding from the first bytes of the file; `whole`: that is all
 * of it. */
static int detect(dec *dc, const uint8_t *p, size_t n, int whole, zs_diag *d)
{
    size_t m = min_sz(n, DEC_DETECT_MAX);
    if (m >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        return set_native(dc, M_UTF8, "UTF-8 (BOM)");
    if (m >= 2 && p[0] == 0xFF && p[1] == 0xFE) return set_native(dc, M_U16LE, NULL);
    if (m >= 2 && p[0] == 0xFE && p[1] == 0xFF) return set_native(dc, M_U16BE, NULL);
    /* No BOM: ASCII in UTF-16 has a NUL in every other byte. */
    size_t nul[2] = {0, 0}, pairs = m / 2;
    for (size_t i = 0; i < 2 * pairs; i++) nul[i & 1] += p[i] == 0;
    int even = nul[0] * 2 > pairs, odd = nul[1] * 2 > pairs;
    if (odd != even) return set_native(dc, even ? M_U16BE : M_U16LE, NULL);
    if (looks_utf8(p, m, whole && m == n)) return set_native(dc, M_UTF8, NULL);
    int big5 = 0, rc = looks_big5(p, m, whole && m == n, &big5, d);
    if (rc) return rc;
    if (big5) return set_iconv(dc, "BIG5", 0, 0, d);
    rc = set_iconv(dc, "GB18030", 1, 1, d);
    if (rc == ZS_EENCODING) zs_fail(d, rc, "GB18030 is not supported by this system's iconv");
    return rc;
}

/* ---- feeding ---------------------------------------------------------- */

static int run(dec *dc, const uint8_t *p, size_t n, uint64_t base, int last, sink *s, zs_diag *d,
               size_t *used)
{
    static const run_fn fns[] = {[M_UTF8] = u8_run,
                                 [M_U16LE] = u16_run,
                                 [M_U16BE] = u16_run,
                                 [M_GB] = gb_run,
                                 [M_ICONV] = gen_run};
    assert(dc->mode != M_DETECT);
    return fns[dc->mode](dc, p, n, base, last, s, d, used);
}

/* Decode a piece once the encoding is known, joining it to the bytes kept
 * from the previous piece. */
static int push(dec *dc, const uint8_t *in, size_t n, int last, sink *s, zs_diag *d)
{
    size_t used;
    int rc;
    if (dc->npend) {
        /* The kept character ends within DEC_CHAR_MAX bytes of its start, so
         * this scratch array always holds enough of the new piece to finish
         * it (or to find it invalid). */
        uint8_t tmp[2 * DEC_CHAR_MAX];
        size_t k = min_sz(n, sizeof tmp - dc->npend), t = dc->npend + k;
        memcpy(tmp, dc->pend, dc->npend);
        if (k) memcpy(tmp + dc->npend, in, k);
        if ((rc = run(dc, tmp, t, dc->pos, last && k == n, s, d, &used))) return rc;
        dc->pos += used;
        if (used < dc->npend) { /* still cut: all of `in` joins the kept bytes */
            assert(k == n && t - used < DEC_CHAR_MAX);
            memmove(dc->pend, tmp + used, t - used);
            dc->npend = t - used;
            return ZS_OK;
        }
        in += used - dc->npend;
        n -= used - dc->npend;
        dc->npend = 0;
    }
    if ((rc = run(dc, in, n, dc->pos, last, s, d, &used))) return rc;
    dc->pos += used;
    assert(n - used < DEC_CHAR_MAX && (!last || used == n));
    if (n > used) memcpy(dc->pend, in + used, n - used);
    dc->npend = n - used;
    return ZS_OK;
}

static int feed(dec *dc, const uint8_t *in, size_t n, int last, sink *s, zs_diag *d)
{
    int rc;
    dc->fed += n;
    if (dc->mode == M_DETECT) {
        if (dc->nhold == 0 && (n >= DEC_DETECT_MAX || last)) {
            if ((rc = detect(dc, in, n, last, d))) return rc;
            return push(dc, in, n, last, s, d);
        }
        if (!dc->hold && !(dc->hold = malloc(DEC_DETECT_MAX))) return ZS_ENOMEM;
        size_t take = min_sz(n, DEC_DETECT_MAX - dc->nhold);
        if (take) memcpy(dc->hold + dc->nhold, in, take);
        dc->nhold += take;
        in += take;
        n -= take;
        if (dc->nhold < DEC_DETECT_MAX && !last) return ZS_OK;
        int end = last && n == 0;
        rc = detect(dc, dc->hold, dc->nhold, end, d);
        if (!rc) rc = push(dc, dc->hold, dc->nhold, end, s, d);
        free(dc->hold);
        dc->hold = NULL;
        dc->nhold = 0;
        if (rc || end) return rc;
    }
    return push(dc, in, n, last, s, d);
}

/* ---- public ----------------------------------------------------------- */

int dec_new(dec **out, const dec_opts *o, zs_diag *d)
{
    *out = NULL;
    const char *enc = o ? o->encoding : NULL;
    if (enc && strlen(enc) >= DEC_NAME_MAX)
        return zs_fail(d, ZS_EENCODING, "encoding name too long: '%.*s...'", 32, enc);
    dec *dc = calloc(1, sizeof *dc);
    if (!dc) return zs_fail(d, ZS_ENOMEM, "out of memory");
    dc->cd = (iconv_t)-1;
    dc->mode = M_DETECT;
    dc->strict = o && o->strict;
    dc->label = "";
    if (enc && *enc) {
        int rc = choose(dc, enc, d);
        if (rc) {
            dec_free(dc);
            return rc;
        }
    }
    *out = dc;
    return ZS_OK;
}

int dec_feed(dec *dc, const uint8_t *in, size_t n, int last, buf *out, u64vec *offs, zs_diag *d)
{
    if (!dc || !out || !offs || (!in && n)) return zs_fail(d, ZS_EINVAL, "dec_feed: bad argument");
    if (dc->spent) return zs_fail(d, ZS_EINVAL, "dec_feed: decoder failed earlier");
    if (dc->ended) return zs_fail(d, ZS_EINVAL, "dec_feed: feed after the last one");
    if (!in) in = (const uint8_t *)""; /* no arithmetic on NULL below */
    size_t len0 = out->len, n0 = offs->n;
    sink s = {out, offs};
    int rc = feed(dc, in, n, last, &s, d);
    if (rc) {
        if (rc == ZS_ENOMEM) zs_fail(d, rc, "out of memory");
        dc->spent = 1;
        out->len = len0; /* raw writes may have gone past the old NUL */
        if (out->cap) out->data[len0] = '\0';
        offs->n = n0;
        return rc;
    }
    dc->ended = last;
    return ZS_OK;
}

void dec_report(const dec *dc, dec_info *info)
{
    info->encoding = dc->mode == M_DETECT ? "" : dc->name;
    info->ninvalid = dc->ninvalid;
    info->first_invalid = dc->first_invalid;
    info->nbytes = dc->fed;
}

void dec_free(dec *dc)
{
    if (!dc) return;
    if (dc->cd != (iconv_t)-1) iconv_close(dc->cd);
    free(dc->hold);
    free(dc);
}

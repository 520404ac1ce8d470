/*
 * textpack.h - the form in which stored text is deflated: each character,
 * or each frequent pair of characters, as its rank in the segment's table
 * of symbols.
 *
 * A text block (docs/FORMAT.md "TEXT") is a run of passages, each a varint
 * byte length and its UTF-8 text.  Before deflate, the writer packs it to
 * the same run with each text as codes ended by TEXTPACK_END, and the
 * reader unpacks the inflated bytes back to the UTF-8 block, byte for
 * byte.  A code is
 *
 *   TEXTPACK_END                                          the end of a text
 *   r                      (END < r < TEXTPACK_ONE)       rank r - 1
 *   l b                    (TEXTPACK_ONE <= l < ESC)      rank ONE - 1 + (l - ONE) * 256 + b
 *   TEXTPACK_ESC c0 c1 c2                                 code point c0 | c1 << 8 | c2 << 16
 *
 * The table (TEXTCHARS) lists symbols by falling frequency in a sample of
 * the segment's text, at most TEXTPACK_RANKS: every character of the
 * Basic Multilingual Plane seen there, and in the room left the pairs of
 * such characters seen there most often (twice at least).  The packer
 * reads a text from its start and takes the pair of the character and the
 * next one when the table has it, else the character alone; a character
 * outside the table is escaped.
 *
 * Why: deflate codes bytes, so a Chinese character as two UTF-16 bytes
 * pays for its high and its low byte apart (order-0 entropies 5.5 + 7.5
 * bits on real100's text), while its own frequency is worth 9.2 bits.
 * With the 223 most frequent symbols (the characters among them 64 % of
 * real100's characters) one byte each and the next 7,936 two bytes whose
 * first byte names a band of ranks, deflate's Huffman codes see the
 * frequencies, and its 32 KiB window holds more text.  Measured (Python
 * zlib, same blocks and dictionary scheme), 17 MB of real100: 5.96 MB
 * deflated from UTF-16LE, 5.08 MB from character ranks (-14.6 %); 17 MB of
 * real1g: 6.75 -> 5.75 MB (-14.9 %).  One byte for the first 208 or 232
 * ranks: no better than 224.  An end code instead of a varint length
 * before each text: 5.75 -> 5.65 MB (deflate predicts it, after "。"
 * mostly; a length it cannot).  Pairs in the room left (4,400 of them):
 * real100 4.96 -> 4.83 MB, real1g 5.66 -> 5.32 (byte-pair coding, Gage,
 * "A New Algorithm for Data Compression", C Users Journal 1994, one
 * round: the pairs shorten the text deflate's window and matches see).
 *
 * Invariant: unpack(pack(block)) == block for every block of well-formed
 * UTF-8 texts, whatever the table; unpack rejects anything pack cannot
 * have written (a rank beyond the table, an escape of a surrogate or of a
 * value beyond U+10FFFF, a text without its end code) as corrupt.
 */
#ifndef ZS_TEXTPACK_H
#define ZS_TEXTPACK_H

#include "buf.h"

#include <stddef.h>
#include <stdint.h>

/* The end of a text; the first lead byte of two-byte codes (the bytes
 * between are one-byte codes); the escape. */
#define TEXTPACK_END 0
#define TEXTPACK_ONE 224
#define TEXTPACK_ESC 255
/* Ranks of one-byte codes. */
#define TEXTPACK_RANKS1 (TEXTPACK_ONE - 1)
/* Characters a table may hold: every one-byte and two-byte code. */
#define TEXTPACK_RANKS (TEXTPACK_RANKS1 + (TEXTPACK_ESC - TEXTPACK_ONE) * 256)
/* Packed bytes a UTF-8 byte may become at most: an ASCII character
 * outside the table is escaped in four (and the end code of a text takes
 * no more than its length did). */
#define TEXTPACK_GROWTH 4
/* Code points a table may hold: the Basic Multilingual Plane. */
#define TEXTPACK_BMP 0x10000u
/* Fewest times a pair must occur in the sample to be a symbol. */
#define TEXTPACK_PAIR_MIN 2
/* Slots of the writer's hash of pairs: a power of two, twice the ranks. */
#define TEXTPACK_PAIR_SLOTS 16384
/* The mark of a pair among symbols (textpack_enc.sym). */
#define TEXTPACK_PAIR (1ull << 32)

/* The writer's side: the table, the rank of each character and of each
 * pair (an open-addressing hash of TEXTPACK_PAIR_SLOTS). */
typedef struct textpack_enc {
    uint16_t *rank;      /* TEXTPACK_BMP entries: the rank of the character, or UINT16_MAX */
    uint32_t *pair_key;  /* first << 16 | second, 0 = empty slot */
    uint16_t *pair_rank; /* its rank */
    uint8_t *pair_first; /* TEXTPACK_BMP bits: the character begins a pair of the table (no
                            probe of the pair hash for the others) */
    uint64_t *sym;       /* n symbols by rank: a code point, or a pair's key | TEXTPACK_PAIR */
    uint32_t n;
} textpack_enc;

/* The reader's side: the UTF-8 of each rank (up to six bytes, first byte
 * lowest; the length in the top 8 bits). */
typedef struct textpack_dec {
    uint64_t *utf8;
    uint32_t n;
} textpack_dec;

/* Make the table from a run of UTF-8 blocks (block, len bytes; as many
 * blocks as the caller likes, concatenated): the BMP characters and the
 * most frequent pairs of them (at least TEXTPACK_PAIR_MIN times), in the
 * room the characters leave, by count, most frequent first (ties:
 * characters first, then by code points), at most TEXTPACK_RANKS.  On
 * success the caller frees *e with textpack_enc_free (also after an
 * error).  Errors: ZS_EINVAL (a length running past the end, text that is
 * not well-formed UTF-8), ZS_ENOMEM. */
int textpack_train(const char *blocks, size_t len, textpack_enc *e);

/* Release the table (a zeroed one is fine). */
void textpack_enc_free(textpack_enc *e);

/* Append the table as TEXTCHARS bytes (docs/FORMAT.md). Errors: ZS_ENOMEM. */
int textpack_enc_write(const textpack_enc *e, buf *out);

/* Append to `out` the packed form of the UTF-8 block `block` (len bytes).
 * Errors: ZS_EINVAL (a length running past the end, text that is not
 * well-formed UTF-8), ZS_ENOMEM. */
int textpack_pack(const textpack_enc *e, const char *block, size_t len, buf *out);

/* Read a table from TEXTCHARS bytes p[0, len).  The caller frees *d with
 * textpack_dec_free (also after an error).  Errors: ZS_ECORRUPT (a bad
 * varint, too many entries, a code point beyond the BMP, a surrogate, a
 * character listed twice alone), ZS_ENOMEM. */
int textpack_dec_load(textpack_dec *d, const uint8_t *p, size_t len);

/* Release the table (a zeroed one is fine). */
void textpack_dec_free(textpack_dec *d);

/* Append to `out` the UTF-8 block that packed bytes `p` (len bytes) stand
 * for under table `d`.  Errors: ZS_ECORRUPT (a text without its end code,
 * a code cut short, a rank beyond the table, an escaped surrogate or value
 * beyond U+10FFFF), ZS_ENOMEM. */
int textpack_unpack(const textpack_dec *d, const uint8_t *p, size_t len, buf *out);

#endif

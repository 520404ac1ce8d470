/*
 * setcol.h - a per-passage column of small integer sets (the cities of a
 * passage, its years), stored compactly: the distinct sets once, and the
 * column as runs of passages sharing a set.
 *
 *   SETS  u32 nsets, then per set: varint n, n x varint delta (values
 *         ascending, the first delta from 0)
 *   COL   u32 npassages, u32 nruns, u32 nidx, nidx x {u32 first passage,
 *         u32 offset of its run in the run data}, then the runs:
 *         nruns x {varint length, varint set id}; one index entry for every
 *         SC_IDX_EVERY runs, starting with the first
 *
 * Why runs: passages of one document share their cities and years for long
 * stretches, so the column costs a few bytes per run, not per passage; the
 * index makes a lookup a binary search and a short scan, and a cursor walks
 * the column along ascending passage ids for facet counts.
 */
#ifndef ZS_SETCOL_H
#define ZS_SETCOL_H

#include "buf.h"
#include "err.h"
#include "vec.h"
#include "zfile.h"

#include <stddef.h>
#include <stdint.h>

/* Runs between two index entries. */
#define SC_IDX_EVERY 64
/* Largest set kept; larger ones are cut (a passage naming 60 cities). */
#define SC_MAX_SET 64

typedef struct sc_writer {
    buf sets;       /* encoded sets, back to back */
    u32vec set_off; /* offset of each set in `sets` (plus the end) */
    uint32_t *hash; /* set id + 1; 0 = empty */
    uint32_t hcap;
    buf runs;   /* run data */
    u32vec idx; /* (first passage, offset) pairs */
    uint32_t nruns, npassages;
    uint32_t cur_set, cur_len; /* the open run */
} sc_writer;

void sc_writer_init(sc_writer *w);
void sc_writer_free(sc_writer *w);

/* Bytes the writer holds (sets, runs, index and hash, as allocated). */
size_t sc_writer_mem(const sc_writer *w);

/* The set of the next passage (values ascending, n <= SC_MAX_SET).
 * Errors: ZS_ENOMEM, ZS_EINVAL. */
int sc_add(sc_writer *w, const uint32_t *vals, size_t n);

/* Write the SETS and COL sections. */
int sc_write(sc_writer *w, zf_writer *zw, uint32_t sec_sets, uint32_t sec_col);

typedef struct sc_reader {
    const uint8_t *sets; /* SETS body after its count */
    size_t sets_len;
    uint32_t *set_off; /* nsets + 1 offsets into `sets` */
    uint32_t nsets;
    uint32_t npassages, nruns, nidx;
    const uint8_t *idx, *runs, *runs_end;
} sc_reader;

/* Open the column (checking its pages and its structure).  Errors:
 * ZS_ECORRUPT, ZS_ENOMEM. */
int sc_open(sc_reader *r, zf_reader *zr, uint32_t sec_sets, uint32_t sec_col, uint32_t npassages,
            zs_diag *d);
void sc_close(sc_reader *r);

/* The values of set `id`: up to `cap` go to vals, their number to *n.
 * Errors: ZS_ECORRUPT. */
int sc_values(const sc_reader *r, uint32_t id, uint32_t *vals, size_t cap, size_t *n);

/* A position in the column. */
typedef struct sc_cursor {
    const sc_reader *r;
    uint32_t run;        /* index of the current run */
    uint32_t first, len; /* its passages [first, first + len) */
    uint32_t set;
    const uint8_t *next; /* the run after it */
} sc_cursor;

void sc_cursor_init(sc_cursor *c, const sc_reader *r);

/* The set id of passage `pid`; moves forward (or jumps by the index).
 * Errors: ZS_ECORRUPT, ZS_EINVAL (pid out of range). */
int sc_get(sc_cursor *c, uint32_t pid, uint32_t *set);

#endif

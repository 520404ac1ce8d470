/*
 * fuzz.h - what the fuzz targets (tests/fuzz/fuzz_*.c) share: a scratch
 * directory, an input written as a file, a container file resealed behind a
 * mutation, a tiny index to search, and a query run the way zhsearch runs
 * it.  Test code, not part of the product (docs/FUZZING.md).
 *
 * Every target defines LLVMFuzzerTestOneInput and is linked either with
 * libFuzzer (make fuzz) or with tests/fuzz/replay.c (make test replays the
 * inputs under tests/fuzz/regress/).  A target aborts (a crash for both)
 * when the code breaks an invariant its header promises.
 */
#ifndef ZS_FUZZ_H
#define ZS_FUZZ_H

#include "buf.h"
#include "gazetteer.h"
#include "index.h"
#include "vec.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Abort with a message when `cond` is false: a broken promise of the code
 * under test is a finding, as a crash is. */
#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond)) fuzz_fail(#cond, __FILE__, __LINE__);                                         \
    } while (0)
void fuzz_fail(const char *what, const char *file, int line) __attribute__((noreturn));

/* The process's scratch directory, made on the first call and removed with
 * everything in it at exit.  Aborts when it cannot be made. */
const char *fuzz_dir(void);

/* "<scratch>/<name>" in out[0, cap). */
void fuzz_path(char *out, size_t cap, const char *name);

/* Write `n` bytes as the file `path` (replacing it).  0, or -1 on error. */
int fuzz_write(const char *path, const void *data, size_t n);

/* Recompute the checksums of a container file (docs/FORMAT.md "Container
 * files") in place: the header CRC, and, when the sizes in the header fit
 * in `len`, every page CRC, the tail CRC and the body CRC.  Other bytes are
 * left as they are, so a mutation reaches the parsers behind the CRCs. */
void fuzz_reseal(uint8_t *f, size_t len);

/* Decode data[0, n) as the document reader does (encoding detected,
 * invalid sequences replaced) into `text` and `offs` (decode.h), which the
 * caller has initialised and frees.  Returns the decoder's error. */
int fuzz_decode(const uint8_t *data, size_t n, buf *text, u64vec *offs);

/* /dev/null opened for writing (output of the code under test). */
FILE *fuzz_null(void);

/* The gazetteer, opened on the first call and freed at exit. */
const gaz *fuzz_gaz(void);

/* Build the small index of tests/fuzz/index (a law text, a news story with
 * facts, places and a dated sidecar) into `dir` with zhindex's own
 * build_run, as `zhindex build -o DIR tests/fuzz/index` does (the manifest
 * seeds are that index's MANIFEST).  0 or -1. */
int fuzz_build_index(const char *dir);

/* Run query[0, len) over `ix` as zhsearch does: parse, filters from the
 * query's fields, plan, run, hits in text and JSON (explained), city, year
 * and fact facets, all written to /dev/null.  Errors end the query, as in
 * zhsearch; nothing is kept. */
void fuzz_search(zindex *ix, const char *query, size_t len);

/* Open the index in `dir` as zhsearch does; when it opens, run a few fixed
 * queries over it (fuzz_search: words, phrases, OR, exclusions, fields,
 * fact conditions), close it and run `zhindex check` on it (ins_check,
 * which reads every structure), with output to /dev/null. */
void fuzz_check_index(const char *dir);

#endif

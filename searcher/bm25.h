/*
 * bm25.h - Okapi BM25 as Lucene computes it (BM25Similarity, Lucene 8+):
 *
 *   score(word, passage) = idf * tf / (tf + k1 * (1 - b + b * dl / avgdl))
 *   idf = ln(1 + (N - df + 0.5) / (df + 0.5))
 *
 * N is the number of passages, df the number containing the word, tf its
 * occurrences in the passage, dl the passage length in tokens and avgdl
 * the mean length.  Lucene 8 dropped the classic (k1 + 1) numerator factor,
 * which scales every score alike and does not change the ranking; we
 * follow Lucene so that scores compare.  This idf is never negative (the
 * "+1" inside the log), unlike the original Robertson-Sparck Jones form.
 * Lucene stores dl lossily in one byte; we store it exactly, so --explain
 * output recomputes to the last digit.
 *
 * A CJK word of several characters is a phrase of bigrams: its tf is the
 * number of exact occurrences and its idf the sum of the idfs of all its
 * bigrams, as Lucene's PhraseQuery does.
 */
#ifndef ZS_BM25_H
#define ZS_BM25_H

#include <math.h>
#include <stdint.h>

#define BM25_K1 1.2
#define BM25_B  0.75

static inline double bm25_idf(uint64_t n, uint64_t df)
{
    return log(1.0 + ((double)n - (double)df + 0.5) / ((double)df + 0.5));
}

/* The length part, k1 * (1 - b + b * dl / avgdl). */
static inline double bm25_norm(uint32_t dl, double avgdl)
{
    return BM25_K1 * (1.0 - BM25_B + BM25_B * (double)dl / avgdl);
}

static inline double bm25_score(double idf, double tf, double norm)
{
    return idf * tf / (tf + norm);
}

#endif

/* test_linear.c - every step from decoded text to passages takes time
 * linear in its input (issue 11, finding 1: a paragraph of many short lines
 * without sentence-final punctuation took quadratic time).  The checks
 * compare the time of an input of size N with one of size 4N, never an
 * absolute time, so a slow or busy machine does not fail them: quadratic
 * work gives a ratio near 16, linear work near 4. */
#include "buf.h"
#include "normalize.h"
#include "passage.h"
#include "test.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

/* The large input has LIN_GROWTH times the lines of the small one; the
 * small one is processed LIN_GROWTH times for each run of the large one,
 * so linear work takes about the same time for both (ratio 1) and
 * quadratic work LIN_GROWTH times as long.  The limit leaves room for
 * noise from a shared machine and for the large input's poorer caching. */
#define LIN_GROWTH    4
#define LIN_MAX_RATIO 2.5
/* Runs per size; the fastest counts (the others met interference). */
#define LIN_RUNS 3
/* Lines of the small input: small enough that both inputs' working memory
 * stays in the caches (a step out of them costs several times at once,
 * which is not what this test measures), large enough to take a few
 * milliseconds. */
#define LIN_BASE_LINES 2000

/* The kinds of hostile input. */
typedef enum lin_shape {
    LIN_SHORT_LINES,   /* short lines, no sentence end, one paragraph */
    LIN_BRACKET_LINES, /* the same under an unclosed 《 */
    LIN_GAPPED_LINES,  /* short full lines separated by blank lines */
    LIN_ONE_LINE       /* one line without any break */
} lin_shape;

/* `lines` lines of `shape` into b. */
static void make_input(buf *b, lin_shape shape, size_t lines)
{
    static const char *const words[] = {"城市", "发展", "报告", "建设", "服务", "托育",
                                        "公园", "道路", "交通", "医疗", "教育", "住房"};
    if (shape == LIN_BRACKET_LINES) buf_puts(b, "《");
    for (size_t i = 0; i < lines; i++) {
        for (int k = 0; k < 5; k++) buf_puts(b, words[(i * 7 + (size_t)k * 3) % 12]);
        if (shape == LIN_ONE_LINE) continue;
        buf_puts(b, shape == LIN_GAPPED_LINES ? "\n\n" : "\n");
    }
}

static double now_sec(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* One normalization + passage split of `in`; the error code. */
static int pipeline(const buf *in, const uint64_t *offs, size_t ncp, norm_mode mode)
{
    norm_doc d;
    norm_doc_init(&d);
    psg_list pl;
    psg_list_init(&pl);
    psg_doc st;
    psg_doc_init(&st);
    psg_opts o;
    psg_opts_default(&o);
    int rc = norm_run(in->data, in->len, offs, ncp, in->len, mode, &d);
    if (!rc) rc = psg_split(&d, &o, &st, &pl);
    psg_doc_free(&st);
    psg_list_free(&pl);
    norm_doc_free(&d);
    return rc;
}

/* Fastest of LIN_RUNS batches of `reps` pipelines over `lines` lines of
 * `shape`; -1 on an error. */
static double time_pipeline(lin_shape shape, size_t lines, int reps, norm_mode mode)
{
    buf in;
    buf_init(&in);
    make_input(&in, shape, lines);
    size_t ncp;
    uint64_t *offs = u_utf8_offsets(in.data, in.len, &ncp);
    double best = offs ? 0 : -1;
    for (int r = 0; r < LIN_RUNS && best >= 0; r++) {
        double t0 = now_sec();
        for (int k = 0; k < reps && best >= 0; k++)
            if (pipeline(&in, offs, ncp, mode)) best = -1;
        double dt = now_sec() - t0;
        if (best >= 0 && (r == 0 || dt < best)) best = dt;
    }
    free(offs);
    buf_free(&in);
    return best;
}

/* Keep freed memory in the process: a large input's fresh pages cost a
 * page fault each (dear on a virtual machine) where the small input
 * reuses warm ones, which is not the work this test measures. */
static void keep_heap(void)
{
#ifdef __GLIBC__
    mallopt(M_TRIM_THRESHOLD, INT_MAX);
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
#endif
}

/* Time of one large input over LIN_GROWTH small ones of `shape` (after a
 * run of the large one that warms the heap). */
static double ratio_of(lin_shape shape, norm_mode mode)
{
    keep_heap();
    if (time_pipeline(shape, LIN_BASE_LINES * LIN_GROWTH, 1, mode) < 0) return -1;
    double a = time_pipeline(shape, LIN_BASE_LINES, LIN_GROWTH, mode);
    double b = time_pipeline(shape, LIN_BASE_LINES * LIN_GROWTH, 1, mode);
    if (a < 0 || b < 0) return -1;
    if (a < 1e-4) a = 1e-4; /* below the clock's useful resolution */
    return b / a;
}

/* Attempts of one measurement: a ratio is only as good as a quiet machine
 * lets it be, and other work on the machine (a parallel build) can slow
 * the large run alone; the best of a few is the algorithm's, and a
 * quadratic step fails them all. */
#define LIN_ATTEMPTS 3

static void check_linear(t_ctx *t, lin_shape shape, norm_mode mode)
{
    double r = ratio_of(shape, mode);
    for (int i = 1; i < LIN_ATTEMPTS && (r < 0 || r > LIN_MAX_RATIO); i++) {
        double again = ratio_of(shape, mode);
        if (again >= 0 && (r < 0 || again < r)) r = again;
    }
    if (r > LIN_MAX_RATIO)
        fprintf(stderr, "linear: shape %d mode %d: ratio %.2f\n", shape, mode, r);
    T_OK(t, r >= 0);
    T_OK(t, r <= LIN_MAX_RATIO);
}

static void short_lines(t_ctx *t)
{
    check_linear(t, LIN_SHORT_LINES, NORM_PDF);
    check_linear(t, LIN_SHORT_LINES, NORM_CLEAN);
}

static void bracket_lines(t_ctx *t)
{
    check_linear(t, LIN_BRACKET_LINES, NORM_PDF);
}

static void gapped_lines(t_ctx *t)
{
    check_linear(t, LIN_GAPPED_LINES, NORM_PDF);
}

static void one_line(t_ctx *t)
{
    check_linear(t, LIN_ONE_LINE, NORM_PDF);
    check_linear(t, LIN_ONE_LINE, NORM_CLEAN);
}

void suite_linear(t_ctx *t)
{
    t_run(t, "linear_short_lines", short_lines);
    t_run(t, "linear_bracket_lines", bracket_lines);
    t_run(t, "linear_gapped_lines", gapped_lines);
    t_run(t, "linear_one_line", one_line);
}

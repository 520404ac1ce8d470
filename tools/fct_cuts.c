/*
 * fct_cuts - the training data of the field-boundary model (fct_model.h):
 * runs the fact extractor on each paragraph of a blind-set text file
 * (paragraphs separated by a blank line, read exactly as tests/test_fct.c
 * reads them) and prints, for every fact whose field the model cut:
 *
 *   F <TAB> para <TAB> lo <TAB> hi <TAB> unit <TAB> type <TAB> dir <TAB>
 *     s <TAB> e <TAB> num_s <TAB> num_e <TAB> field
 *   S <TAB> cut <TAB> id,id,...      (every start cut the model may choose)
 *   E <TAB> cut <TAB> id,id,...      (every end cut)
 *   D <TAB> bs <TAB> be <TAB> fs <TAB> fe <TAB> id,id,...
 *                                    (a direction choice: the rules'
 *                                     backward field, the forward
 *                                     candidate, the features)
 *
 * s, e: the rules' field in code points of the paragraph; field: the field
 * as the rules give it (the model is off while tracing).  Used by
 * tools/train_fields.py.
 *
 * With -f it prints instead every fact the extractor stores (model on):
 *
 *   R <TAB> para <TAB> lo <TAB> hi <TAB> unit <TAB> type <TAB> dir <TAB>
 *     start <TAB> end <TAB> num_start <TAB> num_end <TAB> field
 *
 * and with -w WEIGHTS the models use the weights of that file
 * (FCT_MODEL_NWEIGHTS numbers, one a line: start cuts, end cuts, direction) instead of the
 * compiled ones: tools/fct_eval.py scores weights fitted without the set it
 * measures (leave-one-set-out cross-validation).
 * Usage: fct_cuts [-f] [-w WEIGHTS] FILE.txt
 */
#include "fct.h"
#include "fct_model.h"
#include "gazetteer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct dump {
    size_t para;
} dump;

static void side(const fct_model_span *m, int s, char tag)
{
    size_t first, last;
    fct_model_range(m, s, &first, &last);
    for (size_t p = first; p <= last; p++) {
        if (!fct_model_cut_ok(m, s, p)) continue;
        uint32_t ids[FCT_MODEL_NFEAT];
        size_t k = fct_model_features(m, s, p, ids);
        printf("%c\t%zu\t", tag, p);
        for (size_t i = 0; i < k; i++) printf(i ? ",%u" : "%u", ids[i]);
        putchar('\n');
    }
}

static void trace(void *arg, const struct fct_model_span *m, const struct fct_model_dir *dir,
                  const fct_list *l, long i)
{
    const dump *d = arg;
    if (i < 0) return;
    const fct_fact *f = &l->v[i];
    printf("F\t%zu\t%.17g\t%.17g\t%s\t%s\t%s\t%zu\t%zu\t%zu\t%zu\t%s\n", d->para, f->lo, f->hi,
           fct_unit(l, f), fct_type_name(f->type), fct_dir_name(f->dir), m->s, m->e, m->num_s,
           m->num_e, fct_field(l, f));
    side(m, FCT_MODEL_START, 'S');
    side(m, FCT_MODEL_END, 'E');
    if (dir) {
        uint32_t ids[FCT_MODEL_DIR_NFEAT];
        size_t k = fct_model_dir_features(dir, ids);
        printf("D\t%zu\t%zu\t%zu\t%zu\t", dir->bs, dir->be, dir->fs, dir->fe);
        for (size_t j = 0; j < k; j++) printf(j ? ",%u" : "%u", ids[j]);
        putchar('\n');
    }
}

static void print_facts(size_t para, const fct_list *l)
{
    for (size_t i = 0; i < l->n; i++) {
        const fct_fact *f = &l->v[i];
        printf("R\t%zu\t%.17g\t%.17g\t%s\t%s\t%s\t%u\t%u\t%u\t%u\t%s\n", para, f->lo, f->hi,
               fct_unit(l, f), fct_type_name(f->type), fct_dir_name(f->dir), f->start, f->end,
               f->num_start, f->num_end, fct_field(l, f));
    }
}

/* The weights of -w: FCT_MODEL_NWEIGHTS numbers.  Returns NULL (and
 * says why) when the file is short or unreadable. */
static float *load_weights(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp) {
        perror(path);
        return NULL;
    }
    float *w = malloc(FCT_MODEL_NWEIGHTS * sizeof *w);
    size_t k = 0;
    while (w && k < FCT_MODEL_NWEIGHTS && fscanf(fp, "%f", &w[k]) == 1) k++;
    fclose(fp);
    if (w && k < FCT_MODEL_NWEIGHTS) {
        fprintf(stderr, "fct_cuts: %s: %zu weights, want %d\n", path, k, FCT_MODEL_NWEIGHTS);
        free(w);
        w = NULL;
    }
    return w;
}

int main(int argc, char **argv)
{
    int facts = 0;
    const char *wpath = NULL;
    int a = 1;
    for (; a < argc && argv[a][0] == '-'; a++) {
        if (!strcmp(argv[a], "-f"))
            facts = 1;
        else if (!strcmp(argv[a], "-w") && a + 1 < argc)
            wpath = argv[++a];
        else
            break;
    }
    if (a + 1 != argc) {
        fprintf(stderr, "usage: fct_cuts [-f] [-w WEIGHTS] FILE.txt\n");
        return 2;
    }
    float *w = wpath ? load_weights(wpath) : NULL;
    if (wpath && !w) return 2;
    FILE *fp = fopen(argv[a], "rb");
    if (!fp) {
        perror(argv[a]);
        free(w);
        return 2;
    }
    size_t cap = 1 << 16, len = 0;
    char *text = malloc(cap + 1);
    for (size_t k; text && (k = fread(text + len, 1, cap - len, fp)) > 0;) {
        len += k;
        if (len == cap) {
            char *t = realloc(text, 2 * cap + 1);
            if (!t) free(text);
            text = t;
            cap *= 2;
        }
    }
    fclose(fp);
    gaz *g = NULL;
    if (!text || gaz_open(&g)) {
        fprintf(stderr, "fct_cuts: out of memory\n");
        return 2;
    }
    text[len] = '\0';
    fct_list l;
    fct_list_init(&l);
    dump d = {0};
    int rc = 0;
    /* paragraphs: blocks between blank lines, trailing newlines dropped */
    for (char *p = text; *p;) {
        while (*p == '\n') p++;
        if (!*p) break;
        char *e = strstr(p, "\n\n");
        if (e) *e = '\0';
        size_t n = strlen(p);
        while (n && p[n - 1] == '\n') p[--n] = '\0';
        fct_list_clear(&l);
        if (facts) {
            if (fct_extract_weights(p, n, g, w, &l, NULL)) rc = 1;
            print_facts(d.para, &l);
        } else if (fct_extract_trace(p, n, g, &l, trace, &d, NULL))
            rc = 1;
        d.para++;
        p = e ? e + 2 : p + n;
    }
    fct_list_free(&l);
    gaz_free(g);
    free(text);
    free(w);
    return rc;
}

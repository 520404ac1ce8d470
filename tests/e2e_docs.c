/* e2e_docs.c - the examples of the documentation run: every command of the
 * EXAMPLES section of docs/zhsearch.1 (through /bin/sh, with `zhsearch` the
 * built binary and `index` an index of corpus/), and every query of the
 * README's query table (`zhsearch --count QUERY`).  An example may find
 * nothing on corpus/ (exit 1), but must never be an error (exit 2): a
 * documented option, operator or field that the program no longer accepts
 * fails here. */
#include "buf.h"
#include "test.h"
#include "util.h"
#include "util_e2e.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* At least this many examples must be found, so that a change of layout
 * that hides them fails instead of passing with nothing run. */
#define DOCS_MIN_MAN_EXAMPLES    15
#define DOCS_MIN_README_QUERIES  40
#define DOCS_CMD_MAX             4096
#define DOCS_QUERY_MAX           512
#define DOCS_README_TABLE_HEADER "### Query language"

/* Append `s` to b with troff escapes undone: \- is -, \\ is \. */
static void untroff(buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' && i + 1 < n && (s[i + 1] == '-' || s[i + 1] == '\\')) i++;
        buf_putc(b, s[i]);
    }
}

/* Replace every whole word `zhsearch` (a program name, not inside a path)
 * by `bin` and every `-i index` by `-i idx`; the result is in out. */
static void rewrite(buf *out, const char *cmd, const char *bin, const char *idx)
{
    for (const char *p = cmd; *p;) {
        int start = p == cmd || p[-1] == ' ' || p[-1] == '|';
        if (start && !strncmp(p, "zhsearch ", 9)) {
            buf_puts(out, bin);
            p += 8;
        } else if (!strncmp(p, "-i index ", 9)) {
            buf_puts(out, "-i '");
            buf_puts(out, idx);
            buf_puts(out, "'");
            p += 8;
        } else {
            buf_putc(out, *p++);
        }
    }
}

static void test_man_examples(t_ctx *t)
{
    char path[1024], index[1024], bin[1024];
    snprintf(path, sizeof path, "%s/docs/zhsearch.1", t->srcdir);
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    e2e_bin(t, "zhsearch", bin, sizeof bin);
    size_t len;
    char *man = t_read_file(path, &len);
    if (!T_OK(t, man != NULL)) return;
    const char *ex = strstr(man, ".SH EXAMPLES");
    const char *nf = ex ? strstr(ex, ".nf\n") : NULL, *fi = nf ? strstr(nf, "\n.fi") : NULL;
    int ran = 0;
    for (const char *line = nf ? nf + 4 : NULL; line && line < fi;) {
        const char *nl = strchr(line, '\n');
        buf cmd, full;
        buf_init(&cmd);
        buf_init(&full);
        untroff(&cmd, line, (size_t)(nl - line));
        rewrite(&full, cmd.data, bin, index);
        char *argv[] = {"/bin/sh", "-c", full.data, NULL};
        u_run r;
        if (T_INT(t, u_run_cmd(argv, NULL, 0, &r), 0)) {
            if (r.status != 0 && r.status != 1)
                printf("  man example failed (%d): %s\n%s", r.status, cmd.data, r.err);
            T_OK(t, r.status == 0 || r.status == 1);
            T_OK(t, r.status == 1 || strlen(r.out) > 0);
            u_run_free(&r);
        }
        ran++;
        buf_free(&cmd);
        buf_free(&full);
        line = nl + 1;
    }
    printf("  man examples run: %d\n", ran);
    T_OK(t, ran >= DOCS_MIN_MAN_EXAMPLES);
    free(man);
}

/* Run `zhsearch --count q` on the index: exit 0 or 1, never 2. */
static int run_query(t_ctx *t, const char *index, const char *q)
{
    char *args[] = {"--count", (char *)q, NULL};
    u_run r;
    e2e_search(t, index, args, NULL, &r);
    int ok = r.status == 0 || r.status == 1;
    if (!ok) printf("  README query failed (%d): %s\n%s", r.status, q, r.err);
    u_run_free(&r);
    return ok;
}

static void test_readme_queries(t_ctx *t)
{
    char path[1024], index[1024];
    snprintf(path, sizeof path, "%s/README.md", t->srcdir);
    if (!T_INT(t, e2e_corpus_index(t, index, sizeof index), 0)) return;
    size_t len;
    char *md = t_read_file(path, &len);
    if (!T_OK(t, md != NULL)) return;
    const char *table = strstr(md, DOCS_README_TABLE_HEADER);
    int ran = 0;
    /* the table's rows: "| `q1` `q2` | what they match |" */
    for (const char *line = table; line && *line;) {
        const char *nl = strchr(line, '\n');
        if (!nl) break;
        if (line != table && line[0] == '#') break; /* the next section */
        const char *bar = line[0] == '|' ? strchr(line + 1, '|') : NULL;
        for (const char *p = line + 1; bar && bar < nl && p < bar;) {
            const char *a = memchr(p, '`', (size_t)(bar - p));
            const char *b = a ? memchr(a + 1, '`', (size_t)(bar - a - 1)) : NULL;
            if (!b) break;
            char q[DOCS_QUERY_MAX];
            snprintf(q, sizeof q, "%.*s", (int)(b - a - 1), a + 1);
            T_OK(t, run_query(t, index, q));
            ran++;
            p = b + 1;
        }
        line = nl + 1;
    }
    printf("  README queries run: %d\n", ran);
    T_OK(t, ran >= DOCS_MIN_README_QUERIES);
    free(md);
}

void suite_e2e_docs(t_ctx *t)
{
    t_run(t, "e2e_doc_examples_man", test_man_examples);
    t_run(t, "e2e_doc_examples_readme", test_readme_queries);
}

/* test_suggest.c - "did you mean": edit distances and the closest name. */
#include "suggest.h"
#include "test.h"

#include <string.h>

static const char *closest(const char *w, const char *const *names, size_t n)
{
    const char *s = sug_closest(w, strlen(w), names, n);
    return s ? s : "(none)";
}

static void test_distance(t_ctx *t)
{
    T_INT(t, sug_distance("limit", 5, "limit", 5), 0);
    T_INT(t, sug_distance("limt", 4, "limit", 5), 1);
    T_INT(t, sug_distance("biuld", 5, "build", 5), 2); /* a swap is two edits */
    T_INT(t, sug_distance("CITY", 4, "city", 4), 0);   /* ASCII case folded */
    T_INT(t, sug_distance("", 0, "doc", 3), 3);
}

static void test_closest(t_ctx *t)
{
    static const char *const cmds[] = {"build", "passages", "stats", "check", "dump"};
    T_STR(t, closest("biuld", cmds, 5), "build");
    T_STR(t, closest("chek", cmds, 5), "check");
    T_STR(t, closest("stat", cmds, 5), "stats");
    T_STR(t, closest("x", cmds, 5), "(none)");       /* too short to guess */
    T_STR(t, closest("compile", cmds, 5), "(none)"); /* too far */
    static const char *const fields[] = {"city", "year", "date", "title", "kind", "doc"};
    T_STR(t, closest("cty", fields, 6), "city");
    T_STR(t, closest("dates", fields, 6), "date");
    T_STR(t, closest("titel", fields, 6), "title");
}

void suite_suggest(t_ctx *t)
{
    t_run(t, "suggest_distance", test_distance);
    t_run(t, "suggest_closest", test_closest);
}

/* factfmt.c - showing numeric facts (see factfmt.h). */
#include "factfmt.h"

#include "json.h"
#include "utf8.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

const char *factfmt_qual(uint32_t qual, char *out)
{
    static const struct {
        uint32_t flag;
        const char *name;
    } names[] = {{FCT_Q_ABOVE, "above"},
                 {FCT_Q_BELOW, "below"},
                 {FCT_Q_ABOUT, "about"},
                 {FCT_Q_PLUS, "plus"},
                 {FCT_Q_DELTA, "change"}};
    out[0] = '\0';
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (qual & names[i].flag) {
            if (out[0]) strcat(out, "+");
            strcat(out, names[i].name);
        }
    return out;
}

void factfmt_evidence(buf *b, const fct_fact *f, const char *text, size_t len)
{
    size_t a = u8_offset(text, len, f->start), e = u8_offset(text, len, f->end);
    buf_add(b, text + a, e - a);
}

/* A value without a spurious tail: 3.4, 300000, 7420000000. */
static void value_text(buf *b, double v)
{
    char s[64];
    snprintf(s, sizeof s, "%.15g", v);
    buf_puts(b, s);
}

/* A bound as JSON: a number, or null for an open end. */
static void bound_json(buf *b, double v)
{
    if (isfinite(v))
        value_text(b, v);
    else
        buf_puts(b, "null");
}

void factfmt_json(buf *b, const fct_list *l, const fct_fact *f, const char *text, size_t len,
                  uint32_t place)
{
    const char *pool = (const char *)l->pool.data;
    char q[32];
    buf_putc(b, '{');
    json_key(b, "field");
    json_str(b, pool + f->field_off, f->field_len);
    buf_puts(b, ",\"value\":");
    value_text(b, fct_point(f->lo, f->hi));
    buf_puts(b, ",\"lo\":");
    bound_json(b, f->lo);
    buf_puts(b, ",\"hi\":");
    bound_json(b, f->hi);
    buf_puts(b, ",\"unit\":");
    json_str(b, pool + f->unit_off, f->unit_len);
    buf_puts(b, ",\"qualifier\":");
    json_cstr(b, factfmt_qual(f->qual, q));
    buf_printf(b, ",\"type\":\"%s\",\"dir\":\"%s\",\"confidence\":%.2f", fct_type_name(f->type),
               fct_dir_name(f->dir), (double)f->confidence);
    buf_printf(b, ",\"year\":%d,\"place\":%u,\"start\":%u,\"end\":%u,\"evidence\":",
               f->year > 0 ? f->year : 0, place, f->start, f->end);
    buf ev;
    buf_init(&ev);
    factfmt_evidence(&ev, f, text, len);
    json_str(b, ev.data, ev.len);
    buf_free(&ev);
    buf_putc(b, '}');
}

void factfmt_text(buf *b, const fct_list *l, const fct_fact *f)
{
    const char *pool = (const char *)l->pool.data;
    char q[32];
    buf_add(b, pool + f->field_off, f->field_len);
    if (f->type == FCT_T_CHANGE) {
        buf_printf(b, " %s ", f->dir == FCT_D_DOWN ? "-" : "+");
        value_text(b, f->lo);
    } else if (f->lo == f->hi) {
        buf_puts(b, " = ");
        value_text(b, f->lo);
    } else if (!isfinite(f->hi)) {
        buf_puts(b, " >= ");
        value_text(b, f->lo);
    } else if (!isfinite(f->lo)) {
        buf_puts(b, " <= ");
        value_text(b, f->hi);
    } else {
        buf_puts(b, " in ");
        value_text(b, f->lo);
        buf_puts(b, "..");
        value_text(b, f->hi);
    }
    if (f->unit_len) {
        buf_putc(b, ' ');
        buf_add(b, pool + f->unit_off, f->unit_len);
    }
    if (f->qual) buf_printf(b, " (%s)", factfmt_qual(f->qual, q));
    if (f->type != FCT_T_VALUE) buf_printf(b, " {%s}", fct_type_name(f->type));
    if (f->year > 0) buf_printf(b, " [%d]", f->year);
}

uint32_t factfmt_place(const gaz *g, const char *text, size_t len, uint32_t start, uint32_t end)
{
    if (!g || end <= start) return 0;
    size_t a = u8_offset(text, len, start), b = u8_offset(text, len, end);
    gaz_resolution r;
    if (gaz_resolve(g, text + a, b - a, &r) != ZS_OK || r.nunits == 0) return 0;
    const gaz_unit *u = r.units[0];
    return u->level == GAZ_PROVINCE ? u->province : u->city;
}

/* out_json.c -- events as JSON Lines (contract section 5).
 *
 * One object per event and per line, fields in the order of the contract's
 * example so that a diff of two runs reads naturally. Each line is built in a
 * heap buffer (the context's allocator) and handed to the callback whole, so
 * a consumer never sees half a record. */
#include "ctx.h"

#include <math.h>
#include <string.h>

/* A JSON number with no trailing zeros: Goldstein values print as the codes
 * table writes them (1.9, 3.4) and whole ones without a fraction (-10, 0).
 * Non-finite values are not JSON: they become 0. */
static void put_num(dyad_buf *b, double v, int decimals)
{
    dyad__buf_num(b, v, decimals);
}

static void put_str(dyad_buf *b, const char *s)
{
    if (s)
        dyad__buf_json_str(b, s, strlen(s));
    else
        dyad__buf_puts(b, "null");
}

static void put_actor(dyad_buf *b, const dyad_actor_ref *a)
{
    if (!a->code) {
        dyad__buf_puts(b, "null");
        return;
    }
    dyad__buf_puts(b, "{\"code\":");
    put_str(b, a->code);
    dyad__buf_puts(b, ",\"country\":");
    put_str(b, a->country);
    dyad__buf_puts(b, ",\"role\":");
    put_str(b, a->role && a->role[0] ? a->role : NULL);
    dyad__buf_puts(b, ",\"text\":");
    put_str(b, a->text);
    dyad__buf_printf(b, ",\"start\":%zu,\"end\":%zu}", a->start, a->end);
}

static void put_place(dyad_buf *b, const dyad_place *p)
{
    if (!p) {
        dyad__buf_puts(b, "null");
        return;
    }
    dyad__buf_puts(b, "{\"name\":");
    put_str(b, p->name);
    dyad__buf_puts(b, ",\"country\":");
    put_str(b, p->country);
    /* Four decimals: about 11 m, finer than any gazetteer entry we hold. */
    dyad__buf_puts(b, ",\"lat\":");
    put_num(b, p->lat, 4);
    dyad__buf_puts(b, ",\"lon\":");
    put_num(b, p->lon, 4);
    if (p->adm1 && p->adm1[0]) {
        dyad__buf_puts(b, ",\"adm1\":");
        put_str(b, p->adm1);
    }
    if (p->geonames_id > 0)
        dyad__buf_printf(b, ",\"geonames_id\":%ld", p->geonames_id);
    dyad__buf_putc(b, '}');
}

static const char *precision_name(int p)
{
    switch (p) {
    case DYAD_PREC_YEAR: return "year";
    case DYAD_PREC_MONTH: return "month";
    case DYAD_PREC_DAY:
    case DYAD_PREC_MINUTE: return "day"; /* the contract knows no finer precision */
    default: return NULL;
    }
}

static void put_event(dyad_buf *b, const dyad_doc *doc, const dyad_event *ev)
{
    char date[11];
    dyad_date_format(&ev->date, date);
    dyad__buf_puts(b, "{\"article_id\":");
    put_str(b, doc->id);
    dyad__buf_puts(b, ",\"event_id\":");
    put_str(b, ev->event_id);
    dyad__buf_puts(b, ",\"date\":");
    put_str(b, date[0] ? date : NULL);
    dyad__buf_puts(b, ",\"date_precision\":");
    put_str(b, date[0] ? precision_name(ev->date.precision) : NULL);
    dyad__buf_puts(b, ",\"source\":");
    put_actor(b, &ev->source);
    dyad__buf_puts(b, ",\"target\":");
    put_actor(b, &ev->target);
    dyad__buf_puts(b, ",\"code\":");
    put_str(b, ev->code);
    /* The root is the code's first two digits; derive it if the coder left
     * the field empty rather than print "". */
    char root[3] = {ev->root[0], ev->root[1], '\0'};
    if (!root[0] && ev->code && strlen(ev->code) >= 2)
        memcpy(root, ev->code, 2);
    dyad__buf_puts(b, ",\"root\":");
    put_str(b, root[0] ? root : NULL);
    dyad__buf_printf(b, ",\"quad_class\":%d,\"goldstein\":", ev->quad_class);
    put_num(b, ev->goldstein, 4);
    dyad__buf_puts(b, ",\"trigger\":{\"text\":");
    put_str(b, ev->trigger_text);
    dyad__buf_printf(b, ",\"start\":%zu,\"end\":%zu}", ev->trigger_start, ev->trigger_end);
    dyad__buf_puts(b, ",\"location\":");
    put_place(b, ev->location);
    dyad__buf_printf(b, ",\"mentions\":%d,\"sentence\":", ev->mentions);
    put_str(b, ev->sentence);
    dyad__buf_puts(b, ",\"lang\":");
    put_str(b, ev->lang ? ev->lang : dyad__lang_name(doc->lang));
    if (ev->rule) {
        /* provenance beyond the contract's fields: which pattern, and why
         * this code (an intention or a threat rather than a done action) */
        dyad__buf_puts(b, ",\"rule\":");
        put_str(b, ev->rule);
    }
    if (ev->modality) {
        dyad__buf_puts(b, ",\"modality\":");
        put_str(b, ev->modality);
    }
    dyad__buf_puts(b, "}\n");
}

dyad_status dyad_write_events_json(const dyad_doc *doc, dyad_write_fn fn, void *ud)
{
    if (!doc || !fn)
        return DYAD_EINVAL;
    dyad_buf b;
    dyad__buf_init(&b, &doc->ctx->mem);
    dyad_status st = DYAD_OK;
    for (size_t i = 0; i < doc->n_events && st == DYAD_OK; i++) {
        dyad__buf_clear(&b);
        put_event(&b, doc, &doc->events[i]);
        st = dyad__buf_send(&b, fn, ud);
    }
    dyad__buf_free(&b);
    return st;
}

/* out_csv.c -- events as CSV (RFC 4180): the JSON Lines fields flattened.
 *
 * One header line, then one row per event. Nested objects become prefixed
 * columns (source.code -> source_code); null is an empty field. A field is
 * quoted when it holds a comma, a quote or a line break, with quotes
 * doubled, so spreadsheets and csv readers take sentences as they are.
 * The last three columns are the store's counts; for a single article they
 * are its mentions, 1 source and 1 article (as out_gdelt.c writes them). */
#include "store.h"

#include <math.h>
#include <string.h>

static const char header[] =
    "article_id,event_id,date,date_precision,"
    "source_code,source_country,source_role,source_text,source_start,source_end,"
    "target_code,target_country,target_role,target_text,target_start,target_end,"
    "code,root,quad_class,goldstein,trigger_text,trigger_start,trigger_end,"
    "location_name,location_country,location_lat,location_lon,location_adm1,"
    "location_geonames_id,mentions,sentence,lang,num_mentions,num_sources,num_articles\n";

static void field(dyad_buf *b, const char *s)
{
    if (!s)
        return;
    if (!strpbrk(s, ",\"\r\n")) {
        dyad__buf_puts(b, s);
        return;
    }
    dyad__buf_putc(b, '"');
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            dyad__buf_putc(b, '"');
        dyad__buf_putc(b, *p);
    }
    dyad__buf_putc(b, '"');
}

/* As out_json.c writes numbers: no trailing zeros (1.9, -10). */
static void num(dyad_buf *b, double v, int decimals)
{
    dyad__buf_num(b, v, decimals);
}

static void actor(dyad_buf *b, const dyad_actor_ref *a)
{
    if (!a->code) {
        dyad__buf_puts(b, ",,,,,,");
        return;
    }
    field(b, a->code);
    dyad__buf_putc(b, ',');
    field(b, a->country);
    dyad__buf_putc(b, ',');
    field(b, a->role && a->role[0] ? a->role : NULL);
    dyad__buf_putc(b, ',');
    field(b, a->text);
    dyad__buf_printf(b, ",%zu,%zu,", a->start, a->end);
}

static const char *precision_name(int p)
{
    switch (p) {
    case DYAD_PREC_YEAR: return "year";
    case DYAD_PREC_MONTH: return "month";
    case DYAD_PREC_DAY:
    case DYAD_PREC_MINUTE: return "day";
    default: return NULL;
    }
}

void dyad__csv_event(dyad_buf *b, const char *article_id, const char *lang, const dyad_event *ev,
                     long num_mentions, long num_sources, long num_articles)
{
    char date[11];
    dyad_date_format(&ev->date, date);
    field(b, article_id);
    dyad__buf_putc(b, ',');
    field(b, ev->event_id);
    dyad__buf_putc(b, ',');
    field(b, date[0] ? date : NULL);
    dyad__buf_putc(b, ',');
    field(b, date[0] ? precision_name(ev->date.precision) : NULL);
    dyad__buf_putc(b, ',');
    actor(b, &ev->source);
    actor(b, &ev->target);
    field(b, ev->code);
    char root[3] = {ev->root[0], ev->root[1], '\0'};
    if (!root[0] && ev->code && strlen(ev->code) >= 2)
        memcpy(root, ev->code, 2);
    dyad__buf_printf(b, ",%s,%d,", root, ev->quad_class);
    num(b, ev->goldstein, 4);
    dyad__buf_putc(b, ',');
    field(b, ev->trigger_text);
    dyad__buf_printf(b, ",%zu,%zu,", ev->trigger_start, ev->trigger_end);
    const dyad_place *p = ev->location;
    if (p) {
        field(b, p->name);
        dyad__buf_putc(b, ',');
        field(b, p->country);
        dyad__buf_putc(b, ',');
        num(b, p->lat, 4);
        dyad__buf_putc(b, ',');
        num(b, p->lon, 4);
        dyad__buf_putc(b, ',');
        field(b, p->adm1 && p->adm1[0] ? p->adm1 : NULL);
        dyad__buf_putc(b, ',');
        if (p->geonames_id > 0)
            dyad__buf_printf(b, "%ld", p->geonames_id);
        dyad__buf_putc(b, ',');
    } else {
        dyad__buf_puts(b, ",,,,,,");
    }
    dyad__buf_printf(b, "%d,", ev->mentions);
    field(b, ev->sentence);
    dyad__buf_putc(b, ',');
    field(b, lang);
    dyad__buf_printf(b, ",%ld,%ld,%ld\n", num_mentions, num_sources, num_articles);
}

dyad_status dyad_write_events_csv_header(dyad_write_fn fn, void *ud)
{
    if (!fn)
        return DYAD_EINVAL;
    return fn(ud, header, sizeof header - 1) ? DYAD_EIO : DYAD_OK;
}

dyad_status dyad_write_events_csv(const dyad_doc *doc, dyad_write_fn fn, void *ud)
{
    if (!doc || !fn)
        return DYAD_EINVAL;
    dyad_buf b;
    dyad__buf_init(&b, &doc->ctx->mem);
    dyad_status st = DYAD_OK;
    for (size_t i = 0; i < doc->n_events && st == DYAD_OK; i++) {
        const dyad_event *ev = &doc->events[i];
        dyad__buf_clear(&b);
        dyad__csv_event(&b, doc->id, ev->lang ? ev->lang : dyad__lang_name(doc->lang), ev,
                        ev->mentions > 0 ? ev->mentions : 1, 1, 1);
        if (b.failed)
            st = DYAD_ENOMEM;
        else if (fn(ud, b.ptr, b.len) != 0)
            st = DYAD_EIO;
    }
    dyad__buf_free(&b);
    return st;
}

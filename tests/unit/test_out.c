/* test_out.c -- the event writers: JSON Lines (contract section 5) and the
 * GDELT 2.0 event table. A doc is built by hand: the writers read only its
 * metadata and events (and the context's allocator). */
#include "check.h"
#include "ctx.h"

#include <jansson.h>
#include <math.h>

typedef struct {
    dyad_ctx ctx;
    dyad_doc doc;
    dyad_event ev[2];
    dyad_place place;
} fixture;

static void fixture_init(fixture *f)
{
    memset(f, 0, sizeof *f);
    dyad__mem_init(&f->ctx.mem, NULL);
    f->doc.ctx = &f->ctx;
    f->doc.id = "art1";
    f->doc.url = "https://example.org/a?b=1";
    f->doc.lang = DYAD_LANG_FR;

    f->place = (dyad_place){.name = "Pyongyang", .country = "PRK", .adm1 = "12",
                            .lat = 39.0339, .lon = 125.7543, .geonames_id = 1871859, .type = 3};
    dyad_event *e = &f->ev[0];
    e->event_id = "art1-1";
    e->date = (dyad_date){.year = 2024, .month = 11, .day = 29, .precision = DYAD_PREC_DAY};
    e->source = (dyad_actor_ref){.code = "RUSMIL", .country = "RUS", .role = "MIL",
                                 .text = "Le ministre russe\tde la Défense", .start = 0, .end = 32};
    e->target = (dyad_actor_ref){.code = "PRK", .country = "PRK", .text = "Corée du Nord",
                                 .start = 60, .end = 74};
    e->code = "042";
    memcpy(e->root, "04", 3);
    e->quad_class = 1;
    e->goldstein = 1.9;
    e->trigger_text = "est arrivé";
    e->trigger_start = 40;
    e->trigger_end = 51;
    e->location = &f->place;
    e->mentions = 2;
    e->sentence = "Le ministre \"russe\" est arrivé.\n";
    e->sentence_index = 0;
    e->lang = "fr";

    e = &f->ev[1];
    e->event_id = "art1-2";
    e->date = (dyad_date){.year = 2024, .month = 6, .precision = DYAD_PREC_MONTH};
    e->source = (dyad_actor_ref){.code = "IGOUNOIAE", .country = "IGO", .text = "l'AIEA",
                                 .start = 100, .end = 106};
    e->code = "20";
    memcpy(e->root, "20", 3);
    e->quad_class = 4;
    e->goldstein = -10.0;
    e->trigger_text = "massacre";
    e->mentions = 1;
    e->sentence = "x";
    e->sentence_index = 5;
    /* lang NULL: the doc's language */

    f->doc.events = f->ev;
    f->doc.n_events = 2;
}

static int collect(void *ud, const char *data, size_t len)
{
    dyad_buf *b = ud;
    dyad__buf_put(b, data, len);
    return 0;
}

static int refuse(void *ud, const char *data, size_t len)
{
    (void)ud, (void)data, (void)len;
    return 1;
}

static const char *jstr(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static double jnum(const json_t *o, const char *k)
{
    return json_number_value(json_object_get(o, k));
}

static void test_json(void)
{
    fixture f;
    fixture_init(&f);
    dyad_buf b;
    dyad__buf_init(&b, &f.ctx.mem);
    CHECK_EQ_INT(dyad_write_events_json(&f.doc, collect, &b), DYAD_OK);
    CHECK(b.len > 0);
    /* two lines, each a JSON object */
    char *nl = strchr(b.ptr, '\n');
    CHECK(nl != NULL && strchr(nl + 1, '\n') == b.ptr + b.len - 1);
    /* field order as in the contract's example */
    const char *order[] = {"\"article_id\"", "\"event_id\"", "\"date\"", "\"date_precision\"",
                           "\"source\"", "\"target\"", "\"code\"", "\"root\"", "\"quad_class\"",
                           "\"goldstein\"", "\"trigger\"", "\"location\"", "\"mentions\"",
                           "\"sentence\"", "\"lang\""};
    const char *prev = b.ptr;
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        const char *p = strstr(prev, order[i]);
        CHECK(p != NULL && p < nl);
        if (p)
            prev = p;
    }
    CHECK(strstr(b.ptr, "\"goldstein\":1.9,") != NULL);
    CHECK(strstr(b.ptr, "\"goldstein\":-10,") != NULL);

    json_error_t je;
    json_t *o = json_loadb(b.ptr, (size_t)(nl - b.ptr), 0, &je);
    CHECK(o != NULL);
    if (o) {
        CHECK_EQ_STR(jstr(o, "article_id"), "art1");
        CHECK_EQ_STR(jstr(o, "event_id"), "art1-1");
        CHECK_EQ_STR(jstr(o, "date"), "2024-11-29");
        CHECK_EQ_STR(jstr(o, "date_precision"), "day");
        json_t *s = json_object_get(o, "source");
        CHECK_EQ_STR(jstr(s, "code"), "RUSMIL");
        CHECK_EQ_STR(jstr(s, "country"), "RUS");
        CHECK_EQ_STR(jstr(s, "role"), "MIL");
        CHECK_EQ_STR(jstr(s, "text"), "Le ministre russe\tde la Défense");
        CHECK_EQ_INT(jnum(s, "start"), 0);
        CHECK_EQ_INT(jnum(s, "end"), 32);
        json_t *t = json_object_get(o, "target");
        CHECK_EQ_STR(jstr(t, "code"), "PRK");
        CHECK(json_is_null(json_object_get(t, "role")));
        CHECK_EQ_INT(jnum(t, "start"), 60);
        CHECK_EQ_INT(jnum(t, "end"), 74);
        CHECK_EQ_STR(jstr(o, "code"), "042");
        CHECK_EQ_STR(jstr(o, "root"), "04");
        CHECK_EQ_INT(json_integer_value(json_object_get(o, "quad_class")), 1);
        CHECK(fabs(jnum(o, "goldstein") - 1.9) < 1e-9);
        json_t *tr = json_object_get(o, "trigger");
        CHECK_EQ_STR(jstr(tr, "text"), "est arrivé");
        CHECK_EQ_INT(jnum(tr, "start"), 40);
        CHECK_EQ_INT(jnum(tr, "end"), 51);
        json_t *loc = json_object_get(o, "location");
        CHECK_EQ_STR(jstr(loc, "name"), "Pyongyang");
        CHECK_EQ_STR(jstr(loc, "country"), "PRK");
        CHECK(fabs(jnum(loc, "lat") - 39.0339) < 1e-9);
        CHECK(fabs(jnum(loc, "lon") - 125.7543) < 1e-9);
        CHECK_EQ_STR(jstr(loc, "adm1"), "12");
        CHECK_EQ_INT(jnum(loc, "geonames_id"), 1871859);
        CHECK_EQ_INT(jnum(o, "mentions"), 2);
        CHECK_EQ_STR(jstr(o, "sentence"), "Le ministre \"russe\" est arrivé.\n");
        CHECK_EQ_STR(jstr(o, "lang"), "fr");
        json_decref(o);
    }
    o = json_loads(nl + 1, 0, &je);
    CHECK(o != NULL);
    if (o) {
        CHECK_EQ_STR(jstr(o, "date"), "2024-06");
        CHECK_EQ_STR(jstr(o, "date_precision"), "month");
        json_t *s = json_object_get(o, "source");
        CHECK_EQ_STR(jstr(s, "code"), "IGOUNOIAE");
        CHECK(json_is_null(json_object_get(s, "role")));
        CHECK(json_is_null(json_object_get(o, "target")));
        CHECK(json_is_null(json_object_get(o, "location")));
        CHECK(fabs(jnum(o, "goldstein") + 10) < 1e-9);
        CHECK_EQ_INT(json_integer_value(json_object_get(o, "quad_class")), 4);
        CHECK_EQ_STR(jstr(o, "lang"), "fr");
        json_decref(o);
    }

    /* no date: null date and precision */
    f.ev[0].date.precision = DYAD_PREC_NONE;
    f.doc.n_events = 1;
    dyad__buf_clear(&b);
    CHECK_EQ_INT(dyad_write_events_json(&f.doc, collect, &b), DYAD_OK);
    o = json_loads(b.ptr, 0, &je);
    CHECK(o && json_is_null(json_object_get(o, "date")) &&
          json_is_null(json_object_get(o, "date_precision")));
    json_decref(o);

    CHECK_EQ_INT(dyad_write_events_json(&f.doc, refuse, NULL), DYAD_EIO);
    dyad__buf_free(&b);
}

/* Splits one row on tabs; returns the number of fields. */
static int split(char *row, char **fields, int max)
{
    int n = 0;
    char *p = row;
    for (;;) {
        char *t = strchr(p, '\t');
        if (n < max)
            fields[n] = p;
        n++;
        if (!t)
            break;
        *t = '\0';
        p = t + 1;
    }
    return n;
}

static void test_gdelt(void)
{
    fixture f;
    fixture_init(&f);
    dyad_buf b, b2;
    dyad__buf_init(&b, &f.ctx.mem);
    dyad__buf_init(&b2, &f.ctx.mem);
    CHECK_EQ_INT(dyad_write_events_gdelt(&f.doc, "20241130120000", collect, &b), DYAD_OK);
    CHECK_EQ_INT(dyad_write_events_gdelt(&f.doc, "20241130120000", collect, &b2), DYAD_OK);
    CHECK(b.len == b2.len && memcmp(b.ptr, b2.ptr, b.len) == 0); /* stable */
    char *row1 = b.ptr;
    char *nl = strchr(row1, '\n');
    CHECK(nl != NULL);
    if (!nl)
        return;
    *nl = '\0';
    char *row2 = nl + 1;
    char *nl2 = strchr(row2, '\n');
    CHECK(nl2 && nl2[1] == '\0');
    if (nl2)
        *nl2 = '\0';
    char *c[64], *d[64];
    CHECK_EQ_INT(split(row1, c, 64), 61);
    CHECK_EQ_INT(split(row2, d, 64), 61);
    /* 1-based GDELT column numbers */
#define C(i) c[(i) - 1]
#define D(i) d[(i) - 1]
    CHECK(strlen(C(1)) > 0 && strcmp(C(1), D(1)) != 0);
    CHECK_EQ_STR(C(2), "20241129");
    CHECK_EQ_STR(C(3), "202411");
    CHECK_EQ_STR(C(4), "2024");
    CHECK(strncmp(C(5), "2024.9", 6) == 0);
    CHECK_EQ_STR(C(6), "RUSMIL");
    CHECK_EQ_STR(C(7), "LE MINISTRE RUSSE DE LA DÉFENSE"); /* tab became a space */
    CHECK_EQ_STR(C(8), "RUS");
    CHECK_EQ_STR(C(9), "");
    CHECK_EQ_STR(C(13), "MIL");
    CHECK_EQ_STR(C(16), "PRK");
    CHECK_EQ_STR(C(17), "CORÉE DU NORD");
    CHECK_EQ_STR(C(18), "PRK");
    CHECK_EQ_STR(C(23), "");
    CHECK_EQ_STR(C(26), "1");
    CHECK_EQ_STR(C(27), "042");
    CHECK_EQ_STR(C(28), "042");
    CHECK_EQ_STR(C(29), "04");
    CHECK_EQ_STR(C(30), "1");
    CHECK_EQ_STR(C(31), "1.9");
    CHECK_EQ_STR(C(32), "2");
    CHECK_EQ_STR(C(33), "1");
    CHECK_EQ_STR(C(34), "1");
    CHECK_EQ_STR(C(35), "0");
    for (int i = 36; i <= 51; i++)
        CHECK_EQ_STR(C(i), ""); /* actor geography unknown */
    CHECK_EQ_STR(C(52), "4");
    CHECK_EQ_STR(C(53), "Pyongyang");
    CHECK_EQ_STR(C(54), "KN");
    CHECK_EQ_STR(C(55), "KN12");
    CHECK_EQ_STR(C(56), "");
    CHECK_EQ_STR(C(57), "39.0339");
    CHECK_EQ_STR(C(58), "125.7543");
    CHECK_EQ_STR(C(59), "1871859");
    CHECK_EQ_STR(C(60), "20241130120000");
    CHECK_EQ_STR(C(61), "https://example.org/a?b=1");

    CHECK_EQ_STR(D(2), "20240601");
    CHECK_EQ_STR(D(3), "202406");
    CHECK_EQ_STR(D(6), "IGOUNOIAE");
    CHECK_EQ_STR(D(7), "L'AIEA");
    CHECK_EQ_STR(D(8), "");
    CHECK_EQ_STR(D(9), "IAE");
    CHECK_EQ_STR(D(13), "");
    for (int i = 16; i <= 25; i++)
        CHECK_EQ_STR(D(i), ""); /* no target */
    CHECK_EQ_STR(D(26), "0");
    CHECK_EQ_STR(D(28), "20");
    CHECK_EQ_STR(D(29), "20");
    CHECK_EQ_STR(D(31), "-10");
    for (int i = 52; i <= 59; i++)
        CHECK_EQ_STR(D(i), ""); /* no location */

    /* a four-digit code, a country place without an id, no url, no date */
    f.ev[0].code = "0234";
    f.ev[0].date.precision = DYAD_PREC_NONE;
    f.place = (dyad_place){.name = "France", .country = "FRA", .lat = 46, .lon = 2, .type = 1};
    f.doc.url = NULL;
    f.doc.n_events = 1;
    dyad__buf_clear(&b);
    CHECK_EQ_INT(dyad_write_events_gdelt(&f.doc, "20241130120000", collect, &b), DYAD_OK);
    CHECK(b.len && b.ptr[b.len - 1] == '\n');
    b.ptr[b.len - 1] = '\0';
    CHECK_EQ_INT(split(b.ptr, c, 64), 61);
    CHECK_EQ_STR(C(2), "");
    CHECK_EQ_STR(C(5), "");
    CHECK_EQ_STR(C(27), "0234");
    CHECK_EQ_STR(C(28), "023");
    CHECK_EQ_STR(C(52), "1");
    CHECK_EQ_STR(C(54), "FR");
    CHECK_EQ_STR(C(55), "FR");
    CHECK_EQ_STR(C(57), "46");
    CHECK_EQ_STR(C(59), "FR");
    CHECK_EQ_STR(C(61), "art1");
#undef C
#undef D
    CHECK_EQ_INT(dyad_write_events_gdelt(&f.doc, "x", refuse, NULL), DYAD_EIO);
    dyad__buf_free(&b);
    dyad__buf_free(&b2);
}

int main(void)
{
    RUN(test_json);
    RUN(test_gdelt);
    return CHECK_DONE();
}

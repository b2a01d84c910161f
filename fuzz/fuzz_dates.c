/* fuzz_dates.c -- libFuzzer: relative date expressions ("vendredi", "la
 * semaine dernière", "earlier this month", "le 3 mars", "mi-2023") found by
 * dyad__find_dates in a tokenised sentence and resolved against an article
 * date. The input: byte 0 picks the language and whether there is an article
 * date, bytes 1-3 the date (year offset, month, day, possibly invalid), the
 * rest is the text. */
#include "coder.h"
#include "fuzz_common.h"

static dyad_ctx *ctx;
static dyad_worker *w;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fz_find_data((*argv)[0]);
    ctx = fz_open_ctx();
    dyad_error err;
    if (dyad_worker_new(&w, ctx, &err) != DYAD_OK)
        abort();
    return 0;
}

static bool date_ok(const dyad_date *d)
{
    if (d->precision == DYAD_PREC_NONE)
        return true;
    if (d->precision > DYAD_PREC_MINUTE || d->year < 1 || d->month < 0 || d->month > 12 ||
        d->day < 0 || d->day > 31)
        return false;
    if (d->precision >= DYAD_PREC_MONTH && d->month == 0)
        return false;
    if (d->precision >= DYAD_PREC_DAY && d->day == 0)
        return false;
    return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 4)
        return 0;
    dyad_article a;
    dyad_article_init(&a, "fz", (const char *)data + 4, size - 4);
    a.lang = data[0] & 1 ? "en" : "fr";
    if (data[0] & 2) {
        /* any precision, any day, including the 31st of a 30-day month */
        a.date = (dyad_date){(int16_t)(1990 + data[1] % 60), (int8_t)(1 + data[2] % 12),
                             (int8_t)(1 + data[3] % 31), 0, 0,
                             (uint8_t)(data[0] & 4 ? DYAD_PREC_MONTH : DYAD_PREC_DAY)};
        if (data[0] & 8)
            a.date = (dyad_date){(int16_t)(1990 + data[1] % 60), 0, 0, 0, 0, DYAD_PREC_YEAR};
    }
    dyad_doc *doc;
    dyad_error err;
    FZ_CHECK(dyad_doc_parse(&doc, w, &a, DYAD_PARSE_NO_CODE, &err) == DYAD_OK);
    dyad_date_expr out[16];
    for (size_t i = 0; i < doc->n_sents; i++) {
        const dyad_sentence *s = &doc->sents[i];
        size_t n = dyad__find_dates(doc, s->tok_begin, s->tok_end, out, 16);
        FZ_CHECK(n <= 16);
        for (size_t k = 0; k < n; k++) {
            if (!(out[k].t0 < out[k].t1 && out[k].t0 >= s->tok_begin && out[k].t1 <= s->tok_end))
                fprintf(stderr, "date expression tokens [%u, %u) in sentence [%u, %u)\n",
                        out[k].t0, out[k].t1, s->tok_begin, s->tok_end);
            FZ_CHECK(out[k].t0 < out[k].t1 && out[k].t0 >= s->tok_begin &&
                     out[k].t1 <= s->tok_end);
            FZ_CHECK(date_ok(&out[k].past) && date_ok(&out[k].future));
            char buf[11];
            dyad_date_format(&out[k].past, buf);
            dyad_date_format(&out[k].future, buf);
        }
    }
    dyad_doc_free(doc);
    return 0;
}

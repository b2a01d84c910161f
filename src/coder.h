/* coder.h -- shared between the coder's modules (coder.c, dates.c). */
#ifndef DYAD_CODER_H
#define DYAD_CODER_H

#include "ctx.h"

/* A date expression found in a sentence ("vendredi", "en juin", "le 3 mars",
 * "last week", "on March 3", "in 2022"), resolved against the article date. */
typedef struct {
    uint32_t t0, t1;     /* token range (absolute indices) */
    dyad_date past;      /* reading when the event is past */
    dyad_date future;    /* reading when the event is planned */
} dyad_date_expr;

/* Finds the date expressions of tokens [b, e) of doc; writes at most cap to
 * out and returns how many. Dates need doc->date (else only absolute ones). */
size_t dyad__find_dates(const dyad_doc *doc, uint32_t b, uint32_t e, dyad_date_expr *out,
                        size_t cap);

/* True when the token's folded form is one of the NULL-terminated words. */
bool dyad__tok_is(const dyad_token *t, const char *const *words);

#endif

/* eval.c -- STUB: scoring (to be replaced). */
#include "internal.h"
#include <stdlib.h>
#include <string.h>
struct dyad_eval { int dummy; };
dyad_status dyad_eval_new(dyad_eval **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? DYAD_OK : DYAD_ENOMEM;
}
dyad_status dyad_eval_add(dyad_eval *ev, const dyad_article *a, const dyad_doc *doc)
{
    (void)ev; (void)a; (void)doc;
    return DYAD_OK;
}
void dyad_eval_get(const dyad_eval *ev, dyad_eval_report *out)
{
    (void)ev;
    memset(out, 0, sizeof *out);
}
dyad_status dyad_eval_write(const dyad_eval *ev, unsigned flags, dyad_write_fn fn, void *ud)
{
    (void)ev; (void)flags; (void)fn; (void)ud;
    return DYAD_OK;
}
void dyad_eval_free(dyad_eval *ev)
{
    free(ev);
}

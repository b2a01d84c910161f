/* out_json.c -- STUB: JSON writers (to be replaced). */
#include "internal.h"
dyad_status dyad_write_events_json(const dyad_doc *doc, dyad_write_fn fn, void *ud)
{
    (void)doc; (void)fn; (void)ud;
    return DYAD_OK;
}
dyad_status dyad_write_doc_json(const dyad_doc *doc, unsigned flags, dyad_write_fn fn, void *ud)
{
    (void)doc; (void)flags; (void)fn; (void)ud;
    return DYAD_OK;
}

/* out_gdelt.c -- STUB: GDELT writer (to be replaced). */
#include "internal.h"
dyad_status dyad_write_events_gdelt(const dyad_doc *doc, const char *dateadded, dyad_write_fn fn,
                                    void *ud)
{
    (void)doc; (void)dateadded; (void)fn; (void)ud;
    return DYAD_OK;
}

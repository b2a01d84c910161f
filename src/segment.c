/* segment.c -- STUB: sentences and tokens (to be replaced). */
#include "internal.h"
dyad_status dyad__segment(dyad_doc *doc)
{
    (void)doc;
    return DYAD_OK;
}

/* coder.c -- STUB: the event coder (to be replaced). */
#include "ctx.h"
dyad_status dyad__code(dyad_doc *doc)
{
    (void)doc;
    return DYAD_OK;
}

/* layout.c -- STUB: article layout (to be replaced). */
#include "internal.h"
dyad_status dyad__layout(dyad_doc *doc, bool plain)
{
    (void)plain;
    dyad_para *p = dyad__arena_calloc(&doc->arena, 1, sizeof *p);
    if (!p)
        return DYAD_ENOMEM;
    p->start = 0;
    p->end = (uint32_t)doc->text_len;
    doc->paras = p;
    doc->n_paras = 1;
    return DYAD_OK;
}

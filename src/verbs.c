/* verbs.c -- STUB (to be replaced). */
#include "ctx.h"
dyad_status dyad__verbs_load(dyad_ctx *ctx, dyad_error *err)
{
    (void)ctx; (void)err;
    return DYAD_OK;
}
void dyad__verbs_free(dyad_ctx *ctx)
{
    (void)ctx;
}

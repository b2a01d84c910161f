/* patterns.c -- STUB (to be replaced). */
#include "ctx.h"
dyad_status dyad__patterns_load(dyad_ctx *ctx, dyad_error *err)
{
    (void)ctx; (void)err;
    return DYAD_OK;
}
void dyad__patterns_free(dyad_ctx *ctx)
{
    (void)ctx;
}

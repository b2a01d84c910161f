/* codes.c -- STUB: CAMEO codes table (to be replaced). */
#include "ctx.h"
dyad_status dyad__codes_load(dyad_ctx *ctx, dyad_error *err)
{
    (void)ctx; (void)err;
    return DYAD_OK;
}
void dyad__codes_free(dyad_ctx *ctx)
{
    (void)ctx;
}

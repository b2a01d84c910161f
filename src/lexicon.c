/* lexicon.c -- STUB (to be replaced). */
#include "ctx.h"
dyad_status dyad__lexicon_load(dyad_ctx *ctx, dyad_error *err)
{
    (void)ctx; (void)err;
    return DYAD_OK;
}
void dyad__lexicon_free(dyad_ctx *ctx)
{
    (void)ctx;
}

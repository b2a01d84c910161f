/* worker.c -- per-thread state. */
#include "ctx.h"

#include <string.h>

dyad_status dyad_worker_new(dyad_worker **out, const dyad_ctx *ctx, dyad_error *err)
{
    *out = NULL;
    dyad_worker *w = dyad__malloc(&ctx->mem, sizeof *w);
    if (!w)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    memset(w, 0, sizeof *w);
    w->ctx = ctx;
    dyad__buf_init(&w->scratch, &ctx->mem);
    *out = w;
    return DYAD_OK;
}

void dyad_worker_free(dyad_worker *w)
{
    if (!w)
        return;
    dyad__worker_release(w);
    dyad__buf_free(&w->scratch);
    dyad__free(&w->ctx->mem, w);
}

/* ctx.c -- opening and closing a context. */
#include "ctx.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef DYAD_DATA_DIR
#define DYAD_DATA_DIR "data"
#endif

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

dyad_status dyad_ctx_open(dyad_ctx **out, const dyad_config *cfg, dyad_error *err)
{
    *out = NULL;
    dyad_mem mem;
    dyad__mem_init(&mem, cfg ? cfg->mem : NULL);
    dyad_ctx *ctx = dyad__malloc(&mem, sizeof *ctx);
    if (!ctx)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    memset(ctx, 0, sizeof *ctx);
    ctx->mem = mem;
    const char *dir = cfg && cfg->data_dir ? cfg->data_dir : DYAD_DATA_DIR;
    ctx->data_dir = dyad__strdup(&ctx->mem, dir);
    if (!ctx->data_dir) {
        dyad_ctx_close(ctx);
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    }
    double t0 = now_ms();
    dyad_status st;
    if ((st = dyad__codes_load(ctx, err)) != DYAD_OK ||
        (st = dyad__verbs_load(ctx, err)) != DYAD_OK ||
        (st = dyad__lexicon_load(ctx, err)) != DYAD_OK ||
        (st = dyad__patterns_load(ctx, err)) != DYAD_OK ||
        (st = dyad__gazetteer_load(ctx, err)) != DYAD_OK) {
        dyad_ctx_close(ctx);
        return st;
    }
    ctx->stats.load_ms = now_ms() - t0;
    *out = ctx;
    return DYAD_OK;
}

void dyad_ctx_close(dyad_ctx *ctx)
{
    if (!ctx)
        return;
    dyad__gazetteer_free(ctx);
    dyad__patterns_free(ctx);
    dyad__lexicon_free(ctx);
    dyad__verbs_free(ctx);
    dyad__codes_free(ctx);
    dyad__free(&ctx->mem, ctx->textcat_conf);
    dyad__free(&ctx->mem, ctx->data_dir);
    dyad_mem mem = ctx->mem;
    dyad__free(&mem, ctx);
}

void dyad_ctx_get_stats(const dyad_ctx *ctx, dyad_ctx_stats *out)
{
    *out = ctx->stats;
}

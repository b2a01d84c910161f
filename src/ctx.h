/* ctx.h -- the context: dictionaries and patterns, immutable once open. */
#ifndef DYAD_CTX_H
#define DYAD_CTX_H

#include "internal.h"

typedef struct dyad_lexicon dyad_lexicon;   /* lexicon.c: actors, agents, people */
typedef struct dyad_patterns dyad_patterns; /* pattern.c: event patterns */
typedef struct dyad_verbs dyad_verbs;       /* verbs.c: inflected verb forms */
typedef struct dyad_codes dyad_codes;       /* codes.c: CAMEO codes table */
typedef struct dyad_gazetteer dyad_gazetteer; /* gazetteer.c: places */

struct dyad_ctx {
    dyad_mem mem;
    char *data_dir;
    dyad_lexicon *lex;
    dyad_patterns *pat;
    dyad_verbs *verbs;
    dyad_codes *codes;
    dyad_gazetteer *gaz;
    char *textcat_conf; /* libexttextcat configuration, NULL if not found */
    dyad_ctx_stats stats;
};

/* Loaders of the other modules; each returns DYAD_OK or fills err with the
 * file and line of the first mistake. */
dyad_status dyad__codes_load(dyad_ctx *ctx, dyad_error *err);
void dyad__codes_free(dyad_ctx *ctx);
dyad_status dyad__lexicon_load(dyad_ctx *ctx, dyad_error *err);
void dyad__lexicon_free(dyad_ctx *ctx);
dyad_status dyad__verbs_load(dyad_ctx *ctx, dyad_error *err);
void dyad__verbs_free(dyad_ctx *ctx);
dyad_status dyad__patterns_load(dyad_ctx *ctx, dyad_error *err);
void dyad__patterns_free(dyad_ctx *ctx);
dyad_status dyad__gazetteer_load(dyad_ctx *ctx, dyad_error *err);
void dyad__gazetteer_free(dyad_ctx *ctx);

void dyad__worker_release(dyad_worker *w); /* stem.c: frees stemmers, caches; calls: */
void dyad__lang_release(dyad_worker *w);   /* lang.c: frees the textcat handle */

#endif

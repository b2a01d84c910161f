/* stem.c -- STUB: stems (to be replaced). */
#include "ctx.h"
const char *dyad__stem(dyad_worker *w, dyad_arena *a, dyad_lang lang, const char *fold, size_t len)
{
    (void)w; (void)lang;
    return dyad__arena_strndup(a, fold, len);
}
void dyad__worker_release(dyad_worker *w)
{
    dyad__lang_release(w);
}

/* lang.c -- STUB: language identification (to be replaced). */
#include "ctx.h"
dyad_lang dyad__identify_lang(const dyad_ctx *ctx, dyad_worker *w, const char *text, size_t len)
{
    (void)ctx; (void)w; (void)text; (void)len;
    return DYAD_LANG_FR;
}
const char *dyad__lang_name(dyad_lang l)
{
    return l == DYAD_LANG_FR ? "fr" : l == DYAD_LANG_EN ? "en" : "other";
}
void dyad__lang_release(dyad_worker *w)
{
    (void)w;
}

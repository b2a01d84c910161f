/* doc.c -- the per-article pipeline: copy, layout, language, NFC, segment, code. */
#include "ctx.h"

#include <string.h>

dyad_status dyad_doc_parse(dyad_doc **out, dyad_worker *w, const dyad_article *a, unsigned flags,
                           dyad_error *err)
{
    *out = NULL;
    if (!w || !a || (!a->text && a->text_len))
        return dyad__err(err, DYAD_EINVAL, NULL, 0, "dyad_doc_parse: bad arguments");
    const dyad_ctx *ctx = w->ctx;
    dyad_mem const *mem = &ctx->mem;
    dyad_doc *doc = dyad__malloc(mem, sizeof *doc);
    if (!doc)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    memset(doc, 0, sizeof *doc);
    dyad__arena_init(&doc->arena, mem);
    doc->ctx = ctx;
    doc->worker = w;
    dyad_arena *ar = &doc->arena;

    /* The reader already repaired its text; an article built in memory may
     * not have been, so repair again (a no-op copy on valid text). */
    size_t repairs = 0;
    doc->text = dyad__utf8_repair(ar, a->text ? a->text : "", a->text_len, &doc->text_len,
                                  &repairs);
    doc->repairs = a->repairs + repairs;
    doc->id = dyad__arena_strdup(ar, a->id ? a->id : "doc");
    doc->title = dyad__arena_strdup(ar, a->title);
    doc->source = dyad__arena_strdup(ar, a->source);
    doc->url = dyad__arena_strdup(ar, a->url);
    doc->date = a->date;
    if (ar->failed)
        goto oom;

    dyad_status st = dyad__layout(doc, a->is_plain);
    if (st != DYAD_OK)
        goto fail;
    if (a->lang && strcmp(a->lang, "fr") == 0)
        doc->lang = DYAD_LANG_FR;
    else if (a->lang && strcmp(a->lang, "en") == 0)
        doc->lang = DYAD_LANG_EN;
    else if (a->lang && a->lang[0])
        doc->lang = DYAD_LANG_OTHER;
    else
        doc->lang = dyad__identify_lang(ctx, w, doc->text, doc->text_len);

    uint32_t *map = NULL;
    st = dyad__utf8_nfc(ar, doc->text, doc->text_len, &doc->norm, &doc->norm_len, &map);
    if (st != DYAD_OK)
        goto fail;
    doc->norm_map = map;
    if ((st = dyad__segment(doc)) != DYAD_OK)
        goto fail;
    if (!(flags & DYAD_PARSE_NO_CODE) && doc->lang != DYAD_LANG_OTHER) {
        if ((st = dyad__code(doc)) != DYAD_OK)
            goto fail;
    }
    if (ar->failed)
        goto oom;
    *out = doc;
    return DYAD_OK;
oom:
    st = DYAD_ENOMEM;
fail:
    dyad_doc_free(doc);
    return dyad__err(err, st, NULL, 0, "%s while analysing article %s", dyad_strerror(st),
                     a->id ? a->id : "(no id)");
}

void dyad_doc_free(dyad_doc *doc)
{
    if (!doc)
        return;
    const dyad_mem *mem = &doc->ctx->mem;
    dyad__arena_free(&doc->arena);
    dyad__free(mem, doc);
}

void dyad_doc_get_info(const dyad_doc *doc, dyad_doc_info *out)
{
    memset(out, 0, sizeof *out);
    out->id = doc->id;
    out->title = doc->title;
    out->lang = dyad__lang_name(doc->lang);
    out->source = doc->source;
    out->agencies = doc->agencies;
    out->url = doc->url;
    out->date = doc->date;
    out->text = doc->text;
    out->text_len = doc->text_len;
    out->paragraphs = doc->n_paras;
    out->sentences = doc->n_sents;
    out->tokens = doc->n_toks;
    out->repairs = doc->repairs;
}

size_t dyad_doc_event_count(const dyad_doc *doc)
{
    return doc->n_events;
}

const dyad_event *dyad_doc_event(const dyad_doc *doc, size_t i)
{
    return i < doc->n_events ? &doc->events[i] : NULL;
}

void dyad_article_init(dyad_article *out, const char *id, const char *text, size_t len)
{
    memset(out, 0, sizeof *out);
    out->id = id;
    out->text = text;
    out->text_len = len;
}

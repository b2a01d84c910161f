/* out_doc.c -- an article's structure as JSON (`dyad parse`): metadata,
 * paragraphs with their roles, sentences and, on request, tokens. For
 * debugging the reading half of the pipeline and for golden tests. */
#include "ctx.h"

#include <string.h>

static const char *para_kind_name(unsigned k)
{
    static const char *const names[] = {"body", "title", "caption", "lead", "dateline", "byline"};
    return k < sizeof names / sizeof names[0] ? names[k] : "body";
}

static void put_key(dyad_buf *b, bool *first, const char *key, bool pretty, int depth)
{
    if (!*first)
        dyad__buf_putc(b, ',');
    *first = false;
    if (pretty) {
        dyad__buf_putc(b, '\n');
        for (int i = 0; i < depth; i++)
            dyad__buf_puts(b, "  ");
    }
    if (key) {
        dyad__buf_json_str(b, key, strlen(key));
        dyad__buf_puts(b, pretty ? ": " : ":");
    }
}

static void put_str_or_null(dyad_buf *b, const char *s)
{
    if (s)
        dyad__buf_json_str(b, s, strlen(s));
    else
        dyad__buf_puts(b, "null");
}

static void put_flags(dyad_buf *b, unsigned f)
{
    static const char *const names[] = {"word",  "num",    "punct",       "cap", "upper",
                                        "quote", "elided", "sent_start", "abbr"};
    dyad__buf_putc(b, '[');
    bool first = true;
    for (unsigned i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (!(f & (1u << i)))
            continue;
        if (!first)
            dyad__buf_putc(b, ',');
        first = false;
        dyad__buf_json_str(b, names[i], strlen(names[i]));
    }
    dyad__buf_putc(b, ']');
}

static void put_doc(dyad_buf *b, const dyad_doc *doc, unsigned flags)
{
    bool pretty = flags & DYAD_JSON_PRETTY, first = true;
    const char *t = doc->text;
    char date[11];
    dyad__buf_putc(b, '{');
    put_key(b, &first, "id", pretty, 1);
    put_str_or_null(b, doc->id);
    put_key(b, &first, "title", pretty, 1);
    put_str_or_null(b, doc->title);
    put_key(b, &first, "date", pretty, 1);
    if (doc->date.precision == DYAD_PREC_NONE)
        dyad__buf_puts(b, "null");
    else
        dyad__buf_printf(b, "\"%s\"", dyad_date_format(&doc->date, date));
    put_key(b, &first, "date_precision", pretty, 1);
    static const char *const prec[] = {"none", "year", "month", "day", "minute"};
    dyad__buf_printf(b, "\"%s\"", doc->date.precision <= DYAD_PREC_MINUTE
                                      ? prec[doc->date.precision] : "none");
    put_key(b, &first, "time", pretty, 1);
    if (doc->date.precision == DYAD_PREC_MINUTE)
        dyad__buf_printf(b, "\"%02d:%02d\"", doc->date.hour, doc->date.minute);
    else
        dyad__buf_puts(b, "null");
    put_key(b, &first, "lang", pretty, 1);
    put_str_or_null(b, dyad__lang_name(doc->lang));
    put_key(b, &first, "source", pretty, 1);
    put_str_or_null(b, doc->source);
    put_key(b, &first, "agencies", pretty, 1);
    put_str_or_null(b, doc->agencies);
    put_key(b, &first, "url", pretty, 1);
    put_str_or_null(b, doc->url);
    put_key(b, &first, "repairs", pretty, 1);
    dyad__buf_printf(b, "%zu", doc->repairs);
    put_key(b, &first, "text_length", pretty, 1);
    dyad__buf_printf(b, "%zu", doc->text_len);

    put_key(b, &first, "paragraphs", pretty, 1);
    dyad__buf_putc(b, '[');
    bool f2 = true;
    for (size_t i = 0; i < doc->n_paras; i++) {
        const dyad_para *p = &doc->paras[i];
        put_key(b, &f2, NULL, pretty, 2);
        dyad__buf_printf(b, "{\"kind\":\"%s\",\"start\":%u,\"end\":%u,\"repeated\":%s,\"text\":",
                         para_kind_name(p->kind), (unsigned)p->start, (unsigned)p->end,
                         p->repeated ? "true" : "false");
        dyad__buf_json_str(b, t + p->start, p->end - p->start);
        dyad__buf_putc(b, '}');
    }
    if (pretty && doc->n_paras)
        dyad__buf_puts(b, "\n  ");
    dyad__buf_putc(b, ']');

    put_key(b, &first, "sentences", pretty, 1);
    dyad__buf_putc(b, '[');
    f2 = true;
    for (size_t i = 0; i < doc->n_sents; i++) {
        const dyad_sentence *s = &doc->sents[i];
        put_key(b, &f2, NULL, pretty, 2);
        dyad__buf_printf(b, "{\"start\":%u,\"end\":%u,\"paragraph\":%u,\"text\":",
                         (unsigned)s->start, (unsigned)s->end, (unsigned)s->para);
        dyad__buf_json_str(b, t + s->start, s->end - s->start);
        if (flags & DYAD_JSON_TOKENS) {
            dyad__buf_puts(b, ",\"tokens\":[");
            for (uint32_t k = s->tok_begin; k < s->tok_end && k < doc->n_toks; k++) {
                const dyad_token *tk = &doc->toks[k];
                if (k > s->tok_begin)
                    dyad__buf_putc(b, ',');
                if (pretty) {
                    dyad__buf_puts(b, "\n      ");
                }
                dyad__buf_puts(b, "{\"text\":");
                dyad__buf_json_str(b, t + tk->start, tk->end - tk->start);
                dyad__buf_printf(b, ",\"start\":%u,\"end\":%u,\"fold\":", (unsigned)tk->start,
                                 (unsigned)tk->end);
                if (tk->fold)
                    dyad__buf_json_str(b, tk->fold, tk->fold_len);
                else
                    dyad__buf_puts(b, "null");
                dyad__buf_puts(b, ",\"stem\":");
                put_str_or_null(b, tk->stem);
                dyad__buf_puts(b, ",\"flags\":");
                put_flags(b, tk->flags);
                dyad__buf_putc(b, '}');
            }
            dyad__buf_putc(b, ']');
        }
        dyad__buf_putc(b, '}');
    }
    if (pretty && doc->n_sents)
        dyad__buf_puts(b, "\n  ");
    dyad__buf_putc(b, ']');
    if (pretty)
        dyad__buf_putc(b, '\n');
    dyad__buf_puts(b, "}\n");
}

dyad_status dyad_write_doc_json(const dyad_doc *doc, unsigned flags, dyad_write_fn fn, void *ud)
{
    if (!doc || !fn)
        return DYAD_EINVAL;
    dyad_buf b;
    dyad__buf_init(&b, &doc->ctx->mem);
    put_doc(&b, doc, flags);
    dyad_status st = dyad__buf_send(&b, fn, ud);
    dyad__buf_free(&b);
    return st;
}

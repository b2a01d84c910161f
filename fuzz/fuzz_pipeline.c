/* fuzz_pipeline.c -- libFuzzer: one article through the whole pipeline
 * (dyad_doc_parse with coding: layout, language, NFC, segmentation, stems,
 * lexicon, patterns, dates, places) with the real dictionaries, loaded once;
 * then every writer. The first byte chooses the article's form: bit 0 a
 * plain article (.txt layout), bits 1-2 the language (identify, fr, en,
 * other), bit 3 an article date. */
#include "fuzz_common.h"

static dyad_ctx *ctx;
static dyad_worker *w;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fz_find_data((*argv)[0]);
    ctx = fz_open_ctx();
    dyad_error err;
    if (dyad_worker_new(&w, ctx, &err) != DYAD_OK)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    unsigned mode = data[0];
    static const char *const langs[] = {NULL, "fr", "en", "de"};
    dyad_article a;
    dyad_article_init(&a, "fz", (const char *)data + 1, size - 1);
    a.is_plain = mode & 1;
    a.lang = langs[(mode >> 1) & 3];
    if (mode & 8)
        a.date = (dyad_date){2024, 11, 29, 0, 0, DYAD_PREC_DAY};
    dyad_doc *doc;
    dyad_error err;
    dyad_status st = dyad_doc_parse(&doc, w, &a, 0, &err);
    FZ_CHECK(st == DYAD_OK); /* bad content is never an error */
    fz_check_doc(doc);
    dyad_doc_free(doc);
    return 0;
}

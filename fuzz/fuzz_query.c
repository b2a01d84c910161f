/* fuzz_query.c -- libFuzzer: query options through dyad_store_query (the
 * validator of src/query.c, the SQL it builds, the table / CSV / JSON /
 * GDELT writers) on a small store filled once from coded articles. Input:
 * byte 0 the format (bits 0-1), --by (bits 2-4), --top (bits 5-7); byte 1
 * --quad; byte 2 --limit; then newline-separated values for actor, source,
 * target, dyad A, dyad B, code, root, country, place, from, to (an empty
 * field is unset). Only DYAD_OK or DYAD_EINVAL may come back: a database
 * error would mean the library built bad SQL. (The CLI's own argument
 * parsing lives in src/cli/main.c and is not a library function.) */
#include "fuzz_common.h"

static dyad_store *store;

static const char *const articles[][3] = {
    {"en", "2024-03-12", "Russia and China signed a trade agreement on Monday in Beijing. "
                         "The French president visited Kenya on Tuesday."},
    {"fr", "2024-05-02", "Le président russe a rencontré mardi à Moscou le Premier ministre "
                         "indien. La France a condamné l'attaque contre l'ambassade d'Iran."},
    {"en", "2023-11-30", "Israeli troops attacked Gaza City on Friday. Iran accused Israel of "
                         "violating the truce. North Korea threatened South Korea."},
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fz_find_data((*argv)[0]);
    dyad_ctx *ctx = fz_open_ctx();
    dyad_worker *w;
    dyad_error err;
    char path[1200];
    snprintf(path, sizeof path, "%s/q.db", fz_tmpdir());
    if (dyad_worker_new(&w, ctx, &err) != DYAD_OK || dyad_store_open(&store, path, 0, &err) != DYAD_OK)
        abort();
    for (size_t i = 0; i < sizeof articles / sizeof *articles; i++) {
        dyad_article a;
        dyad_article_init(&a, NULL, articles[i][2], strlen(articles[i][2]));
        char id[8];
        snprintf(id, sizeof id, "a%zu", i);
        a.id = id;
        a.lang = articles[i][0];
        a.source = i % 2 ? "Le360" : "Reuters";
        if (!dyad__parse_date(articles[i][1], 10, &a.date))
            abort();
        dyad_doc *doc;
        if (dyad_doc_parse(&doc, w, &a, 0, &err) != DYAD_OK ||
            dyad_store_add(store, doc, NULL, &err) != DYAD_OK)
            abort();
        dyad_doc_free(doc);
    }
    if (dyad_store_commit(store, &err) != DYAD_OK)
        abort();
    dyad_worker_free(w);
    dyad_ctx_close(ctx);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3 || size > 4096)
        return 0;
    char buf[4097];
    memcpy(buf, data + 3, size - 3);
    buf[size - 3] = '\0';
    const char *f[11] = {0};
    char *p = buf;
    for (int i = 0; i < 11 && p; i++) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        f[i] = *p ? p : NULL;
        p = nl ? nl + 1 : NULL;
    }
    dyad_query q = {.actor = f[0], .source = f[1], .target = f[2], .dyad = {f[3], f[4]},
                    .code = f[5], .root = f[6], .country = f[7], .place = f[8], .from = f[9],
                    .to = f[10]};
    q.by = (dyad_period)((data[0] >> 2) & 7);
    q.top = (dyad_top)((data[0] >> 5) & 3);
    q.quad = (int)(signed char)data[1];
    q.limit = data[2] == 255 ? SIZE_MAX : data[2];
    dyad_out_format fmt = (dyad_out_format)(data[0] & 3);
    dyad_query_result res;
    dyad_error err;
    memset(&err, 0, sizeof err);
    dyad_status st = dyad_store_query(store, &q, fmt, fz_discard, NULL, &res, &err);
    if (st != DYAD_OK && st != DYAD_EINVAL)
        fprintf(stderr, "query: %s: %s\n", dyad_strerror(st), err.msg);
    FZ_CHECK(st == DYAD_OK || st == DYAD_EINVAL);
    if (st == DYAD_OK && q.limit && q.limit != SIZE_MAX)
        FZ_CHECK(res.rows <= q.limit);
    return 0;
}

/* fuzz_common.h -- helpers shared by the libFuzzer targets: where the real
 * dictionaries are, scratch data directories, writing a fuzz input as a
 * file, a context loaded once, a write callback that discards. Header-only
 * (every target is one translation unit). */
#ifndef DYAD_FUZZ_COMMON_H
#define DYAD_FUZZ_COMMON_H

#include "ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char fz_tmp[64];
static char fz_data[1024];

/* The dictionaries: $DYAD_DATA, else data/ beside build-fuzz/, else ./data. */
static inline void fz_find_data(const char *argv0)
{
    const char *env = getenv("DYAD_DATA");
    if (env && *env) {
        snprintf(fz_data, sizeof fz_data, "%s", env);
        return;
    }
    const char *slash = strrchr(argv0, '/');
    if (slash) {
        snprintf(fz_data, sizeof fz_data, "%.*s/../data", (int)(slash - argv0), argv0);
        struct stat sb;
        if (stat(fz_data, &sb) == 0)
            return;
    }
    snprintf(fz_data, sizeof fz_data, "data");
}

static inline void fz_rm_tmp(void)
{
    if (fz_tmp[0]) {
        char cmd[128];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", fz_tmp);
        if (system(cmd) != 0)
            fprintf(stderr, "fuzz: could not remove %s\n", fz_tmp);
    }
}

/* A scratch directory removed at exit. */
static inline const char *fz_tmpdir(void)
{
    if (!fz_tmp[0]) {
        snprintf(fz_tmp, sizeof fz_tmp, "/tmp/dyad-fuzzdata.XXXXXX");
        if (!mkdtemp(fz_tmp)) {
            perror("mkdtemp");
            abort();
        }
        atexit(fz_rm_tmp);
    }
    return fz_tmp;
}

static inline void fz_mkdir(const char *rel)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/%s", fz_tmpdir(), rel);
    mkdir(p, 0700);
}

/* Writes size bytes to <tmp>/<rel>. */
static inline void fz_write(const char *rel, const void *data, size_t size)
{
    char p[1200];
    snprintf(p, sizeof p, "%s/%s", fz_tmpdir(), rel);
    FILE *f = fopen(p, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0) {
        perror(p);
        abort();
    }
}

static inline void fz_write_str(const char *rel, const char *s)
{
    fz_write(rel, s, strlen(s));
}

/* Copies <data>/<rel> to <tmp>/<rel>, at most max_lines lines (0: all). */
static inline void fz_copy(const char *rel, size_t max_lines)
{
    char src[1200], dst[1200];
    snprintf(src, sizeof src, "%s/%s", fz_data, rel);
    snprintf(dst, sizeof dst, "%s/%s", fz_tmpdir(), rel);
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    if (!in || !out) {
        perror(in ? dst : src);
        abort();
    }
    int c;
    size_t lines = 0;
    while ((c = getc(in)) != EOF) {
        putc(c, out);
        if (c == '\n' && max_lines && ++lines == max_lines)
            break;
    }
    fclose(in);
    if (fclose(out) != 0)
        abort();
}

/* The whole context from the real dictionaries, once. */
static inline dyad_ctx *fz_open_ctx(void)
{
    dyad_config cfg = {.data_dir = fz_data};
    dyad_ctx *ctx;
    dyad_error err;
    if (dyad_ctx_open(&ctx, &cfg, &err) != DYAD_OK) {
        fprintf(stderr, "fuzz: cannot load %s: %s:%ld: %s\n", fz_data, err.file, err.line,
                err.msg);
        abort();
    }
    return ctx;
}

static inline int fz_discard(void *ud, const char *data, size_t len)
{
    (void)ud;
    (void)data;
    (void)len;
    return 0;
}

#define FZ_CHECK(c)                                                                            \
    do {                                                                                       \
        if (!(c)) {                                                                            \
            fprintf(stderr, "fuzz: check failed: %s (%s:%d)\n", #c, __FILE__, __LINE__);      \
            __builtin_trap();                                                                  \
        }                                                                                      \
    } while (0)

/* What any analysed doc must satisfy, events included; then every writer
 * runs on it. */
static inline void fz_check_doc(const dyad_doc *doc)
{
    dyad_doc_info in;
    dyad_doc_get_info(doc, &in);
    FZ_CHECK(in.text && strlen(in.text) == in.text_len);
    for (size_t i = 0; i < doc->n_sents; i++) {
        const dyad_sentence *s = &doc->sents[i];
        FZ_CHECK(s->start <= s->end && s->end <= doc->text_len);
        FZ_CHECK(s->tok_begin <= s->tok_end && s->tok_end <= doc->n_toks);
    }
    for (size_t i = 0; i < doc->n_toks; i++) {
        const dyad_token *t = &doc->toks[i];
        FZ_CHECK(t->start < t->end && t->end <= doc->text_len);
        FZ_CHECK(t->fold && t->stem);
    }
    size_t n = dyad_doc_event_count(doc);
    for (size_t i = 0; i < n; i++) {
        const dyad_event *e = dyad_doc_event(doc, i);
        FZ_CHECK(e && e->code && e->event_id && e->rule);
        FZ_CHECK(strlen(e->code) >= 3 && strncmp(e->code, e->root, 2) == 0);
        FZ_CHECK(e->quad_class >= 1 && e->quad_class <= 4);
        FZ_CHECK(e->goldstein >= -10 && e->goldstein <= 10);
        FZ_CHECK(e->trigger_start <= e->trigger_end && e->trigger_end <= in.text_len);
        FZ_CHECK(e->sentence_start <= e->sentence_end && e->sentence_end <= in.text_len);
        FZ_CHECK(e->source.start <= e->source.end && e->source.end <= in.text_len);
        FZ_CHECK(e->target.start <= e->target.end && e->target.end <= in.text_len);
        FZ_CHECK(e->source.code || e->target.code);
    }
    FZ_CHECK(dyad_write_events_json(doc, fz_discard, NULL) == DYAD_OK);
    FZ_CHECK(dyad_write_events_gdelt(doc, "20240101000000", fz_discard, NULL) == DYAD_OK);
    FZ_CHECK(dyad_write_events_csv(doc, fz_discard, NULL) == DYAD_OK);
    FZ_CHECK(dyad_write_doc_json(doc, DYAD_JSON_TOKENS, fz_discard, NULL) == DYAD_OK);
}

#endif

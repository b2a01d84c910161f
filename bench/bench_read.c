/* bench_read.c -- throughput of the reading half of the pipeline.
 *
 *   bench_read [--data DIR] [--pass N] [--repeat N] FILE...
 *
 * Three passes over the inputs, each timed separately:
 *   0 read     reader only (line splitting, UTF-8 repair, JSON decoding)
 *   1 reading  + layout, language identification, NFC and folding of every word
 *   2 parse    dyad_doc_parse without coding (copy, repair, layout, language,
 *              NFC, sentences, tokens, folds, stems); needs the dictionaries
 *              (--data), skipped if they do not load
 * --pass N runs only pass N; --repeat N runs each pass N times and keeps the
 * fastest (the machine may be shared). MB are bytes of article text (what
 * the pipeline analyses; the JSON around it is a few per cent more).
 * Throughput is given per second of this process's CPU time (one core) and
 * of wall-clock time. "words": whitespace-separated words folded (reading)
 * or tokens (parse). Ends with the peak RSS. */
#include "ctx.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double clock_s(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct {
    size_t bytes, articles, words;
} totals;

/* Folds every run of non-space bytes, as the tokenizer does per token. */
static size_t fold_words(const char *s, size_t n)
{
    char buf[256];
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && (s[i] == ' ' || s[i] == '\n'))
            i++;
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\n')
            j++;
        if (j > i) {
            dyad__fold(s + i, j - i, buf, sizeof buf);
            words++;
        }
        i = j;
    }
    return words;
}

static int pass(int mode, char **files, int nfiles, dyad_worker *pw, totals *t)
{
    dyad_mem mem;
    dyad__mem_init(&mem, NULL);
    dyad_worker lw;
    memset(&lw, 0, sizeof lw);
    memset(t, 0, sizeof *t);
    for (int f = 0; f < nfiles; f++) {
        dyad_reader *r;
        dyad_error err;
        if (dyad_reader_open(&r, files[f], DYAD_FMT_AUTO, &err) != DYAD_OK) {
            fprintf(stderr, "bench_read: %s\n", err.msg);
            return 1;
        }
        dyad_article a;
        dyad_status st;
        dyad_arena arena;
        dyad__arena_init(&arena, &mem);
        while ((st = dyad_reader_next(r, &a, &err)) != DYAD_EOF) {
            if (st != DYAD_OK)
                continue;
            t->bytes += a.text_len;
            t->articles++;
            if (mode == 1) {
                dyad_doc doc;
                memset(&doc, 0, sizeof doc);
                doc.arena = arena;
                doc.text = a.text;
                doc.text_len = a.text_len;
                dyad__layout(&doc, a.is_plain);
                (void)dyad__identify_lang(NULL, &lw, a.text, a.text_len);
                const char *norm;
                size_t nl;
                uint32_t *map;
                dyad__utf8_nfc(&doc.arena, a.text, a.text_len, &norm, &nl, &map);
                t->words += fold_words(norm, nl);
                arena = doc.arena;
                dyad__arena_reset(&arena);
            } else if (mode == 2) {
                dyad_doc *doc;
                if (dyad_doc_parse(&doc, pw, &a, DYAD_PARSE_NO_CODE, &err) == DYAD_OK) {
                    dyad_doc_info info;
                    dyad_doc_get_info(doc, &info);
                    t->words += info.tokens;
                    dyad_doc_free(doc);
                }
            }
        }
        dyad__arena_free(&arena);
        dyad_reader_close(r);
    }
    dyad__lang_release(&lw);
    return 0;
}

int main(int argc, char **argv)
{
    const char *data = NULL;
    int first = 1, only = -1, repeat = 1;
    for (;;) {
        if (first + 1 < argc && strcmp(argv[first], "--data") == 0) {
            data = argv[first + 1];
            first += 2;
        } else if (first + 1 < argc && strcmp(argv[first], "--pass") == 0) {
            only = atoi(argv[first + 1]);
            first += 2;
        } else if (first + 1 < argc && strcmp(argv[first], "--repeat") == 0) {
            repeat = atoi(argv[first + 1]);
            repeat = repeat < 1 ? 1 : repeat;
            first += 2;
        } else {
            break;
        }
    }
    if (first >= argc) {
        fprintf(stderr, "usage: bench_read [--data DIR] [--pass N] [--repeat N] FILE...\n");
        return 2;
    }
    dyad_ctx *ctx = NULL;
    dyad_worker *w = NULL;
    dyad_error err;
    dyad_config cfg = {.data_dir = data};
    if (data && dyad_ctx_open(&ctx, &cfg, &err) == DYAD_OK)
        dyad_worker_new(&w, ctx, &err);
    else if (data)
        fprintf(stderr, "bench_read: no dictionaries (%s): parse pass skipped\n", err.msg);
    static const char *const names[] = {"read", "reading", "parse"};
    printf("%-8s %10s %10s %12s %9s %9s %11s\n", "pass", "MB/s cpu", "MB/s wall", "articles/s",
           "MB", "articles", "words");
    for (int mode = 0; mode < 3; mode++) {
        if (mode == 2 && !w)
            break;
        if (only >= 0 && mode != only)
            continue;
        totals t;
        double best_cpu = 1e30, best_wall = 1e30;
        for (int rep = 0; rep < repeat; rep++) {
            double w0 = clock_s(CLOCK_MONOTONIC), c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
            if (pass(mode, argv + first, argc - first, w, &t) != 0)
                return 1;
            double dc = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0, dw = clock_s(CLOCK_MONOTONIC) - w0;
            best_cpu = dc < best_cpu ? dc : best_cpu;
            best_wall = dw < best_wall ? dw : best_wall;
        }
        double mb = (double)t.bytes / 1e6;
        printf("%-8s %10.1f %10.1f %12.0f %9.1f %9zu %11zu\n", names[mode], mb / best_cpu,
               mb / best_wall, (double)t.articles / best_cpu, mb, t.articles, t.words);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak RSS %.1f MB\n", (double)ru.ru_maxrss / 1024.0);
    dyad_worker_free(w);
    dyad_ctx_close(ctx);
    return 0;
}

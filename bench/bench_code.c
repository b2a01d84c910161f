/*
 * bench_code.c -- coding throughput on one core: dictionaries' load time,
 * then every article of a JSON Lines corpus read, analysed and coded, with
 * MB/s of article text, articles/s, sentences/s, events and peak RSS.
 *
 *   bench_code DATA_DIR CORPUS.jsonl [REPEAT]
 *
 * Prints the best of REPEAT passes (default 3). One thread, one worker.
 */
#include "dyad/dyad.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double cpu_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_code DATA_DIR CORPUS.jsonl [REPEAT]\n");
        return 2;
    }
    int repeat = argc > 3 ? atoi(argv[3]) : 3;
    dyad_config cfg = {.data_dir = argv[1]};
    dyad_ctx *ctx = NULL;
    dyad_error err;
    double t0 = cpu_seconds();
    if (dyad_ctx_open(&ctx, &cfg, &err) != DYAD_OK) {
        fprintf(stderr, "bench_code: %s:%ld: %s\n", err.file, err.line, err.msg);
        return 1;
    }
    double load = cpu_seconds() - t0;
    dyad_ctx_stats st;
    dyad_ctx_get_stats(ctx, &st);
    printf("dictionaries: %zu actor forms, %zu agent forms, %zu people, %zu patterns, %zu verb "
           "forms, %zu places\n",
           st.actor_forms, st.agent_forms, st.people, st.patterns, st.verb_forms, st.places);
    printf("load: %.1f ms (CPU), %.1f ms (wall, as dyad_ctx_open measured it)\n", load * 1e3,
           st.load_ms);
    dyad_worker *w = NULL;
    if (dyad_worker_new(&w, ctx, &err) != DYAD_OK)
        return 1;
    double best = 1e30, best_parse = 1e30;
    size_t bytes = 0, articles = 0, sentences = 0, events = 0;
    for (int pass = 0; pass < repeat * 2; pass++) {
        /* even passes: structure only (no coding); odd passes: everything */
        bool code = pass % 2 == 1;
        dyad_reader *r = NULL;
        if (dyad_reader_open(&r, argv[2], DYAD_FMT_JSONL, &err) != DYAD_OK) {
            fprintf(stderr, "bench_code: %s\n", err.msg);
            return 1;
        }
        size_t b = 0, a = 0, s = 0, e = 0;
        double start = cpu_seconds();
        dyad_article art;
        dyad_status rs;
        while ((rs = dyad_reader_next(r, &art, &err)) != DYAD_EOF) {
            if (rs != DYAD_OK)
                continue;
            dyad_doc *doc = NULL;
            if (dyad_doc_parse(&doc, w, &art, code ? 0 : DYAD_PARSE_NO_CODE, &err) != DYAD_OK)
                continue;
            dyad_doc_info info;
            dyad_doc_get_info(doc, &info);
            b += info.text_len;
            s += info.sentences;
            e += dyad_doc_event_count(doc);
            a++;
            dyad_doc_free(doc);
        }
        double secs = cpu_seconds() - start;
        dyad_reader_close(r);
        if (code && secs < best) {
            best = secs;
            bytes = b;
            articles = a;
            sentences = s;
            events = e;
        }
        if (!code && secs < best_parse)
            best_parse = secs;
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double mb = bytes / 1e6;
    printf("corpus: %.1f MB of article text, %zu articles, %zu sentences\n", mb, articles,
           sentences);
    printf("read+analyse (no coding): %.1f MB/s\n", mb / best_parse);
    printf("read+analyse+code: %.2f s CPU, %.1f MB/s, %.0f articles/s, %.0f sentences/s, %zu "
           "events\n",
           best, mb / best, articles / best, sentences / best, events);
    printf("coding alone: %.1f MB/s\n", mb / (best - best_parse));
    printf("peak RSS: %.1f MB\n", ru.ru_maxrss / 1024.0);
    dyad_worker_free(w);
    dyad_ctx_close(ctx);
    return 0;
}

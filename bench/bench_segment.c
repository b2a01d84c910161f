/* bench_segment.c -- throughput of dyad__segment (tokens, sentences, folds,
 * stems) on the VOA corpus repeated to at least 20 MB.
 *
 *   make B=build-segment build-segment/libdyad.a
 *   cc -O2 -Iinclude -Isrc bench/bench_segment.c build-segment/libdyad.a \
 *      $(pkg-config --libs libutf8proc jansson sqlite3 libexttextcat) -lstemmer -lm \
 *      -o build-segment/bench_segment
 *   build-segment/bench_segment [../shared/corpus/voa-en.jsonl]
 *
 * Each article is one doc with one paragraph per line; the clock covers
 * NFC (reported apart) and segmentation only, not reading. Five passes;
 * the best segmentation pass is reported. */
#include "ctx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "../shared/corpus/voa-en.jsonl";
    dyad_reader *r;
    dyad_error err;
    if (dyad_reader_open(&r, path, DYAD_FMT_JSONL, &err) != DYAD_OK) {
        fprintf(stderr, "%s\n", err.msg);
        return 1;
    }
    char **texts = NULL;
    size_t *lens = NULL, n = 0, bytes = 0;
    dyad_article a;
    dyad_status st;
    while ((st = dyad_reader_next(r, &a, &err)) != DYAD_EOF) {
        if (st != DYAD_OK)
            continue;
        texts = realloc(texts, (n + 1) * sizeof *texts);
        lens = realloc(lens, (n + 1) * sizeof *lens);
        texts[n] = malloc(a.text_len + 1);
        memcpy(texts[n], a.text, a.text_len + 1);
        lens[n] = a.text_len;
        bytes += a.text_len;
        n++;
    }
    dyad_reader_close(r);
    if (!n)
        return 1;
    dyad_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    dyad__mem_init(&ctx.mem, NULL);
    dyad_worker w;
    memset(&w, 0, sizeof w);
    w.ctx = &ctx;
    size_t reps = (20u << 20) / bytes + 1, total = 0, toks = 0, sents = 0;
    double t_nfc = 0, t_seg = 0, best = 1e9;
    for (size_t rep = 0; rep < 5 * reps; rep++) {
        if (rep % reps == 0 && rep) { /* a pass of >= 20 MB: keep the best (the machine is shared) */
            if (t_seg < best)
                best = t_seg;
            t_seg = 0;
        }
        for (size_t i = 0; i < n; i++) {
            dyad_doc d;
            memset(&d, 0, sizeof d);
            dyad__arena_init(&d.arena, &ctx.mem);
            d.ctx = &ctx;
            d.worker = &w;
            d.lang = DYAD_LANG_EN;
            d.text = texts[i];
            d.text_len = lens[i];
            size_t np = 1;
            for (size_t k = 0; k < lens[i]; k++)
                np += texts[i][k] == '\n';
            d.paras = dyad__arena_calloc(&d.arena, np, sizeof *d.paras);
            size_t s = 0;
            for (size_t k = 0; k <= lens[i]; k++)
                if (k == lens[i] || texts[i][k] == '\n') {
                    d.paras[d.n_paras].start = (uint32_t)s;
                    d.paras[d.n_paras++].end = (uint32_t)k;
                    s = k + 1;
                }
            double t0 = now();
            uint32_t *map = NULL;
            dyad__utf8_nfc(&d.arena, d.text, d.text_len, &d.norm, &d.norm_len, &map);
            d.norm_map = map;
            double t1 = now();
            if (dyad__segment(&d) != DYAD_OK)
                return 1;
            double t2 = now();
            t_nfc += t1 - t0;
            t_seg += t2 - t1;
            total += lens[i];
            toks += d.n_toks;
            sents += d.n_sents;
            dyad__arena_free(&d.arena);
        }
    }
    if (t_seg < best)
        best = t_seg;
    t_seg = best;
    t_nfc /= 5;
    total /= 5;
    toks /= 5;
    sents /= 5;
    double mb = (double)total / (1024.0 * 1024.0);
    printf("%zu articles x %zu = %.1f MB, %zu tokens, %zu sentences\n", n, reps, mb, toks, sents);
    printf("segment: %.3f s, %.1f MB/s, %.1f Mtok/s\n", t_seg, mb / t_seg, (double)toks / t_seg / 1e6);
    printf("nfc:     %.3f s, %.1f MB/s\n", t_nfc, mb / t_nfc);
    printf("both:    %.1f MB/s\n", mb / (t_nfc + t_seg));
    dyad__worker_release(&w);
    for (size_t i = 0; i < n; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    return 0;
}

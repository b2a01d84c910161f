/* test_stem.c -- Snowball stems and the per-worker cache (stem.c). */
#include "check.h"
#include "ctx.h"

static dyad_ctx ctx;

static void test_stems(void)
{
    dyad_worker *w = calloc(1, sizeof *w);
    w->ctx = &ctx;
    dyad_arena a;
    dyad__arena_init(&a, &ctx.mem);
    CHECK_EQ_STR(dyad__stem(w, &a, DYAD_LANG_FR, "soldats", 7), "soldat");
    CHECK_EQ_STR(dyad__stem(w, &a, DYAD_LANG_FR, "rencontrera", 11), "rencontr");
    CHECK_EQ_STR(dyad__stem(w, &a, DYAD_LANG_FR, "rencontre", 9), "rencontr");
    CHECK_EQ_STR(dyad__stem(w, &a, DYAD_LANG_EN, "meetings", 8), "meet");
    CHECK_EQ_STR(dyad__stem(w, &a, DYAD_LANG_EN, "attacked", 8), "attack");
    /* Only `len` bytes count; the result is NUL-terminated. */
    CHECK_EQ_STR(dyad__stem(w, &a, DYAD_LANG_EN, "attackedXYZ", 8), "attack");
    /* No stemmer for other languages: the word itself. */
    CHECK_EQ_STR(dyad__stem(w, &a, DYAD_LANG_OTHER, "soldats", 7), "soldats");
    CHECK_EQ_STR(dyad__stem(w, &a, DYAD_LANG_FR, "", 0), "");
    /* Cached: the same answer twice, in a fresh arena string each time. */
    const char *s1 = dyad__stem(w, &a, DYAD_LANG_FR, "soldats", 7);
    const char *s2 = dyad__stem(w, &a, DYAD_LANG_FR, "soldats", 7);
    CHECK_EQ_STR(s1, "soldat");
    CHECK_EQ_STR(s2, "soldat");
    CHECK(s1 != s2);
    CHECK(w->stem_cache[DYAD_LANG_FR] != NULL);
    /* Long words bypass the cache. */
    char longw[200];
    memset(longw, 'a', sizeof longw);
    memcpy(longw + 190, "ements", 6);
    const char *ls = dyad__stem(w, &a, DYAD_LANG_FR, longw, 196);
    CHECK(ls && strlen(ls) <= 196);

    /* Overflow the cache many times: earlier strings stay valid. */
    const char *first = dyad__stem(w, &a, DYAD_LANG_EN, "presidents", 10);
    char buf[32];
    for (int i = 0; i < 200000; i++) {
        int n = snprintf(buf, sizeof buf, "word%dings", i);
        const char *r = dyad__stem(w, &a, DYAD_LANG_EN, buf, (size_t)n);
        if (i % 50000 == 0) { /* a cache hit gives what the stemmer gave */
            CHECK(r && strncmp(r, buf, strlen(r)) == 0 && strlen(r) >= 5);
            CHECK_EQ_STR(dyad__stem(w, &a, DYAD_LANG_EN, buf, (size_t)n), r);
        }
    }
    CHECK_EQ_STR(first, "presid");
    CHECK_EQ_STR(dyad__stem(w, &a, DYAD_LANG_EN, "presidents", 10), "presid");
    CHECK(!a.failed);
    dyad__arena_free(&a);
    dyad__worker_release(w);
    CHECK(w->stemmer[0] == NULL && w->stem_cache[1] == NULL);
    dyad__worker_release(w); /* twice is harmless */
    free(w);
}

int main(void)
{
    dyad__mem_init(&ctx.mem, NULL);
    RUN(test_stems);
    return CHECK_DONE();
}

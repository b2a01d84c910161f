/* test_verbs.c -- the verb-form lexicon (data/lexicon/{fr,en}-verbs.txt). */
#include "check.h"
#include "verbs.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static dyad_ctx ctx;
static bool loaded;

/* Tags of `form` (folded first, as the coder does) for `lemma`, 0 if none. */
static unsigned tags_of(dyad_lang lang, const char *form, const char *lemma)
{
    char f[128];
    size_t n = dyad__fold(form, strlen(form), f, sizeof f);
    const dyad_verb_analysis *a;
    size_t k = dyad__verbs_lookup(ctx.verbs, lang, f, n, &a);
    char lf[128];
    size_t ln = dyad__fold(lemma, strlen(lemma), lf, sizeof lf);
    for (size_t i = 0; i < k; i++) {
        const char *l = dyad__verbs_lemma(ctx.verbs, a[i].lemma);
        if (l && strlen(l) == ln && memcmp(l, lf, ln) == 0)
            return a[i].tags;
    }
    return 0;
}

#define HAS(lang, form, lemma, tag) CHECK((tags_of(lang, form, lemma) & (tag)) == (tag))

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void test_load(void)
{
    memset(&ctx, 0, sizeof ctx);
    dyad__mem_init(&ctx.mem, NULL);
    ctx.data_dir = (char *)check_data_dir();
    dyad_error err = {0};
    double t0 = now_ms();
    dyad_status st = dyad__verbs_load(&ctx, &err);
    double ms = now_ms() - t0;
    if (st != DYAD_OK)
        fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
    CHECK_EQ_INT(st, DYAD_OK);
    loaded = st == DYAD_OK;
    CHECK(ctx.stats.verb_forms > 200000);
    printf("verbs: %zu forms loaded in %.1f ms\n", ctx.stats.verb_forms, ms);
}

static void test_french(void)
{
    const dyad_lang fr = DYAD_LANG_FR;
    HAS(fr, "rencontrera", "rencontrer", DYAD_V_FUT);
    HAS(fr, "accueilli", "accueillir", DYAD_V_PP);
    HAS(fr, "accueillie", "accueillir", DYAD_V_PP);
    HAS(fr, "accueillies", "accueillir", DYAD_V_PP);
    HAS(fr, "est", "être", DYAD_V_PRES);
    HAS(fr, "a", "avoir", DYAD_V_PRES);
    HAS(fr, "va", "aller", DYAD_V_PRES | DYAD_V_IMP);
    HAS(fr, "signe", "signer", DYAD_V_PRES | DYAD_V_SUBJ | DYAD_V_IMP);
    HAS(fr, "signé", "signer", DYAD_V_PP);
    HAS(fr, "signées", "signer", DYAD_V_PP);
    HAS(fr, "fournissait", "fournir", DYAD_V_IMPF);
    HAS(fr, "entretenus", "entretenir", DYAD_V_PP);
    HAS(fr, "dit", "dire", DYAD_V_PRES | DYAD_V_PAST | DYAD_V_PP);
    HAS(fr, "menace", "menacer", DYAD_V_PRES);
    HAS(fr, "menaçait", "menacer", DYAD_V_IMPF);
    HAS(fr, "rencontrer", "rencontrer", DYAD_V_INF);
    HAS(fr, "rencontrèrent", "rencontrer", DYAD_V_PAST);
    HAS(fr, "rencontrât", "rencontrer", DYAD_V_SUBJ);
    HAS(fr, "rencontrerait", "rencontrer", DYAD_V_COND);
    HAS(fr, "rencontrant", "rencontrer", DYAD_V_PPR);
    HAS(fr, "fit", "faire", DYAD_V_PAST);
    HAS(fr, "été", "être", DYAD_V_PP);
    HAS(fr, "eu", "avoir", DYAD_V_PP);
    /* a form shared by two lemmas */
    HAS(fr, "suis", "être", DYAD_V_PRES);
    HAS(fr, "suis", "suivre", DYAD_V_PRES);
    /* "aime" is PRES, SUBJ and IMP of one lemma: merged into one analysis */
    const dyad_verb_analysis *a;
    CHECK_EQ_INT(dyad__verbs_lookup(ctx.verbs, fr, "aime", 4, &a), 1);
    /* misses: another language, a non-verb, the empty string */
    CHECK_EQ_INT(dyad__verbs_lookup(ctx.verbs, fr, "maison", 6, &a), 0);
    CHECK_EQ_INT(dyad__verbs_lookup(ctx.verbs, DYAD_LANG_EN, "rencontrera", 11, &a), 0);
    CHECK_EQ_INT(dyad__verbs_lookup(ctx.verbs, fr, "", 0, &a), 0);
    CHECK(a == NULL);
}

static void test_english(void)
{
    const dyad_lang en = DYAD_LANG_EN;
    HAS(en, "met", "meet", DYAD_V_PAST | DYAD_V_PP);
    HAS(en, "meets", "meet", DYAD_V_PRES);
    HAS(en, "meeting", "meet", DYAD_V_PPR);
    HAS(en, "meet", "meet", DYAD_V_INF | DYAD_V_PRES);
    HAS(en, "visited", "visit", DYAD_V_PAST | DYAD_V_PP);
    HAS(en, "held", "hold", DYAD_V_PAST | DYAD_V_PP);
    HAS(en, "urged", "urge", DYAD_V_PAST | DYAD_V_PP);
    HAS(en, "urging", "urge", DYAD_V_PPR);
    HAS(en, "says", "say", DYAD_V_PRES);
    HAS(en, "said", "say", DYAD_V_PAST);
    HAS(en, "fled", "flee", DYAD_V_PAST | DYAD_V_PP);
    HAS(en, "sought", "seek", DYAD_V_PAST | DYAD_V_PP);
    HAS(en, "is", "be", DYAD_V_PRES);
    HAS(en, "been", "be", DYAD_V_PP);
    HAS(en, "went", "go", DYAD_V_PAST);
    CHECK(!(tags_of(en, "went", "go") & DYAD_V_PP));
    HAS(en, "gone", "go", DYAD_V_PP);
    HAS(en, "stopped", "stop", DYAD_V_PAST);
    HAS(en, "banned", "ban", DYAD_V_PAST);
    HAS(en, "admitted", "admit", DYAD_V_PAST);
    HAS(en, "tries", "try", DYAD_V_PRES);
    HAS(en, "dying", "die", DYAD_V_PPR);
    HAS(en, "making", "make", DYAD_V_PPR);
    HAS(en, "agreeing", "agree", DYAD_V_PPR);
    HAS(en, "would", "would", DYAD_V_COND);
    HAS(en, "traveled", "travel", DYAD_V_PAST); /* verb.exc has only "travelled" */
    HAS(en, "travelled", "travel", DYAD_V_PAST);
    HAS(en, "panicked", "panic", DYAD_V_PAST);
    HAS(en, "proven", "prove", DYAD_V_PP);
    HAS(en, "proved", "prove", DYAD_V_PAST);
    CHECK(tags_of(en, "offerred", "offer") == 0);
    CHECK(tags_of(en, "visitted", "visit") == 0);
}

static void test_lemmas(void)
{
    int32_t id = dyad__verbs_find_lemma(ctx.verbs, DYAD_LANG_FR, "rencontrer", 10);
    CHECK(id >= 0);
    CHECK_EQ_STR(dyad__verbs_lemma(ctx.verbs, (uint32_t)id), "rencontrer");
    char f[32];
    size_t n = dyad__fold("être", strlen("être"), f, sizeof f);
    CHECK(dyad__verbs_find_lemma(ctx.verbs, DYAD_LANG_FR, f, n) >= 0);
    CHECK(dyad__verbs_find_lemma(ctx.verbs, DYAD_LANG_EN, "meet", 4) >= 0);
    CHECK_EQ_INT(dyad__verbs_find_lemma(ctx.verbs, DYAD_LANG_EN, "rencontrer", 10), -1);
    CHECK_EQ_INT(dyad__verbs_find_lemma(ctx.verbs, DYAD_LANG_FR, "met", 3), -1);
    CHECK(dyad__verbs_lemma(ctx.verbs, 0xffffffu) == NULL);
}

/* A bad data file is reported with its file and line; nothing leaks. */
static void test_errors(void)
{
    dyad_ctx bad;
    memset(&bad, 0, sizeof bad);
    dyad__mem_init(&bad.mem, NULL);
    char dir[] = "/tmp/dyad_verbs_XXXXXX";
    if (!mkdtemp(dir)) {
        CHECK(0);
        return;
    }
    char path[128];
    snprintf(path, sizeof path, "%s/lexicon", dir);
    mkdir(path, 0700);
    snprintf(path, sizeof path, "%s/lexicon/fr-verbs.txt", dir);
    FILE *f = fopen(path, "w");
    fputs("# test\nT aim:er er/N e/PSM\naimer aim:er\nfinir fin:ir\n", f);
    fclose(f);
    bad.data_dir = dir;
    dyad_error err = {0};
    CHECK_EQ_INT(dyad__verbs_load(&bad, &err), DYAD_EDATA);
    CHECK_EQ_INT(err.line, 4);
    CHECK(strstr(err.file, "fr-verbs.txt") != NULL);
    CHECK(bad.verbs == NULL);
    f = fopen(path, "w");
    fputs("aimer ~/NX\n", f);
    fclose(f);
    CHECK_EQ_INT(dyad__verbs_load(&bad, &err), DYAD_EDATA);
    CHECK_EQ_INT(err.line, 1);
    /* missing en file */
    f = fopen(path, "w");
    fputs("aimer ~/N\n", f);
    fclose(f);
    CHECK_EQ_INT(dyad__verbs_load(&bad, &err), DYAD_EDATA);
    CHECK(strstr(err.file, "en-verbs.txt") != NULL);
    remove(path);
    snprintf(path, sizeof path, "%s/lexicon", dir);
    rmdir(path);
    rmdir(dir);
}

/* Every allocation failure is reported as DYAD_ENOMEM and frees everything. */
static int fail_after;
static void *failing_malloc(size_t n, void *ud)
{
    (void)ud;
    return fail_after-- == 0 ? NULL : malloc(n);
}
static void *failing_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    return fail_after-- == 0 ? NULL : realloc(p, n);
}

static void test_oom(void)
{
    dyad_allocator al = {.malloc = failing_malloc, .realloc = failing_realloc};
    int n;
    for (n = 0; n < 1000; n++) {
        dyad_ctx c;
        memset(&c, 0, sizeof c);
        dyad__mem_init(&c.mem, &al);
        c.data_dir = (char *)check_data_dir();
        fail_after = n;
        dyad_error err = {0};
        dyad_status st = dyad__verbs_load(&c, &err);
        if (st == DYAD_OK) {
            dyad__verbs_free(&c);
            break;
        }
        CHECK_EQ_INT(st, DYAD_ENOMEM);
        CHECK(c.verbs == NULL);
    }
    CHECK(n > 5 && n < 1000);
}

int main(void)
{
    RUN(test_load);
    if (loaded) {
        RUN(test_french);
        RUN(test_english);
        RUN(test_lemmas);
    }
    RUN(test_errors);
    if (loaded)
        RUN(test_oom);
    dyad__verbs_free(&ctx);
    return CHECK_DONE();
}

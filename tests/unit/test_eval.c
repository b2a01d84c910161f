/* test_eval.c -- scoring (contract section 6) on hand-built gold items and
 * predictions. */
#include "check.h"
#include "ctx.h"

#include <jansson.h>
#include <math.h>

typedef struct {
    dyad_ctx ctx;
    dyad_doc doc;
    dyad_event ev[32];
    dyad_article art;
    dyad_gold_event gold[32];
} item;

static void item_init(item *it, const char *id, const char *lang)
{
    memset(it, 0, sizeof *it);
    dyad__mem_init(&it->ctx.mem, NULL);
    it->doc.ctx = &it->ctx;
    it->doc.id = id;
    it->doc.lang = DYAD_LANG_OTHER;
    it->doc.events = it->ev;
    dyad_article_init(&it->art, id, "Some text.", 10);
    it->art.lang = lang;
    it->art.gold = it->gold;
    it->art.has_gold = true;
}

static void gold(item *it, const char *src, const char *code, const char *tgt, const char *date)
{
    it->gold[it->art.gold_count++] = (dyad_gold_event){src, tgt, code, date};
}

static void pred(item *it, const char *src, const char *code, const char *tgt, const char *date)
{
    dyad_event *e = &it->ev[it->doc.n_events++];
    e->source.code = src;
    e->target.code = tgt;
    e->code = code;
    if (date) {
        int y = 0, m = 0, d = 0;
        int n = sscanf(date, "%d-%d-%d", &y, &m, &d);
        e->date = (dyad_date){.year = (int16_t)y, .month = (int8_t)m, .day = (int8_t)d,
                              .precision = (uint8_t)(n == 3   ? DYAD_PREC_DAY
                                                     : n == 2 ? DYAD_PREC_MONTH
                                                              : DYAD_PREC_YEAR)};
    }
}

/* Scores the items in a fresh evaluator. */
static void score(item *items, int n, dyad_eval_report *r)
{
    dyad_eval *ev = NULL;
    CHECK_EQ_INT(dyad_eval_new(&ev), DYAD_OK);
    for (int i = 0; i < n; i++)
        CHECK_EQ_INT(dyad_eval_add(ev, &items[i].art, &items[i].doc), DYAD_OK);
    dyad_eval_get(ev, r);
    dyad_eval_free(ev);
}

#define NEAR(a, b) CHECK(fabs((a) - (b)) < 1e-9)

static void test_root_vs_full(void)
{
    item it;
    item_init(&it, "a", "fr");
    gold(&it, "RUSMIL", "042", "PRK", NULL);
    gold(&it, "KORGOV", "112", "PRK", NULL);
    pred(&it, "RUSGOV", "043", "PRKGOV", NULL); /* root match only */
    pred(&it, "KORGOV", "112", "PRK", NULL);    /* full match */
    pred(&it, "USA", "112", "PRK", NULL);       /* wrong source */
    pred(&it, "KORGOV", "112", "PRK", NULL);    /* duplicate: counted once */
    dyad_eval_report r;
    score(&it, 1, &r);
    CHECK_EQ_INT(r.root.items, 1);
    CHECK_EQ_INT(r.root.gold, 2);
    CHECK_EQ_INT(r.root.predicted, 3);
    CHECK_EQ_INT(r.root.matched, 2);
    CHECK_EQ_INT(r.full.matched, 1);
    NEAR(r.root.precision, 2.0 / 3);
    NEAR(r.root.recall, 1.0);
    NEAR(r.root.f1, 0.8);
    NEAR(r.full.precision, 1.0 / 3);
    NEAR(r.full.recall, 0.5);
    NEAR(r.full.f1, 0.4);
}

static void test_null_sides(void)
{
    item it;
    item_init(&it, "b", "en");
    gold(&it, NULL, "010", NULL, NULL);    /* both sides free */
    gold(&it, "USAGOV", "020", NULL, NULL); /* target free */
    gold(&it, "FRAGOV", "036", "DEU", NULL);
    pred(&it, "CHN", "013", NULL, NULL);        /* matches the first (null target ok) */
    pred(&it, "USAGOV", "020", "IGOUNO", NULL); /* matches the second, full too */
    pred(&it, "FRAGOV", "036", NULL, NULL);     /* null target vs gold DEU: no match */
    dyad_eval_report r;
    score(&it, 1, &r);
    CHECK_EQ_INT(r.root.matched, 2);
    CHECK_EQ_INT(r.full.matched, 1); /* 010 != 013 at full level */
    CHECK_EQ_INT(r.root_by_lang[1].items, 1);
    CHECK_EQ_INT(r.root_by_lang[0].items, 0);
}

/* Greedy matching in order would give gold 1 the only prediction gold 2 can
 * take; the maximum matching matches both. */
static void test_maximum_matching(void)
{
    item it;
    item_init(&it, "c", "fr");
    gold(&it, "RUS", "04", NULL, NULL);
    gold(&it, "RUSGOV", "042", "PRK", NULL);
    pred(&it, "RUSGOV", "042", "PRK", NULL); /* fits both golds at root level */
    pred(&it, "RUS", "040", "UKR", NULL);    /* fits only the first */
    dyad_eval_report r;
    score(&it, 1, &r);
    CHECK_EQ_INT(r.root.matched, 2);
    CHECK_EQ_INT(r.full.matched, 1);

    /* and one prediction never matches two golds */
    item_init(&it, "d", "fr");
    gold(&it, "RUS", "042", "PRK", NULL);
    gold(&it, "RUS", "042", "PRK", NULL);
    pred(&it, "RUS", "042", "PRK", NULL);
    score(&it, 1, &r);
    CHECK_EQ_INT(r.root.matched, 1);
    NEAR(r.root.precision, 1.0);
    NEAR(r.root.recall, 0.5);
}

static void test_empty_gold(void)
{
    item it[2];
    item_init(&it[0], "e", "fr");
    pred(&it[0], "FRA", "190", "DEU", NULL);
    pred(&it[0], "DEU", "190", "FRA", NULL);
    item_init(&it[1], "f", "fr"); /* empty gold, no prediction: nothing counted */
    dyad_eval_report r;
    score(it, 2, &r);
    CHECK_EQ_INT(r.root.items, 2);
    CHECK_EQ_INT(r.root.gold, 0);
    CHECK_EQ_INT(r.root.predicted, 2);
    CHECK_EQ_INT(r.root.matched, 0);
    NEAR(r.root.precision, 0.0);
    NEAR(r.root.f1, 0.0);
}

static void test_dates(void)
{
    item it;
    item_init(&it, "g", "fr");
    gold(&it, "RUS", "042", "PRK", "2024-11-29");
    gold(&it, "RUS", "057", "PRK", "2024-06");
    gold(&it, "PRK", "057", "RUS", "2024");
    gold(&it, "KOR", "112", "PRK", "2024-11-28");
    gold(&it, "USA", "112", "PRK", NULL);       /* no date: not counted */
    gold(&it, "JPN", "112", "PRK", "2024-11-29"); /* not matched: not counted */
    pred(&it, "RUS", "042", "PRK", "2024-11-29"); /* agrees */
    pred(&it, "RUS", "057", "PRK", "2024-06-19"); /* agrees to month precision */
    pred(&it, "RUS", "057", "PRK", "2024-07");    /* duplicate: the first keeps its date */
    pred(&it, "PRK", "057", "RUS", NULL);         /* no date: disagrees */
    pred(&it, "KOR", "112", "PRK", "2024-11");    /* less precise than gold: disagrees */
    pred(&it, "USA", "112", "PRK", "2024-11-29");
    dyad_eval_report r;
    score(&it, 1, &r);
    CHECK_EQ_INT(r.root.matched, 5);
    CHECK_EQ_INT(r.dated, 4);
    CHECK_EQ_INT(r.dated_correct, 2);
    NEAR(r.date_accuracy, 0.5);

    /* Two root matchings of the same size: the one pairing exact events is
     * kept, so the dated gold event is compared with its own prediction. */
    item_init(&it, "h", "fr");
    gold(&it, "UKRMIL", "192", "RUS", NULL);
    gold(&it, "UKRMIL", "190", "RUS", "2024-08-06");
    pred(&it, "UKRMIL", "192", "RUS", NULL);
    pred(&it, "UKRMIL", "190", "RUS", "2024-08-06");
    score(&it, 1, &r);
    CHECK_EQ_INT(r.root.matched, 2);
    CHECK_EQ_INT(r.dated, 1);
    CHECK_EQ_INT(r.dated_correct, 1);
}

static void test_languages(void)
{
    item it[3];
    item_init(&it[0], "fr1", "fr");
    gold(&it[0], "FRA", "042", "DEU", NULL);
    pred(&it[0], "FRA", "042", "DEU", NULL);
    item_init(&it[1], "en1", "en");
    gold(&it[1], "USA", "042", "DEU", NULL);
    pred(&it[1], "USA", "190", "DEU", NULL);
    item_init(&it[2], "en2", NULL); /* no article lang: the doc's */
    it[2].doc.lang = DYAD_LANG_EN;
    gold(&it[2], "GBR", "042", "DEU", NULL);
    dyad_eval_report r;
    score(it, 3, &r);
    CHECK_EQ_INT(r.root_by_lang[0].items, 1);
    CHECK_EQ_INT(r.root_by_lang[1].items, 2);
    NEAR(r.root_by_lang[0].f1, 1.0);
    CHECK_EQ_INT(r.root_by_lang[1].gold, 2);
    CHECK_EQ_INT(r.root_by_lang[1].matched, 0);
    NEAR(r.root_by_lang[1].f1, 0.0);
    CHECK_EQ_INT(r.full_by_lang[0].matched, 1);
    CHECK_EQ_INT(r.root.items, 3);
    NEAR(r.root.precision, 0.5);
    NEAR(r.root.recall, 1.0 / 3);
}

static int collect(void *ud, const char *data, size_t len)
{
    dyad_buf *b = ud;
    dyad__buf_put(b, data, len);
    return 0;
}

static void test_write(void)
{
    item it;
    item_init(&it, "w1", "fr");
    it.art.text = "Le texte\nde l'article.";
    gold(&it, "RUSMIL", "042", "PRK", NULL);
    gold(&it, NULL, "112", "PRK", NULL);
    pred(&it, "RUSGOV", "042", "PRK", NULL);
    pred(&it, "USA", "190", NULL, NULL);
    dyad_eval *ev = NULL;
    CHECK_EQ_INT(dyad_eval_new(&ev), DYAD_OK);
    CHECK_EQ_INT(dyad_eval_add(ev, &it.art, &it.doc), DYAD_OK);
    /* the evaluator copied what it needs */
    memset(&it, 0, sizeof it);
    dyad_mem mem;
    dyad__mem_init(&mem, NULL);
    dyad_buf b;
    dyad__buf_init(&b, &mem);
    CHECK_EQ_INT(dyad_eval_write(ev, DYAD_EVAL_DIFF, collect, &b), DYAD_OK);
    CHECK(b.ptr && strstr(b.ptr, "w1  Le texte de l'article.\n") != NULL);
    CHECK(b.ptr && strstr(b.ptr, "missed: * 112 PRK\n") != NULL);
    CHECK(b.ptr && strstr(b.ptr, "extra:  USA 190 -\n") != NULL);
    CHECK(b.ptr && strstr(b.ptr, "root only: RUSMIL 042 PRK ~ RUSGOV 042 PRK\n") != NULL);
    CHECK(b.ptr && strstr(b.ptr, "score root_f1=0.500 full_f1=0.000 root_p=0.500 root_r=0.500 "
                                 "date_acc=0.000") != NULL);
    dyad__buf_clear(&b);
    CHECK_EQ_INT(dyad_eval_write(ev, 0, collect, &b), DYAD_OK);
    CHECK(b.ptr && strstr(b.ptr, "missed") == NULL);
    dyad__buf_free(&b);
    dyad_eval_free(ev);
}

/* The shared gold files scored against themselves (each gold event given back
 * as a prediction, a null side as no actor) must score 1 everywhere: a check
 * of the scorer on real items, with their null sides and dates. */
static void test_shared_self_score(void)
{
    static const char *const files[] = {"fr-dev.jsonl", "en-cameo-examples.jsonl",
                                        "seed.gold.jsonl"};
    for (size_t fi = 0; fi < sizeof files / sizeof files[0]; fi++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/eval/%s", check_shared_dir(), files[fi]);
        FILE *fp = fopen(path, "r");
        if (!fp) {
            printf("SKIP test_shared_self_score: ../shared not found\n");
            return;
        }
        dyad_eval *ev = NULL;
        CHECK_EQ_INT(dyad_eval_new(&ev), DYAD_OK);
        char line[1 << 16];
        size_t n_items = 0, n_gold = 0;
        while (fgets(line, sizeof line, fp)) {
            json_t *o = json_loads(line, 0, NULL);
            if (!o)
                continue;
            json_t *evs = json_object_get(o, "events");
            item it;
            item_init(&it, json_string_value(json_object_get(o, "id")),
                      json_string_value(json_object_get(o, "lang")));
            size_t i;
            json_t *e;
            json_array_foreach(evs, i, e)
            {
                if (i >= 32)
                    break;
                const char *src = json_string_value(json_object_get(e, "source"));
                const char *tgt = json_string_value(json_object_get(e, "target"));
                const char *code = json_string_value(json_object_get(e, "code"));
                const char *date = json_string_value(json_object_get(e, "date"));
                gold(&it, src, code, tgt, date);
                pred(&it, src, code, tgt, date);
            }
            CHECK_EQ_INT(dyad_eval_add(ev, &it.art, &it.doc), DYAD_OK);
            n_items++;
            n_gold += it.art.gold_count;
            json_decref(o);
        }
        fclose(fp);
        dyad_eval_report r;
        dyad_eval_get(ev, &r);
        CHECK_EQ_INT(r.root.items, n_items);
        CHECK_EQ_INT(r.root.gold, n_gold);
        /* identical gold events in one item reduce to one prediction */
        CHECK_EQ_INT(r.root.matched, r.root.predicted);
        CHECK_EQ_INT(r.full.matched, r.full.predicted);
        NEAR(r.root.precision, 1.0);
        NEAR(r.full.precision, 1.0);
        CHECK(r.root.recall > 0.97);
        if (r.dated)
            NEAR(r.date_accuracy, 1.0);
        printf("%s: %zu items, %zu gold, %zu matched, %zu/%zu dated\n", files[fi], r.root.items,
               r.root.gold, r.root.matched, r.dated_correct, r.dated);
        dyad_eval_free(ev);
    }
}

int main(void)
{
    RUN(test_root_vs_full);
    RUN(test_null_sides);
    RUN(test_maximum_matching);
    RUN(test_empty_gold);
    RUN(test_dates);
    RUN(test_languages);
    RUN(test_write);
    RUN(test_shared_self_score);
    return CHECK_DONE();
}

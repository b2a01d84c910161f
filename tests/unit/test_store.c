/* test_store.c -- the event store (src/store.c): schema, storing an article
 * twice, exact copies, GDELT-style merging of events across articles,
 * near-duplicate stories, batching, read-only and foreign databases.
 *
 * Articles are analysed for their tokens only (DYAD_PARSE_NO_CODE) and
 * given events written here, so these tests do not move when the coder
 * changes; tests/cases/store.sh covers the whole chain. */
#include "check.h"
#include "store.h"

#include <unistd.h>

typedef struct {
    const char *source, *target, *code, *date;
    int mentions;
} ev_spec;

static dyad_date parse_date(const char *s)
{
    dyad_date d = {0};
    if (!s)
        return d;
    d.year = (int16_t)atoi(s);
    d.precision = DYAD_PREC_YEAR;
    if (strlen(s) >= 7) {
        d.month = (int8_t)atoi(s + 5);
        d.precision = DYAD_PREC_MONTH;
    }
    if (strlen(s) >= 10) {
        d.day = (int8_t)atoi(s + 8);
        d.precision = DYAD_PREC_DAY;
    }
    return d;
}

static void actor(dyad_arena *a, dyad_actor_ref *r, const char *code)
{
    if (!code)
        return;
    r->code = code;
    r->country = dyad__arena_strndup(a, code, 3);
    r->role = strlen(code) >= 6 ? dyad__arena_strndup(a, code + 3, 3) : NULL;
    r->text = code;
    r->start = 0;
    r->end = 3;
}

/* An analysed article (tokens only) with the given events. */
static dyad_doc *make_doc(dyad_worker *w, const char *id, const char *source, const char *date,
                          const char *text, const ev_spec *evs, size_t n)
{
    dyad_article a;
    dyad_article_init(&a, id, text, strlen(text));
    a.source = source;
    a.lang = "en";
    a.date = parse_date(date);
    dyad_doc *doc = NULL;
    dyad_error err = {0};
    if (dyad_doc_parse(&doc, w, &a, DYAD_PARSE_NO_CODE, &err) != DYAD_OK)
        return NULL;
    doc->events = dyad__arena_calloc(&doc->arena, n ? n : 1, sizeof *doc->events);
    doc->n_events = n;
    for (size_t i = 0; i < n; i++) {
        dyad_event *e = &doc->events[i];
        e->event_id = dyad__arena_printf(&doc->arena, "%s-%zu", id, i + 1);
        e->date = parse_date(evs[i].date ? evs[i].date : date);
        actor(&doc->arena, &e->source, evs[i].source);
        actor(&doc->arena, &e->target, evs[i].target);
        e->code = evs[i].code;
        memcpy(e->root, evs[i].code, 2);
        int root = atoi(e->root);
        e->quad_class = root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
        e->goldstein = root <= 5 ? 3.0 : -5.0;
        e->trigger_text = "did";
        e->mentions = evs[i].mentions ? evs[i].mentions : 1;
        e->sentence = "A sentence.";
        e->lang = "en";
    }
    return doc;
}

static long long scalar(dyad_store *st, const char *sql)
{
    sqlite3_stmt *s = NULL;
    long long v = -1;
    if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        v = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return v;
}

static char tmpdir[64];
static dyad_ctx *ctx;
static dyad_worker *w;

static void path(char *out, size_t cap, const char *name)
{
    snprintf(out, cap, "%s/%s", tmpdir, name);
}

/* Stores doc (freed here); returns whether it was added. */
static bool add(dyad_store *st, dyad_doc *doc)
{
    bool added = false;
    dyad_error err = {0};
    CHECK(doc != NULL);
    if (!doc)
        return false;
    dyad_status s = dyad_store_add(st, doc, &added, &err);
    if (s != DYAD_OK)
        fprintf(stderr, "store_add: %s\n", err.msg);
    CHECK_EQ_INT(s, DYAD_OK);
    dyad_doc_free(doc);
    return added;
}

static const char story[] =
    "Russian President Vladimir Putin arrived in Pyongyang on Wednesday for talks with North "
    "Korean leader Kim Jong Un, his first visit to the country in 24 years. The two leaders "
    "signed a comprehensive strategic partnership treaty that includes a mutual defence clause, "
    "state media said. Kim said relations had entered a new era of prosperity, while Putin "
    "thanked North Korea for its support of Russia's policies. Western officials expressed "
    "concern about the growing military cooperation between the two countries.";

static void test_schema_and_twice(void)
{
    char db[128];
    path(db, sizeof db, "twice.db");
    dyad_store *st = NULL;
    dyad_error err = {0};
    CHECK_EQ_INT(dyad_store_open(&st, db, 0, &err), DYAD_OK);
    if (!st)
        return;
    CHECK_EQ_INT(scalar(st, "PRAGMA user_version"), DYAD__STORE_SCHEMA);
    CHECK_EQ_INT(scalar(st, "SELECT count(*) FROM sqlite_master WHERE name = 'events'"), 1);
    CHECK_EQ_INT(scalar(st, "PRAGMA foreign_keys"), 1);
    ev_spec e[] = {{"RUS", "CHN", "057", NULL, 1}, {"CHN", "RUS", "057", NULL, 1}};
    const char *t = "Russia and China signed a trade agreement on Monday.";
    CHECK(add(st, make_doc(w, "a1", "Reuters", "2024-03-04", t, e, 2)));
    CHECK(!add(st, make_doc(w, "a1", "Reuters", "2024-03-04", t, e, 2))); /* same id */
    /* Same words, other id, case and spacing: the same normalised text. */
    CHECK(!add(st, make_doc(w, "a1-copy", "AP", "2024-03-04",
                            "RUSSIA and  China signed a trade agreement on Monday!", e, 2)));
    dyad_store_stats ss;
    CHECK_EQ_INT(dyad_store_get_stats(st, &ss, &err), DYAD_OK);
    CHECK_EQ_INT(ss.articles, 1);
    CHECK_EQ_INT(ss.events, 2);
    CHECK_EQ_INT(ss.mentions, 2);
    CHECK_EQ_INT(ss.added, 1);
    CHECK_EQ_INT(ss.skipped, 2);
    bool found = false;
    CHECK_EQ_INT(dyad_store_has_article(st, "a1", &found, &err), DYAD_OK);
    CHECK(found);
    CHECK_EQ_INT(dyad_store_has_article(st, "nope", &found, &err), DYAD_OK);
    CHECK(!found);
    CHECK_EQ_INT(dyad_store_close(st, &err), DYAD_OK);

    /* Reopened: the rows are there, and adding again changes nothing. */
    CHECK_EQ_INT(dyad_store_open(&st, db, 0, &err), DYAD_OK);
    if (!st)
        return;
    CHECK(!add(st, make_doc(w, "a1", "Reuters", "2024-03-04", t, e, 2)));
    CHECK_EQ_INT(dyad_store_get_stats(st, &ss, &err), DYAD_OK);
    CHECK_EQ_INT(ss.articles, 1);
    CHECK_EQ_INT(ss.events, 2);
    CHECK_EQ_INT(scalar(st, "SELECT sum(num_mentions) FROM events"), 2);
    CHECK_EQ_INT(dyad_store_close(st, &err), DYAD_OK);
}

static void test_merge(void)
{
    char db[128];
    path(db, sizeof db, "merge.db");
    dyad_store *st = NULL;
    dyad_error err = {0};
    CHECK_EQ_INT(dyad_store_open(&st, db, 0, &err), DYAD_OK);
    if (!st)
        return;
    dyad_store_set_batch(st, 1, 0); /* commit every article: same result */
    ev_spec e1[] = {{"RUSGOV", "PRK", "042", NULL, 2}, {"RUS", "PRK", "057", NULL, 1}};
    ev_spec e2[] = {{"RUSGOV", "PRK", "042", NULL, 1}};
    ev_spec e3[] = {{"RUSGOV", "PRK", "042", NULL, 1}, {"RUSGOV", "PRK", "042", "2024-06", 1}};
    CHECK(add(st, make_doc(w, "m1", "Reuters", "2024-06-19",
                           "Putin flew to Pyongyang, where he met Kim.", e1, 2)));
    CHECK(add(st, make_doc(w, "m2", "AP", "2024-06-19",
                           "The Russian leader landed in North Korea for a summit.", e2, 1)));
    /* Same outlet again (another story): a new article, not a new source. */
    CHECK(add(st, make_doc(w, "m3", "reuters", "2024-06-19",
                           "Kim greeted Putin at the airport at dawn.", e3, 2)));
    CHECK_EQ_INT(scalar(st, "SELECT count(*) FROM events"), 3);
    CHECK_EQ_INT(scalar(st, "SELECT num_mentions FROM events WHERE code = '042' AND date = "
                            "'2024-06-19'"),
                 4);
    CHECK_EQ_INT(scalar(st, "SELECT num_sources FROM events WHERE code = '042' AND date = "
                            "'2024-06-19'"),
                 2);
    CHECK_EQ_INT(scalar(st, "SELECT num_articles FROM events WHERE code = '042' AND date = "
                            "'2024-06-19'"),
                 3);
    /* The month-precision event is another row (another date). */
    CHECK_EQ_INT(scalar(st, "SELECT num_articles FROM events WHERE date = '2024-06'"), 1);
    CHECK_EQ_INT(scalar(st, "SELECT sqldate FROM events WHERE date = '2024-06'"), 20240601);
    CHECK_EQ_INT(scalar(st, "SELECT count(*) FROM mentions"), 5);
    CHECK_EQ_INT(scalar(st, "SELECT article FROM events WHERE code = '042' AND date = "
                            "'2024-06-19'"),
                 1); /* the first article keeps the event's text */
    dyad_store_stats ss;
    CHECK_EQ_INT(dyad_store_get_stats(st, &ss, &err), DYAD_OK);
    CHECK_EQ_INT(ss.events_new, 3);
    CHECK_EQ_INT(ss.events_merged, 2);
    CHECK_EQ_INT(dyad_store_close(st, &err), DYAD_OK);
}

static void test_near_duplicates(void)
{
    char db[128];
    path(db, sizeof db, "near.db");
    dyad_store *st = NULL;
    dyad_error err = {0};
    CHECK_EQ_INT(dyad_store_open(&st, db, 0, &err), DYAD_OK);
    if (!st)
        return;
    ev_spec e[] = {{"RUSGOV", "PRK", "042", NULL, 1}};
    /* Three outlets edit the same wire story: a new first line, a word
     * changed, a sentence dropped. */
    char v1[2048], v2[2048], v3[2048];
    snprintf(v1, sizeof v1, "PYONGYANG (AFP) - %s", story);
    snprintf(v2, sizeof v2, "%s Read more on our website.", story);
    snprintf(v3, sizeof v3, "%s", story);
    char *cut = strstr(v3, " Western officials");
    if (cut)
        *cut = '\0';
    char *p = strstr(v3, "arrived");
    if (p)
        memcpy(p, "landed ", 7);
    CHECK(add(st, make_doc(w, "n1", "Le360", "2024-06-19", v1, e, 1)));
    CHECK(add(st, make_doc(w, "n2", "Hespress", "2024-06-19", v2, e, 1)));
    CHECK(add(st, make_doc(w, "n3", "Yabiladi", "2024-06-19", v3, e, 1)));
    /* An unrelated article of the same day and dyad is another story. */
    CHECK(add(st, make_doc(w, "n4", "TASS", "2024-06-19",
                           "Moscow and Pyongyang agreed to open a new road bridge across the "
                           "Tumen river, officials in both capitals announced on Wednesday "
                           "after a ceremony attended by ministers and engineers.",
                           e, 1)));
    CHECK_EQ_INT(scalar(st, "SELECT count(DISTINCT story_id) FROM articles WHERE id IN "
                            "('n1','n2','n3')"),
                 1);
    CHECK_EQ_INT(scalar(st, "SELECT story_id FROM articles WHERE id = 'n3'"), 1);
    CHECK_EQ_INT(scalar(st, "SELECT story_id FROM articles WHERE id = 'n4'"), 4);
    CHECK_EQ_INT(scalar(st, "SELECT num_sources FROM events"), 4);
    CHECK_EQ_INT(scalar(st, "SELECT num_articles FROM events"), 2); /* two stories */
    CHECK_EQ_INT(scalar(st, "SELECT num_mentions FROM events"), 4);
    dyad_store_stats ss;
    CHECK_EQ_INT(dyad_store_get_stats(st, &ss, &err), DYAD_OK);
    CHECK_EQ_INT(ss.near_duplicates, 2);
    CHECK_EQ_INT(ss.stories, 2);
    CHECK_EQ_INT(dyad_store_close(st, &err), DYAD_OK);

    /* Without near-duplicate detection every article is its own story. */
    path(db, sizeof db, "near2.db");
    CHECK_EQ_INT(dyad_store_open(&st, db, DYAD_STORE_NO_NEARDUP, &err), DYAD_OK);
    if (!st)
        return;
    CHECK(add(st, make_doc(w, "n1", "Le360", "2024-06-19", v1, e, 1)));
    CHECK(add(st, make_doc(w, "n2", "Hespress", "2024-06-19", v2, e, 1)));
    CHECK_EQ_INT(scalar(st, "SELECT num_articles FROM events"), 2);
    CHECK_EQ_INT(dyad_store_close(st, &err), DYAD_OK);
}

static void test_bad_databases(void)
{
    char db[128];
    dyad_store *st = NULL;
    dyad_error err = {0};

    /* A text file. */
    path(db, sizeof db, "text.db");
    FILE *f = fopen(db, "w");
    if (f) {
        for (int i = 0; i < 100; i++)
            fputs("this is not a database at all\n", f);
        fclose(f);
    }
    CHECK(dyad_store_open(&st, db, 0, &err) != DYAD_OK);
    CHECK(st == NULL);
    CHECK(strstr(err.msg, "not a database") != NULL);
    CHECK_EQ_STR(err.file, db);

    /* Someone else's SQLite database. */
    path(db, sizeof db, "other.db");
    sqlite3 *h = NULL;
    sqlite3_open(db, &h);
    sqlite3_exec(h, "CREATE TABLE events (x)", NULL, NULL, NULL);
    sqlite3_close(h);
    CHECK_EQ_INT(dyad_store_open(&st, db, 0, &err), DYAD_EDB);
    CHECK(strstr(err.msg, "not a dyad database") != NULL);

    /* A newer schema than this library knows. */
    path(db, sizeof db, "newer.db");
    sqlite3_open(db, &h);
    sqlite3_exec(h, "PRAGMA user_version = 99", NULL, NULL, NULL);
    sqlite3_close(h);
    CHECK_EQ_INT(dyad_store_open(&st, db, 0, &err), DYAD_EDB);
    CHECK(strstr(err.msg, "newer") != NULL);

    /* Read-only: no such file, and no writing. */
    path(db, sizeof db, "missing.db");
    CHECK_EQ_INT(dyad_store_open(&st, db, DYAD_STORE_READONLY, &err), DYAD_EIO);
    CHECK(access(db, F_OK) != 0);
    path(db, sizeof db, "twice.db");
    CHECK_EQ_INT(dyad_store_open(&st, db, DYAD_STORE_READONLY, &err), DYAD_OK);
    if (st) {
        dyad_doc *doc = make_doc(w, "ro", NULL, NULL, "Nothing to see.", NULL, 0);
        CHECK_EQ_INT(dyad_store_add(st, doc, NULL, &err), DYAD_EINVAL);
        dyad_doc_free(doc);
        dyad_store_close(st, NULL);
    }

    /* A directory where the file should be. */
    CHECK(dyad_store_open(&st, tmpdir, 0, &err) != DYAD_OK);
    CHECK_EQ_INT(dyad_store_open(&st, "", 0, &err), DYAD_EINVAL);
    CHECK_EQ_INT(dyad_store_close(NULL, NULL), DYAD_OK);
}

/* The open batch is committed by close, and an article that fails is
 * rolled back alone. */
static void test_batches(void)
{
    char db[128];
    path(db, sizeof db, "batch.db");
    dyad_store *st = NULL;
    dyad_error err = {0};
    CHECK_EQ_INT(dyad_store_open(&st, db, 0, &err), DYAD_OK);
    if (!st)
        return;
    dyad_store_set_batch(st, 1000, 60000);
    char id[32], text[128];
    ev_spec e[] = {{"FRAGOV", "INDGOV", "043", NULL, 1}};
    for (int i = 0; i < 50; i++) {
        snprintf(id, sizeof id, "b%d", i);
        snprintf(text, sizeof text, "Article number %d about a visit.", i);
        CHECK(add(st, make_doc(w, id, "Le Monde", "2024-03-05", text, e, 1)));
    }
    CHECK(st->in_tx);
    /* Another connection sees nothing yet (not committed). */
    sqlite3 *h = NULL;
    sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
    sqlite3_stmt *s = NULL;
    long long n = -1;
    if (sqlite3_prepare_v2(h, "SELECT count(*) FROM articles", -1, &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW)
        n = sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    CHECK_EQ_INT(n, 0);
    CHECK_EQ_INT(dyad_store_close(st, &err), DYAD_OK);
    if (sqlite3_prepare_v2(h, "SELECT count(*), sum(num_articles) FROM articles, events", -1,
                           &s, NULL) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
        CHECK_EQ_INT(sqlite3_column_int64(s, 0), 50);
        CHECK_EQ_INT(sqlite3_column_int64(s, 1), 50 * 50);
    }
    sqlite3_finalize(s);
    sqlite3_close(h);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dyad-test-store.XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    dyad_config cfg = {.data_dir = check_data_dir()};
    dyad_error err = {0};
    if (dyad_ctx_open(&ctx, &cfg, &err) != DYAD_OK || dyad_worker_new(&w, ctx, &err) != DYAD_OK) {
        fprintf(stderr, "cannot open the context: %s\n", err.msg);
        rmdir(tmpdir);
        return 1;
    }
    RUN(test_schema_and_twice);
    RUN(test_merge);
    RUN(test_near_duplicates);
    RUN(test_bad_databases);
    RUN(test_batches);
    dyad_worker_free(w);
    dyad_ctx_close(ctx);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return CHECK_DONE();
}

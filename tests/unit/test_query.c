/* test_query.c -- queries and exports of the event store (src/query.c,
 * src/out_csv.c): every filter, the aggregates, the output formats, the
 * row limit, bad arguments, and values that look like SQL. A small
 * database is built from articles written here with events given by hand
 * (tokens only from the analysis: the coder may change, these must not). */
#include "check.h"
#include "store.h"

#include <unistd.h>

typedef struct {
    const char *source, *target, *code, *date;
    const char *place, *place_country;
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
    r->text = "them, \"quoted\"";
    r->end = 14;
}

static dyad_doc *make_doc(dyad_worker *w, const char *id, const char *text, const ev_spec *evs,
                          size_t n)
{
    dyad_article a;
    dyad_article_init(&a, id, text, strlen(text));
    a.lang = "en";
    a.url = "https://news.example/a";
    a.source = id; /* one outlet per article */
    dyad_doc *doc = NULL;
    if (dyad_doc_parse(&doc, w, &a, DYAD_PARSE_NO_CODE, NULL) != DYAD_OK)
        return NULL;
    doc->events = dyad__arena_calloc(&doc->arena, n, sizeof *doc->events);
    doc->n_events = n;
    for (size_t i = 0; i < n; i++) {
        dyad_event *e = &doc->events[i];
        e->event_id = dyad__arena_printf(&doc->arena, "%s-%zu", id, i + 1);
        e->date = parse_date(evs[i].date);
        actor(&doc->arena, &e->source, evs[i].source);
        actor(&doc->arena, &e->target, evs[i].target);
        e->code = evs[i].code;
        memcpy(e->root, evs[i].code, 2);
        int root = atoi(e->root);
        e->quad_class = root <= 5 ? 1 : root <= 8 ? 2 : root <= 13 ? 3 : 4;
        e->goldstein = root <= 5 ? 4.0 : root <= 13 ? -2.0 : -8.0;
        e->trigger_text = "did";
        e->mentions = 1;
        e->sentence = "One sentence, with a comma.";
        e->sentence_index = 1;
        e->lang = "en";
        if (evs[i].place) {
            dyad_place *p = dyad__arena_calloc(&doc->arena, 1, sizeof *p);
            p->name = evs[i].place;
            p->country = evs[i].place_country;
            p->lat = 39.0339;
            p->lon = 125.7543;
            p->type = 3;
            e->location = p;
        }
    }
    return doc;
}

/* Output captured in memory. */
typedef struct {
    char buf[65536];
    size_t len;
} capture;

static int cap_write(void *ud, const char *data, size_t len)
{
    capture *c = ud;
    if (c->len + len >= sizeof c->buf)
        return -1;
    memcpy(c->buf + c->len, data, len);
    c->len += len;
    c->buf[c->len] = '\0';
    return 0;
}

static size_t lines(const capture *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->len; i++)
        n += c->buf[i] == '\n';
    return n;
}

static dyad_store *st;

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Runs q; returns its status, output in *c. */
static dyad_status run(const dyad_query *q, dyad_out_format fmt, capture *c,
                       dyad_query_result *res)
{
    c->len = 0;
    c->buf[0] = '\0';
    dyad_error err = {0};
    dyad_status s = dyad_store_query(st, q, fmt, cap_write, c, res, &err);
    if (s != DYAD_OK && s != DYAD_EINVAL)
        fprintf(stderr, "query: %s\n", err.msg);
    return s;
}

/* Number of event rows matching q (CSV lines minus the header). */
static long count(const dyad_query *q)
{
    capture c;
    dyad_query_result res;
    if (run(q, DYAD_OUT_CSV, &c, &res) != DYAD_OK)
        return -1;
    CHECK_EQ_INT(res.rows + 1, lines(&c));
    return (long)res.rows;
}

static void build(dyad_worker *w)
{
    /* 2024: Russia and North Korea, month by month; plus others. */
    static const ev_spec a1[] = {{"RUSGOV", "PRKGOV", "036", "2024-01-15", NULL, NULL},
                                 {"PRK", "RUS", "057", "2024-01-20", NULL, NULL}};
    static const ev_spec a2[] = {{"PRK", "RUS", "057", "2024-01-20", NULL, NULL},
                                 {"PRKMIL", "RUSMIL", "0331", "2024-03-02", NULL, NULL}};
    static const ev_spec a3[] = {
        {"RUSGOV", "PRK", "042", "2024-06-19", "Pyongyang", "PRK"},
        {"USAGOV", "PRK", "112", "2024-06-20", NULL, NULL},
        {"KORGOV", "PRK", "1121", "2024-06-21", NULL, NULL}};
    static const ev_spec a4[] = {{"PRKMIL", "KOR", "190", "2024-11-05", NULL, NULL},
                                 {"PRK", NULL, "010", "2024-11", NULL, NULL},
                                 {"UKRMIL", "RUSMIL", "190", "2023-12-30", NULL, NULL},
                                 {"CHNGOV", "RUSGOV", "042", NULL, NULL, NULL}};
    /* A "place" that is SQL: stored and matched as text, nothing else. */
    static const ev_spec a5[] = {
        {"IGOUNO", "PRK", "163", "2024-06-21", "x'); DROP TABLE events; --", "PRK"}};
    struct {
        const char *id, *text;
        const ev_spec *e;
        size_t n;
    } arts[] = {{"q1", "First article about Moscow and Pyongyang.", a1, 2},
                {"q2", "Second article on their talks and aid.", a2, 2},
                {"q3", "Third article on a visit, with accusations.", a3, 3},
                {"q4", "Fourth article, about fighting.", a4, 4},
                {"q5", "Fifth article, the United Nations.", a5, 1}};
    for (size_t i = 0; i < sizeof arts / sizeof arts[0]; i++) {
        dyad_doc *doc = make_doc(w, arts[i].id, arts[i].text, arts[i].e, arts[i].n);
        CHECK(doc != NULL);
        dyad_error err = {0};
        CHECK_EQ_INT(dyad_store_add(st, doc, NULL, &err), DYAD_OK);
        dyad_doc_free(doc);
    }
    dyad_error err = {0};
    CHECK_EQ_INT(dyad_store_commit(st, &err), DYAD_OK);
}

static void test_filters(void)
{
    dyad_query q = {0};
    CHECK_EQ_INT(count(&q), 11); /* q2's 057 merged into q1's */
    q = (dyad_query){.actor = "RUS"};
    CHECK_EQ_INT(count(&q), 6);
    q = (dyad_query){.actor = "rusgov"}; /* prefix, any case */
    CHECK_EQ_INT(count(&q), 3);
    q = (dyad_query){.source = "PRK"};
    CHECK_EQ_INT(count(&q), 4);
    q = (dyad_query){.target = "PRK"};
    CHECK_EQ_INT(count(&q), 5);
    q = (dyad_query){.dyad = {"RUS", "PRK"}};
    CHECK_EQ_INT(count(&q), 4);
    q = (dyad_query){.dyad = {"PRK", "RUS"}}; /* either direction */
    CHECK_EQ_INT(count(&q), 4);
    q = (dyad_query){.code = "11"};
    CHECK_EQ_INT(count(&q), 2);
    q = (dyad_query){.code = "112"};
    CHECK_EQ_INT(count(&q), 2);
    q = (dyad_query){.root = "19"};
    CHECK_EQ_INT(count(&q), 2);
    q = (dyad_query){.root = "4"};
    CHECK_EQ_INT(count(&q), 2);
    q = (dyad_query){.quad = 4};
    CHECK_EQ_INT(count(&q), 3);
    q = (dyad_query){.quad = 3};
    CHECK_EQ_INT(count(&q), 2);
    q = (dyad_query){.from = "2024-01-01", .to = "2024-12-31"};
    CHECK_EQ_INT(count(&q), 9); /* not 2023, not undated */
    q = (dyad_query){.from = "2024-06", .to = "2024-06"};
    CHECK_EQ_INT(count(&q), 4);
    q = (dyad_query){.from = "2024-11"}; /* "2024-11" counts from its first day */
    CHECK_EQ_INT(count(&q), 2);
    q = (dyad_query){.to = "2023"};
    CHECK_EQ_INT(count(&q), 1);
    q = (dyad_query){.place = "pyongyang"};
    CHECK_EQ_INT(count(&q), 1);
    q = (dyad_query){.country = "PRK"};
    CHECK_EQ_INT(count(&q), 2);
    q = (dyad_query){.place = "x'); DROP TABLE events; --"};
    CHECK_EQ_INT(count(&q), 1);
    q = (dyad_query){.place = "' OR 1=1 --"};
    CHECK_EQ_INT(count(&q), 0);
    q = (dyad_query){.dyad = {"RUS", "PRK"}, .quad = 1, .from = "2024-03-01"};
    CHECK_EQ_INT(count(&q), 2);
    q = (dyad_query){0};
    CHECK_EQ_INT(count(&q), 11); /* the table is still there */
}

static void test_limit(void)
{
    capture c;
    dyad_query_result res;
    dyad_query q = {.limit = 3};
    CHECK_EQ_INT(run(&q, DYAD_OUT_JSON, &c, &res), DYAD_OK);
    CHECK_EQ_INT(res.rows, 3);
    CHECK(res.truncated);
    CHECK_EQ_INT(lines(&c), 3);
    q.limit = 11;
    CHECK_EQ_INT(run(&q, DYAD_OUT_JSON, &c, &res), DYAD_OK);
    CHECK(!res.truncated);
    q.limit = SIZE_MAX;
    CHECK_EQ_INT(run(&q, DYAD_OUT_JSON, &c, &res), DYAD_OK);
    CHECK_EQ_INT(res.rows, 11);
}

static void test_formats(void)
{
    capture c;
    dyad_query_result res;
    dyad_query q = {.dyad = {"RUS", "PRK"}, .code = "057"};
    /* JSON Lines: the contract's fields, then the store's counts. */
    CHECK_EQ_INT(run(&q, DYAD_OUT_JSON, &c, &res), DYAD_OK);
    CHECK_EQ_INT(lines(&c), 1);
    CHECK(strncmp(c.buf, "{\"article_id\":\"q1\",\"event_id\":\"q1-2\",\"date\":\"2024-01-20\"",
                  55) == 0);
    CHECK(strstr(c.buf, ",\"num_mentions\":2,\"num_sources\":2,\"num_articles\":2}\n") != NULL);
    CHECK(strstr(c.buf, "\"text\":\"them, \\\"quoted\\\"\"") != NULL);

    /* GDELT: 61 columns, the counts in 32-34, the first article's url. */
    CHECK_EQ_INT(run(&q, DYAD_OUT_GDELT, &c, &res), DYAD_OK);
    int tabs = 0;
    for (size_t i = 0; i < c.len; i++)
        tabs += c.buf[i] == '\t';
    CHECK_EQ_INT(tabs, 60);
    char *col = c.buf;
    for (int i = 1; i < 32 && col; i++)
        col = strchr(col, '\t') ? strchr(col, '\t') + 1 : NULL;
    CHECK(col && strncmp(col, "2\t2\t2\t0\t", 8) == 0);
    CHECK(strstr(c.buf, "\thttps://news.example/a\n") != NULL);
    CHECK(strncmp(c.buf + strcspn(c.buf, "\t"), "\t20240120\t202401\t2024\t", 22) == 0);

    /* CSV: the header, then quoted fields where needed. */
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_OK);
    CHECK_EQ_INT(lines(&c), 2);
    CHECK(strncmp(c.buf, "article_id,event_id,date,date_precision,source_code,", 52) == 0);
    CHECK(strstr(c.buf, ",num_mentions,num_sources,num_articles\n") != NULL);
    CHECK(strstr(c.buf, "\nq1,q1-2,2024-01-20,day,PRK,PRK,,\"them, \"\"quoted\"\"\",0,14,RUS,")
          != NULL);
    CHECK(strstr(c.buf, ",\"One sentence, with a comma.\",en,2,2,2\n") != NULL);

    /* Table: a header and aligned columns. */
    q = (dyad_query){.actor = "IGO"};
    CHECK_EQ_INT(run(&q, DYAD_OUT_TABLE, &c, &res), DYAD_OK);
    CHECK_EQ_INT(lines(&c), 2);
    CHECK(strncmp(c.buf, "date        source  code  target", 32) == 0);
    CHECK(strstr(c.buf, "2024-06-21  IGOUNO  163   PRK") != NULL);
    CHECK(strstr(c.buf, "x'); DROP TABLE events; --") != NULL);
}

static void test_aggregates(void)
{
    capture c;
    dyad_query_result res;
    /* The question of the brief: Russia and North Korea, month by month. */
    dyad_query q = {.dyad = {"RUS", "PRK"}, .from = "2024-01-01", .to = "2024-12-31",
                    .by = DYAD_BY_MONTH};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_OK);
    CHECK(starts(c.buf, "month,events,mentions,goldstein,q1,q2,q3,q4,q1_goldstein,q2_goldstein,"
                        "q3_goldstein,q4_goldstein\n"));
    CHECK(strstr(c.buf, "\n2024-01,2,3,4,2,0,0,0,4,,,\n") != NULL);
    CHECK(strstr(c.buf, "\n2024-03,1,1,4,1,0,0,0,4,,,\n") != NULL);
    CHECK(strstr(c.buf, "\n2024-06,1,1,4,1,0,0,0,4,,,\n") != NULL);
    CHECK_EQ_INT(res.rows, 3);

    q = (dyad_query){.actor = "PRK", .by = DYAD_BY_YEAR};
    CHECK_EQ_INT(run(&q, DYAD_OUT_JSON, &c, &res), DYAD_OK);
    CHECK_EQ_STR(c.buf, "{\"year\":\"2024\",\"events\":9,\"mentions\":10,\"goldstein\":0,"
                        "\"q1\":5,\"q2\":0,\"q3\":2,\"q4\":2,\"q1_goldstein\":4,"
                        "\"q2_goldstein\":null,\"q3_goldstein\":-2,\"q4_goldstein\":-8}\n");

    /* Weeks start on Monday: 2024-01-15 and 2024-01-20 are one week. */
    q = (dyad_query){.dyad = {"RUS", "PRK"}, .by = DYAD_BY_WEEK};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_OK);
    CHECK(strstr(c.buf, "\n2024-01-15,2,") != NULL);
    CHECK(strstr(c.buf, "\n2024-02-26,1,") != NULL); /* Saturday 2 March */

    q = (dyad_query){.dyad = {"RUS", "PRK"}, .by = DYAD_BY_DAY};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_OK);
    CHECK_EQ_INT(res.rows, 4);

    q = (dyad_query){.top = DYAD_TOP_DYADS, .limit = 2};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_OK);
    CHECK_EQ_INT(res.rows, 2);
    CHECK(res.truncated);
    CHECK(starts(c.buf, "source,target,events,mentions,goldstein\nPRK,RUS,1,2,4\n"));

    q = (dyad_query){.top = DYAD_TOP_ACTORS};
    CHECK_EQ_INT(run(&q, DYAD_OUT_TABLE, &c, &res), DYAD_OK);
    CHECK(starts(c.buf, "actor   events  mentions  goldstein\nPRK          6         7          0\n"));

    q = (dyad_query){.top = DYAD_TOP_CODES, .root = "11"};
    CHECK_EQ_INT(run(&q, DYAD_OUT_JSON, &c, &res), DYAD_OK);
    CHECK_EQ_INT(res.rows, 2);
    CHECK(strstr(c.buf, "{\"code\":\"112\",\"root\":\"11\",\"quad\":3,\"events\":1,") != NULL);
}

static void test_bad(void)
{
    capture c;
    dyad_query_result res;
    dyad_query q = {.actor = "R*"};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_EINVAL);
    q = (dyad_query){.actor = "RUS' OR '1'='1"};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_EINVAL);
    q = (dyad_query){.code = "04a"};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_EINVAL);
    q = (dyad_query){.root = "21"};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_EINVAL);
    q = (dyad_query){.quad = 5};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_EINVAL);
    q = (dyad_query){.from = "2024-13"};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_EINVAL);
    q = (dyad_query){.to = "24"};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_EINVAL);
    q = (dyad_query){.dyad = {"RUS", NULL}};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_EINVAL);
    q = (dyad_query){.by = DYAD_BY_MONTH, .top = DYAD_TOP_CODES};
    CHECK_EQ_INT(run(&q, DYAD_OUT_CSV, &c, &res), DYAD_EINVAL);
    q = (dyad_query){.by = DYAD_BY_MONTH};
    CHECK_EQ_INT(run(&q, DYAD_OUT_GDELT, &c, &res), DYAD_EINVAL);
    CHECK_EQ_INT(c.len, 0);
}

int main(void)
{
    char dir[64] = "/tmp/dyad-test-query.XXXXXX", db[128];
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(db, sizeof db, "%s/q.db", dir);
    dyad_config cfg = {.data_dir = check_data_dir()};
    dyad_error err = {0};
    dyad_ctx *ctx = NULL;
    dyad_worker *w = NULL;
    if (dyad_ctx_open(&ctx, &cfg, &err) != DYAD_OK || dyad_worker_new(&w, ctx, &err) != DYAD_OK ||
        dyad_store_open(&st, db, 0, &err) != DYAD_OK) {
        fprintf(stderr, "setup: %s\n", err.msg);
        unlink(db);
        rmdir(dir);
        return 1;
    }
    build(w);
    RUN(test_filters);
    RUN(test_limit);
    RUN(test_formats);
    RUN(test_aggregates);
    RUN(test_bad);
    CHECK_EQ_INT(dyad_store_close(st, &err), DYAD_OK);
    /* Read-only, the same answers. */
    CHECK_EQ_INT(dyad_store_open(&st, db, DYAD_STORE_READONLY, &err), DYAD_OK);
    if (st) {
        RUN(test_filters);
        dyad_store_close(st, NULL);
    }
    dyad_worker_free(w);
    dyad_ctx_close(ctx);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    return CHECK_DONE();
}

/* webapi.c -- the JSON API of `dyad serve` (docs/serve.md): the filters and
 * aggregates of `dyad query` over HTTP, plus what a page needs: event pages
 * with their article and highlight offsets, one event with every article
 * that reported it, a network of actors and map points.
 *
 * Everything reads; the connection is read-only and `query_only` (http.c).
 * Filter values are checked as query.c checks them and always bound as
 * parameters: the SQL text is made of constant fragments only. Timelines
 * and top lists are dyad_store_query itself, so they are `dyad query`'s
 * rows exactly. */
#include "http.h"
#include "store.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ arguments */

typedef struct {
    const char *const *keys, *const *vals;
    size_t n;
    bool *used;
} args;

static const char *arg(const args *a, const char *key)
{
    for (size_t i = 0; i < a->n; i++)
        if (strcmp(a->keys[i], key) == 0) {
            a->used[i] = true;
            return a->vals[i];
        }
    return NULL;
}

/* An unsigned integer argument in [lo, hi]; absent: def. */
static bool arg_uint(const args *a, const char *key, long lo, long hi, long def, long *out,
                     dyad_http_reply *r)
{
    const char *v = arg(a, key);
    *out = def;
    if (!v)
        return true;
    char msg[160];
    size_t n = strlen(v);
    bool ok = n > 0 && n <= 9;
    for (size_t i = 0; ok && i < n; i++)
        ok = v[i] >= '0' && v[i] <= '9';
    if (ok)
        *out = atol(v);
    if (!ok || *out < lo || *out > hi) {
        snprintf(msg, sizeof msg, "bad %s '%.40s' (an integer from %ld to %ld)", key, v, lo, hi);
        dyad__api_error(r, 400, msg);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------- filters */

enum { MAX_PARAMS = 24 };

typedef struct {
    dyad_buf sql;
    struct {
        bool is_int;
        long long i;
        char s[DYAD_API_MAX_VALUE + 8];
    } p[MAX_PARAMS];
    int n;
    char dyad_buf_[2][40]; /* the two codes of dyad=A,B */
    dyad_query q;          /* the same filters, for dyad_store_query */
    char root[4];
    /* Listings: "+" keeps actor codes off their indexes, so that SQLite
     * walks the date index in the requested order and stops at the page's
     * end. Measured on a million events: 0.08 s instead of 1.6 s for a
     * busy dyad (the index plan fetches and sorts every match); a rare
     * dyad costs a full scan (about 1 s), bounded by --max-ms. */
    bool by_date;
} builder;

static void push_text(builder *b, const char *s)
{
    if (b->n < MAX_PARAMS) {
        b->p[b->n].is_int = false;
        snprintf(b->p[b->n].s, sizeof b->p[0].s, "%s", s);
        b->n++;
    }
}

static void push_int(builder *b, long long v)
{
    if (b->n < MAX_PARAMS) {
        b->p[b->n].is_int = true;
        b->p[b->n].i = v;
        b->n++;
    }
}

/* Reads the filter arguments into b->q (checking them) and appends the
 * matching " AND ..." conditions to b->sql. On a bad value answers 400. */
static bool filters(const args *a, builder *b, dyad_http_reply *r)
{
    char g[40], g2[40], msg[200];
    dyad_query *q = &b->q;
    memset(q, 0, sizeof *q);
    q->actor = arg(a, "actor");
    q->source = arg(a, "source");
    q->target = arg(a, "target");
    q->code = arg(a, "code");
    q->root = arg(a, "root");
    q->country = arg(a, "country");
    q->place = arg(a, "place");
    q->from = arg(a, "from");
    q->to = arg(a, "to");
    const char *dy = arg(a, "dyad");
    long quad;
    if (!arg_uint(a, "quad", 0, 4, 0, &quad, r))
        return false;
    q->quad = (int)quad;
    if (q->actor) {
        if (!dyad__code_glob(q->actor, false, g))
            goto bad_actor;
        dyad__buf_puts(&b->sql, b->by_date ? " AND (+e.source_code GLOB ? OR +e.target_code GLOB ?)"
                                          : " AND (e.source_code GLOB ? OR e.target_code GLOB ?)");
        push_text(b, g);
        push_text(b, g);
    }
    if (q->source) {
        if (!dyad__code_glob(q->source, false, g))
            goto bad_actor;
        dyad__buf_puts(&b->sql, b->by_date ? " AND +e.source_code GLOB ?" : " AND e.source_code GLOB ?");
        push_text(b, g);
    }
    if (q->target) {
        if (!dyad__code_glob(q->target, false, g))
            goto bad_actor;
        dyad__buf_puts(&b->sql, b->by_date ? " AND +e.target_code GLOB ?" : " AND e.target_code GLOB ?");
        push_text(b, g);
    }
    if (dy) {
        const char *comma = strchr(dy, ',');
        size_t n1 = comma ? (size_t)(comma - dy) : 0;
        if (!comma || n1 >= sizeof b->dyad_buf_[0] || strlen(comma + 1) >= sizeof b->dyad_buf_[1])
            goto bad_dyad;
        memcpy(b->dyad_buf_[0], dy, n1);
        b->dyad_buf_[0][n1] = '\0';
        strcpy(b->dyad_buf_[1], comma + 1);
        if (!dyad__code_glob(b->dyad_buf_[0], false, g) || !dyad__code_glob(b->dyad_buf_[1], false, g2))
            goto bad_dyad;
        q->dyad[0] = b->dyad_buf_[0];
        q->dyad[1] = b->dyad_buf_[1];
        dyad__buf_puts(&b->sql, b->by_date
                                    ? " AND ((+e.source_code GLOB ? AND +e.target_code GLOB ?)"
                                      " OR (+e.source_code GLOB ? AND +e.target_code GLOB ?))"
                                    : " AND ((e.source_code GLOB ? AND e.target_code GLOB ?)"
                                      " OR (e.source_code GLOB ? AND e.target_code GLOB ?))");
        push_text(b, g);
        push_text(b, g2);
        push_text(b, g2);
        push_text(b, g);
    }
    if (q->code) {
        if (!dyad__code_glob(q->code, true, g) || strlen(q->code) > 4) {
            dyad__api_error(r, 400, "bad code (CAMEO codes are 2 to 4 digits, matched as prefixes)");
            return false;
        }
        dyad__buf_puts(&b->sql, " AND e.code GLOB ?");
        push_text(b, g);
    }
    if (q->root) {
        size_t n = strlen(q->root);
        if (n < 1 || n > 2 || !dyad__all_digits(q->root, n) || atoi(q->root) < 1 || atoi(q->root) > 20) {
            dyad__api_error(r, 400, "bad root (01 to 20)");
            return false;
        }
        snprintf(b->root, sizeof b->root, "%02d", atoi(q->root));
        dyad__buf_puts(&b->sql, " AND e.root = ?");
        push_text(b, b->root);
    }
    if (q->quad) {
        dyad__buf_puts(&b->sql, " AND e.quad_class = ?");
        push_int(b, q->quad);
    }
    if (q->country) {
        if (!dyad__code_glob(q->country, false, g) || strlen(q->country) != 3) {
            dyad__api_error(r, 400, "bad country (an ISO 3166 alpha-3 code)");
            return false;
        }
        g[3] = '\0';
        dyad__buf_puts(&b->sql, " AND e.location_country = ?");
        push_text(b, g);
    }
    if (q->place) {
        if (!*q->place) {
            dyad__api_error(r, 400, "empty place");
            return false;
        }
        dyad__buf_puts(&b->sql, " AND e.location_name = ? COLLATE NOCASE");
        push_text(b, q->place);
    }
    long long v;
    if (q->from) {
        if (!dyad__date_bound(q->from, false, &v))
            goto bad_date;
        dyad__buf_puts(&b->sql, " AND e.sqldate >= ?");
        push_int(b, v);
    }
    if (q->to) {
        if (!dyad__date_bound(q->to, true, &v))
            goto bad_date;
        dyad__buf_puts(&b->sql, " AND e.sqldate <= ?");
        push_int(b, v);
    }
    return true;
bad_actor:
    dyad__api_error(r, 400, "bad actor code (3 to 30 letters or digits, e.g. RUS, RUSGOV, IGOUNO)");
    return false;
bad_dyad:
    dyad__api_error(r, 400, "a dyad is two actor codes, e.g. dyad=RUS,PRK");
    return false;
bad_date:
    snprintf(msg, sizeof msg, "bad date (YYYY, YYYY-MM or YYYY-MM-DD)");
    dyad__api_error(r, 400, msg);
    return false;
}

/* Every argument must have been read by the endpoint: a typo ("actr=")
 * is an error, not a silently ignored filter. */
static bool all_used(const args *a, dyad_http_reply *r)
{
    for (size_t i = 0; i < a->n; i++)
        if (!a->used[i]) {
            char msg[160];
            snprintf(msg, sizeof msg, "unknown parameter '%.40s'", a->keys[i]);
            dyad__api_error(r, 400, msg);
            return false;
        }
    return true;
}

/* ------------------------------------------------------------- replies */

void dyad__api_error(dyad_http_reply *r, int status, const char *msg)
{
    r->status = status;
    r->ctype = "application/json; charset=utf-8";
    dyad__buf_clear(&r->body);
    dyad__buf_puts(&r->body, "{\"error\":");
    dyad__buf_json_str(&r->body, msg, strlen(msg));
    dyad__buf_printf(&r->body, ",\"status\":%d}\n", status);
}

static void db_error(dyad_store *st, dyad_http_reply *r, int rc)
{
    if ((rc & 0xff) == SQLITE_INTERRUPT)
        dyad__api_error(r, 503, "the query took too long: narrow the filters");
    else if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
        dyad__api_error(r, 503, "the database is busy");
    else {
        char msg[300];
        snprintf(msg, sizeof msg, "database error: %s", sqlite3_errmsg(st->db));
        dyad__api_error(r, 500, msg);
    }
}

static sqlite3_stmt *prepare(dyad_store *st, builder *b, dyad_http_reply *r)
{
    sqlite3_stmt *s = NULL;
    if (b->sql.failed) {
        dyad__api_error(r, 500, "out of memory");
        return NULL;
    }
    int rc = sqlite3_prepare_v2(st->db, b->sql.ptr, -1, &s, NULL);
    if (rc != SQLITE_OK) {
        db_error(st, r, rc);
        return NULL;
    }
    for (int i = 0; i < b->n; i++) {
        if (b->p[i].is_int)
            sqlite3_bind_int64(s, i + 1, b->p[i].i);
        else
            sqlite3_bind_text(s, i + 1, b->p[i].s, -1, SQLITE_STATIC);
    }
    return s;
}

static const char *ctext(sqlite3_stmt *s, int c)
{
    return (const char *)sqlite3_column_text(s, c);
}

static void put_str(dyad_buf *o, const char *v)
{
    if (v)
        dyad__buf_json_str(o, v, strlen(v));
    else
        dyad__buf_puts(o, "null");
}

static void put_col(dyad_buf *o, sqlite3_stmt *s, int c)
{
    switch (sqlite3_column_type(s, c)) {
    case SQLITE_NULL: dyad__buf_puts(o, "null"); break;
    case SQLITE_INTEGER: dyad__buf_printf(o, "%lld", (long long)sqlite3_column_int64(s, c)); break;
    case SQLITE_FLOAT: dyad__buf_num(o, sqlite3_column_double(s, c), 4); break;
    default: put_str(o, ctext(s, c));
    }
}

static void key(dyad_buf *o, bool *first, const char *k)
{
    if (!*first)
        dyad__buf_putc(o, ',');
    *first = false;
    dyad__buf_json_str(o, k, strlen(k));
    dyad__buf_putc(o, ':');
}

/* ------------------------------------------------- highlight offsets */

typedef struct {
    const char *text;     /* the words as stored, NULL if none */
    long long start, end; /* byte offsets in the article */
} span;

/* The store keeps each span's byte offsets in the article and the
 * sentence's text, not where the sentence starts. Find that start: the
 * offset `base` for which the most spans' texts sit at [start - base,
 * end - base) in the sentence (candidates: every occurrence of a span's
 * text). Writes "spans":{"source":[s,e]|null,...}: byte offsets in the
 * sentence, null for a span that is not in it. */
static void put_spans(dyad_buf *o, const char *sent, const span sp[3])
{
    static const char *const names[3] = {"source", "target", "trigger"};
    size_t slen = sent ? strlen(sent) : 0;
    long long best_base = 0;
    int best = 0;
    for (int k = 0; k < 3 && sent; k++) {
        if (!sp[k].text || !*sp[k].text || sp[k].end <= sp[k].start)
            continue;
        size_t tl = strlen(sp[k].text);
        for (const char *p = strstr(sent, sp[k].text); p; p = strstr(p + 1, sp[k].text)) {
            long long base = sp[k].start - (long long)(p - sent);
            int fit = 0;
            for (int j = 0; j < 3; j++) {
                if (!sp[j].text || sp[j].end <= sp[j].start)
                    continue;
                long long s = sp[j].start - base, e = sp[j].end - base;
                size_t jl = strlen(sp[j].text);
                if (s >= 0 && e <= (long long)slen && (size_t)(e - s) == jl &&
                    memcmp(sent + s, sp[j].text, jl) == 0)
                    fit++;
            }
            if (fit > best) {
                best = fit;
                best_base = base;
            }
            (void)tl;
        }
    }
    dyad__buf_puts(o, "\"spans\":{");
    for (int j = 0; j < 3; j++) {
        if (j)
            dyad__buf_putc(o, ',');
        dyad__buf_printf(o, "\"%s\":", names[j]);
        bool ok = false;
        if (best && sp[j].text && sp[j].end > sp[j].start) {
            long long s = sp[j].start - best_base, e = sp[j].end - best_base;
            size_t jl = strlen(sp[j].text);
            ok = s >= 0 && e <= (long long)slen && (size_t)(e - s) == jl &&
                 memcmp(sent + s, sp[j].text, jl) == 0;
            if (ok)
                dyad__buf_printf(o, "[%lld,%lld]", s, e);
        }
        if (!ok)
            dyad__buf_puts(o, "null");
    }
    dyad__buf_putc(o, '}');
}

/* ---------------------------------------------------------- event rows */

static const char event_cols[] =
    "SELECT e.id, e.event_id, e.date, e.source_code, e.source_country, e.source_role,"
    " e.source_text, e.source_start, e.source_end, e.target_code, e.target_country,"
    " e.target_role, e.target_text, e.target_start, e.target_end, e.code, e.root,"
    " e.quad_class, e.goldstein, e.trigger_text, e.trigger_start, e.trigger_end,"
    " e.location_name, e.location_country, e.location_adm1, e.location_lat, e.location_lon,"
    " e.location_geonames_id, e.mentions, e.sentence, e.sentence_index, e.lang,"
    " e.num_mentions, e.num_sources, e.num_articles, e.is_root_event,"
    " a.id, a.title, a.source, a.agencies, a.date, a.url, a.lang, a.story_id, a.text_len,"
    " a.n_events, a.added, e.article"
    " FROM events e JOIN articles a ON a.seq = e.article WHERE 1";
enum {
    E_ID, E_EVENT_ID, E_DATE, E_SRC, E_TGT = E_SRC + 6, E_CODE = E_TGT + 6, E_ROOT, E_QUAD,
    E_GOLD, E_TRIG, E_TRIG_START, E_TRIG_END, E_LOC, E_LOC_COUNTRY, E_LOC_ADM1, E_LAT, E_LON,
    E_GEONAMES, E_MENTIONS, E_SENT, E_SENT_INDEX, E_LANG, E_NUM_MENTIONS, E_NUM_SOURCES,
    E_NUM_ARTICLES, E_ROOT_EVENT, A_ID, A_TITLE, A_SOURCE, A_AGENCIES, A_DATE, A_URL, A_LANG,
    A_STORY, A_TEXT_LEN, A_N_EVENTS, A_ADDED, A_SEQ
};

static void put_actor(dyad_buf *o, sqlite3_stmt *s, int c)
{
    if (sqlite3_column_type(s, c) == SQLITE_NULL && sqlite3_column_type(s, c + 3) == SQLITE_NULL) {
        dyad__buf_puts(o, "null");
        return;
    }
    dyad__buf_puts(o, "{\"code\":");
    put_col(o, s, c);
    dyad__buf_puts(o, ",\"country\":");
    put_col(o, s, c + 1);
    dyad__buf_puts(o, ",\"role\":");
    put_col(o, s, c + 2);
    dyad__buf_puts(o, ",\"text\":");
    put_col(o, s, c + 3);
    dyad__buf_puts(o, ",\"start\":");
    put_col(o, s, c + 4);
    dyad__buf_puts(o, ",\"end\":");
    put_col(o, s, c + 5);
    dyad__buf_putc(o, '}');
}

/* The article columns from `c` on (id, title, source, agencies, date, url,
 * lang, story_id, text_len, n_events, added) as an object. */
static void put_article(dyad_buf *o, sqlite3_stmt *s, int c)
{
    static const char *const names[] = {"id", "title", "source", "agencies", "date", "url",
                                        "lang", "story_id", "text_len", "n_events", "added"};
    dyad__buf_putc(o, '{');
    bool first = true;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        key(o, &first, names[i]);
        put_col(o, s, c + (int)i);
    }
    dyad__buf_putc(o, '}');
}

static void put_event(dyad_buf *o, sqlite3_stmt *s)
{
    bool f = true;
    dyad__buf_putc(o, '{');
    key(o, &f, "id");
    put_col(o, s, E_ID);
    key(o, &f, "event_id");
    put_col(o, s, E_EVENT_ID);
    key(o, &f, "date");
    put_col(o, s, E_DATE);
    key(o, &f, "source");
    put_actor(o, s, E_SRC);
    key(o, &f, "target");
    put_actor(o, s, E_TGT);
    key(o, &f, "code");
    put_col(o, s, E_CODE);
    key(o, &f, "root");
    put_col(o, s, E_ROOT);
    key(o, &f, "quad_class");
    put_col(o, s, E_QUAD);
    key(o, &f, "goldstein");
    put_col(o, s, E_GOLD);
    key(o, &f, "trigger");
    dyad__buf_puts(o, "{\"text\":");
    put_col(o, s, E_TRIG);
    dyad__buf_puts(o, ",\"start\":");
    put_col(o, s, E_TRIG_START);
    dyad__buf_puts(o, ",\"end\":");
    put_col(o, s, E_TRIG_END);
    dyad__buf_putc(o, '}');
    key(o, &f, "location");
    if (sqlite3_column_type(s, E_LOC) == SQLITE_NULL) {
        dyad__buf_puts(o, "null");
    } else {
        static const char *const ln[] = {"name", "country", "adm1", "lat", "lon", "geonames_id"};
        bool g = true;
        dyad__buf_putc(o, '{');
        for (int i = 0; i < 6; i++) {
            key(o, &g, ln[i]);
            put_col(o, s, E_LOC + i);
        }
        dyad__buf_putc(o, '}');
    }
    static const struct { const char *k; int c; } plain[] = {
        {"mentions", E_MENTIONS}, {"sentence", E_SENT}, {"sentence_index", E_SENT_INDEX},
        {"lang", E_LANG}, {"num_mentions", E_NUM_MENTIONS}, {"num_sources", E_NUM_SOURCES},
        {"num_articles", E_NUM_ARTICLES}, {"is_root_event", E_ROOT_EVENT},
    };
    for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++) {
        key(o, &f, plain[i].k);
        put_col(o, s, plain[i].c);
    }
    span sp[3] = {
        {ctext(s, E_SRC + 3), sqlite3_column_int64(s, E_SRC + 4), sqlite3_column_int64(s, E_SRC + 5)},
        {ctext(s, E_TGT + 3), sqlite3_column_int64(s, E_TGT + 4), sqlite3_column_int64(s, E_TGT + 5)},
        {ctext(s, E_TRIG), sqlite3_column_int64(s, E_TRIG_START), sqlite3_column_int64(s, E_TRIG_END)},
    };
    dyad__buf_putc(o, ',');
    put_spans(o, ctext(s, E_SENT), sp);
    key(o, &f, "article");
    put_article(o, s, A_ID);
    dyad__buf_putc(o, '}');
}

static int step_rows(dyad_store *st, dyad_http_reply *r, int rc)
{
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
        db_error(st, r, rc);
        return -1;
    }
    if (r->body.failed) {
        dyad__api_error(r, 500, "out of memory");
        return -1;
    }
    if (r->body.len > DYAD_API_MAX_BODY) {
        dyad__api_error(r, 413, "the answer is too large: narrow the filters or lower limit");
        return -1;
    }
    return 0;
}

static void ok_json(dyad_http_reply *r)
{
    r->status = 200;
    r->ctype = "application/json; charset=utf-8";
}

/* ----------------------------------------------------------- endpoints */

/* GET /api/events?filters&limit&offset&order=new|old */
static void api_events(dyad_store *st, const args *a, builder *b, dyad_http_reply *r)
{
    long limit, offset;
    b->by_date = true;
    dyad__buf_puts(&b->sql, event_cols);
    if (!filters(a, b, r) || !arg_uint(a, "limit", 1, DYAD_API_MAX_EVENTS, 50, &limit, r) ||
        !arg_uint(a, "offset", 0, DYAD_API_MAX_OFFSET, 0, &offset, r))
        return;
    const char *order = arg(a, "order");
    if (order && strcmp(order, "new") != 0 && strcmp(order, "old") != 0) {
        dyad__api_error(r, 400, "bad order (new or old)");
        return;
    }
    if (!all_used(a, r))
        return;
    /* Newest first walks the date index backwards (undated events last);
     * oldest first is `dyad query`'s order (undated last). */
    if (order && strcmp(order, "old") == 0)
        dyad__buf_puts(&b->sql, " ORDER BY e.sqldate IS NULL, e.sqldate, e.id LIMIT ? OFFSET ?");
    else
        dyad__buf_puts(&b->sql, " ORDER BY e.sqldate DESC, e.id DESC LIMIT ? OFFSET ?");
    push_int(b, limit + 1);
    push_int(b, offset);
    sqlite3_stmt *s = prepare(st, b, r);
    if (!s)
        return;
    dyad_buf *o = &r->body;
    dyad__buf_puts(o, "{\"events\":[");
    long n = 0;
    bool more = false;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (n == limit) {
            more = true;
            break;
        }
        if (n++)
            dyad__buf_putc(o, ',');
        put_event(o, s);
    }
    if (step_rows(st, r, rc) == 0) {
        dyad__buf_printf(o, "],\"offset\":%ld,\"limit\":%ld,\"count\":%ld,\"has_more\":%s", offset,
                         limit, n, more ? "true" : "false");
        if (more)
            dyad__buf_printf(o, ",\"next_offset\":%ld", offset + n);
        dyad__buf_puts(o, "}\n");
        ok_json(r);
    }
    sqlite3_finalize(s);
}

/* GET /api/events/ID: the event, its article, and every article that
 * reported it (the mentions, with their own sentence and offsets). */
static void api_event(dyad_store *st, const char *id, const args *a, builder *b,
                      dyad_http_reply *r)
{
    size_t n = strlen(id);
    if (n == 0 || n > 15 || !dyad__all_digits(id, n)) {
        dyad__api_error(r, 404, "no such event (an event id is a number)");
        return;
    }
    if (!all_used(a, r))
        return;
    dyad__buf_puts(&b->sql, event_cols);
    dyad__buf_puts(&b->sql, " AND e.id = ?");
    push_int(b, atoll(id));
    sqlite3_stmt *s = prepare(st, b, r);
    if (!s)
        return;
    int rc = sqlite3_step(s);
    if (rc == SQLITE_DONE) {
        dyad__api_error(r, 404, "no such event");
        sqlite3_finalize(s);
        return;
    }
    if (rc != SQLITE_ROW) {
        db_error(st, r, rc);
        sqlite3_finalize(s);
        return;
    }
    dyad_buf *o = &r->body;
    dyad__buf_puts(o, "{\"event\":");
    put_event(o, s);
    span base[3] = {
        {ctext(s, E_SRC + 3), 0, 0}, {ctext(s, E_TGT + 3), 0, 0}, {ctext(s, E_TRIG), 0, 0}};
    /* The texts are the first article's; copied, the statement moves on. */
    char *texts[3];
    for (int i = 0; i < 3; i++) {
        texts[i] = base[i].text ? dyad__strdup(&st->mem, base[i].text) : NULL;
        base[i].text = texts[i];
    }
    sqlite3_finalize(s);

    sqlite3_stmt *m = NULL;
    rc = sqlite3_prepare_v2(
        st->db,
        "SELECT m.event_id, m.mentions, m.sentence_index, m.sentence, m.source_start,"
        " m.source_end, m.target_start, m.target_end, m.trigger_start, m.trigger_end,"
        " a.id, a.title, a.source, a.agencies, a.date, a.url, a.lang, a.story_id, a.text_len,"
        " a.n_events, a.added"
        " FROM mentions m JOIN articles a ON a.seq = m.article WHERE m.event = ?"
        " ORDER BY m.article LIMIT 200",
        -1, &m, NULL);
    if (rc == SQLITE_OK) {
        sqlite3_bind_int64(m, 1, atoll(id));
        dyad__buf_puts(o, ",\"mentions\":[");
        int k = 0;
        while ((rc = sqlite3_step(m)) == SQLITE_ROW) {
            if (k++)
                dyad__buf_putc(o, ',');
            dyad__buf_puts(o, "{\"event_id\":");
            put_col(o, m, 0);
            dyad__buf_puts(o, ",\"mentions\":");
            put_col(o, m, 1);
            dyad__buf_puts(o, ",\"sentence_index\":");
            put_col(o, m, 2);
            dyad__buf_puts(o, ",\"sentence\":");
            put_col(o, m, 3);
            span sp[3];
            for (int i = 0; i < 3; i++) {
                sp[i] = base[i];
                sp[i].start = sqlite3_column_int64(m, 4 + 2 * i);
                sp[i].end = sqlite3_column_int64(m, 5 + 2 * i);
            }
            dyad__buf_putc(o, ',');
            put_spans(o, ctext(m, 3), sp);
            dyad__buf_puts(o, ",\"article\":");
            put_article(o, m, 10);
            dyad__buf_putc(o, '}');
        }
        dyad__buf_puts(o, "]}\n");
    }
    for (int i = 0; i < 3; i++)
        dyad__free(&st->mem, texts[i]);
    if (step_rows(st, r, rc) == 0)
        ok_json(r);
    sqlite3_finalize(m);
}

typedef struct {
    dyad_buf *o;
    size_t rows;
} lines_sink;

/* JSON Lines from dyad_store_query into the items of an array. */
static int collect_lines(void *ud, const char *data, size_t len)
{
    lines_sink *k = ud;
    while (len && (data[len - 1] == '\n' || data[len - 1] == '\r'))
        len--;
    if (!len)
        return 0;
    if (k->rows++)
        dyad__buf_putc(k->o, ',');
    dyad__buf_put(k->o, data, len);
    return k->o->failed || k->o->len > DYAD_API_MAX_BODY ? -1 : 0;
}

static void run_store_query(dyad_store *st, builder *b, const char *head, dyad_http_reply *r)
{
    dyad_buf *o = &r->body;
    dyad__buf_puts(o, head);
    dyad__buf_puts(o, ",\"rows\":[");
    lines_sink k = {.o = o};
    dyad_query_result res;
    dyad_error err = {0};
    dyad_status code = dyad_store_query(st, &b->q, DYAD_OUT_JSON, collect_lines, &k, &res, &err);
    if (code == DYAD_EINVAL) {
        dyad__api_error(r, 400, err.msg);
        return;
    }
    if (code == DYAD_EIO && o->len > DYAD_API_MAX_BODY) {
        dyad__api_error(r, 413, "the answer is too large: narrow the filters");
        return;
    }
    if (code != DYAD_OK) {
        int rc = sqlite3_errcode(st->db);
        if ((rc & 0xff) == SQLITE_INTERRUPT || (rc & 0xff) == SQLITE_BUSY)
            db_error(st, r, rc);
        else
            dyad__api_error(r, 500, err.msg[0] ? err.msg : dyad_strerror(code));
        return;
    }
    dyad__buf_printf(o, "],\"truncated\":%s}\n", res.truncated ? "true" : "false");
    if (o->failed)
        dyad__api_error(r, 500, "out of memory");
    else
        ok_json(r);
}

/* GET /api/timeline?by=day|week|month|year&filters: `dyad query --by`. */
static void api_timeline(dyad_store *st, const args *a, builder *b, dyad_http_reply *r)
{
    const char *by = arg(a, "by");
    static const char *const names[] = {"day", "week", "month", "year"};
    int p = 2;
    if (by) {
        for (p = 0; p < 4 && strcmp(by, names[p]) != 0; p++)
            ;
        if (p == 4) {
            dyad__api_error(r, 400, "bad by (day, week, month or year)");
            return;
        }
    }
    if (!filters(a, b, r) || !all_used(a, r))
        return;
    b->q.by = (dyad_period)(DYAD_BY_DAY + p);
    b->q.limit = DYAD_API_MAX_PERIODS;
    char head[40];
    snprintf(head, sizeof head, "{\"by\":\"%s\"", names[p]);
    run_store_query(st, b, head, r);
}

/* GET /api/top?what=dyads|actors|codes&n=N&filters: `dyad query --top`. */
static void api_top(dyad_store *st, const args *a, builder *b, dyad_http_reply *r)
{
    const char *what = arg(a, "what");
    long n;
    static const char *const names[] = {"dyads", "actors", "codes"};
    int t = 0;
    if (what) {
        for (t = 0; t < 3 && strcmp(what, names[t]) != 0; t++)
            ;
        if (t == 3) {
            dyad__api_error(r, 400, "bad what (dyads, actors or codes)");
            return;
        }
    }
    if (!arg_uint(a, "n", 1, DYAD_API_MAX_TOP, 10, &n, r) || !filters(a, b, r) || !all_used(a, r))
        return;
    b->q.top = (dyad_top)(DYAD_TOP_DYADS + t);
    b->q.limit = (size_t)n;
    char head[40];
    snprintf(head, sizeof head, "{\"what\":\"%s\"", names[t]);
    run_store_query(st, b, head, r);
}

typedef struct {
    const char *id;
    long events;
    double gsum; /* Goldstein summed over its events */
    bool as_source, as_target;
} node;

/* GET /api/network?filters&n=N&group=code|country: the N heaviest directed
 * edges (source -> target, events, mentions, mean Goldstein) and their
 * nodes (events, mean Goldstein over the listed edges). */
static void api_network(dyad_store *st, const args *a, builder *b, dyad_http_reply *r)
{
    long n;
    const char *group = arg(a, "group");
    bool country = group && strcmp(group, "country") == 0;
    if (group && !country && strcmp(group, "code") != 0) {
        dyad__api_error(r, 400, "bad group (code or country)");
        return;
    }
    dyad__buf_puts(&b->sql, country ? "SELECT e.source_country, e.target_country,"
                                    : "SELECT e.source_code, e.target_code,");
    dyad__buf_puts(&b->sql, " count(*) AS n, sum(e.num_mentions) AS m, avg(e.goldstein)"
                            " FROM events e WHERE e.source_code IS NOT NULL"
                            " AND e.target_code IS NOT NULL");
    if (!arg_uint(a, "n", 1, DYAD_API_MAX_EDGES, 100, &n, r) || !filters(a, b, r) ||
        !all_used(a, r))
        return;
    dyad__buf_puts(&b->sql, " GROUP BY 1, 2 ORDER BY n DESC, m DESC, 1, 2 LIMIT ?");
    push_int(b, n + 1);
    sqlite3_stmt *s = prepare(st, b, r);
    if (!s)
        return;
    node *nodes = dyad__malloc(&st->mem, (size_t)(2 * n + 2) * sizeof *nodes);
    char **ids = dyad__malloc(&st->mem, (size_t)(2 * n + 2) * sizeof *ids);
    if (!nodes || !ids) {
        dyad__api_error(r, 500, "out of memory");
        goto done;
    }
    size_t nn = 0;
    dyad_buf *o = &r->body;
    dyad__buf_puts(o, "{\"edges\":[");
    long k = 0;
    bool more = false;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (k == n) {
            more = true;
            break;
        }
        if (k++)
            dyad__buf_putc(o, ',');
        dyad__buf_puts(o, "{\"source\":");
        put_col(o, s, 0);
        dyad__buf_puts(o, ",\"target\":");
        put_col(o, s, 1);
        dyad__buf_puts(o, ",\"events\":");
        put_col(o, s, 2);
        dyad__buf_puts(o, ",\"mentions\":");
        put_col(o, s, 3);
        dyad__buf_puts(o, ",\"goldstein\":");
        dyad__buf_num(o, sqlite3_column_double(s, 4), 2);
        dyad__buf_putc(o, '}');
        long ev = (long)sqlite3_column_int64(s, 2);
        double g = sqlite3_column_double(s, 4) * (double)ev;
        for (int side = 0; side < 2; side++) {
            const char *v = ctext(s, side);
            if (!v)
                continue;
            size_t i = 0;
            while (i < nn && strcmp(nodes[i].id, v) != 0)
                i++;
            if (i == nn) {
                ids[nn] = dyad__strdup(&st->mem, v);
                if (!ids[nn])
                    continue;
                memset(&nodes[nn], 0, sizeof nodes[nn]);
                nodes[nn].id = ids[nn];
                nn++;
            }
            nodes[i].events += ev;
            nodes[i].gsum += g;
            if (side == 0)
                nodes[i].as_source = true;
            else
                nodes[i].as_target = true;
        }
    }
    if (step_rows(st, r, rc) == 0) {
        dyad__buf_puts(o, "],\"nodes\":[");
        for (size_t i = 0; i < nn; i++) {
            if (i)
                dyad__buf_putc(o, ',');
            dyad__buf_puts(o, "{\"id\":");
            put_str(o, nodes[i].id);
            dyad__buf_printf(o, ",\"events\":%ld,\"goldstein\":", nodes[i].events);
            dyad__buf_num(o, nodes[i].events ? nodes[i].gsum / (double)nodes[i].events : 0, 2);
            dyad__buf_putc(o, '}');
        }
        dyad__buf_printf(o, "],\"group\":\"%s\",\"truncated\":%s}\n", country ? "country" : "code",
                         more ? "true" : "false");
        if (o->failed)
            dyad__api_error(r, 500, "out of memory");
        else
            ok_json(r);
    }
    for (size_t i = 0; i < nn; i++)
        dyad__free(&st->mem, ids[i]);
done:
    dyad__free(&st->mem, nodes);
    dyad__free(&st->mem, ids);
    sqlite3_finalize(s);
}

/* GET /api/map?filters&limit=N: event locations, one point per place
 * (name, country, lat, lon, events, mentions, mean Goldstein, per quad). */
static void api_map(dyad_store *st, const args *a, builder *b, dyad_http_reply *r)
{
    long n;
    dyad__buf_puts(&b->sql, "SELECT e.location_name, e.location_country, e.location_lat,"
                            " e.location_lon, count(*) AS n, sum(e.num_mentions) AS m,"
                            " avg(e.goldstein), sum(e.quad_class = 1), sum(e.quad_class = 2),"
                            " sum(e.quad_class = 3), sum(e.quad_class = 4)"
                            " FROM events e WHERE e.location_lat IS NOT NULL"
                            " AND e.location_lon IS NOT NULL");
    if (!arg_uint(a, "limit", 1, DYAD_API_MAX_POINTS, 1000, &n, r) || !filters(a, b, r) ||
        !all_used(a, r))
        return;
    dyad__buf_puts(&b->sql, " GROUP BY e.location_lat, e.location_lon, e.location_name"
                            " ORDER BY n DESC, m DESC, 1 LIMIT ?");
    push_int(b, n + 1);
    sqlite3_stmt *s = prepare(st, b, r);
    if (!s)
        return;
    dyad_buf *o = &r->body;
    dyad__buf_puts(o, "{\"points\":[");
    long k = 0;
    bool more = false;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (k == n) {
            more = true;
            break;
        }
        if (k++)
            dyad__buf_putc(o, ',');
        dyad__buf_puts(o, "{\"name\":");
        put_col(o, s, 0);
        dyad__buf_puts(o, ",\"country\":");
        put_col(o, s, 1);
        dyad__buf_puts(o, ",\"lat\":");
        put_col(o, s, 2);
        dyad__buf_puts(o, ",\"lon\":");
        put_col(o, s, 3);
        dyad__buf_puts(o, ",\"events\":");
        put_col(o, s, 4);
        dyad__buf_puts(o, ",\"mentions\":");
        put_col(o, s, 5);
        dyad__buf_puts(o, ",\"goldstein\":");
        dyad__buf_num(o, sqlite3_column_double(s, 6), 2);
        dyad__buf_printf(o, ",\"quad\":[%lld,%lld,%lld,%lld]}",
                         (long long)sqlite3_column_int64(s, 7), (long long)sqlite3_column_int64(s, 8),
                         (long long)sqlite3_column_int64(s, 9), (long long)sqlite3_column_int64(s, 10));
    }
    if (step_rows(st, r, rc) == 0) {
        dyad__buf_printf(o, "],\"truncated\":%s}\n", more ? "true" : "false");
        ok_json(r);
    }
    sqlite3_finalize(s);
}

/* GET /api/info: row counts and the date range. */
static void api_info(dyad_store *st, const args *a, dyad_http_reply *r)
{
    if (!all_used(a, r))
        return;
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(
        st->db,
        "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM events),"
        " (SELECT count(*) FROM mentions), (SELECT min(sqldate) FROM events),"
        " (SELECT max(sqldate) FROM events)",
        -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        db_error(st, r, rc);
        sqlite3_finalize(s);
        return;
    }
    dyad_buf *o = &r->body;
    dyad__buf_printf(o, "{\"version\":\"%s\",\"articles\":%lld,\"events\":%lld,\"mentions\":%lld",
                     DYAD_VERSION, (long long)sqlite3_column_int64(s, 0),
                     (long long)sqlite3_column_int64(s, 1), (long long)sqlite3_column_int64(s, 2));
    for (int i = 0; i < 2; i++) {
        dyad__buf_puts(o, i ? ",\"last\":" : ",\"first\":");
        if (sqlite3_column_type(s, 3 + i) == SQLITE_NULL) {
            dyad__buf_puts(o, "null");
        } else {
            long long d = sqlite3_column_int64(s, 3 + i);
            dyad__buf_printf(o, "\"%04lld-%02lld-%02lld\"", d / 10000, d / 100 % 100, d % 100);
        }
    }
    dyad__buf_printf(o, ",\"limits\":{\"events\":%d,\"offset\":%d,\"top\":%d,\"edges\":%d,"
                        "\"points\":%d,\"periods\":%d}}\n",
                     DYAD_API_MAX_EVENTS, DYAD_API_MAX_OFFSET, DYAD_API_MAX_TOP,
                     DYAD_API_MAX_EDGES, DYAD_API_MAX_POINTS, DYAD_API_MAX_PERIODS);
    sqlite3_finalize(s);
    ok_json(r);
}

void dyad__api_handle(dyad_store *st, const char *path, const char *const *keys,
                      const char *const *vals, size_t n_args, dyad_http_reply *r)
{
    bool used[DYAD_API_MAX_ARGS] = {false};
    if (n_args > DYAD_API_MAX_ARGS) {
        dyad__api_error(r, 400, "too many parameters");
        return;
    }
    for (size_t i = 0; i < n_args; i++) {
        if (strlen(vals[i]) > DYAD_API_MAX_VALUE) {
            dyad__api_error(r, 400, "parameter value too long");
            return;
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(keys[i], keys[j]) == 0) {
                dyad__api_error(r, 400, "repeated parameter");
                return;
            }
    }
    args a = {keys, vals, n_args, used};
    builder *b = dyad__malloc(&st->mem, sizeof *b);
    if (!b) {
        dyad__api_error(r, 500, "out of memory");
        return;
    }
    memset(b, 0, sizeof *b);
    dyad__buf_init(&b->sql, &st->mem);
    dyad__buf_clear(&r->body);
    const char *rest = path + 4; /* after "/api" */
    if (strcmp(rest, "/events") == 0)
        api_events(st, &a, b, r);
    else if (strncmp(rest, "/events/", 8) == 0)
        api_event(st, rest + 8, &a, b, r);
    else if (strcmp(rest, "/timeline") == 0)
        api_timeline(st, &a, b, r);
    else if (strcmp(rest, "/top") == 0)
        api_top(st, &a, b, r);
    else if (strcmp(rest, "/network") == 0)
        api_network(st, &a, b, r);
    else if (strcmp(rest, "/map") == 0)
        api_map(st, &a, b, r);
    else if (strcmp(rest, "/info") == 0)
        api_info(st, &a, r);
    else
        dyad__api_error(r, 404, "no such API endpoint (see docs/serve.md)");
    if (r->body.failed)
        dyad__api_error(r, 500, "out of memory");
    dyad__buf_free(&b->sql);
    dyad__free(&st->mem, b);
}

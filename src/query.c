/* query.c -- questions to the event store: filtered event listings (which
 * are also the exports: JSON Lines, CSV, GDELT), counts per period and the
 * most frequent dyads, actors and codes.
 *
 * Filter values are always bound as parameters, never spliced into the SQL;
 * the SQL text itself is assembled only from constant fragments. Actor and
 * event codes are checked to be letters and digits before they become GLOB
 * prefixes ("RUS*"), so no wildcard can come from the user, and a GLOB
 * prefix can use the code indexes (it is case-sensitive, like the codes). */
#include "store.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_PARAMS = 40 };

typedef struct {
    bool is_int;
    sqlite3_int64 i;
    char s[80];
} param;

typedef struct {
    dyad_buf sql;
    param p[MAX_PARAMS];
    int n;
} builder;

static param *push(builder *b)
{
    if (b->n >= MAX_PARAMS)
        return NULL; /* cannot happen: the filters are fewer; checked anyway */
    param *p = &b->p[b->n++];
    memset(p, 0, sizeof *p);
    return p;
}

static void push_text(builder *b, const char *s)
{
    param *p = push(b);
    if (p)
        snprintf(p->s, sizeof p->s, "%s", s);
}

static void push_int(builder *b, sqlite3_int64 v)
{
    param *p = push(b);
    if (p) {
        p->is_int = true;
        p->i = v;
    }
}

/* An actor code prefix: 3 to 30 letters or digits, uppercased, as a GLOB
 * pattern "RUS*". */
bool dyad__code_glob(const char *s, bool digits, char out[40])
{
    size_t n = strlen(s);
    if (n < (digits ? 1 : 3) || n > 30)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'a' && c <= 'z')
            c = (char)(c - 'a' + 'A');
        bool ok = digits ? (c >= '0' && c <= '9') : ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
        if (!ok)
            return false;
        out[i] = c;
    }
    out[n] = '*';
    out[n + 1] = '\0';
    return true;
}

bool dyad__all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* "YYYY", "YYYY-MM", "YYYY-MM-DD" -> YYYYMMDD: the first day it names, or
 * with `last` its last (a month ends on 31 for the comparison: no date has
 * a later day). */
bool dyad__date_bound(const char *s, bool last, long long *out)
{
    size_t n = strlen(s);
    int y, m = last ? 12 : 1, d = last ? 31 : 1;
    if (n < 4 || !dyad__all_digits(s, 4))
        return false;
    y = atoi(s);
    if (n >= 7) {
        if (s[4] != '-' || !dyad__all_digits(s + 5, 2))
            return false;
        m = (s[5] - '0') * 10 + (s[6] - '0');
    }
    if (n >= 10) {
        if (s[7] != '-' || !dyad__all_digits(s + 8, 2))
            return false;
        d = (s[8] - '0') * 10 + (s[9] - '0');
    }
    if ((n != 4 && n != 7 && n != 10) || m < 1 || m > 12 || d < 1 || d > 31)
        return false;
    *out = (long long)y * 10000 + m * 100 + d;
    return true;
}

/* Appends " WHERE ..." for q's filters to b->sql and their parameters. */
static dyad_status where(const dyad_query *q, builder *b, dyad_error *err)
{
    char g[40], g2[40];
    dyad__buf_puts(&b->sql, " WHERE 1");
    if (q->actor) {
        if (!dyad__code_glob(q->actor, false, g))
            goto bad_actor;
        dyad__buf_puts(&b->sql, " AND (e.source_code GLOB ? OR e.target_code GLOB ?)");
        push_text(b, g);
        push_text(b, g);
    }
    if (q->source) {
        if (!dyad__code_glob(q->source, false, g))
            goto bad_actor;
        dyad__buf_puts(&b->sql, " AND e.source_code GLOB ?");
        push_text(b, g);
    }
    if (q->target) {
        if (!dyad__code_glob(q->target, false, g))
            goto bad_actor;
        dyad__buf_puts(&b->sql, " AND e.target_code GLOB ?");
        push_text(b, g);
    }
    if (q->dyad[0] || q->dyad[1]) {
        if (!q->dyad[0] || !q->dyad[1] || !dyad__code_glob(q->dyad[0], false, g) ||
            !dyad__code_glob(q->dyad[1], false, g2))
            return dyad__err(err, DYAD_EINVAL, NULL, 0,
                             "a dyad is two actor codes, e.g. RUS,PRK");
        dyad__buf_puts(&b->sql, " AND ((e.source_code GLOB ? AND e.target_code GLOB ?)"
                                " OR (e.source_code GLOB ? AND e.target_code GLOB ?))");
        push_text(b, g);
        push_text(b, g2);
        push_text(b, g2);
        push_text(b, g);
    }
    if (q->code) {
        if (!dyad__code_glob(q->code, true, g) || strlen(q->code) > 4)
            return dyad__err(err, DYAD_EINVAL, NULL, 0,
                             "bad event code '%s' (CAMEO codes are 2 to 4 digits)", q->code);
        dyad__buf_puts(&b->sql, " AND e.code GLOB ?");
        push_text(b, g);
    }
    if (q->root) {
        size_t n = strlen(q->root);
        if (n < 1 || n > 2 || !dyad__all_digits(q->root, n) || atoi(q->root) < 1 ||
            atoi(q->root) > 20)
            return dyad__err(err, DYAD_EINVAL, NULL, 0, "bad root '%s' (01 to 20)", q->root);
        snprintf(g, sizeof g, "%02d", atoi(q->root));
        dyad__buf_puts(&b->sql, " AND e.root = ?");
        push_text(b, g);
    }
    if (q->quad) {
        if (q->quad < 1 || q->quad > 4)
            return dyad__err(err, DYAD_EINVAL, NULL, 0, "bad quad class %d (1 to 4)", q->quad);
        dyad__buf_puts(&b->sql, " AND e.quad_class = ?");
        push_int(b, q->quad);
    }
    if (q->country) {
        if (!dyad__code_glob(q->country, false, g) || strlen(q->country) != 3)
            return dyad__err(err, DYAD_EINVAL, NULL, 0,
                             "bad country '%s' (an ISO 3166 alpha-3 code)", q->country);
        g[3] = '\0';
        dyad__buf_puts(&b->sql, " AND e.location_country = ?");
        push_text(b, g);
    }
    if (q->place) {
        if (strlen(q->place) >= sizeof b->p[0].s)
            return dyad__err(err, DYAD_EINVAL, NULL, 0, "place name too long");
        dyad__buf_puts(&b->sql, " AND e.location_name = ? COLLATE NOCASE");
        push_text(b, q->place);
    }
    sqlite3_int64 v;
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
    return DYAD_OK;
bad_actor:
    return dyad__err(err, DYAD_EINVAL, NULL, 0,
                     "bad actor code (3 to 30 letters or digits, e.g. RUS, RUSGOV, IGOUNO)");
bad_date:
    return dyad__err(err, DYAD_EINVAL, NULL, 0, "bad date (YYYY, YYYY-MM or YYYY-MM-DD)");
}

/* --------------------------------------------------------- row output */

typedef struct {
    dyad_write_fn fn;
    void *ud;
    bool failed;
} sink;

static dyad_status emit(sink *k, const dyad_buf *b)
{
    if (b->failed)
        return DYAD_ENOMEM;
    if (b->len && k->fn(k->ud, b->ptr, b->len) != 0) {
        k->failed = true;
        return DYAD_EIO;
    }
    return DYAD_OK;
}

/* A number as the writers print them: no trailing zeros, at most 4
 * decimals. */
static void put_num(dyad_buf *b, double v)
{
    dyad__buf_num(b, v, 4);
}

static void csv_field(dyad_buf *b, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        dyad__buf_puts(b, s);
        return;
    }
    dyad__buf_putc(b, '"');
    for (; *s; s++) {
        if (*s == '"')
            dyad__buf_putc(b, '"');
        dyad__buf_putc(b, *s);
    }
    dyad__buf_putc(b, '"');
}

/* Display width of UTF-8 text: code points (news text is not CJK-wide). */
static size_t width(const char *s)
{
    size_t w = 0;
    for (; *s; s++)
        w += ((unsigned char)*s & 0xc0) != 0x80;
    return w;
}

enum { TABLE_MAX_CELL = 40 };

/* A cell for the table: at most TABLE_MAX_CELL code points, cut with "~". */
static void table_cell(dyad_buf *b, const char *s)
{
    size_t w = 0, i = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xc0) != 0x80 && ++w > TABLE_MAX_CELL - 1 &&
            width(s + i) > 1)
            break;
    }
    dyad__buf_put(b, s, i);
    if (s[i])
        dyad__buf_putc(b, '~');
}

/* Writes the rows of a generic statement (aggregates, top lists, the
 * table of events) as an aligned table, CSV or JSON Lines. The table is
 * buffered to measure its columns: the row limit bounds it. */
static dyad_status write_rows(dyad_store *st, sqlite3_stmt *s, dyad_out_format fmt, size_t limit,
                              sink *k, dyad_query_result *res, dyad_error *err)
{
    const dyad_mem *mem = &st->mem;
    int nc = sqlite3_column_count(s);
    dyad_buf line, cells;
    dyad__buf_init(&line, mem);
    dyad__buf_init(&cells, mem); /* table: every cell, NUL-separated */
    size_t *w = dyad__malloc(mem, (size_t)nc * sizeof *w);
    bool *numeric = dyad__malloc(mem, (size_t)nc * sizeof *numeric);
    dyad_status code = DYAD_OK;
    if (!w || !numeric) {
        code = dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    for (int c = 0; c < nc; c++) {
        w[c] = width(sqlite3_column_name(s, c));
        numeric[c] = false;
    }
    if (fmt == DYAD_OUT_CSV) {
        for (int c = 0; c < nc; c++) {
            if (c)
                dyad__buf_putc(&line, ',');
            csv_field(&line, sqlite3_column_name(s, c));
        }
        dyad__buf_putc(&line, '\n');
        if ((code = emit(k, &line)) != DYAD_OK)
            goto done;
    }
    size_t rows = 0;
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (rows == limit) {
            res->truncated = true;
            break;
        }
        rows++;
        dyad__buf_clear(&line);
        if (fmt == DYAD_OUT_JSON)
            dyad__buf_putc(&line, '{');
        for (int c = 0; c < nc; c++) {
            int t = sqlite3_column_type(s, c);
            size_t mark = cells.len;
            dyad_buf *out = fmt == DYAD_OUT_TABLE ? &cells : &line;
            if (fmt == DYAD_OUT_CSV && c)
                dyad__buf_putc(out, ',');
            if (fmt == DYAD_OUT_JSON) {
                if (c)
                    dyad__buf_putc(out, ',');
                const char *name = sqlite3_column_name(s, c);
                dyad__buf_json_str(out, name, strlen(name));
                dyad__buf_putc(out, ':');
            }
            if (t == SQLITE_NULL) {
                if (fmt == DYAD_OUT_JSON)
                    dyad__buf_puts(out, "null");
                else if (fmt == DYAD_OUT_TABLE)
                    dyad__buf_putc(out, '-');
            } else if (t == SQLITE_INTEGER) {
                dyad__buf_printf(out, "%lld", (long long)sqlite3_column_int64(s, c));
                numeric[c] = true;
            } else if (t == SQLITE_FLOAT) {
                put_num(out, sqlite3_column_double(s, c));
                numeric[c] = true;
            } else {
                const char *v = (const char *)sqlite3_column_text(s, c);
                if (!v)
                    v = "";
                if (fmt == DYAD_OUT_JSON)
                    dyad__buf_json_str(out, v, strlen(v));
                else if (fmt == DYAD_OUT_CSV)
                    csv_field(out, v);
                else
                    table_cell(out, v);
            }
            if (fmt == DYAD_OUT_TABLE) {
                dyad__buf_putc(&cells, '\0');
                size_t cw = width(cells.ptr + mark);
                if (cw > w[c])
                    w[c] = cw;
            }
        }
        if (fmt == DYAD_OUT_JSON)
            dyad__buf_putc(&line, '}');
        if (fmt != DYAD_OUT_TABLE) {
            dyad__buf_putc(&line, '\n');
            if ((code = emit(k, &line)) != DYAD_OK)
                goto done;
        } else if (cells.failed) {
            code = dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
            goto done;
        }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
        code = dyad__store_err(st, rc, "query", err);
        goto done;
    }
    res->rows = rows;
    if (fmt == DYAD_OUT_TABLE) {
        /* Header, then the rows: text left-aligned, numbers right-aligned,
         * two spaces between columns, no trailing blanks. */
        const char *p = cells.ptr;
        for (size_t r = 0; r <= rows; r++) {
            dyad__buf_clear(&line);
            for (int c = 0; c < nc; c++) {
                const char *v = r == 0 ? sqlite3_column_name(s, c) : p;
                if (r > 0)
                    p += strlen(p) + 1;
                size_t vw = width(v), pad = w[c] > vw ? w[c] - vw : 0;
                if (c)
                    dyad__buf_puts(&line, "  ");
                if (numeric[c])
                    for (size_t i = 0; i < pad; i++)
                        dyad__buf_putc(&line, ' ');
                dyad__buf_puts(&line, v);
                if (!numeric[c] && c + 1 < nc)
                    for (size_t i = 0; i < pad; i++)
                        dyad__buf_putc(&line, ' ');
            }
            dyad__buf_putc(&line, '\n');
            if ((code = emit(k, &line)) != DYAD_OK)
                goto done;
        }
    }
done:
    if (code == DYAD_EIO)
        dyad__err(err, code, NULL, 0, "cannot write the output");
    else if (code == DYAD_ENOMEM)
        dyad__err(err, code, NULL, 0, "out of memory");
    dyad__free(mem, w);
    dyad__free(mem, numeric);
    dyad__buf_free(&line);
    dyad__buf_free(&cells);
    return code;
}

/* ------------------------------------------- events through the writers */

/* The columns an event is rebuilt from; the order is fixed by the enum. */
static const char event_columns[] =
    "e.article_id, e.event_id, e.date, e.date_precision, e.source_code, e.source_country,"
    " e.source_role, e.source_text, e.source_start, e.source_end, e.target_code,"
    " e.target_country, e.target_role, e.target_text, e.target_start, e.target_end, e.code,"
    " e.root, e.quad_class, e.goldstein, e.trigger_text, e.trigger_start, e.trigger_end,"
    " e.location_name, e.location_country, e.location_adm1, e.location_lat, e.location_lon,"
    " e.location_geonames_id, e.location_type, e.mentions, e.sentence, e.sentence_index,"
    " e.lang, e.num_mentions, e.num_sources, e.num_articles, e.added, a.url";
enum {
    C_ARTICLE, C_EVENT, C_DATE, C_PREC, C_SRC, C_TGT = C_SRC + 6, C_CODE = C_TGT + 6, C_ROOT,
    C_QUAD, C_GOLD, C_TRIG, C_TRIG_START, C_TRIG_END, C_LOC, C_LOC_COUNTRY, C_LOC_ADM1,
    C_LAT, C_LON, C_GEONAMES, C_LOC_TYPE, C_MENTIONS, C_SENT, C_SENT_INDEX, C_LANG,
    C_NUM_MENTIONS, C_NUM_SOURCES, C_NUM_ARTICLES, C_ADDED, C_URL
};

static const char *col_text(sqlite3_stmt *s, int c)
{
    return (const char *)sqlite3_column_text(s, c); /* NULL for NULL */
}

static void row_actor(sqlite3_stmt *s, int c, dyad_actor_ref *a)
{
    a->code = col_text(s, c);
    a->country = col_text(s, c + 1);
    a->role = col_text(s, c + 2);
    a->text = col_text(s, c + 3);
    a->start = (size_t)sqlite3_column_int64(s, c + 4);
    a->end = (size_t)sqlite3_column_int64(s, c + 5);
}

static void row_date(const char *d, const char *prec, dyad_date *out)
{
    memset(out, 0, sizeof *out);
    if (!d || strlen(d) < 4)
        return;
    out->year = (int16_t)atoi(d);
    out->precision = DYAD_PREC_YEAR;
    if (strlen(d) >= 7) {
        out->month = (int8_t)atoi(d + 5);
        out->precision = DYAD_PREC_MONTH;
    }
    if (strlen(d) >= 10) {
        out->day = (int8_t)atoi(d + 8);
        out->precision = DYAD_PREC_DAY;
    }
    (void)prec; /* the text's length says the precision */
}

/* The event of the current row; strings borrowed from the statement until
 * its next step. */
static void row_event(sqlite3_stmt *s, dyad_event *ev, dyad_place *pl)
{
    memset(ev, 0, sizeof *ev);
    ev->event_id = col_text(s, C_EVENT);
    row_date(col_text(s, C_DATE), col_text(s, C_PREC), &ev->date);
    row_actor(s, C_SRC, &ev->source);
    row_actor(s, C_TGT, &ev->target);
    ev->code = col_text(s, C_CODE);
    const char *root = col_text(s, C_ROOT);
    if (root && strlen(root) >= 2)
        memcpy(ev->root, root, 2);
    ev->quad_class = sqlite3_column_int(s, C_QUAD);
    ev->goldstein = sqlite3_column_double(s, C_GOLD);
    ev->trigger_text = col_text(s, C_TRIG);
    ev->trigger_start = (size_t)sqlite3_column_int64(s, C_TRIG_START);
    ev->trigger_end = (size_t)sqlite3_column_int64(s, C_TRIG_END);
    if (sqlite3_column_type(s, C_LOC) != SQLITE_NULL) {
        memset(pl, 0, sizeof *pl);
        pl->name = col_text(s, C_LOC);
        pl->country = col_text(s, C_LOC_COUNTRY);
        pl->adm1 = col_text(s, C_LOC_ADM1);
        pl->lat = sqlite3_column_double(s, C_LAT);
        pl->lon = sqlite3_column_double(s, C_LON);
        pl->geonames_id = (long)sqlite3_column_int64(s, C_GEONAMES);
        pl->type = sqlite3_column_int(s, C_LOC_TYPE);
        ev->location = pl;
    }
    ev->mentions = sqlite3_column_int(s, C_MENTIONS);
    ev->sentence = col_text(s, C_SENT);
    ev->sentence_index = sqlite3_column_int(s, C_SENT_INDEX);
    ev->lang = col_text(s, C_LANG);
}

static int capture(void *ud, const char *data, size_t len)
{
    dyad_buf *b = ud;
    dyad__buf_put(b, data, len);
    return b->failed ? -1 : 0;
}

/* GDELT's NumMentions, NumSources, NumArticles are columns 32 to 34:
 * out_gdelt.c writes a single article's (mentions, 1, 1); put the store's
 * counts in their place. */
static void patch_gdelt(dyad_buf *out, const dyad_buf *row, long m, long s, long a)
{
    size_t tabs = 0, start = 0, end = 0;
    for (size_t i = 0; i < row->len; i++) {
        if (row->ptr[i] != '\t')
            continue;
        if (++tabs == 31)
            start = i + 1;
        if (tabs == 34) {
            end = i;
            break;
        }
    }
    if (!end) { /* not a 61-column row: leave it alone */
        dyad__buf_put(out, row->ptr, row->len);
        return;
    }
    dyad__buf_put(out, row->ptr, start);
    dyad__buf_printf(out, "%ld\t%ld\t%ld", m, s, a);
    dyad__buf_put(out, row->ptr + end, row->len - end);
}

/* JSON Lines: the contract's fields as out_json.c writes them, plus the
 * store's counts before the closing brace. */
static void patch_json(dyad_buf *out, const dyad_buf *row, long m, long s, long a)
{
    size_t n = row->len;
    while (n && (row->ptr[n - 1] == '\n' || row->ptr[n - 1] == '}'))
        if (row->ptr[--n] == '}')
            break;
    dyad__buf_put(out, row->ptr, n);
    dyad__buf_printf(out, ",\"num_mentions\":%ld,\"num_sources\":%ld,\"num_articles\":%ld}\n", m,
                     s, a);
}

static dyad_status write_events(dyad_store *st, sqlite3_stmt *s, dyad_out_format fmt,
                                size_t limit, sink *k, dyad_query_result *res, dyad_error *err)
{
    dyad_buf row, line;
    dyad__buf_init(&row, &st->mem);
    dyad__buf_init(&line, &st->mem);
    dyad_status code = DYAD_OK;
    if (fmt == DYAD_OUT_CSV)
        code = dyad_write_events_csv_header(k->fn, k->ud);
    size_t rows = 0;
    int rc = SQLITE_DONE;
    while (code == DYAD_OK && (rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (rows == limit) {
            res->truncated = true;
            break;
        }
        rows++;
        dyad_event ev;
        dyad_place pl;
        row_event(s, &ev, &pl);
        long nm = (long)sqlite3_column_int64(s, C_NUM_MENTIONS);
        long ns = (long)sqlite3_column_int64(s, C_NUM_SOURCES);
        long na = (long)sqlite3_column_int64(s, C_NUM_ARTICLES);
        const char *lang = ev.lang;
        /* A doc around the one event, for the writers of out_json.c and
         * out_gdelt.c: they read its id, url, language and allocator. */
        struct dyad_doc doc;
        memset(&doc, 0, sizeof doc);
        doc.ctx = &st->stub;
        doc.id = col_text(s, C_ARTICLE);
        doc.url = col_text(s, C_URL);
        doc.lang = lang && strcmp(lang, "fr") == 0   ? DYAD_LANG_FR
                   : lang && strcmp(lang, "en") == 0 ? DYAD_LANG_EN
                                                     : DYAD_LANG_OTHER;
        doc.events = &ev;
        doc.n_events = 1;
        dyad__buf_clear(&row);
        dyad__buf_clear(&line);
        if (fmt == DYAD_OUT_CSV) {
            dyad__csv_event(&line, doc.id, lang, &ev, nm, ns, na);
        } else if (fmt == DYAD_OUT_GDELT) {
            char added[24];
            snprintf(added, sizeof added, "%lld", (long long)sqlite3_column_int64(s, C_ADDED));
            code = dyad_write_events_gdelt(&doc, added, capture, &row);
            patch_gdelt(&line, &row, nm, ns, na);
        } else {
            code = dyad_write_events_json(&doc, capture, &row);
            patch_json(&line, &row, nm, ns, na);
        }
        if (code == DYAD_OK && (row.failed || line.failed))
            code = DYAD_ENOMEM;
        if (code == DYAD_OK)
            code = emit(k, &line);
    }
    if (code == DYAD_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        code = dyad__store_err(st, rc, "query", err);
    else if (code == DYAD_EIO)
        dyad__err(err, code, NULL, 0, "cannot write the output");
    else if (code == DYAD_ENOMEM)
        dyad__err(err, code, NULL, 0, "out of memory");
    res->rows = rows;
    dyad__buf_free(&row);
    dyad__buf_free(&line);
    return code;
}

/* ------------------------------------------------------------- queries */

static const char *period_expr(dyad_period by)
{
    switch (by) {
    case DYAD_BY_DAY: return "CASE WHEN length(e.date) = 10 THEN e.date END";
    /* The Monday on or before the day: strftime('%w') is 0 on Sunday. */
    case DYAD_BY_WEEK:
        return "CASE WHEN length(e.date) = 10 THEN date(e.date, '-' ||"
               " ((CAST(strftime('%w', e.date) AS INTEGER) + 6) % 7) || ' days') END";
    case DYAD_BY_MONTH: return "CASE WHEN length(e.date) >= 7 THEN substr(e.date, 1, 7) END";
    case DYAD_BY_YEAR: return "substr(e.date, 1, 4)";
    default: return NULL;
    }
}

static const char *period_name(dyad_period by)
{
    switch (by) {
    case DYAD_BY_DAY: return "day";
    case DYAD_BY_WEEK: return "week";
    case DYAD_BY_MONTH: return "month";
    default: return "year";
    }
}

/* Builds the SQL for q into b. *events tells whether rows are events for
 * the writers (listing in JSON, CSV, GDELT). */
static dyad_status build(const dyad_query *q, dyad_out_format fmt, builder *b, bool *events,
                         dyad_error *err)
{
    dyad_status code;
    dyad_buf *sql = &b->sql;
    *events = false;
    if (q->by != DYAD_BY_NONE) {
        const char *pe = period_expr(q->by);
        if (!pe)
            return dyad__err(err, DYAD_EINVAL, NULL, 0, "bad period");
        dyad__buf_printf(sql, "SELECT period AS %s, count(*) AS events,"
                              " sum(num_mentions) AS mentions,"
                              " round(avg(goldstein), 2) AS goldstein",
                         period_name(q->by));
        for (int c = 1; c <= 4; c++)
            dyad__buf_printf(sql, ", sum(quad_class = %d) AS q%d", c, c);
        for (int c = 1; c <= 4; c++)
            dyad__buf_printf(sql,
                             ", round(avg(CASE WHEN quad_class = %d THEN goldstein END), 2)"
                             " AS q%d_goldstein",
                             c, c);
        dyad__buf_printf(sql, " FROM (SELECT %s AS period, e.num_mentions, e.goldstein,"
                              " e.quad_class FROM events e",
                         pe);
        if ((code = where(q, b, err)) != DYAD_OK)
            return code;
        dyad__buf_puts(sql, ") WHERE period IS NOT NULL GROUP BY period ORDER BY period");
    } else if (q->top == DYAD_TOP_DYADS) {
        dyad__buf_puts(sql, "SELECT e.source_code AS source, e.target_code AS target,"
                            " count(*) AS events, sum(e.num_mentions) AS mentions,"
                            " round(avg(e.goldstein), 2) AS goldstein FROM events e");
        if ((code = where(q, b, err)) != DYAD_OK)
            return code;
        dyad__buf_puts(sql, " AND e.target_code IS NOT NULL AND e.source_code IS NOT NULL"
                            " GROUP BY 1, 2 ORDER BY events DESC, mentions DESC, 1, 2");
    } else if (q->top == DYAD_TOP_ACTORS) {
        dyad__buf_puts(sql, "SELECT actor, count(*) AS events, sum(m) AS mentions,"
                            " round(avg(g), 2) AS goldstein FROM ("
                            "SELECT e.source_code AS actor, e.num_mentions AS m,"
                            " e.goldstein AS g FROM events e");
        if ((code = where(q, b, err)) != DYAD_OK)
            return code;
        dyad__buf_puts(sql, " AND e.source_code IS NOT NULL UNION ALL SELECT e.target_code,"
                            " e.num_mentions, e.goldstein FROM events e");
        if ((code = where(q, b, err)) != DYAD_OK)
            return code;
        dyad__buf_puts(sql, " AND e.target_code IS NOT NULL)"
                            " GROUP BY actor ORDER BY events DESC, mentions DESC, actor");
    } else if (q->top == DYAD_TOP_CODES) {
        dyad__buf_puts(sql, "SELECT e.code, e.root, e.quad_class AS quad, count(*) AS events,"
                            " sum(e.num_mentions) AS mentions,"
                            " round(avg(e.goldstein), 2) AS goldstein FROM events e");
        if ((code = where(q, b, err)) != DYAD_OK)
            return code;
        dyad__buf_puts(sql, " GROUP BY e.code ORDER BY events DESC, mentions DESC, e.code");
    } else if (fmt == DYAD_OUT_TABLE) {
        dyad__buf_puts(sql, "SELECT e.date, e.source_code AS source, e.code,"
                            " e.target_code AS target, e.quad_class AS quad, e.goldstein,"
                            " e.num_mentions AS mentions, e.num_sources AS sources,"
                            " e.num_articles AS articles, e.location_name AS place,"
                            " e.article_id AS article FROM events e");
        if ((code = where(q, b, err)) != DYAD_OK)
            return code;
        dyad__buf_puts(sql, " ORDER BY e.sqldate IS NULL, e.sqldate, e.id");
    } else {
        dyad__buf_printf(sql, "SELECT %s FROM events e JOIN articles a ON a.seq = e.article",
                         event_columns);
        if ((code = where(q, b, err)) != DYAD_OK)
            return code;
        dyad__buf_puts(sql, " ORDER BY e.sqldate IS NULL, e.sqldate, e.id");
        *events = true;
    }
    dyad__buf_puts(sql, " LIMIT ?");
    return DYAD_OK;
}

dyad_status dyad_store_query(dyad_store *st, const dyad_query *q, dyad_out_format fmt,
                             dyad_write_fn fn, void *ud, dyad_query_result *res,
                             dyad_error *err)
{
    dyad_query_result dummy;
    if (!res)
        res = &dummy;
    memset(res, 0, sizeof *res);
    if (!st || !q || !fn)
        return dyad__err(err, DYAD_EINVAL, NULL, 0, "dyad_store_query: bad arguments");
    if (q->by != DYAD_BY_NONE && q->top != DYAD_TOP_NONE)
        return dyad__err(err, DYAD_EINVAL, NULL, 0, "choose one aggregate: --by or --top");
    bool listing = q->by == DYAD_BY_NONE && q->top == DYAD_TOP_NONE;
    if (fmt == DYAD_OUT_GDELT && !listing)
        return dyad__err(err, DYAD_EINVAL, NULL, 0,
                         "the GDELT format is for events, not for --by or --top");
    if (fmt < DYAD_OUT_TABLE || fmt > DYAD_OUT_GDELT)
        return dyad__err(err, DYAD_EINVAL, NULL, 0, "bad output format");
    size_t limit = q->limit;
    if (!limit)
        limit = q->top != DYAD_TOP_NONE ? 10 : q->by != DYAD_BY_NONE ? SIZE_MAX : 1000;

    builder b;
    memset(&b, 0, sizeof b);
    dyad__buf_init(&b.sql, &st->mem);
    bool events = false;
    sqlite3_stmt *s = NULL;
    dyad_status code = build(q, fmt, &b, &events, err);
    if (code != DYAD_OK)
        goto done;
    if (b.sql.failed) {
        code = dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    int rc = sqlite3_prepare_v2(st->db, b.sql.ptr, -1, &s, NULL);
    if (rc != SQLITE_OK) {
        code = dyad__store_err(st, rc, "query", err);
        goto done;
    }
    for (int i = 0; i < b.n; i++) {
        if (b.p[i].is_int)
            sqlite3_bind_int64(s, i + 1, b.p[i].i);
        else
            sqlite3_bind_text(s, i + 1, b.p[i].s, -1, SQLITE_STATIC);
    }
    /* One row more than the limit tells whether the result was cut. */
    sqlite3_bind_int64(s, b.n + 1,
                       limit >= (size_t)INT64_MAX - 1 ? -1 : (sqlite3_int64)limit + 1);
    sink k = {.fn = fn, .ud = ud};
    code = events ? write_events(st, s, fmt, limit, &k, res, err)
                  : write_rows(st, s, fmt, limit, &k, res, err);
done:
    sqlite3_finalize(s);
    dyad__buf_free(&b.sql);
    return code;
}

/* store.c -- the event store: articles, events and mentions in SQLite.
 *
 * Layout and rules are in docs/store.md. In short:
 *  - an article is stored once: a second article with the same id, or with
 *    the same normalised text (content_hash), changes nothing;
 *  - events merge as GDELT counts them: one row per (date, source, target,
 *    code), whose num_mentions / num_sources / num_articles grow with every
 *    article that reports it;
 *  - lightly edited copies of one story (the same wire text in several
 *    outlets) share a story_id, found with MinHash signatures of word
 *    shingles and LSH bands; an event counts one article per story and one
 *    source per outlet.
 * Writes are batched (many articles per transaction, for speed) but every
 * article is its own savepoint, so a failure or a crash only ever loses
 * whole articles. */
#include "store.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ------------------------------------------------------------- schema */

/* Migrations: entry i takes a database from user_version i to i + 1. A new
 * schema version appends an entry (ALTER TABLE, new indexes); old entries
 * never change, so any older database can be brought up to date. */
static const char *const migrations[DYAD__STORE_SCHEMA] = {
    /* 0 -> 1 */
    "CREATE TABLE articles ("
    " seq INTEGER PRIMARY KEY,"  /* insertion order; stable (rowid alias) */
    " id TEXT NOT NULL UNIQUE,"
    " url TEXT, source TEXT, agencies TEXT, date TEXT, lang TEXT, title TEXT,"
    " content_hash INTEGER,"     /* FNV-1a 64 of the folded words; NULL: no words */
    " story_id INTEGER NOT NULL," /* seq of the story's first article */
    " source_key TEXT NOT NULL," /* the outlet, as NumSources counts it */
    " minhash BLOB,"             /* 64 x uint32 little-endian; NULL: not indexed */
    " text_len INTEGER NOT NULL,"
    " n_events INTEGER NOT NULL,"
    " added INTEGER NOT NULL);"  /* UTC YYYYMMDDHHMMSS */
    "CREATE INDEX articles_hash ON articles(content_hash);"
    "CREATE INDEX articles_story ON articles(story_id);"
    "CREATE TABLE lsh ("
    " band INTEGER NOT NULL, article INTEGER NOT NULL REFERENCES articles(seq),"
    " PRIMARY KEY (band, article)) WITHOUT ROWID;"
    "CREATE TABLE events ("
    " id INTEGER PRIMARY KEY,"
    " global_id INTEGER NOT NULL," /* GDELT GLOBALEVENTID, as out_gdelt.c computes it */
    " article INTEGER NOT NULL REFERENCES articles(seq)," /* first article reporting it */
    " article_id TEXT NOT NULL, event_id TEXT NOT NULL,"
    " date TEXT, date_precision TEXT, sqldate INTEGER,"
    " source_code TEXT, source_country TEXT, source_role TEXT, source_text TEXT,"
    " source_start INTEGER, source_end INTEGER,"
    " target_code TEXT, target_country TEXT, target_role TEXT, target_text TEXT,"
    " target_start INTEGER, target_end INTEGER,"
    " code TEXT NOT NULL, root TEXT NOT NULL, quad_class INTEGER NOT NULL,"
    " goldstein REAL NOT NULL,"
    " trigger_text TEXT, trigger_start INTEGER, trigger_end INTEGER,"
    " location_name TEXT, location_country TEXT, location_adm1 TEXT,"
    " location_lat REAL, location_lon REAL, location_geonames_id INTEGER,"
    " location_type INTEGER,"
    " mentions INTEGER NOT NULL, sentence TEXT, sentence_index INTEGER, lang TEXT,"
    " is_root_event INTEGER NOT NULL,"
    " num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL,"
    " num_articles INTEGER NOT NULL,"
    " added INTEGER NOT NULL);"
    "CREATE INDEX events_key ON events(date, source_code, target_code, code);"
    "CREATE INDEX events_sqldate ON events(sqldate);"
    "CREATE INDEX events_source ON events(source_code);"
    "CREATE INDEX events_target ON events(target_code);"
    "CREATE INDEX events_global ON events(global_id);"
    "CREATE TABLE mentions ("
    " event INTEGER NOT NULL REFERENCES events(id),"
    " article INTEGER NOT NULL REFERENCES articles(seq),"
    " event_id TEXT NOT NULL, mentions INTEGER NOT NULL,"
    " sentence_index INTEGER, sentence TEXT,"
    " source_start INTEGER, source_end INTEGER, target_start INTEGER, target_end INTEGER,"
    " trigger_start INTEGER, trigger_end INTEGER);"
    "CREATE INDEX mentions_event ON mentions(event);"
    "CREATE INDEX mentions_article ON mentions(article);"
    /* Which outlets and which stories already count for an event: an
     * INSERT OR IGNORE there tells in O(log n) whether NumSources or
     * NumArticles grows. */
    "CREATE TABLE event_sources ("
    " event INTEGER NOT NULL REFERENCES events(id), source_key TEXT NOT NULL,"
    " PRIMARY KEY (event, source_key)) WITHOUT ROWID;"
    "CREATE TABLE event_stories ("
    " event INTEGER NOT NULL REFERENCES events(id), story_id INTEGER NOT NULL,"
    " PRIMARY KEY (event, story_id)) WITHOUT ROWID;",
};

/* ------------------------------------------------------ statements */

enum {
    S_ART_BY_ID,
    S_ART_BY_HASH,
    S_NEXT_SEQ,
    S_ART_INSERT,
    S_LSH_FIND,
    S_LSH_INSERT,
    S_SIG_GET,
    S_EV_FIND,
    S_EV_INSERT,
    S_EV_UPDATE,
    S_SRC_INSERT,
    S_STORY_INSERT,
    S_MENTION_INSERT,
    S_COUNT
};

static const char *const stmt_sql[S_COUNT] = {
    [S_ART_BY_ID] = "SELECT 1 FROM articles WHERE id = ?1",
    [S_ART_BY_HASH] = "SELECT 1 FROM articles WHERE content_hash = ?1",
    [S_NEXT_SEQ] = "SELECT COALESCE(MAX(seq), 0) + 1 FROM articles",
    [S_ART_INSERT] =
        "INSERT INTO articles (seq, id, url, source, agencies, date, lang, title,"
        " content_hash, story_id, source_key, minhash, text_len, n_events, added)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
    /* A few articles per band are enough: copies of one story share a
     * story_id, so the oldest ones stand for the rest. */
    [S_LSH_FIND] = "SELECT article FROM lsh WHERE band = ?1 ORDER BY article LIMIT 16",
    [S_LSH_INSERT] = "INSERT OR IGNORE INTO lsh (band, article) VALUES (?1, ?2)",
    [S_SIG_GET] = "SELECT minhash, story_id FROM articles WHERE seq = ?1",
    [S_EV_FIND] = "SELECT id FROM events WHERE date IS ?1 AND source_code IS ?2"
                  " AND target_code IS ?3 AND code = ?4",
    [S_EV_INSERT] =
        "INSERT INTO events (global_id, article, article_id, event_id, date, date_precision,"
        " sqldate, source_code, source_country, source_role, source_text, source_start,"
        " source_end, target_code, target_country, target_role, target_text, target_start,"
        " target_end, code, root, quad_class, goldstein, trigger_text, trigger_start,"
        " trigger_end, location_name, location_country, location_adm1, location_lat,"
        " location_lon, location_geonames_id, location_type, mentions, sentence,"
        " sentence_index, lang, is_root_event, num_mentions, num_sources, num_articles, added)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,"
        " ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32, ?33,"
        " ?34, ?35, ?36, ?37, ?38, ?34, 1, 1, ?39)",
    [S_EV_UPDATE] = "UPDATE events SET num_mentions = num_mentions + ?2,"
                    " num_sources = num_sources + ?3, num_articles = num_articles + ?4"
                    " WHERE id = ?1",
    [S_SRC_INSERT] = "INSERT OR IGNORE INTO event_sources (event, source_key) VALUES (?1, ?2)",
    [S_STORY_INSERT] = "INSERT OR IGNORE INTO event_stories (event, story_id) VALUES (?1, ?2)",
    [S_MENTION_INSERT] =
        "INSERT INTO mentions (event, article, event_id, mentions, sentence_index, sentence,"
        " source_start, source_end, target_start, target_end, trigger_start, trigger_end)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
};

/* ------------------------------------------------------------ errors */

dyad_status dyad__store_err(dyad_store *st, int rc, const char *what, dyad_error *err)
{
    int prim = rc & 0xff;
    dyad_status code = DYAD_EDB;
    if (prim == SQLITE_FULL || prim == SQLITE_READONLY || prim == SQLITE_IOERR ||
        prim == SQLITE_CANTOPEN || prim == SQLITE_PERM)
        code = DYAD_EIO;
    else if (prim == SQLITE_NOMEM)
        code = DYAD_ENOMEM;
    const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
    /* SQLite's message for a busy database names no remedy; say which
     * knob to turn. */
    const char *hint = prim == SQLITE_BUSY ? " (another process holds it; retry later)" : "";
    return dyad__err(err, code, st ? st->path : NULL, 0, "%s: %s%s", what, msg, hint);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* UTC wall clock as GDELT's DATEADDED: YYYYMMDDHHMMSS. */
static sqlite3_int64 utc_stamp(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    return (sqlite3_int64)(tm.tm_year + 1900) * 10000000000LL +
           (sqlite3_int64)(tm.tm_mon + 1) * 100000000LL + (sqlite3_int64)tm.tm_mday * 1000000LL +
           tm.tm_hour * 10000LL + tm.tm_min * 100LL + tm.tm_sec;
}

static dyad_status exec(dyad_store *st, const char *sql, const char *what, dyad_error *err)
{
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL);
    return rc == SQLITE_OK ? DYAD_OK : dyad__store_err(st, rc, what, err);
}

static dyad_status prepare(dyad_store *st, int which, sqlite3_stmt **out, dyad_error *err)
{
    if (!st->stmts[which]) {
        int rc = sqlite3_prepare_v3(st->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT,
                                    &st->stmts[which], NULL);
        if (rc != SQLITE_OK)
            return dyad__store_err(st, rc, "preparing a statement", err);
    }
    sqlite3_reset(st->stmts[which]);
    sqlite3_clear_bindings(st->stmts[which]);
    *out = st->stmts[which];
    return DYAD_OK;
}

/* Text parameters live at least until the statement is stepped: STATIC. */
static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
    else
        sqlite3_bind_null(s, i);
}

/* ------------------------------------------------------------ opening */

/* The integer a one-row, one-column statement returns; `what` names it in
 * the error message. */
static dyad_status int_query(dyad_store *st, const char *sql, const char *what, int *out,
                             dyad_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        dyad_status code = dyad__store_err(st, rc, what, err);
        sqlite3_finalize(s);
        return code;
    }
    *out = sqlite3_column_int(s, 0);
    sqlite3_finalize(s);
    return DYAD_OK;
}

static dyad_status user_version(dyad_store *st, int *out, dyad_error *err)
{
    return int_query(st, "PRAGMA user_version", "reading the schema version", out, err);
}

static dyad_status table_count(dyad_store *st, int *out, dyad_error *err)
{
    return int_query(st, "SELECT count(*) FROM sqlite_master", "reading the schema", out, err);
}

/* Brings the schema to DYAD__STORE_SCHEMA. The version is read again under
 * the write lock: two processes creating one database at once must not
 * both run the migrations. */
static dyad_status migrate(dyad_store *st, dyad_error *err)
{
    int v = 0, tables = 0;
    dyad_status code = user_version(st, &v, err);
    if (code != DYAD_OK)
        return code;
    if (v > DYAD__STORE_SCHEMA)
        return dyad__err(err, DYAD_EDB, st->path, 0,
                         "database schema version %d is newer than this dyad's (%d)", v,
                         DYAD__STORE_SCHEMA);
    if (v == DYAD__STORE_SCHEMA)
        return DYAD_OK;
    if (st->flags & DYAD_STORE_READONLY) {
        if ((code = table_count(st, &tables, err)) != DYAD_OK)
            return code;
        return dyad__err(err, DYAD_EDB, st->path, 0, "%s",
                         tables == 0 && v == 0 ? "no dyad database here (empty file)"
                                               : "database schema is old: open it once "
                                                 "read-write (dyad code --db) to upgrade it");
    }
    if ((code = exec(st, "BEGIN IMMEDIATE", "creating the schema", err)) != DYAD_OK)
        return code;
    if ((code = user_version(st, &v, err)) != DYAD_OK)
        goto fail;
    if (v == 0) {
        if ((code = table_count(st, &tables, err)) != DYAD_OK)
            goto fail;
        if (tables > 0) {
            code = dyad__err(err, DYAD_EDB, st->path, 0,
                             "not a dyad database (it has tables but no dyad schema version)");
            goto fail;
        }
    }
    for (; v < DYAD__STORE_SCHEMA; v++) {
        if ((code = exec(st, migrations[v], "creating the schema", err)) != DYAD_OK)
            goto fail;
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", DYAD__STORE_SCHEMA);
    if ((code = exec(st, sql, "creating the schema", err)) != DYAD_OK)
        goto fail;
    return exec(st, "COMMIT", "creating the schema", err);
fail:
    sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
    return code;
}

/* A WAL database can be read only where its -shm file can be created or
 * already exists. On read-only media (a CD, a read-only mount) neither
 * holds: such a file cannot change under us, so open it as immutable (no
 * locks, no -shm). Tried only when the plain read-only open cannot read. */
static dyad_status reopen_immutable(dyad_store *st, dyad_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    sqlite3_finalize(s);
    if ((rc & 0xff) != SQLITE_CANTOPEN)
        return DYAD_OK; /* readable, or another problem reported later */
    dyad_buf uri;
    dyad__buf_init(&uri, &st->mem);
    dyad__buf_puts(&uri, "file:");
    for (const char *p = st->path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#')
            dyad__buf_printf(&uri, "%%%02X", (unsigned char)*p);
        else
            dyad__buf_putc(&uri, *p);
    }
    dyad__buf_puts(&uri, "?immutable=1");
    if (uri.failed) {
        dyad__buf_free(&uri);
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    }
    sqlite3 *db = NULL;
    rc = sqlite3_open_v2(uri.ptr, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX,
                         NULL);
    dyad__buf_free(&uri);
    if (rc != SQLITE_OK) {
        sqlite3_close_v2(db);
        return DYAD_OK; /* keep the first handle: its error is the one to report */
    }
    sqlite3_close_v2(st->db);
    st->db = db;
    return DYAD_OK;
}

dyad_status dyad_store_open(dyad_store **out, const char *path, unsigned flags, dyad_error *err)
{
    *out = NULL;
    if (!path || !*path)
        return dyad__err(err, DYAD_EINVAL, NULL, 0, "dyad_store_open: no database path");
    dyad_mem mem;
    dyad__mem_init(&mem, NULL);
    dyad_store *st = dyad__malloc(&mem, sizeof *st);
    if (!st)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    memset(st, 0, sizeof *st);
    st->mem = mem;
    st->stub.mem = mem;
    st->flags = flags;
    st->batch_n = 500;
    st->batch_ms = 500;
    st->path = dyad__strdup(&mem, path);
    st->stmts = dyad__malloc(&mem, S_COUNT * sizeof *st->stmts);
    if (!st->path || !st->stmts) {
        dyad_store_close(st, NULL);
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    }
    memset(st->stmts, 0, S_COUNT * sizeof *st->stmts);

    bool ro = flags & DYAD_STORE_READONLY;
    int oflags = (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                 SQLITE_OPEN_NOMUTEX; /* one thread at a time: the API says so */
    int rc = sqlite3_open_v2(path, &st->db, oflags, NULL);
    dyad_status code = DYAD_OK;
    if (rc != SQLITE_OK) {
        code = dyad__store_err(st, rc, "cannot open database", err);
        goto fail;
    }
    sqlite3_busy_timeout(st->db, 5000);
    if (ro && rc == SQLITE_OK && (code = reopen_immutable(st, err)) != DYAD_OK)
        goto fail;
    /* SQLite silently falls back to read-only on a file it cannot write;
     * better to say so now than at the first insert. */
    if (!ro && sqlite3_db_readonly(st->db, "main") == 1) {
        code = dyad__err(err, DYAD_EIO, path, 0, "database is read-only");
        goto fail;
    }
    /* Check it is a database at all (a text file gives SQLITE_NOTADB here). */
    int v = 0;
    if ((code = user_version(st, &v, err)) != DYAD_OK)
        goto fail;
    if ((code = exec(st, "PRAGMA foreign_keys = ON", "configuring", err)) != DYAD_OK)
        goto fail;
    if (!ro) {
        /* WAL: readers (queries) never block the writer; synchronous=NORMAL
         * is crash-safe in WAL mode (a crash loses at most the last commits,
         * never consistency) and much faster than FULL. A 16 MB page cache
         * (default 2 MB) keeps the indexes of a large store in memory. */
        if ((code = exec(st, "PRAGMA journal_mode = WAL", "configuring", err)) != DYAD_OK ||
            (code = exec(st, "PRAGMA synchronous = NORMAL", "configuring", err)) != DYAD_OK ||
            (code = exec(st, "PRAGMA cache_size = -16384", "configuring", err)) != DYAD_OK ||
            (code = exec(st, "PRAGMA wal_autocheckpoint = 4096", "configuring", err)) != DYAD_OK)
            goto fail;
    }
    if ((code = migrate(st, err)) != DYAD_OK)
        goto fail;
    *out = st;
    return DYAD_OK;
fail:
    dyad_store_close(st, NULL);
    return code;
}

void dyad_store_set_busy_timeout(dyad_store *st, int ms)
{
    if (st && st->db)
        sqlite3_busy_timeout(st->db, ms < 0 ? 0 : ms);
}

void dyad_store_set_batch(dyad_store *st, unsigned articles, unsigned ms)
{
    if (!st)
        return;
    st->batch_n = articles ? articles : 1;
    st->batch_ms = ms;
}

dyad_status dyad_store_commit(dyad_store *st, dyad_error *err)
{
    if (!st || !st->in_tx)
        return DYAD_OK;
    int rc = sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        dyad_status code = dyad__store_err(st, rc, "commit", err);
        /* A failed COMMIT (disk full) may leave the transaction open: roll
         * it back so the database holds only what was committed before. */
        if (!sqlite3_get_autocommit(st->db))
            sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
        st->in_tx = false;
        st->pending = 0;
        return code;
    }
    st->in_tx = false;
    st->pending = 0;
    return DYAD_OK;
}

dyad_status dyad_store_close(dyad_store *st, dyad_error *err)
{
    if (!st)
        return DYAD_OK;
    dyad_status code = DYAD_OK;
    if (st->db && st->in_tx)
        code = dyad_store_commit(st, err);
    if (st->stmts)
        for (int i = 0; i < S_COUNT; i++)
            sqlite3_finalize(st->stmts[i]);
    if (st->db && !(st->flags & DYAD_STORE_READONLY) && code == DYAD_OK)
        sqlite3_exec(st->db, "PRAGMA optimize", NULL, NULL, NULL); /* keeps query plans good */
    sqlite3_close_v2(st->db);
    dyad_mem mem = st->mem;
    dyad__free(&mem, st->stmts);
    dyad__free(&mem, st->path);
    dyad__free(&mem, st);
    return code;
}

/* ------------------------------------------- hashes and near-duplicates */

enum {
    SHINGLE = 3,      /* words per shingle: short enough that an edit spoils few */
    MINHASH = 64,     /* signature length: similarity estimated within ~0.06 */
    BANDS = 16,       /* LSH: 16 bands of 4 rows, candidate threshold ~ (1/16)^(1/4) = 0.5 */
    ROWS = MINHASH / BANDS,
    MIN_SHINGLES = 10,     /* shorter texts: exact duplicates only */
    MAX_SHINGLES = 20000,  /* the first 20000 shingles tell a copy well enough */
    MAX_CANDIDATES = 64,
    MAX_VERIFIED = 8, /* signatures compared, the candidates sharing most bands first */
};
/* Estimated Jaccard similarity from which two articles are one story. */
#define NEAR_THRESHOLD 0.5
/* From which a copy is not indexed itself: the article it matched stands
 * for it (a popular wire story would otherwise add 16 index rows per
 * outlet, for nothing). */
#define SAME_THRESHOLD 0.9

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ull;
    }
    return h;
}
#define FNV_INIT 14695981039346656037ull

static uint64_t splitmix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ull;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
    return x ^ (x >> 31);
}

typedef struct {
    uint64_t content;   /* 0: the text has no words */
    size_t shingles;
    uint32_t sig[MINHASH];
} fingerprint;

/* The content hash and MinHash signature of the article's words, read from
 * its tokens: their folded forms (lowercase, no accents, ASCII quotes) are
 * the normalised text, so a copy that differs in case, accents, spacing
 * or punctuation hashes the same. */
static void fingerprint_doc(const dyad_doc *doc, fingerprint *fp)
{
    memset(fp, 0, sizeof *fp);
    for (int j = 0; j < MINHASH; j++)
        fp->sig[j] = UINT32_MAX;
    /* MinHash with MINHASH universal hashes h_j(x) = (a_j x + b_j) >> 32. */
    uint64_t a[MINHASH], b[MINHASH];
    for (int j = 0; j < MINHASH; j++) {
        a[j] = splitmix(2u * (uint64_t)j) | 1u;
        b[j] = splitmix(2u * (uint64_t)j + 1u);
    }
    uint64_t content = FNV_INIT, last[SHINGLE] = {0};
    size_t words = 0;
    for (size_t i = 0; i < doc->n_toks; i++) {
        const dyad_token *t = &doc->toks[i];
        if (!(t->flags & (DYAD_TOK_WORD | DYAD_TOK_NUM)) || !t->fold)
            continue;
        content = fnv(content, t->fold, t->fold_len);
        content = fnv(content, " ", 1);
        memmove(last, last + 1, (SHINGLE - 1) * sizeof last[0]);
        last[SHINGLE - 1] = fnv(FNV_INIT, t->fold, t->fold_len);
        if (++words < SHINGLE || fp->shingles >= MAX_SHINGLES)
            continue;
        uint64_t sh = 0;
        for (int k = 0; k < SHINGLE; k++)
            sh = splitmix(sh ^ last[k]);
        fp->shingles++;
        for (int j = 0; j < MINHASH; j++) {
            uint32_t v = (uint32_t)((a[j] * sh + b[j]) >> 32);
            if (v < fp->sig[j])
                fp->sig[j] = v;
        }
    }
    fp->content = words ? (content ? content : 1) : 0;
}

static uint64_t band_key(const fingerprint *fp, int band)
{
    uint64_t h = fnv(FNV_INIT, &band, sizeof band);
    for (int r = 0; r < ROWS; r++) {
        uint32_t v = fp->sig[band * ROWS + r];
        unsigned char le[4] = {(unsigned char)v, (unsigned char)(v >> 8),
                               (unsigned char)(v >> 16), (unsigned char)(v >> 24)};
        h = fnv(h, le, 4);
    }
    return h;
}

static void sig_to_blob(const fingerprint *fp, unsigned char out[MINHASH * 4])
{
    for (int j = 0; j < MINHASH; j++) {
        uint32_t v = fp->sig[j];
        out[4 * j] = (unsigned char)v;
        out[4 * j + 1] = (unsigned char)(v >> 8);
        out[4 * j + 2] = (unsigned char)(v >> 16);
        out[4 * j + 3] = (unsigned char)(v >> 24);
    }
}

/* Estimated Jaccard similarity: the share of equal signature slots. */
static double sig_similarity(const unsigned char *blob, const fingerprint *fp)
{
    int same = 0;
    for (int j = 0; j < MINHASH; j++) {
        uint32_t v = (uint32_t)blob[4 * j] | (uint32_t)blob[4 * j + 1] << 8 |
                     (uint32_t)blob[4 * j + 2] << 16 | (uint32_t)blob[4 * j + 3] << 24;
        same += v == fp->sig[j];
    }
    return (double)same / MINHASH;
}

/* The story an article belongs to: the story of the most similar stored
 * article found through the LSH bands, if it is similar enough; else 0.
 * Candidates that share more bands are likelier copies, so they are
 * verified first, and only MAX_VERIFIED of them: wire copies of a popular
 * story all share one story_id, any of them will do. */
static dyad_status find_story(dyad_store *st, const fingerprint *fp, sqlite3_int64 *story,
                              double *similarity, dyad_error *err)
{
    *story = 0;
    *similarity = 0;
    sqlite3_int64 cand[MAX_CANDIDATES];
    int hits[MAX_CANDIDATES];
    int n = 0, rc;
    sqlite3_stmt *s;
    dyad_status code;
    for (int band = 0; band < BANDS; band++) {
        if ((code = prepare(st, S_LSH_FIND, &s, err)) != DYAD_OK)
            return code;
        sqlite3_bind_int64(s, 1, (sqlite3_int64)band_key(fp, band));
        while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
            sqlite3_int64 a = sqlite3_column_int64(s, 0);
            int i = 0;
            while (i < n && cand[i] != a)
                i++;
            if (i < n)
                hits[i]++;
            else if (n < MAX_CANDIDATES) {
                cand[n] = a;
                hits[n++] = 1;
            }
        }
        if (rc != SQLITE_DONE)
            return dyad__store_err(st, rc, "near-duplicate lookup", err);
    }
    /* Most shared bands first, then the oldest article: deterministic. */
    for (int i = 1; i < n; i++) {
        for (int j = i; j > 0 && (hits[j] > hits[j - 1] ||
                                  (hits[j] == hits[j - 1] && cand[j] < cand[j - 1]));
             j--) {
            int th = hits[j];
            hits[j] = hits[j - 1];
            hits[j - 1] = th;
            sqlite3_int64 tc = cand[j];
            cand[j] = cand[j - 1];
            cand[j - 1] = tc;
        }
    }
    double best = -1;
    for (int i = 0; i < n && i < MAX_VERIFIED; i++) {
        if ((code = prepare(st, S_SIG_GET, &s, err)) != DYAD_OK)
            return code;
        sqlite3_bind_int64(s, 1, cand[i]);
        rc = sqlite3_step(s);
        if (rc != SQLITE_ROW && rc != SQLITE_DONE)
            return dyad__store_err(st, rc, "near-duplicate lookup", err);
        if (rc != SQLITE_ROW || sqlite3_column_bytes(s, 0) != MINHASH * 4)
            continue;
        double sim = sig_similarity(sqlite3_column_blob(s, 0), fp);
        sqlite3_int64 sid = sqlite3_column_int64(s, 1);
        if (sim >= NEAR_THRESHOLD && (sim > best || (sim == best && sid < *story))) {
            best = sim;
            *story = sid;
            *similarity = sim;
        }
    }
    return DYAD_OK;
}

/* The outlet as NumSources counts it: the source name, else the url's
 * host, else the article itself (an unknown outlet counts once per
 * article). Lowercased so "Le360" and "le360" are one source. */
static char *source_key(dyad_store *st, const dyad_doc *doc)
{
    char tmp[512];
    if (doc->source && doc->source[0]) {
        snprintf(tmp, sizeof tmp, "%s", doc->source);
    } else if (doc->url && strstr(doc->url, "://")) {
        const char *h = strstr(doc->url, "://") + 3;
        size_t n = strcspn(h, "/?#:");
        if (n > 4 && strncmp(h, "www.", 4) == 0) {
            h += 4;
            n -= 4;
        }
        snprintf(tmp, sizeof tmp, "%.*s", (int)(n < 400 ? n : 400), h);
    } else {
        snprintf(tmp, sizeof tmp, "article:%s", doc->id ? doc->id : "");
    }
    for (char *p = tmp; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return dyad__strdup(&st->mem, tmp);
}

/* ------------------------------------------------------------- adding */

/* The GDELT GLOBALEVENTID of an event, computed as out_gdelt.c does (FNV-1a
 * 64 of article id, 0xFF, event id; 63 bits), so the stored id and the one
 * `dyad code --format gdelt` writes agree. */
static sqlite3_int64 global_id(const char *article_id, const char *event_id)
{
    uint64_t h = fnv(FNV_INIT, article_id ? article_id : "", article_id ? strlen(article_id) : 0);
    h ^= 0xff;
    h *= 1099511628211ull;
    h = fnv(h, event_id ? event_id : "", event_id ? strlen(event_id) : 0) &
        0x7fffffffffffffffull;
    return (sqlite3_int64)(h ? h : 1);
}

static const char *precision_name(int p)
{
    switch (p) {
    case DYAD_PREC_YEAR: return "year";
    case DYAD_PREC_MONTH: return "month";
    case DYAD_PREC_DAY:
    case DYAD_PREC_MINUTE: return "day";
    default: return NULL;
    }
}

/* GDELT's SQLDATE: YYYYMMDD, a month or year written as its first day. */
static sqlite3_int64 sqldate(const dyad_date *d)
{
    if (d->precision == DYAD_PREC_NONE || d->year <= 0)
        return 0;
    int m = d->precision >= DYAD_PREC_MONTH && d->month >= 1 ? d->month : 1;
    int dd = d->precision >= DYAD_PREC_DAY && d->day >= 1 ? d->day : 1;
    return (sqlite3_int64)d->year * 10000 + m * 100 + dd;
}

static void bind_size(sqlite3_stmt *s, int i, size_t v, bool present)
{
    if (present)
        sqlite3_bind_int64(s, i, (sqlite3_int64)v);
    else
        sqlite3_bind_null(s, i);
}

typedef struct {
    sqlite3_int64 seq, story;
    const char *source_key;
    sqlite3_int64 added;
} article_ctx;

static dyad_status step_done(dyad_store *st, sqlite3_stmt *s, const char *what, dyad_error *err)
{
    int rc = sqlite3_step(s);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return dyad__store_err(st, rc, what, err);
    return DYAD_OK;
}

static dyad_status add_event(dyad_store *st, const dyad_doc *doc, const dyad_event *ev,
                             const article_ctx *ac, dyad_error *err)
{
    char date[11];
    dyad_date_format(&ev->date, date);
    const char *date_or_null = date[0] ? date : NULL;
    const char *src = ev->source.code, *tgt = ev->target.code;
    const char *code = ev->code ? ev->code : "";
    char root[3] = {ev->root[0], ev->root[1], '\0'};
    if (!root[0] && strlen(code) >= 2)
        memcpy(root, code, 2);
    int mentions = ev->mentions > 0 ? ev->mentions : 1;
    sqlite3_stmt *s;
    dyad_status rcode;

    if ((rcode = prepare(st, S_EV_FIND, &s, err)) != DYAD_OK)
        return rcode;
    bind_text(s, 1, date_or_null);
    bind_text(s, 2, src);
    bind_text(s, 3, tgt);
    bind_text(s, 4, code);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return dyad__store_err(st, rc, "looking up an event", err);
    sqlite3_int64 eid = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
    sqlite3_reset(s);

    if (eid) {
        /* Merge: mentions always add up; a source and a story count once. */
        if ((rcode = prepare(st, S_SRC_INSERT, &s, err)) != DYAD_OK)
            return rcode;
        sqlite3_bind_int64(s, 1, eid);
        bind_text(s, 2, ac->source_key);
        if ((rcode = step_done(st, s, "counting sources", err)) != DYAD_OK)
            return rcode;
        int new_source = sqlite3_changes(st->db) > 0;
        if ((rcode = prepare(st, S_STORY_INSERT, &s, err)) != DYAD_OK)
            return rcode;
        sqlite3_bind_int64(s, 1, eid);
        sqlite3_bind_int64(s, 2, ac->story);
        if ((rcode = step_done(st, s, "counting articles", err)) != DYAD_OK)
            return rcode;
        int new_story = sqlite3_changes(st->db) > 0;
        if ((rcode = prepare(st, S_EV_UPDATE, &s, err)) != DYAD_OK)
            return rcode;
        sqlite3_bind_int64(s, 1, eid);
        sqlite3_bind_int(s, 2, mentions);
        sqlite3_bind_int(s, 3, new_source);
        sqlite3_bind_int(s, 4, new_story);
        if ((rcode = step_done(st, s, "updating an event", err)) != DYAD_OK)
            return rcode;
        st->session.events_merged++;
    } else {
        if ((rcode = prepare(st, S_EV_INSERT, &s, err)) != DYAD_OK)
            return rcode;
        sqlite3_bind_int64(s, 1, global_id(doc->id, ev->event_id));
        sqlite3_bind_int64(s, 2, ac->seq);
        bind_text(s, 3, doc->id);
        bind_text(s, 4, ev->event_id ? ev->event_id : "");
        bind_text(s, 5, date_or_null);
        bind_text(s, 6, date_or_null ? precision_name(ev->date.precision) : NULL);
        sqlite3_int64 sd = sqldate(&ev->date);
        if (sd)
            sqlite3_bind_int64(s, 7, sd);
        bool hs = src != NULL, ht = tgt != NULL;
        bind_text(s, 8, src);
        bind_text(s, 9, hs ? ev->source.country : NULL);
        bind_text(s, 10, hs && ev->source.role && ev->source.role[0] ? ev->source.role : NULL);
        bind_text(s, 11, hs ? ev->source.text : NULL);
        bind_size(s, 12, ev->source.start, hs);
        bind_size(s, 13, ev->source.end, hs);
        bind_text(s, 14, tgt);
        bind_text(s, 15, ht ? ev->target.country : NULL);
        bind_text(s, 16, ht && ev->target.role && ev->target.role[0] ? ev->target.role : NULL);
        bind_text(s, 17, ht ? ev->target.text : NULL);
        bind_size(s, 18, ev->target.start, ht);
        bind_size(s, 19, ev->target.end, ht);
        bind_text(s, 20, code);
        bind_text(s, 21, root);
        sqlite3_bind_int(s, 22, ev->quad_class);
        sqlite3_bind_double(s, 23, ev->goldstein);
        bind_text(s, 24, ev->trigger_text);
        bind_size(s, 25, ev->trigger_start, ev->trigger_text != NULL);
        bind_size(s, 26, ev->trigger_end, ev->trigger_text != NULL);
        const dyad_place *p = ev->location;
        if (p) {
            bind_text(s, 27, p->name);
            bind_text(s, 28, p->country);
            bind_text(s, 29, p->adm1 && p->adm1[0] ? p->adm1 : NULL);
            sqlite3_bind_double(s, 30, p->lat);
            sqlite3_bind_double(s, 31, p->lon);
            if (p->geonames_id > 0)
                sqlite3_bind_int64(s, 32, p->geonames_id);
            sqlite3_bind_int(s, 33, p->type);
        }
        sqlite3_bind_int(s, 34, mentions);
        bind_text(s, 35, ev->sentence);
        sqlite3_bind_int(s, 36, ev->sentence_index);
        bind_text(s, 37, ev->lang ? ev->lang : dyad__lang_name(doc->lang));
        sqlite3_bind_int(s, 38, ev->sentence_index <= 2);
        sqlite3_bind_int64(s, 39, ac->added);
        if ((rcode = step_done(st, s, "storing an event", err)) != DYAD_OK)
            return rcode;
        eid = sqlite3_last_insert_rowid(st->db);
        if ((rcode = prepare(st, S_SRC_INSERT, &s, err)) != DYAD_OK)
            return rcode;
        sqlite3_bind_int64(s, 1, eid);
        bind_text(s, 2, ac->source_key);
        if ((rcode = step_done(st, s, "counting sources", err)) != DYAD_OK)
            return rcode;
        if ((rcode = prepare(st, S_STORY_INSERT, &s, err)) != DYAD_OK)
            return rcode;
        sqlite3_bind_int64(s, 1, eid);
        sqlite3_bind_int64(s, 2, ac->story);
        if ((rcode = step_done(st, s, "counting articles", err)) != DYAD_OK)
            return rcode;
        st->session.events_new++;
    }

    if ((rcode = prepare(st, S_MENTION_INSERT, &s, err)) != DYAD_OK)
        return rcode;
    sqlite3_bind_int64(s, 1, eid);
    sqlite3_bind_int64(s, 2, ac->seq);
    bind_text(s, 3, ev->event_id ? ev->event_id : "");
    sqlite3_bind_int(s, 4, mentions);
    sqlite3_bind_int(s, 5, ev->sentence_index);
    bind_text(s, 6, ev->sentence);
    bind_size(s, 7, ev->source.start, src != NULL);
    bind_size(s, 8, ev->source.end, src != NULL);
    bind_size(s, 9, ev->target.start, tgt != NULL);
    bind_size(s, 10, ev->target.end, tgt != NULL);
    bind_size(s, 11, ev->trigger_start, ev->trigger_text != NULL);
    bind_size(s, 12, ev->trigger_end, ev->trigger_text != NULL);
    return step_done(st, s, "storing a mention", err);
}

/* Is there a row for `key` in statement `which`? */
static dyad_status exists(dyad_store *st, int which, const char *text, sqlite3_int64 num,
                          bool *found, dyad_error *err)
{
    sqlite3_stmt *s;
    dyad_status code = prepare(st, which, &s, err);
    if (code != DYAD_OK)
        return code;
    if (text)
        bind_text(s, 1, text);
    else
        sqlite3_bind_int64(s, 1, num);
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return dyad__store_err(st, rc, "looking up an article", err);
    *found = rc == SQLITE_ROW;
    sqlite3_reset(s);
    return DYAD_OK;
}

/* The article's rows, inside the caller's savepoint. */
static dyad_status add_article(dyad_store *st, const dyad_doc *doc, const fingerprint *fp,
                               bool *added, dyad_error *err)
{
    bool found = false;
    dyad_status code = exists(st, S_ART_BY_ID, doc->id ? doc->id : "", 0, &found, err);
    if (code != DYAD_OK || found)
        return code;
    if (fp->content) {
        code = exists(st, S_ART_BY_HASH, NULL, (sqlite3_int64)fp->content, &found, err);
        if (code != DYAD_OK || found)
            return code;
    }
    sqlite3_stmt *s;
    if ((code = prepare(st, S_NEXT_SEQ, &s, err)) != DYAD_OK)
        return code;
    int rc = sqlite3_step(s);
    if (rc != SQLITE_ROW)
        return dyad__store_err(st, rc, "numbering an article", err);
    article_ctx ac = {.seq = sqlite3_column_int64(s, 0), .added = utc_stamp()};
    sqlite3_reset(s);

    bool near = fp->shingles >= MIN_SHINGLES && !(st->flags & DYAD_STORE_NO_NEARDUP);
    double sim = 0;
    if (near && (code = find_story(st, fp, &ac.story, &sim, err)) != DYAD_OK)
        return code;
    if (sim >= SAME_THRESHOLD)
        near = false; /* no signature, no index rows: the match stands for it */
    if (ac.story)
        st->session.near_duplicates++;
    else
        ac.story = ac.seq;
    char *skey = source_key(st, doc);
    if (!skey)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    ac.source_key = skey;

    if ((code = prepare(st, S_ART_INSERT, &s, err)) != DYAD_OK)
        goto done;
    char date[11];
    dyad_date_format(&doc->date, date);
    unsigned char blob[MINHASH * 4];
    sqlite3_bind_int64(s, 1, ac.seq);
    bind_text(s, 2, doc->id ? doc->id : "");
    bind_text(s, 3, doc->url);
    bind_text(s, 4, doc->source);
    bind_text(s, 5, doc->agencies);
    bind_text(s, 6, date[0] ? date : NULL);
    bind_text(s, 7, dyad__lang_name(doc->lang));
    bind_text(s, 8, doc->title);
    if (fp->content)
        sqlite3_bind_int64(s, 9, (sqlite3_int64)fp->content);
    sqlite3_bind_int64(s, 10, ac.story);
    bind_text(s, 11, skey);
    if (near) {
        sig_to_blob(fp, blob);
        sqlite3_bind_blob(s, 12, blob, sizeof blob, SQLITE_STATIC);
    }
    sqlite3_bind_int64(s, 13, (sqlite3_int64)doc->text_len);
    sqlite3_bind_int64(s, 14, (sqlite3_int64)doc->n_events);
    sqlite3_bind_int64(s, 15, ac.added);
    if ((code = step_done(st, s, "storing an article", err)) != DYAD_OK)
        goto done;
    for (int band = 0; near && band < BANDS; band++) {
        if ((code = prepare(st, S_LSH_INSERT, &s, err)) != DYAD_OK)
            goto done;
        sqlite3_bind_int64(s, 1, (sqlite3_int64)band_key(fp, band));
        sqlite3_bind_int64(s, 2, ac.seq);
        if ((code = step_done(st, s, "storing an article", err)) != DYAD_OK)
            goto done;
    }
    for (size_t i = 0; i < doc->n_events; i++)
        if ((code = add_event(st, doc, &doc->events[i], &ac, err)) != DYAD_OK)
            goto done;
    *added = true;
done:
    dyad__free(&st->mem, skey);
    return code;
}

dyad_status dyad_store_add(dyad_store *st, const dyad_doc *doc, bool *added, dyad_error *err)
{
    bool dummy;
    if (!added)
        added = &dummy;
    *added = false;
    if (!st || !doc)
        return dyad__err(err, DYAD_EINVAL, NULL, 0, "dyad_store_add: bad arguments");
    if (st->flags & DYAD_STORE_READONLY)
        return dyad__err(err, DYAD_EINVAL, st->path, 0, "database opened read-only");
    fingerprint fp;
    fingerprint_doc(doc, &fp); /* outside the transaction: pure computation */

    dyad_status code;
    if (!st->in_tx) {
        /* IMMEDIATE takes the write lock now (waiting up to the busy
         * timeout), so a batch never fails half-way for want of it. */
        if ((code = exec(st, "BEGIN IMMEDIATE", "cannot write", err)) != DYAD_OK)
            return code;
        st->in_tx = true;
        st->pending = 0;
        st->tx_start_ms = now_ms();
    }
    if ((code = exec(st, "SAVEPOINT article", "storing an article", err)) != DYAD_OK)
        goto fail_tx;
    code = add_article(st, doc, &fp, added, err);
    if (code != DYAD_OK) {
        /* Undo this article only; the batch before it stays. */
        sqlite3_exec(st->db, "ROLLBACK TO article", NULL, NULL, NULL);
        sqlite3_exec(st->db, "RELEASE article", NULL, NULL, NULL);
        *added = false;
        goto fail_tx;
    }
    if ((code = exec(st, "RELEASE article", "storing an article", err)) != DYAD_OK)
        goto fail_tx;
    if (*added)
        st->session.added++;
    else
        st->session.skipped++;
    st->pending++;
    if (st->pending >= st->batch_n || now_ms() - st->tx_start_ms >= st->batch_ms)
        return dyad_store_commit(st, err);
    return DYAD_OK;
fail_tx:
    /* SQLite rolls the whole transaction back itself after some errors
     * (disk full, I/O): keep our flag in step. */
    if (sqlite3_get_autocommit(st->db)) {
        st->in_tx = false;
        st->pending = 0;
    }
    return code;
}

/* ------------------------------------------------------------ statistics */

static dyad_status count_rows(dyad_store *st, const char *sql, size_t *out, dyad_error *err)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_step(s);
    if (rc != SQLITE_ROW) {
        dyad_status code = dyad__store_err(st, rc, "counting rows", err);
        sqlite3_finalize(s);
        return code;
    }
    *out = (size_t)sqlite3_column_int64(s, 0);
    sqlite3_finalize(s);
    return DYAD_OK;
}

dyad_status dyad_store_get_stats(dyad_store *st, dyad_store_stats *out, dyad_error *err)
{
    *out = st->session;
    dyad_status code;
    if ((code = count_rows(st, "SELECT count(*) FROM articles", &out->articles, err)) ||
        (code = count_rows(st, "SELECT count(*) FROM events", &out->events, err)) ||
        (code = count_rows(st, "SELECT count(*) FROM mentions", &out->mentions, err)) ||
        (code = count_rows(st, "SELECT count(DISTINCT story_id) FROM articles", &out->stories,
                           err)))
        return code;
    return DYAD_OK;
}

dyad_status dyad_store_has_article(dyad_store *st, const char *id, bool *found, dyad_error *err)
{
    *found = false;
    if (!st || !id)
        return dyad__err(err, DYAD_EINVAL, NULL, 0, "dyad_store_has_article: bad arguments");
    return exists(st, S_ART_BY_ID, id, 0, found, err);
}

/*
 * dyad.h -- the public interface of libdyad.
 *
 * libdyad turns news articles (French and English) into CAMEO-coded political
 * events. This header is the library's reference manual: every function says
 * who owns what it returns, how long borrowed pointers live, which errors it
 * returns and whether it is thread-safe.
 *
 * Objects:
 *   dyad_ctx     dictionaries and patterns; immutable once open, shared by threads.
 *   dyad_worker  per-thread scratch (stemmers, caches); not thread-safe.
 *   dyad_reader  a stream of articles from a .txt or .jsonl file.
 *   dyad_doc     one analysed article (structure, sentences, tokens, events);
 *                owns one arena, released by dyad_doc_free.
 *
 * The library never prints, never exits and never reads the environment.
 */
#ifndef DYAD_DYAD_H
#define DYAD_DYAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(DYAD_BUILDING) && defined(__GNUC__)
#define DYAD_API __attribute__((visibility("default")))
#else
#define DYAD_API
#endif

#define DYAD_VERSION "0.1.0"

/* ---------------------------------------------------------------- errors */

typedef enum {
    DYAD_OK = 0,
    DYAD_ENOMEM,    /* out of memory */
    DYAD_EIO,       /* a file could not be opened, read or written */
    DYAD_EINVAL,    /* bad argument or option */
    DYAD_EPARSE,    /* bad input record (reported, skipped; reading goes on) */
    DYAD_EDATA,     /* bad dictionary or data file (file:line in the error) */
    DYAD_EDB,       /* database error */
    DYAD_EOF,       /* end of a stream: not an error */
} dyad_status;

/* Filled by functions that fail (or warn). `file` and `line` locate the
 * problem in an input or data file when there is one (line 0: none). */
typedef struct {
    dyad_status code;
    char msg[512];
    char file[256];
    long line;
} dyad_error;

/* A static, never-NULL description of a status code. Thread-safe. */
DYAD_API const char *dyad_strerror(dyad_status code);

/* Optional allocator hooks; NULL members mean the C library's. */
typedef struct {
    void *(*malloc)(size_t size, void *ud);
    void *(*realloc)(void *ptr, size_t size, void *ud);
    void (*free)(void *ptr, void *ud);
    void *ud;
} dyad_allocator;

/* ----------------------------------------------------------------- dates */

typedef enum {
    DYAD_PREC_NONE = 0, /* no date */
    DYAD_PREC_YEAR,
    DYAD_PREC_MONTH,
    DYAD_PREC_DAY,
    DYAD_PREC_MINUTE, /* day plus a time of day */
} dyad_precision;

typedef struct {
    int16_t year;
    int8_t month, day, hour, minute; /* 0 when unknown */
    uint8_t precision;               /* dyad_precision */
} dyad_date;

/* Writes "YYYY", "YYYY-MM" or "YYYY-MM-DD" (or "" for no date) into buf,
 * which must hold 11 bytes; returns buf. */
DYAD_API char *dyad_date_format(const dyad_date *d, char buf[11]);

/* -------------------------------------------------------------- context */

typedef struct dyad_ctx dyad_ctx;

typedef struct {
    const char *data_dir;       /* dictionaries; NULL: the compiled-in default */
    const dyad_allocator *mem;  /* NULL: malloc/realloc/free */
    unsigned flags;             /* reserved, 0 */
} dyad_config;

/* Loads every dictionary under cfg->data_dir. On error *out is NULL and err
 * says which file and line was wrong. The context is immutable afterwards:
 * any number of threads may use it at once. */
DYAD_API dyad_status dyad_ctx_open(dyad_ctx **out, const dyad_config *cfg, dyad_error *err);
DYAD_API void dyad_ctx_close(dyad_ctx *ctx); /* NULL is fine */

/* Load statistics, for `dyad info` and benchmarks. */
typedef struct {
    size_t actor_forms, agent_forms, people, patterns, verb_forms, places;
    double load_ms;
} dyad_ctx_stats;
DYAD_API void dyad_ctx_get_stats(const dyad_ctx *ctx, dyad_ctx_stats *out);

/* --------------------------------------------------------------- articles */

/* One gold event carried by an input line (section 6 of the contract). */
typedef struct {
    const char *source; /* NULL: not scored */
    const char *target; /* NULL: not scored */
    const char *code;
    const char *date;   /* "YYYY[-MM[-DD]]" or NULL */
} dyad_gold_event;

/* An article as read. All strings are UTF-8 (already repaired: invalid bytes
 * became U+FFFD), NUL-terminated, and borrowed from the reader until the next
 * dyad_reader_next call; NULL when absent. `text` may contain NUL bytes
 * only if the input did (they are replaced by spaces). */
typedef struct {
    const char *id;
    const char *text;
    size_t text_len;
    const char *title;
    const char *lang;   /* "fr", "en", or NULL (identify) */
    const char *source;
    const char *url;
    dyad_date date;     /* precision NONE when not given */
    bool is_plain;      /* true: a scraped plain article (.txt), analyse its layout */
    const char *file;   /* where it came from, for messages */
    long line;          /* line number in `file` (JSON Lines), 0 for .txt */
    size_t repairs;     /* invalid UTF-8 sequences replaced */
    size_t gold_count;  /* gold events, when the line has "events" */
    const dyad_gold_event *gold;
    bool has_gold;      /* the line had an "events" array (possibly empty) */
} dyad_article;

typedef struct dyad_reader dyad_reader;

typedef enum { DYAD_FMT_AUTO = 0, DYAD_FMT_TXT, DYAD_FMT_JSONL } dyad_input_format;

/* Opens `path` ("-" or NULL: standard input, read as JSON Lines unless
 * format says otherwise). AUTO picks by extension: .txt is a plain article,
 * anything else JSON Lines. Fails with DYAD_EIO if the file cannot be opened. */
DYAD_API dyad_status dyad_reader_open(dyad_reader **out, const char *path, dyad_input_format format,
                                      dyad_error *err);

/* Reads the next article into *out (borrowed until the next call).
 * Returns DYAD_OK with an article; DYAD_EOF at the end; DYAD_EPARSE when a
 * record was bad and skipped (err names file and line: the caller reports it
 * and calls again); DYAD_EIO on a read error; DYAD_ENOMEM. Memory does not
 * grow with the number of articles read. */
DYAD_API dyad_status dyad_reader_next(dyad_reader *r, dyad_article *out, dyad_error *err);
DYAD_API void dyad_reader_close(dyad_reader *r); /* NULL is fine */

/* An article from memory (no reader): fills *out to borrow `text`; the id is
 * `id` (may be NULL). */
DYAD_API void dyad_article_init(dyad_article *out, const char *id, const char *text, size_t len);

/* ---------------------------------------------------------------- workers */

typedef struct dyad_worker dyad_worker;

/* A worker holds per-thread state (stemmers, caches). Use one per thread. */
DYAD_API dyad_status dyad_worker_new(dyad_worker **out, const dyad_ctx *ctx, dyad_error *err);
DYAD_API void dyad_worker_free(dyad_worker *w); /* NULL is fine */

/* -------------------------------------------------------------- documents */

typedef struct dyad_doc dyad_doc;

enum {
    DYAD_PARSE_NO_CODE = 1u << 0, /* structure, sentences and tokens only */
};

/* Analyses one article: layout (for plain articles), language, sentences,
 * tokens, then (unless DYAD_PARSE_NO_CODE) events. The article's strings are
 * copied: the doc does not borrow from the reader. Bad content is never an
 * error; only DYAD_ENOMEM and DYAD_EINVAL are returned. */
DYAD_API dyad_status dyad_doc_parse(dyad_doc **out, dyad_worker *w, const dyad_article *a,
                                    unsigned flags, dyad_error *err);
DYAD_API void dyad_doc_free(dyad_doc *doc); /* NULL is fine */

/* Metadata, borrowed from the doc (valid until dyad_doc_free). */
typedef struct {
    const char *id;
    const char *title;    /* NULL if none */
    const char *lang;     /* "fr", "en" or "other" */
    const char *source;   /* outlet, e.g. "Le360"; NULL if unknown */
    const char *agencies; /* comma-separated, e.g. "AFP,Reuters"; NULL if none */
    const char *url;
    dyad_date date;
    const char *text;     /* the decoded article text all offsets refer to */
    size_t text_len;
    size_t paragraphs, sentences, tokens;
    size_t repairs;       /* invalid UTF-8 sequences replaced while reading */
} dyad_doc_info;
DYAD_API void dyad_doc_get_info(const dyad_doc *doc, dyad_doc_info *out);

/* ----------------------------------------------------------------- events */

typedef struct {
    const char *code;    /* full actor code ("RUSMIL", "IGOUNO"); NULL: no actor */
    const char *country; /* 3-letter prefix ("RUS", "IGO") */
    const char *role;    /* 3-letter role or NULL */
    const char *text;    /* the words of the article that named it */
    size_t start, end;   /* byte offsets of those words in the article text */
} dyad_actor_ref;

typedef struct {
    const char *name;    /* "Pyongyang" */
    const char *country; /* ISO3 */
    const char *adm1;    /* first-level region code or NULL */
    double lat, lon;
    long geonames_id;    /* 0 if unknown */
    int type;            /* 1 country, 2 region, 3 city/place (GDELT's geo types differ) */
} dyad_place;

typedef struct {
    const char *event_id;   /* "<article id>-<n>" */
    dyad_date date;
    dyad_actor_ref source, target;
    const char *code;       /* CAMEO code, e.g. "042" */
    char root[3];           /* "04" */
    int quad_class;         /* 1..4 */
    double goldstein;
    const char *trigger_text;
    size_t trigger_start, trigger_end;
    const dyad_place *location; /* NULL if none */
    int mentions;           /* sentences of the article that reported it */
    const char *sentence;   /* the first sentence that reported it */
    size_t sentence_start, sentence_end;
    int sentence_index;
    const char *lang;
    const char *rule;       /* the pattern that coded it: "data/patterns/04-consult.txt:66" */
    /* Where each actor is from, as GDELT's Actor1Geo/Actor2Geo: the actor's
     * country (its capital's coordinates); NULL for IGOs and unknowns. */
    const dyad_place *source_geo, *target_geo;
    const char *modality;   /* NULL (done), "intent" or "threat": how the code was chosen */
} dyad_event;

DYAD_API size_t dyad_doc_event_count(const dyad_doc *doc);
DYAD_API const dyad_event *dyad_doc_event(const dyad_doc *doc, size_t i); /* borrowed */

/* --------------------------------------------------------------- writers */

/* Output goes through a callback: returns 0 on success, non-zero to stop
 * (the writer then returns DYAD_EIO). */
typedef int (*dyad_write_fn)(void *ud, const char *data, size_t len);

/* Events as JSON Lines (contract section 5), one per line. */
DYAD_API dyad_status dyad_write_events_json(const dyad_doc *doc, dyad_write_fn fn, void *ud);

/* Events as GDELT 2.0 event table rows (61 tab-separated columns, no header).
 * `dateadded` is YYYYMMDDHHMMSS (the run's time, given by the caller). */
DYAD_API dyad_status dyad_write_events_gdelt(const dyad_doc *doc, const char *dateadded,
                                             dyad_write_fn fn, void *ud);

enum {
    DYAD_JSON_TOKENS = 1u << 0, /* include tokens in the structure dump */
    DYAD_JSON_PRETTY = 1u << 1,
};
/* The article's structure (metadata, paragraphs, sentences with offsets,
 * tokens with DYAD_JSON_TOKENS) as one JSON object followed by a newline. */
DYAD_API dyad_status dyad_write_doc_json(const dyad_doc *doc, unsigned flags, dyad_write_fn fn,
                                         void *ud);

/* ------------------------------------------------------------ evaluation */

typedef struct dyad_eval dyad_eval;

DYAD_API dyad_status dyad_eval_new(dyad_eval **out);
/* Scores one gold item: `a` must carry gold (a->has_gold), `doc` its coding.
 * Thread-compatible: one evaluator per thread or a lock. */
DYAD_API dyad_status dyad_eval_add(dyad_eval *ev, const dyad_article *a, const dyad_doc *doc);

typedef struct {
    size_t items, gold, predicted, matched;
    double precision, recall, f1;
} dyad_score;

typedef struct {
    dyad_score root, full;            /* all items */
    dyad_score root_by_lang[2], full_by_lang[2]; /* [0] fr, [1] en */
    size_t dated, dated_correct;      /* matched gold events with a date */
    double date_accuracy;
} dyad_eval_report;
DYAD_API void dyad_eval_get(const dyad_eval *ev, dyad_eval_report *out);

enum { DYAD_EVAL_DIFF = 1u << 0 };
/* A human-readable report; with DYAD_EVAL_DIFF, per-item differences
 * (missed gold events and false predictions) first. */
DYAD_API dyad_status dyad_eval_write(const dyad_eval *ev, unsigned flags, dyad_write_fn fn,
                                     void *ud);
DYAD_API void dyad_eval_free(dyad_eval *ev);


/* ------------------------------------------------------------------ store */

/* The event store: an SQLite database of articles, events and mentions
 * (schema and rules in docs/store.md). Events are merged across articles as
 * GDELT counts them: one row per (date, source, target, code), whose
 * NumMentions / NumSources / NumArticles grow with each article that reports
 * it. Lightly edited copies of one story (wire copies) share a story_id.
 * A store is used by one thread at a time; several processes may open the
 * same file (SQLite locking, WAL journal). */
typedef struct dyad_store dyad_store;

enum {
    DYAD_STORE_READONLY = 1u << 0, /* open an existing database for queries only */
    DYAD_STORE_NO_NEARDUP = 1u << 1, /* skip near-duplicate (story) detection */
};

/* Opens or creates the database at `path` (schema created or migrated, WAL
 * journal, foreign keys on). Fails with DYAD_EIO when the file cannot be
 * opened or is read-only (unless DYAD_STORE_READONLY), DYAD_EDB when it is
 * not a dyad database, is locked beyond the busy timeout or is newer than
 * this library; err->msg then carries SQLite's message. */
DYAD_API dyad_status dyad_store_open(dyad_store **out, const char *path, unsigned flags,
                                     dyad_error *err);

/* Tuning, all optional: how long to wait for another process's lock
 * (default 5000 ms) and how many articles / milliseconds to batch in one
 * transaction (default 500 articles or 500 ms; 1 commits every article). */
DYAD_API void dyad_store_set_busy_timeout(dyad_store *st, int ms);
DYAD_API void dyad_store_set_batch(dyad_store *st, unsigned articles, unsigned ms);

/* Stores one analysed article and its events. The article is skipped
 * (nothing changes, *added = false) when an article with the same id or the
 * same normalised text is already stored. Writes are batched: an article is
 * durable after the next commit (dyad_store_commit, dyad_store_close, or the
 * batch limits above); a crash loses at most the open batch, and only whole
 * articles. `added` may be NULL. Errors: DYAD_EDB, DYAD_EIO (disk full,
 * read-only), DYAD_ENOMEM; the article is then not stored. */
DYAD_API dyad_status dyad_store_add(dyad_store *st, const dyad_doc *doc, bool *added,
                                    dyad_error *err);

/* Whether an article with this id is stored (or added in the open batch):
 * lets a caller skip analysing what dyad_store_add would skip anyway. */
DYAD_API dyad_status dyad_store_has_article(dyad_store *st, const char *id, bool *found,
                                            dyad_error *err);

/* Commits the open batch, if any. */
DYAD_API dyad_status dyad_store_commit(dyad_store *st, dyad_error *err);

/* Commits and closes. Returns the commit's status; the store is freed in
 * every case. NULL is fine. */
DYAD_API dyad_status dyad_store_close(dyad_store *st, dyad_error *err);

typedef struct {
    size_t articles, events, mentions, stories; /* rows in the database */
    size_t added, skipped;           /* articles added / skipped as duplicates, this session */
    size_t events_new, events_merged; /* events of added articles: new rows / merged into rows */
    size_t near_duplicates;          /* added articles joined to an existing story */
} dyad_store_stats;

/* Counts rows (a few COUNT queries) and this session's totals. */
DYAD_API dyad_status dyad_store_get_stats(dyad_store *st, dyad_store_stats *out,
                                          dyad_error *err);

/* ------------------------------------------------------------- CSV, query */

/* Events as CSV (RFC 4180): the fields of the JSON Lines flattened, one
 * column each (source_code, source_country, ..., location_lat, ...), then
 * num_mentions, num_sources, num_articles (for a single article: mentions,
 * 1, 1). The header line is written by dyad_write_events_csv_header; the
 * column list is in docs/cli.md. */
DYAD_API dyad_status dyad_write_events_csv_header(dyad_write_fn fn, void *ud);
DYAD_API dyad_status dyad_write_events_csv(const dyad_doc *doc, dyad_write_fn fn, void *ud);

typedef enum {
    DYAD_OUT_TABLE = 0, /* aligned columns for a terminal (queries only) */
    DYAD_OUT_JSON,      /* JSON Lines */
    DYAD_OUT_CSV,       /* header line, then rows */
    DYAD_OUT_GDELT,     /* GDELT 2.0 rows (event listings only) */
} dyad_out_format;

typedef enum {
    DYAD_BY_NONE = 0,
    DYAD_BY_DAY,
    DYAD_BY_WEEK,  /* ISO weeks, labelled by their Monday */
    DYAD_BY_MONTH,
    DYAD_BY_YEAR,
} dyad_period;

typedef enum {
    DYAD_TOP_NONE = 0,
    DYAD_TOP_DYADS,  /* (source, target) pairs, directed */
    DYAD_TOP_ACTORS, /* actor codes, as source or target */
    DYAD_TOP_CODES,  /* event codes */
} dyad_top;

/* A query: every non-NULL / non-zero filter must hold. Actor codes match as
 * prefixes ("RUS" matches "RUSGOV"), so does `code` ("19" matches "190",
 * "1951"). Dates are "YYYY", "YYYY-MM" or "YYYY-MM-DD": `from` is the first
 * day it names, `to` the last; an event matches by its first day. */
typedef struct {
    const char *actor;            /* source or target */
    const char *source, *target;
    const char *dyad[2];          /* both set: this pair, either direction */
    const char *code, *root;
    int quad;                     /* 1..4, 0 any */
    const char *country;          /* ISO3 country of the event's location */
    const char *place;            /* location name, case-insensitive */
    const char *from, *to;
    dyad_period by;               /* aggregate per period (counts, mean Goldstein, by quad class) */
    dyad_top top;                 /* or the most frequent dyads / actors / codes */
    size_t limit;                 /* rows at most; 0: 1000 for events, 10 for --top,
                                   * SIZE_MAX: no bound */
} dyad_query;

typedef struct {
    size_t rows;    /* rows written */
    bool truncated; /* more rows matched than `limit` */
} dyad_query_result;

/* Runs q on the store and writes the rows in `fmt` through fn. Without an
 * aggregate the rows are events (oldest first, with their store counts);
 * DYAD_OUT_GDELT is only for those. SQL is parameterised: filter values are
 * never spliced into it. Errors: DYAD_EINVAL (a bad date, quad, format),
 * DYAD_EDB, DYAD_EIO (fn failed), DYAD_ENOMEM. `res` may be NULL. */
DYAD_API dyad_status dyad_store_query(dyad_store *st, const dyad_query *q, dyad_out_format fmt,
                                      dyad_write_fn fn, void *ud, dyad_query_result *res,
                                      dyad_error *err);

#ifdef __cplusplus
}
#endif
#endif /* DYAD_DYAD_H */

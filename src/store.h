/* store.h -- what store.c, query.c and out_csv.c share: the store handle
 * (SQLite stays inside these files and out of the public header) and the
 * CSV row writer the store's exports reuse. */
#ifndef DYAD_STORE_H
#define DYAD_STORE_H

#include "ctx.h"

#include <sqlite3.h>

/* The schema version this library writes (PRAGMA user_version). */
enum { DYAD__STORE_SCHEMA = 1 };

struct dyad_store {
    dyad_mem mem;
    /* A context with only an allocator: the event writers (out_json.c,
     * out_gdelt.c) take a doc, and exports hand them a doc rebuilt from a
     * row, which needs a ctx for its allocator, not dictionaries. */
    dyad_ctx stub;
    sqlite3 *db;
    char *path;
    unsigned flags;
    bool in_tx;           /* a batch transaction is open */
    unsigned pending;     /* articles in the open batch */
    double tx_start_ms;
    unsigned batch_n, batch_ms;
    sqlite3_stmt **stmts; /* prepared lazily, finalised on close */
    dyad_store_stats session;
};

/* Fills err from the database's last error: "path: message", with the
 * status SQLite's code maps to (SQLITE_FULL, _READONLY, _IOERR: DYAD_EIO;
 * _NOMEM: DYAD_ENOMEM; others DYAD_EDB). `what` says what was being done. */
dyad_status dyad__store_err(dyad_store *st, int rc, const char *what, dyad_error *err);

/* out_csv.c: one CSV row (with its newline) for event `ev` of the article
 * `article_id`, with the given store counts. */
void dyad__csv_event(dyad_buf *b, const char *article_id, const char *lang, const dyad_event *ev,
                     long num_mentions, long num_sources, long num_articles);

/* Query filters shared by query.c and the web API (webapi.c). */
/* An actor or event code prefix (3-30 letters/digits; digits only when
 * `digits`), uppercased, as the GLOB pattern "RUS*" in out. */
bool dyad__code_glob(const char *s, bool digits, char out[40]);
bool dyad__all_digits(const char *s, size_t n);
/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" as YYYYMMDD: the first day it names, or
 * with `last` its last. */
bool dyad__date_bound(const char *s, bool last, long long *out);

#endif

/* http.h -- `dyad serve`: a read-only HTTP server over the event store
 * (http.c: sockets, threads, static files, over libmicrohttpd) and its JSON
 * API (webapi.c: requests to SQL to JSON). The API reference is
 * docs/serve.md.
 *
 * Internal to dyad (the CLI links it from libdyad.a); like the rest of the
 * library it never prints, never exits, never reads the environment and
 * keeps no global state. */
#ifndef DYAD_HTTP_H
#define DYAD_HTTP_H

#include "internal.h"

/* A file the server hands out as is (the page: index.html, app.js, ...).
 * Only the files of this list are ever served: request paths never reach
 * the file system. */
typedef struct {
    const char *path;  /* "/index.html" */
    const char *ctype; /* "text/html; charset=utf-8" */
    const unsigned char *data;
    size_t len;
} dyad_static_file;

typedef struct {
    const char *db_path;  /* the store, opened read-only */
    const char *host;     /* address to bind: NULL "127.0.0.1"; "::1", "0.0.0.0" ... */
    unsigned port;        /* 0: a free port (see dyad__server_port) */
    unsigned threads;     /* worker threads, each with its own connection; 0: 4 */
    unsigned max_ms;      /* a query running longer is stopped (503); 0: 10000 */
    const dyad_static_file *files; /* "/" serves "/index.html" */
    size_t n_files;
    /* Called once per request from the worker threads (may be NULL):
     * "GET /api/events?actor=RUS 200 1234 0.8ms". Must be thread-safe. */
    void (*log)(void *ud, const char *line);
    void *log_ud;
} dyad_server_config;

typedef struct dyad_server dyad_server;

/* Opens the store (read-only, schema checked) and starts listening. Errors:
 * DYAD_EIO / DYAD_EDB from the store, DYAD_EINVAL for a bad host,
 * DYAD_EIO when the address cannot be bound (in use, ...). */
dyad_status dyad__server_start(dyad_server **out, const dyad_server_config *cfg,
                               dyad_error *err);
unsigned dyad__server_port(const dyad_server *srv); /* the bound port */
void dyad__server_stop(dyad_server *srv);           /* NULL is fine */

/* One request without a socket (tests, fuzzing): `path` is the decoded
 * path, keys[i] = vals[i] the decoded query arguments. Fills *status,
 * *ctype (static) and body. Thread-safe. */
typedef struct {
    int status;
    const char *ctype;
    dyad_buf body;
    const unsigned char *static_data; /* a static file: body unused */
    size_t static_len;
} dyad_http_reply;

void dyad__server_handle(dyad_server *srv, const char *method, const char *path,
                         const char *const *keys, const char *const *vals, size_t n_args,
                         dyad_http_reply *reply);

/* ------------------------------------------------- webapi.c (the API) */

enum {
    DYAD_API_MAX_ARGS = 24,     /* query arguments per request */
    DYAD_API_MAX_VALUE = 100,   /* bytes per argument value */
    DYAD_API_MAX_EVENTS = 500,  /* events per page */
    DYAD_API_MAX_OFFSET = 1000000,
    DYAD_API_MAX_PERIODS = 20000,
    DYAD_API_MAX_TOP = 100,
    DYAD_API_MAX_EDGES = 1000,
    DYAD_API_MAX_POINTS = 5000,
    DYAD_API_MAX_BODY = 8 << 20, /* bytes of a JSON answer */
};

/* Answers GET /api/... on a read-only store: fills reply (status, JSON
 * body). `path` starts with "/api/". */
void dyad__api_handle(dyad_store *st, const char *path, const char *const *keys,
                      const char *const *vals, size_t n_args, dyad_http_reply *reply);

/* A JSON error body {"error": msg, "status": code}. */
void dyad__api_error(dyad_http_reply *reply, int status, const char *msg);

#endif

/* http.c -- the HTTP side of `dyad serve` (docs/serve.md), over
 * libmicrohttpd: a pool of worker threads, each request served from a pool
 * of read-only store connections (one per thread), the page's files from a
 * fixed in-memory list, the JSON API from webapi.c.
 *
 * Safety, in short: only GET and HEAD; no request body; bounded URL,
 * headers, arguments, rows and answer size; a query stopped after max_ms;
 * the database opened read-only with `PRAGMA query_only`; no path ever
 * reaches the file system; on a loopback address, requests whose Host
 * header names another host are refused (DNS rebinding). */
#include "http.h"
#include "store.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#if MHD_VERSION < 0x00097002
typedef int MHD_RESULT;
#else
typedef enum MHD_Result MHD_RESULT;
#endif

enum { MAX_URL = 2048, CONN_MEMORY = 32 * 1024, MAX_CONNECTIONS = 512, CONN_TIMEOUT_S = 15 };

typedef struct {
    dyad_store *st;
    bool busy;
    double deadline_ms;
} slot;

struct dyad_server {
    dyad_mem mem;
    dyad_server_config cfg;
    struct MHD_Daemon *daemon;
    slot *slots;
    unsigned n_slots;
    pthread_mutex_t lock;
    pthread_cond_t freed;
    bool loopback;
    unsigned port;
    struct sockaddr_storage addr;
    /* Per-request states, as the addresses libmicrohttpd keeps for us:
     * a new request with a clean / a bad raw URI, headers read, answered. */
    char st_new, st_bad, st_go, st_done;
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* SQLite calls this every few thousand VM steps: a query past its
 * deadline is interrupted (SQLITE_INTERRUPT, answered 503). */
static int on_progress(void *ud)
{
    const slot *s = ud;
    return now_ms() > s->deadline_ms;
}

static slot *checkout(dyad_server *srv)
{
    pthread_mutex_lock(&srv->lock);
    for (;;) {
        for (unsigned i = 0; i < srv->n_slots; i++)
            if (!srv->slots[i].busy) {
                srv->slots[i].busy = true;
                pthread_mutex_unlock(&srv->lock);
                return &srv->slots[i];
            }
        pthread_cond_wait(&srv->freed, &srv->lock);
    }
}

static void checkin(dyad_server *srv, slot *s)
{
    pthread_mutex_lock(&srv->lock);
    s->busy = false;
    pthread_cond_signal(&srv->freed);
    pthread_mutex_unlock(&srv->lock);
}

void dyad__server_handle(dyad_server *srv, const char *method, const char *path,
                         const char *const *keys, const char *const *vals, size_t n_args,
                         dyad_http_reply *r)
{
    r->static_data = NULL;
    r->static_len = 0;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        dyad__api_error(r, 405, "only GET and HEAD");
        return;
    }
    if (strlen(path) > MAX_URL) {
        dyad__api_error(r, 414, "URL too long");
        return;
    }
    if (strncmp(path, "/api/", 5) == 0) {
        slot *s = checkout(srv);
        s->deadline_ms = now_ms() + srv->cfg.max_ms;
        dyad__api_handle(s->st, path, keys, vals, n_args, r);
        checkin(srv, s);
        return;
    }
    if (strcmp(path, "/") == 0)
        path = "/index.html";
    for (size_t i = 0; i < srv->cfg.n_files; i++) {
        const dyad_static_file *f = &srv->cfg.files[i];
        if (strcmp(f->path, path) == 0) {
            r->status = 200;
            r->ctype = f->ctype;
            r->static_data = f->data;
            r->static_len = f->len;
            return;
        }
    }
    dyad__api_error(r, 404, "not found");
}

/* ------------------------------------------------------------- sockets */

typedef struct {
    const char *keys[DYAD_API_MAX_ARGS + 1], *vals[DYAD_API_MAX_ARGS + 1];
    size_t n;
} arglist;

static MHD_RESULT collect_arg(void *cls, enum MHD_ValueKind kind, const char *k, const char *v)
{
    (void)kind;
    arglist *a = cls;
    if (a->n > DYAD_API_MAX_ARGS)
        return MHD_NO; /* one too many is enough to refuse the request */
    a->keys[a->n] = k ? k : "";
    a->vals[a->n] = v ? v : "";
    a->n++;
    return MHD_YES;
}

/* On a loopback address the Host header must name the loopback too: a
 * page elsewhere cannot then reach the server by rebinding its DNS name to
 * 127.0.0.1. */
static bool host_ok(const dyad_server *srv, struct MHD_Connection *c)
{
    if (!srv->loopback)
        return true;
    const char *h = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!h)
        return true; /* HTTP/1.0 */
    static const char *const ok[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        size_t n = strlen(ok[i]);
        if (strncmp(h, ok[i], n) == 0 && (h[n] == '\0' || h[n] == ':'))
            return true;
    }
    return false;
}

/* Sees the raw URI before libmicrohttpd decodes it: an encoded NUL
 * ("/index.html%00.js") would otherwise silently cut the decoded path. The
 * return value becomes the request's state (*req in on_request). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)c;
    dyad_server *srv = cls;
    for (const char *p = uri; *p; p++)
        if (p[0] == '%' && p[1] == '0' && p[2] == '0')
            return &srv->st_bad;
    return &srv->st_new;
}

static MHD_RESULT on_request(void *cls, struct MHD_Connection *c, const char *url,
                             const char *method, const char *version, const char *upload,
                             size_t *upload_size, void **req)
{
    (void)version;
    (void)upload;
    dyad_server *srv = cls;
    const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    const char *te = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
                                                 MHD_HTTP_HEADER_TRANSFER_ENCODING);
    bool has_body = te || (cl && strcmp(cl, "0") != 0);
    bool bad_uri = *req == &srv->st_bad;
    if (*req == &srv->st_done) { /* answered already: drop what comes */
        *upload_size = 0;
        return MHD_YES;
    }
    if (*req == &srv->st_new) { /* headers only so far */
        *req = &srv->st_go;
        if (!has_body)
            return MHD_YES; /* answer on the next call */
    }
    if (*upload_size) { /* a body: refused below, on the first call */
        *upload_size = 0;
        return MHD_YES;
    }
    double t0 = now_ms();
    dyad_http_reply r;
    memset(&r, 0, sizeof r);
    dyad__buf_init(&r.body, &srv->mem);
    arglist a;
    a.n = 0;
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
        dyad__api_error(&r, 405, "only GET and HEAD");
    else if (has_body)
        dyad__api_error(&r, 413, "no request body allowed");
    else if (bad_uri)
        dyad__api_error(&r, 400, "bad URL");
    else if (!host_ok(srv, c))
        dyad__api_error(&r, 403, "bad Host header");
    else if (strlen(url) > MAX_URL)
        dyad__api_error(&r, 414, "URL too long");
    else if (MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_arg, &a) >
                 DYAD_API_MAX_ARGS ||
             a.n > DYAD_API_MAX_ARGS)
        dyad__api_error(&r, 400, "too many parameters");
    else
        dyad__server_handle(srv, method, url, a.keys, a.vals, a.n, &r);

    struct MHD_Response *resp;
    if (r.static_data)
        resp = MHD_create_response_from_buffer(r.static_len, (void *)r.static_data,
                                               MHD_RESPMEM_PERSISTENT);
    else
        resp = MHD_create_response_from_buffer(r.body.len, r.body.ptr ? r.body.ptr : (void *)"",
                                               MHD_RESPMEM_MUST_COPY);
    size_t bytes = r.static_data ? r.static_len : r.body.len;
    dyad__buf_free(&r.body);
    if (!resp)
        return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r.ctype);
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Cache-Control", r.static_data ? "no-cache" : "no-store");
    if (r.static_data && strncmp(r.ctype, "text/html", 9) == 0) {
        MHD_add_response_header(resp, "Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self';"
                                " script-src 'self'; connect-src 'self'; frame-ancestors 'none';"
                                " base-uri 'none'; form-action 'none'");
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    }
    if (r.status == 405)
        MHD_add_response_header(resp, "Allow", "GET, HEAD");
    MHD_RESULT ok = MHD_queue_response(c, (unsigned)r.status, resp);
    *req = &srv->st_done;
    MHD_destroy_response(resp);
    if (srv->cfg.log) {
        char line[MAX_URL + 200];
        snprintf(line, sizeof line, "%s %.*s %d %zu %.1fms", method, MAX_URL, url, r.status, bytes,
                 now_ms() - t0);
        srv->cfg.log(srv->cfg.log_ud, line);
    }
    return ok;
}

static bool parse_host(dyad_server *srv, const char *host, unsigned port, bool *v6)
{
    memset(&srv->addr, 0, sizeof srv->addr);
    if (strcmp(host, "localhost") == 0)
        host = "127.0.0.1";
    struct sockaddr_in *a4 = (struct sockaddr_in *)&srv->addr;
    struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&srv->addr;
    if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
        a4->sin_family = AF_INET;
        a4->sin_port = htons((uint16_t)port);
        srv->loopback = (ntohl(a4->sin_addr.s_addr) >> 24) == 127;
        *v6 = false;
        return true;
    }
    if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
        a6->sin6_family = AF_INET6;
        a6->sin6_port = htons((uint16_t)port);
        srv->loopback = IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
        *v6 = true;
        return true;
    }
    return false;
}

dyad_status dyad__server_start(dyad_server **out, const dyad_server_config *cfg, dyad_error *err)
{
    *out = NULL;
    if (!cfg || !cfg->db_path || cfg->port > 65535)
        return dyad__err(err, DYAD_EINVAL, NULL, 0, "dyad serve: bad configuration");
    dyad_mem mem;
    dyad__mem_init(&mem, NULL);
    dyad_server *srv = dyad__malloc(&mem, sizeof *srv);
    if (!srv)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    memset(srv, 0, sizeof *srv);
    srv->mem = mem;
    srv->cfg = *cfg;
    if (!srv->cfg.host)
        srv->cfg.host = "127.0.0.1";
    if (!srv->cfg.threads)
        srv->cfg.threads = 4;
    if (srv->cfg.threads > 64)
        srv->cfg.threads = 64;
    if (!srv->cfg.max_ms)
        srv->cfg.max_ms = 10000;
    pthread_mutex_init(&srv->lock, NULL);
    pthread_cond_init(&srv->freed, NULL);
    bool v6 = false;
    dyad_status code = DYAD_OK;
    if (!parse_host(srv, srv->cfg.host, cfg->port, &v6)) {
        code = dyad__err(err, DYAD_EINVAL, NULL, 0,
                         "bad host '%s' (an IPv4 or IPv6 address, or localhost)", srv->cfg.host);
        goto fail;
    }
    srv->slots = dyad__malloc(&mem, srv->cfg.threads * sizeof *srv->slots);
    if (!srv->slots) {
        code = dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    memset(srv->slots, 0, srv->cfg.threads * sizeof *srv->slots);
    for (unsigned i = 0; i < srv->cfg.threads; i++) {
        slot *s = &srv->slots[i];
        if ((code = dyad_store_open(&s->st, cfg->db_path, DYAD_STORE_READONLY, err)) != DYAD_OK)
            goto fail;
        srv->n_slots++;
        /* Belt and braces: the connection is read-only already. */
        sqlite3_exec(s->st->db, "PRAGMA query_only = ON", NULL, NULL, NULL);
        sqlite3_progress_handler(s->st->db, 2000, on_progress, s);
        s->deadline_ms = now_ms() + srv->cfg.max_ms;
    }
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | (v6 ? MHD_USE_IPv6 : 0);
    srv->daemon = MHD_start_daemon(
        flags, (uint16_t)cfg->port, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&srv->addr, MHD_OPTION_THREAD_POOL_SIZE, (unsigned)srv->cfg.threads,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)MAX_CONNECTIONS, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)CONN_TIMEOUT_S, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONN_MEMORY,
        MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv, MHD_OPTION_END);
    if (!srv->daemon) {
        int e = errno;
        code = dyad__err(err, DYAD_EIO, NULL, 0, "cannot listen on %s port %u%s%s",
                         srv->cfg.host, cfg->port, e ? ": " : "", e ? strerror(e) : "");
        goto fail;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
    srv->port = info ? info->port : cfg->port;
    *out = srv;
    return DYAD_OK;
fail:
    dyad__server_stop(srv);
    return code;
}

unsigned dyad__server_port(const dyad_server *srv)
{
    return srv ? srv->port : 0;
}

void dyad__server_stop(dyad_server *srv)
{
    if (!srv)
        return;
    if (srv->daemon)
        MHD_stop_daemon(srv->daemon);
    for (unsigned i = 0; i < srv->n_slots; i++)
        dyad_store_close(srv->slots[i].st, NULL);
    pthread_mutex_destroy(&srv->lock);
    pthread_cond_destroy(&srv->freed);
    dyad_mem mem = srv->mem;
    dyad__free(&mem, srv->slots);
    dyad__free(&mem, srv);
}

/* serve.c -- `dyad serve --db FILE [--host H] [--port N] [--threads N]
 * [--max-ms MS] [--log] [-q]`: the event explorer (docs/serve.md). The page
 * (web/) is compiled in: $(B)/gen/web_assets.c is generated from web/ by
 * scripts/embed_web.py. Runs until SIGINT or SIGTERM. */
#include "http.h"
#include "web_assets.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int dyad_cli_serve(int argc, char **argv);

static const char serve_usage[] =
    "usage: dyad serve --db FILE [--host ADDR] [--port N] [--threads N] [--max-ms MS]\n"
    "                  [--log] [-q]\n"
    "  --db FILE      the event database (opened read-only)\n"
    "  --host ADDR    address to listen on (default 127.0.0.1; 0.0.0.0 or :: for all)\n"
    "  --port N       port (default 8080; 0: any free port)\n"
    "  --threads N    worker threads (default: the number of cores, 2 to 16)\n"
    "  --max-ms MS    stop a query after MS ms with 503 (default 10000)\n"
    "  --log          one line per request on stderr\n"
    "  -q, --quiet    no start-up line on stderr\n"
    "Prints the page's URL on stdout, then serves until Ctrl-C (SIGINT) or SIGTERM.\n";

static void log_line(void *ud, const char *line)
{
    (void)ud;
    fprintf(stderr, "%s\n", line); /* one fprintf: lines never interleave */
}

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
    char *end;
    if (!s || !*s || *s == '-')
        return false;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || *end || v > max)
        return false;
    *out = v;
    return true;
}

int dyad_cli_serve(int argc, char **argv)
{
    const char *db = NULL, *host = "127.0.0.1";
    unsigned long port = 8080, threads = 0, max_ms = 10000;
    bool log = false, quiet = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        char name[32];
        const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        if (eq && (size_t)(eq - a) < sizeof name) {
            memcpy(name, a, (size_t)(eq - a));
            name[eq - a] = '\0';
            a = name;
            v = eq + 1;
        }
        bool takes = strcmp(a, "--db") == 0 || strcmp(a, "--host") == 0 ||
                     strcmp(a, "--port") == 0 || strcmp(a, "--threads") == 0 ||
                     strcmp(a, "--max-ms") == 0;
        if (takes && !v) {
            if (i + 1 >= argc) {
                fprintf(stderr, "dyad: %s needs a value\n%s", a, serve_usage);
                return 2;
            }
            v = argv[++i];
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            fputs(serve_usage, stdout);
            return 0;
        } else if (strcmp(a, "--db") == 0) {
            db = v;
        } else if (strcmp(a, "--host") == 0) {
            host = v;
        } else if (strcmp(a, "--port") == 0) {
            if (!parse_uint(v, 65535, &port))
                goto bad_value;
        } else if (strcmp(a, "--threads") == 0) {
            if (!parse_uint(v, 64, &threads) || threads == 0)
                goto bad_value;
        } else if (strcmp(a, "--max-ms") == 0) {
            if (!parse_uint(v, 3600000, &max_ms) || max_ms == 0)
                goto bad_value;
        } else if (strcmp(a, "--log") == 0 && !v) {
            log = true;
        } else if ((strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) && !v) {
            quiet = true;
        } else {
            fprintf(stderr, "dyad: serve: unknown option '%s'\n%s", argv[i], serve_usage);
            return 2;
        }
        continue;
    bad_value:
        fprintf(stderr, "dyad: serve: bad value for %s: '%s'\n", a, v);
        return 2;
    }
    if (!db) {
        fprintf(stderr, "dyad: serve needs a database: --db FILE\n%s", serve_usage);
        return 2;
    }
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n < 2 ? 2 : n > 16 ? 16 : (unsigned long)n;
    }
    /* Signals are taken by sigwait below: block them before the server's
     * threads start, so that they inherit the mask. */
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    dyad_server_config cfg = {
        .db_path = db,
        .host = host,
        .port = (unsigned)port,
        .threads = (unsigned)threads,
        .max_ms = (unsigned)max_ms,
        .files = dyad__web_files,
        .n_files = dyad__web_file_count,
        .log = log ? log_line : NULL,
    };
    dyad_server *srv = NULL;
    dyad_error err = {0};
    if (dyad__server_start(&srv, &cfg, &err) != DYAD_OK) {
        fprintf(stderr, "dyad: %s%s%s\n", err.file[0] ? err.file : "", err.file[0] ? ": " : "",
                err.msg);
        return 1;
    }
    bool v6 = strchr(host, ':') != NULL;
    printf("http://%s%s%s:%u/\n", v6 ? "[" : "", host, v6 ? "]" : "", dyad__server_port(srv));
    fflush(stdout);
    if (!quiet)
        fprintf(stderr, "dyad: serving %s (read-only) on http://%s%s%s:%u/ with %lu threads;"
                        " Ctrl-C stops\n",
                db, v6 ? "[" : "", host, v6 ? "]" : "", dyad__server_port(srv), threads);
    int sig = 0;
    while (sigwait(&set, &sig) != 0)
        ;
    dyad__server_stop(srv);
    if (!quiet)
        fprintf(stderr, "dyad: stopped (signal %d)\n", sig);
    return 0;
}

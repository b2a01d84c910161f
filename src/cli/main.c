/*
 * main.c -- the dyad command: reads argv, calls libdyad, sets the exit code.
 *
 *   dyad code  [options] [FILE ...]   events as JSON Lines (or --format gdelt)
 *   dyad parse [options] [FILE ...]   article structure as JSON
 *   dyad eval  [options] GOLD ...     scores against gold files
 *   dyad info  [options]              dictionary statistics
 */
#include "dyad/dyad.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: dyad COMMAND [options] [FILE ...]\n"
    "\n"
    "commands:\n"
    "  code   FILE...   code articles into CAMEO events (JSON Lines on stdout)\n"
    "  parse  FILE...   print each article's structure as JSON\n"
    "  eval   GOLD...   code gold files and print precision, recall and F1\n"
    "  info             print dictionary statistics\n"
    "  version          print the version\n"
    "\n"
    "FILE is a plain article (.txt) or JSON Lines (.jsonl); '-' or none: stdin (JSON Lines).\n"
    "\n"
    "options:\n"
    "  --format json|gdelt   output format of 'code' (default json)\n"
    "  --data DIR            dictionaries (default: ./data beside the binary, or $DYAD_DATA)\n"
    "  --tokens              'parse': include tokens\n"
    "  --pretty              'parse': indent the JSON\n"
    "  --diff                'eval': list missed and extra events per item\n"
    "  --txt / --jsonl       read every FILE as a plain article / as JSON Lines\n"
    "  -q, --quiet           no warnings on stderr\n";

typedef struct {
    const char *cmd;
    const char *format;
    const char *data;
    bool tokens, pretty, diff, quiet;
    dyad_input_format in_format;
    char **files;
    int n_files;
} options;

typedef struct {
    FILE *fp;
    bool failed;
} out_stream;

static int write_out(void *ud, const char *data, size_t len)
{
    out_stream *o = ud;
    if (o->failed)
        return -1;
    if (len && fwrite(data, 1, len, o->fp) != len) {
        o->failed = true;
        return -1;
    }
    return 0;
}

static void warn(const options *o, const dyad_error *e)
{
    if (o->quiet)
        return;
    if (e->file[0] && e->line > 0)
        fprintf(stderr, "dyad: %s:%ld: %s\n", e->file, e->line, e->msg);
    else if (e->file[0])
        fprintf(stderr, "dyad: %s: %s\n", e->file, e->msg);
    else
        fprintf(stderr, "dyad: %s\n", e->msg);
}

/* The data directory: --data, $DYAD_DATA, data/ beside the executable (a
 * build tree), then the library's compiled-in default (an install). */
static const char *data_dir(const options *o, char *buf, size_t cap)
{
    if (o->data)
        return o->data;
    const char *env = getenv("DYAD_DATA");
    if (env && *env)
        return env;
    ssize_t n = readlink("/proc/self/exe", buf, cap - 1);
    if (n > 0) {
        buf[n] = '\0';
        char *slash = strrchr(buf, '/');
        if (slash) {
            slash[1] = '\0';
            for (int up = 0; up < 3; up++) { /* ./dyad, build/dyad, build-x/tests/... */
                size_t len = strlen(buf);
                if (len + 20 < cap) {
                    strcpy(buf + len, "data/cameo_codes.tsv");
                    if (access(buf, R_OK) == 0) {
                        buf[len + 4] = '\0';
                        return buf;
                    }
                    buf[len] = '\0';
                }
                if (len + 4 < cap)
                    strcat(buf, "../");
            }
        }
    }
    return NULL;
}

static int parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->format = "json";
    if (argc < 2)
        return -1;
    o->cmd = argv[1];
    o->files = calloc((size_t)argc, sizeof *o->files);
    if (!o->files)
        return -1;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--format") == 0 && i + 1 < argc)
            o->format = argv[++i];
        else if (strncmp(a, "--format=", 9) == 0)
            o->format = a + 9;
        else if (strcmp(a, "--data") == 0 && i + 1 < argc)
            o->data = argv[++i];
        else if (strcmp(a, "--tokens") == 0)
            o->tokens = true;
        else if (strcmp(a, "--pretty") == 0)
            o->pretty = true;
        else if (strcmp(a, "--diff") == 0)
            o->diff = true;
        else if (strcmp(a, "--txt") == 0)
            o->in_format = DYAD_FMT_TXT;
        else if (strcmp(a, "--jsonl") == 0)
            o->in_format = DYAD_FMT_JSONL;
        else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
            o->quiet = true;
        else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "dyad: unknown option '%s'\n", a);
            return -1;
        } else
            o->files[o->n_files++] = argv[i];
    }
    if (strcmp(o->format, "json") != 0 && strcmp(o->format, "gdelt") != 0) {
        fprintf(stderr, "dyad: unknown format '%s' (json or gdelt)\n", o->format);
        return -1;
    }
    return 0;
}

typedef struct {
    const options *o;
    dyad_worker *w;
    dyad_eval *ev;
    out_stream out;
    char dateadded[16];
    size_t articles, events;
} run_state;

static dyad_status handle_article(run_state *s, const dyad_article *a)
{
    const options *o = s->o;
    bool parse_only = strcmp(o->cmd, "parse") == 0;
    dyad_doc *doc = NULL;
    dyad_error err = {0};
    dyad_status st = dyad_doc_parse(&doc, s->w, a, parse_only ? DYAD_PARSE_NO_CODE : 0, &err);
    if (st != DYAD_OK) {
        warn(o, &err);
        return st;
    }
    s->articles++;
    s->events += dyad_doc_event_count(doc);
    if (parse_only) {
        unsigned fl = (o->tokens ? DYAD_JSON_TOKENS : 0) | (o->pretty ? DYAD_JSON_PRETTY : 0);
        st = dyad_write_doc_json(doc, fl, write_out, &s->out);
    } else if (s->ev) {
        st = dyad_eval_add(s->ev, a, doc);
    } else if (strcmp(o->format, "gdelt") == 0) {
        st = dyad_write_events_gdelt(doc, s->dateadded, write_out, &s->out);
    } else {
        st = dyad_write_events_json(doc, write_out, &s->out);
    }
    dyad_doc_free(doc);
    return st;
}

/* Reads every article of one input. Returns 0, or 1 when the file could not
 * be read (the run goes on with the other files), or -1 to stop. */
static int run_file(run_state *s, const char *path)
{
    dyad_reader *r = NULL;
    dyad_error err = {0};
    dyad_status st = dyad_reader_open(&r, path, s->o->in_format, &err);
    if (st != DYAD_OK) {
        fprintf(stderr, "dyad: %s\n", err.msg);
        return 1;
    }
    int rc = 0;
    for (;;) {
        dyad_article a;
        memset(&err, 0, sizeof err);
        st = dyad_reader_next(r, &a, &err);
        if (st == DYAD_EOF)
            break;
        if (st == DYAD_EPARSE) {
            warn(s->o, &err);
            continue;
        }
        if (st != DYAD_OK) {
            fprintf(stderr, "dyad: %s\n", err.msg);
            rc = 1;
            break;
        }
        if (s->ev && !a.has_gold) {
            if (!s->o->quiet)
                fprintf(stderr, "dyad: %s:%ld: no \"events\" field, not scored\n", a.file,
                        a.line);
            continue;
        }
        st = handle_article(s, &a);
        if (st == DYAD_EIO || s->out.failed) {
            rc = -1; /* the output is gone (a closed pipe): stop quietly */
            break;
        }
        if (st != DYAD_OK) {
            rc = -1;
            break;
        }
    }
    dyad_reader_close(r);
    return rc;
}

int main(int argc, char **argv)
{
    options o;
    if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
                      strcmp(argv[1], "help") == 0)) {
        fputs(usage, stdout);
        return 0;
    }
    if (argc >= 2 && (strcmp(argv[1], "version") == 0 || strcmp(argv[1], "--version") == 0)) {
        printf("dyad %s\n", DYAD_VERSION);
        return 0;
    }
    if (parse_args(argc, argv, &o) != 0) {
        fputs(usage, stderr);
        return 2;
    }
    bool is_code = strcmp(o.cmd, "code") == 0, is_parse = strcmp(o.cmd, "parse") == 0;
    bool is_eval = strcmp(o.cmd, "eval") == 0, is_info = strcmp(o.cmd, "info") == 0;
    if (!is_code && !is_parse && !is_eval && !is_info) {
        fprintf(stderr, "dyad: unknown command '%s'\n\n%s", o.cmd, usage);
        return 2;
    }
    if (is_eval && o.n_files == 0) {
        fprintf(stderr, "dyad: eval needs at least one gold file\n");
        return 2;
    }
    signal(SIGPIPE, SIG_IGN); /* a closed pipe is a write error, handled */

    char dbuf[PATH_MAX];
    dyad_config cfg = {.data_dir = data_dir(&o, dbuf, sizeof dbuf)};
    dyad_ctx *ctx = NULL;
    dyad_error err = {0};
    if (dyad_ctx_open(&ctx, &cfg, &err) != DYAD_OK) {
        if (err.file[0])
            fprintf(stderr, "dyad: %s:%ld: %s\n", err.file, err.line, err.msg);
        else
            fprintf(stderr, "dyad: %s\n", err.msg);
        free(o.files);
        return 1;
    }
    if (is_info) {
        dyad_ctx_stats st;
        dyad_ctx_get_stats(ctx, &st);
        printf("actor forms   %zu\nagent forms   %zu\npeople        %zu\npatterns      %zu\n"
               "verb forms    %zu\nplaces        %zu\nload time     %.1f ms\n",
               st.actor_forms, st.agent_forms, st.people, st.patterns, st.verb_forms, st.places,
               st.load_ms);
        dyad_ctx_close(ctx);
        free(o.files);
        return 0;
    }

    run_state s = {.o = &o, .out = {.fp = stdout}};
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(s.dateadded, sizeof s.dateadded, "%Y%m%d%H%M%S", &tm);
    int rc = 0;
    if (dyad_worker_new(&s.w, ctx, &err) != DYAD_OK || (is_eval && dyad_eval_new(&s.ev))) {
        fprintf(stderr, "dyad: out of memory\n");
        rc = 1;
        goto done;
    }
    if (o.n_files == 0)
        o.files[o.n_files++] = "-";
    for (int i = 0; i < o.n_files; i++) {
        int r = run_file(&s, o.files[i]);
        if (r > 0)
            rc = 1;
        if (r < 0) {
            if (!s.out.failed)
                rc = 1;
            break;
        }
    }
    if (s.ev)
        dyad_eval_write(s.ev, o.diff ? DYAD_EVAL_DIFF : 0, write_out, &s.out);
    if (fflush(stdout) != 0 || s.out.failed) {
        if (errno != EPIPE && !o.quiet)
            fprintf(stderr, "dyad: cannot write output: %s\n", strerror(errno));
        rc = rc ? rc : (errno == EPIPE ? 0 : 1);
    }
done:
    dyad_eval_free(s.ev);
    dyad_worker_free(s.w);
    dyad_ctx_close(ctx);
    free(o.files);
    return rc;
}

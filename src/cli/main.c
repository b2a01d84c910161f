/*
 * main.c -- the dyad command: reads argv, calls libdyad, sets the exit code.
 *
 *   dyad code   [options] [FILE ...]   events as JSON Lines (or GDELT, CSV); --db stores them
 *   dyad parse  [options] [FILE ...]   article structure as JSON
 *   dyad eval   [options] GOLD ...     scores against gold files
 *   dyad export --db FILE [options]    the stored events (JSON Lines, GDELT, CSV)
 *   dyad query  --db FILE [options]    filtered events, counts per period, top lists
 *   dyad info   [--db FILE]            dictionary (or database) statistics
 *
 * code, parse and eval run on every core (-j): the main thread reads the
 * articles into a ring of slots, worker threads analyse them (one
 * dyad_worker each, the dyad_ctx shared), and the main thread writes the
 * results in input order, so the output is the same whatever -j is.
 * docs/cli.md documents every command and option.
 */
#include "dyad/dyad.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char usage[] =
    "usage: dyad COMMAND [options] [FILE ...]\n"
    "\n"
    "commands:\n"
    "  code   FILE...   code articles into CAMEO events (JSON Lines on stdout)\n"
    "  parse  FILE...   print each article's structure as JSON\n"
    "  eval   GOLD...   code gold files and print precision, recall and F1\n"
    "  export           write the events of a database (--db) as JSON Lines, GDELT or CSV\n"
    "  query            filter and count the events of a database (--db)\n"
    "  info             print dictionary statistics (with --db: database statistics)\n"
    "  serve            explore a database in a web page (--db FILE [--port N]; see docs/serve.md)\n"
    "  version          print the version\n"
    "\n"
    "FILE is a plain article (.txt) or JSON Lines (.jsonl); '-' or none: stdin (JSON Lines).\n"
    "\n"
    "options:\n"
    "  --format F            code, export: json|gdelt|csv (default json);\n"
    "                        query: table|csv|json|gdelt (default table)\n"
    "  --db FILE             SQLite database: 'code' stores into it, export/query/info read it\n"
    "  -o, --output FILE     write the output to FILE instead of stdout\n"
    "  --no-output           'code': write no events (with --db: store only)\n"
    "  -j, --jobs N          worker threads for code/parse/eval (default: all cores)\n"
    "  --timeout MS          wait at most MS ms for a locked database (default 5000)\n"
    "  --data DIR            dictionaries (default: ./data beside the binary, or $DYAD_DATA)\n"
    "  --tokens              'parse': include tokens\n"
    "  --pretty              'parse': indent the JSON\n"
    "  --diff                'eval': list missed and extra events per item\n"
    "  --txt / --jsonl       read every FILE as a plain article / as JSON Lines\n"
    "  -q, --quiet           no warnings and no progress line on stderr\n"
    "\n"
    "query and export filters (actor and event codes match as prefixes):\n"
    "  --actor CODE  --source CODE  --target CODE  --dyad A,B (either direction)\n"
    "  --code CODE  --root NN  --quad N  --country ISO3  --place NAME\n"
    "  --from DATE  --to DATE (YYYY, YYYY-MM or YYYY-MM-DD)\n"
    "query aggregates:\n"
    "  --by day|week|month|year    events and mean Goldstein per period, by quad class\n"
    "  --top dyads|actors|codes [N]  the N most frequent (default 10)\n"
    "  --limit N                   at most N rows (default 1000 events)\n";

typedef struct {
    const char *cmd;
    const char *format; /* NULL: the command's default */
    const char *data, *db, *output;
    bool tokens, pretty, diff, quiet, no_output;
    dyad_input_format in_format;
    int jobs;       /* 0: the number of cores */
    int timeout_ms; /* -1: the library's default */
    dyad_query q;
    char dyad_arg[128];
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

/* Prints e as one line: "dyad: file:line: message". */
static void print_error(const dyad_error *e)
{
    if (e->file[0] && e->line > 0)
        fprintf(stderr, "dyad: %s:%ld: %s\n", e->file, e->line, e->msg);
    else if (e->file[0])
        fprintf(stderr, "dyad: %s: %s\n", e->file, e->msg);
    else
        fprintf(stderr, "dyad: %s\n", e->msg);
}

/* ------------------------------------------------------------- options */

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

/* Matches option `name` at argv[*i], as "--name VALUE" or "--name=VALUE"
 * (short names take only the first form). Returns the value, NULL if the
 * option is another; a missing value sets *bad. */
static const char *opt_value(int argc, char **argv, int *i, const char *name, bool *bad)
{
    const char *a = argv[*i];
    size_t n = strlen(name);
    if (strncmp(a, name, n) != 0)
        return NULL;
    if (a[n] == '=' && name[1] == '-')
        return a + n + 1;
    if (a[n] != '\0')
        return NULL;
    if (*i + 1 >= argc) {
        fprintf(stderr, "dyad: option '%s' needs a value\n", name);
        *bad = true;
        return NULL;
    }
    return argv[++*i];
}

static bool parse_int(const char *s, long lo, long hi, long *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

static bool is_number(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (*s < '0' || *s > '9')
            return false;
    return true;
}

static int parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    o->timeout_ms = -1;
    if (argc < 2)
        return -1;
    o->cmd = argv[1];
    o->files = calloc((size_t)argc, sizeof *o->files);
    if (!o->files)
        return -1;
    dyad_query *q = &o->q;
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i], *v;
        bool bad = false;
        long n;
#define OPT(name) ((v = opt_value(argc, argv, &i, name, &bad)) != NULL)
        if (OPT("--format"))
            o->format = v;
        else if (OPT("--data"))
            o->data = v;
        else if (OPT("--db"))
            o->db = v;
        else if (OPT("--output") || OPT("-o"))
            o->output = v;
        else if (OPT("--jobs") || OPT("-j")) {
            if (!parse_int(v, 1, 1024, &n)) {
                fprintf(stderr, "dyad: bad number of jobs '%s'\n", v);
                return -1;
            }
            o->jobs = (int)n;
        } else if (strncmp(a, "-j", 2) == 0 && is_number(a + 2) &&
                   parse_int(a + 2, 1, 1024, &n)) {
            o->jobs = (int)n; /* -j4 */
        } else if (OPT("--timeout")) {
            if (!parse_int(v, 0, 86400000, &n)) {
                fprintf(stderr, "dyad: bad timeout '%s' (milliseconds)\n", v);
                return -1;
            }
            o->timeout_ms = (int)n;
        } else if (OPT("--actor"))
            q->actor = v;
        else if (OPT("--source"))
            q->source = v;
        else if (OPT("--target"))
            q->target = v;
        else if (OPT("--dyad")) {
            snprintf(o->dyad_arg, sizeof o->dyad_arg, "%s", v);
            char *comma = strchr(o->dyad_arg, ',');
            if (!comma) {
                fprintf(stderr, "dyad: --dyad takes two actor codes: --dyad RUS,PRK\n");
                return -1;
            }
            *comma = '\0';
            q->dyad[0] = o->dyad_arg;
            q->dyad[1] = comma + 1;
        } else if (OPT("--code"))
            q->code = v;
        else if (OPT("--root"))
            q->root = v;
        else if (OPT("--quad")) {
            if (!parse_int(v, 1, 4, &n)) {
                fprintf(stderr, "dyad: bad quad class '%s' (1 to 4)\n", v);
                return -1;
            }
            q->quad = (int)n;
        } else if (OPT("--country"))
            q->country = v;
        else if (OPT("--place"))
            q->place = v;
        else if (OPT("--from"))
            q->from = v;
        else if (OPT("--to"))
            q->to = v;
        else if (OPT("--by")) {
            static const char *const names[] = {"", "day", "week", "month", "year"};
            q->by = DYAD_BY_NONE;
            for (int k = 1; k < 5; k++)
                if (strcmp(v, names[k]) == 0)
                    q->by = (dyad_period)k;
            if (q->by == DYAD_BY_NONE) {
                fprintf(stderr, "dyad: bad period '%s' (day, week, month or year)\n", v);
                return -1;
            }
        } else if (OPT("--top")) {
            static const char *const names[] = {"", "dyads", "actors", "codes"};
            q->top = DYAD_TOP_NONE;
            for (int k = 1; k < 4; k++)
                if (strcmp(v, names[k]) == 0)
                    q->top = (dyad_top)k;
            if (q->top == DYAD_TOP_NONE) {
                fprintf(stderr, "dyad: bad --top '%s' (dyads, actors or codes)\n", v);
                return -1;
            }
            if (i + 1 < argc && is_number(argv[i + 1]) && parse_int(argv[i + 1], 1, LONG_MAX, &n)) {
                q->limit = (size_t)n; /* --top dyads 5 */
                i++;
            }
        } else if (OPT("--limit")) {
            if (!parse_int(v, 1, LONG_MAX, &n)) {
                fprintf(stderr, "dyad: bad limit '%s'\n", v);
                return -1;
            }
            q->limit = (size_t)n;
        } else if (bad) {
            return -1;
        } else if (strcmp(a, "--tokens") == 0)
            o->tokens = true;
        else if (strcmp(a, "--pretty") == 0)
            o->pretty = true;
        else if (strcmp(a, "--diff") == 0)
            o->diff = true;
        else if (strcmp(a, "--txt") == 0)
            o->in_format = DYAD_FMT_TXT;
        else if (strcmp(a, "--jsonl") == 0)
            o->in_format = DYAD_FMT_JSONL;
        else if (strcmp(a, "--no-output") == 0)
            o->no_output = true;
        else if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0)
            o->quiet = true;
        else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "dyad: unknown option '%s'\n", a);
            return -1;
        } else
            o->files[o->n_files++] = argv[i];
#undef OPT
        if (bad)
            return -1;
    }
    return 0;
}

/* --format for each command; returns false (and says why) on a bad one. */
static bool pick_format(const options *o, dyad_out_format *out)
{
    bool query = strcmp(o->cmd, "query") == 0;
    const char *f = o->format ? o->format : query ? "table" : "json";
    if (strcmp(f, "json") == 0)
        *out = DYAD_OUT_JSON;
    else if (strcmp(f, "gdelt") == 0)
        *out = DYAD_OUT_GDELT;
    else if (strcmp(f, "csv") == 0)
        *out = DYAD_OUT_CSV;
    else if (strcmp(f, "table") == 0 && query)
        *out = DYAD_OUT_TABLE;
    else {
        fprintf(stderr, "dyad: unknown format '%s' (%s)\n", f,
                query ? "table, csv, json or gdelt" : "json, gdelt or csv");
        return false;
    }
    return true;
}

/* ------------------------------------------------------------ progress */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A status line on stderr, only when stderr is a terminal (and not -q),
 * redrawn at most 4 times a second. The input size, when every input is a
 * regular file, gives a percentage and an ETA. The bytes read come from the
 * reader's file position (/proc/self/fdinfo, Linux), else are estimated
 * from the articles' text (JSON escapes make a file a little larger). */
typedef struct {
    bool on, shown;
    double start, last;
    size_t articles, events;
    double text_bytes;  /* text of the articles done */
    double total;       /* input size, 0 if unknown */
    const off_t *sizes; /* per file */
    int fd;             /* the reader's descriptor of the current file, -1 if unknown */
    double read_base;   /* sizes of the files before the current one */
} progress;

/* The descriptor the reader opened for `path`: the highest one that
 * points to the same file (we opened nothing else on it since). */
static int find_fd(const char *path)
{
    char want[PATH_MAX], link[64], got[PATH_MAX];
    if (strcmp(path, "-") == 0)
        return STDIN_FILENO;
    if (!realpath(path, want))
        return -1;
    int best = -1;
    for (int fd = 3; fd < 256; fd++) {
        snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, got, sizeof got - 1);
        if (n <= 0)
            continue;
        got[n] = '\0';
        if (strcmp(got, want) == 0)
            best = fd;
    }
    return best;
}

/* The file position of fd, or -1. */
static double fd_pos(int fd)
{
    char name[64], buf[256];
    snprintf(name, sizeof name, "/proc/self/fdinfo/%d", fd);
    FILE *f = fopen(name, "r");
    if (!f)
        return -1;
    double pos = -1;
    while (fgets(buf, sizeof buf, f))
        if (strncmp(buf, "pos:", 4) == 0)
            pos = strtod(buf + 4, NULL);
    fclose(f);
    return pos;
}

static void progress_file(progress *p, const char *path, int file)
{
    if (!p->on)
        return;
    p->read_base = 0;
    for (int i = 0; p->sizes && i < file; i++)
        p->read_base += (double)p->sizes[i];
    p->fd = p->sizes ? find_fd(path) : -1;
}

static void progress_draw(progress *p, bool final)
{
    double t = now_s();
    if (!p->on || (!final && t - p->last < 0.25))
        return;
    p->last = t;
    double el = t - p->start, rate = el > 0 ? p->articles / el : 0;
    double pos = p->fd >= 0 ? fd_pos(p->fd) : -1;
    double bytes = pos >= 0 ? p->read_base + pos : p->text_bytes;
    char eta[64] = "";
    if (p->total > 0 && !final && el > 1 && bytes > 0) {
        double frac = bytes / p->total;
        if (frac > 1)
            frac = 1;
        double left = el / frac - el;
        snprintf(eta, sizeof eta, ", %.0f%%, ETA %d:%02d", frac * 100, (int)(left / 60),
                 (int)left % 60);
    }
    if (final)
        bytes = p->total > 0 ? p->total : p->text_bytes;
    fprintf(stderr, "\r\033[Kdyad: %zu articles, %zu events, %.0f articles/s, %.1f MB/s%s%s",
            p->articles, p->events, rate, el > 0 ? bytes / el / 1e6 : 0.0, eta,
            final ? "\n" : "");
    fflush(stderr);
    p->shown = !final;
}

/* Before a warning: clear the status line so the two do not mix. */
static void progress_clear(progress *p)
{
    if (p->on && p->shown) {
        fputs("\r\033[K", stderr);
        p->shown = false;
    }
}

static void progress_count(progress *p, size_t bytes, size_t events)
{
    p->articles++;
    p->events += events;
    p->text_bytes += (double)bytes;
    progress_draw(p, false);
}

/* ------------------------------------------------------------ articles */

/* One article in flight: a deep copy of what the reader lent (its strings
 * live only until the next read), the analysis and the formatted output. */
typedef struct {
    dyad_article a;
    char *blob; /* every string of `a`, one allocation */
    size_t blob_cap;
    dyad_gold_event *gold;
    size_t gold_cap;
    /* results */
    dyad_doc *doc; /* kept for the store and eval, else freed by the worker */
    dyad_status st;
    dyad_error err;
    char *out;
    size_t out_len, out_cap;
    bool out_failed;
    size_t events;
    int state;
} slot;

enum { SLOT_FREE, SLOT_READY, SLOT_DONE };

static size_t str_size(const char *s)
{
    return s ? strlen(s) + 1 : 0;
}

static char *put_str(char **p, const char *s, size_t n)
{
    char *d = *p;
    memcpy(d, s, n);
    d[n] = '\0';
    *p += n + 1;
    return d;
}

static char *put_opt(char **p, const char *s)
{
    return s ? put_str(p, s, strlen(s)) : NULL;
}

static bool slot_fill(slot *s, const dyad_article *a)
{
    size_t need = a->text_len + 1 + str_size(a->id) + str_size(a->title) + str_size(a->lang) +
                  str_size(a->source) + str_size(a->url) + str_size(a->file);
    for (size_t i = 0; i < a->gold_count; i++)
        need += str_size(a->gold[i].source) + str_size(a->gold[i].target) +
                str_size(a->gold[i].code) + str_size(a->gold[i].date);
    /* Reuse the buffer, but give back what a huge article took. */
    if (need > s->blob_cap || s->blob_cap > (1u << 20)) {
        free(s->blob);
        s->blob_cap = need > 4096 ? need : 4096;
        s->blob = malloc(s->blob_cap);
        if (!s->blob) {
            s->blob_cap = 0;
            return false;
        }
    }
    if (a->gold_count > s->gold_cap) {
        free(s->gold);
        s->gold = malloc(a->gold_count * sizeof *s->gold);
        s->gold_cap = s->gold ? a->gold_count : 0;
        if (!s->gold)
            return false;
    }
    char *p = s->blob;
    s->a = *a;
    s->a.text = put_str(&p, a->text ? a->text : "", a->text_len);
    s->a.id = put_opt(&p, a->id);
    s->a.title = put_opt(&p, a->title);
    s->a.lang = put_opt(&p, a->lang);
    s->a.source = put_opt(&p, a->source);
    s->a.url = put_opt(&p, a->url);
    s->a.file = put_opt(&p, a->file);
    for (size_t i = 0; i < a->gold_count; i++) {
        s->gold[i].source = put_opt(&p, a->gold[i].source);
        s->gold[i].target = put_opt(&p, a->gold[i].target);
        s->gold[i].code = put_opt(&p, a->gold[i].code);
        s->gold[i].date = put_opt(&p, a->gold[i].date);
    }
    s->a.gold = a->gold_count ? s->gold : NULL;
    s->doc = NULL;
    s->st = DYAD_OK;
    memset(&s->err, 0, sizeof s->err);
    s->out_len = 0;
    s->out_failed = false;
    s->events = 0;
    return true;
}

static void slot_free(slot *s)
{
    dyad_doc_free(s->doc);
    free(s->blob);
    free(s->gold);
    free(s->out);
    memset(s, 0, sizeof *s);
}

static int write_slot(void *ud, const char *data, size_t len)
{
    slot *s = ud;
    if (s->out_len + len > s->out_cap) {
        size_t cap = s->out_cap ? s->out_cap : 4096;
        while (cap < s->out_len + len)
            cap *= 2;
        char *p = realloc(s->out, cap);
        if (!p) {
            s->out_failed = true;
            return -1;
        }
        s->out = p;
        s->out_cap = cap;
    }
    memcpy(s->out + s->out_len, data, len);
    s->out_len += len;
    return 0;
}

/* ------------------------------------------------------------ the run */

typedef struct {
    const options *o;
    bool is_parse, is_eval;
    dyad_out_format fmt;
    dyad_eval *ev;
    dyad_store *store;
    out_stream out;
    char dateadded[16];
    progress prog;
    size_t skipped;   /* articles already stored, not analysed */
    bool fatal;       /* stop reading: output gone, store failed, out of memory */
    bool fatal_error; /* ... and exit non-zero */
} run_state;

/* Worker side: analyse and format one article. Thread-safe: touches only
 * its slot, its worker and read-only state. */
static void process(const run_state *r, dyad_worker *w, slot *s)
{
    const options *o = r->o;
    s->st = dyad_doc_parse(&s->doc, w, &s->a, r->is_parse ? DYAD_PARSE_NO_CODE : 0, &s->err);
    if (s->st != DYAD_OK)
        return;
    s->events = dyad_doc_event_count(s->doc);
    dyad_status st = DYAD_OK;
    if (r->is_parse) {
        unsigned fl = (o->tokens ? DYAD_JSON_TOKENS : 0) | (o->pretty ? DYAD_JSON_PRETTY : 0);
        st = dyad_write_doc_json(s->doc, fl, write_slot, s);
    } else if (r->is_eval || o->no_output) {
        /* nothing to format */
    } else if (r->fmt == DYAD_OUT_GDELT) {
        st = dyad_write_events_gdelt(s->doc, r->dateadded, write_slot, s);
    } else if (r->fmt == DYAD_OUT_CSV) {
        st = dyad_write_events_csv(s->doc, write_slot, s);
    } else {
        st = dyad_write_events_json(s->doc, write_slot, s);
    }
    if (st != DYAD_OK || s->out_failed) {
        s->st = DYAD_ENOMEM;
        snprintf(s->err.msg, sizeof s->err.msg, "out of memory while writing article %s",
                 s->a.id ? s->a.id : "(no id)");
    }
    if (!r->store && !r->is_eval) {
        dyad_doc_free(s->doc); /* keep memory low: the output is formatted */
        s->doc = NULL;
    }
}

/* Main thread: one finished article, in input order. */
static void finish(run_state *r, slot *s)
{
    if (s->st != DYAD_OK) {
        progress_clear(&r->prog);
        print_error(&s->err);
        r->fatal = r->fatal_error = true; /* only ENOMEM and EINVAL come here */
        return;
    }
    if (s->out_len && write_out(&r->out, s->out, s->out_len) != 0)
        r->fatal = true; /* a closed pipe: stop quietly */
    if (r->ev && !r->fatal && dyad_eval_add(r->ev, &s->a, s->doc) != DYAD_OK) {
        fprintf(stderr, "dyad: out of memory\n");
        r->fatal = r->fatal_error = true;
    }
    if (r->store && !r->fatal) {
        dyad_error err = {0};
        if (dyad_store_add(r->store, s->doc, NULL, &err) != DYAD_OK) {
            progress_clear(&r->prog);
            print_error(&err);
            r->fatal = r->fatal_error = true;
        }
    }
    dyad_doc_free(s->doc);
    s->doc = NULL;
    progress_count(&r->prog, s->a.text_len, s->events);
}

/* The ring of slots shared by the main thread and the workers. Slots
 * [next_write, next_read) are in flight; workers take them in order from
 * next_claim; the main thread writes them out in order from next_write,
 * which bounds memory (cap slots) and keeps the output deterministic. */
typedef struct {
    run_state *r;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    slot *ring;
    size_t cap;
    size_t next_read, next_claim, next_write;
    bool eof, stop;
} pipeline;

typedef struct {
    pipeline *p;
    dyad_worker *w;
    pthread_t tid;
    bool started;
} worker_thread;

static void *worker_main(void *arg)
{
    worker_thread *wt = arg;
    pipeline *p = wt->p;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (p->next_claim == p->next_read && !p->eof && !p->stop)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->stop || p->next_claim == p->next_read)
            break;
        size_t seq = p->next_claim++;
        slot *s = &p->ring[seq % p->cap];
        pthread_mutex_unlock(&p->mu);
        process(p->r, wt->w, s);
        pthread_mutex_lock(&p->mu);
        s->state = SLOT_DONE;
        if (seq == p->next_write)
            pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Writes out the finished slots at the head of the ring, in order; waits
 * for the head to finish while the ring is full (until_room) or until the
 * ring is empty (until_empty). */
static void drain(pipeline *p, bool until_room, bool until_empty)
{
    pthread_mutex_lock(&p->mu);
    while (p->next_write < p->next_read && !p->r->fatal) {
        slot *s = &p->ring[p->next_write % p->cap];
        if (s->state != SLOT_DONE) {
            bool full = p->next_read - p->next_write >= p->cap;
            if (!(until_empty || (until_room && full)))
                break;
            pthread_cond_wait(&p->done, &p->mu);
            continue;
        }
        pthread_mutex_unlock(&p->mu);
        finish(p->r, s);
        pthread_mutex_lock(&p->mu);
        s->state = SLOT_FREE;
        p->next_write++;
    }
    if (p->r->fatal && !p->stop) {
        p->stop = true;
        pthread_cond_broadcast(&p->work);
    }
    pthread_mutex_unlock(&p->mu);
}

/* Queues one article from the reader (-j N > 1), writing out finished ones
 * first while the ring is full. */
static void submit(run_state *r, pipeline *p, const dyad_article *a)
{
    drain(p, true, false);
    if (r->fatal)
        return;
    slot *s = &p->ring[p->next_read % p->cap]; /* free: only we touch it now */
    if (!slot_fill(s, a)) {
        fprintf(stderr, "dyad: out of memory\n");
        r->fatal = r->fatal_error = true;
        return;
    }
    pthread_mutex_lock(&p->mu);
    s->state = SLOT_READY;
    p->next_read++;
    pthread_cond_signal(&p->work);
    pthread_mutex_unlock(&p->mu);
    drain(p, false, false);
}

/* Reads every article of one input. Returns 0, or 1 when the file could
 * not be read (the run goes on with the other files). */
static int run_file(run_state *r, pipeline *p, dyad_worker *w1, slot *one, const char *path,
                    int file)
{
    dyad_reader *rd = NULL;
    dyad_error err = {0};
    dyad_status st = dyad_reader_open(&rd, path, r->o->in_format, &err);
    if (st != DYAD_OK) {
        progress_clear(&r->prog);
        fprintf(stderr, "dyad: %s\n", err.msg);
        return 1;
    }
    progress_file(&r->prog, path, file);
    int rc = 0;
    while (!r->fatal) {
        dyad_article a;
        memset(&err, 0, sizeof err);
        st = dyad_reader_next(rd, &a, &err);
        if (st == DYAD_EOF)
            break;
        if (st == DYAD_EPARSE) {
            if (!r->o->quiet) {
                progress_clear(&r->prog);
                print_error(&err);
            }
            continue;
        }
        if (st != DYAD_OK) {
            progress_clear(&r->prog);
            fprintf(stderr, "dyad: %s\n", err.msg);
            rc = 1;
            break;
        }
        if (r->is_eval && !a.has_gold) {
            if (!r->o->quiet) {
                progress_clear(&r->prog);
                fprintf(stderr, "dyad: %s:%ld: no \"events\" field, not scored\n", a.file,
                        a.line);
            }
            continue;
        }
        if (r->store && r->o->no_output) {
            /* Already stored: the store would skip it after its analysis,
             * and nothing is printed, so skip the analysis (a rerun after
             * an interruption goes fast to where it stopped). */
            bool found = false;
            if (dyad_store_has_article(r->store, a.id ? a.id : "doc", &found, &err) != DYAD_OK) {
                progress_clear(&r->prog);
                print_error(&err);
                r->fatal = r->fatal_error = true;
                break;
            }
            if (found) {
                r->skipped++;
                progress_count(&r->prog, a.text_len, 0);
                continue;
            }
        }
        if (p) {
            submit(r, p, &a);
        } else {
            /* -j 1: no threads, the same steps in line. The slot still
             * copies the article: cheap next to its analysis, and the
             * steps stay the same as with threads. */
            if (!slot_fill(one, &a)) {
                fprintf(stderr, "dyad: out of memory\n");
                r->fatal = r->fatal_error = true;
                break;
            }
            process(r, w1, one);
            finish(r, one);
        }
    }
    dyad_reader_close(rd);
    return rc;
}

static int default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* code, parse, eval. */
static int cmd_run(options *o, const dyad_ctx *ctx)
{
    run_state r = {.o = o, .out = {.fp = stdout}};
    r.is_parse = strcmp(o->cmd, "parse") == 0;
    r.is_eval = strcmp(o->cmd, "eval") == 0;
    if (!r.is_parse && !r.is_eval && !pick_format(o, &r.fmt))
        return 2;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(r.dateadded, sizeof r.dateadded, "%Y%m%d%H%M%S", &tm);
    int rc = 0, jobs = o->jobs ? o->jobs : default_jobs();
    dyad_error err = {0};
    pipeline p;
    memset(&p, 0, sizeof p);
    bool p_init = false;
    dyad_worker *w1 = NULL;
    worker_thread *wt = NULL;
    slot one;
    memset(&one, 0, sizeof one);
    off_t *sizes = NULL;

    if (o->n_files == 0)
        o->files[o->n_files++] = "-";
    if (o->output && strcmp(o->output, "-") != 0) {
        r.out.fp = fopen(o->output, "wb");
        if (!r.out.fp) {
            fprintf(stderr, "dyad: %s: %s\n", o->output, strerror(errno));
            return 1;
        }
    }
    if (o->db && !r.is_parse && !r.is_eval) {
        if (dyad_store_open(&r.store, o->db, 0, &err) != DYAD_OK) {
            print_error(&err);
            rc = 1;
            goto done;
        }
        if (o->timeout_ms >= 0)
            dyad_store_set_busy_timeout(r.store, o->timeout_ms);
    }
    if (r.is_eval && dyad_eval_new(&r.ev) != DYAD_OK) {
        fprintf(stderr, "dyad: out of memory\n");
        rc = 1;
        goto done;
    }
    /* Progress: only for a person watching a terminal. */
    r.prog.on = !o->quiet && isatty(STDERR_FILENO);
    r.prog.start = now_s();
    r.prog.fd = -1;
    if (r.prog.on && (sizes = calloc((size_t)o->n_files, sizeof *sizes)) != NULL) {
        double total = 0;
        for (int i = 0; i < o->n_files && total >= 0; i++) {
            struct stat sb;
            int ok = strcmp(o->files[i], "-") == 0 ? fstat(STDIN_FILENO, &sb)
                                                   : stat(o->files[i], &sb);
            if (ok == 0 && S_ISREG(sb.st_mode)) {
                sizes[i] = sb.st_size;
                total += (double)sb.st_size;
            } else {
                total = -1; /* a pipe: no ETA */
            }
        }
        r.prog.total = total > 0 ? total : 0;
        r.prog.sizes = total > 0 ? sizes : NULL;
    }
    if (r.fmt == DYAD_OUT_CSV && !r.is_parse && !r.is_eval && !o->no_output &&
        dyad_write_events_csv_header(write_out, &r.out) != DYAD_OK)
        r.fatal = true;

    if (jobs == 1) {
        if (dyad_worker_new(&w1, ctx, &err) != DYAD_OK) {
            print_error(&err);
            rc = 1;
            goto done;
        }
    } else {
        p.r = &r;
        /* Enough slots to keep the workers busy through a scheduler time
         * slice (a few ms) when the main thread is preempted. */
        p.cap = (size_t)jobs * 32;
        p.ring = calloc(p.cap, sizeof *p.ring);
        wt = calloc((size_t)jobs, sizeof *wt);
        if (!p.ring || !wt) {
            fprintf(stderr, "dyad: out of memory\n");
            rc = 1;
            goto done;
        }
        pthread_mutex_init(&p.mu, NULL);
        pthread_cond_init(&p.work, NULL);
        pthread_cond_init(&p.done, NULL);
        p_init = true;
        for (int i = 0; i < jobs; i++) {
            wt[i].p = &p;
            if (dyad_worker_new(&wt[i].w, ctx, &err) != DYAD_OK) {
                print_error(&err);
                r.fatal = r.fatal_error = true;
                break;
            }
            if (pthread_create(&wt[i].tid, NULL, worker_main, &wt[i]) != 0) {
                fprintf(stderr, "dyad: cannot start a thread\n");
                r.fatal = r.fatal_error = true;
                break;
            }
            wt[i].started = true;
        }
    }
    for (int i = 0; i < o->n_files && !r.fatal; i++)
        if (run_file(&r, p_init ? &p : NULL, w1, &one, o->files[i], i) > 0)
            rc = 1;
    if (p_init) {
        pthread_mutex_lock(&p.mu);
        p.eof = true;
        pthread_cond_broadcast(&p.work);
        pthread_mutex_unlock(&p.mu);
        drain(&p, false, true);
        for (int i = 0; i < jobs; i++)
            if (wt[i].started)
                pthread_join(wt[i].tid, NULL);
    }
    if (r.fatal_error)
        rc = 1;
    if (r.store) {
        dyad_store_stats ss;
        if (dyad_store_commit(r.store, &err) != DYAD_OK) {
            progress_clear(&r.prog);
            print_error(&err);
            rc = 1;
        } else if (r.prog.on && dyad_store_get_stats(r.store, &ss, &err) == DYAD_OK) {
            progress_draw(&r.prog, true);
            fprintf(stderr,
                    "dyad: %s: %zu articles stored, %zu duplicates skipped, %zu new events, "
                    "%zu merged; %zu articles and %zu events in all\n",
                    o->db, ss.added, ss.skipped + r.skipped, ss.events_new, ss.events_merged, ss.articles,
                    ss.events);
        }
    }
    if (r.prog.on && r.prog.shown)
        progress_draw(&r.prog, true);
    if (r.ev)
        dyad_eval_write(r.ev, o->diff ? DYAD_EVAL_DIFF : 0, write_out, &r.out);
    if (fflush(r.out.fp) != 0 || r.out.failed) {
        if (errno != EPIPE && !o->quiet)
            fprintf(stderr, "dyad: cannot write output: %s\n", strerror(errno));
        rc = rc ? rc : (errno == EPIPE ? 0 : 1);
    }
done:
    if (p_init) {
        for (size_t i = 0; i < p.cap; i++)
            slot_free(&p.ring[i]);
        pthread_mutex_destroy(&p.mu);
        pthread_cond_destroy(&p.work);
        pthread_cond_destroy(&p.done);
    }
    if (wt)
        for (int i = 0; i < jobs; i++)
            dyad_worker_free(wt[i].w);
    free(wt);
    free(p.ring);
    slot_free(&one);
    dyad_worker_free(w1);
    if (r.store && dyad_store_close(r.store, &err) != DYAD_OK) {
        print_error(&err);
        rc = 1;
    }
    dyad_eval_free(r.ev);
    free(sizes);
    if (r.out.fp != stdout && fclose(r.out.fp) != 0 && rc == 0) {
        fprintf(stderr, "dyad: %s: %s\n", o->output, strerror(errno));
        rc = 1;
    }
    return rc;
}

/* ------------------------------------------------- database commands */

static int cmd_store(const options *o)
{
    bool is_info = strcmp(o->cmd, "info") == 0, is_query = strcmp(o->cmd, "query") == 0;
    dyad_out_format fmt = DYAD_OUT_JSON;
    if (!is_info && !pick_format(o, &fmt))
        return 2;
    if (!is_query && (o->q.by || o->q.top)) {
        fprintf(stderr, "dyad: --by and --top are for 'dyad query'\n");
        return 2;
    }
    dyad_store *st = NULL;
    dyad_error err = {0};
    if (dyad_store_open(&st, o->db, DYAD_STORE_READONLY, &err) != DYAD_OK) {
        print_error(&err);
        return 1;
    }
    if (o->timeout_ms >= 0)
        dyad_store_set_busy_timeout(st, o->timeout_ms);
    int rc = 0;
    if (is_info) {
        dyad_store_stats ss;
        if (dyad_store_get_stats(st, &ss, &err) != DYAD_OK) {
            print_error(&err);
            rc = 1;
        } else {
            printf("articles      %zu\nstories       %zu\nevents        %zu\nmentions      %zu\n",
                   ss.articles, ss.stories, ss.events, ss.mentions);
        }
        dyad_store_close(st, NULL);
        return rc;
    }
    out_stream out = {.fp = stdout};
    if (o->output && strcmp(o->output, "-") != 0) {
        out.fp = fopen(o->output, "wb");
        if (!out.fp) {
            fprintf(stderr, "dyad: %s: %s\n", o->output, strerror(errno));
            dyad_store_close(st, NULL);
            return 1;
        }
    }
    dyad_query q = o->q;
    if (!is_query && !q.limit)
        q.limit = SIZE_MAX; /* an export has no bound */
    dyad_query_result res;
    dyad_status s = dyad_store_query(st, &q, fmt, write_out, &out, &res, &err);
    if (s != DYAD_OK && !(s == DYAD_EIO && out.failed)) {
        print_error(&err);
        rc = s == DYAD_EINVAL ? 2 : 1;
    } else if (s == DYAD_EIO && errno != EPIPE) {
        fprintf(stderr, "dyad: cannot write output: %s\n", strerror(errno));
        rc = 1;
    }
    if (rc == 0 && res.truncated && !o->quiet && !q.top) /* --top N: cut on purpose */
        fprintf(stderr, "dyad: showing the first %zu rows; more match (raise --limit)\n",
                res.rows);
    if (fflush(out.fp) != 0 && errno != EPIPE && rc == 0) {
        fprintf(stderr, "dyad: cannot write output: %s\n", strerror(errno));
        rc = 1;
    }
    if (out.fp != stdout)
        fclose(out.fp);
    dyad_store_close(st, NULL);
    return rc;
}

int dyad_cli_serve(int argc, char **argv); /* serve.c */

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
    if (argc >= 2 && strcmp(argv[1], "serve") == 0)
        return dyad_cli_serve(argc - 1, argv + 1);
    if (parse_args(argc, argv, &o) != 0) {
        fputs(usage, stderr);
        free(o.files);
        return 2;
    }
    static const char *const commands[] = {"code", "parse", "eval", "info", "export", "query"};
    bool known = false;
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        known = known || strcmp(o.cmd, commands[i]) == 0;
    if (!known) {
        fprintf(stderr, "dyad: unknown command '%s'\n\n%s", o.cmd, usage);
        free(o.files);
        return 2;
    }
    bool is_info = strcmp(o.cmd, "info") == 0;
    bool db_cmd = strcmp(o.cmd, "export") == 0 || strcmp(o.cmd, "query") == 0;
    if (db_cmd && !o.db) {
        fprintf(stderr, "dyad: %s needs a database: --db FILE\n", o.cmd);
        free(o.files);
        return 2;
    }
    if (strcmp(o.cmd, "eval") == 0 && o.n_files == 0) {
        fprintf(stderr, "dyad: eval needs at least one gold file\n");
        free(o.files);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN); /* a closed pipe is a write error, handled */
    if (db_cmd || (is_info && o.db)) {
        int rc = cmd_store(&o); /* no dictionaries needed */
        free(o.files);
        return rc;
    }

    char dbuf[PATH_MAX];
    dyad_config cfg = {.data_dir = data_dir(&o, dbuf, sizeof dbuf)};
    dyad_ctx *ctx = NULL;
    dyad_error err = {0};
    if (dyad_ctx_open(&ctx, &cfg, &err) != DYAD_OK) {
        print_error(&err);
        free(o.files);
        return 1;
    }
    int rc = 0;
    if (is_info) {
        dyad_ctx_stats st;
        dyad_ctx_get_stats(ctx, &st);
        printf("actor forms   %zu\nagent forms   %zu\npeople        %zu\npatterns      %zu\n"
               "verb forms    %zu\nplaces        %zu\nload time     %.1f ms\n",
               st.actor_forms, st.agent_forms, st.people, st.patterns, st.verb_forms, st.places,
               st.load_ms);
    } else {
        rc = cmd_run(&o, ctx);
    }
    dyad_ctx_close(ctx);
    free(o.files);
    return rc;
}

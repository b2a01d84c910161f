/*
 * reader.c -- streaming article readers: one plain article per .txt file, or
 * JSON Lines (one article per line, contract section 4).
 *
 * Memory stays flat however many articles a stream holds: the line buffer
 * and the field buffers are reused, and the strings kept from a JSON line go
 * to one reused buffer (see "JSON lines" below), so the article borrows from
 * the reader until the next call. A 4 MB line just grows the buffers once.
 */
#include "internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

struct dyad_reader {
    dyad_mem mem;
    FILE *fp;
    bool own_fp;
    bool txt;
    bool done;
    char *name; /* file name for messages ("stdin") */
    char *stem; /* base name without extension, for ids */
    long line;
    char *lbuf; /* getline buffer */
    size_t lcap;
    dyad_buf raw;   /* repaired line (JSON decoded in place) / whole .txt file */
    dyad_buf text;  /* a .txt article, repaired */
    dyad_buf id;    /* generated or numeric id */
    dyad_gold_event *gold;
    size_t gold_cap;
    char *sbuf; /* strings kept from a JSON line (see "JSON lines") */
    size_t scap;
};

/* "dir/articles.jsonl" -> "articles" */
static char *make_stem(const dyad_mem *m, const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strrchr(b, '.');
    size_t n = dot && dot != b ? (size_t)(dot - b) : strlen(b);
    char *s = dyad__malloc(m, n + 1);
    if (s) {
        memcpy(s, b, n);
        s[n] = '\0';
    }
    return s;
}

static bool ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static dyad_status reader_new(dyad_reader **out, FILE *fp, bool own, const char *name,
                              bool txt, dyad_error *err)
{
    dyad_mem mem;
    dyad__mem_init(&mem, NULL);
    dyad_reader *r = dyad__malloc(&mem, sizeof *r);
    if (!r) {
        if (own)
            fclose(fp);
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    }
    memset(r, 0, sizeof *r);
    r->mem = mem;
    r->fp = fp;
    r->own_fp = own;
    r->txt = txt;
    r->name = dyad__strdup(&r->mem, name);
    r->stem = make_stem(&r->mem, name);
    dyad__buf_init(&r->raw, &r->mem);
    dyad__buf_init(&r->text, &r->mem);
    dyad__buf_init(&r->id, &r->mem);
    if (!r->name || !r->stem) {
        dyad_reader_close(r);
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    }
    *out = r;
    return DYAD_OK;
}

dyad_status dyad_reader_open(dyad_reader **out, const char *path, dyad_input_format format,
                             dyad_error *err)
{
    *out = NULL;
    if (!path || strcmp(path, "-") == 0)
        return reader_new(out, stdin, false, "stdin", format == DYAD_FMT_TXT, err);
    bool txt = format == DYAD_FMT_TXT || (format == DYAD_FMT_AUTO && ends_with(path, ".txt"));
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return dyad__err(err, DYAD_EIO, path, 0, "cannot open '%s': %s", path, strerror(errno));
    return reader_new(out, fp, true, path, txt, err);
}

dyad_status dyad__reader_open_mem(dyad_reader **out, const char *data, size_t len,
                                  const char *name, dyad_input_format format, dyad_error *err)
{
    *out = NULL;
    FILE *fp;
    /* fmemopen of a zero-length buffer fails on older C libraries: an empty
     * input is an empty stream either way */
    static const char empty[1] = {0};
    if (len == 0)
        fp = fmemopen((void *)empty, 1, "rb");
    else
        fp = fmemopen((void *)data, len, "rb");
    if (!fp)
        return dyad__err(err, DYAD_EIO, name, 0, "cannot open memory stream: %s",
                         strerror(errno));
    dyad_status st = reader_new(out, fp, true, name ? name : "memory",
                                format == DYAD_FMT_TXT, err);
    if (st == DYAD_OK && len == 0)
        (*out)->done = true;
    return st;
}

void dyad_reader_close(dyad_reader *r)
{
    if (!r)
        return;
    if (r->own_fp && r->fp)
        fclose(r->fp);
    free(r->lbuf); /* getline's buffer comes from the C library */
    dyad__buf_free(&r->raw);
    dyad__buf_free(&r->text);
    dyad__buf_free(&r->id);
    dyad__free(&r->mem, r->gold);
    dyad__free(&r->mem, r->sbuf);
    dyad__free(&r->mem, r->name);
    dyad__free(&r->mem, r->stem);
    dyad_mem mem = r->mem;
    dyad__free(&mem, r);
}

/* A whole .txt file is one article. */
static dyad_status next_txt(dyad_reader *r, dyad_article *out, dyad_error *err)
{
    if (r->done)
        return DYAD_EOF;
    r->done = true;
    dyad__buf_clear(&r->raw);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, r->fp)) > 0)
        dyad__buf_put(&r->raw, chunk, n);
    if (ferror(r->fp))
        return dyad__err(err, DYAD_EIO, r->name, 0, "cannot read '%s': %s", r->name,
                         strerror(errno));
    if (r->raw.failed)
        return dyad__err(err, DYAD_ENOMEM, r->name, 0, "out of memory reading '%s'", r->name);
    if (r->raw.len == 0)
        return DYAD_EOF; /* an empty file holds no article */
    dyad__buf_clear(&r->text);
    size_t repairs = 0;
    dyad__utf8_repair_buf(&r->text, r->raw.ptr, r->raw.len, &repairs);
    if (r->text.failed)
        return dyad__err(err, DYAD_ENOMEM, r->name, 0, "out of memory reading '%s'", r->name);
    out->id = r->stem;
    out->text = r->text.ptr ? r->text.ptr : "";
    out->text_len = r->text.len;
    out->is_plain = true;
    out->file = r->name;
    out->line = 0;
    out->repairs = repairs;
    return DYAD_OK;
}

/* ------------------------------------------------------------ JSON lines
 *
 * Each line is parsed by yajl (libyajl, streaming callbacks): nothing is
 * built for the fields the reader does not use, however large or deep. The
 * strings kept (article fields at depth 1, the code, source, target and
 * date of each object of "events") are copied, NUL-terminated, into one
 * buffer reserved at the line's length before parsing: a decoded string plus
 * its NUL is never longer than its JSON spelling with quotes, so the buffer
 * never moves and the article can point into it until the next call.
 *
 * The line is repaired before parsing, so the raw bytes yajl sees are valid
 * UTF-8 (its own validation is off: bad bytes are never fatal, contract
 * section 4). Escapes can still decode to invalid UTF-8 (a lone surrogate
 * "\udc00" becomes a 3-byte surrogate), so a string yajl decoded, one that
 * does not point into the line, is checked again (fix_decoded).
 *
 * Limits as before (jansson's): nesting at most JSON_MAX_DEPTH deep (yajl
 * itself has no limit, only a growing stack), integers within long long and
 * reals within double (yajl's checks when the integer and double callbacks
 * are set). Duplicate keys: the last one wins. Unlike jansson, yajl accepts
 * a lone surrogate escape (kept as U+FFFD; "\ud800" alone becomes '?') and
 * \u0000 in a key (that key names no field). */

enum { JSON_MAX_DEPTH = 2048 };

typedef enum { JV_NONE = 0, JV_STR, JV_INT, JV_OTHER } jv_type;

typedef struct {
    jv_type type;
    const char *s; /* JV_STR: NUL-terminated, in r->sbuf */
    size_t len;
    long long i; /* JV_INT */
} jv;

/* Fields of an article record, and of a gold event. */
enum { F_ID, F_TEXT, F_TITLE, F_LANG, F_SOURCE, F_URL, F_DATE, F_EVENTS, F_COUNT };
enum { G_CODE, G_SOURCE, G_TARGET, G_DATE, G_COUNT };

typedef struct {
    dyad_reader *r;
    const char *line; /* the repaired line yajl parses */
    size_t line_len;
    char *s;          /* r->sbuf: kept strings */
    size_t s_used, s_cap;
    size_t repairs;   /* invalid UTF-8 decoded from escapes, fixed */
    int depth;        /* containers open */
    int field;        /* F_* named by the last key at depth 1, -1: none */
    int gfield;       /* G_* named by the last key in a gold event, -1: none */
    bool is_obj;      /* the top value is an object */
    bool in_events;   /* the container at depth 2 is the "events" array */
    bool in_gold;     /* the container at depth 3 is an object of "events" */
    jv f[F_COUNT];
    jv g[G_COUNT];       /* the gold event being read */
    size_t n_gold;       /* gold events of the last "events" array */
    size_t bad_gold;     /* 1-based index of the first one without a code, 0: none */
    bool events_array;   /* the last "events" value is an array */
    const char *err;     /* why a callback stopped the parse */
} jctx;

/* yajl allocates through the reader's allocator. */
static void *jmalloc(void *ctx, size_t n)
{
    return dyad__malloc(ctx, n);
}

static void *jrealloc(void *ctx, void *p, size_t n)
{
    return dyad__realloc(ctx, p, n);
}

static void jfree(void *ctx, void *p)
{
    dyad__free(ctx, p);
}

static int jstop(jctx *c, const char *msg)
{
    if (!c->err)
        c->err = msg;
    return 0;
}

static int field_index(const char *k, size_t n)
{
    switch (n) {
    case 2:
        return memcmp(k, "id", 2) == 0 ? F_ID : -1;
    case 3:
        return memcmp(k, "url", 3) == 0 ? F_URL : -1;
    case 4:
        return memcmp(k, "text", 4) == 0   ? F_TEXT
               : memcmp(k, "lang", 4) == 0 ? F_LANG
               : memcmp(k, "date", 4) == 0 ? F_DATE
                                           : -1;
    case 5:
        return memcmp(k, "title", 5) == 0 ? F_TITLE : -1;
    case 6:
        return memcmp(k, "source", 6) == 0   ? F_SOURCE
               : memcmp(k, "events", 6) == 0 ? F_EVENTS
                                             : -1;
    default:
        return -1;
    }
}

static int gold_index(const char *k, size_t n)
{
    switch (n) {
    case 4:
        return memcmp(k, "code", 4) == 0 ? G_CODE : memcmp(k, "date", 4) == 0 ? G_DATE : -1;
    case 6:
        return memcmp(k, "source", 6) == 0   ? G_SOURCE
               : memcmp(k, "target", 6) == 0 ? G_TARGET
                                             : -1;
    default:
        return -1;
    }
}

/* Where a scalar at the current position goes, or NULL (not kept). */
static jv *jslot(jctx *c)
{
    if (c->depth == 1) {
        if (c->field == F_EVENTS)
            c->events_array = false; /* the last "events" is not an array */
        return c->field >= 0 ? &c->f[c->field] : NULL;
    }
    if (c->depth == 3 && c->in_gold)
        return c->gfield >= 0 ? &c->g[c->gfield] : NULL;
    return NULL;
}

/* One element of the events array: a gold event if it is an object with a
 * string "code" (g), else the first bad one is remembered. */
static int add_gold(jctx *c, bool ok)
{
    size_t k = c->n_gold++;
    if (!ok) {
        if (!c->bad_gold)
            c->bad_gold = k + 1;
        return 1;
    }
    if (c->bad_gold)
        return 1;
    dyad_reader *r = c->r;
    if (k >= r->gold_cap) {
        size_t nc = r->gold_cap ? r->gold_cap * 2 : 16;
        dyad_gold_event *ng = dyad__realloc(&r->mem, r->gold, nc * sizeof *ng);
        if (!ng)
            return jstop(c, "out of memory");
        r->gold = ng;
        r->gold_cap = nc;
    }
    dyad_gold_event *ge = &r->gold[k];
    ge->code = c->g[G_CODE].s;
    ge->source = c->g[G_SOURCE].type == JV_STR ? c->g[G_SOURCE].s : NULL;
    ge->target = c->g[G_TARGET].type == JV_STR ? c->g[G_TARGET].s : NULL;
    ge->date = c->g[G_DATE].type == JV_STR ? c->g[G_DATE].s : NULL;
    return 1;
}

/* A scalar value of type t (not a string). */
static int jscalar(jctx *c, jv_type t, long long i)
{
    if (c->depth == 0)
        return jstop(c, "not a JSON object");
    if (c->depth == 2 && c->in_events)
        return add_gold(c, false);
    jv *v = jslot(c);
    if (v) {
        v->type = t;
        v->i = i;
    }
    return 1;
}

static int j_null(void *ctx)
{
    return jscalar(ctx, JV_OTHER, 0);
}

static int j_bool(void *ctx, int b)
{
    (void)b;
    return jscalar(ctx, JV_OTHER, 0);
}

static int j_int(void *ctx, long long i)
{
    return jscalar(ctx, JV_INT, i);
}

static int j_double(void *ctx, double d)
{
    (void)d;
    return jscalar(ctx, JV_OTHER, 0);
}

/* A string yajl decoded from escapes. Its raw parts are valid UTF-8 (the
 * line was repaired) and yajl encodes every \u escape as UTF-8, so the one
 * invalid sequence it can hold is a lone surrogate: ED A0..BF 80..BF (in
 * valid UTF-8, ED is always followed by 80..9F). Each becomes U+FFFD, the
 * same length, in place. */
static void fix_decoded(jctx *c, char *s, size_t n)
{
    for (char *p = s, *e = s + n; (p = memchr(p, 0xED, (size_t)(e - p))) != NULL;) {
        if (e - p >= 3 && ((unsigned char)p[1] & 0xE0) == 0xA0 &&
            ((unsigned char)p[2] & 0xC0) == 0x80) {
            memcpy(p, "\xEF\xBF\xBD", 3);
            c->repairs++;
            p += 3;
        } else {
            p++;
        }
    }
}

static int j_string(void *ctx, const unsigned char *str, size_t n)
{
    jctx *c = ctx;
    if (c->depth == 0)
        return jstop(c, "not a JSON object");
    if (c->depth == 2 && c->in_events)
        return add_gold(c, false);
    jv *v = jslot(c);
    if (!v)
        return 1;
    if (n + 1 > c->s_cap - c->s_used)
        return jstop(c, "string buffer overflow"); /* cannot happen (see above) */
    char *d = c->s + c->s_used;
    memcpy(d, str, n);
    d[n] = '\0';
    c->s_used += n + 1;
    uintptr_t p = (uintptr_t)str, b = (uintptr_t)c->line;
    if (p < b || p - b >= c->line_len)
        fix_decoded(c, d, n);
    v->type = JV_STR;
    v->s = d;
    v->len = n;
    return 1;
}

static int j_key(void *ctx, const unsigned char *key, size_t n)
{
    jctx *c = ctx;
    if (c->depth == 1)
        c->field = field_index((const char *)key, n);
    else if (c->depth == 3 && c->in_gold)
        c->gfield = gold_index((const char *)key, n);
    return 1;
}

/* A container opens: `map` for an object, else an array. */
static int jopen(jctx *c, bool map)
{
    if (c->depth >= JSON_MAX_DEPTH)
        return jstop(c, "maximum parsing depth reached");
    if (c->depth == 0) {
        if (!map)
            return jstop(c, "not a JSON object");
        c->is_obj = true;
        c->field = -1;
    } else if (c->depth == 1 && c->field >= 0) {
        c->f[c->field].type = JV_OTHER;
        if (c->field == F_EVENTS) {
            c->events_array = !map;
            c->n_gold = c->bad_gold = 0;
            c->in_events = !map;
        }
    } else if (c->depth == 2 && c->in_events) {
        if (map) {
            c->in_gold = true;
            c->gfield = -1;
            memset(c->g, 0, sizeof c->g);
        } else if (!add_gold(c, false)) {
            return 0;
        }
    } else if (c->depth == 3 && c->in_gold && c->gfield >= 0) {
        c->g[c->gfield].type = JV_OTHER;
    }
    c->depth++;
    return 1;
}

static int jclose(jctx *c)
{
    c->depth--;
    if (c->depth == 1)
        c->in_events = false;
    else if (c->depth == 2 && c->in_gold) {
        c->in_gold = false;
        return add_gold(c, c->g[G_CODE].type == JV_STR);
    }
    return 1;
}

static int j_start_map(void *ctx)
{
    return jopen(ctx, true);
}

static int j_start_array(void *ctx)
{
    return jopen(ctx, false);
}

static int j_end(void *ctx)
{
    return jclose(ctx);
}

static const yajl_callbacks jcallbacks = {
    .yajl_null = j_null,
    .yajl_boolean = j_bool,
    .yajl_integer = j_int,
    .yajl_double = j_double,
    .yajl_string = j_string,
    .yajl_start_map = j_start_map,
    .yajl_map_key = j_key,
    .yajl_end_map = j_end,
    .yajl_start_array = j_start_array,
    .yajl_end_array = j_end,
};

/* Parses the repaired line into c. Returns DYAD_OK or an error naming the
 * column and yajl's reason. */
static dyad_status parse_line(dyad_reader *r, jctx *c, dyad_error *err)
{
    yajl_alloc_funcs af = {jmalloc, jrealloc, jfree, &r->mem};
    yajl_handle h = yajl_alloc(&jcallbacks, &af, c);
    if (!h)
        return dyad__err(err, DYAD_ENOMEM, r->name, r->line, "out of memory");
    yajl_config(h, yajl_dont_validate_strings, 1);
    yajl_status st = yajl_parse(h, (const unsigned char *)c->line, c->line_len);
    size_t at = yajl_get_bytes_consumed(h);
    if (st == yajl_status_ok) {
        st = yajl_complete_parse(h); /* an error here is at the end of the line */
        at = c->line_len;
    }
    dyad_status ret = DYAD_OK;
    if (st != yajl_status_ok) {
        long col = (long)at + 1;
        if (c->err && strcmp(c->err, "out of memory") == 0) {
            ret = dyad__err(err, DYAD_ENOMEM, r->name, r->line, "out of memory");
        } else if (c->err && strcmp(c->err, "not a JSON object") == 0) {
            ret = dyad__err(err, DYAD_EPARSE, r->name, r->line, "not a JSON object");
        } else if (c->err) {
            ret = dyad__err(err, DYAD_EPARSE, r->name, r->line, "invalid JSON (column %ld): %s",
                            col, c->err);
        } else {
            unsigned char *m = yajl_get_error(h, 0, NULL, 0);
            const char *msg = m ? (const char *)m : "parse error";
            if (strncmp(msg, "parse error: ", 13) == 0)
                msg += 13;
            size_t ml = strcspn(msg, "\n");
            ret = dyad__err(err, DYAD_EPARSE, r->name, r->line, "invalid JSON (column %ld): %.*s",
                            col, (int)ml, msg);
            if (m)
                yajl_free_error(h, m);
        }
    } else if (!c->is_obj) {
        ret = dyad__err(err, DYAD_EPARSE, r->name, r->line, "not a JSON object");
    }
    yajl_free(h);
    return ret;
}

/* The date field: "YYYY-MM-DD", an ISO 8601 date-time, or null. */
static void read_date(const jv *v, dyad_date *d)
{
    memset(d, 0, sizeof *d);
    if (v->type == JV_STR && !dyad__parse_date(v->s, strlen(v->s), d))
        memset(d, 0, sizeof *d);
}

static const char *opt_str(const jv *v)
{
    return v->type == JV_STR ? v->s : NULL;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

static dyad_status next_jsonl(dyad_reader *r, dyad_article *out, dyad_error *err)
{
    for (;;) {
        if (r->done)
            return DYAD_EOF;
        errno = 0;
        ssize_t got = getline(&r->lbuf, &r->lcap, r->fp);
        if (got < 0) {
            if (ferror(r->fp))
                return dyad__err(err, errno == ENOMEM ? DYAD_ENOMEM : DYAD_EIO, r->name,
                                 r->line, "cannot read '%s': %s", r->name, strerror(errno));
            r->done = true;
            return DYAD_EOF;
        }
        r->line++;
        size_t n = (size_t)got;
        if (blank(r->lbuf, n))
            continue;
        /* Repair before parsing: bad bytes are never fatal (contract
         * section 4), and the parser can then trust its UTF-8. */
        size_t repairs = 0;
        dyad__buf_clear(&r->raw);
        dyad__utf8_repair_buf(&r->raw, r->lbuf, n, &repairs);
        if (r->raw.failed || !r->raw.ptr)
            return dyad__err(err, DYAD_ENOMEM, r->name, r->line, "out of memory");
        /* the kept strings fit in the line's length (see "JSON lines") */
        if (r->raw.len + 1 > r->scap) {
            size_t nc = r->raw.len + 1 < 4096 ? 4096 : r->raw.len + 1;
            char *ns = dyad__realloc(&r->mem, r->sbuf, nc);
            if (!ns)
                return dyad__err(err, DYAD_ENOMEM, r->name, r->line, "out of memory");
            r->sbuf = ns;
            r->scap = nc;
        }
        jctx rec;
        memset(&rec, 0, sizeof rec);
        rec.r = r;
        rec.line = r->raw.ptr;
        rec.line_len = r->raw.len;
        rec.s = r->sbuf;
        rec.s_cap = r->scap;
        rec.field = rec.gfield = -1;
        dyad_status st = parse_line(r, &rec, err);
        if (st != DYAD_OK)
            return st;
        repairs += rec.repairs;
        const jv *t = &rec.f[F_TEXT];
        if (t->type != JV_STR)
            return dyad__err(err, DYAD_EPARSE, r->name, r->line,
                             t->type ? "\"text\" is not a string" : "no \"text\" field");
        memset(out, 0, sizeof *out);
        /* \u0000 in the text becomes a space, like a raw NUL byte */
        char *ts = (char *)t->s;
        size_t tl = t->len;
        for (char *z = ts, *te = ts + tl; (z = memchr(z, '\0', (size_t)(te - z))) != NULL;) {
            *z++ = ' ';
            repairs++;
        }
        out->text = ts;
        out->text_len = tl;

        const jv *id = &rec.f[F_ID];
        dyad__buf_clear(&r->id);
        if (id->type == JV_STR && id->s[0])
            dyad__buf_puts(&r->id, id->s);
        else if (id->type == JV_INT)
            dyad__buf_printf(&r->id, "%lld", id->i);
        else
            dyad__buf_printf(&r->id, "%s-%ld", r->stem, r->line);
        if (r->id.failed)
            return dyad__err(err, DYAD_ENOMEM, r->name, r->line, "out of memory");
        out->id = r->id.ptr;
        out->title = opt_str(&rec.f[F_TITLE]);
        out->lang = opt_str(&rec.f[F_LANG]);
        out->source = opt_str(&rec.f[F_SOURCE]);
        out->url = opt_str(&rec.f[F_URL]);
        read_date(&rec.f[F_DATE], &out->date);
        out->is_plain = false;
        out->file = r->name;
        out->line = r->line;
        out->repairs = repairs;
        if (rec.events_array) {
            out->has_gold = true;
            if (rec.bad_gold)
                return dyad__err(err, DYAD_EPARSE, r->name, r->line,
                                 "gold event %zu has no \"code\"", rec.bad_gold);
            out->gold = r->gold;
            out->gold_count = rec.n_gold;
        }
        return DYAD_OK;
    }
}

dyad_status dyad_reader_next(dyad_reader *r, dyad_article *out, dyad_error *err)
{
    memset(out, 0, sizeof *out);
    if (!r)
        return dyad__err(err, DYAD_EINVAL, NULL, 0, "dyad_reader_next: no reader");
    return r->txt ? next_txt(r, out, err) : next_jsonl(r, out, err);
}

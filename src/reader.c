/*
 * reader.c -- streaming article readers: one plain article per .txt file, or
 * JSON Lines (one article per line, contract section 4).
 *
 * Memory stays flat however many articles a stream holds: the line buffer
 * and the field buffers are reused, and the parsed JSON object of the
 * previous line is released on the next call. A 4 MB line just grows the
 * line buffer once.
 */
#include "internal.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

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
    dyad_buf raw;   /* repaired line / whole .txt file */
    dyad_buf text;  /* the article text (NUL bytes made spaces) */
    dyad_buf id;    /* generated or numeric id */
    json_t *obj;    /* the current line's object, borrowed from by the article */
    dyad_gold_event *gold;
    size_t gold_cap;
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
    if (r->obj)
        json_decref(r->obj);
    free(r->lbuf); /* getline's buffer comes from the C library */
    dyad__buf_free(&r->raw);
    dyad__buf_free(&r->text);
    dyad__buf_free(&r->id);
    dyad__free(&r->mem, r->gold);
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

static const char *opt_str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* The date field: "YYYY-MM-DD", an ISO 8601 date-time, or null. */
static void read_date(json_t *o, dyad_date *d)
{
    memset(d, 0, sizeof *d);
    const char *s = opt_str(o, "date");
    if (s && !dyad__parse_date(s, strlen(s), d))
        memset(d, 0, sizeof *d);
}

static dyad_status read_gold(dyad_reader *r, json_t *o, dyad_article *out, dyad_error *err)
{
    json_t *ev = json_object_get(o, "events");
    if (!json_is_array(ev))
        return DYAD_OK;
    out->has_gold = true;
    size_t n = json_array_size(ev);
    if (n > r->gold_cap) {
        dyad_gold_event *g = dyad__realloc(&r->mem, r->gold, n * sizeof *g);
        if (!g)
            return dyad__err(err, DYAD_ENOMEM, r->name, r->line, "out of memory");
        r->gold = g;
        r->gold_cap = n;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(ev, i);
        const char *code = json_is_object(e) ? opt_str(e, "code") : NULL;
        if (!code)
            return dyad__err(err, DYAD_EPARSE, r->name, r->line,
                             "gold event %zu has no \"code\"", i + 1);
        r->gold[k].code = code;
        r->gold[k].source = opt_str(e, "source");
        r->gold[k].target = opt_str(e, "target");
        r->gold[k].date = opt_str(e, "date");
        k++;
    }
    out->gold = r->gold;
    out->gold_count = k;
    return DYAD_OK;
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
    if (r->obj) {
        json_decref(r->obj);
        r->obj = NULL;
    }
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
        /* Repair before parsing: jansson rejects invalid UTF-8, but bad bytes
         * are never fatal (contract section 4). */
        size_t repairs = 0;
        dyad__buf_clear(&r->raw);
        dyad__utf8_repair_buf(&r->raw, r->lbuf, n, &repairs);
        if (r->raw.failed)
            return dyad__err(err, DYAD_ENOMEM, r->name, r->line, "out of memory");
        json_error_t je;
        json_t *o = json_loadb(r->raw.ptr, r->raw.len, JSON_ALLOW_NUL, &je);
        if (!o)
            return dyad__err(err, DYAD_EPARSE, r->name, r->line, "invalid JSON (column %d): %s",
                             je.column, je.text);
        r->obj = o;
        if (!json_is_object(o))
            return dyad__err(err, DYAD_EPARSE, r->name, r->line, "not a JSON object");
        json_t *t = json_object_get(o, "text");
        if (!json_is_string(t))
            return dyad__err(err, DYAD_EPARSE, r->name, r->line,
                             t ? "\"text\" is not a string" : "no \"text\" field");
        memset(out, 0, sizeof *out);
        /* \u0000 in the text becomes a space, like a raw NUL byte */
        size_t tl = json_string_length(t);
        const char *ts = json_string_value(t);
        dyad__buf_clear(&r->text);
        dyad__buf_put(&r->text, ts, tl);
        if (!dyad__buf_reserve(&r->text, 1))
            return dyad__err(err, DYAD_ENOMEM, r->name, r->line, "out of memory");
        for (size_t i = 0; i < tl; i++)
            if (r->text.ptr[i] == '\0') {
                r->text.ptr[i] = ' ';
                repairs++;
            }
        r->text.ptr[tl] = '\0';
        out->text = r->text.ptr;
        out->text_len = tl;

        json_t *id = json_object_get(o, "id");
        dyad__buf_clear(&r->id);
        if (json_is_string(id) && json_string_value(id)[0])
            dyad__buf_puts(&r->id, json_string_value(id));
        else if (json_is_integer(id))
            dyad__buf_printf(&r->id, "%lld", (long long)json_integer_value(id));
        else
            dyad__buf_printf(&r->id, "%s-%ld", r->stem, r->line);
        if (r->id.failed)
            return dyad__err(err, DYAD_ENOMEM, r->name, r->line, "out of memory");
        out->id = r->id.ptr;
        out->title = opt_str(o, "title");
        out->lang = opt_str(o, "lang");
        out->source = opt_str(o, "source");
        out->url = opt_str(o, "url");
        read_date(o, &out->date);
        out->is_plain = false;
        out->file = r->name;
        out->line = r->line;
        out->repairs = repairs;
        return read_gold(r, o, out, err);
    }
}

dyad_status dyad_reader_next(dyad_reader *r, dyad_article *out, dyad_error *err)
{
    memset(out, 0, sizeof *out);
    if (!r)
        return dyad__err(err, DYAD_EINVAL, NULL, 0, "dyad_reader_next: no reader");
    return r->txt ? next_txt(r, out, err) : next_jsonl(r, out, err);
}

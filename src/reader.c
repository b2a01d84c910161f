/*
 * reader.c -- streaming article readers: one plain article per .txt file, or
 * JSON Lines (one article per line, contract section 4).
 *
 * Memory stays flat however many articles a stream holds: the line buffer
 * and the field buffers are reused, and a JSON line is decoded in place (see
 * "JSON lines" below), so the article borrows from the line buffer until the
 * next call. A 4 MB line just grows the line buffer once.
 */
#include "internal.h"

#include <errno.h>
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
    dyad_buf raw;   /* repaired line (JSON decoded in place) / whole .txt file */
    dyad_buf text;  /* a .txt article, repaired */
    dyad_buf id;    /* generated or numeric id */
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

/* ------------------------------------------------------------ JSON lines
 *
 * A JSON Lines record is parsed in place, in the repaired line buffer: a
 * decoded string is never longer than its JSON spelling, so each string is
 * unescaped over itself and NUL-terminated where its closing quote was. The
 * article borrows those strings until the next call; nothing is allocated
 * per line. The grammar and its limits are jansson's (which this replaces:
 * it cost more than the rest of the reader): RFC 8259 values, an object or
 * array at the top, nothing but white space after it, \u0000 allowed in
 * strings but not in keys, integers within long long, reals within double,
 * nesting at most JSON_MAX_DEPTH deep. Duplicate keys: the last one wins. */

enum { JSON_MAX_DEPTH = 2048 };

typedef enum { JV_NONE = 0, JV_STR, JV_INT, JV_OTHER } jv_type;

typedef struct {
    jv_type type;
    const char *s; /* JV_STR: decoded, NUL-terminated */
    size_t len;
    long long i; /* JV_INT */
} jv;

typedef struct {
    char *p, *end, *base;
    const char *err; /* first error, NULL if none */
    char *err_at;
} jparse;

/* Fields of an article record, and of a gold event. */
enum { F_ID, F_TEXT, F_TITLE, F_LANG, F_SOURCE, F_URL, F_DATE, F_EVENTS, F_COUNT };
enum { G_CODE, G_SOURCE, G_TARGET, G_DATE, G_COUNT };

static bool jfail(jparse *j, const char *msg)
{
    if (!j->err) {
        j->err = msg;
        j->err_at = j->p;
    }
    return false;
}

static inline void jskip_ws(jparse *j)
{
    while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\n' || *j->p == '\r'))
        j->p++;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c |= 0x20;
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static bool read_u4(jparse *j, const char *q, int32_t *out)
{
    if (j->end - q < 4)
        return false;
    int32_t v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval((unsigned char)q[k]);
        if (h < 0)
            return false;
        v = v << 4 | h;
    }
    *out = v;
    return true;
}

static size_t put_utf8(char *o, int32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* The string whose opening quote is at j->p, unescaped in place. */
static bool jstring(jparse *j, const char **out, size_t *out_len)
{
    char *p = j->p + 1, *w = NULL; /* w: write position once an escape shifted the text */
    char *start = p;
    for (;;) {
        /* Eight bytes at a time up to a quote, a backslash or a control
         * character (the common case is a long run of none). */
        while (j->end - p >= 8) {
            uint64_t v;
            memcpy(&v, p, 8);
            uint64_t q = v ^ 0x2222222222222222ull, b = v ^ 0x5C5C5C5C5C5C5C5Cull;
            uint64_t hit = ((q - 0x0101010101010101ull) & ~q) |
                           ((b - 0x0101010101010101ull) & ~b) |
                           ((v - 0x2020202020202020ull) & ~v);
            if (hit & 0x8080808080808080ull)
                break;
            if (w) {
                memmove(w, p, 8);
                w += 8;
            }
            p += 8;
        }
        if (p >= j->end) {
            j->p = p;
            return jfail(j, "premature end of input in a string");
        }
        unsigned char c = (unsigned char)*p;
        if (c == '"')
            break;
        if (c < 0x20) {
            j->p = p;
            return jfail(j, "control character in a string");
        }
        if (c != '\\') {
            if (w)
                *w++ = (char)c;
            p++;
            continue;
        }
        if (!w)
            w = p;
        if (j->end - p < 2) {
            j->p = p;
            return jfail(j, "invalid escape");
        }
        char e = p[1];
        char simple = e == '"' ? '"' : e == '\\' ? '\\' : e == '/' ? '/' : e == 'b' ? '\b'
                      : e == 'f' ? '\f' : e == 'n' ? '\n' : e == 'r' ? '\r' : e == 't' ? '\t'
                                                                                    : 0;
        if (simple) {
            *w++ = simple;
            p += 2;
            continue;
        }
        int32_t cp;
        if (e != 'u' || !read_u4(j, p + 2, &cp)) {
            j->p = p;
            return jfail(j, "invalid escape");
        }
        p += 6;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            int32_t lo;
            if (j->end - p < 6 || p[0] != '\\' || p[1] != 'u' || !read_u4(j, p + 2, &lo) ||
                lo < 0xDC00 || lo > 0xDFFF) {
                j->p = p;
                return jfail(j, "invalid Unicode (lone surrogate)");
            }
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            p += 6;
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            j->p = p;
            return jfail(j, "invalid Unicode (lone surrogate)");
        }
        w += put_utf8(w, cp);
    }
    char *fin = w ? w : p;
    *out = start;
    *out_len = (size_t)(fin - start);
    *fin = '\0'; /* over the closing quote or escaped bytes already read */
    j->p = p + 1;
    return true;
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* A number: integers must fit a long long, reals a double (as jansson). */
static bool jnumber(jparse *j, jv *v)
{
    char *p = j->p, *b = p;
    bool real = false;
    if (p < j->end && *p == '-')
        p++;
    if (p < j->end && *p == '0') {
        p++;
    } else if (p < j->end && *p >= '1' && *p <= '9') {
        while (p < j->end && is_digit(*p))
            p++;
    } else {
        return jfail(j, "invalid token");
    }
    if (p < j->end && *p == '.') {
        real = true;
        p++;
        if (p >= j->end || !is_digit(*p))
            return jfail(j, "invalid token");
        while (p < j->end && is_digit(*p))
            p++;
    }
    if (p < j->end && (*p == 'e' || *p == 'E')) {
        real = true;
        p++;
        if (p < j->end && (*p == '+' || *p == '-'))
            p++;
        if (p >= j->end || !is_digit(*p))
            return jfail(j, "invalid token");
        while (p < j->end && is_digit(*p))
            p++;
    }
    /* the byte after the token is not part of a number (the buffer is
     * NUL-terminated), so strtoll/strtod read exactly the token */
    if (p < j->end && (is_digit(*p) || *p == '.' || *p == 'e' || *p == 'E' || *p == '-' ||
                       *p == '+'))
        return jfail(j, "invalid token");
    char saved = *p; /* p may be end: NUL-terminate the token while converting */
    *p = '\0';
    errno = 0;
    bool ok = true;
    if (real) {
        double d = strtod(b, NULL);
        if (errno == ERANGE && d != 0)
            ok = jfail(j, "real number overflow");
        v->type = JV_OTHER;
    } else {
        long long i = strtoll(b, NULL, 10);
        if (errno == ERANGE)
            ok = jfail(j, *b == '-' ? "too big negative integer" : "too big integer");
        v->type = JV_INT;
        v->i = i;
    }
    *p = saved;
    j->p = p;
    return ok;
}

static bool jliteral(jparse *j, const char *lit, size_t n)
{
    if ((size_t)(j->end - j->p) < n || memcmp(j->p, lit, n) != 0)
        return jfail(j, "invalid token");
    j->p += n;
    return true;
}

typedef struct {
    dyad_reader *r;
    jv f[F_COUNT];
    size_t n_gold;       /* gold events of the last "events" array */
    size_t bad_gold;     /* 1-based index of the first one without a code, 0: none */
    bool events_array;   /* the last "events" value is an array */
} jrecord;

static bool jvalue(jparse *j, int depth, jv *v);

/* Which field `key` names, in a table of names; -1: none. */
static int field_index(const char *key, size_t n, const char *const *names, int count)
{
    for (int i = 0; i < count; i++)
        if (strlen(names[i]) == n && memcmp(names[i], key, n) == 0)
            return i;
    return -1;
}

static const char *const article_keys[F_COUNT] = {"id",     "text", "title", "lang",
                                                  "source", "url",  "date",  "events"};
static const char *const gold_keys[G_COUNT] = {"code", "source", "target", "date"};

/* An object; at depth 1 its fields fill rec, inside "events" g (a gold event). */
static bool jobject(jparse *j, int depth, jrecord *rec, jv *g)
{
    j->p++; /* { */
    jskip_ws(j);
    if (j->p < j->end && *j->p == '}') {
        j->p++;
        return true;
    }
    for (;;) {
        if (j->p >= j->end || *j->p != '"')
            return jfail(j, "string or '}' expected");
        const char *key;
        size_t kn;
        if (!jstring(j, &key, &kn))
            return false;
        if (memchr(key, '\0', kn))
            return jfail(j, "NUL byte in object key not supported");
        jskip_ws(j);
        if (j->p >= j->end || *j->p != ':')
            return jfail(j, "':' expected");
        j->p++;
        jskip_ws(j);
        int fi = rec ? field_index(key, kn, article_keys, F_COUNT)
                     : g ? field_index(key, kn, gold_keys, G_COUNT) : -1;
        jv tmp;
        memset(&tmp, 0, sizeof tmp);
        if (rec && fi == F_EVENTS) {
            rec->events_array = j->p < j->end && *j->p == '[';
            rec->n_gold = rec->bad_gold = 0;
            if (rec->events_array) {
                /* the events array: each element a gold event */
                if (depth + 1 > JSON_MAX_DEPTH)
                    return jfail(j, "maximum parsing depth reached");
                j->p++;
                jskip_ws(j);
                if (j->p < j->end && *j->p == ']') {
                    j->p++;
                } else {
                    for (;;) {
                        jv gv[G_COUNT];
                        memset(gv, 0, sizeof gv);
                        bool obj = j->p < j->end && *j->p == '{';
                        if (obj) {
                            if (depth + 2 > JSON_MAX_DEPTH)
                                return jfail(j, "maximum parsing depth reached");
                            if (!jobject(j, depth + 2, NULL, gv))
                                return false;
                        } else if (!jvalue(j, depth + 1, &tmp)) {
                            return false;
                        }
                        size_t k = rec->n_gold++;
                        if (!obj || gv[G_CODE].type != JV_STR) {
                            if (!rec->bad_gold)
                                rec->bad_gold = k + 1;
                        } else if (!rec->bad_gold) {
                            dyad_reader *r = rec->r;
                            if (k >= r->gold_cap) {
                                size_t nc = r->gold_cap ? r->gold_cap * 2 : 16;
                                dyad_gold_event *ng =
                                    dyad__realloc(&r->mem, r->gold, nc * sizeof *ng);
                                if (!ng)
                                    return jfail(j, "out of memory");
                                r->gold = ng;
                                r->gold_cap = nc;
                            }
                            dyad_gold_event *ge = &r->gold[k];
                            ge->code = gv[G_CODE].s;
                            ge->source = gv[G_SOURCE].type == JV_STR ? gv[G_SOURCE].s : NULL;
                            ge->target = gv[G_TARGET].type == JV_STR ? gv[G_TARGET].s : NULL;
                            ge->date = gv[G_DATE].type == JV_STR ? gv[G_DATE].s : NULL;
                        }
                        jskip_ws(j);
                        if (j->p < j->end && *j->p == ',') {
                            j->p++;
                            jskip_ws(j);
                            continue;
                        }
                        if (j->p < j->end && *j->p == ']') {
                            j->p++;
                            break;
                        }
                        return jfail(j, "']' expected");
                    }
                }
            } else if (!jvalue(j, depth, &tmp)) {
                return false;
            }
        } else {
            if (!jvalue(j, depth, &tmp))
                return false;
            if (fi >= 0)
                (rec ? rec->f : g)[fi] = tmp;
        }
        jskip_ws(j);
        if (j->p < j->end && *j->p == ',') {
            j->p++;
            jskip_ws(j);
            continue;
        }
        if (j->p < j->end && *j->p == '}') {
            j->p++;
            return true;
        }
        return jfail(j, "'}' expected");
    }
}

/* Any value at j->p; `depth` is that of the enclosing container. */
static bool jvalue(jparse *j, int depth, jv *v)
{
    v->type = JV_OTHER;
    if (j->p >= j->end)
        return jfail(j, "unexpected end of input");
    switch (*j->p) {
    case '"':
        v->type = JV_STR;
        return jstring(j, &v->s, &v->len);
    case '{':
        if (depth + 1 > JSON_MAX_DEPTH)
            return jfail(j, "maximum parsing depth reached");
        return jobject(j, depth + 1, NULL, NULL);
    case '[':
        if (depth + 1 > JSON_MAX_DEPTH)
            return jfail(j, "maximum parsing depth reached");
        j->p++;
        jskip_ws(j);
        if (j->p < j->end && *j->p == ']') {
            j->p++;
            return true;
        }
        for (;;) {
            jv tmp;
            if (!jvalue(j, depth + 1, &tmp))
                return false;
            jskip_ws(j);
            if (j->p < j->end && *j->p == ',') {
                j->p++;
                jskip_ws(j);
                continue;
            }
            if (j->p < j->end && *j->p == ']') {
                j->p++;
                return true;
            }
            return jfail(j, "']' expected");
        }
    case 't':
        return jliteral(j, "true", 4);
    case 'f':
        return jliteral(j, "false", 5);
    case 'n':
        return jliteral(j, "null", 4);
    default:
        return jnumber(j, v);
    }
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
        jparse j = {.p = r->raw.ptr, .end = r->raw.ptr + r->raw.len, .base = r->raw.ptr};
        jrecord rec;
        memset(&rec, 0, sizeof rec);
        rec.r = r;
        jskip_ws(&j);
        bool is_obj = j.p < j.end && *j.p == '{';
        bool ok;
        if (is_obj) {
            ok = jobject(&j, 1, &rec, NULL);
        } else if (j.p < j.end && *j.p == '[') {
            jv tmp;
            ok = jvalue(&j, 0, &tmp);
        } else {
            ok = jfail(&j, "'[' or '{' expected");
        }
        if (ok) {
            jskip_ws(&j);
            if (j.p < j.end)
                ok = jfail(&j, "end of file expected");
        }
        if (!ok) {
            if (strcmp(j.err, "out of memory") == 0)
                return dyad__err(err, DYAD_ENOMEM, r->name, r->line, "out of memory");
            return dyad__err(err, DYAD_EPARSE, r->name, r->line, "invalid JSON (column %ld): %s",
                             (long)(j.err_at - j.base) + 1, j.err);
        }
        if (!is_obj)
            return dyad__err(err, DYAD_EPARSE, r->name, r->line, "not a JSON object");
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

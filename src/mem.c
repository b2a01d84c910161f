/* mem.c -- allocator hooks, arena, byte buffer and error helpers. */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void *std_malloc(size_t n, void *ud)
{
    (void)ud;
    return malloc(n);
}

static void *std_realloc(void *p, size_t n, void *ud)
{
    (void)ud;
    return realloc(p, n);
}

static void std_free(void *p, void *ud)
{
    (void)ud;
    free(p);
}

void dyad__mem_init(dyad_mem *m, const dyad_allocator *user)
{
    m->a.malloc = user && user->malloc ? user->malloc : std_malloc;
    m->a.realloc = user && user->realloc ? user->realloc : std_realloc;
    m->a.free = user && user->free ? user->free : std_free;
    m->a.ud = user ? user->ud : NULL;
}

void *dyad__malloc(const dyad_mem *m, size_t n)
{
    return m->a.malloc(n ? n : 1, m->a.ud);
}

void *dyad__realloc(const dyad_mem *m, void *p, size_t n)
{
    return m->a.realloc(p, n ? n : 1, m->a.ud);
}

void dyad__free(const dyad_mem *m, void *p)
{
    if (p)
        m->a.free(p, m->a.ud);
}

char *dyad__strdup(const dyad_mem *m, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *p = dyad__malloc(m, n + 1);
    if (p)
        memcpy(p, s, n + 1);
    return p;
}

/* ------------------------------------------------------------------ arena */

struct dyad_arena_block {
    dyad_arena_block *next;
    size_t cap;
    _Alignas(max_align_t) unsigned char data[];
};

enum { ARENA_MIN_BLOCK = 64 * 1024 };

void dyad__arena_init(dyad_arena *a, const dyad_mem *mem)
{
    memset(a, 0, sizeof *a);
    a->mem = mem;
}

void *dyad__arena_alloc(dyad_arena *a, size_t size)
{
    if (a->failed)
        return NULL;
    size = (size + 7u) & ~(size_t)7u;
    if (size == 0)
        size = 8;
    if (!a->head || a->cap - a->used < size) {
        /* Blocks double as the document grows, so a large article costs
         * O(log n) system allocations, not O(n / block). */
        size_t cap = a->head ? a->head->cap * 2 : ARENA_MIN_BLOCK;
        if (cap > 16u * 1024 * 1024)
            cap = 16u * 1024 * 1024;
        if (cap < size)
            cap = size;
        if (cap > SIZE_MAX - sizeof(dyad_arena_block)) {
            a->failed = true;
            return NULL;
        }
        dyad_arena_block *b = dyad__malloc(a->mem, sizeof *b + cap);
        if (!b) {
            a->failed = true;
            return NULL;
        }
        b->cap = cap;
        b->next = a->head;
        a->head = b;
        a->used = 0;
        a->cap = cap;
        a->total += cap;
    }
    void *p = a->head->data + a->used;
    a->used += size;
    return p;
}

void *dyad__arena_calloc(dyad_arena *a, size_t n, size_t size)
{
    if (size && n > SIZE_MAX / size) {
        a->failed = true;
        return NULL;
    }
    void *p = dyad__arena_alloc(a, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

char *dyad__arena_strndup(dyad_arena *a, const char *s, size_t n)
{
    char *p = dyad__arena_alloc(a, n + 1);
    if (p) {
        if (n)
            memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *dyad__arena_strdup(dyad_arena *a, const char *s)
{
    return s ? dyad__arena_strndup(a, s, strlen(s)) : NULL;
}

char *dyad__arena_printf(dyad_arena *a, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = dyad__arena_alloc(a, (size_t)n + 1);
    if (!p)
        return NULL;
    if ((size_t)n < sizeof small) {
        memcpy(p, small, (size_t)n + 1);
    } else {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

void dyad__arena_reset(dyad_arena *a)
{
    dyad_arena_block *b = a->head;
    while (b && b->next) {
        dyad_arena_block *n = b->next;
        dyad__free(a->mem, b);
        b = n;
    }
    a->head = b;
    a->used = 0;
    a->cap = b ? b->cap : 0;
    a->total = a->cap;
    a->failed = false;
}

void dyad__arena_free(dyad_arena *a)
{
    dyad_arena_block *b = a->head;
    while (b) {
        dyad_arena_block *n = b->next;
        dyad__free(a->mem, b);
        b = n;
    }
    a->head = NULL;
    a->used = a->cap = a->total = 0;
}

void *dyad__vec_push(dyad_arena *a, void **items, size_t *n, size_t *cap, size_t elem)
{
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        void *p = dyad__arena_alloc(a, nc * elem);
        if (!p)
            return NULL;
        if (*n)
            memcpy(p, *items, *n * elem);
        *items = p;
        *cap = nc;
    }
    void *slot = (char *)*items + (*n)++ * elem;
    memset(slot, 0, elem);
    return slot;
}

/* ----------------------------------------------------------------- buffer */

void dyad__buf_init(dyad_buf *b, const dyad_mem *mem)
{
    memset(b, 0, sizeof *b);
    b->mem = mem;
}

bool dyad__buf_reserve(dyad_buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (b->cap - b->len > extra)
        return true;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    size_t nc = b->cap ? b->cap : 256;
    while (nc - b->len <= extra)
        nc *= 2;
    char *p = dyad__realloc(b->mem, b->ptr, nc);
    if (!p) {
        b->failed = true;
        return false;
    }
    b->ptr = p;
    b->cap = nc;
    return true;
}

void dyad__buf_put(dyad_buf *b, const char *s, size_t n)
{
    if (!dyad__buf_reserve(b, n))
        return;
    if (n)
        memcpy(b->ptr + b->len, s, n);
    b->len += n;
    b->ptr[b->len] = '\0';
}

void dyad__buf_puts(dyad_buf *b, const char *s)
{
    dyad__buf_put(b, s, strlen(s));
}

void dyad__buf_putc(dyad_buf *b, char c)
{
    dyad__buf_put(b, &c, 1);
}

void dyad__buf_printf(dyad_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || !dyad__buf_reserve(b, (size_t)n + 1))
        return;
    va_start(ap, fmt);
    vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void dyad__buf_json_str(dyad_buf *b, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    dyad__buf_putc(b, '"');
    size_t run = 0; /* copy unescaped runs in one call */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        dyad__buf_put(b, s + run, i - run);
        run = i + 1;
        switch (c) {
        case '"': dyad__buf_put(b, "\\\"", 2); break;
        case '\\': dyad__buf_put(b, "\\\\", 2); break;
        case '\n': dyad__buf_put(b, "\\n", 2); break;
        case '\r': dyad__buf_put(b, "\\r", 2); break;
        case '\t': dyad__buf_put(b, "\\t", 2); break;
        default: {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            dyad__buf_put(b, e, 6);
        }
        }
    }
    dyad__buf_put(b, s + run, n - run);
    dyad__buf_putc(b, '"');
}

void dyad__buf_num(dyad_buf *b, double v, int decimals)
{
    char tmp[64];
    if (!isfinite(v))
        v = 0;
    snprintf(tmp, sizeof tmp, "%.*f", decimals, v);
    char *dot = strchr(tmp, '.');
    if (dot) {
        char *e = tmp + strlen(tmp);
        while (e > dot + 1 && e[-1] == '0')
            *--e = '\0';
        if (e == dot + 1)
            *dot = '\0';
    }
    dyad__buf_puts(b, strcmp(tmp, "-0") == 0 ? "0" : tmp);
}

dyad_status dyad__buf_send(const dyad_buf *b, dyad_write_fn fn, void *ud)
{
    if (b->failed)
        return DYAD_ENOMEM;
    return fn(ud, b->ptr ? b->ptr : "", b->len) != 0 ? DYAD_EIO : DYAD_OK;
}

void dyad__buf_clear(dyad_buf *b)
{
    b->len = 0;
    if (b->ptr)
        b->ptr[0] = '\0';
}

void dyad__buf_free(dyad_buf *b)
{
    dyad__free(b->mem, b->ptr);
    b->ptr = NULL;
    b->len = b->cap = 0;
}

/* ------------------------------------------------------------------ errors */

const char *dyad_strerror(dyad_status code)
{
    switch (code) {
    case DYAD_OK: return "success";
    case DYAD_ENOMEM: return "out of memory";
    case DYAD_EIO: return "input/output error";
    case DYAD_EINVAL: return "invalid argument";
    case DYAD_EPARSE: return "bad input record";
    case DYAD_EDATA: return "bad data file";
    case DYAD_EDB: return "database error";
    case DYAD_EOF: return "end of input";
    }
    return "unknown error";
}

dyad_status dyad__err(dyad_error *err, dyad_status code, const char *file, long line,
                      const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    err->line = line;
    err->file[0] = '\0';
    if (file)
        snprintf(err->file, sizeof err->file, "%s", file);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

char *dyad_date_format(const dyad_date *d, char buf[11])
{
    /* Clamp so the text always fits 10 bytes. */
    unsigned y = (unsigned)d->year % 10000u, m = (unsigned)d->month % 100u;
    unsigned dd = (unsigned)d->day % 100u;
    switch (d->precision) {
    case DYAD_PREC_YEAR: snprintf(buf, 11, "%04u", y); break;
    case DYAD_PREC_MONTH: snprintf(buf, 11, "%04u-%02u", y, m); break;
    case DYAD_PREC_DAY:
    case DYAD_PREC_MINUTE: snprintf(buf, 11, "%04u-%02u-%02u", y, m, dd); break;
    default: buf[0] = '\0';
    }
    return buf;
}

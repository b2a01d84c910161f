/*
 * internal.h -- types and functions shared by libdyad's modules.
 * Not installed; struct layouts stay here, out of the public header.
 * Internal symbols that cross files use the dyad__ prefix.
 */
#ifndef DYAD_INTERNAL_H
#define DYAD_INTERNAL_H

#include "dyad/dyad.h"

#include <stdarg.h>
#include <stdio.h>

#if defined(__GNUC__)
#define DYAD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DYAD_PRINTF(f, a)
#endif

/* ------------------------------------------------------------- allocator */

typedef struct {
    dyad_allocator a; /* all members set */
} dyad_mem;

void dyad__mem_init(dyad_mem *m, const dyad_allocator *user);
void *dyad__malloc(const dyad_mem *m, size_t n);
void *dyad__realloc(const dyad_mem *m, void *p, size_t n);
void dyad__free(const dyad_mem *m, void *p);
char *dyad__strdup(const dyad_mem *m, const char *s);

/* ------------------------------------------------------------------ arena */

/* A bump allocator for one document. Sticky OOM (as in SQLite): once an
 * allocation fails every later one fails too, so a stage checks once. */
typedef struct dyad_arena_block dyad_arena_block;
typedef struct {
    const dyad_mem *mem;
    dyad_arena_block *head;
    size_t used, cap; /* in head */
    size_t total;     /* bytes allocated from the system */
    bool failed;
} dyad_arena;

void dyad__arena_init(dyad_arena *a, const dyad_mem *mem);
void *dyad__arena_alloc(dyad_arena *a, size_t size);  /* 8-aligned; NULL on OOM */
void *dyad__arena_calloc(dyad_arena *a, size_t n, size_t size);
char *dyad__arena_strndup(dyad_arena *a, const char *s, size_t n);
char *dyad__arena_strdup(dyad_arena *a, const char *s); /* NULL in, NULL out */
char *dyad__arena_printf(dyad_arena *a, const char *fmt, ...) DYAD_PRINTF(2, 3);
void dyad__arena_reset(dyad_arena *a); /* keeps the first block */
void dyad__arena_free(dyad_arena *a);

/* A growable array in an arena: `dyad__vec_push(a, &v, &n, &cap, sizeof *v)`
 * returns a pointer to the new zeroed slot or NULL. */
void *dyad__vec_push(dyad_arena *a, void **items, size_t *n, size_t *cap, size_t elem);

/* ----------------------------------------------------------------- buffer */

/* A heap byte buffer, always NUL-terminated when len > 0. */
typedef struct {
    const dyad_mem *mem;
    char *ptr;
    size_t len, cap;
    bool failed;
} dyad_buf;

void dyad__buf_init(dyad_buf *b, const dyad_mem *mem);
bool dyad__buf_reserve(dyad_buf *b, size_t extra);
void dyad__buf_put(dyad_buf *b, const char *s, size_t n);
void dyad__buf_puts(dyad_buf *b, const char *s);
void dyad__buf_putc(dyad_buf *b, char c);
void dyad__buf_printf(dyad_buf *b, const char *fmt, ...) DYAD_PRINTF(2, 3);
void dyad__buf_json_str(dyad_buf *b, const char *s, size_t n); /* quoted, escaped */
/* A number with at most `decimals` decimals and no trailing zeros ("1.9",
 * "-10", never "-0"), as JSON, CSV and GDELT output write them. */
void dyad__buf_num(dyad_buf *b, double v, int decimals);
/* Hands the buffer's bytes to a writer: DYAD_ENOMEM if the buffer failed,
 * DYAD_EIO if the writer refused them, else DYAD_OK. */
dyad_status dyad__buf_send(const dyad_buf *b, dyad_write_fn fn, void *ud);
void dyad__buf_clear(dyad_buf *b);
void dyad__buf_free(dyad_buf *b);

/* ------------------------------------------------------------------ errors */

/* Sets err (if not NULL) and returns code. `file`/`line` may be NULL/0. */
dyad_status dyad__err(dyad_error *err, dyad_status code, const char *file, long line,
                      const char *fmt, ...) DYAD_PRINTF(5, 6);

/* ------------------------------------------------------------------- UTF-8 */

/* Copies `len` bytes to a new arena string, replacing each invalid UTF-8
 * sequence by U+FFFD and NUL bytes by spaces; *repairs counts replacements.
 * The result's length goes to *out_len. (utf8.c) */
char *dyad__utf8_repair(dyad_arena *a, const char *s, size_t len, size_t *out_len,
                        size_t *repairs);
/* The same into a heap buffer (readers). */
void dyad__utf8_repair_buf(dyad_buf *out, const char *s, size_t len, size_t *repairs);

/* Decodes one code point at s[0..len); returns its byte length (>= 1) and
 * stores it in *cp (U+FFFD for an invalid byte). */
size_t dyad__utf8_next(const char *s, size_t len, int32_t *cp);

/* NFC of text (already valid UTF-8). When the text is already NFC (the fast
 * path for ASCII and most news), *norm = text and *map = NULL. Otherwise
 * *norm is an arena copy and *map[i] gives, for each byte i of *norm (and
 * i == *norm_len), the byte offset in `text` it comes from. */
dyad_status dyad__utf8_nfc(dyad_arena *a, const char *text, size_t len, const char **norm,
                           size_t *norm_len, uint32_t **map);

/* Case- and accent-folded form of s (valid UTF-8): lowercase, no combining
 * marks, typographic apostrophes/quotes/dashes mapped to ASCII. Writes at most
 * cap-1 bytes and a NUL into out; returns the length (truncated to fit). */
size_t dyad__fold(const char *s, size_t len, char *out, size_t cap);

/* ---------------------------------------------------------------- readers */

/* reader.c: a reader over `len` bytes of memory (fuzzing, tests); `name`
 * stands for the file name in ids and messages. `data` is borrowed until
 * dyad_reader_close. */
dyad_status dyad__reader_open_mem(dyad_reader **out, const char *data, size_t len,
                                  const char *name, dyad_input_format format, dyad_error *err);

/* ---------------------------------------------------------------- doc parts */

typedef enum {
    DYAD_PARA_BODY = 0,
    DYAD_PARA_TITLE,
    DYAD_PARA_CAPTION,
    DYAD_PARA_LEAD,
    DYAD_PARA_DATELINE,
    DYAD_PARA_BYLINE,
} dyad_para_kind;

typedef struct {
    uint32_t start, end; /* byte offsets in doc->text */
    uint8_t kind;        /* dyad_para_kind */
    bool repeated;       /* same text as an earlier paragraph: read once */
} dyad_para;

/* Token flags */
enum {
    DYAD_TOK_WORD = 1u << 0,   /* letters (possibly with digits, hyphens, apostrophes) */
    DYAD_TOK_NUM = 1u << 1,    /* starts with a digit */
    DYAD_TOK_PUNCT = 1u << 2,  /* punctuation or symbol */
    DYAD_TOK_CAP = 1u << 3,    /* first letter uppercase */
    DYAD_TOK_UPPER = 1u << 4,  /* every letter uppercase (and >= 2 letters) */
    DYAD_TOK_QUOTE = 1u << 5,  /* a quotation mark: « » " “ ” ‘ ’ ' (as a quote) */
    DYAD_TOK_ELIDED = 1u << 6, /* French elided clitic ending in an apostrophe: l' d' qu' s' n' */
    DYAD_TOK_SENT_START = 1u << 7, /* first token of its sentence */
    DYAD_TOK_ABBR = 1u << 8,   /* abbreviation with its period ("M.", "U.S.", "Jan.") */
};

typedef struct {
    uint32_t start, end;  /* byte offsets in doc->text (the decoded original) */
    const char *fold;     /* folded form (arena or ctx string), NUL-terminated */
    const char *stem;     /* Snowball stem of fold (arena or cache), NUL-terminated */
    uint16_t fold_len;
    uint16_t flags;
} dyad_token;

typedef struct {
    uint32_t start, end;        /* byte offsets in doc->text */
    uint32_t tok_begin, tok_end; /* token index range [begin, end) */
    uint32_t para;              /* paragraph index */
} dyad_sentence;

typedef enum { DYAD_LANG_FR = 0, DYAD_LANG_EN = 1, DYAD_LANG_OTHER = 2 } dyad_lang;

struct dyad_doc {
    dyad_arena arena;
    const dyad_ctx *ctx;
    dyad_worker *worker;
    /* metadata (arena strings) */
    const char *id, *title, *source, *agencies, *url;
    dyad_date date;
    dyad_lang lang;
    size_t repairs;
    /* text: decoded and repaired original; all offsets refer to it */
    const char *text;
    size_t text_len;
    /* NFC text used for analysis and its map back to text (NULL: identical) */
    const char *norm;
    size_t norm_len;
    const uint32_t *norm_map;
    /* structure */
    dyad_para *paras;
    size_t n_paras;
    dyad_sentence *sents;
    size_t n_sents;
    dyad_token *toks;
    size_t n_toks;
    /* events */
    dyad_event *events;
    size_t n_events;
};

/* ------------------------------------------------------------- pipeline */

/* layout.c: for plain articles, splits paragraphs and finds title, caption,
 * lead, dateline (fills doc->date when the article has none), byline (source,
 * agencies) and repeated paragraphs. For JSON articles, paragraphs only. */
dyad_status dyad__layout(dyad_doc *doc, bool plain);

/* datetime.c: parses a date or date-time written in French or English
 * ("Le 29/11/2024 à 06h59", "29 novembre 2024", "Nov. 29, 2024",
 * "2024-11-29T06:59:00Z") at s[0..len). Returns true and fills *out. */
bool dyad__parse_date(const char *s, size_t len, dyad_date *out);

/* lang.c: identifies the language of text (fr, en or other). */
dyad_lang dyad__identify_lang(const dyad_ctx *ctx, dyad_worker *w, const char *text, size_t len);
const char *dyad__lang_name(dyad_lang l);

/* segment.c: sentences and tokens for every non-repeated paragraph.
 * Fills doc->sents and doc->toks (offsets into doc->text). */
dyad_status dyad__segment(dyad_doc *doc);

/* stem.c (per worker): the Snowball stem of a folded word. The returned
 * string lives in the worker's cache or the doc's arena. */
const char *dyad__stem(dyad_worker *w, dyad_arena *a, dyad_lang lang, const char *fold,
                       size_t len);

/* coder.c: finds the events of the doc's sentences. */
dyad_status dyad__code(dyad_doc *doc);

/* The worker: per-thread state. */
struct dyad_sb_stemmer;
typedef struct dyad_stem_cache dyad_stem_cache;
struct dyad_worker {
    const dyad_ctx *ctx;
    struct sb_stemmer *stemmer[2]; /* fr, en */
    dyad_stem_cache *stem_cache[2];
    void *textcat;                 /* libexttextcat handle, lazily opened */
    dyad_buf scratch;
};

#endif /* DYAD_INTERNAL_H */

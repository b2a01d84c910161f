/* pattern.c -- loads the pattern files (data/patterns/NN-name.txt) and data/intent.txt
 * and indexes each pattern by its trigger: a folded word, or a verb lemma. */
#include "pattern.h"

#include "codes.h"
#include "verbs.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    char prefix[5];
    char intent[5]; /* "=": keep the code */
} intent_row;

typedef struct {
    const char *key; /* "w:word" or "v:lemma" */
    uint32_t hash;
    uint8_t lang;
    uint32_t off, len; /* into ids[] */
} index_slot;

struct dyad_patterns {
    dyad_arena arena; /* every string and element lives here */
    dyad_pattern *pats;
    size_t n_pats, cap_pats;
    intent_row *intents;
    size_t n_intents;
    index_slot *slots; /* open addressing, size a power of two */
    size_t n_slots;
    uint32_t *ids;
};

/* ------------------------------------------------------------ parsing */

typedef struct {
    const char *file;
    uint32_t line;
    dyad_error *err;
    dyad_ctx *ctx;
    dyad_patterns *P;
    dyad_lang lang;
    /* the pattern's words, split into tokens */
    char **tok;
    size_t n_tok, pos;
    int n_src, n_tgt, n_tgt_only;
    bool failed;
} parser;

static bool fail(parser *ps, const char *msg, const char *what)
{
    if (!ps->failed)
        dyad__err(ps->err, DYAD_EDATA, ps->file, ps->line, "%s%s%s%s", msg, what ? " '" : "",
                  what ? what : "", what ? "'" : "");
    ps->failed = true;
    return false;
}

static bool is_special(char c)
{
    return c == '{' || c == '}' || c == '[' || c == ']' || c == ',' || c == '*';
}

static const char *const elisions[] = {"l'", "d'", "s'", "n'", "qu'", "j'", "m'", "t'", "c'",
                                       "jusqu'", "lorsqu'", "puisqu'", "quoiqu'", NULL};

static char *arena_fold(dyad_arena *a, const char *s, size_t n)
{
    char buf[256];
    size_t len = dyad__fold(s, n, buf, sizeof buf);
    return dyad__arena_strndup(a, buf, len);
}

/* Pushes a word token, splitting a French elision ("l'accord" -> "l'" "accord"). */
static void push_word(parser *ps, const char *s, size_t n, char ***v, size_t *cap)
{
    dyad_arena *a = &ps->P->arena;
    char *f = arena_fold(a, s, n);
    if (!f)
        return;
    char *parts[2] = {f, NULL};
    size_t flen = strlen(f);
    for (int i = 0; elisions[i]; i++) {
        size_t el = strlen(elisions[i]);
        if (flen > el && strncmp(f, elisions[i], el) == 0 && strcmp(f, "aujourd'hui") != 0) {
            parts[0] = dyad__arena_strndup(a, f, el);
            parts[1] = f + el;
            break;
        }
    }
    for (int k = 0; k < 2 && parts[k]; k++) {
        if (ps->n_tok == *cap) {
            size_t nc = *cap ? *cap * 2 : 32;
            char **nv = dyad__arena_alloc(a, nc * sizeof *nv);
            if (!nv)
                return;
            if (ps->n_tok)
                memcpy(nv, *v, ps->n_tok * sizeof *nv);
            *v = nv;
            *cap = nc;
        }
        (*v)[ps->n_tok++] = parts[k];
    }
}

/* Splits the pattern text into words and the specials { } [ ] , *.
 * A word glued to braces ("soldat{,s}") becomes "{ soldat , soldats }". */
static bool split(parser *ps, const char *s, size_t n)
{
    char **v = NULL;
    size_t cap = 0;
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (c == ' ' || c == '\t') {
            i++;
            continue;
        }
        if (is_special(c)) {
            char sp[2] = {c, 0};
            push_word(ps, sp, 1, &v, &cap);
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && s[j] != ' ' && s[j] != '\t' && !is_special(s[j]))
            j++;
        if (j < n && s[j] == '{') {
            /* suffix braces: prefix{a,b}rest */
            size_t close = j + 1;
            while (close < n && s[close] != '}' && s[close] != '{' && s[close] != ' ')
                close++;
            if (close >= n || s[close] != '}')
                return fail(ps, "unbalanced braces in", NULL);
            size_t rest_end = close + 1;
            while (rest_end < n && s[rest_end] != ' ' && s[rest_end] != '\t' &&
                   !is_special(s[rest_end]))
                rest_end++;
            push_word(ps, "{", 1, &v, &cap);
            size_t k = j + 1;
            bool first = true;
            for (;;) {
                size_t e = k;
                while (e < close && s[e] != ',')
                    e++;
                if (!first)
                    push_word(ps, ",", 1, &v, &cap);
                first = false;
                char word[256];
                size_t wl = 0;
                if ((j - i) + (e - k) + (rest_end - close - 1) >= sizeof word)
                    return fail(ps, "word too long", NULL);
                memcpy(word, s + i, j - i);
                wl = j - i;
                memcpy(word + wl, s + k, e - k);
                wl += e - k;
                memcpy(word + wl, s + close + 1, rest_end - close - 1);
                wl += rest_end - close - 1;
                push_word(ps, word, wl, &v, &cap);
                if (e >= close)
                    break;
                k = e + 1;
            }
            push_word(ps, "}", 1, &v, &cap);
            i = rest_end;
            continue;
        }
        push_word(ps, s + i, j - i, &v, &cap);
        i = j;
    }
    ps->tok = v;
    return !ps->P->arena.failed || fail(ps, "out of memory", NULL);
}

static bool parse_seq(parser *ps, dyad_pseq *out, const char *closers);

static dyad_pelem *push_elem(parser *ps, dyad_pelem **v, size_t *n, size_t *cap)
{
    dyad_pelem *e = dyad__vec_push(&ps->P->arena, (void **)v, n, cap, sizeof **v);
    if (!e)
        fail(ps, "out of memory", NULL);
    return e;
}

static bool parse_seq(parser *ps, dyad_pseq *out, const char *closers)
{
    dyad_pelem *v = NULL;
    size_t n = 0, cap = 0;
    while (ps->pos < ps->n_tok) {
        const char *t = ps->tok[ps->pos];
        if (t[1] == '\0' && strchr(closers, t[0]))
            break;
        ps->pos++;
        if (strcmp(t, "]") == 0 || strcmp(t, "}") == 0 || strcmp(t, ",") == 0)
            return fail(ps, "unexpected", t);
        dyad_pelem *e = push_elem(ps, &v, &n, &cap);
        if (!e)
            return false;
        if (strcmp(t, "{") == 0) {
            e->kind = DYAD_PE_ALT;
            dyad_pseq *seqs = NULL;
            size_t ns = 0, cs = 0;
            for (;;) {
                dyad_pseq *sq = dyad__vec_push(&ps->P->arena, (void **)&seqs, &ns, &cs, sizeof *sq);
                if (!sq || !parse_seq(ps, sq, ",}"))
                    return fail(ps, "bad alternatives", NULL);
                if (ps->pos >= ps->n_tok)
                    return fail(ps, "unbalanced braces", NULL);
                const char *c = ps->tok[ps->pos++];
                if (strcmp(c, "}") == 0)
                    break;
            }
            e->seqs = seqs;
            e->n_seqs = (uint16_t)ns;
        } else if (strcmp(t, "[") == 0) {
            e->kind = DYAD_PE_OPT;
            e->seqs = dyad__arena_calloc(&ps->P->arena, 1, sizeof *e->seqs);
            if (!e->seqs || !parse_seq(ps, e->seqs, "]"))
                return fail(ps, "bad optional part", NULL);
            if (ps->pos >= ps->n_tok || strcmp(ps->tok[ps->pos], "]") != 0)
                return fail(ps, "unbalanced brackets", NULL);
            if (e->seqs->n == 0)
                return fail(ps, "empty brackets", NULL);
            ps->pos++;
            e->n_seqs = 1;
        } else if (strcmp(t, "*") == 0) {
            e->kind = DYAD_PE_GAP;
        } else if (strcmp(t, "$s") == 0) {
            e->kind = DYAD_PE_SRC;
            ps->n_src++;
        } else if (strcmp(t, "$p") == 0) {
            e->kind = DYAD_PE_SRC;
            e->near = true;
            ps->n_src++;
        } else if (strcmp(t, "$t") == 0) {
            e->kind = DYAD_PE_TGT;
            ps->n_tgt++;
            ps->n_tgt_only++;
        } else if (strcmp(t, "@t") == 0) {
            e->kind = DYAD_PE_PLACE;
            ps->n_tgt++;
        } else if (t[0] == '$' || t[0] == '@') {
            return fail(ps, "unknown slot", t);
        } else {
            bool refl = false;
            if ((strcmp(t, "se") == 0 || strcmp(t, "s'") == 0) && ps->pos < ps->n_tok) {
                const char *nx = ps->tok[ps->pos];
                if (dyad__verbs_find_lemma(ps->ctx->verbs, ps->lang, nx, strlen(nx)) >= 0) {
                    refl = true;
                    t = nx;
                    ps->pos++;
                }
            }
            int32_t lemma = dyad__verbs_find_lemma(ps->ctx->verbs, ps->lang, t, strlen(t));
            e->kind = lemma >= 0 ? DYAD_PE_VERB : DYAD_PE_WORD;
            e->lemma = lemma;
            e->word = t;
            e->word_len = (uint16_t)strlen(t);
            e->reflexive = refl;
        }
    }
    out->e = v;
    out->n = (uint16_t)n;
    return !ps->failed;
}

static bool trigger_ok(const dyad_pelem *e)
{
    if (e->kind == DYAD_PE_WORD || e->kind == DYAD_PE_VERB)
        return true;
    if (e->kind != DYAD_PE_ALT)
        return false;
    for (uint16_t i = 0; i < e->n_seqs; i++)
        if (e->seqs[i].n == 0 || !trigger_ok(&e->seqs[i].e[0]))
            return false;
    return true;
}

/* The key of an element that starts with a word or a verb, or false. */
static bool elem_key(const dyad_pelem *e, uint8_t lang, uint32_t *out)
{
    if (e->kind == DYAD_PE_WORD || e->kind == DYAD_PE_VERB) {
        char key[300];
        int n = snprintf(key, sizeof key, "%c:%s", e->kind == DYAD_PE_VERB ? 'v' : 'w', e->word);
        if (n < 0 || (size_t)n >= sizeof key)
            return false;
        *out = dyad__pattern_key_hash(key, (size_t)n, lang);
        return true;
    }
    return false;
}

/* The pattern's pre-test: every required element after the trigger that is
 * a word, a verb, or alternatives that each start with one gives a group of
 * keys, one of which the sentence must contain. */
static bool set_need(parser *ps, dyad_pattern *p)
{
    size_t total = 0, groups = 0;
    for (uint16_t i = 1; i < p->seq.n; i++) {
        const dyad_pelem *e = &p->seq.e[i];
        if (e->kind == DYAD_PE_WORD || e->kind == DYAD_PE_VERB) {
            total++;
            groups++;
        } else if (e->kind == DYAD_PE_ALT) {
            total += e->n_seqs;
            groups++;
        }
    }
    if (!groups)
        return true;
    uint32_t *v = dyad__arena_alloc(&ps->P->arena, total * sizeof *v);
    uint16_t *g = dyad__arena_alloc(&ps->P->arena, (groups + 1) * sizeof *g);
    if (!v || !g)
        return fail(ps, "out of memory", NULL);
    size_t n = 0, ng = 0;
    for (uint16_t i = 1; i < p->seq.n; i++) {
        const dyad_pelem *e = &p->seq.e[i];
        size_t start = n;
        if (elem_key(e, p->lang, &v[n])) {
            n++;
        } else if (e->kind == DYAD_PE_ALT) {
            bool ok = true;
            for (uint16_t k = 0; k < e->n_seqs && ok; k++)
                ok = e->seqs[k].n > 0 && elem_key(&e->seqs[k].e[0], p->lang, &v[n++]);
            if (!ok) {
                n = start; /* an empty or slot-led alternative: no test */
                continue;
            }
        } else {
            continue;
        }
        for (size_t k = start; k < n; k++)
            if (v[k] == 0)
                v[k] = 1;
        g[ng++] = (uint16_t)start;
    }
    g[ng] = (uint16_t)n;
    p->need = v;
    p->need_group = g;
    p->n_groups = (uint16_t)ng;
    return true;
}

static bool valid_code_shape(const char *s, size_t n)
{
    if (n < 2 || n > 4)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static bool parse_line(parser *ps, char *line)
{
    char *hash = strchr(line, '#');
    if (hash)
        *hash = '\0';
    char *semi = strchr(line, ';');
    char *flags = NULL;
    if (semi) {
        *semi = '\0';
        flags = semi + 1;
    }
    char *sp = line;
    while (*sp == ' ' || *sp == '\t')
        sp++;
    if (*sp == '\0' || *sp == '\r' || *sp == '\n')
        return true;
    /* CODE[/INTENT] */
    char *code = sp;
    while (*sp && *sp != ' ' && *sp != '\t')
        sp++;
    if (*sp)
        *sp++ = '\0';
    while (*sp == ' ' || *sp == '\t')
        sp++;
    char *lang = sp;
    while (*sp && *sp != ' ' && *sp != '\t')
        sp++;
    if (*sp)
        *sp++ = '\0';
    char *body = sp;
    size_t blen = strlen(body);
    while (blen && (body[blen - 1] == ' ' || body[blen - 1] == '\t' || body[blen - 1] == '\r' ||
                    body[blen - 1] == '\n'))
        body[--blen] = '\0';

    dyad_pattern *p = dyad__vec_push(&ps->P->arena, (void **)&ps->P->pats, &ps->P->n_pats,
                                     &ps->P->cap_pats, sizeof *p);
    if (!p)
        return fail(ps, "out of memory", NULL);
    char *slash = strchr(code, '/');
    if (slash) {
        *slash = '\0';
        if (!valid_code_shape(slash + 1, strlen(slash + 1)))
            return fail(ps, "bad intent code", slash + 1);
        if (!dyad__code_info(ps->ctx->codes, slash + 1))
            return fail(ps, "unknown CAMEO code", slash + 1);
        memcpy(p->intent, slash + 1, strlen(slash + 1) + 1);
    }
    if (!valid_code_shape(code, strlen(code)))
        return fail(ps, "bad CAMEO code", code);
    if (!dyad__code_info(ps->ctx->codes, code))
        return fail(ps, "unknown CAMEO code", code);
    memcpy(p->code, code, strlen(code) + 1);
    if (strcmp(lang, "fr") == 0)
        ps->lang = DYAD_LANG_FR;
    else if (strcmp(lang, "en") == 0)
        ps->lang = DYAD_LANG_EN;
    else
        return fail(ps, "language must be fr or en, not", lang);
    p->lang = (uint8_t)ps->lang;
    if (blen == 0)
        return fail(ps, "empty pattern", NULL);
    p->file = ps->file;
    p->line = ps->line;
    p->text = dyad__arena_strdup(&ps->P->arena, body);

    ps->n_tok = ps->pos = 0;
    ps->n_src = ps->n_tgt = ps->n_tgt_only = 0;
    if (!split(ps, body, blen))
        return false;
    dyad_pseq seq;
    if (!parse_seq(ps, &seq, ""))
        return false;
    if (ps->n_src != 1)
        return fail(ps, "a pattern needs exactly one $S", NULL);
    if (ps->n_tgt > 2 || ps->n_tgt_only > 1 || ps->n_tgt - ps->n_tgt_only > 1)
        return fail(ps, "a pattern has at most one $T and one @T", NULL);
    p->place_is_loc = ps->n_tgt == 2;
    if (seq.n && seq.e[0].kind == DYAD_PE_SRC) {
        p->src_subject = !seq.e[0].near;
        p->src_near = seq.e[0].near;
        seq.e++;
        seq.n--;
    }
    if (seq.n == 0 || !trigger_ok(&seq.e[0]))
        return fail(ps, "a pattern must start with a word or a verb (after $S)", NULL);
    p->seq = seq;
    if (!set_need(ps, p))
        return false;
    p->direct_obj = seq.e[0].kind == DYAD_PE_VERB && seq.n > 1 && seq.e[1].kind == DYAD_PE_TGT;
    if (flags) {
        char *save = NULL;
        for (char *f = strtok_r(flags, " \t\r\n", &save); f; f = strtok_r(NULL, " \t\r\n", &save)) {
            if (strcmp(f, "recip") == 0)
                p->flags |= DYAD_PAT_RECIP;
            else if (strcmp(f, "alleges") == 0)
                p->flags |= DYAD_PAT_ALLEGES;
            else if (strcmp(f, "self") == 0)
                p->flags |= DYAD_PAT_SELF;
            else
                return fail(ps, "unknown flag", f);
        }
    }
    return true;
}

/* ------------------------------------------------------------ loading */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static dyad_status read_file(const dyad_mem *mem, const char *path, char **out, dyad_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return dyad__err(err, DYAD_EDATA, path, 0, "cannot open pattern file");
    dyad_buf b;
    dyad__buf_init(&b, mem);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
        dyad__buf_put(&b, chunk, n);
    bool bad = ferror(fp);
    fclose(fp);
    if (bad || b.failed) {
        dyad__buf_free(&b);
        return dyad__err(err, bad ? DYAD_EIO : DYAD_ENOMEM, path, 0, "cannot read file");
    }
    if (b.len && memchr(b.ptr, '\0', b.len)) { /* the line loops below stop at a NUL */
        dyad__buf_free(&b);
        return dyad__err(err, DYAD_EDATA, path, 0, "a NUL byte in the file");
    }
    dyad__buf_putc(&b, '\n');
    *out = b.ptr;
    return DYAD_OK;
}

static dyad_status load_patterns_file(dyad_ctx *ctx, const char *path, dyad_error *err)
{
    char *text = NULL;
    dyad_status st = read_file(&ctx->mem, path, &text, err);
    if (st != DYAD_OK)
        return st;
    parser ps = {.ctx = ctx, .P = ctx->pat, .err = err};
    ps.file = dyad__arena_strdup(&ctx->pat->arena, path);
    uint32_t lineno = 0;
    char *p = text;
    while (*p) {
        char *nl = strchr(p, '\n');
        *nl = '\0';
        lineno++;
        ps.line = lineno;
        if (!parse_line(&ps, p)) {
            dyad__free(&ctx->mem, text);
            return DYAD_EDATA;
        }
        p = nl + 1;
    }
    dyad__free(&ctx->mem, text);
    return DYAD_OK;
}

static dyad_status load_intents(dyad_ctx *ctx, dyad_error *err)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/intent.txt", ctx->data_dir);
    char *text = NULL;
    dyad_status st = read_file(&ctx->mem, path, &text, err);
    if (st != DYAD_OK)
        return st;
    dyad_patterns *P = ctx->pat;
    size_t cap = 0;
    uint32_t lineno = 0;
    char *p = text;
    st = DYAD_OK;
    while (*p) {
        char *nl = strchr(p, '\n');
        *nl = '\0';
        lineno++;
        char *hash = strchr(p, '#');
        if (hash)
            *hash = '\0';
        char a[16] = "", b[16] = "", extra[16] = "";
        int k = sscanf(p, "%15s %15s %15s", a, b, extra);
        if (k > 0) {
            if (k != 2 || !valid_code_shape(a, strlen(a)) ||
                (strcmp(b, "=") != 0 && !dyad__code_info(ctx->codes, b))) {
                st = dyad__err(err, DYAD_EDATA, path, lineno,
                               "expected 'PREFIX INTENT' with a known CAMEO code or '='");
                break;
            }
            intent_row *r =
                dyad__vec_push(&P->arena, (void **)&P->intents, &P->n_intents, &cap, sizeof *r);
            if (!r) {
                st = dyad__err(err, DYAD_ENOMEM, path, lineno, "out of memory");
                break;
            }
            memcpy(r->prefix, a, strlen(a) + 1);
            memcpy(r->intent, b, strlen(b) + 1);
        }
        p = nl + 1;
    }
    dyad__free(&ctx->mem, text);
    return st;
}

uint32_t dyad__pattern_key_hash(const char *key, size_t len, uint8_t lang)
{
    uint32_t h = 2166136261u ^ lang;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    return h;
}

static uint32_t hash_key(const char *s, size_t n, uint8_t lang)
{
    uint32_t h = 2166136261u ^ lang;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    return h;
}

typedef struct {
    const char *key;
    uint8_t lang;
    uint32_t pid;
} index_pair;

static int cmp_pair(const void *a, const void *b)
{
    const index_pair *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    if (x->lang != y->lang)
        return x->lang - y->lang;
    return x->pid < y->pid ? -1 : x->pid > y->pid;
}

static bool add_keys(dyad_patterns *P, const dyad_pelem *e, uint8_t lang, uint32_t pid,
                     index_pair **v, size_t *n, size_t *cap)
{
    if (e->kind == DYAD_PE_ALT) {
        for (uint16_t i = 0; i < e->n_seqs; i++)
            if (!add_keys(P, &e->seqs[i].e[0], lang, pid, v, n, cap))
                return false;
        return true;
    }
    index_pair *ip = dyad__vec_push(&P->arena, (void **)v, n, cap, sizeof *ip);
    if (!ip)
        return false;
    ip->key = dyad__arena_printf(&P->arena, "%c:%s", e->kind == DYAD_PE_VERB ? 'v' : 'w', e->word);
    ip->lang = lang;
    ip->pid = pid;
    return ip->key != NULL;
}

static dyad_status build_index(dyad_patterns *P)
{
    index_pair *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < P->n_pats; i++)
        if (!add_keys(P, &P->pats[i].seq.e[0], P->pats[i].lang, (uint32_t)i, &v, &n, &cap))
            return DYAD_ENOMEM;
    if (n)
        qsort(v, n, sizeof *v, cmp_pair);
    size_t uniq = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || cmp_pair(&(index_pair){v[i].key, v[i].lang, 0},
                               &(index_pair){v[i - 1].key, v[i - 1].lang, 0}) != 0)
            uniq++;
    size_t ns = 16;
    while (ns < uniq * 2)
        ns *= 2;
    P->slots = dyad__arena_calloc(&P->arena, ns, sizeof *P->slots);
    P->ids = dyad__arena_alloc(&P->arena, (n ? n : 1) * sizeof *P->ids);
    if (!P->slots || !P->ids)
        return DYAD_ENOMEM;
    P->n_slots = ns;
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        /* one slot per (key, lang); skip duplicate pids from ALT triggers */
        uint32_t off = (uint32_t)i, len = 0;
        while (j < n && strcmp(v[j].key, v[i].key) == 0 && v[j].lang == v[i].lang) {
            if (len == 0 || P->ids[off + len - 1] != v[j].pid)
                P->ids[off + len++] = v[j].pid;
            j++;
        }
        uint32_t h = hash_key(v[i].key, strlen(v[i].key), v[i].lang);
        size_t s = h & (ns - 1);
        while (P->slots[s].key)
            s = (s + 1) & (ns - 1);
        P->slots[s] = (index_slot){v[i].key, h, v[i].lang, off, len};
        i = j;
    }
    return DYAD_OK;
}

dyad_status dyad__patterns_load(dyad_ctx *ctx, dyad_error *err)
{
    dyad_patterns *P = dyad__malloc(&ctx->mem, sizeof *P);
    if (!P)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    memset(P, 0, sizeof *P);
    dyad__arena_init(&P->arena, &ctx->mem);
    ctx->pat = P;

    dyad_status st = load_intents(ctx, err);
    if (st != DYAD_OK)
        return st;
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/patterns", ctx->data_dir);
    DIR *d = opendir(dir);
    if (!d)
        return dyad__err(err, DYAD_EDATA, dir, 0, "cannot open the patterns directory");
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 5 || strcmp(de->d_name + len - 4, ".txt") != 0 || de->d_name[0] == '.')
            continue;
        char **slot = dyad__vec_push(&P->arena, (void **)&names, &n, &cap, sizeof *slot);
        if (!slot || !(*slot = dyad__arena_printf(&P->arena, "%s/%s", dir, de->d_name))) {
            closedir(d);
            return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
        }
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++)
        if ((st = load_patterns_file(ctx, names[i], err)) != DYAD_OK)
            return st;
    if (P->arena.failed || build_index(P) != DYAD_OK)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    ctx->stats.patterns = P->n_pats;
    return DYAD_OK;
}

void dyad__patterns_free(dyad_ctx *ctx)
{
    if (!ctx->pat)
        return;
    dyad__arena_free(&ctx->pat->arena);
    dyad__free(&ctx->mem, ctx->pat);
    ctx->pat = NULL;
}

/* ------------------------------------------------------------ queries */

static const index_slot *find_slot(const dyad_patterns *P, const char *key, size_t klen,
                                   uint8_t lang)
{
    if (!P->n_slots)
        return NULL;
    uint32_t h = hash_key(key, klen, lang);
    size_t s = h & (P->n_slots - 1);
    while (P->slots[s].key) {
        const index_slot *sl = &P->slots[s];
        if (sl->hash == h && sl->lang == lang && strncmp(sl->key, key, klen) == 0 &&
            sl->key[klen] == '\0')
            return sl;
        s = (s + 1) & (P->n_slots - 1);
    }
    return NULL;
}

static int visit_slot(const dyad_patterns *P, const index_slot *sl, dyad_pattern_fn fn, void *ud)
{
    if (!sl)
        return 0;
    for (uint32_t i = 0; i < sl->len; i++)
        if (fn(&P->pats[P->ids[sl->off + i]], ud))
            return 1;
    return 0;
}

void dyad__patterns_for_token(const dyad_ctx *ctx, dyad_lang lang, const dyad_token *tok,
                              dyad_pattern_fn fn, void *ud)
{
    const dyad_patterns *P = ctx->pat;
    if (!P || tok->fold_len == 0 || tok->fold_len > 200 || !(tok->flags & DYAD_TOK_WORD))
        return;
    char key[210];
    key[0] = 'w';
    key[1] = ':';
    memcpy(key + 2, tok->fold, tok->fold_len);
    if (visit_slot(P, find_slot(P, key, tok->fold_len + 2u, (uint8_t)lang), fn, ud))
        return;
    const dyad_verb_analysis *va = NULL;
    size_t nv = dyad__verbs_lookup(ctx->verbs, lang, tok->fold, tok->fold_len, &va);
    key[0] = 'v';
    for (size_t i = 0; i < nv; i++) {
        const char *lemma = dyad__verbs_lemma(ctx->verbs, va[i].lemma);
        size_t ll = strlen(lemma);
        if (ll > 200)
            continue;
        memcpy(key + 2, lemma, ll);
        if (visit_slot(P, find_slot(P, key, ll + 2, (uint8_t)lang), fn, ud))
            return;
    }
}

const char *dyad__intent_code(const dyad_ctx *ctx, const dyad_pattern *p, const char *code)
{
    if (p && p->intent[0])
        return p->intent;
    const dyad_patterns *P = ctx->pat;
    const intent_row *best = NULL;
    size_t best_len = 0;
    for (size_t i = 0; i < P->n_intents; i++) {
        size_t l = strlen(P->intents[i].prefix);
        if (l > best_len && strncmp(code, P->intents[i].prefix, l) == 0) {
            best = &P->intents[i];
            best_len = l;
        }
    }
    if (!best)
        return NULL;
    return strcmp(best->intent, "=") == 0 ? code : best->intent;
}

size_t dyad__pattern_count(const dyad_ctx *ctx)
{
    return ctx->pat ? ctx->pat->n_pats : 0;
}

const dyad_pattern *dyad__pattern_at(const dyad_ctx *ctx, size_t i)
{
    return i < dyad__pattern_count(ctx) ? &ctx->pat->pats[i] : NULL;
}

/* verbs.c -- the verb-form lexicon: data/lexicon/{fr,en}-verbs.txt (made by
 * scripts/gen_verbs.py; format in docs/verbs.md) expanded at load time into
 * an open-addressing hash table from (language, folded form) to the list of
 * its analyses (lemma id, tag bits). Immutable after dyad__verbs_load, so
 * any number of threads may look up at once. */
#include "verbs.h"

#include <errno.h>
#include <string.h>

/* A form token is short ("accueillissions"); a longer one is a data error,
 * which keeps every fold buffer on the stack. */
#define MAX_WORD 128

/* A hash-table slot keeps the hash beside the index: probing and growing
 * then touch only the slot array, not the entries (the load is bound by
 * cache misses: 290,000 inserts). */
typedef struct {
    uint32_t hash;
    uint32_t idx; /* entry index + 1; 0 = empty */
} verb_slot;

typedef struct {
    uint32_t key;  /* offset of the folded form in pool */
    uint32_t an;   /* while loading: head node + 1; then: first analysis */
    uint16_t len;
    uint16_t n;    /* analyses */
    uint8_t lang;
} verb_entry;

typedef struct {
    uint32_t off; /* folded infinitive in pool */
    uint16_t len;
    uint8_t lang;
} verb_lemma;

/* A load-time analysis in the singly linked list of its entry. */
typedef struct {
    uint32_t lemma;
    uint32_t next; /* node index + 1, 0: end */
    uint16_t tags;
} verb_node;

struct dyad_verbs {
    char *pool; /* NUL-terminated folded strings */
    size_t pool_len, pool_cap;
    verb_entry *ent;
    size_t n_ent, ent_cap;
    verb_slot *slot;
    size_t slot_mask;
    verb_lemma *lem;
    size_t n_lem, lem_cap;
    verb_slot *lem_slot;
    size_t lem_mask;
    dyad_verb_analysis *an;
    size_t n_an;
};

/* Everything a loader needs, so helpers take one pointer. */
typedef struct {
    const dyad_mem *mem;
    dyad_verbs *v;
    verb_node *node;
    size_t n_node, node_cap;
    dyad_error *err;
    const char *path;
    long line;
} loader;

/* FNV-1a with the language mixed in (forms are per language), then
 * MurmurHash3's finalizer: FNV's low bits, which pick the slot, are weak. */
static uint32_t hash_key(dyad_lang lang, const char *s, size_t len)
{
    uint32_t h = 2166136261u ^ (uint32_t)lang;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 16777619u;
    }
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

static bool grow(const dyad_mem *mem, void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return true;
    /* doubling for one more item; exactly `need` when reserving ahead */
    size_t nc = *cap ? *cap * 2 : 1024;
    if (nc < need)
        nc = need;
    void *np = dyad__realloc(mem, *p, nc * elem);
    if (!np)
        return false;
    *p = np;
    *cap = nc;
    return true;
}

static dyad_status oom(loader *L)
{
    return dyad__err(L->err, DYAD_ENOMEM, NULL, 0, "out of memory");
}

static dyad_status bad(loader *L, const char *what, const char *tok, size_t len)
{
    return dyad__err(L->err, DYAD_EDATA, L->path, L->line, "%s: '%.*s'", what,
                     (int)(len > 200 ? 200 : len), tok);
}

static bool pool_add(loader *L, const char *s, size_t len, uint32_t *off)
{
    dyad_verbs *v = L->v;
    if (!grow(L->mem, (void **)&v->pool, &v->pool_cap, v->pool_len + len + 1, 1))
        return false;
    *off = (uint32_t)v->pool_len;
    memcpy(v->pool + v->pool_len, s, len);
    v->pool[v->pool_len + len] = '\0';
    v->pool_len += len + 1;
    return true;
}

/* Makes room for n + 1 items in a slot array, doubling it to stay at most
 * three quarters full. */
static bool reserve_slot(const dyad_mem *mem, verb_slot **slot, size_t *mask, size_t n)
{
    if ((n + 1) * 4 <= (*mask ? *mask + 1 : 0) * 3)
        return true;
    size_t size = *mask ? (*mask + 1) * 2 : 4096;
    while ((n + 1) * 4 > size * 3)
        size *= 2;
    verb_slot *ns = dyad__malloc(mem, size * sizeof *ns);
    if (!ns)
        return false;
    memset(ns, 0, size * sizeof *ns);
    for (size_t i = 0; *mask && i <= *mask; i++) {
        if (!(*slot)[i].idx)
            continue;
        size_t j = (*slot)[i].hash & (size - 1);
        while (ns[j].idx)
            j = (j + 1) & (size - 1);
        ns[j] = (*slot)[i];
    }
    dyad__free(mem, *slot);
    *slot = ns;
    *mask = size - 1;
    return true;
}

static void put_slot(verb_slot *slot, size_t mask, uint32_t h, size_t idx)
{
    size_t j = h & mask;
    while (slot[j].idx)
        j = (j + 1) & mask;
    slot[j] = (verb_slot){h, (uint32_t)idx + 1};
}

/* The lemma id of a folded infinitive, added if new. Two infinitives that
 * fold alike (pécher, pêcher) share one id: look-ups are by folded form. */
static dyad_status lemma_id(loader *L, dyad_lang lang, const char *s, size_t len, uint32_t *id)
{
    dyad_verbs *v = L->v;
    uint32_t h = hash_key(lang, s, len);
    if (v->lem_mask) {
        int32_t found = dyad__verbs_find_lemma(v, lang, s, len);
        if (found >= 0) {
            *id = (uint32_t)found;
            return DYAD_OK;
        }
    }
    if (!reserve_slot(L->mem, &v->lem_slot, &v->lem_mask, v->n_lem))
        return oom(L);
    if (!grow(L->mem, (void **)&v->lem, &v->lem_cap, v->n_lem + 1, sizeof *v->lem))
        return oom(L);
    verb_lemma *e = &v->lem[v->n_lem];
    if (!pool_add(L, s, len, &e->off))
        return oom(L);
    e->len = (uint16_t)len;
    e->lang = (uint8_t)lang;
    put_slot(v->lem_slot, v->lem_mask, h, v->n_lem);
    *id = (uint32_t)v->n_lem++;
    return DYAD_OK;
}

/* Records that folded form s is `lemma` with `tags`; tags of the same form
 * and lemma are merged ("aime": PRES|SUBJ|IMP). */
static dyad_status add_form(loader *L, dyad_lang lang, const char *s, size_t len, uint32_t h,
                            uint32_t lemma, uint16_t tags)
{
    dyad_verbs *v = L->v;
    verb_entry *e = NULL;
    if (v->slot_mask) {
        for (size_t j = h & v->slot_mask; v->slot[j].idx; j = (j + 1) & v->slot_mask) {
            if (v->slot[j].hash != h)
                continue;
            verb_entry *c = &v->ent[v->slot[j].idx - 1];
            if (c->lang == lang && c->len == len && memcmp(v->pool + c->key, s, len) == 0) {
                e = c;
                break;
            }
        }
    }
    if (e) {
        for (uint32_t k = e->an; k; k = L->node[k - 1].next)
            if (L->node[k - 1].lemma == lemma) {
                L->node[k - 1].tags |= tags;
                return DYAD_OK;
            }
        if (e->n == UINT16_MAX)
            return DYAD_OK; /* cannot happen with real data; keep the table sane */
    } else {
        if (!reserve_slot(L->mem, &v->slot, &v->slot_mask, v->n_ent))
            return oom(L);
        if (!grow(L->mem, (void **)&v->ent, &v->ent_cap, v->n_ent + 1, sizeof *v->ent))
            return oom(L);
        e = &v->ent[v->n_ent];
        memset(e, 0, sizeof *e);
        if (!pool_add(L, s, len, &e->key))
            return oom(L);
        e->len = (uint16_t)len;
        e->lang = (uint8_t)lang;
        put_slot(v->slot, v->slot_mask, h, v->n_ent++);
    }
    if (!grow(L->mem, (void **)&L->node, &L->node_cap, L->n_node + 1, sizeof *L->node))
        return oom(L);
    L->node[L->n_node] = (verb_node){.lemma = lemma, .next = e->an, .tags = tags};
    e->an = (uint32_t)++L->n_node;
    e->n++;
    return DYAD_OK;
}

/* dyad__fold, skipped for the common case it leaves alone: lowercase ASCII
 * letters, hyphens and apostrophes (most lemmas, all English forms), which
 * keeps the load fast whatever the cost of a real Unicode fold. */
static size_t fold_word(const char *s, size_t len, char *out, size_t cap)
{
    size_t i = 0;
    while (i < len && ((s[i] >= 'a' && s[i] <= 'z') || s[i] == '-' || s[i] == '\''))
        i++;
    if (i < len || len >= cap)
        return dyad__fold(s, len, out, cap);
    memcpy(out, s, len);
    out[len] = '\0';
    return len;
}

/* Tag letters of the data files (docs/verbs.md). */
static bool parse_tags(const char *s, size_t len, uint16_t *out)
{
    static const char letters[] = "NPIAFCSMEG";
    uint16_t t = 0;
    for (size_t i = 0; i < len; i++) {
        const char *p = memchr(letters, s[i], sizeof letters - 1);
        if (!p)
            return false;
        t |= (uint16_t)(1u << (p - letters));
    }
    *out = t;
    return len > 0;
}

/* One template's endings, folded once: folding is letter by letter, so
 * fold(radical + ending) == fold(radical) + fold(ending) and the 270,000
 * French forms cost one fold per lemma instead of one per form. */
typedef struct {
    const char *name; /* in the file buffer */
    size_t name_len, suffix_len;
    size_t first, n; /* range in the ending arrays */
    size_t text_len; /* sum of the folded endings' lengths */
} verb_template;

typedef struct {
    verb_template *t;
    size_t n, cap;
    char *text; /* folded endings, back to back */
    size_t text_len, text_cap;
    struct ending {
        uint32_t off;
        uint16_t len, tags;
    } *end;
    size_t n_end, end_cap;
} template_set;

static size_t next_tok(const char *s, size_t len, size_t *pos, const char **tok)
{
    size_t i = *pos;
    while (i < len && (s[i] == ' ' || s[i] == '\t'))
        i++;
    size_t b = i;
    while (i < len && s[i] != ' ' && s[i] != '\t')
        i++;
    *tok = s + b;
    *pos = i;
    return i - b;
}

/* "ending/TAGS": splits at the last '/'. */
static bool split_form(const char *tok, size_t len, size_t *form_len, uint16_t *tags)
{
    const char *slash = NULL;
    for (size_t i = len; i-- > 0;)
        if (tok[i] == '/') {
            slash = tok + i;
            break;
        }
    if (!slash)
        return false;
    *form_len = (size_t)(slash - tok);
    return parse_tags(slash + 1, len - *form_len - 1, tags);
}

static dyad_status parse_template(loader *L, template_set *ts, const char *line, size_t len)
{
    size_t pos = 1; /* after "T" */
    const char *name;
    size_t nl = next_tok(line, len, &pos, &name);
    const char *colon = nl ? memchr(name, ':', nl) : NULL;
    if (!colon)
        return bad(L, "template name must be radical:suffix", name, nl);
    if (!grow(L->mem, (void **)&ts->t, &ts->cap, ts->n + 1, sizeof *ts->t))
        return oom(L);
    verb_template *t = &ts->t[ts->n];
    *t = (verb_template){.name = name, .name_len = nl,
                         .suffix_len = nl - (size_t)(colon + 1 - name), .first = ts->n_end};
    for (;;) {
        const char *tok;
        size_t tl = next_tok(line, len, &pos, &tok), el;
        uint16_t tags;
        if (!tl)
            break;
        if (!split_form(tok, tl, &el, &tags))
            return bad(L, "expected ending/TAGS (tags among NPIAFCSMEG)", tok, tl);
        if (el >= MAX_WORD)
            return bad(L, "ending too long", tok, tl);
        char f[MAX_WORD];
        size_t fl = fold_word(tok, el, f, sizeof f);
        if (!grow(L->mem, (void **)&ts->text, &ts->text_cap, ts->text_len + fl + 1, 1) ||
            !grow(L->mem, (void **)&ts->end, &ts->end_cap, ts->n_end + 1, sizeof *ts->end))
            return oom(L);
        memcpy(ts->text + ts->text_len, f, fl);
        ts->end[ts->n_end++] = (struct ending){(uint32_t)ts->text_len, (uint16_t)fl, tags};
        ts->text_len += fl;
        t->text_len += fl;
    }
    t->n = ts->n_end - t->first;
    ts->n++;
    return DYAD_OK;
}

static const verb_template *find_template(const template_set *ts, const char *name, size_t len)
{
    for (size_t i = 0; i < ts->n; i++)
        if (ts->t[i].name_len == len && memcmp(ts->t[i].name, name, len) == 0)
            return &ts->t[i];
    return NULL;
}

/* First pass over a lemma line: how many forms and pool bytes it will add
 * at most, so the tables are sized once (growing them cost a third of the
 * load time). Mistakes are left to the second pass. */
static void count_lemma(const template_set *ts, const char *line, size_t len, size_t *forms,
                        size_t *bytes)
{
    size_t pos = 0;
    const char *tok;
    size_t ll = next_tok(line, len, &pos, &tok), tl;
    while ((tl = next_tok(line, len, &pos, &tok)) != 0) {
        const verb_template *t = memchr(tok, '/', tl) ? NULL : find_template(ts, tok, tl);
        *forms += t ? t->n : 1;
        *bytes += t ? t->n * (ll + 1) + t->text_len : ll + tl + 1;
    }
}

/* "lemma TOKEN...": a TOKEN is a template name (with ':') or form/TAGS,
 * where a leading '~' in the form stands for the lemma. */
static dyad_status parse_lemma(loader *L, dyad_lang lang, const template_set *ts,
                               const char *line, size_t len)
{
    size_t pos = 0;
    const char *lem;
    size_t ll = next_tok(line, len, &pos, &lem);
    if (ll >= MAX_WORD)
        return bad(L, "lemma too long", lem, ll);
    char lf[MAX_WORD];
    size_t lfl = fold_word(lem, ll, lf, sizeof lf);
    uint32_t id = 0;
    dyad_status st = lemma_id(L, lang, lf, lfl, &id);
    if (st)
        return st;
    bool any = false;
    for (;;) {
        const char *tok;
        size_t tl = next_tok(line, len, &pos, &tok);
        if (!tl)
            break;
        any = true;
        char buf[2 * MAX_WORD];
        size_t el;
        uint16_t tags;
        if (split_form(tok, tl, &el, &tags)) {
            if (el >= MAX_WORD)
                return bad(L, "form too long", tok, tl);
            size_t fl;
            if (el && tok[0] == '~') { /* the folded lemma + the folded rest */
                memcpy(buf, lf, lfl);
                fl = lfl + fold_word(tok + 1, el - 1, buf + lfl, sizeof buf - lfl);
            } else {
                fl = fold_word(tok, el, buf, sizeof buf);
            }
            if ((st = add_form(L, lang, buf, fl, hash_key(lang, buf, fl), id, tags)) != DYAD_OK)
                return st;
            continue;
        }
        if (!memchr(tok, ':', tl))
            return bad(L, "expected a template name or form/TAGS", tok, tl);
        const verb_template *t = find_template(ts, tok, tl);
        if (!t)
            return bad(L, "unknown template", tok, tl);
        if (t->suffix_len > ll || memcmp(lem + ll - t->suffix_len,
                                         t->name + t->name_len - t->suffix_len,
                                         t->suffix_len) != 0)
            return bad(L, "lemma does not end like its template", tok, tl);
        size_t rl = fold_word(lem, ll - t->suffix_len, buf, MAX_WORD);
        /* The load is bound by cache misses on the slot array: hash a batch
         * of forms and prefetch their slots, so the misses overlap. */
        enum { BATCH = 32 };
        uint32_t hs[BATCH];
        for (size_t b = t->first; b < t->first + t->n; b += BATCH) {
            size_t nb = t->first + t->n - b < BATCH ? t->first + t->n - b : BATCH;
            for (size_t i = 0; i < nb; i++) {
                const struct ending *e = &ts->end[b + i];
                memcpy(buf + rl, ts->text + e->off, e->len);
                hs[i] = hash_key(lang, buf, rl + e->len);
#if defined(__GNUC__)
                if (L->v->slot_mask)
                    __builtin_prefetch(&L->v->slot[hs[i] & L->v->slot_mask]);
#endif
            }
            for (size_t i = 0; i < nb; i++) {
                const struct ending *e = &ts->end[b + i];
                memcpy(buf + rl, ts->text + e->off, e->len);
                if ((st = add_form(L, lang, buf, rl + e->len, hs[i], id, e->tags)) != DYAD_OK)
                    return st;
            }
        }
    }
    if (!any)
        return bad(L, "lemma without forms", lem, ll);
    return DYAD_OK;
}

static dyad_status load_file(loader *L, dyad_lang lang, const char *path)
{
    L->path = path;
    L->line = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return dyad__err(L->err, DYAD_EDATA, path, 0, "cannot open: %s", strerror(errno));
    char *data = NULL;
    size_t len = 0, cap = 0;
    for (;;) {
        if (!grow(L->mem, (void **)&data, &cap, len + 65536, 1)) {
            fclose(f);
            dyad__free(L->mem, data);
            return oom(L);
        }
        size_t r = fread(data + len, 1, cap - len, f);
        len += r;
        if (r == 0)
            break;
    }
    bool rerr = ferror(f);
    fclose(f);
    if (rerr) {
        dyad__free(L->mem, data);
        return dyad__err(L->err, DYAD_EDATA, path, 0, "read error");
    }
    /* Two passes: templates and counts, then the lemmas. */
    template_set ts = {0};
    dyad_status st = DYAD_OK;
    size_t forms = 0, bytes = 0;
    for (int pass = 0; pass < 2 && st == DYAD_OK; pass++) {
        L->line = 0;
        if (pass == 1) {
            dyad_verbs *v = L->v;
            if (!reserve_slot(L->mem, &v->slot, &v->slot_mask, v->n_ent + forms) ||
                !grow(L->mem, (void **)&v->ent, &v->ent_cap, v->n_ent + forms, sizeof *v->ent) ||
                !grow(L->mem, (void **)&L->node, &L->node_cap, L->n_node + forms,
                      sizeof *L->node) ||
                !grow(L->mem, (void **)&v->pool, &v->pool_cap, v->pool_len + bytes, 1))
                st = oom(L);
        }
        for (size_t pos = 0; pos < len && st == DYAD_OK;) {
            const char *line = data + pos;
            const char *nl = memchr(line, '\n', len - pos);
            size_t ll = nl ? (size_t)(nl - line) : len - pos;
            pos += ll + 1;
            L->line++;
            const char *hash = memchr(line, '#', ll);
            if (hash)
                ll = (size_t)(hash - line);
            while (ll && (line[ll - 1] == '\r' || line[ll - 1] == ' ' || line[ll - 1] == '\t'))
                ll--;
            if (!ll)
                continue;
            if (line[0] == 'T' && ll > 1 && (line[1] == ' ' || line[1] == '\t')) {
                if (pass == 0)
                    st = parse_template(L, &ts, line, ll);
            } else if (line[0] == ' ' || line[0] == '\t') {
                st = bad(L, "line starts with a blank", line, ll);
            } else if (pass == 0) {
                count_lemma(&ts, line, ll, &forms, &bytes);
            } else {
                st = parse_lemma(L, lang, &ts, line, ll);
            }
        }
    }
    dyad__free(L->mem, ts.t);
    dyad__free(L->mem, ts.text);
    dyad__free(L->mem, ts.end);
    dyad__free(L->mem, data);
    return st;
}

/* Lays the node lists out as one array in lemma-id order (file order). */
static dyad_status finish(loader *L)
{
    dyad_verbs *v = L->v;
    v->an = dyad__malloc(L->mem, (L->n_node ? L->n_node : 1) * sizeof *v->an);
    if (!v->an)
        return oom(L);
    size_t k = 0;
    for (size_t i = 0; i < v->n_ent; i++) {
        verb_entry *e = &v->ent[i];
        uint32_t first = (uint32_t)k;
        for (uint32_t p = e->an; p; p = L->node[p - 1].next)
            v->an[k++] = (dyad_verb_analysis){L->node[p - 1].lemma, L->node[p - 1].tags};
        for (size_t a = first, b = k; a + 1 < b; a++, b--) { /* lists are newest first */
            dyad_verb_analysis t = v->an[a];
            v->an[a] = v->an[b - 1];
            v->an[b - 1] = t;
        }
        e->an = first;
    }
    v->n_an = k;
    return DYAD_OK;
}

dyad_status dyad__verbs_load(dyad_ctx *ctx, dyad_error *err)
{
    dyad__verbs_free(ctx);
    dyad_verbs *v = dyad__malloc(&ctx->mem, sizeof *v);
    if (!v)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    memset(v, 0, sizeof *v);
    ctx->verbs = v;
    loader L = {.mem = &ctx->mem, .v = v, .err = err};
    static const struct {
        dyad_lang lang;
        const char *name;
    } files[] = {{DYAD_LANG_FR, "fr-verbs.txt"}, {DYAD_LANG_EN, "en-verbs.txt"}};
    dyad_status st = DYAD_OK;
    for (size_t i = 0; i < sizeof files / sizeof files[0] && st == DYAD_OK; i++) {
        char path[1024];
        int n = snprintf(path, sizeof path, "%s/lexicon/%s", ctx->data_dir ? ctx->data_dir : ".",
                         files[i].name);
        if (n < 0 || (size_t)n >= sizeof path)
            st = dyad__err(err, DYAD_EDATA, NULL, 0, "data directory path too long");
        else
            st = load_file(&L, files[i].lang, path);
    }
    if (st == DYAD_OK)
        st = finish(&L);
    dyad__free(L.mem, L.node);
    if (st != DYAD_OK) {
        dyad__verbs_free(ctx);
        return st;
    }
    ctx->stats.verb_forms = v->n_ent;
    return DYAD_OK;
}

void dyad__verbs_free(dyad_ctx *ctx)
{
    dyad_verbs *v = ctx->verbs;
    if (!v)
        return;
    dyad__free(&ctx->mem, v->pool);
    dyad__free(&ctx->mem, v->ent);
    dyad__free(&ctx->mem, v->slot);
    dyad__free(&ctx->mem, v->lem);
    dyad__free(&ctx->mem, v->lem_slot);
    dyad__free(&ctx->mem, v->an);
    dyad__free(&ctx->mem, v);
    ctx->verbs = NULL;
}

size_t dyad__verbs_lookup(const dyad_verbs *v, dyad_lang lang, const char *fold, size_t len,
                          const dyad_verb_analysis **out)
{
    *out = NULL;
    if (!v || !v->slot_mask || len > UINT16_MAX)
        return 0;
    uint32_t h = hash_key(lang, fold, len);
    for (size_t j = h & v->slot_mask; v->slot[j].idx; j = (j + 1) & v->slot_mask) {
        if (v->slot[j].hash != h)
            continue;
        const verb_entry *e = &v->ent[v->slot[j].idx - 1];
        if (e->lang == lang && e->len == len && memcmp(v->pool + e->key, fold, len) == 0) {
            *out = v->an + e->an;
            return e->n;
        }
    }
    return 0;
}

const char *dyad__verbs_lemma(const dyad_verbs *v, uint32_t lemma)
{
    if (!v || lemma >= v->n_lem)
        return NULL;
    return v->pool + v->lem[lemma].off;
}

int32_t dyad__verbs_find_lemma(const dyad_verbs *v, dyad_lang lang, const char *fold, size_t len)
{
    if (!v || !v->lem_mask || len > UINT16_MAX)
        return -1;
    uint32_t h = hash_key(lang, fold, len);
    for (size_t j = h & v->lem_mask; v->lem_slot[j].idx; j = (j + 1) & v->lem_mask) {
        if (v->lem_slot[j].hash != h)
            continue;
        const verb_lemma *e = &v->lem[v->lem_slot[j].idx - 1];
        if (e->lang == lang && e->len == len && memcmp(v->pool + e->off, fold, len) == 0)
            return (int32_t)(v->lem_slot[j].idx - 1);
    }
    return -1;
}

/* stem.c -- Snowball stems (libstemmer) with a per-worker cache.
 *
 * News text repeats a small vocabulary, and sb_stemmer_stem costs a few
 * hundred nanoseconds a call, so each worker keeps, per language, an
 * open-addressing hash table from folded word to stem. The cache is bounded
 * (STEM_SLOTS slots, STEM_POOL bytes of strings); when it fills up it is
 * simply cleared. Clearing is always safe because dyad__stem copies every
 * stem it returns into the caller's arena: a doc never points into the cache.
 * (The copy is a bump allocation; cheaper than tracking document lifetimes.)
 */
#include "ctx.h"

#include <libstemmer.h>
#include <string.h>

enum {
    STEM_SLOTS = 1 << 16,           /* power of two */
    STEM_MAX_ENTRIES = STEM_SLOTS * 5 / 8, /* keep linear probing short */
    STEM_POOL = 1 << 20,            /* bytes of cached keys and stems */
    STEM_MAX_KEY = 64,              /* longer words are stemmed uncached */
};

typedef struct {
    uint32_t hash; /* 0: empty slot (real hashes are forced non-zero) */
    uint32_t off;  /* key at pool+off, then its stem */
    uint16_t klen, slen;
} stem_slot;

/* A small cache in front of the table: the most recent words, key and stem
 * inline in 32-byte entries, two ways per 64-byte set (least recently used
 * out). A probe touches one cache line where the big table takes two (slot,
 * then pool) and misses them on most tokens. With 16384 entries (512 KB)
 * 96% of the lookups of bench/run.sh's English corpus end here (8192
 * entries direct-mapped: 86%; two-way: 90%). */
enum { FRONT_SLOTS = 16384, FRONT_BYTES = 26 };
typedef struct {
    uint32_t hash; /* 0: empty */
    uint8_t klen, slen;
    char kv[FRONT_BYTES]; /* key, then stem */
} front_entry;

struct dyad_stem_cache {
    front_entry front[FRONT_SLOTS];
    stem_slot *slots;
    char *pool;
    size_t pool_used;
    size_t count;
};

static uint32_t hash_bytes(const char *s, size_t n)
{
    /* Eight bytes at a time (words are short; this is on every token's
     * path), then a final mix so that the low bits index the table well. */
    uint64_t h = 0x9E3779B97F4A7C15u ^ n;
    while (n >= 8) {
        uint64_t v;
        memcpy(&v, s, 8);
        h = (h ^ v) * 0xBF58476D1CE4E5B9u;
        h ^= h >> 31;
        s += 8;
        n -= 8;
    }
    if (n) {
        /* bytes one by one: a short memcpy into a word stalls the load */
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++)
            v |= (uint64_t)(unsigned char)s[i] << (8 * i);
        h = (h ^ v) * 0xBF58476D1CE4E5B9u;
    }
    h ^= h >> 29;
    h *= 0x94D049BB133111EBu;
    h ^= h >> 32;
    return (uint32_t)h ? (uint32_t)h : 1;
}

/* memcmp(a, b, n) == 0 for short n without a library call. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
    while (n >= 8) {
        uint64_t x, y;
        memcpy(&x, a, 8);
        memcpy(&y, b, 8);
        if (x != y)
            return false;
        a += 8, b += 8, n -= 8;
    }
    while (n--)
        if (*a++ != *b++)
            return false;
    return true;
}

static dyad_stem_cache *cache_new(const dyad_mem *mem)
{
    dyad_stem_cache *c = dyad__malloc(mem, sizeof *c);
    if (!c)
        return NULL;
    c->slots = dyad__malloc(mem, STEM_SLOTS * sizeof *c->slots);
    c->pool = dyad__malloc(mem, STEM_POOL);
    if (!c->slots || !c->pool) {
        dyad__free(mem, c->slots);
        dyad__free(mem, c->pool);
        dyad__free(mem, c);
        return NULL;
    }
    memset(c->slots, 0, STEM_SLOTS * sizeof *c->slots);
    memset(c->front, 0, sizeof c->front);
    c->pool_used = 0;
    c->count = 0;
    return c;
}

static void cache_free(const dyad_mem *mem, dyad_stem_cache *c)
{
    if (!c)
        return;
    dyad__free(mem, c->slots);
    dyad__free(mem, c->pool);
    dyad__free(mem, c);
}

static struct sb_stemmer *get_stemmer(dyad_worker *w, dyad_lang lang)
{
    if (!w->stemmer[lang])
        w->stemmer[lang] = sb_stemmer_new(lang == DYAD_LANG_FR ? "french" : "english", "UTF_8");
    return w->stemmer[lang];
}

const char *dyad__stem(dyad_worker *w, dyad_arena *a, dyad_lang lang, const char *fold, size_t len)
{
    if (!w || (lang != DYAD_LANG_FR && lang != DYAD_LANG_EN) || len == 0)
        return dyad__arena_strndup(a, fold, len);
    struct sb_stemmer *st = get_stemmer(w, lang);
    if (!st) /* out of memory: a word is its own stem rather than a failure */
        return dyad__arena_strndup(a, fold, len);

    dyad_stem_cache *c = NULL;
    if (len <= STEM_MAX_KEY && w->ctx) {
        if (!w->stem_cache[lang])
            w->stem_cache[lang] = cache_new(&w->ctx->mem);
        c = w->stem_cache[lang];
    }
    uint32_t h = 0, i = 0;
    front_entry *fe = NULL;
    if (c) {
        h = hash_bytes(fold, len);
        fe = &c->front[(h >> 16) & (FRONT_SLOTS - 2)]; /* way 0 of the set */
        if (fe[0].hash == h && fe[0].klen == len && same_bytes(fe[0].kv, fold, len))
            return dyad__arena_strndup(a, fe[0].kv + len, fe[0].slen);
        if (fe[1].hash == h && fe[1].klen == len && same_bytes(fe[1].kv, fold, len)) {
            front_entry t = fe[1]; /* most recent first */
            fe[1] = fe[0];
            fe[0] = t;
            return dyad__arena_strndup(a, fe[0].kv + len, fe[0].slen);
        }
        fe[1] = fe[0]; /* a new word for way 0, if it fits (below) */
        fe[0].hash = 0;
        for (i = h & (STEM_SLOTS - 1);; i = (i + 1) & (STEM_SLOTS - 1)) {
            const stem_slot *s = &c->slots[i];
            if (s->hash == 0)
                break;
            if (s->hash == h && s->klen == len && same_bytes(c->pool + s->off, fold, len)) {
                const char *stem = c->pool + s->off + s->klen;
                if (len + s->slen <= FRONT_BYTES) {
                    fe->hash = h;
                    fe->klen = (uint8_t)len;
                    fe->slen = (uint8_t)s->slen;
                    memcpy(fe->kv, fold, len);
                    memcpy(fe->kv + len, stem, s->slen);
                }
                return dyad__arena_strndup(a, stem, s->slen);
            }
        }
    }

    const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)fold, (int)len);
    if (!r)
        return dyad__arena_strndup(a, fold, len);
    size_t rlen = (size_t)sb_stemmer_length(st);
    const char *res = dyad__arena_strndup(a, (const char *)r, rlen);

    if (c && rlen <= 0xFFFF) {
        if (c->count >= STEM_MAX_ENTRIES || c->pool_used + len + rlen > STEM_POOL) {
            /* Full: start over (see the top of the file for why it is safe). */
            memset(c->slots, 0, STEM_SLOTS * sizeof *c->slots);
            c->pool_used = 0;
            c->count = 0;
            for (i = h & (STEM_SLOTS - 1); c->slots[i].hash; i = (i + 1) & (STEM_SLOTS - 1))
                ;
        }
        stem_slot *s = &c->slots[i];
        s->hash = h;
        s->off = (uint32_t)c->pool_used;
        s->klen = (uint16_t)len;
        s->slen = (uint16_t)rlen;
        memcpy(c->pool + c->pool_used, fold, len);
        memcpy(c->pool + c->pool_used + len, r, rlen);
        c->pool_used += len + rlen;
        c->count++;
        if (len + rlen <= FRONT_BYTES) {
            fe->hash = h;
            fe->klen = (uint8_t)len;
            fe->slen = (uint8_t)rlen;
            memcpy(fe->kv, fold, len);
            memcpy(fe->kv + len, r, rlen);
        }
    }
    return res;
}

void dyad__worker_release(dyad_worker *w)
{
    for (int l = 0; l < 2; l++) {
        if (w->stemmer[l])
            sb_stemmer_delete(w->stemmer[l]);
        w->stemmer[l] = NULL;
        if (w->ctx)
            cache_free(&w->ctx->mem, w->stem_cache[l]);
        w->stem_cache[l] = NULL;
    }
    dyad__lang_release(w);
}

/* gazetteer.h -- places with coordinates (docs/gazetteer.md).
 *
 * The gazetteer is loaded with the context from data/gazetteer/places.tsv
 * (generated: GeoNames cities, ISO/CLDR countries and regions) and
 * data/gazetteer/regions.txt (hand-written regions, landmarks, extra names
 * and the phrases "la région de X", "X airport"...). It is immutable once
 * loaded; every function here is thread-safe and allocation-free.
 *
 * Typical use (the coder, for an event's location):
 *
 *     const char *ctry[16];
 *     size_t nc = dyad__gaz_context(ctx, doc->toks, 0, doc->n_toks, doc->lang, ctry, 16);
 *     dyad_gaz_hit hit;
 *     if (dyad__gaz_sentence_place(ctx, doc->toks, s->tok_begin, s->tok_end, doc->lang,
 *                                  ctry, nc, &hit))
 *         dyad__gaz_to_place(hit.entry, &place);   // place borrows from the context
 */
#ifndef DYAD_GAZETTEER_H
#define DYAD_GAZETTEER_H

#include "ctx.h"

typedef enum {
    DYAD_GAZ_COUNTRY = 1, /* same numbers as dyad_place.type */
    DYAD_GAZ_REGION = 2,
    DYAD_GAZ_CITY = 3,    /* a city, town or landmark */
} dyad_gaz_type;

typedef struct {
    const char *name;    /* display name (GeoNames / English): "Pyongyang" */
    const char *name_fr; /* French display name ("Moscou"); == name when none */
    const char *adm1;    /* GeoNames first-level region code ("12", "CA"), "" if none */
    char country[4];     /* ISO 3166-1 alpha-3 */
    uint8_t type;        /* dyad_gaz_type */
    uint8_t notable;     /* a capital, a place with a French name, a hand entry */
    double lat, lon;
    long population;     /* 0 if unknown */
    long geonames_id;    /* 0 for countries, regions and hand entries */
} dyad_gaz_entry;

/* What a match found, besides its candidates. */
typedef struct {
    size_t ntoks;   /* tokens the matched words span (including "la région de") */
    bool weak;      /* the name is also a common word ("Split", "Reading", "Nice")
                       and no locative preposition precedes it: trusted only
                       when its country is in context, or mid-sentence for a
                       place of 300,000 people or more */
    uint8_t scope;  /* 0, or DYAD_GAZ_REGION / DYAD_GAZ_CITY when a phrase
                       ("l'oblast de", "X airport") fixed the kind of place */
    bool sentence_start; /* the match starts a sentence */
} dyad_gaz_info;

/* The entries named by the longest place name that starts at toks[i]
 * (within toks[0..n)) in language `lang`, respecting case as the lexicon does
 * (a capitalised word of the name needs a capitalised word in the text).
 * Writes at most `cap` pointers to out, best-known first (population), and
 * fills *info; returns how many (0: no place starts here). */
size_t dyad__gaz_match(const dyad_gazetteer *g, const dyad_token *toks, size_t n, size_t i,
                       dyad_lang lang, const dyad_gaz_entry **out, size_t cap,
                       dyad_gaz_info *info);

/* Chooses among the candidates of one match: those in the article's
 * countries (ISO3 codes `ctx_countries[0..n_ctx)`) first, then countries over
 * cities over regions of the same name (a phrase's scope overrides), then the
 * largest population. Returns NULL when no candidate is plausible: a weak
 * name (see dyad_gaz_info) or a small (< 100,000), little-known place
 * outside the context. */
const dyad_gaz_entry *dyad__gaz_best(const dyad_gazetteer *g, const dyad_gaz_entry *const *cands,
                                     size_t n, const dyad_gaz_info *info,
                                     const char *const *ctx_countries, size_t n_ctx);

/* One place mentioned in a token range. */
typedef struct {
    const dyad_gaz_entry *entry;
    size_t tok_begin, tok_end; /* the words that name it */
} dyad_gaz_hit;

/* All places named in toks[begin..end), left to right, without overlaps;
 * words that the lexicon knows as a person are skipped ("Paris Hilton").
 * Returns how many hits (at most cap) were written. */
size_t dyad__gaz_scan(const dyad_ctx *ctx, const dyad_token *toks, size_t begin, size_t end,
                      dyad_lang lang, const char *const *ctx_countries, size_t n_ctx,
                      dyad_gaz_hit *hits, size_t cap);

/* The most specific place named in toks[begin..end) (city > region >
 * country; the first of equal kinds). False when there is none. */
bool dyad__gaz_sentence_place(const dyad_ctx *ctx, const dyad_token *toks, size_t begin,
                              size_t end, dyad_lang lang, const char *const *ctx_countries,
                              size_t n_ctx, dyad_gaz_hit *out);

/* The countries a token range talks about, for dyad__gaz_best's context:
 * the country prefixes of lexicon actors (names, adjectives, seats, places)
 * and the countries and unambiguous places of the gazetteer, each once, in
 * order of first mention. The strings belong to the context. Returns how
 * many were written (at most cap). */
size_t dyad__gaz_context(const dyad_ctx *ctx, const dyad_token *toks, size_t begin, size_t end,
                         dyad_lang lang, const char **out, size_t cap);

/* The entry of a country (ISO3), or NULL. */
const dyad_gaz_entry *dyad__gaz_country(const dyad_gazetteer *g, const char *iso3);

/* The entry of a region (country ISO3 + GeoNames admin1 code), or NULL. */
const dyad_gaz_entry *dyad__gaz_region(const dyad_gazetteer *g, const char *iso3,
                                       const char *adm1);

/* Fills the public dyad_place from an entry (the strings are borrowed from
 * the context; the name is the GeoNames / English one). False if e is NULL. */
bool dyad__gaz_to_place(const dyad_gaz_entry *e, dyad_place *out);

/* The FIPS 10-4 code of an ISO3 country (data/gazetteer/iso3_fips.tsv), or
 * NULL when it has none. */
const char *dyad__gaz_fips(const dyad_gazetteer *g, const char *iso3);

#endif

/* verbs.h -- inflected verb forms (French from Verbiste, English from WordNet
 * and rules), compiled at load time into a hash table from folded form to
 * (lemma, tags). Loaded from data/lexicon/{fr,en}-verbs.txt. */
#ifndef DYAD_VERBS_H
#define DYAD_VERBS_H

#include "ctx.h"

/* Tags of an analysis (a bit set: one form may be several). */
enum {
    DYAD_V_INF = 1u << 0,  /* infinitive / English base form */
    DYAD_V_PRES = 1u << 1, /* present indicative (English: base or -s) */
    DYAD_V_IMPF = 1u << 2, /* French imparfait */
    DYAD_V_PAST = 1u << 3, /* French passé simple; English simple past */
    DYAD_V_FUT = 1u << 4,  /* French future */
    DYAD_V_COND = 1u << 5, /* French conditional */
    DYAD_V_SUBJ = 1u << 6, /* French subjunctive (present and imperfect) */
    DYAD_V_IMP = 1u << 7,  /* French imperative */
    DYAD_V_PP = 1u << 8,   /* past participle (all genders and numbers) */
    DYAD_V_PPR = 1u << 9,  /* present participle / English -ing */
};

typedef struct {
    uint32_t lemma; /* lemma id: dyad__verbs_lemma() gives its text */
    uint16_t tags;
} dyad_verb_analysis;

/* All analyses of a folded form (lowercase, no accents, as dyad__fold gives)
 * in a language. Returns how many; *out points into the table (immutable,
 * valid while the ctx is open). Thread-safe. */
size_t dyad__verbs_lookup(const dyad_verbs *v, dyad_lang lang, const char *fold, size_t len,
                          const dyad_verb_analysis **out);

/* The folded infinitive of a lemma id. */
const char *dyad__verbs_lemma(const dyad_verbs *v, uint32_t lemma);

/* The lemma id of a folded infinitive in a language, or -1. */
int32_t dyad__verbs_find_lemma(const dyad_verbs *v, dyad_lang lang, const char *fold, size_t len);

#endif

/* lexicon.h -- actors, people and agents (docs/dictionaries.md), compiled at
 * load time into a hash table keyed by each form's first folded word. */
#ifndef DYAD_LEXICON_H
#define DYAD_LEXICON_H

#include "ctx.h"

typedef enum {
    DYAD_LEX_NAME = 1,
    DYAD_LEX_ADJ,
    DYAD_LEX_PEOPLE,
    DYAD_LEX_SEAT,
    DYAD_LEX_PLACE,
    DYAD_LEX_PERSON,
    DYAD_LEX_AGENT,
} dyad_lex_kind;

/* Word flags: what the text's token must look like. */
enum {
    DYAD_LEXW_CAP = 1u << 0,   /* the form has a capital: the token must start with one */
    DYAD_LEXW_UPPER = 1u << 1, /* the form is in capitals: the token must be too */
};

typedef struct {
    const char *code;      /* "RUS", "IGOUNO", "RUSMIL"; agents: role "MIL" or "=CPT" */
    const char *const *words; /* folded words of this form */
    const uint8_t *wflags; /* DYAD_LEXW_* per word */
    uint8_t n_words;
    uint8_t kind;          /* dyad_lex_kind */
    uint8_t langs;         /* bit 0: fr, bit 1: en */
    dyad_date from, to;    /* precision NONE: open end */
    const char *file;      /* where it was defined, for messages */
    uint32_t line;
    uint32_t entity;       /* same number for every form of one line */
} dyad_lex_entry;

/* The entries whose words match the tokens starting at toks[i] (within
 * toks[0..n)), for language `lang`, longest first. Writes at most `cap`
 * pointers to out and returns how many matched. Thread-safe. */
size_t dyad__lex_match(const dyad_lexicon *lex, const dyad_token *toks, size_t n, size_t i,
                       dyad_lang lang, const dyad_lex_entry **out, size_t cap);

/* The person entry valid on `date` among entries with the same entity
 * (forms of one person may carry several date ranges); see the doc. */
const dyad_lex_entry *dyad__lex_person_on(const dyad_lexicon *lex, const dyad_lex_entry *e,
                                          const dyad_date *date);

/* Whether `date` falls within e's FROM..TO (inclusive; a missing month or day
 * of FROM means the first, of TO the last). Without a date: whether the range
 * is open-ended (the current holder). */
bool dyad__lex_covers(const dyad_lex_entry *e, const dyad_date *date);

/* Role rank for the contract's "first match wins" table: lower is stronger.
 * "=JNT" (a ruling junta, agents.txt) ranks first and means GOV; contract
 * roles outside the table follow it; unknown roles rank last. */
int dyad__role_rank(const char *role);

#endif

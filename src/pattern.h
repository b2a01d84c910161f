/* pattern.h -- event patterns (docs/patterns.md) compiled for the coder. */
#ifndef DYAD_PATTERN_H
#define DYAD_PATTERN_H

#include "ctx.h"

typedef enum {
    DYAD_PE_WORD = 1, /* a folded word */
    DYAD_PE_VERB,     /* any form of a verb lemma */
    DYAD_PE_ALT,      /* one of several sequences */
    DYAD_PE_OPT,      /* an optional sequence */
    DYAD_PE_GAP,      /* `*`: up to 8 words of the clause */
    DYAD_PE_SRC,      /* $S */
    DYAD_PE_TGT,      /* $T */
    DYAD_PE_PLACE,    /* @T */
} dyad_pe_kind;

typedef struct dyad_pseq dyad_pseq;
typedef struct {
    uint8_t kind;
    bool reflexive;     /* DYAD_PE_VERB written with se/s' */
    bool near;          /* DYAD_PE_SRC written $P: the nearest actor before */
    const char *word;   /* DYAD_PE_WORD: folded; DYAD_PE_VERB: folded lemma */
    uint16_t word_len;
    int32_t lemma;      /* DYAD_PE_VERB */
    dyad_pseq *seqs;    /* DYAD_PE_ALT: n_seqs alternatives; DYAD_PE_OPT: one */
    uint16_t n_seqs;
} dyad_pelem;

struct dyad_pseq {
    dyad_pelem *e;
    uint16_t n;
};

enum {
    DYAD_PAT_RECIP = 1u << 0,   /* reciprocal */
    DYAD_PAT_ALLEGES = 1u << 1, /* the rest of the sentence is alleged */
    DYAD_PAT_SELF = 1u << 2,    /* no target named: the source's own country */
};

typedef struct {
    char code[5];
    char intent[5];    /* "" when none given on the line */
    uint8_t lang;      /* dyad_lang */
    uint8_t flags;     /* DYAD_PAT_* */
    bool src_subject;  /* the pattern starts with $S: the source is the subject */
    bool src_near;     /* it starts with $P: the source is the nearest actor before
                        * ("la Russie pour son offensive": the possessor of "son") */
    bool direct_obj;   /* $T follows the trigger verb directly: can be passive */
    bool place_is_loc; /* both $T and @T: @T is where it happened, not the target */
    dyad_pseq seq;     /* the elements after a leading $S; seq.e[0] is the trigger */
    const char *file;
    uint32_t line;
    const char *text;  /* the pattern as written, for explanations */
    /* A cheap pre-test: for each group, one of its keys (hashes of "w:word"
     * or "v:lemma") must occur in the sentence for the pattern to have a
     * chance. need[g_start[g] .. g_start[g+1]) is group g. */
    const uint32_t *need;
    const uint16_t *need_group; /* n_groups + 1 offsets */
    uint16_t n_groups;
} dyad_pattern;

/* The hash of a key "w:word" or "v:lemma" (the `need` keys above). */
uint32_t dyad__pattern_key_hash(const char *key, size_t len, uint8_t lang);

/* The patterns whose trigger may be the token `tok` (by its folded form, and
 * by each verb lemma the form may belong to), in language `lang`. Calls fn
 * for each candidate pattern; stops early when fn returns non-zero. */
typedef int (*dyad_pattern_fn)(const dyad_pattern *p, void *ud);
void dyad__patterns_for_token(const dyad_ctx *ctx, dyad_lang lang, const dyad_token *tok,
                              dyad_pattern_fn fn, void *ud);

/* The intent code for an event code planned rather than done: `p`'s own
 * intent code, else data/intent.txt's; NULL when a planned event of this code
 * is not coded. The result may be `code` itself ("=" in the table). */
const char *dyad__intent_code(const dyad_ctx *ctx, const dyad_pattern *p, const char *code);

/* Every pattern, for `dyad info` and tests. */
size_t dyad__pattern_count(const dyad_ctx *ctx);
const dyad_pattern *dyad__pattern_at(const dyad_ctx *ctx, size_t i);

#endif

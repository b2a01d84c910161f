/*
 * coder.c -- from sentences and tokens to CAMEO events.
 *
 * For each sentence:
 *   1. actor phrases: runs of dictionary entries (names, adjectives, seats,
 *      people, agents) glued by determiners, "de"/"of", "'s", appositions and
 *      unknown capitalised names; coordinations ("X et Y") are linked.
 *   2. triggers: every token that can start a pattern (a verb form or a word);
 *      the pattern's elements are matched forward from it.
 *   3. the source is the subject (the nearest actor phrase before the verb
 *      group that is neither the object of a verb nor inside a prepositional
 *      phrase) unless the pattern names it; passives swap roles.
 *   4. modality (negation, future and intention, threat, condition) decides
 *      whether the event is coded and with which code (EVENTS.md section 3).
 * Document-level memory resolves pronouns, surnames, bare agents ("le
 * ministre") and plural anaphors ("les deux pays") to earlier actors.
 * Events are merged per (source, target, code, date) with a mention count.
 */
#include "coder.h"

#include "codes.h"
#include "gazetteer.h"
#include "lexicon.h"
#include "pattern.h"
#include "verbs.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ word lists */

static const char *const DET_FR[] = {"le", "la", "les", "l'", "un", "une", "des", "du", "ce",
                                     "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs",
                                     "notre", "nos", NULL};
static const char *const DET_EN[] = {"the", "a", "an", "this", "these", "those", "his", "her",
                                     "its", "their", "our", NULL};
static const char *const PREP_FR[] = {"a", "au", "aux", "en", "dans", "avec", "contre", "pour",
                                      "par", "sur", "sous", "vers", "chez", "entre", "selon",
                                      "apres", "avant", "depuis", "pendant", "malgre", "sans",
                                      "envers", "aupres", "via", "de", "du", "des", "d'", "face",
                                      "parmi", "comme", "outre", NULL};
static const char *const PREP_EN[] = {"in", "at", "on", "with", "against", "for", "by", "to",
                                      "from", "into", "onto", "over", "under", "between", "among",
                                      "according", "after", "before", "since", "during", "despite",
                                      "without", "toward", "towards", "of", "via", "about",
                                      "than", "as", "like", "across", "near", "inside", NULL};
static const char *const GENITIVE[] = {"de", "du", "des", "d'", "of", NULL};
static const char *const CONJ[] = {"et", "and", NULL};
static const char *const PRON_SG[] = {"il", "elle", "he", "she", "it", NULL};
static const char *const PRON_PL[] = {"ils", "elles", "they", NULL};
static const char *const BY[] = {"par", "by", NULL};
static const char *const RELPRON[] = {"qui", "who", "which", "that", NULL};
static const char *const LEADBY[] = {"dirigee", "dirigees", "conduite", "conduites", "menee",
                                     "led", "headed", NULL};
static const char *const NEG_FR_AFTER[] = {"pas", "jamais", "plus", "aucun", "aucune", "guere",
                                           "point", "nullement", NULL};
static const char *const NEG_EN[] = {"not", "n't", "never", "no", "nor", NULL};
static const char *const REFLEXIVE[] = {"se", "s'", "me", "m'", "te", "t'", "nous", "vous", NULL};
static const char *const CLITIC_FR[] = {"lui", "leur", "y", "en", "l'", "la", "le", "les", "ne",
                                        "n'", NULL};
static const char *const ADVERB_EN[] = {"also", "already", "still", "then", "now", "again",
                                        "reportedly", "allegedly", "formally", "officially",
                                        "publicly", "recently", "just", "later", "finally", NULL};
static const char *const ADVERB_FR[] = {"aussi", "deja", "encore", "egalement", "notamment",
                                        "ensuite", "alors", "bien", "finalement", "recemment",
                                        "officiellement", "toujours", NULL};
/* Modal and intention verbs (lemmas) after which an infinitive is planned. */
static const char *const INTENT_FR[] = {"aller", "devoir", "compter", "vouloir", "entendre",
                                        "prevoir", "projeter", "promettre", "envisager",
                                        "s'appreter", "esperer", "souhaiter",
                                        "decider", "accepter", NULL};
static const char *const INTENT_EN[] = {"will", "shall", "'ll", "plan", "intend", "expect", "aim",
                                        "pledge", "promise", "vow", "agree", "want", "hope",
                                        "seek", "prepare", "decide", "offer", "go", "would",
                                        "set", NULL};
/* Aspect verbs: "continued to send", "a commencé à bombarder" report the
 * action as happening, not as a purpose. */
static const char *const ASPECT[] = {"continue", "begin", "start", "resume", "keep",
                                     "continuer", "commencer", "recommencer", "poursuivre",
                                     "cesser", NULL};
static const char *const THREAT[] = {"menacer", "threaten", "warn", NULL};
/* Possibility and obligation: "could attack", "must reach an agreement"
 * report no event. */
static const char *const MAYBE_EN[] = {"could", "might", "may", "must", "should", "ought", NULL};
static const char *const MAYBE_FR[] = {"pouvoir", NULL};
static const char *const AUX_FR[] = {"etre", "avoir", NULL};
static const char *const AUX_EN[] = {"be", "have", "do", NULL};
static const char *const BE_FR[] = {"etre", NULL};
static const char *const BE_EN[] = {"be", NULL};
static const char *const PLURAL_ANAPHOR_HEAD[] = {"pays", "parties", "camps", "voisins",
                                                  "countries", "sides", "nations", "neighbours",
                                                  "neighbors", "governments", "gouvernements",
                                                  "allies", "allies", "rivals", NULL};
static const char *const PLURAL_ANAPHOR_NUM[] = {"deux", "two", "both", NULL};
static const char *const PLURAL_ANAPHOR_PEOPLE[] = {"responsables", "dirigeants", "ministres",
                                                    "presidents", "chefs", "leaders", "officials",
                                                    "ministers", "heads", "hommes", "men", NULL};

static const char *const LOCPREP[] = {"a", "au", "aux", "en", "in", "at", NULL};
static const char *const SAY_EN[] = {"said", "says", "say", "claimed", "claims", "announced",
                                     "believed", "believes", "thinks", "added", "warned",
                                     "insisted", "stated", "noted", "reported", "argued",
                                     "confirmed", "acknowledged", "admitted", NULL};
static const char *const QUANT[] = {"certain", "certains", "certaine", "nombre", "plusieurs",
                                    "quelques", "milliers", "centaines", "dizaines", "millions",
                                    "several", "some", "many", "thousands", "hundreds", "dozens",
                                    "millions", "number", "group", "groupe", "all", "tous",
                                    "toutes", "other", "autres", "d'autres", "more", "than",
                                    "about", "around", "nearly", "almost", "over", "least",
                                    "plus", "moins", "environ", "pres", "quelque", "up",
                                    "top", "senior", "high-ranking", "haut", "hauts", NULL};

bool dyad__tok_is(const dyad_token *t, const char *const *words)
{
    /* the first byte rejects almost every word before strcmp runs */
    for (; *words; words++)
        if ((*words)[0] == t->fold[0] && strcmp(t->fold, *words) == 0)
            return true;
    return false;
}

/* The word lists the coder asks about, numbered for the per-token cache. */
enum {
    L_DET_FR,
    L_DET_EN,
    L_PREP_FR,
    L_PREP_EN,
    L_GENITIVE,
    L_CONJ,
    L_PRON_SG,
    L_PRON_PL,
    L_BY,
    L_RELPRON,
    L_LEADBY,
    L_NEG_FR_AFTER,
    L_NEG_EN,
    L_REFLEXIVE,
    L_CLITIC_FR,
    L_ADVERB_EN,
    L_ADVERB_FR,
    L_INTENT_FR,
    L_INTENT_EN,
    L_THREAT,
    L_MAYBE_EN,
    L_MAYBE_FR,
    L_PLURAL_ANAPHOR_HEAD,
    L_PLURAL_ANAPHOR_NUM,
    L_AUX_FR,
    L_AUX_EN,
    L_BE_FR,
    L_BE_EN,
    N_LISTS
};
static const char *const *const LISTS[] = {DET_FR, DET_EN, PREP_FR, PREP_EN, GENITIVE, CONJ, PRON_SG, PRON_PL, BY, RELPRON, LEADBY, NEG_FR_AFTER, NEG_EN, REFLEXIVE, CLITIC_FR, ADVERB_EN, ADVERB_FR, INTENT_FR, INTENT_EN, THREAT, MAYBE_EN, MAYBE_FR, PLURAL_ANAPHOR_HEAD, PLURAL_ANAPHOR_NUM, AUX_FR, AUX_EN, BE_FR, BE_EN};
_Static_assert(N_LISTS <= 32, "the token cache has 32 bits per kind");

/* ----------------------------------------------------------------- types */

enum { MAX_COUNTRIES = 4 };

typedef enum { PH_ACTOR = 0, PH_PRON_SG, PH_PRON_PL, PH_PLURAL } ph_kind;

typedef struct {
    uint32_t t0, t1;    /* tokens [t0, t1): the whole phrase, determiner included */
    uint32_t h0;        /* first dictionary word (after determiners) */
    uint8_t kind;       /* ph_kind */
    char countries[MAX_COUNTRIES][4];
    uint8_t n_countries;
    const char *org;    /* an organisation's or group's full code (IGOUNO, PSEREB) */
    const dyad_lex_entry *person;
    const char *role;   /* best agent role, or NULL */
    int role_rank;
    bool any_agent;     /* =ANY seen */
    bool counterpart;   /* =CPT */
    bool delegation;    /* =DEL */
    bool seat;          /* a capital or seat of power */
    bool placeish;      /* made only of places, seats and country names */
    bool anchored;      /* has more than adjectives: "l'aide britannique" is no actor */
    bool adj_only;      /* adjectives only: a place at most (@T), never an actor */
    bool genitive;      /* its country came after "de"/"of": "the presidents of Iraq" */
    bool plural_people; /* "les deux dirigeants" (else "les deux pays") */
    bool sub;           /* a place inside a larger phrase: a slot may take it, no more */
    uint32_t name0, name1; /* an unknown capitalised name inside, token range */
    int coord_next;     /* the next phrase coordinated with this one, or -1 */
    int coord_prev;
    /* resolution */
    bool resolved;
    char code[32];
} phrase;

/* A resolved actor as the events and the document memory keep it. */
typedef struct {
    char code[32];
    char country[4];
    char role[4];
    uint32_t t0, t1; /* its words in the sentence (tokens) */
} actor;

typedef struct {
    char key[64]; /* folded name or surname */
    char code[32];
} name_entry;

/* Per-token answers cached for the current sentence: the coder asks the same
 * questions of a token many times (is it a determiner, a form of "être",
 * which verb could it be, which dictionary entry starts there). */
typedef struct {
    uint64_t known, val;          /* word-list membership, by list number */
    const dyad_verb_analysis *va; /* verb analyses */
    int16_t nva;                  /* -1: not looked up yet */
    bool best_done;
    int8_t skip;                  /* skippable(): -1 not asked yet */
    uint8_t best_len;
    const dyad_lex_entry *best;
} tok_cache;

typedef struct {
    const dyad_ctx *ctx;
    dyad_doc *doc;
    dyad_lang lang;
    tok_cache *tc;         /* token - sb -> cached answers */
    const char *ctx_countries[16]; /* the article's countries, for place look-ups */
    size_t n_ctx_countries;
    uint32_t *keys;        /* the sentence's word and lemma keys (pattern pre-test) */
    size_t keys_cap;
    const char *const *det, *const *prep;
    int det_id, prep_id;  /* L_* numbers of det and prep */
    /* per sentence */
    uint32_t sb, se;       /* token range */
    phrase *ph;
    size_t n_ph, cap_ph;
    int *ph_start;         /* token - sb -> phrase index starting at its h0, or -1 */
    int *ph_of;            /* token - sb -> phrase index covering it, or -1 */
    const dyad_lex_entry **lexbuf;
    dyad_date_expr dates[16];
    size_t n_dates;
    uint32_t suppress_from; /* tokens at or after this are alleged (0: none) */
    uint32_t demand_from;   /* verbs at or after this are only demanded (0: none) */
    bool question;
    /* document memory */
    name_entry *names;
    size_t n_names, cap_names;
    actor last_sg;         /* the last single subject (for il/he) */
    bool have_last_sg;
    actor last_pl[MAX_COUNTRIES];
    size_t n_last_pl;
    char recent_countries[8][4]; /* most recent first */
    size_t n_recent;
    actor last_by_role[8];
    size_t n_last_by_role;
    actor recent[8];       /* distinct actors with a role, most recent first */
    size_t n_recent_actors;
    /* events */
    dyad_event *ev;
    size_t n_ev, cap_ev;
    int *ev_sent_last;     /* last sentence that mentioned each event */
    size_t cap_sent_last;
} coder;

/* -------------------------------------------------------------- helpers */

static const dyad_token *T(const coder *c, uint32_t i)
{
    return &c->doc->toks[i];
}

/* A token's folded form equals a literal: the length first, then bytes. */
#define FEQ(tok, lit)                                                                          \
    ((tok)->fold_len == sizeof(lit) - 1 && memcmp((tok)->fold, lit, sizeof(lit) - 1) == 0)

/* dyad__tok_is on list number `id` (L_*), cached per token of the current
 * sentence. */
static bool tin(const coder *c, const dyad_token *t, int id)
{
    size_t i = (size_t)(t - c->doc->toks);
    if (i < c->sb || i >= c->se)
        return dyad__tok_is(t, LISTS[id]);
    tok_cache *tc = &c->tc[i - c->sb];
    uint64_t bit = (uint64_t)1 << id;
    if (!(tc->known & bit)) {
        tc->known |= bit;
        if (dyad__tok_is(t, LISTS[id]))
            tc->val |= bit;
    }
    return (tc->val & bit) != 0;
}

static bool is_punct(const dyad_token *t)
{
    return (t->flags & DYAD_TOK_PUNCT) && !(t->flags & DYAD_TOK_QUOTE);
}

static bool is_boundary(const dyad_token *t)
{
    if (!(t->flags & DYAD_TOK_PUNCT))
        return false;
    return FEQ(t, ";") || FEQ(t, ":") || FEQ(t, ".") ||
           FEQ(t, "?") || FEQ(t, "!") || FEQ(t, "(") ||
           FEQ(t, ")");
}

static size_t verb_analyses(const coder *c, uint32_t i, const dyad_verb_analysis **va)
{
    const dyad_token *t = T(c, i);
    if (!(t->flags & DYAD_TOK_WORD))
        return 0;
    if (i < c->sb || i >= c->se)
        return dyad__verbs_lookup(c->ctx->verbs, c->lang, t->fold, t->fold_len, va);
    tok_cache *tc = &c->tc[i - c->sb];
    if (tc->nva < 0) {
        size_t n = dyad__verbs_lookup(c->ctx->verbs, c->lang, t->fold, t->fold_len, &tc->va);
        tc->nva = (int16_t)(n > 1000 ? 1000 : n);
    }
    *va = tc->va;
    return (size_t)tc->nva;
}

/* Every tag a token's verb readings carry (0: not a verb form); *nv, when
 * given, gets the number of readings. */
static uint16_t verb_tags(const coder *c, uint32_t i, size_t *nv)
{
    const dyad_verb_analysis *va = NULL;
    size_t n = verb_analyses(c, i, &va);
    uint16_t tags = 0;
    for (size_t k = 0; k < n; k++)
        tags |= va[k].tags;
    if (nv)
        *nv = n;
    return tags;
}

static bool tok_has_lemma_slow(const coder *c, uint32_t i, const char *const *lemmas,
                               uint16_t *tags);

static bool tok_has_lemma(const coder *c, uint32_t i, int id)
{
    if (i < c->sb || i >= c->se)
        return tok_has_lemma_slow(c, i, LISTS[id], NULL);
    /* lemma lists use the cache bits above the word lists */
    tok_cache *tc = &c->tc[i - c->sb];
    uint64_t bit = (uint64_t)1 << (id + 32);
    if (!(tc->known & bit)) {
        tc->known |= bit;
        if (tok_has_lemma_slow(c, i, LISTS[id], NULL))
            tc->val |= bit;
    }
    return (tc->val & bit) != 0;
}

static bool tok_has_lemma_slow(const coder *c, uint32_t i, const char *const *lemmas,
                               uint16_t *tags)
{
    const dyad_verb_analysis *va = NULL;
    size_t n = verb_analyses(c, i, &va);
    for (size_t k = 0; k < n; k++) {
        const char *l = dyad__verbs_lemma(c->ctx->verbs, va[k].lemma);
        for (const char *const *w = lemmas; *w; w++)
            if (strcmp(l, *w) == 0) {
                if (tags)
                    *tags = va[k].tags;
                return true;
            }
    }
    /* modals and particles that are not in the verb lexicon */
    if (dyad__tok_is(T(c, i), lemmas)) {
        if (tags)
            *tags = 0;
        return true;
    }
    return false;
}

static bool is_verbish(const coder *c, uint32_t i)
{
    const dyad_verb_analysis *va = NULL;
    return verb_analyses(c, i, &va) > 0;
}

static bool is_aux(const coder *c, uint32_t i)
{
    return tok_has_lemma(c, i, c->lang == DYAD_LANG_FR ? L_AUX_FR : L_AUX_EN);
}

static bool is_etre(const coder *c, uint32_t i)
{
    return tok_has_lemma(c, i, c->lang == DYAD_LANG_FR ? L_BE_FR : L_BE_EN);
}

static const char *role_of(const char *code)
{
    return strlen(code) >= 6 ? code + 3 : NULL;
}

/* ---------------------------------------------------------- doc memory */

static void remember_name(coder *c, const char *key, const char *code)
{
    if (!key[0] || strlen(key) >= sizeof c->names[0].key)
        return;
    for (size_t i = 0; i < c->n_names; i++)
        if (strcmp(c->names[i].key, key) == 0) {
            snprintf(c->names[i].code, sizeof c->names[i].code, "%s", code);
            return;
        }
    name_entry *e =
        dyad__vec_push(&c->doc->arena, (void **)&c->names, &c->n_names, &c->cap_names, sizeof *e);
    if (!e)
        return;
    snprintf(e->key, sizeof e->key, "%s", key);
    snprintf(e->code, sizeof e->code, "%s", code);
}

static const char *recall_name(const coder *c, const char *key)
{
    for (size_t i = c->n_names; i-- > 0;)
        if (strcmp(c->names[i].key, key) == 0)
            return c->names[i].code;
    return NULL;
}

static void note_country(coder *c, const char *cc)
{
    if (!cc[0] || strcmp(cc, "IGO") == 0 || strcmp(cc, "NGO") == 0 || strcmp(cc, "IMG") == 0 ||
        strcmp(cc, "MNC") == 0)
        return;
    size_t k = 0;
    while (k < c->n_recent && strcmp(c->recent_countries[k], cc) != 0)
        k++;
    if (k == c->n_recent && c->n_recent < 8)
        c->n_recent++;
    if (k == 8)
        k = 7;
    memmove(c->recent_countries[1], c->recent_countries[0], k * sizeof c->recent_countries[0]);
    memcpy(c->recent_countries[0], cc, 4);
}

static void note_recent_actor(coder *c, const actor *a)
{
    size_t k = 0;
    while (k < c->n_recent_actors && strcmp(c->recent[k].code, a->code) != 0)
        k++;
    if (k == c->n_recent_actors && c->n_recent_actors < 8)
        c->n_recent_actors++;
    if (k == 8)
        k = 7;
    memmove(&c->recent[1], &c->recent[0], k * sizeof c->recent[0]);
    c->recent[0] = *a;
}

static void note_role_actor(coder *c, const actor *a)
{
    if (!a->role[0])
        return;
    note_recent_actor(c, a);
    size_t k = 0;
    while (k < c->n_last_by_role && strcmp(c->last_by_role[k].role, a->role) != 0)
        k++;
    if (k == c->n_last_by_role) {
        if (c->n_last_by_role == 8)
            k = 7;
        else
            c->n_last_by_role++;
    }
    c->last_by_role[k] = *a;
}

/* The name of a phrase's unknown capitalised words, folded, space-joined. */
static void name_key(const coder *c, uint32_t a, uint32_t b, char *out, size_t cap)
{
    size_t n = 0;
    out[0] = '\0';
    for (uint32_t i = a; i < b && n + 1 < cap; i++) {
        const dyad_token *t = T(c, i);
        if (n && n + 1 < cap)
            out[n++] = ' ';
        size_t l = t->fold_len < cap - n - 1 ? t->fold_len : cap - n - 1;
        memcpy(out + n, t->fold, l);
        n += l;
    }
    out[n] = '\0';
}

/* ------------------------------------------------------------- phrases */

static bool is_det(const coder *c, uint32_t i)
{
    return tin(c, T(c, i), c->det_id);
}

/* Dictionary entries at token i, longest first; returns how many. */
static size_t lex_at(coder *c, uint32_t i, const dyad_lex_entry **out, size_t cap)
{
    if (!(T(c, i)->flags & (DYAD_TOK_WORD | DYAD_TOK_NUM)))
        return 0;
    return dyad__lex_match(c->ctx->lex, c->doc->toks, c->se, i, c->lang, out, cap);
}

static bool is_cap_name_word(const coder *c, uint32_t i)
{
    const dyad_token *t = T(c, i);
    if ((t->flags & (DYAD_TOK_WORD | DYAD_TOK_CAP)) != (DYAD_TOK_WORD | DYAD_TOK_CAP))
        return false;
    if (t->flags & DYAD_TOK_ELIDED)
        return false;
    if (is_det(c, i) || tin(c, t, c->prep_id) || tin(c, t, L_PRON_SG) ||
        tin(c, t, L_PRON_PL))
        return false;
    return true;
}

/* Applies one dictionary entry to a phrase. */
static void absorb_entry(coder *c, phrase *p, const dyad_lex_entry *e)
{
    (void)c;
    const char *code = e->code;
    switch (e->kind) {
    case DYAD_LEX_AGENT: {
        if (strcmp(code, "=CPT") == 0)
            p->counterpart = true;
        else if (strcmp(code, "=DEL") == 0)
            p->delegation = true;
        else if (strcmp(code, "=ANY") == 0)
            p->any_agent = true;
        else {
            /* "=JNT", a junta in power, ranks first and means GOV (EVENTS.md section 2) */
            int r = dyad__role_rank(code);
            if (strcmp(code, "=JNT") == 0)
                code = "GOV";
            if (!p->role || r < p->role_rank) {
                p->role = code;
                p->role_rank = r;
            }
        }
        p->placeish = false;
        p->anchored = true;
        return;
    }
    case DYAD_LEX_PERSON:
        if (!p->person)
            p->person = e;
        p->placeish = false;
        break;
    case DYAD_LEX_SEAT: p->seat = true; break;
    default: break;
    }
    if (e->kind != DYAD_LEX_ADJ)
        p->anchored = true;
    if (strlen(code) > 3 && e->kind != DYAD_LEX_PERSON) {
        /* an organisation, a group, or a country's body (USAMIL for the Pentagon) */
        if (!p->org)
            p->org = code;
        if (e->kind == DYAD_LEX_NAME)
            p->placeish = false;
        return;
    }
    char cc[4] = {code[0], code[1], code[2], 0};
    for (uint8_t k = 0; k < p->n_countries; k++)
        if (strcmp(p->countries[k], cc) == 0)
            return;
    if (p->n_countries < MAX_COUNTRIES)
        memcpy(p->countries[p->n_countries++], cc, 4);
}

/* The longest entry starting at i, or NULL; *len gets its word count. */
static const dyad_lex_entry *best_entry_slow(coder *c, uint32_t i, uint32_t *len);

static const dyad_lex_entry *best_entry(coder *c, uint32_t i, uint32_t *len)
{
    if (i < c->sb || i >= c->se)
        return best_entry_slow(c, i, len);
    tok_cache *tc = &c->tc[i - c->sb];
    if (!tc->best_done) {
        uint32_t l = 0;
        tc->best = best_entry_slow(c, i, &l);
        tc->best_len = (uint8_t)(l > 255 ? 255 : l);
        tc->best_done = true;
    }
    *len = tc->best_len;
    return tc->best;
}

static const dyad_lex_entry *best_entry_slow(coder *c, uint32_t i, uint32_t *len)
{
    const dyad_lex_entry *buf[16];
    size_t n = lex_at(c, i, buf, 16);
    if (n == 0)
        return NULL;
    /* Among the longest, prefer what can stand alone as an actor ("U.S." is
     * both a name and an adjective), then a person valid on the date. */
    static const int pref[] = {[DYAD_LEX_PERSON] = 0, [DYAD_LEX_NAME] = 1, [DYAD_LEX_SEAT] = 2,
                               [DYAD_LEX_PEOPLE] = 3, [DYAD_LEX_PLACE] = 4, [DYAD_LEX_AGENT] = 5,
                               [DYAD_LEX_ADJ] = 6};
    const dyad_lex_entry *e = buf[0];
    /* entries with dates (the Taliban before and after August 2021): the
     * one true on the article's date */
    if (e->kind != DYAD_LEX_PERSON && (e->from.precision || e->to.precision) &&
        c->doc->date.precision)
        for (size_t k = 0; k < n && buf[k]->n_words == buf[0]->n_words; k++)
            if (dyad__lex_covers(buf[k], &c->doc->date)) {
                e = buf[k];
                break;
            }
    for (size_t k = 1; k < n && buf[k]->n_words == buf[0]->n_words; k++)
        if (buf[k]->kind < sizeof pref / sizeof pref[0] && e->kind < sizeof pref / sizeof pref[0] &&
            pref[buf[k]->kind] < pref[e->kind])
            e = buf[k];
    if (e->kind == DYAD_LEX_PERSON) {
        const dyad_lex_entry *on = dyad__lex_person_on(c->ctx->lex, e, &c->doc->date);
        if (on)
            e = on;
    }
    *len = e->n_words;
    return e;
}

/* An agent form that continues after an adjective: matches the agent's
 * words followed by the words after the adjective, and returns how many of
 * the latter a longer agent form takes (0: none). */
static uint32_t agent_across(coder *c, uint32_t ag0, uint32_t agn, uint32_t after, phrase *p)
{
    dyad_token tmp[16];
    uint32_t n = 0;
    for (uint32_t k = ag0; k < ag0 + agn && n < 16; k++)
        tmp[n++] = c->doc->toks[k];
    for (uint32_t k = after; k < c->se && n < 16; k++)
        tmp[n++] = c->doc->toks[k];
    const dyad_lex_entry *buf[8];
    size_t m = dyad__lex_match(c->ctx->lex, tmp, n, 0, c->lang, buf, 8);
    for (size_t i = 0; i < m; i++)
        if (buf[i]->kind == DYAD_LEX_AGENT && buf[i]->n_words > agn) {
            int r = dyad__role_rank(buf[i]->code);
            if (buf[i]->code[0] != '=' && (!p->role || r <= p->role_rank || true)) {
                p->role = buf[i]->code;
                p->role_rank = r;
            }
            return buf[i]->n_words - agn;
        }
    return 0;
}

/* A place or country named inside a larger phrase ("l'ambassadeur de
 * France", "des manifestants à Paris"): it gets a phrase of its own that
 * pattern slots may take ("expulser l'ambassadeur de @T") but that is never a
 * subject on its own. */
enum { MAX_SUB = 4 };
typedef struct {
    uint32_t t;
    uint32_t len;
    const dyad_lex_entry *e;
} sub_ref;

/* Builds the phrases of sentence [sb, se). */
static void build_phrases(coder *c)
{
    uint32_t n = c->se - c->sb;
    for (uint32_t k = 0; k < n; k++)
        c->ph_start[k] = c->ph_of[k] = -1;
    c->n_ph = 0;
    uint32_t i = c->sb;
    while (i < c->se) {
        const dyad_token *t = T(c, i);
        sub_ref sub[MAX_SUB];
        size_t n_sub = 0;
        phrase p;
        memset(&p, 0, sizeof p);
        p.coord_next = p.coord_prev = -1;
        p.placeish = true;
        p.role_rank = 1000;
        uint32_t len = 0;
        const dyad_lex_entry *e = best_entry(c, i, &len);
        bool known_name = false;
        if (!e && is_cap_name_word(c, i) && !(t->flags & DYAD_TOK_SENT_START && !recall_name(c, t->fold))) {
            /* a surname or full name met earlier in the article */
            char key[64];
            uint32_t j = i;
            while (j < c->se && j - i < 4 && is_cap_name_word(c, j))
                j++;
            for (uint32_t end = j; end > i && !known_name; end--) {
                name_key(c, i, end, key, sizeof key);
                if (recall_name(c, key)) {
                    known_name = true;
                    p.name0 = i;
                    p.name1 = end;
                }
            }
        }
        if (!e && !known_name) {
            if (tin(c, t, L_PRON_SG) || tin(c, t, L_PRON_PL)) {
                p.kind = tin(c, t, L_PRON_SG) ? PH_PRON_SG : PH_PRON_PL;
                p.t0 = p.h0 = i;
                p.t1 = i + 1;
                p.placeish = false;
                goto push;
            }
            /* "les deux pays", "both countries", "the two sides" */
            if (tin(c, t, L_PLURAL_ANAPHOR_NUM) && i + 1 < c->se &&
                (tin(c, T(c, i + 1), L_PLURAL_ANAPHOR_HEAD) ||
                 dyad__tok_is(T(c, i + 1), PLURAL_ANAPHOR_PEOPLE))) {
                p.kind = PH_PLURAL;
                p.plural_people = dyad__tok_is(T(c, i + 1), PLURAL_ANAPHOR_PEOPLE);
                p.t0 = (i > c->sb && is_det(c, i - 1)) ? i - 1 : i;
                p.h0 = i;
                p.t1 = i + 2;
                p.placeish = false;
                goto push;
            }
            i++;
            continue;
        }
        p.kind = PH_ACTOR;
        p.h0 = i;
        p.t0 = i;
        while (p.t0 > c->sb && is_det(c, p.t0 - 1) && c->ph_of[p.t0 - 1 - c->sb] < 0)
            p.t0--;
        uint32_t j = i;
        uint32_t ag0 = UINT32_MAX, agn = 0; /* the last agent's words, for "ministre russe de la Défense" */
        if (known_name) {
            j = p.name1;
            p.placeish = false;
        } else {
            absorb_entry(c, &p, e);
            if (e->kind == DYAD_LEX_AGENT) {
                ag0 = i;
                agn = len;
            }
            j = i + len;
        }
        /* absorb what follows */
        for (;;) {
            if (j >= c->se)
                break;
            const dyad_token *u = T(c, j);
            uint32_t l2 = 0;
            const dyad_lex_entry *e2 = best_entry(c, j, &l2);
            if (e2) {
                /* a new name after a complete name starts a new actor unless it
                 * qualifies an agent ("le ministre russe", "Russian President") */
                bool head_agent = p.role || p.any_agent || p.counterpart || p.delegation;
                if (e2->kind == DYAD_LEX_ADJ || e2->kind == DYAD_LEX_AGENT || head_agent ||
                    (e2->kind == DYAD_LEX_PERSON && !p.person) ||
                    (p.n_countries && !p.person && e2->kind == DYAD_LEX_PERSON)) {
                    if (e2->kind == DYAD_LEX_NAME && !head_agent && p.n_countries)
                        break;
                    if ((e2->kind == DYAD_LEX_NAME || e2->kind == DYAD_LEX_SEAT ||
                         e2->kind == DYAD_LEX_PLACE) &&
                        !head_agent)
                        break;
                    absorb_entry(c, &p, e2);
                    if (e2->kind == DYAD_LEX_AGENT) {
                        ag0 = j;
                        agn = l2;
                    } else if (e2->kind == DYAD_LEX_ADJ && ag0 != UINT32_MAX && ag0 + agn == j) {
                        /* French puts the adjective inside the agent: "le ministre russe
                         * de la Défense" is "ministre de la Défense" + "russe" */
                        uint32_t ext = agent_across(c, ag0, agn, j + l2, &p);
                        j += l2 + ext;
                        if (ext)
                            agn += ext;
                        continue;
                    }
                    j += l2;
                    continue;
                }
                break;
            }
            /* coordinated nationalities: "Indian and Pakistani troops", "les
             * marines chinoise et russe" (one phrase, one actor per country) */
            if (tin(c, u, L_CONJ) && j + 1 < c->se && p.n_countries && !p.person && !p.org) {
                uint32_t l3 = 0;
                const dyad_lex_entry *e3 = best_entry(c, j + 1, &l3);
                if (e3 && e3->kind == DYAD_LEX_ADJ && (p.role || !p.anchored)) {
                    absorb_entry(c, &p, e3);
                    j += 1 + l3;
                    continue;
                }
            }
            /* an unknown capitalised name right after a title: "le général No Kwang Chol" */
            if (is_cap_name_word(c, j) && !p.person && !p.name1 &&
                (p.role || p.any_agent || p.counterpart || p.n_countries)) {
                uint32_t k = j;
                while (k < c->se && k - j < 4 && is_cap_name_word(c, k) && !best_entry(c, k, &l2))
                    k++;
                p.name0 = j;
                p.name1 = k;
                p.placeish = false;
                j = k;
                continue;
            }
            /* "de la Défense" is inside agent forms; here: "le président de la Corée du Sud",
             * "the army of Sudan", "au sein du gouvernement" */
            if (tin(c, u, L_GENITIVE) || FEQ(u, "sein")) {
                uint32_t k = j + 1;
                if (FEQ(u, "sein"))
                    k = j + 1; /* "au sein du": "au" is a determiner-like token before */
                while (k < c->se && k - j <= 2 && (is_det(c, k) || tin(c, T(c, k), L_GENITIVE)))
                    k++;
                const dyad_lex_entry *e3 = k < c->se ? best_entry(c, k, &l2) : NULL;
                bool head_agent = p.role || p.any_agent || p.counterpart || p.delegation;
                if (e3 && head_agent && e3->kind != DYAD_LEX_PERSON) {
                    p.genitive = true;
                    if (n_sub < MAX_SUB && (e3->kind == DYAD_LEX_NAME || e3->kind == DYAD_LEX_SEAT ||
                                            e3->kind == DYAD_LEX_PLACE))
                        sub[n_sub++] = (sub_ref){k, l2, e3};
                    j = k;
                    continue;
                }
                break;
            }
            /* "les manifestants à Paris", "la junte au pouvoir au Niger": people
             * named by where they are (not troops: "soldats en Russie" are not
             * Russian) */
            if (dyad__tok_is(u, LOCPREP) && !p.n_countries && !p.person && !p.org &&
                (p.role || p.any_agent) && !(p.role && strcmp(p.role, "MIL") == 0) &&
                j + 1 < c->se) {
                uint32_t k = j + 1;
                while (k < c->se && k - j <= 2 && is_det(c, k))
                    k++;
                const dyad_lex_entry *e3 = k < c->se ? best_entry(c, k, &l2) : NULL;
                if (e3 && (e3->kind == DYAD_LEX_NAME || e3->kind == DYAD_LEX_SEAT ||
                           e3->kind == DYAD_LEX_PLACE) && strlen(e3->code) == 3) {
                    absorb_entry(c, &p, e3);
                    if (n_sub < MAX_SUB)
                        sub[n_sub++] = (sub_ref){k, l2, e3};
                    j = k + l2;
                    continue;
                }
            }
            if (FEQ(u, "au") && j + 2 < c->se && FEQ(T(c, j + 1), "sein")) {
                j++;
                continue;
            }
            /* English possessive: "Russia's defence minister" */
            if ((FEQ(u, "'s") || FEQ(u, "'")) && j + 1 < c->se) {
                const dyad_lex_entry *e3 = best_entry(c, j + 1, &l2);
                if (e3 && (e3->kind == DYAD_LEX_AGENT || e3->kind == DYAD_LEX_ADJ)) {
                    j++;
                    continue;
                }
                break;
            }
            /* apposition: "Le ministre russe de la Défense, Andreï Belooussov, ..." */
            if (FEQ(u, ",") && j + 1 < c->se && !p.person && !p.name1 &&
                (p.role || p.counterpart) ) {
                uint32_t k = j + 1;
                while (k < c->se && k - j <= 2 && is_det(c, k))
                    k++;
                const dyad_lex_entry *e3 = k < c->se ? best_entry(c, k, &l2) : NULL;
                if (e3 && (e3->kind == DYAD_LEX_PERSON || e3->kind == DYAD_LEX_AGENT)) {
                    j = k;
                    continue;
                }
                if (!e3 && k < c->se && is_cap_name_word(c, k)) {
                    j = k;
                    continue;
                }
                break;
            }
            /* French adjectives after the noun, across quotes and a coordinated
             * adjective: «responsables militaires et militaro-politiques» nord-coréens */
            if (c->lang == DYAD_LANG_FR && (p.role || p.any_agent || p.counterpart || p.delegation) &&
                !p.n_countries) {
                uint32_t k = j;
                while (k < c->se && k - j < 4) {
                    const dyad_token *v = T(c, k);
                    if ((v->flags & DYAD_TOK_QUOTE) || FEQ(v, "et") ||
                        ((v->flags & DYAD_TOK_WORD) && !(v->flags & DYAD_TOK_CAP) &&
                         !best_entry(c, k, &l2) && !is_verbish(c, k) && !is_det(c, k) &&
                         !tin(c, v, c->prep_id)))
                        k++;
                    else
                        break;
                }
                if (k > j && k < c->se) {
                    const dyad_lex_entry *e3 = best_entry(c, k, &l2);
                    if (e3 && e3->kind == DYAD_LEX_ADJ) {
                        j = k;
                        continue;
                    }
                }
            }
            if ((u->flags & DYAD_TOK_QUOTE) && j + 1 < c->se && best_entry(c, j + 1, &l2) &&
                (p.role || p.any_agent)) {
                j++;
                continue;
            }
            break;
        }
        p.t1 = j;
        if (!p.anchored && !known_name && !(p.name1 > p.name0)) {
            /* an adjective alone qualifies a thing ("la résolution américaine",
             * "l'aide britannique"): no actor, but it can say where ("la
             * frontière ukrainienne" as the place of an attack) */
            p.adj_only = true;
            p.placeish = true;
        }
        /* a trailing closing apposition comma is not part of the phrase */
        while (p.t1 > p.h0 + 1 && (T(c, p.t1 - 1)->flags & DYAD_TOK_PUNCT))
            p.t1--;
    push:;
        phrase *slot =
            dyad__vec_push(&c->doc->arena, (void **)&c->ph, &c->n_ph, &c->cap_ph, sizeof *slot);
        if (!slot)
            return;
        *slot = p;
        int idx = (int)(c->n_ph - 1);
        c->ph_start[p.h0 - c->sb] = idx;
        if (p.t0 < p.h0 && c->ph_start[p.t0 - c->sb] < 0)
            c->ph_start[p.t0 - c->sb] = idx;
        for (uint32_t k = p.t0; k < p.t1; k++)
            c->ph_of[k - c->sb] = idx;
        if (p.kind == PH_ACTOR)
            for (size_t k = 0; k < n_sub; k++) {
                phrase q;
                memset(&q, 0, sizeof q);
                q.kind = PH_ACTOR;
                q.t0 = q.h0 = sub[k].t;
                q.t1 = sub[k].t + sub[k].len;
                q.coord_next = q.coord_prev = -1;
                q.placeish = true;
                q.sub = true;
                q.role_rank = 1000;
                absorb_entry(c, &q, sub[k].e);
                phrase *qs = dyad__vec_push(&c->doc->arena, (void **)&c->ph, &c->n_ph, &c->cap_ph,
                                            sizeof *qs);
                if (!qs)
                    return;
                *qs = q;
                c->ph_start[q.h0 - c->sb] = (int)(c->n_ph - 1);
            }
        i = p.t1 > i ? p.t1 : i + 1;
    }
    /* coordination: "X et Y", "X, Y et Z", "X and Y"; a comma links two
     * phrases only in a list that an "et"/"and" closes ("Selon Lima, le
     * Chili ..." is no list) */
    for (size_t a = c->n_ph; a-- > 0;) {
        /* the next phrase that is not a place inside this one */
        size_t b = a + 1;
        while (b < c->n_ph && c->ph[b].sub)
            b++;
        if (b >= c->n_ph)
            continue;
        phrase *p = &c->ph[a], *q = &c->ph[b];
        if (p->kind != PH_ACTOR || q->kind != PH_ACTOR || p->adj_only || q->adj_only || p->sub ||
            q->sub)
            continue;
        uint32_t gap0 = p->t1, gap1 = q->t0;
        if (gap1 < gap0 + 1 || gap1 > gap0 + 2)
            continue;
        const dyad_token *g = T(c, gap0);
        bool conj = tin(c, g, L_CONJ) || (FEQ(g, ",") && gap1 == gap0 + 1);
        if (gap1 == gap0 + 2)
            /* "X, et Y"; "à X et à Y", "to X and to Y" (the preposition again) */
            conj = (FEQ(g, ",") && tin(c, T(c, gap0 + 1), L_CONJ)) ||
                   (tin(c, g, L_CONJ) && p->t0 > c->sb &&
                    strcmp(T(c, gap0 + 1)->fold, T(c, p->t0 - 1)->fold) == 0 &&
                    tin(c, T(c, gap0 + 1), c->prep_id));
        if (!conj)
            continue;
        /* a comma between a place and an actor is not a coordination */
        if (FEQ(g, ",") && (p->placeish != q->placeish))
            continue;
        if (FEQ(g, ",") && gap1 == gap0 + 1 && q->coord_next < 0)
            continue;
        p->coord_next = (int)b;
        q->coord_prev = (int)a;
        /* "les présidents de l'Irak et de l'Égypte": the second country shares the title */
        if (p->genitive && p->role && !q->role && q->placeish && !q->seat && !q->org) {
            q->role = p->role;
            q->role_rank = p->role_rank;
            q->placeish = false;
            q->genitive = true;
        }
    }
    /* delegations take the role of their leader: "une délégation, dirigée par le ministre" */
    for (size_t a = 0; a < c->n_ph; a++) {
        phrase *p = &c->ph[a];
        if (!p->delegation || p->role)
            continue;
        uint32_t k = p->t1;
        if (k < c->se && FEQ(T(c, k), ","))
            k++;
        if (k + 1 < c->se && tin(c, T(c, k), L_LEADBY) && tin(c, T(c, k + 1), L_BY)) {
            int q = -1;
            for (uint32_t m = k + 2; m < c->se && m <= k + 4 && q < 0; m++)
                q = c->ph_start[m - c->sb];
            if (q >= 0 && c->ph[q].role) {
                p->role = c->ph[q].role;
                p->role_rank = c->ph[q].role_rank;
                if (!c->ph[q].n_countries && p->n_countries) {
                    memcpy(c->ph[q].countries[0], p->countries[0], 4);
                    c->ph[q].n_countries = 1;
                }
            }
        }
    }
}

/* ----------------------------------------------------------- resolution */

/* Resolves a phrase to an actor code. `other` is the event's other actor,
 * for counterparts ("son homologue nord-coréen" takes the other's role). */
static const char *const INDEF[] = {"des", "de", "d'", "un", "une", "plusieurs", "quelques",
                                    "some", "several", "a", "an", "many", NULL};

/* An indefinite phrase ("des responsables", "some officials") introduces new
 * actors; a definite one ("le ministre") may refer back. */
static bool indefinite(const coder *c, const phrase *p)
{
    if (p->t0 < p->h0)
        return dyad__tok_is(T(c, p->t0), INDEF);
    if (p->h0 > c->sb && dyad__tok_is(T(c, p->h0 - 1), INDEF))
        return true;
    /* a bare plural noun: "officials said", "troops attacked" */
    return p->h0 == p->t0 && (p->h0 == c->sb || !is_det(c, p->h0 - 1));
}

/* The country of the place the sentence names for the action ("en Corée du
 * Nord, où ...", "in Kabul"), or NULL. */
static const char *place_country(const coder *c, const phrase *p)
{
    static const char *const LOC[] = {"en", "a", "au", "aux", "dans", "in", "at", "to", NULL};
    for (size_t a = 0; a < c->n_ph; a++) {
        const phrase *q = &c->ph[a];
        if (q == p || q->kind != PH_ACTOR || !q->placeish || !q->n_countries)
            continue;
        if (q->t0 > c->sb && dyad__tok_is(T(c, q->t0 - 1), LOC))
            return q->countries[0];
    }
    return NULL;
}

/* The code remembered for a phrase's unknown name, or NULL. */
static const char *name_code(const coder *c, const phrase *p)
{
    char key[64];
    name_key(c, p->name0, p->name1, key, sizeof key);
    return recall_name(c, key);
}

/* Roles whose people, unnamed as to country, are the actor's compatriots
 * (protesters, journalists, opponents); armed men are not ("U.S. jets struck
 * militias" says nothing of the militias' country). */
static bool compatriot_role(const char *role)
{
    static const char *const R[] = {"CVL", "OPP", "MED", "LAB", "EDU", "HLH", "REF",
                                    "BUS", "JUD", "LEG", "HRI", NULL};
    for (const char *const *r = R; *r; r++)
        if (strcmp(role, *r) == 0)
            return true;
    return false;
}

static bool resolve(coder *c, const phrase *p, const actor *other, actor *out)
{
    const char *loc;
    memset(out, 0, sizeof *out);
    out->t0 = p->t0;
    out->t1 = p->t1;
    const char *role = p->role;
    if (p->counterpart && !role && other && other->role[0])
        role = other->role;
    else if (p->counterpart && !role)
        role = "GOV";
    if (!role && p->delegation)
        role = "GOV";
    if (!role && p->any_agent)
        role = "GOV";
    if (p->org) {
        snprintf(out->code, sizeof out->code, "%s", p->org);
    } else if (p->person && role && p->role && strcmp(role, "ELI") != 0 &&
               strlen(p->person->code) >= 3) {
        /* the text's own title wins over the dictionary's post: "Prime
         * Minister Ehud Barak" is GOV whatever post he held later */
        snprintf(out->code, sizeof out->code, "%.3s%s", p->person->code, role);
    } else if (p->person && !(role && strcmp(role, "ELI") == 0) &&
               (c->doc->date.precision == DYAD_PREC_NONE ||
                dyad__lex_covers(p->person, &c->doc->date))) {
        /* undated texts (codebook examples) take the person's post as listed */
        snprintf(out->code, sizeof out->code, "%s", p->person->code);
    } else if (p->person) {
        snprintf(out->code, sizeof out->code, "%.3sELI", p->person->code);
    } else if (p->name1 > p->name0 && !p->n_countries && name_code(c, p)) {
        snprintf(out->code, sizeof out->code, "%s", name_code(c, p));
    } else if (p->counterpart && !p->n_countries && other && other->country[0]) {
        /* "son homologue" with no nationality: the other country of the story */
        const char *cc = place_country(c, p);
        for (size_t k = 0; !cc && k < c->n_recent; k++)
            if (strcmp(c->recent_countries[k], other->country) != 0)
                cc = c->recent_countries[k];
        if (!cc || strcmp(cc, other->country) == 0)
            return false;
        snprintf(out->code, sizeof out->code, "%s%s", cc, role ? role : "");
    } else if (p->n_countries) {
        if (!role && p->seat)
            role = "GOV";
        snprintf(out->code, sizeof out->code, "%s%s", p->countries[0], role ? role : "");
    } else if (role && indefinite(c, p) && (loc = place_country(c, p)) != NULL) {
        /* "il rencontrera des responsables militaires" in a sentence that
         * says where: the officials of that place */
        snprintf(out->code, sizeof out->code, "%s%s", loc, role);
    } else if (role && other && other->country[0] && indefinite(c, p) && compatriot_role(role) &&
               strcmp(other->country, "IGO") != 0 && strcmp(other->country, "NGO") != 0) {
        /* "Georgian police detained dozens of protesters": people acted on
         * with no nationality named are the actor's compatriots */
        snprintf(out->code, sizeof out->code, "%s%s", other->country, role);
    } else if (role) {
        /* a bare agent: the last actor of the article with that role; else
         * compatriots of the other actor ("le gouvernement kényan a appelé
         * les manifestants au calme"), else the place of the action */
        for (size_t k = 0; k < c->n_last_by_role; k++)
            if (strcmp(c->last_by_role[k].role, role) == 0) {
                snprintf(out->code, sizeof out->code, "%s", c->last_by_role[k].code);
                break;
            }
        if (!out->code[0] && other && other->country[0] && compatriot_role(role) &&
            strcmp(other->country, "IGO") != 0 && strcmp(other->country, "NGO") != 0)
            snprintf(out->code, sizeof out->code, "%s%s", other->country, role);
        if (!out->code[0] && (loc = place_country(c, p)) != NULL)
            snprintf(out->code, sizeof out->code, "%s%s", loc, role);
        if (!out->code[0])
            return false;
    } else {
        return false;
    }
    memcpy(out->country, out->code, 3);
    out->country[3] = '\0';
    const char *r = role_of(out->code);
    if (r && strncmp(out->code, "IGO", 3) != 0 && strncmp(out->code, "NGO", 3) != 0)
        snprintf(out->role, sizeof out->role, "%.3s", r);
    return true;
}

/* After a phrase is resolved: remember its names for later mentions. */
static void remember_phrase(coder *c, const phrase *p, const actor *a)
{
    if (p->name1 > p->name0) {
        char key[64];
        name_key(c, p->name0, p->name1, key, sizeof key);
        remember_name(c, key, a->code);
        remember_name(c, T(c, p->name1 - 1)->fold, a->code);
    }
    if (p->person) {
        /* the surname as written here */
        uint32_t last = p->h0 + p->person->n_words - 1;
        if (last < p->t1)
            remember_name(c, T(c, last)->fold, a->code);
    }
    note_country(c, a->country);
    note_role_actor(c, a);
}

/* For "il"/"he" at phrase pi: an earlier person-like subject of the same
 * sentence (not a bare country or a place), or -1. */
static bool subject_candidate(const coder *c, const phrase *p);

static int same_sentence_antecedent(const coder *c, int pi)
{
    /* "it" may be a country ("Syria says it is willing"); "il"/"he" a person */
    bool it = FEQ(T(c, c->ph[pi].t0), "it");
    for (int a = pi - 1; a >= 0; a--) {
        const phrase *q = &c->ph[a];
        if (q->kind != PH_ACTOR || q->adj_only || q->sub || (q->placeish && !it))
            continue;
        if (it && (q->n_countries || q->org) && subject_candidate(c, q))
            return a;
        if ((q->role || q->any_agent || q->counterpart || q->delegation || q->person ||
             q->name1 > q->name0) &&
            subject_candidate(c, q))
            return a;
    }
    return -1;
}

/* Expands a phrase (and what it is coordinated with, when `coord`) into
 * actors. Pronouns and plural anaphors use the document memory. */
static size_t expand(coder *c, int pi, bool coord, const actor *other, actor *out, size_t cap,
                     int *from)
{
    size_t n = 0;
    while (pi >= 0 && n < cap) {
        const phrase *p = &c->ph[pi];
        if (p->kind == PH_PRON_SG && same_sentence_antecedent(c, pi) >= 0) {
            /* "Barak said Friday he was pessimistic": the sentence's own
             * earlier subject */
            int a = same_sentence_antecedent(c, pi);
            if (resolve(c, &c->ph[a], other, &out[n])) {
                out[n].t0 = p->t0;
                out[n].t1 = p->t1;
                if (from)
                    from[n] = -1;
                n++;
            }
        } else if (p->kind == PH_PRON_SG) {
            if (c->have_last_sg) {
                out[n] = c->last_sg;
                out[n].t0 = p->t0;
                out[n].t1 = p->t1;
                if (from)
                    from[n] = -1;
                n++;
            }
        } else if (p->kind == PH_PRON_PL) {
            for (size_t k = 0; k < c->n_last_pl && n < cap; k++) {
                out[n] = c->last_pl[k];
                out[n].t0 = p->t0;
                out[n].t1 = p->t1;
                if (from)
                    from[n] = -1;
                n++;
            }
        } else if (p->kind == PH_PLURAL && p->plural_people) {
            for (size_t k = 0; k < c->n_recent_actors && k < 2 && n < cap; k++) {
                out[n] = c->recent[k];
                out[n].t0 = p->t0;
                out[n].t1 = p->t1;
                if (from)
                    from[n] = -1;
                n++;
            }
        } else if (p->kind == PH_PLURAL) {
            /* "les deux pays": the last two countries; as the target of an
             * actor, the two others than its own ("Séoul a appelé les deux pays") */
            size_t taken = 0;
            for (size_t k = 0; k < c->n_recent && taken < 2 && n < cap; k++) {
                if (other && strcmp(c->recent_countries[k], other->country) == 0) {
                    taken++;
                    continue;
                }
                taken++;
                memset(&out[n], 0, sizeof out[n]);
                memcpy(out[n].code, c->recent_countries[k], 4);
                memcpy(out[n].country, c->recent_countries[k], 4);
                out[n].t0 = p->t0;
                out[n].t1 = p->t1;
                if (from)
                    from[n] = -1;
                n++;
            }
        } else if (p->n_countries > 1 && !p->person && !p->org && !(p->name1 > p->name0)) {
            /* "les dirigeants russe et chinois": one actor per country */
            for (uint8_t k = 0; k < p->n_countries && n < cap; k++) {
                phrase q = *p;
                memcpy(q.countries[0], p->countries[k], 4);
                q.n_countries = 1;
                if (resolve(c, &q, other, &out[n])) {
                    if (from)
                        from[n] = -1;
                    n++;
                }
            }
        } else if (resolve(c, p, other, &out[n])) {
            /* remembered by the caller once the event is made, so that the
             * source does not become what a bare "le ministre" target means */
            if (from)
                from[n] = pi;
            n++;
        }
        if (!coord)
            break;
        pi = p->coord_next;
    }
    return n;
}

/* --------------------------------------------------------------- subject */

/* The first token of the verb group ending at the trigger: auxiliaries,
 * modals, negation, clitics, reflexives and adverbs before it. */
static uint32_t verb_group_start(const coder *c, uint32_t trig)
{
    uint32_t i = trig;
    while (i > c->sb) {
        uint32_t k = i - 1;
        const dyad_token *t = T(c, k);
        if (c->ph_of[k - c->sb] >= 0 && c->ph[c->ph_of[k - c->sb]].kind == PH_ACTOR)
            break;
        if (is_aux(c, k) || tin(c, t, L_REFLEXIVE) ||
            (c->lang == DYAD_LANG_FR && tin(c, t, L_CLITIC_FR) && k + 1 <= trig) ||
            tin(c, t, L_NEG_FR_AFTER) || tin(c, t, L_NEG_EN) ||
            tin(c, t, c->lang == DYAD_LANG_FR ? L_ADVERB_FR : L_ADVERB_EN) ||
            tin(c, t, c->lang == DYAD_LANG_FR ? L_INTENT_FR : L_INTENT_EN) ||
            tin(c, t, L_MAYBE_EN) || FEQ(t, "to") ||
            (c->lang == DYAD_LANG_FR && (FEQ(t, "de") || FEQ(t, "d'") ||
                                         FEQ(t, "a")) &&
             k > c->sb && is_verbish(c, k - 1)) ||
            tok_has_lemma(c, k, c->lang == DYAD_LANG_FR ? L_INTENT_FR : L_INTENT_EN) ||
            tok_has_lemma(c, k, L_THREAT) || tok_has_lemma(c, k, L_MAYBE_FR) ||
            tok_has_lemma_slow(c, k, ASPECT, NULL) ||
            (c->lang == DYAD_LANG_EN && t->fold_len > 3 &&
             strcmp(t->fold + t->fold_len - 2, "ly") == 0) ||
            (c->lang == DYAD_LANG_FR && t->fold_len > 5 &&
             strcmp(t->fold + t->fold_len - 4, "ment") == 0 && !is_verbish(c, k)))
            i = k;
        else
            break;
        if (trig - i > 8)
            break;
    }
    return i;
}

/* A phrase can be a subject unless it is inside a prepositional phrase or
 * the object of a verb. */
static bool subject_candidate(const coder *c, const phrase *p)
{
    if (p->t0 == c->sb)
        return true;
    uint32_t k = p->t0 - 1;
    const dyad_token *t = T(c, k);
    /* "des milliers de manifestants", "thousands of protesters": the
     * quantifier is part of the subject */
    if (tin(c, t, L_GENITIVE) && k > c->sb &&
        (dyad__tok_is(T(c, k - 1), QUANT) || (T(c, k - 1)->flags & DYAD_TOK_NUM))) {
        uint32_t q = k - 1;
        while (q > c->sb && (is_det(c, q - 1) || dyad__tok_is(T(c, q - 1), QUANT) ||
                             tin(c, T(c, q - 1), L_GENITIVE) ||
                             (T(c, q - 1)->flags & DYAD_TOK_NUM)))
            q--;
        if (q == c->sb)
            return true;
        t = T(c, q - 1);
        k = q - 1;
    }
    /* subordinating words that are also prepositions start a clause:
     * "a day after gunmen killed", "before troops withdrew" */
    static const char *const SUBORD[] = {"after", "before", "since", "as", "until", "while",
                                         "apres", "avant", NULL};
    if (dyad__tok_is(t, SUBORD) && p->t1 < c->se && is_verbish(c, p->t1))
        return true;
    if (tin(c, t, c->prep_id))
        return false;
    /* "la fermeture du consulat de Russie": a complement of a noun */
    if (p->t0 < p->h0 && tin(c, T(c, p->t0), L_GENITIVE) && (t->flags & DYAD_TOK_WORD) &&
        !tin(c, t, L_CONJ) && !tin(c, t, L_RELPRON) && !FEQ(t, "que") && !FEQ(t, "qu'"))
        return false;
    if (t->flags & DYAD_TOK_WORD) {
        if (tin(c, t, L_CONJ) || tin(c, t, L_RELPRON) || FEQ(t, "que") ||
            FEQ(t, "qu'") || FEQ(t, "si") ||
            FEQ(t, "quand") || FEQ(t, "lorsque") ||
            FEQ(t, "lorsqu'") || FEQ(t, "when") ||
            FEQ(t, "if") || FEQ(t, "while") ||
            FEQ(t, "after") || FEQ(t, "ou") ||
            FEQ(t, "mais") || FEQ(t, "but"))
            return true;
        /* English drops "that": "Barak said Israel was" */
        if (c->lang == DYAD_LANG_EN && dyad__tok_is(t, SAY_EN))
            return true;
        if (is_verbish(c, k) && !(T(c, k)->flags & DYAD_TOK_CAP)) {
            /* an English base form is as often a noun or an adjective ("a top
             * official"); only other forms make the phrase an object */
            if (c->lang == DYAD_LANG_EN) {
                size_t nv;
                uint16_t tags = verb_tags(c, k, &nv);
                if (!(tags & ~(DYAD_V_INF | DYAD_V_PRES)))
                    return true;
            }
            return false;
        }
    }
    return true;
}

/* The subject phrase of a verb group starting at vg: the nearest candidate
 * before it in the clause, or -1. */
static int find_subject(const coder *c, uint32_t vg)
{
    int best = -1;
    for (size_t a = c->n_ph; a-- > 0;) {
        const phrase *p = &c->ph[a];
        if (p->t1 > vg)
            continue;
        /* a clause boundary between the phrase and the verb; a parenthesis
         * ("The UAE (United Arab Emirates) lifted") is not one */
        bool blocked = false;
        int depth = 0;
        for (uint32_t k = p->t1; k < vg; k++) {
            const dyad_token *t = T(c, k);
            if (FEQ(t, "(")) {
                depth++;
                continue;
            }
            if (FEQ(t, ")")) {
                depth -= depth > 0;
                continue;
            }
            if (depth == 0 && is_boundary(t)) {
                blocked = true;
                break;
            }
        }
        if (blocked)
            break;
        /* "with Putin praising China's proposals": an absolute construction */
        bool with_ing = p->t1 == vg && p->t0 > c->sb &&
                        (FEQ(T(c, p->t0 - 1), "with") || FEQ(T(c, p->t0 - 1), "avec"));
        if (p->adj_only || p->sub || (!with_ing && !subject_candidate(c, p)))
            continue;
        if (p->kind == PH_ACTOR && p->placeish && !p->seat) {
            /* a bare country or place is a subject only when nothing better
             * is closer: "La Russie a signé", but not "à Pyongyang, il ..." */
            best = (int)a;
            break;
        }
        best = (int)a;
        break;
    }
    /* the head of a coordination */
    while (best >= 0 && c->ph[best].coord_prev >= 0)
        best = c->ph[best].coord_prev;
    return best;
}

/* The nearest actor phrase before token `t` in its clause, whatever its
 * role: the possessor of "son"/"its" ($P in patterns). */
static int nearest_before(const coder *c, uint32_t t)
{
    for (size_t a = c->n_ph; a-- > 0;) {
        const phrase *p = &c->ph[a];
        if (p->t1 > t)
            continue;
        for (uint32_t k = p->t1; k < t; k++)
            if (is_boundary(T(c, k)))
                return -1;
        if (p->adj_only || p->sub || p->kind == PH_PLURAL)
            continue;
        return (int)a;
    }
    return -1;
}

/* ------------------------------------------------------------- matching */

typedef struct cont {
    const dyad_pseq *seq;
    int ei;
    const struct cont *next;
} cont;

typedef struct {
    coder *c;
    const dyad_pattern *p;
    uint32_t trig;
    int src, tgt;     /* phrase indexes filled by slots, -1 */
    int loc;          /* the @T of a pattern that also has $T: where it happened */
    bool tgt_place;
    uint32_t end;     /* the token after the match */
    bool passive_only; /* matched without its object: valid only in the passive */
    int steps;        /* bound on backtracking */
} matcher;

static bool m_seq(matcher *m, const dyad_pseq *seq, int ei, uint32_t pos, const cont *k);

static bool word_matches(matcher *m, const dyad_pelem *e, uint32_t pos)
{
    coder *c = m->c;
    if (pos >= c->se)
        return false;
    const dyad_token *t = T(c, pos);
    /* compare lengths and first bytes before the strings: this is the
     * innermost loop of matching */
    bool same = t->fold_len == e->word_len && t->fold[0] == e->word[0] &&
                memcmp(t->fold, e->word, e->word_len) == 0;
    if (e->kind == DYAD_PE_WORD || same)
        return same;
    const dyad_verb_analysis *va = NULL;
    size_t n = verb_analyses(c, pos, &va);
    for (size_t i = 0; i < n; i++)
        if ((int32_t)va[i].lemma == e->lemma)
            return true;
    return false;
}

static bool skippable_slow(const matcher *m, uint32_t pos);

/* Can token pos be skipped silently between two pattern elements? (cached:
 * the answer depends on the token and the sentence's phrases only) */
static bool skippable(const matcher *m, uint32_t pos)
{
    const coder *c = m->c;
    tok_cache *tc = &c->tc[pos - c->sb];
    if (tc->skip < 0)
        tc->skip = skippable_slow(m, pos) ? 1 : 0;
    return tc->skip == 1;
}

static bool skippable_slow(const matcher *m, uint32_t pos)
{
    const coder *c = m->c;
    if (T(c, pos)->flags & DYAD_TOK_QUOTE)
        return true; /* «sera puni»: quotes do not break a construction */
    const dyad_token *t = T(c, pos);
    if (!(t->flags & (DYAD_TOK_WORD | DYAD_TOK_NUM)))
        return false;
    int ph = c->ph_start[pos - c->sb];
    if (ph >= 0 && c->ph[ph].kind == PH_ACTOR && !c->ph[ph].placeish)
        return false;
    /* verbs are not skipped: a participle or a past or future form starts
     * another predicate ("est arrivé vendredi en visite" must not match
     * "être en visite"); present forms are too often nouns to exclude */
    if (verb_tags(c, pos, NULL) & (DYAD_V_PP | DYAD_V_FUT | DYAD_V_IMPF | DYAD_V_PAST | DYAD_V_COND))
        return false;
    if (is_aux(c, pos))
        return false;
    return true;
}


/* Words a slot may skip before its actor phrase: determiners, quantifiers
 * ("un certain nombre de", "thousands of"), quotes and adjectives; never a
 * verb, a pronoun or a preposition that starts another phrase. */
static bool slot_skippable(const coder *c, uint32_t q)
{
    const dyad_token *t = T(c, q);
    if (t->flags & DYAD_TOK_QUOTE)
        return true;
    if (t->flags & DYAD_TOK_NUM)
        return true;
    if (!(t->flags & DYAD_TOK_WORD))
        return false;
    if (is_det(c, q) || dyad__tok_is(t, QUANT))
        return true;
    if (tin(c, t, L_GENITIVE))
        return q > c->sb && (dyad__tok_is(T(c, q - 1), QUANT) || (T(c, q - 1)->flags & DYAD_TOK_NUM));
    if (tin(c, t, c->prep_id) || tin(c, t, L_PRON_SG) || tin(c, t, L_PRON_PL) ||
        tin(c, t, L_RELPRON) || tin(c, t, L_CONJ))
        return false;
    if (verb_tags(c, q, NULL) & (DYAD_V_PP | DYAD_V_PAST | DYAD_V_FUT | DYAD_V_IMPF | DYAD_V_COND |
                                 DYAD_V_INF | DYAD_V_PPR))
        return false;
    return true;
}


/* The actor phrase a slot at `pos` takes: the first phrase within `maxskip`
 * light words. Adjective-only phrases count only as places (`place_ok`); a
 * place in a prepositional phrase may stand before an object ("a reçu à
 * Pékin le président brésilien"). */
static int slot_phrase_ex(const matcher *m, uint32_t pos, int maxskip, bool place_ok)
{
    const coder *c = m->c;
    uint32_t q = pos;
    for (int s = 0; s <= maxskip && q < c->se; s++, q++) {
        int ph = c->ph_start[q - c->sb];
        if (ph >= 0 && c->ph[ph].h0 >= pos && (!c->ph[ph].adj_only || place_ok))
            return ph;
        if (ph >= 0 && c->ph[ph].sub)
            return ph;
        const dyad_token *t = T(c, q);
        if (is_punct(t) || is_boundary(t))
            return -1;
        if (!place_ok && dyad__tok_is(t, LOCPREP) && q + 1 < c->se) {
            int pp = c->ph_start[q + 1 - c->sb];
            if (pp < 0 && q + 2 < c->se && is_det(c, q + 1))
                pp = c->ph_start[q + 2 - c->sb];
            if (pp >= 0 && c->ph[pp].placeish && c->ph[pp].kind == PH_ACTOR) {
                q = c->ph[pp].t1 - 1;
                continue;
            }
        }
        if (ph >= 0 && c->ph[ph].adj_only)
            continue; /* adjectives before an object: skip them */
        if (ph < 0 && c->ph_of[q - c->sb] >= 0 && !c->ph[c->ph_of[q - c->sb]].adj_only)
            return -1; /* inside another phrase */
        if (!slot_skippable(c, q))
            return -1;
    }
    return -1;
}

static int slot_phrase(const matcher *m, uint32_t pos, int maxskip)
{
    return slot_phrase_ex(m, pos, maxskip, false);
}

static uint32_t coord_end(const coder *c, int ph)
{
    while (c->ph[ph].coord_next >= 0)
        ph = c->ph[ph].coord_next;
    return c->ph[ph].t1;
}

static bool m_next(matcher *m, const dyad_pseq *seq, int ei, uint32_t pos, const cont *k)
{
    return m_seq(m, seq, ei + 1, pos, k);
}

static bool m_seq(matcher *m, const dyad_pseq *seq, int ei, uint32_t pos, const cont *k)
{
    coder *c = m->c;
    if (++m->steps > 4000)
        return false;
    if (ei == seq->n) {
        if (!k) {
            m->end = pos;
            return true;
        }
        return m_seq(m, k->seq, k->ei, pos, k->next);
    }
    const dyad_pelem *e = &seq->e[ei];
    bool first = (seq == &m->p->seq && ei == 0);
    switch (e->kind) {
    case DYAD_PE_WORD:
    case DYAD_PE_VERB: {
        int maxskip = first ? 0 : 2;
        for (int s = 0; s <= maxskip; s++) {
            uint32_t q = pos + (uint32_t)s;
            if (q >= c->se)
                return false;
            if (s > 0 && !skippable(m, q - 1))
                return false;
            if (word_matches(m, e, q) && m_next(m, seq, ei, q + 1, k))
                return true;
        }
        return false;
    }
    case DYAD_PE_ALT:
        for (uint16_t i = 0; i < e->n_seqs; i++) {
            cont nk = {seq, ei + 1, k};
            if (m_seq(m, &e->seqs[i], 0, pos, &nk))
                return true;
        }
        return false;
    case DYAD_PE_OPT: {
        cont nk = {seq, ei + 1, k};
        if (m_seq(m, &e->seqs[0], 0, pos, &nk))
            return true;
        return m_next(m, seq, ei, pos, k);
    }
    case DYAD_PE_GAP:
        for (uint32_t g = 0; g <= 8 && pos + g <= c->se; g++) {
            if (g > 0 && is_boundary(T(c, pos + g - 1)))
                return false;
            if (m_next(m, seq, ei, pos + g, k))
                return true;
        }
        return false;
    case DYAD_PE_SRC:
    case DYAD_PE_TGT:
    case DYAD_PE_PLACE: {
        /* an adjective may be a target too: "demolished Palestinian homes",
         * "attacked Ukrainian positions" (the country prefix only) */
        int ph = slot_phrase_ex(m, pos, e->kind == DYAD_PE_SRC ? 3 : 5,
                                e->kind == DYAD_PE_PLACE ||
                                    (e->kind == DYAD_PE_TGT && c->lang == DYAD_LANG_EN));
        if (ph < 0 || c->ph[ph].kind == PH_PRON_PL)
            return false;
        if (e->kind == DYAD_PE_PLACE && c->ph[ph].kind != PH_ACTOR)
            return false;
        int *slot = e->kind == DYAD_PE_SRC ? &m->src : &m->tgt;
        if (e->kind == DYAD_PE_PLACE && m->p->place_is_loc)
            slot = &m->loc;
        int saved = *slot;
        *slot = ph;
        if (slot == &m->tgt)
            m->tgt_place = e->kind == DYAD_PE_PLACE;
        if (m_next(m, seq, ei, coord_end(c, ph), k))
            return true;
        *slot = saved;
        return false;
    }
    }
    return false;
}

/* ------------------------------------------------------------- modality */

typedef struct {
    bool negated, intent, threat, maybe, passive;
    uint32_t vg;       /* verb group start */
    uint32_t span0;    /* trigger span start (first verb of the group) */
} modality;

static void analyse_modality(coder *c, const matcher *m, modality *md)
{
    memset(md, 0, sizeof *md);
    uint32_t trig = m->trig;
    md->vg = verb_group_start(c, trig);
    md->span0 = trig;
    bool is_verb = m->p->seq.e[0].kind == DYAD_PE_VERB || m->p->seq.e[0].kind == DYAD_PE_ALT;
    size_t nv;
    uint16_t tags = verb_tags(c, trig, &nv);
    bool has_ne = false, has_etre = false, has_aux = false;
    for (uint32_t k = md->vg; k < trig; k++) {
        const dyad_token *t = T(c, k);
        if (FEQ(t, "ne") || FEQ(t, "n'"))
            has_ne = true;
        if (tin(c, t, L_NEG_EN) && c->lang == DYAD_LANG_EN)
            md->negated = true;
        if (is_aux(c, k)) {
            has_aux = true;
            if (md->span0 == trig)
                md->span0 = k;
        }
        if (is_etre(c, k))
            has_etre = true;
        if (tok_has_lemma(c, k, L_THREAT))
            md->threat = true;
        else if (tok_has_lemma(c, k, c->lang == DYAD_LANG_FR ? L_INTENT_FR : L_INTENT_EN)) {
            /* "allait"/"va" + infinitive; "will"/"is to"; not "avait accepté" */
            md->intent = true;
            if (md->span0 == trig)
                md->span0 = k;
        } else if (tin(c, t, L_MAYBE_EN) || tok_has_lemma(c, k, L_MAYBE_FR))
            md->maybe = true;
        /* "is to meet", "are to sign" */
        if (c->lang == DYAD_LANG_EN && FEQ(t, "to") && k > md->vg && is_etre(c, k - 1))
            md->intent = true;
    }
    if (has_ne) {
        for (uint32_t k = md->vg; k < trig + 3 && k < c->se; k++)
            if (tin(c, T(c, k), L_NEG_FR_AFTER)) {
                md->negated = true;
                break;
            }
    }
    /* "vowed not to return", "a promis de ne pas signer": the negation
     * follows the trigger */
    if (trig + 2 < c->se && ((FEQ(T(c, trig + 1), "not") && FEQ(T(c, trig + 2), "to")) ||
                             (FEQ(T(c, trig + 1), "de") && FEQ(T(c, trig + 2), "ne")) ||
                             (FEQ(T(c, trig + 1), "ne") && FEQ(T(c, trig + 2), "pas"))))
        md->negated = true;
    if (md->vg > c->sb) {
        const dyad_token *before = T(c, md->vg - 1);
        if (FEQ(before, "sans") || FEQ(before, "without"))
            md->negated = true;
    }
    if (is_verb && c->lang == DYAD_LANG_FR && (tags & DYAD_V_FUT) && !(tags & ~(DYAD_V_FUT)))
        md->intent = true;
    if (is_verb && c->lang == DYAD_LANG_FR && (tags & DYAD_V_COND) && !(tags & ~DYAD_V_COND) &&
        !has_aux)
        md->maybe = true;
    /* "would" in reported speech is a planned action, not a condition */
    /* passive: être/be + past participle of a verb taking a direct object */
    if (is_verb && (tags & DYAD_V_PP) && m->p->direct_obj) {
        bool refl = false;
        for (uint32_t k = md->vg; k < trig; k++)
            if (tin(c, T(c, k), L_REFLEXIVE))
                refl = true;
        if (has_etre && !refl)
            md->passive = true;
        /* a participle without auxiliary followed by "par"/"by": "X, accueilli par Y" */
        if (!has_aux && trig + 1 < c->se && tin(c, T(c, trig + 1), L_BY) &&
            !(c->lang == DYAD_LANG_EN && trig > c->sb && !FEQ(T(c, trig - 1), ",") &&
              c->ph_of[trig - 1 - c->sb] < 0))
            md->passive = true;
    }
}

/* -------------------------------------------------------------- events */

static bool same_str(const char *a, const char *b)
{
    return strcmp(a ? a : "", b ? b : "") == 0;
}

static const dyad_date_expr *event_date_expr(const coder *c, uint32_t t0, uint32_t t1)
{
    const dyad_date_expr *best = NULL;
    uint32_t bestd = 13;
    for (size_t i = 0; i < c->n_dates; i++) {
        const dyad_date_expr *d = &c->dates[i];
        uint32_t dist = d->t0 >= t1 ? d->t0 - t1 : (d->t1 <= t0 ? t0 - d->t1 : 0);
        /* a "que"/"that" clause boundary between them */
        uint32_t a = d->t0 < t0 ? d->t1 : t1, b = d->t0 < t0 ? t0 : d->t0;
        bool crosses = false;
        for (uint32_t k = a; k < b; k++) {
            const dyad_token *t = T(c, k);
            if (FEQ(t, "que") || FEQ(t, "qu'") ||
                FEQ(t, "that") || is_boundary(t))
                crosses = true;
        }
        if (crosses)
            continue;
        if (dist < bestd) {
            bestd = dist;
            best = d;
        }
    }
    return best;
}

static char *span_text(coder *c, uint32_t t0, uint32_t t1)
{
    if (t1 <= t0)
        return NULL;
    const dyad_doc *d = c->doc;
    return dyad__arena_strndup(&c->doc->arena, d->text + d->toks[t0].start,
                               d->toks[t1 - 1].end - d->toks[t0].start);
}

static void fill_actor_ref(coder *c, dyad_actor_ref *r, const actor *a)
{
    memset(r, 0, sizeof *r);
    if (!a)
        return;
    r->code = dyad__arena_strdup(&c->doc->arena, a->code);
    r->country = dyad__arena_strdup(&c->doc->arena, a->country);
    r->role = a->role[0] ? dyad__arena_strdup(&c->doc->arena, a->role) : NULL;
    r->text = span_text(c, a->t0, a->t1);
    r->start = c->doc->toks[a->t0].start;
    r->end = c->doc->toks[a->t1 - 1].end;
}

/* "patterns/04-consult.txt:66": the pattern's file relative to the data
 * directory, and its line. */
static const char *rule_name(coder *c, const dyad_pattern *p)
{
    const char *f = p->file;
    const char *d = c->ctx->data_dir;
    size_t dl = strlen(d);
    if (strncmp(f, d, dl) == 0 && f[dl] == '/')
        f += dl + 1;
    return dyad__arena_printf(&c->doc->arena, "%s:%u", f, (unsigned)p->line);
}

static const dyad_place *make_place(coder *c, const dyad_gaz_entry *g)
{
    dyad_place *pl = dyad__arena_alloc(&c->doc->arena, sizeof *pl);
    if (pl && !dyad__gaz_to_place(g, pl))
        return NULL;
    return pl;
}

/* The place of an event: the pattern's place slot ("manifester à Paris
 * contre"), else a place target (visits, attacks on a city), else the most
 * specific place the clause around the trigger names, else the sentence's. */
static const dyad_gaz_entry *event_place(coder *c, const matcher *m, int src_ph, int tgt_ph,
                                         bool tgt_place, uint32_t vg)
{
    if (!c->ctx->gaz)
        return NULL;
    /* the article's countries so far, for choosing among places of one
     * name ("Tripoli"): those of this sentence's actors, then the recent */
    c->n_ctx_countries = 0;
    for (size_t a = 0; a < c->n_ph && c->n_ctx_countries < 16; a++)
        for (uint8_t k = 0; k < c->ph[a].n_countries && c->n_ctx_countries < 16; k++)
            c->ctx_countries[c->n_ctx_countries++] = c->ph[a].countries[k];
    for (size_t k = 0; k < c->n_recent && c->n_ctx_countries < 16; k++)
        c->ctx_countries[c->n_ctx_countries++] = c->recent_countries[k];
    dyad_gaz_hit hit;
    int ranges[2] = {m->loc, tgt_place ? tgt_ph : -1};
    for (int k = 0; k < 2; k++) {
        if (ranges[k] < 0)
            continue;
        const phrase *q = &c->ph[ranges[k]];
        uint32_t end = coord_end(c, ranges[k]);
        if (dyad__gaz_sentence_place(c->ctx, c->doc->toks, q->t0, end, c->lang,
                                     c->ctx_countries, c->n_ctx_countries, &hit))
            return hit.entry;
    }
    /* places said as places: after "à", "en", "dans", "in", "at", "near"...
     * around the trigger; an actor ("Moscou a fourni") is not where it acted */
    static const char *const LOC[] = {"a", "au", "aux", "en", "dans", "pres", "in", "at", "near",
                                      "outside", "inside", "across", "aupres", "from", NULL};
    uint32_t a = vg > c->sb + 8 ? vg - 8 : c->sb;
    uint32_t b = m->end + 12 < c->se ? m->end + 12 : c->se;
    /* what an accusation or a demand is about happened, if at all, elsewhere */
    if ((m->p->flags & DYAD_PAT_ALLEGES) || strncmp(m->p->code, "02", 2) == 0 ||
        strncmp(m->p->code, "10", 2) == 0 || strncmp(m->p->code, "11", 2) == 0)
        b = m->end;
    dyad_gaz_hit hits[8];
    size_t nh = dyad__gaz_scan(c->ctx, c->doc->toks, a, b, c->lang, c->ctx_countries,
                               c->n_ctx_countries, hits, 8);
    const dyad_gaz_entry *best = NULL;
    for (size_t k = 0; k < nh; k++) {
        uint32_t t0 = (uint32_t)hits[k].tok_begin;
        uint32_t before = t0;
        while (before > c->sb && is_det(c, before - 1))
            before--;
        /* "l'aéroport de Pyongyang", "the outskirts of Kharkiv": a landmark
         * word and "de"/"of" may stand between the preposition and the name */
        if (before > c->sb + 1 && tin(c, T(c, before - 1), L_GENITIVE) &&
            !(T(c, before - 2)->flags & DYAD_TOK_CAP)) {
            before -= 2;
            while (before > c->sb && is_det(c, before - 1))
                before--;
        }
        if (before <= c->sb || !dyad__tok_is(T(c, before - 1), LOC))
            continue;
        /* the actors' own words are not the place ("une aide à Pyongyang") */
        bool in_actor = false;
        for (int r = 0; r < 2; r++) {
            int ph = r ? tgt_ph : src_ph;
            if (ph >= 0 && !(r && tgt_place) && t0 >= c->ph[ph].t0 && t0 < coord_end(c, ph))
                in_actor = true;
        }
        if (in_actor)
            continue;
        if (!best || hits[k].entry->type > best->type)
            best = hits[k].entry;
    }
    return best;
}

/* GDELT's actor geography: the actor's country. */
static const dyad_place *actor_geo(coder *c, const actor *a)
{
    if (!c->ctx->gaz || !a->country[0])
        return NULL;
    const dyad_gaz_entry *g = dyad__gaz_country(c->ctx->gaz, a->country);
    return g ? make_place(c, g) : NULL;
}

static void add_event(coder *c, size_t sent, const actor *src, const actor *tgt, const char *code,
                      const dyad_date *date, uint32_t span0, uint32_t span1,
                      const dyad_pattern *p, const char *how, const dyad_gaz_entry *place)
{
    const dyad_code_info *ci = dyad__code_info(c->ctx->codes, code);
    if (!ci)
        return;
    /* no event between an actor and itself; a government acting on its own
     * country (a curfew, a state of emergency) is an event, but no one
     * visits their own country */
    if (tgt && strcmp(src->code, tgt->code) == 0)
        return;
    if (tgt && strcmp(code, "042") == 0 && strcmp(src->country, tgt->country) == 0)
        return;
    char dbuf[11];
    dyad_date_format(date, dbuf);
    for (size_t i = 0; i < c->n_ev; i++) {
        dyad_event *e = &c->ev[i];
        char ebuf[11];
        if (strcmp(e->code, code) == 0 && strcmp(e->source.code, src->code) == 0 &&
            same_str(e->target.code, tgt ? tgt->code : NULL) &&
            strcmp(dyad_date_format(&e->date, ebuf), dbuf) == 0) {
            if (c->ev_sent_last[i] != (int)sent) {
                e->mentions++;
                c->ev_sent_last[i] = (int)sent;
            }
            /* the most specific place any mention gives (city > region > country) */
            if (place && (!e->location || e->location->type < place->type))
                e->location = make_place(c, place);
            return;
        }
    }
    dyad_event *e =
        dyad__vec_push(&c->doc->arena, (void **)&c->ev, &c->n_ev, &c->cap_ev, sizeof *e);
    if (!e)
        return;
    if (c->n_ev > c->cap_sent_last) {
        size_t nc = c->cap_ev;
        int *v = dyad__arena_alloc(&c->doc->arena, nc * sizeof *v);
        if (!v)
            return;
        if (c->n_ev > 1)
            memcpy(v, c->ev_sent_last, (c->n_ev - 1) * sizeof *v);
        c->ev_sent_last = v;
        c->cap_sent_last = nc;
    }
    c->ev_sent_last[c->n_ev - 1] = (int)sent;
    const dyad_doc *d = c->doc;
    const dyad_sentence *s = &d->sents[sent];
    e->date = *date;
    fill_actor_ref(c, &e->source, src);
    fill_actor_ref(c, &e->target, tgt);
    e->code = dyad__arena_strdup(&c->doc->arena, code);
    memcpy(e->root, ci->root, 3);
    e->quad_class = ci->quad_class;
    e->goldstein = ci->goldstein;
    e->trigger_text = span_text(c, span0, span1);
    e->trigger_start = d->toks[span0].start;
    e->trigger_end = d->toks[span1 - 1].end;
    e->mentions = 1;
    e->sentence = dyad__arena_strndup(&c->doc->arena, d->text + s->start, s->end - s->start);
    e->sentence_start = s->start;
    e->sentence_end = s->end;
    e->sentence_index = (int)sent;
    e->lang = dyad__lang_name(c->lang);
    e->rule = p ? rule_name(c, p) : NULL;
    e->modality = how;
    e->location = place ? make_place(c, place) : NULL;
    e->source_geo = actor_geo(c, src);
    e->target_geo = tgt ? actor_geo(c, tgt) : NULL;
}

enum { MAX_MATCHES = 8 };

typedef struct {
    coder *c;
    uint32_t trig;
    matcher m[MAX_MATCHES];
    size_t n;
} trig_state;

static bool preceded_by_det(const coder *c, uint32_t i)
{
    if (i <= c->sb || !is_det(c, i - 1))
        return false;
    /* "la rencontre" is a noun; "il la rencontre" (a clitic object) is not */
    if (c->lang == DYAD_LANG_FR && i >= c->sb + 2) {
        const dyad_token *d = T(c, i - 1);
        if ((FEQ(d, "l'") || FEQ(d, "la") ||
             FEQ(d, "le") || FEQ(d, "les")) &&
            (is_verbish(c, i - 2) || tin(c, T(c, i - 2), L_REFLEXIVE) ||
             (c->ph_of[i - 2 - c->sb] >= 0)))
            return false;
    }
    return true;
}

/* A past participle used in the passive: after être/be, or followed by
 * "par"/"by" and an actor. */
static bool passive_participle(const coder *c, uint32_t trig)
{
    if (!(verb_tags(c, trig, NULL) & DYAD_V_PP))
        return false;
    for (uint32_t k = trig; k > c->sb && trig - k < 4; k--)
        if (is_etre(c, k - 1))
            return true;
    /* a participle alone is passive only right before its agent: "X,
     * accueilli par Y"; "rejected the proposal by Egypt" is active */
    return trig + 1 < c->se && tin(c, T(c, trig + 1), L_BY);
}

static bool sentence_has_key(const coder *c, uint32_t h)
{
    if (!c->keys_cap)
        return true;
    size_t mask = c->keys_cap - 1;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
        if (c->keys[s] == h)
            return true;
        if (c->keys[s] == 0)
            return false;
    }
}

static void add_key(coder *c, const char *prefix, const char *w, size_t n)
{
    char key[300];
    if (n + 2 >= sizeof key)
        return;
    key[0] = prefix[0];
    key[1] = ':';
    memcpy(key + 2, w, n);
    uint32_t h = dyad__pattern_key_hash(key, n + 2, (uint8_t)c->lang);
    if (h == 0)
        h = 1;
    size_t mask = c->keys_cap - 1;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
        if (c->keys[s] == h)
            return;
        if (c->keys[s] == 0) {
            c->keys[s] = h;
            return;
        }
    }
}

/* The set of "w:fold" and "v:lemma" keys of the sentence's tokens. */
static void sentence_keys(coder *c)
{
    size_t need = 16;
    while (need < (size_t)(c->se - c->sb) * 8)
        need *= 2;
    if (need > c->keys_cap) {
        c->keys = dyad__arena_alloc(&c->doc->arena, need * sizeof *c->keys);
        if (!c->keys) {
            c->keys_cap = 0;
            return;
        }
        c->keys_cap = need;
    }
    memset(c->keys, 0, c->keys_cap * sizeof *c->keys);
    for (uint32_t i = c->sb; i < c->se; i++) {
        const dyad_token *t = T(c, i);
        if (!(t->flags & DYAD_TOK_WORD))
            continue;
        add_key(c, "w", t->fold, t->fold_len);
        const dyad_verb_analysis *va = NULL;
        size_t nv = verb_analyses(c, i, &va);
        for (size_t k = 0; k < nv; k++) {
            const char *l = dyad__verbs_lemma(c->ctx->verbs, va[k].lemma);
            add_key(c, "v", l, strlen(l));
        }
    }
}

/* The trigger element the token matched: the element itself, or the first
 * element of the alternative of `{a,b}` it matches. */
static const dyad_pelem *trigger_elem(const coder *c, const dyad_pattern *p, uint32_t trig)
{
    const dyad_pelem *e0 = &p->seq.e[0];
    if (e0->kind != DYAD_PE_ALT)
        return e0;
    const dyad_token *t = T(c, trig);
    const dyad_pelem *verb = NULL;
    for (uint16_t k = 0; k < e0->n_seqs; k++) {
        const dyad_pelem *a = &e0->seqs[k].e[0];
        if (a->word_len == t->fold_len && memcmp(a->word, t->fold, a->word_len) == 0)
            return a; /* a literal match first */
        if (a->kind == DYAD_PE_VERB && !verb) {
            const dyad_verb_analysis *va = NULL;
            size_t nv = verb_analyses(c, trig, &va);
            for (size_t i = 0; i < nv && !verb; i++)
                if ((int32_t)va[i].lemma == a->lemma)
                    verb = a;
        }
    }
    return verb ? verb : e0;
}

/* A verb trigger must be a verb here: not a noun after a determiner ("la
 * rencontre", "the release"), and pronominal exactly when the pattern says
 * so ("se retirer" is not "retirer"). */
static bool trigger_fits(const coder *c, const dyad_pattern *p, uint32_t trig)
{
    const dyad_pelem *e = trigger_elem(c, p, trig);
    if (e->kind != DYAD_PE_VERB)
        return true;
    const dyad_token *t = T(c, trig);
    bool literal = e->word_len == t->fold_len && memcmp(e->word, t->fold, e->word_len) == 0;
    if (!literal && preceded_by_det(c, trig))
        return false;
    /* "trois milliards de livres", "des dépôts d'armes": after de/des/d' a
     * French word is a noun unless it is an infinitive */
    if (c->lang == DYAD_LANG_FR && !literal && trig > c->sb &&
        (FEQ(T(c, trig - 1), "de") || FEQ(T(c, trig - 1), "des") || FEQ(T(c, trig - 1), "d'") ||
         FEQ(T(c, trig - 1), "du"))) {
        size_t nv;
        uint16_t tags = verb_tags(c, trig, &nv);
        if (!(tags & DYAD_V_INF))
            return false;
    }
    /* "clashes were continuing": an English -s form before an auxiliary is
     * a plural noun, the subject of that auxiliary */
    if (c->lang == DYAD_LANG_EN && trig + 1 < c->se && is_aux(c, trig + 1)) {
        size_t nv;
        uint16_t tags = verb_tags(c, trig, &nv);
        if (nv && !(tags & (DYAD_V_PAST | DYAD_V_PP | DYAD_V_PPR)) && t->fold_len > 2 &&
            t->fold[t->fold_len - 1] == 's')
            return false;
    }
    bool refl = false;
    for (uint32_t k = trig; k > c->sb && trig - k < 4; k--) {
        const dyad_token *u = T(c, k - 1);
        if (tin(c, u, L_REFLEXIVE)) {
            refl = true;
            break;
        }
        bool adverb = tin(c, u, L_ADVERB_FR) ||
                      (u->fold_len > 5 && memcmp(u->fold + u->fold_len - 4, "ment", 4) == 0);
        if (!is_aux(c, k - 1) && !tin(c, u, L_NEG_FR_AFTER) && !FEQ(u, "ne") &&
            !FEQ(u, "n'") && !tin(c, u, L_INTENT_FR) && !adverb)
            break;
    }
    if (e->reflexive)
        return refl;
    /* French pronominal verbs mean something else ("se retirer de" is to
     * withdraw; "retirer ses troupes" takes an object) */
    return !(c->lang == DYAD_LANG_FR && refl);
}

static int try_pattern(const dyad_pattern *p, void *ud)
{
    trig_state *ts = ud;
    coder *c = ts->c;
    if (p->lang != c->lang)
        return 0;
    bool possible = true;
    for (uint16_t g = 0; g < p->n_groups && possible; g++) {
        bool any = false;
        for (uint16_t k = p->need_group[g]; k < p->need_group[g + 1] && !any; k++)
            any = sentence_has_key(c, p->need[k]);
        possible = any;
    }
    /* words after the trigger are missing: only a passive, which needs the
     * trigger alone, can still match */
    if (!possible && !(p->direct_obj && passive_participle(c, ts->trig)))
        return 0;
    if (!trigger_fits(c, p, ts->trig))
        return 0;
    matcher m = {.c = c, .p = p, .trig = ts->trig, .src = -1, .tgt = -1, .loc = -1};
    if (!possible || !m_seq(&m, &p->seq, 0, ts->trig, NULL)) {
        /* In the passive the object is no longer after the verb ("X a été
         * accueilli par Y"): the trigger alone matches, code_match finds the
         * actors. */
        if (!p->direct_obj || !passive_participle(c, ts->trig))
            return 0;
        m.end = ts->trig + 1;
        m.passive_only = true;
    }
    /* one match per code: the longest, then the one with more elements */
    for (size_t i = 0; i < ts->n; i++) {
        matcher *o = &ts->m[i];
        if (strcmp(o->p->code, p->code) != 0)
            continue;
        if (m.end > o->end || (m.end == o->end && p->seq.n > o->p->seq.n))
            *o = m;
        return 0;
    }
    if (ts->n < MAX_MATCHES)
        ts->m[ts->n++] = m;
    return 0;
}

/* A root's generic code ("040") gives way to a specific one ("046") that the
 * same words also match. */
static bool superseded(const trig_state *ts, size_t i)
{
    const char *a = ts->m[i].p->code;
    size_t la = strlen(a);
    bool generic = la == 3 && a[2] == '0';
    for (size_t j = 0; j < ts->n; j++) {
        const char *b = ts->m[j].p->code;
        if (j == i || strcmp(a, b) == 0)
            continue;
        /* "112" gives way to its subcode "1121"; "040" to any other 04x */
        if ((strlen(b) > la && strncmp(b, a, la) == 0) || (generic && strncmp(b, a, 2) == 0))
            return true;
    }
    return false;
}

static void code_match(coder *c, size_t sent, matcher *m);

/* How specific a match is: the literal words it matched. */
static int literal_count(const dyad_pseq *seq)
{
    int n = 0;
    for (uint16_t i = 0; i < seq->n; i++) {
        const dyad_pelem *e = &seq->e[i];
        if (e->kind == DYAD_PE_WORD || e->kind == DYAD_PE_VERB)
            n++;
        else if (e->kind == DYAD_PE_ALT && e->n_seqs) {
            int best = 1000;
            for (uint16_t k = 0; k < e->n_seqs; k++) {
                int v = literal_count(&e->seqs[k]);
                if (v < best)
                    best = v;
            }
            n += best;
        }
    }
    return n;
}

static bool visit_pair(const char *a, const char *b)
{
    return (strcmp(a, "042") == 0 && strcmp(b, "043") == 0) ||
           (strcmp(a, "043") == 0 && strcmp(b, "042") == 0);
}

/* One reading per trigger: the most specific match (most literal words,
 * then the longest) wins, so "condamné à huit ans de prison" is a sentence
 * (173), not also a condemnation (111). A visit and its hosting are two
 * events of the same words ("X was received in Paris by Y": 042 and 043). */
static void code_trigger(coder *c, size_t sent, uint32_t trig)
{
    trig_state ts = {.c = c, .trig = trig};
    dyad__patterns_for_token(c->ctx, c->lang, T(c, trig), try_pattern, &ts);
    if (ts.n == 0)
        return;
    int best = -1, best_lit = -1000000;
    for (size_t i = 0; i < ts.n; i++) {
        if (superseded(&ts, i))
            continue;
        int lit = literal_count(&ts.m[i].p->seq) * 100 + (int)(ts.m[i].end - trig);
        if (ts.m[i].passive_only)
            lit -= 10000; /* a reading with its object beats the bare passive fallback */
        if (lit > best_lit) {
            best_lit = lit;
            best = (int)i;
        }
    }
    if (best < 0)
        return;
    code_match(c, sent, &ts.m[best]);
    /* Other readings of the same root stand beside it when their objects
     * differ ("fournit des missiles et une aide économique": 072 and 071). */
    const char *bc = ts.m[best].p->code;
    int blit = literal_count(&ts.m[best].p->seq);
    for (size_t i = 0; i < ts.n; i++) {
        const char *ic = ts.m[i].p->code;
        if ((int)i == best || superseded(&ts, i) || ts.m[i].passive_only)
            continue;
        /* a sibling as specific as the best ("missiles" vs "aide économique");
         * a vaguer one ("tirer sur" beside "tirer des roquettes sur") is the
         * same event said less precisely */
        bool sibling = strncmp(ic, bc, 2) == 0 && strcmp(ic, bc) != 0 &&
                       literal_count(&ts.m[i].p->seq) >= blit;
        if (visit_pair(ic, bc) || sibling)
            code_match(c, sent, &ts.m[i]);
    }
}

static const char *const WITH[] = {"avec", "with", NULL};
/* Demands whose content follows "that"/"que": what is demanded is not done. */
static const char *const DEMAND_WORDS[] = {"demand", "demands", "demanded", "demanding", "insist",
                                           "insisted", "insists", "urged", "urges", "asked",
                                           "requested", "recommended", "exige", "exigent",
                                           "exige", "exigeant", "reclame", "reclament",
                                           "demande", "demandent", "exigence", "souhaite",
                                           "veut", "veulent", "appelle", "proposed", NULL};
static const char *const IF[] = {"si", "s'", "if", "unless", NULL};
static const char *const EACH_OTHER[] = {"chacun", "mutuellement", "reciproquement", "other",
                                         "another", NULL};

/* Inside a condition ("si la Russie envahit l'Ukraine", "if Iran attacks"):
 * the clause the verb group belongs to starts with si/if. */
static bool hypothetical(const coder *c, uint32_t vg)
{
    for (uint32_t k = vg; k > c->sb; k--) {
        const dyad_token *t = T(c, k - 1);
        if (is_boundary(t) || FEQ(t, ","))
            return false;
        if (dyad__tok_is(t, IF) && !(FEQ(t, "s'") && k < c->se && !FEQ(T(c, k), "il") &&
                                     !FEQ(T(c, k), "ils")))
            return true;
    }
    return false;
}

/* "ont libéré 390 prisonniers chacun", "accused each other": the
 * coordinated subjects acted on one another. */
static bool each_other(const coder *c, uint32_t from)
{
    for (uint32_t k = from; k < c->se && k < from + 8; k++) {
        if (is_boundary(T(c, k)))
            return false;
        if (dyad__tok_is(T(c, k), EACH_OTHER))
            return true;
    }
    return false;
}

/* A reciprocal action done "with" someone is done by both: "a signé un
 * accord avec le Japon", "held talks with". A direct object is not: "a
 * rencontré le président" is one event. */
static bool with_target(const coder *c, int tgt_ph)
{
    if (tgt_ph < 0)
        return false;
    const phrase *q = &c->ph[tgt_ph];
    for (uint32_t k = q->t0; k > c->sb && q->t0 - k < 2; k--)
        if (dyad__tok_is(T(c, k - 1), WITH))
            return true;
    return false;
}

static void code_match(coder *c, size_t sent, matcher *m)
{
    const dyad_pattern *p = m->p;
    uint32_t trig = m->trig;
    if (c->demand_from && trig >= c->demand_from && p->seq.e[0].kind != DYAD_PE_WORD)
        return;
    modality md;
    analyse_modality(c, m, &md);
    if (md.negated || md.maybe || c->question || hypothetical(c, md.vg))
        return;
    /* a French present participle right after a noun has that noun as its
     * subject: "les sanctions frappant le pétrole" is no strike */
    if (c->lang == DYAD_LANG_FR && md.vg == trig && trig > c->sb && p->src_subject) {
        size_t nv;
        uint16_t tags = verb_tags(c, trig, &nv);
        const dyad_token *prev = T(c, trig - 1);
        if (nv && tags == DYAD_V_PPR && (prev->flags & DYAD_TOK_WORD) &&
            c->ph_of[trig - 1 - c->sb] < 0)
            return;
    }
    if (m->passive_only && !md.passive)
        return;
    /* an infinitive that no modal or intention verb governs is a purpose or a
     * complement ("pour soutenir", "à formuler", "to help"), not an event */
    if (p->seq.e[0].kind != DYAD_PE_WORD && !md.intent && !md.threat) {
        size_t nv;
        uint16_t tags = verb_tags(c, trig, &nv);
        bool aspect = false;
        for (uint32_t k = md.vg; k < trig && !aspect; k++)
            aspect = tok_has_lemma_slow(c, k, ASPECT, NULL);
        if (!aspect && c->lang == DYAD_LANG_FR && nv && tags == DYAD_V_INF)
            return;
        if (!aspect && c->lang == DYAD_LANG_EN)
            for (uint32_t k = md.vg; k < trig; k++)
                if (FEQ(T(c, k), "to"))
                    return;
        /* "of sending troops", "for attacking": a gerund after a
         * preposition names an act, it does not report one */
        if (c->lang == DYAD_LANG_EN && (tags & DYAD_V_PPR) && !(tags & ~(DYAD_V_PPR)) &&
            trig > c->sb && tin(c, T(c, trig - 1), L_PREP_EN))
            return;
    }
    const char *code = p->code;
    if (md.threat) {
        const char *ic = dyad__intent_code(c->ctx, p, code);
        if (!ic || code[0] == '0')
            return; /* a threat to cooperate is not an event */
        code = ic;
    } else if (md.intent) {
        code = dyad__intent_code(c->ctx, p, code);
        if (!code)
            return;
    }

    const char *mod = md.threat ? "threat" : md.intent ? "intent" : NULL;
    int src_ph = m->src, tgt_ph = m->tgt;
    bool tgt_place = m->tgt_place;
    if (p->src_subject) {
        int subj = find_subject(c, md.vg);
        if (md.passive) {
            /* the agent after par/by is the source; the subject the target */
            /* the agent: "par"/"by" after the verb, past time and place
             * words ("a été reçu lundi à l'Élysée par Macron") */
            int agent = -1;
            for (uint32_t k = trig + 1; k < c->se && k <= trig + 7 && agent < 0; k++) {
                if (is_boundary(T(c, k)) || FEQ(T(c, k), ","))
                    break;
                if (tin(c, T(c, k), L_BY))
                    agent = slot_phrase(m, k + 1, 3);
            }
            if (agent < 0)
                return;
            src_ph = agent;
            /* a participle without auxiliary qualifies the phrase just before it */
            tgt_ph = subj;
            if (trig >= c->sb + 2 && FEQ(T(c, trig - 1), ",")) {
                int before = c->ph_of[trig - 2 - c->sb];
                if (before >= 0)
                    tgt_ph = before;
            }
            tgt_place = false;
        } else {
            src_ph = subj;
        }
    }
    if (p->src_near)
        src_ph = nearest_before(c, trig);
    if (src_ph < 0)
        return;
    actor srcs[MAX_COUNTRIES * 2], tgts[MAX_COUNTRIES * 2];
    int src_from[MAX_COUNTRIES * 2], tgt_from[MAX_COUNTRIES * 2];
    size_t ns = expand(c, src_ph, true, NULL, srcs, MAX_COUNTRIES * 2, src_from);
    if (ns == 0 && tgt_ph >= 0) {
        /* "le maire d'Istanbul a été arrêté par la police": the police are
         * known only through the person they arrested */
        actor first[MAX_COUNTRIES * 2];
        if (expand(c, tgt_ph, true, NULL, first, MAX_COUNTRIES * 2, NULL) > 0)
            ns = expand(c, src_ph, true, &first[0], srcs, MAX_COUNTRIES * 2, src_from);
    }
    if (ns == 0)
        return;
    size_t nt = 0;
    if (tgt_ph >= 0) {
        nt = expand(c, tgt_ph, true, &srcs[0], tgts, MAX_COUNTRIES * 2, tgt_from);
        if (nt == 0)
            return;
        if (tgt_place || c->ph[tgt_ph].adj_only)
            for (size_t i = 0; i < nt; i++) {
                tgts[i].role[0] = '\0';
                memcpy(tgts[i].code, tgts[i].country, 4);
            }
        /* a counterpart as the source takes the target's role */
        if (c->ph[src_ph].counterpart && ns == 1) {
            ns = expand(c, src_ph, false, &tgts[0], srcs, 1, src_from);
            if (ns == 0)
                return;
        }
    }
    /* the date */
    const dyad_date_expr *de = event_date_expr(c, md.span0, m->end > trig ? m->end : trig + 1);
    dyad_date date = c->doc->date;
    if (date.precision == DYAD_PREC_MINUTE)
        date.precision = DYAD_PREC_DAY;
    if (de)
        date = md.intent ? de->future : de->past;
    if (date.precision == DYAD_PREC_MINUTE)
        date.precision = DYAD_PREC_DAY;

    const dyad_gaz_entry *where = event_place(c, m, src_ph, tgt_ph, tgt_place, md.vg);
    uint32_t span1 = trig + 1;
    if (p->seq.e[0].kind == DYAD_PE_WORD && m->end > trig + 1 && m->tgt < 0 && m->src < 0)
        span1 = m->end;
    /* a reciprocal pattern without a target needs two parties ("les deux
     * pays ont signé"); one alone signed with no one we know of */
    bool recip = (p->flags & DYAD_PAT_RECIP) || (nt == 0 && ns >= 2 && each_other(c, trig));
    if ((p->flags & DYAD_PAT_RECIP) && nt == 0 && ns < 2)
        return;
    /* measures a government takes at home (a curfew, martial law): with no
     * target named, its own country */
    if ((p->flags & DYAD_PAT_SELF) && nt == 0 && tgt_ph < 0) {
        for (size_t i = 0; i < ns; i++) {
            actor home;
            memset(&home, 0, sizeof home);
            memcpy(home.code, srcs[i].country, 4);
            memcpy(home.country, srcs[i].country, 4);
            home.t0 = srcs[i].t0;
            home.t1 = srcs[i].t1;
            add_event(c, sent, &srcs[i], &home, code, &date, md.span0, span1, p, mod, where);
        }
        ns = 0;
    }
    if (recip && nt == 0 && ns >= 2) {
        for (size_t i = 0; i < ns; i++)
            for (size_t j = 0; j < ns; j++)
                if (i != j)
                    add_event(c, sent, &srcs[i], &srcs[j], code, &date, md.span0, span1, p, mod, where);
    } else if (nt == 0 && tgt_ph < 0) {
        for (size_t i = 0; i < ns; i++)
            add_event(c, sent, &srcs[i], NULL, code, &date, md.span0, span1, p, mod, where);
    } else {
        for (size_t i = 0; i < ns; i++)
            for (size_t j = 0; j < nt; j++) {
                add_event(c, sent, &srcs[i], &tgts[j], code, &date, md.span0, span1, p, mod, where);
                if ((p->flags & DYAD_PAT_RECIP) &&
                    (ns >= 2 || (with_target(c, tgt_ph) && !md.intent && !md.threat)))
                    add_event(c, sent, &tgts[j], &srcs[i], code, &date, md.span0, span1, p, mod, where);
            }
    }
    for (size_t i = 0; i < ns; i++)
        if (src_from[i] >= 0)
            remember_phrase(c, &c->ph[src_from[i]], &srcs[i]);
    for (size_t i = 0; i < nt; i++)
        if (tgt_from[i] >= 0)
            remember_phrase(c, &c->ph[tgt_from[i]], &tgts[i]);
    /* the subject is what "il" and "ils" refer to next */
    if (p->src_subject && !md.passive) {
        if (ns == 1 && c->ph[src_ph].kind != PH_PLURAL) {
            c->last_sg = srcs[0];
            c->have_last_sg = true;
        } else if (ns > 1) {
            c->n_last_pl = ns < MAX_COUNTRIES ? ns : MAX_COUNTRIES;
            memcpy(c->last_pl, srcs, c->n_last_pl * sizeof *srcs);
        }
    }
    /* the rest of the sentence is alleged (accusations) or only demanded
     * (appeals, demands: "exige que X libère", "urged X to release") */
    if (p->flags & DYAD_PAT_ALLEGES) {
        /* everything after the accusing verb is the allegation */
        if (!c->suppress_from || trig + 1 < c->suppress_from)
            c->suppress_from = trig + 1;
    } else if ((strncmp(code, "02", 2) == 0 || strncmp(code, "10", 2) == 0) &&
               m->end > c->demand_from) {
        /* only verbs: "en réponse à l'envoi par X de soldats" after an
         * appeal is a fact the appeal answers */
        c->demand_from = m->end;
    }
}

/* Resolves the sentence's phrases that no event used, so that names and
 * singular subjects are remembered for later sentences. */
static void remember_sentence(coder *c)
{
    for (size_t a = 0; a < c->n_ph; a++) {
        const phrase *p = &c->ph[a];
        if (p->kind != PH_ACTOR || p->adj_only || p->sub)
            continue;
        actor act;
        if (resolve(c, p, NULL, &act)) {
            remember_phrase(c, p, &act);
            /* the first non-place actor of a sentence becomes the singular
             * referent when nothing else was set (titles, captions) */
            if (!c->have_last_sg && !p->placeish && subject_candidate(c, p)) {
                c->last_sg = act;
                c->have_last_sg = true;
            }
        }
    }
}

/* Events that differ only by a missing role merge into the more specific
 * ("RUS 190 UKR" and "RUSGOV 190 UKR" from one article are one event). */
/* Visits implied by the text (EVENTS.md section 3: the visitor gets 042
 * toward the host country): a reported hosting ("X a accueilli Y", 043) and
 * a meeting held in one party's country ("met in Beijing") say that the
 * foreign party came. Added once per article, with the event's date,
 * sentence and place. */
static void implied_visits(coder *c)
{
    size_t n = c->n_ev;
    for (size_t i = 0; i < n; i++) {
        const dyad_event *e = &c->ev[i];
        if (!e->target.code || e->modality)
            continue;
        const char *host = NULL, *visitor_code = NULL, *visitor_country = NULL;
        if (strcmp(e->code, "043") == 0) {
            host = e->source.country;
            visitor_code = e->target.code;
            visitor_country = e->target.country;
        } else if (strncmp(e->code, "04", 2) == 0 && strcmp(e->code, "042") != 0 && e->location &&
                   e->location->country) {
            /* a meeting where one party is at home: the other came */
            if (strcmp(e->location->country, e->target.country) == 0) {
                host = e->target.country;
                visitor_code = e->source.code;
                visitor_country = e->source.country;
            }
        }
        if (!host || !visitor_country || strcmp(host, visitor_country) == 0 ||
            strncmp(host, "IGO", 3) == 0 || strncmp(host, "NGO", 3) == 0)
            continue;
        const dyad_doc *d = c->doc;
        actor v, h;
        memset(&v, 0, sizeof v);
        memset(&h, 0, sizeof h);
        snprintf(v.code, sizeof v.code, "%s", visitor_code);
        snprintf(v.country, sizeof v.country, "%.3s", visitor_country);
        if (strlen(visitor_code) > 3)
            snprintf(v.role, sizeof v.role, "%.3s", visitor_code + 3);
        snprintf(h.code, sizeof h.code, "%.3s", host);
        snprintf(h.country, sizeof h.country, "%.3s", host);
        /* the words: the visitor's and host's spans of the event */
        bool hosting = strcmp(e->code, "043") == 0;
        const dyad_actor_ref *vr = hosting ? &e->target : &e->source;
        const dyad_actor_ref *hr = hosting ? &e->source : &e->target;
        v.t0 = v.t1 = h.t0 = h.t1 = 0;
        for (uint32_t k = d->sents[e->sentence_index].tok_begin;
             k < d->sents[e->sentence_index].tok_end; k++) {
            if (d->toks[k].start == vr->start)
                v.t0 = k;
            if (d->toks[k].end == vr->end)
                v.t1 = k + 1;
            if (d->toks[k].start == hr->start)
                h.t0 = k;
            if (d->toks[k].end == hr->end)
                h.t1 = k + 1;
        }
        if (v.t1 <= v.t0 || h.t1 <= h.t0)
            continue;
        uint32_t t0 = 0, t1 = 0;
        for (uint32_t k = d->sents[e->sentence_index].tok_begin;
             k < d->sents[e->sentence_index].tok_end; k++) {
            if (d->toks[k].start == e->trigger_start)
                t0 = k;
            if (d->toks[k].end == e->trigger_end)
                t1 = k + 1;
        }
        if (t1 <= t0)
            continue;
        dyad_date date = e->date;
        size_t before = c->n_ev;
        add_event(c, (size_t)e->sentence_index, &v, &h, "042", &date, t0, t1, NULL, NULL, NULL);
        if (c->n_ev > before) {
            c->ev[c->n_ev - 1].rule = dyad__arena_printf(&c->doc->arena, "implied by %s",
                                                        c->ev[i].code);
            c->ev[c->n_ev - 1].location = c->ev[i].location;
        }
        e = &c->ev[i]; /* add_event may have moved the array */
    }
}

static void merge_roleless(coder *c)
{
    for (size_t i = 0; i < c->n_ev; i++) {
        dyad_event *a = &c->ev[i];
        for (size_t j = 0; j < c->n_ev; j++) {
            if (i == j)
                continue;
            dyad_event *b = &c->ev[j];
            if (strcmp(a->code, b->code) != 0 || strcmp(a->source.country, b->source.country) != 0)
                continue;
            if (!same_str(a->target.country, b->target.country))
                continue;
            char da[11], db[11];
            if (strcmp(dyad_date_format(&a->date, da), dyad_date_format(&b->date, db)) != 0)
                continue;
            bool a_less = (!a->source.role || same_str(a->source.role, b->source.role)) &&
                          (!a->target.code || !a->target.role ||
                           same_str(a->target.role, b->target.role));
            bool differs = !same_str(a->source.code, b->source.code) ||
                           !same_str(a->target.code, b->target.code);
            if (a_less && differs) {
                b->mentions += a->mentions;
                memmove(a, a + 1, (c->n_ev - i - 1) * sizeof *a);
                memmove(&c->ev_sent_last[i], &c->ev_sent_last[i + 1],
                        (c->n_ev - i - 1) * sizeof *c->ev_sent_last);
                c->n_ev--;
                i--;
                break;
            }
        }
    }
}

dyad_status dyad__code(dyad_doc *doc)
{
    const dyad_ctx *ctx = doc->ctx;
    if (!ctx->lex || !ctx->pat || !ctx->verbs || doc->n_sents == 0)
        return DYAD_OK;
    coder c;
    memset(&c, 0, sizeof c);
    c.ctx = ctx;
    c.doc = doc;
    c.lang = doc->lang;
    c.det = c.lang == DYAD_LANG_FR ? DET_FR : DET_EN;
    c.prep = c.lang == DYAD_LANG_FR ? PREP_FR : PREP_EN;
    c.det_id = c.lang == DYAD_LANG_FR ? L_DET_FR : L_DET_EN;
    c.prep_id = c.lang == DYAD_LANG_FR ? L_PREP_FR : L_PREP_EN;
    uint32_t maxlen = 0;
    for (size_t s = 0; s < doc->n_sents; s++) {
        uint32_t l = doc->sents[s].tok_end - doc->sents[s].tok_begin;
        if (l > maxlen)
            maxlen = l;
    }
    c.ph_start = dyad__arena_alloc(&doc->arena, (maxlen + 1) * sizeof *c.ph_start);
    c.ph_of = dyad__arena_alloc(&doc->arena, (maxlen + 1) * sizeof *c.ph_of);
    c.tc = dyad__arena_alloc(&doc->arena, (maxlen + 1) * sizeof *c.tc);

    if (!c.ph_start || !c.ph_of || !c.tc)
        return DYAD_ENOMEM;
    for (size_t s = 0; s < doc->n_sents; s++) {
        const dyad_sentence *st = &doc->sents[s];
        c.sb = st->tok_begin;
        c.se = st->tok_end;
        if (c.se <= c.sb)
            continue;
        /* very long "sentences" (tables, lists) are skipped: no sentence of
         * news is 400 words long, and matching is superlinear there */
        if (c.se - c.sb > 400)
            continue;
        c.n_ph = 0;
        c.suppress_from = 0;
        c.demand_from = 0;
        for (uint32_t k = 0; k < c.se - c.sb; k++) {
            memset(&c.tc[k], 0, sizeof c.tc[k]);
            c.tc[k].nva = -1;
            c.tc[k].skip = -1;
        }
        c.question = FEQ(T(&c, c.se - 1), "?");
        build_phrases(&c);
        sentence_keys(&c);
        c.n_dates = dyad__find_dates(doc, c.sb, c.se, c.dates, 16);
        for (uint32_t t = c.sb; t < c.se; t++) {
            if (c.suppress_from && t >= c.suppress_from)
                break;
            /* "exige que X libère", "demanded that Y withdraw" */
            if ((FEQ(T(&c, t), "que") || FEQ(T(&c, t), "qu'") || FEQ(T(&c, t), "that")) &&
                t > c.sb && dyad__tok_is(T(&c, t - 1), DEMAND_WORDS) &&
                (!c.demand_from || t < c.demand_from))
                c.demand_from = t;
            if (!(T(&c, t)->flags & DYAD_TOK_WORD))
                continue;
            code_trigger(&c, s, t);
        }
        remember_sentence(&c);
        if (doc->arena.failed)
            return DYAD_ENOMEM;
    }
    implied_visits(&c);
    merge_roleless(&c);
    for (size_t i = 0; i < c.n_ev; i++)
        c.ev[i].event_id = dyad__arena_printf(&doc->arena, "%s-%zu", doc->id, i + 1);
    doc->events = c.ev;
    doc->n_events = c.n_ev;
    return doc->arena.failed ? DYAD_ENOMEM : DYAD_OK;
}

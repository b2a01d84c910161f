/* segment.c -- sentences and tokens of French and English news text.
 *
 * One pass per paragraph over the NFC text (doc->norm): a hand-written
 * scanner cuts tokens, and a small state machine decides sentence
 * boundaries as tokens are emitted. Offsets are mapped back to doc->text
 * through doc->norm_map. Plain ASCII takes a table lookup per byte; other
 * characters are classified with utf8proc's general categories.
 *
 * Tokenisation decisions (the coder and the dictionaries rely on them):
 * - words keep internal hyphens and digits: "nord-coréen", "F-16", "G7";
 *   a dash not between two letters/digits is its own token ("-Pyongyang"
 *   gives "-" "Pyongyang");
 * - French inverted subject pronouns are split off with their hyphens:
 *   "a-t-il" -> "a" "-t-il", "dit-elle" -> "dit" "-elle", "est-ce" -> "est" "-ce"
 *   (not -nous/-vous: "rendez-vous" stays whole);
 * - French elision: "l'aéroport" -> "l'" (ELIDED) "aéroport" for the clitics
 *   of elision_words; other apostrophes between letters stay inside the
 *   word ("aujourd'hui", "quelqu'un", "O'Brien");
 * - English clitics: "Lebanon's" -> "Lebanon" "'s", "don't" -> "do" "n't",
 *   "can't" -> "ca" "n't" (Penn Treebank), also 're 've 'll 'd 'm; a trailing
 *   apostrophe after an s ("countries'") is a possessive WORD token "'";
 * - abbreviations keep their period and get ABBR: the static table below,
 *   single capital initials ("F.", "M."), and letter-period chains ("U.S.",
 *   "e.g.", "a.m."); "No."/"no." only before a number;
 * - numbers: digits with inner . , : / between digits and glued letters are
 *   one NUM token ("29/11/2024", "06h59", "1,5", "10.000", "1er"); signs and
 *   units are separate ("$" "8", "95" "%");
 * - every quotation mark is its own token with QUOTE; ’ between letters or
 *   in a clitic is an apostrophe, not a quote;
 * - runs of "." "!?" and "-" are one token ("...", "?!", "--").
 * Sentences end after . ! ? … (and the closing quotes/brackets that follow)
 * unless the next token is a lowercase word or , ; : ; after "etc."-like
 * abbreviations only before a capitalised word; after "U.S."-like acronyms
 * only before a typical sentence opener ("The", "He", "Le"...). A paragraph
 * end always ends a sentence, and a sentence is cut after MAX_SENT_TOKENS
 * tokens so that a pathological input cannot make later stages quadratic.
 */
#include "internal.h"

#include <string.h>
#include <utf8proc.h>

enum { MAX_SENT_TOKENS = 1000, MAX_FOLD = 0xFFFF };

/* ------------------------------------------------------------ characters */

enum {
    C_SPACE,
    C_UPPER, /* letters */
    C_LOWER,
    C_LETTER, /* caseless letter or combining mark */
    C_DIGIT,
    C_HYPHEN, /* - and U+2010/U+2011 */
    C_APOS,   /* ' ’ ʼ */
    C_DQUOTE, /* " */
    C_OPENQ,  /* « “ „ ‘ ‹ */
    C_CLOSEQ, /* » ” › */
    C_PERIOD,
    C_EXCL, /* ! ? */
    C_ELLIPSIS,
    C_CLOSEBR, /* ) ] } */
    C_COMMA,   /* , ; : (never end a sentence, never start one either) */
    C_PUNCT,
};

#define IS_ALNUM(c) ((c) >= C_UPPER && (c) <= C_DIGIT)
#define IS_LETTER(c) ((c) >= C_UPPER && (c) <= C_LETTER)

static const unsigned char ascii_class[128] = {
    ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\v'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE,
    [' '] = C_SPACE,
    ['!'] = C_EXCL, ['"'] = C_DQUOTE, ['#'] = C_PUNCT, ['$'] = C_PUNCT, ['%'] = C_PUNCT,
    ['&'] = C_PUNCT, ['\''] = C_APOS, ['('] = C_PUNCT, [')'] = C_CLOSEBR, ['*'] = C_PUNCT,
    ['+'] = C_PUNCT, [','] = C_COMMA, ['-'] = C_HYPHEN, ['.'] = C_PERIOD, ['/'] = C_PUNCT,
    ['0'] = C_DIGIT, ['1'] = C_DIGIT, ['2'] = C_DIGIT, ['3'] = C_DIGIT, ['4'] = C_DIGIT,
    ['5'] = C_DIGIT, ['6'] = C_DIGIT, ['7'] = C_DIGIT, ['8'] = C_DIGIT, ['9'] = C_DIGIT,
    [':'] = C_COMMA, [';'] = C_COMMA, ['<'] = C_PUNCT, ['='] = C_PUNCT, ['>'] = C_PUNCT,
    ['?'] = C_EXCL, ['@'] = C_PUNCT,
    ['A'] = C_UPPER, ['B'] = C_UPPER, ['C'] = C_UPPER, ['D'] = C_UPPER, ['E'] = C_UPPER,
    ['F'] = C_UPPER, ['G'] = C_UPPER, ['H'] = C_UPPER, ['I'] = C_UPPER, ['J'] = C_UPPER,
    ['K'] = C_UPPER, ['L'] = C_UPPER, ['M'] = C_UPPER, ['N'] = C_UPPER, ['O'] = C_UPPER,
    ['P'] = C_UPPER, ['Q'] = C_UPPER, ['R'] = C_UPPER, ['S'] = C_UPPER, ['T'] = C_UPPER,
    ['U'] = C_UPPER, ['V'] = C_UPPER, ['W'] = C_UPPER, ['X'] = C_UPPER, ['Y'] = C_UPPER,
    ['Z'] = C_UPPER,
    ['['] = C_PUNCT, ['\\'] = C_PUNCT, [']'] = C_CLOSEBR, ['^'] = C_PUNCT, ['_'] = C_PUNCT,
    ['`'] = C_PUNCT,
    ['a'] = C_LOWER, ['b'] = C_LOWER, ['c'] = C_LOWER, ['d'] = C_LOWER, ['e'] = C_LOWER,
    ['f'] = C_LOWER, ['g'] = C_LOWER, ['h'] = C_LOWER, ['i'] = C_LOWER, ['j'] = C_LOWER,
    ['k'] = C_LOWER, ['l'] = C_LOWER, ['m'] = C_LOWER, ['n'] = C_LOWER, ['o'] = C_LOWER,
    ['p'] = C_LOWER, ['q'] = C_LOWER, ['r'] = C_LOWER, ['s'] = C_LOWER, ['t'] = C_LOWER,
    ['u'] = C_LOWER, ['v'] = C_LOWER, ['w'] = C_LOWER, ['x'] = C_LOWER, ['y'] = C_LOWER,
    ['z'] = C_LOWER,
    ['{'] = C_PUNCT, ['|'] = C_PUNCT, ['}'] = C_CLOSEBR, ['~'] = C_PUNCT,
    /* other control characters are C_SPACE (0) */
};

static int class_of_cp(int32_t cp)
{
    if (cp >= 0xC0 && cp <= 0xFF) /* Latin-1 letters (utf8proc: Lu, Ll; × ÷ Sm) */
        return cp == 0xD7 || cp == 0xF7 ? C_PUNCT : cp < 0xDF ? C_UPPER : C_LOWER;
    switch (cp) {
    case 0x00A0: case 0x202F: case 0x2060: case 0xFEFF: case 0x00AD: case 0x0085:
        return C_SPACE;
    case 0x2010: case 0x2011:
        return C_HYPHEN;
    case 0x2019: case 0x02BC:
        return C_APOS;
    case 0x00AB: case 0x201C: case 0x201E: case 0x2018: case 0x2039: case 0x201A:
        return C_OPENQ;
    case 0x00BB: case 0x201D: case 0x203A:
        return C_CLOSEQ;
    case 0x2026:
        return C_ELLIPSIS;
    default:
        break;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
        return C_UPPER;
    case UTF8PROC_CATEGORY_LL:
        return C_LOWER;
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
        return C_SPACE;
    default:
        return C_PUNCT;
    }
}

/* Class of the character at s[i] (i < n); its byte length goes to *len.
 * The text is valid UTF-8 (repaired on input); a stray byte is punctuation. */
static inline int char_at(const char *s, size_t i, size_t n, size_t *len)
{
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
        *len = 1;
        return ascii_class[c];
    }
    int32_t cp;
    size_t k;
    if (c >= 0xC2 && c < 0xE0 && i + 1 < n) {
        cp = ((int32_t)(c & 0x1F) << 6) | (s[i + 1] & 0x3F);
        k = 2;
    } else if (c >= 0xE0 && c < 0xF0 && i + 2 < n) {
        cp = ((int32_t)(c & 0x0F) << 12) | ((int32_t)(s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
        k = 3;
    } else if (c >= 0xF0 && c < 0xF5 && i + 3 < n) {
        cp = ((int32_t)(c & 0x07) << 18) | ((int32_t)(s[i + 1] & 0x3F) << 12) |
             ((int32_t)(s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
        k = 4;
    } else {
        *len = 1;
        return C_PUNCT;
    }
    *len = k;
    return class_of_cp(cp);
}

static inline int class_at(const char *s, size_t i, size_t n)
{
    size_t k;
    return i < n ? char_at(s, i, n, &k) : C_SPACE;
}

/* ------------------------------------------------------- word lists */

/* How an abbreviation's period bears on sentence ends. */
enum {
    AB_NONE = 0,
    AB_NEVER, /* titles, months, initials: the sentence goes on */
    AB_CAP,   /* "etc.", "Inc.": ends the sentence before a capitalised word */
    AB_ACRO,  /* "U.S.": ends it before a typical sentence opener */
    AB_NUM,   /* "No.": an abbreviation only before a number */
};

typedef struct {
    const char *w; /* without its period, as written (NFC UTF-8) */
    unsigned char len, kind;
} abbr_entry;
#define AB(w, k) {w, sizeof(w) - 1, k}

/* Abbreviations that take a period in French and English news. Matching is
 * exact (case included): "Col." is a title, "col." is not in the list. */
static const abbr_entry abbrevs[] = {
    /* titles, French */
    AB("MM", AB_NEVER), AB("Mme", AB_NEVER), AB("Mmes", AB_NEVER), AB("Mlle", AB_NEVER),
    AB("Mlles", AB_NEVER), AB("Me", AB_NEVER), AB("Mgr", AB_NEVER), AB("Pr", AB_NEVER),
    AB("Gén", AB_NEVER), AB("Gal", AB_NEVER), AB("Cdt", AB_NEVER), AB("Cne", AB_NEVER),
    AB("Lieut", AB_NEVER), AB("Ste", AB_NEVER), AB("St", AB_NEVER),
    /* titles, English */
    AB("Mr", AB_NEVER), AB("Mrs", AB_NEVER), AB("Ms", AB_NEVER), AB("Messrs", AB_NEVER),
    AB("Dr", AB_NEVER), AB("Prof", AB_NEVER), AB("Gen", AB_NEVER), AB("Lt", AB_NEVER),
    AB("Col", AB_NEVER), AB("Sgt", AB_NEVER), AB("Cpl", AB_NEVER), AB("Pvt", AB_NEVER),
    AB("Adm", AB_NEVER), AB("Capt", AB_NEVER), AB("Cmdr", AB_NEVER), AB("Maj", AB_NEVER),
    AB("Brig", AB_NEVER), AB("Gov", AB_NEVER), AB("Sen", AB_NEVER), AB("Rep", AB_NEVER),
    AB("Reps", AB_NEVER), AB("Sens", AB_NEVER), AB("Rev", AB_NEVER), AB("Hon", AB_NEVER),
    AB("Pres", AB_NEVER), AB("Amb", AB_NEVER), AB("Supt", AB_NEVER), AB("Mt", AB_NEVER),
    AB("Ft", AB_NEVER), AB("Gens", AB_NEVER), AB("Sec", AB_NEVER),
    /* months, English and French */
    AB("Jan", AB_NEVER), AB("Feb", AB_NEVER), AB("Mar", AB_NEVER), AB("Apr", AB_NEVER),
    AB("Jun", AB_NEVER), AB("Jul", AB_NEVER), AB("Aug", AB_NEVER), AB("Sep", AB_NEVER),
    AB("Sept", AB_NEVER), AB("Oct", AB_NEVER), AB("Nov", AB_NEVER), AB("Dec", AB_NEVER),
    AB("janv", AB_NEVER), AB("févr", AB_NEVER), AB("fév", AB_NEVER), AB("avr", AB_NEVER),
    AB("juil", AB_NEVER), AB("sept", AB_NEVER), AB("oct", AB_NEVER), AB("nov", AB_NEVER),
    AB("déc", AB_NEVER), AB("Janv", AB_NEVER), AB("Févr", AB_NEVER), AB("Avr", AB_NEVER),
    AB("Juil", AB_NEVER), AB("Déc", AB_NEVER),
    /* others that are followed by more of the sentence */
    AB("cf", AB_NEVER), AB("Cf", AB_NEVER), AB("vs", AB_NEVER), AB("env", AB_NEVER),
    AB("art", AB_NEVER), AB("Art", AB_NEVER), AB("vol", AB_NEVER), AB("approx", AB_NEVER),
    AB("av", AB_NEVER), AB("apr", AB_NEVER), AB("bd", AB_NEVER), AB("pp", AB_NEVER),
    AB("Ave", AB_NEVER), AB("Blvd", AB_NEVER), AB("Dept", AB_NEVER), AB("Univ", AB_NEVER),
    /* may end a sentence */
    AB("etc", AB_CAP), AB("Inc", AB_CAP), AB("Corp", AB_CAP), AB("Co", AB_CAP), AB("Ltd", AB_CAP),
    AB("Jr", AB_CAP), AB("Sr", AB_CAP), AB("Bros", AB_CAP), AB("al", AB_CAP),
    /* only before a number */
    AB("No", AB_NUM), AB("no", AB_NUM), AB("Nos", AB_NUM), AB("nos", AB_NUM), AB("p", AB_NUM),
    AB("n", AB_NUM),
};

static int abbr_kind(const char *s, size_t n)
{
    if (n > 8) /* every word ends with a period once a sentence: reject fast */
        return AB_NONE;
    for (size_t i = 0; i < sizeof abbrevs / sizeof abbrevs[0]; i++)
        if (abbrevs[i].len == n && abbrevs[i].w[0] == s[0] && memcmp(abbrevs[i].w, s, n) == 0)
            return abbrevs[i].kind;
    return AB_NONE;
}

/* French clitics that elide before a vowel (lowercase; the text's first
 * letter may be a capital). "presqu'" and "quelqu'" are left out on purpose:
 * "presqu'île", "quelqu'un" are single words. */
static const char *const elision_words[] = {
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu",
};

/* Compares s[0..n) with a lowercase ASCII word, ignoring ASCII case. */
static bool eq_lower(const char *s, size_t n, const char *w)
{
    size_t i = 0;
    for (; i < n && w[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c + 32);
        if (c != (unsigned char)w[i])
            return false;
    }
    return i == n && w[i] == '\0';
}

static bool is_elision(const char *s, size_t n)
{
    if (n > 6)
        return false;
    for (size_t i = 0; i < sizeof elision_words / sizeof elision_words[0]; i++)
        if (eq_lower(s, n, elision_words[i]))
            return true;
    return false;
}

/* French inverted subject pronouns after a verb's hyphen ("a-t-il"). */
static const char *const inversion_words[] = {
    "t-il", "t-elle", "t-on", "t-ils", "t-elles", "il", "elle", "on",
    "ils", "elles", "je", "tu", "ce",
};

/* Words that start an English or French sentence after an acronym such as
 * "U.S." (folded). A capitalised noun after "U.S." is usually part of the
 * name ("U.S. Army"), so only these count as a new sentence. */
static const char *const openers[] = {
    "the", "he", "she", "it", "they", "we", "i", "but", "in", "on", "at", "a", "an",
    "this", "that", "these", "those", "there", "his", "her", "their", "its", "our",
    "after", "as", "when", "while", "however", "meanwhile", "if", "le", "la", "les",
    "il", "elle", "ils", "elles", "un", "une", "des", "mais", "selon", "pour", "ce",
    "cette", "dans", "l'", "d'", "en", "now", "then", "so", "yet", "since", "still", "also",
    "earlier", "later", "both", "some", "many", "most", "according", "what", "why", "how",
    "who", "where", "you", "my", "your", "no", "for", "with", "from", "before", "during",
    "under", "many", "one", "two", "several", "last",
};

static bool is_opener(const char *fold)
{
    for (size_t i = 0; i < sizeof openers / sizeof openers[0]; i++)
        if (strcmp(fold, openers[i]) == 0)
            return true;
    return false;
}

/* ------------------------------------------------------------ the scanner */

/* What a token means for sentence boundaries. */
enum { K_OTHER, K_TERM, K_OPEN, K_CLOSE, K_COMMA };

enum { P_NONE, P_TERM, P_CAP, P_ACRO };

typedef struct {
    dyad_doc *doc;
    dyad_arena *a;
    const char *s; /* doc->norm */
    size_t n;      /* doc->norm_len */
    const uint32_t *map;
    dyad_lang lang;
    dyad_token *toks;
    size_t ntok, captok;
    dyad_sentence *sents;
    size_t nsent, capsent;
    size_t sent_begin; /* first token of the open sentence */
    char *fbuf;        /* room for ASCII folds, carved from the arena in chunks */
    size_t fleft;
    uint32_t para;
    int pending; /* P_*: what the previous tokens say about a boundary */
    bool failed;
} seg;

static void close_sentence(seg *g)
{
    if (g->sent_begin >= g->ntok || g->failed)
        return;
    if (g->nsent == g->capsent) {
        size_t cap = g->capsent ? g->capsent * 2 : 64;
        dyad_sentence *ns = dyad__arena_alloc(g->a, cap * sizeof *ns);
        if (!ns) {
            g->failed = true;
            return;
        }
        if (g->nsent)
            memcpy(ns, g->sents, g->nsent * sizeof *ns);
        g->sents = ns;
        g->capsent = cap;
    }
    dyad_sentence *st = &g->sents[g->nsent++];
    st->tok_begin = (uint32_t)g->sent_begin;
    st->tok_end = (uint32_t)g->ntok;
    st->start = g->toks[g->sent_begin].start;
    st->end = g->toks[g->ntok - 1].end;
    st->para = g->para;
    g->toks[g->sent_begin].flags |= DYAD_TOK_SENT_START;
    g->sent_begin = g->ntok;
}

/* Folded form of norm[b..e) in the arena. */
static const char *fold_token(seg *g, size_t b, size_t e, uint16_t *out_len)
{
    const char *s = g->s + b;
    size_t len = e - b;
    if (len <= 64) {
        /* The fast path: folding ASCII is lowercasing (as in dyad__fold),
         * into a chunk of arena shared by many tokens (no call per token). */
        if (g->fleft < len + 1) {
            enum { FOLD_CHUNK = 4096 };
            g->fbuf = dyad__arena_alloc(g->a, FOLD_CHUNK);
            if (!g->fbuf) {
                g->fleft = 0;
                return NULL;
            }
            g->fleft = FOLD_CHUNK;
        }
        char *f = g->fbuf;
        size_t i = 0;
        for (; i < len; i++) {
            unsigned char c = (unsigned char)s[i];
            if (c >= 0x80)
                break;
            f[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        if (i == len) {
            f[len] = '\0';
            g->fbuf += len + 1;
            g->fleft -= len + 1;
            *out_len = (uint16_t)len;
            return f;
        }
        /* not ASCII: the slow path below (the chunk is not used up) */
    }
    /* Folding may grow a character (œ -> oe); three times is ample, and the
     * arena tail it wastes is small next to the token itself. */
    size_t cap = len * 3 + 1;
    if (cap > MAX_FOLD + 1)
        cap = MAX_FOLD + 1;
    char tmp[512];
    char *out = cap <= sizeof tmp ? tmp : dyad__arena_alloc(g->a, cap);
    if (!out)
        return NULL;
    size_t fl = dyad__fold(s, len, out, cap);
    *out_len = (uint16_t)fl;
    return out == tmp ? dyad__arena_strndup(g->a, tmp, fl) : out;
}

/* Is the Snowball stem of this short fold the fold itself? Then the token
 * shares it and skips the stemmer's cache. Porter2 leaves English words of
 * one or two letters alone; the French stemmer leaves every one-byte ASCII
 * word alone and every two-byte one not ending in "s" ("le", "de", "un"),
 * as checked against libstemmer on all such strings without capitals
 * (folds have none). (Three-byte rules exist too, but measured no faster:
 * those words are always in the stem cache's front.) */
static bool stem_is_fold(dyad_lang lang, const char *fold, size_t fl)
{
    const unsigned char *f = (const unsigned char *)fold;
    if (lang == DYAD_LANG_EN)
        return fl <= 2;
    return lang == DYAD_LANG_FR && f[0] < 0x80 &&
           (fl == 1 || (fl == 2 && f[1] < 0x80 && f[1] != 's'));
}

/* Appends token norm[b..e) with `flags`; `kind` (K_*) and `ab` (AB_*) drive
 * the sentence state machine. */
static void emit(seg *g, size_t b, size_t e, unsigned flags, int kind, int ab)
{
    if (g->failed)
        return;
    if (g->ntok == g->captok) {
        size_t cap = g->captok ? g->captok * 2 : g->n / 5 + 16;
        dyad_token *nt = dyad__arena_alloc(g->a, cap * sizeof *nt);
        if (!nt || cap > UINT32_MAX) {
            g->failed = true;
            return;
        }
        if (g->ntok)
            memcpy(nt, g->toks, g->ntok * sizeof *nt);
        g->toks = nt;
        g->captok = cap;
    }
    uint16_t fl = 0;
    const char *fold = NULL;
    if (!fold) {
        fold = fold_token(g, b, e, &fl);
        if (!fold) {
            g->failed = true;
            return;
        }
    }

    /* Sentence boundary before this token? */
    bool brk = false;
    bool is_word = (flags & (DYAD_TOK_WORD | DYAD_TOK_NUM)) != 0;
    bool lower_word = (flags & DYAD_TOK_WORD) && !(flags & DYAD_TOK_CAP) &&
                      (unsigned char)fold[0] != '\'' && fold[0] != '-';
    switch (g->pending) {
    case P_TERM:
        if (kind == K_CLOSE || kind == K_TERM)
            break; /* stays pending: "?» Next" */
        if (!lower_word && kind != K_COMMA)
            brk = true;
        g->pending = P_NONE;
        break;
    case P_CAP:
        brk = (is_word && (flags & DYAD_TOK_CAP)) || kind == K_OPEN;
        g->pending = P_NONE;
        break;
    case P_ACRO:
        brk = (flags & DYAD_TOK_CAP) && is_opener(fold);
        g->pending = P_NONE;
        break;
    default:
        break;
    }
    if (!brk && g->ntok - g->sent_begin >= MAX_SENT_TOKENS)
        brk = true;
    if (brk) {
        close_sentence(g);
        if (g->failed)
            return;
    }
    if (kind == K_TERM)
        g->pending = P_TERM;
    else if (ab == AB_CAP)
        g->pending = P_CAP;
    else if (ab == AB_ACRO)
        g->pending = P_ACRO;

    dyad_token *t = &g->toks[g->ntok++];
    t->start = g->map ? g->map[b] : (uint32_t)b;
    t->end = g->map ? g->map[e] : (uint32_t)e;
    t->fold = fold;
    t->fold_len = fl;
    t->flags = (uint16_t)flags;
    unsigned char f0 = (unsigned char)fold[0];
    if ((flags & DYAD_TOK_WORD) && !(flags & (DYAD_TOK_ELIDED | DYAD_TOK_ABBR | DYAD_TOK_NUM)) &&
        ((f0 >= 'a' && f0 <= 'z') || f0 >= 0x80)) {
        t->stem = stem_is_fold(g->lang, fold, fl)
                      ? fold
                      : dyad__stem(g->doc->worker, g->a, g->lang, fold, fl);
        if (!t->stem)
            g->failed = true;
    } else {
        t->stem = fold;
    }
}

/* Does a French inverted pronoun start at s[i] (just after a hyphen)?
 * Returns its length, 0 if none. */
static size_t inversion_at(const seg *g, size_t i, size_t end)
{
    for (size_t k = 0; k < sizeof inversion_words / sizeof inversion_words[0]; k++) {
        size_t l = strlen(inversion_words[k]);
        if (i + l <= end && memcmp(g->s + i, inversion_words[k], l) == 0) {
            int c = class_at(g->s, i + l, end);
            if (!IS_ALNUM(c) && c != C_HYPHEN && c != C_APOS)
                return l;
        }
    }
    return 0;
}

/* NUM, or WORD with CAP/UPPER, for the word s[b..e). */
static unsigned word_flags(const char *s, size_t b, size_t e, size_t end, bool num)
{
    if (num)
        return DYAD_TOK_NUM;
    unsigned f = DYAD_TOK_WORD;
    size_t letters = 0, uppers = 0, k;
    for (size_t i = b; i < e; i += k) {
        int c = char_at(s, i, end, &k);
        if (c == C_UPPER || c == C_LOWER) {
            if (letters == 0 && c == C_UPPER)
                f |= DYAD_TOK_CAP;
            letters++;
            uppers += c == C_UPPER;
        }
    }
    if (letters >= 2 && uppers == letters)
        f |= DYAD_TOK_UPPER;
    return f;
}

/* End of the run of ASCII lowercase letters at s[r..end). Eight bytes at a
 * time: most words end within the first eight, and finding the end in one
 * step spares the mispredicted exit of a byte loop. */
static inline size_t lower_run(const char *s, size_t r, size_t end)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    while (r + 8 <= end) {
        uint64_t v;
        memcpy(&v, s + r, 8);
        uint64_t t = v & 0x7F7F7F7F7F7F7F7Full;
        /* high bit of each byte: t >= 'a' and not t >= '{' and v < 0x80 */
        uint64_t low = (t + 0x1F1F1F1F1F1F1F1Full) & ~(t + 0x0505050505050505ull) & ~v &
                       0x8080808080808080ull;
        uint64_t other = ~low & 0x8080808080808080ull;
        if (other) /* little-endian: the first byte is the lowest */
            return r + ((size_t)__builtin_ctzll(other) >> 3);
        r += 8;
    }
#endif
    while (r < end && (unsigned char)(s[r] - 'a') < 26)
        r++;
    return r;
}

/* Scans the word or number that starts at s[b] (an alphanumeric
 * character) and emits it, with any clitic split off. Returns where
 * scanning goes on. */
static size_t scan_word(seg *g, size_t b, size_t end)
{
    const char *s = g->s;
    size_t q = b, clen;
    int c = char_at(s, q, end, &clen);
    size_t first_len = clen;
    bool num = c == C_DIGIT;
    int first_letter = -1; /* class of the first letter */
    size_t letters = 0, uppers = 0;
    int prev = C_SPACE;
    for (;;) {
        if (c == C_LOWER && clen == 1) {
            /* the common case: a run of ASCII lowercase letters */
            size_t r = lower_run(s, q + 1, end);
            if (first_letter < 0)
                first_letter = C_LOWER;
            letters += r - q;
            prev = C_LOWER;
            q = r;
        } else if (IS_ALNUM(c)) {
            if (IS_LETTER(c) && c != C_LETTER) {
                if (first_letter < 0)
                    first_letter = c;
                letters++;
                uppers += c == C_UPPER;
            }
            prev = c;
            q += clen;
        } else if (c == C_HYPHEN && IS_ALNUM(prev) && IS_ALNUM(class_at(s, q + clen, end))) {
            if (g->lang != DYAD_LANG_EN && clen == 1 && letters > 0) {
                size_t il = inversion_at(g, q + 1, end);
                if (il) {
                    unsigned f = DYAD_TOK_WORD | (first_letter == C_UPPER ? DYAD_TOK_CAP : 0);
                    if (uppers == letters && letters >= 2)
                        f |= DYAD_TOK_UPPER;
                    emit(g, b, q, f, K_OTHER, AB_NONE);
                    emit(g, q, q + 1 + il, DYAD_TOK_WORD, K_OTHER, AB_NONE);
                    return q + 1 + il;
                }
            }
            prev = c;
            q += clen;
        } else if ((c == C_PERIOD || c == C_COMMA || (q < end && s[q] == '/')) && prev == C_DIGIT &&
                   q + 1 < end && s[q] != ';' && class_at(s, q + 1, end) == C_DIGIT) {
            prev = c;
            q += 1; /* 3.5 1,5 10.000 29/11/2024 06:59 */
        } else if (c == C_APOS && IS_LETTER(prev)) {
            size_t nx = q + clen;
            int nc = class_at(s, nx, end);
            if (g->lang != DYAD_LANG_EN && !num && IS_ALNUM(nc) && is_elision(s + b, q - b)) {
                unsigned f = DYAD_TOK_WORD | DYAD_TOK_ELIDED |
                             (first_letter == C_UPPER ? DYAD_TOK_CAP : 0);
                emit(g, b, nx, f, K_OTHER, AB_NONE);
                return nx;
            }
            if (!IS_LETTER(nc))
                break;
            if (g->lang != DYAD_LANG_FR) {
                /* English clitic: the letters after the apostrophe. */
                size_t r = nx;
                while (r < end && r - nx < 4 && IS_LETTER(ascii_class[(unsigned char)s[r] & 0x7F]) &&
                       (unsigned char)s[r] < 0x80)
                    r++;
                bool boundary = !IS_LETTER(class_at(s, r, end));
                size_t rl = r - nx;
                size_t wend = 0, cb = 0;
                if (boundary && (eq_lower(s + nx, rl, "s") || eq_lower(s + nx, rl, "re") ||
                                 eq_lower(s + nx, rl, "ve") || eq_lower(s + nx, rl, "ll") ||
                                 eq_lower(s + nx, rl, "d") || eq_lower(s + nx, rl, "m"))) {
                    wend = q;
                    cb = q;
                } else if (boundary && eq_lower(s + nx, rl, "t") && q - b >= 2 &&
                           (s[q - 1] == 'n' || s[q - 1] == 'N')) {
                    wend = q - 1; /* don't -> do n't */
                    cb = q - 1;
                }
                if (cb) {
                    emit(g, b, wend, word_flags(s, b, wend, end, num), K_OTHER, AB_NONE);
                    emit(g, cb, r, DYAD_TOK_WORD, K_OTHER, AB_NONE);
                    return r;
                }
            }
            prev = C_LOWER;
            q = nx; /* aujourd'hui, O'Brien */
        } else {
            break;
        }
        if (q >= end)
            break;
        c = char_at(s, q, end, &clen);
    }

    unsigned f = num ? DYAD_TOK_NUM : DYAD_TOK_WORD;
    if (!num && first_letter == C_UPPER)
        f |= DYAD_TOK_CAP;
    if (!num && letters >= 2 && uppers == letters)
        f |= DYAD_TOK_UPPER;

    /* An abbreviation keeps its period. */
    if (!num && q < end && s[q] == '.') {
        size_t wl = q - b;
        int ab = AB_NONE;
        size_t e = q + 1;
        bool one_letter = letters == 1 && wl == first_len;
        if (wl == 1 && e + 1 < end && (unsigned char)s[e] < 0x80 &&
            IS_LETTER(ascii_class[(unsigned char)s[e]]) && s[e + 1] == '.') {
            /* U.S., U.N., e.g., a.m. */
            while (e + 1 < end && (unsigned char)s[e] < 0x80 &&
                   IS_LETTER(ascii_class[(unsigned char)s[e]]) && s[e + 1] == '.')
                e += 2;
            ab = (eq_lower(s + b, e - b, "e.g.") || eq_lower(s + b, e - b, "i.e.")) ? AB_NEVER
                                                                                  : AB_ACRO;
            if (letters == 1 && (f & DYAD_TOK_CAP)) {
                /* UPPER when every letter of the chain is a capital */
                bool all = true;
                for (size_t i = b; i < e; i += 2)
                    all = all && s[i] >= 'A' && s[i] <= 'Z';
                if (all)
                    f |= DYAD_TOK_UPPER;
            }
        } else if ((ab = abbr_kind(s + b, wl)) == AB_NUM) {
            size_t i = q + 1;
            while (i < end && s[i] == ' ')
                i++;
            ab = (i > q + 1 && i < end && class_at(s, i, end) == C_DIGIT) ? AB_NEVER : AB_NONE;
        } else if (ab == AB_NONE && one_letter && first_letter == C_UPPER) {
            ab = AB_NEVER; /* an initial: "John F. Kennedy", "M. Macron" */
        }
        if (ab != AB_NONE) {
            emit(g, b, e, f | DYAD_TOK_ABBR, K_OTHER, ab);
            return e;
        }
    }
    emit(g, b, q, f, K_OTHER, AB_NONE);
    return q;
}

/* Is the quote character at s[p..p+len) closing? Glued to the word before
 * it and not to the one after: closing; the reverse: opening; otherwise
 * the running count of double quotes decides. */
static bool quote_closes(const seg *g, size_t p, size_t len, size_t pstart, size_t end,
                         bool inside)
{
    bool left = p > pstart && class_at(g->s, p - 1, end) != C_SPACE &&
                g->s[p - 1] != '(' && g->s[p - 1] != '[';
    int rc = class_at(g->s, p + len, end);
    bool right = p + len < end && rc != C_SPACE && rc != C_COMMA && rc != C_PERIOD &&
                 rc != C_EXCL && rc != C_CLOSEBR && rc != C_ELLIPSIS;
    if (left && !right)
        return true;
    if (right && !left)
        return false;
    return inside;
}

static void segment_para(seg *g, size_t ps, size_t pe)
{
    const char *s = g->s;
    size_t p = ps;
    bool in_dq = false;
    g->pending = P_NONE;
    while (p < pe) {
        unsigned char b0 = (unsigned char)s[p];
        if (b0 == ' ') { /* most common */
            p++;
            continue;
        }
        size_t len;
        int c = char_at(s, p, pe, &len);
        if (c == C_SPACE) {
            p += len;
            continue;
        }
        if (IS_ALNUM(c)) {
            p = scan_word(g, p, pe);
            continue;
        }
        size_t e = p + len;
        unsigned f = DYAD_TOK_PUNCT;
        int kind = K_OTHER;
        switch (c) {
        case C_PERIOD:
            while (e < pe && s[e] == '.')
                e++;
            kind = K_TERM;
            break;
        case C_EXCL:
            while (e < pe && (s[e] == '!' || s[e] == '?'))
                e++;
            kind = K_TERM;
            break;
        case C_ELLIPSIS:
            kind = K_TERM;
            break;
        case C_PUNCT:
            if (s[p] == '`') {
                while (e < pe && s[e] == '`')
                    e++;
                f |= DYAD_TOK_QUOTE;
                kind = K_OPEN;
            }
            break;
        case C_HYPHEN:
            while (e < pe && s[e] == '-')
                e++;
            break;
        case C_COMMA:
            kind = K_COMMA;
            break;
        case C_CLOSEBR:
            kind = K_CLOSE;
            break;
        case C_OPENQ:
            f |= DYAD_TOK_QUOTE;
            kind = K_OPEN;
            break;
        case C_CLOSEQ:
            f |= DYAD_TOK_QUOTE;
            kind = K_CLOSE;
            break;
        case C_DQUOTE: {
            bool closes = quote_closes(g, p, len, ps, pe, in_dq);
            in_dq = !closes;
            f |= DYAD_TOK_QUOTE;
            kind = closes ? K_CLOSE : K_OPEN;
            break;
        }
        case C_APOS:
            if (p + 1 < pe && s[p] == '\'' && s[p + 1] == '\'') {
                e = p + 2; /* '' closing an ``old-style'' quotation */
                f |= DYAD_TOK_QUOTE;
                kind = K_CLOSE;
                break;
            }
            if (g->lang != DYAD_LANG_FR && p > ps && (s[p - 1] == 's' || s[p - 1] == 'S') &&
                !IS_ALNUM(class_at(s, e, pe))) {
                f = DYAD_TOK_WORD; /* countries' */
                break;
            }
            f |= DYAD_TOK_QUOTE;
            kind = quote_closes(g, p, len, ps, pe, false) ? K_CLOSE : K_OPEN;
            break;
        default:
            break;
        }
        emit(g, p, e, f, kind, AB_NONE);
        p = e;
    }
    close_sentence(g);
}

/* First byte of norm whose origin in text is at or after `off`. */
static size_t norm_offset(const seg *g, uint32_t off)
{
    if (!g->map)
        return off < g->n ? off : g->n;
    size_t lo = 0, hi = g->n; /* map has n + 1 entries */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (g->map[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

dyad_status dyad__segment(dyad_doc *doc)
{
    seg g;
    memset(&g, 0, sizeof g);
    g.doc = doc;
    g.a = &doc->arena;
    g.s = doc->norm ? doc->norm : doc->text;
    g.n = doc->norm ? doc->norm_len : doc->text_len;
    g.map = doc->norm ? doc->norm_map : NULL;
    g.lang = doc->lang;
    doc->sents = NULL;
    doc->toks = NULL;
    doc->n_sents = doc->n_toks = 0;
    if (!g.s)
        return DYAD_OK;
    for (size_t i = 0; i < doc->n_paras && !g.failed; i++) {
        const dyad_para *pa = &doc->paras[i];
        if (pa->repeated || pa->end <= pa->start)
            continue;
        g.para = (uint32_t)i;
        size_t ps = norm_offset(&g, pa->start), pe = norm_offset(&g, pa->end);
        if (pe > ps)
            segment_para(&g, ps, pe);
    }
    if (g.failed || g.a->failed)
        return DYAD_ENOMEM;
    doc->sents = g.sents;
    doc->n_sents = g.nsent;
    doc->toks = g.toks;
    doc->n_toks = g.ntok;
    return DYAD_OK;
}

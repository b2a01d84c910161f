/*
 * lang.c -- French, English or other.
 *
 * Two stages. A stopword count over the first words settles almost every
 * news text at once (French and English function words barely overlap), at
 * a cost of a few hundred nanoseconds. Only when it is undecided (short
 * texts, few function words, a third language) does libexttextcat's n-gram
 * classifier run, with the fingerprints of /usr/share/libexttextcat: it is
 * accurate on longer text but costs about a millisecond with all of its
 * languages loaded.
 */
#include "ctx.h"

#include <string.h>
#include <textcat.h>

#define TEXTCAT_DIR "/usr/share/libexttextcat/"
#define SAMPLE_BYTES 2000 /* enough words to decide; keeps long articles cheap */

/* Stands in w->textcat for "could not be opened": do not retry per doc. */
static const char textcat_missing = 0;

/* Lengths are compiled in: this runs on every word of the sample, and a
 * strlen per list entry was most of the cost. */
typedef struct {
    const char *w;
    size_t n;
} word_entry;
#define W(s) {s, sizeof s - 1}

/* Words frequent in one language and rare in the other (folded, ASCII).
 * "a", "on", "en", "as" and "me" are left out: both languages use them. */
static const word_entry fr_words[] = {
    W("le"), W("la"), W("les"), W("des"), W("du"), W("de"), W("et"), W("est"), W("une"),
    W("un"), W("dans"), W("pour"), W("que"), W("qui"), W("pas"), W("sur"), W("au"), W("aux"),
    W("avec"), W("par"), W("ont"), W("sont"), W("il"), W("elle"), W("ce"), W("cette"), W("ses"),
    W("son"), W("leur"), W("plus"), W("mais"), W("ete"), W("selon"), W("apres"), W("ou"),
    W("ils"), W("nous"), W("vous"), W("se"), W("sa"), W("lors"), W("contre"), W("entre"),
    W("depuis"), W("deux"), W("tres"), W("aussi"), W("avait"), W("etait"), W("sont"),
};
static const word_entry en_words[] = {
    W("the"), W("of"), W("and"), W("to"), W("in"), W("is"), W("was"), W("that"), W("for"),
    W("with"), W("by"), W("at"), W("from"), W("has"), W("have"), W("are"), W("were"), W("it"),
    W("his"), W("her"), W("be"), W("said"), W("this"), W("which"), W("an"), W("not"), W("but"),
    W("they"), W("will"), W("their"), W("been"), W("had"), W("after"), W("would"), W("who"),
    W("its"), W("about"), W("more"), W("than"), W("over"), W("into"), W("also"), W("we"),
    W("he"), W("she"), W("there"), W("against"), W("two"), W("or"), W("says"),
};

/* Function words of the neighbouring languages news feeds mix in (Spanish,
 * Italian, Portuguese, German, Dutch) that French and English lack: when
 * they are frequent the text goes to textcat. */
static const word_entry other_words[] = {
    W("el"), W("los"), W("las"), W("del"), W("y"), W("por"), W("una"), W("con"), W("para"),
    W("es"), W("di"), W("che"), W("della"), W("per"), W("nel"), W("gli"), W("sono"), W("della"),
    W("ha"), W("os"), W("em"), W("do"), W("da"), W("com"), W("nao"), W("der"), W("die"),
    W("und"), W("das"), W("ist"), W("nicht"), W("mit"), W("den"), W("von"), W("zu"), W("het"),
    W("van"), W("een"), W("zijn"), W("voor"), W("niet"), W("met"), W("heeft"), W("ook"),
    W("hat"), W("ein"), W("eine"), W("auf"), W("dem"), W("im"),
};

static bool in_list(const word_entry *list, size_t n, const char *w, size_t len)
{
    for (size_t i = 0; i < n; i++)
        if (list[i].n == len && list[i].w[0] == w[0] && memcmp(list[i].w, w, len) == 0)
            return true;
    return false;
}

typedef struct {
    int fr, en, other, words;
    bool accents; /* é è à ç ê ô î û ù: French letters outside ASCII */
} lang_counts;

static void count_words(const char *text, size_t len, lang_counts *c)
{
    memset(c, 0, sizeof *c);
    if (len > SAMPLE_BYTES)
        len = SAMPLE_BYTES;
    const unsigned char *u = (const unsigned char *)text;
    size_t i = 0;
    while (i < len) {
        if (u[i] == 0xC3 && i + 1 < len) {
            unsigned b = u[i + 1];
            if (b == 0xA9 || b == 0xA8 || b == 0xA0 || b == 0xA7 || b == 0xAA || b == 0xB4 ||
                b == 0xAE || b == 0xBB || b == 0xB9)
                c->accents = true;
        }
        if (!((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z')) {
            i++;
            continue;
        }
        char w[16] = {0};
        size_t n = 0;
        while (i < len && (((u[i] | 0x20) >= 'a' && (u[i] | 0x20) <= 'z') || u[i] >= 0x80)) {
            if (n < sizeof w)
                w[n] = (char)(u[i] | 0x20);
            n++;
            i++;
        }
        c->words++;
        /* French elision: l' d' qu' n' s' j' c' (straight or curly) */
        bool apos = i < len && (u[i] == '\'' ||
                                (i + 2 < len && u[i] == 0xE2 && u[i + 1] == 0x80 &&
                                 u[i + 2] == 0x99));
        if (apos && (n == 1 || (n == 2 && w[0] == 'q' && w[1] == 'u')) &&
            strchr("ldnsjcq", w[0])) {
            c->fr++;
            continue;
        }
        if (n > sizeof w)
            continue;
        /* enough evidence: stop (the cost is per word) */
        if (c->fr + c->en + c->other >= 24)
            break;
        if (in_list(fr_words, sizeof fr_words / sizeof fr_words[0], w, n))
            c->fr++;
        else if (in_list(en_words, sizeof en_words / sizeof en_words[0], w, n))
            c->en++;
        else if (in_list(other_words, sizeof other_words / sizeof other_words[0], w, n))
            c->other++;
    }
}

/* libexttextcat's verdict, or -1 when it has none. */
static int textcat_lang(const dyad_ctx *ctx, dyad_worker *w, const char *text, size_t len)
{
    if (!w)
        return -1;
    if (!w->textcat) {
        const char *conf = ctx && ctx->textcat_conf ? ctx->textcat_conf : TEXTCAT_DIR "fpdb.conf";
        void *h = special_textcat_Init(conf, TEXTCAT_DIR);
        w->textcat = h ? h : (void *)&textcat_missing;
    }
    if (w->textcat == &textcat_missing)
        return -1;
    if (len > SAMPLE_BYTES) { /* cut at a character boundary */
        len = SAMPLE_BYTES;
        while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
            len--;
    }
    const char *r = textcat_Classify(w->textcat, text, len);
    if (!r || r[0] != '[')
        return -1; /* "SHORT" or "UNKNOWN" */
    if (strncmp(r, "[fr-", 4) == 0)
        return DYAD_LANG_FR;
    if (strncmp(r, "[en-", 4) == 0)
        return DYAD_LANG_EN;
    return DYAD_LANG_OTHER;
}

dyad_lang dyad__identify_lang(const dyad_ctx *ctx, dyad_worker *w, const char *text, size_t len)
{
    lang_counts c;
    count_words(text, len, &c);
    int total = c.fr + c.en;
    /* A clear majority of function words decides, if they are frequent
     * enough to be the text's own language (a French text quoting an
     * English title still has mostly French function words). */
    if (total >= 3 && total * 10 >= c.words && c.other * 3 < total) {
        if (c.fr >= 2 * c.en + 1)
            return DYAD_LANG_FR;
        if (c.en >= 2 * c.fr + 1)
            return DYAD_LANG_EN;
    }
    int t = textcat_lang(ctx, w, text, len);
    if (t == DYAD_LANG_FR || t == DYAD_LANG_EN)
        return (dyad_lang)t;
    if (t == DYAD_LANG_OTHER && c.words >= 8 && (total * 10 < c.words || c.other * 3 >= total))
        return DYAD_LANG_OTHER; /* long enough, and few French or English words */
    /* No Latin-script word at all in a sample of another script (Arabic,
     * Chinese, Cyrillic): neither French nor English. */
    if (c.words == 0) {
        size_t high = 0, n = len < SAMPLE_BYTES ? len : SAMPLE_BYTES;
        for (size_t i = 0; i < n; i++)
            high += (unsigned char)text[i] >= 0x80;
        if (high >= 8)
            return DYAD_LANG_OTHER;
    }
    /* Short or undecided: the stopwords, then the accents. */
    if (c.fr != c.en)
        return c.fr > c.en ? DYAD_LANG_FR : DYAD_LANG_EN;
    return c.accents ? DYAD_LANG_FR : DYAD_LANG_EN;
}

const char *dyad__lang_name(dyad_lang l)
{
    return l == DYAD_LANG_FR ? "fr" : l == DYAD_LANG_EN ? "en" : "other";
}

void dyad__lang_release(dyad_worker *w)
{
    if (w && w->textcat && w->textcat != &textcat_missing)
        textcat_Done(w->textcat);
    if (w)
        w->textcat = NULL;
}

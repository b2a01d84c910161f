/* test_segment.c -- sentences and tokens (segment.c) on hand-built docs. */
#include "check.h"
#include "ctx.h"

#include <time.h>

static dyad_ctx ctx;
static dyad_worker *worker;

/* A doc over `text` with one paragraph per line; when `decompose` is set,
 * every "e\xcc\x81" of text is composed into "é" in norm, with its map. */
static dyad_doc *make_doc(const char *text, size_t len, dyad_lang lang, bool decompose)
{
    dyad_doc *d = calloc(1, sizeof *d);
    dyad__arena_init(&d->arena, &ctx.mem);
    d->ctx = &ctx;
    d->worker = worker;
    d->lang = lang;
    d->text = text;
    d->text_len = len;
    d->norm = text;
    d->norm_len = len;
    if (decompose) {
        char *n = dyad__arena_alloc(&d->arena, len + 1);
        uint32_t *m = dyad__arena_alloc(&d->arena, (len + 1) * sizeof *m);
        size_t j = 0;
        for (size_t i = 0; i < len;) {
            if (i + 3 <= len && memcmp(text + i, "e\xcc\x81", 3) == 0) {
                n[j] = '\xc3', m[j++] = (uint32_t)i;
                n[j] = '\xa9', m[j++] = (uint32_t)i;
                i += 3;
            } else {
                n[j] = text[i], m[j++] = (uint32_t)i;
                i++;
            }
        }
        m[j] = (uint32_t)len;
        n[j] = '\0';
        d->norm = n;
        d->norm_len = j;
        d->norm_map = m;
    }
    size_t np = 1;
    for (size_t i = 0; i < len; i++)
        np += text[i] == '\n';
    d->paras = dyad__arena_calloc(&d->arena, np, sizeof *d->paras);
    size_t s = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || text[i] == '\n') {
            d->paras[d->n_paras].start = (uint32_t)s;
            d->paras[d->n_paras].end = (uint32_t)i;
            d->n_paras++;
            s = i + 1;
        }
    }
    return d;
}

static void free_doc(dyad_doc *d)
{
    dyad__arena_free(&d->arena);
    free(d);
}

/* The doc's tokens as text, joined with '|'; sentences separated by " # ". */
static char *dump(const dyad_doc *d)
{
    static char buf[8192];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t si = 0; si < d->n_sents; si++) {
        const dyad_sentence *st = &d->sents[si];
        if (si)
            n += (size_t)snprintf(buf + n, sizeof buf - n, " # ");
        for (uint32_t t = st->tok_begin; t < st->tok_end && n < sizeof buf - 200; t++) {
            const dyad_token *k = &d->toks[t];
            n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%.*s", t > st->tok_begin ? "|" : "",
                                  (int)(k->end - k->start), d->text + k->start);
        }
    }
    return buf;
}

static char *seg_dump(const char *text, dyad_lang lang)
{
    dyad_doc *d = make_doc(text, strlen(text), lang, false);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    char *r = dump(d);
    free_doc(d);
    return r;
}

static const dyad_token *find(const dyad_doc *d, const char *surface)
{
    size_t l = strlen(surface);
    for (size_t i = 0; i < d->n_toks; i++)
        if (d->toks[i].end - d->toks[i].start == l && memcmp(d->text + d->toks[i].start, surface, l) == 0)
            return &d->toks[i];
    return NULL;
}

#define FR DYAD_LANG_FR
#define EN DYAD_LANG_EN

static void test_abbreviations(void)
{
    CHECK_EQ_STR(seg_dump("M. Macron a reçu Mme Dupont. Le Gén. Martin et le Dr. Roux sont venus.", FR),
                 "M.|Macron|a|reçu|Mme|Dupont|. # Le|Gén.|Martin|et|le|Dr.|Roux|sont|venus|.");
    CHECK_EQ_STR(seg_dump("Mr. Smith met Gov. Lee on Jan. 5 in the U.S. capital. He left.", EN),
                 "Mr.|Smith|met|Gov.|Lee|on|Jan.|5|in|the|U.S.|capital|. # He|left|.");
    CHECK_EQ_STR(seg_dump("John F. Kennedy and G. W. Bush spoke. Then they left.", EN),
                 "John|F.|Kennedy|and|G.|W.|Bush|spoke|. # Then|they|left|.");
    CHECK_EQ_STR(seg_dump("Troops left the U.S. The talks ended.", EN),
                 "Troops|left|the|U.S. # The|talks|ended|.");
    CHECK_EQ_STR(seg_dump("Apples, pears, etc. are sold. They ate fruit, etc. Then rain.", EN),
                 "Apples|,|pears|,|etc.|are|sold|. # They|ate|fruit|,|etc. # Then|rain|.");
    CHECK_EQ_STR(seg_dump("Resolution No. 5 passed. He said no. They left.", EN),
                 "Resolution|No.|5|passed|. # He|said|no|. # They|left|.");
    CHECK_EQ_STR(seg_dump("Le 3 janv. dernier, MM. Durand et Roux, i.e. les chefs, ont parlé.", FR),
                 "Le|3|janv.|dernier|,|MM.|Durand|et|Roux|,|i.e.|les|chefs|,|ont|parlé|.");
    dyad_doc *d = make_doc("Le U.S. Army et M. Roux.", strlen("Le U.S. Army et M. Roux."), FR, false);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    const dyad_token *t = find(d, "U.S.");
    CHECK(t && (t->flags & DYAD_TOK_ABBR) && (t->flags & DYAD_TOK_UPPER) && (t->flags & DYAD_TOK_CAP));
    CHECK(t && strcmp(t->fold, "u.s.") == 0 && strcmp(t->stem, "u.s.") == 0);
    t = find(d, "M.");
    CHECK(t && (t->flags & DYAD_TOK_ABBR) && !(t->flags & DYAD_TOK_UPPER));
    free_doc(d);
}

static void test_sentences(void)
{
    CHECK_EQ_STR(seg_dump("« Nous partirons demain ! », a-t-il déclaré. Puis il est parti.", FR),
                 "«|Nous|partirons|demain|!|»|,|a|-t-il|déclaré|. # Puis|il|est|parti|.");
    CHECK_EQ_STR(seg_dump("« C'est fini. » Le ministre est parti.", FR),
                 "«|C'|est|fini|.|» # Le|ministre|est|parti|.");
    CHECK_EQ_STR(seg_dump("He said: \"We will win.\" Then he left.", EN),
                 "He|said|:|\"|We|will|win|.|\" # Then|he|left|.");
    CHECK_EQ_STR(seg_dump("Who won? Nobody knows... really. The end!", EN),
                 "Who|won|? # Nobody|knows|...|really|. # The|end|!");
    CHECK_EQ_STR(seg_dump("The rate rose 3.5 percent; it fell (again.) Prices rose.", EN),
                 "The|rate|rose|3.5|percent|;|it|fell|(|again|.|) # Prices|rose|.");
    CHECK_EQ_STR(seg_dump("Attente… Puis rien.", FR), "Attente|… # Puis|rien|.");
    /* A paragraph ends a sentence; a title without a period is one. */
    dyad_doc *d = make_doc("Un titre sans point\nLe texte. Et la suite\n\nFin", strlen("Un titre sans point\nLe texte. Et la suite\n\nFin"), FR, false);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    CHECK_EQ_STR(dump(d), "Un|titre|sans|point # Le|texte|. # Et|la|suite # Fin");
    CHECK_EQ_INT(d->n_sents, 4);
    CHECK_EQ_INT(d->sents[0].para, 0);
    CHECK_EQ_INT(d->sents[2].para, 1);
    CHECK_EQ_INT(d->sents[3].para, 3);
    CHECK_EQ_INT(d->sents[1].start, 20);
    CHECK_EQ_INT(d->sents[1].end, 29);
    for (size_t i = 0; i < d->n_toks; i++) {
        bool first = false;
        for (size_t s = 0; s < d->n_sents; s++)
            first = first || d->sents[s].tok_begin == i;
        CHECK_EQ_INT((d->toks[i].flags & DYAD_TOK_SENT_START) != 0, first);
    }
    free_doc(d);
    /* Repeated paragraphs are skipped. */
    d = make_doc("Bonjour.\nBonjour.", strlen("Bonjour.\nBonjour."), FR, false);
    d->paras[1].repeated = true;
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    CHECK_EQ_INT(d->n_sents, 1);
    CHECK_EQ_INT(d->n_toks, 2);
    free_doc(d);
}

static void test_words(void)
{
    CHECK_EQ_STR(seg_dump("Les militaro-politiques nord-coréens et les États-Unis -Pyongyang.", FR),
                 "Les|militaro-politiques|nord-coréens|et|les|États-Unis|-|Pyongyang|.");
    CHECK_EQ_STR(seg_dump("Jean-Yves a-t-il vu le F-16 ? Dit-elle, rendez-vous, est-ce vrai.", FR),
                 "Jean-Yves|a|-t-il|vu|le|F-16|? # Dit|-elle|,|rendez-vous|,|est|-ce|vrai|.");
    CHECK_EQ_STR(seg_dump("L'aéroport d'Orly, qu'il jusqu’à aujourd'hui lorsqu’elle s'en presqu'île.", FR),
                 "L'|aéroport|d'|Orly|,|qu'|il|jusqu’|à|aujourd'hui|lorsqu’|elle|s'|en|presqu'île|.");
    CHECK_EQ_STR(seg_dump("Lebanon's and Iraq’s leaders don't know the countries' O'Brien plans; I'm sure they'll can't.", EN),
                 "Lebanon|'s|and|Iraq|’s|leaders|do|n't|know|the|countries|'|O'Brien|plans|;|I|'m|sure|they|'ll|ca|n't|.");
    CHECK_EQ_STR(seg_dump("« Oui » “yes” ‘no’ \"why\" - — –", EN),
                 "«|Oui|»|“|yes|”|‘|no|’|\"|why|\"|-|—|–");

    dyad_doc *d = make_doc("L'armée d'Israël « frappe ». Lebanon’s", strlen("L'armée d'Israël « frappe ». Lebanon’s"), FR, false);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    const dyad_token *t = find(d, "L'");
    CHECK(t && (t->flags & DYAD_TOK_ELIDED) && (t->flags & DYAD_TOK_CAP) && (t->flags & DYAD_TOK_WORD));
    CHECK(t && strcmp(t->fold, "l'") == 0 && strcmp(t->stem, "l'") == 0);
    t = find(d, "«");
    CHECK(t && (t->flags & DYAD_TOK_QUOTE) && (t->flags & DYAD_TOK_PUNCT));
    t = find(d, "»");
    CHECK(t && (t->flags & DYAD_TOK_QUOTE));
    t = find(d, ".");
    CHECK(t && t->flags == DYAD_TOK_PUNCT);
    free_doc(d);

    d = make_doc("Lebanon’s UN envoy NATO", strlen("Lebanon’s UN envoy NATO"), EN, false);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    t = find(d, "’s");
    CHECK(t && (t->flags & DYAD_TOK_WORD) && !(t->flags & DYAD_TOK_QUOTE));
    t = find(d, "UN");
    CHECK(t && (t->flags & DYAD_TOK_UPPER) && (t->flags & DYAD_TOK_CAP));
    t = find(d, "envoy");
    CHECK(t && t->flags == (DYAD_TOK_WORD | 0));
    free_doc(d);
}

static void test_numbers(void)
{
    CHECK_EQ_STR(seg_dump("Le 29/11/2024 à 06h59, 1,5 million et 10.000 soldats, 95% soit 3.5 le 1er mai.", FR),
                 "Le|29/11/2024|à|06h59|,|1,5|million|et|10.000|soldats|,|95|%|soit|3.5|le|1er|mai|.");
    CHECK_EQ_STR(seg_dump("It cost $8 billion, or 10,000 at 06:59 in 2024. Then 5 died.", EN),
                 "It|cost|$|8|billion|,|or|10,000|at|06:59|in|2024|. # Then|5|died|.");
    dyad_doc *d = make_doc("Il y a 1,5 million.", strlen("Il y a 1,5 million."), FR, false);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    const dyad_token *t = find(d, "1,5");
    CHECK(t && t->flags == DYAD_TOK_NUM);
    CHECK(t && strcmp(t->stem, "1,5") == 0);
    free_doc(d);
}

static void test_offsets_norm_map(void)
{
    /* "Le pre\xcc\x81sident" with a decomposed é: norm differs from text. */
    const char *text = "Le pre\xcc\x81sident l'E\xcc\x81tat. Fin\nE\xcc\x81te\xcc\x81.";
    size_t len = strlen(text);
    dyad_doc *d = make_doc(text, len, FR, true);
    CHECK(d->norm_map != NULL);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    CHECK_EQ_INT(d->n_toks, 8);
    CHECK_EQ_STR(dump(d), "Le|pre\xcc\x81sident|l'|E\xcc\x81tat|. # Fin # E\xcc\x81te\xcc\x81|.");
    const dyad_token *t = &d->toks[1];
    CHECK_EQ_INT(t->start, 3);
    CHECK_EQ_INT(t->end, 14);
    CHECK_EQ_INT(d->toks[3].start, 17);
    CHECK_EQ_INT(d->toks[3].end, 23);
    CHECK_EQ_INT(d->sents[2].start, 29);
    CHECK_EQ_INT(d->sents[2].end, (long long)len);
    /* Every token's text span starts and ends on the original's bytes. */
    for (size_t i = 0; i < d->n_toks; i++)
        CHECK(d->toks[i].start < d->toks[i].end && d->toks[i].end <= len);
    char probe[8];
    if (dyad__fold("\xc3\x89", 2, probe, sizeof probe) == 1) { /* folding implemented */
        CHECK_EQ_STR(d->toks[1].fold, "president");
        CHECK_EQ_STR(d->toks[3].fold, "etat");
        CHECK_EQ_STR(d->toks[3].stem, "etat");
        CHECK_EQ_STR(d->toks[1].stem, "president");
    } else {
        printf("SKIP folding checks: dyad__fold is still a stub\n");
    }
    free_doc(d);
}

static void test_fold_stem(void)
{
    const char *text = "Les Soldats ont attaqué ATTACKED.";
    dyad_doc *d = make_doc(text, strlen(text), FR, false);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    CHECK_EQ_STR(d->toks[1].fold, "soldats");
    CHECK_EQ_INT(d->toks[1].fold_len, 7);
    CHECK_EQ_STR(d->toks[1].stem, "soldat");
    CHECK_EQ_STR(d->toks[4].fold, "attacked");
    CHECK(d->toks[1].flags == (DYAD_TOK_WORD | DYAD_TOK_CAP));
    CHECK(d->toks[4].flags == (DYAD_TOK_WORD | DYAD_TOK_CAP | DYAD_TOK_UPPER));
    CHECK(d->toks[0].flags == (DYAD_TOK_WORD | DYAD_TOK_CAP | DYAD_TOK_SENT_START));
    free_doc(d);
    text = "The soldiers attacked and were meeting.";
    d = make_doc(text, strlen(text), EN, false);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    CHECK_EQ_STR(d->toks[1].stem, "soldier");
    CHECK_EQ_STR(d->toks[2].stem, "attack");
    CHECK_EQ_STR(d->toks[5].stem, "meet");
    free_doc(d);
}

static void test_pathological(void)
{
    /* 1 MB sentence without punctuation: linear time, sentences capped. */
    size_t n = 1u << 20;
    char *big = malloc(n + 1);
    for (size_t i = 0; i < n; i++)
        big[i] = (i % 7 == 6) ? ' ' : (char)('a' + i % 5);
    big[n] = '\0';
    clock_t c0 = clock();
    dyad_doc *d = make_doc(big, n, EN, false);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    CHECK(secs < 30.0); /* only catches a quadratic blow-up; speed is benchmarked in bench/ */
    CHECK(d->n_toks > 100000);
    CHECK(d->n_sents >= d->n_toks / 1000);
    CHECK_EQ_INT(d->sents[d->n_sents - 1].tok_end, d->n_toks);
    free_doc(d);
    /* One 1 MB token, quotes only, a lone combining mark, dots only. */
    memset(big, 'x', n);
    d = make_doc(big, n, FR, false);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    CHECK_EQ_INT(d->n_toks, 1);
    CHECK_EQ_INT(d->toks[0].end, n);
    CHECK_EQ_INT(d->toks[0].fold_len, 0xFFFF);
    free_doc(d);
    for (size_t i = 0; i < n; i++)
        big[i] = "\"'.-"[i % 4];
    d = make_doc(big, n, EN, false);
    CHECK_EQ_INT(dyad__segment(d), DYAD_OK);
    CHECK(d->n_toks > 0);
    free_doc(d);
    free(big);
    CHECK_EQ_STR(seg_dump("\xcc\x81 a \xef\xbf\xbd '", FR), "\xcc\x81|a|\xef\xbf\xbd|'");
    CHECK_EQ_STR(seg_dump("", FR), "");
    CHECK_EQ_STR(seg_dump("   \n  ", FR), "");
}

int main(void)
{
    dyad__mem_init(&ctx.mem, NULL);
    worker = calloc(1, sizeof *worker);
    worker->ctx = &ctx;
    RUN(test_abbreviations);
    RUN(test_sentences);
    RUN(test_words);
    RUN(test_numbers);
    RUN(test_offsets_norm_map);
    RUN(test_fold_stem);
    RUN(test_pathological);
    dyad__worker_release(worker);
    free(worker);
    return CHECK_DONE();
}

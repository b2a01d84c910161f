/* test_lexicon.c -- the dictionary loader (src/lexicon.c) and the actor data. */
#include "check.h"
#include "lexicon.h"

#include <stdint.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A hand-made context on the heap allocator, as dyad_ctx_open makes one. */
static dyad_status open_lex(dyad_ctx *ctx, const char *dir, dyad_error *err)
{
    memset(ctx, 0, sizeof *ctx);
    dyad__mem_init(&ctx->mem, NULL);
    ctx->data_dir = (char *)dir;
    return dyad__lexicon_load(ctx, err);
}

/* Tokens from a sentence: words split on spaces, elisions split off like the
 * segmenter does, each folded with the library's fold and given the CAP and
 * UPPER flags of its written form. */
typedef struct {
    dyad_token t[64];
    char folds[64][64];
    size_t n;
} toks;

static void tokenize(toks *tk, const char *s)
{
    tk->n = 0;
    while (*s && tk->n < 64) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        /* elision: up to and including the first apostrophe of a short word */
        const char *ap = NULL;
        for (const char *p = s; p < e && p - s <= 6; p++)
            if (*p == '\'') {
                ap = p;
                break;
            }
        if (ap && ap + 1 < e && ap - s <= 6)
            e = ap + 1;
        dyad_token *t = &tk->t[tk->n];
        memset(t, 0, sizeof *t);
        t->fold_len = (uint16_t)dyad__fold(s, (size_t)(e - s), tk->folds[tk->n], 64);
        t->fold = tk->folds[tk->n];
        t->flags = DYAD_TOK_WORD;
        size_t letters = 0, upper = 0;
        for (const char *p = s; p < e; p++) {
            unsigned char c = (unsigned char)*p;
            bool up = (c >= 'A' && c <= 'Z') || (c == 0xC3 && (unsigned char)p[1] >= 0x80 &&
                                                  (unsigned char)p[1] <= 0x9E);
            bool low = (c >= 'a' && c <= 'z') || (c == 0xC3 && (unsigned char)p[1] >= 0x9F);
            if (c == 0xC3)
                p++;
            if (up || low) {
                if (letters == 0 && up)
                    t->flags |= DYAD_TOK_CAP;
                letters++;
                upper += up;
            }
        }
        if (letters >= 2 && upper == letters)
            t->flags |= DYAD_TOK_UPPER;
        tk->n++;
        s = e;
    }
}

/* The code of the longest match at token i of `text` (or NULL). */
static const char *code_at(const dyad_lexicon *lex, const char *text, size_t i, dyad_lang lang,
                           int *kind, int *n_words)
{
    toks tk;
    tokenize(&tk, text);
    const dyad_lex_entry *out[16];
    size_t n = dyad__lex_match(lex, tk.t, tk.n, i, lang, out, 16);
    if (!n)
        return NULL;
    if (kind)
        *kind = out[0]->kind;
    if (n_words)
        *n_words = out[0]->n_words;
    return out[0]->code;
}

/* The code of the first match of the given kind at token i. */
static const char *kind_at(const dyad_lexicon *lex, const char *text, size_t i, dyad_lang lang,
                           int kind)
{
    toks tk;
    tokenize(&tk, text);
    const dyad_lex_entry *out[16];
    size_t n = dyad__lex_match(lex, tk.t, tk.n, i, lang, out, 16);
    for (size_t k = 0; k < n; k++)
        if (out[k]->kind == kind)
            return out[k]->code;
    return NULL;
}

static void test_real_data(void)
{
    dyad_ctx ctx;
    dyad_error err = {0};
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    dyad_status st = open_lex(&ctx, check_data_dir(), &err);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    if (st != DYAD_OK)
        fprintf(stderr, "load: %s:%ld: %s\n", err.file, err.line, err.msg);
    CHECK_EQ_INT(st, DYAD_OK);
    if (st != DYAD_OK)
        return;
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    printf("lexicon: %zu actor forms, %zu agent forms, %zu people, %.1f ms\n",
           ctx.stats.actor_forms, ctx.stats.agent_forms, ctx.stats.people, ms);
    /* speed is a benchmark (bench/code.sh), not a test: printed above */
    CHECK(ctx.stats.actor_forms > 4000);
    const dyad_lexicon *lex = ctx.lex;
    int kind = 0, nw = 0;
    /* names, longest first */
    CHECK_EQ_STR(code_at(lex, "la Corée du Nord a tiré", 1, DYAD_LANG_FR, &kind, &nw), "PRK");
    CHECK_EQ_INT(nw, 3);
    CHECK_EQ_INT(kind, DYAD_LEX_NAME);
    CHECK_EQ_STR(code_at(lex, "la Corée a tiré", 1, DYAD_LANG_FR, NULL, NULL), "KOR");
    CHECK_EQ_STR(code_at(lex, "North Korea fired", 0, DYAD_LANG_EN, NULL, NULL), "PRK");
    CHECK_EQ_STR(code_at(lex, "la République démocratique du Congo", 1, DYAD_LANG_FR, NULL, &nw),
                 "COD");
    CHECK_EQ_INT(nw, 4);
    CHECK_EQ_STR(code_at(lex, "le Congo", 1, DYAD_LANG_FR, NULL, NULL), "COG");
    CHECK_EQ_STR(code_at(lex, "la RDC", 1, DYAD_LANG_FR, NULL, NULL), "COD");
    CHECK_EQ_STR(code_at(lex, "la Côte d'Ivoire", 1, DYAD_LANG_FR, NULL, &nw), "CIV");
    CHECK_EQ_INT(nw, 3); /* côte d' ivoire */
    CHECK_EQ_STR(code_at(lex, "Ivory Coast", 0, DYAD_LANG_EN, NULL, NULL), "CIV");
    CHECK_EQ_STR(code_at(lex, "les États-Unis", 1, DYAD_LANG_FR, NULL, NULL), "USA");
    CHECK_EQ_STR(code_at(lex, "le Niger", 1, DYAD_LANG_FR, NULL, NULL), "NER");
    CHECK_EQ_STR(code_at(lex, "le Nigeria", 1, DYAD_LANG_FR, NULL, NULL), "NGA");
    CHECK_EQ_STR(code_at(lex, "Britain", 0, DYAD_LANG_EN, NULL, NULL), "GBR");
    CHECK_EQ_STR(code_at(lex, "le Royaume-Uni", 1, DYAD_LANG_FR, NULL, NULL), "GBR");
    /* case rules: capitals */
    CHECK_EQ_STR(code_at(lex, "Turkey said", 0, DYAD_LANG_EN, NULL, NULL), "TUR");
    CHECK(code_at(lex, "a turkey said", 1, DYAD_LANG_EN, NULL, NULL) == NULL);
    CHECK(code_at(lex, "to chad", 1, DYAD_LANG_EN, NULL, NULL) == NULL);
    CHECK_EQ_STR(code_at(lex, "TURKEY SAID", 0, DYAD_LANG_EN, NULL, NULL), "TUR");
    CHECK_EQ_STR(code_at(lex, "the US said", 1, DYAD_LANG_EN, NULL, NULL), "USA");
    CHECK(code_at(lex, "let us say", 1, DYAD_LANG_EN, NULL, NULL) == NULL);
    CHECK(code_at(lex, "let Us say", 1, DYAD_LANG_EN, NULL, NULL) == NULL);
    /* adjectives and demonyms, all genders */
    CHECK_EQ_STR(kind_at(lex, "le ministre russe", 2, DYAD_LANG_FR, DYAD_LEX_ADJ), "RUS");
    CHECK_EQ_STR(kind_at(lex, "la Défense nord-coréenne", 2, DYAD_LANG_FR, DYAD_LEX_ADJ), "PRK");
    CHECK_EQ_STR(kind_at(lex, "les Nord-Coréennes", 1, DYAD_LANG_FR, DYAD_LEX_PEOPLE), "PRK");
    CHECK(kind_at(lex, "les nord-coréennes", 1, DYAD_LANG_FR, DYAD_LEX_PEOPLE) == NULL);
    CHECK_EQ_STR(kind_at(lex, "North Korean troops", 0, DYAD_LANG_EN, DYAD_LEX_ADJ), "PRK");
    CHECK_EQ_STR(kind_at(lex, "U.S. troops", 0, DYAD_LANG_EN, DYAD_LEX_ADJ), "USA");
    CHECK_EQ_STR(kind_at(lex, "les forces américaines", 2, DYAD_LANG_FR, DYAD_LEX_ADJ), "USA");
    /* seats */
    CHECK_EQ_STR(kind_at(lex, "Moscou a dit", 0, DYAD_LANG_FR, DYAD_LEX_SEAT), "RUS");
    CHECK_EQ_STR(kind_at(lex, "l'Élysée a dit", 1, DYAD_LANG_FR, DYAD_LEX_SEAT), "FRA");
    CHECK_EQ_STR(kind_at(lex, "the White House said", 1, DYAD_LANG_EN, DYAD_LEX_SEAT), "USA");
    CHECK_EQ_STR(kind_at(lex, "Kyiv said", 0, DYAD_LANG_EN, DYAD_LEX_SEAT), "UKR");
    CHECK_EQ_STR(kind_at(lex, "le Quai d'Orsay", 1, DYAD_LANG_FR, DYAD_LEX_SEAT), "FRA");
    CHECK_EQ_STR(code_at(lex, "le Pentagone", 1, DYAD_LANG_FR, NULL, NULL), "USAMIL");
    CHECK_EQ_STR(code_at(lex, "the Pentagon", 1, DYAD_LANG_EN, NULL, NULL), "USAMIL");
    /* language filter: "Moscou" is French only */
    CHECK(code_at(lex, "Moscou said", 0, DYAD_LANG_EN, NULL, NULL) == NULL);
    dyad__lexicon_free(&ctx);
    CHECK(ctx.lex == NULL);
}

static void test_role_rank(void)
{
    CHECK(dyad__role_rank("=JNT") < dyad__role_rank("MIL"));
    CHECK(dyad__role_rank("MIL") < dyad__role_rank("COP"));
    CHECK(dyad__role_rank("SPY") < dyad__role_rank("GOV"));
    CHECK(dyad__role_rank("GOV") < dyad__role_rank("LEG"));
    CHECK(dyad__role_rank("CVL") < dyad__role_rank("MED"));
    CHECK(dyad__role_rank("BUS") < dyad__role_rank("REB"));
    CHECK(dyad__role_rank("DEV") < dyad__role_rank("XYZ"));
    CHECK_EQ_INT(dyad__role_rank(NULL), dyad__role_rank("XYZ"));
}

/* The real segmenter's tokens for `text` (a hand-made doc, no worker: stems
 * are the folds); then the longest match of `kind` (0: any) at the token
 * whose fold is `at`. */
static const char *seg_match(const dyad_lexicon *lex, const char *text, dyad_lang lang,
                             const char *at, int kind, int *n_words)
{
    static dyad_mem mem;
    dyad__mem_init(&mem, NULL);
    dyad_doc doc;
    memset(&doc, 0, sizeof doc);
    dyad__arena_init(&doc.arena, &mem);
    dyad_para para = {.start = 0, .end = (uint32_t)strlen(text), .kind = DYAD_PARA_BODY};
    doc.text = text;
    doc.text_len = strlen(text);
    doc.paras = &para;
    doc.n_paras = 1;
    doc.lang = lang;
    const char *code = NULL;
    if (dyad__segment(&doc) == DYAD_OK) {
        for (size_t i = 0; i < doc.n_toks && !code; i++) {
            if (strcmp(doc.toks[i].fold, at) != 0)
                continue;
            const dyad_lex_entry *out[16];
            size_t n = dyad__lex_match(lex, doc.toks, doc.n_toks, i, lang, out, 16);
            for (size_t k = 0; k < n && !code; k++)
                if (!kind || out[k]->kind == kind) {
                    code = out[k]->code;
                    if (n_words)
                        *n_words = out[k]->n_words;
                }
        }
    }
    dyad__arena_free(&doc.arena);
    return code;
}

/* Forms are cut into words as src/segment.c cuts the text. */
static void test_with_segmenter(void)
{
    dyad_ctx ctx;
    dyad_error err = {0};
    if (open_lex(&ctx, check_data_dir(), &err) != DYAD_OK) {
        CHECK(!"data loads");
        return;
    }
    const dyad_lexicon *lex = ctx.lex;
    int nw = 0;
    const char *fr = "Le Quai d’Orsay et l’Élysée ont reçu à N’Djamena les Nord-Coréens de la "
                     "Côte d’Ivoire et de l'ONU.";
    CHECK_EQ_STR(seg_match(lex, fr, DYAD_LANG_FR, "quai", DYAD_LEX_SEAT, &nw), "FRA");
    CHECK_EQ_INT(nw, 3);
    CHECK_EQ_STR(seg_match(lex, fr, DYAD_LANG_FR, "elysee", DYAD_LEX_SEAT, NULL), "FRA");
    CHECK_EQ_STR(seg_match(lex, fr, DYAD_LANG_FR, "n'", DYAD_LEX_SEAT, NULL), "TCD");
    CHECK_EQ_STR(seg_match(lex, fr, DYAD_LANG_FR, "nord-coreens", DYAD_LEX_PEOPLE, NULL), "PRK");
    CHECK_EQ_STR(seg_match(lex, fr, DYAD_LANG_FR, "cote", DYAD_LEX_NAME, &nw), "CIV");
    CHECK_EQ_INT(nw, 3);
    CHECK_EQ_STR(seg_match(lex, fr, DYAD_LANG_FR, "onu", DYAD_LEX_NAME, NULL), "IGOUNO");
    const char *en = "The People's Republic of China, Côte d'Ivoire and the Kurdistan Workers' "
                     "Party met in N'Djamena and the U.S. State Department said.";
    CHECK_EQ_STR(seg_match(lex, en, DYAD_LANG_EN, "people", DYAD_LEX_NAME, &nw), "CHN");
    CHECK_EQ_INT(nw, 5);
    CHECK_EQ_STR(seg_match(lex, en, DYAD_LANG_EN, "cote", DYAD_LEX_NAME, &nw), "CIV");
    CHECK_EQ_INT(nw, 2);
    CHECK_EQ_STR(seg_match(lex, en, DYAD_LANG_EN, "kurdistan", DYAD_LEX_NAME, NULL), "TURREB");
    CHECK_EQ_STR(seg_match(lex, en, DYAD_LANG_EN, "n'djamena", DYAD_LEX_SEAT, NULL), "TCD");
    CHECK_EQ_STR(seg_match(lex, en, DYAD_LANG_EN, "u.s.", DYAD_LEX_ADJ, NULL), "USA");
    dyad__lexicon_free(&ctx);
}

/* ------------------------------------------------- small hand-written data */

static char tmp_root[256];

/* Writes a temporary data dir holding actors/a.txt = `actors` and agents.txt =
 * `agents` (NULL: no file). Returns its path. */
static const char *write_data(const char *actors, const char *agents)
{
    static int seq;
    char path[512];
    snprintf(tmp_root, sizeof tmp_root, "/tmp/dyad-lex-%ld-%d", (long)getpid(), seq++);
    mkdir(tmp_root, 0700);
    snprintf(path, sizeof path, "%s/actors", tmp_root);
    mkdir(path, 0700);
    if (actors) {
        snprintf(path, sizeof path, "%s/actors/a.txt", tmp_root);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs(actors, f);
            fclose(f);
        }
    }
    if (agents) {
        snprintf(path, sizeof path, "%s/agents.txt", tmp_root);
        FILE *f = fopen(path, "w");
        if (f) {
            fputs(agents, f);
            fclose(f);
        }
    }
    return tmp_root;
}

static void remove_data(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/actors/a.txt", tmp_root);
    remove(path);
    snprintf(path, sizeof path, "%s/agents.txt", tmp_root);
    remove(path);
    snprintf(path, sizeof path, "%s/actors", tmp_root);
    remove(path);
    remove(tmp_root);
}

/* Loads a small data set expecting an error at a:line with a message
 * containing `want`. */
static void expect_error(const char *actors, const char *agents, long line, const char *want)
{
    dyad_ctx ctx;
    dyad_error err = {0};
    dyad_status st = open_lex(&ctx, write_data(actors, agents), &err);
    CHECK_EQ_INT(st, DYAD_EDATA);
    CHECK_EQ_INT(err.line, line);
    CHECK(strstr(err.file, agents && line && strstr(want, "role") ? "agents.txt" : "") != NULL);
    if (!strstr(err.msg, want))
        fprintf(stderr, "  message \"%s\" lacks \"%s\"\n", err.msg, want);
    CHECK(strstr(err.msg, want) != NULL);
    CHECK(ctx.lex == NULL);
    remove_data();
}

static const char *AGENTS = "GOV fr: gouvernement ; en: government\n";

static void test_errors(void)
{
    expect_error("RUS nom fr: Russie\n", AGENTS, 1, "unknown kind 'nom'");
    expect_error("# comment\n\nRu name fr: Russie\n", AGENTS, 3, "bad actor code 'Ru'");
    expect_error("RUSA name fr: Russie\n", AGENTS, 1, "bad actor code");
    expect_error("RUS name Russie\n", AGENTS, 1, "does not start with 'fr:'");
    expect_error("RUS name fr: Russie | | Moscou\n", AGENTS, 1, "empty form");
    expect_error("RUS name fr: \n", AGENTS, 1, "no forms after 'fr:'");
    expect_error("RUS adj fr: russe{,s\n", AGENTS, 1, "unbalanced '{'");
    expect_error("RUS adj fr: russe,s}\n", AGENTS, 1, "unbalanced '}'");
    expect_error("RUS adj fr: ru{a,b}s{e,s}\n", AGENTS, 1, "more than one '{}'");
    expect_error("RUS name fr: Russie (pays)\n", AGENTS, 1, "not allowed");
    expect_error("RUSGOV person 2024-13..  *: Poutine\n", AGENTS, 1, "bad date range");
    expect_error("RUSGOV person 2024..2020  *: Poutine\n", AGENTS, 1, "FROM is after TO");
    expect_error("RUSGOV person 2024-05-14  *: Poutine\n", AGENTS, 1, "bad date range");
    expect_error("RUS name fr: Russie\nRUS name en: Russia | Russie ; fr: Russie\n", AGENTS, 2,
                 "listed twice for RUS");
    expect_error("RUS name *: Georgia\nGEO name en: Georgia\n", AGENTS, 2,
                 "is GEO here but RUS at");
    expect_error("RUS name fr: Russie\n", "XXX fr: gouvernement\n", 1, "unknown role 'XXX'");
    /* a missing agents.txt or actors dir names the path */
    dyad_ctx ctx;
    dyad_error err = {0};
    CHECK_EQ_INT(open_lex(&ctx, write_data("RUS name fr: Russie\n", NULL), &err), DYAD_EIO);
    CHECK(strstr(err.msg, "agents.txt") != NULL);
    remove_data();
    CHECK_EQ_INT(open_lex(&ctx, "/nonexistent-dyad", &err), DYAD_EIO);
    CHECK(strstr(err.msg, "/nonexistent-dyad/actors") != NULL);
}

static void test_small(void)
{
    const char *actors =
        "RUS  name  fr: Russie | Fédération de Russie ; en: Russia\n"
        "RUS  adj   fr: russe{,s} ; en: Russian\n"
        "FRA  seat  fr: l'Élysée | Quai d'Orsay ; en: Elysee\n"
        "USA  name  en: US | U.S.\n"
        "KOR  adj   fr: sud-coréen{,ne,s,nes} président{,e}\n"
        "# two people sharing a line each, one of them holding two posts\n"
        "RUSGOV  person  2012-05-07..      *: Vladimir Poutine | Poutine\n"
        "RUSGOV  person  2000-05..2008-05-07  *: Vladimir Poutine | Poutine\n"
        "RUSGOV  person  2008-05-08..2012-05-06  fr: Poutine  # prime minister\n"
        "AFGREB  name  ..2021-08-14  en: Taliban\n"
        "AFGGOV  name  2021-08-15..  en: Taliban\n"
        "FRA  name  fr: France\n"
        "KOR  name  en: South Korea\n"
        "AFG  name  en: Afghanistan\n";
    const char *agents = "MIL fr: ministre de la Défense | soldat{,s}\n=CPT *: homologue{,s}\n"
                         "=JNT fr: junte au pouvoir\n";
    dyad_ctx ctx;
    dyad_error err = {0};
    dyad_status st = open_lex(&ctx, write_data(actors, agents), &err);
    if (st != DYAD_OK)
        fprintf(stderr, "load: %s:%ld: %s\n", err.file, err.line, err.msg);
    CHECK_EQ_INT(st, DYAD_OK);
    remove_data();
    if (st != DYAD_OK)
        return;
    const dyad_lexicon *lex = ctx.lex;
    CHECK_EQ_INT(ctx.stats.people, 3);
    CHECK_EQ_INT(ctx.stats.agent_forms, 6);
    int nw = 0;
    /* longest first: "Fédération de Russie" beats nothing shorter, "Russie" alone */
    CHECK_EQ_STR(code_at(lex, "la Fédération de Russie", 1, DYAD_LANG_FR, NULL, &nw), "RUS");
    CHECK_EQ_INT(nw, 3);
    CHECK(code_at(lex, "la Fédération de", 1, DYAD_LANG_FR, NULL, NULL) == NULL);
    /* braces, and a cartesian product across words */
    CHECK_EQ_STR(code_at(lex, "russes", 0, DYAD_LANG_FR, NULL, NULL), "RUS");
    CHECK_EQ_STR(code_at(lex, "Russes", 0, DYAD_LANG_FR, NULL, NULL), "RUS");
    CHECK_EQ_STR(code_at(lex, "sud-coréenne présidente", 0, DYAD_LANG_FR, NULL, &nw), "KOR");
    CHECK_EQ_INT(nw, 2);
    CHECK_EQ_STR(code_at(lex, "sud-coréens président", 0, DYAD_LANG_FR, NULL, NULL), "KOR");
    /* elisions: written attached or apart, the text splits them */
    CHECK_EQ_STR(code_at(lex, "l'Élysée", 0, DYAD_LANG_FR, NULL, &nw), "FRA");
    CHECK_EQ_INT(nw, 2);
    CHECK_EQ_STR(code_at(lex, "le Quai d'Orsay", 1, DYAD_LANG_FR, NULL, &nw), "FRA");
    CHECK_EQ_INT(nw, 3);
    CHECK(code_at(lex, "le quai d'Orsay", 1, DYAD_LANG_FR, NULL, NULL) == NULL);
    /* case: capitals required, capitals satisfy a capital */
    CHECK(code_at(lex, "russie", 0, DYAD_LANG_FR, NULL, NULL) == NULL);
    CHECK_EQ_STR(code_at(lex, "RUSSIE", 0, DYAD_LANG_FR, NULL, NULL), "RUS");
    CHECK_EQ_STR(code_at(lex, "US", 0, DYAD_LANG_EN, NULL, NULL), "USA");
    CHECK(code_at(lex, "Us", 0, DYAD_LANG_EN, NULL, NULL) == NULL);
    CHECK_EQ_STR(code_at(lex, "U.S.", 0, DYAD_LANG_EN, NULL, NULL), "USA");
    /* language filter; "other" sees both */
    CHECK(code_at(lex, "Russie", 0, DYAD_LANG_EN, NULL, NULL) == NULL);
    CHECK_EQ_STR(code_at(lex, "Russie", 0, DYAD_LANG_OTHER, NULL, NULL), "RUS");
    /* agents */
    int kind = 0;
    CHECK_EQ_STR(code_at(lex, "le ministre de la Défense", 1, DYAD_LANG_FR, &kind, &nw), "MIL");
    CHECK_EQ_INT(kind, DYAD_LEX_AGENT);
    CHECK_EQ_INT(nw, 4);
    CHECK_EQ_STR(code_at(lex, "son homologue", 1, DYAD_LANG_EN, NULL, NULL), "=CPT");
    /* dates: a person's line on a date */
    toks tk;
    tokenize(&tk, "Poutine");
    const dyad_lex_entry *out[8];
    size_t n = dyad__lex_match(lex, tk.t, tk.n, 0, DYAD_LANG_FR, out, 8);
    CHECK_EQ_INT(n, 3);
    if (n) {
        dyad_date d2024 = {.year = 2024, .month = 6, .day = 1, .precision = DYAD_PREC_DAY};
        dyad_date d2010 = {.year = 2010, .precision = DYAD_PREC_YEAR};
        dyad_date d2005 = {.year = 2005, .month = 3, .precision = DYAD_PREC_MONTH};
        dyad_date d1990 = {.year = 1990, .month = 1, .day = 1, .precision = DYAD_PREC_DAY};
        dyad_date none = {0};
        const dyad_lex_entry *p = dyad__lex_person_on(lex, out[0], &d2024);
        CHECK_EQ_INT(p->from.year, 2012);
        CHECK(dyad__lex_covers(p, &d2024));
        CHECK(!dyad__lex_covers(p, &d2010));
        p = dyad__lex_person_on(lex, out[0], &d2005);
        CHECK_EQ_INT(p->from.year, 2000);
        /* 2010 is only covered by the French-only line: an English entry
         * keeps to English lines and falls back to the latest earlier one */
        p = dyad__lex_person_on(lex, out[0], &d2010);
        CHECK(p->from.year == 2008 || p->from.year == 2000);
        p = dyad__lex_person_on(lex, out[0], &d1990); /* before any: the earliest */
        CHECK_EQ_INT(p->from.year, 2000);
        p = dyad__lex_person_on(lex, out[0], &none); /* no date: the latest */
        CHECK_EQ_INT(p->from.year, 2012);
    }
    /* a group that took power */
    tokenize(&tk, "Taliban");
    n = dyad__lex_match(lex, tk.t, tk.n, 0, DYAD_LANG_EN, out, 8);
    CHECK_EQ_INT(n, 2);
    if (n) {
        dyad_date d = {.year = 2020, .precision = DYAD_PREC_YEAR};
        CHECK_EQ_STR(dyad__lex_person_on(lex, out[0], &d)->code, "AFGREB");
        dyad_date d2 = {.year = 2023, .month = 1, .precision = DYAD_PREC_MONTH};
        CHECK_EQ_STR(dyad__lex_person_on(lex, out[0], &d2)->code, "AFGGOV");
    }
    dyad__lexicon_free(&ctx);
}

/* Every ISO 3166-1 code (iso-codes, a Debian package) has a name line, and
 * every sovereign state (lines not marked "# territory") has name, adj and
 * seat lines with French and English forms. */
static void test_country_coverage(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/actors/countries.txt", check_data_dir());
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    enum { MAXC = 400 };
    static char codes[MAXC][4];
    static unsigned have[MAXC]; /* bits: name fr/en, adj fr/en, seat fr/en, territory */
    size_t nc = 0;
    char line[8192];
    while (fgets(line, sizeof line, f)) {
        char code[16], kind[16];
        if (line[0] == '#' || sscanf(line, "%15s %15s", code, kind) != 2 || strlen(code) != 3)
            continue;
        size_t k = 0;
        while (k < nc && strcmp(codes[k], code) != 0)
            k++;
        if (k == nc) {
            if (nc == MAXC)
                break;
            memcpy(codes[nc++], code, 4);
        }
        int base = strcmp(kind, "name") == 0 ? 0 : strcmp(kind, "adj") == 0 ? 2
                   : strcmp(kind, "seat") == 0 ? 4 : -1;
        if (base < 0)
            continue;
        if (strstr(line, "fr:") || strstr(line, "*:"))
            have[k] |= 1u << base;
        if (strstr(line, "en:") || strstr(line, "*:"))
            have[k] |= 1u << (base + 1);
        if (strstr(line, "# territory"))
            have[k] |= 1u << 6;
    }
    fclose(f);
    size_t sovereign = 0;
    for (size_t k = 0; k < nc; k++) {
        unsigned want = (have[k] & (1u << 6)) ? 0x1u : 0x3fu;
        if ((have[k] & want) != want)
            fprintf(stderr, "  %s lacks lines (have %#x, want %#x)\n", codes[k], have[k], want);
        CHECK((have[k] & want) == want);
        sovereign += !(have[k] & (1u << 6));
    }
    CHECK(sovereign >= 195);
    /* every alpha-3 of iso-codes is present */
    FILE *iso = fopen("/usr/share/iso-codes/json/iso_3166-1.json", "r");
    if (!iso) {
        printf("SKIP iso coverage: iso-codes not installed\n");
        return;
    }
    size_t seen = 0;
    while (fgets(line, sizeof line, iso)) {
        char *p = strstr(line, "\"alpha_3\": \"");
        if (!p)
            continue;
        char code[4] = {p[12], p[13], p[14], 0};
        size_t k = 0;
        while (k < nc && strcmp(codes[k], code) != 0)
            k++;
        if (k == nc)
            fprintf(stderr, "  ISO code %s missing from countries.txt\n", code);
        CHECK(k < nc);
        seen++;
    }
    fclose(iso);
    CHECK(seen >= 249);
}

int main(void)
{
    RUN(test_real_data);
    RUN(test_with_segmenter);
    RUN(test_small);
    RUN(test_errors);
    RUN(test_country_coverage);
    RUN(test_role_rank);
    return CHECK_DONE();
}

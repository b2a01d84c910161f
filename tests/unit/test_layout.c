/* test_layout.c -- paragraphs and the roles of a scraped article's parts.
 * The articles here are written for this test. */
#include "check.h"
#include "internal.h"

static dyad_mem mem;

static void doc_init(dyad_doc *doc, const char *text)
{
    memset(doc, 0, sizeof *doc);
    dyad__arena_init(&doc->arena, &mem);
    doc->text = text;
    doc->text_len = strlen(text);
}

static const char *para_text(const dyad_doc *doc, size_t i, char *buf, size_t cap)
{
    size_t n = doc->paras[i].end - doc->paras[i].start;
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, doc->text + doc->paras[i].start, n);
    buf[n] = '\0';
    return buf;
}

static const char article_fr[] =
    "La Tunisie et l'Algérie signent un accord sur l'eau\n"
    "\n"
    "Le ministre tunisien des Affaires étrangères reçu à Alger, le 3 mars 2025.\n"
    "\n"
    "TUNIS (AFP) - La Tunisie et l'Algérie ont signé lundi un accord de partage des eaux "
    "souterraines, a annoncé la présidence tunisienne.\n"
    "\n"
    "Publié le lundi 3 mars 2025 à 18h20\n"
    "\n"
    "Les deux pays puisent dans la même nappe du Sahara septentrional.\n"
    "\n"
    "Selon le texte, une commission mixte se réunira deux fois par an.\n"
    "\n"
    "Par La Gazette d'Alger (avec AFP et Reuters)\n"
    "Publié le lundi 3 mars 2025 à 18h20\n";

static void test_french_article(void)
{
    dyad_doc doc;
    char b[256];
    doc_init(&doc, article_fr);
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_INT(doc.n_paras, 8);
    CHECK_EQ_INT(doc.paras[0].kind, DYAD_PARA_TITLE);
    CHECK_EQ_STR(doc.title, "La Tunisie et l'Algérie signent un accord sur l'eau");
    CHECK_EQ_INT(doc.paras[1].kind, DYAD_PARA_CAPTION);
    CHECK_EQ_INT(doc.paras[2].kind, DYAD_PARA_LEAD);
    /* the wire prefix is cut off the lead */
    CHECK(strncmp(para_text(&doc, 2, b, sizeof b), "La Tunisie et", 13) == 0);
    CHECK_EQ_INT(doc.paras[3].kind, DYAD_PARA_DATELINE);
    CHECK_EQ_INT(doc.paras[4].kind, DYAD_PARA_BODY);
    CHECK_EQ_INT(doc.paras[5].kind, DYAD_PARA_BODY);
    CHECK_EQ_INT(doc.paras[6].kind, DYAD_PARA_BYLINE);
    CHECK_EQ_INT(doc.paras[7].kind, DYAD_PARA_DATELINE);
    CHECK(doc.paras[7].repeated);
    CHECK(!doc.paras[3].repeated);
    CHECK_EQ_INT(doc.date.year, 2025);
    CHECK_EQ_INT(doc.date.month, 3);
    CHECK_EQ_INT(doc.date.day, 3);
    CHECK_EQ_INT(doc.date.hour, 18);
    CHECK_EQ_INT(doc.date.minute, 20);
    CHECK_EQ_INT(doc.date.precision, DYAD_PREC_MINUTE);
    CHECK_EQ_STR(doc.source, "La Gazette d'Alger");
    CHECK_EQ_STR(doc.agencies, "AFP,Reuters");
    dyad__arena_free(&doc.arena);
}

static const char article_en[] =
    "Kenya, Ethiopia agree to reopen border crossing\n"
    "\n"
    "Ethiopian Prime Minister greets Kenyan President in Addis Ababa, Ethiopia, Friday, "
    "Feb. 7, 2025. (AP Photo/Staff)\n"
    "\n"
    "Nairobi, Kenya (AP) — Kenya and Ethiopia agreed on Friday to reopen the Moyale border "
    "crossing, officials said.\n"
    "\n"
    "The crossing was closed in January after clashes.\n"
    "\n"
    "By Jane Mwangi, Reuters\n"
    "\n"
    "Updated February 7, 2025 6:59 PM\n";

static void test_english_article(void)
{
    dyad_doc doc;
    char b[256];
    doc_init(&doc, article_en);
    doc.source = "Given"; /* given by the input: the byline does not override it */
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_INT(doc.n_paras, 6);
    CHECK_EQ_INT(doc.paras[0].kind, DYAD_PARA_TITLE);
    CHECK_EQ_INT(doc.paras[1].kind, DYAD_PARA_CAPTION);
    CHECK_EQ_INT(doc.paras[2].kind, DYAD_PARA_LEAD);
    CHECK(strncmp(para_text(&doc, 2, b, sizeof b), "Kenya and Ethiopia", 18) == 0);
    CHECK_EQ_INT(doc.paras[3].kind, DYAD_PARA_BODY);
    CHECK_EQ_INT(doc.paras[4].kind, DYAD_PARA_BYLINE);
    CHECK_EQ_INT(doc.paras[5].kind, DYAD_PARA_DATELINE);
    CHECK_EQ_STR(doc.source, "Given");
    CHECK_EQ_STR(doc.agencies, "AP,Reuters");
    CHECK_EQ_INT(doc.date.hour, 18);
    dyad__arena_free(&doc.arena);
}

/* Bylines alone, with their source and agencies. */
static void check_byline(const char *line, const char *source, const char *agencies)
{
    char text[256];
    snprintf(text, sizeof text, "Un titre\n\nLe Mali a rappelé son ambassadeur.\n\n%s\n", line);
    dyad_doc doc;
    doc_init(&doc, text);
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_INT(doc.n_paras, 3);
    CHECK_EQ_INT(doc.paras[2].kind, DYAD_PARA_BYLINE);
    if (source)
        CHECK_EQ_STR(doc.source, source);
    else
        CHECK(doc.source == NULL);
    CHECK_EQ_STR(doc.agencies, agencies);
    if (doc.paras[2].kind != DYAD_PARA_BYLINE)
        fprintf(stderr, "  byline: %s\n", line);
    dyad__arena_free(&doc.arena);
}

static void check_not_byline(const char *line)
{
    char text[256];
    snprintf(text, sizeof text, "Un titre\n\nLe Mali a rappelé son ambassadeur.\n\n%s\n", line);
    dyad_doc doc;
    doc_init(&doc, text);
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK(doc.n_paras == 3 && doc.paras[2].kind == DYAD_PARA_BODY);
    if (doc.n_paras == 3 && doc.paras[2].kind != DYAD_PARA_BODY)
        fprintf(stderr, "  not a byline: %s\n", line);
    dyad__arena_free(&doc.arena);
}

static void test_bylines(void)
{
    check_byline("Par Le360 (avec AFP)", "Le360", "AFP");
    check_byline("Par Jean Dupont, AFP", "AFP", "AFP");
    check_byline("Par Sahel Matin (avec AFP)", "Sahel Matin", "AFP");
    check_byline("By Anna Smith, The Associated Press", "AP", "AP");
    check_byline("(Reuters)", "Reuters", "Reuters");
    check_byline("AP", "AP", "AP");
    check_byline("AFP/Reuters", "AFP", "AFP,Reuters");
    check_byline("By John Smith, Reuters", "Reuters", "Reuters");
    check_byline("Avec AFP", "AFP", "AFP");
    check_byline("— AFP", "AFP", "AFP");
    check_byline("By The Associated Press", "AP", "AP");
    check_byline("Par Jeanne Martin et Paul Durand, AFP", "AFP", "AFP");
    check_not_byline("Par ailleurs, Bamako a rappelé son ambassadeur.");
    check_not_byline("By Friday, the talks had failed.");
    check_not_byline("Reuters a révélé l'affaire jeudi.");
    check_not_byline("ap");
}

static void test_paragraph_splitting(void)
{
    char b[128];
    dyad_doc doc;
    /* one line per paragraph, no blank lines */
    doc_init(&doc, "Titre court\nPremière phrase du texte.\nDeuxième phrase du texte.\n");
    CHECK_EQ_INT(dyad__layout(&doc, false), DYAD_OK);
    CHECK_EQ_INT(doc.n_paras, 3);
    CHECK_EQ_INT(doc.paras[0].kind, DYAD_PARA_BODY); /* JSON: no roles */
    dyad__arena_free(&doc.arena);
    /* hard-wrapped text stays one paragraph */
    doc_init(&doc, "The foreign ministers of the two countries met in Geneva on\n"
                   "Tuesday to discuss a ceasefire that both sides had rejected\n"
                   "only a week earlier, according to officials close to the talks.\n");
    CHECK_EQ_INT(dyad__layout(&doc, false), DYAD_OK);
    CHECK_EQ_INT(doc.n_paras, 1);
    dyad__arena_free(&doc.arena);
    /* a lowercase continuation joins its line */
    doc_init(&doc, "Le président a reçu\nson homologue lundi.\nIls ont signé un accord.");
    CHECK_EQ_INT(dyad__layout(&doc, false), DYAD_OK);
    CHECK_EQ_INT(doc.n_paras, 2);
    CHECK_EQ_STR(para_text(&doc, 1, b, sizeof b), "Ils ont signé un accord.");
    dyad__arena_free(&doc.arena);
    /* CRLF, spaces, NBSP-only lines are blank */
    doc_init(&doc, "  Un.\r\n \r\n\xC2\xA0\r\nDeux.\r\n");
    CHECK_EQ_INT(dyad__layout(&doc, false), DYAD_OK);
    CHECK_EQ_INT(doc.n_paras, 2);
    CHECK_EQ_STR(para_text(&doc, 0, b, sizeof b), "Un.");
    CHECK_EQ_STR(para_text(&doc, 1, b, sizeof b), "Deux.");
    dyad__arena_free(&doc.arena);
    /* empty and blank text */
    doc_init(&doc, "");
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_INT(doc.n_paras, 0);
    dyad__arena_free(&doc.arena);
    doc_init(&doc, "\n\n  \n");
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_INT(doc.n_paras, 0);
    dyad__arena_free(&doc.arena);
}

static void test_repeats(void)
{
    dyad_doc doc;
    /* a retold lead is not a repeat; the same text with other spacing is */
    doc_init(&doc, "Titre\n\nLe Niger a fermé sa frontière avec le Bénin.\n\n"
                   "Niamey a fermé sa frontière avec le Bénin, a dit le gouvernement.\n\n"
                   "Le  Niger a fermé\tsa frontière avec le Bénin.\n");
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_INT(doc.n_paras, 4);
    CHECK(!doc.paras[1].repeated);
    CHECK(!doc.paras[2].repeated);
    CHECK(doc.paras[3].repeated);
    CHECK_EQ_INT(doc.paras[3].kind, DYAD_PARA_LEAD); /* keeps the role it repeats */
    dyad__arena_free(&doc.arena);
}

static void test_captions(void)
{
    dyad_doc doc;
    /* a lead right after the title is not a caption */
    doc_init(&doc, "Titre\n\nLe Sénégal a annoncé lundi le retrait de ses troupes.\n\n"
                   "La décision a surpris Paris.\n");
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_INT(doc.paras[1].kind, DYAD_PARA_LEAD);
    dyad__arena_free(&doc.arena);
    /* nor a short lead whose verb is not in any list */
    doc_init(&doc, "Title\n\nRussia expelled two Polish diplomats.\n\nWarsaw protested.\n");
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_INT(doc.paras[1].kind, DYAD_PARA_LEAD);
    dyad__arena_free(&doc.arena);
    /* a label without a verb is */
    doc_init(&doc, "Titre\n\nLe président ivoirien à Abidjan\n\nLe président a parlé.\n");
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_INT(doc.paras[1].kind, DYAD_PARA_CAPTION);
    CHECK_EQ_INT(doc.paras[2].kind, DYAD_PARA_LEAD);
    dyad__arena_free(&doc.arena);
    /* a photo credit */
    doc_init(&doc, "Title\n\nSoldiers patrol the border. REUTERS/Staff Photographer\n\n"
                   "Troops were sent on Monday.\n");
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_INT(doc.paras[1].kind, DYAD_PARA_CAPTION);
    dyad__arena_free(&doc.arena);
    /* a given date is kept; the dateline does not replace it */
    doc_init(&doc, "Titre\n\nLe 29/11/2024 à 06h59\n\nTexte.\n");
    doc.date.year = 2020, doc.date.month = 1, doc.date.day = 2;
    doc.date.precision = DYAD_PREC_DAY;
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_INT(doc.paras[1].kind, DYAD_PARA_DATELINE);
    CHECK_EQ_INT(doc.date.year, 2020);
    dyad__arena_free(&doc.arena);
}

static void test_agency_prefix(void)
{
    dyad_doc doc;
    char b[128];
    doc_init(&doc, "Titre\n\nWASHINGTON (Reuters) - The United States imposed sanctions.\n\n"
                   "More text.\n");
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_STR(para_text(&doc, 1, b, sizeof b), "The United States imposed sanctions.");
    CHECK_EQ_STR(doc.agencies, "Reuters");
    dyad__arena_free(&doc.arena);
    doc_init(&doc, "Titre\n\nPARIS, 29 nov 2024 (AFP) - La France a protesté.\n\nSuite.\n");
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK_EQ_STR(para_text(&doc, 1, b, sizeof b), "La France a protesté.");
    CHECK_EQ_INT(doc.date.day, 29);
    CHECK_EQ_INT(doc.date.month, 11);
    dyad__arena_free(&doc.arena);
    /* a parenthesis that names no agency is not a wire prefix */
    doc_init(&doc, "Titre\n\nLa France (pays hôte) - elle a protesté.\n\nSuite.\n");
    CHECK_EQ_INT(dyad__layout(&doc, true), DYAD_OK);
    CHECK(strncmp(para_text(&doc, 1, b, sizeof b), "La France", 9) == 0);
    dyad__arena_free(&doc.arena);
}

int main(void)
{
    dyad__mem_init(&mem, NULL);
    RUN(test_french_article);
    RUN(test_english_article);
    RUN(test_bylines);
    RUN(test_paragraph_splitting);
    RUN(test_repeats);
    RUN(test_captions);
    RUN(test_agency_prefix);
    return CHECK_DONE();
}

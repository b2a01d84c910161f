/* test_lang.c -- language identification. The French sentences below were
 * written for this test. With ../shared present it also measures accuracy on
 * the English corpus and examples and the French dev set, and fails below
 * 97% per language. */
#include "check.h"
#include "ctx.h"

#include <stdlib.h>

static const char *const fr_sentences[] = {
    "Le gouvernement malien a annoncé mardi la fermeture de sa frontière avec la Mauritanie.",
    "Les ministres des Affaires étrangères se réuniront à Genève la semaine prochaine.",
    "Selon l'agence officielle, le président a reçu l'ambassadeur de Chine.",
    "La police a dispersé la manifestation à coups de gaz lacrymogène.",
    "Washington a imposé de nouvelles sanctions contre des entreprises iraniennes.",
    "L'armée israélienne a mené des frappes dans le sud du Liban dans la nuit.",
    "Le Premier ministre a démissionné après un vote de défiance au Parlement.",
    "Des milliers de personnes ont manifesté samedi dans les rues de Dakar.",
    "Moscou accuse Kiev d'avoir attaqué une centrale électrique près de la frontière.",
    "Le Conseil de sécurité de l'ONU doit se réunir en urgence jeudi.",
    "Les deux pays ont signé un accord de coopération militaire à Alger.",
    "L'Union européenne envisage de suspendre son aide budgétaire au Niger.",
    "Le chef de la diplomatie française est attendu lundi à Beyrouth.",
    "Une délégation du Hamas est arrivée au Caire pour des pourparlers.",
    "Pékin a vivement protesté contre la visite d'un ministre américain à Taïwan.",
    "Les rebelles ont pris le contrôle de la ville après trois jours de combats.",
    "Le président turc a menacé de lancer une nouvelle offensive en Syrie.",
    "L'opposition dénonce des fraudes massives lors de l'élection présidentielle.",
    "Le Maroc et l'Espagne ont rouvert leurs frontières terrestres.",
    "Un attentat à la voiture piégée a fait au moins douze morts à Mogadiscio.",
    "La Russie a expulsé deux diplomates polonais en représailles.",
    "Le sommet de l'Union africaine s'est ouvert dimanche à Addis-Abeba.",
    "Les négociations sur le nucléaire iranien ont repris à Vienne.",
    "Le ministre de l'Intérieur a promis une enquête sur les violences.",
    "Le Burkina Faso a rappelé son ambassadeur en Côte d'Ivoire pour consultations.",
    "Des soldats français ont quitté leur dernière base au Tchad.",
    "La Corée du Nord a tiré un missile balistique en mer du Japon.",
    "Le Parlement a adopté la loi malgré l'opposition des syndicats.",
    "L'Inde et le Pakistan ont échangé des tirs le long de la ligne de contrôle.",
    "Le président brésilien s'est entretenu par téléphone avec son homologue argentin.",
    "Les talibans ont interdit aux femmes l'accès aux universités.",
    "Le FMI a accordé un prêt de trois milliards de dollars à l'Égypte.",
    "Des affrontements ont éclaté entre manifestants et forces de l'ordre à Tunis.",
    "Le Premier ministre israélien a rejeté l'appel à un cessez-le-feu.",
    "L'Arabie saoudite et l'Iran ont convenu de rétablir leurs relations diplomatiques.",
    "La junte a reporté les élections prévues en février.",
    "Le secrétaire général de l'ONU a appelé à la retenue.",
    "Kinshasa accuse Kigali de soutenir les rebelles du M23.",
    "La France a condamné l'arrestation d'un journaliste en Algérie.",
    "Des centaines de migrants ont été secourus en Méditerranée.",
    "Le ministre ukrainien de la Défense s'est rendu à Washington.",
    "L'Allemagne va livrer des systèmes de défense aérienne à l'Ukraine.",
    "Le gouvernement a décrété l'état d'urgence dans trois provinces.",
    "Les pourparlers de paix ont échoué faute d'accord sur le retrait des troupes.",
    "Un tribunal a condamné l'ancien président à cinq ans de prison.",
    "La Chine a menacé de riposter aux nouvelles taxes douanières américaines.",
    "Les Casques bleus ont été pris pour cible près de la frontière.",
    "Le roi a nommé un nouveau chef du gouvernement.",
    "L'ambassade a été évacuée après des menaces.",
    "Les deux dirigeants ont plaidé pour une solution négociée au conflit.",
    "Il a démenti toute implication de son pays dans l'attaque.",
    "Le Soudan du Sud a fermé son espace aérien aux vols étrangers.",
    "Bruxelles a ouvert une procédure contre la Hongrie.",
    "Elle a été libérée après deux ans de détention arbitraire.",
    "Aucune victime n'est à déplorer, selon les secours.",
};

static const char *const other_sentences[] = {
    "Die Regierung hat am Dienstag neue Sanktionen gegen Russland beschlossen.",
    "El presidente del Gobierno se reunió ayer con los líderes de la oposición en Madrid.",
    "Il governo italiano ha annunciato nuove misure contro l'inflazione nel paese.",
    "De minister van Buitenlandse Zaken heeft de ambassadeur ontboden voor overleg.",
    "O presidente brasileiro viajou ontem para a China para uma visita oficial de três dias.",
};

static dyad_lang ident(dyad_worker *w, const char *s, size_t n)
{
    return dyad__identify_lang(NULL, w, s, n);
}

static void test_basic(void)
{
    dyad_worker w;
    memset(&w, 0, sizeof w);
    size_t nfr = sizeof fr_sentences / sizeof fr_sentences[0], ok = 0;
    for (size_t i = 0; i < nfr; i++) {
        dyad_lang l = ident(&w, fr_sentences[i], strlen(fr_sentences[i]));
        if (l == DYAD_LANG_FR)
            ok++;
        else
            fprintf(stderr, "  not fr (%s): %s\n", dyad__lang_name(l), fr_sentences[i]);
    }
    CHECK(ok + 1 >= nfr); /* at most one miss */
    for (size_t i = 0; i < sizeof other_sentences / sizeof other_sentences[0]; i++) {
        dyad_lang l = ident(&w, other_sentences[i], strlen(other_sentences[i]));
        if (l != DYAD_LANG_OTHER)
            fprintf(stderr, "  not other (%s): %s\n", dyad__lang_name(l), other_sentences[i]);
        CHECK(l == DYAD_LANG_OTHER);
    }
    CHECK_EQ_INT(ident(&w, "The minister said on Friday that talks would resume.", 52),
                 DYAD_LANG_EN);
    CHECK_EQ_INT(ident(&w, "Le ministre a dit vendredi que les pourparlers reprendraient.",
                       strlen("Le ministre a dit vendredi que les pourparlers reprendraient.")),
                 DYAD_LANG_FR);
    /* no signal at all: something, not a crash */
    dyad_lang l = ident(&w, "", 0);
    CHECK(l == DYAD_LANG_FR || l == DYAD_LANG_EN || l == DYAD_LANG_OTHER);
    l = ident(&w, "12345 !!!", 9);
    CHECK(l == DYAD_LANG_FR || l == DYAD_LANG_EN || l == DYAD_LANG_OTHER);
    CHECK_EQ_STR(dyad__lang_name(DYAD_LANG_FR), "fr");
    CHECK_EQ_STR(dyad__lang_name(DYAD_LANG_OTHER), "other");
    dyad__lang_release(&w);
    CHECK(w.textcat == NULL);
    dyad__lang_release(&w); /* twice is fine */
}

typedef struct {
    size_t n, ok;
} tally;

static void score(dyad_worker *w, const char *s, size_t n, dyad_lang want, tally *t,
                  const char *id)
{
    dyad_lang got = ident(w, s, n);
    t->n++;
    if (got == want)
        t->ok++;
    else if (getenv("DYAD_LANG_VERBOSE"))
        fprintf(stderr, "  %s: %s, expected %s: %.80s\n", id, dyad__lang_name(got),
                dyad__lang_name(want), s);
}

/* Chunks of about three sentences: paragraph-sized pieces of a long text. */
static void score_chunks(dyad_worker *w, const char *s, size_t n, dyad_lang want, tally *t,
                         const char *id, size_t max)
{
    size_t start = 0, sents = 0;
    for (size_t i = 0; i + 1 < n && t->n < max; i++) {
        if ((s[i] == '.' || s[i] == '?' || s[i] == '!') && s[i + 1] == ' ' && ++sents == 3) {
            score(w, s + start, i + 1 - start, want, t, id);
            start = i + 2;
            sents = 0;
        }
    }
}

static void score_file(dyad_worker *w, const char *path, dyad_lang want, tally *t, bool chunks,
                       size_t max)
{
    dyad_reader *r;
    dyad_error err;
    if (dyad_reader_open(&r, path, DYAD_FMT_JSONL, &err) != DYAD_OK) {
        fprintf(stderr, "%s\n", err.msg);
        CHECK(0);
        return;
    }
    dyad_article a;
    dyad_status st;
    while ((st = dyad_reader_next(r, &a, &err)) != DYAD_EOF && t->n < max) {
        if (st != DYAD_OK)
            continue;
        if (chunks)
            score_chunks(w, a.text, a.text_len, want, t, a.id, max);
        else
            score(w, a.text, a.text_len, want, t, a.id);
    }
    dyad_reader_close(r);
}

static void test_accuracy(void)
{
    const char *shared = check_shared_dir();
    char p1[512], p2[512], p3[512];
    snprintf(p1, sizeof p1, "%s/corpus/voa-en.jsonl", shared);
    snprintf(p2, sizeof p2, "%s/eval/en-cameo-examples.jsonl", shared);
    snprintf(p3, sizeof p3, "%s/eval/fr-dev.jsonl", shared);
    FILE *f = fopen(p3, "r");
    if (!f) {
        printf("SKIP lang accuracy: ../shared not found\n");
        return;
    }
    fclose(f);
    dyad_worker w;
    memset(&w, 0, sizeof w);
    tally en = {0}, en_voa = {0}, fr = {0};
    score_file(&w, p1, DYAD_LANG_EN, &en_voa, true, 300);
    score_file(&w, p2, DYAD_LANG_EN, &en, false, 1000);
    score_file(&w, p3, DYAD_LANG_FR, &fr, false, 1000);
    for (size_t i = 0; i < sizeof fr_sentences / sizeof fr_sentences[0]; i++)
        score(&w, fr_sentences[i], strlen(fr_sentences[i]), DYAD_LANG_FR, &fr, "test");
    size_t en_n = en.n + en_voa.n, en_ok = en.ok + en_voa.ok;
    printf("lang accuracy: en %zu/%zu (%.1f%%; voa chunks %zu/%zu, cameo %zu/%zu), "
           "fr %zu/%zu (%.1f%%)\n",
           en_ok, en_n, 100.0 * (double)en_ok / (double)(en_n ? en_n : 1), en_voa.ok, en_voa.n,
           en.ok, en.n, fr.ok, fr.n, 100.0 * (double)fr.ok / (double)(fr.n ? fr.n : 1));
    CHECK(en_n >= 200 && fr.n >= 200);
    CHECK(en_ok * 100 >= en_n * 97);
    CHECK(fr.ok * 100 >= fr.n * 97);
    dyad__lang_release(&w);
}

int main(void)
{
    RUN(test_basic);
    RUN(test_accuracy);
    return CHECK_DONE();
}

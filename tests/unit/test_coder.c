/* test_coder.c -- the coder's rules (EVENTS.md section 3) on sentences written
 * for this test, against a small dictionary made here, so that each rule is
 * tested apart from the growth of the real dictionaries. The verb forms and
 * the CAMEO table come from the repository's data directory. */
#include "check.h"
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char dir[256];

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, rel);
    FILE *fp = fopen(path, "w");
    if (!fp) {
        perror(path);
        exit(1);
    }
    fputs(text, fp);
    fclose(fp);
}

static void copy_file(const char *from_rel, const char *to_rel)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cp '%s/%s' '%s/%s'", check_data_dir(), from_rel, dir, to_rel);
    if (system(cmd) != 0) {
        fprintf(stderr, "cannot run: %s\n", cmd);
        exit(1);
    }
}

static void make_data(void)
{
    snprintf(dir, sizeof dir, "/tmp/dyad-test-coder-%d", (int)getpid());
    char sub[300];
    mkdir(dir, 0700);
    snprintf(sub, sizeof sub, "%s/actors", dir);
    mkdir(sub, 0700);
    snprintf(sub, sizeof sub, "%s/patterns", dir);
    mkdir(sub, 0700);
    snprintf(sub, sizeof sub, "%s/lexicon", dir);
    mkdir(sub, 0700);
    copy_file("cameo_codes.tsv", "cameo_codes.tsv");
    copy_file("intent.txt", "intent.txt");
    copy_file("lexicon/fr-verbs.txt", "lexicon/fr-verbs.txt");
    copy_file("lexicon/en-verbs.txt", "lexicon/en-verbs.txt");
    write_file("actors/a.txt",
               "ARG name fr: Argentine ; en: Argentina\n"
               "ARG adj fr: argentin{,e,s,es} ; en: Argentine\n"
               "ARG seat fr: Buenos Aires ; en: Buenos Aires\n"
               "CHL name fr: Chili ; en: Chile\n"
               "CHL adj fr: chilien{,ne,s,nes} ; en: Chilean\n"
               "CHL seat *: Santiago\n"
               "PER name fr: Pérou ; en: Peru\n"
               "PER adj fr: péruvien{,ne,s,nes} ; en: Peruvian\n"
               "PER seat *: Lima\n"
               "BOL name fr: Bolivie ; en: Bolivia\n"
               "BOL adj fr: bolivien{,ne,s,nes} ; en: Bolivian\n"
               "BOL seat *: La Paz\n"
               "URY name fr: Uruguay ; en: Uruguay\n"
               "URY adj fr: uruguayen{,ne,s,nes} ; en: Uruguayan\n"
               "URY seat *: Montevideo\n"
               "IGOUNO name fr: ONU ; en: UN | United Nations\n"
               "CHLGOV person 2020-01-01..2030-12-31 *: Tomas Varela | Varela\n"
               "CHLGOV person 2010-01-01..2015-12-31 *: Ana Lucero | Lucero\n");
    write_file("agents.txt",
               "GOV fr: président{,e,s} | ministre{,s} | gouvernement | ministre des Affaires "
               "étrangères ; en: president{,s} | minister | government | foreign minister\n"
               "MIL fr: ministre de la Défense | armée | soldat{,s} | militaire{,s} ; en: defence "
               "minister | army | soldiers | troops | military\n"
               "COP fr: police ; en: police\n"
               "CVL fr: manifestants ; en: protesters\n"
               "ELI fr: ancien président ; en: former president\n"
               "=CPT fr: homologue{,s} ; en: counterpart{,s}\n"
               "=DEL fr: délégation{,s} ; en: delegation{,s}\n"
               "=ANY fr: responsable{,s} ; en: officials\n");
    write_file("patterns/t.txt",
               "040/036 fr $S rencontrer $T\n"
               "040/036 en $S meet [with] $T\n"
               "042 fr $S arriver {à,en,au} @T\n"
               "042 en $S arrive {in,at} @T\n"
               "043 fr $S accueillir $T\n"
               "043 en $S welcome $T\n"
               "057 fr $S signer {un,le} {accord,traité} [avec $T] ; recip\n"
               "057 en $S sign {a,the} {agreement,treaty} [with $T] ; recip\n"
               "112 fr $S accuser $T ; alleges\n"
               "112 en $S accuse $T ; alleges\n"
               "190 fr $S attaquer $T\n"
               "190 en $S attack $T\n"
               "071 fr $S fournir * {aide,carburant} {à,au,aux} $T\n"
               "071 en $S provide * aid to $T\n"
               "072 fr envoi par $S de * {soldats,troupes} {en,au,à} @T\n"
               "0231 fr $S demander * aide économique {à,au,aux} $T\n"
               "051 fr $S saluer $T\n");
}

typedef struct {
    dyad_ctx *ctx;
    dyad_worker *w;
} fixture;

static fixture fx;

/* Codes `text` (an article of `date` in `lang`) and writes its events as
 * "SRC CODE TGT DATE" lines, sorted, into out. */
static void code(const char *lang, const char *date, const char *text, char *out, size_t cap)
{
    dyad_article a;
    dyad_article_init(&a, "t", text, strlen(text));
    a.lang = lang;
    if (date) {
        int y, m, d;
        sscanf(date, "%d-%d-%d", &y, &m, &d);
        a.date = (dyad_date){.year = (int16_t)y, .month = (int8_t)m, .day = (int8_t)d,
                             .precision = DYAD_PREC_DAY};
    }
    dyad_doc *doc = NULL;
    dyad_error err;
    out[0] = '\0';
    if (dyad_doc_parse(&doc, fx.w, &a, 0, &err) != DYAD_OK) {
        snprintf(out, cap, "error: %s", err.msg);
        return;
    }
    char lines[32][96];
    size_t n = dyad_doc_event_count(doc);
    if (n > 32)
        n = 32;
    for (size_t i = 0; i < n; i++) {
        const dyad_event *e = dyad_doc_event(doc, i);
        char d[11];
        snprintf(lines[i], sizeof lines[i], "%s %s %s %s", e->source.code, e->code,
                 e->target.code ? e->target.code : "-", dyad_date_format(&e->date, d));
    }
    for (size_t i = 1; i < n; i++) /* insertion sort: tiny */
        for (size_t j = i; j > 0 && strcmp(lines[j - 1], lines[j]) > 0; j--) {
            char t[96];
            memcpy(t, lines[j], sizeof t);
            memcpy(lines[j], lines[j - 1], sizeof t);
            memcpy(lines[j - 1], t, sizeof t);
        }
    size_t len = 0;
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(out + len, cap > len ? cap - len : 0, "%s%s", i ? "; " : "",
                                lines[i]);
    dyad_doc_free(doc);
}

#define EXPECT(lang, date, text, want)                                                         \
    do {                                                                                       \
        char got_[1024];                                                                       \
        code(lang, date, text, got_, sizeof got_);                                             \
        CHECK_EQ_STR(got_, want);                                                              \
    } while (0)

static void test_actors(void)
{
    /* role from the agent, country from the adjective, across the adjective */
    EXPECT("fr", "2024-03-12", "Le ministre chilien de la Défense a rencontré lundi le président péruvien.",
           "CHLMIL 040 PERGOV 2024-03-11");
    EXPECT("en", "2024-03-12", "The Chilean defence minister met the Peruvian president on Monday.",
           "CHLMIL 040 PERGOV 2024-03-11");
    /* a capital as a speaker is the government; a bare country is the prefix */
    EXPECT("fr", "2024-03-12", "Santiago a accusé la Bolivie.", "CHLGOV 112 BOL 2024-03-12");
    /* a person takes the code true on the article's date; after it, ELI */
    EXPECT("fr", "2024-03-12", "Tomas Varela a rencontré le président uruguayen.",
           "CHLGOV 040 URYGOV 2024-03-12");
    EXPECT("fr", "2024-03-12", "Ana Lucero a rencontré le président uruguayen.",
           "CHLELI 040 URYGOV 2024-03-12");
    /* the text's title wins over the dictionary */
    EXPECT("en", "2024-03-12", "Former president Tomas Varela met the Uruguayan president.",
           "CHLELI 040 URYGOV 2024-03-12");
    /* an adjective alone is not an actor */
    EXPECT("fr", "2024-03-12", "L'aide argentine a attaqué la Bolivie.", "");
}

static void test_compound_and_reciprocal(void)
{
    EXPECT("fr", "2024-03-12", "Santiago et Lima accusent la Bolivie.",
           "CHLGOV 112 BOL 2024-03-12; PERGOV 112 BOL 2024-03-12");
    EXPECT("en", "2024-03-12", "Chile accused Peru and Bolivia.",
           "CHL 112 BOL 2024-03-12; CHL 112 PER 2024-03-12");
    EXPECT("fr", "2024-03-12", "Le Chili et le Pérou ont signé un accord.",
           "CHL 057 PER 2024-03-12; PER 057 CHL 2024-03-12");
    EXPECT("en", "2024-03-12", "Chile and Peru signed a treaty.",
           "CHL 057 PER 2024-03-12; PER 057 CHL 2024-03-12");
    /* one party alone signed with no one we know of */
    EXPECT("en", "2024-03-12", "Chile signed a treaty.", "");
    /* a single subject acting "with" a target: both did it */
    EXPECT("fr", "2024-03-12", "Le Chili a signé un accord avec le Pérou.",
           "CHL 057 PER 2024-03-12; PER 057 CHL 2024-03-12");
    /* a direct object: one direction */
    EXPECT("fr", "2024-03-12", "Le président chilien a rencontré le président péruvien.",
           "CHLGOV 040 PERGOV 2024-03-12");
}

static void test_passive_and_visits(void)
{
    /* a reported hosting implies the visit (EVENTS.md section 3: 042 toward the host) */
    EXPECT("fr", "2024-03-12", "Le président chilien a été accueilli par le président péruvien.",
           "CHLGOV 042 PER 2024-03-12; PERGOV 043 CHLGOV 2024-03-12");
    EXPECT("en", "2024-03-12", "The Chilean president was welcomed by the Peruvian president.",
           "CHLGOV 042 PER 2024-03-12; PERGOV 043 CHLGOV 2024-03-12");
    /* (a meeting in one party's country also implies the other's visit:
     * that needs the gazetteer, tested by the `#=` examples of 04-consult) */
    EXPECT("fr", "2024-03-12",
           "Le président chilien, accueilli par le président péruvien, est arrivé à Lima.",
           "CHLGOV 042 PER 2024-03-12; PERGOV 043 CHLGOV 2024-03-12");
    /* a passive with no agent has no source: no event */
    EXPECT("en", "2024-03-12", "The Chilean president was welcomed warmly.", "");
}

static void test_modality(void)
{
    /* future and intention: the intent code */
    EXPECT("fr", "2024-03-12", "Le président chilien rencontrera le président péruvien.",
           "CHLGOV 036 PERGOV 2024-03-12");
    EXPECT("fr", "2024-03-12", "Le président chilien va rencontrer le président péruvien.",
           "CHLGOV 036 PERGOV 2024-03-12");
    EXPECT("en", "2024-03-12", "The Chilean president will meet the Peruvian president.",
           "CHLGOV 036 PERGOV 2024-03-12");
    /* a threat to attack is a threat (13x) */
    EXPECT("fr", "2024-03-12", "Le Chili menace d'attaquer la Bolivie.", "CHL 138 BOL 2024-03-12");
    /* negation */
    EXPECT("fr", "2024-03-12", "Le président chilien n'a pas rencontré le président péruvien.", "");
    EXPECT("en", "2024-03-12", "The Chilean president did not meet the Peruvian president.", "");
    /* conditions and questions */
    EXPECT("en", "2024-03-12", "Chile could attack Bolivia.", "");
    EXPECT("fr", "2024-03-12", "Le Chili va-t-il attaquer la Bolivie ?", "");
    /* an infinitive of purpose is not an event */
    EXPECT("fr", "2024-03-12", "Le Chili a envoyé des diplomates pour rencontrer le Pérou.", "");
}

static void test_speech_and_allegations(void)
{
    /* reported speech: the reported fact with its own actors */
    EXPECT("fr", "2024-03-12", "Lima affirme que le Chili a attaqué la Bolivie.",
           "CHL 190 BOL 2024-03-12");
    /* an accusation: only the 112; the alleged act is not coded */
    EXPECT("fr", "2024-03-12", "La Bolivie accuse le Chili d'avoir attaqué le Pérou.",
           "BOL 112 CHL 2024-03-12");
    EXPECT("en", "2024-03-12", "Bolivia accused Chile of attacking Peru.", "BOL 112 CHL 2024-03-12");
    /* a nominalised event with both actors explicit */
    EXPECT("fr", "2024-03-12", "Lima dénonce l'envoi par le Chili de milliers de soldats en Bolivie.",
           "CHL 072 BOL 2024-03-12");
}

static void test_dates(void)
{
    /* a weekday in the past: the most recent such day on or before */
    EXPECT("fr", "2024-03-15", "Le Chili a attaqué vendredi la Bolivie.", "CHL 190 BOL 2024-03-15");
    EXPECT("fr", "2024-03-15", "Le Chili a attaqué mardi la Bolivie.", "CHL 190 BOL 2024-03-12");
    EXPECT("en", "2024-03-15", "Chile attacked Bolivia on Tuesday.", "CHL 190 BOL 2024-03-12");
    EXPECT("fr", "2024-03-15", "Le Chili a attaqué hier la Bolivie.", "CHL 190 BOL 2024-03-14");
    EXPECT("en", "2024-03-15", "Chile attacked Bolivia yesterday.", "CHL 190 BOL 2024-03-14");
    /* background events keep their own date */
    EXPECT("fr", "2024-03-15", "Le Chili a signé en juin un accord avec le Pérou.",
           "CHL 057 PER 2023-06; PER 057 CHL 2023-06");
    EXPECT("en", "2024-03-15", "Chile signed a treaty with Peru in June.",
           "CHL 057 PER 2023-06; PER 057 CHL 2023-06");
    EXPECT("fr", "2024-03-15", "Le Chili a attaqué le 3 mars la Bolivie.", "CHL 190 BOL 2024-03-03");
    EXPECT("en", "2024-03-15", "Chile attacked Bolivia on March 3.", "CHL 190 BOL 2024-03-03");
    EXPECT("en", "2024-03-15", "Chile attacked Bolivia in 2022.", "CHL 190 BOL 2022");
    /* future weekday: the next one */
    EXPECT("fr", "2024-03-13", "Le président chilien rencontrera vendredi le président péruvien.",
           "CHLGOV 036 PERGOV 2024-03-15");
    /* no date in the text: the article's; none at all: no date */
    EXPECT("en", NULL, "Chile attacked Bolivia.", "CHL 190 BOL ");
}

static void test_document_memory(void)
{
    /* a pronoun refers to the last subject */
    EXPECT("fr", "2024-03-12",
           "Le ministre chilien de la Défense est arrivé à Lima. Il a rencontré le président "
           "péruvien.",
           "CHLMIL 040 PERGOV 2024-03-12; CHLMIL 042 PER 2024-03-12");
    /* a surname met with a title refers back; the counterpart takes the role */
    EXPECT("fr", "2024-03-12",
           "Le ministre bolivien de la Défense Jaime Ortiz est arrivé à Lima. Ortiz a été accueilli "
           "par son homologue péruvien.",
           "BOLMIL 042 PER 2024-03-12; PERMIL 043 BOLMIL 2024-03-12");
    /* a delegation takes its leader's role */
    EXPECT("fr", "2024-03-12",
           "Le président chilien a rencontré une délégation bolivienne, dirigée par le ministre de "
           "la Défense.",
           "CHLGOV 040 BOLMIL 2024-03-12");
    /* "les deux pays": the last two countries */
    EXPECT("fr", "2024-03-12",
           "Le président chilien est arrivé au Pérou. Les deux pays ont signé un accord.",
           "CHL 057 PER 2024-03-12; CHLGOV 042 PER 2024-03-12; PER 057 CHL 2024-03-12");
    /* indefinite officials take the country of the place named */
    EXPECT("fr", "2024-03-12",
           "Le ministre chilien est arrivé en Bolivie, où il rencontrera des responsables militaires.",
           "CHLGOV 036 BOLMIL 2024-03-12; CHLGOV 042 BOL 2024-03-12");
}

static void test_merging(void)
{
    /* the same event in two sentences is one event with two mentions */
    dyad_article a;
    const char *text = "Le Chili a attaqué la Bolivie. Selon Lima, le Chili a attaqué la Bolivie.";
    dyad_article_init(&a, "m", text, strlen(text));
    a.lang = "fr";
    a.date = (dyad_date){.year = 2024, .month = 3, .day = 12, .precision = DYAD_PREC_DAY};
    dyad_doc *doc = NULL;
    CHECK(dyad_doc_parse(&doc, fx.w, &a, 0, NULL) == DYAD_OK);
    CHECK_EQ_INT(dyad_doc_event_count(doc), 1);
    const dyad_event *e = dyad_doc_event(doc, 0);
    CHECK_EQ_INT(e->mentions, 2);
    CHECK_EQ_STR(e->event_id, "m-1");
    /* provenance: byte offsets of actors and trigger in the article text */
    CHECK_EQ_INT(e->source.start, 0);
    CHECK(strncmp(text + e->source.start, "Le Chili", e->source.end - e->source.start) == 0);
    CHECK(strncmp(text + e->trigger_start, "a attaqué", e->trigger_end - e->trigger_start) == 0);
    CHECK(strncmp(text + e->target.start, "la Bolivie", e->target.end - e->target.start) == 0);
    CHECK_EQ_STR(e->root, "19");
    CHECK_EQ_INT(e->quad_class, 4);
    dyad_doc_free(doc);
    /* a role-less event merges into the same event with roles */
    EXPECT("fr", "2024-03-12",
           "Santiago a attaqué la Bolivie. Le Chili a attaqué la Bolivie.", "CHLGOV 190 BOL 2024-03-12");
    /* no event between an actor and itself */
    EXPECT("fr", "2024-03-12", "Le Chili a attaqué le Chili.", "");
}

int main(void)
{
    make_data();
    dyad_config cfg = {.data_dir = dir};
    dyad_error err;
    if (dyad_ctx_open(&fx.ctx, &cfg, &err) != DYAD_OK) {
        fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
        return 1;
    }
    if (dyad_worker_new(&fx.w, fx.ctx, &err) != DYAD_OK)
        return 1;
    RUN(test_actors);
    RUN(test_compound_and_reciprocal);
    RUN(test_passive_and_visits);
    RUN(test_modality);
    RUN(test_speech_and_allegations);
    RUN(test_dates);
    RUN(test_document_memory);
    RUN(test_merging);
    dyad_worker_free(fx.w);
    dyad_ctx_close(fx.ctx);
    if (check_failed) {
        fprintf(stderr, "test data kept in %s\n", dir);
        return CHECK_DONE();
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        return 1;
    return CHECK_DONE();
}

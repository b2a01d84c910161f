/* fuzz_dict.h -- the body of the dictionary fuzzers (fuzz_dict_*.c): each
 * defines DICT_KIND and includes this. The fuzz input is written as one
 * dictionary file into a scratch copy of the data directory (the other files
 * small but valid), then that module's loader runs. When the file loads, it
 * is swapped into a full context (the real dictionaries, loaded once) and a
 * few sentences are coded with it, so a strange but accepted entry reaches
 * the lexicon, pattern and gazetteer matchers too. Errors must name the
 * file; nothing may crash or leak. */
#include "fuzz_common.h"

enum { K_ACTORS, K_AGENTS, K_PATTERNS, K_INTENT, K_VERBS, K_REGIONS, K_CODES };

static dyad_ctx *full;   /* real dictionaries; one module swapped in per input */
static dyad_worker *w;
static char scratch[1100]; /* the scratch data dir */
static bool verbose;       /* FUZZ_VERBOSE=1: print each load's status */

static const char *const texts[][2] = {
    {"fr", "Le président russe Vladimir Poutine a rencontré mardi à Moscou le Premier ministre "
           "indien. La France a condamné l'attaque contre l'ambassade. Les soldats ukrainiens "
           "ont bombardé la région de Koursk vendredi. L'Iran menace d'expulser les inspecteurs."},
    {"en", "Russia and China signed a trade agreement on Monday in Beijing. The French president "
           "visited Kenya. Israeli troops attacked Gaza City on Friday, killing 12 people. "
           "North Korea will meet US officials in Geneva next week."},
};

/* A small places.tsv: comments, countries and regions, the places the real
 * regions.txt names by GeoNames id, and 300 more (loading all 26,000 lines
 * per input would make the regions fuzzer ten times slower). */
static void copy_places(void)
{
    char src[1200], dst[1200], line[4096];
    snprintf(src, sizeof src, "%s/gazetteer/regions.txt", fz_data);
    FILE *f = fopen(src, "rb");
    if (!f)
        abort();
    static char regions[1 << 20];
    size_t rl = fread(regions, 1, sizeof regions - 1, f);
    regions[rl] = '\0';
    fclose(f);
    snprintf(src, sizeof src, "%s/gazetteer/places.tsv", fz_data);
    snprintf(dst, sizeof dst, "%s/gazetteer/places.tsv", fz_tmpdir());
    FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");
    if (!in || !out)
        abort();
    int others = 0;
    while (fgets(line, sizeof line, in)) {
        char id[32] = "", type[8] = "";
        bool keep = line[0] == '#' || sscanf(line, "%31s %7s", id, type) != 2 ||
                    type[0] == 'C' || type[0] == 'R' || others++ < 300;
        if (!keep) {
            char word[40];
            snprintf(word, sizeof word, " %s ", id);
            keep = strstr(regions, word) != NULL;
        }
        if (keep)
            fputs(line, out);
    }
    fclose(in);
    if (fclose(out) != 0)
        abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    fz_find_data((*argv)[0]);
    verbose = getenv("FUZZ_VERBOSE") != NULL;
    full = fz_open_ctx();
    dyad_error err;
    if (dyad_worker_new(&w, full, &err) != DYAD_OK)
        abort();
    snprintf(scratch, sizeof scratch, "%s", fz_tmpdir());
    fz_mkdir("actors");
    fz_mkdir("patterns");
    fz_mkdir("lexicon");
    fz_mkdir("gazetteer");
    fz_copy("cameo_codes.tsv", 0);
    fz_copy("intent.txt", 0);
    fz_copy("agents.txt", 0);
    fz_copy("actors/orgs.txt", 0);
    fz_copy("patterns/04-consult.txt", 60);
    fz_copy("lexicon/en-verbs.txt", 400);
    fz_copy("lexicon/fr-verbs.txt", 400);
    copy_places();
    fz_copy("gazetteer/regions.txt", 40);
    fz_copy("gazetteer/iso3_fips.tsv", 0);
    return 0;
}

/* Codes the sample texts with `full`, whose module was replaced. */
static void code_samples(void)
{
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        dyad_article a;
        dyad_article_init(&a, "fz", texts[i][1], strlen(texts[i][1]));
        a.lang = texts[i][0];
        a.date = (dyad_date){2024, 3, 15, 0, 0, DYAD_PREC_DAY};
        dyad_doc *doc;
        dyad_error err;
        FZ_CHECK(dyad_doc_parse(&doc, w, &a, 0, &err) == DYAD_OK);
        fz_check_doc(doc);
        dyad_doc_free(doc);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dyad_ctx c;
    memset(&c, 0, sizeof c);
    c.mem = full->mem;
    c.data_dir = scratch;
    dyad_error err;
    memset(&err, 0, sizeof err);
    dyad_status st;
    switch (DICT_KIND) {
    case K_ACTORS:
        fz_write("actors/fuzz.txt", data, size);
        st = dyad__lexicon_load(&c, &err);
        break;
    case K_AGENTS:
        fz_write("agents.txt", data, size);
        st = dyad__lexicon_load(&c, &err);
        break;
    case K_PATTERNS:
    case K_INTENT:
        fz_write(DICT_KIND == K_PATTERNS ? "patterns/fuzz.txt" : "intent.txt", data, size);
        c.codes = full->codes; /* patterns check codes and verb lemmas */
        c.verbs = full->verbs;
        st = dyad__patterns_load(&c, &err);
        break;
    case K_VERBS:
        fz_write("lexicon/fr-verbs.txt", data, size);
        st = dyad__verbs_load(&c, &err);
        break;
    case K_REGIONS:
        fz_write("gazetteer/regions.txt", data, size);
        st = dyad__gazetteer_load(&c, &err);
        break;
    default:
        fz_write("cameo_codes.tsv", data, size);
        st = dyad__codes_load(&c, &err);
        break;
    }
    if (verbose)
        fprintf(stderr, "load: %s %s:%ld: %s\n", dyad_strerror(st), err.file, err.line, err.msg);
    if (st != DYAD_OK) {
        FZ_CHECK(st == DYAD_EDATA || st == DYAD_EIO);
        FZ_CHECK(err.code == st && err.msg[0] && err.file[0]);
    } else {
        /* swap the module into the full context, code, swap back */
        dyad_ctx saved = *full;
        switch (DICT_KIND) {
        case K_ACTORS:
        case K_AGENTS:
            full->lex = c.lex;
            break;
        case K_PATTERNS:
        case K_INTENT:
            full->pat = c.pat;
            break;
        case K_VERBS:
            break; /* the patterns were compiled against the real verbs */
        case K_REGIONS:
            full->gaz = c.gaz;
            break;
        default:
            break; /* the patterns hold codes from the real table */
        }
        code_samples();
        full->lex = saved.lex;
        full->pat = saved.pat;
        full->gaz = saved.gaz;
    }
    c.codes = DICT_KIND == K_CODES ? c.codes : NULL;
    c.verbs = DICT_KIND == K_VERBS ? c.verbs : NULL;
    dyad__gazetteer_free(&c);
    dyad__patterns_free(&c);
    dyad__lexicon_free(&c);
    dyad__verbs_free(&c);
    dyad__codes_free(&c);
    return 0;
}

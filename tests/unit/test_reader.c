/* test_reader.c -- .txt and JSON Lines readers: fields, ids, gold events,
 * repairs and the records that are reported and skipped. */
#include "check.h"
#include "internal.h"

#include <stdlib.h>
#include <unistd.h>

static void test_jsonl(void)
{
    static const char in[] =
        "{\"id\":\"a1\",\"text\":\"Le Mali a rappelé son ambassadeur.\",\"lang\":\"fr\","
        "\"title\":\"T\",\"source\":\"S\",\"url\":\"http://x\",\"date\":\"2024-11-29\"}\n"
        "\n"
        "   \n"
        "{\"text\":\"No id here.\",\"date\":null}\n"
        "{not json}\n"
        "{\"id\":\"x\",\"title\":\"no text\"}\n"
        "{\"id\":7,\"text\":\"bad \xff byte\",\"date\":\"2024-11-29T06:59:00Z\"}\n"
        "{\"id\":\"g\",\"text\":\"nul\\u0000here\",\"events\":[{\"source\":\"RUSMIL\","
        "\"target\":null,\"code\":\"042\",\"date\":\"2024-11\"},{\"code\":\"010\"}]}\n"
        "[1,2]\n"
        "{\"id\":\"e\",\"text\":\"empty gold\",\"events\":[],\"extra\":{\"a\":1}}\n"
        "{\"id\":\"t\",\"text\":\"truncated";
    dyad_reader *r;
    dyad_error err = {0};
    CHECK_EQ_INT(dyad__reader_open_mem(&r, in, sizeof in - 1, "dir/news.jsonl", DYAD_FMT_JSONL,
                                       &err),
                 DYAD_OK);
    dyad_article a;
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_OK);
    CHECK_EQ_STR(a.id, "a1");
    CHECK_EQ_STR(a.text, "Le Mali a rappelé son ambassadeur.");
    CHECK_EQ_INT(a.text_len, strlen(a.text));
    CHECK_EQ_STR(a.lang, "fr");
    CHECK_EQ_STR(a.title, "T");
    CHECK_EQ_STR(a.source, "S");
    CHECK_EQ_STR(a.url, "http://x");
    CHECK_EQ_INT(a.date.year, 2024);
    CHECK_EQ_INT(a.date.precision, DYAD_PREC_DAY);
    CHECK(!a.is_plain && !a.has_gold);
    CHECK_EQ_INT(a.line, 1);

    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_OK);
    CHECK_EQ_STR(a.id, "news-4"); /* file stem and line number */
    CHECK_EQ_INT(a.date.precision, DYAD_PREC_NONE);
    CHECK(a.title == NULL && a.lang == NULL);

    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_EPARSE);
    CHECK_EQ_INT(err.line, 5);
    CHECK_EQ_STR(err.file, "dir/news.jsonl");
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_EPARSE);
    CHECK_EQ_INT(err.line, 6);
    CHECK(strstr(err.msg, "text") != NULL);

    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_OK);
    CHECK_EQ_STR(a.id, "7");
    CHECK_EQ_STR(a.text, "bad \xEF\xBF\xBD byte");
    CHECK_EQ_INT(a.repairs, 1);
    CHECK_EQ_INT(a.date.precision, DYAD_PREC_MINUTE);
    CHECK_EQ_INT(a.date.hour, 6);

    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_OK);
    CHECK_EQ_INT(a.text_len, 8);
    CHECK(memcmp(a.text, "nul here", 8) == 0);
    CHECK(a.has_gold);
    CHECK_EQ_INT(a.gold_count, 2);
    if (a.gold_count == 2) {
        CHECK_EQ_STR(a.gold[0].source, "RUSMIL");
        CHECK(a.gold[0].target == NULL);
        CHECK_EQ_STR(a.gold[0].code, "042");
        CHECK_EQ_STR(a.gold[0].date, "2024-11");
        CHECK_EQ_STR(a.gold[1].code, "010");
        CHECK(a.gold[1].source == NULL && a.gold[1].date == NULL);
    }
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_EPARSE); /* an array */
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_OK);
    CHECK(a.has_gold);
    CHECK_EQ_INT(a.gold_count, 0);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_EPARSE); /* truncated last line */
    CHECK_EQ_INT(err.line, 11);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_EOF);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_EOF);
    dyad_reader_close(r);
}

static char tmpdir[64];

static void write_file(const char *path, const char *data, size_t n)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(data, 1, n, f);
        fclose(f);
    }
}

static void test_files(void)
{
    char path[128];
    dyad_reader *r;
    dyad_error err = {0};
    dyad_article a;

    /* a plain article: the whole file, id from its name */
    snprintf(path, sizeof path, "%s/visite.txt", tmpdir);
    write_file(path, "Titre\n\nTexte\x00 ici\xC3.\n", 20);
    CHECK_EQ_INT(dyad_reader_open(&r, path, DYAD_FMT_AUTO, &err), DYAD_OK);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_OK);
    CHECK_EQ_STR(a.id, "visite");
    CHECK(a.is_plain);
    CHECK_EQ_STR(a.text, "Titre\n\nTexte  ici\xEF\xBF\xBD.\n");
    CHECK_EQ_INT(a.repairs, 2);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_EOF);
    dyad_reader_close(r);

    /* an empty file: just EOF, for both formats */
    snprintf(path, sizeof path, "%s/empty.txt", tmpdir);
    write_file(path, "", 0);
    CHECK_EQ_INT(dyad_reader_open(&r, path, DYAD_FMT_AUTO, &err), DYAD_OK);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_EOF);
    dyad_reader_close(r);
    CHECK_EQ_INT(dyad_reader_open(&r, path, DYAD_FMT_JSONL, &err), DYAD_OK);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_EOF);
    dyad_reader_close(r);

    /* a missing file: EIO naming it */
    snprintf(path, sizeof path, "%s/missing.jsonl", tmpdir);
    CHECK_EQ_INT(dyad_reader_open(&r, path, DYAD_FMT_AUTO, &err), DYAD_EIO);
    CHECK(r == NULL);
    CHECK(strstr(err.msg, "missing.jsonl") != NULL);

    /* a 4 MB line between two small ones */
    size_t big = 4u << 20;
    char *buf = malloc(big + 200);
    CHECK(buf != NULL);
    if (!buf)
        return;
    size_t n = (size_t)sprintf(buf, "{\"id\":\"s1\",\"text\":\"small\"}\n{\"id\":\"big\",\"text\":\"");
    for (size_t i = 0; i < big; i++)
        buf[n++] = (char)(i % 64 == 63 ? ' ' : 'a' + (char)(i % 26));
    n += (size_t)sprintf(buf + n, "\"}\n{\"id\":\"s2\",\"text\":\"small\"}\n");
    snprintf(path, sizeof path, "%s/big.jsonl", tmpdir);
    write_file(path, buf, n);
    free(buf);
    CHECK_EQ_INT(dyad_reader_open(&r, path, DYAD_FMT_AUTO, &err), DYAD_OK);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_OK);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_OK);
    CHECK_EQ_STR(a.id, "big");
    CHECK_EQ_INT(a.text_len, big);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_OK);
    CHECK_EQ_STR(a.id, "s2");
    CHECK_EQ_INT(a.line, 3);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_EOF);
    dyad_reader_close(r);

    /* --txt on a file of another extension */
    snprintf(path, sizeof path, "%s/article.html", tmpdir);
    write_file(path, "Un texte.", 9);
    CHECK_EQ_INT(dyad_reader_open(&r, path, DYAD_FMT_TXT, &err), DYAD_OK);
    CHECK_EQ_INT(dyad_reader_next(r, &a, &err), DYAD_OK);
    CHECK_EQ_STR(a.id, "article");
    dyad_reader_close(r);
    dyad_reader_close(NULL);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/dyad-test-reader-XXXXXX");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    RUN(test_jsonl);
    RUN(test_files);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return CHECK_DONE();
}

/* test_utf8.c -- repair, decoding, NFC with its offset map, folding. */
#include "check.h"
#include "internal.h"

static dyad_mem mem;

static const char *repair(dyad_arena *a, const char *s, size_t n, size_t *reps)
{
    size_t len;
    *reps = 0;
    const char *r = dyad__utf8_repair(a, s, n, &len, reps);
    CHECK(r != NULL && strlen(r) == len);
    return r;
}

static void test_repair(void)
{
    dyad_arena a;
    dyad__arena_init(&a, &mem);
    size_t reps;
    CHECK_EQ_STR(repair(&a, "plain ascii", 11, &reps), "plain ascii");
    CHECK_EQ_INT(reps, 0);
    CHECK_EQ_STR(repair(&a, "Défense «ok»", strlen("Défense «ok»"), &reps), "Défense «ok»");
    CHECK_EQ_INT(reps, 0);
    /* a stray continuation byte, a lone lead byte */
    CHECK_EQ_STR(repair(&a, "a\x80z", 3, &reps), "a\xEF\xBF\xBDz");
    CHECK_EQ_INT(reps, 1);
    CHECK_EQ_STR(repair(&a, "a\xC3z", 3, &reps), "a\xEF\xBF\xBDz");
    CHECK_EQ_INT(reps, 1);
    /* overlong encodings of '/' and NUL */
    CHECK_EQ_STR(repair(&a, "\xC0\xAF", 2, &reps), "\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_EQ_INT(reps, 2);
    CHECK_EQ_STR(repair(&a, "\xE0\x80\xAF", 3, &reps), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK_EQ_INT(reps, 3);
    /* a surrogate (U+D800) and a code point above U+10FFFF */
    CHECK_EQ_STR(repair(&a, "x\xED\xA0\x80y", 5, &reps), "x\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBDy");
    CHECK_EQ_INT(reps, 3);
    CHECK_EQ_STR(repair(&a, "\xF4\x90\x80\x80", 4, &reps),
                 "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    /* truncated 3- and 4-byte sequences: one U+FFFD for the maximal subpart */
    CHECK_EQ_STR(repair(&a, "\xE2\x80z", 3, &reps), "\xEF\xBF\xBDz");
    CHECK_EQ_INT(reps, 1);
    CHECK_EQ_STR(repair(&a, "\xF0\x9F\x98", 3, &reps), "\xEF\xBF\xBD");
    CHECK_EQ_INT(reps, 1);
    /* valid 4-byte sequence kept */
    CHECK_EQ_STR(repair(&a, "\xF0\x9F\x98\x80", 4, &reps), "\xF0\x9F\x98\x80");
    CHECK_EQ_INT(reps, 0);
    /* NUL becomes a space */
    CHECK_EQ_STR(repair(&a, "a\0b", 3, &reps), "a b");
    CHECK_EQ_INT(reps, 1);
    /* long clean prefix, then an error (exercises the 8-byte scan) */
    CHECK_EQ_STR(repair(&a, "0123456789abcdef\xFF", 17, &reps), "0123456789abcdef\xEF\xBF\xBD");

    dyad_buf b;
    dyad__buf_init(&b, &mem);
    reps = 0;
    dyad__utf8_repair_buf(&b, "ok\xFE", 3, &reps);
    CHECK_EQ_STR(b.ptr, "ok\xEF\xBF\xBD");
    CHECK_EQ_INT(reps, 1);
    dyad__buf_free(&b);
    dyad__arena_free(&a);
}

static void test_next(void)
{
    int32_t cp;
    CHECK_EQ_INT(dyad__utf8_next("A", 1, &cp), 1);
    CHECK_EQ_INT(cp, 'A');
    CHECK_EQ_INT(dyad__utf8_next("é", 2, &cp), 2);
    CHECK_EQ_INT(cp, 0xE9);
    CHECK_EQ_INT(dyad__utf8_next("’", 3, &cp), 3);
    CHECK_EQ_INT(cp, 0x2019);
    CHECK_EQ_INT(dyad__utf8_next("\xF0\x9F\x98\x80", 4, &cp), 4);
    CHECK_EQ_INT(cp, 0x1F600);
    CHECK_EQ_INT(dyad__utf8_next("\xE2\x80", 2, &cp), 2); /* truncated */
    CHECK_EQ_INT(cp, 0xFFFD);
    CHECK_EQ_INT(dyad__utf8_next("\x80", 1, &cp), 1);
    CHECK_EQ_INT(cp, 0xFFFD);
}

static void test_nfc(void)
{
    dyad_arena a;
    dyad__arena_init(&a, &mem);
    const char *norm;
    size_t nl;
    uint32_t *map;
    /* already NFC: the same pointer back, no map */
    const char *t1 = "L’armée «russe» a dit – Défense";
    CHECK_EQ_INT(dyad__utf8_nfc(&a, t1, strlen(t1), &norm, &nl, &map), DYAD_OK);
    CHECK(norm == t1 && map == NULL && nl == strlen(t1));
    /* decomposed é (e + U+0301) is composed; the map points back */
    const char *t2 = "Andre\xCC\x81 et Ce\xCC\x81line";
    CHECK_EQ_INT(dyad__utf8_nfc(&a, t2, strlen(t2), &norm, &nl, &map), DYAD_OK);
    CHECK_EQ_STR(norm, "André et Céline");
    CHECK(map != NULL);
    if (map) {
        CHECK_EQ_INT(map[0], 0);
        CHECK_EQ_INT(map[4], 4);                 /* é starts where e did */
        CHECK_EQ_INT(map[6], 7);                 /* the space after it */
        CHECK_EQ_INT(map[nl], strlen(t2));       /* the end */
        const char *cel = strstr(norm, "Céline");
        CHECK_EQ_INT(map[cel - norm], strstr(t2, "Ce") - t2);
        for (size_t i = 0; i < nl; i++)
            CHECK(map[i] <= map[i + 1]);
    }
    /* a combining mark after an inert character that stays */
    const char *t3 = "x\xCC\x81y";
    CHECK_EQ_INT(dyad__utf8_nfc(&a, t3, strlen(t3), &norm, &nl, &map), DYAD_OK);
    CHECK_EQ_STR(norm, "x\xCC\x81y");
    /* Hangul jamo compose */
    const char *t4 = "\xE1\x84\x80\xE1\x85\xA1"; /* U+1100 U+1161 -> U+AC00 */
    CHECK_EQ_INT(dyad__utf8_nfc(&a, t4, strlen(t4), &norm, &nl, &map), DYAD_OK);
    CHECK_EQ_STR(norm, "\xEA\xB0\x80");
    /* a singleton: Ohm sign U+2126 -> Omega U+03A9 */
    const char *t5 = "5 \xE2\x84\xA6";
    CHECK_EQ_INT(dyad__utf8_nfc(&a, t5, strlen(t5), &norm, &nl, &map), DYAD_OK);
    CHECK_EQ_STR(norm, "5 \xCE\xA9");
    dyad__arena_free(&a);
}

static const char *fold(const char *s, char *buf, size_t cap)
{
    dyad__fold(s, strlen(s), buf, cap);
    return buf;
}

static void test_fold(void)
{
    char b[64];
    CHECK_EQ_STR(fold("Défense", b, sizeof b), "defense");
    CHECK_EQ_STR(fold("ÉTATS-UNIS", b, sizeof b), "etats-unis");
    CHECK_EQ_STR(fold("l’armée", b, sizeof b), "l'armee");
    CHECK_EQ_STR(fold("aujourd\xCA\xBChui", b, sizeof b), "aujourd'hui");
    CHECK_EQ_STR(fold("«Cœur»", b, sizeof b), "\"coeur\"");
    CHECK_EQ_STR(fold("“Hi” „x“", b, sizeof b), "\"hi\" \"x\"");
    CHECK_EQ_STR(fold("a–b—c‐d‑e", b, sizeof b), "a-b-c-d-e");
    CHECK_EQ_STR(fold("Straße", b, sizeof b), "strasse");
    CHECK_EQ_STR(fold("Æther", b, sizeof b), "aether");
    CHECK_EQ_STR(fold("Çà Où Îles", b, sizeof b), "ca ou iles");
    CHECK_EQ_STR(fold("e\xCC\x81t\xC3\xA9", b, sizeof b), "ete"); /* decomposed input */
    CHECK_EQ_STR(fold("Москва", b, sizeof b), "москва");
    CHECK_EQ_STR(fold("`quoted'", b, sizeof b), "'quoted'");
    /* truncation never splits a character */
    CHECK_EQ_INT(dyad__fold("ééé", 6, b, 3), 2);
    CHECK_EQ_STR(b, "ee");
    CHECK_EQ_INT(dyad__fold("œœ", 4, b, 4), 2); /* "oe" fits, the second does not */
    CHECK_EQ_STR(b, "oe");
    CHECK_EQ_INT(dyad__fold("abc", 3, b, 1), 0);
    CHECK_EQ_STR(b, "");
    CHECK_EQ_INT(dyad__fold("œuvre", strlen("œuvre"), b, 3), 2);
    CHECK_EQ_STR(b, "oe");
}

int main(void)
{
    dyad__mem_init(&mem, NULL);
    RUN(test_repair);
    RUN(test_next);
    RUN(test_nfc);
    RUN(test_fold);
    return CHECK_DONE();
}

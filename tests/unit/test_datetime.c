/* test_datetime.c -- absolute dates and times in French and English. */
#include "check.h"
#include "internal.h"

static int y, mo, d, h, mi, prec;

static bool parse(const char *s)
{
    dyad_date dt;
    memset(&dt, 0x55, sizeof dt);
    if (!dyad__parse_date(s, strlen(s), &dt))
        return false;
    y = dt.year, mo = dt.month, d = dt.day, h = dt.hour, mi = dt.minute, prec = dt.precision;
    return true;
}

#define DATE(s, Y, M, D, P)                                                                    \
    do {                                                                                       \
        CHECK(parse(s));                                                                       \
        CHECK_EQ_INT(y, Y);                                                                    \
        CHECK_EQ_INT(mo, M);                                                                   \
        CHECK_EQ_INT(d, D);                                                                    \
        CHECK_EQ_INT(prec, P);                                                                 \
    } while (0)

#define DATETIME(s, Y, M, D, H, MI)                                                            \
    do {                                                                                       \
        DATE(s, Y, M, D, DYAD_PREC_MINUTE);                                                    \
        CHECK_EQ_INT(h, H);                                                                    \
        CHECK_EQ_INT(mi, MI);                                                                  \
    } while (0)

static void test_french(void)
{
    DATETIME("Le 29/11/2024 à 06h59", 2024, 11, 29, 6, 59);
    DATETIME("  Le 29/11/2024 à 06h59  ", 2024, 11, 29, 6, 59);
    DATE("29 novembre 2024", 2024, 11, 29, DYAD_PREC_DAY);
    DATE("vendredi 29 novembre 2024", 2024, 11, 29, DYAD_PREC_DAY);
    DATE("Vendredi, 29 Novembre 2024", 2024, 11, 29, DYAD_PREC_DAY);
    DATE("le 1er janvier 2025", 2025, 1, 1, DYAD_PREC_DAY);
    DATE("3 févr. 2023", 2023, 2, 3, DYAD_PREC_DAY);
    DATE("15 août 2024", 2024, 8, 15, DYAD_PREC_DAY);
    DATE("12 déc. 2022", 2022, 12, 12, DYAD_PREC_DAY);
    DATE("7 janv. 2021.", 2021, 1, 7, DYAD_PREC_DAY);
    DATETIME("Publié le 29/11/2024 à 14 h 30", 2024, 11, 29, 14, 30);
    DATETIME("Mis à jour le 2 mars 2024 à 9h05", 2024, 3, 2, 9, 5);
    DATETIME("Publié le 29 novembre 2024 à 06h59 - Mis à jour le 29 novembre 2024 à 08h00", 2024,
             11, 29, 6, 59);
    DATETIME("samedi 30 novembre 2024 à 14h", 2024, 11, 30, 14, 0);
    DATE("29.11.2024", 2024, 11, 29, DYAD_PREC_DAY);
    DATE("novembre 2024", 2024, 11, 0, DYAD_PREC_MONTH);
}

static void test_english(void)
{
    DATE("Nov. 29, 2024", 2024, 11, 29, DYAD_PREC_DAY);
    DATE("November 29, 2024", 2024, 11, 29, DYAD_PREC_DAY);
    DATETIME("November 29, 2024 6:59 AM", 2024, 11, 29, 6, 59);
    DATETIME("November 29, 2024 6:59 PM", 2024, 11, 29, 18, 59);
    DATETIME("Nov. 29, 2024, 12:05 a.m. ET", 2024, 11, 29, 0, 5);
    DATETIME("Updated November 29, 2024 6:59 AM GMT", 2024, 11, 29, 6, 59);
    DATE("Friday, Nov. 29, 2024", 2024, 11, 29, DYAD_PREC_DAY);
    DATE("Sept. 3, 2023", 2023, 9, 3, DYAD_PREC_DAY);
    DATE("Jan 1st, 2020", 2020, 1, 1, DYAD_PREC_DAY);
    DATE("29 November 2024", 2024, 11, 29, DYAD_PREC_DAY);
    DATE("Published on March 3, 2022", 2022, 3, 3, DYAD_PREC_DAY);
    DATE("11/29/2024", 2024, 11, 29, DYAD_PREC_DAY); /* US order when it must be */
    DATE("May 2019", 2019, 5, 0, DYAD_PREC_MONTH);
}

static void test_iso(void)
{
    DATE("2024-11-29", 2024, 11, 29, DYAD_PREC_DAY);
    DATETIME("2024-11-29T06:59:00Z", 2024, 11, 29, 6, 59);
    DATETIME("2024-11-29T06:59:00.123+01:00", 2024, 11, 29, 6, 59);
    DATETIME("2024-11-29 06:59", 2024, 11, 29, 6, 59);
    DATE("2024-11", 2024, 11, 0, DYAD_PREC_MONTH);
    DATE("2024", 2024, 0, 0, DYAD_PREC_YEAR);
    DATE("2024-02-29", 2024, 2, 29, DYAD_PREC_DAY);
}

static void test_rejects(void)
{
    CHECK(!parse(""));
    CHECK(!parse("hier"));
    CHECK(!parse("vendredi"));
    CHECK(!parse("on Friday"));
    CHECK(!parse("29 novembre")); /* no year: relative, the coder's job */
    CHECK(!parse("2023-02-29"));  /* not a leap year */
    CHECK(!parse("2024-13-01"));
    CHECK(!parse("31/04/2024"));
    CHECK(!parse("Le 29/11/2024 à 25h00 ici"));
    CHECK(!parse("Le ministre est arrivé le 29 novembre 2024 à Pyongyang."));
    CHECK(!parse("Par Le360 (avec AFP)"));
    CHECK(!parse("12345"));
    CHECK(!parse("2024-11-29T"));
    CHECK(!parse("Nov. 29"));
    CHECK(!parse("29/11"));
}

int main(void)
{
    RUN(test_french);
    RUN(test_english);
    RUN(test_iso);
    RUN(test_rejects);
    return CHECK_DONE();
}

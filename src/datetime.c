/*
 * datetime.c -- absolute dates and times as news sites write them, in French
 * and English: "Le 29/11/2024 à 06h59", "vendredi 29 novembre 2024",
 * "1er janv. 2025", "Nov. 29, 2024", "November 29, 2024 6:59 AM ET",
 * "2024-11-29T06:59:00Z", "Publié le ...", "Updated ...".
 *
 * The whole string must be a date (with optional lead words, weekday, time
 * and time zone): layout uses this to recognise dateline paragraphs, so a
 * sentence that merely contains a date is rejected. Relative dates ("hier",
 * "on Friday") are the coder's business.
 */
#include "internal.h"

#include <string.h>

typedef struct {
    const char *s; /* folded (lowercase, unaccented) ASCII-ish text */
    size_t n, i;
} cur;

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alpha(char c)
{
    return c >= 'a' && c <= 'z';
}

/* Skips spaces and the separators that sit between date parts. */
static void skip_sep(cur *c, const char *seps)
{
    while (c->i < c->n && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\n' ||
                           c->s[c->i] == '\r' || (seps && strchr(seps, c->s[c->i]))))
        c->i++;
}

/* Matches word w (lowercase) at the cursor, not followed by a letter. */
static bool word(cur *c, const char *w)
{
    size_t l = strlen(w);
    if (c->i + l > c->n || memcmp(c->s + c->i, w, l) != 0)
        return false;
    if (c->i + l < c->n && is_alpha(c->s[c->i + l]))
        return false;
    c->i += l;
    return true;
}

/* Reads 1..max digits; returns the count (0: none) and the value. */
static int number(cur *c, int max, int *v)
{
    int k = 0, x = 0;
    while (c->i < c->n && is_digit(c->s[c->i]) && k < max) {
        x = x * 10 + (c->s[c->i] - '0');
        c->i++;
        k++;
    }
    if (k && c->i < c->n && is_digit(c->s[c->i]))
        return 0; /* more digits than allowed */
    *v = x;
    return k;
}

typedef struct {
    const char *name;
    int month;
} month_name;

/* Full names and the usual abbreviations, French and English (folded). */
static const month_name months[] = {
    {"janvier", 1},   {"january", 1},  {"janv", 1},    {"jan", 1},      {"fevrier", 2},
    {"february", 2},  {"fevr", 2},     {"fev", 2},     {"feb", 2},      {"mars", 3},
    {"march", 3},     {"mar", 3},      {"avril", 4},   {"april", 4},    {"avr", 4},
    {"apr", 4},       {"mai", 5},      {"may", 5},     {"juin", 6},     {"june", 6},
    {"jun", 6},       {"juillet", 7},  {"july", 7},    {"juil", 7},     {"jul", 7},
    {"aout", 8},      {"august", 8},   {"aug", 8},     {"septembre", 9}, {"september", 9},
    {"sept", 9},      {"sep", 9},      {"octobre", 10}, {"october", 10}, {"oct", 10},
    {"novembre", 11}, {"november", 11}, {"nov", 11},   {"decembre", 12}, {"december", 12},
    {"dec", 12},
};

static int month(cur *c)
{
    for (size_t k = 0; k < sizeof months / sizeof months[0]; k++) {
        size_t save = c->i;
        if (word(c, months[k].name)) {
            if (c->i < c->n && c->s[c->i] == '.')
                c->i++;
            return months[k].month;
        }
        c->i = save;
    }
    return 0;
}

static const char *const weekdays[] = {
    "lundi",  "mardi",   "mercredi", "jeudi",  "vendredi", "samedi",   "dimanche",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "tues",   "thurs",   "mon",      "tue",    "wed",      "thu",      "fri",
    "sat",    "sun",
};

static bool weekday(cur *c)
{
    for (size_t k = 0; k < sizeof weekdays / sizeof weekdays[0]; k++) {
        if (word(c, weekdays[k])) {
            if (c->i < c->n && c->s[c->i] == '.')
                c->i++;
            skip_sep(c, ",");
            return true;
        }
    }
    return false;
}

/* Words that introduce a dateline: "Publié le", "Mis à jour le", "Updated". */
static const char *const lead_words[] = {
    "publie le", "publie", "mis a jour le", "mise a jour le", "mis a jour", "modifie le",
    "modifie", "actualise le", "actualise", "derniere mise a jour", "date de publication",
    "last updated", "last update", "updated on", "updated", "published on", "published",
    "posted on", "posted", "first published", "le", "on", "date",
};

static void lead(cur *c)
{
    for (;;) {
        skip_sep(c, ":-|,");
        bool any = false;
        for (size_t k = 0; k < sizeof lead_words / sizeof lead_words[0]; k++)
            if (word(c, lead_words[k])) {
                any = true;
                break;
            }
        if (!any && weekday(c))
            any = true;
        if (!any)
            return;
    }
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static bool valid_ymd(int y, int m, int d)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1800 || y > 2200 || m < 1 || m > 12)
        return false;
    if (d == 0)
        return true;
    int md = mdays[m - 1] + (m == 2 && leap(y));
    return d >= 1 && d <= md;
}

static int year4(int v, int digits)
{
    return digits == 2 ? 2000 + v : v; /* "29/11/24" */
}

/* Time zones and offsets after a time: "GMT", "(UTC)", "ET", "Z", "+01:00". */
static void zone(cur *c)
{
    static const char *const zones[] = {"gmt", "utc", "cet", "cest", "edt", "est", "et",
                                        "pdt", "pst", "pt",  "bst", "z",    "heure de paris",
                                        "heure locale", "hec", "heure francaise"};
    size_t save = c->i;
    skip_sep(c, "(");
    bool got = false;
    for (size_t k = 0; k < sizeof zones / sizeof zones[0] && !got; k++)
        got = word(c, zones[k]);
    if (c->i < c->n && (c->s[c->i] == '+' || c->s[c->i] == '-') && c->i + 1 < c->n &&
        is_digit(c->s[c->i + 1])) {
        c->i++;
        int v;
        number(c, 4, &v);
        if (c->i < c->n && c->s[c->i] == ':') {
            c->i++;
            number(c, 2, &v);
        }
        got = true;
    }
    if (!got) {
        c->i = save;
        return;
    }
    if (c->i < c->n && c->s[c->i] == ')')
        c->i++;
}

/* A time: "06h59", "14 h 30", "14h", "6:59 AM", "06:59:12", "6.59 p.m.". */
static bool time_of_day(cur *c, int *h, int *mi)
{
    size_t save = c->i;
    skip_sep(c, ",-|/");
    if (word(c, "a") || word(c, "at") || word(c, "vers"))
        skip_sep(c, NULL);
    int hh, mm = 0;
    if (!number(c, 2, &hh))
        goto no;
    skip_sep(c, NULL);
    bool sep = false;
    if (c->i < c->n && (c->s[c->i] == 'h' || c->s[c->i] == ':')) {
        c->i++;
        sep = true;
        skip_sep(c, NULL);
        size_t before = c->i;
        if (!number(c, 2, &mm) && c->s[before - 1] == ':')
            goto no;
        if (c->i < c->n && c->s[c->i] == ':') { /* seconds */
            int ss;
            c->i++;
            number(c, 2, &ss);
            if (c->i < c->n && c->s[c->i] == '.') {
                c->i++;
                while (c->i < c->n && is_digit(c->s[c->i]))
                    c->i++;
            }
        }
    }
    skip_sep(c, NULL);
    bool pm = false, am = false;
    if (word(c, "pm") || word(c, "p.m.") || word(c, "p.m")) {
        pm = true;
    } else if (word(c, "am") || word(c, "a.m.") || word(c, "a.m")) {
        am = true;
    } else {
        /* "p.m." contains dots the word matcher does not skip */
        if (c->i + 4 <= c->n && memcmp(c->s + c->i, "p.m.", 4) == 0)
            pm = true, c->i += 4;
        else if (c->i + 4 <= c->n && memcmp(c->s + c->i, "a.m.", 4) == 0)
            am = true, c->i += 4;
    }
    if (!sep && !am && !pm)
        goto no; /* a bare number is not a time */
    if (am || pm) {
        if (hh < 1 || hh > 12)
            goto no;
        hh = hh % 12 + (pm ? 12 : 0);
    }
    if (hh > 23 || mm > 59)
        goto no;
    *h = hh;
    *mi = mm;
    zone(c);
    return true;
no:
    c->i = save;
    return false;
}

/* The date proper. Sets y, m, d (d = 0: month precision, m = 0: year). */
static bool date_core(cur *c, int *y, int *m, int *d, bool *iso)
{
    *iso = false;
    size_t save = c->i;
    int a, b, e;
    int ka = number(c, 4, &a);
    if (ka) {
        /* numeric forms */
        if (c->i < c->n && (c->s[c->i] == '/' || c->s[c->i] == '.' || c->s[c->i] == '-')) {
            char sep = c->s[c->i++];
            int kb = number(c, 2, &b);
            if (!kb)
                goto words;
            if (ka == 4) { /* ISO 8601: 2024-11-29, 2024-11 */
                if (c->i < c->n && c->s[c->i] == sep) {
                    c->i++;
                    if (!number(c, 2, &e))
                        return false;
                    *y = a, *m = b, *d = e;
                } else {
                    *y = a, *m = b, *d = 0;
                }
                *iso = sep == '-';
                return valid_ymd(*y, *m, *d);
            }
            if (c->i >= c->n || c->s[c->i] != sep)
                return false;
            c->i++;
            int ke = number(c, 4, &e);
            if (ke != 4 && ke != 2)
                return false;
            /* Day first (French and British) unless that cannot be: US
             * "11/29/2024" has a second field above 12. */
            if (b > 12 && a <= 12)
                *m = a, *d = b;
            else
                *d = a, *m = b;
            *y = year4(e, ke);
            return *d >= 1 && valid_ymd(*y, *m, *d);
        }
        if (ka == 4) { /* a year alone, or "2024 Nov 29"? only a year */
            size_t after = c->i;
            skip_sep(c, NULL);
            int mo = month(c);
            if (mo) {
                skip_sep(c, NULL);
                int dd;
                if (number(c, 2, &dd) && valid_ymd(a, mo, dd) && dd) {
                    *y = a, *m = mo, *d = dd;
                    return true;
                }
                return false;
            }
            c->i = after;
            *y = a, *m = 0, *d = 0;
            return valid_ymd(a, 1, 0);
        }
        /* "29 novembre 2024", "1er janvier 2025", "29 November 2024" */
        if (ka > 2)
            return false;
        (void)(word(c, "er") || word(c, "st") || word(c, "nd") || word(c, "rd") ||
               word(c, "th")); /* "1er", "1st" */
        skip_sep(c, NULL);
        int mo = month(c);
        if (!mo)
            return false;
        skip_sep(c, ",");
        int ky = number(c, 4, &e);
        if (ky != 4)
            return false;
        *y = e, *m = mo, *d = a;
        return a >= 1 && valid_ymd(e, mo, a);
    }
words:
    c->i = save;
    {
        /* "November 29, 2024", "Nov. 29 2024", "novembre 2024" */
        int mo = month(c);
        if (!mo)
            return false;
        skip_sep(c, NULL);
        int dd, kd = number(c, 4, &dd);
        if (kd == 4) {
            *y = dd, *m = mo, *d = 0;
            return valid_ymd(dd, mo, 0);
        }
        if (!kd)
            return false;
        (void)(word(c, "st") || word(c, "nd") || word(c, "rd") || word(c, "th") ||
               word(c, "er"));
        skip_sep(c, ",");
        if (number(c, 4, &e) != 4)
            return false;
        *y = e, *m = mo, *d = dd;
        return dd >= 1 && valid_ymd(e, mo, dd);
    }
}

/* After a full date, "- Mis à jour le ..." / "| Updated ..." may follow. */
static bool update_tail(cur *c)
{
    size_t save = c->i;
    skip_sep(c, "-|,/()");
    static const char *const w[] = {"mis a jour", "mise a jour", "modifie", "actualise",
                                    "updated",    "update",      "last updated"};
    for (size_t k = 0; k < sizeof w / sizeof w[0]; k++)
        if (word(c, w[k]))
            return true;
    c->i = save;
    return false;
}

bool dyad__parse_date(const char *s, size_t len, dyad_date *out)
{
    /* A dateline is short; anything longer is a sentence. */
    if (!s || len == 0 || len > 160)
        return false;
    char f[512];
    size_t n = dyad__fold(s, len, f, sizeof f);
    cur c = {f, n, 0};
    lead(&c);
    int y = 0, m = 0, d = 0, h = -1, mi = -1;
    bool iso;
    if (!date_core(&c, &y, &m, &d, &iso))
        return false;
    if (d) {
        if (iso && c.i < c.n && c.s[c.i] == 't') { /* 2024-11-29T06:59:00Z */
            c.i++;
            int hh, mm;
            if (number(&c, 2, &hh) != 2 || c.i >= c.n || c.s[c.i] != ':')
                return false;
            c.i++;
            if (number(&c, 2, &mm) != 2 || hh > 23 || mm > 59)
                return false;
            if (c.i < c.n && c.s[c.i] == ':') {
                int ss;
                c.i++;
                number(&c, 2, &ss);
                if (c.i < c.n && c.s[c.i] == '.') {
                    c.i++;
                    while (c.i < c.n && is_digit(c.s[c.i]))
                        c.i++;
                }
            }
            h = hh, mi = mm;
            zone(&c);
        } else {
            int hh, mm;
            if (time_of_day(&c, &hh, &mm))
                h = hh, mi = mm;
        }
    }
    skip_sep(&c, ".,");
    if (c.i < c.n && !update_tail(&c))
        return false;
    memset(out, 0, sizeof *out);
    out->year = (int16_t)y;
    out->month = (int8_t)m;
    out->day = (int8_t)d;
    if (h >= 0) {
        out->hour = (int8_t)h;
        out->minute = (int8_t)mi;
        out->precision = DYAD_PREC_MINUTE;
    } else {
        out->precision = d ? DYAD_PREC_DAY : m ? DYAD_PREC_MONTH : DYAD_PREC_YEAR;
    }
    return true;
}

/*
 * dates.c -- date expressions in a sentence, French and English, resolved
 * against the article date (EVENTS.md section 3): "vendredi", "hier", "la
 * semaine dernière", "en juin", "le 3 mars", "début décembre", "mi-2023",
 * "Friday", "yesterday", "last week", "earlier this month", "on March 3",
 * "in 2022". Each expression gets two readings: past (the most recent such
 * day or month on or before the article date) and future (the next one).
 */
#include "coder.h"

#include <stdlib.h>
#include <string.h>

static const char *const MONTHS_FR[] = {"janvier", "fevrier", "mars", "avril", "mai", "juin",
                                        "juillet", "aout", "septembre", "octobre", "novembre",
                                        "decembre", NULL};
static const char *const MONTHS_FR_ABBR[] = {"janv", "fevr", "", "avr", "", "", "juil", "",
                                             "sept", "oct", "nov", "dec", NULL};
static const char *const MONTHS_EN[] = {"january", "february", "march", "april", "may", "june",
                                        "july", "august", "september", "october", "november",
                                        "december", NULL};
static const char *const MONTHS_EN_ABBR[] = {"jan", "feb", "mar", "apr", "", "jun", "jul", "aug",
                                             "sep", "oct", "nov", "dec", NULL};
static const char *const DAYS_FR[] = {"lundi", "mardi", "mercredi", "jeudi", "vendredi",
                                      "samedi", "dimanche", NULL};
static const char *const DAYS_EN[] = {"monday", "tuesday", "wednesday", "thursday", "friday",
                                      "saturday", "sunday", NULL};

static int index_of(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (list[i][0] == s[0] && s[0] && strcmp(s, list[i]) == 0)
            return i;
    return -1;
}

/* Every word that can start or be a date expression, sorted for bsearch:
 * most tokens are not, and one look-up spares them the full scan. */
static const char *const DATE_WORDS[] = {
    "an",
    "annee",
    "aout",
    "apr",
    "apres-demain",
    "april",
    "aug",
    "august",
    "aujourd'hui",
    "avant-hier",
    "avr",
    "avril",
    "ce",
    "cette",
    "dec",
    "december",
    "decembre",
    "demain",
    "dimanche",
    "feb",
    "february",
    "fevr",
    "fevrier",
    "friday",
    "hier",
    "jan",
    "january",
    "janv",
    "janvier",
    "jeudi",
    "juil",
    "juillet",
    "juin",
    "jul",
    "july",
    "jun",
    "june",
    "last",
    "lundi",
    "mai",
    "mar",
    "march",
    "mardi",
    "mars",
    "may",
    "mercredi",
    "mois",
    "monday",
    "next",
    "nov",
    "november",
    "novembre",
    "oct",
    "october",
    "octobre",
    "samedi",
    "saturday",
    "semaine",
    "sep",
    "sept",
    "september",
    "septembre",
    "sunday",
    "this",
    "thursday",
    "today",
    "tomorrow",
    "tonight",
    "tuesday",
    "vendredi",
    "wednesday",
    "yesterday",
};

static int cmp_word(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

static bool maybe_date(const dyad_token *t)
{
    if (t->flags & DYAD_TOK_NUM)
        return true;
    if (!(t->flags & DYAD_TOK_WORD) || t->fold_len < 2 || t->fold_len > 14)
        return false;
    if (strncmp(t->fold, "mi-", 3) == 0 || strncmp(t->fold, "mid-", 4) == 0)
        return true;
    char w[16];
    memcpy(w, t->fold, t->fold_len);
    w[t->fold_len] = '\0';
    if (w[t->fold_len - 1] == '.')
        w[t->fold_len - 1] = '\0';
    return bsearch(w, DATE_WORDS, sizeof DATE_WORDS / sizeof DATE_WORDS[0], sizeof DATE_WORDS[0],
                   cmp_word) != NULL;
}

/* Month 1..12 of a folded token ("juin", "june", "sept", "sept."), or 0. */
static int month_of(const dyad_token *t, dyad_lang lang)
{
    char w[16];
    size_t n = t->fold_len;
    if (n == 0 || n >= sizeof w)
        return 0;
    memcpy(w, t->fold, n);
    w[n] = '\0';
    if (w[n - 1] == '.')
        w[--n] = '\0';
    int m;
    if (lang == DYAD_LANG_FR) {
        if ((m = index_of(w, MONTHS_FR)) >= 0 || (m = index_of(w, MONTHS_FR_ABBR)) >= 0)
            return m + 1;
    } else {
        /* English months are capitalised; "may" and "march" are also words */
        if (!(t->flags & DYAD_TOK_CAP))
            return 0;
        if ((m = index_of(w, MONTHS_EN)) >= 0 || (m = index_of(w, MONTHS_EN_ABBR)) >= 0)
            return m + 1;
        if (strcmp(w, "sept") == 0)
            return 9;
    }
    return 0;
}

static int number_of(const dyad_token *t, int lo, int hi)
{
    const char *s = t->fold;
    if (strcmp(s, "1er") == 0 || strcmp(s, "1st") == 0)
        return lo <= 1 && 1 <= hi ? 1 : -1;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s)
        return -1;
    if (*end && strcmp(end, "st") != 0 && strcmp(end, "nd") != 0 && strcmp(end, "rd") != 0 &&
        strcmp(end, "th") != 0 && strcmp(end, "er") != 0)
        return -1;
    return v >= lo && v <= hi ? (int)v : -1;
}

/* ------------------------------------------------------- calendar maths */

static long days_from_civil(int y, int m, int d)
{
    /* proleptic Gregorian day number (Howard Hinnant's well-known formula) */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, dyad_date *out)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp + (mp < 10 ? 3 : -9);
    out->year = (int16_t)(y + (m <= 2));
    out->month = (int8_t)m;
    out->day = (int8_t)d;
    out->hour = out->minute = 0;
    out->precision = DYAD_PREC_DAY;
}

static dyad_date day_offset(const dyad_date *ref, long delta)
{
    dyad_date d;
    civil_from_days(days_from_civil(ref->year, ref->month, ref->day) + delta, &d);
    return d;
}

static dyad_date mk(int y, int m, int d, dyad_precision p)
{
    dyad_date r = {.year = (int16_t)y, .month = (int8_t)m, .day = (int8_t)d, .precision = (uint8_t)p};
    return r;
}

static bool has_day(const dyad_date *ref)
{
    return ref->precision >= DYAD_PREC_DAY;
}

static bool valid_day(int y, int m, int d)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > mdays[m - 1])
        return false;
    if (m == 2 && d == 29)
        return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return true;
}

/* ------------------------------------------------------------ scanning */

typedef struct {
    const dyad_doc *doc;
    dyad_lang lang;
    dyad_date ref;
    dyad_date_expr *out;
    size_t n, cap;
} scan;

static void emit(scan *s, uint32_t t0, uint32_t t1, dyad_date past, dyad_date future)
{
    if (s->n == s->cap)
        return;
    s->out[s->n++] = (dyad_date_expr){t0, t1, past, future};
}

static const dyad_token *tk(const scan *s, uint32_t i)
{
    return &s->doc->toks[i];
}

static bool is_word(const scan *s, uint32_t i, uint32_t e, const char *w)
{
    return i < e && strcmp(tk(s, i)->fold, w) == 0;
}

/* A day and month, with or without year: "le 3 mars", "3 mars 2024",
 * "March 3", "March 3, 2024", "3 March". Returns tokens consumed or 0. */
static uint32_t day_month(scan *s, uint32_t i, uint32_t e)
{
    int day = -1, month = 0, year = -1;
    uint32_t j = i;
    if (j < e && (day = number_of(tk(s, j), 1, 31)) > 0 && j + 1 < e &&
        (month = month_of(tk(s, j + 1), s->lang)) > 0) {
        j += 2;
    } else if (j < e && (month = month_of(tk(s, j), s->lang)) > 0 && j + 1 < e &&
               (day = number_of(tk(s, j + 1), 1, 31)) > 0 && s->lang == DYAD_LANG_EN) {
        j += 2;
    } else {
        return 0;
    }
    uint32_t k = j;
    if (k < e && strcmp(tk(s, k)->fold, ",") == 0)
        k++;
    if (k < e && (year = number_of(tk(s, k), 1900, 2100)) > 0)
        j = k + 1;
    if (year > 0) {
        if (!valid_day(year, month, day))
            return 0;
        dyad_date d = mk(year, month, day, DYAD_PREC_DAY);
        emit(s, i, j, d, d);
        return j - i;
    }
    if (s->ref.precision < DYAD_PREC_YEAR)
        return j - i;
    int y = s->ref.year;
    /* past: on or before the article date */
    int yp = y, yf = y;
    if (has_day(&s->ref)) {
        if (month > s->ref.month || (month == s->ref.month && day > s->ref.day))
            yp = y - 1;
        if (month < s->ref.month || (month == s->ref.month && day < s->ref.day))
            yf = y + 1;
    }
    if (!valid_day(yp, month, day) || !valid_day(yf, month, day))
        return j - i;
    emit(s, i, j, mk(yp, month, day, DYAD_PREC_DAY), mk(yf, month, day, DYAD_PREC_DAY));
    return j - i;
}

/* A month alone: "en juin", "in June 2022", "début décembre", "fin mars 2022",
 * "early December", "June 2022". */
static uint32_t month_alone(scan *s, uint32_t i, uint32_t e)
{
    int month = month_of(tk(s, i), s->lang);
    if (!month)
        return 0;
    uint32_t j = i + 1;
    int year = -1;
    if (j < e && (year = number_of(tk(s, j), 1900, 2100)) > 0)
        j++;
    if (year > 0) {
        dyad_date d = mk(year, month, 0, DYAD_PREC_MONTH);
        emit(s, i, j, d, d);
        return j - i;
    }
    if (s->ref.precision < DYAD_PREC_MONTH) {
        if (s->ref.precision == DYAD_PREC_YEAR) {
            dyad_date d = mk(s->ref.year, month, 0, DYAD_PREC_MONTH);
            emit(s, i, j, d, d);
        }
        return j - i;
    }
    int yp = month > s->ref.month ? s->ref.year - 1 : s->ref.year;
    int yf = month < s->ref.month ? s->ref.year + 1 : s->ref.year;
    emit(s, i, j, mk(yp, month, 0, DYAD_PREC_MONTH), mk(yf, month, 0, DYAD_PREC_MONTH));
    return j - i;
}

size_t dyad__find_dates(const dyad_doc *doc, uint32_t b, uint32_t e, dyad_date_expr *out,
                        size_t cap)
{
    scan s = {.doc = doc, .lang = doc->lang, .ref = doc->date, .out = out, .cap = cap};
    const char *const *days = s.lang == DYAD_LANG_FR ? DAYS_FR : DAYS_EN;
    bool ref_day = has_day(&s.ref);
    for (uint32_t i = b; i < e && s.n < cap;) {
        const dyad_token *t = tk(&s, i);
        if (!maybe_date(t)) {
            i++;
            continue;
        }
        const char *w = t->fold;
        uint32_t used;
        /* "vendredi 29 novembre": the absolute date wins */
        int wd = index_of(w, days);
        size_t n_before = s.n; /* day_month may consume words without emitting */
        if (wd >= 0 && i + 1 < e && (used = day_month(&s, i + 1, e)) > 0) {
            if (s.n > n_before)
                s.out[s.n - 1].t0 = i;
            i += 1 + used;
            continue;
        }
        if ((used = day_month(&s, i, e)) > 0) {
            i += used;
            continue;
        }
        if (wd >= 0) {
            uint32_t j = i + 1;
            long back = 0, fwd = 0;
            if (ref_day) {
                int refwd = (int)((days_from_civil(s.ref.year, s.ref.month, s.ref.day) % 7 + 7 + 3) % 7);
                back = (refwd - wd + 7) % 7;   /* 0..6 days before */
                fwd = (wd - refwd + 7) % 7;    /* 0..6 days after */
            }
            if (is_word(&s, j, e, "dernier") || is_word(&s, j, e, "passe")) {
                if (back == 0)
                    back = 7;
                fwd = -back;
                j++;
            } else if (is_word(&s, j, e, "prochain")) {
                if (fwd == 0)
                    fwd = 7;
                back = -fwd;
                j++;
            } else if (i > b && strcmp(tk(&s, i - 1)->fold, "last") == 0) {
                if (back == 0)
                    back = 7;
                fwd = -back;
            } else if (i > b && strcmp(tk(&s, i - 1)->fold, "next") == 0) {
                if (fwd == 0)
                    fwd = 7;
                back = -fwd;
            }
            if (ref_day)
                emit(&s, i, j, day_offset(&s.ref, -back), day_offset(&s.ref, fwd));
            i = j;
            continue;
        }
        /* one-word relative days */
        static const struct {
            const char *w;
            int delta;
        } rel[] = {{"hier", -1},  {"avant-hier", -2}, {"aujourd'hui", 0}, {"demain", 1},
                   {"apres-demain", 2}, {"yesterday", -1}, {"today", 0}, {"tomorrow", 1},
                   {"tonight", 0}};
        bool done = false;
        for (size_t k = 0; k < sizeof rel / sizeof rel[0]; k++)
            if (w[0] == rel[k].w[0] && strcmp(w, rel[k].w) == 0) {
                if (ref_day) {
                    dyad_date d = day_offset(&s.ref, rel[k].delta);
                    emit(&s, i, i + 1, d, d);
                }
                i++;
                done = true;
                break;
            }
        if (done)
            continue;
        /* "la semaine dernière", "le mois dernier", "l'an dernier", "last week", ... */
        static const struct {
            const char *a, *b;
            int unit; /* 0 week, 1 month, 2 year */
            int dir;
        } rel2[] = {{"semaine", "derniere", 0, -1}, {"semaine", "passee", 0, -1},
                    {"semaine", "prochaine", 0, 1}, {"mois", "dernier", 1, -1},
                    {"mois", "passe", 1, -1},       {"mois", "prochain", 1, 1},
                    {"an", "dernier", 2, -1},       {"an", "passe", 2, -1},
                    {"annee", "derniere", 2, -1},   {"annee", "passee", 2, -1},
                    {"an", "prochain", 2, 1},       {"annee", "prochaine", 2, 1},
                    {"last", "week", 0, -1},        {"next", "week", 0, 1},
                    {"last", "month", 1, -1},       {"next", "month", 1, 1},
                    {"last", "year", 2, -1},        {"next", "year", 2, 1},
                    {"this", "week", 0, 0},         {"this", "month", 1, 0},
                    {"this", "year", 2, 0},         {"cette", "semaine", 0, 0},
                    {"ce", "mois", 1, 0},           {"cette", "annee", 2, 0},
                    {"ce", "mois-ci", 1, 0}};
        for (size_t k = 0; k < sizeof rel2 / sizeof rel2[0] && i + 1 < e; k++)
            if (w[0] == rel2[k].a[0] && strcmp(w, rel2[k].a) == 0 && strcmp(tk(&s, i + 1)->fold, rel2[k].b) == 0) {
                uint32_t t0 = i;
                if (i > b && (is_word(&s, i - 1, e, "la") || is_word(&s, i - 1, e, "le") ||
                              is_word(&s, i - 1, e, "l'")))
                    t0 = i - 1;
                dyad_date d = s.ref;
                if (s.ref.precision >= DYAD_PREC_YEAR) {
                    if (rel2[k].unit == 0 && ref_day) {
                        d = rel2[k].dir ? day_offset(&s.ref, 7L * rel2[k].dir) : s.ref;
                        d.precision = DYAD_PREC_DAY;
                    } else if (rel2[k].unit == 1 && s.ref.precision >= DYAD_PREC_MONTH) {
                        int m = s.ref.month + rel2[k].dir, y = s.ref.year;
                        if (m < 1) {
                            m = 12;
                            y--;
                        } else if (m > 12) {
                            m = 1;
                            y++;
                        }
                        d = mk(y, m, 0, DYAD_PREC_MONTH);
                    } else {
                        d = mk(s.ref.year + rel2[k].dir, 0, 0, DYAD_PREC_YEAR);
                    }
                    emit(&s, t0, i + 2, d, d);
                }
                i += 2;
                done = true;
                break;
            }
        if (done)
            continue;
        /* "earlier this month" is this month; "mi-2023", "mid-2023" */
        if ((strncmp(w, "mi-", 3) == 0 || strncmp(w, "mid-", 4) == 0)) {
            const char *rest = w + (w[1] == 'i' && w[2] == '-' ? 3 : 4);
            char *end;
            long y = strtol(rest, &end, 10);
            if (*end == '\0' && y >= 1900 && y <= 2100) {
                dyad_date d = mk((int)y, 0, 0, DYAD_PREC_YEAR);
                emit(&s, i, i + 1, d, d);
                i++;
                continue;
            }
            /* "mi-décembre" */
            dyad_token fake = *t;
            fake.fold = rest;
            fake.fold_len = (uint16_t)strlen(rest);
            fake.flags |= DYAD_TOK_CAP;
            if (month_of(&fake, s.lang)) {
                /* reuse month_alone through the next token's year, if any */
                int month = month_of(&fake, s.lang);
                uint32_t j = i + 1;
                int year = j < e ? number_of(tk(&s, j), 1900, 2100) : -1;
                if (year > 0) {
                    dyad_date d = mk(year, month, 0, DYAD_PREC_MONTH);
                    emit(&s, i, j + 1, d, d);
                    i = j + 1;
                } else if (s.ref.precision >= DYAD_PREC_MONTH) {
                    int yp = month > s.ref.month ? s.ref.year - 1 : s.ref.year;
                    int yf = month < s.ref.month ? s.ref.year + 1 : s.ref.year;
                    emit(&s, i, j, mk(yp, month, 0, DYAD_PREC_MONTH),
                         mk(yf, month, 0, DYAD_PREC_MONTH));
                    i = j;
                } else {
                    i = j;
                }
                continue;
            }
        }
        if ((used = month_alone(&s, i, e)) > 0) {
            /* "début juin", "early June": the month; "fin mars 2022" likewise */
            if (i > b && s.n > n_before &&
                (is_word(&s, i - 1, e, "debut") || is_word(&s, i - 1, e, "fin") ||
                 is_word(&s, i - 1, e, "early") || is_word(&s, i - 1, e, "late") ||
                 is_word(&s, i - 1, e, "mid")))
                s.out[s.n - 1].t0 = i - 1;
            i += used;
            continue;
        }
        /* a bare year after "en"/"in"/"depuis": "en 2022", "in 2022" */
        int y = number_of(t, 1900, 2100);
        if (y > 0 && i > b && (is_word(&s, i - 1, e, "en") || is_word(&s, i - 1, e, "in"))) {
            dyad_date d = mk(y, 0, 0, DYAD_PREC_YEAR);
            emit(&s, i - 1, i + 1, d, d);
            i++;
            continue;
        }
        i++;
    }
    return s.n;
}

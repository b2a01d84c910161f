/* out_gdelt.c -- events as rows of the GDELT 2.0 event table.
 *
 * 61 tab-separated columns in GDELT's order (GDELT Event Codebook 2.0; the
 * list is in docs/output.md), no header, one row per event. GDELT fills
 * fields we cannot know (tone, religion, ethnicity, actor geography) with
 * empty strings or 0, and so do we. GDELT writes geography with FIPS 10-4
 * country codes, not ISO 3166: the table below converts. */
#include "ctx.h"

#include <math.h>
#include <string.h>
#include <utf8proc.h>

enum { GDELT_COLUMNS = 61 };

/* ISO 3166-1 alpha-3 -> FIPS 10-4 (as GDELT uses it), every country and
 * territory that has a FIPS code, plus the non-ISO codes CAMEO dictionaries
 * use (XKX and KSV Kosovo, ROM Romania, ZAR Zaire, TMP East Timor). Palestine
 * has two FIPS codes (WE West Bank, GZ Gaza Strip): WE, as GDELT does for
 * the country as a whole. Looked up linearly: 250 short compares per event
 * cost nothing next to coding it. */
static const char iso3_fips[][2][4] = {
    {"ABW", "AA"}, {"AFG", "AF"}, {"AGO", "AO"}, {"AIA", "AV"}, {"ALB", "AL"}, {"AND", "AN"},
    {"ARE", "AE"}, {"ARG", "AR"}, {"ARM", "AM"}, {"ASM", "AQ"}, {"ATA", "AY"}, {"ATF", "FS"},
    {"ATG", "AC"}, {"AUS", "AS"}, {"AUT", "AU"}, {"AZE", "AJ"}, {"BDI", "BY"}, {"BEL", "BE"},
    {"BEN", "BN"}, {"BFA", "UV"}, {"BGD", "BG"}, {"BGR", "BU"}, {"BHR", "BA"}, {"BHS", "BF"},
    {"BIH", "BK"}, {"BLM", "TB"}, {"BLR", "BO"}, {"BLZ", "BH"}, {"BMU", "BD"}, {"BOL", "BL"},
    {"BRA", "BR"}, {"BRB", "BB"}, {"BRN", "BX"}, {"BTN", "BT"}, {"BVT", "BV"}, {"BWA", "BC"},
    {"CAF", "CT"}, {"CAN", "CA"}, {"CCK", "CK"}, {"CHE", "SZ"}, {"CHL", "CI"}, {"CHN", "CH"},
    {"CIV", "IV"}, {"CMR", "CM"}, {"COD", "CG"}, {"COG", "CF"}, {"COK", "CW"}, {"COL", "CO"},
    {"COM", "CN"}, {"CPV", "CV"}, {"CRI", "CS"}, {"CUB", "CU"}, {"CUW", "UC"}, {"CXR", "KT"},
    {"CYM", "CJ"}, {"CYP", "CY"}, {"CZE", "EZ"}, {"DEU", "GM"}, {"DJI", "DJ"}, {"DMA", "DO"},
    {"DNK", "DA"}, {"DOM", "DR"}, {"DZA", "AG"}, {"ECU", "EC"}, {"EGY", "EG"}, {"ERI", "ER"},
    {"ESH", "WI"}, {"ESP", "SP"}, {"EST", "EN"}, {"ETH", "ET"}, {"FIN", "FI"}, {"FJI", "FJ"},
    {"FLK", "FK"}, {"FRA", "FR"}, {"FRO", "FO"}, {"FSM", "FM"}, {"GAB", "GB"}, {"GBR", "UK"},
    {"GEO", "GG"}, {"GGY", "GK"}, {"GHA", "GH"}, {"GIB", "GI"}, {"GIN", "GV"}, {"GLP", "GP"},
    {"GMB", "GA"}, {"GNB", "PU"}, {"GNQ", "EK"}, {"GRC", "GR"}, {"GRD", "GJ"}, {"GRL", "GL"},
    {"GTM", "GT"}, {"GUF", "FG"}, {"GUM", "GQ"}, {"GUY", "GY"}, {"HKG", "HK"}, {"HMD", "HM"},
    {"HND", "HO"}, {"HRV", "HR"}, {"HTI", "HA"}, {"HUN", "HU"}, {"IDN", "ID"}, {"IMN", "IM"},
    {"IND", "IN"}, {"IOT", "IO"}, {"IRL", "EI"}, {"IRN", "IR"}, {"IRQ", "IZ"}, {"ISL", "IC"},
    {"ISR", "IS"}, {"ITA", "IT"}, {"JAM", "JM"}, {"JEY", "JE"}, {"JOR", "JO"}, {"JPN", "JA"},
    {"KAZ", "KZ"}, {"KEN", "KE"}, {"KGZ", "KG"}, {"KHM", "CB"}, {"KIR", "KR"}, {"KNA", "SC"},
    {"KOR", "KS"}, {"KSV", "KV"}, {"KWT", "KU"}, {"LAO", "LA"}, {"LBN", "LE"}, {"LBR", "LI"},
    {"LBY", "LY"}, {"LCA", "ST"}, {"LIE", "LS"}, {"LKA", "CE"}, {"LSO", "LT"}, {"LTU", "LH"},
    {"LUX", "LU"}, {"LVA", "LG"}, {"MAC", "MC"}, {"MAF", "RN"}, {"MAR", "MO"}, {"MCO", "MN"},
    {"MDA", "MD"}, {"MDG", "MA"}, {"MDV", "MV"}, {"MEX", "MX"}, {"MHL", "RM"}, {"MKD", "MK"},
    {"MLI", "ML"}, {"MLT", "MT"}, {"MMR", "BM"}, {"MNE", "MJ"}, {"MNG", "MG"}, {"MNP", "CQ"},
    {"MOZ", "MZ"}, {"MRT", "MR"}, {"MSR", "MH"}, {"MTQ", "MB"}, {"MUS", "MP"}, {"MWI", "MI"},
    {"MYS", "MY"}, {"MYT", "MF"}, {"NAM", "WA"}, {"NCL", "NC"}, {"NER", "NG"}, {"NFK", "NF"},
    {"NGA", "NI"}, {"NIC", "NU"}, {"NIU", "NE"}, {"NLD", "NL"}, {"NOR", "NO"}, {"NPL", "NP"},
    {"NRU", "NR"}, {"NZL", "NZ"}, {"OMN", "MU"}, {"PAK", "PK"}, {"PAN", "PM"}, {"PCN", "PC"},
    {"PER", "PE"}, {"PHL", "RP"}, {"PLW", "PS"}, {"PNG", "PP"}, {"POL", "PL"}, {"PRI", "RQ"},
    {"PRK", "KN"}, {"PRT", "PO"}, {"PRY", "PA"}, {"PSE", "WE"}, {"PYF", "FP"}, {"QAT", "QA"},
    {"REU", "RE"}, {"ROM", "RO"}, {"ROU", "RO"}, {"RUS", "RS"}, {"RWA", "RW"}, {"SAU", "SA"},
    {"SDN", "SU"}, {"SEN", "SG"}, {"SGP", "SN"}, {"SGS", "SX"}, {"SHN", "SH"}, {"SJM", "SV"},
    {"SLB", "BP"}, {"SLE", "SL"}, {"SLV", "ES"}, {"SMR", "SM"}, {"SOM", "SO"}, {"SPM", "SB"},
    {"SRB", "RI"}, {"SSD", "OD"}, {"STP", "TP"}, {"SUR", "NS"}, {"SVK", "LO"}, {"SVN", "SI"},
    {"SWE", "SW"}, {"SWZ", "WZ"}, {"SXM", "NN"}, {"SYC", "SE"}, {"SYR", "SY"}, {"TCA", "TK"},
    {"TCD", "CD"}, {"TGO", "TO"}, {"THA", "TH"}, {"TJK", "TI"}, {"TKL", "TL"}, {"TKM", "TX"},
    {"TLS", "TT"}, {"TMP", "TT"}, {"TON", "TN"}, {"TTO", "TD"}, {"TUN", "TS"}, {"TUR", "TU"},
    {"TUV", "TV"}, {"TWN", "TW"}, {"TZA", "TZ"}, {"UGA", "UG"}, {"UKR", "UP"}, {"URY", "UY"},
    {"USA", "US"}, {"UZB", "UZ"}, {"VAT", "VT"}, {"VCT", "VC"}, {"VEN", "VE"}, {"VGB", "VI"},
    {"VIR", "VQ"}, {"VNM", "VM"}, {"VUT", "NH"}, {"WLF", "WF"}, {"WSM", "WS"}, {"XKX", "KV"},
    {"YEM", "YM"}, {"ZAF", "SF"}, {"ZAR", "CG"}, {"ZMB", "ZA"}, {"ZWE", "ZI"},
};

/* The FIPS code of an ISO3 country, or NULL (organisations, unknown codes). */
static const char *iso3_to_fips(const char *iso3)
{
    if (!iso3 || strlen(iso3) < 3)
        return NULL;
    for (size_t i = 0; i < sizeof iso3_fips / sizeof iso3_fips[0]; i++)
        if (memcmp(iso3_fips[i][0], iso3, 3) == 0)
            return iso3_fips[i][1];
    return NULL;
}

/* Actor roles of the contract (section 2): in a code they are type codes,
 * any other 3-letter group after the prefix names an organisation. */
static bool is_role(const char *s)
{
    static const char roles[][4] = {"GOV", "MIL", "COP", "JUD", "SPY", "OPP", "REB", "INS",
                                    "SEP", "UAF", "LEG", "PTY", "BUS", "MED", "CVL", "REF",
                                    "EDU", "HLH", "HRI", "LAB", "AGR", "ELI", "ENV", "CRM",
                                    "DEV", "MOD", "RAD", "IGO", "NGO", "MNC", "IMG"};
    for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++)
        if (memcmp(roles[i], s, 3) == 0)
            return true;
    return false;
}

static bool is_org_prefix(const char *code)
{
    return strncmp(code, "IGO", 3) == 0 || strncmp(code, "NGO", 3) == 0 ||
           strncmp(code, "MNC", 3) == 0 || strncmp(code, "IMG", 3) == 0;
}

/* A field: control characters (tabs, newlines) would break the row, so they
 * become spaces. */
static void put_field(dyad_buf *b, const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
            continue;
        dyad__buf_put(b, s + run, i - run);
        dyad__buf_putc(b, ' ');
        run = i + 1;
    }
    dyad__buf_put(b, s + run, n - run);
}

static void col(dyad_buf *b, const char *s)
{
    if (s)
        put_field(b, s, strlen(s));
    dyad__buf_putc(b, '\t');
}

static void col_n(dyad_buf *b, const char *s, size_t n)
{
    put_field(b, s, n);
    dyad__buf_putc(b, '\t');
}

/* Numbers without trailing zeros (GDELT writes 1.9 and -10). */
static void col_num(dyad_buf *b, double v, int decimals)
{
    dyad__buf_num(b, v, decimals);
    dyad__buf_putc(b, '\t');
}

/* Actor1Name: GDELT names are the actor's words in capitals. */
static void col_upper(dyad_buf *b, const char *s)
{
    if (s) {
        size_t n = strlen(s);
        for (size_t i = 0; i < n;) {
            int32_t cp;
            size_t k = dyad__utf8_next(s + i, n - i, &cp);
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t el = utf8proc_encode_char(utf8proc_toupper(cp), enc);
            if (cp < 0x20 || cp == 0x7f)
                dyad__buf_putc(b, ' ');
            else
                dyad__buf_put(b, (const char *)enc, (size_t)el);
            i += k;
        }
    }
    dyad__buf_putc(b, '\t');
}

/* The 10 actor columns: Code, Name, CountryCode, KnownGroupCode, EthnicCode,
 * Religion1Code, Religion2Code, Type1Code, Type2Code, Type3Code. */
static void put_actor(dyad_buf *b, const dyad_actor_ref *a)
{
    const char *code = a->code;
    if (!code || strlen(code) < 3) {
        for (int i = 0; i < 10; i++)
            dyad__buf_putc(b, '\t');
        return;
    }
    size_t cl = strlen(code);
    col(b, code);
    col_upper(b, a->text);
    bool org = is_org_prefix(code);
    const char *country = a->country && strlen(a->country) == 3 ? a->country : code;
    if (org)
        col(b, NULL);
    else
        col_n(b, country, 3);
    /* Split what follows the prefix in 3-letter groups: roles are types, the
     * last other group names the organisation (IGOUNO -> UNO, IGOUNOIAE ->
     * IAE, the most specific body). */
    const char *group = NULL;
    const char *types[3] = {NULL, NULL, NULL};
    int nt = 0;
    if (a->role && strlen(a->role) == 3)
        types[nt++] = a->role;
    for (size_t i = 3; i + 3 <= cl; i += 3) {
        if (is_role(code + i)) {
            bool dup = false;
            for (int t = 0; t < nt; t++)
                dup = dup || memcmp(types[t], code + i, 3) == 0;
            if (!dup && nt < 3)
                types[nt++] = code + i;
        } else if (org) {
            group = code + i;
        }
    }
    if (group)
        col_n(b, group, 3);
    else
        col(b, NULL);
    col(b, NULL); /* EthnicCode */
    col(b, NULL); /* Religion1Code */
    col(b, NULL); /* Religion2Code */
    for (int t = 0; t < 3; t++) {
        if (types[t])
            col_n(b, types[t], 3);
        else
            col(b, NULL);
    }
}

/* GDELT geo types: 1 country, 2 US state, 3 US city, 4 world city, 5 world
 * state; dyad's place types are 1 country, 2 region, 3 city. */
static int gdelt_geo_type(const dyad_place *p)
{
    bool us = p->country && strcmp(p->country, "USA") == 0;
    switch (p->type) {
    case 1: return 1;
    case 2: return us ? 2 : 5;
    default: return us ? 3 : 4;
    }
}

/* The 8 geo columns: Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat,
 * Long, FeatureID. */
static void put_geo(dyad_buf *b, const dyad_place *p)
{
    if (!p) {
        for (int i = 0; i < 8; i++)
            dyad__buf_putc(b, '\t');
        return;
    }
    const char *fips = iso3_to_fips(p->country);
    dyad__buf_printf(b, "%d\t", gdelt_geo_type(p));
    col(b, p->name);
    col(b, fips);
    /* GDELT's ADM1Code is the FIPS country code followed by the region's
     * code ("KN12"); a country's is the country code alone. A longer adm1
     * is taken to be complete already. */
    if (p->adm1 && p->adm1[0] && fips && strlen(p->adm1) <= 3) {
        dyad__buf_puts(b, fips);
        col(b, p->adm1);
    } else if (p->adm1 && p->adm1[0]) {
        col(b, p->adm1);
    } else {
        col(b, fips);
    }
    col(b, NULL); /* ADM2Code */
    col_num(b, p->lat, 4);
    col_num(b, p->lon, 4);
    if (p->geonames_id > 0)
        dyad__buf_printf(b, "%ld\t", p->geonames_id);
    else
        col(b, p->type == 1 ? fips : NULL); /* GDELT: a country's feature is its code */
}

static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int day_of_year(int y, int m, int d)
{
    static const int before[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    if (m < 1 || m > 12)
        return 1;
    return before[m - 1] + (d < 1 ? 1 : d) + (m > 2 && is_leap(y));
}

/* FNV-1a, 64 bits: a stable id from the article and event ids, so the same
 * article coded twice gives the same GLOBALEVENTID. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
    for (; s && *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

static uint64_t gdelt_event_id(const char *article_id, const char *event_id)
{
    uint64_t h = fnv1a(14695981039346656037ull, article_id);
    h ^= 0xff; /* a separator no UTF-8 text contains: ("ab","c") != ("a","bc") */
    h *= 1099511628211ull;
    h = fnv1a(h, event_id) & 0x7fffffffffffffffull; /* GDELT's ids are signed 64-bit */
    return h ? h : 1;
}

static void put_row(dyad_buf *b, const dyad_doc *doc, const dyad_event *ev, const char *dateadded)
{
    dyad__buf_printf(b, "%llu\t",
                     (unsigned long long)gdelt_event_id(doc->id, ev->event_id));
    /* Dates: GDELT has only whole days; a month or a year is written as its
     * first day (MonthYear and Year stay exact). No date: empty fields. */
    const dyad_date *d = &ev->date;
    if (d->precision != DYAD_PREC_NONE && d->year > 0) {
        int y = d->year;
        int m = d->precision >= DYAD_PREC_MONTH && d->month >= 1 ? d->month : 1;
        int dd = d->precision >= DYAD_PREC_DAY && d->day >= 1 ? d->day : 1;
        /* FractionDate as GDELT computes it: year + day of year / 365. */
        double frac = day_of_year(y, m, dd) / 365.0;
        if (frac > 0.9999)
            frac = 0.9999;
        dyad__buf_printf(b, "%04d%02d%02d\t%04d%02d\t%04d\t%.4f\t", y, m, dd, y, m, y, y + frac);
    } else {
        dyad__buf_puts(b, "\t\t\t\t");
    }
    put_actor(b, &ev->source);
    put_actor(b, &ev->target);
    /* IsRootEvent: GDELT marks events from an article's lead paragraph;
     * the first three sentences stand in for it. */
    dyad__buf_printf(b, "%d\t", ev->sentence_index <= 2 ? 1 : 0);
    const char *code = ev->code ? ev->code : "";
    size_t cl = strlen(code);
    col(b, code);
    col_n(b, code, cl > 3 ? 3 : cl); /* EventBaseCode: the 3-digit parent */
    char root[3] = {ev->root[0], ev->root[1], '\0'};
    if (!root[0] && cl >= 2)
        memcpy(root, code, 2);
    col(b, root);
    dyad__buf_printf(b, "%d\t", ev->quad_class);
    col_num(b, ev->goldstein, 4);
    dyad__buf_printf(b, "%d\t1\t1\t0\t", ev->mentions > 0 ? ev->mentions : 1);
    /* Actor geography: each actor's country (the coder knows where the
     * action took place, and which country each actor belongs to). */
    put_geo(b, ev->source_geo);
    put_geo(b, ev->target_geo);
    put_geo(b, ev->location);
    col(b, dateadded);
    const char *url = doc->url && doc->url[0] ? doc->url : doc->id;
    if (url)
        put_field(b, url, strlen(url));
    dyad__buf_putc(b, '\n');
}

dyad_status dyad_write_events_gdelt(const dyad_doc *doc, const char *dateadded, dyad_write_fn fn,
                                    void *ud)
{
    if (!doc || !fn)
        return DYAD_EINVAL;
    dyad_buf b;
    dyad__buf_init(&b, &doc->ctx->mem);
    dyad_status st = DYAD_OK;
    for (size_t i = 0; i < doc->n_events && st == DYAD_OK; i++) {
        dyad__buf_clear(&b);
        put_row(&b, doc, &doc->events[i], dateadded);
        st = dyad__buf_send(&b, fn, ud);
    }
    dyad__buf_free(&b);
    return st;
}

/* gazetteer.c -- places with coordinates (docs/gazetteer.md).
 *
 * places.tsv (generated) and regions.txt (hand-written) are read at context
 * open into one vector of entries and a table of names. A name is keyed by
 * its folded words joined by single spaces, with hyphens read as spaces and
 * periods dropped ("Saint-Pétersbourg" -> "saint petersbourg", "St. Louis"
 * -> "st louis"). The text side builds the same key from its tokens, joining
 * tokens that touch without a space ("N'" "Djamena" -> "n'djamena"), so the
 * two agree whatever the language's clitic rules cut. Names are sorted by
 * key so a key's entries are adjacent, most populous first, and an
 * open-addressing table maps a key to its run. */
#include "gazetteer.h"

#include "lexicon.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define KEY_CAP 256   /* bytes of one key */
#define MAX_KW 32     /* key words of one name */
#define LINE_CAP 4096 /* bytes of one regions.txt line */
#define PLAUSIBLE_POP 100000L

typedef struct {
    const char *key;      /* arena */
    uint32_t hash;
    uint32_t entry;       /* index in g->entries */
    uint32_t capmask;     /* key word w needs a capital in the text */
    uint32_t uppermask;   /* key word w needs capitals */
    uint8_t langs;        /* bit 0 fr, bit 1 en */
    uint8_t common;       /* also a common word */
    uint8_t nwords;
} gaz_name;

typedef struct {
    uint32_t begin, count; /* a run of g->names; count 0: empty slot */
} gaz_slot;

typedef struct {
    const char *key;       /* normalised like names */
    uint8_t langs;
    uint8_t scope;         /* DYAD_GAZ_REGION or DYAD_GAZ_CITY */
} gaz_phrase;

struct dyad_gazetteer {
    dyad_arena arena;
    const dyad_mem *mem;
    char *file;             /* places.tsv, cut in place; entries point into it */
    dyad_gaz_entry *entries;
    size_t n_entries, cap_entries;
    gaz_name *names;
    size_t n_names, cap_names;
    gaz_slot *slots;
    size_t n_slots;
    size_t max_tokens;      /* tokens worth trying from one position */
    gaz_phrase *prefixes, *suffixes;
    size_t n_prefixes, n_suffixes, cap_prefixes, cap_suffixes;
    uint32_t *countries;    /* entry indices, sorted by ISO3 */
    size_t n_countries;
    uint32_t *regions;      /* entry indices, sorted by (country, adm1, -population) */
    size_t n_regions;
    char (*fips)[2][4];
    size_t n_fips;
    /* Hashes of every name's and phrase's first word: one look-up tells most
     * tokens ("the", "said") that no place starts with them. */
    uint32_t *first;        /* first words that may be written in lower case */
    uint32_t *first_capital; /* first words that need a capital in the text */
    size_t first_cap;
};

/* ------------------------------------------------------------- helpers */

static uint32_t hash_str(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

/* Parses a decimal number without the locale (strtod reads "48,85" under a
 * French locale). Returns false on anything else. */
static bool parse_num(const char *s, double *out)
{
    bool neg = false;
    if (*s == '-' || *s == '+')
        neg = *s++ == '-';
    if (!*s)
        return false;
    double v = 0, scale = 1;
    bool dot = false, digits = false;
    for (; *s; s++) {
        if (*s >= '0' && *s <= '9') {
            digits = true;
            if (dot)
                v += (scale /= 10) * (*s - '0');
            else
                v = v * 10 + (*s - '0');
        } else if (*s == '.' && !dot) {
            dot = true;
        } else {
            return false;
        }
    }
    *out = neg ? -v : v;
    return digits;
}

static bool is_iso3(const char *s)
{
    return strlen(s) == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z' &&
           s[2] >= 'A' && s[2] <= 'Z';
}

/* CAP (bit 0) when the word's first letter is a capital, UPPER (bit 1) when
 * it has two or more letters, all capitals: the lexicon's rule. */
static unsigned word_case(const char *w, size_t len)
{
    size_t i = 0, letters = 0, upper = 0;
    bool first = true, cap = false;
    while (i < len) {
        int32_t cp;
        i += dyad__utf8_next(w + i, len - i, &cp);
        utf8proc_category_t c = utf8proc_category(cp);
        if (c != UTF8PROC_CATEGORY_LU && c != UTF8PROC_CATEGORY_LL && c != UTF8PROC_CATEGORY_LT &&
            c != UTF8PROC_CATEGORY_LO && c != UTF8PROC_CATEGORY_LM)
            continue;
        bool up = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
        if (first)
            cap = up;
        first = false;
        letters++;
        upper += up;
    }
    return (cap ? 1u : 0u) | (letters >= 2 && upper == letters ? 2u : 0u);
}

/* ------------------------------------------------------------- loading */

typedef struct {
    dyad_gazetteer *g;
    dyad_error *err;
    const char *file;
    long line;
    bool stale; /* regions were added since the indexes were built */
} loader;

static dyad_status oom(loader *L)
{
    return dyad__err(L->err, DYAD_ENOMEM, NULL, 0, "out of memory");
}

static dyad_status bad(loader *L, const char *what)
{
    return dyad__err(L->err, DYAD_EDATA, L->file, L->line, "%s", what);
}

static dyad_gaz_entry *new_entry(loader *L)
{
    dyad_gazetteer *g = L->g;
    if (g->n_entries == g->cap_entries) {
        size_t nc = g->cap_entries ? g->cap_entries * 2 : 32768;
        dyad_gaz_entry *v = dyad__realloc(g->mem, g->entries, nc * sizeof *v);
        if (!v)
            return NULL;
        g->entries = v;
        g->cap_entries = nc;
    }
    dyad_gaz_entry *e = &g->entries[g->n_entries++];
    memset(e, 0, sizeof *e);
    e->adm1 = "";
    return e;
}

/* Adds the name s[0..len) of entry `ei`. A leading '~' marks a common word.
 * French names starting with an article ("Le Caire", "La Haye") are also
 * added without it (the text says "au Caire"), and so are English ones
 * starting with "The". */
static dyad_status add_name(loader *L, uint32_t ei, const char *s, size_t len, uint8_t langs)
{
    dyad_gazetteer *g = L->g;
    uint8_t common = 0;
    if (len && *s == '~') {
        common = 1;
        s++;
        len--;
    }
    char key[KEY_CAP];
    size_t kl = 0, nw = 0;
    uint32_t capm = 0, upm = 0;
    size_t wstart[MAX_KW];
    size_t i = 0;
    while (i < len) {
        while (i < len && (s[i] == ' ' || s[i] == '-' || s[i] == '.'))
            i++;
        size_t j = i;
        while (j < len && s[j] != ' ' && s[j] != '-')
            j++;
        if (j == i)
            break;
        if (nw == MAX_KW)
            return bad(L, "place name has too many words");
        /* the word without its periods */
        char w[KEY_CAP], f[KEY_CAP];
        size_t wl = 0;
        for (size_t k = i; k < j && wl + 1 < sizeof w; k++)
            if (s[k] != '.')
                w[wl++] = s[k];
        if (wl == 0) {
            i = j;
            continue;
        }
        unsigned c = word_case(w, wl);
        size_t fl = dyad__fold(w, wl, f, sizeof f);
        if (kl + fl + 2 >= sizeof key)
            return bad(L, "place name too long");
        if (kl)
            key[kl++] = ' ';
        wstart[nw] = kl;
        memcpy(key + kl, f, fl);
        kl += fl;
        if (c & 1)
            capm |= 1u << nw;
        if (c & 2)
            upm |= 1u << nw;
        nw++;
        i = j;
    }
    if (nw == 0)
        return DYAD_OK;
    key[kl] = '\0';
    for (int pass = 0; pass < 2; pass++) {
        const char *k = key;
        uint8_t lg = langs;
        uint32_t cm = capm, um = upm;
        uint8_t n = (uint8_t)nw;
        if (pass == 1) {
            /* the variant without an article */
            if (nw < 2)
                break;
            bool fr_art = strncmp(key, "le ", 3) == 0 || strncmp(key, "la ", 3) == 0 ||
                          strncmp(key, "les ", 4) == 0;
            bool en_art = strncmp(key, "the ", 4) == 0;
            lg = (uint8_t)((fr_art ? (langs & 1) : 0) | (en_art ? (langs & 2) : 0));
            if (!lg)
                break;
            k = key + wstart[1];
            cm >>= 1;
            um >>= 1;
            n--;
        }
        if (g->n_names == g->cap_names) {
            size_t nc = g->cap_names ? g->cap_names * 2 : 65536;
            gaz_name *v = dyad__realloc(g->mem, g->names, nc * sizeof *v);
            if (!v)
                return oom(L);
            g->names = v;
            g->cap_names = nc;
        }
        gaz_name *nm = &g->names[g->n_names++];
        nm->key = dyad__arena_strdup(&g->arena, k);
        if (!nm->key)
            return oom(L);
        nm->hash = hash_str(k);
        nm->entry = ei;
        nm->capmask = cm;
        nm->uppermask = um;
        nm->langs = lg;
        nm->common = common;
        nm->nwords = n;
    }
    return DYAD_OK;
}

/* "a|fr:b|en:c" */
static dyad_status add_alt_names(loader *L, uint32_t ei, const char *s)
{
    while (*s) {
        const char *bar = strchr(s, '|');
        size_t len = bar ? (size_t)(bar - s) : strlen(s);
        uint8_t langs = 3;
        if (len > 3 && strncmp(s, "fr:", 3) == 0)
            langs = 1, s += 3, len -= 3;
        else if (len > 3 && strncmp(s, "en:", 3) == 0)
            langs = 2, s += 3, len -= 3;
        dyad_status st = add_name(L, ei, s, len, langs);
        if (st != DYAD_OK)
            return st;
        if (!bar)
            break;
        s = bar + 1;
    }
    return DYAD_OK;
}

static char *read_file(const dyad_mem *mem, const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (cap - n < 65536) {
            size_t nc = cap ? cap * 2 : 1 << 21;
            char *nb = dyad__realloc(mem, buf, nc + 1);
            if (!nb) {
                dyad__free(mem, buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
            cap = nc;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    bool failed = ferror(f) != 0;
    fclose(f);
    if (failed) {
        dyad__free(mem, buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* A display name without its common-word mark. */
static const char *display(const char *s)
{
    return *s == '~' ? s + 1 : s;
}

/* places.tsv: id type iso3 adm1 lat lon population name name_fr alts */
static dyad_status load_places(loader *L, const char *path)
{
    dyad_gazetteer *g = L->g;
    size_t len = 0;
    g->file = read_file(g->mem, path, &len);
    if (!g->file)
        return DYAD_OK; /* no gazetteer installed: no places (docs/gazetteer.md) */
    L->file = path;
    L->line = 0;
    char *p = g->file, *end = g->file + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        L->line++;
        *le = '\0';
        if (le > p && le[-1] == '\r')
            le[-1] = '\0';
        char *line = p;
        p = le + 1;
        if (*line == '#' || *line == '\0')
            continue;
        char *f[10];
        size_t nf = 0;
        f[nf++] = line;
        for (char *q = line; *q; q++)
            if (*q == '\t') {
                *q = '\0';
                if (nf == 10)
                    return bad(L, "too many fields (expected 10)");
                f[nf++] = q + 1;
            }
        if (nf != 10)
            return bad(L, "expected 10 tab-separated fields");
        dyad_gaz_entry *e = new_entry(L);
        if (!e)
            return oom(L);
        double id, lat, lon, pop;
        if (!parse_num(f[0], &id) || !parse_num(f[4], &lat) || !parse_num(f[5], &lon) ||
            !parse_num(f[6], &pop) || lat < -90 || lat > 90 || lon < -180 || lon > 180)
            return bad(L, "bad id, latitude, longitude or population");
        if (!is_iso3(f[2]))
            return bad(L, "bad country code (expected ISO 3166-1 alpha-3)");
        bool capital = strcmp(f[1], "P+") == 0;
        if (!capital && (strlen(f[1]) != 1 || !strchr("CRP", f[1][0])))
            return bad(L, "bad type (expected C, R, P or P+)");
        if (!*f[7])
            return bad(L, "empty name");
        e->geonames_id = (long)id;
        e->type = f[1][0] == 'C' ? DYAD_GAZ_COUNTRY : f[1][0] == 'R' ? DYAD_GAZ_REGION
                                                                     : DYAD_GAZ_CITY;
        memcpy(e->country, f[2], 4);
        e->adm1 = strcmp(f[3], "-") == 0 ? "" : f[3];
        e->lat = lat;
        e->lon = lon;
        e->population = (long)pop;
        e->name = display(f[7]);
        e->name_fr = *f[8] ? display(f[8]) : e->name;
        e->notable = *f[8] != '\0' || e->type == DYAD_GAZ_COUNTRY || capital;
        uint32_t ei = (uint32_t)(e - g->entries);
        dyad_status st;
        if ((st = add_name(L, ei, f[7], strlen(f[7]), 3)) != DYAD_OK)
            return st;
        if (*f[8] && (st = add_name(L, ei, f[8], strlen(f[8]), 1)) != DYAD_OK)
            return st;
        if ((st = add_alt_names(L, ei, f[9])) != DYAD_OK)
            return st;
    }
    return DYAD_OK;
}

/* --------------------------------------------------------- regions.txt */

static char *skip_ws(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    return s;
}

static char *next_field(char **s)
{
    char *p = skip_ws(*s);
    if (!*p)
        return NULL;
    char *q = p;
    while (*q && *q != ' ' && *q != '\t')
        q++;
    if (*q)
        *q++ = '\0';
    *s = q;
    return p;
}

static void trim(char **s, char **e)
{
    while (*s < *e && (**s == ' ' || **s == '\t'))
        (*s)++;
    while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t'))
        (*e)--;
}

/* Calls fn for each form of "fr: a | b ; en: c ; *: d". */
typedef dyad_status (*form_fn)(loader *L, void *ud, const char *form, size_t len, uint8_t langs);

static dyad_status each_form(loader *L, char *s, form_fn fn, void *ud)
{
    char *end = s + strlen(s);
    trim(&s, &end);
    if (s == end)
        return bad(L, "no forms (expected 'fr:', 'en:' or '*:')");
    while (s < end) {
        char *semi = memchr(s, ';', (size_t)(end - s));
        char *le = semi ? semi : end;
        char *ls = s;
        trim(&ls, &le);
        uint8_t langs;
        if (le - ls >= 3 && strncmp(ls, "fr:", 3) == 0)
            langs = 1, ls += 3;
        else if (le - ls >= 3 && strncmp(ls, "en:", 3) == 0)
            langs = 2, ls += 3;
        else if (le - ls >= 2 && strncmp(ls, "*:", 2) == 0)
            langs = 3, ls += 2;
        else
            return bad(L, "form list does not start with 'fr:', 'en:' or '*:'");
        while (ls < le) {
            char *bar = memchr(ls, '|', (size_t)(le - ls));
            char *fe = bar ? bar : le, *fs = ls;
            trim(&fs, &fe);
            if (fs == fe)
                return bad(L, "empty form");
            dyad_status st = fn(L, ud, fs, (size_t)(fe - fs), langs);
            if (st != DYAD_OK)
                return st;
            if (!bar)
                break;
            ls = bar + 1;
        }
        if (!semi)
            break;
        s = semi + 1;
    }
    return DYAD_OK;
}

static dyad_status form_name(loader *L, void *ud, const char *form, size_t len, uint8_t langs)
{
    uint32_t ei = *(uint32_t *)ud;
    dyad_gaz_entry *e = &L->g->entries[ei];
    /* the first English (or common) form names a hand entry, the first
     * French form its French name */
    if (!*e->name && (langs & 2)) {
        e->name = dyad__arena_strndup(&L->g->arena, form, len);
        if (!e->name)
            return oom(L);
    }
    if (!e->name_fr && (langs & 1)) {
        e->name_fr = dyad__arena_strndup(&L->g->arena, form, len);
        if (!e->name_fr)
            return oom(L);
    }
    return add_name(L, ei, form, len, langs);
}

typedef struct {
    uint8_t scope;
    bool prefix;
} phrase_ud;

static dyad_status form_phrase(loader *L, void *ud, const char *form, size_t len, uint8_t langs)
{
    const phrase_ud *pu = ud;
    dyad_gazetteer *g = L->g;
    char key[KEY_CAP];
    size_t kl = 0;
    /* phrases are matched without regard to case: same key as a name,
     * words joined by one space, hyphens as spaces, no periods */
    char f[KEY_CAP];
    size_t fl = dyad__fold(form, len, f, sizeof f);
    for (size_t i = 0; i < fl && kl + 1 < sizeof key; i++) {
        char c = f[i] == '-' ? ' ' : f[i];
        if (c == '.')
            continue;
        if (c == ' ' && (kl == 0 || key[kl - 1] == ' '))
            continue;
        key[kl++] = c;
    }
    while (kl && key[kl - 1] == ' ')
        kl--;
    key[kl] = '\0';
    if (!kl)
        return bad(L, "empty phrase");
    gaz_phrase **v = pu->prefix ? &g->prefixes : &g->suffixes;
    size_t *n = pu->prefix ? &g->n_prefixes : &g->n_suffixes;
    size_t *cap = pu->prefix ? &g->cap_prefixes : &g->cap_suffixes;
    if (*n == *cap) {
        size_t nc = *cap ? *cap * 2 : 64;
        gaz_phrase *nv = dyad__realloc(g->mem, *v, nc * sizeof *nv);
        if (!nv)
            return oom(L);
        *v = nv;
        *cap = nc;
    }
    gaz_phrase *ph = &(*v)[(*n)++];
    ph->key = dyad__arena_strdup(&g->arena, key);
    ph->langs = langs;
    ph->scope = pu->scope;
    return ph->key ? DYAD_OK : oom(L);
}

/* GeoNames ids, sorted with their entry index for aliases */
typedef struct {
    long id;
    uint32_t ei;
} id_pair;

static int cmp_id_pair(const void *a, const void *b)
{
    const id_pair *x = a, *y = b;
    if (x->id != y->id)
        return (x->id > y->id) - (x->id < y->id);
    return (x->ei > y->ei) - (x->ei < y->ei);
}

static const dyad_gaz_entry *find_country(const dyad_gazetteer *g, const char *iso3);

/* An alias target: a GeoNames id, an ISO3 country or "ISO3.ADM1". */
static dyad_status build_indexes(loader *L);

static long resolve_target(loader *L, const char *t, const id_pair *ids, size_t n_ids)
{
    dyad_gazetteer *g = L->g;
    if (*t >= '0' && *t <= '9') {
        double id;
        if (!parse_num(t, &id))
            return -1;
        size_t lo = 0, hi = n_ids;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (ids[mid].id < (long)id)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo < n_ids && ids[lo].id == (long)id ? (long)ids[lo].ei : -1;
    }
    char iso[4];
    if (strlen(t) < 3)
        return -1;
    memcpy(iso, t, 3);
    iso[3] = '\0';
    if (t[3] == '\0') {
        const dyad_gaz_entry *e = find_country(g, iso);
        return e ? (long)(e - g->entries) : -1;
    }
    if (t[3] != '.')
        return -1;
    /* hand regions must be findable for the aliases after them: the index
     * is rebuilt only when one is asked for, not after every region line */
    if (L->stale) {
        if (build_indexes(L) != DYAD_OK)
            return -1;
        L->stale = false;
    }
    const dyad_gaz_entry *e = dyad__gaz_region(g, iso, t + 4);
    return e ? (long)(e - g->entries) : -1;
}

static dyad_status load_regions(loader *L, const char *path)
{
    dyad_gazetteer *g = L->g;
    FILE *f = fopen(path, "r");
    if (!f)
        return DYAD_OK;
    L->file = path;
    L->line = 0;
    /* aliases need the places sorted by GeoNames id */
    id_pair *ids = dyad__malloc(g->mem, (g->n_entries + 1) * sizeof *ids);
    if (!ids) {
        fclose(f);
        return oom(L);
    }
    size_t n_ids = 0;
    for (size_t i = 0; i < g->n_entries; i++)
        if (g->entries[i].geonames_id)
            ids[n_ids++] = (id_pair){g->entries[i].geonames_id, (uint32_t)i};
    qsort(ids, n_ids, sizeof *ids, cmp_id_pair);
    char buf[LINE_CAP];
    dyad_status st = DYAD_OK;
    while (st == DYAD_OK && fgets(buf, sizeof buf, f)) {
        L->line++;
        size_t bl = strlen(buf);
        if (bl == sizeof buf - 1 && buf[bl - 1] != '\n') {
            st = bad(L, "line too long");
            break;
        }
        char *hash = strchr(buf, '#');
        if (hash)
            *hash = '\0';
        bl = strlen(buf);
        while (bl && (buf[bl - 1] == '\n' || buf[bl - 1] == '\r' || buf[bl - 1] == ' '))
            buf[--bl] = '\0';
        char *s = buf;
        char *kind = next_field(&s);
        if (!kind)
            continue;
        if (strcmp(kind, "region") == 0 || strcmp(kind, "city") == 0) {
            char *iso = next_field(&s), *adm = next_field(&s), *la = next_field(&s),
                 *lo = next_field(&s);
            double lat, lon;
            if (!lo || !is_iso3(iso) || !parse_num(la, &lat) || !parse_num(lo, &lon) ||
                lat < -90 || lat > 90 || lon < -180 || lon > 180) {
                st = bad(L, "expected: region|city ISO3 ADM1|- LAT LON FORMS");
                break;
            }
            dyad_gaz_entry *e = new_entry(L);
            if (!e) {
                st = oom(L);
                break;
            }
            e->type = kind[0] == 'r' ? DYAD_GAZ_REGION : DYAD_GAZ_CITY;
            memcpy(e->country, iso, 4);
            if (strcmp(adm, "-") != 0 && !(e->adm1 = dyad__arena_strdup(&g->arena, adm))) {
                st = oom(L);
                break;
            }
            e->lat = lat;
            e->lon = lon;
            e->notable = 1;
            e->name = "";
            e->name_fr = NULL;
            uint32_t ei = (uint32_t)(e - g->entries);
            st = each_form(L, s, form_name, &ei);
            e = &g->entries[ei]; /* the vector may have moved */
            if (st == DYAD_OK && !*e->name)
                e->name = e->name_fr;
            if (st == DYAD_OK && !e->name_fr)
                e->name_fr = e->name;
        } else if (strcmp(kind, "alias") == 0) {
            char *t = next_field(&s);
            long ei = t ? resolve_target(L, t, ids, n_ids) : -1;
            if (ei < 0) {
                st = bad(L, "alias: unknown target (a GeoNames id in places.tsv, a country's "
                            "ISO3 or ISO3.ADM1 of a region)");
                break;
            }
            g->entries[ei].notable = 1;
            /* keep the display names: hand forms only add names */
            dyad_gaz_entry keep = g->entries[ei];
            uint32_t u = (uint32_t)ei;
            st = each_form(L, s, form_name, &u);
            g->entries[u].name = keep.name;
            g->entries[u].name_fr = keep.name_fr;
        } else if (strcmp(kind, "prefix") == 0 || strcmp(kind, "suffix") == 0) {
            char *scope = next_field(&s);
            phrase_ud pu = {0, kind[0] == 'p'};
            if (scope && strcmp(scope, "region") == 0)
                pu.scope = DYAD_GAZ_REGION;
            else if (scope && strcmp(scope, "city") == 0)
                pu.scope = DYAD_GAZ_CITY;
            else {
                st = bad(L, "expected: prefix|suffix region|city FORMS");
                break;
            }
            st = each_form(L, s, form_phrase, &pu);
        } else {
            st = bad(L, "unknown kind (expected region, city, alias, prefix or suffix)");
        }
        if (st == DYAD_OK && (strcmp(kind, "region") == 0))
            L->stale = true;
    }
    if (st == DYAD_OK && L->stale) {
        st = build_indexes(L);
        L->stale = false;
    }
    if (st == DYAD_OK && ferror(f))
        st = dyad__err(L->err, DYAD_EIO, path, 0, "read error");
    fclose(f);
    dyad__free(g->mem, ids);
    return st;
}

static dyad_status load_fips(loader *L, const char *path)
{
    dyad_gazetteer *g = L->g;
    FILE *f = fopen(path, "r");
    if (!f)
        return DYAD_OK;
    L->file = path;
    L->line = 0;
    char buf[256];
    size_t cap = 0;
    dyad_status st = DYAD_OK;
    while (fgets(buf, sizeof buf, f)) {
        L->line++;
        if (buf[0] == '#' || buf[0] == '\n')
            continue;
        char *s = buf, *iso = next_field(&s), *fp = next_field(&s);
        if (fp)
            fp[strcspn(fp, "\r\n")] = '\0';
        if (!fp || !is_iso3(iso) || strlen(fp) > 2 || !*fp) {
            st = bad(L, "expected: ISO3 FIPS");
            break;
        }
        if (g->n_fips == cap) {
            size_t nc = cap ? cap * 2 : 256;
            char(*nv)[2][4] = dyad__realloc(g->mem, g->fips, nc * sizeof *nv);
            if (!nv) {
                st = oom(L);
                break;
            }
            g->fips = nv;
            cap = nc;
        }
        memcpy(g->fips[g->n_fips][0], iso, 4);
        snprintf(g->fips[g->n_fips][1], 4, "%s", strcmp(fp, "-") == 0 ? "" : fp);
        g->n_fips++;
    }
    fclose(f);
    return st;
}

/* ------------------------------------------------------------ indexes */

static int cmp_name(const void *a, const void *b)
{
    const gaz_name *x = a, *y = b;
    if (x->hash != y->hash)
        return x->hash < y->hash ? -1 : 1;
    int c = strcmp(x->key, y->key);
    if (c)
        return c;
    return (x->entry > y->entry) - (x->entry < y->entry);
}

/* To put a key's entries in order of population, names carry their
 * entry's population through the sort. */
typedef struct {
    gaz_name n;
    long pop;
} name_pop;

static int cmp_name_pop(const void *a, const void *b)
{
    const name_pop *x = a, *y = b;
    if (x->n.hash != y->n.hash)
        return x->n.hash < y->n.hash ? -1 : 1;
    int c = strcmp(x->n.key, y->n.key);
    if (c)
        return c;
    if (x->pop != y->pop)
        return x->pop > y->pop ? -1 : 1;
    return cmp_name(a, b);
}

typedef struct {
    const dyad_gaz_entry *e;
    uint32_t ei;
} ent_ref;

static int cmp_region(const void *a, const void *b)
{
    const ent_ref *x = a, *y = b;
    int c = memcmp(x->e->country, y->e->country, 3);
    if (c)
        return c;
    if ((c = strcmp(x->e->adm1, y->e->adm1)) != 0)
        return c;
    if (x->e->population != y->e->population)
        return x->e->population > y->e->population ? -1 : 1;
    return (x->ei > y->ei) - (x->ei < y->ei);
}

static int cmp_country(const void *a, const void *b)
{
    const ent_ref *x = a, *y = b;
    int c = memcmp(x->e->country, y->e->country, 3);
    return c ? c : (x->ei > y->ei) - (x->ei < y->ei);
}

/* Countries and regions, sorted for binary search. Rebuilt after each hand
 * region (a handful), so cheap enough. */
static dyad_status build_indexes(loader *L)
{
    dyad_gazetteer *g = L->g;
    size_t nc = 0, nr = 0;
    for (size_t i = 0; i < g->n_entries; i++) {
        nc += g->entries[i].type == DYAD_GAZ_COUNTRY;
        nr += g->entries[i].type == DYAD_GAZ_REGION && *g->entries[i].adm1;
    }
    ent_ref *refs = dyad__malloc(g->mem, (nc + nr + 1) * sizeof *refs);
    uint32_t *cv = dyad__realloc(g->mem, g->countries, (nc + 1) * sizeof *cv);
    if (cv)
        g->countries = cv;
    uint32_t *rv = dyad__realloc(g->mem, g->regions, (nr + 1) * sizeof *rv);
    if (rv)
        g->regions = rv;
    if (!refs || !cv || !rv) {
        dyad__free(g->mem, refs);
        return oom(L);
    }
    size_t k = 0;
    for (size_t i = 0; i < g->n_entries; i++)
        if (g->entries[i].type == DYAD_GAZ_COUNTRY)
            refs[k++] = (ent_ref){&g->entries[i], (uint32_t)i};
    qsort(refs, k, sizeof *refs, cmp_country);
    for (size_t i = 0; i < k; i++)
        g->countries[i] = refs[i].ei;
    g->n_countries = k;
    k = 0;
    for (size_t i = 0; i < g->n_entries; i++)
        if (g->entries[i].type == DYAD_GAZ_REGION && *g->entries[i].adm1)
            refs[k++] = (ent_ref){&g->entries[i], (uint32_t)i};
    qsort(refs, k, sizeof *refs, cmp_region);
    for (size_t i = 0; i < k; i++)
        g->regions[i] = refs[i].ei;
    g->n_regions = k;
    dyad__free(g->mem, refs);
    return DYAD_OK;
}

/* The hash of a key's or a folded token's first word: up to a space or a
 * hyphen, periods left out (as keys are normalised). */
static uint32_t first_word_hash(const char *s)
{
    uint32_t h = 2166136261u;
    for (; *s && *s != ' ' && *s != '-'; s++) {
        if (*s == '.')
            continue;
        h ^= (unsigned char)*s;
        h *= 16777619u;
    }
    return h ? h : 1;
}

static void first_add(uint32_t *set, size_t cap, uint32_t h)
{
    size_t mask = cap - 1;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
        if (set[s] == h)
            return;
        if (!set[s]) {
            set[s] = h;
            return;
        }
    }
}

static bool first_has(const uint32_t *set, size_t cap, uint32_t h)
{
    size_t mask = cap - 1;
    for (size_t s = h & mask;; s = (s + 1) & mask) {
        if (set[s] == h)
            return true;
        if (!set[s])
            return false;
    }
}

static dyad_status build_first_words(loader *L)
{
    dyad_gazetteer *g = L->g;
    size_t n = g->n_names + g->n_prefixes + 1, cap = 64;
    while (cap < n * 2)
        cap *= 2;
    /* the indexes are built again after regions.txt */
    dyad__free(g->mem, g->first);
    dyad__free(g->mem, g->first_capital);
    g->first_cap = 0;
    g->first = dyad__malloc(g->mem, cap * sizeof *g->first);
    g->first_capital = dyad__malloc(g->mem, cap * sizeof *g->first_capital);
    if (!g->first || !g->first_capital)
        return oom(L);
    memset(g->first, 0, cap * sizeof *g->first);
    memset(g->first_capital, 0, cap * sizeof *g->first_capital);
    g->first_cap = cap;
    for (size_t i = 0; i < g->n_names; i++)
        first_add(g->names[i].capmask & 1 ? g->first_capital : g->first, cap,
                  first_word_hash(g->names[i].key));
    for (size_t i = 0; i < g->n_prefixes; i++)
        first_add(g->first, cap, first_word_hash(g->prefixes[i].key));
    return DYAD_OK;
}

/* Can a name or a phrase start at this token? False for most words. */
static bool may_start(const dyad_gazetteer *g, const dyad_token *t)
{
    if (!g->first_cap || !t->fold || (t->flags & DYAD_TOK_ELIDED))
        return true; /* "l'" joins the next word in keys: check the long way */
    uint32_t h = first_word_hash(t->fold);
    if (first_has(g->first, g->first_cap, h))
        return true;
    return (t->flags & (DYAD_TOK_CAP | DYAD_TOK_UPPER)) &&
           first_has(g->first_capital, g->first_cap, h);
}

static dyad_status build_names(loader *L)
{
    dyad_gazetteer *g = L->g;
    name_pop *np = dyad__malloc(g->mem, (g->n_names + 1) * sizeof *np);
    if (!np)
        return oom(L);
    for (size_t i = 0; i < g->n_names; i++) {
        np[i].n = g->names[i];
        np[i].pop = g->entries[g->names[i].entry].population;
    }
    qsort(np, g->n_names, sizeof *np, cmp_name_pop);
    size_t keys = 0;
    for (size_t i = 0; i < g->n_names; i++) {
        g->names[i] = np[i].n;
        keys += i == 0 || strcmp(np[i].n.key, np[i - 1].n.key) != 0;
    }
    dyad__free(g->mem, np);
    size_t ns = 16;
    while (ns < keys * 2)
        ns *= 2;
    g->slots = dyad__malloc(g->mem, ns * sizeof *g->slots);
    if (!g->slots)
        return oom(L);
    memset(g->slots, 0, ns * sizeof *g->slots);
    g->n_slots = ns;
    size_t max_words = 1;
    for (size_t i = 0; i < g->n_names;) {
        size_t j = i + 1;
        while (j < g->n_names && g->names[j].hash == g->names[i].hash &&
               strcmp(g->names[j].key, g->names[i].key) == 0)
            j++;
        size_t s = g->names[i].hash & (ns - 1);
        while (g->slots[s].count)
            s = (s + 1) & (ns - 1);
        g->slots[s].begin = (uint32_t)i;
        g->slots[s].count = (uint32_t)(j - i);
        if (g->names[i].nwords > max_words)
            max_words = g->names[i].nwords;
        i = j;
    }
    /* an elided clitic or a period can add tokens to a name's words */
    g->max_tokens = max_words + 3;
    return build_first_words(L);
}

dyad_status dyad__gazetteer_load(dyad_ctx *ctx, dyad_error *err)
{
    dyad_gazetteer *g = dyad__malloc(&ctx->mem, sizeof *g);
    if (!g)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    memset(g, 0, sizeof *g);
    g->mem = &ctx->mem;
    dyad__arena_init(&g->arena, &ctx->mem);
    ctx->gaz = g;
    loader L = {.g = g, .err = err};
    const char *dir = ctx->data_dir ? ctx->data_dir : "data";
    size_t dl = strlen(dir) + 64;
    char *path = dyad__malloc(&ctx->mem, dl);
    if (!path)
        return oom(&L);
    dyad_status st;
    snprintf(path, dl, "%s/gazetteer/places.tsv", dir);
    if ((st = load_places(&L, path)) == DYAD_OK && (st = build_indexes(&L)) == DYAD_OK) {
        snprintf(path, dl, "%s/gazetteer/regions.txt", dir);
        st = load_regions(&L, path);
    }
    if (st == DYAD_OK) {
        snprintf(path, dl, "%s/gazetteer/iso3_fips.tsv", dir);
        st = load_fips(&L, path);
    }
    if (st == DYAD_OK && (st = build_indexes(&L)) == DYAD_OK)
        st = build_names(&L);
    if (st == DYAD_OK && g->arena.failed)
        st = oom(&L);
    dyad__free(&ctx->mem, path);
    if (st != DYAD_OK)
        return st; /* dyad_ctx_close frees the rest */
    ctx->stats.places = g->n_entries;
    return DYAD_OK;
}

void dyad__gazetteer_free(dyad_ctx *ctx)
{
    dyad_gazetteer *g = ctx->gaz;
    if (!g)
        return;
    dyad__arena_free(&g->arena);
    dyad__free(g->mem, g->file);
    dyad__free(g->mem, g->entries);
    dyad__free(g->mem, g->names);
    dyad__free(g->mem, g->slots);
    dyad__free(g->mem, g->prefixes);
    dyad__free(g->mem, g->suffixes);
    dyad__free(g->mem, g->countries);
    dyad__free(g->mem, g->regions);
    dyad__free(g->mem, g->fips);
    dyad__free(g->mem, g->first);
    dyad__free(g->mem, g->first_capital);
    dyad__free(&ctx->mem, g);
    ctx->gaz = NULL;
}

/* ------------------------------------------------------------- lookups */

static const dyad_gaz_entry *find_country(const dyad_gazetteer *g, const char *iso3)
{
    size_t lo = 0, hi = g->n_countries;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = memcmp(g->entries[g->countries[mid]].country, iso3, 3);
        if (c == 0)
            return &g->entries[g->countries[mid]];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const dyad_gaz_entry *dyad__gaz_country(const dyad_gazetteer *g, const char *iso3)
{
    return g && iso3 ? find_country(g, iso3) : NULL;
}

const dyad_gaz_entry *dyad__gaz_region(const dyad_gazetteer *g, const char *iso3,
                                       const char *adm1)
{
    if (!g || !iso3 || !adm1 || !*adm1)
        return NULL;
    size_t lo = 0, hi = g->n_regions;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const dyad_gaz_entry *e = &g->entries[g->regions[mid]];
        int c = memcmp(e->country, iso3, 3);
        if (c == 0)
            c = strcmp(e->adm1, adm1);
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < g->n_regions) {
        const dyad_gaz_entry *e = &g->entries[g->regions[lo]];
        if (memcmp(e->country, iso3, 3) == 0 && strcmp(e->adm1, adm1) == 0)
            return e;
    }
    return NULL;
}

const char *dyad__gaz_fips(const dyad_gazetteer *g, const char *iso3)
{
    if (!g || !iso3)
        return NULL;
    for (size_t i = 0; i < g->n_fips; i++)
        if (memcmp(g->fips[i][0], iso3, 4) == 0)
            return g->fips[i][1][0] ? g->fips[i][1] : NULL;
    return NULL;
}

static const gaz_slot *find_key(const dyad_gazetteer *g, const char *key)
{
    if (!g->n_slots)
        return NULL;
    uint32_t h = hash_str(key);
    size_t s = h & (g->n_slots - 1);
    while (g->slots[s].count) {
        const gaz_name *nm = &g->names[g->slots[s].begin];
        if (nm->hash == h && strcmp(nm->key, key) == 0)
            return &g->slots[s];
        s = (s + 1) & (g->n_slots - 1);
    }
    return NULL;
}

/* The key of tokens toks[i..i+k) for every k, built incrementally: ends[k]
 * is the key's length after k tokens and wflags the case of each key word
 * (words that start inside a token, after a hyphen, accept any case). */
typedef struct {
    char key[KEY_CAP];
    size_t ends[40];
    uint16_t wflags[MAX_KW];
    size_t nw_at[40];
    size_t ntok;
} tok_key;

#define ANY_CASE (DYAD_TOK_CAP | DYAD_TOK_UPPER)

static void build_tok_key(tok_key *tk, const dyad_token *toks, size_t n, size_t i, size_t max)
{
    size_t kl = 0, nw = 0;
    tk->ntok = 0;
    tk->ends[0] = 0;
    tk->nw_at[0] = 0;
    for (size_t t = i; t < n && t - i < max && t - i + 1 < 40; t++) {
        const char *f = toks[t].fold;
        if (!f)
            break;
        bool space = t > i && toks[t].start > toks[t - 1].end;
        bool new_word = t == i || space;
        bool full = false;
        if (space && kl && tk->key[kl - 1] != ' ') {
            if (kl + 1 >= KEY_CAP)
                break;
            tk->key[kl++] = ' ';
        }
        if (new_word) {
            if (nw == MAX_KW)
                break;
            tk->wflags[nw++] = toks[t].flags;
        }
        for (const char *p = f; *p; p++) {
            char c = *p == '-' ? ' ' : *p;
            if (c == '.')
                continue;
            if (c == ' ') {
                if (kl == 0 || tk->key[kl - 1] == ' ')
                    continue;
                if (nw == MAX_KW) {
                    full = true;
                    break;
                }
                tk->wflags[nw++] = ANY_CASE;
            }
            if (kl + 1 >= KEY_CAP) {
                full = true;
                break;
            }
            tk->key[kl++] = c;
            new_word = false;
        }
        if (full)
            break;
        tk->ntok = t - i + 1;
        tk->ends[tk->ntok] = kl;
        tk->nw_at[tk->ntok] = nw;
    }
}

/* The key of the first k tokens, without a trailing space, in out. */
static const char *key_at(const tok_key *tk, size_t k, char *out)
{
    size_t l = tk->ends[k];
    memcpy(out, tk->key, l);
    while (l && out[l - 1] == ' ')
        l--;
    out[l] = '\0';
    return out;
}

static bool case_ok(const gaz_name *nm, const tok_key *tk)
{
    for (size_t w = 0; w < nm->nwords && w < MAX_KW; w++) {
        uint16_t tf = tk->wflags[w];
        if ((nm->uppermask >> w & 1) && !(tf & DYAD_TOK_UPPER))
            return false;
        if ((nm->capmask >> w & 1) && !(tf & (DYAD_TOK_CAP | DYAD_TOK_UPPER)))
            return false;
    }
    return true;
}

static uint8_t lang_bit(dyad_lang lang)
{
    return lang == DYAD_LANG_FR ? 1 : lang == DYAD_LANG_EN ? 2 : 3;
}

/* The longest phrase of v[0..n) that the tokens start with: its token count
 * and scope, or 0. */
static size_t match_phrase(const gaz_phrase *v, size_t n, const tok_key *tk, uint8_t lbit,
                           uint8_t *scope)
{
    char buf[KEY_CAP];
    for (size_t k = tk->ntok; k >= 1; k--) {
        key_at(tk, k, buf);
        for (size_t p = 0; p < n; p++)
            if ((v[p].langs & lbit) && strcmp(v[p].key, buf) == 0) {
                *scope = v[p].scope;
                return k;
            }
    }
    return 0;
}

static bool is_locative(const char *fold, dyad_lang lang)
{
    static const char *const fr[] = {"a", "au", "aux", "en", "de", "d'", "du", "des", "pres",
                                     "vers", "depuis", "sur", "dans", "pour", "jusqu'"};
    static const char *const en[] = {"in", "at", "near", "from", "outside", "to", "into",
                                     "of", "around", "across", "toward", "towards", "inside"};
    const char *const *v = lang == DYAD_LANG_EN ? en : fr;
    size_t n = lang == DYAD_LANG_EN ? sizeof en / sizeof *en : sizeof fr / sizeof *fr;
    for (size_t i = 0; i < n; i++)
        if (strcmp(fold, v[i]) == 0)
            return true;
    return false;
}

/* Names only, without phrases. */
static size_t match_names(const dyad_gazetteer *g, const dyad_token *toks, size_t n, size_t i,
                          dyad_lang lang, const dyad_gaz_entry **out, size_t cap,
                          size_t *ntoks, bool *common)
{
    tok_key tk;
    build_tok_key(&tk, toks, n, i, g->max_tokens);
    uint8_t lbit = lang_bit(lang);
    char buf[KEY_CAP];
    for (size_t k = tk.ntok; k >= 1; k--) {
        const gaz_slot *s = find_key(g, key_at(&tk, k, buf));
        if (!s)
            continue;
        size_t got = 0;
        bool all_common = true;
        for (uint32_t j = 0; j < s->count; j++) {
            const gaz_name *nm = &g->names[s->begin + j];
            if (!(nm->langs & lbit) || nm->nwords != tk.nw_at[k] || !case_ok(nm, &tk))
                continue;
            const dyad_gaz_entry *e = &g->entries[nm->entry];
            bool dup = false;
            for (size_t d = 0; d < got && !dup; d++)
                dup = out[d] == e;
            if (dup)
                continue;
            all_common = all_common && nm->common;
            if (got < cap)
                out[got++] = e;
        }
        if (got) {
            *ntoks = k;
            *common = all_common;
            return got;
        }
    }
    return 0;
}

size_t dyad__gaz_match(const dyad_gazetteer *g, const dyad_token *toks, size_t n, size_t i,
                       dyad_lang lang, const dyad_gaz_entry **out, size_t cap,
                       dyad_gaz_info *info)
{
    memset(info, 0, sizeof *info);
    if (!g || i >= n || !toks[i].fold || cap == 0 || !may_start(g, &toks[i]))
        return 0;
    uint8_t lbit = lang_bit(lang);
    size_t pre = 0, got = 0, nt = 0;
    uint8_t scope = 0;
    bool common = false;
    if (g->n_prefixes && !(toks[i].flags & DYAD_TOK_PUNCT)) {
        tok_key tk;
        build_tok_key(&tk, toks, n, i, 8);
        pre = match_phrase(g->prefixes, g->n_prefixes, &tk, lbit, &scope);
        if (pre) {
            got = match_names(g, toks, n, i + pre, lang, out, cap, &nt, &common);
            if (!got)
                pre = 0, scope = 0;
            common = false; /* "la région de X" says X is a place */
        }
    }
    {
        /* a name may itself start with a phrase's words ("centrale
         * nucléaire de Zaporijjia"): the longer match wins */
        const dyad_gaz_entry *alt[64];
        size_t ant = 0;
        bool acommon = false;
        size_t ag = match_names(g, toks, n, i, lang, alt, cap < 64 ? cap : 64, &ant, &acommon);
        if (ag && ant >= pre + nt) {
            memcpy(out, alt, ag * sizeof *out);
            got = ag;
            nt = ant;
            pre = 0;
            scope = 0;
            common = acommon;
            if (common && i > 0 && toks[i - 1].fold && is_locative(toks[i - 1].fold, lang))
                common = false;
        }
    }
    if (!got)
        return 0;
    size_t endt = i + pre + nt;
    if (g->n_suffixes && endt < n) {
        tok_key tk;
        build_tok_key(&tk, toks, n, endt, 6);
        uint8_t sc = 0;
        size_t suf = match_phrase(g->suffixes, g->n_suffixes, &tk, lbit, &sc);
        if (suf) {
            nt += suf;
            if (!scope)
                scope = sc;
            common = false;
        }
    }
    /* a phrase fixed the kind of place: turn cities into their regions, or
     * keep the cities */
    if (scope == DYAD_GAZ_REGION) {
        size_t k = 0;
        for (size_t j = 0; j < got; j++) {
            const dyad_gaz_entry *e = out[j];
            if (e->type == DYAD_GAZ_CITY) {
                const dyad_gaz_entry *r = dyad__gaz_region(g, e->country, e->adm1);
                if (r)
                    e = r;
            }
            bool dup = false;
            for (size_t d = 0; d < k && !dup; d++)
                dup = out[d] == e;
            if (!dup)
                out[k++] = e;
        }
        got = k;
    } else if (scope == DYAD_GAZ_CITY) {
        size_t k = 0;
        for (size_t j = 0; j < got; j++)
            if (out[j]->type == DYAD_GAZ_CITY)
                out[k++] = out[j];
        if (k)
            got = k;
    }
    info->ntoks = pre + nt;
    info->weak = common;
    info->sentence_start = (toks[i].flags & DYAD_TOK_SENT_START) != 0;
    info->scope = scope;
    return got;
}

static bool in_context(const dyad_gaz_entry *e, const char *const *cc, size_t nc)
{
    for (size_t i = 0; i < nc; i++)
        if (cc[i] && memcmp(cc[i], e->country, 3) == 0 && cc[i][3] == '\0')
            return true;
    return false;
}

const dyad_gaz_entry *dyad__gaz_best(const dyad_gazetteer *g, const dyad_gaz_entry *const *cands,
                                     size_t n, const dyad_gaz_info *info,
                                     const char *const *ctx_countries, size_t n_ctx)
{
    (void)g;
    const dyad_gaz_entry *best = NULL;
    double best_score = -1e9;
    for (size_t i = 0; i < n; i++) {
        const dyad_gaz_entry *e = cands[i];
        bool inc = in_context(e, ctx_countries, n_ctx);
        double s = log10((double)e->population + 1.0);
        if (e->notable)
            s += 1.0;
        /* a bare name is a country, else a city before its region
         * ("Kyiv", "Pyongyang", "New York") */
        if (e->type == DYAD_GAZ_COUNTRY)
            s += 10.0;
        else if (e->type == DYAD_GAZ_CITY)
            s += 0.5;
        else
            s -= 1.0;
        if (inc)
            s += 20.0;
        if (info && info->scope && e->type == info->scope)
            s += 30.0;
        if (s > best_score) {
            best_score = s;
            best = e;
        }
    }
    if (!best || best->type == DYAD_GAZ_COUNTRY || in_context(best, ctx_countries, n_ctx))
        return best;
    /* a common word: at the start of a sentence ("Reading the
     * statement"), or a small place anywhere, needs its country in context */
    if (info && info->weak && (info->sentence_start || best->population < 300000))
        return NULL;
    if (best->type == DYAD_GAZ_CITY && !best->notable && best->population < PLAUSIBLE_POP &&
        !(info && info->scope))
        return NULL;
    return best;
}

/* How many tokens a lexicon match at i covers that rules out a place there:
 * a person of any length, or any longer actor ("Washington Post"). */
static size_t lexicon_block(const dyad_ctx *ctx, const dyad_token *toks, size_t end, size_t i,
                            dyad_lang lang, size_t place_len)
{
    if (!ctx->lex)
        return 0;
    const dyad_lex_entry *le[16];
    size_t nl = dyad__lex_match(ctx->lex, toks, end, i, lang, le, 16);
    size_t block = 0;
    for (size_t k = 0; k < nl; k++) {
        size_t w = le[k]->n_words;
        if (le[k]->kind == DYAD_LEX_PERSON && w >= place_len && w > block)
            block = w;
        else if (le[k]->kind != DYAD_LEX_PLACE && le[k]->kind != DYAD_LEX_SEAT &&
                 w > place_len && w > block)
            block = w;
    }
    return block;
}

size_t dyad__gaz_scan(const dyad_ctx *ctx, const dyad_token *toks, size_t begin, size_t end,
                      dyad_lang lang, const char *const *ctx_countries, size_t n_ctx,
                      dyad_gaz_hit *hits, size_t cap)
{
    const dyad_gazetteer *g = ctx ? ctx->gaz : NULL;
    size_t nh = 0;
    if (!g)
        return 0;
    for (size_t i = begin; i < end && nh < cap;) {
        const dyad_gaz_entry *c[32];
        dyad_gaz_info info;
        size_t nc = dyad__gaz_match(g, toks, end, i, lang, c, 32, &info);
        size_t block = lexicon_block(ctx, toks, end, i, lang, nc ? info.ntoks : 1);
        if (block && (!nc || block >= info.ntoks)) {
            i += block;
            continue;
        }
        if (!nc) {
            i++;
            continue;
        }
        const dyad_gaz_entry *e = dyad__gaz_best(g, c, nc, &info, ctx_countries, n_ctx);
        if (e)
            hits[nh++] = (dyad_gaz_hit){e, i, i + info.ntoks};
        i += info.ntoks;
    }
    return nh;
}

static int specificity(const dyad_gaz_entry *e)
{
    return e->type == DYAD_GAZ_CITY ? 3 : e->type == DYAD_GAZ_REGION ? 2 : 1;
}

bool dyad__gaz_sentence_place(const dyad_ctx *ctx, const dyad_token *toks, size_t begin,
                              size_t end, dyad_lang lang, const char *const *ctx_countries,
                              size_t n_ctx, dyad_gaz_hit *out)
{
    dyad_gaz_hit hits[64];
    size_t n = dyad__gaz_scan(ctx, toks, begin, end, lang, ctx_countries, n_ctx, hits, 64);
    size_t best = n;
    for (size_t i = 0; i < n; i++)
        if (best == n || specificity(hits[i].entry) > specificity(hits[best].entry))
            best = i;
    if (best == n)
        return false;
    *out = hits[best];
    return true;
}

static size_t add_country(const char **out, size_t n, size_t cap, const char *c)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(out[i], c) == 0)
            return n;
    if (n < cap)
        out[n++] = c;
    return n;
}

size_t dyad__gaz_context(const dyad_ctx *ctx, const dyad_token *toks, size_t begin, size_t end,
                         dyad_lang lang, const char **out, size_t cap)
{
    const dyad_gazetteer *g = ctx ? ctx->gaz : NULL;
    size_t n = 0;
    if (!g)
        return 0;
    for (size_t i = begin; i < end;) {
        if (ctx->lex) {
            const dyad_lex_entry *le[16];
            size_t nl = dyad__lex_match(ctx->lex, toks, end, i, lang, le, 16);
            size_t adv = 0;
            for (size_t k = 0; k < nl; k++) {
                const dyad_lex_entry *e = le[k];
                /* names, adjectives, demonyms: seats and places may be
                 * ambiguous ("Tripoli", "Paris") and go through the
                 * gazetteer below */
                if ((e->kind != DYAD_LEX_NAME && e->kind != DYAD_LEX_ADJ &&
                     e->kind != DYAD_LEX_PEOPLE) ||
                    !e->code || strlen(e->code) < 3)
                    continue;
                char iso[4];
                memcpy(iso, e->code, 3);
                iso[3] = '\0';
                const dyad_gaz_entry *c = find_country(g, iso);
                if (c) {
                    n = add_country(out, n, cap, c->country);
                    if (e->n_words > adv)
                        adv = e->n_words;
                }
            }
            if (adv) {
                i += adv;
                continue;
            }
        }
        const dyad_gaz_entry *c[32];
        dyad_gaz_info info;
        size_t nc = dyad__gaz_match(g, toks, end, i, lang, c, 32, &info);
        if (!nc) {
            i++;
            continue;
        }
        const dyad_gaz_entry *e = dyad__gaz_best(g, c, nc, &info, NULL, 0);
        /* a country, or a place that is well known and unambiguous */
        bool same = true;
        for (size_t k = 1; k < nc; k++)
            same = same && memcmp(c[k]->country, c[0]->country, 3) == 0;
        if (e && (e->type == DYAD_GAZ_COUNTRY || (same && (e->notable || e->population >= 1000000)))) {
            const dyad_gaz_entry *ce = find_country(g, e->country);
            if (ce)
                n = add_country(out, n, cap, ce->country);
        }
        i += info.ntoks;
    }
    return n;
}

bool dyad__gaz_to_place(const dyad_gaz_entry *e, dyad_place *out)
{
    if (!e)
        return false;
    memset(out, 0, sizeof *out);
    out->name = e->name;
    out->country = e->country;
    out->adm1 = *e->adm1 ? e->adm1 : NULL;
    out->lat = e->lat;
    out->lon = e->lon;
    out->geonames_id = e->geonames_id;
    out->type = e->type;
    return true;
}

/*
 * layout.c -- paragraphs, and for scraped plain articles their roles: title,
 * photo caption, lead, dateline, byline, and repeated paragraphs.
 *
 * A scraped page (contract section 4, eval/seed.txt) is a title line, often
 * a photo caption, the lead, a dateline ("Le 29/11/2024 à 06h59"), the body
 * and a byline ("Par Le360 (avec AFP)"), with blank lines between blocks and
 * sometimes page furniture repeated (the seed repeats its dateline). The
 * roles matter downstream: the dateline dates the article, the byline names
 * the outlet and agencies, captions and repeats would double-count events.
 */
#include "internal.h"

#include <string.h>

typedef struct {
    const char *s;
    size_t n;
} span;

static bool is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Also U+00A0 and U+202F, common around French punctuation. */
static size_t space_len(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n >= 1 && is_space(u[0]))
        return 1;
    if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (n >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)
        return 3;
    return 0;
}

static span trim(const char *s, size_t n)
{
    size_t k;
    while (n && (k = space_len(s, n)) > 0)
        s += k, n -= k;
    while (n) {
        if (is_space((unsigned char)s[n - 1]))
            n--;
        else if (n >= 2 && (unsigned char)s[n - 2] == 0xC2 && (unsigned char)s[n - 1] == 0xA0)
            n -= 2;
        else if (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
                 (unsigned char)s[n - 1] == 0xAF)
            n -= 3;
        else
            break;
    }
    return (span){s, n};
}

/* ------------------------------------------------------------ paragraphs */

static bool add_para(dyad_doc *doc, size_t *cap, size_t start, size_t end)
{
    span t = trim(doc->text + start, end - start);
    if (t.n == 0)
        return true;
    dyad_para *p =
        dyad__vec_push(&doc->arena, (void **)&doc->paras, &doc->n_paras, cap, sizeof *p);
    if (!p)
        return false;
    p->start = (uint32_t)(t.s - doc->text);
    p->end = (uint32_t)(p->start + t.n);
    p->kind = DYAD_PARA_BODY;
    return true;
}

static bool ends_sentence(const char *s, size_t n)
{
    span t = trim(s, n);
    if (!t.n)
        return false;
    unsigned char c = (unsigned char)t.s[t.n - 1];
    if (strchr(".!?:;\")", c))
        return true;
    /* » ” … */
    if (t.n >= 2 && (unsigned char)t.s[t.n - 2] == 0xC2 && c == 0xBB)
        return true;
    if (t.n >= 3 && (unsigned char)t.s[t.n - 3] == 0xE2 && (unsigned char)t.s[t.n - 2] == 0x80 &&
        (c == 0x9D || c == 0xA6))
        return true;
    return false;
}

static bool starts_lower(const char *s, size_t n)
{
    span t = trim(s, n);
    if (!t.n)
        return false;
    unsigned char c = (unsigned char)t.s[0];
    if (c >= 'a' && c <= 'z')
        return true;
    /* é è à ç ê â î ô û: lowercase accented Latin-1 letters start with C3 A0..BF */
    return t.n >= 2 && c == 0xC3 && (unsigned char)t.s[1] >= 0xA0;
}

/* A block (lines between blank lines) becomes one paragraph or one per line.
 * Text hard-wrapped at a fixed width (most lines long and not ending a
 * sentence) stays one paragraph; otherwise each line is a paragraph, except
 * that a line continuing in lowercase joins the previous one. The seed ends
 * with a byline and a dateline on consecutive lines: two paragraphs. */
static bool split_block(dyad_doc *doc, size_t *cap, size_t bs, size_t be)
{
    const char *t = doc->text;
    size_t lines = 0, wrapped = 0;
    for (size_t i = bs; i < be;) {
        const char *nl = memchr(t + i, '\n', be - i);
        size_t le = nl ? (size_t)(nl - t) : be;
        lines++;
        if (nl && le - i >= 40 && !ends_sentence(t + i, le - i))
            wrapped++;
        i = le + 1;
    }
    if (lines <= 1 || (lines >= 3 && wrapped * 10 >= (lines - 1) * 6))
        return add_para(doc, cap, bs, be);
    size_t ps = bs;
    for (size_t i = bs; i < be;) {
        const char *nl = memchr(t + i, '\n', be - i);
        size_t le = nl ? (size_t)(nl - t) : be;
        size_t next = le + 1;
        bool join = false;
        if (next < be) {
            const char *nl2 = memchr(t + next, '\n', be - next);
            size_t le2 = nl2 ? (size_t)(nl2 - t) : be;
            join = !ends_sentence(t + i, le - i) && starts_lower(t + next, le2 - next);
        }
        if (!join) {
            if (!add_para(doc, cap, ps, le))
                return false;
            ps = next;
        }
        i = next;
    }
    return true;
}

static bool blank_line(const char *s, size_t n)
{
    return trim(s, n).n == 0;
}

static dyad_status split_paragraphs(dyad_doc *doc)
{
    const char *t = doc->text;
    size_t n = doc->text_len, cap = 0;
    size_t bs = 0;         /* start of the current block */
    bool in_block = false; /* a non-blank line seen since bs */
    for (size_t i = 0; i <= n;) {
        const char *nl = i < n ? memchr(t + i, '\n', n - i) : NULL;
        size_t le = nl ? (size_t)(nl - t) : n;
        if (blank_line(t + i, le - i)) {
            if (in_block && !split_block(doc, &cap, bs, i > 0 ? i - 1 : 0))
                return DYAD_ENOMEM;
            in_block = false;
        } else if (!in_block) {
            bs = i;
            in_block = true;
        }
        if (!nl)
            break;
        i = le + 1;
    }
    if (in_block && !split_block(doc, &cap, bs, n))
        return DYAD_ENOMEM;
    return doc->arena.failed ? DYAD_ENOMEM : DYAD_OK;
}

/* ---------------------------------------------------------------- repeats */

/* A hash for finding repeated paragraphs: texts that norm_equal calls equal
 * must hash alike, other texts rarely. It looks only at the bytes that are
 * neither white space nor possibly part of U+00A0 or U+202F (C2 A0, E2 80
 * AF), which are the same in both texts whatever their spacing: how many
 * there are, their sum, the first 16 and the last 16. Texts that differ only
 * elsewhere cost one norm_equal call each. The full pass is a count and a
 * sum (no branch, no multiply chained through every byte as FNV has). */
static inline uint64_t hash_mix(uint64_t h, uint64_t v)
{
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    return h ^ (h >> 31);
}

static uint64_t norm_hash(const char *s, size_t n)
{
    static const unsigned char skip[256] = {
        ['\t'] = 1, ['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [' '] = 1,
        [0x80] = 1, [0xA0] = 1, [0xAF] = 1, [0xC2] = 1, [0xE2] = 1,
    };
    const unsigned char *u = (const unsigned char *)s;
    uint64_t kept = 0, sum = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned keep = 1u ^ skip[u[i]];
        kept += keep;
        sum += u[i] * keep;
    }
    uint64_t h = hash_mix(hash_mix(0x9E3779B97F4A7C15ull, kept), sum);
    uint64_t w = 0;
    unsigned got = 0;
    for (size_t i = 0; i < n && got < 16; i++)
        if (!skip[u[i]]) {
            w = w << 8 | u[i];
            if (++got % 8 == 0) {
                h = hash_mix(h, w);
                w = 0;
            }
        }
    h = hash_mix(h, w);
    w = 0;
    got = 0;
    for (size_t i = n; i > 0 && got < 16; i--)
        if (!skip[u[i - 1]]) {
            w = w << 8 | u[i - 1];
            if (++got % 8 == 0) {
                h = hash_mix(h, w);
                w = 0;
            }
        }
    return hash_mix(h, w);
}

static bool norm_equal(const char *a, size_t an, const char *b, size_t bn)
{
    size_t i = 0, j = 0;
    for (;;) {
        size_t ka = i < an ? space_len(a + i, an - i) : 0;
        size_t kb = j < bn ? space_len(b + j, bn - j) : 0;
        if (ka || kb) {
            if (!ka || !kb)
                return false;
            while (i < an && (ka = space_len(a + i, an - i)) > 0)
                i += ka;
            while (j < bn && (kb = space_len(b + j, bn - j)) > 0)
                j += kb;
            continue;
        }
        if (i == an || j == bn)
            return i == an && j == bn;
        if (a[i] != b[j])
            return false;
        i++, j++;
    }
}

/* Marks repeated paragraphs; orig[i] is the first paragraph with the same
 * text as paragraph i (i itself when it is not a repeat). */
static dyad_status mark_repeats(dyad_doc *doc, uint32_t **orig_out)
{
    size_t n = doc->n_paras;
    uint32_t *orig = dyad__arena_alloc(&doc->arena, (n ? n : 1) * sizeof *orig);
    if (!orig)
        return DYAD_ENOMEM;
    for (size_t i = 0; i < n; i++)
        orig[i] = (uint32_t)i;
    *orig_out = orig;
    if (n < 2)
        return DYAD_OK;
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    typedef struct {
        uint64_t h;
        uint32_t para_plus1;
    } slot;
    slot *tab = dyad__arena_calloc(&doc->arena, cap, sizeof *tab);
    if (!tab)
        return DYAD_ENOMEM;
    for (size_t p = 0; p < n; p++) {
        dyad_para *pp = &doc->paras[p];
        const char *s = doc->text + pp->start;
        size_t len = pp->end - pp->start;
        uint64_t h = norm_hash(s, len);
        for (size_t k = (size_t)h & (cap - 1);; k = (k + 1) & (cap - 1)) {
            if (!tab[k].para_plus1) {
                tab[k].h = h;
                tab[k].para_plus1 = (uint32_t)p + 1;
                break;
            }
            const dyad_para *q = &doc->paras[tab[k].para_plus1 - 1];
            if (tab[k].h == h &&
                norm_equal(doc->text + q->start, q->end - q->start, s, len)) {
                pp->repeated = true;
                orig[p] = tab[k].para_plus1 - 1;
                break;
            }
        }
    }
    return DYAD_OK;
}

/* --------------------------------------------------------------- bylines */

typedef struct {
    const char *name; /* as written (case-insensitive match) */
    const char *canon;
} agency;

static const agency agencies[] = {
    {"AFP", "AFP"},           {"Agence France-Presse", "AFP"}, {"Agence France Presse", "AFP"},
    {"Reuters", "Reuters"},   {"AP", "AP"},                    {"Associated Press", "AP"},
    {"the Associated Press", "AP"},
    {"DPA", "DPA"},           {"EFE", "EFE"},                  {"ANSA", "ANSA"},
    {"Xinhua", "Xinhua"},     {"TASS", "TASS"},                {"Anadolu", "Anadolu"},
    {"Belga", "Belga"},       {"ATS", "ATS"},                  {"APS", "APS"},
    {"MAP", "MAP"},           {"UPI", "UPI"},                  {"Kyodo", "Kyodo"},
    {"Yonhap", "Yonhap"},     {"Interfax", "Interfax"},        {"Bloomberg", "Bloomberg"},
    {"AAP", "AAP"},           {"PTI", "PTI"},                  {"RIA Novosti", "RIA Novosti"},
    {"KCNA", "KCNA"},         {"Ria", "RIA Novosti"},
};

static bool ieq(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    if (an != bn)
        return false;
    for (size_t i = 0; i < an; i++) {
        char x = a[i], y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = (char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

static bool iprefix(const char *s, size_t n, const char *p)
{
    size_t pn = strlen(p);
    return n >= pn && ieq(s, pn, p);
}

static const char *agency_canon(span w)
{
    w = trim(w.s, w.n);
    /* all-caps agencies must be written in capitals ("AP", not "ap") */
    for (size_t i = 0; i < sizeof agencies / sizeof agencies[0]; i++) {
        if (!ieq(w.s, w.n, agencies[i].name))
            continue;
        bool caps = true;
        for (const char *c = agencies[i].name; *c; c++)
            if (*c >= 'a' && *c <= 'z')
                caps = false;
        if (caps && memcmp(w.s, agencies[i].name, w.n) != 0)
            return NULL;
        return agencies[i].canon;
    }
    return NULL;
}

/* Splits "AFP/Reuters", "AFP et Reuters", "AFP, AP and Reuters" into
 * agencies; false unless every piece is one. */
static bool agency_list(span s, const char **out, size_t *n_out, size_t max)
{
    size_t n = 0;
    size_t i = 0;
    while (i < s.n) {
        /* separators: / , & ; ( ) and the words et, and, avec, with */
        size_t j = i;
        while (j < s.n && !strchr("/,&;()", s.s[j])) {
            if (s.s[j] == ' ') {
                span rest = {s.s + j + 1, s.n - j - 1};
                if (iprefix(rest.s, rest.n, "et ") || iprefix(rest.s, rest.n, "and ") ||
                    iprefix(rest.s, rest.n, "avec ") || iprefix(rest.s, rest.n, "with "))
                    break;
            }
            j++;
        }
        span piece = trim(s.s + i, j - i);
        if (piece.n) {
            const char *c = agency_canon(piece);
            if (!c || n >= max)
                return false;
            out[n++] = c;
        }
        i = j;
        if (i < s.n && s.s[i] == ' ') { /* skip the joining word */
            i++;
            while (i < s.n && s.s[i] != ' ')
                i++;
        } else if (i < s.n) {
            i++;
        }
    }
    *n_out = n;
    return n > 0;
}

static bool upper_start(const char *s, size_t n)
{
    if (!n)
        return false;
    unsigned char c = (unsigned char)s[0];
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (n >= 2 && c == 0xC3 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] < 0x9F);
}

/* An author or outlet name: one to six capitalised words (particles such as
 * "de" or "van" allowed), no sentence punctuation. */
static bool name_like(span s)
{
    if (s.n == 0 || s.n > 60 || !upper_start(s.s, s.n))
        return false;
    size_t words = 0;
    for (size_t i = 0; i < s.n;) {
        while (i < s.n && s.s[i] == ' ')
            i++;
        size_t j = i;
        while (j < s.n && s.s[j] != ' ')
            j++;
        if (j > i) {
            words++;
            span w = {s.s + i, j - i};
            bool particle = ieq(w.s, w.n, "de") || ieq(w.s, w.n, "du") ||
                            ieq(w.s, w.n, "van") || ieq(w.s, w.n, "von") ||
                            ieq(w.s, w.n, "al") || ieq(w.s, w.n, "el") ||
                            ieq(w.s, w.n, "da") || ieq(w.s, w.n, "and") ||
                            ieq(w.s, w.n, "et") || ieq(w.s, w.n, "bin") ||
                            ieq(w.s, w.n, "des") || ieq(w.s, w.n, "la") || ieq(w.s, w.n, "le");
            /* "d'Alger", "l'Express" */
            bool elided = w.n > 2 && strchr("dlDL", w.s[0]) && w.s[1] == '\'' &&
                          upper_start(w.s + 2, w.n - 2);
            if (!particle && !elided && !upper_start(w.s, w.n))
                return false;
            for (size_t k = i; k < j; k++)
                if (strchr("!?;:\"", w.s[k - i]))
                    return false;
        }
        i = j;
    }
    return words >= 1 && words <= 6;
}

/* An outlet rather than a person: one word ("Le360"), digits, an article
 * ("Le Monde", "The Guardian") or a domain ("france24.com"). */
static bool outlet_like(span s)
{
    if (!memchr(s.s, ' ', s.n))
        return true;
    for (size_t i = 0; i < s.n; i++)
        if ((s.s[i] >= '0' && s.s[i] <= '9') || s.s[i] == '.')
            return true;
    return iprefix(s.s, s.n, "le ") || iprefix(s.s, s.n, "la ") || iprefix(s.s, s.n, "les ") ||
           iprefix(s.s, s.n, "l'") || iprefix(s.s, s.n, "the ");
}

static void add_agencies(dyad_doc *doc, const char *const *list, size_t n)
{
    char buf[256];
    size_t len = 0;
    buf[0] = '\0';
    if (doc->agencies) {
        len = strlen(doc->agencies);
        if (len >= sizeof buf)
            return;
        memcpy(buf, doc->agencies, len + 1);
    }
    bool changed = false;
    for (size_t i = 0; i < n; i++) {
        /* skip duplicates: compare whole comma-separated items */
        bool dup = false;
        for (const char *p = buf; *p;) {
            const char *e = strchr(p, ',');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            if (l == strlen(list[i]) && memcmp(p, list[i], l) == 0)
                dup = true;
            p += l + (e ? 1 : 0);
        }
        size_t l = strlen(list[i]);
        if (dup || len + l + 2 >= sizeof buf)
            continue;
        if (len)
            buf[len++] = ',';
        memcpy(buf + len, list[i], l + 1);
        len += l;
        changed = true;
    }
    if (changed)
        doc->agencies = dyad__arena_strdup(&doc->arena, buf);
}

static void set_source(dyad_doc *doc, const char *s, size_t n)
{
    if (!doc->source && n)
        doc->source = dyad__arena_strndup(&doc->arena, s, n);
}

/* "Par Le360 (avec AFP)", "Par Jean Dupont, AFP", "By John Smith, Reuters",
 * "(Reuters)", "AP", "AFP/Reuters", "Avec AFP", "— AFP". Fills the doc's
 * source (when not given) and agencies. */
static bool byline(dyad_doc *doc, span p)
{
    if (p.n == 0 || p.n > 120)
        return false;
    span s = trim(p.s, p.n);
    while (s.n && s.s[s.n - 1] == '.')
        s.n--;
    /* a leading dash: "- AFP", "— AFP" */
    if (s.n >= 1 && s.s[0] == '-')
        s = trim(s.s + 1, s.n - 1);
    else if (s.n >= 3 && (unsigned char)s.s[0] == 0xE2 && (unsigned char)s.s[1] == 0x80 &&
             ((unsigned char)s.s[2] == 0x93 || (unsigned char)s.s[2] == 0x94))
        s = trim(s.s + 3, s.n - 3);
    if (s.n >= 2 && s.s[0] == '(' && s.s[s.n - 1] == ')')
        s = trim(s.s + 1, s.n - 2);
    const char *list[8];
    size_t nl = 0;
    static const char *const agency_only[] = {"avec ", "with ", "source : ", "source: ",
                                              "sources : ", "sources: ", "source "};
    for (size_t k = 0; k < sizeof agency_only / sizeof agency_only[0]; k++) {
        size_t l = strlen(agency_only[k]);
        if (iprefix(s.s, s.n, agency_only[k])) {
            if (!agency_list(trim(s.s + l, s.n - l), list, &nl, 8))
                return false;
            add_agencies(doc, list, nl);
            set_source(doc, list[0], strlen(list[0]));
            return true;
        }
    }
    if (iprefix(s.s, s.n, "par ") || iprefix(s.s, s.n, "by ")) {
        size_t l = s.s[0] == 'b' || s.s[0] == 'B' ? 3 : 4;
        span r = trim(s.s + l, s.n - l);
        /* the name ends at " (", ",", " avec ", " with ", " - " */
        size_t cut = r.n, rest = r.n;
        for (size_t i = 0; i < r.n; i++) {
            if (r.s[i] == '(' || r.s[i] == ',' || r.s[i] == '/') {
                cut = i, rest = i;
                break;
            }
            if (r.s[i] == ' ' && (iprefix(r.s + i, r.n - i, " avec ") ||
                                  iprefix(r.s + i, r.n - i, " with ") ||
                                  iprefix(r.s + i, r.n - i, " - "))) {
                cut = i, rest = i;
                break;
            }
        }
        span name = trim(r.s, cut);
        span tail = trim(r.s + rest, r.n - rest);
        while (tail.n && strchr("(,/-", tail.s[0]))
            tail = trim(tail.s + 1, tail.n - 1);
        if (tail.n && tail.s[tail.n - 1] == ')')
            tail.n--;
        /* "Par Le360 (avec AFP)": an outlet writing with an agency's copy;
         * "Par Jean Dupont, AFP": an agency's reporter */
        bool with = iprefix(tail.s, tail.n, "avec ") || iprefix(tail.s, tail.n, "with ");
        if (with)
            tail = trim(strchr(tail.s, ' ') + 1, tail.n - (size_t)(strchr(tail.s, ' ') + 1 - tail.s));
        if (tail.n && !agency_list(tail, list, &nl, 8))
            return false;
        const char *name_agency = agency_canon(name);
        if (name_agency) {
            const char *one[1] = {name_agency};
            add_agencies(doc, one, 1);
            add_agencies(doc, list, nl);
            set_source(doc, name_agency, strlen(name_agency));
            return true;
        }
        if (!name_like(name))
            return false;
        add_agencies(doc, list, nl);
        if (with || outlet_like(name))
            set_source(doc, name.s, name.n);
        else if (nl)
            set_source(doc, list[0], strlen(list[0]));
        return true;
    }
    if (agency_list(s, list, &nl, 8)) {
        add_agencies(doc, list, nl);
        set_source(doc, list[0], strlen(list[0]));
        return true;
    }
    return false;
}

/* "PARIS (AFP) -", "WASHINGTON (Reuters) -", "Kyiv, Ukraine (AP) —",
 * "PARIS, 29 nov 2024 (AFP) -" at the start of a paragraph: returns the
 * length of the prefix (0: none) and records agencies and date. */
static size_t agency_prefix(dyad_doc *doc, span p)
{
    const char *open = memchr(p.s, '(', p.n < 100 ? p.n : 100);
    if (!open || open == p.s || !upper_start(p.s, p.n))
        return 0;
    span place = trim(p.s, (size_t)(open - p.s));
    for (size_t i = 0; i + 1 < place.n; i++)
        if (place.s[i] == '.' && place.s[i + 1] == ' ')
            return 0; /* a sentence ended: this is prose */
    const char *close = memchr(open, ')', p.n - (size_t)(open - p.s));
    if (!close)
        return 0;
    const char *list[8];
    size_t nl = 0;
    if (!agency_list((span){open + 1, (size_t)(close - open - 1)}, list, &nl, 8))
        return 0;
    size_t i = (size_t)(close - p.s) + 1;
    while (i < p.n && p.s[i] == ' ')
        i++;
    size_t dash = 0;
    if (i < p.n && (p.s[i] == '-' || p.s[i] == ':'))
        dash = 1;
    else if (i + 2 < p.n && (unsigned char)p.s[i] == 0xE2 && (unsigned char)p.s[i + 1] == 0x80 &&
             ((unsigned char)p.s[i + 2] == 0x93 || (unsigned char)p.s[i + 2] == 0x94))
        dash = 3;
    if (!dash)
        return 0;
    i += dash;
    while (i < p.n && p.s[i] == ' ')
        i++;
    add_agencies(doc, list, nl);
    if (doc->date.precision == DYAD_PREC_NONE) {
        /* "PARIS, 29 nov 2024": try what follows each comma */
        for (size_t k = 0; k < place.n; k++) {
            dyad_date d;
            if (place.s[k] == ',' &&
                dyad__parse_date(place.s + k + 1, place.n - k - 1, &d) &&
                d.precision >= DYAD_PREC_DAY) {
                doc->date = d;
                break;
            }
        }
    }
    return i;
}

/* --------------------------------------------------------------- captions */

/* Whether the paragraph ends with a date at day precision: "..., à son
 * arrivée à Pyongyang, le 29 novembre 2024." or "..., Friday, Nov. 29, 2024." */
static bool ends_with_date(span p)
{
    while (p.n && (p.s[p.n - 1] == '.' || p.s[p.n - 1] == ' '))
        p.n--;
    int commas = 0;
    for (size_t i = p.n; i-- > 0 && commas < 3;) {
        if (p.s[i] != ',')
            continue;
        commas++;
        dyad_date d;
        if (dyad__parse_date(p.s + i + 1, p.n - i - 1, &d) && d.precision >= DYAD_PREC_DAY)
            return true;
    }
    return false;
}

static bool has_photo_credit(span p)
{
    static const char *const marks[] = {"AP Photo", "Photo:",   "Photo :",     "PHOTO",
                                        "\xC2\xA9", "REUTERS/", "AFP/",        "(Photo",
                                        "Crédit",   "Credit:",  "Getty Images", "/ AFP",
                                        "/AFP",     "Photo d'archives", "EPA/", "photo AFP"};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
        size_t l = strlen(marks[k]);
        for (size_t i = 0; i + l <= p.n; i++)
            if (memcmp(p.s + i, marks[k], l) == 0)
                return true;
    }
    return false;
}

/* Finite verbs that a sentence has and a caption usually lacks. Matched on
 * the words as written (ASCII letters lowercased): folding would make the
 * preposition "à" the verb "a". */
static bool has_finite_verb(span p)
{
    static const char *const verbs[] = {
        "est",  "sont", "a",    "ont",  "était", "étaient", "sera", "seront", "avait", "fait",
        "dit",  "va",   "vont", "doit", "peut",  "is",      "are",  "was",    "were",  "has",
        "have", "had",  "will", "said", "says",  "did",     "does", "can",    "would",
    };
    char w[32];
    for (size_t i = 0; i < p.n;) {
        while (i < p.n && !((p.s[i] | 0x20) >= 'a' && (p.s[i] | 0x20) <= 'z') &&
               (unsigned char)p.s[i] < 0x80)
            i++;
        size_t j = i;
        while (j < p.n && (((p.s[j] | 0x20) >= 'a' && (p.s[j] | 0x20) <= 'z') ||
                           (unsigned char)p.s[j] >= 0x80))
            j++;
        if (j > i && j - i < sizeof w) {
            size_t n = j - i;
            for (size_t k = 0; k < n; k++) {
                char c = p.s[i + k];
                w[k] = c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
            }
            for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++)
                if (strlen(verbs[k]) == n && memcmp(verbs[k], w, n) == 0)
                    return true;
        }
        i = j > i ? j : i + 1;
    }
    return false;
}

static size_t word_count(span p)
{
    size_t n = 0;
    bool in = false;
    for (size_t i = 0; i < p.n; i++) {
        bool sp = p.s[i] == ' ' || p.s[i] == '\n' || p.s[i] == '\t';
        if (!sp && !in)
            n++;
        in = !sp;
    }
    return n;
}

static bool caption(span p)
{
    if (has_photo_credit(p) || ends_with_date(p))
        return true;
    /* a short label without a verb or final period: "Le président Macron à
     * l'Élysée". A lead ends with a period, and its verb may be any verb. */
    return word_count(p) <= 25 && !ends_sentence(p.s, p.n) && !has_finite_verb(p);
}

/* ------------------------------------------------------------------ main */

static span para_span(const dyad_doc *doc, size_t i)
{
    return (span){doc->text + doc->paras[i].start, doc->paras[i].end - doc->paras[i].start};
}

static bool dateline(span p, dyad_date *d)
{
    return p.n <= 100 && dyad__parse_date(p.s, p.n, d) && d->precision >= DYAD_PREC_DAY;
}

/* The title with its whitespace runs made single spaces. */
static const char *title_copy(dyad_doc *doc, span p)
{
    char *t = dyad__arena_alloc(&doc->arena, p.n + 1);
    if (!t)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < p.n;) {
        size_t k = space_len(p.s + i, p.n - i);
        if (k) {
            if (o && t[o - 1] != ' ')
                t[o++] = ' ';
            i += k;
        } else {
            t[o++] = p.s[i++];
        }
    }
    t[o] = '\0';
    return t;
}

static void classify(dyad_doc *doc, const uint32_t *orig)
{
    size_t n = doc->n_paras;
    size_t first = 0;
    dyad_date d;
    /* Title: the first line of a scraped page, when it is short and more
     * follows. */
    if (n >= 2) {
        span t = para_span(doc, 0);
        if (t.n <= 400 && !dateline(t, &d) && !byline(doc, t)) {
            doc->paras[0].kind = DYAD_PARA_TITLE;
            if (!doc->title)
                doc->title = title_copy(doc, t);
            first = 1;
        }
    }
    bool lead_seen = false, caption_checked = false;
    for (size_t i = first; i < n; i++) {
        dyad_para *pp = &doc->paras[i];
        span p = para_span(doc, i);
        if (dateline(p, &d)) {
            pp->kind = DYAD_PARA_DATELINE;
            if (doc->date.precision == DYAD_PREC_NONE)
                doc->date = d;
            continue;
        }
        if (!pp->repeated && byline(doc, p)) {
            pp->kind = DYAD_PARA_BYLINE;
            continue;
        }
        if (pp->repeated) { /* keep the role of the paragraph it repeats */
            pp->kind = doc->paras[orig[i]].kind;
            continue;
        }
        /* A caption sits right after the title, before the lead, and the
         * article goes on after it. */
        if (first == 1 && !caption_checked && !lead_seen) {
            caption_checked = true;
            if (i + 1 < n && caption(p)) {
                pp->kind = DYAD_PARA_CAPTION;
                continue;
            }
        }
        if (!lead_seen) {
            lead_seen = true;
            pp->kind = DYAD_PARA_LEAD;
            /* The wire dateline prefix is not part of the first sentence:
             * "PARIS (AFP) - La France a..." has "La France" as subject. */
            size_t k = agency_prefix(doc, p);
            if (k && k < p.n)
                pp->start += (uint32_t)k;
            continue;
        }
    }
}

dyad_status dyad__layout(dyad_doc *doc, bool plain)
{
    doc->paras = NULL;
    doc->n_paras = 0;
    if (doc->text_len >= UINT32_MAX)
        return DYAD_EINVAL; /* offsets are 32-bit */
    dyad_status st = split_paragraphs(doc);
    if (st != DYAD_OK)
        return st;
    uint32_t *orig = NULL;
    if ((st = mark_repeats(doc, &orig)) != DYAD_OK)
        return st;
    if (plain)
        classify(doc, orig);
    return doc->arena.failed ? DYAD_ENOMEM : DYAD_OK;
}

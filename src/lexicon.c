/* lexicon.c -- loads the actor, people and agent dictionaries
 * (docs/dictionaries.md) into one immutable hash table keyed by the first
 * folded word of each form.
 *
 * Loading is two passes: every line of every file is parsed and expanded into
 * entries (a heap vector), then the entries are sorted so that all forms that
 * share a first word are adjacent, longest first, and a small open-addressing
 * table maps a first word to its run. Sorting also puts identical forms side
 * by side, which is how duplicates and conflicts are found. Everything the
 * entries point to (words, flags, codes, file names) lives in one arena owned
 * by the lexicon, freed at once with the context. */
#include "lexicon.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define MAX_WORDS 32     /* words in one form */
#define MAX_EXPAND 256   /* forms one brace-laden form may expand to */
#define WORD_CAP 256     /* bytes of one folded word */
#define LINE_CAP 8192    /* bytes of one dictionary line */

typedef struct {
    const char *key;     /* first folded word; NULL: empty slot */
    uint32_t begin, count;
} lex_slot;

struct dyad_lexicon {
    dyad_arena arena;    /* words, flags, codes, file names */
    dyad_lex_entry *entries; /* heap; sorted by first word, then n_words descending */
    size_t n_entries;
    lex_slot *slots;     /* heap; power-of-two size */
    size_t n_slots;
};

/* Loader state: the growing entry vector and where we are for messages. */
typedef struct {
    dyad_ctx *ctx;
    dyad_lexicon *lex;
    dyad_error *err;
    dyad_lex_entry *v;
    size_t n, cap;
    const char *file; /* arena copy of the current path */
    long line;
    uint32_t entity;  /* the current line's number, unique over all files */
} loader;

/* ------------------------------------------------------------ role table */

/* The contract's role table (spec/EVENTS.md section 2), first match wins; the
 * junta row comes first, so it is spelled "=JNT" in agents.txt. Roles that
 * are not in the table ("when none applies") follow in the contract's list
 * order. */
static const char *const role_order[] = {
    "=JNT", "MIL", "COP", "JUD", "SPY", "GOV", "LEG", "ELI", "OPP", "UAF", "CVL", "MED",
    "REF",  "BUS", "REB", "INS", "SEP", "PTY", "EDU", "HLH", "HRI", "LAB", "AGR", "ENV",
    "CRM",  "DEV",
};
#define N_ROLES (sizeof role_order / sizeof role_order[0])

/* Specials of agents.txt that are not contract roles. */
static const char *const agent_specials[] = {"=CPT", "=DEL", "=ANY"};

int dyad__role_rank(const char *role)
{
    if (!role)
        return (int)N_ROLES;
    for (size_t i = 0; i < N_ROLES; i++)
        if (strcmp(role, role_order[i]) == 0)
            return (int)i;
    return (int)N_ROLES;
}

static bool known_role(const char *r)
{
    if (dyad__role_rank(r) < (int)N_ROLES)
        return true;
    for (size_t i = 0; i < sizeof agent_specials / sizeof agent_specials[0]; i++)
        if (strcmp(r, agent_specials[i]) == 0)
            return true;
    return false;
}

/* ------------------------------------------------------------------ dates */

/* A date as a sortable number. Missing parts take the first day of the
 * period for a range start and the last for a range end, so "..2012" covers
 * all of 2012 and "2024-05.." starts on 1 May. */
static long date_key(const dyad_date *d, bool end)
{
    if (d->precision == DYAD_PREC_NONE)
        return end ? 99999999L : -1L;
    long m = d->month ? d->month : (end ? 12 : 1);
    long day = d->day ? d->day : (end ? 31 : 1);
    return d->year * 10000L + m * 100 + day;
}

static bool parse_ymd(const char *s, size_t len, dyad_date *out)
{
    memset(out, 0, sizeof *out);
    if (len == 0)
        return true; /* open end */
    int parts[3] = {0, 0, 0}, np = 0;
    size_t i = 0;
    while (i < len && np < 3) {
        size_t j = i;
        int v = 0;
        for (; j < len && s[j] >= '0' && s[j] <= '9'; j++)
            if (j - i < 4) /* more digits are refused below: no overflow */
                v = v * 10 + (s[j] - '0');
        size_t want = np == 0 ? 4 : 2;
        if (j - i != want)
            return false;
        parts[np++] = v;
        if (j == len)
            break;
        if (s[j] != '-')
            return false;
        i = j + 1;
        if (i == len)
            return false;
    }
    if (np == 0 || (np >= 2 && (parts[1] < 1 || parts[1] > 12)) ||
        (np == 3 && (parts[2] < 1 || parts[2] > 31)))
        return false;
    /* more than three parts leaves characters over */
    size_t used = 4 + (np >= 2 ? 3 : 0) + (np == 3 ? 3 : 0);
    if (used != len)
        return false;
    out->year = (int16_t)parts[0];
    out->month = (int8_t)parts[1];
    out->day = (int8_t)parts[2];
    out->precision = np == 1 ? DYAD_PREC_YEAR : np == 2 ? DYAD_PREC_MONTH : DYAD_PREC_DAY;
    return true;
}

static bool ranges_overlap(const dyad_lex_entry *a, const dyad_lex_entry *b)
{
    return date_key(&a->from, false) <= date_key(&b->to, true) &&
           date_key(&b->from, false) <= date_key(&a->to, true);
}

bool dyad__lex_covers(const dyad_lex_entry *e, const dyad_date *date)
{
    if (!date || date->precision == DYAD_PREC_NONE)
        return e->to.precision == DYAD_PREC_NONE; /* no date: the current line */
    long k = date_key(date, false);
    return date_key(&e->from, false) <= k && k <= date_key(&e->to, true);
}

/* ------------------------------------------------------------------ words */

static bool code_shape_ok(const char *c, size_t len)
{
    if (len < 3 || len % 3 != 0)
        return false;
    for (size_t i = 0; i < len; i++)
        if (c[i] < 'A' || c[i] > 'Z')
            return false;
    return true;
}

/* DYAD_LEXW_* flags of one written word: CAP when its first letter is
 * uppercase, UPPER when it has at least two letters and all are uppercase
 * (the same rule as DYAD_TOK_UPPER, so "M23" is CAP and "RDC" UPPER). */
static uint8_t word_flags(const char *w, size_t len)
{
    size_t i = 0, letters = 0, upper = 0;
    bool first = true, cap = false;
    while (i < len) {
        int32_t cp;
        i += dyad__utf8_next(w + i, len - i, &cp);
        utf8proc_category_t cat = utf8proc_category(cp);
        bool is_letter = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL ||
                         cat == UTF8PROC_CATEGORY_LT || cat == UTF8PROC_CATEGORY_LO ||
                         cat == UTF8PROC_CATEGORY_LM;
        if (!is_letter)
            continue;
        bool up = cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
        if (first)
            cap = up;
        first = false;
        letters++;
        upper += up;
    }
    uint8_t f = 0;
    if (cap)
        f |= DYAD_LEXW_CAP;
    if (letters >= 2 && upper == letters)
        f |= DYAD_LEXW_UPPER;
    return f;
}

/* Is w[i] an apostrophe (' or the typographic U+2019)? Its byte length or 0. */
static size_t apos_at(const char *w, size_t len, size_t i)
{
    if (i < len && w[i] == '\'')
        return 1;
    if (i + 2 < len && (unsigned char)w[i] == 0xE2 && (unsigned char)w[i + 1] == 0x80 &&
        (unsigned char)w[i + 2] == 0x99)
        return 3;
    return 0;
}

/* The forms are cut into words the way src/segment.c cuts the text, which
 * depends on the language:
 * - French: an elided clitic is its own word ("l'Élysée" -> "l'" "élysée",
 *   "N'Djamena" -> "n'" "djamena"); other apostrophes stay inside the word.
 * - English: clitics 's 're 've 'll 'd 'm and n't are split off
 *   ("People's" -> "People" "'s"), and so is a possessive apostrophe after s
 *   ("Workers'" -> "Workers" "'"); other apostrophes ("N'Djamena",
 *   "d'Ivoire") stay inside the word.
 * Returns the length of the first word of w[0..len). */
static size_t first_word_len(const char *w, size_t len, uint8_t lang)
{
    if (lang == 1) {
        static const char *const clitics[] = {"l", "d", "qu", "s", "n", "j", "m", "t", "c",
                                              "jusqu", "lorsqu", "puisqu", "quoiqu"};
        for (size_t k = 0; k < sizeof clitics / sizeof clitics[0]; k++) {
            size_t cl = strlen(clitics[k]), al;
            if (len <= cl || (al = apos_at(w, len, cl)) == 0 || len <= cl + al)
                continue;
            bool same = true;
            for (size_t i = 0; i < cl; i++)
                if ((w[i] | 0x20) != clitics[k][i])
                    same = false;
            if (same)
                return cl + al;
        }
        return len;
    }
    /* English: look for the last apostrophe */
    for (size_t i = len; i-- > 1;) {
        size_t al = apos_at(w, len, i);
        if (!al)
            continue;
        size_t rest = len - i - al;
        const char *r = w + i + al;
        if (rest == 0)
            return (w[i - 1] | 0x20) == 's' ? i : len;
        static const char *const en[] = {"s", "re", "ve", "ll", "d", "m"};
        for (size_t k = 0; k < sizeof en / sizeof en[0]; k++)
            if (strlen(en[k]) == rest) {
                bool same = true;
                for (size_t j = 0; j < rest; j++)
                    if ((r[j] | 0x20) != en[k][j])
                        same = false;
                if (same)
                    return i;
            }
        if (rest == 1 && (r[0] | 0x20) == 't' && i >= 2 && (w[i - 1] | 0x20) == 'n')
            return i - 1; /* don't -> do n't */
        return len;
    }
    return len;
}

/* ----------------------------------------------------------------- errors */

static dyad_status data_err(loader *L, const char *fmt, ...) DYAD_PRINTF(2, 3);
static dyad_status data_err(loader *L, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return dyad__err(L->err, DYAD_EDATA, L->file, L->line, "%s", msg);
}

static dyad_status oom(loader *L)
{
    return dyad__err(L->err, DYAD_ENOMEM, NULL, 0, "out of memory");
}

/* ------------------------------------------------------------------ forms */

typedef struct {
    const char *code;
    uint8_t kind, langs;
    dyad_date from, to;
} line_info;

/* Adds one expanded form (already free of braces): splits it into words and
 * elisions, folds each word and records its flags. */
static dyad_status add_form(loader *L, const line_info *li, const char *form, size_t len)
{
    /* a form for both languages that the two languages cut differently
     * becomes one entry per language */
    bool apos = false;
    for (size_t i = 0; i < len && !apos; i++)
        apos = apos_at(form, len, i) != 0;
    if (li->langs == 3 && apos) {
        line_info one = *li;
        dyad_status st;
        one.langs = 1;
        if ((st = add_form(L, &one, form, len)) != DYAD_OK)
            return st;
        one.langs = 2;
        return add_form(L, &one, form, len);
    }
    const char *words[MAX_WORDS];
    uint8_t flags[MAX_WORDS];
    size_t nw = 0;
    char fold[WORD_CAP];
    size_t i = 0;
    while (i < len) {
        while (i < len && form[i] == ' ')
            i++;
        size_t j = i;
        while (j < len && form[j] != ' ')
            j++;
        if (j == i)
            break;
        const char *w = form + i;
        size_t wl = j - i;
        while (wl > 0) {
            size_t take = first_word_len(w, wl, li->langs);
            if (nw == MAX_WORDS)
                return data_err(L, "form '%.*s' has more than %d words", (int)len, form, MAX_WORDS);
            size_t fl = dyad__fold(w, take, fold, sizeof fold);
            words[nw] = dyad__arena_strndup(&L->lex->arena, fold, fl);
            flags[nw] = word_flags(w, take);
            nw++;
            w += take;
            wl -= take;
        }
        i = j;
    }
    if (nw == 0)
        return data_err(L, "empty form");
    if (L->lex->arena.failed)
        return oom(L);
    dyad_lex_entry *e = NULL;
    if (L->n == L->cap) {
        size_t nc = L->cap ? L->cap * 2 : 4096;
        dyad_lex_entry *nv = dyad__realloc(&L->ctx->mem, L->v, nc * sizeof *nv);
        if (!nv)
            return oom(L);
        L->v = nv;
        L->cap = nc;
    }
    e = &L->v[L->n++];
    memset(e, 0, sizeof *e);
    const char **wv = dyad__arena_alloc(&L->lex->arena, nw * sizeof *wv);
    uint8_t *fv = dyad__arena_alloc(&L->lex->arena, nw);
    if (!wv || !fv)
        return oom(L);
    memcpy(wv, words, nw * sizeof *wv);
    memcpy(fv, flags, nw);
    e->code = li->code;
    e->words = wv;
    e->wflags = fv;
    e->n_words = (uint8_t)nw;
    e->kind = li->kind;
    e->langs = li->langs;
    e->from = li->from;
    e->to = li->to;
    e->file = L->file;
    e->line = (uint32_t)L->line;
    e->entity = L->entity;
    return DYAD_OK;
}

/* Expands the braces of a form ("nord-coréen{,ne} du Nord") word by word
 * (a cartesian product when several words have braces) and adds each
 * result. `pos` is where to look for the next brace. */
static dyad_status expand(loader *L, const line_info *li, const char *form, size_t len,
                          size_t pos, size_t *count)
{
    const char *open = NULL;
    for (size_t i = pos; i < len; i++)
        if (form[i] == '{') {
            open = form + i;
            break;
        }
    if (!open) {
        if (++*count > MAX_EXPAND)
            return data_err(L, "form expands to more than %d forms", MAX_EXPAND);
        return add_form(L, li, form, len);
    }
    const char *end = form + len;
    const char *close = memchr(open, '}', (size_t)(end - open));
    if (!close)
        return data_err(L, "unbalanced '{' in form '%.*s'", (int)len, form);
    const char *in = memchr(open + 1, '{', (size_t)(close - open - 1));
    if (in)
        return data_err(L, "nested '{' in form '%.*s'", (int)len, form);
    /* one pair per word: no other brace before the end of this word */
    const char *wend = close;
    while (wend < end && *wend != ' ')
        wend++;
    if (memchr(close + 1, '{', (size_t)(wend - close - 1)) ||
        memchr(close + 1, '}', (size_t)(wend - close - 1)))
        return data_err(L, "more than one '{}' in a word of form '%.*s'", (int)len, form);
    char buf[LINE_CAP];
    size_t pre = (size_t)(open - form), post = (size_t)(end - close - 1);
    const char *alt = open + 1;
    for (;;) {
        const char *comma = alt;
        while (comma < close && *comma != ',')
            comma++;
        size_t al = (size_t)(comma - alt);
        if (pre + al + post >= sizeof buf)
            return data_err(L, "form too long");
        memcpy(buf, form, pre);
        memcpy(buf + pre, alt, al);
        memcpy(buf + pre + al, close + 1, post);
        dyad_status st = expand(L, li, buf, pre + al + post, pre + al, count);
        if (st != DYAD_OK)
            return st;
        if (comma == close)
            break;
        alt = comma + 1;
    }
    return DYAD_OK;
}

static const char *trim(const char *s, const char *e, const char **out_end)
{
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    *out_end = e;
    return s;
}

/* Parses "fr: a | b ; en: c" and adds every form. */
static dyad_status parse_forms(loader *L, line_info *li, const char *s, const char *e)
{
    const char *te;
    s = trim(s, e, &te);
    if (s == te)
        return data_err(L, "no forms (expected 'fr:', 'en:' or '*:')");
    while (s < te) {
        const char *semi = memchr(s, ';', (size_t)(te - s));
        const char *le = semi ? semi : te, *lend;
        const char *ls = trim(s, le, &lend);
        if (ls == lend)
            return data_err(L, "empty form list (stray ';')");
        if (lend - ls >= 3 && strncmp(ls, "fr:", 3) == 0)
            li->langs = 1;
        else if (lend - ls >= 3 && strncmp(ls, "en:", 3) == 0)
            li->langs = 2;
        else if (lend - ls >= 2 && strncmp(ls, "*:", 2) == 0)
            li->langs = 3;
        else
            return data_err(L, "form list '%.*s' does not start with 'fr:', 'en:' or '*:'",
                            (int)(lend - ls > 40 ? 40 : lend - ls), ls);
        ls += li->langs == 3 ? 2 : 3;
        {
            const char *ne;
            if (trim(ls, lend, &ne) == ne)
                return data_err(L, "no forms after '%s:'",
                                li->langs == 1 ? "fr" : li->langs == 2 ? "en" : "*");
        }
        while (ls <= lend) {
            const char *bar = memchr(ls, '|', (size_t)(lend - ls));
            const char *fe = bar ? bar : lend, *fend;
            const char *fs = trim(ls, fe, &fend);
            if (fs == fend)
                return data_err(L, "empty form");
            for (const char *p = fs; p < fend; p++) {
                unsigned char c = (unsigned char)*p;
                if (c < 0x80 && !(c == ' ' || c == '-' || c == '\'' || c == '.' || c == '{' ||
                                  c == '}' || c == ',' || (c >= '0' && c <= '9') ||
                                  ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')))
                    return data_err(L, "character '%c' not allowed in form '%.*s'", c,
                                    (int)(fend - fs), fs);
                if (c == '}' && !memchr(fs, '{', (size_t)(p - fs)))
                    return data_err(L, "unbalanced '}' in form '%.*s'", (int)(fend - fs), fs);
            }
            size_t count = 0;
            if (memchr(fs, ',', (size_t)(fend - fs)) && !memchr(fs, '{', (size_t)(fend - fs)))
                return data_err(L, "',' outside braces in form '%.*s'", (int)(fend - fs), fs);
            dyad_status st = expand(L, li, fs, (size_t)(fend - fs), 0, &count);
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

static const dyad_lex_kind kinds_by_name_kind[] = {DYAD_LEX_NAME, DYAD_LEX_ADJ, DYAD_LEX_PEOPLE,
                                                   DYAD_LEX_SEAT, DYAD_LEX_PLACE,
                                                   DYAD_LEX_PERSON};
static const char *const kind_names[] = {"name", "adj", "people", "seat", "place", "person"};

static const char *kind_name(int kind)
{
    for (size_t i = 0; i < sizeof kind_names / sizeof kind_names[0]; i++)
        if ((int)kinds_by_name_kind[i] == kind)
            return kind_names[i];
    return kind == DYAD_LEX_AGENT ? "agent" : "?";
}

/* Reads the next space-separated field of [*s, e). */
static bool next_field(const char **s, const char *e, const char **fs, size_t *fl)
{
    const char *p = *s;
    while (p < e && (*p == ' ' || *p == '\t'))
        p++;
    const char *q = p;
    while (q < e && *q != ' ' && *q != '\t')
        q++;
    *fs = p;
    *fl = (size_t)(q - p);
    *s = q;
    return q > p;
}

static dyad_status parse_line(loader *L, const char *s, const char *e, bool agents)
{
    line_info li;
    memset(&li, 0, sizeof li);
    const char *f;
    size_t fl;
    next_field(&s, e, &f, &fl);
    char code[32];
    if (fl >= sizeof code)
        return data_err(L, "code '%.*s' too long", (int)(fl > 40 ? 40 : fl), f);
    memcpy(code, f, fl);
    code[fl] = '\0';
    if (agents) {
        if (!known_role(code))
            return data_err(L, "unknown role '%s'", code);
        li.kind = DYAD_LEX_AGENT;
    } else {
        if (!code_shape_ok(code, fl))
            return data_err(L, "bad actor code '%s' (3 capital letters, then groups of 3)", code);
        if (!next_field(&s, e, &f, &fl))
            return data_err(L, "missing kind after '%s'", code);
        for (size_t k = 0; k < sizeof kind_names / sizeof kind_names[0]; k++)
            if (strlen(kind_names[k]) == fl && memcmp(kind_names[k], f, fl) == 0)
                li.kind = (uint8_t)kinds_by_name_kind[k];
        if (!li.kind)
            return data_err(L, "unknown kind '%.*s' (name, adj, people, seat, place, person)",
                            (int)(fl > 40 ? 40 : fl), f);
        /* an optional date range FROM..TO */
        const char *save = s;
        if (next_field(&s, e, &f, &fl) && ((f[0] >= '0' && f[0] <= '9') || f[0] == '.')) {
            const char *dots = NULL;
            for (size_t i = 0; i + 1 < fl; i++)
                if (f[i] == '.' && f[i + 1] == '.') {
                    dots = f + i;
                    break;
                }
            if (!dots || !parse_ymd(f, (size_t)(dots - f), &li.from) ||
                !parse_ymd(dots + 2, (size_t)(f + fl - dots - 2), &li.to))
                return data_err(L, "bad date range '%.*s' (FROM..TO, each YYYY[-MM[-DD]] or empty)",
                                (int)(fl > 40 ? 40 : fl), f);
            if (li.from.precision == DYAD_PREC_NONE && li.to.precision == DYAD_PREC_NONE)
                return data_err(L, "empty date range '..'");
            if (li.from.precision && li.to.precision &&
                date_key(&li.from, false) > date_key(&li.to, true))
                return data_err(L, "date range '%.*s': FROM is after TO", (int)fl, f);
        } else {
            s = save;
        }
    }
    li.code = dyad__arena_strdup(&L->lex->arena, code);
    if (!li.code)
        return oom(L);
    return parse_forms(L, &li, s, e);
}

static dyad_status load_file(loader *L, const char *path, bool agents)
{
    L->file = dyad__arena_strdup(&L->lex->arena, path);
    L->line = 0;
    if (!L->file)
        return oom(L);
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return dyad__err(L->err, DYAD_EIO, path, 0, "cannot open %s: %s", path, strerror(errno));
    char line[LINE_CAP];
    dyad_status st = DYAD_OK;
    while (st == DYAD_OK && fgets(line, sizeof line, fp)) {
        L->line++;
        size_t len = strlen(line);
        if (len == sizeof line - 1 && line[len - 1] != '\n') {
            st = data_err(L, "line longer than %d bytes", LINE_CAP - 2);
            break;
        }
        char *hash = memchr(line, '#', len);
        if (hash)
            len = (size_t)(hash - line);
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r' ||
                           line[len - 1] == ' ' || line[len - 1] == '\t'))
            len--;
        size_t b = 0;
        while (b < len && (line[b] == ' ' || line[b] == '\t'))
            b++;
        if (b == len)
            continue;
        L->entity++;
        st = parse_line(L, line + b, line + len, agents);
    }
    if (st == DYAD_OK && ferror(fp))
        st = dyad__err(L->err, DYAD_EIO, path, L->line, "read error on %s", path);
    fclose(fp);
    return st;
}

/* --------------------------------------------------------------- building */

static int cmp_entries(const void *pa, const void *pb)
{
    const dyad_lex_entry *a = pa, *b = pb;
    int c = strcmp(a->words[0], b->words[0]);
    if (c)
        return c;
    if (a->n_words != b->n_words)
        return a->n_words > b->n_words ? -1 : 1;
    for (size_t i = 1; i < a->n_words; i++)
        if ((c = strcmp(a->words[i], b->words[i])) != 0)
            return c;
    if (a->entity != b->entity) /* file order: the earlier definition first */
        return a->entity < b->entity ? -1 : 1;
    return 0;
}

static bool same_words(const dyad_lex_entry *a, const dyad_lex_entry *b)
{
    if (a->n_words != b->n_words)
        return false;
    for (size_t i = 0; i < a->n_words; i++)
        if (strcmp(a->words[i], b->words[i]) != 0)
            return false;
    return true;
}

static void form_text(const dyad_lex_entry *e, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < e->n_words && n + 1 < cap; i++) {
        bool space = i > 0 && !(e->words[i - 1][0] && strchr(e->words[i - 1], '\'') &&
                                e->words[i - 1][strlen(e->words[i - 1]) - 1] == '\'');
        int w = snprintf(buf + n, cap - n, "%s%s", space ? " " : "", e->words[i]);
        if (w < 0)
            break;
        n += (size_t)w;
    }
}

/* Identical forms of the same kind, language and period: the same code twice
 * is a duplicate, two codes a conflict the coder could not resolve. Forms
 * whose date ranges do not overlap are fine (a person's successive posts; the
 * Taliban before and after they took Kabul). */
static dyad_status check_run(loader *L, const dyad_lex_entry *run, size_t n)
{
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++) {
            const dyad_lex_entry *a = &run[j], *b = &run[i]; /* b defined later */
            if (a->kind != b->kind || !(a->langs & b->langs) || !ranges_overlap(a, b))
                continue;
            /* one line may list spellings that fold to the same form
             * ("Andreï | Andrei"): not a mistake */
            if (a->line == b->line && strcmp(a->file, b->file) == 0 && strcmp(a->code, b->code) == 0)
                continue;
            char form[256];
            form_text(b, form, sizeof form);
            L->file = b->file;
            L->line = b->line;
            if (strcmp(a->code, b->code) == 0)
                return data_err(L, "%s form '%s' listed twice for %s (also at %s:%u)",
                                kind_name(b->kind), form, b->code, a->file, (unsigned)a->line);
            return data_err(L, "%s form '%s' is %s here but %s at %s:%u", kind_name(b->kind),
                            form, b->code, a->code, a->file, (unsigned)a->line);
        }
    return DYAD_OK;
}

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    while (*s)
        h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
    return h;
}

static int cmp_prefix(const void *a, const void *b)
{
    return memcmp(a, b, 3);
}

/* Every actor code starts with a country that a `name` line defines, or with
 * IGO, NGO, IMG or MNC (EVENTS.md section 2): "RUZGOV" is a typing mistake
 * and must say so, not code events for a country that does not exist. */
static dyad_status check_prefixes(loader *L)
{
    size_t n = 0;
    char(*known)[3] = dyad__malloc(&L->ctx->mem, (L->n + 4) * sizeof *known);
    if (!known)
        return oom(L);
    memcpy(known[n++], "IGO", 3);
    memcpy(known[n++], "NGO", 3);
    memcpy(known[n++], "IMG", 3);
    memcpy(known[n++], "MNC", 3);
    for (size_t i = 0; i < L->n; i++)
        if (L->v[i].kind == DYAD_LEX_NAME && strlen(L->v[i].code) == 3)
            memcpy(known[n++], L->v[i].code, 3);
    qsort(known, n, sizeof *known, cmp_prefix);
    dyad_status st = DYAD_OK;
    for (size_t i = 0; i < L->n && st == DYAD_OK; i++) {
        const dyad_lex_entry *e = &L->v[i];
        if (e->kind == DYAD_LEX_AGENT)
            continue;
        if (!bsearch(e->code, known, n, sizeof *known, cmp_prefix)) {
            L->file = e->file;
            L->line = e->line;
            st = data_err(L, "unknown country '%.3s' in actor code %s (no 'name' line defines it)",
                          e->code, e->code);
        }
    }
    dyad__free(&L->ctx->mem, known);
    return st;
}

static dyad_status build(loader *L)
{
    dyad_lexicon *lex = L->lex;
    dyad_status pst = check_prefixes(L);
    if (pst != DYAD_OK)
        return pst;
    if (L->n)
        qsort(L->v, L->n, sizeof *L->v, cmp_entries);
    lex->entries = L->v;
    lex->n_entries = L->n;
    L->v = NULL;
    size_t keys = 0;
    for (size_t i = 0; i < lex->n_entries;) {
        size_t j = i + 1;
        while (j < lex->n_entries && same_words(&lex->entries[i], &lex->entries[j]))
            j++;
        if (j - i > 1) {
            dyad_status st = check_run(L, &lex->entries[i], j - i);
            if (st != DYAD_OK)
                return st;
        }
        if (i == 0 || strcmp(lex->entries[i].words[0], lex->entries[i - 1].words[0]) != 0)
            keys++;
        i = j;
    }
    size_t ns = 16;
    while (ns < keys * 2)
        ns *= 2;
    lex->slots = dyad__malloc(&L->ctx->mem, ns * sizeof *lex->slots);
    if (!lex->slots)
        return oom(L);
    memset(lex->slots, 0, ns * sizeof *lex->slots);
    lex->n_slots = ns;
    for (size_t i = 0; i < lex->n_entries;) {
        const char *key = lex->entries[i].words[0];
        size_t j = i + 1;
        while (j < lex->n_entries && strcmp(lex->entries[j].words[0], key) == 0)
            j++;
        size_t h = (size_t)hash_str(key) & (ns - 1);
        while (lex->slots[h].key)
            h = (h + 1) & (ns - 1);
        lex->slots[h].key = key;
        lex->slots[h].begin = (uint32_t)i;
        lex->slots[h].count = (uint32_t)(j - i);
        i = j;
    }
    return DYAD_OK;
}

/* ------------------------------------------------------------------ load */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.txt files of dir, sorted by name (arena strings). */
static dyad_status list_dir(loader *L, const char *dir, char ***out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    DIR *d = opendir(dir);
    if (!d)
        return dyad__err(L->err, DYAD_EIO, dir, 0, "cannot open actor directory %s: %s", dir,
                         strerror(errno));
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (len < 5 || de->d_name[0] == '.' || strcmp(de->d_name + len - 4, ".txt") != 0)
            continue;
        char **slot = dyad__vec_push(&L->lex->arena, (void **)&names, &n, &cap, sizeof *names);
        if (!slot) {
            closedir(d);
            return oom(L);
        }
        *slot = dyad__arena_printf(&L->lex->arena, "%s/%s", dir, de->d_name);
    }
    closedir(d);
    if (L->lex->arena.failed)
        return oom(L);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    *out = names;
    *n_out = n;
    return DYAD_OK;
}

dyad_status dyad__lexicon_load(dyad_ctx *ctx, dyad_error *err)
{
    dyad_lexicon *lex = dyad__malloc(&ctx->mem, sizeof *lex);
    if (!lex)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    memset(lex, 0, sizeof *lex);
    dyad__arena_init(&lex->arena, &ctx->mem);
    ctx->lex = lex;
    loader L = {.ctx = ctx, .lex = lex, .err = err};
    const char *dir = ctx->data_dir ? ctx->data_dir : "data";
    char *actors = dyad__arena_printf(&lex->arena, "%s/actors", dir);
    char *agents = dyad__arena_printf(&lex->arena, "%s/agents.txt", dir);
    if (!actors || !agents)
        return oom(&L);
    char **files;
    size_t n_files;
    dyad_status st = list_dir(&L, actors, &files, &n_files);
    for (size_t i = 0; st == DYAD_OK && i < n_files; i++)
        st = load_file(&L, files[i], false);
    if (st == DYAD_OK)
        st = load_file(&L, agents, true);
    if (st == DYAD_OK)
        st = build(&L);
    dyad__free(&ctx->mem, L.v);
    if (st != DYAD_OK) {
        dyad__lexicon_free(ctx);
        return st;
    }
    /* statistics: forms, and people once per line (a line's forms share
     * its entity number and are not adjacent after sorting) */
    uint8_t *seen = dyad__malloc(&ctx->mem, (size_t)L.entity + 1);
    if (!seen) {
        dyad__lexicon_free(ctx);
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    }
    memset(seen, 0, (size_t)L.entity + 1);
    size_t people = 0;
    for (size_t i = 0; i < lex->n_entries; i++) {
        const dyad_lex_entry *e = &lex->entries[i];
        if (e->kind == DYAD_LEX_AGENT)
            ctx->stats.agent_forms++;
        else
            ctx->stats.actor_forms++;
        if (e->kind == DYAD_LEX_PERSON && !seen[e->entity]) {
            seen[e->entity] = 1;
            people++;
        }
    }
    dyad__free(&ctx->mem, seen);
    ctx->stats.people = people;
    return DYAD_OK;
}

void dyad__lexicon_free(dyad_ctx *ctx)
{
    dyad_lexicon *lex = ctx->lex;
    if (!lex)
        return;
    dyad__free(&ctx->mem, lex->entries);
    dyad__free(&ctx->mem, lex->slots);
    dyad__arena_free(&lex->arena);
    dyad__free(&ctx->mem, lex);
    ctx->lex = NULL;
}

/* ----------------------------------------------------------------- match */

static const lex_slot *find_slot(const dyad_lexicon *lex, const char *key)
{
    if (!lex || !lex->n_slots)
        return NULL;
    size_t mask = lex->n_slots - 1, h = (size_t)hash_str(key) & mask;
    while (lex->slots[h].key) {
        if (strcmp(lex->slots[h].key, key) == 0)
            return &lex->slots[h];
        h = (h + 1) & mask;
    }
    return NULL;
}

/* A written form's case constrains the token: a capital needs a capital (a
 * token in capitals counts, which covers headlines in capitals), capitals
 * need capitals. */
static bool case_ok(uint8_t wflags, uint16_t tflags)
{
    if ((wflags & DYAD_LEXW_UPPER) && !(tflags & DYAD_TOK_UPPER))
        return false;
    if ((wflags & DYAD_LEXW_CAP) && !(tflags & (DYAD_TOK_CAP | DYAD_TOK_UPPER)))
        return false;
    return true;
}

size_t dyad__lex_match(const dyad_lexicon *lex, const dyad_token *toks, size_t n, size_t i,
                       dyad_lang lang, const dyad_lex_entry **out, size_t cap)
{
    if (i >= n || !toks[i].fold)
        return 0;
    const lex_slot *s = find_slot(lex, toks[i].fold);
    if (!s)
        return 0;
    uint8_t lbit = lang == DYAD_LANG_FR ? 1 : lang == DYAD_LANG_EN ? 2 : 3;
    size_t got = 0;
    for (uint32_t k = 0; k < s->count && got < cap; k++) {
        const dyad_lex_entry *e = &lex->entries[s->begin + k];
        if (!(e->langs & lbit) || i + e->n_words > n)
            continue;
        bool ok = case_ok(e->wflags[0], toks[i].flags);
        for (size_t w = 1; ok && w < e->n_words; w++) {
            const dyad_token *t = &toks[i + w];
            ok = t->fold && strcmp(t->fold, e->words[w]) == 0 && case_ok(e->wflags[w], t->flags);
        }
        if (ok)
            out[got++] = e;
    }
    return got;
}

const dyad_lex_entry *dyad__lex_person_on(const dyad_lexicon *lex, const dyad_lex_entry *e,
                                          const dyad_date *date)
{
    const lex_slot *s = e ? find_slot(lex, e->words[0]) : NULL;
    if (!s)
        return e;
    bool dated = date && date->precision != DYAD_PREC_NONE;
    long k = dated ? date_key(date, false) : 0;
    const dyad_lex_entry *cover = NULL, *before = NULL, *earliest = NULL, *latest = NULL;
    for (uint32_t i = 0; i < s->count; i++) {
        const dyad_lex_entry *c = &lex->entries[s->begin + i];
        if (c->kind != e->kind || !same_words(c, e) || !(c->langs & e->langs))
            continue;
        long from = date_key(&c->from, false), to = date_key(&c->to, true);
        if (!earliest || from < date_key(&earliest->from, false))
            earliest = c;
        if (!latest || from > date_key(&latest->from, false))
            latest = c;
        if (!dated)
            continue;
        if (from <= k && k <= to && !cover)
            cover = c;
        if (to < k && (!before || to > date_key(&before->to, true)))
            before = c;
    }
    if (!dated)
        return latest ? latest : e;
    if (cover)
        return cover;
    if (before)
        return before;
    return earliest ? earliest : e;
}

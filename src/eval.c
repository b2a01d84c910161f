/* eval.c -- scoring coded events against gold items (contract section 6).
 *
 * Each gold item is scored when it is added: its predictions are reduced to
 * distinct (source, target, code) triples, then matched to the gold events by
 * a maximum bipartite matching, once at root level and once at full level.
 * A greedy pass could take a prediction that a later gold event needed and
 * under-count matches; items hold a handful of events, so augmenting paths
 * (Kuhn's algorithm) cost nothing. Only what the report needs is copied (the
 * article and doc are freed after dyad_eval_add), into the evaluator's own
 * arena. */
#include "internal.h"

#include <string.h>

typedef struct {
    const char *src, *tgt, *code; /* NULL: no actor (gold: not scored) */
    const char *date;             /* "YYYY[-MM[-DD]]" or NULL */
} ev_tuple;

typedef struct {
    const char *id;
    const char *text; /* truncated, for the diff */
    int lang;         /* 0 fr, 1 en, 2 other */
    ev_tuple *gold, *pred;
    size_t n_gold, n_pred;
    int *root_of_gold;   /* gold -> pred matched at root level, or -1 */
    bool *pred_root;     /* pred matched at root level */
    bool *full_of_gold;  /* gold matched at full level */
    size_t root_matched, full_matched;
    size_t dated, dated_ok;
} ev_item;

struct dyad_eval {
    dyad_mem mem;
    dyad_arena arena;
    ev_item *items;
    size_t n, cap;
};

enum { DIFF_TEXT_MAX = 160 };

dyad_status dyad_eval_new(dyad_eval **out)
{
    dyad_mem mem;
    dyad__mem_init(&mem, NULL);
    dyad_eval *ev = dyad__malloc(&mem, sizeof *ev);
    *out = ev;
    if (!ev)
        return DYAD_ENOMEM;
    memset(ev, 0, sizeof *ev);
    ev->mem = mem;
    dyad__arena_init(&ev->arena, &ev->mem);
    return DYAD_OK;
}

void dyad_eval_free(dyad_eval *ev)
{
    if (!ev)
        return;
    dyad__arena_free(&ev->arena);
    dyad_mem mem = ev->mem;
    dyad__free(&mem, ev);
}

/* ------------------------------------------------------------ matching */

static bool str_eq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

/* One side of a pair: a gold NULL is not scored and matches anything (even
 * no actor); a predicted NULL cannot match a named gold actor. */
static bool side_match(const char *gold, const char *pred, bool full)
{
    if (!gold)
        return true;
    if (!pred)
        return false;
    return full ? strcmp(gold, pred) == 0 : strncmp(gold, pred, 3) == 0;
}

static bool pair_match(const ev_tuple *g, const ev_tuple *p, bool full)
{
    if (!g->code || !p->code)
        return false;
    bool code_ok = full ? strcmp(g->code, p->code) == 0
                        : strlen(g->code) >= 2 && strlen(p->code) >= 2 &&
                              strncmp(g->code, p->code, 2) == 0;
    return code_ok && side_match(g->src, p->src, full) && side_match(g->tgt, p->tgt, full);
}

typedef struct {
    const ev_item *it;
    bool full;
    int *mg, *mp; /* gold -> pred, pred -> gold; -1: free */
    bool *seen;   /* preds visited in this search */
} matcher;

static bool augment(matcher *m, size_t g)
{
    for (size_t p = 0; p < m->it->n_pred; p++) {
        if (m->seen[p] || !pair_match(&m->it->gold[g], &m->it->pred[p], m->full))
            continue;
        m->seen[p] = true;
        if (m->mp[p] < 0 || augment(m, (size_t)m->mp[p])) {
            m->mp[p] = (int)g;
            m->mg[g] = (int)p;
            return true;
        }
    }
    return false;
}

/* Maximum matching; mg (size n_gold) and mp (size n_pred) hold a starting
 * matching on entry (-1: free) and the result on exit. Returns the number of
 * gold events matched. Augmenting paths keep every matched gold event
 * matched, so a start made of better pairs mostly survives. */
static size_t match_item(const ev_item *it, bool full, int *mg, int *mp, bool *seen)
{
    matcher m = {it, full, mg, mp, seen};
    size_t n = 0;
    for (size_t g = 0; g < it->n_gold; g++) {
        if (mg[g] >= 0) {
            n++;
            continue;
        }
        memset(seen, 0, it->n_pred * sizeof *seen);
        if (augment(&m, g))
            n++;
    }
    return n;
}

/* A predicted date agrees when it says at least what the gold says and the
 * same: gold "2024-06" accepts "2024-06" and "2024-06-15", not "2024". */
static bool date_agrees(const char *gold, const char *pred)
{
    size_t n = strlen(gold);
    return pred && strlen(pred) >= n && strncmp(gold, pred, n) == 0;
}

/* ------------------------------------------------------------ adding */

/* Copies at most DIFF_TEXT_MAX bytes, cut at a UTF-8 boundary, newlines as
 * spaces, "..." when cut. */
static char *short_text(dyad_arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s);
    bool cut = n > DIFF_TEXT_MAX;
    if (cut) {
        n = DIFF_TEXT_MAX;
        while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
            n--;
    }
    char *t = dyad__arena_alloc(a, n + 4);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n; i++)
        t[i] = (s[i] == '\n' || s[i] == '\r' || s[i] == '\t') ? ' ' : s[i];
    memcpy(t + n, cut ? "..." : "", cut ? 4 : 1);
    return t;
}

static int lang_index(const char *l)
{
    if (l && strcmp(l, "fr") == 0)
        return 0;
    if (l && strcmp(l, "en") == 0)
        return 1;
    return 2;
}

dyad_status dyad_eval_add(dyad_eval *ev, const dyad_article *a, const dyad_doc *doc)
{
    if (!ev || !a || !doc)
        return DYAD_EINVAL;
    dyad_arena *ar = &ev->arena;
    ev_item *it = dyad__vec_push(ar, (void **)&ev->items, &ev->n, &ev->cap, sizeof *ev->items);
    if (!it)
        return DYAD_ENOMEM;
    it->id = dyad__arena_strdup(ar, a->id ? a->id : doc->id);
    it->text = short_text(ar, a->text ? a->text : doc->text);
    it->lang = a->lang && a->lang[0] ? lang_index(a->lang) : (int)doc->lang;

    it->gold = dyad__arena_calloc(ar, a->gold_count + 1, sizeof *it->gold);
    for (size_t i = 0; it->gold && i < a->gold_count; i++) {
        const dyad_gold_event *g = &a->gold[i];
        ev_tuple *t = &it->gold[it->n_gold++];
        t->src = dyad__arena_strdup(ar, g->source);
        t->tgt = dyad__arena_strdup(ar, g->target);
        t->code = dyad__arena_strdup(ar, g->code);
        t->date = g->date && g->date[0] ? dyad__arena_strdup(ar, g->date) : NULL;
    }
    /* Predictions reduced to distinct (source, target, code); the first in
     * output order keeps its date (contract section 6). Quadratic, but an
     * article holds tens of events at most. */
    it->pred = dyad__arena_calloc(ar, doc->n_events + 1, sizeof *it->pred);
    for (size_t i = 0; it->pred && i < doc->n_events; i++) {
        const dyad_event *e = &doc->events[i];
        bool dup = false;
        for (size_t j = 0; j < it->n_pred && !dup; j++)
            dup = str_eq(it->pred[j].src, e->source.code) &&
                  str_eq(it->pred[j].tgt, e->target.code) && str_eq(it->pred[j].code, e->code);
        if (dup)
            continue;
        ev_tuple *t = &it->pred[it->n_pred++];
        t->src = dyad__arena_strdup(ar, e->source.code);
        t->tgt = dyad__arena_strdup(ar, e->target.code);
        t->code = dyad__arena_strdup(ar, e->code);
        char d[11];
        dyad_date_format(&e->date, d);
        t->date = d[0] ? dyad__arena_strdup(ar, d) : NULL;
    }
    it->root_of_gold = dyad__arena_calloc(ar, it->n_gold + 1, sizeof *it->root_of_gold);
    it->full_of_gold = dyad__arena_calloc(ar, it->n_gold + 1, sizeof *it->full_of_gold);
    it->pred_root = dyad__arena_calloc(ar, it->n_pred + 1, sizeof *it->pred_root);
    int *mg = dyad__arena_calloc(ar, it->n_gold + 1, sizeof *mg);
    int *mp = dyad__arena_calloc(ar, it->n_pred + 1, sizeof *mp);
    bool *seen = dyad__arena_calloc(ar, it->n_pred + 1, sizeof *seen);
    if (ar->failed)
        return DYAD_ENOMEM;

    /* Full level first. Its pairs also match at root level and seed the
     * root matching: when several maximum root matchings exist, the one
     * kept pairs gold events with their exact predictions, so the date
     * compared and the diff's "root only" pairs are the natural ones. */
    for (size_t g = 0; g < it->n_gold; g++)
        mg[g] = -1;
    for (size_t p = 0; p < it->n_pred; p++)
        mp[p] = -1;
    it->full_matched = match_item(it, true, mg, mp, seen);
    for (size_t g = 0; g < it->n_gold; g++) {
        it->full_of_gold[g] = mg[g] >= 0;
        it->root_of_gold[g] = mg[g];
    }
    it->root_matched = match_item(it, false, it->root_of_gold, mp, seen);
    for (size_t p = 0; p < it->n_pred; p++)
        it->pred_root[p] = mp[p] >= 0;
    for (size_t g = 0; g < it->n_gold; g++) {
        int p = it->root_of_gold[g];
        if (p < 0 || !it->gold[g].date)
            continue;
        it->dated++;
        if (date_agrees(it->gold[g].date, it->pred[p].date))
            it->dated_ok++;
    }
    return DYAD_OK;
}

/* ------------------------------------------------------------ report */

static void finish(dyad_score *s)
{
    s->precision = s->predicted ? (double)s->matched / (double)s->predicted : 0.0;
    s->recall = s->gold ? (double)s->matched / (double)s->gold : 0.0;
    double pr = s->precision + s->recall;
    s->f1 = pr > 0 ? 2 * s->precision * s->recall / pr : 0.0;
}

static void count(dyad_score *s, const ev_item *it, size_t matched)
{
    s->items++;
    s->gold += it->n_gold;
    s->predicted += it->n_pred;
    s->matched += matched;
}

void dyad_eval_get(const dyad_eval *ev, dyad_eval_report *out)
{
    memset(out, 0, sizeof *out);
    if (!ev)
        return;
    for (size_t i = 0; i < ev->n; i++) {
        const ev_item *it = &ev->items[i];
        count(&out->root, it, it->root_matched);
        count(&out->full, it, it->full_matched);
        if (it->lang < 2) {
            count(&out->root_by_lang[it->lang], it, it->root_matched);
            count(&out->full_by_lang[it->lang], it, it->full_matched);
        }
        out->dated += it->dated;
        out->dated_correct += it->dated_ok;
    }
    finish(&out->root);
    finish(&out->full);
    for (int l = 0; l < 2; l++) {
        finish(&out->root_by_lang[l]);
        finish(&out->full_by_lang[l]);
    }
    out->date_accuracy = out->dated ? (double)out->dated_correct / (double)out->dated : 0.0;
}

/* "SRC CODE TGT"; a gold side that is not scored prints as "*", a missing
 * predicted actor as "-". */
static void put_tuple(dyad_buf *b, const ev_tuple *t, bool gold)
{
    const char *none = gold ? "*" : "-";
    dyad__buf_printf(b, "%s %s %s", t->src ? t->src : none, t->code ? t->code : "?",
                     t->tgt ? t->tgt : none);
    if (t->date)
        dyad__buf_printf(b, " (%s)", t->date);
}

static void put_diff(dyad_buf *b, const ev_item *it)
{
    bool differs = it->root_matched < it->n_gold || it->root_matched < it->n_pred ||
                   it->full_matched < it->root_matched;
    if (!differs)
        return;
    dyad__buf_printf(b, "%s  %s\n", it->id ? it->id : "(no id)", it->text ? it->text : "");
    for (size_t g = 0; g < it->n_gold; g++) {
        if (it->root_of_gold[g] >= 0)
            continue;
        dyad__buf_puts(b, "    missed: ");
        put_tuple(b, &it->gold[g], true);
        dyad__buf_putc(b, '\n');
    }
    for (size_t p = 0; p < it->n_pred; p++) {
        if (it->pred_root[p])
            continue;
        dyad__buf_puts(b, "    extra:  ");
        put_tuple(b, &it->pred[p], false);
        dyad__buf_putc(b, '\n');
    }
    /* Right at root level, wrong in detail (a role, a subcode): the pairs of
     * the root matching whose gold event found no full match. */
    for (size_t g = 0; g < it->n_gold; g++) {
        int p = it->root_of_gold[g];
        if (p < 0 || it->full_of_gold[g])
            continue;
        dyad__buf_puts(b, "    root only: ");
        put_tuple(b, &it->gold[g], true);
        dyad__buf_puts(b, " ~ ");
        put_tuple(b, &it->pred[p], false);
        dyad__buf_putc(b, '\n');
    }
}

static void put_score_row(dyad_buf *b, const char *level, const char *lang, const dyad_score *s)
{
    dyad__buf_printf(b, "%-5s %-4s %6zu %6zu %6zu %6zu   %5.3f  %5.3f  %5.3f\n", level, lang,
                     s->items, s->gold, s->predicted, s->matched, s->precision, s->recall, s->f1);
}

dyad_status dyad_eval_write(const dyad_eval *ev, unsigned flags, dyad_write_fn fn, void *ud)
{
    if (!ev || !fn)
        return DYAD_EINVAL;
    dyad_buf b;
    dyad__buf_init(&b, &ev->mem);
    if (flags & DYAD_EVAL_DIFF) {
        for (size_t i = 0; i < ev->n; i++)
            put_diff(&b, &ev->items[i]);
        if (b.len)
            dyad__buf_putc(&b, '\n');
    }
    dyad_eval_report r;
    dyad_eval_get(ev, &r);
    dyad__buf_puts(&b, "level lang  items   gold   pred  match   prec   rec    F1\n");
    static const char *const langs[2] = {"fr", "en"};
    const dyad_score *all[2] = {&r.root, &r.full};
    const dyad_score *by[2] = {r.root_by_lang, r.full_by_lang};
    static const char *const levels[2] = {"root", "full"};
    for (int lv = 0; lv < 2; lv++) {
        put_score_row(&b, levels[lv], "all", all[lv]);
        for (int l = 0; l < 2; l++)
            if (by[lv][l].items)
                put_score_row(&b, "", langs[l], &by[lv][l]);
    }
    dyad__buf_printf(&b, "dates: %zu of %zu matched gold events with a date agree (%.3f)\n",
                     r.dated_correct, r.dated, r.date_accuracy);
    dyad__buf_printf(&b,
                     "score root_f1=%.3f full_f1=%.3f root_p=%.3f root_r=%.3f date_acc=%.3f "
                     "full_p=%.3f full_r=%.3f\n",
                     r.root.f1, r.full.f1, r.root.precision, r.root.recall, r.date_accuracy,
                     r.full.precision, r.full.recall);
    dyad_status st = dyad__buf_send(&b, fn, ud);
    dyad__buf_free(&b);
    return st;
}

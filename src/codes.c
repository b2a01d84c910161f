/* codes.c -- the CAMEO codes table (data/cameo_codes.tsv).
 *
 * The table is small (318 rows) and read-only once loaded, so it is one
 * sorted array searched by bsearch; names point into the file's bytes, kept
 * in one heap block, so freeing the table is two calls. */
#include "codes.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct dyad_codes {
    dyad_code_info *items; /* sorted by code */
    size_t n;
    char *text;            /* the file's bytes; names point into it */
};

static const char CODES_FILE[] = "cameo_codes.tsv";
static const char CODES_HEADER[] = "code\troot\tquad_class\tgoldstein\tname";

static int cmp_info(const void *a, const void *b)
{
    return strcmp(((const dyad_code_info *)a)->code, ((const dyad_code_info *)b)->code);
}

/* CAMEO's QuadClass follows from the root alone (codebook and GDELT): a row
 * that disagrees is a typing mistake, caught here rather than in the output. */
static int quad_of_root(int root)
{
    if (root >= 1 && root <= 5)
        return 1;
    if (root <= 8)
        return 2;
    if (root <= 13)
        return 3;
    return 4;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Reads the whole file into a NUL-terminated heap block. */
static dyad_status read_file(const dyad_mem *mem, const char *path, char **out, size_t *len,
                             dyad_error *err)
{
    *out = NULL;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return dyad__err(err, DYAD_EDATA, path, 0, "cannot open %s: %s", path, strerror(errno));
    size_t cap = 16384, n = 0;
    char *p = dyad__malloc(mem, cap);
    for (;;) {
        if (!p) {
            fclose(fp);
            return dyad__err(err, DYAD_ENOMEM, path, 0, "out of memory");
        }
        n += fread(p + n, 1, cap - n - 1, fp);
        if (n < cap - 1)
            break;
        char *q = dyad__realloc(mem, p, cap * 2);
        if (!q)
            dyad__free(mem, p);
        p = q;
        cap *= 2;
    }
    bool bad = ferror(fp);
    fclose(fp);
    if (bad) {
        dyad__free(mem, p);
        return dyad__err(err, DYAD_EDATA, path, 0, "cannot read %s", path);
    }
    p[n] = '\0';
    *out = p;
    *len = n;
    return DYAD_OK;
}

/* Parses one data row (tabs already split into f[0..4]). */
static dyad_status parse_row(char **f, dyad_code_info *ci, const char *path, long line,
                             dyad_error *err)
{
    size_t cl = strlen(f[0]);
    if (cl < 2 || cl > 4 || !all_digits(f[0], cl))
        return dyad__err(err, DYAD_EDATA, path, line, "bad code '%s' (2 to 4 digits)", f[0]);
    if (strlen(f[1]) != 2 || strncmp(f[0], f[1], 2) != 0)
        return dyad__err(err, DYAD_EDATA, path, line, "root '%s' is not the first two digits of %s",
                         f[1], f[0]);
    int root = (f[1][0] - '0') * 10 + (f[1][1] - '0');
    if (root < 1 || root > 20)
        return dyad__err(err, DYAD_EDATA, path, line, "root %s is not 01..20", f[1]);
    if (strlen(f[2]) != 1 || f[2][0] - '0' != quad_of_root(root))
        return dyad__err(err, DYAD_EDATA, path, line, "quad_class '%s' should be %d for root %s",
                         f[2], quad_of_root(root), f[1]);
    char *end = NULL;
    errno = 0;
    double g = strtod(f[3], &end);
    if (!*f[3] || *end || errno || !isfinite(g) || g < -10.0 || g > 10.0)
        return dyad__err(err, DYAD_EDATA, path, line, "bad goldstein value '%s' (-10..10)", f[3]);
    if (!*f[4])
        return dyad__err(err, DYAD_EDATA, path, line, "code %s has no name", f[0]);
    memcpy(ci->code, f[0], cl + 1);
    memcpy(ci->root, f[1], 3);
    ci->quad_class = (int8_t)(f[2][0] - '0');
    ci->goldstein = g;
    ci->name = f[4];
    return DYAD_OK;
}

dyad_status dyad__codes_load(dyad_ctx *ctx, dyad_error *err)
{
    const dyad_mem *mem = &ctx->mem;
    size_t dl = strlen(ctx->data_dir);
    char *path = dyad__malloc(mem, dl + sizeof CODES_FILE + 1);
    if (!path)
        return dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    memcpy(path, ctx->data_dir, dl);
    path[dl] = '/';
    memcpy(path + dl + 1, CODES_FILE, sizeof CODES_FILE);

    dyad_codes *c = dyad__malloc(mem, sizeof *c);
    size_t len = 0;
    dyad_status st = c ? read_file(mem, path, &c->text, &len, err)
                       : dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
    if (st != DYAD_OK) {
        dyad__free(mem, c);
        dyad__free(mem, path);
        return st;
    }
    c->n = 0;
    /* Each data row holds at least "NN\tNN\tN\tN\tX\n" (13 bytes): a bound
     * for the array without a first pass. */
    c->items = dyad__malloc(mem, (len / 13 + 1) * sizeof *c->items);
    if (!c->items) {
        st = dyad__err(err, DYAD_ENOMEM, NULL, 0, "out of memory");
        goto fail;
    }
    bool header_seen = false;
    long line = 0;
    for (char *p = c->text; *p;) {
        char *eol = strchr(p, '\n');
        char *next = eol ? eol + 1 : p + strlen(p);
        if (eol)
            *eol = '\0';
        line++;
        size_t n = strlen(p);
        if (n && p[n - 1] == '\r')
            p[--n] = '\0';
        if (n == 0 || p[0] == '#') {
            p = next;
            continue;
        }
        if (!header_seen) {
            /* The column names keep the file self-describing; checking them
             * catches a file whose columns were reordered. */
            if (strcmp(p, CODES_HEADER) != 0) {
                st = dyad__err(err, DYAD_EDATA, path, line,
                               "expected the column header 'code root quad_class goldstein "
                               "name' (tab-separated)");
                goto fail;
            }
            header_seen = true;
            p = next;
            continue;
        }
        char *f[5];
        int nf = 1;
        f[0] = p;
        for (char *q = strchr(p, '\t'); q; q = strchr(q + 1, '\t')) {
            *q = '\0';
            if (nf < 5)
                f[nf] = q + 1;
            nf++;
        }
        if (nf != 5) {
            st = dyad__err(err, DYAD_EDATA, path, line, "expected 5 tab-separated columns, got %d",
                           nf);
            goto fail;
        }
        if ((st = parse_row(f, &c->items[c->n], path, line, err)) != DYAD_OK)
            goto fail;
        for (size_t k = 0; k < c->n; k++) /* a few hundred codes: the line of a duplicate */
            if (strcmp(c->items[k].code, c->items[c->n].code) == 0) {
                st = dyad__err(err, DYAD_EDATA, path, line, "code %s is listed twice",
                               c->items[k].code);
                goto fail;
            }
        c->n++;
        p = next;
    }
    if (c->n == 0) {
        st = dyad__err(err, DYAD_EDATA, path, line, "no codes in %s", path);
        goto fail;
    }
    qsort(c->items, c->n, sizeof *c->items, cmp_info);
    for (size_t i = 1; i < c->n; i++) {
        if (strcmp(c->items[i - 1].code, c->items[i].code) == 0) {
            st = dyad__err(err, DYAD_EDATA, path, 0, "code %s is listed twice", c->items[i].code);
            goto fail;
        }
    }
    dyad__free(mem, path);
    ctx->codes = c;
    return DYAD_OK;
fail:
    dyad__free(mem, c->items);
    dyad__free(mem, c->text);
    dyad__free(mem, c);
    dyad__free(mem, path);
    return st;
}

void dyad__codes_free(dyad_ctx *ctx)
{
    dyad_codes *c = ctx->codes;
    if (!c)
        return;
    dyad__free(&ctx->mem, c->items);
    dyad__free(&ctx->mem, c->text);
    dyad__free(&ctx->mem, c);
    ctx->codes = NULL;
}

const dyad_code_info *dyad__code_info(const dyad_codes *codes, const char *code)
{
    if (!codes || !code || strlen(code) >= sizeof codes->items[0].code)
        return NULL;
    dyad_code_info key;
    memcpy(key.code, code, strlen(code) + 1);
    return bsearch(&key, codes->items, codes->n, sizeof *codes->items, cmp_info);
}

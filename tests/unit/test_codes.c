/* test_codes.c -- the CAMEO codes table (data/cameo_codes.tsv). */
#include "check.h"
#include "codes.h"

#include <stdlib.h>
#include <unistd.h>

/* A context with only what the codes loader needs: memory and a data dir. */
static void ctx_init(dyad_ctx *ctx, const char *dir)
{
    memset(ctx, 0, sizeof *ctx);
    dyad__mem_init(&ctx->mem, NULL);
    ctx->data_dir = (char *)dir;
}

static void test_load(void)
{
    dyad_ctx ctx;
    ctx_init(&ctx, check_data_dir());
    dyad_error err = {0};
    dyad_status st = dyad__codes_load(&ctx, &err);
    if (st != DYAD_OK)
        fprintf(stderr, "%s:%ld: %s\n", err.file, err.line, err.msg);
    CHECK_EQ_INT(st, DYAD_OK);
    if (st != DYAD_OK)
        return;
    const dyad_codes *c = ctx.codes;
    const dyad_code_info *ci = dyad__code_info(c, "042");
    CHECK(ci != NULL);
    if (ci) {
        CHECK_EQ_STR(ci->code, "042");
        CHECK_EQ_STR(ci->root, "04");
        CHECK_EQ_INT(ci->quad_class, 1);
        CHECK(ci->goldstein > 1.89 && ci->goldstein < 1.91);
        CHECK(strstr(ci->name, "visit") != NULL);
    }
    ci = dyad__code_info(c, "1823");
    CHECK(ci && ci->quad_class == 4 && strcmp(ci->root, "18") == 0);
    ci = dyad__code_info(c, "20");
    CHECK(ci && ci->goldstein < -9.99);
    ci = dyad__code_info(c, "0234");
    CHECK(ci && ci->quad_class == 1);
    ci = dyad__code_info(c, "061");
    CHECK(ci && ci->quad_class == 2);
    ci = dyad__code_info(c, "112");
    CHECK(ci && ci->quad_class == 3);
    CHECK(dyad__code_info(c, "999") == NULL);
    CHECK(dyad__code_info(c, "04299") == NULL);
    CHECK(dyad__code_info(c, "") == NULL);
    CHECK(dyad__code_info(c, NULL) == NULL);
    CHECK(dyad__code_info(NULL, "042") == NULL);

    /* 318 codes: every two- to four-digit string that is in the table. */
    int n = 0, quads[5] = {0};
    char code[5];
    for (int len = 2; len <= 4; len++) {
        int lim = len == 2 ? 100 : len == 3 ? 1000 : 10000;
        for (int i = 0; i < lim; i++) {
            snprintf(code, sizeof code, "%0*d", len, i);
            ci = dyad__code_info(c, code);
            if (!ci)
                continue;
            n++;
            CHECK(ci->quad_class >= 1 && ci->quad_class <= 4);
            quads[ci->quad_class]++;
            CHECK(strncmp(ci->root, code, 2) == 0);
        }
    }
    CHECK_EQ_INT(n, 318);
    CHECK(quads[1] > 0 && quads[2] > 0 && quads[3] > 0 && quads[4] > 0);
    dyad__codes_free(&ctx);
    CHECK(ctx.codes == NULL);
}

/* Writes `body` as cameo_codes.tsv in a fresh directory and loads it. */
static dyad_status load_text(const char *body, dyad_error *err)
{
    char dir[] = "/tmp/dyad-codes-XXXXXX";
    if (!mkdtemp(dir))
        return DYAD_EIO;
    char path[256];
    snprintf(path, sizeof path, "%s/cameo_codes.tsv", dir);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return DYAD_EIO;
    fputs(body, fp);
    fclose(fp);
    dyad_ctx ctx;
    ctx_init(&ctx, dir);
    dyad_status st = dyad__codes_load(&ctx, err);
    dyad__codes_free(&ctx);
    remove(path);
    rmdir(dir);
    return st;
}

#define HDR "# comment\ncode\troot\tquad_class\tgoldstein\tname\n"

static void test_errors(void)
{
    dyad_error err = {0};
    CHECK_EQ_INT(load_text(HDR "042\t04\t1\t1.9\tMake a visit\n", &err), DYAD_OK);
    CHECK_EQ_INT(load_text(HDR "042\t04\t1\t1.9\n", &err), DYAD_EDATA);
    CHECK_EQ_INT(err.line, 3);
    CHECK(strstr(err.file, "cameo_codes.tsv") != NULL);
    CHECK_EQ_INT(load_text(HDR "042\t04\t1\t1.9\tx\n# c\n043\t05\t1\t2.8\tHost\n", &err),
                 DYAD_EDATA);
    CHECK_EQ_INT(err.line, 5);
    CHECK_EQ_INT(load_text(HDR "042\t04\t3\t1.9\tx\n", &err), DYAD_EDATA); /* wrong quad */
    CHECK_EQ_INT(load_text(HDR "042\t04\t1\tabc\tx\n", &err), DYAD_EDATA);
    CHECK_EQ_INT(load_text(HDR "042\t04\t1\t11\tx\n", &err), DYAD_EDATA);
    CHECK_EQ_INT(load_text(HDR "04a\t04\t1\t1\tx\n", &err), DYAD_EDATA);
    CHECK_EQ_INT(load_text(HDR "042\t04\t1\t1\tx\n042\t04\t1\t1\ty\n", &err), DYAD_EDATA);
    CHECK_EQ_INT(load_text("042\t04\t1\t1.9\tx\n", &err), DYAD_EDATA); /* no header */
    CHECK_EQ_INT(err.line, 1);
    CHECK_EQ_INT(load_text(HDR, &err), DYAD_EDATA); /* empty */

    dyad_ctx ctx;
    ctx_init(&ctx, "/nonexistent-dir");
    CHECK_EQ_INT(dyad__codes_load(&ctx, &err), DYAD_EDATA);
    CHECK(ctx.codes == NULL);
}

int main(void)
{
    RUN(test_load);
    RUN(test_errors);
    return CHECK_DONE();
}

/* test_mem.c -- arena, buffer and error helpers. */
#include "check.h"
#include "internal.h"

static int fail_after = -1; /* counting allocator: fail the Nth call */
static void *counting_malloc(size_t n, void *ud)
{
    (void)ud;
    if (fail_after == 0)
        return NULL;
    if (fail_after > 0)
        fail_after--;
    return malloc(n);
}

static void test_arena(void)
{
    dyad_mem mem;
    dyad__mem_init(&mem, NULL);
    dyad_arena a;
    dyad__arena_init(&a, &mem);
    char *s = dyad__arena_strdup(&a, "hello");
    CHECK_EQ_STR(s, "hello");
    void *big = dyad__arena_alloc(&a, 1 << 20);
    CHECK(big != NULL);
    CHECK(((uintptr_t)dyad__arena_alloc(&a, 3) & 7) == 0);
    CHECK_EQ_STR(dyad__arena_printf(&a, "%d-%s", 42, "x"), "42-x");
    int *v = NULL;
    size_t n = 0, cap = 0;
    for (int i = 0; i < 1000; i++) {
        int *slot = dyad__vec_push(&a, (void **)&v, &n, &cap, sizeof *v);
        CHECK(slot != NULL);
        *slot = i;
    }
    CHECK_EQ_INT(n, 1000);
    CHECK_EQ_INT(v[999], 999);
    dyad__arena_free(&a);
}

static void test_arena_sticky_oom(void)
{
    dyad_allocator al = {.malloc = counting_malloc};
    dyad_mem mem;
    dyad__mem_init(&mem, &al);
    dyad_arena a;
    dyad__arena_init(&a, &mem);
    fail_after = 1;
    CHECK(dyad__arena_alloc(&a, 16) != NULL);
    CHECK(dyad__arena_alloc(&a, 1 << 20) == NULL); /* needs a new block: fails */
    fail_after = -1;
    CHECK(dyad__arena_alloc(&a, 16) == NULL); /* sticky */
    CHECK(a.failed);
    dyad__arena_free(&a);
}

static void test_buf(void)
{
    dyad_mem mem;
    dyad__mem_init(&mem, NULL);
    dyad_buf b;
    dyad__buf_init(&b, &mem);
    dyad__buf_json_str(&b, "a\"b\\c\n\x01", 7);
    CHECK_EQ_STR(b.ptr, "\"a\\\"b\\\\c\\n\\u0001\"");
    dyad__buf_clear(&b);
    dyad__buf_printf(&b, "%05d", 42);
    CHECK_EQ_STR(b.ptr, "00042");
    dyad__buf_free(&b);
}

static void test_errors(void)
{
    dyad_error e;
    CHECK_EQ_INT(dyad__err(&e, DYAD_EDATA, "x.txt", 3, "bad %s", "code"), DYAD_EDATA);
    CHECK_EQ_STR(e.msg, "bad code");
    CHECK_EQ_STR(e.file, "x.txt");
    CHECK_EQ_INT(e.line, 3);
    CHECK_EQ_STR(dyad_strerror(DYAD_ENOMEM), "out of memory");
    char buf[11];
    dyad_date d = {.year = 2024, .month = 6, .precision = DYAD_PREC_MONTH};
    CHECK_EQ_STR(dyad_date_format(&d, buf), "2024-06");
}

int main(void)
{
    RUN(test_arena);
    RUN(test_arena_sticky_oom);
    RUN(test_buf);
    RUN(test_errors);
    return CHECK_DONE();
}

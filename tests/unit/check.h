/* check.h -- a small test harness: CHECK* macros print file:line on failure.
 * Each test file defines its test functions and calls them from main via
 * RUN(fn); CHECK_DONE() prints the summary and returns the exit status. */
#ifndef DYAD_CHECK_H
#define DYAD_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_count, check_failed;

#define CHECK(cond)                                                                            \
    do {                                                                                       \
        check_count++;                                                                         \
        if (!(cond)) {                                                                         \
            check_failed++;                                                                    \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);           \
        }                                                                                      \
    } while (0)

#define CHECK_EQ_INT(a, b)                                                                     \
    do {                                                                                       \
        long long va_ = (long long)(a), vb_ = (long long)(b);                                  \
        check_count++;                                                                         \
        if (va_ != vb_) {                                                                      \
            check_failed++;                                                                    \
            fprintf(stderr, "%s:%d: %s == %lld, expected %s == %lld\n", __FILE__, __LINE__, #a, \
                    va_, #b, vb_);                                                             \
        }                                                                                      \
    } while (0)

#define CHECK_EQ_STR(a, b)                                                                     \
    do {                                                                                       \
        const char *sa_ = (a), *sb_ = (b);                                                     \
        check_count++;                                                                         \
        if (!sa_ || !sb_ || strcmp(sa_, sb_) != 0) {                                           \
            check_failed++;                                                                    \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a,  \
                    sa_ ? sa_ : "(null)", sb_ ? sb_ : "(null)");                               \
        }                                                                                      \
    } while (0)

#define RUN(fn)                                                                                \
    do {                                                                                       \
        int before_ = check_failed;                                                            \
        fn();                                                                                  \
        if (check_failed != before_)                                                           \
            fprintf(stderr, "  in %s\n", #fn);                                                 \
    } while (0)

#define CHECK_DONE()                                                                           \
    (printf("%s: %d checks, %d failed\n", __FILE__, check_count, check_failed),               \
     check_failed ? 1 : 0)

/* The repository's data directory, for tests that open a context. */
static inline const char *check_data_dir(void)
{
    const char *d = getenv("DYAD_DATA");
    return d && *d ? d : "data";
}

/* ../shared, or NULL when absent (a user's clone): tests then skip. */
static inline const char *check_shared_dir(void)
{
    const char *d = getenv("DYAD_SHARED");
    return d && *d ? d : "../shared";
}

#endif

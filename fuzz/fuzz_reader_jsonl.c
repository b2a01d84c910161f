/* fuzz_reader_jsonl.c -- libFuzzer: JSON Lines through the reader. Every
 * article it returns must be valid UTF-8 with the advertised length. */
#include "internal.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dyad_reader *r;
    dyad_error err;
    if (dyad__reader_open_mem(&r, (const char *)data, size, "fuzz.jsonl", DYAD_FMT_JSONL,
                              &err) != DYAD_OK)
        return 0;
    dyad_article a;
    dyad_status st;
    int guard = 0;
    while ((st = dyad_reader_next(r, &a, &err)) != DYAD_EOF && guard++ < 100000) {
        if (st == DYAD_EPARSE)
            continue;
        if (st != DYAD_OK)
            break;
        if (!a.id || !a.text || strlen(a.text) != a.text_len)
            __builtin_trap(); /* NUL bytes must have become spaces */
        for (size_t i = 0; i < a.text_len;) {
            int32_t cp;
            size_t n = dyad__utf8_next(a.text + i, a.text_len - i, &cp);
            if (cp == 0xFFFD && memcmp(a.text + i, "\xEF\xBF\xBD", 3) != 0)
                __builtin_trap(); /* an invalid sequence survived */
            i += n;
        }
        for (size_t g = 0; g < a.gold_count; g++)
            if (!a.gold[g].code)
                __builtin_trap();
    }
    dyad_reader_close(r);
    return 0;
}

/* fuzz_reader_txt.c -- libFuzzer: a plain article through the reader, the
 * layout and the language and NFC stages (no dictionaries needed). */
#include "ctx.h"

#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dyad_reader *r;
    dyad_error err;
    if (dyad__reader_open_mem(&r, (const char *)data, size, "fuzz.txt", DYAD_FMT_TXT, &err) !=
        DYAD_OK)
        return 0;
    dyad_article a;
    dyad_mem mem;
    dyad__mem_init(&mem, NULL);
    /* one worker for the whole run, as a program would keep it: opening
     * textcat per input would make each run cost milliseconds */
    static dyad_worker w;
    while (dyad_reader_next(r, &a, &err) == DYAD_OK) {
        dyad_doc doc;
        memset(&doc, 0, sizeof doc);
        dyad__arena_init(&doc.arena, &mem);
        doc.text = a.text;
        doc.text_len = a.text_len;
        if (dyad__layout(&doc, true) == DYAD_OK) {
            for (size_t i = 0; i < doc.n_paras; i++) {
                const dyad_para *p = &doc.paras[i];
                if (p->start > p->end || p->end > doc.text_len)
                    __builtin_trap();
            }
        }
        (void)dyad__identify_lang(NULL, &w, a.text, a.text_len < 512 ? a.text_len : 512);
        const char *norm;
        size_t nl;
        uint32_t *map;
        if (dyad__utf8_nfc(&doc.arena, a.text, a.text_len, &norm, &nl, &map) == DYAD_OK && map) {
            for (size_t i = 0; i < nl; i++)
                if (map[i] > map[i + 1] || map[i + 1] > a.text_len)
                    __builtin_trap();
        }
        char f[64];
        dyad__fold(a.text, a.text_len < 200 ? a.text_len : 200, f, sizeof f);
        dyad__arena_free(&doc.arena);
    }
    dyad_reader_close(r);
    return 0;
}

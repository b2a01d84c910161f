/* utf8.c -- STUB: repair, NFC and folding (to be replaced). */
#include "internal.h"
#include <ctype.h>
#include <string.h>
char *dyad__utf8_repair(dyad_arena *a, const char *s, size_t len, size_t *out_len, size_t *repairs)
{
    (void)repairs;
    *out_len = len;
    return dyad__arena_strndup(a, s, len);
}
void dyad__utf8_repair_buf(dyad_buf *out, const char *s, size_t len, size_t *repairs)
{
    (void)repairs;
    dyad__buf_put(out, s, len);
}
size_t dyad__utf8_next(const char *s, size_t len, int32_t *cp)
{
    (void)len;
    *cp = (unsigned char)s[0];
    return 1;
}
dyad_status dyad__utf8_nfc(dyad_arena *a, const char *text, size_t len, const char **norm,
                           size_t *norm_len, uint32_t **map)
{
    (void)a;
    *norm = text;
    *norm_len = len;
    *map = NULL;
    return DYAD_OK;
}
size_t dyad__fold(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < len && n + 1 < cap; i++)
        out[n++] = (char)tolower((unsigned char)s[i]);
    out[n] = '\0';
    return n;
}

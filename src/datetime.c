/* datetime.c -- STUB: date parsing (to be replaced). */
#include "internal.h"
bool dyad__parse_date(const char *s, size_t len, dyad_date *out)
{
    (void)s; (void)len; (void)out;
    return false;
}

/* fuzz_date.c -- libFuzzer: dyad__parse_date on arbitrary bytes. A date it
 * accepts must be in range. */
#include "internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dyad_date d;
    if (!dyad__parse_date((const char *)data, size, &d))
        return 0;
    if (d.precision == DYAD_PREC_NONE || d.precision > DYAD_PREC_MINUTE || d.year < 1800 ||
        d.year > 2200 || d.month < 0 || d.month > 12 || d.day < 0 || d.day > 31 || d.hour < 0 ||
        d.hour > 23 || d.minute < 0 || d.minute > 59)
        __builtin_trap();
    char buf[11];
    dyad_date_format(&d, buf);
    return 0;
}

/* reader.c -- STUB: article readers (to be replaced). */
#include "internal.h"
dyad_status dyad_reader_open(dyad_reader **out, const char *path, dyad_input_format format,
                             dyad_error *err)
{
    (void)path; (void)format;
    *out = NULL;
    return dyad__err(err, DYAD_EIO, path, 0, "reader not implemented");
}
dyad_status dyad_reader_next(dyad_reader *r, dyad_article *out, dyad_error *err)
{
    (void)r; (void)out; (void)err;
    return DYAD_EOF;
}
void dyad_reader_close(dyad_reader *r)
{
    (void)r;
}

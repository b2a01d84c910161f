/* codes.h -- the CAMEO codes table (data/cameo_codes.tsv): root, QuadClass,
 * Goldstein value and name of every code. */
#ifndef DYAD_CODES_H
#define DYAD_CODES_H

#include "ctx.h"

typedef struct {
    char code[5];      /* "042", "0234", "1823" */
    char root[3];      /* "04" */
    int8_t quad_class; /* 1..4 */
    double goldstein;
    const char *name;
} dyad_code_info;

/* The entry of a code, or NULL if the table has no such code. Thread-safe. */
const dyad_code_info *dyad__code_info(const dyad_codes *codes, const char *code);

#endif

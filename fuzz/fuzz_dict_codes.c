/* fuzz_dict_codes.c -- libFuzzer: the input as data/cameo_codes.tsv (code, root, quad class, Goldstein, name),
 * loaded; see fuzz_dict.h. */
#define DICT_KIND K_CODES
#include "fuzz_dict.h"

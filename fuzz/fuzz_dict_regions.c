/* fuzz_dict_regions.c -- libFuzzer: the input as the gazetteer's regions.txt (region/city/alias/prefix/suffix lines),
 * loaded; see fuzz_dict.h. */
#define DICT_KIND K_REGIONS
#include "fuzz_dict.h"

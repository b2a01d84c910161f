/* fuzz_dict_intent.c -- libFuzzer: the input as data/intent.txt (PREFIX INTENT),
 * loaded; see fuzz_dict.h. */
#define DICT_KIND K_INTENT
#include "fuzz_dict.h"

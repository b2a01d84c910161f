/* fuzz_dict_verbs.c -- libFuzzer: the input as a verb lexicon (data/lexicon/fr-verbs.txt: templates and lemmas),
 * loaded; see fuzz_dict.h. */
#define DICT_KIND K_VERBS
#include "fuzz_dict.h"

/* fuzz_dict_actors.c -- libFuzzer: the input as an actors file (data/actors/NAME.txt: CODE KIND FORMS, dates, braces),
 * loaded; see fuzz_dict.h. */
#define DICT_KIND K_ACTORS
#include "fuzz_dict.h"

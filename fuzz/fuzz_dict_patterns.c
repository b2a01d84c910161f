/* fuzz_dict_patterns.c -- libFuzzer: the input as a pattern file (data/patterns/NAME.txt: CODE[/INTENT] LANG PATTERN ; FLAGS),
 * loaded; see fuzz_dict.h. */
#define DICT_KIND K_PATTERNS
#include "fuzz_dict.h"

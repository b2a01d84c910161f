/* fuzz_dict_agents.c -- libFuzzer: the input as agents.txt (ROLE FORMS, special roles),
 * loaded; see fuzz_dict.h. */
#define DICT_KIND K_AGENTS
#include "fuzz_dict.h"

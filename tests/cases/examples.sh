#!/usr/bin/env bash
# The `#=` examples of data/patterns/*.txt (docs/patterns.md), sentences the
# project wrote: each must give exactly its expected events. The share that
# pass must stay at or above the floor in tests/accuracy/floors.txt.
cd "$DYAD_ROOT" || exit 1
floor=$(awk '$1 == "pattern-examples" && $2 == "pass_rate" {print $3}' tests/accuracy/floors.txt 2>/dev/null)
python3 tests/examples.py "$DYAD" "$DYAD_DATA" --min "${floor:-0}" ${VERBOSE:+--verbose}

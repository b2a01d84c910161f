#!/usr/bin/env bash
# Accuracy floors: runs `dyad eval` on every gold file (../shared/eval and
# tests/accuracy/*.jsonl) and compares the scores with tests/accuracy/floors.txt
# (lines "FILE METRIC MIN"). Prints PASS/FAIL per file and metric with the
# measured value; a gold file without floors still gets root_f1 and full_f1
# checked against 0, so its score shows in the log.
set -u
ROOT=${DYAD_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
DYAD=${DYAD:-$ROOT/dyad}
SHARED=${DYAD_SHARED:-$ROOT/../shared}
FLOORS=$ROOT/tests/accuracy/floors.txt

files=()
if [ -d "$SHARED/eval" ]; then
    for f in fr-dev.jsonl en-cameo-examples.jsonl seed.gold.jsonl; do
        if [ -f "$SHARED/eval/$f" ]; then
            files+=("$SHARED/eval/$f")
        else
            echo "SKIP accuracy $f: not in $SHARED/eval"
        fi
    done
else
    echo "SKIP accuracy: ../shared not found"
fi
for f in "$ROOT"/tests/accuracy/*.jsonl; do
    [ -f "$f" ] && files+=("$f")
done

if [ ! -x "$DYAD" ]; then
    echo "FAIL accuracy: no binary at $DYAD"
    exit 0
fi

for path in "${files[@]}"; do
    name=$(basename "$path")
    out=$("$DYAD" eval -q "$path" 2>&1)
    score=$(printf '%s\n' "$out" | grep '^score ' | tail -1)
    if [ -z "$score" ]; then
        echo "FAIL accuracy $name: no score line from dyad eval: $(printf '%s' "$out" | tail -1)"
        continue
    fi
    # The floors for this file; none: root_f1 and full_f1 at 0.
    floors=$(awk -v f="$name" '!/^#/ && NF >= 3 && $1 == f { print $2, $3 }' "$FLOORS" 2>/dev/null)
    [ -n "$floors" ] || floors=$'root_f1 0.00\nfull_f1 0.00'
    while read -r metric min; do
        [ -n "$metric" ] || continue
        val=$(printf '%s\n' "$score" | tr ' ' '\n' | awk -F= -v m="$metric" '$1 == m { print $2 }')
        if [ -z "$val" ]; then
            echo "FAIL accuracy $name $metric: not in '$score'"
        elif awk -v v="$val" -v m="$min" 'BEGIN { exit !(v + 0 >= m + 0) }'; then
            echo "PASS accuracy $name $metric=$val (floor $min)"
        else
            echo "FAIL accuracy $name $metric=$val below floor $min"
        fi
    done <<<"$floors"
done
exit 0

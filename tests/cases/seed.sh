#!/usr/bin/env bash
# The seed story (../shared/eval/seed.txt, read as the plain scraped article):
# all 13 gold events at root level, at most 2 extra (issue: event coder).
S=${DYAD_SHARED:-../shared}
if [ ! -f "$S/eval/seed.txt" ] || [ ! -f "$S/eval/seed.gold.jsonl" ]; then
    echo "SKIP seed: ../shared not found"
    exit 0
fi
out=$(mktemp)
trap 'rm -f "$out"' EXIT
if ! "$DYAD" code -q "$S/eval/seed.txt" >"$out"; then
    echo "FAIL seed: dyad code exited non-zero"
    exit 0
fi
python3 "$DYAD_ROOT/tests/seed_check.py" "$out" "$S/eval/seed.gold.jsonl" 2

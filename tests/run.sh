#!/usr/bin/env bash
# Runs every test: the unit test binaries in $B/tests, then each script in
# tests/cases/*.sh (golden, command line, accuracy). A case script prints lines
# "PASS name", "FAIL name: why" or "SKIP name: why" and exits 0 (its own
# failure to run counts as one FAIL). Ends with "N passed, N failed, N skipped".
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
export DYAD="$PWD/$B/dyad" DYAD_DATA="$PWD/data" DYAD_ROOT="$PWD"
export DYAD_SHARED=${DYAD_SHARED:-$PWD/../shared}
pass=0 fail=0 skip=0
failed_names=()
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    if out=$("$t" 2>&1); then
        pass=$((pass + 1))
        echo "PASS $name"
    else
        fail=$((fail + 1))
        failed_names+=("$name")
        echo "FAIL $name"
        echo "$out" | sed 's/^/    /' | tail -40
    fi
done
for s in tests/cases/*.sh; do
    [ -f "$s" ] || continue
    out=$(bash "$s" 2>&1)
    rc=$?
    while IFS= read -r line; do
        case "$line" in
        PASS\ *) pass=$((pass + 1)); echo "$line" ;;
        FAIL\ *) fail=$((fail + 1)); failed_names+=("${line#FAIL }"); echo "$line" ;;
        SKIP\ *) skip=$((skip + 1)); echo "$line" ;;
        *) [ -n "$line" ] && echo "    $line" ;;
        esac
    done <<<"$out"
    if [ $rc -ne 0 ]; then
        fail=$((fail + 1))
        failed_names+=("$(basename "$s") exited $rc")
        echo "FAIL $(basename "$s") exited $rc"
    fi
done
if [ ${#failed_names[@]} -gt 0 ]; then
    echo "failed:"
    printf '  %s\n' "${failed_names[@]}"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]

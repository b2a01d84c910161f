#!/usr/bin/env bash
# valgrind.sh -- `make valgrind`: every unit test and a few CLI runs (code,
# parse, eval, store and query) under valgrind memcheck; any error or leak
# fails (--error-exitcode=1, definite and possible leaks are errors).
# B is the build directory of an ordinary (not sanitizer) build.
set -u
cd "$(dirname "$0")/.."
B=${B:-build-vg}
command -v valgrind >/dev/null || { echo "valgrind: not installed"; exit 1; }
VG=(valgrind -q --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible
    --show-leak-kinds=definite,possible --track-origins=yes)
export DYAD_DATA="$PWD/data"
tmp=$(mktemp -d /tmp/dyad-vg.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
status=0
check() {
    local name=$1
    shift
    if "${VG[@]}" --log-file="$tmp/vg.log" "$@" >"$tmp/out" 2>"$tmp/err"; then
        echo "PASS valgrind $name"
    else
        echo "FAIL valgrind $name"
        cat "$tmp/vg.log" | head -40
        tail -5 "$tmp/err"
        status=1
    fi
}
for t in "$B"/tests/test_*; do
    [ -x "$t" ] || continue
    check "$(basename "$t")" "$t"
done
D="$B/dyad"
check code "$D" code -j 2 examples/articles.jsonl examples/visite.txt examples/talks.txt
check code-gdelt "$D" code --format gdelt -j 1 examples/articles.jsonl
check parse "$D" parse --tokens examples/visite.txt
check eval "$D" eval -j 2 tests/accuracy/dyad-fr.jsonl
check code-db "$D" code -q --db "$tmp/v.db" examples/articles.jsonl examples/visite.txt
check query "$D" query --db "$tmp/v.db" --top dyads
check export "$D" export --db "$tmp/v.db" --format csv
exit $status

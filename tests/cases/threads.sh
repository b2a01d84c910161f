#!/usr/bin/env bash
# threads.sh -- `dyad code -j N` (docs/cli.md): the output of -j 2 and -j 4
# is byte for byte that of -j 1, in every format, for code, parse and eval,
# from files and from stdin, and into a database; memory stays flat when the
# input grows. Input: the shared English corpus and French gold texts when
# present (read, never copied into the repository), plus generated
# articles. Prints PASS/FAIL/SKIP lines for tests/run.sh.
set -u
DYAD=${DYAD:-./dyad}
ROOT=${DYAD_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${DYAD_SHARED:-$ROOT/../shared}
tmp=$(mktemp -d /tmp/dyad-threads.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }

cp -r "${DYAD_DATA:-$ROOT/data}" "$tmp/data"
D() { "$DYAD" "$@" --data "$tmp/data"; }

# Generated articles: many short ones (the ring turns over often) and a
# few long ones (workers finish out of order).
python3 - "$tmp/gen.jsonl" <<'EOF'
import json, sys
pairs = [("Russia", "China"), ("France", "India"), ("Japan", "North Korea"), ("Iran", "Turkey")]
with open(sys.argv[1], "w") as f:
    for i in range(400):
        a, b = pairs[i % 4]
        text = f"{a} and {b} signed a trade agreement on Monday. {b} accused {a} of spying."
        if i % 50 == 7:
            text = " ".join([text] * 200)
        if i % 3 == 0:
            f.write(json.dumps({"id": f"fr{i}", "lang": "fr", "date": "2024-05-06",
                "text": "Le président français a reçu mardi le Premier ministre indien à Paris."}) + "\n")
        f.write(json.dumps({"id": f"t{i}", "date": "2024-05-06", "text": text}) + "\n")
    f.write("not json\n")
EOF
inputs=("$tmp/gen.jsonl")
[ -f "$SHARED/corpus/voa-en.jsonl" ] && inputs+=("$SHARED/corpus/voa-en.jsonl")
[ -f "$SHARED/eval/fr-dev.jsonl" ] && inputs+=("$SHARED/eval/fr-dev.jsonl")

# same NAME ARGS...: -j 1, -j 2 and -j 4 write the same bytes.
same() {
    local name=$1
    shift
    D "$@" -q -j 1 >"$tmp/j1" 2>/dev/null
    local r1=$?
    for j in 2 4; do
        D "$@" -q -j $j >"$tmp/j$j" 2>/dev/null
        local rj=$?
        if [ $r1 -ne $rj ] || ! cmp -s "$tmp/j1" "$tmp/j$j"; then
            fail "$name" "-j $j differs from -j 1 (exit $r1/$rj, $(wc -l <"$tmp/j1")/$(wc -l <"$tmp/j$j") lines)"
            return
        fi
    done
    if [ ! -s "$tmp/j1" ]; then
        fail "$name" "no output"
        return
    fi
    pass "$name"
}
same threads-json code "${inputs[@]}"
same threads-csv code --format csv "${inputs[@]}"
same threads-parse parse --tokens "${inputs[@]}"
# GDELT rows carry the run's time (DATEADDED): compare without it.
for j in 1 2; do D code -q -j $j --format gdelt "${inputs[@]}" | cut -f1-59,61 >"$tmp/g$j"; done
cmp -s "$tmp/g1" "$tmp/g2" && [ -s "$tmp/g1" ] && pass threads-gdelt || fail threads-gdelt "-j 2 differs"
if [ -f "$SHARED/eval/fr-dev.jsonl" ]; then
    same threads-eval eval --diff "$SHARED/eval/fr-dev.jsonl"
fi

# Standard input to standard output.
cat "${inputs[@]}" | D code -q -j 1 >"$tmp/s1"
cat "${inputs[@]}" | D code -q -j 2 >"$tmp/s2"
D code -q -j 1 "${inputs[@]}" >"$tmp/f1"
cmp -s "$tmp/s1" "$tmp/s2" && cmp -s "$tmp/s1" "$tmp/f1" && [ -s "$tmp/s1" ] && pass threads-stdin || fail threads-stdin "differs"

# A bad line is reported once, in place, and the run goes on.
n=$(D code -j 2 "$tmp/gen.jsonl" 2>&1 >/dev/null | grep -c "gen.jsonl:")
[ "$n" -eq 1 ] && pass threads-bad-line || fail threads-bad-line "$n messages"

# The database: -j 2 stores what -j 1 stores.
D code -q -j 1 --no-output --db "$tmp/d1.db" "${inputs[@]}"
D code -q -j 2 --no-output --db "$tmp/d2.db" "${inputs[@]}"
D export --db "$tmp/d1.db" --format csv >"$tmp/x1"
D export --db "$tmp/d2.db" --format csv >"$tmp/x2"
cmp -s "$tmp/x1" "$tmp/x2" && [ -s "$tmp/x1" ] && pass threads-db || fail threads-db "exports differ"

# Flat memory: 8 times the input, about the same peak.
peak() { # peak FILE: max RSS in kB of coding FILE on 2 threads
    # (under AddressSanitizer its quarantine of freed memory would grow)
    ASAN_OPTIONS=quarantine_size_mb=0:detect_leaks=0 python3 - "$DYAD" "$tmp/data" "$1" <<'EOF'
import resource, subprocess, sys
subprocess.run([sys.argv[1], "code", "-q", "-j", "2", "--data", sys.argv[2], sys.argv[3]],
               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
EOF
}
for _ in 1 2 3 4 5 6 7 8; do cat "$tmp/gen.jsonl"; done >"$tmp/gen8.jsonl"
p1=$(peak "$tmp/gen.jsonl")
p8=$(peak "$tmp/gen8.jsonl")
if [ "$p8" -le $((p1 + p1 / 5 + 4096)) ]; then
    pass threads-flat-memory
else
    fail threads-flat-memory "peak ${p1} kB for 1x, ${p8} kB for 8x the input"
fi
exit 0

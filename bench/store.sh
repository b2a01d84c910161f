#!/usr/bin/env bash
# bench/store.sh -- throughput of `dyad code` with and without the SQLite
# store, and its speed-up on several cores.
#
#   bench/store.sh [DYAD] [MB]      (default ./dyad, 50 MB)
#
# Builds a corpus of about MB megabytes in /tmp by repeating
# ../shared/corpus/voa-en.jsonl and the texts of ../shared/eval/*.jsonl
# (never copied into the repository). Each repetition gets new ids, an
# outlet name and a one-line preamble, so that the store sees wire copies
# (near-duplicates of the same stories from other outlets) rather than
# exact duplicates, which it would skip. Prints:
#   code -j 1 / -j N       articles/s, MB/s, and the speed-up
#   store (--db)           articles/s and MB/s of coding + storing, database size
#   rerun (all duplicates) articles/s when every article is already stored
# The dictionaries ($DYAD_DATA, else data/) are copied first so that edits
# under data/ during the run cannot change the output between the runs.
set -eu
cd "$(dirname "$0")/.."
DYAD=${1:-./dyad}
MB=${2:-50}
SHARED=${DYAD_SHARED:-../shared}
JOBS=${JOBS:-$(nproc)}
tmp=$(mktemp -d /tmp/dyad-bench-store.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
[ -f "$SHARED/corpus/voa-en.jsonl" ] || { echo "no $SHARED/corpus/voa-en.jsonl" >&2; exit 1; }
cp -r "${DYAD_DATA:-data}" "$tmp/data"
"$DYAD" info --data "$tmp/data" >/dev/null || exit 1

python3 - "$SHARED" "$MB" "$tmp/corpus.jsonl" <<'EOF'
import json, sys, glob
shared, mb, out = sys.argv[1], float(sys.argv[2]), sys.argv[3]
items = [json.loads(l) for l in open(f"{shared}/corpus/voa-en.jsonl")]
for f in sorted(glob.glob(f"{shared}/eval/*.jsonl")):
    for l in open(f):
        o = json.loads(l)
        items.append({k: o.get(k) for k in ("id", "text", "lang", "date")})
size, r = 0, 0
with open(out, "w") as w:
    while size < mb * 1e6:
        for o in items:
            c = dict(o)
            c["id"] = f"{o.get('id')}-r{r}"
            c["source"] = f"outlet-{r}"
            c["text"] = f"Outlet {r} report.\n\n" + o["text"]
            s = json.dumps(c, ensure_ascii=False) + "\n"
            w.write(s)
            size += len(s.encode())
        r += 1
EOF
bytes=$(stat -c %s "$tmp/corpus.jsonl")
n=$(wc -l <"$tmp/corpus.jsonl")
mb=$(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}')
echo "corpus: $n articles, $mb MB ($JOBS cores)"

secs() { # secs CMD...: wall seconds of CMD
    local t0 t1
    t0=$(date +%s.%N)
    "$@"
    t1=$(date +%s.%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}'
}
rate() { awk -v n="$n" -v b="$bytes" -v s="$1" 'BEGIN{printf "%7.0f articles/s  %5.2f MB/s  (%.1f s)", n/s, b/1e6/s, s}'; }

t1=$(secs "$DYAD" code -q -j 1 --data "$tmp/data" "$tmp/corpus.jsonl" -o "$tmp/j1.jsonl")
echo "code -j 1          $(rate "$t1")"
tn=$(secs "$DYAD" code -q -j "$JOBS" --data "$tmp/data" "$tmp/corpus.jsonl" -o "$tmp/jn.jsonl")
echo "code -j $JOBS          $(rate "$tn")"
same=identical
cmp -s "$tmp/j1.jsonl" "$tmp/jn.jsonl" || same=DIFFERENT
awk -v a="$t1" -v b="$tn" -v j="$JOBS" -v s="$same" \
    'BEGIN{printf "speed-up           %.2fx on %d cores (output %s)\n", a/b, j, s}'
rm -f "$tmp/j1.jsonl" "$tmp/jn.jsonl"

ts=$(secs "$DYAD" code -q -j "$JOBS" --data "$tmp/data" --db "$tmp/x.db" --no-output "$tmp/corpus.jsonl")
echo "store -j $JOBS         $(rate "$ts")"
dbmb=$(awk -v b="$(stat -c %s "$tmp/x.db")" 'BEGIN{printf "%.1f", b/1e6}')
echo "database           $dbmb MB; $("$DYAD" info --db "$tmp/x.db" | tr -s ' \n' ' ')"
tr=$(secs "$DYAD" code -q -j "$JOBS" --data "$tmp/data" --db "$tmp/x.db" --no-output "$tmp/corpus.jsonl")
echo "rerun (duplicates) $(rate "$tr")"

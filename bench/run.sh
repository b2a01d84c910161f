#!/usr/bin/env bash
# run.sh -- throughput of the reading half of the pipeline (read, repair,
# JSON, layout, language, NFC, segmentation, tokens with folds and stems):
# the project's benchmark. Target: >= 100 MB/s of article text on one core
# for "parse" (dyad_doc_parse without coding), peak RSS flat.
#
#   B=build-perf bench/run.sh      (BENCH_MB=50 BENCH_FR_MB=20 BENCH_REPEAT=3)
#
# Corpora, built once in /tmp (never in the repository):
#   en  >= $BENCH_MB MB: ../shared/corpus/voa-en.jsonl repeated (the bundled
#       examples when ../shared is absent);
#   fr  >= $BENCH_FR_MB MB: the texts of ../shared/eval/fr-dev.jsonl, 24 per
#       article (one per line: paragraphs), half the articles without "lang"
#       so that language identification runs.
# bench/bench_read times three passes per corpus (reader only; + layout,
# language, NFC, folding; dyad_doc_parse without coding), best of
# $BENCH_REPEAT, in MB/s of article text per CPU second and per wall second,
# and prints the peak RSS. Then `dyad parse` end to end with /usr/bin/time.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
MB=${BENCH_MB:-50}
FR_MB=${BENCH_FR_MB:-20}
REPEAT=${BENCH_REPEAT:-3}
SHARED=${DYAD_SHARED:-../shared}
DATA=${DYAD_DATA:-data}
make -s B="$B" "$B/libdyad.a" "$B/dyad"
PKG_LIBS=$(make -s print-libs)
PKG_CFLAGS=$(make -s print-cflags)
cc -O2 -g -std=c11 -Wall -Wextra -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L $PKG_CFLAGS \
    -o "$B/bench_read" bench/bench_read.c "$B/libdyad.a" $PKG_LIBS -lstemmer -lpthread -lm

size() { stat -c %s "$1" 2>/dev/null || echo 0; }

src=$SHARED/corpus/voa-en.jsonl
[ -f "$src" ] || src=examples/articles.jsonl
en=/tmp/dyad-bench-read-en-$MB.jsonl
if [ "$(size "$en")" -lt $((MB * 1000000)) ]; then
    : >"$en.tmp"
    while [ "$(size "$en.tmp")" -lt $((MB * 1000000)) ]; do
        cat "$src" >>"$en.tmp"
    done
    mv "$en.tmp" "$en"
fi
corpora=("$en")

frsrc=$SHARED/eval/fr-dev.jsonl
fr=/tmp/dyad-bench-read-fr-$FR_MB.jsonl
if [ -f "$frsrc" ] && command -v python3 >/dev/null; then
    if [ "$(size "$fr")" -lt $((FR_MB * 1000000)) ]; then
        python3 - "$frsrc" "$fr.tmp" $((FR_MB * 1000000)) <<'PY'
import json, sys
texts = [json.loads(l)["text"] for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
limit, size, n, i = int(sys.argv[3]), 0, 0, 0
with open(sys.argv[2], "w", encoding="utf-8") as out:
    while size < limit:
        n += 1
        rec = {"id": "fr-%d" % n, "text": "\n".join(texts[(i + k) % len(texts)] for k in range(24))}
        if n % 2:
            rec["lang"] = "fr"
        i += 7
        line = json.dumps(rec, ensure_ascii=False) + "\n"
        out.write(line)
        size += len(line.encode("utf-8"))
PY
        mv "$fr.tmp" "$fr"
    fi
    corpora+=("$fr")
else
    echo "(no $frsrc or no python3: French corpus skipped)"
fi

for c in "${corpora[@]}"; do
    echo
    echo "== $(basename "$c"): $(($(size "$c") / 1000000)) MB of JSON Lines, $(wc -l <"$c") articles"
    "$B/bench_read" --data "$DATA" --repeat "$REPEAT" "$c"
done
if [ ${#corpora[@]} -gt 1 ]; then
    echo
    echo "== all corpora in one run"
    "$B/bench_read" --data "$DATA" --repeat "$REPEAT" --pass 2 "${corpora[@]}"
fi
echo
echo "== dyad parse end to end (JSON output to /dev/null)"
for c in "${corpora[@]}"; do
    /usr/bin/time -f "  $(basename "$c"): %e s wall, %U s user, peak RSS %M kB" \
        "$B/dyad" parse -q --data "$DATA" "$c" >/dev/null
done

#!/usr/bin/env bash
# code.sh -- the coder's benchmark: dictionary load time, then read + analyse
# + code on one core over a large corpus (MB/s, articles/s, sentences/s) and
# peak memory. Targets (issue "event coder"): >= 10 MB/s, load <= 100 ms,
# peak <= 300 MB. Compare: TABARI codes about 5,500 sentences/s (0.66 MB/s).
#
#   B=build bench/code.sh     (BENCH_MB=50 BENCH_REPEAT=3)
#
# The corpus is built in /tmp from ../shared/corpus/voa-en.jsonl (English)
# and the texts of ../shared/eval/fr-dev.jsonl (French), never in the repo.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
MB=${BENCH_MB:-50}
REPEAT=${BENCH_REPEAT:-3}
SHARED=${DYAD_SHARED:-../shared}
DATA=${DYAD_DATA:-data}
make -s B="$B" "$B/libdyad.a"
PKG="$(make -s print-cflags) $(make -s print-libs)"
cc -O2 -g -std=c11 -Wall -Wextra -Iinclude -D_POSIX_C_SOURCE=200809L -o "$B/bench_code" \
    bench/bench_code.c "$B/libdyad.a" $PKG -lstemmer -lpthread -lm
corpus=/tmp/dyad-bench-code-$MB.jsonl
if [ ! -s "$corpus" ]; then
    python3 - "$SHARED" "$MB" "$corpus" <<'PY'
import json, os, sys
shared, mb, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
arts = []
voa = os.path.join(shared, "corpus/voa-en.jsonl")
fr = os.path.join(shared, "eval/fr-dev.jsonl")
if os.path.exists(voa):
    arts += [json.loads(l) for l in open(voa, encoding="utf-8")]
if os.path.exists(fr):
    texts = [json.loads(l)["text"] for l in open(fr, encoding="utf-8")]
    for i in range(0, len(texts), 10):  # French articles of ten paragraphs
        arts.append({"lang": "fr", "date": "2024-06-01", "text": "\n\n".join(texts[i:i + 10])})
if not arts:
    arts = [json.loads(l) for l in open("examples/articles.jsonl", encoding="utf-8")]
size, n = 0, 0
with open(out, "w", encoding="utf-8") as f:
    while size < mb * 1000000:
        a = dict(arts[n % len(arts)])
        a["id"] = "b%d" % n
        line = json.dumps(a, ensure_ascii=False) + "\n"
        f.write(line)
        size += len(line.encode())
        n += 1
PY
fi
echo "corpus: $corpus ($(stat -c %s "$corpus") bytes)"
"$B/bench_code" "$DATA" "$corpus" "$REPEAT"

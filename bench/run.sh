#!/usr/bin/env bash
# run.sh -- reading throughput on a corpus of at least $BENCH_MB MB (default
# 50) built in /tmp by repeating ../shared/corpus/voa-en.jsonl (or the
# bundled examples when ../shared is absent). Builds bench/bench_read against
# $B/libdyad.a and reports MB/s, articles/s and peak RSS for: the reader
# alone; reader + layout + language + NFC + folding; dyad_doc_parse without
# coding (adds segmentation and tokens). Then times `dyad parse` end to end.
set -eu
cd "$(dirname "$0")/.."
B=${B:-build}
MB=${BENCH_MB:-50}
SHARED=${DYAD_SHARED:-../shared}
make -s B="$B" "$B/libdyad.a" "$B/dyad"
PKG_LIBS=$(pkg-config --libs libutf8proc jansson sqlite3 libexttextcat)
PKG_CFLAGS=$(pkg-config --cflags libutf8proc jansson sqlite3 libexttextcat)
cc -O2 -g -std=c11 -Wall -Wextra -Iinclude -Isrc -D_POSIX_C_SOURCE=200809L $PKG_CFLAGS \
    -o "$B/bench_read" bench/bench_read.c "$B/libdyad.a" $PKG_LIBS -lstemmer -lpthread -lm

src=$SHARED/corpus/voa-en.jsonl
[ -f "$src" ] || src=examples/articles.jsonl
corpus=/tmp/dyad-bench-$MB.jsonl
if [ ! -s "$corpus" ] || [ "$(stat -c %s "$corpus")" -lt $((MB * 1000000)) ]; then
    : >"$corpus"
    while [ "$(stat -c %s "$corpus")" -lt $((MB * 1000000)) ]; do
        cat "$src" >>"$corpus"
    done
fi
echo "corpus: $corpus ($(($(stat -c %s "$corpus") / 1000000)) MB, $(wc -l <"$corpus") articles, from $src)"
"$B/bench_read" --data "${DYAD_DATA:-data}" "$corpus"
echo "dyad parse (JSON output to /dev/null):"
/usr/bin/time -f "  %e s, peak RSS %M kB" "$B/dyad" parse -q "$corpus" >/dev/null

#!/usr/bin/env bash
# hostile.sh -- input nobody should write, and dictionary mistakes people do
# write (docs/reliability.md). Three parts:
#   1. every fuzz corpus (seeds and regression inputs of past findings,
#      fuzz/corpus/<target>/) replayed through $B/fuzz/<target>, the fuzz
#      targets built with a plain main() (make test builds them);
#   2. pathological input, small versions of bench/pathological.sh: a long
#      article, a sentence of 20,000 words, 5,000 nested quotes and brackets,
#      a JSON line nested 10,000 deep, 20,000 tiny articles, 50,000 actor
#      entries, Arabic and Chinese articles. Each must exit 0 and not crash;
#      the unsupported scripts must give no events;
#   3. dictionary mistakes: each must fail the load with file:line on stderr
#      and exit status 1.
# Prints PASS/FAIL/SKIP lines for tests/run.sh.
set -u
DYAD=${DYAD:-./dyad}
ROOT=${DYAD_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
DATA=${DYAD_DATA:-$ROOT/data}
B=$(dirname "$DYAD")
tmp=$(mktemp -d /tmp/dyad-hostile.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

# ------------------------------------------------------ 1. fuzz corpora
n=0
for bin in "$B"/fuzz/fuzz_*; do
    [ -x "$bin" ] || continue
    name=$(basename "$bin")
    [ -d "$ROOT/fuzz/corpus/$name" ] || continue
    n=$((n + 1))
    if DYAD_DATA="$DATA" "$bin" "$ROOT/fuzz/corpus/$name" >"$tmp/replay.out" 2>&1; then
        pass "fuzz-replay-$name"
    else
        fail "fuzz-replay-$name" "$(tail -5 "$tmp/replay.out" | tr '\n' ' ')"
    fi
done
[ $n -gt 0 ] || skip fuzz-replay "no fuzz replay binaries in $B/fuzz (make test builds them)"

# ------------------------------------------------------ 2. pathological
# run NAME ARGS...: dyad must exit 0 without a sanitizer report; its
# stdout goes to $tmp/out, stderr to $tmp/err.
run() {
    local name=$1
    shift
    "$DYAD" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ $rc -ne 0 ] || grep -q 'Sanitizer\|runtime error' "$tmp/err"; then
        fail "$name" "exit $rc: $(head -c 300 "$tmp/err")"
        return 1
    fi
    pass "$name"
}

python3 - "$tmp" <<'EOF'
import json, sys
t = sys.argv[1]
words = ["Russia", "accused", "Ukraine", "of", "shelling", "the", "border", "town", "and",
         "France", "condemned", "China", "while", "officials", "met"]
# a 4 MB article: ordinary sentences, paragraphs
para = ("Russia accused Ukraine of shelling the border town on Monday. The French president "
        "visited Kenya. Israeli troops attacked Gaza City, killing 12 people.\n\n")
open(f"{t}/long.txt", "w").write("A long article\n\n" + para * (4_000_000 // len(para)))
# one sentence of 20,000 words, no punctuation
open(f"{t}/nopunct.txt", "w").write(" ".join(words[i % len(words)] for i in range(20000)) + "\n")
# 5,000 nested quotes, brackets, guillemets
n = 5000
open(f"{t}/nested.txt", "w").write(
    "La France a condamné " + "« " * n + "l'attaque" + " »" * n + ".\n\n" +
    "Russia said " + "(" * n + "Ukraine attacked" + ")" * n + ".\n\n" +
    "China said " + '"' * n + "no" + '"' * n + " and " + "[{" * n + "x" + "}]" * n + ".\n")
# a JSON line nested 10,000 deep (in a field the reader does not use, and as the text)
deep = "[" * 10000 + "]" * 10000
with open(f"{t}/deep.jsonl", "w") as f:
    f.write('{"id":"d1","text":"Russia accused Ukraine.","extra":' + deep + "}\n")
    f.write('{"id":"d2","text":' + deep + "}\n")
    f.write('{"id":"d3","text":"France condemned China."' + "}\n")
# 20,000 tiny articles
with open(f"{t}/tiny.jsonl", "w") as f:
    for i in range(20000):
        f.write(json.dumps({"id": f"t{i}", "text": "Russia met China." if i % 2 else "x"}) + "\n")
# Arabic and Chinese news
ar = ("التقى الرئيس الروسي فلاديمير بوتين بالرئيس الصيني شي جين بينغ في موسكو يوم الثلاثاء، "
      "وأدانت فرنسا الهجوم على السفارة. وقال المتحدث إن المحادثات كانت بناءة.")
zh = ("俄罗斯总统普京周二在莫斯科会见了中国国家主席习近平。法国谴责了对大使馆的袭击。"
      "发言人说，会谈富有建设性。以色列军队袭击了加沙城。")
open(f"{t}/arabic.txt", "w").write("خبر\n\n" + (ar + "\n\n") * 20)
open(f"{t}/chinese.txt", "w").write("新闻\n\n" + (zh + "\n\n") * 20)
with open(f"{t}/scripts.jsonl", "w") as f:
    f.write(json.dumps({"id": "ar", "text": ar * 5}, ensure_ascii=False) + "\n")
    f.write(json.dumps({"id": "zh", "text": zh * 5}, ensure_ascii=False) + "\n")
    f.write(json.dumps({"id": "ar-fr", "lang": "fr", "text": ar * 5}, ensure_ascii=False) + "\n")
    f.write(json.dumps({"id": "zh-en", "lang": "en", "text": zh * 5}, ensure_ascii=False) + "\n")
EOF

run hostile-long-article code -q "$tmp/long.txt" &&
    { [ -s "$tmp/out" ] || fail hostile-long-article-events "no events in a long article of events"; }
run hostile-no-punctuation code -q "$tmp/nopunct.txt"
run hostile-nested-quotes code -q "$tmp/nested.txt"
run hostile-nested-parse parse -q --tokens "$tmp/nested.txt"
# d2 (a text that is not a string) is a bad record: reported, skipped
"$DYAD" code "$tmp/deep.jsonl" >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && ! grep -q 'Sanitizer\|runtime error' "$tmp/err" &&
    grep -q '"d3' "$tmp/out"; then
    pass hostile-deep-json
else
    fail hostile-deep-json "exit $rc, $(grep -c . "$tmp/out") events: $(head -c 300 "$tmp/err")"
fi
run hostile-tiny-articles code -q -j 2 "$tmp/tiny.jsonl" &&
    { [ "$(grep -c . "$tmp/out")" -ge 10000 ] || fail hostile-tiny-articles-events "$(grep -c . "$tmp/out") events for 10,000 'Russia met China.'"; }
for f in arabic.txt chinese.txt scripts.jsonl; do
    name=hostile-script-${f%%.*}
    [ "$f" = scripts.jsonl ] && name=hostile-script-jsonl
    run "$name" code "$tmp/$f" &&
        { [ ! -s "$tmp/out" ] || fail "$name-events" "$(grep -c . "$tmp/out") events: $(head -c 200 "$tmp/out")"; }
done
run hostile-script-parse parse "$tmp/arabic.txt" &&
    { grep -q '"lang": *"other"' "$tmp/out" || fail hostile-script-lang "Arabic not identified as other: $(head -c 200 "$tmp/out")"; }

# 50,000 actor entries: the load succeeds and the entries match
cp -r "$DATA" "$tmp/bigdata"
python3 - "$tmp/bigdata/actors/zz-big.txt" <<'EOF'
import sys
letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
with open(sys.argv[1], "w") as f:
    for i in range(50000):
        a, b, c = letters[i % 26], letters[i // 26 % 26], letters[i // 676 % 26]
        f.write(f"USAMIL name en: Unit{a}{b}{c}{i} Brigade ; fr: Brigade Unit{a}{b}{c}{i}\n")
EOF
printf '{"id":"big","lang":"en","date":"2024-03-01","text":"UnitCBA28 Brigade attacked Russia on Monday."}\n' >"$tmp/big.jsonl"
run hostile-big-dictionary code --data "$tmp/bigdata" "$tmp/big.jsonl" &&
    { grep -q '"USAMIL' "$tmp/out" || fail hostile-big-dictionary-match "no USAMIL event: $(head -c 200 "$tmp/out")"; }
rm -rf "$tmp/bigdata"

# ------------------------------------------------- 3. dictionary mistakes
# mistake NAME FILE LINE_TEXT [GAP]: appends LINE_TEXT to FILE of a copy of the
# dictionaries; `dyad code` must exit 1 with one message naming FILE:LINE.
# GAP: a known gap (reported, not fixed yet): SKIP instead of FAIL.
cp -r "$DATA" "$tmp/d0"
printf '{"id":"m","lang":"en","text":"Russia met China."}\n' >"$tmp/m.jsonl"
mistake() {
    local name=$1 file=$2 text=$3
    rm -rf "$tmp/d"
    cp -r "$tmp/d0" "$tmp/d"
    [ -f "$tmp/d/$file" ] || : >"$tmp/d/$file"
    printf '%s\n' "$text" >>"$tmp/d/$file"
    local line
    line=$(wc -l <"$tmp/d/$file")
    "$DYAD" code --data "$tmp/d" "$tmp/m.jsonl" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    if [ $rc -eq 1 ] && grep -q "$file:$line" "$tmp/err" && [ ! -s "$tmp/out" ] &&
        [ "$(grep -c . "$tmp/err")" -eq 1 ]; then
        pass "dict-mistake-$name"
    elif [ -n "${4:-}" ]; then
        skip "dict-mistake-$name" "known gap, not yet an error: $4"
    else
        fail "dict-mistake-$name" "exit $rc, want 1 and '$file:$line': $(head -c 300 "$tmp/err")"
    fi
}
mistake bad-actor-code actors/zz.txt 'RU5 name en: Rusland'
mistake unknown-country actors/zz.txt 'QQQ name en: Qqqland' \
    'by design a `name` line defines a country code (historical states such as the USSR); an actor of a country no `name` line defines is rejected (next test)'
mistake undefined-country actors/zz.txt 'ZZZGOV person 2020-01-01.. en: John Zed'
mistake unknown-kind actors/zz.txt 'RUS capital en: Moskva'
mistake duplicate-actor actors/zz.txt 'RUS name en: Russia'
mistake duplicate-conflict actors/zz.txt 'CHN name en: Russia'
mistake bad-date-range actors/zz.txt 'USAGOV person 2024-13-01..2025 en: John Doe'
mistake reversed-date-range actors/zz.txt 'USAGOV person 2025..2024 en: John Doe'
mistake unbalanced-form-braces actors/zz.txt 'RUS adj en: Russ{ian'
mistake unknown-role agents.txt 'XYZ en: frobnicator'
mistake bad-role-shape agents.txt 'mil en: frobnicators'
mistake unbalanced-pattern patterns/99-test.txt '040 en $S meet {with,alongside $T'
mistake unbalanced-brackets patterns/99-test.txt '040 en $S meet [with $T'
mistake bad-cameo-code patterns/99-test.txt '04x en $S meet $T'
mistake unknown-cameo-code patterns/99-test.txt '049 en $S meet $T'
mistake unknown-intent-code patterns/99-test.txt '040/999 en $S meet $T'
mistake pattern-language patterns/99-test.txt '040 de $S treffen $T'
mistake pattern-no-source patterns/99-test.txt '040 en meet $T'
mistake pattern-unknown-slot patterns/99-test.txt '040 en $S meet $X'
mistake pattern-unknown-flag patterns/99-test.txt '040 en $S meet $T ; sometimes'
mistake intent-unknown-code intent.txt '05 099'
mistake code-bad-quad cameo_codes.tsv "$(printf '099\t09\t7\t1.0\tNothing')"
mistake code-duplicate cameo_codes.tsv "$(printf '042\t04\t1\t1.9\tMake a visit')"
mistake region-bad-kind gazetteer/regions.txt 'town FRA - 48.8 2.3 fr: Village'
mistake region-unknown-target gazetteer/regions.txt 'alias ZZZ en: Nowhere'
mistake verb-unknown-template lexicon/fr-verbs.txt 'frobner zz:er'
exit 0

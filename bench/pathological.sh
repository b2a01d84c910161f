#!/usr/bin/env bash
# pathological.sh -- time and peak memory of `dyad code` on input nobody
# should write (a benchmark, not a test: it prints figures and fails only on
# a crash or a non-zero exit). The figures go in docs/reliability.md.
#
#   B=build-rel bench/pathological.sh    (PATHO_JOBS=1; PATHO_ONLY="long tiny": some only)
#
# Inputs, generated in a scratch directory under /tmp:
#   long      a 50 MB plain article (ordinary sentences and paragraphs)
#   nopunct   a 200,000-word sentence with no punctuation
#   nested    100,000 nested guillemets, parentheses, quotes and brackets
#   deepjson  a JSON line nested 100,000 deep (and one whose text is)
#   tiny      one million tiny articles (JSON Lines)
#   bigdict   a dictionary of one million actor entries (dyad info, then code)
#   arabic    an Arabic article; chinese: a Chinese article (no events)
set -u
cd "$(dirname "$0")/.."
B=${B:-build}
DYAD=${DYAD:-$B/dyad}
JOBS=${PATHO_JOBS:-1}
[ -x "$DYAD" ] || { echo "no $DYAD: make B=$B $B/dyad"; exit 1; }
tmp=$(mktemp -d /tmp/dyad-patho.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import json, sys
t = sys.argv[1]
words = ["Russia", "accused", "Ukraine", "of", "shelling", "the", "border", "town", "and",
         "France", "condemned", "China", "while", "officials", "met"]
# paragraphs differ (a number), or the layout would read a repeated one once
para = ("Russia accused Ukraine of shelling the border town on Monday. The French president "
        "visited Kenya. Israeli troops attacked Gaza City, killing {} people.\n\n")
with open(f"{t}/long.txt", "w") as f:
    f.write("A long article\n\n")
    for i in range(50_000_000 // len(para)):
        f.write(para.format(i))
open(f"{t}/nopunct.txt", "w").write(" ".join(words[i % len(words)] for i in range(200000)) + "\n")
n = 100000
open(f"{t}/nested.txt", "w").write(
    "La France a condamné " + "« " * n + "l'attaque" + " »" * n + ".\n\n" +
    "Russia said " + "(" * n + "Ukraine attacked" + ")" * n + ".\n\n" +
    "China said " + '"' * n + "no" + '"' * n + " and " + "[{" * n + "x" + "}]" * n + ".\n")
deep = "[" * 100000 + "]" * 100000
with open(f"{t}/deepjson.jsonl", "w") as f:
    f.write('{"id":"d1","text":"Russia accused Ukraine.","extra":' + deep + "}\n")
    f.write('{"id":"d2","text":' + deep + "}\n")
    f.write('{"id":"d3","text":"France condemned China."}\n')
with open(f"{t}/tiny.jsonl", "w") as f:
    for i in range(1000000):
        f.write('{"id":"t%d","text":"%s"}\n' % (i, "Russia met China." if i % 2 else "x"))
ar = ("التقى الرئيس الروسي فلاديمير بوتين بالرئيس الصيني شي جين بينغ في موسكو يوم الثلاثاء، "
      "وأدانت فرنسا الهجوم على السفارة. وقال المتحدث إن المحادثات كانت بناءة.")
zh = ("俄罗斯总统普京周二在莫斯科会见了中国国家主席习近平。法国谴责了对大使馆的袭击。"
      "发言人说，会谈富有建设性。以色列军队袭击了加沙城。")
open(f"{t}/arabic.txt", "w").write("خبر\n\n" + (ar + "\n\n") * 2000)
open(f"{t}/chinese.txt", "w").write("新闻\n\n" + (zh + "\n\n") * 2000)
PY
cp -r "${DYAD_DATA:-data}" "$tmp/bigdata"
python3 - "$tmp/bigdata/actors/zz-big.txt" <<'PY'
import sys
L = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
with open(sys.argv[1], "w") as f:
    for i in range(1000000):
        a, b, c = L[i % 26], L[i // 26 % 26], L[i // 676 % 26]
        f.write(f"USAMIL name en: Unit{a}{b}{c}{i} Brigade\n")
PY
printf '{"id":"big","lang":"en","text":"UnitCBA28 Brigade attacked Russia on Monday."}\n' >"$tmp/big.jsonl"

printf '%-10s %8s %8s %8s %8s %8s %s\n' input "size MB" "wall s" "cpu s" "peak MB" events status
status=0
measure() {
    local name=$1 input=$2
    shift 2
    case " ${PATHO_ONLY:-$name} " in *" $name "*) ;; *) return ;; esac
    local size
    size=$(du -m "$input" | cut -f1)
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/time" "$DYAD" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$? secs user sys kb
    read -r secs user sys kb < <(tail -1 "$tmp/time")
    local st=ok
    [ $rc -eq 0 ] || { st="exit $rc: $(head -c 120 "$tmp/err")"; status=1; }
    printf '%-10s %8s %8s %8s %8s %8s %s\n' "$name" "$size" "$secs" \
        "$(echo "$user $sys" | awk '{printf "%.2f", $1 + $2}')" "$((kb / 1024))" \
        "$(grep -c . "$tmp/out")" "$st"
}
measure long "$tmp/long.txt" code -q -j "$JOBS" "$tmp/long.txt"
measure nopunct "$tmp/nopunct.txt" code -q -j "$JOBS" "$tmp/nopunct.txt"
measure nested "$tmp/nested.txt" code -q -j "$JOBS" "$tmp/nested.txt"
measure deepjson "$tmp/deepjson.jsonl" code -q -j "$JOBS" "$tmp/deepjson.jsonl"
measure tiny "$tmp/tiny.jsonl" code -q -j "$JOBS" "$tmp/tiny.jsonl"
measure bigdict "$tmp/bigdata/actors/zz-big.txt" code -q --data "$tmp/bigdata" "$tmp/big.jsonl"
measure arabic "$tmp/arabic.txt" code -q "$tmp/arabic.txt"
measure chinese "$tmp/chinese.txt" code -q "$tmp/chinese.txt"
exit $status

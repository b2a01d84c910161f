#!/usr/bin/env bash
# parse.sh -- the reading half through the CLI (`dyad parse`): the seed
# article's structure (golden), the bundled examples, and bad inputs (invalid
# UTF-8, NUL bytes, bad JSON lines, a 4 MB line, empty and missing files).
# Prints PASS/FAIL/SKIP lines for tests/run.sh.
set -u
DYAD=${DYAD:-./dyad}
ROOT=${DYAD_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${DYAD_SHARED:-$ROOT/../shared}
tmp=$(mktemp -d /tmp/dyad-parse.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
# has NAME FILE STRING...: every fixed string occurs in FILE
has() {
    local name=$1 file=$2
    shift 2
    for s in "$@"; do
        if ! grep -qF -- "$s" "$file"; then
            fail "$name" "missing $s"
            return 1
        fi
    done
    return 0
}

# ---------------------------------------------------------------- seed
if [ -f "$SHARED/eval/seed.txt" ]; then
    out=$tmp/seed.json
    if "$DYAD" parse "$SHARED/eval/seed.txt" >"$out" 2>"$tmp/seed.err"; then
        if has parse-seed "$out" \
            '"id":"seed"' \
            '"title":"Le ministre russe de la Défense en visite officielle en Corée du Nord"' \
            '"date":"2024-11-29"' '"date_precision":"minute"' '"time":"06:59"' \
            '"lang":"fr"' '"source":"Le360"' '"agencies":"AFP"' \
            '{"kind":"title","start":0,' '"kind":"caption"' '"kind":"lead"' \
            '{"kind":"byline","start":2291,"end":2311,"repeated":false,"text":"Par Le360 (avec AFP)"}' \
            '{"kind":"dateline","start":542,"end":564,"repeated":false,' \
            '{"kind":"dateline","start":2312,"end":2334,"repeated":true,'; then
            paras=$(jq '.paragraphs | length' "$out")
            sents=$(jq '.sentences | length' "$out")
            in_rep=$(jq '[.paragraphs as $p | .sentences[] | select($p[.paragraph].repeated)] | length' "$out")
            if [ "$paras" != 11 ]; then
                fail parse-seed "$paras paragraphs, expected 11"
            elif [ "$sents" -le 5 ]; then
                fail parse-seed "$sents sentences, expected more than 5"
            elif [ "$in_rep" != 0 ]; then
                fail parse-seed "$in_rep sentences read from the repeated dateline"
            else
                pass parse-seed
            fi
        fi
    else
        fail parse-seed "exit status $?: $(head -c 300 "$tmp/seed.err")"
    fi
else
    echo "SKIP parse-seed: ../shared not found"
fi

# ------------------------------------------------------------ examples
out=$tmp/ex.json
if "$DYAD" parse "$ROOT/examples/visite.txt" "$ROOT/examples/talks.txt" \
    "$ROOT/examples/articles.jsonl" >"$out" 2>"$tmp/ex.err"; then
    n=$(wc -l <"$out")
    if [ "$n" != 6 ]; then
        fail parse-examples "$n articles, expected 6"
    elif has parse-examples "$out" '"id":"visite"' '"source":"Sahel Matin"' '"time":"11:42"' \
        '"id":"talks"' '"agencies":"AP"' '"date":"2025-02-11"' '"lang":"en"' \
        '"id":"ex-fr-1"' '"id":"articles-4"'; then
        pass parse-examples
    fi
else
    fail parse-examples "exit status $?: $(head -c 300 "$tmp/ex.err")"
fi

# ----------------------------------------------------------- bad input
# invalid UTF-8 (overlong, stray byte, truncated) in a .txt and a .jsonl
printf 'Titre\n\nLe Mali a rappel\xc3 son \xc0\xaf ambassadeur \x80 hier \xe2\x80' >"$tmp/bad.txt"
printf '{"id":"u1","text":"bad \xff here"}\n{"id":"u2","text":"fine"}\n' >"$tmp/bad.jsonl"
if "$DYAD" parse "$tmp/bad.txt" "$tmp/bad.jsonl" >"$tmp/bad.out" 2>"$tmp/bad.err"; then
    n=$(wc -l <"$tmp/bad.out")
    r=$(jq -s 'map(.repairs) | join(",")' "$tmp/bad.out")
    if [ "$n" = 3 ] && [ "$r" = '"5,1,0"' ] && jq -e . "$tmp/bad.out" >/dev/null; then
        pass parse-invalid-utf8
    else
        fail parse-invalid-utf8 "$n articles, repairs $r"
    fi
else
    fail parse-invalid-utf8 "exit status $?"
fi

# a NUL byte in a plain article
printf 'Titre\n\nLe Niger a\0 ferm\xc3\xa9 sa fronti\xc3\xa8re.\n' >"$tmp/nul.txt"
if ! "$DYAD" parse "$tmp/nul.txt" >"$tmp/nul.out" 2>"$tmp/nul.err"; then
    fail parse-nul "exit status $?"
elif has parse-nul "$tmp/nul.out" '"repairs":1' 'Le Niger a  fermé'; then
    pass parse-nul
fi

# bad JSON lines are reported with file:line and skipped; the run goes on
{
    printf '{"id":"ok1","text":"Le Tchad a rappelé son ambassadeur."}\n'
    printf '{"id":"trunc","text":"Le Tchad a rap\n'
    printf '{"id":"notext","title":"no text"}\n'
    printf '\n'
    printf '{"text":"Second valid article without id."}\n'
    printf '{"id":"last","text":"truncated at the end'
} >"$tmp/mixed.jsonl"
if "$DYAD" parse "$tmp/mixed.jsonl" >"$tmp/mixed.out" 2>"$tmp/mixed.err"; then
    ids=$(jq -r .id "$tmp/mixed.out" | tr '\n' ' ')
    if [ "$ids" != "ok1 mixed-5 " ]; then
        fail parse-bad-lines "ids '$ids'"
    elif has parse-bad-lines "$tmp/mixed.err" "mixed.jsonl:2:" "mixed.jsonl:3:" "mixed.jsonl:6:"; then
        pass parse-bad-lines
    fi
else
    fail parse-bad-lines "exit status $? (bad lines must not fail the run)"
fi

# a 4 MB line between two small ones
{
    printf '{"id":"s1","text":"Petit article."}\n{"id":"big","text":"'
    head -c 3000000 /dev/zero | tr '\0' 'a' | fold -w 60 | tr '\n' ' '
    printf 'Fin."}\n{"id":"s2","text":"Petit article."}\n'
} >"$tmp/big.jsonl"
if timeout 60 "$DYAD" parse "$tmp/big.jsonl" >"$tmp/big.out" 2>"$tmp/big.err"; then
    ids=$(jq -r '.id + ":" + (.text_length|tostring)' "$tmp/big.out" | tr '\n' ' ')
    case "$ids" in
    "s1:14 big:"*" s2:14 ") pass parse-4mb-line ;;
    *) fail parse-4mb-line "got '$ids'" ;;
    esac
else
    fail parse-4mb-line "exit status $?"
fi

# empty files: no article, success
: >"$tmp/empty.txt"
: >"$tmp/empty.jsonl"
if "$DYAD" parse "$tmp/empty.txt" "$tmp/empty.jsonl" >"$tmp/empty.out" 2>"$tmp/empty.err" &&
    [ ! -s "$tmp/empty.out" ]; then
    pass parse-empty
else
    fail parse-empty "exit status or output"
fi

# a missing file: non-zero exit, a message naming it, the other file still read
"$DYAD" parse "$tmp/nope.jsonl" "$tmp/bad.jsonl" >"$tmp/miss.out" 2>"$tmp/miss.err"
rc=$?
if [ $rc -eq 0 ]; then
    fail parse-missing "exit status 0"
elif ! grep -q "nope.jsonl" "$tmp/miss.err"; then
    fail parse-missing "message does not name the file: $(cat "$tmp/miss.err")"
elif [ "$(wc -l <"$tmp/miss.out")" != 2 ]; then
    fail parse-missing "the readable file was not processed"
else
    pass parse-missing
fi

# standard input is JSON Lines
if printf '{"text":"From standard input."}\n' | "$DYAD" parse >"$tmp/stdin.out" 2>/dev/null &&
    has parse-stdin "$tmp/stdin.out" '"id":"stdin-1"'; then
    pass parse-stdin
fi
exit 0

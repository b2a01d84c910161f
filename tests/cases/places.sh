#!/usr/bin/env bash
# places.sh -- the gazetteer's data (docs/gazetteer.md): data/gazetteer/places.tsv
# is well formed, big enough and compact; every ISO country and capital is in it;
# regions.txt loads, and a mistake in it is reported as file:line.
# Prints PASS/FAIL/SKIP lines for tests/run.sh.
set -u
DYAD=${DYAD:-./dyad}
ROOT=${DYAD_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
DATA=${DYAD_DATA:-$ROOT/data}
G=$DATA/gazetteer
tmp=$(mktemp -d /tmp/dyad-places.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

if [ ! -f "$G/places.tsv" ]; then
    echo "FAIL places-tsv: $G/places.tsv missing"
    exit 0
fi

# ---- shape: 10 tab-separated fields, types, coordinates
bad=$(awk -F'\t' '!/^#/ && (NF != 10 || $2 !~ /^(C|R|P|P\+)$/ || $3 !~ /^[A-Z][A-Z][A-Z]$/ ||
       $5 < -90 || $5 > 90 || $6 < -180 || $6 > 180 || $8 == "") {print NR": "$0; exit}' "$G/places.tsv")
if [ -z "$bad" ]; then echo "PASS places-tsv-shape"; else echo "FAIL places-tsv-shape: line $bad"; fi

n=$(grep -c -P '\tP\+?\t' "$G/places.tsv")
caps=$(grep -c -P '\tP\+\t' "$G/places.tsv")
size=$(wc -c <"$G/places.tsv")
if [ "$n" -ge 20000 ] && [ "$caps" -ge 200 ]; then
    echo "PASS places-tsv-count ($n places, $caps capitals)"
else
    echo "FAIL places-tsv-count: $n places, $caps capitals"
fi
if [ "$size" -lt 3000000 ]; then echo "PASS places-tsv-size ($size bytes)"
else echo "FAIL places-tsv-size: $size bytes (limit 3 MB)"; fi

# ---- every ISO 3166-1 country has an entry and a FIPS line
ISO=/usr/share/iso-codes/json/iso_3166-1.json
if [ -f "$ISO" ] && command -v python3 >/dev/null 2>&1; then
    missing=$(python3 - "$ISO" "$G/places.tsv" "$G/iso3_fips.tsv" <<'PY'
import json, sys
iso = {c["alpha_3"] for c in json.load(open(sys.argv[1]))["3166-1"]}
have = {l.split("\t")[2] for l in open(sys.argv[2], encoding="utf-8")
        if not l.startswith("#") and l.split("\t")[1] == "C"}
fips = {l.split("\t")[0] for l in open(sys.argv[3]) if not l.startswith("#")}
print(" ".join(sorted((iso - have) | (iso - fips))))
PY
)
    if [ -z "$missing" ]; then echo "PASS places-countries"
    else echo "FAIL places-countries: missing $missing"; fi
else
    echo "SKIP places-countries: no iso-codes or python3"
fi

# ---- the CLI loads it; a bad regions.txt line is reported with file:line
if [ -x "$DYAD" ]; then
    if "$DYAD" info --data "$DATA" 2>&1 | grep -qE '^places +[0-9]{5,}'; then
        echo "PASS places-load"
    else
        echo "FAIL places-load: dyad info shows no places"
    fi
    cp -r "$DATA" "$tmp/data"
    printf 'region XX - 1 2 en: Nowhere\n' >>"$tmp/data/gazetteer/regions.txt"
    lines=$(wc -l <"$tmp/data/gazetteer/regions.txt")
    if "$DYAD" info --data "$tmp/data" >"$tmp/out" 2>&1; then
        echo "FAIL places-bad-region: a bad line was accepted"
    elif grep -q "regions.txt:$lines" "$tmp/out"; then
        echo "PASS places-bad-region"
    else
        echo "FAIL places-bad-region: $(head -c 200 "$tmp/out")"
    fi
else
    echo "SKIP places-load: no $DYAD"
fi

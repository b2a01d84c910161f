#!/usr/bin/env bash
# store.sh -- the SQLite event store through the CLI (docs/store.md,
# docs/cli.md): storing twice, kill -9 during a large ingest, wire copies
# (near-duplicates), GDELT and CSV exports, queries, and the failures that
# must give one line on stderr and a non-zero exit: a read-only database, a
# locked one, a full disk. Articles are generated from sentences written
# here. Prints PASS/FAIL/SKIP lines for tests/run.sh.
set -u
DYAD=${DYAD:-./dyad}
ROOT=${DYAD_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
tmp=$(mktemp -d /tmp/dyad-store.XXXXXX)
mnt=""
cleanup() {
    [ -n "$mnt" ] && umount "$mnt" 2>/dev/null
    [ -n "${locker:-}" ] && kill "$locker" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

# The dictionaries, copied: the runs compared below must see the same ones.
cp -r "${DYAD_DATA:-$ROOT/data}" "$tmp/data"
D() { "$DYAD" "$@" --data "$tmp/data"; }

# gen.py N OUT: N articles from sentences with clear actors, English and
# French, dated through 2024, from seven outlets; every 10th article
# repeats an earlier one (same id), every 13th copies an earlier text under
# a new id.
cat >"$tmp/gen.py" <<'EOF'
import json, random, sys
n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(7)
en = [("Russia", "Russian"), ("China", "Chinese"), ("North Korea", "North Korean"),
      ("France", "French"), ("India", "Indian"), ("Japan", "Japanese"), ("Iran", "Iranian"),
      ("Turkey", "Turkish"), ("Germany", "German"), ("Brazil", "Brazilian")]
fr = [("La Russie", "russe"), ("La Chine", "chinois"), ("La France", "français"),
      ("L'Inde", "indien"), ("Le Japon", "japonais")]
days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
jours = ["lundi", "mardi", "mercredi", "jeudi", "vendredi"]
def en_article(i):
    a, b = rnd.sample(en, 2)
    d = rnd.choice(days)
    s = [rnd.choice([
        f"{a[0]} and {b[0]} signed a trade agreement on {d}.",
        f"The {a[1]} president visited {b[0]} on {d}.",
        f"{a[0]} accused {b[0]} of violating the ceasefire.",
        f"{a[0]} condemned {b[0]} over the missile test on {d}.",
        f"The {a[1]} foreign minister met his {b[1]} counterpart on {d}."])]
    for k in range(rnd.randint(2, 5)):
        s.append(rnd.choice([
            f"About {rnd.randint(10, 900)} delegates attended the meeting.",
            f"Analysts said the talks could last {rnd.randint(2, 30)} weeks.",
            f"The statement was published on the ministry website at {rnd.randint(1, 12)} pm.",
            f"Trade between the two countries reached {rnd.randint(1, 99)} billion dollars."]))
    return " ".join(s), "en"
def fr_article(i):
    a, b = rnd.sample(fr, 2)
    j = rnd.choice(jours)
    s = [rnd.choice([
        f"Le président {a[1]} a reçu {j} le Premier ministre {b[1]} à Paris.",
        f"{a[0]} et {b[0].lower()} ont signé {j} un accord commercial."])]
    for k in range(rnd.randint(2, 4)):
        s.append(f"Environ {rnd.randint(10, 900)} délégués ont assisté à la rencontre.")
    return " ".join(s), "fr"
arts = []
with open(out, "w") as f:
    for i in range(n):
        if i % 10 == 9 and arts:
            o = rnd.choice(arts)
        elif i % 13 == 12 and arts:
            o = dict(rnd.choice(arts), id=f"copy{i}")
        else:
            text, lang = en_article(i) if i % 4 else fr_article(i)
            o = {"id": f"g{i}", "date": f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}",
                 "source": f"outlet{i % 7}", "lang": lang, "text": text}
            arts.append(o)
        f.write(json.dumps(o, ensure_ascii=False) + "\n")
EOF
# dump.py DB: every row of every table, sorted, without the clock columns.
cat >"$tmp/dump.py" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for (t,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
    cols = [c[1] for c in db.execute(f"PRAGMA table_info({t})") if c[1] != "added"]
    for row in sorted(db.execute(f"SELECT {', '.join(cols)} FROM {t}").fetchall(), key=repr):
        print(t, repr(row))
EOF
sql() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@"; }

if ! command -v python3 >/dev/null; then
    skip store "no python3"
    exit 0
fi
python3 "$tmp/gen.py" 200 "$tmp/small.jsonl"

# --------------------------------------------------------- store twice
D code -q --db "$tmp/a.db" "$tmp/small.jsonl" >"$tmp/a1.jsonl"
rc1=$?
D export --db "$tmp/a.db" >"$tmp/e1.jsonl"
python3 "$tmp/dump.py" "$tmp/a.db" >"$tmp/d1"
D code -q --db "$tmp/a.db" "$tmp/small.jsonl" >"$tmp/a2.jsonl"
rc2=$?
python3 "$tmp/dump.py" "$tmp/a.db" >"$tmp/d2"
D export --db "$tmp/a.db" >"$tmp/e2.jsonl"
n_ev=$(wc -l <"$tmp/a1.jsonl")
if [ $rc1 -ne 0 ] || [ $rc2 -ne 0 ]; then
    fail store-twice "exit $rc1, $rc2"
elif [ "$n_ev" -eq 0 ]; then
    skip store-twice "the coder found no events in the generated articles"
elif ! cmp -s "$tmp/d1" "$tmp/d2" || ! cmp -s "$tmp/e1.jsonl" "$tmp/e2.jsonl"; then
    fail store-twice "the second run changed the database"
elif ! cmp -s "$tmp/a1.jsonl" "$tmp/a2.jsonl"; then
    fail store-twice "stdout differs between the runs"
else
    arts=$(sql "$tmp/a.db" "SELECT count(*) FROM articles")
    uniq=$(python3 -c 'import json,sys; print(len({json.loads(l)["text"] for l in open(sys.argv[1])}))' "$tmp/small.jsonl")
    if [ "$arts" -ne "$uniq" ]; then
        fail store-twice "$arts articles stored, $uniq distinct texts in the input"
    else
        pass store-twice
    fi
fi

# ------------------------------------------------------ exports, formats
bad=$(D export --db "$tmp/a.db" --format gdelt | awk -F'\t' 'NF != 61' | wc -l)
rows=$(D export --db "$tmp/a.db" --format gdelt | wc -l)
evs=$(sql "$tmp/a.db" "SELECT count(*) FROM events")
if [ "$bad" -ne 0 ] || [ "$rows" -ne "$evs" ]; then
    fail export-gdelt "$bad rows without 61 columns, $rows rows for $evs events"
else
    pass export-gdelt
fi
# The counts in columns 32-34 are the table's.
want=$(sql "$tmp/a.db" "SELECT sum(num_mentions) || ' ' || sum(num_sources) || ' ' || sum(num_articles) FROM events")
got=$(D export --db "$tmp/a.db" --format gdelt | awk -F'\t' '{m+=$32; s+=$33; a+=$34} END {print m " " s " " a}')
[ "$want" = "$got" ] && pass export-gdelt-counts || fail export-gdelt-counts "table $want, export $got"
D code --format gdelt "$tmp/small.jsonl" | awk -F'\t' 'NF != 61 {bad++} END {exit bad > 0}' &&
    pass code-gdelt || fail code-gdelt "rows without 61 columns"
if D export --db "$tmp/a.db" --format csv >"$tmp/e.csv" &&
    python3 - "$tmp/e.csv" "$evs" <<'EOF'; then
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
assert rows[0][:3] == ["article_id", "event_id", "date"], rows[0]
assert rows[0][-3:] == ["num_mentions", "num_sources", "num_articles"]
assert all(len(r) == len(rows[0]) for r in rows), "ragged rows"
assert len(rows) - 1 == int(sys.argv[2]), (len(rows), sys.argv[2])
EOF
    pass export-csv
else
    fail export-csv "bad CSV"
fi
if D code --format csv "$tmp/small.jsonl" >"$tmp/c.csv" && [ "$(head -1 "$tmp/c.csv")" = "$(head -1 "$tmp/e.csv")" ] &&
    [ "$(($(wc -l <"$tmp/c.csv") - 1))" -eq "$n_ev" ]; then
    pass code-csv
else
    fail code-csv "header or row count differs"
fi

# ------------------------------------------------------------- queries
out=$(D query --db "$tmp/a.db" --dyad RUS,PRK --from 2024-01-01 --to 2024-12-31 --by month --format csv)
if [ $? -eq 0 ] && [ "$(echo "$out" | head -1 | cut -d, -f1-4)" = "month,events,mentions,goldstein" ]; then
    n=$(echo "$out" | tail -n +2 | awk -F, '{s+=$2} END {print s+0}')
    want=$(sql "$tmp/a.db" "SELECT count(*) FROM events WHERE ((source_code GLOB 'RUS*' AND target_code GLOB 'PRK*') OR (source_code GLOB 'PRK*' AND target_code GLOB 'RUS*')) AND sqldate BETWEEN 20240101 AND 20241231 AND length(date) >= 7")
    [ "$n" = "$want" ] && pass query-dyad-month || fail query-dyad-month "$n events by month, $want in the table"
else
    fail query-dyad-month "exit or header: $out"
fi
t=$(D query --db "$tmp/a.db" --top actors 3)
if [ "$(echo "$t" | wc -l)" -eq 4 ] && [ "$(echo "$t" | head -1 | awk '{print $1, $2}')" = "actor events" ]; then
    pass query-top
else
    fail query-top "$t"
fi
D query --db "$tmp/a.db" --limit 5 >"$tmp/q.txt" 2>"$tmp/q.err"
if [ "$(wc -l <"$tmp/q.txt")" -eq 6 ] && grep -q "more match" "$tmp/q.err"; then
    pass query-limit
else
    fail query-limit "$(wc -l <"$tmp/q.txt") lines, stderr: $(cat "$tmp/q.err")"
fi
D query --db "$tmp/a.db" --actor "RUS' OR 1=1" >/dev/null 2>"$tmp/q.err"
rc=$?
[ $rc -eq 2 ] && [ "$(wc -l <"$tmp/q.err")" -eq 1 ] && pass query-bad-actor ||
    fail query-bad-actor "exit $rc: $(cat "$tmp/q.err")"
D query --db "$tmp/missing.db" >/dev/null 2>"$tmp/q.err"
rc=$?
[ $rc -ne 0 ] && [ ! -e "$tmp/missing.db" ] && [ "$(wc -l <"$tmp/q.err")" -eq 1 ] &&
    pass query-missing-db || fail query-missing-db "exit $rc: $(cat "$tmp/q.err")"

# --------------------------------------------------------- wire copies
story="Russian President Vladimir Putin visited North Korea on Wednesday for talks with leader Kim Jong Un, his first trip to the country in 24 years. The two leaders signed a strategic partnership treaty that includes a mutual defence clause, state media said. Kim said relations had entered a new era, while Putin thanked Pyongyang for its support. Western officials expressed concern about the growing military cooperation between the two countries."
python3 - "$story" "$tmp/wire.jsonl" <<'EOF'
import json, sys
s, out = sys.argv[1], sys.argv[2]
v = ["PYONGYANG (AFP) - " + s,
     s + " Read more on our website.",
     s.replace(" Western officials expressed concern about the growing military cooperation between the two countries.", "").replace("talks with", "a summit with")]
with open(out, "w") as f:
    for i, (t, src) in enumerate(zip(v, ["Le360", "Hespress", "Yabiladi"])):
        f.write(json.dumps({"id": f"wire{i}", "date": "2024-06-19", "source": src, "lang": "en", "text": t}) + "\n")
EOF
D code -q --db "$tmp/w.db" "$tmp/wire.jsonl" >"$tmp/w.jsonl"
stories=$(sql "$tmp/w.db" "SELECT count(DISTINCT story_id) FROM articles")
if [ "$stories" != 1 ]; then
    fail near-duplicates "$stories stories for 3 copies"
elif [ "$(sql "$tmp/w.db" "SELECT count(*) FROM events")" = 0 ]; then
    skip near-duplicates "one story, but the coder found no event in it"
else
    m=$(sql "$tmp/w.db" "SELECT min(num_sources) || ' ' || max(num_articles) FROM events WHERE num_mentions >= 3")
    [ "$m" = "3 1" ] && pass near-duplicates || fail near-duplicates "num_sources, num_articles: $m"
fi

# ------------------------------------------------- kill -9, then rerun
python3 "$tmp/gen.py" 12000 "$tmp/big.jsonl"
D code -q -j 2 --db "$tmp/full.db" --no-output "$tmp/big.jsonl"
# (the binary itself in the background, not the D function's subshell,
# so that $! is the process to kill)
"$DYAD" code -q -j 2 --data "$tmp/data" --db "$tmp/k.db" --no-output "$tmp/big.jsonl" &
pid=$!
# Wait for the first commits, then kill it in the middle.
for _ in $(seq 1 100); do
    sleep 0.1
    n=$(sql "$tmp/k.db" "SELECT count(*) FROM articles" 2>/dev/null || echo 0)
    [ "${n:-0}" -gt 500 ] && break
done
{
    kill -9 $pid
    wait $pid
} 2>/dev/null # (bash reports the killed job otherwise)
total=$(sql "$tmp/full.db" "SELECT count(*) FROM articles")
part=$(sql "$tmp/k.db" "SELECT count(*) FROM articles")
ok=$(sql "$tmp/k.db" "PRAGMA integrity_check")
fk=$(python3 -c 'import sqlite3,sys; print(len(sqlite3.connect(sys.argv[1]).execute("PRAGMA foreign_key_check").fetchall()))' "$tmp/k.db")
# Whole articles only: every stored article has all its events' mentions.
partial=$(sql "$tmp/k.db" "SELECT count(*) FROM articles a WHERE n_events > 0 AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.article = a.seq)")
if [ "$ok" != ok ] || [ "$fk" != 0 ] || [ "$partial" != 0 ]; then
    fail kill-integrity "integrity $ok, $fk foreign key errors, $partial partial articles"
elif [ "$part" -ge "$total" ]; then
    skip kill-rerun "the ingest finished before the kill ($part of $total articles)"
else
    pass kill-integrity
    D code -q -j 2 --db "$tmp/k.db" --no-output "$tmp/big.jsonl"
    python3 "$tmp/dump.py" "$tmp/full.db" >"$tmp/full.dump"
    python3 "$tmp/dump.py" "$tmp/k.db" >"$tmp/k.dump"
    if cmp -s "$tmp/full.dump" "$tmp/k.dump"; then
        pass kill-rerun
    else
        fail kill-rerun "killed at $part of $total articles; rerun differs: $(diff "$tmp/full.dump" "$tmp/k.dump" | head -3)"
    fi
fi

# ---------------------------------------- failures: one line, non-zero
# one NAME CMD...: CMD must fail with exactly one line on stderr.
one() {
    local name=$1
    shift
    "$@" >/dev/null 2>"$tmp/err"
    local rc=$?
    if [ $rc -ne 0 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
        pass "$name"
    else
        fail "$name" "exit $rc, stderr: $(head -3 "$tmp/err")"
    fi
}
can_mount=false
if [ "$(id -u)" = 0 ] && mkdir -p "$tmp/mnt" && mount -t tmpfs -o size=256k tmpfs "$tmp/mnt" 2>/dev/null; then
    can_mount=true
    mnt=$tmp/mnt
fi

# A read-only database: a read-only mount as root, else file modes.
cp "$tmp/a.db" "$tmp/ro.db"
if $can_mount; then
    cp "$tmp/a.db" "$mnt/ro.db" 2>/dev/null && mount -o remount,ro "$mnt" 2>/dev/null &&
        one db-read-only D code -q --db "$mnt/ro.db" "$tmp/small.jsonl" ||
        skip db-read-only "cannot remount read-only"
    # Reading it still works.
    D query --db "$mnt/ro.db" --limit 1 >/dev/null 2>&1 && pass db-read-only-query ||
        fail db-read-only-query "cannot query a read-only database"
    umount "$mnt"
    mount -t tmpfs -o size=256k tmpfs "$mnt" || can_mount=false
elif [ "$(id -u)" != 0 ]; then
    chmod 444 "$tmp/ro.db"
    one db-read-only D code -q --db "$tmp/ro.db" "$tmp/small.jsonl"
else
    skip db-read-only "root without mount: file modes do not stop root"
fi

# A locked database: another process holds the write lock.
python3 - "$tmp/a.db" <<'EOF' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN EXCLUSIVE")
open(sys.argv[1] + ".locked", "w").close()
time.sleep(5)
EOF
locker=$!
for _ in $(seq 1 50); do [ -e "$tmp/a.db.locked" ] && break; sleep 0.1; done
python3 "$tmp/gen.py" 30 "$tmp/new.jsonl"
sed -i 's/"id": "/"id": "new-/' "$tmp/new.jsonl"
one db-locked D code -q --timeout 300 --db "$tmp/a.db" "$tmp/new.jsonl"
grep -q "locked" "$tmp/err" || fail db-locked-message "$(cat "$tmp/err")"
kill "$locker" 2>/dev/null
wait "$locker" 2>/dev/null
locker=""

# A full disk: a 256 kB file system.
if $can_mount; then
    one db-disk-full D code -q --db "$mnt/full.db" "$tmp/big.jsonl"
    grep -qi "full" "$tmp/err" || fail db-disk-full-message "$(cat "$tmp/err")"
    ok=$(sql "$mnt/full.db" "PRAGMA integrity_check" 2>&1)
    [ "$ok" = ok ] && pass db-disk-full-integrity || fail db-disk-full-integrity "$ok"
else
    skip db-disk-full "needs root and mount to make a small file system"
fi

# Not a database.
echo "hello" >"$tmp/text.db"
one db-not-a-database D code -q --db "$tmp/text.db" "$tmp/small.jsonl"
exit 0

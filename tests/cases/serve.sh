#!/usr/bin/env bash
# serve.sh -- `dyad serve` over a real socket (docs/serve.md): a database
# coded from the shared French dev set and the seed story (or, without
# ../shared, from examples/), a server on a free loopback port, then curl:
# status codes, JSON shapes, every filter and aggregate against `dyad
# query`, pagination and its caps, 4xx on bad input, 404, methods, request
# bodies, path traversal, the Host check, read-only, concurrency, shutdown.
# Then the page in Chromium (tests/e2e/serve.test.mjs) when node, chromium
# and playwright-core are there. Prints PASS/FAIL/SKIP lines for tests/run.sh.
set -u
DYAD=${DYAD:-./dyad}
ROOT=${DYAD_ROOT:-$(cd "$(dirname "$0")/../.." && pwd)}
SHARED=${DYAD_SHARED:-$ROOT/../shared}
ART=${DYAD_ARTEFACTS:-/tmp/dyad-serve-artefacts}
tmp=$(mktemp -d /tmp/dyad-serve.XXXXXX)
srv=""
cleanup() {
    [ -n "$srv" ] && kill "$srv" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }
check() { # check NAME CONDITION-RESULT(0/1) WHY
    if [ "$2" = 0 ]; then pass "$1"; else fail "$1" "$3"; fi
}

if ! "$DYAD" serve --help >/dev/null 2>&1; then
    skip serve "this dyad has no serve command"
    exit 0
fi
command -v curl >/dev/null || { skip serve "curl is not installed"; exit 0; }
command -v python3 >/dev/null || { skip serve "python3 is not installed"; exit 0; }

db=$tmp/events.db
if [ -f "$SHARED/eval/fr-dev.jsonl" ] && [ -f "$SHARED/eval/seed.txt" ]; then
    inputs=("$SHARED/eval/fr-dev.jsonl" "$SHARED/eval/seed.txt")
else
    inputs=("$ROOT/examples/articles.jsonl" "$ROOT"/examples/*.txt)
fi
if ! "$DYAD" code -q --no-output --db "$db" "${inputs[@]}" 2>"$tmp/code.err"; then
    fail serve-db "cannot build the database: $(head -1 "$tmp/code.err")"
    exit 0
fi

start() { # start DB [options]: sets srv and URL
    local d=$1
    shift
    "$DYAD" serve --db "$d" --port 0 -q "$@" >"$tmp/url" 2>"$tmp/serve.err" &
    srv=$!
    for _ in $(seq 100); do
        [ -s "$tmp/url" ] && break
        kill -0 "$srv" 2>/dev/null || break
        sleep 0.05
    done
    URL=$(head -1 "$tmp/url")
    [ -n "$URL" ]
}
if ! start "$db"; then
    fail serve-start "the server did not start: $(head -1 "$tmp/serve.err")"
    exit 0
fi
pass serve-start
sum_before=$(sha256sum "$db" | cut -d' ' -f1)

# get PATH -> $tmp/body, prints the status code
get() { curl -s -o "$tmp/body" -w '%{http_code}' "$@"; }
code_is() { # code_is NAME EXPECTED curl-args...
    local name=$1 want=$2
    shift 2
    local got
    got=$(get "$@")
    if [ "$got" = "$want" ]; then pass "$name"; else fail "$name" "status $got, expected $want"; fi
}

# ------------------------------------------------ API against `dyad query`

# The Python checker: compares API answers to the CLI's for a filter set.
cat >"$tmp/cmp.py" <<'EOF'
import json, subprocess, sys, urllib.request, urllib.parse
url, dyad, db, what = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
args = json.loads(sys.argv[5])
def api(path, **kw):
    q = dict(args); q.update(kw)
    with urllib.request.urlopen(url + "api/" + path + "?" + urllib.parse.urlencode(q)) as r:
        assert r.headers["Content-Type"].startswith("application/json"), r.headers["Content-Type"]
        return json.loads(r.read())
def cli(*extra):
    cmd = [dyad, "query", "--db", db, "--format", "json", "-q"]
    for k, v in args.items():
        cmd += ["--" + k, v]
    out = subprocess.run(cmd + list(extra), capture_output=True, text=True, check=True).stdout
    return [json.loads(l) for l in out.splitlines() if l.strip()]
def span_ok(ev):
    b = (ev["sentence"] or "").encode()
    for name, text in (("source", ev["source"] and ev["source"]["text"]),
                       ("target", ev["target"] and ev["target"]["text"]),
                       ("trigger", ev["trigger"]["text"])):
        sp = ev["spans"][name]
        if sp is not None and b[sp[0]:sp[1]].decode() != text:
            return f"{ev['id']} {name} span {sp} is not {text!r}"
    return None
if what == "events":
    got, off = [], 0
    while True:
        page = api("events", limit=7, offset=off, order="old")
        got += page["events"]
        assert page["count"] == len(page["events"]) <= 7
        if not page["has_more"]:
            break
        assert page["next_offset"] == off + 7
        off = page["next_offset"]
    want = cli("--limit", "100000")
    g = [(e["article"]["id"], e["event_id"], e["code"]) for e in got]
    w = [(e["article_id"], e["event_id"], e["code"]) for e in want]
    if g != w:
        sys.exit(f"{len(g)} events, `dyad query` has {len(w)}: {g[:3]} vs {w[:3]}")
    for e in got:
        for k in ("id", "date", "source", "target", "code", "root", "quad_class", "goldstein",
                  "trigger", "location", "sentence", "spans", "article", "num_mentions"):
            if k not in e:
                sys.exit(f"event without {k}")
        bad = span_ok(e)
        if bad:
            sys.exit(bad)
    newest = api("events", limit=500)["events"]
    if len(got) <= 500 and sorted(x["id"] for x in newest) != sorted(x["id"] for x in got):
        sys.exit("order=new does not list the same events")
    print(len(got))
elif what in ("day", "week", "month", "year"):
    got = api("timeline", by=what)
    want = cli("--by", what)
    if got["rows"] != want or got["by"] != what:
        sys.exit(f"timeline differs: {got['rows'][:2]} vs {want[:2]}")
    print(len(want))
elif what in ("dyads", "actors", "codes"):
    got = api("top", what=what, n=5)
    want = cli("--top", what, "5")
    if got["rows"] != want:
        sys.exit(f"top differs: {got['rows'][:2]} vs {want[:2]}")
    print(len(want))
elif what == "network":
    net = api("network", n=1000)
    evs = cli("--limit", "100000")
    pairs = {}
    for e in evs:
        if e["source"] and e["target"] and e["source"]["code"] and e["target"]["code"]:
            k = (e["source"]["code"], e["target"]["code"])
            pairs[k] = pairs.get(k, 0) + 1
    got = {(x["source"], x["target"]): x["events"] for x in net["edges"]}
    if got != pairs:
        sys.exit(f"edges differ: {sorted(got.items())[:3]} vs {sorted(pairs.items())[:3]}")
    ids = {n["id"] for n in net["nodes"]}
    if ids != {a for p in pairs for a in p}:
        sys.exit("nodes are not the edges' ends")
    print(len(pairs))
elif what == "map":
    pts = api("map", limit=5000)
    evs = cli("--limit", "100000")
    located = sum(1 for e in evs if e["location"] and e["location"].get("lat") is not None)
    if sum(p["events"] for p in pts["points"]) != located:
        sys.exit(f"map points count {sum(p['events'] for p in pts['points'])} events, {located} located")
    for p in pts["points"]:
        if not (-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180):
            sys.exit(f"bad point {p}")
    print(located)
EOF
cmp() { # cmp NAME WHAT FILTERS-JSON
    local out
    if out=$(python3 "$tmp/cmp.py" "$URL" "$DYAD" "$db" "$2" "$3" 2>&1); then
        pass "$1"
    else
        fail "$1" "$(echo "$out" | tail -1)"
    fi
}
cmp serve-events-all events '{}'
for f in '{"actor":"RUS"}' '{"source":"RUS"}' '{"target":"UKR"}' '{"dyad":"RUS,PRK"}' \
    '{"code":"04"}' '{"root":"4"}' '{"quad":"1"}' '{"country":"UKR"}' '{"place":"pyongyang"}' \
    '{"from":"2024-01"}' '{"to":"2023"}' '{"from":"2022","to":"2024-06-30","actor":"ukr"}'; do
    cmp "serve-filter $f" events "$f"
done
for by in day week month year; do
    cmp "serve-timeline $by" "$by" '{"dyad":"RUS,PRK"}'
done
cmp "serve-timeline all" month '{}'
for t in dyads actors codes; do
    cmp "serve-top $t" "$t" '{}'
done
cmp "serve-top filtered" dyads '{"quad":"4"}'
cmp serve-network network '{}'
cmp "serve-network dyad" network '{"dyad":"RUS,PRK"}'
cmp serve-map map '{}'
cmp "serve-map filtered" map '{"actor":"RUS"}'

# One event, its article and mentions.
id=$(curl -s "${URL}api/events?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"][0]["id"])')
code_is serve-event-one 200 "${URL}api/events/$id"
python3 - "$tmp/body" <<'EOF' && pass serve-event-shape || fail serve-event-shape "bad JSON shape"
import json, sys
d = json.load(open(sys.argv[1]))
e = d["event"]
assert e["article"]["id"] and isinstance(d["mentions"], list) and d["mentions"]
for m in d["mentions"]:
    assert {"article", "sentence", "spans", "sentence_index"} <= m.keys()
EOF

# --------------------------------------------------------------- limits

code_is serve-page-cap 400 "${URL}api/events?limit=501"
code_is serve-page-max 200 "${URL}api/events?limit=500"
code_is serve-limit-zero 400 "${URL}api/events?limit=0"
code_is serve-limit-nan 400 "${URL}api/events?limit=ten"
code_is serve-limit-neg 400 "${URL}api/events?limit=-1"
code_is serve-offset-cap 400 "${URL}api/events?offset=1000001"
code_is serve-offset-far 200 "${URL}api/events?offset=1000000"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["events"]==[] and not d["has_more"]' "$tmp/body" &&
    pass serve-offset-empty || fail serve-offset-empty "an offset past the end is not an empty page"
code_is serve-top-cap 400 "${URL}api/top?n=101"
code_is serve-edges-cap 400 "${URL}api/network?n=1001"
code_is serve-points-cap 400 "${URL}api/map?limit=5001"

# ------------------------------------------------------------ bad input

for q in 'actor=R' 'actor=RUS*' 'actor=RU%25' 'source=a%20b' 'dyad=RUS' 'dyad=RUS,' 'dyad=,PRK' \
    'code=abc' 'code=12345' 'root=21' 'root=0' 'quad=5' 'quad=x' 'country=UK' \
    'from=2024-13' 'to=24' 'from=2024-01-32' 'place=' 'order=up' 'actr=RUS' \
    'actor=RUS&actor=PRK' "actor=$(printf 'A%.0s' $(seq 200))"; do
    got=$(get "${URL}api/events?$q")
    if [ "$got" = 400 ] && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["status"]==400 and d["error"]' "$tmp/body" 2>/dev/null; then
        pass "serve-400 $q"
    else
        fail "serve-400 ${q:0:40}" "status $got, body $(head -c 100 "$tmp/body")"
    fi
done
code_is serve-400-by 400 "${URL}api/timeline?by=hour"
code_is serve-400-what 400 "${URL}api/top?what=places"
code_is serve-400-group 400 "${URL}api/network?group=role"
many=$(for i in $(seq 30); do printf 'x%d=1&' "$i"; done)
code_is serve-400-many-args 400 "${URL}api/events?$many"
code_is serve-400-long-query 400 "${URL}api/events?actor=$(head -c 3000 /dev/zero | tr '\0' A)"
code_is serve-414-long-path 414 "${URL}api/$(head -c 3000 /dev/zero | tr '\0' a)"
# Headers beyond the connection's memory are refused by the server itself.
got=$(get -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)" "${URL}api/info")
case "$got" in 4*) pass serve-4xx-big-headers ;; *) fail serve-4xx-big-headers "status $got" ;; esac

# ------------------------------------------------------------ 404, methods

code_is serve-404-page 404 "${URL}nope.html"
code_is serve-404-api 404 "${URL}api/nope"
code_is serve-404-event 404 "${URL}api/events/99999999"
code_is serve-404-event-id 404 "${URL}api/events/abc"
code_is serve-404-event-sql 404 "${URL}api/events/1%20OR%201=1"
code_is serve-405-post 405 -X POST "${URL}api/info"
code_is serve-405-put 405 -X PUT "${URL}index.html"
code_is serve-405-delete 405 -X DELETE "${URL}api/events/1"
code_is serve-413-body 413 -X GET --data 'actor=RUS' "${URL}api/events"
got=$(curl -s -I -o "$tmp/head" -w '%{http_code}' "${URL}")
[ "$got" = 200 ] && grep -qi '^content-type: text/html' "$tmp/head" && pass serve-head ||
    fail serve-head "HEAD / gave $got"

# ---------------------------------------------------------- static files

for f in "" index.html app.js app.css world.json; do
    code_is "serve-static /$f" 200 "${URL}$f"
done
curl -s -D "$tmp/h" -o /dev/null "${URL}"
grep -qi "^content-security-policy: default-src 'self'" "$tmp/h" && pass serve-csp || fail serve-csp "no CSP"
grep -qi '^content-type: text/javascript' <(curl -s -D - -o /dev/null "${URL}app.js") &&
    pass serve-static-type || fail serve-static-type "app.js is not text/javascript"

# --------------------------------------------------------- path traversal

for p in '../../../../etc/passwd' '%2e%2e/%2e%2e/%2e%2e/etc/passwd' '..%2f..%2f..%2fetc%2fpasswd' \
    'app.js/../../Makefile' '/etc/passwd' 'web/index.html' 'src/http.c' '.%2e/Makefile' \
    'index.html%00.js' 'api/../../etc/passwd' '%5c..%5c..%5cetc%5cpasswd' 'Makefile'; do
    got=$(get --path-as-is "${URL}$p")
    if [ "$got" = 404 ] || [ "$got" = 400 ]; then
        if grep -q 'root:' "$tmp/body" || grep -q 'PKGS' "$tmp/body"; then
            fail "serve-traversal $p" "a file leaked"
        else
            pass "serve-traversal $p"
        fi
    else
        fail "serve-traversal $p" "status $got"
    fi
done

# Host header (DNS rebinding): loopback names only.
code_is serve-host-evil 403 -H 'Host: evil.example' "${URL}api/info"
code_is serve-host-localhost 200 -H 'Host: localhost:1234' "${URL}api/info"

# ------------------------------------------------------------- read-only

code_is serve-injection 200 "${URL}api/events?place=x%27%3B%20DROP%20TABLE%20events%3B--"
n_events() { curl -s "${URL}api/info" | python3 -c 'import json,sys; print(json.load(sys.stdin)["events"])'; }
before=$(n_events)
want=$("$DYAD" info --db "$db" | awk '$1 == "events" {print $2}')
[ "$before" = "$want" ] && pass serve-info || fail serve-info "API says $before events, dyad info $want"

# Many requests at once.
for i in $(seq 40); do
    curl -s -o /dev/null -w '%{http_code}\n' "${URL}api/events?limit=20&offset=$i" &
done >"$tmp/par"
wait_n=0
while [ "$(grep -c . "$tmp/par" 2>/dev/null)" -lt 40 ] && [ $wait_n -lt 100 ]; do sleep 0.1; wait_n=$((wait_n + 1)); done
[ "$(grep -c '^200$' "$tmp/par")" = 40 ] && pass serve-concurrent || fail serve-concurrent "$(sort "$tmp/par" | uniq -c | tr '\n' ' ')"

sum_after=$(sha256sum "$db" | cut -d' ' -f1)
[ "$sum_before" = "$sum_after" ] && pass serve-readonly || fail serve-readonly "the database changed"

# The server holds no write lock: coding into the database while it serves
# works, and the new events are seen.
if "$DYAD" code -q --no-output --db "$db" "$ROOT/examples/talks.txt" 2>"$tmp/err" &&
    [ "$(n_events)" -gt "$before" ]; then
    pass serve-concurrent-writer
else
    fail serve-concurrent-writer "$(head -1 "$tmp/err") (events $before -> $(n_events))"
fi

# ------------------------------------------------------------- the page

e2e_skip=""
if ! command -v node >/dev/null; then e2e_skip="node is not installed"
elif [ ! -x /usr/bin/chromium ]; then e2e_skip="/usr/bin/chromium is not installed"
elif ! (cd "$ROOT/tests/e2e" && node -e 'require.resolve("playwright-core")') >/dev/null 2>&1; then
    e2e_skip="playwright-core is not installed (npm install --prefix tests/e2e)"
fi
if [ -n "$e2e_skip" ]; then
    skip serve-e2e "$e2e_skip"
else
    mkdir -p "$ART"
    (cd "$ROOT/tests/e2e" && DYAD_SERVE_URL="$URL" DYAD_ARTEFACTS="$ART" \
        timeout 120 node serve.test.mjs 2>&1) || echo "FAIL serve-e2e: exited $?"
fi

# ------------------------------------------------------------- shutdown

kill -TERM "$srv"
for _ in $(seq 50); do kill -0 "$srv" 2>/dev/null || break; sleep 0.1; done
if kill -0 "$srv" 2>/dev/null; then
    fail serve-stop "still running 5 s after SIGTERM"
else
    wait "$srv"
    check serve-stop $? "exit status not 0"
fi
srv=""

# ------------------------------------------------------------ command line

"$DYAD" serve >/dev/null 2>&1
check serve-cli-no-db $([ $? = 2 ] && echo 0 || echo 1) "no --db is not exit 2"
"$DYAD" serve --db "$db" --port 70000 >/dev/null 2>&1
check serve-cli-bad-port $([ $? = 2 ] && echo 0 || echo 1) "--port 70000 is not exit 2"
timeout 5 "$DYAD" serve --db "$tmp/missing.db" --port 0 -q >/dev/null 2>"$tmp/err"
rc=$?
check serve-cli-missing-db $([ $rc = 1 ] && [ ! -e "$tmp/missing.db" ] && echo 0 || echo 1) \
    "exit $rc, or the file was created"
timeout 5 "$DYAD" serve --db "$db" --host example.com --port 0 -q >/dev/null 2>&1
check serve-cli-bad-host $([ $? = 1 ] && echo 0 || echo 1) "a host name is not refused"
# A port in use.
start "$db" && port=${URL##*:} && port=${port%/}
timeout 5 "$DYAD" serve --db "$db" --port "$port" -q >/dev/null 2>"$tmp/err"
rc=$?
check serve-cli-port-in-use $([ $rc = 1 ] && echo 0 || echo 1) "exit $rc"
kill "$srv" 2>/dev/null
wait "$srv" 2>/dev/null
srv=""
exit 0

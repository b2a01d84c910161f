#!/usr/bin/env bash
# faults.sh -- output failures through the CLI (docs/cli.md, "Exit status").
# The database faults (read-only, locked, disk full) are in store.sh; this
# adds the output side: a pipe closed early (`dyad code big.jsonl | head -1`
# ends quietly with 0, no message), output to a full device (/dev/full, and
# -o on a full file system when mounting is permitted: one line on stderr,
# exit 1). Prints PASS/FAIL/SKIP lines for tests/run.sh.
set -u
DYAD=${DYAD:-./dyad}
tmp=$(mktemp -d /tmp/dyad-faults.XXXXXX)
mnt=""
cleanup() {
    [ -n "$mnt" ] && umount "$mnt" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; }
skip() { echo "SKIP $1: $2"; }

python3 - "$tmp/big.jsonl" <<'EOF2'
import json, sys
s = ("Russia accused Ukraine of shelling the border town on Monday. The French president "
     "visited Kenya. Israeli troops attacked Gaza City, killing 12 people. ")
with open(sys.argv[1], "w") as f:
    for i in range(3000):
        f.write(json.dumps({"id": f"b{i}", "lang": "en", "date": "2024-03-04", "text": s * 3}) + "\n")
EOF2

# A pipe closed early: exit 0, nothing on stderr, whatever the format.
for fmt in json gdelt csv; do
    set -o pipefail
    "$DYAD" code -j 2 --format $fmt "$tmp/big.jsonl" 2>"$tmp/err" | head -1 >/dev/null
    rc=$?
    set +o pipefail
    if [ $rc -eq 0 ] && [ ! -s "$tmp/err" ]; then
        pass "pipe-closed-$fmt"
    else
        fail "pipe-closed-$fmt" "exit $rc, stderr: $(head -c 200 "$tmp/err")"
    fi
done
set -o pipefail
"$DYAD" parse "$tmp/big.jsonl" 2>"$tmp/err" | head -c 100 >/dev/null
rc=$?
set +o pipefail
[ $rc -eq 0 ] && [ ! -s "$tmp/err" ] && pass pipe-closed-parse ||
    fail pipe-closed-parse "exit $rc, stderr: $(head -c 200 "$tmp/err")"

# A full device: one line, exit 1.
if [ -w /dev/full ]; then
    "$DYAD" code "$tmp/big.jsonl" >/dev/full 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] && [ "$(grep -c . "$tmp/err")" -eq 1 ] && pass output-dev-full ||
        fail output-dev-full "exit $rc, stderr: $(head -3 "$tmp/err")"
    "$DYAD" code -o /dev/full "$tmp/big.jsonl" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] && [ "$(grep -c . "$tmp/err")" -eq 1 ] && pass output-o-dev-full ||
        fail output-o-dev-full "exit $rc, stderr: $(head -3 "$tmp/err")"
else
    skip output-dev-full "no /dev/full"
fi

# -o on a full file system (64 kB tmpfs; needs root and mount).
mkdir -p "$tmp/small"
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size=64k tmpfs "$tmp/small" 2>/dev/null; then
    mnt="$tmp/small"
    "$DYAD" code -o "$mnt/out.jsonl" "$tmp/big.jsonl" 2>"$tmp/err"
    rc=$?
    [ $rc -eq 1 ] && [ "$(grep -c . "$tmp/err")" -eq 1 ] && grep -qi 'space\|full' "$tmp/err" &&
        pass output-disk-full || fail output-disk-full "exit $rc, stderr: $(head -3 "$tmp/err")"
    # what was written is whole lines of JSON
    if [ -f "$mnt/out.jsonl" ]; then
        bad=$(python3 -c '
import json, sys
n = 0
for l in open(sys.argv[1], encoding="utf-8", errors="replace"):
    try: json.loads(l)
    except Exception: n += 1
print(n)' "$mnt/out.jsonl")
        [ "$bad" = 0 ] && pass output-disk-full-whole-lines ||
            skip output-disk-full-whole-lines "the last line is cut ($bad bad lines): output is streamed, not transactional"
    else
        pass output-disk-full-whole-lines
    fi
else
    skip output-disk-full "needs root and mount to make a small file system"
fi
exit 0

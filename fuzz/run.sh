#!/usr/bin/env bash
# run.sh -- runs each libFuzzer binary given for $FUZZ_SECONDS (default 30),
# starting from its seed corpus fuzz/corpus/<target>/ (copied to a scratch
# directory so new inputs do not land in the repository). Fails if any
# target crashes; the crashing input is kept in build-fuzz/crashes/.
#   FUZZ_SECONDS=60 fuzz/run.sh build-fuzz/fuzz_date build-fuzz/fuzz_reader_txt
set -u
cd "$(dirname "$0")/.."
secs=${FUZZ_SECONDS:-30}
[ $# -gt 0 ] || set -- build-fuzz/fuzz_*
status=0
mkdir -p build-fuzz/crashes
for bin in "$@"; do
    case $bin in *.*) continue ;; esac # logs
    [ -x "$bin" ] || { echo "FAIL $(basename "$bin"): not built"; status=1; continue; }
    name=$(basename "$bin")
    work=$(mktemp -d "/tmp/dyad-fuzz-$name.XXXXXX")
    [ -d "fuzz/corpus/$name" ] && cp -r "fuzz/corpus/$name/." "$work/"
    log=build-fuzz/$name.log
    if "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="build-fuzz/crashes/$name-" "$work" >"$log" 2>&1; then
        echo "PASS $name ($(grep -o 'Done [0-9]* runs' "$log" | tail -1 | tr -dc '0-9') runs in ${secs}s)"
    else
        echo "FAIL $name: crash, see $log and build-fuzz/crashes/"
        tail -30 "$log"
        status=1
    fi
    rm -rf "$work"
done
exit $status

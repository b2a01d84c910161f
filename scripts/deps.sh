#!/bin/sh
# Installs everything dyad needs to build, run and test on Debian (as root).
set -e
PKGS="build-essential pkg-config clang libclang-rt-14-dev \
  libutf8proc-dev libstemmer-dev libjansson-dev libsqlite3-dev sqlite3 \
  libexttextcat-dev libexttextcat-data python3 \
  libmicrohttpd-dev curl wrk chromium nodejs libyajl-dev valgrind"
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
missing=
for p in $PKGS; do
  dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -n "$missing" ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
# The browser test of `dyad serve` drives Debian's chromium with playwright-core
# (tests/e2e/package.json, locked); without npm that test says SKIP.
if command -v npm >/dev/null 2>&1 && [ -f tests/e2e/package-lock.json ]; then
  npm ci --prefix tests/e2e --no-audit --no-fund --silent >/dev/null 2>&1 ||
    echo "deps.sh: npm ci failed; the browser test will be skipped" >&2
fi

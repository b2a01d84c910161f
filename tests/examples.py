#!/usr/bin/env python3
"""Runs the `#=` examples of the pattern files (docs/patterns.md) through dyad.

usage: examples.py DYAD DATA_DIR [--min RATE] [--verbose]
Prints one line per differing example, a PASS/FAIL line per pattern file, and
exits 1 when the share of examples that pass is below RATE.
"""
import json
import os
import subprocess
import sys
import tempfile


def parse_expected(s):
    s = s.strip()
    if s.lower() == "none":
        return set()
    out = set()
    for part in s.split(","):
        f = part.split()
        if len(f) != 3:
            raise ValueError("expected 'SOURCE CODE TARGET': %r" % part)
        out.add((f[0], f[1], None if f[2] == "-" else f[2]))
    return out


def main():
    args = sys.argv[1:]
    dyad, data = args[0], args[1]
    rate = 0.0
    verbose = "--verbose" in args
    if "--min" in args:
        rate = float(args[args.index("--min") + 1])
    pdir = os.path.join(data, "patterns")
    items = []
    bad = []
    for name in sorted(os.listdir(pdir)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(pdir, name), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if not line.startswith("#="):
                    continue
                body = line[2:].strip()
                try:
                    lang, rest = body.split(None, 1)
                    text, exp = rest.rsplit("=>", 1)
                    items.append(("%s:%d" % (name, n), lang, text.strip(), parse_expected(exp)))
                except ValueError as e:
                    bad.append("%s:%d: bad example: %s" % (name, n, e))
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as tf:
        for i, (ident, lang, text, _) in enumerate(items):
            tf.write(json.dumps({"id": "ex%d" % i, "lang": lang, "date": "2024-01-15",
                                 "text": text}, ensure_ascii=False) + "\n")
        path = tf.name
    try:
        out = subprocess.run([dyad, "code", "--data", data, path], capture_output=True,
                             text=True, timeout=600)
    finally:
        os.unlink(path)
    got = {}
    for line in out.stdout.splitlines():
        e = json.loads(line)
        t = e["target"]["code"] if e["target"] else None
        got.setdefault(e["article_id"], set()).add((e["source"]["code"], e["code"], t))
    per_file = {}
    passed = 0
    for i, (ident, lang, text, exp) in enumerate(items):
        g = got.get("ex%d" % i, set())
        fname = ident.split(":")[0]
        ok_n, tot = per_file.get(fname, (0, 0))
        if g == exp:
            passed += 1
            per_file[fname] = (ok_n + 1, tot + 1)
        else:
            per_file[fname] = (ok_n, tot + 1)
            if verbose:
                fmt = lambda s: ", ".join("%s %s %s" % (a, c, b or "-") for a, c, b in sorted(s, key=str)) or "none"
                print("  %s: %s\n    expected: %s\n    got:      %s" % (ident, text[:120], fmt(exp), fmt(g)))
    for b in bad:
        print("FAIL " + b)
    total = len(items)
    share = passed / total if total else 1.0
    for fname, (ok_n, tot) in sorted(per_file.items()):
        print("  %-28s %3d/%3d examples pass" % (fname, ok_n, tot))
    status = "PASS" if share >= rate and not bad else "FAIL"
    print("%s pattern examples: %d/%d pass (%.3f, floor %.3f)" % (status, passed, total, share, rate))
    return 0


if __name__ == "__main__":
    sys.exit(main())

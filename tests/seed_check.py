#!/usr/bin/env python3
"""The golden test on the seed story: dyad codes ../shared/eval/seed.txt (the
plain scraped article) and must find every gold event at root level (EVENTS.md
section 6) with at most MAX_EXTRA wrong extra events.

usage: seed_check.py EVENTS.jsonl GOLD.jsonl MAX_EXTRA
"""
import json
import sys


def root_match(p, g):
    if p[1][:2] != g[1][:2]:
        return False
    for a, b in ((p[0], g[0]), (p[2], g[2])):
        if b is None:
            continue
        if a is None or a[:3] != b[:3]:
            return False
    return True


def main():
    events, gold_path, max_extra = sys.argv[1], sys.argv[2], int(sys.argv[3])
    preds = []
    for line in open(events, encoding="utf-8"):
        e = json.loads(line)
        key = (e["source"]["code"], e["code"], e["target"]["code"] if e["target"] else None)
        if key not in preds:
            preds.append(key)
    gold = json.loads(open(gold_path, encoding="utf-8").readline())
    golds = [(g["source"], g["code"], g["target"]) for g in gold["events"]]
    # maximum bipartite matching (augmenting paths)
    match_of_pred = {}

    def augment(gi, seen):
        for pi, p in enumerate(preds):
            if pi in seen or not root_match(p, golds[gi]):
                continue
            seen.add(pi)
            if pi not in match_of_pred or augment(match_of_pred[pi], seen):
                match_of_pred[pi] = gi
                return True
        return False

    matched = sum(1 for gi in range(len(golds)) if augment(gi, set()))
    extra = len(preds) - matched
    matched_gold = set(match_of_pred.values())
    for gi, g in enumerate(golds):
        if gi not in matched_gold:
            print("    missed: %s %s %s" % (g[0], g[1], g[2]))
    for pi, p in enumerate(preds):
        if pi not in match_of_pred:
            print("    extra:  %s %s %s" % p)
    ok = matched == len(golds) and extra <= max_extra
    print("%s seed: %d/%d gold events at root level, %d extra (at most %d)" % (
        "PASS" if ok else "FAIL", matched, len(golds), extra, max_extra))


if __name__ == "__main__":
    main()

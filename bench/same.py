#!/usr/bin/env python3
"""Are two output folders (or two trees of them) the same build?  usage: same.py A B

Every file must have identical bytes, except report.json, which is compared as JSON without the
keys that measure the run (seconds, timings), say where it ran (cluster) and rules_version (printed when it differs: a rule-pack
edit changes it by design). Exit 0 when all match, 1 otherwise, naming each difference."""
from __future__ import annotations

import json
import sys
from pathlib import Path

# cluster: where a --cluster build ran (kg.cluster); the same build made elsewhere
RUN_KEYS = ("seconds", "timings", "rules_version", "inputs", "output_bytes", "cluster")


def _report(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k not in RUN_KEYS}


def compare(a: Path, b: Path) -> list[str]:
    diffs = []
    names_a = {p.relative_to(a) for p in a.rglob("*") if p.is_file()}
    names_b = {p.relative_to(b) for p in b.rglob("*") if p.is_file()}
    for name in sorted(names_a ^ names_b):
        diffs.append(f"only in {'A' if name in names_a else 'B'}: {name}")
    for name in sorted(names_a & names_b):
        fa, fb = a / name, b / name
        if name.name == "report.json":
            ra, rb = json.loads(fa.read_text(encoding="utf-8")), json.loads(fb.read_text(encoding="utf-8"))
            if ra.get("rules_version") != rb.get("rules_version"):
                print(f"note: {name}: rules_version {ra.get('rules_version')} -> {rb.get('rules_version')}")
            if _report(fa) != _report(fb):
                diffs.append(f"differs: {name} (beyond run measures)")
        elif fa.read_bytes() != fb.read_bytes():
            diffs.append(f"differs: {name}")
    return diffs


def main(argv: list[str]) -> int:
    a, b = map(Path, argv[1:3])
    diffs = compare(a, b)
    for d in diffs:
        print(d)
    files = sum(1 for p in a.rglob("*") if p.is_file())
    print(f"{'identical' if not diffs else f'{len(diffs)} difference(s)'}: {files} files under {a} vs {b}")
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

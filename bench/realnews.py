"""Build one split of the real-news corpus (tests/realnews) and score it with kg eval.

    .venv/bin/python bench/realnews.py dev [--errors] [--per-doc] [--out DIR] [--json]
    .venv/bin/python bench/realnews.py fresh            # held-out split: measure once, never read --errors
    .venv/bin/python bench/realnews.py seeds            # the five seed articles in ../shared

The texts must have been materialised (tests/realnews/README.md). The build goes to a fresh
temporary folder unless --out names one (kg refuses a non-empty folder it did not write).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
from pathlib import Path

from kg.eval import evaluate, format_table
from kg.pipeline import build

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "realnews"
SHARED = ROOT.parent / "shared"


def split_inputs(split: str) -> tuple[list[Path], Path]:
    if split == "seeds":
        return [SHARED / "corpus" / "seeds"], SHARED / "gold" / "dev"
    with open(CORPUS / "manifest.tsv", encoding="utf-8", newline="") as fh:
        ids = [r["id"] for r in csv.DictReader(fh, delimiter="\t") if r["split"] == split]
    texts = [CORPUS / "texts" / f"{i}.txt" for i in ids]
    missing = [t.name for t in texts if not t.is_file()]
    if missing:
        sys.exit(f"realnews: {len(missing)} texts not materialised (e.g. {missing[0]}); "
                 f"see tests/realnews/README.md")
    return texts, CORPUS / "gold" / split


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", choices=["dev", "test", "fresh", "seeds"])
    ap.add_argument("--out", type=Path)
    ap.add_argument("--rules")
    ap.add_argument("--errors", action="store_true")
    ap.add_argument("--per-doc", action="store_true")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    inputs, gold = split_inputs(a.split)
    with tempfile.TemporaryDirectory() as tmp:
        out = a.out or Path(tmp) / "out"
        build([str(p) for p in inputs], out, progress=False, jobs=2,
              rule_files=[a.rules] if a.rules else ())
        scores = evaluate(out, gold)
        if not a.errors:
            scores = {k: v for k, v in scores.items() if k != "errors"}
        if a.json:
            print(json.dumps(scores, ensure_ascii=False, indent=1))
        else:
            print(format_table(scores, errors=a.errors, per_document=a.per_doc))
    return 0


if __name__ == "__main__":
    sys.exit(main())

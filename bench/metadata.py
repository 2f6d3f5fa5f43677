"""Article metadata (date, source, title) of a built split against tests/realnews/metadata.tsv.

    .venv/bin/python bench/metadata.py dev [--out DIR] [--from OUT_DIR] [--per-doc]
    .venv/bin/python bench/metadata.py seeds            # the five seed articles in ../shared

metadata.tsv holds what a reader finds on each article's page (date as YYYY-MM-DD or YYYY-MM, empty when
the page gives none; source; title). A field counts as right when kg's documents.jsonl gives the same
value (titles and sources compared without spaces, with full-width ：，！？ as their ASCII forms), or both
are empty; wrong when kg gives a value the page does not (a wrong date is worse than none); missing when
kg gives none but the page has one.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realnews import CORPUS, split_inputs  # noqa: E402

FIELDS = ("date", "source", "title")
_FOLD = str.maketrans("：，！？；（）", ":,!?;()")


def _canon(field: str, value) -> str:
    value = (value or "").strip()
    if field == "date":
        return value
    return re.sub(r"\s+", "", value).translate(_FOLD)


def _title_hash(value) -> str:
    """Titles are third-party text: metadata.tsv keeps the sha256 of the canonical title, not the title."""
    t = _canon("title", value)
    return hashlib.sha256(t.encode("utf-8")).hexdigest() if t else ""


def read_gold(ids) -> dict:
    with open(CORPUS / "metadata.tsv", encoding="utf-8", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)}
    return {i: rows[i] for i in ids if i in rows}


def compare(docs: dict, gold: dict) -> tuple[dict, list]:
    """Counts per field (right, wrong, missing) and the rows that are not right."""
    counts = {f: {"right": 0, "wrong": 0, "missing": 0} for f in FIELDS}
    misses = []
    for doc_id, g in sorted(gold.items()):
        d = docs.get(doc_id, {})
        for f in FIELDS:
            want, got = (g["title_sha256"], _title_hash(d.get(f))) if f == "title" else \
                (_canon(f, g[f]), _canon(f, d.get(f)))
            kind = "right" if want == got else "missing" if not got else "wrong"
            counts[f][kind] += 1
            if kind != "right":
                misses.append((doc_id, f, kind, want, d.get(f)))
    return counts, misses


def table(counts: dict, n: int) -> str:
    lines = [f"{'field':8} {'right':>6} {'wrong':>6} {'missing':>8} {'accuracy':>9}   ({n} documents)"]
    for f, c in counts.items():
        lines.append(f"{f:8} {c['right']:6} {c['wrong']:6} {c['missing']:8} {c['right'] / max(n, 1):9.3f}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", choices=["dev", "test", "seeds"])
    ap.add_argument("--out", type=Path, help="build into this folder")
    ap.add_argument("--from", dest="built", type=Path, help="compare an existing build instead of building")
    ap.add_argument("--per-doc", action="store_true", help="list every field that is not right")
    a = ap.parse_args(argv)
    inputs, _gold_dir = split_inputs(a.split)
    with tempfile.TemporaryDirectory() as tmp:
        out = a.built
        if out is None:
            from kg.pipeline import build
            out = a.out or Path(tmp) / "out"
            build([str(p) for p in inputs], out, progress=False, jobs=2)
        docs = {}
        with open(out / "documents.jsonl", encoding="utf-8") as fh:
            for line in fh:
                d = json.loads(line)
                docs[d["id"]] = d
    gold = read_gold(docs)
    counts, misses = compare(docs, gold)
    print(table(counts, len(gold)))
    if a.per_doc:
        for doc_id, f, kind, want, got in misses:
            print(f"{doc_id:22} {f:6} {kind:7} page={want!r} kg={got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

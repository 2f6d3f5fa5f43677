"""Split the relation errors of a real-news split by whether the entity stage found their ends.

    .venv/bin/python bench/relation_misses.py dev [--out DIR | --built DIR] [--list]

A missed gold relation is either "an end is missing" (the build has no entity in that document that
answers to the gold subject's or object's names: the entity stage's miss) or "both ends found" (both
are there and the relation stage did not join them). Spurious relations are split likewise: "both ends
are gold entities" (a wrong relation between right entities) or "an end is not gold". Per predicate;
--list prints each error with its class (read them for classes of errors, never copy names into rules).
Never run it on the test split while tuning.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from realnews import split_inputs  # noqa: E402

from kg.eval import fold  # noqa: E402
from kg.pipeline import build  # noqa: E402

PREDICATES = ("locatedIn", "partOf", "implementedBy", "issuedBy")


def _jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def classify(out_dir: Path, gold_dir: Path) -> list[dict]:
    """One row per relation error: doc, kind (missed/spurious), class, predicate, subject, object."""
    entities = _jsonl(out_dir / "entities.jsonl")
    relations = _jsonl(out_dir / "relations.jsonl")
    by_iri = {e["id"]: e for e in entities}
    names: dict[str, dict[str, set[str]]] = {}       # doc -> entity id -> folded names there
    for e in entities:
        base = {fold(e["name"])} | {fold(a) for a in e.get("aliases", [])}
        for m in e.get("mentions", []):
            names.setdefault(m["doc"], {}).setdefault(e["id"], set(base)).add(fold(m["text"]))
    rows = []
    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        doc = gold.get("doc") or gold_file.stem
        here = names.get(doc, {})
        found = set().union(*here.values()) if here else set()
        alias: dict[str, set[str]] = {}
        for g in gold.get("entities", []):
            ns = {fold(g["name"])} | {fold(a) for a in g.get("aliases", [])}
            for n in ns:
                alias.setdefault(n, set()).update(ns)
        gold_names = set(alias)

        def ends(name: str) -> set[str]:
            return alias.get(fold(name), {fold(name)})

        golds = [(ends(g["subject"]), g["predicate"], ends(g["object"]), g) for g in gold.get("relations", [])]
        preds = [r for r in relations if any(ev["doc"] == doc for ev in r.get("evidence", []))]
        used: set[int] = set()
        hit: set[int] = set()
        for i, p in enumerate(preds):
            s, o = here.get(p["subject"], set()), here.get(p["object"], set())
            for j, (gs, gp, go, _) in enumerate(golds):
                if j not in used and gp == p["predicate"] and s & gs and o & go:
                    used.add(j)
                    hit.add(i)
                    break
        for j, (gs, gp, go, g) in enumerate(golds):
            if j in used:
                continue
            cls = "both ends found" if (gs & found and go & found) else "an end is missing"
            rows.append({"doc": doc, "kind": "missed", "class": cls, "predicate": gp,
                         "subject": g["subject"], "object": g["object"]})
        for i, p in enumerate(preds):
            if i in hit:
                continue
            s, o = here.get(p["subject"], set()), here.get(p["object"], set())
            cls = "both ends are gold" if (s & gold_names and o & gold_names) else "an end is not gold"
            label = lambda iri: by_iri.get(iri, {}).get("name", iri)  # noqa: E731
            rows.append({"doc": doc, "kind": "spurious", "class": cls, "predicate": p["predicate"],
                         "subject": label(p["subject"]), "object": label(p["object"]),
                         "rules": sorted({ev.get("rule", "") for ev in p.get("evidence", [])
                                          if ev["doc"] == doc} - {""})})
    return rows


def table(rows: list[dict]) -> str:
    counts = Counter((r["kind"], r["class"], r["predicate"]) for r in rows)
    classes = [("missed", "an end is missing"), ("missed", "both ends found"),
               ("spurious", "an end is not gold"), ("spurious", "both ends are gold")]
    head = ["kind / class".ljust(32)] + [p.rjust(14) for p in PREDICATES] + ["total".rjust(7)]
    lines = ["".join(head), "-" * len("".join(head))]
    for kind, cls in classes:
        cells = [counts[(kind, cls, p)] for p in PREDICATES]
        lines.append(f"{kind + ': ' + cls:32}" + "".join(f"{n:14d}" for n in cells) + f"{sum(cells):7d}")
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("split", choices=["dev", "seeds", "test"])
    ap.add_argument("--out", type=Path, help="build into this folder (kept)")
    ap.add_argument("--built", type=Path, help="score this existing build instead of building")
    ap.add_argument("--list", action="store_true", help="print each error with its class")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args(argv)
    if a.split == "test" and a.list:
        sys.exit("relation_misses: the test split is for measuring only (no --list)")
    inputs, gold = split_inputs(a.split)
    with tempfile.TemporaryDirectory() as tmp:
        out = a.built or a.out or Path(tmp) / "out"
        if not a.built:
            build([str(p) for p in inputs], out, progress=False, jobs=2)
        rows = classify(out, gold)
    if a.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    print(table(rows))
    if a.list:
        for r in sorted(rows, key=lambda r: (r["kind"], r["class"], r["predicate"], r["doc"])):
            rules = f"  [{','.join(r.get('rules', []))}]" if r.get("rules") else ""
            print(f"{r['kind']:8} {r['class']:18} {r['doc']:16} {r['subject']} {r['predicate']} "
                  f"{r['object']}{rules}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""entities/relations/figures/documents JSONL, the linker export of the output contract."""
from __future__ import annotations

import json
from pathlib import Path

from .. import graph as G


def _dump(path: Path, rows) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False, sort_keys=False) + "\n")


def entity_records(g):
    for iri, d in G.entities(g):
        rec = {"id": iri, "type": d["type"], "name": d["name"], "aliases": list(d["aliases"]),
               "mentions": [dict(m) for m in d["mentions"]], "links": dict(d.get("links") or {})}
        if d.get("subtype"):
            rec["subtype"] = d["subtype"]
        yield rec


def relation_records(g):
    for s, p, o, d in G.relations(g):
        yield {"subject": s, "predicate": p, "object": o, "evidence": [dict(e) for e in d["evidence"]]}


def figure_records(g):
    for iri, d in G.figures(g):
        yield {"id": iri, "subject": d["subject"], "metric": d["metric"], "value": d["value"],
               "unit": d["unit"], "period": d["period"], "text": d["text"], "doc": d["doc"],
               "start": d["start"], "end": d["end"], "sentence": d.get("sentence", "")}


def document_records(g):
    for _, d in G.documents(g):
        yield {"id": d["doc_id"], "title": d["title"], "date": d["date"], "source": d["source"],
               "url": d.get("url"), "path": d["path"], "text": d["text"]}


def write_jsonl(g, out_dir: Path) -> None:
    out_dir = Path(out_dir)
    _dump(out_dir / "entities.jsonl", entity_records(g))
    _dump(out_dir / "relations.jsonl", relation_records(g))
    _dump(out_dir / "figures.jsonl", figure_records(g))
    _dump(out_dir / "documents.jsonl", document_records(g))

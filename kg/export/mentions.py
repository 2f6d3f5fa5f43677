"""mentions.jsonl: one line per mention, before merging (the record view that Splink/dedupe-style
resolution takes): its id, document, offsets, surface text, type, the entity it was resolved to, the
rule family that found it, its sentence's span and, for a Region, its division code.

A line is json.dumps(record, ensure_ascii=False) with U+0085, U+2028, U+2029 escaped (as the other
JSONL files); lines are in (document, start, end, entity) order.
"""
from __future__ import annotations

import json
from pathlib import Path

from .. import graph as G
from ..terms import DEFAULT_BASE_IRI, mention_id
from .jsonl import one_line_each

_encode = json.JSONEncoder(ensure_ascii=False).encode


def mention_records(g):
    """The records, sorted by document, offsets and entity."""
    recs = G.records(g)
    base = recs.base_iri or DEFAULT_BASE_IRI
    rows = []
    for iri, d in recs.entities():
        for m in d["mentions"]:
            rows.append((str(m.doc), m.start, m.end, iri, d["type"], m))
    rows.sort(key=lambda r: r[:4])
    for doc, start, end, iri, type_, m in rows:
        yield {"id": mention_id(base, doc, start, end), "doc": doc, "start": start, "end": end, "text": m.text,
               "type": type_, "entity": iri, "family": getattr(m, "family", "") or None,
               "sentence_start": getattr(m, "sentence_start", 0), "sentence_end": getattr(m, "sentence_end", 0),
               "code": getattr(m, "code", "") or None}


def write_mentions(g, path: Path) -> None:
    with G.gc_paused(), open(path, "w", encoding="utf-8", newline="\n") as fh:
        for rec in mention_records(g):
            fh.write(one_line_each(_encode(rec)) + "\n")

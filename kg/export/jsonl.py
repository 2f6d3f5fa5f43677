"""entities/relations/figures/documents JSONL, the linker export of the output contract.

`*_records` give each line as a dict (the reference: a line is json.dumps(record,
ensure_ascii=False)). `*_lines` give the same text without building the dicts: the keys are
constant and only the values are encoded, with the json module's own string escaper, so the
bytes are identical (tests compare the two) at about twice the speed.
"""
from __future__ import annotations

import json
from json.encoder import INFINITY, encode_basestring
from pathlib import Path

from .. import graph as G

# json.dumps(..., ensure_ascii=False) builds a new encoder per call; one shared encoder gives the same text
_encode = json.JSONEncoder(ensure_ascii=False).encode
_str = encode_basestring                 # what that encoder uses for every str (ensure_ascii=False)


def _v(x) -> str:
    """One JSON value exactly as json.dumps(ensure_ascii=False) writes it."""
    t = type(x)
    if t is str:
        return _str(x)
    if x is None:
        return "null"
    if x is True:
        return "true"
    if x is False:
        return "false"
    if t is int:
        return int.__repr__(x)
    if t is float:
        if x != x:
            return "NaN"
        if x == INFINITY:
            return "Infinity"
        if x == -INFINITY:
            return "-Infinity"
        return float.__repr__(x)
    return _encode(x)


def _dump(path: Path, lines) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        batch = []
        for line in lines:
            batch.append(line)
            if len(batch) >= 2000:
                fh.write("\n".join(batch) + "\n")
                batch = []
        if batch:
            fh.write("\n".join(batch) + "\n")


# ---------------------------------------------------------------- records (reference)

def entity_lines(g):
    S = _str
    for iri, d in G.entities(g):
        aliases = ", ".join(map(_v, d["aliases"]))
        mentions = ", ".join([
            f'{{"doc": {S(m.doc) if type(m.doc) is str else _v(m.doc)}, '
            f'"start": {m.start if type(m.start) is int else _v(m.start)}, '
            f'"end": {m.end if type(m.end) is int else _v(m.end)}, '
            f'"text": {S(m.text) if type(m.text) is str else _v(m.text)}}}' for m in d["mentions"]])
        line = (f'{{"id": {_v(iri)}, "type": {_v(d["type"])}, "name": {_v(d["name"])}, "aliases": [{aliases}], '
                f'"mentions": [{mentions}], "links": {_encode(dict(d.get("links") or {}))}')
        if d.get("subtype"):
            line += f', "subtype": {_v(d["subtype"])}'
        yield line + "}"


def relation_lines(g):
    S = _str
    for s, p, o, d in G.relations(g):
        evidence = ", ".join([
            f'{{"doc": {S(e.doc) if type(e.doc) is str else _v(e.doc)}, '
            f'"start": {e.start if type(e.start) is int else _v(e.start)}, '
            f'"end": {e.end if type(e.end) is int else _v(e.end)}, '
            f'"sentence": {S(e.sentence) if type(e.sentence) is str else _v(e.sentence)}}}' for e in d["evidence"]])
        yield f'{{"subject": {_v(s)}, "predicate": {_v(p)}, "object": {_v(o)}, "evidence": [{evidence}]}}'


def figure_lines(g):
    S = _str
    for iri, f in G.figures(g):
        metric, unit, text, doc, sentence, start, end = f.metric, f.unit, f.text, f.doc, f.sentence, f.start, f.end
        yield (f'{{"id": {_v(iri)}, "subject": {_v(f.subject)}, '
               f'"metric": {S(metric) if type(metric) is str else _v(metric)}, "value": {_v(f.value)}, '
               f'"unit": {S(unit) if type(unit) is str else _v(unit)}, "period": {_v(f.period)}, '
               f'"text": {S(text) if type(text) is str else _v(text)}, '
               f'"doc": {S(doc) if type(doc) is str else _v(doc)}, '
               f'"start": {start if type(start) is int else _v(start)}, '
               f'"end": {end if type(end) is int else _v(end)}, '
               f'"sentence": {S(sentence) if type(sentence) is str else _v(sentence)}}}')


def document_lines(g):
    for _, d in G.documents(g):
        yield (f'{{"id": {_v(d["doc_id"])}, "title": {_v(d["title"])}, "date": {_v(d["date"])}, '
               f'"source": {_v(d["source"])}, "url": {_v(d.get("url"))}, "path": {_v(d["path"])}, '
               f'"text": {_v(d["text"])}}}')


def write_jsonl(g, out_dir: Path) -> None:
    out_dir = Path(out_dir)
    with G.gc_paused():
        _dump(out_dir / "entities.jsonl", entity_lines(g))
        _dump(out_dir / "relations.jsonl", relation_lines(g))
        _dump(out_dir / "figures.jsonl", figure_lines(g))
        _dump(out_dir / "documents.jsonl", document_lines(g))

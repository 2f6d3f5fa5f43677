"""entities/relations/figures/documents JSONL, the linker export of the output contract.

A line is json.dumps(record, ensure_ascii=False) of the record dicts below (`*_record`), except that
U+0085, U+2028 and U+2029 are escaped (`one_line_each`). Records are encoded CHUNK at a time, and
each chunk's lines are joined, encoded and written at once: few calls, and the text stays in cache.
(Dropped, issue 16: hand-written JSON lines that skipped the record dicts saved 0.78 of 36 CPU
seconds of a 5,000-document build, under 5 %; bench/ablation.py.)
"""
from __future__ import annotations

import json
from itertools import chain, islice
from pathlib import Path

from .. import graph as G
from ..terms import DEFAULT_BASE_IRI, mention_id

# json.dumps(..., ensure_ascii=False) builds a new encoder per call; one shared encoder gives the same text
_encode = json.JSONEncoder(ensure_ascii=False).encode
CHUNK = 1000                             # records per batch: its text stays in cache while it is encoded


def _chunks(records, size: int):
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def _rendered(chunks, record):
    """Each chunk's lines: the JSON of `record(*row)` for each row."""
    for chunk in chunks:
        yield [_encode(record(*row)) for row in chunk]


def _dump(path: Path, texts) -> None:
    """Write each chunk's lines, "\\n"-terminated, with one write per chunk."""
    with open(path, "wb") as fh:
        for lines in texts:
            if lines:
                lines.append("")         # the last line's newline, without copying the joined text
                fh.write(one_line_each("\n".join(lines)).encode("utf-8"))


# json leaves these raw (ensure_ascii=False), but str.splitlines() and some JSONL readers end a
# line at them; the JSON control characters that do the same (\v, \f, \x1c-\x1e) are escaped already
LINE_BREAKERS = ("\x85", "\u2028", "\u2029")


def one_line_each(text: str) -> str:
    """JSON text with LINE_BREAKERS escaped as json would with ensure_ascii (they can only be inside
    strings, so the JSON means the same); text without them, nearly all, is returned as is."""
    for ch in LINE_BREAKERS:
        if ch in text:
            text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


# ---------------------------------------------------------------- records (what a line encodes)

CONTEXT = 50            # characters of context on each side of a mention (the linker's window)


class MentionView:
    """What a mention's linker fields need of the graph: the base IRI and each document's text."""

    def __init__(self, g=None):
        recs = G.records(g) if g is not None else None
        self.base = (recs.base_iri if recs is not None else None) or DEFAULT_BASE_IRI
        self.texts = {d["doc_id"]: d.get("text") or "" for _, d in recs.documents()} if recs is not None else {}

    def extras(self, doc, start, end) -> tuple:
        """(id, context_start, context): the mention's RFC 5147 IRI (as in graph.ttl) and its ±CONTEXT
        window of the document text; context_start and context are None for offsets that are not ints."""
        if type(start) is not int or type(end) is not int or not isinstance(doc, str):
            return None, None, None
        text = self.texts.get(doc, "")
        lo = max(0, start - CONTEXT)
        return mention_id(self.base, doc, start, end), lo, text[lo:end + CONTEXT]


def mention_fields(m, view: MentionView) -> dict:
    """A mention's JSON object: contract v1's doc, start, end, text, then the linker's additions."""
    mid, lo, context = view.extras(m.doc, m.start, m.end)
    return {"doc": m.doc, "start": m.start, "end": m.end, "text": m.text, "id": mid,
            "sentence_start": getattr(m, "sentence_start", 0), "sentence_end": getattr(m, "sentence_end", 0),
            "context_start": lo, "context": context}


def entity_record(iri: str, d: dict, view: MentionView | None = None) -> dict:
    view = view or MentionView()
    mentions = [mention_fields(m, view) for m in d["mentions"]]
    return {"id": iri, "type": d["type"], "name": d["name"], "aliases": list(d["aliases"]),
            "mentions": mentions, "links": dict(d.get("links") or {}), "subtype": d.get("subtype") or None}


def relation_record(s: str, p: str, o: str, d: dict) -> dict:
    evidence = [{"doc": e.doc, "start": e.start, "end": e.end, "sentence": e.sentence,
                 "source": getattr(e, "source", "") or None} for e in d["evidence"]]
    return {"subject": s, "predicate": p, "object": o, "evidence": evidence}


def figure_record(iri: str, f) -> dict:
    return {"id": iri, "subject": f.subject, "metric": f.metric, "value": f.value, "unit": f.unit,
            "period": f.period, "text": f.text, "doc": f.doc, "start": f.start, "end": f.end,
            "sentence": f.sentence}


def document_record(_iri: str, d: dict) -> dict:
    return {"id": d["doc_id"], "title": d["title"], "date": d["date"], "source": d["source"],
            "url": d.get("url"), "path": d["path"], "text": d["text"]}


def _entity_texts(g):
    view = MentionView(g)
    return _rendered(_chunks(G.records(g).entities(), CHUNK), lambda iri, d: entity_record(iri, d, view))


def _relation_texts(g):
    return _rendered(_chunks(G.records(g).relations(), CHUNK), relation_record)


def _figure_texts(g):
    return _rendered(_chunks(G.records(g).figures(), CHUNK), figure_record)


def _document_texts(g):
    return _rendered(_chunks(G.records(g).documents(), max(1, CHUNK // 10)), document_record)   # long texts


def entity_lines(g):
    return chain.from_iterable(_entity_texts(g))


def relation_lines(g):
    return chain.from_iterable(_relation_texts(g))


def figure_lines(g):
    return chain.from_iterable(_figure_texts(g))


def document_lines(g):
    return chain.from_iterable(_document_texts(g))


_FILES = {"entities": _entity_texts, "relations": _relation_texts, "figures": _figure_texts,
          "documents": _document_texts}
JSONL_FILES = tuple(_FILES)


def write_jsonl(g, out_dir: Path, names=JSONL_FILES) -> None:
    """The JSONL files (all, or those named: "entities", "relations", "figures", "documents") of
    `g`: kg.graph.Records, or a graph they are read from."""
    out_dir, g = Path(out_dir), G.records(g)
    with G.gc_paused():
        for name in names:
            _dump(out_dir / f"{name}.jsonl", _FILES[name](g))

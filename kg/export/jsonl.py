"""entities/relations/figures/documents JSONL, the linker export of the output contract.

A line is exactly json.dumps(record, ensure_ascii=False) of the record dicts below (`*_record`;
tests compare), except that U+0085, U+2028 and U+2029 are escaped (`one_line_each`). The fast path writes the same text without building the dicts: the keys are
constant, and each value goes through the json module's own C string escaper (which raises
TypeError for anything that is not a str) or, for the int fields, is checked to be an exact int
(its repr is its JSON). A chunk holding a value of any other type, or mentions that are not
kg.graph's named tuples, is rendered again by the generic encoder from the record dicts.

Records are rendered CHUNK at a time, each chunk as one list comprehension, joined, encoded and
written at once: small enough for its text to stay in cache, big enough for few calls.
"""
from __future__ import annotations

import json
from itertools import chain, islice
from json.encoder import INFINITY, encode_basestring
from pathlib import Path

from .. import graph as G
from ..terms import DEFAULT_BASE_IRI, mention_id

# json.dumps(..., ensure_ascii=False) builds a new encoder per call; one shared encoder gives the same text
_encode = json.JSONEncoder(ensure_ascii=False).encode
_str = encode_basestring                 # what that encoder uses for every str (ensure_ascii=False)
CHUNK = 1000                             # records per batch: its text stays in cache while it is encoded


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


def _chunks(records, size: int):
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def _rendered(chunks, fast, record):
    """Each chunk's lines: `fast(chunk)`, or the generic encoder over `record(*row)` when the chunk
    holds a value the fast path does not take."""
    for chunk in chunks:
        try:
            yield fast(chunk)
        except (TypeError, ValueError):     # a non-str value, a mention row of another shape
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
        self.base = (g.graph.get("base_iri") if g is not None else None) or DEFAULT_BASE_IRI
        self.texts = {d["doc_id"]: d.get("text") or "" for _, d in G.documents(g)} if g is not None else {}

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


# ---------------------------------------------------------------- fast lines
# `S(x)` is the escaper (TypeError unless x is a str); `n if type(n) is int else V(n)` writes an
# exact int as its repr and anything else as json does. Mentions and evidence rows are the named
# tuples of kg.graph (doc, start, end, text|sentence), unpacked in that order. (Measured and not
# kept: a per-chunk memo of escaped strings, column-wise encoding with str.format over map.)

def _entity_lines(chunk: list, view: MentionView) -> list[str]:
    S, J = _str, _encode
    return [
        f'{{"id": {S(iri)}, "type": {S(d["type"])}, "name": {S(d["name"])}, '
        f'"aliases": [{", ".join(map(S, d["aliases"]))}], "mentions": [{_mentions(d["mentions"], view)}], '
        f'"links": {J(dict(d["links"])) if d.get("links") else "{}"}'
        f'{_subtype(d["subtype"]) if d.get("subtype") else _NO_SUBTYPE}}}'
        for iri, d in chunk]


_NO_SUBTYPE = ', "subtype": null'


def _mentions(rows, view: MentionView) -> str:
    """Mention rows (kg.graph.MentionRec) as mention_fields writes them; ValueError for other rows."""
    S, V, extras = _str, _v, view.extras
    out = []
    for doc, start, end, text, _family, s_start, s_end, _code in rows:
        mid, lo, context = extras(doc, start, end)
        out.append(f'{{"doc": {S(doc)}, "start": {start if type(start) is int else V(start)}, '
                   f'"end": {end if type(end) is int else V(end)}, "text": {S(text)}, '
                   f'"id": {V(mid)}, "sentence_start": {s_start if type(s_start) is int else V(s_start)}, '
                   f'"sentence_end": {s_end if type(s_end) is int else V(s_end)}, '
                   f'"context_start": {V(lo)}, "context": {V(context)}}}')
    return ", ".join(out)


def _subtype(subtype) -> str:
    return ', "subtype": ' + _v(subtype)


def _relation_lines(chunk: list) -> list[str]:
    S = _str
    return [f'{{"subject": {S(s)}, "predicate": {S(p)}, "object": {S(o)}, '
            f'"evidence": [{_evidence(d["evidence"])}]}}'
            for s, p, o, d in chunk]


def _evidence(rows) -> str:
    """Evidence rows (kg.graph.EvidenceRec) as relation_record writes them; ValueError for other rows."""
    S, V = _str, _v
    return ", ".join([f'{{"doc": {S(doc)}, "start": {start if type(start) is int else V(start)}, '
                      f'"end": {end if type(end) is int else V(end)}, "sentence": {S(sentence)}, '
                      f'"source": {S(source) if source else "null"}}}'
                      for doc, start, end, sentence, source in rows])


def _figure_lines(chunk: list) -> list[str]:
    S, V = _str, _v
    return [
        f'{{"id": {S(iri)}, "subject": {"null" if f.subject is None else S(f.subject)}, '
        f'"metric": {S(f.metric)}, "value": {f.value if type(f.value) is int else V(f.value)}, '
        f'"unit": {S(f.unit)}, "period": {"null" if f.period is None else S(f.period)}, '
        f'"text": {S(f.text)}, "doc": {S(f.doc)}, '
        f'"start": {f.start if type(f.start) is int else V(f.start)}, '
        f'"end": {f.end if type(f.end) is int else V(f.end)}, "sentence": {S(f.sentence)}}}'
        for iri, f in chunk]


def _document_lines(chunk: list) -> list[str]:
    V = _v
    return [
        f'{{"id": {V(d["doc_id"])}, "title": {V(d["title"])}, "date": {V(d["date"])}, '
        f'"source": {V(d["source"])}, "url": {V(d.get("url"))}, "path": {V(d["path"])}, '
        f'"text": {V(d["text"])}}}'
        for _, d in chunk]


def _entity_texts(g):
    view = MentionView(g)
    # (entity_record looked up at call time: tests replace it to see the fast path taken)
    return _rendered(_chunks(G.entities(g), CHUNK), lambda chunk: _entity_lines(chunk, view),
                     lambda *row: entity_record(*row, view=view))


def _relation_texts(g):
    return _rendered(_chunks(G.relations(g), CHUNK), _relation_lines, relation_record)


def _figure_texts(g):
    return _rendered(_chunks(G.figures(g), CHUNK), _figure_lines, figure_record)


def _document_texts(g):
    return _rendered(_chunks(G.documents(g), max(1, CHUNK // 10)), _document_lines, document_record)   # long texts


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
    """The JSONL files (all, or those named: "entities", "relations", "figures", "documents")."""
    out_dir = Path(out_dir)
    with G.gc_paused():
        for name in names:
            _dump(out_dir / f"{name}.jsonl", _FILES[name](g))

"""The reference exporters the fast writers are tested against.

kg.export.rdf writes graph.ttl as text directly and kg.export.jsonl writes JSON lines
directly, for speed. These are the plain versions: graph.ttl as subject blocks that
`turtle_lines` sorts and abbreviates, and JSONL records as dicts for json.dumps. Tests
check that the fast writers give the same bytes.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from functools import lru_cache

from kg import graph as G
from kg.terms import (A as _A, C, P, Block, Ontology, cnkg, date_literal, decimal_lexical, evidence_iri,
                      external_iri, iri, literal, mention_iri, predicate_term, typed, zh, zh_if_chinese)
from kg.terms import doc_term as _doc


@lru_cache(maxsize=1)           # test oracle only: the ontology read once per test session
def _ontology() -> Ontology:
    return Ontology()


def entity_class(type_: str, subtype: str | None) -> str:
    return _ontology().entity_class(type_, subtype)


def ontology_blocks() -> Iterator[Block]:
    return _ontology().blocks()


# ------------------------------------------------------------------ graph.ttl as blocks

def _offset(n: int) -> str:
    return typed(int(n), "nonNegativeInteger")


def document_blocks(g) -> Iterator[Block]:
    for doc_iri, d in G.documents(g):
        text = d.get("text") or ""
        po = [(_A, cnkg("Document")), (_A, C["Context"]),
              (P["identifier"], literal(d["doc_id"])), (P["isString"], zh(text)),
              (P["begin"], _offset(0)), (P["end"], _offset(len(text)))]
        if d.get("title"):
            po.append((P["title"], zh_if_chinese(d["title"])))
        if d.get("date"):
            po.append((P["date"], date_literal(str(d["date"]))))
        if d.get("source"):
            po.append((P["source"], zh_if_chinese(d["source"])))
        url = external_iri(d.get("url"))
        if url:
            po.append((P["url"], url))
        yield iri(doc_iri), po


def entity_blocks(g) -> Iterator[Block]:
    base = g.graph.get("base_iri", G.DEFAULT_BASE_IRI)
    for ent_iri, d in G.entities(g):
        po = [(_A, entity_class(d["type"], d.get("subtype"))), (P["label"], zh(d["name"]))]
        po += [(P["altLabel"], zh(a)) for a in d.get("aliases") or () if a != d["name"]]
        po += [(cnkg("mentionedIn"), _doc(base, doc)) for doc in sorted({m.doc for m in d["mentions"]})]
        for value in (d.get("links") or {}).values():
            link = external_iri(value)
            if link:
                po.append((P["sameAs"], link))
        yield iri(ent_iri), po


def mention_blocks(g) -> Iterator[Block]:
    """One nif:Phrase per (document, span); a span naming two entities carries both references."""
    base = g.graph.get("base_iri", G.DEFAULT_BASE_IRI)
    spans: dict[tuple[str, int, int], list] = defaultdict(list)
    for ent_iri, d in G.entities(g):
        cls = entity_class(d["type"], d.get("subtype"))
        for m in d["mentions"]:
            spans[(m.doc, m.start, m.end)].append((m.text, ent_iri, cls))
    for (doc, start, end) in sorted(spans):
        refs = spans[(doc, start, end)]
        po = [(_A, C["Phrase"]), (P["context"], _doc(base, doc)),
              (P["begin"], _offset(start)), (P["end"], _offset(end)), (P["anchor"], zh(refs[0][0]))]
        for _, ent_iri, cls in refs:
            po += [(P["identRef"], iri(ent_iri)), (P["classRef"], cls)]
        yield mention_iri(base, doc, start, end), po


def relation_blocks(g) -> Iterator[Block]:
    base = g.graph.get("base_iri", G.DEFAULT_BASE_IRI)
    for s, pred, o, d in G.relations(g):
        yield iri(s), [(predicate_term(pred), iri(o))]
        for ev in d.get("evidence") or ():
            yield evidence_block(base, s, pred, o, ev)


def evidence_block(base: str, s: str, pred: str, o: str, ev) -> Block:
    p = predicate_term(pred)
    po = [(_A, C["Statement"]), (_A, cnkg("Evidence")),
          (P["subject"], iri(s)), (P["predicate"], p), (P["object"], iri(o)),
          (P["derived"], _doc(base, ev.doc)), (P["context"], _doc(base, ev.doc)),
          (P["begin"], _offset(ev.start)), (P["end"], _offset(ev.end))]
    if ev.sentence:
        po.append((cnkg("sentence"), zh(ev.sentence)))
    return evidence_iri(base, s, pred, o, ev.doc, ev.start, ev.end), po


def figure_blocks(g) -> Iterator[Block]:
    base = g.graph.get("base_iri", G.DEFAULT_BASE_IRI)
    for fig_iri, f in G.figures(g):
        doc = _doc(base, f.doc)
        po = [(_A, cnkg("Figure")), (P["derived"], doc), (P["context"], doc),
              (cnkg("unit"), literal(str(f.unit))),
              (P["begin"], _offset(f.start)), (P["end"], _offset(f.end))]
        value = decimal_lexical(f.value)
        if value is not None:
            po.append((cnkg("value"), typed(value, "decimal")))
        if f.subject:
            po.append((cnkg("about"), iri(f.subject)))
        if f.period:                        # normalised (2021-H1), not Chinese text
            po.append((cnkg("period"), literal(str(f.period))))
        for key in ("metric", "text", "sentence"):
            if getattr(f, key):
                po.append((cnkg(key), zh(str(getattr(f, key)))))
        yield iri(fig_iri), po


def all_blocks(g) -> Iterator[Block]:
    yield from ontology_blocks()
    yield from document_blocks(g)
    yield from entity_blocks(g)
    yield from mention_blocks(g)
    yield from relation_blocks(g)
    yield from figure_blocks(g)


def triples(g) -> Iterator[tuple[str, str, str]]:
    """Every triple as N-Triples terms (for tests and the benchmark)."""
    for s, po in all_blocks(g):
        for p, o in po:
            yield s, p, o


# ------------------------------------------------------------------ Turtle text


# ------------------------------------------------------------------ JSONL records

def entity_records(g):
    for node, d in G.entities(g):
        mentions = [{"doc": m.doc, "start": m.start, "end": m.end, "text": m.text} for m in d["mentions"]]
        rec = {"id": node, "type": d["type"], "name": d["name"], "aliases": list(d["aliases"]),
               "mentions": mentions, "links": dict(d.get("links") or {})}
        if d.get("subtype"):
            rec["subtype"] = d["subtype"]
        yield rec


def relation_records(g):
    for s, p, o, d in G.relations(g):
        evidence = [{"doc": e.doc, "start": e.start, "end": e.end, "sentence": e.sentence} for e in d["evidence"]]
        yield {"subject": s, "predicate": p, "object": o, "evidence": evidence}


def figure_records(g):
    for node, f in G.figures(g):
        yield {"id": node, "subject": f.subject, "metric": f.metric, "value": f.value,
               "unit": f.unit, "period": f.period, "text": f.text, "doc": f.doc,
               "start": f.start, "end": f.end, "sentence": f.sentence}


def document_records(g):
    for _, d in G.documents(g):
        yield {"id": d["doc_id"], "title": d["title"], "date": d["date"], "source": d["source"],
               "url": d.get("url"), "path": d["path"], "text": d["text"]}


# ---------------------------------------------------------------- lines (what is written)

# In the loops below, `S(x) if type(x) is str else _v(x)` and `x if type(x) is int else _v(x)` are
# _v's two common cases inlined (an exact int formats as its repr); the lines are ~1.5x faster so.

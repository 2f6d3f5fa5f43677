"""The one in-memory model: a networkx MultiDiGraph every exporter reads.

Nodes (key = IRI):
  kind="document": doc_id, title, date, source, url, path, text
  kind="entity":   type, subtype, name, aliases (str, ...), mentions (MentionRec, ...), links {}
  kind="figure":   figure: the kg.model.Figure itself (iri, subject IRI|None, metric, value, unit,
                   period, text, doc, start, end, sentence), shared with the resolver, not copied
Edges:
  entity -> entity, key=predicate, kind="relation", predicate, evidence (EvidenceRec, ...)
  figure -> entity, key="about", kind="about"
  entity -> document, key="mentionedIn", kind="source"
A figure's document is `figure.doc` (no edge: 400k figures would cost 400k edges).
Mentions and evidence are sorted, duplicate-free tuples of named tuples (field access by name,
tuple memory).
Graph attributes: base_iri, rules_version.
All accessors return records in a deterministic order (sorted by IRI; relations by subject,
predicate, object); `figures(g)` yields (IRI, Figure). Their sorted lists are computed once per
graph state (see _cached).
"""
from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import NamedTuple

import networkx as nx

from .model import Document, Entity, Figure, Relation
from .terms import DEFAULT_BASE_IRI, doc_iri  # noqa: F401  (kg.graph's public names since before kg.terms)


class MentionRec(NamedTuple):
    doc: str
    start: int
    end: int
    text: str
    # the linker's additions (kg.model.Mention): the rule family, the sentence's span, the division code
    family: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    code: str = ""


class EvidenceRec(NamedTuple):
    doc: str
    start: int
    end: int
    sentence: str
    source: str = ""          # "": the sentence states it; else the table it comes from (kg.model.Evidence)


class IRICollisionError(ValueError):
    """Two different document ids were given one IRI: building on would merge one into the other."""


def doc_iris(base: str, doc_ids: Iterable[str], mint=doc_iri) -> dict[str, str]:
    """Each id's IRI (`mint`: how an IRI is made from base and id); raises IRICollisionError, naming
    both ids, when two ids get the same IRI: an error, never one document silently dropped."""
    out: dict[str, str] = {}
    owner: dict[str, str] = {}
    for doc_id in doc_ids:
        if doc_id in out:
            continue
        iri = out[doc_id] = mint(base, doc_id)
        other = owner.setdefault(iri, doc_id)
        if other != doc_id:
            raise IRICollisionError(f"documents {other!r} and {doc_id!r} would both get the IRI {iri}")
    return out


def _unique_sorted(rows: list) -> tuple:
    """sorted(set(rows)) without hashing every (long) sentence: sort, then drop adjacent repeats."""
    rows.sort()
    out = []
    last = None
    for r in rows:
        if r != last:
            out.append(r)
            last = r
    return tuple(out)


_mention = partial(tuple.__new__, MentionRec)     # C-speed constructors (NamedTuple's __new__ is Python)
_evidence = partial(tuple.__new__, EvidenceRec)


@contextmanager
def gc_paused():
    """Pause the cyclic garbage collector: building or exporting a big graph makes ~10^6
    containers and no cycles, and every collection would rescan the whole heap."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def build_graph(documents: Iterable[Document], entities: Iterable[Entity],
                relations: Iterable[Relation], figures: Iterable[Figure],
                base_iri: str = DEFAULT_BASE_IRI, rules_version: str = "") -> nx.MultiDiGraph:
    """The graph of the schema above."""
    with gc_paused():
        return _build(documents, entities, relations, figures, base_iri, rules_version)


def _build(documents, entities, relations, figures, base_iri, rules_version) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(base_iri=base_iri, rules_version=rules_version)
    documents = list(documents)
    doc_node = doc_iris(base_iri, (d.id for d in documents))
    doc_rows = []
    for d in documents:
        iri = doc_node[d.id]
        doc_rows.append((iri, {"kind": "document", "doc_id": d.id, "title": d.title, "date": d.date,
                               "source": d.source, "url": d.url, "path": d.path, "text": d.text}))
    doc_rows.sort(key=lambda r: r[0])
    g.add_nodes_from(doc_rows)
    del doc_rows

    ent_rows = []
    for e in entities:
        mentions = _unique_sorted([_mention((m.doc, m.start, m.end, m.text, m.family, m.sentence_start,
                                              m.sentence_end, m.code)) for m in e.mentions])
        ent_rows.append((e.iri, {"kind": "entity", "type": e.type, "subtype": e.subtype, "name": e.name,
                                 "aliases": tuple(sorted(set(e.aliases) - {e.name})),
                                 "mentions": mentions, "links": dict(e.links)}))
    ent_rows.sort(key=lambda r: r[0])
    g.add_nodes_from(ent_rows)
    # (networkx's public calls: storing into its private _node/_succ/_pred instead saved 0.6 of 36
    # CPU seconds of a 5,000-document build, under 5 %: dropped, issue 16, bench/ablation.py)
    g.add_edges_from((iri, doc_node[doc], "mentionedIn", {"kind": "source"})
                     for iri, attrs in ent_rows for doc in _first_docs(attrs["mentions"]))
    del ent_rows

    g.add_edges_from((r.subject, r.object, r.predicate,
                      {"kind": "relation", "predicate": r.predicate,
                       "evidence": _unique_sorted([_evidence((v.doc, v.start, v.end, v.sentence, v.source))
                                                   for v in r.evidence])})
                     for r in relations)

    figs = sorted(figures, key=lambda f: f.iri)
    g.add_nodes_from((f.iri, {"kind": "figure", "figure": f}) for f in figs)
    g.add_edges_from((f.iri, f.subject, "about", {"kind": "about"}) for f in figs if f.subject is not None)
    return g


def _first_docs(mentions: tuple) -> Iterator[str]:
    """The documents of mentions sorted by document, each once."""
    last = None
    for m in mentions:
        if m.doc != last:
            yield m.doc
            last = m.doc


# The accessors' sorted lists are computed once per graph state and kept in the graph's own
# cache dict, which networkx clears whenever a node or an edge is added or removed (changing a
# node's `kind` in place is not seen: nothing does that). The exporters call them ~15 times.
_KINDS, _RELATIONS = "kg.graph.kinds", "kg.graph.relations"


def _cached(g, key: str, compute):
    cache = getattr(g, "__networkx_cache__", None)
    if cache is None or type(g._node) is not dict:     # noqa: SLF001 - views: their base may change
        return compute(g)
    out = cache.get(key)
    if out is None:
        out = cache[key] = compute(g)
    return out


def _sorted_kinds(g) -> dict:
    by_kind: dict = {}
    for n, d in g._node.items():             # noqa: SLF001 - the plain dict behind g.nodes, for speed
        by_kind.setdefault(d.get("kind"), []).append(n)
    for nodes in by_kind.values():
        nodes.sort()
    return by_kind


def _sorted_relations(g) -> list:
    succ = g._succ                           # noqa: SLF001 - figures and documents start no relation
    rows = [(u, k, v, d)
            for u, a in g._node.items() if a.get("kind") not in ("figure", "document")  # noqa: SLF001
            for v, keys in succ[u].items()
            for k, d in keys.items() if d.get("kind") == "relation"]
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return rows


def _graph(g) -> nx.MultiDiGraph:
    """The graph itself, also when given its Records (the accessors take either)."""
    return g._g if isinstance(g, Records) else g     # noqa: SLF001 - this module's own class


def _nodes(g: nx.MultiDiGraph, kind: str) -> Iterator[tuple[str, dict]]:
    g = _graph(g)
    attrs = g._node                          # noqa: SLF001
    return ((n, attrs[n]) for n in _cached(g, _KINDS, _sorted_kinds).get(kind, ()))


def documents(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict]]:
    return _nodes(g, "document")


def entities(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict]]:
    return _nodes(g, "entity")


def figures(g: nx.MultiDiGraph) -> Iterator[tuple[str, Figure]]:
    """(IRI, kg.model.Figure), sorted by IRI."""
    g = _graph(g)
    attrs = g._node                          # noqa: SLF001
    return ((n, attrs[n]["figure"]) for n in _cached(g, _KINDS, _sorted_kinds).get("figure", ()))


def relations(g: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict]]:
    """(subject IRI, predicate, object IRI, attrs), sorted."""
    return iter(_cached(_graph(g), _RELATIONS, _sorted_relations))


class Records:
    """What the exporters read: a graph's resolved records as plain iterators, each kind sorted as
    the accessors above sort it (entities, figures and documents by IRI, relations by subject,
    predicate, object), with the build's base IRI and rules version. Exporters take Records, never
    the networkx graph itself: how the records are stored is this module's business."""
    __slots__ = ("_g", "base_iri", "rules_version")

    def __init__(self, g: nx.MultiDiGraph):
        self._g = g
        self.base_iri: str = g.graph.get("base_iri", DEFAULT_BASE_IRI)
        self.rules_version: str = g.graph.get("rules_version", "")

    def entities(self) -> Iterator[tuple[str, dict]]:
        """(IRI, {type, subtype, name, aliases, mentions: (MentionRec, ...), links})."""
        return entities(self._g)

    def relations(self) -> Iterator[tuple[str, str, str, dict]]:
        """(subject IRI, predicate, object IRI, {evidence: (EvidenceRec, ...)})."""
        return relations(self._g)

    def figures(self) -> Iterator[tuple[str, Figure]]:
        return figures(self._g)

    def documents(self) -> Iterator[tuple[str, dict]]:
        """(IRI, {doc_id, title, date, source, url, path, text})."""
        return documents(self._g)


def records(source) -> Records:
    """`source` as Records: a graph of this module's schema (or a view of one), or Records already."""
    return source if isinstance(source, Records) else Records(source)

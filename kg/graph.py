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
tuple memory); edges that carry only their kind share one read-only attribute mapping.
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
from types import MappingProxyType
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


# Edges that carry nothing but their kind share one read-only attribute mapping (memory:
# a dict per edge is ~200 bytes, and big builds have ~10^6 such edges).
ABOUT_ATTRS = MappingProxyType({"kind": "about"})
SOURCE_ATTRS = MappingProxyType({"kind": "source"})

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
    add = _Adder(g)
    documents = list(documents)
    doc_node = doc_iris(base_iri, (d.id for d in documents))
    doc_rows = []
    for d in documents:
        iri = doc_node[d.id]
        doc_rows.append((iri, {"kind": "document", "doc_id": d.id, "title": d.title, "date": d.date,
                               "source": d.source, "url": d.url, "path": d.path, "text": d.text}))
    doc_rows.sort(key=lambda r: r[0])
    for iri, attrs in doc_rows:
        add.node(iri, attrs)
    del doc_rows

    ent_rows = []
    for e in entities:
        mentions = _unique_sorted([_mention((m.doc, m.start, m.end, m.text, m.family, m.sentence_start,
                                              m.sentence_end, m.code)) for m in e.mentions])
        ent_rows.append((e.iri, {"kind": "entity", "type": e.type, "subtype": e.subtype, "name": e.name,
                                 "aliases": tuple(sorted(set(e.aliases) - {e.name})),
                                 "mentions": mentions, "links": dict(e.links)}))
    ent_rows.sort(key=lambda r: r[0])
    for iri, attrs in ent_rows:
        add.node(iri, attrs)
    for iri, attrs in ent_rows:
        last = None
        for m in attrs["mentions"]:          # sorted by document
            if m.doc != last:
                add.new_edge(iri, doc_node[m.doc], "mentionedIn", SOURCE_ATTRS)
                last = m.doc
    del ent_rows

    for r in relations:
        add.edge(r.subject, r.object, r.predicate,
                 {"kind": "relation", "predicate": r.predicate,
                  "evidence": _unique_sorted([_evidence((v.doc, v.start, v.end, v.sentence, v.source))
                                              for v in r.evidence])})

    figs = sorted(figures, key=lambda f: f.iri)
    for f in figs:
        add.node(f.iri, {"kind": "figure", "figure": f})
    for f in figs:
        if f.subject is not None:
            add.new_edge(f.iri, f.subject, "about", ABOUT_ATTRS)
    return g        # (a new graph: networkx's accessor cache is still empty)


class _Adder:
    """networkx's add_node/add_edge for a MultiDiGraph without their per-call overhead (the graph
    build is half the export time otherwise). Same resulting structure: a new node gets empty
    succ/pred dicts, an edge is keydict[key] = attrs shared by succ[u][v] and pred[v][u]; later
    attributes for an existing node or edge key are merged as networkx does."""

    def __init__(self, g: nx.MultiDiGraph):
        self.node_attrs, self.succ, self.pred = g._node, g._succ, g._pred   # noqa: SLF001

    def node(self, n, attrs: dict) -> None:
        if n in self.node_attrs:
            self.node_attrs[n].update(attrs)
            return
        self.node_attrs[n] = attrs
        self.succ[n] = {}
        self.pred[n] = {}

    def new_edge(self, u, v, key, attrs) -> None:
        """`edge` for the usual case of two existing nodes not linked yet, in three dict stores
        (~10^5 mention and figure edges per big build); anything else goes to `edge`."""
        out = self.succ.get(u)
        if out is None or v in out or v not in self.pred:
            self.edge(u, v, key, attrs)
            return
        out[v] = self.pred[v][u] = {key: attrs}

    def edge(self, u, v, key, attrs) -> None:
        for n in (u, v):
            if n not in self.node_attrs:
                if n is None:
                    raise ValueError("None cannot be a node")
                self.node(n, {})
        keys = self.succ[u].get(v)
        if keys is None:
            keys = self.succ[u][v] = self.pred[v][u] = {}
        if key in keys:
            merged = dict(keys[key])
            merged.update(attrs)
            attrs = merged
        keys[key] = attrs


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


def _nodes(g: nx.MultiDiGraph, kind: str) -> Iterator[tuple[str, dict]]:
    attrs = g._node                          # noqa: SLF001
    return ((n, attrs[n]) for n in _cached(g, _KINDS, _sorted_kinds).get(kind, ()))


def documents(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict]]:
    return _nodes(g, "document")


def entities(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict]]:
    return _nodes(g, "entity")


def figures(g: nx.MultiDiGraph) -> Iterator[tuple[str, Figure]]:
    """(IRI, kg.model.Figure), sorted by IRI."""
    attrs = g._node                          # noqa: SLF001
    return ((n, attrs[n]["figure"]) for n in _cached(g, _KINDS, _sorted_kinds).get("figure", ()))


def relations(g: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict]]:
    """(subject IRI, predicate, object IRI, attrs), sorted."""
    return iter(_cached(g, _RELATIONS, _sorted_relations))

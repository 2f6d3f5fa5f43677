"""The one in-memory model: a networkx MultiDiGraph every exporter reads.

Nodes (key = IRI):
  kind="document": doc_id, title, date, source, url, path, text
  kind="entity":   type, subtype, name, aliases [str], mentions [{doc,start,end,text}], links {}
  kind="figure":   metric, value, unit, period, text, doc, start, end, sentence, subject (IRI|None)
Edges:
  entity -> entity, key=predicate, kind="relation", evidence [{doc,start,end,sentence}]
  figure -> entity, key="about", kind="about"
  entity|figure -> document, key="mentionedIn", kind="source"
Graph attributes: base_iri, rules_version.
All accessors return records in a deterministic order.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
import networkx as nx

from .model import Document, Entity, Figure, Relation
from .resolve import iri_segment

DEFAULT_BASE_IRI = "https://w3id.org/cnkg/id/"


def doc_iri(base: str, doc_id: str) -> str:
    return f"{base}doc/{iri_segment(doc_id)}"


def build_graph(documents: Iterable[Document], entities: Iterable[Entity],
                relations: Iterable[Relation], figures: Iterable[Figure],
                base_iri: str = DEFAULT_BASE_IRI, rules_version: str = "") -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(base_iri=base_iri, rules_version=rules_version)
    doc_node = {}
    for d in documents:
        iri = doc_iri(base_iri, d.id)
        doc_node[d.id] = iri
        g.add_node(iri, kind="document", doc_id=d.id, title=d.title, date=d.date,
                   source=d.source, url=d.url, path=d.path, text=d.text)
    for e in entities:
        mentions = sorted({(m.doc, m.start, m.end, m.text) for m in e.mentions})
        g.add_node(e.iri, kind="entity", type=e.type, subtype=e.subtype, name=e.name,
                   aliases=sorted(set(e.aliases) - {e.name}),
                   mentions=[dict(doc=d, start=s, end=t, text=x) for d, s, t, x in mentions],
                   links=dict(e.links))
        for d in sorted({m[0] for m in mentions}):
            g.add_edge(e.iri, doc_node[d], key="mentionedIn", kind="source")
    for r in relations:
        ev = sorted({(v.doc, v.start, v.end, v.sentence) for v in r.evidence})
        g.add_edge(r.subject, r.object, key=r.predicate, kind="relation", predicate=r.predicate,
                   evidence=[dict(doc=d, start=s, end=t, sentence=x) for d, s, t, x in ev])
    for f in figures:
        g.add_node(f.iri, kind="figure", subject=f.subject, metric=f.metric, value=f.value, unit=f.unit,
                   period=f.period, text=f.text, doc=f.doc, start=f.start, end=f.end, sentence=f.sentence)
        if f.subject is not None:
            g.add_edge(f.iri, f.subject, key="about", kind="about")
        g.add_edge(f.iri, doc_node[f.doc], key="mentionedIn", kind="source")
    return g


def _nodes(g: nx.MultiDiGraph, kind: str) -> Iterator[tuple[str, dict]]:
    for n in sorted(n for n, k in g.nodes(data="kind") if k == kind):
        yield n, g.nodes[n]


def documents(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict]]:
    return _nodes(g, "document")


def entities(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict]]:
    return _nodes(g, "entity")


def figures(g: nx.MultiDiGraph) -> Iterator[tuple[str, dict]]:
    return _nodes(g, "figure")


def relations(g: nx.MultiDiGraph) -> Iterator[tuple[str, str, str, dict]]:
    """(subject IRI, predicate, object IRI, attrs), sorted."""
    rows = [(u, k, v, d) for u, v, k, d in g.edges(keys=True, data=True) if d.get("kind") == "relation"]
    return iter(sorted(rows, key=lambda r: (r[0], r[1], r[2])))

"""`kg viz`: a view of a built graph (an ego-graph and/or a type filter) as an HTML page.

Reads an output folder's JSONL files (the output contract) back into the graph the exporters
read, selects the part to draw and has kg.export.html write it.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

import networkx as nx

from .. import graph as G
from ..export.html import LABELS, TYPE_STYLE, write_html
from ..model import Document, Entity, Evidence, Figure, Mention, Relation


def _simplifier() -> Callable[[str], str] | None:
    """Traditional -> simplified for a typed name, or None when OpenCC is not at hand."""
    try:
        from ..normalise import Simplifier
        return Simplifier().convert
    except Exception:  # the converter is a convenience here, never a reason to fail
        return None


def run_viz_cli(args) -> int:
    """`kg viz OUT_DIR [--focus NAME] [--depth N] [--types T1,T2] [-o FILE]`."""
    out_dir = Path(args.out_dir)
    if not (out_dir / "entities.jsonl").is_file():
        print(f"kg: no built graph in {out_dir} (entities.jsonl missing); run kg build first", file=sys.stderr)
        return 2
    if args.depth is not None and args.depth < 0:
        print("kg: --depth must be 0 or more", file=sys.stderr)
        return 2
    types = [t.strip() for t in (args.types or "").split(",") if t.strip()]
    unknown = [t for t in types if t not in TYPE_STYLE]
    if unknown:
        print(f"kg: unknown type(s) {', '.join(unknown)}; choose from {', '.join(TYPE_STYLE)}", file=sys.stderr)
        return 2
    g = load_graph(out_dir)
    focus_iri = None
    if args.focus:
        focus_iri, candidates = find_entity(g, args.focus, _simplifier())
        if focus_iri is None:
            hint = f"; did you mean: {', '.join(candidates)}" if candidates else ""
            print(f"kg: no entity named {args.focus!r}{hint}", file=sys.stderr)
            return 2
    view = select_view(g, focus=focus_iri, depth=args.depth if args.depth is not None else 1, types=types)
    parts = []
    if focus_iri:
        parts.append(LABELS["viz_focus"].format(name=g.nodes[focus_iri]["name"], depth=args.depth))
    if types:
        parts.append(LABELS["viz_types"].format(
            types=LABELS["viz_type_separator"].join(TYPE_STYLE[t][0] for t in types)))
    target = Path(args.output) if args.output else out_dir / "view.html"
    title = (LABELS["viz_title_focus"].format(name=g.nodes[focus_iri]["name"]) if focus_iri
             else LABELS["viz_title"])
    stats = write_html(view, target, title=title, note=LABELS["note_separator"].join(parts))
    print(f"kg viz -> {target}  ({stats['entities']} entities, {stats['figures']} figures, "
          f"{stats['edges']} edges)")
    return 0


def load_graph(out_dir) -> nx.MultiDiGraph:
    """Rebuild the networkx graph from an output folder's JSONL files (the output contract)."""
    out_dir = Path(out_dir)

    def rows(name):
        p = out_dir / name
        if not p.is_file():
            return []
        with open(p, encoding="utf-8") as fh:
            return [json.loads(line) for line in fh if line.strip()]

    docs = [Document(id=r["id"], path=r.get("path", ""), text=r.get("text", ""), title=r.get("title"),
                     date=r.get("date"), source=r.get("source"), url=r.get("url"))
            for r in rows("documents.jsonl")]
    known = {d.id for d in docs}
    ents = []
    for r in rows("entities.jsonl"):
        mentions = [Mention(doc=m["doc"], start=m["start"], end=m["end"], text=m["text"], type=r["type"])
                    for m in r.get("mentions", []) if m["doc"] in known]
        ents.append(Entity(iri=r["id"], type=r["type"], name=r["name"], subtype=r.get("subtype"),
                           aliases=list(r.get("aliases", [])), mentions=mentions, links=r.get("links") or {}))
    ent_ids = {e.iri for e in ents}
    rels = [Relation(subject=r["subject"], predicate=r["predicate"], object=r["object"],
                     evidence=[Evidence(e["doc"], e["start"], e["end"], e.get("sentence", ""))
                               for e in r.get("evidence", [])])
            for r in rows("relations.jsonl") if r["subject"] in ent_ids and r["object"] in ent_ids]
    figs = [Figure(iri=r["id"], subject=r.get("subject") if r.get("subject") in ent_ids else None,
                   metric=r.get("metric", ""), value=r["value"], unit=r.get("unit", ""), period=r.get("period"),
                   text=r.get("text", ""), doc=r["doc"], start=r["start"], end=r["end"],
                   sentence=r.get("sentence", ""))
            for r in rows("figures.jsonl") if r["doc"] in known]
    return G.build_graph(docs, ents, rels, figs)


def fold_name(name: str, simplify: Callable[[str], str] | None = None) -> str:
    """Simplified (by `simplify`, when given), NFKC (full-width -> half-width), lower-case, no spaces,
    quotes or 《》: how a typed name is compared with entity names."""
    if simplify is not None:
        try:
            name = simplify(name)
        except Exception:  # the converter is a convenience here, never a reason to fail
            pass
    return re.sub(LABELS["viz_fold_drop"], "", unicodedata.normalize("NFKC", name)).lower()


def find_entity(g, name: str, simplify: Callable[[str], str] | None = None) -> tuple[str | None, list[str]]:
    """The entity called `name` (canonical name first, then aliases), else up to 5 near names
    (names compared folded: fold_name with `simplify`)."""
    def fold(x: str) -> str:
        return fold_name(x, simplify)

    want = fold(name)
    by_alias = None
    near = []
    for iri, d in G.entities(g):
        if fold(d["name"]) == want:
            return iri, []
        if by_alias is None and any(fold(a) == want for a in d["aliases"]):
            by_alias = iri
        if want and want in fold(d["name"]) and len(near) < 5:
            near.append(d["name"])
    return by_alias, ([] if by_alias else near)


def select_view(g, focus: str | None = None, depth: int = 1, types=()) -> nx.MultiDiGraph:
    """The part of `g` that `kg viz` draws: an ego-graph over relations and/or a type filter.

    Figures come along with the entities they are about; documents are kept for titles.
    """
    ent = {n for n, _ in G.entities(g)}
    keep = set(ent)
    if focus is not None:
        und = nx.Graph()
        und.add_nodes_from(ent)
        und.add_edges_from((s, o) for s, _, o, _ in G.relations(g))
        keep = set(nx.ego_graph(und, focus, radius=depth))
    if types:
        keep = {n for n in keep if g.nodes[n]["type"] in types or n == focus}
    figs = {n for n, f in G.figures(g) if f.subject in keep}
    docs = {n for n, _ in G.documents(g)}
    return g.subgraph(keep | figs | docs).copy()

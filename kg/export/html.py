"""graph.html: an interactive, self-contained view of the graph (issue 5); `kg viz` draws with it.

Node and edge records are the ones pyvis's Node and Edge make (built here as
plain dicts, which is cheaper; a test compares them), rendered through our own
template, because pyvis 0.3.2 always links Bootstrap from a CDN and writes
files without an encoding. Everything the page needs is
inlined (vis-network from pyvis's lib/ folder, our CSS and JS), so it opens
from disk with no network; a Content-Security-Policy forbids any fetch.

Data from the input (names, sentences, titles) only ever reaches the page as
JSON inside a <script type="application/json"> block with <, > and &
escaped, and the page writes it with textContent, never innerHTML.

Positions are computed here (networkx's spring layout for up to HUB_LIMIT
entities, the rest placed around their best-connected neighbour) and physics
is off, so large graphs open at once and the file is byte-identical for the
same graph.
"""
from __future__ import annotations

import html as _html
import json
import math
import re
from collections import Counter, defaultdict, deque
from functools import lru_cache
from heapq import nsmallest
from itertools import chain
from operator import attrgetter, itemgetter
from pathlib import Path
from types import MappingProxyType

import networkx as nx
import yaml

from .. import graph as G

ASSETS = Path(__file__).parent / "html_assets"
MAX_NODES = 5000          # drawn nodes (entities + figures) before the page shows a bounded part
HUB_LIMIT = 400           # entities laid out by the spring model; the rest go around their anchors
SEED = 7
MAX_EVIDENCE = 4          # supporting sentences per node in the side panel
MAX_FIGURES = 8           # key figures per entity in the side panel
SENTENCE_CAP = 160        # characters of context kept around a mention

FONT_STACK = ('"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans", sans-serif')


def load_labels(path: Path = ASSETS / "labels.yaml") -> MappingProxyType:
    """The words the page shows (html_assets/labels.yaml: UI text, kept out of the code like the page's
    other assets), read-only."""
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    missing = sorted(_LABEL_KEYS - set(data or ()))
    if missing:
        raise ValueError(f"{path}: missing label(s) {', '.join(missing)}")
    return _frozen(data)


def _frozen(value):
    """Mappings read-only and lists tuples, all the way down."""
    if isinstance(value, dict):
        return MappingProxyType({k: _frozen(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(map(_frozen, value))
    return value


_LABEL_KEYS = {"title", "types", "figure", "other", "predicates", "units", "scales", "scaled_units",
               "region_subtypes", "sentence_end", "note_separator", "bounded_note", "viz_title",
               "viz_title_focus", "viz_focus", "viz_types", "viz_type_separator", "fold_drop", "viz_fold_drop"}
LABELS = load_labels()      # read once, on import: shipped with kg, never changed

# type -> (vis shape, colour); label-outside shapes so size can follow degree
_TYPE_LOOK = {
    "Region": ("dot", "#4e79a7"),
    "Company": ("square", "#f28e2b"),
    "Organization": ("triangle", "#e15759"),
    "Project": ("diamond", "#59a14f"),
    "Policy": ("star", "#b07aa1"),
    "Industry": ("hexagon", "#76b7b2"),
    "Person": ("triangleDown", "#d4a72c"),
}
# type -> (label, vis shape, colour), in the labels' legend order
TYPE_STYLE = MappingProxyType({t: (zh, *_TYPE_LOOK[t]) for t, zh in LABELS["types"].items()})
FIGURE_STYLE = (LABELS["figure"], "dot", "#9c9c9c")
UNKNOWN_STYLE = (LABELS["other"], "dot", "#7f7f7f")
PREDICATE_LABEL = LABELS["predicates"]
UNIT_LABEL = LABELS["units"]
SUBTYPE_LABEL = LABELS["region_subtypes"]
SCALES = tuple((float(scale), word) for scale, word in LABELS["scales"])    # float: as 1e8 divided before
SCALED_UNITS = LABELS["scaled_units"]
_SENTENCE_END = re.compile(LABELS["sentence_end"])
_THROUGH_LAST_END = re.compile(".*" + _SENTENCE_END.pattern, re.S)   # greedy: up to the last end


# ---------------------------------------------------------------- public API

def write_html(g, path, *, title: str | None = None, note: str = "",
               max_nodes: int = MAX_NODES) -> dict:
    """Write the self-contained page for `g` (kg.graph.Records, or a graph; title: LABELS' title when
    None); returns the page's summary counts."""
    if title is None:
        title = LABELS["title"]
    with G.gc_paused():
        data = view_data(g, max_nodes=max_nodes, title=title, note=note)
        page = render_page(data, title)
    Path(path).write_text(page, encoding="utf-8", newline="\n")
    return data["stats"]


# ---------------------------------------------------------------- page data

def view_data(g, *, max_nodes: int = MAX_NODES, title: str = "", note: str = "") -> dict:
    """Everything the page shows, as plain JSON-able data in a deterministic order. g:
    kg.graph.Records, or a graph (or a view of one) they are read from."""
    g = G.records(g)
    ents = dict(g.entities())
    figs_of, n_figs = _figures_of(g.figures(), ents)
    all_rels = rels = [r for r in g.relations() if r[0] in ents and r[2] in ents]
    degree = _degrees(ents, rels, figs_of)
    # figs: IRI -> Figure for the drawn figures (or all of them): a dict of every figure of a big
    # graph costs more than everything else here, as it reads every IRI string's hash
    if len(ents) + n_figs <= max_nodes:
        figs = dict(g.figures())
        drawn = set(ents) | set(figs)
    else:
        drawn, figs = select_drawn(ents, rels, figs_of, degree, max_nodes)
    drawn_figs = sorted(n for n in drawn if n in figs)
    order = sorted(n for n in drawn if n in ents) + drawn_figs
    ids = {n: i for i, n in enumerate(order)}
    # the relations and figure->subject pairs between drawn nodes, in IRI order
    rels = [r for r in rels if r[0] in ids and r[2] in ids]
    about = [(f, s) for f, s in ((f, figs[f].subject) for f in drawn_figs) if s in ents and s in ids]
    docs = [d for _, d in g.documents()]
    doc_index = {d["doc_id"]: i for i, d in enumerate(docs)}
    doc_text = _Texts({d["doc_id"]: d.get("text") or "" for d in docs})

    adj = _adjacency(rels, about)
    labels = {n: ents[n]["name"] if n in ents else (figs[n].text or "") for n in order}
    group = {n: ents[n]["type"] if n in ents else "Figure" for n in order}
    pos = compute_layout(order, adj, ents, labels, group)

    nodes, info = [], []
    for n in order:
        if n in ents:
            nodes.append(_entity_node(ids[n], ents[n], len(adj[n]), pos[n]))
            info.append(_entity_info(n, ents[n], figs_of.get(n, ()), doc_text, doc_index, degree[n]))
        else:
            subj = figs[n].subject if figs[n].subject in ents else None
            nodes.append(_figure_node(ids[n], figs[n], ents[subj]["type"] if subj else None, pos[n]))
            info.append(_figure_info(n, figs[n], ents[subj]["name"] if subj else None, doc_text, doc_index))
    edges, edge_info = _edges(ids, rels, about, doc_index)

    stats = {
        "entities": sum(1 for n in order if n in ents), "figures": sum(1 for n in order if n in figs),
        "edges": len(edges), "relations": sum(1 for e in edges if e["p"] != "about"), "documents": len(docs),
        "total_entities": len(ents), "total_figures": n_figs, "nodes": len(order),
        "total_nodes": len(ents) + n_figs, "bounded": len(order) < len(ents) + n_figs,
        "isolated": sum(1 for n in order if not adj[n]),
    }
    if stats["bounded"]:
        bound_note = LABELS["bounded_note"].format(nodes=stats["nodes"], total_nodes=stats["total_nodes"])
        note = f"{note}{LABELS['note_separator']}{bound_note}" if note else bound_note
    return {
        "title": title, "note": note, "stats": stats, "options": _vis_options(large=len(order) > 300),
        "nodes": nodes, "edges": edges, "info": info, "einfo": edge_info,
        "docs": [[d.get("title") or d["doc_id"], d.get("date") or ""] for d in docs],
        **_legend(nodes, edges, stats["figures"]),
        "subtypes": dict(SUBTYPE_LABEL), "units": dict(UNIT_LABEL),
        # unconnected nodes: hidden behind a toggle, laid out in groups by type below the graph
        "isolated": [ids[n] for n in order if not adj[n]],
        "looks": {t: list(style) for t, style in chain(TYPE_STYLE.items(), [("Other", UNKNOWN_STYLE)])},
        "more": search_index(ents, all_rels, ids),
    }


MAX_INDEX_NEIGHBOURS = 40   # relations kept per undrawn entity in the search index (its neighbourhood)


def search_index(ents: dict, rels, ids: dict) -> dict:
    """The entities that are not drawn, for the page's search and for bringing one into view with its
    neighbourhood: only name, aliases, type and relations, compactly. Rows are
    [name, aliases, type number, relations], in IRI order; row k is node id len(ids) + k. A relation is
    two numbers, predicate number and the other end's node id, that id written as -1 - id when the
    other end is the subject (drawn ends have ids below len(ids))."""
    extra = sorted(e for e in ents if e not in ids)
    if not extra:
        return {"types": [], "preds": [], "rows": []}
    node_id = {e: len(ids) + k for k, e in enumerate(extra)}
    node_id.update(ids)
    types = sorted({ents[e]["type"] for e in extra})
    preds = sorted({p for s, p, o, _ in rels if s in node_id and o in node_id})
    type_no, pred_no = {t: i for i, t in enumerate(types)}, {p: i for i, p in enumerate(preds)}
    links = defaultdict(set)
    for s, p, o, _ in rels:
        if s == o or s not in node_id or o not in node_id:
            continue
        if s not in ids:
            links[s].add((node_id[o], pred_no[p]))
        if o not in ids:
            links[o].add((-1 - node_id[s], pred_no[p]))
    rows = []
    for e in extra:
        d = ents[e]
        # drawn neighbours first (they anchor the entity in the view), then by id
        near = sorted(links.get(e, ()), key=lambda l: (abs(l[0] + 0.5) >= len(ids), abs(l[0] + 0.5), l[1]))
        flat = [n for other, p in near[:MAX_INDEX_NEIGHBOURS] for n in (p, other)]
        rows.append([d["name"] or "?", list(d.get("aliases", [])), type_no[d["type"]], flat])
    return {"types": types, "preds": preds, "rows": rows}


def _adjacency(rels, about) -> dict:
    """Undirected neighbours among the drawn nodes (relations and figure->subject), given the
    drawn relations and pairs."""
    adj = defaultdict(set)
    pairs = [(s, o) for s, _, o, _ in rels] + about
    for a, b in pairs:
        if a != b:
            adj[a].add(b)
            adj[b].add(a)
    # in IRI order: the layout adds up neighbours' positions in this order, and a set's order (so
    # the floats' last bits) changes with PYTHONHASHSEED
    return defaultdict(tuple, {n: tuple(sorted(vs)) for n, vs in adj.items()})


# Node and edge records are vis-network's (the fields pyvis's Node and Edge would give them);
# built as plain dicts here, as pyvis's add_node/add_edge scan every id so far (quadratic).

def _entity_node(node_id: int, d: dict, degree: int, xy) -> dict:
    _, shape, colour = TYPE_STYLE.get(d["type"], UNKNOWN_STYLE)
    node = {"color": _colour(colour), "size": _node_size(degree), "x": xy[0], "y": xy[1],
            "t": d["type"] if d["type"] in TYPE_STYLE else "Other",
            "id": node_id, "label": d["name"] or "?", "shape": shape}
    if _label_font(degree, True) != 14.0:    # hubs get bigger labels, readable in the overview
        node["font"] = {"size": _label_font(degree, True)}
    return node


def _figure_node(node_id: int, d, subject_type: str | None, xy) -> dict:
    # `st` lets the page hide a figure together with its subject's type
    return {"color": _colour(FIGURE_STYLE[2]), "size": 5, "x": xy[0], "y": xy[1], "t": "Figure",
            "st": subject_type, "font": {"size": 10, "color": "#666666"},
            "id": node_id, "label": d.text or format_value(d.value, d.unit) or node_id, "shape": "dot"}


def _edges(ids: dict, rels, about, doc_index) -> tuple[list, list]:
    """Relation edges then figure->subject edges (both between drawn nodes), and each edge's
    side-panel record, by edge id."""
    edges, edge_info = [], []
    parallel: dict = defaultdict(int)      # edges already drawn between an unordered pair
    for s, p, o, d in rels:
        pair = (min(ids[s], ids[o]), max(ids[s], ids[o]))
        edges.append(_edge(ids[s], ids[o], p, len(edges), parallel[pair]))
        parallel[pair] += 1
        edge_info.append({"p": p, "ev": _relation_evidence(d.get("evidence", ()), doc_index)})
    about_edge = _edge(0, 0, "about", 0, 0)       # every figure edge: this, with its own id and ends
    about_info = {"p": "about", "ev": []}
    for f, s in about:
        edges.append({**about_edge, "id": len(edges), "from": ids[f], "to": ids[s]})
        edge_info.append(about_info)      # the same JSON for every figure edge
    return edges, edge_info


def _legend(nodes: list, edges: list, n_figures: int) -> dict:
    """Types and predicates present on the page, in the fixed legend order, with counts."""
    type_order, pred_order = list(TYPE_STYLE), list(PREDICATE_LABEL)
    type_count, pred_count = Counter(map(itemgetter("t"), nodes)), Counter(map(itemgetter("p"), edges))
    used_types = sorted((t for t in type_count if t != "Figure"),
                        key=lambda t: (type_order.index(t) if t in type_order else 99, t))
    used_preds = sorted(pred_count, key=lambda p: (pred_order.index(p) if p in pred_order else 99, p))
    return {
        "types": [{"key": t, "zh": TYPE_STYLE.get(t, UNKNOWN_STYLE)[0], "shape": TYPE_STYLE.get(t, UNKNOWN_STYLE)[1],
                   "color": TYPE_STYLE.get(t, UNKNOWN_STYLE)[2], "count": type_count[t]}
                  for t in used_types],
        "figure": {"zh": FIGURE_STYLE[0], "color": FIGURE_STYLE[2], "count": n_figures},
        "predicates": [{"key": p, "zh": PREDICATE_LABEL.get(p, p), "count": pred_count[p]}
                       for p in used_preds],
    }


_first = itemgetter(0)


def _figures_of(figures, ents) -> tuple[dict, int]:
    """entity -> the (IRI, Figure) pairs about it, in `figures` order, and the number of figures
    (one pass over (IRI, Figure) pairs, as G.figures gives them)."""
    figs_of = defaultdict(list)
    n = 0
    for n, pair in enumerate(figures, 1):
        s = pair[1].subject
        if s in ents:
            figs_of[s].append(pair)
    return figs_of, n


def _degrees(ents: dict, rels, figs_of: dict) -> dict:
    """entity -> its relation ends plus the figures about it (every entity, 0 when none)."""
    deg = dict.fromkeys(ents, 0)
    deg.update(Counter(chain(map(itemgetter(0), rels), map(itemgetter(2), rels))))
    for s, fs in figs_of.items():
        deg[s] += len(fs)
    return deg


def select_drawn(ents: dict, rels, figs_of: dict, degree: dict, max_nodes: int) -> tuple[set, dict]:
    """For a graph of more than `max_nodes` entities and figures: the best-connected entities with
    their neighbours (relation partners and the figures about them), up to `max_nodes`; and
    IRI -> Figure for the figures among them."""
    partners = defaultdict(set)
    for s, _, o, _ in rels:
        partners[s].add(o)
        partners[o].add(s)
    ranked = sorted(ents)
    ranked.sort(key=degree.__getitem__, reverse=True)     # stable: by degree, then IRI
    chosen: set = set()
    figs: dict = {}
    for e in ranked:
        if len(chosen) >= max_nodes:
            break
        # a figure comes in only with its subject's group (so it is drawn next to its subject),
        # and none of e's figures is chosen yet: a group with more figures than room cannot fit
        about = figs_of.get(e, ())
        if len(chosen) + len(about) <= max_nodes:
            group = {e}
            group.update(partners.get(e, ()))
            group.update(map(_first, about))
            group -= chosen
            if len(chosen) + len(group) <= max_nodes:
                chosen |= group
                figs.update(about)
                continue
        chosen.add(e)
    return chosen, figs


def _edge(src: int, dst: int, pred: str, index: int, nth: int) -> dict:
    zh = PREDICATE_LABEL.get(pred, pred)
    edge = {"id": index, "label": f"{zh} {pred}", "p": pred, "from": src, "to": dst, "arrows": "to"}
    if pred == "about":
        edge.update({"dashes": True, "color": {"color": "#c8c8c8"}, "font": {"size": 8, "color": "#8a8a8a"}})
    if nth:
        # parallel edges curve apart so their labels do not sit on top of each other
        edge["smooth"] = {"enabled": True, "type": "curvedCW" if (nth % 2) ^ (src > dst) else "curvedCCW",
                          "roundness": 0.25 * ((nth + 1) // 2)}
    return edge


@lru_cache(maxsize=None)      # one record per colour, shared by its nodes (read-only: only encoded)
def _colour(hex_colour: str) -> dict:
    return {"background": hex_colour, "border": _shade(hex_colour, 0.75),
            "highlight": {"background": hex_colour, "border": "#222222"},
            "hover": {"background": hex_colour, "border": "#222222"}}


@lru_cache(maxsize=None)      # a handful of colours, one call per drawn node
def _shade(hex_colour: str, factor: float) -> str:
    r, g_, b = (int(hex_colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * factor) for c in (r, g_, b)))


def _vis_options(large: bool) -> dict:
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": not large, "randomSeed": SEED},
        "interaction": {"hover": True, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "tooltipDelay": 150, "navigationButtons": False, "keyboard": False},
        # labels fade out when zoomed far out, so an overview is not a smear of text
        "nodes": {"borderWidth": 1.5, "scaling": {"label": {"drawThreshold": 6}}, "font": {"face": FONT_STACK, "size": 14, "color": "#1f2933",
                                               "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"scaling": {"label": {"drawThreshold": 8}}, "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False, "width": 1.2,
                  "color": {"color": "#9aa5b1", "highlight": "#1f2933", "hover": "#1f2933"},
                  "font": {"face": FONT_STACK, "size": 10, "color": "#52606d", "strokeWidth": 3,
                           "strokeColor": "#ffffff", "align": "horizontal"}},
    }


# ---------------------------------------------------------------- side-panel records

def _entity_info(iri, d, fig_pairs, doc_text, doc_index, degree) -> dict:
    """`fig_pairs`: the (IRI, Figure) pairs about the entity."""
    # the first MAX_FIGURES by (doc, start, IRI), no full sort; those rows are unique, so the
    # Figure at the end of each is never compared
    ranked = nsmallest(MAX_FIGURES, [(f.doc, f.start, i, f) for i, f in fig_pairs])
    mentions = d.get("mentions", ())
    return {
        "iri": iri, "k": "entity", "type": d["type"], "subtype": d.get("subtype"), "name": d["name"],
        "aliases": list(d.get("aliases", [])), "deg": degree,
        "figs": [_figure_row(r[3]) for r in ranked], "nfigs": len(fig_pairs),
        "ev": _mention_evidence(mentions, doc_text, doc_index),
        "nmentions": len(mentions), "ndocs": len(set(map(_doc, mentions))),
    }


def _figure_info(iri, d, subject_name, doc_text, doc_index) -> dict:
    row = _figure_row(d)
    row.update({"iri": iri, "k": "figure", "subject": subject_name, "unit": d.unit})
    text = doc_text.get(d.doc, "")
    if d.doc in doc_index and 0 <= d.start < d.end <= len(text):
        sent, a, b = doc_text.around(d.doc, d.start, d.end)
        row["ev"] = [[doc_index[d.doc], sent, a, b]]
    else:
        row["ev"] = []
    return row


def _figure_row(d) -> dict:
    return {"v": format_value(d.value, d.unit), "m": d.metric or "", "p": d.period or "", "x": d.text or ""}


_span = attrgetter("doc", "start", "end")
_doc = attrgetter("doc")


def _mention_evidence(mentions, doc_text, doc_index) -> list:
    """Up to MAX_EVIDENCE distinct sentences, one per article first, then more from the same ones."""
    seen, first, rest = set(), [], []
    docs_used = set()
    # the graph keeps an entity's mentions as a tuple sorted by (doc, start, end, text), which is
    # already this order; anything else (a list from elsewhere) is sorted here
    for m in mentions if type(mentions) is tuple else sorted(mentions, key=_span):
        # the answer is first[:MAX] + rest: stop when `first` is full; skip rows that can only join a full `rest`
        if len(first) >= MAX_EVIDENCE:
            break
        if m.doc in docs_used and len(rest) >= MAX_EVIDENCE:
            continue
        text = doc_text.get(m.doc, "")
        if m.doc not in doc_index or not (0 <= m.start < m.end <= len(text)):
            continue
        sent, a, b = doc_text.around(m.doc, m.start, m.end)
        if (m.doc, sent) in seen:
            continue
        seen.add((m.doc, sent))
        row = [doc_index[m.doc], sent, a, b]
        (rest if m.doc in docs_used else first).append(row)
        docs_used.add(m.doc)
    return (first + rest)[:MAX_EVIDENCE]


def _relation_evidence(evidence, doc_index) -> list:
    return [[doc_index[e.doc], (e.sentence or "")[:SENTENCE_CAP * 2], -1, -1]
            for e in evidence if e.doc in doc_index][:MAX_EVIDENCE]


class _Texts(dict):
    """doc id -> text, with the sentence around a span (two regex calls within the capped window:
    cheaper than finding every sentence end of each drawn document)."""

    def around(self, doc: str, start: int, end: int) -> tuple[str, int, int]:
        return sentence_around(self[doc], start, end)


def sentence_around(text: str, start: int, end: int) -> tuple[str, int, int]:
    """The sentence holding text[start:end] (capped), and the mention's offsets inside it."""
    floor = max(0, start - SENTENCE_CAP)
    limit = min(len(text), end + SENTENCE_CAP)
    # just after the last end in text[floor:start]; the first end in text[end:limit]
    m = _THROUGH_LAST_END.match(text, floor, start)
    left = m.end() if m else floor
    m = _SENTENCE_END.search(text, end, limit)
    right = m.end() if m else limit
    sent = text[left:right]
    stripped = sent.lstrip()
    shift = len(sent) - len(stripped)
    return stripped.rstrip(), start - left - shift, end - left - shift


def format_value(value, unit: str) -> str:
    """A figure's value as a reader expects it: 2000000000 CNY -> 20亿元, 14.9 percent -> 14.9%."""
    if unit == "percent":
        return f"{_num(value)}%"
    word = UNIT_LABEL.get(unit, unit or "")
    try:
        v = float(value)
    except (TypeError, ValueError):
        return f"{value}{word}"
    for scale, name in SCALES:
        if abs(v) >= scale and unit in SCALED_UNITS:
            return f"{_num(v / scale)}{name}{word}"
    return f"{_num(v)}{word}"


def _num(v) -> str:
    if isinstance(v, int) and not isinstance(v, bool):
        return str(v)
    s = f"{float(v):.4f}".rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


# ---------------------------------------------------------------- layout

EDGE_LENGTH = 150.0        # typical drawn edge length in page pixels
GOLDEN_ANGLE = 2.39996323  # even spread of petals for any count
OVERLAP_LIMIT = 1500       # components up to this size get their label overlaps pushed apart


def _node_size(degree: int) -> float:
    return round(min(36.0, 9.0 + 3.0 * math.sqrt(degree)), 1)


def _label_font(degree: int, entity: bool) -> float:
    if not entity:
        return 10.0
    return round(min(32.0, 12.0 + 2.5 * math.sqrt(degree)), 1) if degree >= 4 else 14.0


def _label_box(label: str, degree: int, entity: bool) -> tuple[float, float]:
    """Approximate width and height a node takes on the page, its label included."""
    font = _label_font(degree, entity)
    text_w = sum(font if ord(ch) > 0x2e80 else font * 0.55 for ch in label)
    size = _node_size(degree) if entity else 5.0
    return max(2 * size, text_w) + 8.0, 2 * size + font + 8.0


def compute_layout(order: list[str], adj: dict, ents: dict, labels: dict | None = None,
                   group: dict | None = None) -> dict[str, tuple[float, float]]:
    """Deterministic positions. Each connected component is laid out on its own (spring layout
    for its best-connected entities, the rest in spirals around a placed neighbour, figures
    around their subject), then the components are packed in rows, largest first. With `group`
    (node -> group name), unconnected nodes are not packed with them: each group's are a disc of
    their own, the discs in a row below the drawing."""
    if not order:
        return {}
    deg = {n: len(adj[n]) for n in order}
    alone = [n for n in order if not adj[n]] if group is not None else []
    boxes = []
    for comp in _components([n for n in order if adj[n]] if group is not None else order, adj):
        local = _layout_component(comp, adj, ents, deg)
        if labels is not None and 2 < len(comp) <= OVERLAP_LIMIT:
            _remove_overlaps(local, {n: _label_box(labels.get(n, ""), deg[n], n in ents) for n in comp})
        xs = [x for x, _ in local.values()]
        ys = [y for _, y in local.values()]
        # room for labels under and beside the nodes
        boxes.append((local, min(xs) - 70, min(ys) - 30, max(xs) + 70, max(ys) + 45))
    pos = _pack(boxes) if boxes else {}
    if alone:
        pos.update(_group_discs(alone, group, labels or {}, ents, pos))
    return {n: (round(x, 1), round(y, 1)) for n, (x, y) in pos.items()}


def _group_discs(alone: list[str], group: dict, labels: dict, ents: dict, placed: dict) -> dict:
    """Unconnected nodes, one sunflower disc per group (in first-seen order), the discs side by side
    below the `placed` drawing."""
    members = defaultdict(list)
    for n in alone:
        members[group.get(n, "")].append(n)
    x = min((p[0] for p in placed.values()), default=0.0)
    top = max((p[1] for p in placed.values()), default=0.0) + (4 * EDGE_LENGTH if placed else 0.0)
    pos = {}
    for names in members.values():
        spacing = max(_label_box(labels.get(n, ""), 0, n in ents)[0] for n in names) * 0.75
        local = {n: (spacing * math.sqrt(i) * math.cos(i * GOLDEN_ANGLE),
                     spacing * math.sqrt(i) * math.sin(i * GOLDEN_ANGLE)) for i, n in enumerate(names)}
        if 2 < len(names) <= OVERLAP_LIMIT:
            _remove_overlaps(local, {n: _label_box(labels.get(n, ""), 0, n in ents) for n in names})
        x0 = min(p[0] for p in local.values())
        x1 = max(p[0] for p in local.values())
        y0 = min(p[1] for p in local.values())
        for n, (lx, ly) in local.items():
            pos[n] = (lx - x0 + x, ly - y0 + top)
        x += x1 - x0 + 2 * EDGE_LENGTH
    return pos


def _remove_overlaps(pos: dict, box: dict, rounds: int = 25) -> None:
    """Push apart nodes whose label boxes overlap (sweep along x; deterministic), in place."""
    widest = max(w for w, _ in box.values())
    for _ in range(rounds):
        moved = False
        order = sorted(pos, key=lambda n: (pos[n][0], n))
        for i, u in enumerate(order):
            wu, hu = box[u]
            for v in order[i + 1:]:
                (ux, uy), (vx, vy) = pos[u], pos[v]
                dx, dy = vx - ux, vy - uy
                if dx > (wu + widest) / 2:
                    break
                wv, hv = box[v]
                ox, oy = (wu + wv) / 2 - abs(dx), (hu + hv) / 2 - abs(dy)
                if ox <= 0 or oy <= 0:
                    continue
                moved = True
                if ox < oy:            # separate along the axis that needs the smaller move
                    step = (ox / 2 + 0.5) * (1 if dx >= 0 else -1)
                    pos[u], pos[v] = (ux - step, uy), (vx + step, vy)
                else:
                    step = (oy / 2 + 0.5) * (1 if dy > 0 or (dy == 0 and u < v) else -1)
                    pos[u], pos[v] = (ux, uy - step), (vx, vy + step)
        if not moved:
            break


def _components(order: list[str], adj: dict) -> list[list[str]]:
    seen, comps = set(), []
    for n in order:
        if n in seen:
            continue
        comp, stack = [], [n]
        seen.add(n)
        while stack:
            u = stack.pop()
            comp.append(u)
            for v in adj[u]:
                if v not in seen:
                    seen.add(v)
                    stack.append(v)
        comps.append(sorted(comp))
    comps.sort(key=lambda c: (-len(c), c[0]))
    return comps


def _layout_component(comp: list[str], adj: dict, ents: dict, deg: dict) -> dict:
    limit = HUB_LIMIT if _has_numpy() else HUB_LIMIT // 3
    # leaves (degree 1) always look best as petals around their one neighbour
    ranked = sorted((n for n in comp if n in ents), key=lambda n: (-deg[n], n))
    hubs = [n for n in ranked if deg[n] >= 2][:limit] or (ranked or comp)[:1]
    hub_set = set(hubs)
    # hubs with many leaves need room for their petals: spread them by the typical petal radius
    petal = [_petal_radius(sum(1 for v in adj[h] if v not in hub_set)) for h in hubs]
    scale = max(EDGE_LENGTH, 1.3 * sum(petal) / len(petal)) * math.sqrt(len(hubs)) / 1.1
    pos = {n: (x * scale, y * scale) for n, (x, y) in _spring(hubs, adj, hub_set).items()}
    queue = deque(hubs)
    while queue:
        u = queue.popleft()
        kids = sorted((v for v in adj[u] if v not in pos), key=lambda v: (v not in ents, -deg[v], v))
        if not kids:
            continue
        ux, uy = pos[u]
        away = _away_angle(u, pos[u], [pos[v] for v in adj[u] if v in pos])
        ent_kids = [v for v in kids if v in ents]
        for i, v in enumerate(ent_kids):
            if len(ent_kids) > 9:      # many: a spiral all round
                a, r = away + i * GOLDEN_ANGLE, EDGE_LENGTH * 0.8 + 2.2 * _petal_radius(i)
            else:                      # few: a fan pointing away from what is already there
                a, r = away + (i - (len(ent_kids) - 1) / 2) * 0.7, EDGE_LENGTH * 0.85
            pos[v] = (ux + r * math.cos(a), uy + r * math.sin(a))
            queue.append(v)
        for j, v in enumerate(v for v in kids if v not in ents):
            a, r = away + math.pi / 2 + j * GOLDEN_ANGLE, 55.0 + _petal_radius(j)
            pos[v] = (ux + r * math.cos(a), uy + r * math.sin(a))
            queue.append(v)
    return pos


def _away_angle(node: str, at: tuple[float, float], placed: list) -> float:
    """Direction from the centre of a node's placed neighbours to the node (a stable guess if none)."""
    if placed:
        mx = sum(p[0] for p in placed) / len(placed)
        my = sum(p[1] for p in placed) / len(placed)
        if math.hypot(at[0] - mx, at[1] - my) > 1e-6:
            return math.atan2(at[1] - my, at[0] - mx)
    return hash_angle(node)


def _petal_radius(count: int) -> float:
    return 20.0 * math.sqrt(count)


def _pack(boxes) -> dict:
    """Shelf-pack component boxes into rows about as wide as the whole drawing is tall."""
    total = sum((x1 - x0) * (y1 - y0) for _, x0, y0, x1, y1 in boxes)
    widest = max(x1 - x0 for _, x0, _, x1, _ in boxes)
    row_width = max(widest, math.sqrt(total) * 1.3)
    pos, x, y, row_h = {}, 0.0, 0.0, 0.0
    for local, x0, y0, x1, y1 in boxes:
        w, h = x1 - x0, y1 - y0
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for n, (nx_, ny_) in local.items():
            pos[n] = (nx_ - x0 + x, ny_ - y0 + y)
        x += w
        row_h = max(row_h, h)
    cx = sum(p[0] for p in pos.values()) / len(pos)
    cy = sum(p[1] for p in pos.values()) / len(pos)
    return {n: (px - cx, py - cy) for n, (px, py) in pos.items()}


def hash_angle(name: str) -> float:
    """A stable angle per node, so petals of neighbouring hubs do not all start at 0 rad."""
    h = 0
    for ch in name:
        h = (h * 131 + ord(ch)) % 1_000_003
    return (h % 628) / 100.0


def _has_numpy() -> bool:
    try:
        import numpy  # noqa: F401
    except ImportError:
        return False
    return True


def _spring(nodes: list[str], adj: dict, keep: set) -> dict[str, tuple[float, float]]:
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    h = nx.Graph()
    h.add_nodes_from(nodes)
    # (filtered before sorting: a hub's leaves never reach h)
    h.add_edges_from((u, v) for u in nodes for v in sorted(v for v in adj[u] if v in keep and u < v))
    if _has_numpy():
        # (networkx's own: a float-for-float faster copy saved 0.44 of 36 CPU seconds of a
        # 5,000-document build, under 5 %: dropped, issue 16, bench/ablation.py)
        p = nx.spring_layout(h, seed=SEED, iterations=80)
        return {n: (float(p[n][0]), float(p[n][1])) for n in nodes}
    return _spring_pure(nodes, list(h.edges()))


def _spring_pure(nodes: list[str], edges: list[tuple[str, str]], iterations: int = 60):
    """Fruchterman-Reingold without numpy (small graphs only), deterministic."""
    import random
    rnd = random.Random(SEED)
    p = {n: [rnd.uniform(-1, 1), rnd.uniform(-1, 1)] for n in nodes}
    k = 1.0 / math.sqrt(len(nodes))
    t = 0.1
    for _ in range(iterations):
        disp = {n: [0.0, 0.0] for n in nodes}
        for i, u in enumerate(nodes):
            pu, du = p[u], disp[u]
            for v in nodes[i + 1:]:
                dx, dy = pu[0] - p[v][0], pu[1] - p[v][1]
                d2 = max(dx * dx + dy * dy, 1e-6)
                f = k * k / d2
                du[0] += dx * f; du[1] += dy * f
                disp[v][0] -= dx * f; disp[v][1] -= dy * f
        for u, v in edges:
            dx, dy = p[u][0] - p[v][0], p[u][1] - p[v][1]
            d = max(math.hypot(dx, dy), 1e-3)
            f = d / k
            disp[u][0] -= dx * f; disp[u][1] -= dy * f
            disp[v][0] += dx * f; disp[v][1] += dy * f
        for n in nodes:
            dx, dy = disp[n]
            d = max(math.hypot(dx, dy), 1e-9)
            s = min(d, t) / d
            p[n][0] += dx * s; p[n][1] += dy * s
        t -= 0.1 / (iterations + 1)
    xs = [v[0] for v in p.values()] + [v[1] for v in p.values()]
    m = max(abs(x) for x in xs) or 1.0
    return {n: (p[n][0] / m, p[n][1] / m) for n in nodes}


# ---------------------------------------------------------------- rendering

def safe_json(obj) -> str:
    """JSON that cannot end a <script> block or open markup: <, >, & and line separators escaped."""
    # check_circular=False: the page data is a tree (shared records, no cycles); skips an id()
    # bookkeeping per list and dict, same text
    text = json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False,
                      check_circular=False)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def vis_network_js() -> str:
    """The vis-network library pyvis bundles, found without importing pyvis (which loads jinja2
    and ~200 modules: a tenth of a second per build, for one file's path)."""
    from importlib.util import find_spec
    spec = find_spec("pyvis")
    if spec is None or not spec.origin:
        raise ImportError("pyvis is not installed: it provides the vis-network library graph.html embeds")
    js = (Path(spec.origin).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js").read_text(
        encoding="utf-8")
    return js.replace("</script", "<\\/script")


def render_page(data: dict, title: str) -> str:
    template = (ASSETS / "template.html").read_text(encoding="utf-8")
    parts = {
        "TITLE": _html.escape(title),
        "CSS": (ASSETS / "view.css").read_text(encoding="utf-8").replace("{{FONT}}", FONT_STACK),
        "VIS": vis_network_js(),
        "DATA": safe_json(data),
        "APP": (ASSETS / "view.js").read_text(encoding="utf-8"),
    }
    # one pass over the template only, so data that happens to contain a marker is never expanded
    return re.sub(r"@@(TITLE|CSS|VIS|DATA|APP)@@", lambda m: parts[m.group(1)], template)

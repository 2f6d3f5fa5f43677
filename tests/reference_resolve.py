"""The straightforward resolver kg.resolve replaced (node by node, every mention in the main
process), kept as the tests' oracle: kg.resolve.resolve must give exactly its entities,
relations and figures (tests/test_resolve.py compares them on random documents). What both
share, the within-article alias groups included, is imported from kg.resolve.
"""
from __future__ import annotations

from collections import defaultdict

from kg.model import DocResult, Entity, Evidence, Figure, Mention, Relation
from kg.resolve import _UnionFind, _alias_groups, _canonical, _settings, entity_iri, figure_iri
from kg.rules import RulePack


def _is_local(name: str, type_: str, generic: set, local_max: dict, known: set) -> bool:
    """A name that only identifies something inside one article (新区; 市监局 without its district)."""
    return name in generic or (len(name) <= local_max.get(type_, 0) and name not in known)


def local_clusters(res: DocResult, rules: RulePack) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Within one document, the groups of (type, key) names that are aliases of one another."""
    _, groups = _alias_groups(res.mentions, _settings(rules))
    return tuple(tuple(sorted(nodes)) for _, nodes in sorted(groups.items()))


def resolve(results: list[DocResult], rules: RulePack, base_iri: str):
    cfg = _settings(rules)
    generic, local_max = cfg["generic"], cfg["local_max"]
    uf = _UnionFind()
    names_of: dict[tuple, set[str]] = defaultdict(set)     # (doc, type, key) -> surface names
    counts: dict[str, int] = defaultdict(int)
    known_names: set[str] = set()         # names a gazetteer vouches for (国务院, 科技部)

    # 1. within each document (computed per document, usually in the workers)
    for res in results:
        doc = res.document.id
        for m in res.mentions:
            key, text = m.key, m.text
            if m.rule == "gazetteer":
                known_names.add(key)
                known_names.add(text)
            names = names_of[(doc, m.type, key)]
            names.add(key)
            names.add(text)
            if m.aliases:
                names.update(m.aliases)
            counts[key] += 1
        clusters = local_clusters(res, rules)
        for group in clusters:
            first = (doc, *group[0])
            uf.find(first)
            for node in group[1:]:
                uf.union(first, (doc, *node))

    # 2. across documents: merge clusters sharing a specific name of the same type
    clusters: dict[tuple, set[tuple]] = defaultdict(set)
    for node in list(names_of):
        clusters[uf.find(node)].add(node)
    by_name: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    for root, nodes in sorted(clusters.items()):
        type_ = root[1]
        for n in nodes:
            for name in names_of[n]:
                if name in generic or len(name) < 2:
                    continue
                if _is_local(name, type_, generic, local_max, known_names):
                    continue
                by_name[(type_, name)].append(root)
    for roots in by_name.values():
        for r in roots[1:]:
            uf.union(roots[0], r)

    groups: dict[tuple, list[tuple]] = defaultdict(list)
    for node in names_of:
        groups[uf.find(node)].append(node)

    node_iri: dict[tuple, str] = {}
    entities: dict[str, Entity] = {}
    for root, nodes in groups.items():
        type_ = root[1]
        all_names = set().union(*(names_of[n] for n in nodes))
        avoid = tuple(cfg["avoid"].get(type_, ()))
        plain = {n for n in all_names if not (avoid and n.endswith(avoid))} if avoid else all_names
        name = _canonical(plain or all_names, counts, cfg["weak_endings"])
        docs = {n[0] for n in nodes}
        if len(docs) == 1 and _is_local(name, type_, generic, local_max, known_names):
            # 新区, 市监局 left on their own name a different thing in every article
            iri = entity_iri(base_iri, type_, f"{name}\t{next(iter(docs))}")
        else:
            iri = entity_iri(base_iri, type_, name)
        for n in nodes:
            node_iri[n] = iri
        e = entities.get(iri)
        if e is None:
            e = entities[iri] = Entity(iri=iri, type=type_, name=name)
        e.aliases = sorted(set(e.aliases) | (all_names - {name}))

    subtypes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    mention_lists = {iri: e.mentions for iri, e in entities.items()}
    for res in results:
        doc = res.document.id
        for m in res.mentions:
            iri = node_iri[(doc, m.type, m.key)]
            mention_lists[iri].append(m)
            if m.subtype:
                subtypes[iri][m.subtype] += 1
    for iri, st in subtypes.items():
        entities[iri].subtype = max(sorted(st), key=lambda s: st[s])

    relations: dict[tuple, Relation] = {}
    figures: list[Figure] = []
    for res in results:
        doc = res.document.id

        spans = {(m.start, m.end, m.type) for m in res.mentions}

        def iri_of(m: Mention | None) -> str | None:
            if m is None or (m.start, m.end, m.type) not in spans:
                return None                  # only mentions the entity stage kept carry an entity
            return node_iri.get((doc, m.type, m.key))

        for r in res.relations:
            s, o = iri_of(r.subject), iri_of(r.object)
            if not s or not o or s == o:
                continue
            rel = relations.setdefault((s, r.predicate, o), Relation(s, r.predicate, o))
            rel.evidence.append(Evidence(r.doc, r.start, r.end, r.sentence))
        text = res.document.text
        sentences: dict[tuple[int, int], str] = {}     # one string per sentence, shared by its figures
        for f in res.figures:
            span = (f.sentence_start, f.sentence_end)
            sentence = sentences.get(span)
            if sentence is None:
                sentence = sentences[span] = text[f.sentence_start:f.sentence_end] if f.sentence_end else ""
            figures.append(Figure(
                iri=figure_iri(base_iri, doc, f.start, f.end), subject=iri_of(f.subject),
                metric=f.metric, value=f.value, unit=f.unit, period=f.period, text=f.text,
                doc=f.doc, start=f.start, end=f.end, sentence=sentence))

    ents = sorted(entities.values(), key=lambda e: e.iri)
    rels = sorted(relations.values(), key=lambda r: (r.subject, r.predicate, r.object))
    figs = sorted(figures, key=lambda f: f.iri)
    return ents, rels, figs

"""Stage 5: merge mentions into entities, within and across documents.

Within a document, mentions of one type are merged when one form is an alias
of another (长春市/长春, 长春市绿园区/绿园区, 长春经开区/经开区). Across
documents, entities of one type are merged when they share a name that is
specific enough (generic short forms such as 新区 or 经开区 never merge
across articles). IRIs are derived from type and canonical name only, so the
same input and rules give the same IRIs anywhere.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from functools import lru_cache

from .model import DocResult, Entity, Evidence, Figure, Mention, Relation
from .rules import RulePack, register

register("resolve", {
    "strip_prefixes": "list",       # forms that may be dropped in front of a name (长春市, 吉林省)
    "strip_suffixes": "list",       # endings that may be dropped (市, 省, 股份有限公司, 集团 ...)
    "generic_names": "list",        # short forms that only resolve inside one article
    "short_form_types": "list",     # types whose short names merge with a unique longer name (皓月 -> 皓月集团)
    "short_form_max": "int",        # longest name treated as a short form
    "weak_endings": "list",
    "local_short_max": "map",
    "canonical_avoid_endings": "map",
    "equivalent_endings": "map",       # long ending -> its standard short form (经济技术开发区 -> 经开区)  # per type: endings a canonical name avoids when another form exists       # per type: names this short merge across articles only if a gazetteer knows them         # on a length tie, a canonical name avoids these endings (皓月公司 < 皓月集团)
})

_SAFE = re.compile(r"[^A-Za-z0-9._~-]")


@lru_cache(maxsize=65536)        # document ids: one call per figure, mention and evidence item
def iri_segment(text: str) -> str:
    """An N-Triples-safe path segment for a document id or similar."""
    safe = _SAFE.sub("_", text)
    if safe == text and safe:
        return safe
    return f"{safe[:40]}_{hashlib.sha1(text.encode('utf-8')).hexdigest()[:8]}"


def entity_iri(base: str, type_: str, name: str) -> str:
    digest = hashlib.sha1(f"{type_}\t{name}".encode("utf-8")).hexdigest()[:16]
    return f"{base}{type_.lower()}/{digest}"


def figure_iri(base: str, doc: str, start: int, end: int) -> str:
    return f"{base}figure/{iri_segment(doc)}/{start}-{end}"


def _core_forms(name: str, cfg: dict, prefixes: list[str]) -> set[str]:
    """The name and its forms with the prefixes and general suffixes (cfg: `_settings`) stripped."""
    forms = {name}
    suffixes = cfg["suffixes"]
    for long, short in cfg["equivalent"]:
        if name.endswith(long) and len(name) > len(long):
            forms.add(name[:-len(long)] + short)     # 昆明经济技术开发区 = 昆明经开区
    for ending in cfg["city_endings"]:
        k = name.find(ending)
        if k >= 2 and name.endswith(ending):
            forms.add(name[:k] + ending[1:])          # 吉林市高新区 = 吉林高新区
    any_prefix = tuple(prefixes)
    changed = True
    while changed:
        changed = False
        for f in list(forms):
            # one C-level test first: most forms start and end with none of them
            if any_prefix and f.startswith(any_prefix):
                for p in prefixes:
                    if f.startswith(p) and len(f) - len(p) >= 2 and f[len(p):] not in forms:
                        forms.add(f[len(p):]); changed = True
            if suffixes and f.endswith(suffixes):
                for s in suffixes:
                    if f.endswith(s) and len(f) - len(s) >= 2 and f[:-len(s)] not in forms:
                        forms.add(f[:-len(s)]); changed = True
    return forms


def _is_local(name: str, type_: str, generic: set, local_max: dict, known: set) -> bool:
    """A name that only identifies something inside one article (新区; 市监局 without its district)."""
    return name in generic or (len(name) <= local_max.get(type_, 0) and name not in known)


def _is_abbreviation(short: str, full: str) -> bool:
    """中车长客 abbreviates 中车长春轨道客车: same first character, the rest in order."""
    if len(short) < 3 or len(short) >= len(full) or short[0] != full[0]:
        return False
    i = 1
    for ch in short[1:]:
        i = full.find(ch, i)
        if i < 0:
            return False
        i += 1
    return True


def _short_form_merges(keys: list[str], forms: dict[str, set[str]], max_short: int,
                       group=lambda k: k) -> list[tuple[str, str]]:
    """Pairs (short, full) where a short name is a prefix or abbreviation of exactly one longer name
    (names already merged, such as a company and its own short form, count as one)."""
    out = []
    longs = [k for k in keys if len(k) > max_short // 2]
    for k in keys:
        if len(k) > max_short:
            continue
        hits = {l for l in longs if l != k and len(l) > len(k) and any(
            f.startswith(k) or _is_abbreviation(k, f) for f in forms[l])}
        if len({group(h) for h in hits}) == 1:
            out.append((k, min(hits)))
    return out


class _UnionFind:
    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def _canonical(names: set[str], counts: dict[str, int], weak_endings=()) -> str:
    # the fullest form; ties by specificity, frequency, then code-point order for determinism
    return max(names, key=lambda n: (len(n), not n.endswith(tuple(weak_endings)), counts.get(n, 0),
                                     [-ord(c) for c in n]))


def _settings(rules: RulePack) -> dict:
    """The resolve section, read once per rule pack (local_clusters runs once per document)."""
    cached = _SETTINGS.get(rules.version)
    if cached is None:
        cached = _SETTINGS[rules.version] = _read_settings(rules)
    return cached


_SETTINGS: dict[str, dict] = {}


def _read_settings(rules: RulePack) -> dict:
    get = lambda key, default: rules.get("resolve", key, default) or default   # noqa: E731
    equivalent = dict(get("equivalent_endings", {}))
    return {
        "suffixes": tuple(get("strip_suffixes", [])),
        "equivalent": list(equivalent.items()),                           # (long ending, short ending)
        "city_endings": ["市" + short for short in set(equivalent.values())],
        "generic": set(get("generic_names", [])),
        "static_prefixes": list(get("strip_prefixes", [])),
        "short_types": set(get("short_form_types", [])),
        "short_max": rules.get("resolve", "short_form_max", 6),
        "local_max": dict(get("local_short_max", {})),
        "avoid": dict(get("canonical_avoid_endings", {})),
        "weak": list(get("weak_endings", [])),
    }


def local_clusters(res: DocResult, rules: RulePack) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Within one document, group the (type, key) names that are aliases of one another.

    Pure per document, so the pipeline runs it in the workers and caches it
    with the rest of the document's results; `resolve` only merges across
    documents.
    """
    cfg = _settings(rules)
    uf = _UnionFind()
    names_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    node_subtype: dict[tuple[str, str], str | None] = {}
    by_type: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    # the article's own region names may be dropped in front of any name (长春市二道区 -> 二道区)
    doc_regions = {f for m in res.mentions if m.type == "Region" for f in (m.text, m.key)}
    prefixes = sorted(set(cfg["static_prefixes"]) | doc_regions, key=len, reverse=True)
    for m in res.mentions:
        node = (m.type, m.key)
        names_of[node].update({m.key, m.text, *m.aliases})
        by_type[m.type][m.key] = node
        if m.subtype and not node_subtype.get(node):
            node_subtype[node] = m.subtype
        uf.find(node)
    for type_, nodes in by_type.items():
        forms = {k: set().union(*(_core_forms(x, cfg, prefixes) for x in names_of[n]))
                 for k, n in nodes.items()}
        keys = sorted(nodes)
        index: dict[str, list[str]] = defaultdict(list)
        for k in keys:
            for f in forms[k]:
                index[f].append(k)
        for f, ks in index.items():
            for k in ks[1:]:
                a, b = nodes[ks[0]], nodes[k]
                sa, sb = node_subtype.get(a), node_subtype.get(b)
                if sa and sb and sa != sb and "DevelopmentZone" not in (sa, sb):
                    continue          # 吉林 (province) is not 吉林市 (city)
                uf.union(a, b)
        if type_ in cfg["short_types"]:
            for short, full in _short_form_merges(keys, forms, cfg["short_max"], lambda k: uf.find(nodes[k])):
                uf.union(nodes[short], nodes[full])
        # a generic short form (新区, 经开区) names the article's one entity that ends with it
        for g in cfg["generic"] & set(keys):
            owners = {uf.find(nodes[k]) for k in keys if k != g and any(
                f.endswith(g) and f != g for f in forms[k])}
            if len(owners) == 1:
                uf.union(nodes[g], owners.pop())
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for node in names_of:
        groups[uf.find(node)].append(node)
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
        clusters = res.clusters if res.clusters is not None else local_clusters(res, rules)
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
        name = _canonical(plain or all_names, counts, cfg["weak"])
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

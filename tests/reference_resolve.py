"""The straightforward resolver kg.resolve replaced (node by node, every mention in the main
process), kept as the tests' oracle: kg.resolve.resolve must give exactly its entities,
relations and figures (tests/test_resolve.py compares them on random documents).

It shares no code with kg.resolve: the alias rules are written here from their meaning, the rule
section is read only through RulePack.get, and IRIs are minted from the documented scheme.
"""
from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from urllib.parse import quote

from kg.model import DocResult, Entity, Evidence, Figure, Mention, Relation
from kg.rules import RulePack


# ------------------------------------------------------------------ IRIs, from the documented scheme

def entity_iri(base: str, type_: str, name: str) -> str:
    """<base><type in lower case>/<first 16 hex digits of SHA-1 of "type TAB name">."""
    digest = hashlib.sha1("\t".join((type_, name)).encode("utf-8")).hexdigest()[:16]
    return f"{base}{type_.lower()}/{digest}"


def _segment(doc: str) -> str:
    """A document id as one IRI path segment: itself when it is only unreserved characters (an id
    that looks hashed gets its "s" encoded), else UTF-8 percent-encoded, or "sha256-" and its SHA-256
    when that is empty or longer than 120 characters."""
    if doc and re.fullmatch(r"[A-Za-z0-9._~-]+", doc):
        return "%73" + doc[1:] if re.fullmatch(r"sha256-[0-9a-f]{64}", doc) else doc
    encoded = quote(doc, safe="", errors="surrogatepass")
    if encoded and len(encoded) <= 120:
        return encoded
    return "sha256-" + hashlib.sha256(doc.encode("utf-8", "surrogatepass")).hexdigest()


def figure_iri(base: str, doc: str, start: int, end: int) -> str:
    return f"{base}figure/{_segment(doc)}/{start}-{end}"


# ------------------------------------------------------------------ the rules, by their meaning

class _Groups:
    """Union-find over hashable items; groups are what matters, not which item leads them."""

    def __init__(self):
        self.up: dict = {}

    def find(self, x):
        self.up.setdefault(x, x)
        while self.up[x] != x:
            x = self.up[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.up[max(ra, rb)] = min(ra, rb)


def _setting(rules: RulePack, key: str, default):
    return rules.get("resolve", key, default) or default


def core_forms(name: str, rules: RulePack, prefixes: set[str]) -> set[str]:
    """Forms by which two names of one article are aliases: the name; an equivalent ending replaced
    by its short form (昆明经济技术开发区 -> 昆明经开区); a city's ending (city_suffix: 市) dropped before a
    zone's short ending (吉林市高新区 -> 吉林高新区); then, repeatedly, a prefix dropped from the front or a
    suffix from the end, as long as two characters remain."""
    equivalent = dict(_setting(rules, "equivalent_endings", {}))
    suffixes = list(_setting(rules, "strip_suffixes", []))
    forms = {name}
    for long, short in equivalent.items():
        if name.endswith(long) and len(name) > len(long):
            forms.add(name[:-len(long)] + short)
    city = _setting(rules, "city_suffix", "")
    for short in set(equivalent.values()) if city else ():
        ending = city + short
        if name.endswith(ending) and name.find(ending) >= 2:     # the first 市<short> in the name
            k = name.find(ending)
            forms.add(name[:k] + short)
    todo = list(forms)
    while todo:
        f = todo.pop()
        found = {f[n:] for n in range(1, len(f) - 1) if f[:n] in prefixes}
        found |= {f[:-len(s)] for s in suffixes if f.endswith(s) and len(f) - len(s) >= 2}
        for x in found - forms:
            forms.add(x)
            todo.append(x)
    return forms


def _abbreviates(short: str, full: str) -> bool:
    """中车长客 abbreviates 中车长春轨道客车: at least three characters, shorter, same first
    character, the rest found in order."""
    if len(short) < 3 or len(short) >= len(full) or short[0] != full[0]:
        return False
    rest = iter(full[1:])
    return all(ch in rest for ch in short[1:])


def alias_groups(mentions: list[Mention], rules: RulePack) -> list[set[tuple[str, str]]]:
    """Within one document: the groups of (type, key) nodes that are aliases of one another."""
    generic = set(_setting(rules, "generic_names", []))
    short_max = rules.get("resolve", "short_form_max", 6)
    short_types = set(_setting(rules, "short_form_types", []))
    names_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    subtype_of: dict[tuple[str, str], str] = {}
    for m in mentions:
        node = (m.type, m.key)
        names_of[node] |= {m.key, m.text, *m.aliases}
        if m.subtype:
            subtype_of.setdefault(node, m.subtype)          # the first mention with a subtype
    # the article's own region names may be dropped in front of any name
    prefixes = set(_setting(rules, "strip_prefixes", [])) | {
        f for m in mentions if m.type == "Region" for f in (m.text, m.key)}
    groups = _Groups()
    for node in names_of:
        groups.find(node)
    for type_ in sorted({t for t, _ in names_of}):
        keys = sorted(k for t, k in names_of if t == type_)
        forms = {k: set().union(*(core_forms(x, rules, prefixes) for x in names_of[(type_, k)])) for k in keys}
        # a shared form joins a name to the first (in code-point order) name with that form, unless
        # both have subtypes that differ (吉林 the province is not 吉林市 the city), a zone excepted
        for f in set().union(*forms.values()) if forms else ():
            having = [k for k in keys if f in forms[k]]
            for k in having[1:]:
                a, b = subtype_of.get((type_, having[0])), subtype_of.get((type_, k))
                if a and b and a != b and "DevelopmentZone" not in (a, b):
                    continue
                groups.union((type_, having[0]), (type_, k))
        if type_ in short_types:
            # a short name that starts or abbreviates a form of longer names, all of one group
            # (as grouped so far), joins the first of them
            merges = []
            for k in keys:
                if len(k) > short_max:
                    continue
                hits = [l for l in keys if l != k and len(l) > len(k) and len(l) > short_max // 2 and any(
                    f.startswith(k) or _abbreviates(k, f) for f in forms[l])]
                if len({groups.find((type_, h)) for h in hits}) == 1:
                    merges.append((k, min(hits)))
            for k, full in merges:
                groups.union((type_, k), (type_, full))
        # a generic short form (新区, 经开区) names the article's one group with a name ending in it
        for g in sorted(generic & set(keys)):
            owners = {groups.find((type_, k)) for k in keys if k != g and any(
                f.endswith(g) and f != g for f in forms[k])}
            if len(owners) == 1:
                groups.union((type_, g), owners.pop())
    out: dict = defaultdict(set)
    for node in names_of:
        out[groups.find(node)].add(node)
    return list(out.values())


def _canonical(names: set[str], counts: dict[str, int], weak_endings=()) -> str:
    """The longest name; then one without a weak ending; then the most mentioned; then the first
    in code-point order."""
    weak = tuple(weak_endings)
    return min(names, key=lambda n: (-len(n), bool(weak) and n.endswith(weak), -counts.get(n, 0), n))


def _is_local(name: str, type_: str, generic: set, local_max: dict, known: set) -> bool:
    """A name that only identifies something inside one article (新区; 市监局 without its district)."""
    return name in generic or (len(name) <= local_max.get(type_, 0) and name not in known)


def local_clusters(res: DocResult, rules: RulePack) -> tuple[tuple[tuple[str, str], ...], ...]:
    """Within one document, the groups of (type, key) names that are aliases of one another."""
    return tuple(sorted(tuple(sorted(nodes)) for nodes in alias_groups(res.mentions, rules)))


def resolve(results: list[DocResult], rules: RulePack, base_iri: str):
    generic = set(_setting(rules, "generic_names", []))
    local_max = dict(_setting(rules, "local_short_max", {}))
    avoid_of = dict(_setting(rules, "canonical_avoid_endings", {}))
    weak_endings = tuple(_setting(rules, "weak_endings", []))
    uf = _Groups()
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
        avoid = tuple(avoid_of.get(type_, ()))
        plain = {n for n in all_names if not (avoid and n.endswith(avoid))} if avoid else all_names
        name = _canonical(plain or all_names, counts, weak_endings)
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

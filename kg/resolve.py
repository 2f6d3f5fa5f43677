"""Stage 5: merge mentions into entities, within and across documents.

Within a document, mentions of one type are merged when one form is an alias
of another (长春市/长春, 长春市绿园区/绿园区, 长春经开区/经开区). Across
documents, entities of one type are merged when they share a name that is
specific enough (generic short forms such as 新区 or 经开区 never merge
across articles). IRIs are derived from type and canonical name only, so the
same input and rules give the same IRIs anywhere.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from itertools import chain, compress
from operator import attrgetter, itemgetter, not_
from types import MappingProxyType
from typing import NamedTuple

from .divisions import Divisions, load as load_divisions
from .model import DocResult, Entity, Evidence, Figure, Mention, Relation
from .rules import RULES_DIR, RulePack
from .terms import entity_iri, figure_iri, figure_prefix, iri_segment  # noqa: F401  (their old home)

# The keys of the `resolve` rule section and their types (kg.rules' type language)
SCHEMA_RESOLVE: Mapping[str, str] = MappingProxyType({
    "strip_prefixes": "list",       # forms that may be dropped in front of a name (长春市, 吉林省)
    "strip_suffixes": "list",       # endings that may be dropped (市, 省, 股份有限公司, 集团 ...)
    "generic_names": "list",        # short forms that only resolve inside one article
    "short_form_types": "list",     # types whose short names merge with a unique longer name (皓月 -> 皓月集团)
    "short_form_max": "int",        # longest name treated as a short form
    "weak_endings": "list",         # on a length tie, a canonical name avoids these endings (皓月公司 < 皓月集团)
    "local_short_max": "map[int]",       # per type: names this short merge across articles only if a gazetteer knows them
    "full_name_endings": "map[list[str]]",   # per type: a short name with such an ending is a full name (吉林大学)
    "canonical_avoid_endings": "map[list[str]]",   # per type: endings a canonical name avoids when another form exists
    "equivalent_endings": "map[str]",    # long ending -> its standard short form (经济技术开发区 -> 经开区)
    "city_suffix": "str",                # a city's name ending: 吉林市高新区 = 吉林高新区 for the short forms above
    "division_table": "path",            # the national division table: coded Regions merge by code
    "derived_rules": "map[str]",         # relation rule -> the table its relations come from (evidence source)
})


def _core_forms(name: str, cfg: "ResolveRules", prefixes: set[str],
                any_prefix: tuple[str, ...] | None = None) -> set[str]:
    """The name and its forms with the prefixes and general suffixes stripped
    (any_prefix: tuple(prefixes), when the caller has it)."""
    forms = {name}
    suffixes = cfg.suffixes
    # one C-level test before each loop: most names end with none of these
    if name.endswith(cfg.equivalent_longs):
        for long, short in cfg.equivalent:
            if name.endswith(long) and len(name) > len(long):
                forms.add(name[:-len(long)] + short)     # 昆明经济技术开发区 = 昆明经开区
    if name.endswith(cfg.city_endings):
        for ending in cfg.city_endings:
            if name.endswith(ending):
                k = name.find(ending)
                if k >= 2:
                    forms.add(name[:k] + ending[1:])      # 吉林市高新区 = 吉林高新区
    if any_prefix is None:
        any_prefix = tuple(prefixes)
    if len(forms) == 1 and not (any_prefix and name.startswith(any_prefix)) and not (
            suffixes and name.endswith(suffixes)):
        return forms                                      # nothing to strip
    changed = True
    while changed:
        changed = False
        for f in list(forms):
            # one C-level test first: most forms start and end with none of them
            if any_prefix and f.startswith(any_prefix):
                # the form's own beginnings looked up (prefixes: a set), not every prefix tried:
                # an article's region names are prefixes too, and a large article has many
                for n in range(1, len(f) - 1):
                    if f[:n] in prefixes and f[n:] not in forms:
                        forms.add(f[n:]); changed = True
            if suffixes and f.endswith(suffixes):
                for s in suffixes:
                    if f.endswith(s) and len(f) - len(s) >= 2 and f[:-len(s)] not in forms:
                        forms.add(f[:-len(s)]); changed = True
    return forms


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
    # both tests need a form sharing the short name's first character and holding its second one
    # after that: only the longer names with such a form are tried (all of them made a large
    # article quadratic)
    by_start: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for l in longs:
        for f in forms[l]:
            if f:
                by_start[(f[0],)].add(l)
                for ch in set(f[1:]):
                    by_start[(f[0], ch)].add(l)
    for k in keys:
        if len(k) > max_short:
            continue
        tried = by_start.get(tuple(k[:2]), ()) if k else longs
        hits = {l for l in tried if l != k and len(l) > len(k) and any(
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


class ResolveRules:
    """The `resolve` rule section, compiled once per rule pack (local_summary runs once per document)."""

    def __init__(self, pack: RulePack):
        get = lambda key, default: pack.get("resolve", key, default) or default   # noqa: E731
        equivalent = dict(get("equivalent_endings", {}))
        self.version = pack.version
        self.suffixes: tuple[str, ...] = tuple(get("strip_suffixes", []))
        self.equivalent: list[tuple[str, str]] = list(equivalent.items())      # (long ending, short ending)
        self.equivalent_longs: tuple[str, ...] = tuple(equivalent)
        city = get("city_suffix", "")
        self.city_endings: tuple[str, ...] = tuple(sorted(city + short for short in set(equivalent.values()))) \
            if city else ()
        self.generic: set[str] = set(get("generic_names", []))
        self.static_prefixes: list[str] = list(get("strip_prefixes", []))
        self.short_types: set[str] = set(get("short_form_types", []))
        self.short_max: int = pack.get("resolve", "short_form_max", 6)
        self.local_max: dict[str, int] = dict(get("local_short_max", {}))
        self.full_endings: dict[str, tuple[str, ...]] = {t: tuple(v) for t, v in get("full_name_endings", {}).items()}
        self.avoid: dict[str, list[str]] = dict(get("canonical_avoid_endings", {}))
        self.weak_endings: tuple[str, ...] = tuple(get("weak_endings", []))
        self._by_type: dict[str, tuple[int, tuple[str, ...]]] = {}    # filled on use
        self.division_path: str = get("division_table", "")
        self.derived: dict[str, str] = dict(get("derived_rules", {}))
        self._divisions: list[Divisions | None] = []                  # loaded on first use (cross-document only)

    def divisions(self) -> Divisions | None:
        """The national division table, or None when the pack names none."""
        if not self._divisions:
            self._divisions.append(load_divisions(RULES_DIR / self.division_path) if self.division_path else None)
        return self._divisions[0]

    def type_settings(self, type_: str) -> tuple[int, tuple[str, ...]]:
        """(local_short_max, canonical_avoid_endings) of a type."""
        found = self._by_type.get(type_)
        if found is None:
            found = self._by_type[type_] = (self.local_max.get(type_, 0), tuple(self.avoid.get(type_, ())))
        return found

    def core_forms(self, name: str, prefixes: Iterable[str]) -> set[str]:
        """A name and its forms with `prefixes` (in an article: strip_prefixes and its region names),
        the general suffixes and equivalent endings stripped: two names of one article sharing a
        form are aliases."""
        return _core_forms(name, self, set(prefixes))


def compile_resolve(pack: RulePack) -> ResolveRules:
    return ResolveRules(pack)


class LocalSummary(NamedTuple):
    """One document's share of resolution, computed where the document is processed (in the workers,
    cached with it), so that `resolve` only merges across documents.

    A cluster is a group of the document's (type, key) names that are aliases of one another; it
    travels as (type, names, n_links, n_shorts, top, avoided): `names` are all its surface forms, the
    first `n_links` of them merge across articles by themselves, the next `n_shorts` only when a
    gazetteer knows them, the rest never; `top` indexes its best canonical candidates in `names` (longest,
    not a weak ending; from the names without an avoided ending unless `avoided`: it has no such name).
    """
    clusters: tuple
    mention_cluster: tuple[int, ...]       # each mention's cluster, in mention order
    subtypes: tuple                        # cluster, subtype, mentions with it; cluster, subtype, ... (flat)
    keys: tuple[str, ...]                  # the mentions' keys, each once
    key_counts: tuple[int, ...]            # how many mentions have each of them
    known: tuple[str, ...]                 # names a gazetteer rule found (they merge however short)
    relation_ends: tuple[int, ...]         # each relation's subject and object cluster, flat; -1: no entity
    figure_subjects: tuple[int, ...]       # each figure's subject cluster; -1: none
    # (position, end, type, key) for a relation's subject (end 0) or object (1) or a figure's subject (2)
    # naming a key this document has no mention of, at a kept mention's span: it names an entity only
    # when another result has this document's id (resolve treats them as one document)
    foreign: tuple = ()


_NAMES, _AVOIDED = itemgetter(1), itemgetter(5)        # fields of a cluster record
_FIRST = itemgetter(0)
_SUBTYPE, _SUBJECT, _OBJECT = attrgetter("subtype"), attrgetter("subject"), attrgetter("object")


def _alias_groups(mentions: list[Mention], cfg: ResolveRules) -> tuple[dict, dict]:
    """Within one document: each (type, key) node's surface names, and the groups of nodes that are
    aliases of one another (union-find root -> nodes)."""
    uf = _UnionFind()
    names_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    node_subtype: dict[tuple[str, str], str | None] = {}
    by_type: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    # the article's own region names may be dropped in front of any name (长春市二道区 -> 二道区)
    doc_regions = {f for m in mentions if m.type == "Region" for f in (m.text, m.key)}
    prefixes = set(cfg.static_prefixes) | doc_regions
    any_prefix = tuple(sorted(prefixes))
    for m in mentions:
        key = m.key
        node = (m.type, key)
        names_of[node].update({key, m.text, *m.aliases})
        by_type[m.type][key] = node
        if m.subtype and not node_subtype.get(node):
            node_subtype[node] = m.subtype
        uf.find(node)
    for type_, nodes in by_type.items():
        forms = {k: set().union(*(_core_forms(x, cfg, prefixes, any_prefix) for x in names_of[n]))
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
        if type_ in cfg.short_types:
            for short, full in _short_form_merges(keys, forms, cfg.short_max, lambda k: uf.find(nodes[k])):
                uf.union(nodes[short], nodes[full])
        # a generic short form (新区, 经开区) names the article's one entity that ends with it
        for g in cfg.generic & set(keys):
            owners = {uf.find(nodes[k]) for k in keys if k != g and any(
                f.endswith(g) and f != g for f in forms[k])}
            if len(owners) == 1:
                uf.union(nodes[g], owners.pop())
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for node in names_of:
        groups[uf.find(node)].append(node)
    return names_of, groups


def local_summary(res: DocResult, rules: ResolveRules) -> LocalSummary:
    """Within one document, group the (type, key) names that are aliases of one another, and summarise
    what `resolve` needs of them (see LocalSummary).

    Pure per document, so the pipeline runs it in the workers and caches it
    with the rest of the document's results; `resolve` only merges across
    documents.
    """
    names_of, groups = _alias_groups(res.mentions, rules)
    known: set[str] = set()
    counts: dict[str, int] = {}
    mention_nodes = []
    for m in res.mentions:
        key = m.key
        mention_nodes.append((m.type, key))
        counts[key] = counts.get(key, 0) + 1
        full = rules.full_endings.get(m.type)
        if m.rule == "gazetteer" or (full and key.endswith(full) and key not in rules.generic):
            # a gazetteer's name, or a short one that is a whole name (吉林大学, not 市监局): merges anywhere
            known.add(key)
            known.add(m.text)
    cluster_of: dict[tuple[str, str], int] = {}
    clusters = []
    generic = rules.generic
    for i, (root, nodes) in enumerate(sorted(groups.items())):
        for node in nodes:
            cluster_of[node] = i
        names = names_of[nodes[0]] if len(nodes) == 1 else set().union(*(names_of[n] for n in nodes))
        if len(names) == 1:               # most clusters: one name, its own canonical candidate
            short_max, avoid = rules.type_settings(root[0])
            for n in names:
                local = n in generic or len(n) < 2
                short = not local and len(n) <= short_max
                clusters.append((root[0], (n,), int(not (local or short)), int(short), (0,), n.endswith(avoid)))
        else:
            clusters.append(_cluster_record(root[0], names, rules))
    mention_cluster = tuple(map(cluster_of.__getitem__, mention_nodes))
    # (subtype, cluster) -> mentions, counted in C
    subtypes = Counter(filter(_FIRST, zip(map(_SUBTYPE, res.mentions), mention_cluster)))

    # the entity of each relation's and figure's ends: mostly the very mention objects of the list
    listed = dict(zip(map(id, res.mentions), mention_cluster))
    listed[id(None)] = -1
    subjects = list(map(listed.get, map(id, map(_SUBJECT, res.relations))))
    objects = list(map(listed.get, map(id, map(_OBJECT, res.relations))))
    figure_subjects = list(map(listed.get, map(id, map(_SUBJECT, res.figures))))
    foreign = []
    if None in subjects or None in objects or None in figure_subjects:
        # ends that are not listed objects: equal copies, or mentions the entity stage did not keep
        spans = {(x.start, x.end, x.type) for x in res.mentions}

        def end(m: Mention, where: tuple) -> int:
            if (m.start, m.end, m.type) not in spans:
                return -1                  # only mentions the entity stage kept carry an entity
            c = cluster_of.get((m.type, m.key))
            if c is None:
                foreign.append((*where, m.type, m.key))
                return -1
            return c

        for ends, items, which in ((subjects, res.relations, 0), (objects, res.relations, 1),
                                   (figure_subjects, res.figures, 2)):
            for i, c in enumerate(ends):
                if c is None:
                    ends[i] = end(items[i].object if which == 1 else items[i].subject, (i, which))
    relation_ends = tuple(chain.from_iterable(zip(subjects, objects)))
    return LocalSummary(tuple(clusters), mention_cluster,
                        tuple(chain.from_iterable(sorted((c, st, n) for (st, c), n in subtypes.items()))),
                        tuple(counts), tuple(counts.values()), tuple(sorted(known)), relation_ends,
                        tuple(figure_subjects), tuple(foreign))


def _cluster_record(type_: str, names: set[str], cfg: ResolveRules) -> tuple:
    """(type, names, n_links, n_shorts, top, avoided): see LocalSummary."""
    generic, weak = cfg.generic, cfg.weak_endings
    short_max, avoid = cfg.type_settings(type_)
    links, shorts, others = [], [], []
    for n in names:
        if n in generic or len(n) < 2:
            others.append(n)          # never merges across articles
        elif len(n) <= short_max:
            shorts.append(n)          # merges only when a gazetteer knows it
        else:
            links.append(n)
    if avoid:
        plain = [n for n in names if not n.endswith(avoid)]
        pool = plain or names
    else:
        plain = pool = names
    # the best by (length, not a weak ending), as _canonical ranks before counts
    longest = max(map(len, pool))
    top = [n for n in pool if len(n) == longest]
    if len(top) > 1 and weak:
        top = [n for n in top if not n.endswith(weak)] or top
    links.sort()
    shorts.sort()
    others.sort()
    ordered = (*links, *shorts, *others)
    top = (ordered.index(top[0]),) if len(top) == 1 else tuple(sorted(map(ordered.index, top)))
    return (type_, ordered, len(links), len(shorts), top, not plain)


def resolve(results: list[DocResult], rules: ResolveRules, base_iri: str):
    """Entities, relations and figures of all documents, each list sorted by IRI.

    Works on the documents' local clusters (LocalSummary, computed here when a result has none):
    clusters of one type sharing a specific name become one entity, named by its best name.
    """
    generic, local_max, weak = rules.generic, rules.local_max, rules.weak_endings
    summaries = [r.summary if isinstance(r.summary, LocalSummary) else local_summary(r, rules)
                 for r in results]
    known: set[str] = set()               # names a gazetteer vouches for (国务院, 科技部)
    for s in summaries:
        known.update(s.known)

    # 1. every document's local clusters, numbered in one list (results sharing an id are one document)
    ids = [r.document.id for r in results]
    doc_no = {d: i for i, d in reversed(list(enumerate(ids)))}
    clusters: list[tuple] = []
    cluster_doc: list[int] = []
    starts: list[int] = []
    for i, s in enumerate(summaries):
        starts.append(len(clusters))
        clusters.extend(s.clusters)
        cluster_doc.extend([doc_no[ids[i]]] * len(s.clusters))
    parent = list(range(len(clusters)))       # union-find over cluster numbers

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]     # path halving
            x = parent[x]
        return x

    def join(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    node_cluster: dict[tuple, int] = {}
    if len(doc_no) < len(ids):
        # one node (document, type, key) in two results with one id: their clusters are one
        for i, (res, s) in enumerate(zip(results, summaries)):
            for m, c in zip(res.mentions, s.mention_cluster):
                first = node_cluster.setdefault((ids[i], m.type, m.key), starts[i] + c)
                if first != starts[i] + c:
                    join(first, starts[i] + c)

    # Regions with a division code merge by it; a name the table gives several divisions never links
    table = rules.divisions()
    cluster_code = _cluster_codes(results, summaries, starts, len(clusters)) if table is not None else None
    ambiguous: dict[str, bool] = {}

    def is_ambiguous(name: str) -> bool:
        found = ambiguous.get(name)
        if found is None:
            found = ambiguous[name] = len(table.candidates(name)) > 1
        return found

    # 2. across documents: merge clusters sharing a specific name of the same type
    first_with: dict[str, dict[str, int]] = defaultdict(dict)     # type -> name -> first cluster with it
    for c, (type_, names, n_links, n_shorts, _, _) in enumerate(clusters):
        seen = first_with[type_]
        linking = names[:n_links]
        if n_shorts:
            linking += tuple(n for n in names[n_links:n_links + n_shorts] if n in known)
        if cluster_code is not None and type_ == "Region":
            linking = tuple(n for n in linking if not is_ambiguous(n))
            if cluster_code[c]:
                linking += ("\0" + cluster_code[c],)      # (no name holds a NUL)
        last = c
        for name in linking:
            first = seen.setdefault(name, c)
            if first == c or first == last:      # a new name, or the cluster its last name led to
                continue
            last = first
            # join(first, c), inline: it runs ~20 times per document
            while parent[first] != first:
                parent[first] = parent[parent[first]]
                first = parent[first]
            root = c
            while parent[root] != root:
                root = parent[root]
            if first < root:
                parent[root] = first
            elif root < first:
                parent[first] = root

    members: dict[int, list[int]] = defaultdict(list)
    for c in range(len(clusters)):
        root = parent[c]
        if parent[root] != root:
            root = find(c)
        members[root].append(c)

    cluster_iri: list[str] = [""] * len(clusters)
    cluster_mentions: list = [None] * len(clusters)         # the entity's mention list, per cluster
    entities: dict[str, Entity] = {}
    aliases: dict[str, set[str]] = {}

    entity_code: dict[str, str] = {}

    def name_entity(type_: str, cs: list[int], all_names, name: str) -> None:
        code, unsettled = "", False
        if cluster_code is not None and type_ == "Region":
            code = _group_code(cluster_code, cs)
            division = table.get(code) if code else None
            if division is not None and name in division.former:
                name = division.name                 # today's name (九台市 -> 九台区)
            unsettled = is_ambiguous(name)
        if unsettled and code:
            iri = entity_iri(base_iri, type_, f"{name}\t{code}")     # 朝阳区 of Beijing, 朝阳区 of Changchun
        elif unsettled:
            # a name of several divisions the article does not settle: inside its article only
            iri = entity_iri(base_iri, type_, f"{name}\t{ids[cluster_doc[cs[0]]]}")
        # a name that only identifies something inside one article (新区; 市监局 without its district)
        elif (name in generic or (len(name) <= local_max.get(type_, 0) and name not in known)) and (
                len(cs) == 1 or len({cluster_doc[c] for c in cs}) == 1):
            # 新区, 市监局 left on their own name a different thing in every article
            iri = entity_iri(base_iri, type_, f"{name}\t{ids[cluster_doc[cs[0]]]}")
        else:
            iri = entity_iri(base_iri, type_, name)
        others = set(all_names)
        others.discard(name)
        if code:
            entity_code[iri] = code
        e = entities.get(iri)
        if e is None:
            e = entities[iri] = Entity(iri, type_, name)
            aliases[iri] = others
        else:
            aliases[iri] |= others
        if len(cs) == 1:
            cluster_iri[cs[0]] = iri
            cluster_mentions[cs[0]] = e.mentions
        else:
            for c in cs:
                cluster_iri[c] = iri
                cluster_mentions[c] = e.mentions

    tied = []        # groups whose canonical name the mention counts decide
    for root, cs in members.items():
        type_ = clusters[root][0]
        if len(cs) == 1:
            all_names, top = clusters[root][1], clusters[root][4]
            candidates = [all_names[i] for i in top]
        else:
            records = list(map(clusters.__getitem__, cs))
            all_names = set().union(*map(_NAMES, records))
            candidates = _group_candidates(records, rules.weak_endings)
        if len(candidates) == 1:
            name_entity(type_, cs, all_names, candidates[0])
        else:
            tied.append((type_, cs, all_names, candidates))
    if tied:
        counts = _key_counts(summaries, {n for t in tied for n in t[3]})
        for type_, cs, all_names, candidates in tied:
            name_entity(type_, cs, all_names, _canonical(candidates, counts, weak))
    for iri, e in entities.items():
        e.aliases = sorted(aliases[iri])

    subtypes: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    relations: dict[tuple, Relation] = {}
    figures: list[Figure] = []
    for i, (res, s) in enumerate(zip(results, summaries)):
        doc, start = ids[i], starts[i]
        lists = cluster_mentions[start:start + len(s.clusters)]
        for m, c in zip(res.mentions, s.mention_cluster):
            lists[c].append(m)
        triples = iter(s.subtypes)
        for c, subtype, n in zip(triples, triples, triples):
            subtypes[cluster_iri[start + c]][subtype] += n

        iri_of = cluster_iri[start:start + len(s.clusters)]     # local cluster -> IRI
        ends, subjects = s.relation_ends, s.figure_subjects
        if s.foreign and node_cluster:
            ends, subjects, iri_of = _with_foreign(s, doc, node_cluster, cluster_iri, iri_of)
        pairs = iter(ends)
        for r, a, b in zip(res.relations, pairs, pairs):
            if a < 0 or b < 0:
                continue
            subj, obj = iri_of[a], iri_of[b]
            if subj == obj:
                continue
            key = (subj, r.predicate, obj)
            rel = relations.get(key)
            if rel is None:
                rel = relations[key] = Relation(subj, r.predicate, obj)
            rel.evidence.append(Evidence(r.doc, r.start, r.end, r.sentence, rules.derived.get(r.rule, "")))

        text = res.document.text
        prefix = figure_prefix(base_iri, doc)     # as figure_iri
        sentences: dict[tuple[int, int], str] = {}     # one string per sentence, shared by its figures
        for f, c in zip(res.figures, subjects):
            span = (f.sentence_start, f.sentence_end)
            sentence = sentences.get(span)
            if sentence is None:
                sentence = sentences[span] = text[f.sentence_start:f.sentence_end] if f.sentence_end else ""
            figures.append(Figure(f"{prefix}{f.start}-{f.end}", iri_of[c] if c >= 0 else None, f.metric,
                                  f.value, f.unit, f.period, f.text, f.doc, f.start, f.end, sentence))
    for iri, st in subtypes.items():
        entities[iri].subtype = max(sorted(st), key=lambda x: st[x])
    if cluster_code is not None:
        for iri, e in entities.items():
            if e.type == "Region":
                e.links = _region_links(entity_code.get(iri, ""), e.mentions)

    ents = sorted(entities.values(), key=attrgetter("iri"))
    figs = sorted(figures, key=attrgetter("iri"))
    return ents, _sorted_relations(relations), figs


def _cluster_codes(results: list[DocResult], summaries: list[LocalSummary], starts: list[int],
                   n: int) -> list[str]:
    """Each cluster's division code (its Region mentions' one code; "" for none, or for several)."""
    codes = [""] * n
    for res, s, start in zip(results, summaries, starts):
        for m, c in zip(res.mentions, s.mention_cluster):
            if m.code and m.type == "Region":
                k = start + c
                codes[k] = m.code if codes[k] in ("", m.code) else "\0"
    return ["" if x == "\0" else x for x in codes]


def _group_code(cluster_code: list[str], cs: list[int]) -> str:
    """The code most of a group's clusters have (ties: the smallest); "" when none has one."""
    counts = Counter(cluster_code[c] for c in cs if cluster_code[c])
    return min(counts, key=lambda k: (-counts[k], k)) if counts else ""


def _region_links(code: str, mentions: list[Mention]) -> dict[str, str]:
    """links of a Region: its code (gb2260), or for a zone without one the code it lies in (parent_gb2260)."""
    if code:
        return {"gb2260": code}
    parents = Counter(m.parent_code for m in mentions if m.parent_code)
    if parents:
        return {"parent_gb2260": min(parents, key=lambda k: (-parents[k], k))}
    return {}


def _key_counts(summaries: list[LocalSummary], names: set[str]) -> dict[str, int]:
    """How many mentions, in all documents, have each of these names as their key."""
    counts = dict.fromkeys(names, 0)
    for s in summaries:
        for k in names.intersection(s.keys):
            counts[k] += s.key_counts[s.keys.index(k)]
    return counts


def _sorted_relations(relations: dict[tuple, Relation]) -> list[Relation]:
    """The relations in (subject, predicate, object) order. Joined by NUL the three sort as the tuple
    does (NUL sorts first), and one string compares several times faster than a tuple."""
    keys = ["\0".join(k) for k in relations]
    if "".join(keys).count("\0") != 2 * len(keys):      # a NUL inside an IRI or predicate
        return [relations[k] for k in sorted(relations)]
    values = list(relations.values())
    return [values[i] for i in sorted(range(len(keys)), key=keys.__getitem__)]


def _group_candidates(records: list[tuple], weak: tuple[str, ...]) -> list[str]:
    """The best canonical candidates of clusters merged into one entity, as `_canonical` over all their
    names would rank them before counts: the best of their `top`s, taken from the clusters with a name
    without an avoided ending if any has one."""
    avoided = list(map(_AVOIDED, records))
    if any(avoided):
        records = list(compress(records, map(not_, avoided))) or records
    pool = {r[1][i] for r in records for i in r[4]}
    if len(pool) == 1:
        return list(pool)
    best = max((len(n), not n.endswith(weak)) for n in pool)
    return [n for n in pool if (len(n), not n.endswith(weak)) == best]


def _with_foreign(s: LocalSummary, doc: str, node_cluster: dict, cluster_iri: list, iri_of: list):
    """Relation and figure ends naming a key only another result with this document id mentions
    (results sharing an id are one document): they point past the local clusters, into `iri_of`."""
    ends, subjects, iri_of = list(s.relation_ends), list(s.figure_subjects), list(iri_of)
    for pos, which, type_, key in s.foreign:
        c = node_cluster.get((doc, type_, key))
        if c is None:
            continue
        iri_of.append(cluster_iri[c])
        if which == 2:
            subjects[pos] = len(iri_of) - 1
        else:
            ends[2 * pos + which] = len(iri_of) - 1
    return ends, subjects, iri_of

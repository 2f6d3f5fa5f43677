"""Stage 4c: relations between the entity mentions of one document.

Four kinds of evidence, all driven by `relations:` in the rule pack:
  1. cue patterns over a window around two mentions of one sentence
     (位于<O>的<S>, <O>推出<S>, 甲公司和乙县政府签约丙项目 ...), and list frames
     (乙市有A、B、C等12个项目开工: every item);
  2. name structure: a name that starts with a region (绿园区政务服务中心 ->
     绿园区, 长春二道经济开发区 -> 二道区), a project named after a company
     (中研…三期项目 -> 中研高分子) or built in a park named in full;
  3. the national division tables: partOf between two regions the article
     names (铁西区 … 沈阳市), never a guess from a city merely named nearby;
  4. the article's topic region (a city, district, zone or town: not a
     province or a wider area) as the default home of its projects, local
     companies and organisations (not the investors and signing partners that
     come from elsewhere), sub-areas, towns and streets (镇/乡/街道) and
     policies nobody else issued.
Subjects and objects are always mentions from the entity stage, so the
resolver can map them to entities; evidence is the subject's sentence.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..divisions import load as load_divisions, load_zones
from ..model import Document, Mention, RelationMention, Sentence
from ..rules import RULES_DIR, RulePack, any_pattern, joined_patterns
from .topic import count_each

# The rule keys of the `relations` section (kg/rules/relations.yaml) and the kind of value each holds.
SCHEMA_RELATIONS: Mapping[str, object] = MappingProxyType({
    "region_levels": "map[int]",
    "region_suffix_levels": "map[str]",
    "gazetteer_levels": "map[str]",
    "city_province_file": "path",
    "prefecture_province": "map[str]",
    "division_files": "list[str]",     # (not "path": a checkout without the tables still loads the pack)
    "prefecture_short_pattern": "regex",
    "region_short_suffixes": "list",
    "sub_area_patterns": "regexes",
    "wide_region_patterns": "regexes",
    "prefix_min_level": "map[str]",
    "park_suffixes": "list",
    "company_legal_suffixes": "list",
    "company_brand_length": "int",
    "non_local_org_patterns": "regexes",
    "no_prefix_org_patterns": "regexes",
    "partner_before": "regex",
    "no_default_org_patterns": "regexes",
    "here_after": "regexes",
    "partner_after": "regex",
    "cue_rules": [{"name?": "str", "predicate": "str", "subject?": "list[str]", "object?": "list[str]",
                   "pattern": "regex", "object_levels?": "list[str]", "object_body?": "regex"}],
    "list_frames": [{"name": "str", "predicate": "str", "subject": "list[str]", "object": "list[str]",
                     "between": "regex", "object_levels?": "list[str]"}],
    "list_item_gap": "regex",
    "list_lead_max": "int",
    "list_joiner": "str",
    "one_char_body_heads": "list",
    "list_subject_rules": "list",
    "list_opening_rules": "list",
    "prefix_ancestor_below": "map[str]",
    "cue_max_gap": "int",
    "policy_not_issued_before": "regexes",
    "policy_not_issued_after": "regexes",
    "level_issuer_cues": [{"pattern": "regex", "levels?": "list[str]"}],
    "unnamed_zone_patterns": "regexes",
    "visitor_company_before": "regexes",
    "park_same_rest": "regex",
    "generic_zone_forms": "list",
    "implementer_anaphora": [{"before": "regex", "after?": "regex", "look_back?": "int"}],
    "maker_anaphora": [{"before": "regex", "types?": "list[str]", "look_back?": "int"}],
    "located_anaphora": [{"before": "regex", "look_back?": "int"}],
    "park_anaphora": [{"before": "regex", "look_back?": "int"}],
    "park_name_pattern": "regex",
    "co_issuer_before": "regex",
    "co_maker_before": "regex",
    "maker_joiners": "regex",
    "maker_list_rules": "list",
    "respectively_between": "regex",
    "topic_in_only_city": "bool",
    "governed_connector": "regex",
    "sentence_lead_max_offset": "int",
    "topic_switch_min": "int",
    "topic_switch_ratio": "int",
    "viewpoint_words": "list",
    "viewpoint_lower_words": "list",
    "viewpoint_min": "int",
    "donor_after": "regex",
    "name_openers": "str",
    "coordination_joiners": "regex",
    "prefecture_short_ending": "str",
    "city_suffix": "str",
    "city_endings": "list",
    "default_home_levels": "list",
    "topic_in_only_city_levels": "list",
    "investor_company_after": "regexes",
    "investor_company_before": "regexes",
    "resident_legal_suffixes": "list",
    "national_company_patterns": "regexes",
    "level_body_cues": [{"pattern": "regex", "level": "str"}],
    "street_after_place": "regex",
    "national_policy_patterns": "regexes",
})


_S, _O = "\x01", "\x02"          # stand-ins for subject / object in a cue window
_WINDOW_MARGIN = 12              # context kept on each side of a pair for cue patterns
_MEMO_MAX = 50_000               # entries kept by per-name memos before they start over


# ---------------------------------------------------------------- compiled rules

@dataclass(frozen=True)
class CueRule:
    name: str
    predicate: str
    subject_types: frozenset
    object_types: frozenset
    pattern: re.Pattern
    object_ranks: frozenset = frozenset()     # the object region's levels allowed (empty: any)
    object_body: re.Pattern | None = None     # an Organization object matching this (X县政府) stands for its region


@dataclass(frozen=True)
class ListFrame:
    """<object><between><item>、<item>…: every listed subject is related to the object."""
    name: str
    predicate: str
    subject_types: frozenset
    object_types: frozenset
    between: re.Pattern                       # the whole text between the object and the first item
    object_ranks: frozenset = frozenset()


@dataclass
class RelationRules:
    """The `relations` section, compiled once per rule pack (the caller keeps it). The memos at the end
    fill as documents are read: they belong to this instance, not to the module."""
    name_openers: str              # dropped before reading a name's leading region
    joiners: re.Pattern            # between coordinated names (X、Y联合推出)
    prefecture_short_ending: str   # 延边朝鲜族自治州 -> 延边 + this
    city_suffix: str               # a city's name ending, added to a form without one of city_endings
    city_endings: tuple[str, ...]
    levels: dict
    suffix_levels: list            # [(ending, rank)], longest ending first
    short_suffixes: list
    sub_area: list
    wide: list
    prefix_min_level: dict
    park_suffixes: tuple
    legal_suffixes: list
    brand_length: int
    non_local_org: list
    no_prefix_org: list
    partner_before: re.Pattern | None
    no_default_org: list
    here_after: list
    partner_after: re.Pattern | None
    cue_rules: list
    max_gap: int
    not_issued_before: list
    not_issued_after: list
    unnamed_zone: list
    visitor_before: list
    level_issuers: list            # [(regex on the text before a policy, [rank, ...])]
    park_same_rest: re.Pattern | None
    generic_zones: frozenset
    anaphora: list                 # [(regex before a maker, regex after it, look-back characters)]
    maker_anaphora: list           # [(regex before a project, maker types, look-back characters)]
    located_anaphora: list         # [(regex before a place, look-back characters)]
    park_anaphora: list            # [(regex before a company, look-back characters)]
    park_name: re.Pattern | None
    co_issuer_before: re.Pattern | None
    co_maker_before: re.Pattern | None   # between two makers of one project (X拟联合Y…建设): X builds it too
    maker_joiners: re.Pattern | None     # between makers listed together (由X和Y共同投资)
    maker_list_rules: frozenset          # implementedBy cue rules whose maker may close such a list
    respectively: re.Pattern | None      # X、Y分别建设A、B: between the makers and the projects
    topic_in_only_city: bool
    governed_connector: re.Pattern | None
    lead_offset: int               # how far into its sentence a leading region may start
    topic_switch_min: int          # another region of the topic's tier written this often ...
    topic_switch_ratio: int        # ... and this many times as often as the topic is the topic
    viewpoint_words: tuple         # the article speaks for a city (全市, 我市) ...
    viewpoint_lower: tuple         # ... unless it speaks as often for a district (全区, 我县)
    viewpoint_min: int             # how often it must say so
    donor_after: re.Pattern | None  # right after a region: it gives aid elsewhere (对口援建), it is not the place
    only_city_ranks: frozenset     # topic levels topic_in_only_city applies to (empty: any)
    list_frames: list              # [ListFrame]
    list_item_gap: re.Pattern | None   # the whole text between two items of a list
    list_lead_max: int             # longest text between a list frame's object and its first item
    list_joiner: str               # between two names of one list (X、Y)
    one_char_heads: frozenset      # one character after a region's name that makes a body of it (市委)
    list_subject_rules: frozenset  # cue rules whose subject may be the last of a list (A、B等项目落户X)
    list_opening_rules: frozenset  # cue rules whose subject may open a list (在X建设A、B和C)
    prefix_ancestor_rank: dict     # type -> level: a leading region above the article's, below it, is no place
    home_ranks: frozenset          # topic levels that are the default home of unplaced things (empty: any)
    investor_after: list           # right after a company: it invests or signs (not a resident)
    investor_before: list          # right before a company: 由X投资建设, 与X签约
    resident_legal_suffixes: tuple  # a legal name ending so, opening a project's name: a resident builder
    national_company: list         # companies of the whole country (中国X集团): no default home
    level_bodies: list             # [(regex on a body's name, rank)]: 省发改委 is the article's province's
    street_after: re.Pattern | None  # after a leading place name: a street of it (大连路消防站), not the place
    national_policy: list          # the country's strategies (一带一路): no region of the article issues them
    gazetteer: dict = field(default_factory=dict)   # form -> rank
    gazetteer_max_len: int = 0                       # longest gazetteer form (bounds prefix lookups)
    city_form_lengths: dict = field(default_factory=dict)   # first character -> lengths of City-level
                                                            # gazetteer forms starting with it, longest first
    city_province: dict = field(default_factory=dict)   # city full name -> province full name
    division_parent: dict = field(default_factory=dict)  # division code -> the code of the division holding it
    division_names: dict = field(default_factory=dict)   # full name or short form -> {code: 0 full, 1 short}
    own_forms: dict = field(default_factory=dict)      # memo: (text, key, aliases) -> Regions._own_forms
    cue_rules_by_types: dict = field(default_factory=dict)  # (subject type, object type) -> (joined pattern, [CueRule])


def compile_relations(pack: RulePack) -> RelationRules:
    """The relation rules of `pack` (pure: reads the gazetteer files it names; the caller keeps the result)."""
    sec = pack.section("relations")
    levels = dict(sec.get("region_levels", {}))
    suffix_levels = sorted(((k, levels.get(v, 0)) for k, v in sec.get("region_suffix_levels", {}).items()),
                           key=lambda kv: -len(kv[0]))
    cues = []
    for rec in sec.get("cue_rules", []):
        pat = rec["pattern"].replace("<S>", _S).replace("<O>", _O)
        cues.append(CueRule(rec.get("name", rec["predicate"]), rec["predicate"],
                            frozenset(rec.get("subject", [])), frozenset(rec.get("object", [])), re.compile(pat),
                            frozenset(levels.get(v, 0) for v in rec.get("object_levels", [])),
                            re.compile(rec["object_body"]) if rec.get("object_body") else None))
    frames = [ListFrame(rec["name"], rec["predicate"], frozenset(rec["subject"]), frozenset(rec["object"]),
                        re.compile(rec["between"]), frozenset(levels.get(v, 0) for v in rec.get("object_levels", [])))
              for rec in sec.get("list_frames", [])]
    return RelationRules(
        name_openers=sec["name_openers"], joiners=re.compile(sec["coordination_joiners"]),
        prefecture_short_ending=sec["prefecture_short_ending"], city_suffix=sec["city_suffix"],
        city_endings=tuple(sec["city_endings"]),
        levels=levels, suffix_levels=suffix_levels,
        short_suffixes=sorted(sec.get("region_short_suffixes", []), key=len, reverse=True),
        sub_area=joined_patterns([re.compile(p) for p in sec.get("sub_area_patterns", [])]),
        wide=joined_patterns([re.compile(p) for p in sec.get("wide_region_patterns", [])]),
        prefix_min_level={k: levels.get(v, 0) for k, v in sec.get("prefix_min_level", {}).items()},
        park_suffixes=tuple(sec.get("park_suffixes", [])),
        legal_suffixes=sorted(sec.get("company_legal_suffixes", []), key=len, reverse=True),
        brand_length=int(sec.get("company_brand_length", 2)),
        non_local_org=joined_patterns([re.compile(p) for p in sec.get("non_local_org_patterns", [])]),
        no_prefix_org=joined_patterns([re.compile(p) for p in sec.get("no_prefix_org_patterns", [])]),
        partner_before=re.compile(sec["partner_before"]) if sec.get("partner_before") else None,
        no_default_org=joined_patterns([re.compile(p) for p in sec.get("no_default_org_patterns", [])]),
        here_after=joined_patterns([re.compile(p) for p in sec.get("here_after", [])]),
        partner_after=re.compile(sec["partner_after"]) if sec.get("partner_after") else None,
        cue_rules=cues, max_gap=int(sec.get("cue_max_gap", 40)),
        not_issued_before=joined_patterns([re.compile(p) for p in sec.get("policy_not_issued_before", [])]),
        not_issued_after=joined_patterns([re.compile(p) for p in sec.get("policy_not_issued_after", [])]),
        unnamed_zone=joined_patterns([re.compile(p) for p in sec.get("unnamed_zone_patterns", [])]),
        visitor_before=joined_patterns([re.compile(p) for p in sec.get("visitor_company_before", [])]),
        level_issuers=[(re.compile(r["pattern"]), [levels.get(v, 0) for v in r.get("levels", [])])
                       for r in sec.get("level_issuer_cues", [])],
        park_same_rest=re.compile(sec["park_same_rest"]) if sec.get("park_same_rest") else None,
        generic_zones=frozenset(sec.get("generic_zone_forms", [])),
        anaphora=[(re.compile(r["before"]), re.compile(r.get("after", "")), int(r.get("look_back", 80)))
                  for r in sec.get("implementer_anaphora", [])],
        maker_anaphora=[(re.compile(r["before"]), frozenset(r.get("types", ["Company"])), int(r.get("look_back", 120)))
                        for r in sec.get("maker_anaphora", [])],
        located_anaphora=[(re.compile(r["before"]), int(r.get("look_back", 120)))
                          for r in sec.get("located_anaphora", [])],
        park_anaphora=[(re.compile(r["before"]), int(r.get("look_back", 200)))
                       for r in sec.get("park_anaphora", [])],
        park_name=re.compile(sec["park_name_pattern"]) if sec.get("park_name_pattern") else None,
        co_issuer_before=re.compile(sec["co_issuer_before"]) if sec.get("co_issuer_before") else None,
        co_maker_before=re.compile(sec["co_maker_before"]) if sec.get("co_maker_before") else None,
        maker_joiners=re.compile(sec["maker_joiners"]) if sec.get("maker_joiners") else None,
        maker_list_rules=frozenset(sec.get("maker_list_rules", [])),
        respectively=re.compile(sec["respectively_between"]) if sec.get("respectively_between") else None,
        topic_in_only_city=bool(sec["topic_in_only_city"]),
        governed_connector=re.compile(sec["governed_connector"]) if sec.get("governed_connector") else None,
        lead_offset=int(sec.get("sentence_lead_max_offset", 6)),
        topic_switch_min=int(sec.get("topic_switch_min", 3)),
        topic_switch_ratio=int(sec.get("topic_switch_ratio", 3)),
        viewpoint_words=tuple(sec.get("viewpoint_words", [])),
        viewpoint_lower=tuple(sec.get("viewpoint_lower_words", [])),
        viewpoint_min=int(sec.get("viewpoint_min", 2)),
        donor_after=re.compile(sec["donor_after"]) if sec.get("donor_after") else None,
        list_frames=frames,
        list_item_gap=re.compile(sec["list_item_gap"]) if sec.get("list_item_gap") else None,
        list_lead_max=int(sec.get("list_lead_max", 24)),
        list_joiner=sec.get("list_joiner", ""),
        one_char_heads=frozenset(sec.get("one_char_body_heads", [])),
        list_subject_rules=frozenset(sec.get("list_subject_rules", [])),
        list_opening_rules=frozenset(sec.get("list_opening_rules", [])),
        prefix_ancestor_rank={k: levels.get(v, 0) for k, v in sec.get("prefix_ancestor_below", {}).items()},
        only_city_ranks=frozenset(levels.get(v, 0) for v in sec.get("topic_in_only_city_levels", [])),
        home_ranks=frozenset(levels.get(v, 0) for v in sec.get("default_home_levels", [])),
        investor_after=joined_patterns([re.compile(p) for p in sec.get("investor_company_after", [])]),
        investor_before=joined_patterns([re.compile(p) for p in sec.get("investor_company_before", [])]),
        resident_legal_suffixes=tuple(sec.get("resident_legal_suffixes", sec.get("company_legal_suffixes", []))),
        national_company=joined_patterns([re.compile(p) for p in sec.get("national_company_patterns", [])]),
        level_bodies=[(re.compile(r["pattern"]), levels.get(r["level"], 0)) for r in sec.get("level_body_cues", [])],
        street_after=re.compile(sec["street_after_place"]) if sec.get("street_after_place") else None,
        national_policy=joined_patterns([re.compile(p) for p in sec.get("national_policy_patterns", [])]),
        gazetteer=(gaz := _load_gazetteer(_region_gazetteers(pack, sec), levels)),
        gazetteer_max_len=max((len(f) for f in gaz), default=0),
        city_form_lengths=_lengths_by_first(f for f, r in gaz.items() if r == levels.get("City", 2) and len(f) >= 2),
        **_load_divisions(sec.get("division_files", [])),
        city_province=_with_prefecture_short_forms(
            {**dict(sec.get("prefecture_province", {})), **_load_pairs(sec.get("city_province_file"))},
            sec.get("prefecture_short_pattern"),
            sec["prefecture_short_ending"]),
    )


def _lengths_by_first(forms) -> dict[str, list[int]]:
    out: dict[str, set[int]] = {}
    for f in forms:
        out.setdefault(f[0], set()).add(len(f))
    return {ch: sorted(ns, reverse=True) for ch, ns in out.items()}


def _region_gazetteers(rules: RulePack, sec: dict) -> dict[str, str]:
    """{file path: subtype}: the entity stage's Region gazetteers if it declares them, else ours."""
    declared = rules.get("lexicon", "gazetteers") or {}
    files = {path: kind.split("/", 1)[1] for kind, path in declared.items()
             if isinstance(kind, str) and kind.startswith("Region/") and isinstance(path, str)}
    if files:
        return files
    return {f"gazetteer/{stem}.txt": subtype for stem, subtype in sec.get("gazetteer_levels", {}).items()}


def _load_divisions(rel_paths: list[str]) -> dict[str, dict]:
    """The national division table (the first file, kg/divisions.py) and zone tables of it (the others, each
    zone with the division holding it), as {division_parent: code -> parent code, division_names: name ->
    {code: 0 for the full name, 1 for a short form}}; a zone without a code of its own is known by its name.
    Missing files give empty tables (no table-confirmed partOf)."""
    parent: dict[str, str] = {}
    names: dict[str, dict[str, int]] = {}
    paths = [Path(RULES_DIR, p) for p in rel_paths]
    if not paths or not paths[0].is_file():
        return {"division_parent": parent, "division_names": names}
    table = load_divisions(paths[0])
    for d in table.by_code.values():
        _add_division(parent, names, d.code, d.parent, d.name, d.short)
    for path in paths[1:]:
        if path.is_file():
            for z in load_zones(path, table).by_name.values():
                _add_division(parent, names, z.code or z.name, z.parent, z.name, z.short)
    return {"division_parent": parent, "division_names": names}


def _add_division(parent: dict[str, str], names: dict[str, dict[str, int]], code: str, held_by: str,
                  name: str, shorts) -> None:
    parent.setdefault(code, held_by)
    names.setdefault(name, {})[code] = 0
    for short in shorts:
        if len(short) >= 2:
            names.setdefault(short, {}).setdefault(code, 1)


def _load_pairs(rel_path: str | None) -> dict[str, str]:
    """A two-column tab-separated file (kg/rules/…): first column -> second."""
    path = Path(RULES_DIR, rel_path) if rel_path else None
    if path is None or not path.is_file():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = [x.strip() for x in line.split("\t")]
        if len(cols) >= 2 and cols[0] and cols[1] and not line.startswith("#"):
            out.setdefault(cols[0], cols[1])
    return out


def _with_prefecture_short_forms(pairs: dict[str, str], pattern: str | None, ending: str) -> dict[str, str]:
    """Add the usual short names of autonomous prefectures (延边朝鲜族自治州 -> 延边州): the pattern's
    first group + `ending`."""
    if not pattern:
        return pairs
    rx = re.compile(pattern)
    out = dict(pairs)
    for name, province in pairs.items():
        m = rx.match(name)
        if m:
            out.setdefault(m.group(1) + ending, province)
    return out


def _load_gazetteer(files: dict[str, str], levels: dict) -> dict[str, int]:
    """Region forms from the entity stage's gazetteer files (one entry a line, tab-separated forms)."""
    out: dict[str, int] = {}
    for rel_path, subtype in files.items():
        path = Path(RULES_DIR, rel_path)
        if not path.is_file():
            continue
        rank = levels.get(subtype, 0)
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            for form in line.split("\t"):
                form = form.strip()
                if len(form) >= 2 and "=" not in form:
                    out.setdefault(form, rank)
    return out


# ---------------------------------------------------------------- regions of one document

class Regions:
    """The document's region mentions grouped into places, with levels and short forms."""

    def __init__(self, mentions: list[Mention], c: RelationRules):
        self.c = c
        self.mentions = [m for m in mentions if m.type == "Region"]
        self.group: dict[int, int] = {}          # id(mention) -> group index
        groups: list[list[Mention]] = []
        # Mentions written alike (same text, name and aliases) have the same forms and always end
        # up in one group, so places are found among these distinct names, not among all mentions.
        name_index: dict[tuple, int] = {}
        names: list[Mention] = []                # the first mention of each name, in text order
        name_of: list[int] = []                  # mention -> its name
        first_with: dict[str, int] = {}          # text or key -> the first name written so
        for m in self.mentions:
            k = (m.text, m.key, m.aliases)
            ni = name_index.get(k)
            if ni is None:
                ni = name_index[k] = len(names)
                names.append(m)
            name_of.append(ni)
            first_with.setdefault(m.text, ni)
            first_with.setdefault(m.key, ni)
        parent = list(range(len(names)))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def union(i, j):
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)

        own = [self._own_forms(m) for m in names]
        all_forms = set().union(*own)
        every = [o | self._stripped_forms(m, all_forms) for m, o in zip(names, own)]
        for i, forms in enumerate(every):
            for f in forms:
                # the first mention with that text stands for all of them (they share it too)
                j = first_with.get(f)
                if j is not None:
                    union(i, j)
        # a bare zone word (高新区) stands for the article's longer region ending with it (净月高新区)
        owner: dict[str, int] = {}
        for ni, o in enumerate(own):
            for f in o:
                owner.setdefault(f, ni)
        longer = None
        done_generic: dict[str, int | None] = {}
        for ni, m in enumerate(names):
            if m.key not in c.generic_zones:
                continue
            if m.key not in done_generic:      # one search per bare word, not per name
                if longer is None:
                    longer = sorted(owner, key=len, reverse=True)
                done_generic[m.key] = next((owner[f] for f in longer if len(f) > len(m.key)
                                            and f.endswith(m.key) and f not in c.generic_zones), None)
            other = done_generic[m.key]
            if other is not None:
                union(ni, other)
        roots: dict[int, int] = {}
        for m, ni in zip(self.mentions, name_of):
            r = find(ni)
            if r not in roots:
                roots[r] = len(groups)
                groups.append([])
            groups[roots[r]].append(m)
            self.group[id(m)] = roots[r]
        self.groups = groups
        # representative: the fullest form (长春市绿园区 over 绿园区)
        self.rep = [max(g, key=lambda m: (len(m.key), -m.start)) for g in groups]
        self.rank = [self._group_rank(g) for g in groups]
        self.forms: dict[str, int] = {}          # form -> group
        # (group by group, in group order: a form belongs to the first group that has it)
        for gi, forms in sorted(((roots[find(ni)], forms) for ni, forms in enumerate(every)), key=lambda x: x[0]):
            for f in forms:
                if len(f) >= 2:
                    self.forms.setdefault(f, gi)
        self.max_form = max((len(f) for f in self.forms), default=0)
        # the lengths of the forms starting / ending with each character, longest first: only these can hit
        self.lengths_from: dict[str, list[int]] = {}
        self.lengths_to: dict[str, list[int]] = {}
        for f in self.forms:
            self.lengths_from.setdefault(f[0], set()).add(len(f))
            self.lengths_to.setdefault(f[-1], set()).add(len(f))
        for d in (self.lengths_from, self.lengths_to):
            for ch, ns in d.items():
                d[ch] = sorted(ns, reverse=True)
        self.in_region_names = self._inside_region_names(mentions)
        self._wide: dict[int, bool] = {}
        self._sub_area: dict[int, bool] = {}

    @staticmethod
    def _inside_region_names(mentions: list[Mention]) -> set[int]:
        """Region mentions written inside another region's name only (X市 in X市Y区),
        not inside a company's, a paper's or a project's name (X in X日报)."""
        out, other_end = set(), -1
        for m in sorted(mentions, key=lambda m: (m.start, -m.end, m.type == "Region")):
            if m.type != "Region":
                other_end = max(other_end, m.end)
            elif m.end > other_end:
                out.add(id(m))
        return out

    def _own_forms(self, m: Mention) -> frozenset[str]:
        """The mention's names and their short forms (长春市 -> 长春); cached by name across documents."""
        k = (m.text, m.key, m.aliases)
        hit = self.c.own_forms.get(k)
        if hit is not None:
            return hit
        forms = {m.text, m.key, *m.aliases}
        for f in list(forms):
            for s in self.c.short_suffixes:
                if f.endswith(s) and len(f) - len(s) >= 2:
                    forms.add(f[:-len(s)])
                    break
        if len(self.c.own_forms) > _MEMO_MAX:
            self.c.own_forms.clear()
        hit = self.c.own_forms[k] = frozenset(forms)
        return hit

    def _stripped_forms(self, m: Mention, all_forms: set[str]) -> set[str]:
        """The name with a leading region form removed (长春市绿园区 -> 绿园区, 绿园)."""
        out = set()
        for f in {m.text, m.key}:
            for i in range(2, len(f) - 1):
                if f[:i] in all_forms:
                    rest = f[i:]
                    out.add(rest)
                    for s in self.c.short_suffixes:
                        if rest.endswith(s) and len(rest) - len(s) >= 2:
                            out.add(rest[:-len(s)])
                            break
        return {f for f in out if len(f) >= 2}

    def _group_rank(self, g: list[Mention]) -> int:
        ranks = [self.c.levels.get(m.subtype, 0) for m in g if m.subtype]
        if ranks:
            return max(set(ranks), key=ranks.count)
        name = max((m.key for m in g), key=len)
        if name in self.c.gazetteer:
            return self.c.gazetteer[name]
        return self.name_rank(name)

    def name_rank(self, name: str) -> int:
        for ending, rank in self.c.suffix_levels:
            if name.endswith(ending):
                return rank
        return self.c.gazetteer.get(name, 0)

    def of(self, m: Mention) -> int:
        return self.group[id(m)]

    def is_prefecture(self, gi: int) -> bool:
        """A prefecture-level city by general knowledge (the city -> province gazetteer)."""
        names = {f for m in self.groups[gi] for f in (m.key, m.text, *m.aliases)}
        names |= {f + self.c.city_suffix for f in names if not f.endswith(self.c.city_endings)}
        return any(n in self.c.city_province for n in names)

    def above(self, p: int, g: int) -> bool:
        """Can region group p hold group g? A less specific level, or a prefecture-level city
        over a county-level city the entity stage also typed City (保定市所辖的涿州市)."""
        rp, rg = self.rank[p], self.rank[g]
        if rp and rg and rp < rg:
            return True
        city = self.c.levels.get("City", 2)
        return p != g and rp == rg == city and self.is_prefecture(p) and not self.is_prefecture(g)

    def is_wide(self, gi: int) -> bool:
        hit = self._wide.get(gi)
        if hit is None:
            hit = self._wide[gi] = any(p.search(self.rep[gi].key) for p in self.c.wide)
        return hit

    def is_sub_area(self, gi: int) -> bool:
        hit = self._sub_area.get(gi)
        if hit is None:
            hit = self._sub_area[gi] = any(p.search(self.rep[gi].key) for p in self.c.sub_area)
        return hit

    def prefix_chain(self, name: str, exclude: int | None = None) -> tuple[list[int], int]:
        """Groups whose forms start `name`, in order (长春 + 二道 + 经济开发区); and chars consumed."""
        chain, i = [], 0
        while i < len(name):
            gi = None
            for n in self.lengths_from.get(name[i], ()):
                if n > len(name) - i:
                    continue
                g = self.forms.get(name[i:i + n])
                if g is not None and g != exclude and g not in chain:
                    gi = g
                    i += n
                    break
            if gi is None:
                break
            chain.append(gi)
        return chain, i

    def foreign_prefix(self, name: str, home: set[int]) -> bool:
        """Does the name start with a gazetteer city outside the article's home (大连港)?
        Provinces are too coarse to tell (吉林奥来德光电 is at home in a Changchun article),
        district short forms too ambiguous."""
        city = self.c.levels.get("City", 2)
        lengths = (self.c.city_form_lengths.get(name[:1], ()) if city
                   else range(min(self.c.gazetteer_max_len, len(name)), 1, -1))
        for n in lengths:
            if n > len(name):
                continue
            form = name[:n]
            if self.c.gazetteer.get(form, 0) == city:
                if self.forms.get(form) in home:
                    return False
                return not any(self.rep[g].key.startswith(form) for g in home)
        return False


# ---------------------------------------------------------------- extraction

def extract_relations(doc: Document, sentences: list[Sentence], mentions: list[Mention],
                      rules: RelationRules, topic: Mention | None) -> list[RelationMention]:
    """The relations between the document's mentions. topic: the article's topic_region."""
    c = rules
    if not mentions:
        return []
    mentions = sorted(mentions, key=lambda m: (m.start, -m.end))
    starts = [s.start for s in sentences]
    sent_of = _sentence_indexes(starts, sentences, mentions)
    regions = Regions(mentions, c)
    out = _Collector(doc, sentences, sent_of)

    nested = _nested(mentions)
    free = [m for m in mentions if id(m) not in nested]
    cue_hits = _cue_relations(doc, sentences, free, sent_of, c, regions, out)
    parents = _region_parents(doc.text, regions, nested, out, topic)
    topic = _main_region(doc.text, regions, topic, c, parents, nested)
    if topic is not None and c.topic_in_only_city:
        _topic_city(regions, parents, topic, nested, out)
    if topic is not None:
        _town_parents(regions, parents, topic, nested, out)
        _drop_unsaid_parents(regions, parents, topic, out)
    home = _home_groups(regions, parents, topic)
    # (a topic the article writes only inside other names, 安庆 of 安庆经开区, holds no parts it names)
    if topic is not None and any(id(m) not in nested for m in regions.groups[regions.of(topic)]):
        for gi in _sub_areas(regions, parents, topic):
            out.add(regions.rep[gi], "partOf", topic, "sub_area")
            home.add(gi)
            parents.setdefault(gi, regions.of(topic))

    located, issued = cue_hits
    located |= _list_frames(doc.text, free, sent_of, c, regions, out)
    if topic is not None:
        issued |= _level_issuers(doc.text, mentions, regions, parents, topic, c, out)
    above = _ancestors(regions.of(topic), parents) if topic is not None else set()
    givers = {g for g in range(len(regions.groups)) if _donor(doc.text, regions, g, c, nested)}
    prefix_located = _prefix_locations(mentions, regions, c, out, located | issued, above, givers)
    _park_locations(mentions, c, out)
    _implemented_by([m for m in mentions if m.type != "Project" or id(m) not in nested], regions, c, out)
    _respectively(doc.text, free, sent_of, c, out)
    _implementer_anaphora(doc.text, free, c, out)
    _maker_anaphora(doc.text, free, c, out)
    located |= _place_anaphora(doc.text, free, c, out)
    if topic is None:
        return out.result()

    inner = _inside_sub_places(regions, parents, topic, out)
    _defaults(doc, sentences, mentions, regions, topic, home, nested, sent_of,
              located | prefix_located | set(inner), issued, c, out, parents, givers)
    _container_locations(inner, regions, parents, topic, out)
    return out.result()


def _main_region(text: str, regions: Regions, topic: Mention | None, c: RelationRules,
                 parents: dict[int, int] | None = None, nested: set[int] = frozenset()) -> Mention | None:
    """The topic region, unless another region of the same tier is written far more often
    (X区 six times against one X经济技术开发区 that happened to be a fuller mention)."""
    if topic is None:
        return None
    district, town = c.levels.get("District", 3), c.levels.get("Town", 5)
    t = regions.of(topic)
    if _donor(text, regions, t, c, nested):
        return _aided(text, regions, t, c, nested)
    # a town topic gives way only to its own district or county (潍川市瓜园镇 in an article about 潍川市)
    only = (parents or {}).get(t) if regions.rank[t] >= town else None
    if regions.rank[t] >= town and only is None:
        return topic
    # A city topic too: 延吉市 (a county-level city) written six times beats 无锡市 named once.
    forms: dict[int, list[str]] = {}
    for f, g in regions.forms.items():
        if len(f) >= 3:
            forms.setdefault(g, []).append(f)
    city = c.levels.get("City", 2)
    seen = count_each(text, regions.forms)
    counts = {g: max(seen[f] for f in fs) for g, fs in forms.items()
              if (g == t or district <= regions.rank[g] < town
                  or regions.rank[g] == city and not regions.is_prefecture(g))   # county-level city
              and not regions.is_wide(g)}
    best = max((g for g in counts if g != t and (only is None or g == only)), key=lambda g: counts[g], default=t)
    if best != t and counts[best] >= c.topic_switch_min and counts[best] >= c.topic_switch_ratio * max(counts.get(t, 1), 1):
        return regions.rep[best]
    if regions.rank[t] > city and _city_viewpoint(text, c):
        return _city_of(regions, parents or {}, t)
    # two regions written as often, neither holding the other (X区及Y开发区 "两区"): no one home
    related = _ancestors(t, parents or {})
    if any(counts[g] >= max(c.topic_switch_min, counts.get(t, 0)) and g not in related
           and t not in _ancestors(g, parents or {}) for g in counts if g != t and only is None):
        return None
    return topic


def _donor(text: str, regions: Regions, g: int, c: RelationRules, nested: set[int]) -> bool:
    """Is region group g written on its own only as a giver of aid (X市对口援建的项目: the projects are
    elsewhere)?"""
    own = [m for m in regions.groups[g] if id(m) not in nested]
    return c.donor_after is not None and bool(own) and all(c.donor_after.search(text[m.end:m.end + 8])
                                                           for m in own)


def _aided(text: str, regions: Regions, donor: int, c: RelationRules, nested: set[int]) -> Mention | None:
    """The article's place when its topic is a donor: the region of a city's to a district's level written
    most often that gives no aid itself (None: none, or a tie)."""
    city, district = c.levels.get("City", 2), c.levels.get("District", 3)
    seen = {g: len(regions.groups[g]) for g in range(len(regions.groups))
            if g != donor and city <= regions.rank[g] <= district and not regions.is_wide(g)
            and not _donor(text, regions, g, c, nested)}
    top = sorted(seen.values(), reverse=True)
    if not top or len(top) > 1 and top[0] == top[1]:
        return None
    return regions.rep[max(seen, key=seen.get)]


def _city_viewpoint(text: str, c: RelationRules) -> bool:
    """The article speaks for a whole city (全市…, 我市…) and not for a district or county (全区, 我县):
    a city's round-up that names one of its zones, not that zone's article."""
    if not c.viewpoint_words:
        return False
    seen = count_each(text, c.viewpoint_words + c.viewpoint_lower)
    high = sum(seen.get(w, 0) for w in c.viewpoint_words)
    return high >= c.viewpoint_min and high > sum(seen.get(w, 0) for w in c.viewpoint_lower)


def _city_of(regions: Regions, parents: dict[int, int], t: int) -> Mention | None:
    """The city holding region group t (its nearest City-level ancestor), else the article's only city
    written on its own; None when the article names none (then nothing gets a default home)."""
    city = regions.c.levels.get("City", 2)
    held_by = [g for g in _ancestors(t, parents) if regions.rank[g] == city]
    if held_by:
        return regions.rep[held_by[0]]
    cities = {regions.of(m) for m in regions.mentions if regions.rank[regions.of(m)] == city}
    return regions.rep[cities.pop()] if len(cities) == 1 else None


def _inside_sub_places(regions: Regions, parents: dict[int, int], topic: Mention, out: _Collector) -> dict[str, tuple[Mention, list[Mention]]]:
    """Things placed only in a park or a town (…项目在XX科技城开工, 入驻园区的X):
    {key: (subject, containers)}; they are where the container is too."""
    t = regions.of(topic)
    town = regions.c.levels.get("Town", 5)
    inner: dict[str, tuple[Mention, list[Mention]]] = {}
    outer = set()
    for r in out.items:
        if r.predicate != "locatedIn" or r.subject.type not in ("Project", "Company", "Organization"):
            continue
        o = r.object
        if o.type == "Project":
            sub = True
        elif o.type == "Region":
            g = regions.of(o)
            # a zone is a place of its own, unless it is a part of the article's region
            # (…项目在X开发区投产 in an article about the district holding it: in both; a company
            # or body placed in the zone is only there)
            # (not a name's own zone: 长春二道经济开发区X产业园 is the zone's, said by its name)
            sub = g != t and g in parents and (
                regions.rank[g] >= town
                or parents[g] == t and r.subject.type == "Project" and r.rule != "name_prefix")
        else:
            sub = False
        if sub:
            inner.setdefault(r.subject.key, (r.subject, []))[1].append(o)
        else:
            outer.add(r.subject.key)
    return {k: v for k, v in inner.items() if k not in outer}


def _container_locations(inner: dict[str, tuple[Mention, list[Mention]]], regions: Regions,
                         parents: dict[int, int], topic: Mention, out: _Collector) -> None:
    """Whatever is in a park or a town is also in the region that holds it (else the article's region);
    what is in a zone or district of the article's region is only there."""
    c = regions.c
    town = c.levels.get("Town", 5)
    where: dict[str, list[Mention]] = {}
    for r in out.items:
        if r.predicate == "locatedIn" and r.object.type == "Region":
            where.setdefault(r.subject.key, []).append(r.object)
    for subj, containers in inner.values():
        targets, zoned = [], False
        for o in containers:
            if o.type == "Project":
                targets += where.get(o.key, [])
            elif regions.rank[regions.of(o)] < town:
                zoned = True        # in a zone or district of the article's region: there, not in both
            elif regions.of(o) in parents:
                targets.append(regions.rep[parents[regions.of(o)]])
        if zoned and not targets:
            continue
        for obj in targets or [topic]:
            if not c.home_ranks or regions.rank[regions.of(obj)] in c.home_ranks:
                out.add(subj, "locatedIn", obj, "container")    # (not "in a province": too wide to say)


def _defaults(doc, sentences, mentions, regions: Regions, topic: Mention, home: set[int], nested: set[int],
              sent_of: dict, located: set[str], issued: set[str], c: RelationRules, out: _Collector,
              parents: dict[int, int] | None = None, givers: set[int] = frozenset()) -> None:
    """The article's region as home of whatever no cue placed: its projects, local companies and
    bodies (or a part of it named in the same sentence), and the policies nobody else issued."""
    foreign_sents = _foreign_sentences(regions, home, sent_of, nested)
    parents = parents or {}
    local = _sentence_regions(mentions, sentences, regions, topic, home, nested, sent_of, c, parents)
    town = c.levels.get("Town", 5)
    # a province, a country or an economic belt is too wide to be the home of what the article names
    topic_home = not c.home_ranks or regions.rank[regions.of(topic)] in c.home_ranks
    topic_forms = [f for f, g in regions.forms.items() if g == regions.of(topic)]
    giver_forms = [f for f, g in regions.forms.items() if g in givers]
    by_key: dict[tuple[str, str], list[Mention]] = {}
    for m in mentions:
        by_key.setdefault((m.type, m.key), []).append(m)
    # Companies placed somewhere else than the article's region (or kept out of it): their short
    # names later on (鹭芯半导体董事长…) are the same company, not a resident.
    # `inside`: the company keys written inside the name of a company placed elsewhere
    finder = _substring_finder([k for t_, k in by_key if t_ == "Company"])
    inside = set().union(*(_keys_inside(finder, k) for t_, k in by_key if t_ == "Company" and k in located))
    for (type_, key), ms in by_key.items():
        if type_ == "Company" and key in inside:
            continue
        free = [m for m in ms if id(m) not in nested]
        if not free and type_ == "Company" and key.endswith(c.resident_legal_suffixes):
            free = ms       # a full legal name opening a project's name: the builder, a resident
        if type_ in ("Project", "Company", "Organization"):
            if key in located or not free:
                continue
            here_m = next((m for m in free if type_ != "Project" and _here(doc.text, m, c)), None)
            if here_m is not None:
                out.add(here_m, "locatedIn", local.get(sent_of[id(here_m)]) or topic, "here_cue")
                continue
            level_rank = _level_body_rank(key, c) if type_ == "Organization" else None
            if level_rank is not None:
                r = _region_at_rank(regions, parents, topic, level_rank)
                if r is not None:
                    out.add(free[0], "locatedIn", r, "level_body")
                continue
            if type_ == "Organization" and any(p.search(key) for p in c.non_local_org + c.no_default_org):
                continue
            if type_ == "Company" and any(p.search(key) for p in c.national_company):
                continue
            if type_ == "Company" and any(_visitor(doc.text, m, c) for m in free):
                continue
            if type_ != "Project" and all(_partner(doc.text, m, c) for m in free):
                continue
            if type_ == "Company" and any(_counterpart(doc.text, m, c) for m in free):
                continue        # 东岭县与X就…签订: X signs with the region the sentence is led by
            here = local.get(sent_of[id(free[0])])
            if here is not None:
                out.add(free[0], "locatedIn", here, "sentence_region")
                hg = regions.of(here)
                if regions.rank[hg] >= town and hg in parents:     # in a town: in its district too
                    out.add(free[0], "locatedIn", regions.rep[parents[hg]], "container")
                inside |= _keys_inside(finder, key)
                continue
            if type_ == "Company" and any(sent_of[id(m)] in foreign_sents for m in free):
                inside |= _keys_inside(finder, key)
                continue
            if type_ != "Project" and _foreign_province(key, regions, home):
                continue
            if regions.foreign_prefix(key, home) and not (
                    type_ == "Project" and c.street_after is not None
                    and c.street_after.search(key[len(_leading_place(key, c)):])) \
                    and not (type_ == "Project" and any(key.startswith(f) for f in giver_forms)):
                continue        # (named after a place that gives aid: built in the place aided)
            if type_ == "Company" and any(_investor(doc.text, m, c) for m in free):
                continue
            if type_ == "Organization" and (_starts_with_place(key, c) or _starts_with_division(key, c)) \
                    and not any(key.startswith(f) for f in topic_forms):
                continue        # 南湖市委 in an article about a zone of 南湖: the city's body, not the zone's
            if topic_home:
                out.add(free[0], "locatedIn", topic, "topic_default")
        elif type_ == "Policy":
            if key in issued or key in located:
                continue        # (located: issued by the region its name opens with)
            if regions.foreign_prefix(key, home) or any(_not_issued(doc.text, m, c) for m in ms):
                continue
            first = free[0] if free else ms[0]
            here = local.get(sent_of[id(first)])
            if here is None and _names_wider_region(key, regions, topic):
                continue        # 数字吉林 in an article about 长春: the province's, not the city's
            if any(p.search(key) for p in c.national_policy):
                continue
            out.add(first, "issuedBy", here or topic, "sentence_region" if here else "topic_default")


def _substring_finder(keys: list[str]):
    """An Aho-Corasick automaton of the keys of two or more characters (None: there are none)."""
    keys = [k for k in keys if len(k) >= 2]
    if not keys:
        return None
    import ahocorasick

    auto = ahocorasick.Automaton()
    for k in keys:
        auto.add_word(k, k)
    auto.make_automaton()
    return auto


def _keys_inside(finder, name: str) -> set[str]:
    """The finder's keys written inside `name`, other than itself: short forms of it (金穗 in
    四平金穗玉米深加工有限公司). One pass over the name, where testing every short form against every
    name made large articles quadratic."""
    return {k for _, k in finder.iter(name) if k != name} if finder is not None else set()


def _sentence_regions(mentions, sentences, regions: Regions, topic: Mention, home: set[int],
                      nested: set[int], sent_of: dict, c: RelationRules,
                      parents: dict[int, int] | None = None) -> dict[int, Mention]:
    """Sentences led by a district- or zone-level region other than the topic and naming no other
    (综保区功能更加完善，整车进口口岸…; 南关区…项目开工): things there are located in it.
    A town named with its own district or county (长兴县洪桥镇…项目开工) is the sentence's place."""
    district, town = c.levels.get("District", 3), c.levels.get("Town", 5)
    parents = parents or {}
    t = regions.of(topic)
    seen: dict[int, dict[int, Mention]] = {}
    leads: dict[int, Mention] = {}          # each sentence's first mention: the region must lead
    for m in mentions:
        si = sent_of[id(m)]
        if si is not None and id(m) not in nested:
            leads.setdefault(si, m)
    for m in regions.mentions:
        si, gi = sent_of[id(m)], regions.of(m)
        if si is None or id(m) in nested or regions.rank[gi] < district or regions.is_wide(gi):
            continue
        seen.setdefault(si, {}).setdefault(gi, m)
    for si, gs in seen.items():
        towns = [g for g in gs if regions.rank[g] >= town]
        if len(towns) == 1 and all(g in _ancestors(towns[0], parents) for g in gs if g != towns[0]):
            seen[si] = {towns[0]: gs[towns[0]]}
    return {si: next(iter(gs.values())) for si, gs in seen.items()
            if len(gs) == 1 and t not in gs and leads[si].type == "Region"
            and leads[si].start - sentences[si].start <= c.lead_offset}


def _ancestors(g: int, parents: dict[int, int]) -> set[int]:
    out, p = set(), parents.get(g)
    while p is not None and p not in out and p != g:
        out.add(p)
        p = parents.get(p)
    return out


class _Collector:
    """Relation mentions, one per (subject key, predicate, object group), first evidence wins."""

    def __init__(self, doc: Document, sentences: list[Sentence], sent_of: dict):
        self.doc, self.sentences, self.sent_of = doc, sentences, sent_of
        self.seen: set = set()
        self.items: list[RelationMention] = []

    def add(self, subj: Mention, pred: str, obj: Mention, rule: str) -> None:
        if subj.key == obj.key and subj.type == obj.type:
            return
        k = (subj.type, subj.key, pred, obj.type, obj.key)
        if k in self.seen:
            return
        self.seen.add(k)
        si = self.sent_of[id(subj)]
        s = self.sentences[si] if si is not None else Sentence(subj.start, subj.end, subj.text)
        self.items.append(RelationMention(self.doc.id, subj, pred, obj, s.start, s.end, s.text, rule))

    def result(self) -> list[RelationMention]:
        return self.items


def _sentence_indexes(starts: list[int], sentences: list[Sentence], mentions: list[Mention]) -> dict[int, int | None]:
    """id(mention) -> index of the sentence holding its start (None: between sentences)."""
    out = {}
    bisect_right, n = bisect.bisect_right, len(sentences)
    for m in mentions:
        i = bisect_right(starts, m.start) - 1
        out[id(m)] = i if 0 <= i < n and sentences[i].start <= m.start < sentences[i].end else None
    return out


def _nested(mentions: list[Mention]) -> set[int]:
    """Mentions that lie inside a longer mention (奥来德 in 奥来德新型显示材料产业基地)."""
    out, outer = set(), None
    for m in mentions:                      # sorted by start, longest first
        if outer is not None and m.start >= outer.start and m.end <= outer.end and m is not outer \
                and (m.end - m.start) < (outer.end - outer.start):
            out.add(id(m))
            continue
        if outer is None or m.end > outer.end:
            outer = m
    return out


def _cue_relations(doc, sentences, mentions, sent_of, c: RelationRules, regions: Regions, out: _Collector):
    """Cue patterns over pairs of nearby mentions in one sentence; nearest object wins per rule."""
    located: set[str] = set()
    issued: set[str] = set()
    by_sent: dict[int, list[Mention]] = {}
    for m in mentions:
        si = sent_of[id(m)]
        if si is not None:
            by_sent.setdefault(si, []).append(m)
    text = doc.text
    max_gap, rules_by_types = c.max_gap, c.cue_rules_by_types
    region_at: dict[int, Mention] = {}       # start -> the longest region written there (X县 of X县政府)
    for m in regions.mentions:
        if m.start not in region_at or m.end > region_at[m.start].end:
            region_at[m.start] = m
    for si, ms in by_sent.items():
        sent = sentences[si]
        best: dict[tuple, tuple] = {}
        for i, a in enumerate(ms):
            for j in range(i + 1, len(ms)):
                b = ms[j]
                dist = b.start - a.end
                if dist > max_gap:
                    break
                if dist < 0:                  # overlapping / nested: structure rules handle these
                    continue
                for subj, obj, mark_a, mark_b in ((a, b, _S, _O), (b, a, _O, _S)):
                    any_cue, rules = rules_by_types.get((subj.type, obj.type)) or _cue_rules_for(c, subj.type, obj.type)
                    if not rules:
                        continue
                    window = _window(text, sent, a, b, mark_a, mark_b)
                    if any_cue is not None and not any_cue.search(window):
                        continue
                    for r in rules:
                        if not r.pattern.search(window):
                            continue
                        target = obj
                        if r.object_body is not None and obj.type == "Organization":
                            # X县政府 signs for X县: the body's own region is the place
                            target = region_at.get(obj.start) if r.object_body.search(obj.key) else None
                            if target is None:
                                continue
                        if not _plausible(r.predicate, subj, target, regions):
                            continue
                        if r.object_ranks and (target.type != "Region"
                                               or regions.rank[regions.of(target)] not in r.object_ranks):
                            continue
                        k = (id(subj), r.predicate)
                        if k not in best or dist < best[k][0]:
                            best[k] = (dist, subj, target, r.name)
        starts = {m.start: m for m in ms if m.type == "Region"}
        issuers = {m.end: m for m in ms if m.type in ("Organization", "Region")}
        makers = {m.end: m for m in ms if m.type in ("Company", "Organization")}
        begins = {m.start: m for m in ms if m.type in ("Company", "Organization")}
        same_type = {m.end: m for m in ms}
        for (_, pred), (_, subj, obj, name) in best.items():
            if pred in ("locatedIn", "partOf") and obj.type == "Region":
                obj = _most_specific(subj, pred, obj, starts, regions)
            out.add(subj, pred, obj, name)
            coordinated = _coordinated_before(c, text, obj, issuers) if pred == "issuedBy" else []
            for co in coordinated:
                out.add(subj, pred, co, name)
            if pred == "implementedBy":
                for co in _listed_before(c, text, obj, makers):
                    out.add(subj, pred, co, name)       # X、Y等央企投资建设的Z: both build it
                lead = _co_maker(c, text, obj, makers)
                if lead is not None:
                    out.add(subj, pred, lead, name)     # X拟联合Y等企业建设Z: X builds it with Y
                if name in c.maker_list_rules and c.maker_joiners is not None:
                    for co in _joined(c.maker_joiners, text, obj, makers, begins):
                        out.add(subj, pred, co, name)   # 由X和Y共同投资: both build it
            if name in c.list_opening_rules:
                for co in _listed_after(c, text, subj, ms):
                    out.add(co, pred, obj, name)        # 在X建设A、B和C: each of them
                    if pred == "locatedIn" and obj.type == "Region":
                        located.add(co.key)
            if name in c.list_subject_rules:
                for co in _listed_before(c, text, subj, same_type):
                    out.add(co, pred, obj, name)        # A、B、C等项目落户X: each of them
                    if pred == "locatedIn" and obj.type == "Region":
                        located.add(co.key)
            if pred == "locatedIn" and obj.type == "Region":
                located.add(subj.key)
            elif pred == "issuedBy" and (coordinated or not (
                    c.co_issuer_before is not None
                    and c.co_issuer_before.search(text[max(0, obj.start - 4):obj.start]))):
                issued.add(subj.key)     # (with 联合X开展, the sentence's own region carries it out too)
    return located, issued


def _list_frames(text: str, mentions: list[Mention], sent_of: dict, c: RelationRules, regions: Regions,
                 out: _Collector) -> set[str]:
    """Enumerations after a frame (南湖市有A、B、C等12个项目开工; 其中东岭县2个，分别为A和B; 落户A、B等企业):
    every item of the list gets the frame's relation to the object. Returns the keys placed in a region."""
    located: set[str] = set()
    if not c.list_frames or c.list_item_gap is None:
        return located
    for i, o in enumerate(mentions):
        frames = [f for f in c.list_frames if o.type in f.object_types
                  and (not f.object_ranks or o.type == "Region" and regions.rank[regions.of(o)] in f.object_ranks)]
        if not frames:
            continue
        for frame in frames:
            # the first mention of the frame's subject type after the object, in the same sentence and near
            # enough (other names on the way, such as an industry, are words of the between text)
            j = i + 1
            while j < len(mentions) and mentions[j].start <= o.end + c.list_lead_max and (
                    mentions[j].start < o.end or mentions[j].type not in frame.subject_types):
                j += 1
            if j >= len(mentions) or mentions[j].start > o.end + c.list_lead_max \
                    or sent_of[id(mentions[j])] != sent_of[id(o)] \
                    or not frame.between.search(text[o.end:mentions[j].start]):
                continue
            items = _list_items(text, mentions, j, frame, c, sent_of)
            for m in items:
                if _plausible(frame.predicate, m, o, regions):
                    out.add(m, frame.predicate, o, frame.name)
                    if frame.predicate == "locatedIn" and o.type == "Region":
                        located.add(m.key)
            break
    return located


def _list_items(text: str, mentions: list[Mention], j: int, frame: ListFrame, c: RelationRules,
                sent_of: dict) -> list[Mention]:
    """The list starting at mentions[j]: the next names of the frame's subject type in its sentence, each
    joined to the last by c.list_item_gap."""
    items = [mentions[j]]
    last = mentions[j]
    for k in range(j + 1, len(mentions)):
        m = mentions[k]
        if sent_of[id(m)] != sent_of[id(last)]:
            break
        if m.start < last.end or m.type not in frame.subject_types:
            continue                # inside the item (a company opening a project's name), or another kind
        if not c.list_item_gap.search(text[last.end:m.start]):
            break
        items.append(m)
        last = m
    return items


def _cue_rules_for(c: RelationRules, subj_type: str, obj_type: str) -> tuple[re.Pattern | None, list[CueRule]]:
    """The cue rules that apply to a subject and an object of these types, in rule order, and one
    pattern that matches a window exactly when some of them does (None: search them one by one)."""
    k = (subj_type, obj_type)
    hit = c.cue_rules_by_types.get(k)
    if hit is None:
        rules = [r for r in c.cue_rules if subj_type in r.subject_types and obj_type in r.object_types]
        hit = c.cue_rules_by_types[k] = (any_pattern([r.pattern for r in rules]), rules)
    return hit


def _coordinated_before(c: RelationRules, text: str, m: Mention, by_end: dict[int, Mention]) -> list[Mention]:
    """X、Y联合推出…: the bodies listed right before `m` (joined by 、/和/与/及) act with it."""
    found = []
    while (j := c.joiners.search(text, max(0, m.start - 4), m.start)) is not None:
        prev = by_end.get(j.start())
        if prev is None or prev in found:
            break
        found.append(prev)
        m = prev
    return found


def _joined(joiners: re.Pattern, text: str, m: Mention, by_end: dict[int, Mention],
            by_start: dict[int, Mention]) -> list[Mention]:
    """X、Y和Z: the names of m's type joined to it before and after it (joiners: the whole text between
    two of them)."""
    found = []
    for step in (-1, 1):
        cur = m
        while True:
            if step < 0:
                nxt = next((by_end[e] for e in range(cur.start - 1, max(-1, cur.start - 5), -1) if e in by_end), None)
                gap = text[nxt.end:cur.start] if nxt is not None else ""
            else:
                nxt = next((by_start[b] for b in range(cur.end + 1, cur.end + 5) if b in by_start), None)
                gap = text[cur.end:nxt.start] if nxt is not None else ""
            if nxt is None or nxt.type != m.type or nxt in found or not joiners.fullmatch(gap):
                break
            found.append(nxt)
            cur = nxt
    return found


def _respectively(text: str, mentions: list[Mention], sent_of: dict, c: RelationRules, out: _Collector) -> None:
    """X、Y分别投资建设A、B: A is X's and B is Y's (not each of both), when the two lists are as long."""
    if c.respectively is None or c.maker_joiners is None:
        return
    for i, m in enumerate(mentions[:-1]):
        nxt = mentions[i + 1]
        if m.type != "Company" or nxt.type != "Project" or sent_of[id(m)] != sent_of[id(nxt)] \
                or not c.respectively.search(text[m.end:nxt.start]):
            continue
        makers = _chain(mentions, i, -1, "Company", text, c.maker_joiners)
        items = _chain(mentions, i + 1, 1, "Project", text, c.maker_joiners)
        if len(makers) != len(items) or len(items) < 2:
            continue
        pairs = {(p.key, k.key) for p, k in zip(items, makers)}
        keys = {p.key for p in items}
        out.items = [r for r in out.items if not (r.predicate == "implementedBy" and r.subject.key in keys
                                                  and (r.subject.key, r.object.key) not in pairs)]
        for p, k in zip(items, makers):
            out.add(p, "implementedBy", k, "respectively")


def _chain(mentions: list[Mention], i: int, step: int, type_: str, text: str, joiners: re.Pattern) -> list[Mention]:
    """The names of one type joined to mentions[i] (included) going back (step -1) or on (step 1), in text
    order."""
    found = [mentions[i]]
    j = i + step
    while 0 <= j < len(mentions) and mentions[j].type == type_:
        a, b = (mentions[j], found[-1]) if step < 0 else (found[-1], mentions[j])
        if not joiners.fullmatch(text[a.end:b.start]):
            break
        found.append(mentions[j])
        j += step
    return found[::-1] if step < 0 else found


def _co_maker(c: RelationRules, text: str, m: Mention, by_end: dict[int, Mention]) -> Mention | None:
    """X拟联合Y…: the maker X that joins with m (c.co_maker_before between them), if one is named there."""
    if c.co_maker_before is None:
        return None
    hit = c.co_maker_before.search(text, max(0, m.start - 8), m.start)
    return by_end.get(hit.start()) if hit is not None else None


def _listed_before(c: RelationRules, text: str, m: Mention, by_end: dict[int, Mention]) -> list[Mention]:
    """X、Y、Z: the names of m's type listed right before it with a list comma (c.list_joiner)."""
    found = []
    while c.list_joiner and text[max(0, m.start - len(c.list_joiner)):m.start] == c.list_joiner:
        prev = by_end.get(m.start - len(c.list_joiner))
        if prev is None or prev.type != m.type or prev in found:
            break
        found.append(prev)
        m = prev
    return found


def _listed_after(c: RelationRules, text: str, m: Mention, ms: list[Mention]) -> list[Mention]:
    """A、B和C: the names of m's type listed right after it (joined by c.list_item_gap), in its sentence."""
    if c.list_item_gap is None:
        return []
    found, last = [], m
    for x in ms:                        # the sentence's mentions, in text order
        if x.start < last.end or x is m:
            continue
        if x.type != m.type or not c.list_item_gap.search(text[last.end:x.start]):
            break
        found.append(x)
        last = x
    return found


def _most_specific(subj: Mention, pred: str, obj: Mention, starts: dict[int, Mention],
                   regions: Regions) -> Mention:
    """位于吉林省长春市: the place is the last of a written chain of regions, each inside the last
    (never the subject itself, nor, for partOf, anything not above it)."""
    nxt = starts.get(obj.end)
    while nxt is not None and nxt is not subj \
            and regions.rank[regions.of(nxt)] > regions.rank[regions.of(obj)] \
            and (pred != "partOf" or _plausible(pred, subj, nxt, regions)):
        obj, nxt = nxt, starts.get(nxt.end)
    return obj


def _window(text: str, sent: Sentence, a: Mention, b: Mention, mark_a: str, mark_b: str) -> str:
    lo = max(sent.start, a.start - _WINDOW_MARGIN)
    hi = min(sent.end, b.end + _WINDOW_MARGIN)
    return text[lo:a.start] + mark_a + text[a.end:b.start] + mark_b + text[b.end:hi]


def _plausible(pred: str, subj: Mention, obj: Mention, regions: Regions) -> bool:
    if pred == "partOf":
        return regions.of(subj) != regions.of(obj) and regions.above(regions.of(obj), regions.of(subj))
    if pred == "locatedIn" and obj.type == "Project":
        # only a park holds other things (在X产业园，Y项目…), never a plain project
        return obj.key != subj.key and regions.c.park_name is not None and bool(regions.c.park_name.search(obj.key))
    return True


def _region_parents(text: str, regions: Regions, nested: set[int], out: _Collector,
                    topic: Mention | None = None) -> dict[int, int]:
    """partOf from names: a region whose name starts with another region's form (长春市绿园区)."""
    parents: dict[int, int] = {}
    for r in out.items:             # what the text says (南关区所辖的…开发区) beats what names suggest
        if r.predicate == "partOf" and r.subject.type == "Region":
            parents.setdefault(regions.of(r.subject), regions.of(r.object))
    _governed_parents(text, regions, parents, out)
    # a parent the article names on its own, or in full inside a region's name (长春市绿园区); a short
    # form opening a zone's name (贵阳国家高新区) names the zone, not a parent the article speaks of
    full_endings = tuple(regions.c.short_suffixes)
    free = {regions.of(m) for m in regions.mentions if id(m) not in nested
            or id(m) in regions.in_region_names and m.text.endswith(full_endings)}
    for gi, g in enumerate(regions.groups):
        rank = regions.rank[gi]
        best = None
        if regions.is_wide(gi) or gi in parents:
            continue
        for m in sorted(g, key=lambda m: -len(m.key)):
            chain, _ = regions.prefix_chain(m.key, exclude=gi)
            # (a parent seen only inside other names, X of X日报, is not one the article names)
            chain = [p for p in chain if regions.rank[p] and (not rank or regions.above(p, gi)) and p in free]
            if chain:
                best = (m, chain[-1])
                break
        if best:
            m, p = best
            parents[gi] = p
            out.add(m, "partOf", regions.rep[p], "name_prefix")
    _text_parents(text, regions, parents, nested, out)
    _province_parents(regions, parents, nested, out, topic)
    _table_parents(regions, parents, nested, out, topic)
    return parents


_KNOWLEDGE_PARENTS = ("city_province", "division_table")     # partOf from the tables, not from the text


def _drop_unsaid_parents(regions: Regions, parents: dict[int, int], topic: Mention, out: _Collector) -> None:
    """partOf from the division tables stays only where the article speaks of the pair (see _parent_said)."""
    out.items = [r for r in out.items if r.rule not in _KNOWLEDGE_PARENTS
                 or _parent_said(regions, parents, topic, regions.of(r.subject), regions.of(r.object))]


def _parent_said(regions: Regions, parents: dict[int, int], topic: Mention, child: int, parent: int) -> bool:
    """May general knowledge (the division tables) make child a part of parent in this article? Only where
    the article speaks of the pair: the parent is the article's region or a part of it (a province's
    round-up of its cities and their counties), or either is the article's region or a region holding it
    (a district's city and province). A city and a province named in passing in a zone's article are not
    said to be part and whole."""
    t = regions.of(topic)
    return t in (child, parent) or parents.get(parent) == t or parent in _ancestors(t, parents) \
        or child in _ancestors(t, parents)


def _division_codes(names, c: RelationRules) -> set[str]:
    """The division codes a region's names stand for: the strongest way any of them matches (a full name
    beats a short form), and never a division held by another candidate (长沙 is 长沙市, not 长沙县)."""
    hits: dict[str, int] = {}
    for n in names:
        for code, tier in c.division_names.get(n, {}).items():
            hits[code] = min(tier, hits.get(code, tier))
    if not hits:
        return set()
    best = min(hits.values())
    codes = {code for code, tier in hits.items() if tier == best}
    return {code for code in codes if not codes.intersection(_division_ancestors(code, c))}


def _division_ancestors(code: str, c: RelationRules) -> list[str]:
    out, p = [], c.division_parent.get(code)
    while p and p not in out:
        out.append(p)
        p = c.division_parent.get(p)
    return out


def _group_codes(regions: Regions, gi: int) -> set[str]:
    c = regions.c
    names = {f for m in regions.groups[gi] for f in (m.key, m.text, *m.aliases)}
    # 延边州 is written for 延边朝鲜族自治州, whose short form is 延边
    names |= {f[:-len(c.prefecture_short_ending)] for f in names
              if c.prefecture_short_ending and f.endswith(c.prefecture_short_ending) and len(f) >= 3}
    return _division_codes(sorted(names), c)


def _table_denies(regions: Regions, child: int, parent: int) -> bool:
    """Does the division table know both regions and put the child under none of the parent's codes?"""
    cs, ps = _group_codes(regions, child), _group_codes(regions, parent)
    return bool(cs and ps) and not any(ps.intersection(_division_ancestors(code, regions.c)) for code in cs)


def _table_parents(regions: Regions, parents: dict[int, int], nested: set[int], out: _Collector,
                   topic: Mention | None = None) -> None:
    """A region the text gives no parent is partOf the nearest region named in the article that holds it by
    the national division table (铁西区 … 沈阳: the 铁西区 of 沈阳, not the ones of 鞍山 or 四平); a tie
    between two named holders says nothing."""
    c = regions.c
    if not c.division_parent:
        return
    free = {regions.of(m) for m in regions.mentions if id(m) not in nested}
    codes: dict[int, set[str]] = {}
    for gi in range(len(regions.groups)):
        if not regions.is_wide(gi):
            codes[gi] = _group_codes(regions, gi)
    holder: dict[str, set[int]] = {}            # code -> the named groups standing for it
    for gi, cs in codes.items():
        if gi in free:
            for code in cs:
                holder.setdefault(code, set()).add(gi)
    for gi, cs in codes.items():
        if gi in parents or not cs:
            continue
        found: dict[int, int] = {}              # holder group -> how many levels up
        for code in cs:
            for depth, a in enumerate(_division_ancestors(code, c)):
                for g in holder.get(a, ()):
                    if g != gi:
                        found[g] = min(depth, found.get(g, depth))
        if not found:
            continue
        said = {g: d for g, d in found.items() if topic is not None and _parent_said(regions, parents, topic, gi, g)}
        found = said or found       # a holder the article speaks of first (新建区 … in 江西's round-up)
        nearest = min(found.values())
        best = [g for g, d in found.items() if d == nearest]
        if len(best) == 1:
            parents[gi] = best[0]
            out.add(regions.rep[gi], "partOf", regions.rep[best[0]], "division_table")


def _province_parents(regions: Regions, parents: dict[int, int], nested: set[int], out: _Collector,
                      topic: Mention | None = None) -> None:
    """A city the text gives no parent is partOf its province (general knowledge) when the article
    names that province on its own (not only inside a company's name)."""
    c = regions.c
    city = c.levels.get("City", 2)
    free = {regions.of(m) for m in regions.mentions if id(m) not in nested}
    if topic is not None:
        free.add(regions.of(topic))     # the article's own province, even if written only inside names
    for gi, g in enumerate(regions.groups):
        if gi in parents or regions.rank[gi] != city:
            continue
        names = {f for m in g for f in (m.key, m.text, *m.aliases)}
        names |= {f + c.city_suffix for f in names if not f.endswith(c.city_endings)}
        province = next((c.city_province[n] for n in sorted(names) if n in c.city_province), None)
        if province is None:
            continue
        short = next((province[:-len(s)] for s in c.short_suffixes if province.endswith(s)), province)
        pg = regions.forms.get(province, regions.forms.get(short))
        if pg is None or pg == gi or pg not in free or regions.rank[pg] >= city:
            continue
        parents[gi] = pg
        out.add(regions.rep[gi], "partOf", regions.rep[pg], "city_province")


def _governed_parents(text: str, regions: Regions, parents: dict[int, int], out: _Collector) -> None:
    """X区所辖的Y开发区, even when the entity stage did not mark that X区: Y is partOf it."""
    c = regions.c
    if c.governed_connector is None:
        return
    for m in regions.mentions:
        gi = regions.of(m)
        if gi in parents:
            continue
        before = text[max(0, m.start - regions.max_form - 8):m.start]
        hit = c.governed_connector.search(before)
        if hit is None:
            continue
        head = before[:hit.start()]
        for n in regions.lengths_to.get(head[-1:], ()):
            if n > len(head):
                continue
            g = regions.forms.get(head[-n:])
            if g is not None and g != gi:
                if regions.above(g, gi):
                    parents[gi] = g
                    out.add(m, "partOf", regions.rep[g], "governed")
                break


def _text_parents(text: str, regions: Regions, parents: dict[int, int], nested: set[int],
                  out: _Collector) -> None:
    """A region written right after a larger one's name (长春市绿园区 split, or inside another name)."""
    for m in regions.mentions:
        gi = regions.of(m)
        if gi in parents or id(m) in nested or regions.is_wide(gi):
            continue
        for n in regions.lengths_to.get(text[m.start - 1:m.start], ()):
            if n > m.start:
                continue
            g = regions.forms.get(text[m.start - n:m.start])
            if g is None or g == gi:
                continue
            if regions.above(g, gi):
                parents[gi] = g
                out.add(m, "partOf", regions.rep[g], "text_prefix")
            break


def _topic_city(regions: Regions, parents: dict[int, int], topic: Mention, nested: set[int],
                out: _Collector) -> None:
    """A district, county or zone topic with no parent in the text is partOf the one city the article
    names (a county-level city topic: the one prefecture-level city)."""
    c = regions.c
    t, city = regions.of(topic), c.levels.get("City", 2)
    county_city = regions.rank[t] == city and not regions.is_prefecture(t)
    if t in parents or (regions.rank[t] <= city and not county_city) or regions.is_wide(t):
        return
    if c.only_city_ranks and regions.rank[t] not in c.only_city_ranks:
        return      # a zone is not partOf a city that merely appears in its article
    cities = {regions.of(m) for m in regions.mentions
              if id(m) not in nested and regions.rank[regions.of(m)] == city and not regions.is_wide(regions.of(m))
              and regions.of(m) != t and (not county_city or regions.is_prefecture(regions.of(m)))}
    if len(cities) > 1:     # cities named in passing (赴无锡市考察) are not placed in the article's province
        cities = {g for g in cities if g in parents}
    if len(cities) == 1:
        g = cities.pop()
        if _table_denies(regions, t, g):
            return      # the division table puts the district under another city
        parents[t] = g
        out.add(regions.rep[t], "partOf", regions.rep[g], "topic_city")


def _town_parents(regions: Regions, parents: dict[int, int], topic: Mention, nested: set[int],
                  out: _Collector) -> None:
    """Towns and sub-district streets (X镇, X乡, X街道) the text gives no parent are partOf the
    article's district or county: an article names the towns of its own district."""
    c = regions.c
    t = regions.of(topic)
    district, town = c.levels.get("District", 3), c.levels.get("Town", 5)
    city = c.levels.get("City", 2)
    if not (regions.rank[t] == district or regions.rank[t] == city and not regions.is_prefecture(t)):
        return
    for gi in range(len(regions.groups)):
        if gi == t or gi in parents or regions.rank[gi] != town or regions.is_wide(gi):
            continue
        if all(id(m) in nested for m in regions.groups[gi]):
            continue
        parents[gi] = t
        out.add(regions.rep[gi], "partOf", topic, "town_in_topic")


def _home_groups(regions: Regions, parents: dict[int, int], topic: Mention | None) -> set[int]:
    """The topic region, its parents and its parts: regions whose companies are at home."""
    if topic is None:
        return set(range(len(regions.groups)))
    t = regions.of(topic)
    home = {t}
    p = parents.get(t)
    while p is not None and p not in home:
        home.add(p)
        p = parents.get(p)
    for gi, pg in parents.items():
        if pg == t:
            home.add(gi)
    for gi in range(len(regions.groups)):
        if regions.is_wide(gi):
            home.add(gi)
    return home


def _sub_areas(regions: Regions, parents: dict[int, int], topic: Mention) -> list[int]:
    t = regions.of(topic)
    rt = regions.rank[t]
    out = []
    for gi in range(len(regions.groups)):
        if gi == t or gi in parents or regions.is_wide(gi) or not regions.is_sub_area(gi):
            continue
        if regions.c.gazetteer.get(regions.rep[gi].key):
            continue
        place = _leading_place(regions.rep[gi].key, regions.c)
        if place and not regions.rep[t].key.startswith(place):
            continue        # a zone named after another place (上饶经开区) is that place's, not the article's
        r = regions.rank[gi]
        if rt and r and r < rt:
            continue
        out.append(gi)
    return out


def _starts_with_place(name: str, c: RelationRules) -> bool:
    """Does the name open with a province, city or county of the division tables (上饶经开区)?"""
    return bool(_leading_place(name, c))


def _starts_with_division(name: str, c: RelationRules) -> bool:
    """Does the name open with a division's full name or short form (西华卫生局: 西华县)?"""
    return any(name[:n] in c.division_names for n in range(min(6, len(name) - 2), 1, -1))


def _leading_place(name: str, c: RelationRules) -> str:
    """The longest province, city or county form of the division tables the name opens with ('' if none)."""
    return next((name[:n] for n in range(min(c.gazetteer_max_len, len(name) - 2), 1, -1)
                 if name[:n] in c.gazetteer), "")


def _foreign_sentences(regions: Regions, home: set[int], sent_of: dict, nested: set[int]) -> set[int]:
    """Sentences naming a region outside the article's home (赴西安、北京，拜访…企业)."""
    out = set()
    for m in regions.mentions:
        if regions.of(m) not in home and id(m) not in nested:
            si = sent_of[id(m)]
            if si is not None:
                out.add(si)
    return out


def _prefix_locations(mentions, regions: Regions, c: RelationRules, out: _Collector,
                      placed: set[str], above_topic: set[int] = frozenset(), givers: set[int] = frozenset()) -> set[str]:
    """Projects / organisations / policies whose names start with a region (绿园区政务服务中心),
    unless a cue already placed them (管委会印发《净月高新区…方案》) or the region gives aid elsewhere."""
    done: set[str] = set()
    province = c.levels.get("Province", 1)
    for m in mentions:
        min_rank = c.prefix_min_level.get(m.type)
        if min_rank is None or m.key in done or m.key in placed:
            continue
        if m.type == "Organization" and any(p.search(m.key) for p in c.no_prefix_org):
            continue
        own = regions.forms.get(m.key)
        name = m.key.lstrip(c.name_openers)
        chain, used = regions.prefix_chain(name, exclude=own)
        if chain and any(p.search(name[used:]) for p in c.unnamed_zone):
            done.add(m.key)     # in a zone the entity stage did not name (长春二道经济开发区…): say nothing
            continue
        chain = [g for g in chain if regions.rank[g] >= min_rank]
        if chain and chain[-1] in givers:
            continue        # X市援建的X羊绒集团…项目: built by X's company in the place aided
        if not chain or used >= len(name) - 1 and name[used:] not in c.one_char_heads:
            continue        # nothing but a region name: not a place in it (but 长春市委 is 长春市's)
        if chain[-1] in above_topic and regions.rank[chain[-1]] < c.prefix_ancestor_rank.get(m.type, 0):
            continue        # 长春X项目 in an article about a zone of 长春: the zone's (the default says so)
        if regions.rank[chain[-1]] == province and not any(
                name.startswith(x.key) for x in regions.groups[chain[-1]]) \
                and not (m.type == "Organization" and regions.rep[chain[-1]].key.endswith(c.city_suffix)):
            continue        # 吉林大学 is not "in 吉林省" the way 吉林省农业农村厅 is (天津海关 is in 天津市)
        pred = "issuedBy" if m.type == "Policy" else "locatedIn"
        out.add(m, pred, regions.rep[chain[-1]], "name_prefix")
        done.add(m.key)
    return done


def _park_locations(mentions, c: RelationRules, out: _Collector) -> None:
    """A project named after a park it is built in (…产业示范园共享创新平台项目 -> …产业示范园)."""
    parks = {}
    for m in mentions:
        if m.type == "Project" and m.key.endswith(c.park_suffixes):
            parks.setdefault(m.key, m)
    if not parks:
        return
    order = {key: i for i, key in enumerate(parks)}
    for m in mentions:
        if m.type != "Project":
            continue
        # the parks whose name the project's starts with (at least two characters shorter), in park
        # order: its prefixes looked up, not every park tried
        for key in sorted((m.key[:n] for n in range(len(m.key) - 1) if m.key[:n] in parks), key=order.get):
            if c.park_same_rest is not None and c.park_same_rest.match(m.key[len(key):]):
                continue            # 产业园二期项目 is the park itself, not something in it
            out.add(m, "locatedIn", parks[key], "park_prefix")


def _strip_regions(name: str, regions: Regions) -> str:
    _, used = regions.prefix_chain(name)
    if used == 0:       # a place of the division tables the article does not name on its own (来宾市X基地)
        used = len(_leading_place(name, regions.c))
    return name[used:] if len(name) - used >= 2 else name


def _implementer_forms(m: Mention, regions: Regions, c: RelationRules) -> set[str]:
    forms = {m.key, m.text, *m.aliases}
    for f in list(forms):
        core = _strip_regions(f, regions)
        forms.add(core)
        if m.type == "Company":
            for s in c.legal_suffixes:
                if core.endswith(s) and len(core) - len(s) >= 2:
                    core = core[:-len(s)]
                    forms.add(core)
                    break
            if len(core) > c.brand_length + 1:
                forms.add(core[:c.brand_length])
    return {f for f in forms if len(f) >= 2 and f not in regions.forms}


def _implemented_by(mentions, regions: Regions, c: RelationRules, out: _Collector) -> None:
    """A project whose name starts with a company's or body's name or short name."""
    makers = [m for m in mentions if m.type in ("Company", "Organization")]
    if not makers:
        return
    forms: dict[str, Mention] = {}
    done: set[tuple] = set()
    for m in sorted(makers, key=lambda m: -len(m.key)):
        name = (m.type, m.key, m.text, m.aliases)
        if name in done:
            continue                    # a maker written alike before: same forms, already taken
        done.add(name)
        for f in _implementer_forms(m, regions, c):
            forms.setdefault(f, m)
    longest = max(map(len, forms), default=0)
    for p in mentions:
        if p.type != "Project":
            continue
        for name in (p.key, _strip_regions(p.key, regions)):
            hit = None
            for n in range(min(longest, len(name) - 1), 1, -1):
                hit = forms.get(name[:n])
                if hit is not None:
                    break
            if hit is not None:
                out.add(p, "implementedBy", hit, "name_prefix")
                break


def _implementer_anaphora(text: str, mentions, c: RelationRules, out: _Collector) -> None:
    """该项目由X投资建设: X implements the project named just before."""
    if not c.anaphora:
        return
    projects = [m for m in mentions if m.type == "Project"]
    ends = [p.end for p in projects]
    for m in mentions:
        if m.type not in ("Company", "Organization"):
            continue
        for before, after, look_back in c.anaphora:
            if not before.search(text[max(0, m.start - 12):m.start]) or not after.search(text[m.end:m.end + 30]):
                continue
            i = bisect.bisect_right(ends, m.start) - 1
            # the nearest project before the cue, skipping the cue's own 项目
            while i >= 0 and projects[i].end > m.start - 4:
                i -= 1
            if i >= 0 and m.start - projects[i].end <= look_back:
                out.add(projects[i], "implementedBy", m, "anaphora")
            break


def _maker_anaphora(text: str, mentions, c: RelationRules, out: _Collector) -> None:
    """该公司投资建设的X项目: the company is the one named last before the cue."""
    for before, types, look_back in c.maker_anaphora:
        makers = [m for m in mentions if m.type in types]
        ends = [m.end for m in makers]
        for p in mentions:
            if p.type != "Project":
                continue
            hit = before.search(text[max(0, p.start - 24):p.start])
            if hit is None:
                continue
            cue_at = p.start - (len(text[max(0, p.start - 24):p.start]) - hit.start())
            i = bisect.bisect_right(ends, cue_at) - 1
            if i >= 0 and cue_at - makers[i].end <= look_back:
                out.add(p, "implementedBy", makers[i], "anaphora")


def _nearest_before(items: list[Mention], ends: list[int], pos: int, look_back: int) -> Mention | None:
    i = bisect.bisect_right(ends, pos) - 1
    return items[i] if i >= 0 and pos - items[i].end <= look_back else None


def _pointed_back(before: str, start: int, patterns, items: list[Mention], ends: list[int]) -> Mention | None:
    """The item that the first anaphoric cue found in `before` (the text just before `start`) points back to."""
    for pattern, look_back in patterns:
        hit = pattern.search(before)
        if hit is not None:
            return _nearest_before(items, ends, start - len(before) + hit.start(), look_back)
    return None


def _place_anaphora(text: str, mentions, c: RelationRules, out: _Collector) -> set[str]:
    """项目位于<place> (the project named just before is there) and 入驻园区的<company>
    (the company is in the park named just before). Returns the keys it placed."""
    done: set[str] = set()
    projects = [m for m in mentions if m.type == "Project"]
    ends = [p.end for p in projects]
    parks = [p for p in projects if c.park_name is not None and c.park_name.search(p.key)]
    park_ends = [p.end for p in parks]
    for m in mentions:
        before = text[max(0, m.start - 16):m.start]
        if m.type in ("Region", "Project"):
            subj = _pointed_back(before, m.start, c.located_anaphora, projects, ends)
            if subj is not None and subj is not m:
                out.add(subj, "locatedIn", m, "anaphora")
                done.add(subj.key)
        elif m.type in ("Company", "Organization"):
            park = _pointed_back(before, m.start, c.park_anaphora, parks, park_ends)
            if park is not None:
                out.add(m, "locatedIn", park, "anaphora")
                done.add(m.key)
    return done


def _level_issuers(text: str, mentions, regions: Regions, parents: dict[int, int], topic: Mention,
                   c: RelationRules, out: _Collector) -> set[str]:
    """Policies introduced by a level word (落实省市“三抓”): issued by the topic's province / city."""
    done: set[str] = set()
    if not c.level_issuers:
        return done
    for m in mentions:
        if m.type != "Policy":
            continue
        before = text[max(0, m.start - 30):m.start]
        for pattern, ranks in c.level_issuers:
            if not pattern.search(before):
                continue
            done.add(m.key)     # issued above the article's region, named or not
            for rank in ranks:
                r = _region_at_rank(regions, parents, topic, rank)
                if r is not None:
                    out.add(m, "issuedBy", r, "level_word")
            break
    return done


def _foreign_province(name: str, regions: Regions, home: set[int]) -> bool:
    """Does the name start with a province (浙江X集团) the division table puts none of the article's home
    regions in? False when the table knows neither."""
    c = regions.c
    province = c.levels.get("Province", 1)
    form = next((name[:n] for n in range(min(c.gazetteer_max_len, len(name) - 1), 1, -1)
                 if c.gazetteer.get(name[:n]) == province), None)
    if form is None:
        return False
    codes = _division_codes([form], c)
    home_codes = set()
    for g in home:
        for code in _group_codes(regions, g):
            home_codes.add(code)
            home_codes.update(_division_ancestors(code, c))
    return bool(codes and home_codes) and not codes & home_codes


def _names_wider_region(name: str, regions: Regions, topic: Mention) -> bool:
    """Does the name hold a province or city (a gazetteer form of two or more characters) other than
    the topic's own forms?"""
    c = regions.c
    city = c.levels.get("City", 2)
    own = {f for f, g in regions.forms.items() if g == regions.of(topic)}
    longest = min(c.gazetteer_max_len, len(name))
    for i in range(len(name) - 1):
        for n in range(min(longest, len(name) - i), 1, -1):
            form = name[i:i + n]
            if 0 < c.gazetteer.get(form, 0) <= city and form not in own:
                return True
    return False


def _region_at_rank(regions: Regions, parents: dict[int, int], topic: Mention, rank: int) -> Mention | None:
    """The article's region of this level: the topic or its ancestor of that level, else the only
    region of that level the article names (None: none or several)."""
    chain, g = [], regions.of(topic)
    while g is not None and g not in chain:
        chain.append(g)
        g = parents.get(g)
    for g in chain:
        if regions.rank[g] == rank:
            return regions.rep[g]
    same = [g for g in range(len(regions.groups)) if regions.rank[g] == rank and not regions.is_wide(g)]
    return regions.rep[same[0]] if len(same) == 1 else None


def _level_body_rank(name: str, c: RelationRules) -> int | None:
    """The level a body's name opens with (省发改委: Province), None when it opens with none."""
    return next((rank for pattern, rank in c.level_bodies if pattern.search(name)), None)


def _visitor(text: str, m: Mention, c: RelationRules) -> bool:
    """A company named as a visit or signing partner (拜访X, 新签约X、Y): not necessarily local."""
    before = text[max(0, m.start - 24):m.start]
    return any(p.search(before) for p in c.visitor_before)


def _investor(text: str, m: Mention, c: RelationRules) -> bool:
    """A company named as the investor or signing party of a project (X拟投资5亿元建设…, 由X投资建设,
    X和Y县政府签约…): it comes to the region, it is not one of its residents unless the text says so."""
    before, after = text[max(0, m.start - 24):m.start], text[m.end:m.end + 40]
    return any(p.search(after) for p in c.investor_after) or any(p.search(before) for p in c.investor_before)


def _counterpart(text: str, m: Mention, c: RelationRules) -> bool:
    """A company right after 与/由/联合 (c.investor_before): the other party of a signing or the builder."""
    return any(p.search(text[max(0, m.start - 24):m.start]) for p in c.investor_before)


def _here(text: str, m: Mention, c: RelationRules) -> bool:
    """X也在这里设有校区 / 同样位于区内: X is in the region the sentence is about."""
    after = text[m.end:m.end + 50]
    return any(p.search(after) for p in c.here_after)


def _partner(text: str, m: Mention, c: RelationRules) -> bool:
    """与X、Y等高校的合作: X is a partner of the article's region, not placed in it."""
    if c.partner_before is None or c.partner_after is None:
        return False
    return bool(c.partner_before.search(text[max(0, m.start - 40):m.start])
                and c.partner_after.search(text[m.end:m.end + 40]))


def _not_issued(text: str, m: Mention, c: RelationRules) -> bool:
    before = text[max(0, m.start - 16):m.start]
    after = text[m.end:m.end + 32]
    return any(p.search(before) for p in c.not_issued_before) or any(p.search(after) for p in c.not_issued_after)

"""The linker's per-mention fields: each mention's sentence and, for a Region, its GB/T 2260 code.

A Region whose name the national division table (kg/rules/gazetteer/divisions.tsv) knows gets the code
the article settles (kg.divisions.Divisions.disambiguate: its other places, its topic region, the place
written right before it); a listed zone (zone_divisions.tsv) gets its own code, or the code of the
division it lies in (`parent_code`). A name the article does not settle stays without a code.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import replace
from types import MappingProxyType
from typing import Mapping

from ..divisions import Divisions, Zones, load, load_zones
from ..doc import Component, Doc
from ..model import Mention, Sentence
from ..rules import RULES_DIR, RulePack

SCHEMA_LINKING: Mapping[str, str] = MappingProxyType({
    "divisions": "path",           # the national division table (codes, names, short and former names)
    "zones": "path",               # development zones, new areas, free-trade and bonded zones -> division
    "before_gap": "int",           # at most this many characters between a place and the name it qualifies
})


class DivisionRules:
    """The two tables, loaded once per rule pack."""

    def __init__(self, pack: RulePack):
        rel = pack.get("linking", "divisions", "") or ""
        self.divisions: Divisions | None = load(RULES_DIR / rel) if rel else None
        zrel = pack.get("linking", "zones", "") or ""
        self.zones: Zones | None = load_zones(RULES_DIR / zrel, self.divisions) \
            if zrel and self.divisions is not None else None
        self.before_gap: int = pack.get("linking", "before_gap", 0) or 0


def _split_front(name: str, table: Divisions) -> tuple[str | None, str]:
    """吉林省长春市朝阳区 -> (长春市, 朝阳区): the last division name written in front of a name the table
    knows, and that name; (None, name) when the name is no such compound."""
    if table.candidates(name):
        return None, name
    for k in range(2, len(name) - 1):
        front, rest = name[:k], name[k:]
        if table.candidates(front):
            inner, last = _split_front(rest, table)
            if table.candidates(last):
                return inner or front, last
    return None, name


def region_code(m: Mention, context: tuple[str, ...], before: str | None, rules: DivisionRules) -> tuple[str, str]:
    """(code, parent_code) of one Region mention; ("", "") when unknown or not settled by the article."""
    table = rules.divisions
    if table is None:
        return "", ""
    for name in dict.fromkeys((m.key, m.text)):
        if rules.zones is not None:
            zones = rules.zones.lookup(name)
            if len(zones) == 1:
                z = zones[0]
                return (z.code, z.parent) if z.code else ("", z.parent)
        front, last = _split_front(name, table)
        if table.candidates(last):
            code = table.disambiguate(last, context, front or before)
            return (code or "", "")
    return "", ""


def link_mentions(mentions: list[Mention], sentences: list[Sentence], topic: Mention | None,
                  rules: DivisionRules) -> tuple[list[Mention], Mention | None]:
    """The mentions with their sentence span and codes filled (new objects), and the topic among them."""
    starts = [s.start for s in sentences]
    regions = sorted((m for m in mentions if m.type == "Region"), key=lambda m: m.start)
    context = tuple(dict.fromkeys([*([topic.key] if topic is not None else []), *(m.key for m in regions)]))
    ends_at = {}
    for m in regions:
        ends_at.setdefault(m.end, m)
    out = []
    new_topic = topic
    for m in mentions:
        i = bisect_right(starts, m.start) - 1
        s_start, s_end = (sentences[i].start, sentences[i].end) if i >= 0 and m.start < sentences[i].end \
            else (m.start, m.end)
        code = parent = ""
        if m.type == "Region":
            before = next((ends_at[e].key for e in range(m.start, m.start - rules.before_gap - 1, -1)
                           if e in ends_at and ends_at[e] is not m), None)
            code, parent = region_code(m, context, before, rules)
        n = replace(m, family=m.family or m.rule, sentence_start=s_start, sentence_end=s_end, code=code,
                    parent_code=parent)
        if m is topic:
            new_topic = n
        out.append(n)
    return out, new_topic


class Linking(Component):
    """Each mention's sentence, and a Region's division code (before figures and relations, which then
    hold these very mention objects)."""
    name = "linking"
    schema = {"linking": SCHEMA_LINKING}
    reads = ("sentences", "mentions", "topic")
    writes = ("mentions", "topic")
    timing = "extract"

    def __init__(self, pack: RulePack, peers: Mapping[str, Component]):
        super().__init__(pack, peers)
        self.rules = DivisionRules(pack)

    def __call__(self, doc: Doc) -> None:
        doc.mentions, doc.topic = link_mentions(doc.mentions, doc.sentences, doc.topic, self.rules)

"""The article's topic region, and per-sentence / per-paragraph topics.

topic_region: what 该区/全区/辖区 and figures with no better subject refer to —
the Region of the article's level (district/zone, or city or province when it
speaks of 全市 or 全省) named in the title or the article's first lines (the most
mentioned one if several), else the most mentioned such Region, else any Region
(see topic_region for the order).
"""
from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

from ..model import Document, Mention
from ..rules import RulePack

# The rule keys of the `topic` section (kg/rules/figures.yaml) and the kind of value each holds.
SCHEMA_TOPIC: Mapping[str, str] = MappingProxyType({
    "level_cues": "map_list", "head_line_ends": "list", "prefix_endings": "list", "clause_punct": "str",
    "lead_chars": "str", "foreign_place_rules": "list", "bare_name_endings": "list",
})


DISTRICT_LEVEL = ("District", "DevelopmentZone", "Zone", "County", None)
CITY_LEVEL = ("City",)
LEVELS = {"Province": ("Province",), "City": CITY_LEVEL, "District": DISTRICT_LEVEL}
HEAD_LINES = 6          # the title sits in the first short lines of a web copy
HEAD_LINE_MAX = 40      # a longer line, or one ending a sentence, is body text


@dataclass(frozen=True)
class TopicRules:
    """The `topic` section, compiled: what the topic helpers read."""
    level_cues: Mapping[str, tuple[str, ...]]   # level -> pronoun-like words telling an article's level (全市, 该区)
    head_line_ends: tuple[str, ...]             # a head line ending with one of these is a sentence, not a title
    prefix_endings: tuple[str, ...]             # a city/province name with one of these endings drops it as a prefix
    clause_punct: str                           # characters that end an opener (今年，)
    lead_chars: str                             # characters skipped before a sentence's first entity
    foreign_place_rules: tuple[str, ...] = ()   # a Region from these rules with no subtype is a world place
    bare_name_endings: tuple[str, ...] = ()     # a region is counted by its name without these too (海门市: 海门)


def compile_topic(pack: RulePack) -> TopicRules:
    """The topic rules of `pack` (pure: the caller keeps the result)."""
    t = pack.section("topic")
    return TopicRules(level_cues={str(k): tuple(v) for k, v in (t.get("level_cues") or {}).items()},
                      head_line_ends=tuple(t["head_line_ends"]), prefix_endings=tuple(t["prefix_endings"]),
                      clause_punct=t["clause_punct"], lead_chars=t["lead_chars"],
                      foreign_place_rules=tuple(t.get("foreign_place_rules") or ()),
                      bare_name_endings=tuple(t.get("bare_name_endings") or ()))


def head_span(doc: Document, line_ends: tuple[str, ...]) -> tuple[int, int]:
    """Offsets of the article's head: its first short, non-sentence lines (title, column, byline);
    a line ending with one of `line_ends` is a sentence."""
    text, pos, lines, end = doc.text, 0, 0, 0
    while pos < len(text) and lines < HEAD_LINES:
        nl = text.find("\n", pos)
        nl = len(text) if nl < 0 else nl
        line = text[pos:nl].strip()
        if line:
            if len(line) > HEAD_LINE_MAX or line.endswith(line_ends):
                break
            lines += 1
            end = nl
        pos = nl + 1
    return 0, end


def _family_counts(mentions: list[Mention]) -> Counter:
    """Mentions per name, where a full name also counts its short forms (长春经开区 counts 经开区)."""
    keys = Counter(m.key for m in mentions)
    # the short forms are the name's endings of two or more characters: looked up, not searched for
    return Counter({k: sum(keys.get(e, 0) for e in {k, *(k[i:] for i in range(len(k) - 1))})
                    for k in keys})


def count_each(text: str, names) -> dict[str, int]:
    """text.count(name) for each of `names` (non-overlapping occurrences), in one pass over the text:
    a text.count per name made large articles quadratic (their region names grow with them)."""
    import ahocorasick

    found: dict[str, list[int]] = {n: [] for n in names if n}
    if found:
        auto = ahocorasick.Automaton()
        for n in found:
            auto.add_word(n, n)
        auto.make_automaton()
        for last, n in auto.iter(text):
            found[n].append(last + 1)                # each occurrence's end, in text order
    out = {"": len(text) + 1} if "" in names else {}
    for n, ends in found.items():
        count, free = 0, 0                           # free: where a next non-overlapping one may start
        for end in ends:
            if end - len(n) >= free:
                count, free = count + 1, end
        out[n] = count
    return out


def short_form(key: str, prefixes) -> str:
    """沈阳市浑南区 -> 浑南区: a region's name without a leading city/province name (the short form
    articles use after the first mention)."""
    for p in sorted(prefixes, key=len, reverse=True):
        if len(p) >= 2 and key.startswith(p) and len(key) - len(p) >= 3:
            return key[len(p):]
    return key


def _short_forms(regions: list[Mention], endings: tuple[str, ...]) -> dict[str, str]:
    """Each region name's short form, without the leading name of a city/province mentioned too
    (with or without its ending, 市/省)."""
    prefixes = {p for m in regions if m.subtype in ("City", "Province")
                for p in (m.key, m.text, m.key[:-1] if m.key.endswith(endings) else m.key)}
    return {key: short_form(key, prefixes - {key}) for key in {m.key for m in regions}}


def _text_counts(doc: Document, shorts: dict[str, str], counts: Counter, endings: tuple[str, ...] = (),
                 county_level: frozenset = frozenset()) -> Counter:
    """Occurrences of each region in the text, by its name or short form: entity mentions may miss
    the short forms (浑南区 after 沈阳市浑南区; 海门 for the county-level city 海门市, 吴江 for 吴江区:
    a name in `county_level` without one of `endings`) that say which region an article is about."""
    bare = {key: key[:-1] for key in shorts if key in county_level and key.endswith(endings) and len(key) >= 3}
    seen = count_each(doc.text, {*shorts, *shorts.values(), *bare.values()})
    return Counter({key: max(counts[key], seen[key], seen[short] if short != key else 0,
                             seen[bare[key]] if key in bare else 0)
                    for key, short in shorts.items()})


def _best(cands: list[Mention], counts: Counter) -> Mention:
    order = {}
    for i, m in enumerate(cands):
        order.setdefault(m.key, i)
    key = max(order, key=lambda k: (counts[k], len(k), -order[k]))
    return cands[order[key]]


def article_level(text: str, cues: Mapping[str, tuple[str, ...]]) -> str:
    """'Province' when the article speaks of 全省/我省 more than of the lower levels together, else
    'City' when of 全市/我市 more than of 全区/该区, else 'District' (`cues`: level -> its words)."""
    counts = {level: sum(text.count(w) for w in words) for level, words in cues.items()}
    province, city, district = (counts.get(k, 0) for k in ("Province", "City", "District"))
    if province > city + district:
        return "Province"
    return "City" if city > district else "District"


def is_foreign_place(m: Mention, foreign_place_rules: tuple[str, ...]) -> bool:
    """A world place (欧洲, a country, 长三角: Regions found by one of `foreign_place_rules`, the
    gazetteer, without a subtype): where trade and projects reach, never what an article is about."""
    return m.type == "Region" and m.subtype is None and m.rule in foreign_place_rules


def topic_region(doc: Document, mentions: list[Mention], rules: TopicRules) -> Mention | None:
    """The article's main Region (world places aside): one of the article's level (province, city or
    district/zone, by its 全省/全市/全区 words) named in the title or head; else one named there of a
    wider level than those words say (of any level when the article has none); else the most mentioned
    of the article's level; else any Region in the head, else the most mentioned Region. A region
    written in the head right before a narrower one (江苏南京) only qualifies it."""
    regions = sorted((m for m in mentions if m.type == "Region" and not is_foreign_place(m, rules.foreign_place_rules)),
                     key=lambda m: (m.start, -m.end))
    if not regions:
        return None
    level_name = article_level(doc.text, rules.level_cues)
    levels = LEVELS.get(level_name, DISTRICT_LEVEL)
    # the article's own words (全市, 全区 …) say its level, or none does
    cued = any(doc.text.count(w) for w in rules.level_cues.get(level_name, ()))
    shorts = _short_forms(regions, rules.prefix_endings)
    counts = _text_counts(doc, shorts, _family_counts(regions), rules.bare_name_endings,
                          frozenset(m.key for m in regions if m.subtype == "District"))
    h0, h1 = head_span(doc, rules.head_line_ends)

    # 江苏南京：… in a title: a region written right before one of a lower level only qualifies it
    rank = {lv: i for i, lv in enumerate(("Province", "City", "District"))}
    lower = {}                              # region name -> its level's rank (districts and zones: 2)
    for m in regions:
        r = rank.get(m.subtype, 2 if m.subtype in DISTRICT_LEVEL else -1)
        for name in (m.key, m.text):
            lower[name] = max(lower.get(name, -1), r)
    lengths = sorted({len(n) for n in lower})

    def qualifies_in(m, text):
        if m.subtype not in rank:
            return False
        for name in {m.key, m.text}:
            i = text.find(name)
            while i >= 0:
                end = i + len(name)
                if any(lower.get(text[end:end + k], -1) > rank[m.subtype] for k in lengths):
                    return True
                i = text.find(name, end)
        return False

    def named_in(ms, text):
        return [m for m in ms if (m.key in text or m.text in text or shorts[m.key] in text)
                and not qualifies_in(m, text)]

    def in_head(ms):
        if doc.title:
            hits = named_in(ms, doc.title)
            if hits:
                return hits
        head = doc.text[h0:h1]
        return [m for m in ms if h0 <= m.start and m.end <= h1 and not qualifies_in(m, head)] or named_in(ms, head)

    level = [m for m in regions if m.subtype in levels]
    # a head naming a region wider than the article's words say (广西：… with 全区 in an autonomous
    # region) is about that region; one naming a narrower region (南关区… in a 全市 article) is not
    head_any = in_head(regions)
    if cued:
        head_any = [m for m in head_any if rank.get(m.subtype, 2 if m.subtype in DISTRICT_LEVEL else 3)
                    < rank.get(level_name, 2)]
    for cands in (in_head(level), head_any, level, in_head(regions), regions):
        if cands:
            return _best(cands, counts)
    return None


def paragraph_start(text: str, pos: int, newlines: list[int] | None = None) -> int:
    """Start of the paragraph (line) holding `pos`, past leading whitespace. `newlines`: the offsets
    of the text's line breaks, when the caller has them (a bisect, not a scan back over a long line)."""
    if newlines is None:
        start = text.rfind("\n", 0, pos) + 1
    else:
        i = bisect_left(newlines, pos)
        start = newlines[i - 1] + 1 if i else 0
    while start < pos and text[start].isspace():
        start += 1
    return start


def paragraph_topic(doc: Document, pos: int, mentions: list[Mention], types=("Policy",),
                    window: int = 6, start: int | None = None) -> Mention | None:
    """An entity of `types` named within `window` characters of the start of pos's paragraph
    (集中开展X专项行动。… the paragraph then reports X's figures); `start`: that paragraph_start,
    when the caller has it."""
    if start is None:
        start = paragraph_start(doc.text, pos)
    hits = [m for m in mentions if m.type in types and start <= m.start <= start + window and m.end <= pos]
    return min(hits, key=lambda m: (m.start, -m.end)) if hits else None


OPENER_MAX = 8          # 今年，/ 据了解，/ 截至目前，: short openers before a sentence's subject


def sentence_topic(doc: Document, start: int, end: int, mentions: list[Mention], rules: TopicRules,
                   types=("Region", "Project", "Policy", "Organization", "Company")) -> Mention | None:
    """The entity the sentence text[start:end] opens with, after short adverbial openers
    (今年，长春新区计划… -> 长春新区), or None."""
    text = doc.text
    by_start: dict[int, Mention] = {}
    for m in mentions:
        if m.type in types and start <= m.start < end:
            if m.start not in by_start or m.end > by_start[m.start].end:
                by_start[m.start] = m
    pos = start
    while pos < end:
        while pos < end and text[pos] in rules.lead_chars:
            pos += 1
        if pos in by_start:
            return by_start[pos]
        stop = pos
        while stop < end and text[stop] not in rules.clause_punct:
            stop += 1
        if stop - pos > OPENER_MAX or any(pos <= s < stop for s in by_start):
            return None
        pos = stop + 1
    return None

"""The article's topic region, and per-sentence / per-paragraph topics.

topic_region: what 该区/全区/辖区 and figures with no better subject refer to —
the Region of the article's level (district/zone, or city when it speaks of
全市) named in the title or the article's first lines (the most mentioned one
if several), else the most mentioned such Region, else any Region.
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
    "lead_chars": "str",
})


DISTRICT_LEVEL = ("District", "DevelopmentZone", "Zone", "County", None)
CITY_LEVEL = ("City",)
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


def compile_topic(pack: RulePack) -> TopicRules:
    """The topic rules of `pack` (pure: the caller keeps the result)."""
    t = pack.section("topic")
    return TopicRules(level_cues={str(k): tuple(v) for k, v in (t.get("level_cues") or {}).items()},
                      head_line_ends=tuple(t["head_line_ends"]), prefix_endings=tuple(t["prefix_endings"]),
                      clause_punct=t["clause_punct"], lead_chars=t["lead_chars"])


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


def _text_counts(doc: Document, shorts: dict[str, str], counts: Counter) -> Counter:
    """Occurrences of each region in the text, by its name or short form: entity mentions may miss
    the short forms (浑南区 after 沈阳市浑南区) that say which region an article is about."""
    seen = count_each(doc.text, {*shorts, *shorts.values()})
    return Counter({key: max(counts[key], seen[key], seen[short] if short != key else 0)
                    for key, short in shorts.items()})


def _best(cands: list[Mention], counts: Counter) -> Mention:
    order = {}
    for i, m in enumerate(cands):
        order.setdefault(m.key, i)
    key = max(order, key=lambda k: (counts[k], len(k), -order[k]))
    return cands[order[key]]


def article_level(text: str, cues: Mapping[str, tuple[str, ...]]) -> str:
    """'City' when the article speaks of 全市/我市 more than of 全区/该区, else 'District'."""
    city = sum(text.count(w) for w in cues.get("City", ()))
    district = sum(text.count(w) for w in cues.get("District", ()))
    return "City" if city > district else "District"


def topic_region(doc: Document, mentions: list[Mention], rules: TopicRules) -> Mention | None:
    """The article's main Region: of the article's level (district/zone unless it speaks of 全市),
    named in the title or head first, else the most mentioned; else any Region in the head,
    else the most mentioned Region."""
    regions = sorted((m for m in mentions if m.type == "Region"), key=lambda m: (m.start, -m.end))
    if not regions:
        return None
    levels = CITY_LEVEL if article_level(doc.text, rules.level_cues) == "City" else DISTRICT_LEVEL
    shorts = _short_forms(regions, rules.prefix_endings)
    counts = _text_counts(doc, shorts, _family_counts(regions))
    h0, h1 = head_span(doc, rules.head_line_ends)

    def named_in(ms, text):
        return [m for m in ms if m.key in text or m.text in text or shorts[m.key] in text]

    def in_head(ms):
        if doc.title:
            hits = named_in(ms, doc.title)
            if hits:
                return hits
        return [m for m in ms if h0 <= m.start and m.end <= h1] or named_in(ms, doc.text[h0:h1])

    level = [m for m in regions if m.subtype in levels]
    for cands in (in_head(level), level, in_head(regions), regions):
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

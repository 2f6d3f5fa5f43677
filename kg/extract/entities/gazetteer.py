"""Family `gazetteer`: regions. Gazetteer surfaces on token boundaries, dictionary place words, a city
before a district, zones and areas anchored on a region, districts after a city, towns (as subjects,
after a locative cue, after a district, in lists). Writes `Doc.regions_at` (where a region found here
starts -> its end), which the head families anchor names on.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from types import MappingProxyType
from typing import Mapping

from ...divisions import load as load_divisions
from ...doc import Doc
from ...rules import RULES_DIR, RulePack
from .cand import Cand, Tokens
from .scan import (_CJK, Family, Rules, _alternation, _first_region_start, _left_scan, _read_gazetteer, _words,
                   compile_section)

SCHEMA_GAZETTEER: Mapping[str, object] = MappingProxyType({
    "region_not_before": "list", "place_word_subtypes": "map[str]", "city_suffix": "str",
    "zone_heads": "list", "zone_short_forms": "list", "town_heads": "list", "area_heads": "list",
    "city_district_pattern": "regex", "city_district_not_start": "list", "city_district_not_end": "list",
    "district_word_pattern": "regex", "town_subject_pattern": "regex", "town_subject_hints": "list",
    "locative_cues": "list", "located_place_after": "list", "town_not_before": "str", "town_list_sep": "list",
    "route_joiners": "list", "route_end_gap": "int", "zone_heads_after_unknown": "list",
    "divisions": "path", "division_subtypes": "map[str]", "division_list_joiners": "list", "abroad_cues": "list", "abroad_places": "path", "abroad_list_joiners": "list",
})


class Gazetteer(Family):
    name = "gazetteer"
    schema = {"gazetteer": SCHEMA_GAZETTEER}
    reads = ("document", "index", "cands")
    writes = ("cands", "regions_at")
    needs = ("lexicon",)

    def compile(self, pack: RulePack) -> Rules:
        sec = pack.section(self.name)
        c = compile_section(pack, self.name, SCHEMA_GAZETTEER,
                            place_subtypes=dict(sec.get("place_word_subtypes") or {}))
        lists, word = c.lists, c.word
        located_heads = [h for h in lists.get("zone_heads", []) if h not in set(lists.get("zone_short_forms", []))] \
            + list(lists.get("town_heads", []))
        c.located_place = re.compile(
            rf"(?:{'|'.join(map(re.escape, lists.get('locative_cues', [])))})"
            rf"([{_CJK}]{{2,3}}?(?:{'|'.join(map(re.escape, sorted(located_heads, key=len, reverse=True)))}))"
            rf"(?=[^{_CJK}]|{'|'.join(map(re.escape, lists.get('located_place_after', [])))})") if located_heads else None
        c.town_after = re.compile(rf"[{_CJK}]{{2,4}}?(?:{'|'.join(map(re.escape, lists.get('town_heads', [])))})"
                                  rf"(?![\u4e00-\u9fff]?[{re.escape(word['town_not_before'])}])")
        c.area_heads = _alternation(lists.get("area_heads") or ["\uffff"])
        c.route_end_gap = int(sec.get("route_end_gap") or 0)
        c.divisions = _division_surfaces(sec, c)
        rel = sec.get("abroad_places") or ""
        c.abroad = tuple((surface, row[0]) for row in (_read_gazetteer(RULES_DIR / rel) if rel else ())
                         for surface in row)
        return c

    def run(self, doc: Doc) -> None:
        tk, c = doc.index, self.c
        gaz = _gazetteer(tk, c) + _place_words(tk, c)
        gaz += _cities_before_districts(tk, gaz, c)
        doc.regions_at = {g.start: g.end for g in gaz if g.type == "Region"}
        gaz += _divisions(tk, c, gaz)
        doc.regions_at = {g.start: g.end for g in gaz if g.type == "Region"}
        found = gaz + _regions(tk, c, doc.regions_at, gaz) + _abroad(tk, c)
        doc.cands += [g for g in found if g.type != "Region" or not _route_end(tk.text, g, c)]


def _division_surfaces(sec: Mapping, c: Rules) -> Mapping[str, tuple]:
    """Surfaces of the national division table: surface -> (name, subtype, parent names, full name?).
    Full names stand alone; short forms need a place clue (see _divisions)."""
    rel = sec.get("divisions") or ""
    if not rel:
        return MappingProxyType({})
    table = load_divisions(RULES_DIR / rel)
    subtypes = dict(sec.get("division_subtypes") or {})
    out: dict[str, tuple] = {}
    for d in table.by_code.values():
        if d.level not in subtypes:
            continue
        parents = tuple(n for code in table.ancestors(d.code)[:1] for p in [table.get(code)] if p
                        for n in (p.name, *p.short))
        for surface, full in [(d.name, True)] + [(x, False) for x in d.short]:
            if len(surface) >= 2 and surface not in out:
                out[surface] = (d.name, subtypes[d.level], parents, full)
    return MappingProxyType(out)


def _divisions(tk: Tokens, c: Rules, gaz: list[Cand]) -> list[Cand]:
    """Divisions the lexicon gazetteers lack (潜山市, 容县, 兴安盟), whole tokens; a 2-character full name
    only where the dictionary knows it as a place (容县, not 城区, 矿区). A short form needs a place clue:
    right after the division it belongs to (贵港平南), or listed next to another place (昭通、文山、大理)."""
    text, toks, table = tk.text, tk.toks, c.divisions
    if not table:
        return []
    hits = []
    for i, t in enumerate(toks):
        for j in range(i, min(i + 3, len(toks))):
            surface = text[t.start:toks[j].end]
            info = table.get(surface)
            if info and surface not in c.gaz_names:
                hits.append((t.start, toks[j].end, info))
    joiners = tuple(c.lists.get("division_list_joiners", ()))
    starts = {g.start for g in gaz if g.type == "Region"}
    ends = {g.end for g in gaz if g.type == "Region"}
    out, todo = [], list(hits)
    while todo:                          # (a place accepted from a list is the clue of its neighbours)
        left = []
        for s, e, (name, subtype, parents, full) in todo:
            after_parent = any(text.endswith(p, 0, s) for p in parents)
            listed = any(text.endswith(j, 0, s) and s - len(j) in ends or text.startswith(j, e) and e + len(j) in starts
                         for j in joiners)
            if full and (e - s >= 3 or c.seg.word_tag(text[s:e]) == "ns") or after_parent or listed:
                aliases = (text[s:e],) if text[s:e] != name else ()
                out.append(Cand(s, e, "Region", name, subtype, aliases, "division", 2))
                starts.add(s)
                ends.add(e)
            else:
                left.append((s, e, (name, subtype, parents, full)))
        if len(left) == len(todo):
            break
        todo = left
    return out


def _route_end(text: str, g: Cand, c: Rules) -> bool:
    """A place joined to another by 至 ends a route (深圳至中山通道, 广州至湛江高铁, 广州南至望洪段: a
    station's short name may stand between): no region there."""
    joiners = tuple(c.lists.get("route_joiners", ()))
    if not joiners:
        return False
    after = next((k for k in range(c.route_end_gap + 1) if text.startswith(joiners, g.end + k)), None)
    if after is not None and all(_cjk_at(text, i) for i in range(g.end, g.end + after + 2)):
        return True
    return g.start > 1 and text.endswith(joiners, 0, g.start) and _cjk_at(text, g.start - 2)


def _abroad(tk: Tokens, c: Rules) -> list[Cand]:
    """Places abroad, only where something happens there: right after a cue (出口欧洲, 在德国设厂), or
    listed right after such a place (出口欧洲和东南亚); not 来自美国、日本等国家的嘉宾."""
    text, hits = tk.text, []
    for surface, name in c.abroad:
        i = text.find(surface)
        while i >= 0:
            if i in tk.starts and i + len(surface) in tk.ends:
                hits.append((i, i + len(surface), surface, name))
            i = text.find(surface, i + 1)
    cues = tuple(c.lists.get("abroad_cues", ()))
    joiners = tuple(c.lists.get("abroad_list_joiners", ()))
    out, ends = [], set()
    for s, e, surface, name in sorted(hits):
        if text.endswith(cues, 0, s) or any(text.endswith(j, 0, s) and s - len(j) in ends for j in joiners):
            ends.add(e)
            out.append(Cand(s, e, "Region", name, None, (surface,) if surface != name else (), "abroad", 3))
    return out


def _cjk_at(text: str, i: int) -> bool:
    """A CJK ideograph (extension A and the unified block) at text[i]."""
    return 0 <= i < len(text) and 0x3400 <= ord(text[i]) <= 0x9FFF


def _gazetteer(tk: Tokens, c: Rules) -> list[Cand]:
    out = []
    if c.gaz is None:
        return out
    text = tk.text
    not_before = tuple(c.lists.get("region_not_before", []))
    for start, end, surface, vals in gazetteer_hits(tk, c):
        if len(surface) == 2 and start > 0 and c.seg.word_freq(text[start - 1:start + 1]) >= 100:
            continue                     # 西湖北一: 湖北 straddles the word 西湖
        for type_, subtype, name in vals:
            if type_ == "Region" and not_before and text.startswith(not_before, end):
                continue
            aliases = (surface,) if surface != name else ()
            out.append(Cand(start, end, type_, name, subtype, aliases, "gazetteer", prio=3))
    return out


def gazetteer_hits(tk: Tokens, c: Rules) -> list[tuple[int, int, str, list]]:
    """Gazetteer surfaces that start and end on token boundaries, in Aho-Corasick order (by end,
    longer first): from each token, token by token while the span is a surface prefix, which is
    cheaper than scanning every character with the automaton."""
    text, toks, entries, prefixes = tk.text, tk.toks, c.gaz_entries, c.gaz_prefixes
    n = len(toks)
    hits = []
    for i, t in enumerate(toks):
        s = t.start
        frag = t.text
        j = i
        while frag in prefixes:          # (no longer span can be a surface once this is no prefix)
            hit = entries.get(frag)
            if hit is not None:
                hits.append((toks[j].end, s - toks[j].end, s, hit))
            j += 1
            if j == n:
                break
            frag = text[s:toks[j].end]
    hits.sort()
    return [(s, e, surface, vals) for e, _, s, (surface, vals) in hits]


def _place_words(tk: Tokens, c: Rules) -> list[Cand]:
    """Dictionary place names with an administrative ending (海淀区, 昆山市): jieba tags them ns."""
    out = []
    subtypes = c.place_subtypes
    for t in tk.toks:
        w = t.text
        if len(w) >= 3 and w[-1] in subtypes and w not in c.gaz_names and c.seg.word_tag(w) == "ns" \
                and w[0] not in c.sets["pronoun_prefixes"]:
            out.append(Cand(t.start, t.end, "Region", w, subtypes[w[-1]], (), "place_word", 2))
    return out


def _cities_before_districts(tk: Tokens, gaz: list[Cand], c: Rules) -> list[Cand]:
    """A city unknown to the gazetteer right before a district (北河市东坡区): a dictionary
    place word plus 市 (so 全市东坡区 is not one)."""
    out, text = [], tk.text
    known = {(g.start, g.end) for g in gaz if g.type == "Region"}
    for g in gaz:
        if g.type != "Region" or g.subtype != "District" or g.start < 3 or text[g.start - 1] != c.word["city_suffix"]:
            continue
        s0 = g.start - 3
        if (s0, g.start) in known or s0 not in tk.starts or tk.toks[tk.at[s0]].end != g.start - 1:
            continue
        if c.seg.word_tag(text[s0:g.start - 1]) == "ns":
            out.append(Cand(s0, g.start, "Region", text[s0:g.start], "City", (), "city_before_district", 1))
    return out


def _regions(tk: Tokens, c: Rules, regions_at: dict[int, int], gaz: list[Cand]) -> list[Cand]:
    """Zones by head anchored on a region (长春二道经济开发区, 绿园经济开发区) and districts right after a city."""
    out = []
    not_start = tuple(c.lists["city_district_not_start"])
    text = tk.text
    for m in c.heads["zone_heads"].finditer(text):
        if m.end() not in tk.ends:
            continue
        lo = _left_scan(tk, m.start(), c, 10)
        anchor = _first_region_start(lo, m.start(), regions_at)
        if anchor is None and m.start() in tk.starts and m.start() > 0:
            prev = tk.toks[tk.at[m.start() - 1]]       # 滨海新区, 南沙新区: a dictionary place word
            # (吴江开发区: a county's stem; 甲乙经开区: a word unknown to the dictionary before a zone word)
            if len(prev.text) >= 2 and prev.text not in c.sets["generic_words"] and prev.text[0] not in c.strong and (
                    c.seg.word_tag(prev.text) == "ns" or prev.text in c.place_stems
                    or m.group() in c.sets.get("zone_heads_after_unknown", ()) and c.seg.word_tag(prev.text) is None
                    and not c.seg.known_word(prev.text)):
                out.append(Cand(prev.start, m.end(), "Region", text[prev.start:m.end()], "DevelopmentZone", (),
                                 "zone_head", 2))
                continue
        if anchor is None:
            if m.group() in c.sets["zone_short_forms"] and m.start() in tk.starts:
                out.append(Cand(m.start(), m.end(), "Region", m.group(), "DevelopmentZone", (), "zone_short", 0))
            continue
        middle = text[regions_at[anchor]:m.start()]
        if len(middle) > 6 or any(w in c.weak or w in c.strong for w in _words(tk, regions_at[anchor], m.start())):
            continue
        name = text[anchor:m.end()]
        out.append(Cand(anchor, m.end(), "Region", name, "DevelopmentZone", (), "zone_head", 2))
    for g in gaz:
        if g.type == "Region" and g.subtype in ("City", "Province"):
            m = c.pat["city_district_pattern"].match(text[g.end:g.end + 4])
            if m and not m.group().startswith(not_start) and g.end + m.end() in tk.ends:
                name = text[g.start:g.end + m.end()]
                if m.group()[-2:] not in c.sets["city_district_not_end"]:
                    out.append(Cand(g.start, g.end + m.end(), "Region", name, "District", (), "city_district", 2))
    # metropolitan areas anchored on a place (长春现代化都市圈, 成渝地区双城经济圈, 长三角城市群)
    for m in c.area_heads.finditer(text):
        if m.end() not in tk.ends:
            continue
        lo = _left_scan(tk, m.start(), c, 8)
        anchor = _first_region_start(lo, m.start(), regions_at)
        if anchor is not None and anchor < m.start():
            out.append(Cand(anchor, m.end(), "Region", text[anchor:m.end()], None, (), "area_head", 2))
    # a town opening a clause as its subject (北滘镇是…, 乐从镇、陈村镇也将…)
    hints = c.lists["town_subject_hints"]
    for m in (c.pat["town_subject_pattern"].finditer(text) if any(h in text for h in hints) else ()):   # (a slow scan)
        s0, e0 = m.start(1), m.end(1)
        if s0 in tk.starts and e0 in tk.ends and text[s0:e0 - 1] not in c.sets["generic_words"] \
                and c.seg.word_tag(text[s0:e0]) in (None, "ns"):
            out.append(Cand(s0, e0, "Region", text[s0:e0], None, (), "town", 1))
    # a short zone or town right after a locative cue (在临港经济区, 活动在龙兴镇举行)
    region_starts = sorted(g.start for g in gaz if g.type == "Region")
    for m in (c.located_place.finditer(text) if c.located_place else ()):
        s0, e0 = m.start(1), m.end(1)
        # (bisect: is there a gazetteer region starting in s0..e0)
        if s0 not in tk.starts or e0 not in tk.ends or bisect_left(region_starts, s0) < bisect_left(region_starts, e0):
            continue
        head = next(h for h in sorted(c.lists.get("zone_heads", []) + c.lists.get("town_heads", []), key=len,
                                      reverse=True) if text.endswith(h, s0, e0))
        core_words = _words(tk, s0, e0 - len(head))
        if e0 - len(head) - s0 < 2 or not core_words or "".join(core_words) in c.sets["generic_words"] \
                or any(w in c.weak or w in c.strong or w in c.sets["generic_words"]
                       or len(w) > 1 and (c.seg.word_tag(w) or "n")[0] not in "nj" for w in core_words):
            continue
        sub = "DevelopmentZone" if head in c.lists.get("zone_heads", []) else None
        out.append(Cand(s0, e0, "Region", text[s0:e0], sub, (), "located_place", 1))
    # a district unknown to the gazetteer, named by a dictionary place word, right before a town (南河区瓜园镇)
    town = c.town_after
    for m in c.pat["district_word_pattern"].finditer(text):
        s0, e0 = m.start(), m.end()
        if s0 in tk.starts and s0 not in regions_at and c.seg.word_tag(text[s0:s0 + 2]) == "ns" \
                and (t := town.match(text, e0)) and t.end() in tk.ends:
            out.append(Cand(s0, e0, "Region", m.group(), "District", (), "district_before_town", 1))
    # towns right after a district, county or (county-level) city (双阳区鹿乡镇, 桦甸市红石砬子镇)
    for g in gaz + out:
        if g.type == "Region" and g.subtype in ("District", "City"):
            m = town.match(text, g.end)
            if m and m.end() in tk.ends:
                out.append(Cand(g.end, m.end(), "Region", m.group(), None, (), "town", 2))
    out += _town_list(tk, c, [x for x in out if x.rule in ("town", "located_place") and x.subtype is None])
    return out


def _town_list(tk: Tokens, c: Rules, towns: list[Cand]) -> list[Cand]:
    """Further towns listed after a known one (瓜园镇、北坡镇等地): same kind of head, token-aligned."""
    out, text = [], tk.text
    seps = tuple(c.lists.get("town_list_sep", ()))
    heads = sorted(c.lists.get("town_heads") or (), key=len, reverse=True)
    todo = list(towns)
    while todo:
        prev = todo.pop()
        sep = next((x for x in seps if text.startswith(x, prev.end)), None)
        head = next((h for h in heads if prev.name.endswith(h)), None)
        if sep is None or head is None:
            continue
        # (the window is the longest match: no copy of the rest of the text per name)
        m = re.match(rf"[{_CJK}]{{2,3}}?{re.escape(head)}", text[prev.end + len(sep):prev.end + len(sep) + 3 + len(head)])
        s0 = prev.end + len(sep)
        if not m or s0 not in tk.starts or s0 + m.end() not in tk.ends:
            continue
        core = m.group()[:-len(head)]
        if core in c.sets["generic_words"] or any(w in c.weak or w in c.strong for w in _words(tk, s0, s0 + len(core))):
            continue
        cd = Cand(s0, s0 + m.end(), "Region", m.group(), None, (), "town", 1)
        out.append(cd)
        todo.append(cd)
    return out

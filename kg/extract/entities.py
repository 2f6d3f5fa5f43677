"""Stage 4a: entity mentions by rules.

Candidates come from several general rules over one jieba tokenisation of the
document: gazetteers (Aho-Corasick, kept only on token boundaries), name heads
(项目, 有限公司, 局, 开发区 ...) with a leftward scan over tokens that stops at
function words and verbs, quoted and 《》-titled policy names, enumerations
typed by a cue after the list (A、B等N户企业), subject cues (X成为…企业) and
person-title cues. Overlapping candidates are then reduced: a strictly nested
candidate survives only where nesting is meaningful (a district inside a
district, a company inside its project name, an industry anywhere).
Everything the rules need is data in kg/rules/entities.yaml. `compile_entities(pack, seg)`
compiles it once into an EntityRules, which also holds the Segmenter whose tokens and
dictionary the rules read; that object is the only state (no module cache).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Mapping

from ..model import Document, Mention, Token
from ..rules import RULES_DIR, RuleError, RulePack

if TYPE_CHECKING:
    from ..segment import Segmenter

# The rule keys of section `entities:` and the type of each (the type language is kg/rules.py's)
SCHEMA_ENTITIES: Mapping[str, object] = MappingProxyType({
    "gazetteers": "map[path]", "surname_file": "path",
    "strong_stops": "list", "weak_stops": "list",
    "project_heads": "list", "project_park_heads": "list", "organization_heads": "list",
    "company_heads": "list", "zone_heads": "list", "zone_short_forms": "list",
    "policy_heads": "list", "policy_heads_unquoted": "list", "policy_title_heads": "list",
    "policy_quote_cues": "list", "list_cues": [{"pattern": "regex", "type": "str", "min_items?": "int", "brands?": "bool",
                                                  "investor?": "bool", "noun_first?": "bool"}], "company_subject_cue": "regex",
    "person_before": "list", "person_after_list": "regex", "person_end": "list",
    "stop_names": "list", "pronoun_prefixes": "list", "region_not_before": "list",
    "generic_words": "list", "industry_not": "list", "company_trim_suffixes": "list",
    "organization_head_not": "list", "policy_core_heads": "list", "min_core": "map[int]",
    "trim_tags": "list", "verb_before_head_bad": "list", "core_not_end": "list",
    "project_company_heads": "list", "bare_quote_not_end": "list", "generic_before_head": "list",
    "place_word_subtypes": "map[str]", "company_core_not": "list", "organization_conjunctions": "list",
    "policy_subject_cues": "list", "industry_subject_cue": "regex", "industry_list_verbs": "list",
    "industry_object_endings": "list", "industry_trailing": "list", "organization_compounds": "list",
    "town_heads": "list", "organization_system_prefixes": "list", "area_heads": "list", "policy_closing_heads": "list",
    "industry_modified_nouns": "list", "industry_activity_words": "list",
    "industry_modifiers_kept": "list", "source_cue": "regex", "media_endings": "list", "locative_cues": "list", "policy_heads_direct": "map[int]", "descriptive_cores": "list", "joint_verbs": "list",
    "name_qualifier_endings": "list", "project_heads_cued": "list", "project_cue_inside": "regex",
    "project_cue_after": "regex", "dateline_pattern": "regex", "town_list_sep": "list",
    "run_body_heads": "list", "run_body_cues": "list", "run_body_not_after": "regex",
    # characters, words and patterns the passes test text against (formerly Python literals)
    "nameable_pattern": "regex", "quote_pairs": "map[str]", "quote_pattern": "regex",
    "inner_quote_pattern": "regex", "title_pattern": "regex", "title_tail_pattern": "regex",
    "place_stem_endings": "str", "person_term_pattern": "regex", "located_place_after": "list",
    "town_not_before": "str", "industry_bare_verbs": "list", "strip_left_punct": "str",
    "strip_left_conjunctions": "list", "city_suffix": "str", "town_subject_pattern": "regex",
    "town_subject_hints": "list", "city_district_pattern": "regex", "city_district_not_start": "list",
    "city_district_not_end": "list", "district_word_pattern": "regex", "sub_company_pattern": "regex",
    "trailing_bracket_pattern": "regex", "quote_run_joiner_pattern": "regex", "counted_core_pattern": "regex",
    "legal_then_bracket_pattern": "regex", "project_phase_pattern": "regex", "count_in_core_pattern": "regex",
    "number_word_pattern": "regex", "organization_splitters": "str", "project_plain_head": "str",
    "attributive_particle": "str", "clause_split_pattern": "regex", "descriptive_copula": "str",
    "capacity_prefix": "str", "capacity_figure_pattern": "regex", "short_name_pattern": "regex",
    "industry_suffix": "str", "industry_process_word": "str", "industry_park_head": "str",
    "numeric_quote_heads": "list", "list_marker": "str", "policy_weak_head": "str",
    "policy_activity_head": "str", "sentence_open_after": "str", "bare_quote_not_inside": "regex",
    "list_anchor_pattern": "regex", "list_sep": "str", "list_last_joiner": "str", "sector_joiner": "str",
    "sector_list_open": "str", "list_item_trailing": "str", "company_subject_anchor": "regex",
    "company_subject_open": "str", "industry_head_pattern": "regex", "industry_place_endings": "str",
    "industry_count_end_pattern": "regex", "industry_name_not_pattern": "regex", "industry_not_end": "list",
    "sector_inner_joiner": "str", "industry_object_clause_pattern": "regex",
    "industry_object_cut_pattern": "regex", "industry_object_sep_pattern": "regex",
    "industry_object_count_pattern": "regex", "industry_subject_verb": "str", "industry_subject_open": "str",
    "joint_place_heads": "list", "speech_verbs": "list", "speech_after": "str", "person_title_gap": "str",
    "investor_park_heads": "list", "investor_place_endings": "list", "phase_project_pattern": "regex",
    "caption_pattern": "regex", "caption_hint": "str", "stem_place_endings": "str",
})

# the Han range, in the regex escape form (compiled into the rules' patterns)
_CJK = r"\u3400-\u9fff"

# which type may stay strictly inside a longer candidate of which type
_NEST_OK = frozenset({
    ("Region", "Region"), ("Company", "Project"), ("Organization", "Project"),
    ("Company", "Policy"), ("Region", "Project"), ("Region", "Organization"), ("Region", "Policy"),
})


@dataclass
class _Cand:
    start: int
    end: int
    type: str
    name: str
    subtype: str | None = None
    aliases: tuple[str, ...] = ()
    rule: str = ""
    prio: int = 1            # higher wins among equal spans


@dataclass
class EntityRules:
    """The `entities:` rules of one pack, compiled, with the Segmenter they read (one per pack)."""
    version: str
    seg: Segmenter                                # made the tokens; word_tag, known_word, cut_words, word_freq
    gaz: object                                   # ahocorasick.Automaton: surface -> [(type, subtype, name)]
    gaz_entries: dict                             # surface -> (surface, [(type, subtype, name)])
    gaz_prefixes: frozenset                       # every prefix of a surface (the walk from a token start)
    gaz_words: list[str]
    gaz_names: set[str]
    industry_names: set[str]
    region_names: set[str]
    place_stems: set[str]                         # 即墨 of 即墨区: a place's name without its ending
    area_names: set[str]                          # regions of no administrative level (长三角, 欧洲)
    surnames: set[str]
    strong: set[str]
    weak: set[str]
    heads: dict[str, re.Pattern]
    lists: dict[str, list[str]]
    list_cues: list[tuple[re.Pattern, str, dict]]
    subject_cue: re.Pattern
    person_after: re.Pattern
    sets: dict[str, set[str]] = field(default_factory=dict)
    min_core: dict = field(default_factory=dict)
    direct_heads: dict = field(default_factory=dict)
    place_subtypes: dict = field(default_factory=dict)
    keep_conj: tuple = ()
    person_term: re.Pattern | None = None
    industry_verbs: re.Pattern | None = None
    town_after: re.Pattern | None = None
    located_place: re.Pattern | None = None
    area_heads: re.Pattern | None = None
    industry_subject: re.Pattern | None = None
    source_cue: re.Pattern | None = None
    project_head_end: re.Pattern | None = None
    company_head_end: re.Pattern | None = None
    qualifier_endings: tuple = ()
    dateline: re.Pattern | None = None
    project_cue_inside: re.Pattern | None = None
    project_cue_after: re.Pattern | None = None
    run_body_not_after: re.Pattern | None = None
    short_forms: dict = field(default_factory=dict)   # company name -> its short forms (memo)
    industry_prefixes: frozenset = frozenset()        # every prefix of an industry name
    pat: dict[str, re.Pattern] = field(default_factory=dict)   # every other regex key, compiled
    word: dict[str, str] = field(default_factory=dict)         # every string key (a word or a character set)
    quote_pairs: dict[str, str] = field(default_factory=dict)  # closing quote -> its opening quote
    close_quotes: str = ""
    nameable_seen: dict = field(default_factory=dict)          # word -> nameable? (memo)


def _read_gazetteer(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            rows.append([p.strip() for p in line.split("\t") if p.strip()])
    return rows


def _gazetteer_entries(sec: dict) -> tuple[dict[str, list], list[str]]:
    """surface -> [(type, subtype, name)], and every surface in file order (repeats kept)."""
    entries: dict[str, list] = {}
    words = []
    for key, rel in sorted((sec.get("gazetteers") or {}).items()):
        type_, _, subtype = key.partition("/")
        for row in _read_gazetteer(RULES_DIR / rel):
            for surface in row:
                entries.setdefault(surface, []).append((type_, subtype or None, row[0]))
                words.append(surface)
    return entries, words


def _str_lists(sec: dict) -> dict[str, list[str]]:
    lists = {k: list(v) for k, v in sec.items() if isinstance(v, list) and all(isinstance(x, str) for x in v)}
    lists["project_heads"] = lists.get("project_heads", []) + lists.get("project_heads_cued", [])
    return lists


def _head_words(lists: dict[str, list[str]]) -> list[str]:
    return [w for k in ("project_heads", "company_heads", "zone_heads", "organization_heads")
            for w in lists.get(k, []) if len(w) >= 2]


def lexicon_words(pack: RulePack) -> list[str]:
    """The words the entity rules give the tokenizer, in order (repeats kept: the Segmenter adds each once):
    gazetteer surfaces of 3+ characters, then the name heads of 2+."""
    sec = pack.section("entities")
    _, words = _gazetteer_entries(sec)
    # 2-character short forms stay out of jieba's dictionary: they would cut words such as 西湖北
    return [w for w in words if len(w) >= 3] + _head_words(_str_lists(sec))


def _alternation(words) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


def compile_entities(pack: RulePack, seg: Segmenter) -> EntityRules:
    """The pack's `entities:` rules compiled for extract_entities; `seg` is the Segmenter that made
    (and will make) the tokens, built with lexicon_words(pack). Pure: the caller keeps the result."""
    import ahocorasick

    sec = pack.section("entities")
    auto = ahocorasick.Automaton()
    entries, words = _gazetteer_entries(sec)
    for surface, vals in entries.items():
        auto.add_word(surface, (surface, vals))
    auto.make_automaton() if entries else None
    surnames = set()
    if sec.get("surname_file"):
        surnames = set((RULES_DIR / sec["surname_file"]).read_text(encoding="utf-8").split())
    lists = _str_lists(sec)
    heads = {k: _alternation(lists.get(k, []) or ["\uffff"]) for k in (
        "project_heads", "organization_heads", "company_heads", "zone_heads", "policy_heads",
        "policy_heads_unquoted", "person_before")}
    cues = [(re.compile(r["pattern"]), r["type"], r) for r in sec.get("list_cues", [])]
    word = {k: v for k, v in sec.items() if SCHEMA_ENTITIES.get(k) == "str"}
    empty = sorted(k for k, v in word.items() if not v)
    if empty:                            # (the passes split, slice and search by these)
        raise RuleError(f"rule entities.{empty[0]} must not be empty")
    stem_endings = word["place_stem_endings"]
    c = EntityRules(
        version=pack.version, seg=seg, gaz=auto if entries else None, gaz_words=words, gaz_names=set(words),
        gaz_entries={surface: (surface, vals) for surface, vals in entries.items()},
        gaz_prefixes=frozenset(w[:k] for w in entries for k in range(1, len(w) + 1)),
        industry_names={s for s, v in entries.items() if any(t == "Industry" for t, _, _ in v)},
        region_names={s for s, v in entries.items() if any(t == "Region" for t, _, _ in v)},
        area_names={s for s, v in entries.items() if any(t == "Region" and not st for t, st, _ in v)},
        place_stems={s[:-1] for s, v in entries.items() if len(s) >= 3 and s[-1] in stem_endings
                     and any(t == "Region" for t, _, _ in v)},
        surnames=surnames,
        strong=set(lists.get("strong_stops", [])), weak=set(lists.get("weak_stops", [])),
        heads=heads, lists=lists, list_cues=cues,
        subject_cue=re.compile(sec.get("company_subject_cue") or r"(?!x)x"),
        person_after=re.compile(sec.get("person_after_list") or r"(?!x)x"),
        sets={k: set(v) for k, v in lists.items()},
        min_core=dict(sec.get("min_core") or {}),
        direct_heads=dict(sec.get("policy_heads_direct") or {}),
        place_subtypes=dict(sec.get("place_word_subtypes") or {}),
        keep_conj=tuple(sec.get("organization_conjunctions") or ()) or ("\uffff",),
        pat={k: re.compile(v) for k, v in sec.items() if SCHEMA_ENTITIES.get(k) == "regex" and isinstance(v, str)},
        word=word, quote_pairs=dict(sec["quote_pairs"]), close_quotes="".join(sec["quote_pairs"]),
    )
    c.industry_prefixes = frozenset(w[:k] for w in c.industry_names for k in range(1, len(w) + 1))
    c.person_term = re.compile(sec["person_term_pattern"] + "|" + "|".join(
        map(re.escape, lists.get("person_end", []))))
    located_heads = [h for h in lists.get("zone_heads", []) if h not in set(lists.get("zone_short_forms", []))] \
        + list(lists.get("town_heads", []))
    c.located_place = re.compile(
        rf"(?:{'|'.join(map(re.escape, lists.get('locative_cues', [])))})"
        rf"([{_CJK}]{{2,3}}?(?:{'|'.join(map(re.escape, sorted(located_heads, key=len, reverse=True)))}))"
        rf"(?=[^{_CJK}]|{'|'.join(map(re.escape, lists.get('located_place_after', [])))})") if located_heads else None
    c.town_after = re.compile(rf"[{_CJK}]{{2,4}}?(?:{'|'.join(map(re.escape, lists.get('town_heads', [])))})"
                              rf"(?![\u4e00-\u9fff]?[{re.escape(word['town_not_before'])}])")
    c.area_heads = _alternation(lists.get("area_heads") or ["\uffff"])
    c.industry_verbs = _alternation(list(lists.get("industry_list_verbs", [])) + lists.get("industry_bare_verbs", []))
    c.industry_subject = re.compile(sec.get("industry_subject_cue") or r"(?!x)x")
    c.source_cue = re.compile(sec["source_cue"]) if sec.get("source_cue") else None
    c.project_head_end = re.compile(f"(?:{heads['project_heads'].pattern})$")
    c.company_head_end = re.compile(f"(?:{heads['company_heads'].pattern})$")
    c.qualifier_endings = tuple(lists.get("name_qualifier_endings") or ()) or ("\uffff",)
    c.dateline = re.compile(sec["dateline_pattern"]) if sec.get("dateline_pattern") else None
    c.project_cue_inside = re.compile(sec.get("project_cue_inside") or r"(?!x)x")
    c.project_cue_after = re.compile(sec.get("project_cue_after") or r"(?!x)x")
    c.run_body_not_after = re.compile(sec.get("run_body_not_after") or r"(?!x)x")
    return c


# ---------------------------------------------------------------- tokens

class _Toks:
    """The document's tokens (made once, by the segmenter) with fast offset -> token lookups."""

    def __init__(self, text: str, toks: list[Token]):
        self.text = text
        self.toks = toks
        at: list[int] = []                       # char offset -> index of the token covering it
        for i, t in enumerate(toks):             # (the tokens cover the text end to end)
            at += [i] * (t.end - t.start)
        at.append(len(toks))
        if len(at) != len(text) + 1:             # (never so far: index token by token instead)
            at = [0] * (len(text) + 1)
            for i, t in enumerate(toks):
                at[t.start:t.end] = [i] * (t.end - t.start)
            at[len(text)] = len(toks)
        self.at = at
        self.starts = {t.start for t in toks}
        self.ends = {t.end for t in toks}

    def boundary(self, start: int, end: int) -> bool:
        return start in self.starts and end in self.ends


def _nameable(w: str, c: EntityRules) -> bool:
    seen = c.nameable_seen
    ok = seen.get(w)
    if ok is None:                       # asked for the same few thousand words over and over
        if len(seen) >= 100_000:
            seen.clear()
        ok = seen[w] = bool(c.pat["nameable_pattern"].match(w))
    return ok


def _left_scan(tk: _Toks, pos: int, c: EntityRules, max_chars: int, quotes: bool = False,
               weak_always: bool = False, stop_tags: tuple = (), keep_words=frozenset()) -> int:
    """Start offset of a name ending at a head that starts at `pos` (token-aligned)."""
    i = tk.at[pos] - 1 if pos < len(tk.text) else len(tk.toks) - 1
    if pos in tk.starts:
        start = pos
    else:
        start = tk.toks[tk.at[pos]].start        # the head sits inside a token: keep the whole token
        i = tk.at[pos] - 1
    text, toks, strong, weak = tk.text, tk.toks, c.strong, c.weak
    while i >= 0:
        t = toks[i]
        w = t.text
        collected = pos - start
        if quotes and w and w[-1] in c.close_quotes:
            q = _quote_open(text, t.end - 1, c)
            if q is not None and pos - q <= max_chars:
                start = q
                i = tk.at[q] - 1
                continue
            break
        if w in strong:
            if text.startswith(c.keep_conj, t.start) and i > 0:
                start = toks[i - 1].start  # 发展和改革委员会: the conjunction and its left word belong to the name
                i -= 2
                continue
            break
        if not _nameable(w, c):
            break
        if (w in weak or (len(w) > 2 and w[-2:] in weak)) and (collected > 0 or weak_always):
            break                        # 积极探索 ends in a governing verb too
        if stop_tags and collected > 0 and c.seg.word_tag(w) in stop_tags and w not in keep_words:
            break
        if (pos - t.start) > max_chars:
            break
        start = t.start
        i -= 1
    return start


def _quote_open(text: str, close: int, c: EntityRules) -> int | None:
    want = c.quote_pairs.get(text[close])
    if want is None:
        return None
    j = text.rfind(want, max(0, close - 41), close)
    if j < 0 or "\n" in text[j:close]:
        return None
    return j


def _strip_left(name_start: int, end: int, tk: _Toks, c: EntityRules) -> int:
    """Drop leading generic or stop tokens from a scanned span."""
    s = name_start
    while s < end:
        i = tk.at[s]
        w = tk.toks[i].text
        if (w in c.weak or w in c.sets["generic_words"]) and tk.toks[i].end < end:
            s = tk.toks[i].end
            continue
        if w in c.word["strip_left_punct"] or w in c.sets["strip_left_conjunctions"]:
            s = tk.toks[i].end
            continue
        if s == tk.toks[i].start and len(w) > 1 and w[0] in c.strong and not c.seg.known_word(w) \
                and not _place_at(tk.text, s, c):
            s += 1                       # jieba glued a preposition to an unknown word (由区城投)
            continue
        break
    return s


def _place_at(text: str, s: int, c: EntityRules) -> bool:
    """A gazetteer place name starts at s (无锡…: its first character is no stop word)."""
    return any(text[s:s + n] in c.region_names or text[s:s + n] in c.place_stems for n in range(2, 8))


def _trim_tags(start: int, head: int, tk: _Toks, c: EntityRules, keep_clause_verb: bool = True) -> int:
    """Drop leading verbs, adverbs, pronouns, numerals, time words (确保开工项目 -> 开工项目 -> 项目)."""
    trim = c.sets.get("trim_tags", set())
    s = start
    # at a clause start a verb may begin the name itself (摆渡创新工场); elsewhere it governs it
    clause_start = keep_clause_verb and (start == 0 or not _nameable(tk.text[start - 1], c))
    while s < head:
        t = tk.toks[tk.at[s]]
        if t.start != s or t.end > head or t.text in c.gaz_names or t.text in c.place_stems:
            break                        # (即墨 of 即墨区 opens a company name although jieba tags it v)
        tag = c.seg.word_tag(t.text)
        if tag == "l" and t.text.endswith(c.qualifier_endings):
            break                        # 差别化纤维…项目: a qualifier opens the name
        if (tag in trim and not (clause_start and tag == "v")) or t.text in c.weak:
            s = t.end
            continue
        break
    return s


def _balanced(s: str) -> bool:
    return s.count("(") == s.count(")") and s.count("“") == s.count("”")


# ---------------------------------------------------------------- rules

def _gazetteer(tk: _Toks, c: EntityRules) -> list[_Cand]:
    out = []
    if c.gaz is None:
        return out
    text = tk.text
    not_before = tuple(c.lists.get("region_not_before", []))
    for start, end, surface, vals in _gazetteer_hits(tk, c):
        if len(surface) == 2 and start > 0 and c.seg.word_freq(text[start - 1:start + 1]) >= 100:
            continue                     # 西湖北一: 湖北 straddles the word 西湖
        for type_, subtype, name in vals:
            if type_ == "Region" and not_before and text.startswith(not_before, end):
                continue
            aliases = (surface,) if surface != name else ()
            out.append(_Cand(start, end, type_, name, subtype, aliases, "gazetteer", prio=3))
    return out


def _gazetteer_hits(tk: _Toks, c: EntityRules) -> list[tuple[int, int, str, list]]:
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


def _place_words(tk: _Toks, c: EntityRules) -> list[_Cand]:
    """Dictionary place names with an administrative ending (海淀区, 昆山市): jieba tags them ns."""
    out = []
    subtypes = c.place_subtypes
    for t in tk.toks:
        w = t.text
        if len(w) >= 3 and w[-1] in subtypes and w not in c.gaz_names and c.seg.word_tag(w) == "ns" \
                and w[0] not in c.sets["pronoun_prefixes"]:
            out.append(_Cand(t.start, t.end, "Region", w, subtypes[w[-1]], (), "place_word", 2))
    return out


def _cities_before_districts(tk: _Toks, gaz: list[_Cand], c: EntityRules) -> list[_Cand]:
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
            out.append(_Cand(s0, g.start, "Region", text[s0:g.start], "City", (), "city_before_district", 1))
    return out


def _first_region_start(lo: int, hi: int, regions_at: dict[int, int]) -> int | None:
    """Earliest start of a gazetteer region inside [lo, hi) (the anchor of a zone or agency name)."""
    for k in range(lo, hi):
        if k in regions_at:
            return k
    return None


def _regions(tk: _Toks, c: EntityRules, regions_at: dict[int, int], gaz: list[_Cand]) -> list[_Cand]:
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
            if len(prev.text) >= 2 and c.seg.word_tag(prev.text) == "ns" and prev.text not in c.sets["generic_words"]:
                out.append(_Cand(prev.start, m.end(), "Region", text[prev.start:m.end()], "DevelopmentZone", (),
                                 "zone_head", 2))
                continue
        if anchor is None:
            if m.group() in c.sets["zone_short_forms"] and m.start() in tk.starts:
                out.append(_Cand(m.start(), m.end(), "Region", m.group(), "DevelopmentZone", (), "zone_short", 0))
            continue
        middle = text[regions_at[anchor]:m.start()]
        if len(middle) > 6 or any(w in c.weak or w in c.strong for w in _words(tk, regions_at[anchor], m.start())):
            continue
        name = text[anchor:m.end()]
        out.append(_Cand(anchor, m.end(), "Region", name, "DevelopmentZone", (), "zone_head", 2))
    for g in gaz:
        if g.type == "Region" and g.subtype in ("City", "Province"):
            m = c.pat["city_district_pattern"].match(text[g.end:g.end + 4])
            if m and not m.group().startswith(not_start) and g.end + m.end() in tk.ends:
                name = text[g.start:g.end + m.end()]
                if m.group()[-2:] not in c.sets["city_district_not_end"]:
                    out.append(_Cand(g.start, g.end + m.end(), "Region", name, "District", (), "city_district", 2))
    # metropolitan areas anchored on a place (长春现代化都市圈, 成渝地区双城经济圈, 长三角城市群)
    for m in c.area_heads.finditer(text):
        if m.end() not in tk.ends:
            continue
        lo = _left_scan(tk, m.start(), c, 8)
        anchor = _first_region_start(lo, m.start(), regions_at)
        if anchor is not None and anchor < m.start():
            out.append(_Cand(anchor, m.end(), "Region", text[anchor:m.end()], None, (), "area_head", 2))
    # a town opening a clause as its subject (北滘镇是…, 乐从镇、陈村镇也将…)
    hints = c.lists["town_subject_hints"]
    for m in (c.pat["town_subject_pattern"].finditer(text) if any(h in text for h in hints) else ()):   # (a slow scan)
        s0, e0 = m.start(1), m.end(1)
        if s0 in tk.starts and e0 in tk.ends and text[s0:e0 - 1] not in c.sets["generic_words"] \
                and c.seg.word_tag(text[s0:e0]) in (None, "ns"):
            out.append(_Cand(s0, e0, "Region", text[s0:e0], None, (), "town", 1))
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
        out.append(_Cand(s0, e0, "Region", text[s0:e0], sub, (), "located_place", 1))
    # a district unknown to the gazetteer, named by a dictionary place word, right before a town (南河区瓜园镇)
    town = c.town_after
    for m in c.pat["district_word_pattern"].finditer(text):
        s0, e0 = m.start(), m.end()
        if s0 in tk.starts and s0 not in regions_at and c.seg.word_tag(text[s0:s0 + 2]) == "ns" \
                and (t := town.match(text, e0)) and t.end() in tk.ends:
            out.append(_Cand(s0, e0, "Region", m.group(), "District", (), "district_before_town", 1))
    # towns right after a district, county or (county-level) city (双阳区鹿乡镇, 桦甸市红石砬子镇)
    for g in gaz + out:
        if g.type == "Region" and g.subtype in ("District", "City"):
            m = town.match(text, g.end)
            if m and m.end() in tk.ends:
                out.append(_Cand(g.end, m.end(), "Region", m.group(), None, (), "town", 2))
    out += _town_list(tk, c, [x for x in out if x.rule in ("town", "located_place") and x.subtype is None])
    return out


def _town_list(tk: _Toks, c: EntityRules, towns: list[_Cand]) -> list[_Cand]:
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
        cd = _Cand(s0, s0 + m.end(), "Region", m.group(), None, (), "town", 1)
        out.append(cd)
        todo.append(cd)
    return out


_CJK_RUN = re.compile(rf"[{_CJK}]+")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
_DIGIT = re.compile(r"\d")


def _covered(n: int, spans) -> bytearray | None:
    """1 at every offset of [0, n) inside one of the (start, end) spans; None when there are none
    (one slice test per head instead of a loop over every span)."""
    spans = list(spans)
    if not spans:
        return None
    out = bytearray(n)
    for s, e in spans:
        s = max(s, 0)
        if e > s:
            out[s:e] = b"\x01" * (min(e, n) - s)
    return out


def _head_names(tk: _Toks, c: EntityRules, head_key: str, type_: str, max_chars: int,
                min_core: int = 2, quotes: bool = False, rule: str = "",
                regions_at: dict[int, int] | None = None, blocked=(), avoid: dict[int, int] | None = None,
                company_regions: dict[int, int] | None = None) -> list[_Cand]:
    out = []
    text = tk.text
    stop = c.sets["stop_names"]
    generic = c.sets["generic_words"]
    min_cores = c.min_core
    head_not = c.sets.get("organization_head_not", set())
    verb_bad = c.sets.get("verb_before_head_bad", set())
    avoided = _covered(len(text), (avoid or {}).items())
    titles = c.sets.get("person_before", set())
    for m in c.heads[head_key].finditer(text):
        end = m.end()
        if end not in tk.ends and not (type_ == "Organization" and end < len(text)
                                       and text[end:tk.toks[tk.at[end]].end] in titles):
            continue                       # (局局长: jieba glued the title to the agency head)
        if any(s <= m.start() < e for s, e in blocked):
            continue
        if len(m.group()) == 1 and text[max(0, m.end() - 2):m.end()] in head_not:
            continue
        if type_ == "Project":
            q = c.pat["project_phase_pattern"].match(text[end:end + 8])
            if q:
                end += q.end()           # 花卉产业园(一期), 花卉产业园二期
        if avoided is not None and 1 in avoided[m.start():m.end()]:
            continue                       # 绿园区: 园区 is part of a region name here
        scan_from = m.start()
        comp = None
        if type_ == "Organization" and scan_from in tk.starts and scan_from > 0:
            prev = tk.toks[tk.at[scan_from - 1]]   # 海洋发展局, 科技促进局: a verb right before 局 names its remit
            if prev.text in c.weak and len(m.group()) == 1 and c.seg.word_tag(prev.text) in ("v", "vn"):
                scan_from, comp = prev.start, prev.text
        if type_ == "Organization" and not comp:        # 发展改革局: a standard agency middle holds verbs of its own
            comp = next((w for w in c.lists.get("organization_compounds", ()) if text.endswith(w, 0, scan_from)), None)
            if comp and scan_from - len(comp) in tk.starts:
                scan_from -= len(comp)
        start = _left_scan(tk, scan_from, c, max_chars, quotes=quotes,
                           stop_tags=("v",) if type_ == "Company" else (),
                                keep_words=c.sets.get("joint_verbs", frozenset())) if scan_from > 0 else 0
        if type_ == "Company" and company_regions and start > 0:
            # 厦门宸光显示科技有限公司: a verb-like word (显示) inside a name that starts with its region
            wide = _left_scan(tk, scan_from, c, max_chars)
            anchor = _first_region_start(wide, start, company_regions)
            if anchor is not None:
                start = anchor
        if type_ == "Company":             # X有限公司（X集团）: a bracketed short name never reaches back
            cuts = [k.end() for k in c.pat["legal_then_bracket_pattern"].finditer(text, start, m.start())]   # into the full name
            if cuts:
                start = cuts[-1]
        if type_ == "Organization":        # an agency name never spans a conjunction (A及B局)
            cut = max(k for k in (text.rfind(x, start, m.start()) for x in c.word["organization_splitters"])
                      if k < 0 or not text.startswith(c.keep_conj, k))
            if cut >= 0:
                start = cut + 1
        if regions_at is not None:
            anchor = _first_region_start(start, m.start(), regions_at)
            before = text[start:anchor] if anchor is not None else ""
            # 中国科学院哈尔滨分院: a known body in front of the region belongs to the name
            if anchor is not None and not (before in c.gaz_names and before not in c.region_names):
                start = anchor
        start = _strip_left(start, m.start(), tk, c)
        start = _trim_tags(start, m.start(), tk, c, keep_clause_verb=type_ != "Policy")
        if type_ == "Policy":              # 推进体系三位一体抓经济机制: a head word ends the previous phrase
            t0 = tk.toks[tk.at[start]]
            if t0.start == start and t0.text in c.sets.get("policy_closing_heads", ()) and m.start() - t0.end >= 4:
                start = t0.end
        name = text[start:end]
        core = text[start:m.start()]
        need = max(min_core, int(min_cores.get(m.group(), min_core)))
        if type_ in ("Project", "Policy") and (core in c.region_names or core in c.sets["zone_short_forms"]) \
                and (len(m.group()) <= 2 or core in c.sets["zone_short_forms"]):
            continue                     # 综保区园区, 长春新区改革: a region plus a head word
        if core.endswith(tuple(c.lists.get("core_not_end", []))):
            continue                     # 租厂房类项目, 科技型项目: a category, not a name
        if m.start() in tk.starts:
            last = tk.toks[tk.at[m.start() - 1]].text if m.start() > start else ""
        else:                            # the head ends a token: what precedes it in that token (各项改革)
            last = text[tk.toks[tk.at[m.start()]].start:m.start()]
        if type_ in ("Project", "Policy") and m.group() in verb_bad and last in c.sets.get(
                "generic_before_head", ()) and not c.heads["company_heads"].search(core):
            continue                     # 服务重大项目: generic right before the head
        in_word = type_ == "Organization" and m.start() not in tk.starts   # 发展局, 管理局: one dictionary word
        if m.group() in verb_bad and not comp and not in_word and (c.seg.word_tag(last) in ("r", "d") or (
                c.seg.word_tag(last) == "v" and (len(core) < 6 or last in c.weak))
                or (c.seg.word_tag(last) == "vn" and last in c.weak)):
            continue                     # 推进项目, 各项改革 (but 吉林化纤集团碳纤维原丝扩能项目 stays)
        if len(core) < need or name in stop or not _balanced(name) or c.pat["counted_core_pattern"].match(core):
            continue
        if type_ == "Organization" and core.startswith(tuple(c.lists.get("organization_system_prefixes", ()))):
            continue                     # 电子税务局, 网上办事大厅: an online service, not a body
        if type_ == "Project" and _descriptive_project(text, start, core, m.group(), c):
            continue
        if c.pat["count_in_core_pattern"].search(core) or (
                m.group() == c.word["project_plain_head"] and len(c.pat["quote_pattern"].sub("", core)) < need):
            continue                     # 100个“三早”项目, “智改数转”资金项目: counted or only a label
        if all(w in generic or w in c.weak or w in c.strong or w in c.word["organization_splitters"]
               or w in c.area_names or c.pat["number_word_pattern"].fullmatch(w)
               for w in _words(tk, start, m.start())):
            continue
        if core[0] in c.sets["pronoun_prefixes"] and (start not in tk.starts or len(tk.toks[tk.at[start]].text) == 1):
            continue
        out.append(_Cand(start, end, type_, name, None, (), rule or head_key, 1))
    return out


_LOOKS_BACK = re.compile(r"\(\?<[=!]|\\[bBA]|(?<!\[)\^")     # lookbehind, \b \B \A, a ^ not negating a class


def _pos_pattern(p: re.Pattern) -> re.Pattern | None:
    """p without its leading ^, when nothing else in it looks at what comes before a position:
    then _pos_pattern(p).match(text, pos) is p.match(text[pos:]) without the copy. None: no such form."""
    src = p.pattern
    if not isinstance(src, str) or not src.startswith("^") or _LOOKS_BACK.search(src[1:]):
        return None
    try:
        return re.compile(src[1:], p.flags)
    except re.error:                     # (nothing left to stand on: keep the pattern as it is)
        return None


def _match_after(p: re.Pattern, text: str, pos: int) -> bool:
    """Whether p matches the text from pos on, as if it started there (a rule's ^ is that position):
    with no copy of the rest of the text where the pattern allows (a copy per candidate made large
    articles quadratic)."""
    q = _pos_pattern(p)                  # (re caches the compiled form)
    return bool(q.match(text, pos) if q is not None else p.match(text[pos:]))


def _project_cued(cd: _Cand, text: str, c: EntityRules) -> bool:
    """A name on a cued head (码头, 港区) is a project only with a phase or construction cue."""
    head = next((h for h in c.lists.get("project_heads_cued", ()) if cd.name.endswith(h)), None)
    if head is None or any(cd.name.endswith(h) for h in c.lists["project_heads"] if len(h) > len(head)):
        return True
    return bool(c.project_cue_inside.search(cd.name[:-len(head)]) or _match_after(c.project_cue_after, text, cd.end))


def _run_body(cd: _Cand, text: str, c: EntityRules) -> _Cand:
    """X运营的…创新中心: a body some institution runs is an Organization (no project cue after it)."""
    heads = tuple(c.lists.get("run_body_heads") or ())
    cues = tuple(c.lists.get("run_body_cues") or ())
    if not heads or not cd.name.endswith(heads) or not text.endswith(cues, 0, cd.start):
        return cd
    if _match_after(c.run_body_not_after, text, cd.end):
        return cd
    return _Cand(cd.start, cd.end, "Organization", cd.name, None, cd.aliases, "run_body", cd.prio)


def _descriptive_project(text: str, start: int, core: str, head: str, c: EntityRules) -> bool:
    """Head-word phrases that describe rather than name: X是…的梅花鹿养殖基地 (a predicate after 是…的),
    现代服务业项目 (a sector plus 项目), 可年产大型海工平台 (a capacity without a figure)."""
    if start > 0 and text[start - 1] == c.word["attributive_particle"] and head != c.word["project_plain_head"]:
        clause = c.pat["clause_split_pattern"].split(text[max(0, start - 30):start])[-1]
        if c.word["descriptive_copula"] in clause and all(c.seg.known_word(w) and w not in c.region_names for w in c.seg.cut_words(core)):
            return True
    if head == c.word["project_plain_head"] and core in c.industry_names:
        return True
    if core in c.sets.get("descriptive_cores", ()):
        return True                      # 智能化生产线, 数字化车间: a kind of line, not a name
    cap = c.word["capacity_prefix"]
    return core.startswith(cap) and not c.pat["capacity_figure_pattern"].search(core[len(cap):len(cap) + 2])


def _words(tk: _Toks, start: int, end: int) -> list[str]:
    """The document's tokens inside [start, end), cut to the span (no re-tokenising)."""
    if start >= end:
        return []
    out = []
    i = tk.at[start]
    while i < len(tk.toks) and tk.toks[i].start < end:
        t = tk.toks[i]
        out.append(tk.text[max(t.start, start):min(t.end, end)])
        i += 1
    return out


def _companies(tk: _Toks, c: EntityRules, regions_at: dict[int, int] | None = None) -> list[_Cand]:
    out = []
    if not c.heads["company_heads"].search(tk.text):
        return out                       # no company head: nothing to name (skip the index below)
    # a company name may open with a place's stem (即墨 of 即墨区) as well as a gazetteer name
    regions = {**(regions_at or {}), **{t.start: t.end for t in tk.toks if t.text in c.place_stems}}
    for cand in _head_names(tk, c, "company_heads", "Company", 20, rule="company_head", company_regions=regions):
        if c.pat["sub_company_pattern"].search(cand.name) and len(cand.name) <= 5:
            continue
        core = _company_core(cand.name, c)
        if core in c.sets.get("company_core_not", ()) or (
                c.seg.known_word(core) and c.seg.word_tag(core) in ("v", "vn", "b", "a", "d", "ad", "an")):
            continue                     # 合资公司, 国有公司, 平台公司: a kind of company, not a name
        cand.aliases = _company_short_forms(cand.name, c)
        out.append(cand)
    return out


def _in_order(short: str, full: str) -> bool:
    """长沙经开区 abbreviates 长沙经济技术开发区: every character of the short form, in order."""
    i = 0
    for ch in short:
        i = full.find(ch, i)
        if i < 0:
            return False
        i += 1
    return True


def _bracket_short_names(tk: _Toks, named: list[_Cand], c: EntityRules) -> list[_Cand]:
    """X（简称Y） / X（Y）right after a company, zone or agency name: Y is the short name of X
    (长春高新技术产业（集团）股份有限公司（简称长春高新）, 长沙经济技术开发区（长沙经开区）)."""
    out = []
    for cd in named:
        m = c.pat["short_name_pattern"].match(tk.text, cd.end)
        if not m:
            continue
        short = m.group(3)
        if not (m.group(2) or (_in_order(short, cd.name) and short[0] == cd.name[0] and len(short) < len(cd.name))):
            continue
        cd.aliases = tuple(dict.fromkeys((short, *cd.aliases)))
        out.append(_Cand(m.start(3), m.end(3), cd.type, cd.name, cd.subtype, (short,), "bracket_short", 3))
    return out


def _company_core(name: str, c: EntityRules) -> str:
    for h in sorted(c.lists.get("company_heads", []), key=len, reverse=True):
        if name.endswith(h):
            return name[:-len(h)]
    return name


def _company_short_forms(name: str, c: EntityRules) -> tuple[str, ...]:
    """Short forms of a company name (a pure function of the name and the rule pack: memoised)."""
    forms = c.short_forms.get(name)
    if forms is None:
        if len(c.short_forms) >= 100_000:
            c.short_forms.clear()
        forms = c.short_forms[name] = _short_forms_of(name, c)
    return forms


def _short_forms_of(name: str, c: EntityRules) -> tuple[str, ...]:
    core = name
    if c.gaz is not None:
        changed = True
        while changed:          # drop leading region names (长春, 吉林省 ...)
            changed = False
            prefixes = [surface for end_idx, (surface, vals) in c.gaz.iter(core)
                        if end_idx + 1 == len(surface) and any(v[0] == "Region" for v in vals)
                        and len(core) - len(surface) >= 2]
            if prefixes:
                core = core[len(max(prefixes, key=len)):]
                changed = True
    legal = core
    for s in sorted(c.lists.get("company_heads", []), key=len, reverse=True):
        if legal.endswith(s) and len(legal) - len(s) >= 3:
            legal = legal[:-len(s)]      # 量芯科技有限公司 -> 量芯科技 (articles use this form too)
            break
    changed = True
    while changed:
        changed = False
        for s in c.lists.get("company_trim_suffixes", []):
            if core.endswith(s) and len(core) - len(s) >= 2:
                core = core[:-len(s)]
                changed = True
                break
    bracket = c.pat["trailing_bracket_pattern"]
    core = bracket.sub("", core)     # 华润雪花啤酒(吉林) -> 华润雪花啤酒
    forms = {core, bracket.sub("", legal)} - {name}
    # a common word (化纤, 科技) is no name of its own: it would merge unrelated companies
    return tuple(sorted(f for f in forms if f not in c.sets["stop_names"] and not f.endswith(c.word["industry_suffix"])
                        and c.seg.word_tag(f) not in ("n", "vn", "v", "a", "b")))


def _policies(tk: _Toks, c: EntityRules, blocked) -> list[_Cand]:
    """《…》 policy documents, quoted names with a head (“免申即享”改革), cued bare quotes, unquoted heads."""
    text = tk.text
    numeric_heads = tuple(c.lists["numeric_quote_heads"])
    out = _policy_titles(text, c)
    quotes = _all_quotes(text, c)
    for qi, m in enumerate(quotes):
        core = _quote_core(m)
        if core in c.sets["stop_names"] or len(core) < 2:
            continue
        head = _quote_head(tk, c, m)
        numeric = re.fullmatch(r"[\d.%]+", core)
        if numeric and (head is None or "." in core or "%" in core or not tk.text.startswith(numeric_heads, m.end())):
            continue                     # “532”发展战略 is a name; a quoted figure is not
        if head is not None:
            out += _quote_with_head(tk, c, quotes, qi, head)
        elif _core_head_policy(core, c):
            out.append(_Cand(m.start(), m.end(), "Policy", m.group(), None, (core,), "policy_quote_core", 1))
        elif _bare_quote_is_policy(text, c, quotes, qi):
            out.append(_Cand(m.start(), m.end(), "Policy", m.group(), None, (core,), "policy_quote_bare", 1))
    out += _head_names(tk, c, "policy_heads_unquoted", "Policy", 20, min_core=4, rule="policy_head",
                       blocked=blocked, avoid={q.start(): q.end() for q in quotes})
    return out


def _core_head_policy(core: str, c: EntityRules) -> bool:
    """“科创企业一件事”, “链长制”: a quoted core that ends with a policy head and has more than it."""
    head = next((h for h in c.lists.get("policy_core_heads", []) if core.endswith(h)), None)
    return head is not None and len(core) >= 3 and len(core) > len(head) + (1 if len(head) == 1 else 0) \
        and (len(core) >= 4 or len(head) >= 2)


def _is_policy_title(title: str, heads: tuple, c: EntityRules) -> bool:
    """《…行动方案（2025—2027年）》: a trailing bracketed period does not hide the head."""
    return title.endswith(heads) or c.pat["title_tail_pattern"].sub("", title).endswith(heads)


def _all_quotes(text: str, c: EntityRules) -> list[re.Match]:
    """Quoted spans, including single quotes inside a double-quoted speech (“…‘标准地+承诺制’…”)."""
    outer = list(c.pat["quote_pattern"].finditer(text))
    inner = [q for m in outer if m.group(1)
             for q in c.pat["inner_quote_pattern"].finditer(text, m.start() + 1, m.end() - 1)]
    return sorted(outer + inner, key=lambda q: (q.start(), -q.end())) if inner else outer


def _policy_titles(text: str, c: EntityRules) -> list[_Cand]:
    title_heads = tuple(c.lists.get("policy_title_heads", []))
    return [_Cand(m.start(), m.end(), "Policy", m.group(), None, (m.group(1),), "policy_title", 3)
            for m in c.pat["title_pattern"].finditer(text) if _is_policy_title(m.group(1), title_heads, c)]


def _quote_core(m: re.Match) -> str:
    return next(g for g in m.groups() if g is not None)


def _quote_head(tk: _Toks, c: EntityRules, m: re.Match) -> tuple[int, int] | None:
    """(qualifier length, head end) of a policy head after a quote (“七快一缓”诉讼服务企业绿色通道)."""
    after = tk.text[m.end():m.end() + 20]
    if after.startswith(c.word["list_marker"]):
        return None                      # “A”等活动: a list cue, not this quote's own head
    # “六稳”工作、 “一项目一专班”服务。: a plain head right after the quote, closing the phrase
    direct = next((h for h in c.direct_heads if after.startswith(h)), None)
    core = _quote_core(m)
    if direct and not _CJK_CHAR.match(after[len(direct):len(direct) + 1] or "x") \
            and len(core) >= int(c.direct_heads[direct]) \
            and not core.endswith(tuple(c.lists.get("bare_quote_not_end", ()))):
        return 0, len(direct)           # (“一站式”服务, “一对一”服务: descriptions, not policies)
    # a qualifier joined by 的 may be longer (“以投带引”的新模式)
    for k in range(0, 15 if after.startswith(c.word["attributive_particle"]) else 9):
        if k and not _CJK_CHAR.match(after[k - 1:k] or "x"):
            return None
        hm = c.heads["policy_heads"].match(after, k)
        if hm and (m.end() + hm.end()) in tk.ends:
            return k, hm.end()
    return None


def _quote_with_head(tk: _Toks, c: EntityRules, quotes: list, qi: int, head: tuple[int, int]) -> list[_Cand]:
    text = tk.text
    m = quotes[qi]
    core = _quote_core(m)
    end = m.end() + head[1]
    qualifier = text[m.end():m.end() + head[0]]
    if text[m.end():end] == c.word["policy_weak_head"] and len(core) < 3:
        return []
    head_word = text[m.end() + head[0]:end]
    if c.heads["project_heads"].search(qualifier) and not head_word.endswith(c.word["policy_activity_head"]):
        return []                        # “双创”示范基地建设: the project, not a policy
    out = []
    k = qi - 1                           # “三抓”“三早”行动: the run's other quotes are policies too
    while k >= 0 and quotes[k].end() <= quotes[k + 1].start() and \
            c.pat["quote_run_joiner_pattern"].fullmatch(text[quotes[k].end():quotes[k + 1].start()]):
        q = quotes[k]
        out.append(_Cand(q.start(), q.end(), "Policy", q.group(), None, (_quote_core(q),), "policy_quote_run", 1))
        k -= 1
    start = m.start()
    lm = _strip_left(_left_scan(tk, m.start(), c, 10, weak_always=True), m.start(), tk, c)
    modifier = text[lm:m.start()]        # 人才“引聚留用”改革举措: a short modifier in front belongs to it
    if lm < m.start() and modifier not in c.sets["generic_words"] \
            and not c.heads["project_heads"].search(modifier) and modifier not in c.gaz_names:
        start = lm
    name = text[start:end]
    aliases = tuple(dict.fromkeys(a for a in (core, text[m.start():end]) if a != name))
    out.append(_Cand(start, end, "Policy", name, None, aliases, "policy_quote_head", 2))
    return out


def _bare_quote_is_policy(text: str, c: EntityRules, quotes: list, qi: int) -> bool:
    """A bare quoted name is a policy when a cue verb precedes its run or a policy list cue follows it."""
    m = quotes[qi]
    core = _quote_core(m)
    joiner = c.pat["quote_run_joiner_pattern"]
    run_end, j = m.end(), qi + 1
    while j < len(quotes) and run_end <= quotes[j].start() and \
            joiner.fullmatch(text[run_end:quotes[j].start()]):
        run_end = quotes[j].end()
        j += 1
    run_start, k = m.start(), qi - 1
    while k >= 0 and quotes[k].end() <= run_start and joiner.fullmatch(text[quotes[k].end():run_start]):
        run_start = quotes[k].start()
        k -= 1
    tail = text[run_end:run_end + 14]
    listed = any(t == "Policy" and p.match(tail) for p, t, _ in c.list_cues)
    before = text[max(0, run_start - 6):run_start]
    cued = any(before.endswith(w) for w in c.lists.get("policy_quote_cues", []))
    # “专班抓项目”要强力推进: a quoted work item opening a sentence as the subject of 要
    if run_start == 0 or text[run_start - 1] in c.word["sentence_open_after"]:
        cued = cued or any(text.startswith(w, run_end) for w in c.lists.get("policy_subject_cues", []))
    return (listed or cued) and not c.pat["bare_quote_not_inside"].search(core) and len(core) <= (24 if listed else 16) \
        and not core.endswith(tuple(c.lists.get("bare_quote_not_end", [])))


def _lists(tk: _Toks, c: EntityRules, known: list[_Cand]) -> list[_Cand]:
    """Enumerations typed by the cue that follows them: A、B、C等N户企业."""
    out = []
    text = tk.text
    by_end = {}
    for k in known:
        by_end.setdefault(k.end, []).append(k)
    activity = frozenset(c.lists.get("industry_activity_words", ()))
    lit = c.word
    for m in c.pat["list_anchor_pattern"].finditer(text):
        tail = text[m.start():m.start() + 20]
        cue = next((r for r in c.list_cues if r[0].match(tail)), None)
        if cue is None:
            continue
        type_, opts = cue[1], cue[2]
        pos = m.start()
        # quoted industry list: “A、B、C”三大支柱产业
        if type_ == "Industry" and pos and text[pos - 1] in c.close_quotes:
            q = _quote_open(text, pos - 1, c)
            if q is not None:
                s = q + 1
                for item in text[q + 1:pos - 1].split(lit["list_sep"]):
                    out.append(_Cand(s, s + len(item), "Industry", item, None, (), "list_quoted", 1))
                    s += len(item) + len(lit["list_sep"])
                continue
        items = []
        end = pos
        while end > 0:
            start = _left_scan(tk, end, c, 16, quotes=False, stop_tags=("v",),
                               keep_words=activity if type_ == "Industry" else frozenset()) if end in tk.starts else end
            if start >= end:
                break
            if type_ == "Industry" and start > 1 and text[start - 1] == lit["sector_joiner"] and start - 1 in tk.starts:
                # 计算机与通讯设备 inside a list of sectors: 与 joins the parts of one sector
                s2 = _left_scan(tk, start - 1, c, 8, stop_tags=("v",), keep_words=activity)
                if s2 < start - 1 and (s2 == 0 or text[s2 - 1] in lit["sector_list_open"]) and end - s2 <= 10:
                    start = s2
            items.append((start, end))
            if start > 0 and text[start - 1] == lit["list_sep"]:
                end = start - 1
            elif start > 0 and text[start - 1] == lit["list_last_joiner"] and len(items) == 1:
                end = start - 1
            else:
                break
        if len(items) < max(1, int(opts.get("min_items", 1))) or (
                len(items) == 1 and type_ in ("Industry",) and not text.startswith(lit["list_marker"], pos)):
            continue
        for s, e in items:
            s = _strip_left(s, e, tk, c)
            trimmed = _trim_tags(s, e, tk, c, keep_clause_verb=False)
            if opts.get("noun_first") and (trimmed > s or not (c.seg.word_tag(_words(tk, s, e)[0]) or "n").startswith("n")):
                continue                 # (研发设计、生产制造等环节: activities, not sectors)
            if not (type_ == "Company" and e - trimmed == 2 and trimmed > s
                    and all(c.seg.word_tag(w) == "m" for w in _words(tk, s, trimmed))):
                s = trimmed              # (三一重工: a numeral brand keeps its front when the rest is short)
            while e > s and text[e - 1] in lit["list_item_trailing"]:
                e -= 1
            name = text[s:e]
            if len(name) < 2 or name in c.sets["stop_names"] or _DIGIT.search(name) and type_ != "Project":
                continue
            t = type_
            if type_ in ("Company", "Project"):
                if c.project_head_end.search(name):
                    t = "Project"
                elif type_ == "Project" and (c.company_head_end.search(name) or (
                        opts.get("investor") and len(name) <= 6 and s in tk.starts
                        and not c.seg.known_word(tk.toks[tk.at[s]].text))):
                    t = "Company"           # 新签约海吉星、…等项目: a new name in a project list is the investor
                elif opts.get("brands") and len(name) <= 3:
                    t = "Company"           # 抖音、快手等平台: a short brand in a platform list runs it
            if any(k.start == s and k.end == e and k.type in ("Region", "Organization") for k in by_end.get(e, [])):
                continue
            if t == "Company" and (name in c.sets["generic_words"] or len(name) > 12):
                continue
            if t == "Industry" and (name in c.sets["industry_not"] or len(name) > 8):
                continue
            out.append(_Cand(s, e, t, name, None, (), f"list_{type_.lower()}", 1))
    return out


def _media_sources(tk: _Toks, c: EntityRules) -> list[_Cand]:
    """来源：滨海时报 — the outlet named after a source cue is an organisation when it ends
    like a news outlet (…网, …报, …电视台)."""
    out = _datelines(tk.text, c)
    if c.source_cue is None:
        return out
    endings = tuple(c.lists.get("media_endings", ()))
    text = tk.text
    for m in c.source_cue.finditer(text):
        name = re.match(rf"[{_CJK}]{{2,12}}", text[m.end():m.end() + 12])     # (the longest match)
        if name and name.group().endswith(endings) and len(name.group()) > 2:
            s = m.end()
            out.append(_Cand(s, s + len(name.group()), "Organization", name.group(), None, (), "media_source", 1))
    return out


def _datelines(text: str, c: EntityRules) -> list[_Cand]:
    """大众网潍坊讯（记者 …）: the outlet opening the article's dateline (first lines only)."""
    if c.dateline is None:
        return []
    return [_Cand(m.start(1), m.end(1), "Organization", m.group(1), None, (), "dateline", 2)
            for m in c.dateline.finditer(text[:400])]


def _company_subjects(tk: _Toks, c: EntityRules) -> list[_Cand]:
    """X成为…上市企业 / X作为…企业 / X是…企业之一."""
    out = []
    text = tk.text
    for m in c.pat["company_subject_anchor"].finditer(text):
        if not c.subject_cue.match(text[m.start():m.start() + 30]) or m.start() not in tk.starts:
            continue
        start = _left_scan(tk, m.start(), c, 10)
        start = _strip_left(start, m.start(), tk, c)
        name = text[start:m.start()]
        if 2 <= len(name) <= 10 and name not in c.sets["stop_names"] and not _DIGIT.search(name) \
                and re.fullmatch(rf"[{_CJK}A-Za-z0-9]+", name) \
                and name not in c.sets["generic_words"] and (start == 0 or not _CJK_CHAR.match(text[start - 1])
                                                             or text[start - 1] in c.word["company_subject_open"]):
            out.append(_Cand(start, m.start(), "Company", name, None, (), "company_subject", 0))
    return out


def _industries(tk: _Toks, c: EntityRules) -> list[_Cand]:
    """X产业 / X产业链 where X is a short, non-generic token run."""
    out = []
    text = tk.text
    lit = c.word
    for m in c.pat["industry_head_pattern"].finditer(text):
        pos = m.start()
        if pos not in tk.starts:
            t = tk.toks[tk.at[pos]]      # 光电子信息产业: jieba made 信息产业 one word
            if t.end != pos + 2 or t.end - t.start < 3 or text[t.start:pos] in c.sets["industry_not"]:
                continue                 # (传统产业: a kind of industry, not a sector)
            scan = _left_scan(tk, t.start, c, 8) if t.start > 0 else 0
            start = min(scan, t.start)
        else:
            start = _left_scan(tk, pos, c, 8)
        stripped = _strip_left(start, pos, tk, c)
        kept_mod = next((w for w in c.lists.get("industry_modifiers_kept", ())
                         if text.startswith(w, stripped - len(w)) and stripped - len(w) >= start), None)
        start = stripped - len(kept_mod) if kept_mod and text[stripped:pos] in c.industry_names else stripped
        for h in c.heads["project_heads"].finditer(text, start, pos):
            start = h.end()              # 科技城智能制造产业园: the sector follows the park word
        if start > 2 and text[start - 1] == lit["sector_inner_joiner"]:
            k = next((start - 1 - n for n in range(8, 1, -1) if text[max(0, start - 1 - n):start - 1]
                      in c.industry_names and start - 1 - n in tk.starts), None)
            if k is not None:
                start = k                # 碳纤维及复合材料产业: 及 joins two parts of one sector
        cut = max((t.end for t in tk.toks[tk.at[start]:tk.at[pos - 1] + 1] if pos > start
                   and t.end <= pos - 2 and t.text[-1] in lit["industry_place_endings"] and len(t.text) >= 2), default=None)
        if cut is not None:
            start = cut                  # 该区汽车及零部件产业, 火炬高新区平板显示产业: the place is no part of it
        end = pos
        for w in c.lists.get("industry_trailing", ()):
            if text.endswith(w, start, end) and end - len(w) - start >= 2:
                end -= len(w)            # 数字经济核心产业 -> 数字经济
                break
        name = text[start:end]
        if len(name) < 3 and name not in c.industry_names or len(name) < 2:
            continue
        if c.pat["industry_count_end_pattern"].search(name):
            continue                     # 新能源四大产业: the count closes a list (the list rule types it)
        if name in c.sets["industry_not"] or name in c.sets["generic_words"] \
                or c.pat["industry_name_not_pattern"].search(name) or any(w in c.weak or w in c.strong for w in _words(tk, start, end)):
            continue
        kept_mod = next((w for w in c.lists.get("industry_modifiers_kept", ()) if name.startswith(w)), None)
        if kept_mod and name[len(kept_mod):] in c.industry_names:
            pass                         # 特色食品: a kept modifier before a known sector
        elif any(name.startswith(w) for w in c.sets["industry_not"]) or name.endswith(
                tuple(c.lists.get("core_not_end", [])) + tuple(c.lists["industry_not_end"])):
            continue
        words = _words(tk, start, end)
        if any((c.seg.word_tag(w) in c.sets.get("trim_tags", ()) or c.seg.word_tag(w) == "v")
               and not (k > 0 and (w in c.sets.get("industry_activity_words", ()) or w == lit["sector_inner_joiner"]))
               for k, w in enumerate(words)):
            continue
        alias = (text[start:m.end()],) if m.group() == lit["industry_suffix"] and end == pos else ()   # 文旅产业 names 文旅 too
        parts = _split_known(name, c)
        if parts:                        # 精细化工新材料 = 精细化工 + 新材料: two sectors
            for ps, pe in parts:
                out.append(_Cand(start + ps, start + pe, "Industry", name[ps:pe], None, (), "industry_head", 0))
            continue
        # a park (X产业园) often carries a place or brand in front: only a known sector counts there
        out.append(_Cand(start, end, "Industry", name, None, alias,
                         "industry_park" if m.group() == lit["industry_park_head"] else "industry_head", 0))
    return out


def _industry_objects(tk: _Toks, c: EntityRules) -> list[_Cand]:
    """Sectors as the object list of 重点发展 / 大力发展 (重点发展冷链物流和城市配送), and a sector
    as the subject of 是…产业 at a clause start (光电子信息是…第一大产业)."""
    out = []
    text = tk.text
    verbs = c.lists.get("industry_list_verbs", [])
    endings = tuple(c.lists.get("industry_object_endings", []))
    for m in c.industry_verbs.finditer(text):
        pos = m.end()
        clause = c.pat["industry_object_clause_pattern"].match(text[pos:pos + 40])     # (the longest match)
        if clause is None:
            continue
        body = clause.group()
        body = c.pat["industry_object_cut_pattern"].split(body, maxsplit=1)[0]
        items = c.pat["industry_object_sep_pattern"].split(body)
        k = pos
        found = []
        for it in items:
            s0, e0 = k, k + len(it)
            k = e0 + 1
            suffix = c.word["industry_suffix"]
            if it.endswith(suffix) and len(it) > 3:
                it, e0 = it[:-len(suffix)], e0 - len(suffix)
            cnt = c.pat["industry_object_count_pattern"].search(it)
            if cnt:                      # 新能源四大(产业): the count closes the list
                it, e0 = it[:cnt.start()], e0 - len(cnt.group())
            ok = 2 <= len(it) <= 8 and s0 in tk.starts and e0 in tk.ends and _CJK_RUN.fullmatch(it) \
                and it not in c.sets["generic_words"] and it not in c.sets["industry_not"] \
                and not any(w in c.weak or w in c.strong or c.seg.word_tag(w) in ("v", "d", "r", "m", "p")
                            for w in _words(tk, s0, e0)) and not c.heads["project_heads"].search(it)
            if m.group() not in verbs:   # bare 发展: only sector words with a sector ending
                ok = ok and it.endswith(endings)
            if not ok:
                found = []
                break                    # one odd item: the object is no sector list
            found.append(_Cand(s0, e0, "Industry", it, None, (), "industry_object", 0))
        out += found
    for m in re.finditer(re.escape(c.word["industry_subject_verb"]), text):
        if not c.industry_subject.match(text[m.start():m.start() + 30]):
            continue
        i = m.start()
        s0 = i
        while s0 > 0 and _CJK_CHAR.match(text[s0 - 1]) and i - s0 < 8:
            s0 -= 1
        if s0 > 0 and text[s0 - 1] not in c.word["industry_subject_open"]:
            continue
        name = text[s0:i]
        if 2 <= len(name) <= 8 and s0 in tk.starts and name not in c.sets["generic_words"]:
            out.append(_Cand(s0, i, "Industry", name, None, (), "industry_subject", 0))
    return out


def _tidy_industries(industries: list[_Cand], tk: _Toks, c: EntityRules, stems: set[str] = frozenset()
                     ) -> list[_Cand]:
    """紧盯数字经济 -> 数字经济: an unknown name ending in a known sector (on a token boundary) is
    that sector; a sector written with 产业 after it (文旅产业) answers to that form too."""
    text = tk.text
    out = []
    for ind in industries:
        # the longest stem opening the name and leaving two characters (one prefix per length)
        stem = next((ind.name[:k] for k in range(len(ind.name) - 2, 0, -1) if ind.name[:k] in stems), None)
        if stem and (ind.start + len(stem)) in tk.starts:   # 顺德家电 -> 家电: the place is no part of the sector
            k = ind.start + len(stem)
            ind = _Cand(k, ind.end, "Industry", text[k:ind.end], None,
                        tuple(a[len(stem):] for a in ind.aliases if a.startswith(stem)), ind.rule, ind.prio)
        if ind.name not in c.industry_names:
            k = next((t.start for t in tk.toks[tk.at[ind.start] + 1:tk.at[ind.end - 1] + 1]
                      if text[t.start:ind.end] in c.industry_names and ind.end - t.start >= 2), None)
            if k is not None and any((c.seg.word_tag(w) or "").startswith("n") for w in _words(tk, ind.start, k)):
                k = None                 # 聚醚醚酮新材料: a noun in front narrows the sector, it stays
            if k is not None:
                ind = _Cand(k, ind.end, "Industry", text[k:ind.end], None, ind.aliases, ind.rule, ind.prio)
            elif ind.rule == "industry_park" and ind.name not in c.industry_names:
                continue                 # 昆明斗南花卉产业园: no known sector in front of the park word
        suffix = c.word["industry_suffix"]
        if text.startswith(suffix, ind.end) and not text.startswith(c.word["industry_process_word"], ind.end) \
                and not ind.name.endswith(suffix):
            ind.aliases = tuple(dict.fromkeys(ind.aliases + (ind.name + suffix,)))
        out.append(ind)
    return out


def _modifier_use(text: str, cd: _Cand, modified: tuple, known: set[str], prefixes: frozenset) -> bool:
    """A dictionary sector used as the modifier of the noun after it (风电叶片, 旅游收入,
    智能网联新能源汽车), not as a sector. (`prefixes`: every prefix of a known name.)"""
    end = cd.end
    if text.startswith(modified, end):
        return True
    for n in range(1, 13):               # a known name of 2..12 characters right after it
        frag = text[end:end + n]
        if frag not in prefixes:
            return False                 # (nothing longer can be known either)
        if n >= 2 and frag in known and frag != cd.name:
            return True
        if end + n >= len(text):
            return False
    return False


def _drop_modifier_sectors(cands: list[_Cand], text: str, c: EntityRules) -> list[_Cand]:
    """Drop a dictionary sector whose every mention in the article modifies a noun."""
    modified = tuple(c.lists.get("industry_modified_nouns", ()))
    used = {x.name for x in cands if x.type == "Industry" and (
        x.rule != "gazetteer" or not _modifier_use(text, x, modified, c.industry_names, c.industry_prefixes))}
    return [x for x in cands if x.type != "Industry" or x.name in used]


def _cut_joint_subject(cands: list[_Cand], text: str, c: EntityRules) -> list[_Cand]:
    """滨海新区联合天津港集团 -> 天津港集团: the part before a joining verb is another body."""
    verbs = c.lists.get("joint_verbs", ())
    if not verbs:
        return cands
    heads = tuple(c.lists.get("organization_heads", [])) + tuple(c.lists.get("zone_heads", [])) \
        + tuple(c.lists.get("company_heads", [])) + tuple(c.lists["joint_place_heads"])
    out = []
    for x in cands:
        if x.type in ("Company", "Organization"):
            name = text[x.start:x.end]
            k = max((name.rfind(v) + len(v) for v in verbs if name.rfind(v) > 0 and name[:name.rfind(v)].endswith(heads)),
                    default=0)
            if k and x.end - (x.start + k) >= 3:
                s0 = x.start + k
                x = _Cand(s0, x.end, x.type, text[s0:x.end], x.subtype, (), x.rule, x.prio)
        out.append(x)
    return out


def _strip_company_front(industries: list[_Cand], companies: list[_Cand]) -> list[_Cand]:
    """华鼎智能装备产业园: the sector is 智能装备, 华鼎 is the company in front of it."""
    starts = {}
    for co in companies:
        starts[co.start] = max(starts.get(co.start, 0), co.end)
    forms = {f for co in companies for f in (co.name, *co.aliases) if len(f) >= 2}
    out = []
    for ind in industries:
        e = starts.get(ind.start)
        if e is None:                    # 亚泰医药产业园 after 亚泰集团: a company short form in front
            # the longest form the name starts with: its prefixes looked up, not every form tried
            n = next((n for n in range(len(ind.name), 1, -1) if ind.name[:n] in forms), 0)
            if n:
                e = ind.start + n
        if e and ind.end - e >= 2:
            ind = _Cand(e, ind.end, "Industry", ind.name[e - ind.start:], None, (), ind.rule, ind.prio)
        elif e:
            continue
        out.append(ind)
    return out


def _split_known(name: str, c: EntityRules) -> list[tuple[int, int]] | None:
    """Split a name into two gazetteer industries, if it is exactly that."""
    for k in range(2, len(name) - 1):
        a, b = name[:k], name[k:]
        if a in c.industry_names and b in c.industry_names:
            return [(0, k), (k, len(name))]
    return None


def _persons(tk: _Toks, c: EntityRules) -> list[_Cand]:
    out = []
    text = tk.text
    term = c.person_term
    speech_verbs, speech_after = c.sets["speech_verbs"], c.word["speech_after"]
    gap, sep = c.word["person_title_gap"], c.word["list_sep"]

    def name_at(pos: int) -> int | None:
        for n in (3, 2):
            if n == 3 and text[pos + 2:pos + 3] in speech_verbs and text[pos + 3:pos + 4] in speech_after:
                continue                 # 张三说。: a two-character name and the speech verb
            for sl in (2, 1):
                if text[pos:pos + sl] in c.surnames and n > sl:
                    cand = text[pos:pos + n]
                    if _CJK_RUN.fullmatch(cand) and term.match(text, pos + n):
                        return pos + n
        return None

    for m in c.heads["person_before"].finditer(text):
        pos = m.end()
        while pos < len(text) and text[pos] in gap:
            pos += 1
        e = name_at(pos)
        if e is None and pos in tk.starts and text[pos:pos + 1] in c.surnames:
            # no end cue: a surname plus one or two characters that end on a jieba word boundary
            for n in (3, 2):
                if pos + n in tk.ends and re.fullmatch(rf"[{_CJK}]{{{n}}}", text[pos:pos + n]) \
                        and c.seg.word_tag(text[pos:pos + n]) in (None, "nr"):
                    e = pos + n
                    break
        if e:
            out.append(_Cand(pos, e, "Person", text[pos:e], None, (), "person_title", 2))
    for m in re.finditer(re.escape(c.word["list_marker"]), text):   # 张三、李四等院士: names listed before the cue
        if not c.person_after.match(text[m.start():m.start() + 8]):
            continue
        end = m.start()
        while True:
            found = None
            for n in (3, 2):
                s = end - n
                if s >= 0 and (text[s] in c.surnames or text[s:s + 2] in c.surnames) and \
                        _CJK_RUN.fullmatch(text[s:end]) and (s == 0 or not _CJK_CHAR.match(text[s - 1])
                                                                     or text[s - 1] == sep):
                    found = s
                    break
            if found is None:
                break
            out.append(_Cand(found, end, "Person", text[found:end], None, (), "person_list", 2))
            if found > 0 and text[found - 1] == sep:
                end = found - 1
            else:
                break
    return out


def _project_companies(tk: _Toks, c: EntityRules, projects: list[_Cand], regions_at: dict[int, int],
                       doc_places: set[str] = frozenset()) -> list[_Cand]:
    """The investor at the front of a project name: 奥来德新型显示材料产业基地 -> 奥来德.

    After any leading region, the first token must be a word jieba does not know
    (a new name) or a run of single characters (中研年产…); dictionary words end it.
    """
    out = []
    text = tk.text
    heads = tuple(c.lists.get("project_company_heads", []))
    region_names = sorted(x for x in doc_places if len(x) > 2)   # sorted: a prefix test is one bisect
    park_heads = tuple(c.lists.get("project_park_heads", [])) + tuple(c.lists["investor_park_heads"])
    for p in projects:
        if not (p.rule == "project_head" and p.name.endswith(heads)) and p.rule != "list_project":
            continue
        s = p.start
        while s in regions_at and regions_at[s] < p.end:
            s = regions_at[s]
        if s >= p.end or s not in tk.starts:
            continue
        i = tk.at[s]
        first = tk.toks[i].text
        if c.seg.known_word(first) and len(first) > 1:
            continue
        if not _CJK_RUN.fullmatch(first):
            continue
        e = tk.toks[i].end
        j = i + 1
        while j < len(tk.toks) and tk.toks[j].end <= p.end and len(tk.toks[j].text) == 1 \
                and _CJK_CHAR.fullmatch(tk.toks[j].text) and e - s < 4:
            e = tk.toks[j].end
            j += 1
        name = text[s:e]
        rest = p.end - e
        if any(c.seg.word_tag(name + x) == "ns" or (name + x) in doc_places for x in c.lists["investor_place_endings"]) \
                or _starts_any(region_names, name):
            continue                     # 浑南科技城: a district stem, not an investor
        if len(name) <= 2 and (p.name.endswith(park_heads) or text.startswith(c.word["industry_suffix"], e)):
            continue                     # 深哈产业园, 星沙产业基地: a two-character front is a place or brand, not an investor
        if 2 <= len(name) <= 5 and rest >= (1 if p.rule == "project_head" else 4) \
                and name not in c.sets["generic_words"] \
                and name not in c.sets["stop_names"] and name not in c.gaz_names:
            out.append(_Cand(s, e, "Company", name, None, (), "project_company", 0))
    return out


def _starts_any(names: list[str], prefix: str) -> bool:
    """Whether some name in the sorted list `names` starts with `prefix`."""
    i = bisect_left(names, prefix)
    return i < len(names) and names[i].startswith(prefix)


def _propagate(tk: _Toks, cands: list[_Cand], c: EntityRules) -> list[_Cand]:
    """Other occurrences of a company's short form in the same article (中拓塑业 after its full name)."""
    text = tk.text
    found: dict[str, list[int]] = {}     # form -> where it occurs, in the order the forms come
    for cand in cands:
        if cand.type != "Company":
            continue
        for form in (cand.name, *cand.aliases):
            if (form in found or len(form) < 2 or form in c.sets["stop_names"] or form in c.sets["generic_words"]):
                continue
            found[form] = []
    if not found:
        return []
    import ahocorasick

    # one pass over the text for all forms (a text.find loop per form made large articles quadratic)
    auto = ahocorasick.Automaton()
    for form in found:
        auto.add_word(form, form)
    auto.make_automaton()
    for last, form in auto.iter(text):
        found[form].append(last + 1 - len(form))
    return [_Cand(k, k + len(form), "Company", form, None, (), "propagate", 0)
            for form, where in found.items() for k in sorted(where) if k in tk.starts]


# ---------------------------------------------------------------- selection

# kept spans are indexed by blocks of offsets, so a candidate is checked against the kept spans near
# it, not all of them (a whole-list scan per candidate made a 1 MB article take a minute)
_BLOCK = 32


def _blocks(start: int, end: int) -> range:
    """The index blocks of the closed range [start, end]: any two spans that overlap, nest or touch
    share one, whatever their lengths (empty spans included)."""
    lo, hi = min(start, end), max(start, end)
    return range(max(lo, 0) // _BLOCK, max(hi, 0) // _BLOCK + 1)


def _index_add(index: dict[int, list], cd) -> None:
    for b in _blocks(cd.start, cd.end):
        index.setdefault(b, []).append(cd)


def _near(index: dict[int, list], cd) -> list:
    """The indexed spans sharing a block with cd: a superset of those overlapping or holding it
    (a span over several blocks may come more than once: the callers only test each one)."""
    out = []
    for b in _blocks(cd.start, cd.end):
        out += index.get(b, ())
    return out


def _select(cands: list[_Cand], c: EntityRules, text: str) -> list[_Cand]:
    """Keep the longer well-formed span where candidates overlap; nest only where meaningful."""
    # one candidate per span: highest priority, then type order
    best: dict[tuple[int, int], _Cand] = {}
    industries = []
    for cd in cands:
        if cd.type == "Industry":
            industries.append(cd)
            continue
        key = (cd.start, cd.end)
        cur = best.get(key)
        if cur is None or cd.prio > cur.prio:
            best[key] = cd
    order = sorted(best.values(), key=lambda x: (-(x.end - x.start), -x.prio, x.start))
    kept: list[_Cand] = []
    index: dict[int, list[_Cand]] = {}      # the kept candidates by block (see _near)
    # offsets some kept candidate covers: a candidate touching none of them overlaps nothing kept
    covered = bytearray(max([len(text)] + [x.end for x in cands]) + 1)
    for cd in order:
        ok = True
        for k in (_near(index, cd) if cd.end <= cd.start or 1 in covered[cd.start:cd.end] else ()):
            if cd.end <= k.start or cd.start >= k.end:
                continue
            inside = k.start <= cd.start and cd.end <= k.end
            if inside and (cd.type, k.type) in _NEST_OK and (
                    cd.type != "Region" or k.type == "Region" or cd.subtype in ("District", "DevelopmentZone")):
                continue                 # a district or zone inside a project name is still named
            if inside and cd.type == k.type == "Project" and \
                    any(cd.name.endswith(h) for h in c.lists.get("project_park_heads", [])) and \
                    not (k.start == cd.start and c.pat["phase_project_pattern"].fullmatch(k.name[cd.end - cd.start:])):
                continue                 # (X产业园二期项目 is the park's own project, not a second one)
            ok = False
            break
        if ok:
            kept.append(cd)
            _index_add(index, cd)
            covered[cd.start:cd.end] = b"\x01" * (cd.end - cd.start)
    # industries: keep distinct spans not crossing a kept non-industry boundary badly
    seen = set()
    for cd in sorted(industries, key=lambda x: (-(x.end - x.start), x.start)):
        if (cd.start, cd.end) in seen:
            continue
        if cd.end > cd.start and not covered[cd.start]:        # nothing kept (industries included) holds its first offset
            seen.add((cd.start, cd.end))
            kept.append(cd)
            _index_add(index, cd)
            covered[cd.start:cd.end] = b"\x01" * (cd.end - cd.start)
            continue
        sector = cd.rule == "industry_head" or text.startswith(c.word["industry_suffix"], cd.end)
        near = _near(index, cd)
        if any(k.start <= cd.start and cd.end <= k.end and (
                k.type in ("Person", "Company", "Region") or (k.type == "Project" and not sector))
               for k in near):
            continue
        # (the kept industries are the spans in `seen`)
        if any(k.type == "Industry" and k.start <= cd.start and cd.end <= k.end for k in near):
            continue
        if any(k.type in ("Company", "Person") and k.start < cd.start < k.end < cd.end for k in near):
            continue                     # (奥来|德新型显示材料: starts inside a company name)
        seen.add((cd.start, cd.end))
        kept.append(cd)
        _index_add(index, cd)
        covered[cd.start:cd.end] = b"\x01" * (cd.end - cd.start)
    return sorted(kept, key=lambda x: (x.start, x.end, x.type))


def extract_entities(doc: Document, tokens: list[Token], rules: EntityRules) -> list[Mention]:
    """The entity mentions of one document; `tokens` are rules.seg.tokenize(doc.text), made once by the
    segment component."""
    c = rules
    text = doc.text
    if not text:
        return []
    tk = _Toks(text, tokens)
    gaz = _gazetteer(tk, c) + _place_words(tk, c)
    gaz += _cities_before_districts(tk, gaz, c)
    regions_at = {g.start: g.end for g in gaz if g.type == "Region"}
    title_heads = tuple(c.lists.get("policy_title_heads", []))
    # news headlines in 《》 are not policies; nothing inside them is named by a head rule
    blocked = [(m.start(), m.end()) for m in c.pat["title_pattern"].finditer(text)
               if not _is_policy_title(m.group(1), title_heads, c)]
    cands = list(gaz)
    cands += _regions(tk, c, regions_at, gaz)
    cands += _head_names(tk, c, "organization_heads", "Organization", 12, rule="org_head",
                         regions_at=regions_at, blocked=blocked)
    companies = _companies(tk, c, regions_at)
    cands += companies
    # photo captions (图为…) describe a picture: a 生产线 or 车间 there is no project
    captions = [(m.start(), m.end()) for m in c.pat["caption_pattern"].finditer(text)] \
        if c.word["caption_hint"] in text else []
    projects = _head_names(tk, c, "project_heads", "Project", 32, quotes=True, rule="project_head",
                           blocked=blocked + captions, avoid=regions_at)
    projects = [_run_body(p, text, c) for p in projects if _project_cued(p, text, c)]
    cands += projects
    cands += _policies(tk, c, blocked)
    cands += _bracket_short_names(tk, [x for x in cands if x.type in ("Company", "Organization") or (
        x.type == "Region" and x.subtype == "DevelopmentZone")], c)
    cands += _lists(tk, c, cands)
    places = {text[k:x.end] for x in cands if x.type == "Region" for k in range(x.start, x.end - 1)}
    cands += _project_companies(tk, c, [x for x in cands if x.type == "Project"], regions_at, places)
    cands += _company_subjects(tk, c)
    cands += _media_sources(tk, c)
    cands += _strip_company_front(_industries(tk, c) + _industry_objects(tk, c),
                                  [x for x in cands if x.type == "Company"])
    stems = {f for x in cands if x.type == "Region" for f in (x.name, text[x.start:x.end], *x.aliases)
             if len(f) >= 2}
    stems |= {f[:-1] for f in stems if f[-1] in c.word["stem_place_endings"] and len(f) >= 3}
    cands = [x for x in cands if x.type != "Industry"] + _tidy_industries(
        [x for x in cands if x.type == "Industry"], tk, c, stems)
    cands = _drop_modifier_sectors(cands, text, c)
    cands = _cut_joint_subject(cands, text, c)
    cands += _persons(tk, c)
    cands += _propagate(tk, [x for x in cands if x.type == "Company" and x.rule != "company_subject"], c)
    stop = c.sets["stop_names"]
    cands = [x for x in cands if x.name not in stop and text[x.start:x.end] not in stop]
    out = []
    for cd in _select(cands, c, text):
        out.append(Mention(doc.id, cd.start, cd.end, text[cd.start:cd.end], cd.type, name=cd.name,
                           subtype=cd.subtype, aliases=tuple(a for a in cd.aliases if a != cd.name), rule=cd.rule))
    return out

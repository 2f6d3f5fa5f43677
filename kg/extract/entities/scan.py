"""Shared name scanning for every entity family, and the `lexicon` component.

The `lexicon` section holds what several families read: the gazetteer files, stop and generic words,
the tags trimmed off a name's front, quote characters, and the filters of the head-noun engine
(`_head_names`: a name that ends with a head word, scanned leftward over tokens). `Lexicon` compiles it
once (with the segmenter whose tokens and dictionary the scans read); each family builds its view of the
rules with `Rules.merged(lexicon, peers..., own)`: its own section over the peers' and the lexicon's, so
the passes read one object. Per document the component indexes the tokens (`Doc.index`) and starts the
candidate list (`Doc.cands`) the families add to; `overlap` turns it into mentions.
"""
from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Iterator, Mapping

from ...doc import Component, Doc
from ...rules import RULES_DIR, RuleError, RulePack
from .cand import Cand, Tokens

if TYPE_CHECKING:
    from ...segment import Segmenter

# The rule keys of section `lexicon:` and the type of each (the type language is kg/rules.py's)
SCHEMA_LEXICON: Mapping[str, object] = MappingProxyType({
    "gazetteers": "map[path]", "strong_stops": "list", "weak_stops": "list", "generic_words": "list",
    "generic_before_head": "list", "stop_names": "list", "pronoun_prefixes": "list", "trim_tags": "list",
    "verb_before_head_bad": "list", "core_not_end": "list", "min_core": "map[int]",
    "organization_conjunctions": "list", "name_qualifier_endings": "list", "industry_not": "list",
    "industry_activity_words": "list", "person_before": "list", "glued_prepositions": "list",
    "generic_kept_front": "list", "organization_section_heads": "list", "level_named_heads": "list",
    "list_cues": [{"pattern": "regex", "type": "str", "min_items?": "int", "brands?": "bool",
                   "investor?": "bool", "noun_first?": "bool"}],
    "nameable_pattern": "regex", "footer_line_pattern": "regex", "quote_pairs": "map[str]", "quote_pattern": "regex",
    "place_stem_endings": "str", "strip_left_punct": "str", "strip_left_conjunctions": "list",
    "counted_core_pattern": "regex", "count_in_core_pattern": "regex", "number_word_pattern": "regex",
    "organization_splitters": "str", "project_plain_head": "str", "attributive_particle": "str",
    "industry_suffix": "str", "list_marker": "str", "list_sep": "str",
})

# the list keys compiled into one alternation each (longest first), wherever a family declares them
_HEAD_KEYS = ("project_heads", "organization_heads", "company_heads", "zone_heads", "policy_heads",
              "policy_heads_unquoted", "person_before")
# the compiled parts Rules.merged unites key by key (every other attribute is one family's own)
_KEYED = ("lists", "sets", "word", "pat", "heads")


class Rules:
    """Compiled rules as the passes read them: `lists` and `sets` (every list of words), `word` (every
    string key: a word or a character set), `pat` (every regex key), `heads` (head alternations), plus
    the attributes a family compiles for itself (e.g. `located_place`). One section's, or several merged."""

    def __init__(self, **attrs):
        for k in _KEYED:
            setattr(self, k, {})
        self.__dict__.update(attrs)

    @staticmethod
    def merged(*parts: "Rules") -> "Rules":
        """One view of several families' rules; the keyed parts united (each key lives in one section),
        the other attributes shared (not copied: a memo stays one memo)."""
        out = Rules()
        for p in parts:
            for k, v in vars(p).items():
                if k in _KEYED:
                    getattr(out, k).update(v)
                else:
                    setattr(out, k, v)
        return out


def compile_section(pack: RulePack, section: str, schema: Mapping[str, object], **attrs) -> Rules:
    """The generic part of one section's rules: word lists, strings, regexes, head alternations."""
    sec = pack.section(section)
    lists = {k: list(v) for k, v in sec.items() if isinstance(v, list) and all(isinstance(x, str) for x in v)}
    if "project_heads" in schema:        # cued heads are project heads too (with a cue)
        lists["project_heads"] = lists.get("project_heads", []) + lists.get("project_heads_cued", [])
    word = {k: v for k, v in sec.items() if schema.get(k) == "str"}
    empty = sorted(k for k, v in word.items() if not v)
    if empty:                            # (the passes split, slice and search by these)
        raise RuleError(f"rule {section}.{empty[0]} must not be empty")
    return Rules(
        lists=lists, sets={k: set(v) for k, v in lists.items()}, word=word,
        pat={k: re.compile(v) for k, v in sec.items() if schema.get(k) == "regex" and isinstance(v, str)},
        heads={k: _alternation(lists.get(k, []) or ["\uffff"]) for k in _HEAD_KEYS if k in schema},
        **attrs)


def compile_lexicon(pack: RulePack, seg: Segmenter) -> Rules:
    """The `lexicon:` rules compiled, with the gazetteer automaton and the Segmenter that made (and
    will make) the tokens, built with lexicon_words(pack). Pure: the caller keeps the result."""
    import ahocorasick

    sec = pack.section("lexicon")
    auto = ahocorasick.Automaton()
    entries, words = _gazetteer_entries(sec)
    for surface, vals in entries.items():
        auto.add_word(surface, (surface, vals))
    auto.make_automaton() if entries else None
    lists = compile_section(pack, "lexicon", SCHEMA_LEXICON).lists
    stem_endings = pack.section("lexicon")["place_stem_endings"]
    c = compile_section(
        pack, "lexicon", SCHEMA_LEXICON,
        seg=seg, gaz=auto if entries else None, gaz_words=words, gaz_names=set(words),
        gaz_entries={surface: (surface, vals) for surface, vals in entries.items()},
        gaz_prefixes=frozenset(w[:k] for w in entries for k in range(1, len(w) + 1)),
        industry_names={s for s, v in entries.items() if any(t == "Industry" for t, _, _ in v)},
        region_names={s for s, v in entries.items() if any(t == "Region" for t, _, _ in v)},
        area_names={s for s, v in entries.items() if any(t == "Region" and not st for t, st, _ in v)},
        place_stems={s[:-1] for s, v in entries.items() if len(s) >= 3 and s[-1] in stem_endings
                     and any(t == "Region" for t, _, _ in v)},
        strong=set(lists.get("strong_stops", [])), weak=set(lists.get("weak_stops", [])),
        list_cues=[(re.compile(r["pattern"]), r["type"], r) for r in sec.get("list_cues", [])],
        min_core=dict(sec.get("min_core") or {}),
        keep_conj=tuple(sec.get("organization_conjunctions") or ()) or ("\uffff",),
        qualifier_endings=tuple(lists.get("name_qualifier_endings") or ()) or ("\uffff",),
        quote_pairs=dict(sec["quote_pairs"]), close_quotes="".join(sec["quote_pairs"]),
        nameable_seen={},                # word -> nameable? (memo)
    )
    c.industry_prefixes = frozenset(w[:k] for w in c.industry_names for k in range(1, len(w) + 1))
    return c


def lexicon_words(pack: RulePack) -> list[str]:
    """The words the entity rules give the tokenizer, in order (repeats kept: the Segmenter adds each once):
    gazetteer surfaces of 3+ characters, then the name heads of 2+ (project, company, zone, agency heads)."""
    _, words = _gazetteer_entries(pack.section("lexicon"))
    heads = (pack.get("projects", "project_heads") or []) + (pack.get("projects", "project_heads_cued") or []) \
        + (pack.get("companies", "company_heads") or []) + (pack.get("gazetteer", "zone_heads") or []) \
        + (pack.get("organisations", "organization_heads") or [])
    # 2-character short forms stay out of jieba's dictionary: they would cut words such as 西湖北
    return [w for w in words if len(w) >= 3] + [w for w in heads if len(w) >= 2]


class Family(Component):
    """An entity rule family: its own section (`name`), compiled once into `self.rules`; `self.c` is
    its view merged with the lexicon and the peers it `needs`. A document without text is skipped."""
    timing = "extract"
    peers_merged: tuple[str, ...] = ()   # the peers whose rules the passes read (besides the lexicon)

    def compile(self, pack: RulePack) -> Rules:
        return compile_section(pack, self.name, self.schema.get(self.name, {}))

    def __init__(self, pack: RulePack, peers: Mapping[str, Component]):
        super().__init__(pack, peers)
        self.rules = self.compile(pack)
        self.c = Rules.merged(peers["lexicon"].rules, *(peers[n].rules for n in self.peers_merged), self.rules)

    def __call__(self, doc: Doc) -> None:
        if doc.text:
            self.run(doc)
            for cd in doc.cands:         # the family that found each candidate (mentions.jsonl's `family`)
                if not cd.family:
                    cd.family = self.name

    def run(self, doc: Doc) -> None:  # pragma: no cover - every family defines it
        raise NotImplementedError


class Lexicon(Component):
    """The shared lexicon; per document, the token index and an empty candidate list."""
    name = "lexicon"
    schema = {"lexicon": SCHEMA_LEXICON}
    reads = ("document", "tokens")
    writes = ("index", "cands")
    needs = ("segment",)
    timing = "extract"

    def __init__(self, pack: RulePack, peers: Mapping[str, Component]):
        super().__init__(pack, peers)
        self.rules = compile_lexicon(pack, peers["segment"].seg)

    def __call__(self, doc: Doc) -> None:
        doc.cands = []
        doc.index = Tokens(doc.text, doc.tokens) if doc.text else None


# the Han range, in the regex escape form (compiled into the rules' patterns)
_CJK = r"\u3400-\u9fff"


_CJK_RUN = re.compile(rf"[{_CJK}]+")


_CJK_CHAR = re.compile(rf"[{_CJK}]")


_DIGIT = re.compile(r"\d")


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


def _alternation(words) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))


def _nameable(w: str, c: Rules) -> bool:
    seen = c.nameable_seen
    ok = seen.get(w)
    if ok is None:                       # asked for the same few thousand words over and over
        if len(seen) >= 100_000:
            seen.clear()
        ok = seen[w] = bool(c.pat["nameable_pattern"].match(w))
    return ok


def _left_scan(tk: Tokens, pos: int, c: Rules, max_chars: int, quotes: bool = False,
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


def _quote_open(text: str, close: int, c: Rules) -> int | None:
    want = c.quote_pairs.get(text[close])
    if want is None:
        return None
    j = text.rfind(want, max(0, close - 41), close)
    if j < 0 or "\n" in text[j:close]:
        return None
    return j


def _strip_left(name_start: int, end: int, tk: Tokens, c: Rules) -> int:
    """Drop leading generic or stop tokens from a scanned span."""
    s = name_start
    while s < end:
        i = tk.at[s]
        w = tk.toks[i].text
        if (w in c.weak or w in c.sets["generic_words"]) and tk.toks[i].end < end \
                and w not in c.sets.get("generic_kept_front", ()):
            s = tk.toks[i].end
            continue
        if w in c.word["strip_left_punct"] or w in c.sets["strip_left_conjunctions"]:
            s = tk.toks[i].end
            continue
        if s == tk.toks[i].start and len(w) > 1 and w[0] in c.sets.get("glued_prepositions", c.strong) \
                and not c.seg.known_word(w) \
                and not _place_at(tk.text, s, c):
            s += 1                       # jieba glued a preposition to an unknown word (由区城投)
            continue
        break
    return s


def _place_at(text: str, s: int, c: Rules) -> bool:
    """A gazetteer place name starts at s (无锡…: its first character is no stop word)."""
    return any(text[s:s + n] in c.region_names or text[s:s + n] in c.place_stems for n in range(2, 8))


def _trim_tags(start: int, head: int, tk: Tokens, c: Rules, keep_clause_verb: bool = True,
               keep_last_idiom: bool = False) -> int:
    """Drop leading verbs, adverbs, pronouns, numerals, time words (确保开工项目 -> 开工项目 -> 项目);
    with keep_last_idiom an idiom-tagged word right before the head stays (数字电视产业园)."""
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
        if keep_last_idiom and tag == "l" and t.end == head and t.text[-2:] not in c.weak and t.text not in c.weak:
            break
        if len(t.text) == 1 and _single_piece(tk, t, head, c):
            break                        # 鹏|威 年产…, 一|鲨 科技: two single characters are pieces of one name
        if (tag in trim and not (clause_start and tag == "v")) or t.text in c.weak:
            s = t.end
            continue
        break
    return s


def _placed_name(tk: Tokens, start: int, end: int, places: dict[int, int] | None, c: Rules) -> bool:
    """[start, end) is a place and nouns naming something (甲市无人机, not 甲市重点 or 甲区累计有近百个)."""
    if not places or start not in places or places[start] >= end:
        return False
    return all(w not in c.sets["generic_words"] and w not in c.weak and w not in c.strong
               and ((c.seg.word_tag(w) or "").startswith("n") or w in c.industry_names)
               for w in _words(tk, places[start], end))


def _single_piece(tk: Tokens, t, head: int, c: Rules) -> bool:
    """t (one character) and the token after it (one character, a noun or unknown to the dictionary)
    are pieces of a name jieba could not cut (泓|冠, 佰|颐), not a verb or numeral before a name."""
    if t.text in c.strong or t.text in c.weak or t.end >= head:
        return False
    nxt = tk.toks[tk.at[t.end]]
    if len(nxt.text) != 1 or nxt.end >= head or nxt.text in c.strong or nxt.text in c.weak:
        return False
    tag = c.seg.word_tag(nxt.text)
    return tag is None or tag.startswith("n")


def _balanced(s: str) -> bool:
    return s.count("(") == s.count(")") and s.count("“") == s.count("”")


def _first_region_start(lo: int, hi: int, regions_at: dict[int, int]) -> int | None:
    """Earliest start of a gazetteer region inside [lo, hi) (the anchor of a zone or agency name)."""
    for k in range(lo, hi):
        if k in regions_at:
            return k
    return None


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


def _head_names(tk: Tokens, c: Rules, head_key: str, type_: str, max_chars: int,
                min_core: int = 2, quotes: bool = False, rule: str = "",
                regions_at: dict[int, int] | None = None, blocked=(), avoid: dict[int, int] | None = None,
                company_regions: dict[int, int] | None = None, descriptive=None) -> list[Cand]:
    """Names ending with a head of `head_key` (the head-noun engine), typed `type_`; `descriptive(text,
    start, core, head, c)` says a phrase describes rather than names (projects pass theirs)."""
    out = []
    text = tk.text
    stop = c.sets["stop_names"]
    generic = c.sets["generic_words"]
    min_cores = c.min_core
    head_not = c.sets.get("organization_head_not", set())
    verb_bad = c.sets.get("verb_before_head_bad", set())
    avoided = _covered(len(text), (avoid or {}).items())
    footer = c.pat.get("footer_line_pattern")
    # a site footer's line (主办单位：…, 技术支持：…) names the site's owners, no body of the article
    footers = [(f.start(), f.end()) for f in footer.finditer(text)] if footer is not None else []
    titles = c.sets.get("person_before", set())
    for m in _head_matches(c.heads[head_key], text, tk.ends):
        end = m.end()
        if end not in tk.ends and not (type_ == "Organization" and end < len(text)
                                       and _title_at(text, end, tk.toks[tk.at[end]].end, titles)):
            continue                       # (局局长, 市委副书记: jieba glued the title to the agency head)
        if any(s <= m.start() < e for s, e in blocked) or any(s <= m.start() < e for s, e in footers):
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
        opened = None                      # where a verb opening a company name starts (kept by _trim_tags)
        if type_ == "Company" and start > 0:
            opened = _verb_opened(tk, start, c)
            opened, start = (opened, opened) if opened < start else (None, start)
        if type_ == "Company" and company_regions and start > 0:
            # 厦门宸光显示科技有限公司: a verb-like word (显示) inside a name that starts with its region
            wide = _left_scan(tk, scan_from, c, max_chars)
            anchor = _first_region_start(wide, start, company_regions)
            if anchor is not None:
                start = anchor
            start = _region_over_stop(tk, start, c, company_regions)
        if type_ == "Company":             # X有限公司（X集团）: a bracketed short name never reaches back
            cuts = [k.end() for k in c.pat["legal_then_bracket_pattern"].finditer(text, start, m.start())]   # into the full name
            if cuts:
                start = cuts[-1]
        if type_ == "Organization":        # an agency name never spans a conjunction (A及B局)
            cut = max(k for k in (text.rfind(x, start, m.start()) for x in c.word["organization_splitters"])
                      if k < 0 or not text.startswith(c.keep_conj, k))
            if cut >= 0:
                start = cut + 1
            if m.group() in c.sets.get("organization_section_heads", ()):
                # 商务局招商科: a section starts after the agency it belongs to (each is named)
                ends = [a.end() for a in c.heads["organization_heads"].finditer(text, start, m.start())
                        if a.end() in tk.ends and a.end() < m.start()]
                if ends and 2 <= m.start() - ends[-1] <= 8 and _CJK_RUN.fullmatch(text, ends[-1], m.start()):
                    # (its name is what it does, generic words included: 招商科, 投资促进科)
                    out.append(Cand(ends[-1], end, type_, text[ends[-1]:end], None, (), rule or head_key, 1))
                continue                   # (a section head elsewhere ends many words: 京东数科, 本科)
        if regions_at is not None:
            anchor = _first_region_start(start, m.start(), regions_at)
            before = text[start:anchor] if anchor is not None else ""
            # 中国科学院哈尔滨分院: a known body in front of the region belongs to the name
            if anchor is not None and not (before in c.gaz_names and before not in c.region_names):
                start = anchor
        start = _strip_left(start, m.start(), tk, c)
        trimmed = _trim_tags(start, m.start(), tk, c, keep_clause_verb=type_ not in ("Policy", "Organization"),
                             keep_last_idiom=type_ == "Project")
        if type_ != "Company" or not (start == opened and trimmed == tk.toks[tk.at[opened]].end
                                      or trimmed >= m.start()):
            start = trimmed                # (a verb alone before a company head: the family's filters judge it)
        if type_ == "Policy":              # 推进体系三位一体抓经济机制: a head word ends the previous phrase
            t0 = tk.toks[tk.at[start]]
            if t0.start == start and t0.text in c.sets.get("policy_closing_heads", ()) and m.start() - t0.end >= 4:
                start = t0.end
        name = text[start:end]
        core = text[start:m.start()]
        need = max(min_core, int(min_cores.get(m.group(), min_core))) if m.group() not in c.sets["level_named_heads"] \
            else int(min_cores.get(m.group(), min_core))      # (市工商联: the level word alone)
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
                "generic_before_head", ()) and not c.heads["company_heads"].search(core) \
                and not _placed_name(tk, start, m.start() - len(last), avoid, c):
            continue                     # 服务重大项目: generic right before the head (not 甲市无人机产业项目)
        in_word = type_ == "Organization" and m.start() not in tk.starts   # 发展局, 管理局: one dictionary word
        if m.group() in verb_bad and not comp and not in_word and (c.seg.word_tag(last) in ("r", "d") or (
                c.seg.word_tag(last) == "v" and (len(core) < 6 or last in c.weak))
                or (c.seg.word_tag(last) == "vn" and last in c.weak)):
            continue                     # 推进项目, 各项改革 (but 吉林化纤集团碳纤维原丝扩能项目 stays)
        if len(core) < need or name in stop or not _balanced(name) or c.pat["counted_core_pattern"].match(core):
            continue
        if type_ == "Organization" and core.startswith(tuple(c.lists.get("organization_system_prefixes", ()))):
            continue                     # 电子税务局, 网上办事大厅: an online service, not a body
        if descriptive is not None and descriptive(text, start, core, m.group(), c):
            continue
        if c.pat["count_in_core_pattern"].search(core) or (
                m.group() == c.word["project_plain_head"] and len(c.pat["quote_pattern"].sub("", core)) < need):
            continue                     # 100个“三早”项目, “智改数转”资金项目: counted or only a label
        if all(w in generic or w in c.weak or w in c.strong or w in c.word["organization_splitters"]
               or w in c.area_names or c.pat["number_word_pattern"].fullmatch(w)
               for w in _words(tk, start, m.start())):
            continue
        if core[0] in c.sets["pronoun_prefixes"] and (start not in tk.starts or len(tk.toks[tk.at[start]].text) == 1) \
                and not (core[0] in c.sets.get("organization_level_prefixes", ()) and (
                    len(core) >= 3 and len(m.group()) == 1 or m.group() in c.sets["level_named_heads"])):
            continue                     # 该局, 区政府, 区政务服务中心 (but 市发改委, 省商务厅: a level word, an agency's
                                         # short name, a one-character head; 县委组织部, 县投资促进中心: a named body's head)
        out.append(Cand(start, end, type_, name, None, (), rule or head_key, 1))
    return out


def _region_over_stop(tk: Tokens, start: int, c: Rules, regions: dict[int, int]) -> int:
    """北江和盛生物科技, 南湖金都置业开发: jieba cut a one-character stop word (和, 都) out of the brand
    right after a place that opens the name; the name starts at the place when a boundary stands before it."""
    if start not in tk.starts or tk.at[start] == 0:
        return start
    stop = tk.toks[tk.at[start] - 1]
    if len(stop.text) != 1 or stop.text not in c.strong:
        return start
    for k in range(stop.start - 1, max(-1, stop.start - 10), -1):
        e = regions.get(k)
        if e is not None and 0 <= stop.start - e <= 2 and _CJK_RUN.fullmatch(tk.text, e, stop.end) is not None \
                and (k == 0 or not _nameable(tk.text[k - 1], c)):
            return k
    return start


def _verb_opened(tk: Tokens, start: int, c: Rules) -> int:
    """飞跃电子有限公司: the verb the company scan stopped at opens the name when nothing but a clause
    boundary, a stop word or another verb stands before it (a governing verb never opens one)."""
    if start not in tk.starts or tk.at[start] == 0:
        return start
    i = tk.at[start] - 1
    t = tk.toks[i]
    w = t.text
    if c.seg.word_tag(w) != "v" or w in c.strong or w in c.weak or len(w) != 2 \
            or w in c.sets.get("company_front_verbs_not", ()) or not _nameable(w, c):
        return start
    if i == 0:
        return t.start
    p = tk.toks[i - 1].text
    if not _nameable(p, c) or p in c.strong or p in c.weak or c.seg.word_tag(p) in ("v", "vn"):
        return t.start
    return start


def _head_matches(pat: re.Pattern, text: str, ends) -> Iterator[re.Match]:
    """Every head match, left to right; after one that ends inside a token the search goes on from its
    next character (新闻办公室: 新闻办 ends inside 办公室, the head 办公室 is still tried)."""
    pos = 0
    while True:
        m = pat.search(text, pos)
        if m is None:
            return
        yield m
        pos = m.end() if m.end() in ends else m.start() + 1


def _title_at(text: str, end: int, tok_end: int, titles) -> bool:
    """A person title starts right after a head that jieba glued to the title's first part (委副|书记)."""
    rest = text[end:tok_end]
    return rest in titles or any(len(t) > len(rest) and t.startswith(rest) and text.startswith(t, end)
                                 for t in titles)


def _words(tk: Tokens, start: int, end: int) -> list[str]:
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

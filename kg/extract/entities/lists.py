"""Family `lists`: enumerations typed by the cue after them (A、B、C等N户企业, “A、B”三大支柱产业).
The cues themselves are `lexicon.list_cues` (the policies family reads them too).
"""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from ...doc import Doc
from .cand import Cand, Tokens
from .scan import _DIGIT, Family, Rules, _left_scan, _quote_open, _strip_left, _trim_tags, _words

SCHEMA_LISTS: Mapping[str, object] = MappingProxyType({
    "list_anchor_pattern": "regex", "list_last_joiner": "str", "list_item_trailing": "str",
    "sector_joiner": "str", "sector_list_open": "str", "list_proper_tags": "list",
    "list_facility_endings": "list",
})


class Lists(Family):
    name = "lists"
    schema = {"lists": SCHEMA_LISTS}
    reads = ("document", "index", "cands")
    writes = ("cands",)
    needs = ("lexicon", "companies", "projects")
    peers_merged = ("companies", "projects")     # an item ending with a company or project head

    def run(self, doc: Doc) -> None:
        doc.cands += _lists(doc.index, self.c, doc.cands)


def _lists(tk: Tokens, c: Rules, known: list[Cand]) -> list[Cand]:
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
                    out.append(Cand(s, s + len(item), "Industry", item, None, (), "list_quoted", 1))
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
                elif type_ == "Project" and _kind_of_project(tk, s, e, name, c):
                    continue                # 智能制造、隔膜等配套项目: sectors and products, kinds of projects
            if any(k.start == s and k.end == e and k.type in ("Region", "Organization") for k in by_end.get(e, [])):
                continue
            if t == "Company" and (name in c.sets["generic_words"] or len(name) > 12):
                continue
            if t == "Industry" and (name in c.sets["industry_not"] or len(name) > 8):
                continue
            out.append(Cand(s, e, t, name, None, (), f"list_{type_.lower()}", 1))
    return out


def _kind_of_project(tk: Tokens, s: int, e: int, name: str, c: Rules) -> bool:
    """A list item before 等…项目 with no head of its own that names a kind of project: a sector (a known
    industry, X产业), or common words only (隔膜, 精深加工); a name holds a word jieba does not know or
    knows as a proper name (杏秀路, 星光大道), or a building (妇幼保健院)."""
    if name in c.industry_names or name.endswith(c.word["industry_suffix"]):
        return True
    if name.endswith(tuple(c.lists.get("list_facility_endings", ()))):
        return False                     # 妇幼保健院、体育馆等项目: buildings
    proper = tuple(c.lists.get("list_proper_tags", ()))
    return all(c.seg.known_word(w) and not (c.seg.word_tag(w) or "").startswith(proper) for w in _words(tk, s, e))

"""Family `industries`: sectors. X产业 / X产业链 heads, the object lists of 重点发展…, a sector as the
subject of 是…产业; then the company or place in front of a sector is cut off, an unknown name ending
in a known sector becomes that sector, and a dictionary sector used only as a modifier is dropped.
"""
from __future__ import annotations

import re
from types import MappingProxyType
from typing import Mapping

from ...doc import Doc
from ...rules import RulePack
from .cand import Cand, Tokens
from .scan import _CJK_CHAR, _CJK_RUN, Family, Rules, _alternation, _left_scan, _strip_left, _words, compile_section

SCHEMA_INDUSTRIES: Mapping[str, object] = MappingProxyType({
    "industry_subject_cue": "regex", "industry_list_verbs": "list", "industry_object_endings": "list",
    "industry_trailing": "list", "industry_modified_nouns": "list", "industry_modifiers_kept": "list",
    "industry_bare_verbs": "list", "industry_process_word": "str", "industry_park_head": "str",
    "industry_head_pattern": "regex", "industry_place_endings": "str", "industry_count_end_pattern": "regex",
    "industry_name_not_pattern": "regex", "industry_not_end": "list", "sector_inner_joiner": "str",
    "industry_object_clause_pattern": "regex", "industry_object_cut_pattern": "regex",
    "industry_object_sep_pattern": "regex", "industry_object_count_pattern": "regex",
    "industry_subject_verb": "str", "industry_subject_open": "str", "stem_place_endings": "str",
    "industry_front_strip": "list", "industry_front_kept": "list", "industry_item_sep": "str",
    "industry_count_tail_pattern": "regex", "industry_activity_tail_pattern": "regex",
})


class Industries(Family):
    name = "industries"
    schema = {"industries": SCHEMA_INDUSTRIES}
    reads = ("document", "index", "cands")
    writes = ("cands",)
    needs = ("lexicon", "projects")
    peers_merged = ("projects",)         # a park word before a sector

    def compile(self, pack: RulePack) -> Rules:
        c = compile_section(pack, self.name, SCHEMA_INDUSTRIES,
                            industry_subject=re.compile(pack.get(self.name, "industry_subject_cue") or r"(?!x)x"))
        c.industry_verbs = _alternation(list(c.lists.get("industry_list_verbs", []))
                                        + c.lists.get("industry_bare_verbs", []))
        return c

    def run(self, doc: Doc) -> None:
        tk, c, text, cands = doc.index, self.c, doc.text, doc.cands
        cands += _strip_company_front(_industries(tk, c) + _industry_objects(tk, c),
                                      [x for x in cands if x.type == "Company"])
        stems = {f for x in cands if x.type == "Region" for f in (x.name, text[x.start:x.end], *x.aliases)
                 if len(f) >= 2}
        stems |= {f[:-1] for f in stems if f[-1] in c.word["stem_place_endings"] and len(f) >= 3}
        cands = [x for x in cands if x.type != "Industry"] + _edges_fixed(_tidy_industries(
            [x for x in cands if x.type == "Industry"], tk, c, stems), text, c)
        doc.cands = _drop_modifier_sectors(cands, text, c)


def _industries(tk: Tokens, c: Rules) -> list[Cand]:
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
                out.append(Cand(start + ps, start + pe, "Industry", name[ps:pe], None, (), "industry_head", 0))
            continue
        # a park (X产业园) often carries a place or brand in front: only a known sector counts there
        park = m.group() == lit["industry_park_head"] or bool(c.heads["project_heads"].match(text, m.end()))
        out.append(Cand(start, end, "Industry", name, None, alias,      # (产业园, 产业基地, 产业小镇: a park)
                         "industry_park" if park else "industry_head", 0))
    return out


def _industry_objects(tk: Tokens, c: Rules) -> list[Cand]:
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
            found.append(Cand(s0, e0, "Industry", it, None, (), "industry_object", 0))
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
            out.append(Cand(s0, i, "Industry", name, None, (), "industry_subject", 0))
    return out


def _tidy_industries(industries: list[Cand], tk: Tokens, c: Rules, stems: set[str] = frozenset()
                     ) -> list[Cand]:
    """紧盯数字经济 -> 数字经济: an unknown name ending in a known sector (on a token boundary) is
    that sector; a sector written with 产业 after it (文旅产业) answers to that form too."""
    text = tk.text
    out = []
    for ind in industries:
        # the longest stem opening the name and leaving two characters (one prefix per length)
        stem = next((ind.name[:k] for k in range(len(ind.name) - 2, 0, -1) if ind.name[:k] in stems), None)
        if stem and (ind.start + len(stem)) in tk.starts:   # 顺德家电 -> 家电: the place is no part of the sector
            k = ind.start + len(stem)
            ind = Cand(k, ind.end, "Industry", text[k:ind.end], None,
                        tuple(a[len(stem):] for a in ind.aliases if a.startswith(stem)), ind.rule, ind.prio)
        if ind.name not in c.industry_names:
            k = next((t.start for t in tk.toks[tk.at[ind.start] + 1:tk.at[ind.end - 1] + 1]
                      if text[t.start:ind.end] in c.industry_names and ind.end - t.start >= 2), None)
            if k is not None and ind.rule != "industry_park" \
                    and any((c.seg.word_tag(w) or "").startswith("n") for w in _words(tk, ind.start, k)):
                k = None                 # 聚醚醚酮新材料: a noun in front narrows the sector, it stays (not in
                                         # front of a park word: there it names the park, 松林汽车零部件产业基地)
            if k is not None:
                ind = Cand(k, ind.end, "Industry", text[k:ind.end], None, ind.aliases, ind.rule, ind.prio)
            elif ind.rule == "industry_park" and ind.name not in c.industry_names:
                continue                 # 昆明斗南花卉产业园: no known sector in front of the park word
        suffix = c.word["industry_suffix"]
        if text.startswith(suffix, ind.end) and not text.startswith(c.word["industry_process_word"], ind.end) \
                and not ind.name.endswith(suffix):
            ind.aliases = tuple(dict.fromkeys(ind.aliases + (ind.name + suffix,)))
        out.append(ind)
    return out


def _edges_fixed(industries: list[Cand], text: str, c: Rules) -> list[Cand]:
    """A sector's edges: a place or verb word in front goes (国家新媒体 -> 新媒体, 助推X), a closing count
    goes (生物医药两大先导 -> 生物医药); a list item keeps its own modifier (新医药, 创意文化) and its
    activity word (汽车零部件制造、, 生物技术研发等)."""
    fronts = sorted(c.lists.get("industry_front_strip", ()), key=len, reverse=True)
    kept = sorted(c.lists.get("industry_front_kept", ()), key=len, reverse=True)
    sep = c.word.get("industry_item_sep", "")
    out = []
    for ind in industries:
        s, e = ind.start, ind.end
        front = next((f for f in fronts if text.startswith(f, s, e)), None)
        if front:
            s += len(front)
        tail = c.pat["industry_count_tail_pattern"].search(text, s, e)
        if tail:
            e = tail.start()
        act = c.pat["industry_activity_tail_pattern"].match(text, e)
        if act:
            e = act.end()
        mod = next((k for k in kept if text.endswith(k, 0, s)), None)
        if mod and (s == len(mod) or text[s - len(mod) - 1] in sep) and not front:
            s -= len(mod)
        if e - s < 2:
            continue                     # (南部: a place word only)
        if (s, e) != (ind.start, ind.end):
            ind = Cand(s, e, "Industry", text[s:e], None, (), ind.rule, ind.prio)
        out.append(ind)
    return out


def modifier_use(text: str, cd: Cand, modified: tuple, known: set[str], prefixes: frozenset) -> bool:
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


def _drop_modifier_sectors(cands: list[Cand], text: str, c: Rules) -> list[Cand]:
    """Drop a dictionary sector whose every mention in the article modifies a noun."""
    modified = tuple(c.lists.get("industry_modified_nouns", ()))
    used = {x.name for x in cands if x.type == "Industry" and (
        x.rule != "gazetteer" or not modifier_use(text, x, modified, c.industry_names, c.industry_prefixes))}
    return [x for x in cands if x.type != "Industry" or x.name in used]


def _strip_company_front(industries: list[Cand], companies: list[Cand]) -> list[Cand]:
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
            ind = Cand(e, ind.end, "Industry", ind.name[e - ind.start:], None, (), ind.rule, ind.prio)
        elif e:
            continue
        out.append(ind)
    return out


def _split_known(name: str, c: Rules) -> list[tuple[int, int]] | None:
    """Split a name into two gazetteer industries, if it is exactly that."""
    for k in range(2, len(name) - 1):
        a, b = name[:k], name[k:]
        if a in c.industry_names and b in c.industry_names:
            return [(0, k), (k, len(name))]
    return None

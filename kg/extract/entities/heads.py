"""Head-noun families: `organisations` (X局, X委员会, X研究院) and `projects` (X项目, X产业园, X基地;
cued heads such as 码头 need a phase or construction cue; a body some institution runs is an
organisation). Both run the head-noun engine of scan.py with their own heads.
"""
from __future__ import annotations

import re
from types import MappingProxyType
from typing import Mapping

from ...doc import Doc
from ...rules import RulePack
from .cand import Cand, Tokens
from .scan import Family, Rules, _head_names, _left_scan, _nameable, _strip_left, _trim_tags, _words, compile_section

SCHEMA_ORGANISATIONS: Mapping[str, object] = MappingProxyType({
    "organization_heads": "list", "organization_system_prefixes": "list", "organization_compounds": "list",
    "organization_head_not": "list", "organization_level_prefixes": "list", "organization_core_not_inside": "list",
    "organization_front_pattern": "regex", "organization_credit_after": "regex",
    "organization_credit_before": "regex",
    "organization_front_tags": "list", "organization_not_before": "regex",
    "organization_ordinal_before": "regex",
})

SCHEMA_PROJECTS: Mapping[str, object] = MappingProxyType({
    "project_heads": "list", "project_park_heads": "list", "project_heads_cued": "list",
    "project_cue_inside": "regex", "project_cue_after": "regex", "run_body_heads": "list", "run_body_cues": "list",
    "run_body_not_after": "regex", "descriptive_cores": "list", "descriptive_copula": "str", "descriptive_copulas": "list",
    "clause_split_pattern": "regex", "capacity_prefix": "str", "capacity_figure_pattern": "regex",
    "project_phase_pattern": "regex", "caption_pattern": "regex", "caption_hint": "str",
    "project_front_not": "list", "project_joiners": "list", "project_alias_min_core": "int", "route_pattern": "regex",
    "project_not_before": "regex", "project_core_not_pattern": "regex", "project_list_joiners": "list",
    "component_intro_pattern": "regex", "component_clause_end_pattern": "regex", "component_frame_pattern": "regex",
    "counted_label_after": "regex", "rank_words": "list",
    "project_tail_pattern": "regex", "shared_head_joiners": "list", "shared_head_item_max": "int",
    "shared_head_item_not_end": "list", "amount_item_pattern": "regex", "construction_heads": "list",
    "route_joiner": "str", "verbs_before_plain_head": "list", "shared_any_head_joiners": "list",
    "project_scan_verbs": "list", "capacity_rate_pattern": "regex",
})


class Organisations(Family):
    """Agencies, governments, institutes, banks, media bodies by their head (anchored on a region)."""
    name = "organisations"
    schema = {"organisations": SCHEMA_ORGANISATIONS}
    reads = ("document", "index", "regions_at", "blocked", "cands")
    writes = ("cands",)
    needs = ("lexicon",)

    def run(self, doc: Doc) -> None:
        found = _head_names(doc.index, self.c, "organization_heads", "Organization", 12, quotes=True, rule="org_head",
                            regions_at=doc.regions_at, blocked=doc.blocked)
        doc.cands += [k for k in (_organisation_tidied(cd, doc.index, self.c) for cd in found) if k is not None]


def _organisation_tidied(cd: Cand, tk: Tokens, c: Rules) -> Cand | None:
    """A date or a governing verb before the body dropped (2020年沈阳市政府, 贯彻落实市委); None for a
    kind of body (国家有关部委) or a photo credit (…宣传部供图)."""
    text = tk.text
    front = c.pat.get("organization_front_pattern")
    m = front.match(cd.name) if front is not None else None
    cut = m.end() if m else 0
    first = tk.toks[tk.at[cd.start + cut]] if cd.start + cut < cd.end else None
    if first is not None and first.start == cd.start + cut and first.end < cd.end - 1 \
            and c.seg.word_tag(first.text) in c.sets.get("organization_front_tags", ()) \
            and first.text not in c.gaz_names:
        cut = first.end - cd.start
    if 0 < cut < len(cd.name) - 1:
        cd = Cand(cd.start + cut, cd.end, cd.type, cd.name[cut:], cd.subtype, cd.aliases, cd.rule, cd.prio)
    ordinal = c.pat.get("organization_ordinal_before")
    m = ordinal.search(text, max(0, cd.start - 6), cd.start) if ordinal is not None else None
    if m and not cut:                    # 第十届…执委会: the session is part of the committee's name
        cd = Cand(m.start(), cd.end, cd.type, text[m.start():cd.end], cd.subtype, cd.aliases, cd.rule, cd.prio)
    if any(w in cd.name for w in c.lists.get("organization_core_not_inside", ())):
        return None
    for key in ("organization_credit_after", "organization_not_before"):
        after = c.pat.get(key)
        if after is not None and _match_after(after, text, cd.end):
            return None
    before = c.pat.get("organization_credit_before")
    if before is not None and before.search(text, max(0, cd.start - 8), cd.start):
        return None
    return cd


class Projects(Family):
    """Projects and parks by their head; not inside a news headline or a photo caption."""
    name = "projects"
    schema = {"projects": SCHEMA_PROJECTS}
    reads = ("document", "index", "regions_at", "blocked", "cands")
    writes = ("cands",)
    needs = ("lexicon", "gazetteer", "companies")
    peers_merged = ("gazetteer", "companies")     # zone short forms; company heads inside a project core

    def compile(self, pack: RulePack) -> Rules:
        sec = pack.section(self.name)
        c = compile_section(pack, self.name, SCHEMA_PROJECTS)
        c.project_head_end = re.compile(f"(?:{c.heads['project_heads'].pattern})$")
        c.project_cue_inside = re.compile(sec.get("project_cue_inside") or r"(?!x)x")
        c.project_cue_after = re.compile(sec.get("project_cue_after") or r"(?!x)x")
        c.run_body_not_after = re.compile(sec.get("run_body_not_after") or r"(?!x)x")
        c.alias_min_core = int(sec.get("project_alias_min_core") or 4)
        c.shared_head_item_max = int(sec.get("shared_head_item_max") or 20)
        c.heads_longest = tuple(sorted(c.lists["project_heads"], key=len, reverse=True))
        return c

    def run(self, doc: Doc) -> None:
        c, text = self.c, doc.text
        # photo captions (图为…) describe a picture: a 生产线 or 车间 there is no project
        captions = [(m.start(), m.end()) for m in c.pat["caption_pattern"].finditer(text)] \
            if c.word["caption_hint"] in text else []
        projects = _head_names(doc.index, c, "project_heads", "Project", 32, quotes=True, rule="project_head",
                               blocked=doc.blocked + captions, avoid=doc.regions_at, descriptive=_descriptive_project)
        parts = _component_spans(text, c)
        projects = [p for p in projects if not _category(p, text, c, doc.index) and not _quoted_slogan(p, doc.index, c)
                    and not any(s <= p.start and p.end <= e for s, e in parts)]
        projects = _split_lists([_tail_added(_front_dropped(_after_verbs(p, doc.index, c), doc.index, c), text, c)
                                 for p in projects], text, c)
        projects += _rate_projects(projects, doc.index, c, doc.blocked)
        projects += _construction_projects(projects, doc.index, c, doc.blocked + captions)
        projects = _shared_heads(_amount_items(projects, doc.index, c), doc.index, c, doc.cands)
        projects = _joined(projects, text, c) + _routes(text, c, doc.index)
        regions = [cd for cd in doc.cands if cd.type == "Region"]
        doc.cands += [_run_body(_headed_alias(_placeless_alias(p, regions, c), c), text, c)
                      for p in projects if _project_cued(p, text, c)]


def _component_spans(text: str, c: Rules) -> list[tuple[int, int]]:
    """Where a project's parts are listed: after 项目将建设 up to the clause end, inside 包括…在内."""
    out = []
    intro, end = c.pat.get("component_intro_pattern"), c.pat.get("component_clause_end_pattern")
    if intro is not None and end is not None:
        for m in intro.finditer(text):
            e = end.search(text, m.end())
            out.append((m.end(), e.start() if e else len(text)))
    frame = c.pat.get("component_frame_pattern")
    if frame is not None:
        out += [(m.start(), m.end()) for m in frame.finditer(text)]
    return out


def _category(cd: Cand, text: str, c: Rules, tk: Tokens | None = None) -> bool:
    """项目群, …项目24个, 投资额超50亿元项目, A基地和B基地“两大基地”, 省级现代农业产业园: a category of
    projects, not one."""
    for key in ("project_not_before", "counted_label_after"):
        after = c.pat.get(key)
        if after is not None and _match_after(after, text, cd.end):
            return True
    head = next((h for h in c.heads_longest if cd.name.endswith(h)), "")
    core = cd.name[:len(cd.name) - len(head)]
    core_not = c.pat.get("project_core_not_pattern")
    if core_not is not None and core_not.search(core):
        return True
    if head == c.word["project_plain_head"] and core and core[-1] in c.sets.get("verbs_before_plain_head", ()) \
            and _verb_token(tk, cd.start + len(core) - 1, c):
        return True                      # 紧盯导向谋项目, 围绕链条引项目: a verb taking 项目 as its object
    ranks = tuple(c.lists.get("rank_words", ()))
    return bool(ranks) and text.endswith(ranks, 0, cd.start) and bool(core) and all(
        c.seg.known_word(w) and w not in c.region_names for w in c.seg.cut_words(core))


def _quoted_slogan(cd: Cand, tk: Tokens, c: Rules) -> bool:
    """实现“企业办事不出园区”: a quote that is the whole name and holds a verb is a slogan, no project."""
    text = tk.text
    if cd.start == 0 or cd.end >= len(text) or c.quote_pairs.get(text[cd.end]) != text[cd.start - 1]:
        return False
    return any(c.seg.word_tag(w) == "v" and w not in c.sets.get("industry_activity_words", ())
               for w in _words(tk, cd.start, cd.end))


def _verb_token(tk: Tokens | None, pos: int, c: Rules) -> bool:
    """The character at pos is a word of its own, or the end of a word jieba does not know (条|引 glued)."""
    if tk is None:
        return False
    t = tk.toks[tk.at[pos]]
    return t.end - t.start == 1 or (t.end == pos + 1 and not c.seg.known_word(t.text))


def _split_lists(cands: list[Cand], text: str, c: Rules) -> list[Cand]:
    """A物流中心及B物流中心: a joiner between two names with the same head parts two projects (each
    kept); X工厂及研发中心项目 is one project."""
    joiners = set(c.lists.get("project_list_joiners", ()))
    out = []
    for cd in cands:
        head = next((h for h in c.heads_longest if cd.name.endswith(h)), None)
        cut = next((k for k in range(len(cd.name) - 1, 0, -1) if cd.name[k] in joiners
                    and head and cd.name[:k].endswith(head)), None)
        if cut is None:
            out.append(cd)
            continue
        s = cd.start + cut + 1
        out.append(Cand(s, cd.end, cd.type, text[s:cd.end], cd.subtype, (), cd.rule, cd.prio))
        out.append(Cand(cd.start, cd.start + cut, cd.type, cd.name[:cut], cd.subtype, cd.aliases, cd.rule, cd.prio))
    return out


def _shared_heads(cands: list[Cand], tk: Tokens, c: Rules, known: list[Cand]) -> list[Cand]:
    """甲产品、乙产品生产项目 / 年产5万吨甲和年产2万吨乙项目: items without a head of their own before a
    project joined by 、 or 和 share its head: one project named by the whole list (no fragment left)."""
    joiners = tuple(c.lists.get("shared_head_joiners", ()))
    limit = c.shared_head_item_max
    not_end = tuple(c.lists.get("shared_head_item_not_end", ()))
    text = tk.text
    others = {(k.start, k.end) for k in known if k.type in ("Region", "Organization", "Company")}
    out = []
    any_head = tuple(c.lists.get("shared_any_head_joiners", ()))
    for cd in cands:
        start = cd.start
        while start > 1 and start - 1 in tk.starts and (
                text.startswith(any_head, start - 1)
                or (cd.name.endswith(c.word["project_plain_head"]) and text.startswith(joiners, start - 1))):
            j = start - 1
            s0 = _left_scan(tk, j, c, limit)
            s = _strip_left(s0, j, tk, c)
            if s > s0 and not any(w in c.weak or w in c.sets.get("generic_before_head", ()) or not _nameable(w, c)
                                  for w in _words(tk, s0, s)):
                s = s0                   # 城市矿产与…产业园: a plain noun opens the item (not 重点, 新建)
            s = _trim_tags(s, j, tk, c, keep_clause_verb=False, keep_last_idiom=True)
            item = text[s:j]
            if len(item) < 2 or j - s > limit or c.project_head_end.search(item) or item.endswith(not_end) \
                    or c.pat["project_core_not_pattern"].search(item) \
                    or c.heads["company_heads"].search(item) or (s, j) in others or (item in c.gaz_names and item not in c.industry_names) \
                    or any(len(w) > 1 and c.seg.word_tag(w) == "v" and w not in c.sets.get("industry_activity_words", ())
                           for w in _words(tk, s, j)):
                break
            start = s
        if start == cd.start:
            out.append(cd)
            continue
        out.append(Cand(start, cd.end, cd.type, text[start:cd.end], cd.subtype, cd.aliases, cd.rule, cd.prio))
    return out


def _construction_projects(cands: list[Cand], tk: Tokens, c: Rules, blocked) -> list[Cand]:
    """甲镇万亩高标准农田建设项目: jieba makes 建设项目 one word, and the head engine takes its 建设 for a
    verb governing 项目 (推进建设项目); before such a head a name of min_core characters is a project."""
    text, ends, out = tk.text, {cd.end for cd in cands}, []
    need = int(c.min_core.get(c.word["project_plain_head"], 5))
    for head in c.lists.get("construction_heads", ()):
        pos = text.find(head)
        while pos > 0:
            end, nxt = pos + len(head), text.find(head, pos + 1)
            if end not in ends and pos in tk.starts and end in tk.ends and not any(a <= pos < b for a, b in blocked):
                s = _trim_tags(_strip_left(_left_scan(tk, pos, c, 32), pos, tk, c), pos, tk, c,
                               keep_clause_verb=False, keep_last_idiom=True)
                words = _words(tk, s, pos)
                core = text[s:pos]
                if len(core) >= need and words[-1] not in c.sets.get("generic_before_head", ()) \
                        and not c.pat["counted_core_pattern"].match(core) \
                        and not c.pat["count_in_core_pattern"].search(core) \
                        and not core.endswith(tuple(c.lists.get("core_not_end", ()))) \
                        and not all(w in c.sets["generic_words"] or w in c.weak or w in c.area_names for w in words):
                    bare = core + head[len(head) - len(c.word["project_plain_head"]):]    # (X项目: the same project)
                    out.append(Cand(s, end, "Project", text[s:end], None, (bare,), "project_construction", 1))
            pos = nxt
    return out


def _amount_items(cands: list[Cand], tk: Tokens, c: Rules) -> list[Cand]:
    """其中：8亿元的甲乙新材料项目、3亿元的…: after an amount and 的 the whole run up to the head is the
    item's name, even where its first word also reads as an adverb or verb (the head engine trims those)."""
    pat = c.pat.get("amount_item_pattern")
    if pat is None:
        return cands
    text, ends = tk.text, {cd.end for cd in cands}
    out = list(cands)
    for m in pat.finditer(text):
        heads = c.heads["project_heads"].finditer(text, m.end(), m.end() + 40)
        h = next(heads, None)
        for k in heads:                  # 应用平台项目: the last of the heads that follow one another
            if h is None or k.start() != h.end():
                break
            h = k
        if h is None or h.end() in ends or h.end() not in tk.ends or m.end() not in tk.starts:
            continue
        s = m.end()
        i = tk.at[s]
        while i < len(tk.toks) and tk.toks[i].end <= h.start():
            if tk.toks[i].text in c.strong:      # 8亿元的甲和乙项目: the last item (_shared_heads joins the rest)
                s = tk.toks[i].end
            i += 1
        s = _strip_left(s, h.start(), tk, c)
        core = text[s:h.start()]
        words = _words(tk, s, h.start())
        if len(core) < 2 or not all(_nameable(w, c) and w not in c.strong for w in words) \
                or c.pat["count_in_core_pattern"].search(core) or c.pat["counted_core_pattern"].match(core) \
                or words[-1] in c.sets.get("generic_before_head", ()) \
                or all(w in c.sets["generic_words"] or w in c.weak for w in words):
            continue                     # (8亿元的3个重大项目: a category)
        out.append(Cand(s, h.end(), "Project", text[s:h.end()], None, (), "project_amount_item", 1))
    return out


def _routes(text: str, c: Rules, tk: Tokens | None = None) -> list[Cand]:
    """甲城至乙城高速一期: a route between two places named by its transport head."""
    pat = c.pat.get("route_pattern")
    if pat is None:
        return []
    out = []
    for m in pat.finditer(text):
        s = m.start(1)
        while tk is not None and s in tk.starts and s < m.end(1) and (  # 全力推进|甲城至乙城高速: no verb in front
                tk.toks[tk.at[s]].text in c.strong or tk.toks[tk.at[s]].text in c.weak):   # (开封 reads as a verb)
            s = tk.toks[tk.at[s]].end
        if pat.fullmatch(text, s, m.end(1)) or text.find(c.word["route_joiner"], s, m.end(1)) - s >= 2:
            out.append(Cand(s, m.end(1), "Project", text[s:m.end(1)], None, (), "project_route", 1))
    return out


def _tail_added(cd: Cand, text: str, c: Rules) -> Cand:
    """X扩能改造工程|建设项目: the project word after a head that a verb kept out of the scan."""
    tail = c.pat.get("project_tail_pattern")
    m = tail.match(text[cd.end:cd.end + 16]) if tail is not None else None      # (a tail is a few words)
    if not m or not m.group():
        return cd
    e = cd.end + len(m.group())
    return Cand(cd.start, e, cd.type, text[cd.start:e], cd.subtype, cd.aliases, cd.rule, cd.prio)


def _rate_projects(cands: list[Cand], tk: Tokens, c: Rules, blocked) -> list[Cand]:
    """甲公司100万吨/年乙烯项目: a capacity written as a rate (the slash ends the head engine's scan)
    belongs to the project name, and so does the name before it."""
    pat, text, out = c.pat.get("capacity_rate_pattern"), tk.text, []
    for m in (pat.finditer(text) if pat is not None else ()):
        after = max((k.end for k in cands if k.start == m.end()), default=None)   # (the scan's own name)
        h = next(c.heads["project_heads"].finditer(text, m.end(), m.end() + 16), None)
        end = after if after is not None else h.end() if h is not None else None
        if end is None or end not in tk.ends or m.start() not in tk.starts or any(a <= m.start() < b for a, b in blocked) \
                or not all(_nameable(w, c) and w not in c.strong and w not in c.weak for w in _words(tk, m.end(), end)):
            continue
        s = m.start()
        if s > 0:
            s = _trim_tags(_strip_left(_left_scan(tk, s, c, 16), s, tk, c), s, tk, c, keep_clause_verb=False,
                           keep_last_idiom=True)
        out.append(Cand(s, end, "Project", text[s:end], None, (), "project_rate", 1))
    return out


def _after_verbs(cd: Cand, tk: Tokens, c: Rules) -> Cand:
    """甲集团签署|乙产业基地项目: a signing verb the scan passed ends what is before the project."""
    verbs = c.sets.get("project_scan_verbs", set())
    cut = None
    i = tk.at[cd.start]
    while i < len(tk.toks) and tk.toks[i].end < cd.end:
        if tk.toks[i].text in verbs and tk.toks[i].start >= cd.start:
            cut = tk.toks[i].end
        i += 1
    if cut is None or cd.end - cut < 4:
        return cd
    return Cand(cut, cd.end, cd.type, tk.text[cut:cd.end], cd.subtype, (), cd.rule, cd.prio)


def _front_dropped(cd: Cand, tk: Tokens, c: Rules) -> Cand:
    """投资集团|高清光学显示芯片项目: a scan that stopped inside a company name leaves its bare legal head
    (集团) in front; the project is what follows it."""
    first = tk.toks[tk.at[cd.start]]
    if first.start != cd.start or first.text not in c.sets.get("project_front_not", ()):
        return cd
    cut = first.end - cd.start
    return Cand(cd.start + cut, cd.end, cd.type, cd.name[cut:], cd.subtype, cd.aliases, cd.rule, cd.prio)


def _joined(cands: list[Cand], text: str, c: Rules) -> list[Cand]:
    """X产业基地暨总部项目: two heads joined by 暨 name one project (the parts stay candidates)."""
    joiners = tuple(c.lists.get("project_joiners", ()))
    if not joiners:
        return cands
    out = list(cands)
    for a in cands:
        j = next((x for x in joiners if text.startswith(x, a.end)), None)
        if j is None:
            continue
        b = a.end + len(j)
        m = next((k for k in c.heads["project_heads"].finditer(text, b, b + 16) if k.start() > b), None)
        if m and all(_nameable(w, c) for w in text[b:m.end()]):
            out.append(Cand(a.start, m.end(), a.type, text[a.start:m.end()], a.subtype, a.aliases, a.rule, a.prio))
    return out


def _placeless_alias(cd: Cand, regions: list[Cand], c: Rules) -> Cand:
    """南河区星光汽车第三工厂项目: the name without the places in front of it is an alias (the form
    with or without its city)."""
    pos, ends = cd.start, {}
    for r in regions:
        if cd.start <= r.start < cd.end:
            ends[r.start] = max(ends.get(r.start, 0), r.end)
    while pos in ends and ends[pos] < cd.end:
        pos = ends[pos]
    rest = cd.name[pos - cd.start:]
    head = next((h for h in c.heads_longest if rest.endswith(h)), "")
    if pos == cd.start or len(rest) - len(head) < c.alias_min_core \
            or rest in cd.aliases:
        return cd
    return Cand(cd.start, cd.end, cd.type, cd.name, cd.subtype, cd.aliases + (rest,), cd.rule, cd.prio)


def _headed_alias(cd: Cand, c: Rules) -> Cand:
    """X产业园项目 names X产业园 too (and its form without places): a park or base and its project are
    one thing in an article."""
    plain = c.word["project_plain_head"]
    forms = [f[:-len(plain)] for f in (cd.name, *cd.aliases) if f.endswith(plain)]
    forms = [f for f in forms if f.endswith(tuple(h for h in c.heads_longest if h != plain)) and len(f) >= 4]
    new = tuple(f for f in forms if f not in cd.aliases and f != cd.name)
    if not new:
        return cd
    return Cand(cd.start, cd.end, cd.type, cd.name, cd.subtype, cd.aliases + new, cd.rule, cd.prio)


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


def _project_cued(cd: Cand, text: str, c: Rules) -> bool:
    """A name on a cued head (码头, 港区) is a project only with a phase or construction cue."""
    head = next((h for h in c.lists.get("project_heads_cued", ()) if cd.name.endswith(h)), None)
    if head is None or any(cd.name.endswith(h) for h in c.lists["project_heads"] if len(h) > len(head)):
        return True
    return bool(c.project_cue_inside.search(cd.name[:-len(head)]) or _match_after(c.project_cue_after, text, cd.end))


def _run_body(cd: Cand, text: str, c: Rules) -> Cand:
    """X运营的…创新中心: a body some institution runs is an Organization (no project cue after it)."""
    heads = tuple(c.lists.get("run_body_heads") or ())
    cues = tuple(c.lists.get("run_body_cues") or ())
    if not heads or not cd.name.endswith(heads) or not text.endswith(cues, 0, cd.start):
        return cd
    if _match_after(c.run_body_not_after, text, cd.end):
        return cd
    return Cand(cd.start, cd.end, "Organization", cd.name, None, cd.aliases, "run_body", cd.prio)


def _descriptive_project(text: str, start: int, core: str, head: str, c: Rules) -> bool:
    """Head-word phrases that describe rather than name: X是…的梅花鹿养殖基地 (a predicate after 是…的),
    现代服务业项目 (a sector plus 项目), 可年产大型海工平台 (a capacity without a figure)."""
    if start > 0 and text[start - 1] == c.word["attributive_particle"] and head != c.word["project_plain_head"]:
        clause = c.pat["clause_split_pattern"].split(text[max(0, start - 30):start])[-1]
        copulas = (c.word["descriptive_copula"], *c.lists.get("descriptive_copulas", ()))
        if any(w in clause for w in copulas) and all(c.seg.known_word(w) and w not in c.region_names for w in c.seg.cut_words(core)):
            return True
    if head == c.word["project_plain_head"] and core in c.industry_names:
        return True
    if core in c.sets.get("descriptive_cores", ()):
        return True                      # 智能化生产线, 数字化车间: a kind of line, not a name
    cap = c.word["capacity_prefix"]
    return core.startswith(cap) and not c.pat["capacity_figure_pattern"].search(core[len(cap):len(cap) + 2])

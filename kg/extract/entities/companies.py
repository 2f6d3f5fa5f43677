"""Company families: `companies` (X有限公司, X集团 by their head, with their short forms),
`short_names` (X（简称Y）: Y names X), `project_companies` (the investor at the front of a project name),
`company_subjects` (X成为…企业) and `joint_subjects` (滨海新区联合天津港集团 -> 天津港集团).
"""
from __future__ import annotations

import re
from bisect import bisect_left
from types import MappingProxyType
from typing import Mapping, Sequence

from ...doc import Doc
from ...rules import RulePack
from .cand import Cand, Tokens
from .scan import (_CJK, _CJK_CHAR, _CJK_RUN, _DIGIT, Family, Rules, _alternation, _head_names, _left_scan,
                   _nameable, _strip_left, _trim_tags, _verb_opened, _words, compile_section)

# what a company's name may consist of (Han, Latin letters, digits, a joint venture's hyphen)
_NAME_CHARS = re.compile(rf"[{_CJK}A-Za-z0-9\-·&]+")

SCHEMA_COMPANIES: Mapping[str, object] = MappingProxyType({
    "company_heads": "list", "company_trim_suffixes": "list", "company_core_not": "list",
    "sub_company_pattern": "regex", "trailing_bracket_pattern": "regex", "legal_then_bracket_pattern": "regex",
    "joint_verbs": "list", "company_business_words": "list", "company_core_not_pattern": "regex",
    "company_name_breakers": "list", "company_front_verbs_not": "list", "company_verb_brand_heads": "list",
    "company_front_drop": "list",
})
SCHEMA_SHORT_NAMES: Mapping[str, object] = MappingProxyType({"short_name_pattern": "regex"})
SCHEMA_PROJECT_COMPANIES: Mapping[str, object] = MappingProxyType({
    "project_company_heads": "list", "investor_park_heads": "list", "investor_place_endings": "list",
    "investor_descriptors": "list", "investor_known_tags": "list", "investor_known_max_freq": "str",
    "investor_not_end": "list", "investor_not_after": "str", "investor_clause_window": "str", "clause_marks": "str",
    "investor_place_abbreviations": "str", "investor_brands": "list",
})
SCHEMA_COMPANY_SUBJECTS: Mapping[str, object] = MappingProxyType({
    "company_subject_cue": "regex", "company_subject_anchor": "regex", "company_subject_open": "str",
    "company_subject_not_end": "list",
    "company_role_titles": "list", "company_role_titles_described": "list", "company_frame_patterns": "list", "company_name_endings": "list",
    "company_name_tags": "list", "company_name_max_freq": "int", "company_list_ends": "str",
    "company_list_joiners": "list", "company_frame_not": "list", "company_frame_not_end": "list",
    "joint_venture_side": "regex", "joint_venture_hyphens": "str", "company_list_intro": "regex",
})
SCHEMA_JOINT_SUBJECTS: Mapping[str, object] = MappingProxyType({"joint_place_heads": "list", "joint_modals": "list"})


class Companies(Family):
    """Company names by their legal-form head, each with its short forms as aliases."""
    name = "companies"
    schema = {"companies": SCHEMA_COMPANIES}
    reads = ("document", "index", "regions_at", "cands")
    writes = ("cands",)
    needs = ("lexicon",)

    def compile(self, pack: RulePack) -> Rules:
        c = compile_section(pack, self.name, SCHEMA_COMPANIES)
        c.company_head_end = re.compile(f"(?:{c.heads['company_heads'].pattern})$")
        business = _alternation(c.lists["company_business_words"]).pattern
        # 北京某某投资控股集团: business words before the legal head, scanned past as one head
        c.heads["company_business_heads"] = re.compile(f"(?:{business})+(?:{c.heads['company_heads'].pattern})")
        c.business_only = re.compile(f"(?:{business})*")
        c.short_forms = {}               # company name -> its short forms (memo)
        return c

    def run(self, doc: Doc) -> None:
        doc.cands += _companies(doc.index, self.c, doc.regions_at)


class ShortNames(Family):
    """A bracketed short name right after a company, agency or zone name."""
    name = "short_names"
    schema = {"short_names": SCHEMA_SHORT_NAMES}
    reads = ("document", "index", "cands")
    writes = ("cands",)
    needs = ("lexicon",)

    def run(self, doc: Doc) -> None:
        doc.cands += _bracket_short_names(doc.index, [x for x in doc.cands if x.type in ("Company", "Organization") or (
            x.type == "Region" and x.subtype == "DevelopmentZone")], self.c)


class ProjectCompanies(Family):
    """The investor at the front of a project name found so far."""
    name = "project_companies"
    schema = {"project_companies": SCHEMA_PROJECT_COMPANIES}
    reads = ("document", "index", "regions_at", "cands")
    writes = ("cands",)
    needs = ("lexicon", "projects")
    peers_merged = ("projects",)         # park heads

    def run(self, doc: Doc) -> None:
        text, cands = doc.text, doc.cands
        places = {text[k:x.end] for x in cands if x.type == "Region" for k in range(x.start, x.end - 1)}
        companies = {text[x.start:x.end]: x.name for x in cands if x.type == "Company"}
        company_ends = sorted(x.end for x in cands if x.type == "Company")
        doc.cands += _project_companies(doc.index, self.c, [x for x in cands if x.type == "Project"], doc.regions_at,
                                        places, companies, company_ends)


class CompanySubjects(Family):
    """X成为…上市企业 / X作为…企业 / X是…企业之一: X is a company; so is X in a company's frame (X董事长,
    与X签约, 由X投资) and an item listed beside a company."""
    name = "company_subjects"
    schema = {"company_subjects": SCHEMA_COMPANY_SUBJECTS}
    reads = ("document", "index", "cands")
    writes = ("cands",)
    needs = ("lexicon", "companies")
    peers_merged = ("companies",)        # the legal heads (a frame's name with one is the companies family's)

    def compile(self, pack: RulePack) -> Rules:
        sec = pack.section(self.name)
        c = compile_section(pack, self.name, SCHEMA_COMPANY_SUBJECTS,
                            subject_cue=re.compile(pack.get(self.name, "company_subject_cue") or r"(?!x)x"),
                            frames=[re.compile(x) for x in sec.get("company_frame_patterns") or ()],
                            name_max_freq=int(sec.get("company_name_max_freq") or 0))
        c.role_titles = _alternation((c.lists.get("company_role_titles") or ["\uffff"])
                                     + c.lists["company_role_titles_described"])
        return c

    def run(self, doc: Doc) -> None:
        found = _company_subjects(doc.index, self.c)
        found += _company_frames(doc.index, self.c, doc.cands + found)
        found += _joint_ventures(doc.text, self.c, doc.cands + found)
        found += _introduced_list(doc.index, self.c, doc.cands + found)
        doc.cands += found + _company_list_items(doc.index, self.c, doc.cands + found)


class JointSubjects(Family):
    """A company or agency name reaching back over a joining verb after another body's head is cut there."""
    name = "joint_subjects"
    schema = {"joint_subjects": SCHEMA_JOINT_SUBJECTS}
    reads = ("document", "cands")
    writes = ("cands",)
    needs = ("lexicon", "gazetteer", "organisations", "companies")
    peers_merged = ("gazetteer", "organisations", "companies")   # the heads; the joining verbs

    def run(self, doc: Doc) -> None:
        doc.cands = _cut_joint_subject(doc.cands, doc.text, self.c)


def _companies(tk: Tokens, c: Rules, regions_at: dict[int, int] | None = None) -> list[Cand]:
    out = []
    if not c.heads["company_heads"].search(tk.text):
        return out                       # no company head: nothing to name (skip the index below)
    # a company name may open with a place's stem (即墨 of 即墨区) as well as a gazetteer name
    regions = {**(regions_at or {}), **{t.start: t.end for t in tk.toks if t.text in c.place_stems}}
    found = _head_names(tk, c, "company_heads", "Company", 20, rule="company_head", company_regions=regions) \
        + _head_names(tk, c, "company_business_heads", "Company", 24, rule="company_head", company_regions=regions)
    seen = set()
    for cand in found:
        cand = _cut_at_breaker(cand, tk, c)
        if cand is None or (cand.start, cand.end) in seen:
            continue
        if c.pat["sub_company_pattern"].search(cand.name) and len(cand.name) <= 5:
            continue
        cand = _front_dropped(cand, c)
        core = _company_core(cand.name, c)
        if core in c.sets.get("company_core_not", ()) or (
                c.seg.known_word(core) and c.seg.word_tag(core) in ("v", "vn", "b", "a", "d", "ad", "an")
                and not _verb_brand(core, cand.name, c)):
            continue                     # 合资公司, 国有公司, 平台公司: a kind of company, not a name
        if c.pat["company_core_not_pattern"].search(core) or c.business_only.fullmatch(core):
            continue                     # 管委会+公司, 公司总部公司, 房地产开发有限公司: no name in front
        seen.add((cand.start, cand.end))
        cand.aliases = _company_short_forms(cand.name, c)
        out.append(cand)
    return out


def _verb_brand(core: str, name: str, c: Rules) -> bool:
    """共享集团, 飞跃集团: a verb before a group head is the group's brand (not a governing verb: 组建集团)."""
    return c.seg.word_tag(core) == "v" and name.endswith(tuple(c.lists["company_verb_brand_heads"])) \
        and core not in c.weak and core not in c.strong and core not in c.sets["company_front_verbs_not"]


def _front_dropped(cand: Cand, c: Rules) -> Cand:
    """开发区威讯公司 -> 威讯公司: a bare zone word in front of a company names no part of it."""
    front = next((f for f in c.lists["company_front_drop"] if cand.name.startswith(f)), None)
    if front is None or len(_company_core(cand.name[len(front):], c)) < 2:
        return cand
    s = cand.start + len(front)
    return Cand(s, cand.end, cand.type, cand.name[len(front):], cand.subtype, (), cand.rule, cand.prio)


def _cut_at_breaker(cand: Cand, tk: Tokens, c: Rules) -> Cand | None:
    """领导及浙江某某集团 -> 浙江某某集团: a company name starts after a conjunction or a generic noun
    (企业) that the leftward scan took in; None when no name is left."""
    breakers = c.sets["company_name_breakers"]
    i = tk.at[cand.start] if cand.start in tk.starts else None
    cut = None
    while i is not None and i < len(tk.toks) and tk.toks[i].end < cand.end:
        if tk.toks[i].text in breakers:
            cut = tk.toks[i].end
        i += 1
    if cut is None:
        return cand
    name = tk.text[cut:cand.end]
    if len(_company_core(name, c)) < 2:
        return None
    return Cand(cut, cand.end, cand.type, name, cand.subtype, (), cand.rule, cand.prio)


def _company_core(name: str, c: Rules) -> str:
    for h in sorted(c.lists.get("company_heads", []), key=len, reverse=True):
        if name.endswith(h):
            return name[:-len(h)]
    return name


def _company_short_forms(name: str, c: Rules) -> tuple[str, ...]:
    """Short forms of a company name (a pure function of the name and the rule pack: memoised)."""
    forms = c.short_forms.get(name)
    if forms is None:
        if len(c.short_forms) >= 100_000:
            c.short_forms.clear()
        forms = c.short_forms[name] = _short_forms_of(name, c)
    return forms


def _short_forms_of(name: str, c: Rules) -> tuple[str, ...]:
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
    steps = []                           # 恒远新材料科技 -> 恒远新材料 -> 恒远: articles use each step
    changed = True
    while changed:
        changed = False
        for s in c.lists.get("company_trim_suffixes", []):
            if core.endswith(s) and len(core) - len(s) >= 2:
                core = core[:-len(s)]
                steps.append(core)
                changed = True
                break
    bracket = c.pat["trailing_bracket_pattern"]
    core = bracket.sub("", core)     # 华润雪花啤酒(吉林) -> 华润雪花啤酒
    forms = {core, bracket.sub("", legal), *(bracket.sub("", x) for x in steps)} - {name}
    # a common word (化纤, 科技) is no name of its own: it would merge unrelated companies
    return tuple(sorted(f for f in forms if f not in c.sets["stop_names"] and not f.endswith(c.word["industry_suffix"])
                        and c.seg.word_tag(f) not in ("n", "vn", "v", "a", "b")
                        and not c.business_only.fullmatch(_company_core(f, c))))   # (投资集团)


def _in_order(short: str, full: str) -> bool:
    """长沙经开区 abbreviates 长沙经济技术开发区: every character of the short form, in order."""
    i = 0
    for ch in short:
        i = full.find(ch, i)
        if i < 0:
            return False
        i += 1
    return True


def _bracket_short_names(tk: Tokens, named: list[Cand], c: Rules) -> list[Cand]:
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
        out.append(Cand(m.start(3), m.end(3), cd.type, cd.name, cd.subtype, (short,), "bracket_short", 3))
    return out


def _project_companies(tk: Tokens, c: Rules, projects: list[Cand], regions_at: dict[int, int],
                       doc_places: set[str] = frozenset(), doc_companies: Mapping[str, str] = MappingProxyType({}),
                       company_ends: Sequence[int] = ()) -> list[Cand]:
    """The investor at the front of a project name: 奥来德新型显示材料产业基地 -> 奥来德.

    After any leading region, the first token must be a word jieba does not know
    (a new name) or a run of single characters (中研年产…); dictionary words end it.
    A company descriptor right after that front belongs to the name (粤芯半导体项目 -> 粤芯半导体), and
    with one a known word of a name-like tag may open it too (东方基因研发基地 -> 东方基因).
    A front found inside a longer company name of the article names that company (协鑫 of 保利协鑫集团);
    otherwise, a company named shortly before in the same clause is the investor, and the front is the
    project's own brand (某某集团总投资8亿元建设的星河物流港项目).
    """
    out = []
    text = tk.text
    heads = tuple(c.lists.get("project_company_heads", []))
    region_names = sorted(x for x in doc_places if len(x) > 2)   # sorted: a prefix test is one bisect
    park_heads = tuple(c.lists.get("project_park_heads", [])) + tuple(c.lists["investor_park_heads"])
    descriptors = c.sets["investor_descriptors"]
    known_tags = c.sets["investor_known_tags"]
    max_freq = int(c.word["investor_known_max_freq"])
    not_end = tuple(c.lists["investor_not_end"])
    window = int(c.word["investor_clause_window"])
    clause_mark = re.compile(f"[{re.escape(c.word['clause_marks'])}]")
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
        if not _CJK_RUN.fullmatch(first) or (s > 0 and text[s - 1] in c.word["investor_not_after"]):
            continue                     # (“甲乙城”(丙丁)高端芯片产业园: a bracketed place)
        if first in c.sets["investor_brands"]:
            if p.end - tk.toks[i].end >= 2:  # 美的新能源汽车零部件基地: a brand that is a common word elsewhere
                longer = max((x for x in doc_companies if first in x and x != first), key=lambda x: (len(x), x),
                             default=None)
                out.append(Cand(s, tk.toks[i].end, "Company", doc_companies[longer] if longer else first, None,
                                (first,) if longer else (), "project_company", 0))
            continue
        known = c.seg.known_word(first) and len(first) > 1
        if known and not (c.seg.word_tag(first) in known_tags and c.seg.word_freq(first) <= max_freq):
            continue
        e = tk.toks[i].end
        j = i + 1
        while not known and j < len(tk.toks) and tk.toks[j].end <= p.end and len(tk.toks[j].text) == 1 \
                and _CJK_CHAR.fullmatch(tk.toks[j].text) and e - s < 4:
            e = tk.toks[j].end
            j += 1
        described = j < len(tk.toks) and tk.toks[j].text in descriptors and tk.toks[j].end < p.end
        if known and not described:
            continue                     # 东方 alone is a direction, 东方基因 a company
        name = text[s:e]
        if any(c.seg.word_tag(name + x) == "ns" or (name + x) in doc_places or (name + x) in text
               for x in c.lists["investor_place_endings"]) or _starts_any(region_names, name) or name.endswith(not_end):
            continue                     # 南河科技城, 甲乙经开区, 青水江: a place's stem, not an investor
        if not described and len(name) <= 2 and (p.name.endswith(park_heads)
                                                  or text.startswith(c.word["industry_suffix"], e)):
            continue                     # 深哈产业园, 星沙产业基地: a two-character front is a place or brand, not an investor
        if not (2 <= len(name) <= 5) or name in c.sets["generic_words"] or name in c.sets["stop_names"] \
                or name in c.gaz_names or all(ch in c.word["investor_place_abbreviations"] for ch in name):
            continue                     # (中欧班列物流园, 中俄物流港: places' one-character names joined)
        if described and not text.startswith(c.word["industry_suffix"], tk.toks[j].end):
            e = tk.toks[j].end          # (集泰新材料产业基地: 新材料产业 is the sector, 集泰 the company)
            name = text[s:e]
        if p.end - e < (1 if p.rule == "project_head" else 4):
            continue
        longer = max((x for x in doc_companies if name in x and x != name), key=lambda x: (len(x), x), default=None)
        if longer:                       # 协鑫燃机项目 beside 保利协鑫集团: the front names that company
            out.append(Cand(s, e, "Company", doc_companies[longer], None, (name,), "project_company", 0))
            continue
        k = bisect_left(company_ends, p.start + 1) - 1
        if k >= 0 and p.start - company_ends[k] <= window and not clause_mark.search(text, company_ends[k], p.start):
            continue                     # the investor is the company just named
        out.append(Cand(s, e, "Company", name, None, (), "project_company", 0))
    return out


def _starts_any(names: list[str], prefix: str) -> bool:
    """Whether some name in the sorted list `names` starts with `prefix`."""
    i = bisect_left(names, prefix)
    return i < len(names) and names[i].startswith(prefix)


def _company_subjects(tk: Tokens, c: Rules) -> list[Cand]:
    """X成为…上市企业 / X作为…企业 / X是…企业之一."""
    out = []
    text = tk.text
    for m in c.pat["company_subject_anchor"].finditer(text):
        if not c.subject_cue.match(text[m.start():m.start() + 30]) or m.start() not in tk.starts:
            continue
        start = _left_scan(tk, m.start(), c, 10)
        start = _strip_left(start, m.start(), tk, c)
        name = text[start:m.start()]
        if name.endswith(tuple(c.lists["company_subject_not_end"])):
            continue                     # 投资方是…公司: a party, not a name
        if 2 <= len(name) <= 10 and name not in c.sets["stop_names"] and not _DIGIT.search(name) \
                and re.fullmatch(rf"[{_CJK}A-Za-z0-9]+", name) \
                and name not in c.sets["generic_words"] and (start == 0 or not _CJK_CHAR.match(text[start - 1])
                                                             or text[start - 1] in c.word["company_subject_open"]):
            out.append(Cand(start, m.start(), "Company", name, None, (), "company_subject", 0))
    return out


def _company_like(tk: Tokens, s: int, e: int, c: Rules, others: list[Cand], delimited: bool = False) -> bool:
    """[s, e) can name a company where the sentence frame asks for one (X董事长, 与X签约, a list beside a
    company): token-aligned, no stop or generic word, no other body inside or at its end; after any leading
    place, a word ending like a company's name (星云科技) or a front unknown to the dictionary or of a
    name's tag and rare (恒丰, 建发). An item set off by separators on both sides (`delimited`) may hold a
    stop word jieba cut out of an unknown name (信|得|药业)."""
    text = tk.text
    name = text[s:e]
    if not (2 <= e - s <= 12) or s not in tk.starts or e not in tk.ends or not _NAME_CHARS.fullmatch(name) \
            or _DIGIT.fullmatch(name[0]):
        return False
    if name in c.sets["stop_names"] or name in c.sets["generic_words"] or name in c.gaz_names \
            or name in c.sets["company_frame_not"] or name in c.industry_names:
        return False
    if name.endswith(tuple(c.lists["company_frame_not_end"])):
        return False                     # (与投洽会签约: an event)
    for k in others:                     # a place may open the name, a sector lie inside it, a company be it
        if k.start < e and k.end > s and k.type != "Industry" and not (k.type == "Region" and k.start == s and k.end < e) \
                and not (k.type == "Company" and k.end == e and k.start <= s) \
                and not (k.rule.startswith("list_") and s < k.start and k.end == e):
            return False                 # (由某某集团捐资建设: the slot holds more than the name; a list's
                                         # item cut behind a verb-like front, 信得|药业, is the name's tail)
    words = _words(tk, s, e)
    while words and (words[0] in c.region_names or words[0] in c.place_stems) and len(words) > 1:
        words = words[1:]
    rest = "".join(words)
    if len(rest) < 2 or any((w in c.strong and not delimited) or w in c.weak or w in c.sets["person_before"]
                            for w in words) or words[0] in c.strong or c.seg.word_tag(words[0]) == "r":
        return False                     # (本届…: a pronoun opens no name)
    tags, max_freq = c.sets["company_name_tags"], c.name_max_freq

    ending = next((x for x in c.lists["company_name_endings"] if rest.endswith(x) and len(rest) - len(x) >= 2), None)
    if ending:                           # (a rare word of any tag: 远航新能源, 晨光纺织)
        front = rest[:-len(ending)]
        return front not in c.industry_names and front not in c.sets["generic_words"] \
            and (c.seg.word_freq(words[0]) <= max_freq or c.seg.word_freq(front) <= max_freq)
    first = words[0]                     # (several words, not one dictionary word: a rare first word of any tag)
    rare = c.seg.word_freq(first) <= max_freq and (
        c.seg.word_tag(first) in tags or (len(words) > 1 and not c.seg.known_word(rest)))
    return (not c.seg.known_word(first) or rare) and all(w not in c.sets["generic_words"] for w in words)


def _company_frames(tk: Tokens, c: Rules, others: list[Cand]) -> list[Cand]:
    """Companies named by their place in a sentence: before a company role (星云科技董事长), as the party
    of a signing (与X签约, X与Y签署) or the investor (由X投资建设)."""
    out = []
    text = tk.text
    spans = []
    described = c.sets["company_role_titles_described"]
    for m in c.role_titles.finditer(text):
        if m.start() not in tk.starts or m.start() == 0:
            continue
        s = _strip_left(_left_scan(tk, m.start(), c, 12), m.start(), tk, c)
        s = _trim_tags(s, m.start(), tk, c)
        if m.group() in described and not text[s:m.start()].endswith(tuple(c.lists["company_name_endings"])):
            continue                     # (项目负责人: a role any body has names a company only by its ending)
        spans.append((s, m.start(), "company_role"))
    for pat in c.frames:
        for m in pat.finditer(text):
            s, e = m.span(1)
            s = _strip_left(s, e, tk, c) if s in tk.starts else s
            spans.append((s, e, "company_frame"))
    for s, e, rule in spans:
        if s < e and not c.company_head_end.search(text, s, e) and _company_like(tk, s, e, c, others):
            out.append(Cand(s, e, "Company", text[s:e], None, (), rule, 0))
    return out


def _joint_ventures(text: str, c: Rules, cands: list[Cand]) -> list[Cand]:
    """华晨-宝马, 长安-福特: a company joined by a hyphen to a short name on either side is one joint venture."""
    out = []
    pat = c.pat["joint_venture_side"]
    hyphens = c.word["joint_venture_hyphens"]
    for k in cands:
        if k.type != "Company":
            continue
        s, e = k.start, k.end
        if s > 0 and text[s - 1] in hyphens:
            m = pat.search(text, max(0, s - 6), s - 1)
            s = m.start() if m and m.end() == s - 1 else s
        if e < len(text) and text[e] in hyphens:
            m = pat.match(text, e + 1)
            e = m.end() if m else e
        if (s, e) != (k.start, k.end):
            out.append(Cand(s, e, "Company", text[s:e], None, (), "joint_venture", k.prio))
    return out


def _introduced_list(tk: Tokens, c: Rules, cands: list[Cand]) -> list[Cand]:
    """签约企业包括甲科技、乙电子和丙纺织: the items a company cue introduces, each where it can name one."""
    out = []
    text = tk.text
    sep, ends = c.word["list_sep"], c.word["company_list_ends"]
    joiners = tuple(c.lists["company_list_joiners"])
    for m in c.pat["company_list_intro"].finditer(text):
        s = m.end()
        while True:
            e = _item_end(tk, s, c, ends)
            if e is None or not _company_like(tk, s, e, c, cands, delimited=e < len(text) and text[e] == sep):
                break
            out.append(Cand(s, e, "Company", text[s:e], None, (), "company_list", 0))
            if text[e] == sep:
                s = e + 1
            elif text.startswith(joiners, e):
                s = e + next(len(j) for j in joiners if text.startswith(j, e))
            else:
                break
    return out


def _company_list_items(tk: Tokens, c: Rules, cands: list[Cand]) -> list[Cand]:
    """甲科技、乙电子、丙纺织等: the items listed beside a company (each set off by the list separator) are
    companies too where they can name one; an item whose first word jieba reads as a verb keeps it (飞跃电子)."""
    out = []
    text = tk.text
    sep, ends = c.word["list_sep"], c.word["company_list_ends"]
    joiners = tuple(c.lists["company_list_joiners"])
    done = set()
    todo = [x for x in cands if x.type == "Company"]
    while todo:
        k = todo.pop()
        e = k.end                        # rightwards: 、item、item (and a last item after a joiner)
        while e < len(text) and (text[e] == sep or text.startswith(joiners, e)):
            s = e + (1 if text[e] == sep else next(len(j) for j in joiners if text.startswith(j, e)))
            e = _item_end(tk, s, c, ends)
            if e is None or (s, e) in done:
                break
            done.add((s, e))
            if not _company_like(tk, s, e, c, cands):
                break
            out.append(Cand(s, e, "Company", text[s:e], None, (), "company_list", 0))
            todo.append(out[-1])
        s = k.start                      # leftwards: item、item、 before the company
        while s > 0 and text[s - 1] == sep:
            e = s - 1
            j = text.rfind(sep, max(0, e - 13), e)
            delimited = j >= 0 and _NAME_CHARS.fullmatch(text, j + 1, e) is not None
            if delimited:
                s = j + 1
            else:
                s = _verb_opened(tk, _left_scan(tk, e, c, 12, stop_tags=("v",)), c) if e in tk.starts else e
                s = _strip_left(s, e, tk, c) if s < e else s
            if s >= e or (s, e) in done or not _company_like(tk, s, e, c, cands, delimited):
                break
            done.add((s, e))
            out.append(Cand(s, e, "Company", text[s:e], None, (), "company_list", 0))
            todo.append(out[-1])
    return out


def _item_end(tk: Tokens, s: int, c: Rules, ends: str) -> int | None:
    """Where a list item starting at s ends: before a separator, a list end (等) or punctuation, within 12
    characters and on a token boundary; None when a stop word or a title comes first."""
    if s not in tk.starts:
        return None
    i = tk.at[s]
    while i < len(tk.toks):
        t = tk.toks[i]
        if t.start - s > 12:
            return None
        if t.text[0] in ends or not _nameable(t.text, c):
            return t.start if t.start > s else None
        if t.text in c.strong or t.text in c.weak or t.text in c.sets["person_before"]:
            return None
        i += 1
    return None


def _cut_joint_subject(cands: list[Cand], text: str, c: Rules) -> list[Cand]:
    """滨海新区联合天津港集团 -> 天津港集团: the part before a joining verb is another body."""
    verbs = c.lists.get("joint_verbs", ())
    if not verbs:
        return cands
    heads = tuple(c.lists.get("organization_heads", [])) + tuple(c.lists.get("zone_heads", [])) \
        + tuple(c.lists.get("company_heads", [])) + tuple(c.lists["joint_place_heads"])
    modals = tuple(c.lists["joint_modals"])
    out = []
    for x in cands:
        if x.type in ("Company", "Organization"):
            name = text[x.start:x.end]
            k = max((name.rfind(v) + len(v) for v in verbs
                     if name.rfind(v) > 0 and _drop_end(name[:name.rfind(v)], modals).endswith(heads)), default=0)
            if k and x.end - (x.start + k) >= 3:
                s0 = x.start + k
                x = Cand(s0, x.end, x.type, text[s0:x.end], x.subtype, (), x.rule, x.prio)
        out.append(x)
    return out


def _drop_end(s: str, endings: tuple[str, ...]) -> str:
    """s without one of `endings` at its end (上海某某公司拟 -> 上海某某公司)."""
    for e in sorted(endings, key=len, reverse=True):
        if s.endswith(e):
            return s[:-len(e)]
    return s

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
from .cand import Cand
from .scan import Family, Rules, _head_names, compile_section

SCHEMA_ORGANISATIONS: Mapping[str, object] = MappingProxyType({
    "organization_heads": "list", "organization_system_prefixes": "list", "organization_compounds": "list",
    "organization_head_not": "list",
})

SCHEMA_PROJECTS: Mapping[str, object] = MappingProxyType({
    "project_heads": "list", "project_park_heads": "list", "project_heads_cued": "list",
    "project_cue_inside": "regex", "project_cue_after": "regex", "run_body_heads": "list", "run_body_cues": "list",
    "run_body_not_after": "regex", "descriptive_cores": "list", "descriptive_copula": "str",
    "clause_split_pattern": "regex", "capacity_prefix": "str", "capacity_figure_pattern": "regex",
    "project_phase_pattern": "regex", "caption_pattern": "regex", "caption_hint": "str",
})


class Organisations(Family):
    """Agencies, governments, institutes, banks, media bodies by their head (anchored on a region)."""
    name = "organisations"
    schema = {"organisations": SCHEMA_ORGANISATIONS}
    reads = ("document", "index", "regions_at", "blocked", "cands")
    writes = ("cands",)
    needs = ("lexicon",)

    def run(self, doc: Doc) -> None:
        doc.cands += _head_names(doc.index, self.c, "organization_heads", "Organization", 12, rule="org_head",
                                 regions_at=doc.regions_at, blocked=doc.blocked)


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
        return c

    def run(self, doc: Doc) -> None:
        c, text = self.c, doc.text
        # photo captions (图为…) describe a picture: a 生产线 or 车间 there is no project
        captions = [(m.start(), m.end()) for m in c.pat["caption_pattern"].finditer(text)] \
            if c.word["caption_hint"] in text else []
        projects = _head_names(doc.index, c, "project_heads", "Project", 32, quotes=True, rule="project_head",
                               blocked=doc.blocked + captions, avoid=doc.regions_at, descriptive=_descriptive_project)
        doc.cands += [_run_body(p, text, c) for p in projects if _project_cued(p, text, c)]


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
        if c.word["descriptive_copula"] in clause and all(c.seg.known_word(w) and w not in c.region_names for w in c.seg.cut_words(core)):
            return True
    if head == c.word["project_plain_head"] and core in c.industry_names:
        return True
    if core in c.sets.get("descriptive_cores", ()):
        return True                      # 智能化生产线, 数字化车间: a kind of line, not a name
    cap = c.word["capacity_prefix"]
    return core.startswith(cap) and not c.pat["capacity_figure_pattern"].search(core[len(cap):len(cap) + 2])

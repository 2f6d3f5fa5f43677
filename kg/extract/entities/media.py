"""Family `media`: news outlets after a source cue (来源：滨海时报), in an article's dateline, in a byline
(滨海日报记者), after a report cue (据滨海新闻报道) and as a 《…报》 title."""
from __future__ import annotations

import re
from types import MappingProxyType
from typing import Mapping

from ...doc import Doc
from ...rules import RulePack
from .cand import Cand, Tokens
from .scan import _CJK, Family, Rules, compile_section

SCHEMA_MEDIA: Mapping[str, object] = MappingProxyType({
    "source_cue": "regex", "media_endings": "list", "dateline_pattern": "regex",
    "media_site_suffixes": "list", "byline_pattern": "regex", "byline_sep": "regex", "media_not_names": "list",
    "media_brand_suffix": "str", "report_cue_pattern": "regex", "paper_title_pattern": "regex",
})


class Media(Family):
    name = "media"
    schema = {"media": SCHEMA_MEDIA}
    reads = ("document", "index", "cands")
    writes = ("cands",)
    needs = ("lexicon",)

    def compile(self, pack: RulePack) -> Rules:
        sec = pack.section(self.name)
        return compile_section(
            pack, self.name, SCHEMA_MEDIA,
            source_cue=re.compile(sec["source_cue"]) if sec.get("source_cue") else None,
            dateline=re.compile(sec["dateline_pattern"]) if sec.get("dateline_pattern") else None)

    def run(self, doc: Doc) -> None:
        doc.cands += _media_sources(doc.index, self.c) + _bylines(doc.text, self.c) + _reported(doc.text, self.c)


def _outlet(name: str, c: Rules) -> bool:
    return len(name) >= 2 and name.endswith(tuple(c.lists.get("media_endings", ()))) \
        and name not in c.sets.get("media_not_names", ())


def _bylines(text: str, c: Rules) -> list[Cand]:
    """滨海日报、滨报全媒体记者 / （滨海新闻记者 …）: each outlet of a byline before 记者; a two-character
    outlet keeps the brand word after it (滨报全媒体)."""
    pat, sep = c.pat.get("byline_pattern"), c.pat.get("byline_sep")
    if pat is None or sep is None:
        return []
    brand = c.word.get("media_brand_suffix", "")
    out = []
    for m in pat.finditer(text):
        pos = m.start(1)
        for part in sep.split(m.group(1)):
            s, e = pos, pos + len(part)
            pos = e + 1
            if not _outlet(part, c):
                continue
            if e == m.end(1) and len(part) == 2 and brand and text.startswith(brand, e):
                e += len(brand)          # (a short outlet name is known by its brand: 滨报全媒体)
            out.append(Cand(s, e, "Organization", text[s:e], None, (), "media_byline", 1))
    return out


def _reported(text: str, c: Rules) -> list[Cand]:
    """据滨海新闻联播报道, 《滨海时报》: an outlet named as the one that reports."""
    out = []
    for key in ("report_cue_pattern", "paper_title_pattern"):
        pat = c.pat.get(key)
        for m in pat.finditer(text) if pat is not None else ():
            if _outlet(m.group(1), c):
                out.append(Cand(m.start(1), m.end(1), "Organization", m.group(1), None, (), "media_cited", 1))
    return out


def _media_sources(tk: Tokens, c: Rules) -> list[Cand]:
    """来源：滨海时报 — the outlet named after a source cue is an organisation when it ends
    like a news outlet (…网, …报, …电视台)."""
    out = _datelines(tk.text, c)
    if c.source_cue is None:
        return out
    sites = tuple(c.lists.get("media_site_suffixes", ()))
    text = tk.text
    for m in c.source_cue.finditer(text):
        run = re.match(rf"[{_CJK}]{{2,20}}", text[m.end():m.end() + 20])
        name = run.group() if run else ""
        site = next((x for x in sites if name.endswith(x)), "")
        if site:                         # 滨海发改委网站: the body whose site it is
            name = name[:-len(site)]
            ok = len(name) >= 3
        else:
            ok = len(name) > 2 and len(name) <= 12 and _outlet(name, c)
        if ok:
            s = m.end()
            out.append(Cand(s, s + len(name), "Organization", name, None, (), "media_source", 1))
    return out


def _datelines(text: str, c: Rules) -> list[Cand]:
    """大众网潍坊讯（记者 …）: the outlet opening the article's dateline (first lines only)."""
    if c.dateline is None:
        return []
    return [Cand(m.start(1), m.end(1), "Organization", m.group(1), None, (), "dateline", 2)
            for m in c.dateline.finditer(text[:400]) if _outlet(m.group(1), c)]

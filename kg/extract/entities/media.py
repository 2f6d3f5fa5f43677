"""Family `media`: news outlets after a source cue (来源：滨海时报) and in an article's dateline."""
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
        doc.cands += _media_sources(doc.index, self.c)


def _media_sources(tk: Tokens, c: Rules) -> list[Cand]:
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
            out.append(Cand(s, s + len(name.group()), "Organization", name.group(), None, (), "media_source", 1))
    return out


def _datelines(text: str, c: Rules) -> list[Cand]:
    """大众网潍坊讯（记者 …）: the outlet opening the article's dateline (first lines only)."""
    if c.dateline is None:
        return []
    return [Cand(m.start(1), m.end(1), "Organization", m.group(1), None, (), "dateline", 2)
            for m in c.dateline.finditer(text[:400])]

"""Stage 4b: figures (placeholder; see issue 2/3)."""
from __future__ import annotations

import re

from ..model import Document, FigureMention, Mention, Sentence
from ..rules import RulePack, register

register("figures", {})

_MONEY = re.compile(r"(\d+(?:\.\d+)?)(亿|万)?元")


def extract_figures(doc: Document, sentences: list[Sentence], mentions: list[Mention],
                    rules: RulePack) -> list[FigureMention]:
    out = []
    for m in _MONEY.finditer(doc.text):
        mult = {"亿": 1e8, "万": 1e4, None: 1}[m.group(2)]
        out.append(FigureMention(doc.id, m.start(), m.end(), m.group(), float(m.group(1)) * mult, "CNY", ""))
    return out

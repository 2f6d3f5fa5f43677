"""The candidate every entity family adds to `Doc.cands`, and the token index the families scan.

`Cand` is one candidate span (overlap selection keeps some of them as mentions); `Tokens` is the
document's jieba tokens (made once, by the segmenter) with offset -> token lookups.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...model import Token


@dataclass
class Cand:
    start: int
    end: int
    type: str
    name: str
    subtype: str | None = None
    aliases: tuple[str, ...] = ()
    rule: str = ""
    prio: int = 1            # higher wins among equal spans
    family: str = ""         # the entity family (component name) that added it; set by Family.__call__


class Tokens:
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

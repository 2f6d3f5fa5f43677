"""Stage 2: normalise text (placeholder; see issue 2)."""
from __future__ import annotations

import re

from .model import Document, RawDocument
from .rules import RulePack

_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]+\)")


def normalise_text(text: str, rules: RulePack | None = None) -> str:
    import opencc_purepy  # noqa
    text = _PINYIN.sub("", text)
    return _converter().convert(text)


_CONV = None


def _converter():
    global _CONV
    if _CONV is None:
        from opencc_purepy import OpenCC
        _CONV = OpenCC("t2s")
    return _CONV


def normalise_document(raw: RawDocument, rules: RulePack | None = None) -> Document:
    return Document(id=raw.id, path=raw.path, text=normalise_text(raw.text, rules), title=raw.title,
                    date=raw.date, source=raw.source, url=raw.url)

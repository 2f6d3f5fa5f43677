"""Stage 3: sentences and jieba tokens, offsets into the normalised text."""
from __future__ import annotations

import os
import re
import tempfile

from .model import Sentence, Token
from .rules import RulePack, register

register("segment", {"sentence_end": "regex", "user_words": "list"})

_SENT_END = re.compile(r"[。！？!?；;]+[”’\"」』)）]*|\n+")

_jieba = None


def _tokenizer():
    global _jieba
    if _jieba is None:
        import logging
        import jieba
        jieba.setLogLevel(logging.WARNING)
        jieba.dt.tmp_dir = os.environ.get("KG_CACHE_DIR", tempfile.gettempdir())
        _jieba = jieba.Tokenizer()
        _jieba.tmp_dir = jieba.dt.tmp_dir
        _jieba.initialize()
    return _jieba


def setup(rules: RulePack, words=()) -> None:
    """Add rule-pack words (gazetteer names, suffix words) to jieba's dictionary."""
    tok = _tokenizer()
    for w in list(rules.get("segment", "user_words", [])) + list(words):
        tok.add_word(w, freq=2000)


def split_sentences(text: str, rules: RulePack | None = None) -> list[Sentence]:
    pattern = _SENT_END
    if rules is not None and rules.get("segment", "sentence_end"):
        pattern = re.compile(rules.get("segment", "sentence_end"))
    out, start = [], 0
    for m in pattern.finditer(text):
        end = m.end()
        _add(out, text, start, end)
        start = end
    _add(out, text, start, len(text))
    return out


def _add(out, text, start, end):
    # trim surrounding whitespace but keep offsets exact
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def tokenize(text: str, offset: int = 0) -> list[Token]:
    out = []
    for w, s, e in _tokenizer().tokenize(text, HMM=True):
        out.append(Token(w, s + offset, e + offset))
    return out

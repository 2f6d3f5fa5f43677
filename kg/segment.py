"""Stage 3: sentences and jieba tokens, offsets into the normalised text."""
from __future__ import annotations

import os
import re
import tempfile

from .model import Sentence, Token
from .rules import RulePack, register

register("segment", {"sentence_end": "regex", "user_words": "list", "split_off": "list"})

_SENT_END = re.compile(r"[。！？!?；;]+[”’\"」』)）]*|\n+")

_jieba = None
_added: set[str] = set()          # words already given to jieba (add_word is not free)
_pattern_cache: dict[str, re.Pattern] = {}


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
    """Add rule-pack words (gazetteer names, suffix words) to jieba's dictionary (once each)."""
    global _split_off
    tok = _tokenizer()
    if rules.get("segment", "split_off"):
        _split_off = frozenset("".join(rules.get("segment", "split_off")))
    for w in list(rules.get("segment", "user_words", [])) + list(words):
        if w and w not in _added:
            tok.add_word(w, freq=2000)
            _added.add(w)
            _SHORT_CACHE.clear()


def known_word(word: str) -> bool:
    """True when jieba's dictionary has the word (so it is common vocabulary, not a new name)."""
    return bool(_tokenizer().FREQ.get(word))


_tags = None


def word_tag(word: str) -> str | None:
    """jieba's part-of-speech tag for a dictionary word (v, n, d ...), None for unknown words.

    A dictionary lookup only: posseg tagging itself is too slow for the pipeline.
    """
    global _tags
    if _tags is None:
        import jieba.posseg
        _tags = jieba.posseg.dt.word_tag_tab
    return _tags.get(word)


def cut_words(text: str) -> list[str]:
    """jieba words of a short span (no offsets); for checks on a name core only."""
    return _tokenizer().lcut(text, HMM=False)


def word_freq(word: str) -> int:
    """jieba's dictionary frequency of a word (0 when unknown)."""
    return _tokenizer().FREQ.get(word) or 0


def split_sentences(text: str, rules: RulePack | None = None) -> list[Sentence]:
    pattern = _SENT_END
    custom = rules.get("segment", "sentence_end") if rules is not None else None
    if custom:
        pattern = _pattern_cache.get(custom) or _pattern_cache.setdefault(custom, re.compile(custom))
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


_split_off: frozenset = frozenset("等的和与及在是为")


_SHORT_CACHE: dict[str, tuple] = {}
_SHORT_MAX, _CACHE_MAX = 80, 50_000


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """jieba tokens with offsets; an unknown (HMM-made) word never swallows a function
    character at its end (客等 -> 客 / 等), so names keep clean right edges.

    Short snippets (later stages re-tokenise labels and clauses, many alike) are cached.
    """
    if offset == 0 and len(text) <= _SHORT_MAX:
        hit = _SHORT_CACHE.get(text)
        if hit is None:
            if len(_SHORT_CACHE) >= _CACHE_MAX:
                _SHORT_CACHE.clear()
            hit = _SHORT_CACHE[text] = tuple(_tokenize(text, 0))
        return list(hit)
    return _tokenize(text, offset)


def _tokenize(text: str, offset: int) -> list[Token]:
    tok = _tokenizer()
    freq, split_off = tok.FREQ, _split_off
    out = []
    append = out.append
    pos = offset
    # cut + running offsets: jieba's own tokenize() does the same through an extra generator layer
    for w in tok.cut(text, HMM=True):
        end = pos + len(w)
        if len(w) > 1 and w[-1] in split_off and not freq.get(w):
            append(Token(w[:-1], pos, end - 1))
            append(Token(w[-1], end - 1, end))
        else:
            append(Token(w, pos, end))
        pos = end
    return out

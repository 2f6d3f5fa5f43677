"""Stage 2: normalise text; the result is what every offset indexes into.

`Normaliser(pack)` compiles the `normalise` rule section once and holds the tables, the t2s
`Simplifier` and the memo of one-line fields on the instance:
  line endings -> control chars -> entities / mojibake / junk -> pinyin
  glosses -> traditional to simplified -> spaces -> boilerplate lines ->
  blank lines.
Idempotent (normalise(normalise(x)) == normalise(x)) and never raises on any
string: steps that can expose new matches by deleting text are repeated
until nothing changes.
"""
from __future__ import annotations

import re
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .model import Document, RawDocument
from .rules import RulePack

# The rule keys this stage reads and their kinds (kg.rules validates a pack against them)
SCHEMA_NORMALISE: Mapping[str, str] = MappingProxyType({
    "pinyin_gloss": "regex",
    "utf8_as_latin1": "regex",
    "strip_patterns": "regexes",
    "replace": "map[str]",
    "fold_fullwidth": "bool",
    "convert_t2s": "bool",
    "drop_lines": "regexes",
    "related_headings": "regexes",
    "related_item": "regex",
    "related_item_short": "regex",
    "related_item_max_chars": "int",
    "boilerplate_max_chars": "int",
    "title_end": "regex",
})

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\v\f]")
_C0 = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]+")
# Unicode spaces (tab, ideographic, no-break, the U+2000 block ...): character classes, not vocabulary
_SPACES = re.compile(r"[\t\u3000\u00a0\u1680\u2000-\u200a\u202f\u205f]")
_SPACE_RUN = re.compile(r" {2,}")
_LINE_EDGE_SPACE = re.compile(r"(?m)^ +| +$")
_BLANK_RUN = re.compile(r"\n{3,}")
# full-width digits, Latin letters and the percent sign fold to ASCII (Unicode's compatibility forms)
_FULLWIDTH_TABLE = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)},
                                  **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
                                  **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
                                  chr(0xFF05): "%"})
_FULLWIDTH_ANY = re.compile(r"[\uff05\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_FULLWIDTH_POINT = re.compile(r"(?<=\d)\uff0e(?=\d)")


def _cp1252_bytes() -> Mapping[str, int]:
    """cp1252 bytes 0x80-0x9f decode to these characters; mojibake repair maps them back."""
    table = {}
    for b in range(0x80, 0xA0):
        try:
            table[bytes([b]).decode("cp1252")] = b
        except UnicodeDecodeError:
            pass
    return MappingProxyType(table)


_CP1252_BYTES = _cp1252_bytes()
_MAX_REPEAT = 5
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_INLINE_MEMO_MAX = 10_000


# ---------------------------------------------------------------- traditional -> simplified

class Simplifier:
    """opencc-purepy t2s, applied only to lines holding traditional-only characters.

    Converting simplified text again is not safe (乾安县 -> 干安县), so a line
    is converted only when it has a character that is never simplified
    output; converted output has none, which also makes the step idempotent.
    OpenCC's own tables load on the first line that needs them.
    """

    def __init__(self):
        self._cc = None
        self.trad = self._traditional_only()
        # a class of BMP characters compiles to a bitmap: one C-level scan instead of hashing every
        # character into the set (astral characters, rare in text, make the regex slow: set test)
        bmp = "".join(re.escape(ch) for ch in sorted(self.trad or ()) if ord(ch) < 0x10000)
        self.trad_bmp = re.compile(f"[{bmp}]" if bmp else r"(?!x)x")

    @staticmethod
    def _traditional_only() -> frozenset | None:
        """Characters t2s changes that never appear in its output (neither as a character nor in a phrase)."""
        from importlib.util import find_spec     # where the package is, without importing it
        spec = find_spec("opencc_purepy")
        if spec is None or not spec.origin:
            return None
        folder = Path(spec.origin).parent / "dicts"
        try:
            chars = (folder / "TSCharacters.txt").read_text(encoding="utf-8").splitlines()
            phrases = (folder / "TSPhrases.txt").read_text(encoding="utf-8").splitlines()
        except OSError:
            return None        # unknown dictionary layout: convert every line
        keys, outputs = set(), set()
        for line in chars + phrases:
            k, _, v = line.partition("\t")
            values = v.split()
            for value in values:
                outputs.update(value)
            if len(k) == 1 and values and values != [k]:
                keys.add(k)
        return frozenset(keys - outputs) or None

    def has_traditional(self, text: str) -> bool:
        """not self.trad.isdisjoint(text), faster."""
        if self.trad_bmp.search(text):
            return True
        return _ASTRAL.search(text) is not None and not self.trad.isdisjoint(text)

    @property
    def cc(self):
        if self._cc is None:
            from opencc_purepy import OpenCC
            self._cc = OpenCC("t2s")
        return self._cc

    def convert(self, text: str) -> str:
        if self.trad is None:
            return self.cc.convert(text)
        if not self.has_traditional(text):
            return text
        lines = text.split("\n")
        for i, line in enumerate(lines):
            n = 0
            while n < _MAX_REPEAT and self.has_traditional(line):
                new = self.cc.convert(line)
                if new == line:
                    break
                line, n = new, n + 1
            lines[i] = line
        return "\n".join(lines)


# ---------------------------------------------------------------- the component

def _alternation(patterns) -> re.Pattern | None:
    patterns = [p for p in patterns or [] if p]
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


class Normaliser:
    """The `normalise` section compiled once; `.document(raw)` is the stage."""

    def __init__(self, pack: RulePack, simplifier: Simplifier | None = None):
        section = pack.section("normalise")

        def rx(key):
            v = section.get(key)
            return re.compile(v) if v else None

        self.gloss = rx("pinyin_gloss")
        self.latin1 = rx("utf8_as_latin1")
        self.strip = _alternation(section.get("strip_patterns"))
        self.replace_map = {str(k): str(v) for k, v in (section.get("replace") or {}).items() if k}
        self.replace = (re.compile("|".join(re.escape(k) for k in sorted(self.replace_map, key=len, reverse=True)))
                        if self.replace_map else None)
        self.fold = section.get("fold_fullwidth", True)
        self.t2s = section.get("convert_t2s", True)
        self.drop = _alternation(section.get("drop_lines"))
        self.related = _alternation(section.get("related_headings"))
        self.related_item = rx("related_item")
        self.related_short = rx("related_item_short")
        self.related_max = int(section.get("related_item_max_chars", 40))
        self.line_max = int(section.get("boilerplate_max_chars", 200))
        self.title_end = rx("title_end")
        # built here, before any fork, so that workers share its tables
        self.simplifier = (simplifier or Simplifier()) if self.t2s else None
        self._inline_seen: dict[str, str | None] = {}      # sources repeat across a corpus

    def text(self, text: str) -> str:
        """The cleaned, simplified text of an article (see the module docstring for the steps)."""
        text = _drop_boilerplate(self._clean_characters(text), self)
        text = _BLANK_RUN.sub("\n\n", text)
        return text.strip("\n ")

    def inline(self, text: str | None) -> str | None:
        """A one-line field (title, source): same cleaning, no boilerplate removal, newlines become spaces."""
        if text is None:
            return None
        seen = self._inline_seen
        out = seen.get(text, False)
        if out is False:
            out = self._clean_characters(_NEWLINES.sub(" ", text).replace("\n", " ")).strip() or None
            if len(seen) >= _INLINE_MEMO_MAX:
                seen.clear()
            seen[text] = out
        return out

    def guess_title(self, text: str) -> str | None:
        """A plain-text article's title: its first line, when that is short and not a sentence."""
        first = text.split("\n", 1)[0].strip()
        if 4 <= len(first) <= 60 and _CJK.search(first) and not (self.title_end and self.title_end.search(first)):
            return first
        return None

    def document(self, raw: RawDocument) -> Document:
        text = self.text(raw.text)
        title = self.inline(raw.title)
        if title is None and raw.format in ("txt", "md"):
            title = self.guess_title(text)
        return Document(id=raw.id, path=raw.path, text=text, title=title, date=raw.date,
                        source=self.inline(raw.source), url=raw.url)

    def _clean_characters(self, text: str) -> str:
        """Line endings, spaces, full-width forms, junk characters, glosses, script: the per-character steps."""
        text = _NEWLINES.sub("\n", text)
        text = _SPACES.sub(" ", text)
        if self.fold:
            text = _fold(text)
        text = _clean(text, self)
        if self.simplifier is not None:
            text = self.simplifier.convert(text)
        return _tidy_spaces(text)


# ---------------------------------------------------------------- cleaning steps (pure)

def _repair_latin1(m: re.Match) -> str:
    """'å¤§' -> '大' when the run is CJK text in UTF-8 read as Latin-1/cp1252; otherwise drop it."""
    run = m.group(0)
    try:
        data = bytes(_CP1252_BYTES.get(c, ord(c)) for c in run)
        fixed = data.decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        fixed = ""
    # only CJK text and its punctuation is worth restoring; "Ã©" (é) is dropped like other debris
    if fixed and all(ord(c) >= 0x2000 for c in fixed) and fixed.isprintable():
        return fixed
    return ""


def _clean(text: str, c: Normaliser) -> str:
    """Entities, mojibake, junk characters and pinyin glosses.

    Repeated while a deletion exposes a new match ("经((jīng)jīng)", "Ã(jīng)©"),
    so that a second normalisation finds nothing left to do.
    """
    for _ in range(_MAX_REPEAT):
        changed = 0
        if c.replace is not None:
            text, n = c.replace.subn(lambda m: c.replace_map[m.group(0)], text)
            changed += n
        if c.latin1 is not None:
            text, n = c.latin1.subn(_repair_latin1, text)
            changed += n
        if c.strip is not None:
            text, n = c.strip.subn("", text)
            changed += n
        text, n = _C0.subn("", text)
        changed += n
        if c.gloss is not None:
            text, n = c.gloss.subn("", text)
            changed += n
        if not changed:
            break
    return text


def _tidy_spaces(text: str) -> str:
    if " " not in text:
        return text
    text = _SPACE_RUN.sub(" ", text)
    return _LINE_EDGE_SPACE.sub("", text)


def _drop_boilerplate(text: str, c: Normaliser) -> str:
    """Drop furniture lines, and lists of links that follow a 'related articles' heading."""
    if c.drop is None and c.related is None:
        return text
    out = []
    in_list = False
    for line in text.split("\n"):
        short = len(line) <= c.line_max
        if in_list:
            if not line or (c.related_item is not None and c.related_item.fullmatch(line)) or (
                    len(line) <= c.related_max and c.related_short is not None
                    and c.related_short.fullmatch(line)):
                continue
            in_list = False
        if short and line:
            if c.related is not None and c.related.fullmatch(line):
                in_list = True
                continue
            if c.drop is not None and c.drop.fullmatch(line):
                continue
        out.append(line)
    return "\n".join(out)


def _fold(text: str) -> str:
    if not _FULLWIDTH_ANY.search(text):
        return text
    text = text.translate(_FULLWIDTH_TABLE)
    return _FULLWIDTH_POINT.sub(".", text)


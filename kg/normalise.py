"""Stage 2: normalise text; the result is what every offset indexes into.

A few passes of compiled regexes (from the `normalise` rule section) and the
opencc t2s converter:
  line endings -> control chars -> entities / mojibake / junk -> pinyin
  glosses -> traditional to simplified -> spaces -> boilerplate lines ->
  blank lines.
Idempotent (normalise(normalise(x)) == normalise(x)) and never raises on any
string: steps that can expose new matches by deleting text are repeated
until nothing changes.
"""
from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from .model import Document, RawDocument
from .rules import RulePack, register

register("normalise", {
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
}, compile=lambda rules: _compiled(rules))  # late-bound: defined below

_RULES_FILE = Path(__file__).parent / "rules" / "normalise.yaml"
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\v\f]")
_C0 = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]+")
_SPACES = re.compile("[\t\u3000\u00a0\u1680\u2000-\u200a\u202f\u205f]")
_SPACE_RUN = re.compile(r" {2,}")
_LINE_EDGE_SPACE = re.compile(r"(?m)^ +| +$")
_BLANK_RUN = re.compile(r"\n{3,}")
_FULLWIDTH = {**{chr(0xFF10 + i): str(i) for i in range(10)},
              **{chr(0xFF21 + i): chr(0x41 + i) for i in range(26)},
              **{chr(0xFF41 + i): chr(0x61 + i) for i in range(26)},
              "\uff05": "%"}
_FULLWIDTH_TABLE = str.maketrans(_FULLWIDTH)
_FULLWIDTH_ANY = re.compile("[\uff05\uff0e\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_FULLWIDTH_POINT = re.compile(r"(?<=\d)\uff0e(?=\d)")
# cp1252 bytes 0x80-0x9f decode to these; map them back for mojibake repair
_CP1252_BYTES = {}
for _b in range(0x80, 0xA0):
    try:
        _CP1252_BYTES[bytes([_b]).decode("cp1252")] = _b
    except UnicodeDecodeError:
        pass
_MAX_REPEAT = 5
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class _Compiled:
    gloss: re.Pattern | None
    latin1: re.Pattern | None
    strip: re.Pattern | None
    replace: re.Pattern | None
    replace_map: dict
    fold: bool
    t2s: bool
    drop: re.Pattern | None
    related: re.Pattern | None
    related_item: re.Pattern | None
    related_short: re.Pattern | None
    related_max: int
    line_max: int


def _alternation(patterns) -> re.Pattern | None:
    patterns = [p for p in patterns or [] if p]
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def _compile(section: dict) -> _Compiled:
    def rx(key):
        v = section.get(key)
        return re.compile(v) if v else None

    replace_map = {str(k): str(v) for k, v in (section.get("replace") or {}).items() if k}
    replace = (re.compile("|".join(re.escape(k) for k in sorted(replace_map, key=len, reverse=True)))
               if replace_map else None)
    return _Compiled(
        gloss=rx("pinyin_gloss"), latin1=rx("utf8_as_latin1"),
        strip=_alternation(section.get("strip_patterns")),
        replace=replace, replace_map=replace_map,
        fold=section.get("fold_fullwidth", True), t2s=section.get("convert_t2s", True),
        drop=_alternation(section.get("drop_lines")),
        related=_alternation(section.get("related_headings")),
        related_item=rx("related_item"), related_short=rx("related_item_short"),
        related_max=int(section.get("related_item_max_chars", 40)),
        line_max=int(section.get("boilerplate_max_chars", 200)),
    )


_CACHE: dict[str, _Compiled] = {}
_LOCK = threading.Lock()


def _compiled(rules: RulePack | None) -> _Compiled:
    key = rules.version if rules is not None else "<bundled>"
    c = _CACHE.get(key)
    if c is None:
        if rules is not None:
            section = rules.section("normalise")
        else:
            import yaml
            section = (yaml.safe_load(_RULES_FILE.read_text(encoding="utf-8")) or {}).get("normalise", {})
        c = _compile(section)
        with _LOCK:
            _CACHE[key] = c
        if c.t2s:
            _converter()                 # on rule load, before any fork: workers share the dictionaries
    return c


# ---------------------------------------------------------------- traditional -> simplified

class _T2S:
    """opencc-purepy t2s, applied only to lines holding traditional-only characters.

    Converting simplified text again is not safe (乾安县 -> 干安县), so a line
    is converted only when it has a character that is never simplified
    output; converted output has none, which also makes the step idempotent.
    """

    def __init__(self):
        self._cc = None                  # OpenCC's tables load on the first line that needs them
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
            with _LOCK:
                if self._cc is None:
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


_CONVERTER: _T2S | None = None


def _converter() -> _T2S:
    global _CONVERTER
    if _CONVERTER is None:
        with _LOCK:
            if _CONVERTER is None:
                _CONVERTER = _T2S()
    return _CONVERTER


def to_simplified(text: str) -> str:
    """Traditional -> simplified for the lines that need it (one converter per process)."""
    return _converter().convert(text)


# ---------------------------------------------------------------- cleaning steps

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


def _clean(text: str, c: _Compiled) -> str:
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


def _drop_boilerplate(text: str, c: _Compiled) -> str:
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


def _clean_characters(text: str, c) -> str:
    """Line endings, spaces, full-width forms, junk characters, glosses, script: the per-character steps."""
    text = _NEWLINES.sub("\n", text)
    text = _SPACES.sub(" ", text)
    if c.fold:
        text = _fold(text)
    text = _clean(text, c)
    if c.t2s:
        text = to_simplified(text)
    return _tidy_spaces(text)


def normalise_text(text: str, rules: RulePack | None = None) -> str:
    """The cleaned, simplified text of an article (see the module docstring for the steps)."""
    c = _compiled(rules)
    text = _drop_boilerplate(_clean_characters(text, c), c)
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip("\n ")


_INLINE_SEEN: dict[tuple, str | None] = {}     # sources repeat across a corpus


def normalise_inline(text: str | None, rules: RulePack | None = None) -> str | None:
    """A one-line field (title, source): same cleaning, no boilerplate removal, newlines become spaces."""
    if text is None:
        return None
    key = (rules.version if rules is not None else "<bundled>", text)
    out = _INLINE_SEEN.get(key, False)
    if out is False:
        c = _compiled(rules)
        out = _clean_characters(_NEWLINES.sub(" ", text).replace("\n", " "), c).strip() or None
        if len(_INLINE_SEEN) >= 10_000:
            _INLINE_SEEN.clear()
        _INLINE_SEEN[key] = out
    return out


_TITLE_END = re.compile(r"[。！？!?；;，,]$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def guess_title(text: str) -> str | None:
    """A plain-text article's title: its first line, when that is short and not a sentence."""
    first = text.split("\n", 1)[0].strip()
    if 4 <= len(first) <= 60 and _CJK.search(first) and not _TITLE_END.search(first):
        return first
    return None


def normalise_document(raw: RawDocument, rules: RulePack | None = None) -> Document:
    text = normalise_text(raw.text, rules)
    title = normalise_inline(raw.title, rules)
    if title is None and raw.format in ("txt", "md"):
        title = guess_title(text)
    return Document(id=raw.id, path=raw.path, text=text, title=title, date=raw.date,
                    source=normalise_inline(raw.source, rules), url=raw.url)

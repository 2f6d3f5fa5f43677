"""Stage 2: normalise text; the result is what every offset indexes into.

`Normaliser(pack)` compiles the `normalise` rule section once and holds the tables, the t2s
`Simplifier` and the memo of one-line fields on the instance:
  line endings -> control chars -> entities / mojibake / junk -> pinyin
  glosses -> traditional to simplified -> spaces -> boilerplate lines ->
  blank lines.
Idempotent (normalise(normalise(x)) == normalise(x)) and never raises on any
string: steps that can expose new matches by deleting text are repeated
until nothing changes.

`Normaliser.document` also decides the document's date, source and title, in this one place: the
input's own fields (JSONL, HTML <meta>, front matter; kg.read hands dates on as written), else what
the page prints in its header lines, datelines and lead (`page_metadata`, the pack's meta_* rules),
read from the cleaned lines before the furniture lines (a date-only line, an empty 来源 line) are dropped.
"""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from .model import Document, RawDocument
from .rules import RuleError, RulePack

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
    # article metadata read off the page (see PageRules)
    "meta_head_lines": "int",
    "meta_tail_lines": "int",
    "meta_header_max_chars": "int",
    "meta_sentence_punctuation": "regex",
    "meta_dates": "regexes",
    "meta_date_stacked": "regex",
    "meta_year_month": "regex",
    "meta_time": "regex",
    "meta_date_label": "regex",
    "meta_date_after": "regex",
    "meta_source_label": "regex",
    "meta_source_value": "regex",
    "meta_source_end": "regex",
    "meta_garbled": "regex",
    "meta_source_unnamed": "regex",
    "meta_media_name": "regex",
    "meta_source_leads": "regexes",
    "meta_title_min_chars": "int",
    "meta_title_max_chars": "int",
    "meta_title_not_end": "regex",
    "meta_title_continues": "regex",
    "meta_title_skip_short": "int",
    "meta_title_trim": "regex",
    "meta_title_not_inside": "regex",
    "meta_source_credit_before": "regex",
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


# ---------------------------------------------------------------- page metadata

@dataclass(frozen=True)
class PageMeta:
    """What a page prints about itself: its date (YYYY-MM-DD), source and title; None where it does not."""
    date: str | None = None
    source: str | None = None
    title: str | None = None


_BULLETS = re.compile(r"^[\-•·*\s]+")
_BARE_NUMBERS = re.compile(r"[\d\s:/.\-|]+")     # the pieces of a date a widget prints over lines


class PageRules:
    """The `normalise` section's meta_* rules, compiled once (the keys are explained in normalise.yaml)."""

    def __init__(self, section: Mapping):
        def rx(key):
            v = section.get(key)
            return re.compile(v) if v else None

        def number(key, default):
            return int(section.get(key, default))

        self.head_lines = number("meta_head_lines", 15)
        self.tail_lines = number("meta_tail_lines", 5)
        self.header_max = number("meta_header_max_chars", 90)
        self.sentence = rx("meta_sentence_punctuation")
        self.dates = tuple(re.compile(p) for p in section.get("meta_dates") or () if p)
        self.stacked = rx("meta_date_stacked")
        self.year_month = rx("meta_year_month")
        self.time = rx("meta_time")
        self.date_label = rx("meta_date_label")
        self.date_after = rx("meta_date_after")
        self.source_label = rx("meta_source_label")
        self.source_value = rx("meta_source_value")
        self.source_end = rx("meta_source_end")
        self.garbled = rx("meta_garbled")
        self.unnamed = rx("meta_source_unnamed")
        self.credit_before = rx("meta_source_credit_before")
        self.media_name = rx("meta_media_name")
        self.source_leads = tuple(re.compile(p) for p in section.get("meta_source_leads") or () if p)
        self.title_min = number("meta_title_min_chars", 7)
        self.title_max = number("meta_title_max_chars", 80)
        self.title_not_end = rx("meta_title_not_end")
        self.title_not_inside = rx("meta_title_not_inside")
        self.title_continues = rx("meta_title_continues")
        self.title_skip_short = number("meta_title_skip_short", 2)
        self.title_trim = rx("meta_title_trim")
        for key, patterns, groups in (("meta_dates", self.dates, {"y", "m", "d"}),
                                      ("meta_date_stacked", (self.stacked,), {"y", "m", "d"}),
                                      ("meta_year_month", (self.year_month,), {"y", "m"}),
                                      ("meta_source_leads", self.source_leads, {"source"})):
            for p in patterns:
                if p is not None and not groups <= set(p.groupindex):
                    raise RuleError(f"normalise.{key}: {p.pattern!r} needs the named groups "
                                    f"{', '.join(sorted(groups))}")


def _iso(y: str, m: str, d: str) -> str | None:
    try:
        return datetime.date(int(y), int(m), int(d)).isoformat()
    except ValueError:                  # 2023-02-30, month 13
        return None


def _dates(r: PageRules, line: str) -> list[tuple[int, int, str]]:
    """(start, end, YYYY-MM-DD) of each real calendar date in `line`, in order."""
    found = []
    for pattern in r.dates:
        for m in pattern.finditer(line):
            iso = _iso(m["y"], m["m"], m["d"])
            if iso:
                found.append((m.start(), m.end(), iso))
    return sorted(found)


def parse_date(r: PageRules, value: str | None) -> str | None:
    """A date field (JSONL, <meta>, front matter) as YYYY-MM-DD, or YYYY-MM when it names only a month."""
    if not value:
        return None
    found = _dates(r, value)
    if found:
        return found[0][2]
    m = r.year_month.search(value) if r.year_month else None
    if m and 1 <= int(m["m"]) <= 12:
        return f"{int(m['y']):04d}-{int(m['m']):02d}"
    return None


def _header_date(r: PageRules, line: str) -> tuple[str, int, int] | None:
    """(date, start, end) when `line` is a header line printing a date: labelled (发布时间：), followed by
    a clock time, or standing with the page's furniture only; None for a line that is a sentence."""
    if len(line) > r.header_max or (r.sentence is not None and r.sentence.search(line)):
        return None
    for start, end, iso in _dates(r, line):
        t = r.time.match(line, end) if r.time else None
        if t:
            return iso, start, t.end()
        if (r.date_label is not None and r.date_label.search(line, 0, start)) or (
                r.date_after is not None and r.date_after.match(line, end)):
            return iso, start, end
    return None


def _date_only(r: PageRules, line: str) -> str | None:
    """The date of a line that is a date and nothing else (a label, a time aside): a notice's signature."""
    hd = _header_date(r, line)
    if hd is None:
        return None
    rest = line[:hd[1]] + line[hd[2]:]
    labelled = r.date_label is not None and r.date_label.search(line, 0, hd[1])
    return hd[0] if labelled or not rest.strip(" |-") else None


def _source_name(r: PageRules, value: str) -> str | None:
    """A source value cut at a date run into it; None when it names no one or is garbled."""
    found = _dates(r, value)
    if found:
        value = value[:found[0][0]]
    value = value.strip(" -_|")
    if len(value) < 2 or (r.unnamed is not None and r.unnamed.fullmatch(value)) or (
            r.garbled is not None and r.garbled.search(value)):
        return None
    return value


def _labelled_source(r: PageRules, line: str) -> tuple[bool, str | None]:
    """(whether `line` carries a source label outside a photo credit or sentence, the source it names)."""
    if r.source_label is None:
        return False, None
    for m in r.source_label.finditer(line):
        before = line[:m.start()]
        if (r.credit_before is not None and r.credit_before.search(before)) or (
                r.sentence is not None and r.sentence.search(before)):
            continue
        rest = line[m.end():]
        end = r.source_end.search(rest) if r.source_end else None
        rest = rest[:end.start()] if end else rest
        value = r.source_value.match(rest) if r.source_value else None
        if value is None or (r.garbled is not None and r.garbled.match(rest, value.end())):
            return True, None           # "来源：" with nothing after it, or a name cut by mojibake
        return True, _source_name(r, value.group())
    return False, None


def _media_beside(r: PageRules, line: str, start: int, end: int) -> str | None:
    """An outlet named right before or after a header line's date ("某某日报 2022年06月08日")."""
    if r.media_name is None:
        return None
    before, after = line[:start].split(), line[end:].split()
    for word in ([before[-1]] if before else []) + ([after[0]] if after else []):
        word = word.strip("|")
        if r.media_name.fullmatch(word):
            name = _source_name(r, word)
            if name:
                return name
    return None


def _credit_line(r: PageRules, line: str) -> str | None:
    """The first outlet of a closing line that names an outlet or two and nothing else ("某某网 某某APP";
    a longer row of outlets is a footer of links)."""
    words = line.split()
    if r.media_name is None or not 0 < len(words) <= 2 or not all(r.media_name.fullmatch(w) for w in words):
        return None
    return _source_name(r, words[0])


def _lead_source(r: PageRules, line: str) -> str | None:
    """The outlet a dateline or lead names ("某某社某地2月5日电", "据某某晨报消息")."""
    for pattern in r.source_leads:
        m = pattern.match(line)
        if m:
            return _source_name(r, m["source"])
    return None


def _title_like(r: PageRules, text: str, end: re.Pattern | None) -> bool:
    """Long enough, short enough, Chinese, no widget row or full stop inside, and not ending as `end` says."""
    return (r.title_min <= len(text) <= r.title_max and _CJK.search(text) is not None
            and not (r.title_not_inside is not None and r.title_not_inside.search(text))
            and not (end is not None and end.search(text)))


def _title_at(r: PageRules, lines: list[str], i: int, end: re.Pattern | None, is_header) -> str | None:
    """lines[i] as a title, joined with the next line when it ends in a colon ("某区：" / "以…促…")."""
    title = r.title_trim.sub("", lines[i]) if r.title_trim else lines[i]
    if (r.title_continues is not None and r.title_continues.search(title) and i + 1 < len(lines)
            and not is_header(lines[i + 1])):
        title += r.title_trim.sub("", lines[i + 1]) if r.title_trim else lines[i + 1]
    return title if _title_like(r, title, end) else None


def _title_beside(r: PageRules, lines: list[str], k: int, is_header) -> str | None:
    """The headline next to the header lines at lines[k]: the nearest other line above them (the usual
    layout), else, when nothing but furniture is above, the first one below (a date over the title)."""
    i = k - 1
    while i >= 0 and is_header(lines[i]):
        i -= 1
    if i >= 0:
        return _title_at(r, lines, i, r.title_not_end, is_header) if k - i <= 4 else None
    for i in range(k + 1, min(k + 5, len(lines))):
        if not is_header(lines[i]):
            title = _title_at(r, lines, i, r.title_not_end, is_header)
            if title or len(lines[i]) > r.title_max:      # a title, or the story has begun
                return title
    return None


def page_metadata(r: PageRules, lines: list[str], furniture: list[bool] | None = None,
                  want_title: bool = True) -> PageMeta:
    """The date, source and title a page prints in its header lines, datelines, lead and closing lines.

    `lines`: the page's non-empty lines, cleaned (characters, script, spaces) but with their furniture
    (a date-only line is furniture to the text, and the date here), without other articles' link lists;
    `furniture[i]`: lines[i] is page furniture (a drop_lines match), passed over when looking for the title.
    """
    furniture = furniture or [False] * len(lines)
    head = lines[:r.head_lines]
    tail = lines[-r.tail_lines:] if r.tail_lines > 0 else []
    date, date_at, date_line = None, None, None
    for i, line in enumerate(head):
        hd = _header_date(r, line)
        if hd:
            date, date_at, date_line = hd[0], i, (line, hd[1], hd[2])
            break
    if r.stacked is not None:
        block = "\n".join(head)
        m = r.stacked.search(block)
        at = block.count("\n", 0, m.start()) if m else None
        iso = _iso(m["y"], m["m"], m["d"]) if m else None
        if iso and (date_at is None or at < date_at):
            date, date_at, date_line = iso, at, None
    if date is None:
        date = next((d for d in (_date_only(r, line) for line in reversed(tail)) if d), None)

    source, source_at = None, None
    for i, line in enumerate(head):
        labelled, name = _labelled_source(r, _BULLETS.sub("", line))
        if labelled and source_at is None:
            source_at = i
        if name:
            source = name
            break
    if source is None and date_line is not None:
        source = _media_beside(r, *date_line)
    if source is None:
        source = next((s for s in (_lead_source(r, line) for line in head) if s), None)
    if source is None:
        source = next((s for _, s in (_labelled_source(r, line) for line in reversed(tail)) if s), None)
    if source is None:
        source = next((s for s in (_credit_line(r, line) for line in reversed(tail)) if s), None)

    title = None
    anchors = [i for i in (date_at, source_at) if i is not None]
    if want_title and anchors and min(anchors) < len(lines) - 1:    # a header line with the story below it
        furniture_lines = {line for line, f in zip(head, furniture) if f}

        def is_header(line: str) -> bool:
            bare = _BULLETS.sub("", line)
            return bool(line in furniture_lines or _header_date(r, line) or _labelled_source(r, bare)[0]
                        or _BARE_NUMBERS.fullmatch(bare))
        title = _title_beside(r, head, min(anchors), is_header)
    return PageMeta(date, source, title)


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
        self.page = PageRules(section)
        # built here, before any fork, so that workers share its tables
        self.simplifier = (simplifier or Simplifier()) if self.t2s else None
        self._inline_seen: dict[str, str | None] = {}      # sources repeat across a corpus

    def text(self, text: str) -> str:
        """The cleaned, simplified text of an article (see the module docstring for the steps)."""
        return self._lines_cleaned(_drop_boilerplate(self._clean_characters(text), self))

    def _lines_cleaned(self, text: str) -> str:
        """The line steps after the character steps and furniture lines: blank runs."""
        return _BLANK_RUN.sub("\n\n", text).strip("\n ")

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
        """A plain-text article's title when no header line points at one: its first line, when that is
        short and not a sentence, past a column label or two ("看某地"), joined with the next line when
        it ends in a colon."""
        r = self.page
        want = r.title_skip_short + 2          # the lines to look at, and the one a colon continues on
        lines = []
        for raw in re.finditer(r"[^\n]+", text):
            if raw.group().strip():
                lines.append(raw.group().strip())
                if len(lines) >= want:
                    break
        for i, line in enumerate(lines[:r.title_skip_short + 1]):
            if _header_date(r, line):
                continue                # a dateline over the story ("2016-07-25 第05版")
            if len(line) >= r.title_min or (r.title_continues is not None and r.title_continues.search(line)):
                return _title_at(r, lines, i, self.title_end, lambda _: False)
        return None

    def metadata(self, raw: RawDocument, lines: list[tuple[str, int]], text: str) -> PageMeta:
        """The document's date, source and title: the input's own fields where it has them (a JSONL
        record, an HTML <meta>, front matter), else what the page prints (page_metadata); the title is
        guessed only for text and Markdown. `lines`: raw.text's lines after the character steps, with
        their kinds (_line_kinds); `text`: the normalised text."""
        title = self.inline(raw.title)
        guess = title is None and raw.format in ("txt", "md")
        page_lines = [(line.strip(), kind) for line, kind in lines if kind != _RELATED and line.strip()]
        page = page_metadata(self.page, [line for line, _ in page_lines],
                             [kind == _FURNITURE for _, kind in page_lines], want_title=guess)
        if guess:
            title = page.title or self.guess_title(text)
        given = self.inline(raw.date)
        date = parse_date(self.page, given)
        if date is None and given and raw.format == "jsonl":
            date = given                # a record's own date field is kept as written
        return PageMeta(date or page.date, self.inline(raw.source) or page.source, title)

    def document(self, raw: RawDocument) -> Document:
        lines = list(_line_kinds(self._clean_characters(raw.text), self))
        text = self._lines_cleaned("\n".join(line for line, kind in lines if kind == _KEEP))
        meta = self.metadata(raw, lines, text)
        return Document(id=raw.id, path=raw.path, text=text, title=meta.title, date=meta.date,
                        source=meta.source, url=raw.url)

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


_KEEP, _FURNITURE, _RELATED = range(3)


def _line_kinds(text: str, c: Normaliser):
    """Each line of `text` with what it is: _KEEP, _FURNITURE (a drop_lines line), or _RELATED (a
    'related articles' heading and the list of links after it)."""
    in_list = False
    for line in text.split("\n"):
        short = len(line) <= c.line_max
        if in_list:
            if not line or (c.related_item is not None and c.related_item.fullmatch(line)) or (
                    len(line) <= c.related_max and c.related_short is not None
                    and c.related_short.fullmatch(line)):
                yield line, _RELATED
                continue
            in_list = False
        if short and line:
            if c.related is not None and c.related.fullmatch(line):
                in_list = True
                yield line, _RELATED
                continue
            if c.drop is not None and c.drop.fullmatch(line):
                yield line, _FURNITURE
                continue
        yield line, _KEEP


def _drop_boilerplate(text: str, c: Normaliser) -> str:
    """Drop furniture lines, and lists of links that follow a 'related articles' heading."""
    if c.drop is None and c.related is None:
        return text
    return "\n".join(line for line, kind in _line_kinds(text, c) if kind == _KEEP)


def _fold(text: str) -> str:
    if not _FULLWIDTH_ANY.search(text):
        return text
    text = text.translate(_FULLWIDTH_TABLE)
    return _FULLWIDTH_POINT.sub(".", text)


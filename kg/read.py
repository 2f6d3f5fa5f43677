"""Stage 1: find input files and decode them into RawDocuments.

Every input problem becomes a one-line Problem naming the file (and JSONL
line); the run goes on. Supported: .txt, .md, .html/.htm, .jsonl in UTF-8
(with or without BOM), UTF-16/32 with BOM, UTF-16 without BOM, GB18030/GBK/GB2312 and Big5.

Hostile input is read, not fatal: folders are walked with symbolic links followed (a link back to a
folder that holds it is reported as a "symbolic link loop"); folders holding kg's own mark files
(OUTPUT_MARK, CACHE_MARK) are never read back; names that are not UTF-8 are shown with U+FFFD;
a text longer than `max_chars` (DEFAULT_MAX_CHARS, or the KG_MAX_CHARS environment variable) is
split at line breaks into documents `<id>~part1`, `<id>~part2`, ...; the same problem on many lines
of one file is reported for the first PROBLEM_EXAMPLES lines and then counted.
"""
from __future__ import annotations

import codecs
import dataclasses
import errno
import json
import os
import re
import stat
import threading
from html.parser import HTMLParser
from pathlib import Path

from .model import CACHE_MARK, OUTPUT_MARK, Problem, RawDocument

SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}
_FORMAT = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}

# A longer text is split into parts. Oxigraph cannot load a literal over 16 MiB, and a character is at
# most 4 bytes of UTF-8, so no limit may exceed _MAX_CHARS_CAP (with room for escapes and a title).
DEFAULT_MAX_CHARS = 4_000_000
MAX_CHARS_ENV = "KG_MAX_CHARS"
_MAX_CHARS_CAP = (16 * 2**20 - 2**16) // 4
PROBLEM_EXAMPLES = 20            # per file and kind of problem; the rest are counted in one summary


class NoInputError(Exception):
    """The given paths hold no supported input file at all."""


# ---------------------------------------------------------------- names and labels

_SURROGATE = re.compile("[\ud800-\udfff]")
# directional formatting characters: invisible, they can make a name read differently from what it is
_BIDI = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")


def display_path(path) -> str:
    """`path` as text that can always be printed and encoded: bytes that are not UTF-8 become U+FFFD."""
    s = os.fsdecode(path)
    if not _SURROGATE.search(s):
        return s
    try:
        return os.fsencode(s).decode("utf-8", "replace")
    except UnicodeEncodeError:          # a surrogate that did not come from the file system
        return _SURROGATE.sub("\ufffd", s)


def _shown(path: str) -> str:
    """A path for a message: quoted when it holds a line break, control or direction character (as
    Problem.message does), so it cannot forge or disguise a line of the log."""
    return path if path.isprintable() else repr(path)


def _clean_label(s: str | None) -> str | None:
    """A title, source, url or id without directional controls or surrounding space (None if empty)."""
    if s is None:
        return None
    s = _BIDI.sub("", s).strip()
    return s or None


# ---------------------------------------------------------------- finding files

def _stat(p: Path) -> tuple[os.stat_result | None, str | None]:
    """(stat of what `p` points to, None), or (None, why it cannot be used)."""
    try:
        return os.stat(p), None
    except ValueError:
        return None, "not a valid path (it contains a NUL character)"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "symbolic link loop"
        if exc.errno in (errno.ENOENT, errno.ENOTDIR):
            return None, "broken symbolic link" if os.path.islink(p) else "no such file or folder"
        return None, f"cannot access: {exc.strerror or exc}"


def _walk(paths):
    """Yield (path, problem) pairs: a supported file with problem None, or a path that cannot be used.

    Folders are walked recursively in sorted order (deterministic on any
    machine); the same file or folder reached twice (given twice, or via a
    symlink) is read once.
    """
    seen_files: set = set()
    seen_dirs: set = set()
    for given in paths:
        p = Path(os.fsdecode(given))
        st, problem = _stat(p)
        if problem:
            yield p, problem
        elif stat.S_ISDIR(st.st_mode):
            yield from _walk_dir(p, st, seen_files, seen_dirs)
        elif not stat.S_ISREG(st.st_mode):
            yield p, "not a regular file"
        elif p.suffix.lower() not in SUFFIXES:
            yield p, f"unsupported file type {p.suffix or '(none)'!r} (expected {', '.join(sorted(SUFFIXES))})"
        elif (st.st_dev, st.st_ino) not in seen_files:
            seen_files.add((st.st_dev, st.st_ino))
            yield p, None


def _walk_dir(root: Path, root_st: os.stat_result, seen_files: set, seen_dirs: set):
    """Depth first, files before subfolders, names sorted; an explicit stack, so any depth is fine."""
    key = (root_st.st_dev, root_st.st_ino)
    if key in seen_dirs:
        return
    seen_dirs.add(key)
    stack = [(root, key, 0)]      # folders still to read, the next one last
    chain: list = []              # keys of the folders from root down to the one being read
    while stack:
        folder, key, depth = stack.pop()
        del chain[depth:]
        chain.append(key)
        try:
            with os.scandir(folder) as it:
                entries = sorted((e.name, e.is_dir(follow_symlinks=False), e.is_symlink()) for e in it)
        except OSError as exc:
            yield folder, f"cannot read folder: {exc.strerror or exc}"
            continue
        names = {name for name, _, _ in entries}
        mark = OUTPUT_MARK if OUTPUT_MARK in names else CACHE_MARK if CACHE_MARK in names else None
        if mark:
            # kg's own output or cache: skipped like a hidden folder, named only when given itself
            if depth == 0:
                yield folder, f"a folder kg wrote (it holds {mark}), not input"
            continue
        subdirs = []
        for name, is_dir, is_link in entries:
            f = folder / name
            supported = f.suffix.lower() in SUFFIXES
            if name.startswith(".") or not (supported or is_dir or is_link):
                continue
            st, problem = _stat(f)
            if problem:
                if supported or is_dir or problem == "symbolic link loop":
                    yield f, problem
            elif stat.S_ISDIR(st.st_mode):
                sub = (st.st_dev, st.st_ino)
                if sub in chain:
                    yield f, "symbolic link loop"
                elif sub not in seen_dirs:
                    seen_dirs.add(sub)
                    subdirs.append((f, sub, depth + 1))
            elif not supported:
                continue
            elif not stat.S_ISREG(st.st_mode):
                yield f, "not a regular file"
            elif (st.st_dev, st.st_ino) not in seen_files:
                seen_files.add((st.st_dev, st.st_ino))
                yield f, None
        stack.extend(reversed(subdirs))


def iter_input_files(paths):
    """The supported input files under `paths`, in the order they are read."""
    for f, problem in _walk(paths):
        if problem is None:
            yield f


# ---------------------------------------------------------------- decoding

_MAGIC = [
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"%PDF-", "PDF document"), (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"), (b"GIF89a", "GIF image"), (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip archive"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Office document"),
    (b"\x7fELF", "executable"), (b"7z\xbc\xaf\x27\x1c", "7z archive"), (b"Rar!\x1a\x07", "RAR archive"),
    (b"\xfd7zXZ\x00", "xz archive"), (b"SQLite format 3\x00", "SQLite database"), (b"OggS\x00", "Ogg media"),
    (b"ID3\x03", "MP3 audio"), (b"ID3\x04", "MP3 audio"), (b"\x00\x00\x00\x18ftyp", "MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "MP4 video"), (b"\x00\x00\x01\x00", "icon image"),
]
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
]
_CANDIDATES = ("utf-8", "gb18030", "big5")
_SAMPLE = 1 << 16
_BAD_RATE_LIMIT = 0.02          # more undecodable bytes than this share of the sample: not text
_BAD_BYTES_OK = 16              # ... unless there are only this few (a short file with one broken character)
_STRAY_NULS_OK = 4              # NUL bytes text may hold (or 1 % of the sample) before it counts as binary


class UnreadableError(Exception):
    """The bytes are not text we can read; the message is the Problem reason."""


def _common_chars() -> frozenset:
    """The most common CJK characters: GB2312 level 1 (simplified) and Big5 level 1 (traditional)."""
    chars = set()
    for hi in range(0xB0, 0xD8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for hi in range(0xA4, 0xC7):
        for lo in list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF)):
            try:
                chars.add(bytes((hi, lo)).decode("big5"))
            except UnicodeDecodeError:
                pass
    return frozenset(chars)


_COMMON = _common_chars()
_BAD = threading.local()


def _count_and_replace(exc: UnicodeDecodeError):
    _BAD.n = getattr(_BAD, "n", 0) + (exc.end - exc.start)
    return "\ufffd", exc.end


codecs.register_error("kg.count", _count_and_replace)


def _decode(data: bytes, encoding: str, final: bool = True) -> tuple[str, int]:
    """Decode with U+FFFD for bad bytes; return the text and how many bytes were bad."""
    _BAD.n = 0
    dec = codecs.getincrementaldecoder(encoding)(errors="kg.count")
    text = dec.decode(data, final=final)
    return text, _BAD.n


def _is_plain(c: str) -> bool:
    """ASCII, punctuation and symbols: no evidence for or against an encoding."""
    o = ord(c)
    return o < 0x80 or 0x2000 <= o < 0x2070 or 0x3000 <= o < 0x3040 or 0xFF00 <= o < 0xFFF0 or c == "\ufffd"


def _score(text: str) -> float:
    """Share of the non-plain characters that are common CJK characters (1.0 when there are none)."""
    letters = [c for c in text if not _is_plain(c)]
    if not letters:
        return 1.0
    return sum(c in _COMMON for c in letters) / len(letters)


def sniff_binary(data: bytes) -> str | None:
    """Name the kind of binary file `data` is, or None when it may be text."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:_SAMPLE]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return None
    if b"\x00" in head and _utf16_without_bom(head) is None and not _stray_nuls(head):
        return "binary file (contains NUL bytes)"
    return None


def _stray_nuls(head: bytes) -> bool:
    """A few NUL bytes in text (a damaged copy, a padded file) rather than a binary format."""
    return head.count(0) <= max(_STRAY_NULS_OK, len(head) // 100)


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when `head` decodes cleanly as ASCII-heavy or Chinese UTF-16."""
    if len(head) < 4 or len(head) % 2 and len(head) < _SAMPLE:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    for enc, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        text, bad = _decode(head[: len(head) // 2 * 2], enc, final=False)
        # a broken pair or two is a damaged text (decode_bytes replaces and counts them), more is not UTF-16
        if bad > max(2, len(head) // 1000) or any(ord(c) < 9 for c in text):
            continue
        if nuls >= len(head) // 8 and other == 0:       # mostly ASCII
            return enc
        # Chinese: NULs come only from ASCII and U+xx00 (一 is U+4E00), and the letters are common characters
        if sum(1 for c in text if not _is_plain(c)) >= 4 and _score(text) >= 0.5:
            return enc
    return None


_NON_ASCII = re.compile(rb"[\x80-\xff]")


def detect_encoding(data: bytes) -> str:
    """BOM, then UTF-8 if valid, else the candidate whose decoding looks most like Chinese text."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc
    head = data[:_SAMPLE]
    if b"\x00" in head:
        enc = _utf16_without_bom(head)
        if enc:
            return enc
    # judge by the first non-ASCII bytes (an HTML head of pure ASCII says nothing)
    first = _NON_ASCII.search(data)
    if first is None:
        return "utf-8"
    head = data[first.start(): first.start() + _SAMPLE]
    final = first.start() + _SAMPLE >= len(data)
    best, best_score = "utf-8", None
    for enc in _CANDIDATES:
        text, bad = _decode(head, enc, final=final)
        if enc == "utf-8" and bad == 0:
            return enc
        score = _score(text) - 10 * bad / max(len(head), 1)
        if best_score is None or score > best_score:
            best, best_score = enc, score
    return best


def decode_bytes(data: bytes) -> tuple[str, str, int]:
    """(text, encoding, bad byte count). Raises UnreadableError for binary data."""
    text, enc, bad, _nuls = _decode_file(data)
    return text, enc, bad


def _decode_file(data: bytes) -> tuple[str, str, int, int]:
    """(text, encoding, bad byte count, NUL bytes removed). Raises UnreadableError for binary data."""
    kind = sniff_binary(data)
    if kind:
        raise UnreadableError(kind if kind.startswith("binary") else f"binary file ({kind}), not text")
    enc = detect_encoding(data)
    nuls = 0
    if not enc.startswith(("utf-16", "utf-32")) and b"\x00" in data:
        nuls = data.count(b"\x00")              # stray NULs (sniff_binary let them through): drop them
        data = data.replace(b"\x00", b"")
        enc = detect_encoding(data)
    bom = next((b for b, e in _BOMS if data.startswith(b) and e == enc), b"")
    head_text, head_bad = _decode(data[len(bom): len(bom) + _SAMPLE], enc, final=len(data) <= _SAMPLE + len(bom))
    if head_bad > max(_BAD_BYTES_OK, _BAD_RATE_LIMIT * min(len(data), _SAMPLE)):
        raise UnreadableError(f"binary file or unknown encoding ({head_bad} undecodable bytes in the first "
                              f"{min(len(data), _SAMPLE)})")
    text, bad = _decode(data[len(bom):] if bom else data, enc)
    controls = sum(1 for c in head_text if ord(c) < 32 and c not in "\t\n\r\f\v\x1b")
    if controls > max(4, 0.01 * len(head_text)):      # a few stray ones are the normaliser's job
        raise UnreadableError("binary file (control characters), not text")
    return text, enc, bad, nuls


# ---------------------------------------------------------------- dates

# A field that mentions a year. The reader hands such a field on as it is written (a <meta> date, a
# <time datetime>, front matter, a JSONL date); reading it, and finding a date in the text when there
# is none, is the normaliser's (kg.normalise: the rule pack's meta_* rules), in one place.
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def _date_field(value: str | None) -> str | None:
    """`value` stripped, when it mentions a year; else None."""
    value = _clean_label(value)
    return value if value and _YEAR.search(value) else None


# ---------------------------------------------------------------- HTML

_SKIP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "template",
              "iframe", "svg", "canvas", "select", "button", "object", "embed", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
               "section", "article", "main", "blockquote", "pre", "dd", "dt", "dl", "figcaption",
               "figure", "hr", "td", "th", "center", "address", "body", "title", "caption"}
_VOID_TAGS = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "param",
              "source", "track", "wbr"}
# class/id words that mark page furniture rather than the article
_FURNITURE = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|sidebar|share|sharing|"
                        r"comments?|related|navigation|location|dqwz|recommend|copyright|toolbar|advert|ads?|banner|topbar|login)(?:$|[\s_-])",
                        re.I)
_DATE_META = ("article:published_time", "pubdate", "publishdate", "publish_date", "og:release_date",
              "datepublished", "date", "dc.date", "dc.date.issued", "sailthru.date", "created")


_LINK_OPEN, _LINK_CLOSE = "\ue000", "\ue001"      # marks link text in the collected stream
_LINK_SHARE = 0.6          # a line whose text is mostly links is a menu or a list of other articles


_START, _END, _DATA = range(3)


class _Events(HTMLParser):
    """Records the parser's events, so the two readings of a page (see parse_html) share one parse."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[int, str, list | None]] = []

    def handle_starttag(self, tag, attrs):
        self.events.append((_START, tag, attrs))

    def handle_endtag(self, tag):
        self.events.append((_END, tag, None))

    def handle_data(self, data):
        self.events.append((_DATA, data, None))


def _bare_tail_escaped(text: str) -> str:
    """`text` with each '<' after the last '>' written as '&lt;'.

    No tag or comment can end there, so html.parser reads them as text anyway, but only after
    searching to the end of the page once per '<' (quadratic: '<a <a <a ...').
    """
    last = text.rfind(">")
    if text.find("<", last + 1) < 0:
        return text
    return text[: last + 1] + text[last + 1:].replace("<", "&lt;")


def _html_events(text: str) -> list:
    p = _Events()
    try:
        p.feed(_bare_tail_escaped(text))
        p.close()
    except Exception:  # html.parser is lenient, but keep whatever was collected before a failure
        pass
    return p.events


class _MainText:
    """Collects text per region (each <article>, main, body), skipping page furniture."""

    def __init__(self, by_class: bool = True):
        self.by_class = by_class          # also skip elements whose class/id names furniture
        self.stack: list[tuple[str, bool, str | None]] = []   # (tag, skips, region)
        self.open: dict[str, int] = {}    # tag -> how often it is on the stack (no scan per end tag)
        self.skip = 0
        self.body: list[str] = []
        self.main: list[str] = []
        self.articles: list[list[str]] = []
        self.depth = {"article": 0, "main": 0}
        self.meta: dict[str, str] = {}
        self.title_parts: list[str] = []
        self.h1: list[str] = []
        self.in_title = self.in_h1 = self.pre = self.link = 0
        self.time_attr: str | None = None

    def _emit(self, s: str) -> None:
        self.body.append(s)
        if self.depth["main"]:
            self.main.append(s)
        if self.depth["article"]:
            self.articles[-1].append(s)

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"])
            return
        if tag == "time" and self.time_attr is None and a.get("datetime"):
            self.time_attr = a["datetime"]
        if tag == "body" and self.open.get("head"):
            self.handle_endtag("head")     # an unclosed <head> must not swallow the page
        if tag in _VOID_TAGS:
            if tag in ("br", "hr") and not self.skip:
                self._block()
            return
        if tag == "title":
            self.in_title += 1
        if tag == "h1" and not self.skip:
            self.in_h1 += 1
        furniture = self.by_class and tag not in ("body", "html", "article", "main") and bool(
            _FURNITURE.search(a.get("class", "") + " " + a.get("id", "")))
        skips = tag in _SKIP_TAGS or furniture
        region = tag if tag in ("article", "main") else ("main" if a.get("role") == "main" else None)
        self.stack.append((tag, skips, region))
        self.open[tag] = self.open.get(tag, 0) + 1
        if skips:
            self.skip += 1
        if region and not self.skip:
            if region == "article" and not self.depth["article"]:
                self.articles.append([])
            self.depth[region] += 1
        if tag == "pre":
            self.pre += 1
        if tag == "a" and not self.skip and not self.link:
            self.link = 1
            self._emit(_LINK_OPEN)
        if tag in _BLOCK_TAGS and not self.skip:
            self._block()

    def _block(self) -> None:
        if self.link:      # a link never spans blocks (also contains an unclosed <a>)
            self.link = 0
            self._emit(_LINK_CLOSE)
        self._emit("\n")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = max(0, self.in_title - 1)
        if tag == "h1":
            self.in_h1 = max(0, self.in_h1 - 1)
        if tag in _VOID_TAGS or not self.open.get(tag):
            return   # stray end tag
        while self.stack:
            t, skips, region = self.stack.pop()
            self.open[t] -= 1
            if skips:
                self.skip -= 1
            elif region and not self.skip and self.depth[region]:
                self.depth[region] -= 1
            if t == "pre":
                self.pre = max(0, self.pre - 1)
            if t == "a" and not self.skip and self.link:
                self.link = 0
                self._emit(_LINK_CLOSE)
            if t in _BLOCK_TAGS and not self.skip:
                self._block()
            if t == tag:
                break

    def handle_data(self, data):
        if self.in_title:
            self.title_parts.append(data)
            return
        if self.skip:
            return
        data = data.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "")
        if self.in_h1:
            self.h1.append(data)
        if not self.pre:
            data = re.sub(r"[ \t\r\n\f]+", " ", data)
        self._emit(data)

    def run(self, events: list) -> _MainText:
        try:
            for kind, value, attrs in events:
                if kind == _START:
                    self.handle_starttag(value, attrs)
                elif kind == _END:
                    self.handle_endtag(value)
                else:
                    self.handle_data(value)
        except Exception:   # keep whatever was collected before a failure, as the parser does
            pass
        return self

    def main_text(self) -> str:
        """The longest <article>, else <main>, else the body (when they hold real text)."""
        articles = sorted((_tidy_lines("".join(a)) for a in self.articles), key=len, reverse=True)
        for text in articles[:1] + [_tidy_lines("".join(self.main))]:
            if len(text) >= 40:
                return text
        return _tidy_lines("".join(self.body))


def _tidy_lines(text: str) -> str:
    """Non-empty stripped lines, without lines that are mostly link text (menus, link lists)."""
    out = []
    for line in text.split("\n"):
        linked = sum(len(m) for m in re.findall(f"{_LINK_OPEN}([^{_LINK_CLOSE}]*)", line))
        plain = line.replace(_LINK_OPEN, "").replace(_LINK_CLOSE, "").strip()
        if plain and linked <= _LINK_SHARE * len(plain):
            out.append(plain)
    return "\n".join(out)


def _clean_title(s: str) -> str | None:
    s = re.sub(r"\s+", " ", _BIDI.sub("", s or "")).strip()
    return s or None


def _site_suffix_removed(title: str) -> str:
    """'Story title - Site name' -> 'Story title' (the longest part wins)."""
    parts = [p.strip() for p in re.split(r"\s+[-|_–—]\s+|_|\|", title) if p.strip()]
    return max(parts, key=len) if len(parts) > 1 else title


def parse_html(text: str) -> tuple[str, str | None, str | None]:
    """(main text, title, date) of an HTML page; never raises on malformed markup. The date is the
    markup's own (<meta>, <time datetime>) as written, or None: dates printed in the text are the
    normaliser's to find."""
    events = _html_events(text)
    p = _MainText(by_class=True).run(events)
    body = p.main_text()
    if len(body) < 40:
        # the class/id heuristics may have hidden the story itself (class="ad-free nav-article"): retry without them
        plain = _MainText(by_class=False).run(events)
        plain_body = plain.main_text()
        if len(plain_body) > len(body):
            p, body = plain, plain_body
    title = (_clean_title(p.meta.get("og:title")) or _clean_title("".join(p.h1))
             or (_site_suffix_removed(t) if (t := _clean_title("".join(p.title_parts))) else None))
    date = None
    for key in _DATE_META:
        if key in p.meta and (date := _date_field(p.meta[key])):
            break
    date = date or _date_field(p.time_attr)
    if title and not body.startswith(title):
        body = f"{title}\n{body}" if body else title
    return body, title, date


# ---------------------------------------------------------------- Markdown and text

_MD_FRONT = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_INLINE = [
    (re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)"), ""),                 # images
    (re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)"), r"\1"),             # links -> their text
    (re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.*?)[ \t#]*$", re.M), r"\1"),   # ATX headings
    (re.compile(r"^[ \t]{0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+", re.M), ""),    # list markers
    (re.compile(r"^[ \t]{0,3}>[ \t]?", re.M), ""),                  # block quotes
    (re.compile(r"^[ \t]*(?:```|~~~).*$", re.M), ""),               # code fences
    (re.compile(r"^[ \t]*(?:[-*_][ \t]*){3,}$", re.M), ""),         # rules
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),          # bold
    (re.compile(r"(?<![*\w])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\*)"), r"\1"),  # italics
]


def parse_markdown(text: str) -> tuple[str, str | None, str | None]:
    """(plain text, title, date) of a Markdown article (front matter title/date honoured; the date as written)."""
    title = date = None
    m = _MD_FRONT.match(text)
    if m:
        for line in m.group(1).split("\n"):
            k, _, v = line.partition(":")
            v = v.strip().strip("'\"")
            if k.strip().lower() == "title" and v:
                title = v
            elif k.strip().lower() in ("date", "published") and v:
                date = _date_field(v)
        text = text[m.end():]
    if title is None:
        h = re.search(r"^[ \t]{0,3}#[ \t]+(.+?)[ \t#]*$", text, re.M)
        title = h.group(1).strip() if h else None
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    return text, title, date


def parse_plain(text: str) -> tuple[str, str | None, str | None]:
    """(text, title, date): plain text has no title or date fields (normalise reads them off the page)."""
    return text, None, None


# ---------------------------------------------------------------- JSONL

_JSONL_FIELDS = ("id", "title", "date", "source", "url")


def _numbered_lines(text: str):
    """(line number, line) pairs, as text.split("\\n") gives them, without a second copy of the text."""
    start, n = 0, 0
    while start <= len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        n += 1
        yield n, text[start:end]
        start = end + 1


def parse_jsonl(text: str, path: str, stem: str, max_chars: int = DEFAULT_MAX_CHARS):
    """Yield (RawDocument, line number) pairs and Problems (with line numbers) from a JSON Lines file."""
    for n, line in _numbered_lines(text):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            yield Problem(path, f"not valid JSON{_json_error(exc)}", "skipped", n)
            continue
        except RecursionError:
            yield Problem(path, "not valid JSON: nested too deeply to read", "skipped", n)
            continue
        if not isinstance(rec, dict):
            yield Problem(path, f"a record must be a JSON object, got {_json_type(rec)}", "skipped", n)
            continue
        body = rec.get("text")
        if body is None:
            yield Problem(path, "record has no 'text' field", "skipped", n)
            continue
        if not isinstance(body, str):
            yield Problem(path, f"field 'text' must be a string, got {_json_type(body)}", "skipped", n)
            continue
        if not body.strip():
            yield Problem(path, "record has an empty 'text'", "skipped", n)
            continue
        fields, bad, broken = {}, [], []
        for key in _JSONL_FIELDS:
            v = rec.get(key)
            if isinstance(v, str) and _SURROGATE.search(v):
                broken.append(repr(key))
                v = _SURROGATE.sub("\ufffd", v)
            if v is None or isinstance(v, str):
                fields[key] = v.strip() if isinstance(v, str) and v.strip() else None
            elif key == "id" and isinstance(v, int) and not isinstance(v, bool):
                fields[key] = str(v)     # numeric ids are common and unambiguous
            else:
                fields[key] = None
                bad.append(f"{key!r} ({_json_type(v)})")
        if _SURROGATE.search(body):
            # a "\ud800" escape with no partner: not a character, and no encoder will write it
            broken.append("'text'")
            body = _SURROGATE.sub("\ufffd", body)
        if bad:
            yield Problem(path, f"non-string field {', '.join(bad)} ignored", "degraded", n)
        if broken:
            yield Problem(path, f"invalid character (an unpaired surrogate escape) replaced with U+FFFD in field "
                                f"{', '.join(broken)}", "degraded", n)
        doc_id = _clean_label(fields["id"]) or f"{stem}-{n}"
        title = fields["title"]
        if title and not body.lstrip().startswith(title):
            body = f"{title}\n{body}"      # as in .txt and .html input, the headline is part of the text
        date = fields["date"]
        doc = RawDocument(id=doc_id, path=path, text=body, title=_clean_label(title),
                          date=_clean_label(date), source=_clean_label(fields["source"]),
                          url=_clean_label(fields["url"]), format="jsonl")
        del body, rec
        yield from _split_document(doc, n, max_chars)


def _json_error(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f" at column {exc.colno}: {exc.msg}"
    return f": {exc}"


def _json_type(v) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
            float: "number", type(None): "null"}.get(type(v), type(v).__name__)


# ---------------------------------------------------------------- size limit

def _split_text(text: str, max_chars: int) -> tuple[list[str], bool]:
    """Parts of at most max_chars, each ending after a line break where one is in reach; and
    whether some part had to be cut mid-line (no line break within max_chars)."""
    parts, start, cut_mid_line = [], 0, False
    while len(text) - start > max_chars:
        end = text.rfind("\n", start, start + max_chars) + 1
        if end <= start:
            end, cut_mid_line = start + max_chars, True
        parts.append(text[start:end])
        start = end
    parts.append(text[start:])
    return parts, cut_mid_line


def _split_document(doc: RawDocument, line: int | None, max_chars: int):
    """Yield `doc` (with its line), or, when its text is over max_chars, a Problem and its parts
    `<id>~part1`, `<id>~part2`, ... (paragraphs are lines in kg's input, so parts end at line breaks)."""
    size = len(doc.text)
    if size <= max_chars:
        yield doc, line
        return
    parts, cut_mid_line = _split_text(doc.text, max_chars)
    if cut_mid_line:
        yield Problem(doc.path, f"too large: {size:,} characters with no line break within {max_chars:,}; "
                                f"cut into {len(parts)} parts of at most {max_chars:,} characters", "degraded", line)
    else:
        yield Problem(doc.path, f"split into {len(parts)} parts of at most {max_chars:,} characters at line "
                                f"breaks (text of {size:,} characters)", "degraded", line)
    for i, part in enumerate(parts, 1):
        yield dataclasses.replace(doc, id=f"{doc.id}~part{i}", text=part), line


def _max_chars(value: int | None) -> tuple[int, list[Problem]]:
    """The size limit to use: `value`, else KG_MAX_CHARS, else the default; never above the cap."""
    if value is None:
        env = os.environ.get(MAX_CHARS_ENV, "").strip()
        if not env:
            return DEFAULT_MAX_CHARS, []
        try:
            value = int(env.replace("_", "").replace(",", ""))
        except ValueError:
            value = 0
        if value < 1:
            return DEFAULT_MAX_CHARS, [Problem(MAX_CHARS_ENV, f"not a positive whole number ({env!r}); "
                                                              f"texts are split at {DEFAULT_MAX_CHARS:,} characters",
                                               "degraded")]
    elif value < 1:
        raise ValueError(f"max_chars must be a positive number of characters, not {value!r}")
    return min(value, _MAX_CHARS_CAP), []


# ---------------------------------------------------------------- problems in bulk

_VARYING = re.compile(r"'(?:[^'\\]|\\.)*'|\d[\d,]*")


def _kind(reason: str) -> str:
    """A reason with its numbers and quoted names blanked: 'not valid JSON at column #: ...'."""
    return _VARYING.sub("#", reason)


def _capped(problems, keep: int = PROBLEM_EXAMPLES) -> list[Problem]:
    """The first `keep` problems of each kind per file, then one summary per kind that has more."""
    out, seen, more = [], {}, {}
    for p in problems:
        key = (p.path, p.action, _kind(p.reason))
        seen[key] = seen.get(key, 0) + 1
        if seen[key] <= keep:
            out.append(p)
        elif key in more:
            more[key][1] += 1
        else:
            more[key] = [p, 1]
    for first, n in more.values():
        where = f" (the first at line {first.line:,})" if first.line is not None else ""
        out.append(Problem(first.path, f"… and {n:,} more with the same kind of problem{where}: {first.reason}",
                           first.action))
    return out


# ---------------------------------------------------------------- reading

_LOOKS_LIKE_HTML = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)


def read_file(f: Path, max_chars: int = DEFAULT_MAX_CHARS
              ) -> tuple[list[tuple[RawDocument, int | None]], list[Problem]]:
    """All documents in one file (with their JSONL line number), and what went wrong with it."""
    f = Path(f)
    path = display_path(f)
    problems = []
    if path != os.fsdecode(f):
        problems.append(Problem(path, "file name is not valid UTF-8 (its undecodable bytes are shown as U+FFFD)",
                                "degraded"))
    try:
        data = f.read_bytes()
    except IsADirectoryError:
        return [], problems + [Problem(path, "is a folder, not a file")]
    except OSError as exc:
        return [], problems + [Problem(path, f"cannot read: {exc.strerror or exc}")]
    if not data or data.isspace():          # (not data.strip(): no copy of a large file)
        return [], problems + [Problem(path, "empty file")]
    try:
        text, enc, bad, nuls = _decode_file(data)
    except UnreadableError as exc:
        return [], problems + [Problem(path, str(exc))]
    del data
    if nuls:
        problems.append(Problem(path, f"{nuls:,} stray NUL byte{'s' if nuls != 1 else ''} removed", "degraded"))
    if bad:
        problems.append(Problem(path, f"{bad} undecodable byte{'s' if bad != 1 else ''} replaced "
                                      f"(read as {enc})", "degraded"))
    stem = _clean_label(Path(path).stem) or "document"
    fmt = _FORMAT[f.suffix.lower()]
    if fmt == "jsonl":
        docs: list = []

        def line_problems():
            for item in parse_jsonl(text, path, stem, max_chars):
                if isinstance(item, Problem):
                    yield item
                else:
                    docs.append(item)

        problems += _capped(line_problems())
        if not docs and not problems:
            problems.append(Problem(path, "no records"))
        return docs, problems
    if text.startswith("\ufeff"):
        text = text[1:]
    if fmt != "html" and _LOOKS_LIKE_HTML.match(text):
        fmt = "html"           # a saved web page with a .txt/.md name
    parse = {"html": parse_html, "md": parse_markdown}.get(fmt, parse_plain)
    body, title, date = parse(text)
    del text
    if not body.strip():
        return [], problems + [Problem(path, "no text found" if fmt == "html" else "empty file")]
    docs = []
    for item in _split_document(RawDocument(id=stem, path=path, text=body, title=_clean_label(title), date=date,
                                            format=fmt), None, max_chars):
        (problems if isinstance(item, Problem) else docs).append(item)
    return docs, problems


def _renamed(doc, new_id: str):
    return dataclasses.replace(doc, id=new_id)


def dedupe_ids(docs: list, lines: list[int | None] | None = None, rename=_renamed) -> tuple[list, list[Problem]]:
    """Keep every document; the second and later uses of an id become id~2, id~3, ... (in the order given).
    docs: RawDocuments, or anything with `id` and `path` that `rename(doc, new_id)` renames."""
    taken = {d.id for d in docs}
    seen: set[str] = set()
    out, problems = [], []
    for d, line in zip(docs, lines or [None] * len(docs)):
        if d.id not in seen:
            seen.add(d.id)
            out.append(d)
            continue
        n = 2
        while f"{d.id}~{n}" in taken:
            n += 1
        new = f"{d.id}~{n}"
        taken.add(new)
        seen.add(new)
        problems.append(Problem(d.path, f"duplicate document id {d.id!r} renamed to {new!r}", "renamed", line))
        out.append(rename(d, new))
    return out, problems


@dataclasses.dataclass(frozen=True)
class Listing:
    """The inputs as listed before any file is read: every path the walk met, in walk order, with its
    problem (None: a supported file to read), and the size limit for reading them. A build reads the
    files here (read_inputs) or elsewhere (on a cluster's workers: kg.cluster), then orders what they
    hold with `documents`, so both ways give the same documents, ids and problems."""
    limit: int
    walked: tuple
    problems: tuple           # the limit's own (a bad KG_MAX_CHARS)

    def files(self) -> list[Path]:
        return [f for f, problem in self.walked if problem is None]

    def documents(self, read: list[tuple[list, list[Problem]]], rename=_renamed) -> tuple[list, list[Problem]]:
        """`read`: each of files()' (documents with their JSONL line, problems), as read_file gives
        them (the documents may stand in for RawDocuments: see dedupe_ids). The documents sorted by
        (path, JSONL line) with duplicate ids renamed, and every problem in walk order."""
        problems, docs = list(self.problems), []
        got = iter(read)
        for f, problem in self.walked:
            if problem is not None:
                problems.append(Problem(display_path(f), problem))
                continue
            file_docs, file_problems = next(got)
            docs.extend(file_docs)
            problems.extend(file_problems)
        docs.sort(key=lambda item: (item[0].path, item[1] or 0))      # stable: a file's parts keep their order
        docs, renamed = dedupe_ids([d for d, _ in docs], [n for _, n in docs], rename)
        return docs, problems + _capped(renamed)


def list_inputs(paths, max_chars: int | None = None) -> Listing:
    """Walk `paths` (see read_inputs); raises NoInputError when they hold no supported file at all."""
    paths = list(paths)
    limit, problems = _max_chars(max_chars)
    walked = tuple(_walk(paths))
    if not any(problem is None for _, problem in walked):
        detail = "; ".join(f"{_shown(p.path)}: {p.reason}"
                           for p in problems + [Problem(display_path(f), why) for f, why in walked])
        raise NoInputError(f"no supported input files ({', '.join(sorted(SUFFIXES))}) in "
                           f"{', '.join(_shown(display_path(p)) for p in paths) or '(no paths given)'}"
                           + (f" ({detail})" if detail else ""))
    return Listing(limit, walked, tuple(problems))


def read_files(files: list[Path], limit: int) -> list[tuple[list, list[Problem]]]:
    """read_file of each file, in order."""
    return [read_file(f, limit) for f in files]


def read_inputs(paths, max_chars: int | None = None) -> tuple[list[RawDocument], list[Problem]]:
    """Read every supported file under `paths`.

    A text over `max_chars` characters (None: the KG_MAX_CHARS environment variable, else
    DEFAULT_MAX_CHARS; never more than about 4.2 million) is split into parts at line breaks.
    Documents come sorted by (path, JSONL line), whatever the order of `paths`, so duplicate ids
    are renamed the same way for `kg build a b` and `kg build b a`.
    Raises NoInputError when the paths hold no supported file at all;
    anything else wrong is reported as a Problem and the run goes on.
    """
    listing = list_inputs(paths, max_chars)
    return listing.documents(read_files(listing.files(), listing.limit))

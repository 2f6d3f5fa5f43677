"""Stage 1: find input files and decode them into RawDocuments.

Every input problem becomes a one-line Problem naming the file (and JSONL
line); the run goes on. Supported: .txt, .md, .html/.htm, .jsonl in UTF-8
(with or without BOM), UTF-16/32 with BOM, GB18030/GBK/GB2312 and Big5.
"""
from __future__ import annotations

import codecs
import json
import os
import re
import threading
from html.parser import HTMLParser
from pathlib import Path

from .model import Problem, RawDocument

SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}
_FORMAT = {".txt": "txt", ".md": "md", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


class NoInputError(Exception):
    """The given paths hold no supported input file at all."""


# ---------------------------------------------------------------- finding files

def _walk(paths):
    """Yield (path, problem) pairs: a supported file with problem None, or a path that cannot be used.

    Folders are walked recursively in sorted order (deterministic on any
    machine); the same file reached twice (given twice, or via a symlink) is
    read once.
    """
    seen = set()
    for given in paths:
        p = Path(given)
        if p.is_symlink() and not p.exists():
            yield p, "broken symbolic link"
            continue
        if not p.exists():
            yield p, "no such file or folder"
            continue
        if p.is_dir():
            candidates = _walk_dir(p)
        elif not p.is_file():
            yield p, "not a regular file"
            continue
        elif p.suffix.lower() in SUFFIXES:
            candidates = [(p, None)]
        else:
            yield p, f"unsupported file type {p.suffix or '(none)'!r} (expected {', '.join(sorted(SUFFIXES))})"
            continue
        for f, problem in candidates:
            if problem is None:
                key = os.path.realpath(f)
                if key in seen:
                    continue
                seen.add(key)
            yield f, problem


def _walk_dir(root: Path):
    def on_error(exc: OSError):
        problems.append((Path(exc.filename or root), f"cannot read folder: {exc.strerror or exc}"))

    problems: list = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=on_error):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        yield from problems
        problems.clear()
        for name in sorted(filenames):
            f = Path(dirpath) / name
            if name.startswith(".") or f.suffix.lower() not in SUFFIXES:
                continue
            if f.is_symlink() and not f.exists():
                yield f, "broken symbolic link"
            elif not f.is_file():
                yield f, "not a regular file"
            else:
                yield f, None
    yield from problems


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
    if b"\x00" in head and _utf16_without_bom(head) is None:
        return "binary file (contains NUL bytes)"
    return None


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the NUL bytes sit where ASCII-heavy UTF-16 puts them."""
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if len(head) < 4 or len(head) % 2 and len(head) < _SAMPLE:
        return None
    for enc, nuls, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if nuls >= len(head) // 8 and other == 0:
            try:
                text = head[: len(head) // 2 * 2].decode(enc)
            except UnicodeDecodeError:
                continue
            if not any(ord(c) < 9 for c in text):
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
    kind = sniff_binary(data)
    if kind:
        raise UnreadableError(kind if kind.startswith("binary") else f"binary file ({kind}), not text")
    enc = detect_encoding(data)
    bom = next((b for b, e in _BOMS if data.startswith(b) and e == enc), b"")
    head_text, head_bad = _decode(data[len(bom): len(bom) + _SAMPLE], enc, final=len(data) <= _SAMPLE + len(bom))
    if head_bad > max(_BAD_BYTES_OK, _BAD_RATE_LIMIT * min(len(data), _SAMPLE)):
        raise UnreadableError(f"binary file or unknown encoding ({head_bad} undecodable bytes in the first "
                              f"{min(len(data), _SAMPLE)})")
    text, bad = _decode(data[len(bom):], enc)
    controls = sum(1 for c in head_text if ord(c) < 32 and c not in "\t\n\r\f\v\x1b")
    if controls > max(4, 0.01 * len(head_text)):      # a few stray ones are the normaliser's job
        raise UnreadableError("binary file (control characters), not text")
    return text, enc, bad


# ---------------------------------------------------------------- dates and titles

_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)")


def find_date(text: str) -> str | None:
    """The first plausible calendar date in `text` as YYYY-MM-DD."""
    for m in _DATE.finditer(text):
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def _head(text: str, lines: int = 8, chars: int = 400) -> str:
    return "\n".join(text.lstrip()[: chars * 2].split("\n")[:lines])[:chars]


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


class _MainText(HTMLParser):
    """Collects text per region (each <article>, main, body), skipping page furniture."""

    def __init__(self, by_class: bool = True):
        super().__init__(convert_charrefs=True)
        self.by_class = by_class          # also skip elements whose class/id names furniture
        self.stack: list[tuple[str, bool, str | None]] = []   # (tag, skips, region)
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
        if tag == "body" and any(t == "head" for t, _, _ in self.stack):
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
        if tag in _VOID_TAGS or not any(t == tag for t, _, _ in self.stack):
            return   # stray end tag
        while self.stack:
            t, skips, region = self.stack.pop()
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
    s = re.sub(r"\s+", " ", s or "").strip()
    return s or None


def _site_suffix_removed(title: str) -> str:
    """'Story title - Site name' -> 'Story title' (the longest part wins)."""
    parts = [p.strip() for p in re.split(r"\s+[-|_–—]\s+|_|\|", title) if p.strip()]
    return max(parts, key=len) if len(parts) > 1 else title


def _run_parser(text: str, by_class: bool) -> _MainText:
    p = _MainText(by_class)
    try:
        p.feed(text)
        p.close()
    except Exception:  # html.parser is lenient, but keep whatever was collected before a failure
        pass
    return p


def parse_html(text: str) -> tuple[str, str | None, str | None]:
    """(main text, title, date) of an HTML page; never raises on malformed markup."""
    p = _run_parser(text, by_class=True)
    body = p.main_text()
    if len(body) < 40:
        # the class/id heuristics may have hidden the story itself (class="ad-free nav-article"): retry without them
        plain = _run_parser(text, by_class=False)
        if len(plain.main_text()) > len(body):
            p, body = plain, plain.main_text()
    title = (_clean_title(p.meta.get("og:title")) or _clean_title("".join(p.h1))
             or (_site_suffix_removed(t) if (t := _clean_title("".join(p.title_parts))) else None))
    date = None
    for key in _DATE_META:
        if key in p.meta and (date := find_date(p.meta[key])):
            break
    date = date or (find_date(p.time_attr) if p.time_attr else None) or find_date(_head(body))
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
    """(plain text, title, date) of a Markdown article (front matter title/date honoured)."""
    title = date = None
    m = _MD_FRONT.match(text)
    if m:
        for line in m.group(1).split("\n"):
            k, _, v = line.partition(":")
            v = v.strip().strip("'\"")
            if k.strip().lower() == "title" and v:
                title = v
            elif k.strip().lower() in ("date", "published") and v:
                date = find_date(v)
        text = text[m.end():]
    if title is None:
        h = re.search(r"^[ \t]{0,3}#[ \t]+(.+?)[ \t#]*$", text, re.M)
        title = h.group(1).strip() if h else None
    for pattern, repl in _MD_INLINE:
        text = pattern.sub(repl, text)
    if title and not text.lstrip().startswith(title):
        text = f"{title}\n{text}"
    return text, title, date or find_date(_head(text))


def parse_plain(text: str) -> tuple[str, str | None, str | None]:
    """(text, title, date): plain text has no reliable title (normalise picks one); the date is one near the top."""
    return text, None, find_date(_head(text))


# ---------------------------------------------------------------- JSONL

_JSONL_FIELDS = ("id", "title", "date", "source", "url")


def parse_jsonl(text: str, path: str, stem: str):
    """Yield (RawDocument, line number) pairs and Problems (with line numbers) from a JSON Lines file."""
    for n, line in enumerate(text.split("\n"), 1):
        line = line.strip().lstrip("\ufeff")
        if not line:
            continue
        try:
            rec = json.loads(line)
        except ValueError as exc:
            yield Problem(path, f"not valid JSON{_json_error(exc)}", "skipped", n)
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
        fields, bad = {}, []
        for key in _JSONL_FIELDS:
            v = rec.get(key)
            if v is None or isinstance(v, str):
                fields[key] = v.strip() if isinstance(v, str) and v.strip() else None
            elif key == "id" and isinstance(v, int) and not isinstance(v, bool):
                fields[key] = str(v)     # numeric ids are common and unambiguous
            else:
                fields[key] = None
                bad.append(f"{key!r} ({_json_type(v)})")
        if bad:
            yield Problem(path, f"non-string field {', '.join(bad)} ignored", "degraded", n)
        doc_id = fields["id"] or f"{stem}-{n}"
        title = fields["title"]
        if title and not body.lstrip().startswith(title):
            body = f"{title}\n{body}"      # as in .txt and .html input, the headline is part of the text
        date = fields["date"]
        yield RawDocument(id=doc_id, path=path, text=body, title=title,
                          date=(find_date(date) or date) if date else None, source=fields["source"],
                          url=fields["url"], format="jsonl"), n


def _json_error(exc: ValueError) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f" at column {exc.colno}: {exc.msg}"
    return f": {exc}"


def _json_type(v) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
            float: "number", type(None): "null"}.get(type(v), type(v).__name__)


# ---------------------------------------------------------------- reading

_LOOKS_LIKE_HTML = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.I | re.S)


def read_file(f: Path) -> tuple[list[tuple[RawDocument, int | None]], list[Problem]]:
    """All documents in one file (with their JSONL line number), and what went wrong with it."""
    path = str(f)
    try:
        data = f.read_bytes()
    except IsADirectoryError:
        return [], [Problem(path, "is a folder, not a file")]
    except OSError as exc:
        return [], [Problem(path, f"cannot read: {exc.strerror or exc}")]
    if not data.strip():
        return [], [Problem(path, "empty file")]
    try:
        text, enc, bad = decode_bytes(data)
    except UnreadableError as exc:
        return [], [Problem(path, str(exc))]
    problems = []
    if bad:
        problems.append(Problem(path, f"{bad} undecodable byte{'s' if bad != 1 else ''} replaced "
                                      f"(read as {enc})", "degraded"))
    fmt = _FORMAT[f.suffix.lower()]
    if fmt == "jsonl":
        docs = []
        for item in parse_jsonl(text, path, f.stem):
            (problems if isinstance(item, Problem) else docs).append(item)
        if not docs and not problems:
            problems.append(Problem(path, "no records"))
        return docs, problems
    if text.startswith("\ufeff"):
        text = text[1:]
    if fmt != "html" and _LOOKS_LIKE_HTML.match(text):
        fmt = "html"           # a saved web page with a .txt/.md name
    parse = {"html": parse_html, "md": parse_markdown}.get(fmt, parse_plain)
    body, title, date = parse(text)
    if not body.strip():
        return [], problems + [Problem(path, "no text found" if fmt == "html" else "empty file")]
    return [(RawDocument(id=f.stem, path=path, text=body, title=title, date=date, format=fmt), None)], problems


def dedupe_ids(docs: list[RawDocument], lines: list[int | None] | None = None
               ) -> tuple[list[RawDocument], list[Problem]]:
    """Keep every document; the second and later uses of an id become id~2, id~3, ... (in input order)."""
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
        out.append(RawDocument(id=new, path=d.path, text=d.text, title=d.title, date=d.date,
                               source=d.source, url=d.url, format=d.format))
    return out, problems


def read_inputs(paths) -> tuple[list[RawDocument], list[Problem]]:
    """Read every supported file under `paths`.

    Raises NoInputError when the paths hold no supported file at all;
    anything else wrong is reported as a Problem and the run goes on.
    """
    docs, problems = [], []
    found = 0
    for f, problem in _walk(paths):
        if problem is not None:
            problems.append(Problem(str(f), problem))
            continue
        found += 1
        file_docs, file_problems = read_file(f)
        docs.extend(file_docs)
        problems.extend(file_problems)
    if not found:
        detail = "; ".join(f"{p.path}: {p.reason}" for p in problems)
        raise NoInputError(f"no supported input files ({', '.join(sorted(SUFFIXES))}) in "
                           f"{', '.join(map(str, paths)) or '(no paths given)'}" + (f" ({detail})" if detail else ""))
    docs, renamed = dedupe_ids([d for d, _ in docs], [n for _, n in docs])
    return docs, problems + renamed

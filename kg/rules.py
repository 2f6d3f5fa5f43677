"""Rule packs: versioned YAML data that drive normalisation and extraction.

The bundled pack is every `*.yaml` in kg/rules/ (merged in name order);
`kg build --rules FILE` merges user packs on top: lists are extended,
mappings merged key by key, scalars replaced. Every pack is validated on
load against the schemas the caller passes (the components' rule keys: kg.doc.Registry.schemas(),
which kg.pipeline.load_rules supplies; this module imports no stage), so a typo stops the run
before any work is done: every value down to a
mapping's values and a list's items is checked against its declared type, a user pack's regular
expressions are refused when they can backtrack catastrophically, and a pack file is read only
when it is small, UTF-8 and free of YAML aliases (which can expand a few hundred bytes into
gigabytes). The version covers the packs and every data file they point at.
"""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import yaml

RULES_DIR = Path(__file__).parent / "rules"


class RuleError(Exception):
    """A rule pack that cannot be used; the message names file, rule and problem."""


# a rule pack file larger than this is refused unread (the bundled packs together are ~0.2 MB)
MAX_PACK_BYTES = 10 * 1024 * 1024
# the backtracking check costs up to ~0.1 s per 1,000 pattern characters: a user pack's regexes
# may be this long, one and all together (the bundled: 404 characters at most, ~6,400 in all)
MAX_PATTERN_CHARS = 5_000
MAX_PACK_PATTERN_CHARS = 100_000
# a data file (gazetteer) a pack names may be this large (the bundled ones: 32 KB at most)
MAX_DATA_FILE_BYTES = 100 * 1024 * 1024


# A declared rule type is plain data:
#   "str", "int", "num", "bool"      scalars ("num": int or float)
#   "regex"                          a regular expression (compiled, and refused when it can backtrack
#                                    catastrophically: see _backtracking_risk)
#   "path"                           a data file (gazetteer): relative to kg/rules/ or absolute; "" = none
#   "list[T]", "map[T]"              a list of T; a mapping of string keys to T
#   "tuple[T1,T2,...]"               a list of exactly these items (a unit: [CNY, 1])
#   {"field": T, "field?": T}        a mapping with these fields ("?": optional) and no others
#   [T]                              a list of T, for T that is no string (a list of records)
# and the older names: "list" = list[str], "regexes" = list[regex], "map_list" = map[list[str]],
# "map_regexes" = map[list[regex]], "map" = a mapping of anything, "records" = a list of mappings
# whose "pattern"/"regex" fields are regexes.
_ALIASES = {"list": "list[str]", "regexes": "list[regex]", "map_list": "map[list[str]]",
            "map_regexes": "map[list[regex]]"}
_SCALARS = ("str", "int", "num", "bool", "regex", "path", "any")


def _parse_type(decl):
    """A declaration as nested tuples: ("str",), ("list", T), ("map", T), ("tuple", (T, ...)),
    ("record", ((name, required, T), ...)), ("records",) (legacy). ValueError on a schema bug."""
    if isinstance(decl, dict):
        return ("record", tuple((k.rstrip("?"), not k.endswith("?"), _parse_type(v))
                                for k, v in decl.items()))
    if isinstance(decl, list) and len(decl) == 1:
        return ("list", _parse_type(decl[0]))
    if not isinstance(decl, str):
        raise ValueError(f"bad rule type declaration {decl!r}")
    decl = _ALIASES.get(decl, decl).replace(" ", "")
    if decl in _SCALARS:
        return (decl,)
    if decl == "map":
        return ("map", ("any",))
    if decl == "records":
        return ("records",)
    head, bracket, inner = decl.partition("[")
    if not bracket or not inner.endswith("]") or head not in ("list", "map", "tuple"):
        raise ValueError(f"bad rule type declaration {decl!r}")
    args = tuple(_parse_type(a) for a in _split_args(inner[:-1]))
    if head == "tuple":
        return ("tuple", args)
    if len(args) != 1:
        raise ValueError(f"bad rule type declaration {decl!r}: {head} takes one item type")
    return (head, args[0])


def _split_args(text: str) -> list[str]:
    """'str,list[str]' -> ['str', 'list[str]'] (commas at bracket depth 0)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "[") - (ch == "]")
        if ch == "," and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts


def _type_name(t) -> str:
    """How a message names type t."""
    return {"str": "a string", "int": "an integer", "num": "a number", "bool": "true/false",
            "regex": "a regular expression", "path": "a file path", "any": "anything", "list": "a list",
            "map": "a mapping", "tuple": f"a list of {len(t[1]) if len(t) > 1 else 0} items",
            "record": "a mapping", "records": "a list of mappings"}[t[0]]


def check_schemas(schemas: Mapping[str, Mapping[str, object]]) -> None:
    """ValueError unless every declared type parses (a malformed declaration is a component's bug)."""
    for keys in schemas.values():
        for kind in keys.values():
            _parse_type(kind)


@dataclass(frozen=True)
class RulePack:
    data: dict
    version: str
    sources: tuple[str, ...] = field(default=())

    def section(self, name: str) -> dict:
        return self.data.get(name, {})

    def get(self, section: str, key: str, default=None):
        return self.data.get(section, {}).get(key, default)


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _label(key) -> str:
    """A rule name as a message shows it: as written, or quoted when it would break the line."""
    return key if isinstance(key, str) and key.isprintable() and len(key) <= 80 else _short(key)


def _check_file(value: str, where: str) -> None:
    """A data file must be a regular file of UTF-8 text, of at most MAX_DATA_FILE_BYTES."""
    path = Path(RULES_DIR, value)
    name = str(path) if str(path).isprintable() else _short(str(path))   # no raw control characters
    try:
        if not path.exists():
            raise RuleError(f"{where}: no such file {name}")
        if not path.is_file():             # a folder, or a device such as /dev/zero that never ends
            raise RuleError(f"{where}: {name} is not a regular file")
        with open(path, "rb") as f:
            raw = f.read(MAX_DATA_FILE_BYTES + 1)
    except (OSError, ValueError) as exc:     # ValueError: a NUL in the name
        raise RuleError(f"{where}: cannot read {_short(name)}: {getattr(exc, 'strerror', None) or exc}") from exc
    if len(raw) > MAX_DATA_FILE_BYTES:
        raise RuleError(f"{where}: {name} is larger than {MAX_DATA_FILE_BYTES // (1024 * 1024)} MB")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError(f"{where}: {name} is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
                        f"{exc.start})") from exc
    if b"\0" in raw:
        raise RuleError(f"{where}: {name} is a binary file (it holds NUL bytes), not text")


def _check(t: tuple, value, where: str, patterns: dict | None) -> None:
    """Raise RuleError unless value has type t (from _parse_type). patterns: also refuse regular
    expressions that can backtrack catastrophically, spending patterns["left"] characters."""
    def fail(msg: str) -> None:
        raise RuleError(f"{where}: {msg}")

    kind, got = t[0], type(value).__name__
    if kind in ("str", "path"):
        if not isinstance(value, str):
            fail(f"expected a string, got {got}")
        if kind == "path" and value:
            _check_file(value, where)
    elif kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            fail(f"expected an integer, got {got}")
    elif kind == "num":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            fail(f"expected a number, got {got}")
    elif kind == "bool":
        if not isinstance(value, bool):
            fail(f"expected true/false, got {got}")
    elif kind == "regex":
        if not isinstance(value, str):
            fail(f"expected a regular expression string, got {got}")
        try:
            compiled = re.compile(value)
        except re.error as exc:
            fail(f"bad regular expression {_short(value)}: {exc}")
        except RecursionError:
            fail(f"bad regular expression {_short(value)}: groups nested too deeply")
        if patterns is None:
            return
        if len(value) > MAX_PATTERN_CHARS:
            fail(f"regular expression of {len(value):,} characters: longer than {MAX_PATTERN_CHARS:,}, "
                 "the most the backtracking check takes (put its words in a list or gazetteer)")
        patterns["left"] -= len(value)
        if patterns["left"] < 0:
            fail(f"the pack's regular expressions come to more than {MAX_PACK_PATTERN_CHARS:,} "
                 "characters, the most the backtracking check takes")
        risk = _backtracking_risk(value, compiled.flags)
        if risk:
            fail(f"regular expression {_short(value)} can backtrack catastrophically: {risk} "
                 "(make the parts of a repeated group unable to match the same text, or use (?>...))")
    elif kind == "list":
        if not isinstance(value, list):
            fail(f"expected a list, got {got}")
        for i, item in enumerate(value):
            _check(t[1], item, f"{where}[{i}]", patterns)
    elif kind == "map":
        if not isinstance(value, dict):
            fail(f"expected a mapping, got {got}")
        if t[1] != ("any",):
            for k, v in value.items():
                if not isinstance(k, str):
                    fail(f"key {_short(k)} should be a string, got {type(k).__name__}")
                _check(t[1], v, f"{where}.{_label(k)}", patterns)
    elif kind == "tuple":
        if not isinstance(value, list) or len(value) != len(t[1]):
            fail(f"expected a list of {len(t[1])} items "
                 f"({', '.join(_type_name(a) for a in t[1])}), got {_short(value)}")
        for i, (item_t, item) in enumerate(zip(t[1], value)):
            _check(item_t, item, f"{where}[{i}]", patterns)
    elif kind == "record":
        if not isinstance(value, dict):
            fail(f"expected a mapping, got {got}")
        fields = {name: (required, ft) for name, required, ft in t[1]}
        for k in value:
            if k not in fields:
                fail(f"unknown field {_short(k)} (known: {', '.join(fields)})")
        for name, (required, ft) in fields.items():
            if name in value:
                _check(ft, value[name], f"{where}.{name}", patterns)
            elif required:
                fail(f"missing field {name!r}")
    elif kind == "records":            # the older, looser declaration: regex fields only
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            fail("expected a list of mappings")
        for i, rec in enumerate(value):
            for rk, rv in rec.items():
                if rk in ("pattern", "regex") and isinstance(rv, str):
                    _check(("regex",), rv, f"{where}[{i}].{rk}", patterns)
    elif kind != "any":  # pragma: no cover - _parse_type knows no other kind
        raise AssertionError(kind)


def validate(data, source: str, schemas: Mapping[str, Mapping[str, object]], patterns: bool = True) -> None:
    """Raise RuleError (naming source, the rule and the problem) unless data is a valid rule pack:
    every section one of `schemas` (section -> key -> declared type), every key declared there.
    patterns=False skips the backtracking check of regular expressions (for the bundled packs:
    see load_rules)."""
    budget = {"left": MAX_PACK_PATTERN_CHARS} if patterns else None
    if not isinstance(data, dict):
        raise RuleError(f"{source}: a rule pack must be a mapping of sections, got {type(data).__name__}")
    for section, body in data.items():
        if section not in schemas:
            raise RuleError(f"{source}: unknown section {_short(section)} (known: {', '.join(sorted(schemas))})")
        if not isinstance(body, dict):
            raise RuleError(f"{source}: section {section!r} must be a mapping")
        for key, value in body.items():
            kinds = schemas[section]
            if key not in kinds:
                raise RuleError(f"{source}: unknown key {section}.{_label(key)} "
                                f"(known: {', '.join(sorted(kinds)) or 'none'})")
            _check(_parse_type(kinds[key]), value, f"{source}: rule {section}.{key}", budget)


def _paths(t: tuple, value) -> list[str]:
    """The data-file paths (type "path") inside a value of type t."""
    kind = t[0]
    if kind == "path":
        return [value] if isinstance(value, str) and value else []
    if kind == "list" and isinstance(value, list):
        return [p for item in value for p in _paths(t[1], item)]
    if kind == "map" and isinstance(value, dict):
        return [p for item in value.values() for p in _paths(t[1], item)]
    if kind == "tuple" and isinstance(value, list):
        return [p for item_t, item in zip(t[1], value) for p in _paths(item_t, item)]
    if kind == "record" and isinstance(value, dict):
        return [p for name, _, ft in t[1] if name in value for p in _paths(ft, value[name])]
    return []


def _data_files_outside(data: dict, schemas: Mapping[str, Mapping[str, object]]) -> list[Path]:
    """The files the merged packs point at that are not in kg/rules/ (hashed there already)."""
    inside = RULES_DIR.resolve()
    found = {Path(RULES_DIR, p).resolve() for section, body in data.items() for key, value in body.items()
             for p in _paths(_parse_type(schemas[section][key]), value)}
    return sorted(p for p in found if not p.is_relative_to(inside))


def _merge(base: dict, extra: dict) -> dict:
    out = dict(base)
    for k, v in extra.items():
        if k in out and isinstance(out[k], list) and isinstance(v, list):
            out[k] = out[k] + [x for x in v if x not in out[k]]
        elif k in out and isinstance(out[k], dict) and isinstance(v, dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


# libyaml's loader when PyYAML was built with it: the bundled packs load ~10x faster
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# where an anchor or alias could start (a node after a line start, blank or flow indicator):
# text without one needs no event pass, as most regexes' "*" follow other characters
_MAY_ALIAS = re.compile(r"(?:^|[\s\[{,])[*&]", re.M)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    """A YAML error on one line: what, and where."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    what = getattr(exc, "problem", None) or " ".join(str(exc).split())
    return f"line {mark.line + 1}, column {mark.column + 1}: {what}" if mark else what


def _read_yaml(path: Path):
    try:
        with open(path, "rb") as f:
            raw = f.read(MAX_PACK_BYTES + 1)     # a bounded read: the path may be a pipe or a device
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from exc
    if len(raw) > MAX_PACK_BYTES:
        raise RuleError(f"{path}: rule pack is larger than {MAX_PACK_BYTES // (1024 * 1024)} MB; "
                        "not read")
    if b"\0" in raw:
        raise RuleError(f"{path}: rule pack is a binary file (it holds NUL bytes), not YAML text")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: rule pack is not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
                        f"{exc.start})") from exc
    try:
        # Anchors and aliases are refused, not expanded: rule packs do not need them, and nine
        # nested aliases (a "billion laughs") expand a few hundred bytes into gigabytes. Events
        # come before anything is built, so the refusal costs one linear pass.
        for event in (yaml.parse(text, Loader=_YAML_LOADER) if _MAY_ALIAS.search(text) else ()):
            if getattr(event, "anchor", None) is not None:
                what = "alias *" if isinstance(event, yaml.AliasEvent) else "anchor &"
                raise RuleError(f"{path}: line {event.start_mark.line + 1}: YAML {what}{event.anchor}: "
                                "rule packs may not use anchors and aliases (write the value out)")
        data = yaml.load(text, Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: not valid YAML: {_yaml_problem(exc)}") from exc
    except RecursionError as exc:
        raise RuleError(f"{path}: not valid YAML: nested too deeply") from exc
    except (ValueError, OverflowError) as exc:      # 5,000-digit integers, a 13th month
        raise RuleError(f"{path}: a value cannot be read: {' '.join(str(exc).split())}") from exc
    return {} if data is None else data


def load_rules(extra: list[str | Path] | tuple, schemas: Mapping[str, Mapping[str, object]]) -> RulePack:
    """The bundled packs with `extra` merged on top, validated against `schemas` (section -> key ->
    declared type: kg.doc.Registry.schemas(); kg.pipeline.load_rules passes the bundled components').
    Compiling the rules is the components' business (kg.doc.Pipeline.from_rules)."""
    check_schemas(schemas)
    data: dict = {}
    sources = []
    for path in sorted(RULES_DIR.glob("*.yaml")):
        pack = _read_yaml(path)
        validate(pack, str(path), schemas)
        data = _merge(data, pack)
        sources.append(f"kg/rules/{path.name}")
    for p in extra:
        path = Path(p)
        pack = _read_yaml(path)
        validate(pack, str(path), schemas)
        data = _merge(data, pack)
        sources.append(str(path))
    h = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())
    # data files the packs point at (gazetteers) are part of the rules too
    for path in sorted(RULES_DIR.rglob("*")):
        if path.is_file() and path.suffix != ".yaml" and "__pycache__" not in path.parts:
            h.update(path.relative_to(RULES_DIR).as_posix().encode())
            h.update(path.read_bytes())
    # and so are the files a user pack points at outside kg/rules/ (absolute paths)
    for path in _data_files_outside(data, schemas):
        try:
            h.update(b"\0" + path.read_bytes())
        except OSError as exc:
            raise RuleError(f"{', '.join(sources)}: cannot read data file {path}: "
                            f"{exc.strerror or exc}") from exc
    digest = h.hexdigest()[:12]
    version = f"{data.get('meta', {}).get('version', '0')}+{digest}"
    return RulePack(data=data, version=version, sources=tuple(sources))


# ---------------------------------------------------------------- catastrophic backtracking
#
# A static check of a pattern's structure, written over the pattern string: `sre_parse` is
# deprecated since 3.11 (importing it warns) and `re._parser` is private, so neither is a stable
# base. The pattern has compiled already, so the parser below only needs its shape. It refuses a
# repeated group (*, +, {m,n} with n >= 2) in which one piece of text can be matched in more than
# one way, so that a failing match tries every split: exponentially (or n^k) many.
#   - a part of the group that can match text of any length and whose characters can also
#     start what follows it in the group or the next repetition: (a+)+, (a*)*, (.*a){20}, (\d+,?)*
#   - with _MANY or more repetitions, also a bounded choice: an optional or {m,n} part that can
#     match what follows it, (a?a)*, or alternatives that can start alike, (a|a)*, (x|\w+)+;
#     alternatives that are all plain words count only when one repeats (打印|打印本页 is fine)
# Atomic groups (?>...) and possessive quantifiers (a*+) never backtrack and pass. Runs of
# unrelated quantifiers outside a repeated group (.*.*x) are polynomial and not refused. Classes
# are compared on sample characters (_CharSets), so the check is a careful guess, not a proof.

_INF = float("inf")
_MANY = 10     # repetitions from which a two-way choice in each (2^10 tries) is refused


@dataclass(frozen=True)
class _Atom:
    """One character's worth of pattern: a literal, a class, an escape or '.' (src matches it)."""
    src: str


@dataclass(frozen=True)
class _Group:
    alts: tuple            # tuple of sequences (tuples) of _Item
    kind: str              # "group", "atomic" (no backtracking into it) or "look" (zero-width)


@dataclass(frozen=True)
class _Item:
    node: object           # _Atom, _Group, or None for a zero-width assertion
    lo: int
    hi: float
    possessive: bool
    src: str               # the item's text in the pattern, quantifier included


_QUANT = re.compile(r"\{(\d*)(,?)(\d*)\}")
_ESCAPED_CHAR = re.compile(r"\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8}))")


def _skip_verbose(p: str, i: int, verbose: bool) -> int:
    """Past whitespace and #-comments, which a (?x) pattern ignores."""
    while verbose and i < len(p) and (p[i].isspace() or p[i] == "#"):
        i = (p.find("\n", i) % (len(p) + 1) if p[i] == "#" else i) + 1
    return i


def _parse_alts(p: str, i: int, verbose: bool) -> tuple[tuple, int]:
    alts, seq = [], []
    while (i := _skip_verbose(p, i, verbose)) < len(p) and p[i] != ")":
        if p[i] == "|":
            alts.append(tuple(seq))
            seq, i = [], i + 1
            continue
        start = i
        node, i = _parse_atom(p, i, verbose)
        lo, hi, possessive, i = _parse_quantifier(p, _skip_verbose(p, i, verbose))
        seq.append(_Item(node, lo, hi, possessive, p[start:i]))
    alts.append(tuple(seq))
    return tuple(alts), i


def _parse_quantifier(p: str, i: int) -> tuple[int, float, bool, int]:
    lo, hi = 1, 1
    if i < len(p) and p[i] in "*+?":
        lo, hi = {"*": (0, _INF), "+": (1, _INF), "?": (0, 1)}[p[i]]
        i += 1
    elif i < len(p) and p[i] == "{" and (m := _QUANT.match(p, i)) and (m.group(1) or m.group(2)):
        lo = int(m.group(1) or 0)
        hi = int(m.group(3)) if m.group(3) else (_INF if m.group(2) else lo)
        i = m.end()
    else:
        return lo, hi, False, i
    possessive = i < len(p) and p[i] == "+"
    if i < len(p) and p[i] in "?+":      # lazy or possessive
        i += 1
    return lo, hi, possessive, i


def _skip_to_close(p: str, i: int) -> int:
    """Index after the ')' that closes a group whose body starts at i (no nesting inside)."""
    while p[i] != ")":
        i += 2 if p[i] == "\\" else 1
    return i + 1


def _parse_atom(p: str, i: int, verbose: bool) -> tuple[object, int]:
    c = p[i]
    if c == "\\":
        d = p[i + 1]
        if d in "bBAZ":
            return None, i + 2
        if d in "123456789":               # a back-reference matches any text the group did
            j = i + 2 + (i + 2 < len(p) and p[i + 2].isdigit())
            return _ANY_TEXT, j
        width = {"x": 4, "u": 6, "U": 10}.get(d, 2)
        if d == "N":
            width = p.index("}", i) + 1 - i
        elif d == "0":
            width = 2 + len(re.match(r"[0-7]{0,2}", p[i + 2:]).group())
        return _Atom(p[i:i + width]), i + width
    if c == "[":
        j = i + 1
        j += p[j] == "^"
        j += p[j] == "]"
        while p[j] != "]":
            j += 2 if p[j] == "\\" else 1
        return _Atom(p[i:j + 1]), j + 1
    if c in "^$":
        return None, i + 1
    if c == ".":
        return _Atom("."), i + 1
    if c != "(":
        return _Atom(re.escape(c)), i + 1
    kind, j = "group", i + 1
    if p.startswith("(?", i):
        rest = p[i + 2:i + 4]
        if rest.startswith(("=", "!")):
            kind, j = "look", i + 3
        elif rest in ("<=", "<!"):
            kind, j = "look", i + 4
        elif rest.startswith(">"):
            kind, j = "atomic", i + 3
        elif rest.startswith(":"):
            j = i + 3
        elif rest.startswith("P<"):
            j = p.index(">", i) + 1
        elif rest.startswith("P="):
            return _ANY_TEXT, _skip_to_close(p, i + 4)
        elif rest.startswith("#"):
            return None, _skip_to_close(p, i + 3)
        elif rest.startswith("("):        # (?(id)yes|no)
            j = p.index(")", i + 3) + 1
        else:                             # inline flags: (?i) or (?i-s:...)
            m = re.match(r"[aiLmsux-]*", p[i + 2:])
            j = i + 2 + m.end()
            if p[j] == ")":
                return None, j + 1
            j += 1
    alts, j = _parse_alts(p, j, verbose)
    return _Group(alts, kind), j + 1


# any text at all: what a back-reference may match
_ANY_TEXT = _Group(((_Item(_Atom("."), 0, _INF, False, ".*"),),), "group")


def _nullable(item: _Item) -> bool:
    """Whether the item can match the empty string."""
    node = item.node
    if item.lo == 0 or node is None:
        return True
    if isinstance(node, _Atom):
        return False
    return node.kind == "look" or any(all(_nullable(x) for x in seq) for seq in node.alts)


def _first(item: _Item) -> list[_Atom]:
    """The atoms that can match the item's first character."""
    node = item.node
    if isinstance(node, _Atom):
        return [node]
    if node is None or node.kind == "look":
        return []
    return [a for seq in node.alts for a in _seq_first(seq)]


def _seq_first(seq) -> list[_Atom]:
    """The atoms that can match the first character of a sequence."""
    out: list[_Atom] = []
    for x in seq:
        out += _first(x)
        if not _nullable(x):
            break
    return out


def _atoms(node) -> list[_Atom]:
    """Every atom a node can match with (lookarounds consume nothing)."""
    if isinstance(node, _Atom):
        return [node]
    if node is None or node.kind == "look":
        return []
    return [a for alt in node.alts for item in alt for a in _atoms(item.node)]


def _plain(atom: _Atom) -> str | None:
    """The one character a literal atom matches (中, \\.), or None for a class, escape or '.'."""
    src = atom.src
    if len(src) == 1 and src != ".":
        return src
    return src[1] if len(src) == 2 and src[0] == "\\" and not src[1].isalnum() else None


_SAMPLE_MAX = 400      # non-ASCII sample characters at most: the cost is classes x sample
# beyond ASCII, one character of each kind a class commonly includes or leaves out (named, not typed:
# they stand for their kinds, they are no vocabulary)
_KINDS = "".join(map(unicodedata.lookup, ("CJK UNIFIED IDEOGRAPH-4E2D", "IDEOGRAPHIC SPACE",
                                          "LATIN SMALL LETTER E WITH ACUTE", "FULLWIDTH COMMA")))


def _sample(pattern: str, atoms: list[_Atom]) -> str:
    """Characters to compare classes on: ASCII, a few others, and up to _SAMPLE_MAX characters the
    pattern names, those inside classes (range ends) first; enough to see that [^，]+ and ，
    share none, \\d and 5 do."""
    inside = {ch for a in atoms if _plain(a) is None for ch in a.src}
    inside |= {chr(int(next(g for g in m.groups() if g), 16)) for m in _ESCAPED_CHAR.finditer(pattern)}
    ascii_ = set(map(chr, range(128))) | set(_KINDS)
    named = sorted(inside - ascii_) + sorted(set(pattern) - inside - ascii_)
    return "".join(sorted(ascii_) + named[:_SAMPLE_MAX])


class _CharSets:
    """The sample characters each atom matches, computed once per atom of one pattern."""

    def __init__(self, pattern: str, alts):
        self.sample = _sample(pattern, [a for item in _items(alts) for a in _atoms_here(item)])
        self.known: dict[str, frozenset] = {}

    def of(self, atoms: list[_Atom]) -> frozenset:
        out: set[str] = set()
        for atom in atoms:
            if atom.src not in self.known:
                plain = _plain(atom)
                # one scan of the sample per class: its matches are single characters
                self.known[atom.src] = frozenset(plain if plain is not None else re.findall(atom.src, self.sample))
            out |= self.known[atom.src]
        return frozenset(out)


def _atoms_here(item: _Item) -> list[_Atom]:
    return [item.node] if isinstance(item.node, _Atom) else []


def _literal(seq) -> str | None:
    """The fixed text a sequence of plain characters matches, or None."""
    chars = [_plain(x.node) if isinstance(x.node, _Atom) and (x.lo, x.hi) == (1, 1) else None for x in seq]
    return None if None in chars else "".join(chars)


def _alternatives_overlap(node: _Group, cs: _CharSets) -> bool:
    """Whether two alternatives of the group can start matching the same text: the same word
    twice (a|a), or, unless all are plain words (打印|打印本页 split one way only), the same first
    character."""
    words = [_literal(alt) for alt in node.alts]
    if None not in words:
        return len(set(words)) < len(words)
    seen: set[str] = set()
    for alt in node.alts:
        chars = cs.of(_seq_first(alt))
        if chars & seen:
            return True
        seen |= chars
    return False


def _unbounded(item: _Item) -> bool:
    """Whether the item can match text of any length (so its ways to split grow with the text)."""
    node = item.node
    return item.hi == _INF or (isinstance(node, _Group) and node.kind != "look"
                               and any(_unbounded(x) for alt in node.alts for x in alt))


def _ambiguous(seq, follow: frozenset, cs: _CharSets, many: bool) -> str | None:
    """What inside one repetition of a repeated group can match the same text two ways, if anything.
    follow: the characters that can come after seq (the next repetition's first among them);
    many: the group repeats _MANY times or more, so that even a two-way choice costs 2^_MANY."""
    afters, acc = [], follow                 # what can follow each item, built from the end
    for item in reversed(seq):
        afters.append(acc)
        acc = cs.of(_first(item)) | (acc if _nullable(item) else frozenset())
    for item, after in zip(seq, reversed(afters)):
        node = item.node
        if node is None or (isinstance(node, _Group) and node.kind == "look"):
            continue
        free = not item.possessive and not (isinstance(node, _Group) and node.kind == "atomic")
        if free and item.hi > item.lo and (many or _unbounded(item)) and cs.of(_atoms(node)) & after:
            return f"{item.src!r} can match what follows it"
        if isinstance(node, _Group) and free:
            if many and len(node.alts) > 1 and _alternatives_overlap(node, cs):
                return f"alternatives of {item.src!r} can start alike"
            inner = after | (cs.of(_first(item)) if item.hi >= 2 else frozenset())
            for alt in node.alts:
                found = _ambiguous(alt, inner, cs, many or item.hi >= _MANY)
                if found:
                    return found
    return None


def _items(alts):
    for seq in alts:
        for item in seq:
            yield item
            if isinstance(item.node, _Group):
                yield from _items(item.node.alts)


def _backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Why `pattern` (which compiles, with these flags) can take exponential or high-degree
    polynomial time, or None."""
    try:
        alts, _ = _parse_alts(pattern, 0, bool(flags & re.VERBOSE))
    except (IndexError, ValueError, AttributeError):    # a form this parser does not know: no verdict
        return None
    except RecursionError:
        return "its groups are nested too deeply to check"
    try:
        return _repeated_group_risk(pattern, alts)
    except RecursionError:
        return "its groups are nested too deeply to check"


def _repeated_group_risk(pattern: str, alts) -> str | None:
    cs = None
    for item in _items(alts):
        node = item.node
        if isinstance(node, _Group) and node.kind == "group" and item.hi >= 2 and not item.possessive:
            cs = cs or _CharSets(pattern, alts)
            many = item.hi >= _MANY
            if many and len(node.alts) > 1 and _alternatives_overlap(node, cs):
                return f"{item.src!r} repeats alternatives that can match the same text"
            again = cs.of(_first(item))          # what the next repetition starts with
            for alt in node.alts:
                found = _ambiguous(alt, again, cs, many)
                if found:
                    return f"{item.src!r} repeats a group in which {found}"
    return None


def any_pattern(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One alternation of patterns that are only ever asked "does any of them match" (one search
    instead of many), or None when joining them could change what matches: back-references,
    inline flags, or groups renumbered."""
    if len(patterns) < 2 or any("(?P=" in p.pattern or re.search(r"\\[1-9]", p.pattern) for p in patterns):
        return None
    try:
        joined = re.compile("|".join(f"(?:{p.pattern})" for p in patterns))
    except re.error:
        return None
    if joined.groups != sum(p.groups for p in patterns) or any(p.flags != joined.flags for p in patterns):
        return None
    return joined


def joined_patterns(patterns: list[re.Pattern]) -> list[re.Pattern]:
    """[the alternation of `patterns`] when any_pattern can join them, else the patterns."""
    joined = any_pattern(patterns)
    return patterns if joined is None else [joined]

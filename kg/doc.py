"""One document through registered components: Doc, Component, Registry, Pipeline.

A `Pipeline` is built once per rule pack (`Pipeline.from_rules`): it builds every component named in the
pack's `pipeline.document` list, in that order, each compiling its rules once in `__init__`. Calling it on a
raw document runs the components over one `Doc` and hands it back. Nothing here is a module-level registry:
the caller passes the `Registry` (kg.components.default_registry() for the bundled components).
"""
from __future__ import annotations

import re
import time
from dataclasses import dataclass, field, fields
from typing import ClassVar, Mapping

from .model import Document, DocResult, FigureMention, Mention, RawDocument, RelationMention, Sentence, Token
from .rules import RuleError, RulePack

# the rule keys of the section that names the components, and of `meta` (no stage owns either)
SCHEMA_META = {"name": "str", "version": "str", "description": "str"}
SCHEMA_PIPELINE = {"document": "list[str]"}


@dataclass(slots=True)
class Doc:
    """One document on its way through the components. Result fields go into DocResult; `tokens` and the
    entity families' `index`, `cands`, `regions_at`, `blocked` are scratch one component hands the next,
    dropped before results leave the worker."""
    raw: RawDocument
    document: Document | None = None                               # normalise
    sentences: list[Sentence] = field(default_factory=list)        # segment
    tokens: list[Token] | None = None                              # segment: the whole text's tokens
    index: object | None = None                                    # lexicon: the tokens' offset index (Tokens)
    cands: list = field(default_factory=list)                      # entity families: candidates (Cand)
    regions_at: dict = field(default_factory=dict)                 # gazetteer: region start -> end
    blocked: list = field(default_factory=list)                    # titles: (start, end) of news headlines
    mentions: list[Mention] = field(default_factory=list)          # overlap
    topic: Mention | None = None                                   # topic (None: no topic region)
    figures: list[FigureMention] = field(default_factory=list)     # figures
    relations: list[RelationMention] = field(default_factory=list)  # relations
    summary: tuple | None = None                                   # resolve_local

    @property
    def text(self) -> str:
        return self.document.text

    def result(self, keep_sentences: bool = True) -> DocResult:
        return DocResult(self.document, self.sentences if keep_sentences else [], self.mentions, self.figures,
                         self.relations, self.summary)


# the names a component's reads/writes may use
DOC_FIELDS = tuple(f.name for f in fields(Doc))


class Component:
    """One per-document stage. A subclass names itself (`name`, its entry in `pipeline.document`),
    declares the rule keys it reads per section (`schema`: section -> key -> type, see kg.rules), the Doc
    fields it reads and writes, and the components whose compiled state it uses (`needs`: built before
    it). `__init__` compiles its rules once; `__call__` fills its Doc fields."""
    name: ClassVar[str] = ""
    schema: ClassVar[Mapping[str, Mapping[str, object]]] = {}
    reads: ClassVar[tuple[str, ...]] = ()
    writes: ClassVar[tuple[str, ...]] = ()
    needs: ClassVar[tuple[str, ...]] = ()
    timing: ClassVar[str] = ""          # the report.json timings entry its time counts towards ("": its name)

    def __init__(self, pack: RulePack, peers: Mapping[str, "Component"]):
        self.pack = pack

    def __call__(self, doc: Doc) -> None:  # pragma: no cover - every component defines it
        raise NotImplementedError


class Registry:
    """An immutable mapping name -> Component class; `with_component` derives a new one."""

    def __init__(self, classes: Mapping[str, type] | tuple = ()):
        items = dict(classes)
        for name, cls in items.items():
            if not (isinstance(cls, type) and issubclass(cls, Component)) or cls.name != name:
                raise ValueError(f"registry entry {name!r}: not a Component class named {name!r}")
            for f in (*cls.reads, *cls.writes):
                if f not in DOC_FIELDS:
                    raise ValueError(f"component {name!r}: no Doc field {f!r}")
        self._classes = items

    def with_component(self, cls: type) -> "Registry":
        return Registry({**self._classes, cls.name: cls})

    def __getitem__(self, name: str) -> type:
        return self._classes[name]

    def __contains__(self, name: object) -> bool:
        return name in self._classes

    def names(self) -> list[str]:
        return list(self._classes)

    def schemas(self) -> dict[str, dict[str, object]]:
        """Every section's keys and types (what kg.rules.validate checks a pack against): `meta`,
        `pipeline`, and each component's sections (two components may share one)."""
        out: dict[str, dict[str, object]] = {"meta": dict(SCHEMA_META), "pipeline": dict(SCHEMA_PIPELINE)}
        for cls in self._classes.values():
            for section, keys in cls.schema.items():
                out.setdefault(section, {}).update(keys)
        return out

    def __reduce__(self):
        return Registry, (self._classes,)


class Pipeline:
    """The components of one rule pack, built once, in the order of the pack's `pipeline.document`."""

    def __init__(self, pack: RulePack, registry: Registry, components: tuple[Component, ...]):
        self.pack, self.registry, self.components = pack, registry, components
        self._by_name = {c.name: c for c in components}
        # (component, its timings key), once: the loop in __call__ runs per document
        self._steps = tuple((c, type(c).timing or c.name) for c in components)

    @classmethod
    def from_rules(cls, pack: RulePack, registry: Registry) -> "Pipeline":
        """Build every component `pipeline.document` names. RuleError (naming the pack's files) for an
        unknown name, a name listed twice, a component that reads a Doc field no earlier one writes or needs
        one that does not run before it, and for rules a component cannot compile."""
        where = ", ".join(pack.sources) or "rule pack"
        order = list(pack.get("pipeline", "document") or ())
        if not order:
            raise RuleError(f"{where}: pipeline.document lists no components")
        written, built = {"raw"}, {}
        for name in order:
            if name not in registry:
                raise RuleError(f"{where}: pipeline.document names an unknown component {name!r} "
                                f"(known: {', '.join(registry.names())})")
            if name in built:
                raise RuleError(f"{where}: pipeline.document lists {name!r} twice")
            kind = registry[name]
            missing = [f for f in kind.reads if f not in written]
            if missing:
                raise RuleError(f"{where}: pipeline.document: {name!r} reads {', '.join(missing)}, "
                                f"which no component before it writes")
            absent = [n for n in kind.needs if n not in built]
            if absent:
                raise RuleError(f"{where}: pipeline.document: {name!r} needs {', '.join(absent)} before it")
            built[name] = _build(kind, pack, built, where)
            written.update(kind.writes)
        return cls(pack, registry, tuple(built.values()))

    def get(self, name: str) -> Component:
        return self._by_name[name]

    def __call__(self, raw: RawDocument, timings: dict | None = None) -> Doc:
        doc = Doc(raw)
        if timings is None:
            for component in self.components:
                component(doc)
            return doc
        clock = time.perf_counter
        for component, key in self._steps:
            t = clock()
            component(doc)
            timings[key] = timings.get(key, 0.0) + clock() - t
        return doc

    def __reduce__(self):
        # a spawned worker builds its own (components hold compiled patterns and a tokenizer)
        return Pipeline.from_rules, (self.pack, self.registry)


def _build(kind: type, pack: RulePack, peers: Mapping[str, Component], where: str) -> Component:
    """One component, its compile errors as RuleError naming the pack (as a bad key would be)."""
    try:
        return kind(pack, dict(peers))
    except RuleError as exc:
        raise RuleError(f"{where}: {exc}") from exc
    except (re.error, OSError, TypeError, ValueError, KeyError, AttributeError) as exc:
        sections = ", ".join(repr(s) for s in kind.schema) or repr(kind.name)
        raise RuleError(f"{where}: rules of section {sections} cannot be compiled: "
                        f"{type(exc).__name__}: {exc}") from exc

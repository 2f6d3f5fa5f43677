"""Plain data classes that flow through the pipeline.

read -> RawDocument; normalise -> Document; segment -> Sentence/Token;
extract -> Mention, FigureMention, RelationMention; resolve -> Entity,
Relation, Figure; graph -> networkx.MultiDiGraph (see kg.graph).
Offsets are always Python string indices into Document.text.
"""
from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("Region", "Company", "Organization", "Project", "Policy", "Industry", "Person")
HEADLINE_TYPES = ("Region", "Company", "Organization", "Project", "Policy")
PREDICATES = ("locatedIn", "partOf", "implementedBy", "issuedBy")
UNITS = ("CNY", "m2", "km", "t", "TEU", "percent", "count")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A decoded input document before normalisation."""
    id: str
    path: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None
    format: str = "txt"          # txt | md | html | jsonl


@dataclass(frozen=True, slots=True)
class Problem:
    """A file (or JSONL line) that was skipped or read in a degraded way."""
    path: str
    reason: str
    action: str = "skipped"      # skipped | degraded | renamed
    line: int | None = None

    def message(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        return f"{where}: {self.action}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Document:
    """A normalised document; `text` is what every offset indexes into."""
    id: str
    path: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Mention:
    """An entity mention found by a rule.

    `name` is the form the resolver should use as the canonical candidate
    (usually == text); `aliases` are extra surface forms the rule knows name
    the same thing (the bare quoted core of a policy, say). `subtype` refines
    Region (Province, City, District, DevelopmentZone).
    """
    doc: str
    start: int
    end: int
    text: str
    type: str
    name: str = ""
    subtype: str | None = None
    aliases: tuple[str, ...] = ()
    rule: str = ""

    @property
    def key(self) -> str:
        return self.name or self.text


@dataclass(frozen=True, slots=True)
class FigureMention:
    doc: str
    start: int
    end: int
    text: str
    value: float | int
    unit: str
    metric: str
    period: str | None = None
    subject: Mention | None = None
    sentence_start: int = 0
    sentence_end: int = 0


@dataclass(frozen=True, slots=True)
class RelationMention:
    doc: str
    subject: Mention
    predicate: str
    object: Mention
    start: int                   # evidence span: the sentence
    end: int
    sentence: str
    rule: str = ""


@dataclass(slots=True)
class Entity:
    iri: str
    type: str
    name: str
    subtype: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    links: dict = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Evidence:
    doc: str
    start: int
    end: int
    sentence: str


@dataclass(slots=True)
class Relation:
    subject: str                 # entity IRI
    predicate: str
    object: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Figure:
    iri: str
    subject: str | None          # entity IRI
    metric: str
    value: float | int
    unit: str
    period: str | None
    text: str
    doc: str
    start: int
    end: int
    sentence: str = ""


@dataclass(slots=True)
class DocResult:
    """Everything the per-document stages produce for one document."""
    document: Document
    sentences: list[Sentence]
    mentions: list[Mention]
    figures: list[FigureMention]
    relations: list[RelationMention]

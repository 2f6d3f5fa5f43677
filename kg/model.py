"""Plain data classes that flow through the pipeline.

read -> RawDocument; normalise -> Document; segment -> Sentence/Token;
extract -> Mention, FigureMention, RelationMention; resolve -> Entity,
Relation, Figure; graph -> networkx.MultiDiGraph (see kg.graph).
Offsets are always Python string indices into Document.text.

Records are treated as immutable but not declared frozen: a frozen dataclass
takes ~6x longer to construct, and a large build makes millions of them.
unsafe_hash keeps them hashable by value, as frozen ones were.
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields
from operator import attrgetter

# kg marks the folders it writes, so it never reads them back as input and never takes a folder
# it did not write for its own (kg.outdir, kg.read)
OUTPUT_MARK = ".kg-output"
CACHE_MARK = ".kg-cache"

ENTITY_TYPES = ("Region", "Company", "Organization", "Project", "Policy", "Industry", "Person")
HEADLINE_TYPES = ("Region", "Company", "Organization", "Project", "Policy")
PREDICATES = ("locatedIn", "partOf", "implementedBy", "issuedBy")
UNITS = ("CNY", "m2", "km", "t", "TEU", "percent", "count")


@dataclass(slots=True, unsafe_hash=True)
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


@dataclass(slots=True, unsafe_hash=True)
class Problem:
    """A file (or JSONL line) that was skipped or read in a degraded way."""
    path: str
    reason: str
    action: str = "skipped"      # skipped | degraded | renamed
    line: int | None = None

    def message(self) -> str:
        # a name with a line break, control or direction character is quoted, so it cannot forge or
        # disguise a line of the log; plain names stay as they are
        path = self.path if self.path.isprintable() else repr(self.path)
        where = f"{path}:{self.line}" if self.line is not None else path
        return f"{where}: {self.action}: {self.reason}"


@dataclass(slots=True, unsafe_hash=True)
class Document:
    """A normalised document; `text` is what every offset indexes into."""
    id: str
    path: str
    text: str
    title: str | None = None
    date: str | None = None
    source: str | None = None
    url: str | None = None


@dataclass(slots=True, unsafe_hash=True)
class Sentence:
    start: int
    end: int
    text: str


@dataclass(slots=True, unsafe_hash=True)
class Token:
    text: str
    start: int
    end: int


@dataclass(slots=True, unsafe_hash=True)
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
    # the linker's fields (contract v1 additions), filled per document by kg.extract.linking: the entity
    # family that found it, its sentence, and for a Region its GB/T 2260 code (a zone without a code of
    # its own: the code of the division it lies in, `parent_code`); "" and 0 when unknown
    family: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    code: str = ""
    parent_code: str = ""

    @property
    def key(self) -> str:
        return self.name or self.text


@dataclass(slots=True, unsafe_hash=True)
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


@dataclass(slots=True, unsafe_hash=True)
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


@dataclass(slots=True, unsafe_hash=True)
class Evidence:
    doc: str
    start: int
    end: int
    sentence: str
    # "" when the sentence states the relation; else the table it was derived from ("gb2260": the
    # national division table), and the sentence is only where the article names both ends
    source: str = ""


@dataclass(slots=True)
class Relation:
    subject: str                 # entity IRI
    predicate: str
    object: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass(slots=True, unsafe_hash=True)
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
    # the resolver's per-document share, a kg.resolve.LocalSummary (a NamedTuple: the within-document
    # merges and what the cross-document merge needs of them); None until kg.resolve.local_summary
    # has run (it runs per document, in the workers, and is cached with the rest)
    summary: tuple | None = None

    def __reduce__(self):
        # Results cross process boundaries (workers) and go to the incremental cache by the
        # thousand; pickling ~75 dataclass objects each is the slow part, plain tuples are ~5x faster.
        return _unpack_result, (_pack_result(self),)


def _fields(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


# Field values in declaration order, read in C; derived from the classes so a new field travels too.
_DOCUMENT, _SENTENCE, _MENTION, _FIGURE, _RELATION = (
    attrgetter(*_fields(c)) for c in (Document, Sentence, Mention, FigureMention, RelationMention))
_FIGURE_SUBJECT = _fields(FigureMention).index("subject")
_RELATION_ENDS = (_fields(RelationMention).index("subject"), _fields(RelationMention).index("object"))


def _with(values: tuple, positions, convert) -> tuple:
    out = list(values)
    for i in positions:
        out[i] = convert(out[i])
    return tuple(out)


def _pack_result(r: DocResult) -> tuple:
    index = {id(m): i for i, m in enumerate(r.mentions)}

    def ref(m: Mention | None):
        # a mention the entity list holds travels as its index, so identity survives the round trip
        if m is None:
            return None
        i = index.get(id(m))
        return i if i is not None else _MENTION(m)

    return (_DOCUMENT(r.document),
            [_SENTENCE(x) for x in r.sentences],
            [_MENTION(m) for m in r.mentions],
            [_with(_FIGURE(f), (_FIGURE_SUBJECT,), ref) for f in r.figures],
            [_with(_RELATION(x), _RELATION_ENDS, ref) for x in r.relations],
            r.summary)


def _unpack_result(packed: tuple) -> DocResult:
    doc, sentences, mentions, figures, relations, summary = packed
    ms = [Mention(*m) for m in mentions]

    def deref(ref):
        if ref is None:
            return None
        return ms[ref] if isinstance(ref, int) else Mention(*ref)

    return DocResult(
        Document(*doc), [Sentence(*x) for x in sentences], ms,
        [FigureMention(*_with(f, (_FIGURE_SUBJECT,), deref)) for f in figures],
        [RelationMention(*_with(x, _RELATION_ENDS, deref)) for x in relations],
        summary)

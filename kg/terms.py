"""RDF terms: namespaces and prefixes, IRI minting, term writers (escaping), and the ontology.

One home for what the graph, the exporters, `kg query` and `kg validate` share, so none of them
imports another for it. Every term goes through `iri()` or `literal()`, which escape everything
Turtle and N-Triples need, so no name or sentence can break out of its literal and inject triples.

Caches kept here are of pure functions of their arguments (no rule or ontology state):
`iri_segment` and `doc_term`. The ontology is read into an `Ontology` object, held by its user.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

DEFAULT_BASE_IRI = "https://w3id.org/cnkg/id/"
CNKG = "https://w3id.org/cnkg/ontology#"
PREFIXES = {
    "cnkg": CNKG,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    "itsrdf": "http://www.w3.org/2005/11/its/rdf#",
}
RDF_TYPE = PREFIXES["rdf"] + "type"
XSD = PREFIXES["xsd"]
LANG = "zh"                      # BCP 47; `zh_CN` is not a valid tag

# Characters an IRIREF may not hold (RDF 1.1 Turtle/N-Triples), percent-encoded.
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
# Unicode direction controls: invisible, they make an IRI display as another one; dropped
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_IRI_FIX = re.compile(f"{_IRI_UNSAFE.pattern}|{_BIDI.pattern}")      # one search for both
# Characters a quoted literal must escape; the rest of Unicode is written as is.
_LIT_UNSAFE = re.compile(r'[\x00-\x1f"\\\x7f\ud800-\udfff]')
_LIT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
PN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_HTTP_URL = re.compile(r"https?://[^\s]+\Z")


# ------------------------------------------------------------------ instance IRIs (strings)

_SAFE = re.compile(r"[^A-Za-z0-9._~-]")
SEGMENT_MAX = 120                # longest percent-encoded segment; a longer id is named by its SHA-256
_HASHED = re.compile(r"sha256-[0-9a-f]{64}")


@lru_cache(maxsize=65536)        # pure; document ids: one call per figure, mention and evidence item
def iri_segment(text: str) -> str:
    """An IRI path segment for a document id or similar, one per id (no two ids share one, or one
    document's triples would silently merge into another's): an id of only unreserved characters
    is itself (the IRIs of such ids never change); any other is percent-encoded as UTF-8 (no raw
    space, quote, control or direction character reaches an IRI), or, when that is empty or longer
    than SEGMENT_MAX, "sha256-" and the id's SHA-256. Encoded segments hold a "%", hashed ones do
    not; an id that itself looks hashed gets its "s" encoded (never otherwise: "s" is unreserved)."""
    if text and not _SAFE.search(text):
        return "%73" + text[1:] if _HASHED.fullmatch(text) else text
    encoded = quote(text, safe="", errors="surrogatepass")
    if encoded and len(encoded) <= SEGMENT_MAX:
        return encoded
    return "sha256-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def entity_iri(base: str, type_: str, name: str) -> str:
    digest = hashlib.sha1(f"{type_}\t{name}".encode("utf-8")).hexdigest()[:16]
    return f"{base}{type_.lower()}/{digest}"


def figure_prefix(base: str, doc: str) -> str:
    """What every figure IRI of one document starts with (figure_iri without the span)."""
    return f"{base}figure/{iri_segment(doc)}/"


def figure_iri(base: str, doc: str, start: int, end: int) -> str:
    return f"{figure_prefix(base, doc)}{start}-{end}"


def doc_iri(base: str, doc_id: str) -> str:
    """A document's IRI; one per id (iri_segment), for ids of any length or script."""
    return f"{base}doc/{iri_segment(doc_id)}"


# ------------------------------------------------------------------ terms (Turtle / N-Triples syntax)

def iri(value: str) -> str:
    """An IRI term; characters IRIREF forbids are percent-encoded, direction controls dropped."""
    if _IRI_FIX.search(value):
        value = _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")),
                                _BIDI.sub("", value))
    return f"<{value}>"


def _escape_char(m: re.Match) -> str:
    c = m.group()
    if c in _LIT_ESCAPES:
        return _LIT_ESCAPES[c]
    if "\ud800" <= c <= "\udfff":   # a lone surrogate cannot be encoded; keep the code-point count
        return "\\uFFFD"
    return f"\\u{ord(c):04X}"


def literal(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    """A quoted literal, escaped so no content can end it early (quotes, backslashes, newlines)."""
    body = _LIT_UNSAFE.sub(_escape_char, value)
    if lang:
        return f'"{body}"@{lang}'
    if datatype and datatype != XSD + "string":
        return f'"{body}"^^{iri(datatype)}'
    return f'"{body}"'


def zh(value: str) -> str:
    return literal(value, lang=LANG)


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def zh_if_chinese(value: str) -> str:
    """@zh for text with Chinese characters; a plain literal for, say, an English source name."""
    return zh(value) if _CJK.search(value) else literal(value)


def typed(value, local: str) -> str:
    return literal(str(value), datatype=XSD + local)


def decimal_lexical(value) -> str | None:
    """Exact xsd:decimal lexical form: 1e10 -> 10000000000, 0.1+0.2 -> 0.3, None for NaN/inf.

    Floats are cut to 15 significant digits, the precision a double holds
    exactly, which removes binary artefacts such as 0.30000000000000004.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    try:
        if isinstance(value, float):
            if not math.isfinite(value):
                return None
            d = Decimal(format(value, ".15g"))
        else:
            d = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if s in ("-0", ""):
        s = "0"
    return s


def external_iri(value) -> str | None:
    """An IRI term for a URL from the input (source url, links), or None when it is not a valid IRI."""
    import pyoxigraph as ox
    if not isinstance(value, str) or not _HTTP_URL.match(value):
        return None
    term = iri(value)
    try:
        ox.NamedNode(term[1:-1])        # Oxigraph refuses a file with one invalid IRI in it
    except ValueError:
        return None
    return term


def date_literal(value: str) -> str:
    """xsd:date when the text is a real ISO date, else a plain literal (2024年7月)."""
    import datetime
    if _ISO_DATE.match(value):
        try:
            datetime.date.fromisoformat(value)
            return typed(value, "date")
        except ValueError:
            pass
    return literal(value)


def cnkg(local: str) -> str:
    return iri(CNKG + local)


@lru_cache(maxsize=65536)        # pure; one call per mention of a document
def doc_term(base: str, doc: str) -> str:
    return iri(doc_iri(base, doc))


def mention_id(base: str, doc: str, start: int, end: int) -> str:
    """A mention's stable id: its document's IRI with an RFC 5147 fragment (NIF 2.0's `#char=b,e`)."""
    return f"{doc_iri(base, doc)}#char={start},{end}"


def mention_iri(base: str, doc: str, start: int, end: int) -> str:
    return iri(mention_id(base, doc, start, end))


def evidence_iri(base: str, subject: str, predicate: str, obj: str, doc: str, start: int, end: int) -> str:
    ends = hashlib.sha1(f"{subject}\t{obj}".encode("utf-8")).hexdigest()[:12]
    return iri(f"{base}evidence/{iri_segment(doc)}/{start}-{end}/{iri_segment(predicate)}-{ends}")


A = iri(RDF_TYPE)
P = {name: iri(PREFIXES[pfx] + local) for name, (pfx, local) in {
    "label": ("rdfs", "label"), "altLabel": ("skos", "altLabel"), "derived": ("prov", "wasDerivedFrom"),
    "begin": ("nif", "beginIndex"), "end": ("nif", "endIndex"), "anchor": ("nif", "anchorOf"),
    "context": ("nif", "referenceContext"), "isString": ("nif", "isString"),
    "identRef": ("itsrdf", "taIdentRef"), "classRef": ("itsrdf", "taClassRef"),
    "title": ("dcterms", "title"), "date": ("dcterms", "date"), "source": ("dcterms", "source"),
    "identifier": ("dcterms", "identifier"), "url": ("schema", "url"), "sameAs": ("schema", "sameAs"),
    "subject": ("rdf", "subject"), "predicate": ("rdf", "predicate"), "object": ("rdf", "object"),
}.items()}
C = {name: iri(PREFIXES[pfx] + local) for name, (pfx, local) in {
    "Phrase": ("nif", "Phrase"), "Context": ("nif", "Context"), "Statement": ("rdf", "Statement"),
    "RFC5147String": ("nif", "RFC5147String"),
}.items()}
# the source a table-derived relation cites (ontology/cnkg.ttl), by kg.model.Evidence.source
TABLE_SOURCES = {"gb2260": "GB2260"}


def predicate_term(pred: str) -> str:
    return cnkg(pred) if PN_LOCAL.match(pred) else iri(CNKG + pred)


# ------------------------------------------------------------------ Turtle text

Block = tuple[str, list[tuple[str, str]]]       # subject term, [(predicate term, object term)]


class Abbrev:
    """IRI term -> prefixed name where the local part is a plain name (memoised on the instance)."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.cache: dict[str, str] = {A: "a"}

    def __call__(self, term: str) -> str:
        out = self.cache.get(term)
        if out is not None:
            return out
        if term[0] == '"':
            if not term.endswith(">"):
                return term                      # plain or @zh literal: unique text, not worth caching
            body, dt = term.rsplit("^^", 1)
            return f"{body}^^{self(dt)}"
        out = term
        full = term[1:-1]
        for pfx, ns in self.prefixes:
            if full.startswith(ns):
                if PN_LOCAL.match(full, len(ns)):
                    out = f"{pfx}:{full[len(ns):]}"
                break
        if out is not term or len(self.cache) < 200_000:   # prefixed terms repeat; instance IRIs less so
            self.cache[term] = out
        return out


def _ordered(po: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Sorted, duplicates dropped, rdf:type first (as `a`)."""
    po = sorted(set(po))
    types = [x for x in po if x[0] == A]
    return types + [x for x in po if x[0] != A] if types else po


def turtle_lines(blocks: Iterable[Block], prefixes: dict[str, str] = PREFIXES) -> Iterator[str]:
    """Turtle text, one subject block at a time; predicate-objects sorted, duplicates dropped."""
    for pfx, ns in sorted(prefixes.items()):
        yield f"@prefix {pfx}: {iri(ns)} .\n"
    short = Abbrev(prefixes)
    for s, po in blocks:
        parts = ["\n", short(s)]
        last_p = None
        for p, o in _ordered(po):
            if p == last_p:
                parts += [" ,\n        ", short(o)]
            else:
                parts += [" ;\n    " if last_p else " ", short(p), " ", short(o)]
                last_p = p
        parts.append(" .\n")
        yield "".join(parts)


# ------------------------------------------------------------------ the ontology

def ontology_dir() -> Path:
    """ontology/ in a source checkout; else the installed package data (kg.ontology or kg/ontology)."""
    repo = Path(__file__).resolve().parents[1] / "ontology"       # kg/terms.py -> the checkout
    if (repo / "cnkg.ttl").is_file():
        return repo
    from importlib import resources
    for pkg, sub in (("kg.ontology", ""), ("kg", "ontology")):
        try:   # kg.ontology is a namespace package (no __init__.py): files() may not give a plain path
            base = resources.files(pkg)
            path = Path(str(base / sub)) if sub else Path(str(base))
            if (path / "cnkg.ttl").is_file():
                return path
        except (ModuleNotFoundError, TypeError, ValueError, OSError):
            continue
    raise FileNotFoundError("ontology/cnkg.ttl not found (neither in the source tree nor installed with kg)")


def _term_from_oxigraph(t) -> str:
    import pyoxigraph as ox
    if isinstance(t, ox.NamedNode):
        return iri(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return literal(t.value, lang=t.language)
        return literal(t.value, datatype=t.datatype.value)
    raise ValueError(f"ontology/cnkg.ttl must not use blank nodes (found {t}); the writer needs stable labels")


class Ontology:
    """ontology/cnkg.ttl, read once by whoever holds this object (a Turtle writer, a test)."""

    def __init__(self, path: str | Path | None = None):
        import pyoxigraph as ox
        self.path = Path(path) if path is not None else ontology_dir() / "cnkg.ttl"
        data = self.path.read_bytes()
        # what every graph.ttl part depends on besides its document's data and kg's code
        self.salt = hashlib.sha1(data).hexdigest()[:16]
        quads = list(ox.parse(data, format=ox.RdfFormat.TURTLE))
        self.triples: tuple[tuple[str, str, str], ...] = tuple(sorted({
            (_term_from_oxigraph(q.subject), _term_from_oxigraph(q.predicate), _term_from_oxigraph(q.object))
            for q in quads}))
        sub_of = iri(PREFIXES["rdfs"] + "subClassOf")
        subclasses: dict[str, set[str]] = defaultdict(set)
        for s, p, o in self.triples:
            if p == sub_of and s.startswith("<" + CNKG) and o.startswith("<" + CNKG):
                subclasses[o[len(CNKG) + 1:-1]].add(s[len(CNKG) + 1:-1])
        # local names of the direct subclasses of each cnkg class (Region -> District ...)
        self.subclasses: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in subclasses.items()}
        self._header: str | None = None

    def entity_class(self, type_: str, subtype: str | None) -> str:
        """The most specific class: cnkg:<subtype> when the ontology makes it a subclass of cnkg:<type>."""
        if subtype and subtype in self.subclasses.get(type_, ()):
            return cnkg(subtype)
        return cnkg(type_ if PN_LOCAL.match(type_ or "") else "Entity")

    def blocks(self) -> Iterator[Block]:
        by_subject: dict[str, list] = defaultdict(list)
        for s, p, o in self.triples:
            by_subject[s].append((p, o))
        for s in sorted(by_subject):
            yield s, by_subject[s]

    def header(self) -> str:
        """Prefixes and the ontology as Turtle: the start of every graph.ttl."""
        if self._header is None:
            self._header = "".join(turtle_lines(self.blocks()))
        return self._header


def load_oxigraph(path: str | Path):
    """A pyoxigraph Store holding the Turtle file at path."""
    import pyoxigraph as ox
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    return store

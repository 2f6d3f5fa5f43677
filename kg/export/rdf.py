"""graph.ttl: the whole graph as RDF 1.1 Turtle (output contract, RDF vocabulary).

The Turtle is written here, not by rdflib: rdflib's writer is slow on big
graphs (see bench/bench_turtle.py) and its blank-node labels and ordering are
not stable. This writer streams one subject block at a time, in the graph
accessors' sorted order with each block's predicate-objects sorted, so the
same graph gives byte-identical output. Every term goes through `iri()` or
`literal()`, which escape everything Turtle and N-Triples need, so no name
or sentence can break out of its literal and inject triples.

Layout of the instance data (see ontology/cnkg.ttl for the terms):
  entity   a cnkg:<Subtype or Type>; rdfs:label @zh; skos:altLabel @zh; cnkg:mentionedIn doc
  mention  <base>mention/<doc>/<start>-<end>  a nif:Phrase (NIF 2.0 + itsrdf)
  relation subject cnkg:<predicate> object, plus one cnkg:Evidence (an rdf:Statement)
           per evidence item: <base>evidence/<doc>/<start>-<end>/<predicate>-<hash of the ends>
  figure   a cnkg:Figure; cnkg:about, metric, value (xsd:decimal), unit, period, text
  document a cnkg:Document, nif:Context; nif:isString (normalised text) @zh; dcterms:*
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

from .. import graph as G

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
# Characters a quoted literal must escape; the rest of Unicode is written as is.
_LIT_UNSAFE = re.compile(r'[\x00-\x1f"\\\x7f\ud800-\udfff]')
_LIT_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_PN_LOCAL = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_HTTP_URL = re.compile(r"https?://[^\s]+\Z")


# ------------------------------------------------------------------ terms

def iri(value: str) -> str:
    """An IRI term; characters IRIREF forbids are percent-encoded."""
    if _IRI_UNSAFE.search(value):
        value = _IRI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), value)
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


# ------------------------------------------------------------------ ontology files

@lru_cache(maxsize=1)
def ontology_dir() -> Path:
    """ontology/ in a source checkout; else the installed package data (kg.ontology or kg/ontology)."""
    repo = Path(__file__).resolve().parents[2] / "ontology"
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


@lru_cache(maxsize=1)
def _ontology_file() -> str:
    return str(ontology_dir() / "cnkg.ttl")


def _term_from_oxigraph(t) -> str:
    import pyoxigraph as ox
    if isinstance(t, ox.NamedNode):
        return iri(t.value)
    if isinstance(t, ox.Literal):
        if t.language:
            return literal(t.value, lang=t.language)
        return literal(t.value, datatype=t.datatype.value)
    raise ValueError(f"ontology/cnkg.ttl must not use blank nodes (found {t}); the writer needs stable labels")


@lru_cache(maxsize=4)
def _ontology_triples(path: str) -> tuple[tuple[str, str, str], ...]:
    import pyoxigraph as ox
    with open(path, "rb") as fh:
        quads = list(ox.parse(fh, format=ox.RdfFormat.TURTLE))
    return tuple(sorted({(_term_from_oxigraph(q.subject), _term_from_oxigraph(q.predicate),
                          _term_from_oxigraph(q.object)) for q in quads}))


def ontology_triples() -> tuple[tuple[str, str, str], ...]:
    return _ontology_triples(_ontology_file())


@lru_cache(maxsize=4)
def _subclasses(path: str) -> dict[str, set[str]]:
    """Local names of the ontology's direct subclasses of each cnkg class (Region -> District ...)."""
    sub_of = iri(PREFIXES["rdfs"] + "subClassOf")
    out: dict[str, set[str]] = defaultdict(set)
    for s, p, o in _ontology_triples(path):
        if p == sub_of and s.startswith("<" + CNKG) and o.startswith("<" + CNKG):
            out[o[len(CNKG) + 1:-1]].add(s[len(CNKG) + 1:-1])
    return out


def entity_class(type_: str, subtype: str | None) -> str:
    """The most specific class: cnkg:<subtype> when the ontology makes it a subclass of cnkg:<type>."""
    subs = _subclasses(_ontology_file())
    if subtype and subtype in subs.get(type_, ()):
        return cnkg(subtype)
    return cnkg(type_ if _PN_LOCAL.match(type_ or "") else "Entity")


# ------------------------------------------------------------------ instance IRIs

@lru_cache(maxsize=65536)
def _doc(base: str, doc: str) -> str:
    return iri(G.doc_iri(base, doc))


@lru_cache(maxsize=65536)
def _seg(text: str) -> str:
    from ..resolve import iri_segment
    return iri_segment(text)


def mention_iri(base: str, doc: str, start: int, end: int) -> str:
    return iri(f"{base}mention/{_seg(doc)}/{start}-{end}")


def evidence_iri(base: str, subject: str, predicate: str, obj: str, doc: str, start: int, end: int) -> str:
    ends = hashlib.sha1(f"{subject}\t{obj}".encode("utf-8")).hexdigest()[:12]
    return iri(f"{base}evidence/{_seg(doc)}/{start}-{end}/{_seg(predicate)}-{ends}")


# ------------------------------------------------------------------ subject blocks

Block = tuple[str, list[tuple[str, str]]]       # subject term, [(predicate term, object term)]

_A = iri(RDF_TYPE)
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
}.items()}


def _offset(n: int) -> str:
    return typed(int(n), "nonNegativeInteger")


def document_blocks(g) -> Iterator[Block]:
    for doc_iri, d in G.documents(g):
        text = d.get("text") or ""
        po = [(_A, cnkg("Document")), (_A, C["Context"]),
              (P["identifier"], literal(d["doc_id"])), (P["isString"], zh(text)),
              (P["begin"], _offset(0)), (P["end"], _offset(len(text)))]
        if d.get("title"):
            po.append((P["title"], zh_if_chinese(d["title"])))
        if d.get("date"):
            po.append((P["date"], date_literal(str(d["date"]))))
        if d.get("source"):
            po.append((P["source"], zh_if_chinese(d["source"])))
        url = external_iri(d.get("url"))
        if url:
            po.append((P["url"], url))
        yield iri(doc_iri), po


def entity_blocks(g) -> Iterator[Block]:
    base = g.graph.get("base_iri", G.DEFAULT_BASE_IRI)
    for ent_iri, d in G.entities(g):
        po = [(_A, entity_class(d["type"], d.get("subtype"))), (P["label"], zh(d["name"]))]
        po += [(P["altLabel"], zh(a)) for a in d.get("aliases") or () if a != d["name"]]
        po += [(cnkg("mentionedIn"), _doc(base, doc)) for doc in sorted({m["doc"] for m in d["mentions"]})]
        for value in (d.get("links") or {}).values():
            link = external_iri(value)
            if link:
                po.append((P["sameAs"], link))
        yield iri(ent_iri), po


def mention_blocks(g) -> Iterator[Block]:
    """One nif:Phrase per (document, span); a span naming two entities carries both references."""
    base = g.graph.get("base_iri", G.DEFAULT_BASE_IRI)
    spans: dict[tuple[str, int, int], list] = defaultdict(list)
    for ent_iri, d in G.entities(g):
        cls = entity_class(d["type"], d.get("subtype"))
        for m in d["mentions"]:
            spans[(m["doc"], m["start"], m["end"])].append((m["text"], ent_iri, cls))
    for (doc, start, end) in sorted(spans):
        refs = spans[(doc, start, end)]
        po = [(_A, C["Phrase"]), (P["context"], _doc(base, doc)),
              (P["begin"], _offset(start)), (P["end"], _offset(end)), (P["anchor"], zh(refs[0][0]))]
        for _, ent_iri, cls in refs:
            po += [(P["identRef"], iri(ent_iri)), (P["classRef"], cls)]
        yield mention_iri(base, doc, start, end), po


def relation_blocks(g) -> Iterator[Block]:
    base = g.graph.get("base_iri", G.DEFAULT_BASE_IRI)
    for s, pred, o, d in G.relations(g):
        p = cnkg(pred) if _PN_LOCAL.match(pred) else iri(CNKG + pred)
        yield iri(s), [(p, iri(o))]
        for ev in d.get("evidence") or ():
            po = [(_A, C["Statement"]), (_A, cnkg("Evidence")),
                  (P["subject"], iri(s)), (P["predicate"], p), (P["object"], iri(o)),
                  (P["derived"], _doc(base, ev["doc"])), (P["context"], _doc(base, ev["doc"])),
                  (P["begin"], _offset(ev["start"])), (P["end"], _offset(ev["end"]))]
            if ev.get("sentence"):
                po.append((cnkg("sentence"), zh(ev["sentence"])))
            yield evidence_iri(base, s, pred, o, ev["doc"], ev["start"], ev["end"]), po


def figure_blocks(g) -> Iterator[Block]:
    base = g.graph.get("base_iri", G.DEFAULT_BASE_IRI)
    for fig_iri, d in G.figures(g):
        doc = _doc(base, d["doc"])
        po = [(_A, cnkg("Figure")), (P["derived"], doc), (P["context"], doc),
              (cnkg("unit"), literal(str(d["unit"]))),
              (P["begin"], _offset(d["start"])), (P["end"], _offset(d["end"]))]
        value = decimal_lexical(d.get("value"))
        if value is not None:
            po.append((cnkg("value"), typed(value, "decimal")))
        if d.get("subject"):
            po.append((cnkg("about"), iri(d["subject"])))
        if d.get("period"):                 # normalised (2021-H1), not Chinese text
            po.append((cnkg("period"), literal(str(d["period"]))))
        for key in ("metric", "text", "sentence"):
            if d.get(key):
                po.append((cnkg(key), zh(str(d[key]))))
        yield iri(fig_iri), po


def ontology_blocks() -> Iterator[Block]:
    by_subject: dict[str, list] = defaultdict(list)
    for s, p, o in ontology_triples():
        by_subject[s].append((p, o))
    for s in sorted(by_subject):
        yield s, by_subject[s]


def all_blocks(g) -> Iterator[Block]:
    yield from ontology_blocks()
    yield from document_blocks(g)
    yield from entity_blocks(g)
    yield from mention_blocks(g)
    yield from relation_blocks(g)
    yield from figure_blocks(g)


def triples(g) -> Iterator[tuple[str, str, str]]:
    """Every triple as N-Triples terms (for tests and the benchmark)."""
    for s, po in all_blocks(g):
        for p, o in po:
            yield s, p, o


# ------------------------------------------------------------------ Turtle text

class _Abbrev:
    """IRI term -> prefixed name where the local part is a plain name (memoised)."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self.cache: dict[str, str] = {_A: "a"}

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
                if _PN_LOCAL.match(full, len(ns)):
                    out = f"{pfx}:{full[len(ns):]}"
                break
        if out is not term or len(self.cache) < 200_000:   # prefixed terms repeat; instance IRIs less so
            self.cache[term] = out
        return out


def _ordered(po: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Sorted, duplicates dropped, rdf:type first (as `a`)."""
    po = sorted(set(po))
    types = [x for x in po if x[0] == _A]
    return types + [x for x in po if x[0] != _A] if types else po


def turtle_lines(blocks: Iterable[Block], prefixes: dict[str, str] = PREFIXES) -> Iterator[str]:
    """Turtle text, one subject block at a time; predicate-objects sorted, duplicates dropped."""
    for pfx, ns in sorted(prefixes.items()):
        yield f"@prefix {pfx}: {iri(ns)} .\n"
    short = _Abbrev(prefixes)
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


def write_turtle(g, path: Path) -> None:
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.writelines(turtle_lines(all_blocks(g)))

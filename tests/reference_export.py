"""The reference exporters the fast writers are tested against.

kg.export.rdf writes graph.ttl as text directly and kg.export.jsonl writes JSON lines
directly, for speed. These are the plain versions: graph.ttl as subject blocks that
`turtle` sorts and abbreviates, and JSONL records as dicts for json.dumps. Tests
check that the fast writers give the same bytes.

It shares no code with kg (it imports nothing from it): the graph is read through networkx as
kg.graph's schema documents it (node `kind`s, relation edges), the ontology is parsed with rdflib
(kg reads it with pyoxigraph), and the terms are written here from the Turtle / N-Triples grammar and
the IRI scheme of the output contract.
"""
from __future__ import annotations

import datetime
import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

Block = tuple[str, list[tuple[str, str]]]       # subject term, [(predicate term, object term)]

DEFAULT_BASE = "https://w3id.org/cnkg/id/"
CNKG = "https://w3id.org/cnkg/ontology#"
NS = {"cnkg": CNKG, "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
      "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "owl": "http://www.w3.org/2002/07/owl#",
      "xsd": "http://www.w3.org/2001/XMLSchema#", "skos": "http://www.w3.org/2004/02/skos/core#",
      "prov": "http://www.w3.org/ns/prov#", "dcterms": "http://purl.org/dc/terms/", "schema": "https://schema.org/",
      "nif": "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
      "itsrdf": "http://www.w3.org/2005/11/its/rdf#"}
XSD = NS["xsd"]
LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*\Z")      # the local names graph.ttl abbreviates


# ------------------------------------------------------------------ terms, from the grammar

def iri(value: str) -> str:
    """<value>: direction controls dropped; space, controls and <>"{}|^`\\ percent-encoded (UTF-8, upper hex)."""
    value = "".join(c for c in value if c not in "\u061c\u200e\u200f" and not "\u202a" <= c <= "\u202e"
                    and not "\u2066" <= c <= "\u2069")
    return "<" + "".join("".join(f"%{b:02X}" for b in c.encode("utf-8")) if ord(c) <= 0x20 or c in '<>"{}|^`\\'
                         else c for c in value) + ">"


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def _escaped(c: str) -> str:
    if c in _ESCAPES:
        return _ESCAPES[c]
    if ord(c) < 0x20 or c == "\x7f":
        return f"\\u{ord(c):04X}"
    if 0xD800 <= ord(c) <= 0xDFFF:          # a lone surrogate: no UTF-8 for it
        return "\\uFFFD"
    return c


def literal(value: str, lang: str | None = None, datatype: str | None = None) -> str:
    body = '"' + "".join(map(_escaped, value)) + '"'
    if lang:
        return f"{body}@{lang}"
    return f"{body}^^{iri(datatype)}" if datatype and datatype != XSD + "string" else body


def zh(value: str) -> str:
    return literal(value, lang="zh")


def zh_if_chinese(value: str) -> str:
    """@zh when the text has a Chinese character (CJK unified ideographs, their extensions, compatibility ones)."""
    han = any(0x3400 <= ord(c) <= 0x9FFF or 0xF900 <= ord(c) <= 0xFAFF or 0x20000 <= ord(c) <= 0x3134F for c in value)
    return zh(value) if han else literal(value)


def typed(value, local: str) -> str:
    return literal(str(value), datatype=XSD + local)


def decimal_lexical(value) -> str | None:
    """xsd:decimal's lexical form, no exponent, no trailing zeros; floats to the 15 digits a double holds."""
    if value is None or isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
        return None
    if isinstance(value, int):
        return str(value)
    try:
        d = Decimal(f"{value:.15g}") if isinstance(value, float) else Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    if not d.is_finite():
        return None
    text = f"{d:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def date_literal(value: str) -> str:
    """xsd:date for a real YYYY-MM-DD date, a plain literal otherwise."""
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            datetime.date.fromisoformat(value)
            return typed(value, "date")
        except ValueError:
            pass
    return literal(value)


def external_iri(value) -> str | None:
    """An http(s) URL without whitespace that Oxigraph takes for an IRI (it refuses a whole file over one
    invalid IRI, so the contract keeps only those)."""
    if not isinstance(value, str) or not re.fullmatch(r"https?://\S+", value):
        return None
    term = iri(value)
    import pyoxigraph
    try:
        pyoxigraph.NamedNode(term[1:-1])
    except ValueError:
        return None
    return term


def cnkg(local: str) -> str:
    return iri(CNKG + local)


predicate_term = cnkg               # a predicate name is a cnkg: local name (escaped if need be)


def segment(doc: str) -> str:
    """A document id as one IRI path segment: itself when only unreserved characters (an id that looks
    hashed gets its "s" encoded), else UTF-8 percent-encoded, or "sha256-" and its SHA-256 when that is
    empty or longer than 120 characters."""
    if doc and re.fullmatch(r"[A-Za-z0-9._~-]+", doc):
        return "%73" + doc[1:] if re.fullmatch(r"sha256-[0-9a-f]{64}", doc) else doc
    encoded = quote(doc, safe="", errors="surrogatepass")
    if encoded and len(encoded) <= 120:
        return encoded
    return "sha256-" + hashlib.sha256(doc.encode("utf-8", "surrogatepass")).hexdigest()


def _doc(base: str, doc: str) -> str:
    return iri(f"{base}doc/{segment(doc)}")


def mention_iri(base: str, doc: str, start: int, end: int) -> str:
    return iri(f"{base}doc/{segment(doc)}#char={start},{end}")        # NIF 2.0, RFC 5147


def evidence_iri(base: str, subject: str, predicate: str, obj: str, doc: str, start: int, end: int) -> str:
    ends = hashlib.sha1(f"{subject}\t{obj}".encode("utf-8")).hexdigest()[:12]
    return iri(f"{base}evidence/{segment(doc)}/{start}-{end}/{segment(predicate)}-{ends}")


_A = iri(NS["rdf"] + "type")
P = {name: iri(NS[pfx] + local) for name, (pfx, local) in {
    "label": ("rdfs", "label"), "altLabel": ("skos", "altLabel"), "derived": ("prov", "wasDerivedFrom"),
    "begin": ("nif", "beginIndex"), "end": ("nif", "endIndex"), "anchor": ("nif", "anchorOf"),
    "context": ("nif", "referenceContext"), "isString": ("nif", "isString"),
    "identRef": ("itsrdf", "taIdentRef"), "classRef": ("itsrdf", "taClassRef"),
    "title": ("dcterms", "title"), "date": ("dcterms", "date"), "source": ("dcterms", "source"),
    "identifier": ("dcterms", "identifier"), "url": ("schema", "url"), "sameAs": ("schema", "sameAs"),
    "subject": ("rdf", "subject"), "predicate": ("rdf", "predicate"), "object": ("rdf", "object"),
}.items()}
C = {"Phrase": iri(NS["nif"] + "Phrase"), "Context": iri(NS["nif"] + "Context"),
     "Statement": iri(NS["rdf"] + "Statement"), "RFC5147String": iri(NS["nif"] + "RFC5147String")}


# ------------------------------------------------------------------ the graph, as kg.graph's schema has it

def _nodes(g, kind: str) -> list[tuple[str, dict]]:
    return sorted(((n, d) for n, d in g.nodes(data=True) if d.get("kind") == kind), key=lambda x: x[0])


def documents(g):
    return _nodes(g, "document")


def entities(g):
    return _nodes(g, "entity")


def figures(g):
    return [(n, d["figure"]) for n, d in _nodes(g, "figure")]


def relations(g):
    """(subject, predicate, object, attributes) of the relation edges, sorted."""
    rows = [(s, d["predicate"], o, d) for s, o, d in g.edges(data=True) if d.get("kind") == "relation"]
    return sorted(rows, key=lambda r: r[:3])


def _base(g) -> str:
    return g.graph.get("base_iri", DEFAULT_BASE)


# ------------------------------------------------------------------ the ontology, read with rdflib

@lru_cache(maxsize=1)           # test oracle only: the ontology read once per test session
def _ontology() -> tuple[tuple[tuple[str, str, str], ...], dict[str, frozenset[str]]]:
    import rdflib
    path = Path(__file__).resolve().parents[1] / "ontology" / "cnkg.ttl"

    def term(t) -> str:
        if isinstance(t, rdflib.URIRef):
            return iri(str(t))
        if isinstance(t, rdflib.Literal):
            return literal(str(t), lang=t.language, datatype=str(t.datatype) if t.datatype else None)
        raise ValueError(f"no blank nodes in the ontology: {t}")

    parsed = rdflib.Graph().parse(path, format="turtle")
    triples = tuple(sorted({(term(s), term(p), term(o)) for s, p, o in parsed}))
    sub = defaultdict(set)
    for s, o in parsed.subject_objects(rdflib.RDFS.subClassOf):
        if str(s).startswith(CNKG) and str(o).startswith(CNKG):
            sub[str(o)[len(CNKG):]].add(str(s)[len(CNKG):])
    return triples, {k: frozenset(v) for k, v in sub.items()}


def entity_class(type_: str, subtype: str | None) -> str:
    """cnkg:<subtype> when the ontology makes it a direct subclass of cnkg:<type>, else cnkg:<type>
    (cnkg:Entity for a type that is no local name)."""
    if subtype and subtype in _ontology()[1].get(type_, ()):
        return cnkg(subtype)
    return cnkg(type_ if LOCAL_NAME.match(type_ or "") else "Entity")


def ontology_blocks() -> Iterator[Block]:
    by_subject: dict[str, list] = defaultdict(list)
    for s, p, o in _ontology()[0]:
        by_subject[s].append((p, o))
    for s in sorted(by_subject):
        yield s, by_subject[s]


# ------------------------------------------------------------------ Turtle text

def turtle(blocks) -> str:
    """Prefixes (by name), then each block: predicate-objects sorted and unique, rdf:type first as `a`,
    a repeated predicate as a `,` list; an IRI whose rest after a namespace (the longest that matches) is
    a plain local name written prefixed, in literals' datatypes too."""
    by_length = sorted(NS.items(), key=lambda kv: -len(kv[1]))

    def short(term: str) -> str:
        if term == _A:
            return "a"
        if term.startswith('"'):
            if term.endswith(">"):
                body, dt = term.rsplit("^^", 1)
                return f"{body}^^{short(dt)}"
            return term
        full = term[1:-1]
        for pfx, ns in by_length:
            if full.startswith(ns):
                return f"{pfx}:{full[len(ns):]}" if LOCAL_NAME.match(full[len(ns):]) else term
        return term

    out = [f"@prefix {pfx}: <{ns}> .\n" for pfx, ns in sorted(NS.items())]
    for s, po in blocks:
        po = sorted(set(po), key=lambda x: (x[0] != _A, x))
        lines = []
        for p, o in po:
            if lines and lines[-1][0] == p:
                lines[-1][1].append(short(o))
            else:
                lines.append((p, [short(o)]))
        body = " ;\n    ".join(f"{short(p)} " + " ,\n        ".join(objs) for p, objs in lines)
        out.append(f"\n{short(s)} {body} .\n")
    return "".join(out)


# ------------------------------------------------------------------ graph.ttl as blocks

def _offset(n: int) -> str:
    return typed(int(n), "nonNegativeInteger")


def document_blocks(g) -> Iterator[Block]:
    for doc_iri, d in documents(g):
        text = d.get("text") or ""
        po = [(_A, cnkg("Document")), (_A, C["Context"]),
              (P["identifier"], literal(d["doc_id"])), (P["isString"], literal(text)),
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
    base = _base(g)
    for ent_iri, d in entities(g):
        po = [(_A, entity_class(d["type"], d.get("subtype"))), (P["label"], zh(d["name"]))]
        po += [(P["altLabel"], zh(a)) for a in d.get("aliases") or () if a != d["name"]]
        po += [(cnkg("mentionedIn"), _doc(base, doc)) for doc in sorted({m.doc for m in d["mentions"]})]
        for value in (d.get("links") or {}).values():
            link = external_iri(value)
            if link:
                po.append((P["sameAs"], link))
        for key, prop in (("gb2260", "divisionCode"), ("parent_gb2260", "parentDivisionCode")):
            if isinstance((d.get("links") or {}).get(key), str):
                po.append((cnkg(prop), literal(d["links"][key])))
        yield iri(ent_iri), po


def mention_blocks(g) -> Iterator[Block]:
    """One nif:Phrase per (document, span); a span naming two entities carries both references."""
    base = _base(g)
    spans: dict[tuple[str, int, int], list] = defaultdict(list)
    for ent_iri, d in entities(g):
        cls = entity_class(d["type"], d.get("subtype"))
        for m in d["mentions"]:
            spans[(m.doc, m.start, m.end)].append((m.text, ent_iri, cls))
    for (doc, start, end) in sorted(spans):
        refs = spans[(doc, start, end)]
        po = [(_A, C["Phrase"]), (_A, C["RFC5147String"]), (P["context"], _doc(base, doc)),
              (P["begin"], _offset(start)), (P["end"], _offset(end)), (P["anchor"], literal(refs[0][0]))]
        for _, ent_iri, cls in refs:
            po += [(P["identRef"], iri(ent_iri)), (P["classRef"], cls)]
        yield mention_iri(base, doc, start, end), po


def relation_blocks(g) -> Iterator[Block]:
    base = _base(g)
    for s, pred, o, d in relations(g):
        yield iri(s), [(predicate_term(pred), iri(o))]
        for ev in d.get("evidence") or ():
            yield evidence_block(base, s, pred, o, ev)


def evidence_block(base: str, s: str, pred: str, o: str, ev) -> Block:
    p = predicate_term(pred)
    if getattr(ev, "source", "") == "gb2260":      # from the division table, not from the sentence
        return evidence_iri(base, s, pred, o, ev.doc, ev.start, ev.end), [
            (_A, C["Statement"]), (_A, cnkg("TableDerivation")), (P["subject"], iri(s)), (P["predicate"], p),
            (P["object"], iri(o)), (P["derived"], cnkg("GB2260")), (P["context"], _doc(base, ev.doc))]
    po = [(_A, C["Statement"]), (_A, cnkg("Evidence")),
          (P["subject"], iri(s)), (P["predicate"], p), (P["object"], iri(o)),
          (P["derived"], _doc(base, ev.doc)), (P["context"], _doc(base, ev.doc)),
          (P["begin"], _offset(ev.start)), (P["end"], _offset(ev.end))]
    if ev.sentence:
        po.append((cnkg("sentence"), zh(ev.sentence)))
    return evidence_iri(base, s, pred, o, ev.doc, ev.start, ev.end), po


def figure_blocks(g) -> Iterator[Block]:
    base = _base(g)
    for fig_iri, f in figures(g):
        doc = _doc(base, f.doc)
        po = [(_A, cnkg("Figure")), (P["derived"], doc), (P["context"], doc),
              (cnkg("unit"), literal(str(f.unit))),
              (P["begin"], _offset(f.start)), (P["end"], _offset(f.end))]
        value = decimal_lexical(f.value)
        if value is not None:
            po.append((cnkg("value"), typed(value, "decimal")))
        if f.subject:
            po.append((cnkg("about"), iri(f.subject)))
        if f.period:                        # normalised (2021-H1), not Chinese text
            po.append((cnkg("period"), literal(str(f.period))))
        for key in ("metric", "text", "sentence"):
            if getattr(f, key):
                po.append((cnkg(key), zh(str(getattr(f, key)))))
        yield iri(fig_iri), po


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


# ------------------------------------------------------------------ JSONL records

def _mention_record(m, base, texts):
    """Contract v1's doc, start, end, text, then the linker's id, sentence span and ±50-character context."""
    rec = {"doc": m.doc, "start": m.start, "end": m.end, "text": m.text}
    plain = type(m.start) is int and type(m.end) is int and isinstance(m.doc, str)
    lo = max(0, m.start - 50) if plain else None
    rec.update({"id": f"{base}doc/{segment(m.doc)}#char={m.start},{m.end}" if plain else None,
                "sentence_start": getattr(m, "sentence_start", 0), "sentence_end": getattr(m, "sentence_end", 0),
                "context_start": lo, "context": texts.get(m.doc, "")[lo:m.end + 50] if plain else None})
    return rec


def entity_records(g):
    base = g.graph.get("base_iri") or DEFAULT_BASE
    texts = {d["doc_id"]: d.get("text") or "" for _, d in documents(g)}
    for node, d in entities(g):
        mentions = [_mention_record(m, base, texts) for m in d["mentions"]]
        yield {"id": node, "type": d["type"], "name": d["name"], "aliases": list(d["aliases"]),
               "mentions": mentions, "links": dict(d.get("links") or {}), "subtype": d.get("subtype") or None}


def relation_records(g):
    for s, p, o, d in relations(g):
        evidence = [{"doc": e.doc, "start": e.start, "end": e.end, "sentence": e.sentence,
                     "source": getattr(e, "source", "") or None} for e in d["evidence"]]
        yield {"subject": s, "predicate": p, "object": o, "evidence": evidence}


def figure_records(g):
    for node, f in figures(g):
        yield {"id": node, "subject": f.subject, "metric": f.metric, "value": f.value,
               "unit": f.unit, "period": f.period, "text": f.text, "doc": f.doc,
               "start": f.start, "end": f.end, "sentence": f.sentence}


def document_records(g):
    for _, d in documents(g):
        yield {"id": d["doc_id"], "title": d["title"], "date": d["date"], "source": d["source"],
               "url": d.get("url"), "path": d["path"], "text": d["text"]}


# ---------------------------------------------------------------- lines (what is written)

# In the loops below, `S(x) if type(x) is str else _v(x)` and `x if type(x) is int else _v(x)` are
# _v's two common cases inlined (an exact int formats as its repr); the lines are ~1.5x faster so.

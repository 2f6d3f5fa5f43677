"""graph.ttl: the whole graph as RDF 1.1 Turtle (output contract, RDF vocabulary).

The Turtle is written here, not by rdflib: rdflib's writer is slow on big
graphs (see bench/bench_turtle.py) and its blank-node labels and ordering are
not stable. This writer streams one subject block at a time, each block's
predicate-objects sorted, so the same graph gives byte-identical output. The
file is: prefixes and ontology, entity blocks, relation triples, then one part
per document (its block, mentions, evidence, figures), so parts can be rendered
in parallel and reused from an earlier build (see "the writer" below). Every term goes through `iri()` or
`literal()`, which escape everything Turtle and N-Triples need, so no name
or sentence can break out of its literal and inject triples.

Layout of the instance data (see ontology/cnkg.ttl for the terms):
  entity   a cnkg:<Subtype or Type>; rdfs:label @zh; skos:altLabel @zh; cnkg:mentionedIn doc
  entity   (a Region) cnkg:divisionCode, cnkg:parentDivisionCode: its GB/T 2260 code (links.gb2260, .parent_gb2260)
  mention  <base>doc/<doc>#char=<start>,<end>  a nif:Phrase, nif:RFC5147String (NIF 2.0 + itsrdf);
           nif:anchorOf an xsd:string, as NIF 2.0 declares it
  relation subject cnkg:<predicate> object, plus one cnkg:Evidence (an rdf:Statement)
           per evidence item: <base>evidence/<doc>/<start>-<end>/<predicate>-<hash of the ends>;
           one taken from a table (partOf by the division codes) is a cnkg:TableDerivation instead:
           prov:wasDerivedFrom the table (cnkg:GB2260), nif:referenceContext the article, no sentence
  figure   a cnkg:Figure; cnkg:about, metric, value (xsd:decimal), unit, period, text
  document a cnkg:Document, nif:Context; nif:isString (normalised text, an xsd:string); dcterms:*
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
from collections import defaultdict
from contextlib import ExitStack
from dataclasses import fields as dataclass_fields
from operator import attrgetter
from pathlib import Path
from types import MappingProxyType

from .. import graph as G
from ..model import Figure
from ..runner import PoolRunner
from ..terms import (CNKG, PREFIXES, RDF_TYPE, XSD, LANG, TABLE_SOURCES, A as _A, Abbrev as _Abbrev, Block, C, P,  # noqa: F401
                     Ontology, cnkg, date_literal, decimal_lexical, doc_term as _doc, evidence_iri,
                     external_iri, iri, literal, mention_iri, ontology_dir, predicate_term, turtle_lines,
                     typed, zh, zh_if_chinese)


# ------------------------------------------------------------------ the writer
#
# graph.ttl is: prefixes and ontology; entity blocks and relation triples (global, sorted);
# then one part per document, in document order: its document block, its mention blocks,
# the evidence statements read from it, its figure blocks (`document_part`). A part is a
# function of that document's data alone (its node, the mentions, evidence and figures
# located in it, and the IRIs and classes those point to), so parts can be rendered in
# forked workers (`jobs`) and reused from an earlier build (`memo`) when the document's
# signature (a digest of that data, `part_signature`) is unchanged. Blocks are written exactly as `turtle_lines` writes the same
# block of the reference writer in tests/reference_export.py (the tests check it), without its
# generic sort-and-abbreviate step.

_vocab = _Abbrev(PREFIXES)          # vocabulary terms as written: used at import only, then dropped
_NNI = "^^" + _vocab(iri(XSD + "nonNegativeInteger"))
_DEC = "^^" + _vocab(iri(XSD + "decimal"))
_OBJ_SEP = " ,\n        "
_K = MappingProxyType({name: _vocab(term) for name, term in (*P.items(), *((name, cnkg(name)) for name in (
    "mentionedIn", "about", "metric", "period", "sentence", "text", "unit", "value", "divisionCode",
    "parentDivisionCode")))})
_SOURCES = MappingProxyType({k: _vocab(cnkg(v)) for k, v in TABLE_SOURCES.items()})


def _types(*terms: str) -> str:
    return _OBJ_SEP.join(_vocab(t) for t in sorted(set(terms)))


_DOC_TYPES = _types(cnkg("Document"), C["Context"])
_EVIDENCE_TYPES = _types(C["Statement"], cnkg("Evidence"))
_PHRASE = _types(C["Phrase"], C["RFC5147String"])
_DERIVED_TYPES = _types(C["Statement"], cnkg("TableDerivation"))
_FIGURE = _types(cnkg("Figure"))
del _types, _vocab
PARALLEL_MIN_DOCS = 200             # fewer uncached documents than this: forking costs more than it saves
RANGES_PER_WORKER = 32              # ranges of parts per worker, taken in order by whichever worker is free
MAX_RANGES = 256                    # each range is a part file, all open at once when the file is assembled


class _Terms:
    """Instance terms as turtle_lines writes them, for one graph's records (base IRI)."""

    def __init__(self, g, ontology: Ontology | None = None):
        self.base = G.records(g).base_iri
        self.ontology = ontology or Ontology()
        self._short = _Abbrev(PREFIXES)
        enc = iri(self.base)[1:-1]
        self._plain = "<" + enc
        # instance IRIs under a base no prefix namespace overlaps are never abbreviated
        if any(enc.startswith(ns) or ns.startswith(enc) for ns in PREFIXES.values()):
            self._plain = None
        self._docs: dict[str, str] = {}
        self._nodes: dict[str, str] = {}
        self._classes: dict[tuple, str] = {}
        self._preds: dict[str, str] = {}

    def term(self, t: str) -> str:
        """An IRI term (already built by `iri`) in its written form."""
        if self._plain is not None and t.startswith(self._plain):
            return t
        return self._short(t)

    def node(self, value: str) -> str:
        """The written term of an entity IRI (memoised: each is written once per mention/evidence)."""
        out = self._nodes.get(value)
        if out is None:
            out = self._nodes[value] = self.term(iri(value))
        return out

    def lit(self, t: str) -> str:
        return self._short(t) if t.endswith(">") else t

    def doc(self, doc_id: str) -> str:
        out = self._docs.get(doc_id)
        if out is None:
            out = self._docs[doc_id] = self.term(_doc(self.base, doc_id))
        return out

    def cls(self, type_: str, subtype: str | None) -> str:
        """Full class term (sorting is by full terms)."""
        out = self._classes.get((type_, subtype))
        if out is None:
            out = self._classes[(type_, subtype)] = self.ontology.entity_class(type_, subtype)
        return out

    def pred(self, pred: str) -> str:
        out = self._preds.get(pred)
        if out is None:
            out = self._preds[pred] = self.term(predicate_term(pred))
        return out

    def objects(self, full_terms) -> str:
        return _OBJ_SEP.join(self.term(t) for t in sorted(set(full_terms)))


def entity_text(t: _Terms, ent: str, d: dict) -> str:
    name = d["name"]
    out = [f"\n{t.term(iri(ent))} a {t.term(t.cls(d['type'], d.get('subtype')))} ;\n    {_K['label']} {zh(name)}"]
    aliases = [zh(a) for a in d.get("aliases") or () if a != name]
    if aliases:
        out.append(f" ;\n    {_K['altLabel']} {_OBJ_SEP.join(sorted(set(aliases)))}")
    links = [x for x in map(external_iri, (d.get("links") or {}).values()) if x]
    if links:
        out.append(f" ;\n    {_K['sameAs']} {t.objects(links)}")
    codes = d.get("links") or {}
    if isinstance(codes.get("gb2260"), str):
        out.append(f" ;\n    {_K['divisionCode']} {literal(codes['gb2260'])}")
    docs = {m.doc for m in d["mentions"]}
    if docs:
        out.append(f" ;\n    {_K['mentionedIn']} {t.objects(_doc(t.base, x) for x in docs)}")
    if isinstance(codes.get("parent_gb2260"), str):
        out.append(f" ;\n    {_K['parentDivisionCode']} {literal(codes['parent_gb2260'])}")
    out.append(" .\n")
    return "".join(out)


def relation_text(t: _Terms, s: str, pred: str, o: str) -> str:
    return f"\n{t.node(s)} {t.pred(pred)} {t.node(o)} .\n"


def document_text(t: _Terms, d: dict) -> str:
    text = d.get("text") or ""
    out = [f"\n{t.doc(d['doc_id'])} a {_DOC_TYPES} ;\n    {_K['begin']} \"0\"{_NNI} ;\n"
           f"    {_K['end']} \"{len(text)}\"{_NNI} ;\n    {_K['isString']} {literal(text)}"]
    if d.get("date"):
        out.append(f" ;\n    {_K['date']} {t.lit(date_literal(str(d['date'])))}")
    out.append(f" ;\n    {_K['identifier']} {literal(d['doc_id'])}")
    if d.get("source"):
        out.append(f" ;\n    {_K['source']} {zh_if_chinese(d['source'])}")
    if d.get("title"):
        out.append(f" ;\n    {_K['title']} {zh_if_chinese(d['title'])}")
    url = external_iri(d.get("url"))
    if url:
        out.append(f" ;\n    {_K['url']} {t.term(url)}")
    out.append(" .\n")
    return "".join(out)


def mention_text(t: _Terms, doc: str, start: int, end: int, refs: list) -> str:
    """refs: (text, entity IRI, class term) of every entity named by this span, entities in order."""
    if len(refs) == 1:                   # the usual case: nothing to sort
        classes, idents = t.term(refs[0][2]), t.node(refs[0][1])
    else:
        classes, idents = t.objects(r[2] for r in refs), t.objects(iri(r[1]) for r in refs)
    return (f"\n{t.term(mention_iri(t.base, doc, start, end))} a {_PHRASE} ;\n"
            f"    {_K['anchor']} {literal(refs[0][0])} ;\n"
            f"    {_K['begin']} \"{int(start)}\"{_NNI} ;\n    {_K['end']} \"{int(end)}\"{_NNI} ;\n"
            f"    {_K['context']} {t.doc(doc)} ;\n"
            f"    {_K['classRef']} {classes} ;\n"
            f"    {_K['identRef']} {idents} .\n")


def evidence_text(t: _Terms, s: str, pred: str, o: str, ev) -> str:
    doc = t.doc(ev.doc)
    source = _SOURCES.get(getattr(ev, "source", "") or "")
    if source:           # from a table: it cites the table, and the article only as where both are named
        return (f"\n{t.term(evidence_iri(t.base, s, pred, o, ev.doc, ev.start, ev.end))} a {_DERIVED_TYPES} ;\n"
                f"    {_K['context']} {doc} ;\n    {_K['object']} {t.node(o)} ;\n"
                f"    {_K['predicate']} {t.pred(pred)} ;\n    {_K['subject']} {t.node(s)} ;\n"
                f"    {_K['derived']} {source} .\n")
    out = (f"\n{t.term(evidence_iri(t.base, s, pred, o, ev.doc, ev.start, ev.end))} a {_EVIDENCE_TYPES} ;\n"
           f"    {_K['begin']} \"{int(ev.start)}\"{_NNI} ;\n    {_K['end']} \"{int(ev.end)}\"{_NNI} ;\n"
           f"    {_K['context']} {doc} ;\n    {_K['object']} {t.node(o)} ;\n"
           f"    {_K['predicate']} {t.pred(pred)} ;\n    {_K['subject']} {t.node(s)} ;\n"
           f"    {_K['derived']} {doc}")
    if ev.sentence:
        return f"{out} ;\n    {_K['sentence']} {zh(ev.sentence)} .\n"
    return out + " .\n"


def figure_text(t: _Terms, fig: str, f) -> str:
    doc = t.doc(f.doc)
    out = [f"\n{t.term(iri(fig))} a {_FIGURE} ;\n"
           f"    {_K['begin']} \"{int(f.start)}\"{_NNI} ;\n    {_K['end']} \"{int(f.end)}\"{_NNI} ;\n"
           f"    {_K['context']} {doc} ;\n    {_K['derived']} {doc}"]
    if f.subject:
        out.append(f" ;\n    {_K['about']} {t.node(f.subject)}")
    if f.metric:
        out.append(f" ;\n    {_K['metric']} {zh(str(f.metric))}")
    if f.period:                         # normalised (2021-H1), not Chinese text
        out.append(f" ;\n    {_K['period']} {literal(str(f.period))}")
    if f.sentence:
        out.append(f" ;\n    {_K['sentence']} {zh(str(f.sentence))}")
    if f.text:
        out.append(f" ;\n    {_K['text']} {zh(str(f.text))}")
    out.append(f" ;\n    {_K['unit']} {literal(str(f.unit))}")
    value = decimal_lexical(f.value)
    if value is not None:
        out.append(f" ;\n    {_K['value']} \"{value}\"{_DEC}")
    out.append(" .\n")
    return "".join(out)


class DocData:
    """What one document's part is made of (filled from the graph by `doc_index`)."""
    __slots__ = ("mentions", "evidence", "figures")

    def __init__(self):
        self.mentions: list = []     # (start, end, text, entity IRI, class term), entities in IRI order
        self.evidence: list = []     # (subject, predicate, object, EvidenceRec), in relation order
        self.figures: list = []      # (figure IRI, Figure), in IRI order


def doc_index(g, t: _Terms) -> dict[str, DocData]:
    """Mentions, evidence and figures grouped by the document they are located in (g: kg.graph.Records,
    or a graph)."""
    g = G.records(g)
    idx: dict[str, DocData] = defaultdict(DocData)
    for ent, d in g.entities():
        cls = t.cls(d["type"], d.get("subtype"))
        for m in d["mentions"]:
            idx[m.doc].mentions.append((m.start, m.end, m.text, ent, cls))
    for s, pred, o, d in g.relations():
        for ev in d.get("evidence") or ():
            idx[ev.doc].evidence.append((s, pred, o, ev))
    for fig, f in g.figures():
        idx[f.doc].figures.append((fig, f))
    return idx


def part_signature(head: bytes, doc_id: str, node: dict, data: DocData | None) -> str:
    """A digest of everything `document_part` makes the part from: the document's fields and the
    rows located in it (their entity IRIs and class terms included). `head` names the rest
    (salt, base IRI)."""
    fields = (doc_id, node.get("path"), node.get("title"), node.get("date"), node.get("source"),
              node.get("url"), node.get("text"))
    rows = None
    if data is not None:     # as plain tuples: pickling named tuples and dataclasses is ~2x slower
        rows = (data.mentions, [(s, p, o, *ev) for s, p, o, ev in data.evidence],
                [(fig, *_FIGURE_FIELDS(f)) for fig, f in data.figures])
    return hashlib.sha1(head + _stable_bytes((fields, rows))).hexdigest()


_FIGURE_FIELDS = attrgetter(*(f.name for f in dataclass_fields(Figure)))


def _stable_bytes(value) -> bytes:
    """The same bytes for equal values whatever their objects' identity: pickle without its memo
    (`fast`), so a string shared by two rows is written twice, as two equal unshared ones are."""
    buf = io.BytesIO()
    p = pickle.Pickler(buf, protocol=4)
    p.fast = True
    p.dump(value)
    return buf.getvalue()


def document_part(t: _Terms, doc_id: str, node: dict | None, data: DocData | None) -> str:
    """One document's part of graph.ttl: its block, mention blocks, evidence, figure blocks."""
    out = [document_text(t, node)] if node is not None else []
    if data is not None:
        spans = sorted(data.mentions, key=lambda r: (r[0], r[1]))     # stable: entity order within a span
        i = 0
        while i < len(spans):
            start, end = spans[i][0], spans[i][1]
            j = i
            while j < len(spans) and spans[j][0] == start and spans[j][1] == end:
                j += 1
            out.append(mention_text(t, doc_id, start, end, [(r[2], r[3], r[4]) for r in spans[i:j]]))
            i = j
        out += [evidence_text(t, s, p, o, ev) for s, p, o, ev in data.evidence]
        out += [figure_text(t, fig, f) for fig, f in data.figures]
    return "".join(out)


def _render_range(context: tuple, task: tuple[int, int, int]) -> list[int]:
    """Worker (kg.runner): render documents lo..hi of the uncached list into part file k; their byte
    lengths. context: (terms, [(doc_id, node)], index, part file prefix), the fork's copy."""
    t, todo, idx, prefix = context
    return _render_part_file(t, todo, idx, prefix, *task)


def _render_part_file(t: "_Terms", todo: list, idx: dict, prefix: str, k: int, lo: int, hi: int) -> list[int]:
    lengths = []
    with open(f"{prefix}{k}.ttl", "wb") as fh:
        for doc_id, node in todo[lo:hi]:
            data = document_part(t, doc_id, node, idx.get(doc_id)).encode("utf-8")
            fh.write(data)
            lengths.append(len(data))
    return lengths


def _ranges(weights: list[int], n: int) -> list[tuple[int, int]]:
    """n contiguous ranges of about equal total weight."""
    total = sum(weights) or 1
    bounds, acc, lo = [], 0, 0
    for i, w in enumerate(weights):
        acc += w
        if acc * n >= total * (len(bounds) + 1) and len(bounds) < n - 1:
            bounds.append((lo, i + 1))
            lo = i + 1
    bounds.append((lo, len(weights)))
    return [r for r in bounds if r[0] < r[1]]


class TurtleParts:
    """The per-document parts of an earlier graph.ttl, found by byte span and read back from that
    file only when written out (holding them in memory would double a big build's footprint).

    `spans`: doc id -> (signature, byte offset, byte length) in `source`; a part is reused when
    the document's signature (`part_signature`) is unchanged. `salt` must name whatever else the
    text depends on that the graph does not hold: kg's own code (its version) and the rule pack.
    After write_turtle, `written` holds the spans of the file just written: exactly this build's
    documents."""

    def __init__(self, source: Path | None = None, spans: dict | None = None, *, salt: str):
        self.source = Path(source) if source is not None else None
        self.spans = dict(spans or {})
        self.salt = salt
        self.written: dict[str, tuple[str, int, int]] = {}

    def span(self, doc_id: str, signature: str) -> tuple[int, int] | None:
        hit = self.spans.get(doc_id)
        if hit is None or hit[0] != signature or self.source is None:
            return None
        return hit[1], hit[2]


class TurtleJob:
    """graph.ttl in two steps, so a caller can do other work while workers render:
    `start()` forks `workers` processes (0: render here, in finish), `finish()` writes the file
    and records where each document's part went (memo.written). g: kg.graph.Records, or a graph."""

    def __init__(self, g, path: Path, workers: int = 0, memo: TurtleParts | None = None):
        self.g, self.path, self.workers, self.memo = G.records(g), Path(path), max(0, int(workers)), memo
        self.rendered = self.tmpdir = None

    def start(self) -> "TurtleJob":
        self.t = _Terms(self.g)
        self.idx = doc_index(self.g, self.t)
        self.docs = [(d["doc_id"], d) for _, d in self.g.documents()]
        self.cached = {}                 # doc id -> byte span of its part in memo.source
        self.signatures = {}
        if self.memo is not None:
            head = f"{self.memo.salt}\0{self.t.ontology.salt}\0{self.t.base}\0".encode("utf-8", "surrogatepass")
            self.signatures = {doc_id: part_signature(head, doc_id, d, self.idx.get(doc_id))
                               for doc_id, d in self.docs}
            src = self.memo.source
            # (never the file about to be written: opening it for writing empties it)
            if src is not None and src.is_file() and not (self.path.exists() and src.samefile(self.path)):
                for doc_id, _ in self.docs:
                    span = self.memo.span(doc_id, self.signatures[doc_id])
                    if span is not None:
                        self.cached[doc_id] = span
        todo = [(doc_id, d) for doc_id, d in self.docs if doc_id not in self.cached]
        self.todo = todo
        runner = PoolRunner(self.workers) if self.workers else None
        if runner is not None and runner.shares_memory and len(todo) >= PARALLEL_MIN_DOCS:
            import tempfile
            self.tmpdir = tempfile.mkdtemp(prefix=".kg-ttl-", dir=self.path.parent)
            # the parts go back as part files (copied into graph.ttl in the kernel), not pickled
            self.ranges = _ranges([len(d.get("text") or "") + 200 for _, d in todo],
                                  min(MAX_RANGES, self.workers * RANGES_PER_WORKER))
            prefix = str(Path(self.tmpdir) / "part-")
            # (dropped, issue 16: this process rendering the ranges no worker had started once its own
            # share was done; a 5,000-document build without it 0.97x the time, bench/ablation.py)
            self.rendered = runner.map(_render_range, [(k, lo, hi) for k, (lo, hi) in enumerate(self.ranges)],
                                       context=(self.t, todo, self.idx, prefix))
        return self

    def finish(self) -> None:
        try:
            with open(self.path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(self.t.ontology.header())
                t = self.t
                fh.writelines(entity_text(t, ent, d) for ent, d in self.g.entities())
                fh.writelines(relation_text(t, s, p, o) for s, p, o, _ in self.g.relations())
                fh.flush()
                # the parts go in as bytes: reused and worker-rendered ones are byte ranges of
                # other files, copied without decoding them
                self._write_parts(fh.buffer)
                # data located in a document the graph has no node for (never from the pipeline)
                known = {doc_id for doc_id, _ in self.docs}
                fh.writelines(document_part(t, doc_id, None, self.idx[doc_id])
                              for doc_id in sorted(set(self.idx) - known))
        finally:
            self.close()

    def _write_parts(self, out) -> None:
        record = _PartRecorder(out.tell(), self.memo, self.signatures)
        copier = _RangeCopier(out)
        with ExitStack() as stack:
            earlier = stack.enter_context(open(self.memo.source, "rb")).fileno() if self.cached else None
            rendered = iter(())                  # (file, offset, length) of each worker-rendered part
            if self.rendered is not None:
                lengths = list(self.rendered)
                files = [stack.enter_context(open(Path(self.tmpdir) / f"part-{k}.ttl", "rb")).fileno()
                         for k in range(len(self.ranges))]
                rendered = iter([(fd, off, n) for fd, per_range in zip(files, lengths)
                                 for off, n in _offsets(per_range)])
            for doc_id, d in self.docs:
                span = self.cached.get(doc_id)
                if span is not None:
                    copier.copy(earlier, span[0], span[1])
                    record(doc_id, span[1])
                elif self.rendered is not None:
                    fd, offset, n = next(rendered)
                    copier.copy(fd, offset, n)
                    record(doc_id, n)
                else:
                    data = document_part(self.t, doc_id, d, self.idx.get(doc_id)).encode("utf-8")
                    copier.write(data)
                    record(doc_id, len(data))
            copier.flush()
        if self.memo is not None:
            self.memo.written = record.spans

    def close(self) -> None:
        """Stop the workers and remove their part files (after finish, or instead of it on an error)."""
        import shutil
        if self.rendered is not None:
            self.rendered.close()
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None


def _offsets(lengths: list[int]):
    """(offset, length) of consecutive pieces of these lengths."""
    offset = 0
    for n in lengths:
        yield offset, n
        offset += n


class _RangeCopier:
    """Appends byte ranges of other files to `out`, merging adjacent ranges of one file into a
    single in-kernel copy (a rebuild's reused parts are a few long runs of the earlier file)."""

    def __init__(self, out):
        self.out = out
        self.run: tuple[int, int, int] | None = None          # (file descriptor, offset, length)

    def copy(self, fd: int, offset: int, length: int) -> None:
        run = self.run
        if run is not None and run[0] == fd and run[1] + run[2] == offset:
            self.run = (fd, run[1], run[2] + length)
            return
        self.flush()
        self.run = (fd, offset, length)

    def write(self, data: bytes) -> None:
        self.flush()
        self.out.write(data)

    def flush(self) -> None:
        if self.run is None:
            return
        fd, offset, length = self.run
        self.run = None
        self.out.flush()
        _copy_range(fd, self.out.fileno(), offset, length)
        self.out.seek(0, os.SEEK_END)             # the buffered writer learns where the file ends now


def _copy_range(src: int, dst: int, offset: int, length: int) -> None:
    """length bytes of src from offset, appended at dst's position."""
    end = offset + length
    if hasattr(os, "copy_file_range"):
        try:
            while offset < end:
                n = os.copy_file_range(src, dst, end - offset, offset_src=offset)
                if n <= 0:
                    break
                offset += n
        except OSError:                  # not supported here (file systems, kernels): copy by hand
            pass
    while offset < end:
        chunk = os.pread(src, min(1 << 20, end - offset), offset)
        if not chunk:
            raise OSError(f"{length} bytes expected at {end - length}, the file is shorter")
        view = memoryview(chunk)
        while view:
            view = view[os.write(dst, view):]
        offset += len(chunk)


class _PartRecorder:
    """Where each document's part lands in the file being written (only when a memo asks)."""

    def __init__(self, offset: int, memo: TurtleParts | None, signatures: dict[str, str]):
        self.offset, self.active, self.spans, self.signatures = offset, memo is not None, {}, signatures

    def __call__(self, doc_id: str, nbytes: int) -> None:
        if self.active:
            self.spans[doc_id] = (self.signatures[doc_id], self.offset, nbytes)
            self.offset += nbytes


def write_turtle(g, path: Path, workers: int = 0, memo: TurtleParts | None = None, meanwhile=None) -> None:
    """graph.ttl for `g`. workers > 0 renders the per-document parts in that many forked processes;
    memo (a TurtleParts over an earlier graph.ttl, not `path` itself) reuses the parts of documents
    whose signature is unchanged, and is left knowing where this build's parts are (memo.written).
    meanwhile: a function called once the workers run (the other exporters), before this process
    writes its own share of the file. The bytes are the same for any workers, with or without memo."""
    with G.gc_paused():
        job = TurtleJob(g, path, workers, memo)
        try:
            job.start()
            if meanwhile is not None:
                meanwhile()
            job.finish()
        finally:
            job.close()

"""The fast graph build and exporters give exactly what the straightforward versions give:
Turtle blocks as the generic writer writes them, per-document parts in document order, the
same bytes for any number of workers and with or without the per-document memo."""
from __future__ import annotations

import json
import random
import re
from collections import Counter

import networkx as nx
import pytest

from kg import graph as G
from kg.export import rdf as R
from kg.export import html as H
from kg.graph import build_graph
from kg.model import Document, Entity, Evidence, Figure, Mention, Relation
from kg.terms import entity_iri, figure_iri

from test_rdf import synthetic_graph
import reference_export as REF

BASE = G.DEFAULT_BASE_IRI
WORDS = ["东湖区", "星河新材料有限公司", "产业园项目", "商务局", "营商环境方案", "临川市", "Evil \"Co\" <b>"]


def invented_inputs(n_docs: int = 12, seed: int = 3, base: str = BASE):
    """Documents, entities (with shared mentions), relations and figures, invented at random."""
    rng = random.Random(seed)
    docs = []
    for i in range(n_docs):
        text = "，".join(rng.choice(WORDS) for _ in range(30)) + "。总投资20亿元，增长14.9%。"
        docs.append(Document(f"d{i:02d}", f"d{i}.txt", text, title=f"标题{i}", date="2024-07-01",
                             source="测试日报", url=f"https://example.org/{i}"))
    ents = []
    for j, word in enumerate(WORDS):
        type_ = ["Region", "Company", "Project", "Organization", "Policy", "Region", "Company"][j]
        mentions = []
        for d in rng.sample(docs, 4):
            at = d.text.find(word)
            if at >= 0:
                mentions.append(Mention(d.id, at, at + len(word), word, type_))
                mentions.append(Mention(d.id, at, at + len(word), word, type_))       # duplicates collapse
        ents.append(Entity(entity_iri(base, type_, word), type_, word, "District" if j == 0 else None,
                           [word[:2], word], mentions, {"wikidata": "https://www.wikidata.org/wiki/Q1"} if j == 1 else {}))
    # two entities named by one span: one mention block with both references
    d0 = docs[0]
    at = d0.text.find(WORDS[0])
    if at >= 0:
        ents.append(Entity(entity_iri(base, "Organization", "东湖区政府"), "Organization", "东湖区政府",
                           mentions=[Mention(d0.id, at, at + len(WORDS[0]), WORDS[0], "Organization")]))
    rels = []
    for a, b, p in [(1, 0, "locatedIn"), (2, 1, "implementedBy"), (4, 3, "issuedBy"), (0, 5, "partOf")]:
        ev = [Evidence(d.id, 0, 20, d.text[:20]) for d in rng.sample(docs, 3)]
        rels.append(Relation(ents[a].iri, p, ents[b].iri, ev + ev[:1]))
    figs = []
    for d in docs:
        at = d.text.index("20亿元")
        figs.append(Figure(figure_iri(base, d.id, at, at + 5), ents[2].iri, "总投资", 2e9, "CNY", "2024",
                           "20亿元", d.id, at, at + 5, d.text[at - 3:at + 6]))
        at = d.text.index("14.9%")
        figs.append(Figure(figure_iri(base, d.id, at, at + 5), None, "增长", 14.9, "percent", None,
                           "14.9%", d.id, at, at + 5, ""))
    return docs, ents, rels, figs


def invented_graph(**kw):
    docs, ents, rels, figs = invented_inputs(**kw)
    return build_graph(docs, ents, rels, figs)


def part_signatures(folder, docs, ents, rels, figs, salt="test") -> dict[str, str]:
    """doc id -> the signature the Turtle writer gives its part (written with a memo)."""
    memo = R.TurtleParts(salt=salt)
    folder.mkdir(exist_ok=True)
    R.write_turtle(build_graph(docs, ents, rels, figs), folder / "sig.ttl", memo=memo)
    return {doc: span[0] for doc, span in memo.written.items()}


def blocks(text: str) -> Counter:
    return Counter(text.split("\n\n"))


def generic_turtle(g) -> str:
    """graph.ttl as the reference writer (its turtle over its all_blocks) writes it."""
    return REF.turtle(REF.all_blocks(g))


@pytest.mark.parametrize("make", [synthetic_graph, invented_graph,
                                  lambda: synthetic_graph("http://example.org/a b/"),
                                  lambda: synthetic_graph("https://schema.org/")])
def test_fast_writer_writes_the_generic_writers_blocks(tmp_path, make):
    g = make()
    R.write_turtle(g, tmp_path / "g.ttl")
    assert blocks((tmp_path / "g.ttl").read_text(encoding="utf-8")) == blocks(generic_turtle(g))


def test_parts_follow_the_global_blocks_one_document_at_a_time(tmp_path):
    g = invented_graph()
    R.write_turtle(g, tmp_path / "g.ttl")
    subjects = [b.split(" ", 1)[0] for b in (tmp_path / "g.ttl").read_text(encoding="utf-8").split("\n\n")[1:]]
    kinds = [("mention" if "#char=" in s else re.match(r"<https://w3id.org/cnkg/id/([a-z]+)/", s).group(1))
             if s.startswith(f"<{BASE}") else "vocab" for s in subjects]       # a mention: <doc/…#char=b,e>
    first_doc = kinds.index("doc")
    assert "doc" not in kinds[:first_doc] and "mention" not in kinds[:first_doc]
    assert set(kinds[first_doc:]) == {"doc", "mention", "evidence", "figure"}
    # within the parts, every block names the document of the part it is in, and parts come in doc order
    current, order = None, []
    for s in subjects[first_doc:]:
        doc = re.match(r"<https://w3id.org/cnkg/id/[a-z]+/([^/>#]+)", s).group(1)
        if s.startswith(f"<{BASE}doc/") and "#char=" not in s:
            current = doc
            order.append(doc)
        assert doc == current
    assert order == sorted(order) and len(order) == 12


def test_parts_are_the_same_for_any_number_of_workers(tmp_path, monkeypatch):
    monkeypatch.setattr(R, "PARALLEL_MIN_DOCS", 1)
    g = invented_graph()
    R.write_turtle(g, tmp_path / "one.ttl")
    for workers in (1, 2, 4):
        R.write_turtle(g, tmp_path / f"{workers}.ttl", workers=workers)
        assert (tmp_path / f"{workers}.ttl").read_bytes() == (tmp_path / "one.ttl").read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kg-ttl-")] == []   # part files removed


def _render_dead_on_arrival(context, task):
    import os
    os._exit(9)                # as the kernel's out-of-memory killer would end it


def test_a_turtle_worker_that_dies_fails_the_write_instead_of_hanging(tmp_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool
    monkeypatch.setattr(R, "PARALLEL_MIN_DOCS", 1)
    monkeypatch.setattr(R, "_render_range", _render_dead_on_arrival)
    with pytest.raises(BrokenProcessPool):
        R.write_turtle(invented_graph(), tmp_path / "g.ttl", workers=2)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kg-ttl-")] == []   # part files removed


@pytest.mark.parametrize("workers", [0, 2])
def test_memo_reuses_unchanged_documents_only(tmp_path, monkeypatch, workers):
    monkeypatch.setattr(R, "PARALLEL_MIN_DOCS", 1)
    docs, ents, rels, figs = invented_inputs()
    sigs = part_signatures(tmp_path / "sig", docs, ents, rels, figs)
    g = build_graph(docs, ents, rels, figs)
    R.write_turtle(g, tmp_path / "plain.ttl")
    plain = (tmp_path / "plain.ttl").read_text(encoding="utf-8")
    memo = R.TurtleParts(salt="test")                          # nothing earlier: everything rendered
    R.write_turtle(g, tmp_path / "first.ttl", workers=workers, memo=memo)
    assert (tmp_path / "first.ttl").read_text(encoding="utf-8") == plain
    assert set(memo.written) == {d.id for d in docs}          # exactly this build's documents
    raw = (tmp_path / "first.ttl").read_bytes()
    for d in docs:                                             # each span is that document's part
        sig, offset, length = memo.written[d.id]
        assert sig == sigs[d.id]
        assert raw[offset:offset + length].decode("utf-8").startswith(f"\n<{BASE}doc/{d.id}>")

    # a part whose signature matches is read from the earlier file, not rendered: mark it there
    # (same byte length, so the other spans still hold) to prove it
    spans = dict(memo.written)
    marked = raw.replace("标题3".encode(), b"MEMO-X3")
    assert len(marked) == len(raw) and marked != raw
    (tmp_path / "first.ttl").write_bytes(marked)
    spans["d04"] = ("stale",) + spans["d04"][1:]              # changed since: rendered again
    spans["gone"] = ("x", 0, 10)                               # a document of an earlier build
    again = R.TurtleParts(tmp_path / "first.ttl", spans, salt="test")
    R.write_turtle(g, tmp_path / "second.ttl", workers=workers, memo=again)
    second = (tmp_path / "second.ttl").read_text(encoding="utf-8")
    assert "MEMO-X3" in second
    assert second.replace("MEMO-X3", "标题3") == plain
    assert set(again.written) == {d.id for d in docs} and again.written["d04"][0] == sigs["d04"]

    # the earlier file is never the one being written
    same = R.TurtleParts(tmp_path / "second.ttl", again.written, salt="test")
    R.write_turtle(g, tmp_path / "second.ttl", workers=workers, memo=same)
    assert (tmp_path / "second.ttl").read_text(encoding="utf-8") == plain


def test_signatures_change_with_what_a_part_shows(tmp_path):
    docs, ents, rels, figs = invented_inputs()

    def document_signatures(docs, ents, rels, figs, salt="test"):
        return part_signatures(tmp_path, docs, ents, rels, figs, salt)

    before = document_signatures(docs, ents, rels, figs)
    assert len(set(before.values())) == len(docs)
    assert document_signatures(list(reversed(docs)), ents[::-1], rels[::-1], figs[::-1]) == before
    salted = document_signatures(docs, ents, rels, figs, salt="other code or rules")
    assert all(salted[d] != before[d] for d in before)
    f = figs[0]
    figs2 = [Figure(f.iri, f.subject, f.metric, 3e9, *[getattr(f, k) for k in
                                                     ("unit", "period", "text", "doc", "start", "end", "sentence")])
             ] + figs[1:]
    after = document_signatures(docs, ents, rels, figs2)
    assert {d for d in before if before[d] != after[d]} == {f.doc}
    e = ents[0]                                              # re-typing an entity changes the class its mentions show
    ents2 = [Entity(e.iri, e.type, e.name, "City", e.aliases, e.mentions, e.links)] + ents[1:]
    after = document_signatures(docs, ents2, rels, figs)
    assert {d for d in before if before[d] != after[d]} == {m.doc for m in e.mentions}


def test_graph_records_are_sorted_shared_and_lean():
    docs, ents, rels, figs = invented_inputs()
    g = build_graph(docs, ents, rels, figs)
    for iri, d in G.entities(g):
        ms = d["mentions"]
        assert isinstance(ms, tuple) and list(ms) == sorted(set(ms))
        assert all(g.has_edge(iri, G.doc_iri(BASE, doc), "mentionedIn") for doc in {m.doc for m in ms})
    for s, p, o, d in G.relations(g):
        assert list(d["evidence"]) == sorted(set(d["evidence"])) and d["evidence"][0].sentence
    assert [f for _, f in G.figures(g)] == sorted(figs, key=lambda f: f.iri)
    assert all(any(x is f for x in figs) for _, f in G.figures(g))        # the resolver's records, not copies
    about = [(u, v) for u, v, k in g.edges(keys=True) if k == "about"]
    assert sorted(about) == sorted((f.iri, f.subject) for f in figs if f.subject)


def test_graph_structure_matches_networkx_add_calls():
    docs, ents, rels, figs = invented_inputs()
    g = build_graph(docs, ents, rels, figs)
    ref = nx.MultiDiGraph(**g.graph)
    ref.add_nodes_from(g.nodes(data=True))
    ref.add_edges_from((u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True))
    assert nx.utils.graphs_equal(g, ref)
    assert {(u, v) for u, v in ref.in_edges(G.doc_iri(BASE, "d00"))} == \
        {(u, v) for u, v in g.in_edges(G.doc_iri(BASE, "d00"))}


def test_mention_evidence_stops_early_with_the_same_rows():
    def full(mentions, doc_text, doc_index):          # the unabridged loop
        seen, first, rest, used = set(), [], [], set()
        for m in sorted(mentions, key=lambda m: (m.doc, m.start, m.end)):
            sent, a, b = H.sentence_around(doc_text[m.doc], m.start, m.end)
            if (m.doc, sent) in seen:
                continue
            seen.add((m.doc, sent))
            (rest if m.doc in used else first).append([doc_index[m.doc], sent, a, b])
            used.add(m.doc)
        return (first + rest)[:H.MAX_EVIDENCE]

    rng = random.Random(2)
    texts = {f"d{i}": "".join(rng.choice("甲乙丙丁。") for _ in range(300)) for i in range(8)}
    docs = [Document(d, f"{d}.txt", t) for d, t in texts.items()]
    for _ in range(100):
        ms = []
        for _ in range(rng.randint(1, 12)):
            d = rng.choice(list(texts)[:rng.randint(1, 8)])
            s = rng.randrange(299)
            ms.append(Mention(d, s, s + 1, texts[d][s], "Region"))
        data = H.view_data(build_graph(docs, [Entity(entity_iri(BASE, "Region", "甲"), "Region", "甲", mentions=ms)],
                                       [], []))
        index = {row[0]: i for i, row in enumerate(data["docs"])}
        assert data["info"][0]["ev"] == full(ms, texts, index)       # the side panel's evidence


def test_write_all_gives_the_same_files_for_any_jobs_and_memo(tmp_path, monkeypatch):
    from kg.export import write_all
    monkeypatch.setattr(R, "PARALLEL_MIN_DOCS", 1)
    docs, ents, rels, figs = invented_inputs()
    g = build_graph(docs, ents, rels, figs)
    memo = R.TurtleParts(salt="test")
    outs = []
    for name, jobs in (("one", 1), ("two", 2), ("three", 3), ("memo", 2), ("again", 1), ("again2", 2)):
        out = tmp_path / name
        out.mkdir()
        timings: dict = {}
        if name.startswith("again"):         # reuse every part of the "memo" build's file
            memo = R.TurtleParts(tmp_path / "memo" / "graph.ttl", memo.written, salt="test")
        write_all(g, out, {}, timings, 0.0, jobs=jobs, memo=memo if name in ("memo", "again", "again2") else None)
        assert {"export_jsonl", "export_ttl", "export_html"} <= set(timings)
        outs.append({p.name: p.read_bytes() for p in out.iterdir() if p.name != "report.json"})
    assert set(outs[0]) == {"entities.jsonl", "relations.jsonl", "figures.jsonl", "documents.jsonl",
                            "mentions.jsonl", "graph.ttl", "graph.html"}
    assert all(o == outs[0] for o in outs[1:])
    assert set(memo.written) == {d.id for d in docs}


def test_jsonl_lines_are_json_dumps_of_the_records():
    import json
    from kg.export import jsonl as J
    docs, ents, rels, figs = invented_inputs()
    odd = [Figure(figs[0].iri + "x", None, "增长", v, "percent", None, '"引号"\\\n\t\u2028', "d00", 1, 2, "")
           for v in (float("nan"), float("inf"), float("-inf"), True, 10**20, 0.1 + 0.2, -0.0)]
    odd = [Figure(f"{f.iri}{i}", *[getattr(f, k) for k in ("subject", "metric", "value", "unit", "period",
                                                           "text", "doc", "start", "end", "sentence")])
           for i, f in enumerate(odd)]
    for g in (synthetic_graph(), build_graph(docs, ents, rels, figs + odd)):
        for records, lines in ((REF.entity_records, J.entity_lines), (REF.relation_records, J.relation_lines),
                               (REF.figure_records, J.figure_lines), (REF.document_records, J.document_lines)):
            assert list(lines(g)) == [json.dumps(r, ensure_ascii=False) for r in records(g)]


def test_accessors_see_nodes_and_edges_added_later():
    g = invented_graph()
    n_ent, n_rel = len(list(G.entities(g))), len(list(G.relations(g)))
    g.add_node("https://example.org/e/zzz", kind="entity", type="Region", subtype=None, name="新区",
               aliases=(), mentions=(), links={})
    g.add_edge("https://example.org/e/zzz", next(G.entities(g))[0], key="partOf", kind="relation",
               predicate="partOf", evidence=())
    assert len(list(G.entities(g))) == n_ent + 1 and len(list(G.relations(g))) == n_rel + 1
    view = g.subgraph([n for n, _ in G.entities(g)])
    assert len(list(G.figures(view))) == 0 and len(list(G.entities(view))) == n_ent + 1


def _render_slowly(context, task):
    import time
    time.sleep(30)


def test_an_error_while_turtle_workers_render_stops_them_at_once(tmp_path, monkeypatch):
    import time
    monkeypatch.setattr(R, "PARALLEL_MIN_DOCS", 1)
    monkeypatch.setattr(R, "_render_range", _render_slowly)

    def failing_block(*args):
        raise RuntimeError("disk full")
    monkeypatch.setattr(R, "entity_text", failing_block)      # this process's share fails
    t = time.perf_counter()
    with pytest.raises(RuntimeError, match="disk full"):
        R.write_turtle(invented_graph(), tmp_path / "g.ttl", workers=2)
    assert time.perf_counter() - t < 20          # not the workers' 30 s
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".kg-ttl-")] == []


def _exports_killed(*args):
    import os
    os._exit(9)


def _exports_slowly(*args):
    import time
    time.sleep(30)


def _with_html(write):
    """The default exporters with graph.html written by `write` (a test stand-in)."""
    from kg.export import EXPORTERS, Exporter
    return {**EXPORTERS, "html": Exporter("export_html", write)}


def _earlier_parts(g, folder) -> "R.TurtleParts":
    """An earlier build's graph.ttl and where its parts are: write_all then forks the JSONL and
    HTML writer (jobs > 1), as in an incremental rebuild."""
    folder.mkdir()
    first = R.TurtleParts(salt="test")
    R.write_turtle(g, folder / "graph.ttl", memo=first)
    return R.TurtleParts(folder / "graph.ttl", first.written, salt="test")


def test_write_all_forks_the_other_exports_when_the_turtle_is_mostly_copied(tmp_path, monkeypatch):
    import os
    import kg.export as E
    g = invented_graph()
    writers = []
    real = E.EXPORTERS["html"].write

    def recorded(*args):
        writers.append(os.getpid())
        return real(*args)
    exporters = _with_html(recorded)
    (tmp_path / "out").mkdir()
    E.write_all(g, tmp_path / "out", {}, {}, 0.0, jobs=2, memo=_earlier_parts(g, tmp_path / "before"),
                exporters=exporters)
    assert writers == []                 # it ran in the forked process: this one saw no call
    (tmp_path / "plain").mkdir()
    E.write_all(g, tmp_path / "plain", {}, {}, 0.0, jobs=1, exporters=exporters)
    assert writers == [os.getpid()]
    for p in (tmp_path / "plain").iterdir():
        if p.name != "report.json":
            assert (tmp_path / "out" / p.name).read_bytes() == p.read_bytes()


def test_write_all_fails_when_the_forked_exporter_dies(tmp_path, monkeypatch):
    from concurrent.futures.process import BrokenProcessPool
    import kg.export as E
    g = invented_graph()
    memo = _earlier_parts(g, tmp_path / "before")
    (tmp_path / "out").mkdir()
    with pytest.raises(BrokenProcessPool):
        E.write_all(g, tmp_path / "out", {}, {}, 0.0, jobs=2, memo=memo, exporters=_with_html(_exports_killed))
    assert not (tmp_path / "out" / "report.json").exists()


def test_write_all_stops_the_forked_exporter_when_the_turtle_fails(tmp_path, monkeypatch):
    import time
    import kg.export as E
    g = invented_graph()
    memo = _earlier_parts(g, tmp_path / "before")

    def failing_block(*args):
        raise RuntimeError("disk full")
    monkeypatch.setattr(R, "entity_text", failing_block)
    (tmp_path / "out").mkdir()
    t = time.perf_counter()
    with pytest.raises(RuntimeError, match="disk full"):
        E.write_all(g, tmp_path / "out", {}, {}, 0.0, jobs=2, memo=memo, exporters=_with_html(_exports_slowly))
    assert time.perf_counter() - t < 20          # not the forked exporter's 30 s


def test_write_all_passes_on_an_error_of_the_forked_exporter(tmp_path, monkeypatch):
    import kg.export as E
    g = invented_graph()
    memo = _earlier_parts(g, tmp_path / "before")

    def failing_html(g, out_dir):
        raise OSError(28, "No space left on device")
    (tmp_path / "out").mkdir()
    with pytest.raises(OSError, match="No space left"):
        E.write_all(g, tmp_path / "out", {}, {}, 0.0, jobs=2, memo=memo, exporters=_with_html(failing_html))


@pytest.mark.parametrize("kernel_copy", [True, False])
def test_range_copier_appends_the_ranges_in_order(tmp_path, monkeypatch, kernel_copy):
    import os
    kernel_calls = []
    if kernel_copy:
        if not hasattr(os, "copy_file_range"):
            pytest.skip("no copy_file_range here")
        real = os.copy_file_range

        def counted(*a, **k):
            kernel_calls.append(a[2])
            return real(*a, **k)
        monkeypatch.setattr(os, "copy_file_range", counted)
    else:                                # a file system without copy_file_range: copied by hand
        def unsupported(*a, **k):
            raise OSError(95, "not supported")
        monkeypatch.setattr(os, "copy_file_range", unsupported, raising=False)
    src = tmp_path / "src"
    src.write_bytes(bytes(range(256)) * 5000)
    data = src.read_bytes()
    with open(src, "rb") as s, open(tmp_path / "out", "wb") as out:
        out.write(b"head")
        c = R._RangeCopier(out)
        c.copy(s.fileno(), 10, 5)
        c.copy(s.fileno(), 15, 1_000_000)          # adjacent: merged into one copy
        c.write("中".encode())
        c.copy(s.fileno(), 3, 4)
        c.flush()
        out.write(b"tail")
    assert (tmp_path / "out").read_bytes() == (b"head" + data[10:1_000_015] + "中".encode() + data[3:7]
                                               + b"tail")
    if kernel_copy:                      # the two adjacent ranges went as one request
        assert kernel_calls[:2] == [1_000_005, 4]
    with open(src, "rb") as s, open(tmp_path / "short", "wb") as out:
        c = R._RangeCopier(out)
        c.copy(s.fileno(), len(data) - 3, 10)      # past the end: an error, never a silent gap
        with pytest.raises(OSError):
            c.flush()


def test_a_format_added_to_the_registry_is_written_beside_the_others(tmp_path):
    from kg.export import EXPORTERS, Exporter, write_all

    def names(g, out_dir):
        (out_dir / "names.txt").write_text("".join(f"{d['name']}\n" for _, d in G.entities(g)), encoding="utf-8")
    g = invented_graph()
    timings: dict = {}
    (tmp_path / "out").mkdir()
    write_all(g, tmp_path / "out", {}, timings, 0.0, exporters={**EXPORTERS, "names": Exporter("export_names", names)})
    assert (tmp_path / "out" / "names.txt").read_text(encoding="utf-8").splitlines() == [
        d["name"] for _, d in G.entities(g)]
    assert {"export_ttl", "export_jsonl", "export_html", "export_names"} <= set(timings)
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert "names.txt" in report["output_bytes"]

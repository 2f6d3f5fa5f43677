"""The JSONL writer gives exactly json.dumps(record, ensure_ascii=False) per line, for any
chunk size, also when records hold values of unexpected types."""
from __future__ import annotations

import json

import pytest

from kg.export import jsonl as J
from kg.graph import build_graph
from kg.model import Evidence, Figure, Mention

from test_export_speedups import invented_inputs
from test_rdf import synthetic_graph
import reference_export as REF

KINDS = [("entities.jsonl", REF.entity_records, J.entity_lines),
         ("relations.jsonl", REF.relation_records, J.relation_lines),
         ("figures.jsonl", REF.figure_records, J.figure_lines),
         ("documents.jsonl", REF.document_records, J.document_lines)]


def odd_graph():
    """The invented graph with values of unexpected types in a few records."""
    docs, ents, rels, figs = invented_inputs()
    odd = [Figure(figs[0].iri + f"odd{i}", *args) for i, args in enumerate([
        (None, None, 3, None, None, None, "d00", 1, 2, ""),                 # None where str is usual
        (None, "增长", float("nan"), "percent", 2024, 7, "d00", 1.0, 2, "句"),   # number for str, float start
        (None, "增长", True, "percent", None, '"引号"\\\n\t\u2028<&>', "d00", True, 2, "\x00"),
    ])]
    g = build_graph(docs, ents, rels, figs + odd)
    first = next(n for n, d in g.nodes(data=True) if d.get("kind") == "entity")
    g.nodes[first]["name"] = 42                                                # not a str
    g.nodes[first]["links"] = {"wikidata": "https://www.wikidata.org/wiki/Q1"}
    g.nodes[first]["mentions"] = (Mention("d00", 0, 3, "东湖区", "Region"),)    # not a named tuple
    for _, _, d in g.edges(data=True):
        if d.get("kind") == "relation":
            d["evidence"] = (Evidence("d01", 0, 2, None),)                    # objects, None sentence
            break
    doc = next(n for n, d in g.nodes(data=True) if d.get("kind") == "document")
    g.nodes[doc]["title"] = None
    return g


@pytest.mark.parametrize("chunk", [1, 2, 1000])
def test_lines_are_json_dumps_of_the_records(monkeypatch, chunk):
    monkeypatch.setattr(J, "CHUNK", chunk)
    for g in (synthetic_graph(), build_graph(*invented_inputs()), odd_graph()):
        for _, records, lines in KINDS:
            assert list(lines(g)) == [json.dumps(r, ensure_ascii=False) for r in records(g)]


@pytest.mark.parametrize("chunk", [3, 1000])
def test_written_files_are_the_lines(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(J, "CHUNK", chunk)
    g = odd_graph()
    J.write_jsonl(g, tmp_path)
    for name, records, _ in KINDS:
        want = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(g))
        # (the line breakers json leaves raw are escaped in the files: see J.one_line_each)
        assert (tmp_path / name).read_bytes() == J.one_line_each(want).encode("utf-8")


def test_an_empty_graph_writes_empty_files(tmp_path):
    J.write_jsonl(build_graph([], [], [], []), tmp_path)
    assert all((tmp_path / name).read_bytes() == b"" for name, _, _ in KINDS)

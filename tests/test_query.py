"""Saved SPARQL queries: same rows on Oxigraph and rdflib; `kg query` output formats."""
from __future__ import annotations

import csv
import io
import json
from collections import Counter
from decimal import Decimal

import pytest
import rdflib

from kg.cli import main
from kg import terms as T
from kg.export import rdf as R
from kg.query import Result, load_oxigraph, load_rdflib, query_oxigraph, query_rdflib, saved_queries

from test_rdf import EVIL, built, synthetic_graph

SAVED = saved_queries()


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("q")
    R.write_turtle(synthetic_graph(), d / "graph.ttl")
    return d


@pytest.fixture(scope="module")
def engines(out_dir):
    path = out_dir / "graph.ttl"
    return load_oxigraph(path), load_rdflib(path)


def _rows(res: Result) -> Counter:
    return Counter(res.rows) if res.kind != "ask" else Counter([res.boolean])


def _named(res: Result) -> list[dict]:
    return [{v: (t.value if t is not None else None) for v, t in zip(res.vars, row)} for row in res.rows]


def test_at_least_ten_saved_queries_each_with_a_comment():
    assert len(SAVED) >= 10
    for name, (doc, text) in SAVED.items():
        assert text.startswith("# ") and doc, name


@pytest.mark.parametrize("name", sorted(SAVED))
def test_saved_query_gives_same_rows_on_both_engines(engines, name):
    store, graph = engines
    text = SAVED[name][1]
    a, b = query_oxigraph(store, text), query_rdflib(graph, text)
    assert (a.kind, a.vars) == (b.kind, b.vars)
    assert _rows(a) == _rows(b)
    assert a.rows, f"{name} returned nothing on the synthetic graph"


def test_investment_rolls_up_through_part_of(engines):
    rows = _named(query_oxigraph(engines[0], SAVED["investment_by_region"][1]))
    by_name = {r["regionName"]: (r["projects"], Decimal(r["totalCNY"])) for r in rows}
    assert by_name == {"东湖区": ("2", Decimal(12_000_000_000)), "临川市": ("2", Decimal(12_000_000_000)),
                       "江北省": ("2", Decimal(12_000_000_000))}


def test_entity_counts_follow_subclass_of(engines):
    rows = _named(query_oxigraph(engines[0], SAVED["entity_counts_by_class"][1]))
    counts = {r["class"].rsplit("#", 1)[1]: int(r["entities"]) for r in rows}
    assert counts["Entity"] == 8 and counts["Region"] == 3 and counts["District"] == 1
    assert counts["Company"] == 2 and counts["Agent"] == 3 and counts["Person"] == 0


def test_region_hierarchy_is_transitive(engines):
    rows = _named(query_oxigraph(engines[0], SAVED["region_hierarchy"][1]))
    pairs = {(r["regionName"], r["parentName"]) for r in rows}
    assert pairs == {("东湖区", "临川市"), ("东湖区", "江北省"), ("临川市", "江北省")}


def test_figures_about_entity_gives_the_source_sentence(engines):
    rows = _named(query_oxigraph(engines[0], SAVED["figures_about_entity"][1]))
    got = {(r["name"], r["value"], r["unit"]): r["sentence"] for r in rows}
    assert got[("星河新材料产业园项目", "2000000000", "CNY")].startswith("江北省临川市东湖区")
    assert "14.9%" in got[("星河新材料产业园项目", "14.9", "percent")]     # context window when no sentence
    assert got[(EVIL, "10000000000", "CNY")].startswith("据报道")


def test_policies_and_implementers(engines):
    pol = _named(query_oxigraph(engines[0], SAVED["policies_by_region"][1]))
    assert {(r["regionName"], r["policyName"]) for r in pol} >= {("东湖区", "东湖区营商环境优化方案")}
    proj = _named(query_oxigraph(engines[0], SAVED["projects_with_company"][1]))
    assert [(r["projectName"], r["implementerName"], r["locationName"]) for r in proj] == [
        ("星河新材料产业园项目", "星河新材料有限公司", "东湖区")]


def test_cli_list(out_dir, capsys):
    assert main(["query", str(out_dir), "--list"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in SAVED)


def test_cli_table_is_aligned(out_dir, capsys):
    assert main(["query", str(out_dir), "-n", "region_hierarchy"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["region", "regionName", "class", "parent", "parentName"]
    assert lines[-1] == "(3 rows)"
    # Columns line up in display width (CJK = 2): every row starts column 3 at the same place.
    import unicodedata
    def col(line, n):
        width, fields = 0, 0
        prev_space = False
        for ch in line:
            if ch != " " and prev_space and width > 0:
                fields += 1
                if fields == n:
                    return width
            prev_space = ch == " "
            width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    assert len({col(ln, 2) for ln in lines[2:-1]}) == 1


def test_cli_csv_and_json(out_dir, capsys):
    assert main(["query", str(out_dir), "-n", "projects_with_company", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["implementerName"] == "星河新材料有限公司"
    assert rows[0]["project"].startswith("https://w3id.org/cnkg/id/project/")
    assert main(["query", str(out_dir), "-n", "projects_with_company", "--format", "json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    b = doc["results"]["bindings"][0]
    assert doc["head"]["vars"][0] == "project"
    assert b["projectName"] == {"type": "literal", "value": "星河新材料产业园项目", "xml:lang": "zh"}
    assert b["project"]["type"] == "uri"


def test_cli_ttl_for_construct_parses(out_dir, capsys):
    assert main(["query", str(out_dir), "-n", "region_subgraph", "--format", "ttl"]) == 0
    g = rdflib.Graph().parse(data=capsys.readouterr().out, format="turtle")
    cnkg = rdflib.Namespace(T.CNKG)
    assert len(list(g.triples((None, cnkg.partOf, None)))) == 2
    assert len(list(g.triples((None, cnkg.locatedIn, None)))) == 3


def test_cli_inline_ask_and_errors(out_dir, capsys):
    q = "ASK { ?x a <https://w3id.org/cnkg/ontology#District> }"
    assert main(["query", str(out_dir), q]) == 0
    assert capsys.readouterr().out.strip() == "yes"
    assert main(["query", str(out_dir), "-n", "no_such_query"]) == 2
    assert "no saved query" in capsys.readouterr().err
    assert main(["query", str(out_dir), "-n", "region_hierarchy", "--format", "ttl"]) == 2
    assert main(["query", str(out_dir), "SELECT WHERE {"]) == 2
    assert main(["query", str(out_dir / "missing"), "-n", "region_hierarchy"]) == 2


def test_cli_options_go_before_between_or_after_the_positionals(out_dir, capsys):
    q = "ASK { ?x a cnkg:District }"
    for argv in ([str(out_dir), "--timeout", "5", q], ["--timeout", "5", str(out_dir), q],
                 [str(out_dir), q, "--timeout", "5"], ["--format", "csv", str(out_dir), "--timeout", "5", q]):
        assert main(["query", *argv]) == 0, argv
        assert capsys.readouterr().out.strip() in ("yes", "boolean\ntrue"), argv
    with pytest.raises(SystemExit) as caught:       # a third positional is still an error
        main(["query", str(out_dir), "--timeout", "5", q, "surplus"])
    assert caught.value.code == 2
    assert "unrecognized arguments: surplus" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["invented", "seeds"])
def test_saved_queries_agree_on_a_build(kind, request):
    if kind == "seeds":
        request.getfixturevalue("shared_dir")
    path = built(kind) / "graph.ttl"
    store, graph = load_oxigraph(path), load_rdflib(path)
    for name, (_, text) in SAVED.items():
        a, b = query_oxigraph(store, text), query_rdflib(graph, text)
        assert _rows(a) == _rows(b), name


def test_table_clips_long_cells_but_csv_keeps_them(out_dir, capsys):
    q = ("SELECT ?text WHERE { ?d <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#isString> ?text ;"
         " <http://purl.org/dc/terms/identifier> \"t1\" }")
    assert main(["query", str(out_dir), q]) == 0
    row = capsys.readouterr().out.splitlines()[2]
    assert row.endswith("…") and len(row) < 40
    assert main(["query", str(out_dir), q, "--format", "csv"]) == 0
    assert "东湖区商务局负责实施" in capsys.readouterr().out

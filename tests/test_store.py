"""The persistent SPARQL store (issue 19): written with the build or by `kg load`, trusted only for
the graph.ttl it was made from, updated in place by --incremental; queries as people type them."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.model import OUTPUT_MARK
from kg.pipeline import build
from kg.query import (EXIT_OK, PREFIX_ORDER, Term, answer_query, default_prefixes, saved_queries)
from kg.store import AUTO_STORE_BYTES, STORE_DIR, read_stamp, store_for
from kg.validate import validate_graph

# invented articles (never real news text)
ARTICLES = {
    "a.txt": "江北省临川市东湖区人民政府\n\n2023年，东湖区地区生产总值达到320.5亿元，同比增长6.2%。"
             "星河新材料有限公司建设的星河新材料产业园项目落户东湖区。星河新材料产业园项目总投资20亿元。"
             "东湖区人民政府印发《东湖区营商环境优化方案》。\n",
    "b.txt": "临川经济技术开发区\n\n临川经济技术开发区位于临川市。2024年上半年，开发区新签约项目15个，"
             "总投资88亿元。其中，临川智造装备有限公司投资12亿元建设智能装备产业园项目。\n",
}
NEW_ARTICLE = ("东湖区新签约项目\n\n东湖区近日与云帆数据科技有限公司签约，总投资6亿元的云帆数据中心项目"
               "落户东湖区，预计年产值10亿元。\n")


def corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def store_quads(out: Path) -> set:
    store = ox.Store.read_only(str(store_for(out)))
    return set(store)


def loaded_quads(ttl: Path) -> set:
    """graph.ttl loaded into a fresh store: the store the build should have left."""
    store = ox.Store()
    store.bulk_load(path=str(ttl), format=ox.RdfFormat.TURTLE)
    return set(store)


@pytest.fixture(scope="module")
def with_store(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("store")
    out = tmp / "out"
    build([str(corpus(tmp / "in"))], out, progress=False, jobs=1, store=True)
    return out


def rows(out: Path, text: str, use_store: bool) -> list:
    code, body = answer_query(out, text, "json", use_store=use_store)
    assert code == EXIT_OK, body
    doc = json.loads(body)
    if "boolean" in doc:
        return [doc["boolean"]]
    names = doc["head"]["vars"]
    return [tuple(Term.from_json(b[v]) if v in b else None for v in names) for b in doc["results"]["bindings"]]


def test_build_writes_a_stamped_store_listed_as_a_kg_file(with_store):
    assert store_for(with_store) == with_store / STORE_DIR / "oxigraph"
    assert STORE_DIR in json.loads((with_store / OUTPUT_MARK).read_text(encoding="utf-8"))["files"]
    assert read_stamp(with_store)["mode"] == "bulk"
    assert store_quads(with_store) == loaded_quads(with_store / "graph.ttl")


@pytest.mark.parametrize("name", sorted(saved_queries()))
def test_every_saved_query_gives_the_same_rows_from_the_store_as_from_graph_ttl(with_store, name):
    text = saved_queries()[name][1]
    assert rows(with_store, text, use_store=True) == rows(with_store, text, use_store=False)


def test_a_store_is_not_trusted_once_graph_ttl_changed(tmp_path):
    out = tmp_path / "out"
    build([str(corpus(tmp_path / "in"))], out, progress=False, jobs=1, store=True)
    ttl = out / "graph.ttl"
    with ttl.open("a", encoding="utf-8") as fh:       # an edit by hand: the store no longer says the same
        fh.write('\n<https://example.org/x> <https://w3id.org/cnkg/ontology#note> "手工添加" .\n')
    assert store_for(out) is None
    got = rows(out, 'ASK { ?x cnkg:note "手工添加" }', use_store=True)   # parsed from graph.ttl instead
    assert got == [True]


def test_small_builds_have_no_store_unless_asked_and_keep_one_once_asked(tmp_path):
    src = corpus(tmp_path / "in")
    out = tmp_path / "out"
    build([str(src)], out, progress=False, jobs=1)
    assert (out / "graph.ttl").stat().st_size < AUTO_STORE_BYTES
    assert not (out / STORE_DIR).exists()
    assert main(["load", "-q", str(out)]) == 0
    assert store_for(out) is not None
    build([str(src)], out, progress=False, jobs=1)          # a folder that had a store keeps it
    assert store_for(out) is not None
    build([str(src)], out, progress=False, jobs=1, store=False)
    assert not (out / STORE_DIR).exists()
    assert STORE_DIR not in json.loads((out / OUTPUT_MARK).read_text(encoding="utf-8"))["files"]


def test_kg_load_swaps_a_store_in_and_keeps_the_users_files(tmp_path):
    out = tmp_path / "out"
    build([str(corpus(tmp_path / "in"))], out, progress=False, jobs=1)
    (out / "notes.md").write_text("我的笔记\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != OUTPUT_MARK}
    assert main(["load", "-q", str(out)]) == 0
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != OUTPUT_MARK}
    assert after == before                          # kg's files as they were, the user's notes kept
    assert STORE_DIR in json.loads((out / OUTPUT_MARK).read_text(encoding="utf-8"))["files"]
    assert store_quads(out) == loaded_quads(out / "graph.ttl")
    assert main(["query", str(out), "ASK { ?d a cnkg:Document }"]) == 0


def test_kg_load_refuses_a_folder_kg_did_not_write(tmp_path, capsys):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "graph.ttl").write_text("", encoding="utf-8")
    assert main(["load", str(tmp_path / "mine")]) == 2
    assert "not a kg output folder" in capsys.readouterr().err
    assert not (tmp_path / "mine" / STORE_DIR).exists()


def test_incremental_build_updates_the_store_to_what_a_full_load_gives(tmp_path):
    src = corpus(tmp_path / "in")
    out, cache = tmp_path / "out", tmp_path / "cache"
    build([str(src)], out, progress=False, jobs=1, incremental=True, cache_dir=cache, store=True)
    (src / "c.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    build([str(src)], out, progress=False, jobs=1, incremental=True, cache_dir=cache)
    stamp = read_stamp(out)
    assert stamp["mode"] == "incremental" and stamp["subjects"] > 0
    assert store_quads(out) == loaded_quads(out / "graph.ttl")
    assert rows(out, 'ASK { ?p rdfs:label "云帆数据中心项目"@zh }', use_store=True) == [True]


def test_validate_reads_the_store_and_finds_what_parsing_finds(with_store, tmp_path):
    plain = tmp_path / "graph.ttl"                  # the same graph, alone: no store beside it
    plain.write_bytes((with_store / "graph.ttl").read_bytes())
    assert validate_graph(with_store) == validate_graph(plain)


def test_prefixes_are_listed_and_predefined(with_store, capsys):
    assert main(["query", "--prefixes"]) == 0
    listed = capsys.readouterr().out
    for name in PREFIX_ORDER:
        assert f"PREFIX {name}:" in listed
    assert list(default_prefixes()) == list(PREFIX_ORDER)
    text = "SELECT ?name WHERE { ?x a cnkg:District ; rdfs:label ?name } ORDER BY ?name"
    assert main(["query", str(with_store), text]) == 0
    assert "东湖区" in capsys.readouterr().out


def test_table_names_can_be_typed_back(with_store, capsys):
    assert main(["query", str(with_store), "SELECT ?x WHERE { ?x a cnkg:District }"]) == 0
    table = capsys.readouterr().out.splitlines()
    name = table[2].strip()
    assert name.startswith("id:")                   # abbreviated with a predefined prefix only
    assert main(["query", str(with_store), f"SELECT ?n WHERE {{ {name} rdfs:label ?n }}"]) == 0
    assert "东湖区" in capsys.readouterr().out


def test_id_prefix_follows_the_graphs_base_iri(tmp_path, capsys):
    out = tmp_path / "out"
    build([str(corpus(tmp_path / "in"))], out, progress=False, jobs=1, base_iri="https://example.org/kg/")
    assert default_prefixes(out)["id"] == "https://example.org/kg/"
    assert main(["query", str(out), "SELECT ?x WHERE { ?x a cnkg:District }"]) == 0
    assert "id:region" in capsys.readouterr().out


def test_a_query_prefix_wins_over_the_predefined_one(with_store, capsys):
    text = "PREFIX rdfs: <https://example.org/not-rdfs#> ASK { ?x rdfs:label ?n }"
    assert main(["query", str(with_store), text]) == 0
    assert capsys.readouterr().out.strip() == "no"


def test_a_syntax_error_is_one_line_with_its_position(with_store, capsys):
    assert main(["query", str(with_store), "SELECT ?n WHERE {\n  ?x rdfs:label ?n\n  FILTR (?n)\n}"]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "line 3" in err and "column" in err


def test_store_folder_is_never_read_as_a_half_written_store(tmp_path):
    out = tmp_path / "out"
    build([str(corpus(tmp_path / "in"))], out, progress=False, jobs=1, store=True)
    os.remove(out / STORE_DIR / "kg-store.json")    # as a store whose stamp was never written
    assert store_for(out) is None
    assert rows(out, "ASK { ?d a cnkg:Document }", use_store=True) == [True]


def test_only_queries_that_could_be_an_update_or_call_service_wait_for_the_full_check():
    from kg.query import check_query, needs_check
    assert not needs_check("SELECT ?n WHERE { ?x rdfs:label ?n }")
    for risky in ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "select * { service <http://x/> { ?s ?p ?o } }",
                  "SELECT * { ?s ?p \"\\u0053\" }", "PREFIX a: <urn:x>\nDELETE WHERE { ?s ?p ?o }"):
        assert needs_check(risky), risky
    assert not needs_check("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }", allow_service=True)
    for _, text in saved_queries().values():
        assert check_query(text) is None            # what lets answer_query run them unchecked


def test_a_syntax_error_found_by_oxigraph_is_worded_like_any_other(with_store, capsys):
    # no risky word: the query goes to Oxigraph unchecked, and its error is worded by the check
    assert main(["query", str(with_store), "SELECT ?x WHERE {\n  ?x ?p\n}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kg: SPARQL syntax error at line 2, column 3: ") and err.count("\n") == 1


def test_sparql_update_is_refused_on_the_store_and_leaves_it_as_it_was(with_store, capsys):
    before = rows(with_store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_store=True)
    for update in ("INSERT DATA { <urn:x:a> <urn:x:b> <urn:x:c> }", "DELETE WHERE { ?s ?p ?o }",
                   "CLEAR DEFAULT", "insert data { cnkg:a cnkg:b cnkg:c }"):
        assert main(["query", str(with_store), update]) == 2, update
        assert capsys.readouterr().err == "kg: SPARQL Update is not allowed\n"
    assert rows(with_store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", use_store=True) == before

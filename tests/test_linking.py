"""Issue 18: Regions carry their GB/T 2260 code (same-name divisions told apart by the article, or left
unlinked), coded Regions merge across articles by code, table-derived partOf cites the table, and the
linker export (entity subtype and links, mention ids and context windows, mentions.jsonl, NIF 2.0
RFC 5147 mentions). Invented articles only."""
from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, XSD

from kg.pipeline import build

CNKG = Namespace("https://w3id.org/cnkg/ontology#")
NIF = Namespace("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#")

ARTICLES = {
    "bj": "北京市朝阳区召开数字经济大会。朝阳区将建设一批新项目，总投资20亿元。",
    "cc": "吉林省长春市朝阳区发布营商环境方案。朝阳区今年引进企业30家。",
    "bare": "朝阳区召开会议，部署下一步工作。",
    "old": "九台市今年新建项目12个，总投资8亿元。",
    "new": "长春市九台区加快发展汽车零部件产业。宽城区和南关区的企业也参加了活动。长春经开区派员出席。",
    "jl": "吉林省召开全省经济工作会议。会上，宽城区代表作了发言。",
}


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    root = tmp_path_factory.mktemp("linking")
    src = root / "in"
    src.mkdir()
    for name, text in ARTICLES.items():
        (src / f"{name}.txt").write_text(text, encoding="utf-8")
    build([str(src)], root / "out", progress=False, jobs=1)
    return root / "out"


def _lines(path):
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]


def _regions(out, surface):
    """The Region entities with a mention written `surface`, each with the documents of those mentions."""
    return [(e, {m["doc"] for m in e["mentions"] if m["text"] == surface})
            for e in _lines(out / "entities.jsonl") if e["type"] == "Region"
            and any(m["text"] == surface for m in e["mentions"])]


def test_same_name_districts_are_told_apart_by_their_article(out):
    found = {frozenset(docs): e for e, docs in _regions(out, "朝阳区")}
    assert found[frozenset({"bj"})]["links"] == {"gb2260": "110105"}        # Beijing's
    assert found[frozenset({"cc"})]["links"] == {"gb2260": "220104"}        # Changchun's
    assert found[frozenset({"bj"})]["id"] != found[frozenset({"cc"})]["id"]


def test_a_same_name_district_without_a_clue_stays_unlinked_in_its_article(out):
    (bare,) = [e for e, docs in _regions(out, "朝阳区") if docs == {"bare"}]
    assert bare["links"] == {}
    assert {m["doc"] for m in bare["mentions"]} == {"bare"}


def test_a_former_name_merges_with_todays_under_todays_name(out):
    (e,) = {e["id"]: e for e, _ in _regions(out, "九台市")}.values()
    assert e["links"] == {"gb2260": "220113"} and e["name"].endswith("九台区") and "九台市" in e["aliases"]
    assert {m["doc"] for m in e["mentions"]} == {"old", "new"}


def test_zones_and_districts_of_a_city_get_their_codes(out):
    codes = {e["name"]: e["links"] for e in _lines(out / "entities.jsonl") if e["type"] == "Region"}
    assert codes["宽城区"] == {"gb2260": "220103"} and codes["南关区"] == {"gb2260": "220102"}
    zone = next(v for k, v in codes.items() if k.startswith("长春经"))
    assert zone == {"gb2260": "220171"}


def test_table_derived_part_of_cites_the_table_not_a_sentence(out):
    rels = _lines(out / "relations.jsonl")
    table = [r for r in rels if any(ev["source"] == "gb2260" for ev in r["evidence"])]
    assert table and all(r["predicate"] == "partOf" for r in table)
    g = Graph().parse(out / "graph.ttl", format="turtle")
    derived = set(g.subjects(RDF.type, CNKG.TableDerivation))
    assert derived
    for ev in derived:
        assert set(g.objects(ev, PROV.wasDerivedFrom)) == {CNKG.GB2260}
        assert g.value(ev, CNKG.sentence) is None
    for ev in g.subjects(RDF.type, CNKG.Evidence):          # text-stated relations cite their sentence
        assert g.value(ev, CNKG.sentence) is not None
    codes = {URIRef(e["id"]): e["links"].get("gb2260") for e in _lines(out / "entities.jsonl")}
    for s, o in g.subject_objects(CNKG.divisionCode):
        assert codes[s] == str(o)


def test_every_entity_has_subtype_and_links_and_every_mention_its_window(out):
    docs = {d["id"]: d["text"] for d in _lines(out / "documents.jsonl")}
    for e in _lines(out / "entities.jsonl"):
        assert "subtype" in e and isinstance(e["links"], dict)
        for m in e["mentions"]:
            text = docs[m["doc"]]
            # GERBIL-style: the offsets slice the context to the anchor, and the context is the text there
            lo = m["context_start"]
            assert m["context"][m["start"] - lo:m["end"] - lo] == m["text"] == text[m["start"]:m["end"]]
            assert m["context"] == text[max(0, m["start"] - 50):m["end"] + 50]
            assert m["sentence_start"] <= m["start"] < m["end"] <= m["sentence_end"]
            assert m["id"].endswith(f"#char={m['start']},{m['end']}")


def test_mentions_jsonl_lists_each_mention_once_with_its_entity_and_family(out):
    entities = {e["id"]: e for e in _lines(out / "entities.jsonl")}
    rows = _lines(out / "mentions.jsonl")
    assert len(rows) == sum(len(e["mentions"]) for e in entities.values())
    assert len({r["id"] for r in rows}) == len({(r["doc"], r["start"], r["end"]) for r in rows})
    for r in rows:
        e = entities[r["entity"]]
        assert r["type"] == e["type"] and r["doc"] in ARTICLES and r["family"]
        assert {k: r[k] for k in ("doc", "start", "end", "text")} in [
            {k: m[k] for k in ("doc", "start", "end", "text")} for m in e["mentions"]]
    assert any(r["code"] == "110105" for r in rows)


def test_nif_mentions_are_rfc5147_strings_with_xsd_string_anchors(out):
    g = Graph().parse(out / "graph.ttl", format="turtle")
    phrases = set(g.subjects(RDF.type, NIF.Phrase))
    assert phrases and phrases == set(g.subjects(RDF.type, NIF.RFC5147String))
    for p in phrases:
        b, e = int(g.value(p, NIF.beginIndex)), int(g.value(p, NIF.endIndex))
        doc = g.value(p, NIF.referenceContext)
        assert str(p) == f"{doc}#char={b},{e}"
        anchor, text = g.value(p, NIF.anchorOf), g.value(doc, NIF.isString)
        assert anchor.datatype in (None, XSD.string) and anchor.language is None
        assert text.datatype in (None, XSD.string) and text.language is None
        assert str(text)[b:e] == str(anchor)


# ---- one identity per organisation and company (issue 18, item 4) -------------------------------------

def test_an_institution_short_name_is_one_entity_across_articles_and_generic_forms_stay_apart(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("长春市南关区与东川大学签署合作协议。南关区管委会负责推进。", encoding="utf-8")
    (src / "b.txt").write_text("东川大学在沈阳市和平区设立研究中心。和平区管委会表示欢迎。", encoding="utf-8")
    build([str(src)], tmp_path / "out", progress=False, jobs=1)
    orgs = [e for e in _lines(tmp_path / "out" / "entities.jsonl") if e["type"] == "Organization"]
    (uni,) = [e for e in orgs if e["name"] == "东川大学"]
    assert {m["doc"] for m in uni["mentions"]} == {"a", "b"}
    boards = [e for e in orgs if e["name"].endswith("管委会")]
    assert all(len({m["doc"] for m in e["mentions"]}) == 1 for e in boards)


def test_on_a_generated_corpus_organisations_and_companies_are_one_entity_per_name(tmp_path):
    import importlib.util
    import sys
    from pathlib import Path
    path = Path(__file__).resolve().parent.parent / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate_linking", path)
    gen = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = gen           # dataclasses look their module up here
    spec.loader.exec_module(gen)
    gen.write_jsonl(gen.generate(300, seed=1), tmp_path / "in")
    build([str(tmp_path / "in")], tmp_path / "out", progress=False, jobs=1)
    ents = _lines(tmp_path / "out" / "entities.jsonl")
    for type_ in ("Organization", "Company"):
        names = [e["name"] for e in ents if e["type"] == type_]
        assert len(names) == len(set(names)), type_

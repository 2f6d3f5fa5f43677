"""graph.ttl: valid Turtle for rdflib and Oxigraph, deterministic, exact, injection-proof."""
from __future__ import annotations

import atexit
import shutil
import tempfile
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef

from kg import terms as T
from kg.export import rdf as R
from kg.graph import DEFAULT_BASE_IRI, build_graph, doc_iri
from kg.model import Document, Entity, Evidence, Figure, Mention, Relation
from kg.terms import entity_iri, figure_iri

from conftest import SEEDS
import reference_export as REF

CNKG = rdflib.Namespace(T.CNKG)
NIF = rdflib.Namespace(T.PREFIXES["nif"])
SKOS = rdflib.Namespace(T.PREFIXES["skos"])
PROV = rdflib.Namespace(T.PREFIXES["prov"])

# An invented article (no seed text) and a hostile name that tries to end its literal and add triples.
TEXT1 = ("江北省临川市东湖区：星河新材料有限公司投资建设的星河新材料产业园项目总投资20亿元，同比增长14.9%。"
         "东湖区发布《东湖区营商环境优化方案》，由东湖区商务局负责实施，占比0.3%。")
EVIL = 'Evil "Co" <b> \\ x\n"""; <http://x/> a cnkg:Region . \\u0022 end'
TEXT2 = "据报道，" + EVIL + "在东湖区落户，投资100亿元。"


def _mention(doc, text, form, type_, nth=0):
    start = -1
    for _ in range(nth + 1):
        start = text.index(form, start + 1)
    return Mention(doc, start, start + len(form), form, type_)


def synthetic_graph(base: str = DEFAULT_BASE_IRI):
    """A small graph with every class, predicate and unit kind, built without the extractors."""
    docs = [Document("t1", "t1.txt", TEXT1, title="东湖区新闻", date="2024-07-01", source="测试日报",
                     url='https://example.org/news?id=1&q="x"'),
            Document("t2 evil", "t2.txt", TEXT2, title='标题 "引号" <尖括号>', date="2024年7月", source=None,
                     url="http://[not-a-host/")]

    def ent(type_, name, subtype=None, aliases=(), mentions=()):
        return Entity(entity_iri(base, type_, name), type_, name, subtype, list(aliases), list(mentions))

    prov_ = ent("Region", "江北省", "Province", mentions=[_mention("t1", TEXT1, "江北省", "Region")])
    city = ent("Region", "临川市", "City", ["临川"], [_mention("t1", TEXT1, "临川市", "Region")])
    dist = ent("Region", "东湖区", "District", mentions=[_mention("t1", TEXT1, "东湖区", "Region", i) for i in range(2)]
               + [_mention("t2 evil", TEXT2, "东湖区", "Region")])
    dist.links = {"gb2260": "360102"}           # a division code (issue 18): cnkg:divisionCode
    comp = ent("Company", "星河新材料有限公司", aliases=["星河新材料"],
               mentions=[_mention("t1", TEXT1, "星河新材料有限公司", "Company")])
    proj = ent("Project", "星河新材料产业园项目", mentions=[_mention("t1", TEXT1, "星河新材料产业园项目", "Project")])
    pol = ent("Policy", "东湖区营商环境优化方案", aliases=["营商环境优化方案"],
              mentions=[_mention("t1", TEXT1, "东湖区营商环境优化方案", "Policy")])
    org = ent("Organization", "东湖区商务局", mentions=[_mention("t1", TEXT1, "东湖区商务局", "Organization")])
    evil = ent("Company", EVIL, aliases=['"""', "<>"], mentions=[_mention("t2 evil", TEXT2, EVIL, "Company")])
    ents = [prov_, city, dist, comp, proj, pol, org, evil]

    def ev(doc, text, sentence):
        s = text.index(sentence)
        return [Evidence(doc, s, s + len(sentence), sentence)]

    s1 = TEXT1[:TEXT1.index("。") + 1]
    s2 = TEXT1[len(s1):]
    rels = [Relation(dist.iri, "partOf", city.iri, ev("t1", TEXT1, s1)),
            Relation(city.iri, "partOf", prov_.iri, ev("t1", TEXT1, s1)),
            Relation(proj.iri, "locatedIn", dist.iri, ev("t1", TEXT1, s1)),
            Relation(comp.iri, "locatedIn", dist.iri, ev("t1", TEXT1, s1)),
            Relation(proj.iri, "implementedBy", comp.iri, ev("t1", TEXT1, s1)),
            Relation(pol.iri, "issuedBy", dist.iri, ev("t1", TEXT1, s2)),
            Relation(evil.iri, "locatedIn", dist.iri, ev("t2 evil", TEXT2, TEXT2))]

    def fig(doc, text, form, value, unit, metric, subject, period=None, sentence=""):
        s = text.index(form)
        return Figure(figure_iri(base, doc, s, s + len(form)), subject, metric, value, unit, period, form,
                      doc, s, s + len(form), sentence)

    figs = [fig("t1", TEXT1, "20亿元", 2e9, "CNY", "总投资", proj.iri, sentence=s1),
            fig("t1", TEXT1, "14.9%", 14.9, "percent", "同比增长", proj.iri, period="2024-H1"),
            fig("t1", TEXT1, "0.3%", 0.1 + 0.2, "percent", "占比", None),
            fig("t2 evil", TEXT2, "100亿元", 1e10, "CNY", "总投资", evil.iri, sentence=TEXT2)]
    return build_graph(docs, ents, rels, figs, base_iri=base, rules_version="test")


@pytest.fixture(scope="module")
def synthetic_ttl(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("rdf") / "graph.ttl"
    R.write_turtle(synthetic_graph(), path)
    return path


def _rdflib(path) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(path, format="turtle")
    return g


def _ox_terms(path) -> set[tuple]:
    from kg.query import Term
    with open(path, "rb") as fh:
        return {(Term.from_oxigraph(q.subject), Term.from_oxigraph(q.predicate), Term.from_oxigraph(q.object))
                for q in ox.parse(fh, format=ox.RdfFormat.TURTLE)}


def _rdflib_terms(path) -> set[tuple]:
    from kg.query import Term
    return {tuple(Term.from_rdflib(x) for x in t) for t in _rdflib(path)}


def test_round_trip_same_triples_in_rdflib_and_oxigraph(synthetic_ttl):
    expected = len(set(REF.triples(synthetic_graph())))
    a, b = _rdflib_terms(synthetic_ttl), _ox_terms(synthetic_ttl)
    assert a == b
    assert len(a) == expected


def test_output_is_byte_identical_for_identical_input(tmp_path, synthetic_ttl):
    again = tmp_path / "again.ttl"
    R.write_turtle(synthetic_graph(), again)
    assert again.read_bytes() == synthetic_ttl.read_bytes()


def test_hostile_name_survives_unchanged_and_injects_nothing(synthetic_ttl):
    g = _rdflib(synthetic_ttl)
    evil = URIRef(entity_iri(DEFAULT_BASE_IRI, "Company", EVIL))
    assert g.value(evil, RDFS.label) == Literal(EVIL, lang="zh")
    assert set(g.objects(evil, SKOS.altLabel)) == {Literal('"""', lang="zh"), Literal("<>", lang="zh")}
    assert str(g.value(URIRef(doc_iri(DEFAULT_BASE_IRI, "t2 evil")), NIF.isString)) == TEXT2
    # The payload's "<http://x/> a cnkg:Region" must not have become a triple.
    assert (URIRef("http://x/"), None, None) not in g
    assert not any("http://x/" == str(o) for o in g.objects())
    # Oxigraph reads the very same strings.
    labels = {t[2].value for t in _ox_terms(synthetic_ttl) if t[1].value == str(RDFS.label)}
    assert EVIL in labels


def test_literal_escaping_round_trips_any_text():
    hostile = ['"', '"""', "\\", "\\\"", "a\nb\r\tc", "\x00\x1f\x7f", "<>{}|^`", "'''", "尾\\"]
    ttl = "".join(T.turtle_lines([(T.iri("http://e/s"), [(T.iri("http://e/p"), T.zh(h)) for h in hostile])]))
    g = rdflib.Graph().parse(data=ttl, format="turtle")
    assert {str(o) for o in g.objects()} == set(hostile)
    got = {q.object.value for q in ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE)}
    assert got == set(hostile)


def test_external_urls_and_dates_are_checked():
    assert T.external_iri("https://example.org/a b") is None
    assert T.external_iri("http://[oops/") is None
    assert T.external_iri("ftp://example.org/") is None
    assert T.external_iri('https://example.org/?q="x"') == "<https://example.org/?q=%22x%22>"
    assert T.date_literal("2024-07-01") == '"2024-07-01"^^<http://www.w3.org/2001/XMLSchema#date>'
    assert T.date_literal("2024-02-30") == '"2024-02-30"'
    assert T.date_literal("2024年7月") == '"2024年7月"'


def test_unsafe_iri_characters_are_percent_encoded():
    assert T.iri('http://e/a b"<c>{|}^`\\') == "<http://e/a%20b%22%3Cc%3E%7B%7C%7D%5E%60%5C>"
    assert T.iri("https://w3id.org/cnkg/id/region/长春") == "<https://w3id.org/cnkg/id/region/长春>"


def test_unusual_base_iri_still_parses(tmp_path):
    path = tmp_path / "g.ttl"
    R.write_turtle(synthetic_graph(base="http://example.org/my kg/"), path)
    assert _rdflib_terms(path) == _ox_terms(path)


@pytest.mark.parametrize("value, lexical", [
    (2e9, "2000000000"), (1e10, "10000000000"), (0.1 + 0.2, "0.3"), (14.9, "14.9"), (92487800.00000001, "92487800"),
    (166000, "166000"), (666.67, "666.67"), (-0.0, "0"), (Decimal("1.50"), "1.5"), (float("nan"), None), (None, None)])
def test_decimal_lexical_is_exact(value, lexical):
    assert T.decimal_lexical(value) == lexical


def test_figures_carry_exact_decimal_values(synthetic_ttl):
    g = _rdflib(synthetic_ttl)
    values = {str(v) for v in g.objects(None, CNKG.value)}
    assert values == {"2000000000", "14.9", "0.3", "10000000000"}
    assert all(v.datatype == rdflib.XSD.decimal for v in g.objects(None, CNKG.value))
    assert "e+" not in synthetic_ttl.read_text(encoding="utf-8").lower().split("cnkg:value")[1][:40]


def test_entities_get_their_most_specific_class_and_zh_labels(synthetic_ttl):
    g = _rdflib(synthetic_ttl)
    dist = URIRef(entity_iri(DEFAULT_BASE_IRI, "Region", "东湖区"))
    assert set(g.objects(dist, RDF.type)) == {CNKG.District}
    assert (CNKG.District, RDFS.subClassOf, CNKG.Region) in g
    assert g.value(dist, RDFS.label) == Literal("东湖区", lang="zh")
    city = URIRef(entity_iri(DEFAULT_BASE_IRI, "Region", "临川市"))
    assert g.value(city, SKOS.altLabel) == Literal("临川", lang="zh")
    assert (city, RDF.type, CNKG.City) in g
    assert "zh_CN" not in synthetic_ttl.read_text(encoding="utf-8")


def test_relations_are_direct_triples_with_reified_evidence(synthetic_ttl):
    g = _rdflib(synthetic_ttl)
    proj = URIRef(entity_iri(DEFAULT_BASE_IRI, "Project", "星河新材料产业园项目"))
    dist = URIRef(entity_iri(DEFAULT_BASE_IRI, "Region", "东湖区"))
    assert (proj, CNKG.locatedIn, dist) in g
    stmts = [s for s in g.subjects(RDF.subject, proj) if (s, RDF.predicate, CNKG.locatedIn) in g]
    assert len(stmts) == 1
    st = stmts[0]
    assert (st, RDF.type, RDF.Statement) in g and g.value(st, RDF.object) == dist
    assert g.value(st, PROV.wasDerivedFrom) == URIRef(doc_iri(DEFAULT_BASE_IRI, "t1"))
    sentence = TEXT1[:TEXT1.index("。") + 1]
    assert g.value(st, CNKG.sentence) == Literal(sentence, lang="zh")
    assert (int(g.value(st, NIF.beginIndex)), int(g.value(st, NIF.endIndex))) == (0, len(sentence))


def test_mentions_are_nif_phrases_spelling_their_document_text(synthetic_ttl):
    g = _rdflib(synthetic_ttl)
    phrases = list(g.subjects(RDF.type, NIF.Phrase))
    assert len(phrases) == 10
    for p in phrases:
        ctx = g.value(p, NIF.referenceContext)
        text = str(g.value(ctx, NIF.isString))
        b, e = g.value(p, NIF.beginIndex), g.value(p, NIF.endIndex)
        assert b.datatype == rdflib.XSD.nonNegativeInteger
        assert text[int(b):int(e)] == str(g.value(p, NIF.anchorOf))
        assert g.value(p, URIRef(T.PREFIXES["itsrdf"] + "taIdentRef")) is not None


def test_documents_are_nif_contexts_with_metadata(synthetic_ttl):
    g = _rdflib(synthetic_ttl)
    d = URIRef(doc_iri(DEFAULT_BASE_IRI, "t1"))
    assert {CNKG.Document, NIF.Context} <= set(g.objects(d, RDF.type))
    assert g.value(d, NIF.isString) == Literal(TEXT1)      # xsd:string, as NIF 2.0 declares it
    dc = rdflib.Namespace(T.PREFIXES["dcterms"])
    assert g.value(d, dc.date) == Literal("2024-07-01", datatype=rdflib.XSD.date)
    assert g.value(d, dc.title) == Literal("东湖区新闻", lang="zh")
    schema = rdflib.Namespace("https://schema.org/")
    assert g.value(d, schema.url) == URIRef("https://example.org/news?id=1&q=%22x%22")
    assert g.value(URIRef(doc_iri(DEFAULT_BASE_IRI, "t2 evil")), schema.url) is None


def test_ontology_declares_every_term_used_with_zh_and_en_labels(synthetic_ttl):
    g = _rdflib(synthetic_ttl)
    used = {t for tr in g for t in tr if isinstance(t, URIRef) and str(t).startswith(T.CNKG)}
    for term in used:
        langs = {lbl.language for lbl in g.objects(term, RDFS.label)}
        assert {"zh", "en"} <= langs, term
        assert g.value(term, RDFS.comment) is not None, term
    onto = rdflib.Graph().parse(T.ontology_dir() / "cnkg.ttl")
    assert not any(isinstance(t, rdflib.BNode) for tr in onto for t in tr)
    schema = rdflib.Namespace("https://schema.org/")
    for cls, sup in [("Region", schema.AdministrativeArea), ("Company", schema.Corporation),
                     ("Organization", schema.Organization), ("Project", schema.Project),
                     ("Policy", schema.Legislation), ("Person", schema.Person), ("Figure", schema.Observation)]:
        assert (CNKG[cls], RDFS.subClassOf, sup) in onto
    for sub in ("Province", "City", "District", "DevelopmentZone"):
        assert (CNKG[sub], RDFS.subClassOf, CNKG.Region) in onto
    assert (CNKG.about, RDFS.subPropertyOf, schema.observationAbout) in onto
    assert (CNKG.value, RDFS.subPropertyOf, schema.value) in onto


INVENTED_ARTICLE = ("江北省临川市东湖区：星河新材料有限公司投资建设的产业园项目总投资20亿元，"
                    "同比增长14.9%。\n东湖区商务局发布《东湖区营商环境优化方案》。\n")


@lru_cache(maxsize=None)
def built(kind: str) -> Path:
    """Output folder of one kg build, shared by the RDF, query and validate tests (builds cost ~1 s)."""
    from kg.pipeline import build
    tmp = Path(tempfile.mkdtemp(prefix="kg-rdf-test-"))
    atexit.register(shutil.rmtree, tmp, True)
    if kind == "seeds":
        src = SEEDS
    elif kind == "sample":
        src = None                       # the bundled sample, as `kg build` with no input
    else:
        src = tmp / "in"
        src.mkdir()
        (src / "a1.txt").write_text(INVENTED_ARTICLE, encoding="utf-8")
    build([str(src)] if src else None, tmp / "out", progress=False)
    return tmp / "out"


def test_build_of_an_invented_article_round_trips():
    path = built("invented") / "graph.ttl"
    assert _rdflib_terms(path) == _ox_terms(path)
    # Same input, same bytes: rewrite the graph of the build and compare.
    from kg.pipeline import build
    again = Path(tempfile.mkdtemp(prefix="kg-rdf-test-"))
    try:
        build([str(built("invented").parent / "in")], again / "out", progress=False)
        assert (again / "out" / "graph.ttl").read_bytes() == path.read_bytes()
    finally:
        shutil.rmtree(again, ignore_errors=True)


def test_seed_build_round_trips(shared_dir):
    import re
    path = built("seeds") / "graph.ttl"
    terms = _rdflib_terms(path)
    assert terms == _ox_terms(path)
    # Instance IRIs need no escaping anywhere (plain ASCII, no spaces, quotes or brackets).
    ids = {t.value for tr in terms for t in tr if t.kind == "uri" and t.value.startswith(DEFAULT_BASE_IRI)}
    assert ids and all(re.fullmatch(r"[A-Za-z0-9:/._~#=,%-]+", i) for i in ids)


def test_any_text_round_trips_through_both_parsers():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @settings(max_examples=150, deadline=None)
    @given(st.lists(st.text(), min_size=1, max_size=4))
    def check(texts):
        ttl = "".join(T.turtle_lines([(T.iri("http://e/s"), [(T.iri("http://e/p"), T.zh(t)) for t in texts])]))
        assert {str(o) for o in rdflib.Graph().parse(data=ttl, format="turtle").objects()} == set(texts)
        assert {q.object.value for q in ox.parse(ttl.encode("utf-8"), format=ox.RdfFormat.TURTLE)} == set(texts)

    check()


def test_chinese_text_is_tagged_zh_and_other_text_is_plain():
    assert T.zh_if_chinese("长春日报") == '"长春日报"@zh'
    assert T.zh_if_chinese("Xinhua News") == '"Xinhua News"'
    assert T.zh_if_chinese("𠮷野家") == '"𠮷野家"@zh'

"""SHACL validation: builds conform; broken graphs are reported in plain words."""
from __future__ import annotations

import pytest

from kg import validate as V
from kg.cli import main
from kg import terms as T
from kg.export import rdf as R
from kg.validate import validate_graph

from test_rdf import built, synthetic_graph

BROKEN = """
<https://w3id.org/cnkg/id/figure/x> a cnkg:Figure ; cnkg:unit "USD" ; cnkg:value "1.5"^^xsd:double ;
    nif:beginIndex "5"^^xsd:nonNegativeInteger ; nif:endIndex "99999"^^xsd:nonNegativeInteger ;
    nif:referenceContext <https://w3id.org/cnkg/id/doc/t1> .
<https://w3id.org/cnkg/id/x1> a cnkg:Company ; rdfs:label "甲公司"@zh , "乙公司"@zh ;
    cnkg:partOf <https://w3id.org/cnkg/id/x2> .
<https://w3id.org/cnkg/id/x2> a cnkg:District , cnkg:City ; rdfs:label "某区"@en .
<https://w3id.org/cnkg/id/mention/m> a nif:Phrase ; nif:beginIndex "0"^^xsd:nonNegativeInteger ;
    nif:endIndex "2"^^xsd:nonNegativeInteger ; nif:anchorOf "不对"@zh ;
    nif:referenceContext <https://w3id.org/cnkg/id/doc/t1> ; itsrdf:taIdentRef <https://w3id.org/cnkg/id/x1> .
"""


@pytest.fixture(scope="module")
def good_ttl(tmp_path_factory):
    d = tmp_path_factory.mktemp("v")
    R.write_turtle(synthetic_graph(), d / "graph.ttl")
    return d / "graph.ttl"


def test_synthetic_graph_conforms(good_ttl):
    assert validate_graph(good_ttl) == []


def test_violations_are_reported_in_plain_words(good_ttl, tmp_path):
    bad = tmp_path / "graph.ttl"
    bad.write_text(good_ttl.read_text(encoding="utf-8") + BROKEN, encoding="utf-8")
    problems = validate_graph(tmp_path)
    text = "\n".join(problems)
    fig = "<https://w3id.org/cnkg/id/figure/x>"
    assert f"{fig}: a figure needs exactly one numeric value" in text
    assert f"{fig}: a figure needs exactly one unit from the contract list" in text and '"USD"' in text
    assert f"{fig}: a figure needs exactly one source document" in text
    assert f"{fig}: offsets 5-99999 are not inside the text of its document" in text
    assert "<https://w3id.org/cnkg/id/x1> (甲公司): an entity needs exactly one Chinese name" in text
    assert "<https://w3id.org/cnkg/id/x1> (甲公司): only a region can be partOf another region" in text
    assert "<https://w3id.org/cnkg/id/x2> (某区): an entity needs exactly one class" in text
    assert "<https://w3id.org/cnkg/id/mention/m>: the mention's text \"不对\" is not what its document says at 0-2" in text
    assert len(problems) == 9


def test_wrong_relation_ends_are_caught(good_ttl, tmp_path):
    bad = tmp_path / "graph.ttl"
    comp = T.iri(next(n for n, d in synthetic_graph().nodes(data=True) if d.get("type") == "Company"))
    extra = f"\n{comp} cnkg:implementedBy {comp} ; cnkg:issuedBy <https://w3id.org/cnkg/id/doc/t1> .\n"
    bad.write_text(good_ttl.read_text(encoding="utf-8") + extra, encoding="utf-8")
    text = "\n".join(validate_graph(bad))
    assert "only a project can be implementedBy someone" in text
    assert "only a policy can be issuedBy someone" in text
    assert "issuedBy must point to a region or an organisation" in text


def test_cli_exit_codes(good_ttl, tmp_path, capsys):
    assert main(["validate", str(good_ttl.parent)]) == 0
    assert "conforms" in capsys.readouterr().out
    bad = tmp_path / "graph.ttl"
    bad.write_text(good_ttl.read_text(encoding="utf-8") + BROKEN, encoding="utf-8")
    assert main(["validate", str(bad)]) == 1
    out = capsys.readouterr()
    assert "a figure needs exactly one numeric value" in out.out and "9 violation(s)" in out.err
    assert main(["validate", "--engine", "pyshacl", str(bad)]) == 1       # the same findings from pySHACL
    assert capsys.readouterr().out == out.out
    (tmp_path / "junk.ttl").write_text("this is not turtle <", encoding="utf-8")
    assert main(["validate", str(tmp_path / "junk.ttl")]) == 1
    assert main(["validate", str(tmp_path / "nothing-here")]) == 2


def test_build_of_an_invented_article_conforms():
    assert validate_graph(built("invented")) == []


def test_sample_build_conforms():
    assert validate_graph(built("sample")) == []


def test_seed_build_conforms(shared_dir):
    assert validate_graph(built("seeds")) == []


# ---------------------------------------------------------------- the Oxigraph engine finds what pySHACL finds

ID = "https://w3id.org/cnkg/id/"
DOC = f"<{ID}doc/t1>"
COMPANY, DISTRICT = f"<{ID}company/75c484412adaccc1>", f"<{ID}region/bab511d2f0d78efa>"

# One injected violation (or near miss) per constraint kind in shapes.ttl; each must give the same
# findings from both engines, and together they must make every sh:message of shapes.ttl appear.
INJECTED = {
    "missing label": f"<{ID}c/a> a cnkg:Company .",
    "two labels, first in the file is named": f'<{ID}c/b> a cnkg:Company ; rdfs:label "乙"@zh , "甲"@zh .',
    "label in English": f'<{ID}c/c> a cnkg:Company ; rdfs:label "Acme"@en .',
    "label without a tag": f'<{ID}c/d> a cnkg:Company ; rdfs:label "甲" .',
    "label zh-Hans passes": f'<{ID}c/e> a cnkg:Company ; rdfs:label "甲"@zh-Hans .',
    "two classes": f'<{ID}c/f> a cnkg:District , cnkg:City ; rdfs:label "某区"@zh .',
    "figure without anything": f"<{ID}figure/a> a cnkg:Figure .",
    "ill-typed decimal": f'<{ID}figure/b> a cnkg:Figure ; cnkg:value "abc"^^xsd:decimal ; cnkg:unit "CNY" ; '
                         f"prov:wasDerivedFrom {DOC} .",
    "double and integer values": f'<{ID}figure/c> a cnkg:Figure ; cnkg:value "1.5"^^xsd:double , 3 ; cnkg:unit "t" ; '
                                 f"prov:wasDerivedFrom {DOC} .",
    "decimal 1.50 passes": f'<{ID}figure/d> a cnkg:Figure ; cnkg:value 1.50 ; cnkg:unit "km" ; prov:wasDerivedFrom {DOC} .',
    "two units, one tagged": f'<{ID}figure/e> a cnkg:Figure ; cnkg:value 1.0 ; cnkg:unit "CNY"@zh , "USD" ; '
                             f"prov:wasDerivedFrom {DOC} .",
    "source not a document": f'<{ID}figure/f> a cnkg:Figure ; cnkg:value 1.0 ; cnkg:unit "CNY" ; '
                             f'prov:wasDerivedFrom {COMPANY} , "t1" ; cnkg:about {DOC} , {COMPANY} .',
    "located in a company": f"<{ID}person/a> a cnkg:Person ; rdfs:label \"张三\"@zh ; cnkg:locatedIn {COMPANY} .",
    "part of a company": f"{COMPANY} cnkg:partOf {COMPANY} .",
    "implemented by a region": f"{COMPANY} cnkg:implementedBy {DISTRICT} .",
    "issued by a document": f"{COMPANY} cnkg:issuedBy {DOC} .",
    "empty evidence": f"<{ID}evidence/a> a cnkg:Evidence .",
    "evidence with two ends": f"<{ID}evidence/b> a cnkg:Evidence ; rdf:subject {COMPANY} , {DISTRICT} ; "
                              f"rdf:object {COMPANY} , {DISTRICT} ; prov:wasDerivedFrom {COMPANY} .",
    "empty mention": f"<{ID}mention/a> a nif:Phrase .",
    "offsets typed xsd:integer and xsd:int": (
        f'<{ID}mention/b> a nif:Phrase ; nif:beginIndex 0 ; nif:endIndex "3"^^xsd:int ; '
        f"nif:referenceContext {DOC} ; itsrdf:taIdentRef {DISTRICT} ."),
    "negative and two offsets": (
        f'<{ID}mention/c> a nif:Phrase ; nif:beginIndex "-1"^^xsd:nonNegativeInteger , "4"^^xsd:nonNegativeInteger ; '
        f'nif:endIndex "2"^^xsd:nonNegativeInteger ; nif:referenceContext {COMPANY} ; itsrdf:taIdentRef {DOC} .'),
    "offsets outside, anchor wrong": (
        f'<{ID}mention/d> a nif:Phrase ; nif:beginIndex "5"^^xsd:nonNegativeInteger ; '
        f'nif:endIndex "99999"^^xsd:nonNegativeInteger ; nif:referenceContext {DOC} ; itsrdf:taIdentRef {DISTRICT} .\n'
        f'<{ID}mention/e> a nif:Phrase ; nif:beginIndex "0"^^xsd:nonNegativeInteger ; '
        f'nif:endIndex "2"^^xsd:nonNegativeInteger ; nif:anchorOf "不对"@zh ; nif:referenceContext {DOC} ; '
        f"itsrdf:taIdentRef {DISTRICT} ."),
    "document without text or context class": f"<{ID}doc/x> a cnkg:Document .",
    "the earlier broken graph": BROKEN,
}


def _with(good_ttl, tmp_path, extra: str):
    bad = tmp_path / "graph.ttl"
    bad.write_text(good_ttl.read_text(encoding="utf-8") + "\n" + extra + "\n", encoding="utf-8")
    return bad


def _both(path):
    return validate_graph(path, engine="oxigraph"), validate_graph(path, engine="pyshacl")


@pytest.mark.parametrize("case", sorted(INJECTED))
def test_oxigraph_engine_equals_pyshacl(good_ttl, tmp_path, case):
    new, old = _both(_with(good_ttl, tmp_path, INJECTED[case]))
    assert new == old
    assert bool(new) != case.endswith("passes")


def test_every_constraint_of_the_shapes_is_exercised(good_ttl, tmp_path):
    from rdflib import Graph, Namespace
    sh = Namespace("http://www.w3.org/ns/shacl#")
    new, old = _both(_with(good_ttl, tmp_path, "\n".join(INJECTED.values())))
    assert new == old
    text = "\n".join(new)
    shapes = Graph().parse(V.shapes_path(), format="turtle")
    messages = {str(m).split("{")[0] for m in shapes.objects(None, sh.message)}
    assert [m for m in messages if m not in text] == []
    assert f"<{ID}c/b> (乙): an entity needs exactly one Chinese name" in text    # rdflib's first label
    assert '[property nif:endIndex] [value "3"]' in text    # xsd:int is not xsd:nonNegativeInteger


def test_engines_agree_on_builds():
    for name in ("invented", "sample"):
        new, old = _both(built(name))
        assert new == old == []


def test_literals_oxigraph_merges_fall_back_to_pyshacl(good_ttl, tmp_path, capsys):
    bad = _with(good_ttl, tmp_path, f'<{ID}doc/t1#char=0,3> nif:beginIndex "0"^^xsd:int .')
    with pytest.raises(V.Unsupported):
        validate_graph(bad, engine="oxigraph")
    assert validate_graph(bad) == validate_graph(bad, engine="pyshacl") != []
    assert "validating with pySHACL" in capsys.readouterr().err


def test_unsupported_shapes_fall_back_to_pyshacl(good_ttl, tmp_path, capsys):
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text(V.shapes_path().read_text(encoding="utf-8") + """
cnkgsh:NameLength a sh:NodeShape ; sh:targetClass cnkg:Entity ;
    sh:property [ sh:path rdfs:label ; sh:maxLength 2 ; sh:message "a name of at most two characters" ] .
""", encoding="utf-8")
    with pytest.raises(V.Unsupported, match="maxLength"):
        validate_graph(good_ttl, engine="oxigraph", shapes=shapes)
    problems = validate_graph(good_ttl, shapes=shapes)
    assert "validating with pySHACL" in capsys.readouterr().err
    assert problems == validate_graph(good_ttl, engine="pyshacl", shapes=shapes)
    assert any("a name of at most two characters" in p for p in problems)


def test_paths_other_than_an_iri_are_refused():
    from rdflib import Graph
    shapes = Graph().parse(data="""
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
ex:S sh:targetClass ex:C ; sh:property [ sh:path ( ex:p ex:q ) ; sh:minCount 1 ; sh:message "m" ] .
""", format="turtle")
    with pytest.raises(V.Unsupported, match="plain IRI path"):
        V.compile_shapes(shapes)

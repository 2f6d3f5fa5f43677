"""SHACL validation: builds conform; broken graphs are reported in plain words."""
from __future__ import annotations

import pytest

from kg.cli import main
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
    comp = R.iri(next(n for n, d in synthetic_graph().nodes(data=True) if d.get("type") == "Company"))
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
    (tmp_path / "junk.ttl").write_text("this is not turtle <", encoding="utf-8")
    assert main(["validate", str(tmp_path / "junk.ttl")]) == 1
    assert main(["validate", str(tmp_path / "nothing-here")]) == 2


def test_build_of_an_invented_article_conforms():
    assert validate_graph(built("invented")) == []


def test_sample_build_conforms():
    assert validate_graph(built("sample")) == []


def test_seed_build_conforms(shared_dir):
    assert validate_graph(built("seeds")) == []

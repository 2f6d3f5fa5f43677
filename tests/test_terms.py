"""kg.terms: the namespaces, IRIs and ontology the graph, the exporters, query and validate share."""
import subprocess
import sys
from pathlib import Path

import kg
from kg import terms as T


def test_the_ontology_is_the_checkouts_own():
    # kg/terms.py sits one level below the checkout: at a wrong depth it would fall back, silently,
    # to package data
    assert T.ontology_dir() == Path(kg.__file__).resolve().parents[1] / "ontology"


def test_entity_class_is_the_subclass_the_ontology_declares():
    onto = T.Ontology()
    assert onto.entity_class("Region", "City") == T.cnkg("City")
    assert onto.entity_class("Region", "Planet") == T.cnkg("Region")      # not a subclass: the type
    assert onto.entity_class("no such type", None) == T.cnkg("Entity")    # not a plain name
    assert onto.header().startswith("@prefix cnkg: <https://w3id.org/cnkg/ontology#> .\n")
    assert len(onto.salt) == 16


def test_query_validate_and_the_graph_do_not_load_the_turtle_writer():
    code = ("import sys, kg.query, kg.validate, kg.graph; "
            "print(sorted(m for m in sys.modules if m.startswith(('kg.export', 'kg.resolve'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(kg.__file__).resolve().parents[1]).stdout
    assert out.strip() == "[]"


def test_document_ids_get_one_segment_each():
    assert T.doc_iri("http://b/", "a-1") == "http://b/doc/a-1"
    assert T.doc_iri("http://b/", "长 春") == "http://b/doc/%E9%95%BF%20%E6%98%A5"
    assert T.iri_segment("x" * 200) == "x" * 200                  # unreserved: itself, however long
    assert T.iri_segment("长" * 50).startswith("sha256-")         # encoded longer than SEGMENT_MAX
    assert T.iri_segment("sha256-" + "0" * 64) == "%73ha256-" + "0" * 64
    assert T.figure_iri("http://b/", "d 1", 3, 5) == "http://b/figure/d%201/3-5"

"""Generalisation gate: articles from other cities (tests/other_cities), scored against their own gold.

These articles were written for the project and were never used to write the
first rules; the floors keep later rule changes from trading them away for
the seeds.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.eval import evaluate, format_table
from kg.pipeline import build

HERE = Path(__file__).parent / "other_cities"
FLOORS = {"headline_entities": 0.80, "relations": 0.60, "figures": 0.90}
ATTACHMENT_FLOOR = 0.40


@pytest.fixture(scope="module")
def scores(tmp_path_factory):
    out = tmp_path_factory.mktemp("other") / "out"
    build([str(HERE / "corpus")], out, progress=False)
    s = evaluate(out, HERE / "gold")
    print(format_table(s))
    return s


def test_every_article_is_read(scores):
    assert set(scores["errors"]) == {p.stem for p in (HERE / "gold").glob("*.json")}


@pytest.mark.parametrize("measure", sorted(FLOORS))
def test_floor(scores, measure):
    assert scores[measure]["f1"] >= FLOORS[measure], format_table(scores)


def test_attachment_floor(scores):
    assert scores["attachment"]["accuracy"] >= ATTACHMENT_FLOOR, format_table(scores)

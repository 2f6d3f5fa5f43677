"""Quality gates: each evaluation set is built once and scored against its gold.

Issue 3's targets hold on every set the rules are written against: the seed
articles (../shared, skipped when absent), the bundled sample and the
articles from other cities (both written for the project, annotated by hand).
Where a set scores well above a target, a tighter floor (measured minus a
margin) catches regressions; a rule change that buys one set at the price of
another fails here. The hold-out set (tests/holdout) is only measured, never
tuned on; where it is below a target its floor sits just under what it
measures, so that it records the generalisation gap instead of hiding it.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DEV_GOLD, SEEDS
from kg.eval import evaluate, format_table
from kg.model import HEADLINE_TYPES
from kg.pipeline import SAMPLE_DIR, build

TESTS = Path(__file__).parent
SETS = {
    "seeds": (SEEDS, DEV_GOLD),
    "sample": (SAMPLE_DIR, TESTS / "gold_sample"),
    "other_cities": (TESTS / "other_cities" / "corpus", TESTS / "other_cities" / "gold"),
    "holdout": (TESTS / "holdout" / "corpus", TESTS / "holdout" / "gold"),
}
TARGETS = {
    "headline_entities": 0.90, "relations": 0.75, "figures": 0.92, "attachment": 0.80,
    **{t: 0.85 for t in HEADLINE_TYPES}, "Industry": 0.80, "Person": 0.80,
}
FLOORS = {
    "seeds": {**TARGETS, "headline_entities": 0.93, "relations": 0.88, "figures": 0.98, "attachment": 0.90},
    "sample": {**TARGETS, "headline_entities": 0.94, "relations": 0.85, "figures": 0.98, "attachment": 0.95},
    "other_cities": {**TARGETS, "headline_entities": 0.95, "relations": 0.92, "figures": 0.97, "attachment": 0.87},
    "holdout": {**TARGETS, "relations": 0.72, "Industry": 0.75},   # measured 0.753 and 0.794
}


@pytest.fixture(scope="module", params=sorted(SETS))
def built(request, tmp_path_factory):
    corpus, gold = SETS[request.param]
    if not corpus.is_dir() or not gold.is_dir():
        pytest.skip(f"{request.param}: {corpus} or {gold} is not present (../shared missing?)")
    out = tmp_path_factory.mktemp(request.param) / "out"
    build([str(corpus)], out, progress=False)
    scores = evaluate(out, gold)
    print(f"\n{request.param}\n{format_table(scores)}")
    return request.param, out, gold, scores


def test_every_gold_article_is_built(built):
    name, out, gold, _ = built
    ids = {json.loads(line)["id"] for line in (out / "documents.jsonl").read_text("utf-8").splitlines()}
    assert {p.stem for p in gold.glob("*.json")} <= ids


@pytest.mark.parametrize("measure", ["headline_entities", "relations", "figures"])
def test_measure_floor(built, measure):
    name, _, _, scores = built
    assert scores[measure]["f1"] >= FLOORS[name][measure], f"{name}\n{format_table(scores)}"


@pytest.mark.parametrize("etype", sorted(TARGETS.keys() & set(HEADLINE_TYPES + ("Industry", "Person"))))
def test_entity_type_floor(built, etype):
    name, _, _, scores = built
    assert scores["entities"][etype]["f1"] >= FLOORS[name][etype], f"{name}\n{format_table(scores)}"


def test_attachment_floor(built):
    name, _, _, scores = built
    assert scores["attachment"]["accuracy"] >= FLOORS[name]["attachment"], f"{name}\n{format_table(scores)}"

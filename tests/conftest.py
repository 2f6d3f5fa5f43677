"""Shared fixtures. Seed articles and dev gold are read from ../shared, never copied."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KG_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "corpus" / "seeds"
DEV_GOLD = SHARED / "gold" / "dev"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SEEDS.is_dir() or not DEV_GOLD.is_dir():
        pytest.skip("../shared (seed corpus and dev gold) is not present")
    return SHARED


@pytest.fixture(scope="session")
def rules():
    from kg.pipeline import load_rules
    return load_rules(compile=False)


@pytest.fixture(scope="session")
def nlp(rules):
    """The bundled rule pack's per-document pipeline (kg.doc.Pipeline), built once per test session."""
    from kg.pipeline import load_pipeline
    return load_pipeline(rules)

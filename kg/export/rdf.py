"""graph.ttl (placeholder; see issue 4)."""
from __future__ import annotations

from pathlib import Path


def write_turtle(g, path: Path) -> None:
    Path(path).write_text("@prefix cnkg: <https://w3id.org/cnkg/ontology#> .\n", encoding="utf-8")

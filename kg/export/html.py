"""graph.html (placeholder; see issue 5)."""
from __future__ import annotations

from pathlib import Path


def write_html(g, path: Path) -> None:
    Path(path).write_text("<!doctype html><meta charset=utf-8><title>kg</title>", encoding="utf-8")

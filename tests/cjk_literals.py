#!/usr/bin/env python3
"""Count the string literals in kg/ that hold Chinese characters (docstrings and comments aside).

Rules are data: Chinese cue words, suffixes and patterns belong in kg/rules/, not in Python.
usage: python tests/cjk_literals.py [--quiet]   prints each literal left (file:line: text) and the count.
"""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def _docstrings(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def cjk_literals(root: Path) -> list[tuple[str, int, str]]:
    """(file, line, literal) for every non-docstring string constant with a CJK character."""
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        skip = _docstrings(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
                    and CJK.search(node.value)):
                found.append((str(path.relative_to(root.parent)), node.lineno, node.value))
    return sorted(found)


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parent.parent / "kg"
    found = cjk_literals(root)
    if "--quiet" not in argv:
        for f, line, text in found:
            print(f"{f}:{line}: {text[:60]!r}")
    by_file: dict[str, int] = {}
    for f, _, _ in found:
        by_file[f] = by_file.get(f, 0) + 1
    print(f"{len(found)} literal(s) with CJK characters in kg/" +
          ("".join(f"\n  {n:4d}  {f}" for f, n in sorted(by_file.items(), key=lambda x: -x[1]))))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

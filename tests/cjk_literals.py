#!/usr/bin/env python3
"""Count the string literals in kg/ that hold Chinese characters (docstrings and comments aside).

Rules are data: Chinese cue words, suffixes and patterns belong in kg/rules/ (UI words in
kg/export/html_assets/labels.yaml), not in Python. A literal may stay only as an EXCEPTION below, each with
its reason; the script prints every literal left, which exception allows it, and exits 1 if one is unexplained.
usage: python tests/cjk_literals.py [--quiet]   (--quiet: only the counts and the unexplained literals)
"""
from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")

# (file, the CJK characters its literals may hold, why they may stay): a closed set of characters (a number
# system, a date's 年月日), never words.
NUMERALS = frozenset("〇零一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟点"   # digits, units, decimal point
                     "０１２３４５６７８９．，")                                   # full-width digits and separators
EXCEPTIONS = [
    ("kg/numbers.py", NUMERALS,
     "the Chinese number system (digits, units, their financial forms, 点, full-width digits) is general "
     "knowledge of the script, not a rule a pack tunes; kg.numbers sits below the rule packs and figures "
     "calls it without one (a pack's own multipliers are passed in)"),
    ("kg/read.py", frozenset("年月日"),
     "PENDING, not this script's owner: read.py's date pattern (年/月/日) belongs to the reader's engineer, "
     "who is moving it to the rules"),
]


def exception_for(f: str, text: str):
    """The exception that allows `text` in file `f`, or None."""
    for file, test, why in EXCEPTIONS:
        if file != f:
            continue
        if set(CJK.findall(text)) <= test:
            return file, test, why
    return None


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
    quiet = "--quiet" in argv
    allowed: dict[str, list] = {}
    unexplained = []
    for f, line, text in found:
        exc = exception_for(f, text)
        if exc is None:
            unexplained.append((f, line, text))
        else:
            allowed.setdefault(exc[2], []).append((f, line, text))
    by_file: dict[str, int] = {}
    for f, _, _ in found:
        by_file[f] = by_file.get(f, 0) + 1
    print(f"{len(found)} literal(s) with CJK characters in kg/" +
          ("".join(f"\n  {n:4d}  {f}" for f, n in sorted(by_file.items(), key=lambda x: -x[1]))))
    for why, items in allowed.items():
        print(f"\nallowed ({len(items)}): {why}")
        if not quiet:
            for f, line, text in items:
                print(f"  {f}:{line}: {text[:60]!r}")
    print(f"\nunexplained ({len(unexplained)})" + (": move them to kg/rules/*.yaml, or add an exception with its "
                                                  "reason" if unexplained else ""))
    for f, line, text in unexplained:
        print(f"  {f}:{line}: {text[:60]!r}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

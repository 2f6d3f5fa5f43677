"""Time kg's HTML reader on generated tag soup (issue 15): unclosed, stray and bare tags.

    .venv/bin/python bench/hostile_html.py [TAGS ...]      # default: 10000 50000

Prints seconds per page kind; the reader should stay linear in the page size (a 50,000-tag page in
well under 30 s; the reader before issue 15 took 35 s for tests/hostile_inputs.tag_soup alone).
"""
from __future__ import annotations

import sys
import time

from kg.read import parse_html


def pages(n: int) -> dict[str, str]:
    body = "<html><body><article><p>敦化市今年实施重点项目58个，总投资260亿元。</p>"
    return {
        "unclosed div": body + "".join(f"<div class='c{i}'>段{i}。" for i in range(n)),
        "stray end tags": body + "</span>" * n,
        "unclosed then stray": body + "<div><b>x" * (n // 2) + "</i>" * (n // 2),
        "bare '<a ' tail": body + "<a " * n,
        "unclosed comments": body + "<!--" * n,
        "nested furniture": body + "<div class='nav'>" * n + "正文" + "</div>" * n,
        "unclosed links": body + "<a href=/x>链接" * n,
    }


def main(sizes: list[int]) -> None:
    for n in sizes:
        for kind, page in pages(n).items():
            t = time.perf_counter()
            parse_html(page)
            print(f"{n:>7,} tags  {kind:<20} {len(page):>10,} chars  {time.perf_counter() - t:6.2f} s")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [10_000, 50_000])

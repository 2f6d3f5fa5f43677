"""Stage 1: find input files and decode them into RawDocuments (placeholder; see issue 2)."""
from __future__ import annotations

import json
from pathlib import Path

from .model import Problem, RawDocument

SUFFIXES = {".txt", ".md", ".html", ".htm", ".jsonl"}


def iter_input_files(paths):
    for p in paths:
        p = Path(p)
        if p.is_dir():
            yield from sorted(f for f in p.rglob("*") if f.suffix.lower() in SUFFIXES and f.is_file())
        else:
            yield p


def read_inputs(paths) -> tuple[list[RawDocument], list[Problem]]:
    docs, problems = [], []
    for f in iter_input_files(paths):
        try:
            data = f.read_bytes()
        except OSError as exc:
            problems.append(Problem(str(f), f"cannot read: {exc.strerror}"))
            continue
        text = data.decode("utf-8-sig", errors="replace")
        if f.suffix.lower() == ".jsonl":
            for i, line in enumerate(text.splitlines(), 1):
                if line.strip():
                    rec = json.loads(line)
                    docs.append(RawDocument(id=rec["id"], path=str(f), text=rec["text"], title=rec.get("title"),
                                            date=rec.get("date"), source=rec.get("source"), url=rec.get("url"),
                                            format="jsonl"))
        else:
            docs.append(RawDocument(id=f.stem, path=str(f), text=text, format=f.suffix.lower().lstrip(".")))
    return docs, problems


class NoInputError(Exception):
    """The given paths hold no supported input file at all."""

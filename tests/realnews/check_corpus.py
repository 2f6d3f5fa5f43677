#!/usr/bin/env python3
"""Check the real-news corpus: manifests, materialised texts, gold files and the reservation list.

usage: python tests/realnews/check_corpus.py [--texts DIR]

Reads every tests/realnews/manifest*.tsv, then for each article checks that its text exists with the
manifest's sha256 and length, that exactly one gold file tests/realnews/gold/**/<id>.json exists and
parses with the right "doc", and (when ../shared is beside the repository) that no text overlaps an
article reserved for evaluation.  Prints one line per problem, then a summary; exits 1 on any problem.
Standard library only: it must run before anything is installed.
"""
import argparse
import collections
import hashlib
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
RESERVED_CHECK = REPO.parent / "shared" / "realnews" / "reserved_check.py"
COLUMNS = ["id", "province", "year", "script", "noise", "kind", "chars", "sha256", "url", "query"]
ALLOWED = {
    "script": {"simplified", "traditional", "gloss"},
    "noise": {"heavy", "light"},
    "kind": {"signing", "groundbreaking", "annual", "reform", "statistics", "other"},
}


def read_manifest(path):
    """Rows of one manifest as dicts, and the problems found reading it."""
    problems, rows = [], []
    lines = path.read_text(encoding="utf-8").splitlines()
    if not lines:
        return rows, [f"{path.name}: empty manifest"]
    header = lines[0].split("\t")
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        return rows, [f"{path.name}: header lacks column(s) {', '.join(missing)}"]
    for n, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(header):
            problems.append(f"{path.name}:{n}: {len(cells)} fields, header has {len(header)}")
            continue
        row = dict(zip(header, cells))
        row["_where"] = f"{path.name}:{n}"
        rows.append(row)
    return rows, problems


def row_problems(row):
    """Problems with a row's own values (before any file is looked at)."""
    where, problems = row["_where"], []
    for col, allowed in ALLOWED.items():
        if row[col] not in allowed:
            problems.append(f"{where}: {row['id']}: {col} {row[col]!r} is not one of {', '.join(sorted(allowed))}")
    if not row["chars"].isdigit():
        problems.append(f"{where}: {row['id']}: chars {row['chars']!r} is not a number")
    if not row["year"].isdigit():
        problems.append(f"{where}: {row['id']}: year {row['year']!r} is not a number")
    return problems


def text_problems(row, texts_dir):
    """Problems with the article's materialised text: missing, or not the text the manifest describes."""
    path = texts_dir / f"{row['id']}.txt"
    if not path.is_file():
        return [f"{row['id']}: text missing: {path} (materialise it first, see tests/realnews/README.md)"]
    data = path.read_bytes()
    problems = []
    if hashlib.sha256(data).hexdigest() != row["sha256"]:
        problems.append(f"{row['id']}: {path.name}: sha256 differs from the manifest (text changed or wrong excerpt)")
    try:
        chars = len(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        return problems + [f"{row['id']}: {path.name}: not UTF-8 ({err.reason} at byte {err.start})"]
    if str(chars) != row["chars"]:
        problems.append(f"{row['id']}: {path.name}: {chars} characters, manifest says {row['chars']}")
    return problems


def gold_problems(row, gold_dir):
    """Problems with the article's gold file: missing, duplicated, unparsable or for another doc."""
    found = sorted(gold_dir.rglob(f"{row['id']}.json")) if gold_dir.is_dir() else []
    if not found:
        return [f"{row['id']}: no gold file {row['id']}.json under {gold_dir}"]
    if len(found) > 1:
        return [f"{row['id']}: several gold files: {', '.join(str(p.relative_to(gold_dir)) for p in found)}"]
    try:
        doc = json.loads(found[0].read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        return [f"{row['id']}: {found[0].name}: not valid JSON ({err})"]
    if not isinstance(doc, dict) or doc.get("doc") != row["id"]:
        got = doc.get("doc") if isinstance(doc, dict) else type(doc).__name__
        return [f"{row['id']}: {found[0].name}: \"doc\" is {got!r}, expected {row['id']!r}"]
    return []


def reserved_problems(paths):
    """Texts that overlap an article reserved for evaluation, by the shared checker; None if it is absent."""
    if not RESERVED_CHECK.is_file():
        return None
    if not paths:
        return []
    # Same interpreter as ours, so the checker finds kg's opencc and recognises traditional copies too.
    done = subprocess.run([sys.executable, str(RESERVED_CHECK), *map(str, paths)],
                          capture_output=True, text=True, encoding="utf-8")
    lines = [l for l in done.stdout.splitlines() if l.strip()]
    if done.returncode not in (0, 1) or (done.returncode == 1 and not lines):
        return [f"reservation check failed (exit {done.returncode}): {done.stderr.strip()[:200]}"]
    return lines


def summary(rows):
    """Count lines for a set of rows: articles, provinces, scripts, noise."""
    count = lambda col: ", ".join(f"{k} {v}" for k, v in sorted(collections.Counter(r[col] for r in rows).items()))
    return [f"{len(rows)} articles",
            f"  provinces ({len({r['province'] for r in rows})}): {count('province')}",
            f"  scripts: {count('script')}",
            f"  noise: {count('noise')}"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=Path, default=HERE / "texts", help="folder of the materialised texts")
    args = parser.parse_args(argv)

    problems, rows = [], []
    manifests = sorted(HERE.glob("manifest*.tsv"))
    if not manifests:
        problems.append(f"no manifest*.tsv in {HERE}")
    for manifest in manifests:
        got, bad = read_manifest(manifest)
        rows += got
        problems += bad

    first_seen = {}
    for row in rows:
        if row["id"] in first_seen:
            problems.append(f"{row['_where']}: id {row['id']} already listed at {first_seen[row['id']]}")
            continue
        first_seen[row["id"]] = row["_where"]
        problems += row_problems(row)
        problems += text_problems(row, args.texts)
        problems += gold_problems(row, HERE / "gold")

    present = [args.texts / f"{i}.txt" for i in first_seen if (args.texts / f"{i}.txt").is_file()]
    reserved = reserved_problems(present)
    if reserved is None:
        print(f"note: {RESERVED_CHECK} not found; reservation check skipped")
    else:
        problems += reserved

    for p in problems:
        print(p)
    unique = [r for r in rows if first_seen.get(r["id"]) == r["_where"]]
    print("\n".join(summary(unique)))
    if any("split" in r for r in unique):
        for split in sorted({r.get("split", "") for r in unique}):
            lines = summary([r for r in unique if r.get("split", "") == split])
            print(f"split {split or '(none)'}: {lines[0]}")
            print("\n".join("  " + line for line in lines[1:]))
    print(f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

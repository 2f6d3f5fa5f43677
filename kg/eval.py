"""`kg eval`: score a build against gold files by the output contract's rules."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from .export.html import LABELS
from .model import ENTITY_TYPES, HEADLINE_TYPES
from .normalise import Simplifier


class NameFolder:
    """The contract's name folding: simplified, half-width, no whitespace, quotes or 《》 (the characters
    dropped: `fold_drop` of kg/export/html_assets/labels.yaml, beside the other words kg shows a reader)."""

    def __init__(self, simplifier: Simplifier | None = None):
        self.simplifier = simplifier or Simplifier()
        self.drop = re.compile(LABELS["fold_drop"])

    def __call__(self, name: str) -> str:
        return self.drop.sub("", unicodedata.normalize("NFKC", self.simplifier.convert(name or "")))


@lru_cache(maxsize=1)        # a pure function of constants (OpenCC's tables, ~0.5 s to load): kept
def default_folder() -> NameFolder:
    return NameFolder()


def fold(name: str) -> str:
    """NameFolder's folding with one Simplifier per process."""
    return default_folder()(name)


_YEAR = r"((?:1[89]|2[0-9])[0-9]{2})"
_PERIOD_FORMS = [          # (pattern, first and last month of the interval from the match's groups)
    (re.compile(_YEAR + r"$"), lambda y: (1, 12)),
    (re.compile(_YEAR + r"-H([12])$"), lambda y, h: (6 * int(h) - 5, 6 * int(h))),
    (re.compile(_YEAR + r"-Q([1-4])$"), lambda y, q: (3 * int(q) - 2, 3 * int(q))),
    (re.compile(_YEAR + r"-M?([0-9]{1,2})$"), lambda y, m: (int(m), int(m))),
]
_V1_RANGES = [             # the guidelines' v1 forms: 2015-Q1-Q3, 2012-M1-M4, 2021-2025
    (re.compile(_YEAR + r"-Q([1-4])-Q([1-4])$"), lambda y, a, b: (f"{y}-Q{a}", f"{y}-Q{b}")),
    (re.compile(_YEAR + r"-M([0-9]{1,2})-M([0-9]{1,2})$"), lambda y, a, b: (f"{y}-{a}", f"{y}-{b}")),
    (re.compile(_YEAR + r"-" + _YEAR + r"$"), lambda a, b: (a, b)),
]


def _months(single: str) -> tuple[int, int] | None:
    for pattern, span in _PERIOD_FORMS:
        m = pattern.match(single)
        if m:
            first, last = span(*m.groups())
            year = int(m.group(1)) * 12 - 1
            return (year + first, year + last) if 1 <= first <= last <= 12 else None
    return None


def period_interval(period: str | None) -> tuple[int, int] | None:
    """A period (guidelines v2, or v1) as (first month, last month) counted from year 0; None when
    there is none or it cannot be read. 2015-Q1/2015-Q3 and 2015-01/2015-09 give the same interval."""
    if not period:
        return None
    text = str(period).strip()
    for pattern, ends in _V1_RANGES:
        m = pattern.match(text)
        if m:
            text = "/".join(ends(*m.groups()))
            break
    parts = text.split("/")
    if len(parts) > 2:
        return None
    spans = [_months(p.strip()) for p in parts]
    if None in spans or spans[0][0] > spans[-1][1]:
        return None
    return spans[0][0], spans[-1][1]


def _load_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _match(pred: list, gold: list, ok) -> list[tuple[int, int]]:
    """Maximum one-to-one matching between pred and gold indices (augmenting paths)."""
    adj = [[j for j, g in enumerate(gold) if ok(p, g)] for p in pred]
    owner: dict[int, int] = {}

    def try_assign(i, seen):
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or try_assign(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(pred)):
        try_assign(i, set())
    return sorted((i, j) for j, i in owner.items())


class _Counts:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, tp, fp, fn):
        self.tp += tp; self.fp += fp; self.fn += fn

    def prf(self) -> dict:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def evaluate(out_dir: str | Path, gold_dir: str | Path) -> dict:
    out_dir, gold_dir = Path(out_dir), Path(gold_dir)
    entities = _load_jsonl(out_dir / "entities.jsonl")
    relations = _load_jsonl(out_dir / "relations.jsonl")
    figures = _load_jsonl(out_dir / "figures.jsonl")
    by_iri = {e["id"]: e for e in entities}

    # names an entity answers to inside one document
    doc_names: dict[str, dict[str, set[str]]] = defaultdict(dict)
    for e in entities:
        base = {fold(e["name"])} | {fold(a) for a in e.get("aliases", [])}
        for m in e.get("mentions", []):
            names = doc_names[m["doc"]].setdefault(e["id"], set(base))
            names.add(fold(m["text"]))

    ent_counts = {t: _Counts() for t in ENTITY_TYPES}
    rel_counts, fig_counts = _Counts(), _Counts()
    attach_ok = attach_total = 0
    period = {"right": 0, "total": 0, "given": 0, "none": 0}
    errors: dict[str, dict] = {}
    per_doc: dict[str, dict] = {}

    for gold_file in sorted(gold_dir.glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        doc = gold.get("doc") or gold_file.stem
        names_here = doc_names.get(doc, {})
        err = errors.setdefault(doc, {"missed": [], "spurious": []})

        gold_ents = gold.get("entities", [])
        gold_names = [{fold(g["name"])} | {fold(a) for a in g.get("aliases", [])} for g in gold_ents]
        name_to_gold: dict[str, set[str]] = {}
        for g, ns in zip(gold_ents, gold_names):
            for n in ns:
                name_to_gold.setdefault(n, set()).update(ns)

        here = {"entities": _Counts(), "relations": _Counts(), "figures": _Counts()}
        here_attach = [0, 0]
        here_period = [0, 0]
        for t in ENTITY_TYPES:
            preds = [iri for iri in sorted(names_here) if by_iri[iri]["type"] == t]
            golds = [i for i, g in enumerate(gold_ents) if g["type"] == t]
            pairs = _match(preds, golds, lambda p, gi: bool(names_here[p] & gold_names[gi]))
            ent_counts[t].add(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs))
            if t in HEADLINE_TYPES:
                here["entities"].add(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs))
            mp, mg = {i for i, _ in pairs}, {j for _, j in pairs}
            err["spurious"] += [f"{t} {by_iri[p]['name']}" for i, p in enumerate(preds) if i not in mp]
            err["missed"] += [f"{t} {gold_ents[g]['name']}" for j, g in enumerate(golds) if j not in mg]

        def end_names(name: str) -> set[str]:
            f = fold(name)
            return name_to_gold.get(f, {f})

        preds = [r for r in relations if any(ev["doc"] == doc for ev in r.get("evidence", []))]
        golds = gold.get("relations", [])
        gold_ends = [(end_names(g["subject"]), g["predicate"], end_names(g["object"])) for g in golds]

        def rel_ok(p, gi):
            s, pr, o = gold_ends[gi]
            return (p["predicate"] == pr and bool(names_here.get(p["subject"], set()) & s)
                    and bool(names_here.get(p["object"], set()) & o))

        pairs = _match(preds, list(range(len(golds))), rel_ok)
        rel_counts.add(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs))
        here["relations"].add(len(pairs), len(preds) - len(pairs), len(golds) - len(pairs))
        mp, mg = {i for i, _ in pairs}, {j for _, j in pairs}
        label = lambda iri: by_iri.get(iri, {}).get("name", iri)  # noqa: E731
        err["spurious"] += [f"rel {label(p['subject'])} {p['predicate']} {label(p['object'])}"
                            for i, p in enumerate(preds) if i not in mp]
        err["missed"] += [f"rel {g['subject']} {g['predicate']} {g['object']}"
                          for j, g in enumerate(golds) if j not in mg]

        doc_figs = [f for f in figures if f["doc"] == doc]
        pred_pairs = sorted({(float(f["value"]), f["unit"]) for f in doc_figs})
        gold_pairs = sorted({(float(g["value"]), g["unit"]) for g in gold.get("figures", [])})

        def fig_ok(p, g):
            return p[1] == g[1] and abs(p[0] - g[0]) <= 0.005 * max(abs(g[0]), 1e-9)

        pairs = _match(pred_pairs, gold_pairs, fig_ok)
        fig_counts.add(len(pairs), len(pred_pairs) - len(pairs), len(gold_pairs) - len(pairs))
        here["figures"].add(len(pairs), len(pred_pairs) - len(pairs), len(gold_pairs) - len(pairs))
        mp, mg = {i for i, _ in pairs}, {j for _, j in pairs}
        err["spurious"] += [f"fig {v:g} {u}" for i, (v, u) in enumerate(pred_pairs) if i not in mp]
        err["missed"] += [f"fig {v:g} {u}" for j, (v, u) in enumerate(gold_pairs) if j not in mg]

        # attachment: matched gold figures with a subject
        matched_gold = {gold_pairs[j]: pred_pairs[i] for i, j in pairs}
        seen = set()
        for g in gold.get("figures", []):
            key = (float(g["value"]), g["unit"])
            if not g.get("subject") or key not in matched_gold or (key, g["subject"]) in seen:
                continue
            seen.add((key, g["subject"]))
            attach_total += 1
            want = end_names(g["subject"])
            pv = matched_gold[key]
            subjects = [f.get("subject") for f in doc_figs if (float(f["value"]), f["unit"]) == pv]
            here_attach[1] += 1
            if any(s and names_here.get(s, {fold(by_iri.get(s, {}).get("name", ""))}) & want for s in subjects):
                attach_ok += 1
                here_attach[0] += 1
            else:
                got = ",".join(sorted({label(s) for s in subjects if s})) or "none"
                err["missed"].append(f"attach {g['text']} -> {g['subject']} (got {got})")

        # periods: matched gold figures, each distinct (value, unit, period) once
        seen_periods = set()
        for g in gold.get("figures", []):
            key = (float(g["value"]), g["unit"])
            want = period_interval(g.get("period"))
            if key not in matched_gold or (key, want) in seen_periods:
                continue
            seen_periods.add((key, want))
            pv = matched_gold[key]
            got = [f.get("period") for f in doc_figs if (float(f["value"]), f["unit"]) == pv]
            if want is None:
                period["none"] += 1
                if all(got):             # no predicted figure with that value left it open
                    period["given"] += 1
                    err["spurious"].append(f"period {g['text']}: {'/'.join(sorted(set(got)))} (gold none)")
                continue
            period["total"] += 1
            here_period[1] += 1
            if any(period_interval(p) == want for p in got):
                period["right"] += 1
                here_period[0] += 1
            else:
                shown = ", ".join(sorted({str(p) for p in got})) or "none"
                err["missed"].append(f"period {g['text']} -> {g.get('period')} (got {shown})")
        per_doc[doc] = {**{k: c.prf()["f1"] if c.tp + c.fp + c.fn else None for k, c in here.items()},
                        "attachment": _share(*here_attach), "period": _share(*here_period)}

    headline = _Counts()
    for t in HEADLINE_TYPES:
        c = ent_counts[t]
        headline.add(c.tp, c.fp, c.fn)
    return {
        "entities": {t: ent_counts[t].prf() for t in ENTITY_TYPES},
        "headline_entities": headline.prf(),
        "relations": rel_counts.prf(),
        "figures": fig_counts.prf(),
        "attachment": {"accuracy": round(attach_ok / attach_total, 4) if attach_total else 0.0,
                       "correct": attach_ok, "total": attach_total},
        "period": {"accuracy": _share(period["right"], period["total"]) or 0.0,
                   "correct": period["right"], "total": period["total"],
                   "given_where_none": _share(period["given"], period["none"]) or 0.0,
                   "given": period["given"], "none": period["none"]},
        "documents": per_doc,
        "errors": errors,
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _per_document_table(docs: dict) -> list[str]:
    cols = ("entities", "relations", "figures", "attachment", "period")
    rows = [("document", "entity F1 (headline)", "relation F1", "figure F1", "attachment", "period right")]
    for doc, s in sorted(docs.items()):
        rows.append((doc, *("-" if s[c] is None else f"{s[c]:.3f}" for c in cols)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    return lines


def format_table(scores: dict, errors: bool = False, per_document: bool = False) -> str:
    rows = [("measure", "P", "R", "F1", "tp", "fp", "fn")]

    def row(name, s):
        rows.append((name, f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}",
                     str(s["tp"]), str(s["fp"]), str(s["fn"])))

    for t in ENTITY_TYPES:
        row(f"entity {t}", scores["entities"][t])
    row("entity headline (5 types)", scores["headline_entities"])
    row("relations", scores["relations"])
    row("figures", scores["figures"])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    lines.insert(1, "-" * len(lines[0]))
    a = scores["attachment"]
    lines.append(f"figure subject attachment: {a['accuracy']:.3f} ({a['correct']}/{a['total']})")
    pr = scores["period"]
    lines.append(f"figure period right: {pr['accuracy']:.3f} ({pr['correct']}/{pr['total']}); "
                 f"given where gold has none: {pr['given_where_none']:.3f} ({pr['given']}/{pr['none']})")
    if per_document:
        lines.append("")
        lines.extend(_per_document_table(scores["documents"]))
    if errors:
        for doc, err in sorted(scores["errors"].items()):
            lines.append(f"\n== {doc}")
            for m in err["missed"]:
                lines.append(f"  - missed   {m}")
            for s in err["spurious"]:
                lines.append(f"  + spurious {s}")
    return "\n".join(lines)

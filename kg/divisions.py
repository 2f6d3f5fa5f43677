"""China's administrative divisions by code (kg/rules/gazetteer/divisions.tsv, made by tools/make_divisions.py):
name lookup with short forms and former names, the code hierarchy up to the province, and same-name
disambiguation from an article's other places.

Pure: `load`/`parse` build an immutable `Divisions`; nothing is kept at module level.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Iterable, Mapping

LEVELS = ("province", "prefecture", "county", "zone")
COLUMNS = ("code", "name", "level", "parent", "short", "former")
LIST_SEPARATOR = "|"
# how a name matched a division, strongest first: its full name, a short form, a name it had before
TIERS = ("name", "short", "former")


class DivisionError(ValueError):
    """A divisions table that cannot be used; the message names file, line and problem."""


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    parent: str            # "" for a province
    short: tuple[str, ...]
    former: tuple[str, ...]


@dataclass(frozen=True)
class Divisions:
    by_code: Mapping[str, Division]
    # surface -> ((code, tier), ...): every full name, short form and former name
    index: Mapping[str, tuple[tuple[str, str], ...]]

    def __len__(self) -> int:
        return len(self.by_code)

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def get(self, code: str) -> Division | None:
        return self.by_code.get(code)

    def count(self, level: str) -> int:
        return sum(d.level == level for d in self.by_code.values())

    def surfaces(self) -> tuple[str, ...]:
        """Every name the table knows (full names, short forms, former names), sorted."""
        return tuple(sorted(self.index))

    def lookup(self, name: str) -> tuple[str, ...]:
        """Codes the name may stand for (full name, short form or former name), sorted."""
        return tuple(sorted({code for code, _ in self.index.get(name, ())}))

    def ancestors(self, code: str) -> tuple[str, ...]:
        """The codes the division belongs to, nearest first, up to its province (partOf, from the table)."""
        out = []
        seen = {code}
        division = self.by_code.get(code)
        while division and division.parent and division.parent not in seen:
            out.append(division.parent)
            seen.add(division.parent)
            division = self.by_code.get(division.parent)
        return tuple(out)

    def province(self, code: str) -> str | None:
        chain = (code, *self.ancestors(code))
        return next((c for c in chain if self.by_code.get(c) and self.by_code[c].level == "province"), None)

    def candidates(self, name: str) -> tuple[str, ...]:
        """The codes a name stands for before the article is consulted: only the strongest way it matches
        (a full name beats a short form, which beats a former name), and a division named by the same short
        form as one it belongs to yields to it (长沙 is 长沙市, not the 长沙县 inside it)."""
        hits = self.index.get(name, ())
        for tier in TIERS:
            codes = {code for code, t in hits if t == tier}
            if codes:
                return tuple(sorted(c for c in codes if not codes.intersection(self.ancestors(c))))
        return ()

    def disambiguate(self, name: str, context: Iterable[str] = (), before: str | None = None) -> str | None:
        """The code `name` stands for in an article, or None when the article does not settle it.

        context: the article's other places (codes or names: its other divisions, its topic region);
        before: the province or city written right before the name (吉林省长春市朝阳区), which decides alone.
        A candidate wins when it shares a deeper division with some unambiguous context place than every
        other candidate does (a sibling district beats a province-level match); a tie leaves it unlinked."""
        cands = self.candidates(name)
        if len(cands) <= 1:
            return cands[0] if cands else None
        if before:
            anchor = self._resolve(before)
            if anchor:
                inside = [c for c in cands if anchor in self.ancestors(c)]
                if len(inside) == 1:
                    return inside[0]
                if inside:
                    cands = tuple(inside)
        anchors = {a for a in (self._resolve(x) for x in context) if a and a not in cands}
        scores = {c: max((self._shared_depth(c, a) for a in anchors), default=0) for c in cands}
        best = max(scores.values())
        winners = [c for c, s in scores.items() if s == best]
        return winners[0] if best > 0 and len(winners) == 1 else None

    def _resolve(self, place: str) -> str | None:
        """A context place as one code: a code, or a name with exactly one candidate."""
        if place in self.by_code:
            return place
        cands = self.candidates(place)
        return cands[0] if len(cands) == 1 else None

    def _shared_depth(self, a: str, b: str) -> int:
        """How deep the deepest division holding both is (province 1, prefecture 2, ...; 0: none)."""
        chain_b = set((b, *self.ancestors(b)))
        for code in (a, *self.ancestors(a)):
            if code in chain_b:
                return len(self.ancestors(code)) + 1
        return 0


def _split(cell: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in cell.split(LIST_SEPARATOR) if s.strip())


def parse(text: str, source: str = "divisions") -> Divisions:
    """A Divisions from the table's text: '#' lines are comments, the first other line names the columns."""
    by_code: dict[str, Division] = {}
    header = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = tuple(c.strip() for c in cells)
            missing = [c for c in COLUMNS if c not in header]
            if missing:
                raise DivisionError(f"{source}: line {number}: no column {', '.join(missing)}")
            continue
        row = dict(zip(header, (c.strip() for c in cells)))
        code, level = row.get("code", ""), row.get("level", "")
        if not (code.isdigit() and len(code) == 6):
            raise DivisionError(f"{source}: line {number}: code {code!r} is not six digits")
        if level not in LEVELS:
            raise DivisionError(f"{source}: line {number}: level {level!r} is none of {', '.join(LEVELS)}")
        if code in by_code:
            raise DivisionError(f"{source}: line {number}: code {code} listed twice")
        if not row.get("name"):
            raise DivisionError(f"{source}: line {number}: no name")
        by_code[code] = Division(code, row["name"], level, row.get("parent", ""), _split(row.get("short", "")),
                                 _split(row.get("former", "")))
    for d in by_code.values():
        if d.parent and d.parent not in by_code:
            raise DivisionError(f"{source}: {d.code} {d.name}: parent {d.parent} is not in the table")
    return Divisions(MappingProxyType(by_code), MappingProxyType(_index(by_code)))


def _index(by_code: Mapping[str, Division]) -> dict[str, tuple[tuple[str, str], ...]]:
    index: dict[str, list[tuple[str, str]]] = {}
    for d in by_code.values():
        for tier, names in (("name", (d.name,)), ("short", d.short), ("former", d.former)):
            for n in names:
                if (d.code, tier) not in index.setdefault(n, []):
                    index[n].append((d.code, tier))
    return {n: tuple(v) for n, v in index.items()}


def load(path: str | Path) -> Divisions:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DivisionError(f"{path}: cannot read: {exc}") from exc
    return parse(text, str(path))


ZONE_COLUMNS = ("name", "short", "kind", "parent", "code")
ZONE_KINDS = ("national_new_area", "national_etdz", "national_htz", "provincial_zone", "bonded_zone",
              "free_trade_zone", "cooperation_zone", "other")


@dataclass(frozen=True)
class Zone:
    """A development zone, new area, free-trade or bonded zone and the division it lies in."""
    name: str
    short: tuple[str, ...]
    kind: str
    parent: str            # a code of the divisions table
    code: str              # its own code there, or ""


@dataclass(frozen=True)
class Zones:
    by_name: Mapping[str, Zone]
    index: Mapping[str, tuple[str, ...]]      # name or short form -> zone names

    def lookup(self, name: str) -> tuple[Zone, ...]:
        return tuple(self.by_name[n] for n in self.index.get(name, ()))

    def part_of(self, name: str, divisions: Divisions) -> tuple[str, ...]:
        """The codes a zone named so belongs to, nearest first up to the province; () unless the name
        names one zone."""
        zones = self.lookup(name)
        if len(zones) != 1:
            return ()
        return (zones[0].parent, *divisions.ancestors(zones[0].parent))


def parse_zones(text: str, divisions: Divisions, source: str = "zones") -> Zones:
    """Zones from the zone table's text; every parent and code must be in `divisions`."""
    by_name: dict[str, Zone] = {}
    header = None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = tuple(cells)
            missing = [c for c in ZONE_COLUMNS if c not in header]
            if missing:
                raise DivisionError(f"{source}: line {number}: no column {', '.join(missing)}")
            continue
        row = dict(zip(header, cells))
        name, parent, code = row.get("name", ""), row.get("parent", ""), row.get("code", "")
        if not name or name in by_name:
            raise DivisionError(f"{source}: line {number}: no name, or {name} listed twice")
        for what, value in (("parent", parent), ("code", code)):
            if (value or what == "parent") and value not in divisions:
                raise DivisionError(f"{source}: line {number}: {name}: {what} {value!r} is not in the divisions")
        if row.get("kind", "") not in ZONE_KINDS:
            raise DivisionError(f"{source}: line {number}: {name}: kind {row.get('kind', '')!r} is none of "
                                f"{', '.join(ZONE_KINDS)}")
        by_name[name] = Zone(name, _split(row.get("short", "")), row.get("kind", ""), parent, code)
    index: dict[str, list[str]] = {}
    for z in by_name.values():
        for n in (z.name, *z.short):
            if z.name not in index.setdefault(n, []):
                index[n].append(z.name)
    return Zones(MappingProxyType(by_name), MappingProxyType({n: tuple(v) for n, v in index.items()}))


def load_zones(path: str | Path, divisions: Divisions) -> Zones:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DivisionError(f"{path}: cannot read: {exc}") from exc
    return parse_zones(text, divisions, str(path))

"""Family `overlap`: the candidates to mentions. Stop names go; where candidates overlap the longer
well-formed span wins, and a strictly nested one survives only where nesting is meaningful (a district
inside a district, a company inside its project name, an industry anywhere)."""
from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from ...doc import Doc
from ...model import Mention
from .cand import Cand
from .scan import Family, Rules

SCHEMA_OVERLAP: Mapping[str, object] = MappingProxyType({
    "phase_project_pattern": "regex", "region_not_pattern": "regex", "zone_only_subtypes": "list",
    "nested_region_subtypes": "list",
})


class Overlap(Family):
    name = "overlap"
    schema = {"overlap": SCHEMA_OVERLAP}
    reads = ("document", "cands")
    writes = ("mentions",)
    needs = ("lexicon", "projects")
    peers_merged = ("projects",)         # park heads: a park inside its own phase project

    def run(self, doc: Doc) -> None:
        c, text = self.c, doc.text
        stop = c.sets["stop_names"]
        vague = c.pat["region_not_pattern"]
        cands = [x for x in doc.cands if x.name not in stop and text[x.start:x.end] not in stop
                 and not (x.type == "Region" and x.rule != "gazetteer" and vague.search(x.name))]
        doc.mentions = [Mention(doc.document.id, cd.start, cd.end, text[cd.start:cd.end], cd.type, name=cd.name,
                                subtype=cd.subtype, aliases=tuple(a for a in cd.aliases if a != cd.name), rule=cd.rule,
                                family=cd.family)
                        for cd in _zone_only_places_dropped(_select(cands, c, text), c)]


def _zone_only_places_dropped(kept: list[Cand], c: Rules) -> list[Cand]:
    """A city, province or county the article names only as the front of zone names (甲经开区, 甲高新区,
    never 甲 alone) is no region of the article: the zone is."""
    subtypes = set(c.lists.get("zone_only_subtypes", ()))
    zone_starts = {k.start for k in kept if k.type == "Region" and k.subtype == "DevelopmentZone"}
    alone: dict[str, bool] = {}
    for k in kept:
        if k.type == "Region" and k.subtype in subtypes:
            # (one candidate per span: a zone starting here is longer than the place)
            alone[k.name] = alone.get(k.name, False) or k.start not in zone_starts
    return [k for k in kept if not (k.type == "Region" and k.subtype in subtypes and not alone[k.name])]


# which type may stay strictly inside a longer candidate of which type
_NEST_OK = frozenset({
    ("Region", "Region"), ("Company", "Project"), ("Organization", "Project"),
    ("Company", "Policy"), ("Region", "Project"), ("Region", "Organization"), ("Region", "Policy"),
})


# kept spans are indexed by blocks of offsets, so a candidate is checked against the kept spans near
# it, not all of them (a whole-list scan per candidate made a 1 MB article take a minute)
_BLOCK = 32


def _blocks(start: int, end: int) -> range:
    """The index blocks of the closed range [start, end]: any two spans that overlap, nest or touch
    share one, whatever their lengths (empty spans included)."""
    lo, hi = min(start, end), max(start, end)
    return range(max(lo, 0) // _BLOCK, max(hi, 0) // _BLOCK + 1)


def _index_add(index: dict[int, list], cd) -> None:
    for b in _blocks(cd.start, cd.end):
        index.setdefault(b, []).append(cd)


def _near(index: dict[int, list], cd) -> list:
    """The indexed spans sharing a block with cd: a superset of those overlapping or holding it
    (a span over several blocks may come more than once: the callers only test each one)."""
    out = []
    for b in _blocks(cd.start, cd.end):
        out += index.get(b, ())
    return out


def _select(cands: list[Cand], c: Rules, text: str) -> list[Cand]:
    """Keep the longer well-formed span where candidates overlap; nest only where meaningful."""
    # one candidate per span: highest priority, then type order
    best: dict[tuple[int, int], Cand] = {}
    industries = []
    for cd in cands:
        if cd.type == "Industry":
            industries.append(cd)
            continue
        key = (cd.start, cd.end)
        cur = best.get(key)
        if cur is None or cd.prio > cur.prio:
            best[key] = cd
    order = sorted(best.values(), key=lambda x: (-(x.end - x.start), -x.prio, x.start))
    nested_regions = frozenset(c.lists.get("nested_region_subtypes", ()))
    kept: list[Cand] = []
    index: dict[int, list[Cand]] = {}      # the kept candidates by block (see _near)
    # offsets some kept candidate covers: a candidate touching none of them overlaps nothing kept
    covered = bytearray(max([len(text)] + [x.end for x in cands]) + 1)
    for cd in order:
        ok = True
        for k in (_near(index, cd) if cd.end <= cd.start or 1 in covered[cd.start:cd.end] else ()):
            if cd.end <= k.start or cd.start >= k.end:
                continue
            inside = k.start <= cd.start and cd.end <= k.end
            if inside and (cd.type, k.type) in _NEST_OK and (
                    cd.type != "Region" or k.type == "Region" or cd.subtype in nested_regions):
                continue                 # a district or zone inside a project name is still named
            if inside and cd.type == k.type == "Project" and \
                    any(cd.name.endswith(h) for h in c.lists.get("project_park_heads", [])) and \
                    not (k.start == cd.start and c.pat["phase_project_pattern"].fullmatch(k.name[cd.end - cd.start:])):
                continue                 # (X产业园二期项目 is the park's own project, not a second one)
            ok = False
            break
        if ok:
            kept.append(cd)
            _index_add(index, cd)
            covered[cd.start:cd.end] = b"\x01" * (cd.end - cd.start)
    # industries: keep distinct spans not crossing a kept non-industry boundary badly
    seen = set()
    for cd in sorted(industries, key=lambda x: (-(x.end - x.start), x.start)):
        if (cd.start, cd.end) in seen:
            continue
        if cd.end > cd.start and not covered[cd.start]:        # nothing kept (industries included) holds its first offset
            seen.add((cd.start, cd.end))
            kept.append(cd)
            _index_add(index, cd)
            covered[cd.start:cd.end] = b"\x01" * (cd.end - cd.start)
            continue
        sector = cd.rule == "industry_head" or text.startswith(c.word["industry_suffix"], cd.end)
        near = _near(index, cd)
        if any(k.start <= cd.start and cd.end <= k.end and (
                k.type in ("Person", "Company", "Region") or (k.type == "Project" and not sector))
               for k in near):
            continue
        # (the kept industries are the spans in `seen`)
        if any(k.type == "Industry" and k.start <= cd.start and cd.end <= k.end for k in near):
            continue
        if any(k.type in ("Company", "Person") and k.start < cd.start < k.end < cd.end for k in near):
            continue                     # (奥来|德新型显示材料: starts inside a company name)
        seen.add((cd.start, cd.end))
        kept.append(cd)
        _index_add(index, cd)
        covered[cd.start:cd.end] = b"\x01" * (cd.end - cd.start)
    return sorted(kept, key=lambda x: (x.start, x.end, x.type))

"""The article's topic region: what 该区/全区/辖区 and unattached figures refer to."""
from __future__ import annotations

from collections import Counter

from ..model import Document, Mention


def topic_region(doc: Document, mentions: list[Mention]) -> Mention | None:
    """The most-mentioned district/zone-level Region of the article (first mention returned)."""
    regions = [m for m in mentions if m.type == "Region" and m.subtype in ("District", "DevelopmentZone", None)]
    if not regions:
        return None
    counts = Counter(m.key for m in regions)
    best = max(sorted(counts), key=lambda k: (counts[k], len(k)))
    return next(m for m in regions if m.key == best)

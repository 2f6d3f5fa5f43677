"""Stage 4a: entity mentions by rules (placeholder; see issue 2/3)."""
from __future__ import annotations

import re

from ..model import Document, Mention, Sentence
from ..rules import RulePack, register

register("entities", {"region_pattern": "regex"})

_DEFAULT = r"(?:长春市)?[\u4e00-\u9fff]{2}(?:区|新区)"


def extract_entities(doc: Document, sentences: list[Sentence], rules: RulePack) -> list[Mention]:
    pat = re.compile(rules.get("entities", "region_pattern", _DEFAULT))
    return [Mention(doc.id, m.start(), m.end(), m.group(), "Region", name=m.group(), rule="region_pattern")
            for m in pat.finditer(doc.text)]

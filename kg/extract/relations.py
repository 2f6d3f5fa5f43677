"""Stage 4c: relations between entity mentions (placeholder; see issue 2/3)."""
from __future__ import annotations

from ..model import Document, Mention, RelationMention, Sentence
from ..rules import RulePack, register

register("relations", {})


def extract_relations(doc: Document, sentences: list[Sentence], mentions: list[Mention],
                      rules: RulePack) -> list[RelationMention]:
    return []

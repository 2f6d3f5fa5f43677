"""The bundled components, one class per per-document stage, and `default_registry()`.

This is the only module that imports every stage: each class wraps its stage's compile function (run once,
in `__init__`, the result kept on the instance) and its per-document function. The entity rule families
are components of their own, defined with their rules in kg/extract/entities/ (`entities.FAMILIES`).
Adding a component takes a class, one line in default_registry() and its name in kg/rules/meta.yaml
`pipeline.document`.
"""
from __future__ import annotations

from typing import Mapping

from . import normalise, resolve, segment
from .doc import Component, Doc, Registry
from .extract import entities, figures, relations, topic
from .extract.linking import Linking
from .extract.statistical import Statistical
from .rules import RulePack


class Normalise(Component):
    name = "normalise"
    schema = {"normalise": normalise.SCHEMA_NORMALISE}
    reads = ("raw",)
    writes = ("document",)
    timing = "normalise"

    def __init__(self, pack: RulePack, peers: Mapping[str, Component]):
        super().__init__(pack, peers)
        self.normaliser = normalise.Normaliser(pack)

    def __call__(self, doc: Doc) -> None:
        doc.document = self.normaliser.document(doc.raw)


class Segment(Component):
    """Sentences and the whole text's tokens; its tokenizer knows the entity lexicon's words."""
    name = "segment"
    schema = {"segment": segment.SCHEMA_SEGMENT}
    reads = ("document",)
    writes = ("sentences", "tokens")
    timing = "segment"

    def __init__(self, pack: RulePack, peers: Mapping[str, Component]):
        super().__init__(pack, peers)
        self.seg = segment.Segmenter(pack, entities.lexicon_words(pack))

    def __call__(self, doc: Doc) -> None:
        doc.sentences = self.seg.split_sentences(doc.text)
        doc.tokens = self.seg.tokenize(doc.text)


class Topic(Component):
    """The article's topic region, which figures and relations both start from."""
    name = "topic"
    schema = {"topic": topic.SCHEMA_TOPIC}
    reads = ("document", "mentions")
    writes = ("topic",)
    timing = "extract"

    def __init__(self, pack: RulePack, peers: Mapping[str, Component]):
        super().__init__(pack, peers)
        self.rules = topic.compile_topic(pack)

    def __call__(self, doc: Doc) -> None:
        doc.topic = topic.topic_region(doc.document, doc.mentions, self.rules)


class Figures(Component):
    name = "figures"
    schema = {"figures": figures.SCHEMA_FIGURES}
    reads = ("document", "sentences", "mentions", "topic")
    writes = ("figures",)
    needs = ("segment",)
    timing = "extract"

    def __init__(self, pack: RulePack, peers: Mapping[str, Component]):
        super().__init__(pack, peers)
        self.rules = figures.compile_figures(pack, peers["segment"].seg)

    def __call__(self, doc: Doc) -> None:
        doc.figures = figures.extract_figures(doc.document, doc.sentences, doc.mentions, self.rules, doc.topic)


class Relations(Component):
    name = "relations"
    schema = {"relations": relations.SCHEMA_RELATIONS}
    reads = ("document", "sentences", "mentions", "topic")
    writes = ("relations",)
    timing = "extract"

    def __init__(self, pack: RulePack, peers: Mapping[str, Component]):
        super().__init__(pack, peers)
        self.rules = relations.compile_relations(pack)

    def __call__(self, doc: Doc) -> None:
        doc.relations = relations.extract_relations(doc.document, doc.sentences, doc.mentions, self.rules,
                                                    doc.topic)


class ResolveLocal(Component):
    """The resolver's per-document share (within-document merges), computed in the worker."""
    name = "resolve_local"
    schema = {"resolve": resolve.SCHEMA_RESOLVE}
    reads = ("document", "mentions", "figures", "relations")
    writes = ("summary",)
    timing = "resolve_local"

    def __init__(self, pack: RulePack, peers: Mapping[str, Component]):
        super().__init__(pack, peers)
        self.rules = resolve.compile_resolve(pack)

    def __call__(self, doc: Doc) -> None:
        doc.summary = resolve.local_summary(doc.result(keep_sentences=False), self.rules)


def default_registry() -> Registry:
    """Every bundled component by name (a new registry each call: nothing registers itself on import)."""
    return Registry({c.name: c for c in (Normalise, Segment, *entities.FAMILIES, Statistical, Topic, Linking,
                                         Figures, Relations, ResolveLocal)})

"""The bundled entity families run on one invented text: what the entity tests share."""
from kg.components import default_registry
from kg.doc import Doc, Pipeline
from kg.model import Document, RawDocument
from kg.pipeline import load_rules


def bundled_pipeline(pack=None) -> Pipeline:
    """The bundled pipeline (or `pack`'s): its entity families compiled once, with their own Segmenter."""
    return Pipeline.from_rules(pack if pack is not None else load_rules(compile=False), default_registry())


def entity_doc(text: str, pipe: Pipeline, tokens=None, upto: str = "overlap") -> Doc:
    """The entity families (lexicon … `upto`) on one text as it is (not normalised), over the tokens the
    segmenter makes once for the whole text (or `tokens`)."""
    doc = Doc(RawDocument("t", "t.txt", text))
    doc.document = Document("t", "t.txt", text)
    doc.tokens = pipe.get("segment").seg.tokenize(text) if tokens is None else tokens
    names = [c.name for c in pipe.components]
    for component in pipe.components[names.index("lexicon"):names.index(upto) + 1]:
        component(doc)
    return doc


def entity_mentions(text: str, pipe: Pipeline) -> list:
    """The mentions of one text, each checked to slice the text at its offsets."""
    out = entity_doc(text, pipe).mentions
    for m in out:
        assert text[m.start:m.end] == m.text
    return out

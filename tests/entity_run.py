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


def found(ms, text: str, type_: str, surface: str):
    """The first mention of `type_` reading `surface`, asserted to sit at the surface's first offset."""
    hits = [m for m in ms if m.type == type_ and m.text == surface]
    assert hits, f"no {type_} {surface!r} in {[(m.type, m.text) for m in ms]}"
    assert hits[0].start == text.index(surface)
    return hits[0]


def not_found(ms, type_: str, surface: str) -> None:
    assert not [m for m in ms if m.type == type_ and m.text == surface], \
        f"{surface!r} should not be a {type_}: {[(m.type, m.text) for m in ms]}"


def found_and_not(text: str, pipe: Pipeline, type_: str, present=(), absent=()) -> None:
    """One text's mentions name each of `present` as `type_` (at its first offset) and none of `absent`."""
    ms = entity_mentions(text, pipe)
    for surface in present:
        found(ms, text, type_, surface)
    for surface in absent:
        not_found(ms, type_, surface)

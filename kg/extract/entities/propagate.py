"""Family `propagate`: other occurrences of a company's name or short form in the same article
(中拓塑业 after its full name). It has no rules of its own (stop and generic words are the lexicon's)."""
from __future__ import annotations

from ...doc import Doc
from .cand import Cand, Tokens
from .scan import Family, Rules


class Propagate(Family):
    name = "propagate"
    reads = ("document", "index", "cands")
    writes = ("cands",)
    needs = ("lexicon",)

    def run(self, doc: Doc) -> None:
        doc.cands += _propagate(doc.index, [x for x in doc.cands if x.type == "Company" and x.rule != "company_subject"],
                                self.c)


def _propagate(tk: Tokens, cands: list[Cand], c: Rules) -> list[Cand]:
    """Other occurrences of a company's short form in the same article (中拓塑业 after its full name)."""
    text = tk.text
    found: dict[str, list[int]] = {}     # form -> where it occurs, in the order the forms come
    for cand in cands:
        if cand.type != "Company":
            continue
        for form in (cand.name, *cand.aliases):
            if (form in found or len(form) < 2 or form in c.sets["stop_names"] or form in c.sets["generic_words"]):
                continue
            found[form] = []
    if not found:
        return []
    import ahocorasick

    # one pass over the text for all forms (a text.find loop per form made large articles quadratic)
    auto = ahocorasick.Automaton()
    for form in found:
        auto.add_word(form, form)
    auto.make_automaton()
    for last, form in auto.iter(text):
        found[form].append(last + 1 - len(form))
    return [Cand(k, k + len(form), "Company", form, None, (), "propagate", 0)
            for form, where in found.items() for k in sorted(where) if k in tk.starts]

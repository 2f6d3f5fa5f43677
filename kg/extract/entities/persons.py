"""Family `persons`: a surname-led name after a title (记者张三, 董事长李四) or before a speech cue,
and names listed before a cue (张三、李四等院士). The titles are `lexicon.person_before`
(the organisations family reads them too: 局局长)."""
from __future__ import annotations

import re
from types import MappingProxyType
from typing import Mapping

from ...doc import Doc
from ...rules import RULES_DIR, RulePack
from .cand import Cand, Tokens
from .scan import _CJK, _CJK_CHAR, _CJK_RUN, Family, Rules, _alternation, compile_section

SCHEMA_PERSONS: Mapping[str, object] = MappingProxyType({
    "surname_file": "path", "person_after_list": "regex", "person_end": "list", "person_term_pattern": "regex",
    "speech_verbs": "list", "speech_after": "str", "person_title_gap": "str",
    "byline_titles": "list", "byline_gap": "str", "boilerplate_titles": "list", "person_dateline_pattern": "regex",
    "person_titles_after": "list", "person_name_tags": "list", "person_list_open": "str",
})


class Persons(Family):
    name = "persons"
    schema = {"persons": SCHEMA_PERSONS}
    reads = ("document", "index", "cands")
    writes = ("cands",)
    needs = ("lexicon",)

    def compile(self, pack: RulePack) -> Rules:
        sec = pack.section(self.name)
        surnames = set()
        if sec.get("surname_file"):
            surnames = set((RULES_DIR / sec["surname_file"]).read_text(encoding="utf-8").split())
        c = compile_section(pack, self.name, SCHEMA_PERSONS, surnames=surnames,
                            person_after=re.compile(sec.get("person_after_list") or r"(?!x)x"))
        c.person_term = re.compile(sec["person_term_pattern"] + "|" + "|".join(
            map(re.escape, c.lists.get("person_end", []))))
        # titles before a name: the shared person titles, the byline roles (实习生, 摄影) and the
        # boilerplate ones (责任编辑), matched longest first so 责任编辑 is not read as 编辑
        c.titles = _alternation(pack.get("lexicon", "person_before") + c.lists["byline_titles"]
                                + c.lists["boilerplate_titles"])
        return c

    def run(self, doc: Doc) -> None:
        doc.cands += _persons(doc.index, self.c)


def _persons(tk: Tokens, c: Rules) -> list[Cand]:
    out = []
    text = tk.text
    term = c.person_term
    speech_verbs, speech_after = c.sets["speech_verbs"], c.word["speech_after"]
    gap, sep = c.word["person_title_gap"], c.word["list_sep"]
    bylines, boilerplate = c.sets["byline_titles"], c.sets["boilerplate_titles"]

    def name_at(pos: int) -> int | None:
        for n in (3, 2):
            if n == 3 and text[pos + 2:pos + 3] in speech_verbs and text[pos + 3:pos + 4] in speech_after:
                continue                 # 张三说。: a two-character name and the speech verb
            for sl in (2, 1):
                if text[pos:pos + sl] in c.surnames and n > sl:
                    cand = text[pos:pos + n]
                    if _CJK_RUN.fullmatch(cand) and term.match(text, pos + n):
                        return pos + n
        return None

    def byline_name_at(pos: int) -> int | None:
        """In a byline (记者 甲乙 丙丁): a name of two or three characters set off by spaces, led by a
        surname or unknown to the dictionary as a word (not 记者了解到, 记者从某地获悉)."""
        e = name_at(pos)
        if e is not None:
            return e
        m = _CJK_RUN.match(text, pos)
        if m and 2 <= len(m.group()) <= 3 and term.match(text, m.end()) and pos > 0 \
                and text[pos - 1] in c.word["byline_gap"] and text[pos] not in c.strong \
                and c.seg.word_tag(m.group()) in (None, "nr") and m.group() not in c.sets["person_before"]:
            return m.end()
        return None

    for m in c.titles.finditer(text):
        pos = m.end()
        while pos < len(text) and text[pos] in gap:
            pos += 1
        title = m.group()
        byline = any(title.endswith(b) for b in bylines)
        e = byline_name_at(pos) if byline else name_at(pos)
        if e is None and pos in tk.starts and text[pos:pos + 1] in c.surnames:
            # no end cue: a surname plus one or two characters that end on a jieba word boundary
            for n in (3, 2):
                if pos + n in tk.ends and re.fullmatch(rf"[{_CJK}]{{{n}}}", text[pos:pos + n]) \
                        and c.seg.word_tag(text[pos:pos + n]) in (None, "nr"):
                    e = pos + n
                    break
        if title in boilerplate:
            continue                     # 责任编辑：某某 (site footer): no person of the article
        while e:
            out.append(Cand(pos, e, "Person", text[pos:e], None, (), "person_title", 2))
            if not byline:
                break
            # 记者 甲 乙, 通讯员甲、乙: the byline goes on with the next name
            pos = e
            while pos < len(text) and text[pos] in c.word["byline_gap"]:
                pos += 1
            e = byline_name_at(pos) if pos > e and not c.titles.match(text, pos) else None
    for m in c.pat["person_dateline_pattern"].finditer(text):   # 某某网某地5日电（甲乙）
        e = name_at(m.start(1))
        if e == m.end(1):
            out.append(Cand(m.start(1), e, "Person", m.group(1), None, (), "person_dateline", 2))
    titles_after = tuple(c.lists["person_titles_after"])
    for t in tk.toks:                    # 某某某总书记: a name the dictionary knows, before a title
        if 2 <= len(t.text) <= 3 and text.startswith(titles_after, t.end) \
                and c.seg.word_tag(t.text) in c.sets["person_name_tags"]:
            out.append(Cand(t.start, t.end, "Person", t.text, None, (), "person_before_title", 2))
    opens = sep + c.word["person_list_open"]
    for m in re.finditer(re.escape(c.word["list_marker"]), text):   # 张三、李四等院士: names listed before the cue
        if not c.person_after.match(text[m.start():m.start() + 8]):
            continue
        end = m.start()
        while True:
            found = None
            for n in (3, 2, 4):
                s = end - n
                if s >= 0 and (text[s] in c.surnames or text[s:s + 2] in c.surnames) and \
                        _CJK_RUN.fullmatch(text[s:end]) and (s == 0 or not _CJK_CHAR.match(text[s - 1])
                                                             or text[s - 1] in (opens if n < 4 else sep)):
                    found = s
                    break
            if found is None:
                break
            out.append(Cand(found, end, "Person", text[found:end], None, (), "person_list", 2))
            if found > 0 and text[found - 1] == sep:
                end = found - 1
            else:
                break
    return out

"""Policy families: `titles` (《…》: a policy document by its head, else a news headline whose span no
head rule may name: `Doc.blocked`) and `policies` (policy titles, quoted names with a head, quoted
names ending with a policy head, cued bare quotes, unquoted names with a strong head).
"""
from __future__ import annotations

import re
from types import MappingProxyType
from typing import Mapping

from ...doc import Doc
from ...rules import RulePack
from .cand import Cand, Tokens
from .scan import _CJK_CHAR, Family, Rules, _head_names, _left_scan, _strip_left, compile_section

SCHEMA_TITLES: Mapping[str, object] = MappingProxyType({
    "title_pattern": "regex", "title_tail_pattern": "regex", "policy_title_heads": "list",
})
SCHEMA_POLICIES: Mapping[str, object] = MappingProxyType({
    "policy_heads": "list", "policy_closing_heads": "list", "policy_heads_unquoted": "list",
    "policy_core_heads": "list", "policy_quote_cues": "list", "bare_quote_not_end": "list",
    "policy_subject_cues": "list", "policy_heads_direct": "map[int]", "inner_quote_pattern": "regex",
    "quote_run_joiner_pattern": "regex", "numeric_quote_heads": "list", "policy_weak_head": "str",
    "policy_activity_head": "str", "sentence_open_after": "str", "bare_quote_not_inside": "regex",
    "numbered_slogan_unquoted_pattern": "regex", "policy_unquoted_min_core": "map[int]",
    "region_slogan_prefixes": "list", "unquoted_head_not_before": "list", "counted_short_core_pattern": "regex",
    "speech_quote_pattern": "regex", "policy_heads_not_after_particle": "list", "policy_modifier_tags": "list",
    "policy_strategy_pattern": "regex", "policy_core_count_pattern": "regex",
    "policy_campaign_year_pattern": "regex", "policy_campaign_pattern": "regex",
    "policy_number_tags": "list",
})


class Titles(Family):
    """《…》 titles that are no policy document (news headlines): nothing inside them is named by a head."""
    name = "titles"
    schema = {"titles": SCHEMA_TITLES}
    reads = ("document",)
    writes = ("blocked",)
    needs = ("lexicon",)

    def run(self, doc: Doc) -> None:
        c = self.c
        title_heads = tuple(c.lists.get("policy_title_heads", []))
        # news headlines in 《》 are not policies; nothing inside them is named by a head rule
        doc.blocked = [(m.start(), m.end()) for m in c.pat["title_pattern"].finditer(doc.text)
                       if not _is_policy_title(m.group(1), title_heads, c)]


class Policies(Family):
    name = "policies"
    schema = {"policies": SCHEMA_POLICIES}
    reads = ("document", "index", "blocked", "cands")
    writes = ("cands",)
    needs = ("lexicon", "gazetteer", "companies", "projects", "titles")
    peers_merged = ("gazetteer", "companies", "projects", "titles")  # zone short forms, heads, title rules

    def compile(self, pack: RulePack) -> Rules:
        return compile_section(pack, self.name, SCHEMA_POLICIES,
                               direct_heads=dict(pack.get(self.name, "policy_heads_direct") or {}),
                               unquoted_min_core=dict(pack.get(self.name, "policy_unquoted_min_core") or {}))

    def run(self, doc: Doc) -> None:
        doc.cands += _policies(doc.index, self.c, doc.blocked)
        doc.cands += _region_slogans(doc.text, self.c, doc.cands)


def _policies(tk: Tokens, c: Rules, blocked) -> list[Cand]:
    """《…》 policy documents, quoted names with a head (“免申即享”改革), cued bare quotes, unquoted heads."""
    text = tk.text
    numeric_heads = tuple(c.lists["numeric_quote_heads"])
    out = _policy_titles(text, c)
    quotes = _all_quotes(text, c)
    for qi, m in enumerate(quotes):
        core = _quote_core(m)
        if core in c.sets["stop_names"] or len(core) < 2:
            continue
        if c.pat["speech_quote_pattern"].search(core):
            continue
        head = _quote_head(tk, c, m)
        numeric = re.fullmatch(r"[\d.%]+", core)
        if numeric and (head is None or "." in core or "%" in core or not tk.text.startswith(numeric_heads, m.end())):
            continue                     # “532”发展战略 is a name; a quoted figure is not
        if head is not None:
            out += _quote_with_head(tk, c, quotes, qi, head)
        elif _core_head_policy(core, c):
            out.append(Cand(m.start(), m.end(), "Policy", m.group(), None, (core,), "policy_quote_core", 1))
        elif _bare_quote_is_policy(text, c, quotes, qi) or _is_numbered_slogan(core, c):
            out.append(Cand(m.start(), m.end(), "Policy", m.group(), None, (core,), "policy_quote_bare", 1))
    avoid = {q.start(): q.end() for q in quotes}
    out += _unquoted_heads(tk, c, blocked, avoid)
    out += _unquoted_slogans(tk, c, blocked, avoid)
    out += _strategies(tk, c, blocked)
    return out


def _strategies(tk: Tokens, c: Rules, blocked) -> list[Cand]:
    """Named strategies (工业强市战略), campaign years (营商环境建设年活动) and campaigns of a kind
    (百日攻坚行动): the match starts at the first word that is no verb, adverb or
    stop word (实施|工业强市战略), and what is left must still be one."""
    out, text = [], tk.text
    trim = c.sets.get("trim_tags", set()) - c.sets.get("policy_number_tags", set())   # (百日攻坚行动)
    for pat, m in ((p, m) for key in ("policy_strategy_pattern", "policy_campaign_year_pattern",
                                      "policy_campaign_pattern")
                   if (p := c.pat.get(key)) is not None for m in p.finditer(text)):
        s = m.start()
        while s < m.end() and (s not in tk.starts or tk.toks[tk.at[s]].text in c.weak
                               or tk.toks[tk.at[s]].text in c.strong
                               or c.seg.word_tag(tk.toks[tk.at[s]].text) in trim):
            s = tk.toks[tk.at[s]].end if s in tk.starts else s + 1
        if s < m.end() and m.end() in tk.ends and pat.fullmatch(text, s, m.end()) \
                and not any(a <= s < b for a, b in blocked):
            out.append(Cand(s, m.end(), "Policy", text[s:m.end()], None, (), "policy_strategy", 2))
    return out


def _unquoted_heads(tk: Tokens, c: Rules, blocked, avoid: dict[int, int]) -> list[Cand]:
    """Unquoted names with a strong head; the core needs 4 characters unless the head says otherwise
    (技改专项行动: a campaign's head is specific enough for a 2-character core)."""
    short = c.unquoted_min_core
    found = _head_names(tk, c, "policy_heads_unquoted", "Policy", 20, min_core=min(list(short.values()) + [4]),
                        rule="policy_head", blocked=blocked, avoid=avoid)
    heads = sorted(c.lists["policy_heads_unquoted"], key=len, reverse=True)
    not_before = tuple(c.lists.get("unquoted_head_not_before", []))
    out = []
    for cd in found:
        head = next((h for h in heads if cd.name.endswith(h)), "")
        if len(cd.name) - len(head) >= int(short.get(head, 4)) and not (
                not_before and tk.text.startswith(not_before, cd.end)) \
                and not c.pat["bare_quote_not_inside"].search(cd.name):    # (a quoted speech taken in)
            out.append(cd)
    return out


def _is_numbered_slogan(core: str, c: Rules) -> bool:
    """“双招双引”, “一核两翼”: a quoted slogan of two counted parts names a policy by itself."""
    return bool(c.pat["numbered_slogan_unquoted_pattern"].fullmatch(core))


def _unquoted_slogans(tk: Tokens, c: Rules, blocked, avoid: dict[int, int]) -> list[Cand]:
    """Unquoted number slogans of two counted parts (双招双引, 一核两翼), whole tokens outside quotes."""
    out, text = [], tk.text
    for m in c.pat["numbered_slogan_unquoted_pattern"].finditer(text):
        s, e = m.start(), m.end()
        if s not in tk.starts or e not in tk.ends or any(a <= s < b for a, b in blocked) \
                or any(a <= s < b for a, b in avoid.items()):
            continue
        out.append(Cand(s, e, "Policy", m.group(), None, (), "policy_slogan", 1))
    return out


def _region_slogans(text: str, c: Rules, cands: list[Cand]) -> list[Cand]:
    """Strategies named by a slogan word before a region (数字吉林, 美丽中国, 数字长春建设)."""
    prefixes = tuple(c.lists.get("region_slogan_prefixes", []))
    out, seen = [], set()
    for cd in cands:
        if cd.type != "Region" or cd.rule != "gazetteer" or (cd.start, cd.end) in seen:
            continue
        seen.add((cd.start, cd.end))
        p = next((w for w in prefixes if text.endswith(w, 0, cd.start)), None)
        if p:
            out.append(Cand(cd.start - len(p), cd.end, "Policy", text[cd.start - len(p):cd.end], None, (),
                            "policy_region_slogan", 2))
    return out


def _core_head_policy(core: str, c: Rules) -> bool:
    """“科创企业一件事”, “链长制”: a quoted core that ends with a policy head and has more than it."""
    counted = c.pat.get("policy_core_count_pattern")
    if counted is not None and len(core) >= 3 and counted.search(core):
        return True                      # “人才新政20条”, “黄金十条”: a package of numbered articles
    head = next((h for h in c.lists.get("policy_core_heads", []) if core.endswith(h)), None)
    return head is not None and len(core) >= 3 and len(core) > len(head) + (1 if len(head) == 1 else 0) \
        and (len(core) >= 4 or len(head) >= 2)


def _is_policy_title(title: str, heads: tuple, c: Rules) -> bool:
    """《…行动方案（2025—2027年）》: a trailing bracketed period does not hide the head."""
    return title.endswith(heads) or c.pat["title_tail_pattern"].sub("", title).endswith(heads)


def _all_quotes(text: str, c: Rules) -> list[re.Match]:
    """Quoted spans, including single quotes inside a double-quoted speech (“…‘标准地+承诺制’…”)."""
    outer = list(c.pat["quote_pattern"].finditer(text))
    inner = [q for m in outer if m.group(1)
             for q in c.pat["inner_quote_pattern"].finditer(text, m.start() + 1, m.end() - 1)]
    return sorted(outer + inner, key=lambda q: (q.start(), -q.end())) if inner else outer


def _policy_titles(text: str, c: Rules) -> list[Cand]:
    """《…》 policy documents; a title that is a head word only (以下简称《措施》) names the document
    titled before it."""
    title_heads = tuple(c.lists.get("policy_title_heads", []))
    out: list[Cand] = []
    full = None
    for m in c.pat["title_pattern"].finditer(text):
        if not _is_policy_title(m.group(1), title_heads, c):
            continue
        if m.group(1) in title_heads:
            if full is not None:         # (no document before it: a bare head word names nothing)
                out.append(Cand(m.start(), m.end(), "Policy", full.name, None, full.aliases + (m.group(1),),
                                "policy_title_short", 3))
            continue
        full = Cand(m.start(), m.end(), "Policy", m.group(), None, (m.group(1),), "policy_title", 3)
        out.append(full)
    return out


def _quote_core(m: re.Match) -> str:
    return next(g for g in m.groups() if g is not None)


def _quote_head(tk: Tokens, c: Rules, m: re.Match) -> tuple[int, int] | None:
    """(qualifier length, head end) of a policy head after a quote (“七快一缓”诉讼服务企业绿色通道)."""
    after = tk.text[m.end():m.end() + 20]
    if after.startswith(c.word["list_marker"]):
        return None                      # “A”等活动: a list cue, not this quote's own head
    # “六稳”工作、 “一项目一专班”服务。: a plain head right after the quote, closing the phrase
    direct = next((h for h in c.direct_heads if after.startswith(h)), None)
    core = _quote_core(m)
    if direct and not _CJK_CHAR.match(after[len(direct):len(direct) + 1] or "x") \
            and len(core) >= int(c.direct_heads[direct]) \
            and not core.endswith(tuple(c.lists.get("bare_quote_not_end", ()))):
        return 0, len(direct)           # (“一站式”服务, “一对一”服务: descriptions, not policies)
    # a qualifier joined by 的 may be longer (“以投带引”的新模式)
    # (“…”为目标: a qualifier opening with a function word other than 的 makes no name)
    first = tk.toks[tk.at[m.end()]].text if m.end() in tk.starts else ""
    longest = 1 if first in c.strong and first != c.word["attributive_particle"] else \
        15 if after.startswith(c.word["attributive_particle"]) else 9
    for k in range(0, longest):
        if k and not _CJK_CHAR.match(after[k - 1:k] or "x"):
            return None
        hm = c.heads["policy_heads"].match(after, k)
        if hm and after.startswith(c.word["attributive_particle"]) \
                and hm.group() in c.sets.get("policy_heads_not_after_particle", ()):
            return None
        if hm and (m.end() + hm.end()) in tk.ends:
            return k, hm.end()
    return None


def _quote_with_head(tk: Tokens, c: Rules, quotes: list, qi: int, head: tuple[int, int]) -> list[Cand]:
    text = tk.text
    m = quotes[qi]
    core = _quote_core(m)
    end = m.end() + head[1]
    qualifier = text[m.end():m.end() + head[0]]
    if text[m.end():end] == c.word["policy_weak_head"] and len(core) < 3 \
            and not c.pat["counted_short_core_pattern"].fullmatch(core):
        return []
    head_word = text[m.end() + head[0]:end]
    if c.heads["project_heads"].search(qualifier) and not head_word.endswith(c.word["policy_activity_head"]):
        return []                        # “双创”示范基地建设: the project, not a policy
    out = []
    k = qi - 1                           # “三抓”“三早”行动: the run's other quotes are policies too
    while k >= 0 and quotes[k].end() <= quotes[k + 1].start() and \
            c.pat["quote_run_joiner_pattern"].fullmatch(text[quotes[k].end():quotes[k + 1].start()]):
        q = quotes[k]
        out.append(Cand(q.start(), q.end(), "Policy", q.group(), None, (_quote_core(q),), "policy_quote_run", 1))
        k -= 1
    start = m.start()
    lm = _noun_run(tk, _strip_left(_left_scan(tk, m.start(), c, 10, weak_always=True), m.start(), tk, c),
                   m.start(), c)
    modifier = text[lm:m.start()]        # 人才“引聚留用”改革举措: a short modifier in front belongs to it
    if lm < m.start() and modifier not in c.sets["generic_words"] \
            and not c.heads["project_heads"].search(modifier) and modifier not in c.gaz_names:
        start = lm
    name = text[start:end]
    if qualifier.startswith(c.word["attributive_particle"]):    # “以投带引”的新模式: named without the 的
        name = text[start:m.end()] + text[m.end() + len(c.word["attributive_particle"]):end]
    aliases = tuple(dict.fromkeys(a for a in (core, text[m.start():end], text[start:end]) if a != name))
    out.append(Cand(start, end, "Policy", name, None, aliases, "policy_quote_head", 2))
    return out


def _noun_run(tk: Tokens, start: int, end: int, c: Rules) -> int:
    """Where the nouns right before `end` begin (from `start` on): a verb or pronoun in front of a
    quoted policy governs it (研究“以投带引”新模式, 该区推行…), no part of its name."""
    s = end
    while s > start:
        t = tk.toks[tk.at[s - 1]]
        tag = c.seg.word_tag(t.text)
        if t.start < start or (tag is not None and not tag.startswith(tuple(c.lists["policy_modifier_tags"]))):
            break
        s = t.start
    return s


def _bare_quote_is_policy(text: str, c: Rules, quotes: list, qi: int) -> bool:
    """A bare quoted name is a policy when a cue verb precedes its run or a policy list cue follows it."""
    m = quotes[qi]
    core = _quote_core(m)
    joiner = c.pat["quote_run_joiner_pattern"]
    run_end, j = m.end(), qi + 1
    while j < len(quotes) and run_end <= quotes[j].start() and \
            joiner.fullmatch(text[run_end:quotes[j].start()]):
        run_end = quotes[j].end()
        j += 1
    run_start, k = m.start(), qi - 1
    while k >= 0 and quotes[k].end() <= run_start and joiner.fullmatch(text[quotes[k].end():run_start]):
        run_start = quotes[k].start()
        k -= 1
    tail = text[run_end:run_end + 14]
    listed = any(t == "Policy" and p.match(tail) for p, t, _ in c.list_cues)
    before = text[max(0, run_start - 6):run_start]
    cued = any(before.endswith(w) for w in c.lists.get("policy_quote_cues", []))
    # “专班抓项目”要强力推进: a quoted work item opening a sentence as the subject of 要
    if run_start == 0 or text[run_start - 1] in c.word["sentence_open_after"]:
        cued = cued or any(text.startswith(w, run_end) for w in c.lists.get("policy_subject_cues", []))
    return (listed or cued) and not c.pat["bare_quote_not_inside"].search(core) and len(core) <= (24 if listed else 16) \
        and not core.endswith(tuple(c.lists.get("bare_quote_not_end", [])))

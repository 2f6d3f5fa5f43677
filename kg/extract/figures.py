"""Stage 4b: figures — quantities with value, unit, metric, period and subject.

Every pattern, unit, classifier, cue word and exclusion comes from the rule
pack's `figures` section (kg/rules/figures.yaml); compile_figures compiles them
once per rule pack and the caller (the figures component) keeps the result.
Numbers are parsed only inside matched spans (kg.numbers).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass, field
from operator import attrgetter
from types import MappingProxyType
from typing import Mapping, NamedTuple

from ..model import UNITS, Document, FigureMention, Mention, Sentence
from ..numbers import DIGITS, figure_value_ok, parse_number
from ..rules import RuleError, RulePack, joined_patterns
from .topic import is_foreign_place, paragraph_start, paragraph_topic

# The rule keys of the `figures` section (kg/rules/figures.yaml) and the kind of value each holds.
SCHEMA_FIGURES: Mapping[str, object] = MappingProxyType({
    # numbers and units
    "multipliers": "map[num]", "approx_markers": "list", "units": "map[tuple[str,num]]", "percent_prefixes": "list",
    "classifiers": "list", "not_units": "list", "chinese_count_min": "int", "chinese_count_bare_leads": "list",
    "chinese_small_count_classifiers": "list", "chinese_small_count_not_after": "list",
    "chinese_small_count_nouns": "list", "chinese_numerals": "str", "numeral_gate": "regex",
    "arabic_number": "regex", "chinese_number": "regex", "percent_number": "regex", "quote_open": "list",
    # what is not a figure
    "exclude_before": "regexes", "exclude_after": "regexes", "exclude_after_by_unit": "map_regexes",
    "range_connectors": "list",
    # amounts written without a unit
    "money_cues": "list", "money_cue_window": "int", "bare_amount_next": "regex", "foreign_currencies": "list",
    "dangling_unit_lines": "int",
    # labels
    "metric_cues": "list", "metric_strip": "list", "metric_cut_after": "list", "metric_trim_suffixes": "list",
    "metric_aliases": "map[str]", "count_label_cues": "map[str]", "growth_labels": "list", "count_noun_cues": "list",
    "period_suffixes": "map[str]", "relative_years": "map[int]", "early_relative_years": "map[int]", "early_months": "int", "default_labels": "map[str]",
    "label_list_end": "list", "growth_prefix": "str", "growth_gap_words": "list", "growth_prefixed": "list",
    "growth_after": "list", "growth_label": "str", "count_label_endings": "list", "count_label_suffix": "str",
    "year_pattern": "regex", "date_pattern": "regex", "period_carry_after": "str",
    "period_carry_in_paragraph": "bool", "period_carry_suffix": "bool", "period_year_only_words": "list", "event_day_pattern": "regex", "event_cues": "list",
    "event_date_words": "list", "event_refs": "list", "event_sentence_end": "str", "event_not_with": "list", "build_after_pattern": "regex", "period_open_pattern": "regex", "name_year_pattern": "regex", "period_own_openers": "list", "attribute_joiners": "list", "attribute_reach": "int", "investor_clause_pattern": "regex", "region_actor_next": "list", "past_years_pattern": "regex", "lead_opener_pattern": "regex", "lead_sentences": "int", "region_short_form_endings": "list", "bare_amount_joiners": "list", "list_joiner_pattern": "regex", "list_item_max": "int", "metric_label_conjunctions": "list", "article_year_from_text": "bool", "period_from_title": "bool", "period_own_types": "list", "year_not_period": "regexes",
    "relative_not_after": "list", "period_compare_after": "list", "compare_base_gap": "regex", "so_far_words": "list",
    "clause_relative_years": "list", "period_plan_cues": "list", "month_patterns": "regexes",
    # subjects
    "subject_types": "list", "subject_region_skip": "list", "subject_region_opening": "bool", "foreign_place_rules": "list", "non_subject_before": "list",
    "member_classifiers": "list", "paragraph_topic_types": "list", "paragraph_topic_window": "int",
    "anaphora": "map[str]", "level_anaphora": "map[str]", "subject_carry_openers": "list", "dateline_after_pattern": "regex", "respectively_cues": "list", "count_head_nouns": "list", "count_head_window": "int", "metric_label_verbs": "list",
    "metric_object_ends": "list",
    "respectively_types": "list", "year_range_pattern": "regex", "plan_period_pattern": "regex",
    "plan_period_base": "int", "period_since_words": "list", "respectively_stop": "str", "sentence_anaphora": "map[str]", "anaphora_window": "int",
    "clause_anaphora_next": "list", "non_subject_after": "list", "policy_issue_verbs": "list",
    "policy_scope_suffixes": "list", "beneficiary_before": "list", "object_verbs": "list", "region_clause_cues": "list",
    "clause_end": "str", "attributive_mark": "str", "list_closer": "str", "verb_particle": "str",
    "quote_close": "str", "subject_carry_after": "str", "enum_after_pattern": "regex",
    "member_gap_pattern": "regex", "chain_gap_pattern": "regex", "lead_in_pattern": "regex",
    "clause_final_pattern": "regex",
})


_START = attrgetter("start")
_YEAR_FIRST = re.compile(r"\d{4}")
_YEAR_ONLY = re.compile(r"\d{4}")       # (fullmatch: a period that is a whole year)
_NEWLINE = re.compile("\n")


class _Quantity(NamedTuple):
    start: int          # absolute offsets of the quantity as written
    end: int
    value: float | int
    unit: str
    word: str           # the unit word or classifier as written ("" for bare amounts)
    chinese: bool       # written in Chinese numerals
    numeral: str
    continues_at: int = -1   # for a number cut off at a line end: where its unit's line starts


@dataclass
class FigureRules:
    """The `figures` section, compiled once per rule pack (the caller keeps it), with the Segmenter
    that cuts metric labels."""
    seg: object                     # a Segmenter: .tokenize(text) -> list[Token]
    numerals: str                   # the Chinese numeral characters (a numeral starting with one is Chinese)
    number_gate: re.Pattern         # every quantity holds one of these characters
    quote_open: tuple[str, ...]
    clause_end: str                 # characters that end a clause
    clause_end_re: re.Pattern
    attributive_mark: str           # 的
    list_closer: str                # 等 closing a list of members
    verb_particle: str              # 了 after an issuing verb
    quote_close: str                # closing quotes a policy's name may end with
    subject_carry_after: str        # a sentence after one of these carries a region's figures on
    enum_after: re.Pattern          # a mention followed by these is a list member
    member_gap: re.Pattern
    chain_gap: re.Pattern
    lead_in: re.Pattern             # what may stand before a clause's first word
    clause_final: re.Pattern        # a mention followed by these closes its clause
    default_labels: dict[str, str]  # unit -> the label of a figure with none
    label_list_end: tuple[str, ...]
    growth_prefix: str              # 同比
    growth_gap_words: tuple[str, ...]
    growth_prefixed: tuple[str, ...]
    growth_after: tuple[str, ...]
    growth_label: str
    count_label_endings: tuple[str, ...]
    count_label_suffix: str
    year_re: re.Pattern
    date_re: re.Pattern
    period_carry_after: str
    quantity: re.Pattern
    percent_prefix: re.Pattern | None
    bare: re.Pattern
    line_unit: re.Pattern
    units: dict[str, tuple[str, float]]
    classifiers: frozenset
    not_units: frozenset
    multipliers: dict
    exclude_before: list[re.Pattern]         # each list: one combined pattern when they combine
    exclude_after: list[re.Pattern]
    exclude_after_unit: dict[str, list[re.Pattern]]
    range_connectors: tuple[str, ...]
    chinese_count_min: int
    bare_leads: tuple[str, ...]
    small_count_words: frozenset
    small_count_not_after: tuple[str, ...]
    small_count_nouns: tuple[str, ...]
    money_cues: re.Pattern | None
    bare_next: re.Pattern
    big_units: str
    unit_initials: frozenset
    foreign_currencies: tuple[str, ...]
    money_window: int
    dangling_lines: int
    metric_cues: re.Pattern | None
    metric_strip: frozenset
    metric_cut_after: tuple[str, ...]
    metric_trim_suffixes: tuple[str, ...]
    metric_aliases: dict[str, str]
    count_label_cues: dict[str, str]
    growth_labels: frozenset
    count_nouns: frozenset
    period_suffixes: dict[str, str]
    period_suffix_re: re.Pattern | None
    relative_years: dict[str, int]
    early_relative_years: dict[str, int]    # … their offsets in an article dated in the first early_months
    early_months: int
    relative_re: re.Pattern | None
    period_carry_any: bool          # a sentence with no period words takes its paragraph's (else only after a ；)
    period_carry_suffix: bool       # … with its half, quarter or months (else only its year) across a full stop
    year_only_words: tuple[str, ...]  # … but a sentence with one of these before the figure takes only the year
    event_day_re: re.Pattern | None       # the day of a dated event (group m: its month) …
    event_cues_re: re.Pattern | None      # … in a sentence with one of these event words
    event_date_words_re: re.Pattern | None  # words dating an event with no day written (近日)
    event_refs_re: re.Pattern | None      # words referring back to the article's event (此次, 当天)
    event_sentence_end: str               # characters that end a sentence, for the event rules
    event_not_with: tuple[str, ...]       # a sentence with one of these dates the report, not the event
    build_after: re.Pattern | None        # between an amount and the project it builds (投资5亿元建设X项目)
    period_open_re: re.Pattern | None     # after this in its sentence a figure has no period (X以来)
    name_year_re: re.Pattern | None       # a year written at the head of an event's name (group 1)
    own_openers: tuple[str, ...]          # a figure after one of these in its sentence is projects' own
    attribute_joiners: tuple[str, ...]    # between an attribute amount and the project it qualifies (、)
    attribute_reach: int                  # … with 的 at most this far before the amount
    investor_clause: re.Pattern | None    # a clause naming who invests (由X公司总投资…): its amount is a project's
    region_actor_next: tuple[str, ...]    # after a region, these make it an actor, not part of a listed name
    past_years_re: re.Pattern | None      # the last N years (group n) before the article's year
    lead_opener: re.Pattern | None        # what may open the article's lead before the region it reports on
    lead_sentences: int                   # … within its first this many sentences
    short_form_endings: tuple[str, ...]   # a long region name ending so is short: its first two and last
    amount_joiners: tuple[str, ...]       # a bare amount right after another and one of these is money too
    list_joiner_re: re.Pattern | None     # between the items of a list before 分别
    list_item_max: int                    # … each at most this long
    label_conjunctions: tuple[str, ...]   # a text label ending with one of these is half of a pair, no label
    period_from_title: bool         # figures with no period of their own take the title's
    year_from_text: bool            # an article with no date takes the year it names most as its own
    period_own_types: frozenset     # subjects whose figures take no period from other sentences
    year_not_period: list[re.Pattern]   # text right after a written year that makes it a completion date
    plan_cues: tuple[str, ...]      # a period word after these is a completion date (计划2026年末交付)
    so_far_words: frozenset         # relative years meaning the year so far: no title's quarter joins them
    compare_base_gap: re.Pattern    # between a comparison base and a figure that is its own value
    clause_relative: frozenset      # relative years that hold only for figures after them in their clause
    compare_after: tuple[str, ...]  # a year or relative year before these is a comparison base (2019年同期)
    relative_not_after: tuple[str, ...]  # words before 去年 that make it a comparison base
    month_patterns: list[re.Pattern]    # month ranges (groups m1, m2) and single months (group m)
    subject_types: frozenset
    region_skip: frozenset
    region_skip_opening: bool       # … unless it opens its clause
    foreign_places: tuple[str, ...]  # a Region from these entity rules with no subtype is a world place
    non_subject_before: tuple[str, ...]
    member_classifiers: frozenset
    paragraph_types: tuple[str, ...]
    paragraph_window: int
    anaphora: dict[str, str]
    anaphora_re: re.Pattern | None
    count_heads: re.Pattern | None  # head nouns of a counted phrase after its classifier (项目, 企业)
    count_head_window: int
    label_verbs: tuple[str, ...]    # a text label ending with these is a verb, not what is measured …
    object_ends: tuple[str, ...]    # … which is named after the quantity, up to one of these
    respectively_re: re.Pattern | None   # 分别: the figures after it go, in order, to the list before it
    respectively_types: frozenset   # the entity types such a list may hold
    plan_period_re: re.Pattern | None   # a five-year plan (group n: its number) …
    since_words: tuple[str, ...]        # after a written year: the period runs from it to the article's year
    plan_period_base: int               # … whose first year is this + 5 × n
    year_range_re: re.Pattern | None    # a range of years (groups 1, 2) a 分别 list may go through
    respectively_stop: str          # characters that end the figures' list
    dateline_after: re.Pattern | None   # after a mention: it is the news agency of a dateline
    carry_openers: tuple[str, ...]  # a sentence opening with these goes on with the previous one's subject
    level_anaphora: dict[str, str]  # 全省/我市 -> the Region subtype they stand for
    sentence_anaphora: dict[str, str]
    anaphora_window: int
    clause_anaphora_next: tuple[str, ...]
    non_subject_after: tuple[str, ...]
    policy_issue_verbs: tuple[str, ...]
    policy_scope_suffixes: tuple[str, ...]
    beneficiary_before: tuple[str, ...]
    object_verbs: tuple[str, ...]
    region_clause_cues: tuple[str, ...]
    numbers: dict = field(default_factory=dict)    # memo: numeral as written -> parse_number value


_MEMO_MAX = 50_000      # entries a per-string memo keeps before it starts over


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _any_of(patterns: list[str]) -> list[re.Pattern]:
    return joined_patterns([re.compile(p) for p in patterns])


def compile_figures(pack: RulePack, seg) -> FigureRules:
    """The figure rules of `pack`, with `seg` (the pack's Segmenter) for cutting labels. Pure: the
    caller keeps the result."""
    f = pack.section("figures")
    units = {}
    for word, spec in (f.get("units") or {}).items():
        if (not isinstance(spec, list) or len(spec) != 2 or spec[0] not in UNITS
                or not isinstance(spec[1], (int, float))):
            raise RuleError(f"rule figures.units.{word}: expected [unit, factor] with unit one of "
                            f"{', '.join(UNITS)}, got {spec!r}")
        units[str(word)] = (spec[0], spec[1])
    multipliers = {str(k): v for k, v in f["multipliers"].items()}
    mult_class = "[" + "".join(re.escape(k) for k in multipliers) + "]"
    approx = "".join(f.get("approx_markers", []))
    approx_class = f"[{re.escape(approx)}]?" if approx else ""
    classifiers = frozenset(f.get("classifiers", []))
    not_units = frozenset(f.get("not_units", []))
    arabic, chinese = f["arabic_number"], f["chinese_number"]
    num = rf"(?P<num>{arabic}|{chinese})(?P<a1>{approx_class})(?P<mult>{mult_class}*)(?P<a2>{approx_class})"
    words = list(units) + list(classifiers) + list(not_units)
    quantity = re.compile(rf"{num}(?P<unit>{_alternation(words)})")
    prefixes = f.get("percent_prefixes", [])
    percent_prefix = (re.compile(rf"(?:{_alternation(prefixes)})(?P<num>{f['percent_number']})")
                      if prefixes else None)
    big = "".join(k for k, v in multipliers.items() if v >= 10000)
    bare = re.compile(rf"{num}(?![{re.escape(big)}])")
    measures = [w for w, (u, _) in units.items() if u != "count"]
    line_unit = re.compile(rf"^\s*(?P<mult>{mult_class}*)(?P<unit>{_alternation(measures)})")

    def regexes(key):
        return _any_of(f.get(key, []))

    suffixes = {str(k): str(v) for k, v in (f.get("period_suffixes") or {}).items()}
    relative = {str(k): int(v) for k, v in (f.get("relative_years") or {}).items()}
    cues = f.get("metric_cues", [])
    anaphora = {str(k): str(v) for k, v in {**(f.get("sentence_anaphora") or {}), **(f.get("anaphora") or {})}.items()}
    level_anaphora = {str(k): str(v) for k, v in (f.get("level_anaphora") or {}).items()}
    money = f.get("money_cues", [])
    return FigureRules(
        seg=seg, numerals=f["chinese_numerals"], number_gate=re.compile(f["numeral_gate"]),
        quote_open=tuple(f["quote_open"]), clause_end=f["clause_end"],
        clause_end_re=re.compile("[" + re.escape(f["clause_end"]) + "]"),
        attributive_mark=f["attributive_mark"], list_closer=f["list_closer"], verb_particle=f["verb_particle"],
        quote_close=f["quote_close"], subject_carry_after=f["subject_carry_after"],
        enum_after=re.compile(f["enum_after_pattern"]), member_gap=re.compile(f["member_gap_pattern"]),
        chain_gap=re.compile(f["chain_gap_pattern"]), lead_in=re.compile(f["lead_in_pattern"]),
        clause_final=re.compile(f["clause_final_pattern"]),
        default_labels={str(k): str(v) for k, v in f["default_labels"].items()},
        label_list_end=tuple(f["label_list_end"]), growth_prefix=f["growth_prefix"],
        growth_gap_words=tuple(f["growth_gap_words"]), growth_prefixed=tuple(f["growth_prefixed"]),
        growth_after=tuple(f["growth_after"]), growth_label=f["growth_label"],
        count_label_endings=tuple(f["count_label_endings"]), count_label_suffix=f["count_label_suffix"],
        year_re=re.compile(f["year_pattern"]), date_re=re.compile(f["date_pattern"]),
        period_carry_after=f["period_carry_after"],
        quantity=quantity, percent_prefix=percent_prefix, bare=bare, line_unit=line_unit, units=units,
        classifiers=classifiers, not_units=not_units, multipliers=multipliers,
        exclude_before=regexes("exclude_before"), exclude_after=regexes("exclude_after"),
        exclude_after_unit={u: _any_of(ps)
                            for u, ps in (f.get("exclude_after_by_unit") or {}).items()},
        range_connectors=tuple(f.get("range_connectors", [])),
        chinese_count_min=int(f.get("chinese_count_min", 10)),
        bare_leads=tuple(f.get("chinese_count_bare_leads", [])),
        small_count_words=frozenset(f.get("chinese_small_count_classifiers", [])),
        small_count_not_after=tuple(f.get("chinese_small_count_not_after", [])),
        small_count_nouns=tuple(f.get("chinese_small_count_nouns", [])),
        money_cues=re.compile(_alternation(money)) if money else None,
        big_units="".join(k for k, v in multipliers.items() if v >= 10000),
        bare_next=re.compile(f["bare_amount_next"]),
        unit_initials=frozenset(w[0] for w in list(units) + list(classifiers)),
        foreign_currencies=tuple(f.get("foreign_currencies", [])),
        money_window=int(f.get("money_cue_window", 10)),
        dangling_lines=int(f.get("dangling_unit_lines", 0)),
        metric_cues=re.compile(_alternation(cues)) if cues else None,
        metric_strip=frozenset(f.get("metric_strip", [])),
        metric_cut_after=tuple(sorted(f.get("metric_cut_after", []), key=len, reverse=True)),
        metric_trim_suffixes=tuple(sorted(f.get("metric_trim_suffixes", []), key=len, reverse=True)),
        metric_aliases={str(k): str(v) for k, v in (f.get("metric_aliases") or {}).items()},
        count_label_cues={str(k): str(v) for k, v in (f.get("count_label_cues") or {}).items()},
        growth_labels=frozenset(f.get("growth_labels", [])),
        count_nouns=frozenset(f.get("count_noun_cues", [])),
        period_suffixes=suffixes,
        period_suffix_re=re.compile(_alternation(suffixes)) if suffixes else None,
        early_relative_years={str(k): int(v) for k, v in (f.get("early_relative_years") or {}).items()},
        early_months=int(f.get("early_months", 0)),
        relative_years=relative, relative_re=re.compile(_alternation(relative)) if relative else None,
        period_carry_any=bool(f.get("period_carry_in_paragraph", False)),
        period_carry_suffix=bool(f.get("period_carry_suffix", False)),
        year_only_words=tuple(f.get("period_year_only_words", [])),
        event_day_re=re.compile(f["event_day_pattern"]) if f.get("event_day_pattern") else None,
        event_cues_re=re.compile(_alternation(f["event_cues"])) if f.get("event_cues") else None,
        event_date_words_re=(re.compile(_alternation(f["event_date_words"])) if f.get("event_date_words")
                             else None),
        event_refs_re=re.compile(_alternation(f["event_refs"])) if f.get("event_refs") else None,
        event_sentence_end=str(f.get("event_sentence_end", "\n")),
        event_not_with=tuple(f.get("event_not_with", [])),
        build_after=re.compile(f["build_after_pattern"]) if f.get("build_after_pattern") else None,
        period_open_re=re.compile(f["period_open_pattern"]) if f.get("period_open_pattern") else None,
        name_year_re=re.compile(f["name_year_pattern"]) if f.get("name_year_pattern") else None,
        own_openers=tuple(f.get("period_own_openers", [])),
        attribute_joiners=tuple(f.get("attribute_joiners", [])),
        attribute_reach=int(f.get("attribute_reach", 6)),
        investor_clause=re.compile(f["investor_clause_pattern"]) if f.get("investor_clause_pattern") else None,
        region_actor_next=tuple(f.get("region_actor_next", [])),
        past_years_re=re.compile(f["past_years_pattern"]) if f.get("past_years_pattern") else None,
        lead_opener=re.compile(f["lead_opener_pattern"]) if f.get("lead_opener_pattern") else None,
        lead_sentences=int(f.get("lead_sentences", 3)),
        short_form_endings=tuple(f.get("region_short_form_endings", [])),
        amount_joiners=tuple(f.get("bare_amount_joiners", [])),
        list_joiner_re=re.compile(f["list_joiner_pattern"]) if f.get("list_joiner_pattern") else None,
        list_item_max=int(f.get("list_item_max", 12)),
        label_conjunctions=tuple(f.get("metric_label_conjunctions", [])),
        period_own_types=frozenset(f.get("period_own_types", [])),
        year_from_text=bool(f.get("article_year_from_text", True)),
        period_from_title=bool(f.get("period_from_title", False)),
        year_not_period=[re.compile(x) for x in f.get("year_not_period", [])],
        relative_not_after=tuple(f.get("relative_not_after", [])),
        compare_after=tuple(f.get("period_compare_after", [])),
        so_far_words=frozenset(f.get("so_far_words", [])),
        compare_base_gap=re.compile(f.get("compare_base_gap", "(?!)")),
        clause_relative=frozenset(f.get("clause_relative_years", [])),
        plan_cues=tuple(f.get("period_plan_cues", [])),
        month_patterns=[re.compile(x) for x in f.get("month_patterns", [])],
        subject_types=frozenset(f.get("subject_types", ["Region", "Project", "Policy", "Organization",
                                                        "Company"])),
        region_skip=frozenset(f.get("subject_region_skip", [])),
        region_skip_opening=bool(f.get("subject_region_opening", False)),
        foreign_places=tuple(f.get("foreign_place_rules", [])),
        non_subject_before=tuple(f.get("non_subject_before", [])),
        member_classifiers=frozenset(f.get("member_classifiers", [])),
        paragraph_types=tuple(f.get("paragraph_topic_types", [])),
        paragraph_window=int(f.get("paragraph_topic_window", 6)),
        anaphora=anaphora,
        anaphora_re=re.compile(_alternation({**anaphora, **level_anaphora})) if anaphora or level_anaphora else None,
        level_anaphora=level_anaphora,
        carry_openers=tuple(f.get("subject_carry_openers", [])),
        dateline_after=re.compile(f["dateline_after_pattern"]) if f.get("dateline_after_pattern") else None,
        respectively_re=(re.compile(_alternation(f["respectively_cues"])) if f.get("respectively_cues") else None),
        respectively_types=frozenset(f.get("respectively_types", [])),
        count_heads=re.compile(_alternation(f["count_head_nouns"])) if f.get("count_head_nouns") else None,
        count_head_window=int(f.get("count_head_window", 10)),
        label_verbs=tuple(f.get("metric_label_verbs", [])),
        object_ends=tuple(f.get("metric_object_ends", [])),
        respectively_stop=str(f.get("respectively_stop", "")),
        year_range_re=re.compile(f["year_range_pattern"]) if f.get("year_range_pattern") else None,
        plan_period_re=re.compile(f["plan_period_pattern"]) if f.get("plan_period_pattern") else None,
        plan_period_base=int(f.get("plan_period_base", 0)),
        since_words=tuple(f.get("period_since_words", [])),
        sentence_anaphora={str(k): str(v) for k, v in (f.get("sentence_anaphora") or {}).items()},
        anaphora_window=int(f.get("anaphora_window", 400)),
        clause_anaphora_next=tuple(f.get("clause_anaphora_next", [])),
        non_subject_after=tuple(f.get("non_subject_after", [])),
        policy_issue_verbs=tuple(f.get("policy_issue_verbs", [])),
        policy_scope_suffixes=tuple(f.get("policy_scope_suffixes", [])),
        beneficiary_before=tuple(f.get("beneficiary_before", [])),
        object_verbs=tuple(f.get("object_verbs", [])),
        region_clause_cues=tuple(f.get("region_clause_cues", [])),
    )


# ---- finding quantities -------------------------------------------------------------------

def _number(c: FigureRules, text: str) -> int | float | None:
    """parse_number with the rule pack's multipliers, memoised (the same numerals recur)."""
    memo = c.numbers
    if text in memo:
        return memo[text]
    if len(memo) > _MEMO_MAX:
        memo.clear()
    value = parse_number(text, c.multipliers)
    if value is not None and not figure_value_ok(value):
        value = None                           # 10^309, 九千万亿亿亿…: no figure (see FIGURE_MAX)
    memo[text] = value
    return value


def _value(c: FigureRules, m: re.Match) -> int | float | None:
    return _number(c, m.group("num") + m.group("mult"))


def _scale(value, factor):
    v = value * factor
    if isinstance(v, float) and v.is_integer() and abs(v) < 2 ** 53:
        return int(v)
    return round(v, 6) if isinstance(v, float) else v


def _excluded(c: FigureRules, text: str, start: int, end: int, unit: str) -> bool:
    before, after = text[max(0, start - 8):start], text[end:end + 12]
    if any(p.search(before) for p in c.exclude_before):
        return True
    if any(p.search(after) for p in c.exclude_after):
        return True
    return any(p.search(after) for p in c.exclude_after_unit.get(unit, ()))


def _digit_by_digit(numeral: str) -> bool:
    """一一, 二〇二一: digit-by-digit readings are codes or years, never quantities."""
    return len(numeral) > 1 and all(ch in DIGITS for ch in numeral)


def _is_chinese(c: FigureRules, numeral: str) -> bool:
    return numeral[:1] in c.numerals


def _small_count(c: FigureRules, text: str, m: re.Match, word: str, value) -> bool:
    """新增总部企业两家, 五个环节: a small Chinese count with a plain classifier, outside quotes
    (“四个服务”, “三个一批” are slogans)."""
    if word not in c.small_count_words or value < 2 or m.group("a1") or m.group("a2"):
        return False
    before = text[max(0, m.start() - 1):m.start()]
    if before in c.quote_open or text.count("“", 0, m.start()) > text.count("”", 0, m.start()):
        return False
    # 这三个字, 围绕五个千亿元级产业集群: demonstratives and category counts are words
    if text[:m.start()].endswith(c.small_count_not_after):
        return False
    # 企业两家。/ 两家企业 / 五个环节: only at a clause end or before a concrete counted noun (not 四个服务)
    after = text[m.end():m.end() + 4]
    return not after or after[0] in c.clause_end or after.startswith(c.small_count_nouns)


def find_quantities(text: str, rules: FigureRules, offset: int = 0) -> list[_Quantity]:
    """Quantities with a unit or classifier in `text` (one sentence), exclusions applied."""
    return [q for q, bad in _scan(rules, text, offset) if not bad]


def _scan(c: FigureRules, text: str, offset: int) -> list[tuple[_Quantity, bool]]:
    """Every quantity with a unit word, and whether an exclusion rules it out."""
    found: list[tuple[_Quantity, bool]] = []       # (quantity, excluded)
    units, not_units, numbers = c.units, c.not_units, c.numbers
    for m in c.quantity.finditer(text):
        numeral, mult, word = m.group("num", "mult", "unit")
        value = numbers[numeral + mult] if numeral + mult in numbers else _number(c, numeral + mult)
        if value is None:
            continue
        chinese = numeral[:1] in c.numerals
        start, end = m.span()
        if word in not_units:
            found.append((_Quantity(start + offset, end + offset, value, "", word, chinese, numeral), True))
            continue
        spec = units.get(word)
        if spec is not None:
            unit, factor = spec
            value = _scale(value, factor)
            if not figure_value_ok(value):
                continue
        else:
            unit = "count"
        bad = value <= 0 or _excluded(c, text, start, end, unit)
        if chinese and (_digit_by_digit(numeral)
                        or unit != "percent" and value < c.chinese_count_min
                        and not _small_count(c, text, m, word, value)
                        or unit == "count" and numeral.startswith(c.bare_leads)):
            bad = True                          # 一家, 两条, 一元化, 千家万户: words, not figures
        found.append((_Quantity(start + offset, end + offset, value, unit, word, chinese, numeral), bad))
    if c.percent_prefix is not None:
        taken = None
        for m in c.percent_prefix.finditer(text):
            s, e = m.start() + offset, m.end() + offset
            if taken is None:
                taken = [(q.start, q.end) for q, _ in found]
            value = _number(c, m.group("num"))
            if value is None or any(s < te and ts < e for ts, te in taken):
                continue
            found.append((_Quantity(s, e, value, "percent", "", _is_chinese(c, m.group("num")), m.group("num")),
                          _excluded(c, text, m.start(), m.end(), "percent")))
    if len(found) > 1:
        found.sort(key=lambda x: x[0].start)
        _propagate_ranges(c, text, offset, found)
    return found


def _propagate_ranges(c: FigureRules, text: str, offset: int, found: list) -> None:
    """5亿元至10亿元项目: when a range's end is a category threshold, its start is one too."""
    for i in range(len(found) - 1, 0, -1):
        (a, _), (b, b_bad) = found[i - 1], found[i]
        gap = text[a.end - offset:b.start - offset]
        if b_bad and gap in c.range_connectors:
            found[i - 1] = (a, True)


def _bare_amounts(c: FigureRules, doc: Document, sent: Sentence, scanned: list[tuple[_Quantity, bool]],
                  cl: Clauses) -> list[_Quantity]:
    """Amounts with no unit: 总投资20亿 (money cue before, 万/亿 multiplier) and numbers cut off
    at a line end whose unit starts a following line (9248.78 / caption / 万元). `scanned`: the
    sentence's quantities with a unit (excluded or not); no bare amount starts inside one."""
    out = []
    text = sent.text
    if c.money_cues is None or not c.money_cues.search(text):
        return out                              # every bare amount needs a money cue before it
    taken = None
    for m in c.bare.finditer(text):
        s, e = m.start() + sent.start, m.end() + sent.start
        if taken is None:
            taken = {i for q, _ in scanned for i in range(q.start, q.end)}
        if s in taken:
            continue
        after = doc.text[e:e + 1]
        if after and (after.isdigit() or after in c.unit_initials or not c.bare_next.match(doc.text, e)):
            continue                            # 100万千瓦, 20亿美元: some other unit follows
        clause = doc.text[cl.start(s, sent.start):s]
        listed = bool(out) and doc.text[out[-1].end:s] in c.amount_joiners   # 资金40.7亿、39.05亿、27亿和…
        if not listed and (c.money_cues is None or not c.money_cues.search(clause[-c.money_window:])):
            continue
        if _excluded(c, text, m.start(), m.end(), "CNY") or doc.text.startswith(c.foreign_currencies, e):
            continue
        numeral = m.group("num")
        if (m.group("mult") or numeral)[-1:] in c.big_units and (m.group("mult") or _is_chinese(c, numeral)):
            value = _value(c, m)
            if value:
                out.append(_Quantity(s, e, value, "CNY", "", _is_chinese(c, numeral), numeral))
            continue
        # a number cut off at the end of its line: look for the unit on the next lines
        if e == sent.end and (e == len(doc.text) or doc.text[e] in "\r\n") and c.dangling_lines:
            q = _dangling(c, doc, m, s, e)
            if q is not None:
                out.append(q)
    return out


def _dangling(c: FigureRules, doc: Document, m: re.Match, s: int, e: int) -> _Quantity | None:
    pos, seen = e, 0
    while seen < c.dangling_lines and pos < len(doc.text):
        nl = doc.text.find("\n", pos + 1)
        line_start, line_end = pos + 1, (len(doc.text) if nl < 0 else nl)
        line = doc.text[line_start:line_end]
        pos = line_end
        if not line.strip():
            continue
        seen += 1
        lm = c.line_unit.match(line)
        if lm:
            unit, factor = c.units[lm.group("unit")]
            value = _number(c, m.group("num") + m.group("mult") + lm.group("mult"))
            if value and figure_value_ok(_scale(value, factor)):
                return _Quantity(s, e, _scale(value, factor), unit, lm.group("unit"), False, m.group("num"),
                                 line_start + lm.start("mult"))
            return None
    return None


# ---- labels: metric and period ------------------------------------------------------------

class Clauses:
    """The clauses of one text: where each clause-ending character (rules.clause_end) is, found in one
    scan on first use (instead of a walk back per question). One per document and call."""
    __slots__ = ("text", "_pattern", "_ends")

    def __init__(self, text: str, rules: FigureRules):
        self.text, self._pattern, self._ends = text, rules.clause_end_re, None

    def start(self, pos: int, floor: int) -> int:
        """Start of the clause holding pos: after the last clause end before pos, but not before floor."""
        if pos <= floor:
            return pos
        if self._ends is None:
            self._ends = [m.start() for m in self._pattern.finditer(self.text)]
        i = bisect_left(self._ends, pos) - 1
        return floor if i < 0 else max(floor, self._ends[i] + 1)


_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z0-9.“”‘’\"]+")
_LABEL_MAX = 10


def _words(c: FigureRules, text: str) -> list[str]:
    # the label's own substring is cut, never the document's tokens: a substring cuts differently at its edges
    return [t.text for t in c.seg.tokenize(text)]


def _strip_words(words: list[str], strip: frozenset) -> list[str]:
    while words and words[0] in strip:
        words = words[1:]
    while words and words[-1] in strip:
        words = words[:-1]
    return words


def _tail_label(c: FigureRules, text: str, lo: int, hi: int) -> str:
    """The words right before a number, as a label: 新增国家高新技术企业62户 -> 国家高新技术企业."""
    span = text[max(lo, hi - 2 * _LABEL_MAX):hi].split(c.attributive_mark)[-1]
    if not span or span.endswith(c.label_list_end):
        return ""                               # X、Y等N户: the words are the listed members
    if c.list_closer in span and len(span.rsplit(c.list_closer, 1)[1]) >= 2:
        span = span.rsplit(c.list_closer, 1)[1]  # X等众创空间68家: the counted noun follows 等
    span = _cut_after(c, span)
    out: list[str] = []
    for w in reversed(_words(c, span)):
        if not _WORD.fullmatch(w) or len(w) + sum(map(len, out)) > _LABEL_MAX:
            break
        out.insert(0, w)
    label = "".join(_strip_words(out, c.metric_strip))
    close = label.find("”")
    if close >= 0 and not 0 <= label.find("“") < close:
        label = label[close + 1:]               # 政企银担”融资对接会: half a quotation is no label
    if label.count("“") > label.count("”"):
        label = label[:label.rfind("“")]
    if label.endswith(c.metric_trim_suffixes):
        for suffix in c.metric_trim_suffixes:      # 办结率达 -> 办结率 (jieba may glue 达 to the noun)
            if label.endswith(suffix) and len(label) - len(suffix) >= 2:
                label = label[:-len(suffix)]
                break
    return label if len(label) >= 2 else ""


def _cut_after(c: FigureRules, span: str) -> str:
    """建成后可新增标准机柜 -> 新增标准机柜: drop a leading 'after X, will/can' phrase."""
    best = -1
    for w in c.metric_cut_after:
        i = span.rfind(w)
        if i >= 0 and len(span) - (i + len(w)) >= 2:
            best = max(best, i + len(w))
    return span[best:] if best >= 0 else span


def _head_noun_after(c: FigureRules, text: str, pos: int, end: int) -> str:
    """The counted noun phrase right after a classifier, up to its head noun: 集中开工265个重大项目 ->
    重大项目, 16个亿元以上项目集中开工 -> 亿元以上项目; "" when no head noun follows in the clause."""
    window = text[pos:min(end, pos + c.count_head_window)]
    cut = c.clause_end_re.search(window)
    window = window[:cut.start()] if cut else window
    hit = c.count_heads.search(window) if c.count_heads is not None else None
    if hit is None or not _WORD.fullmatch(window[:hit.end()]):
        return ""
    return window[:hit.end()]


def _object_after(c: FigureRules, text: str, pos: int, end: int) -> str:
    """What a verb before a quantity acts on, named after it: 全力推进60万平方米标准厂房建设 -> 标准厂房
    (the words after the quantity up to one of rules.object_ends, within the clause); "" if none."""
    window = text[pos:min(end, pos + c.count_head_window)]
    cut = c.clause_end_re.search(window)
    window = window[:cut.start()] if cut else window
    stops = [i for i in (window.find(w) for w in c.object_ends) if i >= 2]
    # (with no stop word, the rest of a clause that ends within reach: 新建8.2万平方米厂房。)
    label = window[:min(stops)] if stops else (window if cut else "")
    label = label[len(c.attributive_mark):] if label.startswith(c.attributive_mark) else label  # …平方米的X楼宇
    return label if len(label) >= 2 and _WORD.fullmatch(label) else ""


def _noun_after(c: FigureRules, text: str, pos: int, end: int) -> str:
    """The counted noun right after a classifier: 60位企业家 -> 企业家."""
    words = _words(c, text[pos:min(end, pos + 8)])
    if words and len(words[0]) >= 2 and _WORD.fullmatch(words[0]) and words[0] not in c.metric_strip:
        return words[0]
    return ""


def _metric(c: FigureRules, doc: Document, sent: Sentence, q: _Quantity, prev_end: int,
            mention_ends: list[int], prev_label: str | None, cl: Clauses) -> str:
    label = _raw_metric(c, doc, sent, q, prev_end, mention_ends, prev_label, cl)
    # 年产@CNY: 年产值 — an alias may hold for one unit only
    return c.metric_aliases.get(f"{label}@{q.unit}", c.metric_aliases.get(label, label))


def _growth_of(c: FigureRules, text: str, clause_from: int, cue_start: int, prev_label: str | None) -> str:
    """What a growth rate is of: a metric cue earlier in its clause (固定资产投资同比增长9.6%), else the
    sentence's previous figure (实现地区生产总值812.4亿元，同比增长8.7%)."""
    hits = [h for h in c.metric_cues.finditer(text, clause_from, cue_start) if h.group() not in c.growth_labels]
    if hits:
        h = max(hits, key=lambda h: (h.end(), len(h.group())))
        if h.end() == cue_start or text[h.end():cue_start] in c.growth_gap_words:
            return c.metric_aliases.get(h.group(), h.group())
    if (prev_label and prev_label not in c.growth_labels
            and text[clause_from:cue_start].strip(c.growth_prefix + " ") == ""):
        return prev_label
    return ""


def _raw_metric(c: FigureRules, doc: Document, sent: Sentence, q: _Quantity, prev_end: int,
                mention_ends: list[int], prev_label: str | None, cl: Clauses) -> str:
    text = doc.text
    clause_from = cl.start(q.start, sent.start)
    # labels stop at the subject's name and at the previous figure
    lo = max([clause_from, prev_end] + [e for e in mention_ends if clause_from <= e <= q.start])
    label = ""
    if q.unit != "count" and c.metric_cues is not None:
        first = max(clause_from, prev_end)
        for start in ((first, clause_from) if first != clause_from else (first,)):
            hits = list(c.metric_cues.finditer(text, start, q.start))
            if hits:
                best = max(hits, key=lambda h: (h.end(), len(h.group())))
                label = best.group()
                if label in c.growth_prefixed and c.growth_prefix in text[start:q.start]:
                    label = c.growth_prefix + label
                if label in c.growth_labels and q.unit == "percent":
                    n = len(c.growth_prefix)
                    cue_start = best.start() - (n if text[best.start() - n:best.start()] == c.growth_prefix else 0)
                    label = _growth_of(c, text, clause_from, cue_start, prev_label) + label
                break
    if label in c.count_nouns:
        label = ""                              # 单个企业最高1500万元: 企业 names no amount
    if not label:
        label = _tail_label(c, text, lo, q.start)
        if label.endswith(c.label_verbs):
            # 全力推进60万平方米标准厂房建设: a verb names nothing measured; what it acts on does
            label = _object_after(c, text, q.end, sent.end) or ""
    if q.unit == "count":
        for cue, name in c.count_label_cues.items():
            if text.endswith(cue, 0, q.start):
                return name                     # 年产5000台: a capacity
    if q.unit == "count":
        # 集中开工265个重大项目: the counted noun phrase after the classifier names what is counted
        label = _head_noun_after(c, text, q.end, sent.end) or label
    if q.unit == "count" and (len(label) <= 2 or label.endswith(c.label_conjunctions)):
        # a bare verb before the number (确保100个…, 具有6个…), or the other half of a pair (主会场以及13个
        # 分会场): the counted noun says more
        label = _noun_after(c, text, q.end, sent.end) or ("" if label.endswith(c.label_conjunctions) else label)
    if not label:
        after = text[q.end:q.end + 4]
        label = c.growth_label if after.startswith(c.growth_after) else c.default_labels[q.unit]
    if q.unit == "count" and not label.endswith(c.count_label_endings):
        label += c.count_label_suffix
    return label


def _doc_year(c: FigureRules, doc: Document) -> int | None:
    if doc.date:
        m = re.match(r"\s*((?:19|20)\d{2})", doc.date)
        if m:
            return int(m.group(1))
    m = c.date_re.search(doc.text[:400]) or (c.date_re.search(doc.title) if doc.title else None)
    if m:
        return int(m.group(1))
    if c.year_from_text:
        years = Counter(int(y) for y in c.year_re.findall(doc.text))
        if c.name_year_re is not None:      # 2021东山-北江经贸洽谈周: an event named by its year
            years.update(int(y) for y in c.name_year_re.findall(doc.text))
        if years:
            return max(years, key=lambda y: (years[y], y))
    return None


class Periods(NamedTuple):
    """The period words of one document, found in one scan each and sorted by start: written years
    [(start, end, year)], relative years [(start, end, offset)] (今年: 0) and period words
    [(start, end, suffix)] (上半年: H1, 1至8月: 01/08). Years and words that are completion dates
    (2026年末交付) and comparison bases (较去年, 去年同期) are left out of those; the bases
    [(start, end, year or None, offset)] and the clause-bound relative years [(start, end, offset)]
    (年度计划投资) are kept apart."""
    years: list
    relative: list
    words: list
    starts: tuple[list, list, list]
    bases: list
    local: list
    so_far: list                    # [start] of the relative words meaning "the year so far" (截至目前)
    local_starts: list
    refs: list = []                 # [(start, end, period, "event")]: words naming the article's event (此次…)
    ref_starts: list = []


def _month_suffix(c: FigureRules, m: re.Match) -> str | None:
    """01/08 for a month range (1至8月, 到4月底, 前11个月), 05 for a single month (5月10日)."""
    groups = m.groupdict()

    def month(numeral):
        value = _number(c, numeral) if numeral else None
        return value if isinstance(value, int) else 0

    last = month(groups.get("m2") or groups.get("m"))
    first = month(groups["m1"]) if groups.get("m1") else (1 if "m2" in groups else last)
    if not 1 <= first <= last <= 12:
        return None
    return f"{first:02d}" if first == last and "m2" not in groups else f"{first:02d}/{last:02d}"


def _relative_offsets(c: FigureRules, doc: Document) -> dict[str, int]:
    """The relative years' offsets for this article: in one dated early in the year (a January review
    of the year before), 全年 is last year."""
    m = re.match(r"\s*(?:19|20)\d{2}-(\d{1,2})", doc.date or "")
    if m and int(m.group(1)) <= c.early_months:
        return {**c.relative_years, **c.early_relative_years}
    return c.relative_years


def period_index(c: FigureRules, text: str, offsets: dict[str, int] | None = None,
                 doc_year: int | None = None, events: bool = False, doc_date: str | None = None) -> Periods:
    """The document's period words (see Periods); `offsets`: the relative years' (_relative_offsets);
    `doc_year`: the article's year, where a year "since" (2017年以来) runs to; `events`: also the day
    of a dated event (9月2日，X集中签约…: its month) and the words that refer back to the article's
    event (此次, 当天: the first dated event's period); `doc_date`: the article's date, whose month a
    day written alone (28日，X集中开工) is in, or the month before when the day is later."""
    offsets = c.relative_years if offsets is None else offsets

    def planned(m):     # 计划2026年末交付, 预计今年三季度建成, 2026年三季度建成投产: a completion date, not a period
        return (text[max(0, m.start() - 4):m.start()].endswith(c.plan_cues)
                or any(p.match(text, m.end()) for p in c.year_not_period))

    def compared(m):    # 较去年, 比2019年同期, 在去年同期…基础上: what a figure is compared with
        return (text[max(0, m.start() - 6):m.start()].endswith(c.relative_not_after)
                or text.startswith(c.compare_after, m.end()))

    years, bases, words = [], [], []
    for m in c.year_re.finditer(text):
        if not planned(m):
            if compared(m):
                bases.append((m.start(), m.end(), int(m.group(1)), 0))
            else:
                years.append((m.start(), m.end(), int(m.group(1))))
                since = next((w for w in c.since_words if text.startswith(w, m.end())), None)
                if since and doc_year is not None and int(m.group(1)) < doc_year:
                    # 2017年以来: from that year to the article's
                    words.append((m.start(), m.end() + len(since), f"{m.group(1)}/{doc_year}"))
    relative, local, so_far = [], [], []
    if c.relative_re is not None:
        year_spans = [(s, e) for s, e, _ in years]
        for m in c.relative_re.finditer(text):
            if planned(m) or any(s < m.end() and m.start() < e for s, e in year_spans[
                    max(0, bisect_left(year_spans, (m.start() - 8,))):bisect_left(year_spans, (m.end(),))]):
                continue                # 2014年度: the written year, not 年度 (this year)
            hit = (m.start(), m.end(), offsets[m.group()])
            if m.group() in c.so_far_words:
                so_far.append(m.start())
            if compared(m):
                bases.append((hit[0], hit[1], None, hit[2]))
            elif m.group() in c.clause_relative:
                local.append(hit)
            else:
                relative.append(hit)
    for pattern in c.month_patterns:
        for m in pattern.finditer(text):
            suffix = _month_suffix(c, m)
            if suffix is not None and not planned(m):
                words.append((m.start(), m.end(), suffix))
    if c.period_suffix_re is not None:
        words += [(m.start(), m.end(), c.period_suffixes[m.group()]) for m in c.period_suffix_re.finditer(text)
                  if not planned(m)]
    if c.plan_period_re is not None:
        # “十四五”期间: the N-th five-year plan, a whole period of its own (2021/2025)
        for m in c.plan_period_re.finditer(text):
            n = _number(c, m.group("n"))
            if isinstance(n, int) and n > 0:
                first = c.plan_period_base + 5 * n
                words.append((m.start(), m.end(), f"{first}/{first + 4}"))
    if c.past_years_re is not None and doc_year is not None:
        # 过去的5年 in a 2011 article: 2006/2010, the years just ended (it carries on like an event's period)
        for m in c.past_years_re.finditer(text):
            n = _number(c, m.group("n"))
            if isinstance(n, int) and 1 < n <= 30:
                words.append((m.start(), m.end(), f"{doc_year - n}/{doc_year - 1}", "span"))
    event_days = _event_days(c, text, years, planned, doc_date) if events else []
    words += [(s, e, suffix) for s, e, suffix, _ in event_days if suffix]
    # a word inside a longer one (1-9月 inside 今年1-9月份) is that one
    words.sort(key=lambda h: (h[0], -h[1]))
    kept: list = []
    for h in words:
        if kept and h[0] < kept[-1][1]:
            continue
        kept.append(h)
    idx = Periods(years, relative, kept, tuple([h[0] for h in hs] for hs in (years, relative, kept)),
                  sorted(bases, key=lambda h: (h[0], h[1])), local, so_far, [h[0] for h in local])
    if not events or c.event_refs_re is None:
        return idx
    dated = _event_sentence(c, text, event_days)
    period = _span_period(c, idx, dated[0], dated[1], doc_year) if dated else None
    if period is not None and period[0] is None and not _whole(period[1]):
        period = (_last_year(idx, 0, dated[0]) or doc_year, period[1])
    if period is None or period[0] is None and not _whole(period[1]):
        return idx
    named = _format_period(*period)
    refs = [(m.start(), m.end(), named, "event") for m in c.event_refs_re.finditer(text, dated[0])]
    return idx._replace(refs=refs, ref_starts=[h[0] for h in refs])


def _sentence_bounds(c: FigureRules, text: str, pos: int) -> tuple[int, int]:
    start = max(text.rfind(ch, 0, pos) for ch in c.event_sentence_end) + 1
    ends = [i for i in (text.find(ch, pos) for ch in c.event_sentence_end) if i >= 0]
    return start, (min(ends) + 1 if ends else len(text))


def _day_only_month(c: FigureRules, m: re.Match, doc_date: str | None) -> int | None:
    """The month of a day written alone (28日): the article's, or the one before when the day is later
    than the article's (None in January then, and without a full date)."""
    dated = re.match(r"\s*(?:19|20)\d{2}-(\d{1,2})-(\d{1,2})", doc_date or "")
    day = _number(c, m.group("d"))
    if dated is None or not isinstance(day, int):
        return None
    month = int(dated.group(1)) - (day > int(dated.group(2)))
    return month if month >= 1 else None


def _event_days(c: FigureRules, text: str, years: list, planned, doc_date: str | None = None) -> list:
    """(start, end, month, sentence start) of each day of a dated event (9月2日，X集中签约…): a day in a
    sentence naming an event (rules.event_cues), not a completion date; its month is None when a year is
    written after it in its sentence (11月14日，2019年X集中开工活动举行: the period the event names)."""
    out = []
    if c.event_day_re is None or c.event_cues_re is None:
        return out
    for m in c.event_day_re.finditer(text):
        lo, hi = _sentence_bounds(c, text, m.start())
        if planned(m) or not c.event_cues_re.search(text, lo, hi) or any(
                w in text[lo:hi] for w in c.event_not_with):
            continue
        month = _number(c, m.group("m")) if m.group("m") else _day_only_month(c, m, doc_date)
        if isinstance(month, int) and 1 <= month <= 12:
            # (a day written alone goes with any year of its sentence: 2023年X签约活动4日举行 is 2023's)
            named = any((m.end() if m.group("m") else lo) <= y[0] < hi for y in years)
            out.append((m.start(), m.end(), None if named else f"{month:02d}", lo))
    return out


def _event_sentence(c: FigureRules, text: str, event_days: list) -> tuple[int, int] | None:
    """The first sentence naming a dated event: with an event day, or with an event cue and a word that
    dates it (近日, 当天…) — (start, end), or None."""
    first = min((d[3] for d in event_days), default=None)
    if c.event_date_words_re is not None and c.event_cues_re is not None:
        for m in c.event_date_words_re.finditer(text, 0, len(text) if first is None else first):
            lo, hi = _sentence_bounds(c, text, m.start())
            if c.event_cues_re.search(text, lo, hi):
                first = lo
                break
    return None if first is None else _sentence_bounds(c, text, first)


def _within(hits: list, starts: list, lo: int, hi: int) -> list:
    return [h for h in hits[bisect_left(starts, lo):bisect_left(starts, hi)] if h[1] <= hi]


def _span_hits(c: FigureRules, idx: Periods, lo: int, hi: int, doc_year: int | None,
               refs: bool = False, first: bool = False) -> tuple | None:
    """The last year hit (start, end, year: written, or relative to the article's year) and the last
    period word hit (start, end, suffix) in text[lo:hi], each None when there is none; None for neither.
    `refs`: words referring to the article's event count as period words (their event's period)."""
    years = _within(idx.years, idx.starts[0], lo, hi)
    if doc_year is not None:
        years += [(s, e, doc_year + k) for s, e, k in _within(idx.relative, idx.starts[1], lo, hi)]
    words = _within(idx.words, idx.starts[2], lo, hi)
    if refs and idx.refs:
        words += _within(idx.refs, idx.ref_starts, lo, hi)
    if not years and not words:
        return None
    # (`first`: the nearest year after a figure: 4个，2022年收官，为2023年开局 — 2022's)
    return ((min if first else max)(years, key=lambda h: h[0] if first else h[1]) if years else None,
            max(words, key=lambda h: (h[1], h[1] - h[0])) if words else None)


def _span_period(c: FigureRules, idx: Periods, lo: int, hi: int, doc_year: int | None,
                 refs: bool = False, first: bool = False) -> tuple | None:
    """(year or None, suffix or None) of the period words in text[lo:hi]: the last year (written, or
    relative to the article's year; `first`: the first), the last period word; None when there is
    neither."""
    hits = _span_hits(c, idx, lo, hi, doc_year, refs, first)
    if hits is None:
        return None
    year, word = hits
    return (year[2] if year else None), (word[2] if word else None)


def _base_year(c: FigureRules, idx: Periods, text: str, pos: int, doc_year: int | None) -> int | None:
    """The year of a comparison base right before `pos` (去年同期15.2%: the figure is the base's own
    value), or None; a figure further on (…基础上增长20.1%) is compared with it, not of it."""
    i = bisect_left(idx.bases, (pos,)) - 1
    if i < 0:
        return None
    s, e, year, offset = idx.bases[i]
    if not c.compare_base_gap.fullmatch(text, e, pos):
        return None
    return year if year is not None else (doc_year + offset if doc_year is not None else None)


def _last_year(idx: Periods, lo: int, hi: int) -> int | None:
    years = _within(idx.years, idx.starts[0], lo, hi)
    return years[-1][2] if years else None


def _whole(suffix: str | None) -> bool:
    """A period word that is a whole period by itself (2021/2025), not a part of a year (H1, 01/08)."""
    return bool(suffix) and _YEAR_FIRST.match(suffix) is not None


def _format_period(year: int | None, suffix: str | None) -> str:
    if _whole(suffix):
        return suffix
    if not suffix:
        return str(year)
    return "/".join(f"{year}-{part}" for part in suffix.split("/"))


def title_period(c: FigureRules, doc: Document, doc_year: int | None) -> tuple | None:
    """The period the article's title names (福山一季度集中开工…, 2021年省重点项目1-9月进展), or None."""
    if not c.period_from_title or not doc.title:
        return None
    found = _span_period(c, period_index(c, doc.title, _relative_offsets(c, doc)), 0, len(doc.title), doc_year)
    # (a plan period in a title, 浙江“十四五”时期首批项目开工, is the plan's, not every figure's)
    return None if found is None or _whole(found[1]) else found


def _period(c: FigureRules, doc: Document, sent: Sentence, q: _Quantity, doc_year: int | None,
            idx: Periods, newlines: list[int], subject: Mention | None, titled: tuple | None = None,
            clause_from: int | None = None, prev_end: int | None = None,
            prev_subject: Mention | None = None) -> str | None:
    """The figure's period: the period words of its sentence before it (a comparison base right before
    it: the base's year, 去年同期15.2%; a clause-bound 年度 before it in its clause: this year); else, not
    for a project's own figures (its investment and size hold for no period, whatever its completion
    date): those of the whole sentence, else the paragraph's before the sentence (after a ； all of it;
    after a full stop its year, with the title's quarter or half when the title names one), else those
    of the article's title. A period word without a year takes the paragraph's last written year before
    it, else the article's year. (An amount written onto its project, or a project's figure after one of
    another subject, `prev_subject`, takes none from before the sentence's previous figure, `prev_end`:
    今年签约项目12个，其中8亿元的X项目 — the year is the count's.)"""
    text = doc.text
    clause_from = sent.start if clause_from is None else clause_from
    if c.period_open_re is not None:
        opened = [m.end() for m in c.period_open_re.finditer(text, sent.start, q.start)]
        if opened and _span_hits(c, idx, opened[-1], q.start, doc_year) is None:
            return None     # 两区融合以来新签约项目109个: an open span, no period
    own = subject is not None and subject.type in c.period_own_types or any(
        w in text[sent.start:q.start] for w in c.own_openers)      # 该批项目总投资6.6亿元: the projects' own
    if own and subject is not None and subject.start <= q.start and q.end <= subject.end:
        return None         # 2015年，X集团80万吨板材工程投产: a capacity in a project's name holds for no period
    # (an amount written onto its project, 8亿元的X项目 or 年产5万吨X项目, is its size, whatever was said before
    # it; so is a project's figure after one about something else: 今年开工项目30个，其中X项目投资8亿元)
    cut = own and subject is not None and (subject.start >= q.end or subject.start <= q.start < subject.end
                                           or prev_subject is not None and prev_subject.key != subject.key)
    found = _span_period(c, idx, max(sent.start, prev_end or 0) if cut else sent.start, q.start, doc_year,
                         refs=not own)
    base = _base_year(c, idx, text, q.start, doc_year)
    if base is not None:
        found = (base, found[1] if found else None)      # 去年同期15.2%: the base's own value
    elif (found is None or found[0] is None) and doc_year is not None and _within(
            idx.local, idx.local_starts, clause_from, q.start):
        # 年度计划投资457亿元: this year's plan (the year's, even in a quarter's event: 这次…年度计划投资)
        found = (doc_year, found[1] if found and not _whole(found[1]) else None)
    if found is None and not own:
        found = _span_period(c, idx, q.end, sent.end, doc_year, refs=True, first=True)
    para = paragraph_start(text, sent.start, newlines)
    if found is None and not own:
        if sent.start > para and text[sent.start - 1] in c.period_carry_after:
            found = _span_period(c, idx, para, sent.start, doc_year, refs=True)
        elif sent.start > para and c.period_carry_any:
            # across a full stop the year carries on, and its half, quarter or months unless the rule pack
            # says only the year does (上半年…。X增长9.5%: still the half year; a sentence naming 全年 has its own)
            # (a year named after the period word starts over: 上半年…。目前，X增长19.1%: the year so far;
            # a five-year plan's period stays with its sentence)
            # (and a word referring to the article's event after the last year, its event's period)
            hits = _span_hits(c, idx, para, sent.start, doc_year, refs=True)
            found = None
            if hits is not None:
                year, word = hits
                after = word is not None and (year is None or word[1] > year[0])
                if after and len(word) > 3:
                    found = (None, word[2])     # an event's period, the past N years: they carry on
                elif year is not None or after:
                    keep = (c.period_carry_suffix and after and not _whole(word[2]) and not any(
                        w in text[word[1]:q.start] for w in c.year_only_words))
                    found = (year[2] if year else None, word[2] if keep else None)
                    found = None if found == (None, None) else found
            if (found is not None and not found[1] and titled is not None and titled[1] and titled[0] in (None, found[0])
                    and bisect_left(idx.so_far, para) == bisect_left(idx.so_far, sent.start)):
                found = (found[0], titled[1])   # 北川一季度…(title) …2024年…。东山市开工项目69个: that quarter
    if found is None and not own:
        found = titled                 # 福山一季度集中开竣工…: what the title says the article reports
    if found is None:
        return None
    year, suffix = found
    if suffix and _YEAR_ONLY.fullmatch(suffix) and titled is not None and titled[1] and not _whole(titled[1]) \
            and titled[0] in (None, int(suffix)):
        year, suffix = int(suffix), titled[1]   # 此次… in an article whose title names the event's quarter
    if _whole(suffix):
        return suffix
    if year is None:
        year = _last_year(idx, para, sent.start) or doc_year
    return None if year is None else _format_period(year, suffix)


# ---- subject ------------------------------------------------------------------------------

def _outermost(mentions: list[Mention]) -> list[Mention]:
    """Drop mentions inside a longer one (绿园区 inside 绿园区航空博览园项目)."""
    out = []
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if out and m.start >= out[-1].start and m.end <= out[-1].end:
            continue
        out.append(m)
    return out


def _opens_clause(c: FigureRules, cl: Clauses, m: Mention, floor: int) -> bool:
    """The mention starts its clause, maybe after an attributive (入驻园区的X公司…)."""
    lead = cl.text[cl.start(m.start, floor):m.start]
    return c.lead_in.fullmatch(lead) is not None or (lead.endswith(c.attributive_mark) and len(lead) <= 12)


def _is_modifier(c: FigureRules, cl: Clauses, m: Mention) -> bool:
    """A policy name used as a modifier (开展“请进来”考察, 改革文件): not what a figure is about.
    A policy that closes a clause, opens one (“X”改革深入推进) or heads a list is not one."""
    text = cl.text
    if m.type != "Policy" or c.clause_final.match(text[m.end:m.end + 3]) or c.enum_after.match(text[m.end:m.end + 3]):
        return False
    return not c.lead_in.fullmatch(text[cl.start(m.start, max(0, m.start - 200)):m.start])


class _MentionFacts(NamedTuple):
    """What _candidates needs to know of a mention whatever the figure (found once per sentence)."""
    mention: Mention
    never: bool            # not a subject type, a modifier, or a skipped region
    non_subject_before: bool
    beneficiary_before: bool
    object_verb_before: bool
    non_subject_after: bool
    enum_after: bool


def _mention_facts(c: FigureRules, cl: Clauses, sent_mentions: list[Mention],
                   topic: Mention | None) -> list[_MentionFacts]:
    text = cl.text
    out = []
    by_start = {m.start: m for m in sent_mentions if m.type == "Region"}
    starts = {m.start: m for m in sent_mentions}
    for m in sent_mentions:
        # a province or city is a subject when it is the topic or opens its clause (柳州市此次开工项目69个),
        # not as a modifier inside one (新增吉林省科技小巨人企业24户), nor written right before a
        # region of a lower level, which it only qualifies (江苏南京签约项目61个)
        nxt = by_start.get(m.end) if m.type == "Region" and m.subtype in c.region_skip else None
        never = (m.type not in c.subject_types or _is_modifier(c, cl, m)
                 # 新华社南京2月5日电, 松花江网讯: the byline's news agency
                 or c.dateline_after is not None and c.dateline_after.match(text, m.end) is not None
                 # 南河区某材料研究中心等…项目79个: a region written onto a name is part of that name
                 or m.type == "Region" and m.end in starts and starts[m.end].type != "Region"
                 # X集团Y项目动工，总投资15亿元: a company written onto a project's name is its owner
                 or m.type == "Company" and m.end in starts and starts[m.end].type == "Project"
                 or nxt is not None and nxt.subtype not in c.region_skip
                 or nxt is not None and nxt.subtype == "City" and m.subtype != "City"
                 or is_foreign_place(m, c.foreign_places) and not (topic and m.key == topic.key)
                 or m.type == "Region" and m.subtype in c.region_skip and not (topic and m.key == topic.key)
                 and not (c.region_skip_opening and _opens_clause(c, cl, m, max(0, m.start - 200))))
        before = text[max(0, m.start - 4):m.start]
        out.append(_MentionFacts(m, never, before.endswith(c.non_subject_before),
                                 before.endswith(c.beneficiary_before), before.endswith(c.object_verbs),
                                 text.startswith(c.non_subject_after, m.end),
                                 c.enum_after.match(text[m.end:m.end + 3]) is not None))
    return out


def _candidates(c: FigureRules, doc: Document, q: _Quantity, facts: list[_MentionFacts]) -> list[Mention]:
    text = doc.text
    out = []
    for m, never, non_before, beneficiary, object_verb, non_after, enum_after in facts:
        if never:
            continue
        if non_before and not (
                q.unit == "CNY" and m.type == "Project" and beneficiary and m.end <= q.start):
            continue                           # (为X项目争取资金4090万元: the project is what gets it)
        if m.end == q.start and object_verb:
            continue                           # 新建厂房8.2万平方米: the size of what is built, not a subject
        if non_after:
            continue                           # X管委会主任表示: the speaker's body, not the subject
        if (m.end <= q.start and enum_after
                and (q.unit == "count" or c.list_closer in text[m.end:q.start]
                     and (q.unit == "CNY" or any(ch in c.clause_end for ch in text[m.end:q.start])))):
            continue                           # X、Y等N户 / X、Y等企业的集聚，使…: listed members, not the subject
        if q.unit == "count":
            if (m.type == "Company" and q.word in c.member_classifiers and m.end <= q.start
                    and c.member_gap.match(text[m.end:q.start])):
                continue                       # 福斯2户企业
            if (m.type == "Region" and m.end <= q.start and c.list_closer in text[m.end:q.start]
                    and not any(ch in c.clause_end for ch in text[m.end:q.start])
                    and not text.startswith(c.region_actor_next, m.end)):
                continue                       # 甲区X中心等项目79个: a region written onto a listed member
                #                                (甲市有X、Y等81个项目开工: the region itself, an actor)
        out.append(m)
    return out


def _same(a: Mention, b: Mention | None) -> bool:
    return b is not None and a.start == b.start and a.end == b.end


def _chain_head(c: FigureRules, text: str, cands: list[Mention], i: int) -> Mention:
    """马瑞利、福斯…: a figure after a list belongs to its first member (gold convention)."""
    while i > 0 and cands[i - 1].type == cands[i].type and c.chain_gap.match(text[cands[i - 1].end:cands[i].start]):
        i -= 1
    return cands[i]


def _subject(c: FigureRules, doc: Document, sent: Sentence, q: _Quantity, sent_mentions: list[Mention],
             topic: Mention | None, all_mentions: list[Mention],
             prev: tuple[FigureMention, bool] | None, para_cache: dict,
             proxies: dict[tuple[int, int], Mention],
             facts: list[_MentionFacts], newlines: list[int], cl: Clauses) -> tuple[Mention | None, bool]:
    """The figure's subject, and whether later figures of the sentence may inherit it."""
    m, inheritable = _find_subject(c, doc, sent, q, sent_mentions, topic, all_mentions, prev, para_cache, facts,
                                   newlines, cl)
    if m is not None:
        m = proxies.get((m.start, m.end), m)   # 该项目 stands for the project named before
    return m, inheritable


def _anaphora(c: FigureRules, doc: Document, sent: Sentence, ordered: list[Mention], starts: list[int],
              topic: Mention | None, cl: Clauses,
              by_level: dict[str, list[Mention]] | None = None) -> dict[tuple[int, int], Mention]:
    """Clause-opening 该项目/项目/该区/该公司 in a sentence, each with the entity it points back to
    (the last one of its type in the preceding text); 全省/我市 with the last province or city named
    (`by_level`: the Regions of each subtype, by start)."""
    out = {}
    if c.anaphora_re is None:
        return out
    text = doc.text
    for m in c.anaphora_re.finditer(text, sent.start, sent.end):
        cs = cl.start(m.start(), sent.start)
        if not c.lead_in.fullmatch(text[cs:m.start()]):
            continue
        if (m.group() in c.sentence_anaphora and not c.lead_in.fullmatch(text[sent.start:m.start()])
                and not text.startswith(c.clause_anaphora_next, m.end())):
            continue                           # …开工，项目总投资6.8亿元: a clause's 项目 + a figure cue
        level = c.level_anaphora.get(m.group())
        if level is not None:
            # 全省共有300多个项目签约 / 我市签约10个项目: the province (city) the article named last
            named = (by_level or {}).get(level, [])
            i = bisect_left(named, m.start(), key=_START) - 1
            while i >= 0 and named[i].end > m.start():
                i -= 1
            target = named[i] if i >= 0 else None
            if target is not None:
                out[(m.start(), m.end())] = target
            continue
        type_ = c.anaphora[m.group()]
        lo = bisect_left(starts, m.start() - c.anaphora_window)
        hi = bisect_left(starts, m.start())
        # …项目在X产业园开工: a project named as a place (在/位于 X) is not what 项目 points back to
        target = next((a for a in reversed(ordered[lo:hi]) if a.type == type_ and a.end <= m.start()
                       and not (a.type == "Region" and a.subtype in c.region_skip)
                       and not text[max(0, a.start - 4):a.start].endswith(c.non_subject_before)), None)
        if target is None and type_ == "Region":
            target = topic
        if target is not None:
            out[(m.start(), m.end())] = target
    return out


def _policy_scope(c: FigureRules, cl: Clauses, before: list[Mention], clause_from: int) -> Mention | None:
    text = cl.text
    if text.startswith(c.region_clause_cues, clause_from + len(c.lead_in.match(text, clause_from).group())):
        return None
    for m in reversed(before):
        if m.end > clause_from:
            continue
        if m.type == "Region":
            continue                           # the actor that issued or runs it
        if m.type != "Policy":
            return None                        # a company or project named closer is the topic
        lead = text[max(0, m.start - 4):m.start].rstrip(c.verb_particle)
        if ((lead.endswith(c.policy_issue_verbs) or m.text.rstrip(c.quote_close).endswith(c.policy_scope_suffixes))
                and not _is_modifier(c, cl, m)):
            return m
        return None
    return None


def _quote_speaker(c: FigureRules, text: str, q: _Quantity, all_mentions: list[Mention],
                   newlines: list[int] | None = None) -> Mention | None:
    """The company whose spokesman the figure is quoted from: the quote holding it is closed and
    followed right away by a Company and a title or speech word (总经理, 表示…)."""
    para = paragraph_start(text, q.start, newlines)
    opened = text.rfind("“", para, q.start)
    if opened < 0 or "”" in text[opened:q.start]:
        return None
    line_end = text.find("\n", q.end)
    # a quote closed past the line's end does not count: the search stops there, not at the text's end
    close = text.find("”", q.end, len(text) if line_end < 0 else line_end)
    if close < 0 or "“" in text[q.end:close]:
        return None
    for m in all_mentions[bisect_left(all_mentions, close + 1, key=_START):]:    # sorted by start
        if m.start != close + 1:
            break
        if m.type == "Company" and text.startswith(c.non_subject_after, m.end):
            return m
    return None


def _find_subject(c, doc, sent, q, sent_mentions, topic, all_mentions, prev, para_cache, facts, newlines, cl):
    text = doc.text
    # 1. the figure is part of an entity's name (年产5000吨…项目); counts inside names are not qualifiers
    inside = [m for m in sent_mentions if m.start <= q.start and q.end <= m.end and m.type in c.subject_types
              and (q.unit != "count" or m.type == "Project")]     # 年产5000台…项目: its capacity
    if inside:
        return max(inside, key=lambda m: m.end - m.start), False
    cands = _candidates(c, doc, q, facts)
    # 2. "…总投资13亿元、占地16.6万平方米的X项目": the entity right after 的 in the same clause
    for m in cands:
        if m.start >= q.end:
            gap = text[q.end:m.start]
            if len(gap) <= 30 and gap.endswith(c.attributive_mark) and not any(ch in c.clause_end for ch in gap):
                return m, True
            # 签订的总投资5亿元、年产8万吨X项目: an attribute listed before its project's name
            if (m.type == "Project" and gap in c.attribute_joiners
                    and c.attributive_mark in text[max(0, q.start - c.attribute_reach):q.start]):
                return m, True
            # 投资30亿元启动建设X产业园: what the amount builds
            if m.type == "Project" and c.build_after is not None and c.build_after.fullmatch(gap):
                return m, True
            break
    # 3. the nearest candidate before the figure in its clause
    clause_from = cl.start(q.start, sent.start)
    before = [m for m in cands if m.end <= q.start]
    in_clause = [i for i, m in enumerate(before) if m.start >= clause_from]
    if in_clause:
        m = _chain_head(c, text, before, in_clause[-1])
        # only a clause's own subject (综保区园区业务额…) carries on to the next clauses, not a list's
        # first member (甲、乙、丙项目投资均超过千亿元，…占比达68%: the next clause is about none of them)
        lead = text[clause_from:m.start]
        head = m is before[in_clause[-1]] and not c.enum_after.match(text[m.end:m.end + 3])
        return m, head and (c.lead_in.fullmatch(lead) is not None or lead.endswith(c.attributive_mark))
    # 4. clauses listing figures share a subject: 收集问题535件，解决479件，解决率90%
    #    (the subject itself named in between does not stop it: 投资30亿元建设X园，一期总投资12亿元)
    #    (nor past a list: 投资超30亿元的X、Y等4个项目 — the count is of the list, not of X)
    if prev is not None and prev[1] and not any(
            prev[0].end <= m.start and m.end <= q.start and not _same(m, prev[0].subject) for m in cands) and not (
            q.unit == "count" and c.list_closer in text[prev[0].end:q.start]):
        return prev[0].subject, True
    # 4b. a document issued (出台《X》，…给予最高2000万元) or a campaign run (开展X行动，…走访企业2300家)
    #     earlier in the sentence is what its later clauses report on, unless the clause opens with
    #     a region-wide word (全区/全年…)
    scope = _policy_scope(c, cl, before, clause_from)
    if scope is not None:
        return scope, True
    # 5. a policy/project/body closing the previous clause (深入推进“万人助万企”行动，收集…535件)
    #    unless a region opens that clause as its actor (宽城区开展X活动，推出22项…),
    #    else the nearest clause-opening entity, else the sentence's first region
    prev_clause = cl.start(clause_from - 1, sent.start) if clause_from > sent.start else clause_from
    actors = [r for r in before if r.type == "Region" and r.start >= prev_clause
              and _opens_clause(c, cl, r, sent.start)]
    for m in reversed(before):
        if (m.type != "Region" and m.start >= prev_clause and c.clause_final.match(text[m.end:m.end + 3])
                and not any(r.end <= m.start and c.attributive_mark not in text[r.end:m.start] for r in actors)):
            return m, True
    owners = {o.end: o for o in sent_mentions if o.type == "Company"}
    # (a list's members, 甲、乙项目投资均超过千亿元, are no subject of the clauses after the list)
    listed = {m.start for m in before if c.enum_after.match(text[m.end:m.end + 3])}
    listed |= {m.start for m in before if any(o.start in listed and c.chain_gap.match(text[o.end:m.start])
                                                for o in before if o.end <= m.start)}
    for m in reversed(before):
        if m.start not in listed and (_opens_clause(c, cl, m, sent.start) or (
                m.start in owners and _opens_clause(c, cl, owners[m.start], sent.start))):
            return m, True                     # a clause that starts with an entity (or its owner): its subject
    for m in before:
        if m.type == "Region" and m.start not in listed:
            return m, True
    # 5b. a quotation followed by its speaker from a company (“今年我们的订单增长了62%”X公司总经理说)
    speaker = _quote_speaker(c, text, q, all_mentions, newlines)
    if speaker is not None:
        return speaker, True
    # 5c. 由X公司总投资8亿元，拟建设于甲区的Y项目: an investor's amount goes to the project named after it
    if c.investor_clause is not None and c.investor_clause.match(text, clause_from, q.start):
        built = next((m for m in cands if m.start >= q.end and m.type == "Project" and m.end <= sent.end), None)
        if built is not None:
            return built, True
    # 6. the paragraph's topic (a policy named at its start), then the article's topic region
    if c.paragraph_types:
        para = paragraph_start(text, q.start, newlines)
        if para not in para_cache:
            # only the mentions that start in the paragraph's first `window` characters can be its topic
            near = all_mentions[bisect_left(all_mentions, para, key=_START):
                                bisect_right(all_mentions, para + max(c.paragraph_window, 0), key=_START)]
            p = paragraph_topic(doc, q.start, near, c.paragraph_types, c.paragraph_window, start=para)
            if p is None or _is_modifier(c, cl, p):
                # a paragraph that opens with a district (九台区位于…) reports that district's figures
                p = paragraph_topic(doc, q.start, near, ("Region",), 0, start=para)
                p = (p if p is not None and p.subtype not in c.region_skip
                     and not is_foreign_place(p, c.foreign_places) else None)
            para_cache[para] = p
        if para_cache[para] is not None:
            return para_cache[para], True
    return topic, True


# ---- the stage ----------------------------------------------------------------------------

def _carries_over(c: FigureRules, text: str, prev: tuple[FigureMention, bool], sent: Sentence) -> bool:
    """综保区完成进出口额…；跨境电商包裹量达到420万件: across a ； only a region's figures carry on;
    into a sentence opening with 其中 (…81个项目开竣工。其中新开工44项) the previous one's subject does."""
    f, inheritable = prev
    if not inheritable or f.subject is None:
        return False
    if c.lead_in.match(text, sent.start) and text.startswith(c.carry_openers, c.lead_in.match(text, sent.start).end()):
        return True
    return text[f.sentence_end - 1] in c.subject_carry_after and f.subject.type == "Region"


def _respectively(c: FigureRules, text: str, sent: Sentence, figs: list[FigureMention],
                  mentions: list[Mention]) -> None:
    """X、Y和Z…分别为5%、8%和9%: the figures listed after 分别 belong, in order, to the entities
    listed before it (as many figures as members). `figs`: the sentence's figures, changed in place;
    `mentions`: the sentence's mentions, sorted by start."""
    if c.respectively_re is None:
        return
    for cue in c.respectively_re.finditer(text, sent.start, sent.end):
        listed, pos = [], cue.end()
        for i, f in enumerate(figs):
            if f.start < pos:
                continue
            if any(ch in c.respectively_stop for ch in text[pos:f.start]):
                break
            listed.append(i)
            pos = f.end
        members = [m for m in mentions if m.end <= cue.start() and m.type in c.respectively_types]
        chain = members[-1:]
        for m in reversed(members[:-1]):
            if m.type != chain[0].type or not c.chain_gap.match(text[m.end:chain[0].start]):
                break
            chain.insert(0, m)
        if len(listed) >= 2 and len(chain) == len(listed):
            for i, m in zip(listed, chain):
                figs[i].subject = m
        elif len(listed) >= 2 and chain and c.list_joiner_re is not None:
            # 甲、乙、丙增加值分别增长9.5%、8.7%、8.7% with 乙 no entity: the listed words say which is which
            for i, m in _listed_items(c, text, chain[-1], cue.start(), listed, members):
                figs[i].subject = m
        # 2010年至2012年，…分别增长11.4%、12.7%和10.9%: one year each
        years = list(c.year_range_re.finditer(text, sent.start, cue.start())) if c.year_range_re else []
        if years and len(listed) >= 2:
            first, last = int(years[-1].group(1)), int(years[-1].group(2))
            if last - first + 1 == len(listed):
                for k, i in enumerate(listed):
                    figs[i].period = str(first + k)


def _listed_items(c: FigureRules, text: str, last: Mention, cue: int, listed: list[int],
                  members: list[Mention]) -> list[tuple[int, Mention]]:
    """The list before a 分别 split at its joiners (、和及与), when it has as many items as figures: each
    figure's index with the entity its item is (items that are no entity are left out)."""
    lo = max(text.rfind(ch, 0, last.start) for ch in c.respectively_stop) + 1
    items, start = [], lo
    for m in c.list_joiner_re.finditer(text, lo, last.end):
        items.append((start, m.start()))
        start = m.end()
    items.append((start, last.end))
    if len(items) != len(listed) or any(e - s > c.list_item_max or e <= s for s, e in items):
        return []
    out = []
    for i, (s, e) in zip(listed, items):
        hit = next((m for m in members if m.start == s and m.end == e), None)
        if hit is not None:
            out.append((i, hit))
    return out


def _inside_policy_name(q: _Quantity, policies: list[Mention]) -> bool:
    """“光谷3551人才计划”, 《…十条措施》: numbers in a policy's name are part of the name."""
    return any(m.start <= q.start and q.end <= m.end for m in policies)


def _lead_region(c: FigureRules, doc: Document, sentences: list[Sentence], ordered: list[Mention],
                 topic: Mention | None) -> Mention | None:
    """The region the article's lead opens with (9月8日，甲州在乙市举行推介会…), when it is wider than
    the topic region (a county named later): what the article reports on. Else the topic."""
    if c.lead_opener is None or topic is None:
        return topic
    text = doc.text
    for sent in sentences[:c.lead_sentences]:
        opener = c.lead_opener.match(text, sent.start, sent.end)
        pos = opener.end() if opener else sent.start
        m = next((m for m in ordered if m.start == pos), None)
        if m is None:
            continue
        # (长春市绿园区…: a city written onto a district's name only qualifies it)
        if (m.type == "Region" and m.key != topic.key and _RANK.get(m.subtype, 9) < _RANK.get(topic.subtype, 9)
                and not is_foreign_place(m, c.foreign_places) and not any(o.start == m.end for o in ordered)
                and not text.startswith(topic.text, m.end) and _named_times(c, text, m) > _named_times(c, text, topic)):
            return m     # (named more often than the topic: 湘西州 … again and again, the county once)
        return topic
    return topic


_RANK = {"Province": 0, "City": 1}     # wider than a district, county or zone (rank 9)


def _named_times(c: FigureRules, text: str, m: Mention) -> int:
    """How often the text names a region: by its name, or by its short form (甲乙土家族苗族自治州: 甲乙州,
    the name's first two characters and its last, when it ends with one of rules.short_form_endings)."""
    forms = {m.key, m.text}
    if len(m.key) > 4 and m.key.endswith(c.short_form_endings):
        forms.add(m.key[:2] + m.key[-1])
    return max(text.count(f) for f in forms if f)


def extract_figures(doc: Document, sentences: list[Sentence], mentions: list[Mention],
                    rules: FigureRules, topic: Mention | None) -> list[FigureMention]:
    """The document's figures. topic: the article's topic_region. (Metric labels cut their own
    substrings with the segmenter, see _words, rather than reading the document's tokens.)"""
    c = rules
    cl = Clauses(doc.text, c)
    doc_year = _doc_year(c, doc)
    ordered = _outermost([m for m in mentions if m.type in c.subject_types])
    starts = [m.start for m in ordered]
    topic = _lead_region(c, doc, sentences, ordered, topic)
    all_sorted = sorted(mentions, key=lambda m: (m.start, -m.end))
    policies = [m for m in all_sorted if m.type == "Policy"]
    # the policies a sentence can overlap start at most this far before it (bisect, not a scan)
    policy_reach = max((m.end - m.start for m in policies), default=0)
    out: list[FigureMention] = []
    para_cache: dict[int, Mention | None] = {}
    periods = period_index(c, doc.text, _relative_offsets(c, doc), doc_year, events=True, doc_date=doc.date)
    by_level: dict[str, list[Mention]] = {}
    for m in ordered:
        if m.type == "Region" and m.subtype in c.level_anaphora.values():
            by_level.setdefault(m.subtype, []).append(m)
    titled = title_period(c, doc, doc_year)
    lines = {"newlines": [m.start() for m in _NEWLINE.finditer(doc.text)]}
    continued: dict[int, tuple[FigureMention, bool]] = {}   # 9248.78 / caption / 万元，占地…: same subject
    last = None                                             # the previous sentence's last figure
    for sent in sentences:
        carried, last = last, None
        if not c.number_gate.search(sent.text):
            continue                           # no digit, no Chinese numeral: no quantity either
        scanned = _scan(c, sent.text, sent.start)
        qs = [q for q, bad in scanned if not bad]
        qs += _bare_amounts(c, doc, sent, scanned, cl)
        if not qs:
            continue
        if policies:
            near = policies[bisect_left(policies, sent.start - policy_reach, key=_START):
                            bisect_left(policies, sent.end, key=_START)]
            in_sentence = [m for m in near if m.start < sent.end and sent.start < m.end]
            if in_sentence:
                qs = [q for q in qs if not _inside_policy_name(q, in_sentence)]
                if not qs:
                    continue
        qs.sort(key=lambda q: q.start)
        lo, hi = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
        sent_mentions = [m for m in ordered[lo:hi] if m.end <= sent.end]
        proxies = _anaphora(c, doc, sent, ordered, starts, topic, cl, by_level)
        if proxies:
            sent_mentions = sorted(sent_mentions + [
                Mention(doc.id, s, e, doc.text[s:e], t.type, name=t.key, subtype=t.subtype, rule="anaphora")
                for (s, e), t in proxies.items()
                if not any(m.start < e and s < m.end for m in sent_mentions)], key=lambda m: (m.start, -m.end))
        prev_end, prev, prev_subject = sent.start, continued.get(sent.start), None
        if prev is None and carried is not None and _carries_over(c, doc.text, carried, sent):
            prev = carried
        mention_ends = [m.end for m in sent_mentions]
        facts = _mention_facts(c, cl, sent_mentions, topic)
        prev_label = None
        for q in qs:
            subject, inheritable = _subject(c, doc, sent, q, sent_mentions, topic, all_sorted, prev, para_cache,
                                            proxies, facts, lines["newlines"], cl)
            f = FigureMention(
                doc=doc.id, start=q.start, end=q.end, text=doc.text[q.start:q.end], value=q.value,
                unit=q.unit, metric=_metric(c, doc, sent, q, prev_end, mention_ends, prev_label, cl),
                period=_period(c, doc, sent, q, doc_year, periods, lines["newlines"], subject, titled,
                               cl.start(q.start, sent.start), prev_end, prev_subject), subject=subject,
                sentence_start=sent.start, sentence_end=sent.end)
            out.append(f)
            prev_end, prev, prev_label, prev_subject = q.end, (f, inheritable), f.metric, subject
            if q.continues_at >= 0:
                continued[q.continues_at] = prev
        if c.respectively_re is not None and c.respectively_re.search(doc.text, sent.start, sent.end):
            _respectively(c, doc.text, sent, out[len(out) - len(qs):],
                          all_sorted[bisect_left(all_sorted, sent.start, key=_START):
                                     bisect_left(all_sorted, sent.end, key=_START)])
        last = prev
    return out

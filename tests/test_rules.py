"""Rule packs are validated on load: the error names the file, the rule and the problem."""
from __future__ import annotations

import pytest

from kg.pipeline import load_rules
from kg.rules import RuleError


def write(tmp_path, text):
    p = tmp_path / "pack.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_bundled_pack_loads_with_a_version(rules):
    assert rules.version.split("+")[0] == rules.get("meta", "version")
    assert rules.sources[0].startswith("kg/rules/")


@pytest.mark.parametrize("text, expected", [
    ("nonsense: {}\n", "unknown section 'nonsense'"),
    ("lexicon:\n  no_such_key: []\n", "unknown key lexicon.no_such_key"),
    ("segment:\n  sentence_end: '[unclosed'\n", "bad regular expression"),
    ("segment:\n  user_words: 5\n", "expected a list"),
    ("segment: [1, 2]\n", "must be a mapping"),
    ("meta: {version: 3}\n", "expected a string"),
    ("entities: {a: [b\n", "not valid YAML"),
])
def test_bad_packs_are_rejected_before_any_work(tmp_path, text, expected):
    p = write(tmp_path, text)
    with pytest.raises(RuleError) as err:
        load_rules([p])
    assert str(p) in str(err.value)
    assert expected in str(err.value)


def test_user_pack_extends_lists_and_changes_version(tmp_path, rules):
    p = write(tmp_path, "segment:\n  user_words: [测试新词甲乙]\n")
    extended = load_rules([p])
    assert "测试新词甲乙" in extended.get("segment", "user_words")
    assert extended.version != rules.version
    assert extended.sources[-1] == str(p)


def test_missing_pack_file_is_a_rule_error(tmp_path):
    with pytest.raises(RuleError, match="cannot read"):
        load_rules([tmp_path / "absent.yaml"])


def test_rule_shapes_beyond_the_schema_fail_on_load(tmp_path):
    """A unit entry of the wrong shape is caught when the pack loads, before any document is read."""
    p = write(tmp_path, "figures:\n  units:\n    立方米: [m3, 1]\n")
    with pytest.raises(RuleError) as err:
        load_rules([p])
    assert str(p) in str(err.value) and "figures.units" in str(err.value)


def test_missing_gazetteer_file_fails_on_load(tmp_path):
    p = write(tmp_path, "lexicon:\n  gazetteers:\n    Region/City: gazetteer/no-such-file.txt\n")
    with pytest.raises(RuleError) as err:
        load_rules([p])
    assert str(p) in str(err.value) and "no-such-file.txt" in str(err.value)


def test_patterns_are_joined_only_when_that_keeps_what_matches():
    import re

    from kg.rules import any_pattern, joined_patterns
    joined = any_pattern([re.compile("^由"), re.compile("(位于|地处)$"), re.compile("第$")])
    assert joined.search("由X投资") and joined.search("项目位于") and joined.search("第")
    assert not joined.search("X由Y") and not joined.search("等级高")
    # inline flags or back-references would change meaning in an alternation: searched one by one
    odd = [re.compile("(?i)park"), re.compile(r"(a)\1")]
    assert any_pattern(odd) is None and joined_patterns(odd) == odd
    assert len(joined_patterns([re.compile("(?i)x$"), re.compile("y")])) == 2
    assert joined_patterns([re.compile("x")]) == [re.compile("x")]      # one pattern: as it is

"""Rule packs that cannot hurt (issue 15): a bad or hostile pack is refused with one line naming the
file, the rule and the problem (`kg build` exits 2, no traceback), before any work is done."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kg.cli import main
from kg.components import default_registry
from kg.pipeline import load_rules
from kg.rules import MAX_PACK_BYTES, MAX_PACK_PATTERN_CHARS, MAX_PATTERN_CHARS, RULES_DIR, RuleError, validate


def write(tmp_path: Path, text: str, name: str = "bad.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def refused(pack: Path) -> str:
    with pytest.raises(RuleError) as err:
        load_rules([pack], compile=False)
    message = str(err.value)
    assert str(pack) in message and "\n" not in message
    return message


def cli_error(tmp_path: Path, pack: Path, capsys) -> str:
    """`kg build --rules pack`: exit 2 and one line on stderr, no traceback, nothing written."""
    code = main(["build", "-q", "-o", str(tmp_path / "out"), "--rules", str(pack)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("kg: rule pack error: ") and "Traceback" not in err
    assert not (tmp_path / "out").exists()
    return err


# ---------------------------------------------------------------- 1. values inside mappings and lists

@pytest.mark.parametrize("text, rule, problem", [
    # was accepted and rewrote every document's 长春
    ("normalise:\n  replace:\n    长春: [1, 2]\n", "rule normalise.replace.长春", "expected a string, got list"),
    ("normalise:\n  replace:\n    1: 一\n", "rule normalise.replace", "key 1 should be a string"),
    ('normalise:\n  replace:\n    "a\\nb": [1]\n', "rule normalise.replace.'a\\nb'", "expected a string, got list"),
    ('lexicon:\n  "no\\nsuch": [1]\n', "unknown key lexicon.'no\\nsuch'", "(known: "),
    ("segment:\n  user_words: [长春新区, 3]\n", "rule segment.user_words[1]", "expected a string, got int"),
    ("resolve:\n  local_short_max:\n    Company: three\n", "rule resolve.local_short_max.Company",
     "expected an integer, got str"),
    ("resolve:\n  canonical_avoid_endings:\n    Company: 公司\n", "rule resolve.canonical_avoid_endings.Company",
     "expected a list, got str"),
    ("figures:\n  units:\n    立方米: [m3]\n", "rule figures.units.立方米", "expected a list of 2 items"),
    ("figures:\n  multipliers:\n    万: [10000]\n", "rule figures.multipliers.万", "expected a number, got list"),
    ("lexicon:\n  gazetteers:\n    Region/City: [a.txt]\n", "rule lexicon.gazetteers.Region/City",
     "expected a string, got list"),
    ("relations:\n  located_anaphora:\n    - {before: 在, look_back: far}\n",
     "rule relations.located_anaphora[0].look_back", "expected an integer, got str"),
    ("relations:\n  located_anaphora:\n    - {before: 在, lookback: 10}\n",
     "rule relations.located_anaphora[0]", "unknown field 'lookback'"),
    ("relations:\n  cue_rules:\n    - {name: x, pattern: 由}\n", "rule relations.cue_rules[0]",
     "missing field 'predicate'"),
    ("relations:\n  park_anaphora:\n    - {before: '(unclosed'}\n", "rule relations.park_anaphora[0].before",
     "bad regular expression"),
    ("lexicon:\n  list_cues:\n    - {pattern: 以下, type: Company, brands: 1}\n",
     "rule lexicon.list_cues[0].brands", "expected true/false, got int"),
])
def test_values_inside_mappings_and_lists_are_type_checked(tmp_path, capsys, text, rule, problem):
    pack = write(tmp_path, text)
    message = refused(pack)
    assert rule in message and problem in message
    assert rule in cli_error(tmp_path, pack, capsys)


def test_well_typed_nested_values_are_accepted(tmp_path, rules):
    pack = write(tmp_path, "normalise:\n  replace:\n    長春: 长春\n"
                           "figures:\n  units:\n    立方米: [m2, 1]\n"
                           "relations:\n  located_anaphora:\n    - {before: 落户, look_back: 50}\n")
    extended = load_rules([pack], compile=False)
    assert extended.get("normalise", "replace")["長春"] == "长春"
    assert extended.get("figures", "units")["立方米"] == ["m2", 1]
    assert extended.version != rules.version


# ---------------------------------------------------------------- 2. alias bombs and size

def billion_laughs() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_unexpanded(tmp_path, capsys):
    pack = write(tmp_path, billion_laughs())
    assert pack.stat().st_size < 500             # 9^9 strings once expanded
    message = refused(pack)
    assert "line 1" in message and "YAML anchor &a" in message and "anchors and aliases" in message
    cli_error(tmp_path, pack, capsys)


def test_any_anchor_or_alias_is_refused_even_a_harmless_one(tmp_path):
    pack = write(tmp_path, "segment:\n  user_words: &w [长春新区]\n  split_off: [长春]\n")
    assert "line 2" in refused(pack) and "YAML anchor &w" in refused(pack)
    pack = write(tmp_path, "segment:\n  user_words: [长春新区]\n  split_off:\n    - *w\n", "alias.yaml")
    assert "line 4" in refused(pack) and "YAML alias *w" in refused(pack)


def test_a_star_inside_a_value_is_no_alias(tmp_path):
    pack = write(tmp_path, "normalise:\n  drop_lines: ['来源 *：.*']\nsegment:\n  user_words: [\"* 注\", a*b]\n")
    extended = load_rules([pack], compile=False)
    assert extended.get("normalise", "drop_lines")[-1] == "来源 *：.*"
    assert extended.get("segment", "user_words")[-2:] == ["* 注", "a*b"]


def test_oversized_pack_is_refused_unread(tmp_path, capsys):
    pack = tmp_path / "huge.yaml"
    with open(pack, "wb") as f:
        f.truncate(MAX_PACK_BYTES + 1)
    assert "larger than 10 MB" in refused(pack)
    cli_error(tmp_path, pack, capsys)


def test_values_yaml_cannot_build_are_rule_errors(tmp_path):
    # 5,000 digits exceed Python's int parsing limit; a 13th month is no date
    assert "a value cannot be read" in refused(write(tmp_path, "meta:\n  version: " + "9" * 5000 + "\n"))
    assert "a value cannot be read" in refused(write(tmp_path, "meta:\n  version: 2020-13-45\n", "date.yaml"))
    assert "not valid YAML" in refused(write(tmp_path, "[" * 100_000, "deep.yaml"))


# ---------------------------------------------------------------- 3. catastrophic backtracking

@pytest.mark.parametrize("pattern", [r"(a+)+$", r"(a*)*", r"(a|a)*", r"(.*a){20}", r"(\d+,?)*x",
                                     r"(?:，?[^，]+)*。", r"(?=(\w+\s?)+$)", r"(?x) ( a + ) + b"])
def test_patterns_that_backtrack_catastrophically_are_refused(tmp_path, capsys, pattern):
    pack = write(tmp_path, yaml.safe_dump({"normalise": {"drop_lines": [pattern]}}, allow_unicode=True))
    message = refused(pack)
    assert "rule normalise.drop_lines[0]" in message and "can backtrack catastrophically" in message
    assert "rule normalise.drop_lines[0]" in cli_error(tmp_path, pack, capsys)


def test_a_regex_inside_a_record_is_checked_too(tmp_path):
    pack = write(tmp_path, "relations:\n  located_anaphora:\n    - {before: '(在+)+$'}\n")
    message = refused(pack)
    assert "rule relations.located_anaphora[0].before" in message and "backtrack" in message


def test_patterns_too_long_or_deep_to_check_are_refused(tmp_path):
    long_one = write(tmp_path, yaml.safe_dump({"normalise": {"drop_lines": ["a" * (MAX_PATTERN_CHARS + 1)]}}))
    assert "rule normalise.drop_lines[0]" in refused(long_one) and "longer than" in refused(long_one)
    many = [f"{i}" + "a" * (MAX_PATTERN_CHARS - 10) for i in range(MAX_PACK_PATTERN_CHARS // MAX_PATTERN_CHARS + 1)]
    too_many = write(tmp_path, yaml.safe_dump({"normalise": {"drop_lines": many}}), "many.yaml")
    assert "regular expressions come to more than" in refused(too_many)
    deep = write(tmp_path, yaml.safe_dump({"normalise": {"drop_lines": ["(" * 2000 + "a" + ")" * 2000]}}), "deep.yaml")
    assert "rule normalise.drop_lines[0]" in refused(deep) and "nested too deeply" in refused(deep)


@pytest.mark.parametrize("pattern", [r"(\d+,)*\d+", r"(?:[^，]+，)*", r"(?:\s*,\s*\w+)*", r"(?>a+)+$", r"(a++)+$",
                                     r"(?:\d+\.){3}\d+", r"(?:有限公司|集团)+", r"(?:打印|打印本页)+",
                                     r"(?:[zcs]h|[bpm])?[aeiou]{1,3}(?:ng|n)?", r"[^。]*项目$"])
def test_patterns_that_cannot_backtrack_badly_are_accepted(tmp_path, pattern):
    pack = write(tmp_path, yaml.safe_dump({"normalise": {"drop_lines": [pattern]}}, allow_unicode=True))
    assert pattern in load_rules([pack], compile=False).get("normalise", "drop_lines")


def test_bundled_patterns_pass_the_check():
    # three of normalise.drop_lines once failed it (a 70-character line of "打印  |  " x 8 + "x" took
    # 17 s to reject); their runs of spaces are now atomic groups
    for path in sorted(RULES_DIR.glob("*.yaml")):
        validate(yaml.safe_load(path.read_text(encoding="utf-8")), path.name, default_registry().schemas())   # every stage's regexes


# ---------------------------------------------------------------- 4. data files are in the version

def test_a_user_gazetteer_is_part_of_the_rules_version(tmp_path):
    gazetteer = tmp_path / "my-places.txt"
    gazetteer.write_text("测试新区\n", encoding="utf-8")
    pack = write(tmp_path, f"lexicon:\n  gazetteers:\n    Region/NewArea: {gazetteer}\n", "pack.yaml")
    first = load_rules([pack], compile=False).version
    assert load_rules([pack], compile=False).version == first
    gazetteer.write_text("测试新区\n另一新区\n", encoding="utf-8")
    assert load_rules([pack], compile=False).version != first


def test_a_data_file_must_be_a_regular_file(tmp_path):
    pack = write(tmp_path, f"persons:\n  surname_file: {tmp_path}\n")
    message = refused(pack)
    assert "rule persons.surname_file" in message and "is not a regular file" in message
    if Path("/dev/zero").exists():       # would never end if it were read
        assert "is not a regular file" in refused(write(tmp_path, "persons:\n  surname_file: /dev/zero\n"))
    assert "no such file" in refused(write(tmp_path, "relations:\n  city_province_file: gazetteer/none.txt\n"))
    assert "no such file '/" in refused(write(tmp_path, 'relations:\n  city_province_file: "/a\\0b"\n', "nul.yaml"))
    assert "cannot read" in refused(write(tmp_path, f"relations:\n  city_province_file: {'x' * 5000}\n", "long.yaml"))


def test_a_data_file_must_be_utf8_text(tmp_path, capsys):
    gazetteer = tmp_path / "places.txt"
    gazetteer.write_bytes("长春新区\n".encode("gb18030"))
    pack = write(tmp_path, f"lexicon:\n  gazetteers:\n    Region/NewArea: {gazetteer}\n")
    message = refused(pack)
    assert "rule lexicon.gazetteers.Region/NewArea" in message and f"{gazetteer} is not UTF-8 text" in message
    assert "is not UTF-8 text" in cli_error(tmp_path, pack, capsys)


# ---------------------------------------------------------------- 5. files that are no YAML mapping

@pytest.mark.parametrize("content, problem", [
    ("segment:\n  user_words: [长春新区]\n".encode("gb18030"), "is not UTF-8 text (byte 0xb3 at offset 24)"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is a binary file"),
    ("entities: {a: [b\n".encode(), "not valid YAML: line 2, column 1"),
    ("segment:\n  user_words: [a\n  split_off: b\n".encode(), "not valid YAML: line"),
    ("- 长春新区\n- 吉林省\n".encode(), "must be a mapping of sections, got list"),
    ("长春新区\n".encode(), "must be a mapping of sections, got str"),
    (b"0\n", "must be a mapping of sections, got int"),
    ("a: 1\n---\nb: 2\n".encode(), "not valid YAML"),
])
def test_files_that_are_no_rule_pack_are_one_clear_error(tmp_path, capsys, content, problem):
    pack = tmp_path / "bad.yaml"
    pack.write_bytes(content)
    assert problem in refused(pack)
    assert problem in cli_error(tmp_path, pack, capsys)


def test_an_empty_pack_or_one_with_a_bom_is_fine(tmp_path, rules):
    assert load_rules([write(tmp_path, "")], compile=False).version == rules.version
    bom = tmp_path / "bom.yaml"
    bom.write_bytes("\ufeffsegment:\n  user_words: [长春新区]\n".encode("utf-8"))
    assert "长春新区" in load_rules([bom], compile=False).get("segment", "user_words")


def test_the_kg_command_shows_no_traceback(tmp_path):
    """The installed entry point, end to end: the alias bomb costs one line and exit code 2."""
    pack = write(tmp_path, billion_laughs())
    proc = subprocess.run([sys.executable, "-m", "kg", "build", "-q", "-o", str(tmp_path / "out"),
                           "--rules", str(pack)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0 and str(pack) in proc.stderr and "Traceback" not in proc.stderr

"""The numeral parser: examples, and round-trip properties with Hypothesis."""
from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.numbers import decimal_to_chinese, parse_number, to_chinese


@pytest.mark.parametrize("text, value", [
    ("170", 170), ("1,234", 1234), ("1,234,567.5", 1234567.5), ("３５", 35), ("１２．５", 12.5),
    ("9248.78万", 92487800), ("0.6031亿", 60310000), ("1.2万亿", 1_200_000_000_000),
    ("5000万", 50_000_000), ("5千万", 50_000_000), ("20.66万", 206600),
    ("一百七十", 170), ("两", 2), ("十五", 15), ("二十", 20), ("一百一十", 110), ("两千零五", 2005),
    ("五千万", 50_000_000), ("千", 1000), ("百亿", 10_000_000_000), ("一万二", 12000), ("三百五", 350),
    ("一亿零五万", 100_050_000), ("十二点五亿", 1_250_000_000), ("三点一四", 3.14), ("二〇二一", 2021),
    ("壹佰", 100),
])
def test_parses_examples(text, value):
    got = parse_number(text)
    assert got == value
    assert type(got) is type(value)


@pytest.mark.parametrize("text", ["", "一流", "十百", "1,23", "1.", ".5", "1.2.3", "五五五点", "点五",
                                  "12abc", "万元", "〇五", "一百零"])
def test_rejects_non_numbers(text):
    assert parse_number(text) is None


def test_exact_decimal_arithmetic():
    # 9248.78 * 10000 in floats is 92487800.00000001; the parser must give the exact yuan
    assert parse_number("9248.78万") == 92487800
    assert parse_number("0.1万") == 1000


@given(st.text(max_size=30))
@settings(max_examples=300)
def test_never_raises_on_arbitrary_text(text):
    value = parse_number(text)
    assert value is None or isinstance(value, (int, float))


@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿点0123456789.,", max_size=12))
@settings(max_examples=300)
def test_never_raises_on_numeral_soup(text):
    value = parse_number(text)
    assert value is None or value >= 0


@given(st.integers(min_value=0, max_value=10 ** 16))
def test_arabic_integers_round_trip(n):
    assert parse_number(str(n)) == n
    assert parse_number(f"{n:,}") == n


@given(st.integers(min_value=0, max_value=10 ** 16))
def test_chinese_integers_round_trip(n):
    assert parse_number(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10 ** 9), st.integers(min_value=0, max_value=10 ** 6 - 1))
def test_decimals_round_trip(whole, frac):
    text = f"{whole}.{frac:06d}".rstrip("0").rstrip(".")
    expected = Decimal(text)
    got = parse_number(text)
    assert Decimal(str(got)) == expected
    assert Decimal(str(parse_number(decimal_to_chinese(text)))) == expected


@given(st.integers(min_value=1, max_value=10 ** 6), st.sampled_from([("万", 10 ** 4), ("亿", 10 ** 8),
                                                                    ("千万", 10 ** 7), ("万亿", 10 ** 12)]))
def test_multipliers_scale(n, mult):
    suffix, factor = mult
    assert parse_number(f"{n}{suffix}") == n * factor


def test_to_chinese_reads_like_a_person():
    assert to_chinese(170) == "一百七十"
    assert to_chinese(15) == "十五"
    assert to_chinese(100010) == "十万零一十"
    assert to_chinese(2005) == "二千零五"
    assert decimal_to_chinese("3.14") == "三点一四"


@given(st.integers(0, 10 ** 16), st.integers(0, 10 ** 11), st.integers(0, 10), st.sampled_from(["", "万", "亿", "万亿", "千万", "百"]))
@settings(max_examples=300)
def test_plain_digits_match_the_exact_decimal_reading(whole, frac, zeros, mult):
    """The integer shortcut for plain digits gives exactly what Decimal arithmetic gives, large or not."""
    text = f"{whole}.{'0' * zeros}{frac}{mult}" if frac else f"{whole}{mult}"
    scale = {"": 1, "万": 10 ** 4, "亿": 10 ** 8, "万亿": 10 ** 12, "千万": 10 ** 7, "百": 100}[mult]
    exact = Decimal(text.rstrip("万亿千百")) * scale
    want = int(exact) if exact == exact.to_integral_value() else float(exact)
    got = parse_number(text)
    assert got == want and type(got) is type(want)


def test_float_multipliers_from_a_rule_pack_still_apply():
    assert parse_number("2.5万", {"万": 10000.0}) == 25000
    assert parse_number("2.5k", {"k": 1000}) == 2500
    assert parse_number("3万", {"亿": 10 ** 8}) is None

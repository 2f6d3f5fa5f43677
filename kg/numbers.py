"""Parse Chinese and Arabic numerals: 170, 1,234, 9248.78万, 1.2万亿, 一百七十, 两, 五千万, 百亿, ３５.

Only ever applied to spans a figure pattern matched (never to whole text,
so 一流 stays 一流). Arithmetic is done in Decimal so 9248.78万 is exactly
92487800; integral results come back as int, others as float.
"""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from types import MappingProxyType

# The Chinese numeral system is general knowledge, not a rule a pack would change: these tables stay
# here (read-only), and a pack's own multipliers (figures.multipliers) are passed to parse_number.
DIGITS = MappingProxyType({"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
          "六": 6, "七": 7, "八": 8, "九": 9,
          "壹": 1, "贰": 2, "叁": 3, "肆": 4, "伍": 5, "陆": 6, "柒": 7, "捌": 8, "玖": 9})
SMALL_UNITS = MappingProxyType({"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000})
BIG_UNITS = MappingProxyType({"万": 10 ** 4, "亿": 10 ** 8})
MULTIPLIERS = MappingProxyType({**SMALL_UNITS, **BIG_UNITS})

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
_ARABIC_CHARS = frozenset("0123456789.,")
# The common case, plain ASCII digits (one decimal point) and multiplier characters: exact
# integer arithmetic gives the same value as the Decimal route, much faster. The digit limits
# keep every value far inside Decimal's 28-digit precision, so no rounding ever differs.
_PLAIN = re.compile(r"([0-9]{1,15})(?:\.([0-9]{1,10}))?(\D{0,4})")
_DECIMAL_DIGITS = 10 ** 27
# A longer span is no one number (the longest real ones, 1,234,567,890.123456 or 一千二百三十四万…,
# are a quarter of this); past it, 9×400 or 1亿亿亿… would exceed int()'s digit limit, Decimal's
# exponent range or the recursion limit of the Chinese reading, and parse_number would raise
NUMERAL_MAX = 100
# The largest figure value kept (1e18 yuan is 百亿亿元; nothing real comes near): past it, a value
# may not convert to float (the HTML view, some readers of the JSON) and is a typo or a joke anyway
FIGURE_MAX = 10 ** 18


def figure_value_ok(value: int | float) -> bool:
    """Whether a parsed or normalised value can stand as a figure: finite and at most FIGURE_MAX
    either way (a comparison, so a 400-digit int never goes through float)."""
    return abs(value) <= FIGURE_MAX            # False for nan and inf too


def parse_number(text: str, multipliers: dict[str, int | float] | None = None) -> int | float | None:
    """The value of a numeral span, or None when it is not one well-formed number.

    Accepts Arabic digits (full- or half-width, thousands commas, one decimal
    point) optionally followed by multiplier characters (万, 亿, 千万, 万亿),
    or a Chinese numeral (一百七十, 两千, 一万二, 三点五, 二〇二一).
    """
    multipliers = multipliers or MULTIPLIERS
    if not isinstance(text, str) or len(text) > NUMERAL_MAX:
        return None
    if type(text) is str:
        m = _PLAIN.fullmatch(text)
        if m is not None:
            value = _plain(m, multipliers)
            if value is not None:
                return value
    value = _parse(text, multipliers)
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _plain(m: re.Match, multipliers) -> int | float | None:
    """170, 9248.78万, 1.2万亿 by integer arithmetic; None to leave the span to the general parser."""
    head, frac, tail = m.groups()
    n = int(head + frac) if frac else int(head)
    for ch in tail:
        factor = multipliers.get(ch)
        if type(factor) is not int or factor < 1:
            return None
        n *= factor
    if n >= _DECIMAL_DIGITS:
        return None
    if not frac:
        return n
    q, r = divmod(n, 10 ** len(frac))
    return q if r == 0 else n / 10 ** len(frac)


def _parse(text: str, multipliers) -> Decimal | None:
    if not isinstance(text, str):
        return None
    s = text.strip().translate(_FULLWIDTH)
    if not s:
        return None
    i = 0
    while i < len(s) and s[i] in _ARABIC_CHARS:
        i += 1
    if i:
        base = _arabic(s[:i])
        if base is None:
            return None
        return _apply_multipliers(base, s[i:], multipliers)
    return _chinese(s, multipliers)


def _arabic(s: str) -> Decimal | None:
    head, _, frac = s.partition(".")
    if "." in frac or not head:
        return None
    groups = head.split(",")
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return None
    digits = "".join(groups)
    if not digits.isdigit() or (frac and not frac.isdigit()) or s.endswith("."):
        return None
    try:
        return Decimal(f"{digits}.{frac}" if frac else digits)
    except InvalidOperation:  # pragma: no cover - guarded above
        return None


def _apply_multipliers(base: Decimal, suffix: str, multipliers) -> Decimal | None:
    """5 + 千万 -> 5e7; 1.2 + 万亿 -> 1.2e12; each multiplier character multiplies."""
    value = base
    for c in suffix:
        if c not in multipliers:
            return None
        value *= Decimal(str(multipliers[c]))
    return value


def _chinese(s: str, multipliers) -> Decimal | None:
    if "点" in s:                                   # 三点五, 十二点五亿
        head, _, rest = s.partition("点")
        j = 0
        while j < len(rest) and rest[j] in DIGITS:
            j += 1
        frac, tail = rest[:j], rest[j:]
        whole = _chinese_integer(head) if head and frac else None
        if whole is None:
            return None
        value = Decimal(f"{whole}.{''.join(str(DIGITS[c]) for c in frac)}")
        return _apply_multipliers(value, tail, multipliers)
    whole = _chinese_integer(s)
    return None if whole is None else Decimal(whole)


def _chinese_integer(s: str) -> int | None:
    if all(c in DIGITS for c in s):
        if len(s) == 1:
            return DIGITS[s]
        # digit-by-digit reading (二〇二一); a leading zero is not a number
        return None if DIGITS[s[0]] == 0 else int("".join(str(DIGITS[c]) for c in s))
    if any(c not in DIGITS and c not in SMALL_UNITS and c not in BIG_UNITS for c in s):
        return None
    return _split_big(s, sorted(BIG_UNITS.items(), key=lambda kv: -kv[1]))


def _split_big(s: str, bigs: list[tuple[str, int]]) -> int | None:
    """Split at the largest big unit (亿, then 万): left * unit + right."""
    if not bigs:
        return _below_wan(s)
    char, unit = bigs[0]
    pos = s.rfind(char)
    if pos < 0:
        return _split_big(s, bigs[1:])
    left, right = s[:pos], s[pos + 1:]
    lv = _split_big(left, bigs) if left else 1      # 一万亿: left holds 万; 百亿: left is 百
    if not lv:
        return None
    if not right:
        return lv * unit
    if len(right) == 1 and right in DIGITS and DIGITS[right]:
        return lv * unit + DIGITS[right] * unit // 10   # 一万二 = 12000
    rest = right.lstrip("零〇○")
    if not rest:
        return None
    rv = _split_big(rest, bigs[1:])
    if rv is None or rv >= unit:
        return None
    return lv * unit + rv


def _below_wan(s: str) -> int | None:
    """千百十 with digits: 一百七十, 十五, 两千零五, 百; 三百五 means 350."""
    total, digit, last_unit, zero = 0, None, 10 ** 4, False
    for c in s:
        if c in DIGITS:
            d = DIGITS[c]
            if digit is not None:
                return None                          # two digits in a row
            if d == 0:
                if total == 0 or zero:
                    return None
                zero = True
                continue
            digit = d
        elif c in SMALL_UNITS:
            unit = SMALL_UNITS[c]
            if unit >= last_unit:
                return None                          # units must descend: 十百 is no number
            if digit is None:
                if total or zero:
                    return None
                digit = 1                            # 十五, 百亿, 千
            total += digit * unit
            digit, last_unit, zero = None, unit, False
        else:
            return None
    if digit is not None:
        if zero or last_unit == 10 or total == 0:
            total += digit
        else:
            total += digit * last_unit // 10         # 三百五 = 350, 两千三 = 2300
    elif zero:
        return None
    return total if s else None


# ---- formatting (used by tests and for labels) --------------------------------------------

_CN_DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Write a non-negative integer in Chinese numerals (the standard reading): 170 -> 一百七十."""
    if n < 0:
        raise ValueError("negative numbers are not written here")
    if n == 0:
        return "零"
    parts = []
    for unit_char, unit in (("亿", 10 ** 8), ("万", 10 ** 4)):
        if n >= unit:
            high, n = divmod(n, unit)
            parts.append((to_chinese(high) + unit_char, high))
            if 0 < n < unit // 10:
                parts.append(("零", 0))
    out = "".join(p for p, _ in parts)
    if n:
        out += _below_wan_text(n, leading=not out)
    return out


def _below_wan_text(n: int, leading: bool) -> str:
    out, pending_zero = "", False
    for unit_char, unit in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
        d, n = divmod(n, unit)
        if d:
            if pending_zero and out:
                out += "零"
            pending_zero = False
            if unit == 10 and d == 1 and not out and leading:
                out += "十"                      # 十五, not 一十五, at the very start
            else:
                out += _CN_DIGITS[d] + unit_char
        elif out:
            pending_zero = True
    return out


def decimal_to_chinese(text: str) -> str:
    """'3.14' -> 三点一四 (integer part as above, decimals digit by digit)."""
    head, _, frac = text.partition(".")
    out = to_chinese(int(head))
    if frac:
        out += "点" + "".join(_CN_DIGITS[int(c)] for c in frac)
    return out

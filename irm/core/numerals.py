"""Numerals as UN documents write them: Roman for chapters, cycles and figures (Chapter II,
CAC/COSP/IRG/II/…), Chinese for chapters and articles in Chinese text (第五十二条). The one place for
these conversions."""

from __future__ import annotations

_ROMAN = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
]
_ZH_DIGITS = "零一二三四五六七八九"


def to_roman(n: int) -> str:
    """1 → I, 4 → IV, 8 → VIII, 14 → XIV; 0 (no number) → ""."""
    if n < 0 or n >= 4000:
        raise ValueError(f"{n} has no Roman numeral here (0–3999)")
    parts = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        parts.append(letters * count)
    return "".join(parts)


def from_roman(text: str) -> int:
    """ "II" → 2, "viii" → 8; anything that is not a canonical Roman numeral raises ValueError."""
    value = text.strip().upper()
    total, rest = 0, value
    for number, letters in _ROMAN:
        while rest.startswith(letters):
            total += number
            rest = rest[len(letters) :]
    if not value or rest or to_roman(total) != value:
        raise ValueError(f"{text!r} is not a Roman numeral")
    return total


def zh_number(n: int) -> str:
    """Chinese numeral for 0–99 (1 → 一, 10 → 十, 15 → 十五, 42 → 四十二); larger numbers in digits."""
    if n < 10:
        return _ZH_DIGITS[n]
    if n >= 100:
        return str(n)
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else _ZH_DIGITS[tens]) + "十" + (_ZH_DIGITS[units] if units else "")


#: Section numbers of UN documents in Arabic: أولاً, ثانياً, … (the Arabic versions number sections in words).
AR_ORDINALS = ("أولاً", "ثانياً", "ثالثاً", "رابعاً", "خامساً", "سادساً", "سابعاً", "ثامناً", "تاسعاً", "عاشراً")


def section_number(n: int, language: str) -> str:
    """A main section's number as UN documents print it: I. in most languages, 一. in Chinese, أولاً- in Arabic."""
    if language == "zh":
        return f"{zh_number(n)}."
    if language == "ar" and 1 <= n <= len(AR_ORDINALS):
        return f"{AR_ORDINALS[n - 1]}-"
    return f"{to_roman(n)}."

"""The one Roman-numeral (and Chinese-numeral) helper: chapters, cycles, figures."""

from __future__ import annotations

import pytest

from irm.core.numerals import from_roman, to_roman, zh_number


@pytest.mark.parametrize(
    ("number", "roman"), [(1, "I"), (2, "II"), (4, "IV"), (8, "VIII"), (9, "IX"), (14, "XIV"), (40, "XL")]
)
def test_roman_numerals_both_ways(number, roman):
    assert to_roman(number) == roman
    assert from_roman(roman) == number
    assert from_roman(roman.lower()) == number


def test_every_number_up_to_3999_round_trips():
    assert all(from_roman(to_roman(n)) == n for n in range(1, 4000))


@pytest.mark.parametrize("text", ["", "IIII", "VX", "IIV", "ABC", "2"])
def test_what_is_not_a_roman_numeral_is_refused(text):
    with pytest.raises(ValueError):
        from_roman(text)


@pytest.mark.parametrize(
    ("number", "zh"), [(1, "一"), (10, "十"), (15, "十五"), (42, "四十二"), (71, "七十一")]
)
def test_chinese_numerals_of_chapters_and_articles(number, zh):
    assert zh_number(number) == zh

"""Numbers, money, shares and dates follow the interface language (issue 17 §4)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from irm.core import formatting

JUNE_1, JUNE_5 = dt.date(2025, 6, 1), dt.date(2025, 6, 5)


@pytest.mark.parametrize(
    ("language", "number", "share", "day"),
    [
        ("en", "1,234,567.5", "25.6%", "1 June 2025"),
        ("zh-hans", "1,234,567.5", "25.6%", "2025年6月1日"),
        ("ar", "1,234,567.5", "25.6%", "1 يونيو 2025"),
        ("fr", "1\u202f234\u202f567,5", "25,6\u00a0%", "1 juin 2025"),
        ("ru", "1\u00a0234\u00a0567,5", "25,6\u00a0%", "1 июня 2025\u202fг."),
        ("es", "1.234.567,5", "25,6\u00a0%", "1 de junio de 2025"),
    ],
)
def test_each_language_writes_numbers_shares_and_dates_its_own_way(language, number, share, day):
    assert formatting.number(Decimal("1234567.5"), language=language) == number
    assert formatting.percent(Decimal("0.256"), language=language).replace(" ", "\u00a0") == share.replace(
        " ", "\u00a0"
    )
    assert formatting.day(JUNE_1, language=language) == day


def test_money_has_thousands_separators_and_its_currency():
    assert formatting.money(Decimal("1234567"), "USD", language="en") == "US$1,234,567.00"
    assert formatting.money(Decimal("1234567"), "EUR", language="fr") == "1\u202f234\u202f567,00\u00a0€"


def test_an_arabic_date_range_is_isolated_right_to_left():
    arabic = formatting.day_range(JUNE_1, JUNE_5, language="ar")
    assert arabic.startswith('<bdi dir="rtl">') and "يونيو" in arabic and arabic.endswith("</bdi>")
    english = formatting.day_range(JUNE_1, JUNE_5, language="en")
    assert "bdi" not in english and "1" in english and "5 Jun 2025" in english


def test_the_filters_format_in_the_active_language_and_leave_empty_values_alone():
    template = Template(
        "{% load irm_format %}{{ n|number:2 }}|{{ share|percent }}|{{ d|day }}|{{ iso|day }}|{{ d|daterange:e }}|{{ none|number|default:'—' }}"
    )
    context = Context(
        {"n": "1234.5", "share": "0.25", "d": JUNE_1, "e": JUNE_5, "iso": "2025-06-05", "none": None}
    )
    with translation.override("fr"):
        rendered = template.render(context)
    assert rendered.split("|") == [
        "1\u202f234,50",
        "25\u00a0%",
        "1 juin 2025",
        "5 juin 2025",
        "1–5 juin 2025",
        "—",
    ]
    with translation.override("ar"):
        assert '<bdi dir="rtl">' in template.render(context)

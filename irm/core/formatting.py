"""Numbers, money, shares and dates in the interface language, through Babel (CLDR data).

One date style per language (CLDR's long date: "1 June 2025", "2025年6月1日", "1 juin 2025"), English in
the UN's day-month-year order. Date ranges come from CLDR's interval patterns ("1–5 juin 2025"); in
Arabic they are isolated right to left (`<bdi dir="rtl">`), so a range read inside a left-to-right cell or
a mixed sentence keeps its order. Templates use the filters of `irm.core.templatetags.irm_format`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import dates, numbers
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

#: Django language → Babel locale. English is written day-month-year at the UN.
LOCALES = {"en": "en_GB", "zh-hans": "zh_Hans", "ar": "ar", "fr": "fr", "ru": "ru", "es": "es"}
RIGHT_TO_LEFT = {"ar"}

Number = int | float | Decimal


def locale(language: str | None = None) -> str:
    language = (language or translation.get_language() or "en").lower()
    return LOCALES.get(language, LOCALES.get(language.split("-")[0], "en_GB"))


def number(value: Number, *, digits: int | None = None, language: str | None = None) -> str:
    """1234567.5 → "1,234,567.5" (en), "1 234 567,5" (fr); `digits` fixes the decimals."""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return numbers.format_decimal(value, format=pattern, locale=locale(language))


def money(amount: Number, currency: str = "USD", *, language: str | None = None) -> str:
    """An amount with thousands separators and its currency: "$1,234,567.00", "1 234 567,00 $US"."""
    return numbers.format_currency(amount, currency, locale=locale(language))


def percent(share: Number, *, digits: int = 1, language: str | None = None) -> str:
    """A share (0.256) as a percentage: "25.6%" (en), "25,6 %" (fr)."""
    rounded = Decimal(str(share)).quantize(Decimal(1).scaleb(-(digits + 2))).normalize()
    return numbers.format_percent(rounded, locale=locale(language), decimal_quantization=False)


def day(value: dt.date, *, language: str | None = None) -> str:
    """The language's one date style: "1 June 2025", "2025年6月1日", "1 يونيو 2025"."""
    if isinstance(value, dt.datetime):
        value = value.date()
    return dates.format_date(value, "long", locale=locale(language))


def day_range(start: dt.date, end: dt.date, *, language: str | None = None) -> SafeString:
    """ "1–5 June 2025"; isolated right to left in Arabic."""
    code = (language or translation.get_language() or "en").lower()
    if isinstance(start, dt.datetime):
        start = start.date()
    if isinstance(end, dt.datetime):
        end = end.date()
    text = dates.format_interval(start, end, "yMMMd", locale=locale(code))
    if code in RIGHT_TO_LEFT:
        return format_html('<bdi dir="rtl">{}</bdi>', text)
    return format_html("{}", text)

"""Filters that format for the interface language (irm.core.formatting):

    {% load irm_format %}
    {{ count|number }}  {{ amount|money:"EUR" }}  {{ share|percent }}  {{ date|day }}  {{ start|daterange:end }}

An empty value (None, "") is shown as it is, so `|default:"—"` still works after the filter.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from irm.core import formatting

register = template.Library()


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


@register.filter(name="number")
def number_filter(value: Any, digits: Any = None) -> Any:
    amount = _decimal(value)
    if amount is None:
        return value
    return formatting.number(amount, digits=None if digits in (None, "") else int(digits))


@register.filter(name="money")
def money_filter(value: Any, currency: str = "USD") -> Any:
    amount = _decimal(value)
    return value if amount is None else formatting.money(amount, currency or "USD")


@register.filter(name="percent")
def percent_filter(value: Any, digits: Any = 1) -> Any:
    share = _decimal(value)
    return value if share is None else formatting.percent(share, digits=int(digits))


def _date(value: Any) -> dt.date | None:
    """A date, or an ISO date string (the selectors' JSON-ready figures); anything else is None."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) >= 10:
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


@register.filter(name="day")
def day_filter(value: Any) -> Any:
    day = _date(value)
    return value if day is None else formatting.day(day)


@register.filter(name="daterange")
def daterange_filter(start: Any, end: Any) -> Any:
    first, last = _date(start), _date(end)
    if first is None:
        return start
    if last is None or last == first:
        return formatting.day(first)
    return formatting.day_range(first, last)

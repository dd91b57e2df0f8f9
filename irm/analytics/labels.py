"""What a person reads for the codes in the analytics' JSON: stages, reasons, groups, kinds of dialogue.

The JSON documents keep the codes (they are a machine interface); pages, text output, exports and the
evidence note show these labels instead, in the active language.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from irm.parties.models import RegionalGroup
from irm.reviews.models import DelayReason, DialogueType, Stage


def _label(choices: type, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def stage(value: str) -> str:
    return _label(Stage, value)


def reason(value: str) -> str:
    return _label(DelayReason, value)


def region(value: str) -> str:
    return _label(RegionalGroup, value)


def dialogue_kind(value: str) -> str:
    return _label(DialogueType, value)


def year_of_draw(year: int, calendar_year: int) -> str:
    return _("Year %(year)s of the cycle (%(calendar)s)") % {"year": year, "calendar": calendar_year}


def status(value: str) -> str:
    return {
        "measured": _("measured"),
        "open": _("open"),
        "not_recorded": _("not recorded"),
        "not_reached": _("not reached"),
        "inconsistent": _("dates out of order"),
    }.get(value, value)

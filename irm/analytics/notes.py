"""The evidence note: proposals for the next phase compared, with their assumptions and results (Word).

Written on the platform's UN-format Word template (`irm.documents.word.UnDocument`: A4, masthead, page
numbers, named styles with the Chinese and Arabic fonts, right to left for Arabic), in any of the six
languages: every sentence is a gettext string rendered with the note's language active, numbers and
dates formatted for it. The completion threshold is always called a proposal (seed S000 para. 18),
never an adopted rule. The worker builds it (`irm.analytics.jobs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from irm.analytics import charts, labels
from irm.analytics.simulation import texts as simulation_texts
from irm.core.i18n import LANGUAGE_NAMES, SUFFIXES
from irm.documents.word import Distribution, Masthead, UnDocument, in_language, long_date

LANGUAGES = [(code, LANGUAGE_NAMES[code]) for code in SUFFIXES]


def _year(value: int | None) -> str:
    return str(value) if value is not None else "—"


def result_paragraphs(result: dict[str, Any], name: str) -> list[str]:
    """What one proposal gives, in sentences."""
    inputs = result["inputs"]
    values = dict(simulation_texts.comparison([result]))
    out = []
    if result["feasible"]:
        out.append(_("Under “%(name)s”, a drawing of lots that meets the caps exists.") % {"name": name})
    else:
        out.append(
            _("Under “%(name)s”, no drawing of lots meets the caps: %(reason)s")
            % {"name": name, "reason": result["reason"]}
        )
    out.append(
        _(
            "Starting %(per_year)s reviews a year from %(start)s, half of the runs complete all %(reviews)s reviews "
            "by %(median)s and nine in ten by %(p90)s; the proposed threshold of %(threshold)s would be reached "
            "in %(threshold_year)s."
        )
        % {
            "per_year": formats.number_format(inputs["reviews_per_year"]),
            "start": inputs["start_year"],
            "reviews": formats.number_format(inputs["reviews"]),
            "median": _year(result["completion_year_median"]),
            "p90": _year(result["completion_year_p90"]),
            "threshold": values[_("Completion threshold (a proposal)")][0],
            "threshold_year": _year(result["threshold_year"]),
        }
    )
    if result["max_reviews_per_reviewer_year"] is not None:
        out.append(
            _("The busiest reviewing party would take part in %(n)s reviews in one year.")
            % {"n": result["max_reviews_per_reviewer_year"]}
        )
    out.append(
        _(
            "The reviews would cost %(cost)s in total; the funding gap against pledged contributions is %(gap)s."
        )
        % {
            "cost": values[_("Cost in total")][0],
            "gap": values[_("Funding gap against pledged contributions")][0],
        }
    )
    return out


def assumptions() -> list[str]:
    return [
        _(
            "Each run gives every review a duration for each stage from the draw to the agreed executive summary, "
            "drawn with equal chance from the durations the proposal gives or, by default, from those measured "
            "in the last cycle; the stages are drawn independently of one another."
        ),
        _(
            "The reviews of a year start on 1 July, after the session of the Implementation Review Group at which lots are drawn."
        ),
        _(
            "A review counts as completed when its executive summary is agreed. Stages never recorded in the last "
            "cycle are not counted as durations, and reviews still open are not counted: real reviews may take longer."
        ),
        _(
            "Whether a drawing of lots exists is asked of the platform's lot-drawing engine under the terms of "
            "reference (two reviewing parties, one from the same regional group, no reciprocal reviews) and the "
            "proposal's caps."
        ),
        _(
            "The cost of a review falls in the year it starts; pledged contributions are those no current requirement needs."
        ),
        _(
            "The completion threshold is a proposal made at the Group's resumed thirteenth session (S000 para. 18); it has not been adopted."
        ),
        _("The same seed gives the same results."),
    ]


def _source_lines(result: dict[str, Any]) -> list[str]:
    lines = []
    for field, source in sorted(result["inputs"]["sources"].items()):
        if source != "proposal":
            lines.append(f"{_field_label(field)}: {source}")
    return lines


def _field_label(field: str) -> str:
    if field.startswith("stage_durations."):
        return _("Duration of “%(stage)s”") % {"stage": labels.stage(field.split(".", 1)[1])}
    names = dict(_field_labels())
    return names.get(field, field)


def _field_labels() -> list[tuple[str, str]]:
    return [
        ("reviews_per_year", _("Reviews started a year")),
        ("reviewer_cap_per_year", _("Cap on reviews by one party a year")),
        ("reviewer_cap_per_cycle", _("Cap on reviews by one party in the phase")),
        ("eu_reviewed", _("The European Union is reviewed")),
        ("eu_reviews", _("The European Union may review")),
        ("completion_threshold", _("Completion threshold (a proposal)")),
        ("start_year", _("First year")),
        ("cost_per_review", _("Cost of one review")),
        ("pledged_contributions", _("Pledged contributions available")),
    ]


def evidence_note(
    results: Sequence[dict[str, Any]], names: Sequence[str], language: str, *, on: date
) -> bytes:
    """The note in one of the six languages (Word), on the data as at `on`."""
    with in_language(language):
        doc = UnDocument(
            language=language,
            title=_("The next phase of the Implementation Review Mechanism: proposals compared"),
            subtitle=_("Evidence note by the secretariat"),
            masthead=Masthead(
                distribution=Distribution.LIMITED,
                date=on,
                original="en",
                body=_("Implementation Review Group"),
            ),
            template="evidence_note",
        )
        doc.numbered(
            _("This note compares proposals for the next phase on the platform's data as at %(date)s.")
            % {"date": long_date(on, language)}
        )
        doc.numbered(_("The completion threshold is a proposal (S000 para. 18), not an adopted rule."))
        doc.heading(_("Results side by side"), 1)
        rows = simulation_texts.comparison(results)
        doc.table(
            [_("Proposal"), *names],
            [[label, *values] for label, values in rows],
            caption=_("Results side by side"),
        )
        doc.figure(
            charts.proposals_chart(results, names, fmt="png", printed=True),
            _("Reviews completed by the end of each year (median of the runs)"),
        )
        doc.heading(_("What each proposal gives"), 1)
        for result, name in zip(results, names, strict=True):
            doc.heading(name, 2)
            for text in result_paragraphs(result, name):
                doc.numbered(text)
            for note in result["notes"]:
                doc.bullet(note)
        doc.heading(_("Assumptions"), 1)
        for text in assumptions():
            doc.bullet(text)
        doc.heading(_("Where the values not set by a proposal come from"), 1)
        for result, name in zip(results, names, strict=True):
            doc.heading(name, 2)
            for line in _source_lines(result) or [_("Every value is set by the proposal.")]:
                doc.bullet(line)
        return doc.save()

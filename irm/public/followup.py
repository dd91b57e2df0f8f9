"""Published follow-up in the public record (issue 20 §2; docs/RULES.md R-F2).

A State's follow-up of a review joins the public record when its focal point publishes it AND the
review's outcome is public. Every page, export and API answer here starts from the one published set of
the findings app: `published_follow_up_reviews()` (which reviews) and `published_follow_up()` (their
reports). A recommendation's status is that of its latest published report ("not reported" without one).
Comments, acknowledgements, evidence files and the authors of reports are never shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from irm.core import tabular
from irm.core.exceptions import InvalidInput
from irm.findings.models import Finding, FindingType, FollowUpReport
from irm.findings.selectors import published_findings, published_follow_up, published_follow_up_reviews
from irm.followup.selectors import NOT_REPORTED, STATUSES, status_labels
from irm.reviews.models import Review

MAX_VALUES = 50
PER_PAGE_MAX = 500
PER_PAGE_DEFAULT = 100
MAX_EXPORT = 20_000


@dataclass
class Filters:
    """What the public follow-up page, its downloads and `GET /api/v1/public/follow-up` take."""

    state: list[str] = field(default_factory=list)
    cycle: list[int] = field(default_factory=list)
    article: list[int] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    page: int = 1
    per_page: int = PER_PAGE_DEFAULT

    def as_dict(self) -> dict[str, Any]:
        return {"state": self.state, "cycle": self.cycle, "article": self.article, "status": self.status}


def _values(data: Mapping[str, Sequence[str]], name: str) -> list[str]:
    values = sorted({v.strip() for raw in data.get(name) or [] for v in str(raw).split(",") if v.strip()})
    if len(values) > MAX_VALUES or any(len(v) > 40 for v in values):
        raise InvalidInput(f"{name}: too many or too long values.", details={"field": name})
    return values


def _numbers(data: Mapping[str, Sequence[str]], name: str) -> list[int]:
    values = _values(data, name)
    if not all(v.isdigit() and len(v) <= 4 for v in values):
        raise InvalidInput(f"{name}: whole numbers.", details={"field": name})
    return sorted(int(v) for v in values)


def _bounded(data: Mapping[str, Sequence[str]], name: str, default: int, high: int) -> int:
    raw = (data.get(name) or [""])[0]
    if raw in ("", None):
        return default
    if not str(raw).isdigit() or not 1 <= int(raw) <= high:
        raise InvalidInput(f"{name}: a whole number from 1 to {high}.", details={"field": name})
    return int(raw)


def parse(data: Mapping[str, Sequence[str]]) -> Filters:
    """Filters from a query (`data[name]` = the values given for `name`; `a,b` also splits)."""
    status = [v.lower() for v in _values(data, "status")]
    if unknown := [s for s in status if s not in STATUSES]:
        raise InvalidInput(
            f"status: one of {', '.join(STATUSES)}, not {unknown[0]!r}.", details={"field": "status"}
        )
    return Filters(
        state=[v.upper() for v in _values(data, "state")],
        cycle=_numbers(data, "cycle"),
        article=_numbers(data, "article"),
        status=status,
        page=_bounded(data, "page", 1, 10_000),
        per_page=_bounded(data, "per_page", PER_PAGE_DEFAULT, PER_PAGE_MAX),
    )


@dataclass
class Item:
    """A recommendation of a review whose follow-up is published, with its latest published report."""

    recommendation: Finding
    report: FollowUpReport | None

    @property
    def status(self) -> str:
        return self.report.status if self.report else NOT_REPORTED

    @property
    def status_label(self) -> str:
        return str(status_labels()[self.status])

    @property
    def articles(self) -> list[int]:
        return sorted(a.number for a in self.recommendation.articles.all())


def recommendations(filters: Filters | None = None) -> QuerySet[Finding]:
    """The published recommendations whose follow-up is published, narrowed by State, cycle, article."""
    found = published_findings().filter(
        type=FindingType.RECOMMENDATION, review__in=published_follow_up_reviews()
    )
    if filters is not None:
        if filters.state:
            found = found.filter(review__state__iso3__in=filters.state)
        if filters.cycle:
            found = found.filter(review__cycle__number__in=filters.cycle)
        if filters.article:
            found = found.filter(
                pk__in=Finding.articles.through.objects.filter(article__number__in=filters.article).values(
                    "finding_id"
                )
            )
    return found


def latest_reports(recommendation_ids: Iterable[int]) -> dict[int, FollowUpReport]:
    """The latest published report of each recommendation (by the day reported, then when it was sent)."""
    latest: dict[int, FollowUpReport] = {}
    for report in (
        published_follow_up()
        .filter(recommendation_id__in=list(recommendation_ids))
        .order_by("reported_on", "submitted_at", "id")
        .only(
            "id",
            "recommendation_id",
            "status",
            "measures",
            "responsible_agency",
            "planned_date",
            "reported_on",
            "submitted_at",
        )
    ):
        latest[report.recommendation_id] = report
    return latest


def items(filters: Filters) -> list[Item]:
    """Every published recommendation's follow-up matching the filters (status included), in the order of
    State, cycle, chapter, recommendation."""
    found = list(
        recommendations(filters)
        .select_related("review__state", "review__cycle", "chapter")
        .prefetch_related("articles")
        .order_by("review__state__name_en", "review__cycle__number", "chapter__number", "pk")[
            : MAX_EXPORT + 1
        ]
    )
    if len(found) > MAX_EXPORT:
        raise InvalidInput(
            f"More than {MAX_EXPORT} recommendations: narrow the search (state, cycle, article).",
            details={"field": "state"},
        )
    latest = latest_reports(f.pk for f in found)
    out = [Item(f, latest.get(f.pk)) for f in found]
    if filters.status:
        out = [i for i in out if i.status in filters.status]
    return out


def for_finding(finding: Finding) -> Item | None:
    """A recommendation's published follow-up (for its permalink), or None while it is not published."""
    if finding.type != FindingType.RECOMMENDATION or not recommendations().filter(pk=finding.pk).exists():
        return None
    return Item(finding, latest_reports([finding.pk]).get(finding.pk))


def counts(found: Iterable[Item]) -> dict[str, int]:
    out = dict.fromkeys(STATUSES, 0)
    for item in found:
        out[item.status] += 1
    return out


@dataclass
class ReviewFollowUp:
    """One review's published follow-up: its recommendations by status."""

    review: Review
    items: list[Item]

    @property
    def by_status(self) -> list[tuple[str, str, int]]:
        """(code, label, count) of each status held, in the order of STATUSES."""
        labels = status_labels()
        found = counts(self.items)
        return [(s, str(labels[s]), found[s]) for s in STATUSES if found[s]]

    @property
    def implemented(self) -> int:
        return counts(self.items)["implemented"]


def of_reviews(reviews: Iterable[Review]) -> list[ReviewFollowUp]:
    """The published follow-up of these reviews (those not published are left out)."""
    wanted = {r.pk: r for r in reviews}
    published = set(published_follow_up_reviews().filter(pk__in=list(wanted)).values_list("pk", flat=True))
    found = list(
        recommendations()
        .filter(review_id__in=published)
        .select_related("chapter")
        .prefetch_related("articles")
        .order_by("chapter__number", "pk")
    )
    latest = latest_reports(f.pk for f in found)
    grouped: dict[int, list[Item]] = {pk: [] for pk in published}
    for f in found:
        grouped[f.review_id].append(Item(f, latest.get(f.pk)))
    ordered = sorted(published, key=lambda pk: wanted[pk].cycle.number)
    return [ReviewFollowUp(wanted[pk], grouped[pk]) for pk in ordered]


def states() -> list[dict[str, Any]]:
    """The States with published follow-up: name, code, reviews (cycles) and counts by status."""
    reviews = list(published_follow_up_reviews().select_related("state", "cycle"))
    rows: dict[str, dict[str, Any]] = {}
    for block in of_reviews(reviews):
        state = block.review.state
        row = rows.setdefault(
            state.iso3, {"state": state, "cycles": [], "recommendations": 0, "implemented": 0}
        )
        row["cycles"].append(block.review.cycle.number)
        row["recommendations"] += len(block.items)
        row["implemented"] += block.implemented
    return sorted(rows.values(), key=lambda r: r["state"].name)


# --- as data: the API's items and the downloads (through the formula-safe writer) ---------------------

COLUMNS = [
    ("recommendation", _("Identifier of the recommendation (its public permalink: url).")),
    ("url", _("Permanent address of the recommendation's page.")),
    ("state", _("State party under review (ISO 3166-1 alpha-3).")),
    ("state_name", _("Name of the State party.")),
    ("cycle", _("Review cycle of the recommendation.")),
    ("chapter", _("Chapter of the Convention.")),
    ("articles", _("Articles of the Convention (;).")),
    ("text", _("Text of the recommendation in its original language.")),
    ("status", _("implemented, partially_implemented, not_implemented, no_longer_applicable, not_reported.")),
    ("status_label", _("The status in words.")),
    ("measures", _("Measures taken, as the State reported them.")),
    ("responsible_agency", _("The agency responsible, as the State reported it.")),
    ("reported_on", _("Date of the State's latest report (ISO 8601).")),
    ("planned_date", _("When what is left is planned (ISO 8601).")),
]
HEADER = [name for name, _description in COLUMNS]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def as_data(item: Item) -> dict[str, Any]:
    f, report = item.recommendation, item.report
    return {
        "recommendation": f.pk,
        "url": settings.SITE_URL.rstrip("/") + reverse("public:finding", args=[f.pk]),
        "state": f.review.state.iso3,
        "state_name": f.review.state.name,
        "cycle": f.review.cycle.number,
        "chapter": f.chapter.number if f.chapter else None,
        "articles": item.articles,
        "text": f.text,
        "status": item.status,
        "status_label": item.status_label,
        "measures": report.measures if report else "",
        "responsible_agency": report.responsible_agency if report else "",
        "reported_on": report.reported_on.isoformat() if report else None,
        "planned_date": report.planned_date.isoformat() if report and report.planned_date else None,
    }


def _cells(rows: Iterable[dict[str, Any]]) -> Iterator[list[Any]]:
    for row in rows:
        yield [";".join(map(str, v)) if isinstance(v, list) else v for v in (row[c] for c in HEADER)]


def render(found: list[Item], fmt: str, *, query: dict[str, Any]) -> bytes:
    """CSV (UTF-8 with a BOM), XLSX (with a sheet describing the columns) or JSON `{query, count, items}`."""
    import json

    rows = [as_data(i) for i in found]
    if fmt == "json":
        payload = {"query": query, "count": len(rows), "items": rows}
        return json.dumps(payload, ensure_ascii=False, indent=1).encode()
    if fmt == "csv":
        return tabular.write_csv(HEADER, _cells(rows), bom=True).encode("utf-8")
    notes = [[name, str(description)] for name, description in COLUMNS]
    return tabular.write_xlsx(
        [
            tabular.SheetOut("follow-up", HEADER, _cells(rows), freeze_header=True),
            tabular.SheetOut("dictionary", ["column", "description"], notes),
        ]
    )

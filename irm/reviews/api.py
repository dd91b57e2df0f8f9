"""The reviews API: list and detail (public facts; the timeline for the review's circle) and status."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.decorators import decorate_view

from irm.core.api_schemas import Code, ErrorOut, Int
from irm.core.content_cache import cached_for_public
from irm.core.exceptions import NotFound
from irm.cycles.models import Cycle
from irm.reviews import permissions, selectors
from irm.reviews.models import DirectDialogue, Stage

router = Router()


class ReviewOut(Schema):
    cycle: int
    iso3: str
    state: str
    regional_group: str
    year: int | None
    reviewers: list[str]
    stage: str
    suspended: bool
    summary_published_on: str | None
    report_published_on: str | None


class MilestoneOut(Schema):
    stage: str
    planned_on: str | None
    due_on: str | None
    done_on: str | None
    days_late: int


class DialogueOut(Schema):
    kind: str
    starts_on: str | None
    ends_on: str | None
    other_stakeholders: bool


class ReviewDetailOut(ReviewOut):
    confidential: bool
    timeline: list[MilestoneOut] | None = None
    direct_dialogue: DialogueOut | None = None
    focal_point: str | None = None
    experts: list[str] | None = None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _out(review: Any) -> dict[str, Any]:
    done = selectors.done_map(review)
    return {
        "cycle": review.cycle.number,
        "iso3": review.state.iso3,
        "state": review.state.name_en,
        "regional_group": review.state.regional_group,
        "year": review.year,
        "reviewers": [s.iso3 for s in review.reviewers],
        "stage": review.stage,
        "suspended": review.is_suspended,
        "summary_published_on": _iso(done.get(Stage.SUMMARY_PUBLISHED)),
        "report_published_on": _iso(done.get(Stage.REPORT_PUBLISHED))
        if permissions.is_report_published(review)
        else None,
    }


@router.get("/status/{cycle}", response={200: dict, 404: ErrorOut}, summary="Status of a cycle at a date")
def cycle_status(request: HttpRequest, cycle: Int, as_of: date | None = None):
    """The same JSON as `irm status --format json` (public figures)."""
    found = Cycle.objects.filter(number=cycle).first()
    if found is None:
        raise NotFound(f"There is no cycle {cycle}.")
    return selectors.status(found, as_of=as_of).data


@router.get("/", response=list[ReviewOut], summary="Reviews (public facts)")
@decorate_view(cached_for_public)
def list_reviews(request: HttpRequest, cycle: Int | None = None, stage: Code = "", region: Code = ""):
    qs = permissions.visible_to(request.user).select_related("cycle", "state", "reviewer_1", "reviewer_2")
    qs = qs.prefetch_related("milestones").order_by("cycle__number", "state__iso3")
    if cycle:
        qs = qs.filter(cycle__number=cycle)
    if stage:
        qs = qs.filter(stage=stage)
    if region:
        qs = qs.filter(state__regional_group=region)
    return [_out(r) for r in qs]


@router.get("/{cycle}/{iso3}", response={200: ReviewDetailOut, 404: ErrorOut}, summary="One review")
def review_detail(request: HttpRequest, cycle: Int, iso3: Code):
    """Public facts for everyone; the timeline, dialogue and people for the review's circle."""
    review = selectors.get_review(request.user, cycle, iso3)
    data: dict[str, Any] = {**_out(review), "confidential": False}
    if permissions.can_view_confidential(request.user, review):
        dialogue = DirectDialogue.objects.filter(review=review).first()
        data.update(
            confidential=True,
            timeline=[
                {
                    "stage": str(row.stage),
                    "planned_on": _iso(row.planned_on),
                    "due_on": _iso(row.due_on),
                    "done_on": _iso(row.done_on),
                    "days_late": row.days_late,
                }
                for row in selectors.timeline(review)
            ],
            direct_dialogue={
                "kind": dialogue.kind,
                "starts_on": _iso(dialogue.starts_on),
                "ends_on": _iso(dialogue.ends_on),
                "other_stakeholders": dialogue.other_stakeholders,
            }
            if dialogue
            else None,
            focal_point=review.focal_point.get_username() if review.focal_point else None,
            experts=[e.user.get_username() for e in review.experts.select_related("user")],
        )
    return data

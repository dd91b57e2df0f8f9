"""The assistance API (/api/v1/assistance/): the register for signed-in users, the report for everyone.

Lists answer `{count, items}`; what the caller may not see answers 404, as on the pages. Funding
appears only where `permissions.can_view_funding` allows it (else null).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status
from pydantic import Field

from irm.assistance import permissions, selectors, services
from irm.assistance.models import Activity, ActivityStatus, Coverage, ProviderKind
from irm.core.api_schemas import ERRORS, Code, Int, Line, Text
from irm.core.exceptions import InvalidInput, NotFound
from irm.parties import selectors as party_selectors
from irm.parties.models import State

router = Router()


class LinkOut(Schema):
    need: int
    coverage: Coverage


class ActivityOut(Schema):
    id: int
    reference: str
    title: str
    provider_kind: ProviderKind
    provider: str
    beneficiary: str
    status: ActivityStatus
    starts_on: date | None
    ends_on: date | None
    validated: bool
    needs: list[LinkOut]
    amount: str | None = None
    currency: str | None = None
    funding_source: str | None = None


class ActivityListOut(Schema):
    count: int
    items: list[ActivityOut]


class LinkIn(Schema):
    need: Int
    coverage: Coverage = Coverage.FULL


class ActivityIn(Schema):
    title: Line
    provider_kind: ProviderKind
    provider: Code = Field(description="ISO3 of the donor State, or the organization's or programme's name")
    beneficiary: Code = Field(description="ISO3")
    status: ActivityStatus = ActivityStatus.PLANNED
    starts_on: date | None = None
    ends_on: date | None = None
    amount: str | None = Field(None, max_length=20)
    currency: str = Field("", max_length=3)
    funding_source: Line = ""
    source: Line = ""
    reference: str = Field("", max_length=60)
    description: Text = ""
    needs: list[LinkIn] = Field(default_factory=list, max_length=500)


def _out(user: Any, activity: Activity) -> ActivityOut:
    funding = permissions.can_view_funding(user, activity)
    return ActivityOut(
        id=activity.pk,
        reference=activity.reference,
        title=activity.title,
        provider_kind=ProviderKind(activity.provider_kind),
        provider=activity.provider_state.iso3 if activity.provider_state else activity.provider_name,
        beneficiary=activity.beneficiary.iso3,
        status=ActivityStatus(activity.status),
        starts_on=activity.starts_on,
        ends_on=activity.ends_on,
        validated=activity.is_validated,
        needs=[LinkOut(need=link.need_id, coverage=Coverage(link.coverage)) for link in activity.links.all()],
        amount=str(activity.amount) if funding and activity.amount is not None else None,
        currency=(activity.currency or None) if funding else None,
        funding_source=activity.funding_source if funding else None,
    )


def _state(code: str, field: str) -> State:
    state = party_selectors.state_by_iso3(code.upper())
    if state is None:
        raise InvalidInput(f"No State party {code[:10]}.", details={"field": field})
    return state


@router.get("/activities", response={200: ActivityListOut, **ERRORS}, summary="Activities the caller may see")
def list_activities(request: HttpRequest, state: Code | None = None, status: ActivityStatus | None = None):
    if not permissions.can_view_register(request.user):
        raise NotFound("Not found.")
    beneficiary = _state(state, "state") if state else None
    qs = selectors.activities_for(
        permissions.visible_to(request.user), state=beneficiary, status=status or ""
    ).prefetch_related("links")
    items = [_out(request.user, a) for a in qs[:1000]]
    return {"count": len(items), "items": items}


@router.get("/activities/{activity_id}", response={200: ActivityOut, **ERRORS}, summary="One activity")
def get_activity(request: HttpRequest, activity_id: Int):
    activity = permissions.visible_to(request.user).filter(pk=activity_id).first()
    if activity is None:
        raise NotFound("Not found.")
    return _out(request.user, activity)


@router.post("/activities", response={201: ActivityOut, **ERRORS}, summary="Propose or record an activity")
def create_activity(request: HttpRequest, payload: ActivityIn):
    if not permissions.can_record(request.user):
        raise NotFound("Not found.")
    try:
        amount = Decimal(payload.amount) if payload.amount not in (None, "") else None
    except InvalidOperation as exc:
        raise InvalidInput("amount is not a number", code="assistance_amount") from exc
    is_state = payload.provider_kind == ProviderKind.STATE
    activity = services.record_activity(
        actor=request.user,
        data=services.ActivityInput(
            title=payload.title,
            provider_kind=payload.provider_kind,
            provider_state=_state(payload.provider, "provider") if is_state else None,
            provider_name="" if is_state else payload.provider[:200],
            beneficiary=_state(payload.beneficiary, "beneficiary"),
            status=payload.status,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            amount=amount,
            currency=payload.currency,
            funding_source=payload.funding_source[:200],
            source=payload.source[:300],
            reference=payload.reference,
            description=payload.description,
            needs=[(link.need, link.coverage) for link in payload.needs],
        ),
    )
    return Status(201, _out(request.user, activity))


@router.post(
    "/activities/{activity_id}/validate",
    response={200: ActivityOut, **ERRORS},
    summary="Validate (secretariat)",
)
def validate_activity(request: HttpRequest, activity_id: Int):
    activity = permissions.visible_to(request.user).filter(pk=activity_id).first()
    if activity is None or not permissions.can_validate(request.user, activity):
        raise NotFound("Not found.")
    return _out(request.user, services.validate_activity(actor=request.user, activity=activity))


@router.get(
    "/report",
    response={200: dict[str, Any], **ERRORS},
    summary="Needs met, partly met and unmet (docs/apps/assistance.md)",
)
def report(request: HttpRequest, cycle: Int | None = None, as_of: date | None = None):
    return selectors.report(
        cycle=cycle,
        as_of=as_of or timezone.localdate(),
        scope=permissions.review_scope(request.user),
        funding=permissions.sees_all_funding(request.user),
    )

"""Every change to the technical-assistance register: record (propose), edit, validate, import.

Each function is keyword-only, atomic, validates before it writes and records its audit event in the
same transaction. Who may do what is asked in `permissions.py`; a refusal is a `PermissionDenied`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from irm.accounts.roles import is_secretariat
from irm.assistance import permissions
from irm.assistance.models import Activity, ActivityNeed, ActivityStatus, Coverage, ProviderKind
from irm.core.audit import record_event
from irm.core.exceptions import Conflict, InvalidInput, PermissionDenied
from irm.findings.models import Finding, FindingType
from irm.parties.models import State

CURRENCY = re.compile(r"^[A-Z]{3}$")


@dataclass
class ActivityInput:
    """What a person (a form, the API, a file's row) says about an activity."""

    title: str
    provider_kind: str
    beneficiary: State
    provider_state: State | None = None
    provider_name: str = ""
    status: str = ActivityStatus.PLANNED
    starts_on: date | None = None
    ends_on: date | None = None
    amount: Decimal | None = None
    currency: str = ""
    funding_source: str = ""
    source: str = ""
    description: str = ""
    reference: str = ""
    #: (need id, coverage) pairs
    needs: Sequence[tuple[int, str]] = field(default_factory=list)


def _check_provider(data: ActivityInput) -> None:
    if data.provider_kind not in ProviderKind.values:
        raise InvalidInput(_("Choose the kind of provider."), code="assistance_provider")
    if data.provider_kind == ProviderKind.STATE:
        if data.provider_state is None:
            raise InvalidInput(_("Name the donor State."), code="assistance_provider")
        data.provider_name = ""
    else:
        if not data.provider_name:
            raise InvalidInput(_("Name the organization or programme."), code="assistance_provider")
        data.provider_state = None


def _check_dates_and_funding(data: ActivityInput) -> None:
    if data.status not in ActivityStatus.values:
        raise InvalidInput(_("Unknown status."), code="assistance_status")
    if data.starts_on and data.ends_on and data.ends_on < data.starts_on:
        raise InvalidInput(_("An activity cannot end before it starts."), code="assistance_dates")
    if data.status == ActivityStatus.DELIVERED and not (data.ends_on or data.starts_on):
        raise InvalidInput(_("Give the dates of a delivered activity."), code="assistance_dates")
    if data.amount is None:
        data.currency = ""
        return
    if data.amount < 0:
        raise InvalidInput(_("Funding cannot be negative."), code="assistance_amount")
    if not CURRENCY.match(data.currency):
        raise InvalidInput(
            _("Give the currency of the funding (ISO 4217, e.g. EUR)."), code="assistance_currency"
        )


def _check_needs(data: ActivityInput) -> list[tuple[Finding, str]]:
    coverage = {}
    for need_id, cover in data.needs:
        if cover not in Coverage.values:
            raise InvalidInput(_("Unknown coverage of a need."), code="assistance_not_a_need")
        coverage[int(need_id)] = cover
    found = {f.pk: f for f in Finding.objects.filter(pk__in=list(coverage)).select_related("review")}
    links = []
    for need_id, cover in coverage.items():
        need = found.get(need_id)
        if need is None or need.type != FindingType.TA_NEED:
            raise InvalidInput(
                _("Finding %(id)s is not a technical-assistance need.") % {"id": need_id},
                code="assistance_not_a_need",
            )
        if need.review.state_id != data.beneficiary.pk:
            raise InvalidInput(
                _("Need %(id)s is a need of another State than the beneficiary.") % {"id": need_id},
                code="assistance_need_of_other_state",
            )
        links.append((need, cover))
    return links


def check_input(data: ActivityInput, *, exclude: int | None = None) -> list[tuple[Finding, str]]:
    """Validate an input (normalising its texts); returns the needs it links, with their coverage."""
    data.title = data.title.strip()
    data.provider_name = data.provider_name.strip()
    data.currency = data.currency.strip().upper()
    data.reference = data.reference.strip()
    if not data.title:
        raise InvalidInput(_("Give the activity a title."), code="assistance_title")
    _check_provider(data)
    _check_dates_and_funding(data)
    if data.reference:
        taken = Activity.objects.filter(reference=data.reference)
        if exclude is not None:
            taken = taken.exclude(pk=exclude)
        if taken.exists():
            raise Conflict(_("An activity with this reference exists."), code="assistance_reference_taken")
    return _check_needs(data)


def _snapshot(activity: Activity) -> dict[str, Any]:
    return {
        "reference": activity.reference,
        "title": activity.title,
        "provider_kind": activity.provider_kind,
        "provider": activity.provider_state.iso3 if activity.provider_state else activity.provider_name,
        "beneficiary": activity.beneficiary.iso3,
        "status": activity.status,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "amount": str(activity.amount) if activity.amount is not None else None,
        "currency": activity.currency,
        "funding_source": activity.funding_source,
        "source": activity.source,
        "needs": sorted([n, c] for n, c in activity.links.values_list("need_id", "coverage")),
        "validated": activity.is_validated,
    }


def _apply(activity: Activity, data: ActivityInput) -> None:
    for name in (
        "reference",
        "title",
        "description",
        "provider_kind",
        "provider_state",
        "provider_name",
        "beneficiary",
        "status",
        "starts_on",
        "ends_on",
        "amount",
        "currency",
        "funding_source",
        "source",
    ):
        setattr(activity, name, getattr(data, name))


def _link(activity: Activity, links: list[tuple[Finding, str]]) -> None:
    ActivityNeed.objects.filter(activity=activity).delete()
    ActivityNeed.objects.bulk_create(ActivityNeed(activity=activity, need=n, coverage=c) for n, c in links)


def _may_record(actor: Any, data: ActivityInput) -> None:
    if not permissions.can_record_activity(
        actor,
        beneficiary=data.beneficiary,
        kind=data.provider_kind,
        state=data.provider_state,
        name=data.provider_name,
    ):
        raise PermissionDenied(
            _("You may propose entries for your State or record the assistance you provide.")
        )


@transaction.atomic
def record_activity(*, actor: Any, data: ActivityInput) -> Activity:
    """A focal point proposes, a donor records, the secretariat enters an activity (not yet validated)."""
    links = check_input(data)
    _may_record(actor, data)
    activity = Activity(proposed_by=actor if getattr(actor, "is_authenticated", False) else None)
    _apply(activity, data)
    activity.save()
    _link(activity, links)
    record_event(actor=actor, action="assistance.activity_recorded", obj=activity, after=_snapshot(activity))
    return activity


@transaction.atomic
def update_activity(*, actor: Any, activity: Activity, data: ActivityInput, version: int) -> Activity:
    """Change an activity. A change by anyone but the secretariat needs validating again."""
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not permissions.can_edit(actor, activity):
        raise PermissionDenied(_("You may not change this activity."))
    if activity.version != version:
        raise Conflict(_("This activity was changed meanwhile; reload it."), code="stale")
    links = check_input(data, exclude=activity.pk)
    _may_record(actor, data)
    before = _snapshot(activity)
    _apply(activity, data)
    activity.version += 1
    if not is_secretariat(actor):
        activity.validated_at = None
        activity.validated_by = None
    activity.save()
    _link(activity, links)
    record_event(
        actor=actor,
        action="assistance.activity_updated",
        obj=activity,
        before=before,
        after=_snapshot(activity),
    )
    return activity


@transaction.atomic
def validate_activity(*, actor: Any, activity: Activity) -> Activity:
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not permissions.can_validate(actor, activity):
        raise PermissionDenied(_("Only the secretariat validates activities."))
    if activity.is_validated:
        raise Conflict(_("This activity is already validated."), code="already_decided")
    activity.validated_at = timezone.now()
    activity.validated_by = actor
    activity.save(update_fields=["validated_at", "validated_by", "updated_at"])
    record_event(actor=actor, action="assistance.activity_validated", obj=activity)
    return activity


@transaction.atomic
def save_imported(*, actor: Any, rows: list[ActivityInput], filename: str) -> list[Activity]:
    """Create the activities of an imported file (already checked row by row), validated: the secretariat
    imports its own records. All or nothing."""
    if not permissions.can_import(actor):
        raise PermissionDenied(_("Only the secretariat imports activities."))
    now = timezone.now()
    created = []
    for data in rows:
        links = check_input(data)
        activity = Activity(proposed_by=actor, validated_at=now, validated_by=actor)
        _apply(activity, data)
        activity.save()
        _link(activity, links)
        created.append(activity)
    record_event(
        actor=actor,
        action="assistance.activities_imported",
        object_type="assistance.activity",
        object_id=filename[:100],
        after={
            "file": filename,
            "activities": len(created),
            "references": [a.reference for a in created][:200],
        },
    )
    return created

"""Who sees and writes what of the technical-assistance register (issue 20 §5, §9).

- The secretariat sees every activity, validates them, imports files and edits anything.
- A focal point sees the activities of which its State is the beneficiary (proposed or validated) and
  proposes entries for its State; a national contributor sees them.
- A donor (a DONOR membership of a State or of an organization) sees and records the activities it
  provides, for any beneficiary.
- Every other signed-in user sees the validated activities (provider, beneficiary, dates, status).
- Funding (amount, currency, source of funding) is confidential: shown only to the secretariat, the
  beneficiary's focal point and the provider. A proposal that is not validated is seen only by the
  secretariat and the two sides.
- The public sees no activity; the reports page (aggregates: needs met, partly met, unmet) is public,
  counted from published executive summaries and validated activities only, and shows no funding.

A change by anyone but the secretariat sends a validated activity back for validation.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from irm.accounts.models import Membership, Role
from irm.accounts.roles import is_public, is_secretariat, roles_of, state_ids
from irm.assistance.models import Activity, ProviderKind
from irm.findings import permissions as findings_permissions
from irm.findings.models import Finding, FindingType
from irm.parties.models import State
from irm.reviews import permissions as review_permissions
from irm.reviews.models import Review


def _donor_organizations(user: Any) -> set[str]:
    if is_public(user) or Role.DONOR not in roles_of(user):
        return set()
    return set(
        Membership.objects.filter(user=user, role=Role.DONOR, state__isnull=True)
        .exclude(organization="")
        .values_list("organization", flat=True)
    )


def provided_by_q(user: Any) -> Q:
    """The activities the user provides, as a donor of a State or of an organization."""
    states = state_ids(user, Role.DONOR)
    organizations = _donor_organizations(user)
    q = Q(pk__in=[])
    if states:
        q |= Q(provider_kind=ProviderKind.STATE, provider_state_id__in=states)
    if organizations:
        q |= Q(
            provider_kind__in=[ProviderKind.ORGANIZATION, ProviderKind.UNODC], provider_name__in=organizations
        )
    return q


def _sides_q(user: Any) -> Q:
    """The activities the user is a side of: as the beneficiary's focal point or contributor, or as provider."""
    return Q(beneficiary_id__in=state_ids(user, Role.FOCAL_POINT, Role.CONTRIBUTOR)) | provided_by_q(user)


def visible_to(user: Any) -> QuerySet[Activity]:
    if is_public(user):
        return Activity.objects.none()
    if is_secretariat(user):
        return Activity.objects.all()
    if not roles_of(user):
        return Activity.objects.none()
    return Activity.objects.filter(Q(validated_at__isnull=False) | _sides_q(user))


def can_view_register(user: Any) -> bool:
    return not is_public(user) and (is_secretariat(user) or bool(roles_of(user)))


def can_view_funding(user: Any, activity: Activity) -> bool:
    if is_public(user):
        return False
    if is_secretariat(user) or activity.beneficiary_id in state_ids(user, Role.FOCAL_POINT):
        return True
    return Activity.objects.filter(provided_by_q(user), pk=activity.pk).exists()


def can_view_reports(user: Any) -> bool:
    """The aggregate report is public (computed within `review_scope`)."""
    return True


def sees_all_funding(user: Any) -> bool:
    """Whether funding totals by provider may appear in the report."""
    return is_secretariat(user)


def review_scope(user: Any) -> QuerySet[Review] | None:
    """The reviews whose needs the user's report counts; None: all (the secretariat)."""
    if is_secretariat(user):
        return None
    return review_permissions.summaries_visible_to(user)


def can_propose_for(user: Any, beneficiary: State) -> bool:
    """A focal point proposes entries for its own State."""
    return is_secretariat(user) or beneficiary.pk in state_ids(user, Role.FOCAL_POINT)


def can_provide_as(user: Any, kind: str, state: State | None, name: str) -> bool:
    """A donor records activities it provides itself."""
    if is_secretariat(user):
        return True
    if kind == ProviderKind.STATE:
        return state is not None and state.pk in state_ids(user, Role.DONOR)
    return bool(name) and name in _donor_organizations(user)


def can_record(user: Any) -> bool:
    """Whether the user may open the form at all."""
    return is_secretariat(user) or bool(
        state_ids(user, Role.FOCAL_POINT, Role.DONOR) or _donor_organizations(user)
    )


def can_record_activity(user: Any, *, beneficiary: State, kind: str, state: State | None, name: str) -> bool:
    return can_propose_for(user, beneficiary) or can_provide_as(user, kind, state, name)


def can_edit(user: Any, activity: Activity) -> bool:
    if is_public(user):
        return False
    if is_secretariat(user):
        return True
    if activity.beneficiary_id in state_ids(user, Role.FOCAL_POINT):
        return True
    return Activity.objects.filter(provided_by_q(user), pk=activity.pk).exists()


def can_validate(user: Any, activity: Activity | None = None) -> bool:
    return is_secretariat(user)


def can_import(user: Any) -> bool:
    return is_secretariat(user)


def needs_visible_to(user: Any) -> QuerySet[Finding]:
    """TA needs whose text the user may read (the findings app's rule)."""
    return findings_permissions.visible_to(user).filter(type=FindingType.TA_NEED)
